//! The `trust` section: how residents' trust in the committee moves.
//!
//! The types of this part of a scenario, their defaults, and their rows in the parameter
//! catalogue ([`ROWS`], joined into [`docs::PARAMS`](super::docs::PARAMS)): unit, valid
//! range, meaning, Chinese label, reason for the default, and when the value may change.

use serde::{Deserialize, Serialize};

use super::param::{Change, ParamDoc, Range};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Trust {
    /// Trust a reporter gains when their issue is resolved (share of distance to 1).
    pub resolved_gain: f64,
    /// Trust lost for each full patience period an issue waits (share of value).
    pub waiting_loss: f64,
    /// Pull per tick toward the mean trust of one's neighbours (word of mouth).
    pub word_of_mouth: f64,
    /// Pull per tick toward `anchor` (memory of good and bad service fades).
    pub recovery: f64,
    /// Value trust recovers toward.
    pub anchor: f64,
    /// Trust a reporter loses when they withdraw an issue (share of value).
    pub withdrawal_loss: f64,
}

impl Default for Trust {
    fn default() -> Self {
        Trust {
            resolved_gain: 0.1,
            waiting_loss: 0.05,
            word_of_mouth: 0.05,
            recovery: 0.01,
            anchor: 0.45,
            withdrawal_loss: 0.1,
        }
    }
}

/// The catalogue rows of `trust`, in struct order.
pub static ROWS: &[ParamDoc] = &[
    ParamDoc {
        path: "trust.resolved_gain",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Trust a reporter gains when their issue is resolved, as a share of the distance to 1.",
        zh: "诉求解决带来的信任度提升",
        reason: "0.1: one good experience helps but does not convert; calibration choice.",
    },
    ParamDoc {
        path: "trust.waiting_loss",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Trust lost for each full patience period an issue waits, as a share of the value.",
        zh: "等待造成的信任度下降",
        reason: "0.05: waiting erodes trust slowly; calibration choice.",
    },
    ParamDoc {
        path: "trust.word_of_mouth",
        unit: "share per tick",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Pull per tick toward the mean trust of one's neighbours (word of mouth).",
        zh: "口碑效应(邻里间信任趋同)",
        reason: "0.05: opinions converge over months; calibration choice.",
    },
    ParamDoc {
        path: "trust.recovery",
        unit: "share per tick",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Pull per tick of each resident's trust toward trust.anchor (runs with or without word of mouth; 0 switches it off).",
        zh: "信任度回归速度",
        reason: "0.01: same as satisfaction.recovery (half-life about 16 months); calibration choice: without a restoring force trust drifts with service and slowly tips the street.",
    },
    ParamDoc {
        path: "trust.anchor",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Value trust recovers toward.",
        zh: "信任度回归的基准值",
        reason: "0.45: the mean of population.initial_trust (lukewarm trust).",
    },
    ParamDoc {
        path: "trust.withdrawal_loss",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Trust a reporter loses when they give up and withdraw an issue, as a share of the value.",
        zh: "撤回诉求造成的信任度下降",
        reason: "0.1: twice trust.waiting_loss, giving up is worse than waiting; calibration choice.",
    },
];
