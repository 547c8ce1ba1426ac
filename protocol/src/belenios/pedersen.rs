//! The Pedersen threshold key ceremony (distributed key generation) of Belenios 2.0.
//!
//! `doc/specification.tex`, sections "Public-key infrastructure", "Channels", "Polynomials",
//! "Vinputs", "Voutputs", "Threshold parameters" and "Threshold decryption"; FORMAT.md §2 (CLI
//! workflow) and §5 (Pedersen DKG); `src/lib/v1/trustees.ml` (`MakePedersen`) and
//! `src/tool/setup.ml` (`generate-trustee-key-threshold`).
//!
//! With `n` trustees of which any `t` can decrypt, each trustee `i` picks a random polynomial
//! `f_i` of degree `t − 1`, publishes signed commitments `coefexps_i = [g^{a_i0}, …]`, and
//! sends `f_i(j)` to every trustee `j` through the authenticated encrypted channel
//! ([`super::channel`]). Trustee `j` checks each received share against the commitments and
//! keeps `x_j = Σ_i f_i(j)`: a Shamir share of `x = Σ_i a_i0`, the election secret that nobody
//! ever holds. Its verification key `vk_j = g^{x_j}` is public, so every partial decryption can
//! be checked, and any `t` of them combine by Lagrange interpolation
//! ([`super::decryption`]).
//!
//! The functions below are the six steps of `belenios-tool setup
//! generate-trustee-key-threshold --step 1..6`, as pure functions over the same JSON files, so a
//! ceremony may freely mix Voix and `belenios-tool` participants:
//!
//! | step | who | input | output |
//! | --- | --- | --- | --- |
//! | [`step1`] | each trustee | randomness | `HASH.key` seed, `HASH.cert` |
//! | [`step2`] | anyone | `certs.jsons` | certificates checked |
//! | [`step3`] | each trustee | certs, seed, threshold | one line of `polynomials.jsons` |
//! | [`step4`] | administrator | certs, polynomials | `HASH.vinput` per trustee |
//! | [`step5`] | each trustee | certs, seed, own vinput | `HASH.voutput` |
//! | [`step6`] | administrator | certs, polynomials, voutputs | `threshold.json` (+ `.dkey` files) |
//!
//! A trustee's only long-term secret is its 22-character seed: the signature key
//! `sk = SHA256("sk|" ‖ seed)` and the channel decryption key `dk = SHA256("dk|" ‖ seed)` are
//! derived from it (both taken modulo `q`, which leaves `g^sk`, `g^dk` and every signature
//! unchanged). The share `x_j` is stored encrypted to the trustee itself in its `.dkey` file;
//! [`decryption_key`] recovers it and
//! [`ElectionContext::compute_threshold_partial_decryption`] uses it like
//! `belenios-tool election decrypt-threshold`.
//!
//! Belenios writes shares and the sum `x_j` without reducing them modulo `q` (its polynomial
//! evaluation adds reduced terms), so values up to 2048 bits are accepted and reduced here;
//! Voix itself writes reduced values, which Belenios accepts since only `g^x` is ever checked.

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use super::channel::{self, EncryptedMsg};
use super::credential::BASE58_DIGITS;
use super::decryption::PartialDecryption;
use super::election::ElectionContext;
use super::error::{Error, ProofKind};
use super::group::{Elem, Group, Mont, SecretScalar};
use super::hash::{sha256, sha256_hex};
use super::num::{self, Uint};
use super::rng::{RandomSource, random_scalar};
use super::tally::EncryptedTally;
use super::trustees::{
    self, CertKeys, RawCoefexps, SignedMsg, ThresholdParams, TrusteePublicKey, verify_signed_msg,
};

/// Length of a trustee seed (`MakePKI.genkey`).
pub const SEED_LEN: usize = 22;

/// The private seed of a Pedersen trustee (`HASH.key`): 22 base58 characters. Wiped on drop,
/// never printed by `Debug`.
pub struct TrusteeSeed(Zeroizing<String>);

impl std::fmt::Debug for TrusteeSeed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TrusteeSeed(<redacted>)")
    }
}

impl TrusteeSeed {
    /// A fresh uniformly random seed.
    pub fn generate(rng: &mut dyn RandomSource) -> Result<Self, Error> {
        let digits = BASE58_DIGITS.as_bytes();
        let mut s = Zeroizing::new(String::with_capacity(SEED_LEN));
        let mut b = [0u8; 1];
        // Rejection sampling: bytes below 232 = 4·58 map uniformly onto the 58 digits.
        let mut tries = 0;
        while s.len() < SEED_LEN {
            tries += 1;
            if tries > 64 * SEED_LEN {
                return Err(Error::Random);
            }
            rng.fill(&mut b)?;
            if b[0] < 232 {
                s.push(digits[(b[0] % 58) as usize] as char);
            }
        }
        b.zeroize();
        Ok(Self(s))
    }

    /// Parses a seed (the content of a `.key` file without its final newline).
    pub fn parse(s: &str) -> Result<Self, Error> {
        if s.len() != SEED_LEN || !s.bytes().all(|c| BASE58_DIGITS.as_bytes().contains(&c)) {
            return Err(Error::invalid("a trustee seed is 22 base58 characters"));
        }
        Ok(Self(Zeroizing::new(s.to_owned())))
    }

    /// The seed as written in the `.key` file (secret!).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The signature and channel keys derived from the seed (`derive_sk`, `derive_dk`).
    pub fn keys(&self, group: &Group) -> TrusteeKeys {
        TrusteeKeys {
            sk: derive(group, "sk|", &self.0),
            dk: derive(group, "dk|", &self.0),
        }
    }
}

/// `int(SHA256(prefix ‖ seed)) mod q`.
fn derive(group: &Group, prefix: &str, seed: &str) -> SecretScalar {
    let mut input = Zeroizing::new(String::with_capacity(prefix.len() + seed.len()));
    input.push_str(prefix);
    input.push_str(seed);
    let mut digest = sha256(input.as_bytes());
    let mut x = num::from_be_bytes(&digest);
    digest.zeroize();
    let r = group.reduce_ct(&x);
    x.zeroize();
    SecretScalar::from_reduced(r)
}

/// A trustee's PKI keys: `sk` signs, `dk` decrypts channel messages.
pub struct TrusteeKeys {
    /// The signature key, `SHA256("sk|" ‖ seed) mod q`.
    pub sk: SecretScalar,
    /// The channel decryption key, `SHA256("dk|" ‖ seed) mod q`.
    pub dk: SecretScalar,
}

impl std::fmt::Debug for TrusteeKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TrusteeKeys(<redacted>)")
    }
}

impl TrusteeKeys {
    /// The public half, as written in the certificate.
    pub fn cert_keys(&self, group: &Group) -> CertKeys {
        CertKeys {
            verification: self.sk.public(group),
            encryption: self.dk.public(group),
        }
    }
}

/// One line of `polynomials.jsons` (`polynomial`): the trustee's polynomial sent to itself,
/// its share for each trustee sent through the channel, and its signed coefexps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Polynomial {
    /// An [`EncryptedMsg`] (JSON string) holding `{"polynomial":[Zq…]}`.
    pub polynomial: String,
    /// For each trustee `j` (cert order), an [`EncryptedMsg`] holding `{"secret":Zq}`.
    pub secrets: Vec<String>,
    /// Signed `{"coefexps":[G…]}`.
    pub coefexps: SignedMsg,
}

/// `HASH.vinput` (`vinput`): what trustee `j` needs for step 5.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vinput {
    /// Trustee `j`'s own encrypted polynomial.
    pub polynomial: String,
    /// The shares `f_i(j)` sent by each trustee `i`.
    pub secrets: Vec<String>,
    /// Every trustee's signed coefexps.
    pub coefexps: Vec<SignedMsg>,
}

/// `HASH.voutput` (`voutput`): the encrypted share and its public verification key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voutput {
    /// An [`EncryptedMsg`] (JSON string) sent to itself, holding `{"decryption_key":Zq}`; it
    /// becomes the trustee's `HASH.dkey` file.
    pub private_key: String,
    /// `vk_j = g^{x_j}` with its proof of knowledge.
    pub public_key: TrusteePublicKey,
}

/// `{"polynomial":[Zq…]}` (`raw_polynomial`). Wiped on drop.
#[derive(Deserialize)]
struct RawPolynomial {
    polynomial: Vec<String>,
}

/// `{"secret":Zq}`. Wiped on drop.
#[derive(Deserialize)]
struct RawSecret {
    secret: String,
}

/// `{"decryption_key":Zq}` (`partial_decryption_key`). Wiped on drop.
#[derive(Deserialize)]
struct RawDecryptionKey {
    decryption_key: String,
}

impl Drop for RawPolynomial {
    fn drop(&mut self) {
        self.polynomial.zeroize();
    }
}

impl Drop for RawSecret {
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

impl Drop for RawDecryptionKey {
    fn drop(&mut self) {
        self.decryption_key.zeroize();
    }
}

/// The file name stem of a trustee's files: hex SHA-256 of its certificate message.
pub fn certificate_id(cert: &SignedMsg) -> String {
    sha256_hex(cert.message.as_bytes())
}

/// Parses a file of one JSON document per line (`certs.jsons`, `polynomials.jsons`, a
/// concatenation of voutputs), skipping empty lines.
pub fn parse_lines<T: for<'de> Deserialize<'de>>(
    raw: &str,
    what: &'static str,
) -> Result<Vec<T>, Error> {
    raw.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(|e| Error::json(what, e)))
        .collect()
}

/// Serializes any ceremony value compactly (one line of a `.jsons` file, without newline).
pub fn to_json<T: Serialize>(value: &T, what: &'static str) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| Error::json(what, e))
}

/// Builds a signed certificate for the keys derived from `seed` (`make_cert`).
pub fn make_certificate(
    group: &Group,
    seed: &TrusteeSeed,
    rng: &mut dyn RandomSource,
) -> Result<SignedMsg, Error> {
    let keys = seed.keys(group);
    let message = to_json(&keys.cert_keys(group), "certificate")?;
    channel::sign(group, &keys.sk, message, rng)
}

/// Step 1: a new seed and its certificate (`HASH.key`, `HASH.cert` with
/// `HASH = certificate_id(cert)`).
pub fn step1(group: &Group, rng: &mut dyn RandomSource) -> Result<(TrusteeSeed, SignedMsg), Error> {
    let seed = TrusteeSeed::generate(rng)?;
    let cert = make_certificate(group, &seed, rng)?;
    Ok((seed, cert))
}

/// Checks one certificate and returns its keys (`verify_cert`).
pub fn check_certificate(group: &Group, cert: &SignedMsg) -> Result<CertKeys, Error> {
    let keys: CertKeys =
        serde_json::from_str(&cert.message).map_err(|e| Error::json("certificate", e))?;
    group.check_element(&keys.verification, "certificate verification key")?;
    group.check_element(&keys.encryption, "certificate encryption key")?;
    verify_signed_msg(group, &keys.verification, cert, ProofKind::CertSignature)?;
    Ok(keys)
}

/// Step 2: checks every certificate (`step2`); returns their keys in order.
pub fn step2(group: &Group, certs: &[SignedMsg]) -> Result<Vec<CertKeys>, Error> {
    if certs.is_empty() {
        return Err(Error::invalid("no certificates"));
    }
    let keys = certs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            check_certificate(group, c).map_err(|e| {
                Error::invalid(format!("certificate {} does not validate: {e}", i + 1))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    for (i, k) in keys.iter().enumerate() {
        if keys[..i].contains(k) {
            return Err(Error::invalid(format!(
                "certificate {} is duplicated",
                i + 1
            )));
        }
    }
    Ok(keys)
}

/// The 0-based index of the certificate of `keys` among `certs`.
fn my_index(group: &Group, certs: &[CertKeys], keys: &TrusteeKeys) -> Result<usize, Error> {
    let mine = keys.cert_keys(group);
    certs
        .iter()
        .position(|c| *c == mine)
        .ok_or_else(|| Error::invalid("could not find my certificate"))
}

/// `f(x) = Σ_k a_k x^k mod q` by Horner's rule, in constant time in the coefficients.
fn eval_poly(group: &Group, coefs: &[SecretScalar], x: u64) -> SecretScalar {
    let xs = num::from_u64(x);
    let mut acc = Uint::ZERO;
    for a in coefs.iter().rev() {
        let mut t = group.scalar_mul(&acc, &xs);
        acc.zeroize();
        acc = group.scalar_add(&t, &a.0);
        t.zeroize();
    }
    SecretScalar::from_reduced(acc)
}

/// Step 3: the trustee holding `seed` draws its polynomial of `threshold` coefficients (any
/// `threshold` trustees will be able to decrypt) and encrypts a share to every trustee.
pub fn step3(
    group: &Group,
    certs: &[SignedMsg],
    seed: &TrusteeSeed,
    threshold: usize,
    rng: &mut dyn RandomSource,
) -> Result<Polynomial, Error> {
    let cert_keys = step2(group, certs)?;
    let n = cert_keys.len();
    if threshold == 0 || threshold > n {
        return Err(Error::invalid(format!(
            "threshold must be between 1 and the number of trustees ({n})"
        )));
    }
    let keys = seed.keys(group);
    let me = my_index(group, &cert_keys, &keys)?;
    let coefs = (0..threshold)
        .map(|_| random_scalar(group, rng))
        .collect::<Result<Vec<_>, _>>()?;
    let mut raw = Zeroizing::new(String::from("{\"polynomial\":["));
    for (k, a) in coefs.iter().enumerate() {
        if k > 0 {
            raw.push(',');
        }
        raw.push('"');
        raw.push_str(&a.to_decimal());
        raw.push('"');
    }
    raw.push_str("]}");
    let polynomial = channel::send(group, &keys.sk, &cert_keys[me].encryption, &raw, rng)?;
    let coefexps = RawCoefexps {
        coefexps: coefs.iter().map(|a| a.public(group)).collect(),
    };
    let coefexps = channel::sign(group, &keys.sk, to_json(&coefexps, "coefexps")?, rng)?;
    let mut secrets = Vec::with_capacity(n);
    for (j, c) in cert_keys.iter().enumerate() {
        let s = eval_poly(group, &coefs, j as u64 + 1);
        let msg = Zeroizing::new(format!("{{\"secret\":\"{}\"}}", s.to_decimal().as_str()));
        secrets.push(channel::send(group, &keys.sk, &c.encryption, &msg, rng)?.to_json()?);
    }
    Ok(Polynomial {
        polynomial: polynomial.to_json()?,
        secrets,
        coefexps,
    })
}

/// Checks and parses every trustee's signed coefexps (all of length `threshold` when given).
fn check_coefexps(
    group: &Group,
    certs: &[CertKeys],
    coefexps: &[SignedMsg],
) -> Result<Vec<Vec<Elem>>, Error> {
    if coefexps.len() != certs.len() {
        return Err(Error::invalid("one coefexps per trustee expected"));
    }
    let parsed = certs
        .iter()
        .zip(coefexps)
        .enumerate()
        .map(|(i, (cert, c))| {
            verify_signed_msg(group, &cert.verification, c, ProofKind::CoefexpsSignature).map_err(
                |e| Error::invalid(format!("coefexps {} does not validate: {e}", i + 1)),
            )?;
            let r: RawCoefexps =
                serde_json::from_str(&c.message).map_err(|e| Error::json("coefexps", e))?;
            for x in &r.coefexps {
                group.check_element(x, "coefexp")?;
            }
            Ok(r.coefexps)
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let t = parsed[0].len();
    if t == 0 || t > certs.len() || parsed.iter().any(|c| c.len() != t) {
        return Err(Error::invalid("coefexps of inconsistent lengths"));
    }
    Ok(parsed)
}

/// Step 4 (administrator): checks the polynomials' coefexps and routes each trustee's
/// shares into its vinput (trustee order = certificate order).
pub fn step4(
    group: &Group,
    certs: &[SignedMsg],
    polynomials: &[Polynomial],
) -> Result<Vec<Vinput>, Error> {
    let cert_keys = step2(group, certs)?;
    let n = cert_keys.len();
    if polynomials.len() != n || polynomials.iter().any(|p| p.secrets.len() != n) {
        return Err(Error::invalid(
            "one polynomial with n secrets per trustee expected",
        ));
    }
    let coefexps: Vec<SignedMsg> = polynomials.iter().map(|p| p.coefexps.clone()).collect();
    check_coefexps(group, &cert_keys, &coefexps)?;
    Ok((0..n)
        .map(|j| Vinput {
            polynomial: polynomials[j].polynomial.clone(),
            secrets: polynomials.iter().map(|p| p.secrets[j].clone()).collect(),
            coefexps: coefexps.clone(),
        })
        .collect())
}

/// Parses a secret decimal number of up to 2048 bits and reduces it modulo `q`, without
/// heap copies and with a running time that only depends on its number of digits.
fn parse_secret(group: &Group, s: &str) -> Result<SecretScalar, Error> {
    use crypto_bigint::{NonZero, U4096};
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 617 || !b.iter().all(u8::is_ascii_digit) {
        return Err(Error::Number("secret".into()));
    }
    let ten = U4096::from_u8(10);
    let mut acc = U4096::ZERO;
    for d in b {
        let mut t = acc.wrapping_mul(&ten);
        acc.zeroize();
        acc = t.wrapping_add(&U4096::from_u8(d - b'0'));
        t.zeroize();
    }
    let q: Option<NonZero<Uint>> = NonZero::new(*group.q_uint()).into();
    let q = q.ok_or_else(|| Error::invalid("group order"))?;
    let r = acc.rem(&q);
    acc.zeroize();
    Ok(SecretScalar::from_reduced(r))
}

/// `Π_k c_k^(j^k)`: the commitment to `f(j)` of a polynomial with coefexps `c` (public data).
fn commitment_at(group: &Group, c: &[Elem], j: u64) -> Mont {
    let js = num::from_u64(j);
    let mut jk = Uint::ONE;
    let mut acc = group.one();
    for ck in c {
        acc = acc.mul(&group.to_mont(ck).pow_vartime(&jk));
        jk = group.scalar_mul(&jk, &js);
    }
    acc
}

/// Step 5: trustee `j` decrypts its shares, checks each against the sender's coefexps, and
/// publishes `vk_j = g^{x_j}` (with a proof of knowledge) and `x_j` encrypted to itself.
pub fn step5(
    group: &Group,
    certs: &[SignedMsg],
    seed: &TrusteeSeed,
    vinput: &Vinput,
    rng: &mut dyn RandomSource,
) -> Result<Voutput, Error> {
    let cert_keys = step2(group, certs)?;
    let n = cert_keys.len();
    let keys = seed.keys(group);
    let me = my_index(group, &cert_keys, &keys)?;
    let j = me as u64 + 1;
    if vinput.secrets.len() != n {
        return Err(Error::invalid("vinput: one secret per trustee expected"));
    }
    let coefexps = check_coefexps(group, &cert_keys, &vinput.coefexps)?;
    // Our own polynomial must match our published commitments.
    let own = channel::recv(
        group,
        &keys.dk,
        &cert_keys[me].verification,
        &EncryptedMsg::parse(&vinput.polynomial)?,
    )?;
    let own: RawPolynomial =
        serde_json::from_str(&own).map_err(|e| Error::json("polynomial", e))?;
    let own_ok = own.polynomial.len() == coefexps[me].len()
        && own
            .polynomial
            .iter()
            .zip(&coefexps[me])
            .try_fold(true, |ok, (a, c)| {
                Ok::<bool, Error>(ok && parse_secret(group, a)?.public(group) == *c)
            })?;
    drop(own);
    if !own_ok {
        return Err(Error::invalid("my polynomial does not match my coefexps"));
    }
    // Wiped on every exit path.
    let mut x = Zeroizing::new(Uint::ZERO);
    for (i, (cert, raw)) in cert_keys.iter().zip(&vinput.secrets).enumerate() {
        let msg = channel::recv(
            group,
            &keys.dk,
            &cert.verification,
            &EncryptedMsg::parse(raw)?,
        )?;
        let secret: RawSecret = serde_json::from_str(&msg).map_err(|e| Error::json("secret", e))?;
        let s = parse_secret(group, &secret.secret)?;
        if group.g_pow_ct(&s.0) != commitment_at(group, &coefexps[i], j) {
            return Err(Error::invalid(format!(
                "secret {} does not validate",
                i + 1
            )));
        }
        *x = group.scalar_add(&x, &s.0);
    }
    let x = SecretScalar::from_reduced(*x);
    let public_key = trustees::prove_key(group, &x, rng)?;
    let pdk = Zeroizing::new(format!(
        "{{\"decryption_key\":\"{}\"}}",
        x.to_decimal().as_str()
    ));
    let private_key = channel::send(group, &keys.sk, &cert_keys[me].encryption, &pdk, rng)?;
    Ok(Voutput {
        private_key: private_key.to_json()?,
        public_key,
    })
}

/// Checks trustee `index`'s (0-based) voutput against the polynomials' coefexps
/// (`step5_check`): proof of knowledge and `vk_j = Π_i Π_k coefexps[i][k]^(j^k)`.
pub fn check_voutput(
    group: &Group,
    certs: &[SignedMsg],
    index: usize,
    polynomials: &[Polynomial],
    voutput: &Voutput,
) -> Result<(), Error> {
    let cert_keys = step2(group, certs)?;
    let coefexps: Vec<SignedMsg> = polynomials.iter().map(|p| p.coefexps.clone()).collect();
    let coefexps = check_coefexps(group, &cert_keys, &coefexps)?;
    check_voutput_with(group, &coefexps, index, voutput)
}

fn check_voutput_with(
    group: &Group,
    coefexps: &[Vec<Elem>],
    index: usize,
    voutput: &Voutput,
) -> Result<(), Error> {
    trustees::check_single(group, &voutput.public_key, ProofKind::VerificationKeyPok)
        .map_err(|e| Error::invalid(format!("pok {} does not validate: {e}", index + 1)))?;
    let j = index as u64 + 1;
    let mut vk = group.one();
    for c in coefexps {
        vk = vk.mul(&commitment_at(group, c, j));
    }
    if group.elem_of(&vk) != voutput.public_key.public_key {
        return Err(Error::invalid(format!(
            "verification key {} is incorrect",
            index + 1
        )));
    }
    Ok(())
}

/// Step 6 (administrator): checks every voutput and assembles the threshold parameters
/// (`threshold.json`). Trustee `j`'s `.dkey` file is `voutputs[j].private_key`.
pub fn step6(
    group: &Group,
    certs: &[SignedMsg],
    polynomials: &[Polynomial],
    voutputs: &[Voutput],
) -> Result<ThresholdParams, Error> {
    let cert_keys = step2(group, certs)?;
    let n = cert_keys.len();
    if polynomials.len() != n || voutputs.len() != n {
        return Err(Error::invalid(
            "one polynomial and one voutput per trustee expected",
        ));
    }
    let signed: Vec<SignedMsg> = polynomials.iter().map(|p| p.coefexps.clone()).collect();
    let coefexps = check_coefexps(group, &cert_keys, &signed)?;
    for (i, v) in voutputs.iter().enumerate() {
        check_voutput_with(group, &coefexps, i, v)?;
    }
    let threshold =
        u32::try_from(coefexps[0].len()).map_err(|_| Error::invalid("threshold too large"))?;
    Ok(ThresholdParams {
        threshold,
        certs: certs.to_vec(),
        coefexps: signed,
        verification_keys: voutputs.iter().map(|v| v.public_key.clone()).collect(),
    })
}

/// Recovers a trustee's decryption key `x_j` from its `.dkey` file (an [`EncryptedMsg`] sent
/// to itself), as `belenios-tool election decrypt-threshold` does.
pub fn decryption_key(
    group: &Group,
    seed: &TrusteeSeed,
    dkey: &str,
) -> Result<SecretScalar, Error> {
    let keys = seed.keys(group);
    let msg = EncryptedMsg::parse(dkey.trim_end())?;
    let plain = channel::recv(group, &keys.dk, &keys.sk.public(group), &msg)?;
    let raw: RawDecryptionKey =
        serde_json::from_str(&plain).map_err(|e| Error::json("decryption key", e))?;
    parse_secret(group, &raw.decryption_key)
}

impl ElectionContext {
    /// A Pedersen trustee's partial decryption of the tally (`decrypt-threshold`): decrypts
    /// the share from `dkey` with the keys derived from `seed`, then proves each factor
    /// against `vk_j = g^{x_j}`. The caller publishes it with the trustee's owner index in the
    /// flattened trustee list ([`super::trustees::flattened_keys`]).
    pub fn compute_threshold_partial_decryption(
        &self,
        tally: &EncryptedTally,
        seed: &TrusteeSeed,
        dkey: &str,
        rng: &mut dyn RandomSource,
    ) -> Result<PartialDecryption, Error> {
        let x = decryption_key(self.group(), seed, dkey)?;
        self.compute_partial_decryption(tally, &x, rng)
    }
}

/// The outcome of a whole ceremony run by one party (simulations and tests only: a real
/// ceremony has each trustee run its own steps).
pub struct Ceremony {
    /// The trustees' seeds, in certificate order.
    pub seeds: Vec<TrusteeSeed>,
    /// The trustees' signed certificates (step 1), in certificate order.
    pub certs: Vec<SignedMsg>,
    /// The trustees' polynomials (step 3), in certificate order.
    pub polynomials: Vec<Polynomial>,
    /// The trustees' voutputs (step 5), in certificate order; each holds the trustee's `.dkey`
    /// content.
    pub voutputs: Vec<Voutput>,
    /// The published threshold parameters.
    pub params: ThresholdParams,
}

impl std::fmt::Debug for Ceremony {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ceremony")
            .field("trustees", &self.seeds.len())
            .field("threshold", &self.params.threshold)
            .finish()
    }
}

impl Ceremony {
    /// Trustee `j`'s (0-based) `.dkey` content.
    pub fn dkey(&self, j: usize) -> Option<&str> {
        self.voutputs.get(j).map(|v| v.private_key.as_str())
    }
}

/// Runs steps 1 to 6 for `n` trustees of which any `threshold` can decrypt.
pub fn run_ceremony(
    group: &Group,
    threshold: usize,
    n: usize,
    rng: &mut dyn RandomSource,
) -> Result<Ceremony, Error> {
    let mut seeds = Vec::with_capacity(n);
    let mut certs = Vec::with_capacity(n);
    for _ in 0..n {
        let (s, c) = step1(group, rng)?;
        seeds.push(s);
        certs.push(c);
    }
    let polynomials = seeds
        .iter()
        .map(|s| step3(group, &certs, s, threshold, rng))
        .collect::<Result<Vec<_>, _>>()?;
    let vinputs = step4(group, &certs, &polynomials)?;
    let voutputs = seeds
        .iter()
        .zip(&vinputs)
        .map(|(s, v)| step5(group, &certs, s, v, rng))
        .collect::<Result<Vec<_>, _>>()?;
    let params = step6(group, &certs, &polynomials, &voutputs)?;
    Ok(Ceremony {
        seeds,
        certs,
        polynomials,
        voutputs,
        params,
    })
}
