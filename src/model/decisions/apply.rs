//! Where decisions enter a tick: small functions the steps of `Model::step_with` call,
//! each doing nothing (and allocating nothing) when no agent of its kind decides.
//!
//! An agent index that does not exist is ignored here (`Decisions::validate` refuses it
//! first); nothing in this file panics on a decision.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::{Decisions, ReportChoice, issue_id};
use crate::model::committee::Plan;
use crate::model::issue::Issue;
use crate::model::ngo;
use crate::model::participation::ParticipationCounts;
use crate::model::residents::{ONLINE_ACCESS, ONLINE_PARTICIPANT, Residents, lower, raise};
use crate::model::{Community, CommunityTick};
use crate::scenario::{ChannelChoice, Scenario};

/// The scenario street `street` works under this tick: `s` itself, or a copy with the
/// office's split, access list and reaction.
pub fn street_scenario<'a>(s: &'a Scenario, d: &Decisions, street: usize) -> Cow<'a, Scenario> {
    let Some(o) = d.offices.get(&(street as u32)) else {
        return Cow::Borrowed(s);
    };
    let mut s = s.clone();
    if let Some(split) = &o.split {
        s.office.split = split.clone();
    }
    if let Some(a) = o.access_list {
        s.office.access_list = a;
    }
    if let Some(r) = o.reaction {
        s.office.reaction = r;
    }
    Cow::Owned(s)
}

/// The NGO choices of one street, by index within its pool (`pool` NGOs from
/// `first_ngo`), communities by index within the street (from `first_community`, of
/// `communities`); communities outside the street are dropped.
pub fn ngo_choices(
    d: &Decisions,
    first_ngo: usize,
    pool: usize,
    first_community: usize,
    communities: usize,
) -> BTreeMap<usize, ngo::Choice> {
    if pool == 0 || d.ngos.is_empty() {
        return BTreeMap::new();
    }
    let lo = u32::try_from(first_ngo).unwrap_or(u32::MAX);
    let hi = u32::try_from(first_ngo + pool).unwrap_or(u32::MAX);
    d.ngos
        .range(lo..hi)
        .map(|(&k, n)| {
            let local = |c: &u32| {
                let c = *c as usize;
                (c >= first_community && c < first_community + communities)
                    .then(|| c - first_community)
            };
            let choice = ngo::Choice {
                enter: n.enter,
                bid: n.bid,
                communities: n
                    .communities
                    .as_ref()
                    .map(|cs| cs.iter().filter_map(local).collect::<Vec<_>>())
                    .filter(|cs| !cs.is_empty()),
            };
            (k as usize - first_ngo, choice)
        })
        .collect()
}

/// The choices of the residents `first .. first + m` (one community) for which `field`
/// is set, as (index within the community, choice).
pub fn resident_choices<T>(
    d: &Decisions,
    first: usize,
    m: usize,
    field: impl Fn(&super::ResidentDecision) -> Option<T>,
) -> Vec<(usize, T)> {
    if d.residents.is_empty() || m == 0 {
        return Vec::new();
    }
    let lo = first.min(u32::MAX as usize) as u32;
    let hi = (first + m - 1).min(u32::MAX as usize) as u32;
    d.residents
        .range(lo..=hi)
        .filter_map(|(&i, r)| field(r).map(|v| (i as usize - first, v)))
        .collect()
}

/// Resident `i`'s choice for the issue that arises to them this tick.
pub fn report_choice(d: &Decisions, i: usize) -> Option<ReportChoice> {
    if d.residents.is_empty() {
        return None;
    }
    d.residents.get(&(i as u32)).and_then(|r| r.report)
}

/// Before the threshold pass: the efficacy of every resident whose taking part is
/// decided (the pass moves it by the rule's choice; `take_part` redoes it by theirs).
pub fn efficacy_before(res: &Residents, d: &Decisions) -> Vec<(usize, f32)> {
    d.residents
        .iter()
        .filter(|(i, r)| r.take_part.is_some() && (**i as usize) < res.len())
        .map(|(&i, _)| (i as usize, res.efficacy[i as usize]))
        .collect()
}

/// After the threshold pass: residents whose taking part is decided take part or not
/// as decided; the counts, the channel flag and efficacy follow (as the pass would have
/// set them had the rule chosen the same). A resident brought in takes part through the
/// cheaper channel open to them (online only with access and an open channel; under
/// `online.choice = "forced"`, online whenever they can).
pub fn take_part(
    res: &mut Residents,
    s: &Scenario,
    d: &Decisions,
    before: &[(usize, f32)],
    relief: &[f64],
    channel_open: bool,
    counts: &mut ParticipationCounts,
) {
    let p = &s.participation;
    for &(i, e) in before {
        let Some(want) = d.residents.get(&(i as u32)).and_then(|r| r.take_part) else {
            continue;
        };
        if want == (res.active[i] == 1) {
            continue;
        }
        let age = res.age[i] as usize;
        if want {
            let offline = (p.offline_cost.get(res.age_group(i))
                - relief.get(res.community_of(i)).copied().unwrap_or(0.0))
            .max(0.0) as f32;
            let online = channel_open
                && res.flags[i] & ONLINE_ACCESS != 0
                && (s.online.choice == ChannelChoice::Forced || (s.online.cost as f32) < offline);
            res.active[i] = 1;
            counts.by_age[age] += 1;
            if online {
                counts.online += 1;
                res.flags[i] |= ONLINE_PARTICIPANT;
            }
            res.efficacy[i] = raise(e, p.efficacy_gain);
        } else {
            if res.flags[i] & ONLINE_PARTICIPANT != 0 {
                counts.online -= 1;
                res.flags[i] &= !ONLINE_PARTICIPANT;
            }
            res.active[i] = 0;
            counts.by_age[age] -= 1;
            res.efficacy[i] = efficacy_idle(e, s);
        }
    }
}

/// The threshold pass's efficacy update of a resident who does not take part: decay
/// toward `participation.efficacy_anchor` from above (the same operations as
/// `participation::participate`; a test checks they agree).
pub fn efficacy_idle(e: f32, s: &Scenario) -> f32 {
    let floor = s.participation.efficacy_anchor as f32;
    if e > floor {
        floor + lower(e - floor, s.participation.efficacy_decay)
    } else {
        e
    }
}

/// Committee `community`'s plan for its staff's hours this tick (`staff`: the staff's
/// hours before administration).
pub fn plan(d: &Decisions, community: usize, staff: f64) -> Plan {
    let Some(c) = d.committees.get(&(community as u32)) else {
        return Plan::RULE;
    };
    Plan {
        admin_hours: c.admin_share.map_or(f64::INFINITY, |x| x * staff),
        issue_hours: c.issues_share.map_or(f64::INFINITY, |x| x * staff),
    }
}

/// Committee `community`'s share of idle hours for outreach, if it decided one.
pub fn outreach_share(d: &Decisions, community: usize) -> Option<f64> {
    d.committees
        .get(&(community as u32))
        .and_then(|c| c.outreach_share)
}

/// Before service: the issues committee `community` chose to escalate leave its queue
/// (marked escalated this tick and counted), and the issue it chose to serve first goes
/// to the front. Returns the escalated issues, oldest first.
pub fn before_service(
    c: &mut Community,
    d: &Decisions,
    community: usize,
    tick: u32,
    out: &mut CommunityTick,
) -> Vec<Issue> {
    let Some(choice) = d.committees.get(&(community as u32)) else {
        return Vec::new();
    };
    let mut up = Vec::new();
    if let Some(ids) = &choice.escalate {
        let (going, staying): (Vec<Issue>, Vec<Issue>) = std::mem::take(&mut c.queue)
            .into_iter()
            .partition(|i| ids.contains(&issue_id(i)));
        c.queue = staying;
        for mut issue in going {
            issue.escalated_at = Some(tick);
            out.escalated += 1;
            up.push(issue);
        }
    }
    if let Some(first) = choice.first_issue
        && let Some(k) = c.queue.iter().position(|i| issue_id(i) == first)
    {
        let issue = c.queue.remove(k);
        c.queue.insert(0, issue);
    }
    up
}

/// After service: the queue back in its order (oldest first, then by reporter) if a
/// first issue was chosen, and the committee's escalations merged in the same order.
pub fn after_service(
    c: &mut Community,
    d: &Decisions,
    community: usize,
    mut chosen: Vec<Issue>,
    rule: Vec<Issue>,
) -> Vec<Issue> {
    let Some(choice) = d.committees.get(&(community as u32)) else {
        return rule;
    };
    if choice.first_issue.is_some() {
        c.queue.sort_by_key(issue_id);
    }
    if chosen.is_empty() {
        return rule;
    }
    chosen.extend(rule);
    chosen.sort_by_key(issue_id);
    chosen
}
