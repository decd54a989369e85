//! The `training` section: training of committee staff and social workers.
//!
//! The types of this part of a scenario, their defaults, and their rows in the parameter
//! catalogue ([`ROWS`], joined into [`docs::PARAMS`](super::docs::PARAMS)): unit, valid
//! range, meaning, Chinese label, reason for the default, and when the value may change.

use serde::{Deserialize, Serialize};

use super::param::WEEK;
use super::param::{Change, ParamDoc, Range};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Training {
    /// Skill gained per 1,000 yuan of training, as a share of the distance to 1.
    pub skill_per_1000_yuan: f64,
    /// Share of the training money that pays social workers.
    pub social_worker_share: f64,
    /// Weekly wage of a social worker (yuan).
    pub social_worker_wage: f64,
    /// Working hours of a social worker per tick.
    pub social_worker_hours: f64,
    /// Skill lost per tick (turnover), as a share of the current value.
    pub skill_decay: f64,
}

impl Default for Training {
    fn default() -> Self {
        Training {
            skill_per_1000_yuan: 0.01,
            social_worker_share: 0.0,
            social_worker_wage: 1500.0,
            social_worker_hours: 40.0,
            skill_decay: 0.002,
        }
    }
}

/// The catalogue rows of `training`, in struct order.
pub static ROWS: &[ParamDoc] = &[
    ParamDoc {
        path: "training.skill_per_1000_yuan",
        unit: "share per 1,000 yuan",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Committee skill gained per 1,000 yuan of training, as a share of the distance to 1.",
        zh: "每千元培训带来的能力提升",
        reason: "0.01: the baseline 600 yuan a week close 0.6% of the gap to full skill each week; calibration choice.",
    },
    ParamDoc {
        path: "training.social_worker_share",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Share of the training money that pays social workers.",
        zh: "社工聘用占培训经费比例",
        reason: "0: the baseline hires none.",
    },
    ParamDoc {
        path: "training.social_worker_wage",
        unit: "yuan per tick",
        range: Range::Between(1.0, 1e6),
        limit: "from 1 to a million yuan a week: social-worker hours stay finite",
        change: Change::AnyTick,
        sweep: true,
        doc: "Weekly wage of a social worker.",
        zh: "社工周薪",
        reason: "1,500 yuan a week, about 6,500 yuan a month; calibration choice.",
    },
    ParamDoc {
        path: "training.social_worker_hours",
        unit: "hours per tick",
        range: Range::Between(0.0, WEEK),
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Working hours of a social worker per tick.",
        zh: "社工每周工时",
        reason: "40 hours: the standard working week.",
    },
    ParamDoc {
        path: "training.skill_decay",
        unit: "share per tick",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Skill lost per tick (turnover), as a share of the current value.",
        zh: "人员流动造成的能力流失",
        reason: "0.002: about 10% of skill lost a year through turnover; calibration choice.",
    },
];
