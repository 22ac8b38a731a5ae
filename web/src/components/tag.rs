//! GOV.UK tags, such as an organisation's verification status.

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
