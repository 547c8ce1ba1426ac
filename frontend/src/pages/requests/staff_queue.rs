//! `/staff/requests`: the staff's queue of requests — filters (kept in the URL so that a view
//! can be bookmarked), sort, results table, pagination and the CSV export of the same filters.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::components::Loading;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use protocol::ErrorCode;
use protocol::requests::{Category, PersonRef, QueueSort, RequestPage as Page, RequestStatus};

use crate::api::ApiError;
use crate::api::requests::{self as rq, QUEUE_CSV_URL, QueueFilter, SORTS, sort_str};
use crate::components::{ErrorSummary, FormError, Load, Loader, PageHeading, focus_by_id};
use crate::format::intern;
use crate::i18n::age_text;
use crate::i18n::{self, Requests, Text};
use crate::pages::requests::fields::error_for;
use crate::pages::requests::pagination::Pagination;
use crate::pages::requests::{StatusBadge, role};
use crate::state::use_app;

fn sort_key(sort: QueueSort) -> Requests {
    match sort {
        QueueSort::Oldest => Requests::SortOldest,
        QueueSort::Newest => Requests::SortNewest,
        QueueSort::RecentlyUpdated => Requests::SortRecentlyUpdated,
        QueueSort::MostFollowed => Requests::SortMostFollowed,
    }
}

fn url_for(filter: &QueueFilter) -> String {
    let query = filter.to_query(true);
    if query.is_empty() {
        "/staff/requests".to_owned()
    } else {
        format!("/staff/requests?{query}")
    }
}

/// The staff queue.
#[component]
pub fn StaffQueuePage() -> impl IntoView {
    let app = use_app();
    crate::sign_in::require_session(app, None);
    let allowed = move || role(app).map(protocol::api::Role::is_staff);
    view! {
        <div class="page page--full">
            <PageHeading title=Requests::QueueTitle />
            {move || match allowed() {
                None => view! { <Loading /> }.into_any(),
                Some(false) => {
                    view! {
                        <div class="notice notice--error" role="alert" data-testid="forbidden">
                            <p>{app.t(ErrorCode::Forbidden)}</p>
                        </div>
                    }
                        .into_any()
                }
                Some(true) => view! { <Queue /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Queue() -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let query = use_query_map();
    let filter = Memo::new(move |_| QueueFilter::from_query(|k| query.with(|q| q.get(k))));

    let categories = RwSignal::new(Vec::<Category>::new());
    let members = RwSignal::new(Vec::<PersonRef>::new());
    spawn_local(async move {
        if let Ok(list) = rq::categories().await {
            categories.set(list);
        }
    });
    spawn_local(async move {
        if let Ok(list) = rq::members().await {
            members.set(list);
        }
    });

    // The form's fields, set from the URL.
    let statuses = RwSignal::new(Vec::<RequestStatus>::new());
    let category = RwSignal::new(String::new());
    let assignee = RwSignal::new(String::new());
    let min_age = RwSignal::new(String::new());
    let q = RwSignal::new(String::new());
    let sort = RwSignal::new(QueueSort::default());
    let errors = RwSignal::new(Vec::<FormError>::new());
    // The form shows the filter of the address.
    Effect::new(move |_| {
        let f = filter.get();
        statuses.set(f.statuses.clone());
        category.set(f.category.clone());
        assignee.set(f.assignee.clone());
        min_age.set(f.min_age_days.clone());
        q.set(f.q.clone());
        sort.set(f.sort);
    });
    let data: Loader<Result<Page, ApiError>> =
        Loader::new(move || filter.get(), |f| async move { rq::queue(&f).await });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let days = min_age.get_untracked().trim().to_owned();
        if !days.is_empty() && days.parse::<u32>().is_err() {
            errors.set(vec![FormError::field(
                "min_age_days",
                Requests::ErrWholeDays,
            )]);
            return;
        }
        errors.set(Vec::new());
        let mut chosen = statuses.get_untracked();
        chosen.sort();
        let next = QueueFilter {
            statuses: chosen,
            category: category.get_untracked(),
            assignee: assignee.get_untracked(),
            min_age_days: days,
            q: q.get_untracked().trim().to_owned(),
            sort: sort.get_untracked(),
            page: 1,
        };
        navigate(&url_for(&next), Default::default());
        request_animation_frame(|| focus_by_id("results-title"));
    };

    let status_boxes = RequestStatus::ALL
        .into_iter()
        .map(|s| {
            let id = intern(format!("filter-status-{}", s.as_str()));
            view! {
                <div class="choice__option">
                    <input
                        type="checkbox"
                        id=id
                        name="status"
                        value=s.as_str()
                        prop:checked=move || statuses.with(|v| v.contains(&s))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            statuses.update(|v| {
                                v.retain(|x| *x != s);
                                if on {
                                    v.push(s);
                                }
                            });
                        }
                    />
                    <label for=id>{app.t(s)}</label>
                </div>
            }
        })
        .collect_view();

    let category_options = move || {
        let lang = app.lang.get();
        categories
            .get()
            .into_iter()
            .map(|c| {
                let code = c.code.clone();
                let selected = move || category.with(|v| *v == code);
                view! { <option value=c.code.clone() selected=selected>{c.name.get(lang).to_owned()}</option> }
            })
            .collect_view()
    };
    let member_options = move || {
        members
            .get()
            .into_iter()
            .map(|m| {
                let id = m.id.clone();
                let selected = move || assignee.with(|v| *v == id);
                view! { <option value=m.id.clone() selected=selected>{m.display_name.clone()}</option> }
            })
            .collect_view()
    };
    let sort_options = SORTS
        .into_iter()
        .map(|s| {
            view! {
                <option value=sort_str(s) selected=move || sort.get() == s>
                    {app.t(sort_key(s))}
                </option>
            }
        })
        .collect_view();
    let csv_href = move || {
        let query = filter.with(|f| f.to_query(false));
        if query.is_empty() {
            QUEUE_CSV_URL.to_owned()
        } else {
            format!("{QUEUE_CSV_URL}?{query}")
        }
    };
    let days_error = move || error_for(errors, "min_age_days").is_some();

    view! {
        <section class="queue-filters" aria-labelledby="filters-title">
            <h2 id="filters-title" class="visually-hidden">{app.t(Requests::FiltersTitle)}</h2>
            <ErrorSummary errors=errors id="filter-errors" />
            <form class="filters" novalidate role="search" aria-labelledby="filters-title" on:submit=on_submit data-testid="queue-filters">
                <fieldset class="choice filters__statuses">
                    <legend class="field__label">{app.t(Requests::ColStatus)}</legend>
                    <div class="filters__status-grid">{status_boxes}</div>
                </fieldset>
                <div class="filters__grid">
                    <div class="field">
                        <label for="filter_q" class="field__label">{app.t(Requests::FieldSearch)}</label>
                        <input class="field__input" type="search" id="filter_q" name="q" bind:value=q />
                    </div>
                    <div class="field">
                        <label for="filter_category" class="field__label">{app.t(Requests::ColCategory)}</label>
                        <select
                            class="field__select"
                            id="filter_category"
                            name="category"
                            prop:value=move || category.get()
                            on:change=move |ev| category.set(event_target_value(&ev))
                        >
                            <option value="">{app.t(Requests::AllCategories)}</option>
                            {category_options}
                        </select>
                    </div>
                    <div class="field">
                        <label for="filter_assignee" class="field__label">{app.t(Requests::Assignee)}</label>
                        <select
                            class="field__select"
                            id="filter_assignee"
                            name="assignee"
                            prop:value=move || assignee.get()
                            on:change=move |ev| assignee.set(event_target_value(&ev))
                        >
                            <option value="">{app.t(Requests::AllAssignees)}</option>
                            <option value="none" selected=move || assignee.with(|a| a == "none")>
                                {app.t(Requests::UnassignedFilter)}
                            </option>
                            {member_options}
                        </select>
                    </div>
                    <div class="field" class:field--error=days_error>
                        <label for="min_age_days" class="field__label">{app.t(Requests::FieldMinAge)}</label>
                        {move || {
                            error_for(errors, "min_age_days")
                                .map(|msg| view! { <p class="field__error" id="min_age_days-error">{move || msg.render(app.lang.get())}</p> })
                        }}
                        <input
                            class="field__input field__input--short"
                            type="text"
                            inputmode="numeric"
                            id="min_age_days"
                            name="min_age_days"
                            aria-invalid=move || days_error().then_some("true")
                            aria-describedby=move || days_error().then_some("min_age_days-error")
                            bind:value=min_age
                        />
                    </div>
                    <div class="field">
                        <label for="sort" class="field__label">{app.t(Requests::FieldSort)}</label>
                        <select
                            class="field__select"
                            id="sort"
                            name="sort"
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                if let Some(s) = SORTS.into_iter().find(|s| sort_str(*s) == v) {
                                    sort.set(s);
                                }
                            }
                        >
                            {sort_options}
                        </select>
                    </div>
                </div>
                <div class="button-row">
                    <button type="submit" class="button button--primary" data-testid="filter-submit">
                        {app.t(Requests::FilterSubmit)}
                    </button>
                    <A href="/staff/requests" attr:class="button button--secondary">{app.t(Requests::FilterReset)}</A>
                </div>
            </form>
        </section>
        <section class="section queue-results" aria-labelledby="results-title">
            <div class="queue-results__head">
                <h2 id="results-title" tabindex="-1">{app.t(Requests::ResultsTitle)}</h2>
                <a href=csv_href class="button button--secondary" download="" data-testid="csv-export">
                    {app.t(Requests::CsvExport)}
                </a>
            </div>
            <Load loader=data let:loaded>
                {match loaded {
                Err(e) => {
                    view! {
                        <div class="notice notice--error" role="alert">
                            <p>{move || e.user_message(app.lang.get())}</p>
                        </div>
                    }
                        .into_any()
                }
                Ok(p) if p.items.is_empty() => {
                    view! { <p class="empty-state" data-testid="queue-empty">{app.t(Requests::QueueEmpty)}</p> }.into_any()
                }
                Ok(p) => view! { <QueueTable page=p filter=filter.get_untracked() /> }.into_any(),
                }}
            </Load>
        </section>
    }
}

#[component]
fn QueueTable(page: Page, filter: QueueFilter) -> impl IntoView {
    let app = use_app();
    let (total, capped) = (page.total, page.total_capped);
    let rows = page
        .items
        .into_iter()
        .map(|r| {
            let number = r.number.clone();
            let name = r.category.name.clone();
            let age = r.age_seconds;
            let assignee = r.assignee.clone();
            view! {
                <tr data-testid="queue-row">
                    <th scope="row">
                        <A href=format!("/requests/{number}")>{number.clone()}</A>
                    </th>
                    <td data-label=app.t(Requests::ColCategory)>{move || name.get(app.lang.get()).to_owned()}</td>
                    <td data-label=app.t(Requests::ColStatus)><StatusBadge status=r.status /></td>
                    <td data-label=app.t(Requests::ColExcerpt) class="table__excerpt">{r.excerpt.clone()}</td>
                    <td data-label=app.t(Requests::FieldAddress)>{r.address.clone().unwrap_or_default()}</td>
                    <td data-label=app.t(Requests::Assignee)>
                        {move || {
                            assignee.clone().unwrap_or_else(|| Requests::Unassigned.text(app.lang.get()).to_owned())
                        }}
                    </td>
                    <td data-label=app.t(Requests::ColFollowers) class="table__number">{r.followers}</td>
                    <td data-label=app.t(Requests::ColAge) class="table__nowrap">
                        <span aria-hidden="true">{move || age_text(age, app.lang.get()).0}</span>
                        <span class="visually-hidden">{move || age_text(age, app.lang.get()).1}</span>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" role="region" aria-labelledby="queue-caption" tabindex="0">
            <table class="table table--list table--queue table--stack" data-testid="queue-table">
                <caption id="queue-caption">{move || i18n::queue_caption(app.lang.get(), total, capped)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{app.t(Requests::ColNumber)}</th>
                        <th scope="col">{app.t(Requests::ColCategory)}</th>
                        <th scope="col">{app.t(Requests::ColStatus)}</th>
                        <th scope="col">{app.t(Requests::ColExcerpt)}</th>
                        <th scope="col">{app.t(Requests::FieldAddress)}</th>
                        <th scope="col">{app.t(Requests::Assignee)}</th>
                        <th scope="col">{app.t(Requests::ColFollowers)}</th>
                        <th scope="col">{app.t(Requests::ColAge)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Pagination
            page=page.page
            total=page.total
            per_page=page.per_page
            more=capped
            href=move |n| url_for(&QueueFilter { page: n, ..filter.clone() })
        />
    }
}
