//! Builds and runs the server: database, migrations, default town, HTTP listener and the
//! background workers, with graceful shutdown.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::Settings;
use crate::db::Db;
use crate::email::{transport::Transport, worker};
use crate::http::AppState;
use crate::{maintenance, repo, routes};

/// A server ready to run: its listener is bound (so `port()` is known) and its database
/// migrated.
#[derive(Debug)]
pub struct Application {
    listener: TcpListener,
    /// The operator's `/metrics` listener, when configured.
    metrics_listener: Option<TcpListener>,
    state: AppState,
    transport: Transport,
    shutdown: watch::Sender<bool>,
}

impl Application {
    /// Connects, migrates, makes sure a default town exists and binds the listener.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let db = Db::connect(settings.database_url.expose())
            .await
            .context("cannot open the database")?;
        Self::assemble(settings, db, None).await
    }

    /// As [`Application::build`], serving on `listener`, already bound: a caller that needs
    /// the port before configuring (tests bind port 0, then set the public URL) never
    /// releases it for another process to take.
    pub async fn build_on(
        settings: Settings,
        listener: std::net::TcpListener,
    ) -> anyhow::Result<Self> {
        let db = Db::connect(settings.database_url.expose())
            .await
            .context("cannot open the database")?;
        Self::assemble(settings, db, Some(listener)).await
    }

    /// As [`Application::build`], on an already open pool.
    pub async fn build_with_db(settings: Settings, db: Db) -> anyhow::Result<Self> {
        Self::assemble(settings, db, None).await
    }

    async fn assemble(
        settings: Settings,
        db: Db,
        bound: Option<std::net::TcpListener>,
    ) -> anyhow::Result<Self> {
        if let Some(ldap) = &settings.ldap {
            ldap.validate()?;
        }
        db.migrate()
            .await
            .context("cannot apply database migrations")?;
        let mut tx = db.begin().await?;
        repo::towns::ensure_default(&mut tx, &settings.default_town_name).await?;
        tx.commit().await?;
        settings
            .ballot_seal()?
            .check_with_db(&db, &settings.ballot_seal_key_file)
            .await?;
        let transport = Transport::from_settings(&settings)?;
        let listener = match bound {
            Some(listener) => {
                listener.set_nonblocking(true)?;
                TcpListener::from_std(listener)?
            }
            None => TcpListener::bind(settings.listen)
                .await
                .with_context(|| format!("cannot listen on {}", settings.listen))?,
        };
        let metrics_listener = match settings.metrics.listen {
            Some(address) => Some(
                TcpListener::bind(address)
                    .await
                    .with_context(|| format!("cannot listen on {address} for metrics"))?,
            ),
            None => None,
        };
        let (shutdown, _) = watch::channel(false);
        Ok(Self {
            listener,
            metrics_listener,
            state: AppState {
                db,
                settings: Arc::new(settings),
                metrics: Arc::default(),
                // One filing with photos at a time per account: a second waits for the first.
                uploads: Arc::new(crate::http::in_flight::InFlight::new(1)),
            },
            transport,
            shutdown,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// The port of the `/metrics` listener, when there is one.
    pub fn metrics_port(&self) -> Option<u16> {
        let listener = self.metrics_listener.as_ref()?;
        listener.local_addr().ok().map(|a| a.port())
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// A handle that stops the server when sent `true`.
    pub fn shutdown_handle(&self) -> watch::Sender<bool> {
        self.shutdown.clone()
    }

    /// Serves until SIGINT/SIGTERM or the shutdown handle fires: stops accepting, finishes
    /// in-flight requests, then lets the workers finish the message in hand.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let Self {
            listener,
            metrics_listener,
            state,
            transport,
            shutdown,
        } = self;
        let settings = (*state.settings).clone();
        let workers: Vec<JoinHandle<()>> = vec![
            tokio::spawn(worker::run(
                state.db.clone(),
                transport,
                settings.clone(),
                state.metrics.clone(),
                shutdown.subscribe(),
            )),
            tokio::spawn(maintenance::run(
                state.db.clone(),
                settings.clone(),
                shutdown.subscribe(),
            )),
        ];
        let mut workers = workers;
        if let Some(metrics_listener) = metrics_listener {
            let mut stop = shutdown.subscribe();
            let router = crate::metrics::private_router(state.clone());
            tracing::info!(address = %metrics_listener.local_addr()?, "metrics listening");
            workers.push(tokio::spawn(async move {
                let served = axum::serve(metrics_listener, router)
                    .with_graceful_shutdown(async move {
                        let _ = stop.wait_for(|s| *s).await;
                    })
                    .await;
                if let Err(err) = served {
                    tracing::error!(error = %err, "the metrics listener stopped");
                }
            }));
        }
        if let Some(imap) = settings.imap.clone() {
            workers.push(tokio::spawn(crate::email::inbound::run(
                state.db.clone(),
                settings.clone(),
                imap,
                shutdown.subscribe(),
            )));
        }
        let mut stop = shutdown.subscribe();
        let signal = async move {
            tokio::select! {
                () = os_signal() => {}
                _ = stop.wait_for(|s| *s) => {}
            }
        };
        let db = state.db.clone();
        let app = routes::router(state);
        tracing::info!(address = %listener.local_addr()?, "voix listening");
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(signal)
        .await?;
        let _ = shutdown.send(true);
        for w in workers {
            let _ = w.await;
        }
        db.close().await;
        tracing::info!("voix stopped");
        Ok(())
    }
}

async fn os_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
