//! `cogov serve`: start the classroom page's server and wait for Ctrl-C or SIGTERM.

use anyhow::{Context, Result};

use crate::cli::ServeArgs;
use crate::commands::{BadInput, say};
use crate::serve::{self, Config, Limits};

pub fn run(args: &ServeArgs) -> Result<()> {
    if args.lan {
        return Err(BadInput(
            "--lan is not available yet (issue 12): cogov serve listens on 127.0.0.1 only, so only this computer can open the page"
                .into(),
        )
        .into());
    }
    let limits = Limits {
        sessions: usize::from(args.max_sessions),
        ..Limits::default()
    };
    let config = Config {
        port: args.port,
        lang: args.lang.into(),
        limits,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    let open = args.open;
    runtime.block_on(serve::serve(
        config,
        move |addr| {
            let url = format!("http://{addr}/");
            // The first line of standard output is the address (tests and scripts read it).
            let _ = say(&format!("cogov serve: {url}\n"));
            eprintln!("Open {url} in a browser; press Ctrl-C to stop.");
            if open {
                open_browser(&url);
            }
        },
        stop_signal(),
    ))?;
    eprintln!("cogov serve: stopped");
    Ok(())
}

/// Ctrl-C (SIGINT) or SIGTERM.
async fn stop_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    let term = signal(SignalKind::terminate());
    let int = signal(SignalKind::interrupt());
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
