//! Exporters: turn results into bytes. No I/O here; the binary decides where bytes go.
//!
//! * `trajectories.csv`: one row per (scenario, replicate, tick), the replicate's seed in
//!   every row, then one column per metric (see `metrics::TickMetrics`).
//! * `manifest.json`: what was run, with what, by which version, how long it took.
//! * the final-tick table printed at the end of `cogov run`.

use serde::Serialize;

use crate::metrics::{TickMetrics, metric_names};
use crate::scenario::Scenario;

/// Columns before the metrics.
pub const ID_COLUMNS: [&str; 3] = ["scenario", "replicate", "seed"];

/// The header line of `trajectories.csv`.
pub fn trajectories_header() -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let names = metric_names();
    let mut header: Vec<&str> = ID_COLUMNS.to_vec();
    header.extend(names.iter().map(String::as_str));
    w.write_record(&header).expect("in-memory write");
    w.into_inner().expect("in-memory write")
}

/// The rows of one replicate.
pub fn trajectory_rows(
    scenario: &str,
    replicate: u32,
    seed: u64,
    ticks: &[TickMetrics],
) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let (rep, seed) = (replicate.to_string(), seed.to_string());
    for m in ticks {
        let mut row = vec![scenario.to_string(), rep.clone(), seed.clone()];
        row.extend(m.fields());
        w.write_record(&row).expect("in-memory write");
    }
    w.into_inner().expect("in-memory write")
}

/// One scenario as recorded in the manifest.
#[derive(Clone, Debug, Serialize)]
pub struct ManifestScenario {
    pub name: String,
    /// The file it came from, as given.
    pub file: String,
    /// `Scenario::hash_hex` of the resolved scenario.
    pub hash: String,
    pub resolved: Scenario,
}

/// `manifest.json`.
#[derive(Clone, Debug, Serialize)]
pub struct Manifest {
    pub cogov_version: String,
    pub command: Vec<String>,
    pub scenarios: Vec<ManifestScenario>,
    pub master_seed: u64,
    pub replicates: u32,
    /// Replicate r of every scenario runs with seed master_seed + r.
    pub seed_rule: String,
    pub threads: usize,
    pub started: String,
    pub wall_seconds: f64,
    pub complete: bool,
}

pub fn manifest_json(m: &Manifest) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(m).expect("serialisable");
    bytes.push(b'\n');
    bytes
}

/// Metrics shown in the final-tick table, in order.
pub const KEY_METRICS: [&str; 9] = [
    "participation_rate",
    "mean_trust",
    "mean_satisfaction",
    "admin_share",
    "issues_resolved_total",
    "backlog",
    "mean_wait",
    "ngos_active",
    "participation_gap_age",
];

/// A plain-text table of final-tick means over replicates: one row per scenario.
pub fn final_means_table(rows: &[(String, Vec<TickMetrics>)]) -> String {
    let width = rows
        .iter()
        .map(|(n, _)| n.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    let mut out = format!("{:width$}", "scenario");
    for k in KEY_METRICS {
        out.push_str(&format!("  {k:>w$}", w = k.len().max(8)));
    }
    out.push('\n');
    for (name, finals) in rows {
        out.push_str(&format!("{name:width$}"));
        for k in KEY_METRICS {
            let vals: Vec<f64> = finals.iter().filter_map(|m| m.get(k)).collect();
            let mean = if vals.is_empty() {
                0.0
            } else {
                vals.iter().sum::<f64>() / vals.len() as f64
            };
            out.push_str(&format!(
                "  {:>w$}",
                format_number(mean),
                w = k.len().max(8)
            ));
        }
        out.push('\n');
    }
    out
}

fn format_number(x: f64) -> String {
    crate::format::magnitude(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_match_the_header() {
        let header = String::from_utf8(trajectories_header()).unwrap();
        let cols = header.trim_end().split(',').count();
        let m = TickMetrics {
            tick: 3,
            participation_rate: 0.25,
            ..TickMetrics::default()
        };
        let rows = String::from_utf8(trajectory_rows("a, \"b\"", 2, 7, &[m.clone(), m])).unwrap();
        let all = format!("{header}{rows}");
        let mut r = csv::Reader::from_reader(all.as_bytes());
        let records: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].len(), cols);
        assert_eq!(&records[0][0], "a, \"b\"");
        assert_eq!(&records[0][1], "2");
        assert_eq!(&records[0][2], "7");
        assert_eq!(&records[0][3], "3");
        assert_eq!(&records[0][4], "0.25");
    }

    #[test]
    fn the_final_table_shows_means() {
        let a = TickMetrics {
            participation_rate: 0.2,
            ..TickMetrics::default()
        };
        let b = TickMetrics {
            participation_rate: 0.4,
            ..TickMetrics::default()
        };
        let t = final_means_table(&[("baseline".into(), vec![a, b])]);
        assert!(t.lines().nth(1).unwrap().contains("0.300"), "{t}");
    }
}
