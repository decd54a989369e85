//! The `projects` section: residents' micro-projects (民生微实事, "residents order, the
//! government serves").
//!
//! The types of this part of a scenario, their defaults, and their rows in the parameter
//! catalogue ([`ROWS`], joined into [`docs::PARAMS`](super::docs::PARAMS)): unit, valid
//! range, meaning, Chinese label, reason for the default, and when the value may change.
//! Money is an index: 1 unit ≈ 10 yuan of 2015–2022 prices (see the ODD).

use serde::{Deserialize, Serialize};

use super::param::{Change, ParamDoc, Range};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Projects {
    /// Whether residents propose micro-projects and committees fund them.
    pub enabled: bool,
    /// Money one project costs (index units), paid when it is funded.
    pub cost: f64,
    /// Hours of work one project takes.
    pub hours: f64,
    /// Weeks from funding to the earliest finish.
    pub duration: u32,
    /// Chance per week that a resident with trust and efficacy 1 proposes a project.
    pub proposal_rate: f64,
    /// Weeks between votes on proposals where no councils are held.
    pub vote_interval: u32,
    /// Money a committee keeps for issues when it funds projects.
    pub issue_reserve: f64,
    /// Proposals a community keeps waiting at most (the oldest are dropped).
    pub max_waiting: u32,
    /// Funds a committee may carry into a new year, as a share of the money devolved to it
    /// in the past 52 weeks; the rest returns to the office.
    pub carry_cap: f64,
    /// Satisfaction gain of every resident of the community when a project finishes
    /// (share of distance to 1).
    pub satisfaction_gain: f64,
    /// Efficacy gain of the proposer and of the residents who selected the project
    /// (share of distance to 1).
    pub efficacy_gain: f64,
}

impl Default for Projects {
    fn default() -> Self {
        Projects {
            enabled: true,
            cost: 10_000.0,
            hours: 40.0,
            duration: 8,
            proposal_rate: 0.001,
            vote_interval: 13,
            issue_reserve: 5_000.0,
            max_waiting: 20,
            carry_cap: 0.5,
            satisfaction_gain: 0.02,
            efficacy_gain: 0.1,
        }
    }
}

/// The catalogue rows of `projects`, in struct order.
pub static ROWS: &[ParamDoc] = &[
    ParamDoc {
        path: "projects.enabled",
        unit: "true/false",
        range: Range::Bool,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether residents propose micro-projects (民生微实事) and committees fund them from devolved money; false gives the model without projects.",
        zh: "是否开展民生微实事",
        reason: "true: a mechanism, not a lever; it acts only through the money devolved to committees.",
    },
    ParamDoc {
        path: "projects.cost",
        unit: "yuan (index: 1 unit ≈ 10 yuan)",
        range: Range::Between(0.0, 1e9),
        limit: "a billion units: more than any street's budget",
        change: Change::AnyTick,
        sweep: true,
        doc: "Money one micro-project costs, paid from the committee's funds when it is funded (money is an index: 1 unit ≈ 10 yuan).",
        zh: "每个微实事项目的费用(指数单位,1单位≈10元)",
        reason: "10,000 units ≈ 100,000 yuan: Shenzhen 2015–2022, about 8 billion yuan for about 80,000 projects (民生微实事).",
    },
    ParamDoc {
        path: "projects.hours",
        unit: "hours",
        range: Range::Between(0.0, 1e6),
        limit: "a million hours: more than any project takes",
        change: Change::AnyTick,
        sweep: true,
        doc: "Hours of work one project takes, from the committee's idle hours and then unused volunteer and NGO hours.",
        zh: "每个项目所需工时",
        reason: "40 hours: a week of one staff member's time to organise and accept the work; calibration choice.",
    },
    ParamDoc {
        path: "projects.duration",
        unit: "ticks (weeks)",
        range: Range::Between(1.0, 100_000.0),
        limit: "at least 1 week; no run is longer than 100,000 ticks",
        change: Change::AnyTick,
        sweep: true,
        doc: "Weeks from funding to the earliest finish of a project.",
        zh: "项目实施周期(周)",
        reason: "8 weeks: call, review, decision, implementation and acceptance; calibration choice.",
    },
    ParamDoc {
        path: "projects.proposal_rate",
        unit: "probability per tick",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Chance per week that a resident proposes a project, times their trust and efficacy.",
        zh: "居民提出项目的周概率(乘以信任和效能感)",
        reason: "0.001: about 0.3 proposals per community a week at the baseline's trust × efficacy ≈ 0.1; calibration choice.",
    },
    ParamDoc {
        path: "projects.vote_interval",
        unit: "ticks (weeks)",
        range: Range::Between(1.0, 100_000.0),
        limit: "at least 1 week; no run is longer than 100,000 ticks",
        change: Change::AnyTick,
        sweep: true,
        doc: "Weeks between votes that select proposals where no councils are held (where councils are held, quorate councils select).",
        zh: "无议事会时项目表决间隔(周)",
        reason: "13 weeks: quarterly; calibration choice.",
    },
    ParamDoc {
        path: "projects.issue_reserve",
        unit: "yuan (index: 1 unit ≈ 10 yuan)",
        range: Range::Between(0.0, 1e9),
        limit: "a billion units: more than any street's budget",
        change: Change::AnyTick,
        sweep: true,
        doc: "Money a committee keeps for residents' issues: a project is funded only if the funds left after paying it are at least this.",
        zh: "为居民诉求保留的资金",
        reason: "5,000 units: most issues cost 100–300, a renovation 6,000; calibration choice.",
    },
    ParamDoc {
        path: "projects.max_waiting",
        unit: "count",
        range: Range::Between(0.0, 100_000.0),
        limit: "100,000 proposals: more than any community makes",
        change: Change::AnyTick,
        sweep: true,
        doc: "Proposals a community keeps waiting at most; beyond it the oldest are dropped.",
        zh: "待选项目上限",
        reason: "20: more than a year of proposals at the baseline's rate; calibration choice.",
    },
    ParamDoc {
        path: "projects.carry_cap",
        unit: "share of a year's devolved money",
        range: Range::Between(0.0, 100.0),
        limit: "100 years of devolved money",
        change: Change::AnyTick,
        sweep: true,
        doc: "Every 52 weeks, funds above this share of the money devolved to the committee in the past 52 weeks return to the office (funds do not pile up silently).",
        zh: "可结转资金上限(占上年下放资金比例)",
        reason: "0.5: half a year's devolved money may be carried over; calibration choice.",
    },
    ParamDoc {
        path: "projects.satisfaction_gain",
        unit: "share of distance",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Satisfaction gain of every resident of the community when one of its projects finishes.",
        zh: "项目完成带来的满意度提升",
        reason: "0.02: a small visible improvement for everyone; calibration choice.",
    },
    ParamDoc {
        path: "projects.efficacy_gain",
        unit: "share of distance",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Efficacy gain of a finished project's proposer and of the council attendees who selected it.",
        zh: "项目完成对提议者与表决者效能感的提升",
        reason: "0.1: half a quorate council's 0.2; calibration choice.",
    },
];
