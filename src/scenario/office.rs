//! The `office` section: the street office, its budget and how it answers trouble.
//!
//! The types of this part of a scenario, their defaults, and their rows in the parameter
//! catalogue ([`ROWS`], joined into [`docs::PARAMS`](super::docs::PARAMS)): unit, valid
//! range, meaning, Chinese label, reason for the default, and when the value may change.

use serde::{Deserialize, Serialize};

use super::param::{Change, ParamDoc, Range};

/// Office reactions, as written in scenario files.
pub const REACTIONS: &[&str] = &["supervision", "resources"];

/// Shares of the office's budget; they sum to 1.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetSplit {
    /// Programs the office runs itself; they push administrative work down.
    pub own_programs: f64,
    /// Devolved to committees' discretionary funds.
    pub devolved: f64,
    /// Procurement of NGO services.
    pub ngo_procurement: f64,
    /// Training of committee staff and hiring of social workers.
    pub training: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reaction {
    /// Stability maintenance (维稳式): trouble brings more supervision.
    Supervision,
    /// Co-governance (共治): trouble brings more resources and authority.
    Resources,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Office {
    /// Budget per community per tick (yuan).
    pub budget_per_community: f64,
    pub split: BudgetSplit,
    /// Administrative hours pushed onto a committee per 1,000 yuan of own programs.
    pub admin_hours_per_1000_yuan: f64,
    /// Share of administrative demand the access list (准入清单) rules out.
    pub access_list: f64,
    /// Escalated issues the office settles per community per tick.
    pub escalation_capacity: f64,
    /// Ticks an escalated issue waits before the office looks at it.
    pub escalation_delay: u32,
    /// How the office answers trouble.
    pub reaction: Reaction,
    /// How strongly it answers.
    pub reaction_strength: f64,
    /// Trouble (escalations and overdue issues per 1,000 residents per tick) the office
    /// tolerates before reacting.
    pub trouble_tolerance: f64,
    /// Pressure never exceeds this.
    pub max_pressure: f64,
    /// Share of pressure that carries over to the next tick.
    pub pressure_memory: f64,
    /// Extra administrative demand per unit of pressure under supervision.
    pub supervision_per_pressure: f64,
    /// Share of own-program money moved (and of missing authority lent) as pressure grows
    /// without bound, under the resources reaction.
    pub max_relief: f64,
}

impl Default for Office {
    fn default() -> Self {
        Office {
            budget_per_community: 12000.0,
            split: BudgetSplit {
                own_programs: 0.8,
                devolved: 0.1,
                ngo_procurement: 0.05,
                training: 0.05,
            },
            admin_hours_per_1000_yuan: 16.0,
            access_list: 0.0,
            escalation_capacity: 1.5,
            escalation_delay: 4,
            reaction: Reaction::Supervision,
            reaction_strength: 0.1,
            trouble_tolerance: 2.0,
            max_pressure: 1.0,
            pressure_memory: 0.8,
            supervision_per_pressure: 1.0,
            max_relief: 0.5,
        }
    }
}

/// The catalogue rows of `office`, in struct order.
pub static ROWS: &[ParamDoc] = &[
    ParamDoc {
        path: "office.budget_per_community",
        unit: "yuan per tick",
        range: Range::Between(0.0, 1e9),
        limit: "a billion yuan a week: more than any street's budget",
        change: Change::AnyTick,
        sweep: true,
        doc: "Budget of the street office per community per tick.",
        zh: "街道办每个社区每周预算",
        reason: "12,000 yuan a week (about 624,000 yuan a year per community); calibration choice that, with the split, sets the administrative load and the money for NGOs.",
    },
    ParamDoc {
        path: "office.split.own_programs",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Share of the office budget spent on programs the office runs itself, which push administrative work down to committees; the four shares sum to 1.",
        zh: "预算分配:街道自办项目",
        reason: "0.8: stability maintenance keeps money and control with the office.",
    },
    ParamDoc {
        path: "office.split.devolved",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Share of the office budget devolved to committees' discretionary funds.",
        zh: "预算分配:下放居委会",
        reason: "0.1: little is devolved in the baseline.",
    },
    ParamDoc {
        path: "office.split.ngo_procurement",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Share of the office budget spent procuring services from NGOs.",
        zh: "预算分配:购买社会组织服务",
        reason: "0.05: 600 yuan per community a week (4,800 for the default street): at the default barrier only three NGOs can enter, and each has about 100 yuan a week left for service after compliance, so NGOs barely serve in the baseline.",
    },
    ParamDoc {
        path: "office.split.training",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Share of the office budget spent on training committee staff and hiring social workers.",
        zh: "预算分配:培训与社工",
        reason: "0.05: little training in the baseline.",
    },
    ParamDoc {
        path: "office.admin_hours_per_1000_yuan",
        unit: "hours per 1,000 yuan",
        range: Range::Between(0.0, 10_000.0),
        limit: "10,000 hours per 1,000 yuan: more than any program could push down",
        change: Change::AnyTick,
        sweep: true,
        doc: "Administrative hours pushed onto a committee per 1,000 yuan of the office's own programs.",
        zh: "每千元自办项目下派的行政工时",
        reason: "16 hours: 9,600 yuan of own programs give ~154 h, plus 30 base hours ≈ 184 h a week ≈ 36 tasks (1,850-1,890 tasks a year, Hubei 2003) of ~5 h, about three quarters of the committee's 240 staff hours.",
    },
    ParamDoc {
        path: "office.access_list",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Share of administrative demand the access list (准入清单) rules out.",
        zh: "准入清单减负比例",
        reason: "0: the baseline has no access list.",
    },
    ParamDoc {
        path: "office.escalation_capacity",
        unit: "issues per community per tick",
        range: Range::Between(0.0, 1e6),
        limit: "a million issues a week: more than a community raises",
        change: Change::AnyTick,
        sweep: true,
        doc: "Escalated issues the office settles per community per tick.",
        zh: "街道办每周处理上报诉求的能力",
        reason: "1.5 a week: 75% of the baseline's escalation rate (1.99 per community per week over weeks 53-104, tests/facts_equilibrium.rs), so the office is a bottleneck and the excess waits and is withdrawn; a lever (at or above the rate nothing is withdrawn and pressure stays 0); calibration choice.",
    },
    ParamDoc {
        path: "office.escalation_delay",
        unit: "ticks (weeks)",
        range: Range::Between(0.0, 100_000.0),
        limit: "no run is longer than 100,000 ticks",
        change: Change::AnyTick,
        sweep: true,
        doc: "Ticks an escalated issue waits before the office looks at it.",
        zh: "上报诉求的等待周数",
        reason: "4 weeks: escalation is slow; calibration choice.",
    },
    ParamDoc {
        path: "office.reaction",
        unit: "choice",
        range: Range::OneOf(REACTIONS),
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "How the office answers trouble: supervision (维稳式, more administrative demand) or resources (共治, more funds and authority).",
        zh: "街道办应对方式",
        reason: "The baseline is stability maintenance.",
    },
    ParamDoc {
        path: "office.reaction_strength",
        unit: "share",
        range: Range::Between(0.0, 1000.0),
        limit: "1,000: far beyond a response that reaches the pressure cap at once",
        change: Change::AnyTick,
        sweep: true,
        doc: "How strongly the office answers trouble above its tolerance.",
        zh: "街道办应对力度",
        reason: "0.1: a noticeable but not explosive response; calibration choice.",
    },
    ParamDoc {
        path: "office.trouble_tolerance",
        unit: "events per 1,000 residents per tick",
        range: Range::Between(0.0, 1e6),
        limit: "a million events per 1,000 residents: more than can happen",
        change: Change::AnyTick,
        sweep: true,
        doc: "Trouble (escalations and overdue issues per 1,000 residents per tick) the office tolerates before reacting.",
        zh: "街道办对问题的容忍度",
        reason: "2: six events a week in a community of 3,000; calibration choice.",
    },
    ParamDoc {
        path: "office.max_pressure",
        unit: "pressure",
        range: Range::Between(0.0, 10.0),
        limit: "10: supervision at most elevenfold",
        change: Change::AnyTick,
        sweep: true,
        doc: "Ceiling of the office's pressure: supervision multiplies administrative demand by at most 1 + max_pressure × supervision_per_pressure.",
        zh: "街道办压力上限",
        reason: "1: supervision can at most double the administrative demand; calibration choice (model 1's hidden constant).",
    },
    ParamDoc {
        path: "office.pressure_memory",
        unit: "share per tick",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Share of the office's pressure that carries over to the next tick (pressure = memory × pressure + strength × excess trouble); 1 never relaxes.",
        zh: "街道办压力的记忆(每周保留比例)",
        reason: "0.8: pressure halves in about 3 weeks without trouble, so it settles at an interior value (0.5 × excess trouble) once withdrawal bounds the queues; calibration choice (model 1's hidden constant was 0.9).",
    },
    ParamDoc {
        path: "office.supervision_per_pressure",
        unit: "share per unit of pressure",
        range: Range::Between(0.0, 100.0),
        limit: "100: far beyond any supervision regime",
        change: Change::AnyTick,
        sweep: true,
        doc: "Under supervision, administrative demand is multiplied by 1 + supervision_per_pressure × pressure.",
        zh: "每单位压力带来的督查加码",
        reason: "1: model 1's hidden slope (pressure 1 doubles demand); calibration choice.",
    },
    ParamDoc {
        path: "office.max_relief",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Under the resources reaction, the share of own-program money moved to devolved funds, and of missing authority lent, is max_relief × p / (1 + p) at pressure p.",
        zh: "资源型应对的最大让渡比例",
        reason: "0.5: at most half of the programs and of the missing authority; calibration choice (model 1's hidden constant).",
    },
];
