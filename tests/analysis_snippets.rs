//! The README's data-analysis snippets (its ```python and ```r blocks), run unchanged.
//!
//! The snippets are read from README.md itself, never copied. Each names the folders it
//! reads (`results/sweep-NAME/…`, `results/calibrate-NAME/…`); the test makes small but real
//! versions of them with the real binary, from the repository's own `sweeps/NAME.toml` and
//! `calibrations/NAME.toml` scaled down (a 500-resident street, fewer replicates,
//! trajectories, base samples, particles and generations; the same parameters and
//! outcomes, so every column a snippet names exists; a grid also gets a budget split under
//! which half its runs fail, as the snippets expect some may), in a temporary folder laid
//! out as `results/…`. Then each snippet runs there, with python3 and pandas or with Rscript,
//! through a small driver that shows every top-level expression's value as a notebook or
//! the R console would and saves each shown table as CSV. A snippet that fails fails the
//! test with its stderr; the shown tables are checked against what this test computes from
//! the same CSV files; a new snippet fails until `check` has checks for it.
//!
//! Without python3 + pandas or Rscript the test fails saying how to install them (`.ci/run`
//! does), unless COGOV_SKIP_ANALYSIS=1 is set to skip the missing language on purpose.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

/// The repository (README.md, sweeps/, calibrations/).
fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

// ---------------------------------------------------------------------------------------
// The snippets

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lang {
    Python,
    R,
}

#[derive(Debug)]
struct Snippet {
    lang: Lang,
    /// README.md's line of the snippet's first line of code.
    line: usize,
    code: String,
}

impl Snippet {
    fn name(&self) -> String {
        format!(
            "the {:?} snippet at README.md line {}",
            self.lang, self.line
        )
    }

    /// The code preceded by blank lines, so that its line numbers are README.md's.
    fn padded(&self) -> String {
        "\n".repeat(self.line - 1) + &self.code
    }
}

/// Every fenced ```python and ```r block of `readme`, in order.
fn snippets(readme: &str) -> Vec<Snippet> {
    let mut found = Vec::new();
    let mut open: Option<Snippet> = None;
    for (i, line) in readme.lines().enumerate() {
        let fence = line.trim_end();
        if let Some(s) = open.as_mut() {
            if fence == "```" {
                found.extend(open.take());
            } else {
                s.code.push_str(line);
                s.code.push('\n');
            }
            continue;
        }
        let lang = match fence {
            "```python" => Lang::Python,
            "```r" => Lang::R,
            _ => continue,
        };
        open = Some(Snippet {
            lang,
            line: i + 2,
            code: String::new(),
        });
    }
    assert!(open.is_none(), "README.md ends inside a code block");
    found
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Study {
    Sweep(String),
    Calibration(String),
}

impl Study {
    /// Where the snippets read it (cogov's default output folder).
    fn folder(&self) -> String {
        match self {
            Study::Sweep(n) => format!("results/sweep-{n}"),
            Study::Calibration(n) => format!("results/calibrate-{n}"),
        }
    }

    /// The repository's file of the study, relative to the repository.
    fn file(&self) -> String {
        match self {
            Study::Sweep(n) => format!("sweeps/{n}.toml"),
            Study::Calibration(n) => format!("calibrations/{n}.toml"),
        }
    }
}

/// The studies a snippet reads: every `results/sweep-NAME` or `results/calibrate-NAME`.
fn studies_read(code: &str) -> BTreeSet<Study> {
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("results/") {
        let rest = &code[at + "results/".len()..];
        let name = |prefix: &str| {
            rest.strip_prefix(prefix).map(|r| {
                r.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect::<String>()
            })
        };
        if let Some(n) = name("sweep-") {
            found.insert(Study::Sweep(n));
        } else if let Some(n) = name("calibrate-") {
            found.insert(Study::Calibration(n));
        }
    }
    found
}

// ---------------------------------------------------------------------------------------
// Small real outputs of the studies

/// The street every scaled-down study runs on: its real base with two communities of 250.
/// With `failing`, an intervention at week 3 that fits only the first budget split of
/// [`FAILING_SPLITS`] (with the second the shares sum to 1.3): those runs fail.
fn small_base(real_base: &Path, failing: bool) -> String {
    let extends = toml::Value::String(real_base.to_string_lossy().into_owned());
    let mut base = format!(
        "extends = {extends}\n[population]\nstreets = 1\ncommunities_per_street = 2\nresidents_per_community = 250\n"
    );
    if failing {
        base += "[[interventions]]\ntick = 3\nset.office.split.own_programs = 0.6\nset.office.split.devolved = 0.3\n";
    }
    base
}

/// A grid's extra parameter: half its runs fail (see [`small_base`]), so that the
/// snippets' filter of failed runs ("an error and empty outcomes") has some to remove.
const FAILING_SPLITS: &str = r#"
path = "office.split"
values = [
  { own_programs = 0.8, devolved = 0.1, ngo_procurement = 0.05, training = 0.05 },
  { own_programs = 0.5, devolved = 0.1, ngo_procurement = 0.3, training = 0.1 },
]
"#;

fn set(table: &mut toml::Table, key: &str, value: i64) {
    table.insert(key.into(), toml::Value::Integer(value));
}

/// Fewer runs of the same design: every parameter and outcome stays as it is (a grid gets
/// [`FAILING_SPLITS`] besides; true: its base must make them fail).
fn scale_down(study: &Study, file: &mut toml::Table) -> bool {
    match study {
        Study::Calibration(_) => {
            set(file, "particles", 20);
            set(file, "max_generations", 2);
            set(file, "replicates", 1);
            false
        }
        Study::Sweep(_) => {
            let design = file
                .get_mut("design")
                .and_then(|d| d.as_table_mut())
                .expect("a sweep file has a [design] table");
            let grid = design.get("kind").and_then(|k| k.as_str()) == Some("grid");
            if design.contains_key("trajectories") {
                set(design, "trajectories", 3);
                if design.contains_key("candidates") {
                    set(design, "candidates", 6);
                }
            }
            if design.contains_key("base_samples") {
                set(design, "base_samples", 8);
            }
            if let Some(s) = design.get("samples").and_then(|s| s.as_integer()) {
                set(design, "samples", s.min(8));
            }
            // Three replicates on a grid: a point's standard error exists, and its mean is not its median.
            set(file, "replicates", if grid { 3 } else { 1 });
            if grid {
                let split: toml::Table = FAILING_SPLITS.parse().unwrap();
                file.get_mut("parameters")
                    .and_then(|p| p.as_array_mut())
                    .expect("a sweep file has [[parameters]]")
                    .push(toml::Value::Table(split));
            }
            grid
        }
    }
}

/// Write the scaled-down study into `dir` (as `sweeps/NAME.toml` or
/// `calibrations/NAME.toml`, its base beside it) and run it there with cogov's default
/// output folder, as the README does.
fn make(study: &Study, dir: &Path) {
    let real = repo().join(study.file());
    let source = fs::read_to_string(&real).unwrap_or_else(|e| {
        panic!(
            "a README snippet reads {}, but {} cannot be read: {e}",
            study.folder(),
            real.display()
        )
    });
    let mut file: toml::Table = source.parse().expect("the repository's study file parses");
    let base = file["base"].as_str().expect("base is a path");
    let real_base = real.parent().unwrap().join(base).canonicalize().unwrap();
    let scaled = dir.join(study.file());
    let folder = scaled.parent().unwrap();
    fs::create_dir_all(folder).unwrap();
    let stem = scaled.file_stem().unwrap().to_string_lossy();
    let base_name = format!("{stem}-base.toml");
    file.insert("base".into(), toml::Value::String(base_name.clone()));
    let failing = scale_down(study, &mut file);
    fs::write(folder.join(&base_name), small_base(&real_base, failing)).unwrap();
    fs::write(&scaled, toml::to_string(&file).unwrap()).unwrap();
    let command = match study {
        Study::Sweep(_) => "sweep",
        Study::Calibration(_) => "calibrate",
    };
    let out = Command::new(env!("CARGO_BIN_EXE_cogov"))
        .args([command, &study.file(), "--quiet"])
        .current_dir(dir)
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("SLURM_ARRAY_TASK_COUNT")
        .env_remove("COGOV_FAULT_AT")
        .output()
        .expect("run cogov");
    // A sweep with failed runs ends with status 3 and says how many.
    let failed_as_planned =
        failing && out.status.code() == Some(3) && text(&out.stderr).contains("runs failed");
    assert!(
        if failing {
            failed_as_planned
        } else {
            out.status.success()
        },
        "cogov {command} {} (scaled down for the README's snippets): {:?}\n{}\n{}",
        study.file(),
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        dir.join(study.folder()).is_dir(),
        "{} was not written",
        study.folder()
    );
}

// ---------------------------------------------------------------------------------------
// Running a snippet

/// Runs a pandas snippet as a notebook would: each top-level statement in turn, every
/// expression's value shown (printed, and saved as shown-K.csv when it is a table), and at
/// the end every table left in a variable saved as var-NAME.csv. Tracebacks name
/// README.md's lines.
const PYTHON_DRIVER: &str = r#"
import ast, os, sys
source, out = open(sys.argv[1]).read(), sys.argv[2]
names = {"__name__": "__main__"}
shown = 0
def table(v):
    return hasattr(v, "to_csv") and hasattr(v, "shape")
for node in ast.parse(source, "README.md").body:
    if isinstance(node, ast.Expr):
        value = eval(compile(ast.Expression(node.value), "README.md", "eval"), names)
        if value is None:
            continue
        print(value, end="\n\n")
        if table(value):
            value.to_csv(os.path.join(out, "shown-%d.csv" % shown))
        shown += 1
    else:
        exec(compile(ast.Module([node], []), "README.md", "exec"), names)
for name, value in names.items():
    if table(value):
        value.to_csv(os.path.join(out, "var-%s.csv" % name))
"#;

/// The same for R, as the console shows visible values; an error names README.md's line.
const R_DRIVER: &str = r#"
args <- commandArgs(trailingOnly = TRUE)
exprs <- parse(args[1], keep.source = TRUE)
lines <- vapply(attr(exprs, "srcref"), function(s) s[[1]], integer(1))
shown <- 0
for (i in seq_along(exprs)) {
  r <- tryCatch(withVisible(eval(exprs[[i]], globalenv())), error = function(e) {
    message(sprintf("README.md line %d: %s", lines[[i]], conditionMessage(e)))
    quit(status = 1)
  })
  if (r$visible) {
    print(r$value)
    cat("\n")
    if (is.data.frame(r$value) || is.matrix(r$value)) {
      write.csv(r$value, file.path(args[2], sprintf("shown-%d.csv", shown)))
    }
    shown <- shown + 1
  }
}
for (name in ls(globalenv())) {
  v <- get(name, envir = globalenv())
  if (is.data.frame(v)) write.csv(v, file.path(args[2], sprintf("var-%s.csv", name)))
}
"#;

/// What a snippet showed: its stdout and the tables it saved, by file stem.
struct Shown {
    stdout: String,
    tables: BTreeMap<String, Table>,
}

/// Run `snippet` with the working directory `dir`; its tables go to `dir/shown-LINE/`.
fn run(snippet: &Snippet, dir: &Path) -> Result<Shown, String> {
    let out = dir.join(format!("shown-{}", snippet.line));
    fs::create_dir_all(&out).unwrap();
    let (program, driver, ext) = match snippet.lang {
        Lang::Python => ("python3", PYTHON_DRIVER, "py"),
        Lang::R => ("Rscript", R_DRIVER, "R"),
    };
    let driver_file = out.join(format!("driver.{ext}"));
    let code_file = out.join(format!("snippet.{ext}"));
    fs::write(&driver_file, driver).unwrap();
    fs::write(&code_file, snippet.padded()).unwrap();
    let o: Output = Command::new(program)
        .arg(&driver_file)
        .arg(&code_file)
        .arg(&out)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("{}: cannot start {program}: {e}", snippet.name()))?;
    if !o.status.success() {
        return Err(format!(
            "{} failed ({:?}; line numbers are README.md's):\n--- stderr\n{}\n--- stdout\n{}",
            snippet.name(),
            o.status,
            text(&o.stderr),
            text(&o.stdout)
        ));
    }
    let mut tables = BTreeMap::new();
    for entry in fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            tables.insert(stem, Table::read(&path));
        }
    }
    Ok(Shown {
        stdout: text(&o.stdout),
        tables,
    })
}

// ---------------------------------------------------------------------------------------
// Tables, and what the snippets should have shown

/// A CSV file as text cells (empty = missing).
#[derive(Debug)]
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(path: &Path) -> Table {
        let mut r =
            csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let header = r.headers().unwrap().iter().map(String::from).collect();
        let rows = r
            .records()
            .map(|rec| rec.unwrap().iter().map(String::from).collect())
            .collect();
        Table { header, rows }
    }

    fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name:?} in {:?}", self.header))
    }

    /// The column's values as numbers (missing = NaN; R writes NA).
    fn numbers(&self, name: &str) -> Vec<f64> {
        let c = self.col(name);
        self.rows.iter().map(|r| number(&r[c])).collect()
    }
}

fn number(cell: &str) -> f64 {
    match cell {
        "" | "NA" | "NaN" => f64::NAN,
        s => s.parse().unwrap_or_else(|_| panic!("not a number: {s:?}")),
    }
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The shown table `name` of a snippet.
fn shown<'a>(s: &'a Shown, name: &str, snippet: &str) -> &'a Table {
    s.tables.get(name).unwrap_or_else(|| {
        panic!(
            "{snippet} showed no table {name} (it showed {:?}); its output:\n{}",
            s.tables.keys().collect::<Vec<_>>(),
            s.stdout
        )
    })
}

/// Mean participation of the runs without error, per (access list, skill) point.
fn participation_by_point(runs: &Table) -> BTreeMap<(String, String), f64> {
    let (e, a, k) = (
        runs.col("error"),
        runs.col("office.access_list"),
        runs.col("committee.skill"),
    );
    let p = runs.col("participation");
    let mut sums: BTreeMap<(String, String), (f64, f64)> = BTreeMap::new();
    for r in runs
        .rows
        .iter()
        .filter(|r| r[e].is_empty() && !r[p].is_empty())
    {
        // Keys as numbers written the one way, whatever the file's spelling (0 or 0.0).
        let key = (
            format!("{:.6}", number(&r[a])),
            format!("{:.6}", number(&r[k])),
        );
        let s = sums.entry(key).or_default();
        s.0 += number(&r[p]);
        s.1 += 1.0;
    }
    sums.into_iter().map(|(k, (s, n))| (k, s / n)).collect()
}

/// The grid's aggregate, as pandas (`mean` column) or R (`participation` column) shows it.
fn check_access_aggregate(dir: &Path, t: &Table, mean_col: &str, snippet: &str) {
    let runs = Table::read(&dir.join("results/sweep-access_list_by_skill/runs.csv"));
    let (e, p) = (runs.col("error"), runs.col("participation"));
    let failed: Vec<_> = runs.rows.iter().filter(|r| !r[e].is_empty()).collect();
    assert_eq!(failed.len() * 2, runs.rows.len(), "half the runs fail");
    assert!(
        failed.iter().all(|r| r[p].is_empty()),
        "failed runs have no outcomes"
    );
    let expected = participation_by_point(&runs);
    assert!(expected.len() >= 16, "{} points with runs", expected.len());
    assert_eq!(
        t.rows.len(),
        expected.len(),
        "{snippet}: one row per point: {t:?}"
    );
    let (a, k) = (t.col("office.access_list"), t.col("committee.skill"));
    let means = t.numbers(mean_col);
    for (row, mean) in t.rows.iter().zip(&means) {
        let key = (
            format!("{:.6}", number(&row[a])),
            format!("{:.6}", number(&row[k])),
        );
        let want = expected
            .get(&key)
            .unwrap_or_else(|| panic!("{snippet}: no point {key:?}"));
        assert!(
            same(*mean, *want),
            "{snippet}: {key:?}: shows {mean}, runs.csv gives {want}"
        );
    }
    if mean_col == "mean" {
        let sem = t.numbers("sem");
        assert!(
            sem.iter().all(|s| s.is_finite() && *s >= 0.0),
            "{snippet}: sem {sem:?}"
        );
    }
}

/// Pearson's correlation of two columns.
fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let syy: f64 = y.iter().map(|b| (b - my).powi(2)).sum();
    sxy / (sxx * syy).sqrt()
}

/// The correlation matrix of the last generation's parameters (first column: row names).
fn check_posterior_correlations(dir: &Path, t: &Table, snippet: &str) {
    let post = Table::read(&dir.join("results/calibrate-facts_turnout_by_age/posterior.csv"));
    let generation = post.numbers("generation");
    let last_generation = generation.iter().cloned().fold(f64::MIN, f64::max);
    let last: Vec<usize> = (0..post.rows.len())
        .filter(|&i| generation[i] == last_generation)
        .collect();
    let parameters: Vec<&String> = post.header.iter().filter(|h| h.contains('.')).collect();
    assert_eq!(parameters.len(), 4, "{:?}", post.header);
    assert_eq!(t.rows.len(), parameters.len(), "{snippet}: {t:?}");
    assert_eq!(
        &t.header[1..],
        &parameters.iter().map(|p| p.to_string()).collect::<Vec<_>>()[..],
        "{snippet}"
    );
    let column = |p: &str| -> Vec<f64> {
        let all = post.numbers(p);
        last.iter().map(|&i| all[i]).collect()
    };
    for row in &t.rows {
        let x = column(&row[0]);
        for (j, q) in parameters.iter().enumerate() {
            let want = if &row[0] == *q {
                1.0
            } else {
                pearson(&x, &column(q))
            };
            let got = number(&row[j + 1]);
            assert!(
                same(got, want),
                "{snippet}: cor({}, {q}) shows {got}, posterior.csv gives {want}",
                row[0]
            );
        }
    }
}

/// The Morris ranking of participation.
fn check_morris_ranking(dir: &Path, t: &Table, snippet: &str) {
    let m = Table::read(&dir.join("results/sweep-morris_fifteen/morris.csv"));
    let (o, p, mu) = (m.col("outcome"), m.col("parameter"), m.col("mu_star"));
    let want: BTreeMap<&str, f64> = m
        .rows
        .iter()
        .filter(|r| r[o] == "participation")
        .map(|r| (r[p].as_str(), number(&r[mu])))
        .collect();
    assert_eq!(want.len(), 15, "fifteen parameters in morris.csv");
    assert_eq!(t.rows.len(), 15, "{snippet}: {t:?}");
    for c in [
        "parameter",
        "mu_star",
        "mu_star_low",
        "mu_star_high",
        "sigma",
    ] {
        t.col(c);
    }
    let shown_mu = t.numbers("mu_star");
    assert!(
        shown_mu.windows(2).all(|w| w[0] >= w[1]),
        "{snippet}: not sorted: {shown_mu:?}"
    );
    let pc = t.col("parameter");
    for (row, mu) in t.rows.iter().zip(&shown_mu) {
        assert!(
            same(*mu, want[row[pc].as_str()]),
            "{snippet}: μ* of {}",
            row[pc]
        );
    }
}

/// The Sobol' ST table, parameters by outcome.
fn check_sobol_pivot(dir: &Path, t: &Table, snippet: &str) {
    let s = Table::read(&dir.join("results/sweep-sobol_five/sobol.csv"));
    let (o, p, st) = (s.col("outcome"), s.col("parameter"), s.col("st"));
    assert_eq!(t.rows.len(), 5, "{snippet}: five parameters: {t:?}");
    assert_eq!(
        t.header.len(),
        1 + 4,
        "{snippet}: four outcomes: {:?}",
        t.header
    );
    for r in &s.rows {
        let row = t
            .rows
            .iter()
            .find(|row| row[0] == r[p])
            .expect("a row per parameter");
        let got = number(&row[t.col(&r[o])]);
        assert!(
            same(got, number(&r[st])),
            "{snippet}: ST of {} for {}",
            r[p],
            r[o]
        );
    }
}

/// Every generation table, concatenated (the snippets' `gens`).
fn check_generations(dir: &Path, t: &Table, snippet: &str) {
    let folder = dir.join("results/calibrate-facts_turnout_by_age/generations");
    let mut rows = 0;
    for entry in fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            rows += Table::read(&path).rows.len();
        }
    }
    assert!(rows >= 20, "{rows} proposals in {}", folder.display());
    assert_eq!(t.rows.len(), rows, "{snippet}: gens has every proposal");
}

/// The checks of the snippets the README has (false: none for this snippet).
fn check(snippet: &Snippet, shown_by: &Shown, dir: &Path) -> bool {
    let reads = studies_read(&snippet.code);
    let name = snippet.name();
    let s = |n| shown(shown_by, n, &name);
    let access = Study::Sweep("access_list_by_skill".into());
    let morris = Study::Sweep("morris_fifteen".into());
    match snippet.lang {
        Lang::Python if reads.contains(&access) => {
            check_access_aggregate(dir, s("shown-0"), "mean", &name)
        }
        Lang::R if reads.contains(&access) => {
            check_access_aggregate(dir, s("shown-0"), "participation", &name)
        }
        // The same study in both languages, shown in the same order.
        _ if reads.contains(&morris) => {
            check_morris_ranking(dir, s("shown-0"), &name);
            check_sobol_pivot(dir, s("shown-1"), &name);
            check_posterior_correlations(dir, s("shown-2"), &name);
            check_generations(dir, s("var-gens"), &name);
        }
        _ => return false,
    }
    true
}

// ---------------------------------------------------------------------------------------
// The tools

/// Whether `lang`'s tools are here; if not, the test fails saying how to install them,
/// unless COGOV_SKIP_ANALYSIS=1 skips them on purpose.
fn available(lang: Lang) -> bool {
    let (probe, args, install): (&str, &[&str], &str) = match lang {
        Lang::Python => (
            "python3",
            &["-c", "import pandas"],
            "python3 with pandas: `python3 -m pip install pandas` (or Debian's `apt-get install python3-pandas` for /usr/bin/python3)",
        ),
        Lang::R => (
            "Rscript",
            &["-e", "invisible(0)"],
            "R: `apt-get install r-base-core` (Debian)",
        ),
    };
    let here = Command::new(probe)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if here {
        return true;
    }
    if std::env::var("COGOV_SKIP_ANALYSIS").is_ok_and(|v| v == "1") {
        eprintln!(
            "the README's {lang:?} snippets SKIPPED on purpose (COGOV_SKIP_ANALYSIS=1): {install} is missing"
        );
        return false;
    }
    panic!(
        "the README's {lang:?} snippets need {install} (.ci/run installs it), or set COGOV_SKIP_ANALYSIS=1 to skip them on purpose"
    );
}

fn version(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .map(|o| text(&o.stdout).trim().to_string() + text(&o.stderr).lines().next().unwrap_or(""))
        .unwrap_or_default()
}

#[test]
fn the_readmes_pandas_and_r_snippets_run_on_real_outputs() {
    let began = Instant::now();
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    let all = snippets(&readme);
    for lang in [Lang::Python, Lang::R] {
        assert!(
            all.iter().filter(|s| s.lang == lang).count() >= 2,
            "README.md's {lang:?} snippets: {all:?}"
        );
    }
    let python = available(Lang::Python);
    let r = available(Lang::R);
    if python {
        eprintln!(
            "pandas {}",
            version(
                "python3",
                &[
                    "-c",
                    "import pandas, sys; print(pandas.__version__, 'on Python', sys.version.split()[0])"
                ]
            )
        );
    }
    if r {
        eprintln!("{}", version("Rscript", &["--version"]));
    }
    if !python && !r {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let studies: BTreeSet<Study> = all.iter().flat_map(|s| studies_read(&s.code)).collect();
    for study in &studies {
        make(study, dir.path());
    }
    eprintln!(
        "{} studies made in {:.1} s",
        studies.len(),
        began.elapsed().as_secs_f64()
    );
    let mut failures = Vec::new();
    let mut checked = 0;
    for snippet in all
        .iter()
        .filter(|s| if s.lang == Lang::Python { python } else { r })
    {
        let t = Instant::now();
        match run(snippet, dir.path()) {
            Ok(shown_by) => {
                eprintln!(
                    "{}: ran in {:.1} s\n{}",
                    snippet.name(),
                    t.elapsed().as_secs_f64(),
                    shown_by.stdout
                );
                if check(snippet, &shown_by, dir.path()) {
                    checked += 1;
                } else {
                    failures.push(format!(
                        "{} ran, but this test has no checks of what it shows: add them to check()",
                        snippet.name()
                    ));
                }
            }
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    eprintln!(
        "{checked} snippets checked against the CSV files, {:.1} s in all",
        began.elapsed().as_secs_f64()
    );
}

#[test]
fn snippets_are_found_with_their_readme_lines_and_studies() {
    let readme = "text\n```python\nimport pandas as pd\npd.read_csv(\"results/sweep-a_b/runs.csv\")\n```\n```rust\nfn x() {}\n```\n```r\nread.csv(\"results/calibrate-c/posterior.csv\")\n```\n";
    let found = snippets(readme);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!((found[0].lang, found[0].line), (Lang::Python, 3));
    assert_eq!((found[1].lang, found[1].line), (Lang::R, 10));
    assert_eq!(
        found[1].padded().lines().nth(9),
        Some("read.csv(\"results/calibrate-c/posterior.csv\")")
    );
    assert_eq!(
        studies_read(&found[0].code),
        BTreeSet::from([Study::Sweep("a_b".into())])
    );
    assert_eq!(
        studies_read(&found[1].code),
        BTreeSet::from([Study::Calibration("c".into())])
    );
}
