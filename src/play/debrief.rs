//! The debrief: the same street with every agent played by the model (same scenario, same
//! seed: a plain `Model` run) beside the class's, what the players set and how it differed
//! from the rule, and the downloads (a CSV per role kind, both trajectories, the report).

use std::collections::BTreeMap;

use serde::Serialize;

use super::roles::RoleKind;
use super::{PlaySession, Refusal};
use crate::compare::{KEY_METRICS, Trajectories, Window};
use crate::comparison::{self, Compared, RunFacts};
use crate::i18n::Lang;
use crate::metrics::TickMetrics;
use crate::model::Model;
use crate::model::decisions::Decisions;

/// What the players of one role kind did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KindTally {
    /// Agent-weeks decided (at least one field) by a player.
    pub decisions: u64,
    /// Fields players set, over those agent-weeks.
    pub fields_set: u64,
    /// Fields set whose rule value is known before the week (see [`Tally::add`]).
    pub compared: u64,
    /// Of those, how many differed from the rule.
    pub differed_from_rule: u64,
}

/// Per role kind, in the order of [`RoleKind::ALL`].
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Tally {
    pub resident: KindTally,
    pub committee: KindTally,
    pub office: KindTally,
    pub ngo: KindTally,
}

impl Tally {
    /// Count one week's decisions. The rule's value is known before the week for the
    /// office's split, access list and reaction (the scenario's, as in force), the
    /// committee's outreach share (`committee.outreach_share`) and an NGO's bid (every
    /// active NGO bids); the other choices depend on what the rule works out during the
    /// week (the threshold rule, the queue), so they are counted as set, not compared.
    pub fn add(&mut self, d: &Decisions, model: &Model) {
        let s = model.upcoming_scenario();
        for r in d.residents.values() {
            let set = [
                r.take_part.is_some(),
                r.report.is_some(),
                r.attend_council.is_some(),
                r.propose.is_some(),
            ];
            self.resident.count(&set, &[]);
        }
        for c in d.committees.values() {
            let set = [
                c.admin_share.is_some(),
                c.issues_share.is_some(),
                c.outreach_share.is_some(),
                c.first_issue.is_some(),
                c.escalate.is_some(),
            ];
            let known: Vec<bool> = c
                .outreach_share
                .map(|o| o != s.committee.outreach_share)
                .into_iter()
                .collect();
            self.committee.count(&set, &known);
        }
        for o in d.offices.values() {
            let set = [
                o.split.is_some(),
                o.access_list.is_some(),
                o.reaction.is_some(),
            ];
            let mut known = Vec::new();
            known.extend(o.split.as_ref().map(|x| *x != s.office.split));
            known.extend(o.access_list.map(|x| x != s.office.access_list));
            known.extend(o.reaction.map(|x| x != s.office.reaction));
            self.office.count(&set, &known);
        }
        for n in d.ngos.values() {
            let set = [n.enter.is_some(), n.communities.is_some(), n.bid.is_some()];
            let known: Vec<bool> = n.bid.map(|b| !b).into_iter().collect();
            self.ngo.count(&set, &known);
        }
    }
}

impl KindTally {
    fn count(&mut self, set: &[bool], differed: &[bool]) {
        let n = set.iter().filter(|x| **x).count() as u64;
        if n > 0 {
            self.decisions += 1;
        }
        self.fields_set += n;
        self.compared += differed.len() as u64;
        self.differed_from_rule += differed.iter().filter(|x| **x).count() as u64;
    }
}

/// One point of the debrief's charts: a key metric at a week, for the class and for the
/// model's own run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    pub week: u32,
    pub metric: &'static str,
    pub class: f64,
    pub model: f64,
}

/// The debrief as the page shows it.
#[derive(Clone, Debug, Serialize)]
pub struct Debrief {
    pub series: Vec<Point>,
    pub differed: Tally,
    /// Players by role kind.
    pub players: BTreeMap<&'static str, u64>,
}

/// The downloads of a session, in the order listed.
pub const DOWNLOADS: [&str; 7] = [
    "decisions.jsonl",
    "resident.csv",
    "committee.csv",
    "office.csv",
    "ngo.csv",
    "trajectories.csv",
    "report.html",
];

impl PlaySession {
    /// The model's own run of as many weeks as the class played (made once).
    pub fn model_run(&mut self) -> Result<&[TickMetrics], Refusal> {
        let weeks = self.week();
        let stale = self
            .model_run
            .as_ref()
            .is_none_or(|r| r.len() != weeks as usize + 1);
        if stale {
            let mut model = Model::new(&self.setup.scenario, self.setup.seed)
                .map_err(|e| Refusal::new(Some("scenario"), e.to_string()))?;
            let mut run = vec![model.initial_metrics()];
            for _ in 0..weeks {
                run.push(model.step());
            }
            self.model_run = Some(run);
        }
        Ok(self.model_run.as_deref().unwrap_or_default())
    }

    /// Class and model side by side, and what the players did.
    pub fn debrief(&mut self) -> Result<Debrief, Refusal> {
        let model = self.model_run()?.to_vec();
        let mut series = Vec::new();
        for metric in KEY_METRICS {
            for (week, (c, m)) in self.class.iter().zip(&model).enumerate() {
                series.push(Point {
                    week: week as u32,
                    metric,
                    class: c.get(metric).unwrap_or(0.0),
                    model: m.get(metric).unwrap_or(0.0),
                });
            }
        }
        let mut players = BTreeMap::new();
        for kind in RoleKind::ALL {
            let n = self
                .players
                .iter()
                .filter(|p| p.role.is_some_and(|r| r.kind == kind))
                .count();
            players.insert(kind.name(), n as u64);
        }
        Ok(Debrief {
            series,
            differed: self.tally.clone(),
            players,
        })
    }

    /// `trajectories.csv` of the class (`scenario` column `class`) and the model's run
    /// (`model`), as `cogov run` writes them.
    pub fn trajectories_csv(&mut self) -> Result<Vec<u8>, Refusal> {
        let seed = self.setup.seed;
        let mut out = crate::export::trajectories_header();
        out.extend(crate::export::trajectory_rows(
            "class",
            0,
            seed,
            &self.class,
        ));
        let model = self.model_run()?.to_vec();
        out.extend(crate::export::trajectory_rows("model", 0, seed, &model));
        Ok(out)
    }

    /// One row per seated player of `kind` and week since they joined: what they chose
    /// (an empty cell: the rule's choice).
    pub fn role_csv(&self, kind: RoleKind) -> Vec<u8> {
        let fields = super::log::fields(kind);
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header = vec!["round", "week", "player", "pseudonym", "agent", "acted"];
        header.extend(fields);
        w.write_record(&header).expect("in-memory write");
        for round in &self.closed {
            for week in &round.weeks {
                for p in &self.players {
                    let Some(role) = p.role.filter(|r| r.kind == kind) else {
                        continue;
                    };
                    if p.joined_week >= week.week {
                        continue;
                    }
                    let chosen = chosen(&week.decisions, kind, role.agent);
                    let mut row = vec![
                        round.round.to_string(),
                        week.week.to_string(),
                        p.player.to_string(),
                        p.pseudonym.clone(),
                        role.agent.to_string(),
                        if round.acted.contains(&p.player) {
                            "yes".into()
                        } else {
                            "no".into()
                        },
                    ];
                    row.extend(fields.iter().map(|f| cell(chosen.get(*f))));
                    w.write_record(&row).expect("in-memory write");
                }
            }
        }
        w.into_inner().expect("in-memory write")
    }

    /// The report of `cogov compare` with two series: the model's run (the baseline) and
    /// the class's.
    pub fn report_html(&mut self, lang: Lang) -> Result<String, Refusal> {
        let weeks = self.week();
        if weeks == 0 {
            return Err(Refusal::new(
                None,
                "nothing to report yet: play at least one round",
            ));
        }
        let model = self.model_run()?.to_vec();
        let window = Window::for_run(None, weeks).map_err(|e| Refusal::new(None, e.to_string()))?;
        let s = &self.setup.scenario;
        let (model_title, class_title) = match lang {
            Lang::En => ("The model plays every role", "The class plays"),
            Lang::Zh => ("全部角色由模型扮演", "课堂扮演"),
        };
        let compared = vec![
            Compared {
                name: "model".into(),
                title: model_title.into(),
                description: comparison::description(s, lang),
                scenario: s,
                trajectories: Trajectories::new(&[model]),
            },
            Compared {
                name: "class".into(),
                title: class_title.into(),
                description: comparison::description(s, lang),
                scenario: s,
                trajectories: Trajectories::new(std::slice::from_ref(&self.class)),
            },
        ];
        let facts = RunFacts {
            lang,
            generated: match lang {
                Lang::En => format!("play session, week {weeks}"),
                Lang::Zh => format!("课堂模拟,第{weeks}周"),
            },
            replicates: 1,
            master_seed: self.setup.seed,
            ticks: weeks,
            window,
        };
        let products = comparison::products(&compared, &facts, &|| false)
            .map_err(|e| Refusal::new(None, e.to_string()))?
            .ok_or_else(|| Refusal::new(None, "interrupted"))?;
        Ok(products.report_html)
    }
}

/// One agent's decision in a week, as a JSON object (empty when it followed the rule).
fn chosen(d: &Decisions, kind: RoleKind, agent: u32) -> serde_json::Map<String, serde_json::Value> {
    let value = match kind {
        RoleKind::Resident => d.residents.get(&agent).map(serde_json::to_value),
        RoleKind::Committee => d.committees.get(&agent).map(serde_json::to_value),
        RoleKind::Office => d.offices.get(&agent).map(serde_json::to_value),
        RoleKind::Ngo => d.ngos.get(&agent).map(serde_json::to_value),
    };
    match value {
        Some(Ok(serde_json::Value::Object(m))) => m,
        _ => serde_json::Map::new(),
    }
}

fn cell(v: Option<&serde_json::Value>) -> String {
    match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}
