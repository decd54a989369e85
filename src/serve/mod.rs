//! `cogov serve`: the classroom page. A local web server (axum on tokio) that runs live
//! sessions of the scenario library (`cogov::live`) and streams their weeks to a page.
//!
//! - `routes`: HTTP: the page's files, the catalogue (`/api/meta`), uploads, downloads.
//! - `stream`: one page's WebSocket: commands in, weeks out.
//! - `protocol`: the messages and their checks.
//! - `sessions`: the live sessions and uploads, with their limits.
//! - `catalog`: the library, metrics, levers and words the page shows.
//! - `assets`: the page's files, compiled in.
//! - `play`: the participatory mode (issue 12): play sessions, `/play/ws`, the decision log.

mod assets;
mod catalog;
pub mod play;
pub mod protocol;
mod routes;
pub mod sessions;
mod stream;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use tokio::net::TcpListener;
use tokio::sync::watch;

use cogov::i18n::Lang;

pub use sessions::Limits;

/// What the server shares with every request and connection.
pub struct AppState {
    pub registry: sessions::Registry,
    /// The page's language until the user picks one.
    pub lang: Lang,
    /// Changes once, when the server is asked to stop: connections close.
    pub shutdown: watch::Receiver<bool>,
    /// The play sessions (issue 12).
    pub plays: play::Plays,
}

/// How to start a server.
pub struct Config {
    /// A port, or None for the first free one from 8080; Some(0) lets the system choose.
    pub port: Option<u16>,
    pub lang: Lang,
    pub limits: Limits,
    /// Listen on every address (the local network too), not only 127.0.0.1 (`--lan`).
    pub lan: bool,
    pub play: play::PlayConfig,
}

/// The first ports tried when no port is given.
const FIRST_PORT: u16 = 8080;
const PORTS_TRIED: u16 = 100;

/// Bind on 127.0.0.1 (or, with `lan`, every address): the given port, or the first free
/// one from 8080.
pub async fn bind(port: Option<u16>, lan: bool) -> Result<TcpListener> {
    let local = if lan {
        Ipv4Addr::UNSPECIFIED
    } else {
        Ipv4Addr::LOCALHOST
    };
    match port {
        Some(p) => TcpListener::bind((local, p))
            .await
            .with_context(|| format!("cannot listen on 127.0.0.1:{p} (is another program using it? choose another with --port)")),
        None => {
            for p in FIRST_PORT..FIRST_PORT + PORTS_TRIED {
                if let Ok(l) = TcpListener::bind((local, p)).await {
                    return Ok(l);
                }
            }
            anyhow::bail!(
                "no free port between {FIRST_PORT} and {}: choose one with --port",
                FIRST_PORT + PORTS_TRIED - 1
            )
        }
    }
}

/// Serve until `stop` resolves (Ctrl-C or SIGTERM in the binary); `ready` is told the
/// address students use (the LAN address with `--lan`) and the play sessions once the
/// server listens.
pub async fn serve(
    config: Config,
    ready: impl FnOnce(SocketAddr, &play::Plays),
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let plays = play::Plays::new(&config.play)?;
    let lan = if config.lan {
        Some(play::lan_address()?)
    } else {
        None
    };
    let listener = bind(config.port, config.lan).await?;
    let mut addr = listener
        .local_addr()
        .context("cannot read the server's address")?;
    if let Some(ip) = lan {
        addr.set_ip(ip);
    }
    let _ = plays.base.set(format!("http://{addr}"));
    let (tell_stop, shutdown) = watch::channel(false);
    let state = Arc::new(AppState {
        registry: sessions::Registry::new(config.limits),
        lang: config.lang,
        shutdown: shutdown.clone(),
        plays,
    });
    let reaper = tokio::spawn(expire_now_and_then(Arc::clone(&state)));
    ready(addr, &state.plays);
    let mut drained = shutdown.clone();
    let server = axum::serve(
        listener,
        routes::router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        stop.await;
        let _ = tell_stop.send(true);
    });
    let result = tokio::select! {
        r = server => r.context("the server stopped"),
        // Connections get a moment to close after the signal; then the server just ends.
        () = async move {
            let _ = drained.changed().await;
            tokio::time::sleep(Duration::from_secs(5)).await;
        } => Ok(()),
    };
    reaper.abort();
    result
}

/// Drop unused sessions and uploads every minute.
async fn expire_now_and_then(state: Arc<AppState>) {
    let mut every = tokio::time::interval(Duration::from_secs(60));
    loop {
        every.tick().await;
        state.registry.expire_all();
    }
}
