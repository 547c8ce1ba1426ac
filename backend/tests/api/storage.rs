//! The storage layer's promises across the two engines: the two dialects' migrations build the
//! same schema, and a unique violation is reported as the constraint it is.

use std::collections::BTreeSet;

use voix::db::{Db, Tx, UNIQUE_CONSTRAINTS, is_unique_violation};

use crate::helpers::{Backend, TestDb};
use crate::on_both_databases;

on_both_databases!(unique_violations_are_told_apart);

/// A migrated, empty database of `backend` (kept alive by the returned guards).
async fn migrated(backend: Backend) -> (Db, TestDb, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let test_db = TestDb::new(backend, dir.path()).await;
    let db = Db::connect(&test_db.url).await.unwrap();
    db.migrate().await.unwrap();
    (db, test_db, dir)
}

async fn rows(db: &Db, sql: &str) -> Vec<(String, String, String)> {
    let mut tx = db.read().await.unwrap();
    match &mut tx {
        Tx::Sqlite(t) => sqlx::query_as(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_all(&mut **t)
            .await
            .unwrap(),
        Tx::Postgres(t) => sqlx::query_as(sqlx::AssertSqlSafe(sql.to_owned()))
            .fetch_all(&mut **t)
            .await
            .unwrap(),
    }
}

async fn run(db: &Db, sql: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    match &mut tx {
        Tx::Sqlite(t) => sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&mut **t)
            .await
            .map(|_| ())?,
        Tx::Postgres(t) => sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(&mut **t)
            .await
            .map(|_| ())?,
    }
    tx.commit().await
}

/// Tables, columns with their nullability, named constraints and indexes, as sets of lines.
struct Schema {
    columns: BTreeSet<String>,
    constraints: BTreeSet<String>,
    indexes: BTreeSet<String>,
}

/// What differs by design (migration 0006): SQLite searches requests through an FTS5 table
/// with the trigram tokenizer (and its shadow tables), PostgreSQL through a trigram GIN index.
fn dialect_only(line: &str) -> bool {
    line.starts_with("request_search") || line.starts_with("service_requests_search_idx")
}

async fn schema(db: &Db, backend: Backend) -> Schema {
    let (columns, constraints, indexes) = match backend {
        Backend::Postgres => (
            rows(
                db,
                "select table_name::text, column_name::text, is_nullable::text
                 from information_schema.columns
                 where table_schema = 'public' and table_name <> '_sqlx_migrations'",
            )
            .await,
            rows(
                db,
                "select conrelid::regclass::text, conname::text, contype::text
                 from pg_constraint c join pg_namespace n on n.oid = c.connamespace
                 where n.nspname = 'public' and contype in ('p', 'u', 'f', 'c')
                   and conrelid::regclass::text <> '_sqlx_migrations'",
            )
            .await,
            rows(
                db,
                "select tablename::text, indexname::text, indexdef::text from pg_indexes
                 where schemaname = 'public' and tablename <> '_sqlx_migrations'
                   and indexname not in (select conname from pg_constraint)",
            )
            .await,
        ),
        Backend::Sqlite => {
            let tables = rows(
                db,
                "select name, coalesce(sql, ''), '' from sqlite_master
                 where type = 'table' and name not like 'sqlite_%' and name <> '_sqlx_migrations'",
            )
            .await;
            let mut columns = Vec::new();
            let mut constraints = Vec::new();
            for (table, sql, _) in &tables {
                for (column, notnull, pk) in rows(
                    db,
                    &format!(
                        "select name, cast(\"notnull\" as text), cast(pk as text)
                         from pragma_table_info('{table}')"
                    ),
                )
                .await
                {
                    let nullable = if notnull == "1" || pk != "0" {
                        "NO"
                    } else {
                        "YES"
                    };
                    columns.push((table.clone(), column, nullable.to_owned()));
                }
                let words: Vec<&str> = sql.split_whitespace().collect();
                for pair in words.windows(2) {
                    if pair[0].eq_ignore_ascii_case("constraint") {
                        constraints.push((table.clone(), pair[1].to_owned(), String::new()));
                    }
                }
            }
            let indexes = rows(
                db,
                "select tbl_name, name, sql from sqlite_master
                 where type = 'index' and sql is not null",
            )
            .await;
            (columns, constraints, indexes)
        }
    };
    // A unique index is how SQLite adds a unique constraint to an existing table: both count
    // as the same named rule.
    let (unique, indexes): (Vec<_>, Vec<_>) = indexes
        .into_iter()
        .partition(|(_, _, sql)| sql.to_ascii_lowercase().starts_with("create unique index"));
    let constraints = constraints.into_iter().chain(unique);
    Schema {
        columns: columns
            .into_iter()
            .map(|(t, c, n)| format!("{t}.{c} nullable={n}"))
            .filter(|l| !dialect_only(l))
            .collect(),
        constraints: constraints
            .into_iter()
            .map(|(t, c, _)| format!("{t}: {c}"))
            .filter(|l| !dialect_only(l))
            .collect(),
        indexes: indexes
            .into_iter()
            .map(|(t, i, _)| format!("{i} on {t}"))
            .filter(|l| !dialect_only(l))
            .collect(),
    }
}

fn same(what: &str, sqlite: &BTreeSet<String>, postgres: &BTreeSet<String>) -> Vec<String> {
    let mut drift = Vec::new();
    for line in sqlite.difference(postgres) {
        drift.push(format!("{what} only on SQLite: {line}"));
    }
    for line in postgres.difference(sqlite) {
        drift.push(format!("{what} only on PostgreSQL: {line}"));
    }
    drift
}

/// The two dialects cannot drift: after every migration, both engines have the same tables,
/// columns, nullability, constraint names and index names.
#[tokio::test]
async fn both_dialects_build_the_same_schema() {
    let (sqlite, _s, _sd) = migrated(Backend::Sqlite).await;
    let (postgres, _p, _pd) = migrated(Backend::Postgres).await;
    let (a, b) = (
        schema(&sqlite, Backend::Sqlite).await,
        schema(&postgres, Backend::Postgres).await,
    );
    assert!(a.columns.len() > 100, "{} columns read", a.columns.len());
    let mut drift = same("column", &a.columns, &b.columns);
    drift.extend(same("constraint", &a.constraints, &b.constraints));
    drift.extend(same("index", &a.indexes, &b.indexes));
    assert!(
        drift.is_empty(),
        "the dialects drifted:\n{}",
        drift.join("\n")
    );
}

/// `is_unique_violation` names the constraint that was violated, on SQLite too (which reports
/// only columns): a duplicate account id is not "this email is taken".
async fn unique_violations_are_told_apart(backend: Backend) {
    let (db, _t, _d) = migrated(backend).await;
    run(
        &db,
        "insert into towns (id, slug, name, is_default, created_at)
         values ('t1', 'ville', 'Ville', true, 0)",
    )
    .await
    .unwrap();
    let user = |id: &str, email: &str| {
        format!(
            "insert into users (id, town_id, email, display_name, password_hash, created_at,
                 updated_at) values ('{id}', 't1', '{email}', 'X', 'h', 0, 0)"
        )
    };
    run(&db, &user("u1", "a@exemple.fr")).await.unwrap();
    let same_email = run(&db, &user("u2", "a@exemple.fr")).await.unwrap_err();
    assert!(is_unique_violation(&same_email, "users_town_email_key"));
    assert!(!is_unique_violation(&same_email, "towns_slug_key"));
    let same_id = run(&db, &user("u1", "b@exemple.fr")).await.unwrap_err();
    assert!(same_id.as_database_error().unwrap().is_unique_violation());
    assert!(
        !is_unique_violation(&same_id, "users_town_email_key"),
        "a duplicate id read as a taken email"
    );
    // Every listed constraint exists with the listed columns (the list cannot go stale).
    for (name, columns) in UNIQUE_CONSTRAINTS {
        let (table, _) = columns.split_once('.').unwrap();
        let listed: Vec<String> = columns
            .split(", ")
            .map(|c| c.split_once('.').unwrap().1.to_owned())
            .collect();
        let actual: Vec<String> = match backend {
            Backend::Postgres => rows(
                &db,
                &format!(
                    "select a.attname::text, '', '' from pg_constraint c
                     cross join unnest(c.conkey) with ordinality k(n, i)
                     join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n
                     where c.conname = '{name}' and c.conrelid = '{table}'::regclass
                     order by k.i"
                ),
            )
            .await
            .into_iter()
            .map(|r| r.0)
            .collect(),
            Backend::Sqlite => {
                // The unique (or primary key) index whose columns are the listed ones.
                let mut found = Vec::new();
                for (index, _, _) in rows(
                    &db,
                    &format!(
                        "select name, '', '' from pragma_index_list('{table}') where \"unique\" = 1"
                    ),
                )
                .await
                {
                    let cols: Vec<String> = rows(
                        &db,
                        &format!(
                            "select name, '', '' from pragma_index_info('{index}') order by seqno"
                        ),
                    )
                    .await
                    .into_iter()
                    .map(|r| r.0)
                    .collect();
                    if cols == listed {
                        found = cols;
                    }
                }
                found
            }
        };
        assert_eq!(actual, listed, "{name}");
    }
}
