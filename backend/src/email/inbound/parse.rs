//! What an incoming message says: its identity, sender, the reply token it carries, whether a
//! robot sent it, and the resident's text. Never fails: a message that cannot be read yields
//! an [`Analysis`] that sends it to review.

use mailparse::{DispositionType, MailAddr, MailHeader, MailHeaderMap, ParsedMail};
use sha2::{Digest, Sha256};

use super::text::{html_to_text, trim_reply, unflow};
use crate::email::outbox::REPLY_MESSAGE_ID_PREFIX;

/// Above this many `multipart/` occurrences the MIME tree is not parsed (the parser recurses
/// once per nesting level; a crafted message must not exhaust the stack).
const MAX_MULTIPARTS: usize = 64;

/// How reply addresses look: `reply_address` split around `{token}` in its local part,
/// lowercased (`voix+{token}@…` → prefix `voix+`, suffix ``). The domain is not compared: a
/// mail system may rewrite it (e.g. to the mailbox's primary address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyPattern {
    prefix: String,
    suffix: String,
}

impl ReplyPattern {
    /// `None` unless `{token}` is in the local part of an address with an `@`.
    pub fn new(reply_address: &str) -> Option<Self> {
        let (local, domain) = reply_address.rsplit_once('@')?;
        let (prefix, suffix) = local.split_once("{token}")?;
        if domain.is_empty() || domain.contains("{token}") || suffix.contains("{token}") {
            return None;
        }
        Some(Self {
            prefix: prefix.to_lowercase(),
            suffix: suffix.to_lowercase(),
        })
    }

    /// The token of a recipient address, when its local part has the pattern's shape.
    pub fn token_of(&self, address: &str) -> Option<String> {
        let (local, _) = address.trim().rsplit_once('@')?;
        let local = local.trim_matches('"').to_lowercase();
        let token = local
            .strip_prefix(&self.prefix)?
            .strip_suffix(&self.suffix)?;
        valid_token(token).then(|| token.to_owned())
    }
}

/// Reply tokens are 32 characters of lowercase base32 (160 bits, see
/// [`crate::requests::reply_token`]): with that exact shape, an ordinary address in `To`/`Cc`
/// (`camille@…`) is never taken for one, even with a `{token}@…` catch-all pattern.
fn valid_token(token: &str) -> bool {
    token.len() == 32 && token.chars().all(|c| matches!(c, 'a'..='z' | '2'..='7'))
}

/// The token of a notification's Message-ID (`voix.r.<token>.<random>@<domain>`, without the
/// angle brackets).
pub fn token_of_message_id(id: &str) -> Option<String> {
    let id = id.trim().trim_start_matches('<').to_lowercase();
    let rest = id.strip_prefix(REPLY_MESSAGE_ID_PREFIX)?;
    let (token, _) = rest.split_once('.')?;
    valid_token(token).then(|| token.to_owned())
}

/// Where the reply token was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// In a recipient address (the `Reply-To` the resident answered).
    Found(String),
    /// Recipient addresses carry two different tokens: a person must decide.
    Ambiguous,
    None,
}

/// The facts the worker decides on.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The `Message-ID` (with angle brackets), or `sha256:<hex>` of the message without one:
    /// the idempotence key of `inbound_messages`.
    pub message_id: String,
    /// The single `From` address, lowercased; `None` when absent or several.
    pub from: Option<String>,
    pub token: Token,
    /// Why this looks like an automatic message (vacation reply, bounce, list…).
    pub automatic: Option<&'static str>,
    /// The resident's text, quotes and signatures removed (may be empty).
    pub text: String,
    /// The MIME structure could not be read.
    pub unreadable: bool,
}

/// Reads a raw RFC 5322 message.
pub fn analyze(raw: &[u8], pattern: &ReplyPattern) -> Analysis {
    let fallback_id = || format!("sha256:{}", hex::encode(Sha256::digest(raw)));
    let too_nested = count_case_insensitive(raw, b"multipart/") > MAX_MULTIPARTS;
    let parsed = if too_nested {
        None
    } else {
        mailparse::parse_mail(raw).ok()
    };
    let header_only;
    let headers: &[MailHeader<'_>] = match &parsed {
        Some(p) => &p.headers,
        None => {
            // Headers alone (no MIME tree), to still find the token and identity.
            header_only = mailparse::parse_headers(raw)
                .map(|(h, _)| h)
                .unwrap_or_default();
            &header_only
        }
    };
    let message_id = message_id(headers).unwrap_or_else(fallback_id);
    let from = single_from(headers);
    let token = find_token(headers, pattern);
    let automatic = automatic(headers, parsed.as_ref());
    let text = parsed.as_ref().map(extract_text).unwrap_or_default();
    Analysis {
        message_id,
        from,
        token,
        automatic,
        text,
        unreadable: parsed.is_none(),
    }
}

fn count_case_insensitive(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| w.eq_ignore_ascii_case(needle))
        .count()
}

fn message_id(headers: &[MailHeader<'_>]) -> Option<String> {
    let value = headers.get_first_value("Message-ID")?;
    let id = mailparse::msgidparse(&value)
        .ok()
        .and_then(|ids| ids.first().cloned())
        .unwrap_or_else(|| value.trim().to_owned());
    let id = id.trim();
    if id.is_empty() || id.chars().any(char::is_control) {
        return None;
    }
    if id.len() > 250 {
        return Some(format!("sha256:{}", hex::encode(Sha256::digest(id))));
    }
    Some(format!("<{id}>"))
}

fn addresses(header: &MailHeader<'_>) -> Vec<String> {
    let Ok(list) = mailparse::addrparse_header(header) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for addr in list.iter() {
        match addr {
            MailAddr::Single(s) => out.push(s.addr.clone()),
            MailAddr::Group(g) => out.extend(g.addrs.iter().map(|s| s.addr.clone())),
        }
    }
    out
}

fn single_from(headers: &[MailHeader<'_>]) -> Option<String> {
    let froms = headers.get_all_headers("From");
    let [from] = froms.as_slice() else {
        return None;
    };
    match addresses(from).as_slice() {
        [one] => Some(one.trim().to_lowercase()),
        _ => None,
    }
}

/// Recipient addresses first (`To`, `Cc`, then what the delivery agent recorded); then the
/// notification the message answers (`In-Reply-To`, then the newest `References` entry).
fn find_token(headers: &[MailHeader<'_>], pattern: &ReplyPattern) -> Token {
    let mut found: Vec<String> = Vec::new();
    for name in [
        "To",
        "Cc",
        "Delivered-To",
        "X-Delivered-To",
        "X-Original-To",
        "Envelope-To",
        "X-Envelope-To",
    ] {
        for header in headers.get_all_headers(name) {
            for addr in addresses(header) {
                if let Some(t) = pattern.token_of(&addr)
                    && !found.contains(&t)
                {
                    found.push(t);
                }
            }
            // `Delivered-To` and friends may hold a bare address `addrparse` rejects.
            if let Some(t) = pattern.token_of(header.get_value().trim().trim_matches(['<', '>']))
                && !found.contains(&t)
            {
                found.push(t);
            }
        }
    }
    match found.len() {
        1 => return Token::Found(found.remove(0)),
        0 => {}
        _ => return Token::Ambiguous,
    }
    let ids = |name: &str| -> Vec<String> {
        headers
            .get_all_values(name)
            .iter()
            .filter_map(|v| mailparse::msgidparse(v).ok())
            .flat_map(|ids| ids.to_vec())
            .collect()
    };
    if let Some(t) = ids("In-Reply-To")
        .iter()
        .find_map(|id| token_of_message_id(id))
    {
        return Token::Found(t);
    }
    if let Some(t) = ids("References")
        .iter()
        .rev()
        .find_map(|id| token_of_message_id(id))
    {
        return Token::Found(t);
    }
    Token::None
}

/// RFC 3834 `Auto-Submitted`, the de-facto `Precedence` and `X-Autoreply` headers, an empty
/// envelope sender (bounces), delivery reports.
fn automatic(headers: &[MailHeader<'_>], parsed: Option<&ParsedMail<'_>>) -> Option<&'static str> {
    let value = |name: &str| {
        headers
            .get_first_value(name)
            .map(|v| v.trim().to_ascii_lowercase())
    };
    if let Some(v) = value("Auto-Submitted") {
        let kind = v.split(';').next().unwrap_or("").trim();
        if kind != "no" {
            return Some("auto-submitted");
        }
    }
    if let Some(v) = value("Precedence")
        && matches!(v.as_str(), "bulk" | "list" | "junk" | "auto_reply")
    {
        return Some("precedence");
    }
    for name in [
        "X-Autoreply",
        "X-Autorespond",
        "X-Autorespond-Reason",
        "X-Auto-Reply",
    ] {
        if headers.get_first_header(name).is_some() {
            return Some("x-autoreply");
        }
    }
    if let Some(v) = value("Return-Path") {
        let v = v.trim();
        if v.is_empty() || v == "<>" {
            return Some("null-sender");
        }
    }
    if let Some(p) = parsed
        && (p.ctype.mimetype == "multipart/report" || p.ctype.mimetype == "message/delivery-status")
    {
        return Some("delivery-report");
    }
    None
}

fn is_attachment(part: &ParsedMail<'_>) -> bool {
    let disposition = part.get_content_disposition();
    disposition.disposition == DispositionType::Attachment
        || disposition.params.contains_key("filename")
        || part.ctype.params.contains_key("name")
}

/// The first inline `text/plain` part, else (or when it holds nothing of the resident's) the
/// first inline `text/html` one, decoded and trimmed to what the resident wrote.
fn extract_text(mail: &ParsedMail<'_>) -> String {
    let parts: Vec<&ParsedMail<'_>> = mail.parts().collect();
    let pick = |mime: &str| {
        parts
            .iter()
            .find(|p| p.ctype.mimetype == mime && !is_attachment(p))
            .copied()
    };
    let plain = pick("text/plain").map(|part| {
        let body = part.get_body().unwrap_or_default();
        let param = |name: &str, value: &str| {
            part.ctype
                .params
                .get(name)
                .is_some_and(|v| v.eq_ignore_ascii_case(value))
        };
        let text = if param("format", "flowed") {
            unflow(&body, param("delsp", "yes"))
        } else {
            body
        };
        sanitize(&trim_reply(&text))
    });
    match plain {
        Some(text) if !text.is_empty() => text,
        _ => pick("text/html")
            .map(|part| {
                sanitize(&trim_reply(&html_to_text(
                    &part.get_body().unwrap_or_default(),
                )))
            })
            .unwrap_or_default(),
    }
}

/// Drops control characters the timeline refuses (keeps line feeds and tabs).
fn sanitize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect::<String>()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern() -> ReplyPattern {
        ReplyPattern::new("voix+{token}@mairie.test").unwrap()
    }

    const TOKEN: &str = "abcdefghijklmnopqrstuvwxyz234567";

    #[test]
    fn reply_pattern_matches_local_parts_case_insensitively() {
        let p = pattern();
        assert_eq!(
            p.token_of(&format!("VOIX+{}@Mairie.TEST", TOKEN.to_uppercase())),
            Some(TOKEN.to_owned())
        );
        assert_eq!(
            p.token_of(&format!("voix+{TOKEN}@mairie-interne.local")),
            Some(TOKEN.to_owned())
        );
        assert_eq!(p.token_of("voix@mairie.test"), None);
        assert_eq!(p.token_of("voix+a.b@mairie.test"), None);
        assert_eq!(p.token_of("camille@example.fr"), None);
        let suffixed = ReplyPattern::new("r-{token}-voix@x.fr").unwrap();
        assert_eq!(
            suffixed.token_of(&format!("r-{TOKEN}-voix@x.fr")),
            Some(TOKEN.to_owned())
        );
        let catch_all = ReplyPattern::new("{token}@reponses.mairie.fr").unwrap();
        assert_eq!(
            catch_all.token_of(&format!("{TOKEN}@reponses.mairie.fr")),
            Some(TOKEN.to_owned())
        );
        assert_eq!(catch_all.token_of("camilledupont@example.fr"), None);
        assert_eq!(
            p.token_of("voix+abcdefghijklmnopqrstuvwxyz01@mairie.test"),
            None,
            "not base32"
        );
        assert!(ReplyPattern::new("voix@{token}.fr").is_none());
        assert!(ReplyPattern::new("voix+token@x.fr").is_none());
        assert!(ReplyPattern::new("voix+{token}").is_none());
    }

    #[test]
    fn message_id_tokens() {
        assert_eq!(
            token_of_message_id(&format!("voix.r.{TOKEN}.0123abcd@mairie.test")),
            Some(TOKEN.to_owned())
        );
        assert_eq!(
            token_of_message_id(&format!("<VOIX.R.{}.x@y>", TOKEN.to_uppercase())),
            Some(TOKEN.to_owned())
        );
        assert_eq!(token_of_message_id("other@x"), None);
        assert_eq!(token_of_message_id("voix.r.@x"), None);
    }

    fn message(headers: &str, body: &str) -> Vec<u8> {
        format!("{headers}\r\n\r\n{body}")
            .replace("\r\n", "\n")
            .replace('\n', "\r\n")
            .into_bytes()
    }

    #[test]
    fn a_plain_reply_is_analyzed() {
        let raw = message(
            &format!(
                "From: Camille <Camille@Example.fr>\nTo: Mairie <voix+{TOKEN}@mairie.test>\n\
                 Message-ID: <reply-1@example.fr>\nSubject: Re: demande\n\
                 Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable"
            ),
            "Toujours l=E0.\n\nLe 3 juin 2025 =E0 10:12, Mairie a =E9crit :\n> Bonjour\n",
        );
        let a = analyze(&raw, &pattern());
        assert_eq!(a.message_id, "<reply-1@example.fr>");
        assert_eq!(a.from.as_deref(), Some("camille@example.fr"));
        assert_eq!(a.token, Token::Found(TOKEN.to_owned()));
        assert_eq!(a.automatic, None);
        assert_eq!(a.text, "Toujours là.");
        assert!(!a.unreadable);
    }

    #[test]
    fn in_reply_to_and_references_carry_the_token() {
        let raw = message(
            &format!(
                "From: c@example.fr\nTo: voix@mairie.test\n\
                 In-Reply-To: <voix.r.{TOKEN}.1234@mairie.test>\nSubject: Re"
            ),
            "Oui.",
        );
        assert_eq!(
            analyze(&raw, &pattern()).token,
            Token::Found(TOKEN.to_owned())
        );
        let raw = message(
            &format!(
                "From: c@example.fr\nTo: voix@mairie.test\n\
                 References: <a@b> <voix.r.{TOKEN}.1234@mairie.test>\n <c@d>"
            ),
            "Oui.",
        );
        let a = analyze(&raw, &pattern());
        assert_eq!(a.token, Token::Found(TOKEN.to_owned()));
        assert!(a.message_id.starts_with("sha256:"), "{}", a.message_id);
        let raw = message(
            &format!(
                "From: c@example.fr\nTo: voix+{TOKEN}@mairie.test, voix+bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb@mairie.test"
            ),
            "Oui.",
        );
        assert_eq!(analyze(&raw, &pattern()).token, Token::Ambiguous);
        let raw = message("From: c@example.fr\nTo: voix@mairie.test", "Oui.");
        assert_eq!(analyze(&raw, &pattern()).token, Token::None);
    }

    #[test]
    fn automatic_messages_are_recognized() {
        for header in [
            "Auto-Submitted: auto-replied",
            "Auto-Submitted: auto-generated; type=vacation",
            "Precedence: bulk",
            "Precedence: list",
            "X-Autoreply: yes",
            "X-Autorespond: vacation",
            "Return-Path: <>",
        ] {
            let raw = message(
                &format!("From: c@example.fr\nTo: voix+{TOKEN}@mairie.test\n{header}"),
                "Je suis absente.",
            );
            assert!(analyze(&raw, &pattern()).automatic.is_some(), "{header}");
        }
        let raw = message(
            "From: c@example.fr\nAuto-Submitted: no\nReturn-Path: <c@example.fr>",
            "x",
        );
        assert!(analyze(&raw, &pattern()).automatic.is_none());
        let raw = message(
            "From: MAILER-DAEMON@x\nContent-Type: multipart/report; report-type=delivery-status; boundary=b",
            "--b\nContent-Type: text/plain\n\nfailed\n--b--\n",
        );
        assert_eq!(analyze(&raw, &pattern()).automatic, Some("delivery-report"));
    }

    #[test]
    fn html_only_and_multipart_bodies() {
        let raw = message(
            "From: c@example.fr\nContent-Type: multipart/mixed; boundary=o",
            "--o\nContent-Type: multipart/alternative; boundary=i\n\n\
             --i\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n\
             PGRpdj5Ub3Vqb3VycyBsJmFncmF2ZTsuPC9kaXY+PGJsb2NrcXVvdGU+Y2l0YXRpb248L2Jsb2NrcXVvdGU+\n\
             --i--\n--o\nContent-Type: text/plain; name=notes.txt\nContent-Disposition: attachment; filename=notes.txt\n\n\
             pièce jointe\n--o--\n",
        );
        assert_eq!(analyze(&raw, &pattern()).text, "Toujours là.");
        let raw = message(
            "From: c@example.fr\nContent-Type: text/plain; format=flowed; delsp=yes",
            "Un long \nparagraphe.\n",
        );
        assert_eq!(analyze(&raw, &pattern()).text, "Un longparagraphe.");
        // An empty plain-text alternative does not hide the HTML one.
        let raw = message(
            "From: c@example.fr\nContent-Type: multipart/alternative; boundary=a",
            "--a\nContent-Type: text/plain\n\n\n--a\nContent-Type: text/html\n\n<p>Oui</p>\n--a--\n",
        );
        assert_eq!(analyze(&raw, &pattern()).text, "Oui");
    }

    #[test]
    fn garbage_never_panics() {
        let p = pattern();
        for raw in [
            &b""[..],
            b"\xff\xfe\x00garbage",
            b"From: <<<\r\nTo: ,,,@\r\nMessage-ID: \r\n\r\n",
            b"Content-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\n--\r\n",
            b"Content-Type: text/plain; charset=x-unknown\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!",
        ] {
            let a = analyze(raw, &p);
            assert!(a.from.is_none());
            assert!(!a.message_id.is_empty());
        }
        // Deep nesting is not parsed at all.
        let mut deep = String::new();
        for i in 0..200 {
            deep.push_str(&format!(
                "Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n"
            ));
        }
        let a = analyze(deep.as_bytes(), &p);
        assert!(a.unreadable);
        assert!(a.text.is_empty());
    }

    #[test]
    fn control_characters_are_removed() {
        let raw = message("From: c@example.fr", "a\u{1}b\u{7f}c\td");
        assert_eq!(analyze(&raw, &pattern()).text, "abc\td");
    }
}
