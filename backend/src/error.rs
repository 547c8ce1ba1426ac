//! The HTTP layer's error type.
//!
//! Handlers return `Result<_, ApiError>`. Each variant maps to one status and one stable
//! [`ErrorCode`]. The response carries the French message and an [`ErrorInfo`] extension;
//! the [`crate::http::localize`] middleware rewrites the message in the request's language.
//! Database and unexpected errors become an opaque 500 whose cause is logged exactly once, here.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use protocol::api::Language;
use protocol::{ApiErrorBody, ErrorCode};

use crate::i18n;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 4xx with a stable code, optionally naming the field at fault and a technical detail
    /// (appended to the translated message, e.g. the JSON parser's explanation).
    #[error("{code:?}")]
    Client {
        code: ErrorCode,
        field: Option<&'static str>,
        detail: Option<String>,
    },
    /// 429 with the number of seconds to wait.
    #[error("throttled for {retry_after}s")]
    Throttled { retry_after: u64 },
    /// 500: the cause is logged, the client sees only `internal`.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn code(code: ErrorCode) -> Self {
        Self::Client {
            code,
            field: None,
            detail: None,
        }
    }

    pub fn field(code: ErrorCode, field: &'static str) -> Self {
        Self::Client {
            code,
            field: Some(field),
            detail: None,
        }
    }

    pub fn detail(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::Client {
            code,
            field: None,
            detail: Some(detail.into()),
        }
    }

    pub fn detail_field(code: ErrorCode, field: &'static str, detail: impl Into<String>) -> Self {
        Self::Client {
            code,
            field: Some(field),
            detail: Some(detail.into()),
        }
    }

    pub fn not_found() -> Self {
        Self::code(ErrorCode::NotFound)
    }

    pub fn forbidden() -> Self {
        Self::code(ErrorCode::Forbidden)
    }

    pub fn unauthenticated() -> Self {
        Self::code(ErrorCode::Unauthenticated)
    }

    /// Whether trying again later may succeed: the database unavailable, a throttle, a fault
    /// of the server. A background job retries these; it gives any other refusal to a person.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Internal(_) | Self::Throttled { .. } => true,
            Self::Client { code, .. } => *code == ErrorCode::Unavailable,
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => {
                tracing::warn!(error = %err, "database unavailable");
                Self::code(ErrorCode::Unavailable)
            }
            // The server went away under the connection: PostgreSQL's connection exceptions
            // (class 08) and operator intervention (57P01 admin shutdown, 57P02 crash
            // shutdown, 57P03 cannot connect now) are an outage, not a bug.
            sqlx::Error::Database(ref db)
                if db
                    .code()
                    .is_some_and(|c| c.starts_with("08") || c.starts_with("57P")) =>
            {
                tracing::warn!(error = %err, "database unavailable");
                Self::code(ErrorCode::Unavailable)
            }
            other => Self::Internal(other.into()),
        }
    }
}

/// The status code of an error code.
pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::InvalidBody | ErrorCode::InvalidToken => StatusCode::BAD_REQUEST,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::Validation
        | ErrorCode::WeakPassword
        | ErrorCode::CensusInvalid
        | ErrorCode::ResidencyNotFound
        | ErrorCode::UnknownCategory
        | ErrorCode::InvalidImage
        | ErrorCode::ImageTooLarge
        | ErrorCode::IdempotencyKeyReused
        | ErrorCode::TooManyPhotos
        | ErrorCode::VoterListInvalid
        | ErrorCode::InvalidBallot
        | ErrorCode::InvalidTrusteeMessage => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::Unauthenticated
        | ErrorCode::InvalidCredentials
        | ErrorCode::TotpRequired
        | ErrorCode::InvalidTotp => StatusCode::UNAUTHORIZED,
        ErrorCode::EmailNotVerified
        | ErrorCode::TotpEnrolmentRequired
        | ErrorCode::AccountDisabled
        | ErrorCode::Forbidden
        | ErrorCode::Csrf
        | ErrorCode::AccountBlocked
        | ErrorCode::ResidencyRequired
        | ErrorCode::NotEligible
        | ErrorCode::NotTrustee => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::Conflict
        | ErrorCode::InvalidTransition
        | ErrorCode::ReopenExpired
        | ErrorCode::ConsultationFrozen
        | ErrorCode::TrusteesNotReady
        | ErrorCode::ConsultationNotOpen
        | ErrorCode::ResultsNotPublished
        | ErrorCode::TrusteeStepMismatch => StatusCode::CONFLICT,
        ErrorCode::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::Unavailable | ErrorCode::DirectoryUnavailable => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// What an error response is made of, kept as a response extension so the message can be
/// rendered again in another language.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub code: ErrorCode,
    pub field: Option<&'static str>,
    pub detail: Option<String>,
}

impl ErrorInfo {
    /// The JSON body in `lang`.
    pub fn body(&self, lang: Language) -> ApiErrorBody {
        let base = i18n::error_message(self.code, lang);
        let message = match &self.detail {
            Some(detail) => format!("{base} ({detail})"),
            None => base.to_owned(),
        };
        ApiErrorBody {
            error: self.code,
            message,
            field: self.field.map(str::to_owned),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (info, retry_after) = match self {
            ApiError::Client {
                code,
                field,
                detail,
            } => (
                ErrorInfo {
                    code,
                    field,
                    detail,
                },
                None,
            ),
            ApiError::Throttled { retry_after } => (
                ErrorInfo {
                    code: ErrorCode::TooManyRequests,
                    field: None,
                    detail: None,
                },
                Some(retry_after),
            ),
            ApiError::Internal(err) => {
                tracing::error!(error = ?err, "request failed");
                (
                    ErrorInfo {
                        code: ErrorCode::Internal,
                        field: None,
                        detail: None,
                    },
                    None,
                )
            }
        };
        let mut response =
            (status_of(info.code), axum::Json(info.body(Language::Fr))).into_response();
        if let Some(secs) = retry_after
            && let Ok(value) = HeaderValue::from_str(&secs.max(1).to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response.extensions_mut().insert(info);
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outages_and_throttles_are_transient_refusals_are_not() {
        assert!(ApiError::from(sqlx::Error::PoolTimedOut).is_transient());
        assert!(ApiError::from(sqlx::Error::PoolClosed).is_transient());
        assert!(ApiError::Throttled { retry_after: 60 }.is_transient());
        assert!(ApiError::Internal(anyhow::anyhow!("bug")).is_transient());
        for refused in [
            ErrorCode::Forbidden,
            ErrorCode::Validation,
            ErrorCode::NotFound,
            ErrorCode::InvalidTransition,
        ] {
            assert!(!ApiError::code(refused).is_transient(), "{refused:?}");
        }
    }
}
