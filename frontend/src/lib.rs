//! Voix's browser single-page application.
//!
//! A Leptos client-side-rendered app compiled to `wasm32-unknown-unknown`. **Start-up:** the
//! exported [`start`] function is marked `#[wasm_bindgen(start)]`, so wasm-bindgen's generated
//! `init()` runs it as soon as the module is instantiated; `static/boot.js` (loaded by
//! `index.html` as an external module, as the Content Security Policy requires) only imports
//! `/pkg/voix.js` and awaits `init()`. [`start`] mounts [`App`] at the end of `<body>`.
//!
//! Layout: [`api`] (typed calls to `/api/v1`), [`i18n`] (every string, French and English),
//! [`state`] (language, town, session), [`validate`] (client-side mirrors of the server's
//! rules), [`components`] and [`pages`] (one module per route).

pub mod api;
pub mod components;
pub mod format;
pub mod i18n;
pub mod pages;
pub mod sign_in;
pub mod state;
pub mod validate;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::path;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::components::skip_link::MAIN_ID;
use crate::components::{Footer, Header, ServiceNotice, SkipLink};
use crate::pages::{
    AccessibilityPage, AccountPage, CheckEmailPage, ForgotPasswordPage, HomePage, LegalPage,
    LoginPage, NotFoundPage, RegisterPage, ResetPasswordPage, SecurityPage, VerifyEmailPage,
};
use crate::pages::{AuditPage, CategoriesPage, FlagsPage};
use crate::pages::{BoardPage, ResultsPage, VotePage};
use crate::pages::{CensusPage, ManualResidencyPage, ResidencyPage};
use crate::pages::{ConsultationPage, ConsultationsPage};
use crate::pages::{MyRequestsPage, NewRequestPage, RequestPage, StaffQueuePage};
use crate::pages::{NewConsultationPage, StaffConsultationPage, StaffConsultationsPage};
use crate::pages::{TrusteeListPage, TrusteePage};
use crate::state::{AppState, use_app};

/// The whole application: skip link, header, routed `<main>`, footer.
#[component]
pub fn App() -> impl IntoView {
    AppState::provide();
    view! {
        <Router>
            <TotpGuard />
            <SkipLink />
            <Header />
            <main id=MAIN_ID class="site-main" tabindex="-1">
                <div class="container">
                    <ServiceNotice />
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=HomePage />
                        <Route path=path!("/register") view=RegisterPage />
                        <Route path=path!("/check-email") view=CheckEmailPage />
                        <Route path=path!("/verify-email") view=VerifyEmailPage />
                        <Route path=path!("/login") view=LoginPage />
                        <Route path=path!("/forgot-password") view=ForgotPasswordPage />
                        <Route path=path!("/reset-password") view=ResetPasswordPage />
                        <Route path=path!("/account") view=AccountPage />
                        <Route path=path!("/account/security") view=SecurityPage />
                        <Route path=path!("/account/residency") view=ResidencyPage />
                        // One parent for the request pages: the router matches in order, so the
                        // fixed paths come before the tracking number.
                        <ParentRoute path=path!("/requests") view=Outlet>
                            <Route path=path!("/new") view=NewRequestPage />
                            <Route path=path!("/mine") view=MyRequestsPage />
                            <Route path=path!("/:number") view=RequestPage />
                        </ParentRoute>
                        <Route path=path!("/consultations") view=ConsultationsPage />
                        <Route path=path!("/consultations/:id/vote") view=VotePage />
                        <Route path=path!("/consultations/:id/board") view=BoardPage />
                        <Route path=path!("/consultations/:id/results") view=ResultsPage />
                        <Route path=path!("/consultations/:id") view=ConsultationPage />
                        <Route path=path!("/trustee") view=TrusteeListPage />
                        <Route path=path!("/trustee/:id") view=TrusteePage />
                        <Route path=path!("/staff/requests") view=StaffQueuePage />
                        <Route path=path!("/staff/categories") view=CategoriesPage />
                        <Route path=path!("/staff/consultations") view=StaffConsultationsPage />
                        <Route path=path!("/staff/consultations/new") view=NewConsultationPage />
                        <Route path=path!("/staff/consultations/:id") view=StaffConsultationPage />
                        <Route path=path!("/staff/flags") view=FlagsPage />
                        <Route path=path!("/admin/audit") view=AuditPage />
                        <Route path=path!("/admin/census") view=CensusPage />
                        <Route path=path!("/admin/residency") view=ManualResidencyPage />
                        <Route path=path!("/accessibilite") view=AccessibilityPage />
                        <Route path=path!("/mentions-legales") view=LegalPage />
                    </Routes>
                </div>
            </main>
            <Footer />
        </Router>
    }
}

/// Pages a session restricted to second-factor enrolment may still show.
const ENROLMENT_PAGES: [&str; 3] = ["/account/security", "/accessibilite", "/mentions-legales"];

/// Sends an account whose role requires a second factor it has not set up to the enrolment
/// page, from wherever it is (the server refuses everything else to such a session anyway).
#[component]
fn TotpGuard() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let location = use_location();
    Effect::new(move |_| {
        let must_enrol = app.session.with(|s| {
            s.me()
                .is_some_and(|me| me.totp_required && !me.totp_enabled)
        });
        let path = location.pathname.get();
        if must_enrol && !ENROLMENT_PAGES.contains(&path.as_str()) {
            navigate(
                "/account/security",
                NavigateOptions {
                    replace: true,
                    ..NavigateOptions::default()
                },
            );
        }
    });
}

/// Entry point, run by wasm-bindgen's `init()`: mounts [`App`] into `<body>`.
#[wasm_bindgen(start)]
pub fn start() {
    mount_to_body(App);
}
