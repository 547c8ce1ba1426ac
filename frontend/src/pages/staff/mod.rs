//! The staff's back-office pages beyond the request queue: categories (`/staff/categories`),
//! flagged content (`/staff/flags`) and, for administrators, the audit log (`/admin/audit`).

pub mod audit;
pub mod categories;
pub mod consultations;
pub mod flags;

use leptos::prelude::*;

use crate::components::Loading;
use protocol::ErrorCode;
use protocol::api::Role;

use crate::pages::requests::role;
use crate::state::use_app;

pub use audit::AuditPage;
pub use categories::CategoriesPage;
pub use consultations::{NewConsultationPage, StaffConsultationPage, StaffConsultationsPage};
pub use flags::FlagsPage;

/// Shows `children` once the signed-in account's role passes `allow`; "Chargement…" until the
/// session is known, a refusal otherwise (anonymous visitors are sent to the sign-in page).
/// The children are built once: a session refresh that keeps the role does not rebuild them.
#[component]
pub fn RoleGate(allow: fn(Role) -> bool, children: ChildrenFn) -> impl IntoView {
    let app = use_app();
    crate::sign_in::require_session(app, None);
    let allowed = Memo::new(move |_| role(app).map(allow));
    move || match allowed.get() {
        None => view! { <Loading /> }.into_any(),
        Some(false) => view! {
            <div class="notice notice--error" role="alert" data-testid="forbidden">
                <p>{app.t(ErrorCode::Forbidden)}</p>
            </div>
        }
        .into_any(),
        Some(true) => children().into_any(),
    }
}
