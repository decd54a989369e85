//! `cogov serve --resume LOG` with the real binary: play two rounds, SIGKILL the server in
//! the middle of the third (some students have acted), start it again on the log: the
//! session is at round 3, the students rejoin with their tokens, and the session ends
//! byte-identical to one that was never interrupted. In the last round one student's
//! phone goes away: the round closes without them.

mod play_common;

use std::net::SocketAddr;

use play_common::*;
use serde_json::{Value, json};

const STUDENTS: u64 = 6;
const ROUNDS: u32 = 4;
const WEEKS: u32 = 2;

struct Student {
    ws: Ws,
    i: u64,
    token: String,
    kind: String,
}

/// Students join one after another (so seats are given in the same order every time).
async fn join_all(addr: SocketAddr, code: &str) -> Vec<Student> {
    let mut out = Vec::new();
    for i in 0..STUDENTS {
        let mut ws = connect(addr).await;
        send(
            &mut ws,
            &json!({"type": "join", "code": code, "pseudonym": format!("s{i}")}),
        )
        .await;
        let joined = next_of(&mut ws, "joined").await;
        out.push(Student {
            ws,
            i,
            token: joined["token"].as_str().unwrap().to_string(),
            kind: joined["role"]["kind"].as_str().unwrap().to_string(),
        });
    }
    out
}

/// The student's view of `round`, then its action (what it chooses depends only on the
/// view and who it is).
async fn act(s: &mut Student, round: u64) {
    let view = loop {
        let m = next_of(&mut s.ws, "view").await;
        if m["round"] == round {
            break m;
        }
    };
    let decision = choose(&s.kind, &view["view"], s.i * 100 + round);
    send(
        &mut s.ws,
        &json!({"type": "act", "round": round, "decision": decision}),
    )
    .await;
    let acted = next_of(&mut s.ws, "acted").await;
    assert_eq!(acted["round"], round);
}

async fn wait_closed(trainer: &mut Ws, round: u64) {
    loop {
        let m = next(trainer).await;
        assert_ne!(m["type"], "error", "{m}");
        if m["type"] == "round_closed" && m["round"] == round {
            return;
        }
    }
}

/// What an ended session gives: its trajectories, the per-role CSVs, and its round
/// records.
fn products(server: &PlayServer, code: &str) -> (Vec<u8>, Vec<Vec<u8>>, Vec<Value>) {
    let traj = download(server.addr, code, "trajectories.csv", &server.trainer);
    let csvs = ["resident", "committee", "office", "ngo"]
        .iter()
        .map(|k| download(server.addr, code, &format!("{k}.csv"), &server.trainer))
        .collect();
    let log = download(server.addr, code, "decisions.jsonl", &server.trainer);
    let rounds = String::from_utf8(log.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|r| r["kind"] == "round")
        .collect();
    assert_eq!(replayed_trajectories(&log), traj);
    (traj, csvs, rounds)
}

/// Each round, every student acts, except that in the last round (`ROUNDS`) the last
/// student's phone goes away instead: the round closes without them (the model plays
/// their agent).
async fn play_rounds(
    students: &mut [Student],
    trainer: &mut Ws,
    rounds: std::ops::RangeInclusive<u64>,
) {
    for round in rounds {
        let n = students.len();
        for (k, s) in students.iter_mut().enumerate() {
            if round == ROUNDS as u64 && k == n - 1 {
                s.ws.close(None).await.unwrap();
                continue;
            }
            act(s, round).await;
        }
        wait_closed(trainer, round).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_session_resumes_from_its_last_closed_round() {
    // Uninterrupted.
    let dir_a = temp_dir("play-resume-a");
    let server = PlayServer::start(0, &["--play-dir", dir_a.to_str().unwrap()]);
    let upload = upload_small_street(server.addr);
    let (mut trainer, code) =
        trainer_creates(server.addr, &server.trainer, &upload, ROUNDS, WEEKS).await;
    let mut students = join_all(server.addr, &code).await;
    send(&mut trainer, &json!({"type": "start"})).await;
    play_rounds(&mut students, &mut trainer, 1..=ROUNDS as u64).await;
    let whole = products(&server, &code);
    server.stop();

    // Killed in round 3, after two students acted.
    let dir_b = temp_dir("play-resume-b");
    let mut first = PlayServer::start(0, &["--play-dir", dir_b.to_str().unwrap()]);
    let upload = upload_small_street(first.addr);
    let (mut trainer, code) =
        trainer_creates(first.addr, &first.trainer, &upload, ROUNDS, WEEKS).await;
    let mut students = join_all(first.addr, &code).await;
    send(&mut trainer, &json!({"type": "start"})).await;
    play_rounds(&mut students, &mut trainer, 1..=2).await;
    for s in students.iter_mut().take(2) {
        act(s, 3).await;
    }
    first.kill(); // SIGKILL
    let log = only_log(&dir_b);
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        text.lines()
            .filter(|l| l.contains("\"kind\":\"round\""))
            .count(),
        2
    );

    let resumed = PlayServer::start(
        0,
        &[
            "--play-dir",
            dir_b.to_str().unwrap(),
            "--resume",
            log.to_str().unwrap(),
        ],
    );
    let mut trainer = connect(resumed.addr).await;
    send(
        &mut trainer,
        &json!({"type": "trainer", "token": resumed.trainer, "code": resumed.code}),
    )
    .await;
    let state = next_of(&mut trainer, "state").await;
    assert_eq!(state["phase"], "round");
    assert_eq!(state["round"], 3, "{state}");
    assert_eq!(state["week"], 2 * WEEKS);
    // One by one: a student who has not rejoined yet is waited for, so the round does
    // not close on the first to come back.
    for s in students.iter_mut() {
        s.ws = connect(resumed.addr).await;
        send(&mut s.ws, &json!({"type": "rejoin", "token": s.token})).await;
        let joined = next_of(&mut s.ws, "joined").await;
        assert_eq!(joined["pseudonym"], format!("s{}", s.i));
        assert_eq!(joined["role"]["kind"], s.kind);
        act(s, 3).await;
    }
    wait_closed(&mut trainer, 3).await;
    play_rounds(&mut students, &mut trainer, 4..=ROUNDS as u64).await;
    let again = products(&resumed, &resumed.code);
    assert_eq!(
        again.0, whole.0,
        "trajectories identical to the uninterrupted session"
    );
    assert_eq!(again.1, whole.1, "per-role CSVs identical");
    assert_eq!(again.2, whole.2, "round records identical");
    assert_eq!(only_log(&dir_b), log, "the same log was appended to");
    resumed.stop();
    for d in [dir_a, dir_b] {
        let _ = std::fs::remove_dir_all(d);
    }
}
