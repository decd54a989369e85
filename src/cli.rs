//! The command line: what `cogov` accepts, and nothing else.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// cogov: simulate urban community co-governance (社区共治) under different policies.
#[derive(Debug, Parser)]
#[command(name = "cogov", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario's replicates in parallel and write their trajectories.
    Run(RunArgs),
    /// Compare scenarios side by side: trajectories, summary, plots and an HTML report.
    Compare(CompareArgs),
    /// Print the complete default scenario as commented TOML (the reference to copy from).
    Defaults {
        /// Print the parameter table of docs/ODD.md (Markdown) instead.
        #[arg(long)]
        markdown: bool,
    },
    /// Validate a scenario and print it fully resolved.
    Check {
        /// The scenario file (TOML).
        file: PathBuf,
    },
    /// Run a parameter sweep (grid, random, Latin hypercube, Morris or Sobol'): resumable,
    /// shardable.
    Sweep(SweepArgs),
    /// Combine the shards of a sweep folder (shard-I-of-N/) into one runs.csv.
    Merge {
        /// The sweep's output folder.
        dir: PathBuf,
    },
    /// Fit parameters to observed targets by ABC (adaptive population Monte Carlo):
    /// resumable.
    Calibrate(CalibrateArgs),
    /// Start the classroom page: a local web server with live runs, sliders and forks.
    Serve(ServeArgs),
    /// List the built-in scenario library, or export its files to edit.
    Scenarios(ScenariosArgs),
}

/// `cogov calibrate` (issue 13).
#[derive(Debug, clap::Args)]
pub struct CalibrateArgs {
    /// The calibration file (TOML).
    pub file: PathBuf,
    /// Output folder (default: results/calibrate-<name>; the same command resumes it).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Worker threads (default: all cores). The output is the same for any count.
    #[arg(long, short = 't', value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Discard a folder of another calibration (or this one's generations) and start again.
    #[arg(long)]
    pub force: bool,
    /// No progress lines and no summary on stdout (the folder is still printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    // --- Slurm (issue 13): each generation an array job, shards merged by the next step.
    /// Accept every generation whose particles are all in (merging the shards), then write
    /// the next generation's array job (OUT/generations/gen-G.sbatch, its path printed
    /// last) or, when the calibration has stopped, its results; OUT/calibrate-slurm.sh
    /// loops over this and `sbatch --wait`. Never simulates.
    #[arg(long, conflicts_with = "shard")]
    pub slurm: bool,
    /// Run only the particles with index % N == I of the current generation, into
    /// OUT/shards/shard-I-of-N/ (inside a Slurm array task: I from SLURM_ARRAY_TASK_ID
    /// when --tasks N is given).
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Array tasks (shards) per generation (with --slurm: default the particles, at most
    /// 100).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub tasks: Option<u64>,
    /// With --slurm: at most K array tasks at once (`--array=0-N%K`).
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u64).range(1..))]
    pub throttle: Option<u64>,
}

/// `cogov scenarios [export DIR]`.
#[derive(Debug, clap::Args)]
pub struct ScenariosArgs {
    #[command(subcommand)]
    pub action: Option<ScenariosAction>,
    /// Language of the titles and descriptions.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
}

#[derive(Debug, Subcommand)]
pub enum ScenariosAction {
    /// Write the built-in scenario files and classroom.list into DIR, to edit and then
    /// name on the command line (`cogov compare DIR/baseline.toml DIR/devolution.toml`).
    Export {
        /// The folder to write into (made if missing).
        dir: PathBuf,
        /// Replace files an earlier export wrote there (files cogov did not write are
        /// never replaced).
        #[arg(long)]
        force: bool,
    },
}

/// Arguments shared by `run` and `compare`: threads, output folder, and the guards.
#[derive(Debug, clap::Args)]
pub struct RunOutputArgs {
    /// Worker threads (default: all cores). The output is the same for any count.
    #[arg(long, short = 't', value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Output folder (default: a new folder under results/).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Allow writing into an existing, non-empty output folder, replacing the results
    /// cogov wrote there (files cogov did not write are never removed or replaced).
    #[arg(long)]
    pub force: bool,
    /// Run even if the estimated memory exceeds the machine's.
    #[arg(long)]
    pub allow_large: bool,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The scenario file (TOML).
    pub file: PathBuf,
    /// Replicates to run (default: the scenario's `run.replicates`).
    #[arg(long, short = 'n', value_parser = clap::value_parser!(u32).range(1..))]
    pub replicates: Option<u32>,
    /// Master seed; replicate r runs with seed S + r (default: the scenario's `run.seed`).
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    #[command(flatten)]
    pub common: RunOutputArgs,
    /// No progress bar and no table on stdout (the output folder is still printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Scenario files; the first is the baseline. Default: the built-in scenario library
    /// (`cogov scenarios`), in the order of its classroom.list, whose first file is the
    /// baseline.
    pub files: Vec<PathBuf>,
    /// The baseline scenario (put first if it is not already).
    #[arg(long)]
    pub baseline: Option<PathBuf>,
    /// Replicates per scenario.
    #[arg(long, short = 'n', default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
    pub replicates: u32,
    /// Master seed; replicate r of every scenario runs with seed S + r (default: the
    /// baseline's `run.seed`).
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Weeks the summary and report average over, A-B with both ends included (default:
    /// 53-104, or the second half of a run shorter than 104 weeks).
    #[arg(long, value_name = "A-B", value_parser = parse_window)]
    pub window: Option<cogov::compare::Window>,
    #[command(flatten)]
    pub common: RunOutputArgs,
    /// Language of the report, plots and tables.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
    /// No progress bar and no table on stdout (the report's path is still printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

fn parse_window(text: &str) -> Result<cogov::compare::Window, String> {
    cogov::compare::Window::parse(text).map_err(|e| e.to_string())
}

#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    /// The sweep file (TOML).
    pub file: PathBuf,
    /// Output folder (default: results/sweep-<name>; the same command resumes it).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Worker threads (default: SLURM_CPUS_PER_TASK, else all cores).
    #[arg(long, short = 't', value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Run only runs with id % N == I, into OUT/shard-I-of-N/ (default inside a Slurm
    /// array task: I and N from SLURM_ARRAY_TASK_ID and --tasks or SLURM_ARRAY_TASK_COUNT).
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Write a Slurm array-job script (OUT/sweep.sbatch) instead of running.
    #[arg(long)]
    pub slurm: bool,
    /// Array tasks (shards) of the Slurm job (default: the runs, at most 100).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub tasks: Option<u64>,
    /// With --slurm: at most K array tasks at once (`--array=0-N%K`).
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u64).range(1..))]
    pub throttle: Option<u64>,
    /// No progress bar or progress lines (the summary and folder are still printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Discard the runs already in the output folder and start again.
    #[arg(long)]
    pub force: bool,
    /// Run even if the estimated memory exceeds the machine's.
    #[arg(long)]
    pub allow_large: bool,
}

/// Report languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// English.
    En,
    /// Chinese (简体中文).
    Zh,
}

impl From<LangArg> for cogov::i18n::Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::En => cogov::i18n::Lang::En,
            LangArg::Zh => cogov::i18n::Lang::Zh,
        }
    }
}

/// `cogov serve`: the classroom page.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Port on 127.0.0.1 (default: the first free one from 8080; 0 lets the system choose).
    #[arg(long)]
    pub port: Option<u16>,
    /// Open the page in the desktop's browser.
    #[arg(long)]
    pub open: bool,
    /// The page's language until a user switches it.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
    /// Listen on the local network too, so students' phones can join a play session: on
    /// this computer's LAN address as well as 127.0.0.1, no other (prints the address,
    /// the join code and the trainer's address).
    #[arg(long)]
    pub lan: bool,
    /// With --lan: the address phones use, when this computer has several (one of its
    /// own; implies --lan). The server listens on it and on 127.0.0.1, nothing else.
    #[arg(long, value_name = "IP")]
    pub lan_address: Option<std::net::IpAddr>,
    /// Live sessions the server runs at once (each page runs one).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub max_sessions: u16,
    /// Folder for the play sessions' decision logs (a new file per session; none is
    /// ever overwritten).
    #[arg(long, default_value = "results/play")]
    pub play_dir: std::path::PathBuf,
    /// Restart the play session of this decision log where it was (its last closed
    /// round); students rejoin with their phones' tokens.
    #[arg(long, value_name = "LOG")]
    pub resume: Option<std::path::PathBuf>,
    /// Players per play session.
    #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u32).range(1..=500))]
    pub max_players: u32,
    /// Play sessions the server runs at once.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=16))]
    pub max_play_sessions: u16,
}
