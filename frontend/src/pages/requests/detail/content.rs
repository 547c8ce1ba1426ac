//! The request's content: its description, its answers to the category's questions and its photos, each with the moderation actions.

use super::*;

/// "Contenu masqué par la modération" with the reason (and, for staff, the content itself).
pub(super) fn hidden_notice(app: AppState, reason: String) -> impl IntoView {
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
pub(super) fn Description(number: String, detail: Detail, announce: Announce) -> impl IntoView {
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
pub(super) fn Answers(detail: Detail, categories: RwSignal<Vec<Category>>) -> impl IntoView {
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
pub(super) fn Photos(number: String, detail: Detail, announce: Announce) -> impl IntoView {
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
pub(super) fn PhotoItem(
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
