//! Open311 GeoReport v2 (<http://wiki.open311.org/GeoReport_v2/>) under `/open311/v2/`:
//! field names and formats as the specification writes them, JSON and XML carrying the same
//! data, API keys, nothing half-saved, and towns kept apart.

use std::process::Command;

use protocol::requests::{
    AttributeChoice, AttributeDef, AttributeType, CategoryInput, EventKind, Localized,
    RequestStatus,
};
use serde_json::{Value, json};
use voix::repo::towns::Town;

use crate::helpers::{Backend, TEST_HOSTS, TestApp, client_for, json, spawn_app};
use crate::on_both_databases;

on_both_databases!(
    services_and_definitions_in_json_and_xml,
    filing_needs_a_live_key_of_the_town,
    filing_with_a_key_then_reading_it_back,
    bad_filings_store_nothing,
    listing_filters_and_default_window,
    towns_never_see_each_other,
    cli_creates_and_revokes_keys,
);

// --- Helpers --------------------------------------------------------------------------------

fn loc(fr: &str, en: &str) -> Localized {
    Localized {
        fr: fr.into(),
        en: en.into(),
    }
}

fn choice(key: &str, fr: &str, en: &str) -> AttributeChoice {
    AttributeChoice {
        key: key.into(),
        name: loc(fr, en),
    }
}

/// `voirie` (three questions), `proprete` (none) and a retired `ancien`.
fn categories() -> Vec<CategoryInput> {
    vec![
        CategoryInput {
            code: "voirie".into(),
            group: "Rues".into(),
            name: loc("Nid-de-poule", "Pothole"),
            description: loc("Trous dans la chaussée", "Holes in the road"),
            keywords: "trou,chaussée".into(),
            attributes: vec![
                AttributeDef {
                    code: "profondeur".into(),
                    datatype: AttributeType::Number,
                    required: true,
                    label: loc("Profondeur (cm)", "Depth (cm)"),
                    help: loc("Une estimation suffit", "An estimate is enough"),
                    values: vec![],
                },
                AttributeDef {
                    code: "voie".into(),
                    datatype: AttributeType::Singlevaluelist,
                    required: false,
                    label: loc("Voie", "Lane"),
                    help: Localized::default(),
                    values: vec![
                        choice("gauche", "Gauche", "Left"),
                        choice("droite", "Droite", "Right"),
                    ],
                },
                AttributeDef {
                    code: "dangers".into(),
                    datatype: AttributeType::Multivaluelist,
                    required: false,
                    label: loc("Dangers", "Hazards"),
                    help: Localized::default(),
                    values: vec![
                        choice("velo", "Vélos", "Bikes"),
                        choice("pietons", "Piétons", "Pedestrians"),
                    ],
                },
            ],
            active: true,
        },
        CategoryInput {
            code: "proprete".into(),
            group: "Propreté".into(),
            name: loc("Dépôt sauvage", "Fly-tipping"),
            description: loc("Déchets abandonnés", "Dumped waste"),
            keywords: "déchets".into(),
            attributes: vec![],
            active: true,
        },
        CategoryInput {
            code: "ancien".into(),
            group: String::new(),
            name: loc("Ancien", "Old"),
            description: Localized::default(),
            keywords: String::new(),
            attributes: vec![],
            active: false,
        },
    ]
}

/// The town `slug` (`None`: the default town).
async fn town(app: &TestApp, slug: Option<&str>) -> Town {
    let mut tx = app.db.begin().await.unwrap();
    let town = match slug {
        Some(slug) => voix::repo::towns::by_slug(&mut tx, slug)
            .await
            .unwrap()
            .unwrap(),
        None => voix::repo::towns::ensure_default(&mut tx, "x")
            .await
            .unwrap(),
    };
    tx.commit().await.unwrap();
    town
}

async fn add_categories(app: &TestApp, town: &Town) {
    let mut tx = app.db.begin().await.unwrap();
    for c in categories() {
        voix::repo::categories::insert(&mut tx, &town.id, &c)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
}

async fn new_key(app: &TestApp, town: &Town, name: &str) -> String {
    let mut tx = app.db.begin().await.unwrap();
    let (_, key) = voix::repo::api_keys::create(&mut tx, &town.id, name, voix::time::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    key
}

/// The default town with its categories and a live key.
async fn ready(app: &TestApp) -> (Town, String) {
    let town = town(app, None).await;
    add_categories(app, &town).await;
    let key = new_key(app, &town, "Appli").await;
    (town, key)
}

/// What nothing-stored means: no request, no timeline entry, no number used, no email queued.
async fn nothing_stored(app: &TestApp) {
    for table in [
        "service_requests",
        "request_events",
        "request_numbers",
        "outbox",
    ] {
        assert_eq!(
            app.scalar(&format!("select count(*) from {table}")).await,
            0,
            "{table} must stay empty"
        );
    }
}

fn url(app: &TestApp, host: Option<&str>, path: &str) -> String {
    match host {
        Some(h) => app.url_on(h, &format!("/open311/v2/{path}")),
        None => app.url(&format!("/open311/v2/{path}")),
    }
}

/// A form POST as an Open311 client (a server: no `Origin`, no cookie).
async fn post_form(
    app: &TestApp,
    host: Option<&str>,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    client_for(app.port)
        .post(url(app, host, path))
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn get(app: &TestApp, host: Option<&str>, path: &str) -> reqwest::Response {
    client_for(app.port)
        .get(url(app, host, path))
        .send()
        .await
        .unwrap()
}

async fn get_json(app: &TestApp, host: Option<&str>, path: &str) -> Value {
    let r = get(app, host, path).await;
    assert_eq!(r.status(), 200, "{path}");
    assert_eq!(
        r.headers()["content-type"],
        "application/json; charset=utf-8"
    );
    json(r).await
}

/// The XML answer of `path`, checked well-formed, with its root element's name.
async fn get_xml(app: &TestApp, host: Option<&str>, path: &str) -> (u16, String, Value) {
    let r = get(app, host, path).await;
    let status = r.status().as_u16();
    assert_eq!(r.headers()["content-type"], "text/xml; charset=utf-8");
    let text = r.text().await.unwrap();
    let (root, value) = xml_to_json(&text);
    (status, root, value)
}

/// Elements whose children are the items of a list.
const XML_LISTS: [&str; 5] = [
    "services",
    "service_requests",
    "attributes",
    "values",
    "errors",
];

/// Reads an Open311 XML document as JSON: lists become arrays, leaves strings.
fn xml_to_json(text: &str) -> (String, Value) {
    assert!(
        text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "{text}"
    );
    let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{e}: {text}"));
    fn convert(node: roxmltree::Node) -> Value {
        let children: Vec<_> = node.children().filter(|c| c.is_element()).collect();
        if XML_LISTS.contains(&node.tag_name().name()) {
            Value::Array(children.into_iter().map(convert).collect())
        } else if children.is_empty() {
            Value::String(node.text().unwrap_or("").to_owned())
        } else {
            Value::Object(
                children
                    .into_iter()
                    .map(|c| (c.tag_name().name().to_owned(), convert(c)))
                    .collect(),
            )
        }
    }
    let root = doc.root_element();
    (root.tag_name().name().to_owned(), convert(root))
}

/// JSON with every scalar as XML writes it (`null` as empty), to compare both formats.
fn as_text(v: &Value) -> Value {
    match v {
        Value::Null => Value::String(String::new()),
        Value::Bool(b) => Value::String(b.to_string()),
        Value::Number(n) => Value::String(n.as_f64().unwrap().to_string()),
        Value::String(_) => v.clone(),
        Value::Array(items) => Value::Array(items.iter().map(as_text).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), as_text(v))).collect())
        }
    }
}

/// Asserts that `path`.json and `path`.xml carry the same data under `root`.
async fn same_in_both(app: &TestApp, host: Option<&str>, path: &str, root: &str) -> Value {
    let from_json = get_json(app, host, &format!("{path}.json")).await;
    let (status, xml_root, from_xml) = get_xml(app, host, &format!("{path}.xml")).await;
    assert_eq!(status, 200);
    assert_eq!(xml_root, root);
    assert_eq!(as_text(&from_json), from_xml, "{path}: JSON and XML differ");
    from_json
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

/// Checks an Open311 error answer: status, JSON body `[{"code", "description"}]`.
async fn assert_error(r: reqwest::Response, status: u16, needle: &str) {
    assert_eq!(r.status().as_u16(), status);
    let body = json(r).await;
    let errors = body.as_array().unwrap();
    assert_eq!(errors.len(), 1, "{body}");
    assert_eq!(keys(&errors[0]), ["code", "description"]);
    assert_eq!(errors[0]["code"], status, "{body}");
    let description = errors[0]["description"].as_str().unwrap();
    assert!(description.contains(needle), "{description} lacks {needle}");
}

const REQUEST_FIELDS: [&str; 17] = [
    "address",
    "address_id",
    "agency_responsible",
    "description",
    "expected_datetime",
    "lat",
    "long",
    "media_url",
    "requested_datetime",
    "service_code",
    "service_name",
    "service_notice",
    "service_request_id",
    "status",
    "status_notes",
    "updated_datetime",
    "zipcode",
];

/// A valid filing of `voirie` with `key`, plus `extra` fields.
fn pothole<'a>(key: &'a str, extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("api_key", key),
        ("jurisdiction_id", "ignored.example"),
        ("service_code", "voirie"),
        ("lat", "48.8566"),
        ("long", "2.3522"),
        ("description", "Un trou profond devant l'école"),
        ("attribute[profondeur]", "12"),
    ];
    form.extend_from_slice(extra);
    form
}

/// Files a pothole and returns its id.
async fn file(app: &TestApp, host: Option<&str>, key: &str, description: &str) -> String {
    let mut form = pothole(key, &[]);
    form.retain(|(k, _)| *k != "description");
    form.push(("description", description));
    let r = post_form(app, host, "requests.json", &form).await;
    assert_eq!(r.status(), 201);
    json(r).await[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn is_w3c_utc(s: &str) -> bool {
    s.len() == 20
        && s.ends_with('Z')
        && s.as_bytes()[10] == b'T'
        && voix::time::parse_iso8601(s).is_some()
}

// --- Tests ----------------------------------------------------------------------------------

async fn services_and_definitions_in_json_and_xml(backend: Backend) {
    let app = spawn_app(backend).await;
    let town = town(&app, None).await;
    add_categories(&app, &town).await;

    let services = same_in_both(&app, None, "services", "services").await;
    let list = services.as_array().unwrap();
    assert_eq!(list.len(), 2, "the retired category is not offered");
    let voirie = list.iter().find(|s| s["service_code"] == "voirie").unwrap();
    assert_eq!(
        *voirie,
        json!({
            "service_code": "voirie",
            "service_name": "Nid-de-poule",
            "description": "Trous dans la chaussée",
            "metadata": true,
            "type": "realtime",
            "keywords": "trou,chaussée",
            "group": "Rues",
        })
    );
    let proprete = list
        .iter()
        .find(|s| s["service_code"] == "proprete")
        .unwrap();
    assert_eq!(proprete["metadata"], false);

    // English when the client prefers it; jurisdiction_id is accepted and ignored.
    let r = client_for(app.port)
        .get(app.url("/open311/v2/services.json?jurisdiction_id=ville.example"))
        .header("accept-language", "en-GB,en;q=0.9,fr;q=0.5")
        .send()
        .await
        .unwrap();
    let english = json(r).await;
    let voirie = english
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service_code"] == "voirie")
        .unwrap();
    assert_eq!(voirie["service_name"], "Pothole");
    assert_eq!(voirie["description"], "Holes in the road");

    let definition = same_in_both(&app, None, "services/voirie", "service_definition").await;
    assert_eq!(keys(&definition), ["attributes", "service_code"]);
    assert_eq!(definition["service_code"], "voirie");
    let attributes = definition["attributes"].as_array().unwrap();
    assert_eq!(attributes.len(), 3);
    assert_eq!(
        attributes[0],
        json!({
            "variable": true,
            "code": "profondeur",
            "datatype": "number",
            "required": true,
            "datatype_description": "Une estimation suffit",
            "order": 1,
            "description": "Profondeur (cm)",
        })
    );
    assert_eq!(
        attributes[1],
        json!({
            "variable": true,
            "code": "voie",
            "datatype": "singlevaluelist",
            "required": false,
            "datatype_description": "",
            "order": 2,
            "description": "Voie",
            "values": [
                {"key": "gauche", "name": "Gauche"},
                {"key": "droite", "name": "Droite"},
            ],
        })
    );
    assert_eq!(attributes[2]["datatype"], "multivaluelist");
    assert_eq!(attributes[2]["order"], 3);
    assert_eq!(attributes[2]["values"][1]["name"], "Piétons");
    let none = same_in_both(&app, None, "services/proprete", "service_definition").await;
    assert_eq!(none, json!({"service_code": "proprete", "attributes": []}));

    // Unknown or retired services, unknown formats: 404 with the Open311 error list.
    assert_error(
        get(&app, None, "services/inconnu.json").await,
        404,
        "service_code",
    )
    .await;
    assert_error(
        get(&app, None, "services/ancien.json").await,
        404,
        "not_found",
    )
    .await;
    let (status, root, errors) = get_xml(&app, None, "services/inconnu.xml").await;
    assert_eq!((status, root.as_str()), (404, "errors"));
    assert_eq!(errors[0]["code"], "404");
    assert!(
        errors[0]["description"]
            .as_str()
            .unwrap()
            .contains("service_code")
    );
    for path in [
        "services.html",
        "services",
        "services/voirie.csv",
        "nothing.json",
    ] {
        assert_eq!(get(&app, None, path).await.status(), 404, "{path}");
    }
    assert_error(
        post_form(&app, None, "services.json", &[("a", "b")]).await,
        405,
        "method_not_allowed",
    )
    .await;
}

async fn filing_needs_a_live_key_of_the_town(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, key) = ready(&app).await;
    app.add_test_towns().await;
    let other = town(&app, Some("ville-a")).await;
    let other_key = new_key(&app, &other, "Appli A").await;

    let mut no_key = pothole(&key, &[]);
    no_key.retain(|(k, _)| *k != "api_key");
    assert_error(
        post_form(&app, None, "requests.json", &no_key).await,
        403,
        "api_key",
    )
    .await;
    assert_error(
        post_form(&app, None, "requests.json", &pothole("not-a-key", &[])).await,
        403,
        "api_key",
    )
    .await;
    // Another town's key is unknown here.
    assert_error(
        post_form(&app, None, "requests.json", &pothole(&other_key, &[])).await,
        403,
        "api_key",
    )
    .await;
    // XML clients get the XML error list.
    let r = post_form(&app, None, "requests.xml", &pothole("not-a-key", &[])).await;
    assert_eq!(r.status(), 403);
    let (root, errors) = xml_to_json(&r.text().await.unwrap());
    assert_eq!(root, "errors");
    assert_eq!(errors[0]["code"], "403");

    // A revoked key is refused.
    let mut tx = app.db.begin().await.unwrap();
    let town = voix::repo::towns::ensure_default(&mut tx, "x")
        .await
        .unwrap();
    assert_eq!(
        voix::repo::api_keys::revoke(&mut tx, &town.id, "Appli", voix::time::now())
            .await
            .unwrap(),
        1
    );
    tx.commit().await.unwrap();
    assert_error(
        post_form(&app, None, "requests.json", &pothole(&key, &[])).await,
        403,
        "revoked",
    )
    .await;
    nothing_stored(&app).await;
    // Only the hash is stored.
    assert_eq!(
        app.scalar("select count(*) from api_keys").await,
        2,
        "both keys exist"
    );
}

async fn filing_with_a_key_then_reading_it_back(backend: Backend) {
    let app = spawn_app(backend).await;
    let (town, key) = ready(&app).await;
    let extra = [
        ("address_string", "12 rue de la Paix"),
        ("address_id", "ignored"),
        ("email", "Claude.Martin@Example.fr"),
        ("first_name", "Claude"),
        ("last_name", "Martin"),
        ("phone", "+33 1 23 45 67 89"),
        ("device_id", "device-1"),
        ("account_id", "account-1"),
        ("media_url", "http://example.com/photo.jpg"),
        ("attribute[voie]", "gauche"),
        ("attribute[dangers][]", "velo"),
        ("attribute[dangers][]", "pietons"),
    ];
    let r = post_form(&app, None, "requests.json", &pothole(&key, &extra)).await;
    assert_eq!(r.status(), 201);
    assert_eq!(
        r.headers()["content-type"],
        "application/json; charset=utf-8"
    );
    let created = json(r).await;
    let year = voix::time::year_of(voix::time::now());
    let id = format!("{year}-000001");
    assert_eq!(
        created,
        json!([{"service_request_id": id, "service_notice": null, "account_id": null}])
    );

    // The same filing in XML gets the XML answer.
    let r = post_form(&app, None, "requests.xml", &pothole(&key, &[])).await;
    assert_eq!(r.status(), 201);
    let (root, created_xml) = xml_to_json(&r.text().await.unwrap());
    assert_eq!(root, "service_requests");
    assert_eq!(
        created_xml,
        json!([{"service_request_id": format!("{year}-000002"), "service_notice": "", "account_id": ""}])
    );

    // Stored with the client's key and contact, through the domain (timeline, email).
    assert_eq!(
        app.scalar(
            "select count(*) from service_requests where api_key_id is not null \
             and reporter_id is null and contact_email = 'claude.martin@example.fr' \
             and contact_name = 'Claude Martin'"
        )
        .await,
        1
    );
    assert_eq!(
        app.scalar(
            "select count(*) from request_events where source = 'open311' and kind = 'submitted'"
        )
        .await,
        2
    );
    let mails = app.wait_for_mail("claude.martin@example.fr", 1).await;
    assert!(mails[0].text.contains(&id), "{}", mails[0].text);

    let one = same_in_both(&app, None, &format!("requests/{id}"), "service_requests").await;
    let items = one.as_array().unwrap();
    assert_eq!(items.len(), 1, "a list of one");
    let r = &items[0];
    assert_eq!(keys(r), REQUEST_FIELDS);
    assert_eq!(r["service_request_id"], id.as_str());
    assert_eq!(r["status"], "open");
    assert_eq!(r["status_notes"], Value::Null);
    assert_eq!(r["service_code"], "voirie");
    assert_eq!(r["service_name"], "Nid-de-poule");
    assert_eq!(r["description"], "Un trou profond devant l'école");
    assert_eq!(r["agency_responsible"], town.name.as_str());
    assert_eq!(r["address"], "12 rue de la Paix");
    assert_eq!(r["lat"], 48.8566);
    assert_eq!(r["long"], 2.3522);
    assert_eq!(r["media_url"], Value::Null);
    assert_eq!(r["expected_datetime"], Value::Null);
    for field in ["requested_datetime", "updated_datetime"] {
        let value = r[field].as_str().unwrap();
        assert!(is_w3c_utc(value), "{field}: {value}");
    }
    // Nothing identifies the reporter.
    let text = get(&app, None, &format!("requests/{id}.json"))
        .await
        .text()
        .await
        .unwrap()
        .to_lowercase();
    for secret in [
        "claude",
        "martin",
        "23 45",
        "device-1",
        "account-1",
        &key.to_lowercase(),
    ] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    // The answers were stored, checked against the definition.
    let detail = json(app.get(&format!("/api/v1/requests/{id}")).await).await;
    assert_eq!(detail["attributes"]["voie"], "gauche");
    assert_eq!(detail["attributes"]["dangers"], json!(["pietons", "velo"]));

    // media_url: the first photo staff did not hide, absolute, on the host asked.
    let mut tx = app.db.begin().await.unwrap();
    let request = voix::repo::requests::by_number(&mut tx, &town.id, &id)
        .await
        .unwrap()
        .unwrap();
    let mut ids = Vec::new();
    for position in 0..2 {
        let photo = voix::requests::photos::CleanPhoto {
            mime: "image/png",
            bytes: vec![position as u8; 8],
            width: 1,
            height: 1,
        };
        ids.push(
            voix::repo::requests::add_photo(&mut tx, &request.id, &town.id, position, &photo, 0)
                .await
                .unwrap(),
        );
    }
    voix::repo::requests::hide_photo(&mut tx, &request.id, &ids[0], "visage")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let one = same_in_both(&app, None, &format!("requests/{id}"), "service_requests").await;
    let media = one[0]["media_url"].as_str().unwrap();
    assert_eq!(
        media,
        format!("{}/api/v1/requests/{id}/photos/{}", app.base, ids[1])
    );
    let photo = client_for(app.port).get(media).send().await.unwrap();
    assert_eq!(photo.status(), 200);
    assert_eq!(photo.bytes().await.unwrap().as_ref(), &[1u8; 8]);

    // A description hidden by moderation reads empty.
    let mut tx = app.db.begin().await.unwrap();
    voix::repo::requests::hide_description(&mut tx, &request.id, "propos injurieux")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let one = same_in_both(&app, None, &format!("requests/{id}"), "service_requests").await;
    assert_eq!(one[0]["description"], "");

    assert_error(
        get(&app, None, &format!("requests/{year}-999999.json")).await,
        404,
        "service_request_id",
    )
    .await;
    // Tokens are never issued (the id comes back directly); the reply token stays secret.
    assert_error(
        get(&app, None, &format!("tokens/{}.json", request.reply_token)).await,
        404,
        "token",
    )
    .await;
    let (status, root, _) = get_xml(&app, None, "tokens/abc.xml").await;
    assert_eq!((status, root.as_str()), (404, "errors"));
}

async fn bad_filings_store_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, key) = ready(&app).await;

    let mut missing = pothole(&key, &[]);
    missing.retain(|(k, _)| *k != "attribute[profondeur]");
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (missing, "validation: attribute"),
        (
            pothole(&key, &[("attribute[voie]", "milieu")]),
            "validation: attribute",
        ),
        (
            pothole(&key, &[("attribute[couleur]", "rouge")]),
            "validation: attribute",
        ),
        (
            {
                let mut f = pothole(&key, &[]);
                f.retain(|(k, _)| *k != "service_code");
                f.push(("service_code", "inconnu"));
                f
            },
            "unknown_category: service_code",
        ),
        (
            {
                let mut f = pothole(&key, &[]);
                f.retain(|(k, _)| *k != "service_code");
                f.push(("service_code", "ancien"));
                f
            },
            "unknown_category: service_code",
        ),
        (
            {
                let mut f = pothole(&key, &[]);
                f.retain(|(k, _)| *k != "lat");
                f.push(("lat", "91"));
                f
            },
            "validation: lat",
        ),
        (
            {
                let mut f = pothole(&key, &[]);
                f.retain(|(k, _)| *k != "long");
                f.push(("long", "est"));
                f
            },
            "validation: long",
        ),
        (
            {
                let mut f = pothole(&key, &[]);
                f.retain(|(k, _)| *k != "long");
                f
            },
            "validation: long",
        ),
        (
            {
                let mut f = pothole(&key, &[]);
                f.retain(|(k, _)| *k != "lat" && *k != "long");
                f
            },
            "validation: address_string",
        ),
        (
            {
                let mut f = pothole(&key, &[]);
                f.retain(|(k, _)| *k != "description");
                f
            },
            "validation: description",
        ),
        (
            pothole(&key, &[("email", "pas une adresse")]),
            "validation: email",
        ),
    ];
    for (form, needle) in &cases {
        assert_error(
            post_form(&app, None, "requests.json", form).await,
            400,
            needle,
        )
        .await;
    }
    // XML error list, and a message in the client's language.
    let r = client_for(app.port)
        .post(app.url("/open311/v2/requests.xml"))
        .header("accept-language", "en")
        .form(&cases[0].0)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let (root, errors) = xml_to_json(&r.text().await.unwrap());
    assert_eq!(root, "errors");
    assert_eq!(errors[0]["code"], "400");
    let description = errors[0]["description"].as_str().unwrap();
    assert!(
        description.starts_with("validation: attribute: Some values are not valid.")
            && description.contains("profondeur"),
        "{description}"
    );
    // Only forms are read.
    let r = client_for(app.port)
        .post(app.url("/open311/v2/requests.json"))
        .json(&json!({"api_key": key, "service_code": "voirie"}))
        .send()
        .await
        .unwrap();
    assert_error(r, 400, "unsupported_media_type").await;
    nothing_stored(&app).await;

    // The next good filing takes the first number: the failures burned none.
    let id = file(&app, None, &key, "Enfin").await;
    assert!(id.ends_with("-000001"), "{id}");
}

async fn listing_filters_and_default_window(backend: Backend) {
    let app = spawn_app(backend).await;
    let (town, key) = ready(&app).await;
    let old = file(&app, None, &key, "Ancien signalement").await;
    let closed = file(&app, None, &key, "Réparé depuis").await;
    let open = file(&app, None, &key, "Toujours là").await;
    let r = post_form(
        &app,
        None,
        "requests.json",
        &[
            ("api_key", key.as_str()),
            ("service_code", "proprete"),
            ("address_string", "Place du marché"),
            ("description", "Sacs abandonnés"),
        ],
    )
    .await;
    assert_eq!(r.status(), 201);
    let dumped = json(r).await[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (old, closed, open, dumped) = (
        old.as_str(),
        closed.as_str(),
        open.as_str(),
        dumped.as_str(),
    );

    let now = voix::time::now();
    let day = 86_400;
    // `old` was filed 100 days ago; the others are spread over the last hours (newest last).
    app.execute(&format!(
        "update service_requests set created_at = {} where number = '{old}'",
        now - 100 * day
    ))
    .await;
    for (i, number) in [closed, open, dumped].into_iter().enumerate() {
        let at = now - 3600 * (3 - i as i64);
        app.execute(&format!(
            "update service_requests set created_at = {at} where number = '{number}'"
        ))
        .await;
    }
    // Staff close one, with a public reason.
    let mut tx = app.db.begin().await.unwrap();
    let request = voix::repo::requests::by_number(&mut tx, &town.id, closed)
        .await
        .unwrap()
        .unwrap();
    voix::repo::requests::set_status(&mut tx, &request.id, RequestStatus::Resolved, None, now)
        .await
        .unwrap();
    voix::repo::requests::add_event(
        &mut tx,
        &voix::repo::requests::NewEvent {
            request_id: &request.id,
            town_id: &town.id,
            kind: EventKind::Status,
            actor_id: None,
            from_status: Some(RequestStatus::Submitted),
            to_status: Some(RequestStatus::Resolved),
            body: "Rebouché le matin même",
            source: "web",
            now,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let ids = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r["service_request_id"].as_str().unwrap().to_owned())
            .collect()
    };

    // Default: the last 90 days, newest first.
    let all = same_in_both(&app, None, "requests", "service_requests").await;
    assert_eq!(ids(&all), [dumped, open, closed]);
    for r in all.as_array().unwrap() {
        assert_eq!(keys(r), REQUEST_FIELDS);
    }
    let by_id = |v: &Value, id: &str| -> Value {
        v.as_array()
            .unwrap()
            .iter()
            .find(|r| r["service_request_id"] == id)
            .unwrap()
            .clone()
    };
    let c = by_id(&all, closed);
    assert_eq!(c["status"], "closed");
    assert_eq!(c["status_notes"], "Rebouché le matin même");
    let d = by_id(&all, dumped);
    assert_eq!(
        (d["lat"].clone(), d["long"].clone()),
        (Value::Null, Value::Null)
    );
    assert_eq!(d["address"], "Place du marché");
    assert_eq!(d["service_name"], "Dépôt sauvage");

    let list = |q: &str| {
        let path = format!("requests.json?{q}");
        let app = &app;
        async move { get_json(app, None, &path).await }
    };
    assert_eq!(ids(&list("status=closed").await), [closed]);
    assert_eq!(ids(&list("status=open").await), [dumped, open]);
    assert_eq!(
        ids(&list("status=open,closed").await),
        [dumped, open, closed]
    );
    assert_eq!(ids(&list("service_code=proprete").await), [dumped]);
    assert_eq!(
        ids(&list("service_code=proprete,voirie&status=open").await),
        [dumped, open]
    );
    // Dates: any W3C date-time with an offset, or a date.
    let w3c = |t: i64| voix::time::format_iso8601(t).replace('Z', "%2B00:00");
    assert_eq!(
        ids(&list(&format!(
            "start_date={}&end_date={}",
            w3c(now - 101 * day),
            w3c(now - 99 * day)
        ))
        .await),
        [old]
    );
    assert_eq!(
        ids(&list(&format!("start_date={}", w3c(now - 200 * day))).await),
        [dumped, open, closed, old]
    );
    assert_eq!(
        ids(&list(&format!(
            "end_date={}",
            voix::time::format_iso8601(now - 2 * 3600 - 60)
        ))
        .await),
        [closed, old]
    );
    // Ids override every other filter and reach outside the window.
    assert_eq!(
        ids(&list(&format!("service_request_id={old},{open}&status=closed")).await),
        [open, old]
    );
    assert_eq!(
        ids(&list(&format!(
            "service_request_id={old}&service_request_id={closed}"
        ))
        .await),
        [closed, old]
    );
    assert!(ids(&list("service_code=inconnu").await).is_empty());
    // Pages (extension): newest first, `page_size` at a time; ids ignore the page size.
    assert_eq!(ids(&list("page_size=2").await), [dumped, open]);
    assert_eq!(ids(&list("page_size=2&page=2").await), [closed]);
    assert!(ids(&list("page_size=2&page=3").await).is_empty());
    assert_eq!(
        ids(&list(&format!("service_request_id={old},{open}&page_size=1")).await),
        [open, old]
    );
    for bad in ["page_size=0", "page_size=201", "page=0", "page=deux"] {
        let field = bad.split('=').next().unwrap();
        assert_error(
            get(&app, None, &format!("requests.json?{bad}")).await,
            400,
            &format!("validation: {field}"),
        )
        .await;
    }

    assert_error(
        get(&app, None, "requests.json?status=pending").await,
        400,
        "validation: status",
    )
    .await;
    assert_error(
        get(&app, None, "requests.json?start_date=hier").await,
        400,
        "validation: start_date",
    )
    .await;
    let (status, root, _) = get_xml(&app, None, "requests.xml?end_date=demain").await;
    assert_eq!((status, root.as_str()), (400, "errors"));
}

async fn towns_never_see_each_other(backend: Backend) {
    let app = spawn_app(backend).await;
    app.add_test_towns().await;
    let [a, b] = TEST_HOSTS;
    let town_a = town(&app, Some("ville-a")).await;
    let town_b = town(&app, Some("ville-b")).await;
    add_categories(&app, &town_a).await;
    let mut tx = app.db.begin().await.unwrap();
    voix::repo::categories::insert(&mut tx, &town_b.id, &categories()[1])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let key_a = new_key(&app, &town_a, "Appli").await;
    let key_b = new_key(&app, &town_b, "Appli").await;

    let id = file(&app, Some(a), &key_a, "Dans la ville A").await;
    // Town A's key does not file in town B, nor B's in A.
    assert_error(
        post_form(&app, Some(b), "requests.json", &pothole(&key_a, &[])).await,
        403,
        "api_key",
    )
    .await;
    // B has no `voirie`: its own key cannot use A's category.
    assert_error(
        post_form(&app, Some(b), "requests.json", &pothole(&key_b, &[])).await,
        400,
        "unknown_category",
    )
    .await;

    let on_a = same_in_both(&app, Some(a), "requests", "service_requests").await;
    assert_eq!(on_a.as_array().unwrap().len(), 1);
    assert_eq!(on_a[0]["agency_responsible"], "Ville A");
    let on_b = get_json(&app, Some(b), "requests.json").await;
    assert_eq!(on_b, json!([]));
    let on_b = get_json(
        &app,
        Some(b),
        &format!("requests.json?service_request_id={id}"),
    )
    .await;
    assert_eq!(on_b, json!([]));
    assert_error(
        get(&app, Some(b), &format!("requests/{id}.json")).await,
        404,
        "not_found",
    )
    .await;
    let on_default = get_json(&app, None, "requests.json").await;
    assert_eq!(on_default, json!([]));

    let services_b = get_json(&app, Some(b), "services.json").await;
    let codes: Vec<&str> = services_b
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["service_code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["proprete"]);
    assert_error(
        get(&app, Some(b), "services/voirie.json").await,
        404,
        "service_code",
    )
    .await;

    // media_url is on the town's own host.
    let mut tx = app.db.begin().await.unwrap();
    let request = voix::repo::requests::by_number(&mut tx, &town_a.id, &id)
        .await
        .unwrap()
        .unwrap();
    let photo = voix::requests::photos::CleanPhoto {
        mime: "image/png",
        bytes: vec![7; 4],
        width: 1,
        height: 1,
    };
    let photo_id = voix::repo::requests::add_photo(&mut tx, &request.id, &town_a.id, 0, &photo, 0)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let one = get_json(&app, Some(a), &format!("requests/{id}.json")).await;
    assert_eq!(
        one[0]["media_url"],
        format!(
            "http://{a}:{}/api/v1/requests/{id}/photos/{photo_id}",
            app.port
        )
    );
}

async fn cli_creates_and_revokes_keys(backend: Backend) {
    let app = spawn_app(backend).await;
    let town = town(&app, None).await;
    add_categories(&app, &town).await;
    let dir = tempfile::tempdir().unwrap();
    let voix_cli = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_voix"))
            .args(args)
            .args([
                "--data-dir",
                dir.path().to_str().unwrap(),
                "--database-url",
                app.settings.database_url.expose(),
            ])
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, out, err) = voix_cli(&["admin", "create-api-key", "--name", "Appli mobile"]);
    assert!(ok, "{err}");
    let key = out.trim().to_owned();
    assert_eq!(key.len(), 43, "32 bytes in base64url: {out}");
    assert!(!err.contains(&key), "the key is printed on stdout only");
    let (ok, _, err) = voix_cli(&["admin", "create-api-key", "--name", "Appli mobile"]);
    assert!(!ok && err.contains("already has a live key"), "{err}");
    let (ok, _, err) = voix_cli(&[
        "admin",
        "create-api-key",
        "--name",
        "X",
        "--town",
        "nowhere",
    ]);
    assert!(!ok && err.contains("no town"), "{err}");

    let id = file(&app, None, &key, "Par le client Open311").await;
    assert!(id.ends_with("-000001"));

    let (ok, out, err) = voix_cli(&["admin", "revoke-api-key", "--name", "Appli mobile"]);
    assert!(ok, "{err}");
    assert!(out.contains("revoked 1"), "{out}");
    assert_error(
        post_form(&app, None, "requests.json", &pothole(&key, &[])).await,
        403,
        "api_key",
    )
    .await;
    let (ok, _, err) = voix_cli(&["admin", "revoke-api-key", "--name", "Appli mobile"]);
    assert!(!ok && err.contains("no live key"), "{err}");
    // The name is free again once revoked.
    let (ok, out, _) = voix_cli(&["admin", "create-api-key", "--name", "Appli mobile"]);
    assert!(ok);
    assert_ne!(out.trim(), key);
}
