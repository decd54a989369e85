//! The `interventions` array: changes to parameters at given ticks (a reform mid-run).
//!
//! The types of this part of a scenario, their defaults, and their rows in the parameter
//! catalogue ([`ROWS`], joined into [`docs::PARAMS`](super::docs::PARAMS)): unit, valid
//! range, meaning, Chinese label, reason for the default, and when the value may change.

use serde::{Deserialize, Serialize};

use super::param::{Change, ParamDoc, Range};

/// A change to parameters at a given tick.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intervention {
    /// The tick at whose start the change takes effect.
    pub tick: u32,
    /// A partial scenario merged over the current parameters (same keys as a scenario;
    /// population and network cannot change mid-run).
    pub set: toml::Table,
}

/// The catalogue rows of `interventions`, in struct order.
pub static ROWS: &[ParamDoc] = &[ParamDoc {
    path: "interventions",
    unit: "list",
    range: Range::Interventions,
    limit: "",
    change: Change::Fixed,
    sweep: false,
    doc: "Changes to parameters at given ticks (a reform introduced mid-run): [[interventions]] tables with `tick` and a partial scenario `set`; title, description, run, population, network and interventions cannot change, nor can the initial-state keys online.access, committee.skill, committee.initial_funds and ngo.pool_per_community.",
    zh: "政策干预",
    reason: "None: the baseline has no reform.",
}];
