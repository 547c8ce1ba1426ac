//! The text the staff queue's free-text filter (`q`) searches.
//!
//! Each request stores `search_text`: its number, description and address folded once, at
//! filing, to lower case without diacritics ("Éclairage" → "eclairage"). A search folds its
//! words the same way and matches them as substrings of that one column. Folding in Rust keeps
//! SQLite and PostgreSQL in step (SQLite's `lower()` only knows ASCII, PostgreSQL's depends on
//! the locale) and makes the filter cheap: no function runs per row at query time, and on
//! PostgreSQL a trigram index (`pg_trgm`) serves it.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower case, without diacritics, ligatures spelled out, whitespace collapsed to one space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            // Typographic apostrophes match the one on keyboards ("l’église" = "l'église").
            '\u{2019}' | '\u{2018}' => out.push('\''),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The `search_text` of a request.
pub fn search_text(number: &str, description: &str, address: Option<&str>) -> String {
    fold(&format!("{number} {description} {}", address.unwrap_or("")))
}

/// The words of a query, folded, at most `max` of them.
pub fn words(query: &str, max: usize) -> Vec<String> {
    fold(query)
        .split(' ')
        .filter(|w| !w.is_empty())
        .take(max)
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_ligatures() {
        assert_eq!(
            fold("  Éclairage   PUBLIC\tcassé "),
            "eclairage public casse"
        );
        assert_eq!(fold("Cœur de l’Île"), "coeur de l'ile");
        assert_eq!(fold("ÇA"), "ca");
    }

    #[test]
    fn search_text_joins_number_description_and_address() {
        assert_eq!(
            search_text(
                "2026-000123",
                "Lampadaire éteint",
                Some("12 rue de l'Église")
            ),
            "2026-000123 lampadaire eteint 12 rue de l'eglise"
        );
        assert_eq!(search_text("2026-000001", "Nid", None), "2026-000001 nid");
    }

    #[test]
    fn words_are_folded_and_capped() {
        assert_eq!(words(" Rue  de l'ÉGLISE ", 2), vec!["rue", "de"]);
        assert!(words("   ", 5).is_empty());
    }
}
