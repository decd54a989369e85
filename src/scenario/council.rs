//! The `council` section: deliberation councils (议事协商).
//!
//! The types of this part of a scenario, their defaults, and their rows in the parameter
//! catalogue ([`ROWS`], joined into [`docs::PARAMS`](super::docs::PARAMS)): unit, valid
//! range, meaning, Chinese label, reason for the default, and when the value may change.

use serde::{Deserialize, Serialize};

use super::param::WEEK;
use super::param::{Change, ParamDoc, Range};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Council {
    /// Ticks between councils; 0 means no councils.
    pub interval: u32,
    /// Share of this tick's participants who attend.
    pub attendance: f64,
    /// Attendees needed, as a share of the community's residents.
    pub quorum: f64,
    /// Attendees, as a share of the community's residents, at which a council has its full
    /// effect (relief, efficacy and trust gains scale with attendance up to this share).
    pub full_attendance: f64,
    /// Hours each attendee gives to collective issues.
    pub hours_per_attendee: f64,
    /// Efficacy gain of attendees at a quorate council (share of distance to 1).
    pub efficacy_gain: f64,
    /// Trust gain of attendees at a quorate council (share of distance to 1).
    pub trust_gain: f64,
    /// Efficacy and trust lost by attendees of a council without quorum (share of value).
    pub frustration: f64,
    /// Reduction of the cost of taking part offline while councils are held (a regular
    /// venue is a channel: residents know when and where to take part).
    pub cost_reduction: f64,
    /// Share of a community's offline-cost relief kept from one week to the next.
    pub relief_memory: f64,
    /// Committee authority from which a quorate council may give the committee a mandate
    /// on collective issues that need authority.
    pub mandate_authority: f64,
    /// Share of residents waiting on a collective issue who attend a council.
    pub stake_attendance: f64,
}

impl Default for Council {
    fn default() -> Self {
        Council {
            interval: 0,
            attendance: 0.5,
            quorum: 0.02,
            full_attendance: 0.05,
            hours_per_attendee: 2.0,
            efficacy_gain: 0.2,
            trust_gain: 0.05,
            frustration: 0.05,
            cost_reduction: 0.05,
            relief_memory: 0.85,
            mandate_authority: 0.5,
            stake_attendance: 0.5,
        }
    }
}

/// The catalogue rows of `council`, in struct order.
pub static ROWS: &[ParamDoc] = &[
    ParamDoc {
        path: "council.interval",
        unit: "ticks (weeks)",
        range: Range::Between(0.0, 100_000.0),
        limit: "no run is longer than 100,000 ticks",
        change: Change::AnyTick,
        sweep: true,
        doc: "Ticks between deliberation councils (议事协商); 0 means no councils.",
        zh: "议事协商间隔(周)",
        reason: "0: the baseline holds no councils.",
    },
    ParamDoc {
        path: "council.attendance",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Share of this week's participants who attend a council.",
        zh: "议事协商会出席比例",
        reason: "0.5: half of the active residents come; calibration choice.",
    },
    ParamDoc {
        path: "council.quorum",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Attendees needed for a quorum, as a share of the community's residents. Keep it above the committed share times the attendance, or councils meet on the committed alone.",
        zh: "议事协商会法定人数比例",
        reason: "0.02: 60 attendees in a community of 3,000; calibration choice: twice the committed share (0.02) times the attendance (0.5), so the committed alone never meet it.",
    },
    ParamDoc {
        path: "council.full_attendance",
        unit: "share",
        range: Range::PositiveAtMost(1.0),
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Attendees, as a share of the community's residents, at which a quorate council has its full effect: the offline-cost relief and the attendees' efficacy and trust gains scale with attendance up to this share.",
        zh: "议事协商会满额出席比例",
        reason: "0.05: 150 of 3,000 residents give the full effect; calibration choice.",
    },
    ParamDoc {
        path: "council.hours_per_attendee",
        unit: "hours",
        range: Range::Between(0.0, WEEK),
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Hours each attendee gives to collective issues at a quorate council.",
        zh: "每名出席者投入的工时",
        reason: "2 hours: one meeting; calibration choice.",
    },
    ParamDoc {
        path: "council.efficacy_gain",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Efficacy gained by attendees of a quorate council, as a share of the distance to 1.",
        zh: "议事协商带来的效能感提升",
        reason: "0.2: deliberation that decides something builds efficacy; calibration choice so that monthly councils raise participation visibly within two years.",
    },
    ParamDoc {
        path: "council.trust_gain",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Trust gained by attendees of a quorate council, as a share of the distance to 1.",
        zh: "议事协商带来的信任度提升",
        reason: "0.05: smaller than the efficacy gain; calibration choice.",
    },
    ParamDoc {
        path: "council.frustration",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Efficacy and trust lost by attendees of a council without quorum, as a share of the value.",
        zh: "议事会流会造成的挫败感",
        reason: "0.05: a failed meeting hurts; calibration choice.",
    },
    ParamDoc {
        path: "council.cost_reduction",
        unit: "drive",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Most relief of the cost of taking part offline that a fully attended quorate council gives its community (a regular venue that meets is a channel: residents know when and where to take part); the relief fades by council.relief_memory each week and the cost never goes below 0.",
        zh: "议事协商降低的线下参与成本",
        reason: "0.05: a little under half the middle-aged residents' offline cost; the essay's complaint is that there are few channels to take part; calibration choice.",
    },
    ParamDoc {
        path: "council.relief_memory",
        unit: "share per tick",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Share of a community's offline-cost relief kept from one week to the next; a council with quorum renews it.",
        zh: "议事协商减负效果的周保持率",
        reason: "0.85: a four-weekly council keeps the relief between 0.6 and 1 times its level, and half of it is gone four weeks after councils stop; calibration choice.",
    },
    ParamDoc {
        path: "council.mandate_authority",
        unit: "authority",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Committee authority from which a quorate council gives its committee a mandate on the collective issues it works that need authority (the committee then settles them instead of escalating them).",
        zh: "议事协商授权所需的居委会权限",
        reason: "0.5: a council decides for the community only when its committee has been given that authority (the baseline's 0.15 is not enough, devolution's 0.6 is); calibration choice.",
    },
    ParamDoc {
        path: "council.stake_attendance",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Share of residents waiting on a collective issue who attend a council (the issues residents care about bring them in).",
        zh: "有公共诉求的居民出席比例",
        reason: "0.5: as many as of the participants (model 1 used one share for both); calibration choice.",
    },
];
