//! Uploaded voter lists (eligibility `list`): decoding, parsing and validation. Pure functions.
//!
//! A voter list is a CSV file of `email;weight` rows (`,` also accepted, detected from the
//! first line); the weight is optional (1 when empty or absent). A first line naming the
//! columns (`email`/`courriel`…, `poids`/`weight`) is skipped. Decoding and the delimiter are
//! [`crate::csv_import`]'s, shared with the census. [`parse`] returns every row or every
//! problem: the caller stores all or nothing.

use std::collections::HashMap;

use protocol::api::Language;
use protocol::consultations::limits::{MAX_WEIGHT, VOTER_LIST_MAX_ROWS};

use crate::csv_import::{self, CsvText, ImportColumn, ImportReason};
use crate::domain::EmailAddress;

pub use crate::csv_import::MAX_REPORTED;

pub use crate::repo::consultations::VoterRow;

/// The column a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Email,
    Weight,
}

impl ImportColumn for Column {
    fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Weight => "weight",
        }
    }
}

/// Why a row (or the file) was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    EmptyFile,
    Malformed,
    WrongFieldCount(usize),
    InvalidEmail,
    InvalidWeight,
    DuplicateEmail { first_line: u64 },
    TooManyRows,
    MoreProblems(usize),
}

impl ImportReason for Reason {
    /// The stable code sent to clients.
    fn code(&self) -> &'static str {
        match self {
            Self::EmptyFile => "empty_file",
            Self::Malformed => "malformed",
            Self::WrongFieldCount(_) => "wrong_field_count",
            Self::InvalidEmail => "invalid_email",
            Self::InvalidWeight => "invalid_weight",
            Self::DuplicateEmail { .. } => "duplicate_email",
            Self::TooManyRows => "too_many_rows",
            Self::MoreProblems(_) => "more_problems",
        }
    }

    /// A human explanation in `lang`.
    fn message(&self, lang: Language) -> String {
        use Language::{En, Fr};
        match (self, lang) {
            (Self::EmptyFile, Fr) => "Le fichier ne contient aucune adresse.".into(),
            (Self::EmptyFile, En) => "The file contains no address.".into(),
            (Self::Malformed, Fr) => {
                "Ligne illisible (guillemets mal fermés ou caractère de contrôle ?).".into()
            }
            (Self::Malformed, En) => {
                "Unreadable line (unbalanced quotes or a control character?).".into()
            }
            (Self::WrongFieldCount(found), Fr) => {
                format!("La ligne a {found} valeurs : attendu une adresse et, au besoin, un poids.")
            }
            (Self::WrongFieldCount(found), En) => {
                format!("The line has {found} values: expected an address and optionally a weight.")
            }
            (Self::InvalidEmail, Fr) => "Adresse électronique invalide.".into(),
            (Self::InvalidEmail, En) => "Invalid email address.".into(),
            (Self::InvalidWeight, Fr) => {
                format!("Poids invalide : un nombre entier de 1 à {MAX_WEIGHT}.")
            }
            (Self::InvalidWeight, En) => {
                format!("Invalid weight: a whole number from 1 to {MAX_WEIGHT}.")
            }
            (Self::DuplicateEmail { first_line }, Fr) => {
                format!("Adresse en double : déjà présente ligne {first_line}.")
            }
            (Self::DuplicateEmail { first_line }, En) => {
                format!("Duplicate address: already on line {first_line}.")
            }
            (Self::TooManyRows, Fr) => {
                format!("Le fichier dépasse {VOTER_LIST_MAX_ROWS} lignes.")
            }
            (Self::TooManyRows, En) => {
                format!("The file has more than {VOTER_LIST_MAX_ROWS} rows.")
            }
            (Self::MoreProblems(n), Fr) => format!("… et {n} autres erreurs."),
            (Self::MoreProblems(n), En) => format!("… and {n} more problems."),
        }
    }
}

/// One refused row.
pub type Rejection = csv_import::Rejection<Column, Reason>;

fn reject(line: u64, column: Option<Column>, reason: Reason) -> Rejection {
    Rejection::new(line, column, reason)
}

/// Whether the first row names the columns rather than holding a voter.
fn is_header(first_cell: &str) -> bool {
    let key = crate::census::normalize_name(first_cell).replace([' ', '-'], "_");
    matches!(
        key.as_str(),
        "email"
            | "e_mail"
            | "mail"
            | "courriel"
            | "adresse"
            | "adresse_email"
            | "adresse_electronique"
            | "adresse_mail"
            | "address"
            | "email_address"
    )
}

/// Parses and validates a whole voter list. `Ok` only when every row is valid.
pub fn parse(bytes: &[u8]) -> Result<Vec<VoterRow>, Vec<Rejection>> {
    let text = CsvText::new(bytes);
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut first = true;
    for record in text.records() {
        let (line, record) = match record {
            Ok(r) => r,
            Err(line) => {
                problems.push(reject(line, None, Reason::Malformed));
                continue;
            }
        };
        if csv_import::is_blank(&record) {
            continue;
        }
        if std::mem::take(&mut first) && is_header(record.get(0).unwrap_or("")) {
            continue;
        }
        if rows.len() + problems.len() >= VOTER_LIST_MAX_ROWS {
            return Err(vec![reject(0, None, Reason::TooManyRows)]);
        }
        // A trailing empty cell (`a@b.fr;`) is an absent weight, not a third column.
        let fields: Vec<&str> = record.iter().map(str::trim).collect();
        let used = fields
            .iter()
            .rposition(|f| !f.is_empty())
            .map_or(0, |i| i + 1);
        if used > 2 {
            problems.push(reject(line, None, Reason::WrongFieldCount(used)));
            continue;
        }
        let email_raw = fields.first().copied().unwrap_or("");
        let weight_raw = fields.get(1).copied().unwrap_or("");
        if email_raw
            .chars()
            .chain(weight_raw.chars())
            .any(char::is_control)
        {
            problems.push(reject(line, None, Reason::Malformed));
            continue;
        }
        let mut row_ok = true;
        let email = match EmailAddress::parse(email_raw) {
            Ok(e) => Some(e.as_str().to_owned()),
            Err(_) => {
                problems.push(reject(line, Some(Column::Email), Reason::InvalidEmail));
                row_ok = false;
                None
            }
        };
        let weight = if weight_raw.is_empty() {
            1
        } else {
            match weight_raw.parse::<u64>() {
                Ok(w) if (1..=MAX_WEIGHT).contains(&w) => w,
                _ => {
                    problems.push(reject(line, Some(Column::Weight), Reason::InvalidWeight));
                    row_ok = false;
                    0
                }
            }
        };
        if let Some(email) = email {
            if let Some(&first_line) = seen.get(&email) {
                problems.push(reject(
                    line,
                    Some(Column::Email),
                    Reason::DuplicateEmail { first_line },
                ));
                row_ok = false;
            } else {
                seen.insert(email.clone(), line);
            }
            if row_ok {
                rows.push(VoterRow {
                    line,
                    email,
                    weight,
                });
            }
        }
    }
    if !problems.is_empty() {
        csv_import::summarise(&mut problems, Reason::MoreProblems);
        return Err(problems);
    }
    if rows.is_empty() {
        return Err(vec![reject(1, None, Reason::EmptyFile)]);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_list_with_bom_header_and_optional_weights() {
        let file =
            "\u{feff}courriel;poids\r\nA@Exemple.fr;3\r\nb@exemple.fr;\r\nc@exemple.fr\r\n;\r\n";
        let rows = parse(file.as_bytes()).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].email, "a@exemple.fr");
        assert_eq!(rows[0].weight, 3);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[1].weight, 1);
        assert_eq!(rows[2].weight, 1);
    }

    #[test]
    fn comma_separated_without_header() {
        let rows = parse(b"a@exemple.fr,2\nb@exemple.fr,1\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].weight, 2);
    }

    #[test]
    fn reports_every_faulty_row() {
        let file = "email;weight\nok@exemple.fr;1\npas-une-adresse;1\nx@exemple.fr;0\nOK@exemple.fr;2\ny@exemple.fr;1;extra\n";
        let problems = parse(file.as_bytes()).unwrap_err();
        let codes: Vec<(u64, &str)> = problems.iter().map(|p| (p.line, p.reason.code())).collect();
        assert_eq!(
            codes,
            vec![
                (3, "invalid_email"),
                (4, "invalid_weight"),
                (5, "duplicate_email"),
                (6, "wrong_field_count"),
            ]
        );
        assert_eq!(
            problems[2].reason.message(Language::En),
            "Duplicate address: already on line 2."
        );
    }

    #[test]
    fn an_empty_file_is_refused() {
        assert_eq!(parse(b"").unwrap_err()[0].reason, Reason::EmptyFile);
        assert_eq!(
            parse(b"email;poids\n").unwrap_err()[0].reason,
            Reason::EmptyFile
        );
    }
}
