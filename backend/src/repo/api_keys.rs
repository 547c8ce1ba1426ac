//! Open311 API keys. Only the SHA-256 of a key is stored; the key itself is printed once by
//! `voix admin create-api-key`. A key belongs to one town and is refused once revoked.

use crate::auth::token;
use crate::db::Tx;
use crate::exec;
use crate::on_db;

/// A stored key (never the key itself).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiKey {
    pub id: String,
    pub town_id: String,
    pub name: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

const COLUMNS: &str = "id, town_id, name, created_at, revoked_at";

/// Creates a key for `town_id` and returns it with the secret, which is not stored and cannot
/// be shown again: 32 random bytes, base64url without padding.
pub async fn create(
    tx: &mut Tx,
    town_id: &str,
    name: &str,
    now: i64,
) -> Result<(ApiKey, String), sqlx::Error> {
    let secret = token::random_token();
    let key = ApiKey {
        id: uuid::Uuid::new_v4().to_string(),
        town_id: town_id.to_owned(),
        name: name.to_owned(),
        created_at: now,
        revoked_at: None,
    };
    exec!(
        tx,
        "insert into api_keys (id, town_id, name, key_hash, created_at) values ($1, $2, $3, $4, $5)",
        &key.id,
        &key.town_id,
        &key.name,
        token::digest(&secret),
        now
    )?;
    Ok((key, secret))
}

/// The live (not revoked) key of `town_id` whose secret is `secret`.
pub async fn find_active(
    tx: &mut Tx,
    town_id: &str,
    secret: &str,
) -> Result<Option<ApiKey>, sqlx::Error> {
    let sql = format!(
        "select {COLUMNS} from api_keys
         where key_hash = $1 and town_id = $2 and revoked_at is null"
    );
    on_db!(tx, |c| sqlx::query_as::<_, ApiKey>(sqlx::AssertSqlSafe(
        sql.clone()
    ))
    .bind(token::digest(secret))
    .bind(town_id)
    .fetch_optional(c)
    .await)
}

/// The town's keys, revoked ones included, oldest first.
pub async fn list(tx: &mut Tx, town_id: &str) -> Result<Vec<ApiKey>, sqlx::Error> {
    let sql =
        format!("select {COLUMNS} from api_keys where town_id = $1 order by created_at, name");
    on_db!(tx, |c| sqlx::query_as::<_, ApiKey>(sqlx::AssertSqlSafe(
        sql.clone()
    ))
    .bind(town_id)
    .fetch_all(c)
    .await)
}

/// Whether the town has a live key named `name` (names of live keys are kept unique so that
/// revoking by name is unambiguous).
pub async fn active_name_exists(
    tx: &mut Tx,
    town_id: &str,
    name: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 = on_db!(tx, |c| sqlx::query_scalar(
        "select count(*) from api_keys where town_id = $1 and name = $2 and revoked_at is null"
    )
    .bind(town_id)
    .bind(name)
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}

/// Revokes the town's live keys named `name`; returns how many were revoked.
pub async fn revoke(tx: &mut Tx, town_id: &str, name: &str, now: i64) -> Result<u64, sqlx::Error> {
    exec!(
        tx,
        "update api_keys set revoked_at = $3
         where town_id = $1 and name = $2 and revoked_at is null",
        town_id,
        name,
        now
    )
}
