//! The `cogov` binary: glue between the command line, the library and the file system.

mod cli;
mod commands;
mod durable;
mod lock;
mod output;
mod owned;
mod serve;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};
use cogov::scenario::{self, ScenarioError};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => commands::run::run(&args),
        Command::Compare(args) => commands::compare::run(&args),
        Command::Sweep(args) => commands::sweep::run(&args),
        Command::Merge { dir } => commands::sweep::merge(&dir),
        Command::Calibrate(args) => commands::calibrate::run(&args),
        Command::Serve(args) => commands::serve::run(&args),
        Command::Defaults { markdown } => {
            if markdown {
                commands::say(&format!(
                    "{}\n",
                    scenario::render::markdown_table().trim_end()
                ))
            } else {
                commands::say(&scenario::render::defaults_toml())
            }
        }
        Command::Check { file } => scenario::load_file(&file)
            .map_err(anyhow::Error::from)
            .and_then(|s| commands::say(&scenario::render::resolved_toml(&s))),
        Command::Scenarios(args) => commands::scenarios::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Bad input (a scenario the user wrote, a run too large for the machine) is
            // exit status 2; a run stopped by a signal 128 + the signal; anything else 1.
            if let Some(se) = e.downcast_ref::<ScenarioError>() {
                eprintln!("error: {se}");
                ExitCode::from(2)
            } else if let Some(bad) = e.downcast_ref::<commands::BadInput>() {
                eprintln!("error: {bad}");
                ExitCode::from(2)
            } else if let Some(stop) = e.downcast_ref::<commands::Interrupted>() {
                eprintln!("{stop}");
                ExitCode::from((128 + stop.signal).clamp(0, 255) as u8)
            } else {
                eprintln!("error: {e:#}");
                ExitCode::from(1)
            }
        }
    }
}
