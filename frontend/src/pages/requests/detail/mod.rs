//! `/requests/:number`: a request's page.
//!
//! Everyone sees the number, category, status, description, place, answers, photos, followers
//! and the public timeline. Signed-in residents can follow ("Moi aussi") and flag content; the
//! reporter can comment and, within the window, reopen. Staff get the staff view from the same
//! API route (reporter, internal notes, hidden content with its reason) and the action forms of
//! [`super::staff_actions`].
//!
//! The layout is built once when the request is loaded; each part then follows the `detail`
//! signal, so that an action refreshing it keeps keyboard focus where it was.

mod actions;
mod content;
mod timeline;

use actions::*;
use content::*;
use timeline::*;

use leptos::prelude::*;

use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_params_map};
use protocol::ErrorCode;
use protocol::api::Role;
use protocol::requests::{
    AttributeAnswer, AttributeType, Category, ContentTarget, EventKind, PhotoInfo, PostText,
    Reason, RequestDetail, TimelineEvent, limits,
};
use wasm_bindgen::JsCast;

use crate::api::ApiError;
use crate::api::requests as rq;
use crate::components::{Loader, Loading, PageHeadingText, focus_by_id};
use crate::format::{format_date_time, intern, iso};
use crate::i18n::{self, Common, Key, Requests, Staff, Text};
use crate::pages::requests::fields::TextActionForm;
use crate::pages::requests::staff_actions::StaffActions;
use crate::pages::requests::{StatusBadge, event_kind_key, role};
use crate::state::{AppState, use_app};

/// The request being shown, as loaded and then changed by the page's actions.
pub type Detail = Loader<Result<RequestDetail, ApiError>>;

/// A success message for the page's polite live region.
pub type Announce = RwSignal<Option<Key>>;

/// What the page shows: it changes only when a load starts, fails or succeeds, so that an
/// action's new state of the request updates the parts that read it, not the whole page.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    Loading,
    Failed(ApiError),
    Ready,
}

/// Reads a field of the loaded request.
pub fn read<T>(detail: Detail, f: impl FnOnce(&RequestDetail) -> T) -> Option<T> {
    detail.with(|d| d.and_then(|d| d.as_ref().ok()).map(f))
}

/// Who is reading, for what they may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Reader {
    pub(super) signed_in: bool,
    pub(super) resident: bool,
    pub(super) staff: bool,
}

pub(super) fn reader(app: AppState) -> Reader {
    let r = role(app);
    Reader {
        signed_in: r.is_some(),
        resident: r == Some(Role::Resident),
        staff: r.is_some_and(Role::is_staff),
    }
}

/// The request page.
#[component]
pub fn RequestPage() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let number = Memo::new(move |_| params.with(|p| p.get("number").unwrap_or_default()));
    let categories = RwSignal::new(Vec::<Category>::new());
    let announce: Announce = RwSignal::new(None);
    let filed = RwSignal::new(None::<String>);

    let session_known = Memo::new(move |_| {
        app.session
            .with(|s| !matches!(s, crate::state::Session::Unknown))
    });
    let staff_reader = Memo::new(move |_| reader(app).staff);
    // The staff view depends on who asks: wait for the session to be known, and ask again if
    // it changes (sign-in in another tab is not followed, a reload is).
    let detail: Detail = Loader::when(
        move || {
            session_known
                .get()
                .then(|| (number.get(), staff_reader.get()))
        },
        |(n, _)| async move { rq::request(&n).await },
    );
    let phase = Memo::new(move |_| {
        detail.with(|d| match d {
            None => Phase::Loading,
            Some(Err(e)) => Phase::Failed(e.clone()),
            Some(Ok(_)) => Phase::Ready,
        })
    });
    Effect::new(move |_| {
        let n = number.get();
        if session_known.get()
            && let Some(just) = app.just_filed.get_untracked().filter(|j| *j == n)
        {
            filed.set(Some(just));
            app.just_filed.set(None);
        }
    });
    spawn_local(async move {
        if let Ok(list) = rq::categories().await {
            categories.set(list);
        }
    });

    let heading = Signal::derive(move || i18n::request_heading(app.lang.get(), &number.get()));

    view! {
        <div class="page page--wide request-page" class:page--full=move || staff_reader.get()>
            <PageHeadingText text=heading />
            <div role="status" class="status-region">
                {move || {
                    filed
                        .get()
                        .map(|n| {
                            view! {
                                <div class="notice notice--success confirmation" data-testid="filed-confirmation">
                                    <p class="confirmation__title">{app.t(Requests::FiledTitle)}</p>
                                    <p>
                                        {app.t(Requests::FiledNumberLabel)} " "
                                        <strong class="tracking-number" data-testid="tracking-number">{n}</strong>
                                    </p>
                                    <p>{app.t(Requests::FiledText)}</p>
                                </div>
                            }
                        })
                }}
            </div>
            <div role="status" class="status-region" data-testid="action-status">
                {move || {
                    announce
                        .get()
                        .map(|k| view! { <p class="notice notice--success" data-testid="action-done">{app.t(k)}</p> })
                }}
            </div>
            {move || match phase.get() {
                Phase::Loading => view! { <Loading /> }.into_any(),
                Phase::Failed(e) => {
                    let text = if e.code() == Some(ErrorCode::NotFound) {
                        Requests::RequestNotFound.text(app.lang.get()).to_owned()
                    } else {
                        e.user_message(app.lang.get())
                    };
                    view! {
                        <div class="notice notice--error" role="alert" data-testid="request-error">
                            <p>{text}</p>
                        </div>
                    }
                        .into_any()
                }
                Phase::Ready => {
                    view! { <RequestView number=number.get_untracked() detail=detail categories=categories announce=announce /> }
                        .into_any()
                }
            }}
        </div>
    }
}

/// The loaded request: its parts, then the actions the reader may take.
#[component]
pub(super) fn RequestView(
    number: String,
    detail: Detail,
    categories: RwSignal<Vec<Category>>,
    announce: Announce,
) -> impl IntoView {
    let app = use_app();
    let who = Memo::new(move |_| reader(app));
    let is_reporter = move || read(detail, |d| d.is_reporter).unwrap_or(false);
    let staff_view =
        move || who.get().staff && read(detail, |d| d.reporter.is_some()).unwrap_or(false);
    let n1 = number.clone();
    let n2 = number.clone();
    let n3 = number.clone();
    let n4 = number.clone();
    let n5 = number.clone();
    // A link to one entry or photo (`#event-12`, `#photo-…`, from the flags page or the audit
    // log): the page was empty when the browser looked for the anchor, so go there now.
    let location = use_location();
    Effect::new(move |_| {
        let hash = location.hash.get();
        let target = hash.trim_start_matches('#').to_owned();
        if target.is_empty() {
            return;
        }
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&target) {
                // Highlighted (see `[data-targeted]` in the stylesheet) as `:target` would be.
                let _ = el.set_attribute("data-targeted", "");
                el.scroll_into_view();
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    });
    // Staff get their forms in a second column on wide screens.
    view! {
        <div class="request-layout" class:request-layout--staff=staff_view>
            <div class="request-layout__main">
                <Summary detail=detail />
                <Description number=number.clone() detail=detail announce=announce />
                <Answers detail=detail categories=categories />
                <Photos number=n1 detail=detail announce=announce />
                <Followers number=n2 detail=detail />
                <Timeline number=n3 detail=detail announce=announce />
                <Show when=is_reporter>
                    <ReporterActions number=n4.clone() detail=detail announce=announce />
                </Show>
            </div>
            <Show when=staff_view>
                <div class="request-layout__side">
                    <StaffActions number=n5.clone() detail=detail />
                </div>
            </Show>
        </div>
        <p class="aside-link">
            {move || {
                if who.get().staff {
                    view! { <A href="/staff/requests">{app.t(Requests::BackToQueue)}</A> }.into_any()
                } else if who.get().signed_in {
                    view! { <A href="/requests/mine">{app.t(Requests::BackToMyRequests)}</A> }.into_any()
                } else {
                    view! { <A href="/">{app.t(Common::BackHome)}</A> }.into_any()
                }
            }}
        </p>
    }
}

/// Number, category, status, dates, place (and, for staff, reporter and assignment).
#[component]
pub(super) fn Summary(detail: Detail) -> impl IntoView {
    let app = use_app();
    let row = move |label: Key, value: AnyView| {
        view! {
            <div class="details__row">
                <dt>{app.t(label)}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    move || {
        let lang = app.lang.get();
        detail.get().and_then(Result::ok).map(|d| {
            let mut rows = vec![
                row(
                    Requests::ColNumber.into(),
                    view! { <span class="tracking-number" data-testid="request-number">{d.number.clone()}</span> }
                        .into_any(),
                ),
                row(
                    Requests::ColCategory.into(),
                    view! { <span data-testid="request-category">{d.category.name.get(lang).to_owned()}</span> }
                        .into_any(),
                ),
                row(
                    Requests::ColStatus.into(),
                    view! { <span data-testid="request-status"><StatusBadge status=d.status /></span> }
                        .into_any(),
                ),
                row(
                    Requests::ColFiled.into(),
                    view! { <time datetime=iso(d.created_at)>{format_date_time(d.created_at, lang)}</time> }
                        .into_any(),
                ),
                row(
                    Requests::ColUpdated.into(),
                    view! { <time datetime=iso(d.updated_at)>{format_date_time(d.updated_at, lang)}</time> }
                        .into_any(),
                ),
            ];
            if let Some(address) = d.address.clone() {
                rows.push(row(Requests::FieldAddress.into(), view! { <span data-testid="request-address">{address}</span> }.into_any()));
            }
            if let Some(loc) = d.location {
                let osm = format!(
                    "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}",
                    lat = loc.lat,
                    lon = loc.lon
                );
                rows.push(row(
                    Requests::Coordinates.into(),
                    view! {
                        <span data-testid="request-location">{format!("{:.5}, {:.5}", loc.lat, loc.lon)}</span>
                        " "
                        <a href=osm class="external" rel="noopener noreferrer">
                            {Requests::SeeOnMap.text(lang)}
                            <span class="visually-hidden">{format!(" ({})", Requests::OpensOtherSite.text(lang))}</span>
                        </a>
                    }
                        .into_any(),
                ));
            }
            if let Some(original) = d.duplicate_of.clone() {
                rows.push(row(
                    Requests::DuplicateOf.into(),
                    view! { <A href=format!("/requests/{original}")>{original.clone()}</A> }.into_any(),
                ));
            }
            if let Some(reporter) = d.reporter.clone() {
                let email = reporter.email.clone().unwrap_or_default();
                rows.push(row(
                    Requests::Reporter.into(),
                    view! {
                        <span data-testid="request-reporter">{reporter.display_name}</span>
                        {(!email.is_empty())
                            .then(|| {
                                view! {
                                    " — "
                                    <a href=format!("mailto:{email}")>{email.clone()}</a>
                                }
                            })}
                    }
                        .into_any(),
                ));
                let assignee = d
                    .assignee
                    .as_ref()
                    .map(|a| a.display_name.clone())
                    .unwrap_or_else(|| Requests::Unassigned.text(lang).to_owned());
                rows.push(row(Requests::Assignee.into(), view! { <span data-testid="request-assignee">{assignee}</span> }.into_any()));
                if let Some(team) = d.team.clone().filter(|t| !t.is_empty()) {
                    rows.push(row(Requests::FieldTeam.into(), view! { <span>{team}</span> }.into_any()));
                }
            }
            view! {
                <dl class="details request-summary" data-testid="request-summary">{rows}</dl>
            }
        })
    }
}
