//! `/consultations`: the list of the town's consultations, newest opening first.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use protocol::consultations::ConsultationSummary;

use super::ConsultationBadge;
use crate::api::ApiError;
use crate::api::consultations as api;
use crate::components::PageHeading;
use crate::i18n::{Common, Consultations, Requests};
use crate::pages::requests::{format_date_time, iso};
use crate::state::use_app;

#[component]
pub fn ConsultationsPage() -> impl IntoView {
    let app = use_app();
    let data = RwSignal::new(None::<Result<Vec<ConsultationSummary>, ApiError>>);
    let load = move || {
        spawn_local(async move {
            data.set(Some(api::list().await));
        });
    };
    load();
    view! {
        <div class="page page--wide">
            <PageHeading title=Consultations::ConsultationsTitle />
            <p class="lead">{app.t(Consultations::ConsultationsIntro)}</p>
            {move || match data.get() {
                None => view! { <p>{app.t(Common::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <div class="notice notice--error" role="alert">
                        <p>{move || e.user_message(app.lang.get())}</p>
                        <p>
                            <button type="button" class="button button--secondary" on:click=move |_| load()>
                                {app.t(Common::Retry)}
                            </button>
                        </p>
                    </div>
                }
                    .into_any(),
                Some(Ok(items)) if items.is_empty() => view! {
                    <p class="empty-state" data-testid="consultations-empty">{app.t(Consultations::ConsultationsEmpty)}</p>
                }
                    .into_any(),
                Some(Ok(items)) => view! { <ConsultationTable items=items /> }.into_any(),
            }}
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
