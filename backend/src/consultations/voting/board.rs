//! The public bulletin board, the election document, receipt checks and the `.bel` archive.

use super::*;

/// The public bulletin board: trackers in casting order and counts; no identity, no time.
pub async fn board(tx: &mut Tx, town: &Town, id: &str) -> Result<Board, ApiError> {
    let row = load_public(tx, town, id).await?;
    let data = election_of(tx, &row).await?;
    let ballots = repo::ballots(tx, id, false).await?;
    let credentials = repo::credentials(tx, id).await?.len();
    let flags = counted_flags(&ballots);
    let key = repo::receipt_key(tx, &town.id, &data.receipt_key_id).await?;
    Ok(Board {
        status: status_of(&row),
        election_uuid: row.election_uuid.clone(),
        fingerprint: data.fingerprint.clone(),
        election: data.election_json.clone(),
        credentials: credentials as u64,
        ballots: ballots.len() as u64,
        voters: flags.iter().filter(|c| **c).count() as u64,
        waiting: u64::try_from(pool::count(tx, id).await?).unwrap_or(0),
        board: ballots
            .iter()
            .zip(flags)
            .map(|(b, counted)| BoardBallot {
                tracker: b.tracker.clone(),
                counted,
            })
            .collect(),
        receipt_public_key: key.as_ref().map(receipts::public_key_b64),
    })
}

/// The election alone (spec "Election"), for the voting page: constant size, whatever the
/// turnout.
pub async fn election_document(
    tx: &mut Tx,
    town: &Town,
    id: &str,
) -> Result<ElectionDocument, ApiError> {
    let row = load_public(tx, town, id).await?;
    let data = election_of(tx, &row).await?;
    Ok(ElectionDocument {
        status: status_of(&row),
        election_uuid: row.election_uuid.clone(),
        fingerprint: data.fingerprint.clone(),
        election: data.election_json.clone(),
    })
}

/// Checks a receipt against this consultation: its election, its signature under the
/// consultation's receipt key, and its tracker on the board.
pub async fn check_receipt(
    tx: &mut Tx,
    town: &Town,
    id: &str,
    receipt: &BallotReceipt,
    seal: &BallotSeal,
) -> Result<ReceiptCheck, ApiError> {
    let row = load_public(tx, town, id).await?;
    let data = election_of(tx, &row).await?;
    let this_election =
        receipt.election_uuid == row.election_uuid && receipt.fingerprint == data.fingerprint;
    let key = repo::receipt_key(tx, &town.id, &data.receipt_key_id).await?;
    let signature_valid = key.is_some_and(|k| receipts::verify(&k.public_key, receipt));
    let on_board = repo::on_board(tx, id, &receipt.tracker).await?;
    let waiting = !on_board && pool::contains(tx, id, &seal.lookup(id, &receipt.tracker)).await?;
    Ok(ReceiptCheck {
        this_election,
        signature_valid,
        on_board,
        waiting,
    })
}

/// The public credentials record (FORMAT.md §4): sorted; `"<G>,<w>"` on every line when any
/// weight differs from 1, plain `"<G>"` otherwise.
pub(super) fn credentials_json(mut creds: Vec<(String, i64)>) -> Result<String, ApiError> {
    creds.sort();
    let weighted = creds.iter().any(|(_, w)| *w != 1);
    let lines: Vec<String> = creds
        .into_iter()
        .map(|(c, w)| if weighted { format!("{c},{w}") } else { c })
        .collect();
    serde_json::to_string(&lines).map_err(internal)
}

/// The current `.bel` archive (spec "Public data", FORMAT.md §3): the setup, every ballot in
/// casting order, then — once closed — the encrypted tally, the partial decryptions and the
/// result. Its timestamp is the opening time, so the same state always gives the same bytes.
/// Returns the election uuid (the archive is `<uuid>.bel`) and the bytes.
pub async fn archive(tx: &mut Tx, town: &Town, id: &str) -> Result<(String, Vec<u8>), ApiError> {
    let row = load_public(tx, town, id).await?;
    let data = election_of(tx, &row).await?;
    let creds = credentials_json(repo::credentials(tx, id).await?)?;
    let ballots = repo::ballots(tx, id, true).await?;
    let timestamp = u64::try_from(row.opened_at.unwrap_or(row.created_at)).unwrap_or(0);
    let mut w = ArchiveWriter::new(timestamp);
    w.setup(&data.election_json, &data.trustees_json, &creds)
        .map_err(internal)?;
    for b in &ballots {
        w.ballot(&b.ballot).map_err(internal)?;
    }
    if let Some(tally) = repo::tally(tx, id).await? {
        w.end_ballots().map_err(internal)?;
        w.encrypted_tally(
            &tally.encrypted_tally,
            u64::try_from(tally.num_tallied).unwrap_or(0),
            Weight(u64::try_from(tally.total_weight).unwrap_or(0)),
        )
        .map_err(internal)?;
        if let Some(result) = &tally.result {
            for (owner, payload) in repo::partial_decryptions(tx, id).await? {
                w.partial_decryption(u32::try_from(owner).unwrap_or(0), &payload)
                    .map_err(internal)?;
            }
            w.result(result).map_err(internal)?;
        }
    }
    Ok((row.election_uuid, w.finish()))
}
