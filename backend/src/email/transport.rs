//! Where messages go: an SMTP relay, or `.eml` files under `<data dir>/mail/` when none is
//! configured, so that a fresh `voix serve` works without a mail server.

use std::path::PathBuf;

use anyhow::Context;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::outbox::Claimed;
use crate::config::{Settings, SmtpTls};

/// A configured delivery channel.
#[derive(Debug, Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

impl Transport {
    /// Builds the transport from settings (SMTP when configured, files otherwise).
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        let Some(smtp) = &settings.smtp else {
            let dir = settings.mail_dir();
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create mail folder {}", dir.display()))?;
            return Ok(Self::File(AsyncFileTransport::new(&dir), dir));
        };
        let tls_parameters = || -> anyhow::Result<TlsParameters> {
            let mut builder = TlsParameters::builder(smtp.host.clone());
            if let Some(path) = &smtp.ca_file {
                let pem = std::fs::read(path)
                    .with_context(|| format!("cannot read SMTP CA file {}", path.display()))?;
                builder = builder.add_root_certificate(
                    Certificate::from_pem(&pem).context("invalid SMTP CA certificate")?,
                );
            }
            Ok(builder.build()?)
        };
        let tls = match smtp.tls {
            SmtpTls::None => Tls::None,
            SmtpTls::Starttls => Tls::Required(tls_parameters()?),
            SmtpTls::Tls => Tls::Wrapper(tls_parameters()?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host)
            .port(smtp.port)
            .tls(tls)
            .timeout(Some(smtp.timeout));
        if let (Some(user), Some(password)) = (&smtp.username, &smtp.password) {
            builder =
                builder.credentials(Credentials::new(user.clone(), password.expose().to_owned()));
        }
        Ok(Self::Smtp(builder.build()))
    }

    /// A human description for the start-up log (never includes credentials).
    pub fn describe(&self, settings: &Settings) -> String {
        match (self, &settings.smtp) {
            (Self::Smtp(_), Some(smtp)) => {
                format!("SMTP relay {}:{} ({:?})", smtp.host, smtp.port, smtp.tls)
            }
            (Self::File(_, dir), _) => format!(
                "no SMTP relay configured: emails are written as .eml files in {}",
                dir.display()
            ),
            (Self::Smtp(_), None) => "SMTP".to_owned(),
        }
    }

    /// Sends one message.
    pub async fn send(&self, from: &str, message: &Claimed) -> anyhow::Result<()> {
        let email = build_message(from, message)?;
        match self {
            Self::Smtp(t) => {
                t.send(email).await?;
            }
            Self::File(t, _) => {
                t.send(email).await?;
            }
        }
        Ok(())
    }
}

fn build_message(from: &str, m: &Claimed) -> anyhow::Result<Message> {
    let from_box = Mailbox::new(
        Some(format!("{} (Voix)", m.town_name)),
        from.parse().context("invalid sender address (mail_from)")?,
    );
    let to: Mailbox = m
        .recipient
        .parse()
        .with_context(|| "invalid recipient address in outbox")?;
    let mut builder = Message::builder().from(from_box).to(to);
    if let Some(reply_to) = &m.reply_to {
        builder = builder.reply_to(reply_to.parse().context("invalid Reply-To in outbox")?);
    }
    Ok(builder
        .subject(&m.subject)
        .message_id(Some(m.message_id.clone()))
        .multipart(MultiPart::alternative_plain_html(
            m.body_text.clone(),
            m.body_html.clone(),
        ))?)
}
