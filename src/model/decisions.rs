//! Decisions taken from outside the model for one tick: a player's override of an agent's
//! rule (issue 12, the participatory mode), and what each agent knows when deciding.
//!
//! A [`Decisions`] holds one tick's overrides, keyed by agent: residents by their index
//! in the population, committees by community, offices by street, NGOs by their index in
//! the streets' pools (street `s`'s pool is `s × pool .. (s + 1) × pool`, with `pool =
//! ngo.pool_per_community × communities_per_street`). An agent that is absent, and every
//! field left `None`, follows the model's rule. [`Model::step_with`] takes them; `step` is
//! `step_with` of no decisions, and with none nothing here runs (no extra pass).
//!
//! Every consequence comes from the model's own mechanisms: a decision replaces what the
//! rule would have chosen and the tick goes on as usual. No decision consumes or shifts a
//! random draw (every draw is keyed by purpose, tick and agent), so the same scenario,
//! seed and decisions give the same bytes at any thread count.
//!
//! What a player can choose, by role, and how it maps onto the model:
//!
//! - **resident**: take part this week or not (after the threshold rule, so counts,
//!   volunteer hours and next week's social term see it; a resident brought in takes
//!   part through the cheaper channel open to them); report the issue that arises to them
//!   this week online, offline, or keep it (the view says whether one arises: arrivals
//!   are drawn from the seed alone); attend the council (in a council week); propose a
//!   micro-project (where projects run).
//! - **committee**: the shares of the staff's hours offered to administration and to
//!   issues (the rest stays idle for projects and outreach), the share of idle hours given
//!   to outreach, which queued issue is served first, which queued issues to escalate.
//!   The model has no consequence for administration left undone (MODEL.md describes
//!   none: supervision answers trouble, that is escalations and overdue issues), so
//!   skipping administration frees hours and nothing else; escalating is trouble.
//! - **office**: this week's budget split, access list and reaction to trouble.
//! - **NGO**: enter the market this week or stay out (leave), which communities of
//!   its street it serves, whether it bids for the street's contract (an NGO that does not
//!   bid earns nothing this week, which counts as a loss).

mod apply;
mod validate;
mod views;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::scenario::{BudgetSplit, Reaction};

pub use validate::{Agent, DecisionError};
pub use views::{
    CommitteeView, NgoView, OfficeView, QueuedIssue, ResidentView, committee_view, ngo_view,
    office_view, resident_view,
};

pub(super) use apply::*;

/// One tick's overrides; an absent agent follows its rule.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Decisions {
    /// Key: resident index in the population.
    pub residents: BTreeMap<u32, ResidentDecision>,
    /// Key: community index.
    pub committees: BTreeMap<u32, CommitteeDecision>,
    /// Key: street index.
    pub offices: BTreeMap<u32, OfficeDecision>,
    /// Key: NGO index (street-major over the streets' pools).
    pub ngos: BTreeMap<u32, NgoDecision>,
}

impl Decisions {
    /// No agent decides: the tick is the model's rule everywhere.
    pub fn is_empty(&self) -> bool {
        self.residents.is_empty()
            && self.committees.is_empty()
            && self.offices.is_empty()
            && self.ngos.is_empty()
    }
}

/// A resident's choices for the week; a `None` field is the rule's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ResidentDecision {
    /// Take part this week (true) or not (false), whatever the threshold rule says.
    pub take_part: Option<bool>,
    /// What to do with the issue that arises to this resident this week (only valid when
    /// one does: see [`ResidentView::new_issue`]).
    pub report: Option<ReportChoice>,
    /// Come to this week's council or stay away (only valid in a council week).
    pub attend_council: Option<bool>,
    /// Propose a micro-project this week or not (only valid where projects run).
    pub propose: Option<bool>,
}

/// How a resident reports the issue that arises to them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportChoice {
    /// Through the online channel (needs access and an open channel).
    Online,
    /// In person at the committee.
    Offline,
    /// Not at all (the resident's satisfaction falls, as for any unreported issue).
    Keep,
}

/// A committee's choices for the week; a `None` field is the rule's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CommitteeDecision {
    /// Share of the staff's hours (staff and social workers) offered to administration;
    /// administration takes at most its demand. The rule: all it demands.
    pub admin_share: Option<f64>,
    /// Share of the staff's hours offered to issues (volunteer and NGO hours go to issues
    /// as by the rule). The rule: every hour administration leaves.
    pub issues_share: Option<f64>,
    /// Share of the hours left idle (after issues and projects) given to outreach. The
    /// rule: `committee.outreach_share`.
    pub outreach_share: Option<f64>,
    /// Id of a queued issue ([`QueuedIssue::id`]) to serve before the others.
    pub first_issue: Option<u64>,
    /// Ids of queued issues to send up to the street office this week.
    pub escalate: Option<Vec<u64>>,
}

/// A street office's choices for the week; a `None` field is the rule's (the scenario's).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OfficeDecision {
    /// This week's budget split (shares in 0..=1 summing to 1).
    pub split: Option<BudgetSplit>,
    /// Share of administrative demand the access list rules out this week (0..=1).
    pub access_list: Option<f64>,
    /// How the office answers trouble this week (allocation and committees' authority).
    pub reaction: Option<Reaction>,
}

/// An NGO's choices for the week; a `None` field is the rule's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NgoDecision {
    /// Enter the market this week (if out; an NGO in it still leaves after
    /// `ngo.exit_after` loss-making weeks) or stay out of it (leaving it, if in).
    pub enter: Option<bool>,
    /// The communities (indices, all in the NGO's street, no repeats, at least one) its
    /// hours are shared among. The rule: `ngo.communities_served` communities from its
    /// place in the pool.
    pub communities: Option<Vec<u32>>,
    /// Bid for the street's contract this week. The rule: every active NGO bids.
    pub bid: Option<bool>,
}

/// The id of a queued issue: its raising tick and its reporter (a resident raises at
/// most one issue a tick), so ids are unique and stable while the issue waits.
pub fn issue_id(issue: &super::issue::Issue) -> u64 {
    (u64::from(issue.raised) << 32) | u64::from(issue.reporter)
}

#[cfg(test)]
mod tests;
