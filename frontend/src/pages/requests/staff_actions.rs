//! The staff's forms on a request's page: status change, public update, internal note,
//! assignment and blocking the reporter. Each form refreshes the page from the
//! `RequestDetail` the server returns and confirms in a polite live region under its button.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::ErrorCode;
use protocol::requests::{
    Assignment, PersonRef, PostText, Reason, RequestStatus, StatusChange, limits,
};

use crate::api::ApiError;
use crate::api::requests as rq;
use crate::components::{ErrorSummary, FormError, FormField};
use crate::format::char_count;
use crate::i18n::{Common, Key, Requests, Staff};
use crate::pages::requests::detail::{Detail, read};
use crate::pages::requests::fields::{TextActionForm, TextAreaField, error_for};
use crate::state::use_app;

/// The staff's actions on a request.
#[component]
pub fn StaffActions(number: String, detail: Detail) -> impl IntoView {
    let app = use_app();
    let members = RwSignal::new(None::<Result<Vec<PersonRef>, ApiError>>);
    spawn_local(async move {
        members.set(Some(rq::members().await));
    });
    let (n_update, n_note, n_assign, n_status) =
        (number.clone(), number.clone(), number.clone(), number);
    view! {
        <section class="section staff-actions" aria-labelledby="staff-actions-title" data-testid="staff-actions">
            <h2 id="staff-actions-title">{app.t(Requests::StaffActionsTitle)}</h2>
            <StatusForm number=n_status detail=detail />
            <div class="staff-actions__block">
                <h3 id="public-update-title">{app.t(Requests::PublicUpdateTitle)}</h3>
                <TextActionForm
                    id="public_update"
                    label=Requests::FieldPublicUpdate
                    hint=Requests::HintPublicUpdate
                    submit=Requests::PublicUpdateSubmit
                    empty=Requests::ErrTextRequired
                    max=limits::COMMENT_MAX_CHARS
                    action=move |body: String| {
                        let number = n_update.clone();
                        async move {
                            let d = rq::public_update(&number, &PostText { body }).await?;
                            detail.set(Ok(d));
                            Ok(Requests::PublicUpdateDone)
                        }
                    }
                />
            </div>
            <div class="staff-actions__block staff-actions__block--internal">
                <h3 id="internal-note-title">{app.t(Requests::InternalNoteTitle)}</h3>
                <TextActionForm
                    id="internal_note"
                    label=Requests::FieldInternalNote
                    hint=Requests::InternalNoteLabel
                    submit=Requests::InternalNoteSubmit
                    empty=Requests::ErrTextRequired
                    max=limits::COMMENT_MAX_CHARS
                    button_class="button button--secondary"
                    action=move |body: String| {
                        let number = n_note.clone();
                        async move {
                            let d = rq::internal_note(&number, &PostText { body }).await?;
                            detail.set(Ok(d));
                            Ok(Requests::InternalNoteDone)
                        }
                    }
                />
            </div>
            <AssignForm number=n_assign detail=detail members=members />
            <BlockForm detail=detail />
        </section>
    }
}

/// Which form field a server error names.
fn status_field(err: &ApiError) -> Option<&'static str> {
    if err.code() == Some(ErrorCode::InvalidTransition) {
        return Some("new_status");
    }
    match err.field() {
        Some("status") => Some("new_status"),
        Some("reason") => Some("status_reason"),
        Some("duplicate_of") => Some("duplicate_of"),
        _ => None,
    }
}

/// Change the status: only the statuses `can_transition` allows are offered; a reason is
/// required (it is public and emailed); `duplicate` asks for the original's number.
#[component]
fn StatusForm(number: String, detail: Detail) -> impl IntoView {
    let app = use_app();
    let current = Memo::new(move |_| read(detail, |d| d.status));
    let target = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let duplicate_of = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FormError>::new());
    let pending = RwSignal::new(false);
    let done = RwSignal::new(None::<Key>);
    let is_duplicate = move || target.with(|t| t == RequestStatus::Duplicate.as_str());
    let has_error = move || error_for(errors, "new_status").is_some();

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        done.set(None);
        let mut errs = Vec::new();
        let status = RequestStatus::parse(&target.get_untracked());
        if status.is_none() {
            errs.push(FormError::field("new_status", Requests::ErrStatusRequired));
        }
        let why = reason.get_untracked().trim().to_owned();
        if why.is_empty() {
            errs.push(FormError::field("status_reason", Staff::ErrReasonRequired));
        } else if char_count(&why) > limits::REASON_MAX_CHARS {
            errs.push(FormError::field("status_reason", Requests::ErrTooLong));
        }
        let original = duplicate_of.get_untracked().trim().to_owned();
        if status == Some(RequestStatus::Duplicate) && original.is_empty() {
            errs.push(FormError::field(
                "duplicate_of",
                Requests::ErrDuplicateRequired,
            ));
        }
        let Some(status) = status.filter(|_| errs.is_empty()) else {
            errors.set(errs);
            return;
        };
        errors.set(Vec::new());
        pending.set(true);
        let body = StatusChange {
            status,
            reason: why,
            duplicate_of: (status == RequestStatus::Duplicate).then_some(original),
        };
        let number = number.clone();
        spawn_local(async move {
            let result = rq::change_status(&number, &body).await;
            pending.set(false);
            match result {
                Ok(d) => {
                    detail.set(Ok(d));
                    target.set(String::new());
                    reason.set(String::new());
                    duplicate_of.set(String::new());
                    done.set(Some(Requests::StatusDone.into()));
                }
                Err(e) => {
                    let field = status_field(&e);
                    errors.set(vec![FormError::api(field, e)]);
                }
            }
        });
    };

    let options = move || {
        let Some(from) = current.get() else {
            return Vec::new();
        };
        RequestStatus::ALL
            .into_iter()
            .filter(|to| from.can_transition(*to))
            .map(|to| {
                view! {
                    <option value=to.as_str() selected=move || target.with(|t| t == to.as_str())>
                        {app.t(to)}
                    </option>
                }
            })
            .collect::<Vec<_>>()
    };

    view! {
        <div class="staff-actions__block">
            <h3 id="status-form-title">{app.t(Requests::StatusFormTitle)}</h3>
            <ErrorSummary errors=errors id="status-errors" />
            <form class="form form--compact" novalidate on:submit=on_submit data-testid="status-form">
                <div class="field" class:field--error=has_error>
                    <label for="new_status" class="field__label">
                        {app.t(Requests::FieldNewStatus)} " "
                        <span class="field__required">{app.t(Common::RequiredMark)}</span>
                    </label>
                    {move || {
                        error_for(errors, "new_status")
                            .map(|msg| {
                                view! {
                                    <p class="field__error" id="new_status-error">
                                        {move || msg.render(app.lang.get())}
                                    </p>
                                }
                            })
                    }}
                    <select
                        class="field__select"
                        id="new_status"
                        name="new_status"
                        required
                        aria-invalid=move || has_error().then_some("true")
                        aria-describedby=move || has_error().then_some("new_status-error")
                        prop:value=move || target.get()
                        on:change=move |ev| target.set(event_target_value(&ev))
                    >
                        <option value="">{app.t(Requests::ChooseOption)}</option>
                        {options}
                    </select>
                </div>
                <Show when=is_duplicate>
                    <FormField
                        id="duplicate_of"
                        label=Requests::FieldDuplicateOf
                        hint=Requests::HintDuplicateOf
                        autocomplete="off"
                        value=duplicate_of
                        errors=errors
                    />
                </Show>
                <TextAreaField
                    id="status_reason"
                    label=Requests::FieldStatusReason
                    hint=Some(Requests::HintStatusReason.into())
                    value=reason
                    errors=errors
                    max=limits::REASON_MAX_CHARS
                    rows=3
                />
                <div class="form__actions form__actions--compact">
                    <button
                        type="submit"
                        class="button button--primary"
                        data-testid="status-submit"
                        aria-disabled=move || pending.get().then_some("true")
                    >
                        {app.t(Requests::StatusSubmit)}
                    </button>
                </div>
                <div role="status" class="form__done">
                    {move || done.get().map(|k| view! { <p class="done-message" data-testid="status-done">{app.t(k)}</p> })}
                </div>
            </form>
        </div>
    }
}

/// Assign the request to a member of staff and/or a team.
#[component]
fn AssignForm(
    number: String,
    detail: Detail,
    members: RwSignal<Option<Result<Vec<PersonRef>, ApiError>>>,
) -> impl IntoView {
    let app = use_app();
    let assignee = RwSignal::new(String::new());
    let team = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FormError>::new());
    let pending = RwSignal::new(false);
    let done = RwSignal::new(None::<Key>);
    // Start from the current assignment, and follow it when it changes.
    Effect::new(move |_| {
        let (who, t) = read(detail, |d| {
            (
                d.assignee
                    .as_ref()
                    .map(|a| a.id.clone())
                    .unwrap_or_default(),
                d.team.clone().unwrap_or_default(),
            )
        })
        .unwrap_or_default();
        assignee.set(who);
        team.set(t);
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        done.set(None);
        errors.set(Vec::new());
        pending.set(true);
        let body = Assignment {
            assignee_id: Some(assignee.get_untracked()).filter(|a| !a.is_empty()),
            team: Some(team.get_untracked().trim().to_owned()).filter(|t| !t.is_empty()),
        };
        let number = number.clone();
        spawn_local(async move {
            let result = rq::assign(&number, &body).await;
            pending.set(false);
            match result {
                Ok(d) => {
                    detail.set(Ok(d));
                    done.set(Some(Requests::AssignDone.into()));
                }
                Err(e) => {
                    let field = match e.field() {
                        Some("team") => Some("team"),
                        Some(_) => Some("assignee"),
                        None => None,
                    };
                    errors.set(vec![FormError::api(field, e)]);
                }
            }
        });
    };
    let options = move || {
        let list: Vec<(String, String)> = members.with(|m| match m {
            Some(Ok(list)) => list
                .iter()
                .map(|p| (p.id.clone(), p.display_name.clone()))
                .collect(),
            // The current assignee stays selectable while the list is loading or failed.
            Some(Err(_)) | None => read(detail, |d| d.assignee.clone())
                .flatten()
                .map(|a| vec![(a.id, a.display_name)])
                .unwrap_or_default(),
        });
        list.into_iter()
            .map(|(id, name)| {
                let selected = {
                    let id = id.clone();
                    move || assignee.with(|a| *a == id)
                };
                view! { <option value=id selected=selected>{name}</option> }
            })
            .collect_view()
    };
    let has_error = move || error_for(errors, "assignee").is_some();
    view! {
        <div class="staff-actions__block">
            <h3 id="assign-title">{app.t(Requests::AssignTitle)}</h3>
            <ErrorSummary errors=errors id="assign-errors" />
            <form class="form form--compact" novalidate on:submit=on_submit data-testid="assign-form">
                <div class="field" class:field--error=has_error>
                    <label for="assignee" class="field__label">{app.t(Requests::Assignee)}</label>
                    {move || {
                        error_for(errors, "assignee")
                            .map(|msg| view! { <p class="field__error" id="assignee-error">{move || msg.render(app.lang.get())}</p> })
                    }}
                    {move || {
                        matches!(members.get(), Some(Err(_)))
                            .then(|| view! { <p class="field__hint">{app.t(Requests::MembersLoadFailed)}</p> })
                    }}
                    <select
                        class="field__select"
                        id="assignee"
                        name="assignee"
                        aria-invalid=move || has_error().then_some("true")
                        aria-describedby=move || has_error().then_some("assignee-error")
                        prop:value=move || assignee.get()
                        on:change=move |ev| assignee.set(event_target_value(&ev))
                    >
                        <option value="">{app.t(Requests::Unassigned)}</option>
                        {options}
                    </select>
                </div>
                <FormField id="team" label=Requests::FieldTeam hint=Requests::HintTeam required=false autocomplete="off" value=team errors=errors />
                <div class="form__actions form__actions--compact">
                    <button
                        type="submit"
                        class="button button--secondary"
                        data-testid="assign-submit"
                        aria-disabled=move || pending.get().then_some("true")
                    >
                        {app.t(Requests::AssignSubmit)}
                    </button>
                </div>
                <div role="status" class="form__done">
                    {move || done.get().map(|k| view! { <p class="done-message" data-testid="assign-done">{app.t(k)}</p> })}
                </div>
            </form>
        </div>
    }
}

/// Block the reporter from posting (with a reason), or unblock them.
#[component]
fn BlockForm(detail: Detail) -> impl IntoView {
    let app = use_app();
    let reporter = Memo::new(move |_| read(detail, |d| d.reporter.clone()).flatten());
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FormError>::new());
    let pending = RwSignal::new(false);
    let done = RwSignal::new(None::<Key>);
    let act = move |block: bool| {
        if pending.get_untracked() {
            return;
        }
        let Some(person) = reporter.get_untracked() else {
            return;
        };
        done.set(None);
        let why = reason.get_untracked().trim().to_owned();
        if block && why.is_empty() {
            errors.set(vec![FormError::field(
                "block_reason",
                Staff::ErrReasonRequired,
            )]);
            return;
        }
        if char_count(&why) > limits::REASON_MAX_CHARS {
            errors.set(vec![FormError::field("block_reason", Requests::ErrTooLong)]);
            return;
        }
        errors.set(Vec::new());
        pending.set(true);
        spawn_local(async move {
            let body = Reason { reason: why };
            let result = rq::block(&person.id, block.then_some(&body)).await;
            pending.set(false);
            match result {
                Ok(()) => {
                    reason.set(String::new());
                    done.set(Some(if block {
                        Requests::BlockDone.into()
                    } else {
                        Requests::UnblockDone.into()
                    }));
                }
                Err(e) => errors.set(vec![FormError::api(Some("block_reason"), e)]),
            }
        });
    };
    view! {
        {move || {
            reporter
                .get()
                .map(|person| {
                    view! {
                        <div class="staff-actions__block">
                            <h3 id="block-title">{app.t(Requests::BlockTitle)}</h3>
                            <p>{move || crate::i18n::block_intro(app.lang.get(), &person.display_name)}</p>
                            <ErrorSummary errors=errors id="block-errors" />
                            <form
                                class="form form--compact"
                                novalidate
                                data-testid="block-form"
                                on:submit=move |ev: SubmitEvent| {
                                    ev.prevent_default();
                                    act(true);
                                }
                            >
                                <TextAreaField
                                    id="block_reason"
                                    label=Requests::FieldBlockReason
                                    hint=Some(Requests::HintBlockReason.into())
                                    value=reason
                                    errors=errors
                                    max=limits::REASON_MAX_CHARS
                                    rows=2
                                    required=false
                                />
                                <div class="form__actions form__actions--compact button-row">
                                    <button
                                        type="submit"
                                        class="button button--danger"
                                        data-testid="block-submit"
                                        aria-disabled=move || pending.get().then_some("true")
                                    >
                                        {app.t(Requests::BlockSubmit)}
                                    </button>
                                    <button
                                        type="button"
                                        class="button button--secondary"
                                        data-testid="unblock-submit"
                                        aria-disabled=move || pending.get().then_some("true")
                                        on:click=move |_| act(false)
                                    >
                                        {app.t(Requests::UnblockSubmit)}
                                    </button>
                                </div>
                                <div role="status" class="form__done">
                                    {move || done.get().map(|k| view! { <p class="done-message" data-testid="block-done">{app.t(k)}</p> })}
                                </div>
                            </form>
                        </div>
                    }
                })
        }}
    }
}
