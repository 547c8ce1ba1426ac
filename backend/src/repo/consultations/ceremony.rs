//! Key ceremony messages, the `server_single` key, and the officials' progress through the
//! ceremony and the partial decryptions.

use crate::db::Tx;
use crate::exec;
use crate::on_db;

/// Stores one key-ceremony message (replacing none: the key is unique).
#[allow(clippy::too_many_arguments)]
pub async fn insert_ceremony_message(
    tx: &mut Tx,
    town_id: &str,
    id: &str,
    step: i64,
    position: i64,
    kind: &str,
    payload: &str,
    submitted_by: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "insert into consultation_ceremony_messages (consultation_id, town_id, step,
             trustee_position, kind, payload, submitted_by, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
        id,
        town_id,
        step,
        position,
        kind,
        payload,
        submitted_by,
        now
    )?;
    Ok(())
}

/// The payloads of the ceremony messages of `kind`, by trustee position.
pub async fn ceremony_messages(
    tx: &mut Tx,
    id: &str,
    kind: &str,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, (i64, String)>(
        "select trustee_position, payload from consultation_ceremony_messages
         where consultation_id = $1 and kind = $2 order by trustee_position"
    )
    .bind(id)
    .bind(kind)
    .fetch_all(c)
    .await)
}

/// Stores the server-held Single trustee's private key (`server_single` only: the column's
/// check constraint refuses it on an official's row).
pub async fn set_server_private_key(
    tx: &mut Tx,
    id: &str,
    position: i64,
    key: &str,
) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "update consultation_trustees set server_private_key = $3
         where consultation_id = $1 and position = $2 and kind = 'server'",
        id,
        position,
        key
    )?;
    Ok(())
}

/// The server-held trustee's position and private key, if any.
pub async fn server_private_key(
    tx: &mut Tx,
    id: &str,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, (i64, String)>(
        "select position, server_private_key from consultation_trustees
         where consultation_id = $1 and kind = 'server' and server_private_key is not null"
    )
    .bind(id)
    .fetch_optional(c)
    .await)
}

/// Deletes the server-held trustee's private key (at publication: nothing needs it any more);
/// returns how many keys were cleared (0 or 1).
pub async fn forget_server_private_key(tx: &mut Tx, id: &str) -> Result<u64, sqlx::Error> {
    exec!(
        tx,
        "update consultation_trustees set server_private_key = null
         where consultation_id = $1 and kind = 'server' and server_private_key is not null",
        id
    )
}

/// The consultations (not drafts) of which the account `user_id` is a key holder, with its
/// position, newest opening first.
pub async fn trustee_positions(
    tx: &mut Tx,
    town_id: &str,
    user_id: &str,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, (String, i64)>(
        "select t.consultation_id, t.position from consultation_trustees t
         join consultations c on c.id = t.consultation_id
         where t.town_id = $1 and t.user_id = $2 and t.kind = 'official'
           and c.status <> 'draft'
         order by c.opens_at desc, c.id"
    )
    .bind(town_id)
    .bind(user_id)
    .fetch_all(c)
    .await)
}

/// Every ceremony message's `(step, trustee_position)`, without payloads (progress).
pub async fn ceremony_progress(tx: &mut Tx, id: &str) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, (i64, i64)>(
        "select step, trustee_position from consultation_ceremony_messages
         where consultation_id = $1 order by step, trustee_position"
    )
    .bind(id)
    .fetch_all(c)
    .await)
}

/// The trustee positions whose partial decryption of the whole tally is stored.
pub async fn partial_decryption_owners(tx: &mut Tx, id: &str) -> Result<Vec<i64>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_scalar::<_, i64>(
        "select trustee_position from consultation_partial_decryptions
         where consultation_id = $1 and scope = '' order by trustee_position"
    )
    .bind(id)
    .fetch_all(c)
    .await)
}
