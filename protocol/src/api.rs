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
    Resident,
    Staff,
    Official,
    Admin,
    SyndicateAdmin,
}

impl Role {
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

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Resident => "resident",
            Self::Staff => "staff",
            Self::Official => "official",
            Self::Admin => "admin",
            Self::SyndicateAdmin => "syndicate_admin",
        }
    }

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
    pub email: String,
    pub password: String,
    pub display_name: String,
    #[serde(default)]
    pub language: Language,
}

/// `POST /api/v1/auth/login`
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
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
    pub password: String,
    /// As in [`LoginRequest`]: the second factor, for accounts with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totp_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_code: Option<String>,
}

/// `POST /api/v1/auth/verify-email`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub token: String,
}

/// `POST /api/v1/auth/password-reset/request`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    pub email: String,
}

/// `POST /api/v1/auth/password-reset/confirm`
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirm {
    pub token: String,
    pub password: String,
}

/// `POST /api/v1/me/password`
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

/// `PATCH /api/v1/me`: every field optional; absent fields are left unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMeRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
}

/// `PATCH /api/v1/admin/users/{id}` (town administrators).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
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
    pub code: String,
}

/// The single-use recovery codes, shown once after the second factor is confirmed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    pub recovery_codes: Vec<String>,
}

/// `DELETE /api/v1/me/totp`: turning the second factor off needs the password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisableTotpRequest {
    pub current_password: String,
}

/// `POST /api/v1/admin/users/{id}/totp-reset`: the reason is kept in the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TotpResetRequest {
    pub reason: String,
}

/// A town as the syndicate administrator manages it (`GET /api/v1/admin/towns`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TownAdmin {
    pub slug: String,
    pub name: String,
    pub hosts: Vec<String>,
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
    pub slug: String,
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
    pub message: String,
}

/// The signed-in account, as `GET /api/v1/me` returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub language: Language,
    pub role: Role,
    pub email_verified: bool,
    pub created_at: i64,
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
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub email_verified: bool,
    pub disabled: bool,
    pub created_at: i64,
}

/// A town's public identity and branding (`GET /api/v1/town`), used by the SPA's header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TownInfo {
    pub slug: String,
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
    pub lat: f64,
    pub lon: f64,
}

// The server only sends finite coordinates (checked when the configuration is read), so
// equality is reflexive and `TownInfo` (hence `Me`) can stay `Eq`.
impl Eq for MapCenter {}

/// `GET /api/v1/me/export`: everything Voix holds about the signed-in person (GDPR art. 15, 20).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataExport {
    pub exported_at: i64,
    pub account: Me,
    pub sessions: Vec<SessionInfo>,
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
    pub id: String,
    pub title: crate::text::Localized,
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
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

/// One email Voix sent or will send to the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailRecord {
    pub subject: String,
    pub created_at: i64,
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
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Census => "census",
            Self::Manual => "manual",
        }
    }

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
    pub verified: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<ResidencyMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
}

impl ResidencyStatus {
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
    pub last_name: String,
    pub first_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// `POST /api/v1/admin/users/{id}/residency` (staff): manual verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ManualResidencyRequest {
    pub district: String,
    pub reason: String,
}

/// `DELETE /api/v1/admin/users/{id}/residency` (staff): revocation, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RevokeResidencyRequest {
    pub reason: String,
}

/// `GET /api/v1/admin/residency?email=` (staff): an account and its residency, to verify it
/// by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserResidency {
    pub user_id: String,
    pub email: String,
    pub display_name: String,
    pub residency: ResidencyStatus,
}

/// `POST /api/v1/admin/census`: the census was replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CensusImported {
    pub rows_imported: u64,
}

/// The 422 body of `POST /api/v1/admin/census` (`error` = `census_invalid`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CensusRejected {
    pub error: crate::ErrorCode,
    pub message: String,
    pub rejected: Vec<RejectedRow>,
}

/// `GET /api/v1/admin/census`: the census in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CensusSummary {
    pub entries: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_import: Option<CensusImportInfo>,
}

/// One census import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CensusImportInfo {
    pub file_name: String,
    pub rows_imported: u64,
    pub imported_at: i64,
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
