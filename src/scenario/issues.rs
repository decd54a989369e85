//! The `issues` section: issues residents raise, report and wait on, by category.
//!
//! The types of this part of a scenario, their defaults, and their rows in the parameter
//! catalogue ([`ROWS`], joined into [`docs::PARAMS`](super::docs::PARAMS)): unit, valid
//! range, meaning, Chinese label, reason for the default, and when the value may change.

use serde::{Deserialize, Serialize};

use super::param::{Change, ParamDoc, Range};

/// One category of issue residents raise.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueCategory {
    /// Share of raised issues in this category; shares sum to 1.
    pub share: f64,
    /// Working hours needed to resolve one.
    pub hours: f64,
    /// Money (yuan) needed to resolve one.
    pub money: f64,
    /// Collective (concerns many residents; a council can settle it).
    pub collective: bool,
    /// Needs authority the committee may not have.
    pub needs_authority: bool,
    /// Paperwork: only staff can do it, never volunteers.
    pub paperwork: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct IssueCategories {
    pub environment: IssueCategory,
    pub parking: IssueCategory,
    pub renovation: IssueCategory,
    pub services: IssueCategory,
    pub disputes: IssueCategory,
    pub paperwork: IssueCategory,
}

impl IssueCategories {
    pub const NAMES: [&'static str; 6] = [
        "environment",
        "parking",
        "renovation",
        "services",
        "disputes",
        "paperwork",
    ];
    pub fn all(&self) -> [&IssueCategory; 6] {
        [
            &self.environment,
            &self.parking,
            &self.renovation,
            &self.services,
            &self.disputes,
            &self.paperwork,
        ]
    }
}

impl Default for IssueCategories {
    fn default() -> Self {
        let cat = |share, hours, money, collective, needs_authority, paperwork| IssueCategory {
            share,
            hours,
            money,
            collective,
            needs_authority,
            paperwork,
        };
        IssueCategories {
            environment: cat(0.25, 4.0, 300.0, true, false, false),
            parking: cat(0.10, 6.0, 1500.0, true, true, false),
            renovation: cat(0.05, 12.0, 6000.0, true, true, false),
            services: cat(0.25, 2.0, 100.0, false, false, false),
            disputes: cat(0.15, 3.0, 0.0, false, false, false),
            paperwork: cat(0.20, 1.0, 0.0, false, false, true),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Issues {
    /// Chance per tick that a resident raises an issue (0 switches issues off).
    pub rate: f64,
    /// Chance of reporting an issue at trust 0.
    pub report_base: f64,
    /// Extra chance of reporting per unit of trust.
    pub report_trust: f64,
    /// Ticks a reporter waits before each loss of trust and satisfaction.
    pub patience: u32,
    pub categories: IssueCategories,
}

impl Default for Issues {
    fn default() -> Self {
        Issues {
            rate: 0.008,
            report_base: 0.25,
            report_trust: 0.5,
            patience: 6,
            categories: IssueCategories::default(),
        }
    }
}

/// The catalogue rows of `issues`, in struct order.
pub static ROWS: &[ParamDoc] = &[
    ParamDoc {
        path: "issues.rate",
        unit: "probability per tick",
        range: Range::UnitInterval,
        change: Change::AnyTick,
        sweep: true,
        doc: "Chance per tick that a resident raises an issue (0 switches issues off).",
        zh: "居民每周提出诉求的概率",
        reason: "0.008: about 24 issues a week in a community of 3,000, enough to load the committee; calibration choice.",
    },
    ParamDoc {
        path: "issues.report_base",
        unit: "probability",
        range: Range::UnitInterval,
        change: Change::AnyTick,
        sweep: true,
        doc: "Chance of reporting an issue at trust 0.",
        zh: "诉求反映的基础概率",
        reason: "0.25: even distrustful residents report some issues; calibration choice.",
    },
    ParamDoc {
        path: "issues.report_trust",
        unit: "probability per unit of trust",
        range: Range::UnitInterval,
        change: Change::AnyTick,
        sweep: true,
        doc: "Extra chance of reporting per unit of trust (the chance is capped at 1).",
        zh: "信任度对反映诉求的促进",
        reason: "0.5: at mean trust 0.45 about 47% of issues are reported; calibration choice.",
    },
    ParamDoc {
        path: "issues.patience",
        unit: "ticks (weeks)",
        range: Range::AtLeast(1.0),
        change: Change::AnyTick,
        sweep: true,
        doc: "Ticks a reporter waits before each loss of trust and satisfaction.",
        zh: "居民等待的耐心(周)",
        reason: "6 weeks: about a month and a half before waiting turns to frustration; calibration choice.",
    },
    ParamDoc {
        path: "issues.categories.environment.share",
        unit: "share",
        range: Range::UnitInterval,
        change: Change::AnyTick,
        sweep: true,
        doc: "Share of raised issues about environment and property management (collective); the six category shares sum to 1.",
        zh: "环境与物业类诉求:占全部诉求的比例",
        reason: "0.25: sanitation, greenery and property complaints are among the most common; calibration choice.",
    },
    ParamDoc {
        path: "issues.categories.environment.hours",
        unit: "hours",
        range: Range::NonNegative,
        change: Change::AnyTick,
        sweep: true,
        doc: "Working hours needed to resolve one environment issue.",
        zh: "环境与物业类诉求:所需工时",
        reason: "4 hours: a visit and some coordination; calibration choice.",
    },
    ParamDoc {
        path: "issues.categories.environment.money",
        unit: "yuan",
        range: Range::NonNegative,
        change: Change::AnyTick,
        sweep: true,
        doc: "Money needed to resolve one environment issue.",
        zh: "环境与物业类诉求:所需资金",
        reason: "300 yuan: small repairs and cleaning; calibration choice.",
    },
    ParamDoc {
        path: "issues.categories.environment.collective",
        unit: "switch",
        range: Range::Bool,
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether environment issues are collective (a council can settle them).",
        zh: "环境与物业类诉求:是否属于公共事务",
        reason: "They concern many residents.",
    },
    ParamDoc {
        path: "issues.categories.environment.needs_authority",
        unit: "switch",
        range: Range::Bool,
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether environment issues need authority the committee may not have.",
        zh: "环境与物业类诉求:是否需要居委会权限之外的授权",
        reason: "The committee can usually handle them itself.",
    },
    ParamDoc {
        path: "issues.categories.environment.paperwork",
        unit: "switch",
        range: Range::Bool,
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether environment issues are paperwork (staff only, never volunteers).",
        zh: "环境与物业类诉求:是否只能由工作人员办理",
        reason: "Volunteers can help.",
    },
    ParamDoc {
        path: "issues.categories.parking.share",
        unit: "share",
        range: Range::UnitInterval,
        change: Change::AnyTick,
        sweep: true,
        doc: "Share of raised issues about parking (collective).",
        zh: "停车类诉求:占全部诉求的比例",
        reason: "0.10: a frequent source of neighbourhood conflict; calibration choice.",
    },
    ParamDoc {
        path: "issues.categories.parking.hours",
        unit: "hours",
        range: Range::NonNegative,
        change: Change::AnyTick,
        sweep: true,
        doc: "Working hours needed to resolve one parking issue.",
        zh: "停车类诉求:所需工时",
        reason: "6 hours: negotiation among residents and the property company; calibration choice.",
    },
    ParamDoc {
        path: "issues.categories.parking.money",
        unit: "yuan",
        range: Range::NonNegative,
        change: Change::AnyTick,
        sweep: true,
        doc: "Money needed to resolve one parking issue.",
        zh: "停车类诉求:所需资金",
        reason: "1,500 yuan: markings, barriers, signs; calibration choice.",
    },
    ParamDoc {
        path: "issues.categories.parking.collective",
        unit: "switch",
        range: Range::Bool,
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether parking issues are collective.",
        zh: "停车类诉求:是否属于公共事务",
        reason: "They concern many residents.",
    },
    ParamDoc {
        path: "issues.categories.parking.needs_authority",
        unit: "switch",
        range: Range::Bool,
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether parking issues need authority the committee may not have.",
        zh: "停车类诉求:是否需要居委会权限之外的授权",
        reason: "Parking rules usually need the street office or other departments.",
    },
    ParamDoc {
        path: "issues.categories.parking.paperwork",
        unit: "switch",
        range: Range::Bool,
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether parking issues are paperwork.",
        zh: "停车类诉求:是否只能由工作人员办理",
        reason: "Volunteers can help.",
    },
    ParamDoc {
        path: "issues.categories.renovation.share",
        unit: "share",
        range: Range::UnitInterval,
        change: Change::AnyTick,
        sweep: true,
        doc: "Share of raised issues about renovation of old buildings (collective: lifts, roofs, pipes).",
        zh: "老旧小区改造类诉求:占全部诉求的比例",
        reason: "0.05: rare but heavy; calibration choice.",
    },
    ParamDoc {
        path: "issues.categories.renovation.hours",
        unit: "hours",
        range: Range::NonNegative,
        change: Change::AnyTick,
        sweep: true,
        doc: "Working hours needed to resolve one renovation issue.",
        zh: "老旧小区改造类诉求:所需工时",
        reason: "12 hours: consultation of all owners concerned; calibration choice.",
    },
    ParamDoc {
        path: "issues.categories.renovation.money",
        unit: "yuan",
        range: Range::NonNegative,
        change: Change::AnyTick,
        sweep: true,
        doc: "Money needed to resolve one renovation issue.",
        zh: "老旧小区改造类诉求:所需资金",
        reason: "6,000 yuan: more than a committee without devolved funds has; calibration choice.",
    },
    ParamDoc {
        path: "issues.categories.renovation.collective",
        unit: "switch",
        range: Range::Bool,
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether renovation issues are collective.",
        zh: "老旧小区改造类诉求:是否属于公共事务",
        reason: "They concern whole buildings.",
    },
    ParamDoc {
        path: "issues.categories.renovation.needs_authority",
        unit: "switch",
        range: Range::Bool,
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether renovation issues need authority the committee may not have.",
        zh: "老旧小区改造类诉求:是否需要居委会权限之外的授权",
        reason: "Renovation needs approvals from above.",
    },
    ParamDoc {
        path: "issues.categories.renovation.paperwork",
        unit: "switch",
        range: Range::Bool,
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether renovation issues are paperwork.",
        zh: "老旧小区改造类诉求:是否只能由工作人员办理",
        reason: "Volunteers can help.",
    },
    ParamDoc {
        path: "issues.categories.services.share",
        unit: "share",
        range: Range::UnitInterval,
        change: Change::AnyTick,
        sweep: true,
        doc: "Share of raised issues about services to individuals (care for the elderly, children, the disabled).",
        zh: "为民服务类诉求:占全部诉求的比例",
        reason: "0.25: individual service requests are common; calibration choice.",
    },
    ParamDoc {
        path: "issues.categories.services.hours",
        unit: "hours",
        range: Range::NonNegative,
        change: Change::AnyTick,
        sweep: true,
        doc: "Working hours needed to resolve one service issue.",
        zh: "为民服务类诉求:所需工时",
        reason: "2 hours: a home visit or a referral; calibration choice.",
    },
    ParamDoc {
        path: "issues.categories.services.money",
        unit: "yuan",
        range: Range::NonNegative,
        change: Change::AnyTick,
        sweep: true,
        doc: "Money needed to resolve one service issue.",
        zh: "为民服务类诉求:所需资金",
        reason: "100 yuan: small material help; calibration choice.",
    },
    ParamDoc {
        path: "issues.categories.services.collective",
        unit: "switch",
        range: Range::Bool,
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether service issues are collective.",
        zh: "为民服务类诉求:是否属于公共事务",
        reason: "They concern one household.",
    },
    ParamDoc {
        path: "issues.categories.services.needs_authority",
        unit: "switch",
        range: Range::Bool,
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether service issues need authority the committee may not have.",
        zh: "为民服务类诉求:是否需要居委会权限之外的授权",
        reason: "The committee can provide them.",
    },
    ParamDoc {
        path: "issues.categories.services.paperwork",
        unit: "switch",
        range: Range::Bool,
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether service issues are paperwork.",
        zh: "为民服务类诉求:是否只能由工作人员办理",
        reason: "Volunteers and NGOs can help.",
    },
    ParamDoc {
        path: "issues.categories.disputes.share",
        unit: "share",
        range: Range::UnitInterval,
        change: Change::AnyTick,
        sweep: true,
        doc: "Share of raised issues that are disputes between neighbours.",
        zh: "邻里纠纷类诉求:占全部诉求的比例",
        reason: "0.15: mediation is a classic committee task; calibration choice.",
    },
    ParamDoc {
        path: "issues.categories.disputes.hours",
        unit: "hours",
        range: Range::NonNegative,
        change: Change::AnyTick,
        sweep: true,
        doc: "Working hours needed to resolve one dispute.",
        zh: "邻里纠纷类诉求:所需工时",
        reason: "3 hours: a mediation session; calibration choice.",
    },
    ParamDoc {
        path: "issues.categories.disputes.money",
        unit: "yuan",
        range: Range::NonNegative,
        change: Change::AnyTick,
        sweep: true,
        doc: "Money needed to resolve one dispute.",
        zh: "邻里纠纷类诉求:所需资金",
        reason: "0: mediation costs only time.",
    },
    ParamDoc {
        path: "issues.categories.disputes.collective",
        unit: "switch",
        range: Range::Bool,
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether disputes are collective.",
        zh: "邻里纠纷类诉求:是否属于公共事务",
        reason: "They concern a few households.",
    },
    ParamDoc {
        path: "issues.categories.disputes.needs_authority",
        unit: "switch",
        range: Range::Bool,
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether disputes need authority the committee may not have.",
        zh: "邻里纠纷类诉求:是否需要居委会权限之外的授权",
        reason: "Mediation is within the committee's remit.",
    },
    ParamDoc {
        path: "issues.categories.disputes.paperwork",
        unit: "switch",
        range: Range::Bool,
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether disputes are paperwork.",
        zh: "邻里纠纷类诉求:是否只能由工作人员办理",
        reason: "Volunteer mediators can help.",
    },
    ParamDoc {
        path: "issues.categories.paperwork.share",
        unit: "share",
        range: Range::UnitInterval,
        change: Change::AnyTick,
        sweep: true,
        doc: "Share of raised issues that are paperwork for residents (certificates, registrations).",
        zh: "证明办理类诉求:占全部诉求的比例",
        reason: "0.20: committees issue many certificates; calibration choice.",
    },
    ParamDoc {
        path: "issues.categories.paperwork.hours",
        unit: "hours",
        range: Range::NonNegative,
        change: Change::AnyTick,
        sweep: true,
        doc: "Working hours needed to resolve one paperwork issue.",
        zh: "证明办理类诉求:所需工时",
        reason: "1 hour: a form and a stamp; calibration choice.",
    },
    ParamDoc {
        path: "issues.categories.paperwork.money",
        unit: "yuan",
        range: Range::NonNegative,
        change: Change::AnyTick,
        sweep: true,
        doc: "Money needed to resolve one paperwork issue.",
        zh: "证明办理类诉求:所需资金",
        reason: "0: costs only time.",
    },
    ParamDoc {
        path: "issues.categories.paperwork.collective",
        unit: "switch",
        range: Range::Bool,
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether paperwork issues are collective.",
        zh: "证明办理类诉求:是否属于公共事务",
        reason: "They concern one resident.",
    },
    ParamDoc {
        path: "issues.categories.paperwork.needs_authority",
        unit: "switch",
        range: Range::Bool,
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether paperwork issues need authority the committee may not have.",
        zh: "证明办理类诉求:是否需要居委会权限之外的授权",
        reason: "Issuing them is the committee's job.",
    },
    ParamDoc {
        path: "issues.categories.paperwork.paperwork",
        unit: "switch",
        range: Range::Bool,
        change: Change::AnyTick,
        sweep: true,
        doc: "Whether paperwork issues are paperwork (only staff can do them).",
        zh: "证明办理类诉求:是否只能由工作人员办理",
        reason: "By definition.",
    },
];
