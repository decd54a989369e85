//! The `run` section: how long to simulate, how many replicates, which seed.
//!
//! The types of this part of a scenario, their defaults, and their rows in the parameter
//! catalogue ([`ROWS`], joined into [`docs::PARAMS`](super::docs::PARAMS)): unit, valid
//! range, meaning, Chinese label, reason for the default, and when the value may change.

use serde::{Deserialize, Serialize};

use super::param::{Change, ParamDoc, Range};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RunSettings {
    /// Ticks to simulate; one tick is one week.
    pub ticks: u32,
    /// Replicates when the command line does not say.
    pub replicates: u32,
    /// Master seed when the command line does not say.
    pub seed: u64,
}

impl Default for RunSettings {
    fn default() -> Self {
        RunSettings {
            ticks: 104,
            replicates: 10,
            seed: 1,
        }
    }
}

/// The catalogue rows of `run`, in struct order.
pub static ROWS: &[ParamDoc] = &[
    ParamDoc {
        path: "run.ticks",
        unit: "ticks (weeks)",
        range: Range::Between(1.0, 100_000.0),
        limit: "",
        change: Change::Fixed,
        sweep: true,
        doc: "Ticks to simulate; one tick is one week.",
        zh: "模拟周数",
        reason: "104 weeks = two years, long enough for trust and skill to move; the upper limit keeps per-tick records in memory.",
    },
    ParamDoc {
        path: "run.replicates",
        unit: "count",
        range: Range::Between(1.0, 100_000.0),
        limit: "",
        change: Change::Fixed,
        sweep: false,
        doc: "Replicates (independent seeds) when the command line does not say.",
        zh: "重复运行次数",
        reason: "10 replicates give a usable spread at little cost; calibration choice.",
    },
    ParamDoc {
        path: "run.seed",
        unit: "seed",
        range: Range::NonNegative,
        limit: "",
        change: Change::Fixed,
        sweep: false,
        doc: "Master seed when the command line does not say (at most 9223372036854775807, the largest TOML integer).",
        zh: "主随机种子",
        reason: "Any fixed value makes runs reproducible; 1 is arbitrary.",
    },
];
