//! `/consultations/:id/board`: the public bulletin board. Counts, every ballot's tracker in
//! casting order (paginated; no identities, no times), a search for one's own tracker, a
//! receipt check (`POST …/receipts/verify`) and the `.bel` archive to recount everything.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::ErrorCode;
use protocol::consultations::{BallotReceipt, Board, ReceiptCheck};
use wasm_bindgen::JsCast;

use super::{ConsultationBadge, browser};
use crate::api::consultations as api;
use crate::components::{ErrorSummary, FormError, Load, Msg, focus_by_id};
use crate::i18n::{self, Common, Consultations, Requests, Text};
use crate::pages::requests::fields::error_for;
use crate::pages::requests::pagination::page_count;
use crate::state::use_app;

use super::{LoadError, SubpageTop, load_with_consultation};

/// Trackers shown per page.
const PER_PAGE: u32 = 50;

#[component]
pub fn BoardPage() -> impl IntoView {
    let app = use_app();
    let (id, data) = load_with_consultation(|id| async move { api::board(&id).await });
    view! {
        <div class="page page--wide">
            <SubpageTop id=id data=data titled=i18n::board_heading fallback=Consultations::BoardTitle />
            <Load loader=data let:loaded>
                {match loaded {
                Err(e) => view! { <LoadError e=e /> }.into_any(),
                Ok((_, Err(e))) if e.code() == Some(ErrorCode::ConsultationNotOpen) => {
                    view! {
                        <div class="notice" data-testid="board-not-open">
                            <p>{app.t(Consultations::BoardNotOpen)}</p>
                        </div>
                    }
                        .into_any()
                }
                Ok((_, Err(e))) => view! { <LoadError e=e /> }.into_any(),
                Ok((c, Ok(board))) => view! { <BoardView id=c.id.clone() board=board /> }.into_any(),
                }}
            </Load>
        </div>
    }
}

#[component]
fn BoardView(id: String, board: Board) -> impl IntoView {
    let app = use_app();
    let board = StoredValue::new(board);
    let page = RwSignal::new(1_u32);
    // 0-based position of the ballot found by the tracker search.
    let found = RwSignal::new(None::<usize>);
    let (credentials, ballots, voters, status) =
        board.with_value(|b| (b.credentials, b.ballots, b.voters, b.status));
    let waiting = board.with_value(|b| b.waiting);
    let fingerprint = board.with_value(|b| b.fingerprint.clone());
    let receipt_key = board.with_value(|b| b.receipt_public_key.clone());
    let archive = api::archive_url(&id);
    let total = board.with_value(|b| b.board.len());
    let pages = page_count(total as u64, PER_PAGE);
    view! {
        <p class="lead">{app.t(Consultations::BoardIntro)}</p>
        <dl class="details board__counts" data-testid="board-counts">
            <div class="details__row">
                <dt>{app.t(Requests::ColStatus)}</dt>
                <dd><ConsultationBadge status=status /></dd>
            </div>
            <div class="details__row">
                <dt>{app.t(Consultations::BoardElectorate)}</dt>
                <dd data-testid="board-electorate">{credentials}</dd>
            </div>
            <div class="details__row">
                <dt>{app.t(Consultations::BoardBallots)}</dt>
                <dd data-testid="board-ballots">{ballots}</dd>
            </div>
            <div class="details__row">
                <dt>{app.t(Consultations::BoardVoters)}</dt>
                <dd data-testid="board-voters">{voters}</dd>
            </div>
            {(waiting > 0)
                .then(|| {
                    view! {
                        <div class="details__row">
                            <dt>{app.t(Consultations::BoardWaiting)}</dt>
                            <dd data-testid="board-waiting">{waiting}</dd>
                        </div>
                    }
                })}
            <div class="details__row">
                <dt>{app.t(Consultations::ConsultationFingerprint)}</dt>
                <dd><code class="fingerprint">{fingerprint}</code></dd>
            </div>
            {receipt_key
                .map(|k| {
                    view! {
                        <div class="details__row">
                            <dt>{app.t(Consultations::BoardReceiptKey)}</dt>
                            <dd><code class="fingerprint">{k}</code></dd>
                        </div>
                    }
                })}
        </dl>
        <TrackerSearch board=board page=page found=found />
        <ReceiptCheckForm id=id.clone() />
        <section aria-labelledby="trackers-title">
            <h2 id="trackers-title">{app.t(Consultations::BoardTrackersTitle)}</h2>
            {move || {
                if total == 0 {
                    return view! { <p class="empty-state" data-testid="board-empty">{app.t(Consultations::BoardEmpty)}</p> }
                        .into_any();
                }
                let current = page.get().clamp(1, pages);
                let start = (current as usize - 1) * PER_PAGE as usize;
                let rows = board.with_value(|b| {
                    b.board
                        .iter()
                        .enumerate()
                        .skip(start)
                        .take(PER_PAGE as usize)
                        .map(|(i, ballot)| {
                            let is_found = move || found.get() == Some(i);
                            let counted = ballot.counted;
                            view! {
                                <tr
                                    class:board__row--found=is_found
                                    class:table__row--muted=!counted
                                    data-testid="board-row"
                                    id=format!("ballot-{}", i + 1)
                                >
                                    <td class="table__number" data-label=app.t(Consultations::BoardColNumber)>{i + 1}</td>
                                    <th scope="row" class="table__title" data-label=app.t(Consultations::BoardColTracker)>
                                        <code class="fingerprint" data-testid="board-tracker">{ballot.tracker.clone()}</code>
                                        {move || {
                                            is_found()
                                                .then(|| {
                                                    view! {
                                                        <strong class="board__found-mark">
                                                            {app.t(Consultations::BoardFoundMark)}
                                                        </strong>
                                                    }
                                                })
                                        }}
                                    </th>
                                    <td data-label=app.t(Consultations::BoardColCounted)>
                                        {app.t(if counted { Consultations::BoardCounted } else { Consultations::BoardReplaced })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()
                });
                view! {
                    <div class="table-wrap" role="region" aria-labelledby="trackers-caption" tabindex="0">
                        <table class="table table--list table--stack board__table" data-testid="board-table">
                            <caption id="trackers-caption">
                                {move || i18n::board_caption(app.lang.get(), total, current, pages)}
                            </caption>
                            <thead>
                                <tr>
                                    <th scope="col">{app.t(Consultations::BoardColNumber)}</th>
                                    <th scope="col">{app.t(Consultations::BoardColTracker)}</th>
                                    <th scope="col">{app.t(Consultations::BoardColCounted)}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <BoardPager page=page pages=pages />
                }
                    .into_any()
            }}
        </section>
        <section aria-labelledby="archive-title">
            <h2 id="archive-title">{app.t(Consultations::BoardArchiveTitle)}</h2>
            <p>{app.t(Consultations::BoardArchiveText)}</p>
            <p>
                <a href=archive class="button button--secondary" download="" data-testid="board-archive">
                    {app.t(Consultations::BoardArchiveDownload)}
                </a>
            </p>
        </section>
    }
}

/// Previous / next buttons between pages of trackers.
#[component]
fn BoardPager(page: RwSignal<u32>, pages: u32) -> impl IntoView {
    let app = use_app();
    (pages > 1).then(|| {
        let go = move |to: u32| {
            page.set(to);
            request_animation_frame(|| focus_by_id("trackers-caption-focus"));
        };
        view! {
            <nav class="pagination" aria-label=app.t(Common::PaginationLabel)>
                <button
                    type="button"
                    class="button button--secondary button--small"
                    data-testid="board-prev"
                    aria-disabled=move || (page.get() <= 1).then_some("true")
                    on:click=move |_| {
                        if page.get_untracked() > 1 {
                            go(page.get_untracked() - 1);
                        }
                    }
                >
                    <span aria-hidden="true">"← "</span>
                    {app.t(Common::PreviousPage)}
                </button>
                <p class="pagination__current" id="trackers-caption-focus" tabindex="-1">
                    {move || i18n::page_of(app.lang.get(), page.get(), pages, false)}
                </p>
                <button
                    type="button"
                    class="button button--secondary button--small"
                    data-testid="board-next"
                    aria-disabled=move || (page.get() >= pages).then_some("true")
                    on:click=move |_| {
                        if page.get_untracked() < pages {
                            go(page.get_untracked() + 1);
                        }
                    }
                >
                    {app.t(Common::NextPage)}
                    <span aria-hidden="true">" →"</span>
                </button>
            </nav>
        }
    })
}

/// What the tracker search found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Search {
    Found { position: usize, counted: bool },
    Missing,
}

#[component]
fn TrackerSearch(
    board: StoredValue<Board>,
    page: RwSignal<u32>,
    found: RwSignal<Option<usize>>,
) -> impl IntoView {
    let app = use_app();
    let value = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FormError>::new());
    let outcome = RwSignal::new(None::<Search>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let tracker = value.get_untracked().trim().to_owned();
        if tracker.is_empty() {
            outcome.set(None);
            errors.set(vec![FormError::field(
                "tracker",
                Consultations::ErrTrackerRequired,
            )]);
            return;
        }
        errors.set(Vec::new());
        let hit = board.with_value(|b| {
            b.board
                .iter()
                .enumerate()
                .filter(|(_, ballot)| ballot.tracker == tracker)
                .map(|(i, ballot)| (i, ballot.counted))
                .next_back()
        });
        match hit {
            Some((i, counted)) => {
                found.set(Some(i));
                page.set(u32::try_from(i).unwrap_or(u32::MAX) / PER_PAGE + 1);
                outcome.set(Some(Search::Found {
                    position: i + 1,
                    counted,
                }));
            }
            None => {
                found.set(None);
                outcome.set(Some(Search::Missing));
            }
        }
    };
    let has_error = move || error_for(errors, "tracker").is_some();
    view! {
        <section aria-labelledby="find-title" class="board__tool">
            <h2 id="find-title">{app.t(Consultations::BoardFindTitle)}</h2>
            <form class="form form--compact" novalidate on:submit=on_submit data-testid="tracker-form">
                <div class="field" class:field--error=has_error>
                    <label for="tracker" class="field__label">{app.t(Consultations::FieldTracker)}</label>
                    <p class="field__hint" id="tracker-hint">{app.t(Consultations::HintTracker)}</p>
                    {move || {
                        error_for(errors, "tracker")
                            .map(|msg| {
                                view! {
                                    <p class="field__error" id="tracker-error">
                                        {move || msg.render(app.lang.get())}
                                    </p>
                                }
                            })
                    }}
                    <input
                        class="field__input"
                        id="tracker"
                        name="tracker"
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        aria-invalid=move || has_error().then_some("true")
                        aria-describedby=move || {
                            if has_error() { "tracker-hint tracker-error" } else { "tracker-hint" }
                        }
                        bind:value=value
                    />
                </div>
                <button type="submit" class="button button--primary" data-testid="tracker-submit">
                    {app.t(Consultations::BoardFindSubmit)}
                </button>
            </form>
            <div role="status" class="status-region" data-testid="tracker-status">
                {move || {
                    outcome
                        .get()
                        .map(|o| {
                            let (class, text) = match o {
                                Search::Found { position, counted } => (
                                    "notice notice--success",
                                    Signal::derive(move || {
                                        i18n::tracker_found(app.lang.get(), position, counted)
                                    }),
                                ),
                                Search::Missing => (
                                    "notice notice--error",
                                    Signal::derive(move || {
                                        Consultations::BoardTrackerMissing.text(app.lang.get()).to_owned()
                                    }),
                                ),
                            };
                            view! {
                                <p class=class data-testid="tracker-result" data-found=matches!(o, Search::Found { .. }).to_string()>
                                    {move || text.get()}
                                </p>
                            }
                        })
                }}
            </div>
        </section>
    }
}

#[component]
fn ReceiptCheckForm(id: String) -> impl IntoView {
    let app = use_app();
    let text = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FormError>::new());
    let pending = RwSignal::new(false);
    let check = RwSignal::new(None::<ReceiptCheck>);
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        spawn_local(async move {
            match browser::file_text(&file).await {
                Some(content) => {
                    text.set(content);
                    errors.set(Vec::new());
                }
                None => errors.set(vec![FormError::field(
                    "receipt",
                    Consultations::ErrReceiptInvalid,
                )]),
            }
        });
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        check.set(None);
        let raw = text.get_untracked();
        if raw.trim().is_empty() {
            errors.set(vec![FormError::field(
                "receipt",
                Consultations::ErrReceiptRequired,
            )]);
            return;
        }
        let Ok(receipt) = serde_json::from_str::<BallotReceipt>(raw.trim()) else {
            errors.set(vec![FormError::field(
                "receipt",
                Consultations::ErrReceiptInvalid,
            )]);
            return;
        };
        errors.set(Vec::new());
        pending.set(true);
        let id = id.clone();
        spawn_local(async move {
            let result = api::verify_receipt(&id, &receipt).await;
            pending.set(false);
            match result {
                Ok(c) => check.set(Some(c)),
                Err(e) => errors.set(vec![FormError {
                    field: None,
                    msg: Msg::Api(e),
                }]),
            }
        });
    };
    let has_error = move || error_for(errors, "receipt").is_some();
    view! {
        <section aria-labelledby="receipt-check-title" class="board__tool">
            <h2 id="receipt-check-title">{app.t(Consultations::ReceiptCheckTitle)}</h2>
            <p>{app.t(Consultations::ReceiptCheckIntro)}</p>
            <ErrorSummary errors=errors id="receipt-errors" />
            <form class="form form--compact" novalidate on:submit=on_submit data-testid="receipt-form">
                <div class="field">
                    <label for="receipt-file" class="field__label">{app.t(Consultations::FieldReceiptFile)}</label>
                    <input
                        class="field__file"
                        id="receipt-file"
                        name="receipt-file"
                        type="file"
                        accept="application/json,.json"
                        data-testid="receipt-file"
                        on:change=on_file
                    />
                </div>
                <div class="field" class:field--error=has_error>
                    <label for="receipt" class="field__label">{app.t(Consultations::FieldReceipt)}</label>
                    {move || {
                        error_for(errors, "receipt")
                            .map(|msg| {
                                view! {
                                    <p class="field__error" id="receipt-error">
                                        {move || msg.render(app.lang.get())}
                                    </p>
                                }
                            })
                    }}
                    <textarea
                        class="field__input field__textarea receipt__text"
                        id="receipt"
                        name="receipt"
                        rows="6"
                        spellcheck="false"
                        aria-invalid=move || has_error().then_some("true")
                        aria-describedby=move || has_error().then_some("receipt-error")
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    ></textarea>
                </div>
                <button
                    type="submit"
                    class="button button--primary"
                    data-testid="receipt-submit"
                    aria-disabled=move || pending.get().then_some("true")
                >
                    {app.t(Consultations::ReceiptCheckSubmit)}
                </button>
            </form>
            <div role="status" class="status-region" data-testid="receipt-check">
                {move || {
                    check
                        .get()
                        .map(|c| {
                            // A waiting ballot is accepted: it reaches the board with its batch.
                            let in_box = c.on_board || c.waiting;
                            let all = c.this_election && c.signature_valid && in_box;
                            let line = |ok: bool, yes: Consultations, no: Consultations, testid: &'static str| {
                                view! {
                                    <li data-testid=testid data-ok=ok.to_string()>
                                        <span aria-hidden="true" class="check-mark">{if ok { "✓ " } else { "✗ " }}</span>
                                        {app.t(if ok { yes } else { no })}
                                    </li>
                                }
                            };
                            view! {
                                <div class=if all { "notice notice--success" } else { "notice notice--error" }>
                                    <p class="notice__title">
                                        {app.t(if all { Consultations::ReceiptCheckAllGood } else { Consultations::ReceiptCheckProblem })}
                                    </p>
                                    <ul class="check-list">
                                        {line(c.this_election, Consultations::ReceiptThisElection, Consultations::ReceiptOtherElection, "check-election")}
                                        {line(c.signature_valid, Consultations::ReceiptSignatureValid, Consultations::ReceiptSignatureInvalid, "check-signature")}
                                        {line(
                                            in_box,
                                            if c.waiting { Consultations::ReceiptWaiting } else { Consultations::ReceiptOnBoard },
                                            Consultations::ReceiptNotOnBoard,
                                            "check-board",
                                        )}
                                    </ul>
                                </div>
                            }
                        })
                }}
            </div>
        </section>
    }
}
