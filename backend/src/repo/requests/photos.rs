//! A request's photos (stored cleaned) and their moderation.

use crate::db::Tx;
use crate::exec;
use crate::on_db;

use super::*;

/// A photo's metadata (no bytes).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Photo {
    pub id: String,
    pub position: i64,
    pub mime: String,
    pub width: i64,
    pub height: i64,
    pub hidden_reason: Option<String>,
}

pub async fn add_photo(
    tx: &mut Tx,
    request_id: &str,
    town_id: &str,
    position: i64,
    photo: &CleanPhoto,
    now: i64,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    exec!(
        tx,
        "insert into request_photos (id, request_id, town_id, position, mime, data, width, height,
                                     created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &id,
        request_id,
        town_id,
        position,
        photo.mime,
        photo.bytes.as_slice(),
        i64::from(photo.width),
        i64::from(photo.height),
        now
    )?;
    Ok(id)
}

pub async fn photos(tx: &mut Tx, request_id: &str) -> Result<Vec<Photo>, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_as::<_, Photo>(
        "select id, position, mime, width, height, hidden_reason from request_photos
         where request_id = $1 order by position"
    )
    .bind(request_id)
    .fetch_all(c)
    .await)
}

/// A photo's bytes and type, with its hidden reason.
pub async fn photo_data(
    tx: &mut Tx,
    request_id: &str,
    photo_id: &str,
) -> Result<Option<(Vec<u8>, String, Option<String>)>, sqlx::Error> {
    on_db!(tx, |c| {
        sqlx::query_as::<_, (Vec<u8>, String, Option<String>)>(
        "select data, mime, hidden_reason from request_photos where request_id = $1 and id = $2"
    )
    .bind(request_id)
    .bind(photo_id)
    .fetch_optional(c)
    .await
    })
}

/// Hides a photo; false when it is not one of the request's.
pub async fn hide_photo(
    tx: &mut Tx,
    request_id: &str,
    photo_id: &str,
    reason: &str,
) -> Result<bool, sqlx::Error> {
    let n = exec!(
        tx,
        "update request_photos set hidden_reason = $3 where request_id = $1 and id = $2",
        request_id,
        photo_id,
        reason
    )?;
    Ok(n == 1)
}
