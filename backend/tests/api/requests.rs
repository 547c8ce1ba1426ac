//! Service requests through the web API: filing (JSON and multipart with photos), the
//! lifecycle with its emails, what residents may and may not see, moderation with the audit
//! log, the staff queue and its CSV export, and bad input — on SQLite and PostgreSQL.

use std::io::Cursor;

use protocol::api::Role;
use serde_json::{Value, json};

use crate::helpers::{Backend, Session, TestApp, json, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(
    filing_and_lifecycle_notify_the_reporter_and_followers,
    residents_never_see_internal_notes_or_staff_names,
    photos_are_reencoded_without_metadata,
    bad_input_is_refused_and_nothing_is_saved,
    moderation_is_told_to_the_author_and_audit_logged,
    queue_filters_sorts_and_exports_csv,
    reopening_and_blocking,
    towns_do_not_see_each_others_requests,
    export_and_erasure_cover_requests,
    posting_is_rate_limited_per_account,
    queue_total_stops_counting_at_the_cap,
    update_mails_say_whose_request_it_is_and_until_when_to_reopen,
    flags_cannot_reach_internal_notes_or_other_requests,
);

/// An app without the second-factor requirement (tests/api/totp.rs covers it).
async fn app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |s| s.totp_required_roles = vec![]).await
}

struct People {
    staff: Session,
    resident: Session,
    resident_id: String,
}

const RESIDENT: &str = "habitante@exemple.fr";

/// A staff member, a resident whose residency staff verified, and two categories.
async fn people(app: &TestApp) -> People {
    app.create_user(None, "agent@mairie.fr", Role::Staff).await;
    let resident_id = app.create_user(None, RESIDENT, Role::Resident).await;
    let staff = Session::login(app, None, "agent@mairie.fr").await;
    let r = staff
        .post(
            &format!("/api/v1/admin/users/{resident_id}/residency"),
            json!({"district": "Centre", "reason": "justificatif de domicile vu au guichet"}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    for body in [
        json!({"code": "voirie-nid-de-poule", "group": "Voirie",
               "name": {"fr": "Nid-de-poule", "en": "Pothole"},
               "description": {"fr": "Trou dans la chaussée", "en": "Hole in the road"},
               "attributes": [
                   {"code": "profondeur", "datatype": "number", "required": true,
                    "label": {"fr": "Profondeur (cm)", "en": "Depth (cm)"}},
                   {"code": "cote", "datatype": "singlevaluelist", "required": false,
                    "label": {"fr": "Côté", "en": "Side"},
                    "values": [{"key": "gauche", "name": {"fr": "Gauche", "en": "Left"}},
                               {"key": "droite", "name": {"fr": "Droite", "en": "Right"}}]}]}),
        json!({"code": "eclairage", "group": "Éclairage public",
               "name": {"fr": "Lampadaire en panne", "en": "Broken streetlight"}}),
    ] {
        let r = staff.post("/api/v1/staff/categories", body).await;
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    }
    let resident = Session::login(app, None, RESIDENT).await;
    People {
        staff,
        resident,
        resident_id,
    }
}

fn pothole(description: &str) -> Value {
    json!({"category": "voirie-nid-de-poule", "description": description,
           "address": "12 rue de la Mairie", "location": {"lat": 45.75, "lon": 4.85},
           "attributes": {"profondeur": "8", "cote": "gauche"}})
}

async fn file(session: &Session, body: Value) -> String {
    let r = session.post("/api/v1/requests", body).await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    json(r).await["number"].as_str().unwrap().to_owned()
}

async fn count_requests(app: &TestApp) -> i64 {
    let mut tx = app.db.read().await.unwrap();
    match &mut tx {
        voix::db::Tx::Sqlite(t) => sqlx::query_scalar("select count(*) from service_requests")
            .fetch_one(&mut **t)
            .await
            .unwrap(),
        voix::db::Tx::Postgres(t) => sqlx::query_scalar("select count(*) from service_requests")
            .fetch_one(&mut **t)
            .await
            .unwrap(),
    }
}

/// A resident cannot use a flag to learn of, or point staff at, what they cannot see: an
/// internal note's id or another request's entry is "not found" on its field, and nothing is
/// stored; a moderator cannot resolve a flag that does not exist.
async fn flags_cannot_reach_internal_notes_or_other_requests(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    let number = file(&p.resident, pothole("Trottoir défoncé")).await;
    let other = file(&p.resident, pothole("Autre trottoir")).await;
    let d = json(
        p.staff
            .post(
                &format!("/api/v1/staff/requests/{number}/notes"),
                json!({"body": "Note interne : voir le prestataire."}),
            )
            .await,
    )
    .await;
    let note_id = d["timeline"].as_array().unwrap().last().unwrap()["id"]
        .as_i64()
        .unwrap();
    let d = json(
        p.resident
            .post(
                &format!("/api/v1/requests/{other}/comments"),
                json!({"body": "Toujours là."}),
            )
            .await,
    )
    .await;
    let other_entry = d["timeline"].as_array().unwrap().last().unwrap()["id"]
        .as_i64()
        .unwrap();
    app.create_user(None, "voisin@exemple.fr", Role::Resident)
        .await;
    let neighbour = Session::login(&app, None, "voisin@exemple.fr").await;
    for (target, field) in [
        (json!({"reason": "x", "event_id": note_id}), "event_id"),
        (json!({"reason": "x", "event_id": other_entry}), "event_id"),
        (
            json!({"reason": "x", "photo_id": "00000000-0000-0000-0000-000000000000"}),
            "photo_id",
        ),
    ] {
        let r = neighbour
            .post(&format!("/api/v1/requests/{number}/flags"), target)
            .await;
        assert_eq!(r.status(), 404);
        let body = json(r).await;
        assert_eq!(body["field"], field, "{body}");
    }
    let r = neighbour
        .post(
            &format!("/api/v1/requests/{number}/flags"),
            json!({"reason": " "}),
        )
        .await;
    assert_eq!(r.status(), 422);
    let flags = json(p.staff.get("/api/v1/staff/flags").await).await;
    assert_eq!(flags, json!([]), "nothing was stored");
    let r = p
        .staff
        .post("/api/v1/staff/flags/not-a-flag/resolve", json!({}))
        .await;
    assert_eq!(r.status(), 404);
}

/// A follower is not told "your request" about someone else's, nor that they may reopen it;
/// the reporter of a resolved request is told until when they may.
async fn update_mails_say_whose_request_it_is_and_until_when_to_reopen(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    let number = file(&p.resident, pothole("Lampadaire éteint rue Haute")).await;
    app.wait_for_mail(RESIDENT, 1).await;
    app.create_user(None, "voisin@exemple.fr", Role::Resident)
        .await;
    let neighbour = Session::login(&app, None, "voisin@exemple.fr").await;
    let r = neighbour
        .put(&format!("/api/v1/requests/{number}/follow"), json!({}))
        .await;
    assert_eq!(r.status(), 200);
    let r = p
        .staff
        .post(
            &format!("/api/v1/staff/requests/{number}/status"),
            json!({"status": "resolved", "reason": "Ampoule changée."}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let d = json(p.resident.get(&format!("/api/v1/requests/{number}")).await).await;
    // In the town's time zone (Paris by default), which the mail names.
    let until = voix::email::time::format(
        d["reopen_until"].as_i64().unwrap(),
        protocol::api::Language::Fr,
        "Europe/Paris",
    );
    assert!(until.ends_with("(heure de Paris)"), "{until}");

    let mine = app.wait_for_mail(RESIDENT, 2).await;
    let resolved = mine
        .iter()
        .find(|m| m.text.contains("Ampoule changée."))
        .expect("the reporter is told");
    assert!(
        resolved
            .text
            .contains(&format!("Votre demande {number} est désormais résolue"))
    );
    assert!(
        resolved.text.contains(&format!(
            "rouvrir la demande depuis sa page jusqu'au {until}"
        )),
        "{}",
        resolved.text
    );
    assert!(
        resolved
            .text
            .contains("parce que vous avez déposé cette demande")
    );

    let theirs = app.wait_for_mail("voisin@exemple.fr", 1).await;
    let told = &theirs[0];
    assert!(told.text.contains("Ampoule changée."));
    assert!(!told.text.contains("Votre demande"), "{}", told.text);
    assert!(told.text.contains(&format!(
        "La demande {number}, que vous suivez, est désormais résolue"
    )));
    assert!(
        !told.text.contains("rouvrir"),
        "only the reporter may reopen: {}",
        told.text
    );
    assert!(told.text.contains("parce que vous suivez cette demande"));
}

async fn filing_and_lifecycle_notify_the_reporter_and_followers(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    let number = file(
        &p.resident,
        pothole("Un nid-de-poule profond devant l'école"),
    )
    .await;
    let year = voix::time::year_of(voix::time::now());
    assert_eq!(number, format!("{year}-000001"));
    assert_eq!(
        file(&p.resident, pothole("Un autre")).await,
        format!("{year}-000002")
    );
    // One confirmation per filing. Picked by subject, not by file time: the two are written
    // within the same instant and this machine's clock does not always order them.
    let confirmations = app.wait_for_mail(RESIDENT, 2).await;
    let confirmation: Vec<_> = confirmations
        .iter()
        .filter(|m| m.subject.contains(&number))
        .collect();
    assert_eq!(confirmation.len(), 1, "{confirmations:?}");
    assert!(confirmation[0].text.contains("Nid-de-poule"));

    // A neighbour says "me too" and gets the public updates too.
    app.create_user(None, "voisin@exemple.fr", Role::Resident)
        .await;
    let neighbour = Session::login(&app, None, "voisin@exemple.fr").await;
    let r = neighbour
        .put(&format!("/api/v1/requests/{number}/follow"), json!({}))
        .await;
    assert_eq!(r.status(), 200);
    let d = json(r).await;
    assert_eq!(
        (d["followers"].as_u64(), d["following"].as_bool()),
        (Some(1), Some(true))
    );

    for (status, reason) in [
        ("acknowledged", "Une équipe passera cette semaine."),
        ("resolved", "La chaussée a été rebouchée."),
    ] {
        let r = p
            .staff
            .post(
                &format!("/api/v1/staff/requests/{number}/status"),
                json!({"status": status, "reason": reason}),
            )
            .await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    }
    let d = json(p.resident.get(&format!("/api/v1/requests/{number}")).await).await;
    assert_eq!(d["status"], "resolved");
    let kinds: Vec<(&str, &str)> = d["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap(),
                e["to_status"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("submitted", "submitted"),
            ("status", "acknowledged"),
            ("status", "resolved")
        ]
    );
    assert_eq!(d["timeline"][2]["body"], "La chaussée a été rebouchée.");
    assert!(d["reopen_until"].as_i64().unwrap() > voix::time::now());

    // The reporter: confirmation + two updates; the follower: the two updates.
    let mails = app.wait_for_mail(RESIDENT, 4).await;
    let updates: Vec<_> = mails
        .iter()
        .filter(|m| m.subject.contains(&number))
        .collect();
    assert!(
        updates
            .iter()
            .any(|m| m.text.contains("Une équipe passera cette semaine."))
    );
    assert!(updates.iter().any(|m| m.text.contains("résolue")));
    let theirs = app.wait_for_mail("voisin@exemple.fr", 2).await;
    assert!(theirs.iter().all(|m| m.subject.contains(&number)));

    // The lifecycle is enforced.
    let r = p
        .staff
        .post(
            &format!("/api/v1/staff/requests/{number}/status"),
            json!({"status": "closed", "reason": "x"}),
        )
        .await;
    assert_eq!(r.status(), 409);
    assert_eq!(json(r).await["error"], "invalid_transition");
    let mine = json(p.resident.get("/api/v1/requests/mine").await).await;
    assert_eq!(mine["total"], 3 - 1);
    assert_eq!(
        mine["items"][0]["number"],
        format!("{year}-000002"),
        "newest first"
    );
}

async fn residents_never_see_internal_notes_or_staff_names(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    let number = file(&p.resident, pothole("Trou")).await;
    let base = format!("/api/v1/staff/requests/{number}");
    let r = p
        .staff
        .post(
            &format!("{base}/notes"),
            json!({"body": "Secret: voir avec M. Dupont"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let r = p
        .staff
        .post(
            &format!("{base}/updates"),
            json!({"body": "Intervention prévue lundi"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let members = json(p.staff.get("/api/v1/staff/members").await).await;
    let r = p
        .staff
        .post(
            &format!("{base}/assign"),
            json!({"assignee_id": members[0]["id"], "team": "Équipe Voirie Nord"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let staff_view = json(p.staff.get(&format!("/api/v1/requests/{number}")).await).await;
    let staff_text = staff_view.to_string();
    assert!(staff_text.contains("Équipe Voirie Nord"));
    assert!(staff_text.contains("Secret: voir avec M. Dupont"));
    assert_eq!(staff_view["reporter"]["email"], RESIDENT);
    for reader in [p.resident.clone(), Session::anonymous(&app, None)] {
        let d = json(reader.get(&format!("/api/v1/requests/{number}")).await).await;
        let text = d.to_string();
        assert!(!text.contains("Secret"), "internal note leaked: {text}");
        assert!(!text.contains("Voirie Nord"), "assignment leaked: {text}");
        assert!(!text.contains("agent@mairie.fr"));
        for entry in d["timeline"].as_array().unwrap() {
            if entry["by_reporter"] == false {
                assert!(entry.get("actor").is_none(), "staff name shown: {entry}");
            }
        }
        assert!(text.contains("Intervention prévue lundi"));
        assert!(d.get("reporter").is_none());
    }
    // Only the public update was emailed.
    let mails = app.wait_for_mail(RESIDENT, 2).await;
    assert!(mails.iter().all(|m| !m.text.contains("Secret")));
    // Residents cannot use staff routes.
    let r = p
        .resident
        .post(&format!("{base}/notes"), json!({"body": "x"}))
        .await;
    assert_eq!(r.status(), 403);
    assert_eq!(p.resident.get("/api/v1/staff/requests").await.status(), 403);
}

fn png_with_text_chunk() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    let png = out.into_inner();
    // Insert a tEXt chunk (metadata) after IHDR: 8-byte signature + 25-byte IHDR chunk.
    let data = b"Comment\0GPS 48.85N 2.35E";
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(b"tEXt");
    chunk.extend_from_slice(data);
    let mut crc_input = b"tEXt".to_vec();
    crc_input.extend_from_slice(data);
    chunk.extend_from_slice(&crc32(&crc_input).to_be_bytes());
    let mut with = png[..33].to_vec();
    with.extend_from_slice(&chunk);
    with.extend_from_slice(&png[33..]);
    with
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn multipart(request: &Value, photos: Vec<(&str, Vec<u8>)>) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new().part(
        "request",
        reqwest::multipart::Part::text(request.to_string())
            .mime_str("application/json")
            .unwrap(),
    );
    for (name, bytes) in photos {
        form = form.part(
            "photo",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(name.to_owned())
                .mime_str("image/png")
                .unwrap(),
        );
    }
    form
}

async fn photos_are_reencoded_without_metadata(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    let original = png_with_text_chunk();
    assert!(original.windows(3).any(|w| w == b"GPS"));
    assert!(
        image::load_from_memory(&original).is_ok(),
        "the fixture is a valid PNG"
    );
    let r = p
        .resident
        .request(reqwest::Method::POST, "/api/v1/requests")
        .multipart(multipart(
            &pothole("Avec photo"),
            vec![("trou.png", original)],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let number = json(r).await["number"].as_str().unwrap().to_owned();
    let d = json(
        Session::anonymous(&app, None)
            .get(&format!("/api/v1/requests/{number}"))
            .await,
    )
    .await;
    let photo = &d["photos"][0];
    assert_eq!(
        (photo["width"].as_u64(), photo["height"].as_u64()),
        (Some(64), Some(48))
    );
    let r = Session::anonymous(&app, None)
        .get(photo["url"].as_str().unwrap())
        .await;
    assert_eq!(r.headers()["content-type"], "image/png");
    let stored = r.bytes().await.unwrap();
    assert!(
        !stored.windows(3).any(|w| w == b"GPS"),
        "metadata must be stripped"
    );
    assert_eq!(image::load_from_memory(&stored).unwrap().width(), 64);
}

async fn bad_input_is_refused_and_nothing_is_saved(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    let cases: Vec<(Value, u16, &str)> = vec![
        (
            json!({"category": "inconnue", "description": "x", "address": "ici"}),
            422,
            "unknown_category",
        ),
        (
            json!({"category": "voirie-nid-de-poule", "description": "x", "address": "ici"}),
            422,
            "validation",
        ),
        (
            json!({"category": "voirie-nid-de-poule", "description": "x", "address": "ici",
                "attributes": {"profondeur": "profond"}}),
            422,
            "validation",
        ),
        (
            json!({"category": "eclairage", "description": "x", "location": {"lat": 91.0, "lon": 2.0}}),
            422,
            "validation",
        ),
        (
            json!({"category": "eclairage", "description": "x"}),
            422,
            "validation",
        ),
        (
            json!({"category": "eclairage", "description": "   ", "address": "ici"}),
            422,
            "validation",
        ),
        (
            json!({"category": "eclairage", "description": 12, "address": "ici"}),
            400,
            "invalid_body",
        ),
        (
            json!({"category": "eclairage", "description": "x", "address": "ici", "colour": "red"}),
            400,
            "invalid_body",
        ),
    ];
    for (body, status, code) in cases {
        let r = p.resident.post("/api/v1/requests", body.clone()).await;
        assert_eq!(r.status().as_u16(), status, "{body}");
        assert_eq!(json(r).await["error"], code, "{body}");
    }
    // A file that claims to be a PNG and is not; a fourth photo.
    let good = png_with_text_chunk();
    for (photos, code) in [
        (
            vec![("faux.png", b"\x89PNG\r\n\x1a\nnot really".to_vec())],
            "invalid_image",
        ),
        (
            vec![
                ("a.png", good.clone()),
                ("b.png", good.clone()),
                ("c.png", good.clone()),
                ("d.png", good),
            ],
            "too_many_photos",
        ),
    ] {
        let r = p
            .resident
            .request(reqwest::Method::POST, "/api/v1/requests")
            .multipart(multipart(&pothole("x"), photos))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        assert_eq!(json(r).await["error"], code);
    }
    // A JSON filing is held to the API's usual 64 KiB, not to the photo-sized limit.
    let huge = pothole(&"x".repeat(100 * 1024));
    let r = p.resident.post("/api/v1/requests", huge).await;
    assert_eq!(r.status(), 413);
    assert_eq!(json(r).await["error"], "payload_too_large");
    assert_eq!(count_requests(&app).await, 0, "nothing half-saved");
    // The next filing still gets the first number: refused filings burn none.
    let number = file(&p.resident, pothole("ok")).await;
    assert!(number.ends_with("-000001"), "{number}");
    // A duplicate needs an existing original.
    let r = p
        .staff
        .post(
            &format!("/api/v1/staff/requests/{number}/status"),
            json!({"status": "duplicate", "reason": "doublon", "duplicate_of": "1999-000001"}),
        )
        .await;
    assert_eq!(r.status(), 422);
    // Without a verified residency, filing is refused.
    app.create_user(None, "nouveau@exemple.fr", Role::Resident)
        .await;
    let newcomer = Session::login(&app, None, "nouveau@exemple.fr").await;
    let r = newcomer.post("/api/v1/requests", pothole("x")).await;
    assert_eq!(r.status(), 403);
    assert_eq!(json(r).await["error"], "residency_required");
    assert_eq!(count_requests(&app).await, 1);
}

async fn moderation_is_told_to_the_author_and_audit_logged(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    let number = file(&p.resident, pothole("Description correcte")).await;
    let r = p
        .resident
        .post(
            &format!("/api/v1/requests/{number}/comments"),
            json!({"body": "Propos injurieux"}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let d = json(r).await;
    let comment_id = d["timeline"].as_array().unwrap().last().unwrap()["id"]
        .as_i64()
        .unwrap();
    // A neighbour flags it; staff see the flag and hide the comment.
    app.create_user(None, "voisin@exemple.fr", Role::Resident)
        .await;
    let neighbour = Session::login(&app, None, "voisin@exemple.fr").await;
    let r = neighbour
        .post(
            &format!("/api/v1/requests/{number}/flags"),
            json!({"reason": "insultant", "event_id": comment_id}),
        )
        .await;
    assert_eq!(r.status(), 204);
    let flags = json(p.staff.get("/api/v1/staff/flags").await).await;
    assert_eq!(flags[0]["number"], number.as_str());
    let r = p
        .staff
        .post(
            &format!("/api/v1/staff/requests/{number}/hide"),
            json!({"reason": "Propos contraires à la charte", "event_id": comment_id}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let flag_id = flags[0]["id"].as_str().unwrap();
    assert_eq!(
        p.staff
            .post(&format!("/api/v1/staff/flags/{flag_id}/resolve"), json!({}))
            .await
            .status(),
        204
    );
    let public = json(neighbour.get(&format!("/api/v1/requests/{number}")).await).await;
    let entry = public["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == comment_id)
        .unwrap();
    assert_eq!(entry["body"], "");
    assert_eq!(entry["hidden_reason"], "Propos contraires à la charte");
    let staff_view = json(p.staff.get(&format!("/api/v1/requests/{number}")).await).await;
    assert!(
        staff_view.to_string().contains("Propos injurieux"),
        "staff still see it"
    );
    // The author was told why.
    let mails = app.wait_for_mail(RESIDENT, 2).await;
    assert!(
        mails
            .iter()
            .any(|m| m.text.contains("Propos contraires à la charte"))
    );
    // Every staff action is in the chained audit log, which verifies.
    app.create_user(None, "admin@mairie.fr", Role::Admin).await;
    let admin = Session::login(&app, None, "admin@mairie.fr").await;
    let log = json(admin.get("/api/v1/admin/audit").await).await;
    assert_eq!(log["chain_valid"], true);
    let actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for expected in [
        "moderation.hide",
        "moderation.flag_resolved",
        "category.create",
    ] {
        assert!(actions.contains(&expected), "{actions:?}");
    }
    assert_eq!(p.staff.get("/api/v1/admin/audit").await.status(), 403);
}

async fn queue_filters_sorts_and_exports_csv(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    let a = file(&p.resident, pothole("Trou rue Émile Zola")).await;
    let b = file(
        &p.resident,
        json!({"category": "eclairage", "description": "=HYPERLINK(\"x\") lampadaire éteint", "address": "Place du Marché"}),
    )
    .await;
    let c = file(&p.resident, pothole("Trou avenue Jean Jaurès")).await;
    let r = p
        .staff
        .post(
            &format!("/api/v1/staff/requests/{c}/status"),
            json!({"status": "in_progress", "reason": "en cours"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let members = json(p.staff.get("/api/v1/staff/members").await).await;
    let agent_id = members[0]["id"].as_str().unwrap().to_owned();
    let r = p
        .staff
        .post(
            &format!("/api/v1/staff/requests/{a}/assign"),
            json!({"assignee_id": agent_id, "team": "Voirie Nord"}),
        )
        .await;
    assert_eq!(r.status(), 200);

    let numbers = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["number"].as_str().unwrap().to_owned())
            .collect()
    };
    let q = |query: &str| format!("/api/v1/staff/requests{query}");
    let all = json(p.staff.get(&q("")).await).await;
    assert_eq!(
        numbers(&all),
        [a.as_str(), b.as_str(), c.as_str()],
        "oldest first by default"
    );
    assert!(all["items"][0]["age_seconds"].as_i64().unwrap() >= 0);
    assert_eq!(
        numbers(&json(p.staff.get(&q("?sort=newest")).await).await),
        [c.as_str(), b.as_str(), a.as_str()]
    );
    assert_eq!(
        numbers(&json(p.staff.get(&q("?status=in_progress")).await).await),
        [c.as_str()]
    );
    assert_eq!(
        numbers(
            &json(
                p.staff
                    .get(&q("?status=submitted&category=voirie-nid-de-poule"))
                    .await
            )
            .await
        ),
        [a.as_str()]
    );
    assert_eq!(
        numbers(&json(p.staff.get(&q(&format!("?assignee={agent_id}"))).await).await),
        [a.as_str()]
    );
    assert_eq!(
        numbers(&json(p.staff.get(&q("?assignee=none")).await).await),
        [b.as_str(), c.as_str()]
    );
    assert_eq!(
        numbers(&json(p.staff.get(&q("?q=JAURÈS")).await).await),
        [c.as_str()]
    );
    assert_eq!(
        numbers(&json(p.staff.get(&q("?q=100%25")).await).await),
        Vec::<String>::new()
    );
    // Case and accents do not matter, on either side; every word must match.
    assert_eq!(
        numbers(&json(p.staff.get(&q("?q=emile%20ZOLA")).await).await),
        [a.as_str()]
    );
    assert_eq!(
        numbers(&json(p.staff.get(&q("?q=march%C3%89%20place")).await).await),
        [b.as_str()]
    );
    assert_eq!(
        numbers(&json(p.staff.get(&q("?q=trou%20marche")).await).await),
        Vec::<String>::new()
    );
    assert_eq!(
        numbers(&json(p.staff.get(&q(&format!("?q={}", &c[5..]))).await).await),
        [c.as_str()],
        "the tracking number is searched too"
    );
    // A request stored before the search column existed is filled in at start-up.
    let mut tx = app.db.begin().await.unwrap();
    voix::on_db!(&mut tx, |c| sqlx::query(
        "update service_requests set search_text = '' where number = $1"
    )
    .bind(&a)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))
    .unwrap();
    tx.commit().await.unwrap();
    assert!(numbers(&json(p.staff.get(&q("?q=zola")).await).await).is_empty());
    app.db.migrate().await.unwrap();
    assert_eq!(
        numbers(&json(p.staff.get(&q("?q=zola")).await).await),
        [a.as_str()]
    );
    assert_eq!(
        numbers(&json(p.staff.get(&q("?min_age_days=1")).await).await),
        Vec::<String>::new()
    );
    let page2 = json(p.staff.get(&q("?per_page=2&page=2")).await).await;
    assert_eq!(numbers(&page2), [c.as_str()]);
    assert_eq!(page2["total"], 3);
    assert_eq!(page2["total_capped"], false);
    let r = p.staff.get(&q("?status=open")).await;
    assert_eq!(r.status(), 422);
    assert_eq!(p.staff.get(&q("?per_page=1000")).await.status(), 422);

    let r = p.staff.get("/api/v1/staff/requests.csv?sort=oldest").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = r.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 byte-order mark");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("numero;categorie;statut"));
    assert!(lines[1].contains("Trou rue Émile Zola") && lines[1].contains("Voirie Nord"));
    assert!(
        lines[2].contains("\"'=HYPERLINK"),
        "formula defused: {}",
        lines[2]
    );
    assert!(lines[2].contains("Lampadaire en panne"));
}

async fn reopening_and_blocking(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    let number = file(&p.resident, pothole("Trou")).await;
    let status = |s: &str| json!({"status": s, "reason": "fait"});
    let path = format!("/api/v1/staff/requests/{number}/status");
    assert_eq!(p.staff.post(&path, status("resolved")).await.status(), 200);
    let reopen = format!("/api/v1/requests/{number}/reopen");
    let r = p
        .resident
        .post(&reopen, json!({"reason": "Le trou est revenu"}))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(json(r).await["status"], "submitted");
    // Only the reporter may reopen, and only final requests.
    let r = p.resident.post(&reopen, json!({"reason": "encore"})).await;
    assert_eq!(json(r).await["error"], "invalid_transition");
    app.create_user(None, "voisin@exemple.fr", Role::Resident)
        .await;
    let neighbour = Session::login(&app, None, "voisin@exemple.fr").await;
    assert_eq!(p.staff.post(&path, status("closed")).await.status(), 200);
    assert_eq!(
        neighbour
            .post(&reopen, json!({"reason": "x"}))
            .await
            .status(),
        403
    );
    // After the window, no more reopening.
    {
        let mut tx = app.db.begin().await.unwrap();
        let old = voix::time::now() - 15 * 86_400;
        match &mut tx {
            voix::db::Tx::Sqlite(t) => {
                sqlx::query("update service_requests set closed_at = $1")
                    .bind(old)
                    .execute(&mut **t)
                    .await
                    .unwrap();
            }
            voix::db::Tx::Postgres(t) => {
                sqlx::query("update service_requests set closed_at = $1")
                    .bind(old)
                    .execute(&mut **t)
                    .await
                    .unwrap();
            }
        }
        tx.commit().await.unwrap();
    }
    let r = p.resident.post(&reopen, json!({"reason": "x"})).await;
    assert_eq!(r.status(), 409);
    assert_eq!(json(r).await["error"], "reopen_expired");

    // Blocking: the resident can read but no longer post; they are told; unblocking restores.
    let block = format!("/api/v1/staff/users/{}/block", p.resident_id);
    assert_eq!(
        p.staff
            .put(&block, json!({"reason": "Messages injurieux répétés"}))
            .await
            .status(),
        204
    );
    let r = p.resident.post("/api/v1/requests", pothole("x")).await;
    assert_eq!(r.status(), 403);
    assert_eq!(json(r).await["error"], "account_blocked");
    let r = p
        .resident
        .post(
            &format!("/api/v1/requests/{number}/comments"),
            json!({"body": "x"}),
        )
        .await;
    assert_eq!(json(r).await["error"], "account_blocked");
    assert_eq!(
        p.resident
            .get(&format!("/api/v1/requests/{number}"))
            .await
            .status(),
        200
    );
    // Confirmation, resolved, closed, blocked.
    let told = app.wait_for_mail(RESIDENT, 4).await;
    assert!(
        told.iter()
            .any(|m| m.text.contains("Messages injurieux répétés"))
    );
    assert_eq!(p.staff.delete(&block, json!({})).await.status(), 204);
    assert_eq!(
        p.resident
            .post("/api/v1/requests", pothole("x"))
            .await
            .status(),
        201
    );
    // Staff cannot be blocked.
    let members = json(p.staff.get("/api/v1/staff/members").await).await;
    let staff_id = members[0]["id"].as_str().unwrap();
    let r = p
        .staff
        .put(
            &format!("/api/v1/staff/users/{staff_id}/block"),
            json!({"reason": "x"}),
        )
        .await;
    assert_eq!(r.status(), 403);
}

async fn towns_do_not_see_each_others_requests(backend: Backend) {
    let app = app(backend).await;
    app.add_test_towns().await;
    let p = people(&app).await;
    let number = file(&p.resident, pothole("Trou")).await;
    let other = Session::anonymous(&app, Some("ville-a.test"));
    assert_eq!(
        other
            .get(&format!("/api/v1/requests/{number}"))
            .await
            .status(),
        404
    );
    let cats = json(other.get("/api/v1/categories").await).await;
    assert_eq!(
        cats.as_array().unwrap().len(),
        0,
        "categories belong to their town"
    );
    let here = json(
        Session::anonymous(&app, None)
            .get("/api/v1/categories")
            .await,
    )
    .await;
    assert_eq!(here.as_array().unwrap().len(), 2);
}

async fn export_and_erasure_cover_requests(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    let number = file(&p.resident, pothole("Trou devant chez moi")).await;
    app.create_user(None, "voisin@exemple.fr", Role::Resident)
        .await;
    let neighbour = Session::login(&app, None, "voisin@exemple.fr").await;
    let r = neighbour
        .put(&format!("/api/v1/requests/{number}/follow"), json!({}))
        .await;
    assert_eq!(r.status(), 200);

    let export = json(p.resident.get("/api/v1/me/export").await).await;
    assert_eq!(export["requests"][0]["number"], number.as_str());
    assert_eq!(export["requests"][0]["description"], "Trou devant chez moi");
    assert_eq!(export["requests"][0]["timeline"][0]["kind"], "submitted");
    let theirs = json(neighbour.get("/api/v1/me/export").await).await;
    assert_eq!(theirs["following"], json!([number]));
    assert_eq!(theirs["requests"], json!([]));

    // Erasure: the account goes, the request stays for the town, without its reporter.
    let r = p
        .resident
        .request(reqwest::Method::DELETE, "/api/v1/me")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let d = json(p.staff.get(&format!("/api/v1/requests/{number}")).await).await;
    assert!(d.get("reporter").is_none(), "{d}");
    let r = p
        .staff
        .post(
            &format!("/api/v1/staff/requests/{number}/status"),
            json!({"status": "resolved", "reason": "Rebouché"}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let mails = app.wait_for_mail("voisin@exemple.fr", 1).await;
    assert!(
        mails[0].text.contains("Rebouché"),
        "followers are still told"
    );
}

async fn posting_is_rate_limited_per_account(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.totp_required_roles = vec![];
        s.throttle.posts_per_account.max = 3;
    })
    .await;
    let p = people(&app).await;
    let number = file(&p.resident, pothole("Trou")).await;
    let path = format!("/api/v1/requests/{number}/comments");
    for i in 0..2 {
        let r = p
            .resident
            .post(&path, json!({"body": format!("Précision {i}")}))
            .await;
        assert_eq!(r.status(), 200);
    }
    let r = p.resident.post(&path, json!({"body": "Encore une"})).await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
    assert_eq!(json(r).await["error"], "too_many_requests");
    let r = p.resident.post("/api/v1/requests", pothole("x")).await;
    assert_eq!(r.status(), 429, "filings share the budget");
    assert_eq!(count_requests(&app).await, 1);
    // Another resident has their own budget.
    app.create_user(None, "voisin@exemple.fr", Role::Resident)
        .await;
    let neighbour = Session::login(&app, None, "voisin@exemple.fr").await;
    let r = neighbour
        .post(
            &format!("/api/v1/requests/{number}/flags"),
            json!({"reason": "doublon ?"}),
        )
        .await;
    assert_eq!(r.status(), 204);
}

/// A large queue is counted up to 1,000 (`total_capped`), and a page past the cap is still
/// followed by the next one; the last page is counted exactly.
async fn queue_total_stops_counting_at_the_cap(backend: Backend) {
    let app = app(backend).await;
    let p = people(&app).await;
    let first = file(&p.resident, pothole("Trou modèle")).await;
    // 1,004 more requests, copied from the first one in one statement.
    let mut tx = app.db.begin().await.unwrap();
    voix::on_db!(&mut tx, |c| sqlx::query(
        "with recursive n(i) as (select 1 union all select i + 1 from n where i < 1004)
         insert into service_requests (id, town_id, number, category_id, reporter_id,
             description, address, attributes, status, language, reply_token, followers,
             created_at, updated_at, search_text)
         select 'bulk-' || i, r.town_id, 'B-' || i, r.category_id, r.reporter_id,
             r.description, r.address, r.attributes, r.status, r.language, 'tok-' || i, 0,
             r.created_at + i, r.updated_at + i, r.search_text
         from n, service_requests r where r.number = $1"
    )
    .bind(&first)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))
    .unwrap();
    tx.commit().await.unwrap();

    let page = |query: &str| {
        let url = format!("/api/v1/staff/requests{query}");
        let staff = &p.staff;
        async move { json(staff.get(&url).await).await }
    };
    let head = page("").await;
    assert_eq!(
        (head["total"].clone(), head["total_capped"].clone()),
        (json!(1000), json!(true))
    );
    let tenth = page("?per_page=100&page=10").await;
    assert_eq!(tenth["items"].as_array().unwrap().len(), 100);
    assert_eq!(
        (tenth["total"].clone(), tenth["total_capped"].clone()),
        (json!(1000), json!(true))
    );
    let last = page("?per_page=100&page=11").await;
    assert_eq!(last["items"].as_array().unwrap().len(), 5);
    assert_eq!(
        (last["total"].clone(), last["total_capped"].clone()),
        (json!(1005), json!(false))
    );
    let searched = page("?q=mod%C3%A8le").await;
    assert_eq!(
        (searched["total"].clone(), searched["total_capped"].clone()),
        (json!(200), json!(true)),
        "a text search counts up to 200"
    );
    let few = page("?q=inexistant").await;
    assert_eq!(
        (few["total"].clone(), few["total_capped"].clone()),
        (json!(0), json!(false))
    );
}
