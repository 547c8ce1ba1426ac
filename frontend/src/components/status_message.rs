//! A polite live region for confirmations ("your details have been saved").

use leptos::prelude::*;

use crate::i18n::Key;
use crate::state::use_app;

/// A `role="status"` region that is always in the page, so that assistive technologies
/// announce the message when it appears; it shows `message` when there is one.
#[component]
pub fn StatusMessage(
    /// The message to show, if any.
    #[prop(into)]
    message: Signal<Option<Key>>,
    /// `data-testid` of the visible message box.
    #[prop(default = "status-message")]
    testid: &'static str,
) -> impl IntoView {
    let app = use_app();
    view! {
        <div role="status" class="status-region">
            {move || {
                message
                    .get()
                    .map(|key| {
                        view! {
                            <p class="notice notice--success" data-testid=testid>
                                {app.t(key)}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// A warning above every page when the server could not be reached at start-up, so that a
/// missing backend never leaves a silently half-working page.
#[component]
pub fn ServiceNotice() -> impl IntoView {
    let app = use_app();
    move || {
        app.service_error.get().map(|err| {
            view! {
                <div class="notice notice--error service-notice" data-testid="service-error">
                    <p>{move || err.user_message(app.lang.get())}</p>
                </div>
            }
        })
    }
}
