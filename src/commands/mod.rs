//! The binary's commands. Each is a short pipeline over the library: load scenarios,
//! check they fit in memory, prepare an output folder, run, export, write, mark complete.

// Calibration to data (issue 13).
pub mod calibrate;
pub mod compare;
pub mod guard;
pub mod run;
pub mod scenarios;
pub mod serve;
pub mod stream;
pub mod sweep;

use std::fmt;
use std::io::Write;

use anyhow::{Context, Result};

/// Write `text` to standard output. A reader that has gone away (`cogov defaults | head`)
/// is not an error; any other failure (a full disk behind `>`) is, with a clear message.
pub fn say(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("cannot write to standard output"),
    }
}

/// A problem with what the user asked for (not a scenario file's content, which is a
/// [`ScenarioError`](cogov::scenario::ScenarioError)): exit status 2.
#[derive(Debug)]
pub struct BadInput(pub String);

impl fmt::Display for BadInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

/// A run stopped by SIGINT, SIGTERM or SIGHUP, after saving what had finished: exit status
/// 128 + the signal (130 or 143). The message says what was kept and how to rerun.
#[derive(Debug)]
pub struct Interrupted {
    pub signal: i32,
    pub message: String,
}

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Interrupted {}

/// The command line as typed, for "rerun with" messages, with `--force` added.
pub fn rerun_command() -> String {
    let mut args: Vec<String> = std::env::args()
        .map(|a| {
            if a.is_empty() || a.contains(|c: char| c.is_whitespace() || "'\"$\\`".contains(c)) {
                format!("'{}'", a.replace('\'', "'\\''"))
            } else {
                a
            }
        })
        .collect();
    if !args.iter().any(|a| a == "--force") {
        args.push("--force".into());
    }
    args.join(" ")
}
