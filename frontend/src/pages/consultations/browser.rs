//! Small browser helpers of the consultation pages: saving a file built in the page, giving
//! the event loop a turn before heavy work, reading and scrubbing the address's fragment.

use wasm_bindgen::{JsCast, JsValue};

/// Makes the browser save `content` as a file named `name` (a `Blob` behind a temporary
/// `download` link). Returns false when the browser refused.
pub fn save_file(name: &str, mime: &str, content: &str) -> bool {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let document = leptos::prelude::document();
    let saved = (|| -> Option<()> {
        let a = document.create_element("a").ok()?;
        a.set_attribute("href", &url).ok()?;
        a.set_attribute("download", name).ok()?;
        a.set_attribute("hidden", "").ok()?;
        let body = document.body()?;
        body.append_child(&a).ok()?;
        a.dyn_ref::<web_sys::HtmlElement>()?.click();
        a.remove();
        Some(())
    })()
    .is_some();
    // Let the download start before the address is released.
    let release = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = leptos::prelude::window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(release.unchecked_ref(), 10_000);
    saved
}

/// Resolves after `ms` milliseconds, letting the browser render and announce what changed
/// before a long synchronous computation starts.
pub async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = leptos::prelude::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The credential in the page address's fragment (`#credential=…`), which is then removed from
/// the address bar and the history so that it does not linger on screen or in the history.
pub fn take_fragment_credential() -> Option<String> {
    let window = leptos::prelude::window();
    let location = window.location();
    let hash = location.hash().ok()?;
    let credential = super::ballot::credential_from_fragment(&hash)?;
    let path = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&path));
    }
    Some(credential)
}

/// Reads a chosen file as text.
pub async fn file_text(file: &web_sys::File) -> Option<String> {
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()?;
    text.as_string()
}
