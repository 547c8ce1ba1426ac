//! The API's error contract: `{"error": "<stable_code>", "message": "<human text>"}`.
//!
//! Clients match on [`ErrorCode`], never on the message, which is translated into the user's
//! language and may change wording at any time.

use serde::{Deserialize, Serialize};

/// A stable, machine-readable error code. Serialized in `snake_case`; never renamed once shipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not valid JSON, has an unknown field or a field of the wrong type (400).
    InvalidBody,
    /// The body is larger than the server accepts (413).
    PayloadTooLarge,
    /// The request's `Content-Type` is not the one the route expects (415).
    UnsupportedMediaType,
    /// A field is well-formed JSON but not acceptable, e.g. a malformed email (422).
    Validation,
    /// The password is too short, too long or too common (422).
    WeakPassword,
    /// The route needs a session and there is none, or it has expired (401).
    Unauthenticated,
    /// Wrong email or password (401). Deliberately does not say which.
    InvalidCredentials,
    /// The password is right but the address has not been confirmed yet (403).
    EmailNotVerified,
    /// The password is right; the account has a second factor: send `totp_code` or
    /// `recovery_code` with it (401, no session is opened).
    TotpRequired,
    /// The second-factor code (or recovery code) is wrong, expired or already used (401).
    InvalidTotp,
    /// The account's role requires a second factor that is not set up yet: only `GET /me`,
    /// the enrolment routes and logout are reachable (403).
    TotpEnrolmentRequired,
    /// The account has been disabled by an administrator (403).
    AccountDisabled,
    /// The session's role does not allow this (403).
    Forbidden,
    /// A state-changing request did not come from the town's own origin (403).
    Csrf,
    /// Nothing with that identifier exists in this town (404).
    NotFound,
    /// The method is not allowed on this route (405).
    MethodNotAllowed,
    /// A link token (email verification, password reset) is unknown, used or expired (400).
    InvalidToken,
    /// The value conflicts with existing data, e.g. a town slug already taken (409).
    Conflict,
    /// The `Idempotency-Key` was already used for a different request (422).
    IdempotencyKeyReused,
    /// Too many attempts; retry after the `Retry-After` header's delay (429).
    TooManyRequests,
    /// A census file was refused as a whole; the body's `rejected` lists every faulty row
    /// (see `CensusRejected`). Nothing was imported (422).
    CensusInvalid,
    /// No census entry matches the details a resident entered (422).
    ResidencyNotFound,
    /// The server failed; the cause is logged, never shown (500).
    Internal,
    /// A dependency (database) is unavailable for now (503).
    Unavailable,
    /// The town hall's directory (LDAP / Active Directory) cannot be reached or refused the
    /// service account: directory logins are impossible for now; local logins still work (503).
    DirectoryUnavailable,
    /// No active category has that code in this town (422).
    UnknownCategory,
    /// An upload is not a JPEG, PNG or WebP image, or cannot be decoded (422). The `field`
    /// names the upload.
    InvalidImage,
    /// An image has more pixels than a photo may (read from its header, before decoding:
    /// [`crate::requests::limits::PHOTO_MAX_PIXELS`]) (422). The `field` names the upload.
    ImageTooLarge,
    /// More photos than a request accepts (422).
    TooManyPhotos,
    /// The request cannot move from its current status to the one asked (409).
    InvalidTransition,
    /// Staff blocked this account from posting: it can still read (403).
    AccountBlocked,
    /// Filing a request needs a verified residency (403).
    ResidencyRequired,
    /// The reopening window of this request has passed (409).
    ReopenExpired,
    /// The consultation's set-up is frozen (it left `draft`): it can no longer be edited or
    /// deleted (409).
    ConsultationFrozen,
    /// A voter list was refused as a whole; the body's `rejected` lists every faulty row
    /// (see `VoterListRejected`). Nothing was stored (422).
    VoterListInvalid,
    /// The consultation's trustees have not produced the election key yet: it cannot open
    /// (409).
    TrusteesNotReady,
    /// The ballot box is not open: the consultation is not `open`, or it is before `opens_at`
    /// or after `closes_at` (409).
    ConsultationNotOpen,
    /// The signed-in account is not in this consultation's electorate (403).
    NotEligible,
    /// The ballot was refused: not canonical, for another election, a proof or the signature
    /// does not verify, or its credential is not one of the election's. The message says
    /// which (422).
    InvalidBallot,
    /// The consultation's results are not published yet — nobody, administrators included,
    /// sees anything before (409).
    ResultsNotPublished,
    /// The signed-in account is not a key holder (trustee) of this consultation (403).
    NotTrustee,
    /// A key holder's message (key-ceremony certificate, polynomial, voutput, or partial
    /// decryption) does not verify; the message says which check failed. Nothing was stored
    /// (422).
    InvalidTrusteeMessage,
    /// The consultation does not expect this message now: another step of the key ceremony is
    /// under way, this key holder already sent it, or the tally is not awaiting decryption
    /// (409).
    TrusteeStepMismatch,
}

impl ErrorCode {
    /// The code as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidBody => "invalid_body",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::Validation => "validation",
            Self::WeakPassword => "weak_password",
            Self::Unauthenticated => "unauthenticated",
            Self::InvalidCredentials => "invalid_credentials",
            Self::EmailNotVerified => "email_not_verified",
            Self::TotpRequired => "totp_required",
            Self::InvalidTotp => "invalid_totp",
            Self::TotpEnrolmentRequired => "totp_enrolment_required",
            Self::AccountDisabled => "account_disabled",
            Self::Forbidden => "forbidden",
            Self::Csrf => "csrf",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::InvalidToken => "invalid_token",
            Self::Conflict => "conflict",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::TooManyRequests => "too_many_requests",
            Self::CensusInvalid => "census_invalid",
            Self::ResidencyNotFound => "residency_not_found",
            Self::Internal => "internal",
            Self::Unavailable => "unavailable",
            Self::DirectoryUnavailable => "directory_unavailable",
            Self::UnknownCategory => "unknown_category",
            Self::InvalidImage => "invalid_image",
            Self::ImageTooLarge => "image_too_large",
            Self::TooManyPhotos => "too_many_photos",
            Self::InvalidTransition => "invalid_transition",
            Self::AccountBlocked => "account_blocked",
            Self::ResidencyRequired => "residency_required",
            Self::ReopenExpired => "reopen_expired",
            Self::ConsultationFrozen => "consultation_frozen",
            Self::VoterListInvalid => "voter_list_invalid",
            Self::TrusteesNotReady => "trustees_not_ready",
            Self::ConsultationNotOpen => "consultation_not_open",
            Self::NotEligible => "not_eligible",
            Self::InvalidBallot => "invalid_ballot",
            Self::ResultsNotPublished => "results_not_published",
            Self::NotTrustee => "not_trustee",
            Self::InvalidTrusteeMessage => "invalid_trustee_message",
            Self::TrusteeStepMismatch => "trustee_step_mismatch",
        }
    }
}

/// The JSON body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    /// The stable code to match on.
    pub error: ErrorCode,
    /// A human-readable message in the request's language, for display (not to be matched on).
    pub message: String,
    /// The request field at fault, when there is one (e.g. `email`), so a form can point at it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_stable_names() {
        for code in [
            ErrorCode::Csrf,
            ErrorCode::InvalidBody,
            ErrorCode::TooManyRequests,
            ErrorCode::CensusInvalid,
            ErrorCode::ResidencyNotFound,
            ErrorCode::TotpRequired,
            ErrorCode::InvalidTotp,
            ErrorCode::TotpEnrolmentRequired,
            ErrorCode::DirectoryUnavailable,
            ErrorCode::UnknownCategory,
            ErrorCode::InvalidImage,
            ErrorCode::ImageTooLarge,
            ErrorCode::IdempotencyKeyReused,
            ErrorCode::TooManyPhotos,
            ErrorCode::InvalidTransition,
            ErrorCode::AccountBlocked,
            ErrorCode::ResidencyRequired,
            ErrorCode::ReopenExpired,
            ErrorCode::ConsultationFrozen,
            ErrorCode::VoterListInvalid,
            ErrorCode::TrusteesNotReady,
            ErrorCode::ConsultationNotOpen,
            ErrorCode::NotEligible,
            ErrorCode::InvalidBallot,
            ErrorCode::ResultsNotPublished,
            ErrorCode::NotTrustee,
            ErrorCode::InvalidTrusteeMessage,
            ErrorCode::TrusteeStepMismatch,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }
}

/// One refused row of an imported file (a census, a voter list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectedRow {
    /// 1-based line of the file (a census's header is line 1); 0 for the file as a whole.
    pub line: u64,
    /// The column at fault (its canonical name, e.g. `birth_date`, `email`), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// A stable code. Census: `missing_column`, `duplicate_column`, `unknown_column`,
    /// `wrong_field_count`, `missing_value`, `invalid_date`, `missing_identifier`,
    /// `duplicate_reference`, `value_too_long`, `malformed`, `empty_file`, `too_many_rows`,
    /// `more_problems`. Voter list: `empty_file`, `malformed`, `wrong_field_count`,
    /// `invalid_email`, `invalid_weight`, `duplicate_email`, `too_many_rows`, `more_problems`.
    pub reason: String,
    /// The reason in the request's language.
    pub message: String,
}
