//! The error summary shown at the top of a form after a failed submit.

use leptos::html;
use leptos::prelude::*;

use crate::components::{FormError, focus_by_id};
use crate::i18n::error_count;
use crate::state::use_app;

/// A `role="alert"` region listing a form's errors; field errors link to their input.
///
/// Whenever `errors` becomes non-empty (a failed submit), keyboard focus moves to the summary.
/// The region itself is always in the page so that the alert is announced reliably.
#[component]
pub fn ErrorSummary(
    /// The form's errors.
    errors: RwSignal<Vec<FormError>>,
    /// Id (and `data-testid`) of the summary box.
    id: &'static str,
) -> impl IntoView {
    let app = use_app();
    let node = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if errors.with(|e| !e.is_empty()) {
            // Wait for the summary to be rendered before focusing it.
            request_animation_frame(move || {
                if let Some(el) = node.get_untracked() {
                    let _ = el.focus();
                }
            });
        }
    });
    view! {
        <div role="alert" class="error-summary-region">
            {move || {
                let errs = errors.get();
                if errs.is_empty() {
                    return None;
                }
                let lang = app.lang.get();
                let items = errs
                    .into_iter()
                    .map(|e| {
                        let text = e.msg.render(lang);
                        match e.field {
                            Some(field) => {
                                view! {
                                    <li>
                                        <a
                                            href=format!("#{field}")
                                            on:click=move |ev| {
                                                ev.prevent_default();
                                                focus_by_id(field);
                                            }
                                        >
                                            {text}
                                        </a>
                                    </li>
                                }
                                    .into_any()
                            }
                            None => view! { <li>{text}</li> }.into_any(),
                        }
                    })
                    .collect_view();
                Some(
                    view! {
                        <div class="error-summary" id=id data-testid=id tabindex="-1" node_ref=node>
                            <p class="error-summary__title">{error_count(lang, errors.with(Vec::len))}</p>
                            <ul class="error-summary__list">{items}</ul>
                        </div>
                    },
                )
            }}
        </div>
    }
}
