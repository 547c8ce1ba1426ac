//! `/requests/new`: "Signaler un problème".
//!
//! Category (grouped), description with a character counter, address (the primary way to say
//! where), optional coordinates from the browser's geolocation, the category's extra
//! questions, up to three photos. Sent as `multipart/form-data` through `XMLHttpRequest` so that
//! the upload's progress is shown and announced.

mod fields;
mod photos;

use fields::*;
use photos::*;

use std::collections::BTreeMap;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::components::LoadFailed;

use crate::components::Loading;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use protocol::ErrorCode;
use protocol::requests::{
    AttributeAnswer, AttributeDef, AttributeType, Category, Location, NewRequest, limits,
};
use wasm_bindgen::{JsCast, JsValue};

use crate::api::ApiError;
use crate::api::requests as rq;
use crate::components::{ErrorSummary, FormError, Msg, PageHeading, focus_by_id};
use crate::format::{char_count, intern};
use crate::i18n::{self, Account, Common, Key, Requests, Text};
use crate::pages::requests::fields::{TextAreaField, error_for};
use crate::pages::requests::map::RequestMap;
use crate::state::use_app;

pub(super) const PHOTO_TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

/// A photo chosen for upload.
#[derive(Debug, Clone)]
pub(super) struct Chosen {
    pub(super) key: u32,
    pub(super) file: web_sys::File,
}

/// Where the geolocation request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Geo {
    Idle,
    Locating,
    Found,
    Failed(Key),
}

/// The id of the (first) input of an attribute, which error links point at.
pub(super) fn attr_id(def: &AttributeDef) -> &'static str {
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
pub(super) fn local_to_iso(value: &str) -> Option<String> {
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
pub(super) fn parse_number(value: &str) -> Option<String> {
    let v = value.trim().replace(',', ".");
    v.parse::<f64>().ok().filter(|n| n.is_finite()).map(|_| v)
}

/// The field of the form a server error is about.
pub(super) fn field_for_error(err: &ApiError, category: Option<&Category>) -> Option<&'static str> {
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
    // Where the town asks for it, a resident whose residency is not verified is told so before
    // typing anything, with the way to get verified (staff file on anyone's behalf). Asked on
    // each visit: staff may have verified the account meanwhile.
    let residency = crate::pages::residency::residency_verified(move || {
        let required = app
            .town
            .with(|t| t.as_ref().is_some_and(|t| t.filing_requires_residency));
        required
            && app
                .session
                .with(|s| s.me().is_some_and(|me| !me.role.is_staff()))
    });
    let must_verify_first = move || residency.with(|r| r == Some(&Some(false)));

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
                refused = Some(ErrorCode::TooManyPhotos.into());
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
            errs.push(FormError::field("photos", ErrorCode::TooManyPhotos));
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
            {move || (!must_verify_first()).then(|| view! { <p>{app.t(Common::RequiredFieldsNote)}</p> })}
            {move || {
                must_verify_first()
                    .then(|| {
                        view! {
                            <div class="notice" data-testid="residency-first">
                                <h2 class="notice__title">{app.t(Requests::ResidencyNeededTitle)}</h2>
                                <p>{app.t(ErrorCode::ResidencyRequired)}</p>
                                <p>
                                    <a href="/account/residency?for=filing" class="button button--primary" data-testid="residency-first-link">
                                        {app.t(Account::AccountResidencyLink)}
                                    </a>
                                </p>
                            </div>
                        }
                    })
            }}
            <Show when=move || residency_needed.get()>
                <div class="notice notice--error" role="alert" data-testid="residency-needed">
                    <h2 id="residency-needed-title" class="notice__title" tabindex="-1">
                        {app.t(Requests::ResidencyNeededTitle)}
                    </h2>
                    <p>{app.t(ErrorCode::ResidencyRequired)}</p>
                    <p>
                        <a href="/account/residency?for=filing" data-testid="residency-needed-link">
                            {app.t(Account::AccountResidencyLink)}
                        </a>
                    </p>
                </div>
            </Show>
            <ErrorSummary errors=errors id="new-request-errors" />
            {move || match categories.get() {
                _ if must_verify_first() => ().into_any(),
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => {
                    view! { <LoadFailed error=e retry=Callback::new(move |()| load()) /> }
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
