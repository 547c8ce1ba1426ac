//! `/staff/flags`: content residents flagged, waiting for a moderator. Each flag links to the
//! request (and to the flagged entry or photo on its page); "Marquer comme traité" closes it.

use leptos::prelude::*;

use leptos::task::spawn_local;
use leptos_router::components::A;
use protocol::requests::FlagInfo;

use crate::api::ApiError;
use crate::api::staff as api;
use crate::components::{Load, LoadFailed, Loader, PageHeading, focus_by_id};
use crate::format::{format_date_time, intern, iso};
use crate::i18n::{self, Key, Staff, Text};
use crate::pages::staff::RoleGate;
use crate::state::use_app;

/// Where on the request's page the flagged content is, and how to name it.
fn anchor(flag: &FlagInfo) -> String {
    match (&flag.event_id, &flag.photo_id) {
        (Some(id), _) => format!("#event-{id}"),
        (None, Some(id)) => format!("#photo-{id}"),
        (None, None) => "#description-title".to_owned(),
    }
}

/// The flags page.
#[component]
pub fn FlagsPage() -> impl IntoView {
    let app = use_app();
    view! {
        <div class="page page--full">
            <PageHeading title=Staff::FlagsTitle />
            <p class="lead">{app.t(Staff::FlagsIntro)}</p>
            <RoleGate allow={protocol::api::Role::is_staff}>
                <Flags />
            </RoleGate>
        </div>
    }
}

#[component]
fn Flags() -> impl IntoView {
    let app = use_app();
    let data: Loader<Result<Vec<FlagInfo>, ApiError>> = Loader::new(|| (), |()| api::flags());
    let pending = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<Key>);
    let failure = RwSignal::new(None::<ApiError>);
    let resolve = move |id: String| {
        if pending.get_untracked().is_some() {
            return;
        }
        pending.set(Some(id.clone()));
        done.set(None);
        failure.set(None);
        spawn_local(async move {
            let result = api::resolve_flag(&id).await;
            pending.set(None);
            match result {
                Ok(()) => {
                    // Keyboard focus goes to the next flag's button (or the previous one, or
                    // the list's heading when none is left).
                    let mut next = None;
                    data.update(|d| {
                        if let Ok(list) = d
                            && let Some(i) = list.iter().position(|f| f.id == id)
                        {
                            list.remove(i);
                            next = list.get(i).or_else(|| list.last()).map(|f| f.id.clone());
                        }
                    });
                    done.set(Some(Staff::FlagResolved.into()));
                    request_animation_frame(move || match next {
                        Some(n) => focus_by_id(&format!("resolve-{n}")),
                        None => focus_by_id("flags-list-title"),
                    });
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };

    view! {
        <section class="section" aria-labelledby="flags-list-title">
            <h2 id="flags-list-title" class="visually-hidden" tabindex="-1">{app.t(Staff::FlagsTitle)}</h2>
            <div role="status" class="status-region">
                {move || done.get().map(|k| view! { <p class="notice notice--success" data-testid="flag-resolved">{app.t(k)}</p> })}
            </div>
            <div role="alert" class="status-region">
                {move || {
                    failure
                        .get()
                        .map(|e| view! { <p class="notice notice--error">{move || e.user_message(app.lang.get())}</p> })
                }}
            </div>
            <Load loader=data let:loaded>{match loaded {
                Err(e) => {
                    view! { <LoadFailed error=e retry=data.retry() /> }
                        .into_any()
                }
                Ok(list) if list.is_empty() => {
                    view! { <p class="empty-state" data-testid="flags-empty">{app.t(Staff::FlagsEmpty)}</p> }.into_any()
                }
                Ok(list) => {
                    let n = list.len();
                    let rows = list
                        .into_iter()
                        .map(|f| view! { <FlagRow flag=f pending=pending resolve=resolve /> })
                        .collect_view();
                    view! {
                        <div class="table-wrap" role="region" aria-labelledby="flags-caption" tabindex="0">
                            <table class="table table--list table--stack table--flags" data-testid="flags-table">
                                <caption id="flags-caption">{move || i18n::flags_caption(app.lang.get(), n)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{app.t(Staff::ColRequest)}</th>
                                        <th scope="col">{app.t(Staff::ColFlaggedContent)}</th>
                                        <th scope="col">{app.t(Staff::ColReason)}</th>
                                        <th scope="col">{app.t(Staff::ColDate)}</th>
                                        <th scope="col">{app.t(Staff::ColActions)}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }
                        .into_any()
                }
            }}</Load>
        </section>
    }
}

#[component]
fn FlagRow(
    flag: FlagInfo,
    pending: RwSignal<Option<String>>,
    resolve: impl Fn(String) + Copy + 'static,
) -> impl IntoView {
    let app = use_app();
    let number = flag.number.clone();
    let href = format!("/requests/{number}{}", anchor(&flag));
    let (event_id, photo) = (flag.event_id, flag.photo_id.is_some());
    let what = move || {
        let lang = app.lang.get();
        match event_id {
            Some(id) => i18n::flagged_event(lang, id),
            None if photo => Staff::FlaggedPhoto.text(lang).to_owned(),
            None => Staff::FlaggedDescription.text(lang).to_owned(),
        }
    };
    let created = flag.created_at;
    let id = flag.id.clone();
    let button_id = intern(format!("resolve-{}", flag.id));
    let busy = {
        let id = id.clone();
        move || pending.with(|p| p.as_deref() == Some(id.as_str()))
    };
    let context = {
        let number = number.clone();
        move || i18n::resolve_flag_context(app.lang.get(), &number)
    };
    view! {
        <tr data-testid="flag-row" data-flag=flag.id.clone()>
            <th scope="row">
                <A href=format!("/requests/{number}")>{number.clone()}</A>
            </th>
            <td data-label=app.t(Staff::ColFlaggedContent)>
                <A href=href>{what}</A>
            </td>
            <td data-label=app.t(Staff::ColReason) class="table__excerpt prose">{flag.reason.clone()}</td>
            <td data-label=app.t(Staff::ColDate) class="table__nowrap">
                <time datetime=iso(created)>{move || format_date_time(created, app.lang.get())}</time>
            </td>
            <td class="table__action">
                <button
                    type="button"
                    id=button_id
                    class="button button--secondary button--small"
                    data-testid="resolve-flag"
                    aria-disabled=move || busy().then_some("true")
                    on:click=move |_| resolve(id.clone())
                >
                    {app.t(Staff::ResolveFlag)}
                    <span class="visually-hidden">{context}</span>
                </button>
            </td>
        </tr>
    }
}
