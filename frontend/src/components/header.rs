//! The site header: town identity, language switch, main navigation and sign-in state.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::LanguageSwitch;
use crate::i18n::{Common, Consultations, Requests, Setup, Staff, Text};
use crate::state::{Session, use_app};

/// The `<header>` banner of every page.
///
/// Shows "Voix · <town name>" (with the town's logo when it has one), the language switch,
/// the main navigation (`aria-current="page"` on the current link) and who is signed in.
#[component]
pub fn Header() -> impl IntoView {
    let app = use_app();
    let town_name = move || app.town.with(|t| t.as_ref().map(|t| t.name.clone()));
    let logo = move || {
        app.town.with(|t| {
            t.as_ref().and_then(|town| {
                let url = town.logo_url.clone()?;
                let alt = format!("{} {}", app.t(Common::LogoAlt)(), town.name);
                Some(view! { <img class="brand__logo" src=url alt=alt width="48" height="48" /> })
            })
        })
    };
    let signed_in_name = move || {
        app.session
            .with(|s| s.me().map(|me| me.display_name.clone()))
    };
    let anonymous = move || app.session.with(|s| !matches!(s, Session::SignedIn(_)));
    let staff = move || {
        app.session
            .with(|s| s.me().is_some_and(|me| me.role.is_staff()))
    };

    let official = move || {
        app.session.with(|s| {
            s.me()
                .is_some_and(|me| me.role == protocol::api::Role::Official)
        })
    };

    let admin = move || {
        app.session
            .with(|s| s.me().is_some_and(|me| me.role.is_admin()))
    };

    view! {
        <header class="site-header">
            <div class="header-bar">
                <div class="container header-bar__inner">
                    <a href="/" class="brand" data-testid="brand">
                        {logo}
                        <span class="brand__text">
                            <span class="brand__name">"Voix"</span>
                            {move || {
                                town_name()
                                    .map(|name| {
                                        view! {
                                            <span class="brand__sep" aria-hidden="true">
                                                " · "
                                            </span>
                                            <span class="brand__town" data-testid="town-name">
                                                {name}
                                            </span>
                                        }
                                    })
                            }}
                        </span>
                    </a>
                    <LanguageSwitch />
                </div>
            </div>
            <nav class="main-nav" aria-label=app.t(Common::MainNavLabel)>
                <div class="container main-nav__inner">
                    <ul class="main-nav__list">
                        <li>
                            <A href="/" exact=true attr:class="main-nav__link">
                                {app.t(Common::NavHome)}
                            </A>
                        </li>
                        <li>
                            <A href="/requests/new" attr:class="main-nav__link" {..} data-testid="nav-report">
                                {app.t(Requests::NavReport)}
                            </A>
                        </li>
                        <li>
                            <A href="/consultations" attr:class="main-nav__link" {..} data-testid="nav-consultations">
                                {app.t(Consultations::NavConsultations)}
                            </A>
                        </li>
                        {move || {
                            if anonymous() {
                                view! {
                                    <li>
                                        <A href="/login" attr:class="main-nav__link" {..} data-testid="nav-login">
                                            {app.t(Common::NavLogin)}
                                        </A>
                                    </li>
                                    <li>
                                        <A href="/register" attr:class="main-nav__link" {..} data-testid="nav-register">
                                            {app.t(Common::NavRegister)}
                                        </A>
                                    </li>
                                }
                                    .into_any()
                            } else {
                                view! {
                                    <li>
                                        <A href="/requests/mine" attr:class="main-nav__link" {..} data-testid="nav-my-requests">
                                            {app.t(Requests::NavMyRequests)}
                                        </A>
                                    </li>
                                    {official()
                                        .then(|| {
                                            view! {
                                                <li>
                                                    <A href="/trustee" attr:class="main-nav__link" {..} data-testid="nav-trustee">
                                                        {move || crate::i18n::trustee::Trustee::NavKeys.text(app.lang.get())}
                                                    </A>
                                                </li>
                                            }
                                        })}
                                    {staff()
                                        .then(|| {
                                            view! {
                                                <li>
                                                    <A href="/staff/requests" attr:class="main-nav__link" {..} data-testid="nav-queue">
                                                        {app.t(Requests::NavQueue)}
                                                    </A>
                                                </li>
                                                <li>
                                                    <A href="/staff/categories" attr:class="main-nav__link" {..} data-testid="nav-categories">
                                                        {app.t(Staff::NavCategories)}
                                                    </A>
                                                </li>
                                                <li>
                                                    <A href="/staff/consultations" attr:class="main-nav__link" {..} data-testid="nav-staff-consultations">
                                                        {app.t(Setup::NavManage)}
                                                    </A>
                                                </li>
                                                <li>
                                                    <A href="/staff/flags" attr:class="main-nav__link" {..} data-testid="nav-flags">
                                                        {app.t(Staff::NavFlags)}
                                                    </A>
                                                </li>
                                                <li>
                                                    <A href="/admin/residency" attr:class="main-nav__link" {..} data-testid="nav-residency">
                                                        {app.t(Staff::NavResidents)}
                                                    </A>
                                                </li>
                                            }
                                        })}
                                    {admin()
                                        .then(|| {
                                            view! {
                                                <li>
                                                    <A href="/admin/census" attr:class="main-nav__link" {..} data-testid="nav-census">
                                                        {app.t(Staff::NavCensus)}
                                                    </A>
                                                </li>
                                                <li>
                                                    <A href="/admin/audit" attr:class="main-nav__link" {..} data-testid="nav-audit">
                                                        {app.t(Staff::NavAudit)}
                                                    </A>
                                                </li>
                                            }
                                        })}
                                    <li>
                                        <A href="/account" attr:class="main-nav__link" {..} data-testid="nav-account">
                                            {app.t(Common::NavAccount)}
                                        </A>
                                    </li>
                                }
                                    .into_any()
                            }
                        }}
                    </ul>
                    {move || {
                        signed_in_name()
                            .map(|name| {
                                view! {
                                    <p class="main-nav__user" data-testid="signed-in-as">
                                        {app.t(Common::SignedInAs)}
                                        " "
                                        <strong>{name}</strong>
                                    </p>
                                }
                            })
                    }}
                </div>
            </nav>
        </header>
    }
}
