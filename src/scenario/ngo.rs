//! The `ngo` section: the market of NGOs (social organisations) serving communities.
//!
//! The types of this part of a scenario, their defaults, and their rows in the parameter
//! catalogue ([`ROWS`], joined into [`docs::PARAMS`](super::docs::PARAMS)): unit, valid
//! range, meaning, Chinese label, reason for the default, and when the value may change.

use serde::{Deserialize, Serialize};

use super::param::{Change, ParamDoc, Range};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Ngos {
    /// Potential NGOs per community.
    pub pool_per_community: u32,
    /// Fixed compliance cost an active NGO bears each tick (yuan): the entry barrier.
    pub entry_barrier: f64,
    /// Chance per tick that a potential NGO that expects a profit enters.
    pub entry_chance: f64,
    /// Cost of one hour of NGO service (yuan).
    pub cost_per_hour: f64,
    /// Consecutive loss-making ticks after which an NGO leaves.
    pub exit_after: u32,
    /// Communities each NGO serves.
    pub communities_served: u32,
    /// Recruitment push on residents per NGO hour per resident of the community.
    pub recruitment_per_hour: f64,
}

impl Default for Ngos {
    fn default() -> Self {
        Ngos {
            pool_per_community: 3,
            entry_barrier: 1500.0,
            entry_chance: 0.1,
            cost_per_hour: 60.0,
            exit_after: 8,
            communities_served: 2,
            recruitment_per_hour: 3.0,
        }
    }
}

/// The catalogue rows of `ngo`, in struct order.
pub static ROWS: &[ParamDoc] = &[
    ParamDoc {
        path: "ngo.pool_per_community",
        unit: "count",
        range: Range::NonNegative,
        limit: "",
        change: Change::AtStart,
        sweep: true,
        doc: "Potential NGOs (social organisations) per community.",
        zh: "每个社区的潜在社会组织数",
        reason: "3 professional service providers; well below the Ministry of Civil Affairs 2017 target of 10 community social organisations per community, most of which are residents' groups, not contractors.",
    },
    ParamDoc {
        path: "ngo.entry_barrier",
        unit: "yuan per tick",
        range: Range::Between(0.0, 1e9),
        limit: "a billion yuan a week: more than any street's budget",
        change: Change::AnyTick,
        sweep: true,
        doc: "Fixed compliance cost an active NGO bears each tick: the entry barrier.",
        zh: "社会组织准入门槛",
        reason: "1,500 yuan: a heavy compliance burden (the essay's high bar for social organisations): with the baseline's 4,800 yuan of procurement a week, at most three NGOs break even and together deliver about 5 service hours a week.",
    },
    ParamDoc {
        path: "ngo.entry_chance",
        unit: "probability per tick",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Chance per tick that a potential NGO that expects a profit enters.",
        zh: "社会组织每周进入的概率",
        reason: "0.1: a given candidate takes about ten weeks to decide; with 24 candidates in the default street the first entries come within a few weeks; calibration choice.",
    },
    ParamDoc {
        path: "ngo.cost_per_hour",
        unit: "yuan per hour",
        range: Range::Between(0.01, 1e6),
        limit: "from a cent to a million yuan an hour: hours bought stay finite",
        change: Change::AnyTick,
        sweep: true,
        doc: "Cost of one hour of NGO service.",
        zh: "社会组织每小时服务费用",
        reason: "60 yuan: a social worker's hourly cost with overheads; calibration choice.",
    },
    ParamDoc {
        path: "ngo.exit_after",
        unit: "ticks (weeks)",
        range: Range::Between(1.0, 100_000.0),
        limit: "no run is longer than 100,000 ticks",
        change: Change::AnyTick,
        sweep: true,
        doc: "Consecutive loss-making ticks after which an NGO leaves.",
        zh: "社会组织连续亏损退出周数",
        reason: "8 weeks: two months of losses; calibration choice.",
    },
    ParamDoc {
        path: "ngo.communities_served",
        unit: "count",
        range: Range::AtLeast(1.0),
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Communities each NGO serves.",
        zh: "每个社会组织服务的社区数",
        reason: "2: a small NGO works in a couple of neighbouring communities; calibration choice.",
    },
    ParamDoc {
        path: "ngo.recruitment_per_hour",
        unit: "share per hour per resident",
        range: Range::Between(0.0, 1e6),
        limit: "a million: far beyond the push that makes everyone take part",
        change: Change::AnyTick,
        sweep: true,
        doc: "Recruitment push on residents per NGO hour per resident of the community.",
        zh: "社会组织服务的动员效果",
        reason: "3: 20 NGO hours a week in a community of 3,000 add 0.02 to everyone's drive; calibration choice.",
    },
];
