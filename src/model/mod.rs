//! The co-governance model: residents, committees, offices and NGOs, one tick at a time.
//!
//! [`Model`] owns everything a run needs, including its randomness (every draw derives
//! from the run's seed, see `rng`), and does no I/O. [`Model::step`] advances one tick and
//! returns that tick's [`TickMetrics`]; it reads as the steps of MODEL.md section 4, one
//! method each, after the interventions due this tick take effect:
//!
//! 1. allocation: each office allocates its budget, NGOs enter, contract and leave,
//!    training pays off, and each committee's administrative demand is set (`office`, `ngo`);
//! 2. issues arise (`issue::arise`);
//! 3. reporting: residents report them or not (`issue::report`);
//! 4. participation: residents decide whether to take part, by the threshold rule
//!    (`participation`);
//! 5. councils meet where due (`council`);
//! 6. service: committees serve administration, then issues; escalations go to the office,
//!    which settles some and reacts to trouble (`committee`, `office`);
//! 7. trust and efficacy: word of mouth, satisfaction's recovery and internet adoption
//!    (`participation::settle`);
//! 8. record: the tick's metrics, from the communities' [`CommunityTick`] records summed in
//!    community order.
//!
//! Parallel work is split by community or by fixed chunks of residents, and every sum
//! is combined in a fixed order, so the output does not depend on the thread count.

pub mod committee;
pub mod council;
pub mod decisions;
mod fork;
pub mod issue;
pub mod memory;
pub mod ngo;
pub mod office;
pub mod participation;
pub mod project;
pub mod residents;

use rayon::prelude::*;

use crate::metrics::{TickMetrics, ratio};
use crate::network::SocialNetwork;
use crate::rng::{self, Purpose};
use crate::scenario::{Scenario, ScenarioError};
use decisions::Decisions;
use issue::Issue;
use office::{MoneyFlows, Office};
use residents::Residents;

/// A community and its residents' committee.
#[derive(Clone, Debug, Default)]
pub struct Community {
    /// Discretionary funds (yuan).
    pub funds: f64,
    pub skill: f64,
    /// Reported issues waiting, oldest first.
    pub queue: Vec<Issue>,
    /// Administrative hours demanded this tick.
    pub admin_demand: f64,
    /// NGO service hours delivered this tick.
    pub ngo_hours: f64,
    /// Social-worker hours this tick.
    pub social_worker_hours: f64,
    /// Residents taking part by the threshold rule this tick (step 4); they offer the
    /// volunteer hours. Council attendees who join in step 5 are not counted here.
    pub participants: u64,
    /// Offline-cost relief from councils held with a quorum, fading each tick (step 5).
    pub council_relief: f64,
    /// Outreach hours given last service step; they reach residents this tick (step 4).
    pub outreach_hours: f64,
    /// Residents' micro-project proposals waiting, oldest first.
    pub proposals: Vec<project::Proposal>,
    /// Funded micro-projects being carried out, oldest first.
    pub projects: Vec<project::Project>,
    /// Money devolved to this committee since the last yearly return of excess funds.
    pub devolved_year: f64,
    pub raised_total: u64,
    pub resolved_total: u64,
}

/// The residents of one community (or one street), borrowed for a step.
pub struct CommunityResidents<'a> {
    /// Index of the first resident in the view.
    pub first: usize,
    pub trust: &'a mut [f32],
    pub satisfaction: &'a mut [f32],
    pub efficacy: &'a mut [f32],
    pub age: &'a [u8],
    pub flags: &'a [u8],
    /// 1 for residents taking part this tick (councils can add attendees).
    pub active: &'a mut [u8],
}

/// Declares [`CommunityTick`] from one list of its fields, and [`CommunityTick::add`],
/// which adds every field: a new per-community record is one line in this list.
macro_rules! community_tick {
    ($($(#[$doc:meta])* $field:ident: $ty:ty,)*) => {
        /// What happened in one community in one tick. Summed over communities for the
        /// tick's metrics, and over ticks for the run's totals.
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct CommunityTick {
            $($(#[$doc])* pub $field: $ty,)*
        }

        impl CommunityTick {
            /// Add `other` to this record, field by field.
            pub fn add(&mut self, other: &CommunityTick) {
                $(Tally::tally(&mut self.$field, &other.$field);)*
            }
        }
    };
}

/// A field of [`CommunityTick`]: something that adds up.
trait Tally {
    fn tally(&mut self, other: &Self);
}

impl Tally for u64 {
    fn tally(&mut self, other: &u64) {
        *self += *other;
    }
}

impl Tally for f64 {
    fn tally(&mut self, other: &f64) {
        *self += *other;
    }
}

impl<const N: usize> Tally for [u64; N] {
    fn tally(&mut self, other: &[u64; N]) {
        for (a, b) in self.iter_mut().zip(other) {
            *a += *b;
        }
    }
}

community_tick! {
    raised: u64,
    reported: u64,
    reported_online: u64,
    unreported: u64,
    resolved: u64,
    escalated: u64,
    /// Issues whose waiting passed another patience period.
    overdue: u64,
    /// Issues their reporters withdrew after waiting `issues.withdraw_after` ticks.
    withdrawn: u64,
    raised_by_age: [u64; 3],
    resolved_by_age: [u64; 3],
    wait_of_resolved: u64,
    admin_demand: f64,
    hours_available: f64,
    hours_admin: f64,
    hours_issues: f64,
    hours_idle: f64,
    spent_on_issues: f64,
    volunteer_hours_used: f64,
    ngo_hours_used: f64,
    councils_held: u64,
    councils_quorate: u64,
    /// Attendees' hours put into collective issues.
    council_hours: f64,
    /// Collective issues a council mandated its committee to settle.
    issues_mandated: u64,
    /// Residents who were not taking part and came to a council, by age group.
    joined_by_age: [u64; 3],
    /// Issues resolved after waiting at most `issues.patience` weeks.
    resolved_in_patience: u64,
    /// Staff hours on micro-projects.
    hours_projects: f64,
    /// Staff hours given to outreach (taken from idle hours).
    hours_outreach: f64,
    projects_proposed: u64,
    projects_funded: u64,
    projects_finished: u64,
    spent_on_projects: f64,
    /// Funds above the carry cap returned to the office (they leave the street).
    money_returned: f64,
}

impl<'a> std::iter::Sum<&'a CommunityTick> for CommunityTick {
    /// Field by field, in the iterator's order (community order: the sum of floats does
    /// not depend on the thread count).
    fn sum<I: Iterator<Item = &'a CommunityTick>>(iter: I) -> CommunityTick {
        iter.fold(CommunityTick::default(), |mut acc, t| {
            acc.add(t);
            acc
        })
    }
}

/// Running totals over the whole run.
#[derive(Clone, Debug, Default)]
struct Totals {
    /// Every community's records, summed over communities and ticks.
    issues: CommunityTick,
    allocated: f64,
    spent: f64,
    spent_on_service: f64,
    returned: f64,
}

impl Totals {
    fn add(&mut self, tick: &CommunityTick, flows: &MoneyFlows) {
        self.issues.add(tick);
        self.allocated += flows.allocated;
        self.spent += flows.spent;
        self.returned += flows.returned;
        self.spent_on_service += flows.spent_on_service;
    }
}

/// The issues waiting at the end of a tick.
#[derive(Default)]
struct Waiting {
    backlog: u64,
    /// Their summed age in weeks.
    wait_sum: u64,
    /// Those whose wait reached `issues.patience` this tick (each issue counted once, the
    /// tick it first waits as long as residents' patience).
    past_patience: u64,
    /// Those escalated to the street offices.
    at_offices: u64,
}

/// Equity (共享): gaps between the highest and lowest group.
struct Equity {
    participation_age: f64,
    participation_community: f64,
    resolved_age: f64,
    resolved_community: f64,
}

/// The highest minus the lowest value; 0 for none.
fn gap(xs: &[f64]) -> f64 {
    let max = xs.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let min = xs.iter().cloned().fold(f64::INFINITY, f64::min);
    if xs.is_empty() { 0.0 } else { max - min }
}

/// Run `f` on every community, with its residents and its record of the tick, in
/// parallel; the results come back in community order.
fn per_community<R: Send>(
    communities: &mut [Community],
    residents: &mut Residents,
    ticks: &mut [CommunityTick],
    f: impl Fn(usize, &mut Community, &mut CommunityResidents, &mut CommunityTick) -> R + Sync + Send,
) -> Vec<R> {
    let split = residents::min_split(residents.active.len());
    let views = Model::community_views(residents);
    communities
        .par_iter_mut()
        .zip(views)
        .zip(ticks.par_iter_mut())
        .with_min_len(split)
        .enumerate()
        .map(|(ci, ((c, mut people), out))| f(ci, c, &mut people, out))
        .collect()
}

/// Errors building a model.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("intervention at tick {tick}: {source}")]
    Intervention {
        tick: u32,
        #[source]
        source: ScenarioError,
    },
}

impl CommunityTick {
    /// The committee hours put to use or left idle: administration, issues,
    /// micro-projects, outreach and idle (the hours identity's right-hand side).
    fn hours_worked(&self) -> f64 {
        self.hours_admin
            + self.hours_issues
            + self.hours_idle
            + self.hours_projects
            + self.hours_outreach
    }

    /// Share of the issues resolved within patience among those resolved in time and
    /// those past patience.
    fn within_patience(&self, past_patience: u64) -> f64 {
        ratio(
            self.resolved_in_patience as f64,
            (self.resolved_in_patience + past_patience) as f64,
        )
    }
}

/// One run of the model. Cloned to fork a run (see `fork.rs`).
#[derive(Clone)]
pub struct Model {
    /// The parameters in force (changed by interventions).
    scenario: Scenario,
    /// Resolved parameters from each intervention on, latest tick last.
    schedule: Vec<(u32, Scenario)>,
    seed: u64,
    tick: u32,
    network: SocialNetwork,
    residents: Residents,
    communities: Vec<Community>,
    offices: Vec<Office>,
    residents_by_age: [u64; 3],
    /// Share of each community's residents taking part, this tick.
    community_share: Vec<f32>,
    totals: Totals,
    /// Each community's record of the last tick (empty before the first), for views of
    /// one community (`fork.rs`).
    last_tick: Vec<CommunityTick>,
}

impl Model {
    /// Build the population, network and institutions of a run.
    pub fn new(scenario: &Scenario, seed: u64) -> Result<Model, ModelError> {
        let network = SocialNetwork::build(
            &scenario.network,
            scenario.population.communities() as usize,
            scenario.population.residents_per_community as usize,
            seed,
        );
        Self::with_network(scenario, seed, network)
    }

    /// Build a run on a given network (teaching and validation examples).
    pub fn with_network(
        scenario: &Scenario,
        seed: u64,
        network: SocialNetwork,
    ) -> Result<Model, ModelError> {
        let schedule = fork::schedule(scenario)?;

        let pop = &scenario.population;
        let residents = Residents::new(
            pop,
            &scenario.online.access,
            scenario.participation.enabled,
            seed,
        );
        assert_eq!(
            network.residents(),
            residents.len(),
            "network and population differ"
        );
        let mut residents_by_age = [0u64; 3];
        for &a in &residents.age {
            residents_by_age[a as usize] += 1;
        }
        let per_street = pop.communities_per_street as usize;
        let communities = vec![
            Community {
                funds: scenario.committee.initial_funds,
                skill: scenario.committee.skill,
                ..Community::default()
            };
            pop.communities() as usize
        ];
        let offices = (0..pop.streets as usize)
            .map(|s| Office {
                communities: s * per_street..(s + 1) * per_street,
                ngos: vec![
                    ngo::Ngo::default();
                    scenario.ngo.pool_per_community as usize * per_street
                ],
                ..Office::default()
            })
            .collect();
        let mut model = Model {
            scenario: scenario.clone(),
            schedule,
            seed,
            tick: 0,
            network,
            residents,
            communities,
            offices,
            residents_by_age,
            community_share: Vec::new(),
            totals: Totals::default(),
            last_tick: Vec::new(),
        };
        model.community_share = model.participation_by_community();
        for (c, share) in model.communities.iter_mut().zip(&model.community_share) {
            c.participants = (*share as f64 * pop.residents_per_community as f64).round() as u64;
        }
        model.totals.allocated = model.money_stock();
        Ok(model)
    }

    pub fn tick(&self) -> u32 {
        self.tick
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn residents(&self) -> &Residents {
        &self.residents
    }

    pub fn network(&self) -> &SocialNetwork {
        &self.network
    }

    /// Replace every resident's threshold (validation examples such as Granovetter's).
    pub fn set_thresholds(&mut self, thresholds: &[f32]) {
        assert_eq!(thresholds.len(), self.residents.len());
        self.residents.threshold.copy_from_slice(thresholds);
    }

    /// Force how the counts of neighbours taking part are updated (push, pull or the
    /// per-tick choice): for the tests and benchmarks that compare them; the outputs are
    /// the same bytes whichever is chosen.
    #[doc(hidden)]
    pub fn set_traversal(&mut self, traversal: participation::Traversal) {
        self.residents.neighbours_on.traversal = traversal;
    }

    /// Run every tick, handing each tick's metrics (tick 0 first) to `record`.
    pub fn run(mut self, mut record: impl FnMut(TickMetrics)) {
        record(self.initial_metrics());
        for _ in 0..self.scenario.run.ticks {
            record(self.step());
        }
    }

    /// Share of residents taking part in each community.
    fn participation_by_community(&self) -> Vec<f32> {
        let m = self.residents.per_community;
        self.residents
            .active
            .par_chunks(m)
            .with_min_len(residents::min_split(self.residents.active.len()))
            .map(|c| c.iter().map(|&a| a as u32).sum::<u32>() as f32 / m as f32)
            .collect()
    }

    fn money_stock(&self) -> f64 {
        let funds: f64 = self.communities.iter().map(|c| c.funds).sum();
        let office: f64 = self
            .offices
            .iter()
            .map(|o| o.treasury + o.procurement_reserve)
            .sum();
        funds + office
    }

    /// Views of each community's residents.
    fn community_views(res: &mut Residents) -> Vec<CommunityResidents<'_>> {
        let m = res.per_community;
        res.trust
            .chunks_mut(m)
            .zip(res.satisfaction.chunks_mut(m))
            .zip(res.efficacy.chunks_mut(m))
            .zip(res.age.chunks(m))
            .zip(res.flags.chunks(m))
            .zip(res.active.chunks_mut(m))
            .enumerate()
            .map(
                |(c, (((((trust, satisfaction), efficacy), age), flags), active))| {
                    CommunityResidents {
                        first: c * m,
                        trust,
                        satisfaction,
                        efficacy,
                        age,
                        flags,
                        active,
                    }
                },
            )
            .collect()
    }

    /// The state before the first tick, as tick 0.
    pub fn initial_metrics(&mut self) -> TickMetrics {
        let s = self.scenario.clone();
        let attitudes =
            participation::settle(&mut self.residents, &self.network, &s, self.seed, 0, false);
        let mut by_age = [0u64; 3];
        for (a, act) in self.residents.age.iter().zip(&self.residents.active) {
            by_age[*a as usize] += *act as u64;
        }
        let counts = participation::ParticipationCounts {
            by_age,
            ..Default::default()
        };
        let ticks = vec![CommunityTick::default(); self.communities.len()];
        self.metrics(&counts, &attitudes, &ticks, &MoneyFlows::default())
    }

    /// Advance one tick: the steps of MODEL.md section 4, in order.
    pub fn step(&mut self) -> TickMetrics {
        self.step_with(&Decisions::default())
    }

    /// Check `decisions` against the model (`Decisions::validate`), then advance one
    /// tick under them.
    pub fn try_step_with(
        &mut self,
        decisions: &Decisions,
    ) -> Result<TickMetrics, decisions::DecisionError> {
        decisions.validate(self)?;
        Ok(self.step_with(decisions))
    }

    /// Advance one tick with some agents' rules overridden by `d` (see `decisions`);
    /// `step()` is `step_with` of no decisions. Decisions are expected to be validated
    /// (`Decisions::validate`); agents that do not exist are ignored.
    pub fn step_with(&mut self, d: &Decisions) -> TickMetrics {
        self.tick += 1;
        let tick = self.tick;
        self.apply_interventions(tick);
        let s = self.scenario.clone();
        let mut ticks = vec![CommunityTick::default(); self.communities.len()];
        let mut flows = self.allocate(&s, tick, d);
        let raised = self.issues_arise(&s, tick, &mut ticks);
        self.report_issues(&s, tick, &raised, &mut ticks, d);
        let mut counts = self.take_part(&s, tick, d);
        for c in self.communities.iter_mut() {
            council::fade(c, &s);
        }
        if council::due(&s, tick) {
            self.hold_councils(&s, tick, &mut ticks, &mut counts, d);
        } else if project::vote_due(&s, tick) {
            for (c, out) in self.communities.iter_mut().zip(ticks.iter_mut()) {
                project::select(c, &[], &s, tick, out);
            }
        }
        let escalated = self.serve(&s, tick, &mut ticks, &mut flows, d);
        self.settle_escalations(&s, tick, escalated, &mut ticks, &mut flows);
        let attitudes = self.settle_attitudes(&s, tick);
        let metrics = self.metrics(&counts, &attitudes, &ticks, &flows);
        self.last_tick = ticks;
        metrics
    }

    /// Interventions due this tick take effect.
    fn apply_interventions(&mut self, tick: u32) {
        while self.schedule.last().is_some_and(|(t, _)| *t <= tick) {
            let (_, s) = self.schedule.pop().expect("checked");
            self.scenario = s;
        }
    }

    /// 1. Each office allocates its budget; NGOs enter, contract and leave; training pays
    ///    off; each committee's administrative demand is set.
    fn allocate(&mut self, s: &Scenario, tick: u32, d: &Decisions) -> MoneyFlows {
        let mut flows = MoneyFlows::default();
        let ngo_family = rng::family(self.seed, Purpose::NgoEntry);
        for (street, office) in self.offices.iter_mut().enumerate() {
            let range = office.communities.clone();
            let first_ngo = street * office.ngos.len();
            let pool = office.ngos.len();
            let choices = decisions::ngo_choices(d, first_ngo, pool, range.start, range.len());
            let contracts = office::allocate(
                office,
                &mut self.communities[range.clone()],
                &decisions::street_scenario(s, d, street),
                ngo_family,
                tick,
                ngo::Pool {
                    first: first_ngo,
                    choices: &choices,
                },
                &mut flows,
            );
            for (c, h) in self.communities[range].iter_mut().zip(contracts.hours) {
                c.ngo_hours = h;
            }
        }
        flows
    }

    /// 2. Issues arise, per community.
    fn issues_arise(
        &mut self,
        s: &Scenario,
        tick: u32,
        ticks: &mut [CommunityTick],
    ) -> Vec<Vec<issue::Raised>> {
        let seed = self.seed;
        per_community(
            &mut self.communities,
            &mut self.residents,
            ticks,
            |ci, c, people, out| issue::arise(c, people, s, seed, tick, ci, out),
        )
    }

    /// 3. Residents report the issues they raised, or keep them, and propose
    ///    micro-projects.
    fn report_issues(
        &mut self,
        s: &Scenario,
        tick: u32,
        raised: &[Vec<issue::Raised>],
        ticks: &mut [CommunityTick],
        d: &Decisions,
    ) {
        let (seed, open) = (self.seed, s.online.is_open(tick));
        let proposals = rng::family(seed, Purpose::ProjectProposal);
        per_community(
            &mut self.communities,
            &mut self.residents,
            ticks,
            |ci, c, people, out| {
                let choose = |i: usize| decisions::report_choice(d, i);
                issue::report(c, people, &raised[ci], s, seed, tick, open, choose, out);
                let m = people.active.len();
                let chosen = decisions::resident_choices(d, people.first, m, |r| r.propose);
                project::propose(c, people, s, proposals, tick, &chosen, out);
            },
        );
    }

    /// 4. The threshold rule, with last tick's outreach contacts. Each community's
    ///    participants offer this tick's volunteer hours.
    fn take_part(
        &mut self,
        s: &Scenario,
        tick: u32,
        d: &Decisions,
    ) -> participation::ParticipationCounts {
        let m = self.residents.per_community;
        let recruitment: Vec<f32> = self
            .communities
            .iter()
            .map(|c| {
                (s.participation.recruitment + s.ngo.recruitment_per_hour * c.ngo_hours / m as f64)
                    as f32
            })
            .collect();
        let relief: Vec<f64> = self.communities.iter().map(|c| c.council_relief).collect();
        // Last service step's outreach hours reach each resident with this chance.
        let per_contact = s.outreach.hours_per_contact * m as f64;
        let contact: Vec<f64> = self
            .communities
            .iter()
            .map(|c| (c.outreach_hours / per_contact).min(1.0))
            .collect();
        let before = decisions::efficacy_before(&self.residents, d);
        let mut counts = participation::participate(
            &mut self.residents,
            s,
            &participation::Context {
                network: &self.network,
                community_share: &self.community_share,
                recruitment: &recruitment,
                relief: &relief,
                channel_open: s.online.is_open(tick),
                contact: &contact,
                outreach_family: rng::family(self.seed, Purpose::Outreach),
                tick,
            },
        );
        if !before.is_empty() {
            let open = s.online.is_open(tick);
            let res = &mut self.residents;
            decisions::take_part(res, s, d, &before, &relief, open, &mut counts);
        }
        self.community_share = self.participation_by_community();
        for (c, share) in self.communities.iter_mut().zip(&self.community_share) {
            c.participants = (*share as f64 * m as f64).round() as u64;
        }
        counts
    }

    /// 5. Councils meet; attendees who were not taking part now are (they give council
    ///    hours, not volunteer hours: `Community::participants` stays as step 4 left it).
    fn hold_councils(
        &mut self,
        s: &Scenario,
        tick: u32,
        ticks: &mut [CommunityTick],
        counts: &mut participation::ParticipationCounts,
        d: &Decisions,
    ) {
        let family = rng::family(self.seed, Purpose::CouncilAttendance);
        let authority = self.authority(s, d);
        let per_street = s.population.communities_per_street as usize;
        per_community(
            &mut self.communities,
            &mut self.residents,
            ticks,
            |ci, c, people, out| {
                let m = people.active.len();
                let come = decisions::resident_choices(d, people.first, m, |r| r.attend_council);
                let a = authority[ci / per_street];
                council::hold(c, people, s, family, tick, a, &come, out)
            },
        );
        for out in ticks.iter() {
            for a in 0..3 {
                counts.by_age[a] += out.joined_by_age[a];
            }
        }
        self.community_share = self.participation_by_community();
    }

    /// 6. Committees serve administration, then issues, then micro-projects, and give a
    ///    share of the hours left to outreach; once a year excess funds return. Returns
    ///    each community's escalations.
    fn serve(
        &mut self,
        s: &Scenario,
        tick: u32,
        ticks: &mut [CommunityTick],
        flows: &mut MoneyFlows,
        d: &Decisions,
    ) -> Vec<Vec<Issue>> {
        let per_street = s.population.communities_per_street as usize;
        let authority = self.authority(s, d);
        let escalated = per_community(
            &mut self.communities,
            &mut self.residents,
            ticks,
            |ci, c, people, out| {
                let mut hours = committee::ServiceHours {
                    staff: s.committee.staff as f64 * s.committee.hours_per_staff
                        + c.social_worker_hours,
                    ngo: c.ngo_hours,
                    volunteer: c.participants as f64 * s.participation.volunteer_hours,
                };
                let a = authority[ci / per_street];
                let plan = decisions::plan(d, ci, hours.staff);
                let chosen = decisions::before_service(c, d, ci, tick, out);
                let up = committee::serve(c, people, s, tick, a, plan, &mut hours, out);
                let up = decisions::after_service(c, d, ci, chosen, up);
                c.resolved_total += out.resolved;
                project::carry_out(c, people, s, tick, &mut hours, out);
                committee::reach_out(c, s, decisions::outreach_share(d, ci), out);
                project::return_excess(c, s, tick, out);
                up
            },
        );
        for out in ticks.iter() {
            flows.spent_on_issues += out.spent_on_issues;
            flows.spent_on_service += out.spent_on_issues;
            flows.spent += out.spent_on_issues;
        }
        // Projects are paid when funded (step 5); booked with this tick's spending.
        for out in ticks.iter() {
            flows.spent_on_projects += out.spent_on_projects;
            flows.spent += out.spent_on_projects;
            flows.returned += out.money_returned;
        }
        escalated
    }

    /// Each office's committees' authority at its pressure now (under this tick's
    /// office decisions).
    fn authority(&self, s: &Scenario, d: &Decisions) -> Vec<f64> {
        self.offices
            .iter()
            .enumerate()
            .map(|(street, o)| {
                office::authority(&decisions::street_scenario(s, d, street), o.pressure)
            })
            .collect()
    }

    /// The committees' authority in `street` now, by the parameters in force.
    fn street_authority(&self, street: usize) -> f64 {
        office::authority(&self.scenario, self.offices[street].pressure)
    }

    /// The parameters in force next tick (the interventions due then applied): what the
    /// decisions for the next tick are checked against.
    pub fn upcoming_scenario(&self) -> &Scenario {
        let next = self.tick + 1;
        self.schedule
            .iter()
            .rev()
            .take_while(|(t, _)| *t <= next)
            .last()
            .map_or(&self.scenario, |(_, s)| s)
    }

    /// 6b. The offices settle escalations and react to trouble.
    fn settle_escalations(
        &mut self,
        s: &Scenario,
        tick: u32,
        escalated: Vec<Vec<Issue>>,
        ticks: &mut [CommunityTick],
        flows: &mut MoneyFlows,
    ) {
        let m = self.residents.per_community;
        let mut escalated = escalated.into_iter();
        for office in self.offices.iter_mut() {
            let range = office.communities.clone();
            let incoming: Vec<Issue> = escalated.by_ref().take(range.len()).flatten().collect();
            let (lo, hi) = (range.start * m, range.end * m);
            let res = &mut self.residents;
            let mut people = CommunityResidents {
                first: lo,
                trust: &mut res.trust[lo..hi],
                satisfaction: &mut res.satisfaction[lo..hi],
                efficacy: &mut res.efficacy[lo..hi],
                age: &res.age[lo..hi],
                flags: &res.flags[lo..hi],
                active: &mut res.active[lo..hi],
            };
            office::settle_escalations(
                office,
                &mut self.communities[range.clone()],
                &mut people,
                incoming,
                s,
                tick,
                &mut ticks[range],
                flows,
            );
        }
    }

    /// 7. Trust and efficacy: word of mouth, satisfaction's recovery and internet
    ///    adoption (resolutions, waiting and taking part moved them in steps 4–6).
    fn settle_attitudes(&mut self, s: &Scenario, tick: u32) -> participation::Attitudes {
        participation::settle(&mut self.residents, &self.network, s, self.seed, tick, true)
    }

    /// 8. Record: the tick's metrics.
    fn metrics(
        &mut self,
        counts: &participation::ParticipationCounts,
        attitudes: &participation::Attitudes,
        ticks: &[CommunityTick],
        flows: &MoneyFlows,
    ) -> TickMetrics {
        let n = self.residents.len() as f64;
        let sum: CommunityTick = ticks.iter().sum();
        let stock = self.money_stock();
        self.totals.add(&sum, flows);
        let waiting = self.waiting();
        let took_part = self.residents.record_participation(self.tick);
        let equity = self.equity(counts);
        let totals = &self.totals;
        let participants = counts.total();
        let by_age = |a: usize| self.participation_of_age(counts, a);
        let of_age = |count: u64, a: usize| ratio(count as f64, self.residents_by_age[a] as f64);
        let took_part_of = |a: usize| of_age(took_part[a], a);
        TickMetrics {
            tick: self.tick,
            participation_rate: ratio(participants as f64, n),
            participation_young: by_age(0),
            participation_middle: by_age(1),
            participation_elderly: by_age(2),
            participation_online_share: ratio(counts.online as f64, participants as f64),
            online_access: ratio(attitudes.online_access as f64, n),
            online_access_elderly: of_age(attitudes.online_access_elderly, 2),
            mean_trust: ratio(attitudes.trust, n),
            mean_efficacy: ratio(attitudes.efficacy, n),
            mean_satisfaction: ratio(attitudes.satisfaction, n),
            issues_raised: sum.raised,
            issues_reported: sum.reported,
            issues_reported_online: sum.reported_online,
            issues_unreported: sum.unreported,
            issues_resolved: sum.resolved,
            issues_escalated: sum.escalated,
            backlog: waiting.backlog,
            mean_wait: ratio(waiting.wait_sum as f64, waiting.backlog as f64),
            issues_raised_total: totals.issues.raised,
            issues_unreported_total: totals.issues.unreported,
            issues_resolved_total: totals.issues.resolved,
            admin_demand: sum.admin_demand,
            committee_hours: sum.hours_available,
            committee_hours_admin: sum.hours_admin,
            committee_hours_issues: sum.hours_issues,
            committee_hours_idle: sum.hours_idle,
            admin_share: ratio(sum.hours_admin, sum.hours_worked()),
            committee_skill: self.mean_skill(),
            ngos_active: self.ngos_active(),
            ngo_hours: self.communities.iter().map(|c| c.ngo_hours).sum(),
            ngo_hours_used: sum.ngo_hours_used,
            volunteer_hours_used: sum.volunteer_hours_used,
            volunteer_hours: participants as f64 * self.scenario.participation.volunteer_hours,
            office_pressure: self.mean_pressure(),
            money_allocated: flows.allocated,
            money_to_programs: flows.to_programs,
            money_devolved: flows.devolved,
            money_to_ngos: flows.to_ngos,
            money_to_training: flows.to_training,
            money_spent_on_issues: flows.spent_on_issues,
            money_allocated_total: totals.allocated,
            money_spent_total: totals.spent,
            money_stock: stock,
            cost_per_resolved: ratio(totals.spent_on_service, totals.issues.resolved as f64),
            councils_held: sum.councils_held,
            councils_quorate: sum.councils_quorate,
            council_hours: sum.council_hours,
            council_relief: self.mean_council_relief(),
            issues_mandated: sum.issues_mandated,
            participation_gap_age: equity.participation_age,
            participation_gap_community: equity.participation_community,
            resolved_gap_age: equity.resolved_age,
            resolved_gap_community: equity.resolved_community,
            resolved_share_young: self.resolved_share(0),
            resolved_share_elderly: self.resolved_share(2),
            participated_52w: ratio(took_part.iter().sum::<u64>() as f64, n),
            participated_52w_young: took_part_of(0),
            participated_52w_middle: took_part_of(1),
            participated_52w_elderly: took_part_of(2),
            issues_resolved_in_patience: sum.resolved_in_patience,
            issues_past_patience: waiting.past_patience,
            resolved_within_patience_share: sum.within_patience(waiting.past_patience),
            issues_withdrawn: sum.withdrawn,
            issues_withdrawn_total: totals.issues.withdrawn,
            escalation_backlog: waiting.at_offices,
            committee_hours_projects: sum.hours_projects,
            outreach_hours: sum.hours_outreach,
            residents_contacted: counts.contacted,
            projects_proposed: sum.projects_proposed,
            projects_funded: sum.projects_funded,
            projects_finished: sum.projects_finished,
            projects_waiting: self.projects_waiting(),
            money_spent_on_projects: sum.spent_on_projects,
            money_returned: sum.money_returned,
        }
    }

    /// Mean committee skill over the communities.
    fn mean_skill(&self) -> f64 {
        let nc = self.communities.len().max(1) as f64;
        self.communities.iter().map(|c| c.skill).sum::<f64>() / nc
    }

    /// Micro-project proposals waiting in every community.
    fn projects_waiting(&self) -> u64 {
        self.communities
            .iter()
            .map(|c| c.proposals.len() as u64)
            .sum()
    }

    /// NGOs active in every street.
    fn ngos_active(&self) -> u64 {
        let ngos = self.offices.iter().flat_map(|o| &o.ngos);
        ngos.filter(|g| g.active).count() as u64
    }

    /// The communities' mean council relief of the offline cost.
    fn mean_council_relief(&self) -> f64 {
        let total: f64 = self.communities.iter().map(|c| c.council_relief).sum();
        total / self.communities.len().max(1) as f64
    }

    /// The share of the issues raised by age group `a` that were resolved, since the start.
    fn resolved_share(&self, a: usize) -> f64 {
        let issues = &self.totals.issues;
        ratio(
            issues.resolved_by_age[a] as f64,
            issues.raised_by_age[a] as f64,
        )
    }

    /// The offices' mean supervision pressure.
    fn mean_pressure(&self) -> f64 {
        let total: f64 = self.offices.iter().map(|o| o.pressure).sum();
        total / self.offices.len().max(1) as f64
    }

    /// The issues still waiting, at the committees or escalated, in one pass over the
    /// queues.
    fn waiting(&self) -> Waiting {
        let patience = self.scenario.issues.patience.max(1);
        let mut w = Waiting::default();
        let at_committees = self.communities.iter().flat_map(|c| &c.queue);
        let at_offices = self.offices.iter().flat_map(|o| &o.escalated);
        for (issue, escalated) in at_committees
            .map(|i| (i, false))
            .chain(at_offices.map(|i| (i, true)))
        {
            let age = self.tick - issue.raised;
            w.backlog += 1;
            w.wait_sum += u64::from(age);
            w.past_patience += u64::from(age == patience);
            w.at_offices += u64::from(escalated);
        }
        w
    }

    /// Share of age group `a` taking part.
    fn participation_of_age(&self, counts: &participation::ParticipationCounts, a: usize) -> f64 {
        ratio(counts.by_age[a] as f64, self.residents_by_age[a] as f64)
    }

    /// The equity gaps, from this tick's participation and the run's resolutions so far.
    fn equity(&self, counts: &participation::ParticipationCounts) -> Equity {
        let issues = &self.totals.issues;
        let participation_age: Vec<f64> = (0..3)
            .filter(|&a| self.residents_by_age[a] > 0)
            .map(|a| self.participation_of_age(counts, a))
            .collect();
        let resolved_age: Vec<f64> = (0..3)
            .filter(|&a| issues.raised_by_age[a] > 0)
            .map(|a| {
                ratio(
                    issues.resolved_by_age[a] as f64,
                    issues.raised_by_age[a] as f64,
                )
            })
            .collect();
        let resolved_community: Vec<f64> = self
            .communities
            .iter()
            .filter(|c| c.raised_total > 0)
            .map(|c| ratio(c.resolved_total as f64, c.raised_total as f64))
            .collect();
        let community_share: Vec<f64> = self.community_share.iter().map(|&x| x as f64).collect();
        Equity {
            participation_age: gap(&participation_age),
            participation_community: gap(&community_share),
            resolved_age: gap(&resolved_age),
            resolved_community: gap(&resolved_community),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Read-only views of the institutions, for the per-committee, per-office and per-NGO
// invariants of tests/invariants.rs (kept apart from the model's own code).
// ---------------------------------------------------------------------------------------
impl Model {
    /// Every community's committee state (funds, skill, queue, ...), in community order.
    pub fn communities(&self) -> &[Community] {
        &self.communities
    }

    /// Every street's office (treasury, procurement reserve, pressure, NGO pool, ...).
    pub fn offices(&self) -> &[Office] {
        &self.offices
    }
}
