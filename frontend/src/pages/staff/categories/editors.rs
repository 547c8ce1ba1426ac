//! The category form's editors: a question with its fields and move/remove buttons, and the
//! choices of a list question.

use super::*;

/// One question of the category: its fields, its choices (list types) and the buttons that
/// move it up or down or remove it.
#[component]
pub(super) fn AttributeEditor(
    attr: AttrDraft,
    attrs: RwSignal<Vec<AttrDraft>>,
    counter: Counter,
    errors: RwSignal<Vec<FormError>>,
    announce: RwSignal<Option<Msg>>,
) -> impl IntoView {
    let app = use_app();
    let id = attr.id;
    let position = rows::position(attrs, id);
    let legend_id = qid(id, "legend");
    let type_id = qid(id, "type");
    let label = Callback::new(move |(lang, action)| {
        i18n::question_action(lang, action, position.get() + 1)
    });
    let removal = Callback::new(move |()| Removal {
        field_prefix: format!("q{id}-"),
        removed: Staff::QuestionRemoved.into(),
        focus: Box::new(|next| next.map_or("add-attribute", |n| qid(n, "code"))),
    });
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
                <RowButtons
                    row=RowHandle::new(attrs, id)
                    ids=qid(id, "")
                    testid="attribute"
                    label=label
                    moved=i18n::question_moved
                    remove_text=Staff::RemoveQuestion.into()
                    removal=removal
                    errors=errors
                    announce=announce
                />
            </div>
        </fieldset>
    }
}

/// The choices of a list question.
#[component]
pub(super) fn ChoicesEditor(
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
pub(super) fn ChoiceEditor(
    attr: AttrDraft,
    choice: ChoiceDraft,
    position: Signal<usize>,
    errors: RwSignal<Vec<FormError>>,
    announce: RwSignal<Option<Msg>>,
) -> impl IntoView {
    let app = use_app();
    let (q, c) = (attr.id, choice.id);
    let index = rows::position(attr.choices, c);
    let legend_id = cid(q, c, "legend");
    let remove = move |_| {
        rows::remove(
            attr.choices,
            c,
            errors,
            announce,
            Removal {
                field_prefix: format!("q{q}-c{c}-"),
                removed: Staff::ChoiceRemoved.into(),
                focus: Box::new(move |next| {
                    next.map_or(qid(q, "add-choice"), |n| cid(q, n, "key"))
                }),
            },
        );
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
