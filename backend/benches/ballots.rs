//! Benchmark of ballot casting (issue #5): voters cast ballots for the sample election's
//! 3-question template through `POST /api/v1/consultations/{id}/ballots`, server-side
//! verification included, on SQLite and PostgreSQL. It measures and prints; it asserts nothing
//! (docs/benchmarks.md).
//!
//! ```sh
//! cargo bench -p backend --bench ballots -- [--db sqlite|postgres|both] [--voters 50] \
//!     [--seconds 15] [--load 0.8] [--keep]
//! ```
//!
//! Per database: the real application on a fresh database, a `server_single` consultation
//! opened for `--voters` residents (credentials read from the `.eml` files the file mail
//! transport writes), ballots made beforehand with Voix's protocol code. Then:
//! 1. **verification alone**: the same ballots verified by `ElectionContext::verify_ballot` on
//!    every core (rayon), without HTTP or storage — the rate the web and storage layers are
//!    compared with;
//! 2. **saturation**: every voter casts back to back (closed loop): the highest rate;
//! 3. **sustained load**: ballots arrive at `--load` × the verification rate, spread evenly,
//!    each cast by a voter who is not already waiting; latency counts from the planned arrival
//!    (so a late start is not hidden);
//! 4. **integrity**: every accepted ballot is on the board exactly once, and the archive
//!    verifies.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use protocol::belenios::election::ElectionContext;
use protocol::belenios::rng::OsRandom;
use protocol::belenios::{credential, verify};
use rayon::prelude::*;
use serde_json::{Value, json};
use tokio::sync::Mutex;
use voix::db::Db;
use voix::on_db;

mod support;
use support::{CpuTimes, Engine, machine, start, stop};

const STAFF_EMAIL: &str = "agent.elections@exemple.fr";
const PASSWORD: &str = "un mot de passe de benchmark";

#[derive(Debug)]
struct Args {
    engines: Vec<Engine>,
    voters: usize,
    seconds: u64,
    load: f64,
    keep: bool,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args {
        engines: vec![Engine::Sqlite, Engine::Postgres],
        voters: 50,
        seconds: 15,
        load: 0.8,
        keep: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--bench" => {}
            "--db" => args.engines = support::engines(&value("--db")?)?,
            "--voters" => args.voters = value("--voters")?.parse()?,
            "--seconds" => args.seconds = value("--seconds")?.parse()?,
            "--load" => args.load = value("--load")?.parse()?,
            "--keep" => args.keep = true,
            "-h" | "--help" => {
                println!(
                    "cargo bench -p backend --bench ballots -- [--db sqlite|postgres|both] \
                     [--voters N] [--seconds S] [--load FRACTION] [--keep]"
                );
                std::process::exit(0);
            }
            other => bail!("unknown argument {other} (try --help)"),
        }
    }
    if args.voters == 0 || args.seconds == 0 || !(args.load > 0.0 && args.load <= 1.5) {
        bail!("--voters and --seconds must be positive, --load in (0, 1.5]");
    }
    Ok(args)
}

/// The sample election's template (../shared/belenios/sample): one of three, one to three of
/// four, yes/no with a blank vote.
fn setup(opens_at: i64) -> Value {
    let loc = |fr: &str, en: &str| json!({"fr": fr, "en": en});
    json!({
        "title": loc("Consultation de charge", "Load consultation"),
        "description": loc("Banc d'essai.", "Benchmark."),
        "opens_at": opens_at,
        "closes_at": opens_at + 7 * 86_400,
        "questions": [
            {"text": loc("Un parmi trois", "One of three"), "kind": "single",
             "answers": [loc("Alice", "Alice"), loc("Bob", "Bob"), loc("Charlie", "Charlie")]},
            {"text": loc("Un à trois parmi quatre", "One to three of four"), "kind": "multiple",
             "min": 1, "max": 3,
             "answers": [loc("A", "A"), loc("B", "B"), loc("C", "C"), loc("D", "D")]},
            {"text": loc("Référendum", "Referendum"), "kind": "single", "blank_allowed": true,
             "answers": [loc("Oui", "Yes"), loc("Non", "No")]}
        ],
        "eligibility": {"kind": "list"},
        "trustees": {"mode": "server_single"}
    })
}

/// A valid random choice for the template above (Belenios' plaintext: a leading blank slot
/// on the third question).
fn random_vote(seed: u64) -> Vec<Vec<u32>> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move |n: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % n
    };
    let mut q1 = vec![0; 3];
    q1[usize::try_from(next(3)).unwrap_or(0)] = 1;
    let mut q2: Vec<u32> = (0..4).map(|_| u32::from(next(2) == 1)).collect();
    if q2.iter().all(|v| *v == 0) || q2.iter().all(|v| *v == 1) {
        q2 = vec![1, 0, 0, 0];
    }
    let q3 = match next(5) {
        0 => vec![1, 0, 0],
        1 | 2 => vec![0, 1, 0],
        _ => vec![0, 0, 1],
    };
    vec![q1, q2, q3]
}

async fn pg_or_sqlite_exec(db: &Db, sql: String) -> anyhow::Result<()> {
    let mut tx = db.begin().await?;
    on_db!(&mut tx, |c| sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    tx.commit().await?;
    Ok(())
}

/// A staff member and `voters` verified residents, sharing one password hash.
async fn seed_people(db: &Db, voters: usize) -> anyhow::Result<Vec<String>> {
    let hash = voix::auth::password::hash(PASSWORD.to_owned()).await?;
    let town_id: String = {
        let mut tx = db.read().await?;
        on_db!(&mut tx, |c| sqlx::query_scalar(
            "select id from towns limit 1"
        )
        .fetch_one(c)
        .await)?
    };
    let now = voix::time::now();
    let emails: Vec<String> = (0..voters)
        .map(|i| format!("votant{i}@exemple.fr"))
        .collect();
    let mut rows = vec![format!(
        "('{}', '{town_id}', '{STAFF_EMAIL}', 'Agent', '{hash}', 'fr', 'staff', {now}, false, {now}, {now})",
        uuid::Uuid::new_v4()
    )];
    rows.extend(emails.iter().map(|e| {
        format!(
            "('{}', '{town_id}', '{e}', 'Votant', '{hash}', 'fr', 'resident', {now}, false, {now}, {now})",
            uuid::Uuid::new_v4()
        )
    }));
    for chunk in rows.chunks(500) {
        pg_or_sqlite_exec(
            db,
            format!(
                "insert into users (id, town_id, email, display_name, password_hash, language, \
                 role, email_verified_at, disabled, created_at, updated_at) values {}",
                chunk.join(", ")
            ),
        )
        .await?;
    }
    Ok(emails)
}

/// A client signed in as `email` (its session cookie sent with every request).
async fn sign_in(base: &str, email: &str) -> anyhow::Result<reqwest::Client> {
    let response = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/login"))
        .header(reqwest::header::ORIGIN, base)
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await?;
    let status = response.status();
    let cookie = response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("voix_session="))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned);
    let Some(cookie) = cookie.filter(|_| status.is_success()) else {
        bail!("login of {email} failed: {status}");
    };
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::COOKIE, cookie.parse()?);
    headers.insert(reqwest::header::ORIGIN, base.parse()?);
    Ok(reqwest::Client::builder()
        .default_headers(headers)
        .build()?)
}

async fn call(request: reqwest::RequestBuilder) -> anyhow::Result<Value> {
    let response = request.send().await?;
    let status = response.status();
    let text = response.text().await?;
    if !status.is_success() {
        bail!("{status}: {text}");
    }
    Ok(if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text)?
    })
}

/// Each voter's private credential, read from the `.eml` files of the file mail transport.
fn credentials_from_mail(dir: &Path, emails: &[String]) -> anyhow::Result<Vec<String>> {
    let mut found: HashMap<String, String> = HashMap::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("{}", dir.display()))? {
        let raw = std::fs::read(entry?.path())?;
        let mail = mailparse::parse_mail(&raw)?;
        let to = mail
            .headers
            .iter()
            .find(|h| h.get_key().eq_ignore_ascii_case("to"))
            .map(|h| h.get_value())
            .unwrap_or_default();
        let mut texts = vec![mail.get_body().unwrap_or_default()];
        texts.extend(mail.subparts.iter().filter_map(|p| p.get_body().ok()));
        let credential = texts.iter().find_map(|t| {
            t.split(|c: char| c.is_whitespace() || c == '«' || c == '»')
                .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
                .find(|w| credential::is_valid(w))
                .map(str::to_owned)
        });
        if let (Some(c), Some(email)) = (credential, emails.iter().find(|e| to.contains(*e))) {
            found.insert(email.clone(), c);
        }
    }
    emails
        .iter()
        .map(|e| {
            found
                .get(e)
                .cloned()
                .with_context(|| format!("no credential mail for {e}"))
        })
        .collect()
}

/// One cast: when it was due, how long it took from then, and the tracker when accepted.
struct Cast {
    micros: u64,
    tracker: Option<String>,
    error: Option<String>,
}

async fn cast(client: &reqwest::Client, url: &str, ballot: &str, due: Instant) -> Cast {
    let outcome = match client
        .post(url)
        .json(&json!({ "ballot": ballot }))
        .send()
        .await
    {
        Ok(r) if r.status().as_u16() == 201 => match r.json::<Value>().await {
            Ok(v) => Ok(v["tracker"].as_str().unwrap_or_default().to_owned()),
            Err(e) => Err(format!("body: {e}")),
        },
        Ok(r) => Err(format!(
            "{}: {}",
            r.status(),
            r.text().await.unwrap_or_default()
        )),
        Err(e) => Err(format!("transport: {e}")),
    };
    Cast {
        micros: u64::try_from(due.elapsed().as_micros()).unwrap_or(u64::MAX),
        tracker: outcome.as_ref().ok().cloned(),
        error: outcome.err(),
    }
}

/// The ballots still to cast, per voter (each voter casts its own, in order).
type Pool = Arc<Vec<Mutex<Vec<String>>>>;

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1] as f64 / 1000.0
}

struct PhaseResult {
    casts: Vec<Cast>,
    elapsed: Duration,
    cpu: Option<(f64, f64, f64)>,
}

impl PhaseResult {
    fn print(&self, name: &str) -> (f64, f64) {
        let mut micros: Vec<u64> = self.casts.iter().map(|c| c.micros).collect();
        micros.sort_unstable();
        let ok = self.casts.iter().filter(|c| c.tracker.is_some()).count();
        let rate = ok as f64 / self.elapsed.as_secs_f64();
        let p99 = percentile(&micros, 99.0);
        println!(
            "  {name:<34} {:>6} accepted {:>7.1}/s  p50 {:>7.1}  p95 {:>7.1}  p99 {:>7.1}  max {:>7.1} ms  errors {}",
            ok,
            rate,
            percentile(&micros, 50.0),
            percentile(&micros, 95.0),
            p99,
            micros.last().map_or(f64::NAN, |m| *m as f64 / 1000.0),
            self.casts.len() - ok
        );
        if let Some((busy, stolen, own)) = self.cpu {
            println!(
                "    CPU: machine {busy:.1} s busy of {:.1} s ({stolen:.1} s stolen), this process {own:.1} s",
                self.elapsed.as_secs_f64() * 2.0
            );
        }
        for e in self.casts.iter().filter_map(|c| c.error.as_ref()).take(3) {
            println!("    error: {e}");
        }
        (rate, p99)
    }
}

/// Every voter casts back to back for `duration`.
async fn saturate(
    clients: &[reqwest::Client],
    url: &str,
    pool: &Pool,
    duration: Duration,
) -> PhaseResult {
    let cpu_before = CpuTimes::now();
    let started = Instant::now();
    let until = started + duration;
    let tasks: Vec<_> = clients
        .iter()
        .enumerate()
        .map(|(v, client)| {
            let (client, url, pool) = (client.clone(), url.to_owned(), pool.clone());
            tokio::spawn(async move {
                let mut out = Vec::new();
                while Instant::now() < until {
                    let Some(ballot) = pool[v].lock().await.pop() else {
                        break;
                    };
                    out.push(cast(&client, &url, &ballot, Instant::now()).await);
                }
                out
            })
        })
        .collect();
    let mut casts = Vec::new();
    for t in tasks {
        casts.extend(t.await.unwrap_or_default());
    }
    let elapsed = started.elapsed();
    PhaseResult {
        casts,
        elapsed,
        cpu: CpuTimes::now().and_then(|c| c.since(&cpu_before)),
    }
}

/// Ballots arrive every `1 / rate` s for `duration`, each cast by the next voter not already
/// casting; latency counts from the planned arrival.
async fn sustain(
    clients: &[reqwest::Client],
    url: &str,
    pool: &Pool,
    rate: f64,
    duration: Duration,
) -> PhaseResult {
    let cpu_before = CpuTimes::now();
    let started = Instant::now();
    let interval = Duration::from_secs_f64(1.0 / rate);
    let count = (duration.as_secs_f64() * rate) as usize;
    // Round robin over the free voters, so that every voter's ballots last.
    let free: Arc<Mutex<VecDeque<usize>>> = Arc::new(Mutex::new((0..clients.len()).collect()));
    let mut tasks = Vec::with_capacity(count);
    for i in 0..count {
        let due = started + interval.mul_f64(i as f64);
        tokio::time::sleep_until(due.into()).await;
        let (clients, url, pool, free) =
            (clients.to_vec(), url.to_owned(), pool.clone(), free.clone());
        tasks.push(tokio::spawn(async move {
            // A voter already casting cannot start another ballot: wait for one to be free.
            let voter = loop {
                if let Some(v) = free.lock().await.pop_front() {
                    break v;
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            };
            let ballot = pool[voter].lock().await.pop();
            let result = match ballot {
                Some(b) => cast(&clients[voter], &url, &b, due).await,
                None => Cast {
                    micros: 0,
                    tracker: None,
                    error: Some("no ballot left for this voter".into()),
                },
            };
            free.lock().await.push_back(voter);
            result
        }));
    }
    let mut casts = Vec::new();
    for t in tasks {
        if let Ok(c) = t.await {
            casts.push(c);
        }
    }
    let elapsed = started.elapsed().max(duration);
    PhaseResult {
        casts,
        elapsed,
        cpu: CpuTimes::now().and_then(|c| c.since(&cpu_before)),
    }
}

fn bench_engine(engine: Engine, args: &Args) -> anyhow::Result<()> {
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let server = server_rt.block_on(start(engine, |settings| {
        let unlimited = voix::config::Limit {
            max: i64::MAX,
            window: Duration::from_secs(60),
        };
        settings.throttle.login_per_ip = unlimited;
        settings.throttle.login_per_account = unlimited;
    }))?;
    let base = format!("http://127.0.0.1:{}", server.port);
    let mail_dir = server.dir.path().join("mail");
    println!("\n#### {}", engine.label());

    let outcome = client_rt.block_on(async {
        let emails = seed_people(&server.db, args.voters).await?;
        let staff = sign_in(&base, STAFF_EMAIL).await?;
        let created = call(
            staff
                .post(format!("{base}/api/v1/staff/consultations"))
                .json(&setup(voix::time::now() - 60)),
        )
        .await?;
        let id = created["id"].as_str().context("consultation id")?.to_owned();
        let list: String = emails.iter().map(|e| format!("{e}\n")).collect();
        call(
            staff
                .put(format!("{base}/api/v1/staff/consultations/{id}/voters"))
                .header(reqwest::header::CONTENT_TYPE, "text/csv")
                .body(format!("email\n{list}")),
        )
        .await?;
        call(staff.post(format!("{base}/api/v1/staff/consultations/{id}/key-ceremony"))).await?;
        call(
            staff
                .post(format!("{base}/api/v1/staff/consultations/{id}/open"))
                .json(&json!({})),
        )
        .await?;
        // The outbox worker writes the credential mails shortly after the opening.
        let mut credentials = Err(anyhow::anyhow!("no mail yet"));
        for _ in 0..300 {
            tokio::time::sleep(Duration::from_millis(200)).await;
            credentials = credentials_from_mail(&mail_dir, &emails);
            if credentials.is_ok() {
                break;
            }
        }
        let credentials = credentials?;
        let board = call(staff.get(format!("{base}/api/v1/consultations/{id}/board"))).await?;
        let election = board["election"].as_str().context("election")?.to_owned();
        let ctx = Arc::new(ElectionContext::from_raw(&election).map_err(|e| anyhow::anyhow!("{e}"))?);

        // Ballots made beforehand: enough for both phases at the verification rate.
        let make = |n: usize, offset: usize| -> Vec<(usize, String)> {
            (0..n)
                .into_par_iter()
                .map(|i| {
                    let voter = (offset + i) % credentials.len();
                    let b = ctx
                        .create_ballot(&credentials[voter], &random_vote((offset + i) as u64), &mut OsRandom)
                        .expect("a valid ballot");
                    (voter, b)
                })
                .collect()
        };
        let t = Instant::now();
        let sample = make(200, 0);
        let made_rate = sample.len() as f64 / t.elapsed().as_secs_f64();
        let t = Instant::now();
        let verified: usize = sample
            .par_iter()
            .filter(|(_, b)| ctx.verify_ballot(b).is_ok())
            .count();
        let verify_rate = sample.len() as f64 / t.elapsed().as_secs_f64();
        anyhow::ensure!(verified == sample.len(), "a made ballot does not verify");
        println!(
            "verification alone (ElectionContext::verify_ballot, {} threads): {verify_rate:.1} ballots/s; making ballots: {made_rate:.1}/s",
            rayon::current_num_threads()
        );
        let needed = ((verify_rate * args.seconds as f64) * (1.6 + args.load)) as usize + 4 * args.voters;
        let t = Instant::now();
        let mut all = sample;
        all.extend(make(needed.saturating_sub(all.len()), all.len()));
        println!("made {} ballots in {:.1} s", all.len(), t.elapsed().as_secs_f64());
        let mut per_voter: Vec<Vec<String>> = vec![Vec::new(); args.voters];
        for (v, b) in all {
            per_voter[v].push(b);
        }
        let pool: Pool = Arc::new(per_voter.into_iter().map(Mutex::new).collect());

        let mut clients = Vec::with_capacity(emails.len());
        for e in &emails {
            clients.push(sign_in(&base, e).await?);
        }
        let url = format!("{base}/api/v1/consultations/{id}/ballots");
        let warm = saturate(&clients, &url, &pool, Duration::from_secs(2)).await;
        let saturation = saturate(&clients, &url, &pool, Duration::from_secs(args.seconds)).await;
        let sustained = sustain(
            &clients,
            &url,
            &pool,
            verify_rate * args.load,
            Duration::from_secs(args.seconds),
        )
        .await;
        println!("{} voters, {} s per phase:", args.voters, args.seconds);
        let (max_rate, _) = saturation.print("saturation (closed loop)");
        let (rate, p99) = sustained.print(&format!("sustained at {:.0} % of verification", args.load * 100.0));
        println!(
            "  saturation / verification alone = {:.2}; sustained: {rate:.1}/s, p99 {p99:.1} ms",
            max_rate / verify_rate
        );

        // Integrity: every accepted ballot once on the board, and the archive verifies. The
        // last ballots wait for their batch (at most 20): published first, as the job would.
        let later = voix::time::now() + 86_400;
        voix::consultations::batches::publish_due(&server.db, &server.settings, later)
            .await
            .map_err(|e| anyhow::anyhow!("publishing the last batch: {e:?}"))?;
        let accepted: Vec<&String> = [&warm, &saturation, &sustained]
            .iter()
            .flat_map(|p| p.casts.iter().filter_map(|c| c.tracker.as_ref()))
            .collect();
        let board = call(staff.get(format!("{base}/api/v1/consultations/{id}/board"))).await?;
        let listed: Vec<String> = board["board"]
            .as_array()
            .context("board ballots")?
            .iter()
            .filter_map(|b| b["tracker"].as_str().map(str::to_owned))
            .collect();
        let unique: HashSet<&String> = listed.iter().collect();
        let missing = accepted.iter().filter(|t| !unique.contains(**t)).count();
        println!(
            "integrity: {} accepted, {} on the board ({} distinct), {missing} accepted but missing",
            accepted.len(),
            listed.len(),
            unique.len()
        );
        let archive = staff
            .get(format!("{base}/api/v1/consultations/{id}/archive"))
            .send()
            .await?
            .bytes()
            .await?;
        match verify::verify_archive(&archive) {
            Ok(report) => println!(
                "archive verifies (voix verify): {} ballots, {} credentials",
                report.num_ballots, report.num_voters
            ),
            Err(e) => println!("ARCHIVE DOES NOT VERIFY: {e}"),
        }
        anyhow::Ok(())
    });
    server_rt.block_on(stop(server, args.keep))?;
    outcome
}

fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    println!(
        "Ballot casting benchmark: {} voters, {} s per phase, sustained load {:.0} % of verification. Machine: {}",
        args.voters,
        args.seconds,
        args.load * 100.0,
        machine()
    );
    for &engine in &args.engines {
        bench_engine(engine, &args)?;
    }
    Ok(())
}
