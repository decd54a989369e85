//! The analysis files of a finished sweep, from its manifest and `runs.csv`, as (name,
//! bytes): the caller writes them. No file I/O.
//!
//! * Random and Latin-hypercube designs: `sensitivity.csv` (PRCC with 95% interval, SRC
//!   and R² per outcome and parameter, see [`analysis`]) and a bar chart per outcome,
//!   `sensitivity-<outcome>`.
//! * Grids of two parameters: a heatmap per outcome of the mean over replicates,
//!   `heatmap-<outcome>`; grids of one parameter: the mean with its 95% band,
//!   `outcome-<outcome>`. Other grids get no analysis.
//!
//! Every chart is written as `.svg` and `.png` in English, and as `.zh.svg` and `.zh.png`
//! in Chinese. Parameters are labelled by [`i18n::parameter_label`]; an outcome by
//! [`i18n::metric_label`] of its name (so an outcome named after a metric gets the
//! metric's label, any other keeps its name, as in `runs.csv`).

use std::io::Read;

use crate::i18n::{self, Lang};
use crate::plot::PlotError;
use crate::plot_sweep::{Bar, KeyWords, SweepChart};
use crate::sweep::analysis::{self, Sensitivity};
use crate::sweep::{DesignKind, Manifest};

/// Why the analysis could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(
        "manifest.json names the design {0:?}; expected grid, random, latin_hypercube, morris or sobol"
    )]
    Design(String),
    #[error("manifest.json: a {0} design without its settings (`{0}`)")]
    Settings(String),
    #[error("runs.csv: {0}")]
    Csv(#[from] csv::Error),
    #[error("chart {name}: {source}")]
    Plot { name: String, source: PlotError },
}

/// One row of `runs.csv` as the analysis needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub point: usize,
    /// Each varied parameter's value as written.
    pub params: Vec<String>,
    /// Each outcome; NaN where the run failed or the outcome has no value.
    pub outcomes: Vec<f64>,
}

/// The languages every chart is drawn in, and the suffix of their file names.
const LANGS: [(Lang, &str); 2] = [(Lang::En, ""), (Lang::Zh, ".zh")];

/// Whether `name` is a file [`analyse`] may write (for removing an old analysis).
pub fn is_analysis_file(name: &str) -> bool {
    let prefixed = ["sensitivity", "heatmap-", "outcome-", "morris", "sobol"]
        .iter()
        .any(|p| name.starts_with(p));
    prefixed && [".svg", ".png", ".csv"].iter().any(|e| name.ends_with(e))
}

/// A file name from a column name: anything but ASCII letters, digits, `_` and `-`
/// becomes `_`.
pub fn file_part(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The runs of `runs.csv` (with its header) for the sweep `m`.
pub fn read_runs(m: &Manifest, runs_csv: impl Read) -> Result<Vec<Run>, ReportError> {
    let k = m.parameters.len();
    let mut r = csv::Reader::from_reader(runs_csv);
    let mut runs = Vec::new();
    for rec in r.records() {
        let rec = rec?;
        let failed = !rec
            .get(rec.len().saturating_sub(1))
            .unwrap_or("")
            .is_empty();
        let outcome = |o: usize| {
            let v = rec.get(4 + k + o).and_then(|x| x.parse::<f64>().ok());
            if failed {
                f64::NAN
            } else {
                v.unwrap_or(f64::NAN)
            }
        };
        runs.push(Run {
            point: rec.get(1).and_then(|p| p.parse().ok()).unwrap_or(0),
            params: (0..k)
                .map(|j| rec.get(4 + j).unwrap_or("").to_string())
                .collect(),
            outcomes: (0..m.outcomes.len()).map(outcome).collect(),
        });
    }
    Ok(runs)
}

/// The design kind a manifest records.
fn design_of(m: &Manifest) -> Result<DesignKind, ReportError> {
    serde::Deserialize::deserialize(
        serde::de::value::StrDeserializer::<serde::de::value::Error>::new(&m.design),
    )
    .map_err(|_| ReportError::Design(m.design.clone()))
}

/// The names of every file [`analyse`] writes for the sweep `m`, in its order: what a
/// sweep folder records as its own (so `--force` may remove them) before it runs.
pub fn file_names(m: &Manifest) -> Result<Vec<String>, ReportError> {
    let k = m.parameters.len();
    let kind = match design_of(m)? {
        DesignKind::Morris => return Ok(super::screening::morris_names(m)),
        DesignKind::Sobol => {
            let s = m
                .sobol
                .ok_or_else(|| ReportError::Settings("sobol".into()))?;
            return Ok(super::screening::sobol_names(m, &s));
        }
        DesignKind::Random | DesignKind::LatinHypercube => "sensitivity",
        DesignKind::Grid if k == 2 => "heatmap",
        DesignKind::Grid if k == 1 => "outcome",
        DesignKind::Grid => return Ok(Vec::new()),
    };
    let mut names = Vec::new();
    for o in &m.outcomes {
        for (_, suffix) in LANGS {
            for ext in ["svg", "png"] {
                names.push(format!("{kind}-{}{suffix}.{ext}", file_part(o)));
            }
        }
    }
    if kind == "sensitivity" {
        names.push("sensitivity.csv".into());
    }
    Ok(names)
}

/// The analysis files of the sweep `m` from its runs, in a fixed order.
pub fn analyse(m: &Manifest, runs: &[Run]) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
    let design = design_of(m)?;
    let k = m.parameters.len();
    match design {
        DesignKind::Morris => {
            let s = m
                .morris
                .ok_or_else(|| ReportError::Settings("morris".into()))?;
            super::screening::morris_files(m, &s, runs)
        }
        DesignKind::Sobol => {
            let s = m
                .sobol
                .ok_or_else(|| ReportError::Settings("sobol".into()))?;
            super::screening::sobol_files(m, &s, runs)
        }
        DesignKind::Random | DesignKind::LatinHypercube => sensitivity_files(m, runs),
        DesignKind::Grid if k == 1 || k == 2 => grid_files(m, runs),
        DesignKind::Grid => Ok(Vec::new()),
    }
}

fn numeric(t: &str) -> f64 {
    t.parse::<f64>().unwrap_or(f64::NAN)
}

/// An outcome's label in `lang`.
pub(super) fn outcome_label(name: &str, lang: Lang) -> String {
    i18n::metric_label(name, lang)
}

/// Both languages' SVG and PNG of the charts `chart(lang)`, named `<stem><lang>.<ext>`.
pub(super) fn chart_files(
    stem: &str,
    chart: impl Fn(Lang) -> SweepChart,
) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
    let mut files = Vec::new();
    for (lang, suffix) in LANGS {
        let c = chart(lang);
        let err = |ext: &str| {
            let name = format!("{stem}{suffix}.{ext}");
            move |source| ReportError::Plot { name, source }
        };
        files.push((
            format!("{stem}{suffix}.svg"),
            c.svg().map_err(err("svg"))?.into_bytes(),
        ));
        files.push((format!("{stem}{suffix}.png"), c.png().map_err(err("png"))?));
    }
    Ok(files)
}

fn sensitivity_files(m: &Manifest, runs: &[Run]) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
    let k = m.parameters.len();
    let mut files = Vec::new();
    let mut rows = Vec::new();
    for (o, name) in m.outcomes.iter().enumerate() {
        let keep: Vec<&Run> = runs
            .iter()
            .filter(|r| {
                r.outcomes[o].is_finite() && r.params.iter().all(|t| numeric(t).is_finite())
            })
            .collect();
        let xs: Vec<Vec<f64>> = (0..k)
            .map(|j| keep.iter().map(|r| numeric(&r.params[j])).collect())
            .collect();
        let y: Vec<f64> = keep.iter().map(|r| r.outcomes[o]).collect();
        let s = analysis::sensitivity(name, &m.parameters, &xs, &y);
        let stem = format!("sensitivity-{}", file_part(name));
        files.extend(chart_files(&stem, |lang| {
            bar_chart(name, &s, y.len(), lang)
        })?);
        rows.extend(s);
    }
    files.push(("sensitivity.csv".into(), analysis::sensitivity_csv(&rows)));
    Ok(files)
}

/// The PRCC bars of one outcome from `n` runs.
fn bar_chart(outcome: &str, s: &[Sensitivity], n: usize, lang: Lang) -> SweepChart {
    let r2 = s.first().map_or(f64::NAN, |r| r.r2);
    let title = i18n::fill(
        &i18n::text("sweep_prcc_title", lang),
        &[
            ("outcome", &outcome_label(outcome, lang)),
            ("n", &n.to_string()),
            ("r2", &format!("{r2:.2}")),
        ],
    );
    SweepChart::Bars {
        title,
        x_label: i18n::text("sweep_prcc_axis", lang),
        bars: s
            .iter()
            .map(|r| Bar {
                label: i18n::parameter_label(&r.parameter, lang),
                value: r.prcc,
                low: r.prcc_low,
                high: r.prcc_high,
            })
            .collect(),
        key: KeyWords {
            first: i18n::text("sweep_raises", lang),
            second: i18n::text("sweep_lowers", lang),
            third: i18n::text("ci95", lang),
            missing: i18n::text("sweep_not_computable", lang),
        },
    }
}

/// A grid's points: each parameter's values in the order of the grid, and each point's
/// values (empty for a point with no run).
fn grid_axes(m: &Manifest, runs: &[Run]) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let k = m.parameters.len();
    let n_points = m.points as usize;
    let mut axes: Vec<Vec<String>> = vec![Vec::new(); k];
    let mut point_values: Vec<Vec<String>> = vec![Vec::new(); n_points];
    for r in runs {
        if r.point < n_points && point_values[r.point].is_empty() {
            point_values[r.point] = r.params.clone();
        }
        for (axis, v) in axes.iter_mut().zip(&r.params) {
            if !axis.contains(v) {
                axis.push(v.clone());
            }
        }
    }
    (axes, point_values)
}

fn grid_files(m: &Manifest, runs: &[Run]) -> Result<Vec<(String, Vec<u8>)>, ReportError> {
    let two = m.parameters.len() == 2;
    let (axes, point_values) = grid_axes(m, runs);
    let mut files = Vec::new();
    for (o, name) in m.outcomes.iter().enumerate() {
        let values: Vec<(usize, f64)> = runs.iter().map(|r| (r.point, r.outcomes[o])).collect();
        let est = analysis::point_estimates(m.points as usize, &values);
        if two {
            let mut cells = vec![vec![f64::NAN; axes[1].len()]; axes[0].len()];
            for (e, pv) in est.iter().zip(&point_values) {
                if let (Some(e), Some(a), Some(b)) = (
                    e,
                    pv.first().and_then(|v| axes[0].iter().position(|x| x == v)),
                    pv.get(1).and_then(|v| axes[1].iter().position(|x| x == v)),
                ) {
                    cells[a][b] = e.mean;
                }
            }
            let stem = format!("heatmap-{}", file_part(name));
            files.extend(chart_files(&stem, |lang| SweepChart::Heatmap {
                title: grid_title("sweep_heatmap_title", name, m.replicates, lang),
                x_label: i18n::parameter_label(&m.parameters[1], lang),
                y_label: i18n::parameter_label(&m.parameters[0], lang),
                xs: axes[1].clone(),
                ys: axes[0].clone(),
                cells: cells.clone(),
                key: KeyWords {
                    third: i18n::text("sweep_no_value", lang),
                    ..KeyWords::default()
                },
            })?);
        } else {
            let points: Vec<(f64, f64, f64, f64)> = est
                .iter()
                .zip(&point_values)
                .filter_map(|(e, pv)| {
                    let e = e.as_ref()?;
                    let x = pv.first().map_or(f64::NAN, |t| numeric(t));
                    x.is_finite().then_some((x, e.mean, e.low, e.high))
                })
                .collect();
            let stem = format!("outcome-{}", file_part(name));
            files.extend(chart_files(&stem, |lang| SweepChart::Line {
                title: grid_title("sweep_outcome_title", name, m.replicates, lang),
                x_label: i18n::parameter_label(&m.parameters[0], lang),
                y_label: outcome_label(name, lang),
                points: points.clone(),
                key: KeyWords {
                    first: i18n::text("mean", lang),
                    second: i18n::text("sweep_interval", lang),
                    ..KeyWords::default()
                },
            })?);
        }
    }
    Ok(files)
}

fn grid_title(key: &str, outcome: &str, replicates: u32, lang: Lang) -> String {
    i18n::fill(
        &i18n::text(key, lang),
        &[
            ("outcome", &outcome_label(outcome, lang)),
            ("replicates", &replicates.to_string()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(design: &str, parameters: &[&str], outcomes: &[&str], points: u64) -> Manifest {
        Manifest {
            cogov_version: "test".into(),
            sweep_file: "s.toml".into(),
            sweep_hash: "0".into(),
            base_file: "b.toml".into(),
            base_hash: "0".into(),
            design: design.into(),
            parameters: parameters.iter().map(|s| s.to_string()).collect(),
            outcomes: outcomes.iter().map(|s| s.to_string()).collect(),
            points,
            replicates: 2,
            runs: 0,
            master_seed: 1,
            seed_rule: String::new(),
            trajectories: false,
            shard: None,
            complete: false,
            finished_runs: 0,
            failed_runs: 0,
            morris: None,
            sobol: None,
        }
    }

    /// A `runs.csv` of a sampled design: y = 2a - b + noise-free wobble, run 3 failed.
    fn sampled_csv(n: usize) -> String {
        let mut s = String::from(
            "run_id,point,replicate,seed,office.access_list,committee.skill,y,error\n",
        );
        for i in 0..n {
            let a = (i * 7 % n) as f64 / n as f64;
            let b = (i * 3 % n) as f64 / n as f64;
            let y = 2.0 * a - b + 0.01 * ((i * 5 % 11) as f64);
            let err = if i == 3 { "boom" } else { "" };
            s.push_str(&format!("{i},{i},0,{},{a},{b},{y},{err}\n", i + 1));
        }
        s
    }

    fn names(files: &[(String, Vec<u8>)]) -> Vec<&str> {
        files.iter().map(|(n, _)| n.as_str()).collect()
    }

    #[test]
    fn sensitivity_csv_is_the_analysis_of_the_runs() {
        let m = manifest(
            "latin_hypercube",
            &["office.access_list", "committee.skill"],
            &["y"],
            30,
        );
        let runs = read_runs(&m, sampled_csv(30).as_bytes()).unwrap();
        assert!(runs[3].outcomes[0].is_nan(), "a failed run has no outcome");
        let files = analyse(&m, &runs).unwrap();
        assert_eq!(names(&files), file_names(&m).unwrap());
        assert_eq!(
            names(&files),
            [
                "sensitivity-y.svg",
                "sensitivity-y.png",
                "sensitivity-y.zh.svg",
                "sensitivity-y.zh.png",
                "sensitivity.csv"
            ]
        );
        // The same bytes as the analysis computed directly from the 29 runs that count.
        let keep: Vec<&Run> = runs.iter().filter(|r| r.outcomes[0].is_finite()).collect();
        let xs: Vec<Vec<f64>> = (0..2)
            .map(|j| keep.iter().map(|r| numeric(&r.params[j])).collect())
            .collect();
        let y: Vec<f64> = keep.iter().map(|r| r.outcomes[0]).collect();
        let direct = analysis::sensitivity_csv(&analysis::sensitivity("y", &m.parameters, &xs, &y));
        assert_eq!(files[4].1, direct);
        let csv = String::from_utf8(direct).unwrap();
        assert!(
            csv.starts_with(
                "outcome,parameter,n,prcc,prcc_low,prcc_high,src,r2\ny,office.access_list,29,0.9"
            ),
            "{csv}"
        );
        // The charts in both languages.
        let en = String::from_utf8(files[0].1.clone()).unwrap();
        let zh = String::from_utf8(files[2].1.clone()).unwrap();
        assert!(
            en.contains("y: partial rank correlation (95% CI), n = 29"),
            "{en}"
        );
        assert!(zh.contains(&i18n::parameter_label("office.access_list", Lang::Zh)));
        assert!(zh.contains("偏秩相关"), "{zh}");
        assert!(files[1].1.starts_with(b"\x89PNG") && files[1].1.len() > 10_000);
        // Random designs are analysed alike; unknown designs are an error.
        let random = analyse(
            &manifest(
                "random",
                &m.parameters.iter().map(String::as_str).collect::<Vec<_>>(),
                &["y"],
                30,
            ),
            &runs,
        )
        .unwrap();
        assert_eq!(random[4], files[4]);
        let e = analyse(&manifest("sobel", &[], &[], 0), &[]).unwrap_err();
        assert!(e.to_string().contains("\"sobel\"") && e.to_string().contains("latin_hypercube"));
        let e = analyse(&manifest("sobol", &[], &[], 0), &[]).unwrap_err();
        assert!(e.to_string().contains("without its settings"), "{e}");
    }

    #[test]
    fn grids_get_heatmaps_or_lines() {
        let csv = "run_id,point,replicate,seed,a,b,participation_rate,error\n\
                   0,0,0,1,0.1,x,0.5,\n1,0,1,2,0.1,x,0.7,\n2,1,0,3,0.1,y,0.2,\n3,1,1,4,0.1,y,,\n\
                   4,2,0,5,0.3,x,0.9,\n5,2,1,6,0.3,x,0.9,\n6,3,0,7,0.3,y,0.1,boom\n7,3,1,8,0.3,y,0.1,boom\n";
        let m = manifest("grid", &["a", "b"], &["participation_rate"], 4);
        let files = analyse(&m, &read_runs(&m, csv.as_bytes()).unwrap()).unwrap();
        assert_eq!(names(&files)[0], "heatmap-participation_rate.svg");
        assert_eq!(names(&files), file_names(&m).unwrap());
        let svg = String::from_utf8(files[0].1.clone()).unwrap();
        // Means of points 0, 1 and 2; point 3 failed: grey, with the key saying so.
        for v in [
            "0.60",
            "0.20",
            "0.90",
            "no value",
            "Participation rate: mean over 2 replicates",
        ] {
            assert!(svg.contains(&format!(">\n{v}\n</text>")), "{v}: {svg}");
        }
        let zh = String::from_utf8(files[2].1.clone()).unwrap();
        assert!(zh.contains("参与率"), "metric label in Chinese");

        let one = manifest("grid", &["a"], &["p q"], 2);
        let csv = "run_id,point,replicate,seed,a,p q,error\n0,0,0,1,0.2,1,\n1,0,1,2,0.2,3,\n2,1,0,3,0.4,2,\n3,1,1,4,0.4,2,\n";
        let files = analyse(&one, &read_runs(&one, csv.as_bytes()).unwrap()).unwrap();
        assert_eq!(
            names(&files),
            [
                "outcome-p_q.svg",
                "outcome-p_q.png",
                "outcome-p_q.zh.svg",
                "outcome-p_q.zh.png"
            ]
        );
        let svg = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(
            svg.contains("p q: mean and 95% interval over 2 replicates"),
            "{svg}"
        );
        // Three parameters on a grid: nothing to draw.
        let three = manifest("grid", &["a", "b", "c"], &["y"], 1);
        assert!(analyse(&three, &[]).unwrap().is_empty());
    }

    /// Writes the charts of the tests' sweeps to $COGOV_EXAMPLES (if set), to look at.
    #[test]
    fn write_examples() {
        let Some(dir) = std::env::var_os("COGOV_EXAMPLES") else {
            return;
        };
        let dir = std::path::PathBuf::from(dir);
        let m = manifest(
            "latin_hypercube",
            &["office.access_list", "committee.skill"],
            &["participation_rate"],
            30,
        );
        let csv = sampled_csv(30).replace(",y,", ",participation_rate,");
        let mut files = analyse(&m, &read_runs(&m, csv.as_bytes()).unwrap()).unwrap();
        let csv = "run_id,point,replicate,seed,office.access_list,committee.skill,participation_rate,error\n\
                   0,0,0,1,0.1,0.2,0.5,\n1,0,1,2,0.1,0.2,0.7,\n2,1,0,3,0.1,0.5,0.2,\n3,1,1,4,0.1,0.5,,\n\
                   4,2,0,5,0.3,0.2,0.9,\n5,2,1,6,0.3,0.2,0.9,\n6,3,0,7,0.3,0.5,0.1,boom\n";
        let g = manifest(
            "grid",
            &["office.access_list", "committee.skill"],
            &["participation_rate"],
            4,
        );
        files.extend(analyse(&g, &read_runs(&g, csv.as_bytes()).unwrap()).unwrap());
        let one = manifest("grid", &["office.access_list"], &["participation_rate"], 3);
        let csv = "run_id,point,replicate,seed,office.access_list,participation_rate,error\n\
                   0,0,0,1,0.2,0.1,\n1,0,1,2,0.2,0.3,\n2,1,0,3,0.4,0.2,\n3,1,1,4,0.4,0.25,\n4,2,0,5,0.6,0.5,\n5,2,1,6,0.6,0.4,\n";
        files.extend(analyse(&one, &read_runs(&one, csv.as_bytes()).unwrap()).unwrap());
        for (name, bytes) in files {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
    }

    /// `runs.csv` of a 6-point Latin hypercube (2 replicates) and the `sensitivity.csv`
    /// that cogov wrote from it before the analysis moved into the library.
    const PINNED_RUNS: &str = "run_id,point,replicate,seed,office.access_list,participation.w_social,participation,trust,error\n\
0,0,0,3,0.674355502562976,0.38999185009090565,0.07333333333333333,0.45053014133539465,\n\
1,0,1,4,0.674355502562976,0.38999185009090565,0.03,0.4545938801103168,\n\
2,1,0,5,0.6305010814546641,0.4867659514735576,0.06666666666666667,0.44864456524451574,\n\
3,1,1,6,0.6305010814546641,0.4867659514735576,0.08,0.4453845031642251,\n\
4,2,0,7,0.3534277245603921,0.7207389389293728,0.21666666666666667,0.45846528541710635,\n\
5,2,1,8,0.3534277245603921,0.7207389389293728,0.13666666666666666,0.44597062968959417,\n\
6,3,0,9,0.2089938673863955,0.2629393176464312,0.05333333333333334,0.45449717100295756,\n\
7,3,1,10,0.2089938673863955,0.2629393176464312,0.04666666666666667,0.44623302416255073,\n\
8,4,0,11,0.03608903421998801,0.5815194185033129,0.06,0.44840366721153263,\n\
9,4,1,12,0.03608903421998801,0.5815194185033129,0.10666666666666667,0.45200860304137064,\n\
10,5,0,13,0.44233977255531437,0.633830501030687,0.04666666666666667,0.4619634603791767,\n\
11,5,1,14,0.44233977255531437,0.633830501030687,0.14,0.44385045028395126,\n\
";
    const PINNED_SENSITIVITY: &str = "outcome,parameter,n,prcc,prcc_low,prcc_high,src,r2\n\
participation,office.access_list,12,-0.024644311535450086,-0.6154212410756335,0.583862233304154,-0.04743337583736985,0.49666410488953605\n\
participation,participation.w_social,12,0.6603093433862164,0.10007391564144331,0.9026442089669134,0.6981973407331517,0.49666410488953605\n\
trust,office.access_list,12,0.026525530789029566,-0.5826201362413649,0.6165893723500895,0.001964727511738784,0.010292228763474354\n\
trust,participation.w_social,12,-0.010205186793937992,-0.6063681138929998,0.5933019242123937,0.10163750455585019,0.010292228763474354\n\
";

    #[test]
    fn sensitivity_csv_bytes_are_unchanged() {
        let m = manifest(
            "latin_hypercube",
            &["office.access_list", "participation.w_social"],
            &["participation", "trust"],
            6,
        );
        let files = analyse(&m, &read_runs(&m, PINNED_RUNS.as_bytes()).unwrap()).unwrap();
        let (name, bytes) = files.last().unwrap();
        assert_eq!(name, "sensitivity.csv");
        assert_eq!(std::str::from_utf8(bytes).unwrap(), PINNED_SENSITIVITY);
    }

    #[test]
    fn analysis_file_names() {
        for n in [
            "sensitivity.csv",
            "sensitivity-y.zh.png",
            "heatmap-a.svg",
            "outcome-b.png",
        ] {
            assert!(is_analysis_file(n), "{n}");
        }
        for n in ["runs.csv", "heatmap-a.txt", "journal.csv"] {
            assert!(!is_analysis_file(n), "{n}");
        }
        assert_eq!(file_part("a.b c-d_e"), "a_b_c-d_e");
    }
}
