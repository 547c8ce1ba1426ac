//! `/requests/mine`: "Mes demandes", the signed-in resident's requests, newest first.

use leptos::prelude::*;

use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use protocol::requests::RequestPage as Page;

use crate::api::ApiError;
use crate::api::requests as rq;
use crate::components::{Load, LoadFailed, Loader, PageHeading};
use crate::format::{format_date, iso};
use crate::i18n::{self, Requests};
use crate::pages::requests::StatusBadge;
use crate::pages::requests::pagination::Pagination;
use crate::state::use_app;

/// The list of the resident's requests, as a table.
#[component]
pub fn MyRequestsPage() -> impl IntoView {
    let app = use_app();
    crate::sign_in::require_session(app, None);
    let query = use_query_map();
    let page = Memo::new(move |_| {
        query
            .with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok()))
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    });
    let signed_in = Memo::new(move |_| app.session.with(|s| s.me().is_some()));
    let data: Loader<Result<Page, ApiError>> =
        Loader::when(move || signed_in.get().then(|| page.get()), rq::my_requests);

    view! {
        <div class="page page--wide">
            <PageHeading title=Requests::MyRequestsTitle />
            <p class="actions page-actions">
                <A href="/requests/new" attr:class="button button--primary" {..} data-testid="my-requests-new">
                    {app.t(Requests::NavReport)}
                </A>
            </p>
            <Load loader=data let:loaded>{match loaded {
                Err(e) => {
                    view! { <LoadFailed error=e retry=data.retry() /> }
                        .into_any()
                }
                Ok(p) if p.items.is_empty() => {
                    view! {
                        <div class="empty-state" data-testid="my-requests-empty">
                            <p>{app.t(Requests::MyRequestsEmpty)}</p>
                            <p>
                                <A href="/requests/new">{app.t(Requests::MyRequestsEmptyLink)}</A>
                            </p>
                        </div>
                    }
                        .into_any()
                }
                Ok(p) => {
                    let rows = p
                        .items
                        .iter()
                        .map(|r| {
                            let number = r.number.clone();
                            let name = r.category.name.clone();
                            let (created, updated) = (r.created_at, r.updated_at);
                            view! {
                                <tr>
                                    <th scope="row">
                                        <A href=format!("/requests/{number}")>{number.clone()}</A>
                                    </th>
                                    <td data-label=app.t(Requests::ColCategory)>{move || name.get(app.lang.get()).to_owned()}</td>
                                    <td data-label=app.t(Requests::ColStatus)><StatusBadge status=r.status /></td>
                                    <td data-label=app.t(Requests::ColFiled)>
                                        <time datetime=iso(created)>{move || format_date(created, app.lang.get())}</time>
                                    </td>
                                    <td data-label=app.t(Requests::ColUpdated)>
                                        <time datetime=iso(updated)>{move || format_date(updated, app.lang.get())}</time>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view();
                    let (total, capped) = (p.total, p.total_capped);
                    view! {
                        <div class="table-wrap" role="region" aria-labelledby="my-requests-caption" tabindex="0">
                            <table class="table table--list table--stack" data-testid="my-requests">
                                <caption id="my-requests-caption">
                                    {move || i18n::my_requests_caption(app.lang.get(), total, capped)}
                                </caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{app.t(Requests::ColNumber)}</th>
                                        <th scope="col">{app.t(Requests::ColCategory)}</th>
                                        <th scope="col">{app.t(Requests::ColStatus)}</th>
                                        <th scope="col">{app.t(Requests::ColFiled)}</th>
                                        <th scope="col">{app.t(Requests::ColUpdated)}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        <Pagination
                            page=p.page
                            total=p.total
                            per_page=p.per_page
                            more=capped
                            href=|n| format!("/requests/mine?page={n}")
                        />
                    }
                        .into_any()
                }
            }}</Load>
        </div>
    }
}
