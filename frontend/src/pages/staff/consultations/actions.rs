//! The actions on one consultation (freeze, open, close, count, delete) and their confirmations.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use protocol::ErrorCode;
use protocol::api::Language;
use protocol::consultations::{CeremonyStep, ConsultationStatus, TrusteeMode};

use crate::api::ApiError;
use crate::api::staff_consultations::{self as api};
use crate::components::{Msg, focus_by_id};
use crate::i18n::Common;
use crate::state::use_app;

use super::*;

/// A move the staff may make, confirmed first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    Delete,
    Freeze,
    Open,
    Close,
    Tally,
}

impl Action {
    pub(super) fn route(self) -> &'static str {
        match self {
            Self::Delete => "",
            Self::Freeze => "key-ceremony",
            Self::Open => "open",
            Self::Close => "close",
            Self::Tally => "tally",
        }
    }

    pub(super) fn button_id(self) -> &'static str {
        match self {
            Self::Delete => "action-delete",
            Self::Freeze => "action-freeze",
            Self::Open => "action-open",
            Self::Close => "action-close",
            Self::Tally => "action-tally",
        }
    }

    pub(super) fn label(self, lang: Language) -> &'static str {
        match self {
            Self::Delete => Setup::DeleteDraft.text(lang),
            Self::Freeze => Setup::FreezeStartKeyCeremony.text(lang),
            Self::Open => Setup::OpenVoting.text(lang),
            Self::Close => Setup::CloseVoting.text(lang),
            Self::Tally => Setup::Tally.text(lang),
        }
    }

    pub(super) fn question(self, lang: Language) -> &'static str {
        match self {
            Self::Delete => Setup::ConfirmDelete.text(lang),
            Self::Freeze => Setup::ConfirmFreeze.text(lang),
            Self::Open => Setup::ConfirmOpen.text(lang),
            Self::Close => Setup::ConfirmClose.text(lang),
            Self::Tally => Setup::ConfirmCount.text(lang),
        }
    }

    pub(super) fn consequence(self, lang: Language) -> &'static str {
        match self {
            Self::Delete => Setup::DeleteWarning.text(lang),
            Self::Freeze => Setup::FreezeWarning.text(lang),
            Self::Open => Setup::OpenWarning.text(lang),
            Self::Close => Setup::CloseWarning.text(lang),
            Self::Tally => Setup::TallyWarning.text(lang),
        }
    }

    pub(super) fn done(self, lang: Language) -> &'static str {
        match self {
            Self::Delete => Setup::DraftDeleted.text(lang),
            Self::Freeze => Setup::Frozen.text(lang),
            Self::Open => Setup::VotingOpen.text(lang),
            Self::Close => Setup::VotingClosed.text(lang),
            Self::Tally => Setup::VotesCounted.text(lang),
        }
    }
}

/// The lifecycle buttons of the current status, each confirmed first.
#[component]
pub(super) fn Actions(
    id: String,
    detail: Detail,
    notice: RwSignal<Option<Msg>>,
    reload: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let confirming = RwSignal::new(None::<Action>);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<Msg>);
    let ceremony_done = RwSignal::new(false);
    let info = move || {
        detail.with(|d| {
            d.and_then(|d| d.as_ref().ok())
                .map(|d| (d.status, d.trustees.mode))
        })
    };
    // The ceremony's end (officials), to offer "open".
    let id_for_state = id.clone();
    Effect::new(move |_| {
        if let Some((ConsultationStatus::KeyCeremony, TrusteeMode::Officials)) = info() {
            let id = id_for_state.clone();
            spawn_local(async move {
                if let Ok(s) = crate::api::trustee::ceremony(&id).await {
                    ceremony_done.set(s.step == CeremonyStep::Done);
                }
            });
        }
    });
    let available = move || -> Vec<Action> {
        match info() {
            Some((ConsultationStatus::Draft, _)) => vec![Action::Freeze, Action::Delete],
            Some((ConsultationStatus::KeyCeremony, TrusteeMode::ServerSingle)) => {
                vec![Action::Open]
            }
            Some((ConsultationStatus::KeyCeremony, TrusteeMode::Officials)) => {
                if ceremony_done.get() {
                    vec![Action::Open]
                } else {
                    vec![]
                }
            }
            Some((ConsultationStatus::Open, _)) => vec![Action::Close],
            Some((ConsultationStatus::Closed, TrusteeMode::ServerSingle)) => vec![Action::Tally],
            _ => vec![],
        }
    };
    let run = {
        let id = id.clone();
        move |action: Action| {
            if pending.get_untracked() {
                return;
            }
            pending.set(true);
            error.set(None);
            let id = id.clone();
            let navigate = navigate.clone();
            spawn_local(async move {
                let result = match action {
                    Action::Delete => api::delete(&id).await,
                    other => api::transition(&id, other.route()).await,
                };
                pending.set(false);
                confirming.set(None);
                match result {
                    Ok(()) if action == Action::Delete => {
                        navigate("/staff/consultations", Default::default())
                    }
                    Ok(()) => {
                        notice.set(Some(Msg::each(|lang| action.done(lang).to_owned())));
                        reload.run(());
                        request_animation_frame(|| focus_by_id("consultation-notice"));
                    }
                    Err(e) => {
                        let field_msg = match (e.code(), e.field()) {
                            (Some(ErrorCode::Validation), Some(f)) => Some(f.to_owned()),
                            _ => None,
                        };
                        error.set(Some(match (field_msg, &e) {
                            (Some(f), ApiError::Api { message, .. }) => {
                                let m = message.clone();
                                Msg::each(|lang| i18n::refused_field(lang, &f, &m))
                            }
                            _ => Msg::Api(e),
                        }));
                        request_animation_frame(|| focus_by_id("action-error"));
                    }
                }
            });
        }
    };
    let buttons = move || {
        let lang = app.lang.get();
        available()
            .into_iter()
            .map(|a| {
                let class = if a == Action::Delete {
                    "button button--secondary button--danger"
                } else {
                    "button button--primary"
                };
                view! {
                    <button
                        type="button"
                        id=a.button_id()
                        class=class
                        data-testid=a.button_id()
                        aria-expanded=move || (confirming.get() == Some(a)).to_string()
                        on:click=move |_| {
                            error.set(None);
                            confirming.set(Some(a));
                            request_animation_frame(|| focus_by_id("confirm-title"));
                        }
                    >
                        {a.label(lang)}
                    </button>
                }
            })
            .collect_view()
    };
    let next_step = move || {
        let lang = app.lang.get();
        match info() {
            Some((ConsultationStatus::Draft, _)) => Setup::NextFreeze.text(lang),
            Some((ConsultationStatus::KeyCeremony, TrusteeMode::Officials))
                if !ceremony_done.get() =>
            {
                Setup::NextCeremony.text(lang)
            }
            Some((ConsultationStatus::KeyCeremony, _)) => Setup::NextOpen.text(lang),
            Some((ConsultationStatus::Open, _)) => Setup::NextClose.text(lang),
            Some((ConsultationStatus::Closed, TrusteeMode::ServerSingle)) => {
                Setup::NextTally.text(lang)
            }
            Some((ConsultationStatus::Closed | ConsultationStatus::Tallying, _)) => {
                Setup::NextDecryptions.text(lang)
            }
            Some((ConsultationStatus::Published, _)) => Setup::NextNone.text(lang),
            None => "",
        }
    };
    let run_confirm = run.clone();
    view! {
        <section class="section consultation-actions" aria-labelledby="actions-title">
            <h2 id="actions-title">{app.t(Setup::ConsultationSteps)}</h2>
            <p data-testid="next-step">{next_step}</p>
            <div class="button-row">{buttons}</div>
            <div id="action-error" tabindex="-1" role="alert" class="status-region">
                {move || error.get().map(|m| view! { <p class="notice notice--error" data-testid="action-error">{m.render(app.lang.get())}</p> })}
            </div>
            {move || confirming.get().map(|a| {
                let lang = app.lang.get();
                let run = run_confirm.clone();
                view! {
                    <div class="confirm-panel" id="confirm-panel" role="group" aria-labelledby="confirm-title" data-testid="confirm-panel">
                        <h3 id="confirm-title" tabindex="-1">{a.question(lang)}</h3>
                        <p>{a.consequence(lang)}</p>
                        <div class="button-row">
                            <button
                                type="button"
                                class="button button--primary"
                                data-testid="confirm-action"
                                aria-disabled=move || pending.get().then_some("true")
                                on:click=move |_| run(a)
                            >
                                {a.label(lang)}
                            </button>
                            <button
                                type="button"
                                class="button button--secondary"
                                data-testid="confirm-cancel"
                                on:click=move |_| {
                                    confirming.set(None);
                                    request_animation_frame(move || focus_by_id(a.button_id()));
                                }
                            >
                                {app.t(Common::Cancel)}
                            </button>
                        </div>
                    </div>
                }
            })}
        </section>
    }
}
