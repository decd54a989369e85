//! `cogov serve`: the classroom page. A local web server (axum on tokio) that runs live
//! sessions of the scenario library (`cogov::live`) and streams their weeks to a page.
//!
//! - `routes`: HTTP: the page's files, the catalogue (`/api/meta`), uploads, downloads.
//! - `stream`: one page's WebSocket: commands in, weeks out.
//! - `protocol`: the messages and their checks.
//! - `sessions`: the live sessions and uploads, with their limits.
//! - `catalog`: the library, metrics, levers and words the page shows.
//! - `assets`: the page's files, compiled in.
//! - `lan`: `--lan`'s address (`--lan-address`, checked against this computer's).
//! - `play`: the participatory mode (issue 12): play sessions, `/play/ws`, the decision log.

mod assets;
mod catalog;
mod lan;
pub mod play;
pub mod protocol;
mod routes;
pub mod sessions;
mod stream;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
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
    /// Listen on the local network too (`--lan`): on 127.0.0.1 and on one LAN address.
    pub lan: bool,
    /// That address (`--lan-address`), checked against this computer's; None: the one
    /// on the default route (see `lan::student_address`).
    pub lan_address: Option<IpAddr>,
    pub play: play::PlayConfig,
}

/// The first ports tried when no port is given.
const FIRST_PORT: u16 = 8080;
const PORTS_TRIED: u16 = 100;
/// With `--port 0` and a LAN address: how many ports the system may choose before one is
/// free on both addresses.
const CHOSEN_PORTS_TRIED: u16 = 20;

/// Bind on 127.0.0.1 and, with `lan`, on that address too (same port, nothing else): the
/// given port, or the first free one (on every address) from 8080.
pub async fn bind(port: Option<u16>, lan: Option<IpAddr>) -> Result<Vec<TcpListener>> {
    let local = IpAddr::V4(Ipv4Addr::LOCALHOST);
    match (port, lan) {
        (Some(0), Some(ip)) => {
            // The system picks a port on the LAN address; 127.0.0.1 takes the same one.
            for _ in 0..CHOSEN_PORTS_TRIED {
                let network = bind_one(ip, 0).await?;
                let p = network
                    .local_addr()
                    .context("cannot read the server's address")?
                    .port();
                if let Ok(here) = TcpListener::bind((local, p)).await {
                    return Ok(vec![here, network]);
                }
            }
            anyhow::bail!(
                "cannot find a port free on both 127.0.0.1 and {ip}: choose one with --port"
            )
        }
        (Some(p), _) => {
            let mut listeners = vec![bind_one(local, p).await?];
            if let Some(ip) = lan {
                listeners.push(bind_one(ip, p).await?);
            }
            Ok(listeners)
        }
        (None, _) => {
            for p in FIRST_PORT..FIRST_PORT + PORTS_TRIED {
                let Ok(here) = TcpListener::bind((local, p)).await else {
                    continue;
                };
                match lan {
                    None => return Ok(vec![here]),
                    Some(ip) => {
                        if let Ok(network) = TcpListener::bind((ip, p)).await {
                            return Ok(vec![here, network]);
                        }
                    }
                }
            }
            anyhow::bail!(
                "no free port between {FIRST_PORT} and {}: choose one with --port",
                FIRST_PORT + PORTS_TRIED - 1
            )
        }
    }
}

async fn bind_one(ip: IpAddr, port: u16) -> Result<TcpListener> {
    let at = SocketAddr::new(ip, port);
    TcpListener::bind(at).await.with_context(|| {
        format!("cannot listen on {at} (is another program using it? choose another with --port)")
    })
}

/// Serve until `stop` resolves (Ctrl-C or SIGTERM in the binary); `ready` is told the
/// address students use (the LAN address with `--lan`) and the play sessions once the
/// server listens. With `--lan` two listeners (127.0.0.1 and the LAN address) share one
/// router.
pub async fn serve(
    config: Config,
    ready: impl FnOnce(SocketAddr, &play::Plays),
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let plays = play::Plays::new(&config.play)?;
    let lan = if config.lan {
        Some(lan::student_address(config.lan_address)?)
    } else {
        None
    };
    let listeners = bind(config.port, lan).await?;
    let addr = listeners
        .last()
        .context("no listener")?
        .local_addr()
        .context("cannot read the server's address")?;
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
    let app = routes::router(state);
    let mut servers = tokio::task::JoinSet::new();
    for listener in listeners {
        let mut stopping = shutdown.clone();
        let server = axum::serve(
            listener,
            app.clone()
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            let _ = stopping.wait_for(|stop| *stop).await;
        });
        servers.spawn(async move { server.await });
    }
    tokio::spawn(async move {
        stop.await;
        let _ = tell_stop.send(true);
    });
    let mut drained = shutdown.clone();
    let result = tokio::select! {
        r = all_stopped(&mut servers) => r,
        // Connections get a moment to close after the signal; then the server just ends.
        () = async move {
            let _ = drained.wait_for(|stop| *stop).await;
            tokio::time::sleep(Duration::from_secs(5)).await;
        } => Ok(()),
    };
    servers.abort_all();
    reaper.abort();
    result
}

/// Wait for every listener's server to end; the first error ends the wait.
async fn all_stopped(servers: &mut tokio::task::JoinSet<std::io::Result<()>>) -> Result<()> {
    while let Some(done) = servers.join_next().await {
        done.context("the server stopped")?
            .context("the server stopped")?;
    }
    Ok(())
}

/// Drop unused sessions and uploads every minute.
async fn expire_now_and_then(state: Arc<AppState>) {
    let mut every = tokio::time::interval(Duration::from_secs(60));
    loop {
        every.tick().await;
        state.registry.expire_all();
    }
}
