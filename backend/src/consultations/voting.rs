//! The election itself (`server_single` end to end; the trustee source is pluggable, see
//! [`super::trustees`]): opening with credentials, casting with receipts, the public bulletin
//! board and `.bel` archive, closing with the encrypted tally, decryption and publication.
//!
//! Each state change is one transaction that first takes the consultation's row in its
//! expected status ([`repo::lock_in_status`] or a conditional status update), so concurrent
//! requests serialise on it: a ballot is on the board before the close, or refused.

use std::collections::HashMap;

use protocol::ErrorCode;
use protocol::api::Language;
use protocol::belenios::archive::ArchiveWriter;
use protocol::belenios::ballot::Ballot;
use protocol::belenios::credential;
use protocol::belenios::decryption::{ElectionResult, PartialDecryption, parse_encrypted_tally};
use protocol::belenios::election::{Election, ElectionContext, Question as BeleniosQuestion};
use protocol::belenios::elgamal::Ciphertext;
use protocol::belenios::group::{Elem, Group};
use protocol::belenios::rng::OsRandom;
use protocol::belenios::tally::last_ballots;
use protocol::belenios::trustees::{self, TrusteeKind};
use protocol::belenios::weight::Weight;
use protocol::breakdown::publishable_districts;
use protocol::consultations::{
    AnswerResult, BallotReceipt, Board, BoardBallot, ConsultationResults, ConsultationStatus,
    DistrictResult, ElectionDocument, QuestionResult, ReceiptCheck, Turnout,
};

use super::batches;
use super::mail::{self as bulk, Batches, To};
use super::receipts;
use super::seal::{BallotSeal, SealedBallot};
use super::trustees::TrusteeSource;
use crate::config::Settings;
use crate::db::{Db, Tx};
use crate::email::consultation_messages::{self as messages, About, format_time};
use crate::error::ApiError;
use crate::repo::ballot_pool as pool;
use crate::repo::consultations::{self as repo, BallotRow, Elector, Row, TallyRow};
use crate::repo::users::User;
use crate::repo::{audit, towns::Town};

/// What mails need: the domain of Message-IDs, the public address of the site and the pace
/// of bulk mail.
#[derive(Debug, Clone, Copy)]
pub struct MailCtx<'a> {
    pub mail_domain: &'a str,
    pub public_base: &'a str,
    pub batches: Batches,
}

impl MailCtx<'_> {
    pub(crate) fn link(&self, id: &str) -> String {
        format!("{}/consultations/{id}", self.public_base)
    }

    /// The voting page without a credential (the opening announcement).
    pub(crate) fn plain_vote_link(&self, id: &str) -> String {
        format!("{}/consultations/{id}/vote", self.public_base)
    }

    /// The voting page with the credential in the URL fragment, which browsers never send:
    /// the page fills the code field from it and the credential stays out of server logs.
    fn vote_link(&self, id: &str, credential: &str) -> String {
        format!(
            "{}/consultations/{id}/vote#credential={credential}",
            self.public_base
        )
    }
}

/// The owned values a [`MailCtx`] borrows, built once from the settings and the town whose
/// data the mails are about (its links use that town's public address).
#[derive(Debug, Clone)]
pub struct TownMail {
    mail_domain: String,
    public_base: String,
    batches: Batches,
}

impl TownMail {
    pub fn new(settings: &Settings, town: &Town) -> Self {
        Self {
            mail_domain: settings
                .public_url
                .host_str()
                .unwrap_or("localhost")
                .to_owned(),
            public_base: town.public_base(settings),
            batches: Batches::from(&settings.consultations),
        }
    }

    pub fn ctx(&self) -> MailCtx<'_> {
        MailCtx {
            mail_domain: &self.mail_domain,
            public_base: &self.public_base,
            batches: self.batches,
        }
    }
}

/// A counted ballot's weight and encrypted answers, as the tally takes them.
type WeightedBallot<'a> = (Weight, &'a Vec<Vec<Ciphertext>>);

pub(super) fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(anyhow::anyhow!("consultation: {e}"))
}

fn status_of(row: &Row) -> ConsultationStatus {
    ConsultationStatus::parse(&row.status).unwrap_or(ConsultationStatus::Draft)
}

pub(crate) fn language_of(language: Option<&str>) -> Language {
    language.and_then(Language::parse).unwrap_or_default()
}

pub(crate) fn title_in(row: &Row, lang: Language) -> &str {
    match lang {
        Language::Fr => &row.title_fr,
        Language::En => &row.title_en,
    }
}

async fn load(tx: &mut Tx, town: &Town, id: &str) -> Result<Row, ApiError> {
    repo::by_id(tx, &town.id, id)
        .await?
        .ok_or_else(ApiError::not_found)
}

/// A consultation anyone may look at (not a draft), or 404.
async fn load_public(tx: &mut Tx, town: &Town, id: &str) -> Result<Row, ApiError> {
    let row = load(tx, town, id).await?;
    if !status_of(&row).is_public() {
        return Err(ApiError::not_found());
    }
    Ok(row)
}

/// The election of an opened consultation; before the opening there is none (409).
async fn election_of(tx: &mut Tx, row: &Row) -> Result<repo::ElectionData, ApiError> {
    repo::election_data(tx, &row.id)
        .await?
        .ok_or_else(|| ApiError::code(ErrorCode::ConsultationNotOpen))
}

fn group_of(row: &Row) -> Result<&'static Group, ApiError> {
    Group::by_name(&row.group_name).map_err(internal)
}

/// The Belenios questions of the consultation. Belenios 2.0 elections carry one language:
/// Voix writes the French texts (the town's official language; the English texts stay in
/// Voix's own pages). A blank-allowed question gets `"blank":true` (its extra leading slot).
async fn belenios_questions(tx: &mut Tx, id: &str) -> Result<Vec<BeleniosQuestion>, ApiError> {
    Ok(repo::questions(tx, id)
        .await?
        .iter()
        .map(|q| {
            let q = q.to_wire();
            BeleniosQuestion {
                answers: q.answers.iter().map(|a| a.fr.clone()).collect(),
                blank: q.blank_allowed.then_some(true),
                min: q.min,
                max: q.max,
                question: q.text.fr,
            }
        })
        .collect())
}

/// The electorate at `now`: the uploaded list (with weights), or the verified residents (of
/// the chosen districts).
async fn electorate(
    tx: &mut Tx,
    town: &Town,
    row: &Row,
    now: i64,
) -> Result<Vec<Elector>, ApiError> {
    Ok(match row.eligibility.as_str() {
        "list" => repo::electors_from_list(tx, &town.id, &row.id).await?,
        "districts" => {
            let districts = repo::districts(tx, &row.id).await?;
            repo::electors_from_residency(tx, &town.id, now)
                .await?
                .into_iter()
                .filter(|e| e.district.as_ref().is_some_and(|d| districts.contains(d)))
                .collect()
        }
        _ => repo::electors_from_residency(tx, &town.id, now).await?,
    })
}

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
    mail: MailCtx<'_>,
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
    let (opens, closes) = (format_time(row.opens_at), format_time(row.closes_at));
    for (index, ((private, _), e)) in credentials.iter().zip(&electors).enumerate() {
        let link = mail.vote_link(id, private);
        let lang = language_of(e.language.as_deref());
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
            content
                .paragraphs
                .insert(at, bulk::opens_later_note(lang, &opens));
        }
        let to = To {
            address: &e.email,
            language: lang,
            user_id: e.user_id.as_deref(),
        };
        let due = mail.batches.due(now, index);
        bulk::enqueue_at(tx, town, to, &content, mail.mail_domain, now, due, true).await?;
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

fn ballot_box_open(row: &Row, now: i64) -> Result<(), ApiError> {
    if status_of(row) == ConsultationStatus::Open && row.opens_at <= now && now < row.closes_at {
        Ok(())
    } else {
        Err(ApiError::code(ErrorCode::ConsultationNotOpen))
    }
}

/// A receipt for `tracker`, signed now. Receipts are not stored: a stored signature would let
/// anyone find the exact time of the cast by trying each second against the public key. The
/// same ballot cast again gets a fresh receipt with the later time, which is just as true.
fn signed_receipt(
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
        super::contexts::prepared(&election_json)
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
async fn accepted_already(
    tx: &mut Tx,
    seal: &BallotSeal,
    id: &str,
    tracker: &str,
) -> Result<bool, ApiError> {
    Ok(pool::contains(tx, id, &seal.lookup(id, tracker)).await?
        || repo::on_board(tx, id, tracker).await?)
}

/// For each ballot of the board (casting order), whether it is its credential's last one.
fn counted_flags(ballots: &[BallotRow]) -> Vec<bool> {
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
fn credentials_json(mut creds: Vec<(String, i64)>) -> Result<String, ApiError> {
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
/// `closes_at` ([`super::closing::close_due`]), audited with no actor (the system) and refused
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
/// decryption: [`super::ceremony::decrypt`]).
pub async fn tally(
    tx: &mut Tx,
    town: &Town,
    staff: &User,
    id: &str,
    now: i64,
    mail: MailCtx<'_>,
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
    mail: MailCtx<'_>,
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
        bulk::enqueue_at(tx, town, to, &content, mail.mail_domain, now, due, false).await?;
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
fn combine(
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

/// The published result; before publication nobody sees anything (409).
pub async fn results(tx: &mut Tx, town: &Town, id: &str) -> Result<ConsultationResults, ApiError> {
    let row = load_public(tx, town, id).await?;
    if status_of(&row) != ConsultationStatus::Published {
        return Err(ApiError::code(ErrorCode::ResultsNotPublished));
    }
    let data = election_of(tx, &row).await?;
    let tally = repo::tally(tx, id)
        .await?
        .ok_or_else(|| internal("no tally"))?;
    let raw = tally.result.ok_or_else(|| internal("no result"))?;
    let questions: Vec<_> = repo::questions(tx, id)
        .await?
        .iter()
        .map(repo::QuestionRow::to_wire)
        .collect();
    let out = question_results(&questions, &raw)?;
    // The breakdown: only the decrypted district tallies (each had at least k counted
    // ballots at the close); the other districts are only counted.
    let district_tallies = repo::district_tallies(tx, id).await?;
    let tallied = u64::try_from(district_tallies.len()).unwrap_or(0);
    let mut breakdown = Vec::new();
    for (district, t) in district_tallies {
        if let Some(raw) = &t.result {
            breakdown.push(DistrictResult {
                district,
                voters: u64::try_from(t.num_tallied).unwrap_or(0),
                questions: question_results(&questions, raw)?,
            });
        }
    }
    let suppressed_districts = u64::try_from(repo::credential_district_count(tx, id).await?)
        .unwrap_or(0)
        .saturating_sub(tallied);
    let (electorate, electorate_weight) = repo::electorate(tx, id).await?;
    Ok(ConsultationResults {
        election_uuid: row.election_uuid.clone(),
        fingerprint: data.fingerprint,
        published_at: row.published_at.unwrap_or(0),
        questions: out,
        turnout: Turnout {
            electorate: u64::try_from(electorate).unwrap_or(0),
            electorate_weight: u64::try_from(electorate_weight).unwrap_or(0),
            voted: u64::try_from(tally.num_tallied).unwrap_or(0),
            voted_weight: u64::try_from(tally.total_weight).unwrap_or(0),
        },
        raw,
        breakdown,
        suppressed_districts,
    })
}

/// The counts of a Belenios result, question by question (the blank slot first when allowed).
fn question_results(
    questions: &[protocol::consultations::Question],
    raw: &str,
) -> Result<Vec<QuestionResult>, ApiError> {
    let parsed: ElectionResult = serde_json::from_str(raw).map_err(internal)?;
    let counts = parsed.counts();
    let mut out = Vec::with_capacity(questions.len());
    for (q, c) in questions.iter().zip(&counts) {
        let (blank, answers) = if q.blank_allowed {
            (c.first().copied(), c.get(1..).unwrap_or_default())
        } else {
            (None, c.as_slice())
        };
        out.push(QuestionResult {
            question: q.text.clone(),
            answers: q
                .answers
                .iter()
                .zip(answers)
                .map(|(a, n)| AnswerResult {
                    answer: a.clone(),
                    count: *n,
                })
                .collect(),
            blank,
        });
    }
    Ok(out)
}
