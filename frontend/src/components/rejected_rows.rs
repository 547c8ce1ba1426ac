//! The table of an import's refused rows (a census, a voter list): line, column, problem.

use leptos::prelude::*;
use protocol::api::RejectedRow;

use crate::i18n::Staff;
use crate::state::use_app;

/// Every refused row, the file's own problems (line 0) shown with a dash.
#[component]
pub fn RejectedRowsTable(rows: Vec<RejectedRow>) -> impl IntoView {
    let app = use_app();
    let body = rows
        .into_iter()
        .map(|r| {
            let line = if r.line == 0 {
                "—".to_owned()
            } else {
                r.line.to_string()
            };
            view! {
                <tr>
                    <th scope="row">{line}</th>
                    <td>{r.column.unwrap_or_default()}</td>
                    <td>{r.message}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption>{app.t(Staff::CensusRejectedCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{app.t(Staff::ColLine)}</th>
                        <th scope="col">{app.t(Staff::ColColumn)}</th>
                        <th scope="col">{app.t(Staff::ColProblem)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
