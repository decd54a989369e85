//! The co-governance model: residents, committees, offices and NGOs, one tick at a time.
//!
//! [`Model`] owns everything a run needs, including its randomness (every draw derives
//! from the run's seed, see `rng`), and does no I/O. [`Model::step`] advances one tick in
//! the order of MODEL.md section 4 and returns that tick's [`TickMetrics`]:
//!
//! 1. interventions due this tick take effect;
//! 2. each office allocates its budget, NGOs enter, contract and leave, training pays off,
//!    and each committee's administrative demand is set (`office`, `ngo`);
//! 3. residents raise issues and report them or not (`issue`);
//! 4. residents decide whether to take part, by the threshold rule (`participation`);
//! 5. councils meet where due (`council`);
//! 6. committees serve administration, then issues; escalations go to the office, which
//!    settles some and reacts to trouble (`committee`, `office`);
//! 7. word of mouth, satisfaction's recovery and internet adoption (`participation`);
//! 8. the tick's metrics are recorded.
//!
//! Parallel work is split by community or by fixed chunks of residents, and every sum
//! is combined in a fixed order, so the output does not depend on the thread count.

pub mod committee;
pub mod council;
pub mod issue;
pub mod memory;
pub mod ngo;
pub mod office;
pub mod participation;
pub mod residents;

use rayon::prelude::*;

use crate::metrics::{TickMetrics, ratio};
use crate::network::SocialNetwork;
use crate::rng::{self, Purpose};
use crate::scenario::{Scenario, ScenarioError};
use issue::Issue;
use office::{MoneyFlows, Office};
use residents::{ONLINE_ACCESS, Residents};

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
    /// Residents taking part this tick.
    pub participants: u64,
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

/// What happened in one community in one tick.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CommunityTick {
    pub raised: u64,
    pub reported: u64,
    pub reported_online: u64,
    pub unreported: u64,
    pub resolved: u64,
    pub escalated: u64,
    pub overdue: u64,
    pub raised_by_age: [u64; 3],
    pub resolved_by_age: [u64; 3],
    pub wait_of_resolved: u64,
    pub admin_demand: f64,
    pub hours_available: f64,
    pub hours_admin: f64,
    pub hours_issues: f64,
    pub hours_idle: f64,
    pub spent_on_issues: f64,
    pub volunteer_hours_used: f64,
    pub ngo_hours_used: f64,
    pub councils_held: u64,
    pub councils_quorate: u64,
    pub council_hours: f64,
    /// Residents who were not taking part and came to a council, by age group.
    pub joined_by_age: [u64; 3],
}

/// Running totals over the whole run.
#[derive(Clone, Debug, Default)]
struct Totals {
    raised: u64,
    unreported: u64,
    resolved: u64,
    raised_by_age: [u64; 3],
    resolved_by_age: [u64; 3],
    allocated: f64,
    spent: f64,
    spent_on_service: f64,
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

/// One run of the model.
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
        let mut interventions = scenario.interventions.clone();
        interventions.sort_by_key(|i| i.tick);
        let mut schedule = Vec::new();
        let mut current = scenario.clone();
        for i in &interventions {
            current = current
                .with_overlay(&i.set)
                .map_err(|source| ModelError::Intervention {
                    tick: i.tick,
                    source,
                })?;
            schedule.push((i.tick, current.clone()));
        }
        schedule.reverse();

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
        let counts = participation::ParticipationCounts { by_age, online: 0 };
        let ticks = vec![CommunityTick::default(); self.communities.len()];
        self.metrics(&counts, &attitudes, &ticks, &MoneyFlows::default())
    }

    /// Advance one tick.
    pub fn step(&mut self) -> TickMetrics {
        self.tick += 1;
        let tick = self.tick;
        while self.schedule.last().is_some_and(|(t, _)| *t <= tick) {
            let (_, s) = self.schedule.pop().expect("checked");
            self.scenario = s;
        }
        let s = self.scenario.clone();
        let seed = self.seed;
        let channel_open = s.online.is_open(tick);
        let m = self.residents.per_community;
        let nc = self.communities.len();

        // 1–2. Allocation, NGOs, training, administrative demand.
        let mut flows = MoneyFlows::default();
        let ngo_family = rng::family(seed, Purpose::NgoEntry);
        for (street, office) in self.offices.iter_mut().enumerate() {
            let range = office.communities.clone();
            let first_ngo = street * office.ngos.len();
            let contracts = office::allocate(
                office,
                &mut self.communities[range.clone()],
                &s,
                ngo_family,
                tick,
                first_ngo,
                &mut flows,
            );
            for (c, h) in self.communities[range].iter_mut().zip(contracts.hours) {
                c.ngo_hours = h;
            }
        }

        // 3. Issues arise and are reported.
        let mut ticks = vec![CommunityTick::default(); nc];
        {
            let arrival = rng::family(seed, Purpose::IssueArrival);
            let category = rng::family(seed, Purpose::IssueCategory);
            let report = rng::family(seed, Purpose::IssueReporting);
            let authority = rng::family(seed, Purpose::IssueAuthority);
            let views = Self::community_views(&mut self.residents);
            self.communities
                .par_iter_mut()
                .zip(views)
                .zip(ticks.par_iter_mut())
                .enumerate()
                .for_each(|(ci, ((c, people), out))| {
                    let cats = s.issues.categories.all();
                    for local in issue::raisers(s.issues.rate, arrival, tick, ci, m) {
                        let i = people.first + local as usize;
                        let j = local as usize;
                        let cat = issue::category_of(
                            &s.issues.categories,
                            rng::uniform(category, tick as u64, i as u64, 0),
                        );
                        let online = channel_open && people.flags[j] & ONLINE_ACCESS != 0;
                        let chance = issue::report_chance(&s, people.trust[j], online);
                        out.raised += 1;
                        out.raised_by_age[people.age[j] as usize] += 1;
                        c.raised_total += 1;
                        if rng::uniform(report, tick as u64, i as u64, 0) < chance {
                            out.reported += 1;
                            out.reported_online += online as u64;
                            c.queue.push(Issue {
                                reporter: i as u32,
                                category: cat,
                                online,
                                raised: tick,
                                remaining_hours: cats[cat as usize].hours
                                    * if online {
                                        1.0 - s.online.issue_time_saving
                                    } else {
                                        1.0
                                    },
                                authority_draw: rng::uniform(authority, tick as u64, i as u64, 0)
                                    as f32,
                                escalated_at: None,
                            });
                        } else {
                            out.unreported += 1;
                            people.satisfaction[j] = residents::lower(
                                people.satisfaction[j],
                                s.satisfaction.unreported_loss,
                            );
                        }
                    }
                });
        }

        // 4. The threshold rule.
        let recruitment: Vec<f32> = self
            .communities
            .iter()
            .map(|c| {
                (s.participation.recruitment + s.ngo.recruitment_per_hour * c.ngo_hours / m as f64)
                    as f32
            })
            .collect();
        let mut counts = participation::participate(
            &mut self.residents,
            &s,
            &participation::Context {
                network: &self.network,
                community_share: &self.community_share,
                recruitment: &recruitment,
                channel_open,
            },
        );
        self.community_share = self.participation_by_community();
        for (c, share) in self.communities.iter_mut().zip(&self.community_share) {
            c.participants = (*share as f64 * m as f64).round() as u64;
        }

        // 5–6. Councils, then service.
        // Councils are a form of taking part: none when participation is switched off.
        let council_due =
            s.participation.enabled && s.council.interval > 0 && tick % s.council.interval == 0;
        let council_family = rng::family(seed, Purpose::CouncilAttendance);
        let offices = &self.offices;
        let escalated: Vec<Vec<Issue>> = {
            let views = Self::community_views(&mut self.residents);
            self.communities
                .par_iter_mut()
                .zip(views)
                .zip(ticks.par_iter_mut())
                .enumerate()
                .map(|(ci, ((c, mut people), out))| {
                    if council_due {
                        council::hold(c, &mut people, &s, council_family, tick, out);
                    }
                    let street = ci / s.population.communities_per_street as usize;
                    let hours = committee::ServiceHours {
                        staff: s.committee.staff as f64 * s.committee.hours_per_staff
                            + c.social_worker_hours,
                        ngo: c.ngo_hours,
                        volunteer: c.participants as f64 * s.participation.volunteer_hours,
                    };
                    let authority = office::authority(&s, offices[street].pressure);
                    let up = committee::serve(c, &mut people, &s, tick, authority, hours, out);
                    c.resolved_total += out.resolved;
                    up
                })
                .collect()
        };
        if council_due {
            // Council attendees who were not taking part now are.
            for out in &ticks {
                for a in 0..3 {
                    counts.by_age[a] += out.joined_by_age[a];
                }
            }
            self.community_share = self.participation_by_community();
            for (c, share) in self.communities.iter_mut().zip(&self.community_share) {
                c.participants = (*share as f64 * m as f64).round() as u64;
            }
        }
        for out in &ticks {
            flows.spent_on_issues += out.spent_on_issues;
            flows.spent_on_service += out.spent_on_issues;
            flows.spent += out.spent_on_issues;
        }

        // 6b. The offices settle escalations and react.
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
                &s,
                tick,
                &mut ticks[range],
                &mut flows,
            );
        }

        // 7. Word of mouth, recovery, internet adoption.
        let attitudes =
            participation::settle(&mut self.residents, &self.network, &s, seed, tick, true);

        // 8. Record.
        self.metrics(&counts, &attitudes, &ticks, &flows)
    }

    fn metrics(
        &mut self,
        counts: &participation::ParticipationCounts,
        attitudes: &participation::Attitudes,
        ticks: &[CommunityTick],
        flows: &MoneyFlows,
    ) -> TickMetrics {
        let n = self.residents.len() as f64;
        let mut sum = CommunityTick::default();
        for t in ticks {
            sum.raised += t.raised;
            sum.reported += t.reported;
            sum.reported_online += t.reported_online;
            sum.unreported += t.unreported;
            sum.resolved += t.resolved;
            sum.escalated += t.escalated;
            sum.admin_demand += t.admin_demand;
            sum.hours_available += t.hours_available;
            sum.hours_admin += t.hours_admin;
            sum.hours_issues += t.hours_issues;
            sum.hours_idle += t.hours_idle;
            sum.councils_held += t.councils_held;
            sum.volunteer_hours_used += t.volunteer_hours_used;
            sum.ngo_hours_used += t.ngo_hours_used;
            sum.councils_quorate += t.councils_quorate;
            for a in 0..3 {
                sum.raised_by_age[a] += t.raised_by_age[a];
                sum.resolved_by_age[a] += t.resolved_by_age[a];
            }
        }
        let stock = self.money_stock();
        let totals = &mut self.totals;
        totals.raised += sum.raised;
        totals.unreported += sum.unreported;
        totals.resolved += sum.resolved;
        for a in 0..3 {
            totals.raised_by_age[a] += sum.raised_by_age[a];
            totals.resolved_by_age[a] += sum.resolved_by_age[a];
        }
        totals.allocated += flows.allocated;
        totals.spent += flows.spent;
        totals.spent_on_service += flows.spent_on_service;

        let mut backlog = 0u64;
        let mut wait_sum = 0u64;
        let tick = self.tick;
        for issue in self
            .communities
            .iter()
            .flat_map(|c| &c.queue)
            .chain(self.offices.iter().flat_map(|o| &o.escalated))
        {
            backlog += 1;
            wait_sum += (tick - issue.raised) as u64;
        }

        let by_age = |a: usize| ratio(counts.by_age[a] as f64, self.residents_by_age[a] as f64);
        let participation_age: Vec<f64> = (0..3)
            .filter(|&a| self.residents_by_age[a] > 0)
            .map(by_age)
            .collect();
        let resolved_share_age: Vec<f64> = (0..3)
            .filter(|&a| totals.raised_by_age[a] > 0)
            .map(|a| {
                ratio(
                    totals.resolved_by_age[a] as f64,
                    totals.raised_by_age[a] as f64,
                )
            })
            .collect();
        let resolved_share_community: Vec<f64> = self
            .communities
            .iter()
            .filter(|c| c.raised_total > 0)
            .map(|c| ratio(c.resolved_total as f64, c.raised_total as f64))
            .collect();
        let community_share: Vec<f64> = self.community_share.iter().map(|&x| x as f64).collect();
        let gap = |xs: &[f64]| {
            let max = xs.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            let min = xs.iter().cloned().fold(f64::INFINITY, f64::min);
            if xs.is_empty() { 0.0 } else { max - min }
        };
        let hours_total = sum.hours_admin + sum.hours_issues + sum.hours_idle;
        let ngo_hours: f64 = self.communities.iter().map(|c| c.ngo_hours).sum();
        let participants = counts.total();
        let nc = self.communities.len().max(1) as f64;
        TickMetrics {
            tick,
            participation_rate: ratio(participants as f64, n),
            participation_young: by_age(0),
            participation_middle: by_age(1),
            participation_elderly: by_age(2),
            participation_online_share: ratio(counts.online as f64, participants as f64),
            online_access: ratio(attitudes.online_access as f64, n),
            online_access_elderly: ratio(
                attitudes.online_access_elderly as f64,
                self.residents_by_age[2] as f64,
            ),
            mean_trust: ratio(attitudes.trust, n),
            mean_efficacy: ratio(attitudes.efficacy, n),
            mean_satisfaction: ratio(attitudes.satisfaction, n),
            issues_raised: sum.raised,
            issues_reported: sum.reported,
            issues_reported_online: sum.reported_online,
            issues_unreported: sum.unreported,
            issues_resolved: sum.resolved,
            issues_escalated: sum.escalated,
            backlog,
            mean_wait: ratio(wait_sum as f64, backlog as f64),
            issues_raised_total: totals.raised,
            issues_unreported_total: totals.unreported,
            issues_resolved_total: totals.resolved,
            admin_demand: sum.admin_demand,
            committee_hours: sum.hours_available,
            committee_hours_admin: sum.hours_admin,
            committee_hours_issues: sum.hours_issues,
            committee_hours_idle: sum.hours_idle,
            admin_share: ratio(sum.hours_admin, hours_total),
            committee_skill: self.communities.iter().map(|c| c.skill).sum::<f64>() / nc,
            ngos_active: self
                .offices
                .iter()
                .flat_map(|o| &o.ngos)
                .filter(|g| g.active)
                .count() as u64,
            ngo_hours,
            ngo_hours_used: sum.ngo_hours_used,
            volunteer_hours_used: sum.volunteer_hours_used,
            volunteer_hours: participants as f64 * self.scenario.participation.volunteer_hours,
            office_pressure: self.offices.iter().map(|o| o.pressure).sum::<f64>()
                / self.offices.len().max(1) as f64,
            money_allocated: flows.allocated,
            money_to_programs: flows.to_programs,
            money_devolved: flows.devolved,
            money_to_ngos: flows.to_ngos,
            money_to_training: flows.to_training,
            money_spent_on_issues: flows.spent_on_issues,
            money_allocated_total: totals.allocated,
            money_spent_total: totals.spent,
            money_stock: stock,
            cost_per_resolved: ratio(totals.spent_on_service, totals.resolved as f64),
            councils_held: sum.councils_held,
            councils_quorate: sum.councils_quorate,
            participation_gap_age: gap(&participation_age),
            participation_gap_community: gap(&community_share),
            resolved_gap_age: gap(&resolved_share_age),
            resolved_gap_community: gap(&resolved_share_community),
            resolved_share_young: ratio(
                totals.resolved_by_age[0] as f64,
                totals.raised_by_age[0] as f64,
            ),
            resolved_share_elderly: ratio(
                totals.resolved_by_age[2] as f64,
                totals.raised_by_age[2] as f64,
            ),
        }
    }
}
