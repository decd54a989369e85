//! What every run reports, per tick (MODEL.md section 6).
//!
//! One [`TickMetrics`] per tick, tick 0 being the initial state. Field order is column
//! order in `trajectories.csv`; names are snake_case so R and pandas read them as they
//! are. Flows (`issues_raised`, `money_allocated`, ...) are for the tick; stocks and
//! cumulative totals (`..._total`, `backlog`, `money_stock`) are at the tick's end. Every
//! value is finite: a ratio with nothing to divide by is 0, and the ODD says so. What each
//! column is (kind, better direction, words in both languages) is in [`catalogue`].

use serde::{Deserialize, Serialize};

pub mod catalogue;

/// The metrics of one tick of one run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TickMetrics {
    pub tick: u32,
    // Participation.
    pub participation_rate: f64,
    pub participation_young: f64,
    pub participation_middle: f64,
    pub participation_elderly: f64,
    /// Share of participants who take part through the online channel.
    pub participation_online_share: f64,
    /// Share of residents with internet access.
    pub online_access: f64,
    pub online_access_elderly: f64,
    // Attitudes.
    pub mean_trust: f64,
    pub mean_efficacy: f64,
    pub mean_satisfaction: f64,
    // Issues (flows of the tick).
    pub issues_raised: u64,
    pub issues_reported: u64,
    pub issues_reported_online: u64,
    pub issues_unreported: u64,
    pub issues_resolved: u64,
    pub issues_escalated: u64,
    /// Issues still waiting (at the committee or escalated to the office).
    pub backlog: u64,
    /// Mean age in ticks of the issues still waiting.
    pub mean_wait: f64,
    // Issues (cumulative, for conservation: raised = unreported + resolved + backlog).
    pub issues_raised_total: u64,
    pub issues_unreported_total: u64,
    pub issues_resolved_total: u64,
    // Committee hours (summed over committees).
    pub admin_demand: f64,
    /// Staff and social-worker hours available (= admin + issues + idle).
    pub committee_hours: f64,
    pub committee_hours_admin: f64,
    pub committee_hours_issues: f64,
    pub committee_hours_idle: f64,
    /// committee_hours_admin / all committee hours.
    pub admin_share: f64,
    pub committee_skill: f64,
    // Other actors.
    pub ngos_active: u64,
    /// NGO service hours bought this tick.
    pub ngo_hours: f64,
    /// Of which matched to an issue and spent on it (coordination decides the match).
    pub ngo_hours_used: f64,
    /// Volunteer hours matched to an issue and spent on it.
    pub volunteer_hours_used: f64,
    /// Volunteer hours offered by participants this tick.
    pub volunteer_hours: f64,
    /// The office's pressure from trouble (supervision or resources, by its reaction).
    pub office_pressure: f64,
    // Money flows of the tick (yuan) by destination.
    pub money_allocated: f64,
    pub money_to_programs: f64,
    pub money_devolved: f64,
    pub money_to_ngos: f64,
    pub money_to_training: f64,
    pub money_spent_on_issues: f64,
    // Money totals: allocated_total = spent_total + stock.
    pub money_allocated_total: f64,
    pub money_spent_total: f64,
    pub money_stock: f64,
    /// Service money (issues, NGOs, training) spent so far per issue resolved so far.
    pub cost_per_resolved: f64,
    // Councils.
    pub councils_held: u64,
    pub councils_quorate: u64,
    /// Attendees' hours put into collective issues at quorate councils.
    pub council_hours: f64,
    /// Mean offline-cost relief that councils give their communities (drive units).
    pub council_relief: f64,
    /// Collective issues needing authority on which a council gave its committee a
    /// mandate this tick.
    pub issues_mandated: u64,
    // Equity (共享): max minus min across groups.
    pub participation_gap_age: f64,
    pub participation_gap_community: f64,
    /// Gap in the share of raised issues resolved so far, across age groups.
    pub resolved_gap_age: f64,
    pub resolved_gap_community: f64,
    pub resolved_share_young: f64,
    pub resolved_share_elderly: f64,
    // Outcomes a class can read (M3).
    /// Share of residents who took part at least once in the last 52 weeks.
    pub participated_52w: f64,
    pub participated_52w_young: f64,
    pub participated_52w_middle: f64,
    pub participated_52w_elderly: f64,
    /// Reported issues resolved this tick after waiting at most `issues.patience` weeks.
    pub issues_resolved_in_patience: u64,
    /// Reported issues still waiting whose wait reached `issues.patience` this tick.
    pub issues_past_patience: u64,
    /// issues_resolved_in_patience / (issues_resolved_in_patience + issues_past_patience).
    pub resolved_within_patience_share: f64,
    // Withdrawal and the office's queue (conservation: raised = unreported + resolved +
    // backlog + withdrawn).
    /// Issues their reporters withdrew this tick after waiting too long.
    pub issues_withdrawn: u64,
    pub issues_withdrawn_total: u64,
    /// Of the backlog, the issues waiting at the street office (escalated).
    pub escalation_backlog: u64,
    // Outreach and micro-projects (model 2; hours: admin + issues + projects + outreach +
    // idle = available; money: allocated = spent + returned + stock).
    /// Staff hours on micro-projects (民生微实事).
    pub committee_hours_projects: f64,
    /// Staff hours given to outreach, from idle hours.
    pub outreach_hours: f64,
    /// Residents the committees' outreach contacted this tick.
    pub residents_contacted: u64,
    pub projects_proposed: u64,
    pub projects_funded: u64,
    pub projects_finished: u64,
    /// Proposals waiting to be selected.
    pub projects_waiting: u64,
    pub money_spent_on_projects: f64,
    /// Committee funds above the carry cap returned to the offices (they leave the street).
    pub money_returned: f64,
}

/// Column names of `trajectories.csv` after the run identifiers, in order.
pub fn metric_names() -> Vec<String> {
    // The struct's own serialisation order, read off a CSV header.
    let mut w = csv::Writer::from_writer(Vec::new());
    w.serialize(TickMetrics::default()).expect("plain struct");
    let bytes = w.into_inner().expect("in memory");
    let text = String::from_utf8(bytes).expect("ascii");
    let header = text.lines().next().unwrap_or_default();
    header.split(',').map(str::to_string).collect()
}

impl TickMetrics {
    /// The values in column order, formatted as `trajectories.csv` writes them (the
    /// shortest text that reads back to the same number).
    pub fn fields(&self) -> Vec<String> {
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(Vec::new());
        w.serialize(self).expect("plain numeric struct");
        let line = String::from_utf8(w.into_inner().expect("in memory")).expect("ascii");
        // Every field is a number, so no field contains a comma or a quote.
        line.trim_end().split(',').map(str::to_string).collect()
    }

    /// The values in column order, as numbers.
    pub fn values(&self) -> Vec<f64> {
        self.fields()
            .iter()
            .map(|x| x.parse().expect("numeric field"))
            .collect()
    }

    /// The value of a metric by its column name.
    pub fn get(&self, name: &str) -> Option<f64> {
        let i = metric_names().iter().position(|n| n == name)?;
        Some(self.values()[i])
    }
}

/// A ratio that is 0 when there is nothing to divide by.
pub fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 { num / den } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_follow_the_column_names() {
        let m = TickMetrics {
            tick: 7,
            backlog: 12,
            mean_trust: 0.5,
            ..TickMetrics::default()
        };
        let names = metric_names();
        assert_eq!(names[0], "tick");
        assert_eq!(names.len(), m.values().len());
        assert_eq!(m.get("tick"), Some(7.0));
        assert_eq!(m.get("backlog"), Some(12.0));
        assert_eq!(m.get("mean_trust"), Some(0.5));
        assert_eq!(m.get("no_such_metric"), None);
    }

    #[test]
    fn ratios_with_nothing_to_divide_by_are_zero() {
        assert_eq!(ratio(1.0, 0.0), 0.0);
        assert_eq!(ratio(1.0, 4.0), 0.25);
    }
}
