//! Words in English and Chinese for charts and the comparison report.
//!
//! Policy trainers show `cogov compare` output in class, in Chinese or English. This module
//! holds every word that reaches them: metric labels, axis units and one-sentence
//! explanations ([`metric_label`], [`metric_unit`], [`metric_explanation`]), the report's
//! interface strings ([`text`]) and names of scenario parameters ([`parameter_label`]).
//! Chinese uses the vocabulary of Chinese community governance (居委会, 街道办, 社会组织,
//! 议事协商, 准入清单 ...). Unknown names fall back to themselves, so a new metric or
//! parameter shows up under its column name rather than disappearing; unit tests check that
//! every metric column and every key the report uses has both languages.

use serde::Serialize;

use crate::scenario::docs;

/// The language of a report or chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// Short code: `"en"` or `"zh"`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The value of an HTML `lang` attribute: `"en"` or `"zh-CN"`.
    pub fn html_code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// Reads `en`/`english` or `zh`/`cn`/`chinese`/`zh-CN`/`zh-Hans`/`中文`, in any case.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "eng" | "english" | "en-us" | "en-gb" => Some(Lang::En),
            "zh" | "cn" | "chinese" | "zh-cn" | "zh-hans" | "zh_cn" | "中文" => Some(Lang::Zh),
            _ => None,
        }
    }

    fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// What the report says about one metric column.
struct MetricText {
    name: &'static str,
    /// Short chart title.
    label: [&'static str; 2],
    /// Y-axis label.
    unit: [&'static str; 2],
    /// One plain sentence.
    explanation: [&'static str; 2],
    /// The metric as the object of "raised ... from x to y" (English; Chinese uses the label).
    phrase_en: &'static str,
}

const fn m(
    name: &'static str,
    label: [&'static str; 2],
    unit: [&'static str; 2],
    explanation: [&'static str; 2],
    phrase_en: &'static str,
) -> MetricText {
    MetricText {
        name,
        label,
        unit,
        explanation,
        phrase_en,
    }
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
static METRICS: &[MetricText] = &[
    m(
        "tick",
        ["Week", "周"],
        ["week", "周"],
        [
            "The week of the simulation; week 0 is the starting state.",
            "模拟的周次,第0周为初始状态。",
        ],
        "the week",
    ),
    m(
        "participation_rate",
        ["Participation rate", "参与率"],
        SHARE_RESIDENTS,
        [
            "The share of adult residents who took part in community affairs that week, in person, online or at a council.",
            "当周参与社区事务(线下、线上或参加议事协商会)的成年居民占全体居民的比例。",
        ],
        "the participation rate",
    ),
    m(
        "participation_young",
        ["Participation, ages 18–39", "青年参与率(18–39岁)"],
        ["share of residents aged 18–39", "18–39岁居民占比"],
        [
            "The share of residents aged 18 to 39 who took part that week.",
            "当周参与社区事务的18–39岁居民比例。",
        ],
        "participation of residents aged 18–39",
    ),
    m(
        "participation_middle",
        ["Participation, ages 40–59", "中年参与率(40–59岁)"],
        ["share of residents aged 40–59", "40–59岁居民占比"],
        [
            "The share of residents aged 40 to 59 who took part that week.",
            "当周参与社区事务的40–59岁居民比例。",
        ],
        "participation of residents aged 40–59",
    ),
    m(
        "participation_elderly",
        ["Participation, ages 60+", "老年参与率(60岁及以上)"],
        ["share of residents aged 60+", "60岁及以上居民占比"],
        [
            "The share of residents aged 60 and over who took part that week.",
            "当周参与社区事务的60岁及以上居民比例。",
        ],
        "participation of residents aged 60 and over",
    ),
    m(
        "participation_online_share",
        ["Online share of participation", "线上参与占比"],
        ["share of participants", "参与者占比"],
        [
            "Of the residents who took part, the share who did so through the online channel.",
            "参与者中通过线上渠道参与的比例。",
        ],
        "the online share of participation",
    ),
    m(
        "online_access",
        ["Residents online", "上网居民比例"],
        SHARE_RESIDENTS,
        [
            "The share of residents with internet access.",
            "能够上网的居民比例。",
        ],
        "the share of residents online",
    ),
    m(
        "online_access_elderly",
        ["Older residents online", "老年人上网比例"],
        ["share of residents aged 60+", "60岁及以上居民占比"],
        [
            "The share of residents aged 60 and over with internet access; a low value is the digital divide.",
            "60岁及以上居民中能够上网的比例;比例低即存在数字鸿沟。",
        ],
        "the share of older residents online",
    ),
    m(
        "mean_trust",
        ["Trust in the committee", "信任度"],
        SCORE,
        [
            "Residents' average trust in their residents' committee, from 0 (none) to 1 (full).",
            "居民对居委会的平均信任度,0表示完全不信任,1表示完全信任。",
        ],
        "residents' trust in the committee",
    ),
    m(
        "mean_efficacy",
        ["Civic efficacy", "效能感"],
        SCORE,
        [
            "Residents' average belief that taking part changes things, from 0 to 1.",
            "居民对“参与能带来改变”的平均信心(参与效能感),取值0到1。",
        ],
        "residents' civic efficacy",
    ),
    m(
        "mean_satisfaction",
        ["Satisfaction with services", "满意度"],
        SCORE,
        [
            "Residents' average satisfaction with community services, from 0 to 1.",
            "居民对社区服务的平均满意度,取值0到1。",
        ],
        "residents' satisfaction with services",
    ),
    m(
        "issues_raised",
        ["Issues raised", "新增诉求"],
        ISSUES_WEEK,
        [
            "Problems residents ran into that week (repairs, parking, disputes, services, paperwork).",
            "当周居民遇到的新问题(维修、停车、邻里纠纷、服务需求、证明办理等)。",
        ],
        "the number of issues raised",
    ),
    m(
        "issues_reported",
        ["Issues reported", "反映的诉求"],
        ISSUES_WEEK,
        [
            "Issues raised that week that residents reported to the committee.",
            "当周新增诉求中居民向居委会反映的数量。",
        ],
        "the number of issues reported",
    ),
    m(
        "issues_reported_online",
        ["Issues reported online", "线上反映的诉求"],
        ISSUES_WEEK,
        [
            "Issues reported that week through the online channel.",
            "当周通过线上渠道反映的诉求数量。",
        ],
        "the number of issues reported online",
    ),
    m(
        "issues_unreported",
        ["Issues not reported", "未反映的诉求"],
        ISSUES_WEEK,
        [
            "Issues raised that week that residents kept to themselves.",
            "当周新增诉求中居民没有反映的数量。",
        ],
        "the number of issues not reported",
    ),
    m(
        "issues_resolved",
        ["Issues resolved", "解决的诉求"],
        ISSUES_WEEK,
        [
            "Issues resolved that week, by the committees or by the street office.",
            "当周由居委会或街道办解决的诉求数量。",
        ],
        "the number of issues resolved per week",
    ),
    m(
        "issues_escalated",
        ["Issues escalated", "上报街道的诉求"],
        ISSUES_WEEK,
        [
            "Issues the committees passed up to the street office that week because they lacked the authority.",
            "当周居委会因权限不足上报街道办的诉求数量。",
        ],
        "the number of issues escalated",
    ),
    m(
        "backlog",
        ["Backlog of issues", "积压诉求"],
        ISSUES,
        [
            "Reported issues still waiting for a solution, at the committees or at the street office.",
            "已反映但仍在居委会或街道办等待解决的诉求数量。",
        ],
        "the backlog of waiting issues",
    ),
    m(
        "mean_wait",
        ["Waiting time", "平均等待时间"],
        ["weeks", "周"],
        [
            "How long the issues still waiting have waited so far, on average.",
            "尚未解决的诉求平均已等待的周数。",
        ],
        "the waiting time of open issues",
    ),
    m(
        "issues_raised_total",
        ["Issues raised, total", "累计新增诉求"],
        ISSUES,
        [
            "All issues raised since the start.",
            "自开始以来居民遇到的诉求总数。",
        ],
        "the total number of issues raised",
    ),
    m(
        "issues_unreported_total",
        ["Issues not reported, total", "累计未反映诉求"],
        ISSUES,
        [
            "All issues residents kept to themselves since the start.",
            "自开始以来居民没有反映的诉求总数。",
        ],
        "the total number of issues not reported",
    ),
    m(
        "issues_resolved_total",
        ["Issues resolved, total", "累计解决诉求"],
        ISSUES,
        [
            "All issues resolved since the start, by the committees or by the street office.",
            "自开始以来由居委会或街道办解决的诉求总数。",
        ],
        "the number of issues resolved",
    ),
    m(
        "admin_demand",
        ["Administrative demand", "行政事务需求"],
        HOURS_WEEK,
        [
            "Hours of administrative work (ledgers, inspections, statistics) demanded of the committees that week.",
            "当周上级下派给居委会的行政事务(台账、检查、统计等)所需工时。",
        ],
        "the administrative demand on committees",
    ),
    m(
        "committee_hours",
        ["Committee working hours", "居委会可用工时"],
        HOURS_WEEK,
        [
            "Working hours of committee staff and social workers available that week.",
            "当周居委会工作人员和社工的可用工时。",
        ],
        "committee working hours",
    ),
    m(
        "committee_hours_admin",
        ["Committee hours on administration", "行政事务工时"],
        HOURS_WEEK,
        [
            "Committee hours spent on administrative work that week.",
            "当周居委会用于行政事务的工时。",
        ],
        "committee hours spent on administration",
    ),
    m(
        "committee_hours_issues",
        ["Committee hours on residents' issues", "处理诉求工时"],
        HOURS_WEEK,
        [
            "Committee hours spent working on residents' issues that week.",
            "当周居委会用于处理居民诉求的工时。",
        ],
        "committee hours spent on residents' issues",
    ),
    m(
        "committee_hours_idle",
        ["Committee hours unused", "空闲工时"],
        HOURS_WEEK,
        [
            "Committee hours left unused that week because there was nothing to work on.",
            "当周居委会因无事可做而空闲的工时。",
        ],
        "unused committee hours",
    ),
    m(
        "admin_share",
        ["Administrative share", "行政事务占比"],
        ["share of committee hours", "工时占比"],
        [
            "The share of committee working hours taken by administrative work pushed down from above (“a thousand threads above, one needle below”).",
            "居委会工时中被上级下派的行政事务占用的比例(“上面千条线,下面一根针”)。",
        ],
        "the administrative share of committee hours",
    ),
    m(
        "committee_skill",
        ["Committee skill", "居委会工作能力"],
        ["skill (0–1)", "能力(0–1)"],
        [
            "The average skill of committee staff, from 0 to 1; skilled staff settle issues faster.",
            "居委会工作人员的平均业务能力,取值0到1;能力越强,处理诉求越快。",
        ],
        "committee skill",
    ),
    m(
        "ngos_active",
        ["Active NGOs", "活跃社会组织"],
        ["organisations", "家"],
        [
            "Social organisations serving the communities at the end of the week.",
            "周末仍在为社区提供服务的社会组织数量。",
        ],
        "the number of active NGOs",
    ),
    m(
        "ngo_hours",
        ["NGO hours bought", "购买的社会组织服务时数"],
        HOURS_WEEK,
        [
            "Hours of NGO service the street office bought that week.",
            "当周街道办向社会组织购买的服务时数。",
        ],
        "NGO hours bought",
    ),
    m(
        "ngo_hours_used",
        ["NGO hours used", "社会组织有效服务时数"],
        HOURS_WEEK,
        [
            "Hours of NGO service that went to a resident's actual need that week.",
            "当周社会组织服务中真正用于居民所需的时数。",
        ],
        "the NGO hours put to use",
    ),
    m(
        "volunteer_hours_used",
        ["Volunteer hours used", "志愿服务有效时数"],
        HOURS_WEEK,
        [
            "Hours residents volunteered that went to an actual need that week.",
            "当周居民志愿服务中真正用于居民所需的时数。",
        ],
        "the volunteer hours put to use",
    ),
    m(
        "volunteer_hours",
        ["Volunteer hours offered", "志愿服务供给时数"],
        HOURS_WEEK,
        [
            "Hours residents offered as volunteers that week, whether used or not.",
            "当周居民提供的志愿服务时数,无论是否被有效利用。",
        ],
        "the volunteer hours offered",
    ),
    m(
        "office_pressure",
        ["Pressure on the street office", "街道办压力"],
        ["pressure (index)", "压力指数"],
        [
            "How much trouble (escalations and overdue issues) the street office feels it must answer.",
            "街道办因上报诉求和逾期问题而感受到的、需要回应的压力。",
        ],
        "the pressure on the street office",
    ),
    m(
        "money_allocated",
        ["Budget allocated", "拨付资金"],
        YUAN_WEEK,
        [
            "The street offices' budget allocated that week.",
            "当周街道办拨付的预算资金。",
        ],
        "the budget allocated",
    ),
    m(
        "money_to_programs",
        ["Office's own programs", "街道自办项目资金"],
        YUAN_WEEK,
        [
            "Budget spent that week on programs the office runs itself, which push administrative work down.",
            "当周用于街道自办项目的资金,这些项目会向居委会下派行政事务。",
        ],
        "the money for the office's own programs",
    ),
    m(
        "money_devolved",
        ["Funds devolved to committees", "下放居委会资金"],
        YUAN_WEEK,
        [
            "Budget devolved to the committees' own funds that week.",
            "当周下放到居委会、由其自主支配的资金。",
        ],
        "the funds devolved to committees",
    ),
    m(
        "money_to_ngos",
        ["Payments to NGOs", "购买社会组织服务资金"],
        YUAN_WEEK,
        [
            "Money paid to social organisations for their services that week.",
            "当周支付给社会组织的服务购买资金。",
        ],
        "the payments to NGOs",
    ),
    m(
        "money_to_training",
        ["Training and social workers", "培训与社工资金"],
        YUAN_WEEK,
        [
            "Budget spent that week on training committee staff and paying social workers.",
            "当周用于培训居委会工作人员和聘用社工的资金。",
        ],
        "the money for training and social workers",
    ),
    m(
        "money_spent_on_issues",
        ["Money spent on issues", "解决诉求支出"],
        YUAN_WEEK,
        [
            "Money the committees and offices paid that week to resolve residents' issues.",
            "当周居委会和街道办为解决居民诉求支出的资金。",
        ],
        "the money spent on issues",
    ),
    m(
        "money_allocated_total",
        ["Budget allocated, total", "累计拨付资金"],
        YUAN,
        [
            "All money allocated since the start, including the committees' starting funds.",
            "自开始以来拨付的全部资金,含居委会初始资金。",
        ],
        "the total budget allocated",
    ),
    m(
        "money_spent_total",
        ["Money spent, total", "累计支出"],
        YUAN,
        [
            "All money spent since the start: own programs, issues, NGO contracts and training.",
            "自开始以来的全部支出:自办项目、解决诉求、购买社会组织服务和培训。",
        ],
        "the total money spent",
    ),
    m(
        "money_stock",
        ["Unspent funds", "资金结余"],
        YUAN,
        [
            "Money not yet spent: committees' funds and the offices' procurement reserves.",
            "尚未支出的资金:居委会自有资金和街道办的采购结余。",
        ],
        "the unspent funds",
    ),
    m(
        "cost_per_resolved",
        ["Cost per resolved issue", "每件诉求解决成本"],
        ["yuan per issue", "元/件"],
        [
            "Service money spent so far (issues, NGO contracts, training) for each issue resolved so far.",
            "迄今用于服务的资金(解决诉求、购买社会组织服务、培训)除以迄今解决的诉求数。",
        ],
        "the cost per resolved issue",
    ),
    m(
        "councils_held",
        ["Councils held", "召开议事协商会"],
        ["councils per week", "次/周"],
        [
            "Deliberation councils held that week, one per community when due.",
            "当周召开的议事协商会次数,每个社区到期时召开一次。",
        ],
        "the number of councils held",
    ),
    m(
        "councils_quorate",
        ["Councils with a quorum", "达到法定人数的议事会"],
        ["councils per week", "次/周"],
        [
            "Councils that week where enough residents came to settle issues.",
            "当周到会人数达到要求、能够议定事项的议事协商会次数。",
        ],
        "the number of councils with a quorum",
    ),
    m(
        "participation_gap_age",
        ["Participation gap between ages", "参与率年龄差距"],
        GAP,
        [
            "The gap in participation between the most and the least active age group; smaller is fairer.",
            "参与率最高与最低年龄组之间的差距;差距越小越公平。",
        ],
        "the participation gap between age groups",
    ),
    m(
        "participation_gap_community",
        ["Participation gap between communities", "参与率社区差距"],
        GAP,
        [
            "The gap in participation between the most and the least active community.",
            "参与率最高与最低社区之间的差距。",
        ],
        "the participation gap between communities",
    ),
    m(
        "resolved_gap_age",
        ["Resolution gap between ages", "诉求解决率年龄差距"],
        GAP,
        [
            "The gap between age groups in the share of their issues resolved so far; smaller means services are shared more fairly (共享).",
            "各年龄组累计诉求解决率之间的差距;差距越小,服务成果共享越公平。",
        ],
        "the gap between age groups in issues resolved",
    ),
    m(
        "resolved_gap_community",
        ["Resolution gap between communities", "诉求解决率社区差距"],
        GAP,
        [
            "The gap between communities in the share of their issues resolved so far.",
            "各社区累计诉求解决率之间的差距。",
        ],
        "the gap between communities in issues resolved",
    ),
    m(
        "resolved_share_young",
        ["Issues resolved, ages 18–39", "青年诉求解决率"],
        ["share of issues raised", "占所提诉求比例"],
        [
            "The share of issues raised by residents aged 18 to 39 that have been resolved so far.",
            "18–39岁居民所提诉求中迄今已解决的比例。",
        ],
        "the share of young residents' issues resolved",
    ),
    m(
        "resolved_share_elderly",
        ["Issues resolved, ages 60+", "老年诉求解决率"],
        ["share of issues raised", "占所提诉求比例"],
        [
            "The share of issues raised by residents aged 60 and over that have been resolved so far.",
            "60岁及以上居民所提诉求中迄今已解决的比例。",
        ],
        "the share of older residents' issues resolved",
    ),
];

fn metric_text(metric: &str) -> Option<&'static MetricText> {
    METRICS.iter().find(|t| t.name == metric)
}

fn index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Zh => 1,
    }
}

/// Short chart title of a metric column, e.g. "Participation rate" / "参与率"; an unknown
/// column gives its own name.
pub fn metric_label(metric: &str, lang: Lang) -> String {
    metric_text(metric).map_or_else(|| metric.to_string(), |t| t.label[index(lang)].to_string())
}

/// Y-axis label of a metric, e.g. "share of residents" / "居民占比"; empty when unknown.
pub fn metric_unit(metric: &str, lang: Lang) -> String {
    metric_text(metric).map_or_else(String::new, |t| t.unit[index(lang)].to_string())
}

/// One plain sentence on what a metric measures; empty when unknown.
pub fn metric_explanation(metric: &str, lang: Lang) -> String {
    metric_text(metric).map_or_else(String::new, |t| t.explanation[index(lang)].to_string())
}

/// The metric as the object of a sentence ("lowered *the administrative share of committee
/// hours* from ..."); in Chinese the label.
pub fn metric_phrase(metric: &str, lang: Lang) -> String {
    match (metric_text(metric), lang) {
        (Some(t), Lang::En) => t.phrase_en.to_string(),
        (Some(t), Lang::Zh) => t.label[1].to_string(),
        (None, _) => metric.to_string(),
    }
}

/// Interface strings: (key, English, Chinese). Placeholders in braces are filled by the
/// caller.
static UI: &[(&str, &str, &str)] = &[
    // Chart words.
    ("week", "week", "周"),
    ("baseline", "baseline", "基线"),
    ("mean", "mean", "均值"),
    ("band", "95% confidence band", "95%置信带"),
    ("ci95", "95% CI", "95%置信区间"),
    ("replicates", "replicates", "次重复运行"),
    ("overview_title", "Key outcomes at a glance", "关键结果一览"),
    // Effect classes (Cohen's d) and clarity.
    ("negligible", "negligible", "可忽略"),
    ("small", "small", "小"),
    ("medium", "medium", "中"),
    ("large", "large", "大"),
    ("clear", "clear", "明确"),
    ("unclear", "unclear", "不明确"),
    ("improvement", "improvement", "改善"),
    ("deterioration", "deterioration", "恶化"),
    // Report: head.
    (
        "report_title",
        "Comparing community governance policies",
        "社区治理政策比较",
    ),
    (
        "meta_line",
        "Generated {date} · cogov {version} · {replicates} replicates per scenario · master seed {seed} · {weeks} weeks simulated",
        "生成时间 {date} · cogov {version} · 每个情景重复运行 {replicates} 次 · 主随机种子 {seed} · 模拟 {weeks} 周",
    ),
    (
        "how_to_read_title",
        "How to read this report",
        "如何阅读本报告",
    ),
    (
        "how_to_read",
        "Each scenario is the same simulated street under a different policy, run {replicates} times. In the figures, lines are the mean over these runs and shaded bands are 95% confidence intervals: where bands overlap, the difference may be chance. Every scenario uses the same random seeds, so its runs start from exactly the same residents and neighbourhoods as the baseline's; differences are therefore compared run by run against the baseline (paired), and a difference is called clear when its 95% interval excludes zero. Effect sizes (negligible, small, medium, large) say how big a difference is compared with the spread between runs.",
        "每个情景都是同一条模拟街道在不同政策下的运行结果,各重复运行 {replicates} 次。图中的线是这些运行的均值,阴影带是95%置信区间:阴影带重叠之处,差异可能只是偶然。所有情景使用相同的随机种子,每次运行的居民和社区与基线完全相同,因此与基线的差异是逐次配对比较的;差异的95%置信区间不包含零时,称为“明确”。效应量(可忽略、小、中、大)表示差异相对于各次运行之间波动的大小。",
    ),
    // Report: scenarios.
    ("scenarios_title", "The scenarios", "情景"),
    ("baseline_badge", "baseline", "基线"),
    (
        "changes_title",
        "What each scenario changes",
        "各情景调整了什么",
    ),
    (
        "changes_intro",
        "Parameters whose value differs from the baseline.",
        "与基线取值不同的参数。",
    ),
    (
        "changes_none",
        "Same parameters as the baseline.",
        "参数与基线相同。",
    ),
    ("col_parameter", "Parameter", "参数"),
    ("col_baseline_value", "Baseline", "基线"),
    ("col_this_scenario", "This scenario", "本情景"),
    (
        "intervention_from_week",
        "From week {week}:",
        "自第{week}周起:",
    ),
    ("set_to", ":", "设为"),
    // Report: findings.
    ("findings_title", "Key findings", "关键发现"),
    (
        "findings_intro",
        "Differences from the baseline in week {weeks} that are clear (the 95% interval excludes zero) and more than negligible.",
        "第{weeks}周与基线相比明确(95%置信区间不包含零)且不可忽略的差异。",
    ),
    (
        "finding_sentence",
        "{scenario} {verb} {metric} from {from} to {to} ({diff}; 95% CI {low} to {high}), a {effect} effect — {judgement}.",
        "与基线相比,“{scenario}”使{metric}从{from}{verb}至{to}({diff};95%置信区间 {low} 至 {high}),{effect}({judgement})。",
    ),
    (
        "finding_sentence_neutral",
        "{scenario} {verb} {metric} from {from} to {to} ({diff}; 95% CI {low} to {high}), a {effect} effect.",
        "与基线相比,“{scenario}”使{metric}从{from}{verb}至{to}({diff};95%置信区间 {low} 至 {high}),{effect}。",
    ),
    ("verb_raised", "raised", "提高"),
    ("verb_lowered", "lowered", "降低"),
    ("verb_increased", "raised", "增加"),
    ("verb_decreased", "lowered", "减少"),
    ("effect_phrase_small", "small", "效应小"),
    ("effect_phrase_medium", "medium", "效应中等"),
    ("effect_phrase_large", "large", "效应大"),
    ("judgement_improvement", "an improvement", "改善"),
    ("judgement_deterioration", "a deterioration", "恶化"),
    (
        "finding_none",
        "{scenario} changed none of the key outcomes clearly and by more than a negligible amount.",
        "与基线相比,“{scenario}”对各项关键指标均没有明确且不可忽略的影响。",
    ),
    // Report: figures.
    ("figures_title", "Figures", "图表"),
    (
        "overview_caption",
        "Six key outcomes over time, one panel each: lines are means over runs, shaded bands 95% confidence intervals.",
        "六项关键结果随时间的变化,每格一项:线为各次运行的均值,阴影带为95%置信区间。",
    ),
    ("open_svg", "Open the SVG", "打开SVG矢量图"),
    ("figure_image_alt", "Chart: {metric}", "图表:{metric}"),
    // Report: summary tables.
    ("summary_title", "Summary table", "汇总表"),
    (
        "summary_intro",
        "For each key outcome: its value in week {weeks} (mean over runs, with the 95% confidence interval) and the paired difference from the baseline. Green marks a clear improvement, red a clear deterioration, grey a difference that is not clear.",
        "各项关键结果在第{weeks}周的数值(各次运行的均值及95%置信区间),以及与基线的配对差异。绿色表示明确改善,红色表示明确恶化,灰色表示差异不明确。",
    ),
    ("col_scenario", "Scenario", "情景"),
    (
        "col_final",
        "Week {weeks}: mean [95% CI]",
        "第{weeks}周:均值[95%置信区间]",
    ),
    (
        "col_diff",
        "Difference from baseline [95% CI]",
        "与基线之差[95%置信区间]",
    ),
    ("col_effect", "Effect", "效应"),
    ("higher_better", "higher is better", "越高越好"),
    ("lower_better", "lower is better", "越低越好"),
    // Report: footer.
    ("footer_title", "Reproducing these results", "复现结果"),
    (
        "footer_seeds",
        "Replicate r of every scenario uses seed {seed} + r (here seeds {first} to {last}); the same scenarios, seeds and number of weeks give the same numbers, byte for byte.",
        "每个情景的第r次重复运行使用随机种子 {seed} + r(本报告为 {first} 至 {last});相同的情景、种子和周数得到完全相同的结果。",
    ),
    (
        "footer_files",
        "The numbers behind this report are next to it: summary.csv (the final-week summaries above) and trajectories.csv (every week of every run).",
        "本报告的数据与报告放在同一文件夹:summary.csv(上述最后一周的汇总)和 trajectories.csv(每次运行每一周的数据)。",
    ),
    (
        "footer_made_with",
        "Made with cogov {version}.",
        "由 cogov {version} 生成。",
    ),
    // Parameter values.
    ("value_true", "yes", "是"),
    ("value_false", "no", "否"),
    (
        "value_supervision",
        "supervision (stability maintenance)",
        "督查问责(维稳式)",
    ),
    (
        "value_resources",
        "resources (co-governance)",
        "资源支持(共治)",
    ),
    ("value_none", "—", "—"),
    // Sweep charts.
    (
        "sweep_prcc_title",
        "{outcome}: partial rank correlation (95% CI), n = {n}, linear R² = {r2}",
        "{outcome}:偏秩相关系数(95%置信区间),n = {n},线性回归 R² = {r2}",
    ),
    (
        "sweep_prcc_axis",
        "partial rank correlation coefficient (PRCC)",
        "偏秩相关系数(PRCC)",
    ),
    ("sweep_raises", "raises the outcome", "提高该结果"),
    ("sweep_lowers", "lowers the outcome", "降低该结果"),
    ("sweep_not_computable", "n/a", "无法计算"),
    (
        "sweep_heatmap_title",
        "{outcome}: mean over {replicates} replicates",
        "{outcome}:{replicates}次重复运行的均值",
    ),
    (
        "sweep_outcome_title",
        "{outcome}: mean and 95% interval over {replicates} replicates",
        "{outcome}:{replicates}次重复运行的均值及95%置信区间",
    ),
    ("sweep_interval", "95% interval", "95%置信区间"),
    ("sweep_no_value", "no value", "无数值"),
];

/// Interface string `key` in `lang`; an unknown key gives the key itself.
pub fn text(key: &str, lang: Lang) -> String {
    UI.iter().find(|(k, _, _)| *k == key).map_or_else(
        || key.to_string(),
        |(_, en, zh)| lang.pick(en, zh).to_string(),
    )
}

/// Every interface key, for templates that take all of them at once.
pub fn text_keys() -> impl Iterator<Item = &'static str> {
    UI.iter().map(|(k, _, _)| *k)
}

/// `template` with each `{name}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Chinese names of scenario parameters (dotted paths), except the issue categories, which
/// [`category_label_zh`] builds.
static PARAM_ZH: &[(&str, &str)] = &[
    ("title.en", "英文标题"),
    ("title.zh", "中文标题"),
    ("description.en", "英文说明"),
    ("description.zh", "中文说明"),
    ("run.ticks", "模拟周数"),
    ("run.replicates", "重复运行次数"),
    ("run.seed", "主随机种子"),
    ("population.streets", "街道数"),
    ("population.communities_per_street", "每个街道的社区数"),
    ("population.residents_per_community", "每个社区的成年居民数"),
    ("population.age_shares.young", "青年(18–39岁)占比"),
    ("population.age_shares.middle", "中年(40–59岁)占比"),
    ("population.age_shares.elderly", "老年(60岁及以上)占比"),
    (
        "population.committed_share",
        "骨干志愿者(党员、积极分子)占比",
    ),
    ("population.threshold", "居民参与门槛分布"),
    ("population.initial_trust", "初始信任度分布"),
    ("population.initial_efficacy", "初始效能感分布"),
    ("population.initial_satisfaction", "初始满意度分布"),
    ("network.kind", "社会网络类型"),
    ("network.mean_degree", "人均社会关系数"),
    ("network.rewiring", "社区内关系随机重连比例"),
    ("network.cross_community_share", "跨社区关系占比"),
    ("participation.enabled", "是否模拟居民参与"),
    ("participation.w_social", "邻里带动权重"),
    ("participation.w_trust", "信任度权重"),
    ("participation.w_efficacy", "效能感权重"),
    ("participation.recruitment", "动员宣传力度"),
    ("participation.offline_cost.young", "青年线下参与成本"),
    ("participation.offline_cost.middle", "中年线下参与成本"),
    ("participation.offline_cost.elderly", "老年线下参与成本"),
    ("participation.volunteer_hours", "参与者每周志愿服务时数"),
    ("participation.efficacy_gain", "参与带来的效能感提升"),
    ("participation.efficacy_decay", "不参与时效能感的衰减"),
    ("online.enabled", "线上渠道:是否开通(互联网+)"),
    ("online.start_tick", "线上渠道:开通周次"),
    ("online.access.young", "线上渠道:青年初始上网比例"),
    ("online.access.middle", "线上渠道:中年初始上网比例"),
    ("online.access.elderly", "线上渠道:老年人初始上网比例"),
    ("online.access_growth", "线上渠道:上网普及速度"),
    (
        "online.digital_inclusion",
        "线上渠道:老年人数字融入培训力度",
    ),
    ("online.cost", "线上渠道:线上参与成本"),
    ("online.visibility", "线上渠道:社区群的可见度"),
    ("online.report_bonus", "线上渠道:线上反映诉求的便利"),
    (
        "online.issue_time_saving",
        "线上渠道:办理诉求节省的工时比例",
    ),
    (
        "online.admin_time_saving",
        "线上渠道:行政事务节省的工时比例",
    ),
    ("issues.rate", "居民每周提出诉求的概率"),
    ("issues.report_base", "诉求反映的基础概率"),
    ("issues.report_trust", "信任度对反映诉求的促进"),
    ("issues.patience", "居民等待的耐心(周)"),
    ("committee.staff", "居委会工作人员数"),
    ("committee.hours_per_staff", "工作人员每周工时"),
    ("committee.skill", "居委会初始工作能力"),
    ("committee.authority", "居委会自主权"),
    ("committee.initial_funds", "居委会初始自有资金"),
    ("committee.base_admin_hours", "居委会固定行政事务工时"),
    ("office.budget_per_community", "街道办每个社区每周预算"),
    ("office.split.own_programs", "预算分配:街道自办项目"),
    ("office.split.devolved", "预算分配:下放居委会"),
    ("office.split.ngo_procurement", "预算分配:购买社会组织服务"),
    ("office.split.training", "预算分配:培训与社工"),
    (
        "office.admin_hours_per_1000_yuan",
        "每千元自办项目下派的行政工时",
    ),
    ("office.access_list", "准入清单减负比例"),
    ("office.escalation_capacity", "街道办每周处理上报诉求的能力"),
    ("office.escalation_delay", "上报诉求的等待周数"),
    ("office.reaction", "街道办应对方式"),
    ("office.reaction_strength", "街道办应对力度"),
    ("office.trouble_tolerance", "街道办对问题的容忍度"),
    ("ngo.pool_per_community", "每个社区的潜在社会组织数"),
    ("ngo.entry_barrier", "社会组织准入门槛"),
    ("ngo.entry_chance", "社会组织每周进入的概率"),
    ("ngo.cost_per_hour", "社会组织每小时服务费用"),
    ("ngo.exit_after", "社会组织连续亏损退出周数"),
    ("ngo.communities_served", "每个社会组织服务的社区数"),
    ("ngo.recruitment_per_hour", "社会组织服务的动员效果"),
    ("council.interval", "议事协商间隔(周)"),
    ("council.attendance", "议事协商会出席比例"),
    ("council.quorum", "议事协商会法定人数比例"),
    ("council.hours_per_attendee", "每名出席者投入的工时"),
    ("council.efficacy_gain", "议事协商带来的效能感提升"),
    ("council.trust_gain", "议事协商带来的信任度提升"),
    ("council.frustration", "议事会流会造成的挫败感"),
    ("council.cost_reduction", "议事协商降低的线下参与成本"),
    ("training.skill_per_1000_yuan", "每千元培训带来的能力提升"),
    ("training.social_worker_share", "社工聘用占培训经费比例"),
    ("training.social_worker_wage", "社工周薪"),
    ("training.social_worker_hours", "社工每周工时"),
    ("training.skill_decay", "人员流动造成的能力流失"),
    ("coordination.strength", "统筹协调强度(一核多元共治)"),
    ("trust.resolved_gain", "诉求解决带来的信任度提升"),
    ("trust.waiting_loss", "等待造成的信任度下降"),
    ("trust.word_of_mouth", "口碑效应(邻里间信任趋同)"),
    ("satisfaction.resolved_gain", "诉求解决带来的满意度提升"),
    ("satisfaction.unreported_loss", "诉求未反映造成的满意度下降"),
    ("satisfaction.waiting_loss", "等待造成的满意度下降"),
    ("satisfaction.recovery", "满意度回归速度"),
    ("interventions", "政策干预"),
];

/// `issues.categories.<category>.<field>` in Chinese.
fn category_label_zh(path: &str) -> Option<String> {
    let rest = path.strip_prefix("issues.categories.")?;
    let (category, field) = rest.split_once('.')?;
    let category = match category {
        "environment" => "环境与物业类",
        "parking" => "停车类",
        "renovation" => "老旧小区改造类",
        "services" => "为民服务类",
        "disputes" => "邻里纠纷类",
        "paperwork" => "证明办理类",
        _ => return None,
    };
    let field = match field {
        "share" => "占全部诉求的比例",
        "hours" => "所需工时",
        "money" => "所需资金",
        "collective" => "是否属于公共事务",
        "needs_authority" => "是否需要居委会权限之外的授权",
        "paperwork" => "是否只能由工作人员办理",
        _ => return None,
    };
    Some(format!("{category}诉求:{field}"))
}

/// `interventions[i]` → Some(i).
fn intervention_index(path: &str) -> Option<usize> {
    path.strip_prefix("interventions[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

/// A scenario parameter (dotted path) for the parameter-difference table. English: the
/// parameter's doc line from `scenario::docs`, or the path; Chinese: a Chinese name, or the
/// path. `interventions[i]` is "Intervention i+1" / "政策干预 i+1".
pub fn parameter_label(path: &str, lang: Lang) -> String {
    if let Some(i) = intervention_index(path) {
        return match lang {
            Lang::En => format!(
                "Intervention {}: parameters changed at a given week (a reform introduced mid-run)",
                i + 1
            ),
            Lang::Zh => format!("政策干预 {}:在指定周次调整参数(运行中途启动的改革)", i + 1),
        };
    }
    match lang {
        Lang::En => docs::param(path).map_or_else(|| path.to_string(), |p| p.doc.replace('`', "")),
        Lang::Zh => PARAM_ZH
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, zh)| zh.to_string())
            .or_else(|| category_label_zh(path))
            .unwrap_or_else(|| path.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::metric_names;

    fn has_cjk(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn codes_round_trip() {
        for lang in [Lang::En, Lang::Zh] {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
        assert_eq!(Lang::parse("ZH-cn"), Some(Lang::Zh));
        assert_eq!(Lang::parse(" English "), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::Zh.html_code(), "zh-CN");
        assert_eq!(serde_json::to_string(&Lang::Zh).unwrap(), "\"zh\"");
    }

    #[test]
    fn every_metric_column_has_both_languages() {
        let names = metric_names();
        for name in &names {
            let t = metric_text(name).unwrap_or_else(|| panic!("no words for metric {name}"));
            let [en, zh] = t.label;
            assert!(
                !en.is_empty() && !has_cjk(en),
                "{name}: English label {en:?}"
            );
            assert!(has_cjk(zh), "{name}: Chinese label {zh:?}");
            assert!(!t.unit[0].is_empty() && has_cjk(t.unit[1]), "{name}: units");
            assert!(
                t.explanation[0].ends_with('.'),
                "{name}: English explanation"
            );
            assert!(
                t.explanation[1].ends_with('。'),
                "{name}: Chinese explanation"
            );
            assert!(!t.phrase_en.is_empty());
            assert_eq!(metric_label(name, Lang::Zh), zh);
            assert_ne!(metric_label(name, Lang::En), *name);
        }
        // No stale entries either: the table is the metric columns, in column order.
        let table: Vec<&str> = METRICS.iter().map(|t| t.name).collect();
        assert_eq!(table, names);
    }

    #[test]
    fn examples_from_the_brief() {
        assert_eq!(
            metric_label("participation_rate", Lang::En),
            "Participation rate"
        );
        assert_eq!(metric_label("participation_rate", Lang::Zh), "参与率");
        assert_eq!(metric_unit("participation_rate", Lang::Zh), "居民占比");
        assert_eq!(metric_unit("backlog", Lang::Zh), "件");
        assert_eq!(metric_unit("mean_wait", Lang::En), "weeks");
        assert_eq!(metric_unit("ngo_hours_used", Lang::Zh), "小时/周");
        assert_eq!(metric_label("admin_share", Lang::Zh), "行政事务占比");
        assert_eq!(metric_label("no_such_metric", Lang::Zh), "no_such_metric");
        assert_eq!(metric_explanation("no_such_metric", Lang::En), "");
        assert_eq!(text("week", Lang::Zh), "周");
        assert_eq!(text("baseline", Lang::Zh), "基线");
        assert_eq!(text("no_such_key", Lang::Zh), "no_such_key");
    }

    #[test]
    fn every_ui_key_has_both_languages_and_is_unique() {
        let mut seen = std::collections::HashSet::new();
        for (key, en, zh) in UI {
            assert!(seen.insert(*key), "duplicate key {key}");
            assert!(!en.is_empty() && !zh.is_empty(), "{key}");
            if !["value_none"].contains(key) {
                assert!(has_cjk(zh), "{key}: Chinese {zh:?}");
            }
            // Placeholders agree between languages.
            let holes = |s: &str| -> Vec<String> {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|x| x.split_once('}').map(|(h, _)| h.to_string()))
                    .collect();
                v.sort();
                v.dedup();
                v
            };
            assert_eq!(holes(en), holes(zh), "{key}: placeholders differ");
        }
    }

    #[test]
    fn effect_classes_match_compare() {
        for d in [0.0, 0.3, 0.6, 1.2] {
            let class = crate::compare::effect_class(d);
            assert_ne!(text(class, Lang::Zh), class);
        }
        assert_eq!(text("negligible", Lang::Zh), "可忽略");
        assert_eq!(text("large", Lang::Zh), "大");
    }

    #[test]
    fn every_parameter_has_a_chinese_name() {
        for p in docs::PARAMS {
            let zh = parameter_label(p.path, Lang::Zh);
            assert!(has_cjk(&zh), "{}: {zh:?}", p.path);
            let en = parameter_label(p.path, Lang::En);
            assert!(!en.contains('`'), "{en}");
            assert_ne!(en, p.path, "{}", p.path);
        }
        // No stale entries.
        for (path, _) in PARAM_ZH {
            assert!(docs::param(path).is_some(), "{path} is not a parameter");
        }
        assert_eq!(
            parameter_label("office.access_list", Lang::Zh),
            "准入清单减负比例"
        );
        assert_eq!(
            parameter_label("office.access_list", Lang::En),
            docs::param("office.access_list").unwrap().doc
        );
        assert_eq!(
            parameter_label("interventions[0]", Lang::Zh)
                .split(':')
                .next(),
            Some("政策干预 1")
        );
        assert!(parameter_label("interventions[2]", Lang::En).starts_with("Intervention 3"));
        assert_eq!(parameter_label("no.such.path", Lang::Zh), "no.such.path");
        assert_eq!(parameter_label("no.such.path", Lang::En), "no.such.path");
        assert_eq!(
            parameter_label("issues.categories.parking.hours", Lang::Zh),
            "停车类诉求:所需工时"
        );
    }

    #[test]
    fn fill_replaces_placeholders() {
        assert_eq!(
            fill("{a} and {b}, {a}", &[("a", "x"), ("b", "y")]),
            "x and y, x"
        );
        assert_eq!(fill("{c}", &[]), "{c}");
    }
}
