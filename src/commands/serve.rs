//! `cogov serve`: start the classroom page's server and wait for Ctrl-C or SIGTERM.

use anyhow::{Context, Result};

use crate::cli::ServeArgs;
use crate::commands::{BadInput, say};
use crate::serve::play::{PlayConfig, PlayLimits, Plays};
use crate::serve::{self, Config, Limits};

pub fn run(args: &ServeArgs) -> Result<()> {
    if let Some(log) = &args.resume
        && !log.is_file()
    {
        return Err(BadInput(format!(
            "--resume {}: no such decision log (give the .jsonl file a play session wrote, by default under results/play/)",
            log.display()
        ))
        .into());
    }
    let play = PlayConfig {
        trainer_token: serve::sessions::random_id(),
        first_code: serve::play::join_code(),
        log_dir: args.play_dir.clone(),
        resume: args.resume.clone(),
        limits: PlayLimits {
            players: args.max_players,
            sessions: usize::from(args.max_play_sessions),
            ..PlayLimits::default()
        },
    };
    let limits = Limits {
        sessions: usize::from(args.max_sessions),
        ..Limits::default()
    };
    let config = Config {
        port: args.port,
        lang: args.lang.into(),
        limits,
        lan: args.lan || args.lan_address.is_some(),
        lan_address: args.lan_address,
        play,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    let open = args.open;
    // The signal handlers are set up before the address is printed: a script that reads
    // it and stops the server at once is heard.
    let stop = {
        let _context = runtime.enter();
        stop_signal()
    };
    runtime.block_on(serve::serve(
        config,
        move |addr, plays| {
            let url = format!("http://{addr}/");
            // The first line of standard output is the address (tests and scripts read it).
            let _ = say(&format!("cogov serve: {url}\n"));
            print_play(addr, plays);
            // The classroom page is this computer's (with --lan the network reaches only
            // the pages and play), so the trainer opens it on 127.0.0.1.
            let here = format!("http://127.0.0.1:{}/", addr.port());
            eprintln!("Open {here} in a browser; press Ctrl-C to stop.");
            if open {
                open_browser(&here);
            }
        },
        stop,
    ))?;
    eprintln!("cogov serve: stopped");
    Ok(())
}

/// The play lines: where students go, the join code, the trainer's address (with the
/// token: printed here only, never on the projector).
fn print_play(addr: std::net::SocketAddr, plays: &Plays) {
    let base = format!("http://{addr}");
    let resumed = plays.codes();
    let code = resumed
        .first()
        .cloned()
        .unwrap_or_else(|| plays.next_code());
    let local = format!("http://127.0.0.1:{}", addr.port());
    let _ = say(&format!(
        "students:  {}\njoin code: {code}{}\ntrainer:   {local}/play/trainer.html#token={}\n",
        serve::play::join_url(&base, &code),
        if resumed.is_empty() {
            ""
        } else {
            " (resumed session)"
        },
        plays.trainer_token
    ));
}

/// Ctrl-C (SIGINT) or SIGTERM: the handlers are installed now (inside the runtime), the
/// future ends at the first signal.
fn stop_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    use tokio::signal::unix::{SignalKind, signal};
    let term = signal(SignalKind::terminate());
    let int = signal(SignalKind::interrupt());
    async move {
        match (term, int) {
            (Ok(mut term), Ok(mut int)) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = int.recv() => {}
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
}

/// Open `url` in the desktop's browser; a failure is a warning (the address is printed).
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    match std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        Ok(mut child) => {
            let url = url.to_string();
            std::thread::spawn(move || match child.wait() {
                Ok(status) if status.success() => {}
                _ => eprintln!("warning: {opener} could not open a browser; open {url} by hand"),
            });
        }
        Err(e) => eprintln!("warning: cannot open a browser ({opener}: {e}); open {url} by hand"),
    }
}
