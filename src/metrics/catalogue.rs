//! The metric catalogue: one row per column of `trajectories.csv`, in column order.
//!
//! A row says everything the rest of cogov needs to know about a metric besides its value:
//! what kind of number it is ([`Kind`]: a share, a score, a count, hours, yuan ...), which
//! direction is better for residents ([`Better`]), whether the comparison summarises it
//! (`key`, with its place in the report) and whether the overview figure shows it
//! (`overview`), its smallest difference worth reporting ([`Mmd`]), and its words in English
//! and Chinese (chart title, axis unit, one plain sentence, and the phrase used in
//! "raised ... from x to y"). `compare::KEY_METRICS`, `compare::OVERVIEW_METRICS`,
//! `compare::higher_is_better`, the report's integer formatting and `i18n::metric_label` and
//! its siblings all read these rows. A test checks that the rows are exactly the fields of
//! [`TickMetrics`](super::TickMetrics), in order.
//!
//! Adding a metric: add its field to `TickMetrics`, its row here (in the same place), and
//! compute it where the model records a tick (`model::Model::metrics`).

/// What kind of number a metric is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The week itself (the `tick` column).
    Week,
    /// A share between 0 and 1 (of residents, participants, committee hours or issues).
    Share,
    /// A mean score between 0 and 1 (trust, efficacy, satisfaction, skill).
    Score,
    /// The gap in a share between the highest and the lowest group, between 0 and 1.
    Gap,
    /// A whole number of things at the week's end or since the start (backlog, totals).
    Count,
    /// A whole number of things in the week (issues per week, councils per week).
    CountPerWeek,
    /// Hours in the week, summed over committees.
    Hours,
    /// Yuan, in the week or in total.
    Yuan,
    /// A duration in weeks.
    Weeks,
    /// An index without a unit (the office's pressure).
    Index,
}

impl Kind {
    /// Whether every value is a whole number (counts are printed with fewer decimals).
    pub const fn is_integer(self) -> bool {
        matches!(self, Kind::Count | Kind::CountPerWeek)
    }

    /// Whether the values lie between 0 and 1.
    pub const fn is_unit_interval(self) -> bool {
        matches!(self, Kind::Share | Kind::Score | Kind::Gap)
    }
}

/// Which direction of a metric is better for residents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
    /// It depends (more NGO hours used can mean more help or more left to do) or the
    /// metric is an input rather than an outcome.
    Neither,
}

/// The minimum meaningful difference of a metric: a difference from the baseline smaller
/// than this is negligible however certain it is.
///
/// The convention: 0.02 (two points) for shares, scores and gaps between 0 and 1, where
/// two residents in a hundred is the smallest change a class would act on; 5% of the
/// baseline's value for counts, hours, yuan, durations and the pressure index, whose
/// scale depends on the street's size (or one whole thing for a rare count whose 5% is a
/// fraction of one); none for the week itself. `compare::verdict`
/// judges the window differences of `cogov compare` with it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mmd {
    /// No difference is meaningful (the week column).
    None,
    /// A difference of at least this much, in the metric's own unit.
    Absolute(f64),
    /// A difference of at least this share of the baseline's absolute value (so with a
    /// baseline of 0 every non-zero difference is meaningful).
    RelativeToBaseline(f64),
}

impl Mmd {
    /// The smallest meaningful difference from `baseline`; `None` if there is none.
    pub fn threshold(self, baseline: f64) -> Option<f64> {
        match self {
            Mmd::None => None,
            Mmd::Absolute(x) => Some(x),
            Mmd::RelativeToBaseline(r) => Some(r * baseline.abs()),
        }
    }

    /// Whether a difference `diff` from `baseline` is below the meaningful difference.
    pub fn is_negligible(self, diff: f64, baseline: f64) -> bool {
        self.threshold(baseline).is_none_or(|t| diff.abs() < t)
    }
}

/// One metric column and everything said about it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Metric {
    /// The column name (the `TickMetrics` field).
    pub name: &'static str,
    pub kind: Kind,
    pub better: Better,
    /// Place among the comparison's key metrics (1 = first in `summary.csv` and the
    /// report), if the comparison summarises it.
    pub key: Option<u8>,
    /// Place in the overview figure (1 = first), if it is there.
    pub overview: Option<u8>,
    pub mmd: Mmd,
    /// Short chart title, [English, Chinese].
    pub label: [&'static str; 2],
    /// Y-axis label, [English, Chinese].
    pub unit: [&'static str; 2],
    /// One plain sentence, [English, Chinese].
    pub explanation: [&'static str; 2],
    /// The metric as the object of "raised ... from x to y" (English; Chinese uses the label).
    pub phrase_en: &'static str,
}

impl Metric {
    /// Whether the metric counts things (integers per replicate).
    pub const fn is_count(&self) -> bool {
        self.kind.is_integer()
    }
}

/// The row of a metric column, if there is one.
pub fn find(name: &str) -> Option<&'static Metric> {
    METRICS.iter().find(|m| m.name == name)
}

/// How many metrics have a place in the key list (`overview` false) or the overview.
pub const fn placed(overview: bool) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < METRICS.len() {
        if place(&METRICS[i], overview).is_some() {
            n += 1;
        }
        i += 1;
    }
    n
}

/// The names of the placed metrics in the order of their places; a missing or doubled
/// place fails at compile time.
pub const fn in_place_order<const N: usize>(overview: bool) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < METRICS.len() {
        if let Some(p) = place(&METRICS[i], overview) {
            let p = p as usize;
            assert!(p >= 1 && p <= N, "a metric's place is out of range");
            assert!(out[p - 1].is_empty(), "two metrics share a place");
            out[p - 1] = METRICS[i].name;
        }
        i += 1;
    }
    out
}

const fn place(m: &Metric, overview: bool) -> Option<u8> {
    if overview { m.overview } else { m.key }
}

const SHARE_RESIDENTS: [&str; 2] = ["share of residents", "居民占比"];
const SCORE: [&str; 2] = ["mean score (0–1)", "平均值(0–1)"];
const ISSUES_WEEK: [&str; 2] = ["issues per week", "件/周"];
const ISSUES: [&str; 2] = ["issues", "件"];
const HOURS_WEEK: [&str; 2] = ["hours per week", "小时/周"];
const YUAN_WEEK: [&str; 2] = ["yuan per week", "元/周"];
const YUAN: [&str; 2] = ["yuan", "元"];
const GAP: [&str; 2] = ["gap in share", "比例差距"];

/// Every column of `trajectories.csv`, in column order.
pub static METRICS: &[Metric] = &[
    Metric {
        name: "tick",
        kind: Kind::Week,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::None,
        label: ["Week", "周"],
        unit: ["week", "周"],
        explanation: [
            "The week of the simulation; week 0 is the starting state.",
            "模拟的周次,第0周为初始状态。",
        ],
        phrase_en: "the week",
    },
    Metric {
        name: "participation_rate",
        kind: Kind::Share,
        better: Better::Higher,
        key: Some(1),
        overview: Some(1),
        mmd: Mmd::Absolute(0.02),
        label: ["Participation rate", "参与率"],
        unit: SHARE_RESIDENTS,
        explanation: [
            "The share of adult residents who took part in community affairs that week, in person, online or at a council.",
            "当周参与社区事务(线下、线上或参加议事协商会)的成年居民占全体居民的比例。",
        ],
        phrase_en: "the participation rate",
    },
    Metric {
        name: "participation_young",
        kind: Kind::Share,
        better: Better::Higher,
        key: None,
        overview: None,
        mmd: Mmd::Absolute(0.02),
        label: ["Participation, ages 18–39", "青年参与率(18–39岁)"],
        unit: ["share of residents aged 18–39", "18–39岁居民占比"],
        explanation: [
            "The share of residents aged 18 to 39 who took part that week.",
            "当周参与社区事务的18–39岁居民比例。",
        ],
        phrase_en: "participation of residents aged 18–39",
    },
    Metric {
        name: "participation_middle",
        kind: Kind::Share,
        better: Better::Higher,
        key: None,
        overview: None,
        mmd: Mmd::Absolute(0.02),
        label: ["Participation, ages 40–59", "中年参与率(40–59岁)"],
        unit: ["share of residents aged 40–59", "40–59岁居民占比"],
        explanation: [
            "The share of residents aged 40 to 59 who took part that week.",
            "当周参与社区事务的40–59岁居民比例。",
        ],
        phrase_en: "participation of residents aged 40–59",
    },
    Metric {
        name: "participation_elderly",
        kind: Kind::Share,
        better: Better::Higher,
        key: None,
        overview: None,
        mmd: Mmd::Absolute(0.02),
        label: ["Participation, ages 60+", "老年参与率(60岁及以上)"],
        unit: ["share of residents aged 60+", "60岁及以上居民占比"],
        explanation: [
            "The share of residents aged 60 and over who took part that week.",
            "当周参与社区事务的60岁及以上居民比例。",
        ],
        phrase_en: "participation of residents aged 60 and over",
    },
    Metric {
        name: "participation_online_share",
        kind: Kind::Share,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::Absolute(0.02),
        label: ["Online share of participation", "线上参与占比"],
        unit: ["share of participants", "参与者占比"],
        explanation: [
            "Of the residents who took part, the share who did so through the online channel.",
            "参与者中通过线上渠道参与的比例。",
        ],
        phrase_en: "the online share of participation",
    },
    Metric {
        name: "online_access",
        kind: Kind::Share,
        better: Better::Higher,
        key: None,
        overview: None,
        mmd: Mmd::Absolute(0.02),
        label: ["Residents online", "上网居民比例"],
        unit: SHARE_RESIDENTS,
        explanation: [
            "The share of residents with internet access.",
            "能够上网的居民比例。",
        ],
        phrase_en: "the share of residents online",
    },
    Metric {
        name: "online_access_elderly",
        kind: Kind::Share,
        better: Better::Higher,
        key: Some(14),
        overview: None,
        mmd: Mmd::Absolute(0.02),
        label: ["Older residents online", "老年人上网比例"],
        unit: ["share of residents aged 60+", "60岁及以上居民占比"],
        explanation: [
            "The share of residents aged 60 and over with internet access; a low value is the digital divide.",
            "60岁及以上居民中能够上网的比例;比例低即存在数字鸿沟。",
        ],
        phrase_en: "the share of older residents online",
    },
    Metric {
        name: "mean_trust",
        kind: Kind::Score,
        better: Better::Higher,
        key: Some(2),
        overview: Some(2),
        mmd: Mmd::Absolute(0.02),
        label: ["Trust in the committee", "信任度"],
        unit: SCORE,
        explanation: [
            "Residents' average trust in their residents' committee, from 0 (none) to 1 (full).",
            "居民对居委会的平均信任度,0表示完全不信任,1表示完全信任。",
        ],
        phrase_en: "residents' trust in the committee",
    },
    Metric {
        name: "mean_efficacy",
        kind: Kind::Score,
        better: Better::Higher,
        key: Some(3),
        overview: None,
        mmd: Mmd::Absolute(0.02),
        label: ["Civic efficacy", "效能感"],
        unit: SCORE,
        explanation: [
            "Residents' average belief that taking part changes things, from 0 to 1.",
            "居民对“参与能带来改变”的平均信心(参与效能感),取值0到1。",
        ],
        phrase_en: "residents' civic efficacy",
    },
    Metric {
        name: "mean_satisfaction",
        kind: Kind::Score,
        better: Better::Higher,
        key: Some(4),
        overview: None,
        mmd: Mmd::Absolute(0.02),
        label: ["Satisfaction with services", "满意度"],
        unit: SCORE,
        explanation: [
            "Residents' average satisfaction with community services, from 0 to 1.",
            "居民对社区服务的平均满意度,取值0到1。",
        ],
        phrase_en: "residents' satisfaction with services",
    },
    Metric {
        name: "issues_raised",
        kind: Kind::CountPerWeek,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Issues raised", "新增诉求"],
        unit: ISSUES_WEEK,
        explanation: [
            "Problems residents ran into that week (repairs, parking, disputes, services, paperwork).",
            "当周居民遇到的新问题(维修、停车、邻里纠纷、服务需求、证明办理等)。",
        ],
        phrase_en: "the number of issues raised",
    },
    Metric {
        name: "issues_reported",
        kind: Kind::CountPerWeek,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Issues reported", "反映的诉求"],
        unit: ISSUES_WEEK,
        explanation: [
            "Issues raised that week that residents reported to the committee.",
            "当周新增诉求中居民向居委会反映的数量。",
        ],
        phrase_en: "the number of issues reported",
    },
    Metric {
        name: "issues_reported_online",
        kind: Kind::CountPerWeek,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Issues reported online", "线上反映的诉求"],
        unit: ISSUES_WEEK,
        explanation: [
            "Issues reported that week through the online channel.",
            "当周通过线上渠道反映的诉求数量。",
        ],
        phrase_en: "the number of issues reported online",
    },
    Metric {
        name: "issues_unreported",
        kind: Kind::CountPerWeek,
        better: Better::Lower,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Issues not reported", "未反映的诉求"],
        unit: ISSUES_WEEK,
        explanation: [
            "Issues raised that week that residents kept to themselves.",
            "当周新增诉求中居民没有反映的数量。",
        ],
        phrase_en: "the number of issues not reported",
    },
    Metric {
        name: "issues_resolved",
        kind: Kind::CountPerWeek,
        better: Better::Higher,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Issues resolved", "解决的诉求"],
        unit: ISSUES_WEEK,
        explanation: [
            "Issues resolved that week, by the committees or by the street office.",
            "当周由居委会或街道办解决的诉求数量。",
        ],
        phrase_en: "the number of issues resolved per week",
    },
    Metric {
        name: "issues_escalated",
        kind: Kind::CountPerWeek,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Issues escalated", "上报街道的诉求"],
        unit: ISSUES_WEEK,
        explanation: [
            "Issues the committees passed up to the street office that week because they lacked the authority.",
            "当周居委会因权限不足上报街道办的诉求数量。",
        ],
        phrase_en: "the number of issues escalated",
    },
    Metric {
        name: "backlog",
        kind: Kind::Count,
        better: Better::Lower,
        key: Some(7),
        overview: Some(4),
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Backlog of issues", "积压诉求"],
        unit: ISSUES,
        explanation: [
            "Reported issues still waiting for a solution, at the committees or at the street office.",
            "已反映但仍在居委会或街道办等待解决的诉求数量。",
        ],
        phrase_en: "the backlog of waiting issues",
    },
    Metric {
        name: "mean_wait",
        kind: Kind::Weeks,
        better: Better::Lower,
        key: Some(8),
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Waiting time", "平均等待时间"],
        unit: ["weeks", "周"],
        explanation: [
            "How long the issues still waiting have waited so far, on average.",
            "尚未解决的诉求平均已等待的周数。",
        ],
        phrase_en: "the waiting time of open issues",
    },
    Metric {
        name: "issues_raised_total",
        kind: Kind::Count,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Issues raised, total", "累计新增诉求"],
        unit: ISSUES,
        explanation: [
            "All issues raised since the start.",
            "自开始以来居民遇到的诉求总数。",
        ],
        phrase_en: "the total number of issues raised",
    },
    Metric {
        name: "issues_unreported_total",
        kind: Kind::Count,
        better: Better::Lower,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Issues not reported, total", "累计未反映诉求"],
        unit: ISSUES,
        explanation: [
            "All issues residents kept to themselves since the start.",
            "自开始以来居民没有反映的诉求总数。",
        ],
        phrase_en: "the total number of issues not reported",
    },
    Metric {
        name: "issues_resolved_total",
        kind: Kind::Count,
        better: Better::Higher,
        key: Some(6),
        overview: Some(5),
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Issues resolved, total", "累计解决诉求"],
        unit: ISSUES,
        explanation: [
            "All issues resolved since the start, by the committees or by the street office.",
            "自开始以来由居委会或街道办解决的诉求总数。",
        ],
        phrase_en: "the number of issues resolved",
    },
    Metric {
        name: "admin_demand",
        kind: Kind::Hours,
        better: Better::Lower,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Administrative demand", "行政事务需求"],
        unit: HOURS_WEEK,
        explanation: [
            "Hours of administrative work (ledgers, inspections, statistics) demanded of the committees that week.",
            "当周上级下派给居委会的行政事务(台账、检查、统计等)所需工时。",
        ],
        phrase_en: "the administrative demand on committees",
    },
    Metric {
        name: "committee_hours",
        kind: Kind::Hours,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Committee working hours", "居委会可用工时"],
        unit: HOURS_WEEK,
        explanation: [
            "Working hours of committee staff and social workers available that week.",
            "当周居委会工作人员和社工的可用工时。",
        ],
        phrase_en: "committee working hours",
    },
    Metric {
        name: "committee_hours_admin",
        kind: Kind::Hours,
        better: Better::Lower,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Committee hours on administration", "行政事务工时"],
        unit: HOURS_WEEK,
        explanation: [
            "Committee hours spent on administrative work that week.",
            "当周居委会用于行政事务的工时。",
        ],
        phrase_en: "committee hours spent on administration",
    },
    Metric {
        name: "committee_hours_issues",
        kind: Kind::Hours,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Committee hours on residents' issues", "处理诉求工时"],
        unit: HOURS_WEEK,
        explanation: [
            "Committee hours spent working on residents' issues that week.",
            "当周居委会用于处理居民诉求的工时。",
        ],
        phrase_en: "committee hours spent on residents' issues",
    },
    Metric {
        name: "committee_hours_idle",
        kind: Kind::Hours,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Committee hours unused", "空闲工时"],
        unit: HOURS_WEEK,
        explanation: [
            "Committee hours left unused that week because there was nothing to work on.",
            "当周居委会因无事可做而空闲的工时。",
        ],
        phrase_en: "unused committee hours",
    },
    Metric {
        name: "admin_share",
        kind: Kind::Share,
        better: Better::Lower,
        key: Some(5),
        overview: Some(3),
        mmd: Mmd::Absolute(0.02),
        label: ["Administrative share", "行政事务占比"],
        unit: ["share of committee hours", "工时占比"],
        explanation: [
            "The share of committee working hours taken by administrative work pushed down from above (“a thousand threads above, one needle below”).",
            "居委会工时中被上级下派的行政事务占用的比例(“上面千条线,下面一根针”)。",
        ],
        phrase_en: "the administrative share of committee hours",
    },
    Metric {
        name: "committee_skill",
        kind: Kind::Score,
        better: Better::Higher,
        key: Some(11),
        overview: None,
        mmd: Mmd::Absolute(0.02),
        label: ["Committee skill", "居委会工作能力"],
        unit: ["skill (0–1)", "能力(0–1)"],
        explanation: [
            "The average skill of committee staff, from 0 to 1; skilled staff settle issues faster.",
            "居委会工作人员的平均业务能力,取值0到1;能力越强,处理诉求越快。",
        ],
        phrase_en: "committee skill",
    },
    Metric {
        name: "ngos_active",
        kind: Kind::Count,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Active NGOs", "活跃社会组织"],
        unit: ["organisations", "家"],
        explanation: [
            "Social organisations serving the communities at the end of the week.",
            "周末仍在为社区提供服务的社会组织数量。",
        ],
        phrase_en: "the number of active NGOs",
    },
    Metric {
        name: "ngo_hours",
        kind: Kind::Hours,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["NGO hours bought", "购买的社会组织服务时数"],
        unit: HOURS_WEEK,
        explanation: [
            "Hours of NGO service the street office bought that week.",
            "当周街道办向社会组织购买的服务时数。",
        ],
        phrase_en: "NGO hours bought",
    },
    Metric {
        name: "ngo_hours_used",
        kind: Kind::Hours,
        better: Better::Neither,
        key: Some(9),
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["NGO hours used", "社会组织有效服务时数"],
        unit: HOURS_WEEK,
        explanation: [
            "Hours of NGO service that went to a resident's actual need that week.",
            "当周社会组织服务中真正用于居民所需的时数。",
        ],
        phrase_en: "the NGO hours put to use",
    },
    Metric {
        name: "volunteer_hours_used",
        kind: Kind::Hours,
        better: Better::Neither,
        key: Some(10),
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Volunteer hours used", "志愿服务有效时数"],
        unit: HOURS_WEEK,
        explanation: [
            "Hours residents volunteered that went to an actual need that week.",
            "当周居民志愿服务中真正用于居民所需的时数。",
        ],
        phrase_en: "the volunteer hours put to use",
    },
    Metric {
        name: "volunteer_hours",
        kind: Kind::Hours,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Volunteer hours offered", "志愿服务供给时数"],
        unit: HOURS_WEEK,
        explanation: [
            "Hours residents offered as volunteers that week, whether used or not.",
            "当周居民提供的志愿服务时数,无论是否被有效利用。",
        ],
        phrase_en: "the volunteer hours offered",
    },
    Metric {
        name: "office_pressure",
        kind: Kind::Index,
        better: Better::Lower,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Pressure on the street office", "街道办压力"],
        unit: ["pressure (index)", "压力指数"],
        explanation: [
            "How much trouble (escalations and overdue issues) the street office feels it must answer.",
            "街道办因上报诉求和逾期问题而感受到的、需要回应的压力。",
        ],
        phrase_en: "the pressure on the street office",
    },
    Metric {
        name: "money_allocated",
        kind: Kind::Yuan,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Budget allocated", "拨付资金"],
        unit: YUAN_WEEK,
        explanation: [
            "The street offices' budget allocated that week.",
            "当周街道办拨付的预算资金。",
        ],
        phrase_en: "the budget allocated",
    },
    Metric {
        name: "money_to_programs",
        kind: Kind::Yuan,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Office's own programs", "街道自办项目资金"],
        unit: YUAN_WEEK,
        explanation: [
            "Budget spent that week on programs the office runs itself, which push administrative work down.",
            "当周用于街道自办项目的资金,这些项目会向居委会下派行政事务。",
        ],
        phrase_en: "the money for the office's own programs",
    },
    Metric {
        name: "money_devolved",
        kind: Kind::Yuan,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Funds devolved to committees", "下放居委会资金"],
        unit: YUAN_WEEK,
        explanation: [
            "Budget devolved to the committees' own funds that week.",
            "当周下放到居委会、由其自主支配的资金。",
        ],
        phrase_en: "the funds devolved to committees",
    },
    Metric {
        name: "money_to_ngos",
        kind: Kind::Yuan,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Payments to NGOs", "购买社会组织服务资金"],
        unit: YUAN_WEEK,
        explanation: [
            "Money paid to social organisations for their services that week.",
            "当周支付给社会组织的服务购买资金。",
        ],
        phrase_en: "the payments to NGOs",
    },
    Metric {
        name: "money_to_training",
        kind: Kind::Yuan,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Training and social workers", "培训与社工资金"],
        unit: YUAN_WEEK,
        explanation: [
            "Budget spent that week on training committee staff and paying social workers.",
            "当周用于培训居委会工作人员和聘用社工的资金。",
        ],
        phrase_en: "the money for training and social workers",
    },
    Metric {
        name: "money_spent_on_issues",
        kind: Kind::Yuan,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Money spent on issues", "解决诉求支出"],
        unit: YUAN_WEEK,
        explanation: [
            "Money the committees and offices paid that week to resolve residents' issues.",
            "当周居委会和街道办为解决居民诉求支出的资金。",
        ],
        phrase_en: "the money spent on issues",
    },
    Metric {
        name: "money_allocated_total",
        kind: Kind::Yuan,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Budget allocated, total", "累计拨付资金"],
        unit: YUAN,
        explanation: [
            "All money allocated since the start, including the committees' starting funds.",
            "自开始以来拨付的全部资金,含居委会初始资金。",
        ],
        phrase_en: "the total budget allocated",
    },
    Metric {
        name: "money_spent_total",
        kind: Kind::Yuan,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Money spent, total", "累计支出"],
        unit: YUAN,
        explanation: [
            "All money spent since the start: own programs, issues, NGO contracts and training.",
            "自开始以来的全部支出:自办项目、解决诉求、购买社会组织服务和培训。",
        ],
        phrase_en: "the total money spent",
    },
    Metric {
        name: "money_stock",
        kind: Kind::Yuan,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Unspent funds", "资金结余"],
        unit: YUAN,
        explanation: [
            "Money not yet spent: committees' funds and the offices' procurement reserves.",
            "尚未支出的资金:居委会自有资金和街道办的采购结余。",
        ],
        phrase_en: "the unspent funds",
    },
    Metric {
        name: "cost_per_resolved",
        kind: Kind::Yuan,
        better: Better::Lower,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Cost per resolved issue", "每件诉求解决成本"],
        unit: ["yuan per issue", "元/件"],
        explanation: [
            "Service money spent so far (issues, NGO contracts, training) for each issue resolved so far.",
            "迄今用于服务的资金(解决诉求、购买社会组织服务、培训)除以迄今解决的诉求数。",
        ],
        phrase_en: "the cost per resolved issue",
    },
    Metric {
        name: "councils_held",
        kind: Kind::CountPerWeek,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Councils held", "召开议事协商会"],
        unit: ["councils per week", "次/周"],
        explanation: [
            "Deliberation councils held that week, one per community when due.",
            "当周召开的议事协商会次数,每个社区到期时召开一次。",
        ],
        phrase_en: "the number of councils held",
    },
    Metric {
        name: "councils_quorate",
        kind: Kind::CountPerWeek,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Councils with a quorum", "达到法定人数的议事会"],
        unit: ["councils per week", "次/周"],
        explanation: [
            "Councils that week where enough residents came to settle issues.",
            "当周到会人数达到要求、能够议定事项的议事协商会次数。",
        ],
        phrase_en: "the number of councils with a quorum",
    },
    Metric {
        name: "council_hours",
        kind: Kind::Hours,
        better: Better::Higher,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Council hours", "议事协商投入工时"],
        unit: HOURS_WEEK,
        explanation: [
            "Hours residents gave at councils with a quorum to collective issues their committee can settle that week.",
            "当周达到法定人数的议事协商会上,居民为居委会能够解决的公共事务投入的时数。",
        ],
        phrase_en: "the hours residents gave at councils",
    },
    Metric {
        name: "council_relief",
        kind: Kind::Index,
        better: Better::Higher,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Relief from councils", "议事协商降低的参与成本"],
        unit: ["cost relief (drive)", "成本降低(驱动力)"],
        explanation: [
            "How much councils that actually met lower the cost of taking part offline, averaged over communities; it fades when councils stop meeting.",
            "真正开成的议事协商会使线下参与成本降低的程度(各社区平均);议事会不再召开时逐渐消退。",
        ],
        phrase_en: "the relief councils give to taking part",
    },
    Metric {
        name: "issues_mandated",
        kind: Kind::CountPerWeek,
        better: Better::Higher,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Issues mandated by councils", "议事会授权办理的诉求"],
        unit: ISSUES_WEEK,
        explanation: [
            "Collective issues beyond the committee's own authority that a council with a quorum mandated it to settle that week.",
            "当周达到法定人数的议事会授权居委会办理的、超出其自身权限的公共事务诉求件数。",
        ],
        phrase_en: "the number of issues mandated by councils",
    },
    Metric {
        name: "participation_gap_age",
        kind: Kind::Gap,
        better: Better::Lower,
        key: Some(12),
        overview: None,
        mmd: Mmd::Absolute(0.02),
        label: ["Participation gap between ages", "参与率年龄差距"],
        unit: GAP,
        explanation: [
            "The gap in participation between the most and the least active age group; smaller is fairer.",
            "参与率最高与最低年龄组之间的差距;差距越小越公平。",
        ],
        phrase_en: "the participation gap between age groups",
    },
    Metric {
        name: "participation_gap_community",
        kind: Kind::Gap,
        better: Better::Lower,
        key: None,
        overview: None,
        mmd: Mmd::Absolute(0.02),
        label: ["Participation gap between communities", "参与率社区差距"],
        unit: GAP,
        explanation: [
            "The gap in participation between the most and the least active community.",
            "参与率最高与最低社区之间的差距。",
        ],
        phrase_en: "the participation gap between communities",
    },
    Metric {
        name: "resolved_gap_age",
        kind: Kind::Gap,
        better: Better::Lower,
        key: Some(13),
        overview: Some(6),
        mmd: Mmd::Absolute(0.02),
        label: ["Resolution gap between ages", "诉求解决率年龄差距"],
        unit: GAP,
        explanation: [
            "The gap between age groups in the share of their issues resolved so far; smaller means services are shared more fairly (共享).",
            "各年龄组累计诉求解决率之间的差距;差距越小,服务成果共享越公平。",
        ],
        phrase_en: "the gap between age groups in issues resolved",
    },
    Metric {
        name: "resolved_gap_community",
        kind: Kind::Gap,
        better: Better::Lower,
        key: None,
        overview: None,
        mmd: Mmd::Absolute(0.02),
        label: ["Resolution gap between communities", "诉求解决率社区差距"],
        unit: GAP,
        explanation: [
            "The gap between communities in the share of their issues resolved so far.",
            "各社区累计诉求解决率之间的差距。",
        ],
        phrase_en: "the gap between communities in issues resolved",
    },
    Metric {
        name: "resolved_share_young",
        kind: Kind::Share,
        better: Better::Higher,
        key: None,
        overview: None,
        mmd: Mmd::Absolute(0.02),
        label: ["Issues resolved, ages 18–39", "青年诉求解决率"],
        unit: ["share of issues raised", "占所提诉求比例"],
        explanation: [
            "The share of issues raised by residents aged 18 to 39 that have been resolved so far.",
            "18–39岁居民所提诉求中迄今已解决的比例。",
        ],
        phrase_en: "the share of young residents' issues resolved",
    },
    Metric {
        name: "resolved_share_elderly",
        kind: Kind::Share,
        better: Better::Higher,
        key: None,
        overview: None,
        mmd: Mmd::Absolute(0.02),
        label: ["Issues resolved, ages 60+", "老年诉求解决率"],
        unit: ["share of issues raised", "占所提诉求比例"],
        explanation: [
            "The share of issues raised by residents aged 60 and over that have been resolved so far.",
            "60岁及以上居民所提诉求中迄今已解决的比例。",
        ],
        phrase_en: "the share of older residents' issues resolved",
    },
    // M3: outcomes a class can read (participation over a year, service within patience).
    Metric {
        name: "participated_52w",
        kind: Kind::Share,
        better: Better::Higher,
        key: Some(15),
        overview: None,
        mmd: Mmd::Absolute(0.02),
        label: ["Took part in the last year", "近一年参与过的居民"],
        unit: SHARE_RESIDENTS,
        explanation: [
            "The share of residents who took part at least once in the last 52 weeks (this week and the 51 before), comparable with surveys of turnout in committee elections.",
            "过去52周(本周及之前51周)内至少参与过一次的居民占比,可与居委会选举投票率调查相比较。",
        ],
        phrase_en: "the share of residents who took part in the last year",
    },
    Metric {
        name: "participated_52w_young",
        kind: Kind::Share,
        better: Better::Higher,
        key: None,
        overview: None,
        mmd: Mmd::Absolute(0.02),
        label: [
            "Took part in the last year, ages 18–39",
            "近一年参与过的青年",
        ],
        unit: SHARE_RESIDENTS,
        explanation: [
            "The share of residents aged 18 to 39 who took part at least once in the last 52 weeks.",
            "18–39岁居民中过去52周内至少参与过一次的比例。",
        ],
        phrase_en: "the share of young residents who took part in the last year",
    },
    Metric {
        name: "participated_52w_middle",
        kind: Kind::Share,
        better: Better::Higher,
        key: None,
        overview: None,
        mmd: Mmd::Absolute(0.02),
        label: [
            "Took part in the last year, ages 40–59",
            "近一年参与过的中年",
        ],
        unit: SHARE_RESIDENTS,
        explanation: [
            "The share of residents aged 40 to 59 who took part at least once in the last 52 weeks.",
            "40–59岁居民中过去52周内至少参与过一次的比例。",
        ],
        phrase_en: "the share of middle-aged residents who took part in the last year",
    },
    Metric {
        name: "participated_52w_elderly",
        kind: Kind::Share,
        better: Better::Higher,
        key: None,
        overview: None,
        mmd: Mmd::Absolute(0.02),
        label: ["Took part in the last year, ages 60+", "近一年参与过的老年"],
        unit: SHARE_RESIDENTS,
        explanation: [
            "The share of residents aged 60 and over who took part at least once in the last 52 weeks.",
            "60岁及以上居民中过去52周内至少参与过一次的比例。",
        ],
        phrase_en: "the share of older residents who took part in the last year",
    },
    Metric {
        name: "issues_resolved_in_patience",
        kind: Kind::CountPerWeek,
        better: Better::Higher,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Issues resolved within patience", "在耐心期内解决的诉求"],
        unit: ISSUES_WEEK,
        explanation: [
            "Reported issues resolved this week after waiting no longer than residents' patience.",
            "本周解决、且等待时间未超过居民耐心期的已反映诉求数。",
        ],
        phrase_en: "the issues resolved within patience",
    },
    Metric {
        name: "issues_past_patience",
        kind: Kind::CountPerWeek,
        better: Better::Lower,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Issues past patience", "超过耐心期的诉求"],
        unit: ISSUES_WEEK,
        explanation: [
            "Reported issues still waiting that reached residents' patience this week (each issue counted once, the first time).",
            "本周等待时间达到居民耐心期仍未解决的已反映诉求数(每件只在第一次计入)。",
        ],
        phrase_en: "the issues that waited past patience",
    },
    Metric {
        name: "resolved_within_patience_share",
        kind: Kind::Share,
        better: Better::Higher,
        key: Some(16),
        overview: None,
        mmd: Mmd::Absolute(0.02),
        label: ["Resolved within patience", "耐心期内解决率"],
        unit: ["share of issues due", "占到期诉求比例"],
        explanation: [
            "Of the reported issues that were resolved in time or reached residents' patience unresolved this week, the share resolved in time: quality of service, not volume.",
            "本周按时解决或等到耐心期仍未解决的已反映诉求中,按时解决的比例:衡量服务质量而非数量。",
        ],
        phrase_en: "the share of issues resolved within patience",
    },
    Metric {
        name: "issues_withdrawn",
        kind: Kind::CountPerWeek,
        better: Better::Lower,
        key: None,
        overview: None,
        // One issue a week: the baseline withdraws about 4 a week, whose 5% is a fifth of
        // an issue, below what a street could notice.
        mmd: Mmd::Absolute(1.0),
        label: ["Issues withdrawn", "撤回的诉求"],
        unit: ISSUES_WEEK,
        explanation: [
            "Issues their reporters gave up on that week after waiting issues.withdraw_after weeks, at the committees or at the street office.",
            "当周居民因等待过久(超过设定周数)而放弃、撤回的诉求数量。",
        ],
        phrase_en: "the number of issues withdrawn",
    },
    Metric {
        name: "issues_withdrawn_total",
        kind: Kind::Count,
        better: Better::Lower,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Issues withdrawn, total", "累计撤回诉求"],
        unit: ISSUES,
        explanation: [
            "All issues withdrawn since the start; raised = unreported + resolved + backlog + withdrawn.",
            "自开始以来撤回的诉求总数;提出 = 未反映 + 已解决 + 积压 + 撤回。",
        ],
        phrase_en: "the number of issues withdrawn",
    },
    Metric {
        name: "escalation_backlog",
        kind: Kind::Count,
        better: Better::Lower,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Backlog at the street office", "街道办积压诉求"],
        unit: ISSUES,
        explanation: [
            "Of the backlog, the escalated issues waiting at the street office.",
            "积压诉求中已上报、在街道办等待处理的数量。",
        ],
        phrase_en: "the backlog at the street office",
    },
    // Outreach and micro-projects (model 2).
    Metric {
        name: "committee_hours_projects",
        kind: Kind::Hours,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Committee hours on micro-projects", "居委会微实事工时"],
        unit: HOURS_WEEK,
        explanation: [
            "Staff hours the committees spent that week carrying out residents' micro-projects (民生微实事).",
            "当周居委会工作人员实施民生微实事项目的工时。",
        ],
        phrase_en: "the committee hours on micro-projects",
    },
    Metric {
        name: "outreach_hours",
        kind: Kind::Hours,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Outreach hours", "走访联系工时"],
        unit: HOURS_WEEK,
        explanation: [
            "Idle committee hours given that week to contacting residents (home visits, activities); the contacts count the week after.",
            "当周居委会用于走访联系居民(入户、活动)的空闲工时;联系在下一周起作用。",
        ],
        phrase_en: "the outreach hours",
    },
    Metric {
        name: "residents_contacted",
        kind: Kind::CountPerWeek,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Residents contacted", "走访联系居民数"],
        unit: ["residents per week", "人/周"],
        explanation: [
            "Residents the committees' outreach reached that week (from last week's outreach hours).",
            "当周居委会走访联系到的居民人数(来自上周的走访工时)。",
        ],
        phrase_en: "the number of residents contacted",
    },
    Metric {
        name: "projects_proposed",
        kind: Kind::CountPerWeek,
        better: Better::Higher,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Micro-projects proposed", "居民提出微实事项目"],
        unit: ["projects per week", "项/周"],
        explanation: [
            "Micro-projects (民生微实事) residents proposed that week.",
            "当周居民提出的民生微实事项目数。",
        ],
        phrase_en: "the number of micro-projects proposed",
    },
    Metric {
        name: "projects_funded",
        kind: Kind::CountPerWeek,
        better: Better::Higher,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Micro-projects funded", "立项的微实事项目"],
        unit: ["projects per week", "项/周"],
        explanation: [
            "Proposals a council or a vote selected and the committee paid for that week.",
            "当周经议事会或表决选中、由居委会出资立项的项目数。",
        ],
        phrase_en: "the number of micro-projects funded",
    },
    Metric {
        name: "projects_finished",
        kind: Kind::CountPerWeek,
        better: Better::Higher,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Micro-projects finished", "完成的微实事项目"],
        unit: ["projects per week", "项/周"],
        explanation: [
            "Funded projects finished that week; every resident of the community is a little more satisfied.",
            "当周完成的项目数;社区全体居民满意度略有提高。",
        ],
        phrase_en: "the number of micro-projects finished",
    },
    Metric {
        name: "projects_waiting",
        kind: Kind::Count,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::Absolute(1.0),
        label: ["Proposals waiting", "待选项目"],
        unit: ["proposals", "项"],
        explanation: [
            "Residents' proposals waiting at the week's end to be selected and funded.",
            "周末等待选定和立项的居民提议数。",
        ],
        phrase_en: "the number of proposals waiting",
    },
    Metric {
        name: "money_spent_on_projects",
        kind: Kind::Yuan,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Money spent on micro-projects", "微实事支出"],
        unit: YUAN_WEEK,
        explanation: [
            "Money the committees paid that week for the projects they funded (money is an index: 1 unit ≈ 10 yuan).",
            "当周居委会为立项项目支付的资金(资金为指数:1单位≈10元)。",
        ],
        phrase_en: "the money spent on micro-projects",
    },
    Metric {
        name: "money_returned",
        kind: Kind::Yuan,
        better: Better::Neither,
        key: None,
        overview: None,
        mmd: Mmd::RelativeToBaseline(0.05),
        label: ["Funds returned to the office", "退回街道办的资金"],
        unit: YUAN_WEEK,
        explanation: [
            "Committee funds above the carry cap that returned to the offices that week (once a year); they leave the street.",
            "当周(每年一次)居委会超过结转上限、退回街道办的资金;这部分资金离开本街道。",
        ],
        phrase_en: "the funds returned to the office",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{TickMetrics, metric_names};

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_field_has_exactly_one_row_in_column_order() {
        let names = metric_names();
        let rows: Vec<&str> = METRICS.iter().map(|m| m.name).collect();
        assert_eq!(rows, names);
        for name in &names {
            assert_eq!(find(name).map(|m| m.name), Some(name.as_str()));
        }
        assert!(find("no_such_metric").is_none());
    }

    #[test]
    fn every_row_has_both_languages() {
        for m in METRICS {
            let name = m.name;
            let [en, zh] = m.label;
            assert!(
                !en.is_empty() && !has_cjk(en),
                "{name}: English label {en:?}"
            );
            assert!(has_cjk(zh), "{name}: Chinese label {zh:?}");
            assert!(!m.unit[0].is_empty() && has_cjk(m.unit[1]), "{name}: units");
            assert!(
                m.explanation[0].ends_with('.'),
                "{name}: English explanation"
            );
            assert!(
                m.explanation[1].ends_with('。'),
                "{name}: Chinese explanation"
            );
            assert!(!m.phrase_en.is_empty(), "{name}: phrase");
            assert_ne!(en, name);
        }
    }

    #[test]
    fn counts_are_exactly_the_integer_fields() {
        // serde_json keeps integers and floats apart: a `u64` field is an integer even
        // when it is 0, an `f64` field is a float.
        let value = serde_json::to_value(TickMetrics::default()).unwrap();
        for m in METRICS {
            let integer = value[m.name].is_u64() && m.name != "tick";
            assert_eq!(m.is_count(), integer, "{}", m.name);
        }
    }

    #[test]
    fn kinds_and_meaningful_differences_agree() {
        for m in METRICS {
            match (m.kind, m.mmd) {
                (Kind::Week, Mmd::None) => {}
                (k, Mmd::Absolute(x)) if k.is_unit_interval() => assert!(x > 0.0 && x < 0.5),
                // A rare count (issues withdrawn): one thing, where 5% would be a fraction.
                (k, Mmd::Absolute(x)) if k.is_integer() => assert!(x >= 1.0),
                (k, Mmd::RelativeToBaseline(r)) if !k.is_unit_interval() && k != Kind::Week => {
                    assert!(r > 0.0 && r < 1.0)
                }
                other => panic!("{}: {other:?}", m.name),
            }
        }
        assert!(Mmd::Absolute(0.02).is_negligible(0.01, 0.5));
        assert!(!Mmd::Absolute(0.02).is_negligible(-0.03, 0.5));
        assert!(Mmd::RelativeToBaseline(0.05).is_negligible(4.0, 100.0));
        assert!(!Mmd::RelativeToBaseline(0.05).is_negligible(6.0, -100.0));
        assert!(!Mmd::RelativeToBaseline(0.05).is_negligible(0.1, 0.0));
        assert!(Mmd::None.is_negligible(1e9, 1.0));
        assert_eq!(Mmd::RelativeToBaseline(0.05).threshold(200.0), Some(10.0));
    }

    #[test]
    fn key_and_overview_places_are_one_to_n() {
        let keys: [&str; placed(false)] = in_place_order(false);
        let overview: [&str; placed(true)] = in_place_order(true);
        assert_eq!(keys.len(), 16);
        assert_eq!(keys[0], "participation_rate");
        assert_eq!(keys[13], "online_access_elderly");
        assert_eq!(
            keys[14..],
            ["participated_52w", "resolved_within_patience_share"]
        );
        assert_eq!(
            overview,
            [
                "participation_rate",
                "mean_trust",
                "admin_share",
                "backlog",
                "issues_resolved_total",
                "resolved_gap_age"
            ]
        );
        // The overview shows key metrics only: each has its own chart too.
        for name in overview {
            assert!(keys.contains(&name), "{name}");
        }
    }
}
