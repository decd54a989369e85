//! Calibration files (TOML): the base scenario, priors over parameters, targets, and the
//! APMC settings. Every problem names file, line, column and key, like scenario and sweep
//! files, and is found before anything runs.
//!
//! ```toml
//! base = "../sweeps/small_street.toml"   # relative to this file
//! seed = 1
//! replicates = 1          # runs per particle, outcomes averaged
//! particles = 200         # N per generation
//! alpha = 0.5             # share kept each generation
//! p_acc_min = 0.05        # stop when fewer new particles beat the last tolerance
//! max_generations = 10
//!
//! [[parameters]]
//! path = "participation.w_social"
//! prior = "uniform"       # or "log_uniform", "truncated_normal" (with mean, sd)
//! low = 0.3
//! high = 0.6
//!
//! [[targets]]
//! metric = "participation_rate"
//! stat = "mean"           # or "final"
//! from = 27               # the window of a mean (default: the whole run)
//! to = 52
//! observed = 0.1
//! scale = 0.02            # distance = sqrt(sum(((simulated - observed) / scale)²))
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::{Prior, Settings};
use crate::diagnostics::{
    FileKind, Spot, control_character, read_user_file, serde_message, suggest, syntax_message,
};
use crate::metrics::metric_names;
use crate::scenario::load::fnv1a64;
use crate::scenario::{Problem, Scenario, ScenarioError};
use crate::sweep::{Outcome, Stat};

/// At most this many particles per generation, and simulations in all.
pub const MAX_PARTICLES: u32 = 1_000_000;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalibrationFile {
    base: Spanned<String>,
    seed: Option<Spanned<u64>>,
    replicates: Option<Spanned<u32>>,
    particles: Spanned<u32>,
    alpha: Option<Spanned<f64>>,
    p_acc_min: Option<Spanned<f64>>,
    max_generations: Option<Spanned<u32>>,
    parameters: Spanned<Vec<Spanned<PriorSpec>>>,
    targets: Spanned<Vec<Spanned<TargetSpec>>>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case")]
enum PriorKind {
    Uniform,
    LogUniform,
    TruncatedNormal,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PriorSpec {
    path: Spanned<String>,
    prior: Spanned<PriorKind>,
    low: Spanned<f64>,
    high: Spanned<f64>,
    mean: Option<Spanned<f64>>,
    sd: Option<Spanned<f64>>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case")]
enum TargetStat {
    Final,
    Mean,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetSpec {
    metric: Spanned<String>,
    stat: Spanned<TargetStat>,
    from: Option<Spanned<u32>>,
    to: Option<Spanned<u32>>,
    observed: Spanned<f64>,
    scale: Spanned<f64>,
}

/// One fitted parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    pub path: String,
    pub prior: Prior,
    /// Whether the scenario holds a whole number (values are rounded).
    pub integer: bool,
}

/// One target: an outcome of each run, its observed value and its scale.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub outcome: Outcome,
    pub observed: f64,
    pub scale: f64,
}

/// A loaded, checked calibration.
#[derive(Clone, Debug)]
pub struct Calibration {
    pub file: PathBuf,
    /// FNV-1a (hex) of the file's bytes: a folder is resumed only by the same file.
    pub file_hash: String,
    pub base_file: PathBuf,
    pub base: Scenario,
    pub seed: u64,
    pub replicates: u32,
    pub settings: Settings,
    pub parameters: Vec<Parameter>,
    pub targets: Vec<Target>,
}

/// Read and check a calibration file.
pub fn load_file(path: &Path) -> Result<Calibration, ScenarioError> {
    let text = read_user_file(path, FileKind::Calibration)?;
    load_str(&text, path)
}

/// Check a calibration from its text; `name` is used in messages and the base scenario
/// is found relative to its folder.
pub fn load_str(text: &str, name: &Path) -> Result<Calibration, ScenarioError> {
    let spot = Spot::new(text, name);
    if let Some(problem) = control_character(text, name, FileKind::Calibration) {
        return Err(ScenarioError::one(problem));
    }
    let at = |offset: usize| spot.at(offset);
    let de = toml::Deserializer::parse(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        ScenarioError::one(Problem {
            location: at(span.start),
            key: None,
            message: syntax_message(e.message(), span, text),
        })
    })?;
    let file: CalibrationFile = serde_path_to_error::deserialize(de).map_err(|e| {
        let mut key = e
            .path()
            .to_string()
            .replace(".$__serde_spanned_private_value", "");
        key = key.replace("$__serde_spanned_private_value.", "");
        key = key.replace("$__serde_spanned_private_value", "");
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
            location: at(inner.span().map_or(0, |s| s.start)),
            key: (!key.is_empty()).then_some(key),
            message,
        })
    })?;
    resolve(file, &spot, fnv1a64(text.as_bytes()))
}

fn resolve(file: CalibrationFile, spot: &Spot, hash: u64) -> Result<Calibration, ScenarioError> {
    let (base_file, base, table) = crate::sweep::load_base(&file.base, spot, "calibration")?;
    let mut problems = Vec::new();
    let settings = settings(&file, spot, &mut problems);
    let replicates = file.replicates.as_ref().map_or(1, |r| *r.get_ref());
    if let Some(r) = &file.replicates
        && !(1..=1000).contains(r.get_ref())
    {
        problems.push(spot.problem(
            r,
            "replicates",
            format!("{} is out of range; valid: 1 to 1000", r.get_ref()),
        ));
    }
    let parameters = parameters(&file, &table, spot, &mut problems);
    let targets = targets(&file, base.run.ticks, spot, &mut problems);
    if !problems.is_empty() {
        return Err(ScenarioError::Invalid(problems));
    }
    let cal = Calibration {
        file: spot.file.to_path_buf(),
        file_hash: format!("{hash:016x}"),
        base_file,
        base,
        seed: file.seed.as_ref().map_or(1, |s| *s.get_ref()),
        replicates,
        settings,
        parameters,
        targets,
    };
    // The corners of the priors' box must give valid scenarios.
    for corner in [0.0, 1.0] {
        let theta: Vec<f64> = cal
            .parameters
            .iter()
            .map(|p| {
                let (lo, hi) = p.prior.bounds();
                lo + corner * (hi - lo)
            })
            .collect();
        if let Err(e) = cal.scenario(&theta) {
            // The parameter the scenario's first problem names, at its low or high end.
            let named = e
                .problems()
                .first()
                .and_then(|p| p.key.clone())
                .unwrap_or_default();
            let j = cal
                .parameters
                .iter()
                .position(|p| crate::dotted::overlap(&p.path, &named))
                .unwrap_or(0);
            let spec = file.parameters.get_ref()[j].get_ref();
            let (at, end) = if corner == 0.0 {
                (&spec.low, "low")
            } else {
                (&spec.high, "high")
            };
            return Err(ScenarioError::one(spot.problem(
                at,
                format!("parameters[{j}].{end}"),
                format!(
                    "the priors' {} ends give an invalid scenario: {}",
                    if corner == 0.0 { "low" } else { "high" },
                    e.to_string().lines().collect::<Vec<_>>().join("; ")
                ),
            )));
        }
    }
    Ok(cal)
}

fn settings(file: &CalibrationFile, spot: &Spot, problems: &mut Vec<Problem>) -> Settings {
    let particles = *file.particles.get_ref();
    if !(4..=MAX_PARTICLES).contains(&particles) {
        problems.push(spot.problem(
            &file.particles,
            "particles",
            format!("{particles} is out of range; valid: 4 to {MAX_PARTICLES}"),
        ));
    }
    let alpha = file.alpha.as_ref().map_or(0.5, |a| *a.get_ref());
    if let Some(a) = &file.alpha
        && !(*a.get_ref() > 0.0 && *a.get_ref() < 1.0)
    {
        problems.push(spot.problem(
            a,
            "alpha",
            format!("{alpha} is out of range; valid: strictly between 0 and 1 (0.5 is usual)"),
        ));
    }
    let p_acc_min = file.p_acc_min.as_ref().map_or(0.05, |a| *a.get_ref());
    if let Some(p) = &file.p_acc_min
        && !(*p.get_ref() > 0.0 && *p.get_ref() < 1.0)
    {
        problems.push(spot.problem(
            p,
            "p_acc_min",
            format!("{p_acc_min} is out of range; valid: strictly between 0 and 1 (0.05 is usual)"),
        ));
    }
    let max_generations = file.max_generations.as_ref().map_or(20, |g| *g.get_ref());
    if let Some(g) = &file.max_generations
        && !(1..=1000).contains(g.get_ref())
    {
        problems.push(spot.problem(
            g,
            "max_generations",
            format!("{max_generations} is out of range; valid: 1 to 1000"),
        ));
    }
    let total = u64::from(particles)
        * u64::from(max_generations)
        * u64::from(file.replicates.as_ref().map_or(1, |r| *r.get_ref()));
    if total > 100 * u64::from(MAX_PARTICLES) {
        problems.push(spot.problem(
            &file.particles,
            "particles",
            format!("{particles} particles × {max_generations} generations × replicates is more than {} runs", 100 * u64::from(MAX_PARTICLES)),
        ));
    }
    Settings {
        particles: particles as usize,
        alpha,
        p_acc_min,
        max_generations,
    }
}

fn parameters(
    file: &CalibrationFile,
    table: &toml::Table,
    spot: &Spot,
    problems: &mut Vec<Problem>,
) -> Vec<Parameter> {
    if file.parameters.get_ref().is_empty() {
        problems.push(spot.problem(&file.parameters, "parameters", "no parameters; a calibration fits at least one ([[parameters]] with `path`, `prior`, `low` and `high`)".into()));
    }
    let leaves = crate::dotted::leaves(table);
    let mut out: Vec<Parameter> = Vec::new();
    for (i, spec) in file.parameters.get_ref().iter().enumerate() {
        let spec = spec.get_ref();
        let key = |k: &str| format!("parameters[{i}].{k}");
        let path = spec.path.get_ref().clone();
        let fixed = &*crate::scenario::docs::NOT_SWEEPABLE;
        let integer = match crate::dotted::get(table, &path) {
            _ if fixed
                .iter()
                .any(|f| path == *f || path.starts_with(&format!("{f}."))) =>
            {
                problems.push(spot.problem(&spec.path, key("path"), format!("`{path}` cannot be calibrated: titles, descriptions, interventions, run.seed and run.replicates belong to the base scenario")));
                continue;
            }
            Some(toml::Value::Integer(_)) => true,
            Some(toml::Value::Float(_)) => false,
            Some(_) => {
                problems.push(spot.problem(
                    &spec.path,
                    key("path"),
                    format!("`{path}` is not a number; a calibration fits numeric parameters"),
                ));
                continue;
            }
            None => {
                let hint = suggest(&path, &leaves)
                    .map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
                problems.push(spot.problem(&spec.path, key("path"), format!("no parameter `{path}` in the base scenario; valid paths are the dotted keys printed by `cogov defaults`{hint}")));
                continue;
            }
        };
        if out.iter().any(|p| crate::dotted::overlap(&p.path, &path)) {
            problems.push(spot.problem(
                &spec.path,
                key("path"),
                format!("`{path}` overlaps a parameter named earlier; each may be fitted once"),
            ));
            continue;
        }
        if let Some(prior) = prior(spec, spot, &key, problems) {
            out.push(Parameter {
                path,
                prior,
                integer,
            });
        }
    }
    out
}

fn prior(
    spec: &PriorSpec,
    spot: &Spot,
    key: &dyn Fn(&str) -> String,
    problems: &mut Vec<Problem>,
) -> Option<Prior> {
    let (low, high) = (*spec.low.get_ref(), *spec.high.get_ref());
    if !(low.is_finite() && high.is_finite() && low < high) {
        problems.push(spot.problem(
            &spec.low,
            key("low"),
            format!(
                "the support low = {low} to high = {high} is empty or not finite; valid: low < high"
            ),
        ));
        return None;
    }
    let kind = *spec.prior.get_ref();
    for (name, v) in [("mean", &spec.mean), ("sd", &spec.sd)] {
        if let Some(v) = v
            && kind != PriorKind::TruncatedNormal
        {
            problems.push(spot.problem(
                v,
                key(name),
                format!("`{name}` is for prior = \"truncated_normal\""),
            ));
        }
    }
    match kind {
        PriorKind::Uniform => Some(Prior::Uniform { low, high }),
        PriorKind::LogUniform if low <= 0.0 => {
            problems.push(spot.problem(
                &spec.low,
                key("low"),
                format!("{low} is out of range for a log-uniform prior; valid: low > 0"),
            ));
            None
        }
        PriorKind::LogUniform => Some(Prior::LogUniform { low, high }),
        PriorKind::TruncatedNormal => {
            let (Some(m), Some(s)) = (&spec.mean, &spec.sd) else {
                problems.push(spot.problem(
                    &spec.prior,
                    key("mean"),
                    "missing: a truncated_normal prior needs `mean` and `sd`".into(),
                ));
                return None;
            };
            let (mean, sd) = (*m.get_ref(), *s.get_ref());
            if !(sd > 0.0 && sd.is_finite() && mean.is_finite()) {
                problems.push(spot.problem(
                    s,
                    key("sd"),
                    format!("{sd} is out of range; valid: sd > 0"),
                ));
                return None;
            }
            // Rejection sampling needs the support to hold real mass.
            if (low - mean) / sd > 3.0 || (mean - high) / sd > 3.0 {
                problems.push(spot.problem(m, key("mean"), format!("the support [{low}, {high}] lies more than 3 sd from mean = {mean}; move the mean inside or near the support")));
                return None;
            }
            Some(Prior::TruncatedNormal {
                mean,
                sd,
                low,
                high,
            })
        }
    }
}

fn targets(
    file: &CalibrationFile,
    ticks: u32,
    spot: &Spot,
    problems: &mut Vec<Problem>,
) -> Vec<Target> {
    if file.targets.get_ref().is_empty() {
        problems.push(spot.problem(&file.targets, "targets", "no targets; a calibration needs at least one ([[targets]] with `metric`, `stat`, `observed` and `scale`)".into()));
    }
    let metrics = metric_names();
    let valid: Vec<String> = metrics.iter().skip(1).cloned().collect();
    let mut out = Vec::new();
    for (i, spec) in file.targets.get_ref().iter().enumerate() {
        let spec = spec.get_ref();
        let key = |k: &str| format!("targets[{i}].{k}");
        let metric = spec.metric.get_ref().clone();
        if !valid.contains(&metric) {
            let hint = suggest(&metric, &valid)
                .map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
            problems.push(spot.problem(&spec.metric, key("metric"), format!("unknown metric `{metric}`; valid metrics are the columns of trajectories.csv after `tick` (docs/ODD.md section 4.11){hint}")));
        }
        let stat = match spec.stat.get_ref() {
            TargetStat::Final => {
                for (name, v) in [("from", &spec.from), ("to", &spec.to)] {
                    if let Some(v) = v {
                        problems.push(spot.problem(
                            v,
                            key(name),
                            format!("`{name}` does not apply to stat = \"final\""),
                        ));
                    }
                }
                Stat::Final
            }
            TargetStat::Mean => {
                let from = spec.from.as_ref().map_or(0, |s| *s.get_ref());
                let to = spec.to.as_ref().map_or(ticks, |s| *s.get_ref());
                if from > to {
                    problems.push(spot.problem_at(
                        spec.from.as_ref().map_or(spec.stat.span(), |s| s.span()),
                        key("from"),
                        format!("the window is empty: from = {from} is after to = {to}"),
                    ));
                } else if to > ticks {
                    problems.push(spot.problem_at(spec.to.as_ref().map_or(spec.stat.span(), |s| s.span()), key("to"), format!("tick {to} is after the end of the run; valid range is 0 to run.ticks = {ticks} of the base scenario")));
                }
                Stat::Mean { from, to }
            }
        };
        let (observed, scale) = (*spec.observed.get_ref(), *spec.scale.get_ref());
        if !observed.is_finite() {
            problems.push(spot.problem(
                &spec.observed,
                key("observed"),
                "the observed value must be a finite number".into(),
            ));
        }
        if !(scale > 0.0 && scale.is_finite()) {
            problems.push(spot.problem(&spec.scale, key("scale"), format!("{scale} is out of range; valid: a finite number > 0 (the distance divides by it)")));
        }
        out.push(Target {
            outcome: Outcome {
                name: format!("target_{i}"),
                metric,
                stat,
            },
            observed,
            scale,
        });
    }
    out
}

impl Calibration {
    /// The scenario at parameter values `theta` (integers rounded).
    pub fn scenario(&self, theta: &[f64]) -> Result<Scenario, ScenarioError> {
        let mut t = toml::Table::new();
        for (p, &x) in self.parameters.iter().zip(theta) {
            let v = if p.integer {
                toml::Value::Integer(x.round() as i64)
            } else {
                toml::Value::Float(x)
            };
            crate::dotted::set(&mut t, &p.path, v);
        }
        self.base.with_overlay(&t)
    }

    /// The seed of replicate `r` of particle `i` of generation `g`.
    pub fn seed_of(&self, g: u32, i: usize, r: u32) -> u64 {
        self.seed
            .wrapping_add(u64::from(g) << 32)
            .wrapping_add(i as u64 * u64::from(self.replicates) + u64::from(r))
    }

    /// The distance of a particle: its targets averaged over its replicates, scaled
    /// Euclidean distance to the observed values; and the simulated values. NaN if a run
    /// failed or a target has no value.
    pub fn distance(&self, g: u32, i: usize, theta: &[f64]) -> (f64, Vec<f64>) {
        let nan = (f64::NAN, vec![f64::NAN; self.targets.len()]);
        let Ok(s) = self.scenario(theta) else {
            return nan;
        };
        let mut sums = vec![0.0; self.targets.len()];
        for r in 0..self.replicates {
            let Ok(ticks) = crate::run::run_one(&s, self.seed_of(g, i, r)) else {
                return nan;
            };
            for (sum, t) in sums.iter_mut().zip(&self.targets) {
                match t.outcome.compute(&ticks) {
                    Some(v) if v.is_finite() => *sum += v,
                    _ => return nan,
                }
            }
        }
        let sim: Vec<f64> = sums
            .iter()
            .map(|s| s / f64::from(self.replicates))
            .collect();
        let d = sim
            .iter()
            .zip(&self.targets)
            .map(|(v, t)| ((v - t.observed) / t.scale).powi(2))
            .sum::<f64>()
            .sqrt();
        (d, sim)
    }
}
