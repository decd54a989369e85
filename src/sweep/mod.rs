//! Parameter sweeps: many runs of one base scenario over a design of parameter values.
//!
//! A sweep file (TOML) names a base scenario, the parameters to vary by their dotted path,
//! a design ([`design`]: grid, random or Latin hypercube; [`morris`] and [`sobol`] for
//! global sensitivity), the replicates per point, a master seed and the outcomes recorded
//! per run ([`outcome`]). [`load_file`] reads and
//! checks it; every problem is a [`Problem`] naming file, line, column and key, as for
//! scenarios, and every design point is checked to give a valid scenario.
//!
//! **Runs.** Run ids are point-major, replicate-minor: run `id` is replicate
//! `id % replicates` of point `id / replicates`, and it runs with seed `seed + id`
//! (wrapping), so any run can be reproduced alone (`Sweep::scenario` of its point, with
//! that seed). Different points do not share seeds. [`Sweep::run`] runs one, catching
//! errors and panics: a failed run is a row with its error, never the end of a sweep.
//!
//! **Rows.** [`Sweep::header`] and [`Sweep::row`] give the lines of `runs.csv` (run_id,
//! point, replicate, seed, each varied parameter by its dotted path, each outcome, error).
//! An outcome with no value (a level never crossed) is an empty field. The binary appends
//! each row to a journal as its run finishes; [`journal`] reads journals back (ignoring a
//! torn last line) and checks that a set of rows is complete.

pub mod analysis;
pub mod design;
pub mod journal;
pub mod morris;
pub mod outcome;
pub mod sobol;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diagnostics::{
    FileKind, Spot, control_character, read_user_file, serde_message, suggest, syntax_message,
};
use crate::dotted;
use crate::dotted::get as lookup;
use crate::metrics::{TickMetrics, metric_names};
use crate::scenario::load::fnv1a64;
use crate::scenario::table::to_table;
use crate::scenario::{self, Location, Problem, Scenario, ScenarioError};

pub use outcome::{Direction, Outcome, Stat};

/// Columns of `runs.csv` before the parameters.
pub const ID_COLUMNS: [&str; 4] = ["run_id", "point", "replicate", "seed"];
/// The last column of `runs.csv`: empty, or why the run failed.
pub const ERROR_COLUMN: &str = "error";
/// At most this many runs in one sweep. The runner keeps about 24 bytes per run (where
/// each run's journal line is) and the points themselves; at this limit that is a few
/// hundred MB. Larger studies are several sweeps.
pub const MAX_RUNS: u64 = 10_000_000;

// ---------------------------------------------------------------------------------------
// The file as written

/// A sweep file as written (see the README's "Parameter sweeps").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepFile {
    /// The base scenario, relative to the sweep file.
    pub base: Spanned<String>,
    /// Runs per design point (default 1).
    pub replicates: Option<Spanned<u32>>,
    /// Master seed: design samples and run seeds (default 1).
    pub seed: Option<Spanned<u64>>,
    /// Write every run's per-tick trajectories (default false).
    #[serde(default)]
    pub trajectories: bool,
    pub design: Spanned<DesignSpec>,
    pub parameters: Spanned<Vec<Spanned<ParameterSpec>>>,
    pub outcomes: Spanned<Vec<Spanned<OutcomeSpec>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DesignSpec {
    pub kind: Spanned<DesignKind>,
    /// Points of a random or Latin-hypercube design.
    pub samples: Option<Spanned<u32>>,
    /// Morris: r, the trajectories kept.
    pub trajectories: Option<Spanned<u32>>,
    /// Morris: p, the levels of the grid (even; default 4).
    pub levels: Option<Spanned<u32>>,
    /// Morris: M, candidate trajectories for the improved choice (default: none).
    pub candidates: Option<Spanned<u32>>,
    /// Sobol: N, the base rows.
    pub base_samples: Option<Spanned<u32>>,
    /// Sobol: also run the rows for second-order indices (default false).
    pub second_order: Option<Spanned<bool>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DesignKind {
    Grid,
    Random,
    LatinHypercube,
    /// Morris screening ([`morris`]).
    Morris,
    /// Saltelli's scheme for Sobol' indices ([`sobol`]).
    Sobol,
}

impl DesignKind {
    pub fn name(self) -> &'static str {
        match self {
            DesignKind::Grid => "grid",
            DesignKind::Random => "random",
            DesignKind::LatinHypercube => "latin_hypercube",
            DesignKind::Morris => "morris",
            DesignKind::Sobol => "sobol",
        }
    }

    /// Whether points are drawn from ranges (every kind but the grid).
    pub fn sampled(self) -> bool {
        self != DesignKind::Grid
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParameterSpec {
    /// Dotted path in a scenario, e.g. `office.access_list`.
    pub path: Spanned<String>,
    /// Grid: the values, in order.
    pub values: Option<Spanned<Vec<toml::Value>>>,
    /// Range: lowest value.
    pub from: Option<Spanned<f64>>,
    /// Range: highest value.
    pub to: Option<Spanned<f64>>,
    /// Grid range: number of evenly spaced values, ends included.
    pub steps: Option<Spanned<u32>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeSpec {
    /// Column name in `runs.csv`.
    pub name: Spanned<String>,
    /// A column of `trajectories.csv`.
    pub metric: Spanned<String>,
    pub stat: Spanned<StatKind>,
    /// `mean`: first tick of the window (default 0).
    pub from: Option<Spanned<u32>>,
    /// `mean`: last tick of the window (default the last tick).
    pub to: Option<Spanned<u32>>,
    /// `first_crossing`: the level.
    pub level: Option<Spanned<f64>>,
    /// `first_crossing`: `up` (default) or `down`.
    pub direction: Option<Spanned<Direction>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatKind {
    Final,
    Mean,
    FirstCrossing,
}

// ---------------------------------------------------------------------------------------
// The resolved sweep

/// How a parameter's values are written into the scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// A whole number (sampled values are rounded).
    Integer,
    /// A number.
    Float,
    /// Anything else (grid lists only): a boolean, text, or a table.
    Other,
}

/// One varied parameter.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Parameter {
    /// Dotted path, also the column name.
    pub path: String,
    pub kind: ValueKind,
    /// The range of a sampled design.
    pub range: Option<(f64, f64)>,
}

/// A loaded, checked sweep.
#[derive(Clone, Debug)]
pub struct Sweep {
    /// The sweep file as given.
    pub file: PathBuf,
    /// FNV-1a (64-bit, hex) of the sweep file's bytes.
    pub file_hash: String,
    /// The base scenario's file.
    pub base_file: PathBuf,
    pub base: Scenario,
    pub design: DesignKind,
    pub parameters: Vec<Parameter>,
    /// One value per parameter, per point.
    pub points: Vec<Vec<toml::Value>>,
    pub replicates: u32,
    pub seed: u64,
    pub outcomes: Vec<Outcome>,
    pub trajectories: bool,
    /// The settings of a Morris design.
    pub morris: Option<morris::MorrisSettings>,
    /// The settings of a Sobol' design.
    pub sobol: Option<sobol::SobolSettings>,
}

/// What one run gave.
#[derive(Clone, Debug)]
pub struct RunOutput {
    pub id: u64,
    /// One value per outcome (None: no value), or why the run failed.
    pub result: Result<Vec<Option<f64>>, String>,
    /// The run's ticks, when the sweep keeps trajectories and the run succeeded.
    pub ticks: Option<Vec<TickMetrics>>,
}

impl Sweep {
    /// Number of runs: points × replicates.
    pub fn runs(&self) -> u64 {
        self.points.len() as u64 * u64::from(self.replicates)
    }

    /// (point, replicate) of a run.
    pub fn locate(&self, id: u64) -> (u64, u32) {
        let r = u64::from(self.replicates);
        (id / r, (id % r) as u32)
    }

    /// The seed of a run: master seed + run id (wrapping).
    pub fn seed_of(&self, id: u64) -> u64 {
        self.seed.wrapping_add(id)
    }

    /// The partial scenario a point sets.
    pub fn overlay(&self, point: usize) -> toml::Table {
        let mut t = toml::Table::new();
        for (p, v) in self.parameters.iter().zip(&self.points[point]) {
            dotted::set(&mut t, &p.path, v.clone());
        }
        t
    }

    /// The scenario of a point.
    pub fn scenario(&self, point: usize) -> Result<Scenario, ScenarioError> {
        self.base.with_overlay(&self.overlay(point))
    }

    /// Run one run with the model.
    pub fn run(&self, id: u64) -> RunOutput {
        self.run_with(id, |s, seed| {
            crate::run::run_one(s, seed).map_err(|e| e.to_string())
        })
    }

    /// Run one run with `f` in place of the model (tests inject failures this way).
    /// Errors and panics become a failed run.
    pub fn run_with(
        &self,
        id: u64,
        f: impl Fn(&Scenario, u64) -> Result<Vec<TickMetrics>, String>,
    ) -> RunOutput {
        let (point, _) = self.locate(id);
        let seed = self.seed_of(id);
        let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let s = self.scenario(point as usize).map_err(|e| e.to_string())?;
            f(&s, seed)
        }));
        let ticks = match attempt {
            Ok(r) => r,
            Err(panic) => Err(format!(
                "the run panicked: {}",
                panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(no message)".into())
            )),
        };
        match ticks {
            Ok(ticks) => RunOutput {
                id,
                result: Ok(self.outcomes.iter().map(|o| o.compute(&ticks)).collect()),
                ticks: self.trajectories.then_some(ticks),
            },
            Err(e) => RunOutput {
                id,
                result: Err(e),
                ticks: None,
            },
        }
    }

    /// The column names of `runs.csv`.
    pub fn columns(&self) -> Vec<String> {
        let mut c: Vec<String> = ID_COLUMNS.iter().map(|s| s.to_string()).collect();
        c.extend(self.parameters.iter().map(|p| p.path.clone()));
        c.extend(self.outcomes.iter().map(|o| o.name.clone()));
        c.push(ERROR_COLUMN.into());
        c
    }

    /// The header line of `runs.csv`.
    pub fn header(&self) -> Vec<u8> {
        csv_line(&self.columns())
    }

    /// The line of `runs.csv` (and of the journal) for a finished run.
    pub fn row(&self, out: &RunOutput) -> Vec<u8> {
        let (point, replicate) = self.locate(out.id);
        let mut f = vec![
            out.id.to_string(),
            point.to_string(),
            replicate.to_string(),
            self.seed_of(out.id).to_string(),
        ];
        f.extend(self.points[point as usize].iter().map(value_text));
        match &out.result {
            Ok(values) => {
                f.extend(
                    values
                        .iter()
                        .map(|v| v.map_or_else(String::new, |x| x.to_string())),
                );
                f.push(String::new());
            }
            Err(e) => {
                f.extend(self.outcomes.iter().map(|_| String::new()));
                let one_line: String = e
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join("; ");
                f.push(if one_line.is_empty() {
                    "failed".into()
                } else {
                    one_line
                });
            }
        }
        csv_line(&f)
    }

    /// The per-tick rows of a run, in the format of `trajectories.csv` with the run id in
    /// the `scenario` column.
    pub fn trajectory_rows(&self, id: u64, ticks: &[TickMetrics]) -> Vec<u8> {
        let (_, replicate) = self.locate(id);
        crate::export::trajectory_rows(&id.to_string(), replicate, self.seed_of(id), ticks)
    }

    /// What the manifest records about this sweep.
    pub fn manifest(&self, shard: Option<(u64, u64)>) -> Manifest {
        Manifest {
            cogov_version: env!("CARGO_PKG_VERSION").into(),
            sweep_file: self.file.display().to_string(),
            sweep_hash: self.file_hash.clone(),
            base_file: self.base_file.display().to_string(),
            base_hash: self.base.hash_hex(),
            design: self.design.name().into(),
            parameters: self.parameters.iter().map(|p| p.path.clone()).collect(),
            outcomes: self.outcomes.iter().map(|o| o.name.clone()).collect(),
            points: self.points.len() as u64,
            replicates: self.replicates,
            runs: self.runs(),
            master_seed: self.seed,
            seed_rule: "run id = point × replicates + replicate; seed = master_seed + run id"
                .into(),
            trajectories: self.trajectories,
            shard: shard.map(|(i, n)| format!("{i}/{n}")),
            complete: false,
            finished_runs: 0,
            failed_runs: 0,
            morris: self.morris,
            sobol: self.sobol,
        }
    }
}

/// `manifest.json` of a sweep folder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub cogov_version: String,
    pub sweep_file: String,
    /// FNV-1a of the sweep file's bytes: a folder is only resumed by the same file.
    pub sweep_hash: String,
    pub base_file: String,
    /// `Scenario::hash_hex` of the resolved base scenario.
    pub base_hash: String,
    pub design: String,
    pub parameters: Vec<String>,
    pub outcomes: Vec<String>,
    pub points: u64,
    pub replicates: u32,
    pub runs: u64,
    pub master_seed: u64,
    pub seed_rule: String,
    pub trajectories: bool,
    /// `I/N` for a shard (runs with id % N == I), absent for a whole sweep or a merge.
    pub shard: Option<String>,
    pub complete: bool,
    pub finished_runs: u64,
    pub failed_runs: u64,
    /// A Morris design's settings (its analysis rebuilds the trajectories from them and
    /// `master_seed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub morris: Option<morris::MorrisSettings>,
    /// A Sobol' design's settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sobol: Option<sobol::SobolSettings>,
}

impl Manifest {
    /// The column names of `runs.csv`.
    pub fn columns(&self) -> Vec<String> {
        let mut c: Vec<String> = ID_COLUMNS.iter().map(|s| s.to_string()).collect();
        c.extend(self.parameters.iter().cloned());
        c.extend(self.outcomes.iter().cloned());
        c.push(ERROR_COLUMN.into());
        c
    }

    /// The header line of `runs.csv`.
    pub fn header(&self) -> Vec<u8> {
        csv_line(&self.columns())
    }

    /// Whether two manifests describe the same sweep (same file, base and runs).
    pub fn same_sweep(&self, other: &Manifest) -> bool {
        self.sweep_hash == other.sweep_hash
            && self.base_hash == other.base_hash
            && self.runs == other.runs
    }

    pub fn to_json(&self) -> Vec<u8> {
        let mut b = serde_json::to_vec_pretty(self).expect("serialisable");
        b.push(b'\n');
        b
    }
}

/// The header of a sweep's `trajectories.csv`: the columns of `cogov run`'s, with the
/// run id in place of the scenario name.
pub fn trajectories_header() -> Vec<u8> {
    let mut h = vec!["run_id".to_string(), "replicate".into(), "seed".into()];
    h.extend(metric_names());
    csv_line(&h)
}

/// A value as written in `runs.csv`: numbers as the shortest text that reads back the
/// same, text bare, anything else as inline TOML.
pub fn value_text(v: &toml::Value) -> String {
    match v {
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(x) => x.to_string(),
        toml::Value::String(s) => s.clone(),
        toml::Value::Boolean(b) => b.to_string(),
        other => other.to_string(),
    }
}

fn csv_line<S: AsRef<[u8]>>(fields: &[S]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    w.write_record(fields).expect("in memory");
    w.into_inner().expect("in memory")
}

// ---------------------------------------------------------------------------------------
// Loading

/// Read a sweep file, its base scenario, and check every design point. The file must be a
/// regular file of at most [`MAX_FILE_BYTES`](crate::diagnostics::MAX_FILE_BYTES) in
/// UTF-8, as scenario files.
pub fn load_file(path: &Path) -> Result<Sweep, ScenarioError> {
    let text = read_user_file(path, FileKind::Sweep)?;
    load_str(&text, path)
}

/// Load a sweep from text; `name` is used in messages and the base scenario is found
/// relative to its folder.
pub fn load_str(text: &str, name: &Path) -> Result<Sweep, ScenarioError> {
    let spot = Spot::new(text, name);
    if let Some(problem) = control_character(text, name, FileKind::Sweep) {
        return Err(ScenarioError::one(problem));
    }
    let de = toml::Deserializer::parse(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        ScenarioError::one(Problem {
            location: spot.at(span.start),
            key: None,
            message: syntax_message(e.message(), span, text),
        })
    })?;
    let file: SweepFile = serde_path_to_error::deserialize(de).map_err(|e| {
        let mut key = e
            .path()
            .to_string()
            .replace(".$__serde_spanned_private_value", "")
            .replace("$__serde_spanned_private_value.", "")
            .replace("$__serde_spanned_private_value", "");
        let inner = e.into_inner();
        let (field, message) = serde_message(inner.message());
        if key == "." {
            key.clear();
        }
        if let Some(field) = field
            && key != field
            && !key.ends_with(&format!(".{field}"))
        {
            key = if key.is_empty() {
                field
            } else {
                format!("{key}.{field}")
            };
        }
        ScenarioError::one(Problem {
            location: spot.at(inner.span().map_or(0, |s| s.start)),
            key: (!key.is_empty()).then_some(key),
            message,
        })
    })?;
    resolve(file, &spot, fnv1a64(text.as_bytes()))
}

/// The base scenario and its table.
/// The base scenario a sweep or calibration file names (`base`, relative to the file's
/// folder): its path, the scenario, and its table (what parameter paths are checked against).
/// `kind` says which file it is in messages ("sweep", "calibration").
pub(crate) fn load_base(
    base: &Spanned<String>,
    spot: &Spot,
    kind: &str,
) -> Result<(PathBuf, Scenario, toml::Table), ScenarioError> {
    let base_file = spot
        .file
        .parent()
        .unwrap_or(Path::new(""))
        .join(base.get_ref());
    if !base_file.is_file() {
        return Err(ScenarioError::one(spot.problem(
            base,
            "base",
            format!(
                "cannot read the base scenario `{}` (looked for {}); the path is relative to \
                 the {kind} file's folder",
                base.get_ref(),
                base_file.display()
            ),
        )));
    }
    let base = scenario::load_file(&base_file)?;
    let base_table = to_table(&base).map_err(|e| {
        ScenarioError::one(Problem {
            location: Location::whole_file(&base_file),
            key: None,
            message: e,
        })
    })?;
    Ok((base_file, base, base_table))
}

/// The top-level settings: replicates, seed, design kind and samples.
fn check_settings(file: &SweepFile, spot: &Spot, problems: &mut Vec<Problem>) -> (u32, u64) {
    let replicates = file.replicates.as_ref().map_or(1, |r| *r.get_ref());
    if let Some(r) = &file.replicates
        && *r.get_ref() == 0
    {
        problems.push(spot.problem(r, "replicates", "0 is out of range; valid: >= 1".into()));
    }
    let seed = file.seed.as_ref().map_or(1, |s| *s.get_ref());
    let design = *file.design.get_ref().kind.get_ref();
    let samples = &file.design.get_ref().samples;
    let sampled = matches!(design, DesignKind::Random | DesignKind::LatinHypercube);
    check_design_keys(file, spot, problems);
    match (sampled, samples) {
        (true, None) => problems.push(spot.problem(
            &file.design,
            "design.samples",
            format!(
                "missing: a {} design needs `samples`, the number of points",
                design.name()
            ),
        )),
        (true, Some(s)) if *s.get_ref() == 0 => problems.push(spot.problem(
            s,
            "design.samples",
            "0 is out of range; valid: >= 1".into(),
        )),
        (false, Some(s)) if design == DesignKind::Grid => problems.push(
            spot.problem(
                s,
                "design.samples",
                "a grid has no `samples` (its points are every combination of the values); \
             remove it, or use kind = \"random\" or \"latin_hypercube\""
                    .into(),
            ),
        ),
        (false, Some(s)) => problems.push(spot.problem(
            s,
            "design.samples",
            format!(
                "a {} design has no `samples`; its size is set by {}",
                design.name(),
                if design == DesignKind::Morris {
                    "`trajectories` (and `levels`)"
                } else {
                    "`base_samples`"
                }
            ),
        )),
        _ => {}
    }
    (replicates, seed)
}

/// The number of runs the file asks for, checked against [`MAX_RUNS`] by arithmetic
/// (checked multiplication) before any value list or point is built: a grid of
/// `steps = 4294967295` is refused here, not by running out of memory.
fn check_size(file: &SweepFile, replicates: u32, spot: &Spot) -> Result<(), ScenarioError> {
    let design = *file.design.get_ref().kind.get_ref();
    if matches!(design, DesignKind::Morris | DesignKind::Sobol) {
        return check_screening_size(file, replicates, spot);
    }
    if design != DesignKind::Grid {
        let Some(samples) = &file.design.get_ref().samples else {
            return Ok(());
        };
        let n = *samples.get_ref();
        if u64::from(n).saturating_mul(u64::from(replicates)) > MAX_RUNS {
            return Err(ScenarioError::one(spot.problem(
                samples,
                "design.samples",
                format!(
                    "{n} samples × {replicates} replicates is more than the limit of \
                     {MAX_RUNS} runs"
                ),
            )));
        }
        return Ok(());
    }
    // A grid axis has its listed values or `steps` values (at most; equal rounded values
    // are merged later).
    let sizes: Vec<u64> = file
        .parameters
        .get_ref()
        .iter()
        .map(|p| {
            let p = p.get_ref();
            match (&p.values, &p.steps) {
                (Some(v), _) => v.get_ref().len() as u64,
                (None, Some(s)) => u64::from(*s.get_ref()),
                (None, None) => 1,
            }
        })
        .collect();
    grid_limit(&sizes, replicates).map_err(|message| {
        ScenarioError::one(spot.problem(&file.parameters, "parameters", message))
    })
}

/// Refuse a grid of these axis sizes × replicates if it is over [`MAX_RUNS`].
fn grid_limit(sizes: &[u64], replicates: u32) -> Result<(), String> {
    let runs = sizes
        .iter()
        .try_fold(u64::from(replicates), |acc, &n| acc.checked_mul(n));
    if runs.is_none_or(|r| r > MAX_RUNS) {
        return Err(format!(
            "the grid has {} points × {replicates} replicates, more than the limit of \
             {MAX_RUNS} runs",
            sizes
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(" × ")
        ));
    }
    Ok(())
}

/// The varied parameters and, for a grid, their values.
fn resolve_parameters(
    file: &SweepFile,
    base_table: &toml::Table,
    spot: &Spot,
    problems: &mut Vec<Problem>,
) -> (Vec<Parameter>, Vec<Vec<toml::Value>>) {
    let design = *file.design.get_ref().kind.get_ref();
    let leaves = dotted::leaves(base_table);
    let mut parameters: Vec<Parameter> = Vec::new();
    let mut axes: Vec<Vec<toml::Value>> = Vec::new();
    if file.parameters.get_ref().is_empty() {
        problems.push(
            spot.problem(
                &file.parameters,
                "parameters",
                "no parameters; a sweep varies at least one ([[parameters]] with `path` and \
             values or a range)"
                    .into(),
            ),
        );
    }
    for (i, spec) in file.parameters.get_ref().iter().enumerate() {
        let spec = spec.get_ref();
        let key = |k: &str| format!("parameters[{i}].{k}");
        let path = spec.path.get_ref().clone();
        let kind = match check_path(&path, base_table, &leaves) {
            Err(message) => {
                problems.push(spot.problem(&spec.path, key("path"), message));
                continue;
            }
            Ok(kind) => kind,
        };
        if parameters.iter().any(|p| dotted::overlap(&p.path, &path)) {
            problems.push(spot.problem(
                &spec.path,
                key("path"),
                format!("`{path}` overlaps a parameter named earlier; each may be varied once"),
            ));
            continue;
        }
        match parameter_values(spec, kind, design, spot, &key) {
            Ok((range, values)) => {
                parameters.push(Parameter { path, kind, range });
                axes.push(values);
            }
            Err(p) => problems.push(p),
        }
    }
    (parameters, axes)
}

/// The outcomes recorded per run.
fn resolve_outcomes(
    file: &SweepFile,
    base: &Scenario,
    parameters: &[Parameter],
    spot: &Spot,
    problems: &mut Vec<Problem>,
) -> Vec<Outcome> {
    let mut outcomes: Vec<Outcome> = Vec::new();
    if file.outcomes.get_ref().is_empty() {
        problems.push(
            spot.problem(
                &file.outcomes,
                "outcomes",
                "no outcomes; a sweep records at least one ([[outcomes]] with `name`, `metric` \
             and `stat`)"
                    .into(),
            ),
        );
    }
    let ticks_vary = parameters.iter().any(|p| p.path == "run.ticks");
    for (i, spec) in file.outcomes.get_ref().iter().enumerate() {
        let spec = spec.get_ref();
        let key = |k: &str| format!("outcomes[{i}].{k}");
        let name = spec.name.get_ref().clone();
        let taken = ID_COLUMNS.contains(&name.as_str())
            || name == ERROR_COLUMN
            || parameters.iter().any(|p| p.path == name)
            || outcomes.iter().any(|o| o.name == name);
        if name.is_empty() || taken {
            problems.push(spot.problem(
                &spec.name,
                key("name"),
                format!(
                    "`{name}` cannot name a column: names must be non-empty and differ from \
                     run_id, point, replicate, seed, error, the parameters and other outcomes"
                ),
            ));
        }
        let metric = spec.metric.get_ref().clone();
        check_metric(spec, &metric, spot, &key, problems);
        check_stat_keys(spec, spot, &key, problems);
        let window = (base.run.ticks, ticks_vary);
        let stat = outcome_stat(spec, window, spot, &key, problems);
        outcomes.push(Outcome { name, metric, stat });
    }
    outcomes
}

fn check_metric(
    spec: &OutcomeSpec,
    metric: &str,
    spot: &Spot,
    key: &dyn Fn(&str) -> String,
    problems: &mut Vec<Problem>,
) {
    let metrics = metric_names();
    if metric == "tick" || !metrics.iter().any(|m| m == metric) {
        let valid: Vec<String> = metrics.iter().skip(1).cloned().collect();
        let hint = match suggest(metric, &valid) {
            Some(s) => format!(" (did you mean `{s}`?)"),
            None => String::new(),
        };
        problems.push(spot.problem(
            &spec.metric,
            key("metric"),
            format!(
                "unknown metric `{metric}`; valid metrics are the columns of \
                 trajectories.csv after `tick` (docs/ODD.md section 4.11){hint}"
            ),
        ));
    }
}

/// The keys that do not apply to this stat, reported where they were written.
fn check_stat_keys(
    spec: &OutcomeSpec,
    spot: &Spot,
    key: &dyn Fn(&str) -> String,
    problems: &mut Vec<Problem>,
) {
    let (stat_name, not_for_this_stat): (&str, &[&str]) = match spec.stat.get_ref() {
        StatKind::Final => ("final", &["from", "to", "level", "direction"]),
        StatKind::Mean => ("mean", &["level", "direction"]),
        StatKind::FirstCrossing => ("first_crossing", &["from", "to"]),
    };
    let written = [
        ("from", spec.from.as_ref().map(|s| s.span())),
        ("to", spec.to.as_ref().map(|s| s.span())),
        ("level", spec.level.as_ref().map(|s| s.span())),
        ("direction", spec.direction.as_ref().map(|s| s.span())),
    ];
    for (field, span) in written {
        if let Some(span) = span.filter(|_| not_for_this_stat.contains(&field)) {
            problems.push(Problem {
                location: spot.at(span.start),
                key: Some(key(field)),
                message: format!("`{field}` does not apply to stat = \"{stat_name}\""),
            });
        }
    }
}

/// The stat of an outcome; `window` is the base scenario's run.ticks and whether a
/// parameter varies it.
fn outcome_stat(
    spec: &OutcomeSpec,
    (ticks, ticks_vary): (u32, bool),
    spot: &Spot,
    key: &dyn Fn(&str) -> String,
    problems: &mut Vec<Problem>,
) -> Stat {
    match spec.stat.get_ref() {
        StatKind::Final => Stat::Final,
        StatKind::Mean => {
            let from = spec.from.as_ref().map_or(0, |s| *s.get_ref());
            let to = spec.to.as_ref().map_or(ticks, |s| *s.get_ref());
            if from > to {
                problems.push(spot.problem_at(
                    spec.from.as_ref().map_or(spec.stat.span(), |s| s.span()),
                    key("from"),
                    format!("the window is empty: from = {from} is after to = {to}"),
                ));
            } else if to > ticks && !ticks_vary {
                problems.push(spot.problem_at(
                    spec.to.as_ref().map_or(spec.stat.span(), |s| s.span()),
                    key("to"),
                    format!(
                        "tick {to} is after the end of the run; valid range is 0 to \
                         run.ticks = {ticks} of the base scenario"
                    ),
                ));
            }
            Stat::Mean { from, to }
        }
        StatKind::FirstCrossing => {
            let level =
                match &spec.level {
                    Some(l) if l.get_ref().is_finite() => *l.get_ref(),
                    Some(l) => {
                        problems.push(spot.problem(
                            l,
                            key("level"),
                            "the level must be a finite number".into(),
                        ));
                        0.0
                    }
                    None => {
                        problems.push(spot.problem(
                        &spec.stat,
                        key("level"),
                        "missing: stat = \"first_crossing\" needs `level`, the value to reach"
                            .into(),
                    ));
                        0.0
                    }
                };
            let direction = spec
                .direction
                .as_ref()
                .map_or(Direction::Up, |d| *d.get_ref());
            Stat::FirstCrossing { level, direction }
        }
    }
}

/// The design's points (the sizes were checked by [`check_size`]).
fn build_points(
    file: &SweepFile,
    parameters: &[Parameter],
    axes: &[Vec<toml::Value>],
    (replicates, seed): (u32, u64),
    spot: &Spot,
) -> Result<Vec<Vec<toml::Value>>, ScenarioError> {
    let design = *file.design.get_ref().kind.get_ref();
    if design == DesignKind::Grid {
        let sizes: Vec<usize> = axes.iter().map(Vec::len).collect();
        let sizes64: Vec<u64> = sizes.iter().map(|&n| n as u64).collect();
        grid_limit(&sizes64, replicates).map_err(|message| {
            ScenarioError::one(spot.problem(&file.parameters, "parameters", message))
        })?;
        return Ok(design::grid_indices(&sizes)
            .into_iter()
            .map(|idx| {
                idx.iter()
                    .enumerate()
                    .map(|(j, &i)| axes[j][i].clone())
                    .collect()
            })
            .collect());
    }
    let n = file
        .design
        .get_ref()
        .samples
        .as_ref()
        .map_or(1, |s| *s.get_ref()) as usize;
    let k = parameters.len();
    let unit = match design {
        DesignKind::Random => design::random_unit(seed, n, k),
        DesignKind::Morris => {
            let settings = morris_settings(file).expect("checked");
            morris::unit_points(&morris::trajectories(seed, k, &settings))
        }
        DesignKind::Sobol => sobol::unit_points(&sobol_settings(file).expect("checked"), k),
        _ => design::latin_hypercube_unit(seed, n, k),
    };
    Ok(unit
        .iter()
        .map(|u| {
            parameters
                .iter()
                .zip(u)
                .map(|(p, &u)| {
                    let (lo, hi) = p.range.expect("sampled parameters have ranges");
                    typed(lo + u * (hi - lo), p.kind)
                })
                .collect()
        })
        .collect())
}

fn resolve(file: SweepFile, spot: &Spot, file_hash: u64) -> Result<Sweep, ScenarioError> {
    let (base_file, base, base_table) = load_base(&file.base, spot, "sweep")?;
    let mut problems: Vec<Problem> = Vec::new();
    let (replicates, seed) = check_settings(&file, spot, &mut problems);
    check_size(&file, replicates, spot)?;
    let (parameters, axes) = resolve_parameters(&file, &base_table, spot, &mut problems);
    let outcomes = resolve_outcomes(&file, &base, &parameters, spot, &mut problems);
    if !problems.is_empty() {
        return Err(ScenarioError::Invalid(problems));
    }
    let points = build_points(&file, &parameters, &axes, (replicates, seed), spot)?;
    let sweep = Sweep {
        file: spot.file.to_path_buf(),
        file_hash: format!("{file_hash:016x}"),
        base_file,
        base,
        design: *file.design.get_ref().kind.get_ref(),
        parameters,
        points,
        replicates,
        seed,
        outcomes,
        trajectories: file.trajectories,
        morris: morris_settings(&file),
        sobol: sobol_settings(&file),
    };
    check_points(&sweep, &file, spot)?;
    Ok(sweep)
}

/// Every point must give a valid scenario.
fn check_points(sweep: &Sweep, file: &SweepFile, spot: &Spot) -> Result<(), ScenarioError> {
    let bad: Vec<(usize, ScenarioError)> = (0..sweep.points.len())
        .into_par_iter()
        .filter_map(|i| sweep.scenario(i).err().map(|e| (i, e)))
        .collect();
    if bad.is_empty() {
        return Ok(());
    }
    let mut problems = Vec::new();
    for (i, e) in bad.iter().take(5) {
        let point: Vec<String> = sweep
            .parameters
            .iter()
            .zip(&sweep.points[*i])
            .map(|(p, v)| format!("{} = {}", p.path, v))
            .collect();
        for p in e.problems() {
            let key = p.key.clone().unwrap_or_default();
            let at = file
                .parameters
                .get_ref()
                .iter()
                .enumerate()
                .find(|(_, s)| dotted::overlap(&key, s.get_ref().path.get_ref()));
            let (location, shown) = match at {
                Some((j, s)) => (spot.at(s.span().start), format!("parameters[{j}]")),
                None => (spot.at(file.design.span().start), "design".into()),
            };
            problems.push(Problem {
                location,
                key: Some(shown),
                message: format!(
                    "point {i} ({}) gives an invalid scenario: key `{key}`: {}",
                    point.join(", "),
                    p.message
                ),
            });
        }
    }
    if bad.len() > 5 {
        problems.push(Problem {
            location: spot.at(file.design.span().start),
            key: Some("design".into()),
            message: format!(
                "{} points in all give an invalid scenario (the first 5 are shown)",
                bad.len()
            ),
        });
    }
    Err(ScenarioError::Invalid(problems))
}

/// Whether a path can be varied, and the kind of its values.
fn check_path(path: &str, base: &toml::Table, leaves: &[String]) -> Result<ValueKind, String> {
    let fixed = &*crate::scenario::docs::NOT_SWEEPABLE;
    if fixed
        .iter()
        .any(|f| path == *f || path.starts_with(&format!("{f}.")))
    {
        return Err(format!(
            "`{path}` cannot be varied by a sweep: titles, descriptions and interventions \
             belong to the base scenario, and the sweep's own `seed` and `replicates` set \
             run.seed and run.replicates"
        ));
    }
    match lookup(base, path) {
        Some(toml::Value::Integer(_)) => Ok(ValueKind::Integer),
        Some(toml::Value::Float(_)) => Ok(ValueKind::Float),
        Some(_) => Ok(ValueKind::Other),
        None => {
            let hint = match suggest(path, leaves) {
                Some(s) => format!(" (did you mean `{s}`?)"),
                None => String::new(),
            };
            Err(format!(
                "no parameter `{path}` in the base scenario; valid paths are the dotted keys \
                 printed by `cogov defaults`, e.g. `office.access_list`{hint}"
            ))
        }
    }
}

/// A number as a value of the parameter's kind.
fn typed(x: f64, kind: ValueKind) -> toml::Value {
    match kind {
        ValueKind::Integer => toml::Value::Integer(x.round() as i64),
        _ => toml::Value::Float(x),
    }
}

type Axis = (Option<(f64, f64)>, Vec<toml::Value>);

fn parameter_values(
    spec: &ParameterSpec,
    kind: ValueKind,
    design: DesignKind,
    spot: &Spot,
    key: &dyn Fn(&str) -> String,
) -> Result<Axis, Problem> {
    let range = parameter_range(spec, kind, spot, key)?;
    match design {
        DesignKind::Grid => grid_values(spec, kind, range, spot, key),
        DesignKind::Random
        | DesignKind::LatinHypercube
        | DesignKind::Morris
        | DesignKind::Sobol => sampled_range(spec, kind, design, range, spot, key),
    }
}

/// The `from`..`to` range of a parameter, if it gives one.
fn parameter_range(
    spec: &ParameterSpec,
    kind: ValueKind,
    spot: &Spot,
    key: &dyn Fn(&str) -> String,
) -> Result<Option<(f64, f64)>, Problem> {
    let range = match (&spec.from, &spec.to) {
        (Some(f), Some(t)) => {
            let (lo, hi) = (*f.get_ref(), *t.get_ref());
            if !lo.is_finite() || !hi.is_finite() || lo > hi {
                return Err(spot.problem(
                    f,
                    key("from"),
                    format!(
                        "the range from = {lo} to = {hi} is empty or not finite; valid: from <= to"
                    ),
                ));
            }
            if kind == ValueKind::Other {
                return Err(spot.problem(
                    f,
                    key("from"),
                    "this parameter is not a number: give its `values` as a list (grid designs only)"
                        .into(),
                ));
            }
            Some((lo, hi))
        }
        (Some(f), None) => {
            return Err(spot.problem(
                f,
                key("to"),
                "missing: a range needs both `from` and `to`".into(),
            ));
        }
        (None, Some(t)) => {
            return Err(spot.problem(
                t,
                key("from"),
                "missing: a range needs both `from` and `to`".into(),
            ));
        }
        (None, None) => None,
    };
    Ok(range)
}

/// A grid parameter's values: its list, or its range in `steps` values.
fn grid_values(
    spec: &ParameterSpec,
    kind: ValueKind,
    range: Option<(f64, f64)>,
    spot: &Spot,
    key: &dyn Fn(&str) -> String,
) -> Result<Axis, Problem> {
    match (&spec.values, range, &spec.steps) {
        (Some(v), None, None) => {
            if v.get_ref().is_empty() {
                return Err(spot.problem(v, key("values"), "the list is empty".into()));
            }
            let mut out = Vec::new();
            for x in v.get_ref() {
                out.push(match (kind, x) {
                    (ValueKind::Float, toml::Value::Integer(i)) => toml::Value::Float(*i as f64),
                    (ValueKind::Integer, toml::Value::Float(f))
                        if f.fract() == 0.0 && f.abs() < 9e15 =>
                    {
                        toml::Value::Integer(*f as i64)
                    }
                    (ValueKind::Integer, toml::Value::Integer(_))
                    | (ValueKind::Float, toml::Value::Float(_))
                    | (ValueKind::Other, _) => x.clone(),
                    _ => {
                        return Err(spot.problem(
                            v,
                            key("values"),
                            format!(
                                "wrong type: {x} is not {}",
                                if kind == ValueKind::Integer {
                                    "a whole number"
                                } else {
                                    "a number"
                                }
                            ),
                        ));
                    }
                });
            }
            Ok((None, out))
        }
        (None, Some((lo, hi)), Some(steps)) => {
            let n = *steps.get_ref() as usize;
            if n == 0 {
                return Err(spot.problem(
                    steps,
                    key("steps"),
                    "0 is out of range; valid: >= 1".into(),
                ));
            }
            let mut out: Vec<toml::Value> = design::linspace(lo, hi, n)
                .into_iter()
                .map(|x| typed(x, kind))
                .collect();
            out.dedup();
            Ok((Some((lo, hi)), out))
        }
        (None, Some(_), None) => Err(spot.problem(
            spec.from.as_ref().expect("range"),
            key("steps"),
            "missing: a grid range needs `steps`, the number of values from `from` to `to`".into(),
        )),
        (Some(v), _, _) => Err(spot.problem(
            v,
            key("values"),
            "give either `values` or a range (`from`, `to`, `steps`), not both".into(),
        )),
        _ => Err(spot.problem(
            &spec.path,
            key("values"),
            "missing: a grid parameter needs `values = [...]` or `from`, `to` and `steps`".into(),
        )),
    }
}

/// A sampled parameter's range (its values are drawn later).
fn sampled_range(
    spec: &ParameterSpec,
    kind: ValueKind,
    design: DesignKind,
    range: Option<(f64, f64)>,
    spot: &Spot,
    key: &dyn Fn(&str) -> String,
) -> Result<Axis, Problem> {
    {
        if let Some(v) = &spec.values {
            return Err(spot.problem(
                v,
                key("values"),
                format!(
                    "a {} design samples ranges: give `from` and `to` instead of `values`",
                    design.name()
                ),
            ));
        }
        if let Some(s) = &spec.steps {
            return Err(spot.problem(
                s,
                key("steps"),
                format!(
                    "`steps` is for grids; a {} design draws `design.samples` points",
                    design.name()
                ),
            ));
        }
        if kind == ValueKind::Other {
            return Err(spot.problem(
                &spec.path,
                key("path"),
                format!(
                    "a {} design samples numbers; this parameter is not a number",
                    design.name()
                ),
            ));
        }
        match range {
            Some(r) => Ok((Some(r), Vec::new())),
            None => Err(spot.problem(
                &spec.path,
                key("from"),
                "missing: a sampled parameter needs `from` and `to`".into(),
            )),
        }
    }
}

mod screening_load;
use screening_load::{check_design_keys, check_screening_size, morris_settings, sobol_settings};

#[cfg(test)]
mod tests;
