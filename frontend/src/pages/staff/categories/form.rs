//! The form that creates or changes a category.

use super::*;

/// The form that creates (`initial` is `None`) or changes a category.
#[component]
pub(super) fn CategoryForm(
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
