//! Errors of the Belenios core.
//!
//! Every fallible operation of this module tree returns [`Error`]; nothing panics on untrusted
//! input. The variants say *what* was wrong (a malformed number, an element outside the group,
//! a proof that does not verify, …); [`crate::belenios::verify::VerifyError`] adds *where* (the
//! archive record, the ballot tracker) when a whole archive is checked.

use std::fmt;

/// Which zero-knowledge proof failed (FORMAT.md §5 table; `doc/specification.tex` sections
/// "Verification keys", "Public-key infrastructure", "Ballots", "Partial decryptions").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProofKind {
    /// Proof of knowledge of a trustee's private key (`pok|…`).
    TrusteePok,
    /// Signature of a Pedersen certificate (`sigmsg|…`).
    CertSignature,
    /// Signature of a Pedersen trustee's coefficient commitments (`sigmsg|…`).
    CoefexpsSignature,
    /// Proof of knowledge of a Pedersen verification key (`pok|…`).
    VerificationKeyPok,
    /// Signature of a message received through the key-ceremony channel (`sigmsg|…`).
    ChannelSignature,
    /// The Schnorr signature of a ballot (`sig|…`).
    BallotSignature,
    /// Individual proof that a choice encrypts 0 or 1 (`prove|…`).
    Individual {
        /// Index of the question, from 0.
        question: usize,
        /// Index of the choice among the question's ciphertexts, from 0 (with blank votes
        /// allowed, 0 is the blank choice).
        choice: usize,
    },
    /// Overall proof that the number of selected answers is within `[min, max]`.
    Overall {
        /// Index of the question, from 0.
        question: usize,
    },
    /// Blank proof of a question that allows blank votes (`bproof0|…`).
    Blank {
        /// Index of the question, from 0.
        question: usize,
    },
    /// Chaum–Pedersen proof of a decryption factor (`decrypt|…`).
    Decryption {
        /// Index of the question, from 0.
        question: usize,
        /// Index of the answer's ciphertext within the question's tally, from 0.
        answer: usize,
    },
}

impl fmt::Display for ProofKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TrusteePok => write!(f, "trustee proof of knowledge"),
            Self::CertSignature => write!(f, "certificate signature"),
            Self::CoefexpsSignature => write!(f, "coefexps signature"),
            Self::VerificationKeyPok => write!(f, "verification key proof of knowledge"),
            Self::ChannelSignature => write!(f, "channel message signature"),
            Self::BallotSignature => write!(f, "ballot signature"),
            Self::Individual { question, choice } => {
                write!(f, "individual proof (question {question}, choice {choice})")
            }
            Self::Overall { question } => write!(f, "overall proof (question {question})"),
            Self::Blank { question } => write!(f, "blank proof (question {question})"),
            Self::Decryption { question, answer } => {
                write!(f, "decryption proof (question {question}, answer {answer})")
            }
        }
    }
}

/// What went wrong. Messages are for humans (logs, the verification report); match on the
/// variant, never on the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A JSON document does not have the expected shape.
    #[error("malformed {what}: {detail}")]
    Json {
        /// The kind of document (e.g. `"ballot"`, `"setup data"`).
        what: &'static str,
        /// The parser's message.
        detail: String,
    },
    /// A JSON document parses but is not byte-identical to its canonical serialization.
    #[error("{what} is not in canonical form")]
    NonCanonical {
        /// The kind of document (e.g. `"ballot"`).
        what: &'static str,
    },
    /// A number is not a canonical non-negative decimal fitting in 2048 bits.
    #[error("invalid number {0:?}")]
    Number(String),
    /// The group name is not one of Belenios 2.0's finite-field groups.
    #[error("unknown group {0:?}")]
    UnknownGroup(String),
    /// A value that must be a group element (`0 <= x < p`, `x^q = 1`) is not.
    #[error("{0} is not an element of the group")]
    NotInGroup(String),
    /// A value that must be in `[0, q)` is not.
    #[error("{0} is not a scalar modulo q")]
    ScalarOutOfRange(String),
    /// A zero-knowledge proof or signature does not verify.
    #[error("invalid {0}")]
    Proof(ProofKind),
    /// A structural inconsistency (wrong lengths, wrong uuid, unknown credential, …).
    #[error("{0}")]
    Invalid(String),
    /// A feature of Belenios that this implementation does not handle (e.g. non-homomorphic
    /// questions, shuffles).
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// The random number generator failed.
    #[error("random number generator failure")]
    Random,
}

impl Error {
    pub(crate) fn json(what: &'static str, e: impl fmt::Display) -> Self {
        Self::Json {
            what,
            detail: e.to_string(),
        }
    }

    pub(crate) fn invalid(msg: impl Into<String>) -> Self {
        Self::Invalid(msg.into())
    }
}
