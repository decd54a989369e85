//! Journals: the rows of finished runs, appended one line at a time as runs finish.
//!
//! A journal record is the run's line of `runs.csv` prefixed by its CRC-32 (IEEE, as
//! eight lower-case hex digits and a comma): `1a2b3c4d,<row>\n`, so `runs.csv` is the
//! header and the records' rows sorted by run id. A process killed while appending, or a
//! disk that fails a write half way, may leave a torn record, and a later append may fuse
//! onto its fragment. [`parse_record`] accepts only a whole record: its checksum matches
//! the row, the row has the right number of fields, and its run id, point, replicate and
//! seed agree with the sweep's numbering ([`Layout`]) — so neither a fragment nor a fused
//! line can pass as a run. The reader keeps the valid prefix of a journal and stops at the
//! first record that is not whole; the writer cuts the file there, and the runs after it
//! are run again.
//!
//! No I/O here: the binary reads files line by line and asks these functions.

/// Bytes before the row in a record: eight hex digits and a comma.
pub const PREFIX: usize = 9;

/// How a sweep numbers its runs: run `id` is replicate `id % replicates` of point
/// `id / replicates`, with seed `master_seed + id` (wrapping).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    pub runs: u64,
    pub replicates: u32,
    pub master_seed: u64,
}

impl Layout {
    /// (point, replicate, seed) of run `id`.
    pub fn expected(&self, id: u64) -> (u64, u64, u64) {
        let r = u64::from(self.replicates.max(1));
        (id / r, id % r, self.master_seed.wrapping_add(id))
    }
}

/// The journal record of a row of `runs.csv` (which ends in a newline).
pub fn record(row: &[u8]) -> Vec<u8> {
    let mut out = format!("{:08x},", crc32fast::hash(row)).into_bytes();
    out.extend_from_slice(row);
    out
}

/// The run id of a whole journal record (with its newline; the row is
/// `&line[PREFIX..]`), or `None` if it is torn, fused, damaged or not a run of this sweep.
pub fn parse_record(line: &[u8], columns: usize, layout: &Layout) -> Option<u64> {
    if line.len() <= PREFIX || line[PREFIX - 1] != b',' {
        return None;
    }
    let hex = std::str::from_utf8(&line[..PREFIX - 1]).ok()?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let row = &line[PREFIX..];
    if u32::from_str_radix(hex, 16).ok()? != crc32fast::hash(row) {
        return None;
    }
    let id = parse_line(row, columns, layout.runs)?;
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(row);
    let mut rec = csv::ByteRecord::new();
    r.read_byte_record(&mut rec).ok()?;
    let field = |i: usize| -> Option<u64> { std::str::from_utf8(rec.get(i)?).ok()?.parse().ok() };
    let (point, replicate, seed) = layout.expected(id);
    (field(1)? == point && field(2)? == replicate && field(3)? == seed).then_some(id)
}

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
    fn records_carry_a_checksum_and_name_their_run() {
        let layout = Layout {
            runs: 200,
            replicates: 2,
            master_seed: 10,
        };
        let row = b"23,11,1,33,0.5,0.2,\n";
        let rec = record(row);
        assert_eq!(parse_record(&rec, 7, &layout), Some(23));
        assert_eq!(&rec[PREFIX..], row);
        // A fragment fused with a whole record: the run id would read 123.
        let mut fused = b"1".to_vec();
        fused.extend_from_slice(&rec);
        assert_eq!(parse_record(&fused, 7, &layout), None);
        // The fragment fused inside the row instead, checksum recomputed by no one.
        let mut inner = rec.clone();
        inner.insert(PREFIX, b'1');
        assert_eq!(parse_record(&inner, 7, &layout), None);
        // A valid checksum over a row whose seed is not this run's.
        let forged = record(b"23,11,1,34,0.5,0.2,\n");
        assert_eq!(parse_record(&forged, 7, &layout), None);
        let wrong_point = record(b"23,10,1,33,0.5,0.2,\n");
        assert_eq!(parse_record(&wrong_point, 7, &layout), None);
        // Torn anywhere.
        for cut in 0..rec.len() {
            assert_eq!(parse_record(&rec[..cut], 7, &layout), None, "cut at {cut}");
        }
        // One byte changed anywhere.
        for i in 0..rec.len() - 1 {
            let mut bad = rec.clone();
            bad[i] ^= 0x04;
            assert_eq!(parse_record(&bad, 7, &layout), None, "byte {i}");
        }
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
