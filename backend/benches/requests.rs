//! Benchmark of the service-request read paths under load: the staff queue
//! (`GET /api/v1/staff/requests`) and Open311 (`GET /open311/v2/requests.json`) on a town with
//! 100,000 requests, on SQLite and PostgreSQL. Target: p99 < 50 ms at 20 concurrent clients.
//! A third phase measures logins (argon2id; no target: its cost is chosen, see
//! docs/benchmarks.md). It measures and prints; it asserts nothing.
//!
//! ```sh
//! cargo bench -p backend --bench requests -- [--db sqlite|postgres|both] [--requests 100000] \
//!     [--clients 20] [--seconds 20] [--warmup 2] [--only queue|open311|login] [--exclude TEXT]… [--keep]
//! ```
//!
//! `--exclude TEXT` leaves out the query shapes whose name contains TEXT (e.g. `q=`, to see
//! what the other shapes get without the full-text scan competing for the cores).
//!
//! Per database: a fresh SQLite file in a temporary folder or a fresh PostgreSQL database
//! (`VOIX_BENCH_PG_URL`, else `VOIX_TEST_PG_URL`, else `postgres://postgres@127.0.0.1:5432`;
//! dropped at the end unless `--keep`), the real application on a free port, seeded with bulk
//! SQL, then closed-loop HTTP clients. The server and the load generator run on two separate
//! Tokio runtimes of this one process, and share the machine's cores. Results are recorded in
//! `docs/benchmarks.md`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use protocol::api::{Language, Role};
use voix::db::{Db, Tx};
use voix::on_db;
use voix::search::search_text;
use voix::time::{format_iso8601, now, year_of};

mod support;
use support::{CpuTimes, Engine, machine, start, stop};

const STAFF_EMAIL: &str = "agent.voirie@exemple.fr";
const STAFF_PASSWORD: &str = "un mot de passe de benchmark";
const RESIDENTS: usize = 2_000;
/// Rows per multi-row `insert` statement.
const CHUNK: usize = 500;
const DAY: i64 = 86_400;

// --- Command line ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Queue,
    Open311,
    Login,
}

impl Phase {
    fn title(self) -> &'static str {
        match self {
            Self::Queue => "A: staff queue, GET /api/v1/staff/requests",
            Self::Open311 => "B: Open311, GET /open311/v2/requests.json",
            Self::Login => "C: login, POST /api/v1/auth/login",
        }
    }
    fn short(self) -> &'static str {
        match self {
            Self::Queue => "staff",
            Self::Open311 => "open311",
            Self::Login => "login",
        }
    }
}

#[derive(Debug)]
struct Args {
    engines: Vec<Engine>,
    requests: usize,
    clients: usize,
    seconds: u64,
    warmup: u64,
    phases: Vec<Phase>,
    exclude: Vec<String>,
    keep: bool,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args {
        engines: vec![Engine::Sqlite, Engine::Postgres],
        requests: 100_000,
        clients: 20,
        seconds: 20,
        warmup: 2,
        phases: vec![Phase::Queue, Phase::Open311, Phase::Login],
        exclude: Vec::new(),
        keep: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().with_context(|| format!("{name} needs a value"));
        match arg.as_str() {
            // `cargo bench` passes `--bench` to harness-less targets.
            "--bench" => {}
            "--db" => args.engines = support::engines(&value("--db")?)?,
            "--requests" => args.requests = value("--requests")?.parse()?,
            "--clients" => args.clients = value("--clients")?.parse()?,
            "--seconds" => args.seconds = value("--seconds")?.parse()?,
            "--warmup" => args.warmup = value("--warmup")?.parse()?,
            "--only" => {
                args.phases = match value("--only")?.as_str() {
                    "queue" | "staff" => vec![Phase::Queue],
                    "open311" => vec![Phase::Open311],
                    "login" => vec![Phase::Login],
                    other => bail!("--only {other}: expected queue, open311 or login"),
                }
            }
            "--exclude" => args.exclude.push(value("--exclude")?),
            "--keep" => args.keep = true,
            "-h" | "--help" => {
                println!(
                    "cargo bench -p backend --bench requests -- [--db sqlite|postgres|both] \
                     [--requests N] [--clients N] [--seconds S] [--warmup S] \
                     [--only queue|open311|login] [--exclude TEXT]... [--keep]"
                );
                std::process::exit(0);
            }
            other => bail!("unknown argument {other} (try --help)"),
        }
    }
    if args.requests == 0 || args.clients == 0 || args.seconds == 0 {
        bail!("--requests, --clients and --seconds must be positive");
    }
    Ok(args)
}

// --- Deterministic data ---------------------------------------------------------------------

/// SplitMix64: small, fast, and the same data on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + i64::try_from(self.below(u64::try_from(hi - lo).unwrap_or(1))).unwrap_or(0)
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn index(&mut self, len: usize) -> usize {
        usize::try_from(self.below(len as u64)).unwrap_or(0)
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.index(items.len())]
    }
    fn weighted(&mut self, weights: &[u64]) -> usize {
        let mut x = self.below(weights.iter().sum());
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
    fn uuid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next().to_le_bytes());
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }
    fn hex(&mut self) -> String {
        format!("{:016x}{:016x}", self.next(), self.next())
    }
}

/// A seeded category: how often it is chosen and how its descriptions begin.
struct Category {
    code: &'static str,
    group: &'static str,
    name_fr: &'static str,
    name_en: &'static str,
    weight: u64,
    leads: &'static [&'static str],
}

const fn category(
    code: &'static str,
    group: &'static str,
    name_fr: &'static str,
    name_en: &'static str,
    weight: u64,
    leads: &'static [&'static str],
) -> Category {
    Category {
        code,
        group,
        name_fr,
        name_en,
        weight,
        leads,
    }
}

const CATEGORIES: [Category; 8] = [
    category(
        "voirie-nid-de-poule",
        "Voirie",
        "Nid-de-poule",
        "Pothole",
        20,
        &[
            "Nid-de-poule profond sur la chaussée",
            "Trou dans la route",
            "Affaissement de la chaussée",
        ],
    ),
    category(
        "voirie-signalisation",
        "Voirie",
        "Panneau ou marquage abîmé",
        "Damaged sign or marking",
        8,
        &[
            "Panneau stop tordu",
            "Marquage du passage piéton effacé",
            "Panneau renversé",
        ],
    ),
    category(
        "eclairage-public",
        "Éclairage public",
        "Lampadaire en panne",
        "Street light out",
        16,
        &[
            "Le lampadaire ne fonctionne plus",
            "Lampadaire qui clignote toute la nuit",
            "Rue plongée dans le noir, plusieurs lampadaires éteints",
            "Lampadaire allumé en plein jour",
        ],
    ),
    category(
        "proprete-depot-sauvage",
        "Propreté",
        "Dépôt sauvage",
        "Fly-tipping",
        18,
        &[
            "Dépôt sauvage de gravats",
            "Encombrants abandonnés sur le trottoir",
            "Sacs poubelle déposés au pied du lampadaire",
        ],
    ),
    category(
        "proprete-tags",
        "Propreté",
        "Tags et graffitis",
        "Graffiti",
        8,
        &[
            "Tags sur la façade",
            "Graffiti sur l'abribus",
            "Inscriptions sur le mur de l'école",
        ],
    ),
    category(
        "espaces-verts",
        "Espaces verts",
        "Arbre ou espace vert",
        "Trees and green spaces",
        10,
        &[
            "Branche cassée menaçant de tomber",
            "Haie qui déborde sur le trottoir",
            "Pelouse du square non tondue",
        ],
    ),
    category(
        "mobilier-urbain",
        "Mobilier urbain",
        "Mobilier urbain dégradé",
        "Damaged street furniture",
        8,
        &[
            "Banc cassé",
            "Corbeille arrachée",
            "Potelet couché",
            "Barrière descellée",
        ],
    ),
    category(
        "tranquillite-bruit",
        "Tranquillité publique",
        "Bruit et nuisances",
        "Noise and nuisance",
        6,
        &[
            "Bruit de chantier avant sept heures",
            "Alarme qui sonne depuis des heures",
            "Rassemblements bruyants la nuit",
        ],
    ),
];

const WORDS: &[&str] = &[
    "devant",
    "derrière",
    "à côté de",
    "près de",
    "l'école",
    "la boulangerie",
    "la mairie",
    "l'église",
    "la pharmacie",
    "le rond-point",
    "l'arrêt de bus",
    "le parking",
    "le marché",
    "la crèche",
    "le stade",
    "depuis",
    "plusieurs",
    "jours",
    "semaines",
    "hier",
    "ce matin",
    "soir",
    "dangereux",
    "pour",
    "les",
    "piétons",
    "cyclistes",
    "enfants",
    "voitures",
    "poussettes",
    "personnes âgées",
    "merci",
    "d'intervenir",
    "rapidement",
    "déjà",
    "signalé",
    "toujours",
    "rien",
    "n'a",
    "été",
    "fait",
    "voisins",
    "inquiets",
    "très",
    "gênant",
    "la nuit",
    "quand",
    "il",
    "pleut",
    "flaque",
    "boue",
    "odeur",
    "verre",
    "cassé",
    "trottoir",
    "caniveau",
    "carrefour",
    "impasse",
    "au coin",
    "en face",
    "du numéro",
    "côté",
    "pair",
    "impair",
    "risque",
    "de chute",
    "accident",
    "évité",
    "de justesse",
    "photo",
    "jointe",
];

const STREET_KINDS: &[&str] = &[
    "rue",
    "rue",
    "rue",
    "avenue",
    "boulevard",
    "place",
    "allée",
    "chemin",
    "impasse",
    "quai",
];
const STREET_NAMES: &[&str] = &[
    "Victor Hugo",
    "Jean Jaurès",
    "de la République",
    "Pasteur",
    "du Général de Gaulle",
    "Gambetta",
    "de la Gare",
    "des Écoles",
    "du Moulin",
    "des Lilas",
    "Jules Ferry",
    "de la Liberté",
    "Émile Zola",
    "des Tilleuls",
    "du Château",
    "de Verdun",
    "Carnot",
    "Voltaire",
    "de l'Église",
    "des Acacias",
    "Saint-Exupéry",
    "Marie Curie",
    "du Stade",
    "des Peupliers",
    "de la Fontaine",
    "Louise Michel",
    "du 8 Mai 1945",
    "Aristide Briand",
    "des Vignes",
    "du Lavoir",
];
const FIRST_NAMES: &[&str] = &[
    "Camille", "Léa", "Lucas", "Manon", "Hugo", "Chloé", "Louis", "Emma", "Jules", "Inès",
    "Nathan", "Sarah", "Gabriel", "Jade", "Arthur", "Zoé", "Paul", "Alice", "Nicolas", "Claire",
];
const LAST_NAMES: &[&str] = &[
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier",
];
const REASONS: &[&str] = &[
    "Intervention réalisée par les services techniques.",
    "Réparation effectuée, merci pour votre signalement.",
    "Pris en compte, une équipe passera dans la semaine.",
    "Demande transmise au service compétent.",
    "Ce point relève du département, nous avons transmis.",
    "Déjà signalé : voir la demande d'origine.",
    "Nettoyage effectué ce matin.",
    "Commande de pièces en cours.",
];

/// A single-quoted SQL literal.
fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn opt_lit(s: Option<&str>) -> String {
    s.map_or_else(|| "null".to_owned(), lit)
}

fn opt_int(v: Option<i64>) -> String {
    v.map_or_else(|| "null".to_owned(), |v| v.to_string())
}

async fn exec(tx: &mut Tx, sql: &str) -> Result<u64, sqlx::Error> {
    on_db!(tx, |c| sqlx::query(sqlx::AssertSqlSafe(sql))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))
}

/// Runs `insert into {head} values` for `rows`, `CHUNK` rows per statement.
async fn insert_rows(tx: &mut Tx, head: &str, rows: &[String]) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(CHUNK) {
        let sql = format!("insert into {head} values {}", chunk.join(", "));
        exec(tx, &sql).await?;
    }
    Ok(())
}

// --- Seeding --------------------------------------------------------------------------------

/// What the load phases need to know about the seeded data.
#[derive(Debug)]
struct Seeded {
    category_codes: Vec<&'static str>,
    open: usize,
    assigned: usize,
}

const OPEN_STATUSES: [&str; 3] = ["submitted", "acknowledged", "in_progress"];
const FINAL_STATUSES: [&str; 4] = ["resolved", "closed", "rejected", "duplicate"];

async fn seed(db: &Db, requests: usize) -> anyhow::Result<Seeded> {
    let mut rng = Rng(0x5EED_2026);
    let now = now();

    let password_hash = voix::auth::password::hash(STAFF_PASSWORD.to_owned()).await?;
    let mut tx = db.begin().await?;
    let town = voix::repo::towns::ensure_default(&mut tx, "Ma commune").await?;
    let town_id = town.id.clone();
    let staff = voix::repo::users::insert(
        &mut tx,
        &voix::repo::users::NewUser {
            town_id: &town_id,
            email: STAFF_EMAIL,
            display_name: "Agent des services techniques",
            password_hash: &password_hash,
            language: Language::Fr,
            role: Role::Staff,
            verified: true,
        },
    )
    .await?;

    // Categories.
    let created = now - 3 * 365 * DAY;
    let mut category_ids = Vec::new();
    let rows: Vec<String> = CATEGORIES
        .iter()
        .map(|c| {
            let id = rng.uuid();
            category_ids.push(id.clone());
            format!(
                "({}, {}, {}, {}, {}, {}, '', '', '', '[]', true, {created}, {created})",
                lit(&id),
                lit(&town_id),
                lit(c.code),
                lit(c.group),
                lit(c.name_fr),
                lit(c.name_en)
            )
        })
        .collect();
    insert_rows(
        &mut tx,
        "categories (id, town_id, code, group_name, name_fr, name_en, description_fr, \
         description_en, keywords, attributes, active, created_at, updated_at)",
        &rows,
    )
    .await?;

    // Residents (one password hash for all: nobody logs in as them).
    let mut residents: Vec<(String, &str)> = Vec::with_capacity(RESIDENTS);
    let rows: Vec<String> = (0..RESIDENTS)
        .map(|i| {
            let id = rng.uuid();
            let language = if rng.chance(0.9) { "fr" } else { "en" };
            residents.push((id.clone(), language));
            let name = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
            let at = rng.range(now - 3 * 365 * DAY, now - 2 * 365 * DAY);
            format!(
                "({}, {}, {}, {}, {}, {}, 'resident', {at}, false, {at}, {at})",
                lit(&id),
                lit(&town_id),
                lit(&format!("habitant{i}@exemple.fr")),
                lit(&name),
                lit(&password_hash),
                lit(language)
            )
        })
        .collect();
    insert_rows(
        &mut tx,
        "users (id, town_id, email, display_name, password_hash, language, role, \
         email_verified_at, disabled, created_at, updated_at)",
        &rows,
    )
    .await?;
    tx.commit().await?;

    // Requests, oldest first, numbered per year in filing order.
    let mut times: Vec<i64> = (0..requests)
        .map(|_| rng.range(now - 2 * 365 * DAY, now - 60))
        .collect();
    times.sort_unstable();
    let category_weights: Vec<u64> = CATEGORIES.iter().map(|c| c.weight).collect();
    let mut last_of_year: BTreeMap<i64, i64> = BTreeMap::new();
    let mut ids: Vec<String> = Vec::with_capacity(requests);
    let (mut open, mut assigned) = (0, 0);
    let mut tx = db.begin().await?;
    for (batch_no, batch) in times.chunks(CHUNK).enumerate() {
        let first_of_batch = batch_no * CHUNK;
        let mut request_rows = Vec::with_capacity(batch.len());
        let mut event_rows = Vec::with_capacity(2 * batch.len());
        let mut follower_rows = Vec::new();
        for &created_at in batch {
            let id = rng.uuid();
            let year = year_of(created_at);
            let seq = last_of_year.entry(year).or_insert(0);
            *seq += 1;
            let number = format!("{year}-{:06}", *seq);
            let cat = rng.weighted(&category_weights);
            let Category { group, leads, .. } = CATEGORIES[cat];

            let age = now - created_at;
            let p_open = if age < 30 * DAY {
                0.55
            } else if age < 90 * DAY {
                0.25
            } else {
                0.12
            };
            let mut status = if rng.chance(p_open) {
                OPEN_STATUSES[rng.weighted(&[40, 25, 35])]
            } else {
                FINAL_STATUSES[rng.weighted(&[65, 23, 8, 4])]
            };
            let duplicate_of = if status == "duplicate" {
                if first_of_batch == 0 {
                    status = "closed";
                    None
                } else {
                    let j = rng.index(first_of_batch);
                    Some(ids[j].clone())
                }
            } else {
                None
            };
            let is_open = OPEN_STATUSES.contains(&status);
            open += usize::from(is_open);
            let (closed_at, updated_at) = if is_open {
                let updated = if status == "submitted" {
                    created_at
                } else {
                    rng.range(created_at, (created_at + 20 * DAY).min(now))
                };
                (None, updated)
            } else {
                let closed = rng.range(created_at + 3600, created_at + 60 * DAY).min(now);
                (Some(closed), closed)
            };
            let p_assigned = match status {
                "submitted" => 0.0,
                "acknowledged" => 0.5,
                "in_progress" => 0.9,
                "rejected" | "duplicate" => 0.3,
                _ => 0.6,
            };
            let assignee = rng.chance(p_assigned).then_some(staff.id.as_str());
            assigned += usize::from(assignee.is_some());
            let team = assignee.map(|_| group);

            let by_open311 = rng.chance(0.05);
            let (reporter, language) = if by_open311 {
                (None, "fr")
            } else {
                let (rid, lang) = &residents[rng.index(RESIDENTS)];
                (Some(rid.as_str()), *lang)
            };
            let (contact_email, contact_name) = if by_open311 {
                (
                    Some("signalement@application-mobile.fr"),
                    Some("Application mobile"),
                )
            } else {
                (None, None)
            };
            let mut description = String::from(rng.pick(leads));
            for _ in 0..rng.range(6, 30) {
                description.push(' ');
                description.push_str(rng.pick(WORDS));
            }
            description.push('.');
            let address = rng.chance(0.9).then(|| {
                format!(
                    "{} {} {}",
                    rng.range(1, 180),
                    rng.pick(STREET_KINDS),
                    rng.pick(STREET_NAMES)
                )
            });
            let (lat, lon) = if rng.chance(0.8) {
                (
                    Some(45_764_000 + rng.range(-20_000, 20_000)),
                    Some(4_835_000 + rng.range(-30_000, 30_000)),
                )
            } else {
                (None, None)
            };
            let hidden = rng.chance(0.003).then_some("Propos injurieux");
            let followers = if rng.chance(0.1) { rng.range(1, 4) } else { 0 };
            for k in 0..followers {
                let slot = rng.index(RESIDENTS / 4);
                let follower = &residents[slot * 4 + usize::try_from(k).unwrap_or(0)].0;
                follower_rows.push(format!(
                    "({}, {}, {})",
                    lit(&id),
                    lit(follower),
                    created_at + 3600
                ));
            }

            request_rows.push(format!(
                "({}, {}, {}, {}, {}, null, {}, {}, {}, {}, {}, {}, '{{}}', {}, {}, {}, {}, {}, \
                 {}, {}, {followers}, {}, {created_at}, {updated_at}, {})",
                lit(&id),
                lit(&town_id),
                lit(&number),
                lit(&category_ids[cat]),
                opt_lit(reporter),
                opt_lit(contact_email),
                opt_lit(contact_name),
                lit(&description),
                opt_lit(address.as_deref()),
                opt_int(lat),
                opt_int(lon),
                lit(status),
                opt_lit(duplicate_of.as_deref()),
                opt_lit(assignee),
                opt_lit(team),
                lit(language),
                lit(&rng.hex()),
                opt_lit(hidden),
                opt_int(closed_at),
                lit(&search_text(&number, &description, address.as_deref())),
            ));
            event_rows.push(format!(
                "({}, {}, 'submitted', {}, null, 'submitted', '', {}, {created_at})",
                lit(&id),
                lit(&town_id),
                opt_lit(reporter),
                lit(if by_open311 { "open311" } else { "web" }),
            ));
            if status != "submitted" {
                event_rows.push(format!(
                    "({}, {}, 'status', {}, 'submitted', {}, {}, 'web', {updated_at})",
                    lit(&id),
                    lit(&town_id),
                    lit(&staff.id),
                    lit(status),
                    lit(rng.pick(REASONS)),
                ));
            }
            ids.push(id);
        }
        insert_rows(
            &mut tx,
            "service_requests (id, town_id, number, category_id, reporter_id, api_key_id, \
             contact_email, contact_name, description, address, lat_e6, lon_e6, attributes, \
             status, duplicate_of, assignee_id, team, language, reply_token, hidden_reason, \
             followers, closed_at, created_at, updated_at, search_text)",
            &request_rows,
        )
        .await?;
        insert_rows(
            &mut tx,
            "request_events (request_id, town_id, kind, actor_id, from_status, to_status, body, \
             source, created_at)",
            &event_rows,
        )
        .await?;
        if !follower_rows.is_empty() {
            insert_rows(
                &mut tx,
                "request_followers (request_id, user_id, created_at)",
                &follower_rows,
            )
            .await?;
        }
    }
    let rows: Vec<String> = last_of_year
        .iter()
        .map(|(year, last)| format!("({}, {year}, {last})", lit(&town_id)))
        .collect();
    insert_rows(&mut tx, "request_numbers (town_id, year, last)", &rows).await?;
    tx.commit().await?;

    Ok(Seeded {
        category_codes: CATEGORIES.iter().map(|c| c.code).collect(),
        open,
        assigned,
    })
}

/// Refreshes the planner's statistics. PostgreSQL gets `vacuum analyze`: autovacuum would have
/// processed a table filled over two years, and index-only scans need the visibility map.
async fn analyze(db: &Db) -> anyhow::Result<&'static str> {
    Ok(match db {
        Db::Sqlite(pool) => {
            sqlx::query("analyze").execute(pool).await?;
            sqlx::query("pragma optimize").execute(pool).await?;
            "analyze; pragma optimize"
        }
        Db::Postgres(pool) => {
            sqlx::query("vacuum analyze").execute(pool).await?;
            "vacuum analyze"
        }
    })
}

async fn db_version(db: &Db) -> String {
    let got = match db {
        Db::Sqlite(pool) => {
            sqlx::query_scalar::<_, String>("select 'SQLite ' || sqlite_version()")
                .fetch_one(pool)
                .await
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar::<_, String>("select version()")
                .fetch_one(pool)
                .await
        }
    };
    got.unwrap_or_else(|e| format!("unknown ({e})"))
}

// --- Load -----------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Shape {
    name: &'static str,
    action: Action,
}

#[derive(Debug, Clone)]
enum Action {
    Get(String),
    /// A resident's login (a different resident each time), with the right password or not
    /// (then 401 is the expected answer).
    Login {
        right: bool,
    },
}

fn shapes(phase: Phase, seeded: &Seeded) -> Vec<Shape> {
    let shape = |name, path: String| Shape {
        name,
        action: Action::Get(path),
    };
    match phase {
        Phase::Login => vec![
            Shape {
                name: "right password",
                action: Action::Login { right: true },
            },
            Shape {
                name: "wrong password",
                action: Action::Login { right: false },
            },
        ],
        Phase::Queue => vec![
            shape("default, page 1", "/api/v1/staff/requests".into()),
            shape(
                "status=submitted,acknowledged,in_progress",
                "/api/v1/staff/requests?status=submitted,acknowledged,in_progress".into(),
            ),
            shape(
                "category=<one of 8>",
                format!(
                    "/api/v1/staff/requests?category={}",
                    seeded.category_codes[2]
                ),
            ),
            shape(
                "assignee=none&sort=newest",
                "/api/v1/staff/requests?assignee=none&sort=newest".into(),
            ),
            shape("q=lampadaire", "/api/v1/staff/requests?q=lampadaire".into()),
            shape(
                "q=<a tracking number>",
                format!("/api/v1/staff/requests?q={}-004242", year_of(now()) - 1),
            ),
            shape("default, page 50", "/api/v1/staff/requests?page=50".into()),
        ],
        Phase::Open311 => {
            let now = now();
            vec![
                shape(
                    "no parameters (90 days)",
                    "/open311/v2/requests.json".into(),
                ),
                shape(
                    "status=open",
                    "/open311/v2/requests.json?status=open".into(),
                ),
                shape(
                    "service_code=<one of 8>",
                    format!(
                        "/open311/v2/requests.json?service_code={}",
                        seeded.category_codes[0]
                    ),
                ),
                shape(
                    "start_date&end_date (30 days)",
                    format!(
                        "/open311/v2/requests.json?start_date={}&end_date={}",
                        format_iso8601(now - 230 * DAY),
                        format_iso8601(now - 200 * DAY)
                    ),
                ),
            ]
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Sample {
    shape: usize,
    micros: u64,
    ok: bool,
}

/// Each client cycles through the shapes (starting at its own offset) until `until`.
async fn client_loop(
    client: reqwest::Client,
    base: String,
    shapes: Vec<Shape>,
    offset: usize,
    until: Instant,
) -> (Vec<Sample>, Vec<String>) {
    let mut samples = Vec::new();
    let mut errors = Vec::new();
    let mut i = offset;
    while Instant::now() < until {
        let shape = i % shapes.len();
        i += 1;
        let (request, expected) = match &shapes[shape].action {
            Action::Get(path) => (client.get(format!("{base}{path}")), reqwest::StatusCode::OK),
            Action::Login { right } => (
                client
                    .post(format!("{base}/api/v1/auth/login"))
                    .header(reqwest::header::ORIGIN, &base)
                    .json(&serde_json::json!({
                        "email": format!("habitant{}@exemple.fr", i % RESIDENTS),
                        "password": if *right { STAFF_PASSWORD } else { "pas le bon mot de passe" },
                    })),
                if *right {
                    reqwest::StatusCode::OK
                } else {
                    reqwest::StatusCode::UNAUTHORIZED
                },
            ),
        };
        let start = Instant::now();
        let outcome = match request.send().await {
            Ok(response) => {
                let status = response.status();
                match response.bytes().await {
                    Ok(_) if status == expected => Ok(()),
                    Ok(body) => Err(format!(
                        "{status}: {}",
                        String::from_utf8_lossy(&body[..body.len().min(200)])
                    )),
                    Err(e) => Err(format!("{status}: body: {e}")),
                }
            }
            Err(e) => Err(format!("transport: {e}")),
        };
        let micros = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
        if let Err(e) = &outcome
            && errors.len() < 5
        {
            errors.push(format!("{}: {e}", shapes[shape].name));
        }
        samples.push(Sample {
            shape,
            micros,
            ok: outcome.is_ok(),
        });
    }
    (samples, errors)
}

async fn run_clients(
    clients: &[reqwest::Client],
    base: &str,
    shapes: &[Shape],
    duration: Duration,
) -> anyhow::Result<(Vec<Sample>, Vec<String>, Duration)> {
    let started = Instant::now();
    let until = started + duration;
    let tasks: Vec<_> = clients
        .iter()
        .enumerate()
        .map(|(i, c)| {
            tokio::spawn(client_loop(
                c.clone(),
                base.to_owned(),
                shapes.to_vec(),
                i,
                until,
            ))
        })
        .collect();
    let mut samples = Vec::new();
    let mut errors = Vec::new();
    for t in tasks {
        let (s, e) = t.await?;
        samples.extend(s);
        errors.extend(e);
    }
    Ok((samples, errors, started.elapsed()))
}

/// Logs the staff member in and returns the `Cookie` header value.
async fn login(base: &str) -> anyhow::Result<String> {
    let client = reqwest::Client::new();
    let response = client
        .post(format!("{base}/api/v1/auth/login"))
        .header(reqwest::header::ORIGIN, base)
        .json(&serde_json::json!({"email": STAFF_EMAIL, "password": STAFF_PASSWORD}))
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
    match cookie {
        Some(cookie) if status.is_success() => Ok(cookie),
        _ => bail!("login failed: {status}: {}", response.text().await?),
    }
}

// --- Statistics -----------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Stats {
    count: usize,
    per_sec: f64,
    p50: f64,
    p95: f64,
    p99: f64,
    max: f64,
    errors: usize,
}

/// Nearest-rank percentiles, in milliseconds.
fn stats(samples: &[&Sample], elapsed: Duration) -> Stats {
    let mut micros: Vec<u64> = samples.iter().map(|s| s.micros).collect();
    micros.sort_unstable();
    let pct = |p: f64| -> f64 {
        if micros.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0) * micros.len() as f64).ceil() as usize;
        micros[rank.clamp(1, micros.len()) - 1] as f64 / 1000.0
    };
    Stats {
        count: micros.len(),
        per_sec: micros.len() as f64 / elapsed.as_secs_f64(),
        p50: pct(50.0),
        p95: pct(95.0),
        p99: pct(99.0),
        max: micros.last().map_or(f64::NAN, |m| *m as f64 / 1000.0),
        errors: samples.iter().filter(|s| !s.ok).count(),
    }
}

fn print_row(name: &str, s: &Stats) {
    println!(
        "  {name:<44} {:>7} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>6}",
        s.count, s.per_sec, s.p50, s.p95, s.p99, s.max, s.errors
    );
}

/// One line of the final summary.
#[derive(Debug)]
struct Line {
    engine: Engine,
    phase: Phase,
    query: String,
    stats: Stats,
}

// --- Main -----------------------------------------------------------------------------------

fn bench_engine(engine: Engine, args: &Args, summary: &mut Vec<Line>) -> anyhow::Result<()> {
    // The server gets a runtime of its own, as it would in its own process.
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("server")
        .build()?;
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .thread_name("client")
        .build()?;

    println!("\n#### {} — {} requests", engine.label(), args.requests);
    let server = server_rt.block_on(start(engine, |settings| {
        // Every client logs in from 127.0.0.1, and a resident may come back within the window:
        // the login throttles would answer 429 instead of measuring logins. They still run
        // (their writes are part of the cost); only their limits are lifted.
        let unlimited = voix::config::Limit {
            max: i64::MAX,
            window: Duration::from_secs(60),
        };
        settings.throttle.login_per_ip = unlimited;
        settings.throttle.login_per_account = unlimited;
    }))?;
    println!("{}", server_rt.block_on(db_version(&server.db)));
    let t = Instant::now();
    let seeded = server_rt.block_on(seed(&server.db, args.requests))?;
    let seeding = t.elapsed();
    let t = Instant::now();
    let how = server_rt.block_on(analyze(&server.db))?;
    println!(
        "seeded in {:.1} s ({} requests: {} open, {} assigned; {RESIDENTS} residents, 8 \
         categories, 1 staff), then `{how}` in {:.1} s",
        seeding.as_secs_f64(),
        args.requests,
        seeded.open,
        seeded.assigned,
        t.elapsed().as_secs_f64()
    );

    let base = format!("http://127.0.0.1:{}", server.port);
    let outcome = client_rt.block_on(async {
        let cookie = login(&base).await?;
        for &phase in &args.phases {
            let mut headers = reqwest::header::HeaderMap::new();
            if phase == Phase::Queue {
                headers.insert(reqwest::header::COOKIE, cookie.parse()?);
            }
            let clients = (0..args.clients)
                .map(|_| {
                    reqwest::Client::builder()
                        .default_headers(headers.clone())
                        .build()
                })
                .collect::<Result<Vec<_>, _>>()?;
            let shapes: Vec<Shape> = shapes(phase, &seeded)
                .into_iter()
                .filter(|s| !args.exclude.iter().any(|x| s.name.contains(x.as_str())))
                .collect();
            if shapes.is_empty() {
                continue;
            }
            run_clients(&clients, &base, &shapes, Duration::from_secs(args.warmup)).await?;
            let cpu_before = CpuTimes::now();
            let (samples, errors, elapsed) =
                run_clients(&clients, &base, &shapes, Duration::from_secs(args.seconds)).await?;
            let cpu = CpuTimes::now().and_then(|after| after.since(&cpu_before));
            println!(
                "\n{} — phase {} — {} clients, {} s (after {} s warm-up)",
                engine.label(),
                phase.title(),
                args.clients,
                args.seconds,
                args.warmup
            );
            println!(
                "  {:<44} {:>7} {:>8} {:>8} {:>8} {:>8} {:>8} {:>6}",
                "query", "count", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"
            );
            for (i, shape) in shapes.iter().enumerate() {
                let mine: Vec<&Sample> = samples.iter().filter(|s| s.shape == i).collect();
                let s = stats(&mine, elapsed);
                print_row(shape.name, &s);
                summary.push(Line {
                    engine,
                    phase,
                    query: shape.name.to_owned(),
                    stats: s,
                });
            }
            let all: Vec<&Sample> = samples.iter().collect();
            let s = stats(&all, elapsed);
            print_row("all (mixed)", &s);
            summary.push(Line {
                engine,
                phase,
                query: "all (mixed)".into(),
                stats: s,
            });
            for e in &errors {
                println!("  error: {e}");
            }
            if let Some((machine, steal, process)) = cpu {
                let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
                let per_request = |secs: f64| 1000.0 * secs / samples.len().max(1) as f64;
                println!(
                    "  CPU during the phase: machine {machine:.1} s busy of {:.1} s ({cores} cores, \
                     {steal:.1} s stolen by the hypervisor); \
                     this process (server + clients{}) {process:.1} s. Per request: machine \
                     {:.1} ms, this process {:.1} ms.",
                    cores as f64 * elapsed.as_secs_f64(),
                    if engine == Engine::Postgres {
                        "; PostgreSQL runs in its own processes"
                    } else {
                        ", SQLite included"
                    },
                    per_request(machine),
                    per_request(process),
                );
            }
        }
        anyhow::Ok(())
    });
    drop(client_rt);
    server_rt.block_on(stop(server, args.keep))?;
    outcome
}

fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    println!(
        "Service requests benchmark: {} requests, {} clients, {} s per phase (+{} s warm-up)",
        args.requests, args.clients, args.seconds, args.warmup
    );
    println!(
        "Machine: {}. Server, database and load generator share these cores: in a closed loop \
         of {} clients, latency ≈ clients × CPU time per request / cores.",
        machine(),
        args.clients
    );
    let mut summary = Vec::new();
    for &engine in &args.engines {
        bench_engine(engine, &args, &mut summary)?;
    }
    println!("\n| database | query | p50 ms | p95 ms | p99 ms | req/s | errors |");
    println!("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    for l in &summary {
        println!(
            "| {} | {}: {} | {:.1} | {:.1} | {:.1} | {:.0} | {} |",
            l.engine.label(),
            l.phase.short(),
            l.query,
            l.stats.p50,
            l.stats.p95,
            l.stats.p99,
            l.stats.per_sec,
            l.stats.errors
        );
    }
    // The target covers the two read paths; logins have none (argon2id's cost is chosen).
    let over: Vec<&Line> = summary
        .iter()
        .filter(|l| l.phase != Phase::Login && l.stats.p99 >= 50.0)
        .collect();
    if over.is_empty() {
        println!("\nTarget p99 < 50 ms (staff queue, Open311): met everywhere.");
    } else {
        println!(
            "\nTarget p99 < 50 ms (staff queue, Open311): NOT met for {} line(s).",
            over.len()
        );
    }
    Ok(())
}
