//! A live session's speed and memory: the classroom session, six scenarios of the
//! library (the default street, 24,000 residents each) with ten replicates, stepped one week
//! at a time on a 2-thread pool (every replicate of every series, and the week's frame of
//! means and bands), as weeks per second (target ≥ 20), beside the memory the session's
//! models hold by `model::memory`'s estimate and the process's resident set after building
//! it (target well under 200 MiB). Run with `cargo bench --bench live`.

mod common;

use cogov::library;
use cogov::live::{LiveSession, SessionSpec};
use cogov::model::memory::{estimate_memory, format_bytes};
use common::Rate;
use criterion::{Criterion, criterion_group, criterion_main};

fn rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// CPU seconds (user + system) the process has used: on a machine others load, weeks per
/// CPU-second say what two idle cores would give.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 * 1e-6;
    t(usage.ru_utime) + t(usage.ru_stime)
}

fn bench(c: &mut Criterion) {
    let scenarios: Vec<(String, cogov::scenario::Scenario)> = library::scenarios()
        .expect("the library loads")
        .into_iter()
        .take(6)
        .collect();
    let estimate: u64 = scenarios.iter().map(|(_, s)| estimate_memory(s) * 10).sum();
    let before = rss_bytes();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("pool");
    let spec = SessionSpec {
        scenarios,
        replicates: 10,
        seed: 1,
    };
    let built = std::time::Instant::now();
    let mut session = pool.install(|| LiveSession::new(spec)).expect("session");
    let built = built.elapsed().as_secs_f64();
    let after = rss_bytes();
    eprintln!(
        "BUILD the session (60 models at week 0) in {:.0} ms",
        built * 1e3
    );
    // CPU time of 20 weeks, outside criterion.
    let (cpu, wall) = (cpu_seconds(), std::time::Instant::now());
    pool.install(|| {
        for _ in 0..20 {
            session.step().expect("a week");
        }
    });
    let (cpu, wall) = (cpu_seconds() - cpu, wall.elapsed().as_secs_f64());
    eprintln!(
        "CPU {:.1} ms per week (wall {:.1} ms): at most {:.1} weeks/s on two idle cores",
        cpu / 20.0 * 1e3,
        wall / 20.0 * 1e3,
        2.0 * 20.0 / cpu
    );
    let clock = std::time::Instant::now();
    let frames = session.history().len();
    eprintln!(
        "HISTORY {frames} frames in {:.1} ms (a page that connects at week {})",
        clock.elapsed().as_secs_f64() * 1e3,
        session.week()
    );
    let mut g = c.benchmark_group("live");
    g.sample_size(20);
    let rate = Rate::default();
    g.bench_function("six_scenarios_ten_replicates_one_week_2threads", |b| {
        rate.iter(b, || {
            pool.install(|| {
                if session.week() == session.weeks() {
                    session.reset();
                }
                session.step().expect("a week")
            })
        })
    });
    g.finish();
    rate.report("live/six_scenarios_ten_replicates_one_week", 1.0, "weeks");
    eprintln!("(target: ≥ 20 weeks/s on 2 threads)");
    eprintln!(
        "MEMORY estimate of the session's 60 models: {}; resident set before {} after {} \
         building the session (target: well under 200 MiB)",
        format_bytes(estimate),
        before.map_or("?".into(), format_bytes),
        after.map_or("?".into(), format_bytes),
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
