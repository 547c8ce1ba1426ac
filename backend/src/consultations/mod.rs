//! Consultations (Belenios-compatible consultative ballots): set-up validation, the draft's
//! life until its set-up is frozen, and the reader-dependent views. Routes live in
//! `routes/consultations.rs`, SQL in `repo/consultations.rs`; the data and trust models are
//! in `docs/consultations.md`.
//!
//! Every change takes the consultation's row with [`repo::lock_draft`] inside the transaction
//! that makes it, so an edit racing the freeze either lands before it or fails with
//! `consultation_frozen`, never after it.

pub mod announce;
pub mod batches;
pub mod ceremony;
pub mod closing;
pub mod contexts;
pub mod mail;
pub mod receipts;
pub mod seal;
pub mod trustees;
pub mod validate;
pub mod voter_list;
pub mod voting;

use protocol::ErrorCode;
use protocol::consultations::{
    ConsultationDetail, ConsultationInput, ConsultationStatus, ConsultationSummary, ElectionGroup,
    Eligibility, TrusteeInfo, TrusteeMode, TrusteesInfo, VoterListSummary, server_single_warning,
};
use protocol::requests::Localized;

use crate::db::Tx;
use crate::error::ApiError;
use crate::repo::consultations::{self as repo, DraftState, Row};
use crate::repo::users::User;
use crate::repo::{audit, towns::Town};
use voter_list::VoterRow;

/// A fresh Belenios election uuid: 14 base58 characters, like `belenios-tool setup
/// generate-token` (about 82 bits; the column is unique).
pub fn new_election_uuid() -> Result<String, ApiError> {
    use protocol::belenios::credential::BASE58_DIGITS;
    let digits = BASE58_DIGITS.as_bytes();
    let mut out = String::with_capacity(14);
    while out.len() < 14 {
        let mut buf = [0u8; 32];
        getrandom::fill(&mut buf).map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))?;
        // Rejection sampling: 232 = 4 × 58, so `b % 58` is uniform below it.
        for b in buf.into_iter().filter(|&b| b < 232) {
            if out.len() < 14 {
                out.push(char::from(digits[usize::from(b % 58)]));
            }
        }
    }
    debug_assert!(protocol::belenios::election::is_valid_uuid(&out));
    Ok(out)
}

/// Path ids are uuids: anything else is unknown (and never reaches SQL).
pub fn parse_id(raw: &str) -> Result<String, ApiError> {
    uuid::Uuid::parse_str(raw)
        .map(|u| u.to_string())
        .map_err(|_| ApiError::not_found())
}

/// Locks the draft `id` for a change, or explains why it cannot change.
async fn locked_draft(tx: &mut Tx, town: &Town, id: &str, now: i64) -> Result<(), ApiError> {
    match repo::lock_draft(tx, &town.id, id, now).await? {
        DraftState::Draft => Ok(()),
        DraftState::Frozen => Err(ApiError::code(ErrorCode::ConsultationFrozen)),
        DraftState::Missing => Err(ApiError::not_found()),
    }
}

/// Creates a draft; returns its id.
pub async fn create(
    tx: &mut Tx,
    town: &Town,
    staff: &User,
    input: &ConsultationInput,
    now: i64,
) -> Result<String, ApiError> {
    let setup = validate::setup(tx, town, input).await?;
    let id = uuid::Uuid::new_v4().to_string();
    let election_uuid = new_election_uuid()?;
    repo::insert(tx, &town.id, &id, &election_uuid, &staff.id, &setup, now).await?;
    audit::append(
        tx,
        &audit::NewEntry {
            town_id: &town.id,
            actor_id: Some(&staff.id),
            action: "consultation.create",
            target: &id,
            reason: &setup.title.fr,
        },
    )
    .await?;
    Ok(id)
}

/// Replaces a draft's set-up.
pub async fn update(
    tx: &mut Tx,
    town: &Town,
    staff: &User,
    id: &str,
    input: &ConsultationInput,
    now: i64,
) -> Result<(), ApiError> {
    locked_draft(tx, town, id, now).await?;
    let setup = validate::setup(tx, town, input).await?;
    repo::replace_setup(tx, &town.id, id, &setup, now).await?;
    audit::append(
        tx,
        &audit::NewEntry {
            town_id: &town.id,
            actor_id: Some(&staff.id),
            action: "consultation.update",
            target: id,
            reason: &setup.title.fr,
        },
    )
    .await?;
    Ok(())
}

/// Deletes a draft (a frozen set-up is part of the consultation's record and stays).
pub async fn delete(
    tx: &mut Tx,
    town: &Town,
    staff: &User,
    id: &str,
    now: i64,
) -> Result<(), ApiError> {
    locked_draft(tx, town, id, now).await?;
    let title = repo::by_id(tx, &town.id, id)
        .await?
        .map(|r| r.title_fr)
        .unwrap_or_default();
    repo::delete(tx, &town.id, id).await?;
    audit::append(
        tx,
        &audit::NewEntry {
            town_id: &town.id,
            actor_id: Some(&staff.id),
            action: "consultation.delete",
            target: id,
            reason: &title,
        },
    )
    .await?;
    Ok(())
}

/// Replaces a draft's uploaded voter list with already validated rows.
pub async fn replace_voter_list(
    tx: &mut Tx,
    town: &Town,
    staff: &User,
    id: &str,
    rows: &[VoterRow],
    now: i64,
) -> Result<VoterListSummary, ApiError> {
    locked_draft(tx, town, id, now).await?;
    repo::replace_voter_list(tx, &town.id, id, rows).await?;
    let total_weight: u64 = rows.iter().map(|r| r.weight).sum();
    audit::append(
        tx,
        &audit::NewEntry {
            town_id: &town.id,
            actor_id: Some(&staff.id),
            action: "consultation.voter_list",
            target: id,
            reason: &format!("{} voters, total weight {total_weight}", rows.len()),
        },
    )
    .await?;
    Ok(VoterListSummary {
        voters: rows.len() as u64,
        total_weight,
    })
}

/// Freezes a draft's set-up and starts the key ceremony. The set-up must still hold: it
/// closes in the future, its officials still are officials, a `list` consultation has voters.
/// The Belenios election (and its fingerprint) is computed later, once the trustees' keys
/// exist; from now on nothing it commits to can change.
pub async fn start_key_ceremony(
    tx: &mut Tx,
    town: &Town,
    staff: &User,
    id: &str,
    now: i64,
) -> Result<(), ApiError> {
    // Only a draft may enter the key ceremony (`ConsultationStatus::can_transition`).
    match repo::lock_draft(tx, &town.id, id, now).await? {
        DraftState::Draft => {}
        DraftState::Frozen => return Err(ApiError::code(ErrorCode::InvalidTransition)),
        DraftState::Missing => return Err(ApiError::not_found()),
    }
    let row = repo::by_id(tx, &town.id, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if row.closes_at <= now {
        return Err(ApiError::detail_field(
            ErrorCode::Validation,
            "closes_at",
            "the closing time has passed",
        ));
    }
    if row.eligibility == "list" && repo::voter_list_summary(tx, id).await?.0 == 0 {
        return Err(ApiError::detail_field(
            ErrorCode::Validation,
            "voters",
            "upload the voter list first",
        ));
    }
    let officials: Vec<String> = repo::trustees(tx, id)
        .await?
        .into_iter()
        .filter_map(|t| t.user_id)
        .collect();
    validate::officials_exist(tx, town, &officials).await?;
    if !repo::freeze(tx, &town.id, id, now).await? {
        return Err(ApiError::code(ErrorCode::ConsultationFrozen));
    }
    audit::append(
        tx,
        &audit::NewEntry {
            town_id: &town.id,
            actor_id: Some(&staff.id),
            action: "consultation.key_ceremony",
            target: id,
            reason: &row.title_fr,
        },
    )
    .await?;
    Ok(())
}

fn status_of(row: &Row) -> ConsultationStatus {
    // The column's check constraint keeps it one of these.
    ConsultationStatus::parse(&row.status).unwrap_or(ConsultationStatus::Draft)
}

fn localized(fr: &str, en: &str) -> Localized {
    Localized {
        fr: fr.to_owned(),
        en: en.to_owned(),
    }
}

/// The consultation `id` as the reader may see it: drafts exist only for staff.
pub async fn load_visible(
    tx: &mut Tx,
    town: &Town,
    id: &str,
    staff: bool,
) -> Result<Row, ApiError> {
    let row = repo::by_id(tx, &town.id, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if !staff && !status_of(&row).is_public() {
        return Err(ApiError::not_found());
    }
    Ok(row)
}

/// The full view of a consultation; staff also get account ids and the voter list's size.
pub async fn detail(tx: &mut Tx, row: &Row, staff: bool) -> Result<ConsultationDetail, ApiError> {
    let questions = repo::questions(tx, &row.id)
        .await?
        .iter()
        .map(repo::QuestionRow::to_wire)
        .collect();
    let eligibility = match row.eligibility.as_str() {
        "districts" => Eligibility::Districts {
            districts: repo::districts(tx, &row.id).await?,
        },
        "list" => Eligibility::List,
        _ => Eligibility::AllVerified,
    };
    let mode = TrusteeMode::parse(&row.trustee_mode).unwrap_or(TrusteeMode::Officials);
    let trustees = repo::trustees(tx, &row.id)
        .await?
        .into_iter()
        .map(|t| TrusteeInfo {
            position: u32::try_from(t.position).unwrap_or(0),
            display_name: t.display_name,
            server: t.kind == "server",
            user_id: t.user_id.filter(|_| staff),
        })
        .collect();
    let voter_list = if staff {
        let (voters, total_weight) = repo::voter_list_summary(tx, &row.id).await?;
        Some(VoterListSummary {
            voters: u64::try_from(voters).unwrap_or(0),
            total_weight: u64::try_from(total_weight).unwrap_or(0),
        })
    } else {
        None
    };
    Ok(ConsultationDetail {
        id: row.id.clone(),
        election_uuid: row.election_uuid.clone(),
        status: status_of(row),
        title: localized(&row.title_fr, &row.title_en),
        description: localized(&row.description_fr, &row.description_en),
        opens_at: row.opens_at,
        closes_at: row.closes_at,
        questions,
        eligibility,
        trustees: TrusteesInfo {
            mode,
            threshold: row.threshold.and_then(|t| u32::try_from(t).ok()),
            trustees,
            warning: (mode == TrusteeMode::ServerSingle).then(server_single_warning),
        },
        group: ElectionGroup::parse(&row.group_name).unwrap_or_default(),
        breakdown_min_voters: u32::try_from(row.breakdown_min_voters).unwrap_or(u32::MAX),
        frozen_at: row.frozen_at,
        fingerprint: row.fingerprint.clone(),
        voter_list,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// A line of the list.
pub fn summary(row: &Row) -> ConsultationSummary {
    ConsultationSummary {
        id: row.id.clone(),
        status: status_of(row),
        title: localized(&row.title_fr, &row.title_en),
        opens_at: row.opens_at,
        closes_at: row.closes_at,
    }
}
