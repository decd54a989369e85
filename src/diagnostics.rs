//! Diagnostics for the files cogov reads (scenario files and sweep files): where a problem
//! is ([`Location`]), what it is ([`Problem`]), the error that carries them
//! ([`ScenarioError`]), and the pieces every reader shares so that both kinds of file get
//! the same messages in the same form:
//!
//! * reading a file: it must be a regular file (not a folder, FIFO or device) of at most
//!   [`MAX_FILE_BYTES`], read with that bound ([`read_bounded`]);
//! * decoding it: UTF-8 only, with a byte-order mark allowed, and a message naming
//!   UTF-16, or the line, column and byte offset of the first byte that is not UTF-8
//!   ([`decode`]), and refusing control characters ([`control_character`]);
//! * positions: byte offset to 1-based line and column in characters ([`LineIndex`]);
//! * TOML syntax errors in plain words ([`syntax_message`]);
//! * serde errors in plain words ([`serde_message`]) and "did you mean" suggestions
//!   ([`suggest`], [`did_you_mean`], [`unknown_key_message`]).
//!
//! Every problem displays as one line:
//! `FILE:LINE:COL: key `dotted.key`: what is wrong; what would be valid (did you mean `x`?)`.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Where something was written: a file and a 1-based line and column (columns count
/// characters, not bytes). Line and column 0 mean "somewhere in this file" (used when a
/// problem concerns a key that was not written anywhere, or for tables built in code).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn whole_file(file: &Path) -> Location {
        Location {
            file: file.to_path_buf(),
            line: 0,
            column: 0,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file.display())
        } else {
            write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
        }
    }
}

/// One thing wrong with a scenario or sweep file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub location: Location,
    /// Dotted key path as written in the file (`interventions[0].set.office.split`), if
    /// the problem concerns a key.
    pub key: Option<String>,
    /// What is wrong; what would be valid (did you mean …?).
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.key {
            Some(key) => write!(f, "{}: key `{}`: {}", self.location, key, self.message),
            None => write!(f, "{}: {}", self.location, self.message),
        }
    }
}

/// Why a scenario (or sweep) could not be loaded. Displays as one line per problem.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The scenario file named on the command line could not be read.
    #[error("{}: cannot read scenario file: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The scenario was read but is invalid; all problems found, in file order where
    /// possible.
    #[error("{}", display_problems(.0))]
    Invalid(Vec<Problem>),
}

fn display_problems(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(Problem::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl ScenarioError {
    /// One error holding every problem of several (loading many files at once).
    pub fn combine(errors: Vec<ScenarioError>) -> ScenarioError {
        let mut problems = Vec::new();
        for e in errors {
            match e {
                ScenarioError::Read { path, source } => problems.push(Problem {
                    location: Location::whole_file(&path),
                    key: None,
                    message: format!("cannot read scenario file: {source}"),
                }),
                ScenarioError::Invalid(p) => problems.extend(p),
            }
        }
        ScenarioError::Invalid(problems)
    }

    /// The problems found (empty for [`ScenarioError::Read`]).
    pub fn problems(&self) -> &[Problem] {
        match self {
            ScenarioError::Read { .. } => &[],
            ScenarioError::Invalid(problems) => problems,
        }
    }

    /// An error of one problem.
    pub fn one(problem: Problem) -> ScenarioError {
        ScenarioError::Invalid(vec![problem])
    }
}

// ---------------------------------------------------------------------------------------
// Reading files

/// The largest scenario or sweep file cogov reads: 4 MiB (the largest file of the
/// scenario library is a few KB). A larger file is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// What a file is, for messages ("scenario files must be UTF-8").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Scenario,
    Sweep,
    /// A calibration file (`cogov calibrate`).
    Calibration,
}

impl FileKind {
    pub fn noun(self) -> &'static str {
        match self {
            FileKind::Scenario => "scenario",
            FileKind::Sweep => "sweep",
            FileKind::Calibration => "calibration",
        }
    }
}

/// Read a sweep or calibration file a user named as text: bounded, regular, UTF-8 (see
/// [`read_bounded`] and [`decode`]); a problem names the file and says what kind it is.
pub fn read_user_file(path: &Path, kind: FileKind) -> Result<String, ScenarioError> {
    let bytes = read_bounded(path).map_err(|e| {
        ScenarioError::one(Problem {
            location: Location::whole_file(path),
            key: None,
            message: format!("cannot read {} file: {e}", kind.noun()),
        })
    })?;
    decode(&bytes, path, kind).map_err(ScenarioError::one)
}

/// Why a path that exists is not a file cogov reads, if it is not a regular file.
fn not_regular(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    if t.is_dir() {
        Some("a folder")
    } else {
        Some("not a regular file")
    }
}

fn refusal(what: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, what)
}

fn check_metadata(meta: &std::fs::Metadata) -> std::io::Result<()> {
    if let Some(what) = not_regular(meta) {
        return Err(refusal(format!(
            "it is {what}, not a regular file; scenario and sweep files must be regular \
             files of at most {} MiB",
            MAX_FILE_BYTES >> 20
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    Ok(())
}

fn too_large(len: u64) -> std::io::Error {
    refusal(format!(
        "it is larger than {} MiB ({len} bytes); scenario and sweep files must be at most \
         {} MiB",
        MAX_FILE_BYTES >> 20,
        MAX_FILE_BYTES >> 20
    ))
}

/// The bytes of a regular file of at most [`MAX_FILE_BYTES`]. The file's metadata is
/// checked before it is opened (so a FIFO is never opened, which would wait for a writer,
/// and a device such as /dev/zero is never read), again on the open handle (so the file
/// read is the file checked), and the read itself is bounded (a file that grows while it
/// is read is refused, not read without end).
pub fn read_bounded(path: &Path) -> std::io::Result<Vec<u8>> {
    check_metadata(&std::fs::metadata(path)?)?;
    // Opened non-blocking, so a FIFO swapped in after the check cannot hang the open; the
    // handle's own metadata then refuses it. On a regular file the flag changes nothing.
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(path)?
    };
    check_metadata(&file.metadata()?)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Bytes to text, or a problem naming the file, line, column and byte offset of the first
/// byte that is not UTF-8 (or saying the file is UTF-16). A leading byte-order mark is
/// dropped.
pub fn decode(bytes: &[u8], file: &Path, kind: FileKind) -> Result<String, Problem> {
    let noun = kind.noun();
    // UTF-16 (as some Windows editors save "Unicode" text): a byte-order mark, or the
    // zero bytes of ASCII text in UTF-16.
    let utf16 = bytes.starts_with(&[0xff, 0xfe])
        || bytes.starts_with(&[0xfe, 0xff])
        || (bytes.len() >= 4 && bytes[..4].iter().filter(|&&b| b == 0).count() == 2);
    if utf16 && std::str::from_utf8(bytes).is_err() {
        return Err(Problem {
            location: Location {
                file: file.to_path_buf(),
                line: 1,
                column: 1,
            },
            key: None,
            message: format!(
                "the file is UTF-16 text, not UTF-8; {noun} files must be UTF-8 (save it \
                 again choosing the UTF-8 encoding)"
            ),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_string()),
        Err(e) => {
            let good = e.valid_up_to();
            let prefix = std::str::from_utf8(&bytes[..good]).unwrap_or("");
            Err(Problem {
                location: LineIndex::new(prefix).location(prefix, file, good),
                key: None,
                message: format!(
                    "the file is not valid UTF-8 (byte 0x{:02x} at byte offset {good}); \
                     {noun} files must be UTF-8 text (if it was saved as GBK, GB18030 or \
                     Latin-1, save it again as UTF-8)",
                    bytes[good]
                ),
            })
        }
    }
}

/// The first control character in `text` (never valid TOML), as a problem naming the
/// character where it is, rather than whatever the parser was reading at the time.
pub fn control_character(text: &str, file: &Path, kind: FileKind) -> Option<Problem> {
    let (i, c) = text
        .char_indices()
        .find(|&(_, c)| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}')?;
    Some(Problem {
        location: LineIndex::new(text).location(text, file, i),
        key: None,
        message: format!(
            "the file contains the control character U+{:04X} (byte offset {i}); {} files \
             must be plain UTF-8 text",
            c as u32,
            kind.noun()
        ),
    })
}

/// Positions in a user's file (sweep, calibration): locations and problems at the spans
/// serde's `toml::Spanned` records.
pub struct Spot<'a> {
    text: &'a str,
    pub file: &'a Path,
    index: LineIndex,
}

impl<'a> Spot<'a> {
    pub fn new(text: &'a str, file: &'a Path) -> Self {
        Spot {
            text,
            file,
            index: LineIndex::new(text),
        }
    }

    pub fn at(&self, offset: usize) -> Location {
        self.index.location(self.text, self.file, offset)
    }

    pub fn problem<T>(
        &self,
        s: &toml::Spanned<T>,
        key: impl Into<String>,
        message: String,
    ) -> Problem {
        self.problem_at(s.span(), key, message)
    }

    pub fn problem_at(
        &self,
        span: std::ops::Range<usize>,
        key: impl Into<String>,
        message: String,
    ) -> Problem {
        Problem {
            location: self.at(span.start),
            key: Some(key.into()),
            message,
        }
    }
}

/// Line starts of a text, to turn byte offsets into lines and columns.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        (line, column)
    }

    /// The location of a byte offset in `file`.
    pub fn location(&self, text: &str, file: &Path, offset: usize) -> Location {
        let (line, column) = self.position(text, offset);
        Location {
            file: file.to_path_buf(),
            line,
            column,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Messages

/// A TOML parser's message (with the span it gave) in plain words, prefixed
/// "TOML syntax error: ".
pub fn syntax_message(raw: &str, span: std::ops::Range<usize>, text: &str) -> String {
    let mut message = raw.trim().replace('\n', "; ");
    let snippet = text.get(span.clone()).unwrap_or("");
    if message == "duplicate key" && !snippet.is_empty() && !snippet.contains('\n') {
        message = format!("duplicate key `{snippet}`; each key may be set only once");
    }
    if message.contains("number overflowed") {
        message = format!(
            "{message}: `{}` is too large; whole numbers must be within ±{} and other \
             numbers within about ±1.8e308",
            snippet.trim(),
            i64::MAX
        );
    }
    if message.contains("string values must be quoted") {
        message = unquoted_value_message(text.get(span.start..).unwrap_or("")).unwrap_or(message);
    }
    format!("TOML syntax error: {message}")
}

/// A value that is not a value: what follows the error position on its line.
fn unquoted_value_message(rest: &str) -> Option<String> {
    let rest = rest.lines().next().unwrap_or("").trim_end();
    let word: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '#' | ',' | '}' | ']'))
        .collect();
    if rest.is_empty() || rest.starts_with('#') {
        Some(
            "missing value after `=`; write a number, \"text in quotes\", true or false, an \
             array [ … ] or a table { … }"
                .into(),
        )
    } else if !word.is_empty() {
        Some(format!(
            "`{word}` is not a value: text must be in quotes, as in \"{word}\" (numbers, \
             true, false, nan and inf need none)"
        ))
    } else {
        None
    }
}

/// `a`, `b` and `c`.
pub fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|k| format!("`{k}`")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// The candidate nearest to `word`, if it is close enough to be a likely misspelling.
pub fn suggest<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    let norm = |s: &str| s.to_lowercase().replace('-', "_");
    let w = norm(word);
    let mut best: Option<(&str, f64, usize)> = None;
    for c in candidates {
        let cn = norm(c);
        let jw = strsim::jaro_winkler(&w, &cn);
        let dl = strsim::damerau_levenshtein(&w, &cn);
        if best.is_none_or(|(_, bjw, bdl)| dl < bdl || (dl == bdl && jw > bjw)) {
            best = Some((c, jw, dl));
        }
    }
    let (c, jw, dl) = best?;
    let len = w.chars().count().max(1);
    let close = dl == 0 || (dl <= 2 && dl * 3 <= len) || jw >= 0.9;
    close.then_some(c)
}

/// ` (did you mean `x`?)` if a candidate is close to `word` (and is not `word`), else
/// nothing.
pub fn did_you_mean(word: &str, candidates: &[String]) -> String {
    match suggest(word, candidates) {
        Some(s) if s != word => format!(" (did you mean `{s}`?)"),
        _ => String::new(),
    }
}

/// The message for a key that is not one of `candidates`.
pub fn unknown_key_message(field: &str, candidates: &[String]) -> String {
    format!(
        "unknown key; valid keys here are {}{}",
        list(candidates),
        did_you_mean(field, candidates)
    )
}

/// The names between backticks in (part of) a serde message.
pub fn backticked(message: &str) -> Vec<String> {
    message
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The text after `prefix` up to the next backtick, if `message` starts with `prefix`.
pub fn first_backticked(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?;
    Some(rest.split('`').next()?.to_string())
}

/// The message for an unknown enum value `variant`, from serde's text `raw` (which lists
/// the valid values after "expected"), with a suggestion for a near miss.
pub fn unknown_value_message(variant: &str, raw: &str) -> String {
    let candidates = backticked(raw.split_once("expected").map_or("", |(_, r)| r));
    let values: Vec<String> = candidates.iter().map(|c| format!("\"{c}\"")).collect();
    format!(
        "unknown value \"{variant}\"; valid values are {}{}",
        values.join(", "),
        did_you_mean(variant, &candidates)
    )
}

/// A serde deserialisation message in the words of scenario errors, for files whose types
/// serde checks directly (sweep files). Returns the unknown key's name when the message
/// is about one (the caller adds it to the key path), and the message.
pub fn serde_message(raw: &str) -> (Option<String>, String) {
    let raw = raw.trim();
    if let Some(field) = first_backticked(raw, "unknown field `") {
        let valid = backticked(raw.split_once("expected").map_or("", |(_, r)| r));
        let message = unknown_key_message(&field, &valid);
        return (Some(field), message);
    }
    if let Some(variant) = first_backticked(raw, "unknown variant `") {
        return (None, unknown_value_message(&variant, raw));
    }
    if let Some(field) = first_backticked(raw, "missing field `") {
        return (None, format!("missing key `{field}`"));
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let message = format!(
            "wrong type: found {}; expected {}",
            found_in_words(found),
            expected_in_words(expected)
        );
        return (None, message);
    }
    if let Some(rest) = raw.strip_prefix("invalid value: integer `") {
        let (value, expected) = rest.split_once("`, expected ").unwrap_or((rest, ""));
        let value = value.trim_end_matches('`');
        let message = format!(
            "{value} is out of range; expected {}",
            expected_in_words(expected)
        );
        return (None, message);
    }
    (None, raw.to_string())
}

/// serde's "found" (`string "x"`, `integer `5``, `sequence`) in the words of
/// scenario errors (`a string ("x")`, `a whole number (5)`, `an array`).
fn found_in_words(found: &str) -> String {
    let ticked = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|v| v.trim_matches('`').to_string())
    };
    if let Some(s) = found.strip_prefix("string ") {
        return format!("a string ({s})");
    }
    if let Some(v) = ticked("integer ") {
        return format!("a whole number ({v})");
    }
    if let Some(v) = ticked("floating point ") {
        return format!("a number ({v})");
    }
    if let Some(v) = ticked("boolean ") {
        return format!("a boolean ({v})");
    }
    match found {
        "sequence" => "an array".into(),
        "map" => "a table".into(),
        other => other.to_string(),
    }
}

/// serde's "expected" (`u32`, `f64`, `a sequence`, `struct X`) in words.
fn expected_in_words(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" => format!(
            "a whole number from 0 to {}",
            if expected == "u32" {
                u64::from(u32::MAX)
            } else if expected == "u16" {
                u64::from(u16::MAX)
            } else {
                u64::from(u8::MAX)
            }
        ),
        "u64" => format!("a whole number from 0 to {}", i64::MAX),
        "i64" | "i32" => "a whole number".into(),
        "f64" | "f32" => "a number".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "an array".into(),
        "" => "another type".into(),
        e if e.starts_with("struct ") || e == "a map" => "a table".into(),
        e => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_from_one() {
        let text = "ab\n中文x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), (1, 1));
        assert_eq!(index.position(text, 3), (2, 1));
        assert_eq!(index.position(text, 9), (2, 3));
        assert_eq!(index.position(text, 999), (3, 1));
        let loc = index.location(text, Path::new("f.toml"), 4);
        assert_eq!(loc.to_string(), "f.toml:2:2");
        assert_eq!(
            Location::whole_file(Path::new("f.toml")).to_string(),
            "f.toml"
        );
    }

    #[test]
    fn decode_names_utf16_bom_and_bad_bytes() {
        let f = Path::new("s.toml");
        assert_eq!(
            decode(b"\xef\xbb\xbfa = 1", f, FileKind::Sweep).unwrap(),
            "a = 1"
        );
        let e = decode(b"\xff\xfea\0", f, FileKind::Sweep).unwrap_err();
        assert!(e.message.starts_with("the file is UTF-16 text"), "{e}");
        assert!(e.message.contains("sweep files must be UTF-8"), "{e}");
        let e = decode(b"a = 1\nb = \"\xc0\"", f, FileKind::Scenario).unwrap_err();
        assert_eq!(
            e.to_string(),
            "s.toml:2:6: the file is not valid UTF-8 (byte 0xc0 at byte offset 11); scenario \
             files must be UTF-8 text (if it was saved as GBK, GB18030 or Latin-1, save it \
             again as UTF-8)"
        );
        let p = control_character("a = 1\n\u{1}", f, FileKind::Sweep).unwrap();
        assert_eq!(p.location.line, 2);
        assert!(control_character("a = \"\t\"\r\n", f, FileKind::Sweep).is_none());
    }

    #[test]
    fn suggestions_are_close_words_only() {
        let c: Vec<String> = ["access_list", "budget"].map(String::from).to_vec();
        assert_eq!(suggest("acess_list", &c), Some("access_list"));
        assert_eq!(suggest("Budget", &c), Some("budget"));
        assert_eq!(suggest("zzz", &c), None);
        assert_eq!(did_you_mean("budget", &c), "");
        assert_eq!(
            unknown_key_message("budgte", &c),
            "unknown key; valid keys here are `access_list` and `budget` (did you mean \
             `budget`?)"
        );
        assert_eq!(list(&[]), "");
    }

    #[test]
    fn serde_messages_in_plain_words() {
        let (k, m) = serde_message("unknown field `sed`, expected one of `seed`, `base`");
        assert_eq!(k.as_deref(), Some("sed"));
        assert!(m.ends_with("(did you mean `seed`?)"), "{m}");
        let (_, m) = serde_message("invalid type: string \"two\", expected u32");
        assert_eq!(
            m,
            "wrong type: found a string (\"two\"); expected a whole number from 0 to 4294967295"
        );
        let (_, m) = serde_message("invalid value: integer `-1`, expected u32");
        assert_eq!(
            m,
            "-1 is out of range; expected a whole number from 0 to 4294967295"
        );
        let (_, m) = serde_message("unknown variant `gird`, expected `grid` or `random`");
        assert_eq!(
            m,
            "unknown value \"gird\"; valid values are \"grid\", \"random\" (did you mean `grid`?)"
        );
    }

    #[test]
    fn syntax_messages_name_the_word() {
        let text = "a = hello\n";
        let m = syntax_message("string values must be quoted", 4..5, text);
        assert!(m.contains("`hello` is not a value"), "{m}");
        let m = syntax_message("duplicate key", 0..1, "a = 1\na = 2\n");
        assert_eq!(
            m,
            "TOML syntax error: duplicate key `a`; each key may be set only once"
        );
    }

    #[test]
    fn only_regular_files_under_the_limit_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_bounded(dir.path()).unwrap_err();
        assert!(e.to_string().starts_with("it is a folder"), "{e}");
        let big = dir.path().join("big.toml");
        std::fs::write(&big, vec![b'#'; MAX_FILE_BYTES as usize + 1]).unwrap();
        let e = read_bounded(&big).unwrap_err();
        assert!(e.to_string().contains("larger than 4 MiB"), "{e}");
        let ok = dir.path().join("ok.toml");
        std::fs::write(&ok, "a = 1").unwrap();
        assert_eq!(read_bounded(&ok).unwrap(), b"a = 1");
        #[cfg(unix)]
        {
            let e = read_bounded(Path::new("/dev/zero")).unwrap_err();
            assert!(e.to_string().starts_with("it is a device"), "{e}");
        }
    }
}
