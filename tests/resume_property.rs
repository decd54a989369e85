//! Resuming gives the same output as not stopping (issue 6), over random sweeps.
//!
//! A sweep's `runs.csv` is its header followed by each run's row in run-id order, and a
//! resumed sweep keeps the rows of the runs that finished before the interruption and
//! computes only the rest (the binary's journal; `tests/sweep.rs` kills the real binary
//! with SIGKILL, SIGINT and SIGTERM). What makes that byte-identical is that a run's row
//! depends on nothing but the sweep and the run id: not on which runs ran before it, in
//! what order, or in which process. This property test checks exactly that over randomly
//! drawn sweeps, interruption points and completion orders, with a fresh `Sweep` (as a
//! restarted process would load) after the interruption.

use std::path::Path;

use proptest::prelude::*;

const BASE: &str = "[run]\nticks = 6\n[population]\ncommunities_per_street = 2\n\
                    residents_per_community = 80\n[issues]\nrate = 0.03\n";

fn sweep_text(access: &[f64], interval: u32, replicates: u32, seed: u64) -> String {
    let values: Vec<String> = access.iter().map(|a| format!("{a:.3}")).collect();
    format!(
        "base = \"base.toml\"\nreplicates = {replicates}\nseed = {seed}\n\
         [design]\nkind = \"grid\"\n\
         [[parameters]]\npath = \"office.access_list\"\nvalues = [{}]\n\
         [[parameters]]\npath = \"council.interval\"\nvalues = [0, {interval}]\n\
         [[outcomes]]\nname = \"part\"\nmetric = \"participation_rate\"\nstat = \"final\"\n\
         [[outcomes]]\nname = \"backlog\"\nmetric = \"backlog\"\nstat = \"mean\"\nfrom = 2\n",
        values.join(", ")
    )
}

/// `runs.csv` as the binary assembles it: header, then rows sorted by run id.
fn assemble(sweep: &cogov::sweep::Sweep, mut rows: Vec<(u64, Vec<u8>)>) -> Vec<u8> {
    rows.sort_by_key(|(id, _)| *id);
    let mut out = sweep.header();
    for (_, r) in rows {
        out.extend(r);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn a_resumed_sweep_is_byte_identical(
        access in prop::collection::vec(0.0..1.0f64, 1..3),
        interval in 1u32..4,
        replicates in 1u32..3,
        seed in 0u64..1_000_000,
        cut in 0.0..1.0f64,
        shuffle in any::<u64>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("base.toml"), BASE).unwrap();
        let file = dir.path().join("sweep.toml");
        std::fs::write(&file, sweep_text(&access, interval, replicates, seed)).unwrap();
        let load = |f: &Path| cogov::sweep::load_file(f).unwrap();

        // Uninterrupted, in run-id order.
        let sweep = load(&file);
        let n = sweep.runs();
        let all: Vec<(u64, Vec<u8>)> =
            (0..n).map(|id| (id, sweep.row(&sweep.run(id)))).collect();
        let uninterrupted = assemble(&sweep, all);

        // Interrupted after a random number of runs, finishing in a scrambled order, then
        // resumed by a freshly loaded sweep that runs only what is missing (in reverse).
        let mut order: Vec<u64> = (0..n).collect();
        let mut state = shuffle | 1;
        for i in (1..order.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            order.swap(i, (state >> 33) as usize % (i + 1));
        }
        let done = ((n as f64) * cut) as usize;
        let mut rows: Vec<(u64, Vec<u8>)> = order[..done]
            .iter()
            .map(|&id| (id, sweep.row(&sweep.run(id))))
            .collect();
        let resumed = load(&file);
        for &id in order[done..].iter().rev() {
            rows.push((id, resumed.row(&resumed.run(id))));
        }
        prop_assert_eq!(assemble(&resumed, rows), uninterrupted);
    }
}
