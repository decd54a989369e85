//! The files of a calibration, as bytes: one table per generation (what a resumed
//! calibration reads back), `posterior.csv`, `summary.csv` and the scenario at the
//! posterior median. No file I/O.

use super::file::Calibration;
use super::{Apmc, Particle};
use crate::i18n::{self, Lang};
use crate::plot::PlotError;
use crate::plot_sweep::{KeyWords, ScatterPoint, SweepChart};

fn num(x: f64) -> String {
    if x.is_finite() {
        x.to_string()
    } else {
        String::new()
    }
}

/// `generations/gen-G.csv`: every proposal of generation `g` with its distance and
/// simulated targets (empty where a run failed).
pub fn generation_csv(
    cal: &Calibration,
    g: u32,
    proposals: &[Vec<f64>],
    results: &[(f64, Vec<f64>)],
) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["generation".to_string(), "particle".into()];
    header.extend(cal.parameters.iter().map(|p| p.path.clone()));
    header.push("distance".into());
    header.extend(cal.targets.iter().map(|t| t.outcome.metric.clone()));
    w.write_record(&header).expect("in memory");
    for (i, (theta, (d, sim))) in proposals.iter().zip(results).enumerate() {
        let mut rec = vec![g.to_string(), i.to_string()];
        rec.extend(theta.iter().map(|x| x.to_string()));
        rec.push(num(*d));
        rec.extend(sim.iter().map(|x| num(*x)));
        w.write_record(&rec).expect("in memory");
    }
    w.into_inner().expect("in memory")
}

/// The results in a generation table, if it holds exactly these proposals (a table of
/// other proposals, or a damaged one, gives None: the generation is run again).
pub fn read_generation(
    cal: &Calibration,
    proposals: &[Vec<f64>],
    bytes: &[u8],
) -> Option<Vec<(f64, Vec<f64>)>> {
    let mut r = csv::Reader::from_reader(bytes);
    let k = cal.parameters.len();
    let mut out = Vec::with_capacity(proposals.len());
    for (rec, theta) in r.records().zip(proposals) {
        let rec = rec.ok()?;
        let same = (0..k).all(|j| rec.get(2 + j) == Some(theta[j].to_string().as_str()));
        if !same {
            return None;
        }
        let val = |i: usize| -> Option<f64> {
            let t = rec.get(i)?;
            Some(if t.is_empty() {
                f64::NAN
            } else {
                t.parse().ok()?
            })
        };
        let d = val(2 + k)?;
        let sim = (0..cal.targets.len())
            .map(|t| val(3 + k + t))
            .collect::<Option<Vec<f64>>>()?;
        out.push((d, sim));
    }
    (out.len() == proposals.len()).then_some(out)
}

/// `posterior.csv`: the kept particles after each generation (weights normalised to sum
/// to 1 within a generation), the last generation being the posterior.
pub fn posterior_csv(cal: &Calibration, history: &[(u32, f64, Vec<Particle>)]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "generation".to_string(),
        "epsilon".into(),
        "particle".into(),
    ];
    header.extend(cal.parameters.iter().map(|p| p.path.clone()));
    header.extend(["weight".into(), "distance".into()]);
    w.write_record(&header).expect("in memory");
    for (g, eps, kept) in history {
        let total: f64 = kept.iter().map(|p| p.weight).sum();
        for (i, p) in kept.iter().enumerate() {
            let mut rec = vec![g.to_string(), num(*eps), i.to_string()];
            rec.extend(p.theta.iter().map(|x| x.to_string()));
            rec.extend([num(p.weight / total), num(p.distance)]);
            w.write_record(&rec).expect("in memory");
        }
    }
    w.into_inner().expect("in memory")
}

/// `summary.csv`: per parameter the posterior mean, median and 90% credible interval
/// (weighted 5% and 95% quantiles), with the generations run and the last tolerance.
pub fn summary_csv(cal: &Calibration, apmc: &Apmc) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "parameter",
        "prior",
        "mean",
        "median",
        "ci90_low",
        "ci90_high",
        "particles",
        "generations",
        "epsilon",
        "last_acceptance",
    ])
    .expect("in memory");
    for (j, p) in cal.parameters.iter().enumerate() {
        let prior = serde_json::to_string(&p.prior).expect("serialisable");
        w.write_record([
            p.path.clone(),
            prior,
            num(apmc.mean(j)),
            num(apmc.quantile(j, 0.5)),
            num(apmc.quantile(j, 0.05)),
            num(apmc.quantile(j, 0.95)),
            apmc.kept.len().to_string(),
            apmc.generation.to_string(),
            num(apmc.epsilon),
            num(apmc.p_acc),
        ])
        .expect("in memory");
    }
    w.into_inner().expect("in memory")
}

/// The posterior medians.
pub fn medians(cal: &Calibration, apmc: &Apmc) -> Vec<f64> {
    (0..cal.parameters.len())
        .map(|j| apmc.quantile(j, 0.5))
        .collect()
}

/// Bins of a marginal histogram.
const BINS: usize = 20;

/// The posterior charts: a weighted histogram of each parameter over its prior's support
/// (`marginal-<parameter>`), and the particles of each pair (`pair-<a>-<b>`), as SVG and
/// PNG in English and Chinese.
pub fn charts(cal: &Calibration, apmc: &Apmc) -> Result<Vec<(String, Vec<u8>)>, PlotError> {
    let part = crate::sweep::analysis::report::file_part;
    let mut files = Vec::new();
    let total: f64 = apmc.kept.iter().map(|p| p.weight).sum();
    let g = apmc.generation.to_string();
    let n = apmc.kept.len().to_string();
    for (j, p) in cal.parameters.iter().enumerate() {
        let (lo, hi) = p.prior.bounds();
        let width = (hi - lo) / BINS as f64;
        let mut mass = [0.0; BINS];
        for q in &apmc.kept {
            let b = (((q.theta[j] - lo) / width) as usize).min(BINS - 1);
            mass[b] += q.weight / total;
        }
        let points: Vec<(f64, f64, f64, f64)> = mass
            .iter()
            .enumerate()
            .map(|(b, m)| {
                let d = m / width;
                (lo + (b as f64 + 0.5) * width, d, d, d)
            })
            .collect();
        let (q05, q95) = (
            crate::format::fixed(apmc.quantile(j, 0.05), 3),
            crate::format::fixed(apmc.quantile(j, 0.95), 3),
        );
        for (lang, suffix) in [(Lang::En, ""), (Lang::Zh, ".zh")] {
            let chart = SweepChart::Line {
                title: i18n::fill(
                    &i18n::text("calib_marginal_title", lang),
                    &[("g", &g), ("n", &n), ("lo", &q05), ("hi", &q95)],
                ),
                x_label: i18n::parameter_label(&p.path, lang),
                y_label: i18n::text("calib_density", lang),
                points: points.clone(),
                key: KeyWords {
                    first: i18n::text("calib_density", lang),
                    ..KeyWords::default()
                },
            };
            let stem = format!("marginal-{}{suffix}", part(&p.path));
            files.push((format!("{stem}.svg"), chart.svg()?.into_bytes()));
            files.push((format!("{stem}.png"), chart.png()?));
        }
    }
    for (j, a) in cal.parameters.iter().enumerate() {
        for (l, b) in cal.parameters.iter().enumerate().skip(j + 1) {
            let points: Vec<ScatterPoint> = apmc
                .kept
                .iter()
                .map(|q| ScatterPoint {
                    label: String::new(),
                    x: q.theta[j],
                    x_low: f64::NAN,
                    x_high: f64::NAN,
                    y: q.theta[l],
                })
                .collect();
            for (lang, suffix) in [(Lang::En, ""), (Lang::Zh, ".zh")] {
                let chart = SweepChart::Scatter {
                    title: i18n::fill(&i18n::text("calib_pair_title", lang), &[("g", &g)]),
                    x_label: a.path.clone(),
                    y_label: b.path.clone(),
                    points: points.clone(),
                    key: KeyWords {
                        first: i18n::text("calib_particles", lang),
                        ..KeyWords::default()
                    },
                };
                let stem = format!("pair-{}-{}{suffix}", part(&a.path), part(&b.path));
                files.push((format!("{stem}.svg"), chart.svg()?.into_bytes()));
                files.push((format!("{stem}.png"), chart.png()?));
            }
        }
    }
    Ok(files)
}
