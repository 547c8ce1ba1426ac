//! Accounts. Every query is scoped by `town_id`: a town never reads another town's accounts.

use protocol::api::{Language, Role, UserSummary};

use crate::db::Tx;
use crate::exec;
use crate::on_db;
use crate::time::now;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct User {
    pub id: String,
    pub town_id: String,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub language: String,
    pub role: String,
    pub email_verified_at: Option<i64>,
    pub disabled: bool,
    pub created_at: i64,
    /// When the second factor was confirmed; `None` without one (or while it is pending).
    pub totp_enabled_at: Option<i64>,
    /// `local` (email + password) or `ldap` (the town hall's directory checks the password).
    pub auth_source: String,
    /// The directory's stable identifier of the person, for `ldap` accounts.
    pub directory_id: Option<String>,
}

impl User {
    pub fn totp_enabled(&self) -> bool {
        self.totp_enabled_at.is_some()
    }

    /// True for an account whose password the directory (LDAP / Active Directory) checks: it
    /// has no local password to log in with, change or reset.
    pub fn is_directory_managed(&self) -> bool {
        self.auth_source != AUTH_LOCAL
    }

    pub fn language(&self) -> Language {
        Language::parse(&self.language).unwrap_or_default()
    }

    /// An unknown stored role degrades to the least privileged one.
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Resident)
    }

    pub fn summary(&self) -> UserSummary {
        UserSummary {
            id: self.id.clone(),
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            role: self.role(),
            email_verified: self.email_verified_at.is_some(),
            disabled: self.disabled,
            created_at: self.created_at,
        }
    }
}

const COLUMNS: &str = "id, town_id, email, display_name, password_hash, language, role, \
                       email_verified_at, disabled, created_at, \
                       (select t.enabled_at from totp_credentials t where t.user_id = users.id) \
                       as totp_enabled_at, auth_source, directory_id";

/// `users.auth_source` of email + password accounts.
pub const AUTH_LOCAL: &str = "local";
/// `users.auth_source` of accounts managed by the town hall's directory.
pub const AUTH_LDAP: &str = "ldap";
/// The `password_hash` of directory accounts: not a PHC string, so it never verifies.
pub const NO_LOCAL_PASSWORD: &str = "!directory";

/// What a new account needs.
#[derive(Debug)]
pub struct NewUser<'a> {
    pub town_id: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub language: Language,
    pub role: Role,
    pub verified: bool,
}

/// Inserts an account. Fails with a unique violation (`users_town_email_key`) when the email
/// already has an account in this town.
pub async fn insert(tx: &mut Tx, new: &NewUser<'_>) -> Result<User, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    let now = now();
    let verified_at = new.verified.then_some(now);
    exec!(
        tx,
        "insert into users (id, town_id, email, display_name, password_hash, language, role,
                            email_verified_at, disabled, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, false, $9, $9)",
        &id,
        new.town_id,
        new.email,
        new.display_name,
        new.password_hash,
        new.language.as_str(),
        new.role.as_str(),
        verified_at,
        now
    )?;
    Ok(User {
        id,
        town_id: new.town_id.to_owned(),
        email: new.email.to_owned(),
        display_name: new.display_name.to_owned(),
        password_hash: new.password_hash.to_owned(),
        language: new.language.as_str().to_owned(),
        role: new.role.as_str().to_owned(),
        email_verified_at: verified_at,
        disabled: false,
        created_at: now,
        totp_enabled_at: None,
        auth_source: AUTH_LOCAL.to_owned(),
        directory_id: None,
    })
}

/// What the directory says about a person, to create or update their account.
#[derive(Debug)]
pub struct DirectoryAccount<'a> {
    pub town_id: &'a str,
    pub directory_id: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub role: Role,
}

/// The account linked to a directory entry.
pub async fn by_directory_id(
    tx: &mut Tx,
    town_id: &str,
    directory_id: &str,
) -> Result<Option<User>, sqlx::Error> {
    let sql = format!("select {COLUMNS} from users where town_id = $1 and directory_id = $2");
    on_db!(tx, |c| sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(
        sql.as_str()
    ))
    .bind(town_id)
    .bind(directory_id)
    .fetch_optional(c)
    .await)
}

/// Creates a directory account: address confirmed (the directory vouches for it), no local
/// password. Fails with a unique violation when the email already has an account in the town.
pub async fn insert_directory(
    tx: &mut Tx,
    new: &DirectoryAccount<'_>,
    language: Language,
) -> Result<(), sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    let now = now();
    exec!(
        tx,
        "insert into users (id, town_id, email, display_name, password_hash, language, role,
                            email_verified_at, disabled, created_at, updated_at, auth_source,
                            directory_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, false, $8, $8, $9, $10)",
        &id,
        new.town_id,
        new.email,
        new.display_name,
        NO_LOCAL_PASSWORD,
        language.as_str(),
        new.role.as_str(),
        now,
        AUTH_LDAP,
        new.directory_id
    )?;
    Ok(())
}

/// Refreshes a directory account from its entry (email, name, role). Fails with a unique
/// violation when the new email belongs to another account of the town.
pub async fn update_directory(
    tx: &mut Tx,
    id: &str,
    new: &DirectoryAccount<'_>,
) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "update users set email = $2, display_name = $3, role = $4,
                          email_verified_at = coalesce(email_verified_at, $5), updated_at = $5
         where id = $1 and auth_source = $6",
        id,
        new.email,
        new.display_name,
        new.role.as_str(),
        now(),
        AUTH_LDAP
    )?;
    Ok(())
}

pub async fn by_email(
    tx: &mut Tx,
    town_id: &str,
    email: &str,
) -> Result<Option<User>, sqlx::Error> {
    let sql = format!("select {COLUMNS} from users where town_id = $1 and email = $2");
    on_db!(tx, |c| sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(
        sql.as_str()
    ))
    .bind(town_id)
    .bind(email)
    .fetch_optional(c)
    .await)
}

pub async fn by_id(tx: &mut Tx, town_id: &str, id: &str) -> Result<Option<User>, sqlx::Error> {
    let sql = format!("select {COLUMNS} from users where town_id = $1 and id = $2");
    on_db!(tx, |c| sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(
        sql.as_str()
    ))
    .bind(town_id)
    .bind(id)
    .fetch_optional(c)
    .await)
}

/// Accounts of a town, newest first, at most `limit`.
pub async fn list(
    tx: &mut Tx,
    town_id: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<User>, sqlx::Error> {
    let sql = format!(
        "select {COLUMNS} from users where town_id = $1 order by created_at desc, id limit $2 offset $3"
    );
    on_db!(tx, |c| sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(
        sql.as_str()
    ))
    .bind(town_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(c)
    .await)
}

pub async fn mark_verified(tx: &mut Tx, id: &str) -> Result<(), sqlx::Error> {
    on_db!(tx, |c| {
        sqlx::query(
        "update users set email_verified_at = coalesce(email_verified_at, $2), updated_at = $2 where id = $1"
    )
    .bind(id)
    .bind(now())
    .execute(c)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn set_password(tx: &mut Tx, id: &str, password_hash: &str) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "update users set password_hash = $2, updated_at = $3 where id = $1",
        id,
        password_hash,
        now()
    )?;
    Ok(())
}

pub async fn update_profile(
    tx: &mut Tx,
    id: &str,
    display_name: Option<&str>,
    language: Option<Language>,
) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "update users set display_name = coalesce($2, display_name),
                          language = coalesce($3, language), updated_at = $4
         where id = $1",
        id,
        display_name,
        language.map(Language::as_str),
        now()
    )?;
    Ok(())
}

pub async fn update_admin(
    tx: &mut Tx,
    id: &str,
    role: Option<Role>,
    disabled: Option<bool>,
) -> Result<(), sqlx::Error> {
    on_db!(tx, |c| {
        sqlx::query(
        "update users set role = coalesce($2, role), disabled = coalesce($3, disabled), updated_at = $4
         where id = $1"
    )
    .bind(id)
    .bind(role.map(Role::as_str))
    .bind(disabled)
    .bind(now())
    .execute(c)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Erases an account. Sessions, link tokens and queued emails go with it (foreign keys cascade).
pub async fn delete(tx: &mut Tx, id: &str) -> Result<(), sqlx::Error> {
    exec!(tx, "delete from users where id = $1", id)?;
    Ok(())
}

/// The town's enabled accounts that act for its services (staff and administrators), by name.
pub async fn staff_members(tx: &mut Tx, town_id: &str) -> Result<Vec<User>, sqlx::Error> {
    let sql = format!(
        "select {COLUMNS} from users where town_id = $1 and not disabled
         and role in ('staff', 'admin', 'syndicate_admin') order by display_name, id"
    );
    on_db!(tx, |c| sqlx::query_as::<_, User>(sqlx::AssertSqlSafe(
        sql.clone()
    ))
    .bind(town_id)
    .fetch_all(c)
    .await)
}
