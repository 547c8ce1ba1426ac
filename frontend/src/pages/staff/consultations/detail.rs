//! `/staff/consultations/:id`: a draft's form and actions, or its lifecycle once frozen.

use leptos::prelude::*;

use leptos_router::hooks::use_params_map;
use protocol::consultations::{ConsultationDetail, ConsultationStatus, OfficialInfo};

use crate::api::staff_consultations::{self as api};
use crate::components::{Loader, Loading, Msg, PageHeadingText};
use crate::pages::consultations::ConsultationBadge;
use crate::pages::staff::RoleGate;
use crate::state::use_app;

use super::*;

/// What the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    Loading,
    Failed,
    Draft,
    Frozen,
}

/// `/staff/consultations/:id`
#[component]
pub fn StaffConsultationPage() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let detail: Detail = Loader::new(
        move || id.get(),
        |id: String| async move { crate::api::consultations::get(&id).await },
    );
    let officials: Loader<Vec<OfficialInfo>> = Loader::new(
        || (),
        |()| async { api::officials().await.unwrap_or_default() },
    );
    let notice = RwSignal::new(None::<Msg>);
    if JUST_CREATED.with(|c| c.replace(false)) {
        notice.set(Some(Msg::Key(Setup::DraftCreated.into())));
    }
    let reload = detail.retry();
    let phase = Memo::new(move |_| {
        detail.with(|d| match d {
            None => Phase::Loading,
            Some(Err(_)) => Phase::Failed,
            Some(Ok(d)) if d.status == ConsultationStatus::Draft => {
                if officials.with(|o| o.is_some()) {
                    Phase::Draft
                } else {
                    Phase::Loading
                }
            }
            Some(Ok(_)) => Phase::Frozen,
        })
    });
    let heading = Signal::derive(move || {
        let lang = app.lang.get();
        detail.with(|d| match d {
            Some(Ok(d)) => d.title.get(lang).to_owned(),
            _ => Consultations::ConsultationColTitle.text(lang).to_owned(),
        })
    });
    view! {
        <div class="page page--wide staff-consultation">
            <p class="breadcrumb"><a href="/staff/consultations">{app.t(Setup::AllConsultations)}</a></p>
            <PageHeadingText text=heading />
            <RoleGate allow={protocol::api::Role::is_staff}>
                <div role="status" class="status-region" id="consultation-notice" tabindex="-1" data-testid="consultation-notice">
                    {move || notice.get().map(|m| view! { <p class="notice notice--success">{m.render(app.lang.get())}</p> })}
                </div>
                {move || match phase.get() {
                    Phase::Loading => view! { <Loading /> }.into_any(),
                    Phase::Failed => {
                        let msg = match detail.get_untracked() {
                            Some(Err(e)) => e.user_message(app.lang.get_untracked()),
                            _ => String::new(),
                        };
                        view! { <p class="notice notice--error" role="alert">{msg}</p> }.into_any()
                    }
                    Phase::Draft => {
                        let d = detail.get_untracked().and_then(Result::ok);
                        let list = officials.get_untracked().unwrap_or_default();
                        match d {
                            Some(d) => view! { <DraftView detail=d officials=list state=detail notice=notice reload=reload /> }.into_any(),
                            None => ().into_any(),
                        }
                    }
                    Phase::Frozen => view! { <LifecycleView detail=detail notice=notice reload=reload /> }.into_any(),
                }}
            </RoleGate>
        </div>
    }
}

#[component]
pub(super) fn StatusLine(detail: Detail) -> impl IntoView {
    move || {
        detail.with(|d| {
            d.and_then(|d| d.as_ref().ok()).map(|d| {
                let status = d.status;
                view! {
                    <p class="consultation-status" data-testid="consultation-status" data-status=status.as_str()>
                        {use_app().t(Setup::StatusIs)} <ConsultationBadge status=status />
                    </p>
                }
            })
        })
    }
}

#[component]
pub(super) fn DraftView(
    detail: ConsultationDetail,
    officials: Vec<OfficialInfo>,
    state: Detail,
    notice: RwSignal<Option<Msg>>,
    reload: Callback<()>,
) -> impl IntoView {
    let id = detail.id.clone();
    let on_saved = Callback::new(move |d: ConsultationDetail| {
        notice.set(None);
        state.set(Ok(d));
    });
    view! {
        <StatusLine detail=state />
        <SetupForm initial=Some(detail) officials=officials on_saved=on_saved />
        <VoterListSection id=id.clone() detail=state />
        <Actions id=id detail=state notice=notice reload=reload />
    }
}
