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

/// One row of `summary.csv`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SummaryRow {
    pub scenario: String,
    pub metric: String,
    pub replicates: usize,
    pub final_mean: f64,
    pub final_ci_low: f64,
    pub final_ci_high: f64,
    /// Scenario minus baseline (0 for the baseline itself).
    pub diff: f64,
    pub diff_ci_low: f64,
    pub diff_ci_high: f64,
    /// Cohen's d: the difference over the pooled standard deviation (0 when both are 0).
    pub effect_size: f64,
}

impl SummaryRow {
    /// Whether the 95% interval of the difference excludes zero.
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

/// Final-tick summaries of `metrics` for every scenario against `baseline`.
/// `scenarios` pairs each scenario's name with its trajectories.
pub fn summarise(
    scenarios: &[(String, Trajectories)],
    baseline: usize,
    metrics: &[&str],
) -> Vec<SummaryRow> {
    let mut rows = Vec::new();
    for metric in metrics {
        let Some(base) = scenarios[baseline].1.finals(metric) else {
            continue;
        };
        for (name, traj) in scenarios {
            let Some(xs) = traj.finals(metric) else {
                continue;
            };
            let e = estimate(&xs);
            let n = xs.len().min(base.len());
            let diffs: Vec<f64> = xs.iter().zip(&base).map(|(x, b)| x - b).collect();
            let d = estimate(&diffs);
            let (_, sd_x) = mean_sd(&xs[..n]);
            let (_, sd_b) = mean_sd(&base[..n]);
            let pooled = ((sd_x * sd_x + sd_b * sd_b) / 2.0).sqrt();
            let effect = if pooled > 0.0 { d.mean / pooled } else { 0.0 };
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
            });
        }
    }
    rows
}

/// `summary.csv` as bytes.
pub fn summary_csv(rows: &[SummaryRow]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.serialize(r).expect("plain row");
    }
    if rows.is_empty() {
        // Still give the header.
        w.write_record([
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
        ])
        .expect("in memory");
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
            ]
        );
        let better: Vec<Option<bool>> = KEY_METRICS.iter().map(|m| higher_is_better(m)).collect();
        let (t, f) = (Some(true), Some(false));
        assert_eq!(better, [t, t, t, t, f, t, f, f, None, None, t, f, f, t]);
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
        let rows = summarise(&scen, 0, &["participation_rate"]);
        assert_eq!(rows.len(), 2);
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
        assert_eq!(csv.lines().count(), 3);
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
