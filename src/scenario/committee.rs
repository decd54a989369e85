//! The `committee` section: each community's residents' committee.
//!
//! The types of this part of a scenario, their defaults, and their rows in the parameter
//! catalogue ([`ROWS`], joined into [`docs::PARAMS`](super::docs::PARAMS)): unit, valid
//! range, meaning, Chinese label, reason for the default, and when the value may change.

use serde::{Deserialize, Serialize};

use super::param::WEEK;
use super::param::{Change, ParamDoc, Range};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Committee {
    /// Staff of each residents' committee.
    pub staff: u32,
    /// Working hours per staff member per tick.
    pub hours_per_staff: f64,
    /// Initial skill in [0, 1]; issue work goes at (0.5 + skill) times the nominal pace.
    pub skill: f64,
    /// Share of authority-needing issues the committee may settle itself.
    pub authority: f64,
    /// Discretionary funds (yuan) each committee starts with.
    pub initial_funds: f64,
    /// Administrative hours demanded each tick whatever the office funds (meetings,
    /// statistics).
    pub base_admin_hours: f64,
    /// Issue work goes at (base_pace + skill) times the nominal pace.
    pub base_pace: f64,
    /// Share of the staff's idle hours (after issues and projects) that go to outreach.
    pub outreach_share: f64,
}

impl Default for Committee {
    fn default() -> Self {
        Committee {
            staff: 6,
            hours_per_staff: 40.0,
            skill: 0.4,
            authority: 0.15,
            initial_funds: 0.0,
            base_admin_hours: 30.0,
            base_pace: 0.5,
            outreach_share: 1.0,
        }
    }
}

/// The catalogue rows of `committee`, in struct order.
pub static ROWS: &[ParamDoc] = &[
    ParamDoc {
        path: "committee.staff",
        unit: "count",
        range: Range::Between(0.0, 10_000.0),
        limit: "10,000 staff: more than any committee has, so hours stay finite",
        change: Change::AnyTick,
        sweep: true,
        doc: "Staff of each residents' committee.",
        zh: "居委会工作人员数",
        reason: "6 ≈ 5.5 members per committee (616,000 members in 113,000 committees, Ministry of Civil Affairs 2020), and ≈ 18 workers per 10,000 residents (Henan 2022 guideline) for 3,000 residents.",
    },
    ParamDoc {
        path: "committee.hours_per_staff",
        unit: "hours per tick",
        range: Range::Between(0.0, WEEK),
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Working hours per staff member per tick (at most the 168 hours of a week).",
        zh: "工作人员每周工时",
        reason: "40 hours: the standard working week.",
    },
    ParamDoc {
        path: "committee.skill",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AtStart,
        sweep: true,
        doc: "Initial skill of committee staff; issue work goes at (0.5 + skill) times the nominal pace.",
        zh: "居委会初始工作能力",
        reason: "0.4: staff work a little below nominal pace (0.9x) before training; calibration choice.",
    },
    ParamDoc {
        path: "committee.authority",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Share of authority-needing issues the committee may settle itself; the rest are escalated to the office.",
        zh: "居委会自主权",
        reason: "0.15: in the baseline most authority stays with the street office; calibration choice.",
    },
    ParamDoc {
        path: "committee.initial_funds",
        unit: "yuan",
        range: Range::Between(0.0, 1e9),
        limit: "a billion yuan: more than any street's budget",
        change: Change::AtStart,
        sweep: true,
        doc: "Discretionary funds each committee starts with.",
        zh: "居委会初始自有资金",
        reason: "0: in the baseline committees have no money of their own beyond what is devolved.",
    },
    ParamDoc {
        path: "committee.base_admin_hours",
        unit: "hours per tick",
        range: Range::Between(0.0, 1e6),
        limit: "a million hours a week: more than any street could demand",
        change: Change::AnyTick,
        sweep: true,
        doc: "Administrative hours demanded of each committee every tick whatever the office funds (meetings, statistics).",
        zh: "居委会固定行政事务工时",
        reason: "30 hours: about 6 of the ~36 tasks a week (1,850-1,890 tasks a year, Hubei 2003 work logs) at ~5 hours each; calibration choice.",
    },
    ParamDoc {
        path: "committee.base_pace",
        unit: "share of nominal pace",
        range: Range::Between(0.0, 2.0),
        limit: "2: three times the nominal pace at full skill",
        change: Change::AnyTick,
        sweep: true,
        doc: "Issue work by staff goes at (base_pace + skill) times the nominal hours of an issue.",
        zh: "居委会办事基础效率",
        reason: "0.5: an untrained committee works at half the nominal pace, a fully skilled one at 1.5 times; calibration choice (model 1's hidden constant).",
    },
    ParamDoc {
        path: "committee.outreach_share",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Share of the staff's idle hours (after administration, issues and projects) that go to outreach: contacting residents, who are more likely to take part the week after (0: no outreach).",
        zh: "空闲工时用于走访联系的比例",
        reason: "1: idle committee hours go to outreach (issue 10: devolution must reach residents); calibration choice.",
    },
];
