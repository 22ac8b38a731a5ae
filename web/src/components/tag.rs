//! GOV.UK tags, such as an organisation's verification status or an idea's status. Plain
//! functions rather than components: a component costs every bundle that shows it more wasm.

use cc2i_shared::lifecycle::IdeaStatus;
use yew::prelude::*;

/// A short status label, with a colour modifier like "green" (blue when `None`).
pub fn tag(text: impl Into<AttrValue>, colour: Option<&'static str>) -> Html {
    let colour = colour.map(|c| format!("govuk-tag--{c}"));
    html! { <strong class={classes!("govuk-tag", colour)}>{ text.into() }</strong> }
}

/// "Verified" in green or "Not verified" in grey, for whether CC2i staff have verified the
/// organisation.
pub fn verification_tag(verified: bool) -> Html {
    if verified {
        tag("Verified", Some("green"))
    } else {
        tag("Not verified", Some("grey"))
    }
}

/// An idea's status, coloured by how it stands.
pub fn idea_status_tag(status: IdeaStatus) -> Html {
    let colour = match status {
        IdeaStatus::Draft | IdeaStatus::Withdrawn => "grey",
        IdeaStatus::InReview => "yellow",
        IdeaStatus::Open => "blue",
        IdeaStatus::Funded => "green",
        IdeaStatus::NotFunded => "red",
        IdeaStatus::InDelivery => "purple",
        IdeaStatus::Delivered => "turquoise",
    };
    tag(status.label(), Some(colour))
}
