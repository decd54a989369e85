//! The play server (issue 12): play sessions of `cogov::play` behind a join code, the
//! trainer's token, the decision log on disk, and their limits. The messages are in
//! `protocol`, one connection in `socket`, the HTTP routes in `http`; the wire format is
//! docs/play-protocol.md.
//!
//! Secrets come from the operating system, never from model randomness: the trainer's
//! token (128 bits, printed in the terminal only), each session's join code (6 characters
//! of [`protocol::ALPHABET`]) and each player's token (128 bits; the log keeps its hash).

pub mod http;
pub mod protocol;
pub mod socket;

use std::collections::HashMap;
use std::fs::OpenOptions;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use tokio::sync::broadcast;

use cogov::play::{Phase, PlaySession, Refusal, RoleKind};

use crate::durable::AppendFile;

/// The limits of the play server.
#[derive(Clone, Debug)]
pub struct PlayLimits {
    /// Play sessions at once.
    pub sessions: usize,
    /// Players per session (the issue asks for at least 60).
    pub players: u32,
    /// Messages a connection may send per second, on average, and in a burst.
    pub messages_per_second: f64,
    pub message_burst: f64,
}

impl Default for PlayLimits {
    fn default() -> PlayLimits {
        PlayLimits {
            sessions: 2,
            players: cogov::play::DEFAULT_MAX_PLAYERS,
            messages_per_second: 10.0,
            message_burst: 20.0,
        }
    }
}

/// What starts the play server.
#[derive(Clone, Debug)]
pub struct PlayConfig {
    pub trainer_token: String,
    /// The code the first session gets (printed at start).
    pub first_code: String,
    /// Where logs are written.
    pub log_dir: PathBuf,
    /// A log to resume (`--resume`).
    pub resume: Option<PathBuf>,
    pub limits: PlayLimits,
}

/// Something every connection of a session must hear.
#[derive(Clone, Debug)]
pub enum Event {
    /// The session's state changed: each connection sends a fresh `state`.
    State,
    /// A round opened: each student sends `round_open` and their view.
    RoundOpen(u32),
    /// Messages for everyone, as they are.
    Say(Arc<Vec<Value>>),
}

/// One play session on the server.
pub struct Table {
    pub code: String,
    pub live: Mutex<Live>,
    pub events: broadcast::Sender<Event>,
}

/// A session and what the server keeps beside it.
pub struct Live {
    pub session: PlaySession,
    /// The log as written so far (for the download).
    pub log_text: String,
    log: AppendFile,
    pub log_path: PathBuf,
    /// Connections per player now.
    pub connected: HashMap<u32, usize>,
    /// Players whose last connection closed (until they rejoin).
    pub dropped: std::collections::HashSet<u32>,
    pub timer_seconds: u32,
    /// When the open round closes by the timer.
    pub deadline: Option<Instant>,
}

impl Live {
    /// Append the session's new log lines and fsync them.
    pub fn write_log(&mut self) -> Result<(), Refusal> {
        let lines = self.session.take_log();
        if lines.is_empty() {
            return Ok(());
        }
        let text = lines.concat();
        self.log
            .append(text.as_bytes())
            .and_then(|()| self.log.sync())
            .map_err(|e| {
                Refusal::new(None, format!("the decision log cannot be written: {e:#}"))
            })?;
        self.log_text.push_str(&text);
        Ok(())
    }

    pub fn is_connected(&self, player: u32) -> bool {
        self.connected.get(&player).is_some_and(|n| *n > 0)
    }

    /// Every player with a seat who is still here has acted (and there is one). A player
    /// whose phone went away during this server's life is taken over by the model and not
    /// waited for; a player who has not come back since a `--resume` is waited for (the
    /// timer or the trainer's "close round" covers them).
    pub fn all_acted(&self) -> bool {
        let s = &self.session;
        let present: Vec<u32> = s
            .players()
            .iter()
            .filter(|p| p.role.is_some() && !self.dropped.contains(&p.player))
            .map(|p| p.player)
            .collect();
        !present.is_empty() && present.iter().all(|p| s.has_acted(*p))
    }

    pub fn seconds_left(&self) -> Option<u64> {
        self.deadline
            .map(|d| d.saturating_duration_since(Instant::now()).as_secs())
    }

    /// The `state` message.
    pub fn state(&self, code: &str, base: &str) -> Value {
        let s = &self.session;
        let (phase, round) = match s.phase() {
            Phase::Lobby => ("lobby", 0),
            Phase::Round(r) => ("round", r),
            Phase::Ended => ("debrief", s.closed().len() as u32),
        };
        let players: Vec<Value> = s
            .players()
            .iter()
            .map(|p| {
                json!({"player": p.player, "pseudonym": p.pseudonym, "role": p.role,
                       "connected": self.is_connected(p.player), "acted": s.has_acted(p.player)})
            })
            .collect();
        let mut seats = serde_json::Map::new();
        for kind in RoleKind::ALL {
            let n = s
                .players()
                .iter()
                .filter(|p| p.role.is_some_and(|r| r.kind == kind))
                .count();
            seats.insert(kind.name().into(), n.into());
        }
        json!({
            "type": "state", "code": code, "join_url": join_url(base, code),
            "qr_url": format!("/api/play/{code}/qr.svg"),
            "scenario": s.setup().scenario_name, "phase": phase, "round": round,
            "rounds": s.setup().rounds, "weeks_per_round": s.setup().weeks_per_round,
            "week": s.week(), "seconds_left": self.seconds_left(),
            "timer_seconds": self.timer_seconds,
            "players": players, "seats": seats,
        })
    }
}

pub fn join_url(base: &str, code: &str) -> String {
    format!("{base}/play/phone.html?code={code}")
}

/// Every play session of the server.
pub struct Plays {
    pub trainer_token: String,
    pub limits: PlayLimits,
    log_dir: PathBuf,
    /// `http://ADDR:PORT`, the address students use (set once the server listens).
    pub base: OnceLock<String>,
    next_code: Mutex<String>,
    tables: Mutex<HashMap<String, Arc<Table>>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Plays {
    pub fn new(config: &PlayConfig) -> Result<Plays> {
        let plays = Plays {
            trainer_token: config.trainer_token.clone(),
            limits: config.limits.clone(),
            log_dir: config.log_dir.clone(),
            base: OnceLock::new(),
            next_code: Mutex::new(config.first_code.clone()),
            tables: Mutex::new(HashMap::new()),
        };
        if let Some(path) = &config.resume {
            plays.resume(path)?;
        }
        Ok(plays)
    }

    pub fn base(&self) -> &str {
        self.base.get().map_or("", String::as_str)
    }

    /// The code the next session gets.
    pub fn next_code(&self) -> String {
        lock(&self.next_code).clone()
    }

    fn take_code(&self) -> String {
        let mut next = lock(&self.next_code);
        let tables = lock(&self.tables);
        let mut fresh = join_code();
        while tables.contains_key(&fresh) || fresh == *next {
            fresh = join_code();
        }
        std::mem::replace(&mut *next, fresh)
    }

    pub fn table(&self, code: &str) -> Option<Arc<Table>> {
        lock(&self.tables)
            .get(&protocol::normal_code(code))
            .cloned()
    }

    /// Every session, for the trainer's list.
    pub fn list(&self) -> Vec<Value> {
        let tables: Vec<Arc<Table>> = lock(&self.tables).values().cloned().collect();
        let mut out: Vec<Value> = tables
            .iter()
            .map(|t| {
                let live = lock(&t.live);
                let s = &live.session;
                json!({"code": t.code, "phase": live.state(&t.code, "")["phase"],
                       "round": s.closed().len(), "rounds": s.setup().rounds,
                       "players": s.players().len()})
            })
            .collect();
        out.sort_by(|a, b| a["code"].as_str().cmp(&b["code"].as_str()));
        out
    }

    /// The session and seat of a player's token.
    pub fn find_player(&self, token: &str) -> Option<(Arc<Table>, u32)> {
        let hash = cogov::play::token_hash(token);
        let tables: Vec<Arc<Table>> = lock(&self.tables).values().cloned().collect();
        tables.into_iter().find_map(|t| {
            let player = lock(&t.live)
                .session
                .player_by_token(&hash)
                .map(|p| p.player);
            player.map(|p| (t, p))
        })
    }

    /// A new session with its log file; gives its table.
    pub fn create(&self, session: PlaySession, timer_seconds: u32) -> Result<Arc<Table>, Refusal> {
        self.make_room();
        if lock(&self.tables).len() >= self.limits.sessions {
            return Err(Refusal::new(
                None,
                format!(
                    "this server runs at most {} play sessions at once and none has ended: end one first",
                    self.limits.sessions
                ),
            ));
        }
        let code = self.take_code();
        let path = self
            .new_log(&code)
            .map_err(|e| Refusal::new(None, format!("{e:#}")))?;
        let log = AppendFile::open(&path).map_err(|e| Refusal::new(None, format!("{e:#}")))?;
        self.add(code, session, log, path, String::new(), timer_seconds)
    }

    fn add(
        &self,
        code: String,
        session: PlaySession,
        log: AppendFile,
        log_path: PathBuf,
        log_text: String,
        timer_seconds: u32,
    ) -> Result<Arc<Table>, Refusal> {
        let mut live = Live {
            session,
            log_text,
            log,
            log_path,
            connected: HashMap::new(),
            dropped: std::collections::HashSet::new(),
            timer_seconds,
            deadline: None,
        };
        live.write_log()?;
        let (events, _) = broadcast::channel(256);
        let table = Arc::new(Table {
            code: code.clone(),
            live: Mutex::new(live),
            events,
        });
        lock(&self.tables).insert(code, Arc::clone(&table));
        Ok(table)
    }

    /// When the server is full, an ended session (its log is on disk) makes room for a new
    /// one; sessions still playing are never dropped.
    fn make_room(&self) {
        let mut tables = lock(&self.tables);
        if tables.len() < self.limits.sessions {
            return;
        }
        let ended = tables
            .iter()
            .find(|(_, t)| lock(&t.live).session.phase() == Phase::Ended)
            .map(|(code, _)| code.clone());
        if let Some(code) = ended {
            tables.remove(&code);
        }
    }

    /// A new log file under the log folder, never an existing one.
    fn new_log(&self, code: &str) -> Result<PathBuf> {
        std::fs::create_dir_all(&self.log_dir)
            .with_context(|| format!("cannot create the folder {}", self.log_dir.display()))?;
        let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
        for n in 0..100 {
            let suffix = if n == 0 {
                String::new()
            } else {
                format!("-{n}")
            };
            let path = self
                .log_dir
                .join(format!("play-{code}-{stamp}{suffix}.jsonl"));
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(_) => {
                    crate::durable::sync_dir(&self.log_dir)?;
                    return Ok(path);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot create {}", path.display()));
                }
            }
        }
        bail!("cannot find a free log name in {}", self.log_dir.display())
    }

    /// `--resume LOG`: the session at its last closed round, appending to the same log (a
    /// torn last line is cut off first).
    fn resume(&self, path: &Path) -> Result<()> {
        let text = read_log(path)?;
        let replayed = PlaySession::replay(&text, self.limits.players)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        if replayed.valid_bytes < text.len() {
            let file = OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("cannot open {}", path.display()))?;
            file.set_len(replayed.valid_bytes as u64)
                .and_then(|()| file.sync_all())
                .with_context(|| format!("cannot cut the torn last line of {}", path.display()))?;
        }
        let log = AppendFile::open(path)?;
        let code = self.take_code();
        let text = text[..replayed.valid_bytes].to_string();
        self.add(code, replayed.session, log, path.to_path_buf(), text, 0)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(())
    }

    /// The code of the resumed session, if any (printed at start).
    pub fn codes(&self) -> Vec<String> {
        lock(&self.tables).keys().cloned().collect()
    }
}

/// Read a log with a bound (a log of 52 rounds with 80 players is well under 64 MiB).
fn read_log(path: &Path) -> Result<String> {
    const MAX: u64 = 256 << 20;
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot read the decision log {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(MAX + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read the decision log {}", path.display()))?;
    if bytes.len() as u64 > MAX {
        bail!(
            "{}: larger than {} MiB: not a decision log",
            path.display(),
            MAX >> 20
        );
    }
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: not UTF-8 text (invalid byte at offset {}): not a decision log",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

/// A join code from the operating system's random bytes.
pub fn join_code() -> String {
    let alphabet: Vec<char> = protocol::ALPHABET.chars().collect();
    let hex = crate::serve::sessions::random_id();
    // 128 random bits: 21 bits per character is far more than the 5 bits each needs.
    (0..protocol::CODE_LENGTH)
        .map(|i| {
            let chunk = &hex[i * 5..i * 5 + 5];
            let n = u32::from_str_radix(chunk, 16).unwrap_or(0) as usize;
            alphabet[n % alphabet.len()]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_codes_use_the_alphabet() {
        let a = join_code();
        assert_eq!(a.len(), protocol::CODE_LENGTH);
        assert!(a.chars().all(|c| protocol::ALPHABET.contains(c)));
        let b = join_code();
        let c = join_code();
        assert!(a != b || b != c, "three equal codes in a row");
    }
}
