//! One page's WebSocket: commands in, weeks out.
//!
//! A WebSocket (rather than server-sent events and separate POSTs) because the page's
//! commands and the weeks they cause belong to one ordered conversation: a "pause" is
//! read before the next week is stepped, a fork's answer arrives before the first week
//! that shows it, and the per-connection limits (rate of commands, message size) sit on
//! one channel. Each week is stepped on the blocking pool (the live session runs its
//! replicates in parallel on rayon), so the server's async threads only pass messages.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::ws::{Message, WebSocket};
use serde_json::{Value, json};
use tokio::time::{Instant, sleep_until};

use cogov::live::{CommunityView, LiveError, LiveSession, SessionSpec};

use super::AppState;
use super::catalog;
use super::protocol::{self, ClientMessage, ErrorMessage, ProtocolError, ScenarioChoice};
use super::sessions::RateLimit;

/// The speed a session plays at until the page asks for another (weeks per second).
const DEFAULT_SPEED: f64 = 20.0;

/// What one connection drives.
struct Connection {
    state: Arc<AppState>,
    /// The session driven: its id, token and state.
    session: Option<(String, String, Arc<Mutex<LiveSession>>)>,
    playing: bool,
    speed: f64,
    next_week_at: Instant,
    watch: Option<(usize, usize)>,
    rate: RateLimit,
}

/// Serve one page until it goes away or the server shuts down.
pub async fn serve_socket(mut socket: WebSocket, state: Arc<AppState>) {
    let limits = &state.registry.limits;
    let mut conn = Connection {
        rate: RateLimit::new(limits.commands_per_second, limits.command_burst),
        state: Arc::clone(&state),
        session: None,
        playing: false,
        speed: DEFAULT_SPEED,
        next_week_at: Instant::now(),
        watch: None,
    };
    let mut shutdown = state.shutdown.clone();
    loop {
        let due = conn.next_week_at;
        let replies = tokio::select! {
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Text(text))) => conn.command(text.as_str()).await,
                Some(Ok(Message::Binary(_))) => vec![error(None, "send commands as JSON text, not binary")],
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => Vec::new(), // ping and pong: axum answers pings itself
            },
            _ = sleep_until(due), if conn.playing => conn.play_week().await,
            _ = shutdown.changed() => {
                let _ = socket.send(Message::Text(error(None, "the server is shutting down").to_string().into())).await;
                break;
            }
        };
        if !send_all(&mut socket, replies).await {
            break;
        }
    }
    if let Some((id, _, _)) = &conn.session {
        state.registry.detach(id);
    }
}

fn error(field: Option<&str>, message: &str) -> Value {
    serde_json::to_value(ErrorMessage::new(field, message)).unwrap_or(Value::Null)
}

fn refusal(e: &ProtocolError) -> Value {
    error(e.field.as_deref(), &e.message)
}

impl Connection {
    /// Read one command, act on it, and give the replies.
    async fn command(&mut self, text: &str) -> Vec<Value> {
        if !self.rate.allow() {
            let limits = &self.state.registry.limits;
            return vec![error(
                None,
                &format!(
                    "too many commands: at most {} a second (this one was ignored)",
                    limits.commands_per_second
                ),
            )];
        }
        let message = match protocol::parse(text) {
            Ok(m) => m,
            Err(e) => return vec![refusal(&e)],
        };
        if let Some((id, _, _)) = &self.session {
            self.state.registry.touch(id);
        }
        match self.act(message).await {
            Ok(replies) => replies,
            Err(e) => vec![refusal(&e)],
        }
    }

    async fn act(&mut self, message: ClientMessage) -> Result<Vec<Value>, ProtocolError> {
        match message {
            ClientMessage::Start {
                scenarios,
                replicates,
                seed,
            } => self.start(&scenarios, replicates, seed).await,
            ClientMessage::Attach { session, token } => {
                let live = self
                    .state
                    .registry
                    .open(&session, &token)
                    .map_err(|e| ProtocolError::new(Some("session"), e.to_string()))?;
                self.playing = false;
                if let Some((old, _, _)) = self.session.take()
                    && old != session
                {
                    self.state.registry.detach(&old);
                }
                self.state.registry.attach(&session);
                self.session = Some((session, token, live));
                Ok(vec![self.state_message().await?])
            }
            ClientMessage::Play { speed } => {
                self.session()?;
                self.speed = speed.unwrap_or(self.speed);
                self.playing = true;
                self.next_week_at = Instant::now();
                Ok(vec![self.playing_message()])
            }
            ClientMessage::Pause {} => {
                self.playing = false;
                Ok(vec![self.playing_message()])
            }
            ClientMessage::Speed { speed } => {
                self.speed = speed;
                Ok(vec![self.playing_message()])
            }
            ClientMessage::Step {} => {
                self.playing = false;
                let mut replies = vec![self.playing_message()];
                replies.extend(self.step().await?);
                Ok(replies)
            }
            ClientMessage::Reset {} => self.reset().await,
            ClientMessage::Fork { series, changes } => self.fork(series, &changes).await,
            ClientMessage::Set { series, changes } => self.set(series, &changes).await,
            ClientMessage::Community { series, community } => {
                let Some(series) = series else {
                    self.watch = None;
                    return Ok(Vec::new());
                };
                // Watched from now on only if it exists; otherwise the last one stays.
                let view = self.community((series, community)).await?;
                if view["type"] == "community" {
                    self.watch = Some((series, community));
                }
                Ok(vec![view])
            }
        }
    }

    fn session(&self) -> Result<Arc<Mutex<LiveSession>>, ProtocolError> {
        self.session
            .as_ref()
            .map(|(_, _, s)| Arc::clone(s))
            .ok_or_else(|| ProtocolError::new(None, "no session yet: choose scenarios and start"))
    }

    fn playing_message(&self) -> Value {
        json!({"type": "playing", "playing": self.playing, "speed": self.speed})
    }

    async fn start(
        &mut self,
        choices: &[ScenarioChoice],
        replicates: Option<u32>,
        seed: Option<u64>,
    ) -> Result<Vec<Value>, ProtocolError> {
        // The page's previous session ends: a page drives one session at a time.
        if let Some((old, _, _)) = self.session.take() {
            self.state.registry.remove(&old);
        }
        self.playing = false;
        self.watch = None;
        self.state
            .registry
            .is_full()
            .map_err(|e| ProtocolError::new(None, e.to_string()))?;
        let mut scenarios = Vec::with_capacity(choices.len());
        for (i, choice) in choices.iter().enumerate() {
            scenarios.push(self.resolve(i, choice)?);
        }
        let seed = seed.unwrap_or(scenarios[0].1.run.seed);
        let spec = SessionSpec {
            scenarios,
            replicates: replicates.unwrap_or(protocol::DEFAULT_REPLICATES),
            seed,
        };
        let live = blocking(move || LiveSession::new(spec))
            .await?
            .map_err(|e| live_error(&e))?;
        let (id, token, live) = self
            .state
            .registry
            .add(live)
            .map_err(|e| ProtocolError::new(None, e.to_string()))?;
        self.session = Some((id, token, live));
        Ok(vec![self.state_message().await?])
    }

    /// A scenario the page chose: from the library by name, or an upload by its id.
    fn resolve(
        &self,
        i: usize,
        choice: &ScenarioChoice,
    ) -> Result<(String, cogov::scenario::Scenario), ProtocolError> {
        let field = format!("scenarios[{i}]");
        match choice {
            ScenarioChoice::Library(name) => catalog::load(name)
                .map(|s| (name.clone(), s))
                .map_err(|message| ProtocolError::new(Some(&field), message)),
            ScenarioChoice::Upload(id) => self
                .state
                .registry
                .upload(id)
                .map(|u| (u.name, u.scenario))
                .ok_or_else(|| {
                    ProtocolError::new(
                        Some(&field),
                        "no such uploaded file (uploads expire when unused): upload it again",
                    )
                }),
        }
    }

    /// Everything the page needs to draw a session from scratch.
    async fn state_message(&self) -> Result<Value, ProtocolError> {
        let live = self.session()?;
        let (id, token) = match &self.session {
            Some((id, token, _)) => (id.clone(), token.clone()),
            None => Default::default(),
        };
        blocking(move || {
            let s = lock(&live);
            json!({
                "type": "state",
                "session": id,
                "token": token,
                "week": s.week(),
                "weeks": s.weeks(),
                "metrics": LiveSession::metrics(),
                "series": s.series(),
                "history": s.history(),
                "in_force": in_force(&s),
            })
        })
        .await
    }

    async fn step(&mut self) -> Result<Vec<Value>, ProtocolError> {
        let live = self.session()?;
        let watch = self.watch;
        let (frame, community, force) = blocking(move || {
            let mut s = lock(&live);
            if s.week() >= s.weeks() {
                return (Ok(None), None, Value::Null);
            }
            let frame = s.step().map(Some);
            let community = watch.map(|(series, c)| s.community(series, c));
            (frame, community, in_force(&s))
        })
        .await?;
        let frame = frame.map_err(|e| live_error(&e))?;
        let mut replies = Vec::new();
        match frame {
            Some(frame) => {
                let mut value = serde_json::to_value(&frame).unwrap_or(Value::Null);
                value["type"] = json!("frame");
                value["in_force"] = force;
                replies.push(value);
            }
            None => {
                self.playing = false;
                replies.push(json!({"type": "finished"}));
                replies.push(self.playing_message());
            }
        }
        if let Some(view) = community {
            replies.push(community_message(view));
        }
        Ok(replies)
    }

    /// One week while playing, and when the next is due.
    async fn play_week(&mut self) -> Vec<Value> {
        let interval = Duration::from_secs_f64(1.0 / self.speed);
        self.next_week_at = (self.next_week_at + interval).max(Instant::now());
        match self.step().await {
            Ok(replies) => replies,
            Err(e) => {
                self.playing = false;
                vec![refusal(&e), self.playing_message()]
            }
        }
    }

    async fn reset(&mut self) -> Result<Vec<Value>, ProtocolError> {
        let live = self.session()?;
        self.playing = false;
        blocking(move || lock(&live).reset()).await?;
        Ok(vec![self.playing_message(), self.state_message().await?])
    }

    async fn fork(
        &mut self,
        series: usize,
        changes: &[protocol::LeverChange],
    ) -> Result<Vec<Value>, ProtocolError> {
        let live = self.session()?;
        let changes = protocol::toml_changes(changes);
        let forked = blocking(move || {
            let mut s = lock(&live);
            s.fork(series, &changes)
                .map(|index| (index, s.series(), s.history(), in_force(&s)))
        })
        .await?
        .map_err(|e| live_error(&e))?;
        let (index, series, history, in_force) = forked;
        Ok(vec![json!({
            "type": "forked",
            "index": index,
            "series": series,
            "history": history,
            "in_force": in_force,
        })])
    }

    /// Levers set before the start: the scenario itself changes, and the page draws the
    /// session again from week 0.
    async fn set(
        &mut self,
        series: usize,
        changes: &[protocol::LeverChange],
    ) -> Result<Vec<Value>, ProtocolError> {
        let live = self.session()?;
        let changes = protocol::toml_changes(changes);
        blocking(move || lock(&live).set_before_start(series, &changes))
            .await?
            .map_err(|e| live_error(&e))?;
        Ok(vec![self.state_message().await?])
    }

    async fn community(&self, (series, community): (usize, usize)) -> Result<Value, ProtocolError> {
        let live = self.session()?;
        let view = blocking(move || lock(&live).community(series, community)).await?;
        Ok(community_message(view))
    }
}

/// A refusal of the live session, with the field it names.
/// Per series, the levers' values its next week runs with (`{key: value}`).
fn in_force(s: &LiveSession) -> Value {
    Value::Array(
        (0..s.series().len())
            .map(|i| {
                s.in_force(i)
                    .ok()
                    .and_then(|t| serde_json::to_value(t).ok())
                    .unwrap_or(Value::Null)
            })
            .collect(),
    )
}

fn live_error(e: &LiveError) -> ProtocolError {
    ProtocolError::new(Some(&e.field()), e.to_string())
}

/// A community view for the page, its residents packed one character each (a community
/// has thousands, sent several times a second): the digit is 1 if taking part, + 2 if
/// online, + 4 if a committed resident (`dots`), and 1 if the resident has internet
/// access (`access`).
fn community_message(view: Result<CommunityView, LiveError>) -> Value {
    match view {
        Ok(view) => {
            let dots: String = view
                .residents
                .iter()
                .map(|r| {
                    char::from(
                        b'0' + u8::from(r.active)
                            + 2 * u8::from(r.online)
                            + 4 * u8::from(r.committed),
                    )
                })
                .collect();
            let access: String = view
                .residents
                .iter()
                .map(|r| if r.online_access { '1' } else { '0' })
                .collect();
            json!({
                "type": "community",
                "week": view.week,
                "community": view.community,
                "communities": view.communities,
                "dots": dots,
                "access": access,
                "hours": view.hours,
                "backlog": view.backlog,
                "funds": view.funds,
            })
        }
        Err(e) => {
            let e = live_error(&e);
            error(e.field.as_deref(), &e.message)
        }
    }
}

/// A poisoned session lock means a step panicked; the session's state may be half a week,
/// but every later call still answers (the page is told of any error), and nothing is
/// written to disk, so it is used as it is.
fn lock(m: &Mutex<LiveSession>) -> std::sync::MutexGuard<'_, LiveSession> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Run `f` on the blocking pool; a panic in it is an error message, not a dead server.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ProtocolError> {
    tokio::task::spawn_blocking(f).await.map_err(|_| {
        ProtocolError::new(
            None,
            "internal error while running the model (please report it); start again",
        )
    })
}

/// Send each reply in order; false when the page has gone (the connection is then done).
pub(crate) async fn send_all(socket: &mut WebSocket, replies: Vec<Value>) -> bool {
    for reply in replies {
        if socket
            .send(Message::Text(reply.to_string().into()))
            .await
            .is_err()
        {
            return false;
        }
    }
    true
}
