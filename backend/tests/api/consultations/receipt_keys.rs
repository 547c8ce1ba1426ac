//! Rotating a town's receipt key (`voix admin rotate-receipt-key`, run as a real process):
//! receipts already issued still verify, an open consultation keeps signing with its key, and
//! consultations opened afterwards sign with the new one. On SQLite and PostgreSQL.

use std::process::Command;

use serde_json::{Value, json};

use super::election::{VOTERS, ballot, cast_ok, create_voters, open_one};
use super::{app, now, people};
use crate::helpers::{Backend, Session, json};
use crate::on_both_databases;

on_both_databases!(rotating_the_receipt_key_keeps_old_receipts_valid);

const VOIX: &str = env!("CARGO_BIN_EXE_voix");

async fn board_key(session: &Session, id: &str) -> String {
    let board = json(
        session
            .get(&format!("/api/v1/consultations/{id}/board"))
            .await,
    )
    .await;
    board["receipt_public_key"].as_str().unwrap().to_owned()
}

async fn check(session: &Session, id: &str, receipt: &Value) -> Value {
    json(
        session
            .post(
                &format!("/api/v1/consultations/{id}/receipts/verify"),
                receipt.clone(),
            )
            .await,
    )
    .await
}

async fn rotating_the_receipt_key_keeps_old_receipts_valid(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    create_voters(&app).await;
    let first = open_one(&app, &p.staff, now() - 60, 1).await;
    let v1 = Session::login(&app, None, VOTERS[0]).await;
    let vote = [vec![0, 1, 0], vec![1, 0, 0]];
    let receipt = cast_ok(
        &v1,
        &first.id,
        &ballot(&first.ctx, &first.credentials[0], &vote),
    )
    .await;
    let old_key = board_key(&v1, &first.id).await;

    let out = Command::new(VOIX)
        .args(["admin", "rotate-receipt-key", "--data-dir"])
        .arg(app.settings.data_dir.as_os_str())
        .args(["--database-url", app.settings.database_url.expose()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert_eq!(printed.len(), 43, "{printed}"); // 32 bytes, unpadded base64
    assert_ne!(printed, old_key);

    // The open consultation keeps its key: the old receipt and a new one both verify with it.
    assert_eq!(board_key(&v1, &first.id).await, old_key);
    assert_eq!(
        check(&v1, &first.id, &receipt).await,
        json!({"this_election": true, "signature_valid": true, "on_board": true, "waiting": false})
    );
    let again = cast_ok(
        &v1,
        &first.id,
        &ballot(&first.ctx, &first.credentials[0], &vote),
    )
    .await;
    assert_eq!(check(&v1, &first.id, &again).await["signature_valid"], true);

    // A consultation opened after the rotation signs with the new key.
    let second = open_one(&app, &p.staff, now() - 60, 2).await;
    assert_eq!(board_key(&v1, &second.id).await, printed);
    let fresh = cast_ok(
        &v1,
        &second.id,
        &ballot(&second.ctx, &second.credentials[0], &vote),
    )
    .await;
    assert_eq!(
        check(&v1, &second.id, &fresh).await["signature_valid"],
        true
    );
    // A receipt does not verify against another consultation's key.
    assert_eq!(
        check(&v1, &second.id, &receipt).await["signature_valid"],
        false
    );
}
