//! The officials' threshold key ceremony and their partial decryptions (`officials` trustees).
//!
//! Belenios' Pedersen protocol (spec "Public-key infrastructure", "Channels", "Polynomials",
//! "Vinputs", "Voutputs", "Threshold parameters", "Threshold decryption"; FORMAT.md §5;
//! `protocol::belenios::pedersen`) with the server as the election administrator:
//!
//! | step | who | stored (`consultation_ceremony_messages`) |
//! | --- | --- | --- |
//! | 1 | each key holder | `cert` at its position, its signature checked |
//! | 2 | the server | nothing: every certificate checked, none duplicated |
//! | 3 | each key holder | `polynomial`: signed coefexps of `threshold` elements, one encrypted share per key holder |
//! | 4 | the server, when all polynomials are in | `vinput` for each recipient |
//! | 5 | each key holder | `voutput`: `vk_j` with its proof, checked against every coefexps |
//! | 6 | the server, when all voutputs are in | `threshold` parameters at position 0 |
//!
//! Every message is verified on arrival, inside the transaction that stores it and holds the
//! consultation's row (`key_ceremony`), so concurrent messages serialise and the last one of
//! a step produces the server's step. A message that fails a check is refused with 422
//! `invalid_trustee_message` and the check named; a message for another step, or sent twice,
//! is 409 `trustee_step_mismatch`. Nothing is stored in either case. Seeds, private keys and
//! decrypted shares never come here: only what `belenios-tool` would publish, plus each key
//! holder's `.dkey` (its share encrypted to itself, inside its voutput).
//!
//! After the close, each key holder sends its partial decryption (spec "Partial decryptions":
//! `α^{x_j}` with a Chaum–Pedersen proof against `vk_j`) of the whole tally and of every
//! district tally (results by district), each verified on arrival against its scope; when
//! `threshold` of them are in, [`super::voting::try_publish`] combines them (Lagrange, spec
//! "Threshold decryption") and publishes, exactly as the server's own tally does.

use protocol::ErrorCode;
use protocol::belenios::channel::EncryptedMsg;
use protocol::belenios::decryption::{PartialDecryption, parse_encrypted_tally};
use protocol::belenios::election::ElectionContext;
use protocol::belenios::group::Group;
use protocol::belenios::pedersen::{self, Polynomial, Voutput};
use protocol::belenios::trustees::{
    self, CertKeys, RawCoefexps, SignedMsg, ThresholdParams, TrusteeKind, verify_signed_msg,
};
use protocol::belenios::{Error as CryptoError, ProofKind};
use protocol::consultations::{
    CeremonyState, CeremonyStep, CeremonyTrustee, ConsultationStatus, TrusteeConsultation,
    TrusteeMessage, TrusteeMode, TrusteeTask, TrusteeWork,
};
use protocol::requests::Localized;

use super::voting::{self, TownMail};
use crate::db::{Db, Tx};
use crate::error::ApiError;
use crate::repo::consultations::{self as repo, Row, TrusteeRow};
use crate::repo::users::User;
use crate::repo::{audit, towns::Town};

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(anyhow::anyhow!("ceremony: {e}"))
}

fn refused(e: impl std::fmt::Display) -> ApiError {
    ApiError::detail(ErrorCode::InvalidTrusteeMessage, e.to_string())
}

fn mismatch(detail: &str) -> ApiError {
    ApiError::detail(ErrorCode::TrusteeStepMismatch, detail)
}

fn status_of(row: &Row) -> ConsultationStatus {
    ConsultationStatus::parse(&row.status).unwrap_or(ConsultationStatus::Draft)
}

fn group_of(row: &Row) -> Result<&'static Group, ApiError> {
    Group::by_name(&row.group_name).map_err(internal)
}

fn to_u32(v: i64) -> u32 {
    u32::try_from(v).unwrap_or(0)
}

/// The consultation `id` of the town in `officials` mode and not a draft (404 otherwise:
/// drafts are staff business, and a server-held key has no ceremony).
async fn load(tx: &mut Tx, town: &Town, id: &str) -> Result<Row, ApiError> {
    let row = repo::by_id(tx, &town.id, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if !status_of(&row).is_public()
        || TrusteeMode::parse(&row.trustee_mode) != Some(TrusteeMode::Officials)
    {
        return Err(ApiError::not_found());
    }
    Ok(row)
}

/// The officials of the consultation, in position order (1..n).
async fn officials(tx: &mut Tx, id: &str) -> Result<Vec<TrusteeRow>, ApiError> {
    let rows: Vec<TrusteeRow> = repo::trustees(tx, id)
        .await?
        .into_iter()
        .filter(|t| t.kind == "official")
        .collect();
    if rows
        .iter()
        .enumerate()
        .any(|(i, t)| t.position != i as i64 + 1)
    {
        return Err(internal("trustee positions are not 1..n"));
    }
    Ok(rows)
}

/// The signed-in account's position among the key holders, or 403 `not_trustee`.
fn position_of(list: &[TrusteeRow], user: &User) -> Result<i64, ApiError> {
    list.iter()
        .find(|t| t.user_id.as_deref() == Some(user.id.as_str()))
        .map(|t| t.position)
        .ok_or_else(|| ApiError::code(ErrorCode::NotTrustee))
}

/// Which ceremony messages exist: by step, the positions that sent theirs.
#[derive(Debug, Default)]
struct Progress {
    certs: Vec<i64>,
    polynomials: Vec<i64>,
    voutputs: Vec<i64>,
    done: bool,
}

impl Progress {
    async fn load(tx: &mut Tx, id: &str) -> Result<Self, ApiError> {
        let mut p = Self::default();
        for (step, position) in repo::ceremony_progress(tx, id).await? {
            match step {
                1 => p.certs.push(position),
                3 => p.polynomials.push(position),
                5 => p.voutputs.push(position),
                6 => p.done = true,
                _ => {}
            }
        }
        Ok(p)
    }

    fn step(&self, n: usize) -> CeremonyStep {
        if self.done {
            CeremonyStep::Done
        } else if self.certs.len() < n {
            CeremonyStep::Certificates
        } else if self.polynomials.len() < n {
            CeremonyStep::Polynomials
        } else {
            CeremonyStep::Voutputs
        }
    }

    /// The positions that sent their message of `step`.
    fn posted(&self, step: CeremonyStep) -> &[i64] {
        match step {
            CeremonyStep::Certificates => &self.certs,
            CeremonyStep::Polynomials => &self.polynomials,
            CeremonyStep::Voutputs => &self.voutputs,
            CeremonyStep::Done => &[],
        }
    }
}

/// What the key holder at `position` has to do now.
fn task_of(
    status: ConsultationStatus,
    step: CeremonyStep,
    posted: &[i64],
    decrypted: &[i64],
    position: i64,
) -> TrusteeTask {
    match status {
        ConsultationStatus::KeyCeremony => {
            let pending = !posted.contains(&position);
            match step {
                CeremonyStep::Certificates if pending => TrusteeTask::Certificate,
                CeremonyStep::Polynomials if pending => TrusteeTask::Polynomial,
                CeremonyStep::Voutputs if pending => TrusteeTask::Voutput,
                CeremonyStep::Done => TrusteeTask::Done,
                _ => TrusteeTask::Wait,
            }
        }
        ConsultationStatus::Closed | ConsultationStatus::Tallying => {
            if decrypted.contains(&position) {
                TrusteeTask::Done
            } else {
                TrusteeTask::Decrypt
            }
        }
        ConsultationStatus::Published => TrusteeTask::Done,
        ConsultationStatus::Draft | ConsultationStatus::Open => TrusteeTask::Wait,
    }
}

/// `GET …/ceremony`: the progress, for staff and the consultation's key holders.
pub async fn state(
    tx: &mut Tx,
    town: &Town,
    reader: &User,
    id: &str,
) -> Result<CeremonyState, ApiError> {
    let row = load(tx, town, id).await?;
    let list = officials(tx, id).await?;
    if !reader.role().is_staff() {
        position_of(&list, reader)?;
    }
    let progress = Progress::load(tx, id).await?;
    let step = progress.step(list.len());
    let decrypted = repo::partial_decryption_owners(tx, id).await?;
    Ok(CeremonyState {
        id: row.id.clone(),
        status: status_of(&row),
        step,
        threshold: row.threshold.map(to_u32).unwrap_or(0),
        trustees: list
            .iter()
            .map(|t| CeremonyTrustee {
                position: to_u32(t.position),
                display_name: t.display_name.clone(),
                posted: progress.posted(step).contains(&t.position),
                decrypted: decrypted.contains(&t.position),
            })
            .collect(),
        decryptions: u32::try_from(decrypted.len()).unwrap_or(u32::MAX),
    })
}

/// `GET /trustee/consultations`: the signed-in official's consultations with its task.
pub async fn my_consultations(
    tx: &mut Tx,
    town: &Town,
    user: &User,
) -> Result<Vec<TrusteeConsultation>, ApiError> {
    let mut out = Vec::new();
    for (id, position) in repo::trustee_positions(tx, &town.id, &user.id).await? {
        let Some(row) = repo::by_id(tx, &town.id, &id).await? else {
            continue;
        };
        let n = officials(tx, &id).await?.len();
        let progress = Progress::load(tx, &id).await?;
        let step = progress.step(n);
        let decrypted = repo::partial_decryption_owners(tx, &id).await?;
        out.push(TrusteeConsultation {
            id: row.id.clone(),
            title: Localized {
                fr: row.title_fr.clone(),
                en: row.title_en.clone(),
            },
            status: status_of(&row),
            position: to_u32(position),
            task: task_of(
                status_of(&row),
                step,
                progress.posted(step),
                &decrypted,
                position,
            ),
        });
    }
    Ok(out)
}

/// The stored certificates, in position order.
async fn stored_certs(tx: &mut Tx, id: &str) -> Result<Vec<String>, ApiError> {
    Ok(repo::ceremony_messages(tx, id, "cert")
        .await?
        .into_iter()
        .map(|(_, p)| p)
        .collect())
}

async fn stored_payload(
    tx: &mut Tx,
    id: &str,
    kind: &str,
    position: i64,
) -> Result<Option<String>, ApiError> {
    Ok(repo::ceremony_messages(tx, id, kind)
        .await?
        .into_iter()
        .find(|(p, _)| *p == position)
        .map(|(_, payload)| payload))
}

/// `GET /trustee/consultations/{id}`: the signed-in key holder's task and its inputs.
pub async fn work(
    tx: &mut Tx,
    town: &Town,
    user: &User,
    id: &str,
) -> Result<TrusteeWork, ApiError> {
    let row = load(tx, town, id).await?;
    let list = officials(tx, id).await?;
    let position = position_of(&list, user)?;
    let n = list.len();
    let progress = Progress::load(tx, id).await?;
    let step = progress.step(n);
    let decrypted = repo::partial_decryption_owners(tx, id).await?;
    let status = status_of(&row);
    let task = task_of(status, step, progress.posted(step), &decrypted, position);
    let mut work = TrusteeWork {
        consultation_id: row.id.clone(),
        election_uuid: row.election_uuid.clone(),
        title: Localized {
            fr: row.title_fr.clone(),
            en: row.title_en.clone(),
        },
        status,
        position: to_u32(position),
        trustees: u32::try_from(n).unwrap_or(u32::MAX),
        threshold: row.threshold.map(to_u32).unwrap_or(0),
        group: row.group_name.clone(),
        task,
        certs: Vec::new(),
        vinput: None,
        election: None,
        encrypted_tally: None,
        dkey: None,
        district_tallies: Default::default(),
    };
    if progress.certs.len() == n {
        work.certs = stored_certs(tx, id).await?;
    }
    match task {
        TrusteeTask::Voutput => {
            work.vinput = stored_payload(tx, id, "vinput", position).await?;
        }
        TrusteeTask::Decrypt => {
            let data = repo::election_data(tx, id)
                .await?
                .ok_or_else(|| internal("closed without an election"))?;
            let tally = repo::tally(tx, id)
                .await?
                .ok_or_else(|| internal("closed without a tally"))?;
            let voutput = stored_payload(tx, id, "voutput", position)
                .await?
                .ok_or_else(|| internal("no voutput"))?;
            let voutput: Voutput = serde_json::from_str(&voutput).map_err(internal)?;
            work.election = Some(data.election_json);
            work.encrypted_tally = Some(tally.encrypted_tally);
            work.dkey = Some(voutput.private_key);
            work.district_tallies = repo::district_tallies(tx, id)
                .await?
                .into_iter()
                .map(|(district, t)| (district, t.encrypted_tally))
                .collect();
        }
        _ => {}
    }
    Ok(work)
}

fn check_uuid(row: &Row, msg: &TrusteeMessage) -> Result<(), ApiError> {
    if msg.election_uuid != row.election_uuid {
        return Err(refused(
            "this message is for another consultation (election uuid)",
        ));
    }
    Ok(())
}

fn parse_certs(raw: &[String]) -> Result<Vec<SignedMsg>, ApiError> {
    raw.iter()
        .map(|c| serde_json::from_str(c).map_err(internal))
        .collect()
}

/// Checks that an encrypted channel message is well-formed, made of group elements.
fn check_encrypted(group: &Group, raw: &str, what: &str) -> Result<(), CryptoError> {
    let m = EncryptedMsg::parse(raw)?;
    group.check_element(&m.alpha, "encrypted message alpha")?;
    group.check_element(&m.beta, "encrypted message beta")?;
    if m.data.is_empty() || !m.data.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(CryptoError::Invalid(format!("{what}: data is not hex")));
    }
    Ok(())
}

/// Step 1 check: a certificate with a valid signature whose keys no other key holder uses.
fn verify_certificate(
    group: &Group,
    payload: &str,
    others: &[SignedMsg],
) -> Result<String, CryptoError> {
    let cert: SignedMsg = serde_json::from_str(payload)
        .map_err(|e| CryptoError::Invalid(format!("not a certificate: {e}")))?;
    let keys = pedersen::check_certificate(group, &cert)?;
    for other in others {
        let theirs: CertKeys = serde_json::from_str(&other.message)
            .map_err(|e| CryptoError::Invalid(format!("stored certificate: {e}")))?;
        if theirs.verification == keys.verification || theirs.encryption == keys.encryption {
            return Err(CryptoError::Invalid(
                "another key holder already sent this certificate".into(),
            ));
        }
    }
    pedersen::to_json(&cert, "certificate")
}

/// Step 3 check: the coefexps are signed by the sender's certificate key and have
/// `threshold` group elements; there is one well-formed encrypted share per key holder.
fn verify_polynomial(
    group: &Group,
    payload: &str,
    certs: &[SignedMsg],
    index: usize,
    threshold: usize,
) -> Result<String, CryptoError> {
    let p: Polynomial = serde_json::from_str(payload)
        .map_err(|e| CryptoError::Invalid(format!("not a polynomial: {e}")))?;
    let keys = pedersen::step2(group, certs)?;
    let mine = keys
        .get(index)
        .ok_or_else(|| CryptoError::Invalid("no certificate at this position".into()))?;
    if p.secrets.len() != keys.len() {
        return Err(CryptoError::Invalid(format!(
            "{} encrypted shares for {} key holders",
            p.secrets.len(),
            keys.len()
        )));
    }
    verify_signed_msg(
        group,
        &mine.verification,
        &p.coefexps,
        ProofKind::CoefexpsSignature,
    )?;
    let coefexps: RawCoefexps = serde_json::from_str(&p.coefexps.message)
        .map_err(|e| CryptoError::Invalid(format!("coefexps: {e}")))?;
    if coefexps.coefexps.len() != threshold {
        return Err(CryptoError::Invalid(format!(
            "{} coefexps for a threshold of {threshold}",
            coefexps.coefexps.len()
        )));
    }
    for c in &coefexps.coefexps {
        group.check_element(c, "coefexp")?;
    }
    check_encrypted(group, &p.polynomial, "polynomial")?;
    for s in &p.secrets {
        check_encrypted(group, s, "share")?;
    }
    pedersen::to_json(&p, "polynomial")
}

/// Step 5 check: the proof of knowledge of `x_j` and `vk_j = Π_i Π_k coefexps[i][k]^(j^k)`;
/// the encrypted `.dkey` is well-formed.
fn verify_voutput(
    group: &Group,
    payload: &str,
    certs: &[SignedMsg],
    index: usize,
    polynomials: &[Polynomial],
) -> Result<String, CryptoError> {
    let v: Voutput = serde_json::from_str(payload)
        .map_err(|e| CryptoError::Invalid(format!("not a voutput: {e}")))?;
    check_encrypted(group, &v.private_key, "private key")?;
    pedersen::check_voutput(group, certs, index, polynomials, &v)?;
    pedersen::to_json(&v, "voutput")
}

/// The account's position, for a message of `kind` now: the consultation is in the key
/// ceremony at that step and the key holder has not sent it yet.
fn expect_step(
    row: &Row,
    kind: TrusteeTask,
    step: CeremonyStep,
    posted: &[i64],
    position: i64,
) -> Result<(), ApiError> {
    if status_of(row) != ConsultationStatus::KeyCeremony {
        return Err(mismatch("the key ceremony is over"));
    }
    let expected = match step {
        CeremonyStep::Certificates => TrusteeTask::Certificate,
        CeremonyStep::Polynomials => TrusteeTask::Polynomial,
        CeremonyStep::Voutputs => TrusteeTask::Voutput,
        CeremonyStep::Done => return Err(mismatch("the key ceremony is over")),
    };
    if kind != expected {
        return Err(mismatch("another step of the key ceremony is under way"));
    }
    if posted.contains(&position) {
        return Err(mismatch("you already sent this step's message"));
    }
    Ok(())
}

fn audit_action(kind: TrusteeTask) -> &'static str {
    match kind {
        TrusteeTask::Certificate => "consultation.trustee_certificate",
        TrusteeTask::Polynomial => "consultation.trustee_polynomial",
        TrusteeTask::Voutput => "consultation.trustee_voutput",
        _ => "consultation.trustee_decryption",
    }
}

/// `POST /trustee/consultations/{id}/ceremony`: verifies and stores the key holder's message
/// of the current step; the last message of step 3 makes the server's vinputs (step 4), the
/// last of step 5 the threshold parameters (step 6), after which the consultation can open.
pub async fn submit(
    db: &Db,
    town: &Town,
    user: &User,
    id: &str,
    msg: TrusteeMessage,
) -> Result<TrusteeWork, ApiError> {
    let mut tx = db.begin().await?;
    let row = load(&mut tx, town, id).await?;
    let list = officials(&mut tx, id).await?;
    let position = position_of(&list, user)?;
    if !matches!(
        msg.kind,
        TrusteeTask::Certificate | TrusteeTask::Polynomial | TrusteeTask::Voutput
    ) {
        return Err(refused("not a key-ceremony message"));
    }
    check_uuid(&row, &msg)?;
    if !repo::lock_in_status(&mut tx, &town.id, id, "key_ceremony").await? {
        return Err(mismatch("the key ceremony is over"));
    }
    let n = list.len();
    let progress = Progress::load(&mut tx, id).await?;
    let step = progress.step(n);
    expect_step(&row, msg.kind, step, progress.posted(step), position)?;
    let group = group_of(&row)?;
    let index = usize::try_from(position - 1).map_err(internal)?;
    let threshold = usize::try_from(row.threshold.unwrap_or(0)).map_err(internal)?;
    let now = crate::time::now();

    let (db_step, kind) = match msg.kind {
        TrusteeTask::Certificate => (1, "cert"),
        TrusteeTask::Polynomial => (3, "polynomial"),
        _ => (5, "voutput"),
    };
    let certs = parse_certs(&stored_certs(&mut tx, id).await?)?;
    let polynomials: Vec<Polynomial> = repo::ceremony_messages(&mut tx, id, "polynomial")
        .await?
        .iter()
        .map(|(_, p)| serde_json::from_str(p).map_err(internal))
        .collect::<Result<_, _>>()?;
    let payload = msg.payload;
    let kind_task = msg.kind;
    let checked_certs = certs.clone();
    let checked = tokio::task::spawn_blocking(move || match kind_task {
        TrusteeTask::Certificate => verify_certificate(group, &payload, &checked_certs),
        TrusteeTask::Polynomial => {
            verify_polynomial(group, &payload, &checked_certs, index, threshold)
        }
        _ => verify_voutput(group, &payload, &checked_certs, index, &polynomials),
    })
    .await
    .map_err(internal)?
    .map_err(refused)?;
    repo::insert_ceremony_message(
        &mut tx,
        &town.id,
        id,
        db_step,
        position,
        kind,
        &checked,
        Some(&user.id),
        now,
    )
    .await?;
    audit::append(
        &mut tx,
        &audit::NewEntry {
            town_id: &town.id,
            actor_id: Some(&user.id),
            action: audit_action(kind_task),
            target: id,
            reason: &format!("key holder {position}"),
        },
    )
    .await?;
    if progress.posted(step).len() + 1 == n {
        server_step(&mut tx, town, user, &row, kind_task, group, now).await?;
    }
    tx.commit().await?;
    let mut tx = db.read().await?;
    work(&mut tx, town, user, id).await
}

/// The server's steps once every key holder sent its message: after the polynomials, the
/// vinputs (step 4, `pedersen::step4`); after the voutputs, the threshold parameters (step 6,
/// `pedersen::step6`, which checks every voutput again).
async fn server_step(
    tx: &mut Tx,
    town: &Town,
    user: &User,
    row: &Row,
    completed: TrusteeTask,
    group: &'static Group,
    now: i64,
) -> Result<(), ApiError> {
    let id = row.id.as_str();
    let certs = parse_certs(&stored_certs(tx, id).await?)?;
    let polynomials: Vec<Polynomial> = repo::ceremony_messages(tx, id, "polynomial")
        .await?
        .iter()
        .map(|(_, p)| serde_json::from_str(p).map_err(internal))
        .collect::<Result<_, _>>()?;
    match completed {
        TrusteeTask::Certificate => {
            // Step 2: every certificate checks and none is duplicated (checked on arrival).
            tokio::task::spawn_blocking(move || pedersen::step2(group, &certs))
                .await
                .map_err(internal)?
                .map_err(internal)?;
        }
        TrusteeTask::Polynomial => {
            let vinputs =
                tokio::task::spawn_blocking(move || pedersen::step4(group, &certs, &polynomials))
                    .await
                    .map_err(internal)?
                    .map_err(refused)?;
            for (j, v) in vinputs.iter().enumerate() {
                let payload = pedersen::to_json(v, "vinput").map_err(internal)?;
                repo::insert_ceremony_message(
                    tx,
                    &town.id,
                    id,
                    4,
                    i64::try_from(j + 1).map_err(internal)?,
                    "vinput",
                    &payload,
                    None,
                    now,
                )
                .await?;
            }
        }
        _ => {
            let voutputs: Vec<Voutput> = repo::ceremony_messages(tx, id, "voutput")
                .await?
                .iter()
                .map(|(_, p)| serde_json::from_str(p).map_err(internal))
                .collect::<Result<_, _>>()?;
            let params: ThresholdParams = tokio::task::spawn_blocking(move || {
                let params = pedersen::step6(group, &certs, &polynomials, &voutputs)?;
                trustees::check_trustees(group, &[TrusteeKind::Pedersen(params.clone())])?;
                Ok::<_, CryptoError>(params)
            })
            .await
            .map_err(internal)?
            .map_err(refused)?;
            let payload = pedersen::to_json(&params, "threshold").map_err(internal)?;
            repo::insert_ceremony_message(tx, &town.id, id, 6, 0, "threshold", &payload, None, now)
                .await?;
            audit::append(
                tx,
                &audit::NewEntry {
                    town_id: &town.id,
                    actor_id: Some(&user.id),
                    action: "consultation.ceremony_done",
                    target: id,
                    reason: &row.title_fr,
                },
            )
            .await?;
        }
    }
    Ok(())
}

/// `POST /trustee/consultations/{id}/decryption`: verifies the key holder's partial
/// decryption of the tally against its verification key `vk_j` (spec "Partial
/// decryptions"), stores it (the first one moves closed → tallying) and, when `threshold`
/// are in, publishes the result ([`voting::try_publish`]).
pub async fn decrypt(
    db: &Db,
    town: &Town,
    user: &User,
    id: &str,
    msg: TrusteeMessage,
    mail: &TownMail,
) -> Result<TrusteeWork, ApiError> {
    let mut tx = db.begin().await?;
    let row = load(&mut tx, town, id).await?;
    let list = officials(&mut tx, id).await?;
    let position = position_of(&list, user)?;
    if msg.kind != TrusteeTask::Decrypt {
        return Err(refused("not a partial decryption"));
    }
    check_uuid(&row, &msg)?;
    let now = crate::time::now();
    let moved = repo::move_status(&mut tx, &town.id, id, "closed", "tallying", now).await?;
    if !moved && !repo::lock_in_status(&mut tx, &town.id, id, "tallying").await? {
        return Err(mismatch("the tally is not awaiting decryption"));
    }
    if repo::partial_decryption_owners(&mut tx, id)
        .await?
        .contains(&position)
    {
        return Err(mismatch("you already sent your partial decryption"));
    }
    let data = repo::election_data(&mut tx, id)
        .await?
        .ok_or_else(|| internal("closed without an election"))?;
    let tally = repo::tally(&mut tx, id)
        .await?
        .ok_or_else(|| internal("closed without a tally"))?;
    let districts = repo::district_tallies(&mut tx, id).await?;
    let owner = u32::try_from(position).map_err(internal)?;
    let payload = msg.payload;
    let mut scoped = msg.scopes;
    // One partial decryption per district tally, no more, no fewer.
    if scoped.len() != districts.len() || districts.iter().any(|(d, _)| !scoped.contains_key(d)) {
        return Err(refused(
            "the partial decryptions of the district tallies do not match the task",
        ));
    }
    let mut scopes = vec![(String::new(), tally.encrypted_tally, payload)];
    for (district, t) in districts {
        let pd = scoped.remove(&district).unwrap_or_default();
        scopes.push((district, t.encrypted_tally, pd));
    }
    let checked =
        tokio::task::spawn_blocking(move || -> Result<Vec<(String, String)>, ApiError> {
            let ctx = ElectionContext::from_raw(&data.election_json).map_err(internal)?;
            let list = trustees::parse_trustees(&data.trustees_json).map_err(internal)?;
            let keys = trustees::flattened_keys(&list);
            let key = usize::try_from(owner)
                .ok()
                .and_then(|o| o.checked_sub(1))
                .and_then(|i| keys.get(i))
                .ok_or_else(|| internal("no verification key for this key holder"))?;
            let mut out = Vec::with_capacity(scopes.len());
            for (scope, encrypted, payload) in scopes {
                let encrypted = parse_encrypted_tally(&encrypted).map_err(internal)?;
                let what = if scope.is_empty() {
                    String::new()
                } else {
                    format!(" (district {scope})")
                };
                let pd: PartialDecryption = serde_json::from_str(&payload)
                    .map_err(|e| refused(format!("not a partial decryption{what}: {e}")))?;
                ctx.verify_partial_decryption(&encrypted, key, &pd)
                    .map_err(|e| refused(format!("{e}{what}")))?;
                out.push((scope, serde_json::to_string(&pd).map_err(internal)?));
            }
            Ok(out)
        })
        .await
        .map_err(internal)??;
    for (scope, checked) in &checked {
        repo::insert_partial_decryption(
            &mut tx,
            &town.id,
            id,
            scope,
            position,
            checked,
            Some(&user.id),
            now,
        )
        .await?;
    }
    audit::append(
        &mut tx,
        &audit::NewEntry {
            town_id: &town.id,
            actor_id: Some(&user.id),
            action: audit_action(TrusteeTask::Decrypt),
            target: id,
            reason: &format!("key holder {position}"),
        },
    )
    .await?;
    let row = repo::by_id(&mut tx, &town.id, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    voting::try_publish(&mut tx, town, user, &row, now, mail).await?;
    tx.commit().await?;
    let mut tx = db.read().await?;
    work(&mut tx, town, user, id).await
}
