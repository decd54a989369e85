//! The `cogov` binary: glue between the command line, the library and the file system.

mod cli;
mod commands;
mod output;

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
        Command::Defaults { markdown } => {
            if markdown {
                println!("{}", scenario::docs::markdown_table().trim_end());
            } else {
                print!("{}", scenario::render::defaults_toml());
            }
            Ok(())
        }
        Command::Check { file } => scenario::load_file(&file)
            .map(|s| print!("{}", scenario::render::resolved_toml(&s)))
            .map_err(anyhow::Error::from),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Bad input (a scenario the user wrote) is exit status 2; anything else is 1.
            if let Some(se) = e.downcast_ref::<ScenarioError>() {
                eprintln!("error: {se}");
                ExitCode::from(2)
            } else {
                eprintln!("error: {e:#}");
                ExitCode::from(1)
            }
        }
    }
}
