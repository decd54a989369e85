//! The `outreach` section: committee outreach from idle hours (home visits, activities).
//!
//! The types of this part of a scenario, their defaults, and their rows in the parameter
//! catalogue ([`ROWS`], joined into [`docs::PARAMS`](super::docs::PARAMS)): unit, valid
//! range, meaning, Chinese label, reason for the default, and when the value may change.
//! The share of idle hours that goes to outreach is `committee.outreach_share`.

use serde::{Deserialize, Serialize};

use super::param::WEEK;
use super::param::{Change, ParamDoc, Range};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Outreach {
    /// Committee hours one contact takes (a home visit or an activity slot).
    pub hours_per_contact: f64,
    /// Drive a contacted resident gains the week after the contact.
    pub contact_boost: f64,
}

impl Default for Outreach {
    fn default() -> Self {
        Outreach {
            hours_per_contact: 2.0,
            contact_boost: 0.1,
        }
    }
}

/// The catalogue rows of `outreach`, in struct order.
pub static ROWS: &[ParamDoc] = &[
    ParamDoc {
        path: "outreach.hours_per_contact",
        unit: "hours",
        range: Range::PositiveAtMost(WEEK),
        limit: "a contact takes more than 0 and at most a week's 168 hours",
        change: Change::AnyTick,
        sweep: true,
        doc: "Committee hours one outreach contact takes (a home visit or an activity slot); a community's residents are each contacted next week with probability outreach hours / (hours per contact × residents).",
        zh: "每次走访联系所需工时",
        reason: "2 hours: one home visit or activity slot with its preparation and travel; calibration choice (see the ODD's calibration table).",
    },
    ParamDoc {
        path: "outreach.contact_boost",
        unit: "drive",
        range: Range::UnitInterval,
        limit: "",
        change: Change::AnyTick,
        sweep: true,
        doc: "Drive to take part a resident gains in the week after the committee contacted them.",
        zh: "走访联系对参与意愿的提升",
        reason: "0.1: less than the mean social pull; calibration choice (see the ODD's calibration table).",
    },
];
