//! The `network` section: the social network among residents.
//!
//! The types of this part of a scenario, their defaults, and their rows in the parameter
//! catalogue ([`ROWS`], joined into [`docs::PARAMS`](super::docs::PARAMS)): unit, valid
//! range, meaning, Chinese label, reason for the default, and when the value may change.

use serde::{Deserialize, Serialize};

use super::param::{Change, ParamDoc, Range};

/// Network kinds, as written in scenario files.
pub const NETWORK_KINDS: &[&str] = &["small_world", "erdos_renyi", "complete", "none"];

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

/// The catalogue rows of `network`, in struct order.
pub static ROWS: &[ParamDoc] = &[
    ParamDoc {
        path: "network.kind",
        unit: "choice",
        range: Range::OneOf(NETWORK_KINDS),
        limit: "",
        change: Change::Fixed,
        sweep: true,
        doc: "Social network: small_world (within communities, some ties across), erdos_renyi (random over all residents), complete (everyone; at most 20,000 residents) or none.",
        zh: "社会网络类型",
        reason: "Residents know mostly neighbours in their own community: a small-world network.",
    },
    ParamDoc {
        path: "network.mean_degree",
        unit: "ties per resident",
        range: Range::Between(0.0, 100_000.0),
        limit: "100,000 ties: more than anyone keeps; everyone-knows-everyone is kind = complete",
        change: Change::Fixed,
        sweep: true,
        doc: "Mean number of ties per resident (small_world, erdos_renyi); small_world clamps it to the community size; erdos_renyi needs it below the number of residents.",
        zh: "人均社会关系数",
        reason: "8 ties: a few neighbours in the same building plus friends; calibration choice.",
    },
    ParamDoc {
        path: "network.rewiring",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::Fixed,
        sweep: true,
        doc: "Share of within-community lattice ties rewired to a random resident of the same community (small_world).",
        zh: "社区内关系随机重连比例",
        reason: "0.1 is inside the small-world regime of Watts and Strogatz (short paths, high clustering).",
    },
    ParamDoc {
        path: "network.cross_community_share",
        unit: "share",
        range: Range::UnitInterval,
        limit: "",
        change: Change::Fixed,
        sweep: true,
        doc: "Share of ties that go to a resident of another community (small_world).",
        zh: "跨社区关系占比",
        reason: "5%: social life is mostly local; calibration choice.",
    },
];
