//! The request's followers and its public timeline.

use super::*;

/// "N personnes suivent cette demande" and, for residents who did not file it, the
/// "Moi aussi" toggle.
#[component]
pub(super) fn Followers(number: String, detail: Detail) -> impl IntoView {
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
                    detail.set(Ok(d));
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
pub(super) fn Timeline(number: String, detail: Detail, announce: Announce) -> impl IntoView {
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
pub(super) fn TimelineItem(
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
