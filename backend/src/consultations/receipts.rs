//! Ballot receipts: the town's Ed25519 key signs, for every accepted ballot,
//! [`protocol::consultations::receipt_message`] — election uuid, fingerprint, smart ballot
//! tracker and acceptance time. A voter who keeps the receipt can prove that the server accepted
//! that ballot at that time; anyone can check it against the published key.
//!
//! One key per town (`receipt_keys`), generated on first use (ring, PKCS#8 stored server-side)
//! and replaced with `voix admin rotate-receipt-key` ([`rotate_town_key`]); each consultation
//! records the key it uses when it opens, so a later key rotation does not
//! invalidate old receipts. Two consultations opening at the very same moment on two
//! PostgreSQL nodes may each create a key: both stay valid, each consultation names its own.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use protocol::consultations::{BallotReceipt, receipt_message};
use ring::rand::SystemRandom;
use ring::signature::{ED25519, Ed25519KeyPair, KeyPair, UnparsedPublicKey};

use crate::db::Tx;
use crate::error::ApiError;
use crate::repo::consultations::{self as repo, ReceiptKeyRow};

fn internal(what: &str) -> ApiError {
    ApiError::Internal(anyhow::anyhow!("receipt key: {what}"))
}

/// The town's active receipt key, created when there is none.
pub async fn ensure_town_key(
    tx: &mut Tx,
    town_id: &str,
    now: i64,
) -> Result<ReceiptKeyRow, ApiError> {
    if let Some(key) = repo::active_receipt_key(tx, town_id).await? {
        return Ok(key);
    }
    let rng = SystemRandom::new();
    let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).map_err(|_| internal("generation"))?;
    let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).map_err(|_| internal("parse"))?;
    let key = ReceiptKeyRow {
        id: uuid::Uuid::new_v4().to_string(),
        public_key: pair.public_key().as_ref().to_vec(),
        private_key: pkcs8.as_ref().to_vec(),
    };
    repo::insert_receipt_key(tx, town_id, &key, now).await?;
    Ok(key)
}

/// Replaces the town's active receipt key with a new one (`voix admin rotate-receipt-key`):
/// after a suspected leak, or on the town's key-renewal schedule. Consultations already open
/// keep the key they recorded, so every receipt issued stays verifiable; those opened from now
/// on sign with the new key.
pub async fn rotate_town_key(
    tx: &mut Tx,
    town_id: &str,
    now: i64,
) -> Result<ReceiptKeyRow, ApiError> {
    repo::retire_receipt_keys(tx, town_id, now).await?;
    ensure_town_key(tx, town_id, now).await
}

/// Signs a receipt with `key`.
pub fn sign(
    key: &ReceiptKeyRow,
    election_uuid: &str,
    fingerprint: &str,
    tracker: &str,
    time: i64,
) -> Result<String, ApiError> {
    let pair = Ed25519KeyPair::from_pkcs8(&key.private_key).map_err(|_| internal("parse"))?;
    let message = receipt_message(election_uuid, fingerprint, tracker, time);
    Ok(STANDARD_NO_PAD.encode(pair.sign(message.as_bytes()).as_ref()))
}

/// The public key as published (unpadded base64).
pub fn public_key_b64(key: &ReceiptKeyRow) -> String {
    STANDARD_NO_PAD.encode(&key.public_key)
}

/// Whether the receipt's signature verifies with the public key `public_key` (raw 32 bytes).
pub fn verify(public_key: &[u8], receipt: &BallotReceipt) -> bool {
    let Ok(signature) = STANDARD_NO_PAD.decode(receipt.signature.as_bytes()) else {
        return false;
    };
    let message = receipt_message(
        &receipt.election_uuid,
        &receipt.fingerprint,
        &receipt.tracker,
        receipt.time,
    );
    UnparsedPublicKey::new(&ED25519, public_key)
        .verify(message.as_bytes(), &signature)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_and_bind_every_field() {
        let rng = SystemRandom::new();
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
        let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap();
        let key = ReceiptKeyRow {
            id: "k".into(),
            public_key: pair.public_key().as_ref().to_vec(),
            private_key: pkcs8.as_ref().to_vec(),
        };
        let signature = sign(&key, "uuid", "phi", "tracker", 42).unwrap();
        let mut receipt = BallotReceipt {
            election_uuid: "uuid".into(),
            fingerprint: "phi".into(),
            tracker: "tracker".into(),
            time: 42,
            public_key: public_key_b64(&key),
            signature,
        };
        assert!(verify(&key.public_key, &receipt));
        receipt.time = 43;
        assert!(!verify(&key.public_key, &receipt));
        receipt.time = 42;
        receipt.tracker = "other".into();
        assert!(!verify(&key.public_key, &receipt));
        receipt.tracker = "tracker".into();
        receipt.signature = "not base64!".into();
        assert!(!verify(&key.public_key, &receipt));
    }
}
