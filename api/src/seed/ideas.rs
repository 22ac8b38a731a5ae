//! Demo ideas in different states, each with a complete, realistic business case.

use chrono::{Duration, NaiveDate, Utc};

use crate::business_cases::repo as cases;
use crate::db::AnyConnection;
use crate::error::ApiError;
use crate::ideas::{lifecycle, repo as ideas};
use cc2i_shared::business_case::*;
use cc2i_shared::idea::CreateIdea;
use cc2i_shared::lifecycle::IdeaAction;
use cc2i_shared::ServiceArea as A;

/// Where a demo idea should end up.
#[derive(Clone, Copy)]
pub enum Stop {
    Draft,
    InReview,
    Open,
}

/// A demo idea: who proposes it, what it is, and its budget.
pub struct DemoIdea {
    pub proposer: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub description: &'static str,
    pub areas: &'static [A],
    pub days_left: i64,
    pub stop: Stop,
    pub case_for_change: &'static str,
    pub objectives: &'static [&'static str],
    pub scope: &'static str,
    pub licence: &'static str,
    pub costs: &'static [(&'static str, i64, CostCategory, i32)],
    pub milestones: &'static [(&'static str, &'static str)],
    pub risks: &'static [(&'static str, Level, Level, &'static str)],
    pub availability_bp: u32,
}

pub const IDEAS: &[DemoIdea] = &[
    DemoIdea {
        proposer: "Together Housing Group",
        title: "Online housing repairs reporting",
        summary: "Tenants report a repair online with photos, book an appointment and track it to completion: one service, shared by every funding landlord.",
        description: "## The problem\n\nMost housing associations still take repairs by phone. Around 40% of calls are tenants chasing progress.\n\n## What we will build\n\nA mobile-first service that integrates with the common housing management systems, so each funder keeps its own back office.",
        areas: &[A::Housing, A::CustomerContact],
        days_left: 45,
        stop: Stop::Open,
        case_for_change: "Tenants can only report repairs by phone during office hours. Call volumes peak on Monday mornings, abandonment exceeds 20%, and 40% of calls are status chasing that a tracking page would remove.",
        objectives: &["Move 60% of repair reports online within 12 months of go-live", "Cut avoidable contact about repairs by 30%", "Raise first-time-fix rate to 85% through photo triage"],
        scope: "In scope: reporting, photo upload, appointment booking, status tracking, integration adapters for two housing management systems. Out of scope: contractor scheduling.",
        licence: "MIT",
        costs: &[
            ("Discovery and alpha (12 weeks)", 6_500_000, CostCategory::Revenue, 2026),
            ("Private and public beta build", 14_800_000, CostCategory::Capital, 2027),
            ("Housing management system adapters", 4_200_000, CostCategory::Capital, 2027),
            ("Hosting, support and maintenance, year one", 3_600_000, CostCategory::Revenue, 2027),
        ],
        milestones: &[("Alpha complete", "2027-03-31"), ("Private beta with two funders", "2027-07-31"), ("Public beta", "2027-11-30")],
        risks: &[
            ("Housing management system vendors slow to expose APIs", Level::Medium, Level::High, "Adapter layer; early engagement through funders' contracts"),
            ("Low digital take-up among older tenants", Level::Medium, Level::Medium, "Assisted digital through the contact centre"),
        ],
        availability_bp: 9990,
    },
    DemoIdea {
        proposer: "Bristol City Council",
        title: "Shared adult social care referral form",
        summary: "One accessible referral form for adult social care that routes to each council's case management system, replacing dozens of PDFs and emails.",
        description: "## The problem\n\nGPs, hospitals and families refer people to adult social care through PDFs, emails and phone calls. Referrals arrive incomplete and are re-keyed.\n\n## What we will build\n\nA GOV.UK-styled referral form with structured data, consent capture and routing to Liquidlogic, Mosaic and Azeus.",
        areas: &[A::AdultSocialCare, A::HealthCare],
        days_left: 20,
        stop: Stop::Open,
        case_for_change: "Incomplete referrals cost each council an estimated 1.5 FTE in follow-up calls, and delays put vulnerable adults at risk. Every council is building or buying its own form.",
        objectives: &["Receive 90% of professional referrals as structured data", "Cut referral triage time by 40%"],
        scope: "Referral form, consent, safeguarding flags, routing to three case management systems. Out of scope: assessment workflows.",
        licence: "OGL-UK-3.0",
        costs: &[
            ("User research with practitioners and families", 3_200_000, CostCategory::Revenue, 2026),
            ("Form and routing build", 9_600_000, CostCategory::Capital, 2027),
            ("Case management integrations", 5_400_000, CostCategory::Capital, 2027),
            ("Support and hosting, year one", 2_400_000, CostCategory::Revenue, 2027),
        ],
        milestones: &[("Research findings shared with funders", "2027-02-28"), ("Live with first three councils", "2027-09-30")],
        risks: &[("Information governance sign-off takes longer than planned", Level::High, Level::Medium, "Shared DPIA template agreed with funders' DPOs up front")],
        availability_bp: 9950,
    },
    DemoIdea {
        proposer: "Leeds Teaching Hospitals NHS Trust",
        title: "GP surgery booking integration",
        summary: "Let hospital discharge teams book follow-up GP appointments directly, through the GP Connect appointment management API.",
        description: "## The problem\n\nDischarge letters ask patients to book their own GP follow-up. Many never do.\n\n## What we will build\n\nA booking step inside discharge workflows using GP Connect, with confirmation to the patient by NHS Notify.",
        areas: &[A::HealthCare, A::DataAndAnalytics],
        days_left: 60,
        stop: Stop::InReview,
        case_for_change: "One in five patients discharged with a GP follow-up instruction does not book it, driving avoidable readmissions.",
        objectives: &["Book 70% of discharge follow-ups before the patient leaves", "Reduce 30-day readmissions for the target cohort by 5%"],
        scope: "GP Connect booking, patient notification, audit. Out of scope: changes to GP clinical systems.",
        licence: "MIT",
        costs: &[
            ("Discovery with discharge teams", 2_800_000, CostCategory::Revenue, 2027),
            ("Integration build and clinical safety case", 11_500_000, CostCategory::Capital, 2027),
            ("Assurance and live support, year one", 3_100_000, CostCategory::Revenue, 2028),
        ],
        milestones: &[("Clinical safety case approved", "2027-06-30"), ("Live in two trusts", "2027-12-31")],
        risks: &[("GP Connect onboarding delays", Level::Medium, Level::High, "Start NHS England onboarding in discovery")],
        availability_bp: 9995,
    },
    DemoIdea {
        proposer: "Kirklees Council",
        title: "Council tax single person discount review",
        summary: "A shared service to review single person discounts with open data matching and a simple online declaration.",
        description: "## The problem\n\nCouncils lose revenue to incorrect single person discounts and pay agencies to review them.",
        areas: &[A::RevenuesAndBenefits],
        days_left: 90,
        stop: Stop::Draft,
        case_for_change: "An estimated 4% of single person discounts are claimed in error; agency reviews take a share of what they recover.",
        objectives: &["Review every discount annually at a fraction of agency cost"],
        scope: "Online declaration, data matching, case handling. Out of scope: enforcement.",
        licence: "MIT",
        costs: &[("Alpha", 3_000_000, CostCategory::Revenue, 2027), ("Beta build", 7_000_000, CostCategory::Capital, 2027)],
        milestones: &[("Alpha complete", "2027-05-31")],
        risks: &[("Data sharing agreements", Level::Medium, Level::Medium, "Use existing fraud-prevention gateways")],
        availability_bp: 9900,
    },
];

pub(super) fn business_case(idea: &DemoIdea) -> BusinessCase {
    let total: i64 = idea.costs.iter().map(|c| c.1).sum();
    BusinessCase {
        stage: Stage::Obc,
        strategic: StrategicCase {
            case_for_change: idea.case_for_change.into(),
            spending_objectives: idea.objectives.iter().map(|o| o.to_string()).collect(),
            scope: idea.scope.into(),
            dependencies: vec!["Funders' existing line-of-business systems expose APIs".into()],
        },
        economic: EconomicCase {
            options: vec![
                EconomicOption {
                    name: "Do nothing".into(),
                    description: "Each organisation keeps its current process.".into(),
                    cost_pence: 0,
                    benefits: "None; the problems above continue.".into(),
                },
                EconomicOption {
                    name: "Each organisation procures alone".into(),
                    description: "Every funder buys or builds its own version.".into(),
                    cost_pence: total * 4,
                    benefits: "Full benefits, at four or more times the cost across the sector.".into(),
                },
                EconomicOption {
                    name: "Build once and share through CC2i".into(),
                    description: "One service, co-funded, shaped by its funders and re-usable by others.".into(),
                    cost_pence: total,
                    benefits: "Full benefits at a fraction of the cost for each funder.".into(),
                },
            ],
            preferred_option: 2,
        },
        commercial: CommercialCase {
            procurement_route: "G-Cloud 14, with the proposer as lead contracting authority".into(),
            contract_length_months: 24,
            licence: idea.licence.into(),
            ip_ownership: "Owned jointly by the funders and published as open source.".into(),
            data_protection_role: DataProtectionRole::Processor,
        },
        financial: FinancialCase {
            cost_lines: idea
                .costs
                .iter()
                .map(|(description, amount_pence, category, year)| CostLine {
                    description: description.to_string(),
                    amount_pence: *amount_pence,
                    category: *category,
                    year: *year,
                })
                .collect(),
            funding_sources: "Pledges from co-funding organisations through CC2i; each pays its fair share.".into(),
            affordability: "Within each funder's digital transformation budget for the year.".into(),
        },
        management: ManagementCase {
            governance: "A funders' board with one seat per funder meets monthly; the proposer's service owner chairs it.".into(),
            milestones: idea
                .milestones
                .iter()
                .map(|(title, due)| Milestone {
                    title: title.to_string(),
                    due_date: NaiveDate::parse_from_str(due, "%Y-%m-%d").unwrap_or_default(),
                })
                .collect(),
            risks: idea
                .risks
                .iter()
                .map(|(description, likelihood, impact, mitigation)| Risk {
                    description: description.to_string(),
                    likelihood: *likelihood,
                    impact: *impact,
                    mitigation: mitigation.to_string(),
                })
                .collect(),
            benefits_realisation: "Benefits are measured monthly against the spending objectives and reported to the funders' board.".into(),
        },
        terms: Terms {
            contract_summary: "A two-year call-off covering build, hosting, support and maintenance, with a right for further organisations to join on the same terms.".into(),
            sla: Sla {
                availability_bp: idea.availability_bp,
                support_hours: "Monday to Friday, 8am to 6pm, excluding bank holidays".into(),
                response_minutes: PriorityMinutes { p1: 30, p2: 60, p3: 240, p4: 480 },
                resolution_minutes: PriorityMinutes { p1: 240, p2: 480, p3: 2880, p4: 7200 },
                service_credits: vec![
                    ServiceCredit { below_availability_bp: idea.availability_bp, credit_bp: 500 },
                    ServiceCredit { below_availability_bp: 9900, credit_bp: 1000 },
                ],
            },
        },
    }
}

/// Creates one demo idea for `org_id` as `user_id` and moves it to its stop.
pub fn seed_idea(
    conn: &mut AnyConnection,
    idea: &DemoIdea,
    org_id: &str,
    user_id: &str,
) -> Result<(), ApiError> {
    let row = ideas::insert(
        conn,
        CreateIdea {
            organisation_id: org_id.into(),
            title: idea.title.into(),
            summary: idea.summary.into(),
            description: idea.description.into(),
            service_areas: idea.areas.to_vec(),
            deadline: Utc::now() + Duration::days(idea.days_left),
            min_pledgers: None,
            min_pledge_bp: None,
            max_total_bp: None,
        },
        user_id,
    )?;
    cases::create(conn, &row, business_case(idea), user_id)?;
    let steps: &[IdeaAction] = match idea.stop {
        Stop::Draft => &[],
        Stop::InReview => &[IdeaAction::Submit],
        Stop::Open => &[IdeaAction::Submit, IdeaAction::Publish],
    };
    for action in steps {
        let current = ideas::find_row(conn, &row.id)?.ok_or(ApiError::NotFound)?;
        lifecycle::apply(conn, &current, *action, None)?;
        if *action == IdeaAction::Publish {
            let published = ideas::find_row(conn, &row.id)?.ok_or(ApiError::NotFound)?;
            crate::radar::audience::announce(conn, &published)?;
        }
    }
    Ok(())
}
