//! Stored requests as each reader may see them: residents never see internal notes, staff
//! names, hidden content or reporters' identities; staff see everything, with the moderation
//! reasons.

use std::collections::BTreeMap;

use protocol::requests::{
    AttributeAnswer, EventKind, Location, PersonRef, PhotoInfo, RequestDetail, RequestStatus,
    RequestSummary, TimelineEvent,
};

use super::validate::degrees;
use crate::config::Settings;
use crate::db::Tx;
use crate::repo::requests::{self as repo, Line, Request};
use crate::repo::{categories, users};

/// Who reads.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    /// The signed-in account, if any.
    pub user_id: Option<&'a str>,
    pub staff: bool,
}

fn location(lat: Option<i64>, lon: Option<i64>) -> Option<Location> {
    Some(Location {
        lat: degrees(lat?),
        lon: degrees(lon?),
    })
}

/// The first line of a description, at most 140 characters.
pub fn excerpt(description: &str) -> String {
    let line = description.lines().next().unwrap_or("");
    let mut out: String = line.chars().take(140).collect();
    if line.chars().count() > 140 {
        out.push('…');
    }
    out
}

/// A request with its timeline, photos and follow state, for `reader`.
pub async fn detail(
    tx: &mut Tx,
    settings: &Settings,
    request: &Request,
    reader: Reader<'_>,
) -> Result<RequestDetail, sqlx::Error> {
    let category = categories::by_id(tx, &request.category_id).await?;
    let is_reporter = reader.user_id.is_some() && request.reporter_id.as_deref() == reader.user_id;
    let following = match reader.user_id {
        Some(id) => repo::is_following(tx, &request.id, id).await?,
        None => false,
    };
    let hidden_for_reader = |reason: &Option<String>| reason.is_some() && !reader.staff;
    let events = repo::events(tx, &request.id).await?;
    let timeline = events
        .into_iter()
        // Internal notes and assignments (which name staff) are for staff only.
        .filter(|e| {
            reader.staff || !matches!(e.kind(), EventKind::InternalNote | EventKind::Assignment)
        })
        .map(|e| {
            let by_reporter =
                e.actor_id.is_some() && e.actor_id.as_deref() == request.reporter_id.as_deref();
            // Residents see the reporter's name on the reporter's own entries only; staff
            // entries read as "the town's services" (None).
            let actor = if reader.staff || (by_reporter && is_reporter) {
                e.actor_name.clone()
            } else {
                None
            };
            TimelineEvent {
                id: e.id,
                kind: e.kind(),
                actor,
                by_reporter,
                from_status: e.from_status.as_deref().and_then(RequestStatus::parse),
                to_status: e.to_status.as_deref().and_then(RequestStatus::parse),
                body: if hidden_for_reader(&e.hidden_reason) {
                    String::new()
                } else {
                    e.body.clone()
                },
                source: e.source.clone(),
                hidden_reason: e.hidden_reason.clone(),
                created_at: e.created_at,
            }
        })
        .collect();
    let photos = repo::photos(tx, &request.id)
        .await?
        .into_iter()
        .map(|p| PhotoInfo {
            url: (!hidden_for_reader(&p.hidden_reason))
                .then(|| format!("/api/v1/requests/{}/photos/{}", request.number, p.id)),
            id: p.id,
            width: u32::try_from(p.width).unwrap_or(0),
            height: u32::try_from(p.height).unwrap_or(0),
            hidden_reason: p.hidden_reason,
        })
        .collect();
    let person = |u: users::User| PersonRef {
        id: u.id,
        display_name: u.display_name,
        email: Some(u.email),
    };
    let (reporter, assignee) = if reader.staff {
        let reporter = match &request.reporter_id {
            Some(id) => users::by_id(tx, &request.town_id, id).await?.map(person),
            None => request.contact_email.as_ref().map(|email| PersonRef {
                id: String::new(),
                display_name: request.contact_name.clone().unwrap_or_default(),
                email: Some(email.clone()),
            }),
        };
        let assignee = match &request.assignee_id {
            Some(id) => users::by_id(tx, &request.town_id, id).await?.map(person),
            None => None,
        };
        (reporter, assignee)
    } else {
        (None, None)
    };
    let duplicate_of = match &request.duplicate_of {
        Some(id) => repo::by_id(tx, &request.town_id, id)
            .await?
            .map(|r| r.number),
        None => None,
    };
    let attributes: BTreeMap<String, AttributeAnswer> =
        serde_json::from_str(&request.attributes).unwrap_or_default();
    Ok(RequestDetail {
        number: request.number.clone(),
        category: category.map(|c| c.reference()).unwrap_or_else(|| {
            protocol::requests::CategoryRef {
                code: String::new(),
                name: Default::default(),
            }
        }),
        status: request.status(),
        description: if hidden_for_reader(&request.hidden_reason) {
            String::new()
        } else {
            request.description.clone()
        },
        hidden_reason: request.hidden_reason.clone(),
        address: request.address.clone(),
        location: location(request.lat_e6, request.lon_e6),
        attributes,
        photos,
        followers: u64::try_from(request.followers).unwrap_or(0),
        following,
        is_reporter,
        reopen_until: if is_reporter {
            super::reopen_until(settings, request)
        } else {
            None
        },
        reporter,
        assignee,
        team: if reader.staff {
            request.team.clone()
        } else {
            None
        },
        duplicate_of,
        created_at: request.created_at,
        updated_at: request.updated_at,
        timeline,
    })
}

/// One line of a list.
pub fn summary(line: &Line, staff: bool, now: i64) -> RequestSummary {
    RequestSummary {
        number: line.number.clone(),
        category: protocol::requests::CategoryRef {
            code: line.category_code.clone(),
            name: protocol::requests::Localized {
                fr: line.category_fr.clone(),
                en: line.category_en.clone(),
            },
        },
        status: RequestStatus::parse(&line.status).unwrap_or(RequestStatus::Submitted),
        excerpt: if line.hidden_reason.is_some() && !staff {
            String::new()
        } else {
            excerpt(&line.description)
        },
        address: line.address.clone(),
        assignee: if staff {
            line.assignee_name.clone().or_else(|| line.team.clone())
        } else {
            None
        },
        followers: u64::try_from(line.followers).unwrap_or(0),
        created_at: line.created_at,
        updated_at: line.updated_at,
        age_seconds: now.saturating_sub(line.created_at).max(0),
    }
}
