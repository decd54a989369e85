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
use cogov::compare::{self, KEY_METRICS, OVERVIEW_METRICS, Trajectories};
use cogov::export::{self, Manifest, ManifestScenario};
use cogov::i18n::{self, Lang};
use cogov::plot::{self, Chart, Series};
use cogov::report::{self, ReportFigure, ReportInput, ReportScenario};
use cogov::run::Job;
use cogov::scenario::{self, Scenario, ScenarioError};

/// What a comparison runs: its files, scenarios, names and jobs.
struct Plan {
    files: Vec<PathBuf>,
    scenarios: Vec<Scenario>,
    names: Vec<String>,
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

/// A key metric's chart file in `plots/`.
fn chart_file(metric: &str, ext: &str) -> String {
    format!("{PLOTS}{metric}.{ext}")
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
    let files = scenario_files(&args.files, args.baseline.as_deref())?;
    let scenarios = load_all(&files)?;
    let master_seed = args.seed.unwrap_or(scenarios[0].run.seed);
    let names = unique_names(&files);
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
        names,
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
/// signal arrives while they are drawn.
fn products(
    args: &CompareArgs,
    plan: &Plan,
    kept: &stream::Kept,
    started: &chrono::DateTime<chrono::Local>,
    signals: &Signals,
) -> Result<Vec<(String, Vec<u8>)>> {
    let lang: Lang = args.lang.into();
    let trajectories: Vec<(String, Trajectories)> = plan
        .jobs
        .iter()
        .zip(kept)
        .map(|(j, reps)| (j.name.clone(), Trajectories::new(reps)))
        .collect();
    let mut files = Vec::new();
    // Summary against the baseline (the first scenario).
    let summary = compare::summarise(&trajectories, 0, &KEY_METRICS, plan.window);
    files.push((SUMMARY.to_string(), compare::summary_csv(&summary)));
    let labels: Vec<String> = plan
        .scenarios
        .iter()
        .zip(&plan.names)
        .map(|(s, n)| title(s, n, lang))
        .collect();
    let chart = |metric: &str| chart_of(metric, &trajectories, &labels, lang);
    let mut figures = Vec::new();
    for metric in KEY_METRICS {
        if signals.received().is_some() {
            return Ok(Vec::new());
        }
        let c = chart(metric);
        let png = plot::chart_png(&c)?;
        files.push((chart_file(metric, "svg"), plot::chart_svg(&c)?.into_bytes()));
        files.push((chart_file(metric, "png"), png.clone()));
        figures.push(ReportFigure {
            metric: metric.to_string(),
            png,
            svg_file: chart_file(metric, "svg"),
        });
    }
    let overview: Vec<Chart> = OVERVIEW_METRICS.iter().map(|m| chart(m)).collect();
    let overview_title = i18n::text("overview_title", lang);
    let overview_png = plot::overview_png(&overview_title, &overview)?;
    files.push((OVERVIEW_PNG.into(), overview_png.clone()));
    let svg = plot::overview_svg(&overview_title, &overview)?;
    files.push((OVERVIEW_SVG.into(), svg.into_bytes()));
    let input = report_input(args, plan, started, overview_png, figures, summary);
    files.push((REPORT.into(), report::report_html(&input)?.into_bytes()));
    Ok(files)
}

/// One metric's chart: mean line and 95% band per scenario.
fn chart_of(
    metric: &str,
    trajectories: &[(String, Trajectories)],
    labels: &[String],
    lang: Lang,
) -> Chart {
    let series = trajectories
        .iter()
        .zip(labels)
        .map(|((_, t), label)| {
            let b = compare::band(&t.series(metric).unwrap_or_default());
            Series {
                label: label.clone(),
                ticks: (0..b.mean.len() as u32).collect(),
                mean: b.mean,
                lower: b.low,
                upper: b.high,
            }
        })
        .collect();
    Chart {
        title: i18n::metric_label(metric, lang),
        y_label: i18n::metric_unit(metric, lang),
        x_label: i18n::text("week", lang),
        series,
        y_range: None,
    }
}

fn report_input(
    args: &CompareArgs,
    plan: &Plan,
    started: &chrono::DateTime<chrono::Local>,
    overview_png: Vec<u8>,
    figures: Vec<ReportFigure>,
    summary: Vec<compare::SummaryRow>,
) -> ReportInput {
    let lang: Lang = args.lang.into();
    ReportInput {
        lang,
        generated: started.format("%Y-%m-%d %H:%M").to_string(),
        cogov_version: env!("CARGO_PKG_VERSION").into(),
        replicates: args.replicates,
        master_seed: plan.master_seed,
        ticks: plan.ticks,
        window: plan.window,
        scenarios: plan
            .scenarios
            .iter()
            .zip(&plan.names)
            .enumerate()
            .map(|(i, (s, name))| ReportScenario {
                name: name.clone(),
                title: title(s, name, lang),
                description: description(s, lang),
                is_baseline: i == 0,
                changes: compare::parameter_changes(&plan.scenarios[0], s),
            })
            .collect(),
        overview_png,
        figures,
        summary,
    }
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

/// The scenario files to compare, baseline first.
///
/// With no files: every `*.toml` in `scenarios/`, in the order of
/// `scenarios/classroom.list` where it exists, with the baseline first (`--baseline`, else
/// the list's first file, else `scenarios/baseline.toml`). With files: the first is the baseline unless `--baseline` names
/// another, which is then put first.
fn scenario_files(files: &[PathBuf], baseline: Option<&Path>) -> Result<Vec<PathBuf>> {
    let mut list: Vec<PathBuf> = if files.is_empty() {
        let dir = Path::new("scenarios");
        let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
            .with_context(|| {
                format!(
                    "no scenario files given and cannot read the folder {}; run from the \
                     project folder or name the files to compare",
                    dir.display()
                )
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        found.sort();
        let listed = apply_listed_order(&mut found, &dir.join("classroom.list"))?;
        // The baseline: --baseline, else the first file of classroom.list, else
        // scenarios/baseline.toml.
        let base = match baseline {
            Some(b) => b.to_path_buf(),
            None if listed => found[0].clone(),
            None => dir.join("baseline.toml"),
        };
        if let Some(i) = found.iter().position(|p| same_file(p, &base)) {
            let b = found.remove(i);
            found.insert(0, b);
        } else if baseline.is_some() {
            found.insert(0, base);
        } else {
            bail!(
                "no baseline: {} does not exist; name one with --baseline FILE",
                base.display()
            );
        }
        found
    } else {
        files.to_vec()
    };
    if !files.is_empty()
        && let Some(base) = baseline
    {
        list.retain(|p| !same_file(p, base));
        list.insert(0, base.to_path_buf());
    }
    if list.is_empty() {
        bail!("nothing to compare: no scenario files");
    }
    Ok(list)
}

/// Put the files named in `list` (one file name per line, `#` comments) first, in its
/// order; the others keep their order after them. Returns whether a list named any
/// file; a missing list changes nothing.
fn apply_listed_order(files: &mut Vec<PathBuf>, list: &Path) -> Result<bool> {
    let Ok(text) = std::fs::read_to_string(list) else {
        return Ok(false);
    };
    let mut ordered = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let name = line.split('#').next().unwrap_or("").trim();
        if name.is_empty() {
            continue;
        }
        match files
            .iter()
            .position(|f| f.file_name().is_some_and(|x| x == name))
        {
            Some(i) => ordered.push(files.remove(i)),
            None => bail!(
                "{}:{}: `{name}` is not a scenario file in {}; list only files that exist",
                list.display(),
                n + 1,
                list.parent().unwrap_or(Path::new(".")).display()
            ),
        }
    }
    let any = !ordered.is_empty();
    ordered.append(files);
    *files = ordered;
    Ok(any)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Load every file, reporting the problems of all of them at once.
fn load_all(files: &[PathBuf]) -> Result<Vec<Scenario>> {
    let mut out = Vec::new();
    let mut errors: Vec<ScenarioError> = Vec::new();
    for f in files {
        match scenario::load_file(f) {
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
fn unique_names(files: &[PathBuf]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for f in files {
        let stem = output::stem(f);
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

fn title(s: &Scenario, name: &str, lang: Lang) -> String {
    let t = match lang {
        Lang::Zh if !s.title.zh.is_empty() => &s.title.zh,
        _ => &s.title.en,
    };
    if t.is_empty() {
        name.to_string()
    } else {
        t.clone()
    }
}

fn description(s: &Scenario, lang: Lang) -> String {
    match lang {
        Lang::Zh if !s.description.zh.is_empty() => s.description.zh.clone(),
        _ => s.description.en.clone(),
    }
}
