//! `/`: what Voix is for this town.

use leptos::prelude::*;

use protocol::consultations::{ConsultationStatus, ConsultationSummary};

use crate::api::ApiError;
use crate::components::{Loader, Loading, PageHeading, StatusMessage};
use crate::i18n::{self, Common, Requests, hello};
use crate::state::{Session, use_app};

/// The home page: reporting a problem (featured), the consultations (with how many are open
/// for voting) and the way in to an account.
#[component]
pub fn HomePage() -> impl IntoView {
    let app = use_app();
    let flash = app.take_flash();
    let signed_in_name = Memo::new(move |_| {
        app.session
            .with(|s| s.me().map(|me| me.display_name.clone()))
    });
    let unknown = move || app.session.with(|s| matches!(s, Session::Unknown));
    let consultations: Loader<Result<Vec<ConsultationSummary>, ApiError>> =
        Loader::new(|| (), |()| crate::api::consultations::list());
    let open_now = move || {
        consultations.with(|c| {
            c.and_then(|r| r.as_ref().ok()).map_or(0, |list| {
                list.iter()
                    .filter(|c| c.status == ConsultationStatus::Open)
                    .count()
            })
        })
    };
    view! {
        <div class="page page--wide">
            <StatusMessage message=Signal::stored(flash) testid="flash" />
            <PageHeading title=Common::HomeTitle doc_title=Common::NavHome />
            <p class="lead">{app.t(Common::HomeLead)}</p>
            <div class="cards">
                <section class="card card--featured" aria-labelledby="home-report">
                    <h2 id="home-report" class="card__title">{app.t(Common::HomeReportTitle)}</h2>
                    <p>{app.t(Common::HomeReportText)}</p>
                    <p class="actions">
                        <a href="/requests/new" class="button button--primary" data-testid="home-report">
                            {app.t(Requests::HomeReportLink)}
                        </a>
                        <Show when=move || signed_in_name.with(Option::is_some)>
                            <a href="/requests/mine" class="button button--secondary" data-testid="home-my-requests">
                                {app.t(Requests::HomeMyRequestsLink)}
                            </a>
                        </Show>
                    </p>
                </section>
                <section class="card" aria-labelledby="home-consult">
                    <h2 id="home-consult" class="card__title">{app.t(Common::HomeConsultTitle)}</h2>
                    <p>{app.t(Common::HomeConsultText)}</p>
                    {move || {
                        let n = open_now();
                        (n > 0)
                            .then(|| {
                                view! {
                                    <p data-testid="home-open-consultations">
                                        <strong>{move || i18n::open_consultations(app.lang.get(), n)}</strong>
                                    </p>
                                }
                            })
                    }}
                    <p class="actions">
                        <a href="/consultations" class="button button--secondary" data-testid="home-consultations">
                            {app.t(Common::HomeConsultLink)}
                        </a>
                    </p>
                </section>
            </div>
            <section class="home-account" aria-labelledby="home-account">
                <h2 id="home-account">{app.t(Common::HomeAccountTitle)}</h2>
                {move || {
                    if unknown() {
                        return view! { <Loading /> }.into_any();
                    }
                    match signed_in_name.get() {
                        Some(name) => {
                            view! {
                                <p>
                                    {move || hello(app.lang.get(), &name)} " "
                                    {app.t(Common::HomeAccountTextSignedIn)}
                                </p>
                                <p class="actions">
                                    <a href="/account" class="button button--primary" data-testid="home-account">
                                        {app.t(Common::HomeGoToAccount)}
                                    </a>
                                </p>
                            }
                                .into_any()
                        }
                        None => {
                            view! {
                                <p>{app.t(Common::HomeAccountTextAnonymous)}</p>
                                <p class="actions">
                                    <a href="/register" class="button button--primary" data-testid="home-register">
                                        {app.t(Common::NavRegister)}
                                    </a>
                                    <a href="/login" class="button button--secondary" data-testid="home-login">
                                        {app.t(Common::NavLogin)}
                                    </a>
                                </p>
                            }
                                .into_any()
                        }
                    }
                }}
            </section>
        </div>
    }
}
