//! Open311 GeoReport v2 (<http://wiki.open311.org/GeoReport_v2/>) under `/open311/v2/`.
//!
//! Every resource exists as `.json` and `.xml`, built once as a [`Node`] tree and rendered in
//! either format, so both always carry the same data. Errors use the Open311 error list
//! (`[{"code": 400, "description": "…"}]`, `<errors><error>…`), never the `/api/v1` body.
//!
//! Reading (services, service definitions, requests) is public, like the request pages of the
//! SPA, and never shows who reported a request. Filing needs an API key of the town
//! (`voix admin create-api-key`) and goes through the same domain functions as the web form.
//! See `docs/open311.md`.

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use protocol::ErrorCode;
use protocol::api::Language;
use protocol::requests::{AttributeDef, QueueSort, RequestStatus};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::error::{ApiError, status_of};
use crate::http::AppState;
use crate::http::town::CurrentTown;
use crate::i18n::{error_message, language_of};
use crate::repo::requests::{self as repo, Filter, Line};
use crate::repo::towns::Town;
use crate::repo::{api_keys, categories};
use crate::requests::validate::degrees;
use crate::requests::{self as domain, Ctx, Reporter};
use crate::time::{format_iso8601, now};

/// Requests one `GET requests` answers by default. GeoReport v2 lets the server limit the
/// answer; a small page keeps every answer fast (docs/benchmarks.md). `page_size` and `page`
/// (extensions, as several Open311 servers offer) page through the rest.
pub const DEFAULT_PAGE_SIZE: i64 = 50;
/// Largest `page_size`, and most `service_request_id`s one query may list.
pub const MAX_RESULTS: i64 = 200;
/// Largest `page`: deeper pages cost a long index walk; narrow the dates instead.
pub const MAX_PAGE: i64 = 1000;
/// The window of `GET requests` without dates nor ids.
pub const DEFAULT_WINDOW_SECS: i64 = 90 * 86_400;

pub mod params;
use params::{Filing, Params, filing_of, list_filter, list_paging};

/// The `/open311/v2` routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{file}", get(get_top).post(post_top))
        .route("/services/{file}", get(get_service_definition))
        .route("/requests/{file}", get(get_request))
        .route("/tokens/{file}", get(get_token))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(super::MAX_BODY_BYTES))
}

// --- Formats and rendering ------------------------------------------------------------------

/// The format named by a resource's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Xml,
}

impl Format {
    /// `services.json` → (`services`, JSON). Unknown extensions are `None` (404).
    fn split(file: &str) -> Option<(&str, Format)> {
        let (stem, ext) = file.rsplit_once('.')?;
        let format = match ext {
            "json" => Format::Json,
            "xml" => Format::Xml,
            _ => return None,
        };
        (!stem.is_empty()).then_some((stem, format))
    }

    /// The format of an unmatched path, for its error body (JSON unless it ends in `.xml`).
    fn guess(path: &str) -> Format {
        if path.ends_with(".xml") {
            Format::Xml
        } else {
            Format::Json
        }
    }
}

/// A document, rendered as JSON or XML. Lists know the element name of their items.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// JSON `null`, XML empty element.
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    Object(Vec<(&'static str, Node)>),
    /// Items and the XML element name of each item.
    List(&'static str, Vec<Node>),
}

impl Node {
    fn text(s: impl Into<String>) -> Self {
        Self::Text(s.into())
    }

    fn opt_text(s: Option<&str>) -> Self {
        s.map_or(Self::Null, Self::text)
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Null => s.serialize_none(),
            Node::Bool(b) => s.serialize_bool(*b),
            Node::Int(i) => s.serialize_i64(*i),
            Node::Float(f) => s.serialize_f64(*f),
            Node::Text(t) => s.serialize_str(t),
            Node::Object(fields) => {
                let mut map = s.serialize_map(Some(fields.len()))?;
                for (k, v) in fields {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
            Node::List(_, items) => s.collect_seq(items),
        }
    }
}

/// Appends `text` with XML escaping; characters XML 1.0 forbids are dropped.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

fn write_element(out: &mut String, name: &str, node: &Node) {
    let open = |out: &mut String| {
        out.push('<');
        out.push_str(name);
        out.push('>');
    };
    let close = |out: &mut String| {
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    };
    match node {
        Node::Null => {
            out.push('<');
            out.push_str(name);
            out.push_str("/>");
        }
        Node::Object(fields) => {
            open(out);
            for (k, v) in fields {
                write_element(out, k, v);
            }
            close(out);
        }
        Node::List(item, items) => {
            open(out);
            for v in items {
                write_element(out, item, v);
            }
            close(out);
        }
        Node::Bool(b) => {
            open(out);
            out.push_str(if *b { "true" } else { "false" });
            close(out);
        }
        Node::Int(i) => {
            open(out);
            out.push_str(&i.to_string());
            close(out);
        }
        Node::Float(f) => {
            open(out);
            out.push_str(&f.to_string());
            close(out);
        }
        Node::Text(t) => {
            open(out);
            escape_into(out, t);
            close(out);
        }
    }
}

/// The XML document `<root>…</root>` with its declaration.
fn to_xml(root: &str, node: &Node) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    write_element(&mut out, root, node);
    out.push('\n');
    out
}

fn respond(format: Format, status: StatusCode, root: &str, node: &Node) -> Response {
    let (content_type, body) = match format {
        Format::Json => (
            "application/json; charset=utf-8",
            // A `Node` has string keys and finite numbers: serialising cannot fail.
            serde_json::to_string(node).unwrap_or_default(),
        ),
        Format::Xml => ("text/xml; charset=utf-8", to_xml(root, node)),
    };
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response()
}

// --- Errors ---------------------------------------------------------------------------------

/// Why a call failed, rendered as an Open311 error list.
#[derive(Debug)]
enum Fail {
    /// A domain or storage error; its stable code leads the description.
    Api(ApiError),
    /// A status with a ready description.
    Plain(StatusCode, String),
}

impl From<ApiError> for Fail {
    fn from(err: ApiError) -> Self {
        Fail::Api(err)
    }
}

impl From<sqlx::Error> for Fail {
    fn from(err: sqlx::Error) -> Self {
        Fail::Api(err.into())
    }
}

/// The Open311 parameter a field of the domain's validation stands for.
fn param_of(field: &str) -> &str {
    match field {
        "category" => "service_code",
        "lon" => "long",
        "address" => "address_string",
        "attributes" => "attribute",
        other => other,
    }
}

/// 422 and 415 of the web API are 400 in Open311 ("bad input").
fn open311_status(code: ErrorCode) -> StatusCode {
    match status_of(code) {
        StatusCode::UNPROCESSABLE_ENTITY | StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            StatusCode::BAD_REQUEST
        }
        other => other,
    }
}

impl Fail {
    fn not_found(what: &str) -> Self {
        Fail::Plain(StatusCode::NOT_FOUND, format!("not_found: {what}"))
    }

    /// The status and `description`: `<code>: <parameter>: <message>`.
    fn describe(self, lang: Language) -> (StatusCode, String) {
        match self {
            Fail::Plain(status, description) => (status, description),
            Fail::Api(ApiError::Client {
                code,
                field,
                detail,
            }) => {
                let mut description = code.as_str().to_owned();
                if let Some(field) = field {
                    description.push_str(": ");
                    description.push_str(param_of(field));
                }
                description.push_str(": ");
                description.push_str(error_message(code, lang));
                if let Some(detail) = detail {
                    description.push_str(&format!(" ({detail})"));
                }
                (open311_status(code), description)
            }
            Fail::Api(ApiError::Throttled { .. }) => (
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "too_many_requests: {}",
                    error_message(ErrorCode::TooManyRequests, lang)
                ),
            ),
            Fail::Api(ApiError::Internal(err)) => {
                tracing::error!(error = ?err, "Open311 request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("internal: {}", error_message(ErrorCode::Internal, lang)),
                )
            }
        }
    }

    fn respond(self, format: Format, lang: Language) -> Response {
        let (status, description) = self.describe(lang);
        let error = Node::Object(vec![
            ("code", Node::Int(i64::from(status.as_u16()))),
            ("description", Node::Text(description)),
        ]);
        respond(format, status, "errors", &Node::List("error", vec![error]))
    }
}

/// Renders an outcome: the document under `root`, or the error list.
fn finish(
    format: Format,
    lang: Language,
    status: StatusCode,
    root: &str,
    outcome: Result<Node, Fail>,
) -> Response {
    match outcome {
        Ok(node) => respond(format, status, root, &node),
        Err(fail) => fail.respond(format, lang),
    }
}

async fn not_found(uri: Uri, headers: HeaderMap) -> Response {
    Fail::not_found("no such Open311 resource")
        .respond(Format::guess(uri.path()), language_of(&headers))
}

async fn method_not_allowed(uri: Uri, headers: HeaderMap) -> Response {
    Fail::Plain(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed: this resource is read-only".to_owned(),
    )
    .respond(Format::guess(uri.path()), language_of(&headers))
}

// --- Services -------------------------------------------------------------------------------

fn service_node(c: &categories::Row, lang: Language) -> Node {
    let name = c.name();
    let wire = c.to_wire();
    Node::Object(vec![
        ("service_code", Node::text(&c.code)),
        ("service_name", Node::text(name.get(lang))),
        ("description", Node::text(wire.description.get(lang))),
        ("metadata", Node::Bool(!wire.attributes.is_empty())),
        ("type", Node::text("realtime")),
        ("keywords", Node::text(&c.keywords)),
        ("group", Node::text(&c.group_name)),
    ])
}

fn attribute_node(order: usize, a: &AttributeDef, lang: Language) -> Node {
    let mut fields = vec![
        ("variable", Node::Bool(true)),
        ("code", Node::text(&a.code)),
        ("datatype", Node::text(a.datatype.as_str())),
        ("required", Node::Bool(a.required)),
        ("datatype_description", Node::text(a.help.get(lang))),
        ("order", Node::Int(i64::try_from(order).unwrap_or(i64::MAX))),
        ("description", Node::text(a.label.get(lang))),
    ];
    if a.datatype.is_list() {
        let values = a
            .values
            .iter()
            .map(|v| {
                Node::Object(vec![
                    ("key", Node::text(&v.key)),
                    ("name", Node::text(v.name.get(lang))),
                ])
            })
            .collect();
        fields.push(("values", Node::List("value", values)));
    }
    Node::Object(fields)
}

async fn services(state: &AppState, town: &Town, lang: Language) -> Result<Node, Fail> {
    let mut tx = state.db.read().await?;
    let rows = categories::list(&mut tx, &town.id, true).await?;
    Ok(Node::List(
        "service",
        rows.iter().map(|c| service_node(c, lang)).collect(),
    ))
}

async fn service_definition(
    state: &AppState,
    town: &Town,
    code: &str,
    lang: Language,
) -> Result<Node, Fail> {
    let mut tx = state.db.read().await?;
    let category = categories::by_code(&mut tx, &town.id, code)
        .await?
        .filter(|c| c.active)
        .ok_or_else(|| Fail::not_found("service_code"))?;
    let attributes = category
        .attributes()
        .iter()
        .enumerate()
        .map(|(i, a)| attribute_node(i + 1, a, lang))
        .collect();
    Ok(Node::Object(vec![
        ("service_code", Node::text(&category.code)),
        ("attributes", Node::List("attribute", attributes)),
    ]))
}

// --- Requests: reading ----------------------------------------------------------------------

/// Matching requests, newest first, as Open311 `request` elements.
async fn requests(
    state: &AppState,
    town: &Town,
    filter: &Filter,
    (limit, offset): (i64, i64),
    lang: Language,
) -> Result<Vec<Node>, Fail> {
    let mut tx = state.db.read().await?;
    let lines = repo::page_of(&mut tx, &town.id, filter, QueueSort::Newest, limit, offset).await?;
    let numbers: Vec<String> = lines.iter().map(|l| l.number.clone()).collect();
    let notes = repo::last_status_notes(&mut tx, &town.id, &numbers).await?;
    let photos = repo::first_visible_photos(&mut tx, &town.id, &numbers).await?;
    // The town of the data, whatever host the client used.
    let base = town.public_base(&state.settings);
    Ok(lines
        .iter()
        .map(|line| {
            let media = photos
                .get(&line.number)
                .map(|id| format!("{base}/api/v1/requests/{}/photos/{id}", line.number));
            request_node(
                line,
                town,
                notes.get(&line.number).map(String::as_str),
                media.as_deref(),
                lang,
            )
        })
        .collect())
}

/// One request as Open311 shows it. Nothing identifies the reporter.
fn request_node(
    line: &Line,
    town: &Town,
    status_notes: Option<&str>,
    media_url: Option<&str>,
    lang: Language,
) -> Node {
    let status = RequestStatus::parse(&line.status).unwrap_or(RequestStatus::Submitted);
    let name = match lang {
        Language::Fr => &line.category_fr,
        Language::En => &line.category_en,
    };
    let description = if line.hidden_reason.is_some() {
        ""
    } else {
        line.description.as_str()
    };
    let coordinate = |e6: Option<i64>| e6.map_or(Node::Null, |v| Node::Float(degrees(v)));
    let (lat, long) = match (line.lat_e6, line.lon_e6) {
        (Some(_), Some(_)) => (coordinate(line.lat_e6), coordinate(line.lon_e6)),
        _ => (Node::Null, Node::Null),
    };
    Node::Object(vec![
        ("service_request_id", Node::text(&line.number)),
        ("status", Node::text(status.open311())),
        ("status_notes", Node::opt_text(status_notes)),
        ("service_name", Node::text(name)),
        ("service_code", Node::text(&line.category_code)),
        ("description", Node::text(description)),
        ("agency_responsible", Node::text(&town.name)),
        ("service_notice", Node::Null),
        (
            "requested_datetime",
            Node::text(format_iso8601(line.created_at)),
        ),
        (
            "updated_datetime",
            Node::text(format_iso8601(line.updated_at)),
        ),
        ("expected_datetime", Node::Null),
        ("address", Node::opt_text(line.address.as_deref())),
        ("address_id", Node::Null),
        ("zipcode", Node::Null),
        ("lat", lat),
        ("long", long),
        ("media_url", Node::opt_text(media_url)),
    ])
}

// --- Requests: filing -----------------------------------------------------------------------

/// Whether a body of this type can be read as a form (absent type: assumed form).
fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// `POST requests`: checks the key, then files the request in one transaction.
async fn file_request(
    state: &AppState,
    town: &Town,
    headers: &HeaderMap,
    query: &Params,
    body: Result<Bytes, BytesRejection>,
) -> Result<Node, Fail> {
    let bytes = match body {
        Ok(bytes) => bytes,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Err(Fail::Api(ApiError::code(ErrorCode::PayloadTooLarge)));
        }
        Err(e) => {
            return Err(Fail::Api(ApiError::detail(
                ErrorCode::InvalidBody,
                e.body_text(),
            )));
        }
    };
    if !is_form(headers) {
        return Err(Fail::Api(ApiError::detail(
            ErrorCode::UnsupportedMediaType,
            "send application/x-www-form-urlencoded",
        )));
    }
    let form = Params::parse(&bytes);
    // The specification sends the key with the form; a key in the query string is accepted.
    let Some(secret) = form.get("api_key").or_else(|| query.get("api_key")) else {
        return Err(Fail::Plain(
            StatusCode::FORBIDDEN,
            "forbidden: api_key: an API key is required to file a request".to_owned(),
        ));
    };
    let key = {
        let mut read = state.db.read().await?;
        api_keys::find_active(&mut read, &town.id, secret).await?
    };
    let Some(key) = key else {
        return Err(Fail::Plain(
            StatusCode::FORBIDDEN,
            "forbidden: api_key: unknown or revoked API key".to_owned(),
        ));
    };
    // Counted in its own transaction so that refused filings count too.
    {
        let mut count = state.db.begin().await?;
        let outcome = crate::auth::throttle::hit(
            &mut count,
            &format!("open311:{}", key.id),
            state.settings.throttle.open311_per_key,
        )
        .await;
        count.commit().await?;
        outcome?;
    }
    let mut tx = state.db.begin().await?;
    let Filing {
        request: new,
        email,
        name,
    } = filing_of(&form)?;
    let checked = domain::check(&mut tx, town, &new).await?;
    let ctx = Ctx::new(&state.settings, town);
    let filed = domain::file(
        &mut tx,
        ctx,
        &checked,
        &[],
        Reporter::Open311 {
            api_key_id: &key.id,
            email: email.as_deref(),
            name: name.as_deref(),
        },
        language_of(headers),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(number = %filed.number, api_key = %key.name, "Open311 request filed");
    Ok(Node::List(
        "request",
        vec![Node::Object(vec![
            ("service_request_id", Node::text(filed.number)),
            ("service_notice", Node::Null),
            ("account_id", Node::Null),
        ])],
    ))
}

// --- Handlers -------------------------------------------------------------------------------

/// `GET services.{fmt}` and `GET requests.{fmt}`.
async fn get_top(
    State(state): State<AppState>,
    Path(file): Path<String>,
    town: Result<CurrentTown, ApiError>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = language_of(&headers);
    let Some((stem, format)) = Format::split(&file) else {
        return Fail::not_found("unknown resource or format").respond(Format::guess(&file), lang);
    };
    let town = match town {
        Ok(CurrentTown(town)) => town,
        Err(err) => return Fail::from(err).respond(format, lang),
    };
    let params = Params::parse(query.unwrap_or_default().as_bytes());
    match stem {
        "services" => finish(
            format,
            lang,
            StatusCode::OK,
            "services",
            services(&state, &town, lang).await,
        ),
        "requests" => {
            let outcome = match list_filter(&params, now()).and_then(|filter| {
                // Listed ids are all answered, whatever the page size.
                let paging = match i64::try_from(filter.numbers.len()) {
                    Ok(n) if n > 0 => (n, 0),
                    _ => list_paging(&params)?,
                };
                Ok((filter, paging))
            }) {
                Ok((filter, paging)) => requests(&state, &town, &filter, paging, lang)
                    .await
                    .map(|items| Node::List("request", items)),
                Err(err) => Err(Fail::from(err)),
            };
            finish(format, lang, StatusCode::OK, "service_requests", outcome)
        }
        _ => Fail::not_found("unknown resource").respond(format, lang),
    }
}

/// `POST requests.{fmt}`.
async fn post_top(
    State(state): State<AppState>,
    Path(file): Path<String>,
    town: Result<CurrentTown, ApiError>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let lang = language_of(&headers);
    let Some((stem, format)) = Format::split(&file) else {
        return Fail::not_found("unknown resource or format").respond(Format::guess(&file), lang);
    };
    match stem {
        "requests" => {}
        "services" => {
            return Fail::Plain(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed: services are read-only".to_owned(),
            )
            .respond(format, lang);
        }
        _ => return Fail::not_found("unknown resource").respond(format, lang),
    }
    let town = match town {
        Ok(CurrentTown(town)) => town,
        Err(err) => return Fail::from(err).respond(format, lang),
    };
    let query = Params::parse(query.unwrap_or_default().as_bytes());
    let outcome = file_request(&state, &town, &headers, &query, body).await;
    finish(
        format,
        lang,
        StatusCode::CREATED,
        "service_requests",
        outcome,
    )
}

/// `GET services/{service_code}.{fmt}`.
async fn get_service_definition(
    State(state): State<AppState>,
    Path(file): Path<String>,
    town: Result<CurrentTown, ApiError>,
    headers: HeaderMap,
) -> Response {
    let lang = language_of(&headers);
    let Some((code, format)) = Format::split(&file) else {
        return Fail::not_found("unknown format").respond(Format::guess(&file), lang);
    };
    let outcome = match town {
        Ok(CurrentTown(town)) => service_definition(&state, &town, code, lang).await,
        Err(err) => Err(err.into()),
    };
    finish(format, lang, StatusCode::OK, "service_definition", outcome)
}

/// `GET requests/{service_request_id}.{fmt}`: a list of one.
async fn get_request(
    State(state): State<AppState>,
    Path(file): Path<String>,
    town: Result<CurrentTown, ApiError>,
    headers: HeaderMap,
) -> Response {
    let lang = language_of(&headers);
    let Some((number, format)) = Format::split(&file) else {
        return Fail::not_found("unknown format").respond(Format::guess(&file), lang);
    };
    let outcome = match town {
        Ok(CurrentTown(town)) => {
            let filter = Filter {
                numbers: vec![number.to_owned()],
                ..Filter::default()
            };
            match requests(&state, &town, &filter, (1, 0), lang).await {
                Ok(items) if items.is_empty() => Err(Fail::not_found("service_request_id")),
                Ok(items) => Ok(Node::List("request", items)),
                Err(fail) => Err(fail),
            }
        }
        Err(err) => Err(err.into()),
    };
    finish(format, lang, StatusCode::OK, "service_requests", outcome)
}

/// `GET tokens/{token}.{fmt}`. Voix files requests synchronously and answers every `POST
/// requests` with its `service_request_id`, so it never issues tokens: every token is unknown.
/// (The request's reply token is a secret for email replies and is never exposed.)
async fn get_token(Path(file): Path<String>, headers: HeaderMap) -> Response {
    let lang = language_of(&headers);
    let format = Format::split(&file).map_or(Format::guess(&file), |(_, f)| f);
    Fail::not_found("token: this server returns service_request_id directly and issues no tokens")
        .respond(format, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_the_extension() {
        assert_eq!(
            Format::split("services.json"),
            Some(("services", Format::Json))
        );
        assert_eq!(
            Format::split("2026-000001.xml"),
            Some(("2026-000001", Format::Xml))
        );
        assert_eq!(Format::split("services.html"), None);
        assert_eq!(Format::split("services"), None);
        assert_eq!(Format::split(".json"), None);
    }

    #[test]
    fn json_and_xml_render_the_same_tree() {
        let node = Node::List(
            "request",
            vec![Node::Object(vec![
                ("service_request_id", Node::text("2026-000001")),
                ("description", Node::text("Trou <profond> & \"large\"\u{1}")),
                ("lat", Node::Float(48.8566)),
                ("metadata", Node::Bool(true)),
                ("account_id", Node::Null),
            ])],
        );
        assert_eq!(
            serde_json::to_string(&node).unwrap(),
            r#"[{"service_request_id":"2026-000001","description":"Trou <profond> & \"large\"\u0001","lat":48.8566,"metadata":true,"account_id":null}]"#
        );
        assert_eq!(
            to_xml("service_requests", &node),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<service_requests><request>\
             <service_request_id>2026-000001</service_request_id>\
             <description>Trou &lt;profond&gt; &amp; &quot;large&quot;</description>\
             <lat>48.8566</lat><metadata>true</metadata><account_id/></request></service_requests>\n"
        );
    }
}
