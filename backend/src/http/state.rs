//! The state every handler receives.

use std::sync::Arc;

use crate::config::Settings;
use crate::db::Db;
use crate::metrics::Metrics;

#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    /// Shared with the email worker, which counts deliveries and failures.
    pub metrics: Arc<Metrics>,
    /// Filings with photos in progress, per account (`routes/requests.rs`).
    pub uploads: Arc<super::in_flight::InFlight>,
}

impl AppState {
    /// The domain used in Message-IDs: the public URL's host.
    pub fn mail_domain(&self) -> String {
        self.settings.mail_domain().to_owned()
    }

    /// `<the town's public address>/<path>?token=<token>`, the shape of the links in account
    /// mails (the token only works on that town's host).
    pub fn link(&self, town: &crate::repo::towns::Town, path: &str, token: &str) -> String {
        town.link(&self.settings, path, token)
    }
}
