//! GOV.UK tags, such as an organisation's verification status or an idea's status.

use cc2i_shared::lifecycle::IdeaStatus;
use yew::prelude::*;

/// Props for [`Tag`].
#[derive(Properties, PartialEq)]
pub struct TagProps {
    /// The text.
    pub text: AttrValue,
    /// A colour modifier, like "green"; blue when absent.
    #[prop_or_default]
    pub colour: Option<&'static str>,
}

/// A short status label.
#[function_component]
pub fn Tag(props: &TagProps) -> Html {
    let colour = props.colour.map(|c| format!("govuk-tag--{c}"));
    html! { <strong class={classes!("govuk-tag", colour)}>{ props.text.clone() }</strong> }
}

/// Props for [`VerificationTag`].
#[derive(Properties, PartialEq)]
pub struct VerificationTagProps {
    /// Whether CC2i staff have verified the organisation.
    pub verified: bool,
}

/// "Verified" in green or "Not verified" in grey.
#[function_component]
pub fn VerificationTag(props: &VerificationTagProps) -> Html {
    if props.verified {
        html! { <Tag text="Verified" colour="green" /> }
    } else {
        html! { <Tag text="Not verified" colour="grey" /> }
    }
}

/// Props for [`IdeaStatusTag`].
#[derive(Properties, PartialEq)]
pub struct IdeaStatusTagProps {
    /// Where the idea is in its life.
    pub status: IdeaStatus,
}

/// An idea's status, coloured by how it stands.
#[function_component]
pub fn IdeaStatusTag(props: &IdeaStatusTagProps) -> Html {
    let colour = match props.status {
        IdeaStatus::Draft | IdeaStatus::Withdrawn => "grey",
        IdeaStatus::InReview => "yellow",
        IdeaStatus::Open => "blue",
        IdeaStatus::Funded => "green",
        IdeaStatus::NotFunded => "red",
        IdeaStatus::InDelivery => "purple",
        IdeaStatus::Delivered => "turquoise",
    };
    html! { <Tag text={props.status.label()} {colour} /> }
}
