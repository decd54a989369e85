//! The corpus of scenario files, checked through the real binary (`cogov check`).
//!
//! `tests/corpus/bad/` holds malformed scenarios: each must give exit status 2, print
//! nothing on stdout, and on stderr name a file, line and column for every problem and the
//! key its header comment names (`# expect-key: office.split`, or `none` for problems
//! that concern no key, such as syntax errors). All the messages together are a snapshot
//! (`tests/snapshots/corpus__bad_corpus_messages.snap`), so any change to them is reviewed.
//!
//! `tests/corpus/good/` holds legal edge cases (an empty file, a byte-order mark, CRLF line
//! endings, values at the edges of their ranges, …): each must be accepted, and the
//! resolved scenario that `check` prints must itself be accepted and resolve to the same.
//!
//! `tests/corpus/sweep/bad/` holds malformed sweep files (their base scenario is
//! `tests/corpus/sweep/base.toml`): `cogov sweep` must refuse each the same way, exit
//! status 2 and no output folder, with messages in the form of scenario files' (snapshot
//! `corpus__bad_sweep_messages.snap`). Files that are not regular files (a FIFO,
//! `/dev/zero`) and files over the size limit are refused by name, without hanging or
//! reading without end.
//!
//! To add a case, add a file with the two header comments and run
//! `INSTA_UPDATE=always cargo test --test corpus`, then review the snapshot's diff.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn corpus(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(kind)
}

fn cogov_with_timeout(args: &[&str], cwd: &Path) -> Output {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_cogov"))
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("cogov {args:?} hung");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn files(kind: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(corpus(kind))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    names
}

fn cogov(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cogov"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

/// The value of a `# NAME: value` header comment (read through NULs, for UTF-16 files).
fn header(bytes: &[u8], name: &str) -> Option<String> {
    let text: String = String::from_utf8_lossy(bytes)
        .chars()
        .filter(|&c| c != '\0')
        .collect();
    let prefix = format!("# {name}: ");
    text.lines()
        .find_map(|l| l.trim_start_matches('\u{feff}').strip_prefix(&prefix))
        .map(|v| v.trim().to_string())
}

/// `FILE:LINE:COL: ` at the start of a line: the file and line (≥ 1) and column (≥ 1).
fn location(line: &str) -> Option<(String, usize, usize)> {
    let line = line.strip_prefix("error: ").unwrap_or(line);
    let mut parts = line.splitn(4, ':');
    let file = parts.next()?.to_string();
    let l: usize = parts.next()?.parse().ok()?;
    let c: usize = parts.next()?.parse().ok()?;
    parts.next()?.strip_prefix(' ')?;
    (l >= 1 && c >= 1).then_some((file, l, c))
}

#[test]
fn bad_corpus_is_large_enough() {
    assert!(files("bad").len() >= 40, "{} files", files("bad").len());
}

#[test]
fn every_bad_file_is_refused_with_file_line_column_and_key() {
    let dir = corpus("bad");
    let names = files("bad");
    let mut failures = Vec::new();
    let mut snapshot = String::new();
    for name in &names {
        let bytes = fs::read(dir.join(name)).unwrap();
        let expect = header(&bytes, "expect-key")
            .unwrap_or_else(|| panic!("{name}: no `# expect-key:` header comment"));
        let out = cogov(&["check", name], &dir);
        failures.extend(check_refusal(name, &expect, &out, &dir));
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        snapshot.push_str(&format!("== {name}\n{stderr}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let snapshot = snapshot.replace(&format!("{}/", dir.display()), "");
    insta::assert_snapshot!("bad_corpus_messages", snapshot);
}

#[test]
fn every_good_file_is_accepted_and_its_resolution_is_stable() {
    let dir = corpus("good");
    let tmp = tempfile::tempdir().unwrap();
    for name in files("good") {
        let out = cogov(&["check", &name], &dir);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{name}: {stderr}");
        assert!(stderr.is_empty(), "{name}: {stderr}");
        // The resolved scenario is itself a valid scenario that resolves to the same.
        let resolved = tmp.path().join(&name);
        fs::write(&resolved, &out.stdout).unwrap();
        let again = cogov(&["check", resolved.to_str().unwrap()], tmp.path());
        assert_eq!(again.status.code(), Some(0), "{name}: {:?}", again);
        assert_eq!(
            String::from_utf8_lossy(&again.stdout),
            String::from_utf8_lossy(&out.stdout),
            "{name}"
        );
    }
}

#[test]
fn run_and_compare_refuse_bad_files_before_making_a_folder() {
    let dir = corpus("bad");
    let tmp = tempfile::tempdir().unwrap();
    for name in [
        "nan.toml",
        "syntax_unclosed_table.toml",
        "extends_cycle_a.toml",
    ] {
        let file = dir.join(name);
        let out_dir = tmp.path().join(format!("run-{name}"));
        let out = cogov(
            &[
                "run",
                file.to_str().unwrap(),
                "--out",
                out_dir.to_str().unwrap(),
                "-q",
            ],
            tmp.path(),
        );
        assert_eq!(out.status.code(), Some(2), "{name}: {out:?}");
        assert!(!out_dir.exists(), "{name}: run made a folder");
        let out_dir = tmp.path().join(format!("compare-{name}"));
        let good = corpus("good").join("empty.toml");
        let out = cogov(
            &[
                "compare",
                good.to_str().unwrap(),
                file.to_str().unwrap(),
                "--out",
                out_dir.to_str().unwrap(),
                "-q",
            ],
            tmp.path(),
        );
        assert_eq!(out.status.code(), Some(2), "{name}: {out:?}");
        assert!(!out_dir.exists(), "{name}: compare made a folder");
    }
}

#[test]
fn a_missing_or_unreadable_file_is_exit_status_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = cogov(&["check", "no-such-file.toml"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: no-such-file.toml: cannot read scenario file"),
        "{stderr}"
    );
    // A folder is not a scenario file.
    let out = cogov(&["check", "."], tmp.path());
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

/// Checks one refused file's stderr: status 2, nothing on stdout, every line located in
/// `dir`, the expected key named. Returns the failures.
fn check_refusal(name: &str, expect: &str, out: &Output, dir: &Path) -> Vec<String> {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let mut failures = Vec::new();
    let mut fail = |why: String| failures.push(format!("{name}: {why}\n{stderr}"));
    if out.status.code() != Some(2) {
        fail(format!("exit status {:?}, expected 2", out.status.code()));
    }
    if !out.stdout.is_empty() {
        fail("printed something on stdout".into());
    }
    if !stderr.starts_with("error: ") || !stderr.contains(name) {
        fail("stderr does not start with `error: ` and name the file".into());
    }
    for line in stderr.lines() {
        match location(line) {
            Some((file, _, _)) if dir.join(&file).exists() => {}
            _ => fail(format!(
                "line without FILE:LINE:COL of a corpus file: {line}"
            )),
        }
    }
    if expect == "none" {
        if stderr.lines().next().is_some_and(|l| l.contains(": key `")) {
            fail("the first problem names a key, but the file expects none".into());
        }
    } else if !stderr.contains(&format!(": key `{expect}`: ")) {
        fail(format!("no problem names the key `{expect}`"));
    }
    failures
}

#[test]
fn every_bad_sweep_file_is_refused_like_a_scenario_file() {
    let dir = corpus("sweep/bad");
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut snapshot = String::new();
    for name in files("sweep/bad") {
        let bytes = fs::read(dir.join(&name)).unwrap();
        let expect = header(&bytes, "expect-key")
            .unwrap_or_else(|| panic!("{name}: no `# expect-key:` header comment"));
        let out_dir = tmp.path().join(&name);
        let out = cogov_with_timeout(
            &["sweep", &name, "--out", out_dir.to_str().unwrap(), "-q"],
            &dir,
        );
        failures.extend(check_refusal(&name, &expect, &out, &dir));
        if out_dir.exists() {
            failures.push(format!("{name}: sweep made its folder"));
        }
        snapshot.push_str(&format!(
            "== {name}\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let snapshot = snapshot.replace(&format!("{}/", dir.display()), "");
    insta::assert_snapshot!("bad_sweep_messages", snapshot);
}

/// The message of the first problem, after `error: FILE:LINE:COL: `, with its numbers
/// (byte offsets) shown as `#`.
fn first_message(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr.lines().next().unwrap_or("");
    let line = line.strip_prefix("error: ").unwrap_or(line);
    let message = line.splitn(4, ':').nth(3).unwrap_or("").trim();
    message
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

#[test]
fn sweep_and_scenario_files_share_the_decoding_messages() {
    let sweeps = corpus("sweep/bad");
    let scenarios = corpus("bad");
    let tmp = tempfile::tempdir().unwrap();
    for name in ["utf16.toml", "nul_byte.toml"] {
        let out_dir = tmp.path().join(name);
        let sweep = cogov(
            &["sweep", name, "--out", out_dir.to_str().unwrap(), "-q"],
            &sweeps,
        );
        let scenario = cogov(&["check", name], &scenarios);
        assert_eq!(
            first_message(&sweep).replace("sweep files", "scenario files"),
            first_message(&scenario),
            "{name}"
        );
    }
    // Bad UTF-8: the same words, at the byte that is wrong.
    let sweep = cogov(&["sweep", "non_utf8.toml", "--out", "x", "-q"], &sweeps);
    let stderr = String::from_utf8_lossy(&sweep.stderr);
    assert!(
        stderr.contains(": the file is not valid UTF-8 (byte 0xe9 at byte offset ")
            && stderr.contains(
                "sweep files must be UTF-8 text (if it was saved as GBK, GB18030 or Latin-1, \
                 save it again as UTF-8)"
            ),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn files_that_are_not_regular_files_are_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("pipe.toml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    fs::write(
        tmp.path().join("extends_fifo.toml"),
        "extends = \"pipe.toml\"\n",
    )
    .unwrap();
    fs::write(
        tmp.path().join("extends_zero.toml"),
        "extends = \"/dev/zero\"\n",
    )
    .unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["check", "/dev/zero"],
            "/dev/zero: cannot read scenario file: it is a device",
        ),
        (
            &["check", "pipe.toml"],
            "pipe.toml: cannot read scenario file: it is a FIFO",
        ),
        (
            &["check", "extends_fifo.toml"],
            "extends_fifo.toml:1:1: key `extends`: cannot read `pipe.toml`",
        ),
        (
            &["check", "extends_zero.toml"],
            "extends_zero.toml:1:1: key `extends`: cannot read `/dev/zero`",
        ),
        (
            &["sweep", "pipe.toml", "--out", "out", "-q"],
            "pipe.toml: cannot read sweep file: it is a FIFO",
        ),
    ];
    for (args, expect) in cases {
        let out = cogov_with_timeout(args, tmp.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with(&format!("error: {expect}")),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains("regular file"), "{args:?}: {stderr}");
    }
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn files_over_the_size_limit_are_refused_before_reading() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big.toml");
    let f = fs::File::create(&big).unwrap();
    f.set_len(cogov::diagnostics::MAX_FILE_BYTES + 1).unwrap();
    let out = cogov_with_timeout(&["check", "big.toml"], tmp.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: big.toml: cannot read scenario file: it is larger than 4 MiB"),
        "{stderr}"
    );
}
