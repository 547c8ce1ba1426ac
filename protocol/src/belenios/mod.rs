//! Belenios 2.0-compatible voting cryptography.
//!
//! This module tree is a pure library (no I/O, no threads, builds for
//! `wasm32-unknown-unknown`) implementing the parts of Belenios 2.0 that Voix needs: the two
//! finite-field groups, credentials, election and trustee files, homomorphic ballots with their
//! zero-knowledge proofs, the encrypted tally, partial decryptions and their combination, the
//! Pedersen threshold key ceremony ([`pedersen`]) with its authenticated encrypted channel
//! ([`channel`], AES-256-CCM), the `.bel` archive, a verifier equivalent to `belenios-tool
//! election verify`, and a deterministic election simulator.
//!
//! The authoritative references are `doc/specification.tex` of Belenios 2.0 (cited by section
//! name in each module) and Voix's `shared/belenios/FORMAT.md` (cited as "FORMAT.md §n"),
//! which records where the 2.0 code differs from the specification.
//!
//! # Safety argument, in short
//! * Every value read from outside is parsed strictly (canonical decimals, exact JSON shapes)
//!   and checked before use: group membership (`x^q = 1`), scalars in `[0, q)`, lengths.
//!   Ballots must be byte-identical to their canonical re-serialization.
//! * Every proof is verified with the exact domain-separation prefix of Belenios
//!   ([`hash`]), so proofs cannot be transplanted between contexts.
//! * Secrets ([`group::SecretScalar`]) are zeroized on drop, compared in constant time and only
//!   used with constant-time arithmetic (`crypto-bigint`); fast variable-time arithmetic is
//!   reserved for public data (verification).
//! * Nothing panics on untrusted input: errors are values ([`Error`]).

pub mod archive;
pub mod ballot;
pub mod channel;
pub mod credential;
pub mod decryption;
pub mod election;
pub mod elgamal;
pub mod error;
mod fixed_base;
pub mod group;
pub mod hash;
mod num;
pub mod pedersen;
pub mod proofs;
pub mod rng;
pub mod simulate;
pub mod tally;
pub mod trustees;
pub mod verify;
pub mod weight;

pub use error::{Error, ProofKind};
pub use group::{Elem, Group, Scalar, SecretScalar};
pub use num::Uint;
