//! Service requests: filing (`/requests/new`), the resident's list (`/requests/mine`), a
//! request's page (`/requests/:number`, with the staff view and actions for staff) and the staff
//! queue (`/staff/requests`). Shared pieces live here.

pub mod detail;
pub mod fields;
pub mod map;
pub mod my_requests;
pub mod new_request;
pub mod pagination;
pub mod staff_actions;
pub mod staff_queue;

use leptos::prelude::*;
use protocol::api::Role;
use protocol::requests::{EventKind, RequestStatus};

use crate::i18n::Requests;
use crate::state::AppState;

pub use detail::RequestPage;
pub use my_requests::MyRequestsPage;
pub use new_request::NewRequestPage;
pub use staff_queue::StaffQueuePage;

/// The signed-in account's role, once known.
pub fn role(app: AppState) -> Option<Role> {
    app.session.with(|s| s.me().map(|me| me.role))
}

/// The label of a timeline entry's kind.
pub fn event_kind_key(kind: EventKind) -> Requests {
    match kind {
        EventKind::Submitted => Requests::EventSubmitted,
        EventKind::Status => Requests::EventStatus,
        EventKind::PublicUpdate => Requests::EventPublicUpdate,
        EventKind::InternalNote => Requests::EventInternalNote,
        EventKind::Comment => Requests::EventComment,
        EventKind::Assignment => Requests::EventAssignment,
        EventKind::Reopened => Requests::EventReopened,
    }
}

/// A status as a badge: the text says it, the colour only repeats it.
#[component]
pub fn StatusBadge(status: RequestStatus) -> impl IntoView {
    let app = crate::state::use_app();
    let class = format!("status-badge status-badge--{}", status.as_str());
    view! {
        <span class=class data-status=status.as_str()>
            {app.t(status)}
        </span>
    }
}
