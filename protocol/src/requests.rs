//! Wire types of service requests (the GRC half of Voix): categories, filing, the timeline,
//! staff triage and moderation. The lifecycle rules live here so that the server enforces
//! and the SPA offers exactly the same transitions.
//!
//! Tracking numbers (`2026-000123`) identify requests in URLs, emails and Open311.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Upper bounds shared by the server's validation and the SPA's forms.
pub mod limits {
    /// Longest request description, in characters.
    pub const DESCRIPTION_MAX_CHARS: usize = 5000;
    /// Longest free-text address, in characters.
    pub const ADDRESS_MAX_CHARS: usize = 300;
    /// Longest comment, public update or internal note, in characters.
    pub const COMMENT_MAX_CHARS: usize = 5000;
    /// Longest reason (status change, moderation, reopening, flag, block), in characters.
    pub const REASON_MAX_CHARS: usize = 1000;
    /// Most photos one request may carry.
    pub const MAX_PHOTOS: usize = 3;
    /// Largest photo accepted, before re-encoding.
    pub const PHOTO_MAX_BYTES: usize = 8 * 1024 * 1024;
    /// Largest photo side in pixels (larger images are refused, not resized).
    pub const PHOTO_MAX_SIDE: u32 = 8000;
    /// Most pixels a photo may have (a 24-megapixel camera: 6000 × 4000), checked from the
    /// image's header before anything is decoded: decoding costs 3–4 bytes a pixel, twice
    /// while the orientation is applied, and a small file can declare a huge image.
    pub const PHOTO_MAX_PIXELS: u64 = 24_000_000;
    /// Largest page of a list of requests (`per_page`).
    pub const QUEUE_MAX_PER_PAGE: u32 = 100;
}

pub use crate::text::Localized;

/// Where a request stands. `resolved`, `closed`, `rejected` and `duplicate` are final until
/// staff (or, within the reopen window, the reporter) reopen it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Filed (or reopened by the reporter), waiting for staff.
    Submitted,
    /// Taken into account by staff.
    Acknowledged,
    /// Being worked on.
    InProgress,
    /// Final: the problem was fixed; the reporter may reopen it within the reopen window.
    Resolved,
    /// Final: closed by staff without being marked resolved; the reporter may reopen it within the
    /// reopen window.
    Closed,
    /// Final: refused by staff (the status change's reason says why).
    Rejected,
    /// Final: the same problem as another request (`duplicate_of`).
    Duplicate,
}

impl RequestStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [RequestStatus; 7] = [
        Self::Submitted,
        Self::Acknowledged,
        Self::InProgress,
        Self::Resolved,
        Self::Closed,
        Self::Rejected,
        Self::Duplicate,
    ];

    /// The status's wire name, as serialised (`submitted`, `in_progress`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Acknowledged => "acknowledged",
            Self::InProgress => "in_progress",
            Self::Resolved => "resolved",
            Self::Closed => "closed",
            Self::Rejected => "rejected",
            Self::Duplicate => "duplicate",
        }
    }

    /// The status with this wire name, if any (the inverse of [`RequestStatus::as_str`]).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// Final states: the request left the queue.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Resolved | Self::Closed | Self::Rejected | Self::Duplicate
        )
    }

    /// Open311 GeoReport v2 knows only `open` and `closed`.
    pub fn open311(self) -> &'static str {
        if self.is_final() { "closed" } else { "open" }
    }

    /// Whether staff may move a request from `self` to `to`. Open requests move forward or
    /// to a final state; a final request can only be reopened (to acknowledged or in progress).
    /// Nothing goes back to `submitted` except a reporter's reopening ([`Self::can_reopen`]).
    pub fn can_transition(self, to: RequestStatus) -> bool {
        use RequestStatus::*;
        if self == to {
            return false;
        }
        match self {
            Submitted => to != Submitted,
            Acknowledged => !matches!(to, Submitted),
            InProgress => !matches!(to, Submitted | Acknowledged),
            Resolved | Closed | Rejected | Duplicate => matches!(to, Acknowledged | InProgress),
        }
    }

    /// Whether the reporter may reopen a request in this state (within the reopen window).
    pub fn can_reopen(self) -> bool {
        matches!(self, Self::Resolved | Self::Closed)
    }
}

/// The type of a category's extra question (Open311 `datatype`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum AttributeType {
    /// A one-line text.
    String,
    /// A multi-line text.
    Text,
    /// A decimal number (sent as text).
    Number,
    /// An ISO 8601 date-time (sent as text).
    Datetime,
    /// One key among the attribute's `values`.
    Singlevaluelist,
    /// Any number of keys among the attribute's `values`.
    Multivaluelist,
}

impl AttributeType {
    /// The type's Open311 name (`string`, `singlevaluelist`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Text => "text",
            Self::Number => "number",
            Self::Datetime => "datetime",
            Self::Singlevaluelist => "singlevaluelist",
            Self::Multivaluelist => "multivaluelist",
        }
    }

    /// Whether answers are keys of the attribute's `values` (single or multi-value list).
    pub fn is_list(self) -> bool {
        matches!(self, Self::Singlevaluelist | Self::Multivaluelist)
    }
}

/// One choice of a list attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttributeChoice {
    /// Stable key sent back in answers (Open311 `key`).
    pub key: String,
    /// The choice's label, in French and English.
    pub name: Localized,
}

/// An extra question of a category (Open311 service definition attribute).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttributeDef {
    /// `[a-z0-9_]{1,40}`, unique in the category.
    pub code: String,
    /// What kind of answer the question expects.
    pub datatype: AttributeType,
    /// Whether a request of the category must answer it.
    pub required: bool,
    /// The question asked (Open311 `description`).
    pub label: Localized,
    /// Help under the question (Open311 `datatype_description`), may be empty.
    #[serde(default)]
    pub help: Localized,
    /// Choices of a list attribute; empty otherwise.
    #[serde(default)]
    pub values: Vec<AttributeChoice>,
}

/// A category (Open311 "service").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    /// Open311 `service_code`: `[a-z0-9_-]{1,40}`.
    pub code: String,
    /// Heading under which the category is listed (Open311 `group`); may be empty.
    pub group: String,
    /// The category's name, in French and English.
    pub name: Localized,
    /// What the category covers, in French and English; may be empty.
    pub description: Localized,
    /// Comma-separated search words (Open311 `keywords`).
    pub keywords: String,
    /// Extra questions asked when filing a request of this category.
    pub attributes: Vec<AttributeDef>,
    /// Whether residents may file new requests in it (inactive categories are hidden from them).
    pub active: bool,
}

/// `POST /api/v1/staff/categories` and `PUT /api/v1/staff/categories/{code}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CategoryInput {
    /// Open311 `service_code`: `[a-z0-9_-]{1,40}`, unique in the town.
    pub code: String,
    /// Heading under which the category is listed (Open311 `group`), up to 100 characters; may be
    /// empty.
    #[serde(default)]
    pub group: String,
    /// The category's name, in French and English (1 to 100 characters each).
    pub name: Localized,
    /// What the category covers, in French and English (up to 1000 characters each).
    #[serde(default)]
    pub description: Localized,
    /// Comma-separated search words (Open311 `keywords`), up to 300 characters.
    #[serde(default)]
    pub keywords: String,
    /// Extra questions asked when filing (at most 20, codes unique).
    #[serde(default)]
    pub attributes: Vec<AttributeDef>,
    /// Whether residents may file new requests in it (default true).
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// An answer to an extra question: text (also numbers and ISO 8601 date-times, as text) or the
/// keys chosen in a multi-value list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum AttributeAnswer {
    /// A text answer (string, text, number, datetime) or the key chosen in a single-value list.
    One(String),
    /// The keys chosen in a multi-value list.
    Many(Vec<String>),
}

/// A point on the map, WGS 84 decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// −90 to 90.
    pub lat: f64,
    /// −180 to 180.
    pub lon: f64,
}

/// `POST /api/v1/requests`: the JSON body, or the `request` part of a `multipart/form-data`
/// body whose `photo` parts carry up to three images.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewRequest {
    /// The category's `code`.
    pub category: String,
    /// What the problem is (1 to 5000 characters).
    pub description: String,
    /// A free-text address or place; this or `location` is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// A point on the map; this or `address` is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Answers to the category's attributes, by attribute code.
    #[serde(default)]
    pub attributes: BTreeMap<String, AttributeAnswer>,
}

/// `201` answer to a filing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestCreated {
    /// The new request's tracking number (`2026-000123`).
    pub number: String,
    /// The new request's status (`submitted`).
    pub status: RequestStatus,
}

/// What a timeline entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The request was filed (its description is the request itself).
    Submitted,
    /// Staff changed the status, with a public reason.
    Status,
    /// Staff posted a public update, emailed to the reporter and followers.
    PublicUpdate,
    /// Staff only: never shown to residents nor sent by email.
    InternalNote,
    /// The reporter commented (on the site or by replying to a mail).
    Comment,
    /// Staff assigned the request to a person or team (staff only).
    Assignment,
    /// The reporter reopened the request, with a reason.
    Reopened,
}

impl EventKind {
    /// The kind's wire name, as serialised (`submitted`, `public_update`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Status => "status",
            Self::PublicUpdate => "public_update",
            Self::InternalNote => "internal_note",
            Self::Comment => "comment",
            Self::Assignment => "assignment",
            Self::Reopened => "reopened",
        }
    }

    /// The kind with this wire name, if any (the inverse of [`EventKind::as_str`]).
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Submitted,
            Self::Status,
            Self::PublicUpdate,
            Self::InternalNote,
            Self::Comment,
            Self::Assignment,
            Self::Reopened,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// One entry of a request's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEvent {
    /// The entry's id, to flag or hide it (`ContentTarget::event_id`).
    pub id: i64,
    /// What the entry is.
    pub kind: EventKind,
    /// Who acted: the reporter's display name, "staff" entries show the town's services.
    /// `None` when the actor is not shown to the reader (residents do not see staff names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// True when the reporter wrote it.
    pub by_reporter: bool,
    /// The status before, for a status change or a reopening.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_status: Option<RequestStatus>,
    /// The status after, for a status change or a reopening.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_status: Option<RequestStatus>,
    /// Empty when hidden by moderation (staff still see it, with `hidden_reason`).
    pub body: String,
    /// `web`, `email` or `open311`.
    pub source: String,
    /// Set when staff hid the body, with their reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden_reason: Option<String>,
    /// When the entry was written (Unix seconds).
    pub created_at: i64,
}

/// A photo of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoInfo {
    /// The photo's id, to flag or hide it (`ContentTarget::photo_id`).
    pub id: String,
    /// Relative URL of the image (absent for residents when the photo is hidden).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Width in pixels, as stored (re-encoded).
    pub width: u32,
    /// Height in pixels, as stored (re-encoded).
    pub height: u32,
    /// Set when staff hid the photo, with their reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden_reason: Option<String>,
}

/// A person Voix can name to staff (an assignee, a reporter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRef {
    /// The account's id; empty for an Open311 reporter without an account.
    pub id: String,
    /// The name shown to staff.
    pub display_name: String,
    /// Staff views only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// `GET /api/v1/requests/{number}`: a request with its timeline, as the reader may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestDetail {
    /// The tracking number (`2026-000123`).
    pub number: String,
    /// The request's category.
    pub category: CategoryRef,
    /// Where the request stands.
    pub status: RequestStatus,
    /// Empty when hidden by moderation (staff see it with `hidden_reason`).
    pub description: String,
    /// Set when staff hid the description, with their reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hidden_reason: Option<String>,
    /// The free-text address or place, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The point on the map, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Answers to the category's extra questions, by attribute code.
    pub attributes: BTreeMap<String, AttributeAnswer>,
    /// The request's photos, in upload order.
    pub photos: Vec<PhotoInfo>,
    /// How many residents follow the request ("me too").
    pub followers: u64,
    /// The reader follows this request ("me too").
    pub following: bool,
    /// The reader filed this request.
    pub is_reporter: bool,
    /// Until when the reporter may reopen it (set only for the reporter of a final request
    /// still inside the window).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reopen_until: Option<i64>,
    /// Staff views only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reporter: Option<PersonRef>,
    /// Staff views only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<PersonRef>,
    /// The team the request is assigned to (staff views only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// The tracking number of the request this one duplicates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
    /// When the request was filed (Unix seconds).
    pub created_at: i64,
    /// When the request last changed (Unix seconds).
    pub updated_at: i64,
    /// The request's history, oldest first, without what the reader may not see.
    pub timeline: Vec<TimelineEvent>,
}

/// A category as shown next to a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryRef {
    /// The category's `code`.
    pub code: String,
    /// The category's name, in French and English.
    pub name: Localized,
}

/// One line of a list of requests (my requests, the staff queue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestSummary {
    /// The tracking number (`2026-000123`).
    pub number: String,
    /// The request's category.
    pub category: CategoryRef,
    /// Where the request stands.
    pub status: RequestStatus,
    /// The first line of the description, at most 140 characters (empty when hidden).
    pub excerpt: String,
    /// The free-text address or place, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Staff views only: the assignee's name, or else the team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// How many residents follow the request ("me too").
    pub followers: u64,
    /// When the request was filed (Unix seconds).
    pub created_at: i64,
    /// When the request last changed (Unix seconds).
    pub updated_at: i64,
    /// Seconds since filing, computed by the server at the time of the answer.
    pub age_seconds: i64,
}

/// A page of request summaries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestPage {
    /// The requests of this page.
    pub items: Vec<RequestSummary>,
    /// How many requests match. Counting stops at a cap (1,000; 200 when words are searched;
    /// or the end of this page when it lies further): when `total_capped` is true there are
    /// more than `total`.
    pub total: u64,
    /// Whether `total` stopped at the cap: there are more matching requests.
    #[serde(default)]
    pub total_capped: bool,
    /// This page's number, from 1.
    pub page: u32,
    /// The page size asked for (1 to [`limits::QUEUE_MAX_PER_PAGE`]).
    pub per_page: u32,
}

/// Sort orders of the staff queue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QueueSort {
    /// Oldest first: what has waited longest comes first.
    #[default]
    Oldest,
    /// Newest first.
    Newest,
    /// Most recently changed first.
    RecentlyUpdated,
    /// Most followed first.
    MostFollowed,
}

/// `POST /api/v1/staff/requests/{number}/status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    /// The new status; it must be a move [`RequestStatus::can_transition`] allows.
    pub status: RequestStatus,
    /// Shown to the reporter and followers, and emailed to them.
    pub reason: String,
    /// Required with `duplicate`: the original request's tracking number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
}

/// A text posted on a request: a public update or an internal note (staff), a comment
/// (reporter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PostText {
    /// The text (1 to [`limits::COMMENT_MAX_CHARS`] characters).
    pub body: String,
}

/// A reason, required for moderation, reopening, flagging and blocking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Reason {
    /// Why (1 to [`limits::REASON_MAX_CHARS`] characters).
    pub reason: String,
}

/// `POST /api/v1/staff/requests/{number}/assign`: both `None` unassigns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The id of the staff member to assign (see `GET /api/v1/staff/members`).
    #[serde(default)]
    pub assignee_id: Option<String>,
    /// The team to assign, free text up to 100 characters.
    #[serde(default)]
    pub team: Option<String>,
}

/// The content a resident flags or a moderator hides: the description (both ids `None`), a
/// timeline entry or a photo, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContentTarget {
    /// Why (1 to [`limits::REASON_MAX_CHARS`] characters).
    pub reason: String,
    /// The timeline entry's id ([`TimelineEvent::id`]), or `None`.
    #[serde(default)]
    pub event_id: Option<i64>,
    /// The photo's id ([`PhotoInfo::id`]), or `None`.
    #[serde(default)]
    pub photo_id: Option<String>,
}

/// An open flag, for staff review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlagInfo {
    /// The flag's id, for `POST /api/v1/staff/flags/{id}/resolve`.
    pub id: String,
    /// The tracking number of the request the flagged content belongs to.
    pub number: String,
    /// The flagged timeline entry, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<i64>,
    /// The flagged photo, if any (neither: the description).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo_id: Option<String>,
    /// The resident's reason.
    pub reason: String,
    /// When the content was flagged (Unix seconds).
    pub created_at: i64,
}

/// An audit-log entry, as administrators browse it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// The entry's id, increasing with each entry (`first_broken` refers to it).
    pub id: i64,
    /// The account that acted; absent for automatic actions (e.g. an account updated from the town
    /// hall's directory).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<String>,
    /// What was done (e.g. `consultation.create`).
    pub action: String,
    /// What it was done to (an id or a tracking number).
    pub target: String,
    /// Why, or the details of the action (free text).
    pub reason: String,
    /// When it happened (Unix seconds).
    pub created_at: i64,
    /// Hex SHA-256 of this entry (chained to the previous one).
    pub hash: String,
}

/// `GET /api/v1/admin/audit`: a page of the log (newest first) and whether the whole chain
/// verifies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    /// The entries of this page, newest first.
    pub items: Vec<AuditEntry>,
    /// How many entries the town's log holds.
    pub total: u64,
    /// Whether every entry's hash matches its content and its predecessor.
    pub chain_valid: bool,
    /// The id of the first entry that does not verify, when `chain_valid` is false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_broken: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequestStatus::*;

    #[test]
    fn statuses_round_trip_by_name() {
        for s in RequestStatus::ALL {
            assert_eq!(RequestStatus::parse(s.as_str()), Some(s));
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
        assert_eq!(RequestStatus::parse("open"), None);
    }

    #[test]
    fn lifecycle_moves_forward_and_reopens_only_from_final_states() {
        assert!(Submitted.can_transition(Acknowledged));
        assert!(Acknowledged.can_transition(Resolved));
        assert!(InProgress.can_transition(Duplicate));
        assert!(!InProgress.can_transition(Acknowledged));
        assert!(!Acknowledged.can_transition(Submitted));
        assert!(!Resolved.can_transition(Closed));
        assert!(Resolved.can_transition(InProgress));
        assert!(!Rejected.can_transition(Submitted));
        assert!(!Submitted.can_transition(Submitted));
        assert!(Resolved.can_reopen() && Closed.can_reopen());
        assert!(!Rejected.can_reopen() && !InProgress.can_reopen());
    }

    #[test]
    fn answers_are_text_or_lists() {
        let a: AttributeAnswer = serde_json::from_str("\"3\"").unwrap();
        assert_eq!(a, AttributeAnswer::One("3".into()));
        let b: AttributeAnswer = serde_json::from_str("[\"a\",\"b\"]").unwrap();
        assert_eq!(b, AttributeAnswer::Many(vec!["a".into(), "b".into()]));
        assert!(serde_json::from_str::<AttributeAnswer>("3").is_err());
    }
}
