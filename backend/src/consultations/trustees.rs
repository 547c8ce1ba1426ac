//! "The trustees": where the election public key and the decryption factors come from.
//!
//! Everything else (opening, closing, tallying) asks this module, so the source of the key is
//! pluggable:
//!
//! * [`TrusteeSource::ServerSingle`] — one Belenios *Single* trustee held by the server
//!   (`setup generate-trustee-key`; spec "Trustees", "Verification keys"): the server draws
//!   `x`, publishes `X = g^x` with its proof of knowledge (`pok|<group>|X|`), stores the
//!   public key as the step-1 `public_key` ceremony message and `x` in
//!   `consultation_trustees.server_private_key` — the only place a private key is ever stored,
//!   which is exactly what this explicitly chosen, trials-only mode gives up. At the tally it
//!   computes its partial decryptions (spec "Partial decryptions": the whole tally and each
//!   district's) itself; the publication deletes the key in the same transaction
//!   ([`super::voting::try_publish`]).
//! * [`TrusteeSource::Officials`] — a Pedersen block run by elected officials in their
//!   browsers. The election key exists once the server stored the ceremony's step-6
//!   `threshold` message; partial decryptions arrive from the officials, so the server
//!   contributes none.

use protocol::ErrorCode;
use protocol::belenios::decryption::PartialDecryption;
use protocol::belenios::election::ElectionContext;
use protocol::belenios::group::{Group, SecretScalar};
use protocol::belenios::rng::OsRandom;
use protocol::belenios::tally::EncryptedTally;
use protocol::belenios::trustees::{self, ThresholdParams, TrusteeKind, TrusteePublicKey};
use protocol::consultations::TrusteeMode;

use crate::db::Tx;
use crate::error::ApiError;
use crate::repo::consultations::{self as repo, Row};

/// Where a consultation's key comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrusteeSource {
    ServerSingle,
    Officials,
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::Internal(anyhow::anyhow!("trustees: {e}"))
}

impl TrusteeSource {
    pub fn of(row: &Row) -> Self {
        match TrusteeMode::parse(&row.trustee_mode) {
            Some(TrusteeMode::ServerSingle) => Self::ServerSingle,
            _ => Self::Officials,
        }
    }

    /// The public trustees list (the archive's `trustees` record, FORMAT.md §4), checked as
    /// `election verify` does. For the server's Single trustee the key is generated here the
    /// first time (one transaction with the opening). Officials whose ceremony is not over:
    /// 409 `trustees_not_ready`.
    pub async fn public_trustees(
        self,
        tx: &mut Tx,
        row: &Row,
        group: &'static Group,
        now: i64,
    ) -> Result<Vec<TrusteeKind>, ApiError> {
        let list = match self {
            Self::ServerSingle => {
                let stored = repo::ceremony_messages(tx, &row.id, "public_key").await?;
                let key: TrusteePublicKey = match stored.first() {
                    Some((_, payload)) => serde_json::from_str(payload).map_err(internal)?,
                    None => {
                        let position = repo::trustees(tx, &row.id)
                            .await?
                            .into_iter()
                            .find(|t| t.kind == "server")
                            .map(|t| t.position)
                            .ok_or_else(|| internal("no server trustee"))?;
                        let (x, key) =
                            trustees::generate_single(group, &mut OsRandom).map_err(internal)?;
                        let payload = serde_json::to_string(&key).map_err(internal)?;
                        repo::set_server_private_key(tx, &row.id, position, &x.to_decimal())
                            .await?;
                        repo::insert_ceremony_message(
                            tx,
                            &row.town_id,
                            &row.id,
                            1,
                            position,
                            "public_key",
                            &payload,
                            None,
                            now,
                        )
                        .await?;
                        key
                    }
                };
                vec![TrusteeKind::Single(key)]
            }
            Self::Officials => {
                let params = repo::ceremony_messages(tx, &row.id, "threshold").await?;
                let Some((_, payload)) = params.first() else {
                    return Err(ApiError::code(ErrorCode::TrusteesNotReady));
                };
                let params: ThresholdParams = serde_json::from_str(payload).map_err(internal)?;
                vec![TrusteeKind::Pedersen(params)]
            }
        };
        trustees::check_trustees(group, &list).map_err(internal)?;
        Ok(list)
    }

    /// The partial decryptions the server contributes itself, with their owner (1-based
    /// flattened trustee index): the Single trustee's for `server_single`, none otherwise.
    pub async fn server_partial_decryptions(
        self,
        tx: &mut Tx,
        id: &str,
        ctx: &ElectionContext,
        tally: &EncryptedTally,
    ) -> Result<Vec<(u32, PartialDecryption)>, ApiError> {
        match self {
            Self::Officials => Ok(Vec::new()),
            Self::ServerSingle => {
                let (position, key) = repo::server_private_key(tx, id)
                    .await?
                    .ok_or_else(|| internal("the server trustee has no key"))?;
                let x = SecretScalar::from_decimal(ctx.group(), &key).map_err(internal)?;
                let pd = ctx
                    .compute_partial_decryption(tally, &x, &mut OsRandom)
                    .map_err(internal)?;
                let owner = u32::try_from(position).map_err(internal)?;
                Ok(vec![(owner, pd)])
            }
        }
    }
}
