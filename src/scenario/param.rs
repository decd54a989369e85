//! The shape of a row of the parameter catalogue: a parameter's unit, valid [`Range`],
//! meaning in English, label in Chinese, reason for its default, and when it may change.
//!
//! This module is the leaf of `scenario/`: the section files (`run.rs`, `office.rs`, …)
//! write their rows with these types, and `docs.rs` joins the rows into the catalogue.

use std::fmt;

/// Largest standard deviation of a normal distribution (clipped to [0, 1], it is then
/// already two points, 0 and 1).
pub const MAX_SD: f64 = 1000.0;
/// Largest alpha or beta of a beta distribution (beyond, sampling overflows to NaN; at a
/// million the distribution is already a point).
pub const MAX_BETA_SHAPE: f64 = 1e6;

/// Hours in a week: the most hours anyone can give in one tick.
pub const WEEK: f64 = 168.0;

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
    /// A finite number > 0 and <= the bound (something is divided by it).
    PositiveAtMost(f64),
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
                | Range::PositiveAtMost(_)
        )
    }

    /// The lowest and highest valid number (`f64::MAX` when only the type bounds it);
    /// `None` for non-numeric ranges. For `Positive`, the lowest is the smallest positive
    /// number.
    pub fn bounds(&self) -> Option<(f64, f64)> {
        match *self {
            Range::UnitInterval => Some((0.0, 1.0)),
            Range::NonNegative => Some((0.0, f64::MAX)),
            Range::Positive => Some((f64::MIN_POSITIVE, f64::MAX)),
            Range::AtLeast(low) => Some((low, f64::MAX)),
            Range::Between(low, high) => Some((low, high)),
            Range::PositiveAtMost(high) => Some((f64::MIN_POSITIVE, high)),
            _ => None,
        }
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
            Range::PositiveAtMost(high) => x > 0.0 && x <= high,
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
            Range::PositiveAtMost(high) => write!(f, "> 0 and <= {high}"),
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
                 (0 <= low <= high <= 1), normal (0 <= mean <= 1, 0 <= sd <= 1000; clipped to \
                 [0, 1]) or beta (0 < alpha <= 1000000, 0 < beta <= 1000000)",
            ),
            Range::Interventions => {
                f.write_str("tables with tick in 0..=run.ticks and a partial scenario `set`")
            }
        }
    }
}

/// When a parameter may change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Fixed for the whole run (the run's size, population and network, texts): an
    /// intervention may not set it.
    Fixed,
    /// Read once, when a run starts (initial state): an intervention that set it would do
    /// nothing, so interventions may not set it.
    AtStart,
    /// Read at every tick: an intervention may set it.
    AnyTick,
}

/// Documentation of one parameter: one row of the catalogue.
#[derive(Clone, Copy, Debug)]
pub struct ParamDoc {
    /// Dotted path of the parameter in a scenario file, e.g. `office.split.devolved`.
    pub path: &'static str,
    /// Unit, e.g. "share", "ticks (weeks)", "yuan per tick".
    pub unit: &'static str,
    /// Valid values.
    pub range: Range,
    /// Why a numeric range ends where it does, when that is not obvious (empty for shares
    /// and the like): every numeric parameter is bounded so that outputs stay finite.
    pub limit: &'static str,
    /// When the value may change (see [`Change`]).
    pub change: Change,
    /// Whether a sweep may vary it (titles, descriptions, interventions and the run's seed
    /// and replicates belong to the base scenario or the sweep itself).
    pub sweep: bool,
    /// What the parameter is (one line, English).
    pub doc: &'static str,
    /// Its name in Chinese, for reports.
    pub zh: &'static str,
    /// Why the default has the value it has (one line).
    pub reason: &'static str,
}
