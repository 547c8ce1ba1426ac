//! Inbound replies: residents answer a notification by email; the reply is fetched from an
//! IMAP mailbox and appended to the request as the resident's comment.
//!
//! - [`imap`] connects (TLS, STARTTLS, or plain on loopback only) and moves messages;
//! - [`parse`] reads a message: Message-ID, sender, reply token, automatic replies;
//! - [`text`] keeps the resident's words (quotes, attributions and signatures removed);
//! - [`worker`] polls the mailbox, decides, appends in one transaction, then files the
//!   message in the processed or review folder. Nothing is ever deleted without a copy.

pub mod imap;
pub mod parse;
pub mod text;
pub mod worker;

pub use worker::run;

use std::net::IpAddr;
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
        let settings = ImapSettings {
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
            processed_folder: self
                .processed_folder
                .unwrap_or_else(|| "Voix/Traites".into()),
            review_folder: self
                .review_folder
                .unwrap_or_else(|| "Voix/A-verifier".into()),
            reply_address: self.reply_address,
            poll_interval: Duration::from_secs(self.poll_seconds.unwrap_or(60).max(1)),
        };
        settings.validate()?;
        Ok(settings)
    }
}

impl ImapSettings {
    /// The `Reply-To` address for a request's reply token.
    pub fn reply_address_for(&self, token: &str) -> String {
        self.reply_address.replace("{token}", token)
    }

    /// Refuses settings that cannot work or would leak: a password in clear text to another
    /// machine, a reply address without `{token}` in its local part, folders that overlap.
    pub fn validate(&self) -> anyhow::Result<()> {
        if self.tls == ImapTls::None && !is_loopback(&self.host) {
            anyhow::bail!(
                "[imap] tls = \"none\" sends the password in clear text: it is only allowed for a \
                 server on this machine (localhost, 127.0.0.1, ::1), not {:?}; use \"tls\" or \"starttls\"",
                self.host
            );
        }
        if parse::ReplyPattern::new(&self.reply_address).is_none() {
            anyhow::bail!(
                "[imap] reply_address must contain {{token}} before the @, e.g. voix+{{token}}@mairie.example.fr"
            );
        }
        let folders = [&self.folder, &self.processed_folder, &self.review_folder];
        for f in folders {
            if f.trim().is_empty() || f.contains(['\r', '\n']) {
                anyhow::bail!("[imap] folder names must not be empty");
            }
        }
        for (i, a) in folders.iter().enumerate() {
            for b in &folders[i + 1..] {
                if a.eq_ignore_ascii_case(b) {
                    anyhow::bail!(
                        "[imap] folder, processed_folder and review_folder must be three different folders"
                    );
                }
            }
        }
        Ok(())
    }
}

/// `localhost` or a loopback address (`127.0.0.0/8`, `::1`, with or without brackets).
fn is_loopback(host: &str) -> bool {
    let host = host.trim();
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(host: &str, tls: Option<ImapTls>) -> FileImap {
        FileImap {
            host: host.into(),
            port: None,
            tls,
            username: "voix".into(),
            password: Secret::new("secret"),
            ca_file: None,
            folder: None,
            processed_folder: None,
            review_folder: None,
            reply_address: "voix+{token}@mairie.example.fr".into(),
            poll_seconds: None,
        }
    }

    #[test]
    fn plain_text_is_only_for_loopback() {
        for host in [
            "localhost",
            "127.0.0.1",
            "127.0.1.1",
            "::1",
            "[::1]",
            "LocalHost",
        ] {
            let s = file(host, Some(ImapTls::None)).into_settings().unwrap();
            assert_eq!(s.port, 143);
        }
        for host in [
            "mail.mairie.fr",
            "10.0.0.5",
            "192.168.1.2",
            "::2",
            "localhost.evil.fr",
        ] {
            let err = file(host, Some(ImapTls::None)).into_settings().unwrap_err();
            assert!(err.to_string().contains("clear text"), "{err}");
        }
        let s = file("mail.mairie.fr", None).into_settings().unwrap();
        assert_eq!((s.tls, s.port), (ImapTls::Tls, 993));
        assert_eq!(s.folder, "INBOX");
        assert_eq!(s.poll_interval, Duration::from_secs(60));
        assert!(format!("{s:?}").contains("[redacted]"));
        assert!(!format!("{s:?}").contains("secret"));
    }

    #[test]
    fn reply_address_and_folders_are_checked() {
        let mut f = file("mail.mairie.fr", None);
        f.reply_address = "voix@mairie.fr".into();
        assert!(f.into_settings().is_err());
        let mut f = file("mail.mairie.fr", None);
        f.reply_address = "voix@{token}.mairie.fr".into();
        assert!(f.into_settings().is_err());
        let mut f = file("mail.mairie.fr", None);
        f.processed_folder = Some("inbox".into());
        assert!(f.into_settings().is_err());
        let mut f = file("mail.mairie.fr", None);
        f.review_folder = Some(" ".into());
        assert!(f.into_settings().is_err());
    }
}
