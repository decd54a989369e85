//! `cogov compare [FILE...]`: the classroom comparison. Runs every scenario with the
//! same seeds, then writes all trajectories, a summary against the baseline, one chart
//! per key metric (SVG and PNG), an overview figure and a self-contained HTML report, in
//! the language asked for.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use super::guard::{self, Signals};
use super::stream::{self, Keep};
use super::{BadInput, say};
use crate::cli::CompareArgs;
use crate::output;
use cogov::compare::{self, KEY_METRICS, Trajectories};
use cogov::comparison::{self, Compared, RunFacts};
use cogov::export::{self, Manifest, ManifestScenario};
use cogov::i18n::Lang;
use cogov::library;
use cogov::run::Job;
use cogov::scenario::{self, Scenario, ScenarioError};

/// What a comparison runs: its files (as messages name them), scenarios and jobs.
struct Plan {
    files: Vec<PathBuf>,
    scenarios: Vec<Scenario>,
    jobs: Vec<Job>,
    master_seed: u64,
    ticks: u32,
    window: compare::Window,
}

pub fn run(args: &CompareArgs) -> Result<()> {
    let plan = plan(args)?;
    guard_memory(args, &plan)?;
    let signals = Signals::catch()?;
    let (pool, threads) = stream::pool(args.common.threads)?;
    let (dir, _lock) = output::prepare(
        args.common.out.as_deref(),
        "compare",
        args.common.force,
        &outputs(),
    )?;
    let finish = || -> Result<()> {
        let started = chrono::Local::now();
        let clock = Instant::now();
        let streamed = pool
            .install(|| stream::run_and_write(&dir, &plan.jobs, Keep::All, args.quiet, &signals))?;
        let files = match signals.received().or(streamed.interrupted) {
            None => products(args, &plan, &streamed.kept, &started, &signals)?,
            Some(_) => Vec::new(),
        };
        // A signal during the charts and report stops the comparison before its last steps.
        if let Some(signal) = signals.received().or(streamed.interrupted) {
            let m = manifest(&plan, args, threads, &started, &clock, false);
            let manifest = export::manifest_json(&m);
            output::write_atomic(&dir.join(output::MANIFEST), &manifest)?;
            let total = plan.jobs.len() as u64 * u64::from(args.replicates);
            let stop = match streamed.interrupted {
                Some(_) => stream::interrupted(&dir, signal, streamed.written, total)?,
                None => {
                    stream::interrupted_late(&dir, signal, total, "the summary, charts and report")?
                }
            };
            return Err(stop.into());
        }
        write_products(&dir, &files)?;
        let m = manifest(&plan, args, threads, &started, &clock, true);
        output::write_atomic(&dir.join(output::MANIFEST), &export::manifest_json(&m))?;
        output::mark_complete(&dir)?;
        print_finals(args, &plan, &streamed.kept)?;
        say(&format!("{}\n", dir.join(REPORT).display()))
    };
    finish().map_err(stream::unfinished(&dir))
}

const SUMMARY: &str = "summary.csv";
const REPORT: &str = "report.html";
const PLOTS: &str = "plots/";
const OVERVIEW_PNG: &str = "overview.png";
const OVERVIEW_SVG: &str = "overview.svg";

/// A key metric's chart file in `plots/` (the path the report links).
fn chart_file(metric: &str, ext: &str) -> String {
    let name = comparison::chart_file(metric, ext);
    debug_assert!(name.starts_with(PLOTS));
    name
}

/// The files `cogov compare` writes in its folder, the one list `--force` may later
/// remove; [`products`] names its files from the same constants, and a test checks the
/// two agree.
fn outputs() -> Vec<String> {
    let mut names: Vec<String> = vec![stream::TRAJECTORIES.into(), SUMMARY.into(), PLOTS.into()];
    for metric in KEY_METRICS {
        names.push(chart_file(metric, "svg"));
        names.push(chart_file(metric, "png"));
    }
    for n in [OVERVIEW_PNG, OVERVIEW_SVG, REPORT, output::MANIFEST] {
        names.push(n.into());
    }
    names
}

/// Load the scenarios and check they can be compared.
fn plan(args: &CompareArgs) -> Result<Plan> {
    let sources = scenario_files(&args.files, args.baseline.as_deref())?;
    let scenarios = load_all(&sources)?;
    let master_seed = args.seed.unwrap_or(scenarios[0].run.seed);
    let names = unique_names(&sources);
    let files: Vec<PathBuf> = sources.iter().map(Source::shown).collect();
    let jobs: Vec<Job> = scenarios
        .iter()
        .zip(&names)
        .map(|(s, name)| Job {
            name: name.clone(),
            scenario: s.clone(),
            master_seed,
            replicates: args.replicates,
        })
        .collect();
    let ticks = jobs.iter().map(|j| j.scenario.run.ticks).max().unwrap_or(0);
    if jobs.iter().any(|j| j.scenario.run.ticks != ticks) {
        return Err(BadInput(format!(
            "the scenarios simulate different numbers of weeks ({}); a comparison needs the same \
             run.ticks in every file",
            jobs.iter()
                .map(|j| format!("{} = {}", j.name, j.scenario.run.ticks))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .into());
    }
    let window = compare::Window::for_run(args.window, ticks)
        .map_err(|e| BadInput(format!("--window: {e}")))?;
    Ok(Plan {
        files,
        scenarios,
        jobs,
        master_seed,
        ticks,
        window,
    })
}

/// Refuse a comparison larger than the machine's memory.
fn guard_memory(args: &CompareArgs, plan: &Plan) -> Result<()> {
    let runs: Vec<(&Path, &Scenario, u32)> = plan
        .files
        .iter()
        .zip(&plan.scenarios)
        .map(|(f, s)| (f.as_path(), s, args.replicates))
        .collect();
    // Every tick of every replicate is kept for the bands and plots.
    let kept_bytes = (plan.jobs.len() as u64)
        .saturating_mul(u64::from(args.replicates))
        .saturating_mul(u64::from(plan.ticks) + 1)
        .saturating_mul(std::mem::size_of::<cogov::metrics::TickMetrics>() as u64);
    guard::check_memory(
        &runs,
        stream::thread_count(args.common.threads) as u64,
        kept_bytes,
        args.common.allow_large,
    )
}

/// The summary, charts, overview and report, as (name in the folder, bytes); empty if a
/// signal arrives while they are drawn. Made by `cogov::comparison`, as a live session's.
fn products(
    args: &CompareArgs,
    plan: &Plan,
    kept: &stream::Kept,
    started: &chrono::DateTime<chrono::Local>,
    signals: &Signals,
) -> Result<Vec<(String, Vec<u8>)>> {
    let lang: Lang = args.lang.into();
    let compared: Vec<Compared> = plan
        .jobs
        .iter()
        .zip(kept)
        .zip(&plan.scenarios)
        .map(|((j, reps), s)| Compared {
            name: j.name.clone(),
            title: comparison::title(s, &j.name, lang),
            description: comparison::description(s, lang),
            scenario: s,
            trajectories: Trajectories::new(reps),
        })
        .collect();
    let facts = RunFacts {
        lang,
        generated: started.format("%Y-%m-%d %H:%M").to_string(),
        replicates: args.replicates,
        master_seed: plan.master_seed,
        ticks: plan.ticks,
        window: plan.window,
    };
    let Some(p) = comparison::products(&compared, &facts, &|| signals.received().is_some())? else {
        return Ok(Vec::new());
    };
    let mut files = vec![(SUMMARY.to_string(), compare::summary_csv(&p.summary))];
    for c in p.charts {
        files.push((chart_file(c.metric, "svg"), c.svg.into_bytes()));
        files.push((chart_file(c.metric, "png"), c.png));
    }
    files.push((OVERVIEW_PNG.into(), p.overview_png));
    files.push((OVERVIEW_SVG.into(), p.overview_svg.into_bytes()));
    files.push((REPORT.into(), p.report_html.into_bytes()));
    Ok(files)
}

/// Write the products, each atomically, refusing a name the folder was not claimed for.
fn write_products(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    let claimed = outputs();
    for (name, bytes) in files {
        if !claimed.contains(name) {
            bail!("internal error: {name} is not one of the outputs of cogov compare");
        }
        if let Some(folder) = name.rsplit_once('/').map(|(d, _)| dir.join(d)) {
            std::fs::create_dir_all(&folder)
                .with_context(|| format!("cannot create {}", folder.display()))?;
        }
        output::write_atomic(&dir.join(name), bytes)?;
    }
    Ok(())
}

fn print_finals(args: &CompareArgs, plan: &Plan, kept: &stream::Kept) -> Result<()> {
    if args.quiet {
        return Ok(());
    }
    let finals: Vec<_> = plan
        .jobs
        .iter()
        .zip(kept)
        .map(|(j, reps)| {
            (
                j.name.clone(),
                reps.iter().filter_map(|t| t.last().cloned()).collect(),
            )
        })
        .collect();
    say(&format!(
        "Final week ({}), mean over {} replicates:\n{}\n",
        plan.ticks,
        args.replicates,
        export::final_means_table(&finals)
    ))
}

fn manifest(
    plan: &Plan,
    args: &CompareArgs,
    threads: usize,
    started: &chrono::DateTime<chrono::Local>,
    clock: &Instant,
    complete: bool,
) -> Manifest {
    Manifest {
        cogov_version: env!("CARGO_PKG_VERSION").into(),
        command: std::env::args().collect(),
        scenarios: plan
            .jobs
            .iter()
            .zip(&plan.files)
            .map(|(j, f)| ManifestScenario {
                name: j.name.clone(),
                file: f.display().to_string(),
                hash: j.scenario.hash_hex(),
                resolved: j.scenario.clone(),
            })
            .collect(),
        master_seed: plan.master_seed,
        replicates: args.replicates,
        seed_rule: "replicate r of every scenario runs with seed master_seed + r".into(),
        threads,
        started: started.to_rfc3339(),
        wall_seconds: clock.elapsed().as_secs_f64(),
        complete,
    }
}

/// Where a compared scenario comes from: a file the user named, or the built-in library.
enum Source {
    Disk(PathBuf),
    BuiltIn(&'static str),
}

impl Source {
    /// The name messages and the manifest give it.
    fn shown(&self) -> PathBuf {
        match self {
            Source::Disk(p) => p.clone(),
            Source::BuiltIn(f) => library::shown(f),
        }
    }

    /// Its `scenario` column name before it is made unique: the file's stem.
    fn stem(&self) -> String {
        match self {
            Source::Disk(p) => output::stem(p),
            Source::BuiltIn(f) => library::name_of(f).to_string(),
        }
    }

    fn load(&self) -> Result<Scenario, ScenarioError> {
        match self {
            Source::Disk(p) => scenario::load_file(p),
            Source::BuiltIn(f) => library::load(f),
        }
    }
}

/// The scenarios to compare, baseline first.
///
/// With no files: the built-in library, in the order of its `classroom.list` (whose first
/// file is the baseline); `--baseline` puts a file on disk first (in place of the built-in
/// scenario of the same file name), or else names the built-in scenario to put first. With
/// files: the first is the baseline unless `--baseline` names another, which is then put
/// first.
fn scenario_files(files: &[PathBuf], baseline: Option<&Path>) -> Result<Vec<Source>> {
    if !files.is_empty() {
        let mut list: Vec<PathBuf> = files.to_vec();
        if let Some(base) = baseline {
            list.retain(|p| !same_file(p, base));
            list.insert(0, base.to_path_buf());
        }
        return Ok(list.into_iter().map(Source::Disk).collect());
    }
    let mut list: Vec<Source> = library::order().into_iter().map(Source::BuiltIn).collect();
    let Some(base) = baseline else {
        return Ok(list);
    };
    let file_name = base.file_name().map(|n| n.to_string_lossy().into_owned());
    let built_in = |f: &str| file_name.as_deref() == Some(f);
    if base.is_file() {
        list.retain(|s| !matches!(s, Source::BuiltIn(f) if built_in(f)));
        list.insert(0, Source::Disk(base.to_path_buf()));
    } else if let Some(f) = library::file_of(&base.to_string_lossy()) {
        list.retain(|s| !matches!(s, Source::BuiltIn(b) if *b == f));
        list.insert(0, Source::BuiltIn(f));
    } else {
        bail!(BadInput(format!(
            "--baseline {}: there is no such file, nor a built-in scenario of that name (built \
             in: {})",
            base.display(),
            library::order().join(", ")
        )));
    }
    Ok(list)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Load every scenario, reporting the problems of all of them at once.
fn load_all(sources: &[Source]) -> Result<Vec<Scenario>> {
    let mut out = Vec::new();
    let mut errors: Vec<ScenarioError> = Vec::new();
    for source in sources {
        match source.load() {
            Ok(s) => out.push(s),
            Err(e) => errors.push(e),
        }
    }
    match errors.len() {
        0 => Ok(out),
        1 => Err(errors.remove(0).into()),
        _ => Err(ScenarioError::combine(errors).into()),
    }
}

/// Names for the `scenario` column: file stems, made unique.
fn unique_names(sources: &[Source]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for source in sources {
        let stem = source.stem();
        let mut name = stem.clone();
        let mut k = 2;
        while names.contains(&name) {
            name = format!("{stem}_{k}");
            k += 1;
        }
        names.push(name);
    }
    names
}
