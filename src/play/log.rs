//! The decision log: JSON Lines, one record per event that matters for the outcome, and
//! the replay that rebuilds a session from it.
//!
//! The first line is the [`Header`] (format, the resolved scenario as TOML, seed, weeks
//! per round, rounds, assignment rule); then `join`, `assign`, `start`, one `round` per
//! closed round (the decisions applied in each of its weeks) and `end`. Pseudonyms and
//! token hashes only: nothing personal, no address, never the trainer's token.

use serde::{Deserialize, Serialize};

use super::roles::{Role, RoleKind};
use super::{Action, Assignment, LOG_FORMAT, Phase, PlaySession, Refusal, Setup};
use crate::model::decisions::{
    CommitteeDecision, Decisions, NgoDecision, OfficeDecision, ResidentDecision,
};

/// The first line of a log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub format: u32,
    pub scenario_name: String,
    /// The resolved scenario (`scenario::render::resolved_toml`).
    pub scenario_toml: String,
    pub seed: u64,
    pub weeks_per_round: u32,
    pub rounds: u32,
    pub assignment: Assignment,
}

impl Header {
    pub fn of(s: &Setup) -> Header {
        Header {
            format: LOG_FORMAT,
            scenario_name: s.scenario_name.clone(),
            scenario_toml: crate::scenario::render::resolved_toml(&s.scenario),
            seed: s.seed,
            weeks_per_round: s.weeks_per_round,
            rounds: s.rounds,
            assignment: s.assignment,
        }
    }

    /// The setup the header describes: its scenario read back with the ordinary loader.
    pub fn setup(&self, max_players: u32) -> Result<Setup, String> {
        let name = format!("{}.toml", self.scenario_name);
        let scenario =
            crate::library::load_upload(&self.scenario_toml, &name).map_err(|e| e.to_string())?;
        Ok(Setup {
            scenario_name: self.scenario_name.clone(),
            scenario,
            seed: self.seed,
            weeks_per_round: self.weeks_per_round,
            rounds: self.rounds,
            assignment: self.assignment,
            max_players,
        })
    }
}

/// One week of a closed round: its number and the decisions applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekRecord {
    pub week: u32,
    pub decisions: Decisions,
}

/// A closed round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundRecord {
    pub round: u32,
    pub weeks: Vec<WeekRecord>,
    /// Players who acted (the others with a seat got the rule).
    pub acted: Vec<u32>,
}

/// One line of the log. Written with serde's `kind` tag; read by [`Record::parse`]
/// (serde's tagged enums cannot read the integer keys of a week's decisions).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    Header(Header),
    Join(Join),
    Assign(Assign),
    Start,
    Round(RoundRecord),
    End,
}

/// A player joined (with the seat the rule gave them, if any).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Join {
    pub player: u32,
    pub pseudonym: String,
    pub role: Option<Role>,
    /// [`super::token_hash`] of the player's token.
    pub token_hash: String,
}

/// The trainer gave a player a seat.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assign {
    pub player: u32,
    pub role: Role,
}

impl Record {
    /// The record as one line, newline included.
    pub fn line(&self) -> String {
        let mut s = serde_json::to_string(self).expect("log records serialise");
        s.push('\n');
        s
    }

    /// Read one line.
    pub fn parse(line: &str) -> Result<Record, String> {
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
        let serde_json::Value::Object(mut map) = value else {
            return Err("a record is a JSON object".into());
        };
        let kind = match map.remove("kind") {
            Some(serde_json::Value::String(k)) => k,
            _ => return Err("a record has a \"kind\"".into()),
        };
        let rest = serde_json::Value::Object(map);
        fn read<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<T, String> {
            serde_json::from_value(v).map_err(|e| e.to_string())
        }
        let empty = |v: &serde_json::Value| v.as_object().is_some_and(|m| m.is_empty());
        Ok(match kind.as_str() {
            "header" => Record::Header(read(rest)?),
            "join" => Record::Join(read(rest)?),
            "assign" => Record::Assign(read(rest)?),
            "round" => Record::Round(read(rest)?),
            "start" if empty(&rest) => Record::Start,
            "end" if empty(&rest) => Record::End,
            other => return Err(format!("unknown record \"{other}\" or unexpected fields")),
        })
    }
}

/// Why a log could not be replayed: the line (from 1) and what is wrong.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct LogError {
    pub line: usize,
    pub message: String,
}

fn at(line: usize, message: impl Into<String>) -> LogError {
    LogError {
        line,
        message: message.into(),
    }
}

/// A replayed log: the session at its last closed round, and how many bytes of the text
/// were whole records (a torn last line, from a crash mid-write, is left out).
pub struct Replayed {
    pub session: PlaySession,
    pub valid_bytes: usize,
}

impl PlaySession {
    /// Rebuild a session from its log. Every record is checked as if it happened again
    /// (seats free and in range, rounds in order, each week's decisions valid for the
    /// model's state), so a log that was edited by hand is refused, naming the line.
    pub fn replay(text: &str, max_players: u32) -> Result<Replayed, LogError> {
        let mut lines = Vec::new();
        let mut valid_bytes = 0;
        for piece in text.split_inclusive('\n') {
            if !piece.ends_with('\n') {
                break; // torn: no newline, so it was never fully written
            }
            valid_bytes += piece.len();
            lines.push(piece.trim_end_matches(['\n', '\r']));
        }
        let mut records = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let Some((_, first)) = records.next() else {
            return Err(at(1, "empty log: no header"));
        };
        let header = match Record::parse(first) {
            Ok(Record::Header(h)) => h,
            Ok(_) => return Err(at(1, "the first record must be the header")),
            Err(e) => return Err(at(1, format!("not a log header: {e}"))),
        };
        if header.format != LOG_FORMAT {
            return Err(at(
                1,
                format!(
                    "log format {} (this cogov reads format {LOG_FORMAT})",
                    header.format
                ),
            ));
        }
        let setup = header.setup(max_players).map_err(|e| at(1, e))?;
        let mut session = PlaySession::from_setup(setup).map_err(|e| at(1, e.to_string()))?;
        for (i, line) in records {
            let record =
                Record::parse(line).map_err(|e| at(i + 1, format!("not a record: {e}")))?;
            session.redo(record).map_err(|m| at(i + 1, m))?;
        }
        session.unwritten.clear();
        Ok(Replayed {
            session,
            valid_bytes,
        })
    }

    /// Apply one logged record again.
    fn redo(&mut self, record: Record) -> Result<(), String> {
        match record {
            Record::Header(_) => Err("a second header".into()),
            Record::Join(Join {
                player,
                pseudonym,
                role,
                token_hash,
            }) => {
                if player as usize != self.players.len() {
                    return Err(format!(
                        "player {player} joins out of order (expected {})",
                        self.players.len()
                    ));
                }
                if let Some(r) = role {
                    self.seats.check(r)?;
                    if self.seat_taken(r) {
                        return Err(format!("{} {} given twice", r.kind.name(), r.agent));
                    }
                }
                let pseudonym = super::check_pseudonym(&pseudonym).map_err(|e| e.to_string())?;
                self.add_player(pseudonym, role, token_hash);
                Ok(())
            }
            Record::Assign(Assign { player, role }) => {
                self.assign(player, role).map_err(|e| e.to_string())
            }
            Record::Start => self.start().map_err(|e| e.to_string()),
            Record::Round(r) => self.redo_round(r),
            Record::End => {
                self.phase = Phase::Ended;
                Ok(())
            }
        }
    }

    fn redo_round(&mut self, r: RoundRecord) -> Result<(), String> {
        if self.phase != Phase::Round(r.round) {
            return Err(format!("round {} is not the open round", r.round));
        }
        if r.weeks.len() != self.setup.weeks_per_round as usize {
            return Err(format!(
                "round {} has {} weeks; the session has {} per round",
                r.round,
                r.weeks.len(),
                self.setup.weeks_per_round
            ));
        }
        for w in &r.weeks {
            if w.week != self.model.tick() + 1 {
                return Err(format!("week {} out of order", w.week));
            }
            w.decisions
                .validate(&self.model)
                .map_err(|e| format!("week {}: {e}", w.week))?;
            self.run_week(&w.decisions);
        }
        self.phase = if r.round >= self.setup.rounds {
            Phase::Ended
        } else {
            Phase::Round(r.round + 1)
        };
        self.closed.push(r);
        Ok(())
    }
}

/// The decisions as they read back from their log line (f64s as printed).
pub fn read_back(d: &Decisions) -> Decisions {
    let text = serde_json::to_string(d).expect("decisions serialise");
    serde_json::from_str(&text).expect("decisions read back")
}

/// The fields a role's decision may have.
pub fn fields(kind: RoleKind) -> &'static [&'static str] {
    match kind {
        RoleKind::Resident => &["take_part", "report", "attend_council", "propose"],
        RoleKind::Committee => &[
            "admin_share",
            "issues_share",
            "outreach_share",
            "first_issue",
            "escalate",
        ],
        RoleKind::Office => &["split", "access_list", "reaction"],
        RoleKind::Ngo => &["enter", "communities", "bid"],
    }
}

/// Read the `decision` object of an `act` message for a role kind; a problem names its
/// field (`decision.admin_share`).
pub fn read_action(kind: RoleKind, value: &serde_json::Value) -> Result<Action, Refusal> {
    let serde_json::Value::Object(map) = value else {
        return Err(Refusal::new(
            Some("decision"),
            format!(
                "an object with the {}'s choices: {}",
                kind.name(),
                fields(kind).join(", ")
            ),
        ));
    };
    let allowed = fields(kind);
    if let Some(k) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(Refusal::new(
            Some(&format!("decision.{}", short(k))),
            format!(
                "a {} does not decide this: its choices are {}",
                kind.name(),
                allowed.join(", ")
            ),
        ));
    }
    fn read<T: serde::de::DeserializeOwned>(v: &serde_json::Value) -> Result<T, Refusal> {
        serde_path_to_error::deserialize(v).map_err(|e| {
            let path = e.path().to_string();
            let field = if path == "." {
                "decision".to_string()
            } else {
                format!("decision.{path}")
            };
            Refusal::new(Some(&field), plain(&e.inner().to_string()))
        })
    }
    Ok(match kind {
        RoleKind::Resident => Action::Resident(read::<ResidentDecision>(value)?),
        RoleKind::Committee => Action::Committee(read::<CommitteeDecision>(value)?),
        RoleKind::Office => Action::Office(read::<OfficeDecision>(value)?),
        RoleKind::Ngo => Action::Ngo(read::<NgoDecision>(value)?),
    })
}

/// A key from a message, cut short for the reply.
fn short(k: &str) -> String {
    k.chars().take(40).collect()
}

/// serde_json's message without its position (a message is one line).
fn plain(text: &str) -> String {
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text.to_string(),
    }
}
