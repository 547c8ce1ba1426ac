//! The officials' key ceremony and partial decryptions (Belenios threshold decryption: spec
//! "Public-key infrastructure", "Channels", "Polynomials", "Vinputs", "Voutputs", "Threshold
//! parameters", "Threshold decryption"; FORMAT.md §5).

use serde::{Deserialize, Serialize};

use super::ConsultationStatus;
use crate::text::Localized;

/// Where the officials' key ceremony stands (steps of `belenios-tool setup
/// generate-trustee-key-threshold`; steps 2, 4 and 6 are the server's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CeremonyStep {
    /// Step 1: each key holder generates its key and sends its certificate.
    Certificates,
    /// Step 3: each key holder sends its polynomial (shares encrypted to the others).
    Polynomials,
    /// Step 5: each key holder checks its shares and sends its verification key.
    Voutputs,
    /// Step 6 done: the threshold parameters exist; the consultation can open.
    Done,
}

/// What a key holder has to do now, and the kind of message it sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TrusteeTask {
    /// Step 1: generate a key (kept by the key holder) and send its certificate.
    Certificate,
    /// Step 3: send the polynomial (needs the key file).
    Polynomial,
    /// Step 5: check the shares received, send the verification key (needs the key file).
    Voutput,
    /// After the close: send the partial decryption of the tally (needs the key file).
    Decrypt,
    /// Nothing to do until the other key holders (or the town hall) act.
    Wait,
    /// Nothing more to do for this consultation.
    Done,
}

impl TrusteeTask {
    /// The task needs the key file (every task after the certificate).
    pub fn needs_key(self) -> bool {
        matches!(self, Self::Polynomial | Self::Voutput | Self::Decrypt)
    }
}

/// A key holder in the ceremony's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CeremonyTrustee {
    /// 1-based position (Belenios trustee index, certificate order).
    pub position: u32,
    /// The official's display name.
    pub display_name: String,
    /// Sent its message of the current step (false once the ceremony is done).
    pub posted: bool,
    /// Sent its partial decryption of the tally.
    pub decrypted: bool,
}

/// `GET /api/v1/consultations/{id}/ceremony`: the progress of the officials' key ceremony and
/// of the decryption, for staff and the consultation's key holders. No secret, no message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CeremonyState {
    /// The consultation's id.
    pub id: String,
    /// Where the consultation stands in its lifecycle.
    pub status: ConsultationStatus,
    /// The ceremony's current step.
    pub step: CeremonyStep,
    /// How many key holders must decrypt.
    pub threshold: u32,
    /// The key holders, by position.
    pub trustees: Vec<CeremonyTrustee>,
    /// Partial decryptions received; the result is published when `threshold` have arrived.
    pub decryptions: u32,
}

/// `GET /api/v1/trustee/consultations`: a consultation of which the signed-in official holds
/// a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrusteeConsultation {
    /// The consultation's id.
    pub id: String,
    /// The consultation's title, in French and English.
    pub title: Localized,
    /// Where the consultation stands in its lifecycle.
    pub status: ConsultationStatus,
    /// The signed-in official's 1-based position among the key holders.
    pub position: u32,
    /// What the official has to do now.
    pub task: TrusteeTask,
}

/// `GET /api/v1/trustee/consultations/{id}`: everything the signed-in key holder needs for its
/// current task (the input file of `voix trustee …`). All of it is public or encrypted to the
/// key holder; its secret stays in its key file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrusteeWork {
    /// The consultation's id.
    pub consultation_id: String,
    /// The Belenios election uuid: messages carry it, so one cannot be sent to another
    /// consultation by mistake.
    pub election_uuid: String,
    /// The consultation's title, in French and English.
    pub title: Localized,
    /// Where the consultation stands in its lifecycle.
    pub status: ConsultationStatus,
    /// This key holder's 1-based position.
    pub position: u32,
    /// How many key holders the consultation has.
    pub trustees: u32,
    /// How many key holders must take part to decrypt.
    pub threshold: u32,
    /// The Belenios group (`BELENIOS-2048`, `RFC-3526-2048`).
    pub group: String,
    /// What the key holder has to do now; the optional fields below are those this task needs.
    pub task: TrusteeTask,
    /// Every key holder's certificate (`{"message","signature"}` JSON), in position order,
    /// once all are in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certs: Vec<String>,
    /// `voutput`: this key holder's vinput (its shares, encrypted to it, and every
    /// polynomial's signed commitments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vinput: Option<String>,
    /// `decrypt`: the Belenios election JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub election: Option<String>,
    /// `decrypt`: the encrypted tally JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted_tally: Option<String>,
    /// `decrypt`: this key holder's decryption share, encrypted to itself (its voutput's
    /// `private_key`, Belenios' `.dkey` file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dkey: Option<String>,
    /// `decrypt`: the encrypted tally JSON of each district with at least
    /// `breakdown_min_voters` counted ballots, by district (results by district).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub district_tallies: std::collections::BTreeMap<String, String>,
}

/// `POST /api/v1/trustee/consultations/{id}/ceremony` and `…/decryption`: a key holder's
/// message, exactly the JSON of Belenios' files (`.cert`, a `polynomials.jsons` line,
/// `.voutput`, a partial decryption) as a string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TrusteeMessage {
    /// `certificate`, `polynomial`, `voutput` or `decrypt`.
    pub kind: TrusteeTask,
    /// The consultation's Belenios election uuid.
    pub election_uuid: String,
    /// The message itself, as a JSON string: the certificate, the polynomial, the voutput or the
    /// whole electorate's partial decryption.
    pub payload: String,
    /// `decrypt`: the partial decryption of each district tally of the task
    /// ([`TrusteeWork::district_tallies`]), by district; `payload` stays the whole
    /// electorate's, exactly as Belenios publishes it.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub scopes: std::collections::BTreeMap<String, String>,
}
