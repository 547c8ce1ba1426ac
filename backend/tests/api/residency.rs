//! Residency verification: census import (encodings, validation, all or nothing), a resident's
//! request matched against the census, throttling, manual verification with its audit entry,
//! expiry and town isolation.

use std::time::Duration;

use protocol::api::Role;
use serde_json::{Value, json};
use voix::repo::{audit, residency, towns};
use voix::time::now;

use crate::helpers::{Backend, Session, TEST_HOSTS, TestApp, json, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(
    census_import_is_all_or_nothing,
    an_oversized_upload_is_answered_not_reset,
    encodings_and_matching,
    wrong_details_are_refused_then_throttled,
    staff_verify_and_revoke_by_hand_with_audit_entries,
    verification_expires,
    towns_are_isolated,
    one_census_person_verifies_one_account,
);

/// Uploads a census file as `session`.
trait Upload {
    async fn upload(&self, file_name: &str, bytes: Vec<u8>) -> reqwest::Response;
}

impl Upload for Session {
    async fn upload(&self, file_name: &str, bytes: Vec<u8>) -> reqwest::Response {
        self.client
            .post(format!(
                "{}/api/v1/admin/census?file_name={file_name}",
                self.base
            ))
            .header("origin", &self.base)
            .header("content-type", "text/csv")
            .header("accept-language", "en")
            .body(bytes)
            .send()
            .await
            .unwrap()
    }
}

/// The second factor is not the point here (tests/api/totp.rs covers it).
async fn app_with(backend: Backend, valid: Option<Duration>) -> TestApp {
    spawn_app_with(backend, |s| {
        s.totp_required_roles.clear();
        if let Some(v) = valid {
            s.residency_valid = v;
        }
    })
    .await
}

const CENSUS: &str = "nom;prenom;date_naissance;reference;adresse;quartier\n\
                      Dupré;Hélène;03/04/1971;A-1;1 rue de la Saône;Centre\n\
                      Martin;Jean;;B-2;2 place du Marché;Les Prés\n\
                      N'Diaye;Awa;1990-12-31;;3 allée des Tilleuls;Nord\n";

async fn summary(admin: &Session) -> Value {
    let r = admin.get("/api/v1/admin/census").await;
    assert_eq!(r.status(), 200);
    json(r).await
}

async fn census_import_is_all_or_nothing(backend: Backend) {
    let app = app_with(backend, None).await;
    app.create_user(None, "admin@mairie.fr", Role::Admin).await;
    app.create_user(None, "agent@mairie.fr", Role::Staff).await;
    app.create_user(None, "habitant@mairie.fr", Role::Resident)
        .await;
    let admin = Session::login(&app, None, "admin@mairie.fr").await;

    let r = admin.upload("recensement.csv", CENSUS.into()).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(json(r).await["rows_imported"], 3);
    let s = summary(&admin).await;
    assert_eq!(s["entries"], 3);
    assert_eq!(s["last_import"]["file_name"], "recensement.csv");

    // Every faulty row is reported; nothing changes.
    let bad = "nom;prenom;date_naissance;reference;adresse;quartier\n\
               Durand;Paul;31/02/1990;C-1;4 rue;Nord\n\
               Petit;Zoé;01/01/1980;C-2;5 rue;Sud\n\
               Roux;Léa;02/02/1982;C-2;6 rue;Sud\n\
               Blanc;Tom;;;7 rue;Sud\n\
               Valide;Ligne;01/01/1970;C-9;8 rue;Sud\n";
    let r = admin.upload("faux.csv", bad.into()).await;
    assert_eq!(r.status(), 422);
    let body = json(r).await;
    assert_eq!(body["error"], "census_invalid");
    let rejected: Vec<(u64, String, String)> = body["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["column"].as_str().unwrap_or("").to_owned(),
                r["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        rejected,
        vec![
            (2, "birth_date".into(), "invalid_date".into()),
            (4, "reference".into(), "duplicate_reference".into()),
            (5, String::new(), "missing_identifier".into()),
        ]
    );
    // Messages follow the request's language and name both lines of a duplicate.
    assert!(
        body["rejected"][1]["message"]
            .as_str()
            .unwrap()
            .contains("line 3"),
        "{body}"
    );
    let s = summary(&admin).await;
    assert_eq!(s["entries"], 3);
    assert_eq!(s["last_import"]["file_name"], "recensement.csv");

    // Wrong columns.
    let r = admin
        .upload("colonnes.csv", b"name;dob;town\nA;B;C\n".to_vec())
        .await;
    assert_eq!(r.status(), 422);
    let body = json(r).await;
    let reasons: Vec<&str> = body["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"unknown_column"), "{body}");
    assert!(reasons.contains(&"missing_column"), "{body}");
    assert_eq!(summary(&admin).await["entries"], 3);

    // A JSON body is not a census; a file larger than the JSON limit is accepted on this route
    // only; one above 10 MB is refused with its own code.
    let r = admin
        .client
        .post(format!("{}/api/v1/admin/census", admin.base))
        .header("origin", &admin.base)
        .json(&json!({"rows": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    let mut big = String::from("nom;prenom;reference;adresse;quartier\n");
    for i in 0..3000 {
        big.push_str(&format!(
            "Nom{i};Prénom;R{i};{i} avenue de la République;Centre\n"
        ));
    }
    assert!(big.len() > 64 * 1024);
    let r = admin.upload("grand.csv", big.into()).await;
    assert_eq!(r.status(), 200);
    assert_eq!(summary(&admin).await["entries"], 3000);
    let r = admin
        .upload("enorme.csv", vec![b'a'; 11 * 1024 * 1024])
        .await;
    assert_eq!(r.status(), 413);
    assert_eq!(json(r).await["error"], "payload_too_large");
    assert_eq!(summary(&admin).await["entries"], 3000);

    // Only administrators import or read the census.
    for email in ["agent@mairie.fr", "habitant@mairie.fr"] {
        let other = Session::login(&app, None, email).await;
        assert_eq!(
            other.upload("x.csv", CENSUS.into()).await.status(),
            403,
            "{email}"
        );
        assert_eq!(other.get("/api/v1/admin/census").await.status(), 403);
    }

    // Each import is in the audit log.
    let mut tx = app.db.read().await.unwrap();
    let town = towns::ensure_default(&mut tx, "x").await.unwrap();
    let entries = audit::list(&mut tx, &town.id).await.unwrap();
    assert_eq!(
        entries
            .iter()
            .filter(|e| e.action == "census.import")
            .count(),
        2
    );
    assert!(audit::verify_chain(&entries));
}

async fn encodings_and_matching(backend: Backend) {
    let app = app_with(backend, None).await;
    app.create_user(None, "admin@mairie.fr", Role::Admin).await;
    app.create_user(None, "helene@exemple.fr", Role::Resident)
        .await;
    app.create_user(None, "jean@exemple.fr", Role::Resident)
        .await;
    let admin = Session::login(&app, None, "admin@mairie.fr").await;

    // Windows-1252, as French Excel saves "CSV (séparateur : point-virgule)".
    let cp1252: Vec<u8> = b"Nom;Pr\xe9nom;Date de naissance;R\xe9f\xe9rence;Adresse;Quartier\r\n\
        Dupr\xe9;H\xe9l\xe8ne;03/04/1971;A-1;1 rue de la Sa\xf4ne;Centre-Bourg\r\n\
        Martin;Jean;;B 2;2 place du March\xe9;Les Pr\xe9s\r\n"
        .to_vec();
    let r = admin.upload("excel.csv", cp1252).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());

    let helene = Session::login(&app, None, "helene@exemple.fr").await;
    let r = helene.get("/api/v1/me/residency").await;
    assert_eq!(json(r).await["verified"], false);
    let r = helene
        .post(
            "/api/v1/me/residency",
            json!({"last_name": "  DUPRE ", "first_name": "helene", "birth_date": "1971-04-03"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let body = json(r).await;
    assert_eq!(body["verified"], true);
    assert_eq!(body["district"], "Centre-Bourg");
    assert_eq!(body["method"], "census");
    let r = helene.get("/api/v1/me/residency").await;
    assert_eq!(json(r).await["district"], "Centre-Bourg");
    // The verification is part of the person's data export.
    let export = json(helene.get("/api/v1/me/export").await).await;
    assert_eq!(export["residency"]["district"], "Centre-Bourg");

    // By reference, spaces and case ignored; the accented district survived the decoding.
    let jean = Session::login(&app, None, "jean@exemple.fr").await;
    let r = jean
        .post(
            "/api/v1/me/residency",
            json!({"last_name": "Martin", "first_name": "Jean", "reference": "b2"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(json(r).await["district"], "Les Prés");

    // UTF-8 with a BOM and commas.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(
        "last_name,first_name,birth_date,address,district\nÉtienne,Noé,1985-06-07,\"1, rue\",Sud\n"
            .as_bytes(),
    );
    let r = admin.upload("bom.csv", bom).await;
    assert_eq!(r.status(), 200);
    let r = jean
        .post(
            "/api/v1/me/residency",
            json!({"last_name": "etienne", "first_name": "NOE", "birth_date": "07/06/1985"}),
        )
        .await;
    assert_eq!(json(r).await["district"], "Sud");

    // Validation: a birth date or a reference is needed; dates must exist.
    let r = jean
        .post(
            "/api/v1/me/residency",
            json!({"last_name": "Martin", "first_name": "Jean"}),
        )
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(json(r).await["field"], "birth_date");
    let r = jean
        .post(
            "/api/v1/me/residency",
            json!({"last_name": "Martin", "first_name": "Jean", "birth_date": "31/02/1990"}),
        )
        .await;
    assert_eq!(json(r).await["error"], "validation");
}

async fn wrong_details_are_refused_then_throttled(backend: Backend) {
    let app = app_with(backend, None).await;
    app.create_user(None, "admin@mairie.fr", Role::Admin).await;
    app.create_user(None, "helene@exemple.fr", Role::Resident)
        .await;
    let admin = Session::login(&app, None, "admin@mairie.fr").await;
    assert_eq!(admin.upload("c.csv", CENSUS.into()).await.status(), 200);
    let helene = Session::login(&app, None, "helene@exemple.fr").await;
    let limit = app.settings.throttle.residency_per_account.max;
    for _ in 0..limit {
        let r = helene
            .post(
                "/api/v1/me/residency",
                json!({"last_name": "Dupré", "first_name": "Hélène", "birth_date": "1971-04-04"}),
            )
            .await;
        assert_eq!(r.status(), 422);
        assert_eq!(json(r).await["error"], "residency_not_found");
    }
    // Even the right details are refused now: the census is not a guessing oracle.
    let r = helene
        .post(
            "/api/v1/me/residency",
            json!({"last_name": "Dupré", "first_name": "Hélène", "birth_date": "1971-04-03"}),
        )
        .await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().get("retry-after").is_some());
    assert_eq!(
        json(helene.get("/api/v1/me/residency").await).await["verified"],
        false
    );
}

async fn staff_verify_and_revoke_by_hand_with_audit_entries(backend: Backend) {
    let app = app_with(backend, None).await;
    let agent_id = app.create_user(None, "agent@mairie.fr", Role::Staff).await;
    let resident_id = app
        .create_user(None, "habitant@exemple.fr", Role::Resident)
        .await;
    let agent = Session::login(&app, None, "agent@mairie.fr").await;
    let resident = Session::login(&app, None, "habitant@exemple.fr").await;

    let r = agent
        .get("/api/v1/admin/residency?email=Habitant@Exemple.fr")
        .await;
    assert_eq!(r.status(), 200);
    let found = json(r).await;
    assert_eq!(found["user_id"], resident_id.as_str());
    assert_eq!(found["residency"]["verified"], false);
    // A missing or unknown query parameter is refused in JSON like any other input.
    for query in ["", "?email=habitant@exemple.fr&extra=1"] {
        let r = agent.get(&format!("/api/v1/admin/residency{query}")).await;
        assert_eq!(r.status(), 422, "{query}");
        assert_eq!(json(r).await["error"], "validation", "{query}");
    }

    let path = format!("/api/v1/admin/users/{resident_id}/residency");
    // A reason is required; residents cannot verify anyone; nobody verifies themselves.
    let r = agent
        .post(&path, json!({"district": "Nord", "reason": "  "}))
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(json(r).await["field"], "reason");
    let r = resident
        .post(&path, json!({"district": "Nord", "reason": "moi"}))
        .await;
    assert_eq!(r.status(), 403);
    let r = agent
        .post(
            &format!("/api/v1/admin/users/{agent_id}/residency"),
            json!({"district": "Nord", "reason": "moi"}),
        )
        .await;
    assert_eq!(r.status(), 403);

    let r = agent
        .post(
            &path,
            json!({"district": "Nord", "reason": "Justificatif de domicile présenté au guichet"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let body = json(r).await;
    assert_eq!(
        (body["verified"].clone(), body["method"].clone()),
        (json!(true), json!("manual"))
    );
    let mine = json(resident.get("/api/v1/me/residency").await).await;
    assert_eq!(mine["district"], "Nord");
    let mut tx = app.db.read().await.unwrap();
    assert_eq!(
        residency::verified_district(&mut tx, &resident_id, now())
            .await
            .unwrap()
            .as_deref(),
        Some("Nord")
    );
    drop(tx);

    let r = agent
        .delete(&path, json!({"reason": "Déménagement signalé"}))
        .await;
    assert_eq!(r.status(), 204);
    assert_eq!(
        json(resident.get("/api/v1/me/residency").await).await["verified"],
        false
    );
    let r = agent.delete(&path, json!({"reason": "encore"})).await;
    assert_eq!(r.status(), 404);

    let mut tx = app.db.read().await.unwrap();
    let town = towns::ensure_default(&mut tx, "x").await.unwrap();
    let entries = audit::list(&mut tx, &town.id).await.unwrap();
    let actions: Vec<(&str, &str, Option<&str>)> = entries
        .iter()
        .map(|e| (e.action.as_str(), e.target.as_str(), e.actor_id.as_deref()))
        .collect();
    assert_eq!(
        actions,
        vec![
            (
                "residency.verify",
                resident_id.as_str(),
                Some(agent_id.as_str())
            ),
            (
                "residency.revoke",
                resident_id.as_str(),
                Some(agent_id.as_str())
            ),
        ]
    );
    assert!(entries[0].reason.contains("Justificatif"));
    assert!(entries[0].reason.contains("Nord"));
    assert!(audit::verify_chain(&entries));
}

async fn verification_expires(backend: Backend) {
    let app = app_with(backend, Some(Duration::from_secs(1))).await;
    app.create_user(None, "admin@mairie.fr", Role::Admin).await;
    let id = app
        .create_user(None, "helene@exemple.fr", Role::Resident)
        .await;
    let admin = Session::login(&app, None, "admin@mairie.fr").await;
    assert_eq!(admin.upload("c.csv", CENSUS.into()).await.status(), 200);
    let helene = Session::login(&app, None, "helene@exemple.fr").await;
    let r = helene
        .post(
            "/api/v1/me/residency",
            json!({"last_name": "Dupré", "first_name": "Hélène", "reference": "A-1"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let body = json(r).await;
    assert_eq!(body["verified"], true);
    assert_eq!(
        body["expires_at"].as_i64().unwrap() - body["verified_at"].as_i64().unwrap(),
        1
    );
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(
        json(helene.get("/api/v1/me/residency").await).await["verified"],
        false
    );
    let mut tx = app.db.read().await.unwrap();
    assert_eq!(
        residency::verified_district(&mut tx, &id, now())
            .await
            .unwrap(),
        None
    );
}

async fn towns_are_isolated(backend: Backend) {
    let app = app_with(backend, None).await;
    app.add_test_towns().await;
    let [a, b] = TEST_HOSTS;
    app.create_user(Some("ville-a"), "admin@ville-a.fr", Role::Admin)
        .await;
    app.create_user(Some("ville-a"), "agent@ville-a.fr", Role::Staff)
        .await;
    app.create_user(Some("ville-a"), "helene@exemple.fr", Role::Resident)
        .await;
    let victim = app
        .create_user(Some("ville-b"), "helene@exemple.fr", Role::Resident)
        .await;
    let admin_a = Session::login(&app, Some(a), "admin@ville-a.fr").await;
    assert_eq!(admin_a.upload("a.csv", CENSUS.into()).await.status(), 200);
    let details = json!({"last_name": "Dupré", "first_name": "Hélène", "birth_date": "1971-04-03"});

    let in_b = Session::login(&app, Some(b), "helene@exemple.fr").await;
    let r = in_b.post("/api/v1/me/residency", details.clone()).await;
    assert_eq!(r.status(), 422);
    assert_eq!(json(r).await["error"], "residency_not_found");

    let in_a = Session::login(&app, Some(a), "helene@exemple.fr").await;
    let r = in_a.post("/api/v1/me/residency", details).await;
    assert_eq!(json(r).await["district"], "Centre");

    // Staff of town A cannot reach an account of town B, nor another town's census.
    let agent_a = Session::login(&app, Some(a), "agent@ville-a.fr").await;
    let r = agent_a
        .post(
            &format!("/api/v1/admin/users/{victim}/residency"),
            json!({"district": "Nord", "reason": "test"}),
        )
        .await;
    assert_eq!(r.status(), 404);
    let r = agent_a
        .get("/api/v1/admin/residency?email=helene@exemple.fr&town=ville-b")
        .await;
    assert_eq!(r.status(), 403);
    let r = admin_a.get("/api/v1/admin/census?town=ville-b").await;
    assert_eq!(r.status(), 403);
}

async fn one_census_person_verifies_one_account(backend: Backend) {
    let app = app_with(backend, None).await;
    app.create_user(None, "admin@mairie.fr", Role::Admin).await;
    app.create_user(None, "vraie@exemple.fr", Role::Resident)
        .await;
    app.create_user(None, "usurpateur@exemple.fr", Role::Resident)
        .await;
    let admin = Session::login(&app, None, "admin@mairie.fr").await;
    let r = admin
        .upload(
            "recensement.csv",
            b"nom;prenom;date_naissance;reference;adresse;quartier\nDurand;Alice;01/02/1980;;3 rue Haute;Nord\n".to_vec(),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let details = json!({"last_name": "Durand", "first_name": "Alice", "birth_date": "01/02/1980"});
    let real = Session::login(&app, None, "vraie@exemple.fr").await;
    assert_eq!(
        real.post("/api/v1/me/residency", details.clone())
            .await
            .status(),
        200
    );
    // Someone else who knows her name and birth date cannot verify a second account with it.
    let other = Session::login(&app, None, "usurpateur@exemple.fr").await;
    let r = other.post("/api/v1/me/residency", details.clone()).await;
    assert_eq!(r.status(), 409);
    let body = json(r).await;
    assert_eq!(body["error"], "conflict");
    assert_eq!(body["field"], "census");
    assert_eq!(
        json(other.get("/api/v1/me/residency").await).await["verified"],
        false
    );
    // Renewing one's own verification is fine.
    assert_eq!(
        real.post("/api/v1/me/residency", details.clone())
            .await
            .status(),
        200
    );

    // Staff revoke a fraudulent verification: the account cannot verify itself again, and
    // the census person is free for its real owner.
    let real_id = json(real.get("/api/v1/me").await).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = admin
        .delete(
            &format!("/api/v1/admin/users/{real_id}/residency"),
            json!({"reason": "fraude"}),
        )
        .await;
    assert!(r.status().is_success(), "{}", r.status());
    assert_eq!(
        json(real.get("/api/v1/me/residency").await).await["verified"],
        false
    );
    let r = real.post("/api/v1/me/residency", details.clone()).await;
    assert_eq!(r.status(), 403);
    assert_eq!(
        other.post("/api/v1/me/residency", details).await.status(),
        200
    );

    // Control characters are refused with a clear error, never a 500 (PostgreSQL text refuses NUL).
    let r = other
        .post(
            "/api/v1/me/residency",
            json!({"last_name": "Du\u{0}rand", "first_name": "Alice", "birth_date": "01/02/1980"}),
        )
        .await;
    assert_eq!(r.status(), 422);
    let r = admin
        .upload(
            "nul.csv",
            b"nom;prenom;date_naissance;reference;adresse;quartier\nDu\x00rand;Alice;01/02/1980;;3 rue Haute;Nord\n".to_vec(),
        )
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(json(r).await["error"], "census_invalid");
}

/// An upload over the route's limit gets its 413 every time, and the connection stays usable:
/// the server reads (and throws away, up to a bound) what the client is still sending before
/// it answers, instead of closing a connection with unread data (a reset, or a kept-alive
/// connection that dies under the client's next request).
async fn an_oversized_upload_is_answered_not_reset(backend: Backend) {
    let app = app_with(backend, None).await;
    app.create_user(None, "admin@mairie.fr", Role::Admin).await;
    let admin = Session::login(&app, None, "admin@mairie.fr").await;
    for attempt in 0..20 {
        let r = admin
            .client
            .post(format!("{}/api/v1/admin/census", admin.base))
            .header("origin", &admin.base)
            .header("content-type", "text/csv")
            .body(vec![b'a'; 11 * 1024 * 1024])
            .send()
            .await
            .unwrap_or_else(|e| panic!("attempt {attempt}: no answer: {e:?}"));
        assert_eq!(r.status(), 413, "attempt {attempt}");
        assert_eq!(json(r).await["error"], "payload_too_large");
        // The next request on the same client (its kept-alive connection) is answered too.
        let next = admin
            .client
            .get(format!("{}/api/v1/admin/census", admin.base))
            .send()
            .await
            .unwrap_or_else(|e| panic!("attempt {attempt}: the next request failed: {e:?}"));
        assert_eq!(next.status(), 200, "attempt {attempt}");
    }
}
