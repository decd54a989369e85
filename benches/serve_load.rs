//! A bounded load test of `cogov serve` on loopback (run by hand: `cargo bench --bench
//! serve_load`; never by `cargo test`). It starts the real binary and reports:
//!
//! 1. first load: the time to fetch the page and everything it needs before it can paint
//!    (index.html, the modules, the styles, uPlot and /api/meta), cold and warm;
//! 2. the target: one page with a six-scenario, ten-replicate session of the default
//!    street, playing at full speed: weeks per second received, and the server's memory;
//! 3. 20 pages at once, each with its own session (one scenario, three replicates), all
//!    playing at full speed: the weeks per second each receives, and the server's memory.
//!
//! Memory is the server process's resident set (VmRSS now, VmHWM the peak) from /proc.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

const SIX: [&str; 6] = [
    "baseline",
    "devolution",
    "online",
    "ngo_open_door",
    "councils",
    "co_governance",
];

fn start_server(max_sessions: u32) -> (Child, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cogov"))
        .args([
            "serve",
            "--port",
            "0",
            "--max-sessions",
            &max_sessions.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("cannot start cogov serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .trim_start_matches("cogov serve: http://")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    (child, addr)
}

/// (VmRSS, VmHWM) of a process in MiB.
fn memory(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// CPU seconds (user + system) a process has used so far.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which is in parentheses): utime is the 12th, stime the 13th.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<f64> = after
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0.0))
        .collect();
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    fields
        .get(11)
        .zip(fields.get(12))
        .map_or(f64::NAN, |(u, s)| (u + s) / ticks)
}

/// The machine's load average over the last minute (other work slows every figure).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .next()
        .unwrap_or("?")
        .to_string()
}

fn get(addr: SocketAddr, path: &str) -> usize {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut body = Vec::new();
    s.read_to_end(&mut body).unwrap();
    assert!(body.starts_with(b"HTTP/1.1 200"), "{path}");
    body.len()
}

fn first_load(addr: SocketAddr) -> (Duration, usize) {
    let t = Instant::now();
    let files = [
        "/",
        "/style.css",
        "/vendor/uPlot.min.css",
        "/app.js",
        "/charts.js",
        "/community.js",
        "/vendor/uPlot.esm.js",
        "/api/meta",
    ];
    let bytes = files.iter().map(|f| get(addr, f)).sum();
    (t.elapsed(), bytes)
}

/// One page: start a session, play at full speed to the last week; (weeks, seconds, bytes).
async fn page(addr: SocketAddr, scenarios: &[&str], replicates: u32) -> (u32, f64, usize) {
    let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://{addr}/ws"))
        .await
        .unwrap();
    let choices: Vec<Value> = scenarios.iter().map(|s| json!({"library": s})).collect();
    let start = json!({"type": "start", "scenarios": choices, "replicates": replicates});
    ws.send(Message::Text(start.to_string().into()))
        .await
        .unwrap();
    let mut weeks = 0;
    let mut bytes = 0;
    let mut began = None;
    while let Some(Ok(message)) = ws.next().await {
        let Message::Text(text) = message else {
            continue;
        };
        bytes += text.len();
        let m: Value = serde_json::from_str(text.as_str()).unwrap();
        match m["type"].as_str() {
            Some("state") => {
                began = Some(Instant::now());
                ws.send(Message::Text(
                    json!({"type": "play", "speed": 200}).to_string().into(),
                ))
                .await
                .unwrap();
            }
            Some("frame") => weeks = m["week"].as_u64().unwrap() as u32,
            Some("finished") => break,
            Some("error") => panic!("{m}"),
            _ => {}
        }
    }
    let seconds = began.map_or(f64::NAN, |b| b.elapsed().as_secs_f64());
    (weeks, seconds, bytes)
}

fn main() {
    // `cargo bench` passes --bench; any other argument filters nothing here.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (mut server, addr) = start_server(32);
    let pid = server.id();
    println!(
        "cogov serve (pid {pid}) at {addr}, {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let (cold, bytes) = first_load(addr);
    let (warm, _) = first_load(addr);
    println!(
        "first load: {bytes} bytes in {:.1} ms cold, {:.1} ms warm",
        cold.as_secs_f64() * 1e3,
        warm.as_secs_f64() * 1e3
    );
    let (rss, _) = memory(pid);
    println!("idle server: RSS {rss:.1} MiB");

    let cpu_before = cpu_seconds(pid);
    let load_before = load_average();
    let (weeks, seconds, bytes) = runtime.block_on(page(addr, &SIX, 10));
    let cpu = cpu_seconds(pid) - cpu_before;
    let (rss, hwm) = memory(pid);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    println!(
        "  (load average {load_before} before; the server used {cpu:.1} CPU-seconds = {:.3} per week: on {cores} idle cores at most {:.1} weeks/s)",
        cpu / weeks as f64,
        cores * weeks as f64 / cpu
    );
    println!(
        "six scenarios x 10 replicates: {weeks} weeks in {seconds:.2} s = {:.1} weeks/s ({:.0} KiB/week); server RSS {rss:.1} MiB, peak {hwm:.1} MiB",
        weeks as f64 / seconds,
        bytes as f64 / 1024.0 / weeks as f64
    );

    let t = Instant::now();
    let results: Vec<(u32, f64, usize)> = runtime.block_on(async {
        let pages: Vec<_> = (0..20)
            .map(|_| tokio::spawn(page(addr, &["baseline"], 3)))
            .collect();
        let mut out = Vec::new();
        for p in pages {
            out.push(p.await.unwrap());
        }
        out
    });
    let (rss, hwm) = memory(pid);
    let rates: Vec<f64> = results.iter().map(|(w, s, _)| *w as f64 / s).collect();
    let min = rates.iter().cloned().fold(f64::INFINITY, f64::min);
    let max = rates.iter().cloned().fold(0.0, f64::max);
    let mean = rates.iter().sum::<f64>() / rates.len() as f64;
    println!(
        "20 pages at once (1 scenario x 3 replicates each): all done in {:.1} s; weeks/s per page min {min:.1}, mean {mean:.1}, max {max:.1}; server RSS {rss:.1} MiB, peak {hwm:.1} MiB",
        t.elapsed().as_secs_f64()
    );
    unsafe { libc::kill(pid as i32, libc::SIGTERM) };
    let status = server.wait().unwrap();
    println!("server stopped on SIGTERM: {status}");
}
