//! Request and response bodies of the `/api/v1` HTTP API.
//!
//! Request bodies reject unknown fields so that a typo in a client is a 400, not a silently
//! ignored value. Timestamps are Unix seconds (UTC).

use serde::{Deserialize, Serialize};

pub use crate::error::RejectedRow;
pub use crate::text::Language;

/// What an account may do. Every role is scoped to one town, except `syndicate_admin`, which
/// manages every town of the installation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A person of the town: files service requests and takes part in consultations.
    Resident,
    /// A member of the town's services: moderates service requests and sets up consultations.
    Staff,
    /// An elected official: may be chosen as a trustee who holds a share of a consultation's key.
    Official,
    /// A town administrator: manages the town's accounts, and acts as staff.
    Admin,
    /// An administrator of the whole installation: manages every town, and acts as staff.
    SyndicateAdmin,
}

impl Role {
    /// Every role, in declaration order (to list or parse them).
    pub const ALL: [Role; 5] = [
        Role::Resident,
        Role::Staff,
        Role::Official,
        Role::Admin,
        Role::SyndicateAdmin,
    ];

    /// The town's services: they moderate service requests and set up consultations
    /// (administrators act as staff too).
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Staff | Role::Admin | Role::SyndicateAdmin)
    }

    /// The role's wire name, as serialised (`resident`, …, `syndicate_admin`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Resident => "resident",
            Self::Staff => "staff",
            Self::Official => "official",
            Self::Admin => "admin",
            Self::SyndicateAdmin => "syndicate_admin",
        }
    }

    /// The role with this wire name, if any (the inverse of [`Role::as_str`]).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Town administrators and syndicate administrators manage accounts.
    pub fn is_admin(self) -> bool {
        matches!(self, Self::Admin | Self::SyndicateAdmin)
    }
}

/// `POST /api/v1/auth/register`
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// The account's email address; it must be confirmed through the link mailed to it.
    pub email: String,
    /// The new password: 12 to 128 characters.
    pub password: String,
    /// The name shown to staff and in the interface: 1 to 80 characters.
    pub display_name: String,
    /// The language of the account's mails and interface (default: French).
    #[serde(default)]
    pub language: Language,
}

/// `POST /api/v1/auth/login`
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The account's email address (case and surrounding spaces are ignored).
    pub email: String,
    /// The account's password.
    pub password: String,
    /// The 6-digit code of the authenticator app, for accounts with a second factor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totp_code: Option<String>,
    /// One of the single-use recovery codes, instead of `totp_code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_code: Option<String>,
}

/// `POST /api/v1/auth/directory-login`: staff and officials sign in with their town hall
/// (LDAP / Active Directory) account instead of an email and a Voix password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DirectoryLoginRequest {
    /// The directory login: account name (`sAMAccountName`), `user@domain` (UPN) or email,
    /// as the town's configured search filter accepts.
    pub login: String,
    /// The directory account's password, checked by the directory and never stored.
    pub password: String,
    /// As in [`LoginRequest`]: the second factor, for accounts with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totp_code: Option<String>,
    /// One of the single-use recovery codes, instead of `totp_code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_code: Option<String>,
}

/// `POST /api/v1/auth/verify-email`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// The single-use token from the link in the confirmation mail.
    pub token: String,
}

/// `POST /api/v1/auth/password-reset/request`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    /// The account's address; the answer is the same whether or not an account has it.
    pub email: String,
}

/// `POST /api/v1/auth/password-reset/confirm`
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirm {
    /// The single-use token from the link in the password-reset mail.
    pub token: String,
    /// The new password: 12 to 128 characters.
    pub password: String,
}

/// `POST /api/v1/me/password`
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    /// The password in use, re-entered to authorise the change.
    pub current_password: String,
    /// The new password: 12 to 128 characters.
    pub new_password: String,
}

/// `PATCH /api/v1/me`: every field optional; absent fields are left unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMeRequest {
    /// The new display name: 1 to 80 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The new language of the account's mails and interface.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
}

/// `PATCH /api/v1/admin/users/{id}` (town administrators).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    /// The new role of the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Disables (`true`) or re-enables (`false`) the account; a disabled account cannot sign in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

/// `POST /api/v1/me/totp/enrol`: a new, not yet active, second-factor secret.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TotpEnrolment {
    /// The secret in base32, for typing into an authenticator app by hand.
    pub secret: String,
    /// `otpauth://totp/…`, what the QR code encodes.
    pub otpauth_uri: String,
    /// The QR code as a standalone `<svg>` element.
    pub qr_svg: String,
}

/// `POST /api/v1/me/totp/confirm`: a code from the app, proving it holds the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TotpConfirmRequest {
    /// The 6-digit code the authenticator app currently shows.
    pub code: String,
}

/// The single-use recovery codes, shown once after the second factor is confirmed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    /// The codes, each usable once in place of a TOTP code; they are not shown again.
    pub recovery_codes: Vec<String>,
}

/// `DELETE /api/v1/me/totp`: turning the second factor off needs the password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisableTotpRequest {
    /// The account's password.
    pub current_password: String,
}

/// `POST /api/v1/admin/users/{id}/totp-reset`: the reason is kept in the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TotpResetRequest {
    /// Why the second factor is reset (1 to 500 characters).
    pub reason: String,
}

/// A town as the syndicate administrator manages it (`GET /api/v1/admin/towns`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TownAdmin {
    /// The town's short name, used by the command-line tools and the admin routes' `town`
    /// parameter.
    pub slug: String,
    /// The town's name, as shown in pages and mails.
    pub name: String,
    /// Host names that select the town; the first is its primary host.
    pub hosts: Vec<String>,
    /// Whether this town serves host names that select no other town.
    pub is_default: bool,
    /// The town's public address, as its mails' links start (set, or derived from its first
    /// host name with the installation's scheme).
    #[serde(default)]
    pub public_url: String,
}

/// `POST /api/v1/admin/towns` (syndicate administrators).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateTownRequest {
    /// The town's short name: unique, used by the command-line tools and the admin routes'
    /// `town` parameter.
    pub slug: String,
    /// The town's name, as shown in pages and mails.
    pub name: String,
    /// Host names that select the town; the first is its primary host.
    pub hosts: Vec<String>,
    /// The address residents use, e.g. `https://voix.ville-b.fr` (default: the installation's
    /// scheme with the primary host).
    #[serde(default)]
    pub public_url: Option<String>,
}

/// A plain acknowledgement, used where the answer must not depend on whether an account exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Accepted {
    /// A human-readable message, to show as is.
    pub message: String,
}

/// The signed-in account, as `GET /api/v1/me` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// The account's identifier (a UUID).
    pub id: String,
    /// The account's email address, normalised (trimmed, lowercase).
    pub email: String,
    /// The name shown in the interface.
    pub display_name: String,
    /// The language of the account's mails and interface.
    pub language: Language,
    /// What the account may do.
    pub role: Role,
    /// Whether the address was confirmed through the mailed link.
    pub email_verified: bool,
    /// When the account was created (Unix seconds).
    pub created_at: i64,
    /// The town the account belongs to.
    pub town: TownInfo,
    /// Whether a second factor (TOTP) protects the account.
    pub totp_enabled: bool,
    /// Whether the account's role must use a second factor. When true and `totp_enabled` is
    /// false, the session only reaches `GET /me`, the enrolment routes and logout.
    pub totp_required: bool,
    /// The town hall's directory (LDAP / Active Directory) manages this account: its password
    /// is changed there, not in Voix.
    #[serde(default)]
    pub directory_managed: bool,
}

/// An account as a town administrator sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    /// The account's identifier (a UUID).
    pub id: String,
    /// The account's email address, normalised (trimmed, lowercase).
    pub email: String,
    /// The name shown in the interface.
    pub display_name: String,
    /// What the account may do.
    pub role: Role,
    /// Whether the address was confirmed through the mailed link.
    pub email_verified: bool,
    /// Whether an administrator disabled the account (it cannot sign in).
    pub disabled: bool,
    /// When the account was created (Unix seconds).
    pub created_at: i64,
}

/// A town's public identity and branding (`GET /api/v1/town`), used by the SPA's header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TownInfo {
    /// The town's short name.
    pub slug: String,
    /// The town's name, as shown in pages and mails.
    pub name: String,
    /// `#rrggbb`; the SPA gets it through `/town.css`, this copy is informative.
    pub primary_color: String,
    /// URL of the logo, if the town has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// Staff and officials can sign in with the town hall's directory account
    /// (`POST /api/v1/auth/directory-login`).
    #[serde(default)]
    pub directory_login: bool,
    /// Filing a service request needs a verified residency (staff excepted): the request form
    /// says so before anything is typed, with the way to get verified.
    #[serde(default)]
    pub filing_requires_residency: bool,
    /// Tile URL template (`…/{z}/{x}/{y}.png`) of the optional map on the request form; no
    /// map when absent (entering an address is always possible).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map_tile_url: Option<String>,
    /// Where the map starts when no point is chosen yet (set with `map_tile_url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map_center: Option<MapCenter>,
    /// The map's starting zoom level, 1–19 (set with `map_tile_url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map_zoom: Option<u8>,
    /// The tiles' credit, when configured (the SPA credits OpenStreetMap for its tile servers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map_attribution: Option<String>,
}

/// A point the map starts on, WGS 84 decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapCenter {
    /// Latitude, in decimal degrees.
    pub lat: f64,
    /// Longitude, in decimal degrees.
    pub lon: f64,
}

// The server only sends finite coordinates (checked when the configuration is read), so
// equality is reflexive and `TownInfo` (hence `Me`) can stay `Eq`.
impl Eq for MapCenter {}

/// `GET /api/v1/me/export`: everything Voix holds about the signed-in person (GDPR art. 15, 20).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataExport {
    /// When the export was made (Unix seconds).
    pub exported_at: i64,
    /// The account itself.
    pub account: Me,
    /// The account's open sessions.
    pub sessions: Vec<SessionInfo>,
    /// The mails sent, or still to be sent, to the account.
    pub emails: Vec<EmailRecord>,
    /// Whether the account is verified as living in the town (district, method, dates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residency: Option<ResidencyStatus>,
    /// The service requests the person filed, with their timelines as the person sees them.
    #[serde(default)]
    pub requests: Vec<crate::requests::RequestDetail>,
    /// Tracking numbers of the requests the person follows ("me too").
    #[serde(default)]
    pub following: Vec<String>,
    /// The consultations of the town whose voter list or electorate holds the person, or in
    /// which the account took part. Never anything that links the person to a ballot (see
    /// [`ConsultationRecord`]).
    #[serde(default)]
    pub consultations: Vec<ConsultationRecord>,
    /// How many consultations still in preparation (drafts) have the person's address on
    /// their voter list. Only the number: their titles and texts are not published yet, and
    /// the list may still change before it is used.
    #[serde(default)]
    pub unpublished_voter_lists: u64,
}

/// What Voix holds about the person for one consultation (data export).
///
/// Deliberately absent, because Voix stores no link between an account and its ballot and the
/// export must not make one: the public credential, the ballot, its tracker, its position on
/// the board and the time it was received. A stolen session therefore cannot learn from the
/// export which ballot on the public board is the person's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsultationRecord {
    /// The consultation's identifier.
    pub id: String,
    /// The consultation's title.
    pub title: crate::text::Localized,
    /// Where the consultation stands now.
    pub status: crate::consultations::ConsultationStatus,
    /// The row of the uploaded voter list with the account's address (eligibility `list`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voter_list: Option<VoterListEntry>,
    /// The electorate fixed at opening: the rows for this account or its address (normally
    /// one; none before opening, or when the person was not eligible then).
    #[serde(default)]
    pub electorate: Vec<ElectorateEntry>,
    /// Whether the account took part. Only this fact is stored: no time, no ballot reference.
    pub participated: bool,
}

/// A row of a consultation's uploaded voter list (no time of addition is stored). Its weight
/// is left out on purpose, here and in [`ElectorateEntry`]: the public archive lists every
/// credential with its weight, so a rare weight would point at the person's credential, hence
/// at their ballots on the board (docs/privacy.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoterListEntry {
    /// The address as stored (trimmed, lowercase).
    pub email: String,
    /// The line of the uploaded file it came from.
    pub line: u64,
}

/// A member of the electorate fixed when the consultation opened (and credentials were made).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ElectorateEntry {
    /// The address the mails (credential, announcement) were sent to.
    pub email: String,
    /// The district of the residency verification (eligibilities `all_verified`/`districts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// When the mail with the private credential was queued (the electorate is fixed then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_sent_at: Option<i64>,
    /// When the "voting is open" announcement was queued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announced_at: Option<i64>,
}

/// One open session of the account (only metadata: the token itself is never stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    /// When the session was opened (Unix seconds).
    pub created_at: i64,
    /// When the session was last used (Unix seconds); it ends after a period of inactivity.
    pub last_seen_at: i64,
    /// When the session ends at the latest, used or not (Unix seconds).
    pub expires_at: i64,
}

/// One email Voix sent or will send to the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailRecord {
    /// The mail's subject.
    pub subject: String,
    /// When the mail was queued (Unix seconds).
    pub created_at: i64,
    /// Delivery status: `pending` (queued or being retried), `sent`, or `dead` (given up).
    pub status: String,
}

/// How an account's residency was verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResidencyMethod {
    /// The resident's details matched the town's census.
    Census,
    /// A staff member verified the account by hand, with a reason kept in the audit log.
    Manual,
}

impl ResidencyMethod {
    /// The method's wire name (`census` or `manual`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Census => "census",
            Self::Manual => "manual",
        }
    }

    /// The method with this wire name, if any (the inverse of [`ResidencyMethod::as_str`]).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "census" => Some(Self::Census),
            "manual" => Some(Self::Manual),
            _ => None,
        }
    }
}

/// `GET /api/v1/me/residency` (and staff's view of an account): whether the account is verified
/// as living in the town. An expired verification reads as not verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResidencyStatus {
    /// Whether a verification is in force (not expired).
    pub verified: bool,
    /// The district the account is verified in; absent when not verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// How the account was verified; absent when not verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<ResidencyMethod>,
    /// When the account was verified (Unix seconds); absent when not verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_at: Option<i64>,
    /// When the verification lapses (Unix seconds); absent when not verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
}

impl ResidencyStatus {
    /// The status of an account without a verification in force.
    pub fn unverified() -> Self {
        Self {
            verified: false,
            district: None,
            method: None,
            verified_at: None,
            expires_at: None,
        }
    }
}

/// `POST /api/v1/me/residency`: the resident's details, matched against the census. Either
/// `birth_date` (`YYYY-MM-DD` or `DD/MM/YYYY`) or `reference` is needed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResidencyRequest {
    /// The last name, as in the census (case, accents and extra spaces are ignored).
    pub last_name: String,
    /// The first name, as in the census (case, accents and extra spaces are ignored).
    pub first_name: String,
    /// The birth date, `YYYY-MM-DD` or `DD/MM/YYYY`; needed when `reference` is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// The town's reference number for the resident, as in the census; needed when
    /// `birth_date` is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// `POST /api/v1/admin/users/{id}/residency` (staff): manual verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ManualResidencyRequest {
    /// The district to verify the account in (1 to 100 characters).
    pub district: String,
    /// Why the account is verified by hand (1 to 500 characters), kept in the audit log.
    pub reason: String,
}

/// `DELETE /api/v1/admin/users/{id}/residency` (staff): revocation, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RevokeResidencyRequest {
    /// Why the verification is revoked (1 to 500 characters), kept in the audit log.
    pub reason: String,
}

/// `GET /api/v1/admin/residency?email=` (staff): an account and its residency, to verify it
/// by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserResidency {
    /// The account's identifier, for the verification and revocation routes.
    pub user_id: String,
    /// The account's email address.
    pub email: String,
    /// The account's display name.
    pub display_name: String,
    /// The account's current residency.
    pub residency: ResidencyStatus,
}

/// `POST /api/v1/admin/census`: the census was replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CensusImported {
    /// How many rows the new census holds.
    pub rows_imported: u64,
}

/// The 422 body of `POST /api/v1/admin/census` (`error` = `census_invalid`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CensusRejected {
    /// Always `census_invalid`.
    pub error: crate::ErrorCode,
    /// A human-readable summary, in the language the request asks for (`Accept-Language`).
    pub message: String,
    /// The refused rows, with the line and reason of each; nothing was imported.
    pub rejected: Vec<RejectedRow>,
}

/// `GET /api/v1/admin/census`: the census in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CensusSummary {
    /// How many rows the census in force holds.
    pub entries: u64,
    /// The import that produced it; absent when no census was ever imported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_import: Option<CensusImportInfo>,
}

/// One census import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CensusImportInfo {
    /// The name of the uploaded file.
    pub file_name: String,
    /// How many rows were imported.
    pub rows_imported: u64,
    /// When the import happened (Unix seconds).
    pub imported_at: i64,
    /// The identifier of the administrator's account that imported it, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported_by: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_rejects_unknown_fields() {
        let err = serde_json::from_str::<RegisterRequest>(
            r#"{"email":"a@b.fr","password":"x","display_name":"A","admin":true}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("unknown field"));
    }

    #[test]
    fn login_codes_are_optional_and_unknown_fields_refused() {
        let r: LoginRequest = serde_json::from_str(r#"{"email":"a@b.fr","password":"x"}"#).unwrap();
        assert_eq!((r.totp_code, r.recovery_code), (None, None));
        let r: LoginRequest =
            serde_json::from_str(r#"{"email":"a@b.fr","password":"x","totp_code":"123456"}"#)
                .unwrap();
        assert_eq!(r.totp_code.as_deref(), Some("123456"));
        assert!(
            serde_json::from_str::<LoginRequest>(r#"{"email":"a","password":"x","otp":"1"}"#)
                .is_err()
        );
    }

    #[test]
    fn language_defaults_to_french() {
        let r: RegisterRequest =
            serde_json::from_str(r#"{"email":"a@b.fr","password":"x","display_name":"A"}"#)
                .unwrap();
        assert_eq!(r.language, Language::Fr);
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
        assert_eq!(Role::parse("root"), None);
    }
}

/// Request and response bodies carrying passwords, one-time codes or TOTP secrets print their
/// type name only, so that a stray `{:?}` in a log line leaks nothing.
macro_rules! redacted_debug {
    ($($name:ident),* $(,)?) => {$(
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($name), " { [redacted] }"))
            }
        }
    )*};
}

redacted_debug!(
    RegisterRequest,
    LoginRequest,
    DirectoryLoginRequest,
    PasswordResetConfirm,
    ChangePasswordRequest,
    TotpEnrolment,
    RecoveryCodes,
    DisableTotpRequest,
);

#[cfg(test)]
mod redaction_tests {
    use super::*;

    #[test]
    fn secrets_never_print_through_debug() {
        let login: LoginRequest =
            serde_json::from_str(r#"{"email":"a@b.fr","password":"hunter2 hunter2"}"#).unwrap();
        let printed = format!("{login:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert_eq!(printed, "LoginRequest { [redacted] }");
    }
}
