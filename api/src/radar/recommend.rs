//! One organisation's recommendations: every open idea scored against its profile.

use super::profiles::{self, Ideas, Orgs};
use crate::db::AnyConnection;
use crate::error::ApiError;
use cc2i_shared::radar::{fit, score, IdeaProfile, OrgProfile};

/// Open ideas ranked for one organisation: scored without words, explained on demand.
pub struct Ranked {
    org: Option<OrgProfile>,
    /// `(idea id, score, profile)`, best first (ties by idea id), scores above 0.
    pub ideas: Vec<(String, u32, IdeaProfile)>,
}

impl Ranked {
    /// The reasons of the idea at `index` (empty if out of range).
    pub fn reasons(&self, index: usize) -> Vec<String> {
        match (&self.org, self.ideas.get(index)) {
            (Some(org), Some((_, _, idea))) => {
                fit(idea, org).map(|f| f.reasons).unwrap_or_default()
            }
            _ => Vec::new(),
        }
    }
}

/// Ranks every open idea for the organisation; none for an unverified organisation.
pub fn rank(conn: &mut AnyConnection, org_id: &str) -> Result<Ranked, ApiError> {
    let Some(org) = profiles::organisations(conn, Orgs::Only(&[org_id.to_string()]))?.pop() else {
        return Ok(Ranked {
            org: None,
            ideas: Vec::new(),
        });
    };
    let mut ideas: Vec<(String, u32, IdeaProfile)> = profiles::ideas(conn, Ideas::OpenFor(&org))?
        .into_iter()
        .filter_map(|(id, profile)| score(&profile, &org).map(|s| (id, s, profile)))
        .filter(|(_, s, _)| *s > 0)
        .collect();
    ideas.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(Ranked {
        org: Some(org),
        ideas,
    })
}
