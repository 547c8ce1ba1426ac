//! The actions on one consultation (freeze, open, close, count, delete) and their confirmations.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use protocol::ErrorCode;
use protocol::api::Language;
use protocol::consultations::{CeremonyStep, ConsultationDetail, ConsultationStatus, TrusteeMode};

use crate::api::ApiError;
use crate::api::staff_consultations::{self as api};
use crate::components::{Msg, focus_by_id};
use crate::i18n::Key;
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
            Self::Delete => tr(lang, "Supprimer le brouillon", "Delete the draft"),
            Self::Freeze => tr(
                lang,
                "Figer et lancer la création de la clé",
                "Freeze and start the key ceremony",
            ),
            Self::Open => tr(lang, "Ouvrir le scrutin", "Open voting"),
            Self::Close => tr(lang, "Clore le scrutin", "Close voting"),
            Self::Tally => tr(lang, "Dépouiller", "Count"),
        }
    }

    pub(super) fn question(self, lang: Language) -> &'static str {
        match self {
            Self::Delete => tr(lang, "Supprimer ce brouillon ?", "Delete this draft?"),
            Self::Freeze => tr(lang, "Figer la consultation ?", "Freeze the consultation?"),
            Self::Open => tr(lang, "Ouvrir le scrutin ?", "Open voting?"),
            Self::Close => tr(lang, "Clore le scrutin ?", "Close voting?"),
            Self::Tally => tr(lang, "Dépouiller le scrutin ?", "Count the votes?"),
        }
    }

    pub(super) fn consequence(self, lang: Language) -> &'static str {
        match self {
            Self::Delete => tr(
                lang,
                "Le brouillon et sa liste d’électeurs seront effacés. Cette action est définitive.",
                "The draft and its voter list will be erased. This cannot be undone.",
            ),
            Self::Freeze => tr(
                lang,
                "Les questions, les dates, les électeurs et les détenteurs de la clé ne pourront plus être modifiés. La consultation devient publique et les élus peuvent créer la clé.",
                "The questions, times, voters and key holders can no longer be changed. The consultation becomes public and the officials can create the key.",
            ),
            Self::Open => tr(
                lang,
                "Chaque électeur reçoit par courriel son code de vote. Il n’y a pas de retour en arrière.",
                "Each voter is sent their voting code by email. There is no way back.",
            ),
            Self::Close => tr(
                lang,
                "Plus aucun bulletin ne sera accepté, même avant l’heure de clôture prévue.",
                "No more ballots will be accepted, even before the planned closing time.",
            ),
            Self::Tally => tr(
                lang,
                "Le serveur déchiffre le total et publie le résultat ; chaque électeur en est averti.",
                "The server decrypts the total and publishes the result; every voter is told.",
            ),
        }
    }

    pub(super) fn done(self, lang: Language) -> &'static str {
        match self {
            Self::Delete => tr(lang, "Brouillon supprimé.", "Draft deleted."),
            Self::Freeze => tr(
                lang,
                "Consultation figée : la création de la clé a commencé.",
                "Consultation frozen: the key ceremony has started.",
            ),
            Self::Open => tr(lang, "Le scrutin est ouvert.", "Voting is open."),
            Self::Close => tr(lang, "Le scrutin est clos.", "Voting is closed."),
            Self::Tally => tr(lang, "Dépouillement fait.", "Votes counted."),
        }
    }
}

/// The lifecycle buttons of the current status, each confirmed first.
#[component]
pub(super) fn Actions(
    id: String,
    detail: RwSignal<Option<Result<ConsultationDetail, ApiError>>>,
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
            d.as_ref()
                .and_then(|d| d.as_ref().ok())
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
                        notice.set(Some(both(|lang| action.done(lang).to_owned())));
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
                                both(move |lang| match lang {
                                    Language::Fr => {
                                        format!("Refusé par le serveur (champ « {f} ») : {m}")
                                    }
                                    Language::En => {
                                        format!("Refused by the server (field \"{f}\"): {m}")
                                    }
                                })
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
            Some((ConsultationStatus::Draft, _)) => tr(
                lang,
                "Une fois la préparation terminée, figez la consultation pour lancer la création de la clé.",
                "Once the set-up is complete, freeze the consultation to start the key ceremony.",
            ),
            Some((ConsultationStatus::KeyCeremony, TrusteeMode::Officials))
                if !ceremony_done.get() =>
            {
                tr(
                    lang,
                    "En attente des élus : le scrutin pourra être ouvert quand la clé sera prête.",
                    "Waiting for the officials: voting can be opened once the key is ready.",
                )
            }
            Some((ConsultationStatus::KeyCeremony, _)) => tr(
                lang,
                "Ouvrir le scrutin envoie leur code de vote aux électeurs.",
                "Opening voting sends the voters their voting codes.",
            ),
            Some((ConsultationStatus::Open, _)) => tr(
                lang,
                "Le scrutin est ouvert. Il sera clos automatiquement à l’heure de clôture ; « Clore le scrutin » ne sert qu’à l’arrêter plus tôt.",
                "Voting is open. It closes automatically at the closing time; “Close voting” only ends it early.",
            ),
            Some((ConsultationStatus::Closed, TrusteeMode::ServerSingle)) => tr(
                lang,
                "Le scrutin est clos : il reste à dépouiller.",
                "Voting is closed: the votes remain to be counted.",
            ),
            Some((ConsultationStatus::Closed | ConsultationStatus::Tallying, _)) => tr(
                lang,
                "En attente des déchiffrements des élus : le résultat sera publié dès que le seuil sera atteint.",
                "Waiting for the officials' decryptions: the result is published as soon as the threshold is reached.",
            ),
            Some((ConsultationStatus::Published, _)) => tr(
                lang,
                "Terminé : le résultat est publié.",
                "Done: the result is published.",
            ),
            None => "",
        }
    };
    let run_confirm = run.clone();
    view! {
        <section class="section consultation-actions" aria-labelledby="actions-title">
            <h2 id="actions-title">{tx("Étapes de la consultation", "Consultation steps")}</h2>
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
                                {app.t(Key::Cancel)}
                            </button>
                        </div>
                    </div>
                }
            })}
        </section>
    }
}
