//! The `participation` section: the threshold rule by which residents take part.
//!
//! The types of this part of a scenario, their defaults, and their rows in the parameter
//! catalogue ([`ROWS`], joined into [`docs::PARAMS`](super::docs::PARAMS)): unit, valid
//! range, meaning, Chinese label, reason for the default, and when the value may change.

use serde::{Deserialize, Serialize};

use super::param::WEEK;
use super::param::{Change, ParamDoc, Range};
use super::values::ByAge;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Participation {
    /// Off: nobody takes part (the model becomes a queueing model of the committee).
    pub enabled: bool,
    /// Weight of the share of neighbours who took part last tick.
    pub w_social: f64,
    /// Weight of trust in the committee.
    pub w_trust: f64,
    /// Weight of civic efficacy.
    pub w_efficacy: f64,
    /// Constant recruitment push (mobilisation) added to everyone's drive.
    pub recruitment: f64,
    /// Cost of taking part offline, by age group (time, travel, habit).
    pub offline_cost: ByAge,
    /// Volunteer hours a participant gives per tick.
    pub volunteer_hours: f64,
    /// Efficacy gained per tick of taking part, as a share of the distance to 1.
    pub efficacy_gain: f64,
    /// Efficacy lost per tick of not taking part, as a share of the current value.
    pub efficacy_decay: f64,
    /// Value efficacy decays toward when not taking part.
    pub efficacy_anchor: f64,
}

impl Default for Participation {
    fn default() -> Self {
        Participation {
            enabled: true,
            w_social: 0.45,
            w_trust: 0.3,
            w_efficacy: 0.3,
            recruitment: 0.0,
            offline_cost: ByAge {
                young: 0.2,
                middle: 0.12,
                elderly: 0.04,
            },
            volunteer_hours: 0.2,
            efficacy_gain: 0.02,
            efficacy_decay: 0.005,
            efficacy_anchor: 0.25,
        }
    }
}

/// The catalogue rows of `participation`, in struct order.
pub static ROWS: &[ParamDoc] = &[
    ParamDoc {
        path: "participation.enabled",
        unit: "switch",
        range: Range::Bool,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether residents take part at all; off turns the model into a queueing model of the committee.",
        zh: "是否模拟居民参与",
        reason: "Participation is the heart of the model.",
    },
    ParamDoc {
        path: "participation.w_social",
        unit: "weight",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Weight of the share of neighbours who took part last tick in a resident's drive.",
        zh: "邻里带动权重",
        reason: "0.45: neighbours are the strongest single pull (threshold models, Granovetter 1978) but not enough alone for a street-wide cascade; calibration choice.",
    },
    ParamDoc {
        path: "participation.w_trust",
        unit: "weight",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Weight of trust in the committee in a resident's drive.",
        zh: "信任度权重",
        reason: "0.3: with mean trust 0.45 it adds about 0.14 to the drive; calibration choice.",
    },
    ParamDoc {
        path: "participation.w_efficacy",
        unit: "weight",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Weight of civic efficacy in a resident's drive.",
        zh: "效能感权重",
        reason: "0.3: with mean efficacy 0.25 it adds about 0.08 to the drive; calibration choice.",
    },
    ParamDoc {
        path: "participation.recruitment",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Constant recruitment push (mobilisation campaign) added to everyone's drive.",
        zh: "动员宣传力度",
        reason: "0: the baseline runs no campaign.",
    },
    ParamDoc {
        path: "participation.offline_cost.young",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Cost of taking part offline for residents aged 18-39 (time, travel, habit), subtracted from the drive.",
        zh: "青年线下参与成本",
        reason: "Highest: only 13.8% of 18-29 year-olds voted in the last committee election (Shanghai survey, N = 6,581).",
    },
    ParamDoc {
        path: "participation.offline_cost.middle",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Cost of taking part offline for residents aged 40-59.",
        zh: "中年线下参与成本",
        reason: "Middle: 55.7% turnout at ages 50-59 (Shanghai survey).",
    },
    ParamDoc {
        path: "participation.offline_cost.elderly",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Cost of taking part offline for residents aged 60 and over.",
        zh: "老年线下参与成本",
        reason: "Lowest: 77.7% turnout at ages 70-79 (Shanghai survey).",
    },
    ParamDoc {
        path: "participation.volunteer_hours",
        unit: "hours per tick",
        range: Range::Between(0.0, WEEK),
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Volunteer hours a participant gives per tick (at most the 168 hours of a week).",
        zh: "参与者每周志愿服务时数",
        reason: "0.2 hours: most participants give an occasional hour, backbone volunteers more; calibration choice so that matched volunteer hours are a fraction of a committee's issue hours.",
    },
    ParamDoc {
        path: "participation.efficacy_gain",
        unit: "share per tick",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Efficacy gained per tick of taking part, as a share of the distance to 1.",
        zh: "参与带来的效能感提升",
        reason: "0.02: efficacy builds over months of taking part (half the way to 1 in about 35 weeks); calibration choice.",
    },
    ParamDoc {
        path: "participation.efficacy_decay",
        unit: "share per tick",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Efficacy lost per tick of not taking part, as a share of the current value.",
        zh: "不参与时效能感的衰减",
        reason: "0.005: an inactive resident loses about a quarter of their efficacy in a year; calibration choice.",
    },
    ParamDoc {
        path: "participation.efficacy_anchor",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Value a non-participant's efficacy decays toward (e ← e − decay × (e − anchor) above it; unchanged at or below it); 0 is model 1's decay toward 0.",
        zh: "效能感衰减的基准值",
        reason: "0.25: the mean of population.initial_efficacy: without taking part people keep their initial sense of efficacy, they do not lose it all.",
    },
];
