//! The site footer.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::Key;
use crate::state::use_app;

/// The `<footer>`: accessibility statement and legal notice (placeholders for now) and the
/// free-software mention.
#[component]
pub fn Footer() -> impl IntoView {
    let app = use_app();
    view! {
        <footer class="site-footer">
            <div class="container site-footer__inner">
                <ul class="site-footer__links" aria-label=app.t(Key::FooterLabel)>
                    <li>
                        <A href="/accessibilite">{app.t(Key::FooterAccessibility)}</A>
                    </li>
                    <li>
                        <A href="/mentions-legales">{app.t(Key::FooterLegal)}</A>
                    </li>
                </ul>
                <p class="site-footer__license">{app.t(Key::FooterFreeSoftware)}</p>
            </div>
        </footer>
    }
}
