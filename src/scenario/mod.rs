//! Scenarios: every parameter of the co-governance model, with its default.
//!
//! A scenario is what a user writes in TOML. It states only what it changes: every field
//! here has a default (`Scenario::default()` is the baseline "stability-maintenance"
//! street of `docs/ODD.md`), and `extends` lets one file build on another. This module
//! owns the *types*; `load` turns files into a validated `Scenario` with errors that name
//! file, line, column and key; `docs` holds the unit, valid range and reason of every
//! parameter, used both by validation and by `cogov defaults`.
//!
//! Serde derives live here (and on results), never on the model's agent internals.

pub mod docs;
pub mod load;
pub mod render;
pub mod validate;

use serde::{Deserialize, Serialize};

pub use load::{Location, Problem, ScenarioError, load_file, load_str};

/// A complete, resolved scenario. The default is the baseline street of `docs/ODD.md`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Scenario {
    /// Short name shown in tables, legends and reports.
    pub title: Text,
    /// Two sentences for the report.
    pub description: Text,
    pub run: RunSettings,
    pub population: Population,
    pub network: Network,
    pub participation: Participation,
    pub online: OnlineChannel,
    pub issues: Issues,
    pub committee: Committee,
    pub office: Office,
    pub ngo: Ngos,
    pub council: Council,
    pub training: Training,
    pub coordination: Coordination,
    pub trust: Trust,
    pub satisfaction: Satisfaction,
    /// Changes to parameters at given ticks (a reform introduced mid-run).
    pub interventions: Vec<Intervention>,
}

/// A text in both report languages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Text {
    pub en: String,
    pub zh: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RunSettings {
    /// Ticks to simulate; one tick is one week.
    pub ticks: u32,
    /// Replicates when the command line does not say.
    pub replicates: u32,
    /// Master seed when the command line does not say.
    pub seed: u64,
}

impl Default for RunSettings {
    fn default() -> Self {
        RunSettings {
            ticks: 104,
            replicates: 10,
            seed: 1,
        }
    }
}

/// A value for each age group.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ByAge {
    pub young: f64,
    pub middle: f64,
    pub elderly: f64,
}

impl ByAge {
    pub fn get(&self, age: AgeGroup) -> f64 {
        match age {
            AgeGroup::Young => self.young,
            AgeGroup::Middle => self.middle,
            AgeGroup::Elderly => self.elderly,
        }
    }
}

/// Age groups: young (18–39), middle (40–59), elderly (60+).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgeGroup {
    Young = 0,
    Middle = 1,
    Elderly = 2,
}

impl AgeGroup {
    pub const ALL: [AgeGroup; 3] = [AgeGroup::Young, AgeGroup::Middle, AgeGroup::Elderly];
    pub fn name(self) -> &'static str {
        match self {
            AgeGroup::Young => "young",
            AgeGroup::Middle => "middle",
            AgeGroup::Elderly => "elderly",
        }
    }
}

/// A distribution of a per-resident value in [0, 1].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "distribution", rename_all = "snake_case", deny_unknown_fields)]
pub enum Distribution {
    /// Every resident has `value`.
    Constant { value: f64 },
    /// Uniform on [low, high].
    Uniform { low: f64, high: f64 },
    /// Normal, clipped to [0, 1].
    Normal { mean: f64, sd: f64 },
    /// Beta(alpha, beta).
    Beta { alpha: f64, beta: f64 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Population {
    /// Streets (街道), each with one government office.
    pub streets: u32,
    /// Communities (社区) in each street, each with one residents' committee.
    pub communities_per_street: u32,
    /// Adult residents in each community.
    pub residents_per_community: u32,
    /// Shares of young (18–39), middle-aged (40–59) and elderly (60+) residents; sum to 1.
    pub age_shares: ByAge,
    /// Share of residents who are committed volunteers (骨干): they always take part.
    pub committed_share: f64,
    /// Participation threshold θ.
    pub threshold: Distribution,
    /// Initial trust in the committee τ.
    pub initial_trust: Distribution,
    /// Initial civic efficacy e.
    pub initial_efficacy: Distribution,
    /// Initial satisfaction.
    pub initial_satisfaction: Distribution,
}

impl Default for Population {
    fn default() -> Self {
        Population {
            streets: 1,
            communities_per_street: 8,
            residents_per_community: 3000,
            age_shares: ByAge {
                young: 0.35,
                middle: 0.38,
                elderly: 0.27,
            },
            committed_share: 0.02,
            threshold: Distribution::Normal {
                mean: 0.4,
                sd: 0.15,
            },
            initial_trust: Distribution::Normal {
                mean: 0.45,
                sd: 0.15,
            },
            initial_efficacy: Distribution::Normal {
                mean: 0.25,
                sd: 0.1,
            },
            initial_satisfaction: Distribution::Normal { mean: 0.5, sd: 0.1 },
        }
    }
}

impl Scenario {
    /// This scenario reduced to the classic synchronous threshold-cascade model
    /// (Granovetter 1978; Watts 2002): only the social term of the drive (`w_social = 1`),
    /// no trust, efficacy, recruitment or costs, no online channel, no issues, no councils,
    /// and nothing else evolving (no word of mouth, satisfaction or internet adoption).
    /// Population, network, thresholds and committed residents (the seeds) are kept.
    pub fn threshold_cascade(mut self) -> Scenario {
        let p = &mut self.participation;
        p.enabled = true;
        p.w_social = 1.0;
        p.w_trust = 0.0;
        p.w_efficacy = 0.0;
        p.recruitment = 0.0;
        p.offline_cost = ByAge {
            young: 0.0,
            middle: 0.0,
            elderly: 0.0,
        };
        self.ngo.recruitment_per_hour = 0.0;
        self.online.enabled = false;
        self.online.access_growth = 0.0;
        self.issues.rate = 0.0;
        self.council.interval = 0;
        self.trust.word_of_mouth = 0.0;
        self.satisfaction.recovery = 0.0;
        self.interventions.clear();
        self
    }
}

impl Population {
    pub fn communities(&self) -> u64 {
        self.streets as u64 * self.communities_per_street as u64
    }
    pub fn residents(&self) -> u64 {
        self.communities() * self.residents_per_community as u64
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NetworkKind {
    /// Ring lattice within each community (neighbours in the same building), ties rewired
    /// at random within the community, and a share of ties across communities.
    SmallWorld,
    /// Erdős–Rényi over all residents, ignoring communities.
    ErdosRenyi,
    /// Everyone tied to everyone (small populations only).
    Complete,
    /// No ties at all.
    None,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Network {
    pub kind: NetworkKind,
    /// Mean number of ties per resident (small-world, Erdős–Rényi).
    pub mean_degree: f64,
    /// Share of within-community lattice ties rewired to a random resident of the same
    /// community (small-world).
    pub rewiring: f64,
    /// Share of ties that go to a resident of another community (small-world).
    pub cross_community_share: f64,
}

impl Default for Network {
    fn default() -> Self {
        Network {
            kind: NetworkKind::SmallWorld,
            mean_degree: 8.0,
            rewiring: 0.1,
            cross_community_share: 0.05,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Participation {
    /// Off: nobody takes part (the model becomes a queueing model of the committee).
    pub enabled: bool,
    /// Weight of the share of neighbours who took part last tick.
    pub w_social: f64,
    /// Weight of trust in the committee.
    pub w_trust: f64,
    /// Weight of civic efficacy.
    pub w_efficacy: f64,
    /// Constant recruitment push (mobilisation) added to everyone's drive.
    pub recruitment: f64,
    /// Cost of taking part offline, by age group (time, travel, habit).
    pub offline_cost: ByAge,
    /// Volunteer hours a participant gives per tick.
    pub volunteer_hours: f64,
    /// Efficacy gained per tick of taking part, as a share of the distance to 1.
    pub efficacy_gain: f64,
    /// Efficacy lost per tick of not taking part, as a share of the current value.
    pub efficacy_decay: f64,
}

impl Default for Participation {
    fn default() -> Self {
        Participation {
            enabled: true,
            w_social: 0.45,
            w_trust: 0.3,
            w_efficacy: 0.3,
            recruitment: 0.0,
            offline_cost: ByAge {
                young: 0.2,
                middle: 0.12,
                elderly: 0.04,
            },
            volunteer_hours: 0.2,
            efficacy_gain: 0.02,
            efficacy_decay: 0.005,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OnlineChannel {
    /// Whether the community runs an online channel (互联网+).
    pub enabled: bool,
    /// Tick at which the channel opens.
    pub start_tick: u32,
    /// Initial share of residents with internet access, by age group.
    pub access: ByAge,
    /// Chance per tick that a resident without access gains it.
    pub access_growth: f64,
    /// Extra chance per tick that an elderly resident without access gains it
    /// (digital-inclusion training).
    pub digital_inclusion: f64,
    /// Cost of taking part online.
    pub cost: f64,
    /// Weight of the community-wide participation share (a community chat group) in what
    /// a resident with access sees, against their own neighbours.
    pub visibility: f64,
    /// Extra chance of reporting an issue online rather than offline.
    pub report_bonus: f64,
    /// Share of working hours saved on an issue reported online (forms, follow-up and
    /// notices handled online).
    pub issue_time_saving: f64,
    /// Share of administrative hours saved while the channel is open (reporting upward
    /// and notices online).
    pub admin_time_saving: f64,
}

impl OnlineChannel {
    /// Whether the channel is open at `tick`.
    pub fn is_open(&self, tick: u32) -> bool {
        self.enabled && tick >= self.start_tick
    }
}

impl Default for OnlineChannel {
    fn default() -> Self {
        OnlineChannel {
            enabled: false,
            start_tick: 0,
            access: ByAge {
                young: 0.95,
                middle: 0.8,
                elderly: 0.432,
            },
            access_growth: 0.001,
            digital_inclusion: 0.0,
            cost: 0.04,
            visibility: 0.3,
            report_bonus: 0.25,
            issue_time_saving: 0.3,
            admin_time_saving: 0.1,
        }
    }
}

/// One category of issue residents raise.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueCategory {
    /// Share of raised issues in this category; shares sum to 1.
    pub share: f64,
    /// Working hours needed to resolve one.
    pub hours: f64,
    /// Money (yuan) needed to resolve one.
    pub money: f64,
    /// Collective (concerns many residents; a council can settle it).
    pub collective: bool,
    /// Needs authority the committee may not have.
    pub needs_authority: bool,
    /// Paperwork: only staff can do it, never volunteers.
    pub paperwork: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IssueCategories {
    pub environment: IssueCategory,
    pub parking: IssueCategory,
    pub renovation: IssueCategory,
    pub services: IssueCategory,
    pub disputes: IssueCategory,
    pub paperwork: IssueCategory,
}

impl IssueCategories {
    pub const NAMES: [&'static str; 6] = [
        "environment",
        "parking",
        "renovation",
        "services",
        "disputes",
        "paperwork",
    ];
    pub fn all(&self) -> [&IssueCategory; 6] {
        [
            &self.environment,
            &self.parking,
            &self.renovation,
            &self.services,
            &self.disputes,
            &self.paperwork,
        ]
    }
}

impl Default for IssueCategories {
    fn default() -> Self {
        let cat = |share, hours, money, collective, needs_authority, paperwork| IssueCategory {
            share,
            hours,
            money,
            collective,
            needs_authority,
            paperwork,
        };
        IssueCategories {
            environment: cat(0.25, 4.0, 300.0, true, false, false),
            parking: cat(0.10, 6.0, 1500.0, true, true, false),
            renovation: cat(0.05, 12.0, 6000.0, true, true, false),
            services: cat(0.25, 2.0, 100.0, false, false, false),
            disputes: cat(0.15, 3.0, 0.0, false, false, false),
            paperwork: cat(0.20, 1.0, 0.0, false, false, true),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Issues {
    /// Chance per tick that a resident raises an issue (0 switches issues off).
    pub rate: f64,
    /// Chance of reporting an issue at trust 0.
    pub report_base: f64,
    /// Extra chance of reporting per unit of trust.
    pub report_trust: f64,
    /// Ticks a reporter waits before each loss of trust and satisfaction.
    pub patience: u32,
    pub categories: IssueCategories,
}

impl Default for Issues {
    fn default() -> Self {
        Issues {
            rate: 0.008,
            report_base: 0.25,
            report_trust: 0.5,
            patience: 6,
            categories: IssueCategories::default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Committee {
    /// Staff of each residents' committee.
    pub staff: u32,
    /// Working hours per staff member per tick.
    pub hours_per_staff: f64,
    /// Initial skill in [0, 1]; issue work goes at (0.5 + skill) times the nominal pace.
    pub skill: f64,
    /// Share of authority-needing issues the committee may settle itself.
    pub authority: f64,
    /// Discretionary funds (yuan) each committee starts with.
    pub initial_funds: f64,
    /// Administrative hours demanded each tick whatever the office funds (meetings,
    /// statistics).
    pub base_admin_hours: f64,
}

impl Default for Committee {
    fn default() -> Self {
        Committee {
            staff: 6,
            hours_per_staff: 40.0,
            skill: 0.4,
            authority: 0.15,
            initial_funds: 0.0,
            base_admin_hours: 30.0,
        }
    }
}

/// Shares of the office's budget; they sum to 1.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetSplit {
    /// Programs the office runs itself; they push administrative work down.
    pub own_programs: f64,
    /// Devolved to committees' discretionary funds.
    pub devolved: f64,
    /// Procurement of NGO services.
    pub ngo_procurement: f64,
    /// Training of committee staff and hiring of social workers.
    pub training: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reaction {
    /// Stability maintenance (维稳式): trouble brings more supervision.
    Supervision,
    /// Co-governance (共治): trouble brings more resources and authority.
    Resources,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Office {
    /// Budget per community per tick (yuan).
    pub budget_per_community: f64,
    pub split: BudgetSplit,
    /// Administrative hours pushed onto a committee per 1,000 yuan of own programs.
    pub admin_hours_per_1000_yuan: f64,
    /// Share of administrative demand the access list (准入清单) rules out.
    pub access_list: f64,
    /// Escalated issues the office settles per community per tick.
    pub escalation_capacity: f64,
    /// Ticks an escalated issue waits before the office looks at it.
    pub escalation_delay: u32,
    /// How the office answers trouble.
    pub reaction: Reaction,
    /// How strongly it answers.
    pub reaction_strength: f64,
    /// Trouble (escalations and overdue issues per 1,000 residents per tick) the office
    /// tolerates before reacting.
    pub trouble_tolerance: f64,
}

impl Default for Office {
    fn default() -> Self {
        Office {
            budget_per_community: 12000.0,
            split: BudgetSplit {
                own_programs: 0.8,
                devolved: 0.1,
                ngo_procurement: 0.05,
                training: 0.05,
            },
            admin_hours_per_1000_yuan: 16.0,
            access_list: 0.0,
            escalation_capacity: 1.5,
            escalation_delay: 4,
            reaction: Reaction::Supervision,
            reaction_strength: 0.1,
            trouble_tolerance: 2.0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Ngos {
    /// Potential NGOs per community.
    pub pool_per_community: u32,
    /// Fixed compliance cost an active NGO bears each tick (yuan): the entry barrier.
    pub entry_barrier: f64,
    /// Chance per tick that a potential NGO that expects a profit enters.
    pub entry_chance: f64,
    /// Cost of one hour of NGO service (yuan).
    pub cost_per_hour: f64,
    /// Consecutive loss-making ticks after which an NGO leaves.
    pub exit_after: u32,
    /// Communities each NGO serves.
    pub communities_served: u32,
    /// Recruitment push on residents per NGO hour per resident of the community.
    pub recruitment_per_hour: f64,
}

impl Default for Ngos {
    fn default() -> Self {
        Ngos {
            pool_per_community: 3,
            entry_barrier: 1500.0,
            entry_chance: 0.1,
            cost_per_hour: 60.0,
            exit_after: 8,
            communities_served: 2,
            recruitment_per_hour: 3.0,
        }
    }
}

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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Training {
    /// Skill gained per 1,000 yuan of training, as a share of the distance to 1.
    pub skill_per_1000_yuan: f64,
    /// Share of the training money that pays social workers.
    pub social_worker_share: f64,
    /// Weekly wage of a social worker (yuan).
    pub social_worker_wage: f64,
    /// Working hours of a social worker per tick.
    pub social_worker_hours: f64,
    /// Skill lost per tick (turnover), as a share of the current value.
    pub skill_decay: f64,
}

impl Default for Training {
    fn default() -> Self {
        Training {
            skill_per_1000_yuan: 0.01,
            social_worker_share: 0.0,
            social_worker_wage: 1500.0,
            social_worker_hours: 40.0,
            skill_decay: 0.002,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Coordination {
    /// Share of NGO and volunteer hours that actually match residents' needs
    /// (一核多元共治: the community Party organisation coordinating the many actors).
    pub strength: f64,
}

impl Default for Coordination {
    fn default() -> Self {
        Coordination { strength: 0.4 }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Trust {
    /// Trust a reporter gains when their issue is resolved (share of distance to 1).
    pub resolved_gain: f64,
    /// Trust lost for each full patience period an issue waits (share of value).
    pub waiting_loss: f64,
    /// Pull per tick toward the mean trust of one's neighbours (word of mouth).
    pub word_of_mouth: f64,
}

impl Default for Trust {
    fn default() -> Self {
        Trust {
            resolved_gain: 0.1,
            waiting_loss: 0.05,
            word_of_mouth: 0.05,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Satisfaction {
    /// Gain when one's issue is resolved (share of distance to 1).
    pub resolved_gain: f64,
    /// Loss for an issue one did not report (share of value).
    pub unreported_loss: f64,
    /// Loss for each full patience period an issue waits (share of value).
    pub waiting_loss: f64,
    /// Pull per tick back toward 0.5 (memory fades).
    pub recovery: f64,
}

impl Default for Satisfaction {
    fn default() -> Self {
        Satisfaction {
            resolved_gain: 0.15,
            unreported_loss: 0.1,
            waiting_loss: 0.05,
            recovery: 0.01,
        }
    }
}

/// A change to parameters at a given tick.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intervention {
    /// The tick at whose start the change takes effect.
    pub tick: u32,
    /// A partial scenario merged over the current parameters (same keys as a scenario;
    /// population and network cannot change mid-run).
    pub set: toml::Table,
}
