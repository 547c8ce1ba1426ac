//! `/admin/audit`: the town's hash-chained audit log (administrators), newest first, with
//! whether the whole chain verifies — and, when it does not, which entry breaks it.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use protocol::requests::{AuditEntry, AuditPage as Page};

use crate::api::ApiError;
use crate::api::staff::{self as api, AUDIT_PER_PAGE};
use crate::components::PageHeading;
use crate::components::{Load, Loader};
use crate::format::{format_date_time, iso};
use crate::i18n::{self, Staff};
use crate::pages::requests::pagination::Pagination;
use crate::pages::staff::RoleGate;
use crate::state::use_app;

/// How many hexadecimal digits of an entry's hash the table shows.
const SHORT_HASH: usize = 12;

/// The request a target names (`2026-000123` or `2026-000123#event-12`), if it is one.
fn request_target(target: &str) -> Option<&str> {
    let number = target.split('#').next()?;
    let (year, seq) = number.split_once('-')?;
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    (digits(year, 4) && digits(seq, 6)).then_some(number)
}

/// The audit log page.
#[component]
pub fn AuditPage() -> impl IntoView {
    let app = use_app();
    view! {
        <div class="page page--full">
            <PageHeading title=Staff::AuditTitle />
            <p class="lead">{app.t(Staff::AuditIntro)}</p>
            <RoleGate allow=|r| r.is_admin()>
                <Audit />
            </RoleGate>
        </div>
    }
}

#[component]
fn Audit() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let page = Memo::new(move |_| {
        query
            .with(|q| q.get("page"))
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1)
    });
    let data: Loader<Result<Page, ApiError>> = Loader::new(move || page.get(), api::audit);

    view! { <Load loader=data let:loaded>{match loaded {
        Err(e) => view! {
            <div class="notice notice--error" role="alert">
                <p>{move || e.user_message(app.lang.get())}</p>
            </div>
        }
        .into_any(),
        Ok(p) => {
            let status = if p.chain_valid {
                view! {
                    <div class="notice notice--success audit-status" data-testid="audit-status" data-valid="true">
                        <p class="audit-status__title">
                            <span aria-hidden="true">"✓ "</span>
                            {app.t(Staff::AuditChainValid)}
                        </p>
                        <p>{app.t(Staff::AuditChainValidText)}</p>
                    </div>
                }
                .into_any()
            } else {
                let broken = p.first_broken;
                view! {
                    <div class="notice notice--error audit-status" role="alert" data-testid="audit-status" data-valid="false">
                        <p class="audit-status__title">
                            <span aria-hidden="true">"⚠ "</span>
                            {app.t(Staff::AuditChainBroken)}
                        </p>
                        <p>{move || i18n::audit_chain_broken(app.lang.get(), broken)}</p>
                    </div>
                }
                .into_any()
            };
            let body = if p.items.is_empty() {
                view! { <p class="empty-state" data-testid="audit-empty">{app.t(Staff::AuditEmpty)}</p> }.into_any()
            } else {
                let total = p.total;
                let broken = p.first_broken;
                let rows = p
                    .items
                    .into_iter()
                    .map(|e| view! { <AuditRow entry=e broken=broken /> })
                    .collect_view();
                view! {
                    <div class="table-wrap" role="region" aria-labelledby="audit-caption" tabindex="0">
                        <table class="table table--list table--stack table--audit" data-testid="audit-table">
                            <caption id="audit-caption">{move || i18n::audit_caption(app.lang.get(), total)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{app.t(Staff::ColDate)}</th>
                                    <th scope="col">{app.t(Staff::ColAction)}</th>
                                    <th scope="col">{app.t(Staff::ColActor)}</th>
                                    <th scope="col">{app.t(Staff::ColTarget)}</th>
                                    <th scope="col">{app.t(Staff::ColReason)}</th>
                                    <th scope="col">{app.t(Staff::ColHash)}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <Pagination
                        page=page.get_untracked()
                        total=total
                        per_page=AUDIT_PER_PAGE
                        href=|n| format!("/admin/audit?page={n}")
                    />
                }
                .into_any()
            };
            view! {
                {status}
                {body}
            }
            .into_any()
        }
    }}</Load> }
}

#[component]
fn AuditRow(entry: AuditEntry, broken: Option<i64>) -> impl IntoView {
    let app = use_app();
    let created = entry.created_at;
    let action = entry.action.clone();
    let words = {
        let action = action.clone();
        move || i18n::audit_action(app.lang.get(), &action)
    };
    let known = i18n::audit_action(protocol::api::Language::Fr, &action) != action;
    let actor = entry.actor_id.clone();
    let target = match request_target(&entry.target) {
        Some(number) => {
            let href = format!(
                "/requests/{number}{}",
                entry.target.strip_prefix(number).unwrap_or("")
            );
            view! { <A href=href>{entry.target.clone()}</A> }.into_any()
        }
        None => view! { <span class="code">{entry.target.clone()}</span> }.into_any(),
    };
    let short: String = entry.hash.chars().take(SHORT_HASH).collect();
    let is_broken = broken == Some(entry.id);
    view! {
        <tr data-testid="audit-row" data-action=action.clone() class:table__row--alert=is_broken>
            <td data-label=app.t(Staff::ColDate) class="table__nowrap">
                <time datetime=iso(created)>{move || format_date_time(created, app.lang.get())}</time>
            </td>
            <td data-label=app.t(Staff::ColAction)>
                <span class="audit__action">{words}</span>
                {known.then(|| view! { <span class="audit__code code">{action.clone()}</span> })}
            </td>
            <td data-label=app.t(Staff::ColActor) class="audit__id">
                {match actor {
                    Some(id) => view! { <span class="code">{id}</span> }.into_any(),
                    None => view! { <span>{app.t(Staff::AuditSystem)}</span> }.into_any(),
                }}
            </td>
            <td data-label=app.t(Staff::ColTarget) class="audit__id">{target}</td>
            <td data-label=app.t(Staff::ColReason) class="table__excerpt prose">{entry.reason.clone()}</td>
            <td data-label=app.t(Staff::ColHash) class="table__nowrap">
                <code class="code" data-testid="audit-hash">{short}</code>
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::request_target;

    #[test]
    fn request_targets_are_recognised() {
        assert_eq!(request_target("2026-000123"), Some("2026-000123"));
        assert_eq!(request_target("2026-000123#event-12"), Some("2026-000123"));
        assert_eq!(request_target("voirie"), None);
        assert_eq!(request_target("01HZX-123456"), None);
    }
}
