//! What the load benchmarks share: the engine choice, a server with its own database, CPU
//! accounting from `/proc`, the machine's description.
#![allow(dead_code)] // Each benchmark uses its own part of this module.

use std::net::{SocketAddr, TcpListener};

use anyhow::Context;
use voix::app::Application;
use voix::config::{Secret, Settings};
use voix::db::Db;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn label(self) -> &'static str {
        match self {
            Self::Sqlite => "SQLite",
            Self::Postgres => "PostgreSQL",
        }
    }
}

/// The engines named by `--db`: `sqlite`, `postgres` or `both`.
pub fn engines(value: &str) -> anyhow::Result<Vec<Engine>> {
    Ok(match value {
        "sqlite" => vec![Engine::Sqlite],
        "postgres" | "postgresql" => vec![Engine::Postgres],
        "both" => vec![Engine::Sqlite, Engine::Postgres],
        other => anyhow::bail!("--db {other}: expected sqlite, postgres or both"),
    })
}

// --- Server ---------------------------------------------------------------------------------

pub fn pg_admin_url() -> String {
    std::env::var("VOIX_BENCH_PG_URL")
        .or_else(|_| std::env::var("VOIX_TEST_PG_URL"))
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

pub async fn pg_admin(sql: &str) -> anyhow::Result<()> {
    let admin = Db::connect(&format!("{}/postgres", pg_admin_url()))
        .await
        .context("PostgreSQL must accept connections (VOIX_BENCH_PG_URL)")?;
    if let Db::Postgres(pool) = &admin {
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await?;
    }
    admin.close().await;
    Ok(())
}

/// A running application with its own database.
pub struct Server {
    pub port: u16,
    pub db: Db,
    /// What the application was built with.
    pub settings: Settings,
    pub shutdown: tokio::sync::watch::Sender<bool>,
    pub handle: tokio::task::JoinHandle<anyhow::Result<()>>,
    pub pg_name: Option<String>,
    pub dir: tempfile::TempDir,
}

pub fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Starts the real application on a free port, on a fresh SQLite file or PostgreSQL database,
/// after `configure` adjusted its default settings.
pub async fn start(
    engine: Engine,
    configure: impl FnOnce(&mut Settings),
) -> anyhow::Result<Server> {
    let dir = tempfile::tempdir()?;
    let (url, pg_name) = match engine {
        Engine::Sqlite => (Db::sqlite_url_in(dir.path()), None),
        Engine::Postgres => {
            let name = format!("voix_bench_{}", uuid::Uuid::new_v4().simple());
            pg_admin(&format!("create database {name}")).await?;
            (format!("{}/{name}", pg_admin_url()), Some(name))
        }
    };
    let port = free_port()?;
    let mut settings = Settings::with_defaults(dir.path().to_path_buf());
    settings.database_url = Secret::new(url);
    settings.listen = SocketAddr::from(([127, 0, 0, 1], port));
    settings.public_url = format!("http://127.0.0.1:{port}").parse()?;
    settings.totp_required_roles = vec![];
    configure(&mut settings);
    let app = Application::build(settings.clone()).await?;
    let db = app.db().clone();
    let shutdown = app.shutdown_handle();
    let handle = tokio::spawn(app.run_until_stopped());
    Ok(Server {
        port,
        db,
        settings,
        shutdown,
        handle,
        pg_name,
        dir,
    })
}

pub async fn stop(server: Server, keep: bool) -> anyhow::Result<()> {
    let _ = server.shutdown.send(true);
    server.handle.await??;
    if keep {
        match &server.pg_name {
            Some(name) => println!("kept database: {}/{name}", pg_admin_url()),
            None => println!("kept database: {}", server.dir.keep().display()),
        }
    } else if let Some(name) = &server.pg_name {
        pg_admin(&format!("drop database if exists {name} with (force)")).await?;
    }
    Ok(())
}

/// CPU time used so far (Linux `/proc`, clock ticks of 1/100 s): the whole machine's busy
/// time and this process's own.
pub struct CpuTimes {
    pub machine_busy: u64,
    /// Time the hypervisor gave to other guests (included in `machine_busy`).
    pub steal: u64,
    pub process: u64,
}

impl CpuTimes {
    pub fn now() -> Option<Self> {
        let stat = std::fs::read_to_string("/proc/stat").ok()?;
        let ticks: Vec<u64> = stat
            .lines()
            .next()?
            .split_whitespace()
            .skip(1)
            .filter_map(|t| t.parse().ok())
            .collect();
        // user nice system idle iowait irq softirq steal …
        let idle = ticks.get(3)? + ticks.get(4).copied().unwrap_or(0);
        let total: u64 = ticks.iter().take(8).sum();
        let own = std::fs::read_to_string("/proc/self/stat").ok()?;
        // The fields after the command name (which may hold spaces) start at `state` (field 3);
        // utime and stime are fields 14 and 15.
        let after = own.rsplit_once(')')?.1;
        let fields: Vec<&str> = after.split_whitespace().collect();
        let process = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        Some(Self {
            machine_busy: total - idle,
            steal: ticks.get(7).copied().unwrap_or(0),
            process,
        })
    }

    /// (machine busy, of which stolen, this process) in seconds since `before`.
    pub fn since(self, before: &Option<Self>) -> Option<(f64, f64, f64)> {
        let before = before.as_ref()?;
        let secs = |now: u64, then: u64| now.saturating_sub(then) as f64 / 100.0;
        Some((
            secs(self.machine_busy, before.machine_busy),
            secs(self.steal, before.steal),
            secs(self.process, before.process),
        ))
    }
}

pub fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("{cores} cores ({model})")
}
