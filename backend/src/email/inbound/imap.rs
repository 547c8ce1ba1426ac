//! The IMAP side: connecting (implicit TLS, STARTTLS or plain on loopback) with rustls and the
//! `ring` provider, logging in, and the few mailbox operations the worker needs. Every network
//! step has a timeout, so a stuck server cannot stall the worker.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use async_imap::imap_proto::{Response, Status};
use async_imap::types::{Fetch, Uid};
use async_imap::{Client, Session};
use base64::Engine as _;
use futures_util::TryStreamExt;
use rustls::RootCertStore;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use super::{ImapSettings, ImapTls};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);
const COMMAND_TIMEOUT: Duration = Duration::from_secs(120);

/// The byte stream under the IMAP session: TLS or, on loopback only, plain TCP.
trait Io: AsyncRead + AsyncWrite + Unpin + Send + fmt::Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + fmt::Debug> Io for T {}

type ImapSession = Session<Box<dyn Io>>;

/// Certificates to verify the server with: the Mozilla roots (webpki-roots), the system's, and
/// the configured `ca_file`. Built once per worker.
#[derive(Clone)]
pub struct Tls(TlsConnector);

impl fmt::Debug for Tls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Tls")
    }
}

impl Tls {
    pub fn new(ca_file: Option<&Path>) -> anyhow::Result<Self> {
        let mut roots = RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        for cert in rustls_native_certs::load_native_certs().certs {
            let _ = roots.add(cert);
        }
        if let Some(path) = ca_file {
            let pem = std::fs::read(path)
                .with_context(|| format!("cannot read IMAP CA file {}", path.display()))?;
            let mut added = 0;
            for cert in CertificateDer::pem_slice_iter(&pem) {
                roots
                    .add(cert.context("invalid IMAP CA file")?)
                    .context("invalid IMAP CA certificate")?;
                added += 1;
            }
            if added == 0 {
                bail!("IMAP CA file {} holds no certificate", path.display());
            }
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Self(TlsConnector::from(Arc::new(config))))
    }

    async fn wrap(&self, host: &str, tcp: TcpStream) -> anyhow::Result<Box<dyn Io>> {
        let name = ServerName::try_from(host.to_owned())
            .map_err(|_| anyhow!("invalid IMAP host name {host:?}"))?;
        let stream = timed("TLS handshake", CONNECT_TIMEOUT, self.0.connect(name, tcp))
            .await
            .context("IMAP TLS handshake failed")?;
        Ok(Box::new(stream))
    }
}

/// Runs an IMAP step with a timeout, naming it in the error.
async fn timed<T, E>(
    what: &str,
    limit: Duration,
    step: impl Future<Output = Result<T, E>>,
) -> anyhow::Result<T>
where
    E: std::error::Error + Send + Sync + 'static,
{
    match tokio::time::timeout(limit, step).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(anyhow::Error::new(e).context(format!("IMAP {what} failed"))),
        Err(_) => bail!("IMAP {what} timed out after {}s", limit.as_secs()),
    }
}

/// Reads the server greeting; `* BYE` means the server refuses us.
async fn greeting<T: AsyncRead + AsyncWrite + Unpin + Send + fmt::Debug>(
    client: &mut Client<T>,
) -> anyhow::Result<()> {
    let response = timed("greeting", CONNECT_TIMEOUT, client.read_response())
        .await?
        .ok_or_else(|| anyhow!("the IMAP server closed the connection before its greeting"))?;
    match response.parsed() {
        Response::Data {
            status: Status::Bye,
            outcome,
        } => bail!(
            "the IMAP server refused the connection: {}",
            outcome.information.as_deref().unwrap_or("")
        ),
        Response::Data { .. } => Ok(()),
        _ => bail!("unexpected IMAP greeting"),
    }
}

/// A logged-in connection.
pub struct Mailbox {
    session: ImapSession,
    can_move: bool,
    uidplus: bool,
    delimiter: Option<String>,
}

impl fmt::Debug for Mailbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailbox")
            .field("can_move", &self.can_move)
            .field("uidplus", &self.uidplus)
            .field("delimiter", &self.delimiter)
            .finish_non_exhaustive()
    }
}

impl Mailbox {
    /// Connects, secures the connection as configured and logs in.
    pub async fn connect(settings: &ImapSettings, tls: &Tls) -> anyhow::Result<Self> {
        let address = (settings.host.as_str(), settings.port);
        let tcp = timed("connection", CONNECT_TIMEOUT, TcpStream::connect(address))
            .await
            .with_context(|| {
                format!(
                    "cannot reach the IMAP server {}:{}",
                    settings.host, settings.port
                )
            })?;
        let _ = tcp.set_nodelay(true);
        let stream: Box<dyn Io> = match settings.tls {
            ImapTls::Tls => tls.wrap(&settings.host, tcp).await?,
            ImapTls::Starttls => {
                let mut plain = Client::new(tcp);
                greeting(&mut plain).await?;
                timed(
                    "STARTTLS",
                    CONNECT_TIMEOUT,
                    plain.run_command_and_check_ok("STARTTLS", None),
                )
                .await?;
                // Anything the server sent after its OK is dropped with the plain client.
                tls.wrap(&settings.host, plain.into_inner()).await?
            }
            ImapTls::None => Box::new(tcp),
        };
        let mut client = Client::new(stream);
        if settings.tls != ImapTls::Starttls {
            greeting(&mut client).await?;
        }
        let login = client.login(&settings.username, settings.password.expose());
        let mut session = match tokio::time::timeout(CONNECT_TIMEOUT, login).await {
            Ok(Ok(session)) => session,
            // The error is the server's answer; it never contains the password.
            Ok(Err((err, _))) => {
                bail!("IMAP login as {:?} failed: {err}", settings.username)
            }
            Err(_) => bail!("IMAP login timed out"),
        };
        let capabilities = timed("CAPABILITY", COMMAND_TIMEOUT, session.capabilities()).await?;
        let can_move = capabilities.has_str("MOVE");
        let uidplus = capabilities.has_str("UIDPLUS");
        let delimiter = {
            let names = timed("LIST", COMMAND_TIMEOUT, async {
                session
                    .list(Some(""), Some("\"\""))
                    .await?
                    .try_collect::<Vec<_>>()
                    .await
            })
            .await?;
            names.first().and_then(|n| n.delimiter().map(str::to_owned))
        };
        Ok(Self {
            session,
            can_move,
            uidplus,
            delimiter,
        })
    }

    /// The server's name of a configured folder: `/` separates levels (translated to the
    /// server's hierarchy delimiter), non-ASCII characters are encoded in modified UTF-7.
    pub fn server_name(&self, configured: &str) -> String {
        server_name(configured, self.delimiter.as_deref())
    }

    /// Creates (and subscribes to) a folder unless it exists. Returns its server name.
    pub async fn ensure_folder(&mut self, configured: &str) -> anyhow::Result<String> {
        let name = self.server_name(configured);
        let pattern = quoted(&name)?;
        let existing = timed("LIST", COMMAND_TIMEOUT, async {
            self.session
                .list(Some(""), Some(&pattern))
                .await?
                .try_collect::<Vec<_>>()
                .await
        })
        .await?;
        if existing.is_empty() {
            timed("CREATE", COMMAND_TIMEOUT, self.session.create(&name))
                .await
                .with_context(|| format!("cannot create the IMAP folder {configured:?}"))?;
            let _ = timed("SUBSCRIBE", COMMAND_TIMEOUT, self.session.subscribe(&name)).await;
            tracing::info!(folder = configured, "inbound email: created IMAP folder");
        }
        Ok(name)
    }

    pub async fn select(&mut self, configured: &str) -> anyhow::Result<()> {
        let name = self.server_name(configured);
        timed("SELECT", COMMAND_TIMEOUT, self.session.select(&name))
            .await
            .with_context(|| format!("cannot open the IMAP folder {configured:?}"))?;
        Ok(())
    }

    /// The messages waiting in the selected folder (oldest first, at most `limit`) with their
    /// sizes. Messages flagged `\Deleted` were already copied elsewhere and are skipped.
    pub async fn pending(&mut self, limit: usize) -> anyhow::Result<Vec<(Uid, u32)>> {
        let found = timed(
            "SEARCH",
            COMMAND_TIMEOUT,
            self.session.uid_search("NOT DELETED"),
        )
        .await?;
        let mut uids: Vec<Uid> = found.into_iter().collect();
        uids.sort_unstable();
        uids.truncate(limit);
        if uids.is_empty() {
            return Ok(Vec::new());
        }
        let set = uid_set(&uids);
        let fetches: Vec<Fetch> = timed("FETCH", COMMAND_TIMEOUT, async {
            self.session
                .uid_fetch(&set, "(UID RFC822.SIZE)")
                .await?
                .try_collect()
                .await
        })
        .await?;
        let sizes: HashMap<Uid, u32> = fetches
            .iter()
            .filter_map(|f| Some((f.uid?, f.size.unwrap_or(0))))
            .collect();
        Ok(uids
            .into_iter()
            .filter_map(|uid| sizes.get(&uid).map(|size| (uid, *size)))
            .collect())
    }

    /// The raw message, without marking it `\Seen`; `None` when it is gone.
    pub async fn fetch(&mut self, uid: Uid) -> anyhow::Result<Option<Vec<u8>>> {
        let fetches: Vec<Fetch> = timed("FETCH", COMMAND_TIMEOUT, async {
            self.session
                .uid_fetch(uid.to_string(), "(UID BODY.PEEK[])")
                .await?
                .try_collect()
                .await
        })
        .await?;
        Ok(fetches
            .iter()
            .find(|f| f.uid == Some(uid))
            .and_then(|f| f.body().map(<[u8]>::to_vec)))
    }

    /// Moves a message of the selected folder to `folder` (a server name): `UID MOVE` when the
    /// server has it, else copy, flag `\Deleted` and expunge — only once the copy succeeded.
    pub async fn move_to(&mut self, uid: Uid, folder: &str) -> anyhow::Result<()> {
        let uid = uid.to_string();
        if self.can_move {
            return timed("MOVE", COMMAND_TIMEOUT, self.session.uid_mv(&uid, folder)).await;
        }
        timed("COPY", COMMAND_TIMEOUT, self.session.uid_copy(&uid, folder)).await?;
        timed("STORE", COMMAND_TIMEOUT, async {
            self.session
                .uid_store(&uid, "+FLAGS.SILENT (\\Deleted)")
                .await?
                .try_collect::<Vec<_>>()
                .await
        })
        .await?;
        if self.uidplus {
            timed("EXPUNGE", COMMAND_TIMEOUT, async {
                self.session
                    .uid_expunge(&uid)
                    .await?
                    .try_collect::<Vec<_>>()
                    .await
            })
            .await?;
        } else {
            timed("EXPUNGE", COMMAND_TIMEOUT, async {
                self.session.expunge().await?.try_collect::<Vec<_>>().await
            })
            .await?;
        }
        Ok(())
    }

    /// Says goodbye; errors do not matter any more.
    pub async fn logout(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(5), self.session.logout()).await;
    }
}

/// `1,2,5` for a list of UIDs.
fn uid_set(uids: &[Uid]) -> String {
    uids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// An IMAP quoted string.
fn quoted(s: &str) -> anyhow::Result<String> {
    if s.contains(['\r', '\n']) {
        bail!("invalid IMAP folder name");
    }
    Ok(format!(
        "\"{}\"",
        s.replace('\\', "\\\\").replace('"', "\\\"")
    ))
}

/// See [`Mailbox::server_name`].
pub fn server_name(configured: &str, delimiter: Option<&str>) -> String {
    let joined = match delimiter {
        Some(d) if d != "/" && !d.is_empty() => configured.split('/').collect::<Vec<_>>().join(d),
        _ => configured.to_owned(),
    };
    modified_utf7(&joined)
}

/// RFC 3501 §5.1.3 mailbox name encoding.
pub fn modified_utf7(name: &str) -> String {
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::IMAP_MUTF7,
        base64::engine::general_purpose::NO_PAD,
    );
    let mut out = String::with_capacity(name.len());
    let mut pending: Vec<u16> = Vec::new();
    let flush = |out: &mut String, pending: &mut Vec<u16>| {
        if !pending.is_empty() {
            let bytes: Vec<u8> = pending.iter().flat_map(|u| u.to_be_bytes()).collect();
            out.push('&');
            out.push_str(&engine.encode(bytes));
            out.push('-');
            pending.clear();
        }
    };
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut out, &mut pending);
            if c == '&' {
                out.push_str("&-");
            } else {
                out.push(c);
            }
        } else {
            let mut buf = [0u16; 2];
            pending.extend_from_slice(c.encode_utf16(&mut buf));
        }
    }
    flush(&mut out, &mut pending);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_follow_the_server() {
        assert_eq!(server_name("Voix/Traites", Some(".")), "Voix.Traites");
        assert_eq!(server_name("Voix/Traites", Some("/")), "Voix/Traites");
        assert_eq!(server_name("Voix/Traites", None), "Voix/Traites");
        assert_eq!(server_name("INBOX", Some(".")), "INBOX");
        assert_eq!(server_name("Voix/Traités", Some("/")), "Voix/Trait&AOk-s");
        assert_eq!(modified_utf7("A&B"), "A&-B");
        assert_eq!(modified_utf7("日本語"), "&ZeVnLIqe-");
    }

    #[test]
    fn quoting() {
        assert_eq!(quoted("a\"b\\c").unwrap(), "\"a\\\"b\\\\c\"");
        assert!(quoted("a\r\nb").is_err());
        assert_eq!(uid_set(&[1, 5, 7]), "1,5,7");
    }
}
