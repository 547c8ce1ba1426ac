//! Labelled form fields with hint and inline error, and the error type forms share.

use leptos::prelude::*;
use protocol::api::Language;
use wasm_bindgen::JsCast;

use crate::api::ApiError;
use crate::i18n::{Common, Key, Text, endonym};
use crate::state::use_app;

/// A message that can be shown in either language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// One of our own texts.
    Key(Key),
    /// An API failure, rendered by [`ApiError::user_message`].
    Api(ApiError),
    /// A text with values, rendered in both languages by one of `i18n`'s functions.
    Text { fr: String, en: String },
}

impl Msg {
    /// `text` (an `i18n` function of the language) rendered in both languages.
    pub fn each(text: impl Fn(Language) -> String) -> Self {
        Self::Text {
            fr: text(Language::Fr),
            en: text(Language::En),
        }
    }

    /// The message in `lang`.
    pub fn render(&self, lang: Language) -> String {
        match self {
            Self::Key(key) => key.text(lang).to_owned(),
            Self::Api(err) => err.user_message(lang),
            Self::Text { fr, en } => match lang {
                Language::Fr => fr.clone(),
                Language::En => en.clone(),
            },
        }
    }
}

/// One error of a form: tied to a field (by its id) or to the whole form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    /// The id of the input in error, or `None` for a form-level error.
    pub field: Option<&'static str>,
    /// What is wrong.
    pub msg: Msg,
}

impl FormError {
    /// An error on the field whose input has id `field`.
    pub fn field(field: &'static str, key: impl Into<Key>) -> Self {
        Self {
            field: Some(field),
            msg: Msg::Key(key.into()),
        }
    }

    /// An error on `field` with a text built for both languages by `text`.
    pub fn text(field: &'static str, text: impl Fn(Language) -> String) -> Self {
        Self {
            field: Some(field),
            msg: Msg::each(text),
        }
    }

    /// An API failure, attached to `field` when it is about that field.
    pub fn api(field: Option<&'static str>, err: ApiError) -> Self {
        Self {
            field,
            msg: Msg::Api(err),
        }
    }
}

/// Moves keyboard focus to the element with this id, if it exists.
pub fn focus_by_id(id: &str) {
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// A text-like `<input>` with its visible `<label for>`, an optional hint and, when `errors`
/// holds an error for this field, the error text linked by `aria-describedby` and
/// `aria-invalid="true"`.
///
/// The hint has id `<id>-hint` and the error `<id>-error`.
#[component]
pub fn FormField(
    /// The input's id and name (also the hook for browser tests).
    id: &'static str,
    /// The label text.
    #[prop(into)]
    label: Key,
    /// The value, two-way bound.
    value: RwSignal<String>,
    /// The form's errors; this field shows the first one whose `field` is `id`.
    errors: RwSignal<Vec<FormError>>,
    /// `type` attribute (`text`, `email`, `password`).
    #[prop(default = "text")]
    input_type: &'static str,
    /// `autocomplete` attribute (`email`, `current-password`, `new-password`, `name`…).
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// A help text shown under the label.
    #[prop(optional, into)]
    hint: Option<Key>,
    /// Whether the field must be filled (marked in the label, `required` attribute).
    #[prop(default = true)]
    required: bool,
    /// `inputmode` attribute (e.g. `numeric` for one-time codes); `email` for email fields.
    #[prop(optional)]
    inputmode: Option<&'static str>,
) -> impl IntoView {
    let app = use_app();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let error = move || {
        errors.with(|errs| {
            errs.iter()
                .find(|e| e.field == Some(id))
                .map(|e| e.msg.clone())
        })
    };
    let has_error = move || errors.with(|errs| errs.iter().any(|e| e.field == Some(id)));
    let described_by = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if has_error() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    // The `type="email"` keyboard is useful on phones, but the browser's own validation is
    // off (forms are `novalidate`) so that our messages are the ones shown.
    let input_mode = inputmode.or((input_type == "email").then_some("email"));
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
                error()
                    .map(|msg| {
                        view! {
                            <p class="field__error" id=error_id.clone()>
                                {move || msg.render(app.lang.get())}
                            </p>
                        }
                    })
            }}
            <input
                class="field__input"
                id=id
                name=id
                type=input_type
                inputmode=input_mode
                autocomplete=autocomplete
                spellcheck=(input_type != "text").then_some("false")
                required=required
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=described_by
                bind:value=value
            />
        </div>
    }
}

/// A checkbox with its label (and an optional hint).
#[component]
pub fn Checkbox(
    /// The input's id and name.
    id: &'static str,
    #[prop(into)] label: Key,
    /// Checked or not, two-way bound.
    value: RwSignal<bool>,
    /// A help text under the box.
    #[prop(optional, into)]
    hint: Option<Key>,
) -> impl IntoView {
    let app = use_app();
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field field--checkbox">
            <div class="choice__option">
                <input
                    type="checkbox"
                    id=id
                    name=id
                    prop:checked=move || value.get()
                    aria-describedby=hint.map(|_| hint_id.clone())
                    on:change=move |ev| value.set(event_target_checked(&ev))
                />
                <label for=id>{app.t(label)}</label>
            </div>
            {hint.map(|h| view! { <p class="field__hint field__hint--checkbox" id=hint_id.clone()>{app.t(h)}</p> })}
        </div>
    }
}

/// The language `<select>` (French / English), with its label and hint.
#[component]
pub fn LanguageField(
    /// The select's id and name.
    id: &'static str,
    /// The chosen language, two-way bound.
    value: RwSignal<Language>,
) -> impl IntoView {
    let app = use_app();
    let hint_id = format!("{id}-hint");
    let option = move |lang: Language| {
        view! {
            <option value=lang.as_str() lang=lang.as_str() selected=move || value.get() == lang>
                {endonym(lang)}
            </option>
        }
    };
    view! {
        <div class="field">
            <label for=id class="field__label">
                {app.t(Common::FieldLanguage)}
            </label>
            <p class="field__hint" id=hint_id.clone()>
                {app.t(Common::HintLanguage)}
            </p>
            <select
                class="field__select"
                id=id
                name=id
                aria-describedby=hint_id
                prop:value=move || value.get().as_str()
                on:change=move |ev| {
                    if let Some(lang) = Language::parse(&event_target_value(&ev)) {
                        value.set(lang);
                    }
                }
            >
                {option(Language::Fr)}
                {option(Language::En)}
            </select>
        </div>
    }
}
