//! A live session's report: the report of `cogov compare` (`comparison::products`) over
//! the weeks run so far, with the first series as the baseline.

use super::{LiveError, SessionSpec};
use crate::compare::{Trajectories, Window};
use crate::comparison::{self, Compared, RunFacts};
use crate::i18n::Lang;
use crate::metrics::TickMetrics;
use crate::scenario::Scenario;

/// What the report needs of one series.
pub(super) struct SeriesData<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub scenario: &'a Scenario,
    pub ticks: &'a [Vec<TickMetrics>],
}

pub(super) fn html(
    series: &[SeriesData],
    spec: &SessionSpec,
    week: u32,
    lang: Lang,
) -> Result<String, LiveError> {
    if week == 0 {
        return Err(LiveError::Report(
            "nothing to report yet: run at least one week".into(),
        ));
    }
    let window = Window::for_run(None, week).map_err(|e| LiveError::Report(e.to_string()))?;
    let compared: Vec<Compared> = series
        .iter()
        .map(|s| Compared {
            name: s.name.to_string(),
            title: s.title.to_string(),
            description: comparison::description(s.scenario, lang),
            scenario: s.scenario,
            trajectories: Trajectories::new(s.ticks),
        })
        .collect();
    let facts = RunFacts {
        lang,
        generated: match lang {
            Lang::En => format!("live session, week {week}"),
            Lang::Zh => format!("实时会话,第{week}周"),
        },
        replicates: spec.replicates,
        master_seed: spec.seed,
        ticks: week,
        window,
    };
    let products = comparison::products(&compared, &facts, &|| false)
        .map_err(|e| LiveError::Report(e.to_string()))?
        .ok_or_else(|| LiveError::Report("interrupted".into()))?;
    Ok(products.report_html)
}
