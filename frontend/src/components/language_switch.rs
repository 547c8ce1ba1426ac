//! The French / English switch in the header.

use leptos::prelude::*;
use protocol::api::Language;

use crate::i18n::{Common, endonym};
use crate::state::use_app;

/// Two toggle buttons, "Français" and "English" (each in its own language, `aria-pressed` on
/// the current one). Choosing one switches the interface, remembers the choice in
/// `localStorage` (`voix.lang`) and, when signed in, saves it to the account.
///
/// Test hooks: `data-testid="lang-fr"` and `data-testid="lang-en"`.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let app = use_app();
    let button = move |lang: Language| {
        view! {
            <button
                type="button"
                class="lang-switch__button"
                lang=lang.as_str()
                data-testid=format!("lang-{}", lang.as_str())
                aria-pressed=move || if app.lang.get() == lang { "true" } else { "false" }
                on:click=move |_| app.choose_language(lang)
            >
                {endonym(lang)}
            </button>
        }
    };
    view! {
        <div class="lang-switch" role="group" aria-label=app.t(Common::LanguageSwitchLabel)>
            {button(Language::Fr)}
            {button(Language::En)}
        </div>
    }
}
