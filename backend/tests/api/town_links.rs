//! Every town has its own public address, and everything its data produces uses it: the links
//! of every mail (email confirmation, password reset, request notifications, voting), and the
//! CSRF check accepts exactly that town's origins. Tried the way it broke: registering on town
//! B's host used to mail a link to the default town, where B's token is worthless.

use protocol::api::Role;
use reqwest::header::{CONTENT_TYPE, ORIGIN};
use serde_json::json;

use crate::consultations::election::single_setup;
use crate::consultations::{create, freeze, now};
use crate::helpers::{Backend, PASSWORD, Session, TEST_HOSTS, TestApp, read_mails, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(
    every_mail_of_town_b_links_to_town_b,
    an_explicit_public_url_is_used_and_checked,
);

fn links_in(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"')
        .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
        .map(|w| w.trim_end_matches(['.', ',', ')']).to_owned())
        .collect()
}

/// Every link of every mail to `to` starts with `base`; returns how many links there were.
fn assert_links_to(app: &TestApp, to: &str, base: &str) -> usize {
    let mut n = 0;
    for mail in read_mails(&app.mail_dir(), to) {
        for link in links_in(&mail.text).into_iter().chain(links_in(&mail.html)) {
            assert!(
                link.starts_with(&format!("{base}/")),
                "{:?} to {to} links to {link}, not to {base}",
                mail.subject
            );
            n += 1;
        }
    }
    n
}

async fn every_mail_of_town_b_links_to_town_b(backend: Backend) {
    let app = spawn_app_with(backend, |s| {
        s.totp_required_roles = vec![];
        s.requests.require_residency = false;
    })
    .await;
    app.add_test_towns().await;
    let host = TEST_HOSTS[1];
    let b = format!("http://{host}:{}", app.port);
    let resident = "camille@ville-b.fr";

    // Register on B, confirm from the mail, sign in.
    let anon = Session::anonymous(&app, Some(host));
    let r = anon
        .post(
            "/api/v1/auth/register",
            json!({"email": resident, "password": PASSWORD, "display_name": "Camille",
                   "language": "fr"}),
        )
        .await;
    assert_eq!(r.status(), 202);
    let mails = app.wait_for_mail(resident, 1).await;
    let link = links_in(&mails[0].text)
        .into_iter()
        .find(|l| l.contains("/verify-email?token="))
        .expect("a confirmation link");
    assert!(
        link.starts_with(&format!("{b}/verify-email?token=")),
        "{link}"
    );
    let token = link.split("token=").nth(1).unwrap();
    let r = anon
        .post("/api/v1/auth/verify-email", json!({"token": token}))
        .await;
    assert_eq!(r.status(), 200, "the link's token works on B");
    let me = Session::login(&app, Some(host), resident).await;

    // A password reset.
    let r = anon
        .post(
            "/api/v1/auth/password-reset/request",
            json!({"email": resident}),
        )
        .await;
    assert_eq!(r.status(), 202);
    app.wait_for_mail(resident, 2).await;

    // A request filed on B: its confirmation.
    let staff = "agent@ville-b.fr";
    app.create_user(Some("ville-b"), staff, Role::Staff).await;
    let agent = Session::login(&app, Some(host), staff).await;
    let r = agent
        .post(
            "/api/v1/staff/categories",
            json!({"code": "eclairage", "group": "Éclairage public",
                   "name": {"fr": "Lampadaire en panne", "en": "Broken streetlight"}}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let r = me
        .post(
            "/api/v1/requests",
            json!({"category": "eclairage", "description": "Lampadaire éteint",
                   "address": "1 place de la Mairie", "location": {"lat": 45.75, "lon": 4.85}}),
        )
        .await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    app.wait_for_mail(resident, 3).await;

    // A consultation of B: the credential mail's voting link.
    let voter = "dominique@ville-b.fr";
    app.create_user(Some("ville-b"), voter, Role::Resident)
        .await;
    let created = create(&agent, single_setup(now() - 60)).await;
    let id = created["id"].as_str().unwrap();
    let r = agent
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/staff/consultations/{id}/voters"),
        )
        .header(CONTENT_TYPE, "text/csv; charset=utf-8")
        .body(format!("email;weight\n{voter};1\n"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(freeze(&agent, id).await.status(), 200);
    let r = agent
        .post(&format!("/api/v1/staff/consultations/{id}/open"), json!({}))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let mails = app.wait_for_mail(voter, 1).await;
    assert!(
        mails[0]
            .text
            .contains(&format!("{b}/consultations/{id}/vote#credential=")),
        "{}",
        mails[0].text
    );

    // Every link of every mail of B's people points at B.
    assert!(assert_links_to(&app, resident, &b) >= 3);
    assert!(assert_links_to(&app, voter, &b) >= 1);

    // The CSRF check: B's origin on B's host; not A's, not the default town's.
    for (origin, allowed) in [
        (b.clone(), true),
        (format!("http://{}:{}", TEST_HOSTS[0], app.port), false),
        (app.base.clone(), false),
    ] {
        let r = me
            .client
            .patch(me.url("/api/v1/me"))
            .header(ORIGIN, &origin)
            .json(&json!({"language": "fr"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().is_success(), allowed, "{origin}: {}", r.status());
    }
}

async fn an_explicit_public_url_is_used_and_checked(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.totp_required_roles = vec![]).await;
    let town = voix::towns::create_town_with_hosts(
        &app.db,
        &app.settings,
        "ville-a",
        "Ville A",
        &[TEST_HOSTS[0].to_owned(), "voix.ville-a.fr".to_owned()],
        Some("https://voix.ville-a.fr/"),
    )
    .await
    .unwrap();
    assert_eq!(town.public_url, "https://voix.ville-a.fr");
    let anon = Session::anonymous(&app, Some(TEST_HOSTS[0]));
    // The browser's origin is the town's scheme on the host it uses.
    let r = anon
        .client
        .post(anon.url("/api/v1/auth/register"))
        .header(ORIGIN, format!("https://{}:{}", TEST_HOSTS[0], app.port))
        .json(&json!({"email": "eve@ville-a.fr", "password": PASSWORD,
                      "display_name": "Ève", "language": "fr"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202, "{}", r.text().await.unwrap());
    app.wait_for_mail("eve@ville-a.fr", 1).await;
    assert!(assert_links_to(&app, "eve@ville-a.fr", "https://voix.ville-a.fr") >= 1);
    // Refused: an address that is not a URL, one on a host that is not the town's (it would
    // select another town, where its tokens are worthless), and a town without a host.
    for (hosts, url) in [
        (vec![TEST_HOSTS[1].to_owned()], Some("ville-b.fr")),
        (
            vec![TEST_HOSTS[1].to_owned()],
            Some("https://voix.ville-a.fr"),
        ),
        (vec![], None),
    ] {
        let bad = voix::towns::create_town_with_hosts(
            &app.db,
            &app.settings,
            "ville-b",
            "Ville B",
            &hosts,
            url,
        )
        .await;
        assert!(bad.is_err(), "{hosts:?} {url:?}");
    }
}
