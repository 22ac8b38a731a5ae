//! The proposer's choice of how backlog votes are weighed, until the first vote.

use cc2i_shared::idea::VotingModel;
use yew::prelude::*;

use super::radios::{radios, RadiosProps};
use crate::form_errors::FormErrors;

/// What each model means, in a sentence.
pub fn model_words(model: VotingModel) -> &'static str {
    match model {
        VotingModel::OneOrgOneVote => {
            "Each funding organisation has one vote per requirement, whatever its share."
        }
        VotingModel::ShareWeighted => {
            "Each funding organisation’s vote weighs its share of the cost: its pledged share while the idea is open, its final share once it is funded."
        }
    }
}

/// Props for [`VotingModelForm`].
#[derive(Properties, PartialEq)]
pub struct VotingModelFormProps {
    /// The model now.
    pub model: VotingModel,
    /// Errors from the last attempt.
    pub errors: FormErrors,
    /// Called with the chosen model.
    pub onsubmit: Callback<VotingModel>,
}

/// Two radios and a button.
#[function_component]
pub fn VotingModelForm(props: &VotingModelFormProps) -> Html {
    let chosen = use_state(|| props.model);
    let onsubmit = {
        let chosen = chosen.clone();
        props.onsubmit.reform(move |e: SubmitEvent| {
            e.prevent_default();
            *chosen
        })
    };
    let onchange = {
        let chosen = chosen.clone();
        Callback::from(move |code: String| {
            chosen.set(VotingModel::from_code(&code));
        })
    };
    let options = [
        (VotingModel::OneOrgOneVote, "One organisation, one vote"),
        (
            VotingModel::ShareWeighted,
            "Weighted by each funder’s share",
        ),
    ]
    .into_iter()
    .map(|(m, label)| (AttrValue::Static(m.code()), AttrValue::Static(label)))
    .collect::<Vec<_>>();
    html! {
        <form novalidate=true {onsubmit}>
            { radios(&yew::props!(RadiosProps {
                id: "voting_model",
                legend: "How are funders’ votes weighed?",
                legend_classes: classes!("govuk-fieldset__legend--s"),
                hint: model_words(*chosen),
                options: options,
                value: AttrValue::Static(chosen.code()),
                onchange: onchange,
                error: props.errors.field("voting_model"),
            })) }
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
                { "Save voting model" }
            </button>
        </form>
    }
}
