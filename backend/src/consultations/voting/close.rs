//! Closing with the encrypted tally, the trustees' decryptions and the publication of the result.

use super::*;

/// Closes the ballot box (open → closed) and computes the encrypted tally (spec "Tally"):
/// the last ballot of each credential, each ciphertext raised to the credential's weight,
/// multiplied question by question and answer by answer. The districts that
/// [`publishable_districts`] allows for `breakdown_min_voters` (each with at least k counted
/// ballots, and what they leave out of the whole either empty or at least k) get their own
/// encrypted tally (scope = the district, same computation on its credentials' last ballots);
/// the others get none, so nothing about them can ever be decrypted.
///
/// The one closing path, in the caller's transaction: `staff` closes from the route (also
/// before `closes_at`, audited as "closed early"); `None` is the maintenance job closing at
/// `closes_at` ([`crate::consultations::closing::close_due`]), audited with no actor (the system) and refused
/// (409 `invalid_transition`) before `closes_at`. The status moves first, by a conditional
/// update that takes the row exclusively: it waits for the casts holding it shared
/// ([`repo::lock_shared_in_status`]), so every accepted ballot is on the board it then
/// tallies; of two closers (a staff member and a node's job, or two nodes), the second
/// finds the row no longer `open` and gets 409 `invalid_transition`, so a consultation is
/// closed, tallied and audited once. It then waits for a publication in progress (another
/// node's batch) before publishing the last one.
pub async fn close(
    tx: &mut Tx,
    settings: &Settings,
    town: &Town,
    staff: Option<&User>,
    id: &str,
    now: i64,
) -> Result<(), ApiError> {
    let row = load(tx, town, id).await?;
    // `closes_at` is frozen with the set-up: reading it before the lock is enough.
    if staff.is_none() && now < row.closes_at {
        return Err(ApiError::code(ErrorCode::InvalidTransition));
    }
    if !repo::move_status(tx, &town.id, id, "open", "closed", now).await? {
        return Err(ApiError::code(ErrorCode::InvalidTransition));
    }
    // The last batch: every accepted ballot is on the board before the tally.
    pool::lock_publication(tx, id, true).await?;
    batches::publish_locked(tx, settings, &town.id, id, now).await?;
    let data = election_of(tx, &row).await?;
    let ballots = repo::ballots(tx, id, true).await?;
    let weights: HashMap<String, i64> = repo::credentials(tx, id).await?.into_iter().collect();
    let districts: HashMap<String, String> = repo::credential_districts(tx, id)
        .await?
        .into_iter()
        .filter_map(|(c, d)| d.map(|d| (c, d)))
        .collect();
    let min_voters = u64::try_from(row.breakdown_min_voters.max(1)).map_err(internal)?;
    let election_json = data.election_json.clone();
    let tallies =
        tokio::task::spawn_blocking(move || -> Result<Vec<(String, TallyRow)>, ApiError> {
            let ctx = ElectionContext::from_raw(&election_json).map_err(internal)?;
            let parsed: Vec<(Elem, Vec<Vec<Ciphertext>>)> = ballots
                .iter()
                .map(|b| {
                    let ballot: Ballot = serde_json::from_str(&b.ballot).map_err(internal)?;
                    Ok((
                        ballot.credential,
                        ballot.answers.into_iter().map(|a| a.choices).collect(),
                    ))
                })
                .collect::<Result<_, ApiError>>()?;
            let last = last_ballots(parsed.iter().map(|(c, cts)| (*c, cts)));
            let mut by_district: HashMap<&str, Vec<WeightedBallot<'_>>> = HashMap::new();
            let mut weighted = Vec::with_capacity(last.len());
            for (c, cts) in last {
                let c = c.to_string();
                let w = weights
                    .get(&c)
                    .and_then(|w| u64::try_from(*w).ok())
                    .ok_or_else(|| internal("ballot with an unknown credential"))?;
                if let Some(d) = districts.get(&c) {
                    by_district
                        .entry(d.as_str())
                        .or_default()
                        .push((Weight(w), cts));
                }
                weighted.push((Weight(w), cts));
            }
            let row_of = |ballots: &[WeightedBallot<'_>]| -> Result<TallyRow, ApiError> {
                let tally = ctx.compute_tally(ballots).map_err(internal)?;
                Ok(TallyRow {
                    encrypted_tally: tally.encrypted_tally_json().map_err(internal)?,
                    num_tallied: i64::try_from(tally.num_tallied).map_err(internal)?,
                    total_weight: i64::try_from(tally.total_weight.0).map_err(internal)?,
                    result: None,
                })
            };
            let mut tallies = vec![(String::new(), row_of(&weighted)?)];
            // Only districts whose tallies, with the whole one, let nobody derive the votes of
            // fewer than k voters (complements included): the others are never tallied apart.
            let mut counts: Vec<(&str, u64)> = by_district
                .iter()
                .map(|(d, ballots)| (*d, ballots.len() as u64))
                .collect();
            counts.sort_unstable();
            let in_districts: u64 = counts.iter().map(|(_, n)| n).sum();
            let unassigned = (weighted.len() as u64).saturating_sub(in_districts);
            for district in publishable_districts(&counts, unassigned, min_voters) {
                tallies.push((district.to_owned(), row_of(&by_district[district])?));
            }
            Ok(tallies)
        })
        .await
        .map_err(internal)??;
    for (scope, t) in &tallies {
        repo::insert_tally(tx, &town.id, id, scope, t, now).await?;
    }
    let tally = &tallies[0].1;
    let how = match staff {
        None => ", closed automatically at the closing time",
        Some(_) if now < row.closes_at => ", closed early",
        Some(_) => "",
    };
    audit::append(
        tx,
        &audit::NewEntry {
            town_id: &town.id,
            actor_id: staff.map(|s| s.id.as_str()),
            action: "consultation.close",
            target: id,
            reason: &format!("{} ballots counted{how}", tally.num_tallied),
        },
    )
    .await?;
    Ok(())
}

/// Decrypts the tally (closed → tallying → published when the partial decryptions suffice):
/// the server's own partial decryptions (spec "Partial decryptions": `α^x` with a
/// Chaum–Pedersen proof, verified like any other), stored; then, when the trustees' factors
/// combine, the result (spec "Election result": the small discrete logarithm of `β/F`) is
/// checked, stored and published, and every voter is told by email. Returns whether the
/// result is published (with officials, it is once `threshold` of them sent their partial
/// decryption: [`crate::consultations::ceremony::decrypt`]).
pub async fn tally(
    tx: &mut Tx,
    town: &Town,
    staff: &User,
    id: &str,
    now: i64,
    mail: &TownMail,
) -> Result<bool, ApiError> {
    let row = load(tx, town, id).await?;
    if !repo::move_status(tx, &town.id, id, "closed", "tallying", now).await? {
        return Err(ApiError::code(ErrorCode::InvalidTransition));
    }
    let data = election_of(tx, &row).await?;
    let tally_row = repo::tally(tx, id)
        .await?
        .ok_or_else(|| internal("closed without a tally"))?;
    let ctx = ElectionContext::from_raw(&data.election_json).map_err(internal)?;
    let encrypted = parse_encrypted_tally(&tally_row.encrypted_tally).map_err(internal)?;
    let source = TrusteeSource::of(&row);
    // The server's decryptions: the whole tally, then each district's (with officials there
    // are none here: each official sends the partial decryptions of every scope at once).
    let mut scopes = vec![(String::new(), encrypted)];
    for (district, t) in repo::district_tallies(tx, id).await? {
        scopes.push((
            district,
            parse_encrypted_tally(&t.encrypted_tally).map_err(internal)?,
        ));
    }
    for (scope, encrypted) in &scopes {
        for (owner, pd) in source
            .server_partial_decryptions(tx, id, &ctx, encrypted)
            .await?
        {
            let payload = serde_json::to_string(&pd).map_err(internal)?;
            repo::insert_partial_decryption(
                tx,
                &town.id,
                id,
                scope,
                i64::from(owner),
                &payload,
                None,
                now,
            )
            .await?;
        }
    }
    try_publish(tx, town, staff, &row, now, mail).await
}

/// In the caller's transaction, with the consultation `tallying`: verifies every stored
/// partial decryption and, when they combine (`threshold` of a Pedersen block, or the Single
/// trustee's), computes and checks the result, stores it, moves tallying → published, deletes
/// the server-held private key (`server_single`), mails every voter and writes the audit entry
/// (actor: who completed the decryption). Returns whether the result is published; before
/// that nothing is revealed to anyone.
pub(crate) async fn try_publish(
    tx: &mut Tx,
    town: &Town,
    actor: &User,
    row: &Row,
    now: i64,
    mail: &TownMail,
) -> Result<bool, ApiError> {
    let id = row.id.as_str();
    let data = election_of(tx, row).await?;
    let tally_row = repo::tally(tx, id)
        .await?
        .ok_or_else(|| internal("closed without a tally"))?;
    let ctx = ElectionContext::from_raw(&data.election_json).map_err(internal)?;
    let encrypted = parse_encrypted_tally(&tally_row.encrypted_tally).map_err(internal)?;
    let trustee_list = trustees::parse_trustees(&data.trustees_json).map_err(internal)?;
    let stored = repo::partial_decryptions(tx, id).await?;
    let total_weight = Weight(u64::try_from(tally_row.total_weight).map_err(internal)?);
    // The district tallies whose partial decryptions are stored (the server's, or the
    // officials', who decrypt every scope in one message).
    let mut districts = Vec::new();
    for (district, t) in repo::district_tallies(tx, id).await? {
        let stored = repo::scope_partial_decryptions(tx, id, &district).await?;
        if !stored.is_empty() {
            let weight = Weight(u64::try_from(t.total_weight).map_err(internal)?);
            districts.push((district, t.encrypted_tally, stored, weight));
        }
    }
    let (result, district_results) = tokio::task::spawn_blocking(move || {
        let Some(result) = combine(&ctx, &encrypted, &trustee_list, &stored, total_weight)? else {
            return Ok((None, Vec::new()));
        };
        let mut out = Vec::new();
        for (district, encrypted, stored, weight) in districts {
            let encrypted = parse_encrypted_tally(&encrypted).map_err(internal)?;
            if let Some(r) = combine(&ctx, &encrypted, &trustee_list, &stored, weight)? {
                out.push((district, r));
            }
        }
        Ok::<_, ApiError>((Some(result), out))
    })
    .await
    .map_err(internal)??;
    let Some(result) = result else {
        return Ok(false);
    };
    repo::set_result(tx, id, "", &result, now).await?;
    for (district, r) in &district_results {
        repo::set_result(tx, id, district, r, now).await?;
    }
    if !repo::move_status(tx, &town.id, id, "tallying", "published", now).await? {
        return Err(ApiError::code(ErrorCode::InvalidTransition));
    }
    // Every scope that will ever be decrypted (the whole tally and the district tallies, all
    // decrypted at once above) now is, and nothing after publication reads the server-held
    // key (results, archive and `voix verify` read only stored public data): delete it with
    // the publication, so the database no longer lets anyone decrypt individual ballots.
    // With officials there is none.
    repo::forget_server_private_key(tx, id).await?;
    let link = mail.link(id);
    for (index, v) in repo::voter_contacts(tx, id).await?.into_iter().enumerate() {
        let lang = language_of(v.language.as_deref());
        let about = About {
            lang,
            town: &town.name,
            name: v.display_name.as_deref().unwrap_or(""),
            title: title_in(row, lang),
            link: &link,
        };
        let to = To {
            address: &v.email,
            language: lang,
            user_id: v.user_id.as_deref(),
        };
        let content = messages::result_published(&about);
        let due = mail.batches.due(now, index);
        bulk::enqueue_at(tx, town, to, &content, &mail.mail_domain, now, due, false).await?;
    }
    audit::append(
        tx,
        &audit::NewEntry {
            town_id: &town.id,
            actor_id: Some(&actor.id),
            action: "consultation.publish",
            target: id,
            reason: &result,
        },
    )
    .await?;
    Ok(true)
}

/// Verifies every stored partial decryption against its trustee's key and, when they combine
/// (spec "Partial decryptions", FORMAT.md §5 Combination), returns the result JSON.
pub(super) fn combine(
    ctx: &ElectionContext,
    encrypted: &protocol::belenios::tally::EncryptedTally,
    trustee_list: &[TrusteeKind],
    stored: &[(i64, String)],
    total_weight: Weight,
) -> Result<Option<String>, ApiError> {
    let keys = trustees::flattened_keys(trustee_list);
    let mut pds: Vec<(u32, PartialDecryption)> = Vec::with_capacity(stored.len());
    for (owner, payload) in stored {
        let owner = u32::try_from(*owner).map_err(internal)?;
        let pd: PartialDecryption = serde_json::from_str(payload).map_err(internal)?;
        let key = usize::try_from(owner)
            .ok()
            .and_then(|o| o.checked_sub(1))
            .and_then(|i| keys.get(i))
            .ok_or_else(|| internal("partial decryption of an unknown trustee"))?;
        ctx.verify_partial_decryption(encrypted, key, &pd)
            .map_err(internal)?;
        pds.push((owner, pd));
    }
    let refs: Vec<(u32, &PartialDecryption)> = pds.iter().map(|(o, p)| (*o, p)).collect();
    let Ok(factors) = ctx.combine_partial_decryptions(encrypted, trustee_list, &refs) else {
        // Not enough decryptions yet.
        return Ok(None);
    };
    let result = ctx
        .compute_result(encrypted, &factors, total_weight)
        .map_err(internal)?;
    ctx.check_result(encrypted, &factors, &result)
        .map_err(internal)?;
    serde_json::to_string(&result).map(Some).map_err(internal)
}
