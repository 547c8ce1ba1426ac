//! Service requests: what happens when a request is filed, commented, moved along its
//! lifecycle or moderated. The HTTP routes (web API, Open311) and the inbound-email worker all
//! go through these functions, so each rule lives in one place:
//!
//! - every change runs in the caller's transaction, with its timeline entry, its audit-log
//!   entry (staff actions) and its emails (outbox), so nothing is half-saved;
//! - residents never see internal notes nor staff names; staff see everything, hidden content
//!   included, with the moderation reason.

pub mod flags;
pub mod notify;
pub mod photos;
pub mod validate;
pub mod view;

use std::collections::BTreeMap;

use protocol::ErrorCode;
use protocol::api::Language;
use protocol::requests::limits::{COMMENT_MAX_CHARS, MAX_PHOTOS};
use protocol::requests::{AttributeAnswer, EventKind, NewRequest, RequestStatus, StatusChange};

use crate::config::Settings;
use crate::db::Tx;
use crate::error::ApiError;
use crate::repo::requests::{self as repo, Request};
use crate::repo::towns::Town;
use crate::repo::users::User;
use crate::repo::{audit, categories};
use crate::time::{now, year_of};
use photos::CleanPhoto;

/// What every operation needs besides the transaction: the settings, and the town whose data
/// it is (its mails' links use that town's public address).
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub settings: &'a Settings,
    pub town: &'a Town,
    /// Domain of Message-IDs (the public URL's host).
    pub mail_domain: &'a str,
}

impl<'a> Ctx<'a> {
    pub fn new(settings: &'a Settings, town: &'a Town) -> Self {
        Self {
            settings,
            town,
            mail_domain: settings.mail_domain(),
        }
    }

    /// The request's page in the SPA, for emails.
    pub fn link(&self, number: &str) -> String {
        format!("{}/requests/{number}", self.town.public_base(self.settings))
    }
}

/// A request's reply token: 160 random bits in lowercase base32, so that it survives mail
/// systems that fold the case of addresses (it travels in `voix+<token>@…`).
pub fn reply_token() -> String {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).expect("the operating system's random generator is available");
    data_encoding::BASE32_NOPAD
        .encode(&bytes)
        .to_ascii_lowercase()
}

/// Refuses accounts that staff blocked from posting.
pub async fn ensure_not_blocked(tx: &mut Tx, user: &User) -> Result<(), ApiError> {
    if repo::block_state(tx, &user.id).await?.is_some() {
        return Err(ApiError::code(ErrorCode::AccountBlocked));
    }
    Ok(())
}

/// Counts one post (filing, comment, reopening, flag) of `user` against
/// `[throttle] posts_per_account`, in its own transaction so that refused attempts count too.
pub async fn throttle_post(
    db: &crate::db::Db,
    settings: &Settings,
    user: &User,
) -> Result<(), ApiError> {
    let mut tx = db.begin().await?;
    let outcome = crate::auth::throttle::hit(
        &mut tx,
        &format!("posts:{}", user.id),
        settings.throttle.posts_per_account,
    )
    .await;
    tx.commit().await?;
    outcome
}

/// Who files a request.
#[derive(Debug, Clone, Copy)]
pub enum Reporter<'a> {
    /// A signed-in resident.
    Account(&'a User),
    /// An Open311 client, possibly on behalf of someone who gave an email address.
    Open311 {
        api_key_id: &'a str,
        email: Option<&'a str>,
        name: Option<&'a str>,
    },
}

/// A filing checked against its category, ready to store.
#[derive(Debug, Clone)]
pub struct Checked {
    pub category: categories::Row,
    pub description: String,
    pub address: Option<String>,
    pub location: Option<(i64, i64)>,
    pub attributes: BTreeMap<String, AttributeAnswer>,
}

/// Validates a filing: active category of the town, texts, place (an address or a point is
/// required), answers to the category's attributes.
pub async fn check(tx: &mut Tx, town: &Town, new: &NewRequest) -> Result<Checked, ApiError> {
    let category = categories::by_code(tx, &town.id, new.category.trim())
        .await?
        .filter(|c| c.active)
        .ok_or_else(|| ApiError::field(ErrorCode::UnknownCategory, "category"))?;
    let description = validate::description(&new.description)?;
    let address = validate::address(new.address.as_deref())?;
    let location = validate::location(new.location)?;
    if address.is_none() && location.is_none() {
        return Err(ApiError::field(ErrorCode::Validation, "address"));
    }
    let attributes = validate::answers(&category.attributes(), &new.attributes)?;
    Ok(Checked {
        category,
        description,
        address,
        location,
        attributes,
    })
}

/// A stored filing.
#[derive(Debug, Clone)]
pub struct Filed {
    pub id: String,
    pub number: String,
    /// The reply token, for Open311's `token` and inbound email.
    pub token: String,
}

/// Stores a checked filing with its photos and timeline entry, and queues the confirmation.
pub async fn file(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    checked: &Checked,
    photos: &[CleanPhoto],
    reporter: Reporter<'_>,
    language: Language,
) -> Result<Filed, ApiError> {
    if photos.len() > MAX_PHOTOS {
        return Err(ApiError::field(ErrorCode::TooManyPhotos, "photo"));
    }
    let now = now();
    let number = repo::next_number(tx, &ctx.town.id, year_of(now)).await?;
    let token = reply_token();
    let attributes = serde_json::to_string(&checked.attributes).map_err(anyhow::Error::from)?;
    let (reporter_id, api_key_id, contact_email, contact_name, source) = match reporter {
        Reporter::Account(u) => (Some(u.id.as_str()), None, None, None, "web"),
        Reporter::Open311 {
            api_key_id,
            email,
            name,
        } => (None, Some(api_key_id), email, name, "open311"),
    };
    let id = repo::insert(
        tx,
        &repo::NewRequest {
            town_id: &ctx.town.id,
            number: &number,
            category_id: &checked.category.id,
            reporter_id,
            api_key_id,
            contact_email,
            contact_name,
            description: &checked.description,
            address: checked.address.as_deref(),
            lat_e6: checked.location.map(|l| l.0),
            lon_e6: checked.location.map(|l| l.1),
            attributes: &attributes,
            language: language.as_str(),
            reply_token: &token,
            now,
        },
    )
    .await?;
    for (i, photo) in photos.iter().enumerate() {
        repo::add_photo(tx, &id, &ctx.town.id, i as i64, photo, now).await?;
    }
    repo::add_event(
        tx,
        &repo::NewEvent {
            request_id: &id,
            town_id: &ctx.town.id,
            kind: EventKind::Submitted,
            actor_id: reporter_id,
            from_status: None,
            to_status: Some(RequestStatus::Submitted),
            body: "",
            source,
            now,
        },
    )
    .await?;
    let request = repo::by_id(tx, &ctx.town.id, &id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("request vanished in its own transaction"))?;
    notify::filed(tx, ctx, &request, &checked.category).await?;
    Ok(Filed { id, number, token })
}

/// Whether `user` may file a request now: not blocked and, where the town asks for it
/// (`require_residency`), a verified resident (staff file on anyone's behalf).
pub async fn ensure_may_file(
    tx: &mut Tx,
    settings: &Settings,
    user: &User,
) -> Result<(), ApiError> {
    ensure_not_blocked(tx, user).await?;
    if settings.requests.require_residency
        && !user.role().is_staff()
        && crate::repo::residency::verified_district(tx, &user.id, now())
            .await?
            .is_none()
    {
        return Err(ApiError::code(ErrorCode::ResidencyRequired));
    }
    Ok(())
}

/// "Me too": `user` follows the request to get its public updates by mail (a blocked account
/// may not start), or stops following it.
pub async fn follow(
    tx: &mut Tx,
    request: &Request,
    user: &User,
    follow: bool,
) -> Result<(), ApiError> {
    if follow {
        ensure_not_blocked(tx, user).await?;
    }
    repo::set_following(tx, &request.id, &user.id, follow, now()).await?;
    Ok(())
}

/// Appends the reporter's comment (from the web or an email reply). Only the reporter may
/// comment; a blocked account may not.
pub async fn comment(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    request: &Request,
    author: &User,
    body: &str,
    source: &str,
) -> Result<i64, ApiError> {
    if request.reporter_id.as_deref() != Some(author.id.as_str()) {
        return Err(ApiError::forbidden());
    }
    ensure_not_blocked(tx, author).await?;
    let body = validate::text(body, COMMENT_MAX_CHARS, "body")?;
    let now = now();
    let id = repo::add_event(
        tx,
        &repo::NewEvent {
            request_id: &request.id,
            town_id: &ctx.town.id,
            kind: EventKind::Comment,
            actor_id: Some(&author.id),
            from_status: None,
            to_status: None,
            body: &body,
            source,
            now,
        },
    )
    .await?;
    repo::touch(tx, &request.id, now).await?;
    Ok(id)
}

/// The reporter reopens a resolved or closed request within the configured window: it goes
/// back to `submitted` so that it reappears at the top of the queue.
pub async fn reopen(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    request: &Request,
    author: &User,
    reason: &str,
) -> Result<(), ApiError> {
    if request.reporter_id.as_deref() != Some(author.id.as_str()) {
        return Err(ApiError::forbidden());
    }
    ensure_not_blocked(tx, author).await?;
    let reason = validate::reason(reason)?;
    let from = request.status();
    if !from.can_reopen() {
        return Err(ApiError::code(ErrorCode::InvalidTransition));
    }
    let now = now();
    if reopen_until(ctx.settings, request).is_none_or(|until| now > until) {
        return Err(ApiError::code(ErrorCode::ReopenExpired));
    }
    repo::set_status(tx, &request.id, RequestStatus::Submitted, None, now).await?;
    repo::add_event(
        tx,
        &repo::NewEvent {
            request_id: &request.id,
            town_id: &ctx.town.id,
            kind: EventKind::Reopened,
            actor_id: Some(&author.id),
            from_status: Some(from),
            to_status: Some(RequestStatus::Submitted),
            body: &reason,
            source: "web",
            now,
        },
    )
    .await?;
    Ok(())
}

/// Until when the reporter may reopen `request` (only for resolved or closed requests).
pub fn reopen_until(settings: &Settings, request: &Request) -> Option<i64> {
    if !request.status().can_reopen() {
        return None;
    }
    let days = i64::try_from(settings.requests.reopen_days).unwrap_or(i64::MAX / 86_400);
    request
        .closed_at
        .map(|at| at.saturating_add(days.saturating_mul(86_400)))
}

fn audit_entry<'a>(
    ctx: Ctx<'a>,
    actor: &'a User,
    action: &'a str,
    target: &'a str,
    reason: &'a str,
) -> audit::NewEntry<'a> {
    audit::NewEntry {
        town_id: &ctx.town.id,
        actor_id: Some(&actor.id),
        action,
        target,
        reason,
    }
}

/// Staff move a request along its lifecycle; the reason is public and emailed.
pub async fn change_status(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    request: &Request,
    actor: &User,
    change: &StatusChange,
) -> Result<(), ApiError> {
    let reason = validate::reason(&change.reason)?;
    let from = request.status();
    if !from.can_transition(change.status) {
        return Err(ApiError::field(ErrorCode::InvalidTransition, "status"));
    }
    let duplicate_of = match (change.status, change.duplicate_of.as_deref()) {
        (RequestStatus::Duplicate, Some(number)) => {
            let original = repo::by_number(tx, &ctx.town.id, number.trim())
                .await?
                .filter(|o| o.id != request.id)
                .ok_or_else(|| ApiError::field(ErrorCode::Validation, "duplicate_of"))?;
            Some(original.id)
        }
        (RequestStatus::Duplicate, None) => {
            return Err(ApiError::field(ErrorCode::Validation, "duplicate_of"));
        }
        (_, Some(_)) => return Err(ApiError::field(ErrorCode::Validation, "duplicate_of")),
        (_, None) => None,
    };
    let now = now();
    repo::set_status(tx, &request.id, change.status, duplicate_of.as_deref(), now).await?;
    repo::add_event(
        tx,
        &repo::NewEvent {
            request_id: &request.id,
            town_id: &ctx.town.id,
            kind: EventKind::Status,
            actor_id: Some(&actor.id),
            from_status: Some(from),
            to_status: Some(change.status),
            body: &reason,
            source: "web",
            now,
        },
    )
    .await?;
    let action = format!("request.status.{}", change.status.as_str());
    audit::append(
        tx,
        &audit_entry(ctx, actor, &action, &request.number, &reason),
    )
    .await?;
    let changed = repo::by_id(tx, &ctx.town.id, &request.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("request vanished in its own transaction"))?;
    let until = reopen_until(ctx.settings, &changed);
    notify::public_update(tx, ctx, &changed, Some(change.status), &reason, until).await?;
    Ok(())
}

/// Staff post a public update (shown on the request and emailed) or an internal note.
pub async fn post_staff_text(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    request: &Request,
    actor: &User,
    body: &str,
    public: bool,
) -> Result<i64, ApiError> {
    let body = validate::text(body, COMMENT_MAX_CHARS, "body")?;
    let now = now();
    let kind = if public {
        EventKind::PublicUpdate
    } else {
        EventKind::InternalNote
    };
    let id = repo::add_event(
        tx,
        &repo::NewEvent {
            request_id: &request.id,
            town_id: &ctx.town.id,
            kind,
            actor_id: Some(&actor.id),
            from_status: None,
            to_status: None,
            body: &body,
            source: "web",
            now,
        },
    )
    .await?;
    repo::touch(tx, &request.id, now).await?;
    let action = if public {
        "request.public_update"
    } else {
        "request.internal_note"
    };
    audit::append(tx, &audit_entry(ctx, actor, action, &request.number, "")).await?;
    if public {
        notify::public_update(tx, ctx, request, None, &body, None).await?;
    }
    Ok(id)
}

/// Staff assign a request to a staff member of the town and/or a team (both `None`: nobody).
pub async fn assign(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    request: &Request,
    actor: &User,
    assignee_id: Option<&str>,
    team: Option<&str>,
) -> Result<(), ApiError> {
    let team = validate::optional_text(team, 100, "team")?;
    let assignee = match assignee_id.map(str::trim).filter(|s| !s.is_empty()) {
        Some(id) => {
            let user = crate::repo::users::by_id(tx, &ctx.town.id, id)
                .await?
                .filter(|u| u.role().is_staff() && !u.disabled)
                .ok_or_else(|| ApiError::field(ErrorCode::Validation, "assignee_id"))?;
            Some(user)
        }
        None => None,
    };
    let now = now();
    repo::set_assignment(
        tx,
        &request.id,
        assignee.as_ref().map(|u| u.id.as_str()),
        team.as_deref(),
        now,
    )
    .await?;
    let summary = match (&assignee, &team) {
        (Some(u), Some(t)) => format!("{} / {t}", u.display_name),
        (Some(u), None) => u.display_name.clone(),
        (None, Some(t)) => t.clone(),
        (None, None) => String::new(),
    };
    repo::add_event(
        tx,
        &repo::NewEvent {
            request_id: &request.id,
            town_id: &ctx.town.id,
            kind: EventKind::Assignment,
            actor_id: Some(&actor.id),
            from_status: None,
            to_status: None,
            body: &summary,
            source: "web",
            now,
        },
    )
    .await?;
    audit::append(
        tx,
        &audit_entry(ctx, actor, "request.assign", &request.number, &summary),
    )
    .await?;
    Ok(())
}

/// What a moderator hides.
#[derive(Debug, Clone, Copy)]
pub enum Hideable<'a> {
    Description,
    Event(i64),
    Photo(&'a str),
}

/// Staff hide abusive content with a reason; the author is told by email.
pub async fn hide(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    request: &Request,
    actor: &User,
    what: Hideable<'_>,
    reason: &str,
) -> Result<(), ApiError> {
    let reason = validate::reason(reason)?;
    let (author_id, target) = match what {
        Hideable::Description => {
            repo::hide_description(tx, &request.id, &reason).await?;
            (request.reporter_id.clone(), request.number.clone())
        }
        Hideable::Event(id) => {
            let event = repo::hide_event(tx, &request.id, id, &reason)
                .await?
                .ok_or_else(ApiError::not_found)?;
            (event.actor_id, format!("{}#event-{id}", request.number))
        }
        Hideable::Photo(id) => {
            if !repo::hide_photo(tx, &request.id, id, &reason).await? {
                return Err(ApiError::not_found());
            }
            (
                request.reporter_id.clone(),
                format!("{}#photo-{id}", request.number),
            )
        }
    };
    audit::append(
        tx,
        &audit_entry(ctx, actor, "moderation.hide", &target, &reason),
    )
    .await?;
    if let Some(author_id) = author_id
        && author_id != actor.id
        && let Some(author) = crate::repo::users::by_id(tx, &ctx.town.id, &author_id).await?
    {
        notify::content_hidden(tx, ctx, request, &author, &reason).await?;
    }
    Ok(())
}

/// Staff block (`Some(reason)`) or unblock (`None`) an account of the town from posting.
pub async fn set_blocked(
    tx: &mut Tx,
    ctx: Ctx<'_>,
    actor: &User,
    user_id: &str,
    reason: Option<&str>,
) -> Result<(), ApiError> {
    let reason = reason.map(validate::reason).transpose()?;
    let user = crate::repo::users::by_id(tx, &ctx.town.id, user_id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if user.id == actor.id || user.role().is_staff() {
        return Err(ApiError::forbidden());
    }
    repo::set_blocked(tx, &ctx.town.id, &user.id, reason.as_deref(), now()).await?;
    let action = if reason.is_some() {
        "user.block"
    } else {
        "user.unblock"
    };
    audit::append(
        tx,
        &audit_entry(
            ctx,
            actor,
            action,
            &user.id,
            reason.as_deref().unwrap_or(""),
        ),
    )
    .await?;
    notify::blocked(tx, ctx, &user, reason.as_deref()).await?;
    Ok(())
}
