//! GOV.UK tabs, driven by the app rather than GOV.UK Frontend's script: the tab list with
//! its ARIA roles, arrow keys between tabs, and one panel shown at a time.

use web_sys::HtmlElement;
use yew::prelude::*;

/// One tab and its panel.
#[derive(Clone, PartialEq)]
pub struct Tab {
    /// The panel's id (the tab's is `tab_{id}`).
    pub id: AttrValue,
    /// The tab's text.
    pub label: AttrValue,
    /// What the panel holds.
    pub panel: Html,
}

/// Props for [`tabs`], built with `yew::props!` (a function rather than a component:
/// smaller wasm).
#[derive(Properties, PartialEq)]
pub struct TabsProps {
    /// The tabs in order.
    pub tabs: Vec<Tab>,
    /// The index of the tab shown.
    pub selected: usize,
    /// Called with the index of the tab chosen.
    pub onselect: Callback<usize>,
}

fn focus_tab(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("tab_{id}")))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<HtmlElement>(e).ok());
    if let Some(element) = element {
        let _focused = element.focus();
    }
}

/// The tabs; a click or an arrow key shows another panel.
pub fn tabs(props: &TabsProps) -> Html {
    let count = props.tabs.len();
    let item = |(index, tab): (usize, &Tab)| {
        let selected = index == props.selected;
        let onclick = props.onselect.reform(move |e: MouseEvent| {
            e.prevent_default();
            index
        });
        let onkeydown = {
            let (onselect, ids) = (
                props.onselect.clone(),
                props.tabs.iter().map(|t| t.id.clone()).collect::<Vec<_>>(),
            );
            Callback::from(move |e: KeyboardEvent| {
                let next = match e.key().as_str() {
                    "ArrowRight" | "ArrowDown" => (index + 1) % count,
                    "ArrowLeft" | "ArrowUp" => (index + count - 1) % count,
                    _ => return,
                };
                e.prevent_default();
                onselect.emit(next);
                focus_tab(&ids[next]);
            })
        };
        html! {
            <li
                class={classes!(
                    "govuk-tabs__list-item",
                    selected.then_some("govuk-tabs__list-item--selected")
                )}
                role="presentation"
            >
                <a
                    class="govuk-tabs__tab"
                    href={format!("#{}", tab.id)}
                    id={format!("tab_{}", tab.id)}
                    role="tab"
                    aria-controls={tab.id.clone()}
                    aria-selected={if selected { "true" } else { "false" }}
                    tabindex={if selected { "0" } else { "-1" }}
                    {onclick}
                    {onkeydown}
                >
                    { tab.label.clone() }
                </a>
            </li>
        }
    };
    let panel = |(index, tab): (usize, &Tab)| {
        let selected = index == props.selected;
        html! {
            <div
                class={classes!(
                    "govuk-tabs__panel",
                    (!selected).then_some("govuk-tabs__panel--hidden")
                )}
                id={tab.id.clone()}
                role="tabpanel"
                aria-labelledby={format!("tab_{}", tab.id)}
                hidden={!selected}
            >
                { tab.panel.clone() }
            </div>
        }
    };
    html! {
        <div class="govuk-tabs app-tabs">
            <h2 class="govuk-tabs__title">{ "Contents" }</h2>
            <ul class="govuk-tabs__list" role="tablist">
                { for props.tabs.iter().enumerate().map(item) }
            </ul>
            { for props.tabs.iter().enumerate().map(panel) }
        </div>
    }
}
