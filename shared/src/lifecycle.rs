//! The idea lifecycle as one pure state machine.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where an idea is in its life.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum IdeaStatus {
    /// Being written by its proposer; private.
    Draft,
    /// Submitted and waiting for platform staff; private.
    InReview,
    /// Published and taking pledges until its deadline.
    Open,
    /// Closed with enough pledges: the pledges became commitments.
    Funded,
    /// Closed without enough pledges: every pledge was released.
    NotFunded,
    /// Funded and being built.
    InDelivery,
    /// Built and accepted.
    Delivered,
    /// Taken down by its proposer while open.
    Withdrawn,
}

/// Something that moves an idea from one status to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IdeaAction {
    /// The proposer asks for review.
    Submit,
    /// Platform staff publish it as a funding campaign.
    Publish,
    /// Platform staff send it back to draft with feedback.
    RequestChanges,
    /// The proposer takes it down.
    Withdraw,
    /// The deadline passed with enough pledges.
    CloseFunded,
    /// The deadline passed without enough pledges.
    CloseNotFunded,
    /// Delivery starts.
    StartDelivery,
    /// Delivery is accepted.
    Deliver,
}

impl IdeaStatus {
    /// Every status, in lifecycle order.
    pub const ALL: &'static [IdeaStatus] = &[
        IdeaStatus::Draft,
        IdeaStatus::InReview,
        IdeaStatus::Open,
        IdeaStatus::Funded,
        IdeaStatus::NotFunded,
        IdeaStatus::InDelivery,
        IdeaStatus::Delivered,
        IdeaStatus::Withdrawn,
    ];

    /// The snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            IdeaStatus::Draft => "draft",
            IdeaStatus::InReview => "in_review",
            IdeaStatus::Open => "open",
            IdeaStatus::Funded => "funded",
            IdeaStatus::NotFunded => "not_funded",
            IdeaStatus::InDelivery => "in_delivery",
            IdeaStatus::Delivered => "delivered",
            IdeaStatus::Withdrawn => "withdrawn",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        IdeaStatus::ALL.iter().copied().find(|s| s.code() == code)
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            IdeaStatus::Draft => "Draft",
            IdeaStatus::InReview => "In review",
            IdeaStatus::Open => "Open for pledges",
            IdeaStatus::Funded => "Funded",
            IdeaStatus::NotFunded => "Not funded",
            IdeaStatus::InDelivery => "In delivery",
            IdeaStatus::Delivered => "Delivered",
            IdeaStatus::Withdrawn => "Withdrawn",
        }
    }

    /// Whether anyone may see an idea in this status (drafts and reviews are private).
    pub fn is_public(self) -> bool {
        !matches!(self, IdeaStatus::Draft | IdeaStatus::InReview)
    }
}

/// The status `action` leads to from `from`, or `None` if it is not allowed.
pub fn transition(from: IdeaStatus, action: IdeaAction) -> Option<IdeaStatus> {
    use IdeaAction as A;
    use IdeaStatus as S;
    match (from, action) {
        (S::Draft, A::Submit) => Some(S::InReview),
        (S::InReview, A::Publish) => Some(S::Open),
        (S::InReview, A::RequestChanges) => Some(S::Draft),
        (S::Open, A::Withdraw) => Some(S::Withdrawn),
        (S::Open, A::CloseFunded) => Some(S::Funded),
        (S::Open, A::CloseNotFunded) => Some(S::NotFunded),
        (S::Funded, A::StartDelivery) => Some(S::InDelivery),
        (S::InDelivery, A::Deliver) => Some(S::Delivered),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use IdeaAction as A;
    use IdeaStatus as S;

    const ALLOWED: &[(IdeaStatus, IdeaAction, IdeaStatus)] = &[
        (S::Draft, A::Submit, S::InReview),
        (S::InReview, A::Publish, S::Open),
        (S::InReview, A::RequestChanges, S::Draft),
        (S::Open, A::Withdraw, S::Withdrawn),
        (S::Open, A::CloseFunded, S::Funded),
        (S::Open, A::CloseNotFunded, S::NotFunded),
        (S::Funded, A::StartDelivery, S::InDelivery),
        (S::InDelivery, A::Deliver, S::Delivered),
    ];
    const ACTIONS: &[IdeaAction] = &[
        A::Submit,
        A::Publish,
        A::RequestChanges,
        A::Withdraw,
        A::CloseFunded,
        A::CloseNotFunded,
        A::StartDelivery,
        A::Deliver,
    ];

    #[test]
    fn submit_moves_a_draft_into_review() {
        assert_eq!(transition(S::Draft, A::Submit), Some(S::InReview));
    }

    #[test]
    fn publish_opens_an_idea_in_review() {
        assert_eq!(transition(S::InReview, A::Publish), Some(S::Open));
    }

    #[test]
    fn request_changes_returns_an_idea_in_review_to_draft() {
        assert_eq!(transition(S::InReview, A::RequestChanges), Some(S::Draft));
    }

    #[test]
    fn withdraw_takes_down_an_open_idea() {
        assert_eq!(transition(S::Open, A::Withdraw), Some(S::Withdrawn));
    }

    #[test]
    fn closing_an_open_idea_funds_it_or_not() {
        assert_eq!(transition(S::Open, A::CloseFunded), Some(S::Funded));
        assert_eq!(transition(S::Open, A::CloseNotFunded), Some(S::NotFunded));
    }

    #[test]
    fn delivery_follows_funding() {
        assert_eq!(transition(S::Funded, A::StartDelivery), Some(S::InDelivery));
        assert_eq!(transition(S::InDelivery, A::Deliver), Some(S::Delivered));
    }

    #[test]
    fn every_other_pair_is_refused() {
        let mut refused = 0;
        for &from in IdeaStatus::ALL {
            for &action in ACTIONS {
                let expected = ALLOWED
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to);
                assert_eq!(transition(from, action), expected, "{from:?} + {action:?}");
                refused += usize::from(expected.is_none());
            }
        }
        assert_eq!(
            refused,
            IdeaStatus::ALL.len() * ACTIONS.len() - ALLOWED.len()
        );
    }

    #[test]
    fn only_drafts_and_reviews_are_private() {
        let private: Vec<_> = IdeaStatus::ALL.iter().filter(|s| !s.is_public()).collect();
        assert_eq!(private, [&S::Draft, &S::InReview]);
    }
}
