//! `/consultations` and `/consultations/:id`: the town's consultative ballots, as residents
//! and the public read them (status, dates, questions, who may vote, who holds the keys);
//! `/consultations/:id/vote` (the voting booth: ballot encrypted in the browser),
//! `/consultations/:id/board` (the public bulletin board, receipt check, archive) and
//! `/consultations/:id/results` (the published result, chart, table and CSV).

pub mod ballot;
mod board;
mod browser;
mod detail;
mod list;
pub mod results;
mod vote;

pub use board::BoardPage;
pub use detail::ConsultationPage;
pub use list::ConsultationsPage;
pub use results::ResultsPage;
pub use vote::VotePage;

use std::future::Future;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use protocol::ErrorCode;
use protocol::api::Language;
use protocol::consultations::{ConsultationDetail, ConsultationStatus};

use crate::api::ApiError;
use crate::api::consultations as api;
use crate::components::{Loader, PageHeadingText};
use crate::i18n::{Consultations, Key, Text};
use crate::state::use_app;

/// A consultation and one more thing about it (its board, its results), for the pages under
/// `/consultations/:id/`; `Err` when the consultation itself could not be read.
type WithConsultation<T> = Result<(ConsultationDetail, Result<T, ApiError>), ApiError>;

/// Loads the consultation of the route's `:id`, then `more` of it.
fn load_with_consultation<T, F, Fut>(more: F) -> (Memo<String>, Loader<WithConsultation<T>>)
where
    T: Send + Sync + 'static,
    F: Fn(String) -> Fut + Copy + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let data = Loader::new(
        move || id.get(),
        move |id| async move {
            match api::get(&id).await {
                Ok(c) => Ok((c, more(id).await)),
                Err(e) => Err(e),
            }
        },
    );
    (id, data)
}

/// The top of a page under `/consultations/:id/`: the way back to the consultation, then the
/// heading — `titled` of the consultation's title once it is known, `fallback` until then.
#[component]
fn SubpageTop<T: Send + Sync + 'static>(
    id: Memo<String>,
    data: Loader<WithConsultation<T>>,
    titled: fn(Language, &str) -> String,
    #[prop(into)] fallback: Key,
) -> impl IntoView {
    let app = use_app();
    let heading = Signal::derive(move || {
        let lang = app.lang.get();
        data.with(|d| match d {
            Some(Ok((c, _))) => titled(lang, c.title.get(lang)),
            _ => fallback.text(lang).to_owned(),
        })
    });
    view! {
        <p class="breadcrumb">
            <A href=move || format!("/consultations/{}", id.get())>{app.t(Consultations::VoteBackToConsultation)}</A>
        </p>
        <PageHeadingText text=heading />
    }
}

/// Why a consultation page could not load: "no such consultation" for a 404, the server's
/// message otherwise. One notice for every consultation page.
#[component]
fn LoadError(e: ApiError) -> impl IntoView {
    let app = use_app();
    let not_found = e.code() == Some(ErrorCode::NotFound);
    view! {
        <div class="notice notice--error" role="alert" data-testid="consultation-error">
            <p>
                {move || {
                    if not_found {
                        Consultations::ConsultationNotFound.text(app.lang.get()).to_owned()
                    } else {
                        e.user_message(app.lang.get())
                    }
                }}
            </p>
        </div>
    }
}

/// The label of a status.
pub fn status_key(status: ConsultationStatus) -> Consultations {
    match status {
        ConsultationStatus::Draft => Consultations::ConsultationDraft,
        ConsultationStatus::KeyCeremony => Consultations::ConsultationKeyCeremony,
        ConsultationStatus::Open => Consultations::ConsultationOpen,
        ConsultationStatus::Closed => Consultations::ConsultationClosed,
        ConsultationStatus::Tallying => Consultations::ConsultationTallying,
        ConsultationStatus::Published => Consultations::ConsultationPublished,
    }
}

/// A consultation's status as a badge (text, not colour alone).
#[component]
pub fn ConsultationBadge(status: ConsultationStatus) -> impl IntoView {
    let app = crate::state::use_app();
    let class = format!(
        "status-badge status-badge--consultation-{}",
        status.as_str()
    );
    view! {
        <span class=class data-status=status.as_str()>
            {app.t(status_key(status))}
        </span>
    }
}
