//! Comparing scenarios: bands over replicates, final-tick summaries against the
//! baseline, and what each scenario changes.
//!
//! Every scenario of a comparison runs with the same seeds (replicate r uses master + r),
//! so replicate r of a scenario and of the baseline share their initial population and
//! network. Differences from the baseline are therefore paired: the 95% interval of a
//! difference is a paired t interval over replicates, and the effect size is the
//! standardised mean difference (Cohen's d, pooled standard deviation). Bands and
//! intervals for a mean use Student's t with n − 1 degrees of freedom. Nothing here does
//! I/O.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::metrics::catalogue::{self, Better};
use crate::metrics::{TickMetrics, metric_names};
use crate::scenario::{Scenario, render};

/// Metrics summarised and plotted by `cogov compare`, in report order (the catalogue rows
/// with a `key` place).
pub const KEY_METRICS: [&str; catalogue::placed(false)] = catalogue::in_place_order(false);

/// The six metrics of the overview figure (the catalogue rows with an `overview` place).
pub const OVERVIEW_METRICS: [&str; catalogue::placed(true)] = catalogue::in_place_order(true);

/// Whether more of a metric is better for residents (for plain-words summaries), from the
/// catalogue; None where it depends (outside hours used fall when there is less left to
/// do) and for unknown metrics.
pub fn higher_is_better(metric: &str) -> Option<bool> {
    match catalogue::find(metric)?.better {
        Better::Higher => Some(true),
        Better::Lower => Some(false),
        Better::Neither => None,
    }
}

/// The trajectories of all replicates of one scenario, as plain numbers.
#[derive(Clone, Debug)]
pub struct Trajectories {
    names: Vec<String>,
    /// values[replicate][tick][metric index]
    values: Vec<Vec<Vec<f64>>>,
}

impl Trajectories {
    pub fn new(replicates: &[Vec<TickMetrics>]) -> Self {
        let names = metric_names();
        let values = replicates
            .iter()
            .map(|ticks| ticks.iter().map(TickMetrics::values).collect())
            .collect();
        Trajectories { names, values }
    }

    pub fn replicates(&self) -> usize {
        self.values.len()
    }

    fn index(&self, metric: &str) -> Option<usize> {
        self.names.iter().position(|n| n == metric)
    }

    /// The metric at every tick of every replicate: series[replicate][tick].
    pub fn series(&self, metric: &str) -> Option<Vec<Vec<f64>>> {
        let i = self.index(metric)?;
        Some(
            self.values
                .iter()
                .map(|ticks| ticks.iter().map(|row| row[i]).collect())
                .collect(),
        )
    }

    /// The metric at the last tick, one value per replicate.
    pub fn finals(&self, metric: &str) -> Option<Vec<f64>> {
        let i = self.index(metric)?;
        Some(
            self.values
                .iter()
                .filter_map(|ticks| ticks.last().map(|row| row[i]))
                .collect(),
        )
    }
}

/// Mean and 95% interval of a sample.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Estimate {
    pub mean: f64,
    pub low: f64,
    pub high: f64,
}

/// Student's t quantile for a two-sided 95% interval with `n - 1` degrees of freedom.
fn t95(n: usize) -> f64 {
    if n < 2 {
        return 0.0;
    }
    StudentsT::new(0.0, 1.0, (n - 1) as f64).map_or(1.96, |t| t.inverse_cdf(0.975))
}

fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len();
    if n == 0 {
        return (0.0, 0.0);
    }
    let mean = xs.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return (mean, 0.0);
    }
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    (mean, var.sqrt())
}

/// Mean with a 95% t interval (the interval is the mean itself for one replicate).
pub fn estimate(xs: &[f64]) -> Estimate {
    let (mean, sd) = mean_sd(xs);
    let half = t95(xs.len()) * sd / (xs.len().max(1) as f64).sqrt();
    Estimate {
        mean,
        low: mean - half,
        high: mean + half,
    }
}

/// Mean and 95% band of a metric at every tick.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub mean: Vec<f64>,
    pub low: Vec<f64>,
    pub high: Vec<f64>,
}

pub fn band(series: &[Vec<f64>]) -> Band {
    let ticks = series.iter().map(Vec::len).min().unwrap_or(0);
    let mut b = Band {
        mean: Vec::with_capacity(ticks),
        low: Vec::with_capacity(ticks),
        high: Vec::with_capacity(ticks),
    };
    for t in 0..ticks {
        let xs: Vec<f64> = series.iter().map(|s| s[t]).collect();
        let e = estimate(&xs);
        b.mean.push(e.mean);
        b.low.push(e.low);
        b.high.push(e.high);
    }
    b
}

/// The weeks a comparison averages over, both ends included (week 0 is the starting state).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Window {
    pub first: u32,
    pub last: u32,
}

/// The default window: the second year, weeks 53–104.
pub const DEFAULT_WINDOW: Window = Window {
    first: 53,
    last: 104,
};

/// Why a window cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WindowError {
    #[error("`{0}` is not a window: write two week numbers as A-B, e.g. 53-104")]
    Syntax(String),
    #[error("the window {first}-{last} is empty: its first week must not be after its last")]
    Empty { first: u32, last: u32 },
    #[error(
        "the window {first}-{last} lies outside the run: the scenarios simulate weeks 0 to \
         {ticks}, so choose weeks between 1 and {ticks}"
    )]
    Outside { first: u32, last: u32, ticks: u32 },
}

impl Window {
    /// Read `A-B` (week numbers).
    pub fn parse(text: &str) -> Result<Window, WindowError> {
        let bad = || WindowError::Syntax(text.to_string());
        let (a, b) = text.split_once('-').ok_or_else(bad)?;
        let first = a.trim().parse().map_err(|_| bad())?;
        let last = b.trim().parse().map_err(|_| bad())?;
        if first > last {
            return Err(WindowError::Empty { first, last });
        }
        Ok(Window { first, last })
    }

    /// Check the window lies within weeks 1..=ticks of a run.
    pub fn within(self, ticks: u32) -> Result<Window, WindowError> {
        if self.first == 0 || self.last > ticks {
            return Err(WindowError::Outside {
                first: self.first,
                last: self.last,
                ticks,
            });
        }
        Ok(self)
    }

    /// The window a comparison uses: the one asked for (checked against the run), else
    /// weeks 53–104 when the run reaches week 104, else the second half of the run
    /// (weeks ticks/2 + 1 to ticks; week 1 alone for a one-week run).
    pub fn for_run(asked: Option<Window>, ticks: u32) -> Result<Window, WindowError> {
        match asked {
            Some(w) => w.within(ticks),
            None if ticks >= DEFAULT_WINDOW.last => Ok(DEFAULT_WINDOW),
            None => Ok(Window {
                first: (ticks / 2 + 1).min(ticks.max(1)),
                last: ticks.max(1),
            }),
        }
    }
}

/// Ratio metrics, whose window value is the ratio of window sums of other columns
/// (numerator columns, denominator columns), not the mean of weekly ratios: a week with
/// little to divide by then weighs little. A test checks each ratio against its columns.
pub const RATIOS: &[(&str, &[&str], &[&str])] = &[
    (
        "admin_share",
        &["committee_hours_admin"],
        &[
            "committee_hours_admin",
            "committee_hours_issues",
            "committee_hours_idle",
            // Model 2: the hours on micro-projects and outreach (m4).
            "committee_hours_projects",
            "outreach_hours",
        ],
    ),
    (
        "resolved_within_patience_share",
        &["issues_resolved_in_patience"],
        &["issues_resolved_in_patience", "issues_past_patience"],
    ),
];

impl Trajectories {
    /// One value per replicate over the window's weeks: the mean, or for a ratio of
    /// [`RATIOS`] the ratio of the window's sums. Weeks past a replicate's end are not
    /// there to count.
    pub fn window_means(&self, metric: &str, w: Window) -> Option<Vec<f64>> {
        let range = |ticks: &Vec<Vec<f64>>| {
            let end = (w.last as usize + 1).min(ticks.len());
            (w.first as usize).min(end)..end
        };
        let sum = |rep: &Vec<Vec<f64>>, cols: &[usize]| -> f64 {
            rep[range(rep)]
                .iter()
                .map(|row| cols.iter().map(|&c| row[c]).sum::<f64>())
                .sum()
        };
        if let Some((_, num, den)) = RATIOS.iter().find(|(m, _, _)| *m == metric) {
            let cols = |names: &[&str]| -> Option<Vec<usize>> {
                names.iter().map(|n| self.index(n)).collect()
            };
            let (num, den) = (cols(num)?, cols(den)?);
            return Some(
                self.values
                    .iter()
                    .map(|rep| crate::metrics::ratio(sum(rep, &num), sum(rep, &den)))
                    .collect(),
            );
        }
        let i = self.index(metric)?;
        Some(
            self.values
                .iter()
                .map(|rep| {
                    let n = range(rep).len();
                    crate::metrics::ratio(sum(rep, &[i]), n as f64)
                })
                .collect(),
        )
    }
}

/// How a difference from the baseline reads, by its 95% interval and the metric's
/// minimum meaningful difference (MMD).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The baseline itself.
    Baseline,
    /// The whole interval lies beyond +MMD or beyond −MMD.
    Meaningful,
    /// The whole interval lies inside (−MMD, +MMD).
    Negligible,
    /// Anything else, and any difference from fewer than two replicates.
    Unclear,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Baseline => "baseline",
            Verdict::Meaningful => "meaningful",
            Verdict::Negligible => "negligible",
            Verdict::Unclear => "unclear",
        }
    }
}

/// The verdict on a difference whose 95% interval is [`low`, `high`], given the smallest
/// difference that matters (`None`: nothing matters, so nothing is meaningful). With a
/// threshold of 0 (a relative MMD on a baseline of 0) an interval that excludes 0 is
/// meaningful. Cohen's d plays no part.
pub fn verdict(low: f64, high: f64, mmd: Option<f64>, replicates: usize) -> Verdict {
    let Some(m) = mmd else {
        return Verdict::Unclear;
    };
    if replicates < 2 || !(low.is_finite() && high.is_finite()) {
        Verdict::Unclear
    } else if low > m || high < -m {
        Verdict::Meaningful
    } else if low > -m && high < m {
        Verdict::Negligible
    } else {
        Verdict::Unclear
    }
}

/// One row of `summary.csv`: the final week, then the window (see [`Window`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SummaryRow {
    pub scenario: String,
    pub metric: String,
    pub replicates: usize,
    pub final_mean: f64,
    pub final_ci_low: f64,
    pub final_ci_high: f64,
    /// Scenario minus baseline in the final week (0 for the baseline itself).
    pub diff: f64,
    pub diff_ci_low: f64,
    pub diff_ci_high: f64,
    /// Cohen's d in the final week: the difference over the pooled standard deviation (0
    /// when both are 0).
    pub effect_size: f64,
    pub window_first: u32,
    pub window_last: u32,
    /// Mean over replicates of each replicate's window value (mean, or ratio of sums).
    pub window_mean: f64,
    pub window_ci_low: f64,
    pub window_ci_high: f64,
    /// Paired difference of window values from the baseline's, by seed.
    pub window_diff: f64,
    pub window_diff_ci_low: f64,
    pub window_diff_ci_high: f64,
    /// Cohen's d of the window values (shown; never decides the verdict).
    pub window_effect_size: f64,
    /// The smallest meaningful difference, in the metric's unit (relative MMDs taken of
    /// the baseline's window mean); empty when the metric has none.
    pub mmd: Option<f64>,
    /// The verdict on the window difference: baseline, meaningful, negligible, unclear.
    pub verdict: Verdict,
}

impl SummaryRow {
    /// Whether the 95% interval of the final-week difference excludes zero.
    pub fn clear(&self) -> bool {
        self.diff_ci_low > 0.0 || self.diff_ci_high < 0.0
    }
}

/// Words for an effect size (Cohen 1988).
pub fn effect_class(d: f64) -> &'static str {
    match d.abs() {
        x if x < 0.2 => "negligible",
        x if x < 0.5 => "small",
        x if x < 0.8 => "medium",
        _ => "large",
    }
}

/// A paired comparison of one sample against the baseline's: the sample's estimate,
/// the difference's estimate and Cohen's d.
fn paired(xs: &[f64], base: &[f64]) -> (Estimate, Estimate, f64) {
    let e = estimate(xs);
    let n = xs.len().min(base.len());
    let diffs: Vec<f64> = xs.iter().zip(base).map(|(x, b)| x - b).collect();
    let d = estimate(&diffs);
    let (_, sd_x) = mean_sd(&xs[..n]);
    let (_, sd_b) = mean_sd(&base[..n]);
    let pooled = ((sd_x * sd_x + sd_b * sd_b) / 2.0).sqrt();
    let effect = if pooled > 0.0 { d.mean / pooled } else { 0.0 };
    (e, d, effect)
}

/// Final-week and window summaries of `metrics` for every scenario against `baseline`.
/// `scenarios` pairs each scenario's name with its trajectories.
pub fn summarise(
    scenarios: &[(String, Trajectories)],
    baseline: usize,
    metrics: &[&str],
    window: Window,
) -> Vec<SummaryRow> {
    let mut rows = Vec::new();
    for metric in metrics {
        let base = &scenarios[baseline].1;
        let (Some(base_f), Some(base_w)) = (base.finals(metric), base.window_means(metric, window))
        else {
            continue;
        };
        let mmd = catalogue::find(metric).and_then(|m| m.mmd.threshold(estimate(&base_w).mean));
        for (i, (name, traj)) in scenarios.iter().enumerate() {
            let (Some(xs), Some(ws)) = (traj.finals(metric), traj.window_means(metric, window))
            else {
                continue;
            };
            let (e, d, effect) = paired(&xs, &base_f);
            let (we, wd, weffect) = paired(&ws, &base_w);
            let verdict = if i == baseline {
                Verdict::Baseline
            } else {
                verdict(wd.low, wd.high, mmd, ws.len().min(base_w.len()))
            };
            rows.push(SummaryRow {
                scenario: name.clone(),
                metric: metric.to_string(),
                replicates: xs.len(),
                final_mean: e.mean,
                final_ci_low: e.low,
                final_ci_high: e.high,
                diff: d.mean,
                diff_ci_low: d.low,
                diff_ci_high: d.high,
                effect_size: effect,
                window_first: window.first,
                window_last: window.last,
                window_mean: we.mean,
                window_ci_low: we.low,
                window_ci_high: we.high,
                window_diff: wd.mean,
                window_diff_ci_low: wd.low,
                window_diff_ci_high: wd.high,
                window_effect_size: weffect,
                mmd,
                verdict,
            });
        }
    }
    rows
}

/// The columns of `summary.csv`, in order.
pub const SUMMARY_COLUMNS: [&str; 21] = [
    "scenario",
    "metric",
    "replicates",
    "final_mean",
    "final_ci_low",
    "final_ci_high",
    "diff",
    "diff_ci_low",
    "diff_ci_high",
    "effect_size",
    "window_first",
    "window_last",
    "window_mean",
    "window_ci_low",
    "window_ci_high",
    "window_diff",
    "window_diff_ci_low",
    "window_diff_ci_high",
    "window_effect_size",
    "mmd",
    "verdict",
];

/// `summary.csv` as bytes.
pub fn summary_csv(rows: &[SummaryRow]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r).expect("plain row");
    }
    if rows.is_empty() {
        // Still give the header.
        w.write_record(SUMMARY_COLUMNS).expect("in memory");
    }
    w.into_inner().expect("in memory")
}

/// A parameter whose value differs between the baseline and a scenario, with both values
/// as TOML values (the report words them; nothing is printed here).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParameterChange {
    pub path: String,
    /// None where the baseline has no such parameter (an intervention only the scenario has).
    pub baseline: Option<toml::Value>,
    /// None where the scenario has no such parameter.
    pub scenario: Option<toml::Value>,
}

/// Every parameter (dotted path) whose resolved value differs from the baseline's,
/// in scenario order; titles and descriptions are not parameters.
pub fn parameter_changes(baseline: &Scenario, scenario: &Scenario) -> Vec<ParameterChange> {
    let flat = |s: &Scenario| -> Vec<(String, toml::Value)> {
        let table: toml::Table =
            toml::from_str(&render::resolved_toml(s)).expect("resolved scenarios parse");
        let mut out = Vec::new();
        flatten(&table, "", &mut out);
        out
    };
    let base = flat(baseline);
    let other = flat(scenario);
    let lookup = |list: &[(String, toml::Value)], k: &str| {
        list.iter().find(|(p, _)| p == k).map(|(_, v)| v.clone())
    };
    let mut paths: Vec<String> = other.iter().map(|(p, _)| p.clone()).collect();
    for (p, _) in &base {
        if !paths.contains(p) {
            paths.push(p.clone());
        }
    }
    paths
        .into_iter()
        .filter(|p| !p.starts_with("title.") && !p.starts_with("description."))
        .filter_map(|p| {
            let (b, s) = (lookup(&base, &p), lookup(&other, &p));
            (b != s).then_some(ParameterChange {
                path: p,
                baseline: b,
                scenario: s,
            })
        })
        .collect()
}

fn flatten(table: &toml::Table, prefix: &str, out: &mut Vec<(String, toml::Value)>) {
    for (k, v) in table {
        let path = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) if !is_distribution(t) => flatten(t, &path, out),
            toml::Value::Array(items) if k == "interventions" => {
                for (i, item) in items.iter().enumerate() {
                    out.push((format!("{path}[{i}]"), item.clone()));
                }
            }
            other => out.push((path, other.clone())),
        }
    }
}

fn is_distribution(t: &toml::Table) -> bool {
    t.contains_key("distribution")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_metrics_and_directions_come_from_the_catalogue() {
        // The report order and directions of the comparison, pinned: summary.csv rows and
        // the report follow this order.
        assert_eq!(
            KEY_METRICS,
            [
                "participation_rate",
                "mean_trust",
                "mean_efficacy",
                "mean_satisfaction",
                "admin_share",
                "issues_resolved_total",
                "backlog",
                "mean_wait",
                "ngo_hours_used",
                "volunteer_hours_used",
                "committee_skill",
                "participation_gap_age",
                "resolved_gap_age",
                "online_access_elderly",
                "participated_52w",
                "resolved_within_patience_share",
            ]
        );
        let better: Vec<Option<bool>> = KEY_METRICS.iter().map(|m| higher_is_better(m)).collect();
        let (t, f) = (Some(true), Some(false));
        assert_eq!(
            better,
            [t, t, t, t, f, t, f, f, None, None, t, f, f, t, t, t]
        );
        assert_eq!(higher_is_better("no_such_metric"), None);
        for m in OVERVIEW_METRICS {
            assert!(KEY_METRICS.contains(&m), "{m}");
        }
    }

    #[test]
    fn estimates_use_student_t() {
        let e = estimate(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(e.mean, 3.0);
        // sd = 1.5811, t(4) = 2.7764, half width = 1.9632.
        assert!((e.high - e.mean - 1.9632).abs() < 1e-3, "{e:?}");
        let one = estimate(&[2.0]);
        assert_eq!((one.low, one.mean, one.high), (2.0, 2.0, 2.0));
        let none = estimate(&[]);
        assert_eq!(none.mean, 0.0);
    }

    #[test]
    fn bands_follow_ticks() {
        let b = band(&[vec![0.0, 1.0], vec![0.0, 3.0]]);
        assert_eq!(b.mean, vec![0.0, 2.0]);
        assert_eq!(b.low[0], 0.0);
        assert!(b.low[1] < 2.0 && b.high[1] > 2.0);
    }

    fn traj(values: &[f64]) -> Trajectories {
        let reps: Vec<Vec<TickMetrics>> = values
            .iter()
            .map(|&v| {
                vec![TickMetrics {
                    participation_rate: v,
                    ..TickMetrics::default()
                }]
            })
            .collect();
        Trajectories::new(&reps)
    }

    #[test]
    fn summaries_are_paired_against_the_baseline() {
        let scen = vec![
            ("baseline".to_string(), traj(&[0.10, 0.20, 0.30])),
            ("better".to_string(), traj(&[0.16, 0.26, 0.36])),
        ];
        let week0 = Window { first: 0, last: 0 };
        let rows = summarise(&scen, 0, &["participation_rate"], week0);
        assert_eq!(rows.len(), 2);
        // The window of week 0 alone is the final week here; 0.06 > MMD 0.02 for certain.
        assert!((rows[1].window_diff - 0.06).abs() < 1e-12);
        assert_eq!(rows[1].mmd, Some(0.02));
        assert_eq!(
            (rows[0].verdict, rows[1].verdict),
            (Verdict::Baseline, Verdict::Meaningful)
        );
        assert_eq!(rows[0].diff, 0.0);
        assert!(!rows[0].clear());
        // Every paired difference is exactly 0.06: the interval collapses on it.
        assert!((rows[1].diff - 0.06).abs() < 1e-12);
        assert!((rows[1].diff_ci_low - 0.06).abs() < 1e-9);
        assert!(rows[1].clear());
        // Cohen's d = 0.06 / 0.1.
        assert!((rows[1].effect_size - 0.6).abs() < 1e-9);
        assert_eq!(effect_class(rows[1].effect_size), "medium");
        let csv = String::from_utf8(summary_csv(&rows)).unwrap();
        assert!(csv.starts_with("scenario,metric,replicates,final_mean"));
        assert!(
            csv.lines()
                .next()
                .unwrap()
                .ends_with(",window_effect_size,mmd,verdict")
        );
        assert!(
            csv.lines().nth(2).unwrap().ends_with(",0.02,meaningful"),
            "{csv}"
        );
        let empty = String::from_utf8(summary_csv(&[])).unwrap();
        assert_eq!(empty.trim_end(), SUMMARY_COLUMNS.join(","));
        assert_eq!(csv.lines().count(), 3);
    }

    #[test]
    fn the_verdict_rule_uses_the_minimum_meaningful_difference() {
        // Devolution's trust: +0.006 [0.005, 0.006] with MMD 0.02 is negligible, however
        // certain (Cohen's d 3.18 plays no part).
        assert_eq!(verdict(0.005, 0.006, Some(0.02), 20), Verdict::Negligible);
        // A large clear change, either way.
        assert_eq!(verdict(0.08, 0.10, Some(0.02), 20), Verdict::Meaningful);
        assert_eq!(verdict(-0.10, -0.03, Some(0.02), 20), Verdict::Meaningful);
        // A wide interval, and one reaching past the MMD from inside.
        assert_eq!(verdict(-0.05, 0.09, Some(0.02), 20), Verdict::Unclear);
        assert_eq!(verdict(0.01, 0.03, Some(0.02), 20), Verdict::Unclear);
        // One replicate says nothing; a metric without an MMD is never meaningful.
        assert_eq!(verdict(0.5, 0.5, Some(0.02), 1), Verdict::Unclear);
        assert_eq!(verdict(5.0, 6.0, None, 20), Verdict::Unclear);
        // A relative MMD on a baseline of 0: any interval excluding 0 is meaningful.
        assert_eq!(verdict(0.5, 1.0, Some(0.0), 20), Verdict::Meaningful);
        assert_eq!(verdict(-0.5, 1.0, Some(0.0), 20), Verdict::Unclear);
    }

    fn ticks_of(series: &[&[f64]]) -> Trajectories {
        let reps: Vec<Vec<TickMetrics>> = series
            .iter()
            .map(|values| {
                values
                    .iter()
                    .enumerate()
                    .map(|(t, &v)| TickMetrics {
                        tick: t as u32,
                        mean_trust: v,
                        committee_hours_admin: v,
                        committee_hours_idle: 1.0 - v + t as f64,
                        ..TickMetrics::default()
                    })
                    .collect()
            })
            .collect();
        Trajectories::new(&reps)
    }

    #[test]
    fn window_means_average_weeks_and_ratios_of_sums() {
        let t = ticks_of(&[&[0.0, 0.2, 0.4, 0.6], &[1.0, 1.0, 0.0, 0.0]]);
        let w = Window { first: 1, last: 2 };
        let m = t.window_means("mean_trust", w).unwrap();
        assert!(
            (m[0] - 0.3).abs() < 1e-12 && (m[1] - 0.5).abs() < 1e-12,
            "{m:?}"
        );
        // admin share of replicate 0 over weeks 1-2: (0.2 + 0.4) / (1 + 1 + 1 + 2) hours.
        let a = t.window_means("admin_share", w).unwrap();
        assert!((a[0] - 0.6 / 5.0).abs() < 1e-12, "{a:?}");
        assert_eq!(t.window_means("no_such_metric", w), None);
    }

    #[test]
    fn every_ratio_is_the_ratio_of_its_columns() {
        let mut s = Scenario::default();
        s.population.residents_per_community = 400;
        s.population.communities_per_street = 2;
        let mut model = crate::model::Model::new(&s, 3).unwrap();
        let mut ticks = vec![model.initial_metrics()];
        ticks.extend((0..40).map(|_| model.step()));
        let mut any = false;
        for (metric, num, den) in RATIOS {
            for m in &ticks {
                let sum = |cols: &[&str]| cols.iter().map(|c| m.get(c).unwrap()).sum::<f64>();
                let want = crate::metrics::ratio(sum(num), sum(den));
                let got = m.get(metric).unwrap();
                assert!(
                    (got - want).abs() < 1e-9,
                    "{metric} week {}: {got} vs {want}",
                    m.tick
                );
                any |= sum(den) > 0.0;
            }
        }
        assert!(any);
        // Service within patience happens and is not perfect in this street.
        let t = Trajectories::new(&[ticks]);
        let share = t.window_means(
            "resolved_within_patience_share",
            Window { first: 1, last: 40 },
        );
        let share = share.unwrap()[0];
        assert!(share > 0.0 && share <= 1.0, "{share}");
    }

    #[test]
    fn windows_are_read_and_checked_against_the_run() {
        assert_eq!(Window::parse("53-104"), Ok(DEFAULT_WINDOW));
        assert_eq!(Window::parse(" 1 - 2 "), Ok(Window { first: 1, last: 2 }));
        for bad in ["53", "a-b", "53-", "-3-4", "53..104"] {
            assert!(
                matches!(Window::parse(bad), Err(WindowError::Syntax(_))),
                "{bad}"
            );
        }
        assert_eq!(
            Window::parse("9-3"),
            Err(WindowError::Empty { first: 9, last: 3 })
        );
        let outside = Window::for_run(
            Some(Window {
                first: 53,
                last: 104,
            }),
            52,
        )
        .unwrap_err();
        assert_eq!(
            outside.to_string(),
            "the window 53-104 lies outside the run: the scenarios simulate weeks 0 to 52, so \
             choose weeks between 1 and 52"
        );
        assert!(Window::for_run(Some(Window { first: 0, last: 3 }), 52).is_err());
        assert_eq!(Window::for_run(None, 520), Ok(DEFAULT_WINDOW));
        assert_eq!(Window::for_run(None, 104), Ok(DEFAULT_WINDOW));
        assert_eq!(
            Window::for_run(None, 52),
            Ok(Window {
                first: 27,
                last: 52
            })
        );
        assert_eq!(Window::for_run(None, 1), Ok(Window { first: 1, last: 1 }));
    }

    #[test]
    fn parameter_changes_list_what_differs() {
        let base = Scenario::default();
        let mut s = base.clone();
        s.office.access_list = 0.4;
        s.online.enabled = true;
        s.title.en = "Other".into();
        let changes = parameter_changes(&base, &s);
        let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, vec!["office.access_list", "online.enabled"]);
        let access = changes
            .iter()
            .find(|c| c.path == "office.access_list")
            .unwrap();
        assert_eq!(
            (&access.baseline, &access.scenario),
            (
                &Some(toml::Value::Float(0.0)),
                &Some(toml::Value::Float(0.4))
            )
        );
        assert!(parameter_changes(&base, &base).is_empty());
    }

    #[test]
    fn an_intervention_only_the_scenario_has_is_a_typed_table() {
        let base = Scenario::default();
        let s: Scenario = toml::from_str(
            "[[interventions]]\ntick = 53\nset = { office = { access_list = 0.4 } }",
        )
        .unwrap();
        let changes = parameter_changes(&base, &s);
        let c = changes
            .iter()
            .find(|c| c.path == "interventions[0]")
            .expect("the intervention is a change");
        assert_eq!(c.baseline, None);
        let table = c.scenario.as_ref().and_then(toml::Value::as_table).unwrap();
        assert_eq!(table["tick"], toml::Value::Integer(53));
        assert_eq!(
            table["set"]["office"]["access_list"],
            toml::Value::Float(0.4)
        );
    }
}
