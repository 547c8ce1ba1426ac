//! Trustees: who holds the decryption key, and the checks of their public data.
//!
//! `doc/specification.tex`, sections "Verification keys", "Public-key infrastructure",
//! "Channels", "Threshold decryption" and "Trustees"; FORMAT.md §4 (trustees) and §5
//! (Pedersen DKG); `src/lib/v1/trustees.ml` (`check`, `combine_keys`).
//!
//! The trustees file is a list of *kinds*, written `["Single",{…}]` or `["Pedersen",{…}]`:
//! * a `Single` trustee publishes `X = g^x` and a Schnorr proof of knowledge of `x`
//!   (`pok|<group>|<X>|`);
//! * a `Pedersen` block of `n` trustees publishes, for each trustee, a certificate (its
//!   signature and encryption keys, self-signed with `sigmsg|…`), its commitments
//!   `coefexps = [g^{a_0}, …, g^{a_{t-1}}]` signed with its certificate key, and a verification
//!   key `vk_j = g^{S_j}` with a proof of knowledge. Anyone can recompute
//!   `vk_j = Π_i Π_k coefexps[i][k]^(j^k)` and so check that the shares are consistent.
//!
//! The election key is the product of each Single key and of each Pedersen block's
//! `Π_i coefexps[i][0]`. [`check_trustees`] performs every check of `belenios-tool election
//! verify`, plus group membership of every published element. The ceremony that produces a
//! Pedersen block is in [`super::pedersen`].

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::{Error, ProofKind};
use super::group::{Elem, Group, SecretScalar};
use super::num;
use super::proofs::{self, Proof};
use super::rng::{RandomSource, random_scalar};

/// `{"pok":{…},"public_key":G[,"name":S]}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrusteePublicKey {
    /// Schnorr proof of knowledge of the secret key `x` (`pok|<group>|<X>|`).
    pub pok: Proof,
    /// The public key `X = g^x` (for a Pedersen trustee, its verification key `vk_j`).
    pub public_key: Elem,
    /// Optional name of the trustee, informative only (Voix leaves it out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `{"message":S,"signature":{…}}`: a message signed with a PKI signature key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedMsg {
    /// The signed text, usually JSON (a certificate's [`CertKeys`], a [`RawCoefexps`], a channel
    /// message).
    pub message: String,
    /// Schnorr signature over the message (`sigmsg|<message>|`).
    pub signature: Proof,
}

/// The message of a certificate: `{"verification":G,"encryption":G}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertKeys {
    /// The key that verifies the trustee's signatures (`g^sk`).
    pub verification: Elem,
    /// The key that channel messages to the trustee are encrypted to (`g^dk`).
    pub encryption: Elem,
}

/// The message of a coefexps: `{"coefexps":[G…]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawCoefexps {
    /// `[g^{a_0}, …, g^{a_{t-1}}]`: the commitments to the trustee's polynomial coefficients.
    pub coefexps: Vec<Elem>,
}

/// A Pedersen block: `{"threshold":t,"certs":[…],"coefexps":[…],"verification_keys":[…]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThresholdParams {
    /// How many trustees are needed to decrypt (`t`).
    pub threshold: u32,
    /// Each trustee's self-signed certificate ([`CertKeys`]), in trustee order.
    pub certs: Vec<SignedMsg>,
    /// Each trustee's signed [`RawCoefexps`], in certificate order.
    pub coefexps: Vec<SignedMsg>,
    /// Each trustee's verification key `vk_j = g^{x_j}` with its proof of knowledge, in certificate
    /// order.
    pub verification_keys: Vec<TrusteePublicKey>,
}

/// One entry of the trustees list.
// Trustee lists hold a handful of entries: the size difference does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrusteeKind {
    /// A trustee that holds its private key `x` alone (`["Single",{…}]`); Voix's server trustee is
    /// one.
    Single(TrusteePublicKey),
    /// A block of trustees sharing a key, any `threshold` of whom can decrypt (`["Pedersen",{…}]`).
    Pedersen(ThresholdParams),
}

impl Serialize for TrusteeKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Single(t) => ("Single", t).serialize(s),
            Self::Pedersen(t) => ("Pedersen", t).serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for TrusteeKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (tag, value): (String, serde_json::Value) = Deserialize::deserialize(d)?;
        match tag.as_str() {
            "Single" => serde_json::from_value(value)
                .map(Self::Single)
                .map_err(D::Error::custom),
            "Pedersen" => serde_json::from_value(value)
                .map(Self::Pedersen)
                .map_err(D::Error::custom),
            _ => Err(D::Error::custom("unknown trustee kind")),
        }
    }
}

/// Parses a trustees file.
pub fn parse_trustees(raw: &str) -> Result<Vec<TrusteeKind>, Error> {
    serde_json::from_str(raw).map_err(|e| Error::json("trustees", e))
}

/// Serializes a trustees list (compact).
pub fn trustees_to_string(trustees: &[TrusteeKind]) -> Result<String, Error> {
    serde_json::to_string(trustees).map_err(|e| Error::json("trustees", e))
}

/// Checks a Single trustee's key and proof of knowledge (`check_single`).
pub fn check_single(group: &Group, t: &TrusteePublicKey, kind: ProofKind) -> Result<(), Error> {
    group.check_element(&t.public_key, "trustee public key")?;
    let prefix = proofs::pok_prefix(group, &t.public_key);
    proofs::schnorr_verify(group, &prefix, &t.public_key, &t.pok, kind)
}

/// Verifies a PKI signature (`MakeVerificator.verify`).
pub fn verify_signed_msg(
    group: &Group,
    key: &Elem,
    msg: &SignedMsg,
    kind: ProofKind,
) -> Result<(), Error> {
    let prefix = proofs::sigmsg_prefix(&msg.message);
    proofs::schnorr_verify(group, &prefix, key, &msg.signature, kind)
}

/// The parsed coefficient commitments of a Pedersen block.
pub fn parse_coefexps(t: &ThresholdParams) -> Result<Vec<Vec<Elem>>, Error> {
    t.coefexps
        .iter()
        .map(|c| {
            serde_json::from_str::<RawCoefexps>(&c.message)
                .map(|r| r.coefexps)
                .map_err(|e| Error::json("coefexps", e))
        })
        .collect()
}

/// `vk_j = Π_i Π_k coefexps[i][k]^(j^k)` for `j = 1..=n` (`compute_verification_keys`).
pub fn compute_verification_keys(group: &Group, coefexps: &[Vec<Elem>]) -> Vec<Elem> {
    let n = coefexps.len();
    (1..=n)
        .map(|j| {
            let mut vk = group.one();
            for c in coefexps {
                let mut jk = num_bigint::BigUint::from(1u32);
                for ck in c {
                    let e = num::biguint_to_uint(&jk).unwrap_or(num::Uint::ZERO);
                    vk = vk.mul(&group.to_mont(ck).pow_vartime(&e));
                    jk *= j as u64;
                }
            }
            group.elem_of(&vk)
        })
        .collect()
}

/// Checks a Pedersen block (`check_pedersen`): certificates, coefexps signatures, lengths,
/// threshold, verification-key proofs and values.
pub fn check_pedersen(group: &Group, t: &ThresholdParams) -> Result<(), Error> {
    let n = t.certs.len();
    if n == 0 || t.coefexps.len() != n || t.verification_keys.len() != n {
        return Err(Error::invalid("Pedersen block with inconsistent lengths"));
    }
    let mut certs = Vec::with_capacity(n);
    for c in &t.certs {
        let keys: CertKeys =
            serde_json::from_str(&c.message).map_err(|e| Error::json("certificate", e))?;
        group.check_element(&keys.verification, "certificate verification key")?;
        group.check_element(&keys.encryption, "certificate encryption key")?;
        verify_signed_msg(group, &keys.verification, c, ProofKind::CertSignature)?;
        certs.push(keys);
    }
    for (cert, c) in certs.iter().zip(&t.coefexps) {
        verify_signed_msg(group, &cert.verification, c, ProofKind::CoefexpsSignature)?;
    }
    let coefexps = parse_coefexps(t)?;
    let threshold = coefexps[0].len();
    if threshold == 0
        || threshold > n
        || t.threshold as usize != threshold
        || coefexps.iter().any(|c| c.len() != threshold)
    {
        return Err(Error::invalid("Pedersen block with inconsistent threshold"));
    }
    for c in coefexps.iter().flatten() {
        group.check_element(c, "coefexp")?;
    }
    for vk in &t.verification_keys {
        check_single(group, vk, ProofKind::VerificationKeyPok)?;
    }
    let computed = compute_verification_keys(group, &coefexps);
    if computed
        .iter()
        .zip(&t.verification_keys)
        .any(|(c, vk)| *c != vk.public_key)
    {
        return Err(Error::invalid(
            "Pedersen verification key does not match the coefexps",
        ));
    }
    Ok(())
}

/// Checks every trustee (`Combinator.check`).
pub fn check_trustees(group: &Group, trustees: &[TrusteeKind]) -> Result<(), Error> {
    if trustees.is_empty() {
        return Err(Error::invalid("no trustees"));
    }
    for t in trustees {
        match t {
            TrusteeKind::Single(t) => check_single(group, t, ProofKind::TrusteePok)?,
            TrusteeKind::Pedersen(t) => check_pedersen(group, t)?,
        }
    }
    Ok(())
}

/// The election public key the trustees define (`combine_keys`).
pub fn combine_keys(group: &Group, trustees: &[TrusteeKind]) -> Result<Elem, Error> {
    let mut y = group.one();
    for t in trustees {
        match t {
            TrusteeKind::Single(t) => y = y.mul(&group.to_mont(&t.public_key)),
            TrusteeKind::Pedersen(p) => {
                for c in parse_coefexps(p)? {
                    let c0 = c.first().ok_or_else(|| Error::invalid("empty coefexps"))?;
                    y = y.mul(&group.to_mont(c0));
                }
            }
        }
    }
    Ok(group.elem_of(&y))
}

/// The public key of each decryption share in "owner" order: each Single counts one, each
/// Pedersen block counts its trustees (`Util.count_trustees`; owners are 1-based indexes).
pub fn flattened_keys(trustees: &[TrusteeKind]) -> Vec<Elem> {
    trustees
        .iter()
        .flat_map(|t| match t {
            TrusteeKind::Single(t) => vec![t.public_key],
            TrusteeKind::Pedersen(p) => p.verification_keys.iter().map(|v| v.public_key).collect(),
        })
        .collect()
}

/// Generates a Single trustee key pair (`setup generate-trustee-key`).
pub fn generate_single(
    group: &Group,
    rng: &mut dyn RandomSource,
) -> Result<(SecretScalar, TrusteePublicKey), Error> {
    let x = random_scalar(group, rng)?;
    let public_key = prove_key(group, &x, rng)?;
    Ok((x, public_key))
}

/// `g^x` with its proof of knowledge (`MakeSimple.prove`, prefix `pok|<group>|<X>|`):
/// a Single trustee's public key, or a Pedersen trustee's verification key.
pub fn prove_key(
    group: &Group,
    x: &SecretScalar,
    rng: &mut dyn RandomSource,
) -> Result<TrusteePublicKey, Error> {
    let public_key = x.public(group);
    let prefix = proofs::pok_prefix(group, &public_key);
    let pok = proofs::schnorr_prove(group, &prefix, x, rng)?;
    Ok(TrusteePublicKey {
        pok,
        public_key,
        name: None,
    })
}
