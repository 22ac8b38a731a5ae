//! Fixtures that get an idea to `funded` (and on through delivery) fast: pledges from
//! fresh verified funders, then a platform admin closes the campaign.

use cc2i_shared::delivery::DeliveryMilestone;
use cc2i_shared::idea::Idea;
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::pledge::Pledge;
use cc2i_shared::Organisation;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::{fixtures, ok, Session, TestApp};

/// A funded idea with the people who can act on it.
pub struct Funded {
    /// The idea as it was funded.
    pub idea: Idea,
    /// The owner of the proposing organisation.
    pub proposer: Session,
    /// The proposing organisation.
    pub proposer_org: Organisation,
    /// Each funder's owner and organisation, in pledge order.
    pub funders: Vec<(Session, Organisation)>,
}

/// How to fund it.
pub struct Plan {
    /// The business case (its cost lines make the target).
    pub case: Value,
    /// The idea's rebate setting, if not the default.
    pub rebate_bp: Option<i64>,
    /// The pledged shares, in pledge order.
    pub shares: Vec<i64>,
}

impl Plan {
    /// The standard business case (£150,000) with these pledged shares.
    pub fn shares(shares: &[i64]) -> Plan {
        Plan {
            case: fixtures::business_case(),
            rebate_bp: None,
            shares: shares.to_vec(),
        }
    }
}

/// A business case whose cost lines total exactly `total_pence`.
pub fn case_costing(total_pence: i64) -> Value {
    let mut case = fixtures::business_case();
    case["financial"]["cost_lines"] = json!([
        {"description": "Build", "amount_pence": total_pence, "category": "capital", "year": 2027}
    ]);
    case
}

impl TestApp {
    /// An idea funded by fresh verified organisations pledging `plan.shares`, each owner
    /// free to commit it alone.
    pub async fn funded_idea(&self, plan: Plan) -> Funded {
        let proposer = self.user().await;
        let proposer_org = self.verified_organisation(&proposer).await;
        let draft = self.draft_idea(&proposer, &proposer_org).await;
        if let Some(rebate) = plan.rebate_bp {
            let res = self
                .patch(
                    &format!("/api/v1/ideas/{}", draft.id),
                    Some(&proposer.token),
                    json!({"rebate_bp": rebate}),
                )
                .await;
            ok::<Idea>(res, StatusCode::OK).await;
        }
        self.put_case(&proposer, &draft.id, plan.case).await;
        self.act(&proposer.token, &draft.id, "submit").await;
        let admin = self.admin().await;
        let idea = self.act(&admin, &draft.id, "publish").await;
        let mut funders = Vec::new();
        for share in plan.shares {
            let who = self.user().await;
            let org = self.funder(&who, 100_000_000_000).await;
            ok::<Pledge>(
                self.pledge(&who, &idea, &org, share).await,
                StatusCode::CREATED,
            )
            .await;
            funders.push((who, org));
        }
        let idea: Idea = ok(
            self.post(
                &format!("/api/v1/ideas/{}/close", idea.id),
                Some(&admin),
                json!({}),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(idea.status, IdeaStatus::Funded, "the fixture funds it");
        Funded {
            idea,
            proposer,
            proposer_org,
            funders,
        }
    }

    /// Starts delivery as the proposer.
    pub async fn start_delivery(&self, funded: &Funded) -> Idea {
        ok(
            self.post(
                &format!("/api/v1/ideas/{}/start-delivery", funded.idea.id),
                Some(&funded.proposer.token),
                json!({}),
            )
            .await,
            StatusCode::OK,
        )
        .await
    }

    /// Plans a milestone as the proposer.
    pub async fn add_milestone(
        &self,
        funded: &Funded,
        title: &str,
        payment_bp: i64,
    ) -> DeliveryMilestone {
        ok(
            self.post(
                &format!("/api/v1/ideas/{}/milestones", funded.idea.id),
                Some(&funded.proposer.token),
                json!({"title": title, "description": "Shown to the funders' board.", "due_date": "2027-06-30", "payment_bp": payment_bp}),
            )
            .await,
            StatusCode::CREATED,
        )
        .await
    }

    /// Submits a milestone as the proposer.
    pub async fn submit_milestone(&self, funded: &Funded, id: &str) -> DeliveryMilestone {
        ok(
            self.post(
                &format!("/api/v1/milestones/{id}/submit"),
                Some(&funded.proposer.token),
                json!({"evidence": "Live at https://repairs.example.gov.uk; demo recording shared."}),
            )
            .await,
            StatusCode::OK,
        )
        .await
    }

    /// Records funder `i`'s decision on a milestone.
    pub async fn decide(
        &self,
        funded: &Funded,
        i: usize,
        id: &str,
        accept: bool,
    ) -> DeliveryMilestone {
        let (who, org) = &funded.funders[i];
        let body = if accept {
            json!({"organisation_id": org.id, "decision": "accept"})
        } else {
            json!({"organisation_id": org.id, "decision": "reject", "note": "The photo upload does not work on mobile."})
        };
        ok(
            self.post(
                &format!("/api/v1/milestones/{id}/acceptances"),
                Some(&who.token),
                body,
            )
            .await,
            StatusCode::CREATED,
        )
        .await
    }

    /// A funded idea taken through delivery: one milestone of the whole cost, submitted and
    /// accepted by every funder until it is accepted.
    pub async fn delivered_idea(&self, plan: Plan) -> Funded {
        let funded = self.funded_idea(plan).await;
        self.start_delivery(&funded).await;
        let m = self.add_milestone(&funded, "Live service", 10_000).await;
        self.submit_milestone(&funded, &m.id).await;
        for i in 0..funded.funders.len() {
            let now = self.decide(&funded, i, &m.id, true).await;
            if now.status == cc2i_shared::delivery::MilestoneStatus::Accepted {
                break;
            }
        }
        let idea: Idea = ok(
            self.get(&format!("/api/v1/ideas/{}", funded.idea.id), None)
                .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(
            idea.status,
            IdeaStatus::Delivered,
            "the fixture delivers it"
        );
        funded
    }
}

impl TestApp {
    /// An idea's whole ledger, oldest first.
    pub async fn whole_ledger(&self, idea_id: &str) -> Vec<cc2i_shared::pledge::LedgerEntry> {
        let mut all = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                Some(c) => format!("/api/v1/ideas/{idea_id}/ledger?limit=100&cursor={c}"),
                None => format!("/api/v1/ideas/{idea_id}/ledger?limit=100"),
            };
            let page: cc2i_shared::Page<cc2i_shared::pledge::LedgerEntry> =
                ok(self.get(&path, None).await, StatusCode::OK).await;
            all.extend(page.items);
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => return all,
            }
        }
    }

    /// The kinds of a person's notifications, newest first.
    pub async fn notification_kinds(&self, who: &Session) -> Vec<String> {
        let feed: cc2i_shared::notification::NotificationFeed = ok(
            self.get("/api/v1/notifications?limit=100", Some(&who.token))
                .await,
            StatusCode::OK,
        )
        .await;
        feed.items.into_iter().map(|n| n.kind).collect()
    }
}
