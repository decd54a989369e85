//! Live sessions: scenarios run week by week in front of a class, forked mid-run.
//!
//! A [`LiveSession`] holds every replicate's [`Model`] of up to six scenarios and their
//! forks (`limits`) and advances them one week at a time ([`LiveSession::step`]), with the
//! replicates in parallel on rayon's pool. Each week it returns a [`WeekFrame`]: per series
//! and metric the mean over replicates and its 95% band (`compare::estimate`, the band of
//! `cogov compare`). Replicate `r` of every series runs with seed `seed + r`
//! (`run::replicate_seed`), so the numbers are those of `cogov run` for the same scenario
//! and seed, at any thread count.
//!
//! A fork ("what if we reform now?") at week `w` copies every replicate's model and adds
//! the changes to the series' scenario as an `[[interventions]]` entry at tick `w + 1`
//! (interventions take effect at the start of their tick): the copy goes on from the same
//! state with the same random numbers (`Model::fork`), and the forked scenario, written out
//! by [`LiveSession::scenario_toml`], reproduces it exactly with `cogov run`. Changes are
//! checked by the scenario validator, with the rules of interventions.
//!
//! This module does no I/O and knows nothing of the server (`cogov serve` wraps it).

mod community;
mod levers;
pub mod limits;
mod report;

use std::sync::LazyLock;

use rayon::prelude::*;
use serde::Serialize;

use crate::compare::estimate;
use crate::export;
use crate::i18n::Lang;
use crate::metrics::TickMetrics;
use crate::metrics::catalogue::{self, Kind};
use crate::model::{Model, ModelError};
use crate::run::replicate_seed;
use crate::scenario::{Intervention, Scenario, render};

pub use community::{CommitteeHours, CommunityView, ResidentDot};
pub use levers::{Lever, LeverKind, levers};
use limits::{MAX_REPLICATES, MAX_RESIDENT_REPLICATES, MAX_SCENARIOS, MAX_SEED, MAX_SERIES};

/// What a session runs: named scenarios (the first is the baseline of the report), the
/// replicates of each and the master seed.
#[derive(Clone, Debug)]
pub struct SessionSpec {
    pub scenarios: Vec<(String, Scenario)>,
    pub replicates: u32,
    pub seed: u64,
}

/// One line of the chart: a scenario or a fork of a series.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeriesInfo {
    pub index: usize,
    /// Unique in the session; the `scenario` column of the CSV and the name of the
    /// exported file (`NAME.toml`).
    pub name: String,
    pub title_en: String,
    pub title_zh: String,
    /// The scenario of the session it comes from (index in `SessionSpec::scenarios`).
    pub scenario: usize,
    /// The series it was forked from.
    pub forked_from: Option<usize>,
    /// The week it was forked at: its changes take effect from week `fork_week + 1`.
    pub fork_week: Option<u32>,
}

/// A mean over replicates with its 95% interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Point {
    pub mean: f64,
    pub low: f64,
    pub high: f64,
}

/// One week of every series.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WeekFrame {
    pub week: u32,
    /// `series[s][m]`: series `s`, metric `LiveSession::metrics()[m]`.
    pub series: Vec<Vec<Point>>,
}

/// A change a fork cannot make, in words the page can show.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChangeProblem {
    /// The dotted key (`office.access_list`), or empty when the problem is not one key's.
    pub key: String,
    pub message: String,
}

/// What a session refuses. Every message says what is wrong and what would be valid.
#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    #[error(
        "scenarios: {given} given; a session shows 1 to {MAX_SCENARIOS} scenarios side by side"
    )]
    Scenarios { given: usize },
    #[error("scenarios: `{name}` is given twice; each scenario of a session needs its own name")]
    DuplicateName { name: String },
    #[error(
        "scenarios: they simulate different numbers of weeks ({list}); a session needs the \
         same run.ticks in every scenario"
    )]
    DifferentWeeks { list: String },
    #[error("replicates: {given}; valid: 1 to {MAX_REPLICATES}")]
    Replicates { given: u32 },
    #[error("seed: {given} is too large; valid: 0 to {MAX_SEED}")]
    Seed { given: u64 },
    #[error(
        "size: {needed} resident-replicates (residents × replicates over every series); a \
         session holds at most {MAX_RESIDENT_REPLICATES}: choose fewer replicates, fewer \
         scenarios or smaller populations"
    )]
    TooLarge { needed: u64 },
    #[error(
        "series: a session holds at most {MAX_SERIES} series (scenarios and forks); reset it \
         to fork again"
    )]
    TooManySeries,
    #[error("series: there is no series {given}; valid: 0 to {}", .count - 1)]
    NoSuchSeries { given: usize, count: usize },
    #[error("community: there is no community {given}; valid: 0 to {}", .count - 1)]
    NoSuchCommunity { given: usize, count: usize },
    #[error("week: the run ended at week {weeks}; reset the session to run it again")]
    Finished { weeks: u32 },
    #[error("changes: a fork needs at least one change")]
    NoChanges,
    #[error(
        "week: the run is at week {week}; levers change the scenario only before the start \
         (week 0): reset the session, or fork to reform now"
    )]
    Started { week: u32 },
    #[error(
        "series: series {given} is a fork; before the start, levers change one of the \
         session's own scenarios (0 to {}); reset to drop the forks", .scenarios - 1
    )]
    NotAScenario { given: usize, scenarios: usize },
    #[error("{}", display_changes(.0))]
    Changes(Vec<ChangeProblem>),
    #[error("model: {0}")]
    Model(#[from] ModelError),
    #[error("report: {0}")]
    Report(String),
}

fn display_changes(problems: &[ChangeProblem]) -> String {
    problems
        .iter()
        .map(|p| match p.key.as_str() {
            "" => format!("changes: {}", p.message),
            key => format!("changes: key `{key}`: {}", p.message),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

impl LiveError {
    /// The field of a request the error is about: `scenarios`, `replicates`, `seed`,
    /// `series`, `community`, `week`, `changes` or `changes.KEY` (for the first key), or
    /// `session`.
    pub fn field(&self) -> String {
        match self {
            LiveError::Scenarios { .. }
            | LiveError::DuplicateName { .. }
            | LiveError::DifferentWeeks { .. } => "scenarios".into(),
            LiveError::Replicates { .. } => "replicates".into(),
            LiveError::Seed { .. } => "seed".into(),
            LiveError::TooLarge { .. } | LiveError::TooManySeries => "session".into(),
            LiveError::NoSuchSeries { .. } => "series".into(),
            LiveError::NoSuchCommunity { .. } => "community".into(),
            LiveError::Finished { .. } | LiveError::Started { .. } => "week".into(),
            LiveError::NotAScenario { .. } => "series".into(),
            LiveError::NoChanges => "changes".into(),
            LiveError::Changes(p) => match p.first().map(|p| p.key.as_str()) {
                Some("") | None => "changes".into(),
                Some(key) => format!("changes.{key}"),
            },
            LiveError::Model(_) | LiveError::Report(_) => "session".into(),
        }
    }
}

/// One series: its scenario (with a fork's interventions), every replicate's model and
/// every week it has recorded.
struct Series {
    info: SeriesInfo,
    scenario: Scenario,
    models: Vec<Model>,
    /// `ticks[replicate][week]`, week 0 (the initial state) first.
    ticks: Vec<Vec<TickMetrics>>,
    /// `points[week][metric]`: the means and bands of every week so far.
    points: Vec<Vec<Point>>,
}

impl Series {
    /// Means and bands of week `week` over the replicates.
    fn points_of(ticks: &[Vec<TickMetrics>], week: u32) -> Vec<Point> {
        let rows: Vec<Vec<f64>> = ticks.iter().map(|t| t[week as usize].values()).collect();
        METRICS
            .1
            .iter()
            .map(|&c| {
                let xs: Vec<f64> = rows.iter().map(|row| row[c]).collect();
                let e = estimate(&xs);
                Point {
                    mean: e.mean,
                    low: e.low,
                    high: e.high,
                }
            })
            .collect()
    }
}

/// A live session. `Send`, so a server can keep it behind a mutex.
pub struct LiveSession {
    spec: SessionSpec,
    weeks: u32,
    week: u32,
    series: Vec<Series>,
    /// Per scenario of the spec, the levers set before the start (for the exported file's
    /// header; the values themselves are in the scenario).
    set_before: Vec<Vec<(String, toml::Value)>>,
}

/// The metric columns a frame carries (every catalogue row but the week itself), and
/// the place of each in `TickMetrics::values`.
static METRICS: LazyLock<(Vec<&'static str>, Vec<usize>)> = LazyLock::new(|| {
    catalogue::METRICS
        .iter()
        .enumerate()
        .filter(|(_, m)| m.kind != Kind::Week)
        .map(|(i, m)| (m.name, i))
        .unzip()
});

fn residents(s: &Scenario) -> u64 {
    s.population.residents()
}

impl LiveSession {
    /// Check the spec against the limits and build every replicate's model at week 0.
    pub fn new(spec: SessionSpec) -> Result<LiveSession, LiveError> {
        check_spec(&spec)?;
        let weeks = spec.scenarios[0].1.run.ticks;
        let set_before = vec![Vec::new(); spec.scenarios.len()];
        let mut session = LiveSession {
            spec,
            weeks,
            week: 0,
            series: Vec::new(),
            set_before,
        };
        session.series = session.originals()?;
        Ok(session)
    }

    /// The series of the session's own scenarios, at week 0.
    fn originals(&self) -> Result<Vec<Series>, LiveError> {
        let (replicates, seed) = (self.spec.replicates, self.spec.seed);
        let work: Vec<(usize, u32)> = (0..self.spec.scenarios.len())
            .flat_map(|s| (0..replicates).map(move |r| (s, r)))
            .collect();
        let mut built: Vec<(Model, TickMetrics)> = work
            .par_iter()
            .with_max_len(1)
            .map(|&(s, r)| {
                let mut model = Model::new(&self.spec.scenarios[s].1, replicate_seed(seed, r))?;
                let initial = model.initial_metrics();
                Ok((model, initial))
            })
            .collect::<Result<_, ModelError>>()?;
        let mut series = Vec::new();
        for (index, (name, scenario)) in self.spec.scenarios.iter().enumerate().rev() {
            let reps = built.split_off(index * replicates as usize);
            let (models, initial): (Vec<Model>, Vec<TickMetrics>) = reps.into_iter().unzip();
            let ticks: Vec<Vec<TickMetrics>> = initial.into_iter().map(|t| vec![t]).collect();
            series.push(Series {
                info: SeriesInfo {
                    index,
                    name: name.clone(),
                    title_en: title(scenario, name, Lang::En),
                    title_zh: title(scenario, name, Lang::Zh),
                    scenario: index,
                    forked_from: None,
                    fork_week: None,
                },
                scenario: scenario.clone(),
                models,
                points: vec![Series::points_of(&ticks, 0)],
                ticks,
            });
        }
        series.reverse();
        Ok(series)
    }

    /// The metric columns of a frame, in catalogue order (every `TickMetrics` column but
    /// `tick`).
    pub fn metrics() -> &'static [&'static str] {
        &METRICS.0
    }

    /// The current week (0 before the first step).
    pub fn week(&self) -> u32 {
        self.week
    }

    /// The last week (`run.ticks`).
    pub fn weeks(&self) -> u32 {
        self.weeks
    }

    pub fn replicates(&self) -> u32 {
        self.spec.replicates
    }

    pub fn seed(&self) -> u64 {
        self.spec.seed
    }

    pub fn series(&self) -> Vec<SeriesInfo> {
        self.series.iter().map(|s| s.info.clone()).collect()
    }

    /// Advance every replicate of every series one week, in parallel.
    pub fn step(&mut self) -> Result<WeekFrame, LiveError> {
        if self.week >= self.weeks {
            return Err(LiveError::Finished { weeks: self.weeks });
        }
        let mut work: Vec<(&mut Model, &mut Vec<TickMetrics>)> = self
            .series
            .iter_mut()
            .flat_map(|s| s.models.iter_mut().zip(s.ticks.iter_mut()))
            .collect();
        work.par_iter_mut()
            .with_max_len(1)
            .for_each(|(model, ticks)| ticks.push(model.step()));
        self.week += 1;
        let week = self.week;
        self.series.par_iter_mut().for_each(|s| {
            let points = Series::points_of(&s.ticks, week);
            s.points.push(points);
        });
        Ok(self.frame(week))
    }

    /// Every week so far, week 0 first (for a page that connects mid-run).
    pub fn history(&self) -> Vec<WeekFrame> {
        (0..=self.week).map(|w| self.frame(w)).collect()
    }

    fn frame(&self, week: u32) -> WeekFrame {
        WeekFrame {
            week,
            series: self
                .series
                .iter()
                .map(|s| s.points[week as usize].clone())
                .collect(),
        }
    }

    fn get(&self, series: usize) -> Result<&Series, LiveError> {
        self.series.get(series).ok_or(LiveError::NoSuchSeries {
            given: series,
            count: self.series.len(),
        })
    }

    /// Fork `series` at the current week: a new series that goes on from the same state
    /// with the same random numbers, with `changes` (dotted key, value) taking effect from
    /// the next week. Returns the new series' index.
    pub fn fork(
        &mut self,
        series: usize,
        changes: &[(String, toml::Value)],
    ) -> Result<usize, LiveError> {
        let parent = self.get(series)?;
        if self.series.len() >= MAX_SERIES {
            return Err(LiveError::TooManySeries);
        }
        if self.week >= self.weeks {
            return Err(LiveError::Finished { weeks: self.weeks });
        }
        let needed =
            self.resident_replicates() + residents(&parent.scenario) * u64::from(self.replicates());
        if needed > MAX_RESIDENT_REPLICATES {
            return Err(LiveError::TooLarge { needed });
        }
        let mut scenario = self.forked_scenario(parent, changes)?;
        let index = self.series.len();
        let info = SeriesInfo {
            index,
            name: self.fork_name(&parent.info.name),
            title_en: format!("{}: reform at week {}", parent.info.title_en, self.week),
            title_zh: format!("{}:第{}周改革", parent.info.title_zh, self.week),
            scenario: parent.info.scenario,
            forked_from: Some(series),
            fork_week: Some(self.week),
        };
        scenario.title.en = info.title_en.clone();
        scenario.title.zh = info.title_zh.clone();
        let models = parent
            .models
            .par_iter()
            .map(|m| m.fork(&scenario))
            .collect::<Result<Vec<_>, _>>()?;
        let ticks = parent.ticks.clone();
        let points = parent.points.clone();
        self.series.push(Series {
            info,
            scenario,
            models,
            ticks,
            points,
        });
        Ok(index)
    }

    /// The parent's scenario with `changes` as an intervention at the next tick, checked
    /// by the validator like any intervention.
    fn forked_scenario(
        &self,
        parent: &Series,
        changes: &[(String, toml::Value)],
    ) -> Result<Scenario, LiveError> {
        let set = changes_table(changes)?;
        let mut scenario = parent.scenario.clone();
        let at = scenario.interventions.len();
        scenario.interventions.push(Intervention {
            tick: self.week + 1,
            set,
        });
        let prefix = format!("interventions[{at}].set");
        crate::scenario::validate::validate(&scenario).map_err(|errs| {
            LiveError::Changes(
                errs.into_iter()
                    .map(|(path, message)| ChangeProblem {
                        key: path
                            .strip_prefix(&prefix)
                            .map(|k| k.trim_start_matches('.').to_string())
                            .unwrap_or(path),
                        message,
                    })
                    .collect(),
            )
        })?;
        Ok(scenario)
    }

    /// Before the start (week 0): change scenario `series` of the session itself with
    /// `changes` (dotted key, value), merged over its parameters and checked by the
    /// loader's rules (types, ranges, combinations, its interventions replayed), like a
    /// scenario file. The change is part of the scenario from then on: the series is
    /// built again at week 0, `reset` keeps it and `scenario_toml` writes it.
    pub fn set_before_start(
        &mut self,
        series: usize,
        changes: &[(String, toml::Value)],
    ) -> Result<(), LiveError> {
        self.get(series)?;
        if self.week > 0 {
            return Err(LiveError::Started { week: self.week });
        }
        let scenarios = self.spec.scenarios.len();
        if series >= scenarios || self.series.len() > scenarios {
            return Err(LiveError::NotAScenario {
                given: series,
                scenarios,
            });
        }
        let set = changes_table(changes)?;
        let changed = self.spec.scenarios[series]
            .1
            .with_overlay(&set)
            .map_err(|e| LiveError::Changes(overlay_problems(e)))?;
        crate::scenario::validate::validate(&changed).map_err(|errs| {
            LiveError::Changes(
                errs.into_iter()
                    .map(|(key, message)| ChangeProblem { key, message })
                    .collect(),
            )
        })?;
        let mut spec = self.spec.clone();
        spec.scenarios[series].1 = changed;
        check_spec(&spec)?;
        let before = std::mem::replace(&mut self.spec, spec);
        match self.originals() {
            Ok(built) => {
                self.series = built;
                let done = &mut self.set_before[series];
                done.retain(|(k, _)| !changes.iter().any(|(c, _)| c == k));
                done.extend(changes.iter().cloned());
                Ok(())
            }
            Err(e) => {
                self.spec = before;
                Err(e)
            }
        }
    }

    /// The levers' values that the next week of `series` runs with: its scenario with
    /// every intervention up to the next week merged over it (a fork's changes show from
    /// the week it was forked at).
    pub fn in_force(&self, series: usize) -> Result<toml::Table, LiveError> {
        let s = self.get(series)?;
        let mut due: Vec<&Intervention> = s
            .scenario
            .interventions
            .iter()
            .filter(|i| i.tick <= self.week + 1)
            .collect();
        due.sort_by_key(|i| i.tick);
        let mut set = toml::Table::new();
        for i in due {
            for key in crate::dotted::leaves(&i.set) {
                if let Some(v) = crate::dotted::get(&i.set, &key) {
                    crate::dotted::set(&mut set, &key, v.clone());
                }
            }
        }
        let base =
            toml::Table::try_from(&s.scenario).map_err(|e| LiveError::Report(e.to_string()))?;
        let mut values = toml::Table::new();
        for lever in LEVERS.iter() {
            let value = crate::dotted::get(&set, &lever.key)
                .or_else(|| crate::dotted::get(&base, &lever.key));
            if let Some(v) = value {
                values.insert(lever.key.clone(), v.clone());
            }
        }
        Ok(values)
    }

    /// `PARENT_wWEEK`, made unique.
    fn fork_name(&self, parent: &str) -> String {
        let base = format!("{parent}_w{}", self.week);
        let mut name = base.clone();
        let mut k = 2;
        while self.series.iter().any(|s| s.info.name == name) {
            name = format!("{base}_{k}");
            k += 1;
        }
        name
    }

    fn resident_replicates(&self) -> u64 {
        self.series
            .iter()
            .map(|s| residents(&s.scenario) * self.replicates() as u64)
            .sum()
    }

    /// Back to week 0 with the session's own scenarios (forks are dropped).
    pub fn reset(&mut self) {
        // Model::new fails only on an intervention that does not apply, and these
        // scenarios built models before, so the originals build again; if they did not,
        // the session would keep its series rather than lose them.
        if let Ok(series) = self.originals() {
            self.series = series;
            self.week = 0;
        }
    }

    /// Replicate 0 of `series` in community `community` now.
    pub fn community(&self, series: usize, community: usize) -> Result<CommunityView, LiveError> {
        let s = self.get(series)?;
        community::view(&s.models[0], self.week, community)
    }

    /// The series' scenario as a file that `cogov run` reproduces exactly: every
    /// parameter resolved, a fork's changes as an `[[interventions]]` entry, the session's
    /// seed and replicates. Save it as `NAME.toml` (the series' name) for the same
    /// `scenario` column.
    pub fn scenario_toml(&self, series: usize) -> Result<String, LiveError> {
        let s = self.get(series)?;
        let mut scenario = s.scenario.clone();
        scenario.run.seed = self.spec.seed;
        scenario.run.replicates = self.spec.replicates;
        let how = match (s.info.forked_from, s.info.fork_week) {
            (Some(from), Some(week)) => format!(
                "# Series `{}`: `{}` forked at week {week}; the changes are the last \
                 [[interventions]] entry (tick {}).\n",
                s.info.name,
                self.series[from].info.name,
                week + 1
            ),
            _ => format!("# Series `{}` of a cogov live session.\n", s.info.name),
        };
        let set: Vec<String> = self.set_before[s.info.scenario]
            .iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect();
        let how = if set.is_empty() {
            how
        } else {
            format!(
                "{how}# Levers set before the start (part of the parameters below): {}.\n",
                set.join(", ")
            )
        };
        Ok(format!(
            "{how}# `cogov run {}.toml` reproduces it: seed {}, {} replicates, {} weeks.\n\n{}",
            s.info.name,
            self.spec.seed,
            self.spec.replicates,
            self.weeks,
            render::resolved_toml(&scenario)
        ))
    }

    /// Every week so far of every replicate of every series, in the format of `cogov
    /// run`'s `trajectories.csv` (series, replicate, week order).
    pub fn trajectories_csv(&self) -> Vec<u8> {
        let mut out = export::trajectories_header();
        for s in &self.series {
            for (r, ticks) in s.ticks.iter().enumerate() {
                let seed = replicate_seed(self.spec.seed, r as u32);
                out.extend(export::trajectory_rows(&s.info.name, r as u32, seed, ticks));
            }
        }
        out
    }

    /// The report `cogov compare` writes, of every series over the weeks so far, with the
    /// first series as the baseline.
    pub fn report_html(&self, lang: Lang) -> Result<String, LiveError> {
        let series: Vec<report::SeriesData> = self
            .series
            .iter()
            .map(|s| report::SeriesData {
                name: &s.info.name,
                title: if lang == Lang::Zh {
                    &s.info.title_zh
                } else {
                    &s.info.title_en
                },
                scenario: &s.scenario,
                ticks: &s.ticks,
            })
            .collect();
        report::html(&series, &self.spec, self.week, lang)
    }
}

/// The page's levers, derived once.
static LEVERS: LazyLock<Vec<Lever>> = LazyLock::new(levers);

/// Changes (dotted key, value) as a partial scenario table; a key that is no dotted path
/// is refused by name.
fn changes_table(changes: &[(String, toml::Value)]) -> Result<toml::Table, LiveError> {
    if changes.is_empty() {
        return Err(LiveError::NoChanges);
    }
    let mut set = toml::Table::new();
    let mut problems = Vec::new();
    for (key, value) in changes {
        if key.is_empty() || key.split('.').any(str::is_empty) {
            problems.push(ChangeProblem {
                key: key.clone(),
                message: "not a parameter: a key is a dotted path such as \
                          `office.access_list`"
                    .into(),
            });
            continue;
        }
        crate::dotted::set(&mut set, key, value.clone());
    }
    if !problems.is_empty() {
        return Err(LiveError::Changes(problems));
    }
    Ok(set)
}

/// The loader's problems with an overlay, by key.
fn overlay_problems(e: crate::scenario::ScenarioError) -> Vec<ChangeProblem> {
    match e {
        crate::scenario::ScenarioError::Invalid(problems) => problems
            .into_iter()
            .map(|p| ChangeProblem {
                key: p.key.unwrap_or_default(),
                message: p.message,
            })
            .collect(),
        other => vec![ChangeProblem {
            key: String::new(),
            message: other.to_string(),
        }],
    }
}

/// The scenario's title in `lang`, else in English, else its name.
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

/// The limits a spec must keep.
fn check_spec(spec: &SessionSpec) -> Result<(), LiveError> {
    let given = spec.scenarios.len();
    if given == 0 || given > MAX_SCENARIOS {
        return Err(LiveError::Scenarios { given });
    }
    if spec.replicates == 0 || spec.replicates > MAX_REPLICATES {
        return Err(LiveError::Replicates {
            given: spec.replicates,
        });
    }
    if spec.seed > MAX_SEED {
        return Err(LiveError::Seed { given: spec.seed });
    }
    for (i, (name, _)) in spec.scenarios.iter().enumerate() {
        if spec.scenarios[..i].iter().any(|(n, _)| n == name) {
            return Err(LiveError::DuplicateName { name: name.clone() });
        }
    }
    let ticks = spec.scenarios[0].1.run.ticks;
    if spec.scenarios.iter().any(|(_, s)| s.run.ticks != ticks) {
        let list = spec
            .scenarios
            .iter()
            .map(|(n, s)| format!("{n} = {}", s.run.ticks))
            .collect::<Vec<_>>()
            .join(", ");
        return Err(LiveError::DifferentWeeks { list });
    }
    let needed: u64 = spec
        .scenarios
        .iter()
        .map(|(_, s)| residents(s).saturating_mul(u64::from(spec.replicates)))
        .fold(0, u64::saturating_add);
    if needed > MAX_RESIDENT_REPLICATES {
        return Err(LiveError::TooLarge { needed });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
