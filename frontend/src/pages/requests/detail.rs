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
use crate::components::{PageHeadingText, focus_by_id};
use crate::i18n::{self, Common, Key, Requests, Staff, Text};
use crate::pages::requests::fields::TextActionForm;
use crate::pages::requests::staff_actions::StaffActions;
use crate::pages::requests::{StatusBadge, event_kind_key, format_date_time, intern, iso, role};
use crate::state::{AppState, use_app};

/// The request being shown; `None` until loaded.
pub type Detail = RwSignal<Option<RequestDetail>>;

/// A success message for the page's polite live region.
pub type Announce = RwSignal<Option<Key>>;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Load {
    Loading,
    Failed(ApiError),
    Ready,
}

/// Reads a field of the loaded request.
pub fn read<T>(detail: Detail, f: impl FnOnce(&RequestDetail) -> T) -> Option<T> {
    detail.with(|d| d.as_ref().map(f))
}

/// Who is reading, for what they may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Reader {
    signed_in: bool,
    resident: bool,
    staff: bool,
}

fn reader(app: AppState) -> Reader {
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
    let detail: Detail = RwSignal::new(None);
    let load_state = RwSignal::new(Load::Loading);
    let categories = RwSignal::new(Vec::<Category>::new());
    let announce: Announce = RwSignal::new(None);
    let filed = RwSignal::new(None::<String>);

    let session_known = Memo::new(move |_| {
        app.session
            .with(|s| !matches!(s, crate::state::Session::Unknown))
    });
    let staff_reader = Memo::new(move |_| reader(app).staff);
    Effect::new(move |_| {
        let n = number.get();
        // The staff view depends on who asks: wait for the session to be known, and ask again
        // if it changes (sign-in in another tab is not followed, a reload is).
        if !session_known.get() {
            return;
        }
        let _ = staff_reader.get();
        if let Some(just) = app.just_filed.get_untracked().filter(|j| *j == n) {
            filed.set(Some(just));
            app.just_filed.set(None);
        }
        spawn_local(async move {
            match rq::request(&n).await {
                Ok(d) => {
                    detail.set(Some(d));
                    load_state.set(Load::Ready);
                }
                Err(e) => load_state.set(Load::Failed(e)),
            }
        });
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
            {move || match load_state.get() {
                Load::Loading => view! { <p>{app.t(Common::Loading)}</p> }.into_any(),
                Load::Failed(e) => {
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
                Load::Ready => {
                    view! { <RequestView number=number.get_untracked() detail=detail categories=categories announce=announce /> }
                        .into_any()
                }
            }}
        </div>
    }
}

/// The loaded request: its parts, then the actions the reader may take.
#[component]
fn RequestView(
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
fn Summary(detail: Detail) -> impl IntoView {
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
        detail.get().map(|d| {
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

/// "Contenu masqué par la modération" with the reason (and, for staff, the content itself).
fn hidden_notice(app: AppState, reason: String) -> impl IntoView {
    view! {
        <p class="moderated" data-testid="moderated">
            <strong>{app.t(Requests::HiddenByModeration)}</strong>
            " "
            {move || i18n::reason_is(app.lang.get(), &reason)}
        </p>
    }
}

/// The description, or the moderation notice, with the flag (residents) or hide (staff)
/// disclosure.
#[component]
fn Description(number: String, detail: Detail, announce: Announce) -> impl IntoView {
    let app = use_app();
    let body = move || read(detail, |d| (d.description.clone(), d.hidden_reason.clone()));
    let target = ContentTarget {
        reason: String::new(),
        event_id: None,
        photo_id: None,
    };
    view! {
        <section class="section" aria-labelledby="description-title">
            <h2 id="description-title" tabindex="-1">{app.t(Requests::FieldDescription)}</h2>
            {move || {
                body()
                    .map(|(text, hidden)| {
                        view! {
                            {hidden.clone().map(|r| hidden_notice(app, r))}
                            {(!text.is_empty())
                                .then(|| {
                                    view! {
                                        <p class="prose" class:prose--hidden=hidden.is_some() data-testid="request-description">
                                            {text}
                                        </p>
                                    }
                                })}
                        }
                    })
            }}
            <ContentActions
                number=number
                detail=detail
                announce=announce
                target=target
                slug="description"
                focus_after_hide="description-title"
                hidden=Signal::derive(move || read(detail, |d| d.hidden_reason.is_some()).unwrap_or(false))
            />
        </section>
    }
}

/// The answers to the category's extra questions, labelled from the category's definition.
#[component]
fn Answers(detail: Detail, categories: RwSignal<Vec<Category>>) -> impl IntoView {
    let app = use_app();
    move || {
        let lang = app.lang.get();
        let (code, answers) = read(detail, |d| (d.category.code.clone(), d.attributes.clone()))?;
        if answers.is_empty() {
            return None;
        }
        let def = categories.with(|c| c.iter().find(|c| c.code == code).cloned());
        let mut answers: Vec<_> = answers.into_iter().collect();
        if let Some(d) = &def {
            let rank = |code: &str| {
                d.attributes
                    .iter()
                    .position(|a| a.code == code)
                    .unwrap_or(usize::MAX)
            };
            answers.sort_by_key(|(code, _)| rank(code));
        }
        let rows = answers
            .into_iter()
            .map(|(attr, answer)| {
                let attr_def = def
                    .as_ref()
                    .and_then(|c| c.attributes.iter().find(|a| a.code == attr).cloned());
                let label = attr_def
                    .as_ref()
                    .map_or_else(|| attr.clone(), |a| a.label.get(lang).to_owned());
                let choice_name = |key: &str| {
                    attr_def
                        .as_ref()
                        .and_then(|a| a.values.iter().find(|v| v.key == key))
                        .map_or_else(|| key.to_owned(), |v| v.name.get(lang).to_owned())
                };
                let value = match answer {
                    AttributeAnswer::Many(keys) => keys
                        .iter()
                        .map(|k| choice_name(k))
                        .collect::<Vec<_>>()
                        .join(", "),
                    AttributeAnswer::One(v) => match attr_def.as_ref().map(|a| a.datatype) {
                        Some(AttributeType::Singlevaluelist) => choice_name(&v),
                        Some(AttributeType::Datetime) => {
                            let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&v));
                            if date.get_time().is_nan() {
                                v
                            } else {
                                #[allow(clippy::cast_possible_truncation)]
                                let secs = (date.get_time() / 1000.0) as i64;
                                format_date_time(secs, lang)
                            }
                        }
                        _ => v,
                    },
                };
                view! {
                    <div class="details__row">
                        <dt>{label}</dt>
                        <dd class="prose">{value}</dd>
                    </div>
                }
            })
            .collect_view();
        Some(view! {
            <section class="section" aria-labelledby="answers-title">
                <h2 id="answers-title">{Requests::AnswersTitle.text(lang)}</h2>
                <dl class="details" data-testid="request-answers">{rows}</dl>
            </section>
        })
    }
}

/// The photos, each with alt text naming the request, or the moderation notice.
#[component]
fn Photos(number: String, detail: Detail, announce: Announce) -> impl IntoView {
    let app = use_app();
    let photos = Memo::new(move |_| read(detail, |d| d.photos.clone()).unwrap_or_default());
    view! {
        <Show when=move || photos.with(|p| !p.is_empty())>
            <section class="section" aria-labelledby="photos-title">
                <h2 id="photos-title" tabindex="-1">{app.t(Requests::PhotosTitle)}</h2>
                <ul class="photos" data-testid="request-photos">
                    {
                        let number = number.clone();
                        move || {
                            photos
                                .get()
                                .into_iter()
                                .enumerate()
                                .map(|(i, p)| view! { <PhotoItem number=number.clone() index=i + 1 photo=p detail=detail announce=announce /> })
                                .collect_view()
                        }
                    }
                </ul>
            </section>
        </Show>
    }
}

#[component]
fn PhotoItem(
    number: String,
    index: usize,
    photo: PhotoInfo,
    detail: Detail,
    announce: Announce,
) -> impl IntoView {
    let app = use_app();
    let alt = {
        let number = number.clone();
        move || i18n::photo_alt(app.lang.get(), index, &number)
    };
    let hidden = photo.hidden_reason.is_some();
    let image = photo.url.clone().map(|url| {
        let href = url.clone();
        view! {
            <a href=href class="photos__link">
                <img
                    src=url
                    alt=alt.clone()
                    width=photo.width
                    height=photo.height
                    loading="lazy"
                    class="photos__img"
                    class:photos__img--hidden=hidden
                />
            </a>
        }
    });
    let target = ContentTarget {
        reason: String::new(),
        event_id: None,
        photo_id: Some(photo.id.clone()),
    };
    let slug = intern(format!("photo-{}", photo.id));
    view! {
        <li class="photos__item" id=format!("photo-{}", photo.id) tabindex="-1" data-testid="request-photo">
            {image}
            {photo.hidden_reason.clone().map(|r| {
                view! {
                    {photo.url.is_none().then(|| view! { <p class="photos__missing">{alt.clone()}</p> })}
                    {hidden_notice(app, r)}
                }
            })}
            <ContentActions number=number detail=detail announce=announce target=target slug=slug focus_after_hide="photos-title" hidden=Signal::stored(hidden) />
        </li>
    }
}

/// "N personnes suivent cette demande" and, for residents who did not file it, the
/// "Moi aussi" toggle.
#[component]
fn Followers(number: String, detail: Detail) -> impl IntoView {
    let app = use_app();
    let who = Memo::new(move |_| reader(app));
    let following = move || read(detail, |d| d.following).unwrap_or(false);
    let can_follow = move || who.get().resident && !read(detail, |d| d.is_reporter).unwrap_or(true);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(None::<Key>);
    let toggle = move |_| {
        if pending.get_untracked() {
            return;
        }
        let on = !following();
        pending.set(true);
        error.set(None);
        done.set(None);
        let number = number.clone();
        spawn_local(async move {
            let result = rq::follow(&number, on).await;
            pending.set(false);
            match result {
                Ok(d) => {
                    detail.set(Some(d));
                    done.set(Some(if on {
                        Requests::FollowOn.into()
                    } else {
                        Requests::FollowOff.into()
                    }));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="section followers" aria-labelledby="followers-title">
            <h2 id="followers-title">{app.t(Requests::FollowersTitle)}</h2>
            <p data-testid="followers">
                {move || i18n::followers(app.lang.get(), read(detail, |d| d.followers).unwrap_or(0))}
            </p>
            <Show when=can_follow>
                <p class="field__hint" id="follow-hint">{app.t(Requests::FollowHint)}</p>
                <button
                    type="button"
                    class="button button--secondary follow-button"
                    data-testid="follow"
                    aria-pressed=move || if following() { "true" } else { "false" }
                    aria-describedby="follow-hint"
                    aria-disabled=move || pending.get().then_some("true")
                    on:click=toggle.clone()
                >
                    <span class="follow-button__check" aria-hidden="true">
                        {move || if following() { "✓ " } else { "+ " }}
                    </span>
                    {app.t(Requests::MeToo)}
                </button>
                <div role="status">
                    {move || done.get().map(|k| view! { <p class="done-message" data-testid="follow-done">{app.t(k)}</p> })}
                </div>
                <div role="alert">
                    {move || error.get().map(|e| view! { <p class="field__error">{move || e.user_message(app.lang.get())}</p> })}
                </div>
            </Show>
        </section>
    }
}

/// The timeline, oldest first, as an ordered list.
#[component]
fn Timeline(number: String, detail: Detail, announce: Announce) -> impl IntoView {
    let app = use_app();
    let events = Memo::new(move |_| read(detail, |d| d.timeline.clone()).unwrap_or_default());
    view! {
        <section class="section" aria-labelledby="timeline-title">
            <h2 id="timeline-title" tabindex="-1">{app.t(Requests::TimelineTitle)}</h2>
            <ol class="timeline" data-testid="timeline">
                <For
                    each=move || events.get()
                    key=|e| (e.id, e.body.clone(), e.hidden_reason.clone())
                    children={
                        let number = number.clone();
                        move |e| view! { <TimelineItem number=number.clone() event=e detail=detail announce=announce /> }
                    }
                />
            </ol>
        </section>
    }
}

#[component]
fn TimelineItem(
    number: String,
    event: TimelineEvent,
    detail: Detail,
    announce: Announce,
) -> impl IntoView {
    let app = use_app();
    let internal = event.kind == EventKind::InternalNote;
    let kind_class = format!("timeline__item timeline__item--{}", event.kind.as_str());
    let created = event.created_at;
    let status_change = event.to_status.map(|to| {
        view! {
            <p class="timeline__status" data-testid="timeline-status">
                <span class="visually-hidden">{app.t(Requests::StatusChangeFrom)}</span>
                {event.from_status.map(|from| view! { <StatusBadge status=from /> " " <span aria-hidden="true">"→"</span> " " })}
                <span class="visually-hidden">{app.t(Requests::StatusChangeTo)}</span>
                <StatusBadge status=to />
            </p>
        }
    });
    let who = event.actor.clone();
    let by_reporter = event.by_reporter;
    let from_email = event.source == "email";
    let meta = move || {
        let lang = app.lang.get();
        let mut parts = Vec::new();
        if let Some(actor) = who.clone() {
            parts.push(i18n::by_actor(lang, &actor));
        } else if by_reporter {
            parts.push(Requests::ByReporter.text(lang).to_owned());
        }
        if from_email {
            parts.push(Requests::ViaEmail.text(lang).to_owned());
        }
        parts.join(" · ")
    };
    let target = ContentTarget {
        reason: String::new(),
        event_id: Some(event.id),
        photo_id: None,
    };
    // People's words can be flagged or hidden; generated entries (filing, assignment) cannot.
    let flaggable = !event.body.is_empty()
        && matches!(
            event.kind,
            EventKind::Comment | EventKind::PublicUpdate | EventKind::Status | EventKind::Reopened
        );
    let slug = intern(format!("event-{}", event.id));
    let title_id = intern(format!("event-{}-title", event.id));
    let hidden = event.hidden_reason.is_some();
    view! {
        <li
            class=kind_class
            class:timeline__item--internal=internal
            id=format!("event-{}", event.id)
            tabindex="-1"
            data-testid="timeline-entry"
            data-kind=event.kind.as_str()
        >
            <h3 class="timeline__title" id=title_id tabindex="-1">
                {app.t(event_kind_key(event.kind))}
            </h3>
            <p class="timeline__meta">
                <time datetime=iso(created)>{move || format_date_time(created, app.lang.get())}</time>
                {move || {
                    let m = meta();
                    (!m.is_empty()).then(|| format!(" · {m}"))
                }}
            </p>
            {internal.then(|| view! { <p class="timeline__internal-label" data-testid="internal-label">{app.t(Requests::InternalNoteLabel)}</p> })}
            {status_change}
            {event.hidden_reason.clone().map(|r| hidden_notice(app, r))}
            {(!event.body.is_empty())
                .then(|| {
                    view! {
                        <p class="prose timeline__body" class:prose--hidden=hidden data-testid="timeline-body">
                            {event.body.clone()}
                        </p>
                    }
                })}
            {flaggable
                .then(|| {
                    view! {
                        <ContentActions number=number detail=detail announce=announce target=target slug=slug focus_after_hide=title_id hidden=Signal::stored(hidden) />
                    }
                })}
        </li>
    }
}

/// A disclosure under a piece of content: "Signaler ce contenu" for signed-in residents (a
/// flag with a reason, for the moderators), "Masquer ce contenu" for staff (with a reason).
#[component]
fn ContentActions(
    number: String,
    detail: Detail,
    announce: Announce,
    target: ContentTarget,
    /// Unique part of the ids (`description`, `event-12`, `photo-…`).
    slug: &'static str,
    /// Where keyboard focus goes once the content is hidden (the disclosure disappears).
    focus_after_hide: &'static str,
    /// Whether the content is already hidden.
    #[prop(into)]
    hidden: Signal<bool>,
) -> impl IntoView {
    let app = use_app();
    let who = Memo::new(move |_| reader(app));
    let own = move || {
        // Residents do not flag their own request.
        read(detail, |d| d.is_reporter).unwrap_or(false)
    };
    move || {
        let w = who.get();
        if w.staff && !hidden.get() {
            let number = number.clone();
            let target = target.clone();
            let id = intern(format!("hide-{slug}"));
            let summary_id = intern(format!("hide-{slug}-summary"));
            Some(
                view! {
                    <details class="disclosure disclosure--moderation">
                        <summary id=summary_id data-testid=format!("hide-{slug}-toggle")>
                            {app.t(Requests::HideContent)}
                        </summary>
                        <TextActionForm
                            id=id
                            label=Requests::FieldHideReason
                            hint=Requests::HintHideReason
                            submit=Requests::HideSubmit
                            empty=Staff::ErrReasonRequired
                            button_class="button button--danger"
                            rows=2
                            action=move |reason: String| {
                                let number = number.clone();
                                let body = ContentTarget { reason, ..target.clone() };
                                async move {
                                    let d = rq::hide(&number, &body).await?;
                                    detail.set(Some(d));
                                    announce.set(Some(Requests::HiddenDone.into()));
                                    request_animation_frame(move || focus_by_id(focus_after_hide));
                                    Ok(Requests::HiddenDone)
                                }
                            }
                        />
                    </details>
                }
                .into_any(),
            )
        } else if w.resident && !own() && !hidden.get() {
            let number = number.clone();
            let target = target.clone();
            let id = intern(format!("flag-{slug}"));
            let summary_id = intern(format!("flag-{slug}-summary"));
            Some(
                view! {
                    <details class="disclosure">
                        <summary id=summary_id data-testid=format!("flag-{slug}-toggle")>
                            {app.t(Requests::FlagContent)}
                        </summary>
                        <TextActionForm
                            id=id
                            label=Requests::FieldFlagReason
                            hint=Requests::HintFlagReason
                            submit=Requests::FlagSubmit
                            empty=Staff::ErrReasonRequired
                            button_class="button button--secondary"
                            rows=2
                            action=move |reason: String| {
                                let number = number.clone();
                                let body = ContentTarget { reason, ..target.clone() };
                                async move {
                                    rq::flag(&number, &body).await?;
                                    Ok(Requests::FlagDone)
                                }
                            }
                        />
                    </details>
                }
                .into_any(),
            )
        } else {
            None
        }
    }
}

/// The reporter's comment form and, inside the window, the reopen form.
#[component]
fn ReporterActions(number: String, detail: Detail, announce: Announce) -> impl IntoView {
    let app = use_app();
    let reopen_until = move || read(detail, |d| d.reopen_until).flatten();
    let n_comment = number.clone();
    // The key of the comment being sent: the same text sent again (after a network error) is
    // the same comment; the server posts it once.
    let comment_key = StoredValue::new(None::<(String, String)>);
    view! {
        <section class="section" aria-labelledby="comment-title">
            <h2 id="comment-title">{app.t(Requests::CommentTitle)}</h2>
            <TextActionForm
                id="comment"
                label=Requests::FieldComment
                hint=Requests::HintComment
                submit=Requests::CommentSubmit
                empty=Requests::ErrCommentRequired
                max=limits::COMMENT_MAX_CHARS
                action=move |body: String| {
                    let number = n_comment.clone();
                    let key = comment_key
                        .with_value(|k| k.clone())
                        .filter(|(sent, _)| *sent == body)
                        .map_or_else(rq::new_idempotency_key, |(_, k)| k);
                    comment_key.set_value(Some((body.clone(), key.clone())));
                    async move {
                        let d = rq::comment(&number, &PostText { body }, &key).await?;
                        comment_key.set_value(None);
                        detail.set(Some(d));
                        Ok(Requests::CommentDone)
                    }
                }
            />
        </section>
        {move || {
            reopen_until()
                .map(|until| {
                    let number = number.clone();
                    view! {
                        <section class="section" aria-labelledby="reopen-title">
                            <h2 id="reopen-title">{app.t(Requests::ReopenTitle)}</h2>
                            <p>{move || i18n::reopen_until(app.lang.get(), &crate::pages::requests::format_date(until, app.lang.get()))}</p>
                            <TextActionForm
                                id="reopen"
                                label=Requests::FieldReopenReason
                                submit=Requests::ReopenSubmit
                                empty=Staff::ErrReasonRequired
                                button_class="button button--secondary"
                                action=move |reason: String| {
                                    let number = number.clone();
                                    async move {
                                        let d = rq::reopen(&number, &Reason { reason }).await?;
                                        detail.set(Some(d));
                                        announce.set(Some(Requests::ReopenDone.into()));
                                        request_animation_frame(|| focus_by_id("timeline-title"));
                                        Ok(Requests::ReopenDone)
                                    }
                                }
                            />
                        </section>
                    }
                })
        }}
    }
}
