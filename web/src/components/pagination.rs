//! GOV.UK pagination for cursor-paged lists: a "Next page" link.

use yew::prelude::*;

/// Props for [`next_page`], built with `yew::props!` (a function rather than a component:
/// smaller wasm).
#[derive(Properties, PartialEq)]
pub struct NextPageProps {
    /// The address of the next page.
    pub href: AttrValue,
    /// Called instead of following the link, so the app can navigate without reloading.
    pub onclick: Callback<()>,
}

/// A block-style pagination link to the next page.
pub fn next_page(props: &NextPageProps) -> Html {
    let onclick = {
        let onclick = props.onclick.clone();
        Callback::from(move |e: MouseEvent| {
            if !(e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key()) {
                e.prevent_default();
                onclick.emit(());
            }
        })
    };
    html! {
        <nav class="govuk-pagination govuk-pagination--block" aria-label="Pagination">
            <div class="govuk-pagination__next">
                <a class="govuk-link govuk-pagination__link" href={props.href.clone()} rel="next" {onclick}>
                    <svg
                        class="govuk-pagination__icon govuk-pagination__icon--next"
                        xmlns="http://www.w3.org/2000/svg"
                        height="13"
                        width="15"
                        aria-hidden="true"
                        focusable="false"
                        viewBox="0 0 15 13"
                    >
                        <path d="m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z" />
                    </svg>
                    <span class="govuk-pagination__link-title govuk-pagination__link-title--decorated">
                        { "Next page" }
                    </span>
                </a>
            </div>
        </nav>
    }
}
