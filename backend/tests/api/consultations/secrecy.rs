//! Ballot secrecy at rest, attacked by whoever reads the database.
//!
//! 50 voters sign in and vote (one revotes), with the default batches of the public board
//! (20 ballots, or 10 minutes). The reader then gets a full dump and tries what the issue's
//! attacker tried and more: the PostgreSQL `xmin` join, every order the engine exposes
//! (`xmin`, `ctid`, identity values, SQLite rowids and key order) and every timestamp, each
//! on the participation, session and outbox side against each order of the board, and a
//! scan of every row of every table for an account next to a ballot. Each attack must do no
//! better than chance within a batch; the true pairs are known to the test from the receipts.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

use protocol::api::Role;
use protocol::belenios::credential;
use protocol::belenios::group::Group;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};
use voix::maintenance::consultation_pass;

use super::election::{
    ballot, both_verifiers_accept, cast, cast_ok, credential_in, mails_with, single_setup,
};
use super::{create, freeze, now, people};
use crate::helpers::{Backend, Session, TestApp, json, read_mails, spawn_app_with};
use crate::on_both_databases;

on_both_databases!(a_database_dump_does_not_link_accounts_to_ballots);
on_both_databases!(a_node_with_another_seal_key_is_refused);

/// Every log line of this test binary from the first call on, at the most detailed level Voix
/// writes (the attacker who reads the server's logs).
fn captured_logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(
                "info,voix=trace,tower_http=trace",
            ))
            .with_writer(move || LogSink(sink.clone()))
            .finish();
        // Another test may have installed one first: then its lines go there.
        let _ = tracing::subscriber::set_global_default(subscriber);
        logs
    })
    .clone()
}

struct LogSink(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogSink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const VOTERS: usize = 50;
const BATCH: usize = 20;

fn email(i: usize) -> String {
    format!("electeur{i:02}@exemple.fr")
}

async fn board(session: &Session, id: &str) -> Value {
    json(
        session
            .get(&format!("/api/v1/consultations/{id}/board"))
            .await,
    )
    .await
}

/// How many of the attacker's guesses "the i-th voter in `voters` cast the i-th ballot in
/// `ballots`" are right, given the true pairs.
fn rank_matches(voters: &[String], ballots: &[String], truth: &HashMap<String, String>) -> usize {
    voters
        .iter()
        .zip(ballots)
        .filter(|(user, tracker)| truth.get(*tracker) == Some(*user))
        .count()
}

/// Every row of every table, as text (the "full dump").
async fn dump(app: &TestApp, backend: Backend) -> Vec<(String, String)> {
    let tables = match backend {
        Backend::Postgres => {
            app.strings(
                "select table_name::text from information_schema.tables
                 where table_schema = 'public' and table_type = 'BASE TABLE'",
            )
            .await
        }
        Backend::Sqlite => {
            app.strings(
                "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'",
            )
            .await
        }
    };
    let mut rows = Vec::new();
    for table in tables {
        let sql = match backend {
            Backend::Postgres => format!("select t::text from {table} t"),
            Backend::Sqlite => {
                let columns = app
                    .strings(&format!("select name from pragma_table_info('{table}')"))
                    .await;
                let expr = columns
                    .iter()
                    .map(|c| format!("coalesce(quote(\"{c}\"), '')"))
                    .collect::<Vec<_>>()
                    .join(" || '|' || ");
                format!("select {expr} from \"{table}\"")
            }
        };
        for row in app.strings(&sql).await {
            rows.push((table.clone(), row));
        }
    }
    rows
}

async fn a_database_dump_does_not_link_accounts_to_ballots(backend: Backend) {
    let logs = captured_logs();
    let app = spawn_app_with(backend, |s| s.totp_required_roles = vec![]).await;
    assert_eq!(app.settings.consultations.board_batch_size as usize, BATCH);
    let p = people(&app).await;
    let mut user_ids = Vec::new();
    let mut list = String::from("email;weight\n");
    for i in 0..VOTERS {
        user_ids.push(app.create_user(None, &email(i), Role::Resident).await);
        list.push_str(&format!("{};1\n", email(i)));
    }
    let created = create(&p.staff, single_setup(now() - 60)).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let uuid = created["election_uuid"].as_str().unwrap().to_owned();
    let r = p
        .staff
        .request(
            reqwest::Method::PUT,
            &format!("/api/v1/staff/consultations/{id}/voters"),
        )
        .header(CONTENT_TYPE, "text/csv; charset=utf-8")
        .body(list)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(freeze(&p.staff, &id).await.status(), 200);
    let r = p
        .staff
        .post(&format!("/api/v1/staff/consultations/{id}/open"), json!({}))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let election = board(&p.staff, &id).await;
    let ctx = protocol::belenios::election::ElectionContext::from_raw(
        election["election"].as_str().unwrap(),
    )
    .unwrap();

    // Everyone signs in and votes, in turn; voter 0 votes again as the fifth cast.
    let mut truth: HashMap<String, String> = HashMap::new(); // tracker → account id
    let mut credentials = Vec::new();
    let mut sessions = Vec::new();
    for i in 0..VOTERS {
        let mail = mails_with(&app, &email(i), "Votre code de vote", 1).await;
        credentials.push(credential_in(&mail[0]));
        sessions.push(Session::login(&app, None, &email(i)).await);
    }
    let mut order: Vec<usize> = (0..VOTERS).collect();
    order.insert(4, 0);
    let mut trackers_of_0 = Vec::new();
    for (n, &i) in order.iter().enumerate() {
        let vote = [vec![0, (n % 2) as u32, 1 - (n % 2) as u32], vec![1, 0, 0]];
        let cast_ballot = ballot(&ctx, &credentials[i], &vote);
        let receipt = cast_ok(&sessions[i], &id, &cast_ballot).await;
        let tracker = receipt["tracker"].as_str().unwrap().to_owned();
        truth.insert(tracker.clone(), user_ids[i].clone());
        if i == 0 {
            trackers_of_0.push(tracker.clone());
        }
        let cast_so_far = n + 1;
        let b = board(&sessions[i], &id).await;
        let published = (cast_so_far / BATCH) * BATCH;
        assert_eq!(b["ballots"], published, "after {cast_so_far} casts");
        assert_eq!(b["waiting"], cast_so_far - published);
        if cast_so_far == 3 {
            // A waiting ballot: accepted, not yet on the board.
            let check = json(
                sessions[i]
                    .post(
                        &format!("/api/v1/consultations/{id}/receipts/verify"),
                        receipt.clone(),
                    )
                    .await,
            )
            .await;
            assert_eq!(
                check,
                json!({"this_election": true, "signature_valid": true,
                       "on_board": false, "waiting": true})
            );
            // The same ballot again while it waits: accepted once, nothing added.
            let r = cast(&sessions[i], &id, &cast_ballot).await;
            assert_eq!(r.status(), 200);
            let b = board(&sessions[i], &id).await;
            assert_eq!(b["waiting"], 3);
        }
    }
    // 51 ballots: two batches of 20 are out, 11 wait for the interval.
    let b = board(&p.staff, &id).await;
    assert_eq!(
        (b["ballots"].clone(), b["waiting"].clone()),
        (json!(40), json!(11))
    );
    // A dump taken now, while 11 ballots wait: their rows share a transaction (and an order
    // and an instant) with their voters' participation and sessions, but nothing in the whole
    // database names them — no tracker, no ballot, no credential next to anything.
    let on_board: Vec<String> = app
        .strings(&format!(
            "select tracker from consultation_ballots where consultation_id = '{id}'"
        ))
        .await;
    let waiting: Vec<&String> = truth.keys().filter(|t| !on_board.contains(t)).collect();
    assert_eq!(waiting.len(), 11);
    let waiting_rows = dump(&app, backend).await;
    for tracker in &waiting {
        for (table, row) in &waiting_rows {
            assert!(
                !row.contains(tracker.as_str()),
                "a waiting ballot's tracker is readable in {table}: {row}"
            );
        }
    }
    if backend == Backend::Postgres {
        // The join, aimed at the pool: it finds rows, and they say nothing.
        let joined = app
            .strings(
                "select u.email || ' ' || bp::text from consultation_participation p
             join consultation_ballot_pool bp on bp.xmin = p.xmin
             join users u on u.id = p.user_id",
            )
            .await;
        assert!(!joined.is_empty(), "the pool shares its casts' xmin");
        for row in &joined {
            assert!(!waiting.iter().any(|t| row.contains(t.as_str())), "{row}");
        }
    }
    // No receipt mail is queued before the ballot is out: its time would be the cast's.
    let queued_early = app
        .scalar("select count(*) from outbox where subject like 'Bulletin%'")
        .await;
    let sent_early = read_mails(&app.mail_dir(), "electeur")
        .iter()
        .filter(|m| m.subject.starts_with("Bulletin"))
        .count();
    assert!(
        usize::try_from(queued_early).unwrap() + sent_early <= 2 * BATCH,
        "receipt mails for waiting ballots"
    );
    let pass = consultation_pass(&app.db, &app.settings, now()).await;
    assert_eq!(pass.published, 0, "the interval has not passed");
    let pass = consultation_pass(&app.db, &app.settings, now() + 600).await;
    assert_eq!(pass.published, 11);
    let b = board(&p.staff, &id).await;
    assert_eq!(
        (b["ballots"].clone(), b["waiting"].clone()),
        (json!(51), json!(0))
    );
    assert_eq!(b["voters"], VOTERS);
    // Voter 0's revote counts, their first ballot does not, whatever the shuffle did.
    let counted: HashMap<String, bool> = b["board"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["tracker"].as_str().unwrap().to_owned(),
                e["counted"].as_bool().unwrap(),
            )
        })
        .collect();
    assert!(!counted[&trackers_of_0[0]]);
    assert!(counted[&trackers_of_0[1]]);
    let archive = super::election::archive(&p.staff, &id, &uuid).await;
    both_verifiers_accept(&uuid, &archive);

    // The reader's attacks.
    let ballots_by = |key: &str| {
        format!(
            "select tracker from consultation_ballots where consultation_id = '{id}' order by {key}, tracker"
        )
    };
    let mut ballot_orders: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    ballot_orders.insert("id", app.strings(&ballots_by("id")).await);
    ballot_orders.insert(
        "published_at",
        app.strings(&ballots_by("published_at")).await,
    );
    let mut voter_orders: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let participation =
        format!("select user_id from consultation_participation where consultation_id = '{id}'");
    voter_orders.insert(
        "participation (storage order)",
        app.strings(&participation).await,
    );
    voter_orders.insert(
        "sessions.created_at",
        app.strings("select user_id from sessions order by created_at, user_id")
            .await,
    );
    voter_orders.insert(
        "sessions.last_seen_at",
        app.strings("select user_id from sessions order by last_seen_at, user_id")
            .await,
    );
    voter_orders.insert(
        "outbox.created_at (receipt mails)",
        app.strings(
            "select user_id from outbox where user_id is not null and subject like 'Bulletin%'
             order by created_at, id",
        )
        .await,
    );
    match backend {
        Backend::Postgres => {
            // The one-line query.
            let linked = app
                .strings(
                    "select u.email || ' ' || b.tracker from consultation_participation p
                 join consultation_ballots b on b.xmin = p.xmin
                 join users u on u.id = p.user_id",
                )
                .await;
            assert!(
                linked.is_empty(),
                "xmin links accounts to ballots: {linked:?}"
            );
            let xid = "xmin::text::bigint";
            ballot_orders.insert("xmin", app.strings(&ballots_by(xid)).await);
            ballot_orders.insert("ctid", app.strings(&ballots_by("ctid")).await);
            voter_orders.insert(
                "participation.xmin",
                app.strings(&format!("{participation} order by {xid}, user_id"))
                    .await,
            );
            voter_orders.insert(
                "participation.ctid",
                app.strings(&format!("{participation} order by ctid")).await,
            );
            voter_orders.insert(
                "sessions.xmin",
                app.strings(&format!("select user_id from sessions order by {xid}"))
                    .await,
            );
            voter_orders.insert(
                "outbox.xmin",
                app.strings(&format!(
                    "select user_id from outbox where subject like 'Bulletin%' order by {xid}"
                ))
                .await,
            );
            // Rows written together share an xmin: every ballot's is shared with its whole
            // batch, and no participation row shares one with any ballot.
            let sizes = app
                .strings(&format!(
                    "select count(*)::text from consultation_ballots
                     where consultation_id = '{id}' group by xmin::text"
                ))
                .await;
            let mut sizes: Vec<usize> = sizes.iter().map(|s| s.parse().unwrap()).collect();
            sizes.sort_unstable();
            assert_eq!(sizes, [11, 20, 20], "ballots grouped by xmin");
        }
        Backend::Sqlite => {
            ballot_orders.insert("rowid", app.strings(&ballots_by("rowid")).await);
            voter_orders.insert(
                "sessions.rowid",
                app.strings("select user_id from sessions order by rowid")
                    .await,
            );
            voter_orders.insert(
                "outbox.rowid",
                app.strings(
                    "select user_id from outbox where subject like 'Bulletin%' order by rowid",
                )
                .await,
            );
        }
    }
    // The voters' cast order is what every voter-side order above reveals at best: the truth
    // in that order is the strongest attacker, and chance is one right guess per batch.
    voter_orders.insert(
        "the true cast order (the strongest attacker)",
        order
            .iter()
            .enumerate()
            .filter(|(n, i)| !(**i == 0 && *n == 0))
            .map(|(_, i)| user_ids[*i].clone())
            .collect(),
    );
    for (voter_key, voters) in &voter_orders {
        let voters: Vec<String> = voters
            .iter()
            .filter(|u| user_ids.contains(u))
            .cloned()
            .collect();
        // Delivered receipt mails leave the outbox (their rows are deleted): those orders may be
        // empty; the true cast order stands for them while they wait.
        if !voter_key.starts_with("outbox") {
            assert!(
                voters.len() >= VOTERS,
                "{voter_key}: {} voters",
                voters.len()
            );
        }
        for (ballot_key, ballots) in &ballot_orders {
            // Also against the ballots without voter 0's replaced first one, and each order
            // reversed: the attacker's best alignment.
            let firsts: Vec<String> = ballots
                .iter()
                .filter(|t| **t != trackers_of_0[0])
                .cloned()
                .collect();
            for candidate in [ballots.clone(), firsts] {
                let mut reversed = candidate.clone();
                reversed.reverse();
                for b in [&candidate, &reversed] {
                    let hits = rank_matches(&voters, b, &truth);
                    // Chance: about one per batch (3); 13 or more has odds below 1 in 10^5.
                    assert!(
                        hits <= 12,
                        "{voter_key} against ballots by {ballot_key}: {hits} of {VOTERS} right"
                    );
                }
            }
        }
    }

    // No row of any table holds an account next to a ballot, tracker or credential.
    let group = Group::belenios_2048();
    let mut ballot_marks: Vec<String> = truth.keys().cloned().collect();
    for c in &credentials {
        ballot_marks.push(credential::public_credential(group, &uuid, c).to_string());
    }
    let mut account_marks: Vec<String> = user_ids.clone();
    account_marks.extend((0..VOTERS).map(email));
    for (table, row) in dump(&app, backend).await {
        let account = account_marks.iter().any(|m| row.contains(m.as_str()));
        let ballot = ballot_marks.iter().any(|m| row.contains(m.as_str()));
        assert!(
            !(account && ballot),
            "{table} links an account to a ballot: {row}"
        );
    }
    // One receipt mail per voter, voter 0's two casts in one batch included: the outbox does
    // not count casts. (The last batch's mails are due at the pass's future time: still queued.)
    let mut receipts: Vec<String> = Vec::new();
    for _ in 0..200 {
        let queued = app.strings("select recipient from outbox where subject like 'Bulletin%' and status = 'pending'",
        )
        .await;
        let delivered = read_mails(&app.mail_dir(), "electeur")
            .into_iter()
            .filter(|m| m.subject.starts_with("Bulletin enregistré"))
            .map(|m| m.to);
        receipts = queued.into_iter().chain(delivered).collect();
        if receipts.len() >= VOTERS {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    for i in 0..VOTERS {
        let to_i = receipts.iter().filter(|to| to.contains(&email(i))).count();
        assert_eq!(to_i, 1, "receipt mails of {}", email(i));
    }
    // Nor do the logs: no tracker and no credential of this election in any line.
    let logs = String::from_utf8_lossy(&logs.lock().unwrap()).into_owned();
    assert!(logs.contains(&id), "the logs were captured");
    for mark in &ballot_marks {
        assert!(
            !logs.contains(mark.as_str()),
            "a ballot in the logs: {mark}"
        );
    }
    // Nor do the receipt mails.
    for m in read_mails(&app.mail_dir(), "electeur") {
        for tracker in truth.keys() {
            assert!(!m.text.contains(tracker.as_str()), "a tracker in a mail");
            assert!(!m.html.contains(tracker.as_str()), "a tracker in a mail");
        }
    }
}

/// Two nodes with different seal keys would each fail to publish what the other sealed: the
/// second is refused at start, with the way out in the message, and the first goes on.
async fn a_node_with_another_seal_key_is_refused(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.totp_required_roles = vec![]).await;
    let other_dir = tempfile::tempdir().unwrap();
    let mut settings = app.settings.clone();
    settings.listen = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    settings.ballot_seal_key_file = other_dir.path().join("ballot-seal.key");
    let err = voix::app::Application::build(settings.clone())
        .await
        .expect_err("a node with another key is refused");
    let message = format!("{err:#}");
    assert!(
        message.contains("every node of an installation needs the same key file"),
        "{message}"
    );
    // With the first node's key file, the second node starts.
    settings.ballot_seal_key_file = app.settings.ballot_seal_key_file.clone();
    settings.listen = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let second = voix::app::Application::build(settings).await.unwrap();
    drop(second);
    let r = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
}
