//! `/consultations/:id`: a consultation as the public reads it — what is asked, when, who may
//! vote, and who holds the decryption key.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use protocol::api::Language;
use protocol::consultations::{
    ConsultationDetail, ConsultationStatus, Eligibility, Question, QuestionKind, TrusteeMode,
    TrusteesInfo,
};

use super::ConsultationBadge;
use crate::api::ApiError;
use crate::api::consultations as api;
use crate::components::{Load, Loader, PageHeadingText};
use crate::format::{format_date_time, iso};
use crate::i18n::{self, Consultations, Text};
use crate::state::use_app;

use super::LoadError;

#[component]
pub fn ConsultationPage() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let data: Loader<Result<ConsultationDetail, ApiError>> =
        Loader::new(move || id.get(), |id| async move { api::get(&id).await });
    let heading = Signal::derive(move || {
        let lang = app.lang.get();
        data.with(|d| match d {
            Some(Ok(c)) => c.title.get(lang).to_owned(),
            _ => Consultations::ConsultationsTitle.text(lang).to_owned(),
        })
    });
    view! {
        <div class="page">
            <p class="breadcrumb">
                <A href="/consultations">{app.t(Consultations::ConsultationsBack)}</A>
            </p>
            <PageHeadingText text=heading />
            <Load loader=data let:loaded>
                {match loaded {
                    Err(e) => view! { <LoadError e=e /> }.into_any(),
                    Ok(c) => view! { <ConsultationView c=c /> }.into_any(),
                }}
            </Load>
        </div>
    }
}

#[component]
fn ConsultationView(c: ConsultationDetail) -> impl IntoView {
    let app = use_app();
    let description = c.description.clone();
    let (opens, closes) = (c.opens_at, c.closes_at);
    let questions = c
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| view! { <QuestionView number=i + 1 question=q.clone() /> })
        .collect_view();
    let eligibility = c.eligibility.clone();
    // The electorate is drawn at the opening: before it, a signed-in account that is not verified
    // yet is shown the way to be counted in.
    let verify_first = matches!(
        c.eligibility,
        Eligibility::AllVerified | Eligibility::Districts { .. }
    ) && c.status < ConsultationStatus::Open;
    let residency = crate::pages::residency::residency_verified(move || verify_first);
    let unverified = move || residency.with(|r| r == Some(&Some(false)));
    let fingerprint = c.fingerprint.clone();
    view! {
        <p data-testid="consultation-status"><ConsultationBadge status=c.status /></p>
        <ConsultationActions id=c.id.clone() status=c.status />
        <div class="prose" data-testid="consultation-description">
            {move || paragraphs(description.get(app.lang.get()))}
        </div>
        <dl class="details">
            <div class="details__row">
                <dt>{app.t(Consultations::ConsultationPeriod)}</dt>
                <dd>
                    {move || i18n::consultation_period(app.lang.get())}
                    " "
                    <time datetime=iso(opens)>{move || format_date_time(opens, app.lang.get())}</time>
                    " – "
                    <time datetime=iso(closes)>{move || format_date_time(closes, app.lang.get())}</time>
                </dd>
            </div>
            <div class="details__row">
                <dt>{app.t(Consultations::ConsultationWhoVotes)}</dt>
                <dd data-testid="consultation-eligibility">
                    {move || eligibility_text(&eligibility, app.lang.get())}
                    {move || {
                        (verify_first && unverified())
                            .then(|| {
                                view! {
                                    " "
                                    <a href="/account/residency?for=voting" data-testid="consultation-verify-residency">
                                        {app.t(crate::i18n::Account::AccountResidencyLink)}
                                    </a>
                                }
                            })
                    }}
                </dd>
            </div>
            {fingerprint
                .map(|f| {
                    view! {
                        <div class="details__row">
                            <dt>{app.t(Consultations::ConsultationFingerprint)}</dt>
                            <dd><code class="fingerprint" data-testid="consultation-fingerprint">{f}</code></dd>
                        </div>
                    }
                })}
        </dl>
        <section aria-labelledby="questions-heading">
            <h2 id="questions-heading">{app.t(Consultations::ConsultationQuestions)}</h2>
            <ol class="question-list" data-testid="consultation-questions">{questions}</ol>
        </section>
        <Trustees info=c.trustees.clone() />
    }
}

/// Text with blank lines as paragraph breaks.
fn paragraphs(text: &str) -> impl IntoView + use<> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| view! { <p>{p.to_owned()}</p> })
        .collect_view()
}

fn eligibility_text(e: &Eligibility, lang: Language) -> String {
    match e {
        Eligibility::AllVerified => Consultations::EligibilityAllVerified.text(lang).to_owned(),
        Eligibility::Districts { districts } => {
            format!(
                "{} {}",
                Consultations::EligibilityDistricts.text(lang),
                districts.join(", ")
            )
        }
        Eligibility::List => Consultations::EligibilityList.text(lang).to_owned(),
    }
}

#[component]
fn QuestionView(number: usize, question: Question) -> impl IntoView {
    let app = use_app();
    let text = question.text.clone();
    let answers = question
        .answers
        .iter()
        .map(|a| {
            let a = a.clone();
            view! { <li>{move || a.get(app.lang.get()).to_owned()}</li> }
        })
        .collect_view();
    let (kind, min, max, blank) = (
        question.kind,
        question.min,
        question.max,
        question.blank_allowed,
    );
    view! {
        <li class="question" data-testid="consultation-question">
            <h3 class="question__text">
                <span class="visually-hidden">{move || i18n::question_number(app.lang.get(), number)}</span>
                {move || text.get(app.lang.get()).to_owned()}
            </h3>
            <p class="question__rule">
                {move || {
                    let lang = app.lang.get();
                    let rule = match kind {
                        QuestionKind::Single => Consultations::QuestionChooseOne.text(lang).to_owned(),
                        QuestionKind::Multiple => i18n::question_choose_between(lang, min, max),
                    };
                    if blank {
                        format!("{rule} {}", Consultations::QuestionBlankAllowed.text(lang))
                    } else {
                        rule
                    }
                }}
            </p>
            <ul class="question__answers">{answers}</ul>
        </li>
    }
}

#[component]
fn Trustees(info: TrusteesInfo) -> impl IntoView {
    let app = use_app();
    let warning = info.warning.clone();
    let names: Vec<String> = info
        .trustees
        .iter()
        .map(|t| t.display_name.clone())
        .collect();
    let (mode, threshold, count) = (info.mode, info.threshold, info.trustees.len());
    view! {
        <section aria-labelledby="trustees-heading">
            <h2 id="trustees-heading">{app.t(Consultations::ConsultationTrustees)}</h2>
            <p data-testid="consultation-trustees">
                {move || {
                    let lang = app.lang.get();
                    match mode {
                        TrusteeMode::ServerSingle => Consultations::TrusteesServer.text(lang).to_owned(),
                        TrusteeMode::Officials => i18n::trustees_officials(
                            lang,
                            threshold.unwrap_or(1),
                            count,
                            &names.join(", "),
                        ),
                    }
                }}
            </p>
            {warning
                .map(|w| {
                    view! {
                        <div class="notice notice--warning" data-testid="trustees-warning">
                            <p>{move || w.get(app.lang.get()).to_owned()}</p>
                        </div>
                    }
                })}
        </section>
    }
}

/// What one can do with the consultation at its stage: vote while it is open, read the
/// bulletin board from the opening on, read the results once published.
#[component]
fn ConsultationActions(id: String, status: ConsultationStatus) -> impl IntoView {
    let app = use_app();
    let vote = (status == ConsultationStatus::Open).then(|| {
        view! {
            <A href=format!("/consultations/{id}/vote") attr:class="button button--primary" {..} data-testid="consultation-vote-link">
                {app.t(Consultations::VoteLink)}
            </A>
        }
    });
    let results = (status == ConsultationStatus::Published).then(|| {
        view! {
            <A href=format!("/consultations/{id}/results") attr:class="button button--primary" {..} data-testid="consultation-results-link">
                {app.t(Consultations::ResultsLink)}
            </A>
        }
    });
    let board = matches!(
        status,
        ConsultationStatus::Open
            | ConsultationStatus::Closed
            | ConsultationStatus::Tallying
            | ConsultationStatus::Published
    )
    .then(|| {
        view! {
            <A href=format!("/consultations/{id}/board") attr:class="button button--secondary" {..} data-testid="consultation-board-link">
                {app.t(Consultations::BoardLink)}
            </A>
        }
    });
    (vote.is_some() || board.is_some()).then(|| {
        view! { <p class="button-row consultation-actions">{vote} {results} {board}</p> }
    })
}
