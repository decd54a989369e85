//! The `coordination` section: how well outside help matches needs (一核多元共治).
//!
//! The types of this part of a scenario, their defaults, and their rows in the parameter
//! catalogue ([`ROWS`], joined into [`docs::PARAMS`](super::docs::PARAMS)): unit, valid
//! range, meaning, Chinese label, reason for the default, and when the value may change.

use serde::{Deserialize, Serialize};

use super::param::{Change, ParamDoc, Range};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Coordination {
    /// Share of NGO and volunteer hours that actually match residents' needs
    /// (一核多元共治: the community Party organisation coordinating the many actors).
    pub strength: f64,
}

impl Default for Coordination {
    fn default() -> Self {
        Coordination { strength: 0.4 }
    }
}

/// The catalogue rows of `coordination`, in struct order.
pub static ROWS: &[ParamDoc] = &[ParamDoc {
    path: "coordination.strength",
    unit: "share",
    range: Range::UnitInterval,
    limit: "",
    change: Change::AnyTick,
    sweep: true,
    doc: "Share of NGO and volunteer hours that actually match residents' needs (一核多元共治: the community Party organisation coordinating the many actors).",
    zh: "统筹协调强度(一核多元共治)",
    reason: "0.4: without strong coordination most outside help misses needs; calibration choice.",
}];
