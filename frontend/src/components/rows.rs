//! Rows the staff add, move and remove with buttons (a category's questions and choices, a
//! consultation's questions and answers): the list operations, the move buttons with what they
//! announce and where keyboard focus goes, and the removal with its announcement.
//!
//! A row is known by a number stable for the life of the form; its controls' ids embed it, so
//! moving a row keeps keyboard focus on the button that moved it.

use leptos::prelude::*;
use protocol::api::Language;

use crate::components::{FormError, Msg, focus_by_id};
use crate::i18n::{Common, Key, QuestionAction};
use crate::state::use_app;

/// A row of an editable list.
pub trait Row: Copy + Send + Sync + 'static {
    /// Its number, stable while the form lives.
    fn row_id(&self) -> u32;
}

/// The 0-based place of row `id` (0 once it is gone).
pub fn position<T: Row>(rows: RwSignal<Vec<T>>, id: u32) -> Signal<usize> {
    Signal::derive(move || {
        rows.with(|v| v.iter().position(|r| r.row_id() == id))
            .unwrap_or(0)
    })
}

/// Moves row `id` by `delta` places: its new place and the number of rows, or `None` at an end.
pub fn shift<T: Row>(rows: RwSignal<Vec<T>>, id: u32, delta: isize) -> Option<(usize, usize)> {
    let mut moved = None;
    rows.update(|v| {
        if let Some(i) = v.iter().position(|r| r.row_id() == id)
            && let Some(j) = i.checked_add_signed(delta).filter(|j| *j < v.len())
        {
            v.swap(i, j);
            moved = Some((j, v.len()));
        }
    });
    moved
}

/// Drops the errors of fields that are gone. The errors only change when one matches: any
/// change re-focuses the error summary.
pub fn forget_errors(errors: RwSignal<Vec<FormError>>, gone: impl Fn(&str) -> bool) {
    let matches = |e: &FormError| e.field.is_some_and(&gone);
    if errors.with_untracked(|errs| errs.iter().any(matches)) {
        errors.update(|errs| errs.retain(|e| !matches(e)));
    }
}

/// What removing a row says and where focus goes next.
pub struct Removal {
    /// The ids of the row's fields start with this: their errors go with it.
    pub field_prefix: String,
    /// Announced once it is gone.
    pub removed: Key,
    /// The control to focus: given the row now in its place (the next, else the last), or
    /// `None` when the list is empty.
    pub focus: Box<dyn Fn(Option<u32>) -> &'static str>,
}

impl std::fmt::Debug for Removal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Removal")
            .field("field_prefix", &self.field_prefix)
            .field("removed", &self.removed)
            .finish_non_exhaustive()
    }
}

/// Removes row `id` with its errors, says so and moves focus as `removal` tells.
pub fn remove<T: Row>(
    rows: RwSignal<Vec<T>>,
    id: u32,
    errors: RwSignal<Vec<FormError>>,
    announce: RwSignal<Option<Msg>>,
    removal: Removal,
) {
    let mut next = None;
    rows.update(|v| {
        if let Some(i) = v.iter().position(|r| r.row_id() == id) {
            v.remove(i);
            next = v.get(i).or_else(|| v.last()).map(Row::row_id);
        }
    });
    removed(next, errors, announce, removal);
}

/// What follows a removal: the row's errors go, the removal is said, focus moves on.
fn removed(
    next: Option<u32>,
    errors: RwSignal<Vec<FormError>>,
    announce: RwSignal<Option<Msg>>,
    removal: Removal,
) {
    forget_errors(errors, |f| f.starts_with(&removal.field_prefix));
    announce.set(Some(Msg::Key(removal.removed)));
    let target = (removal.focus)(next);
    request_animation_frame(move || focus_by_id(target));
}

/// Row `id` of a list, seen by its buttons whatever the rows' type, so that the buttons' code
/// exists once in the SPA however many kinds of list use them.
#[derive(Debug, Clone, Copy)]
pub struct RowHandle {
    /// The row's 0-based place.
    place: Signal<usize>,
    /// How many rows the list has.
    count: Signal<usize>,
    /// Moves the row by a number of places (see [`shift`]).
    shift: Callback<isize, Option<(usize, usize)>>,
    /// Removes the row; the row now in its place (the next, else the last), if any.
    remove: Callback<(), Option<u32>>,
}

impl RowHandle {
    pub fn new<T: Row>(rows: RwSignal<Vec<T>>, id: u32) -> Self {
        Self {
            place: position(rows, id),
            count: Signal::derive(move || rows.with(Vec::len)),
            shift: Callback::new(move |delta| shift(rows, id, delta)),
            remove: Callback::new(move |()| {
                let mut next = None;
                rows.update(|v| {
                    if let Some(i) = v.iter().position(|r| r.row_id() == id) {
                        v.remove(i);
                        next = v.get(i).or_else(|| v.last()).map(Row::row_id);
                    }
                });
                next
            }),
        }
    }
}

/// The "move up" and "move down" buttons of a row. A move is announced with `moved`; focus
/// stays on the button used, or goes to the other one when the row reached an end.
#[component]
pub fn MoveButtons(
    row: RowHandle,
    up_id: &'static str,
    down_id: &'static str,
    /// Each button's accessible name ("Monter la question 2").
    label: Callback<(Language, QuestionAction), String>,
    /// Announced after a move, given the new 1-based place and the number of rows.
    moved: fn(Language, usize, usize) -> String,
    announce: RwSignal<Option<Msg>>,
    /// Their `data-testid`s are `<testid>-up` and `<testid>-down`.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// Only the arrows show (the accessible names still say everything).
    #[prop(optional)]
    arrows_only: bool,
) -> impl IntoView {
    let app = use_app();
    let is_first = move || row.place.get() == 0;
    let is_last = move || row.place.get() + 1 >= row.count.get();
    let go = move |delta: isize, button: &'static str, other: &'static str| {
        if let Some((j, len)) = row.shift.run(delta) {
            announce.set(Some(Msg::each(|lang| moved(lang, j + 1, len))));
            let at_end = (delta < 0 && j == 0) || (delta > 0 && j + 1 == len);
            let target = if at_end { other } else { button };
            request_animation_frame(move || focus_by_id(target));
        }
    };
    let verb = move |key: Common| (!arrows_only).then(|| view! { {app.t(key)} });
    let (up, down) = if arrows_only {
        ("↑", "↓")
    } else {
        ("↑\u{a0}", "↓\u{a0}")
    };
    view! {
        <button
            type="button"
            id=up_id
            class="button button--secondary button--small"
            aria-label=move || label.run((app.lang.get(), QuestionAction::Up))
            aria-disabled=move || is_first().then_some("true")
            data-testid=testid.map(|t| format!("{t}-up"))
            on:click=move |_| go(-1, up_id, down_id)
        >
            <span aria-hidden="true">{up}</span>
            {verb(Common::MoveUp)}
        </button>
        <button
            type="button"
            id=down_id
            class="button button--secondary button--small"
            aria-label=move || label.run((app.lang.get(), QuestionAction::Down))
            aria-disabled=move || is_last().then_some("true")
            data-testid=testid.map(|t| format!("{t}-down"))
            on:click=move |_| go(1, down_id, up_id)
        >
            <span aria-hidden="true">{down}</span>
            {verb(Common::MoveDown)}
        </button>
    }
}

/// The buttons of a row: move up, move down (see [`MoveButtons`]) and remove (see [`remove`]).
/// Their ids are `<ids>up`, `<ids>down` and `<ids>remove`, their `data-testid`s
/// `<testid>-up`, `<testid>-down` and `<testid>-remove`.
#[component]
pub fn RowButtons(
    row: RowHandle,
    /// The start of the buttons' ids: `cq3-`, `q3-c7-`.
    ids: &'static str,
    testid: &'static str,
    /// Each button's accessible name ("Retirer la question 2").
    label: Callback<(Language, QuestionAction), String>,
    /// Announced after a move, given the new 1-based place and the number of rows.
    moved: fn(Language, usize, usize) -> String,
    /// The remove button's visible text.
    remove_text: Key,
    /// What removing says and where focus goes, made when the button is pressed.
    removal: Callback<(), Removal>,
    errors: RwSignal<Vec<FormError>>,
    announce: RwSignal<Option<Msg>>,
    /// Only the arrows of the move buttons show.
    #[prop(optional)]
    arrows_only: bool,
) -> impl IntoView {
    let app = use_app();
    let id_of = |part: &str| crate::format::intern(format!("{ids}{part}"));
    let on_remove = move |_| {
        let next = row.remove.run(());
        removed(next, errors, announce, removal.run(()));
    };
    view! {
        <MoveButtons
            row=row
            up_id=id_of("up")
            down_id=id_of("down")
            label=label
            moved=moved
            announce=announce
            testid=testid
            arrows_only=arrows_only
        />
        <button
            type="button"
            id=id_of("remove")
            class="button button--link button--danger-link"
            aria-label=move || label.run((app.lang.get(), QuestionAction::Remove))
            data-testid=format!("{testid}-remove")
            on:click=on_remove
        >
            {app.t(remove_text)}
        </button>
    }
}

/// Hands out the numbers of a form's rows, each once.
#[derive(Debug, Clone, Copy)]
pub struct RowNumbers(StoredValue<u32>);

impl RowNumbers {
    pub fn new() -> Self {
        Self(StoredValue::new(0))
    }

    pub fn next(self) -> u32 {
        let n = self.0.get_value();
        self.0.set_value(n + 1);
        n
    }
}

impl Default for RowNumbers {
    fn default() -> Self {
        Self::new()
    }
}
