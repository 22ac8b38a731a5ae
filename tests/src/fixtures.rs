//! Realistic request bodies for tests.

use chrono::{Duration, Utc};
use serde_json::{json, Value};

/// A complete, valid business case whose cost lines total £150,000 (15,000,000 pence).
pub fn business_case() -> Value {
    json!({
        "stage": "obc",
        "strategic": {
            "case_for_change": "Tenants can only report repairs by phone; 40% of calls are status chasing.",
            "spending_objectives": ["Move 60% of repair reports online within 12 months", "Cut avoidable contact by 30%"],
            "scope": "Online reporting, photo upload, appointment booking and status tracking.",
            "dependencies": ["Housing management system API"]
        },
        "economic": {
            "options": [
                {"name": "Do nothing", "description": "Keep the phone line.", "cost_pence": 0, "benefits": "None"},
                {"name": "Build once, share", "description": "One service for every funder.", "cost_pence": 15000000, "benefits": "Shared cost"}
            ],
            "preferred_option": 1
        },
        "commercial": {
            "procurement_route": "G-Cloud 14",
            "contract_length_months": 24,
            "licence": "MIT",
            "ip_ownership": "Funders jointly, published as open source",
            "data_protection_role": "processor"
        },
        "financial": {
            "cost_lines": [
                {"description": "Discovery and alpha", "amount_pence": 4000000, "category": "revenue", "year": 2027},
                {"description": "Beta build", "amount_pence": 9000000, "category": "capital", "year": 2027},
                {"description": "First-year hosting and support", "amount_pence": 2000000, "category": "revenue", "year": 2028}
            ],
            "funding_sources": "Pledges from co-funders",
            "affordability": "Each funder pays a share of the cost."
        },
        "management": {
            "governance": "A funders' board meets monthly.",
            "milestones": [{"title": "Private beta", "due_date": "2027-09-30"}],
            "risks": [{"description": "Integration delays", "likelihood": "medium", "impact": "high", "mitigation": "Early API spike"}],
            "benefits_realisation": "Channel shift measured monthly."
        },
        "terms": {
            "contract_summary": "Two-year call-off with hosting and support.",
            "sla": {
                "availability_bp": 9990,
                "support_hours": "Monday to Friday, 8am to 6pm",
                "response_minutes": {"p1": 30, "p2": 60, "p3": 240, "p4": 480},
                "resolution_minutes": {"p1": 240, "p2": 480, "p3": 1440, "p4": 2880},
                "service_credits": [{"below_availability_bp": 9990, "credit_bp": 500}, {"below_availability_bp": 9900, "credit_bp": 1000}]
            }
        }
    })
}

/// The total of [`business_case`]'s cost lines.
pub const BUSINESS_CASE_TOTAL: i64 = 15_000_000;

/// A valid new idea for `organisation_id`, closing in 30 days.
pub fn new_idea(organisation_id: &str, title: &str) -> Value {
    json!({
        "organisation_id": organisation_id,
        "title": title,
        "summary": "One online repairs service, shared by every funder.",
        "description": "## The problem\nTenants can only phone.",
        "service_areas": ["housing", "customer_contact"],
        "deadline": (Utc::now() + Duration::days(30)).to_rfc3339(),
    })
}

/// A valid new backlog requirement.
pub fn new_requirement(title: &str) -> Value {
    json!({
        "title": title,
        "description": "Tenants asked for this in our last survey; it would cut repeat visits.",
    })
}
