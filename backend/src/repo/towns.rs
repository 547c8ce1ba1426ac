//! Towns and the host names that select them.

use crate::db::Tx;
use crate::exec;
use crate::on_db;
use crate::time::now;

/// A town, without its logo bytes.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Town {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub primary_color: String,
    pub accent_color: String,
    pub logo_mime: Option<String>,
    pub is_default: bool,
    /// Set by the administrator; see [`Town::public_base`].
    pub public_url: Option<String>,
    /// The host name the town was created for.
    pub primary_host: Option<String>,
    /// The IANA time zone of every date and time in the town's mails (`Europe/Paris`).
    pub time_zone: String,
}

impl Town {
    /// The town's public address without a trailing slash: every link in its mails and every
    /// absolute URL of its data start with it. Its own `public_url` when set; otherwise the
    /// global public URL's scheme, port and path on the town's primary host; the default town
    /// without a host falls back to the global public URL.
    pub fn public_base(&self, settings: &crate::config::Settings) -> String {
        if let Some(url) = &self.public_url {
            return url.trim_end_matches('/').to_owned();
        }
        let global = &settings.public_url;
        match &self.primary_host {
            Some(host) if !self.is_default => format!(
                "{}://{host}{}{}",
                global.scheme(),
                global.port().map(|p| format!(":{p}")).unwrap_or_default(),
                global.path().trim_end_matches('/')
            ),
            _ => settings.public_base(),
        }
    }

    /// `<public base>/<path>?token=<token>`, the shape of the links in account mails.
    pub fn link(&self, settings: &crate::config::Settings, path: &str, token: &str) -> String {
        format!("{}/{path}?token={token}", self.public_base(settings))
    }

    pub fn info(&self) -> protocol::api::TownInfo {
        protocol::api::TownInfo {
            slug: self.slug.clone(),
            name: self.name.clone(),
            primary_color: self.primary_color.clone(),
            logo_url: self.logo_mime.as_ref().map(|_| "/town/logo".to_owned()),
            directory_login: false,
            filing_requires_residency: false,
            map_tile_url: None,
            map_center: None,
            map_zoom: None,
            map_attribution: None,
        }
    }
}

const COLUMNS: &str = "t.id, t.slug, t.name, t.primary_color, t.accent_color, t.logo_mime, \
                       t.is_default, t.public_url, t.primary_host, t.time_zone";

/// The town a host name selects, or the default town.
pub async fn for_host(tx: &mut Tx, host: &str) -> Result<Option<Town>, sqlx::Error> {
    let sql = format!(
        "select {COLUMNS} from towns t
         left join town_hosts h on h.town_id = t.id and h.host = $1
         where h.host is not null or t.is_default
         order by h.host is null
         limit 1"
    );
    on_db!(tx, |c| sqlx::query_as::<_, Town>(sqlx::AssertSqlSafe(
        sql.as_str()
    ))
    .bind(host)
    .fetch_optional(c)
    .await)
}

pub async fn by_slug(tx: &mut Tx, slug: &str) -> Result<Option<Town>, sqlx::Error> {
    let sql = format!("select {COLUMNS} from towns t where t.slug = $1");
    on_db!(tx, |c| sqlx::query_as::<_, Town>(sqlx::AssertSqlSafe(
        sql.as_str()
    ))
    .bind(slug)
    .fetch_optional(c)
    .await)
}

pub async fn by_id(tx: &mut Tx, id: &str) -> Result<Option<Town>, sqlx::Error> {
    let sql = format!("select {COLUMNS} from towns t where t.id = $1");
    on_db!(tx, |c| sqlx::query_as::<_, Town>(sqlx::AssertSqlSafe(
        sql.as_str()
    ))
    .bind(id)
    .fetch_optional(c)
    .await)
}

pub async fn list(tx: &mut Tx) -> Result<Vec<Town>, sqlx::Error> {
    let sql = format!("select {COLUMNS} from towns t order by t.slug");
    on_db!(tx, |c| sqlx::query_as::<_, Town>(sqlx::AssertSqlSafe(
        sql.as_str()
    ))
    .fetch_all(c)
    .await)
}

/// The hosts of a town, sorted.
pub async fn hosts(tx: &mut Tx, town_id: &str) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = on_db!(tx, |c| sqlx::query_as(
        "select host from town_hosts where town_id = $1 order by host"
    )
    .bind(town_id)
    .fetch_all(c)
    .await)?;
    Ok(rows.into_iter().map(|(h,)| h).collect())
}

/// True when `host` is registered for some town.
pub async fn host_exists(tx: &mut Tx, host: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(String,)> = on_db!(tx, |c| sqlx::query_as(
        "select host from town_hosts where host = $1"
    )
    .bind(host)
    .fetch_optional(c)
    .await)?;
    Ok(row.is_some())
}

/// What a new town is.
#[derive(Debug, Clone, Copy)]
pub struct NewTown<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub is_default: bool,
    pub primary_host: Option<&'a str>,
    pub public_url: Option<&'a str>,
}

/// The time zone a new town starts with (the migration's column default).
pub const DEFAULT_TIME_ZONE: &str = "Europe/Paris";

/// Creates a town. Fails with a unique violation (`towns_slug_key`) if the slug is taken.
pub async fn create(tx: &mut Tx, new: &NewTown<'_>) -> Result<Town, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    exec!(
        tx,
        "insert into towns (id, slug, name, is_default, created_at, primary_host, public_url)
         values ($1, $2, $3, $4, $5, $6, $7)",
        &id,
        new.slug,
        new.name,
        new.is_default,
        now(),
        new.primary_host,
        new.public_url
    )?;
    Ok(Town {
        id,
        slug: new.slug.to_owned(),
        name: new.name.to_owned(),
        primary_color: "#1d4e89".into(),
        accent_color: "#b34000".into(),
        logo_mime: None,
        is_default: new.is_default,
        public_url: new.public_url.map(str::to_owned),
        primary_host: new.primary_host.map(str::to_owned),
        time_zone: DEFAULT_TIME_ZONE.to_owned(),
    })
}

/// Sets a town's public address (`None`: back to the derived one).
pub async fn set_public_url(
    tx: &mut Tx,
    town_id: &str,
    public_url: Option<&str>,
) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "update towns set public_url = $2 where id = $1",
        town_id,
        public_url
    )?;
    Ok(())
}

/// Sets the town's time zone (an IANA name the caller checked).
pub async fn set_time_zone(tx: &mut Tx, town_id: &str, time_zone: &str) -> Result<(), sqlx::Error> {
    exec!(
        tx,
        "update towns set time_zone = $2 where id = $1",
        town_id,
        time_zone
    )?;
    Ok(())
}

/// Attaches a host name to a town (fails with `town_hosts_pkey` if another town has it); the
/// first becomes the town's primary host.
pub async fn add_host(tx: &mut Tx, town_id: &str, host: &str) -> Result<(), sqlx::Error> {
    on_db!(tx, |c| sqlx::query(
        "insert into town_hosts (host, town_id) values ($1, $2)"
    )
    .bind(host)
    .bind(town_id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    exec!(
        tx,
        "update towns set primary_host = $2 where id = $1 and primary_host is null",
        town_id,
        host
    )?;
    Ok(())
}

/// Updates a town's branding; `None` leaves a value unchanged.
pub async fn update_branding(
    tx: &mut Tx,
    town_id: &str,
    name: Option<&str>,
    primary_color: Option<&str>,
    accent_color: Option<&str>,
    logo: Option<(&[u8], &str)>,
) -> Result<(), sqlx::Error> {
    on_db!(tx, |c| sqlx::query(
        "update towns set name = coalesce($2, name),
                          primary_color = coalesce($3, primary_color),
                          accent_color = coalesce($4, accent_color)
         where id = $1"
    )
    .bind(town_id)
    .bind(name)
    .bind(primary_color)
    .bind(accent_color)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))?;
    if let Some((bytes, mime)) = logo {
        exec!(
            tx,
            "update towns set logo = $2, logo_mime = $3 where id = $1",
            town_id,
            bytes,
            mime
        )?;
    }
    Ok(())
}

/// The logo bytes and MIME type, if the town has one.
pub async fn logo(tx: &mut Tx, town_id: &str) -> Result<Option<(Vec<u8>, String)>, sqlx::Error> {
    let row: Option<(Option<Vec<u8>>, Option<String>)> = on_db!(tx, |c| sqlx::query_as(
        "select logo, logo_mime from towns where id = $1"
    )
    .bind(town_id)
    .fetch_optional(c)
    .await)?;
    Ok(row.and_then(|(bytes, mime)| bytes.zip(mime)))
}

/// The default town, created on first start with `name`.
pub async fn ensure_default(tx: &mut Tx, name: &str) -> Result<Town, sqlx::Error> {
    let sql = format!("select {COLUMNS} from towns t where t.is_default");
    let existing = on_db!(tx, |c| sqlx::query_as::<_, Town>(sqlx::AssertSqlSafe(
        sql.as_str()
    ))
    .fetch_optional(c)
    .await)?;
    match existing {
        Some(town) => Ok(town),
        None => {
            let new = NewTown {
                slug: "default",
                name,
                is_default: true,
                primary_host: None,
                public_url: None,
            };
            create(tx, &new).await
        }
    }
}
