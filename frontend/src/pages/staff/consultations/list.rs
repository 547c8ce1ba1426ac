//! `/staff/consultations`: every consultation of the town, drafts included.

use leptos::prelude::*;

use crate::components::LoadFailed;
use leptos_router::components::A;
use protocol::consultations::ConsultationSummary;

use crate::api::ApiError;
use crate::components::{Load, Loader, PageHeadingText};
use crate::format::format_date_time;
use crate::pages::consultations::ConsultationBadge;
use crate::pages::staff::RoleGate;
use crate::state::use_app;

use super::*;

/// `/staff/consultations`
#[component]
pub fn StaffConsultationsPage() -> impl IntoView {
    let app = use_app();
    let heading =
        Signal::derive(move || Setup::NavConsultationsStaff.text(app.lang.get()).to_owned());
    view! {
        <div class="page page--wide staff-consultations">
            <PageHeadingText text=heading />
            <p class="lead">
                {app.t(Setup::ListIntro)}
            </p>
            <RoleGate allow={protocol::api::Role::is_staff}>
                <ConsultationList />
            </RoleGate>
        </div>
    }
}

#[component]
pub(super) fn ConsultationList() -> impl IntoView {
    let app = use_app();
    let data: Loader<Result<Vec<ConsultationSummary>, ApiError>> =
        Loader::new(|| (), |()| crate::api::consultations::list());
    let body = move |loaded: Result<Vec<ConsultationSummary>, ApiError>| {
        let lang = app.lang.get();
        match loaded {
            Err(e) => view! { <LoadFailed error=e retry=data.retry() /> }.into_any(),
            Ok(list) if list.is_empty() => view! {
                <p class="empty-state" data-testid="staff-consultations-empty">
                    {Setup::NoConsultationYet.text(lang)}
                </p>
            }
            .into_any(),
            Ok(list) => {
                let rows = list
                    .into_iter()
                    .map(|c| {
                        let href = format!("/staff/consultations/{}", c.id);
                        let title = c.title.get(lang).to_owned();
                        view! {
                            <tr data-testid="staff-consultation-row" data-id=c.id.clone()>
                                <th scope="row"><a href=href>{title}</a></th>
                                <td data-label=Setup::ColStatus.text(lang)><ConsultationBadge status=c.status /></td>
                                <td data-label=Setup::Opens.text(lang)>{format_date_time(c.opens_at, lang)}</td>
                                <td data-label=Setup::Closes.text(lang)>{format_date_time(c.closes_at, lang)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="table-wrap" role="region" aria-labelledby="staff-consultations-caption" tabindex="0">
                        <table class="table table--list table--stack" data-testid="staff-consultations-table">
                            <caption id="staff-consultations-caption">
                                {Setup::ListCaption.text(lang)}
                            </caption>
                            <thead>
                                <tr>
                                    <th scope="col">{Setup::Title.text(lang)}</th>
                                    <th scope="col">{Setup::ColStatus.text(lang)}</th>
                                    <th scope="col">{Setup::Opens.text(lang)}</th>
                                    <th scope="col">{Setup::Closes.text(lang)}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }
        }
    };
    view! {
        <div class="page-actions">
            <A href="/staff/consultations/new" attr:class="button button--primary" {..} data-testid="new-consultation">
                <span aria-hidden="true">"+\u{a0}"</span>
                {app.t(Setup::NewConsultation)}
            </A>
        </div>
        <Load loader=data let:loaded>{body(loaded)}</Load>
    }
}
