//! The public-key infrastructure and the authenticated encrypted channel of the Pedersen key
//! ceremony.
//!
//! `doc/specification.tex`, sections "Public-key infrastructure" and "Channels"; FORMAT.md §5
//! (Pedersen DKG); `src/lib/v1/trustees.ml` (`MakePKI`, `MakeChannels`) and
//! `src/platform/native/platform.ml` (`encrypt`, `decrypt`, the SJCL CCM code) of Belenios 2.0.
//!
//! During the threshold key ceremony the trustees send each other secrets (polynomial
//! evaluations) through the election administrator, who must learn nothing and must not be able
//! to forge or redirect anything. Belenios builds this from three pieces, reproduced here
//! bit for bit so that Voix and `belenios-tool` trustees can take part in the same ceremony:
//!
//! * **signatures** ([`sign`], [`super::trustees::verify_signed_msg`]): a Schnorr signature
//!   with prefix `sigmsg|<message>|` under the trustee's certificate key;
//! * **hybrid encryption** ([`encrypt`], [`decrypt`]): a fresh `K = g^s'` is ElGamal-encrypted
//!   to the recipient's encryption key (`α = g^r, β = ek^r·K`), and the payload is encrypted with
//!   AES-256-CCM under `SHA256("key|" ‖ dec(K))` with the nonce taken from
//!   `SHA256("iv|" ‖ dec(α))` and an 8-byte tag, written `{"alpha","beta","data":hex(ct‖tag)}`;
//! * **channel messages** ([`send`], [`recv`]): `encrypt(ek, signed({"recipient":ek,"message":M}))`.
//!   The signature binds the message to its sender and the recipient field to its
//!   destination, so the administrator can neither forge nor redirect a message.
//!
//! CCM follows SJCL, whose length-field size `L` is the smallest of 2, 3, 4 bytes that can hold
//! the plaintext length: the nonce is the first `15 − L` bytes of the 32-byte IV hash (13
//! bytes for messages below 64 KiB). That is standard CCM (NIST SP 800-38C) without associated
//! data, so the RustCrypto `ccm` crate produces the same bytes.
//!
//! Decryption checks that `α` and `β` are group elements before `α^dk` is computed: in the
//! BELENIOS-2048 Schnorr group `p − 1` has many small factors, and exponentiating an attacker's
//! small-order element with the secret key would leak it through the CCM tag check.

use aes::Aes256;
use ccm::aead::{Aead, KeyInit, Nonce};
use ccm::consts::{U8, U11, U12, U13};
use ccm::{Ccm, Key};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use super::error::{Error, ProofKind};
use super::group::{Elem, Group, SecretScalar};
use super::hash::{self, sha256};
use super::proofs;
use super::rng::{RandomSource, random_scalar};
use super::trustees::{SignedMsg, verify_signed_msg};

/// `{"alpha":G,"beta":G,"data":hex}`: a message encrypted to a trustee's encryption key
/// (`encrypted_msg`, `src/lib/v1/serializable.atd`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncryptedMsg {
    /// `g^r`, the ElGamal randomness of the encrypted session key.
    pub alpha: Elem,
    /// `ek^r·K`: the session key `K` encrypted to the recipient's encryption key `ek`.
    pub beta: Elem,
    /// Lowercase hex of the CCM ciphertext followed by its 8-byte tag.
    pub data: String,
}

impl EncryptedMsg {
    /// Parses the JSON form (as embedded in polynomials, vinputs, voutputs and `.dkey` files).
    pub fn parse(raw: &str) -> Result<Self, Error> {
        serde_json::from_str(raw).map_err(|e| Error::json("encrypted message", e))
    }

    /// The compact JSON form.
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string(self).map_err(|e| Error::json("encrypted message", e))
    }
}

/// `{"recipient":G,"message":S}`: the signed content of a channel message (`channel_msg`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelMsg {
    /// The recipient's encryption key, so that the message cannot be redirected to another trustee.
    pub recipient: Elem,
    /// The payload (for the key ceremony, a polynomial evaluation).
    pub message: String,
}

/// Length of the CCM tag (SJCL's `tlen = 64` bits).
const TAG_LEN: usize = 8;

type Ccm13 = Ccm<Aes256, U8, U13>;
type Ccm12 = Ccm<Aes256, U8, U12>;
type Ccm11 = Ccm<Aes256, U8, U11>;

/// SJCL's length-field size for a message of `len` bytes, or `None` beyond 2^32 − 1.
fn ccm_length_size(len: usize) -> Option<usize> {
    let len = len as u64;
    (2..=4usize).find(|l| len >> (8 * l) == 0)
}

fn ccm_run(key: &[u8; 32], iv: &[u8; 32], input: &[u8], encrypt: bool) -> Result<Vec<u8>, Error> {
    let data_len = if encrypt {
        input.len()
    } else {
        input
            .len()
            .checked_sub(TAG_LEN)
            .ok_or_else(|| Error::invalid("encrypted message too short"))?
    };
    let l = ccm_length_size(data_len).ok_or_else(|| Error::invalid("message too long"))?;
    let nonce = &iv[..15 - l];
    let fail = || Error::invalid("cannot decrypt message (wrong key or corrupted data)");
    macro_rules! run {
        ($t:ty) => {{
            let k = Key::<$t>::try_from(&key[..]).map_err(|_| fail())?;
            let n = Nonce::<$t>::try_from(nonce).map_err(|_| fail())?;
            let c = <$t>::new(&k);
            if encrypt {
                c.encrypt(&n, input)
                    .map_err(|_| Error::invalid("cannot encrypt"))
            } else {
                c.decrypt(&n, input).map_err(|_| fail())
            }
        }};
    }
    match l {
        2 => run!(Ccm13),
        3 => run!(Ccm12),
        _ => run!(Ccm11),
    }
}

/// AES-256-CCM encryption as Belenios does it (`Platform.encrypt`): returns `ct ‖ tag`.
pub fn ccm_encrypt(key: &[u8; 32], iv: &[u8; 32], plaintext: &[u8]) -> Result<Vec<u8>, Error> {
    ccm_run(key, iv, plaintext, true)
}

/// AES-256-CCM decryption (`Platform.decrypt`) of `ct ‖ tag`; fails if the tag is wrong.
pub fn ccm_decrypt(
    key: &[u8; 32],
    iv: &[u8; 32],
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>, Error> {
    ccm_run(key, iv, ciphertext, false).map(Zeroizing::new)
}

/// `SHA256("key|" ‖ dec(K))` and `SHA256("iv|" ‖ dec(α))`.
fn key_and_iv(k: &Elem, alpha: &Elem) -> (Zeroizing<[u8; 32]>, [u8; 32]) {
    let mut ks = Zeroizing::new(format!("key|{k}"));
    let key = Zeroizing::new(sha256(ks.as_bytes()));
    ks.zeroize();
    let iv = sha256(format!("iv|{alpha}").as_bytes());
    (key, iv)
}

/// Encrypts `plaintext` to the encryption key `y` (`MakePKI.encrypt`, "Channels").
pub fn encrypt(
    group: &Group,
    y: &Elem,
    plaintext: &[u8],
    rng: &mut dyn RandomSource,
) -> Result<EncryptedMsg, Error> {
    group.check_element(y, "recipient encryption key")?;
    let r = random_scalar(group, rng)?;
    let s = random_scalar(group, rng)?;
    let k = group.g_pow_ct(&s.0);
    let alpha = group.elem_of(&group.g_pow_ct(&r.0));
    let beta = group.elem_of(&group.pow_ct(&group.to_mont(y), &r.0).mul(&k));
    let (key, iv) = key_and_iv(&group.elem_of(&k), &alpha);
    let data = ccm_encrypt(&key, &iv, plaintext)?;
    Ok(EncryptedMsg {
        alpha,
        beta,
        data: hash::hex(&data),
    })
}

/// Decrypts a message with the decryption key `dk` (`MakePKI.decrypt`).
pub fn decrypt(
    group: &Group,
    dk: &SecretScalar,
    msg: &EncryptedMsg,
) -> Result<Zeroizing<Vec<u8>>, Error> {
    group.check_element(&msg.alpha, "encrypted message alpha")?;
    group.check_element(&msg.beta, "encrypted message beta")?;
    let data = hash::unhex(&msg.data).ok_or_else(|| Error::invalid("encrypted data is not hex"))?;
    let alpha_x = group.pow_ct(&group.to_mont(&msg.alpha), &dk.0);
    let inv = group
        .invert_vartime(&alpha_x)
        .ok_or_else(|| Error::invalid("encrypted message alpha not invertible"))?;
    let k = group.elem_of(&group.to_mont(&msg.beta).mul(&inv));
    let (key, iv) = key_and_iv(&k, &msg.alpha);
    ccm_decrypt(&key, &iv, &data)
}

/// Signs `message` with the certificate key `sk` (`MakePKI.sign`, prefix `sigmsg|M|`).
pub fn sign(
    group: &Group,
    sk: &SecretScalar,
    message: String,
    rng: &mut dyn RandomSource,
) -> Result<SignedMsg, Error> {
    let signature = proofs::schnorr_prove(group, &proofs::sigmsg_prefix(&message), sk, rng)?;
    Ok(SignedMsg { message, signature })
}

/// Sends `message` from the holder of `sk` to the trustee whose encryption key is
/// `recipient` (`MakeChannels.send`).
pub fn send(
    group: &Group,
    sk: &SecretScalar,
    recipient: &Elem,
    message: &str,
    rng: &mut dyn RandomSource,
) -> Result<EncryptedMsg, Error> {
    let mut inner = ChannelMsg {
        recipient: *recipient,
        message: message.to_owned(),
    };
    let inner_json = serde_json::to_string(&inner).map_err(|e| Error::json("channel message", e));
    inner.message.zeroize();
    let mut signed = sign(group, sk, inner_json?, rng)?;
    let signed_json = serde_json::to_string(&signed).map_err(|e| Error::json("signed message", e));
    signed.message.zeroize();
    let signed_json = Zeroizing::new(signed_json?);
    encrypt(group, recipient, signed_json.as_bytes(), rng)
}

/// Receives a channel message with the decryption key `dk`, checking that it was signed by
/// `sender_vk` and addressed to `g^dk` (`MakeChannels.recv`).
pub fn recv(
    group: &Group,
    dk: &SecretScalar,
    sender_vk: &Elem,
    msg: &EncryptedMsg,
) -> Result<Zeroizing<String>, Error> {
    let plain = decrypt(group, dk, msg)?;
    let signed: SignedMsg =
        serde_json::from_slice(&plain).map_err(|e| Error::json("decrypted signed message", e))?;
    let result = (|| {
        verify_signed_msg(group, sender_vk, &signed, ProofKind::ChannelSignature)?;
        let inner: ChannelMsg =
            serde_json::from_str(&signed.message).map_err(|e| Error::json("channel message", e))?;
        if inner.recipient != dk.public(group) {
            return Err(Error::invalid("channel message sent to another recipient"));
        }
        Ok(Zeroizing::new(inner.message))
    })();
    let mut m = signed.message;
    m.zeroize();
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::belenios::rng::SeededRandom;

    #[test]
    fn ccm_matches_rfc3610_style_lengths() {
        assert_eq!(ccm_length_size(0), Some(2));
        assert_eq!(ccm_length_size(65_535), Some(2));
        assert_eq!(ccm_length_size(65_536), Some(3));
        assert_eq!(ccm_length_size((1 << 24) - 1), Some(3));
        assert_eq!(ccm_length_size(1 << 24), Some(4));
        let key = [7u8; 32];
        let iv = [9u8; 32];
        for len in [0usize, 1, 15, 16, 17, 1000, 70_000] {
            let pt: Vec<u8> = (0..len).map(|i| i as u8).collect();
            let ct = ccm_encrypt(&key, &iv, &pt).unwrap();
            assert_eq!(ct.len(), len + TAG_LEN);
            assert_eq!(&ccm_decrypt(&key, &iv, &ct).unwrap()[..], &pt[..]);
            let mut bad = ct.clone();
            bad[0] ^= 1;
            assert!(ccm_decrypt(&key, &iv, &bad).is_err());
        }
        assert!(ccm_decrypt(&key, &iv, &[0u8; 7]).is_err());
    }

    #[test]
    fn channel_round_trip_and_tampering() {
        let g = Group::belenios_2048();
        let mut rng = SeededRandom::new(42);
        let sk = random_scalar(g, &mut rng).unwrap();
        let dk = random_scalar(g, &mut rng).unwrap();
        let other = random_scalar(g, &mut rng).unwrap();
        let vk = sk.public(g);
        let ek = dk.public(g);
        let msg = send(g, &sk, &ek, "{\"secret\":\"12\"}", &mut rng).unwrap();
        let json = msg.to_json().unwrap();
        assert_eq!(EncryptedMsg::parse(&json).unwrap(), msg);
        assert_eq!(
            recv(g, &dk, &vk, &msg).unwrap().as_str(),
            "{\"secret\":\"12\"}"
        );
        // Wrong decryption key, wrong sender, corrupted data, element outside the group.
        assert!(recv(g, &other, &vk, &msg).is_err());
        assert!(recv(g, &dk, &other.public(g), &msg).is_err());
        let mut bad = msg.clone();
        bad.data
            .replace_range(0..1, if &bad.data[0..1] == "0" { "1" } else { "0" });
        assert!(recv(g, &dk, &vk, &bad).is_err());
        let mut bad = msg.clone();
        bad.alpha = Elem::from_u64(0);
        assert!(recv(g, &dk, &vk, &bad).is_err());
        // Redirected message: addressed to `other`, re-encrypted to `dk` by the administrator.
        let inner = ChannelMsg {
            recipient: other.public(g),
            message: "x".into(),
        };
        let signed = sign(g, &sk, serde_json::to_string(&inner).unwrap(), &mut rng).unwrap();
        let redirected = encrypt(
            g,
            &ek,
            serde_json::to_string(&signed).unwrap().as_bytes(),
            &mut rng,
        )
        .unwrap();
        assert!(recv(g, &dk, &vk, &redirected).is_err());
    }
}
