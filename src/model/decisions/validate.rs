//! Checking decisions against the model they are for, before the tick they apply to.
//!
//! Each refusal names the agent and the field and says what would be valid. Checks read
//! the parameters in force next tick (interventions due then included), since that is the
//! tick the decisions apply to.

use std::collections::BTreeSet;
use std::fmt;

use serde::Serialize;

use super::{
    CommitteeDecision, Decisions, NgoDecision, OfficeDecision, ReportChoice, ResidentDecision,
    issue_id, views,
};
use crate::model::residents::ONLINE_ACCESS;
use crate::model::{Model, council};
use crate::scenario::Scenario;
use crate::scenario::docs::SUM_TOLERANCE;

/// The agent a decision is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "index")]
pub enum Agent {
    Resident(u32),
    Committee(u32),
    Office(u32),
    Ngo(u32),
}

impl fmt::Display for Agent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Agent::Resident(i) => write!(f, "resident {i}"),
            Agent::Committee(c) => write!(f, "committee of community {c}"),
            Agent::Office(s) => write!(f, "office of street {s}"),
            Agent::Ngo(n) => write!(f, "NGO {n}"),
        }
    }
}

/// A decision the model cannot take: which agent, which field, and why.
#[derive(Clone, Debug, PartialEq, Serialize, thiserror::Error)]
#[error("{agent}, {field}: {reason}")]
pub struct DecisionError {
    pub agent: Agent,
    /// The field of the decision (`take_part`, `split.devolved`, ...); `index` for an
    /// agent that does not exist.
    pub field: &'static str,
    pub reason: String,
}

type Check = Result<(), DecisionError>;

fn refuse(agent: Agent, field: &'static str, reason: impl Into<String>) -> Check {
    Err(DecisionError {
        agent,
        field,
        reason: reason.into(),
    })
}

fn index(agent: Agent, i: u32, count: usize, what: &str) -> Check {
    if (i as usize) < count {
        return Ok(());
    }
    let valid = match count {
        0 => format!("there are no {what}"),
        n => format!("there are {n} {what}: valid indices are 0 to {}", n - 1),
    };
    refuse(agent, "index", valid)
}

fn share(agent: Agent, field: &'static str, x: Option<f64>) -> Check {
    match x {
        Some(v) if !(v.is_finite() && (0.0..=1.0).contains(&v)) => refuse(
            agent,
            field,
            format!("{v} is not a share: give a number from 0 to 1"),
        ),
        _ => Ok(()),
    }
}

impl Decisions {
    /// Check every decision against `model` as it stands, for its next tick.
    pub fn validate(&self, model: &Model) -> Result<(), DecisionError> {
        let next = model.upcoming_scenario();
        for (&i, r) in &self.residents {
            resident(model, next, i, r)?;
        }
        for (&c, d) in &self.committees {
            committee(model, c, d)?;
        }
        for (&s, d) in &self.offices {
            office(model, s, d)?;
        }
        for (&n, d) in &self.ngos {
            ngo(model, n, d)?;
        }
        Ok(())
    }
}

fn resident(model: &Model, s: &Scenario, i: u32, r: &ResidentDecision) -> Check {
    let agent = Agent::Resident(i);
    index(agent, i, model.residents.len(), "residents")?;
    let week = model.tick + 1;
    if r.take_part.is_some() && !s.participation.enabled {
        refuse(
            agent,
            "take_part",
            "participation is switched off in this scenario (participation.enabled = false): leave it to the model",
        )?;
    }
    if let Some(choice) = r.report {
        if views::new_issue(model, i as usize).is_none() {
            refuse(
                agent,
                "report",
                format!("no issue arises to this resident in week {week}: leave it to the model"),
            )?;
        }
        let access = model.residents.flags[i as usize] & ONLINE_ACCESS != 0;
        if choice == ReportChoice::Online && !(s.online.is_open(week) && access) {
            let why = if access {
                "the online channel is not open"
            } else {
                "this resident has no internet access"
            };
            refuse(
                agent,
                "report",
                format!("{why} in week {week}: report offline or keep the issue"),
            )?;
        }
    }
    if r.attend_council.is_some() && !council::due(s, week) {
        refuse(
            agent,
            "attend_council",
            format!("no council meets in week {week}: leave it to the model"),
        )?;
    }
    if r.propose.is_some() && !(s.projects.enabled && s.participation.enabled) {
        refuse(
            agent,
            "propose",
            "micro-projects do not run in this scenario: leave it to the model",
        )?;
    }
    Ok(())
}

fn committee(model: &Model, c: u32, d: &CommitteeDecision) -> Check {
    let agent = Agent::Committee(c);
    index(agent, c, model.communities.len(), "communities")?;
    share(agent, "admin_share", d.admin_share)?;
    share(agent, "issues_share", d.issues_share)?;
    share(agent, "outreach_share", d.outreach_share)?;
    let (a, i) = (d.admin_share.unwrap_or(0.0), d.issues_share.unwrap_or(0.0));
    if d.admin_share.is_some() && d.issues_share.is_some() && a + i > 1.0 + SUM_TOLERANCE {
        refuse(
            agent,
            "issues_share",
            format!(
                "admin_share {a} + issues_share {i} is more than 1: the two shares of the staff's hours may sum to at most 1"
            ),
        )?;
    }
    let queue: BTreeSet<u64> = model.communities[c as usize]
        .queue
        .iter()
        .map(issue_id)
        .collect();
    let not_queued = |id: u64| {
        format!(
            "issue {id} is not in this committee's queue ({} issues waiting: see the committee's view)",
            queue.len()
        )
    };
    if let Some(id) = d.first_issue
        && !queue.contains(&id)
    {
        refuse(agent, "first_issue", not_queued(id))?;
    }
    if let Some(ids) = &d.escalate {
        let mut seen = BTreeSet::new();
        for &id in ids {
            if !queue.contains(&id) {
                refuse(agent, "escalate", not_queued(id))?;
            }
            if !seen.insert(id) {
                refuse(agent, "escalate", format!("issue {id} is listed twice"))?;
            }
            if d.first_issue == Some(id) {
                refuse(
                    agent,
                    "escalate",
                    format!("issue {id} is also first_issue: serve it or escalate it, not both"),
                )?;
            }
        }
    }
    Ok(())
}

fn office(model: &Model, street: u32, d: &OfficeDecision) -> Check {
    let agent = Agent::Office(street);
    index(agent, street, model.offices.len(), "streets")?;
    share(agent, "access_list", d.access_list)?;
    if let Some(split) = &d.split {
        let parts = [
            ("split.own_programs", split.own_programs),
            ("split.devolved", split.devolved),
            ("split.ngo_procurement", split.ngo_procurement),
            ("split.training", split.training),
        ];
        for (field, x) in parts {
            share(agent, field, Some(x))?;
        }
        let sum: f64 = parts.iter().map(|(_, x)| x).sum();
        if (sum - 1.0).abs() > SUM_TOLERANCE {
            refuse(
                agent,
                "split",
                format!("the shares sum to {sum}; they must sum to 1 (within {SUM_TOLERANCE:e})"),
            )?;
        }
    }
    Ok(())
}

fn ngo(model: &Model, n: u32, d: &NgoDecision) -> Check {
    let agent = Agent::Ngo(n);
    let pool = model.offices.first().map_or(0, |o| o.ngos.len());
    index(agent, n, pool * model.offices.len(), "NGOs")?;
    let street = n as usize / pool;
    let office = &model.offices[street];
    let active = office.ngos[n as usize % pool].active;
    if d.bid == Some(true) && d.enter == Some(false) {
        refuse(
            agent,
            "bid",
            "an NGO out of the market cannot bid: enter, or do not bid",
        )?;
    }
    if d.bid == Some(true) && !active && d.enter != Some(true) {
        refuse(
            agent,
            "bid",
            "this NGO is not in the market: to bid, enter too (enter = true)",
        )?;
    }
    if let Some(cs) = &d.communities {
        let range = &office.communities;
        let valid = format!(
            "give one or more of the communities of street {street}, {} to {}",
            range.start,
            range.end - 1
        );
        if cs.is_empty() {
            refuse(agent, "communities", format!("the list is empty: {valid}"))?;
        }
        let mut seen = BTreeSet::new();
        for &c in cs {
            if !range.contains(&(c as usize)) {
                refuse(
                    agent,
                    "communities",
                    format!("community {c} is not in this NGO's street: {valid}"),
                )?;
            }
            if !seen.insert(c) {
                refuse(
                    agent,
                    "communities",
                    format!("community {c} is listed twice"),
                )?;
            }
        }
    }
    Ok(())
}
