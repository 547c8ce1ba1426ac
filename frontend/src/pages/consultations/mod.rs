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

use leptos::prelude::*;
use protocol::ErrorCode;
use protocol::consultations::ConsultationStatus;

use crate::api::ApiError;
use crate::i18n::{Consultations, Text};
use crate::state::use_app;

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
