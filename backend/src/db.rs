//! One storage code path for SQLite and PostgreSQL.
//!
//! Voix keeps an enum of the two concrete sqlx pools rather than sqlx's `Any` driver: `Any`
//! cannot read SQLite booleans or PostgreSQL numerics, and hides each engine's types. Queries
//! are written once, in the SQL subset both engines accept (`$n` placeholders, `returning`,
//! `on conflict`), and [`on_db!`] runs the same text on whichever engine is active. Types
//! crossing the boundary are limited to `text`, `bigint` (i64), `boolean` and bytes.
//!
//! Every data access goes through a transaction ([`Tx`]). On SQLite, write transactions start
//! with `BEGIN IMMEDIATE` so that concurrent writers queue on the busy timeout instead of
//! failing with `SQLITE_BUSY` when a read transaction tries to upgrade.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

/// Which database engine a URL designates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// Recognises `sqlite:` and `postgres://` / `postgresql://` URLs.
    pub fn of_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else {
            None
        }
    }
}

/// A connection pool to the configured database.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// An open transaction. Dropping it without [`Tx::commit`] rolls it back.
#[derive(Debug)]
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs the same expression against whichever engine `$tx` (a `&mut Tx`) holds, with `$c`
/// bound to the engine's `&mut Connection`. Each arm is type-checked separately, so
/// `query_as::<_, Row>` resolves to the right engine in each.
#[macro_export]
macro_rules! on_db {
    ($tx:expr, |$c:ident| $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(__tx) => {
                let $c = &mut **__tx;
                $body
            }
            $crate::db::Tx::Postgres(__tx) => {
                let $c = &mut **__tx;
                $body
            }
        }
    };
}

/// Runs one statement with its bound values on `$tx` (a `&mut Tx`) and gives the number of
/// rows it changed: `exec!(tx, "update … where id = $1", id)`.
#[macro_export]
macro_rules! exec {
    ($tx:expr, $sql:expr $(, $arg:expr)* $(,)?) => {
        $crate::on_db!($tx, |c| sqlx::query($sql)
            $(.bind($arg))*
            .execute(c)
            .await
            .map(|r| r.rows_affected()))
    };
}

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

impl Db {
    /// Opens a pool. SQLite files (and their folder) are created when missing, in WAL mode with
    /// foreign keys enforced and a busy timeout.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        match Engine::of_url(url) {
            Some(Engine::Sqlite) => {
                let options = SqliteConnectOptions::from_str(url)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10));
                if let Some(parent) = options.get_filename().parent()
                    && !parent.as_os_str().is_empty()
                {
                    std::fs::create_dir_all(parent)?;
                }
                let pool = SqlitePoolOptions::new()
                    .max_connections(8)
                    .connect_with(options)
                    .await?;
                Ok(Self::Sqlite(pool))
            }
            Some(Engine::Postgres) => {
                let options = PgConnectOptions::from_str(url)?;
                let pool = PgPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(5))
                    .connect_with(options)
                    .await?;
                Ok(Self::Postgres(pool))
            }
            None => {
                anyhow::bail!("unsupported database URL: expected `sqlite:PATH` or `postgres://…`")
            }
        }
    }

    /// The SQLite URL of a file inside the data directory.
    pub fn sqlite_url_in(data_dir: &Path) -> String {
        format!("sqlite:{}", data_dir.join("voix.sqlite3").display())
    }

    pub fn engine(&self) -> Engine {
        match self {
            Self::Sqlite(_) => Engine::Sqlite,
            Self::Postgres(_) => Engine::Postgres,
        }
    }

    /// Applies the pending migrations of the engine's own folder, then fills the columns that
    /// the application computes (a migration cannot): the requests' `search_text`.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Self::Sqlite(pool) => SQLITE_MIGRATOR.run(pool).await?,
            Self::Postgres(pool) => POSTGRES_MIGRATOR.run(pool).await?,
        }
        let mut tx = self.begin().await?;
        let filled = fill_search_text(&mut tx).await?;
        tx.commit().await?;
        if filled > 0 {
            tracing::info!(
                filled,
                "search text filled for requests filed before migration 6"
            );
        }
        Ok(())
    }

    /// Starts a transaction that may write.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Self::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Self::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// Starts a transaction that only reads (never blocks writers on SQLite).
    pub async fn read(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Self::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Self::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// A trivial query, for health checks.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        let mut tx = self.read().await?;
        exec!(&mut tx, "select 1")?;
        Ok(())
    }

    pub async fn close(&self) {
        match self {
            Self::Sqlite(pool) => pool.close().await,
            Self::Postgres(pool) => pool.close().await,
        }
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Self::Sqlite(tx) => tx.commit().await,
            Self::Postgres(tx) => tx.commit().await,
        }
    }
}

/// The unique constraints the code tells apart, with the columns SQLite names for each in its
/// message ("UNIQUE constraint failed: users.town_id, users.email"): SQLite does not name the
/// constraint. `tests/api/storage.rs` checks this list against both schemas.
pub const UNIQUE_CONSTRAINTS: &[(&str, &str)] = &[
    ("users_town_email_key", "users.town_id, users.email"),
    (
        "residency_town_census_key",
        "residency.town_id, residency.census_key",
    ),
    (
        "categories_town_code_key",
        "categories.town_id, categories.code",
    ),
    ("towns_slug_key", "towns.slug"),
    ("town_hosts_pkey", "town_hosts.host"),
];

/// True when `err` is a violation of the unique constraint (or unique index) named `name`,
/// one of [`UNIQUE_CONSTRAINTS`]; any other violation is not mistaken for it.
pub fn is_unique_violation(err: &sqlx::Error, name: &str) -> bool {
    let Some(db) = err.as_database_error() else {
        return false;
    };
    if !db.is_unique_violation() {
        return false;
    }
    if let Some(constraint) = db.constraint() {
        return constraint == name;
    }
    let Some(columns) = db.message().strip_prefix("UNIQUE constraint failed: ") else {
        return false;
    };
    UNIQUE_CONSTRAINTS
        .iter()
        .any(|(n, c)| *n == name && *c == columns)
}

/// Fills `search_text` for requests stored before it existed (migration 0006), in batches;
/// returns how many were filled. A request always has a number, so a filled text is never
/// empty.
async fn fill_search_text(tx: &mut Tx) -> Result<u64, sqlx::Error> {
    let mut filled = 0;
    loop {
        let rows: Vec<(String, String, String, Option<String>)> = on_db!(tx, |c| sqlx::query_as(
            "select id, number, description, address from service_requests
             where search_text = '' limit 500"
        )
        .fetch_all(c)
        .await)?;
        if rows.is_empty() {
            return Ok(filled);
        }
        for (id, number, description, address) in rows {
            let text = crate::search::search_text(&number, &description, address.as_deref());
            exec!(
                tx,
                "update service_requests set search_text = $2 where id = $1",
                &id,
                &text
            )?;
            filled += 1;
        }
    }
}
