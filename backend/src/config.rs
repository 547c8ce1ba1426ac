//! Typed settings, assembled in layers: built-in defaults, then an optional TOML file
//! (`--config`, or `<data dir>/voix.toml` when it exists), then `VOIX_…` environment variables
//! and command-line flags (clap merges those two, flags first).
//!
//! Secrets (SMTP password, database URL) are wrapped in [`Secret`], whose `Debug` prints
//! nothing, so settings can be logged safely.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use protocol::api::Role;
use serde::Deserialize;
use url::Url;

use crate::db::Db;

/// A value that must never reach logs.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain text: only for a relay on the same host or a trusted network.
    None,
    /// Plain connection upgraded with STARTTLS (port 587 or 25), which must succeed.
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

/// An SMTP relay (an on-premises Exchange connector or any MTA).
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<Secret>,
    /// Extra PEM certificate(s) to trust, for a relay with an internal CA or a self-signed one.
    pub ca_file: Option<PathBuf>,
    pub timeout: Duration,
}

/// Durable outbox delivery tuning.
#[derive(Debug, Clone)]
pub struct OutboxSettings {
    /// How often an idle worker looks for due messages.
    pub poll_interval: Duration,
    /// First retry delay; doubled at each attempt, with ±25 % jitter.
    pub retry_base: Duration,
    /// Upper bound of the retry delay.
    pub retry_max: Duration,
    /// After this many failed attempts a message is marked dead.
    pub max_attempts: i64,
    /// How long a claim on a message lasts; the sending worker renews it every third of it, so
    /// the message of a worker that died is taken by another within this time.
    pub lease: Duration,
}

impl Default for OutboxSettings {
    fn default() -> Self {
        Self {
            poll_interval: Duration::from_secs(2),
            retry_base: Duration::from_secs(10),
            retry_max: Duration::from_secs(3600),
            max_attempts: 12,
            lease: Duration::from_secs(30),
        }
    }
}

/// Attempts allowed per fixed window.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: i64,
    pub window: Duration,
}

impl Limit {
    /// The same window with `factor` times as many attempts (e.g. a per-address limit that
    /// leaves room for a household sharing one address).
    pub fn times(self, factor: i64) -> Self {
        Self {
            max: self.max.saturating_mul(factor),
            window: self.window,
        }
    }
}

/// Throttling of the authentication endpoints.
#[derive(Debug, Clone)]
pub struct ThrottleSettings {
    pub login_per_account: Limit,
    pub login_per_ip: Limit,
    pub register_per_ip: Limit,
    /// Also limits the "someone tried to register with your address" emails an owner receives.
    pub register_per_account: Limit,
    pub reset_per_account: Limit,
    pub reset_per_ip: Limit,
    /// Residency requests matched against the census (a guessing oracle), per account.
    pub residency_per_account: Limit,
    /// What a resident posts on service requests (filings, comments, reopenings, flags).
    pub posts_per_account: Limit,
    /// Filings through Open311, per API key.
    pub open311_per_key: Limit,
}

impl Default for ThrottleSettings {
    fn default() -> Self {
        let quarter = Duration::from_secs(15 * 60);
        let hour = Duration::from_secs(3600);
        Self {
            login_per_account: Limit {
                max: 10,
                window: quarter,
            },
            login_per_ip: Limit {
                max: 100,
                window: quarter,
            },
            register_per_ip: Limit {
                max: 20,
                window: hour,
            },
            register_per_account: Limit {
                max: 5,
                window: hour,
            },
            reset_per_account: Limit {
                max: 5,
                window: hour,
            },
            reset_per_ip: Limit {
                max: 30,
                window: hour,
            },
            residency_per_account: Limit {
                max: 5,
                window: hour,
            },
            posts_per_account: Limit {
                max: 60,
                window: hour,
            },
            open311_per_key: Limit {
                max: 2000,
                window: hour,
            },
        }
    }
}

/// Everything `voix serve` needs.
#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: Secret,
    /// The address residents use, e.g. `https://voix.example.fr`; links in emails start with it.
    pub public_url: Url,
    /// Where the built SPA lives (`index.html`, `pkg/`).
    pub static_dir: PathBuf,
    pub smtp: Option<SmtpSettings>,
    /// Sender address of every email.
    pub mail_from: String,
    pub session_idle: Duration,
    pub session_absolute: Duration,
    pub outbox: OutboxSettings,
    pub throttle: ThrottleSettings,
    /// How many reverse proxies' `X-Forwarded-For` entries are believed (0: none, the peer's
    /// address is the client's); see `http/client_ip.rs`.
    pub trust_proxy: u8,
    /// Name given to the town created on first start.
    pub default_town_name: String,
    /// Roles that must use a second factor (TOTP); the others may. Defaults to every role but
    /// `resident`: staff, officials (trustees included) and administrators act for the town.
    pub totp_required_roles: Vec<Role>,
    /// How long a residency verification lasts; an expired one reads as not verified.
    pub residency_valid: Duration,
    /// Staff and officials sign in with the town hall's directory (LDAP / Active Directory).
    pub ldap: Option<crate::directory::LdapSettings>,
    pub requests: RequestSettings,
    /// Replies to notifications, fetched from a mailbox (Exchange, Dovecot) over IMAP.
    pub imap: Option<crate::email::inbound::ImapSettings>,
    pub consultations: ConsultationSettings,
    /// The key that seals the ballots waiting for the board's next batch
    /// (`consultations::seal`); every node of an installation needs the same file.
    pub ballot_seal_key_file: PathBuf,
    pub metrics: MetricsSettings,
}

/// Where Prometheus reads `/metrics`. Off by default: the figures count every town of the
/// installation and belong to its operator, never to a town's public host.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetricsSettings {
    /// A listener of its own (e.g. `127.0.0.1:9464`) that serves only `/metrics`.
    pub listen: Option<SocketAddr>,
    /// Or `/metrics` on the main listener for a scraper that sends `Authorization: Bearer
    /// <token>`.
    pub token: Option<Secret>,
}

/// Consultations (`[consultations]` in the configuration file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsultationSettings {
    /// Bulk consultation mails (credentials, opening announcement, result published) are
    /// released this many at a time, so that a whole electorate does not hit the town's relay
    /// at once (relays and receiving providers throttle or blacklist such bursts).
    pub mail_batch_size: u32,
    /// Seconds between two batches.
    pub mail_batch_seconds: u64,
    /// Accepted ballots reach the public board in shuffled batches: as soon as this many wait
    /// (the anonymity set of a batch)…
    pub board_batch_size: u32,
    /// …or, with fewer, this many seconds after the previous batch (then the batch holds
    /// everything cast in at least that window). docs/privacy.md, "Ballot secrecy at rest".
    pub board_batch_seconds: u64,
}

impl Default for ConsultationSettings {
    fn default() -> Self {
        Self {
            mail_batch_size: 200,
            mail_batch_seconds: 60,
            board_batch_size: 20,
            board_batch_seconds: 600,
        }
    }
}

/// `[consultations]` section of the configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConsultations {
    pub mail_batch_size: Option<u32>,
    pub mail_batch_seconds: Option<u64>,
    pub board_batch_size: Option<u32>,
    pub board_batch_seconds: Option<u64>,
}

impl FileConsultations {
    /// The settings; a batch size of 0 is refused at start (nothing would ever be sent).
    pub fn into_settings(self) -> anyhow::Result<ConsultationSettings> {
        let d = ConsultationSettings::default();
        let s = ConsultationSettings {
            mail_batch_size: self.mail_batch_size.unwrap_or(d.mail_batch_size),
            mail_batch_seconds: self.mail_batch_seconds.unwrap_or(d.mail_batch_seconds),
            board_batch_size: self.board_batch_size.unwrap_or(d.board_batch_size),
            board_batch_seconds: self.board_batch_seconds.unwrap_or(d.board_batch_seconds),
        };
        anyhow::ensure!(
            s.board_batch_size >= 1,
            "[consultations] board_batch_size must be at least 1"
        );
        anyhow::ensure!(
            s.mail_batch_size >= 1,
            "[consultations] mail_batch_size must be at least 1"
        );
        Ok(s)
    }
}

/// Service requests (`[requests]` in the configuration file).
#[derive(Debug, Clone)]
pub struct RequestSettings {
    /// Filing needs a verified residency (otherwise a verified email is enough).
    pub require_residency: bool,
    /// Days during which the reporter may reopen a resolved or closed request.
    pub reopen_days: u64,
    /// Tile URL template of the optional map (`https://…/{z}/{x}/{y}.png`); no map when unset.
    pub map_tile_url: Option<String>,
    /// Where the map starts when no point is chosen yet: `(latitude, longitude)`, WGS 84.
    pub map_center: Option<(f64, f64)>,
    /// The map's starting zoom level (1–19).
    pub map_zoom: u8,
    /// Credit shown under the map tiles; OpenStreetMap's is used for its tile servers.
    pub map_attribution: Option<String>,
}

impl Default for RequestSettings {
    fn default() -> Self {
        Self {
            require_residency: true,
            reopen_days: 14,
            map_tile_url: None,
            map_center: None,
            map_zoom: 15,
            map_attribution: None,
        }
    }
}

impl RequestSettings {
    /// `scheme://host[:port]` of the tile server, which the Content-Security-Policy must allow
    /// images from; `None` without a map.
    pub fn map_tile_origin(&self) -> Option<String> {
        tile_origin(self.map_tile_url.as_deref()?)
    }
}

/// The origin of a tile URL template, when it is an absolute `http(s)` URL with a host.
fn tile_origin(template: &str) -> Option<String> {
    let concrete = template
        .replace("{z}", "0")
        .replace("{x}", "0")
        .replace("{y}", "0");
    let url = Url::parse(&concrete).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    let origin = match url.origin() {
        origin @ url::Origin::Tuple(..) => origin.ascii_serialization(),
        url::Origin::Opaque(_) => return None,
    };
    // It goes into a header: host names with `;`, `,` or quotes (which URLs allow) are refused.
    origin
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || ".-:/[]".contains(c))
        .then_some(origin)
}

/// `map_tile_url`: empty means no map; otherwise an absolute `http(s)` URL with `{z}`, `{x}`
/// and `{y}` (refused at start rather than giving a broken map).
fn de_tile_url<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let Some(url) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    let url = url.trim().to_owned();
    if url.is_empty() {
        return Ok(None);
    }
    let placeholders = ["{z}", "{x}", "{y}"].iter().all(|p| url.contains(p));
    if !placeholders || tile_origin(&url).is_none() || url.contains(char::is_whitespace) {
        return Err(serde::de::Error::custom(
            "map_tile_url must be an http(s) URL with {z}, {x} and {y}, e.g. \
             \"https://tile.openstreetmap.org/{z}/{x}/{y}.png\"",
        ));
    }
    Ok(Some(url))
}

/// `map_center = [latitude, longitude]`, in range.
fn de_center<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<(f64, f64)>, D::Error> {
    let Some([lat, lon]) = Option::<[f64; 2]>::deserialize(d)? else {
        return Ok(None);
    };
    if !(-85.0..=85.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(serde::de::Error::custom(
            "map_center must be [latitude, longitude] with |latitude| <= 85 and |longitude| <= 180",
        ));
    }
    Ok(Some((lat, lon)))
}

/// `map_zoom`, 1 to 19 (what tile servers offer).
fn de_zoom<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
    let zoom = Option::<u8>::deserialize(d)?;
    if zoom.is_some_and(|z| !(1..=19).contains(&z)) {
        return Err(serde::de::Error::custom(
            "map_zoom must be between 1 and 19",
        ));
    }
    Ok(zoom)
}

/// `[requests]` section of the configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRequests {
    pub require_residency: Option<bool>,
    pub reopen_days: Option<u64>,
    #[serde(default, deserialize_with = "de_tile_url")]
    pub map_tile_url: Option<String>,
    #[serde(default, deserialize_with = "de_center")]
    pub map_center: Option<(f64, f64)>,
    #[serde(default, deserialize_with = "de_zoom")]
    pub map_zoom: Option<u8>,
    pub map_attribution: Option<String>,
}

impl FileRequests {
    pub fn into_settings(self) -> RequestSettings {
        let d = RequestSettings::default();
        RequestSettings {
            require_residency: self.require_residency.unwrap_or(d.require_residency),
            reopen_days: self.reopen_days.unwrap_or(d.reopen_days),
            map_tile_url: self.map_tile_url.filter(|u| !u.trim().is_empty()),
            map_center: self.map_center,
            map_zoom: self.map_zoom.unwrap_or(d.map_zoom),
            map_attribution: self
                .map_attribution
                .map(|a| a.trim().to_owned())
                .filter(|a| !a.is_empty()),
        }
    }
}

impl Settings {
    /// Settings for a data directory with every default (used by tests and the CLI).
    pub fn with_defaults(data_dir: PathBuf) -> Self {
        let database_url = Secret::new(Db::sqlite_url_in(&data_dir));
        Self {
            ballot_seal_key_file: data_dir.join("ballot-seal.key"),
            listen: "127.0.0.1:8080".parse().expect("valid literal address"),
            data_dir,
            database_url,
            public_url: Url::parse("http://127.0.0.1:8080").expect("valid literal URL"),
            static_dir: PathBuf::from("frontend/dist"),
            smtp: None,
            mail_from: "voix@localhost".into(),
            session_idle: Duration::from_secs(8 * 3600),
            session_absolute: Duration::from_secs(7 * 24 * 3600),
            outbox: OutboxSettings::default(),
            throttle: ThrottleSettings::default(),
            trust_proxy: 0,
            default_town_name: "Ma commune".into(),
            totp_required_roles: Role::ALL
                .into_iter()
                .filter(|r| *r != Role::Resident)
                .collect(),
            residency_valid: Duration::from_secs(365 * 24 * 3600),
            ldap: None,
            requests: RequestSettings::default(),
            imap: None,
            consultations: ConsultationSettings::default(),
            metrics: MetricsSettings::default(),
        }
    }

    /// The ballot pool's seal, from [`Self::ballot_seal_key_file`] (created on first use).
    pub fn ballot_seal(&self) -> anyhow::Result<crate::consultations::seal::BallotSeal> {
        crate::consultations::seal::BallotSeal::load_or_create(&self.ballot_seal_key_file)
    }

    /// The domain of Message-IDs: the public URL's host.
    pub fn mail_domain(&self) -> &str {
        self.public_url.host_str().unwrap_or("localhost")
    }

    /// Whether cookies must carry `Secure`.
    pub fn is_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// The public URL without a trailing slash, to build links.
    pub fn public_base(&self) -> String {
        self.public_url.as_str().trim_end_matches('/').to_owned()
    }

    /// Whether accounts of `role` must use a second factor.
    pub fn totp_required(&self, role: Role) -> bool {
        self.totp_required_roles.contains(&role)
    }

    /// Where the file mail transport writes `.eml` files when no SMTP relay is configured.
    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.join("mail")
    }
}

/// The optional TOML configuration file. Every key is optional; unknown keys are an error so
/// that a typo is noticed at start rather than silently ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<SocketAddr>,
    pub database_url: Option<Secret>,
    pub public_url: Option<Url>,
    pub static_dir: Option<PathBuf>,
    pub mail_from: Option<String>,
    pub trust_proxy: Option<ProxyHops>,
    pub default_town_name: Option<String>,
    pub session_idle_minutes: Option<u64>,
    pub session_absolute_hours: Option<u64>,
    /// e.g. `["staff", "official", "admin", "syndicate_admin"]`; `[]` makes TOTP optional for all.
    pub totp_required_roles: Option<Vec<Role>>,
    /// Days a residency verification lasts (default 365).
    pub residency_valid_days: Option<u64>,
    pub smtp: Option<FileSmtp>,
    pub ldap: Option<crate::directory::FileLdap>,
    pub requests: Option<FileRequests>,
    pub imap: Option<crate::email::inbound::FileImap>,
    pub consultations: Option<FileConsultations>,
    /// Where the ballot seal key lives (default `<data dir>/ballot-seal.key`).
    pub ballot_seal_key_file: Option<PathBuf>,
    pub metrics: Option<FileMetrics>,
}

/// `[metrics]` section of the configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileMetrics {
    pub listen: Option<SocketAddr>,
    pub token: Option<Secret>,
}

/// `[smtp]` section of the configuration file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSmtp {
    pub host: String,
    pub port: Option<u16>,
    pub tls: Option<SmtpTls>,
    pub username: Option<String>,
    pub password: Option<Secret>,
    pub ca_file: Option<PathBuf>,
    pub timeout_seconds: Option<u64>,
}

impl FileConfig {
    /// Reads `path`; a missing explicit file is an error, a missing implicit one is not.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read configuration file {}", path.display()))?;
        toml::from_str(&text)
            .with_context(|| format!("invalid configuration file {}", path.display()))
    }
}

/// The default port for a TLS mode.
pub fn default_smtp_port(tls: SmtpTls) -> u16 {
    match tls {
        SmtpTls::None => 25,
        SmtpTls::Starttls => 587,
        SmtpTls::Tls => 465,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "[redacted]");
        let mut settings = Settings::with_defaults(PathBuf::from("data"));
        settings.database_url = Secret::new("postgres://u:topsecret@db/voix");
        assert!(!format!("{settings:?}").contains("topsecret"));
    }

    #[test]
    fn file_config_rejects_unknown_keys() {
        let err = toml::from_str::<FileConfig>("listn = \"127.0.0.1:1\"").unwrap_err();
        assert!(err.to_string().contains("unknown field"));
        let ok: FileConfig =
            toml::from_str("[smtp]\nhost = \"relay\"\ntls = \"starttls\"\npassword = \"x\"")
                .unwrap();
        assert_eq!(ok.smtp.unwrap().tls, Some(SmtpTls::Starttls));
    }

    #[test]
    fn map_settings_are_checked_and_give_the_tile_origin() {
        let file: FileConfig = toml::from_str(
            "[requests]\nmap_tile_url = \"https://tile.openstreetmap.org/{z}/{x}/{y}.png\"\n\
             map_center = [48.8566, 2.3522]\nmap_zoom = 16",
        )
        .unwrap();
        let s = file.requests.unwrap().into_settings();
        assert_eq!(s.map_center, Some((48.8566, 2.3522)));
        assert_eq!(s.map_zoom, 16);
        assert_eq!(
            s.map_tile_origin().as_deref(),
            Some("https://tile.openstreetmap.org")
        );
        let s = toml::from_str::<FileRequests>(
            "map_tile_url = \"http://tiles.mairie.fr:8080/osm/{z}/{x}/{y}.png?k=1\"",
        )
        .unwrap()
        .into_settings();
        assert_eq!(
            s.map_tile_origin().as_deref(),
            Some("http://tiles.mairie.fr:8080")
        );
        assert_eq!(s.map_zoom, 15);
        assert_eq!(RequestSettings::default().map_tile_origin(), None);
        for bad in [
            "map_tile_url = \"ftp://tiles.example/{z}/{x}/{y}.png\"",
            "map_tile_url = \"https://tiles.example/{z}/{x}.png\"",
            "map_tile_url = \"/tiles/{z}/{x}/{y}.png\"",
            "map_tile_url = \"https://tiles.example/{z}/{x}/{y}.png; script-src *\"",
            "map_tile_url = \"https://a;script-src/{z}/{x}/{y}.png\"",
            "map_tile_url = \"https://{s}.tile.example/{z}/{x}/{y}.png\"",
            "map_center = [91.0, 2.0]",
            "map_zoom = 0",
            "map_zoom = 20",
        ] {
            assert!(toml::from_str::<FileRequests>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn consultation_mail_batches_default_and_are_checked() {
        let file: FileConfig =
            toml::from_str("[consultations]\nmail_batch_size = 50\nmail_batch_seconds = 30")
                .unwrap();
        let s = file.consultations.unwrap().into_settings().unwrap();
        assert_eq!((s.mail_batch_size, s.mail_batch_seconds), (50, 30));
        let d = FileConsultations::default().into_settings().unwrap();
        assert_eq!(d, ConsultationSettings::default());
        assert_eq!((d.mail_batch_size, d.mail_batch_seconds), (200, 60));
        let zero: FileConsultations = toml::from_str("mail_batch_size = 0").unwrap();
        assert!(zero.into_settings().is_err());
        assert!(toml::from_str::<FileConsultations>("batch = 1").is_err());
    }

    #[test]
    fn totp_is_required_for_every_role_but_residents_by_default() {
        let settings = Settings::with_defaults(PathBuf::from("data"));
        assert!(!settings.totp_required(Role::Resident));
        for role in [
            Role::Staff,
            Role::Official,
            Role::Admin,
            Role::SyndicateAdmin,
        ] {
            assert!(settings.totp_required(role));
        }
        let file: FileConfig = toml::from_str("totp_required_roles = [\"admin\"]").unwrap();
        assert_eq!(file.totp_required_roles, Some(vec![Role::Admin]));
    }
}

/// `trust_proxy` in the file: `true` (one proxy), `false`, or a number of proxies.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(untagged)]
pub enum ProxyHops {
    Flag(bool),
    Count(u8),
}

impl ProxyHops {
    pub fn hops(self) -> u8 {
        match self {
            Self::Flag(on) => u8::from(on),
            Self::Count(n) => n,
        }
    }
}

/// `--trust-proxy` / `VOIX_TRUST_PROXY`: a number of proxies, or `true`/`false`.
pub fn parse_proxy_hops(s: &str) -> Result<u8, String> {
    match s.trim() {
        "true" | "yes" | "on" => Ok(1),
        "false" | "no" | "off" => Ok(0),
        n => n
            .parse::<u8>()
            .map_err(|_| format!("expected a number of proxies (0-255), true or false: {n:?}")),
    }
}
