//! What the consultation tables hold about one account, for its GDPR data export
//! (`GET /api/v1/me/export`).
//!
//! Read only `consultations`, `consultation_voter_list`, `consultation_voters` and
//! `consultation_participation`: never `consultation_credentials` nor `consultation_ballots`.
//! Nothing in the database links an account to its ballot, and the export must not either
//! (a stolen session would otherwise reveal how the person voted): no public credential, no
//! tracker, no ballot, no board position, no reception time.

use std::collections::HashMap;

use protocol::api::{ConsultationRecord, ElectorateEntry, VoterListEntry};
use protocol::consultations::ConsultationStatus;
use protocol::requests::Localized;

use crate::db::Tx;
use crate::on_db;

/// What the export says about consultations: the published ones in full, the drafts only
/// counted.
#[derive(Debug, Default)]
pub struct MyConsultations {
    pub records: Vec<ConsultationRecord>,
    /// Drafts whose voter list holds the address: nothing of a draft is public yet (its page
    /// is a 404), so the export says only that such lists exist.
    pub unpublished_voter_lists: u64,
}

/// The consultations of `town_id` in which the account `user_id` — or its address, when
/// confirmed (`verified_email`), as the ballot box itself matches voters — is on the uploaded
/// voter list or in the electorate, or took part; oldest first.
pub async fn for_user(
    tx: &mut Tx,
    town_id: &str,
    user_id: &str,
    verified_email: Option<&str>,
) -> Result<MyConsultations, sqlx::Error> {
    let consultations: Vec<(String, String, String, String)> = on_db!(tx, |c| sqlx::query_as(
        "select c.id, c.title_fr, c.title_en, c.status from consultations c
         where c.town_id = $1 and (
             exists (select 1 from consultation_voter_list l
                     where l.consultation_id = c.id and $3 is not null and l.email = $3)
             or exists (select 1 from consultation_voters v
                        where v.consultation_id = c.id
                          and (v.user_id = $2 or ($3 is not null and v.email = $3)))
             or exists (select 1 from consultation_participation p
                        where p.consultation_id = c.id and p.user_id = $2))
         order by c.created_at, c.id"
    )
    .bind(town_id)
    .bind(user_id)
    .bind(verified_email)
    .fetch_all(c)
    .await)?;
    let drafts = consultations
        .iter()
        .filter(|(_, _, _, status)| status == ConsultationStatus::Draft.as_str())
        .count();
    let unpublished_voter_lists = u64::try_from(drafts).unwrap_or(0);
    let consultations: Vec<_> = consultations
        .into_iter()
        .filter(|(_, _, _, status)| status != ConsultationStatus::Draft.as_str())
        .collect();
    if consultations.is_empty() {
        return Ok(MyConsultations {
            records: Vec::new(),
            unpublished_voter_lists,
        });
    }

    // No weight: with the archive's weighted credentials, a rare weight identifies the ballot.
    let list: Vec<(String, String, i64)> = on_db!(tx, |c| sqlx::query_as(
        "select consultation_id, email, line from consultation_voter_list
         where town_id = $1 and $2 is not null and email = $2"
    )
    .bind(town_id)
    .bind(verified_email)
    .fetch_all(c)
    .await)?;
    let mut list: HashMap<String, VoterListEntry> = list
        .into_iter()
        .map(|(id, email, line)| {
            let entry = VoterListEntry {
                email,
                line: unsigned(line),
            };
            (id, entry)
        })
        .collect();

    type VoterRow = (String, String, Option<String>, Option<i64>, Option<i64>);
    let voters: Vec<VoterRow> = on_db!(tx, |c| sqlx::query_as(
        "select consultation_id, email, district, credential_sent_at, announced_at
         from consultation_voters
         where town_id = $1 and (user_id = $2 or ($3 is not null and email = $3))
         order by consultation_id, email"
    )
    .bind(town_id)
    .bind(user_id)
    .bind(verified_email)
    .fetch_all(c)
    .await)?;
    let mut electorate: HashMap<String, Vec<ElectorateEntry>> = HashMap::new();
    for (id, email, district, credential_sent_at, announced_at) in voters {
        electorate.entry(id).or_default().push(ElectorateEntry {
            email,
            district,
            credential_sent_at,
            announced_at,
        });
    }

    let participated: Vec<String> = on_db!(tx, |c| sqlx::query_scalar(
        "select consultation_id from consultation_participation
         where town_id = $1 and user_id = $2"
    )
    .bind(town_id)
    .bind(user_id)
    .fetch_all(c)
    .await)?;

    let records = consultations
        .into_iter()
        .map(|(id, title_fr, title_en, status)| ConsultationRecord {
            title: Localized {
                fr: title_fr,
                en: title_en,
            },
            // The column's check constraint allows only the six statuses.
            status: ConsultationStatus::parse(&status).unwrap_or(ConsultationStatus::Draft),
            voter_list: list.remove(&id),
            electorate: electorate.remove(&id).unwrap_or_default(),
            participated: participated.contains(&id),
            id,
        })
        .collect();
    Ok(MyConsultations {
        records,
        unpublished_voter_lists,
    })
}

/// A non-negative column (lines: checked by the schema) as the wire's `u64`.
fn unsigned(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}
