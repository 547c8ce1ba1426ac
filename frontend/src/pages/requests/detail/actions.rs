//! The actions on a piece of content (flag, hide) and the reporter's (comment, reopen).

use super::*;

/// A disclosure under a piece of content: "Signaler ce contenu" for signed-in residents (a
/// flag with a reason, for the moderators), "Masquer ce contenu" for staff (with a reason).
#[component]
pub(super) fn ContentActions(
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
                                    detail.set(Ok(d));
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
pub(super) fn ReporterActions(number: String, detail: Detail, announce: Announce) -> impl IntoView {
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
                        detail.set(Ok(d));
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
                            <p>{move || i18n::reopen_until(app.lang.get(), &crate::format::format_date(until, app.lang.get()))}</p>
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
                                        detail.set(Ok(d));
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
