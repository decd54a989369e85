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
//! The metric words themselves sit in the metric catalogue (`metrics::catalogue`).

use serde::Serialize;

use crate::metrics::catalogue::{self, Metric};
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

/// The catalogue row of a metric column (its words live there, beside its kind).
fn metric_text(metric: &str) -> Option<&'static Metric> {
    catalogue::find(metric)
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
    ("meaningful", "meaningful", "有实际意义"),
    (
        "mmd_note",
        "smallest change that matters: {mmd}; ",
        "最小有意义差异:{mmd};",
    ),
    (
        "effect_note",
        "Cohen's d {d}, {class}",
        "效应量 Cohen's d {d},{class}",
    ),
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
        "Each scenario is the same simulated street under a different policy, run {replicates} times. In the figures, lines are the mean over these runs and shaded bands are 95% confidence intervals: where bands overlap, the difference may be chance. Every scenario uses the same random seeds, so its runs start from exactly the same residents and neighbourhoods as the baseline's; differences are therefore compared run by run against the baseline (paired), and each run's outcome is its average over weeks {window_first}–{window_last}. A difference counts only if even its cautious end is larger than the smallest change that matters for this measure (for a share of residents: 2 points; for counts, hours and money: 5% of the baseline): it is meaningful when its whole 95% interval lies beyond that change, negligible when its whole interval lies within it, and unclear otherwise. Cohen's d (a difference compared with the spread between runs) is shown too, but it does not decide these words: a tiny change can be very certain.",
        "每个情景都是同一条模拟街道在不同政策下的运行结果,各重复运行 {replicates} 次。图中的线是这些运行的均值,阴影带是95%置信区间:阴影带重叠之处,差异可能只是偶然。所有情景使用相同的随机种子,每次运行的居民和社区与基线完全相同,因此与基线的差异是逐次配对比较的;每次运行的结果取第{window_first}–{window_last}周的平均值。只有当差异连其保守的一端也大于该指标的最小有意义差异(居民占比为2个百分点;件数、小时和金额为基线的5%)时,差异才算数:95%置信区间整体超出该差异时称为“有实际意义”,整体落在其内时称为“可忽略”,其余称为“不明确”。表中也列出Cohen's d(差异相对于各次运行之间波动的大小),但它不决定这些判断:很小的变化也可能非常确定。",
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
    // Model 2 (m4): money is an index, said once beside the parameter table.
    (
        "money_note",
        "Money is an index, not yuan: 1 unit ≈ 10 yuan of 2015–2022 prices (a micro-project costs 10,000 units ≈ 100,000 yuan, as in Shenzhen).",
        "资金为指数而非元:1单位约合10元(2015–2022年价格;一个民生微实事项目10,000单位,约合10万元,与深圳相当)。",
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
        "Differences from the baseline, averaged over weeks {window_first}–{window_last}, that are meaningful: even the cautious end of their 95% interval is larger than the smallest change that matters for the measure.",
        "第{window_first}–{window_last}周平均值与基线相比有实际意义的差异:其95%置信区间保守的一端也大于该指标的最小有意义差异。",
    ),
    (
        "finding_sentence",
        "{scenario} {verb} {metric} from {from} to {to} on average over weeks {first}–{last} ({diff}; 95% CI {low} to {high}; the smallest change that matters is {mmd}) — {judgement}.",
        "与基线相比,“{scenario}”使第{first}–{last}周平均{metric}从{from}{verb}至{to}({diff};95%置信区间 {low} 至 {high};最小有意义差异 {mmd}),{judgement}。",
    ),
    (
        "finding_sentence_neutral",
        "{scenario} {verb} {metric} from {from} to {to} on average over weeks {first}–{last} ({diff}; 95% CI {low} to {high}; the smallest change that matters is {mmd}).",
        "与基线相比,“{scenario}”使第{first}–{last}周平均{metric}从{from}{verb}至{to}({diff};95%置信区间 {low} 至 {high};最小有意义差异 {mmd})。",
    ),
    ("verb_raised", "raised", "提高"),
    ("verb_lowered", "lowered", "降低"),
    ("verb_increased", "raised", "增加"),
    ("verb_decreased", "lowered", "减少"),
    ("judgement_improvement", "an improvement", "改善"),
    ("judgement_deterioration", "a deterioration", "恶化"),
    (
        "finding_none",
        "{scenario} changed none of the key outcomes meaningfully: every difference is negligible or unclear.",
        "与基线相比,“{scenario}”对各项关键指标均没有有实际意义的影响:各项差异均可忽略或不明确。",
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
        "For each key outcome: its average over weeks {window_first}–{window_last} (mean over runs, with the 95% confidence interval), the paired difference of that average from the baseline's, the verdict, and the value in the final week {weeks}. Green marks a meaningful improvement, red a meaningful deterioration, grey a difference that is negligible or unclear.",
        "各项关键结果第{window_first}–{window_last}周的平均值(各次运行的均值及95%置信区间)、该平均值与基线的配对差异、判断,以及最后一周(第{weeks}周)的数值。绿色表示有实际意义的改善,红色表示有实际意义的恶化,灰色表示差异可忽略或不明确。",
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
    ("col_effect", "Verdict", "判断"),
    (
        "col_window",
        "Weeks {window_first}–{window_last}: mean [95% CI]",
        "第{window_first}–{window_last}周:均值[95%置信区间]",
    ),
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
        "The numbers behind this report are next to it: summary.csv (the window and final-week summaries above) and trajectories.csv (every week of every run).",
        "本报告的数据与报告放在同一文件夹:summary.csv(上述时间窗与最后一周的汇总)和 trajectories.csv(每次运行每一周的数据)。",
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
    // The classroom page (`cogov serve`): every word the page shows, sent to it by the
    // server (`/api/meta`), so the page keeps no table of its own.
    ("web_title", "cogov classroom", "cogov 社区共治课堂"),
    (
        "web_subtitle",
        "Community co-governance policies, run live",
        "社区共治政策实时模拟",
    ),
    ("web_switch_lang", "中文", "English(英文)"),
    (
        "web_switch_lang_label",
        "Switch the page to Chinese",
        "将页面切换为英文",
    ),
    ("web_scenarios", "Scenarios", "情景"),
    (
        "web_scenarios_hint",
        "Choose up to {n}, side by side; the first chosen is the baseline.",
        "最多选择{n}个并排比较;第一个选中的为基线。",
    ),
    (
        "web_upload",
        "Upload a scenario file (TOML)",
        "上传情景文件(TOML)",
    ),
    ("web_uploaded", "uploaded", "已上传"),
    ("web_replicates", "Replicates", "重复运行次数"),
    ("web_seed", "Seed", "随机种子"),
    (
        "web_seed_hint",
        "blank: the baseline's seed",
        "留空:使用基线的种子",
    ),
    ("web_start", "Start", "开始"),
    ("web_play", "Play", "播放"),
    ("web_pause", "Pause", "暂停"),
    ("web_step", "Step one week", "前进一周"),
    ("web_reset", "Reset", "重置"),
    ("web_speed", "Speed (weeks per second)", "速度(周/秒)"),
    (
        "web_week_of",
        "Week {week} of {weeks}",
        "第{week}周 / 共{weeks}周",
    ),
    ("web_levers", "Levers", "政策杠杆"),
    (
        "web_levers_hint",
        "Move levers, then press “What if we reform now?”: a new run continues from this week with the changes, beside the unchanged one, with the same random numbers.",
        "调整杠杆后点击“如果现在改革会怎样?”:新的运行从本周起带着这些调整继续,与未调整的运行并排显示,随机数完全相同。",
    ),
    ("web_fork_series", "Reform which run", "改革哪个运行"),
    (
        "web_levers_hint_before",
        "Before the start: move levers and press “Set for this scenario”; the change becomes part of the chosen scenario (and of its downloaded file). After the first week, the levers prepare a reform instead.",
        "开始之前:调整杠杆后点击“设为该情景的参数”,调整成为所选情景本身的一部分(也写入下载的情景文件)。第一周之后,杠杆用于准备改革。",
    ),
    ("web_set_series", "Change which scenario", "修改哪个情景"),
    (
        "web_set_before",
        "Set for this scenario (before the start)",
        "设为该情景的参数(开始之前)",
    ),
    ("web_fork", "What if we reform now?", "如果现在改革会怎样?"),
    ("web_lever_undo", "undo", "撤销"),
    ("web_lever_moved", "moved", "已调整"),
    (
        "web_no_lever_moved",
        "Move a lever first.",
        "请先调整一个杠杆。",
    ),
    ("web_range_words", "valid: {range}", "有效范围:{range}"),
    // A valid range's own words (serve/catalog.rs `range_words`): "a, b or c".
    ("web_range_or", "{first} or {last}", "{first}或{last}"),
    ("web_range_separator", ", ", "、"),
    (
        "web_range_positive_at_most",
        "> 0 and <= {high}",
        "大于 0 且不超过 {high}",
    ),
    ("web_range_text", "any text", "任意文本"),
    (
        "web_range_distribution",
        "a distribution on [0, 1] (constant, uniform, normal or beta)",
        "[0, 1] 上的分布(常数、均匀、正态或贝塔分布)",
    ),
    (
        "web_range_interventions",
        "reforms at given weeks",
        "在指定周次实施的改革",
    ),
    (
        "web_lever_at_start",
        "set before a run only (not changed mid-run)",
        "只能在运行开始前设定(运行中不可调整)",
    ),
    (
        "web_out_of_range",
        "{label}: {value} is outside the valid range {range}",
        "{label}:{value} 超出有效范围 {range}",
    ),
    ("web_charts", "Trajectories", "变化轨迹"),
    (
        "web_charts_hint",
        "Lines: mean over replicates; bands: 95% confidence intervals; dashed: a reform.",
        "线:各次重复运行的均值;阴影带:95%置信区间;虚线:改革后的运行。",
    ),
    ("web_metrics", "Metrics shown", "显示的指标"),
    (
        "web_numbers",
        "This week's numbers (mean over replicates)",
        "本周数值(各次重复运行的均值)",
    ),
    ("web_run", "Run", "运行"),
    ("web_community", "One community", "单个社区"),
    ("web_community_pick", "Community", "社区"),
    ("web_taking_part", "taking part", "参与中"),
    ("web_online", "online", "在线"),
    ("web_not_taking_part", "not taking part", "未参与"),
    (
        "web_committee_hours",
        "Committee hours this week",
        "本周居委会工时",
    ),
    ("web_hours_admin", "administration", "行政事务"),
    ("web_hours_issues", "issues", "处理问题"),
    ("web_hours_projects", "micro-projects", "微项目"),
    ("web_hours_outreach", "outreach", "走访联系居民"),
    ("web_hours_idle", "idle", "空闲"),
    ("web_hours_other", "other work", "其他工作"),
    ("web_downloads", "Take it home", "带回去"),
    (
        "web_download_toml",
        "Scenario file (cogov run reproduces it)",
        "情景文件(cogov run 可完全复现)",
    ),
    ("web_download_csv", "Trajectories (CSV)", "轨迹数据(CSV)"),
    ("web_download_report", "Report (HTML)", "报告(HTML)"),
    ("web_connected", "connected", "已连接"),
    (
        "web_disconnected",
        "not connected: reconnecting…",
        "未连接:正在重新连接…",
    ),
    ("web_problem", "Problem", "问题"),
    (
        "web_finished",
        "The last week is reached.",
        "已到达最后一周。",
    ),
    (
        "web_not_started",
        "Choose scenarios and press Start.",
        "请选择情景并点击“开始”。",
    ),
    // The participatory mode's pages (`assets/web/play/`): the phone, the projector, the
    // trainer's controls and the debrief. Sent with the classroom words in `/api/meta`.
    (
        "web_play_title",
        "cogov: play the street",
        "cogov 社区共治角色扮演",
    ),
    ("web_play_close", "close", "关闭"),
    ("web_play_refused", "Not accepted", "未被接受"),
    ("web_play_join_title", "Join the game", "加入角色扮演"),
    ("web_play_join_code", "Join code", "加入码"),
    ("web_play_pseudonym", "Pseudonym", "化名"),
    (
        "web_play_pseudonym_hint",
        "A made-up name, not your real one: nothing personal is stored.",
        "请用化名,不要用真实姓名:系统不保存任何个人信息。",
    ),
    ("web_play_join", "Join", "加入"),
    (
        "web_play_rejoining",
        "Rejoining as the same player…",
        "正在以原身份重新加入……",
    ),
    (
        "web_play_no_code",
        "Enter the join code shown on the projector.",
        "请输入投影上显示的加入码。",
    ),
    (
        "web_play_no_pseudonym",
        "Enter a pseudonym (1–24 characters).",
        "请输入化名(1–24个字符)。",
    ),
    ("web_play_role_resident", "Resident", "居民"),
    ("web_play_role_committee", "Residents' committee", "居委会"),
    ("web_play_role_office", "Street office", "街道办事处"),
    ("web_play_role_ngo", "NGO", "社会组织"),
    (
        "web_play_agent_resident",
        "resident no. {n}",
        "第 {n} 号居民",
    ),
    ("web_play_agent_committee", "community {n}", "第 {n} 社区"),
    ("web_play_agent_office", "street {n}", "第 {n} 街道"),
    ("web_play_agent_ngo", "NGO no. {n}", "第 {n} 号社会组织"),
    ("web_play_pseudonym_is", "Playing as {name}", "化名:{name}"),
    (
        "web_play_no_role",
        "Waiting for the trainer to give you a role.",
        "等待培训师分配角色。",
    ),
    (
        "web_play_lobby",
        "Waiting for the trainer to start the first round.",
        "等待培训师开始第一轮。",
    ),
    (
        "web_play_round_of",
        "Round {round} of {rounds}",
        "第 {round} 轮 / 共 {rounds} 轮",
    ),
    (
        "web_play_weeks",
        "weeks {first}–{last}",
        "第 {first}–{last} 周",
    ),
    ("web_play_week_one", "week {first}", "第 {first} 周"),
    ("web_play_time_left", "time left", "剩余时间"),
    (
        "web_play_what_you_know",
        "What you know this week",
        "本周你了解的情况",
    ),
    (
        "web_play_done",
        "Done: send my decision",
        "完成:提交我的决定",
    ),
    (
        "web_play_acted",
        "Decision sent for round {round}. Waiting for the others.",
        "第 {round} 轮的决定已提交,等待其他人。",
    ),
    (
        "web_play_defaulted",
        "Round {round} closed before you decided: the model's rule decided for you.",
        "第 {round} 轮在你决定前已结束:由模型规则代你决定。",
    ),
    ("web_play_ended", "The game is over", "游戏结束"),
    (
        "web_play_ended_hint",
        "Look at the projector: the debrief compares the class with the model.",
        "请看投影:复盘将全班的结果与模型进行比较。",
    ),
    (
        "web_play_offline",
        "Connection lost: the model plays your agent until you are back. Reconnecting…",
        "连接中断:在你回来之前由模型代你行动。正在重新连接……",
    ),
    ("web_play_yes", "yes", "是"),
    ("web_play_no", "no", "否"),
    (
        "web_play_rule",
        "as usual (the model's rule)",
        "照常(按模型规则)",
    ),
    (
        "web_play_take_part",
        "Take part in community affairs this week?",
        "本周参与社区事务吗?",
    ),
    ("web_play_report", "Report your issue?", "反映你的问题吗?"),
    ("web_play_report_online", "online", "网上反映"),
    ("web_play_report_offline", "in person", "当面反映"),
    ("web_play_report_keep", "not now", "暂不反映"),
    (
        "web_play_attend_council",
        "Attend the council this week?",
        "参加本周的议事会吗?",
    ),
    (
        "web_play_propose",
        "Propose a micro-project?",
        "提议一个民生微实事项目吗?",
    ),
    (
        "web_play_slider_rule",
        "The model's rule decides until you move a slider.",
        "移动滑块之前由模型规则决定。",
    ),
    (
        "web_play_slider_moved",
        "Your choice will be sent.",
        "将提交你的选择。",
    ),
    (
        "web_play_hours_split",
        "Split the committee's hours",
        "分配居委会的工作时间",
    ),
    (
        "web_play_outreach",
        "Outreach: share of the idle hours spent visiting residents",
        "走访:空闲工时中用于走访联系居民的比例",
    ),
    (
        "web_play_first_issue",
        "Which issue first?",
        "先处理哪个问题?",
    ),
    (
        "web_play_escalate",
        "Escalate to the street office",
        "上报街道办事处",
    ),
    (
        "web_play_issue",
        "no. {id}, {category}, waiting {weeks} weeks",
        "{id} 号,{category},已等待 {weeks} 周",
    ),
    (
        "web_play_budget_split",
        "Split the street's budget",
        "分配街道预算",
    ),
    (
        "web_play_own_programs",
        "the office's own programmes",
        "街道自办项目",
    ),
    (
        "web_play_devolved",
        "devolved to the committees",
        "下放给居委会",
    ),
    (
        "web_play_ngo_procurement",
        "buying NGO services",
        "购买社会组织服务",
    ),
    (
        "web_play_training",
        "training and social workers",
        "培训与社工",
    ),
    (
        "web_play_access_list",
        "Access list: share of administrative demand ruled out",
        "准入清单:排除的行政任务比例",
    ),
    (
        "web_play_reaction",
        "When trouble comes, react with",
        "出现问题时的应对方式",
    ),
    (
        "web_play_reaction_supervision",
        "supervision (stability maintenance)",
        "督查问责(维稳式)",
    ),
    (
        "web_play_reaction_resources",
        "resources (co-governance)",
        "资源支持(共治)",
    ),
    (
        "web_play_enter",
        "Work in this street?",
        "在本街道开展服务吗?",
    ),
    (
        "web_play_ngo_communities",
        "Which communities",
        "服务哪些社区",
    ),
    ("web_play_community_n", "community {n}", "第 {n} 社区"),
    (
        "web_play_bid",
        "Bid for the office's contract?",
        "竞标街道的服务合同吗?",
    ),
    ("web_play_know_community", "your community", "你的社区"),
    ("web_play_know_age_group", "age group", "年龄组"),
    (
        "web_play_know_committed",
        "a committed volunteer (takes part every week)",
        "骨干志愿者(每周参与)",
    ),
    ("web_play_know_online_access", "internet access", "能够上网"),
    (
        "web_play_know_channel_open",
        "the online channel is open",
        "网上渠道已开通",
    ),
    (
        "web_play_know_new_issue",
        "a new issue this week",
        "本周新出现的问题",
    ),
    (
        "web_play_know_waiting_issues",
        "your reported issues still waiting",
        "你已反映、仍在等待的问题",
    ),
    (
        "web_play_know_took_part_last_week",
        "took part last week",
        "上周参与了",
    ),
    (
        "web_play_know_took_part_online_last_week",
        "took part online last week",
        "上周在网上参与了",
    ),
    (
        "web_play_know_neighbours_taking_part",
        "neighbours who took part last week",
        "上周参与的邻居比例",
    ),
    (
        "web_play_know_neighbours",
        "neighbours you know",
        "认识的邻居",
    ),
    (
        "web_play_know_community_taking_part",
        "your community taking part last week",
        "上周社区参与率",
    ),
    (
        "web_play_know_trust",
        "your trust in the committee (0–1)",
        "你对居委会的信任(0–1)",
    ),
    (
        "web_play_know_efficacy",
        "your sense that taking part helps (0–1)",
        "你觉得参与有用的程度(0–1)",
    ),
    (
        "web_play_know_satisfaction",
        "your satisfaction with services (0–1)",
        "你对服务的满意度(0–1)",
    ),
    (
        "web_play_know_council_this_week",
        "a council meets this week",
        "本周召开议事会",
    ),
    (
        "web_play_know_proposals_waiting",
        "micro-project proposals waiting",
        "等待中的微项目提议",
    ),
    (
        "web_play_know_staff_hours",
        "staff hours a week",
        "每周工作人员工时",
    ),
    (
        "web_play_know_social_worker_hours",
        "social workers' hours",
        "社工工时",
    ),
    (
        "web_play_know_volunteer_hours",
        "volunteer hours offered last week",
        "上周志愿者提供的工时",
    ),
    (
        "web_play_know_ngo_hours",
        "NGO hours last week",
        "上周社会组织工时",
    ),
    (
        "web_play_know_admin_demand",
        "administrative hours demanded",
        "上级要求的行政工时",
    ),
    (
        "web_play_know_under_supervision",
        "under supervision (skipping administration is punished)",
        "处于督查之下(不完成行政任务会被问责)",
    ),
    ("web_play_know_pressure", "supervision pressure", "督查压力"),
    (
        "web_play_know_authority",
        "your authority over issues",
        "处理问题的权限",
    ),
    (
        "web_play_know_queue",
        "issues waiting in the queue",
        "排队等待的问题",
    ),
    ("web_play_know_funds", "funds", "资金"),
    (
        "web_play_know_projects_running",
        "micro-projects running",
        "进行中的微项目",
    ),
    (
        "web_play_know_hours_admin",
        "last week: administration",
        "上周:行政事务",
    ),
    (
        "web_play_know_hours_issues",
        "last week: residents' issues",
        "上周:处理居民问题",
    ),
    (
        "web_play_know_hours_outreach",
        "last week: outreach",
        "上周:走访联系居民",
    ),
    ("web_play_know_hours_idle", "last week: idle", "上周:空闲"),
    (
        "web_play_know_resolved",
        "last week: issues resolved",
        "上周:解决的问题",
    ),
    (
        "web_play_know_escalated",
        "last week: issues escalated",
        "上周:上报的问题",
    ),
    (
        "web_play_know_overdue",
        "last week: issues overdue",
        "上周:超时的问题",
    ),
    ("web_play_know_communities", "communities", "社区"),
    ("web_play_know_budget", "this week's budget", "本周预算"),
    ("web_play_know_split", "budget split now", "当前预算分配"),
    (
        "web_play_know_access_list",
        "access list now",
        "当前准入清单",
    ),
    (
        "web_play_know_reaction",
        "reaction to trouble now",
        "当前出现问题时的应对",
    ),
    (
        "web_play_know_max_pressure",
        "highest pressure",
        "最高督查压力",
    ),
    (
        "web_play_know_trouble",
        "last week's trouble (per 1,000 residents)",
        "上周的问题(每千名居民)",
    ),
    (
        "web_play_know_trouble_tolerance",
        "trouble tolerated",
        "可容忍的问题",
    ),
    (
        "web_play_know_escalations_waiting",
        "escalated issues waiting at the office",
        "在街道等待的上报问题",
    ),
    (
        "web_play_know_escalation_capacity",
        "escalations settled a week",
        "每周处理的上报问题",
    ),
    (
        "web_play_know_procurement_reserve",
        "procurement reserve",
        "采购储备金",
    ),
    (
        "web_play_know_ngos_active",
        "NGOs working in the street",
        "在街道服务的社会组织",
    ),
    (
        "web_play_know_ngo_pool",
        "NGOs that could come",
        "可能进入的社会组织",
    ),
    (
        "web_play_know_active",
        "working in the street now",
        "目前在街道服务",
    ),
    (
        "web_play_know_losses",
        "weeks in a row at a loss",
        "连续亏损周数",
    ),
    (
        "web_play_know_exit_after",
        "you leave after this many",
        "亏损多少周后退出",
    ),
    (
        "web_play_know_entry_barrier",
        "compliance cost a week",
        "每周合规成本",
    ),
    (
        "web_play_know_procurement",
        "the street's procurement money this week",
        "本周街道采购资金",
    ),
    (
        "web_play_know_active_in_street",
        "NGOs active in the street",
        "街道内活跃的社会组织",
    ),
    (
        "web_play_know_expected_income",
        "your income this week if you bid",
        "若竞标,本周收入",
    ),
    (
        "web_play_know_cost_per_hour",
        "cost of a service hour",
        "每服务小时成本",
    ),
    (
        "web_play_know_serving",
        "communities you would serve",
        "你将服务的社区",
    ),
    (
        "web_play_know_street_communities",
        "communities in your street",
        "你所在街道的社区",
    ),
    ("web_play_value_young", "18–39", "18–39岁"),
    ("web_play_value_middle", "40–59", "40–59岁"),
    ("web_play_value_elderly", "60 and over", "60岁及以上"),
    ("web_play_value_environment", "environment", "环境"),
    ("web_play_value_parking", "parking", "停车"),
    ("web_play_value_renovation", "renovation", "旧改"),
    ("web_play_value_services", "services", "公共服务"),
    ("web_play_value_disputes", "disputes", "邻里纠纷"),
    ("web_play_value_paperwork", "paperwork", "办事手续"),
    ("web_play_value_supervision", "supervision", "督查问责"),
    ("web_play_value_resources", "resources", "资源支持"),
    ("web_play_value_none", "none", "无"),
    ("web_play_hours", "{n} h", "{n} 小时"),
    ("web_play_yuan", "¥{n}", "{n} 元"),
    (
        "web_play_issues_shown",
        "The {n} longest waiting of {total}",
        "等待最久的 {n} 个(共 {total} 个)",
    ),
    ("web_play_join_here", "Join on your phone", "用手机加入"),
    (
        "web_play_qr",
        "QR code of the join address",
        "加入地址的二维码",
    ),
    ("web_play_players_joined", "{n} players", "{n} 名玩家"),
    (
        "web_play_waiting_role",
        "waiting for a role",
        "等待分配角色",
    ),
    ("web_play_away", "away: the model plays", "离开:由模型代行"),
    ("web_play_phase_lobby", "Joining", "加入中"),
    ("web_play_phase_round", "Playing", "进行中"),
    ("web_play_phase_debrief", "Debrief", "复盘"),
    (
        "web_play_acted_count",
        "{n} of {m} players have decided",
        "{m} 名玩家中已有 {n} 名作出决定",
    ),
    (
        "web_play_model_fills",
        "Agents without a player follow the model's rules.",
        "没有玩家的角色按模型规则行动。",
    ),
    ("web_play_charts", "The street week by week", "街道逐周变化"),
    ("web_play_street", "The street now", "街道现状"),
    (
        "web_play_street_dots",
        "Of every 100 residents, {n} took part in week {week}",
        "第 {week} 周,每 100 名居民中有 {n} 人参与",
    ),
    ("web_play_backlog", "issues waiting: {n}", "待处理问题:{n}"),
    (
        "web_play_seats",
        "Agents played by the class",
        "由全班扮演的角色",
    ),
    ("web_play_summary", "Round summary", "本轮小结"),
    ("web_play_summary_before", "before the round", "本轮前"),
    ("web_play_summary_after", "after the round", "本轮后"),
    ("web_play_summary_change", "change", "变化"),
    (
        "web_play_summary_acted",
        "Decided: {acted}. The model's rule for: {defaulted}.",
        "自行决定:{acted}。按模型规则:{defaulted}。",
    ),
    ("web_play_none", "nobody", "无"),
    ("web_play_trainer", "Trainer's controls", "培训师控制台"),
    (
        "web_play_trainer_hint",
        "The trainer token is kept in this browser tab only and never shown.",
        "培训师令牌只保存在此浏览器标签页中,从不显示。",
    ),
    (
        "web_play_no_token",
        "This page needs the trainer address printed in the terminal (…/play/trainer.html#token=…).",
        "此页面需要终端中打印的培训师地址(…/play/trainer.html#token=…)。",
    ),
    ("web_play_hide_controls", "Hide the controls", "隐藏控制台"),
    ("web_play_show_controls", "Show the controls", "显示控制台"),
    ("web_play_scenario", "Scenario", "情景"),
    ("web_play_weeks_per_round", "Weeks per round", "每轮周数"),
    ("web_play_rounds", "Rounds", "轮数"),
    (
        "web_play_timer_seconds",
        "Timer (seconds, 0 = none)",
        "计时(秒,0 表示不计时)",
    ),
    ("web_play_assignment", "Roles", "角色分配"),
    ("web_play_in_turn", "in turn", "依次分配"),
    ("web_play_by_trainer", "the trainer assigns", "由培训师分配"),
    ("web_play_create", "Open a game", "开设游戏"),
    (
        "web_play_sessions",
        "Games on this server",
        "本服务器上的游戏",
    ),
    ("web_play_control", "Control", "控制"),
    ("web_play_start", "Start round 1", "开始第一轮"),
    (
        "web_play_close_round",
        "Close the round now",
        "立即结束本轮",
    ),
    ("web_play_end", "End → debrief", "结束 → 复盘"),
    ("web_play_assign", "Assign", "分配"),
    ("web_play_agent", "agent no.", "编号"),
    (
        "web_play_debrief",
        "Debrief: the class and the model",
        "复盘:全班与模型",
    ),
    (
        "web_play_debrief_hint",
        "The same street with the same random numbers: once with the class's decisions, once with every role played by the model's rules.",
        "同一个街道、同样的随机数:一次按全班的决定,一次所有角色都按模型规则。",
    ),
    ("web_play_class", "the class", "全班"),
    ("web_play_model", "the model's agents", "模型角色"),
    (
        "web_play_differed",
        "What the class did differently",
        "全班与模型的不同之处",
    ),
    ("web_play_differed_players", "players", "玩家数"),
    ("web_play_differed_decisions", "decisions", "决定数"),
    ("web_play_differed_set", "choices made", "自行作出的选择"),
    (
        "web_play_differed_compared",
        "choices with a rule to compare",
        "可与模型规则比较的选择",
    ),
    ("web_play_set_timer", "Set the timer", "设置计时"),
    (
        "web_play_open_projector",
        "Open the projector view (no controls)",
        "打开投影视图(无控制台)",
    ),
    (
        "web_play_differed_rule",
        "differed from the model's rule",
        "与模型规则不同",
    ),
    ("web_play_final", "at the end", "结束时"),
    ("web_play_downloads", "Take it home", "带回去"),
    (
        "web_play_download_log",
        "decision log (JSON Lines)",
        "决定日志(JSON Lines)",
    ),
    (
        "web_play_download_role",
        "decisions of the {role} players (CSV)",
        "{role}玩家的决定(CSV)",
    ),
    (
        "web_play_download_trajectories",
        "trajectories, class and model (CSV)",
        "轨迹数据,全班与模型(CSV)",
    ),
    (
        "web_play_download_report",
        "report, class and model (HTML)",
        "报告,全班与模型(HTML)",
    ),
    (
        "web_play_downloads_trainer",
        "The trainer's page downloads them.",
        "由培训师页面下载。",
    ),
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
    // Sensitivity charts (Morris, Sobol').
    (
        "sweep_morris_title",
        "{outcome}: Morris screening, {r} trajectories, means over {replicates} replicates",
        "{outcome}:Morris筛选法,{r}条轨迹,每点取{replicates}次重复运行的均值",
    ),
    (
        "sweep_morris_x",
        "μ*: mean absolute elementary effect (unit scale)",
        "μ*:基本效应绝对值的均值(单位尺度)",
    ),
    (
        "sweep_morris_y",
        "σ: standard deviation of the elementary effects",
        "σ:基本效应的标准差",
    ),
    ("sweep_morris_points", "parameter", "参数"),
    (
        "sweep_ci95_mu_star",
        "95% interval of μ*",
        "μ*的95%置信区间",
    ),
    (
        "sweep_sobol_title",
        "{outcome}: Sobol' indices, N = {n}, means over {replicates} replicates, replicate noise {noise}",
        "{outcome}:Sobol'指数,N = {n},每点取{replicates}次重复运行的均值,重复噪声占比{noise}",
    ),
    (
        "sweep_sobol_axis",
        "share of output variance",
        "占输出方差的比例",
    ),
    ("sweep_sobol_first", "first order S1", "一阶指数 S1"),
    ("sweep_sobol_total", "total order ST", "总效应指数 ST"),
    // Calibration charts.
    (
        "calib_marginal_title",
        "Posterior after {g} generations, {n} particles: 90% interval {lo} to {hi}",
        "经过{g}代、{n}个粒子的后验分布:90%可信区间 {lo} 至 {hi}",
    ),
    (
        "calib_density",
        "weighted posterior density",
        "加权后验密度",
    ),
    (
        "calib_pair_title",
        "Posterior particles after {g} generations",
        "经过{g}代的后验粒子",
    ),
    ("calib_particles", "particle", "粒子"),
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

/// `interventions[i]` → Some(i).
fn intervention_index(path: &str) -> Option<usize> {
    path.strip_prefix("interventions[")?
        .strip_suffix(']')?
        .parse()
        .ok()
}

/// A scenario parameter (dotted path) for the parameter-difference table: its row of the
/// parameter catalogue (`scenario::docs`) gives the English doc line and the Chinese name;
/// a path without a row is shown as itself. `interventions[i]` is "Intervention i+1" /
/// "政策干预 i+1".
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
    match (docs::param(path), lang) {
        (None, _) => path.to_string(),
        (Some(p), Lang::En) => p.doc.replace('`', ""),
        (Some(p), Lang::Zh) => p.zh.to_string(),
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
        let table: Vec<&str> = catalogue::METRICS.iter().map(|t| t.name).collect();
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
            // Punctuation only: a dash, the Chinese list comma.
            if !["value_none", "web_range_separator"].contains(key) {
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

// ---- parameter units (the live page's levers) -----------------------------------------

/// The units of the parameter catalogue (`ParamDoc::unit`) in Chinese, one row per unit.
const PARAMETER_UNITS: &[(&str, &str)] = &[
    ("share", "比例"),
    ("switch", "开关"),
    ("hours", "小时"),
    ("ticks (weeks)", "周"),
    ("share per tick", "比例/周"),
    ("count", "个"),
    ("yuan", "元"),
    ("probability per tick", "每周概率"),
    ("weight", "权重"),
    ("text", "文字"),
    ("hours per tick", "小时/周"),
    ("yuan per tick", "元/周"),
    ("choice", "选项"),
    ("yuan (index: 1 unit ≈ 10 yuan)", "元(指数:1单位≈10元)"),
    ("share of distance", "差距的比例"),
    ("probability", "概率"),
    ("drive", "驱动力"),
    ("yuan per hour", "元/小时"),
    ("true/false", "是/否"),
    ("ties per resident", "每位居民的联系数"),
    ("tick", "周"),
    ("share per unit of pressure", "每单位压力的比例"),
    ("share per hour per resident", "每位居民每小时的比例"),
    ("share per 1,000 yuan", "每千元的比例"),
    ("share of nominal pace", "名义进度的比例"),
    ("share of a year's devolved money", "一年下放资金的比例"),
    ("seed", "随机种子"),
    ("probability per unit of trust", "每单位信任的概率"),
    ("pressure", "压力"),
    ("list", "列表"),
    ("issues per community per tick", "每社区每周议题数"),
    ("hours per 1,000 yuan", "每千元小时数"),
    (
        "events per 1,000 residents per tick",
        "每千名居民每周事件数",
    ),
    ("authority", "权限"),
];

/// A parameter's unit (as the catalogue writes it in English) in `lang`; a unit without
/// a Chinese row stays in English (a test checks every catalogue unit has one).
pub fn parameter_unit(unit: &str, lang: Lang) -> String {
    match lang {
        Lang::En => unit.to_string(),
        Lang::Zh => PARAMETER_UNITS
            .iter()
            .find(|(en, _)| *en == unit)
            .map_or_else(|| unit.to_string(), |(_, zh)| zh.to_string()),
    }
}

/// Why a lever's default has its value, in Chinese (the English is the catalogue's own
/// `reason`): the rows of the parameters the classroom page offers as levers
/// (`live::levers`; a test in `serve/catalog.rs` checks every lever has one).
const PARAMETER_REASONS: &[(&str, &str)] = &[
    ("online.enabled", "基线只有线下渠道。"),
    ("online.start_tick", "0:开通后,线上渠道从第一周起即开放。"),
    ("online.digital_inclusion", "0:基线不开展此类培训。"),
    (
        "committee.authority",
        "0.15:基线中大部分权限留在街道办;校准选定的取值。",
    ),
    (
        "office.split.own_programs",
        "0.8:维稳模式把资金和控制权留在街道办。",
    ),
    ("office.split.devolved", "0.1:基线中下放给居委会的很少。"),
    (
        "office.split.ngo_procurement",
        "0.05:每个社区每周600元(默认街道共4,800元):在默认门槛下只有三家社会组织能够进入,每家在合规支出后每周只剩约100元用于服务,因此基线中社会组织几乎提供不了服务。",
    ),
    ("office.split.training", "0.05:基线中培训很少。"),
    ("office.access_list", "0:基线没有准入清单。"),
    ("office.reaction", "基线采取维稳式应对。"),
    (
        "ngo.entry_barrier",
        "1,500元:沉重的合规负担(文中社会组织面临的高门槛):基线每周4,800元的购买服务经费下,至多三家社会组织能够收支平衡,合计每周只提供约5小时服务。",
    ),
    ("council.interval", "0:基线不召开议事协商会。"),
    (
        "training.skill_per_1000_yuan",
        "0.01:基线每周600元的培训经费每周缩小0.6%的能力差距;校准选定的取值。",
    ),
    ("training.social_worker_share", "0:基线不聘用社工。"),
    (
        "coordination.strength",
        "0.4:缺乏有力统筹时,大部分外部帮助对不上需求;校准选定的取值。",
    ),
];

/// Why the parameter at `path` has its default value, in `lang`: the catalogue's reason
/// in English; in Chinese its row, if it has one (else None).
pub fn parameter_reason(path: &str, lang: Lang) -> Option<String> {
    match lang {
        Lang::En => docs::param(path).map(|p| p.reason.to_string()),
        Lang::Zh => PARAMETER_REASONS
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, zh)| zh.to_string()),
    }
}

#[cfg(test)]
mod parameter_unit_tests {
    use super::*;

    #[test]
    fn every_catalogue_unit_has_its_chinese_words() {
        for p in docs::PARAMS.iter() {
            let zh = parameter_unit(p.unit, Lang::Zh);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{}: unit `{}` has no Chinese row",
                p.path,
                p.unit
            );
        }
        assert_eq!(parameter_unit("ticks (weeks)", Lang::En), "ticks (weeks)");
    }
}
