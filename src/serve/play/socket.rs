//! One connection of `/play/ws`: a student's phone, the projector or the trainer. The
//! first message says which; every later one is read as that party's. Messages that
//! change a session are applied under its lock, logged (appended and fsynced) before any
//! answer goes out, and heard by every connection of the session through its events.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::ws::{Message, WebSocket};
use serde_json::{Value, json};
use tokio::sync::broadcast;

use cogov::metrics::TickMetrics;
use cogov::play::{
    Assignment, Phase, PlaySession, Refusal, RoundOutcome, RoundRecord, Setup, same_secret,
};

use super::protocol::{self, DEFAULT_ROUNDS, DEFAULT_TIMER, PlayMessage};
use super::{Event, Live, Table};
use crate::serve::AppState;
use crate::serve::protocol::ScenarioChoice;
use crate::serve::sessions::{RateLimit, random_id};
use crate::serve::stream::send_all;

/// Who a connection is.
enum Party {
    Nobody,
    Student { table: Arc<Table>, player: u32 },
    Projector { table: Arc<Table> },
    Trainer { table: Option<Arc<Table>> },
}

struct Conn {
    state: Arc<AppState>,
    party: Party,
    events: Option<broadcast::Receiver<Event>>,
    rate: RateLimit,
}

type Replies = Result<Vec<Value>, Refusal>;

fn lock(m: &Mutex<Live>) -> std::sync::MutexGuard<'_, Live> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn error(field: Option<&str>, message: &str) -> Value {
    json!({"type": "error", "field": field, "message": message})
}

fn refused(e: &Refusal) -> Value {
    error(e.field.as_deref(), &e.message)
}

/// Serve one connection until it closes or the server stops.
pub async fn serve_play_socket(mut socket: WebSocket, state: Arc<AppState>) {
    let limits = &state.plays.limits;
    let mut conn = Conn {
        rate: RateLimit::new(limits.messages_per_second, limits.message_burst),
        state: Arc::clone(&state),
        party: Party::Nobody,
        events: None,
    };
    let mut shutdown = state.shutdown.clone();
    loop {
        let replies = tokio::select! {
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Text(text))) => conn.message(text.as_str()).await,
                Some(Ok(Message::Binary(_))) => vec![error(None, "send messages as JSON text, not binary")],
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => Vec::new(),
            },
            event = next_event(&mut conn.events) => conn.event(event),
            _ = shutdown.changed() => break,
        };
        if !send_all(&mut socket, replies).await {
            break;
        }
    }
    conn.leave().await;
}

async fn next_event(
    events: &mut Option<broadcast::Receiver<Event>>,
) -> Result<Event, broadcast::error::RecvError> {
    match events {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}

impl Conn {
    async fn message(&mut self, text: &str) -> Vec<Value> {
        if !self.rate.allow() {
            return vec![error(
                None,
                &format!(
                    "too many messages: at most {} a second (this one was ignored)",
                    self.state.plays.limits.messages_per_second
                ),
            )];
        }
        let message = match protocol::parse(text) {
            Ok(m) => m,
            Err(e) => return vec![error(e.field.as_deref(), &e.message)],
        };
        match self.act(message).await {
            Ok(r) => r,
            Err(e) => vec![refused(&e)],
        }
    }

    async fn act(&mut self, m: PlayMessage) -> Replies {
        let student = match &self.party {
            Party::Student { table, player } => Some((Arc::clone(table), *player)),
            _ => None,
        };
        if matches!(self.party, Party::Trainer { .. }) {
            return self.trainer_act(m).await;
        }
        if let Some((table, player)) = student {
            return match m {
                PlayMessage::Act { round, decision } => {
                    student_act(&table, player, round, &decision).await
                }
                _ => Err(Refusal::new(
                    Some("type"),
                    "a student sends act messages only",
                )),
            };
        }
        if !matches!(self.party, Party::Nobody) {
            return Err(Refusal::new(Some("type"), "the projector only watches"));
        }
        match m {
            PlayMessage::Join { code, pseudonym } => self.join(&code, &pseudonym),
            PlayMessage::Rejoin { token } => self.rejoin(&token).await,
            PlayMessage::Watch { code } => {
                let table = self.find(&code)?;
                let mut out = vec![self.subscribe(&table)];
                out.extend(catch_up(&table).await);
                self.party = Party::Projector { table };
                Ok(out)
            }
            PlayMessage::Trainer { token, code } => self.trainer(&token, code).await,
            _ => Err(Refusal::new(
                Some("type"),
                "say who you are first: join, rejoin, watch or trainer",
            )),
        }
    }

    fn find(&self, code: &str) -> Result<Arc<Table>, Refusal> {
        self.state.plays.table(code).ok_or_else(|| {
            Refusal::new(
                Some("code"),
                "no session has this join code: check the projector",
            )
        })
    }

    /// Hear the session's events from now on; gives its state.
    fn subscribe(&mut self, table: &Arc<Table>) -> Value {
        self.events = Some(table.events.subscribe());
        lock(&table.live).state(&table.code, self.state.plays.base())
    }

    fn join(&mut self, code: &str, pseudonym: &str) -> Replies {
        let table = self.find(code)?;
        let token = random_id();
        let hash = cogov::play::token_hash(&token);
        let player = {
            let mut live = lock(&table.live);
            let player = live.session.join(pseudonym, &hash)?.player;
            live.write_log()?;
            player
        };
        self.seated(table, player, token)
    }

    /// A phone comes back with its token: its seat, and once the session has ended the
    /// `debrief` too, so a reloaded phone shows the end screen with the class's result.
    async fn rejoin(&mut self, token: &str) -> Replies {
        let (table, player) = self.state.plays.find_player(token).ok_or_else(|| {
            Refusal::new(
                Some("token"),
                "this phone's player is not in any session here: join with the code",
            )
        })?;
        let mut out = self.seated(Arc::clone(&table), player, token.to_string())?;
        let t = Arc::clone(&table);
        let ended = tokio::task::spawn_blocking(move || ended_debrief(&mut lock(&t.live)))
            .await
            .unwrap_or_else(|_| Some(error(None, "internal error while reading the session")));
        out.extend(ended);
        Ok(out)
    }

    /// A student is connected to their seat: `joined`, the state, and the view.
    fn seated(&mut self, table: Arc<Table>, player: u32, token: String) -> Replies {
        let state = self.subscribe(&table);
        let joined = {
            let mut live = lock(&table.live);
            *live.connected.entry(player).or_default() += 1;
            live.dropped.remove(&player);
            let p = &live.session.players()[player as usize];
            json!({"type": "joined", "player": player, "token": token, "pseudonym": p.pseudonym,
                   "role": p.role, "code": table.code})
        };
        let _ = table.events.send(Event::State);
        let mut out = vec![joined, state];
        out.extend(view(&table, player));
        self.party = Party::Student { table, player };
        Ok(out)
    }

    async fn trainer(&mut self, token: &str, code: Option<String>) -> Replies {
        if !same_secret(token, &self.state.plays.trainer_token) {
            return Err(Refusal::new(
                Some("token"),
                "not the trainer's token: use the trainer address printed where cogov serve runs",
            ));
        }
        let table = code.map(|c| self.find(&c)).transpose()?;
        let mut out = vec![self.sessions()];
        if let Some(t) = &table {
            out.push(self.subscribe(t));
            out.extend(catch_up(t).await);
        }
        self.party = Party::Trainer { table };
        Ok(out)
    }

    fn sessions(&self) -> Value {
        let plays = &self.state.plays;
        json!({"type": "sessions", "sessions": plays.list(), "join_code": plays.next_code()})
    }

    fn controlled(&self) -> Result<Arc<Table>, Refusal> {
        match &self.party {
            Party::Trainer { table: Some(t) } => Ok(Arc::clone(t)),
            _ => Err(Refusal::new(
                None,
                "no session chosen: create one or control one by its code",
            )),
        }
    }

    async fn trainer_act(&mut self, m: PlayMessage) -> Replies {
        match m {
            PlayMessage::Create {
                scenario,
                seed,
                weeks_per_round,
                rounds,
                timer_seconds,
                assignment,
            } => {
                let setup = Setup {
                    scenario_name: String::new(),
                    scenario: cogov::scenario::Scenario::default(),
                    seed: seed.unwrap_or(1),
                    weeks_per_round: weeks_per_round.unwrap_or(1),
                    rounds: rounds.unwrap_or(DEFAULT_ROUNDS),
                    assignment: assignment.unwrap_or(Assignment::InTurn),
                    max_players: self.state.plays.limits.players,
                };
                let timer = timer_seconds.unwrap_or(DEFAULT_TIMER);
                self.create(&scenario, setup, timer).await
            }
            PlayMessage::Control { code } => {
                let table = self.find(&code)?;
                let mut out = vec![self.subscribe(&table)];
                out.extend(catch_up(&table).await);
                self.party = Party::Trainer { table: Some(table) };
                Ok(out)
            }
            PlayMessage::Assign { player, role } => {
                let table = self.controlled()?;
                {
                    let mut live = lock(&table.live);
                    live.session.assign(player, role)?;
                    live.write_log()?;
                }
                let _ = table.events.send(Event::State);
                Ok(Vec::new())
            }
            PlayMessage::Timer { seconds } => {
                let table = self.controlled()?;
                lock(&table.live).timer_seconds = seconds;
                let _ = table.events.send(Event::State);
                Ok(Vec::new())
            }
            PlayMessage::Start {} => {
                let table = self.controlled()?;
                {
                    let mut live = lock(&table.live);
                    live.session.start()?;
                    live.write_log()?;
                }
                open_round(&table, 1);
                Ok(Vec::new())
            }
            PlayMessage::CloseRound {} => {
                let table = self.controlled()?;
                let open = match lock(&table.live).session.phase() {
                    Phase::Round(r) => r,
                    _ => return Err(Refusal::new(None, "no round is open")),
                };
                close_round(table, open, false).await?;
                Ok(Vec::new())
            }
            PlayMessage::End {} => {
                let table = self.controlled()?;
                close_round(table, 0, true).await?;
                Ok(Vec::new())
            }
            _ => Err(Refusal::new(
                Some("type"),
                "not a trainer's message: create, control, assign, timer, start, close_round or end",
            )),
        }
    }

    async fn create(&mut self, choice: &ScenarioChoice, mut setup: Setup, timer: u32) -> Replies {
        let (name, scenario) = match choice {
            ScenarioChoice::Library(name) => {
                let scenario = cogov::library::load(name).map_err(|_| {
                    Refusal::new(
                        Some("scenario.library"),
                        format!(
                            "no built-in scenario \"{}\": one of {}",
                            short(name),
                            library_names()
                        ),
                    )
                })?;
                (cogov::library::name_of(name).to_string(), scenario)
            }
            ScenarioChoice::Upload(id) => {
                let upload = self.state.registry.upload(id).ok_or_else(|| {
                    Refusal::new(
                        Some("scenario.upload"),
                        "no such upload (it may have expired): upload the file again",
                    )
                })?;
                (
                    upload.name.trim_end_matches(".toml").to_string(),
                    upload.scenario,
                )
            }
        };
        setup.scenario_name = name;
        setup.scenario = scenario;
        let session = tokio::task::spawn_blocking(move || PlaySession::new(setup))
            .await
            .map_err(|_| Refusal::new(None, "internal error while building the street"))??;
        let table = self.state.plays.create(session, timer)?;
        let base = self.state.plays.base();
        let log = lock(&table.live).log_path.display().to_string();
        let created = json!({"type": "created", "code": table.code, "log": log,
            "join_url": super::join_url(base, &table.code),
            "qr_url": format!("/api/play/{}/qr.svg", table.code)});
        let state = self.subscribe(&table);
        self.party = Party::Trainer { table: Some(table) };
        Ok(vec![created, state])
    }

    fn event(&mut self, event: Result<Event, broadcast::error::RecvError>) -> Vec<Value> {
        let table = match &self.party {
            Party::Student { table, .. } | Party::Projector { table } => Arc::clone(table),
            Party::Trainer { table: Some(t) } => Arc::clone(t),
            _ => return Vec::new(),
        };
        let state = || lock(&table.live).state(&table.code, self.state.plays.base());
        match event {
            Ok(Event::State) | Err(broadcast::error::RecvError::Lagged(_)) => vec![state()],
            Ok(Event::Say(messages)) => messages.as_ref().clone(),
            Ok(Event::RoundOpen(round)) => {
                let (first, seconds) = {
                    let live = lock(&table.live);
                    (live.session.week() + 1, live.seconds_left())
                };
                let weeks = lock(&table.live).session.setup().weeks_per_round;
                let mut out = vec![json!({"type": "round_open", "round": round,
                    "weeks": [first, first + weeks - 1], "seconds_left": seconds})];
                if let Party::Student { player, .. } = &self.party {
                    out.extend(view(&table, *player));
                }
                out
            }
            Err(broadcast::error::RecvError::Closed) => {
                self.events = None;
                Vec::new()
            }
        }
    }

    /// The connection has gone: a student's seat stays theirs (the model plays it).
    async fn leave(&mut self) {
        let Party::Student { table, player } = &self.party else {
            return;
        };
        let (table, player) = (Arc::clone(table), *player);
        let ready = {
            let mut live = lock(&table.live);
            if let Some(n) = live.connected.get_mut(&player) {
                *n = n.saturating_sub(1);
            }
            if !live.is_connected(player) {
                live.dropped.insert(player);
            }
            match live.session.phase() {
                Phase::Round(r) if live.all_acted() => Some(r),
                _ => None,
            }
        };
        let _ = table.events.send(Event::State);
        if let Some(r) = ready {
            let _ = close_round(table, r, false).await;
        }
    }
}

/// A student's `view` message, if they have a seat and a round is open.
fn view(table: &Table, player: u32) -> Option<Value> {
    let live = lock(&table.live);
    let Phase::Round(round) = live.session.phase() else {
        return None;
    };
    let role = live.session.players().get(player as usize)?.role?;
    let view = live.session.view(player)?;
    Some(json!({"type": "view", "round": round, "role": role, "view": view}))
}

async fn student_act(table: &Arc<Table>, player: u32, round: u32, decision: &Value) -> Replies {
    let ready = {
        let mut live = lock(&table.live);
        live.session.act(player, round, decision)?;
        live.all_acted()
    };
    let _ = table.events.send(Event::State);
    if ready {
        close_round(Arc::clone(table), round, false).await?;
    }
    Ok(vec![json!({"type": "acted", "round": round})])
}

/// Open round `round`: its timer starts, everyone hears of it.
fn open_round(table: &Arc<Table>, round: u32) {
    let timer = {
        let mut live = lock(&table.live);
        let t = live.timer_seconds;
        live.deadline = (t > 0).then(|| Instant::now() + Duration::from_secs(t.into()));
        t
    };
    let _ = table.events.send(Event::RoundOpen(round));
    let _ = table.events.send(Event::State);
    if timer > 0 {
        let table = Arc::clone(table);
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(timer.into())).await;
            let _ = close_round(table, round, false).await;
        });
    }
}

/// Close round `round` (if it is still the open one) or, with `end`, end the session;
/// the weeks run on the blocking pool; everyone hears the outcome.
async fn close_round(table: Arc<Table>, round: u32, end: bool) -> Result<(), Refusal> {
    let t = Arc::clone(&table);
    let done =
        tokio::task::spawn_blocking(move || -> Result<Option<(Vec<Value>, Phase)>, Refusal> {
            let mut live = lock(&t.live);
            let outcome = if end {
                live.session.end()?
            } else if live.session.phase() == Phase::Round(round) {
                Some(live.session.close_round()?)
            } else {
                return Ok(None); // closed already (the timer and the last action met)
            };
            live.deadline = None;
            live.write_log()?;
            let mut said: Vec<Value> = outcome.iter().map(round_closed).collect();
            let phase = live.session.phase();
            if phase == Phase::Ended {
                said.push(debrief(&live.session.debrief()?));
            }
            Ok(Some((said, phase)))
        })
        .await
        .map_err(|_| Refusal::new(None, "internal error while running the round"))??;
    let Some((said, phase)) = done else {
        return Ok(());
    };
    let _ = table.events.send(Event::Say(Arc::new(said)));
    match phase {
        Phase::Round(next) => open_round(&table, next),
        _ => {
            let _ = table.events.send(Event::State);
        }
    }
    Ok(())
}

/// One closed week as `round_closed` and `history` carry it: its `trajectories.csv` row.
fn week_row(m: &TickMetrics) -> Value {
    json!({"week": m.tick, "metrics": m})
}

/// The `history` message: every week closed so far (week 1 on, each as `round_closed` gave
/// it), so a projector or trainer page that (re)connects draws whole charts. At most the
/// session's weeks (rounds × weeks per round, 52 × 13 at most) rows of its metrics. With
/// them `last_round`, what the round summary shows of the last closed round (null before
/// the first closes).
fn history(live: &Live) -> Value {
    let weeks: Vec<Value> = live
        .session
        .class()
        .iter()
        .filter(|m| m.tick >= 1)
        .map(week_row)
        .collect();
    json!({"type": "history", "weeks": weeks, "last_round": last_round(&live.session)})
}

/// The last closed round as the round summary shows it: `round`, `weeks` `[first, last]`,
/// and `acted` and `defaulted` as its `round_closed` gave them (at most the session's
/// players each). Null before the first round closes.
fn last_round(session: &PlaySession) -> Value {
    let Some(record) = session.closed().last() else {
        return Value::Null;
    };
    let first = record.weeks.first().map_or(0, |w| w.week);
    let last = record.weeks.last().map_or(first, |w| w.week);
    json!({"round": record.round, "weeks": [first, last], "acted": record.acted,
           "defaulted": defaulted_in(session, record)})
}

/// The players the model's rule decided for in a closed round, as its `round_closed` said:
/// every player with a seat who had joined before the round's weeks ran and did not act.
/// (Seats are given on joining or in the lobby, so a player's seat now is the seat they had
/// then; a player who joined during the round joined in the week before its first.)
fn defaulted_in(session: &PlaySession, record: &RoundRecord) -> Vec<u32> {
    let first = record.weeks.first().map_or(u32::MAX, |w| w.week);
    session
        .players()
        .iter()
        .filter(|p| p.role.is_some() && p.joined_week < first)
        .map(|p| p.player)
        .filter(|p| !record.acted.contains(p))
        .collect()
}

/// The `debrief` once the session has ended, else nothing (may step the model's own run:
/// call on the blocking pool).
fn ended_debrief(live: &mut Live) -> Option<Value> {
    if live.session.phase() != Phase::Ended {
        return None;
    }
    Some(match live.session.debrief() {
        Ok(d) => debrief(&d),
        Err(e) => refused(&e),
    })
}

/// What a projector or trainer page that (re)connects has missed: the `history` and, once
/// the session has ended, the `debrief` (on the blocking pool: the model's own run may
/// have to be stepped again).
async fn catch_up(table: &Arc<Table>) -> Vec<Value> {
    let t = Arc::clone(table);
    tokio::task::spawn_blocking(move || {
        let mut live = lock(&t.live);
        let mut out = vec![history(&live)];
        out.extend(ended_debrief(&mut live));
        out
    })
    .await
    .unwrap_or_else(|_| vec![error(None, "internal error while reading the session")])
}

fn debrief(d: &cogov::play::debrief::Debrief) -> Value {
    json!({"type": "debrief", "series": d.series, "differed": d.differed, "players": d.players,
           "downloads": cogov::play::debrief::DOWNLOADS})
}

fn round_closed(o: &RoundOutcome) -> Value {
    let weeks: Vec<Value> = o.weeks.iter().map(week_row).collect();
    json!({"type": "round_closed", "round": o.round, "weeks": weeks,
           "acted": o.acted, "defaulted": o.defaulted})
}

fn short(s: &str) -> String {
    s.chars().take(60).collect()
}

fn library_names() -> String {
    cogov::library::order()
        .iter()
        .map(|f| cogov::library::name_of(f))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use cogov::play::{DEFAULT_MAX_PLAYERS, token_hash};

    fn small_session() -> PlaySession {
        let mut scenario = cogov::scenario::Scenario::default();
        scenario.population.communities_per_street = 3;
        scenario.population.residents_per_community = 120;
        PlaySession::new(Setup {
            scenario_name: "small".into(),
            scenario,
            seed: 7,
            weeks_per_round: 2,
            rounds: 3,
            assignment: Assignment::InTurn,
            max_players: DEFAULT_MAX_PLAYERS,
        })
        .unwrap()
    }

    fn join(s: &mut PlaySession, name: &str) {
        s.join(name, &token_hash(&format!("token of {name}")))
            .unwrap();
    }

    /// `history`'s `last_round` says what the round's `round_closed` said.
    fn says_what_round_closed_said(s: &PlaySession, o: &RoundOutcome) {
        let last = last_round(s);
        assert_eq!(last["round"], o.round);
        let weeks = [o.weeks[0].tick, o.weeks[o.weeks.len() - 1].tick];
        assert_eq!(last["weeks"], json!(weeks));
        assert_eq!(last["acted"], json!(o.acted), "{last}");
        assert_eq!(last["defaulted"], json!(o.defaulted), "{last}");
    }

    #[test]
    fn the_last_round_of_history_is_the_one_round_closed_gave() {
        let mut s = small_session();
        assert_eq!(last_round(&s), Value::Null, "no round closed yet");
        for name in ["p0", "p1", "p2", "p3"] {
            join(&mut s, name);
        }
        s.start().unwrap();
        assert_eq!(last_round(&s), Value::Null);
        s.act(0, 1, &json!({})).unwrap();
        s.act(2, 1, &json!({})).unwrap();
        let first = s.close_round().unwrap();
        assert_eq!(first.defaulted, vec![1, 3]);
        says_what_round_closed_said(&s, &first);
        // A player who joins during round 2 and does not act got the rule in it.
        join(&mut s, "late");
        s.act(1, 2, &json!({})).unwrap();
        let second = s.close_round().unwrap();
        assert!(second.defaulted.contains(&4), "{:?}", second.defaulted);
        says_what_round_closed_said(&s, &second);
        // One who joins after round 2 closed is not in its lists.
        join(&mut s, "later");
        says_what_round_closed_said(&s, &second);
        // A session rebuilt from its log (`--resume`) says the same.
        let log = s.take_log().concat();
        let replayed = PlaySession::replay(&log, DEFAULT_MAX_PLAYERS)
            .unwrap()
            .session;
        assert_eq!(last_round(&replayed), last_round(&s));
    }
}
