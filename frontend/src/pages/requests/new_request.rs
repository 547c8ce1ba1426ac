//! `/requests/new`: "Signaler un problème".
//!
//! Category (grouped), description with a character counter, address (the primary way to say
//! where), optional coordinates from the browser's geolocation, the category's extra
//! questions, up to three photos. Sent as `multipart/form-data` through `XMLHttpRequest` so that
//! the upload's progress is shown and announced.

use std::collections::BTreeMap;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use protocol::ErrorCode;
use protocol::api::Language;
use protocol::requests::{
    AttributeAnswer, AttributeDef, AttributeType, Category, Location, NewRequest, limits,
};
use wasm_bindgen::{JsCast, JsValue};

use crate::api::ApiError;
use crate::api::requests as rq;
use crate::components::{ErrorSummary, FormError, Msg, PageHeading, focus_by_id};
use crate::i18n::{self, Account, Common, Errors, Key, Requests, Text};
use crate::pages::requests::fields::{TextAreaField, error_for};
use crate::pages::requests::map::RequestMap;
use crate::pages::requests::{char_count, intern};
use crate::state::use_app;

const PHOTO_TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

/// A photo chosen for upload.
#[derive(Debug, Clone)]
struct Chosen {
    key: u32,
    file: web_sys::File,
}

/// Where the geolocation request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Geo {
    Idle,
    Locating,
    Found,
    Failed(Key),
}

/// The id of the (first) input of an attribute, which error links point at.
fn attr_id(def: &AttributeDef) -> &'static str {
    match def.datatype {
        AttributeType::Multivaluelist => intern(format!("attr-{}-0", def.code)),
        AttributeType::Singlevaluelist if def.values.len() <= 5 => {
            intern(format!("attr-{}-0", def.code))
        }
        _ => intern(format!("attr-{}", def.code)),
    }
}

/// A `datetime-local` value (`2026-03-14T09:30`, the browser's local time) as ISO 8601 with
/// the local offset (`2026-03-14T09:30:00+01:00`).
fn local_to_iso(value: &str) -> Option<String> {
    let date = js_sys::Date::new(&JsValue::from_str(value));
    if date.get_time().is_nan() {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)] // Offsets are whole minutes, well within i64.
    let east = -(date.get_timezone_offset() as i64);
    let sign = if east >= 0 { '+' } else { '-' };
    let east = east.abs();
    let base = if value.len() == 16 {
        format!("{value}:00")
    } else {
        value.to_owned()
    };
    Some(format!("{base}{sign}{:02}:{:02}", east / 60, east % 60))
}

/// A number as typed (a French decimal comma is accepted), normalised to a dot.
fn parse_number(value: &str) -> Option<String> {
    let v = value.trim().replace(',', ".");
    v.parse::<f64>().ok().filter(|n| n.is_finite()).map(|_| v)
}

/// The size of a file, for people: "850 Ko", "2,4 Mo".
fn file_size(bytes: f64, lang: Language) -> String {
    let (value, unit) = if bytes >= 1024.0 * 1024.0 {
        (
            bytes / (1024.0 * 1024.0),
            if lang == Language::Fr { "Mo" } else { "MB" },
        )
    } else {
        (
            (bytes / 1024.0).max(1.0),
            if lang == Language::Fr { "Ko" } else { "KB" },
        )
    };
    let text = if value >= 10.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    };
    let text = if lang == Language::Fr {
        text.replace('.', ",")
    } else {
        text
    };
    format!("{text}\u{a0}{unit}")
}

/// The field of the form a server error is about.
fn field_for_error(err: &ApiError, category: Option<&Category>) -> Option<&'static str> {
    match err.code() {
        Some(ErrorCode::UnknownCategory) => return Some("category"),
        Some(ErrorCode::InvalidImage | ErrorCode::TooManyPhotos | ErrorCode::PayloadTooLarge) => {
            return Some("photos");
        }
        _ => {}
    }
    let field = err.field()?;
    let attr = field
        .strip_prefix("attributes.")
        .or_else(|| field.strip_prefix("attributes/"))
        .unwrap_or(field);
    match field {
        "category" => Some("category"),
        "description" => Some("description"),
        "address" | "location" | "lat" | "lon" | "location.lat" | "location.lon" => Some("address"),
        f if f.starts_with("photo") => Some("photos"),
        _ => category
            .and_then(|c| c.attributes.iter().find(|a| a.code == attr))
            .map(attr_id),
    }
}

/// The "Signaler un problème" page.
#[component]
pub fn NewRequestPage() -> impl IntoView {
    let app = use_app();
    crate::sign_in::require_session(app, None);
    let navigate = use_navigate();

    let categories = RwSignal::new(None::<Result<Vec<Category>, ApiError>>);
    let category = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let location = RwSignal::new(None::<Location>);
    let accuracy = RwSignal::new(None::<f64>);
    let geo = RwSignal::new(Geo::Idle);
    let answers = RwSignal::new(BTreeMap::<String, AttributeAnswer>::new());
    let photos = RwSignal::new_local(Vec::<Chosen>::new());
    let next_key = StoredValue::new(0_u32);
    let photo_notice = RwSignal::new(None::<Msg>);
    let errors = RwSignal::new(Vec::<FormError>::new());
    let pending = RwSignal::new(false);
    let progress = RwSignal::new(None::<u32>);
    let announced = RwSignal::new(None::<u32>);
    let residency_needed = RwSignal::new(false);

    let load = move || {
        categories.set(None);
        spawn_local(async move {
            categories.set(Some(rq::categories().await));
        });
    };
    load();

    let selected = Memo::new(move |_| {
        let code = category.get();
        categories.with(|c| {
            c.as_ref()
                .and_then(|r| r.as_ref().ok())
                .and_then(|list| list.iter().find(|c| c.code == code).cloned())
        })
    });

    // A new category has other questions: forget the answers to the previous one's.
    Effect::new(move |prev: Option<String>| {
        let code = category.get();
        if prev.is_some_and(|p| p != code) {
            answers.set(BTreeMap::new());
        }
        code
    });

    let locate = move |_| {
        let Ok(geolocation) = window().navigator().geolocation() else {
            geo.set(Geo::Failed(Requests::GeoUnsupported.into()));
            return;
        };
        geo.set(Geo::Locating);
        let success =
            wasm_bindgen::closure::Closure::once_into_js(move |pos: web_sys::Position| {
                let c = pos.coords();
                let round = |v: f64| (v * 100_000.0).round() / 100_000.0;
                location.set(Some(Location {
                    lat: round(c.latitude()),
                    lon: round(c.longitude()),
                }));
                accuracy.set(Some(c.accuracy()));
                geo.set(Geo::Found);
            });
        let failure =
            wasm_bindgen::closure::Closure::once_into_js(move |err: web_sys::PositionError| {
                let key = if err.code() == web_sys::PositionError::PERMISSION_DENIED {
                    Requests::GeoDenied
                } else {
                    Requests::GeoFailed
                };
                geo.set(Geo::Failed(key.into()));
            });
        let options = web_sys::PositionOptions::new();
        options.set_enable_high_accuracy(true);
        options.set_timeout(20_000);
        if geolocation
            .get_current_position_with_error_callback_and_options(
                success.unchecked_ref(),
                Some(failure.unchecked_ref()),
                &options,
            )
            .is_err()
        {
            geo.set(Geo::Failed(Requests::GeoFailed.into()));
        }
    };
    let clear_location = move |_| {
        location.set(None);
        accuracy.set(None);
        geo.set(Geo::Idle);
        request_animation_frame(|| focus_by_id("locate"));
    };

    let on_files = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(list) = input.files() else {
            return;
        };
        let mut refused: Option<Key> = None;
        let mut added = 0_u32;
        for i in 0..list.length() {
            let Some(file) = list.get(i) else { continue };
            if !PHOTO_TYPES.contains(&file.type_().as_str()) {
                refused = Some(Requests::ErrPhotoType.into());
                continue;
            }
            #[allow(clippy::cast_precision_loss)] // 8 MiB is exact in f64.
            if file.size() > limits::PHOTO_MAX_BYTES as f64 {
                refused = Some(Requests::ErrPhotoSize.into());
                continue;
            }
            if photos.with_untracked(Vec::len) >= limits::MAX_PHOTOS {
                refused = Some(Errors::ErrTooManyPhotos.into());
                break;
            }
            let key = next_key.get_value();
            next_key.set_value(key + 1);
            photos.update(|p| p.push(Chosen { key, file }));
            added += 1;
        }
        // Let the same file be chosen again after it was removed.
        input.set_value("");
        errors.update(|errs| errs.retain(|e| e.field != Some("photos")));
        match refused {
            Some(key) => photo_notice.set(Some(Msg::Key(key))),
            None if added > 0 => photo_notice.set(None),
            None => {}
        }
    };

    let validate = move || {
        let mut errs = Vec::new();
        let Some(cat) = selected.get_untracked() else {
            errs.push(FormError::field("category", Requests::ErrCategoryRequired));
            return (errs, None);
        };
        let desc = description.get_untracked();
        if desc.trim().is_empty() {
            errs.push(FormError::field(
                "description",
                Requests::ErrDescriptionRequired,
            ));
        } else if char_count(&desc) > limits::DESCRIPTION_MAX_CHARS {
            errs.push(FormError::field("description", Requests::ErrTooLong));
        }
        let addr = address.get_untracked();
        if addr.trim().is_empty() && location.get_untracked().is_none() {
            errs.push(FormError::field("address", Requests::ErrAddressRequired));
        } else if char_count(&addr) > limits::ADDRESS_MAX_CHARS {
            errs.push(FormError::field("address", Requests::ErrTooLong));
        }
        let given = answers.get_untracked();
        let mut attributes = BTreeMap::new();
        for def in &cat.attributes {
            let id = attr_id(def);
            match given.get(&def.code) {
                Some(AttributeAnswer::One(v)) if !v.trim().is_empty() => {
                    let value = match def.datatype {
                        AttributeType::Number => match parse_number(v) {
                            Some(n) => n,
                            None => {
                                errs.push(FormError::field(id, Requests::ErrNumber));
                                continue;
                            }
                        },
                        AttributeType::Datetime => match local_to_iso(v) {
                            Some(d) => d,
                            None => {
                                errs.push(FormError::field(id, Requests::ErrDateTime));
                                continue;
                            }
                        },
                        _ => v.trim().to_owned(),
                    };
                    attributes.insert(def.code.clone(), AttributeAnswer::One(value));
                }
                Some(AttributeAnswer::Many(keys)) if !keys.is_empty() => {
                    attributes.insert(def.code.clone(), AttributeAnswer::Many(keys.clone()));
                }
                _ if def.required => {
                    let key = if def.datatype.is_list() {
                        Requests::ErrChoiceRequired
                    } else {
                        Requests::ErrAnswerRequired
                    };
                    errs.push(FormError::field(id, key));
                }
                _ => {}
            }
        }
        if photos.with_untracked(Vec::len) > limits::MAX_PHOTOS {
            errs.push(FormError::field("photos", Errors::ErrTooManyPhotos));
        }
        let body = NewRequest {
            category: cat.code.clone(),
            description: desc.trim().to_owned(),
            address: Some(addr.trim().to_owned()).filter(|a| !a.is_empty()),
            location: location.get_untracked(),
            attributes,
        };
        (errs, Some((body, cat)))
    };

    // The idempotency key of the last submission, with what it sent.
    type Submission = (NewRequest, Vec<(String, f64)>, String);
    let idempotency = StoredValue::new(None::<Submission>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        residency_needed.set(false);
        let (errs, ready) = validate();
        if !errs.is_empty() {
            errors.set(errs);
            return;
        }
        let Some((body, cat)) = ready else { return };
        errors.set(Vec::new());
        pending.set(true);
        progress.set(Some(0));
        announced.set(None);
        let files: Vec<web_sys::File> =
            photos.with_untracked(|p| p.iter().map(|c| c.file.clone()).collect());
        // One key per submission: a resubmission after a network error is the same filing
        // (the server answers it again instead of filing twice); a changed form is a new one.
        let sending: Vec<(String, f64)> = files.iter().map(|f| (f.name(), f.size())).collect();
        let key = idempotency
            .with_value(|k| k.clone())
            .filter(|(sent, with, _)| *sent == body && *with == sending);
        let key = key.map_or_else(rq::new_idempotency_key, |(_, _, k)| k);
        idempotency.set_value(Some((body.clone(), sending, key.clone())));
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = rq::file_request(&body, &files, &key, move |fraction| {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let pct = (fraction * 100.0).round() as u32;
                progress.set(Some(pct));
                // Announce every quarter, not every event.
                let quarter = pct / 25 * 25;
                if announced.get_untracked() != Some(quarter) {
                    announced.set(Some(quarter));
                }
            })
            .await;
            pending.set(false);
            progress.set(None);
            match result {
                Ok(created) => {
                    app.just_filed.set(Some(created.number.clone()));
                    navigate(&format!("/requests/{}", created.number), Default::default());
                }
                Err(e) if e.code() == Some(ErrorCode::ResidencyRequired) => {
                    residency_needed.set(true);
                    request_animation_frame(|| focus_by_id("residency-needed-title"));
                }
                Err(e) => {
                    let field = field_for_error(&e, Some(&cat));
                    errors.set(vec![FormError::api(field, e)]);
                }
            }
        });
    };

    view! {
        <div class="page page--form">
            <PageHeading title=Requests::NewRequestTitle />
            <p class="lead">{app.t(Requests::NewRequestIntro)}</p>
            <p>{app.t(Common::RequiredFieldsNote)}</p>
            <Show when=move || residency_needed.get()>
                <div class="notice notice--error" role="alert" data-testid="residency-needed">
                    <h2 id="residency-needed-title" class="notice__title" tabindex="-1">
                        {app.t(Requests::ResidencyNeededTitle)}
                    </h2>
                    <p>{app.t(Errors::ErrResidencyRequired)}</p>
                    <p>
                        <a href="/account/residency" data-testid="residency-needed-link">
                            {app.t(Account::AccountResidencyLink)}
                        </a>
                    </p>
                </div>
            </Show>
            <ErrorSummary errors=errors id="new-request-errors" />
            {move || match categories.get() {
                None => view! { <p>{app.t(Common::Loading)}</p> }.into_any(),
                Some(Err(e)) => {
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
                        .into_any()
                }
                Some(Ok(list)) if list.is_empty() => {
                    view! { <p class="notice" data-testid="no-categories">{app.t(Requests::NoCategories)}</p> }
                        .into_any()
                }
                Some(Ok(list)) => {
                    view! {
                        <form class="form" novalidate on:submit=on_submit.clone() data-testid="new-request-form">
                            <CategoryField list=list value=category errors=errors selected=selected />
                            <TextAreaField
                                id="description"
                                label=Requests::FieldDescription
                                hint=Some(Requests::HintDescription.into())
                                value=description
                                errors=errors
                                max=limits::DESCRIPTION_MAX_CHARS
                                rows=6
                            />
                            <fieldset class="fieldset">
                                <legend class="fieldset__legend">{app.t(Requests::WhereLegend)}</legend>
                                <AddressField value=address errors=errors />
                                <div class="geo">
                                    <p class="field__hint" id="locate-hint">{app.t(Requests::HintLocate)}</p>
                                    <button
                                        type="button"
                                        id="locate"
                                        class="button button--secondary"
                                        data-testid="locate"
                                        aria-describedby="locate-hint"
                                        aria-disabled=move || (geo.get() == Geo::Locating).then_some("true")
                                        on:click=locate
                                    >
                                        {app.t(Requests::UseMyPosition)}
                                    </button>
                                    <div role="status" class="geo__status">
                                        {move || match geo.get() {
                                            Geo::Locating => Some(view! { <p>{app.t(Requests::GeoLocating)}</p> }.into_any()),
                                            Geo::Failed(key) => Some(view! { <p class="field__error">{app.t(key)}</p> }.into_any()),
                                            Geo::Found => Some(view! { <p>{app.t(Requests::GeoFound)}</p> }.into_any()),
                                            Geo::Idle => None,
                                        }}
                                    </div>
                                    {move || {
                                        location
                                            .get()
                                            .map(|loc| {
                                                view! {
                                                    <div class="geo__position" data-testid="position">
                                                        <dl class="details details--compact">
                                                            <div class="details__row">
                                                                <dt>{app.t(Requests::Latitude)}</dt>
                                                                <dd data-testid="lat">{format!("{:.5}", loc.lat)}</dd>
                                                            </div>
                                                            <div class="details__row">
                                                                <dt>{app.t(Requests::Longitude)}</dt>
                                                                <dd data-testid="lon">{format!("{:.5}", loc.lon)}</dd>
                                                            </div>
                                                            {move || {
                                                                accuracy
                                                                    .get()
                                                                    .map(|a| {
                                                                        view! {
                                                                            <div class="details__row">
                                                                                <dt>{app.t(Requests::Accuracy)}</dt>
                                                                                <dd>{format!("± {a:.0} m")}</dd>
                                                                            </div>
                                                                        }
                                                                    })
                                                            }}
                                                        </dl>
                                                        <button
                                                            type="button"
                                                            class="button button--link"
                                                            data-testid="clear-position"
                                                            on:click=clear_location
                                                        >
                                                            {app.t(Requests::ClearPosition)}
                                                        </button>
                                                    </div>
                                                }
                                            })
                                    }}
                                </div>
                                {move || {
                                    app.town
                                        .with(|t| t.as_ref().and_then(|t| t.map_tile_url.clone()))
                                        .map(|template| {
                                            let on_pick = move || {
                                                accuracy.set(None);
                                                geo.set(Geo::Found);
                                            };
                                            view! { <RequestMap template=template location=location on_pick=on_pick /> }
                                        })
                                }}
                            </fieldset>
                            {move || {
                                selected
                                    .get()
                                    .filter(|c| !c.attributes.is_empty())
                                    .map(|c| {
                                        let lang = app.lang.get_untracked();
                                        let title = i18n::questions_about(lang, c.name.get(lang));
                                        let fields = c
                                            .attributes
                                            .into_iter()
                                            .map(|def| view! { <AttributeField def=def answers=answers errors=errors /> })
                                            .collect_view();
                                        view! {
                                            <section class="attributes" aria-labelledby="attributes-title">
                                                <h2 id="attributes-title" class="form__section-title">{title}</h2>
                                                {fields}
                                            </section>
                                        }
                                    })
                            }}
                            <PhotosField photos=photos errors=errors notice=photo_notice on_files=on_files />
                            <UploadProgress progress=progress announced=announced />
                            <div class="form__actions">
                                <button
                                    type="submit"
                                    class="button button--primary"
                                    data-testid="new-request-submit"
                                    aria-disabled=move || pending.get().then_some("true")
                                >
                                    {app.t(Requests::NewRequestSubmit)}
                                </button>
                            </div>
                        </form>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// The category `<select>`, with one `<optgroup>` per group and the chosen category's
/// description as a hint.
#[component]
fn CategoryField(
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
fn AddressField(value: RwSignal<String>, errors: RwSignal<Vec<FormError>>) -> impl IntoView {
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
fn AttributeField(
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

/// The photos: a file picker (JPEG, PNG, WebP; three at most), the list of chosen files with
/// a remove button each, and the picker's errors.
#[component]
fn PhotosField(
    photos: RwSignal<Vec<Chosen>, LocalStorage>,
    errors: RwSignal<Vec<FormError>>,
    notice: RwSignal<Option<Msg>>,
    on_files: impl Fn(leptos::ev::Event) + 'static,
) -> impl IntoView {
    let app = use_app();
    let message = move || notice.get().or_else(|| error_for(errors, "photos"));
    let has_error = move || message().is_some();
    let full = move || photos.with(Vec::len) >= limits::MAX_PHOTOS;
    let remove = move |key: u32, index: usize| {
        photos.update(|p| p.retain(|c| c.key != key));
        notice.set(Some(Msg::Key(Requests::PhotoRemoved.into())));
        // Focus the next remove button, or the picker when none is left.
        request_animation_frame(move || {
            let next = photos.with_untracked(|p| p.get(index).or(p.last()).map(|c| c.key));
            match next {
                Some(k) => focus_by_id(&format!("photo-remove-{k}")),
                None => focus_by_id("photos"),
            }
        });
    };
    view! {
        <section class="form__section" aria-labelledby="photos-title">
            <h2 id="photos-title" class="form__section-title">{app.t(Requests::PhotosTitle)}</h2>
            <div class="field" class:field--error=has_error>
            <p class="field__hint" id="photos-hint">{app.t(Requests::HintPhotos)}</p>
            <div class="file-picker">
                <input
                    class="file-picker__input"
                    id="photos"
                    name="photos"
                    type="file"
                    accept="image/jpeg,image/png,image/webp"
                    multiple
                    aria-invalid=move || has_error().then_some("true")
                    aria-describedby=move || {
                        if has_error() { "photos-hint photos-error" } else { "photos-hint" }
                    }
                    disabled=full
                    data-testid="photos-input"
                    on:change=on_files
                />
                <label for="photos" class="button button--secondary file-picker__button">
                    {move || if full() { app.t(Requests::PhotosFull)() } else { app.t(Requests::ChoosePhotos)() }}
                </label>
            </div>
            <div role="status" class="photos__status">
                {move || {
                    message()
                        .map(|msg| {
                            let class = if matches!(msg, Msg::Key(Key::Requests(Requests::PhotoRemoved))) {
                                "field__note"
                            } else {
                                "field__error"
                            };
                            view! {
                                <p class=class id="photos-error">
                                    {move || msg.render(app.lang.get())}
                                </p>
                            }
                        })
                }}
            </div>
            <Show when=move || photos.with(|p| !p.is_empty())>
                <ul class="photo-list" aria-label=app.t(Requests::ChosenPhotos) data-testid="photo-list">
                    <For
                        each=move || photos.get().into_iter().enumerate()
                        key=|(_, c)| c.key
                        children=move |(index, c)| {
                            let key = c.key;
                            let name = c.file.name();
                            let size = c.file.size();
                            let remove_label = {
                                let name = name.clone();
                                move || i18n::remove_photo(app.lang.get(), &name)
                            };
                            view! {
                                <li class="photo-list__item">
                                    <span class="photo-list__name">{name.clone()}</span>
                                    <span class="photo-list__size">{move || file_size(size, app.lang.get())}</span>
                                    <button
                                        type="button"
                                        class="button button--link"
                                        id=format!("photo-remove-{key}")
                                        aria-label=remove_label
                                        on:click=move |_| remove(key, index)
                                    >
                                        {app.t(Common::Remove)}
                                    </button>
                                </li>
                            }
                        }
                    />
                </ul>
            </Show>
            </div>
        </section>
    }
}

/// The upload's progress bar, with a polite announcement every quarter.
#[component]
fn UploadProgress(
    progress: RwSignal<Option<u32>>,
    announced: RwSignal<Option<u32>>,
) -> impl IntoView {
    let app = use_app();
    view! {
        {move || {
            progress
                .get()
                .map(|pct| {
                    view! {
                        <div class="upload-progress" data-testid="upload-progress">
                            <label for="upload-progress" class="field__label">
                                {app.t(Requests::UploadProgressLabel)}
                            </label>
                            <progress id="upload-progress" max="100" value=pct>
                                {format!("{pct} %")}
                            </progress>
                            <span class="upload-progress__value" aria-hidden="true">
                                {format!("{pct}\u{a0}%")}
                            </span>
                        </div>
                    }
                })
        }}
        <div role="status" class="visually-hidden" data-testid="upload-announce">
            {move || {
                announced
                    .get()
                    .map(|q| i18n::upload_progress(app.lang.get(), q))
            }}
        </div>
    }
}
