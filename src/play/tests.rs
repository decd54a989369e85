use serde_json::json;

use super::*;

fn small() -> Scenario {
    let mut s = Scenario::default();
    s.population.communities_per_street = 3;
    s.population.residents_per_community = 120;
    s
}

fn setup(weeks_per_round: u32, rounds: u32) -> Setup {
    Setup {
        scenario_name: "small".into(),
        scenario: small(),
        seed: 7,
        weeks_per_round,
        rounds,
        assignment: Assignment::InTurn,
        max_players: DEFAULT_MAX_PLAYERS,
    }
}

/// A choice within the role, varied by player and round.
fn decision(kind: RoleKind, player: u32, round: u32) -> serde_json::Value {
    let odd = (player + round) % 2 == 1;
    match kind {
        RoleKind::Resident => json!({"take_part": odd}),
        RoleKind::Committee => {
            json!({"admin_share": 0.3, "issues_share": 0.6, "outreach_share": if odd {0.5} else {0.1}})
        }
        RoleKind::Office => {
            json!({"access_list": if odd {0.4} else {0.1}, "reaction": "resources"})
        }
        RoleKind::Ngo => json!({"enter": true, "bid": odd}),
    }
}

/// A session of `players` players over `rounds` rounds where every player but the last
/// acts each round; gives the session and its whole log.
fn played(players: u32, weeks_per_round: u32, rounds: u32) -> (PlaySession, String) {
    let mut s = PlaySession::new(setup(weeks_per_round, rounds)).unwrap();
    for p in 0..players {
        s.join(&format!("p{p}"), &token_hash(&format!("t{p}")))
            .unwrap();
    }
    s.start().unwrap();
    for round in 1..=rounds {
        for p in 0..players.saturating_sub(1) {
            let kind = s.players()[p as usize].role.unwrap().kind;
            s.act(p, round, &decision(kind, p, round)).unwrap();
        }
        s.close_round().unwrap();
    }
    let log = s.take_log().concat();
    (s, log)
}

#[test]
fn replaying_the_log_gives_the_same_bytes() {
    let (mut live, log) = played(9, 2, 3);
    assert_eq!(live.phase(), Phase::Ended);
    let mut again = PlaySession::replay(&log, DEFAULT_MAX_PLAYERS)
        .unwrap()
        .session;
    assert_eq!(again.week(), 6);
    assert_eq!(
        live.trajectories_csv().unwrap(),
        again.trajectories_csv().unwrap()
    );
    for kind in RoleKind::ALL {
        assert_eq!(live.role_csv(kind), again.role_csv(kind), "{kind:?}");
    }
    assert_eq!(
        live.debrief().unwrap().differed,
        again.debrief().unwrap().differed
    );
    assert!(again.take_log().is_empty(), "a replay writes nothing new");
}

#[test]
fn the_players_choices_change_the_street() {
    // Not a lever check of one decision (the model's tests do that): a class whose
    // choices differ from the rule ends somewhere else than the model's own run.
    let (mut s, _) = played(9, 2, 3);
    let csv = String::from_utf8(s.trajectories_csv().unwrap()).unwrap();
    let class: Vec<&str> = csv.lines().filter(|l| l.starts_with("class,")).collect();
    let model: Vec<&str> = csv.lines().filter(|l| l.starts_with("model,")).collect();
    assert_eq!(class.len(), 7);
    assert_eq!(
        class[0],
        model[0].replacen("model", "class", 1),
        "week 0 is the same"
    );
    assert_ne!(class[6], model[6].replacen("model", "class", 1));
}

#[test]
fn players_who_never_act_get_the_rule() {
    let mut s = PlaySession::new(setup(2, 2)).unwrap();
    for p in 0..5 {
        s.join(&format!("p{p}"), "h").unwrap();
    }
    s.start().unwrap();
    let first = s.close_round().unwrap();
    assert_eq!(first.acted, Vec::<u32>::new());
    assert_eq!(first.defaulted, vec![0, 1, 2, 3, 4]);
    s.close_round().unwrap();
    let run = s.model_run().unwrap().to_vec();
    assert_eq!(s.class(), &run[..], "nobody acted: the model's own run");
    assert!(
        s.closed()
            .iter()
            .all(|r| r.weeks.iter().all(|w| w.decisions.is_empty()))
    );
}

#[test]
fn a_player_acts_only_for_their_own_agent_within_the_role() {
    let mut s = PlaySession::new(setup(1, 3)).unwrap();
    for p in 0..4 {
        s.join(&format!("p{p}"), "h").unwrap();
    }
    let kinds: Vec<RoleKind> = s.players().iter().map(|p| p.role.unwrap().kind).collect();
    assert_eq!(
        kinds,
        vec![
            RoleKind::Resident,
            RoleKind::Committee,
            RoleKind::Resident,
            RoleKind::Office
        ]
    );
    let early = s.act(0, 1, &json!({"take_part": true})).unwrap_err();
    assert_eq!(early.field.as_deref(), Some("round"));
    s.start().unwrap();
    // Another agent cannot be named: the seat is the player's.
    let other = s
        .act(0, 1, &json!({"agent": 5, "take_part": true}))
        .unwrap_err();
    assert_eq!(other.field.as_deref(), Some("decision.agent"));
    // A resident cannot decide a committee's hours.
    let wrong = s.act(0, 1, &json!({"admin_share": 0.5})).unwrap_err();
    assert_eq!(wrong.field.as_deref(), Some("decision.admin_share"));
    assert!(wrong.message.contains("take_part"), "{wrong}");
    let kind = s.act(0, 1, &json!({"take_part": "yes"})).unwrap_err();
    assert_eq!(kind.field.as_deref(), Some("decision.take_part"));
    let range = s.act(1, 1, &json!({"admin_share": 1.5})).unwrap_err();
    assert_eq!(
        range.field.as_deref(),
        Some("decision.admin_share"),
        "{range}"
    );
    assert!(range.message.contains("from 0 to 1"), "{range}");
    s.act(0, 1, &json!({"take_part": true})).unwrap();
    let twice = s.act(0, 1, &json!({"take_part": false})).unwrap_err();
    assert_eq!(twice.field.as_deref(), Some("round"));
    assert_eq!(s.waiting_for(), vec![1, 2, 3]);
    s.close_round().unwrap();
    let old = s.act(1, 1, &json!({"admin_share": 0.5})).unwrap_err();
    assert_eq!(old.message, "round 1 is not open: round 2 is");
    assert_eq!(s.act(9, 2, &json!({})).unwrap_err().field, None);
}

#[test]
fn standing_choices_hold_for_the_round_and_this_weeks_do_not() {
    let mut s = PlaySession::new(setup(3, 1)).unwrap();
    s.join("a", "h").unwrap();
    s.join("b", "h2").unwrap();
    s.start().unwrap();
    s.act(0, 1, &json!({"take_part": true})).unwrap();
    s.act(1, 1, &json!({"issues_share": 0.5, "escalate": []}))
        .unwrap();
    s.close_round().unwrap();
    let weeks = &s.closed()[0].weeks;
    assert_eq!(weeks.len(), 3);
    let agent = s.players()[1].role.unwrap().agent;
    assert_eq!(weeks[0].decisions.committees[&agent].escalate, Some(vec![]));
    for w in weeks {
        assert_eq!(w.decisions.committees[&agent].issues_share, Some(0.5));
        assert_eq!(w.decisions.residents.len(), 1);
    }
    assert_eq!(weeks[2].decisions.committees[&agent].escalate, None);
}

#[test]
fn seats_pseudonyms_and_the_player_limit() {
    let mut setup = setup(1, 1);
    setup.max_players = 3;
    setup.assignment = Assignment::Trainer;
    let mut s = PlaySession::new(setup).unwrap();
    s.join("a", "h0").unwrap();
    assert_eq!(
        s.join(" a ", "h1").unwrap_err().field.as_deref(),
        Some("pseudonym")
    );
    assert_eq!(
        s.join("", "h1").unwrap_err().field.as_deref(),
        Some("pseudonym")
    );
    assert_eq!(
        s.join("a\u{7}", "h1").unwrap_err().field.as_deref(),
        Some("pseudonym")
    );
    s.join("b", "h1").unwrap();
    s.join("c", "h2").unwrap();
    assert!(s.join("d", "h3").unwrap_err().message.contains("full"));
    assert_eq!(s.players()[0].role, None, "the trainer assigns");
    let office = Role {
        kind: RoleKind::Office,
        agent: 0,
    };
    s.assign(0, office).unwrap();
    assert!(s.assign(1, office).unwrap_err().message.contains("already"));
    let far = Role {
        kind: RoleKind::Committee,
        agent: 3,
    };
    assert_eq!(
        s.assign(1, far).unwrap_err().field.as_deref(),
        Some("role.agent")
    );
    assert_eq!(s.player_by_token("h1").unwrap().pseudonym, "b");
    assert!(s.player_by_token("nope").is_none());
}

#[test]
fn a_torn_last_line_is_left_out_and_an_edited_log_is_refused() {
    let (_, log) = played(4, 1, 3);
    let lines: Vec<&str> = log.lines().collect();
    assert!(lines.last().unwrap().contains("\"end\""));
    let round3 = lines[lines.len() - 2];
    let before = log.len() - lines.last().unwrap().len() - 1 - round3.len() - 1;
    let torn = PlaySession::replay(&log[..before + round3.len() / 2], 80).unwrap();
    assert_eq!(torn.session.closed().len(), 2, "the torn round is not in");
    assert_eq!(torn.session.phase(), Phase::Round(3));
    assert_eq!(torn.valid_bytes, before);
    let edited = log.replacen("\"round\":2", "\"round\":5", 1);
    let e = PlaySession::replay(&edited, 80).err().unwrap();
    assert!(e.to_string().contains("round 5"), "{e}");
    assert!(e.to_string().starts_with("line "), "{e}");
    assert!(PlaySession::replay("", 80).is_err());
    assert!(PlaySession::replay("{\"kind\":\"start\"}\n", 80).is_err());
}

#[test]
fn the_log_holds_pseudonyms_and_hashes_only() {
    let (_, log) = played(3, 1, 1);
    assert!(log.contains("\"pseudonym\":\"p0\""));
    assert!(!log.contains("\"t0\""), "never the token itself");
    assert!(log.contains(&token_hash("t0")));
    assert_eq!(token_hash("t0").len(), 64);
}

#[test]
fn the_debrief_pairs_class_and_model_week_by_week() {
    let (mut s, _) = played(7, 1, 2);
    let d = s.debrief().unwrap();
    assert_eq!(d.series.len(), crate::compare::KEY_METRICS.len() * 3);
    assert_eq!(d.players["resident"], 4);
    assert_eq!(d.players["office"], 1);
    assert!(d.differed.resident.decisions > 0);
    assert!(d.differed.office.compared > 0);
    let csv = String::from_utf8(s.role_csv(RoleKind::Resident)).unwrap();
    assert!(csv.starts_with("round,week,player,pseudonym,agent,acted,take_part"));
    assert_eq!(csv.lines().count(), 1 + 4 * 2);
    let html = s.report_html(crate::i18n::Lang::En).unwrap();
    assert!(html.contains("The class plays"));
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn value() -> impl Strategy<Value = serde_json::Value> {
        let key = prop_oneof![
            Just("take_part".to_string()),
            Just("report".to_string()),
            Just("admin_share".to_string()),
            Just("issues_share".to_string()),
            Just("first_issue".to_string()),
            Just("escalate".to_string()),
            Just("split".to_string()),
            Just("devolved".to_string()),
            Just("reaction".to_string()),
            Just("communities".to_string()),
            Just("bid".to_string()),
            "[a-z]{1,6}",
        ];
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            (-2.0f64..3.0).prop_map(|f| json!(f)),
            prop_oneof![Just("online"), Just("keep"), Just("resources"), Just("x")]
                .prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(3, 24, 5, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::from),
                prop::collection::btree_map(key.clone(), inner, 0..5)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Any JSON as any role's decision is an action or a refusal naming a field,
        /// never a panic; a refused action leaves the round as it was.
        #[test]
        fn any_decision_is_read_or_refused(v in value(), round in 0u32..3) {
            let mut s = PlaySession::new(setup(1, 2)).unwrap();
            for p in 0..6 {
                s.join(&format!("p{p}"), "h").unwrap();
            }
            s.start().unwrap();
            for p in 0..6 {
                if let Err(e) = s.act(p, round, &v) {
                    prop_assert!(e.field.is_some() || e.message.contains("role"), "{e}");
                    prop_assert!(!s.has_acted(p));
                }
            }
            s.close_round().unwrap();
        }
    }
}

#[test]
fn secrets_compare_whole() {
    assert!(same_secret("abc", "abc"));
    assert!(!same_secret("abc", "abd"));
    assert!(!same_secret("abc", "ab"));
}
