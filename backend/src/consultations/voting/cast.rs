//! Casting a ballot: the box's hours, the sealed pool, the signed receipt.

use super::*;

pub(super) fn ballot_box_open(row: &Row, now: i64) -> Result<(), ApiError> {
    if status_of(row) == ConsultationStatus::Open && row.opens_at <= now && now < row.closes_at {
        Ok(())
    } else {
        Err(ApiError::code(ErrorCode::ConsultationNotOpen))
    }
}

/// A receipt for `tracker`, signed now. Receipts are not stored: a stored signature would let
/// anyone find the exact time of the cast by trying each second against the public key. The
/// same ballot cast again gets a fresh receipt with the later time, which is just as true.
pub(super) fn signed_receipt(
    row: &Row,
    data: &repo::ElectionData,
    key: &repo::ReceiptKeyRow,
    tracker: &str,
    now: i64,
) -> Result<BallotReceipt, ApiError> {
    let signature = receipts::sign(key, &row.election_uuid, &data.fingerprint, tracker, now)?;
    Ok(BallotReceipt {
        election_uuid: row.election_uuid.clone(),
        fingerprint: data.fingerprint.clone(),
        tracker: tracker.to_owned(),
        time: now,
        public_key: receipts::public_key_b64(key),
        signature,
    })
}

/// The outcome of a cast.
#[derive(Debug)]
pub struct Cast {
    pub receipt: BallotReceipt,
    /// False when the same ballot was already accepted (on the board or waiting for it).
    pub new: bool,
}

/// Casts a ballot for the signed-in `voter` (spec "Ballots"): the box must be open and the
/// account in the electorate; the ballot is verified completely (canonical JSON, this
/// election's uuid and fingerprint, every proof, the signature) off the async threads, then,
/// in one transaction holding the consultation's row shared, its credential must be one of the
/// election's; it is sealed, with its voter, into the pool of ballots waiting for the board's
/// next batch (a revote is a new ballot with the same credential: the board keeps all, the
/// tally only the last), participation is recorded, and a signed receipt is returned. After
/// the commit, a full pool is published ([`batches`], which also sends the receipt mail).
///
/// A ballot already accepted — its author retrying, or anyone replaying a ballot copied from
/// the public archive — gets a receipt and records nothing for the caller.
pub async fn cast(
    db: &Db,
    town: &Town,
    voter: &User,
    id: &str,
    raw: String,
    settings: &Settings,
) -> Result<Cast, ApiError> {
    let (row, data) = {
        let mut tx = db.read().await?;
        let row = load_public(&mut tx, town, id).await?;
        ballot_box_open(&row, crate::time::now())?;
        let data = election_of(&mut tx, &row).await?;
        let email = voter.email_verified_at.map(|_| voter.email.as_str());
        if !repo::is_elector(&mut tx, id, &voter.id, email).await? {
            return Err(ApiError::code(ErrorCode::NotEligible));
        }
        (row, data)
    };
    let election_json = data.election_json.clone();
    let verified = tokio::task::spawn_blocking(move || {
        crate::consultations::contexts::prepared(&election_json)
            .and_then(|ctx| ctx.verify_ballot(&raw).map(|v| (v, raw)))
    })
    .await
    .map_err(internal)?;
    let (verified, raw) =
        verified.map_err(|e| ApiError::detail(ErrorCode::InvalidBallot, e.to_string()))?;
    let seal = settings.ballot_seal()?;

    let mut tx = db.begin().await?;
    if !repo::lock_shared_in_status(&mut tx, &town.id, id, "open").await? {
        return Err(ApiError::code(ErrorCode::ConsultationNotOpen));
    }
    let now = crate::time::now();
    ballot_box_open(&row, now)?;
    let key = repo::receipt_key(&mut tx, &town.id, &data.receipt_key_id)
        .await?
        .ok_or_else(|| internal("receipt key missing"))?;
    let tracker = verified.tracker.clone();
    let receipt = signed_receipt(&row, &data, &key, &tracker, now)?;
    if accepted_already(&mut tx, &seal, id, &tracker).await? {
        return Ok(Cast {
            receipt,
            new: false,
        });
    }
    let credential = verified.credential.to_string();
    if !repo::has_credential(&mut tx, id, &credential).await? {
        return Err(ApiError::detail(
            ErrorCode::InvalidBallot,
            "the ballot's credential is not one of this election's",
        ));
    }
    let sealed = SealedBallot {
        tracker,
        credential,
        ballot: raw,
        voter: voter.id.clone(),
        cast_at_ns: crate::time::now_ns(),
    };
    // The same ballot racing in is answered as already accepted.
    if !batches::add_to_pool(&mut tx, &seal, &town.id, id, &sealed).await? {
        return Ok(Cast {
            receipt,
            new: false,
        });
    }
    repo::insert_participation(&mut tx, &town.id, id, &voter.id).await?;
    tx.commit().await?;
    // The ballot is accepted whatever happens next: a failed publication is retried by the
    // maintenance job.
    if let Err(err) = batches::publish_if_full(db, settings, &town.id, id, now).await {
        tracing::warn!(consultation = %id, error = %err, "publishing a full batch failed, will retry");
    }
    Ok(Cast { receipt, new: true })
}

/// Whether the ballot with `tracker` is waiting for the board or on it. The pool is looked at
/// first: a batch moving the ballot between the two looks is then seen on the board.
pub(super) async fn accepted_already(
    tx: &mut Tx,
    seal: &BallotSeal,
    id: &str,
    tracker: &str,
) -> Result<bool, ApiError> {
    Ok(pool::contains(tx, id, &seal.lookup(id, tracker)).await?
        || repo::on_board(tx, id, tracker).await?)
}

/// For each ballot of the board (casting order), whether it is its credential's last one.
pub(super) fn counted_flags(ballots: &[BallotRow]) -> Vec<bool> {
    let mut last: HashMap<&str, usize> = HashMap::new();
    for (i, b) in ballots.iter().enumerate() {
        last.insert(&b.credential, i);
    }
    ballots
        .iter()
        .enumerate()
        .map(|(i, b)| last.get(b.credential.as_str()) == Some(&i))
        .collect()
}
