//! Journals: the rows of finished runs, appended one line at a time as runs finish.
//!
//! A journal line is exactly the run's line of `runs.csv`, so `runs.csv` is the header
//! and the journal's lines sorted by run id. A process killed while appending may leave
//! a torn last line: [`parse_line`] accepts only a whole line (ending in a newline, with
//! the right number of fields and a valid run id), and the reader stops at the first line
//! that is not whole, so the writer can cut the file there and append after it.
//!
//! No I/O here: the binary reads files line by line and asks these functions.

/// The run id of a whole journal line (with its newline), or `None` if the line is torn
/// or not a row of this sweep (`columns` fields, run id below `runs`).
pub fn parse_line(line: &[u8], columns: usize, runs: u64) -> Option<u64> {
    // Rows never hold a newline inside a field (errors are joined onto one line), so a
    // whole row ends at its first newline, with its quotes balanced.
    if !line.ends_with(b"\n")
        || line[..line.len() - 1].contains(&b'\n')
        || line.iter().filter(|&&b| b == b'"').count() % 2 == 1
    {
        return None;
    }
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line);
    let mut rec = csv::ByteRecord::new();
    if !r.read_byte_record(&mut rec).ok()? || rec.len() != columns {
        return None;
    }
    // A second record means the line held more than one row.
    if r.read_byte_record(&mut csv::ByteRecord::new()).ok()? {
        return None;
    }
    let id: u64 = std::str::from_utf8(rec.get(0)?).ok()?.parse().ok()?;
    (id < runs).then_some(id)
}

/// Whether a whole journal line records a failed run (its last field, `error`, is set).
pub fn is_failure(line: &[u8]) -> bool {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line);
    let mut rec = csv::ByteRecord::new();
    matches!(r.read_byte_record(&mut rec), Ok(true))
        && rec.iter().next_back().is_some_and(|f| !f.is_empty())
}

/// Where each run's line is, across one or more journals: `(journal, offset, length)`.
#[derive(Clone, Debug)]
pub struct Index {
    entries: Vec<Option<(u32, u64, u32)>>,
    duplicates: Vec<u64>,
}

impl Index {
    pub fn new(runs: u64) -> Index {
        Index {
            entries: vec![None; runs as usize],
            duplicates: Vec::new(),
        }
    }

    /// Record a run's line. Within one journal a repeated id keeps the first line; the
    /// same id in two journals is a duplicate (two shards ran it).
    pub fn add(&mut self, id: u64, journal: u32, offset: u64, len: u32) {
        match self.entries[id as usize] {
            None => self.entries[id as usize] = Some((journal, offset, len)),
            Some((j, _, _)) if j == journal => {}
            Some(_) => self.duplicates.push(id),
        }
    }

    pub fn get(&self, id: u64) -> Option<(u32, u64, u32)> {
        self.entries[id as usize]
    }

    /// Runs whose line is there.
    pub fn count(&self) -> u64 {
        self.entries.iter().filter(|e| e.is_some()).count() as u64
    }

    /// Runs without a line, among those with `id % n == i` (all runs for n = 1).
    pub fn missing(&self, shard: (u64, u64)) -> Vec<u64> {
        let (i, n) = shard;
        (0..self.entries.len() as u64)
            .filter(|id| id % n == i && self.entries[*id as usize].is_none())
            .collect()
    }

    /// Runs found in more than one journal, sorted, once each.
    pub fn duplicates(&self) -> Vec<u64> {
        let mut d = self.duplicates.clone();
        d.sort_unstable();
        d.dedup();
        d
    }
}

/// A list of run ids for a message: ranges (`3-7`), at most `max` items shown.
pub fn id_list(ids: &[u64], max: usize) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < ids.len() {
        let mut j = i;
        while j + 1 < ids.len() && ids[j + 1] == ids[j] + 1 {
            j += 1;
        }
        parts.push(if j > i {
            format!("{}-{}", ids[i], ids[j])
        } else {
            ids[i].to_string()
        });
        i = j + 1;
    }
    let shown = parts.len().min(max);
    let mut s = parts[..shown].join(", ");
    if parts.len() > shown {
        s.push_str(&format!(", … ({} runs in all)", ids.len()));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_lines_only() {
        assert_eq!(parse_line(b"3,1,0,4,0.5,0.2,\n", 7, 10), Some(3));
        assert_eq!(
            parse_line(b"3,1,0,4,0.5,0.2,", 7, 10),
            None,
            "torn: no newline"
        );
        assert_eq!(
            parse_line(b"3,1,0,4,0.5\n", 7, 10),
            None,
            "torn: too few fields"
        );
        assert_eq!(
            parse_line(b"12,1,0,4,0.5,0.2,\n", 7, 10),
            None,
            "id out of range"
        );
        assert_eq!(parse_line(b"x,1,0,4,0.5,0.2,\n", 7, 10), None);
        assert_eq!(
            parse_line(b"3,1,0,4,,,\"bad, very\"\n", 7, 10),
            Some(3),
            "quoted error"
        );
        assert_eq!(parse_line(b"3,1,0,4,,,\"torn\n", 7, 10), None);
        assert!(is_failure(b"3,1,0,4,,,boom\n"));
        assert!(!is_failure(b"3,1,0,4,1,2,\n"));
    }

    #[test]
    fn index_finds_missing_and_duplicates() {
        let mut ix = Index::new(6);
        ix.add(0, 0, 0, 10);
        ix.add(2, 0, 10, 10);
        ix.add(2, 0, 20, 10);
        ix.add(2, 1, 0, 10);
        ix.add(5, 1, 10, 10);
        assert_eq!(ix.count(), 3);
        assert_eq!(ix.missing((0, 1)), vec![1, 3, 4]);
        assert_eq!(ix.missing((1, 2)), vec![1, 3]);
        assert_eq!(ix.duplicates(), vec![2]);
        assert_eq!(ix.get(2), Some((0, 10, 10)));
        assert_eq!(id_list(&[1, 2, 3, 7, 9, 10], 10), "1-3, 7, 9-10");
        assert_eq!(id_list(&[1, 3, 5], 2), "1, 3, … (3 runs in all)");
    }
}
