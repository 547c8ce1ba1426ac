//! The resident's own words out of an email reply: HTML turned into text, `format=flowed`
//! undone, then the quoted message, the attribution line, forwarded-header blocks and
//! signatures cut off. Pure functions, so every reply shape is unit-tested.

/// Keeps what the resident wrote above (or between) the quoted text.
///
/// Removed: lines starting with `>`; everything from the first attribution line (`Le … a écrit :`,
/// `On … wrote:`, possibly wrapped over three lines), separator (`-----Original Message-----`,
/// `________________________________`, `Begin forwarded message:`…), Outlook header block
/// (`De : … / Envoyé : … / À : … / Objet : …`), signature delimiter (`-- `) or mobile
/// signature (`Envoyé de mon iPhone`, `Sent from my …`). Blank-line runs are collapsed.
pub fn trim_reply(text: &str) -> String {
    let text = text
        .trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let mut kept: Vec<&str> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let norm = normalize(line);
        if is_signature_delimiter(line)
            || is_separator(&norm)
            || is_mobile_signature(&norm)
            || is_attribution(&lines[i..])
            || is_header_block(&lines[i..])
        {
            break;
        }
        if norm.starts_with('>') {
            continue;
        }
        kept.push(line.trim_end());
    }
    tidy(&kept)
}

/// Collapses runs of blank lines and trims the whole text.
fn tidy(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in lines {
        if line.trim().is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out.trim().to_owned()
}

/// A line for matching: no-break spaces as spaces, trimmed.
fn normalize(line: &str) -> String {
    line.replace(['\u{a0}', '\u{202f}', '\u{2007}'], " ")
        .trim()
        .to_owned()
}

fn is_signature_delimiter(line: &str) -> bool {
    line == "-- " || line.trim_end() == "--"
}

/// Separators mail clients put above a quoted or forwarded message.
fn is_separator(norm: &str) -> bool {
    if norm.chars().count() >= 10 && norm.chars().all(|c| c == '_') {
        return true;
    }
    let lower = norm.to_lowercase().replace('’', "'");
    let inner = lower.trim_matches(|c: char| c == '-' || c == ' ');
    let dashed = lower.starts_with("--") && lower.ends_with("--");
    const DASHED: [&str; 9] = [
        "original message",
        "message d'origine",
        "message original",
        "mail original",
        "courriel original",
        "message transféré",
        "e-mail transféré",
        "forwarded message",
        "message d'origine supprimé",
    ];
    if dashed && DASHED.contains(&inner) {
        return true;
    }
    const INTRODUCERS: [&str; 4] = [
        "begin forwarded message:",
        "début du message réexpédié :",
        "début du message transféré :",
        "début du message réexpédié:",
    ];
    INTRODUCERS.contains(&lower.as_str())
}

/// Footers phones and webmails append to a reply.
fn is_mobile_signature(norm: &str) -> bool {
    if norm.is_empty() || norm.chars().count() > 80 {
        return false;
    }
    let lower = norm.to_lowercase();
    const PREFIXES: [&str; 12] = [
        "envoyé de mon ",
        "envoye de mon ",
        "envoyé depuis mon ",
        "envoyé à partir de ",
        "envoyé de yahoo mail",
        "envoyé de l'application ",
        "sent from my ",
        "sent from yahoo mail",
        "sent from outlook",
        "sent from mail for windows",
        "get outlook for ",
        "obtenir outlook pour ",
    ];
    PREFIXES.iter().any(|p| lower.starts_with(p)) || lower.starts_with("télécharger outlook pour ")
}

/// `Le mar. 3 juin 2025 à 10:12, Mairie <voix+…@…> a écrit :` or `On …, … wrote:`, which
/// clients wrap over up to three lines.
fn is_attribution(lines: &[&str]) -> bool {
    let first = normalize(lines[0]).to_lowercase();
    const OPENERS: [&str; 5] = ["le ", "on ", "am ", "el ", "il "];
    if !OPENERS.iter().any(|o| first.starts_with(o)) {
        return false;
    }
    let mut joined = String::new();
    for line in lines.iter().take(3) {
        let part = normalize(line).to_lowercase();
        // A wrapped attribution breaks mid-phrase, never after a sentence.
        if part.is_empty() || joined.ends_with(['.', '!', '?']) {
            return false;
        }
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(&part);
        if joined.chars().count() > 400 {
            return false;
        }
        if joined.ends_with(':')
            && joined.chars().any(|c| c.is_ascii_digit())
            && [
                "a écrit",
                "a ecrit",
                "wrote",
                "schrieb",
                "escribió",
                "ha scritto",
            ]
            .iter()
            .any(|w| joined.contains(w))
        {
            return true;
        }
    }
    false
}

/// The header name of a `Name : value` line, lowercased, without Outlook's bold stars.
fn header_key(line: &str) -> Option<String> {
    let norm = normalize(line);
    let norm = norm.trim_start_matches('*');
    let (key, _) = norm.split_once(':')?;
    let key = key.trim().trim_end_matches('*').trim();
    (!key.is_empty() && key.chars().count() <= 12).then(|| key.to_lowercase())
}

/// Outlook's header block above a quoted message: `De : …` (or `From: …`) followed within a
/// few lines by `Envoyé :`, `Date :`, `À :`, `Objet :`…
fn is_header_block(lines: &[&str]) -> bool {
    if !matches!(header_key(lines[0]).as_deref(), Some("de" | "from")) {
        return false;
    }
    lines.iter().skip(1).take(5).any(|l| {
        matches!(
            header_key(l).as_deref(),
            Some(
                "envoyé"
                    | "envoye"
                    | "sent"
                    | "date"
                    | "à"
                    | "a"
                    | "to"
                    | "pour"
                    | "objet"
                    | "subject"
                    | "cc"
            )
        )
    })
}

/// Undoes `format=flowed` (RFC 3676): soft line breaks (a trailing space) are joined, space
/// stuffing is removed; with `delsp=yes` the trailing space itself is removed.
pub fn unflow(text: &str, delsp: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut current: Option<(usize, String)> = None;
    let flush = |out: &mut String, current: &mut Option<(usize, String)>| {
        if let Some((depth, line)) = current.take() {
            if depth > 0 {
                out.push_str(&">".repeat(depth));
                out.push(' ');
            }
            out.push_str(&line);
            out.push('\n');
        }
    };
    let body = text.strip_suffix('\n').unwrap_or(text);
    for raw in body.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let depth = line.chars().take_while(|c| *c == '>').count();
        let mut content = &line[depth..];
        if let Some(rest) = content.strip_prefix(' ') {
            content = rest;
        }
        let soft = content.ends_with(' ') && content != "-- ";
        let piece = if soft && delsp {
            &content[..content.len() - 1]
        } else {
            content
        };
        match &mut current {
            Some((d, s)) if *d == depth => s.push_str(piece),
            _ => {
                flush(&mut out, &mut current);
                current = Some((depth, piece.to_owned()));
            }
        }
        if !soft {
            flush(&mut out, &mut current);
        }
    }
    flush(&mut out, &mut current);
    if !text.ends_with('\n') && out.ends_with('\n') {
        out.pop();
    }
    out
}

/// Plain text of an HTML email body. Block elements end lines, `<br>` too; `<blockquote>`
/// contents come out prefixed with `> ` (so that [`trim_reply`] drops them); `<head>`,
/// `<style>`, `<script>` and comments are skipped; entities are decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = HtmlText::default();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.text(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let Some((tag, after)) = parse_tag(rest) else {
            // A lone `<`: text.
            out.text("<");
            rest = &rest[1..];
            continue;
        };
        rest = after;
        if !tag.closing && matches!(tag.name.as_str(), "head" | "style" | "script" | "title") {
            rest = skip_element(rest, &tag.name);
            continue;
        }
        out.tag(&tag);
    }
    out.text(rest);
    out.finish()
}

#[derive(Debug)]
struct Tag {
    name: String,
    closing: bool,
}

/// Reads `<name …>` / `</name>` at the start of `s` (attribute values may hold `>` inside
/// quotes). Returns the tag and the text after it.
fn parse_tag(s: &str) -> Option<(Tag, &str)> {
    let body = &s[1..];
    let (closing, body) = match body.strip_prefix('/') {
        Some(b) => (true, b),
        None => (false, body),
    };
    let name: String = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == ':' || *c == '-')
        .collect();
    if name.is_empty() && !body.starts_with('!') && !body.starts_with('?') {
        return None;
    }
    let mut quote: Option<char> = None;
    for (i, c) in body.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => {
                return Some((
                    Tag {
                        name: name.to_ascii_lowercase(),
                        closing,
                    },
                    &body[i + 1..],
                ));
            }
            (None, _) => {}
        }
    }
    // Unterminated tag: drop the rest.
    Some((
        Tag {
            name: name.to_ascii_lowercase(),
            closing,
        },
        "",
    ))
}

/// Skips to just after `</name>` (case-insensitive), or to the end.
fn skip_element<'a>(s: &'a str, name: &str) -> &'a str {
    let lower = s.to_ascii_lowercase();
    let needle = format!("</{name}");
    match lower.find(&needle) {
        Some(i) => {
            let after = &s[i..];
            after.find('>').map_or("", |gt| &after[gt + 1..])
        }
        None => "",
    }
}

#[derive(Debug, Default)]
struct HtmlText {
    lines: Vec<String>,
    current: String,
    quote: usize,
    pre: usize,
}

impl HtmlText {
    fn text(&mut self, raw: &str) {
        let decoded = decode_entities(raw);
        if self.pre > 0 {
            let mut parts = decoded.split('\n');
            if let Some(first) = parts.next() {
                self.current.push_str(first);
            }
            for part in parts {
                self.flush(true);
                self.current.push_str(part);
            }
            return;
        }
        for c in decoded.chars() {
            if c.is_whitespace() && c != '\u{a0}' {
                self.space();
            } else if c == '\u{a0}' {
                self.current.push(' ');
            } else {
                self.current.push(c);
            }
        }
    }

    /// One space between words, never at the start of a line.
    fn space(&mut self) {
        if !self.current.is_empty() && !self.current.ends_with(' ') {
            self.current.push(' ');
        }
    }

    /// Ends the current line; `force` also records an empty one (`<br>`).
    fn flush(&mut self, force: bool) {
        if self.current.is_empty() && !force {
            return;
        }
        let line = std::mem::take(&mut self.current);
        let line = if self.pre > 0 {
            line.trim_end()
        } else {
            line.trim()
        };
        let prefix = "> ".repeat(self.quote);
        self.lines.push(format!("{prefix}{line}"));
    }

    fn tag(&mut self, tag: &Tag) {
        match tag.name.as_str() {
            "br" => self.flush(true),
            "blockquote" => {
                self.flush(false);
                if tag.closing {
                    self.quote = self.quote.saturating_sub(1);
                } else {
                    self.quote += 1;
                }
            }
            "pre" => {
                self.flush(false);
                if tag.closing {
                    self.pre = self.pre.saturating_sub(1);
                } else {
                    self.pre += 1;
                }
            }
            "p" | "div" | "tr" | "li" | "ul" | "ol" | "table" | "h1" | "h2" | "h3" | "h4"
            | "h5" | "h6" | "hr" | "section" | "article" | "header" | "footer" | "address"
            | "dd" | "dt" | "center" => self.flush(false),
            // Cells of a row stay on one line.
            "td" | "th" => self.space(),
            _ => {}
        }
    }

    fn finish(mut self) -> String {
        self.flush(false);
        let lines: Vec<&str> = self.lines.iter().map(|l| l.trim_end()).collect();
        tidy(&lines)
    }
}

/// Decodes `&name;`, `&#NNN;` and `&#xHH;` (the named entities mail clients actually emit).
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| entity(&rest[1..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "eacute" => 'é',
        "Eacute" => 'É',
        "egrave" => 'è',
        "Egrave" => 'È',
        "ecirc" => 'ê',
        "Ecirc" => 'Ê',
        "euml" => 'ë',
        "agrave" => 'à',
        "Agrave" => 'À',
        "acirc" => 'â',
        "Acirc" => 'Â',
        "auml" => 'ä',
        "ccedil" => 'ç',
        "Ccedil" => 'Ç',
        "icirc" => 'î',
        "Icirc" => 'Î',
        "iuml" => 'ï',
        "ocirc" => 'ô',
        "Ocirc" => 'Ô',
        "ouml" => 'ö',
        "ucirc" => 'û',
        "ugrave" => 'ù',
        "uuml" => 'ü',
        "oelig" => 'œ',
        "OElig" => 'Œ',
        "aelig" => 'æ',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "ndash" => '–',
        "mdash" => '—',
        "euro" => '€',
        "copy" => '©',
        "reg" => '®',
        "deg" => '°',
        "middot" => '·',
        "bull" => '•',
        "shy" => '\u{ad}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gmail_french_reply() {
        let text = "Merci, le trou est toujours là ce matin.\n\
                    Il s'agrandit.\n\n\
                    Le mar. 3 juin 2025 à 10:12, Mairie de Testville <\n\
                    voix+abc@mairie.test> a écrit :\n\n\
                    > Bonjour Camille,\n\
                    > Votre demande 2025-000001 a bien été enregistrée.\n";
        assert_eq!(
            trim_reply(text),
            "Merci, le trou est toujours là ce matin.\nIl s'agrandit."
        );
    }

    #[test]
    fn gmail_english_reply_on_one_line() {
        let text = "Still broken.\r\n\r\nOn Tue, Jun 3, 2025 at 10:12 AM Town <voix+abc@town.test> wrote:\r\n> Hello\r\n";
        assert_eq!(trim_reply(text), "Still broken.");
    }

    #[test]
    fn outlook_french_reply_with_separator_and_header_block() {
        let text = "Bonjour,\n\nLe lampadaire clignote encore.\n\nCamille\n\n\
                    ________________________________\n\
                    De : Mairie de Testville <voix+abc@mairie.test>\n\
                    Envoyé : mardi 3 juin 2025 10:12\n\
                    À : Camille Martin <camille@example.fr>\n\
                    Objet : Votre demande 2025-000001\n\n\
                    Bonjour Camille,\n";
        assert_eq!(
            trim_reply(text),
            "Bonjour,\n\nLe lampadaire clignote encore.\n\nCamille"
        );
    }

    #[test]
    fn outlook_desktop_header_block_without_separator() {
        let text = "C'est réparé, merci !\n\n\
                    De\u{a0}: Mairie [mailto:voix+abc@mairie.test]\n\
                    Envoyé\u{a0}: mardi 3 juin 2025 10:12\n\
                    À\u{a0}: Camille\n\
                    Objet\u{a0}: Votre demande\n";
        assert_eq!(trim_reply(text), "C'est réparé, merci !");
        let text = "Fixed, thanks.\n\n-----Original Message-----\nFrom: Town\nSent: Tuesday\n";
        assert_eq!(trim_reply(text), "Fixed, thanks.");
        let text = "Ok.\n\n-----Message d'origine-----\nDe : Mairie\n";
        assert_eq!(trim_reply(text), "Ok.");
    }

    #[test]
    fn a_sentence_starting_with_de_is_kept() {
        let text = "De : mon point de vue, c'est dangereux.\nMerci de passer.";
        assert_eq!(trim_reply(text), text);
    }

    #[test]
    fn thunderbird_and_apple_mail_replies() {
        let thunderbird = "Il y a aussi un deuxième trou.\n\n\
                           Le 03/06/2025 à 10:12, Mairie de Testville a écrit\u{a0}:\n\
                           > Bonjour,\n";
        assert_eq!(trim_reply(thunderbird), "Il y a aussi un deuxième trou.");
        let apple = "Parfait, merci.\n\nEnvoyé de mon iPhone\n\n\
                     > Le 3 juin 2025 à 10:12, Mairie <voix+abc@mairie.test> a écrit :\n\
                     > \n> Bonjour\n";
        assert_eq!(trim_reply(apple), "Parfait, merci.");
        let apple_no_sig = "Parfait.\n\n\
                            Le 3 juin 2025 à 10:12, Mairie <voix+abc@mairie.test> a écrit :\n\n\
                            > Bonjour\n";
        assert_eq!(trim_reply(apple_no_sig), "Parfait.");
    }

    #[test]
    fn signatures_are_removed() {
        let text = "Merci pour votre réponse.\n\n-- \nCamille Martin\n06 12 34 56 78\n";
        assert_eq!(trim_reply(text), "Merci pour votre réponse.");
        let text = "Merci.\n\nSent from my Galaxy\n";
        assert_eq!(trim_reply(text), "Merci.");
        let text = "Merci.\n\nEnvoyé de mon smartphone Samsung Galaxy.\n";
        assert_eq!(trim_reply(text), "Merci.");
        let text = "Merci.\n\nObtenir Outlook pour Android\n";
        assert_eq!(trim_reply(text), "Merci.");
    }

    #[test]
    fn inline_quotes_are_dropped_and_answers_kept() {
        let text =
            "> Pouvez-vous préciser l'adresse ?\n12 rue des Lilas.\n> Depuis quand ?\nLundi.\n";
        assert_eq!(trim_reply(text), "12 rue des Lilas.\nLundi.");
    }

    #[test]
    fn only_quoted_text_gives_an_empty_reply() {
        assert_eq!(trim_reply("\n\nLe 3 juin 2025, X a écrit :\n> a\n"), "");
        assert_eq!(trim_reply("> a\n> b\n"), "");
        assert_eq!(trim_reply("-- \nsig"), "");
        assert_eq!(trim_reply(""), "");
    }

    #[test]
    fn a_sentence_starting_with_le_is_kept() {
        let text = "Le trou fait 30 cm.\nLe voisin a écrit à la mairie aussi.";
        assert_eq!(trim_reply(text), text);
        let text = "Le voisin a écrit le 2 juin.\nVoici sa lettre :\nBonjour.";
        assert_eq!(trim_reply(text), text);
        let text = "Le maire a écrit :\nrien.";
        assert_eq!(trim_reply(text), text);
    }

    #[test]
    fn html_only_gmail_reply() {
        let html = "<html><head><style>p{color:red}</style></head><body>\
            <div dir=\"ltr\">Le trou est toujours l&agrave;.<div><br></div><div>Merci &amp; bonne journée</div></div>\
            <br><div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">Le mar. 3 juin 2025 à 10:12, Mairie &lt;<a href=\"mailto:voix+abc@mairie.test\">voix+abc@mairie.test</a>&gt; a écrit&nbsp;:<br></div>\
            <blockquote class=\"gmail_quote\" style=\"margin:0px\"><p>Bonjour Camille,</p><p>Votre demande…</p></blockquote></div></body></html>";
        let text = html_to_text(html);
        assert!(text.contains("> Bonjour Camille,"), "{text}");
        assert_eq!(
            trim_reply(&text),
            "Le trou est toujours là.\n\nMerci & bonne journée"
        );
    }

    #[test]
    fn html_only_outlook_reply() {
        let html = "<html><body><div class=WordSection1>\
            <p class=MsoNormal>Bonjour,<o:p></o:p></p>\
            <p class=MsoNormal><o:p>&nbsp;</o:p></p>\
            <p class=MsoNormal>Le panneau est tomb&eacute;.<o:p></o:p></p>\
            <div style='border:none;border-top:solid #E1E1E1 1.0pt'>\
            <p class=MsoNormal><b>De&nbsp;:</b> Mairie &lt;voix+abc@mairie.test&gt;<br>\
            <b>Envoy&eacute;&nbsp;:</b> mardi 3 juin 2025 10:12<br><b>&Agrave;&nbsp;:</b> Camille<br>\
            <b>Objet&nbsp;:</b> Votre demande</p></div>\
            <p class=MsoNormal>Bonjour Camille, votre demande…</p></div></body></html>";
        assert_eq!(
            trim_reply(&html_to_text(html)),
            "Bonjour,\n\nLe panneau est tombé."
        );
    }

    #[test]
    fn html_edge_cases() {
        assert_eq!(
            html_to_text("a < b &unknown; &#233;&#xE9;"),
            "a < b &unknown; éé"
        );
        assert_eq!(
            html_to_text("<script>alert('<b>')</script><p title=\"a>b\">x</p><!-- c -->y"),
            "x\ny"
        );
        assert_eq!(html_to_text("<pre>a\n  b</pre>"), "a\n  b");
        assert_eq!(html_to_text("<p>unterminated <b"), "unterminated");
        assert_eq!(html_to_text("&#0;&#xD800;x"), "&#0;&#xD800;x");
    }

    #[test]
    fn flowed_text_is_joined() {
        let flowed = "Le trou est toujours \r\nlà ce matin.\r\n> cit \r\n> ation\r\n-- \r\nsig";
        assert_eq!(
            unflow(flowed, false),
            "Le trou est toujours là ce matin.\n> cit ation\n-- \nsig"
        );
        assert_eq!(unflow("ab \r\ncd\r\n", true), "abcd\n");
        assert_eq!(unflow(" >stuffed\n", false), ">stuffed\n");
    }
}
