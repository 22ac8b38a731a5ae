//! Drafts kept in local storage, one per idea, and everything the business case pages load.

use cc2i_shared::business_case::BusinessCaseVersion;
use cc2i_shared::idea::Idea;
use cc2i_shared::lifecycle::IdeaStatus;
use cc2i_shared::Me;
use gloo_net::http::Method;
use gloo_storage::{LocalStorage, Storage};

use super::CaseDraft;
use crate::api::{request, segment, ClientError, NO_BODY};
use crate::session::SessionHandle;
use crate::viewer::{load_viewer, role_in};

fn key(idea_id: &str) -> String {
    format!("cc2i.case.{idea_id}")
}

/// Keeps the draft of an idea's business case in this browser. Without storage (blocked or
/// full) the answers last only while the page is open.
pub fn keep(idea_id: &str, draft: &CaseDraft) {
    let _kept = LocalStorage::set(key(idea_id), draft);
}

/// Forgets the draft, once it has been saved as a version.
pub fn forget(idea_id: &str) {
    LocalStorage::delete(key(idea_id));
}

/// What the business case pages need: the idea, its current version, the draft and the viewer.
#[derive(Clone, PartialEq)]
pub struct Workspace {
    /// The idea.
    pub idea: Idea,
    /// The current version, if one has been saved.
    pub current: Option<BusinessCaseVersion>,
    /// The answers being written: kept in this browser, or the current version's.
    pub draft: CaseDraft,
    /// The signed-in user.
    pub viewer: Option<Me>,
}

impl Workspace {
    /// Whether the viewer may change the business case: a member of the proposing
    /// organisation, while the idea is a draft or open.
    pub fn can_edit(&self) -> bool {
        matches!(self.idea.status, IdeaStatus::Draft | IdeaStatus::Open)
            && role_in(self.viewer.as_ref(), &self.idea.organisation.id).is_some()
    }

    /// Whether the draft is the current version, unchanged.
    pub fn is_saved(&self) -> bool {
        match (&self.current, self.draft.to_case()) {
            (Some(current), Ok(case)) => current.content == case,
            _ => false,
        }
    }
}

/// Loads the idea, its current business case (if any), the viewer and the draft.
pub async fn load_workspace(id: &str, session: &SessionHandle) -> Result<Workspace, ClientError> {
    let path = format!("/ideas/{}", segment(id));
    let idea = request::<Idea>(Method::GET, &path, NO_BODY).await?;
    let current = match crate::business_case_json::get(&format!("{path}/business-case")).await {
        Ok(version) => Some(version),
        Err(error) if error.code() == Some("business_case_not_found") => None,
        Err(error) => return Err(error),
    };
    let viewer = load_viewer(session).await;
    let draft = LocalStorage::get::<serde_json::Value>(key(id))
        .ok()
        .and_then(|stored| super::stored::draft(&stored))
        .or_else(|| current.as_ref().map(CaseDraft::from_version))
        .unwrap_or_else(CaseDraft::blank);
    Ok(Workspace {
        idea,
        current,
        draft,
        viewer,
    })
}
