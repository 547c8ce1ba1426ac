//! The site footer.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::Common;
use crate::state::use_app;

/// The `<footer>`: accessibility statement and legal notice (placeholders for now) and the
/// free-software mention.
#[component]
pub fn Footer() -> impl IntoView {
    let app = use_app();
    view! {
        <footer class="site-footer">
            <div class="container site-footer__inner">
                <ul class="site-footer__links" aria-label=app.t(Common::FooterLabel)>
                    <li>
                        <A href="/accessibilite">{app.t(Common::FooterAccessibility)}</A>
                    </li>
                    <li>
                        <A href="/mentions-legales">{app.t(Common::FooterLegal)}</A>
                    </li>
                </ul>
                <p class="site-footer__license">{app.t(Common::FooterFreeSoftware)}</p>
            </div>
        </footer>
    }
}
