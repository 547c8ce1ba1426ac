//! The page's single `<h1>`, which also sets the browser tab title.

use leptos::html;
use leptos::prelude::*;

use crate::i18n::{Key, Text, document_title};
use crate::state::use_app;

/// The `<h1>` of a page (`tabindex="-1"`, id `page-title`).
///
/// Sets `document.title` to "<title> — Voix — <town>" (kept up to date when the language or
/// the town name changes) and, after a client-side navigation, moves keyboard focus to the
/// heading so that screen reader users hear where they arrived.
#[component]
pub fn PageHeading(
    /// The heading text.
    #[prop(into)]
    title: Key,
    /// The tab title, when it should differ from the heading.
    #[prop(optional, into)]
    doc_title: Option<Key>,
) -> impl IntoView {
    let app = use_app();
    let node = NodeRef::<html::H1>::new();
    let doc_key = doc_title.unwrap_or(title);
    Effect::new(move |_| {
        let lang = app.lang.get();
        let title = app.town.with(|town| {
            document_title(doc_key.text(lang), town.as_ref().map(|t| t.name.as_str()))
        });
        document().set_title(&title);
    });
    if app.heading_should_take_focus() {
        node.on_load(|h1| {
            request_animation_frame(move || {
                let _ = h1.focus();
            });
        });
    }
    view! {
        <h1 id="page-title" tabindex="-1" node_ref=node data-testid="page-title">
            {app.t(title)}
        </h1>
    }
}

/// Like [`PageHeading`], for a heading built at run time (e.g. "Demande 2026-000123").
#[component]
pub fn PageHeadingText(
    /// The heading text, in the current language.
    #[prop(into)]
    text: Signal<String>,
) -> impl IntoView {
    let app = use_app();
    let node = NodeRef::<html::H1>::new();
    Effect::new(move |_| {
        let page = text.get();
        let title = app
            .town
            .with(|town| document_title(&page, town.as_ref().map(|t| t.name.as_str())));
        document().set_title(&title);
    });
    if app.heading_should_take_focus() {
        node.on_load(|h1| {
            request_animation_frame(move || {
                let _ = h1.focus();
            });
        });
    }
    view! {
        <h1 id="page-title" tabindex="-1" node_ref=node data-testid="page-title">
            {move || text.get()}
        </h1>
    }
}
