//! Election parameters.
//!
//! `doc/specification.tex`, section "Elections"; FORMAT.md §4 (election) and §9.5. The election
//! JSON is kept as the exact bytes stored in the archive: its fingerprint
//! `φ = B64nopad(SHA256(raw))` is what every ballot (`election_hash`) and every decryption
//! proof (`decrypt|φ|…`) commits to, so it is never re-serialized after parsing. Parsing checks
//! what the cryptography relies on: version 1, a known group, a group element as public key,
//! a base58 uuid, and homomorphic questions with `0 ≤ min ≤ max`. Non-homomorphic questions
//! (mixnets) are rejected as unsupported.

use serde::{Deserialize, Serialize};

use super::credential::BASE58_DIGITS;
use super::error::Error;
use super::group::{Elem, Group};
use super::hash::sha256_b64;

/// Upper bound on `max` (and so on the size of overall proofs) accepted from an election file.
pub const MAX_SELECTIONS: u32 = 1000;
/// Upper bound on the number of answers of one question accepted from an election file.
pub const MAX_ANSWERS: usize = 1000;

/// A homomorphic question `{"answers":[…],["blank":true,]"min":I,"max":I,"question":S}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// The answers offered, in display order.
    pub answers: Vec<String>,
    /// `Some(true)` when a blank vote is allowed; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blank: Option<bool>,
    /// Fewest answers a (non-blank) vote may select.
    pub min: u32,
    /// Most answers a vote may select (at most [`MAX_SELECTIONS`]).
    pub max: u32,
    /// The question's text.
    pub question: String,
}

impl Question {
    /// Whether a blank vote is allowed (an extra leading "blank" slot in ballots and tallies).
    pub fn has_blank(&self) -> bool {
        self.blank == Some(true)
    }

    /// Number of ciphertexts of an answer: the answers, plus the blank slot if any
    /// (`question_length`).
    pub fn num_choices(&self) -> usize {
        self.answers.len() + usize::from(self.has_blank())
    }
}

/// The parameters of an election, in Belenios' field order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectionParams {
    /// Format version; only 1 is supported.
    pub version: u32,
    /// The election's description, shown to voters.
    pub description: String,
    /// The election's name, shown to voters.
    pub name: String,
    /// Name of the finite-field group: `BELENIOS-2048` or `RFC-3526-2048`.
    pub group: String,
    /// The election public key `y`, under which ballots are encrypted; derived from the trustees'
    /// keys.
    pub public_key: Elem,
    /// The questions, kept as raw JSON so that a non-homomorphic question is recognised and refused
    /// as unsupported.
    pub questions: Vec<serde_json::Value>,
    /// The election uuid: base58, at least 14 characters.
    pub uuid: String,
    /// Optional name of the election administrator (informative; Voix leaves it out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub administrator: Option<String>,
    /// Optional name of the credential authority (informative; Voix leaves it out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_authority: Option<String>,
}

/// A parsed election together with its raw bytes and fingerprint.
#[derive(Debug, Clone)]
pub struct Election {
    raw: String,
    params: ElectionParams,
    questions: Vec<Question>,
    fingerprint: String,
    group: &'static Group,
}

/// Whether `s` is a Belenios election uuid (at least 14 base58 characters).
pub fn is_valid_uuid(s: &str) -> bool {
    s.len() >= 14 && s.len() <= 255 && s.chars().all(|c| BASE58_DIGITS.contains(c))
}

impl Election {
    /// Parses the election JSON exactly as stored in the archive.
    pub fn parse(raw: &str) -> Result<Self, Error> {
        let params: ElectionParams =
            serde_json::from_str(raw).map_err(|e| Error::json("election", e))?;
        if params.version != 1 {
            return Err(Error::Unsupported(format!(
                "election version {}",
                params.version
            )));
        }
        let group = Group::by_name(&params.group)?;
        group.check_element(&params.public_key, "election public key")?;
        if !is_valid_uuid(&params.uuid) {
            return Err(Error::invalid("invalid election uuid"));
        }
        let mut questions = Vec::with_capacity(params.questions.len());
        for (i, q) in params.questions.iter().enumerate() {
            if q.get("type").is_some() {
                return Err(Error::Unsupported(format!(
                    "question {i} is not homomorphic"
                )));
            }
            let q: Question =
                serde_json::from_value(q.clone()).map_err(|e| Error::json("question", e))?;
            if q.min > q.max || q.max > MAX_SELECTIONS || q.answers.len() > MAX_ANSWERS {
                return Err(Error::invalid(format!("question {i} has invalid bounds")));
            }
            questions.push(q);
        }
        if questions.is_empty() {
            return Err(Error::invalid("election without questions"));
        }
        Ok(Self {
            fingerprint: sha256_b64(raw.as_bytes()),
            raw: raw.to_owned(),
            params,
            questions,
            group,
        })
    }

    /// Builds a new election file (compact JSON, Belenios field order) from parameters.
    pub fn from_params(params: &ElectionParams) -> Result<Self, Error> {
        let raw = serde_json::to_string(params).map_err(|e| Error::json("election", e))?;
        Self::parse(&raw)
    }

    /// Builds the parameters of a homomorphic election.
    pub fn params_for(
        group: &Group,
        uuid: &str,
        name: &str,
        description: &str,
        public_key: Elem,
        questions: &[Question],
    ) -> Result<ElectionParams, Error> {
        let questions = questions
            .iter()
            .map(|q| serde_json::to_value(q).map_err(|e| Error::json("question", e)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ElectionParams {
            version: 1,
            description: description.to_owned(),
            name: name.to_owned(),
            group: group.name().to_owned(),
            public_key,
            questions,
            uuid: uuid.to_owned(),
            administrator: None,
            credential_authority: None,
        })
    }

    /// The exact JSON bytes.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The parsed parameters.
    pub fn params(&self) -> &ElectionParams {
        &self.params
    }

    /// The (homomorphic) questions.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// `φ = B64nopad(SHA256(raw))`.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The election uuid.
    pub fn uuid(&self) -> &str {
        &self.params.uuid
    }

    /// The group.
    pub fn group(&self) -> &'static Group {
        self.group
    }

    /// The election public key `y`.
    pub fn public_key(&self) -> Elem {
        self.params.public_key
    }
}

/// An election prepared for heavy use: the parsed election plus the fixed-base table of its
/// public key. Building it costs about a thousand multiplications; it is immutable and `Sync`,
/// so one context can serve many threads verifying ballots in parallel.
#[derive(Debug, Clone)]
pub struct ElectionContext {
    election: Election,
    key: super::elgamal::EncryptionKey,
}

impl ElectionContext {
    /// Prepares an election.
    pub fn new(election: Election) -> Result<Self, Error> {
        let key = super::elgamal::EncryptionKey::new(election.group(), election.public_key())?;
        Ok(Self { election, key })
    }

    /// Parses and prepares an election JSON.
    pub fn from_raw(raw: &str) -> Result<Self, Error> {
        Self::new(Election::parse(raw)?)
    }

    /// The election.
    pub fn election(&self) -> &Election {
        &self.election
    }

    /// The group.
    pub fn group(&self) -> &'static Group {
        self.election.group()
    }

    /// The prepared public key.
    pub fn key(&self) -> &super::elgamal::EncryptionKey {
        &self.key
    }
}
