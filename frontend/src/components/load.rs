//! Data a page fetches from the API, and the one way a page shows it while it loads.
//!
//! A [`Loader`] fetches for a key (a route's id, a filter): at once, again whenever the key
//! changes, and when asked ([`Loader::reload`]). An answer to an older request that arrives
//! after a newer one was sent is dropped, so a slow earlier answer never replaces the page the
//! person has moved on to (another consultation's board, say).

use std::future::Future;
use std::pin::Pin;

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
        Self::when(move || Some(key()), fetch)
    }

    /// Like [`Loader::new`], but waits, "loading", while `key` is `None`: for data whose
    /// answer depends on something not known yet (who is signed in, at start-up).
    pub fn when<K, F, Fut>(key: impl Fn() -> Option<K> + 'static, fetch: F) -> Self
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
        let mut previous: Option<Option<K>> = None;
        let data = loader.data;
        let latest = loader.latest;
        drive(
            loader.asked,
            latest,
            Box::new(move |n| {
                let k = key();
                if previous.as_ref().is_some_and(|p| *p != k) {
                    data.set(None);
                }
                previous = Some(k.clone());
                let answer = fetch(k?);
                Some(Box::pin(async move {
                    let value = answer.await;
                    // The page may be gone, or a newer request sent: then this answer is stale.
                    if latest.try_get_value() == Some(n) {
                        data.try_set(Some(value));
                    }
                }))
            }),
        );
        loader
    }

    /// Fetches again for the same key; the current data stays shown until the answer comes.
    pub fn reload(self) {
        self.asked.update(|n| *n += 1);
    }

    /// A "try again" callback (for [`LoadFailed`]): [`Loader::reload`].
    pub fn retry(self) -> Callback<()> {
        retry_callback(self.asked)
    }

    /// Replaces the data shown (after an action that returned the new state).
    pub fn set(self, value: T) {
        self.data.set(Some(value));
    }

    /// Changes the data shown in place (after an action), once it has loaded.
    pub fn update(self, f: impl FnOnce(&mut T)) {
        self.data.update(|d| {
            if let Some(value) = d {
                f(value);
            }
        });
    }

    /// Tracks the data without reading it: an effect that calls this runs again after each
    /// answer and each change made with [`Loader::set`] or [`Loader::update`].
    pub fn track(self) {
        self.data.track();
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

    /// The data, without tracking it.
    pub fn get_untracked(self) -> Option<T> {
        self.data.get_untracked()
    }
}

/// Starts request number `n` for the key of the moment: `None` while there is none.
type Start = Box<dyn FnMut(u64) -> Option<Pin<Box<dyn Future<Output = ()>>>>>;

/// The effect behind every [`Loader`], not generic (its code exists once in the SPA): it runs
/// `start` for the current key, again when the key changes or a reload is asked, and numbers
/// each request so that only the latest answer is kept.
fn drive(asked: RwSignal<u64>, latest: StoredValue<u64>, mut start: Start) {
    Effect::new(move |_| {
        asked.track();
        let n = latest.get_value() + 1;
        latest.set_value(n);
        if let Some(request) = start(n) {
            spawn_local(request);
        }
    });
}

fn retry_callback(asked: RwSignal<u64>) -> Callback<()> {
    Callback::new(move |()| asked.update(|n| *n += 1))
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
