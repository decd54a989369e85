//! Value types shared by several sections: a value per age group, and distributions of a
//! per-resident value in [0, 1].

use serde::{Deserialize, Serialize};

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

/// Each distribution kind and its parameters, in the order they are written.
pub const DISTRIBUTIONS: &[(&str, &[&str])] = &[
    ("constant", &["value"]),
    ("uniform", &["low", "high"]),
    ("normal", &["mean", "sd"]),
    ("beta", &["alpha", "beta"]),
];
