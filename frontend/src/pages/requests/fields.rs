//! Form fields the request pages share: a textarea with a character counter, and helpers to
//! find a field's error.

use leptos::prelude::*;

use crate::components::{FormError, Msg};
use crate::format::char_count;
use crate::i18n::{self, Common, Key, Requests};
use crate::state::use_app;

/// The first error of the field whose id is `id`.
pub fn error_for(errors: RwSignal<Vec<FormError>>, id: &str) -> Option<Msg> {
    errors.with(|errs| {
        errs.iter()
            .find(|e| e.field == Some(id))
            .map(|e| e.msg.clone())
    })
}

/// A `<textarea>` with its `<label for>`, an optional hint, a character counter (linked by
/// `aria-describedby`, so that it is read with the field) and the field's error.
///
/// Ids: `<id>-hint`, `<id>-count`, `<id>-error`.
#[component]
pub fn TextAreaField(
    id: &'static str,
    #[prop(into)] label: Key,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FormError>>,
    /// Most characters accepted.
    max: usize,
    #[prop(into, default = None)] hint: Option<Key>,
    #[prop(default = true)] required: bool,
    #[prop(default = 5)] rows: u32,
) -> impl IntoView {
    let app = use_app();
    let hint_id = format!("{id}-hint");
    let count_id = format!("{id}-count");
    let error_id = format!("{id}-error");
    let has_error = move || errors.with(|errs| errs.iter().any(|e| e.field == Some(id)));
    let described_by = {
        let (hint_id, count_id, error_id) = (hint_id.clone(), count_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            ids.push(count_id.clone());
            if has_error() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    let over = move || value.with(|v| char_count(v) > max);
    view! {
        <div class="field" class:field--error=has_error>
            <label for=id class="field__label">
                {app.t(label)}
                {required
                    .then(|| {
                        view! {
                            " "
                            <span class="field__required">{app.t(Common::RequiredMark)}</span>
                        }
                    })}
            </label>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id>{app.t(hint)}</p> })}
            {move || {
                error_for(errors, id)
                    .map(|msg| {
                        view! {
                            <p class="field__error" id=error_id.clone()>
                                {move || msg.render(app.lang.get())}
                            </p>
                        }
                    })
            }}
            <textarea
                class="field__input field__textarea"
                id=id
                name=id
                rows=rows
                required=required
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=described_by
                bind:value=value
            ></textarea>
            <p class="field__count" class:field__count--over=over id=count_id>
                {move || i18n::char_counter(app.lang.get(), value.with(|v| char_count(v)), max)}
            </p>
        </div>
    }
}

/// A small form with one text area and a submit button, for comments, public updates,
/// internal notes and reasons. `action` receives the trimmed text and, on success, returns the
/// confirmation to show (in a polite live region under the button); the text area is then
/// emptied. Errors, client-side or from the server, appear in an error summary and next to the
/// field.
#[component]
pub fn TextActionForm<F, Fut>(
    /// The text area's id; the form's test id is `<id>-form`, its button's `<id>-submit`.
    id: &'static str,
    #[prop(into)] label: Key,
    #[prop(optional, into)] hint: Option<Key>,
    #[prop(into)] submit: Key,
    /// The message when the text area is left empty.
    #[prop(into)]
    empty: Key,
    #[prop(default = protocol::requests::limits::REASON_MAX_CHARS)] max: usize,
    #[prop(default = "button button--primary")] button_class: &'static str,
    #[prop(default = 4)] rows: u32,
    action: F,
) -> impl IntoView
where
    F: Fn(String) -> Fut + Clone + 'static,
    Fut: std::future::Future<Output = Result<Requests, crate::api::ApiError>> + 'static,
{
    let app = use_app();
    let text = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FormError>::new());
    let pending = RwSignal::new(false);
    let done = RwSignal::new(None::<Key>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        done.set(None);
        let value = text.get_untracked().trim().to_owned();
        if value.is_empty() {
            errors.set(vec![FormError::field(id, empty)]);
            return;
        }
        if char_count(&value) > max {
            errors.set(vec![FormError::field(id, Requests::ErrTooLong)]);
            return;
        }
        errors.set(Vec::new());
        pending.set(true);
        let fut = action(value);
        leptos::task::spawn_local(async move {
            let result = fut.await;
            pending.set(false);
            match result {
                Ok(key) => {
                    text.set(String::new());
                    done.set(Some(key.into()));
                }
                Err(e) => errors.set(vec![FormError::api(Some(id), e)]),
            }
        });
    };
    let summary_id = crate::format::intern(format!("{id}-errors"));
    let form_testid = format!("{id}-form");
    let submit_testid = format!("{id}-submit");
    view! {
        <crate::components::ErrorSummary errors=errors id=summary_id />
        <form class="form form--compact" novalidate on:submit=on_submit data-testid=form_testid>
            <TextAreaField id=id label=label hint=hint value=text errors=errors max=max rows=rows />
            <div class="form__actions form__actions--compact">
                <button
                    type="submit"
                    class=button_class
                    data-testid=submit_testid
                    aria-disabled=move || pending.get().then_some("true")
                >
                    {app.t(submit)}
                </button>
            </div>
            <div role="status" class="form__done">
                {move || done.get().map(|k| view! { <p class="done-message" data-testid="form-done">{app.t(k)}</p> })}
            </div>
        </form>
    }
}
