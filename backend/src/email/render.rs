//! Renders [`EmailContent`] into the text and HTML parts of a message with askama templates
//! (`backend/templates/email/`), branded with the town's name and colour.

use askama::Template;
use protocol::api::Language;

use super::messages::EmailContent;

#[derive(Template)]
#[template(path = "email/message.html")]
struct HtmlMessage<'a> {
    lang: &'a str,
    town: &'a str,
    color: &'a str,
    content: &'a EmailContent,
}

#[derive(Template)]
#[template(path = "email/message.txt")]
struct TextMessage<'a> {
    town: &'a str,
    content: &'a EmailContent,
}

/// The rendered parts of one email.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub fn render(
    content: &EmailContent,
    lang: Language,
    town: &str,
    color: &str,
) -> Result<Rendered, askama::Error> {
    let html = HtmlMessage {
        lang: lang.as_str(),
        town,
        color,
        content,
    }
    .render()?;
    let text = TextMessage { town, content }.render()?;
    Ok(Rendered {
        subject: content.subject.clone(),
        text,
        html,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::email::messages;

    #[test]
    fn both_parts_carry_the_link_and_html_is_escaped() {
        let content = messages::verify_email(
            Language::Fr,
            "Saint-<Denis>",
            "Léa",
            "https://v.example/verify-email?token=abc",
        );
        let r = render(&content, Language::Fr, "Saint-<Denis>", "#1d4e89").unwrap();
        assert!(r.text.contains("https://v.example/verify-email?token=abc"));
        assert!(
            r.html
                .contains("href=\"https://v.example/verify-email?token=abc\"")
        );
        assert!(r.html.contains("Saint-&#60;Denis&#62;") || r.html.contains("Saint-&lt;Denis&gt;"));
        assert!(r.text.contains("Bonjour Léa,"));
        assert!(r.html.contains("lang=\"fr\""));
    }
}
