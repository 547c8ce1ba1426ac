//! Application-wide reactive state: interface language, town, session, one-shot notices.
//!
//! [`AppState`] is `Copy` (it only holds signal handles) and is provided as a Leptos context by
//! [`AppState::provide`]; components get it with [`use_app`].

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::{Language, Me, TownInfo, UpdateMeRequest};

use crate::api::{self, ApiError};
use crate::i18n::{Key, Text};

/// `localStorage` key remembering the interface language on this browser.
pub const LANG_STORAGE_KEY: &str = "voix.lang";

/// Who is using the site, as far as the SPA knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Session {
    /// `GET /api/v1/me` has not answered yet.
    Unknown,
    /// Nobody is signed in.
    Anonymous,
    /// Someone is signed in.
    SignedIn(Box<Me>),
    /// `GET /api/v1/me` failed (server down…): treated as signed out, with the reason kept.
    Failed(ApiError),
}

impl Session {
    /// The signed-in account, if any.
    pub fn me(&self) -> Option<&Me> {
        match self {
            Self::SignedIn(me) => Some(me),
            _ => None,
        }
    }
}

/// Handles to the application-wide signals.
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// Interface language.
    pub lang: RwSignal<Language>,
    /// The town, once `GET /api/v1/town` answered.
    pub town: RwSignal<Option<TownInfo>>,
    /// Who is signed in.
    pub session: RwSignal<Session>,
    /// Set when the server could not be reached at start-up (shown above every page).
    pub service_error: RwSignal<Option<ApiError>>,
    /// A notice for the next page (e.g. "you are signed out"), taken by that page.
    pub flash: RwSignal<Option<Key>>,
    /// The tracking number of the request just filed, for the confirmation on its page.
    pub just_filed: RwSignal<Option<String>>,
    /// Whether a page heading has already been shown (the first one is not focused: focus
    /// only moves on client-side navigation).
    heading_shown: StoredValue<bool>,
}

/// The application state provided by [`AppState::provide`].
pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

impl AppState {
    /// Who is signed in (their account id), tracked: the key of data that depends on the
    /// session, fetched again when someone signs in or out.
    pub fn account_key(self) -> Option<String> {
        self.session.with(|s| s.me().map(|me| me.id.clone()))
    }

    /// Creates the state, provides it as context and starts loading the town and session.
    pub fn provide() -> Self {
        let lang = stored_language().unwrap_or_default();
        api::set_language(lang);
        let state = Self {
            lang: RwSignal::new(lang),
            town: RwSignal::new(None),
            session: RwSignal::new(Session::Unknown),
            service_error: RwSignal::new(None),
            flash: RwSignal::new(None),
            just_filed: RwSignal::new(None),
            heading_shown: StoredValue::new(false),
        };
        provide_context(state);

        // Keep <html lang> and the API's Accept-Language in step with the interface.
        Effect::new(move |_| {
            let lang = state.lang.get();
            api::set_language(lang);
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", lang.as_str());
            }
        });

        spawn_local(async move {
            match api::town().await {
                Ok(town) => state.town.set(Some(town)),
                Err(e) => state.service_error.set(Some(e)),
            }
        });
        state.refresh_session();
        state
    }

    /// A reactive translation of `key`, for use in views.
    pub fn t(
        self,
        key: impl Into<Key>,
    ) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        self.t_key(key.into())
    }

    /// [`AppState::t`] for a [`Key`]: one closure type for every text of the SPA, so the view
    /// code that shows one exists once, whatever the text's area.
    fn t_key(self, key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || key.text(self.lang.get())
    }

    /// Asks the server who is signed in.
    pub fn refresh_session(self) {
        spawn_local(async move {
            let session = match api::me().await {
                Ok(Some(me)) => {
                    self.adopt_language(me.language);
                    Session::SignedIn(Box::new(me))
                }
                Ok(None) => Session::Anonymous,
                Err(e) => Session::Failed(e),
            };
            self.session.set(session);
        });
    }

    /// Records a fresh sign-in; the account's saved language becomes the interface language.
    pub fn signed_in(self, me: Me) {
        self.adopt_language(me.language);
        self.session.set(Session::SignedIn(Box::new(me)));
    }

    /// Forgets the session (after logout or account deletion).
    pub fn signed_out(self) {
        self.session.set(Session::Anonymous);
    }

    /// Switches the interface language because the person asked to: remembered in this browser
    /// and, when signed in, saved to the account.
    pub fn choose_language(self, lang: Language) {
        self.adopt_language(lang);
        let signed_in_with_other = self
            .session
            .with_untracked(|s| s.me().is_some_and(|me| me.language != lang));
        if signed_in_with_other {
            spawn_local(async move {
                let body = UpdateMeRequest {
                    language: Some(lang),
                    ..UpdateMeRequest::default()
                };
                // Best effort: the interface has already switched; the account keeps its old
                // preference if this fails, and the next switch tries again.
                if let Ok(me) = api::update_me(&body).await {
                    self.session.set(Session::SignedIn(Box::new(me)));
                }
            });
        }
    }

    /// Sets the interface language and remembers it in this browser, without telling the server.
    pub fn adopt_language(self, lang: Language) {
        if self.lang.get_untracked() != lang {
            self.lang.set(lang);
        }
        store_language(lang);
    }

    /// Takes the pending notice, if any, so that it is shown once.
    pub fn take_flash(self) -> Option<Key> {
        let flash = self.flash.get_untracked();
        if flash.is_some() {
            self.flash.set(None);
        }
        flash
    }

    /// Whether a page heading should take focus now (every time but the first page shown).
    pub fn heading_should_take_focus(self) -> bool {
        let shown = self.heading_shown.get_value();
        self.heading_shown.set_value(true);
        shown
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn stored_language() -> Option<Language> {
    Language::parse(&storage()?.get_item(LANG_STORAGE_KEY).ok()??)
}

fn store_language(lang: Language) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(LANG_STORAGE_KEY, lang.as_str());
    }
}
