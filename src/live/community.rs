//! A view of one community of a series' first replicate: each resident a dot (taking
//! part, online, age group) and the committee's week (hours split, backlog).

use serde::Serialize;

use super::LiveError;
use crate::model::Model;
use crate::model::residents::{COMMITTED, ONLINE_ACCESS, ONLINE_PARTICIPANT};

/// One resident, for a dot on the page.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ResidentDot {
    /// 0 young, 1 middle-aged, 2 elderly.
    pub age: u8,
    /// Took part in the last week.
    pub active: bool,
    /// Took part through the online channel in the last week.
    pub online: bool,
    /// Has internet access.
    pub online_access: bool,
    /// A committed resident (always takes part).
    pub committed: bool,
}

/// The committee's hours in the last week: available = administration + issues +
/// micro-projects + outreach + idle + other (what the model records in none of these;
/// 0 in model 2 as it stands).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct CommitteeHours {
    pub available: f64,
    pub admin: f64,
    pub issues: f64,
    /// Staff hours on micro-projects (model 2).
    pub projects: f64,
    /// Staff hours given to outreach, taken from the idle hours (model 2).
    pub outreach: f64,
    pub idle: f64,
    /// The hours not in the parts above (never below 0).
    pub other: f64,
}

/// One community at the current week (replicate 0).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CommunityView {
    pub week: u32,
    pub community: usize,
    /// Communities in the series' scenario.
    pub communities: usize,
    pub residents: Vec<ResidentDot>,
    pub hours: CommitteeHours,
    /// Reported issues waiting at the committee.
    pub backlog: usize,
    /// The committee's discretionary funds (yuan).
    pub funds: f64,
}

pub(super) fn view(model: &Model, week: u32, community: usize) -> Result<CommunityView, LiveError> {
    let count = model.community_count();
    let c = model
        .community(community)
        .ok_or(LiveError::NoSuchCommunity {
            given: community,
            count,
        })?;
    let res = model.residents();
    let m = res.per_community;
    let range = community * m..(community + 1) * m;
    let residents = res.age[range.clone()]
        .iter()
        .zip(&res.active[range.clone()])
        .zip(&res.flags[range])
        .map(|((&age, &active), &flags)| ResidentDot {
            age,
            active: active != 0,
            online: flags & ONLINE_PARTICIPANT != 0,
            online_access: flags & ONLINE_ACCESS != 0,
            committed: flags & COMMITTED != 0,
        })
        .collect();
    let hours = model
        .community_last_tick(community)
        .map(|t| CommitteeHours {
            available: t.hours_available,
            admin: t.hours_admin,
            issues: t.hours_issues,
            projects: t.hours_projects,
            outreach: t.hours_outreach,
            idle: t.hours_idle,
            other: (t.hours_available
                - t.hours_admin
                - t.hours_issues
                - t.hours_projects
                - t.hours_outreach
                - t.hours_idle)
                .max(0.0),
        })
        .unwrap_or_default();
    Ok(CommunityView {
        week,
        community,
        communities: count,
        residents,
        hours,
        backlog: c.queue.len(),
        funds: c.funds,
    })
}
