//! The `population` section: streets, communities, residents and their initial attributes.
//!
//! The types of this part of a scenario, their defaults, and their rows in the parameter
//! catalogue ([`ROWS`], joined into [`docs::PARAMS`](super::docs::PARAMS)): unit, valid
//! range, meaning, Chinese label, reason for the default, and when the value may change.

use serde::{Deserialize, Serialize};

use super::param::{Change, ParamDoc, Range};
use super::values::{ByAge, Distribution};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Population {
    /// Streets (街道), each with one government office.
    pub streets: u32,
    /// Communities (社区) in each street, each with one residents' committee.
    pub communities_per_street: u32,
    /// Adult residents in each community.
    pub residents_per_community: u32,
    /// Shares of young (18–39), middle-aged (40–59) and elderly (60+) residents; sum to 1.
    pub age_shares: ByAge,
    /// Share of residents who are committed volunteers (骨干): they always take part.
    pub committed_share: f64,
    /// Participation threshold θ.
    pub threshold: Distribution,
    /// Initial trust in the committee τ.
    pub initial_trust: Distribution,
    /// Initial civic efficacy e.
    pub initial_efficacy: Distribution,
    /// Initial satisfaction.
    pub initial_satisfaction: Distribution,
}

impl Default for Population {
    fn default() -> Self {
        Population {
            streets: 1,
            communities_per_street: 8,
            residents_per_community: 3000,
            age_shares: ByAge {
                young: 0.35,
                middle: 0.38,
                elderly: 0.27,
            },
            committed_share: 0.02,
            threshold: Distribution::Normal {
                mean: 0.41,
                sd: 0.15,
            },
            initial_trust: Distribution::Normal {
                mean: 0.45,
                sd: 0.15,
            },
            initial_efficacy: Distribution::Normal {
                mean: 0.25,
                sd: 0.1,
            },
            initial_satisfaction: Distribution::Normal { mean: 0.5, sd: 0.1 },
        }
    }
}

impl Population {
    pub fn communities(&self) -> u64 {
        self.streets as u64 * self.communities_per_street as u64
    }
    pub fn residents(&self) -> u64 {
        self.communities() * self.residents_per_community as u64
    }
}

/// The catalogue rows of `population`, in struct order.
pub static ROWS: &[ParamDoc] = &[
    ParamDoc {
        path: "population.streets",
        unit: "count",
        range: Range::AtLeast(1.0),
        limit: "",
        change: Change::Fixed,
        sweep: true,
        doc: "Streets (街道), each with one government office.",
        zh: "街道数",
        reason: "One street office is the unit of the essay; more streets only scale the run.",
    },
    ParamDoc {
        path: "population.communities_per_street",
        unit: "count",
        range: Range::AtLeast(1.0),
        limit: "",
        change: Change::Fixed,
        sweep: true,
        doc: "Communities (社区) in each street, each with one residents' committee.",
        zh: "每个街道的社区数",
        reason: "8 communities of 3,000 adult residents per street: a mid-sized urban street; calibration choice kept small for fast runs.",
    },
    ParamDoc {
        path: "population.residents_per_community",
        unit: "count",
        range: Range::AtLeast(1.0),
        limit: "",
        change: Change::Fixed,
        sweep: true,
        doc: "Adult residents in each community (total residents at most 100,000,000).",
        zh: "每个社区的成年居民数",
        reason: "3,000 adults: communities cover 1,000-3,000 households (Henan 2022, Hubei 14th Five-Year plan), so 3,000 adults is a small-to-mid community.",
    },
    ParamDoc {
        path: "population.age_shares.young",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::Fixed,
        sweep: true,
        doc: "Share of residents aged 18-39; the three age shares sum to 1.",
        zh: "青年(18–39岁)占比",
        reason: "Calibration choice for an older urban neighbourhood: 0.35 young, 0.38 middle, 0.27 elderly.",
    },
    ParamDoc {
        path: "population.age_shares.middle",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::Fixed,
        sweep: true,
        doc: "Share of residents aged 40-59.",
        zh: "中年(40–59岁)占比",
        reason: "See population.age_shares.young.",
    },
    ParamDoc {
        path: "population.age_shares.elderly",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::Fixed,
        sweep: true,
        doc: "Share of residents aged 60 and over.",
        zh: "老年(60岁及以上)占比",
        reason: "About a quarter of adults are 60+ in established urban communities; calibration choice.",
    },
    ParamDoc {
        path: "population.committed_share",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::Fixed,
        sweep: true,
        doc: "Share of residents who are committed volunteers (骨干, e.g. Party members and activists): they always take part and seed cascades.",
        zh: "骨干志愿者(党员、积极分子)占比",
        reason: "2% = 60 backbone volunteers in a community of 3,000; calibration choice giving a small but visible core.",
    },
    ParamDoc {
        path: "population.threshold",
        unit: "share",
        range: Range::Distribution,
        limit: "",
        change: Change::Fixed,
        sweep: true,
        doc: "Participation threshold θ of each resident: they take part when their drive reaches it.",
        zh: "居民参与门槛分布",
        reason: "Normal(0.41, 0.15): most residents need some social pull to join (trust and efficacy alone give a drive of about 0.21); calibration choice so that about 8% take part in the baseline with outreach and micro-projects on (model 2 recalibration: 0.40 before outreach) (young about 4%, elderly about 15%, the order of the Shanghai survey in facts.md) and no remedy alone tips the whole street.",
    },
    ParamDoc {
        path: "population.initial_trust",
        unit: "share",
        range: Range::Distribution,
        limit: "",
        change: Change::Fixed,
        sweep: true,
        doc: "Initial trust τ of each resident in the residents' committee.",
        zh: "初始信任度分布",
        reason: "Normal(0.45, 0.15): lukewarm trust in the baseline; calibration choice.",
    },
    ParamDoc {
        path: "population.initial_efficacy",
        unit: "share",
        range: Range::Distribution,
        limit: "",
        change: Change::Fixed,
        sweep: true,
        doc: "Initial civic efficacy e of each resident (belief that taking part changes things).",
        zh: "初始效能感分布",
        reason: "Normal(0.25, 0.1): low efficacy where residents are rarely consulted; calibration choice.",
    },
    ParamDoc {
        path: "population.initial_satisfaction",
        unit: "share",
        range: Range::Distribution,
        limit: "",
        change: Change::Fixed,
        sweep: true,
        doc: "Initial satisfaction of each resident with community services.",
        zh: "初始满意度分布",
        reason: "Normal(0.5, 0.1): neutral start; satisfaction then follows service.",
    },
];
