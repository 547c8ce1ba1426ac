//! Data a page fetches from the API, and the one way a page shows it while it loads.
//!
//! A [`Loader`] fetches for a key (a route's id, a filter): at once, again whenever the key
//! changes, and when asked ([`Loader::reload`]). An answer to an older request that arrives
//! after a newer one was sent is dropped, so a slow earlier answer never replaces the page the
//! person has moved on to (another consultation's board, say).

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;
use crate::i18n::Common;
use crate::state::use_app;

/// The latest answer for the current key; `None` while it loads.
#[derive(Debug)]
pub struct Loader<T: Send + Sync + 'static> {
    data: RwSignal<Option<T>>,
    /// Bumped by [`Loader::reload`]: the fetch effect tracks it.
    asked: RwSignal<u64>,
    /// The number of the latest request sent: only its answer is kept.
    latest: StoredValue<u64>,
}

impl<T: Send + Sync + 'static> Clone for Loader<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Loader<T> {}

impl<T: Send + Sync + 'static> Loader<T> {
    /// Fetches `fetch(key())` now and whenever `key` changes. A new key shows "loading" again
    /// rather than the previous key's data.
    pub fn new<K, F, Fut>(key: impl Fn() -> K + 'static, fetch: F) -> Self
    where
        K: PartialEq + Clone + 'static,
        F: Fn(K) -> Fut + 'static,
        Fut: Future<Output = T> + 'static,
    {
        let loader = Self {
            data: RwSignal::new(None),
            asked: RwSignal::new(0),
            latest: StoredValue::new(0),
        };
        Effect::new(move |previous: Option<K>| {
            let k = key();
            loader.asked.track();
            if previous.as_ref().is_some_and(|p| *p != k) {
                loader.data.set(None);
            }
            let n = loader.latest.get_value() + 1;
            loader.latest.set_value(n);
            let answer = fetch(k.clone());
            spawn_local(async move {
                let value = answer.await;
                // The page may be gone, or a newer request sent: then this answer is stale.
                if loader.latest.try_get_value() == Some(n) {
                    loader.data.try_set(Some(value));
                }
            });
            k
        });
        loader
    }

    /// Fetches again for the same key; the current data stays shown until the answer comes.
    pub fn reload(self) {
        self.asked.update(|n| *n += 1);
    }

    /// Replaces the data shown (after an action that returned the new state).
    pub fn set(self, value: T) {
        self.data.set(Some(value));
    }

    /// Reads the data, tracking it.
    pub fn with<R>(self, f: impl FnOnce(Option<&T>) -> R) -> R {
        self.data.with(|d| f(d.as_ref()))
    }
}

impl<T: Clone + Send + Sync + 'static> Loader<T> {
    /// The data, tracking it.
    pub fn get(self) -> Option<T> {
        self.data.get()
    }
}

/// "Loading…" until `loader` has an answer, then `children` of it.
#[component]
pub fn Load<T, F, V>(loader: Loader<T>, children: F) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    shown(Box::new(move || {
        loader.get().map(|value| children(value).into_any())
    }))
}

/// The reactive part of [`Load`], not generic: its code exists once in the SPA, however many
/// kinds of data the pages load.
fn shown(content: Box<dyn Fn() -> Option<AnyView> + Send + Sync>) -> impl IntoView {
    move || content().unwrap_or_else(|| view! { <Loading /> }.into_any())
}

/// "Loading…", while a page waits for the server (data, or who is signed in).
#[component]
pub fn Loading() -> impl IntoView {
    let app = use_app();
    view! { <p data-testid="loading">{app.t(Common::Loading)}</p> }
}

/// A load that failed: why, and a button to try again.
#[component]
pub fn LoadFailed(error: ApiError, retry: Callback<()>) -> impl IntoView {
    let app = use_app();
    view! {
        <div class="notice notice--error" role="alert">
            <p>{move || error.user_message(app.lang.get())}</p>
            <p>
                <button type="button" class="button button--secondary" on:click=move |_| retry.run(())>
                    {app.t(Common::Retry)}
                </button>
            </p>
        </div>
    }
}
