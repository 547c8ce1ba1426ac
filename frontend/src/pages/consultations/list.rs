//! `/consultations`: the list of the town's consultations, newest opening first.

use leptos::prelude::*;

use crate::components::LoadFailed;
use leptos_router::components::A;
use protocol::consultations::ConsultationSummary;

use super::ConsultationBadge;
use crate::api::ApiError;
use crate::api::consultations as api;
use crate::components::{Load, Loader, PageHeading};
use crate::format::{format_date_time, iso};
use crate::i18n::{Consultations, Requests};
use crate::state::use_app;

#[component]
pub fn ConsultationsPage() -> impl IntoView {
    let app = use_app();
    let data: Loader<Result<Vec<ConsultationSummary>, ApiError>> =
        Loader::new(|| (), |()| api::list());
    view! {
        <div class="page page--wide">
            <PageHeading title=Consultations::ConsultationsTitle />
            <p class="lead">{app.t(Consultations::ConsultationsIntro)}</p>
            <Load loader=data let:loaded>
                {match loaded {
                Err(e) => view! { <LoadFailed error=e retry=data.retry() /> }
                    .into_any(),
                Ok(items) if items.is_empty() => view! {
                    <p class="empty-state" data-testid="consultations-empty">{app.t(Consultations::ConsultationsEmpty)}</p>
                }
                    .into_any(),
                Ok(items) => view! { <ConsultationTable items=items /> }.into_any(),
                }}
            </Load>
        </div>
    }
}

#[component]
fn ConsultationTable(items: Vec<ConsultationSummary>) -> impl IntoView {
    let app = use_app();
    let rows = items
        .into_iter()
        .map(|c| {
            let title = c.title.clone();
            let (opens, closes) = (c.opens_at, c.closes_at);
            view! {
                <tr data-testid="consultation-row">
                    <th scope="row" class="table__title">
                        <A href=format!("/consultations/{}", c.id)>
                            {move || title.get(app.lang.get()).to_owned()}
                        </A>
                    </th>
                    <td data-label=app.t(Requests::ColStatus)><ConsultationBadge status=c.status /></td>
                    <td data-label=app.t(Consultations::ConsultationOpens)>
                        <time datetime=iso(opens)>{move || format_date_time(opens, app.lang.get())}</time>
                    </td>
                    <td data-label=app.t(Consultations::ConsultationCloses)>
                        <time datetime=iso(closes)>{move || format_date_time(closes, app.lang.get())}</time>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" role="region" aria-labelledby="consultations-caption" tabindex="0">
            <table class="table table--list table--stack" data-testid="consultations">
                <caption id="consultations-caption">{app.t(Consultations::ConsultationsCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{app.t(Consultations::ConsultationColTitle)}</th>
                        <th scope="col">{app.t(Requests::ColStatus)}</th>
                        <th scope="col">{app.t(Consultations::ConsultationOpens)}</th>
                        <th scope="col">{app.t(Consultations::ConsultationCloses)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
