//! The quick benchmark CI runs on every change (`scripts/bench-ci.sh`, called by `.ci/run`
//! after the tests): the threshold cascade, a full-model tick and sweep throughput, each
//! against the bare CSR kernel measured in the same process, interleaved round by round.
//! Its figures are ratios (cogov time / kernel time, smaller is better), written as
//! github-action-benchmark `customSmallerIsBetter` JSON and compared with the accepted
//! ratios committed in `benches/ci-baseline.json`; it fails only when a ratio is worse
//! than its baseline by more than the threshold (30% by default; the README's
//! "Benchmarks in CI" shows the run-to-run spread this was set from).
//!
//!   scripts/bench-ci.sh               # measure, write target/bench-ci/current.json, compare
//!   scripts/bench-ci.sh --update      # accept this run's figures as the new baseline
//!   scripts/bench-ci.sh --compare F   # compare a figures file with the baseline, no timing

#[path = "../common/mod.rs"]
mod common;
mod compare;
mod measure;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Parser;

use compare::{Figure, compare, load_figures, to_json};
use measure::Plan;

#[derive(Parser, Debug)]
#[command(
    name = "bench-ci",
    about = "cogov's quick CI benchmark: ratios to a bare kernel, compared with a baseline"
)]
struct Args {
    /// Accept this run's figures: write them to the baseline file (commit it).
    #[arg(long)]
    update: bool,
    /// Fail when a figure is worse than its baseline by more than this fraction.
    #[arg(long, default_value_t = 0.30, allow_negative_numbers = true)]
    threshold: f64,
    /// Measured rounds per figure (after one warm-up round).
    #[arg(long, default_value_t = 31)]
    rounds: u32,
    /// Threads of the pool everything runs on (the baseline was measured with 2).
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// Where to write this run's figures.
    #[arg(long)]
    out: Option<PathBuf>,
    /// The accepted figures to compare with.
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Compare this figures file with the baseline instead of measuring.
    #[arg(long, value_name = "FILE")]
    compare: Option<PathBuf>,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// One measurement: a label and the function that measures it.
type Measurement = (&'static str, fn(Plan) -> Figure);

fn measure_all(plan: Plan) -> anyhow::Result<Vec<Figure>> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(plan.threads)
        .build()
        .context("building the thread pool")?;
    let steps: [Measurement; 3] = [
        ("threshold cascade", measure::cascade),
        ("full-model tick", measure::full_tick),
        ("sweep throughput", measure::sweep),
    ];
    let mut figures = Vec::new();
    for (label, step) in steps {
        let t = Instant::now();
        let f = pool.install(|| step(plan));
        eprintln!(
            "bench-ci: {label}: {} = {} {} ({:.1} s)\n          {}",
            f.name,
            f.value,
            f.range.as_deref().unwrap_or(""),
            t.elapsed().as_secs_f64(),
            f.extra.as_deref().unwrap_or("")
        );
        figures.push(f);
    }
    Ok(figures)
}

fn write(path: &Path, figures: &[Figure]) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    // Write beside, then rename: never a half-written file.
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, to_json(figures)).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !(args.threshold > 0.0 && args.threshold < 10.0) {
        bail!(
            "--threshold {}: must be a fraction above 0 (0.30 = fail when 30% worse)",
            args.threshold
        );
    }
    if args.rounds < 3 || args.threads == 0 {
        bail!("--rounds must be at least 3 and --threads at least 1");
    }
    let baseline_path = args
        .baseline
        .unwrap_or_else(|| root().join("benches/ci-baseline.json"));
    let current = match &args.compare {
        Some(file) => {
            load_figures(file)?.with_context(|| format!("{}: no such file", file.display()))?
        }
        None => {
            let t = Instant::now();
            let figures = measure_all(Plan {
                rounds: args.rounds,
                threads: args.threads,
            })?;
            let out = args
                .out
                .unwrap_or_else(|| root().join("target/bench-ci/current.json"));
            write(&out, &figures)?;
            eprintln!(
                "bench-ci: measured in {:.1} s; figures written to {}",
                t.elapsed().as_secs_f64(),
                out.display()
            );
            figures
        }
    };
    if args.update {
        write(&baseline_path, &current)?;
        println!(
            "bench-ci: baseline {} updated with this run's {} figures (commit it)",
            baseline_path.display(),
            current.len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let Some(baseline) = load_figures(&baseline_path)? else {
        let release = if measure::BUILD.is_empty() {
            ""
        } else {
            " --release"
        };
        println!(
            "bench-ci: no baseline at {}: nothing to compare with (accept this run with \
             `scripts/bench-ci.sh{release} --update`)",
            baseline_path.display()
        );
        return Ok(ExitCode::SUCCESS);
    };
    let comparison = compare(&current, &baseline, args.threshold);
    print!("{}", comparison.render());
    Ok(if comparison.regressed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("bench-ci: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
