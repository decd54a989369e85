//! The `satisfaction` section: how residents' satisfaction moves.
//!
//! The types of this part of a scenario, their defaults, and their rows in the parameter
//! catalogue ([`ROWS`], joined into [`docs::PARAMS`](super::docs::PARAMS)): unit, valid
//! range, meaning, Chinese label, reason for the default, and when the value may change.

use serde::{Deserialize, Serialize};

use super::param::{Change, ParamDoc, Range};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Satisfaction {
    /// Gain when one's issue is resolved (share of distance to 1).
    pub resolved_gain: f64,
    /// Loss for an issue one did not report (share of value).
    pub unreported_loss: f64,
    /// Loss for each full patience period an issue waits (share of value).
    pub waiting_loss: f64,
    /// Pull per tick back toward 0.5 (memory fades).
    pub recovery: f64,
    /// Value satisfaction recovers toward.
    pub anchor: f64,
}

impl Default for Satisfaction {
    fn default() -> Self {
        Satisfaction {
            resolved_gain: 0.15,
            unreported_loss: 0.1,
            waiting_loss: 0.05,
            recovery: 0.01,
            anchor: 0.5,
        }
    }
}

/// The catalogue rows of `satisfaction`, in struct order.
pub static ROWS: &[ParamDoc] = &[
    ParamDoc {
        path: "satisfaction.resolved_gain",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Satisfaction gained when one's issue is resolved, as a share of the distance to 1.",
        zh: "诉求解决带来的满意度提升",
        reason: "0.15: a resolved problem is felt; calibration choice.",
    },
    ParamDoc {
        path: "satisfaction.unreported_loss",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Satisfaction lost for an issue one did not report, as a share of the value.",
        zh: "诉求未反映造成的满意度下降",
        reason: "0.1: an unaddressed problem lingers; calibration choice.",
    },
    ParamDoc {
        path: "satisfaction.waiting_loss",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Satisfaction lost for each full patience period an issue waits, as a share of the value.",
        zh: "等待造成的满意度下降",
        reason: "0.05: same as the trust loss; calibration choice.",
    },
    ParamDoc {
        path: "satisfaction.recovery",
        unit: "share per tick",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Pull per tick back toward 0.5 (memory fades).",
        zh: "满意度回归速度",
        reason: "0.01: a half-life of about 16 months for good and bad memories; calibration choice.",
    },
    ParamDoc {
        path: "satisfaction.anchor",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Value satisfaction recovers toward each tick (at the rate satisfaction.recovery).",
        zh: "满意度回归的基准值",
        reason: "0.5: neutral, memories fade toward indifference; calibration choice (model 1's hidden constant).",
    },
];
