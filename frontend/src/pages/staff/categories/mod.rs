//! `/staff/categories`: the town's request categories, grouped, active and retired; a form to
//! create one or change one, with its extra questions (Open311 attributes): added, removed and
//! reordered with buttons, each with its answer type and, for list types, its choices.
//!
//! The form's ids are stable for the life of the form (`q<n>-…` for a question, `q<n>-c<m>-…`
//! for a choice, numbered in order of creation), so that moving a question keeps keyboard focus
//! on the button that moved it.

mod editors;
mod form;
mod form_state;
mod list;

use editors::*;
use form::*;
use form_state::*;
use list::*;

use std::collections::HashSet;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::ErrorCode;
use protocol::requests::{
    AttributeChoice, AttributeDef, AttributeType, Category, CategoryInput, Localized,
};

use crate::api::ApiError;
use crate::api::staff as api;
use crate::components::rows::{self, Removal, Row, RowButtons, RowHandle, forget_errors};
use crate::components::{
    Checkbox, ErrorSummary, FormError, FormField, Load, LoadFailed, Loader, Msg, PageHeading,
    focus_by_id,
};
use crate::format::{char_count, intern};
use crate::i18n::{self, Common, Key, Requests, Staff, Text};
use crate::pages::requests::fields::{TextAreaField, error_for};
use crate::pages::staff::RoleGate;
use crate::state::use_app;

/// Every answer type, in the order the select lists them.
pub(super) const TYPES: [AttributeType; 6] = [
    AttributeType::String,
    AttributeType::Text,
    AttributeType::Number,
    AttributeType::Datetime,
    AttributeType::Singlevaluelist,
    AttributeType::Multivaluelist,
];

/// The server's limits (`backend/src/requests/validate.rs`).
pub(super) const MAX_ATTRIBUTES: usize = 20;
pub(super) const NAME_MAX: usize = 100;
pub(super) const GROUP_MAX: usize = 100;
pub(super) const KEYWORDS_MAX: usize = 300;
pub(super) const DESCRIPTION_MAX: usize = 1000;
pub(super) const LABEL_MAX: usize = 200;

/// The id the attributes section's errors point at (its heading).
pub(super) const ATTRIBUTES_ID: &str = "attributes-title";

/// What the page shows.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Mode {
    List,
    New,
    Edit(Box<Category>),
}

/// The categories page.
#[component]
pub fn CategoriesPage() -> impl IntoView {
    let app = use_app();
    view! {
        <div class="page page--wide">
            <PageHeading title=Staff::CategoriesTitle />
            <p class="lead">{app.t(Staff::CategoriesIntro)}</p>
            <RoleGate allow={protocol::api::Role::is_staff}>
                <Categories />
            </RoleGate>
        </div>
    }
}

#[component]
fn Categories() -> impl IntoView {
    let app = use_app();
    let mode = RwSignal::new(Mode::List);
    let notice = RwSignal::new(None::<Key>);
    // Where keyboard focus goes when the list comes back (the edited category's button).
    let focus_after = StoredValue::new(None::<String>);
    view! {
        <div role="status" class="status-region">
            {move || notice.get().map(|k| view! { <p class="notice notice--success" data-testid="category-saved">{app.t(k)}</p> })}
        </div>
        {move || match mode.get() {
            Mode::List => view! { <CategoryList mode=mode notice=notice focus_after=focus_after /> }.into_any(),
            Mode::New => {
                view! { <CategoryForm initial=None mode=mode notice=notice focus_after=focus_after /> }.into_any()
            }
            Mode::Edit(c) => {
                view! { <CategoryForm initial=Some(*c) mode=mode notice=notice focus_after=focus_after /> }
                    .into_any()
            }
        }}
    }
}
