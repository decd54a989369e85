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
    /// Share of participants, and of residents waiting on a collective issue, who attend.
    pub attendance: f64,
    /// Attendees needed, as a share of the community's residents.
    pub quorum: f64,
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
}

impl Default for Council {
    fn default() -> Self {
        Council {
            interval: 0,
            attendance: 0.5,
            quorum: 0.01,
            hours_per_attendee: 2.0,
            efficacy_gain: 0.2,
            trust_gain: 0.05,
            frustration: 0.05,
            cost_reduction: 0.05,
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
        doc: "Share of participants, and of residents waiting on a collective issue, who attend a council.",
        zh: "议事协商会出席比例",
        reason: "0.5: half of the active residents come, and half of those with a stake in a collective issue; calibration choice.",
    },
    ParamDoc {
        path: "council.quorum",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Attendees needed for a quorum, as a share of the community's residents.",
        zh: "议事协商会法定人数比例",
        reason: "0.01: 30 attendees in a community of 3,000; calibration choice.",
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
        doc: "Reduction of the cost of taking part offline while councils are held (a regular venue is a channel: residents know when and where to take part); the cost never goes below 0.",
        zh: "议事协商降低的线下参与成本",
        reason: "0.05: a little under half the middle-aged residents' offline cost; the essay's complaint is that there are few channels to take part; calibration choice.",
    },
];
