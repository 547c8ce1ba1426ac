//! Consultations over HTTP: the public list and detail (drafts only for staff), and the staff
//! set-up of a draft — create, update, delete, voter-list upload, officials to choose as
//! trustees, and the start of the key ceremony that freezes the set-up. Then the election:
//! opening, casting, the public board, receipts, the archive, closing, tallying and results.
//! Every staff change is audit-logged by [`crate::consultations`].

use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use protocol::ErrorCode;
use protocol::consultations::{
    BallotReceipt, Board, CastBallot, CeremonyState, ConsultationDetail, ConsultationInput,
    ConsultationResults, ConsultationSummary, ElectionDocument, OfficialInfo, ReceiptCheck,
    TrusteeConsultation, TrusteeMessage, TrusteeWork, VoterListRejected, VoterListSummary,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::router::UtoipaMethodRouterExt;
use utoipa_axum::routes;

use crate::consultations::voter_list::{self, Rejection};
use crate::consultations::{self as service};
use crate::consultations::{ceremony, voting};
use crate::csv_import;
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::idempotency::{self, IdempotencyKey};
use crate::http::json::ApiJson;
use crate::http::session::{CurrentUser, OptionalUser, StaffUser};
use crate::http::town::CurrentTown;
use crate::i18n::{self, language_of};
use crate::repo::consultations as repo;
use crate::repo::towns::Town;
use crate::time::now;

/// Largest voter list accepted (100,000 rows of a long address and a weight fit).
pub const MAX_VOTER_LIST_BYTES: usize = 10 * 1024 * 1024;

/// The `{id}` of a consultation route: a uuid, or 404 before the handler runs (an id that is
/// not one never reaches SQL).
#[derive(Debug, Clone)]
pub struct ConsultationId(pub String);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ConsultationId {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, ApiError> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::not_found())?;
        service::parse_id(&raw).map(Self)
    }
}

fn reader_is_staff(reader: &OptionalUser) -> bool {
    reader.0.as_ref().is_some_and(|c| c.user.role().is_staff())
}

/// The consultation as `staff` (or not) may see it, read in a fresh transaction.
async fn detail_of(
    state: &AppState,
    town: &Town,
    id: &str,
    staff: bool,
) -> Result<ConsultationDetail, ApiError> {
    let mut tx = state.db.read().await?;
    let row = service::load_visible(&mut tx, town, id, staff).await?;
    service::detail(&mut tx, &row, staff).await
}

/// The town's consultations that are not drafts (staff also see drafts), newest first.
#[utoipa::path(get, path = "/consultations", tag = "consultations",
    responses((status = 200, body = [ConsultationSummary])))]
pub async fn list(
    State(state): State<AppState>,
    CurrentTown(town): CurrentTown,
    reader: OptionalUser,
) -> Result<axum::Json<Vec<ConsultationSummary>>, ApiError> {
    let mut tx = state.db.read().await?;
    let rows = repo::list(&mut tx, &town.id, reader_is_staff(&reader)).await?;
    Ok(axum::Json(rows.iter().map(service::summary).collect()))
}

/// A consultation: its set-up, trustees and, once the key ceremony is over, its fingerprint.
#[utoipa::path(get, path = "/consultations/{id}", tag = "consultations",
    params(("id" = String, Path)),
    responses((status = 200, body = ConsultationDetail), (status = 404, body = protocol::ApiErrorBody)))]
pub async fn detail(
    State(state): State<AppState>,
    CurrentTown(town): CurrentTown,
    reader: OptionalUser,
    ConsultationId(id): ConsultationId,
) -> Result<axum::Json<ConsultationDetail>, ApiError> {
    let staff = reader_is_staff(&reader);
    Ok(axum::Json(detail_of(&state, &town, &id, staff).await?))
}

fn vanished() -> ApiError {
    ApiError::Internal(anyhow::anyhow!("idempotency key vanished"))
}

/// Create a draft consultation.
#[utoipa::path(post, path = "/staff/consultations", tag = "consultations",
    request_body = ConsultationInput,
    params(("Idempotency-Key" = Option<String>, Header,
            description = "one per form submission: a retry with the same key gets the draft the first attempt created")),
    responses((status = 201, body = ConsultationDetail),
              (status = 403, body = protocol::ApiErrorBody),
              (status = 422, body = protocol::ApiErrorBody, description = "`validation`, with the `field` at fault")))]
pub async fn create(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<ConsultationInput>,
) -> Result<Response, ApiError> {
    let asked = serde_json::to_vec(&body).map_err(|e| ApiError::Internal(e.into()))?;
    let keyed = idempotency::Keyed::new(
        key,
        &current.town.id,
        &current.user.id,
        "POST /api/v1/staff/consultations",
        idempotency::fingerprint([asked.as_slice()]),
    );
    // A retry: the draft the first attempt created (the stored answer is its id).
    let state = &state;
    let town = &current.town;
    let created_before = |id: String| async move {
        let detail = detail_of(state, town, &id, true).await?;
        Ok::<_, ApiError>((StatusCode::CREATED, axum::Json(detail)).into_response())
    };
    if let Some(keyed) = &keyed
        && let Some(first) = keyed.first(&state.db).await?
    {
        return created_before(first.body).await;
    }
    let mut tx = state.db.begin().await?;
    let id = service::create(&mut tx, &current.town, &current.user, &body, now()).await?;
    if let Some(keyed) = &keyed
        && !keyed
            .remember(&mut tx, StatusCode::CREATED.as_u16(), &id)
            .await?
    {
        // The same creation, sent twice at once, was made by the other request: ours is undone.
        drop(tx);
        let first = keyed.first(&state.db).await?.ok_or_else(vanished)?;
        return created_before(first.body).await;
    }
    tx.commit().await?;
    tracing::info!(staff = %current.user.id, consultation = %id, "consultation created");
    created_before(id).await
}

/// Replace a draft's set-up (the uploaded voter list is kept).
#[utoipa::path(put, path = "/staff/consultations/{id}", tag = "consultations",
    params(("id" = String, Path)), request_body = ConsultationInput,
    responses((status = 200, body = ConsultationDetail),
              (status = 409, body = protocol::ApiErrorBody, description = "`consultation_frozen`")))]
pub async fn update(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
    ConsultationId(id): ConsultationId,
    ApiJson(body): ApiJson<ConsultationInput>,
) -> Result<axum::Json<ConsultationDetail>, ApiError> {
    let mut tx = state.db.begin().await?;
    service::update(&mut tx, &current.town, &current.user, &id, &body, now()).await?;
    tx.commit().await?;
    Ok(axum::Json(
        detail_of(&state, &current.town, &id, true).await?,
    ))
}

/// Delete a draft.
#[utoipa::path(delete, path = "/staff/consultations/{id}", tag = "consultations",
    params(("id" = String, Path)),
    responses((status = 204, description = "Deleted"),
              (status = 409, body = protocol::ApiErrorBody, description = "`consultation_frozen`")))]
pub async fn delete(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
    ConsultationId(id): ConsultationId,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    service::delete(&mut tx, &current.town, &current.user, &id, now()).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

fn rejected_response(headers: &HeaderMap, rejections: &[Rejection]) -> Response {
    let lang = language_of(headers);
    let body = VoterListRejected {
        error: ErrorCode::VoterListInvalid,
        message: i18n::error_message(ErrorCode::VoterListInvalid, lang).to_owned(),
        rejected: csv_import::rejected_rows(rejections, lang),
    };
    (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(body)).into_response()
}

/// Replace a draft's voter list (eligibility `list`) with a CSV file of `email;weight` rows
/// (raw body, `Content-Type: text/csv`). Every row must be valid: otherwise nothing changes
/// and the answer lists every refused row.
#[utoipa::path(put, path = "/staff/consultations/{id}/voters", tag = "consultations",
    params(("id" = String, Path)),
    request_body(content = String, content_type = "text/csv",
                 description = "UTF-8 (with or without BOM) CSV of `email;weight` rows, optional header"),
    responses((status = 200, body = VoterListSummary),
              (status = 409, body = protocol::ApiErrorBody, description = "`consultation_frozen`"),
              (status = 413, body = protocol::ApiErrorBody),
              (status = 415, body = protocol::ApiErrorBody),
              (status = 422, body = VoterListRejected)))]
pub async fn upload_voters(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
    ConsultationId(id): ConsultationId,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    if !super::is_csv_type(&headers) {
        return Err(ApiError::code(ErrorCode::UnsupportedMediaType));
    }
    let bytes = match body {
        Ok(b) => b,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(ApiError::code(ErrorCode::PayloadTooLarge));
        }
        Err(e) => return Err(ApiError::detail(ErrorCode::InvalidBody, e.body_text())),
    };
    let parsed = tokio::task::spawn_blocking(move || voter_list::parse(&bytes))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    let rows = match parsed {
        Ok(rows) => rows,
        Err(rejections) => {
            // A list for another town's (or a missing) consultation is a 404 first.
            let mut tx = state.db.read().await?;
            repo::by_id(&mut tx, &current.town.id, &id)
                .await?
                .ok_or_else(ApiError::not_found)?;
            return Ok(rejected_response(&headers, &rejections));
        }
    };
    let mut tx = state.db.begin().await?;
    let summary =
        service::replace_voter_list(&mut tx, &current.town, &current.user, &id, &rows, now())
            .await?;
    tx.commit().await?;
    tracing::info!(staff = %current.user.id, consultation = %id, rows = rows.len(), "voter list uploaded");
    Ok(axum::Json(summary).into_response())
}

/// Freeze the set-up and start the key ceremony (draft → key_ceremony).
#[utoipa::path(post, path = "/staff/consultations/{id}/key-ceremony", tag = "consultations",
    params(("id" = String, Path)),
    responses((status = 200, body = ConsultationDetail),
              (status = 409, body = protocol::ApiErrorBody, description = "`invalid_transition`: not a draft"),
              (status = 422, body = protocol::ApiErrorBody,
               description = "`validation`: closing time passed, empty voter list, trustee no longer an official")))]
pub async fn start_key_ceremony(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
    ConsultationId(id): ConsultationId,
) -> Result<axum::Json<ConsultationDetail>, ApiError> {
    let mut tx = state.db.begin().await?;
    service::start_key_ceremony(&mut tx, &current.town, &current.user, &id, now()).await?;
    tx.commit().await?;
    tracing::info!(staff = %current.user.id, consultation = %id, "consultation set-up frozen");
    Ok(axum::Json(
        detail_of(&state, &current.town, &id, true).await?,
    ))
}

/// The town's officials, who may be chosen as trustees.
#[utoipa::path(get, path = "/staff/officials", tag = "consultations",
    responses((status = 200, body = [OfficialInfo]), (status = 403, body = protocol::ApiErrorBody)))]
pub async fn officials(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
) -> Result<axum::Json<Vec<OfficialInfo>>, ApiError> {
    let mut tx = state.db.read().await?;
    let rows = repo::officials(&mut tx, &current.town.id).await?;
    Ok(axum::Json(
        rows.into_iter()
            .map(|o| OfficialInfo {
                id: o.id,
                display_name: o.display_name,
                email: o.email,
            })
            .collect(),
    ))
}

// ---------------------------------------------------------------------------------------------
// The election.

/// Largest cast body: a ballot of 20 questions of 50 answers in the RFC 3526 group (2048-bit
/// scalars in every proof) stays under it.
pub const MAX_BALLOT_BYTES: usize = 8 * 1024 * 1024;

/// Open the ballot box (key_ceremony → open): builds the Belenios election from the set-up and
/// the trustees' key (`server_single`: the server's key is generated now), fixes the
/// electorate, mails each voter a private credential and stores only public credentials.
#[utoipa::path(post, path = "/staff/consultations/{id}/open", tag = "consultations",
    params(("id" = String, Path)),
    responses((status = 200, body = ConsultationDetail),
              (status = 403, body = protocol::ApiErrorBody),
              (status = 404, body = protocol::ApiErrorBody),
              (status = 409, body = protocol::ApiErrorBody,
               description = "`invalid_transition`: not in the key ceremony; `trustees_not_ready`: the officials' key ceremony is not over"),
              (status = 422, body = protocol::ApiErrorBody,
               description = "`validation`: closing time passed (`closes_at`), nobody eligible (`eligibility`)")))]
pub async fn open(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
    ConsultationId(id): ConsultationId,
) -> Result<axum::Json<ConsultationDetail>, ApiError> {
    let town_mail = voting::TownMail::new(&state.settings, &current.town);
    let mail = &town_mail;
    let mut tx = state.db.begin().await?;
    voting::open(&mut tx, &current.town, &current.user, &id, now(), mail).await?;
    tx.commit().await?;
    tracing::info!(staff = %current.user.id, consultation = %id, "consultation opened");
    Ok(axum::Json(
        detail_of(&state, &current.town, &id, true).await?,
    ))
}

/// Cast a ballot (signed-in voter of the electorate, while the box is open). The body carries
/// the ballot exactly as Belenios produces it; it is verified completely. A revote (same
/// credential) is appended too: the last one counts. The same ballot again gets the same
/// receipt (200 instead of 201).
#[utoipa::path(post, path = "/consultations/{id}/ballots", tag = "consultations",
    params(("id" = String, Path)), request_body = CastBallot,
    responses((status = 201, body = BallotReceipt, description = "Accepted; the receipt is also mailed"),
              (status = 200, body = BallotReceipt, description = "This ballot was already accepted: the same receipt"),
              (status = 401, body = protocol::ApiErrorBody),
              (status = 403, body = protocol::ApiErrorBody, description = "`not_eligible`"),
              (status = 404, body = protocol::ApiErrorBody),
              (status = 409, body = protocol::ApiErrorBody,
               description = "`consultation_not_open`: not open, before `opens_at` or after `closes_at`"),
              (status = 413, body = protocol::ApiErrorBody),
              (status = 422, body = protocol::ApiErrorBody,
               description = "`invalid_ballot`: not canonical, another election, a proof or the signature fails, unknown credential (the message says which)")))]
pub async fn cast(
    State(state): State<AppState>,
    current: CurrentUser,
    ConsultationId(id): ConsultationId,
    ApiJson(body): ApiJson<CastBallot>,
) -> Result<Response, ApiError> {
    // Nothing is logged here: the account must never appear next to a tracker.
    let cast = voting::cast(
        &state.db,
        &current.town,
        &current.user,
        &id,
        body.ballot,
        &state.settings,
    )
    .await
    .inspect_err(|e| {
        if let ApiError::Client {
            code: ErrorCode::InvalidBallot,
            ..
        } = e
        {
            state.metrics.ballot_rejected();
        }
    })?;
    let status = if cast.new {
        state.metrics.ballot_cast();
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, axum::Json(cast.receipt)).into_response())
}

/// The public bulletin board: the election, its fingerprint, the trackers in casting order
/// and the counts. No identities.
#[utoipa::path(get, path = "/consultations/{id}/board", tag = "consultations",
    params(("id" = String, Path)),
    responses((status = 200, body = Board),
              (status = 404, body = protocol::ApiErrorBody),
              (status = 409, body = protocol::ApiErrorBody, description = "`consultation_not_open`: not opened yet")))]
pub async fn board(
    State(state): State<AppState>,
    CurrentTown(town): CurrentTown,
    ConsultationId(id): ConsultationId,
) -> Result<axum::Json<Board>, ApiError> {
    let mut tx = state.db.read().await?;
    Ok(axum::Json(voting::board(&mut tx, &town, &id).await?))
}

/// The Belenios election a ballot is made for (the voting page's needs, without the board).
#[utoipa::path(get, path = "/consultations/{id}/election", tag = "consultations",
    params(("id" = String, Path)),
    responses((status = 200, body = ElectionDocument),
              (status = 404, body = protocol::ApiErrorBody),
              (status = 409, body = protocol::ApiErrorBody, description = "`consultation_not_open`: not opened yet")))]
pub async fn election(
    State(state): State<AppState>,
    CurrentTown(town): CurrentTown,
    ConsultationId(id): ConsultationId,
) -> Result<axum::Json<ElectionDocument>, ApiError> {
    let mut tx = state.db.read().await?;
    Ok(axum::Json(
        voting::election_document(&mut tx, &town, &id).await?,
    ))
}

/// Check a ballot receipt: is it this election's, is the signature the consultation's receipt
/// key's, is the tracker on the board?
#[utoipa::path(post, path = "/consultations/{id}/receipts/verify", tag = "consultations",
    params(("id" = String, Path)), request_body = BallotReceipt,
    responses((status = 200, body = ReceiptCheck),
              (status = 404, body = protocol::ApiErrorBody),
              (status = 409, body = protocol::ApiErrorBody, description = "`consultation_not_open`: not opened yet")))]
pub async fn verify_receipt(
    State(state): State<AppState>,
    CurrentTown(town): CurrentTown,
    ConsultationId(id): ConsultationId,
    ApiJson(receipt): ApiJson<BallotReceipt>,
) -> Result<axum::Json<ReceiptCheck>, ApiError> {
    let seal = state.settings.ballot_seal()?;
    let mut tx = state.db.read().await?;
    Ok(axum::Json(
        voting::check_receipt(&mut tx, &town, &id, &receipt, &seal).await?,
    ))
}

/// The current Belenios archive `<uuid>.bel` (check it with `voix verify` or `belenios-tool
/// election verify`).
#[utoipa::path(get, path = "/consultations/{id}/archive", tag = "consultations",
    params(("id" = String, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = String,
               description = "The `.bel` archive"),
              (status = 404, body = protocol::ApiErrorBody),
              (status = 409, body = protocol::ApiErrorBody, description = "`consultation_not_open`: not opened yet")))]
pub async fn archive(
    State(state): State<AppState>,
    CurrentTown(town): CurrentTown,
    ConsultationId(id): ConsultationId,
) -> Result<Response, ApiError> {
    let mut tx = state.db.read().await?;
    let (uuid, bytes) = voting::archive(&mut tx, &town, &id).await?;
    drop(tx);
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{uuid}.bel\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// Close the ballot box (open → closed, possibly before `closes_at`) and compute the
/// encrypted tally.
#[utoipa::path(post, path = "/staff/consultations/{id}/close", tag = "consultations",
    params(("id" = String, Path)),
    responses((status = 200, body = ConsultationDetail),
              (status = 403, body = protocol::ApiErrorBody),
              (status = 404, body = protocol::ApiErrorBody),
              (status = 409, body = protocol::ApiErrorBody, description = "`invalid_transition`: not open")))]
pub async fn close(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
    ConsultationId(id): ConsultationId,
) -> Result<axum::Json<ConsultationDetail>, ApiError> {
    let mut tx = state.db.begin().await?;
    voting::close(
        &mut tx,
        &state.settings,
        &current.town,
        Some(&current.user),
        &id,
        now(),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(staff = %current.user.id, consultation = %id, "consultation closed");
    Ok(axum::Json(
        detail_of(&state, &current.town, &id, true).await?,
    ))
}

/// Decrypt the tally (closed → tallying → published): with `server_single` the server's
/// partial decryption completes it at once, the result is published and voters are told.
#[utoipa::path(post, path = "/staff/consultations/{id}/tally", tag = "consultations",
    params(("id" = String, Path)),
    responses((status = 200, body = ConsultationDetail,
               description = "`published`, or `tallying` while officials' decryptions are missing"),
              (status = 403, body = protocol::ApiErrorBody),
              (status = 404, body = protocol::ApiErrorBody),
              (status = 409, body = protocol::ApiErrorBody, description = "`invalid_transition`: not closed")))]
pub async fn tally(
    State(state): State<AppState>,
    StaffUser(current): StaffUser,
    ConsultationId(id): ConsultationId,
) -> Result<axum::Json<ConsultationDetail>, ApiError> {
    let town_mail = voting::TownMail::new(&state.settings, &current.town);
    let mail = &town_mail;
    let mut tx = state.db.begin().await?;
    let published = voting::tally(&mut tx, &current.town, &current.user, &id, now(), mail).await?;
    tx.commit().await?;
    tracing::info!(staff = %current.user.id, consultation = %id, published, "consultation tallied");
    Ok(axum::Json(
        detail_of(&state, &current.town, &id, true).await?,
    ))
}

/// The result: counts per answer, blank votes, turnout. Nothing before publication, for
/// anyone (administrators included).
#[utoipa::path(get, path = "/consultations/{id}/results", tag = "consultations",
    params(("id" = String, Path)),
    responses((status = 200, body = ConsultationResults),
              (status = 404, body = protocol::ApiErrorBody),
              (status = 409, body = protocol::ApiErrorBody, description = "`results_not_published`")))]
pub async fn results(
    State(state): State<AppState>,
    CurrentTown(town): CurrentTown,
    ConsultationId(id): ConsultationId,
) -> Result<axum::Json<ConsultationResults>, ApiError> {
    let mut tx = state.db.read().await?;
    Ok(axum::Json(voting::results(&mut tx, &town, &id).await?))
}

// ---------------------------------------------------------------------------------------------
// The officials' key ceremony and partial decryptions.

/// Largest key-ceremony message (a polynomial of 10 key holders with a threshold of 10 is
/// about 60 KB).
pub const MAX_CEREMONY_BYTES: usize = 1024 * 1024;

/// Largest partial decryption (20 questions of 50 answers, a factor and a proof each).
pub const MAX_DECRYPTION_BYTES: usize = 8 * 1024 * 1024;

/// The progress of the officials' key ceremony (which step, who has sent its message) and of
/// the decryption, for staff and the consultation's key holders.
#[utoipa::path(get, path = "/consultations/{id}/ceremony", tag = "consultations",
    params(("id" = String, Path)),
    responses((status = 200, body = CeremonyState),
              (status = 401, body = protocol::ApiErrorBody),
              (status = 403, body = protocol::ApiErrorBody, description = "`not_trustee`: neither staff nor a key holder of it"),
              (status = 404, body = protocol::ApiErrorBody, description = "unknown, a draft, or a server-held key")))]
pub async fn ceremony_state(
    State(state): State<AppState>,
    current: CurrentUser,
    ConsultationId(id): ConsultationId,
) -> Result<axum::Json<CeremonyState>, ApiError> {
    let mut tx = state.db.read().await?;
    Ok(axum::Json(
        ceremony::state(&mut tx, &current.town, &current.user, &id).await?,
    ))
}

/// The consultations of which the signed-in official holds a key, with what it has to do.
#[utoipa::path(get, path = "/trustee/consultations", tag = "consultations",
    responses((status = 200, body = [TrusteeConsultation]), (status = 401, body = protocol::ApiErrorBody)))]
pub async fn trustee_list(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<axum::Json<Vec<TrusteeConsultation>>, ApiError> {
    let mut tx = state.db.read().await?;
    Ok(axum::Json(
        ceremony::my_consultations(&mut tx, &current.town, &current.user).await?,
    ))
}

/// The signed-in key holder's current task and its inputs (certificates, its vinput, or the
/// encrypted tally with its encrypted decryption share): the input file of `voix trustee`.
#[utoipa::path(get, path = "/trustee/consultations/{id}", tag = "consultations",
    params(("id" = String, Path)),
    responses((status = 200, body = TrusteeWork),
              (status = 403, body = protocol::ApiErrorBody, description = "`not_trustee`"),
              (status = 404, body = protocol::ApiErrorBody)))]
pub async fn trustee_work(
    State(state): State<AppState>,
    current: CurrentUser,
    ConsultationId(id): ConsultationId,
) -> Result<axum::Json<TrusteeWork>, ApiError> {
    let mut tx = state.db.read().await?;
    Ok(axum::Json(
        ceremony::work(&mut tx, &current.town, &current.user, &id).await?,
    ))
}

/// Send the key holder's message of the current key-ceremony step (`certificate`,
/// `polynomial`, `voutput`), verified on arrival. Answers the key holder's next task.
#[utoipa::path(post, path = "/trustee/consultations/{id}/ceremony", tag = "consultations",
    params(("id" = String, Path)), request_body = TrusteeMessage,
    responses((status = 200, body = TrusteeWork),
              (status = 403, body = protocol::ApiErrorBody, description = "`not_trustee`"),
              (status = 404, body = protocol::ApiErrorBody),
              (status = 409, body = protocol::ApiErrorBody,
               description = "`trustee_step_mismatch`: another step is under way, or this message was already sent"),
              (status = 422, body = protocol::ApiErrorBody,
               description = "`invalid_trustee_message`: a check failed (the message says which); nothing stored")))]
pub async fn trustee_ceremony(
    State(state): State<AppState>,
    current: CurrentUser,
    ConsultationId(id): ConsultationId,
    ApiJson(body): ApiJson<TrusteeMessage>,
) -> Result<axum::Json<TrusteeWork>, ApiError> {
    let work = ceremony::submit(&state.db, &current.town, &current.user, &id, body).await?;
    tracing::info!(official = %current.user.id, consultation = %id, position = work.position,
        "key-ceremony message accepted");
    Ok(axum::Json(work))
}

/// Send the key holder's partial decryption of the tally (after the close), verified on
/// arrival; with `threshold` of them the result is computed and published.
#[utoipa::path(post, path = "/trustee/consultations/{id}/decryption", tag = "consultations",
    params(("id" = String, Path)), request_body = TrusteeMessage,
    responses((status = 200, body = TrusteeWork),
              (status = 403, body = protocol::ApiErrorBody, description = "`not_trustee`"),
              (status = 404, body = protocol::ApiErrorBody),
              (status = 409, body = protocol::ApiErrorBody,
               description = "`trustee_step_mismatch`: not closed, already published, or already sent"),
              (status = 413, body = protocol::ApiErrorBody),
              (status = 422, body = protocol::ApiErrorBody,
               description = "`invalid_trustee_message`: a proof fails or the shape is wrong; nothing stored")))]
pub async fn trustee_decryption(
    State(state): State<AppState>,
    current: CurrentUser,
    ConsultationId(id): ConsultationId,
    ApiJson(body): ApiJson<TrusteeMessage>,
) -> Result<axum::Json<TrusteeWork>, ApiError> {
    let town_mail = voting::TownMail::new(&state.settings, &current.town);
    let mail = &town_mail;
    let work = ceremony::decrypt(&state.db, &current.town, &current.user, &id, body, mail).await?;
    tracing::info!(official = %current.user.id, consultation = %id, position = work.position,
        "partial decryption accepted");
    Ok(axum::Json(work))
}

/// This module's routes under `/api/v1`, each with its OpenAPI entry.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(detail))
        .routes(routes!(create))
        .routes(routes!(update, delete))
        .routes(routes!(upload_voters).layer(DefaultBodyLimit::max(MAX_VOTER_LIST_BYTES)))
        .routes(routes!(start_key_ceremony))
        .routes(routes!(officials))
        .routes(routes!(open))
        .routes(routes!(cast).layer(DefaultBodyLimit::max(MAX_BALLOT_BYTES)))
        .routes(routes!(board))
        .routes(routes!(election))
        .routes(routes!(verify_receipt))
        .routes(routes!(archive))
        .routes(routes!(close))
        .routes(routes!(tally))
        .routes(routes!(results))
        .routes(routes!(ceremony_state))
        .routes(routes!(trustee_list))
        .routes(routes!(trustee_work))
        .routes(routes!(trustee_ceremony).layer(DefaultBodyLimit::max(MAX_CEREMONY_BYTES)))
        .routes(routes!(trustee_decryption).layer(DefaultBodyLimit::max(MAX_DECRYPTION_BYTES)))
}
