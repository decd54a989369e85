//! The unit, valid range, meaning and reason of every scenario parameter.
//!
//! [`PARAMS`] is the single table of parameter documentation: validation
//! (`validate.rs`) takes each parameter's valid [`Range`] from it, `cogov defaults`
//! (`render.rs`) writes its comments from it, and [`markdown_table`] turns it into the
//! parameter table of `docs/ODD.md`. There is one entry per leaf of the serialised
//! [`Scenario`](super::Scenario), in struct order, except that a distribution table
//! (`population.threshold`, …) is one entry and so is the whole `interventions` array.
//! A unit test checks that the two agree exactly.

use std::fmt;

/// The values a parameter may take.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Range {
    /// A number in [0, 1]: shares, probabilities per tick, weights.
    UnitInterval,
    /// A finite number ≥ 0.
    NonNegative,
    /// A finite number > 0 (something is divided by it).
    Positive,
    /// A finite number ≥ the bound.
    AtLeast(f64),
    /// A finite number in [low, high].
    Between(f64, f64),
    /// `true` or `false`.
    Bool,
    /// Any text.
    Text,
    /// One of the listed strings.
    OneOf(&'static [&'static str]),
    /// A distribution table on [0, 1] (see [`Distribution`](super::Distribution)).
    Distribution,
    /// The `interventions` array.
    Interventions,
}

impl Range {
    /// Whether the range is about numbers (and [`Range::contains`] applies).
    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            Range::UnitInterval
                | Range::NonNegative
                | Range::Positive
                | Range::AtLeast(_)
                | Range::Between(..)
        )
    }

    /// Whether `x` is valid; always false for NaN and infinities, and for non-numeric
    /// ranges.
    pub fn contains(&self, x: f64) -> bool {
        if !x.is_finite() {
            return false;
        }
        match *self {
            Range::UnitInterval => (0.0..=1.0).contains(&x),
            Range::NonNegative => x >= 0.0,
            Range::Positive => x > 0.0,
            Range::AtLeast(low) => x >= low,
            Range::Between(low, high) => (low..=high).contains(&x),
            _ => false,
        }
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Range::UnitInterval => f.write_str("[0, 1]"),
            Range::NonNegative => f.write_str(">= 0"),
            Range::Positive => f.write_str("> 0"),
            Range::AtLeast(low) => write!(f, ">= {low}"),
            Range::Between(low, high) => write!(f, "[{low}, {high}]"),
            Range::Bool => f.write_str("true or false"),
            Range::Text => f.write_str("any text"),
            Range::OneOf(names) => {
                for (i, name) in names.iter().enumerate() {
                    if i > 0 {
                        f.write_str(if i + 1 == names.len() { " or " } else { ", " })?;
                    }
                    write!(f, "\"{name}\"")?;
                }
                Ok(())
            }
            Range::Distribution => f.write_str(
                "a distribution on [0, 1]: constant (0 <= value <= 1), uniform \
                 (0 <= low <= high <= 1), normal (0 <= mean <= 1, sd >= 0; clipped to [0, 1]) \
                 or beta (alpha > 0, beta > 0)",
            ),
            Range::Interventions => {
                f.write_str("tables with tick in 0..=run.ticks and a partial scenario `set`")
            }
        }
    }
}

/// Documentation of one parameter.
#[derive(Clone, Copy, Debug)]
pub struct ParamDoc {
    /// Dotted path of the parameter in a scenario file, e.g. `office.split.devolved`.
    pub path: &'static str,
    /// Unit, e.g. "share", "ticks (weeks)", "yuan per tick".
    pub unit: &'static str,
    /// Valid values.
    pub range: Range,
    /// What the parameter is (one line).
    pub doc: &'static str,
    /// Why the default has the value it has (one line).
    pub reason: &'static str,
}

/// The documentation of the parameter at `path` (no `interventions[i].set.` prefix).
pub fn param(path: &str) -> Option<&'static ParamDoc> {
    PARAMS.iter().find(|p| p.path == path)
}

/// Network kinds, as written in scenario files.
pub const NETWORK_KINDS: &[&str] = &["small_world", "erdos_renyi", "complete", "none"];
/// Office reactions, as written in scenario files.
pub const REACTIONS: &[&str] = &["supervision", "resources"];

/// Each distribution kind and its parameters, in the order they are written.
pub const DISTRIBUTIONS: &[(&str, &[&str])] = &[
    ("constant", &["value"]),
    ("uniform", &["low", "high"]),
    ("normal", &["mean", "sd"]),
    ("beta", &["alpha", "beta"]),
];

/// Most residents a scenario may have (memory: each resident is some tens of bytes plus
/// ties).
pub const MAX_RESIDENTS: u64 = 100_000_000;
/// Most residents for a complete network (ties grow as n²).
pub const MAX_COMPLETE_RESIDENTS: u64 = 20_000;
/// Most tie ends (residents × mean degree) a network may have.
pub const MAX_TIE_ENDS: f64 = 4.0e9;
/// Most potential NGOs in a scenario (pool per community × communities).
pub const MAX_NGOS: u64 = 10_000_000;
/// Tolerance for shares that must sum to 1.
pub const SUM_TOLERANCE: f64 = 1e-6;
/// Keys an intervention may not change: they are fixed for the whole run.
pub const FIXED_DURING_RUN: &[&str] = &[
    "title",
    "description",
    "run",
    "population",
    "network",
    "interventions",
];

/// Parameters that set a run's initial state: read once when a run starts, so an
/// intervention that changed them would do nothing. Interventions may not set them.
pub const READ_AT_START: &[&str] = &[
    "online.access",
    "committee.skill",
    "committee.initial_funds",
    "ngo.pool_per_community",
];

macro_rules! p {
    ($path:expr, $unit:expr, $range:expr, $doc:expr, $reason:expr $(,)?) => {
        ParamDoc {
            path: $path,
            unit: $unit,
            range: $range,
            doc: $doc,
            reason: $reason,
        }
    };
}

use Range::*;

const WEEK: f64 = 168.0;

/// Every parameter, in struct order.
pub static PARAMS: &[ParamDoc] = &[
    // ---- title, description
    p!(
        "title.en",
        "text",
        Text,
        "Short name of the scenario in English, shown in tables, legends and reports; not inherited through `extends`.",
        "Empty: each scenario file names itself (when empty, the file name is used)."
    ),
    p!(
        "title.zh",
        "text",
        Text,
        "Short name of the scenario in Chinese; not inherited through `extends`.",
        "Empty: each scenario file names itself (when empty, the English title is used)."
    ),
    p!(
        "description.en",
        "text",
        Text,
        "Two sentences describing the scenario in English, for the report.",
        "Empty: each scenario file describes itself; not inherited through `extends`."
    ),
    p!(
        "description.zh",
        "text",
        Text,
        "Two sentences describing the scenario in Chinese.",
        "Same as description.en."
    ),
    // ---- run
    p!(
        "run.ticks",
        "ticks (weeks)",
        Between(1.0, 100_000.0),
        "Ticks to simulate; one tick is one week.",
        "104 weeks = two years, long enough for trust and skill to move; the upper limit keeps per-tick records in memory."
    ),
    p!(
        "run.replicates",
        "count",
        Between(1.0, 100_000.0),
        "Replicates (independent seeds) when the command line does not say.",
        "10 replicates give a usable spread at little cost; calibration choice."
    ),
    p!(
        "run.seed",
        "seed",
        NonNegative,
        "Master seed when the command line does not say (at most 9223372036854775807, the largest TOML integer).",
        "Any fixed value makes runs reproducible; 1 is arbitrary."
    ),
    // ---- population
    p!(
        "population.streets",
        "count",
        AtLeast(1.0),
        "Streets (街道), each with one government office.",
        "One street office is the unit of the essay; more streets only scale the run."
    ),
    p!(
        "population.communities_per_street",
        "count",
        AtLeast(1.0),
        "Communities (社区) in each street, each with one residents' committee.",
        "8 communities of 3,000 adult residents per street: a mid-sized urban street; calibration choice kept small for fast runs."
    ),
    p!(
        "population.residents_per_community",
        "count",
        AtLeast(1.0),
        "Adult residents in each community (total residents at most 100,000,000).",
        "3,000 adults: communities cover 1,000-3,000 households (Henan 2022, Hubei 14th Five-Year plan), so 3,000 adults is a small-to-mid community."
    ),
    p!(
        "population.age_shares.young",
        "share",
        UnitInterval,
        "Share of residents aged 18-39; the three age shares sum to 1.",
        "Calibration choice for an older urban neighbourhood: 0.35 young, 0.38 middle, 0.27 elderly."
    ),
    p!(
        "population.age_shares.middle",
        "share",
        UnitInterval,
        "Share of residents aged 40-59.",
        "See population.age_shares.young."
    ),
    p!(
        "population.age_shares.elderly",
        "share",
        UnitInterval,
        "Share of residents aged 60 and over.",
        "About a quarter of adults are 60+ in established urban communities; calibration choice."
    ),
    p!(
        "population.committed_share",
        "share",
        UnitInterval,
        "Share of residents who are committed volunteers (骨干, e.g. Party members and activists): they always take part and seed cascades.",
        "2% = 60 backbone volunteers in a community of 3,000; calibration choice giving a small but visible core."
    ),
    p!(
        "population.threshold",
        "share",
        Distribution,
        "Participation threshold θ of each resident: they take part when their drive reaches it.",
        "Normal(0.4, 0.15): most residents need some social pull to join (trust and efficacy alone give a drive of about 0.21); calibration choice so that about 8% take part in the baseline (young about 4%, elderly about 15%, the order of the Shanghai survey in facts.md) and no remedy alone tips the whole street."
    ),
    p!(
        "population.initial_trust",
        "share",
        Distribution,
        "Initial trust τ of each resident in the residents' committee.",
        "Normal(0.45, 0.15): lukewarm trust in the baseline; calibration choice."
    ),
    p!(
        "population.initial_efficacy",
        "share",
        Distribution,
        "Initial civic efficacy e of each resident (belief that taking part changes things).",
        "Normal(0.25, 0.1): low efficacy where residents are rarely consulted; calibration choice."
    ),
    p!(
        "population.initial_satisfaction",
        "share",
        Distribution,
        "Initial satisfaction of each resident with community services.",
        "Normal(0.5, 0.1): neutral start; satisfaction then follows service."
    ),
    // ---- network
    p!(
        "network.kind",
        "choice",
        OneOf(NETWORK_KINDS),
        "Social network: small_world (within communities, some ties across), erdos_renyi (random over all residents), complete (everyone; at most 20,000 residents) or none.",
        "Residents know mostly neighbours in their own community: a small-world network."
    ),
    p!(
        "network.mean_degree",
        "ties per resident",
        NonNegative,
        "Mean number of ties per resident (small_world, erdos_renyi); small_world clamps it to the community size; erdos_renyi needs it below the number of residents.",
        "8 ties: a few neighbours in the same building plus friends; calibration choice."
    ),
    p!(
        "network.rewiring",
        "share",
        UnitInterval,
        "Share of within-community lattice ties rewired to a random resident of the same community (small_world).",
        "0.1 is inside the small-world regime of Watts and Strogatz (short paths, high clustering)."
    ),
    p!(
        "network.cross_community_share",
        "share",
        UnitInterval,
        "Share of ties that go to a resident of another community (small_world).",
        "5%: social life is mostly local; calibration choice."
    ),
    // ---- participation
    p!(
        "participation.enabled",
        "switch",
        Bool,
        "Whether residents take part at all; off turns the model into a queueing model of the committee.",
        "Participation is the heart of the model."
    ),
    p!(
        "participation.w_social",
        "weight",
        UnitInterval,
        "Weight of the share of neighbours who took part last tick in a resident's drive.",
        "0.45: neighbours are the strongest single pull (threshold models, Granovetter 1978) but not enough alone for a street-wide cascade; calibration choice."
    ),
    p!(
        "participation.w_trust",
        "weight",
        UnitInterval,
        "Weight of trust in the committee in a resident's drive.",
        "0.3: with mean trust 0.45 it adds about 0.14 to the drive; calibration choice."
    ),
    p!(
        "participation.w_efficacy",
        "weight",
        UnitInterval,
        "Weight of civic efficacy in a resident's drive.",
        "0.3: with mean efficacy 0.25 it adds about 0.08 to the drive; calibration choice."
    ),
    p!(
        "participation.recruitment",
        "share",
        UnitInterval,
        "Constant recruitment push (mobilisation campaign) added to everyone's drive.",
        "0: the baseline runs no campaign."
    ),
    p!(
        "participation.offline_cost.young",
        "share",
        UnitInterval,
        "Cost of taking part offline for residents aged 18-39 (time, travel, habit), subtracted from the drive.",
        "Highest: only 13.8% of 18-29 year-olds voted in the last committee election (Shanghai survey, N = 6,581)."
    ),
    p!(
        "participation.offline_cost.middle",
        "share",
        UnitInterval,
        "Cost of taking part offline for residents aged 40-59.",
        "Middle: 55.7% turnout at ages 50-59 (Shanghai survey)."
    ),
    p!(
        "participation.offline_cost.elderly",
        "share",
        UnitInterval,
        "Cost of taking part offline for residents aged 60 and over.",
        "Lowest: 77.7% turnout at ages 70-79 (Shanghai survey)."
    ),
    p!(
        "participation.volunteer_hours",
        "hours per tick",
        Between(0.0, WEEK),
        "Volunteer hours a participant gives per tick (at most the 168 hours of a week).",
        "0.2 hours: most participants give an occasional hour, backbone volunteers more; calibration choice so that matched volunteer hours are a fraction of a committee's issue hours."
    ),
    p!(
        "participation.efficacy_gain",
        "share per tick",
        UnitInterval,
        "Efficacy gained per tick of taking part, as a share of the distance to 1.",
        "0.02: efficacy builds over months of taking part (half the way to 1 in about 35 weeks); calibration choice."
    ),
    p!(
        "participation.efficacy_decay",
        "share per tick",
        UnitInterval,
        "Efficacy lost per tick of not taking part, as a share of the current value.",
        "0.005: an inactive resident loses about a quarter of their efficacy in a year; calibration choice."
    ),
    // ---- online
    p!(
        "online.enabled",
        "switch",
        Bool,
        "Whether the community runs an online channel (互联网+).",
        "The baseline is offline only."
    ),
    p!(
        "online.start_tick",
        "tick",
        NonNegative,
        "Tick at which the online channel opens.",
        "0: when enabled, the channel is open from the start."
    ),
    p!(
        "online.access.young",
        "share",
        UnitInterval,
        "Initial share of residents aged 18-39 with internet access.",
        "0.95: nearly all urban young adults are online (73.0% overall in CNNIC 2021 includes rural residents and the old); calibration choice."
    ),
    p!(
        "online.access.middle",
        "share",
        UnitInterval,
        "Initial share of residents aged 40-59 with internet access.",
        "0.8: between the young and the elderly; calibration choice."
    ),
    p!(
        "online.access.elderly",
        "share",
        UnitInterval,
        "Initial share of residents aged 60 and over with internet access.",
        "0.432: 43.2% of people aged 60+ were online in December 2021 (CNNIC)."
    ),
    p!(
        "online.access_growth",
        "probability per tick",
        UnitInterval,
        "Chance per tick that a resident without access gains it.",
        "0.001: about 5% of those offline come online each year; calibration choice."
    ),
    p!(
        "online.digital_inclusion",
        "probability per tick",
        UnitInterval,
        "Extra chance per tick that an elderly resident without access gains it (digital-inclusion training).",
        "0: the baseline runs no such training."
    ),
    p!(
        "online.cost",
        "share",
        UnitInterval,
        "Cost of taking part online, subtracted from the drive instead of the offline cost.",
        "0.04: as cheap as offline participation is for the elderly; calibration choice."
    ),
    p!(
        "online.visibility",
        "weight",
        UnitInterval,
        "Weight of the community-wide participation share (a community chat group) in what a resident with access sees, against their own neighbours.",
        "0.3: a chat group shows some of the community's activity; calibration choice."
    ),
    p!(
        "online.report_bonus",
        "probability",
        UnitInterval,
        "Extra chance of reporting an issue when reporting online rather than offline.",
        "0.25: reporting from a phone is much easier than going to the office; calibration choice."
    ),
    p!(
        "online.issue_time_saving",
        "share",
        UnitInterval,
        "Share of working hours saved on an issue reported online (forms, follow-up and notices handled online).",
        "0.3: the essay's complaint that slow information wastes staff time; online forms and follow-up save part of it; calibration choice."
    ),
    p!(
        "online.admin_time_saving",
        "share",
        UnitInterval,
        "Share of administrative hours saved while the online channel is open (reporting upward and notices online).",
        "0.1: statistics and notices move online, but inspections and ledgers stay; calibration choice."
    ),
    // ---- issues
    p!(
        "issues.rate",
        "probability per tick",
        UnitInterval,
        "Chance per tick that a resident raises an issue (0 switches issues off).",
        "0.008: about 24 issues a week in a community of 3,000, enough to load the committee; calibration choice."
    ),
    p!(
        "issues.report_base",
        "probability",
        UnitInterval,
        "Chance of reporting an issue at trust 0.",
        "0.25: even distrustful residents report some issues; calibration choice."
    ),
    p!(
        "issues.report_trust",
        "probability per unit of trust",
        UnitInterval,
        "Extra chance of reporting per unit of trust (the chance is capped at 1).",
        "0.5: at mean trust 0.45 about 47% of issues are reported; calibration choice."
    ),
    p!(
        "issues.patience",
        "ticks (weeks)",
        AtLeast(1.0),
        "Ticks a reporter waits before each loss of trust and satisfaction.",
        "6 weeks: about a month and a half before waiting turns to frustration; calibration choice."
    ),
    p!(
        "issues.categories.environment.share",
        "share",
        UnitInterval,
        "Share of raised issues about environment and property management (collective); the six category shares sum to 1.",
        "0.25: sanitation, greenery and property complaints are among the most common; calibration choice."
    ),
    p!(
        "issues.categories.environment.hours",
        "hours",
        NonNegative,
        "Working hours needed to resolve one environment issue.",
        "4 hours: a visit and some coordination; calibration choice."
    ),
    p!(
        "issues.categories.environment.money",
        "yuan",
        NonNegative,
        "Money needed to resolve one environment issue.",
        "300 yuan: small repairs and cleaning; calibration choice."
    ),
    p!(
        "issues.categories.environment.collective",
        "switch",
        Bool,
        "Whether environment issues are collective (a council can settle them).",
        "They concern many residents."
    ),
    p!(
        "issues.categories.environment.needs_authority",
        "switch",
        Bool,
        "Whether environment issues need authority the committee may not have.",
        "The committee can usually handle them itself."
    ),
    p!(
        "issues.categories.environment.paperwork",
        "switch",
        Bool,
        "Whether environment issues are paperwork (staff only, never volunteers).",
        "Volunteers can help."
    ),
    p!(
        "issues.categories.parking.share",
        "share",
        UnitInterval,
        "Share of raised issues about parking (collective).",
        "0.10: a frequent source of neighbourhood conflict; calibration choice."
    ),
    p!(
        "issues.categories.parking.hours",
        "hours",
        NonNegative,
        "Working hours needed to resolve one parking issue.",
        "6 hours: negotiation among residents and the property company; calibration choice."
    ),
    p!(
        "issues.categories.parking.money",
        "yuan",
        NonNegative,
        "Money needed to resolve one parking issue.",
        "1,500 yuan: markings, barriers, signs; calibration choice."
    ),
    p!(
        "issues.categories.parking.collective",
        "switch",
        Bool,
        "Whether parking issues are collective.",
        "They concern many residents."
    ),
    p!(
        "issues.categories.parking.needs_authority",
        "switch",
        Bool,
        "Whether parking issues need authority the committee may not have.",
        "Parking rules usually need the street office or other departments."
    ),
    p!(
        "issues.categories.parking.paperwork",
        "switch",
        Bool,
        "Whether parking issues are paperwork.",
        "Volunteers can help."
    ),
    p!(
        "issues.categories.renovation.share",
        "share",
        UnitInterval,
        "Share of raised issues about renovation of old buildings (collective: lifts, roofs, pipes).",
        "0.05: rare but heavy; calibration choice."
    ),
    p!(
        "issues.categories.renovation.hours",
        "hours",
        NonNegative,
        "Working hours needed to resolve one renovation issue.",
        "12 hours: consultation of all owners concerned; calibration choice."
    ),
    p!(
        "issues.categories.renovation.money",
        "yuan",
        NonNegative,
        "Money needed to resolve one renovation issue.",
        "6,000 yuan: more than a committee without devolved funds has; calibration choice."
    ),
    p!(
        "issues.categories.renovation.collective",
        "switch",
        Bool,
        "Whether renovation issues are collective.",
        "They concern whole buildings."
    ),
    p!(
        "issues.categories.renovation.needs_authority",
        "switch",
        Bool,
        "Whether renovation issues need authority the committee may not have.",
        "Renovation needs approvals from above."
    ),
    p!(
        "issues.categories.renovation.paperwork",
        "switch",
        Bool,
        "Whether renovation issues are paperwork.",
        "Volunteers can help."
    ),
    p!(
        "issues.categories.services.share",
        "share",
        UnitInterval,
        "Share of raised issues about services to individuals (care for the elderly, children, the disabled).",
        "0.25: individual service requests are common; calibration choice."
    ),
    p!(
        "issues.categories.services.hours",
        "hours",
        NonNegative,
        "Working hours needed to resolve one service issue.",
        "2 hours: a home visit or a referral; calibration choice."
    ),
    p!(
        "issues.categories.services.money",
        "yuan",
        NonNegative,
        "Money needed to resolve one service issue.",
        "100 yuan: small material help; calibration choice."
    ),
    p!(
        "issues.categories.services.collective",
        "switch",
        Bool,
        "Whether service issues are collective.",
        "They concern one household."
    ),
    p!(
        "issues.categories.services.needs_authority",
        "switch",
        Bool,
        "Whether service issues need authority the committee may not have.",
        "The committee can provide them."
    ),
    p!(
        "issues.categories.services.paperwork",
        "switch",
        Bool,
        "Whether service issues are paperwork.",
        "Volunteers and NGOs can help."
    ),
    p!(
        "issues.categories.disputes.share",
        "share",
        UnitInterval,
        "Share of raised issues that are disputes between neighbours.",
        "0.15: mediation is a classic committee task; calibration choice."
    ),
    p!(
        "issues.categories.disputes.hours",
        "hours",
        NonNegative,
        "Working hours needed to resolve one dispute.",
        "3 hours: a mediation session; calibration choice."
    ),
    p!(
        "issues.categories.disputes.money",
        "yuan",
        NonNegative,
        "Money needed to resolve one dispute.",
        "0: mediation costs only time."
    ),
    p!(
        "issues.categories.disputes.collective",
        "switch",
        Bool,
        "Whether disputes are collective.",
        "They concern a few households."
    ),
    p!(
        "issues.categories.disputes.needs_authority",
        "switch",
        Bool,
        "Whether disputes need authority the committee may not have.",
        "Mediation is within the committee's remit."
    ),
    p!(
        "issues.categories.disputes.paperwork",
        "switch",
        Bool,
        "Whether disputes are paperwork.",
        "Volunteer mediators can help."
    ),
    p!(
        "issues.categories.paperwork.share",
        "share",
        UnitInterval,
        "Share of raised issues that are paperwork for residents (certificates, registrations).",
        "0.20: committees issue many certificates; calibration choice."
    ),
    p!(
        "issues.categories.paperwork.hours",
        "hours",
        NonNegative,
        "Working hours needed to resolve one paperwork issue.",
        "1 hour: a form and a stamp; calibration choice."
    ),
    p!(
        "issues.categories.paperwork.money",
        "yuan",
        NonNegative,
        "Money needed to resolve one paperwork issue.",
        "0: costs only time."
    ),
    p!(
        "issues.categories.paperwork.collective",
        "switch",
        Bool,
        "Whether paperwork issues are collective.",
        "They concern one resident."
    ),
    p!(
        "issues.categories.paperwork.needs_authority",
        "switch",
        Bool,
        "Whether paperwork issues need authority the committee may not have.",
        "Issuing them is the committee's job."
    ),
    p!(
        "issues.categories.paperwork.paperwork",
        "switch",
        Bool,
        "Whether paperwork issues are paperwork (only staff can do them).",
        "By definition."
    ),
    // ---- committee
    p!(
        "committee.staff",
        "count",
        NonNegative,
        "Staff of each residents' committee.",
        "6 ≈ 5.5 members per committee (616,000 members in 113,000 committees, Ministry of Civil Affairs 2020), and ≈ 18 workers per 10,000 residents (Henan 2022 guideline) for 3,000 residents."
    ),
    p!(
        "committee.hours_per_staff",
        "hours per tick",
        Between(0.0, WEEK),
        "Working hours per staff member per tick (at most the 168 hours of a week).",
        "40 hours: the standard working week."
    ),
    p!(
        "committee.skill",
        "share",
        UnitInterval,
        "Initial skill of committee staff; issue work goes at (0.5 + skill) times the nominal pace.",
        "0.4: staff work a little below nominal pace (0.9x) before training; calibration choice."
    ),
    p!(
        "committee.authority",
        "share",
        UnitInterval,
        "Share of authority-needing issues the committee may settle itself; the rest are escalated to the office.",
        "0.15: in the baseline most authority stays with the street office; calibration choice."
    ),
    p!(
        "committee.initial_funds",
        "yuan",
        NonNegative,
        "Discretionary funds each committee starts with.",
        "0: in the baseline committees have no money of their own beyond what is devolved."
    ),
    p!(
        "committee.base_admin_hours",
        "hours per tick",
        NonNegative,
        "Administrative hours demanded of each committee every tick whatever the office funds (meetings, statistics).",
        "30 hours: about 6 of the ~36 tasks a week (1,850-1,890 tasks a year, Hubei 2003 work logs) at ~5 hours each; calibration choice."
    ),
    // ---- office
    p!(
        "office.budget_per_community",
        "yuan per tick",
        NonNegative,
        "Budget of the street office per community per tick.",
        "12,000 yuan a week (about 624,000 yuan a year per community); calibration choice that, with the split, sets the administrative load and the money for NGOs."
    ),
    p!(
        "office.split.own_programs",
        "share",
        UnitInterval,
        "Share of the office budget spent on programs the office runs itself, which push administrative work down to committees; the four shares sum to 1.",
        "0.8: stability maintenance keeps money and control with the office."
    ),
    p!(
        "office.split.devolved",
        "share",
        UnitInterval,
        "Share of the office budget devolved to committees' discretionary funds.",
        "0.1: little is devolved in the baseline."
    ),
    p!(
        "office.split.ngo_procurement",
        "share",
        UnitInterval,
        "Share of the office budget spent procuring services from NGOs.",
        "0.05: 600 yuan per community a week (4,800 for the default street): at the default barrier only three NGOs can enter, and each has about 100 yuan a week left for service after compliance, so NGOs barely serve in the baseline."
    ),
    p!(
        "office.split.training",
        "share",
        UnitInterval,
        "Share of the office budget spent on training committee staff and hiring social workers.",
        "0.05: little training in the baseline."
    ),
    p!(
        "office.admin_hours_per_1000_yuan",
        "hours per 1,000 yuan",
        NonNegative,
        "Administrative hours pushed onto a committee per 1,000 yuan of the office's own programs.",
        "16 hours: 9,600 yuan of own programs give ~154 h, plus 30 base hours ≈ 184 h a week ≈ 36 tasks (1,850-1,890 tasks a year, Hubei 2003) of ~5 h, about three quarters of the committee's 240 staff hours."
    ),
    p!(
        "office.access_list",
        "share",
        UnitInterval,
        "Share of administrative demand the access list (准入清单) rules out.",
        "0: the baseline has no access list."
    ),
    p!(
        "office.escalation_capacity",
        "issues per community per tick",
        NonNegative,
        "Escalated issues the office settles per community per tick.",
        "1.5 a week: the office is a bottleneck; calibration choice."
    ),
    p!(
        "office.escalation_delay",
        "ticks (weeks)",
        NonNegative,
        "Ticks an escalated issue waits before the office looks at it.",
        "4 weeks: escalation is slow; calibration choice."
    ),
    p!(
        "office.reaction",
        "choice",
        OneOf(REACTIONS),
        "How the office answers trouble: supervision (维稳式, more administrative demand) or resources (共治, more funds and authority).",
        "The baseline is stability maintenance."
    ),
    p!(
        "office.reaction_strength",
        "share",
        NonNegative,
        "How strongly the office answers trouble above its tolerance.",
        "0.1: a noticeable but not explosive response; calibration choice."
    ),
    p!(
        "office.trouble_tolerance",
        "events per 1,000 residents per tick",
        NonNegative,
        "Trouble (escalations and overdue issues per 1,000 residents per tick) the office tolerates before reacting.",
        "2: six events a week in a community of 3,000; calibration choice."
    ),
    // ---- ngo
    p!(
        "ngo.pool_per_community",
        "count",
        NonNegative,
        "Potential NGOs (social organisations) per community.",
        "3 professional service providers; well below the Ministry of Civil Affairs 2017 target of 10 community social organisations per community, most of which are residents' groups, not contractors."
    ),
    p!(
        "ngo.entry_barrier",
        "yuan per tick",
        NonNegative,
        "Fixed compliance cost an active NGO bears each tick: the entry barrier.",
        "1,500 yuan: a heavy compliance burden (the essay's high bar for social organisations): with the baseline's 4,800 yuan of procurement a week, at most three NGOs break even and together deliver about 5 service hours a week."
    ),
    p!(
        "ngo.entry_chance",
        "probability per tick",
        UnitInterval,
        "Chance per tick that a potential NGO that expects a profit enters.",
        "0.1: a given candidate takes about ten weeks to decide; with 24 candidates in the default street the first entries come within a few weeks; calibration choice."
    ),
    p!(
        "ngo.cost_per_hour",
        "yuan per hour",
        Positive,
        "Cost of one hour of NGO service.",
        "60 yuan: a social worker's hourly cost with overheads; calibration choice."
    ),
    p!(
        "ngo.exit_after",
        "ticks (weeks)",
        AtLeast(1.0),
        "Consecutive loss-making ticks after which an NGO leaves.",
        "8 weeks: two months of losses; calibration choice."
    ),
    p!(
        "ngo.communities_served",
        "count",
        AtLeast(1.0),
        "Communities each NGO serves.",
        "2: a small NGO works in a couple of neighbouring communities; calibration choice."
    ),
    p!(
        "ngo.recruitment_per_hour",
        "share per hour per resident",
        NonNegative,
        "Recruitment push on residents per NGO hour per resident of the community.",
        "3: 20 NGO hours a week in a community of 3,000 add 0.02 to everyone's drive; calibration choice."
    ),
    // ---- council
    p!(
        "council.interval",
        "ticks (weeks)",
        NonNegative,
        "Ticks between deliberation councils (议事协商); 0 means no councils.",
        "0: the baseline holds no councils."
    ),
    p!(
        "council.attendance",
        "share",
        UnitInterval,
        "Share of participants, and of residents waiting on a collective issue, who attend a council.",
        "0.5: half of the active residents come, and half of those with a stake in a collective issue; calibration choice."
    ),
    p!(
        "council.quorum",
        "share",
        UnitInterval,
        "Attendees needed for a quorum, as a share of the community's residents.",
        "0.01: 30 attendees in a community of 3,000; calibration choice."
    ),
    p!(
        "council.hours_per_attendee",
        "hours",
        Between(0.0, WEEK),
        "Hours each attendee gives to collective issues at a quorate council.",
        "2 hours: one meeting; calibration choice."
    ),
    p!(
        "council.efficacy_gain",
        "share",
        UnitInterval,
        "Efficacy gained by attendees of a quorate council, as a share of the distance to 1.",
        "0.2: deliberation that decides something builds efficacy; calibration choice so that monthly councils raise participation visibly within two years."
    ),
    p!(
        "council.trust_gain",
        "share",
        UnitInterval,
        "Trust gained by attendees of a quorate council, as a share of the distance to 1.",
        "0.05: smaller than the efficacy gain; calibration choice."
    ),
    p!(
        "council.frustration",
        "share",
        UnitInterval,
        "Efficacy and trust lost by attendees of a council without quorum, as a share of the value.",
        "0.05: a failed meeting hurts; calibration choice."
    ),
    p!(
        "council.cost_reduction",
        "drive",
        UnitInterval,
        "Reduction of the cost of taking part offline while councils are held (a regular venue is a channel: residents know when and where to take part); the cost never goes below 0.",
        "0.05: a little under half the middle-aged residents' offline cost; the essay's complaint is that there are few channels to take part; calibration choice."
    ),
    // ---- training
    p!(
        "training.skill_per_1000_yuan",
        "share per 1,000 yuan",
        UnitInterval,
        "Committee skill gained per 1,000 yuan of training, as a share of the distance to 1.",
        "0.01: the baseline 600 yuan a week close 0.6% of the gap to full skill each week; calibration choice."
    ),
    p!(
        "training.social_worker_share",
        "share",
        UnitInterval,
        "Share of the training money that pays social workers.",
        "0: the baseline hires none."
    ),
    p!(
        "training.social_worker_wage",
        "yuan per tick",
        Positive,
        "Weekly wage of a social worker.",
        "1,500 yuan a week, about 6,500 yuan a month; calibration choice."
    ),
    p!(
        "training.social_worker_hours",
        "hours per tick",
        Between(0.0, WEEK),
        "Working hours of a social worker per tick.",
        "40 hours: the standard working week."
    ),
    p!(
        "training.skill_decay",
        "share per tick",
        UnitInterval,
        "Skill lost per tick (turnover), as a share of the current value.",
        "0.002: about 10% of skill lost a year through turnover; calibration choice."
    ),
    // ---- coordination
    p!(
        "coordination.strength",
        "share",
        UnitInterval,
        "Share of NGO and volunteer hours that actually match residents' needs (一核多元共治: the community Party organisation coordinating the many actors).",
        "0.4: without strong coordination most outside help misses needs; calibration choice."
    ),
    // ---- trust
    p!(
        "trust.resolved_gain",
        "share",
        UnitInterval,
        "Trust a reporter gains when their issue is resolved, as a share of the distance to 1.",
        "0.1: one good experience helps but does not convert; calibration choice."
    ),
    p!(
        "trust.waiting_loss",
        "share",
        UnitInterval,
        "Trust lost for each full patience period an issue waits, as a share of the value.",
        "0.05: waiting erodes trust slowly; calibration choice."
    ),
    p!(
        "trust.word_of_mouth",
        "share per tick",
        UnitInterval,
        "Pull per tick toward the mean trust of one's neighbours (word of mouth).",
        "0.05: opinions converge over months; calibration choice."
    ),
    // ---- satisfaction
    p!(
        "satisfaction.resolved_gain",
        "share",
        UnitInterval,
        "Satisfaction gained when one's issue is resolved, as a share of the distance to 1.",
        "0.15: a resolved problem is felt; calibration choice."
    ),
    p!(
        "satisfaction.unreported_loss",
        "share",
        UnitInterval,
        "Satisfaction lost for an issue one did not report, as a share of the value.",
        "0.1: an unaddressed problem lingers; calibration choice."
    ),
    p!(
        "satisfaction.waiting_loss",
        "share",
        UnitInterval,
        "Satisfaction lost for each full patience period an issue waits, as a share of the value.",
        "0.05: same as the trust loss; calibration choice."
    ),
    p!(
        "satisfaction.recovery",
        "share per tick",
        UnitInterval,
        "Pull per tick back toward 0.5 (memory fades).",
        "0.01: a half-life of about 16 months for good and bad memories; calibration choice."
    ),
    // ---- interventions
    p!(
        "interventions",
        "list",
        Interventions,
        "Changes to parameters at given ticks (a reform introduced mid-run): [[interventions]] tables with `tick` and a partial scenario `set`; title, description, run, population, network and interventions cannot change, nor can the initial-state keys online.access, committee.skill, committee.initial_funds and ngo.pool_per_community.",
        "None: the baseline has no reform."
    ),
];

/// A Markdown table of every parameter: path | default | unit | valid | meaning | reason.
pub fn markdown_table() -> String {
    let defaults = super::render::default_table();
    let mut out = String::from(
        "| path | default | unit | valid | meaning | reason |\n|---|---|---|---|---|---|\n",
    );
    for p in PARAMS {
        let default = super::render::lookup(defaults, p.path)
            .map(super::render::short_value)
            .unwrap_or_else(|| "none".into());
        let cells = [
            format!("`{}`", p.path),
            default,
            p.unit.to_string(),
            p.range.to_string(),
            p.doc.to_string(),
            p.reason.to_string(),
        ];
        out.push('|');
        for cell in cells {
            out.push(' ');
            out.push_str(&cell.replace('|', "\\|").replace('\n', " "));
            out.push_str(" |");
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;
    use std::collections::BTreeSet;

    /// Leaf paths of a serialised scenario; distribution tables and arrays are leaves.
    fn leaves(table: &toml::Table, prefix: &str, out: &mut Vec<String>) {
        for (k, v) in table {
            let path = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match v {
                toml::Value::Table(t) if !t.contains_key("distribution") => leaves(t, &path, out),
                _ => out.push(path),
            }
        }
    }

    #[test]
    fn every_leaf_has_exactly_one_param_doc_and_back() {
        let table = toml::Table::try_from(Scenario::default()).unwrap();
        let mut paths = Vec::new();
        leaves(&table, "", &mut paths);
        let leaves: BTreeSet<_> = paths.iter().map(String::as_str).collect();
        for leaf in &leaves {
            let n = PARAMS.iter().filter(|p| p.path == *leaf).count();
            assert_eq!(n, 1, "{leaf} has {n} ParamDocs");
        }
        for p in PARAMS {
            assert!(
                leaves.contains(p.path),
                "ParamDoc {} is not a parameter",
                p.path
            );
        }
        assert_eq!(leaves.len(), PARAMS.len());
    }

    #[test]
    fn params_are_in_struct_order() {
        // Top-level sections appear in the order of the serialised struct.
        let order = [
            "title",
            "description",
            "run",
            "population",
            "network",
            "participation",
            "online",
            "issues",
            "committee",
            "office",
            "ngo",
            "council",
            "training",
            "coordination",
            "trust",
            "satisfaction",
            "interventions",
        ];
        let mut last = 0;
        for p in PARAMS {
            let top = p.path.split('.').next().unwrap();
            let i = order.iter().position(|o| *o == top).unwrap();
            assert!(i >= last, "{} out of order", p.path);
            last = i;
        }
    }

    #[test]
    fn distributions_and_kinds_are_documented_as_such() {
        let d = Scenario::default();
        let table = toml::Table::try_from(&d).unwrap();
        for p in PARAMS {
            let v = crate::scenario::render::lookup(&table, p.path).unwrap();
            match p.range {
                Range::Distribution => assert!(v.get("distribution").is_some(), "{}", p.path),
                Range::Bool => assert!(v.is_bool(), "{}", p.path),
                Range::Text => assert!(v.is_str(), "{}", p.path),
                Range::OneOf(names) => assert!(names.contains(&v.as_str().unwrap())),
                Range::Interventions => assert!(v.is_array()),
                r => {
                    let x = v.as_float().or(v.as_integer().map(|i| i as f64)).unwrap();
                    assert!(r.contains(x), "default of {} = {x} is outside {r}", p.path);
                }
            }
            assert!(!p.doc.is_empty() && !p.reason.is_empty() && !p.unit.is_empty());
            assert!(!p.doc.contains('\n') && !p.reason.contains('\n'));
        }
    }

    #[test]
    fn ranges_reject_non_finite_numbers() {
        for r in [
            Range::UnitInterval,
            Range::NonNegative,
            Range::Positive,
            Range::AtLeast(1.0),
            Range::Between(0.0, 168.0),
        ] {
            assert!(!r.contains(f64::NAN));
            assert!(!r.contains(f64::INFINITY));
            assert!(!r.contains(f64::NEG_INFINITY));
        }
        assert!(Range::UnitInterval.contains(1.0));
        assert!(!Range::UnitInterval.contains(1.000_001));
        assert!(!Range::Positive.contains(0.0));
        assert_eq!(Range::Between(1.0, 168.0).to_string(), "[1, 168]");
        assert_eq!(Range::AtLeast(1.0).to_string(), ">= 1");
        assert_eq!(
            Range::OneOf(REACTIONS).to_string(),
            "\"supervision\" or \"resources\""
        );
    }

    /// A reason that starts with a number ("0.6: …", "2% = …", "1,500 yuan …") must
    /// quote the current default, so reasons do not go stale when defaults change.
    #[test]
    fn reasons_quote_the_current_defaults() {
        let table = toml::Table::try_from(Scenario::default()).unwrap();
        for p in PARAMS {
            let token: String = p
                .reason
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',' || *c == '%')
                .collect();
            let token = token.trim_end_matches(['.', ',']);
            if token.is_empty() {
                continue;
            }
            let quoted: f64 = match token.strip_suffix('%') {
                Some(pct) => pct.replace(',', "").parse::<f64>().unwrap() / 100.0,
                None => token.replace(',', "").parse().unwrap(),
            };
            let v = crate::scenario::render::lookup(&table, p.path).unwrap();
            let default = v.as_float().or(v.as_integer().map(|i| i as f64)).unwrap();
            assert!(
                (quoted - default).abs() < 1e-9,
                "reason of {} quotes {quoted} but the default is {default}",
                p.path
            );
        }
    }

    /// The figures derived from several defaults in the reasons still hold.
    #[test]
    fn derived_figures_in_reasons_hold() {
        let s = Scenario::default();
        let own = s.office.budget_per_community * s.office.split.own_programs;
        let admin =
            s.committee.base_admin_hours + own / 1000.0 * s.office.admin_hours_per_1000_yuan;
        let staff_hours = f64::from(s.committee.staff) * s.committee.hours_per_staff;
        // "~184 h a week ≈ 36 tasks … of ~5 h, about three quarters of 240 staff hours"
        assert!((own - 9600.0).abs() < 1e-9);
        assert!((admin - 183.6).abs() < 1e-9);
        assert!((staff_hours - 240.0).abs() < 1e-9);
        // "baseline contract income of about 1,200 yuan a week … no NGO breaks even"
        let income = s.office.budget_per_community
            * s.office.split.ngo_procurement
            * f64::from(s.ngo.communities_served);
        assert!((income - 1200.0).abs() < 1e-9 && income < s.ngo.entry_barrier);
        // "the baseline 600 yuan a week close 0.6% of the gap"
        let training = s.office.budget_per_community * s.office.split.training;
        assert!((training / 1000.0 * s.training.skill_per_1000_yuan - 0.006).abs() < 1e-12);
        // "24 issues a week in a community of 3,000", "about 47% of issues are reported"
        let issues = s.issues.rate * f64::from(s.population.residents_per_community);
        assert!((issues - 24.0).abs() < 1e-9);
        assert!((s.issues.report_base + s.issues.report_trust * 0.45 - 0.475).abs() < 1e-12);
    }

    #[test]
    fn markdown_table_has_a_row_per_param() {
        let md = markdown_table();
        assert_eq!(md.lines().count(), PARAMS.len() + 2);
        assert!(md.contains("| `office.split.devolved` | 0.1 | share | [0, 1] |"));
        assert!(md.contains("| `population.threshold` | normal(mean = 0.4, sd = 0.15) |"));
        assert!(md.contains("| `interventions` | none |"));
    }

    /// `docs/ODD.md` carries the generated parameter table between two marker lines; it
    /// must be exactly the current `markdown_table()`.
    #[test]
    fn odd_md_has_the_current_parameter_table() {
        const ODD: &str = include_str!("../../docs/ODD.md");
        const BEGIN: &str =
            "<!-- BEGIN PARAMETER TABLE (generated by cogov defaults --markdown) -->";
        const END: &str = "<!-- END PARAMETER TABLE -->";
        const HOW: &str = "regenerate it with `cogov defaults --markdown` and paste the output \
                           between the marker lines of docs/ODD.md";
        let odd = ODD.replace("\r\n", "\n");
        let start = odd
            .find(BEGIN)
            .unwrap_or_else(|| panic!("docs/ODD.md has no line `{BEGIN}`; {HOW}"))
            + BEGIN.len();
        let len = odd[start..]
            .find(END)
            .unwrap_or_else(|| panic!("docs/ODD.md has no line `{END}` after `{BEGIN}`; {HOW}"));
        let in_odd = odd[start..start + len].trim();
        let current = markdown_table();
        let current = current.trim();
        if in_odd != current {
            let (line, (was, now)) = in_odd
                .lines()
                .chain(std::iter::repeat(""))
                .zip(current.lines().chain(std::iter::repeat("")))
                .enumerate()
                .find(|(_, (a, b))| a != b)
                .expect("the tables differ, so some line differs");
            panic!(
                "the parameter table in docs/ODD.md is out of date: {HOW}.\n\
                 First difference, at line {} of the table:\n  docs/ODD.md: {was}\n  current:     {now}",
                line + 1
            );
        }
    }
}
