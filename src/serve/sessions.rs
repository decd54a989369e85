//! The live sessions of a server and the scenario files uploaded to it, with the limits
//! that keep a classroom machine alive.
//!
//! A session is found by its id and opened only with its token: both are 128-bit random
//! strings from the operating system (`getrandom` through `/dev/urandom`; not model
//! randomness, which comes only from a scenario's seed), so one page cannot guess or drive
//! another's session. A session nobody has used for [`Limits::idle`] is dropped.

use std::collections::HashMap;
use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cogov::live::LiveSession;
use cogov::play::same_secret;
use cogov::scenario::Scenario;

/// The limits of one server. Defaults are for a trainer's laptop with 2 cores: a
/// six-scenario, ten-replicate session of the default street needs well under 200 MiB, so
/// four at once fit in 1 GiB, and more than four would slow every class's stream below
/// the 20 weeks per second the page is made for.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Live sessions at once.
    pub sessions: usize,
    /// A session not used (no command, no download) for this long is dropped.
    pub idle: Duration,
    /// A session whose page has gone (its WebSocket closed) is kept this long for the page
    /// to come back (a reload attaches to it again); when the server is full, the one left
    /// longest goes first to make room.
    pub detached: Duration,
    /// Uploaded scenario files kept at once (the oldest goes first).
    pub uploads: usize,
    /// Largest scenario file that may be uploaded (bytes).
    pub upload_bytes: usize,
    /// Commands a connection may send per second, on average, and in a burst.
    pub commands_per_second: f64,
    pub command_burst: f64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            sessions: 4,
            idle: Duration::from_secs(30 * 60),
            detached: Duration::from_secs(10 * 60),
            uploads: 64,
            upload_bytes: 256 * 1024,
            commands_per_second: 20.0,
            command_burst: 40.0,
        }
    }
}

/// One live session, shared by the connection that drives it and the downloads.
pub struct Entry {
    pub token: String,
    pub session: Arc<Mutex<LiveSession>>,
    pub last_used: Instant,
    /// Whether a page is connected to it now.
    pub attached: bool,
}

/// A scenario file uploaded and checked, waiting to be run.
#[derive(Clone)]
pub struct Upload {
    pub name: String,
    pub scenario: Scenario,
    pub added: Instant,
}

/// Every session and upload of the server.
pub struct Registry {
    pub limits: Limits,
    sessions: Mutex<HashMap<String, Entry>>,
    uploads: Mutex<HashMap<String, Upload>>,
}

/// Why a session could not be found or added.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error(
        "too many live sessions: this server runs at most {0} at once; close another page's session (or wait {1} minutes until an unused one expires) and start again"
    )]
    Full(usize, u64),
    #[error("no such session (it may have expired after {0} minutes unused): start a new one")]
    Unknown(u64),
    #[error("wrong token for this session: a page can only drive the sessions it started")]
    Token,
}

impl Registry {
    pub fn new(limits: Limits) -> Registry {
        Registry {
            limits,
            sessions: Mutex::new(HashMap::new()),
            uploads: Mutex::new(HashMap::new()),
        }
    }

    fn idle_minutes(&self) -> u64 {
        self.limits.idle.as_secs().div_ceil(60)
    }

    /// Add a session; gives its id and token.
    pub fn add(
        &self,
        session: LiveSession,
    ) -> Result<(String, String, Arc<Mutex<LiveSession>>), RegistryError> {
        let mut sessions = lock(&self.sessions);
        self.make_room(&mut sessions)?;
        let (id, token) = (random_id(), random_id());
        let session = Arc::new(Mutex::new(session));
        sessions.insert(
            id.clone(),
            Entry {
                token: token.clone(),
                session: Arc::clone(&session),
                last_used: Instant::now(),
                attached: true,
            },
        );
        Ok((id, token, session))
    }

    /// Whether a session would be refused for want of room (checked before building one).
    pub fn is_full(&self) -> Result<(), RegistryError> {
        let mut sessions = lock(&self.sessions);
        self.expire(&mut sessions);
        let detached = sessions.values().any(|e| !e.attached);
        if sessions.len() >= self.limits.sessions && !detached {
            return Err(RegistryError::Full(
                self.limits.sessions,
                self.idle_minutes(),
            ));
        }
        Ok(())
    }

    /// Room for one more session: expired ones go, then, if still full, the session whose
    /// page left longest ago; a server full of connected pages refuses.
    fn make_room(&self, sessions: &mut HashMap<String, Entry>) -> Result<(), RegistryError> {
        self.expire(sessions);
        if sessions.len() < self.limits.sessions {
            return Ok(());
        }
        let oldest = sessions
            .iter()
            .filter(|(_, e)| !e.attached)
            .min_by_key(|(_, e)| e.last_used)
            .map(|(id, _)| id.clone());
        match oldest {
            Some(id) => {
                sessions.remove(&id);
                Ok(())
            }
            None => Err(RegistryError::Full(
                self.limits.sessions,
                self.idle_minutes(),
            )),
        }
    }

    /// The session `id`, if `token` is its token; marks it used.
    pub fn open(&self, id: &str, token: &str) -> Result<Arc<Mutex<LiveSession>>, RegistryError> {
        let mut sessions = lock(&self.sessions);
        self.expire(&mut sessions);
        let entry = sessions
            .get_mut(id)
            .ok_or(RegistryError::Unknown(self.idle_minutes()))?;
        if !same_secret(&entry.token, token) {
            return Err(RegistryError::Token);
        }
        entry.last_used = Instant::now();
        Ok(Arc::clone(&entry.session))
    }

    /// Mark a session used (a connection is still driving it).
    pub fn touch(&self, id: &str) {
        if let Some(entry) = lock(&self.sessions).get_mut(id) {
            entry.last_used = Instant::now();
        }
    }

    /// A page is connected to the session again (it was reloaded).
    pub fn attach(&self, id: &str) {
        if let Some(entry) = lock(&self.sessions).get_mut(id) {
            entry.attached = true;
            entry.last_used = Instant::now();
        }
    }

    /// The session's page has gone: it is kept a while for the page to come back.
    pub fn detach(&self, id: &str) {
        if let Some(entry) = lock(&self.sessions).get_mut(id) {
            entry.attached = false;
            entry.last_used = Instant::now();
        }
    }

    /// End a session now (its page started another one).
    pub fn remove(&self, id: &str) {
        lock(&self.sessions).remove(id);
    }

    fn expire(&self, sessions: &mut HashMap<String, Entry>) {
        let Limits { idle, detached, .. } = self.limits;
        sessions.retain(|_, e| e.last_used.elapsed() < if e.attached { idle } else { detached });
    }

    /// Drop sessions and uploads unused for too long (called now and then by the server).
    pub fn expire_all(&self) {
        self.expire(&mut lock(&self.sessions));
        let idle = self.limits.idle;
        lock(&self.uploads).retain(|_, u| u.added.elapsed() < idle);
    }

    /// Keep a checked upload; gives its id. The oldest upload goes when there are too many.
    pub fn add_upload(&self, name: String, scenario: Scenario) -> String {
        let mut uploads = lock(&self.uploads);
        while uploads.len() >= self.limits.uploads {
            let oldest = uploads
                .iter()
                .min_by_key(|(_, u)| u.added)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => uploads.remove(&k),
                None => break,
            };
        }
        let id = format!("u-{}", random_id());
        uploads.insert(
            id.clone(),
            Upload {
                name,
                scenario,
                added: Instant::now(),
            },
        );
        id
    }

    pub fn upload(&self, id: &str) -> Option<Upload> {
        lock(&self.uploads).get(id).cloned()
    }
}

/// A poisoned registry lock means a handler panicked while holding it; the map itself is
/// still whole (every change is one insert or remove), so it is used as it is.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// 128 random bits from the operating system, as 32 hex digits.
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if read.is_err() {
        // No /dev/urandom (not Linux): the standard library's per-process random keys.
        use std::hash::{BuildHasher, RandomState};
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            let h = RandomState::new().hash_one((i, Instant::now()));
            chunk.copy_from_slice(&h.to_le_bytes());
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A token bucket: `rate` commands a second on average, `burst` at once.
pub struct RateLimit {
    rate: f64,
    burst: f64,
    tokens: f64,
    at: Instant,
}

impl RateLimit {
    pub fn new(rate: f64, burst: f64) -> RateLimit {
        RateLimit {
            rate,
            burst,
            tokens: burst,
            at: Instant::now(),
        }
    }

    /// Whether one more command may go now.
    pub fn allow(&mut self) -> bool {
        self.allow_at(Instant::now())
    }

    fn allow_at(&mut self, now: Instant) -> bool {
        let elapsed = now.saturating_duration_since(self.at).as_secs_f64();
        self.at = now;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.burst);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_long_and_different() {
        let (a, b) = (random_id(), random_id());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn rate_limit_allows_a_burst_then_the_rate() {
        let mut limit = RateLimit::new(10.0, 3.0);
        let t0 = limit.at;
        assert!((0..3).all(|_| limit.allow_at(t0)));
        assert!(!limit.allow_at(t0));
        assert!(limit.allow_at(t0 + Duration::from_millis(100)));
        assert!(!limit.allow_at(t0 + Duration::from_millis(100)));
    }
}
