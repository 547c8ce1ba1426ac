//! The request form's fields: the category, the address and the category's extra questions.

use super::*;

/// The category `<select>`, with one `<optgroup>` per group and the chosen category's
/// description as a hint.
#[component]
pub(super) fn CategoryField(
    list: Vec<Category>,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FormError>>,
    selected: Memo<Option<Category>>,
) -> impl IntoView {
    let app = use_app();
    let has_error = move || error_for(errors, "category").is_some();
    let mut groups: Vec<(String, Vec<Category>)> = Vec::new();
    for c in list {
        match groups.iter_mut().find(|(g, _)| *g == c.group) {
            Some((_, items)) => items.push(c),
            None => groups.push((c.group.clone(), vec![c])),
        }
    }
    let described_by = move || {
        let mut ids = vec!["category-hint"];
        if has_error() {
            ids.push("category-error");
        }
        ids.join(" ")
    };
    let options = move || {
        let lang = app.lang.get();
        groups
            .iter()
            .map(|(group, items)| {
                let opts = items
                    .iter()
                    .map(|c| {
                        let code = c.code.clone();
                        let is_selected = {
                            let code = code.clone();
                            move || value.with(|v| *v == code)
                        };
                        view! {
                            <option value=code selected=is_selected>
                                {c.name.get(lang).to_owned()}
                            </option>
                        }
                    })
                    .collect_view();
                if group.is_empty() {
                    opts.into_any()
                } else {
                    view! { <optgroup label=group.clone()>{opts}</optgroup> }.into_any()
                }
            })
            .collect_view()
    };
    view! {
        <div class="field" class:field--error=has_error>
            <label for="category" class="field__label">
                {app.t(Requests::FieldCategory)} " "
                <span class="field__required">{app.t(Common::RequiredMark)}</span>
            </label>
            <p class="field__hint" id="category-hint">
                {move || {
                    let lang = app.lang.get();
                    selected
                        .get()
                        .map(|c| c.description.get(lang).to_owned())
                        .filter(|d| !d.is_empty())
                        .unwrap_or_else(|| Requests::HintCategory.text(lang).to_owned())
                }}
            </p>
            {move || {
                error_for(errors, "category")
                    .map(|msg| {
                        view! {
                            <p class="field__error" id="category-error">
                                {move || msg.render(app.lang.get())}
                            </p>
                        }
                    })
            }}
            <select
                class="field__select field__select--wide"
                id="category"
                name="category"
                required
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=described_by
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                <option value="">{app.t(Requests::ChooseCategory)}</option>
                {options}
            </select>
        </div>
    }
}

/// The address text field.
#[component]
pub(super) fn AddressField(
    value: RwSignal<String>,
    errors: RwSignal<Vec<FormError>>,
) -> impl IntoView {
    let app = use_app();
    let has_error = move || error_for(errors, "address").is_some();
    view! {
        <div class="field" class:field--error=has_error>
            <label for="address" class="field__label">
                {app.t(Requests::FieldAddress)}
            </label>
            <p class="field__hint" id="address-hint">{app.t(Requests::HintAddress)}</p>
            {move || {
                error_for(errors, "address")
                    .map(|msg| {
                        view! {
                            <p class="field__error" id="address-error">
                                {move || msg.render(app.lang.get())}
                            </p>
                        }
                    })
            }}
            <input
                class="field__input"
                id="address"
                name="address"
                type="text"
                autocomplete="street-address"
                maxlength=limits::ADDRESS_MAX_CHARS
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=move || {
                    if has_error() { "address-hint address-error" } else { "address-hint" }
                }
                bind:value=value
            />
        </div>
    }
}

/// One extra question of the category, rendered by its datatype.
#[component]
pub(super) fn AttributeField(
    def: AttributeDef,
    answers: RwSignal<BTreeMap<String, AttributeAnswer>>,
    errors: RwSignal<Vec<FormError>>,
) -> impl IntoView {
    let app = use_app();
    let code = def.code.clone();
    let id = attr_id(&def);
    let base = intern(format!("attr-{}", def.code));
    let hint_id = format!("{base}-hint");
    let error_id = format!("{base}-error");
    let has_help = !def.help.fr.is_empty() || !def.help.en.is_empty();
    let has_error = move || error_for(errors, id).is_some();
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_help {
                ids.push(hint_id.clone());
            }
            if has_error() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let label = def.label.clone();
    let label_text = move || label.get(app.lang.get()).to_owned();
    let required = def.required;
    let required_mark = move || {
        required.then(|| {
            view! {
                " "
                <span class="field__required">{app.t(Common::RequiredMark)}</span>
            }
        })
    };
    let help = def.help.clone();
    let hint = move || {
        has_help.then(|| {
            let help = help.clone();
            view! {
                <p class="field__hint" id=hint_id.clone()>
                    {move || help.get(app.lang.get()).to_owned()}
                </p>
            }
        })
    };
    let error = move || {
        error_for(errors, id).map(|msg| {
            view! {
                <p class="field__error" id=error_id.clone()>
                    {move || msg.render(app.lang.get())}
                </p>
            }
        })
    };
    let one = {
        let code = code.clone();
        move || {
            answers.with(|a| match a.get(&code) {
                Some(AttributeAnswer::One(v)) => v.clone(),
                _ => String::new(),
            })
        }
    };
    let set_one = {
        let code = code.clone();
        move |v: String| {
            answers.update(|a| {
                a.insert(code.clone(), AttributeAnswer::One(v));
            })
        }
    };

    match def.datatype {
        AttributeType::String | AttributeType::Number | AttributeType::Datetime => {
            let (input_type, inputmode) = match def.datatype {
                AttributeType::Number => ("text", Some("decimal")),
                AttributeType::Datetime => ("datetime-local", None),
                _ => ("text", None),
            };
            view! {
                <div class="field" class:field--error=has_error>
                    <label for=id class="field__label">{label_text} {required_mark}</label>
                    {hint}
                    {error}
                    <input
                        class="field__input"
                        class:field__input--short=def.datatype != AttributeType::String
                        id=id
                        name=id
                        type=input_type
                        inputmode=inputmode
                        required=required
                        aria-invalid=move || has_error().then_some("true")
                        aria-describedby=described_by
                        prop:value=one
                        on:input=move |ev| set_one(event_target_value(&ev))
                    />
                </div>
            }
            .into_any()
        }
        AttributeType::Text => view! {
            <div class="field" class:field--error=has_error>
                <label for=id class="field__label">{label_text} {required_mark}</label>
                {hint}
                {error}
                <textarea
                    class="field__input field__textarea"
                    id=id
                    name=id
                    rows="4"
                    required=required
                    aria-invalid=move || has_error().then_some("true")
                    aria-describedby=described_by
                    prop:value=one
                    on:input=move |ev| set_one(event_target_value(&ev))
                ></textarea>
            </div>
        }
        .into_any(),
        AttributeType::Singlevaluelist if def.values.len() > 5 => {
            let options = def
                .values
                .iter()
                .map(|choice| {
                    let key = choice.key.clone();
                    let name = choice.name.clone();
                    view! { <option value=key>{move || name.get(app.lang.get()).to_owned()}</option> }
                })
                .collect_view();
            view! {
                <div class="field" class:field--error=has_error>
                    <label for=id class="field__label">{label_text} {required_mark}</label>
                    {hint}
                    {error}
                    <select
                        class="field__select field__select--wide"
                        id=id
                        name=id
                        required=required
                        aria-invalid=move || has_error().then_some("true")
                        aria-describedby=described_by
                        prop:value=one
                        on:change=move |ev| set_one(event_target_value(&ev))
                    >
                        <option value="">{app.t(Requests::ChooseOption)}</option>
                        {options}
                    </select>
                </div>
            }
            .into_any()
        }
        AttributeType::Singlevaluelist | AttributeType::Multivaluelist => {
            let multi = def.datatype == AttributeType::Multivaluelist;
            let choices = def
                .values
                .iter()
                .enumerate()
                .map(|(i, choice)| {
                    let input_id = intern(format!("{base}-{i}"));
                    let key = choice.key.clone();
                    let name = choice.name.clone();
                    let code = code.clone();
                    let checked = {
                        let (code, key) = (code.clone(), key.clone());
                        move || {
                            answers.with(|a| match a.get(&code) {
                                Some(AttributeAnswer::One(v)) => *v == key,
                                Some(AttributeAnswer::Many(v)) => v.contains(&key),
                                None => false,
                            })
                        }
                    };
                    let on_change = {
                        let key = key.clone();
                        move |ev: leptos::ev::Event| {
                            let on = event_target_checked(&ev);
                            answers.update(|a| {
                                if multi {
                                    let mut keys = match a.remove(&code) {
                                        Some(AttributeAnswer::Many(k)) => k,
                                        _ => Vec::new(),
                                    };
                                    keys.retain(|k| *k != key);
                                    if on {
                                        keys.push(key.clone());
                                    }
                                    a.insert(code.clone(), AttributeAnswer::Many(keys));
                                } else if on {
                                    a.insert(code.clone(), AttributeAnswer::One(key.clone()));
                                }
                            });
                        }
                    };
                    view! {
                        <div class="choice__option">
                            <input
                                type=if multi { "checkbox" } else { "radio" }
                                id=input_id
                                name=base
                                value=key
                                prop:checked=checked
                                aria-invalid=move || has_error().then_some("true")
                                on:change=on_change
                            />
                            <label for=input_id>{move || name.get(app.lang.get()).to_owned()}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset
                    class="choice field"
                    class:field--error=has_error
                    aria-describedby=described_by
                >
                    <legend class="field__label">{label_text} {required_mark}</legend>
                    {hint}
                    {error}
                    {choices}
                </fieldset>
            }
            .into_any()
        }
    }
}
