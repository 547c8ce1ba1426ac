//! `voix trustee …` as processes: three officials run the whole key ceremony and the
//! decryption with the binary on "offline" task files, carried to and from the API as the
//! officials would carry them on a USB key; the result is checked by both verifiers.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use super::ceremony::{frozen, official_sessions};
use super::election::{archive, both_verifiers_accept};
use super::{app, people};
use crate::helpers::{Backend, Session, json};
use crate::on_both_databases;

on_both_databases!(officials_use_the_offline_command_line);

const VOIX: &str = env!("CARGO_BIN_EXE_voix");

fn voix(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(VOIX).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Saves the official's task file (`GET /trustee/consultations/{id}`) into `dir`.
async fn task_file(s: &Session, id: &str, dir: &Path, name: &str) -> String {
    let r = s.get(&format!("/api/v1/trustee/consultations/{id}")).await;
    assert_eq!(r.status(), 200);
    let path = dir.join(name);
    std::fs::write(&path, r.text().await.unwrap()).unwrap();
    path.to_str().unwrap().to_owned()
}

/// Sends a message file written by the command line.
async fn upload(s: &Session, id: &str, route: &str, path: &Path) -> Value {
    let body: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let r = s
        .post(&format!("/api/v1/trustee/consultations/{id}/{route}"), body)
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    json(r).await
}

fn key_in(dir: &Path) -> String {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "key"))
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned()
}

async fn officials_use_the_offline_command_line(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    let officials = official_sessions(&app).await;
    let id = frozen(&p.staff, &p.officials).await;
    let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();

    // Step 1: the key stays in the official's folder; only certificate.json is sent.
    for (s, d) in officials.iter().zip(&dirs) {
        let input = task_file(s, &id, d.path(), "task1.json").await;
        let keys = d.path().join("keys");
        let (ok, out, err) = voix(&[
            "trustee",
            "generate-cert",
            "--input",
            &input,
            "--out",
            keys.to_str().unwrap(),
        ]);
        assert!(ok, "{err}");
        assert!(out.contains("PRIVATE key"), "{out}");
        let key = key_in(&keys);
        let seed = std::fs::read_to_string(&key).unwrap();
        assert_eq!(seed.trim().len(), 22);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&key).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "the key file is readable by others");
        }
        let sent = std::fs::read_to_string(keys.join("certificate.json")).unwrap();
        assert!(!sent.contains(seed.trim()), "the seed must never be sent");
        upload(s, &id, "ceremony", &keys.join("certificate.json")).await;
    }
    // A task file of the wrong step is refused with an explanation.
    let input = task_file(&officials[0], &id, dirs[0].path(), "task3.json").await;
    let key0 = key_in(&dirs[0].path().join("keys"));
    let (ok, _, err) = voix(&[
        "trustee",
        "voutput",
        "--key",
        &key0,
        "--input",
        &input,
        "--out",
        "/dev/null",
    ]);
    assert!(!ok);
    assert!(err.contains("`polynomial`, not `voutput`"), "{err}");
    // Another official's key.
    let key1 = key_in(&dirs[1].path().join("keys"));
    let out0 = dirs[0].path().join("polynomial.json");
    let (ok, _, err) = voix(&[
        "trustee",
        "polynomial",
        "--key",
        &key1,
        "--input",
        &input,
        "--out",
        out0.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(err.contains("not the key of this key holder"), "{err}");

    // Steps 3 and 5.
    for (command, route) in [("polynomial", "ceremony"), ("voutput", "ceremony")] {
        for (s, d) in officials.iter().zip(&dirs) {
            let input = task_file(s, &id, d.path(), &format!("{command}-task.json")).await;
            let out = d.path().join(format!("{command}.json"));
            let (ok, _, err) = voix(&[
                "trustee",
                command,
                "--key",
                &key_in(&d.path().join("keys")),
                "--input",
                &input,
                "--out",
                out.to_str().unwrap(),
            ]);
            assert!(ok, "{command}: {err}");
            upload(s, &id, route, &out).await;
        }
    }
    let state = json(
        p.staff
            .get(&format!("/api/v1/consultations/{id}/ceremony"))
            .await,
    )
    .await;
    assert_eq!(state["step"], "done");

    // Open (the electorate is the uploaded list; nobody votes), close, two officials decrypt.
    for route in ["open", "close"] {
        let r = p
            .staff
            .post(
                &format!("/api/v1/staff/consultations/{id}/{route}"),
                json!({}),
            )
            .await;
        assert_eq!(r.status(), 200, "{route}: {}", r.text().await.unwrap());
    }
    for i in [1, 2] {
        let d = dirs[i].path();
        let input = task_file(&officials[i], &id, d, "tally.json").await;
        let out = d.join("decryption.json");
        let (ok, _, err) = voix(&[
            "trustee",
            "decrypt",
            "--key",
            &key_in(&d.join("keys")),
            "--tally",
            &input,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(ok, "{err}");
        upload(&officials[i], &id, "decryption", &out).await;
    }
    let anonymous = Session::anonymous(&app, None);
    let detail = json(anonymous.get(&format!("/api/v1/consultations/{id}")).await).await;
    assert_eq!(detail["status"], "published");
    let uuid = detail["election_uuid"].as_str().unwrap();
    let report = both_verifiers_accept(uuid, &archive(&anonymous, &id, uuid).await);
    assert_eq!(report.partial_decryptions, vec![2, 3]);
    assert_eq!(report.result, Some(vec![vec![0, 0, 0], vec![0, 0, 0]]));
}
