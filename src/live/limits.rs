//! The limits of one live session, in one place, each with its reason. A request over a
//! limit is refused with a [`LiveError`](super::LiveError) that names the limit; a
//! classroom machine (two cores, a few GiB) stays responsive.

/// Most scenarios picked at once: six side by side is what a projected chart can show
/// with one colour each (the report's palette has six colour-blind-safe colours).
pub const MAX_SCENARIOS: usize = 6;

/// Most series (scenarios and their forks): each scenario can be forked once more on
/// average, and twelve mean lines with bands are already the most a chart can show.
pub const MAX_SERIES: usize = 12;

/// Most replicates per scenario: past 50, the 95% band narrows by less than 15% for each
/// doubling, while the cost doubles.
pub const MAX_REPLICATES: u32 = 50;

/// Most resident-replicates held by a session: residents × replicates, summed over every
/// series. A resident-replicate of the default street holds about 70 bytes (resident
/// columns, network rows and ties: `model::memory`; six scenarios × ten replicates of the
/// default street, 1.44 million, measured 95 MiB resident, `cargo bench --bench live`), so
/// the limit is about 200 MiB; and one week of it is 3 million resident updates, about a
/// sixth of a second of CPU. The default street with ten replicates fits twelve series.
pub const MAX_RESIDENT_REPLICATES: u64 = 3_000_000;

/// Largest master seed: a scenario file stores it as a TOML integer (`run.seed`), so the
/// session's exported scenario can reproduce it.
pub const MAX_SEED: u64 = i64::MAX as u64;
