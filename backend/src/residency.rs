//! Residency: the census in force, a resident's verification against it, and the staff's
//! verification or revocation by hand (each kept in the audit log). The routes
//! (`routes/residency.rs`) keep HTTP: which town an administrator acts on, the upload, the
//! throttle and the answers.

use std::time::Duration;

use protocol::ErrorCode;
use protocol::api::{CensusSummary, ResidencyMethod, ResidencyStatus, UserResidency};

use crate::census::{self, CensusRow};
use crate::db::Db;
use crate::domain::EmailAddress;
use crate::error::ApiError;
use crate::repo::{audit, residency as repo, users};
use crate::time::{now, secs};

/// Replaces the town's census with `rows` (already checked, all of them), recording who did it
/// and from which file; returns how many rows the new census holds.
pub async fn import_census(
    db: &Db,
    town_id: &str,
    admin_id: &str,
    file_name: &str,
    rows: &[CensusRow],
) -> Result<u64, ApiError> {
    let mut tx = db.begin().await?;
    let import_id =
        repo::replace_census(&mut tx, town_id, Some(admin_id), file_name, rows, now()).await?;
    audit::append(
        &mut tx,
        &audit::NewEntry {
            town_id,
            actor_id: Some(admin_id),
            action: "census.import",
            target: &import_id,
            reason: &format!("{file_name} ({} rows)", rows.len()),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(admin = %admin_id, rows = rows.len(), "census imported");
    Ok(rows.len() as u64)
}

/// The census in force in the town.
pub async fn census_summary(db: &Db, town_id: &str) -> Result<CensusSummary, ApiError> {
    let mut tx = db.read().await?;
    Ok(repo::census_summary(&mut tx, town_id).await?)
}

/// An account's residency today.
pub async fn status(db: &Db, user_id: &str) -> Result<ResidencyStatus, ApiError> {
    let mut tx = db.read().await?;
    Ok(repo::status(&mut tx, user_id, now()).await?)
}

/// What a resident gives to be found in the census, normalised the way the census is (case,
/// accents and spaces do not matter).
#[derive(Debug)]
pub struct CensusClaim {
    last_name: String,
    first_name: String,
    birth_date: Option<String>,
    reference: Option<String>,
}

impl CensusClaim {
    /// Checks and normalises the fields: both names, and a birth date or the reference the
    /// town sent (422 `validation` on the field at fault).
    pub fn parse(
        last_name: &str,
        first_name: &str,
        birth_date: Option<&str>,
        reference: Option<&str>,
    ) -> Result<Self, ApiError> {
        let last_name = name_field(last_name, "last_name")?;
        let first_name = name_field(first_name, "first_name")?;
        let birth_date = match birth_date.map(str::trim) {
            Some(raw) if !raw.is_empty() => Some(
                census::parse_date(raw)
                    .ok_or_else(|| ApiError::field(ErrorCode::Validation, "birth_date"))?,
            ),
            _ => None,
        };
        let reference = reference
            .map(census::normalize_reference)
            .filter(|r| !r.is_empty());
        if reference
            .as_ref()
            .is_some_and(|r| r.chars().count() > 50 || r.chars().any(char::is_control))
        {
            return Err(ApiError::field(ErrorCode::Validation, "reference"));
        }
        if birth_date.is_none() && reference.is_none() {
            return Err(ApiError::field(ErrorCode::Validation, "birth_date"));
        }
        Ok(Self {
            last_name,
            first_name,
            birth_date,
            reference,
        })
    }
}

fn name_field(value: &str, field: &'static str) -> Result<String, ApiError> {
    let n = census::normalize_name(value);
    if n.is_empty() || value.chars().count() > 100 || value.chars().any(char::is_control) {
        return Err(ApiError::field(ErrorCode::Validation, field));
    }
    Ok(n)
}

/// Verifies the account against the town's census for `valid_for`. 403 when the staff revoked
/// its verification (only they can verify it again), 422 `residency_not_found` without a match,
/// 409 `conflict` when the census person already verifies another account.
pub async fn verify_from_census(
    db: &Db,
    town_id: &str,
    user_id: &str,
    claim: &CensusClaim,
    valid_for: Duration,
) -> Result<ResidencyStatus, ApiError> {
    let mut tx = db.begin().await?;
    if repo::is_revoked(&mut tx, user_id).await? {
        return Err(ApiError::field(ErrorCode::Forbidden, "residency"));
    }
    let found = repo::find_in_census(
        &mut tx,
        town_id,
        &claim.last_name,
        &claim.first_name,
        claim.birth_date.as_deref(),
        claim.reference.as_deref(),
    )
    .await?
    .ok_or_else(|| ApiError::code(ErrorCode::ResidencyNotFound))?;
    let now = now();
    // One census person verifies one account: another account's live claim wins (the person
    // must see the town hall); an expired claim is released.
    let census_key = found.key();
    if let Some((holder, expires_at)) = repo::holder_of(&mut tx, town_id, &census_key).await?
        && holder != user_id
    {
        if expires_at > now {
            return Err(ApiError::field(ErrorCode::Conflict, "census"));
        }
        repo::remove(&mut tx, &holder).await?;
    }
    repo::upsert(
        &mut tx,
        &repo::Verification {
            user_id,
            town_id,
            district: &found.district,
            method: ResidencyMethod::Census,
            census_reference: found.reference.as_deref(),
            census_key: Some(&census_key),
            verified_by: None,
            reason: None,
            verified_at: now,
            expires_at: now.saturating_add(secs(valid_for)),
        },
    )
    .await
    .map_err(|e| {
        if crate::db::is_unique_violation(&e, "residency_town_census_key") {
            ApiError::field(ErrorCode::Conflict, "census")
        } else {
            e.into()
        }
    })?;
    let status = repo::status(&mut tx, user_id, now).await?;
    tx.commit().await?;
    Ok(status)
}

/// The account of the town with this email address, and its residency (404 if none).
pub async fn lookup(db: &Db, town_id: &str, email: &str) -> Result<UserResidency, ApiError> {
    let email = EmailAddress::parse(email)?;
    let mut tx = db.read().await?;
    let user = users::by_email(&mut tx, town_id, email.as_str())
        .await?
        .ok_or_else(ApiError::not_found)?;
    let residency = repo::status(&mut tx, &user.id, now()).await?;
    Ok(UserResidency {
        user_id: user.id,
        email: user.email,
        display_name: user.display_name,
        residency,
    })
}

/// A reason kept in the audit log: 1 to 500 characters, no control character.
fn reason_field(reason: &str) -> Result<&str, ApiError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 || reason.chars().any(char::is_control) {
        return Err(ApiError::field(ErrorCode::Validation, "reason"));
    }
    Ok(reason)
}

/// A staff member verifies the account `target_id` of the town by hand, in `district`, for
/// `valid_for`; nobody verifies their own residency.
pub async fn verify_manually(
    db: &Db,
    town_id: &str,
    staff_id: &str,
    target_id: &str,
    district: &str,
    reason: &str,
    valid_for: Duration,
) -> Result<ResidencyStatus, ApiError> {
    let reason = reason_field(reason)?;
    let district = district.trim();
    if district.is_empty()
        || district.chars().count() > 100
        || district.chars().any(char::is_control)
    {
        return Err(ApiError::field(ErrorCode::Validation, "district"));
    }
    if target_id == staff_id {
        return Err(ApiError::forbidden());
    }
    let mut tx = db.begin().await?;
    let target = users::by_id(&mut tx, town_id, target_id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let now = now();
    repo::upsert(
        &mut tx,
        &repo::Verification {
            user_id: &target.id,
            town_id,
            district,
            method: ResidencyMethod::Manual,
            census_reference: None,
            census_key: None,
            verified_by: Some(staff_id),
            reason: Some(reason),
            verified_at: now,
            expires_at: now.saturating_add(secs(valid_for)),
        },
    )
    .await?;
    audit::append(
        &mut tx,
        &audit::NewEntry {
            town_id,
            actor_id: Some(staff_id),
            action: "residency.verify",
            target: &target.id,
            reason: &format!("{reason} [district: {district}]"),
        },
    )
    .await?;
    let status = repo::status(&mut tx, &target.id, now).await?;
    tx.commit().await?;
    tracing::info!(staff = %staff_id, user = %target.id, "residency verified by hand");
    Ok(status)
}

/// A staff member revokes the verification of the account `target_id` of the town (404 when
/// it has none); the account cannot verify itself again from the census afterwards.
pub async fn revoke(
    db: &Db,
    town_id: &str,
    staff_id: &str,
    target_id: &str,
    reason: &str,
) -> Result<(), ApiError> {
    let reason = reason_field(reason)?;
    let mut tx = db.begin().await?;
    let target = users::by_id(&mut tx, town_id, target_id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if !repo::revoke(&mut tx, &target.id).await? {
        return Err(ApiError::not_found());
    }
    audit::append(
        &mut tx,
        &audit::NewEntry {
            town_id,
            actor_id: Some(staff_id),
            action: "residency.revoke",
            target: &target.id,
            reason,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(staff = %staff_id, user = %target.id, "residency revoked");
    Ok(())
}
