//! cogov: a parallel agent-based simulator of urban community co-governance.
//!
//! The library is the whole simulator; the `cogov` binary is glue around it. The model
//! (`model`) does no I/O and knows nothing of the command line: it takes a validated
//! [`scenario::Scenario`] and a seed and produces one [`metrics::TickMetrics`] per tick.

pub mod analytic;
// Calibration to data (ABC, issue 13).
pub mod calibrate;
pub mod compare;
pub mod comparison;
pub mod diagnostics;
pub mod dotted;
pub mod export;
pub mod format;
pub mod i18n;
pub mod library;
pub mod live;
pub mod metrics;
pub mod model;
pub mod network;
pub mod play;
pub mod plot;
pub mod plot_sweep;
pub mod report;
pub mod rng;
pub mod run;
pub mod scenario;
pub mod sweep;
