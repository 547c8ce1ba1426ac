//! The seal of the ballot pool: ballots waiting for the board's next batch are stored
//! encrypted, under a key kept outside the database, so that a dump taken while they wait
//! cannot tell which ballot a row is — even though the row shares its transaction (PostgreSQL
//! `xmin`), its heap or key position and its neighbours in time with the voter's participation
//! and session. docs/privacy.md, "Ballot secrecy at rest".
//!
//! The key is 32 random bytes, hex, in a file of its own (`ballot_seal_key_file`, by default
//! `<data dir>/ballot-seal.key`, created on first use with mode 0600). Every node of an
//! installation needs the same file: the database records a fingerprint of the key, and a
//! node started with another key is refused ([`BallotSeal::check_with_db`]) rather than left
//! unable to publish what the others sealed. Backups include the file (scripts/backup.sh).
//!
//! From it, by HMAC-SHA256 with distinct labels: an AES-256-GCM key for the sealed rows (the
//! consultation's id as associated data, so a row cannot be moved to another consultation),
//! an HMAC key for the `lookup` column (the tracker's keyed hash: the server finds a waiting
//! ballot by tracker, a database reader cannot), and the fingerprint.

use std::io::{ErrorKind, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::hmac;
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};

use crate::db::{Db, Tx};
use crate::exec;
use crate::on_db;

/// What a pool row holds, sealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedBallot {
    pub tracker: String,
    pub credential: String,
    /// The canonical ballot JSON.
    pub ballot: String,
    /// The account that cast it: its receipt mail is sent when the batch is published.
    pub voter: String,
    /// Nanoseconds since the epoch at the cast: orders a credential's waiting ballots (its
    /// last one counts). Only ever stored sealed.
    pub cast_at_ns: u64,
}

/// The keys derived from the installation's seal key.
pub struct BallotSeal {
    aead: LessSafeKey,
    lookup: hmac::Key,
    fingerprint: String,
}

impl std::fmt::Debug for BallotSeal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BallotSeal")
            .field("fingerprint", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

impl BallotSeal {
    /// Reads the key file, creating it with a fresh key when it does not exist.
    pub fn load_or_create(path: &Path) -> anyhow::Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::from_hex(text.trim())
                .with_context(|| format!("{}: not a ballot seal key", path.display())),
            Err(e) if e.kind() == ErrorKind::NotFound => {
                let mut secret = [0u8; 32];
                SystemRandom::new()
                    .fill(&mut secret)
                    .map_err(|_| anyhow::anyhow!("no system randomness"))?;
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("cannot create {}", dir.display()))?;
                }
                let created = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(path);
                match created {
                    Ok(mut file) => {
                        file.write_all(format!("{}\n", hex::encode(secret)).as_bytes())?;
                        file.sync_all()?;
                        Ok(Self::from_secret(&secret))
                    }
                    // Another process created it first: use theirs.
                    Err(e) if e.kind() == ErrorKind::AlreadyExists => Self::load_or_create(path),
                    Err(e) => Err(e).with_context(|| format!("cannot create {}", path.display())),
                }
            }
            Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    fn from_hex(text: &str) -> anyhow::Result<Self> {
        let bytes = hex::decode(text).context("expected 64 hexadecimal digits")?;
        let secret: [u8; 32] = bytes
            .try_into()
            .map_err(|_| anyhow::anyhow!("expected 64 hexadecimal digits"))?;
        Ok(Self::from_secret(&secret))
    }

    fn from_secret(secret: &[u8; 32]) -> Self {
        let root = hmac::Key::new(hmac::HMAC_SHA256, secret);
        let derive = |label: &[u8]| hmac::sign(&root, label);
        let aead_key = derive(b"voix ballot pool: AES-256-GCM key");
        let aead = LessSafeKey::new(
            UnboundKey::new(&AES_256_GCM, aead_key.as_ref()).expect("32 bytes make an AES-256 key"),
        );
        let lookup = hmac::Key::new(
            hmac::HMAC_SHA256,
            derive(b"voix ballot pool: tracker lookup key").as_ref(),
        );
        let fingerprint = hex::encode(&derive(b"voix ballot pool: key fingerprint").as_ref()[..16]);
        Self {
            aead,
            lookup,
            fingerprint,
        }
    }

    /// Identifies the key without revealing it.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The pool's key for a ballot: a keyed hash of the consultation and the tracker.
    pub fn lookup(&self, consultation_id: &str, tracker: &str) -> String {
        let mut ctx = hmac::Context::with_key(&self.lookup);
        ctx.update(consultation_id.as_bytes());
        ctx.update(&[0]);
        ctx.update(tracker.as_bytes());
        hex::encode(ctx.sign().as_ref())
    }

    /// Encrypts `ballot` for a row of `consultation_id`'s pool: base64 of nonce ‖ ciphertext ‖
    /// tag, with a random 96-bit nonce (a key seals far fewer than 2^32 rows).
    pub fn seal(&self, consultation_id: &str, ballot: &SealedBallot) -> anyhow::Result<String> {
        let mut nonce = [0u8; NONCE_LEN];
        SystemRandom::new()
            .fill(&mut nonce)
            .map_err(|_| anyhow::anyhow!("no system randomness"))?;
        let mut data = serde_json::to_vec(ballot)?;
        self.aead
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(consultation_id.as_bytes()),
                &mut data,
            )
            .map_err(|_| anyhow::anyhow!("sealing failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&data);
        Ok(B64.encode(out))
    }

    /// Decrypts a row sealed by [`Self::seal`] for `consultation_id`.
    pub fn open(&self, consultation_id: &str, sealed: &str) -> anyhow::Result<SealedBallot> {
        let bytes = B64.decode(sealed).context("a sealed ballot is base64")?;
        anyhow::ensure!(bytes.len() > NONCE_LEN, "a sealed ballot is too short");
        let (nonce, data) = bytes.split_at(NONCE_LEN);
        let nonce =
            Nonce::try_assume_unique_for_key(nonce).map_err(|_| anyhow::anyhow!("bad nonce"))?;
        let mut data = data.to_vec();
        let plain = self
            .aead
            .open_in_place(nonce, Aad::from(consultation_id.as_bytes()), &mut data)
            .map_err(|_| {
                anyhow::anyhow!("a waiting ballot does not open with this node's ballot seal key")
            })?;
        Ok(serde_json::from_slice(plain)?)
    }

    /// Records this key's fingerprint in a database that has none; refuses a database whose
    /// pool was sealed with another key (every node must share the key file).
    pub async fn check_with_db(&self, db: &Db, key_file: &Path) -> anyhow::Result<()> {
        let mut tx = db.begin().await?;
        exec!(
            &mut tx,
            "insert into ballot_seal_key (only_row, fingerprint) values (1, $1)
             on conflict (only_row) do nothing",
            &self.fingerprint
        )?;
        let recorded = recorded_fingerprint(&mut tx).await?;
        tx.commit().await?;
        anyhow::ensure!(
            recorded == self.fingerprint,
            "the ballot seal key in {} (fingerprint {}) is not the one this database's waiting \
             ballots are sealed with (fingerprint {recorded}): every node of an installation \
             needs the same key file — copy it from the first node or from the backup",
            key_file.display(),
            self.fingerprint,
        );
        Ok(())
    }
}

async fn recorded_fingerprint(tx: &mut Tx) -> Result<String, sqlx::Error> {
    on_db!(tx, |c| sqlx::query_scalar(
        "select fingerprint from ballot_seal_key where only_row = 1"
    )
    .fetch_one(c)
    .await)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ballot() -> SealedBallot {
        SealedBallot {
            tracker: "T".into(),
            credential: "C".into(),
            ballot: "{}".into(),
            voter: "u1".into(),
            cast_at_ns: 7,
        }
    }

    #[test]
    fn a_sealed_ballot_opens_only_with_its_key_and_consultation() {
        let dir = tempfile::tempdir().unwrap();
        let seal = BallotSeal::load_or_create(&dir.path().join("k")).unwrap();
        let sealed = seal.seal("c1", &ballot()).unwrap();
        assert_eq!(seal.open("c1", &sealed).unwrap(), ballot());
        assert!(
            seal.open("c2", &sealed).is_err(),
            "moved to another consultation"
        );
        let other = BallotSeal::load_or_create(&dir.path().join("other")).unwrap();
        assert!(other.open("c1", &sealed).is_err(), "another key");
        let mut tampered = B64.decode(&sealed).unwrap();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert!(seal.open("c1", &B64.encode(tampered)).is_err());
        // Two seals of one ballot share nothing a reader could match.
        assert_ne!(seal.seal("c1", &ballot()).unwrap(), sealed);
    }

    #[test]
    fn the_key_file_is_kept_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("ballot-seal.key");
        let first = BallotSeal::load_or_create(&path).unwrap();
        let again = BallotSeal::load_or_create(&path).unwrap();
        assert_eq!(first.fingerprint(), again.fingerprint());
        assert_eq!(first.lookup("c", "t"), again.lookup("c", "t"));
        assert_ne!(first.lookup("c", "t"), first.lookup("c", "u"));
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(&path).unwrap().permissions(),
        );
        assert_eq!(mode & 0o777, 0o600);
        std::fs::write(&path, "not hex").unwrap();
        assert!(BallotSeal::load_or_create(&path).is_err());
    }
}
