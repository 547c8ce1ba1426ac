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
use protocol::consultations::ConsultationStatus;

use crate::i18n::Key;

/// The label of a status.
pub fn status_key(status: ConsultationStatus) -> Key {
    match status {
        ConsultationStatus::Draft => Key::ConsultationDraft,
        ConsultationStatus::KeyCeremony => Key::ConsultationKeyCeremony,
        ConsultationStatus::Open => Key::ConsultationOpen,
        ConsultationStatus::Closed => Key::ConsultationClosed,
        ConsultationStatus::Tallying => Key::ConsultationTallying,
        ConsultationStatus::Published => Key::ConsultationPublished,
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
