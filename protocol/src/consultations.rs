//! Wire types of consultations (Belenios-compatible consultative ballots): the set-up staff
//! enter, what residents read, and the lifecycle rules, shared so that the server enforces and
//! the SPA offers exactly the same things.
//!
//! A consultation is one Belenios election. Its set-up (texts, questions, times, eligibility,
//! trustees) is editable while it is a `draft`; leaving `draft` freezes it, because the
//! election parameters, the credentials and the trustees' keys all commit to it.

use serde::{Deserialize, Serialize};

use crate::text::Localized;

/// Bounds shared by the server's validation and the SPA's forms.
pub mod limits {
    /// Longest title, in characters, in each language.
    pub const TITLE_MAX_CHARS: usize = 200;
    /// Longest description, in characters, in each language (it may be empty).
    pub const DESCRIPTION_MAX_CHARS: usize = 10_000;
    /// Longest question text, in characters, in each language.
    pub const QUESTION_MAX_CHARS: usize = 1000;
    /// Longest answer text, in characters, in each language.
    pub const ANSWER_MAX_CHARS: usize = 300;
    /// Most questions in one consultation.
    pub const MAX_QUESTIONS: usize = 20;
    /// Answers per question (Belenios accepts more, but every answer costs a ciphertext and
    /// two proofs in each ballot).
    pub const MAX_ANSWERS: usize = 50;
    /// Most districts an eligibility by districts may name.
    pub const MAX_DISTRICTS: usize = 200;
    /// Longest district name, in characters.
    pub const DISTRICT_MAX_CHARS: usize = 100;
    /// Officials holding a share of the decryption key.
    pub const MAX_TRUSTEES: usize = 10;
    /// The threshold when staff do not give one: 2 (of 3 officials, the usual choice); capped
    /// to the number of officials chosen.
    pub const DEFAULT_THRESHOLD: u32 = 2;
    /// Rows of an uploaded voter list.
    pub const VOTER_LIST_MAX_ROWS: usize = 100_000;
    /// A voter's weight in an uploaded list (the tally's discrete logarithm is bounded by the
    /// total weight, so weights stay small).
    pub const MAX_WEIGHT: u64 = 1000;
    /// Default smallest number of voters of every cell of a by-district breakdown.
    pub const DEFAULT_BREAKDOWN_MIN_VOTERS: u32 = 10;
    /// Largest accepted smallest-number-of-voters of a breakdown.
    pub const MAX_BREAKDOWN_MIN_VOTERS: u32 = 100_000;
    /// Longest a consultation may stay open (one year).
    pub const MAX_DURATION_SECONDS: i64 = 366 * 86_400;
}

/// Where a consultation stands: `draft → key_ceremony → open → closed → tallying → published`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConsultationStatus {
    /// Staff edit the set-up; only staff see it.
    Draft,
    /// The set-up is frozen; the trustees generate the election key.
    KeyCeremony,
    /// Ballots are accepted (between `opens_at` and `closes_at`).
    Open,
    /// No more ballots; the encrypted tally is computed.
    Closed,
    /// Trustees submit their partial decryptions.
    Tallying,
    /// The result and the archive are public.
    Published,
}

impl ConsultationStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [ConsultationStatus; 6] = [
        Self::Draft,
        Self::KeyCeremony,
        Self::Open,
        Self::Closed,
        Self::Tallying,
        Self::Published,
    ];

    /// The status's wire name, as serialised (`draft`, `key_ceremony`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::KeyCeremony => "key_ceremony",
            Self::Open => "open",
            Self::Closed => "closed",
            Self::Tallying => "tallying",
            Self::Published => "published",
        }
    }

    /// The status with this wire name, if any (the inverse of [`ConsultationStatus::as_str`]).
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// Whether the set-up may still change: only a draft's.
    pub fn is_editable(self) -> bool {
        self == Self::Draft
    }

    /// Whether the public may see the consultation (everything but a draft).
    pub fn is_public(self) -> bool {
        self != Self::Draft
    }

    /// Whether a consultation may move from `self` to `to`. The lifecycle only moves forward,
    /// one step at a time, except that a key ceremony may be abandoned back to `draft` (an
    /// official cannot take part): nothing public depends on it yet, and its messages are
    /// discarded. Once open, there is no way back.
    pub fn can_transition(self, to: ConsultationStatus) -> bool {
        use ConsultationStatus::*;
        matches!(
            (self, to),
            (Draft, KeyCeremony)
                | (KeyCeremony, Draft)
                | (KeyCeremony, Open)
                | (Open, Closed)
                | (Closed, Tallying)
                | (Tallying, Published)
        )
    }
}

/// A question's kind: one answer, or between `min` and `max` answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// Exactly one answer (`min = max = 1`).
    Single,
    /// Between `min` and `max` answers.
    Multiple,
}

impl QuestionKind {
    /// The kind's wire name: `single` or `multiple`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Single => "single",
            Self::Multiple => "multiple",
        }
    }

    /// The kind with this wire name, if any (the inverse of [`QuestionKind::as_str`]).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "single" => Some(Self::Single),
            "multiple" => Some(Self::Multiple),
            _ => None,
        }
    }
}

/// A question as staff enter it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuestionInput {
    /// The question, in French and English (1 to 1000 characters each).
    pub text: Localized,
    /// One answer or several; decides how `min` and `max` are read.
    pub kind: QuestionKind,
    /// `multiple` only (default 1); `single` means exactly one answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    /// `multiple` only (default: every answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// Whether a voter may cast a blank vote on this question.
    #[serde(default)]
    pub blank_allowed: bool,
    /// At least two answers, in ballot order.
    pub answers: Vec<Localized>,
}

/// A question as stored and shown, with its bounds resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Question {
    /// The question, in French and English.
    pub text: Localized,
    /// One answer or several.
    pub kind: QuestionKind,
    /// Fewest answers a (non-blank) vote selects.
    pub min: u32,
    /// Most answers a vote selects.
    pub max: u32,
    /// Whether a voter may cast a blank vote on this question.
    pub blank_allowed: bool,
    /// The answers, in ballot order.
    pub answers: Vec<Localized>,
}

/// Who may vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Eligibility {
    /// Every account verified as living in the town.
    AllVerified,
    /// Verified residents of these districts (as the residency verification records them).
    Districts {
        /// 1 to 200 distinct district names.
        districts: Vec<String>,
    },
    /// The emails of the uploaded voter list (`PUT …/voters`), with their weights.
    List,
}

impl Eligibility {
    /// The eligibility's wire name (`kind`): `all_verified`, `districts` or `list`.
    pub fn kind_str(&self) -> &'static str {
        match self {
            Self::AllVerified => "all_verified",
            Self::Districts { .. } => "districts",
            Self::List => "list",
        }
    }
}

/// The Belenios group of the election.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ElectionGroup {
    /// Belenios' default group (256-bit subgroup): faster ballots.
    #[default]
    #[serde(rename = "BELENIOS-2048")]
    Belenios2048,
    /// The RFC 3526 2048-bit MODP group (a safe-prime group, so exponents of about 2048 bits):
    /// slower ballots.
    #[serde(rename = "RFC-3526-2048")]
    Rfc3526_2048,
}

impl ElectionGroup {
    /// The name written in the election's `group` field.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Belenios2048 => crate::belenios::group::BELENIOS_2048,
            Self::Rfc3526_2048 => crate::belenios::group::RFC_3526_2048,
        }
    }

    /// The group with this name, if any (the inverse of [`ElectionGroup::as_str`]).
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Belenios2048, Self::Rfc3526_2048]
            .into_iter()
            .find(|g| g.as_str() == s)
    }
}

/// Who holds the decryption key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "mode", rename_all = "snake_case", deny_unknown_fields)]
pub enum TrusteeChoice {
    /// Elected officials (accounts with the `official` role) run a threshold key ceremony;
    /// any `threshold` of them decrypt the tally, fewer learn nothing.
    Officials {
        /// Account ids, in ceremony order, each at most once.
        officials: Vec<String>,
        /// Default [`limits::DEFAULT_THRESHOLD`], capped to the number of officials.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        threshold: Option<u32>,
    },
    /// One key held by the server: the operator could decrypt every ballot. Only for trial
    /// runs, and only when chosen explicitly; answers carry a warning.
    ServerSingle,
}

/// The mode of [`TrusteeChoice`], as shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TrusteeMode {
    /// Elected officials hold the key in a threshold ceremony.
    Officials,
    /// One key held by the server (trial runs only).
    ServerSingle,
}

impl TrusteeMode {
    /// The mode's wire name: `officials` or `server_single`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Officials => "officials",
            Self::ServerSingle => "server_single",
        }
    }

    /// The mode with this wire name, if any (the inverse of [`TrusteeMode::as_str`]).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "officials" => Some(Self::Officials),
            "server_single" => Some(Self::ServerSingle),
            _ => None,
        }
    }
}

/// `POST /api/v1/staff/consultations` and `PUT /api/v1/staff/consultations/{id}`: the whole
/// set-up of a draft (an update replaces it; the uploaded voter list is kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConsultationInput {
    /// The title, in French and English (1 to 200 characters each).
    pub title: Localized,
    /// The description, in French and English (up to 10,000 characters each; may be empty).
    #[serde(default)]
    pub description: Localized,
    /// Unix seconds.
    pub opens_at: i64,
    /// Unix seconds, after `opens_at`.
    pub closes_at: i64,
    /// 1 to 20 questions, in ballot order.
    pub questions: Vec<QuestionInput>,
    /// Who may vote.
    pub eligibility: Eligibility,
    /// Who holds the decryption key.
    pub trustees: TrusteeChoice,
    /// The Belenios group of the election (default `BELENIOS-2048`).
    #[serde(default)]
    pub group: ElectionGroup,
    /// Smallest number of voters in every cell of a by-district breakdown (default
    /// [`limits::DEFAULT_BREAKDOWN_MIN_VOTERS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breakdown_min_voters: Option<u32>,
}

/// A trustee as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrusteeInfo {
    /// 1-based (Belenios `--trustee-id`).
    pub position: u32,
    /// The official's display name (`Voix` for the server).
    pub display_name: String,
    /// The official's account id (staff views only; absent for the server).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// True for the server-held Single trustee.
    pub server: bool,
}

/// The trustees of a consultation as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrusteesInfo {
    /// Officials or the server.
    pub mode: TrusteeMode,
    /// How many officials are needed to decrypt; absent for `server_single`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u32>,
    /// The trustees, by position.
    pub trustees: Vec<TrusteeInfo>,
    /// Set for `server_single`: what that choice gives up, to show beside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<Localized>,
}

/// `GET /api/v1/consultations/{id}` and the staff answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsultationDetail {
    /// The consultation's id (a uuid).
    pub id: String,
    /// The Belenios election uuid (`<uuid>.bel` archive).
    pub election_uuid: String,
    /// Where the consultation stands in its lifecycle.
    pub status: ConsultationStatus,
    /// The title, in French and English.
    pub title: Localized,
    /// The description, in French and English (may be empty).
    pub description: Localized,
    /// When voting opens (Unix seconds).
    pub opens_at: i64,
    /// When voting closes (Unix seconds).
    pub closes_at: i64,
    /// The questions, in ballot order, with their bounds resolved.
    pub questions: Vec<Question>,
    /// Who may vote.
    pub eligibility: Eligibility,
    /// Who holds the decryption key.
    pub trustees: TrusteesInfo,
    /// The Belenios group of the election.
    pub group: ElectionGroup,
    /// Smallest number of voters of every district shown in the results by district (the *k* of
    /// k-anonymity).
    pub breakdown_min_voters: u32,
    /// When the set-up was frozen (it left `draft`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frozen_at: Option<i64>,
    /// The Belenios election fingerprint, once the key ceremony produced the election.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// Rows of the uploaded voter list (staff views only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voter_list: Option<VoterListSummary>,
    /// When the consultation was created (Unix seconds).
    pub created_at: i64,
    /// When the set-up was last changed (Unix seconds).
    pub updated_at: i64,
}

/// One line of `GET /api/v1/consultations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsultationSummary {
    /// The consultation's id (a uuid).
    pub id: String,
    /// Where the consultation stands in its lifecycle.
    pub status: ConsultationStatus,
    /// The title, in French and English.
    pub title: Localized,
    /// When voting opens (Unix seconds).
    pub opens_at: i64,
    /// When voting closes (Unix seconds).
    pub closes_at: i64,
}

/// The uploaded voter list's size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoterListSummary {
    /// Number of rows (addresses) on the list.
    pub voters: u64,
    /// Sum of their weights.
    pub total_weight: u64,
}

/// The 422 body of `PUT /api/v1/staff/consultations/{id}/voters` (`error` =
/// `voter_list_invalid`): nothing was stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoterListRejected {
    /// Always `voter_list_invalid`.
    pub error: crate::ErrorCode,
    /// A human-readable summary, in the language the request asks for.
    pub message: String,
    /// The refused rows, with the line, column and reason of each.
    pub rejected: Vec<crate::error::RejectedRow>,
}

/// An account that may be chosen as a trustee (`GET /api/v1/staff/officials`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficialInfo {
    /// The account's id, to put in `trustees.officials`.
    pub id: String,
    /// The official's display name.
    pub display_name: String,
    /// The official's email address.
    pub email: String,
}

/// `POST /api/v1/consultations/{id}/ballots`: a ballot exactly as Belenios produces it
/// (`belenios-tool election generate-ballot`, or the SPA's encryption in the browser), as a
/// JSON string so that its bytes — which must be canonical — travel untouched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CastBallot {
    /// The ballot's canonical JSON, exactly as encrypted and signed.
    pub ballot: String,
}

/// What the server signs when it accepts a ballot: the voter keeps it to prove the ballot was
/// accepted. The signature is Ed25519 (the town's receipt key) over [`receipt_message`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BallotReceipt {
    /// The Belenios election uuid.
    pub election_uuid: String,
    /// The election fingerprint φ (unpadded base64 SHA-256 of the election JSON).
    pub fingerprint: String,
    /// The smart ballot tracker: unpadded base64 SHA-256 of the ballot.
    pub tracker: String,
    /// When the ballot was accepted (Unix seconds).
    pub time: i64,
    /// Unpadded base64 of the 32-byte Ed25519 public key that signed.
    pub public_key: String,
    /// Unpadded base64 Ed25519 signature of [`receipt_message`].
    pub signature: String,
}

/// The exact bytes a receipt's signature covers:
/// `voix-receipt-v1|<election uuid>|<fingerprint>|<tracker>|<time>`.
pub fn receipt_message(election_uuid: &str, fingerprint: &str, tracker: &str, time: i64) -> String {
    format!("voix-receipt-v1|{election_uuid}|{fingerprint}|{tracker}|{time}")
}

/// `POST /api/v1/consultations/{id}/receipts/verify`: what the server says of a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceiptCheck {
    /// The receipt names this consultation (uuid and fingerprint).
    pub this_election: bool,
    /// The signature verifies with this consultation's receipt key.
    pub signature_valid: bool,
    /// A ballot with this tracker is on the bulletin board.
    pub on_board: bool,
    /// The ballot was accepted and waits for the board's next batch (ballots are published in
    /// shuffled batches, so that nothing stored ties a voter to their ballot).
    #[serde(default)]
    pub waiting: bool,
}

/// One ballot of the bulletin board, in casting order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardBallot {
    /// The ballot's smart ballot tracker (unpadded base64 SHA-256 of the ballot).
    pub tracker: String,
    /// False when a later ballot with the same credential replaced this one in the tally.
    pub counted: bool,
}

/// `GET /api/v1/consultations/{id}/election`: the Belenios election ballots are made for —
/// what the voting page needs, without the board (whose size grows with the turnout).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ElectionDocument {
    /// Where the consultation stands in its lifecycle.
    pub status: ConsultationStatus,
    /// The Belenios election uuid.
    pub election_uuid: String,
    /// The election fingerprint φ (unpadded base64 SHA-256 of `election`).
    pub fingerprint: String,
    /// The Belenios election JSON, exact bytes (its SHA-256 is the fingerprint).
    pub election: String,
}

/// `GET /api/v1/consultations/{id}/board`: the public bulletin board (no identities).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Board {
    /// Where the consultation stands in its lifecycle.
    pub status: ConsultationStatus,
    /// The Belenios election uuid.
    pub election_uuid: String,
    /// The election fingerprint φ (unpadded base64 SHA-256 of `election`).
    pub fingerprint: String,
    /// The Belenios election JSON, exact bytes (its SHA-256 is the fingerprint).
    pub election: String,
    /// Public credentials (the electorate's size).
    pub credentials: u64,
    /// Ballots on the board, revotes included.
    pub ballots: u64,
    /// Distinct credentials that voted: the ballots that count.
    pub voters: u64,
    /// Accepted ballots waiting for the board's next batch (within the publication interval,
    /// or as soon as enough wait; all of them at the close).
    #[serde(default)]
    pub waiting: u64,
    /// Every ballot on the board, revotes included.
    pub board: Vec<BoardBallot>,
    /// The receipt key (unpadded base64 Ed25519 public key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_public_key: Option<String>,
}

/// An answer's count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerResult {
    /// The answer, in French and English.
    pub answer: Localized,
    /// Sum of the weights of the voters who chose it.
    pub count: u64,
}

/// A question's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionResult {
    /// The question, in French and English.
    pub question: Localized,
    /// Each answer with its count, in ballot order.
    pub answers: Vec<AnswerResult>,
    /// Blank votes, when the question allows them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blank: Option<u64>,
}

/// Who took part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Turnout {
    /// Voters who received a credential.
    pub electorate: u64,
    /// Their total weight.
    pub electorate_weight: u64,
    /// Distinct credentials counted (Belenios `num_tallied`).
    pub voted: u64,
    /// Their total weight (Belenios `total_weight`).
    pub voted_weight: u64,
}

/// `GET /api/v1/consultations/{id}/results` (published consultations only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsultationResults {
    /// The Belenios election uuid (its archive is `<uuid>.bel`).
    pub election_uuid: String,
    /// The election fingerprint φ.
    pub fingerprint: String,
    /// When the result was published (Unix seconds).
    pub published_at: i64,
    /// Each question's result, in ballot order.
    pub questions: Vec<QuestionResult>,
    /// How many voters received a credential and how many voted.
    pub turnout: Turnout,
    /// The Belenios result `{"result":[[…]…]}` as published in the archive (blank slot first).
    pub raw: String,
    /// Results by district: only the districts with at least `breakdown_min_voters` counted
    /// ballots (k-anonymity), by district name; empty for a list electorate.
    #[serde(default)]
    pub breakdown: Vec<DistrictResult>,
    /// How many districts of the electorate are not shown (never tallied apart): those with
    /// fewer than `breakdown_min_voters` counted ballots, and those suppressed with them so
    /// that no difference of published figures reveals a smaller group
    /// ([`crate::breakdown::publishable_districts`]).
    #[serde(default)]
    pub suppressed_districts: u64,
}

/// One district's results in [`ConsultationResults::breakdown`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DistrictResult {
    /// The district's name, as the residency verification records it.
    pub district: String,
    /// Counted ballots (last ballot per credential) of the district.
    pub voters: u64,
    /// Each question's result within the district, in ballot order.
    pub questions: Vec<QuestionResult>,
}

pub mod ceremony;
pub mod setup;
pub mod trustee;

pub use ceremony::*;

/// The warning shown with a server-held Single trustee.
pub fn server_single_warning() -> Localized {
    Localized {
        fr: "Clé de déchiffrement détenue par le serveur : son exploitant pourrait lire chaque \
             bulletin. À réserver aux essais."
            .to_owned(),
        en: "Decryption key held by the server: its operator could read every ballot. For \
             trial runs only."
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three key holders run steps 1, 3 and 5 through [`trustee`] (what the SPA and `voix
    /// trustee` call), the administrator steps with `pedersen`; a key file round-trips and a
    /// wrong one is named.
    #[test]
    fn trustee_tasks_make_a_valid_threshold_block() {
        use crate::belenios::group::Group;
        use crate::belenios::pedersen;
        use crate::belenios::rng::SeededRandom;
        use crate::belenios::trustees::{self, SignedMsg, TrusteeKind};
        let mut rng = SeededRandom::new(7);
        let group = Group::belenios_2048();
        let mut work = TrusteeWork {
            consultation_id: "c".into(),
            election_uuid: "Jv31HSynnZhaEj".into(),
            title: Localized {
                fr: "t".into(),
                en: "t".into(),
            },
            status: ConsultationStatus::KeyCeremony,
            position: 1,
            trustees: 3,
            threshold: 2,
            group: group.name().into(),
            task: TrusteeTask::Certificate,
            certs: Vec::new(),
            vinput: None,
            election: None,
            encrypted_tally: None,
            dkey: None,
            district_tallies: Default::default(),
        };
        let mut seeds = Vec::new();
        let mut certs = Vec::new();
        for _ in 0..3 {
            let (seed, msg) = trustee::certificate(&work, &mut rng).unwrap();
            assert_eq!(msg.kind, TrusteeTask::Certificate);
            assert_eq!(msg.election_uuid, "Jv31HSynnZhaEj");
            let file = trustee::key_file_content(&seed);
            assert!(!msg.payload.contains(seed.as_str()));
            seeds.push(trustee::read_key_file(&file).unwrap());
            certs.push(msg.payload);
        }
        work.certs = certs.clone();
        work.task = TrusteeTask::Polynomial;
        let mut polynomials = Vec::new();
        for (i, seed) in seeds.iter().enumerate() {
            work.position = i as u32 + 1;
            let msg = trustee::perform(&work, seed, &mut rng).unwrap();
            polynomials.push(serde_json::from_str(&msg.payload).unwrap());
        }
        work.position = 1;
        let err = trustee::perform(&work, &seeds[1], &mut rng).unwrap_err();
        assert!(err.to_string().contains("key file"), "{err}");
        let signed: Vec<SignedMsg> = certs
            .iter()
            .map(|c| serde_json::from_str(c).unwrap())
            .collect();
        let vinputs = pedersen::step4(group, &signed, &polynomials).unwrap();
        work.task = TrusteeTask::Voutput;
        let mut voutputs = Vec::new();
        for (i, seed) in seeds.iter().enumerate() {
            work.position = i as u32 + 1;
            work.vinput = Some(pedersen::to_json(&vinputs[i], "vinput").unwrap());
            let msg = trustee::perform(&work, seed, &mut rng).unwrap();
            voutputs.push(serde_json::from_str(&msg.payload).unwrap());
        }
        let params = pedersen::step6(group, &signed, &polynomials, &voutputs).unwrap();
        assert_eq!(params.threshold, 2);
        trustees::check_trustees(group, &[TrusteeKind::Pedersen(params)]).unwrap();
    }
    use ConsultationStatus::*;

    #[test]
    fn statuses_round_trip_by_name() {
        for s in ConsultationStatus::ALL {
            assert_eq!(ConsultationStatus::parse(s.as_str()), Some(s));
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
        assert_eq!(ConsultationStatus::parse("running"), None);
    }

    #[test]
    fn lifecycle_moves_forward_one_step_and_never_reopens_the_set_up_once_open() {
        assert!(Draft.can_transition(KeyCeremony));
        assert!(KeyCeremony.can_transition(Draft));
        assert!(KeyCeremony.can_transition(Open));
        assert!(Open.can_transition(Closed));
        assert!(Closed.can_transition(Tallying));
        assert!(Tallying.can_transition(Published));
        assert!(!Draft.can_transition(Open));
        assert!(!Open.can_transition(Draft));
        assert!(!Open.can_transition(KeyCeremony));
        assert!(!Published.can_transition(Draft));
        assert!(!Draft.can_transition(Draft));
        assert!(Draft.is_editable() && !KeyCeremony.is_editable());
        assert!(!Draft.is_public() && Open.is_public());
    }

    #[test]
    fn tagged_choices_parse() {
        let e: Eligibility =
            serde_json::from_str(r#"{"kind":"districts","districts":["Centre"]}"#).unwrap();
        assert_eq!(
            e,
            Eligibility::Districts {
                districts: vec!["Centre".into()]
            }
        );
        let t: TrusteeChoice = serde_json::from_str(r#"{"mode":"server_single"}"#).unwrap();
        assert_eq!(t, TrusteeChoice::ServerSingle);
        let t: TrusteeChoice =
            serde_json::from_str(r#"{"mode":"officials","officials":["a","b"]}"#).unwrap();
        assert_eq!(
            t,
            TrusteeChoice::Officials {
                officials: vec!["a".into(), "b".into()],
                threshold: None
            }
        );
        assert!(serde_json::from_str::<TrusteeChoice>(r#"{"mode":"nobody"}"#).is_err());
        let g: ElectionGroup = serde_json::from_str("\"RFC-3526-2048\"").unwrap();
        assert_eq!(g, ElectionGroup::Rfc3526_2048);
        assert_eq!(
            ElectionGroup::parse("BELENIOS-2048"),
            Some(ElectionGroup::Belenios2048)
        );
    }
}
