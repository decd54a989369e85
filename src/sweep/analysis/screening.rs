//! The analysis files of Morris and Sobol' designs, from the manifest (which records the
//! design's settings and master seed, so the trajectories and Saltelli blocks are rebuilt
//! exactly) and the runs. No file I/O.
//!
//! **Replicates.** Each outcome is first averaged over a point's replicates (failed runs
//! and runs without a value left out); the indices are computed on those means. Beside the
//! indices each row reports `replicates_per_point` and two shares of replicate noise:
//! `noise_share_runs`, the mean within-point variance over the variance of single runs,
//! and `noise_share_means`, the variance that the means' own noise (within-point variance
//! / replicates) leaves in the point means, over their variance (both empty with one
//! replicate). A large share means the indices partly measure noise.
//!
//! * Morris: `morris.csv` (outcome, parameter, trajectories with an effect, μ, μ*, σ each
//!   with a bootstrap 95% interval), and a μ*–σ chart per outcome, `morris-<outcome>`.
//! * Sobol': `sobol.csv` (S1 and ST with bootstrap 95% intervals, and how much ST moved
//!   from N/2 to N), `sobol_convergence.csv` (the indices at N/2 and at N base rows),
//!   with second order `sobol_second_order.csv`, and a bar chart per outcome,
//!   `sobol-<outcome>`.
//!
//! Bootstrap resamples (1000) draw from `rng::stream(master_seed,
//! Purpose::SensitivityBootstrap, i)`, i the outcome's position (and i + 2³² for the
//! N/2 estimate).

use super::report::{ReportError, Run, chart_files, file_part, outcome_label};
use crate::i18n::{self, Lang};
use crate::plot_sweep::{Bar, KeyWords, ScatterPoint, SweepChart};
use crate::rng::{self, Purpose};
use crate::sweep::morris::{self, Interval, MorrisIndex};
use crate::sweep::sobol::{self, SobolIndices};
use crate::sweep::{Manifest, morris::MorrisSettings, sobol::SobolSettings};

/// Bootstrap resamples of every interval.
pub const RESAMPLES: usize = 1000;

/// Each point's finite outcome values over its replicates.
fn by_point(points: usize, runs: &[Run], o: usize) -> Vec<Vec<f64>> {
    let mut by = vec![Vec::new(); points];
    for r in runs {
        if r.point < points && r.outcomes[o].is_finite() {
            by[r.point].push(r.outcomes[o]);
        }
    }
    by
}

fn means(by: &[Vec<f64>]) -> Vec<f64> {
    by.iter()
        .map(|v| {
            if v.is_empty() {
                f64::NAN
            } else {
                v.iter().sum::<f64>() / v.len() as f64
            }
        })
        .collect()
}

fn num(x: f64) -> String {
    if x.is_finite() {
        x.to_string()
    } else {
        String::new()
    }
}

fn iv(i: &Interval) -> [String; 3] {
    [num(i.value), num(i.low), num(i.high)]
}

fn noise_text(share: f64) -> String {
    if share.is_finite() {
        format!("{:.0}%", 100.0 * share)
    } else {
        "n/a".into()
    }
}

/// The file names of a Morris design's analysis.
pub fn morris_names(m: &Manifest) -> Vec<String> {
    let mut names = chart_names("morris", m);
    names.push("morris.csv".into());
    names
}

/// The file names of a Sobol' design's analysis.
pub fn sobol_names(m: &Manifest, s: &SobolSettings) -> Vec<String> {
    let mut names = chart_names("sobol", m);
    names.push("sobol.csv".into());
    names.push("sobol_convergence.csv".into());
    if s.second_order {
        names.push("sobol_second_order.csv".into());
    }
    names
}

fn chart_names(kind: &str, m: &Manifest) -> Vec<String> {
    let mut names = Vec::new();
    for o in &m.outcomes {
        for suffix in ["", ".zh"] {
            for ext in ["svg", "png"] {
                names.push(format!("{kind}-{}{suffix}.{ext}", file_part(o)));
            }
        }
    }
    names
}

/// Morris indices of every outcome, charts, and `morris.csv`.
pub fn morris_files(
    m: &Manifest,
    s: &MorrisSettings,
    runs: &[Run],
) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
    let k = m.parameters.len();
    let trajectories = morris::trajectories(m.master_seed, k, s);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "outcome",
        "parameter",
        "trajectories",
        "mu",
        "mu_low",
        "mu_high",
        "mu_star",
        "mu_star_low",
        "mu_star_high",
        "sigma",
        "sigma_low",
        "sigma_high",
        "replicates_per_point",
        "noise_share_runs",
        "noise_share_means",
    ])?;
    let mut files = Vec::new();
    for (o, name) in m.outcomes.iter().enumerate() {
        let by = by_point(m.points as usize, runs, o);
        let y = means(&by);
        let ee = morris::elementary_effects(&trajectories, k, &y);
        let mut stream = rng::stream(m.master_seed, Purpose::SensitivityBootstrap, o as u64);
        let ix = morris::indices(&ee, RESAMPLES, &mut stream);
        let (nr, nm) = sobol::noise_share(&by);
        for (p, i) in m.parameters.iter().zip(&ix) {
            let mut rec = vec![name.clone(), p.clone(), i.n.to_string()];
            rec.extend(iv(&i.mu));
            rec.extend(iv(&i.mu_star));
            rec.extend(iv(&i.sigma));
            rec.extend([m.replicates.to_string(), num(nr), num(nm)]);
            w.write_record(&rec)?;
        }
        let stem = format!("morris-{}", file_part(name));
        files.extend(chart_files(&stem, |lang| {
            morris_chart(m, name, s.trajectories, &ix, lang)
        })?);
    }
    files.push(("morris.csv".into(), w.into_inner().expect("in memory")));
    Ok(files)
}

fn morris_chart(m: &Manifest, outcome: &str, r: u32, ix: &[MorrisIndex], lang: Lang) -> SweepChart {
    SweepChart::Scatter {
        title: i18n::fill(
            &i18n::text("sweep_morris_title", lang),
            &[
                ("outcome", &outcome_label(outcome, lang)),
                ("r", &r.to_string()),
                ("replicates", &m.replicates.to_string()),
            ],
        ),
        x_label: i18n::text("sweep_morris_x", lang),
        y_label: i18n::text("sweep_morris_y", lang),
        points: m
            .parameters
            .iter()
            .zip(ix)
            .map(|(p, i)| ScatterPoint {
                // The dotted path, as in runs.csv: the long labels overlap in the plane.
                label: p.clone(),
                x: i.mu_star.value,
                x_low: i.mu_star.low,
                x_high: i.mu_star.high,
                y: i.sigma.value,
            })
            .collect(),
        key: KeyWords {
            first: i18n::text("sweep_morris_points", lang),
            third: i18n::text("sweep_ci95_mu_star", lang),
            ..KeyWords::default()
        },
    }
}

/// Sobol' indices of every outcome, charts and tables.
pub fn sobol_files(
    m: &Manifest,
    s: &SobolSettings,
    runs: &[Run],
) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
    let k = m.parameters.len();
    let n = s.base_samples as usize;
    let mut main = csv::Writer::from_writer(Vec::new());
    main.write_record([
        "outcome",
        "parameter",
        "base_rows",
        "s1",
        "s1_low",
        "s1_high",
        "st",
        "st_low",
        "st_high",
        "st_change_from_half",
        "replicates_per_point",
        "noise_share_runs",
        "noise_share_means",
    ])?;
    let mut conv = csv::Writer::from_writer(Vec::new());
    conv.write_record([
        "outcome",
        "parameter",
        "base_rows",
        "s1",
        "s1_low",
        "s1_high",
        "st",
        "st_low",
        "st_high",
    ])?;
    let mut second = csv::Writer::from_writer(Vec::new());
    second.write_record([
        "outcome",
        "parameter_1",
        "parameter_2",
        "base_rows",
        "s2",
        "s2_low",
        "s2_high",
    ])?;
    let mut files = Vec::new();
    for (o, name) in m.outcomes.iter().enumerate() {
        let by = by_point(m.points as usize, runs, o);
        let y = means(&by);
        let boot = |i: u64, rows: usize| {
            let mut stream = rng::stream(m.master_seed, Purpose::SensitivityBootstrap, i);
            sobol::indices(s, k, &y, rows, RESAMPLES, &mut stream)
        };
        let full = boot(o as u64, n);
        let half = boot(o as u64 + (1 << 32), n / 2);
        let (nr, nm) = sobol::noise_share(&by);
        for (j, p) in m.parameters.iter().enumerate() {
            let mut rec = vec![name.clone(), p.clone(), full.n.to_string()];
            rec.extend(iv(&full.s1[j]));
            rec.extend(iv(&full.st[j]));
            rec.push(num(full.st[j].value - half.st[j].value));
            rec.extend([m.replicates.to_string(), num(nr), num(nm)]);
            main.write_record(&rec)?;
            for ix in [&half, &full] {
                let mut rec = vec![name.clone(), p.clone(), ix.n.to_string()];
                rec.extend(iv(&ix.s1[j]));
                rec.extend(iv(&ix.st[j]));
                conv.write_record(&rec)?;
            }
            for (l, q) in m.parameters.iter().enumerate().skip(j + 1) {
                let mut rec = vec![name.clone(), p.clone(), q.clone(), full.n.to_string()];
                rec.extend(iv(&full.s2[j][l]));
                second.write_record(&rec)?;
            }
        }
        let stem = format!("sobol-{}", file_part(name));
        files.extend(chart_files(&stem, |lang| {
            sobol_chart(m, name, &full, nm, lang)
        })?);
    }
    files.push(("sobol.csv".into(), main.into_inner().expect("in memory")));
    files.push((
        "sobol_convergence.csv".into(),
        conv.into_inner().expect("in memory"),
    ));
    if s.second_order {
        files.push((
            "sobol_second_order.csv".into(),
            second.into_inner().expect("in memory"),
        ));
    }
    Ok(files)
}

fn sobol_chart(
    m: &Manifest,
    outcome: &str,
    ix: &SobolIndices,
    noise: f64,
    lang: Lang,
) -> SweepChart {
    let bar = |label: &str, i: &Interval| Bar {
        label: label.to_string(),
        value: i.value,
        low: i.low,
        high: i.high,
    };
    SweepChart::PairedBars {
        title: i18n::fill(
            &i18n::text("sweep_sobol_title", lang),
            &[
                ("outcome", &outcome_label(outcome, lang)),
                ("n", &ix.n.to_string()),
                ("replicates", &m.replicates.to_string()),
                ("noise", &noise_text(noise)),
            ],
        ),
        x_label: i18n::text("sweep_sobol_axis", lang),
        rows: m
            .parameters
            .iter()
            .enumerate()
            .map(|(j, p)| {
                let label = i18n::parameter_label(p, lang);
                (bar(&label, &ix.s1[j]), bar(&label, &ix.st[j]))
            })
            .collect(),
        key: KeyWords {
            first: i18n::text("sweep_sobol_first", lang),
            second: i18n::text("sweep_sobol_total", lang),
            third: i18n::text("ci95", lang),
            missing: i18n::text("sweep_not_computable", lang),
        },
    }
}
