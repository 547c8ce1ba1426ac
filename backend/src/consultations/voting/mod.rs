//! The election itself (`server_single` end to end; the trustee source is pluggable, see
//! [`super::trustees`]): opening with credentials, casting with receipts, the public bulletin
//! board and `.bel` archive, closing with the encrypted tally, decryption and publication.
//!
//! Each state change is one transaction that first takes the consultation's row in its
//! expected status ([`repo::lock_in_status`] or a conditional status update), so concurrent
//! requests serialise on it: a ballot is on the board before the close, or refused.

mod board;
mod cast;
mod close;
mod open;
mod results;

pub use board::*;
pub use cast::*;
pub use close::*;
pub use open::*;
pub use results::*;

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
use crate::email::consultation_messages::{self as messages, About};
use crate::email::time as mail_time;
use crate::error::ApiError;
use crate::repo::ballot_pool as pool;
use crate::repo::consultations::{self as repo, BallotRow, Elector, Row, TallyRow};
use crate::repo::users::User;
use crate::repo::{audit, towns::Town};

/// What the mails of a consultation need, built once from the settings and the town whose data
/// they are about: the domain of Message-IDs, the town's public address (every link of its
/// mails uses it) and the pace of bulk mail.
#[derive(Debug, Clone)]
pub struct TownMail {
    pub(crate) mail_domain: String,
    pub(crate) public_base: String,
    pub(crate) batches: Batches,
}

impl TownMail {
    pub fn new(settings: &Settings, town: &Town) -> Self {
        Self {
            mail_domain: settings.mail_domain().to_owned(),
            public_base: town.public_base(settings),
            batches: Batches::from(&settings.consultations),
        }
    }

    pub(crate) fn link(&self, id: &str) -> String {
        format!("{}/consultations/{id}", self.public_base)
    }

    /// The voting page without a credential (the opening announcement).
    pub(crate) fn plain_vote_link(&self, id: &str) -> String {
        format!("{}/consultations/{id}/vote", self.public_base)
    }

    /// The voting page with the credential in the URL fragment, which browsers never send:
    /// the page fills the code field from it and the credential stays out of server logs.
    pub(crate) fn vote_link(&self, id: &str, credential: &str) -> String {
        format!(
            "{}/consultations/{id}/vote#credential={credential}",
            self.public_base
        )
    }
}

/// A counted ballot's weight and encrypted answers, as the tally takes them.
pub(super) type WeightedBallot<'a> = (Weight, &'a Vec<Vec<Ciphertext>>);

pub(super) fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(anyhow::anyhow!("consultation: {e}"))
}

pub(super) fn status_of(row: &Row) -> ConsultationStatus {
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

pub(super) async fn load(tx: &mut Tx, town: &Town, id: &str) -> Result<Row, ApiError> {
    repo::by_id(tx, &town.id, id)
        .await?
        .ok_or_else(ApiError::not_found)
}

/// A consultation anyone may look at (not a draft), or 404.
pub(super) async fn load_public(tx: &mut Tx, town: &Town, id: &str) -> Result<Row, ApiError> {
    let row = load(tx, town, id).await?;
    if !status_of(&row).is_public() {
        return Err(ApiError::not_found());
    }
    Ok(row)
}

/// The election of an opened consultation; before the opening there is none (409).
pub(super) async fn election_of(tx: &mut Tx, row: &Row) -> Result<repo::ElectionData, ApiError> {
    repo::election_data(tx, &row.id)
        .await?
        .ok_or_else(|| ApiError::code(ErrorCode::ConsultationNotOpen))
}

pub(super) fn group_of(row: &Row) -> Result<&'static Group, ApiError> {
    Group::by_name(&row.group_name).map_err(internal)
}

/// The Belenios questions of the consultation. Belenios 2.0 elections carry one language:
/// Voix writes the French texts (the town's official language; the English texts stay in
/// Voix's own pages). A blank-allowed question gets `"blank":true` (its extra leading slot).
pub(super) async fn belenios_questions(
    tx: &mut Tx,
    id: &str,
) -> Result<Vec<BeleniosQuestion>, ApiError> {
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
pub(super) async fn electorate(
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
