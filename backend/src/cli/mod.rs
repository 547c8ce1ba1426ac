//! The `voix` command line: `serve`, `migrate`, `admin`, `audit`; `voix verify` and
//! `simulate-election` live in [`election`], the officials' offline tool in [`trustee`].

pub mod election;
pub mod trustee;

use std::io::{IsTerminal, Read};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use protocol::api::{Language, Role};
use url::Url;

use crate::app::Application;
use crate::auth::{password, token};
use crate::config::{FileConfig, Secret, Settings, SmtpSettings, SmtpTls, default_smtp_port};
use crate::db::Db;
use crate::domain::{DisplayName, EmailAddress, NewPassword, parse_color};
use crate::repo::{api_keys, towns, users};

/// Voix: service requests and verifiable consultations for a town hall.
#[derive(Debug, Parser)]
#[command(name = "voix", version, propagate_version = true)]
pub struct Cli {
    /// Log as JSON lines instead of human-readable text.
    #[arg(long, global = true, env = "VOIX_JSON_LOGS")]
    pub json_logs: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (API and SPA) with its email worker.
    Serve(Box<ServeArgs>),
    /// Apply pending database migrations, then exit.
    Migrate(DbArgs),
    /// Administration: accounts and towns.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Verify a Belenios election archive (.bel); exit status 0 only when it is valid.
    Verify {
        /// The archive to check.
        file: PathBuf,
    },
    /// Run a complete simulated election with Voix's code and write its archive.
    SimulateElection(election::SimulateArgs),
    /// A consultation key holder's steps on an offline machine (key ceremony, decryption).
    #[command(subcommand)]
    Trustee(trustee::TrusteeCommand),
    /// The audit log of staff and administrator actions.
    #[command(subcommand)]
    Audit(AuditCommand),
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check every town's hash chain; exit status 1 naming the first broken entry otherwise.
    Verify(DbArgs),
}

/// Where the data lives.
#[derive(Debug, Args)]
pub struct DbArgs {
    /// Data directory (SQLite database, mail folder). Created when missing.
    #[arg(long, env = "VOIX_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// `sqlite:PATH` or `postgres://USER@HOST/DB`. Default: a SQLite file in the data directory.
    #[arg(long, env = "VOIX_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// TOML configuration file. Default: `<data dir>/voix.toml` when it exists.
    #[arg(long, env = "VOIX_CONFIG")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address and port to listen on.
    #[arg(long, env = "VOIX_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// The address residents use (links in emails, CSRF origin). Default: http://<listen>.
    #[arg(long, env = "VOIX_PUBLIC_URL")]
    pub public_url: Option<Url>,
    /// Folder of the built SPA.
    #[arg(long, env = "VOIX_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,
    /// Seed a demo town with sample accounts and print their logins (first start only).
    #[arg(long)]
    pub demo: bool,
    /// Sender address of the emails.
    #[arg(long, env = "VOIX_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// SMTP relay host. Without it, emails are written as .eml files in `<data dir>/mail`.
    #[arg(long, env = "VOIX_SMTP_HOST")]
    pub smtp_host: Option<String>,
    /// SMTP port (default: 587 for starttls, 465 for tls, 25 for none).
    #[arg(long, env = "VOIX_SMTP_PORT")]
    pub smtp_port: Option<u16>,
    /// SMTP security.
    #[arg(long, env = "VOIX_SMTP_TLS", value_enum)]
    pub smtp_tls: Option<SmtpTls>,
    /// SMTP AUTH user name (optional: an IP allow-list relay needs none).
    #[arg(long, env = "VOIX_SMTP_USERNAME")]
    pub smtp_username: Option<String>,
    /// SMTP AUTH password.
    #[arg(long, env = "VOIX_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<String>,
    /// PEM file of a CA (or self-signed certificate) to trust for the SMTP relay.
    #[arg(long, env = "VOIX_SMTP_CA_FILE")]
    pub smtp_ca_file: Option<PathBuf>,
    /// Number of reverse proxies in front of Voix whose X-Forwarded-For entries are believed
    /// (the client is that many entries from the right); the flag alone means 1, `0` or
    /// `false` turns it off (over the file's setting).
    #[arg(long, env = "VOIX_TRUST_PROXY", num_args = 0..=1, default_missing_value = "1",
          value_parser = crate::config::parse_proxy_hops, value_name = "HOPS")]
    pub trust_proxy: Option<u8>,
    /// Serve `/metrics` (Prometheus) on this separate address only, e.g. 127.0.0.1:9464.
    #[arg(long, env = "VOIX_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
    /// Serve `/metrics` on the main listener to a scraper sending this bearer token.
    #[arg(long, env = "VOIX_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Name of the town created on first start.
    #[arg(long, env = "VOIX_TOWN_NAME")]
    pub town_name: Option<String>,
    /// Days a residency verification lasts before the resident must verify again (default 365).
    #[arg(long, env = "VOIX_RESIDENCY_VALID_DAYS")]
    pub residency_valid_days: Option<u64>,
    /// Password of the `[ldap]` service account (overrides `bind_password` of the file, so it
    /// can stay out of it).
    #[arg(long, env = "VOIX_LDAP_BIND_PASSWORD", hide_env_values = true)]
    pub ldap_bind_password: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an account with a confirmed address. The password is read from standard input
    /// (one line) or, when stdin is a terminal or empty, generated and printed once.
    CreateUser {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        email: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Display name (default: the part of the email before @).
        #[arg(long)]
        name: Option<String>,
        /// Town slug (default: the default town).
        #[arg(long)]
        town: Option<String>,
        /// fr or en.
        #[arg(long, default_value = "fr", value_parser = parse_language)]
        language: Language,
    },
    /// Add a town served under its own host name(s).
    CreateTown {
        #[command(flatten)]
        db: DbArgs,
        /// Short identifier: lowercase letters, digits and dashes.
        #[arg(long)]
        slug: String,
        /// Name shown in pages and emails, e.g. "Ville de Saint-Ouen".
        #[arg(long)]
        name: String,
        /// Host name that selects this town (repeatable); the first is its primary host.
        #[arg(long = "host", required = true)]
        hosts: Vec<String>,
        /// The address the town's residents use, e.g. https://voix.ville-b.fr: every link in
        /// its mails starts with it. Default: the global public URL's scheme on the primary host.
        #[arg(long)]
        public_url: Option<String>,
    },
    /// Change a town's name, colours or logo.
    UpdateTown {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: Option<String>,
        /// Main colour, `#rrggbb`.
        #[arg(long)]
        primary_color: Option<String>,
        /// Secondary colour, `#rrggbb`.
        #[arg(long)]
        accent_color: Option<String>,
        /// Logo file (PNG, SVG or WebP).
        #[arg(long)]
        logo: Option<PathBuf>,
        /// Another host name for this town (repeatable).
        #[arg(long = "add-host")]
        add_hosts: Vec<String>,
        /// The address the town's residents use (links in its mails); `-` goes back to the
        /// default (the global public URL's scheme on the primary host).
        #[arg(long)]
        public_url: Option<String>,
        /// The time zone of the dates and times in the town's mails, an IANA name such as
        /// `Europe/Paris` (the default) or `America/Cayenne`.
        #[arg(long)]
        time_zone: Option<String>,
    },
    /// List the towns and their host names.
    ListTowns {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Create an Open311 API key for a client (printed once; only its hash is stored).
    CreateApiKey {
        #[command(flatten)]
        db: DbArgs,
        /// Who uses the key, e.g. "Application mobile"; unique among the town's live keys.
        #[arg(long)]
        name: String,
        /// Town slug (default: the default town).
        #[arg(long)]
        town: Option<String>,
    },
    /// Replace the town's ballot-receipt signing key with a new one (after a suspected leak, or
    /// on a renewal schedule). Open consultations keep signing with theirs; consultations
    /// opened from now on use the new key. Prints the new public key.
    RotateReceiptKey {
        #[command(flatten)]
        db: DbArgs,
        /// Town slug (default: the default town).
        #[arg(long)]
        town: Option<String>,
    },
    /// Revoke the Open311 API key(s) of that name: they are refused from then on.
    RevokeApiKey {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        name: String,
        /// Town slug (default: the default town).
        #[arg(long)]
        town: Option<String>,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| {
        let all: Vec<_> = Role::ALL.iter().map(|r| r.as_str()).collect();
        format!("unknown role `{s}` (expected one of: {})", all.join(", "))
    })
}

fn parse_language(s: &str) -> Result<Language, String> {
    Language::parse(s).ok_or_else(|| format!("unknown language `{s}` (expected fr or en)"))
}

impl DbArgs {
    fn file_config(&self) -> anyhow::Result<FileConfig> {
        match &self.config {
            Some(path) => FileConfig::load(path),
            None => {
                let implicit = self.data_dir.join("voix.toml");
                if implicit.is_file() {
                    FileConfig::load(&implicit)
                } else {
                    Ok(FileConfig::default())
                }
            }
        }
    }

    fn database_url(&self, file: &FileConfig) -> Secret {
        self.database_url
            .clone()
            .map(Secret::new)
            .or_else(|| file.database_url.clone())
            .unwrap_or_else(|| Secret::new(Db::sqlite_url_in(&self.data_dir)))
    }

    /// What an administration command knows of the public address, to show the towns' own:
    /// the file's `public_url` (or `VOIX_PUBLIC_URL`), else the default.
    fn settings_for_links(&self) -> anyhow::Result<Settings> {
        let file = self.file_config()?;
        let mut s = Settings::with_defaults(self.data_dir.clone());
        let from_env = std::env::var("VOIX_PUBLIC_URL")
            .ok()
            .and_then(|u| Url::parse(&u).ok());
        if let Some(url) = from_env.or(file.public_url) {
            s.public_url = url;
        }
        Ok(s)
    }

    async fn open(&self) -> anyhow::Result<Db> {
        std::fs::create_dir_all(&self.data_dir)
            .with_context(|| format!("cannot create data directory {}", self.data_dir.display()))?;
        let file = self.file_config()?;
        let db = Db::connect(self.database_url(&file).expose()).await?;
        db.migrate().await?;
        // The town created at first start, so that commands run before it find it too.
        let name = file
            .default_town_name
            .clone()
            .unwrap_or_else(|| "Ma commune".to_owned());
        let mut tx = db.begin().await?;
        towns::ensure_default(&mut tx, &name).await?;
        tx.commit().await?;
        Ok(db)
    }
}

impl ServeArgs {
    /// Merges flags/environment over the configuration file over the defaults.
    pub fn settings(&self) -> anyhow::Result<Settings> {
        let file = self.db.file_config()?;
        let mut s = Settings::with_defaults(self.db.data_dir.clone());
        s.database_url = self.db.database_url(&file);
        s.listen = self.listen.or(file.listen).unwrap_or(s.listen);
        s.public_url = match self.public_url.clone().or(file.public_url) {
            Some(url) => url,
            None => Url::parse(&format!("http://{}", s.listen))
                .context("cannot derive the public URL")?,
        };
        if let Some(dir) = self.static_dir.clone().or(file.static_dir) {
            s.static_dir = dir;
        }
        if let Some(from) = self.mail_from.clone().or(file.mail_from) {
            s.mail_from = from;
        }
        s.trust_proxy = self
            .trust_proxy
            .or(file.trust_proxy.map(crate::config::ProxyHops::hops))
            .unwrap_or(0);
        if let Some(name) = self.town_name.clone().or(file.default_town_name) {
            s.default_town_name = name;
        }
        if let Some(m) = file.session_idle_minutes {
            s.session_idle = Duration::from_secs(m * 60);
        }
        if let Some(h) = file.session_absolute_hours {
            s.session_absolute = Duration::from_secs(h * 3600);
        }
        if let Some(roles) = file.totp_required_roles {
            s.totp_required_roles = roles;
        }
        if let Some(days) = self.residency_valid_days.or(file.residency_valid_days) {
            s.residency_valid = Duration::from_secs(days.saturating_mul(24 * 3600));
        }
        s.ldap = file.ldap.map(|f| {
            let mut ldap = f.into_settings();
            if let Some(pw) = &self.ldap_bind_password {
                ldap.bind_password = Some(Secret::new(pw.clone()));
            }
            ldap
        });
        if let Some(ldap) = &s.ldap {
            ldap.validate()?;
        }
        s.requests = file.requests.unwrap_or_default().into_settings();
        s.imap = file.imap.map(|f| f.into_settings()).transpose()?;
        s.consultations = file.consultations.unwrap_or_default().into_settings()?;
        if let Some(path) = file.ballot_seal_key_file {
            s.ballot_seal_key_file = path;
        }
        let metrics = file.metrics.unwrap_or_default();
        s.metrics.listen = self.metrics_listen.or(metrics.listen);
        s.metrics.token = self
            .metrics_token
            .clone()
            .map(crate::config::Secret::new)
            .or(metrics.token)
            .filter(|t| !t.expose().is_empty());
        let file_smtp = file.smtp;
        let host = self
            .smtp_host
            .clone()
            .or_else(|| file_smtp.as_ref().map(|f| f.host.clone()));
        s.smtp = host.map(|host| {
            let f = file_smtp.as_ref();
            let tls = self
                .smtp_tls
                .or(f.and_then(|f| f.tls))
                .unwrap_or(SmtpTls::Starttls);
            SmtpSettings {
                host,
                port: self
                    .smtp_port
                    .or(f.and_then(|f| f.port))
                    .unwrap_or(default_smtp_port(tls)),
                tls,
                username: self
                    .smtp_username
                    .clone()
                    .or(f.and_then(|f| f.username.clone())),
                password: self
                    .smtp_password
                    .clone()
                    .map(Secret::new)
                    .or(f.and_then(|f| f.password.clone())),
                ca_file: self
                    .smtp_ca_file
                    .clone()
                    .or(f.and_then(|f| f.ca_file.clone())),
                timeout: Duration::from_secs(f.and_then(|f| f.timeout_seconds).unwrap_or(30)),
            }
        });
        Ok(s)
    }
}

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve(*args).await,
        Command::Migrate(db) => {
            db.open().await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Admin(cmd) => admin(cmd).await,
        Command::Verify { file } => {
            tokio::task::spawn_blocking(move || election::verify(&file)).await??;
            Ok(())
        }
        Command::SimulateElection(args) => {
            tokio::task::spawn_blocking(move || election::simulate(&args)).await?
        }
        Command::Trustee(cmd) => tokio::task::spawn_blocking(move || trustee::run(&cmd)).await?,
        Command::Audit(AuditCommand::Verify(db)) => audit_verify(db).await,
    }
}

/// `voix audit verify`: every town's chain, oldest entry first.
async fn audit_verify(db: DbArgs) -> anyhow::Result<()> {
    let db = db.open().await?;
    let mut tx = db.read().await?;
    let mut broken = Vec::new();
    for town in towns::list(&mut tx).await? {
        let entries = crate::repo::audit::list(&mut tx, &town.id).await?;
        match crate::repo::audit::first_broken(&entries) {
            None => println!("{}: {} entries, chain intact", town.slug, entries.len()),
            Some(id) => {
                let e = entries.iter().find(|e| e.id == id);
                println!(
                    "{}: chain BROKEN at entry {id} ({} on {}, {})",
                    town.slug,
                    e.map_or("", |e| e.action.as_str()),
                    e.map_or("", |e| e.target.as_str()),
                    e.map_or(String::new(), |e| crate::time::format_iso8601(e.created_at)),
                );
                broken.push(town.slug.clone());
            }
        }
    }
    if broken.is_empty() {
        Ok(())
    } else {
        anyhow::bail!("audit log tampered with in: {}", broken.join(", "))
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&args.db.data_dir).with_context(|| {
        format!(
            "cannot create data directory {}",
            args.db.data_dir.display()
        )
    })?;
    let settings = args.settings()?;
    tracing::info!(
        listen = %settings.listen,
        public_url = %settings.public_url,
        data_dir = %settings.data_dir.display(),
        database = ?crate::db::Engine::of_url(settings.database_url.expose()),
        static_dir = %settings.static_dir.display(),
        "starting"
    );
    let app = Application::build(settings.clone()).await?;
    if args.demo {
        let created = crate::demo::seed(app.db(), &settings).await?;
        if created.is_empty() {
            println!(
                "Demo accounts already exist (their passwords were printed at the first start)."
            );
        } else {
            println!("Demo accounts (printed once, keep them):");
            for (email, role, pass) in created {
                println!("  {:<28} {:<10} {}", email, role.as_str(), pass);
            }
        }
        println!(
            "To try residency verification, register an account and give: {}",
            crate::demo::census::TRY_AS
        );
    }
    println!(
        "Voix is listening on {} (public URL {})",
        settings.listen, settings.public_url
    );
    app.run_until_stopped().await
}

fn read_password() -> anyhow::Result<(String, bool)> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin.lock().read_to_string(&mut line)?;
        let line = line.lines().next().unwrap_or("").to_owned();
        if !line.is_empty() {
            return Ok((line, false));
        }
    }
    Ok((token::random_password(), true))
}

async fn admin(cmd: AdminCommand) -> anyhow::Result<()> {
    match cmd {
        AdminCommand::CreateUser {
            db,
            email,
            role,
            name,
            town,
            language,
        } => {
            let db = db.open().await?;
            let email = EmailAddress::parse(&email)
                .map_err(|_| anyhow::anyhow!("invalid email address"))?;
            let name =
                name.unwrap_or_else(|| email.as_str().split('@').next().unwrap_or("").to_owned());
            let name =
                DisplayName::parse(&name).map_err(|_| anyhow::anyhow!("invalid display name"))?;
            let (pass, generated) = read_password()?;
            NewPassword::parse(&pass)
                .map_err(|_| anyhow::anyhow!("the password must have 12 to 128 characters"))?;
            let hash = password::hash(pass.clone()).await?;
            let mut tx = db.begin().await?;
            let town = match &town {
                Some(slug) => towns::by_slug(&mut tx, slug)
                    .await?
                    .with_context(|| format!("no town `{slug}`"))?,
                None => towns::ensure_default(&mut tx, "Ma commune").await?, // exists: see DbArgs::open
            };
            if users::by_email(&mut tx, &town.id, email.as_str())
                .await?
                .is_some()
            {
                bail!(
                    "{} already has an account in town `{}`",
                    email.as_str(),
                    town.slug
                );
            }
            users::insert(
                &mut tx,
                &users::NewUser {
                    town_id: &town.id,
                    email: email.as_str(),
                    display_name: name.as_str(),
                    password_hash: &hash,
                    language,
                    role,
                    verified: true,
                },
            )
            .await?;
            tx.commit().await?;
            println!(
                "created {} ({}) in town `{}`",
                email.as_str(),
                role.as_str(),
                town.slug
            );
            if generated {
                println!("password (shown once): {pass}");
            }
            Ok(())
        }
        AdminCommand::CreateTown {
            db: args,
            slug,
            name,
            hosts,
            public_url,
        } => {
            let settings = args.settings_for_links()?;
            let db = args.open().await?;
            let town = crate::towns::create_town_with_hosts(
                &db,
                &settings,
                &slug,
                &name,
                &hosts,
                public_url.as_deref(),
            )
            .await
            .map_err(|e| anyhow::anyhow!("cannot create the town: {e:?}"))?;
            println!(
                "created town `{}` ({}) for {}, public address {}",
                town.slug,
                town.name,
                town.hosts.join(", "),
                town.public_url
            );
            Ok(())
        }
        AdminCommand::UpdateTown {
            db,
            slug,
            name,
            primary_color,
            accent_color,
            logo,
            add_hosts,
            public_url,
            time_zone,
        } => {
            if let Some(zone) = &time_zone
                && !crate::email::time::is_zone(zone)
            {
                bail!("--time-zone must be an IANA time zone such as Europe/Paris");
            }
            let public_url = match public_url.as_deref() {
                None => None,
                Some("-") => Some(None),
                Some(url) => Some(Some(crate::domain::parse_public_url(url).map_err(
                    |_| {
                        anyhow::anyhow!(
                            "--public-url must be an http(s) address such as https://voix.ville.fr"
                        )
                    },
                )?)),
            };
            let db = db.open().await?;
            let check = |c: Option<String>| -> anyhow::Result<Option<String>> {
                c.map(|c| parse_color(&c).map_err(|_| anyhow::anyhow!("colours are #rrggbb")))
                    .transpose()
            };
            let primary = check(primary_color)?;
            let accent = check(accent_color)?;
            let logo = match logo {
                Some(path) => {
                    let bytes = std::fs::read(&path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    let mime = match path
                        .extension()
                        .and_then(|e| e.to_str())
                        .map(str::to_ascii_lowercase)
                        .as_deref()
                    {
                        Some("png") => "image/png",
                        Some("svg") => "image/svg+xml",
                        Some("webp") => "image/webp",
                        _ => bail!("the logo must be a .png, .svg or .webp file"),
                    };
                    Some((bytes, mime))
                }
                None => None,
            };
            let mut tx = db.begin().await?;
            let town = towns::by_slug(&mut tx, &slug)
                .await?
                .with_context(|| format!("no town `{slug}`"))?;
            towns::update_branding(
                &mut tx,
                &town.id,
                name.as_deref(),
                primary.as_deref(),
                accent.as_deref(),
                logo.as_ref().map(|(b, m)| (b.as_slice(), *m)),
            )
            .await?;
            for host in add_hosts {
                towns::add_host(&mut tx, &town.id, &crate::domain::normalize_host(&host)).await?;
            }
            if let Some(url) = public_url {
                if let Some(url) = &url {
                    let hosts = towns::hosts(&mut tx, &town.id).await?;
                    crate::towns::check_public_url_host(url, &hosts).map_err(|_| {
                        anyhow::anyhow!("--public-url must be on one of the town's host names")
                    })?;
                }
                towns::set_public_url(&mut tx, &town.id, url.as_deref()).await?;
            }
            if let Some(zone) = &time_zone {
                towns::set_time_zone(&mut tx, &town.id, zone).await?;
            }
            tx.commit().await?;
            println!("updated town `{slug}`");
            Ok(())
        }
        AdminCommand::ListTowns { db: args } => {
            let settings = args.settings_for_links()?;
            let db = args.open().await?;
            let mut tx = db.read().await?;
            for town in towns::list(&mut tx).await? {
                let hosts = towns::hosts(&mut tx, &town.id).await?;
                let default = if town.is_default { " (default)" } else { "" };
                println!(
                    "{:<20} {}{}  hosts: {}  public address: {}  time zone: {}",
                    town.slug,
                    town.name,
                    default,
                    hosts.join(", "),
                    town.public_base(&settings),
                    town.time_zone
                );
            }
            Ok(())
        }
        AdminCommand::CreateApiKey { db, name, town } => {
            let db = db.open().await?;
            let name = name.trim();
            if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
                bail!("the key's name must have 1 to 100 characters");
            }
            let mut tx = db.begin().await?;
            let town = api_key_town(&mut tx, town.as_deref()).await?;
            if api_keys::active_name_exists(&mut tx, &town.id, name).await? {
                bail!("town `{}` already has a live key named `{name}`", town.slug);
            }
            let (_, key) = api_keys::create(&mut tx, &town.id, name, crate::time::now()).await?;
            tx.commit().await?;
            // The key goes to stdout only (never to the logs), alone on its line.
            eprintln!(
                "created Open311 API key `{name}` for town `{}` (shown once):",
                town.slug
            );
            println!("{key}");
            Ok(())
        }
        AdminCommand::RotateReceiptKey { db, town } => {
            let db = db.open().await?;
            let mut tx = db.begin().await?;
            let town = api_key_town(&mut tx, town.as_deref()).await?;
            let key = crate::consultations::receipts::rotate_town_key(
                &mut tx,
                &town.id,
                crate::time::now(),
            )
            .await?;
            tx.commit().await?;
            eprintln!(
                "new receipt key for town `{}`; consultations opened from now on sign with it:",
                town.slug
            );
            println!("{}", crate::consultations::receipts::public_key_b64(&key));
            Ok(())
        }
        AdminCommand::RevokeApiKey { db, name, town } => {
            let db = db.open().await?;
            let mut tx = db.begin().await?;
            let town = api_key_town(&mut tx, town.as_deref()).await?;
            let n = api_keys::revoke(&mut tx, &town.id, name.trim(), crate::time::now()).await?;
            if n == 0 {
                bail!(
                    "town `{}` has no live key named `{}`",
                    town.slug,
                    name.trim()
                );
            }
            tx.commit().await?;
            println!(
                "revoked {n} key(s) named `{}` in town `{}`",
                name.trim(),
                town.slug
            );
            Ok(())
        }
    }
}

/// The town of a town-scoped admin command (API keys, receipt keys): by slug, or the default
/// town.
async fn api_key_town(tx: &mut crate::db::Tx, slug: Option<&str>) -> anyhow::Result<towns::Town> {
    Ok(match slug {
        Some(slug) => towns::by_slug(tx, slug)
            .await?
            .with_context(|| format!("no town `{slug}`"))?,
        None => towns::ensure_default(tx, "Ma commune").await?, // exists: see DbArgs::open
    })
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::{Cli, Command};

    /// `voix serve` settings for `flags`, with `file` as the data directory's `voix.toml`.
    fn serve_settings(file: &str, flags: &[&str]) -> crate::config::Settings {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("voix.toml"), file).unwrap();
        let data_dir = dir.path().to_str().unwrap();
        let args = ["voix", "serve", "--data-dir", data_dir]
            .into_iter()
            .chain(flags.iter().copied());
        let Command::Serve(serve) = Cli::try_parse_from(args).unwrap().command else {
            panic!("not serve");
        };
        serve.settings().unwrap()
    }

    #[test]
    fn a_flag_overrides_the_files_trust_proxy_both_ways() {
        assert_eq!(serve_settings("trust_proxy = true\n", &[]).trust_proxy, 1);
        assert_eq!(
            serve_settings("trust_proxy = true\n", &["--trust-proxy", "0"]).trust_proxy,
            0
        );
        assert_eq!(
            serve_settings("trust_proxy = true\n", &["--trust-proxy", "false"]).trust_proxy,
            0
        );
        assert_eq!(
            serve_settings("trust_proxy = 2\n", &["--trust-proxy"]).trust_proxy,
            1
        );
        assert_eq!(
            serve_settings("trust_proxy = false\n", &["--trust-proxy", "3"]).trust_proxy,
            3
        );
    }
}
