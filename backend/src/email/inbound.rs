//! Inbound replies: residents answer a notification by email; the reply is fetched from an
//! IMAP mailbox and appended to the request as the resident's comment.
//!
//! (Being written: the IMAP client and worker. Only the settings exist so far.)

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use crate::config::Secret;

/// How to reach the IMAP server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImapTls {
    /// Plain text: only for a server on the same machine (refused otherwise by `validate`).
    None,
    Starttls,
    Tls,
}

/// `[imap]`: the mailbox that receives replies.
#[derive(Debug, Clone)]
pub struct ImapSettings {
    pub host: String,
    pub port: u16,
    pub tls: ImapTls,
    pub username: String,
    pub password: Secret,
    /// Extra CA certificate (PEM) to trust, e.g. the town hall's internal CA.
    pub ca_file: Option<PathBuf>,
    /// The folder replies arrive in.
    pub folder: String,
    /// Where appended replies are moved.
    pub processed_folder: String,
    /// Where unmatched or suspicious mail is moved for a person to look at; never deleted.
    pub review_folder: String,
    /// The `Reply-To` of notifications, with `{token}` where the request's reply token goes,
    /// e.g. `voix+{token}@mairie.example.fr` (plus addressing delivers it to `voix@…`).
    pub reply_address: String,
    pub poll_interval: Duration,
}

/// `[imap]` section of the configuration file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileImap {
    pub host: String,
    pub port: Option<u16>,
    pub tls: Option<ImapTls>,
    pub username: String,
    pub password: Secret,
    pub ca_file: Option<PathBuf>,
    pub folder: Option<String>,
    pub processed_folder: Option<String>,
    pub review_folder: Option<String>,
    pub reply_address: String,
    pub poll_seconds: Option<u64>,
}

impl FileImap {
    pub fn into_settings(self) -> anyhow::Result<ImapSettings> {
        let tls = self.tls.unwrap_or(ImapTls::Tls);
        if !self.reply_address.contains("{token}") || !self.reply_address.contains('@') {
            anyhow::bail!("[imap] reply_address must contain {{token}} and an @, e.g. voix+{{token}}@mairie.example.fr");
        }
        Ok(ImapSettings {
            host: self.host,
            port: self.port.unwrap_or(match tls {
                ImapTls::Tls => 993,
                _ => 143,
            }),
            tls,
            username: self.username,
            password: self.password,
            ca_file: self.ca_file,
            folder: self.folder.unwrap_or_else(|| "INBOX".into()),
            processed_folder: self.processed_folder.unwrap_or_else(|| "Voix/Traites".into()),
            review_folder: self.review_folder.unwrap_or_else(|| "Voix/A-verifier".into()),
            reply_address: self.reply_address,
            poll_interval: Duration::from_secs(self.poll_seconds.unwrap_or(60).max(1)),
        })
    }
}

impl ImapSettings {
    /// The `Reply-To` address for a request's reply token.
    pub fn reply_address_for(&self, token: &str) -> String {
        self.reply_address.replace("{token}", token)
    }
}

/// The inbound worker: polls the mailbox every `poll_interval` until shutdown.
pub async fn run(
    _db: crate::db::Db,
    _settings: crate::config::Settings,
    _imap: ImapSettings,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    let _ = shutdown.wait_for(|s| *s).await;
}
