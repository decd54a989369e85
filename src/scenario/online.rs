//! The `online` section: the online channel (互联网+).
//!
//! The types of this part of a scenario, their defaults, and their rows in the parameter
//! catalogue ([`ROWS`], joined into [`docs::PARAMS`](super::docs::PARAMS)): unit, valid
//! range, meaning, Chinese label, reason for the default, and when the value may change.

use serde::{Deserialize, Serialize};

use super::param::{Change, ParamDoc, Range};
use super::values::ByAge;

/// Channel choices, as written in scenario files.
pub const CHANNEL_CHOICES: &[&str] = &["forced", "cost", "drive"];

/// How a resident with internet access chooses the channel to take part through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelChoice {
    /// Access decides: everyone with access takes part online (model 1).
    Forced,
    /// The cheaper channel for the resident; offline on a tie.
    Cost,
    /// The channel with the larger drive; offline on a tie.
    Drive,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OnlineChannel {
    /// Whether the community runs an online channel (互联网+).
    pub enabled: bool,
    /// Tick at which the channel opens.
    pub start_tick: u32,
    /// Initial share of residents with internet access, by age group.
    pub access: ByAge,
    /// Chance per tick that a resident without access gains it.
    pub access_growth: f64,
    /// Extra chance per tick that an elderly resident without access gains it
    /// (digital-inclusion training).
    pub digital_inclusion: f64,
    /// How residents with access choose between taking part online and offline.
    pub choice: ChannelChoice,
    /// Cost of taking part online.
    pub cost: f64,
    /// Weight of the community-wide participation share (a community chat group) in what
    /// a resident with access sees, against their own neighbours.
    pub visibility: f64,
    /// Extra chance of reporting an issue online rather than offline.
    pub report_bonus: f64,
    /// Share of working hours saved on an issue reported online (forms, follow-up and
    /// notices handled online).
    pub issue_time_saving: f64,
    /// Share of administrative hours saved while the channel is open (reporting upward
    /// and notices online).
    pub admin_time_saving: f64,
}

impl OnlineChannel {
    /// Whether the channel is open at `tick`.
    pub fn is_open(&self, tick: u32) -> bool {
        self.enabled && tick >= self.start_tick
    }
}

impl Default for OnlineChannel {
    fn default() -> Self {
        OnlineChannel {
            enabled: false,
            start_tick: 0,
            access: ByAge {
                young: 0.95,
                middle: 0.8,
                elderly: 0.432,
            },
            access_growth: 0.001,
            digital_inclusion: 0.0,
            choice: ChannelChoice::Cost,
            cost: 0.04,
            visibility: 0.3,
            report_bonus: 0.25,
            issue_time_saving: 0.3,
            admin_time_saving: 0.1,
        }
    }
}

/// The catalogue rows of `online`, in struct order.
pub static ROWS: &[ParamDoc] = &[
    ParamDoc {
        path: "online.enabled",
        unit: "switch",
        range: Range::Bool,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether the community runs an online channel (互联网+).",
        zh: "线上渠道:是否开通(互联网+)",
        reason: "The baseline is offline only.",
    },
    ParamDoc {
        path: "online.start_tick",
        unit: "tick",
        range: Range::Between(0.0, 100_000.0),
        limit: "no run is longer than 100,000 ticks",
        change: Change::AnyTick,
        sweep: true,
        doc: "Tick at which the online channel opens.",
        zh: "线上渠道:开通周次",
        reason: "0: when enabled, the channel is open from the start.",
    },
    ParamDoc {
        path: "online.access.young",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AtStart,
        sweep: true,
        doc: "Initial share of residents aged 18-39 with internet access.",
        zh: "线上渠道:青年初始上网比例",
        reason: "0.95: nearly all urban young adults are online (73.0% overall in CNNIC 2021 includes rural residents and the old); calibration choice.",
    },
    ParamDoc {
        path: "online.access.middle",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AtStart,
        sweep: true,
        doc: "Initial share of residents aged 40-59 with internet access.",
        zh: "线上渠道:中年初始上网比例",
        reason: "0.8: between the young and the elderly; calibration choice.",
    },
    ParamDoc {
        path: "online.access.elderly",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AtStart,
        sweep: true,
        doc: "Initial share of residents aged 60 and over with internet access.",
        zh: "线上渠道:老年人初始上网比例",
        reason: "0.432: 43.2% of people aged 60+ were online in December 2021 (CNNIC).",
    },
    ParamDoc {
        path: "online.access_growth",
        unit: "probability per tick",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Chance per tick that a resident without access gains it.",
        zh: "线上渠道:上网普及速度",
        reason: "0.001: about 5% of those offline come online each year; calibration choice.",
    },
    ParamDoc {
        path: "online.digital_inclusion",
        unit: "probability per tick",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Extra chance per tick that an elderly resident without access gains it (digital-inclusion training).",
        zh: "线上渠道:老年人数字融入培训力度",
        reason: "0: the baseline runs no such training.",
    },
    ParamDoc {
        path: "online.choice",
        unit: "choice",
        range: Range::OneOf(CHANNEL_CHOICES),
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "How a resident with internet access chooses the channel to take part through while it is open: forced (access decides: always online, model 1), cost (the cheaper channel for them, offline on a tie) or drive (the channel with the larger drive, offline on a tie). Reporting stays online for everyone with access.",
        zh: "线上渠道:居民如何选择参与渠道",
        reason: "cost: older residents online may still prefer to take part offline (finding 4 of issue 10: forcing them online made digital inclusion lower elderly participation); calibration choice.",
    },
    ParamDoc {
        path: "online.cost",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Cost of taking part online, subtracted from the drive instead of the offline cost.",
        zh: "线上渠道:线上参与成本",
        reason: "0.04: as cheap as offline participation is for the elderly; calibration choice.",
    },
    ParamDoc {
        path: "online.visibility",
        unit: "weight",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Weight of the community-wide participation share (a community chat group) in what a resident with access sees, against their own neighbours.",
        zh: "线上渠道:社区群的可见度",
        reason: "0.3: a chat group shows some of the community's activity; calibration choice.",
    },
    ParamDoc {
        path: "online.report_bonus",
        unit: "probability",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Extra chance of reporting an issue when reporting online rather than offline.",
        zh: "线上渠道:线上反映诉求的便利",
        reason: "0.25: reporting from a phone is much easier than going to the office; calibration choice.",
    },
    ParamDoc {
        path: "online.issue_time_saving",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Share of working hours saved on an issue reported online (forms, follow-up and notices handled online).",
        zh: "线上渠道:办理诉求节省的工时比例",
        reason: "0.3: the essay's complaint that slow information wastes staff time; online forms and follow-up save part of it; calibration choice.",
    },
    ParamDoc {
        path: "online.admin_time_saving",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Share of administrative hours saved while the online channel is open (reporting upward and notices online).",
        zh: "线上渠道:行政事务节省的工时比例",
        reason: "0.1: statistics and notices move online, but inspections and ledgers stay; calibration choice.",
    },
];
