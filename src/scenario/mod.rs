//! Scenarios: every parameter of the co-governance model, with its default.
//!
//! A scenario is what a user writes in TOML. It states only what it changes: every field
//! has a default (`Scenario::default()` is the baseline "stability-maintenance" street of
//! `docs/ODD.md`), and `extends` lets one file build on another.
//!
//! One file per TOML section (`run.rs`, `population.rs`, … `interventions.rs`) holds that
//! section's types, their `Default`, and the section's rows of the parameter catalogue
//! (unit, valid range, meaning, Chinese label, reason, when it may change); `values.rs` the
//! value types several sections share; `param.rs` the shape of a row. The layers, each
//! using only those before it: `param` → sections → `docs` (the rows joined) → `render`
//! (commented defaults, the ODD table) → `validate` (ranges and combinations); `load` turns
//! files into a validated `Scenario` with errors that name file, line, column and key.
//!
//! Serde derives live here (and on results), never on the model's agent internals.

mod committee;
mod coordination;
mod council;
mod deserialize;
pub mod docs;
mod interventions;
mod issues;
pub mod load;
mod network;
mod ngo;
mod office;
mod online;
mod outreach;
mod param;
mod participation;
mod population;
mod projects;
pub mod render;
mod run;
mod satisfaction;
pub(crate) mod table;
mod text;
mod training;
mod trust;
pub mod validate;
mod values;

use serde::{Deserialize, Serialize};

pub use committee::Committee;
pub use coordination::Coordination;
pub use council::Council;
pub use interventions::Intervention;
pub use issues::{IssueCategories, IssueCategory, Issues};
pub use load::{Location, Problem, ScenarioError, load_file, load_str};
pub use network::{Network, NetworkKind};
pub use ngo::Ngos;
pub use office::{BudgetSplit, Office, Reaction};
pub use online::{ChannelChoice, OnlineChannel};
pub use outreach::Outreach;
pub use participation::Participation;
pub use population::Population;
pub use projects::Projects;
pub use run::RunSettings;
pub use satisfaction::Satisfaction;
pub use text::Text;
pub use training::Training;
pub use trust::Trust;
pub use values::{AgeGroup, ByAge, Distribution};

/// A complete, resolved scenario. The default is the baseline street of `docs/ODD.md`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Scenario {
    /// Short name shown in tables, legends and reports.
    pub title: Text,
    /// Two sentences for the report.
    pub description: Text,
    pub run: RunSettings,
    pub population: Population,
    pub network: Network,
    pub participation: Participation,
    pub online: OnlineChannel,
    pub issues: Issues,
    pub committee: Committee,
    pub office: Office,
    pub ngo: Ngos,
    pub council: Council,
    pub training: Training,
    pub coordination: Coordination,
    pub trust: Trust,
    pub satisfaction: Satisfaction,
    /// Outreach from the committees' idle hours (model 2).
    pub outreach: Outreach,
    /// Residents' micro-projects (民生微实事, model 2).
    pub projects: Projects,
    /// Changes to parameters at given ticks (a reform introduced mid-run).
    pub interventions: Vec<Intervention>,
}

impl Scenario {
    /// This scenario reduced to the classic synchronous threshold-cascade model
    /// (Granovetter 1978; Watts 2002): only the social term of the drive (`w_social = 1`),
    /// no trust, efficacy, recruitment or costs, no online channel, no issues, no councils,
    /// and nothing else evolving (no word of mouth, satisfaction or internet adoption).
    /// Population, network, thresholds and committed residents (the seeds) are kept.
    pub fn threshold_cascade(mut self) -> Scenario {
        let p = &mut self.participation;
        p.enabled = true;
        p.w_social = 1.0;
        p.w_trust = 0.0;
        p.w_efficacy = 0.0;
        p.recruitment = 0.0;
        p.offline_cost = ByAge {
            young: 0.0,
            middle: 0.0,
            elderly: 0.0,
        };
        self.ngo.recruitment_per_hour = 0.0;
        self.online.enabled = false;
        self.online.access_growth = 0.0;
        self.issues.rate = 0.0;
        self.council.interval = 0;
        self.trust.word_of_mouth = 0.0;
        self.satisfaction.recovery = 0.0;
        self.committee.outreach_share = 0.0;
        self.projects.enabled = false;
        self.interventions.clear();
        self
    }
}
