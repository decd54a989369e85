//! What each agent knows when it decides for the next tick (the phone page's view).
//!
//! A view is read from the model between ticks: the state the last tick left and what
//! the agent can know of the next one (whether an issue arises to a resident is drawn
//! from the seed alone, so it is known in advance; a council week, whether the online
//! channel is open, with the parameters in force next tick). Hours and demand are last
//! week's: this week's are set when the office allocates, at the start of the tick.

use serde::Serialize;

use super::issue_id;
use crate::model::issue::{self, Issue};
use crate::model::residents::{COMMITTED, ONLINE_ACCESS, ONLINE_PARTICIPANT};
use crate::model::{Model, council};
use crate::rng::{self, Purpose};
use crate::scenario::{BudgetSplit, IssueCategories, Reaction};

/// An issue waiting at a committee (or escalated to its office).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QueuedIssue {
    /// Stable id (raising week and reporter), for `first_issue` and `escalate`.
    pub id: u64,
    pub reporter: u32,
    pub category: &'static str,
    pub weeks_waiting: u32,
    /// Working hours still needed.
    pub remaining_hours: f64,
    /// Money it needs when resolved (yuan).
    pub money: f64,
    /// A collective issue (councils can work on it).
    pub collective: bool,
    /// It needs authority the committee lacks now (it will be escalated unless a council
    /// mandates it).
    pub beyond_authority: bool,
    pub reported_online: bool,
    /// Escalated to the street office (no longer the committee's to serve).
    pub escalated: bool,
}

fn queued(model: &Model, issue: &Issue, authority: f64) -> QueuedIssue {
    let s = &model.scenario;
    let cat = s.issues.categories.all()[issue.category as usize];
    QueuedIssue {
        id: issue_id(issue),
        reporter: issue.reporter,
        category: IssueCategories::NAMES[issue.category as usize],
        weeks_waiting: model.tick - issue.raised,
        remaining_hours: issue.remaining_hours,
        money: cat.money,
        collective: cat.collective,
        beyond_authority: cat.needs_authority
            && issue.authority_draw as f64 >= authority
            && !issue.council_mandate,
        reported_online: issue.online,
        escalated: issue.escalated_at.is_some(),
    }
}

/// The category of the issue that arises to `resident` next tick, if one does (the same
/// draws as `issue::arise`, with the parameters in force next tick).
pub fn new_issue(model: &Model, resident: usize) -> Option<&'static str> {
    let s = model.upcoming_scenario();
    let m = model.residents.per_community;
    let (c, local) = (resident / m, (resident % m) as u32);
    let week = model.tick + 1;
    let arrival = rng::family(model.seed, Purpose::IssueArrival);
    if !issue::raisers(s.issues.rate, arrival, week, c, m).contains(&local) {
        return None;
    }
    let family = rng::family(model.seed, Purpose::IssueCategory);
    let u = rng::uniform(family, week as u64, resident as u64, 0);
    Some(IssueCategories::NAMES[issue::category_of(&s.issues.categories, u) as usize])
}

/// What a resident knows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResidentView {
    pub resident: u32,
    pub community: u32,
    pub street: u32,
    /// The week the decisions are for.
    pub week: u32,
    pub age_group: &'static str,
    /// A committed volunteer (骨干): takes part by the rule every week.
    pub committed: bool,
    pub online_access: bool,
    /// The online channel is open in `week`.
    pub channel_open: bool,
    /// The category of the issue that arises to the resident in `week`, if one does
    /// (what `report` decides about).
    pub new_issue: Option<&'static str>,
    /// The resident's reported issues still waiting.
    pub waiting_issues: Vec<QueuedIssue>,
    pub took_part_last_week: bool,
    pub took_part_online_last_week: bool,
    /// Share of the resident's neighbours who took part last week (the social term).
    pub neighbours_taking_part: f64,
    pub neighbours: u32,
    /// Share of the resident's community who took part last week.
    pub community_taking_part: f64,
    pub trust: f64,
    pub efficacy: f64,
    pub satisfaction: f64,
    /// Participation runs (`take_part` is a choice).
    pub can_take_part: bool,
    /// A council meets in `week` (`attend_council` is a choice).
    pub council_this_week: bool,
    /// Micro-projects run (`propose` is a choice).
    pub can_propose: bool,
    /// Proposals waiting in the resident's community.
    pub proposals_waiting: u32,
}

/// What resident `resident` knows now; `None` for a resident that does not exist.
pub fn resident_view(model: &Model, resident: u32) -> Option<ResidentView> {
    let i = resident as usize;
    let res = &model.residents;
    if i >= res.len() {
        return None;
    }
    let s = model.upcoming_scenario();
    let week = model.tick + 1;
    let community = res.community_of(i);
    let per_street = model.scenario.population.communities_per_street.max(1) as usize;
    let authority = model.street_authority(community / per_street);
    let c = &model.communities[community];
    let office = &model.offices[community / per_street];
    let waiting = c.queue.iter().chain(&office.escalated);
    let nbrs = model.network.neighbours(i);
    let on: usize = nbrs
        .iter()
        .filter(|&&v| res.active[v as usize] == 1)
        .count();
    Some(ResidentView {
        resident,
        community: community as u32,
        street: (community / per_street) as u32,
        week,
        age_group: res.age_group(i).name(),
        committed: res.flags[i] & COMMITTED != 0,
        online_access: res.flags[i] & ONLINE_ACCESS != 0,
        channel_open: s.online.is_open(week),
        new_issue: new_issue(model, i),
        waiting_issues: waiting
            .filter(|x| x.reporter == resident)
            .map(|x| queued(model, x, authority))
            .collect(),
        took_part_last_week: res.active[i] == 1,
        took_part_online_last_week: res.flags[i] & ONLINE_PARTICIPANT != 0,
        neighbours_taking_part: if nbrs.is_empty() {
            0.0
        } else {
            on as f64 / nbrs.len() as f64
        },
        neighbours: nbrs.len() as u32,
        community_taking_part: model
            .community_share
            .get(community)
            .map_or(0.0, |&x| x as f64),
        trust: res.trust[i] as f64,
        efficacy: res.efficacy[i] as f64,
        satisfaction: res.satisfaction[i] as f64,
        can_take_part: s.participation.enabled,
        council_this_week: council::due(s, week),
        can_propose: s.projects.enabled && s.participation.enabled,
        proposals_waiting: c.proposals.len() as u32,
    })
}

/// How a committee's hours went last week.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LastWeek {
    pub hours_available: f64,
    pub admin_demand: f64,
    pub hours_admin: f64,
    pub hours_issues: f64,
    pub hours_projects: f64,
    pub hours_outreach: f64,
    pub hours_idle: f64,
    pub volunteer_hours_used: f64,
    pub ngo_hours_used: f64,
    pub resolved: u64,
    pub escalated: u64,
    pub overdue: u64,
}

/// What a residents' committee knows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CommitteeView {
    pub community: u32,
    pub street: u32,
    pub week: u32,
    /// Staff hours a week (staff × hours each), before social workers.
    pub staff_hours: f64,
    /// Social workers' hours (last allocation's); the shares split staff plus these.
    pub social_worker_hours: f64,
    /// Volunteer hours offered last week (residents taking part × hours each).
    pub volunteer_hours: f64,
    /// NGO hours delivered last week.
    pub ngo_hours: f64,
    /// Administrative hours demanded last week (set anew each week by the office).
    pub admin_demand: f64,
    /// The office answers trouble with supervision: more trouble, more administration.
    pub under_supervision: bool,
    /// The office's supervision pressure now (0 to `office.max_pressure`).
    pub pressure: f64,
    /// What supervision multiplies administrative demand by at this pressure (1 when
    /// the office answers with resources): trouble now, more administration next week.
    pub supervision_factor: f64,
    /// The committee's authority now (share of authority-needing issues it may settle).
    pub authority: f64,
    /// Outreach share of idle hours by the rule.
    pub outreach_share: f64,
    pub queue: Vec<QueuedIssue>,
    pub funds: f64,
    pub proposals_waiting: u32,
    pub projects_running: u32,
    /// Last week's record (none before the first week).
    pub last_week: Option<LastWeek>,
}

/// What the committee of `community` knows now; `None` for a community that does not exist.
pub fn committee_view(model: &Model, community: u32) -> Option<CommitteeView> {
    let ci = community as usize;
    let c = model.communities.get(ci)?;
    let s = model.upcoming_scenario();
    let per_street = model.scenario.population.communities_per_street.max(1) as usize;
    let street = ci / per_street;
    let authority = model.street_authority(street);
    let last_week = model.last_tick.get(ci).map(|t| LastWeek {
        hours_available: t.hours_available,
        admin_demand: t.admin_demand,
        hours_admin: t.hours_admin,
        hours_issues: t.hours_issues,
        hours_projects: t.hours_projects,
        hours_outreach: t.hours_outreach,
        hours_idle: t.hours_idle,
        volunteer_hours_used: t.volunteer_hours_used,
        ngo_hours_used: t.ngo_hours_used,
        resolved: t.resolved,
        escalated: t.escalated,
        overdue: t.overdue,
    });
    Some(CommitteeView {
        community,
        street: street as u32,
        week: model.tick + 1,
        staff_hours: s.committee.staff as f64 * s.committee.hours_per_staff,
        social_worker_hours: c.social_worker_hours,
        volunteer_hours: c.participants as f64 * s.participation.volunteer_hours,
        ngo_hours: c.ngo_hours,
        admin_demand: c.admin_demand,
        under_supervision: s.office.reaction == Reaction::Supervision,
        pressure: model.offices[street].pressure,
        supervision_factor: match s.office.reaction {
            Reaction::Supervision => {
                1.0 + s.office.supervision_per_pressure * model.offices[street].pressure
            }
            Reaction::Resources => 1.0,
        },
        authority,
        outreach_share: s.committee.outreach_share,
        queue: c
            .queue
            .iter()
            .map(|x| queued(model, x, authority))
            .collect(),
        funds: c.funds,
        proposals_waiting: c.proposals.len() as u32,
        projects_running: c.projects.len() as u32,
        last_week,
    })
}

/// What a street office knows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OfficeView {
    pub street: u32,
    pub week: u32,
    /// The street's communities (indices).
    pub communities: Vec<u32>,
    /// This week's budget (yuan).
    pub budget: f64,
    /// The split, access list and reaction in force by the scenario.
    pub split: BudgetSplit,
    pub access_list: f64,
    pub reaction: Reaction,
    pub pressure: f64,
    pub max_pressure: f64,
    /// Last week's trouble: escalations and overdue issues per 1,000 residents.
    pub trouble: f64,
    /// Trouble the office tolerates before its pressure rises.
    pub trouble_tolerance: f64,
    /// Escalated issues waiting at the office.
    pub escalations_waiting: u32,
    /// Escalations the office settles a week.
    pub escalation_capacity: f64,
    pub procurement_reserve: f64,
    pub ngos_active: u32,
    pub ngo_pool: u32,
}

/// What the office of `street` knows now; `None` for a street that does not exist.
pub fn office_view(model: &Model, street: u32) -> Option<OfficeView> {
    let o = model.offices.get(street as usize)?;
    let s = model.upcoming_scenario();
    let n = o.communities.len();
    let trouble: u64 = model
        .last_tick
        .get(o.communities.clone())
        .map_or(0, |ts| ts.iter().map(|t| t.escalated + t.overdue).sum());
    let residents = (n * model.residents.per_community) as f64;
    Some(OfficeView {
        street,
        week: model.tick + 1,
        communities: o.communities.clone().map(|c| c as u32).collect(),
        budget: s.office.budget_per_community * n as f64,
        split: s.office.split.clone(),
        access_list: s.office.access_list,
        reaction: s.office.reaction,
        pressure: o.pressure,
        max_pressure: s.office.max_pressure,
        trouble: trouble as f64 / (residents / 1000.0).max(1e-9),
        trouble_tolerance: s.office.trouble_tolerance,
        escalations_waiting: o.escalated.len() as u32,
        escalation_capacity: s.office.escalation_capacity * n as f64,
        procurement_reserve: o.procurement_reserve,
        ngos_active: o.ngos.iter().filter(|g| g.active).count() as u32,
        ngo_pool: o.ngos.len() as u32,
    })
}

/// What an NGO knows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NgoView {
    pub ngo: u32,
    pub street: u32,
    pub week: u32,
    pub active: bool,
    /// Consecutive weeks its income did not cover the entry barrier.
    pub losses: u32,
    /// It leaves after this many.
    pub exit_after: u32,
    /// Compliance cost a week (yuan).
    pub entry_barrier: f64,
    /// The street's procurement money this week by the scenario's split (yuan).
    pub procurement: f64,
    /// Active NGOs in the street now.
    pub active_in_street: u32,
    /// Its income this week if every active NGO (and it) bids.
    pub expected_income: f64,
    /// Cost of one service hour (yuan).
    pub cost_per_hour: f64,
    /// The communities the rule has it serve.
    pub communities: Vec<u32>,
    /// The communities of its street (what `communities` may choose from).
    pub street_communities: Vec<u32>,
}

/// What NGO `ngo` knows now; `None` for an NGO that does not exist.
pub fn ngo_view(model: &Model, ngo: u32) -> Option<NgoView> {
    let pool = model.offices.first().map_or(0, |o| o.ngos.len());
    if pool == 0 || ngo as usize >= pool * model.offices.len() {
        return None;
    }
    let (street, j) = (ngo as usize / pool, ngo as usize % pool);
    let o = &model.offices[street];
    let s = model.upcoming_scenario();
    let n = o.communities.len();
    let procurement = s.office.split.ngo_procurement * s.office.budget_per_community * n as f64;
    let g = &o.ngos[j];
    let active = o.ngos.iter().filter(|g| g.active).count();
    let bidders = if g.active { active } else { active + 1 };
    let served = (s.ngo.communities_served as usize).clamp(1, n.max(1));
    Some(NgoView {
        ngo,
        street: street as u32,
        week: model.tick + 1,
        active: g.active,
        losses: g.losses,
        exit_after: s.ngo.exit_after,
        entry_barrier: s.ngo.entry_barrier,
        procurement,
        active_in_street: active as u32,
        expected_income: procurement / bidders as f64,
        cost_per_hour: s.ngo.cost_per_hour,
        communities: (0..served)
            .map(|t| (o.communities.start + (j + t) % n.max(1)) as u32)
            .collect(),
        street_communities: o.communities.clone().map(|c| c as u32).collect(),
    })
}
