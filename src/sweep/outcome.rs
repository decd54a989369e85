//! Outcomes: the numbers recorded per run, computed from its per-tick metrics.

use serde::{Deserialize, Serialize};

use crate::metrics::{TickMetrics, metric_names};

/// Which way a metric must cross a level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The first tick at which the metric is >= the level.
    Up,
    /// The first tick at which the metric is <= the level.
    Down,
}

/// What to compute from one metric's trajectory.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "stat", rename_all = "snake_case")]
pub enum Stat {
    /// The value at the last tick.
    Final,
    /// The mean over ticks `from..=to`.
    Mean { from: u32, to: u32 },
    /// The first tick at which the metric reaches `level` (empty if it never does).
    FirstCrossing { level: f64, direction: Direction },
}

/// One outcome column of `runs.csv`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Outcome {
    /// The column name.
    pub name: String,
    /// A column of `trajectories.csv` (see `metrics::TickMetrics`).
    pub metric: String,
    #[serde(flatten)]
    pub stat: Stat,
}

/// The metric's values at every tick, in tick order; `None` for an unknown metric.
pub fn series(ticks: &[TickMetrics], metric: &str) -> Option<Vec<f64>> {
    let i = metric_names().iter().position(|n| n == metric)?;
    Some(
        ticks
            .iter()
            .map(|m| {
                let mut w = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(Vec::new());
                w.serialize(m).expect("plain numeric struct");
                let line = String::from_utf8(w.into_inner().expect("in memory")).expect("ascii");
                line.trim_end()
                    .split(',')
                    .nth(i)
                    .and_then(|x| x.parse().ok())
                    .unwrap_or(f64::NAN)
            })
            .collect(),
    )
}

impl Outcome {
    /// The outcome of one run (`ticks[t]` is tick t). `None` when there is no value: an
    /// empty window, or a level never crossed.
    pub fn compute(&self, ticks: &[TickMetrics]) -> Option<f64> {
        let xs = series(ticks, &self.metric)?;
        self.compute_series(&ticks.iter().map(|m| m.tick).collect::<Vec<_>>(), &xs)
    }

    /// As [`compute`](Self::compute), from the metric's values at the given ticks.
    pub fn compute_series(&self, ticks: &[u32], xs: &[f64]) -> Option<f64> {
        match self.stat {
            Stat::Final => xs.last().copied(),
            Stat::Mean { from, to } => {
                let window: Vec<f64> = ticks
                    .iter()
                    .zip(xs)
                    .filter(|&(&t, _)| t >= from && t <= to)
                    .map(|(_, &x)| x)
                    .collect();
                (!window.is_empty()).then(|| window.iter().sum::<f64>() / window.len() as f64)
            }
            Stat::FirstCrossing { level, direction } => ticks
                .iter()
                .zip(xs)
                .find(|&(_, &x)| match direction {
                    Direction::Up => x >= level,
                    Direction::Down => x <= level,
                })
                .map(|(&t, _)| f64::from(t)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run() -> Vec<TickMetrics> {
        [0.1, 0.2, 0.4, 0.3, 0.5]
            .iter()
            .enumerate()
            .map(|(t, &p)| TickMetrics {
                tick: t as u32,
                participation_rate: p,
                backlog: 10 - 2 * t as u64,
                ..TickMetrics::default()
            })
            .collect()
    }

    fn outcome(metric: &str, stat: Stat) -> Outcome {
        Outcome {
            name: "o".into(),
            metric: metric.into(),
            stat,
        }
    }

    #[test]
    fn final_mean_and_crossings() {
        let r = run();
        assert_eq!(
            outcome("participation_rate", Stat::Final).compute(&r),
            Some(0.5)
        );
        assert_eq!(outcome("backlog", Stat::Final).compute(&r), Some(2.0));
        let m = outcome("participation_rate", Stat::Mean { from: 1, to: 3 }).compute(&r);
        assert!((m.unwrap() - 0.3).abs() < 1e-12);
        assert_eq!(
            outcome("participation_rate", Stat::Mean { from: 7, to: 9 }).compute(&r),
            None
        );
        let up = |level| Stat::FirstCrossing {
            level,
            direction: Direction::Up,
        };
        assert_eq!(
            outcome("participation_rate", up(0.35)).compute(&r),
            Some(2.0)
        );
        assert_eq!(
            outcome("participation_rate", up(0.1)).compute(&r),
            Some(0.0)
        );
        assert_eq!(outcome("participation_rate", up(0.9)).compute(&r), None);
        let down = Stat::FirstCrossing {
            level: 5.0,
            direction: Direction::Down,
        };
        assert_eq!(outcome("backlog", down).compute(&r), Some(3.0));
        assert_eq!(outcome("no_such_metric", Stat::Final).compute(&r), None);
    }
}
