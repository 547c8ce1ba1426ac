//! A frozen consultation's lifecycle and the officials' key ceremony progress.

use leptos::prelude::*;

use protocol::consultations::{CeremonyState, CeremonyStep, ConsultationStatus, TrusteeMode};

use crate::api::ApiError;
use crate::components::{Load, Loader, Msg};
use crate::format::format_date_time;
use crate::state::use_app;

use super::*;

/// A frozen consultation: its state, the ceremony's progress, the moves and the public links.
#[component]
pub(super) fn LifecycleView(
    detail: Detail,
    notice: RwSignal<Option<Msg>>,
    reload: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let d = detail.get_untracked().and_then(Result::ok);
    let Some(d) = d else {
        return ().into_any();
    };
    let id = d.id.clone();
    let current = move || detail.with(|d| d.and_then(|d| d.as_ref().ok()).cloned());
    let facts = move || {
        let lang = app.lang.get();
        current().map(|d| {
            let frozen = d.frozen_at.map(|t| format_date_time(t, lang));
            let fingerprint = d.fingerprint.clone();
            let trustees = match d.trustees.mode {
                TrusteeMode::ServerSingle => Setup::ServerAlone.text(lang).to_owned(),
                TrusteeMode::Officials => {
                    let names: Vec<_> = d.trustees.trustees.iter().map(|t| t.display_name.clone()).collect();
                    i18n::officials_threshold(lang, d.trustees.threshold.unwrap_or(0), &names)
                }
            };
            let warning = d.trustees.warning.as_ref().map(|w| w.get(lang).to_owned());
            let voters = d.voter_list.as_ref().map(|v| v.voters);
            view! {
                {frozen.map(|t| view! {
                    <div class="notice notice--info" data-testid="frozen-notice">
                        <p>{Setup::FrozenOn.text(lang)} {t} "."
                        " " {Setup::NoMoreChanges.text(lang)}</p>
                    </div>
                })}
                {warning.map(|w| view! { <div class="notice notice--warning"><p><strong>{Setup::Warning.text(lang)}</strong> " " {w}</p></div> })}
                <dl class="facts">
                    <dt>{Consultations::ConsultationPeriod.text(lang)}</dt>
                    <dd>{format_date_time(d.opens_at, lang)} " – " {format_date_time(d.closes_at, lang)}</dd>
                    <dt>{Staff::ColQuestions.text(lang)}</dt>
                    <dd>{d.questions.len()}</dd>
                    <dt>{Setup::DecryptionKey.text(lang)}</dt>
                    <dd>{trustees}</dd>
                    {voters.map(|v| view! { <dt>{Setup::VoterList.text(lang)}</dt><dd>{v}</dd> })}
                    <dt>{Consultations::ConsultationFingerprint.text(lang)}</dt>
                    <dd>
                        {match fingerprint {
                            Some(f) => view! { <code class="code fingerprint" data-testid="consultation-fingerprint">{f}</code> }.into_any(),
                            None => view! { <span data-testid="fingerprint-pending">{Setup::FingerprintLater.text(lang)}</span> }.into_any(),
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
                    <li><a href=public>{Setup::PublicPage.text(lang)}</a></li>
                    {voting.then(|| view! { <li><a href=board data-testid="link-board">{Setup::BallotBoxBoard.text(lang)}</a></li> })}
                    {(status == ConsultationStatus::Published).then(|| view! { <li><a href=results data-testid="link-results">{Consultations::ResultsLink.text(lang)}</a></li> })}
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
            <h2 id="links-title">{app.t(Setup::PublicPages)}</h2>
            {links}
        </section>
    }
    .into_any()
}

/// Who has done which step of the key ceremony (and, after the close, who has decrypted).
#[component]
pub(super) fn CeremonyProgress(id: String, detail: Detail) -> impl IntoView {
    let app = use_app();
    let state: Loader<Result<CeremonyState, ApiError>> = Loader::new(
        || (),
        move |()| {
            let id = id.clone();
            async move { crate::api::trustee::ceremony(&id).await }
        },
    );
    // Each new state of the consultation (an action, a reload) may come with progress.
    Effect::new(move |first: Option<()>| {
        detail.track();
        if first.is_some() {
            state.reload();
        }
    });
    let body = move |loaded: Result<CeremonyState, ApiError>| {
        let lang = app.lang.get();
        match loaded {
            Err(e) => {
                view! { <p class="notice notice--error">{e.user_message(lang)}</p> }.into_any()
            }
            Ok(s) => {
                let step = match s.step {
                    CeremonyStep::Certificates => Setup::Step1Of3.text(lang),
                    CeremonyStep::Polynomials => Setup::Step2Of3.text(lang),
                    CeremonyStep::Voutputs => Setup::Step3Of3.text(lang),
                    CeremonyStep::Done if s.status == ConsultationStatus::KeyCeremony => {
                        Setup::KeyReadyOpen.text(lang)
                    }
                    CeremonyStep::Done => Setup::KeyReady.text(lang),
                };
                let decrypting = s.status >= ConsultationStatus::Closed;
                let rows = s.trustees.iter().map(|t| {
                    let posted = if s.step == CeremonyStep::Done {
                        Setup::CeremonyDone.text(lang)
                    } else if t.posted {
                        Setup::StepPosted.text(lang)
                    } else {
                        Setup::Waiting.text(lang)
                    };
                    let decrypted = if t.decrypted { Setup::Sent.text(lang) } else { Setup::NotYet.text(lang) };
                    view! {
                        <tr data-testid="ceremony-row">
                            <th scope="row">{t.display_name.clone()}</th>
                            <td data-label=Setup::CurrentStep.text(lang)>{posted}</td>
                            {decrypting.then(|| view! { <td data-label=Setup::Decryption.text(lang)>{decrypted}</td> })}
                        </tr>
                    }
                }).collect_view();
                let summary = i18n::decryptions_received(lang, s.decryptions, s.threshold);
                view! {
                    <p data-testid="ceremony-step" data-step=format!("{:?}", s.step).to_lowercase()>{step}</p>
                    <div class="table-wrap">
                        <table class="table table--stack" data-testid="ceremony-progress">
                            <caption>{Setup::ProgressPerOfficial.text(lang)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{Setup::Official.text(lang)}</th>
                                    <th scope="col">{Setup::CurrentStep.text(lang)}</th>
                                    {decrypting.then(|| view! { <th scope="col">{Setup::Decryption.text(lang)}</th> })}
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
            <h2 id="ceremony-title">{app.t(Setup::OfficialsKey)}</h2>
            <Load loader=state children=body />
            <button type="button" class="button button--secondary button--small" data-testid="ceremony-refresh" on:click=move |_| state.reload()>
                {app.t(Setup::RefreshProgress)}
            </button>
        </section>
    }
}
