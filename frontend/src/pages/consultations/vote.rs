//! `/consultations/:id/vote`: the voting booth. The resident signs in, gives the voting code
//! mailed at the opening (filled from the mail link's `#credential=…` fragment), answers each
//! question; the browser checks the rules, then encrypts the ballot and computes its proofs
//! with `protocol` compiled to wasm (nothing readable leaves the page), sends it and shows the
//! signed receipt, which can be downloaded as JSON. Revoting is allowed: the last ballot counts.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use protocol::ErrorCode;
use protocol::belenios::credential;
use protocol::belenios::election::ElectionContext;
use protocol::belenios::rng::OsRandom;
use protocol::consultations::QuestionKind;
use protocol::consultations::{BallotReceipt, ConsultationDetail, ConsultationStatus, Question};

use super::ballot::{self, Choice};
use super::{LoadError, browser};
use crate::api::ApiError;
use crate::api::consultations as api;
use crate::components::{
    ErrorSummary, FormError, Load, Loader, Loading, Msg, PageHeadingText, focus_by_id,
};
use crate::format::{format_date_time, intern, iso};
use crate::i18n::{self, Common, Consultations, Key, Text};
use crate::pages::requests::fields::error_for;
use crate::state::{Session, use_app};

/// Where the ballot stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    /// The voter fills the form.
    Editing,
    /// The browser encrypts the ballot and computes its proofs.
    Encrypting,
    /// The ballot is on its way to the server.
    Sending,
    /// The server accepted it.
    Done(Box<BallotReceipt>),
}

/// What the page needs: the consultation and, while it is open, the election JSON.
type Loaded = Result<(ConsultationDetail, Option<String>), ApiError>;

/// The id of a question's first input, which error links point at.
fn first_input(question: usize) -> &'static str {
    intern(format!("q{question}-a0"))
}

#[component]
pub fn VotePage() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    // Read once, before anything else can change the address.
    let from_link = browser::take_fragment_credential();
    let credential = RwSignal::new(from_link.clone().unwrap_or_default());
    let data: Loader<Loaded> = Loader::new(
        move || id.get(),
        |id: String| async move {
            match api::get(&id).await {
                Ok(c) if c.status == ConsultationStatus::Open => {
                    api::election(&id).await.map(|e| (c, Some(e.election)))
                }
                Ok(c) => Ok((c, None)),
                Err(e) => Err(e),
            }
        },
    );
    let heading = Signal::derive(move || {
        let lang = app.lang.get();
        data.with(|d| match d {
            Some(Ok((c, _))) => i18n::vote_heading(lang, c.title.get(lang)),
            _ => Consultations::VoteTitle.text(lang).to_owned(),
        })
    });
    let has_link = from_link.is_some();
    // Whether someone is signed in (`None`: not known yet). A memo, so that an updated account
    // (e.g. its language changed) does not rebuild the form and lose what was entered.
    let signed_in = Memo::new(move |_| {
        app.session.with(|s| match s {
            Session::Unknown => None,
            Session::SignedIn(_) => Some(true),
            Session::Anonymous | Session::Failed(_) => Some(false),
        })
    });
    view! {
        <div class="page page--form">
            <p class="breadcrumb">
                <A href=move || format!("/consultations/{}", id.get())>{app.t(Consultations::VoteBackToConsultation)}</A>
            </p>
            <PageHeadingText text=heading />
            <Load loader=data let:loaded>{match loaded {
                Err(e) => view! { <LoadError e=e /> }.into_any(),
                Ok((c, None)) => {
                    let status = c.status;
                    view! {
                        <div class="notice" data-testid="vote-not-open">
                            <p>{app.t(Consultations::VoteNotOpen)}</p>
                            <p>
                                {app.t(Consultations::ConsultationStatusLabel)} " "
                                <super::ConsultationBadge status=status />
                            </p>
                        </div>
                    }
                        .into_any()
                }
                Ok((c, Some(election))) => {
                    let booth = move || match signed_in.get() {
                        None => view! { <Loading /> }.into_any(),
                        Some(true) => {
                            view! {
                                <VoteForm c=c.clone() election=election.clone() credential=credential from_link=has_link />
                            }
                                .into_any()
                        }
                        Some(false) => view! { <SignInNeeded /> }.into_any(),
                    };
                    view! { {booth} }.into_any()
                }
            }}</Load>
        </div>
    }
}

#[component]
fn SignInNeeded() -> impl IntoView {
    let app = use_app();
    let sign_in = crate::sign_in::login_href(&crate::sign_in::current_page());
    view! {
        <div class="notice" data-testid="vote-sign-in">
            <p>{app.t(Consultations::VoteSignInNeeded)}</p>
            <p>{app.t(Consultations::VoteSignInHint)}</p>
            <p>
                <A href=sign_in attr:class="button button--primary">{app.t(Common::NavLogin)}</A>
            </p>
        </div>
    }
}

/// The server's refusal, in the interface's language, with the field it is about.
fn cast_error(e: ApiError) -> FormError {
    let (field, key) = match e.code() {
        Some(ErrorCode::NotEligible) => (None, Consultations::VoteErrNotEligible),
        Some(ErrorCode::ConsultationNotOpen) => (None, Consultations::VoteErrNotOpen),
        Some(ErrorCode::InvalidBallot) => (Some("credential"), Consultations::VoteErrInvalidBallot),
        Some(ErrorCode::Unauthenticated) => (None, Consultations::VoteSignInNeeded),
        _ => return FormError::api(None, e),
    };
    FormError {
        field,
        msg: Msg::Key(key.into()),
    }
}

#[component]
fn VoteForm(
    c: ConsultationDetail,
    election: String,
    credential: RwSignal<String>,
    from_link: bool,
) -> impl IntoView {
    let app = use_app();
    let id = c.id.clone();
    let questions = StoredValue::new(c.questions.clone());
    let fresh = move || {
        questions.with_value(|qs| {
            qs.iter()
                .map(|q| Choice::empty(q.answers.len()))
                .collect::<Vec<_>>()
        })
    };
    let choices = RwSignal::new(fresh());
    let errors = RwSignal::new(Vec::<FormError>::new());
    let phase = RwSignal::new(Phase::Editing);
    let election = StoredValue::new(election);
    let busy = move || matches!(phase.get(), Phase::Encrypting | Phase::Sending);

    let on_submit = {
        let id = id.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            if busy() {
                return;
            }
            let mut errs = Vec::new();
            let typed = credential.get_untracked();
            let normalized = if typed.trim().is_empty() {
                errs.push(FormError::field(
                    "credential",
                    Consultations::ErrCredentialRequired,
                ));
                None
            } else {
                let n = credential::normalize(&typed);
                if n.is_none() {
                    errs.push(FormError::field(
                        "credential",
                        Consultations::ErrCredentialInvalid,
                    ));
                }
                n
            };
            let chosen = choices.get_untracked();
            questions.with_value(|qs| {
                for (i, (q, choice)) in qs.iter().zip(&chosen).enumerate() {
                    if let Err(problem) = ballot::check(q, choice) {
                        errs.push(FormError::text(first_input(i), move |lang| {
                            i18n::vote_choice_error(lang, i + 1, problem)
                        }));
                    }
                }
            });
            let Some(secret) = normalized.filter(|_| errs.is_empty()) else {
                errors.set(errs);
                return;
            };
            errors.set(Vec::new());
            let plaintext = questions.with_value(|qs| ballot::plaintext(qs, &chosen));
            phase.set(Phase::Encrypting);
            let id = id.clone();
            spawn_local(async move {
                // Let the status be shown and announced before the page is busy computing.
                browser::pause(60).await;
                let created = election.with_value(|raw| {
                    ElectionContext::from_raw(raw)
                        .and_then(|ctx| ctx.create_ballot(&secret, &plaintext, &mut OsRandom))
                });
                drop(secret);
                let Ok(ballot) = created else {
                    phase.set(Phase::Editing);
                    errors.set(vec![FormError {
                        field: None,
                        msg: Msg::Key(Consultations::VoteErrEncrypt.into()),
                    }]);
                    return;
                };
                phase.set(Phase::Sending);
                match api::cast(&id, ballot).await {
                    Ok(receipt) => {
                        phase.set(Phase::Done(Box::new(receipt)));
                        request_animation_frame(|| focus_by_id("receipt-title"));
                    }
                    Err(e) => {
                        phase.set(Phase::Editing);
                        errors.set(vec![cast_error(e)]);
                    }
                }
            });
        }
    };

    let vote_again = move || {
        choices.set(fresh());
        errors.set(Vec::new());
        phase.set(Phase::Editing);
        request_animation_frame(|| focus_by_id("vote-again-title"));
    };

    let again = RwSignal::new(false);
    let fieldsets = move || {
        questions.with_value(|qs| {
            qs.iter()
                .enumerate()
                .map(|(i, q)| {
                    view! { <QuestionFieldset index=i question=q.clone() choices=choices errors=errors /> }
                })
                .collect_view()
        })
    };
    let (opens, closes) = (c.opens_at, c.closes_at);
    let consultation_id = id.clone();
    view! {
        <div role="status" class="status-region" data-testid="vote-status">
            {move || {
                let key = match phase.get() {
                    Phase::Encrypting => Consultations::VoteEncrypting,
                    Phase::Sending => Consultations::VoteSending,
                    _ => return None,
                };
                Some(
                    view! {
                        <div class="notice vote-progress">
                            <p id="vote-progress-label">{app.t(key)}</p>
                            <progress aria-labelledby="vote-progress-label"></progress>
                        </div>
                    },
                )
            }}
        </div>
        {move || match phase.get() {
            Phase::Done(receipt) => {
                let on_again = move || {
                    again.set(true);
                    vote_again();
                };
                view! { <ReceiptView receipt=*receipt consultation_id=consultation_id.clone() on_again=on_again /> }
                    .into_any()
            }
            _ => {
                let on_submit = on_submit.clone();
                view! {
                    {move || {
                        again
                            .get()
                            .then(|| {
                                view! {
                                    <h2 id="vote-again-title" tabindex="-1" class="form__section-title">
                                        {app.t(Consultations::VoteAgainTitle)}
                                    </h2>
                                }
                            })
                    }}
                    <p class="lead">{app.t(Consultations::VoteIntro)}</p>
                    <p>
                        {move || i18n::consultation_period(app.lang.get())} " "
                        <time datetime=iso(opens)>{move || format_date_time(opens, app.lang.get())}</time>
                        " – "
                        <time datetime=iso(closes)>{move || format_date_time(closes, app.lang.get())}</time>
                        ". "
                        {app.t(Consultations::VoteRevoteNote)}
                    </p>
                    <ErrorSummary errors=errors id="vote-errors" />
                    <form
                        class="form vote-form"
                        novalidate
                        on:submit=on_submit
                        data-testid="vote-form"
                        aria-busy=move || busy().then_some("true")
                    >
                        <CredentialField value=credential errors=errors from_link=from_link />
                        {fieldsets}
                        <div class="form__actions">
                            <button
                                type="submit"
                                class="button button--primary"
                                data-testid="vote-submit"
                                aria-disabled=move || busy().then_some("true")
                            >
                                {app.t(Consultations::VoteSubmit)}
                            </button>
                        </div>
                    </form>
                }
                    .into_any()
            }
        }}
    }
}

#[component]
fn CredentialField(
    value: RwSignal<String>,
    errors: RwSignal<Vec<FormError>>,
    from_link: bool,
) -> impl IntoView {
    let app = use_app();
    let has_error = move || error_for(errors, "credential").is_some();
    view! {
        <div class="field" class:field--error=has_error>
            <label for="credential" class="field__label">
                {app.t(Consultations::FieldCredential)} " "
                <span class="field__required">{app.t(Common::RequiredMark)}</span>
            </label>
            <p class="field__hint" id="credential-hint">
                {app.t(Consultations::HintCredential)}
                {from_link.then(|| view! { " " {app.t(Consultations::HintCredentialFromLink)} })}
            </p>
            {move || {
                error_for(errors, "credential")
                    .map(|msg| {
                        view! {
                            <p class="field__error" id="credential-error">
                                {move || msg.render(app.lang.get())}
                            </p>
                        }
                    })
            }}
            <input
                class="field__input field__input--credential"
                id="credential"
                name="credential"
                type="text"
                autocomplete="off"
                autocapitalize="none"
                spellcheck="false"
                required
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=move || {
                    if has_error() { "credential-hint credential-error" } else { "credential-hint" }
                }
                bind:value=value
            />
        </div>
    }
}

/// One question: radio buttons (one answer) or checkboxes (several), and the blank vote when
/// the question allows it, in a fieldset whose legend is the question.
#[component]
fn QuestionFieldset(
    index: usize,
    question: Question,
    choices: RwSignal<Vec<Choice>>,
    errors: RwSignal<Vec<FormError>>,
) -> impl IntoView {
    let app = use_app();
    let first = first_input(index);
    let name = format!("q{index}");
    let rule_id = format!("q{index}-rule");
    let error_id = format!("q{index}-error");
    let has_error = move || error_for(errors, first).is_some();
    let described_by = {
        let (rule_id, error_id) = (rule_id.clone(), error_id.clone());
        move || {
            if has_error() {
                format!("{rule_id} {error_id}")
            } else {
                rule_id.clone()
            }
        }
    };
    let single = question.kind == QuestionKind::Single;
    let (min, max, blank_allowed) = (question.min, question.max, question.blank_allowed);
    let input_type = if single { "radio" } else { "checkbox" };
    let answers = question
        .answers
        .iter()
        .enumerate()
        .map(|(j, answer)| {
            let input_id = intern(format!("q{index}-a{j}"));
            let answer = answer.clone();
            let checked = move || {
                choices.with(|c| {
                    c.get(index)
                        .is_some_and(|c| c.answers.get(j).copied().unwrap_or(false))
                })
            };
            // An answer replaces the blank vote (and, for one answer, the previous answer).
            let on_change = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                choices.update(|c| {
                    let Some(c) = c.get_mut(index) else { return };
                    if on {
                        c.blank = false;
                        if single {
                            c.answers.iter_mut().for_each(|a| *a = false);
                        }
                    }
                    if let Some(a) = c.answers.get_mut(j) {
                        *a = on;
                    }
                });
            };
            view! {
                <div class="choice__option">
                    <input
                        type=input_type
                        id=input_id
                        name=name.clone()
                        value=j.to_string()
                        prop:checked=checked
                        aria-invalid=move || has_error().then_some("true")
                        on:change=on_change
                    />
                    <label for=input_id>{move || answer.get(app.lang.get()).to_owned()}</label>
                </div>
            }
        })
        .collect_view();
    let blank = blank_allowed.then(|| {
        let input_id = intern(format!("q{index}-blank"));
        let checked = move || choices.with(|c| c.get(index).is_some_and(|c| c.blank));
        let on_change = move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            choices.update(|c| {
                let Some(c) = c.get_mut(index) else { return };
                // The blank vote replaces every answer.
                c.blank = on;
                if on {
                    c.answers.iter_mut().for_each(|a| *a = false);
                }
            });
        };
        view! {
            <div class="choice__option choice__option--blank">
                <input
                    type=input_type
                    id=input_id
                    name=name.clone()
                    value="blank"
                    prop:checked=checked
                    aria-invalid=move || has_error().then_some("true")
                    on:change=on_change
                />
                <label for=input_id>{app.t(Consultations::VoteBlank)}</label>
            </div>
        }
    });
    let text = question.text.clone();
    let count = (!single).then(|| {
        view! {
            <p class="vote-question__count" aria-live="polite" data-testid="vote-count">
                {move || {
                    let n = choices.with(|c| {
                        c.get(index).map_or(0, |c| c.answers.iter().filter(|a| **a).count())
                    });
                    i18n::vote_chosen_count(app.lang.get(), n, max)
                }}
            </p>
        }
    });
    view! {
        <fieldset
            class="choice field vote-question"
            class:field--error=has_error
            aria-describedby=described_by
            data-testid="vote-question"
        >
            <legend class="vote-question__legend">
                <span class="vote-question__number">{move || i18n::question_n(app.lang.get(), index + 1)}</span>
                " "
                <span class="vote-question__text">{move || text.get(app.lang.get()).to_owned()}</span>
            </legend>
            <p class="field__hint" id=rule_id>
                {move || {
                    let lang = app.lang.get();
                    let rule = if single {
                        Consultations::QuestionChooseOne.text(lang).to_owned()
                    } else {
                        i18n::question_choose_between(lang, min, max)
                    };
                    if blank_allowed {
                        format!("{rule} {}", Consultations::VoteBlankExplained.text(lang))
                    } else {
                        rule
                    }
                }}
            </p>
            {move || {
                error_for(errors, first)
                    .map(|msg| {
                        view! {
                            <p class="field__error" id=error_id.clone()>
                                {move || msg.render(app.lang.get())}
                            </p>
                        }
                    })
            }}
            {answers}
            {blank}
            {count}
        </fieldset>
    }
}

/// The signed receipt of an accepted ballot, with its download and what to do next.
#[component]
fn ReceiptView(
    receipt: BallotReceipt,
    consultation_id: String,
    on_again: impl Fn() + Clone + 'static,
) -> impl IntoView {
    let app = use_app();
    let saved = RwSignal::new(None::<Key>);
    let download = {
        let receipt = receipt.clone();
        move |_| {
            let json = serde_json::to_string_pretty(&receipt).unwrap_or_default();
            let name = format!("recu-vote-{}-{}.json", receipt.election_uuid, receipt.time);
            let key = if browser::save_file(&name, "application/json", &json) {
                Consultations::ReceiptDownloaded
            } else {
                Consultations::ReceiptDownloadFailed
            };
            saved.set(Some(key.into()));
        }
    };
    let time = receipt.time;
    let board = format!("/consultations/{consultation_id}/board");
    view! {
        <section class="notice notice--success receipt" aria-labelledby="receipt-title" data-testid="receipt">
            <h2 id="receipt-title" class="notice__title" tabindex="-1">{app.t(Consultations::ReceiptTitle)}</h2>
            <p>{app.t(Consultations::ReceiptIntro)}</p>
            <dl class="details receipt__details">
                <div class="details__row">
                    <dt>{app.t(Consultations::ReceiptTracker)}</dt>
                    <dd><code class="fingerprint" data-testid="receipt-tracker">{receipt.tracker.clone()}</code></dd>
                </div>
                <div class="details__row">
                    <dt>{app.t(Consultations::ReceiptTime)}</dt>
                    <dd data-testid="receipt-time">
                        <time datetime=iso(time)>{move || format_date_time(time, app.lang.get())}</time>
                    </dd>
                </div>
                <div class="details__row">
                    <dt>{app.t(Consultations::ReceiptSignature)}</dt>
                    <dd><code class="fingerprint" data-testid="receipt-signature">{receipt.signature.clone()}</code></dd>
                </div>
                <div class="details__row">
                    <dt>{app.t(Consultations::ConsultationFingerprint)}</dt>
                    <dd><code class="fingerprint" data-testid="receipt-fingerprint">{receipt.fingerprint.clone()}</code></dd>
                </div>
                <div class="details__row">
                    <dt>{app.t(Consultations::ReceiptElection)}</dt>
                    <dd><code class="fingerprint">{receipt.election_uuid.clone()}</code></dd>
                </div>
            </dl>
            <p>
                <button type="button" class="button button--secondary" data-testid="receipt-download" on:click=download>
                    {app.t(Consultations::ReceiptDownload)}
                </button>
            </p>
            <div role="status" class="status-region">
                {move || saved.get().map(|k| view! { <p data-testid="receipt-saved">{app.t(k)}</p> })}
            </div>
            <p>{app.t(Consultations::ReceiptEmailed)}</p>
            <p>{app.t(Consultations::ReceiptRevote)}</p>
        </section>
        <div class="button-row">
            <A href=board attr:class="button button--secondary" {..} data-testid="receipt-board-link">
                {app.t(Consultations::ReceiptCheckBoard)}
            </A>
            <button
                type="button"
                class="button button--secondary"
                data-testid="vote-again"
                on:click=move |_| on_again()
            >
                {app.t(Consultations::VoteAgain)}
            </button>
        </div>
    }
}
