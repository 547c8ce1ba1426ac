//! `/staff/categories`: the town's request categories, grouped, active and retired; a form to
//! create one or change one, with its extra questions (Open311 attributes): added, removed and
//! reordered with buttons, each with its answer type and, for list types, its choices.
//!
//! The form's ids are stable for the life of the form (`q<n>-…` for a question, `q<n>-c<m>-…`
//! for a choice, numbered in order of creation), so that moving a question keeps keyboard focus
//! on the button that moved it.

use std::collections::HashSet;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::ErrorCode;
use protocol::requests::{
    AttributeChoice, AttributeDef, AttributeType, Category, CategoryInput, Localized,
};

use crate::api::ApiError;
use crate::api::staff as api;
use crate::components::{ErrorSummary, FormError, FormField, Msg, PageHeading, focus_by_id};
use crate::i18n::{self, Common, Key, QuestionAction, Requests, Staff, Text};
use crate::pages::requests::fields::{TextAreaField, error_for};
use crate::pages::requests::{char_count, intern};
use crate::pages::staff::RoleGate;
use crate::state::use_app;

/// Every answer type, in the order the select lists them.
const TYPES: [AttributeType; 6] = [
    AttributeType::String,
    AttributeType::Text,
    AttributeType::Number,
    AttributeType::Datetime,
    AttributeType::Singlevaluelist,
    AttributeType::Multivaluelist,
];

/// The server's limits (`backend/src/requests/validate.rs`).
const MAX_ATTRIBUTES: usize = 20;
const NAME_MAX: usize = 100;
const GROUP_MAX: usize = 100;
const KEYWORDS_MAX: usize = 300;
const DESCRIPTION_MAX: usize = 1000;
const LABEL_MAX: usize = 200;

/// The id the attributes section's errors point at (its heading).
const ATTRIBUTES_ID: &str = "attributes-title";

/// What the page shows.
#[derive(Debug, Clone, PartialEq)]
enum Mode {
    List,
    New,
    Edit(Box<Category>),
}

/// A choice of a list question, as edited.
#[derive(Debug, Clone, Copy)]
struct ChoiceDraft {
    id: u32,
    key: RwSignal<String>,
    fr: RwSignal<String>,
    en: RwSignal<String>,
}

/// A question, as edited.
#[derive(Debug, Clone, Copy)]
struct AttrDraft {
    id: u32,
    code: RwSignal<String>,
    datatype: RwSignal<AttributeType>,
    required: RwSignal<bool>,
    label_fr: RwSignal<String>,
    label_en: RwSignal<String>,
    help_fr: RwSignal<String>,
    help_en: RwSignal<String>,
    choices: RwSignal<Vec<ChoiceDraft>>,
}

/// Hands out the numbers of questions and choices.
#[derive(Debug, Clone, Copy)]
struct Counter(StoredValue<u32>);

impl Counter {
    fn new() -> Self {
        Self(StoredValue::new(0))
    }

    fn next(self) -> u32 {
        let n = self.0.get_value();
        self.0.set_value(n + 1);
        n
    }
}

fn new_choice(counter: Counter, from: Option<&AttributeChoice>) -> ChoiceDraft {
    ChoiceDraft {
        id: counter.next(),
        key: RwSignal::new(from.map(|c| c.key.clone()).unwrap_or_default()),
        fr: RwSignal::new(from.map(|c| c.name.fr.clone()).unwrap_or_default()),
        en: RwSignal::new(from.map(|c| c.name.en.clone()).unwrap_or_default()),
    }
}

fn new_attr(counter: Counter, from: Option<&AttributeDef>) -> AttrDraft {
    let text = |f: fn(&AttributeDef) -> &str| RwSignal::new(from.map(f).unwrap_or("").to_owned());
    AttrDraft {
        id: counter.next(),
        code: text(|a| &a.code),
        datatype: RwSignal::new(from.map_or(AttributeType::String, |a| a.datatype)),
        required: RwSignal::new(from.is_some_and(|a| a.required)),
        label_fr: text(|a| &a.label.fr),
        label_en: text(|a| &a.label.en),
        help_fr: text(|a| &a.help.fr),
        help_en: text(|a| &a.help.en),
        choices: RwSignal::new(
            from.map(|a| {
                a.values
                    .iter()
                    .map(|c| new_choice(counter, Some(c)))
                    .collect()
            })
            .unwrap_or_default(),
        ),
    }
}

impl AttrDraft {
    /// The question as sent (trimmed; choices only for list types).
    fn to_def(self) -> AttributeDef {
        let datatype = self.datatype.get_untracked();
        let get = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
        AttributeDef {
            code: get(self.code),
            datatype,
            required: self.required.get_untracked(),
            label: Localized {
                fr: get(self.label_fr),
                en: get(self.label_en),
            },
            help: Localized {
                fr: get(self.help_fr),
                en: get(self.help_en),
            },
            values: if datatype.is_list() {
                self.choices
                    .get_untracked()
                    .into_iter()
                    .map(|c| AttributeChoice {
                        key: get(c.key),
                        name: Localized {
                            fr: get(c.fr),
                            en: get(c.en),
                        },
                    })
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
}

/// An element id of a question: `q3-code`.
fn qid(question: u32, part: &str) -> &'static str {
    intern(format!("q{question}-{part}"))
}

/// An element id of a choice: `q3-c7-key`.
fn cid(question: u32, choice: u32, part: &str) -> &'static str {
    intern(format!("q{question}-c{choice}-{part}"))
}

/// A code as the server accepts it: `[a-z0-9_<extra>]{1,40}`.
fn is_code(s: &str, extra: char) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == extra)
}

/// Drops the errors of fields that are gone. The errors only change when one matches: any
/// change re-focuses the error summary.
fn forget_errors(errors: RwSignal<Vec<FormError>>, gone: impl Fn(&str) -> bool) {
    let matches = |e: &FormError| e.field.is_some_and(&gone);
    if errors.with_untracked(|errs| errs.iter().any(matches)) {
        errors.update(|errs| errs.retain(|e| !matches(e)));
    }
}

/// The numbers of a question and of its choices, in form order, for [`validate`].
type DraftIds = Vec<(u32, Vec<u32>)>;

/// The server's rules, checked before sending so that each error points at its control.
fn validate(input: &CategoryInput, ids: &DraftIds, creating: bool) -> Vec<FormError> {
    let mut errs = Vec::new();
    if creating && !is_code(&input.code, '-') {
        errs.push(FormError::field("cat-code", Staff::ErrCategoryCode));
    }
    if char_count(&input.group) > GROUP_MAX {
        errs.push(FormError::field("cat-group", Requests::ErrTooLong));
    }
    for (value, id, missing) in [
        (&input.name.fr, "cat-name-fr", Staff::ErrNameFrRequired),
        (&input.name.en, "cat-name-en", Staff::ErrNameEnRequired),
    ] {
        if value.is_empty() {
            errs.push(FormError::field(id, missing));
        } else if char_count(value) > NAME_MAX {
            errs.push(FormError::field(id, Requests::ErrTooLong));
        }
    }
    for (value, id) in [
        (&input.description.fr, "cat-description-fr"),
        (&input.description.en, "cat-description-en"),
    ] {
        if char_count(value) > DESCRIPTION_MAX {
            errs.push(FormError::field(id, Requests::ErrTooLong));
        }
    }
    if char_count(&input.keywords) > KEYWORDS_MAX {
        errs.push(FormError::field("cat-keywords", Requests::ErrTooLong));
    }
    if input.attributes.len() > MAX_ATTRIBUTES {
        errs.push(FormError::field(ATTRIBUTES_ID, Staff::ErrTooManyAttributes));
    }
    let mut codes = HashSet::new();
    for (n, (a, (q, choice_ids))) in input.attributes.iter().zip(ids).enumerate() {
        let position = n + 1;
        let problem = |id: &'static str, key: Key, choice: Option<usize>| {
            FormError::text(id, move |lang| {
                i18n::question_error(lang, position, choice, key)
            })
        };
        if !is_code(&a.code, '_') {
            errs.push(problem(qid(*q, "code"), Staff::ErrAttrCode.into(), None));
        } else if !codes.insert(a.code.as_str()) {
            errs.push(problem(
                qid(*q, "code"),
                Staff::ErrAttrCodeDuplicate.into(),
                None,
            ));
        }
        for (value, part, missing) in [
            (&a.label.fr, "label-fr", Staff::ErrLabelFrRequired),
            (&a.label.en, "label-en", Staff::ErrLabelEnRequired),
        ] {
            if value.is_empty() {
                errs.push(problem(qid(*q, part), missing.into(), None));
            } else if char_count(value) > LABEL_MAX {
                errs.push(problem(qid(*q, part), Requests::ErrTooLong.into(), None));
            }
        }
        if !a.datatype.is_list() {
            continue;
        }
        if a.values.is_empty() {
            errs.push(problem(
                qid(*q, "add-choice"),
                Staff::ErrChoicesRequired.into(),
                None,
            ));
        }
        let mut keys = HashSet::new();
        for (m, (v, c)) in a.values.iter().zip(choice_ids).enumerate() {
            let choice = Some(m + 1);
            if !is_code(&v.key, '-') {
                errs.push(problem(
                    cid(*q, *c, "key"),
                    Staff::ErrChoiceKey.into(),
                    choice,
                ));
            } else if !keys.insert(v.key.as_str()) {
                errs.push(problem(
                    cid(*q, *c, "key"),
                    Staff::ErrChoiceKeyDuplicate.into(),
                    choice,
                ));
            }
            if v.name.fr.is_empty() {
                errs.push(problem(
                    cid(*q, *c, "fr"),
                    Staff::ErrChoiceFrRequired.into(),
                    choice,
                ));
            }
            if v.name.en.is_empty() {
                errs.push(problem(
                    cid(*q, *c, "en"),
                    Staff::ErrChoiceEnRequired.into(),
                    choice,
                ));
            }
        }
    }
    errs
}

/// A refusal from the server, next to the control its `field` names.
fn server_error(err: ApiError, creating: bool) -> FormError {
    let code = err.code();
    let target = match (code, err.field()) {
        (Some(ErrorCode::Conflict), Some("code")) => {
            Some(("cat-code", Staff::ErrCategoryCodeTaken))
        }
        (Some(ErrorCode::Validation), Some("code")) if creating => {
            Some(("cat-code", Staff::ErrCategoryCode))
        }
        (Some(ErrorCode::Validation), Some("name")) => {
            Some(("cat-name-fr", Staff::ErrCategoryName))
        }
        (Some(ErrorCode::Validation), Some("description")) => {
            Some(("cat-description-fr", Staff::ErrCategoryDescription))
        }
        (Some(ErrorCode::Validation), Some("group" | "keywords")) => {
            Some(("cat-group", Staff::ErrCategoryGroup))
        }
        (Some(ErrorCode::Validation), Some(f)) if f.starts_with("attributes") => {
            Some((ATTRIBUTES_ID, Staff::ErrAttributesInvalid))
        }
        _ => None,
    };
    match target {
        Some((field, key)) => FormError::field(field, key),
        None => FormError::api(None, err),
    }
}

/// The categories page.
#[component]
pub fn CategoriesPage() -> impl IntoView {
    let app = use_app();
    view! {
        <div class="page page--wide">
            <PageHeading title=Staff::CategoriesTitle />
            <p class="lead">{app.t(Staff::CategoriesIntro)}</p>
            <RoleGate allow={protocol::api::Role::is_staff}>
                <Categories />
            </RoleGate>
        </div>
    }
}

#[component]
fn Categories() -> impl IntoView {
    let app = use_app();
    let mode = RwSignal::new(Mode::List);
    let notice = RwSignal::new(None::<Key>);
    // Where keyboard focus goes when the list comes back (the edited category's button).
    let focus_after = StoredValue::new(None::<String>);
    view! {
        <div role="status" class="status-region">
            {move || notice.get().map(|k| view! { <p class="notice notice--success" data-testid="category-saved">{app.t(k)}</p> })}
        </div>
        {move || match mode.get() {
            Mode::List => view! { <CategoryList mode=mode notice=notice focus_after=focus_after /> }.into_any(),
            Mode::New => {
                view! { <CategoryForm initial=None mode=mode notice=notice focus_after=focus_after /> }.into_any()
            }
            Mode::Edit(c) => {
                view! { <CategoryForm initial=Some(*c) mode=mode notice=notice focus_after=focus_after /> }
                    .into_any()
            }
        }}
    }
}

/// The categories, one table per group (groups in alphabetical order, the unnamed one last).
#[component]
fn CategoryList(
    mode: RwSignal<Mode>,
    notice: RwSignal<Option<Key>>,
    focus_after: StoredValue<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let data = RwSignal::new(None::<Result<Vec<Category>, ApiError>>);
    let load = move || {
        spawn_local(async move {
            data.set(Some(api::categories().await));
            if let Some(id) = focus_after.get_value() {
                focus_after.set_value(None);
                request_animation_frame(move || focus_by_id(&id));
            }
        });
    };
    load();
    let create = move |_| {
        notice.set(None);
        mode.set(Mode::New);
    };
    let groups = move || {
        let lang = app.lang.get();
        let list = match data.get()? {
            Ok(list) => list,
            Err(e) => {
                return Some(
                    view! {
                        <div class="notice notice--error" role="alert">
                            <p>{move || e.user_message(app.lang.get())}</p>
                            <p>
                                <button type="button" class="button button--secondary" on:click=move |_| load()>
                                    {app.t(Common::Retry)}
                                </button>
                            </p>
                        </div>
                    }
                    .into_any(),
                );
            }
        };
        if list.is_empty() {
            return Some(
                view! { <p class="empty-state" data-testid="categories-empty">{app.t(Staff::CategoriesEmpty)}</p> }
                    .into_any(),
            );
        }
        let mut groups: Vec<(String, Vec<Category>)> = Vec::new();
        for c in list {
            match groups.iter_mut().find(|(g, _)| *g == c.group) {
                Some((_, items)) => items.push(c),
                None => groups.push((c.group.clone(), vec![c])),
            }
        }
        groups.sort_by(|(a, _), (b, _)| {
            (a.is_empty(), a.to_lowercase()).cmp(&(b.is_empty(), b.to_lowercase()))
        });
        let sections = groups
            .into_iter()
            .enumerate()
            .map(|(i, (group, mut items))| {
                items.sort_by_key(|c| c.name.get(lang).to_lowercase());
                let title_id = intern(format!("group-{i}"));
                let title = if group.is_empty() {
                    Staff::NoGroup.text(lang).to_owned()
                } else {
                    group
                };
                let rows = items
                    .into_iter()
                    .map(|c| view! { <CategoryRow category=c mode=mode notice=notice focus_after=focus_after /> })
                    .collect_view();
                view! {
                    <section class="section category-group" aria-labelledby=title_id>
                        <h2 id=title_id>{title}</h2>
                        <div class="table-wrap" role="region" aria-labelledby=title_id tabindex="0">
                            <table class="table table--list table--stack" aria-labelledby=title_id data-testid="category-table">
                                <thead>
                                    <tr>
                                        <th scope="col">{Staff::ColName.text(lang)}</th>
                                        <th scope="col">{Staff::ColCode.text(lang)}</th>
                                        <th scope="col">{Staff::ColState.text(lang)}</th>
                                        <th scope="col">{Staff::ColQuestions.text(lang)}</th>
                                        <th scope="col">{Staff::ColActions.text(lang)}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    </section>
                }
            })
            .collect_view();
        Some(sections.into_any())
    };
    view! {
        <div class="page-actions">
            <button type="button" id="new-category" class="button button--primary" data-testid="new-category" on:click=create>
                <span aria-hidden="true">"+\u{a0}"</span>
                {app.t(Staff::NewCategory)}
            </button>
        </div>
        {move || match data.with(Option::is_none) {
            true => Some(view! { <p>{app.t(Common::Loading)}</p> }),
            false => None,
        }}
        {groups}
    }
}

#[component]
fn CategoryRow(
    category: Category,
    mode: RwSignal<Mode>,
    notice: RwSignal<Option<Key>>,
    focus_after: StoredValue<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let lang = app.lang.get_untracked();
    let name = category.name.get(lang).to_owned();
    let code = category.code.clone();
    let active = category.active;
    let questions = category.attributes.len();
    let edit_id = intern(format!("edit-{code}"));
    let data_code = code.clone();
    let label = i18n::edit_category(lang, &name);
    let edit = move |_| {
        notice.set(None);
        focus_after.set_value(Some(edit_id.to_owned()));
        mode.set(Mode::Edit(Box::new(category.clone())));
    };
    view! {
        <tr data-testid="category-row" data-code=data_code class:table__row--muted=!active>
            <th scope="row">{name}</th>
            <td data-label=Staff::ColCode.text(lang)><span class="code">{code}</span></td>
            <td data-label=Staff::ColState.text(lang)>
                {if active {
                    view! { <span class="state-badge state-badge--active">{Staff::CategoryActive.text(lang)}</span> }
                } else {
                    view! { <span class="state-badge state-badge--retired">{Staff::CategoryRetired.text(lang)}</span> }
                }}
            </td>
            <td data-label=Staff::ColQuestions.text(lang)>{i18n::question_count(lang, questions)}</td>
            <td class="table__action">
                <button
                    type="button"
                    id=edit_id
                    class="button button--secondary button--small"
                    aria-label=label
                    data-testid="edit-category"
                    on:click=edit
                >
                    {Common::Edit.text(lang)}
                </button>
            </td>
        </tr>
    }
}

/// A checkbox with its label (and an optional hint).
#[component]
fn Checkbox(
    id: &'static str,
    #[prop(into)] label: Key,
    value: RwSignal<bool>,
    #[prop(optional, into)] hint: Option<Key>,
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

/// The form that creates (`initial` is `None`) or changes a category.
#[component]
fn CategoryForm(
    initial: Option<Category>,
    mode: RwSignal<Mode>,
    notice: RwSignal<Option<Key>>,
    focus_after: StoredValue<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let creating = initial.is_none();
    let original = initial.as_ref().map(|c| c.code.clone());
    let counter = Counter::new();
    let field =
        |f: fn(&Category) -> &str| RwSignal::new(initial.as_ref().map(f).unwrap_or("").to_owned());
    let code = field(|c| &c.code);
    let group = field(|c| &c.group);
    let name_fr = field(|c| &c.name.fr);
    let name_en = field(|c| &c.name.en);
    let description_fr = field(|c| &c.description.fr);
    let description_en = field(|c| &c.description.en);
    let keywords = field(|c| &c.keywords);
    let active = RwSignal::new(initial.as_ref().is_none_or(|c| c.active));
    let attrs = RwSignal::new(
        initial
            .as_ref()
            .map(|c| {
                c.attributes
                    .iter()
                    .map(|a| new_attr(counter, Some(a)))
                    .collect()
            })
            .unwrap_or_default(),
    );
    let errors = RwSignal::new(Vec::<FormError>::new());
    let pending = RwSignal::new(false);
    let announce = RwSignal::new(None::<Msg>);
    let title_name = initial.as_ref().map(|c| c.name.clone());
    let title = move || {
        let lang = app.lang.get();
        match &title_name {
            Some(name) => i18n::edit_category_title(lang, name.get(lang)),
            None => Staff::CategoryFormNewTitle.text(lang).to_owned(),
        }
    };
    // The form replaces the list: take keyboard focus to its heading.
    request_animation_frame(|| focus_by_id("category-form-title"));

    let back = move || {
        if focus_after.get_value().is_none() {
            focus_after.set_value(Some("new-category".to_owned()));
        }
        mode.set(Mode::List);
    };
    let cancel = move |_| back();

    let on_submit = {
        let original = original.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            if pending.get_untracked() {
                return;
            }
            let drafts: Vec<AttrDraft> = attrs.get_untracked();
            let get = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
            let input = CategoryInput {
                code: original.clone().unwrap_or_else(|| get(code)),
                group: get(group),
                name: Localized {
                    fr: get(name_fr),
                    en: get(name_en),
                },
                description: Localized {
                    fr: get(description_fr),
                    en: get(description_en),
                },
                keywords: get(keywords),
                attributes: drafts.iter().map(|a| a.to_def()).collect(),
                active: active.get_untracked(),
            };
            let ids: DraftIds = drafts
                .iter()
                .map(|a| {
                    let choices = a.choices.get_untracked().iter().map(|c| c.id).collect();
                    (a.id, choices)
                })
                .collect();
            let errs = validate(&input, &ids, creating);
            if !errs.is_empty() {
                errors.set(errs);
                return;
            }
            errors.set(Vec::new());
            pending.set(true);
            let original = original.clone();
            spawn_local(async move {
                let result = match &original {
                    None => api::create_category(&input).await,
                    Some(code) => api::update_category(code, &input).await,
                };
                pending.set(false);
                match result {
                    Ok(saved) => {
                        focus_after.set_value(Some(format!("edit-{}", saved.code)));
                        notice.set(Some(if creating {
                            Staff::CategoryCreated.into()
                        } else {
                            Staff::CategorySaved.into()
                        }));
                        mode.set(Mode::List);
                    }
                    Err(e) => errors.set(vec![server_error(e, creating)]),
                }
            });
        }
    };

    let add_attribute = move |_| {
        if attrs.with_untracked(Vec::len) >= MAX_ATTRIBUTES {
            errors.set(vec![FormError::field(
                ATTRIBUTES_ID,
                Staff::ErrTooManyAttributes,
            )]);
            return;
        }
        let a = new_attr(counter, None);
        attrs.update(|v| v.push(a));
        request_animation_frame(move || focus_by_id(qid(a.id, "code")));
    };
    let attributes_error = move || error_for(errors, ATTRIBUTES_ID);
    let full = move || attrs.with(Vec::len) >= MAX_ATTRIBUTES;

    let code_field = if creating {
        view! {
            <FormField id="cat-code" label=Staff::FieldCode hint=Staff::HintCategoryCode value=code errors=errors />
        }
        .into_any()
    } else {
        view! {
            <div class="field">
                <p class="field__label">{app.t(Staff::CodeFixed)}</p>
                <p class="code" data-testid="category-code">{move || code.get()}</p>
            </div>
        }
        .into_any()
    };

    view! {
        <section class="category-form" aria-labelledby="category-form-title">
            <h2 id="category-form-title" tabindex="-1">{title}</h2>
            <p>{app.t(Common::RequiredFieldsNote)}</p>
            <ErrorSummary errors=errors id="category-errors" />
            <form class="form" novalidate on:submit=on_submit data-testid="category-form">
                {code_field}
                <FormField id="cat-group" label=Staff::FieldGroup hint=Staff::HintGroup required=false value=group errors=errors />
                <div class="field-pair">
                    <FormField id="cat-name-fr" label=Staff::FieldNameFr value=name_fr errors=errors />
                    <FormField id="cat-name-en" label=Staff::FieldNameEn value=name_en errors=errors />
                </div>
                <TextAreaField
                    id="cat-description-fr"
                    label=Staff::FieldDescriptionFr
                    hint=Some(Staff::HintCategoryDescription.into())
                    value=description_fr
                    errors=errors
                    max=DESCRIPTION_MAX
                    required=false
                    rows=3
                />
                <TextAreaField
                    id="cat-description-en"
                    label=Staff::FieldDescriptionEn
                    value=description_en
                    errors=errors
                    max=DESCRIPTION_MAX
                    required=false
                    rows=3
                />
                <FormField id="cat-keywords" label=Staff::FieldKeywords hint=Staff::HintKeywords required=false value=keywords errors=errors />
                <Checkbox id="cat-active" label=Staff::FieldCategoryActive hint=Staff::HintCategoryActive value=active />

                <section class="attributes-editor" class:field--error=move || attributes_error().is_some() aria-labelledby=ATTRIBUTES_ID>
                    <h3 id=ATTRIBUTES_ID tabindex="-1">{app.t(Staff::AttributesTitle)}</h3>
                    <p class="field__hint">{app.t(Staff::AttributesIntro)}</p>
                    {move || {
                        attributes_error()
                            .map(|msg| {
                                view! {
                                    <p class="field__error" id="attributes-title-error">
                                        {move || msg.render(app.lang.get())}
                                    </p>
                                }
                            })
                    }}
                    <div role="status" class="visually-hidden" data-testid="attributes-announce">
                        {move || announce.get().map(|m| m.render(app.lang.get()))}
                    </div>
                    <Show when=move || attrs.with(Vec::is_empty)>
                        <p class="empty-state" data-testid="attributes-none">{app.t(Staff::AttributesNone)}</p>
                    </Show>
                    <ol class="attribute-list">
                        <For
                            each=move || attrs.get()
                            key=|a| a.id
                            children=move |a| {
                                view! {
                                    <li class="attribute-list__item">
                                        <AttributeEditor attr=a attrs=attrs counter=counter errors=errors announce=announce />
                                    </li>
                                }
                            }
                        />
                    </ol>
                    <button
                        type="button"
                        id="add-attribute"
                        class="button button--secondary"
                        data-testid="add-attribute"
                        aria-disabled=move || full().then_some("true")
                        on:click=add_attribute
                    >
                        <span aria-hidden="true">"+\u{a0}"</span>
                        {app.t(Staff::AddAttribute)}
                    </button>
                </section>

                <div class="form__actions button-row">
                    <button
                        type="submit"
                        class="button button--primary"
                        data-testid="category-submit"
                        aria-disabled=move || pending.get().then_some("true")
                    >
                        {app.t(Staff::SaveCategory)}
                    </button>
                    <button type="button" class="button button--secondary" data-testid="category-cancel" on:click=cancel>
                        {app.t(Common::Cancel)}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// One question of the category: its fields, its choices (list types) and the buttons that
/// move it up or down or remove it.
#[component]
fn AttributeEditor(
    attr: AttrDraft,
    attrs: RwSignal<Vec<AttrDraft>>,
    counter: Counter,
    errors: RwSignal<Vec<FormError>>,
    announce: RwSignal<Option<Msg>>,
) -> impl IntoView {
    let app = use_app();
    let id = attr.id;
    let position = Signal::derive(move || {
        attrs
            .with(|v| v.iter().position(|a| a.id == id))
            .unwrap_or(0)
    });
    let total = move || attrs.with(Vec::len);
    let legend_id = qid(id, "legend");
    let type_id = qid(id, "type");

    // Moves the question by `delta` places; focus stays on the button used, or goes to the
    // other move button when this one reached an end.
    let shift = move |delta: isize, button: &'static str, other: &'static str| {
        let mut moved = None;
        attrs.update(|v| {
            if let Some(i) = v.iter().position(|a| a.id == id) {
                let j = i.checked_add_signed(delta).filter(|j| *j < v.len());
                if let Some(j) = j {
                    v.swap(i, j);
                    moved = Some((j, v.len()));
                }
            }
        });
        if let Some((j, len)) = moved {
            announce.set(Some(Msg::each(|lang| {
                i18n::question_moved(lang, j + 1, len)
            })));
            let at_end = (delta < 0 && j == 0) || (delta > 0 && j + 1 == len);
            let target = if at_end { other } else { button };
            request_animation_frame(move || focus_by_id(target));
        }
    };
    let up_id = qid(id, "up");
    let down_id = qid(id, "down");
    let remove = move |_| {
        let mut next = None;
        attrs.update(|v| {
            if let Some(i) = v.iter().position(|a| a.id == id) {
                v.remove(i);
                next = v.get(i).or_else(|| v.last()).map(|a| a.id);
            }
        });
        let prefix = format!("q{id}-");
        forget_errors(errors, |f| f.starts_with(&prefix));
        announce.set(Some(Msg::Key(Staff::QuestionRemoved.into())));
        request_animation_frame(move || match next {
            Some(n) => focus_by_id(qid(n, "code")),
            None => focus_by_id("add-attribute"),
        });
    };
    let on_type = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        if let Some(t) = TYPES.into_iter().find(|t| t.as_str() == value) {
            attr.datatype.set(t);
            // A list needs choices: start with an empty one.
            if t.is_list() && attr.choices.with_untracked(Vec::is_empty) {
                let c = new_choice(counter, None);
                attr.choices.update(|v| v.push(c));
            }
        }
    };
    let type_options = TYPES
        .into_iter()
        .map(|t| {
            view! {
                <option value=t.as_str() selected=move || attr.datatype.get() == t>
                    {app.t(i18n::datatype_key(t))}
                </option>
            }
        })
        .collect_view();
    let is_first = move || position.get() == 0;
    let is_last = move || position.get() + 1 >= total();
    view! {
        <fieldset class="attribute" aria-labelledby=legend_id data-testid="attribute">
            <legend class="attribute__legend" id=legend_id>
                {move || i18n::question_n(app.lang.get(), position.get() + 1)}
            </legend>
            <div class="field-pair">
                <FormField id=qid(id, "code") label=Staff::FieldAttrCode hint=Staff::HintAttrCode value=attr.code errors=errors />
                <div class="field">
                    <label for=type_id class="field__label">{app.t(Staff::FieldDatatype)}</label>
                    <select
                        class="field__select"
                        id=type_id
                        name=type_id
                        prop:value=move || attr.datatype.get().as_str()
                        on:change=on_type
                    >
                        {type_options}
                    </select>
                </div>
            </div>
            <Checkbox id=qid(id, "required") label=Staff::FieldAttrRequired value=attr.required />
            <div class="field-pair">
                <FormField id=qid(id, "label-fr") label=Staff::FieldLabelFr value=attr.label_fr errors=errors />
                <FormField id=qid(id, "label-en") label=Staff::FieldLabelEn value=attr.label_en errors=errors />
            </div>
            <div class="field-pair">
                <FormField id=qid(id, "help-fr") label=Staff::FieldHelpFr hint=Staff::HintHelp required=false value=attr.help_fr errors=errors />
                <FormField id=qid(id, "help-en") label=Staff::FieldHelpEn hint=Staff::HintHelp required=false value=attr.help_en errors=errors />
            </div>
            <Show when=move || attr.datatype.get().is_list()>
                <ChoicesEditor attr=attr position=position counter=counter errors=errors announce=announce />
            </Show>
            <div class="button-row attribute__actions">
                <button
                    type="button"
                    id=up_id
                    class="button button--secondary button--small"
                    aria-label=move || i18n::question_action(app.lang.get(), QuestionAction::Up, position.get() + 1)
                    aria-disabled=move || is_first().then_some("true")
                    data-testid="attribute-up"
                    on:click=move |_| shift(-1, up_id, down_id)
                >
                    <span aria-hidden="true">"↑\u{a0}"</span>
                    {app.t(Common::MoveUp)}
                </button>
                <button
                    type="button"
                    id=down_id
                    class="button button--secondary button--small"
                    aria-label=move || i18n::question_action(app.lang.get(), QuestionAction::Down, position.get() + 1)
                    aria-disabled=move || is_last().then_some("true")
                    data-testid="attribute-down"
                    on:click=move |_| shift(1, down_id, up_id)
                >
                    <span aria-hidden="true">"↓\u{a0}"</span>
                    {app.t(Common::MoveDown)}
                </button>
                <button
                    type="button"
                    id=qid(id, "remove")
                    class="button button--link button--danger-link"
                    aria-label=move || i18n::question_action(app.lang.get(), QuestionAction::Remove, position.get() + 1)
                    data-testid="attribute-remove"
                    on:click=remove
                >
                    {app.t(Staff::RemoveQuestion)}
                </button>
            </div>
        </fieldset>
    }
}

/// The choices of a list question.
#[component]
fn ChoicesEditor(
    attr: AttrDraft,
    position: Signal<usize>,
    counter: Counter,
    errors: RwSignal<Vec<FormError>>,
    announce: RwSignal<Option<Msg>>,
) -> impl IntoView {
    let app = use_app();
    let add_id = qid(attr.id, "add-choice");
    let error_id = format!("{add_id}-error");
    let has_error = move || error_for(errors, add_id).is_some();
    let add = move |_| {
        let c = new_choice(counter, None);
        attr.choices.update(|v| v.push(c));
        forget_errors(errors, |f| f == add_id);
        request_animation_frame(move || focus_by_id(cid(attr.id, c.id, "key")));
    };
    view! {
        <fieldset class="choices" class:field--error=has_error>
            <legend class="field__label">{app.t(Staff::FieldChoicesLegend)}</legend>
            {move || {
                error_for(errors, add_id)
                    .map(|msg| {
                        view! {
                            <p class="field__error" id=error_id.clone()>
                                {move || msg.render(app.lang.get())}
                            </p>
                        }
                    })
            }}
            <ol class="choices__list">
                <For
                    each=move || attr.choices.get()
                    key=|c| c.id
                    children=move |c| {
                        view! { <ChoiceEditor attr=attr choice=c position=position errors=errors announce=announce /> }
                    }
                />
            </ol>
            <button
                type="button"
                id=add_id
                class="button button--secondary button--small"
                aria-label=move || i18n::add_choice_to(app.lang.get(), position.get() + 1)
                aria-describedby=move || has_error().then(|| format!("{add_id}-error"))
                data-testid="add-choice"
                on:click=add
            >
                <span aria-hidden="true">"+\u{a0}"</span>
                {app.t(Staff::AddChoice)}
            </button>
        </fieldset>
    }
}

#[component]
fn ChoiceEditor(
    attr: AttrDraft,
    choice: ChoiceDraft,
    position: Signal<usize>,
    errors: RwSignal<Vec<FormError>>,
    announce: RwSignal<Option<Msg>>,
) -> impl IntoView {
    let app = use_app();
    let (q, c) = (attr.id, choice.id);
    let index = Signal::derive(move || {
        attr.choices
            .with(|v| v.iter().position(|x| x.id == c))
            .unwrap_or(0)
    });
    let legend_id = cid(q, c, "legend");
    let remove = move |_| {
        let mut next = None;
        attr.choices.update(|v| {
            if let Some(i) = v.iter().position(|x| x.id == c) {
                v.remove(i);
                next = v.get(i).or_else(|| v.last()).map(|x| x.id);
            }
        });
        let prefix = format!("q{q}-c{c}-");
        forget_errors(errors, |f| f.starts_with(&prefix));
        announce.set(Some(Msg::Key(Staff::ChoiceRemoved.into())));
        request_animation_frame(move || match next {
            Some(n) => focus_by_id(cid(q, n, "key")),
            None => focus_by_id(qid(q, "add-choice")),
        });
    };
    view! {
        <li class="choice-row" data-testid="choice">
            <fieldset class="choice-row__set" aria-labelledby=legend_id>
                <legend class="choice-row__legend" id=legend_id>
                    {move || i18n::choice_n(app.lang.get(), index.get() + 1)}
                </legend>
                <div class="choice-row__fields">
                    <FormField id=cid(q, c, "key") label=Staff::FieldChoiceKey value=choice.key errors=errors />
                    <FormField id=cid(q, c, "fr") label=Staff::FieldChoiceFr value=choice.fr errors=errors />
                    <FormField id=cid(q, c, "en") label=Staff::FieldChoiceEn value=choice.en errors=errors />
                    <div class="choice-row__remove">
                        <button
                            type="button"
                            id=cid(q, c, "remove")
                            class="button button--link button--danger-link"
                            aria-label=move || i18n::remove_choice(app.lang.get(), index.get() + 1, position.get() + 1)
                            data-testid="choice-remove"
                            on:click=remove
                        >
                            {app.t(Common::Remove)}
                        </button>
                    </div>
                </div>
            </fieldset>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(attributes: Vec<AttributeDef>) -> CategoryInput {
        CategoryInput {
            code: "voirie".into(),
            group: String::new(),
            name: Localized {
                fr: "Voirie".into(),
                en: "Roads".into(),
            },
            description: Localized::default(),
            keywords: String::new(),
            attributes,
            active: true,
        }
    }

    fn question(code: &str, datatype: AttributeType, values: Vec<AttributeChoice>) -> AttributeDef {
        AttributeDef {
            code: code.into(),
            datatype,
            required: true,
            label: Localized {
                fr: "Q".into(),
                en: "Q".into(),
            },
            help: Localized::default(),
            values,
        }
    }

    #[test]
    fn codes_follow_the_server_rule() {
        assert!(is_code("voirie-nord", '-'));
        assert!(is_code("a_b", '_'));
        assert!(!is_code("a-b", '_'));
        assert!(!is_code("Voirie", '-'));
        assert!(!is_code("", '-'));
        assert!(!is_code(&"a".repeat(41), '-'));
    }

    #[test]
    fn each_error_points_at_its_control() {
        let ok = input(vec![question("danger", AttributeType::String, vec![])]);
        assert!(validate(&ok, &vec![(0, vec![])], true).is_empty());

        let mut bad = input(vec![
            question("danger", AttributeType::Singlevaluelist, vec![]),
            question("danger", AttributeType::String, vec![]),
        ]);
        bad.code = "Voirie".into();
        bad.name.en = String::new();
        let errs = validate(&bad, &vec![(3, vec![]), (5, vec![])], true);
        let fields: Vec<_> = errs.iter().filter_map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["cat-code", "cat-name-en", "q3-add-choice", "q5-code"]
        );
        // An existing category keeps its code: it is not checked again.
        assert!(
            !validate(&bad, &vec![(3, vec![]), (5, vec![])], false)
                .iter()
                .any(|e| e.field == Some("cat-code"))
        );
    }

    #[test]
    fn choices_need_unique_keys_and_both_names() {
        let choice = |key: &str, fr: &str| AttributeChoice {
            key: key.into(),
            name: Localized {
                fr: fr.into(),
                en: "x".into(),
            },
        };
        let c = input(vec![question(
            "size",
            AttributeType::Multivaluelist,
            vec![
                choice("big", "Grand"),
                choice("big", ""),
                choice("Small", "Petit"),
            ],
        )]);
        let errs = validate(&c, &vec![(1, vec![10, 11, 12])], true);
        let fields: Vec<_> = errs.iter().filter_map(|e| e.field).collect();
        assert_eq!(fields, ["q1-c11-key", "q1-c11-fr", "q1-c12-key"]);
        match &errs[0].msg {
            Msg::Text { fr, .. } => assert!(fr.starts_with("Question 1, choix 2")),
            other => panic!("unexpected message {other:?}"),
        }
    }
}
