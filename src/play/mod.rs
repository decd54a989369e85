//! Play sessions: the class plays the street (issue 12). No I/O, no clock, no async.
//!
//! A [`PlaySession`] is one street run week by week while players decide for some of its
//! agents (residents, committees, street offices, NGOs; see [`roles`]); every agent without
//! a player, and every choice a player leaves open, follows the model's rule. A session is
//! a pure function of its scenario, seed and decision log ([`log`]): each event that
//! matters for the outcome (a join, an assignment, the start, each closed round with the
//! decisions applied each week) is one JSON line, and [`PlaySession::replay`] of those
//! lines gives the same session, byte for byte. The debrief ([`debrief`]) runs the same
//! street with every agent played by the model (same seed) beside the class's.
//!
//! A round is `weeks_per_round` weeks. A player's action holds for every week of the
//! round; the choices that name this week's things (reporting an issue, proposing, the
//! first issue, escalations) apply in its first week only, and a choice that the agent's
//! state makes invalid in a later week is dropped for that week (the rule decides).
//! Decisions are applied as they read back from their log line, so a replay applies
//! exactly the same numbers.

pub mod debrief;
pub mod log;
pub mod roles;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::metrics::TickMetrics;
use crate::model::Model;
use crate::model::decisions::{
    CommitteeDecision, Decisions, NgoDecision, OfficeDecision, ResidentDecision,
};
use crate::scenario::Scenario;

pub use log::{Header, LogError, Record, RoundRecord, WeekRecord};
pub use roles::{Role, RoleKind, Seats};

/// The log's format version (the header's `format`).
pub const LOG_FORMAT: u32 = 1;
/// Players per session unless the server says otherwise (the issue asks for at least 60).
pub const DEFAULT_MAX_PLAYERS: u32 = 80;
/// The longest pseudonym, in characters.
pub const MAX_PSEUDONYM: usize = 24;
/// Weeks per round: one week up to a quarter.
pub const MAX_WEEKS_PER_ROUND: u32 = 13;
/// Rounds in a session: up to a year of weekly rounds.
pub const MAX_ROUNDS: u32 = 52;

/// How seats are given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Assignment {
    /// The [`Seats::in_turn`] rule, as players join.
    InTurn,
    /// Players wait without a role until the trainer assigns one.
    Trainer,
}

/// What a session is made of, before it starts.
#[derive(Clone, Debug)]
pub struct Setup {
    /// The scenario's name in messages and file names (`baseline`).
    pub scenario_name: String,
    pub scenario: Scenario,
    pub seed: u64,
    pub weeks_per_round: u32,
    pub rounds: u32,
    pub assignment: Assignment,
    pub max_players: u32,
}

/// Where a session is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "phase", content = "round", rename_all = "snake_case")]
pub enum Phase {
    /// Players join; nothing has run.
    Lobby,
    /// Round n (from 1) is open for actions.
    Round(u32),
    /// Every round is closed (or the trainer ended the session): the debrief.
    Ended,
}

/// Why an action or a command was refused: the field (a path in the message) and what
/// would be valid.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{}", match .field { Some(f) => format!("{f}: {}", .message), None => .message.clone() })]
pub struct Refusal {
    pub field: Option<String>,
    pub message: String,
}

impl Refusal {
    pub fn new(field: Option<&str>, message: impl Into<String>) -> Refusal {
        Refusal {
            field: field.map(str::to_string),
            message: message.into(),
        }
    }
}

/// A player: a pseudonym, a seat (or none yet) and the hash of the token that proves who
/// they are (never the token).
#[derive(Clone, Debug, Serialize)]
pub struct Player {
    pub player: u32,
    pub pseudonym: String,
    pub role: Option<Role>,
    /// Weeks run when they joined (their first week is the next).
    pub joined_week: u32,
    #[serde(skip)]
    pub token_hash: String,
}

/// One player's action for a round, for their own agent.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Resident(ResidentDecision),
    Committee(CommitteeDecision),
    Office(OfficeDecision),
    Ngo(NgoDecision),
}

/// What closing a round gave.
#[derive(Clone, Debug, Serialize)]
pub struct RoundOutcome {
    pub round: u32,
    /// Each week's metrics, in order.
    pub weeks: Vec<TickMetrics>,
    /// Players who acted; players with a seat who did not got the rule.
    pub acted: Vec<u32>,
    pub defaulted: Vec<u32>,
}

/// A play session. See the module's documentation.
pub struct PlaySession {
    setup: Setup,
    seats: Seats,
    model: Model,
    /// The class's trajectory: week 0 (the initial state) first.
    class: Vec<TickMetrics>,
    players: Vec<Player>,
    phase: Phase,
    /// This round's actions by player.
    pending: BTreeMap<u32, Action>,
    /// Every closed round, as logged.
    closed: Vec<RoundRecord>,
    /// What players set and how it differed from the rule, per kind.
    tally: debrief::Tally,
    /// Log lines made and not yet taken by the writer.
    unwritten: Vec<String>,
    /// The model's own run for the debrief, made once when asked.
    model_run: Option<Vec<TickMetrics>>,
}

impl PlaySession {
    /// A new session in the lobby; its first log line is the header.
    pub fn new(setup: Setup) -> Result<PlaySession, Refusal> {
        check_setup(&setup)?;
        let header = Header::of(&setup);
        // The session runs on the scenario as its header reads back, as a replay will.
        let setup = header.setup(setup.max_players).map_err(|e| {
            Refusal::new(Some("scenario"), format!("cannot use this scenario: {e}"))
        })?;
        let mut session = PlaySession::from_setup(setup)?;
        session.write(&Record::Header(header));
        Ok(session)
    }

    fn from_setup(setup: Setup) -> Result<PlaySession, Refusal> {
        let mut model = Model::new(&setup.scenario, setup.seed)
            .map_err(|e| Refusal::new(Some("scenario"), e.to_string()))?;
        let class = vec![model.initial_metrics()];
        Ok(PlaySession {
            seats: Seats::of(&setup.scenario),
            setup,
            model,
            class,
            players: Vec::new(),
            phase: Phase::Lobby,
            pending: BTreeMap::new(),
            closed: Vec::new(),
            tally: debrief::Tally::default(),
            unwritten: Vec::new(),
            model_run: None,
        })
    }

    pub fn setup(&self) -> &Setup {
        &self.setup
    }

    pub fn seats(&self) -> Seats {
        self.seats
    }

    pub fn phase(&self) -> Phase {
        self.phase
    }

    pub fn players(&self) -> &[Player] {
        &self.players
    }

    /// Weeks run so far.
    pub fn week(&self) -> u32 {
        self.model.tick()
    }

    /// The class's trajectory so far (week 0 first).
    pub fn class(&self) -> &[TickMetrics] {
        &self.class
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The rounds closed so far.
    pub fn closed(&self) -> &[RoundRecord] {
        &self.closed
    }

    /// Whether the player has acted in the open round.
    pub fn has_acted(&self, player: u32) -> bool {
        self.pending.contains_key(&player)
    }

    /// Players with a seat who have not acted in the open round.
    pub fn waiting_for(&self) -> Vec<u32> {
        self.players
            .iter()
            .filter(|p| p.role.is_some() && !self.pending.contains_key(&p.player))
            .map(|p| p.player)
            .collect()
    }

    /// The log lines made since the last call (each ends with a newline), for the writer.
    pub fn take_log(&mut self) -> Vec<String> {
        std::mem::take(&mut self.unwritten)
    }

    fn write(&mut self, record: &Record) {
        self.unwritten.push(record.line());
    }

    /// The player whose token has this hash.
    pub fn player_by_token(&self, token_hash: &str) -> Option<&Player> {
        self.players
            .iter()
            .find(|p| same_secret(&p.token_hash, token_hash))
    }

    /// A new player. Under [`Assignment::InTurn`] they get the next seat at once.
    pub fn join(&mut self, pseudonym: &str, token_hash: &str) -> Result<&Player, Refusal> {
        let pseudonym = check_pseudonym(pseudonym)?;
        if self.phase == Phase::Ended {
            return Err(Refusal::new(
                Some("code"),
                "this session has ended: ask the trainer for the new join code",
            ));
        }
        if self.players.len() >= self.setup.max_players as usize {
            return Err(Refusal::new(
                Some("code"),
                format!("this session is full ({} players)", self.setup.max_players),
            ));
        }
        if self.players.iter().any(|p| p.pseudonym == pseudonym) {
            return Err(Refusal::new(
                Some("pseudonym"),
                format!("\"{pseudonym}\" is taken in this session: choose another"),
            ));
        }
        let role = match self.setup.assignment {
            Assignment::Trainer => None,
            Assignment::InTurn => {
                let turn = self.players.len() as u64;
                let taken = |r: Role| self.seat_taken(r);
                self.seats.in_turn(turn, &taken)
            }
        };
        self.add_player(pseudonym, role, token_hash.to_string());
        Ok(self.players.last().expect("just added"))
    }

    fn add_player(&mut self, pseudonym: String, role: Option<Role>, token_hash: String) {
        let player = self.players.len() as u32;
        self.write(&Record::Join(log::Join {
            player,
            pseudonym: pseudonym.clone(),
            role,
            token_hash: token_hash.clone(),
        }));
        self.players.push(Player {
            player,
            pseudonym,
            role,
            joined_week: self.model.tick(),
            token_hash,
        });
    }

    fn seat_taken(&self, role: Role) -> bool {
        self.players.iter().any(|p| p.role == Some(role))
    }

    /// The trainer gives a player a seat (in the lobby only).
    pub fn assign(&mut self, player: u32, role: Role) -> Result<(), Refusal> {
        if self.phase != Phase::Lobby {
            return Err(Refusal::new(
                None,
                "seats are given in the lobby, before the first round",
            ));
        }
        self.seats
            .check(role)
            .map_err(|m| Refusal::new(Some("role.agent"), m))?;
        let Some(p) = self.players.get(player as usize) else {
            return Err(Refusal::new(
                Some("player"),
                format!(
                    "no player {player}: 0..={}",
                    self.players.len().saturating_sub(1)
                ),
            ));
        };
        if p.role != Some(role) && self.seat_taken(role) {
            return Err(Refusal::new(
                Some("role"),
                format!("{} {} already has a player", role.kind.name(), role.agent),
            ));
        }
        self.players[player as usize].role = Some(role);
        self.write(&Record::Assign(log::Assign { player, role }));
        Ok(())
    }

    /// Open the first round.
    pub fn start(&mut self) -> Result<(), Refusal> {
        if self.phase != Phase::Lobby {
            return Err(Refusal::new(None, "the session has already started"));
        }
        self.phase = Phase::Round(1);
        self.write(&Record::Start);
        Ok(())
    }

    /// A player's action for `round`, read from the `decision` object of the message.
    pub fn act(
        &mut self,
        player: u32,
        round: u32,
        decision: &serde_json::Value,
    ) -> Result<(), Refusal> {
        let open = match self.phase {
            Phase::Round(r) => r,
            Phase::Lobby => {
                return Err(Refusal::new(
                    Some("round"),
                    "the session has not started: wait for the first round",
                ));
            }
            Phase::Ended => return Err(Refusal::new(Some("round"), "the session has ended")),
        };
        if round != open {
            return Err(Refusal::new(
                Some("round"),
                format!("round {round} is not open: round {open} is"),
            ));
        }
        let role = self
            .players
            .get(player as usize)
            .and_then(|p| p.role)
            .ok_or_else(|| Refusal::new(None, "you have no role yet: wait for the trainer"))?;
        if self.pending.contains_key(&player) {
            return Err(Refusal::new(
                Some("round"),
                format!("you have already acted in round {round}"),
            ));
        }
        let action = log::read_action(role.kind, decision)?;
        let mut one = Decisions::default();
        insert(&mut one, role, action.clone());
        one.validate(&self.model).map_err(|e| {
            let field = format!("decision.{}", e.field);
            Refusal::new(Some(&field), e.reason)
        })?;
        self.pending.insert(player, action);
        Ok(())
    }

    /// Close the open round: run its weeks with the actions taken (the rule for the rest)
    /// and log it.
    pub fn close_round(&mut self) -> Result<RoundOutcome, Refusal> {
        let Phase::Round(round) = self.phase else {
            return Err(Refusal::new(None, "no round is open"));
        };
        let mut record = RoundRecord {
            round,
            weeks: Vec::new(),
            acted: self.pending.keys().copied().collect(),
        };
        for w in 0..self.setup.weeks_per_round {
            let decisions = self.decisions_for_week(w == 0);
            // Applied as the log will read it back, so a replay applies the same numbers.
            let decisions = log::read_back(&decisions);
            record.weeks.push(WeekRecord {
                week: self.model.tick() + 1,
                decisions: decisions.clone(),
            });
            self.run_week(&decisions);
        }
        let first = self.class.len() - record.weeks.len();
        let outcome = RoundOutcome {
            round,
            weeks: self.class[first..].to_vec(),
            defaulted: self.waiting_for(),
            acted: record.acted.clone(),
        };
        self.write(&Record::Round(record.clone()));
        self.closed.push(record);
        self.pending.clear();
        self.phase = if round >= self.setup.rounds {
            self.write(&Record::End);
            Phase::Ended
        } else {
            Phase::Round(round + 1)
        };
        Ok(outcome)
    }

    /// End the session now: the open round closes first (with the actions taken).
    pub fn end(&mut self) -> Result<Option<RoundOutcome>, Refusal> {
        match self.phase {
            Phase::Ended => Err(Refusal::new(None, "the session has already ended")),
            Phase::Lobby => {
                self.phase = Phase::Ended;
                self.write(&Record::End);
                Ok(None)
            }
            Phase::Round(_) => {
                let outcome = self.close_round()?;
                if self.phase != Phase::Ended {
                    self.phase = Phase::Ended;
                    self.write(&Record::End);
                }
                Ok(Some(outcome))
            }
        }
    }

    /// One week with these decisions: tallied against the rule, stepped, recorded.
    fn run_week(&mut self, decisions: &Decisions) {
        self.tally.add(decisions, &self.model);
        let metrics = self.model.step_with(decisions);
        self.class.push(metrics);
    }

    /// This week's decisions from the round's actions: all of them in the first week;
    /// later, only the standing choices that are still valid.
    fn decisions_for_week(&self, first: bool) -> Decisions {
        let mut out = Decisions::default();
        for (player, action) in &self.pending {
            let Some(role) = self.players[*player as usize].role else {
                continue;
            };
            let action = if first {
                action.clone()
            } else {
                standing(action)
            };
            let mut one = Decisions::default();
            insert(&mut one, role, action.clone());
            if one.validate(&self.model).is_ok() {
                insert(&mut out, role, action);
            }
        }
        out
    }

    /// What the agent of a player knows now, as JSON for the phone.
    pub fn view(&self, player: u32) -> Option<serde_json::Value> {
        use crate::model::decisions::{committee_view, ngo_view, office_view, resident_view};
        let role = self.players.get(player as usize)?.role?;
        let m = &self.model;
        let a = role.agent;
        let value = match role.kind {
            RoleKind::Resident => serde_json::to_value(resident_view(m, a)),
            RoleKind::Committee => serde_json::to_value(committee_view(m, a)),
            RoleKind::Office => serde_json::to_value(office_view(m, a)),
            RoleKind::Ngo => serde_json::to_value(ngo_view(m, a)),
        };
        value.ok()
    }
}

/// Put one agent's action into a tick's decisions.
fn insert(d: &mut Decisions, role: Role, action: Action) {
    let a = role.agent;
    match action {
        Action::Resident(x) => {
            d.residents.insert(a, x);
        }
        Action::Committee(x) => {
            d.committees.insert(a, x);
        }
        Action::Office(x) => {
            d.offices.insert(a, x);
        }
        Action::Ngo(x) => {
            d.ngos.insert(a, x);
        }
    }
}

/// The choices of an action that hold after the round's first week.
fn standing(action: &Action) -> Action {
    match action {
        Action::Resident(r) => Action::Resident(ResidentDecision {
            report: None,
            propose: None,
            ..r.clone()
        }),
        Action::Committee(c) => Action::Committee(CommitteeDecision {
            first_issue: None,
            escalate: None,
            ..c.clone()
        }),
        Action::Office(_) | Action::Ngo(_) => action.clone(),
    }
}

fn check_setup(s: &Setup) -> Result<(), Refusal> {
    if !(1..=MAX_WEEKS_PER_ROUND).contains(&s.weeks_per_round) {
        return Err(Refusal::new(
            Some("weeks_per_round"),
            format!(
                "1..={MAX_WEEKS_PER_ROUND} weeks (got {})",
                s.weeks_per_round
            ),
        ));
    }
    if !(1..=MAX_ROUNDS).contains(&s.rounds) {
        return Err(Refusal::new(
            Some("rounds"),
            format!("1..={MAX_ROUNDS} rounds (got {})", s.rounds),
        ));
    }
    Ok(())
}

/// A pseudonym trimmed, or why it cannot be used.
pub fn check_pseudonym(p: &str) -> Result<String, Refusal> {
    let p = p.trim();
    let n = p.chars().count();
    if n == 0 || n > MAX_PSEUDONYM {
        return Err(Refusal::new(
            Some("pseudonym"),
            format!("1 to {MAX_PSEUDONYM} characters (got {n}): a made-up name, not your own"),
        ));
    }
    if p.chars().any(char::is_control) {
        return Err(Refusal::new(
            Some("pseudonym"),
            "letters, digits, spaces and punctuation only (no control characters)",
        ));
    }
    Ok(p.to_string())
}

/// Compare secrets in time independent of where they differ (the play log's token
/// hashes, and the server's session and trainer tokens).
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The hash of a player's token kept in the log (SHA-256, hex).
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
