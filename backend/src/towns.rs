//! Town operations shared by the administrators' API (`routes/admin.rs`) and the command line
//! (`voix admin create-town|update-town`): the rules are written once, here.

use protocol::ErrorCode;
use protocol::api::TownAdmin;

use crate::db::is_unique_violation;
use crate::domain::{normalize_host, parse_slug};
use crate::error::ApiError;
use crate::repo::towns;

/// A town's public address must be on one of its host names: links on another host would
/// select another town (where the town's tokens are worthless), and the CSRF check would
/// refuse its pages' requests.
pub fn check_public_url_host(public_url: &str, hosts: &[String]) -> Result<(), ApiError> {
    let host = url::Url::parse(public_url)
        .ok()
        .and_then(|u| u.host_str().map(normalize_host));
    match host {
        Some(h) if hosts.contains(&h) => Ok(()),
        _ => Err(ApiError::detail_field(
            ErrorCode::Validation,
            "public_url",
            "the public URL's host must be one of the town's host names",
        )),
    }
}

/// Creates a town and its hosts in one transaction.
pub async fn create_town_with_hosts(
    db: &crate::db::Db,
    settings: &crate::config::Settings,
    slug: &str,
    name: &str,
    hosts: &[String],
    public_url: Option<&str>,
) -> Result<TownAdmin, ApiError> {
    let public_url = public_url
        .map(crate::domain::parse_public_url)
        .transpose()?;
    let slug = parse_slug(slug)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(ApiError::field(ErrorCode::Validation, "name"));
    }
    let hosts: Vec<String> = hosts.iter().map(|h| normalize_host(h)).collect();
    // A town is reached by its host names: without one, nothing would select it, and its
    // mails would have no address of their own.
    if hosts.is_empty()
        || hosts
            .iter()
            .any(|h| h.is_empty() || h.contains(['/', ' ', '@']))
    {
        return Err(ApiError::field(ErrorCode::Validation, "hosts"));
    }
    if let Some(url) = &public_url {
        check_public_url_host(url, &hosts)?;
    }
    let mut tx = db.begin().await?;
    let conflict = |e: sqlx::Error, field: &'static str| {
        if is_unique_violation(&e, "towns_slug_key") || is_unique_violation(&e, "town_hosts_pkey") {
            ApiError::field(ErrorCode::Conflict, field)
        } else {
            e.into()
        }
    };
    let new = towns::NewTown {
        slug: &slug,
        name,
        is_default: false,
        primary_host: hosts.first().map(String::as_str),
        public_url: public_url.as_deref(),
    };
    let town = towns::create(&mut tx, &new)
        .await
        .map_err(|e| conflict(e, "slug"))?;
    for host in &hosts {
        towns::add_host(&mut tx, &town.id, host)
            .await
            .map_err(|e| conflict(e, "hosts"))?;
    }
    tx.commit().await?;
    Ok(TownAdmin {
        public_url: town.public_base(settings),
        slug: town.slug,
        name: town.name,
        hosts,
        is_default: false,
    })
}

/// The town with this slug, if any.
pub async fn by_slug(db: &crate::db::Db, slug: &str) -> Result<Option<towns::Town>, ApiError> {
    let mut tx = db.read().await?;
    Ok(towns::by_slug(&mut tx, slug).await?)
}

/// Every town of the installation with its host names and public address.
pub async fn list(
    db: &crate::db::Db,
    settings: &crate::config::Settings,
) -> Result<Vec<TownAdmin>, ApiError> {
    let mut tx = db.read().await?;
    let mut out = Vec::new();
    for town in towns::list(&mut tx).await? {
        out.push(TownAdmin {
            public_url: town.public_base(settings),
            hosts: towns::hosts(&mut tx, &town.id).await?,
            slug: town.slug,
            name: town.name,
            is_default: town.is_default,
        });
    }
    Ok(out)
}
