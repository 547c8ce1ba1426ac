//! The request form's photos: the picker, the chosen files and the upload's progress.

use super::*;

/// The photos: a file picker (JPEG, PNG, WebP; three at most), the list of chosen files with
/// a remove button each, and the picker's errors.
#[component]
pub(super) fn PhotosField(
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
                                    <span class="photo-list__size">{move || crate::i18n::file_size(size, app.lang.get())}</span>
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
pub(super) fn UploadProgress(
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
