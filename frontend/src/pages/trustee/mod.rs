//! The key holders' pages (`docs/consultations.md`, "The officials' key ceremony"):
//!
//! * `/trustee`: the consultations of which the signed-in official holds a key, with what it
//!   has to do;
//! * `/trustee/:id`: the ceremony's progress and the official's current step, computed in the
//!   browser by `protocol::consultations::trustee` (protocol compiled to wasm; Belenios spec
//!   "Public-key infrastructure", "Polynomials", "Voutputs", "Partial decryptions").
//!
//! Step 1 generates the key in the browser and **downloads** it as a file (a `Blob`); only the
//! certificate is sent. Every later step asks for that file (a file input), reads it in the
//! browser and sends only the computed public message. The key is never sent.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use protocol::ErrorCode;
use protocol::belenios::rng::OsRandom;
use protocol::consultations::{
    CeremonyState, ConsultationStatus, TrusteeConsultation, TrusteeMessage, TrusteeTask,
    TrusteeWork, trustee,
};
use wasm_bindgen::{JsCast, JsValue};

use crate::api::ApiError;
use crate::api::trustee as api;
use crate::components::{Load, Loader, PageHeadingText};
use crate::i18n::Text;
use crate::i18n::trustee::{Trustee, page_heading, position_text, step_label, task_label};
use crate::state::use_app;

/// Makes the browser save `content` as the file `name` (a `Blob` behind a temporary
/// `download` link). Returns false when the browser refused.
fn save_file(name: &str, content: &str) -> bool {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/octet-stream");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let document = document();
    let saved = (|| -> Option<()> {
        let a = document.create_element("a").ok()?;
        a.set_attribute("href", &url).ok()?;
        a.set_attribute("download", name).ok()?;
        a.set_attribute("hidden", "").ok()?;
        document.body()?.append_child(&a).ok()?;
        a.dyn_ref::<web_sys::HtmlElement>()?.click();
        a.remove();
        Some(())
    })()
    .is_some();
    let release = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(release.unchecked_ref(), 10_000);
    saved
}

/// Resolves after `ms` milliseconds, so the page shows "computing…" before the work starts.
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

async fn file_text(file: &web_sys::File) -> Option<String> {
    wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()?
        .as_string()
}

fn status_text(status: ConsultationStatus, lang: protocol::api::Language) -> &'static str {
    use protocol::api::Language::{En, Fr};
    match (status, lang) {
        (ConsultationStatus::Draft, Fr) => "Brouillon",
        (ConsultationStatus::Draft, En) => "Draft",
        (ConsultationStatus::KeyCeremony, Fr) => "Création de la clé",
        (ConsultationStatus::KeyCeremony, En) => "Key ceremony",
        (ConsultationStatus::Open, Fr) => "Scrutin ouvert",
        (ConsultationStatus::Open, En) => "Voting open",
        (ConsultationStatus::Closed, Fr) => "Scrutin clos",
        (ConsultationStatus::Closed, En) => "Voting closed",
        (ConsultationStatus::Tallying, Fr) => "Déchiffrement",
        (ConsultationStatus::Tallying, En) => "Decryption",
        (ConsultationStatus::Published, Fr) => "Résultats publiés",
        (ConsultationStatus::Published, En) => "Results published",
    }
}

/// An error box (`role="alert"` region always present so it is announced).
#[component]
fn Alert(message: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <div role="alert" class="status-region">
            {move || {
                message
                    .get()
                    .map(|m| {
                        view! {
                            <p class="notice notice--error" data-testid="trustee-error">{m}</p>
                        }
                    })
            }}
        </div>
    }
}

/// `/trustee`
#[component]
pub fn TrusteeListPage() -> impl IntoView {
    let app = use_app();
    let sign_in = crate::sign_in::login_href(&crate::sign_in::current_page());
    let data: Loader<Result<Vec<TrusteeConsultation>, ApiError>> =
        Loader::new(move || app.account_key(), |_| api::list());
    let heading = Signal::derive(move || Trustee::ListTitle.text(app.lang.get()).to_owned());
    view! {
        <div class="page page--wide trustee">
            <PageHeadingText text=heading />
            <p class="lead">{move || Trustee::ListIntro.text(app.lang.get())}</p>
            <Load loader=data let:loaded>{
                let lang = app.lang.get();
                match loaded {
                    Err(e) if e.code() == Some(ErrorCode::Unauthenticated) => {
                        view! {
                            <p class="notice">
                                {Trustee::SignInNeeded.text(lang)} " "
                                <A href=sign_in.clone()>{app.t(crate::i18n::Common::NavLogin)}</A>
                            </p>
                        }
                            .into_any()
                    }
                    Err(e) => {
                        view! { <p class="notice notice--error" role="alert">{e.user_message(lang)}</p> }
                            .into_any()
                    }
                    Ok(list) if list.is_empty() => {
                        view! { <p class="empty-state" data-testid="trustee-empty">{Trustee::ListEmpty.text(lang)}</p> }
                            .into_any()
                    }
                    Ok(list) => {
                        let rows = list
                            .into_iter()
                            .map(|c| {
                                let href = format!("/trustee/{}", c.id);
                                let title = c.title.get(lang).to_owned();
                                let urgent = !matches!(c.task, TrusteeTask::Wait | TrusteeTask::Done);
                                view! {
                                    <tr data-testid="trustee-row">
                                        <th scope="row" data-label=Trustee::ColConsultation.text(lang)>
                                            <A href=href>{title}</A>
                                        </th>
                                        <td data-label=app.t(crate::i18n::Requests::ColStatus)>{status_text(c.status, lang)}</td>
                                        <td data-label=Trustee::ColTask.text(lang) data-testid="trustee-row-task">
                                            {if urgent {
                                                view! { <strong>{task_label(c.task, lang)}</strong> }.into_any()
                                            } else {
                                                view! { <span>{task_label(c.task, lang)}</span> }.into_any()
                                            }}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <div class="table-wrap">
                                <table class="table table--list table--stack" data-testid="trustee-table">
                                    <caption class="visually-hidden">{Trustee::ListTitle.text(lang)}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{Trustee::ColConsultation.text(lang)}</th>
                                            <th scope="col">{app.t(crate::i18n::Requests::ColStatus)}</th>
                                            <th scope="col">{Trustee::ColTask.text(lang)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }
                            .into_any()
                    }
                }
            }</Load>
        </div>
    }
}

type Loaded = Result<(TrusteeWork, CeremonyState), ApiError>;

async fn load(id: String) -> Loaded {
    let work = api::work(&id).await?;
    let state = api::ceremony(&id).await?;
    Ok((work, state))
}

/// `/trustee/:id`
#[component]
pub fn TrusteePage() -> impl IntoView {
    let app = use_app();
    let sign_in = crate::sign_in::login_href(&crate::sign_in::current_page());
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let data: Loader<Loaded> =
        Loader::new(move || (id.get(), app.account_key()), |(id, _)| load(id));
    let heading = Signal::derive(move || {
        let lang = app.lang.get();
        data.with(|d| match d {
            Some(Ok((w, _))) => page_heading(lang, w.title.get(lang)),
            _ => Trustee::PageTitle.text(lang).to_owned(),
        })
    });
    view! {
        <div class="page page--wide trustee">
            <p class="breadcrumb">
                <A href="/trustee">{move || Trustee::Back.text(app.lang.get())}</A>
            </p>
            <PageHeadingText text=heading />
            <Load loader=data let:loaded>{
                let lang = app.lang.get();
                match loaded {
                    Err(e) if e.code() == Some(ErrorCode::Unauthenticated) => {
                        view! {
                            <p class="notice">
                                {Trustee::SignInNeeded.text(lang)} " "
                                <A href=sign_in.clone()>{app.t(crate::i18n::Common::NavLogin)}</A>
                            </p>
                        }
                            .into_any()
                    }
                    Err(e) => {
                        view! {
                            <p class="notice notice--error" role="alert" data-testid="trustee-load-error">
                                {e.user_message(lang)}
                            </p>
                        }
                            .into_any()
                    }
                    Ok((work, state)) => {
                        view! { <TrusteeView work=work state=state on_done=data.retry() /> }
                            .into_any()
                    }
                }
            }</Load>
        </div>
    }
}

#[component]
fn TrusteeView(work: TrusteeWork, state: CeremonyState, on_done: Callback<()>) -> impl IntoView {
    let app = use_app();
    let (position, n, threshold) = (work.position, work.trustees, work.threshold);
    let task = work.task;
    let step = state.step;
    let decrypting = matches!(
        state.status,
        ConsultationStatus::Closed | ConsultationStatus::Tallying | ConsultationStatus::Published
    );
    let decryptions = state.decryptions;
    let task_file = serde_json::to_string(&work).unwrap_or_default();
    let task_file_name = format!("voix-{}-task-{}.json", work.election_uuid, work.position);
    let rows = state.trustees.clone();
    let work = StoredValue::new(work);
    view! {
        <p class="lead">{move || Trustee::Intro.text(app.lang.get())}</p>
        <p data-testid="trustee-position">
            {move || position_text(app.lang.get(), position, n, threshold)}
        </p>
        <section aria-labelledby="trustee-progress-title">
            <h2 id="trustee-progress-title">{move || Trustee::ProgressTitle.text(app.lang.get())}</h2>
            <p data-testid="trustee-step" data-step=format!("{step:?}").to_lowercase()>
                {move || {
                    let lang = app.lang.get();
                    if decrypting {
                        format!("{} : {decryptions} / {threshold}", Trustee::Decryptions.text(lang))
                    } else {
                        step_label(step, lang).to_owned()
                    }
                }}
            </p>
            <div class="table-wrap">
                <table class="table table--list" data-testid="trustee-progress">
                    <caption class="visually-hidden">{move || Trustee::ProgressTitle.text(app.lang.get())}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || Trustee::ColKeyHolder.text(app.lang.get())}</th>
                            <th scope="col">{move || Trustee::ColDone.text(app.lang.get())}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|t| {
                                let done = if decrypting { t.decrypted } else { t.posted || step == protocol::consultations::CeremonyStep::Done };
                                view! {
                                    <tr>
                                        <th scope="row">{format!("{}. {}", t.position, t.display_name)}</th>
                                        <td>{move || if done { Trustee::Yes.text(app.lang.get()) } else { Trustee::No.text(app.lang.get()) }}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <section aria-labelledby="trustee-task-title" class="trustee__task" data-testid="trustee-task" data-task=format!("{task:?}").to_lowercase()>
            <h2 id="trustee-task-title">
                {move || format!("{} — {}", Trustee::TaskTitle.text(app.lang.get()), task_label(task, app.lang.get()))}
            </h2>
            {match task {
                TrusteeTask::Certificate => view! { <CertificateStep work=work on_done=on_done /> }.into_any(),
                TrusteeTask::Polynomial | TrusteeTask::Voutput | TrusteeTask::Decrypt => {
                    view! { <KeyStep work=work on_done=on_done /> }.into_any()
                }
                TrusteeTask::Wait => {
                    view! {
                        <p>{move || Trustee::WaitText.text(app.lang.get())}</p>
                        <button type="button" class="button button--secondary" data-testid="trustee-refresh"
                            on:click=move |_| on_done.run(())>
                            {move || Trustee::Refresh.text(app.lang.get())}
                        </button>
                    }
                        .into_any()
                }
                TrusteeTask::Done => view! { <p data-testid="trustee-done">{move || Trustee::DoneText.text(app.lang.get())}</p> }.into_any(),
            }}
            {task
                .needs_key()
                .then(|| {
                    let content = task_file.clone();
                    let name = task_file_name.clone();
                    view! {
                        <p class="trustee__offline">
                            {move || Trustee::Offline.text(app.lang.get())} " "
                            <button type="button" class="button button--link"
                                on:click=move |_| { save_file(&name, &content); }>
                                {move || Trustee::DownloadTask.text(app.lang.get())}
                            </button>
                        </p>
                    }
                })}
        </section>
    }
}

/// Step 1: create the key in the browser, download it, then send the certificate.
#[component]
fn CertificateStep(work: StoredValue<TrusteeWork>, on_done: Callback<()>) -> impl IntoView {
    let app = use_app();
    // The key file's content lives only in this page's memory until it is left.
    let key_file = StoredValue::new(None::<(String, String)>);
    let message = StoredValue::new(None::<TrusteeMessage>);
    let generated = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let download = move || {
        key_file.with_value(|k| {
            if let Some((name, content)) = k
                && !save_file(name, content)
            {
                error.set(Some(
                    Trustee::DownloadFailed
                        .text(app.lang.get_untracked())
                        .to_owned(),
                ));
            }
        });
    };
    let generate = move |_| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            pause(30).await;
            match work.with_value(|w| trustee::certificate(w, &mut OsRandom)) {
                Ok((seed, msg)) => {
                    let name = work.with_value(trustee::key_file_name);
                    key_file.set_value(Some((name, trustee::key_file_content(&seed))));
                    drop(seed);
                    message.set_value(Some(msg));
                    download();
                    generated.set(true);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    let send = move |_| {
        let Some(msg) = message.get_value() else {
            return;
        };
        busy.set(true);
        error.set(None);
        let id = work.with_value(|w| w.consultation_id.clone());
        spawn_local(async move {
            match api::send(&id, &msg).await {
                Ok(_) => {
                    key_file.set_value(None);
                    on_done.run(());
                }
                Err(e) => error.set(Some(e.user_message(app.lang.get_untracked()))),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="notice notice--warning trustee__keep-safe">
            <h3>{move || Trustee::KeepSafeTitle.text(app.lang.get())}</h3>
            <ul>
                <li>{move || Trustee::KeepSafe1.text(app.lang.get())}</li>
                <li>{move || Trustee::KeepSafe2.text(app.lang.get())}</li>
                <li>{move || Trustee::KeepSafe3.text(app.lang.get())}</li>
            </ul>
        </div>
        <Alert message=error />
        <div role="status" class="status-region">
            {move || {
                if busy.get() && !generated.get() {
                    Some(view! { <p>{Trustee::Generating.text(app.lang.get())}</p> }.into_any())
                } else if generated.get() {
                    Some(view! { <p class="notice notice--success" data-testid="trustee-downloaded">{Trustee::Downloaded.text(app.lang.get())}</p> }.into_any())
                } else {
                    None
                }
            }}
        </div>
        {move || {
            if generated.get() {
                view! {
                    <div class="form-actions">
                        <button type="button" class="button" data-testid="trustee-send-cert"
                            disabled=move || busy.get() on:click=send>
                            {move || Trustee::SendCertificate.text(app.lang.get())}
                        </button>
                        <button type="button" class="button button--secondary" data-testid="trustee-download-again"
                            on:click=move |_| download()>
                            {move || Trustee::DownloadAgain.text(app.lang.get())}
                        </button>
                    </div>
                }
                    .into_any()
            } else {
                view! {
                    <div class="form-actions">
                        <button type="button" class="button" data-testid="trustee-generate"
                            disabled=move || busy.get() on:click=generate>
                            {move || Trustee::Generate.text(app.lang.get())}
                        </button>
                    </div>
                }
                    .into_any()
            }
        }}
    }
}

/// Steps 3, 5 and the decryption: read the key file in the browser, compute, send.
#[component]
fn KeyStep(work: StoredValue<TrusteeWork>, on_done: Callback<()>) -> impl IntoView {
    let app = use_app();
    let input = NodeRef::<html::Input>::new();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let task = work.with_value(|w| w.task);
    let explanation = match task {
        TrusteeTask::Polynomial => Trustee::PolynomialText,
        TrusteeTask::Voutput => Trustee::VoutputText,
        _ => Trustee::DecryptText,
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let lang = app.lang.get_untracked();
        let Some(file) = input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            error.set(Some(Trustee::ChooseFile.text(lang).to_owned()));
            if let Some(i) = input.get_untracked() {
                let _ = i.focus();
            }
            return;
        };
        busy.set(true);
        error.set(None);
        let id = work.with_value(|w| w.consultation_id.clone());
        spawn_local(async move {
            let outcome = async {
                let raw = file_text(&file)
                    .await
                    .ok_or_else(|| Trustee::UnreadableFile.text(lang).to_owned())?;
                let seed = trustee::read_key_file(&raw)
                    .map_err(|e| format!("{} : {e}", Trustee::UnreadableFile.text(lang)))?;
                drop(raw);
                pause(30).await;
                let msg = work
                    .with_value(|w| trustee::perform(w, &seed, &mut OsRandom))
                    .map_err(|e| format!("{} : {e}", Trustee::UnreadableFile.text(lang)))?;
                drop(seed);
                api::send(&id, &msg).await.map_err(|e| e.user_message(lang))
            }
            .await;
            busy.set(false);
            match outcome {
                Ok(_) => {
                    if let Some(i) = input.get_untracked() {
                        i.set_value("");
                    }
                    on_done.run(());
                }
                Err(m) => error.set(Some(m)),
            }
        });
    };
    view! {
        <p>{move || explanation.text(app.lang.get())}</p>
        <Alert message=error />
        <div role="status" class="status-region">
            {move || busy.get().then(|| view! { <p data-testid="trustee-computing">{Trustee::Computing.text(app.lang.get())}</p> })}
        </div>
        <form class="form" on:submit=submit novalidate>
            <div class="field">
                <label class="field__label" for="trustee-key">{move || Trustee::KeyFile.text(app.lang.get())}</label>
                <p class="field__hint" id="trustee-key-hint">{move || Trustee::KeyFileHint.text(app.lang.get())}</p>
                <input
                    class="field__input"
                    id="trustee-key"
                    name="trustee-key"
                    type="file"
                    accept=".key,text/plain"
                    required
                    aria-describedby="trustee-key-hint"
                    data-testid="trustee-key-input"
                    node_ref=input
                />
            </div>
            <div class="form-actions">
                <button type="submit" class="button" data-testid="trustee-submit" disabled=move || busy.get()>
                    {move || Trustee::ComputeAndSend.text(app.lang.get())}
                </button>
            </div>
        </form>
    }
}
