//! The threshold rule (MODEL.md section 4, step 4) and the per-resident end-of-tick pass.
//!
//! With `f` the share of a resident's neighbours who took part last tick,
//! `drive = w_social·f + w_trust·τ + w_efficacy·e + recruitment − cost(channel)`, and the
//! resident takes part if committed or `drive ≥ θ`. The update is synchronous: everyone
//! reads last tick's column `active` and writes `active_next`. With `w_social = 1` and
//! every other term zero this is exactly the threshold-cascade model of Granovetter (1978)
//! and Watts (2002).

use std::sync::atomic::{AtomicU8, AtomicU32, Ordering};

use rayon::prelude::*;

use super::residents::{
    CHUNK, COMMITTED, ONLINE_ACCESS, ONLINE_PARTICIPANT, Residents, lower, raise,
};
use crate::network::SocialNetwork;
use crate::rng::{self, Purpose};
use crate::scenario::{ChannelChoice, Scenario};

/// Counts from one participation pass.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ParticipationCounts {
    pub by_age: [u64; 3],
    pub online: u64,
    /// Non-committed residents the committees' outreach contacted.
    pub contacted: u64,
}

impl ParticipationCounts {
    fn add(mut self, o: ParticipationCounts) -> Self {
        for a in 0..3 {
            self.by_age[a] += o.by_age[a];
        }
        self.online += o.online;
        self.contacted += o.contacted;
        self
    }
    pub fn total(&self) -> u64 {
        self.by_age.iter().sum()
    }
}

/// What the threshold rule needs besides the residents' own columns.
pub struct Context<'a> {
    pub network: &'a SocialNetwork,
    /// Share of each community's residents who took part last tick.
    pub community_share: &'a [f32],
    /// Recruitment push in each community this tick (base plus NGOs).
    pub recruitment: &'a [f32],
    /// Offline-cost relief from councils in each community this tick.
    pub relief: &'a [f64],
    /// Whether the online channel is open this tick.
    pub channel_open: bool,
    /// Chance that a non-committed resident of each community is contacted by outreach.
    pub contact: &'a [f64],
    /// The draws' family (`Purpose::Outreach`) and the tick they are keyed by.
    pub outreach_family: u64,
    pub tick: u32,
}

/// The terms of the drive that are the same for every resident this tick.
struct Rule {
    enabled: bool,
    w_s: f32,
    w_t: f32,
    w_e: f32,
    online_cost: f32,
    visibility: f32,
    /// Offline cost by community, then age group (councils' relief differs by community).
    offline_cost: Vec<[f32; 3]>,
    channel_open: bool,
    choice: ChannelChoice,
    /// Only the social term is on (the threshold-cascade reduction).
    social_only: bool,
}

/// One resident's own columns, as the rule reads them.
#[derive(Clone, Copy)]
struct Own {
    theta: f32,
    trust: f32,
    efficacy: f32,
    age: u8,
}

impl Rule {
    fn new(s: &Scenario, ctx: &Context) -> Rule {
        let p = &s.participation;
        let (w_s, w_t, w_e) = (p.w_social as f32, p.w_trust as f32, p.w_efficacy as f32);
        // Councils that meet are a channel: their relief lowers the cost of taking part
        // offline (with no relief, `c - 0.0` is `c`: model 1's cost).
        let offline_cost: Vec<[f32; 3]> = ctx
            .relief
            .iter()
            .map(|&v| {
                [
                    (p.offline_cost.young - v).max(0.0) as f32,
                    (p.offline_cost.middle - v).max(0.0) as f32,
                    (p.offline_cost.elderly - v).max(0.0) as f32,
                ]
            })
            .collect();
        // Pure threshold mode: with only the social term on, every other term of the drive
        // is +0.0 (or −0.0), so `drive` equals `w_s·f` bit for bit and the comparison with
        // θ is the same; the fast path skips reading trust, recruitment and costs.
        let social_only = !ctx.channel_open
            && w_t == 0.0
            && w_e == 0.0
            && offline_cost.iter().flatten().all(|&c| c == 0.0)
            && ctx.recruitment.iter().all(|&r| r == 0.0)
            && ctx.contact.iter().all(|&p| p == 0.0);
        Rule {
            enabled: p.enabled,
            w_s,
            w_t,
            w_e,
            online_cost: s.online.cost as f32,
            visibility: s.online.visibility as f32,
            offline_cost,
            channel_open: ctx.channel_open,
            choice: s.online.choice,
            social_only,
        }
    }

    /// Whether a resident with flags `fl`, share `f` of neighbours taking part last tick
    /// and columns `me` takes part (`Some`, with whether online) or not (`None`), in
    /// community `c` with last tick's share `share` and recruitment push `recruitment`.
    #[inline]
    fn takes_part(
        &self,
        fl: u8,
        f: f32,
        me: Own,
        c: usize,
        share: f32,
        recruitment: f32,
    ) -> Option<bool> {
        if !self.enabled {
            return None;
        }
        let has_access = self.channel_open && fl & ONLINE_ACCESS != 0;
        if fl & COMMITTED != 0 {
            // The committed always take part, through the channel they choose.
            let f = if has_access && self.choice == ChannelChoice::Drive {
                f
            } else {
                0.0
            };
            return Some(has_access && self.prefers_online(me, c, f, recruitment, share));
        }
        if self.social_only {
            return (self.w_s * f >= me.theta).then_some(false);
        }
        let online = has_access && self.prefers_online(me, c, f, recruitment, share);
        let (f, cost) = if online {
            (
                (1.0 - self.visibility) * f + self.visibility * share,
                self.online_cost,
            )
        } else {
            (f, self.offline_cost[c][me.age as usize])
        };
        let drive =
            self.w_s * f + self.w_t * me.trust + self.w_e * me.efficacy + recruitment - cost;
        (drive >= me.theta).then_some(online)
    }

    /// Whether a resident with access takes part online rather than offline, by the
    /// scenario's channel choice (ties go offline).
    #[inline]
    fn prefers_online(&self, me: Own, c: usize, f: f32, recruitment: f32, share: f32) -> bool {
        let off = self.offline_cost[c][me.age as usize];
        match self.choice {
            ChannelChoice::Forced => true,
            ChannelChoice::Cost => self.online_cost < off,
            ChannelChoice::Drive => {
                let f_on = (1.0 - self.visibility) * f + self.visibility * share;
                let rest = self.w_t * me.trust + self.w_e * me.efficacy + recruitment;
                self.w_s * f_on + rest - self.online_cost > self.w_s * f + rest - off
            }
        }
    }
}

/// The share of a resident's `degree` neighbours of whom `on` took part last tick (0
/// without neighbours): the same division, in `f32`, whether `on` was pulled or pushed.
#[inline]
fn neighbour_share(on: u32, degree: usize) -> f32 {
    if degree == 0 {
        return 0.0;
    }
    on as f32 / degree as f32
}

/// How many of `nbrs` are taking part in `active` (the pull: one read per tie).
#[inline]
fn count_on(nbrs: &[u32], active: &[u8]) -> u32 {
    let mut on = 0u32;
    for &v in nbrs {
        on += active[v as usize] as u32;
    }
    on
}

/// How the counts of neighbours taking part are brought up to date before the threshold
/// rule reads them. `Auto` chooses per tick; `Push` and `Pull` force one way (for the
/// tests and benchmarks that compare them: the outputs are the same bytes either way).
#[doc(hidden)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(u8)]
pub enum Traversal {
    /// Push when the residents who changed have few ties, pull otherwise.
    #[default]
    Auto,
    /// Push whenever the counts are exact for some earlier column (pull only to start).
    Push,
    /// Pull every tick: every resident re-reads every tie, in the general pass even in
    /// pure threshold mode (the model before issue 14).
    Pull,
}

/// The traversal new models start with (`Auto` unless a benchmark set another).
static DEFAULT_TRAVERSAL: AtomicU8 = AtomicU8::new(0);

/// Make every model built from now on in this process start with `traversal`, for the
/// benchmarks that run models through `run::run_jobs` (the sweep) and compare push with
/// pull; outputs are the same bytes whichever is set.
#[doc(hidden)]
pub fn set_default_traversal(traversal: Traversal) {
    DEFAULT_TRAVERSAL.store(traversal as u8, Ordering::Relaxed);
}

fn default_traversal() -> Traversal {
    match DEFAULT_TRAVERSAL.load(Ordering::Relaxed) {
        1 => Traversal::Push,
        2 => Traversal::Pull,
        _ => Traversal::Auto,
    }
}

/// Push when the changed residents' ties are at most 1/`PUSH_SHARE` of all ties. A
/// pushed tie is a scattered atomic add into a 4-byte count, a pulled tie a streamed read
/// of the tie list and a 1-byte load, so a push costs several pulls. Not tuned: Beamer et
/// al. (2012) switch at about 1/14 of the edges; the choice never changes an output.
const PUSH_SHARE: usize = 8;

/// Each resident's count of neighbours taking part, exact for the column `active_next`
/// (the column the last threshold pass read: the state recorded as "last tick" when the
/// counts were last made exact).
///
/// Before each pass the residents whose `active` differs from that column (the
/// frontier: whoever the threshold rule, a council, a decision or anything else changed)
/// push +1 or −1 to each neighbour's count, or, when the frontier is large, every count is
/// pulled afresh. The counts are atomics: a push is an integer add, exact and commutative,
/// so the counts after a push do not depend on the order of the adds or the thread count;
/// atomics need no per-thread buffer of a count per resident (memory) nor a second pass
/// to combine them, and, since pushing is chosen only when few residents changed, adds
/// to the same count from two threads at once are rare. In the pull the counts are plain
/// stores through `&mut`.
pub struct NeighbourCounts {
    on: Vec<AtomicU32>,
    /// Arcs of the network the counts were made on (a different network: pull); `None`
    /// while every count and `active_next` are zero, which is exact on any network.
    arcs: Option<usize>,
    /// Whether `on` is exact for `active_next` (false after a pass with participation
    /// switched off, which leaves them stale).
    exact: bool,
    #[doc(hidden)]
    pub traversal: Traversal,
}

impl NeighbourCounts {
    /// Counts for `n` residents: all zero, exact for an `active_next` of zeros.
    pub fn new(n: usize) -> NeighbourCounts {
        NeighbourCounts {
            on: (0..n).map(|_| AtomicU32::new(0)).collect(),
            arcs: None,
            exact: true,
            traversal: default_traversal(),
        }
    }

    /// Resident `i`'s count of neighbours taking part in the last pass's column.
    pub fn get(&self, i: usize) -> u32 {
        self.on[i].load(Ordering::Relaxed)
    }
}

impl Clone for NeighbourCounts {
    fn clone(&self) -> NeighbourCounts {
        NeighbourCounts {
            on: self
                .on
                .iter()
                .map(|c| AtomicU32::new(c.load(Ordering::Relaxed)))
                .collect(),
            arcs: self.arcs,
            exact: self.exact,
            traversal: self.traversal,
        }
    }
}

/// The residents whose `now` differs from `then`, within one chunk starting at `base`,
/// handed to `f` with their index (eight at a time skipped while equal).
#[inline]
pub(super) fn for_each_change(now: &[u8], then: &[u8], base: usize, mut f: impl FnMut(usize)) {
    let (mut j, len) = (0, now.len());
    while j < len {
        if j + 8 <= len {
            let a = u64::from_ne_bytes(now[j..j + 8].try_into().expect("8 bytes"));
            let b = u64::from_ne_bytes(then[j..j + 8].try_into().expect("8 bytes"));
            if a == b {
                j += 8;
                continue;
            }
        }
        let end = (j + 8).min(len);
        for k in j..end {
            if now[k] != then[k] {
                f(base + k);
            }
        }
        j = end;
    }
}

/// The ties of the residents who changed since the counts were made exact.
fn frontier_arcs(res: &Residents, offsets: &[u64]) -> usize {
    res.active
        .par_chunks(CHUNK)
        .zip(res.active_next.par_chunks(CHUNK))
        .enumerate()
        .map(|(chunk, (now, then))| {
            let mut arcs = 0usize;
            for_each_change(now, then, chunk * CHUNK, |i| {
                arcs += (offsets[i + 1] - offsets[i]) as usize;
            });
            arcs
        })
        .sum()
}

/// Each changed resident adds +1 (now taking part) or −1 to each neighbour's count; the
/// counts are then exact for `active`. The network is undirected, so a resident's
/// neighbours are exactly those who count it.
fn push_changes(res: &Residents, network: &SocialNetwork) {
    let (offsets, arcs) = network.csr();
    let on = &res.neighbours_on.on;
    res.active
        .par_chunks(CHUNK)
        .zip(res.active_next.par_chunks(CHUNK))
        .enumerate()
        .for_each(|(chunk, (now, then))| {
            for_each_change(now, then, chunk * CHUNK, |i| {
                // +1, or −1 as a wrapping add (exact: the sum of all adds is what counts).
                let delta = if res.active[i] == 1 { 1 } else { u32::MAX };
                for &v in &arcs[offsets[i] as usize..offsets[i + 1] as usize] {
                    on[v as usize].fetch_add(delta, Ordering::Relaxed);
                }
            });
        });
}

/// Bring the counts up to date for `active` by a push if the plan says so; returns
/// whether the pass must pull them instead.
fn update_counts(res: &mut Residents, network: &SocialNetwork, enabled: bool) -> bool {
    let counts = &mut res.neighbours_on;
    if !enabled {
        // Nobody reads the counts; the pass leaves them stale.
        counts.exact = false;
        return false;
    }
    let fresh = counts.exact
        && counts.on.len() == res.active.len()
        && counts.arcs.is_none_or(|a| a == network.arcs());
    if !fresh {
        if counts.on.len() != res.active.len() {
            *counts = NeighbourCounts {
                traversal: counts.traversal,
                ..NeighbourCounts::new(res.active.len())
            };
        }
        return true;
    }
    let push = match counts.traversal {
        Traversal::Pull => false,
        Traversal::Push => true,
        Traversal::Auto => frontier_arcs(res, network.csr().0) * PUSH_SHARE <= network.arcs(),
    };
    if push {
        push_changes(res, network);
    }
    !push
}

/// How each resident's efficacy moves with taking part, the same for every resident.
#[derive(Clone, Copy)]
struct EfficacyStep {
    gain: f64,
    decay: f64,
    floor: f32,
}

impl EfficacyStep {
    /// Raised toward 1 for a participant, lowered toward the floor otherwise.
    #[inline]
    fn after(self, e: f32, takes_part: bool) -> f32 {
        if takes_part {
            raise(e, self.gain)
        } else if e > self.floor {
            self.floor + lower(e - self.floor, self.decay)
        } else {
            e
        }
    }
}

/// Apply the threshold rule to every resident; afterwards `active` holds this tick.
pub fn participate(res: &mut Residents, s: &Scenario, ctx: &Context) -> ParticipationCounts {
    let rule = Rule::new(s, ctx);
    let efficacy = EfficacyStep {
        gain: s.participation.efficacy_gain,
        decay: s.participation.efficacy_decay,
        floor: s.participation.efficacy_anchor as f32,
    };
    let pull = update_counts(res, ctx.network, rule.enabled);
    // Forced `Pull` keeps the general pass too: it is the whole path before issue 14,
    // for the benchmarks that compare against it.
    let lean = rule.enabled && rule.social_only && res.neighbours_on.traversal != Traversal::Pull;
    let partials = if lean {
        social_only_pass(res, ctx.network, rule.w_s, efficacy, pull)
    } else {
        full_pass(res, s, ctx, &rule, efficacy, pull)
    };
    // The counts are exact for the column just read, which the swap makes `active_next`.
    res.neighbours_on.exact = rule.enabled;
    res.neighbours_on.arcs = Some(ctx.network.arcs());
    std::mem::swap(&mut res.active, &mut res.active_next);
    partials
        .into_iter()
        .fold(ParticipationCounts::default(), ParticipationCounts::add)
}

/// The threshold rule with every term of the drive but the social one off: a resident
/// takes part if committed or `w_social·f ≥ θ`, offline. The same decisions, counts and
/// efficacy as [`full_pass`] makes in this case (there the channel is closed, nobody is
/// contacted and the other terms are zero), without reading what they would need.
fn social_only_pass(
    res: &mut Residents,
    network: &SocialNetwork,
    w_s: f32,
    efficacy: EfficacyStep,
    pull: bool,
) -> Vec<ParticipationCounts> {
    let (offsets, arcs) = network.csr();
    let active = &res.active;
    (
        res.active_next.par_chunks_mut(CHUNK),
        res.efficacy.par_chunks_mut(CHUNK),
        res.flags.par_chunks_mut(CHUNK),
        res.threshold.par_chunks(CHUNK),
        res.age.par_chunks(CHUNK),
        res.neighbours_on.on.par_chunks_mut(CHUNK),
    )
        .into_par_iter()
        .enumerate()
        .map(|(chunk, (next, eff, flags, theta, age, on))| {
            let mut counts = ParticipationCounts::default();
            let base = chunk * CHUNK;
            let offs = &offsets[base..=base + next.len()];
            for j in 0..next.len() {
                let fl = flags[j] & !ONLINE_PARTICIPANT;
                let (from, to) = (offs[j] as usize, offs[j + 1] as usize);
                let on_j = on[j].get_mut();
                if pull {
                    *on_j = count_on(&arcs[from..to], active);
                }
                let takes_part =
                    fl & COMMITTED != 0 || w_s * neighbour_share(*on_j, to - from) >= theta[j];
                next[j] = takes_part as u8;
                counts.by_age[age[j] as usize] += takes_part as u64;
                flags[j] = fl;
                eff[j] = efficacy.after(eff[j], takes_part);
            }
            counts
        })
        .collect()
}

/// The threshold rule with every term of the drive, the channel choice and outreach.
fn full_pass(
    res: &mut Residents,
    s: &Scenario,
    ctx: &Context,
    rule: &Rule,
    efficacy: EfficacyStep,
    pull: bool,
) -> Vec<ParticipationCounts> {
    let m = res.per_community;
    let boost = s.outreach.contact_boost as f32;
    let outreach = rule.enabled && ctx.contact.iter().any(|&p| p > 0.0);
    let (offsets, arcs) = ctx.network.csr();
    let active = &res.active;
    (
        res.active_next.par_chunks_mut(CHUNK),
        res.efficacy.par_chunks_mut(CHUNK),
        res.flags.par_chunks_mut(CHUNK),
        res.threshold.par_chunks(CHUNK),
        res.trust.par_chunks(CHUNK),
        res.age.par_chunks(CHUNK),
        res.neighbours_on.on.par_chunks_mut(CHUNK),
    )
        .into_par_iter()
        .enumerate()
        .map(|(chunk, (next, eff, flags, theta, trust, age, on))| {
            let mut counts = ParticipationCounts::default();
            let base = chunk * CHUNK;
            let offs = &offsets[base..=base + next.len()];
            // The community of resident `base + j`, advanced as `j` crosses a boundary
            // (no division per resident).
            let mut c = base / m;
            let mut c_end = (c + 1) * m;
            for j in 0..next.len() {
                if base + j == c_end {
                    c += 1;
                    c_end += m;
                }
                let fl = flags[j] & !ONLINE_PARTICIPANT;
                let (from, to) = (offs[j] as usize, offs[j + 1] as usize);
                let on_j = on[j].get_mut();
                if pull {
                    *on_j = count_on(&arcs[from..to], active);
                }
                let f = neighbour_share(*on_j, to - from);
                let me = Own {
                    theta: theta[j],
                    trust: trust[j],
                    efficacy: eff[j],
                    age: age[j],
                };
                // Outreach: a contacted resident's drive gets the boost this tick.
                let contacted = outreach
                    && fl & COMMITTED == 0
                    && ctx.contact[c] > 0.0
                    && rng::uniform(ctx.outreach_family, ctx.tick as u64, (base + j) as u64, 0)
                        < ctx.contact[c];
                counts.contacted += contacted as u64;
                let recruitment = if contacted {
                    ctx.recruitment[c] + boost
                } else {
                    ctx.recruitment[c]
                };
                let choice = rule.takes_part(fl, f, me, c, ctx.community_share[c], recruitment);
                let takes_part = choice.is_some();
                // Branch-free bookkeeping: who takes part is not predictable.
                next[j] = takes_part as u8;
                counts.by_age[age[j] as usize] += takes_part as u64;
                let online = choice == Some(true);
                counts.online += online as u64;
                flags[j] = fl | if online { ONLINE_PARTICIPANT } else { 0 };
                eff[j] = efficacy.after(eff[j], takes_part);
            }
            counts
        })
        .collect()
}

/// Sums over residents at the end of a tick.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Attitudes {
    pub trust: f64,
    pub efficacy: f64,
    pub satisfaction: f64,
    pub online_access: u64,
    pub online_access_elderly: u64,
}

impl Attitudes {
    fn add(mut self, o: Attitudes) -> Self {
        self.trust += o.trust;
        self.efficacy += o.efficacy;
        self.satisfaction += o.satisfaction;
        self.online_access += o.online_access;
        self.online_access_elderly += o.online_access_elderly;
        self
    }
}

/// The end-of-tick pass: word of mouth pulls trust toward the neighbours' mean (read from
/// last values, written to `trust_next`), then trust recovers toward `trust.anchor`,
/// satisfaction recovers toward `satisfaction.anchor`, and residents
/// without internet access may gain it. `evolve` is false for the tick-0 summary.
pub fn settle(
    res: &mut Residents,
    network: &SocialNetwork,
    s: &Scenario,
    seed: u64,
    tick: u32,
    evolve: bool,
) -> Attitudes {
    let wom = s.trust.word_of_mouth as f32;
    let (trust_recovery, trust_anchor) = (s.trust.recovery as f32, s.trust.anchor as f32);
    let recovery = s.satisfaction.recovery as f32;
    let anchor = s.satisfaction.anchor as f32;
    let growth = s.online.access_growth;
    let inclusion = s.online.digital_inclusion;
    let access_family = rng::family(seed, Purpose::OnlineAccess);
    // Without word of mouth and recovery (or at tick 0) trust does not change: nothing is
    // written to the scratch column and the columns are not swapped.
    let pull = evolve && (wom > 0.0 || trust_recovery > 0.0);
    // The chance of gaining internet access by age group (`growth + 0.0` is `growth`);
    // no draws at all when every chance is zero.
    let chance_by_age = [growth + 0.0, growth + 0.0, growth + inclusion];
    let adoption = chance_by_age.iter().any(|&c| c > 0.0);
    let (offsets, arcs) = network.csr();
    let trust = &res.trust;
    let partials: Vec<Attitudes> = (
        res.trust_next.par_chunks_mut(CHUNK),
        res.satisfaction.par_chunks_mut(CHUNK),
        res.flags.par_chunks_mut(CHUNK),
        res.efficacy.par_chunks(CHUNK),
        res.age.par_chunks(CHUNK),
    )
        .into_par_iter()
        .enumerate()
        .map(|(chunk, (next, sat, flags, eff, age))| {
            let mut a = Attitudes::default();
            let base = chunk * CHUNK;
            let offs = &offsets[base..=base + sat.len()];
            for j in 0..sat.len() {
                let i = base + j;
                let mut t = trust[i];
                if evolve {
                    if pull {
                        let nbrs = &arcs[offs[j] as usize..offs[j + 1] as usize];
                        if wom > 0.0 && !nbrs.is_empty() {
                            let sum: f32 = nbrs.iter().map(|&v| trust[v as usize]).sum();
                            t = (t + wom * (sum / nbrs.len() as f32 - t)).clamp(0.0, 1.0);
                        }
                        if trust_recovery > 0.0 {
                            t = (t + trust_recovery * (trust_anchor - t)).clamp(0.0, 1.0);
                        }
                        next[j] = t;
                    }
                    sat[j] = (sat[j] + recovery * (anchor - sat[j])).clamp(0.0, 1.0);
                    if adoption && flags[j] & ONLINE_ACCESS == 0 {
                        let chance = chance_by_age[age[j] as usize];
                        if chance > 0.0
                            && rng::uniform(access_family, tick as u64, i as u64, 0) < chance
                        {
                            flags[j] |= ONLINE_ACCESS;
                        }
                    }
                }
                a.trust += t as f64;
                a.efficacy += eff[j] as f64;
                a.satisfaction += sat[j] as f64;
                // Integer counts, branch-free (access is not predictable resident to resident).
                let online = flags[j] & ONLINE_ACCESS != 0;
                a.online_access += online as u64;
                a.online_access_elderly += (online && age[j] == 2) as u64;
            }
            a
        })
        .collect();
    if pull {
        std::mem::swap(&mut res.trust, &mut res.trust_next);
    }
    partials
        .into_iter()
        .fold(Attitudes::default(), Attitudes::add)
}
