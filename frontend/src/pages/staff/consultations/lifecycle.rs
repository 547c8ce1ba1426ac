//! A frozen consultation's lifecycle and the officials' key ceremony progress.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::Language;
use protocol::consultations::{
    CeremonyState, CeremonyStep, ConsultationDetail, ConsultationStatus, TrusteeMode,
};

use crate::api::ApiError;
use crate::components::Msg;
use crate::i18n::Key;
use crate::pages::requests::format_date_time;
use crate::state::use_app;

use super::*;

/// A frozen consultation: its state, the ceremony's progress, the moves and the public links.
#[component]
pub(super) fn LifecycleView(
    detail: RwSignal<Option<Result<ConsultationDetail, ApiError>>>,
    notice: RwSignal<Option<Msg>>,
    reload: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let d = detail.with_untracked(|d| d.clone().and_then(Result::ok));
    let Some(d) = d else {
        return ().into_any();
    };
    let id = d.id.clone();
    let current = move || detail.with(|d| d.as_ref().and_then(|d| d.as_ref().ok()).cloned());
    let facts = move || {
        let lang = app.lang.get();
        current().map(|d| {
            let frozen = d.frozen_at.map(|t| format_date_time(t, lang));
            let fingerprint = d.fingerprint.clone();
            let trustees = match d.trustees.mode {
                TrusteeMode::ServerSingle => tr(lang, "le serveur seul", "the server alone").to_owned(),
                TrusteeMode::Officials => {
                    let names: Vec<_> = d.trustees.trustees.iter().map(|t| t.display_name.clone()).collect();
                    match lang {
                        Language::Fr => format!("{} élus sur {} ({})", d.trustees.threshold.unwrap_or(0), names.len(), names.join(", ")),
                        Language::En => format!("{} of {} officials ({})", d.trustees.threshold.unwrap_or(0), names.len(), names.join(", ")),
                    }
                }
            };
            let warning = d.trustees.warning.as_ref().map(|w| w.get(lang).to_owned());
            let voters = d.voter_list.as_ref().map(|v| v.voters);
            view! {
                {frozen.map(|t| view! {
                    <div class="notice notice--info" data-testid="frozen-notice">
                        <p>{tr(lang, "Préparation figée le ", "Set-up frozen on ")} {t} "."
                        " " {tr(lang, "Elle ne peut plus être modifiée.", "It can no longer be changed.")}</p>
                    </div>
                })}
                {warning.map(|w| view! { <div class="notice notice--warning"><p><strong>{tr(lang, "Attention :", "Warning:")}</strong> " " {w}</p></div> })}
                <dl class="facts">
                    <dt>{tr(lang, "Période de vote", "Voting period")}</dt>
                    <dd>{format_date_time(d.opens_at, lang)} " – " {format_date_time(d.closes_at, lang)}</dd>
                    <dt>{tr(lang, "Questions", "Questions")}</dt>
                    <dd>{d.questions.len()}</dd>
                    <dt>{tr(lang, "Clé de déchiffrement", "Decryption key")}</dt>
                    <dd>{trustees}</dd>
                    {voters.map(|v| view! { <dt>{tr(lang, "Liste d’électeurs", "Voter list")}</dt><dd>{v}</dd> })}
                    <dt>{tr(lang, "Empreinte de l’élection", "Election fingerprint")}</dt>
                    <dd>
                        {match fingerprint {
                            Some(f) => view! { <code class="code fingerprint" data-testid="consultation-fingerprint">{f}</code> }.into_any(),
                            None => view! { <span data-testid="fingerprint-pending">{tr(lang, "connue à l’ouverture du scrutin", "known once voting opens")}</span> }.into_any(),
                        }}
                    </dd>
                </dl>
            }
        })
    };
    let links = {
        let id = id.clone();
        move || {
            let lang = app.lang.get();
            let status = current().map(|d| d.status)?;
            let public = format!("/consultations/{id}");
            let board = format!("/consultations/{id}/board");
            let results = format!("/consultations/{id}/results");
            let voting = status >= ConsultationStatus::Open;
            Some(view! {
                <ul class="link-list" data-testid="public-links">
                    <li><a href=public>{tr(lang, "Page publique", "Public page")}</a></li>
                    {voting.then(|| view! { <li><a href=board data-testid="link-board">{tr(lang, "Urne (bulletins reçus)", "Ballot box (board)")}</a></li> })}
                    {(status == ConsultationStatus::Published).then(|| view! { <li><a href=results data-testid="link-results">{tr(lang, "Résultats", "Results")}</a></li> })}
                </ul>
            })
        }
    };
    let is_officials = d.trustees.mode == TrusteeMode::Officials;
    view! {
        <StatusLine detail=detail />
        {facts}
        {is_officials.then(|| view! { <CeremonyProgress id=id.clone() detail=detail /> })}
        <Actions id=id.clone() detail=detail notice=notice reload=reload />
        <section class="section" aria-labelledby="links-title">
            <h2 id="links-title">{tx("Pages publiques", "Public pages")}</h2>
            {links}
        </section>
    }
    .into_any()
}

/// Who has done which step of the key ceremony (and, after the close, who has decrypted).
#[component]
pub(super) fn CeremonyProgress(
    id: String,
    detail: RwSignal<Option<Result<ConsultationDetail, ApiError>>>,
) -> impl IntoView {
    let app = use_app();
    let state = RwSignal::new(None::<Result<CeremonyState, ApiError>>);
    let load = {
        let id = id.clone();
        move || {
            let id = id.clone();
            spawn_local(async move { state.set(Some(crate::api::trustee::ceremony(&id).await)) });
        }
    };
    let load_effect = load.clone();
    Effect::new(move |_| {
        detail.track();
        load_effect();
    });
    let body = move || {
        let lang = app.lang.get();
        match state.get() {
            None => view! { <p>{app.t(Key::Loading)}</p> }.into_any(),
            Some(Err(e)) => {
                view! { <p class="notice notice--error">{e.user_message(lang)}</p> }.into_any()
            }
            Some(Ok(s)) => {
                let step = match s.step {
                    CeremonyStep::Certificates => tr(
                        lang,
                        "Étape 1 sur 3 : chaque élu crée sa clé.",
                        "Step 1 of 3: each official creates their key.",
                    ),
                    CeremonyStep::Polynomials => tr(
                        lang,
                        "Étape 2 sur 3 : chaque élu envoie ses parts.",
                        "Step 2 of 3: each official sends their shares.",
                    ),
                    CeremonyStep::Voutputs => tr(
                        lang,
                        "Étape 3 sur 3 : chaque élu vérifie ses parts.",
                        "Step 3 of 3: each official checks their shares.",
                    ),
                    CeremonyStep::Done if s.status == ConsultationStatus::KeyCeremony => tr(
                        lang,
                        "La clé de l’élection est prête : le scrutin peut être ouvert.",
                        "The election key is ready: voting can be opened.",
                    ),
                    CeremonyStep::Done => tr(
                        lang,
                        "La clé de l’élection est prête.",
                        "The election key is ready.",
                    ),
                };
                let decrypting = s.status >= ConsultationStatus::Closed;
                let rows = s.trustees.iter().map(|t| {
                    let posted = if s.step == CeremonyStep::Done {
                        tr(lang, "Terminé", "Done")
                    } else if t.posted {
                        tr(lang, "Fait", "Done")
                    } else {
                        tr(lang, "En attente", "Waiting")
                    };
                    let decrypted = if t.decrypted { tr(lang, "Envoyé", "Sent") } else { tr(lang, "Pas encore", "Not yet") };
                    view! {
                        <tr data-testid="ceremony-row">
                            <th scope="row">{t.display_name.clone()}</th>
                            <td data-label=tr(lang, "Étape en cours", "Current step")>{posted}</td>
                            {decrypting.then(|| view! { <td data-label=tr(lang, "Déchiffrement", "Decryption")>{decrypted}</td> })}
                        </tr>
                    }
                }).collect_view();
                let summary = match lang {
                    Language::Fr => format!(
                        "Déchiffrements reçus : {} (il en faut {}).",
                        s.decryptions, s.threshold
                    ),
                    Language::En => format!(
                        "Decryptions received: {} ({} needed).",
                        s.decryptions, s.threshold
                    ),
                };
                view! {
                    <p data-testid="ceremony-step" data-step=format!("{:?}", s.step).to_lowercase()>{step}</p>
                    <div class="table-wrap">
                        <table class="table table--stack" data-testid="ceremony-progress">
                            <caption>{tr(lang, "Avancement par élu", "Progress per official")}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{tr(lang, "Élu", "Official")}</th>
                                    <th scope="col">{tr(lang, "Étape en cours", "Current step")}</th>
                                    {decrypting.then(|| view! { <th scope="col">{tr(lang, "Déchiffrement", "Decryption")}</th> })}
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    {decrypting.then(|| view! { <p data-testid="decryptions">{summary}</p> })}
                }
                .into_any()
            }
        }
    };
    view! {
        <section class="section ceremony" aria-labelledby="ceremony-title">
            <h2 id="ceremony-title">{tx("Clé des élus", "Officials' key")}</h2>
            {body}
            <button type="button" class="button button--secondary button--small" data-testid="ceremony-refresh" on:click=move |_| load()>
                {tx("Actualiser l’avancement", "Refresh progress")}
            </button>
        </section>
    }
}
