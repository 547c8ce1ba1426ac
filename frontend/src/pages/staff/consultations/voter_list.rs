//! A draft's uploaded voter list.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::Language;
use protocol::consultations::{VoterListRejected, VoterListSummary};

use crate::api::staff_consultations::{self as api, VoterUpload};
use crate::components::RejectedRowsTable;
use crate::components::{Msg, focus_by_id};
use crate::state::use_app;

use super::*;

/// The voter list upload (CSV), with the server's row-by-row report when it refuses the file.
#[component]
pub(super) fn VoterListSection(id: String, detail: Detail) -> impl IntoView {
    let app = use_app();
    let input = NodeRef::<html::Input>::new();
    let pending = RwSignal::new(false);
    let stored = RwSignal::new(None::<VoterListSummary>);
    let rejected = RwSignal::new(None::<VoterListRejected>);
    let error = RwSignal::new(None::<Msg>);
    let current = move || {
        detail.with(|d| {
            d.and_then(|d| d.as_ref().ok())
                .and_then(|d| d.voter_list.clone())
        })
    };
    let upload = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let file = input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0));
        let Some(file) = file else {
            error.set(Some(Msg::Key(Setup::ErrVoterFileRequired.into())));
            request_animation_frame(|| focus_by_id("voter-file"));
            return;
        };
        error.set(None);
        rejected.set(None);
        stored.set(None);
        pending.set(true);
        let id = id.clone();
        spawn_local(async move {
            let result = api::upload_voters(&id, &file).await;
            pending.set(false);
            match result {
                Ok(VoterUpload::Stored(summary)) => {
                    stored.set(Some(summary.clone()));
                    detail.update(|d| {
                        if let Ok(d) = d {
                            d.voter_list = Some(summary);
                        }
                    });
                }
                Ok(VoterUpload::Rejected(r)) => {
                    rejected.set(Some(r));
                    request_animation_frame(|| focus_by_id("voters-rejected-title"));
                }
                Err(e) => error.set(Some(Msg::Api(e))),
            }
        });
    };
    let summary_text =
        |s: &VoterListSummary, lang: Language| i18n::voter_summary(lang, s.voters, s.total_weight);
    view! {
        <section class="section voter-list" aria-labelledby="voters-title">
            <h2 id="voters-title">{app.t(Setup::VoterList)}</h2>
            <p>
                {app.t(Setup::VoterListHint)}
            </p>
            <p data-testid="voters-current">
                {move || {
                    let lang = app.lang.get();
                    match current() {
                        Some(s) => format!("{} {}", Setup::CurrentList.text(lang), summary_text(&s, lang)),
                        None => Setup::NoListUploaded.text(lang).to_owned(),
                    }
                }}
            </p>
            <form class="form" novalidate on:submit=upload data-testid="voters-form">
                <div class="field" class:field--error=move || error.with(Option::is_some)>
                    <label for="voter-file" class="field__label">{app.t(Setup::VotersCSVFile)}</label>
                    <div role="alert">
                        {move || error.get().map(|m| view! { <p class="field__error" id="voter-file-error">{m.render(app.lang.get())}</p> })}
                    </div>
                    <input
                        type="file"
                        id="voter-file"
                        name="voter-file"
                        accept=".csv,text/csv,text/plain"
                        class="field__file"
                        node_ref=input
                        aria-describedby=move || error.with(Option::is_some).then_some("voter-file-error")
                    />
                </div>
                <button type="submit" class="button button--secondary" data-testid="voters-upload" aria-disabled=move || pending.get().then_some("true")>
                    {move || if pending.get() { app.t(Setup::Uploading)() } else { app.t(Setup::UploadList)() }}
                </button>
            </form>
            <div role="status" class="status-region">
                {move || stored.get().map(|s| view! {
                    <p class="notice notice--success" data-testid="voters-stored">
                        {move || format!("{} {}", Setup::ListUploaded.text(app.lang.get()), summary_text(&s, app.lang.get()))}
                    </p>
                })}
            </div>
            {move || rejected.get().map(|r| {
                view! {
                    <div class="notice notice--error" data-testid="voters-rejected">
                        <h3 id="voters-rejected-title" tabindex="-1">{app.t(Setup::VoterFileRefused)}</h3>
                        <p>{r.message.clone()}</p>
                        <RejectedRowsTable rows=r.rejected.clone() />
                    </div>
                }
            })}
        </section>
    }
}
