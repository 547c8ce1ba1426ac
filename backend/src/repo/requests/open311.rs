//! What the Open311 views read in bulk: the last public status note and first photo of
//! each request of a page.

use crate::db::Tx;
use crate::on_db;
use std::collections::HashMap;

/// Appends `$2, $3, …` placeholders for `n` values after the town id.
fn placeholders(n: usize) -> String {
    (0..n)
        .map(|i| format!("${}", i + 2))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The last public status reason (for Open311's `status_notes`) (status change or reopening) of each listed request, empty
/// when moderation hid it.
pub async fn last_status_notes(
    tx: &mut Tx,
    town_id: &str,
    numbers: &[String],
) -> Result<HashMap<String, String>, sqlx::Error> {
    if numbers.is_empty() {
        return Ok(HashMap::new());
    }
    // A scalar subquery per listed request walks `request_events_request_idx` backwards from
    // its newest entry on both engines (a join on `max(id)` made PostgreSQL hash the whole
    // table).
    let sql = format!(
        "select r.number,
                (select e.body from request_events e
                 where e.request_id = r.id and e.kind in ('status', 'reopened')
                 order by e.id desc limit 1) as body,
                (select e.hidden_reason from request_events e
                 where e.request_id = r.id and e.kind in ('status', 'reopened')
                 order by e.id desc limit 1) as hidden_reason
         from service_requests r
         where r.town_id = $1 and r.number in ({})",
        placeholders(numbers.len())
    );
    let rows: Vec<(String, Option<String>, Option<String>)> = on_db!(tx, |c| {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(town_id);
        for n in numbers {
            q = q.bind(n);
        }
        q.fetch_all(c).await
    })?;
    Ok(rows
        .into_iter()
        .filter_map(|(number, body, hidden)| {
            let body = body?;
            Some((
                number,
                if hidden.is_some() {
                    String::new()
                } else {
                    body
                },
            ))
        })
        .collect())
}

/// The first photo staff did not hide, of each listed request.
pub async fn first_visible_photos(
    tx: &mut Tx,
    town_id: &str,
    numbers: &[String],
) -> Result<HashMap<String, String>, sqlx::Error> {
    if numbers.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "select r.number, p.id
         from service_requests r join request_photos p on p.id = (
             select p2.id from request_photos p2
             where p2.request_id = r.id and p2.hidden_reason is null
             order by p2.position limit 1)
         where r.town_id = $1 and r.number in ({})",
        placeholders(numbers.len())
    );
    let rows: Vec<(String, String)> = on_db!(tx, |c| {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.clone())).bind(town_id);
        for n in numbers {
            q = q.bind(n);
        }
        q.fetch_all(c).await
    })?;
    Ok(rows.into_iter().collect())
}
