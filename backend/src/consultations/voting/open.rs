//! Opening: the electorate's credentials, the election's parameters, the voters' mails.

use super::*;

/// Opens the ballot box (key_ceremony → open), in the caller's transaction:
///
/// 1. the trustees' public keys give the election key (spec "Trustees"; for `server_single`
///    the server's Single key is generated now);
/// 2. the Belenios election JSON is written once (spec "Elections": version 1, the group, the
///    key, the questions in French, the uuid fixed at creation) with its fingerprint
///    φ = B64(SHA256(election));
/// 3. the electorate is fixed in `consultation_voters`; each voter gets a fresh private
///    credential (spec "Credentials": 14 random base58 digits and a checksum), mailed through
///    the outbox as a private message; only the public credential `g^s` (with the weight) is
///    stored, in `consultation_credentials`, inserted in sorted order so nothing pairs it with
///    a voter;
/// 4. the town's receipt key is named.
pub async fn open(
    tx: &mut Tx,
    town: &Town,
    staff: &User,
    id: &str,
    now: i64,
    mail: &TownMail,
) -> Result<(), ApiError> {
    let row = load(tx, town, id).await?;
    if status_of(&row) != ConsultationStatus::KeyCeremony
        || !repo::lock_in_status(tx, &town.id, id, "key_ceremony").await?
    {
        return Err(ApiError::code(ErrorCode::InvalidTransition));
    }
    if row.closes_at <= now {
        return Err(ApiError::detail_field(
            ErrorCode::Validation,
            "closes_at",
            "the closing time has passed",
        ));
    }
    let group = group_of(&row)?;
    let trustee_list = TrusteeSource::of(&row)
        .public_trustees(tx, &row, group, now)
        .await?;
    let public_key = trustees::combine_keys(group, &trustee_list).map_err(internal)?;
    let questions = belenios_questions(tx, id).await?;
    let params = Election::params_for(
        group,
        &row.election_uuid,
        &row.title_fr,
        &row.description_fr,
        public_key,
        &questions,
    )
    .map_err(internal)?;
    let election = Election::from_params(&params).map_err(internal)?;

    let electors = electorate(tx, town, &row, now).await?;
    if electors.is_empty() {
        return Err(ApiError::detail_field(
            ErrorCode::Validation,
            "eligibility",
            "nobody is eligible",
        ));
    }
    // PBKDF2 and a modular exponentiation per voter: off the async threads.
    let uuid = row.election_uuid.clone();
    let count = electors.len();
    let credentials = tokio::task::spawn_blocking(move || {
        (0..count)
            .map(|_| {
                let private = credential::generate(&mut OsRandom)?;
                let public = credential::public_credential(group, &uuid, &private).to_string();
                Ok((private, public))
            })
            .collect::<Result<Vec<_>, protocol::belenios::Error>>()
    })
    .await
    .map_err(internal)?
    .map_err(internal)?;

    repo::insert_voters(tx, &town.id, id, &electors, now).await?;
    // A credential keeps its voter's district (residency eligibilities; none for a list):
    // the breakdown by district tallies the credentials of each district.
    let mut public: Vec<(String, i64, Option<String>)> = credentials
        .iter()
        .zip(&electors)
        .map(|((_, public), e)| (public.clone(), e.weight, e.district.clone()))
        .collect();
    public.sort();
    repo::insert_credentials(tx, &town.id, id, &public).await?;

    // Opened before `opens_at`: the credential mail says when voting opens, and the
    // maintenance job announces the opening then (`announced_at` stays empty until it does).
    // Opened at or after `opens_at`: the credential mail is the announcement.
    let early = now < row.opens_at;
    if !early {
        repo::mark_announced(tx, id, now).await?;
    }
    for (index, ((private, _), e)) in credentials.iter().zip(&electors).enumerate() {
        let link = mail.vote_link(id, private);
        let lang = language_of(e.language.as_deref());
        let opens = mail_time::format(row.opens_at, lang, &town.time_zone);
        let closes = mail_time::format(row.closes_at, lang, &town.time_zone);
        let about = About {
            lang,
            town: &town.name,
            name: e.display_name.as_deref().unwrap_or(""),
            title: title_in(&row, lang),
            link: &link,
        };
        let mut content = messages::credential(
            &about,
            private,
            &opens,
            &closes,
            &row.election_uuid,
            election.fingerprint(),
        );
        if early {
            let at = content.paragraphs.len().min(1);
            content.paragraphs.insert(
                at,
                crate::email::consultation_messages::opens_later_note(lang, &opens),
            );
        }
        let to = To {
            address: &e.email,
            language: lang,
            user_id: e.user_id.as_deref(),
        };
        let due = mail.batches.due(now, index);
        bulk::enqueue_at(tx, town, to, &content, &mail.mail_domain, now, due, true).await?;
    }
    drop(credentials);

    let key = receipts::ensure_town_key(tx, &town.id, now).await?;
    let data = repo::ElectionData {
        election_json: election.raw().to_owned(),
        trustees_json: trustees::trustees_to_string(&trustee_list).map_err(internal)?,
        fingerprint: election.fingerprint().to_owned(),
        receipt_key_id: key.id,
    };
    if !repo::mark_open(tx, &town.id, id, &data, now).await? {
        return Err(ApiError::code(ErrorCode::InvalidTransition));
    }
    audit::append(
        tx,
        &audit::NewEntry {
            town_id: &town.id,
            actor_id: Some(&staff.id),
            action: "consultation.open",
            target: id,
            reason: &format!("{count} voters, fingerprint {}", election.fingerprint()),
        },
    )
    .await?;
    Ok(())
}
