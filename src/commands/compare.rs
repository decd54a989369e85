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

pub fn run(args: &CompareArgs) -> Result<()> {
    let lang: Lang = args.lang.into();
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
    let runs: Vec<(&Path, &Scenario, u32)> = files
        .iter()
        .zip(&scenarios)
        .map(|(f, s)| (f.as_path(), s, args.replicates))
        .collect();
    // Every tick of every replicate is kept for the bands and plots.
    let kept_bytes = (jobs.len() as u64)
        .saturating_mul(u64::from(args.replicates))
        .saturating_mul(u64::from(ticks) + 1)
        .saturating_mul(std::mem::size_of::<cogov::metrics::TickMetrics>() as u64);
    guard::check_memory(
        &runs,
        stream::thread_count(args.threads) as u64,
        kept_bytes,
        args.allow_large,
    )?;
    let signals = Signals::catch()?;

    let (pool, threads) = stream::pool(args.threads)?;
    let dir = output::prepare(args.out.as_deref(), "compare", args.force)?;
    let finish = || -> Result<()> {
        let started = chrono::Local::now();
        let clock = Instant::now();
        let streamed =
            pool.install(|| stream::run_and_write(&dir, &jobs, Keep::All, args.quiet, &signals))?;
        if let Some(signal) = streamed.interrupted {
            let manifest = manifest(
                &jobs,
                &files,
                args,
                master_seed,
                threads,
                &started,
                &clock,
                false,
            );
            output::write_atomic(
                &dir.join("manifest.json"),
                &export::manifest_json(&manifest),
            )?;
            let total = jobs.len() as u64 * u64::from(args.replicates);
            return Err(stream::interrupted(&dir, signal, streamed.written, total)?.into());
        }
        let kept = streamed.kept;
        let trajectories: Vec<(String, Trajectories)> = jobs
            .iter()
            .zip(&kept)
            .map(|(j, reps)| (j.name.clone(), Trajectories::new(reps)))
            .collect();

        // Summary against the baseline (the first scenario).
        let summary = compare::summarise(&trajectories, 0, &KEY_METRICS);
        output::write_atomic(&dir.join("summary.csv"), &compare::summary_csv(&summary))?;

        // Charts: one per key metric, and the overview.
        let labels: Vec<String> = scenarios
            .iter()
            .zip(&names)
            .map(|(s, n)| title(s, n, lang))
            .collect();
        let chart = |metric: &str| -> Chart {
            let series = trajectories
                .iter()
                .zip(&labels)
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
        };
        let plots = dir.join("plots");
        std::fs::create_dir_all(&plots)
            .with_context(|| format!("cannot create {}", plots.display()))?;
        let mut figures = Vec::new();
        for metric in KEY_METRICS {
            let c = chart(metric);
            let svg = plot::chart_svg(&c)?;
            let png = plot::chart_png(&c)?;
            output::write_atomic(&plots.join(format!("{metric}.svg")), svg.as_bytes())?;
            output::write_atomic(&plots.join(format!("{metric}.png")), &png)?;
            figures.push(ReportFigure {
                metric: metric.to_string(),
                png,
                svg_file: format!("plots/{metric}.svg"),
            });
        }
        let overview: Vec<Chart> = OVERVIEW_METRICS.iter().map(|m| chart(m)).collect();
        let overview_title = i18n::text("overview_title", lang);
        let overview_png = plot::overview_png(&overview_title, &overview)?;
        output::write_atomic(&dir.join("overview.png"), &overview_png)?;
        output::write_atomic(
            &dir.join("overview.svg"),
            plot::overview_svg(&overview_title, &overview)?.as_bytes(),
        )?;

        // The report.
        let input = ReportInput {
            lang,
            generated: started.format("%Y-%m-%d %H:%M").to_string(),
            cogov_version: env!("CARGO_PKG_VERSION").into(),
            replicates: args.replicates,
            master_seed,
            ticks,
            scenarios: scenarios
                .iter()
                .zip(&names)
                .enumerate()
                .map(|(i, (s, name))| ReportScenario {
                    name: name.clone(),
                    title: title(s, name, lang),
                    description: description(s, lang),
                    is_baseline: i == 0,
                    changes: compare::parameter_changes(&scenarios[0], s),
                })
                .collect(),
            overview_png,
            figures,
            summary,
        };
        let html = report::report_html(&input)?;
        let report_path = dir.join("report.html");
        output::write_atomic(&report_path, html.as_bytes())?;

        let manifest = manifest(
            &jobs,
            &files,
            args,
            master_seed,
            threads,
            &started,
            &clock,
            true,
        );
        output::write_atomic(
            &dir.join("manifest.json"),
            &export::manifest_json(&manifest),
        )?;
        output::mark_complete(&dir)?;

        if !args.quiet {
            let finals: Vec<_> = jobs
                .iter()
                .zip(&kept)
                .map(|(j, reps)| {
                    (
                        j.name.clone(),
                        reps.iter().filter_map(|t| t.last().cloned()).collect(),
                    )
                })
                .collect();
            say(&format!(
                "Final week ({ticks}), mean over {} replicates:\n{}\n",
                args.replicates,
                export::final_means_table(&finals)
            ))?;
        }
        say(&format!("{}\n", report_path.display()))
    };
    finish().map_err(stream::unfinished(&dir))
}

#[allow(clippy::too_many_arguments)]
fn manifest(
    jobs: &[Job],
    files: &[PathBuf],
    args: &CompareArgs,
    master_seed: u64,
    threads: usize,
    started: &chrono::DateTime<chrono::Local>,
    clock: &Instant,
    complete: bool,
) -> Manifest {
    Manifest {
        cogov_version: env!("CARGO_PKG_VERSION").into(),
        command: std::env::args().collect(),
        scenarios: jobs
            .iter()
            .zip(files)
            .map(|(j, f)| ManifestScenario {
                name: j.name.clone(),
                file: f.display().to_string(),
                hash: j.scenario.hash_hex(),
                resolved: j.scenario.clone(),
            })
            .collect(),
        master_seed,
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
