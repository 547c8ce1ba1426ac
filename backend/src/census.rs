//! Census files: decoding, parsing and validation, and the name normalization used to match a
//! resident's details against the census. Pure functions, no I/O.
//!
//! A census file is a CSV with a header line naming its columns (French or English aliases,
//! case and accents ignored): `nom`/`last_name`, `prenom`/`first_name`,
//! `date_naissance`/`birth_date`, `reference`, `adresse`/`address`, `quartier`/`district`.
//! Every row needs a birth date or a reference (or both). Decoding and the delimiter are
//! [`crate::csv_import`]'s, shared with voter lists.
//!
//! [`parse`] either returns every row or every problem: the caller imports all or nothing.

use std::collections::HashMap;

use protocol::api::Language;

pub use crate::csv_import::MAX_REPORTED;
use crate::csv_import::{self, CsvText, ImportColumn, ImportReason};

/// At most this many data rows in one file.
pub const MAX_ROWS: usize = 100_000;

/// One valid census row, normalized for storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CensusRow {
    pub line: u64,
    pub reference: Option<String>,
    /// [`normalize_name`]d.
    pub last_name: String,
    pub first_name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    pub address: String,
    pub district: String,
}

/// The canonical columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    LastName,
    FirstName,
    BirthDate,
    Reference,
    Address,
    District,
}

impl Column {
    pub const ALL: [Column; 6] = [
        Column::LastName,
        Column::FirstName,
        Column::BirthDate,
        Column::Reference,
        Column::Address,
        Column::District,
    ];

    /// The column a header cell names, if any.
    fn from_header(cell: &str) -> Option<Self> {
        let key: String = normalize_name(cell).replace(' ', "_");
        Some(match key.as_str() {
            "nom" | "nom_de_famille" | "nom_naissance" | "last_name" | "lastname" | "surname"
            | "family_name" | "name" => Self::LastName,
            "prenom" | "prenoms" | "first_name" | "firstname" | "given_name" => Self::FirstName,
            "date_naissance" | "date_de_naissance" | "naissance" | "birth_date" | "birthdate"
            | "date_of_birth" | "dob" => Self::BirthDate,
            "reference" | "ref" | "numero" | "reference_number" | "identifiant" => Self::Reference,
            "adresse" | "address" => Self::Address,
            "quartier" | "district" | "secteur" => Self::District,
            _ => return None,
        })
    }

    fn max_len(self) -> usize {
        match self {
            Self::LastName | Self::FirstName | Self::District => 100,
            Self::Reference => 50,
            Self::BirthDate => 10,
            Self::Address => 300,
        }
    }
}

impl ImportColumn for Column {
    fn as_str(self) -> &'static str {
        match self {
            Self::LastName => "last_name",
            Self::FirstName => "first_name",
            Self::BirthDate => "birth_date",
            Self::Reference => "reference",
            Self::Address => "address",
            Self::District => "district",
        }
    }
}

/// Why a row (or the file) was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    EmptyFile,
    MissingColumn,
    DuplicateColumn,
    UnknownColumn(String),
    WrongFieldCount { expected: usize, found: usize },
    Malformed,
    MissingValue,
    ValueTooLong,
    InvalidDate,
    MissingIdentifier,
    DuplicateReference { first_line: u64 },
    TooManyRows,
    MoreProblems(usize),
}

impl ImportReason for Reason {
    /// The stable code sent to clients.
    fn code(&self) -> &'static str {
        match self {
            Self::EmptyFile => "empty_file",
            Self::MissingColumn => "missing_column",
            Self::DuplicateColumn => "duplicate_column",
            Self::UnknownColumn(_) => "unknown_column",
            Self::WrongFieldCount { .. } => "wrong_field_count",
            Self::Malformed => "malformed",
            Self::MissingValue => "missing_value",
            Self::ValueTooLong => "value_too_long",
            Self::InvalidDate => "invalid_date",
            Self::MissingIdentifier => "missing_identifier",
            Self::DuplicateReference { .. } => "duplicate_reference",
            Self::TooManyRows => "too_many_rows",
            Self::MoreProblems(_) => "more_problems",
        }
    }

    /// A human explanation in `lang`.
    fn message(&self, lang: Language) -> String {
        use Language::{En, Fr};
        match (self, lang) {
            (Self::EmptyFile, Fr) => "Le fichier est vide ou n'a pas de ligne d'en-tête.".into(),
            (Self::EmptyFile, En) => "The file is empty or has no header line.".into(),
            (Self::MissingColumn, Fr) => "Colonne obligatoire absente de l'en-tête.".into(),
            (Self::MissingColumn, En) => "A required column is missing from the header.".into(),
            (Self::DuplicateColumn, Fr) => {
                "Cette colonne apparaît deux fois dans l'en-tête.".into()
            }
            (Self::DuplicateColumn, En) => "This column appears twice in the header.".into(),
            (Self::UnknownColumn(name), Fr) => format!(
                "Colonne inconnue « {name} ». Colonnes attendues : nom, prenom, date_naissance, \
                 reference, adresse, quartier."
            ),
            (Self::UnknownColumn(name), En) => format!(
                "Unknown column \"{name}\". Expected columns: last_name, first_name, birth_date, \
                 reference, address, district."
            ),
            (Self::WrongFieldCount { expected, found }, Fr) => {
                format!("La ligne a {found} valeurs au lieu de {expected}.")
            }
            (Self::WrongFieldCount { expected, found }, En) => {
                format!("The line has {found} values instead of {expected}.")
            }
            (Self::Malformed, Fr) => "Ligne illisible (guillemets mal fermés ?).".into(),
            (Self::Malformed, En) => "Unreadable line (unbalanced quotes?).".into(),
            (Self::MissingValue, Fr) => "Valeur obligatoire manquante.".into(),
            (Self::MissingValue, En) => "Required value missing.".into(),
            (Self::ValueTooLong, Fr) => "Valeur trop longue.".into(),
            (Self::ValueTooLong, En) => "Value too long.".into(),
            (Self::InvalidDate, Fr) => {
                "Date invalide : attendu JJ/MM/AAAA ou AAAA-MM-JJ, une date qui existe.".into()
            }
            (Self::InvalidDate, En) => {
                "Invalid date: expected DD/MM/YYYY or YYYY-MM-DD, a date that exists.".into()
            }
            (Self::MissingIdentifier, Fr) => {
                "Il faut au moins une date de naissance ou une référence.".into()
            }
            (Self::MissingIdentifier, En) => "A birth date or a reference is required.".into(),
            (Self::DuplicateReference { first_line }, Fr) => {
                format!("Référence en double : déjà utilisée ligne {first_line}.")
            }
            (Self::DuplicateReference { first_line }, En) => {
                format!("Duplicate reference: already used on line {first_line}.")
            }
            (Self::TooManyRows, Fr) => {
                format!(
                    "Le fichier dépasse {MAX_ROWS} lignes : découpez-le ou contactez le support."
                )
            }
            (Self::TooManyRows, En) => format!("The file has more than {MAX_ROWS} rows."),
            (Self::MoreProblems(n), Fr) => format!("… et {n} autres erreurs."),
            (Self::MoreProblems(n), En) => format!("… and {n} more problems."),
        }
    }
}

/// One refused row (the header is line 1).
pub type Rejection = csv_import::Rejection<Column, Reason>;

/// Parses and validates a whole census file. `Ok` only when every row is valid.
pub fn parse(bytes: &[u8]) -> Result<Vec<CensusRow>, Vec<Rejection>> {
    let text = CsvText::new(bytes);
    if text.is_blank() {
        return Err(vec![Rejection::new(1, None, Reason::EmptyFile)]);
    }
    let mut records = text.records();

    // Header.
    let header = match records.next() {
        Some(Ok((_, h))) => h,
        Some(Err(_)) => return Err(vec![Rejection::new(1, None, Reason::Malformed)]),
        None => return Err(vec![Rejection::new(1, None, Reason::EmptyFile)]),
    };
    let mut problems = Vec::new();
    let mut positions: HashMap<Column, usize> = HashMap::new();
    for (i, cell) in header.iter().enumerate() {
        let cell = cell.trim();
        match Column::from_header(cell) {
            Some(col) => {
                if positions.insert(col, i).is_some() {
                    problems.push(Rejection::new(1, Some(col), Reason::DuplicateColumn));
                }
            }
            None => problems.push(Rejection::new(
                1,
                None,
                Reason::UnknownColumn(cell.chars().take(60).collect()),
            )),
        }
    }
    for col in [
        Column::LastName,
        Column::FirstName,
        Column::Address,
        Column::District,
    ] {
        if !positions.contains_key(&col) {
            problems.push(Rejection::new(1, Some(col), Reason::MissingColumn));
        }
    }
    if !positions.contains_key(&Column::BirthDate) && !positions.contains_key(&Column::Reference) {
        problems.push(Rejection::new(
            1,
            Some(Column::BirthDate),
            Reason::MissingColumn,
        ));
        problems.push(Rejection::new(
            1,
            Some(Column::Reference),
            Reason::MissingColumn,
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let width = header.len();

    // Rows.
    let mut rows = Vec::new();
    let mut references: HashMap<String, u64> = HashMap::new();
    let mut count = 0usize;
    for record in records {
        let (line, record) = match record {
            Ok(r) => r,
            Err(line) => {
                problems.push(Rejection::new(line, None, Reason::Malformed));
                continue;
            }
        };
        if csv_import::is_blank(&record) {
            continue;
        }
        count += 1;
        if count > MAX_ROWS {
            return Err(vec![Rejection::new(0, None, Reason::TooManyRows)]);
        }
        if record.len() != width {
            problems.push(Rejection::new(
                line,
                None,
                Reason::WrongFieldCount {
                    expected: width,
                    found: record.len(),
                },
            ));
            continue;
        }
        let mut row_problems = Vec::new();
        let mut value = |col: Column| -> Option<String> {
            let v = positions
                .get(&col)
                .and_then(|&i| record.get(i))
                .map(str::trim)
                .filter(|v| !v.is_empty())?;
            if v.chars().count() > col.max_len() {
                row_problems.push(Rejection::new(line, Some(col), Reason::ValueTooLong));
                return None;
            }
            // Control characters (NUL included, which PostgreSQL text refuses) are not data.
            if v.chars().any(char::is_control) {
                row_problems.push(Rejection::new(line, Some(col), Reason::Malformed));
                return None;
            }
            Some(v.to_owned())
        };
        let last_name = value(Column::LastName);
        let first_name = value(Column::FirstName);
        let address = value(Column::Address);
        let district = value(Column::District);
        let birth_raw = value(Column::BirthDate);
        let reference = value(Column::Reference).map(|r| normalize_reference(&r));
        for (col, v) in [
            (Column::LastName, &last_name),
            (Column::FirstName, &first_name),
            (Column::Address, &address),
            (Column::District, &district),
        ] {
            if v.is_none() && !row_problems.iter().any(|p| p.column == Some(col)) {
                row_problems.push(Rejection::new(line, Some(col), Reason::MissingValue));
            }
        }
        let birth_date = match &birth_raw {
            Some(raw) => {
                let parsed = parse_date(raw);
                if parsed.is_none() {
                    row_problems.push(Rejection::new(
                        line,
                        Some(Column::BirthDate),
                        Reason::InvalidDate,
                    ));
                }
                parsed
            }
            None => None,
        };
        if birth_raw.is_none() && reference.is_none() {
            row_problems.push(Rejection::new(line, None, Reason::MissingIdentifier));
        }
        if let Some(r) = &reference {
            if let Some(&first_line) = references.get(r) {
                row_problems.push(Rejection::new(
                    line,
                    Some(Column::Reference),
                    Reason::DuplicateReference { first_line },
                ));
            } else {
                references.insert(r.clone(), line);
            }
        }
        if row_problems.is_empty() {
            rows.push(CensusRow {
                line,
                reference,
                last_name: normalize_name(&last_name.unwrap_or_default()),
                first_name: normalize_name(&first_name.unwrap_or_default()),
                birth_date,
                address: address.unwrap_or_default(),
                district: district.unwrap_or_default(),
            });
        } else {
            problems.extend(row_problems);
        }
    }
    if !problems.is_empty() {
        csv_import::summarise(&mut problems, Reason::MoreProblems);
        return Err(problems);
    }
    if rows.is_empty() {
        return Err(vec![Rejection::new(2, None, Reason::EmptyFile)]);
    }
    Ok(rows)
}

/// A date as `YYYY-MM-DD` from `DD/MM/YYYY` (also `D/M/YYYY`, `DD.MM.YYYY`) or `YYYY-MM-DD`;
/// `None` unless it is a real calendar date between 1850 and 2199.
pub fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    let (y, m, d) = if let Some((y, rest)) = s.split_once('-') {
        let (m, d) = rest.split_once('-')?;
        (y, m, d)
    } else {
        let sep = if s.contains('/') { '/' } else { '.' };
        let mut parts = s.split(sep);
        let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        (y, m, d)
    };
    let digits = |v: &str, min: usize, max: usize| {
        (min..=max).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(y, 4, 4) || !digits(m, 1, 2) || !digits(d, 1, 2) {
        return None;
    }
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1850..=2199).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if d == 0 || d > days {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// A reference number as compared: no spaces, uppercase.
pub fn normalize_reference(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// A name as compared: lowercase, without accents, hyphens and apostrophes as spaces, single
/// spaces, trimmed. `Éloïse  D'Argent-Lefèvre` → `eloise d argent lefevre`.
pub fn normalize_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let mapped: &str = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'č' => "c",
            'ď' | 'đ' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
            'ł' | 'ľ' => "l",
            'ñ' | 'ń' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
            'œ' => "oe",
            'ř' => "r",
            'ś' | 'š' | 'ş' => "s",
            'ß' => "ss",
            'ť' | 'ţ' => "t",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
            'ý' | 'ÿ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            '-' | '\'' | '’' | '‘' | '.' | '_' => " ",
            // Combining diacritical marks (decomposed input) are dropped.
            '\u{0300}'..='\u{036f}' => "",
            c if c.is_whitespace() => " ",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(mapped);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reasons(bytes: &[u8]) -> Vec<(u64, Option<&'static str>, &'static str)> {
        parse(bytes)
            .unwrap_err()
            .into_iter()
            .map(|r| (r.line, r.column.map(Column::as_str), r.reason.code()))
            .collect()
    }

    #[test]
    fn dates_in_both_formats_and_only_real_ones() {
        assert_eq!(parse_date("14/07/1989").as_deref(), Some("1989-07-14"));
        assert_eq!(parse_date("1/2/2000").as_deref(), Some("2000-02-01"));
        assert_eq!(parse_date("1989-07-14").as_deref(), Some("1989-07-14"));
        assert_eq!(parse_date("29/02/2000").as_deref(), Some("2000-02-29"));
        assert_eq!(parse_date("29/02/1900"), None);
        assert_eq!(parse_date("31/02/1990"), None);
        assert_eq!(parse_date("31/04/1990"), None);
        assert_eq!(parse_date("00/01/1990"), None);
        assert_eq!(parse_date("12/13/1990"), None);
        assert_eq!(parse_date("1990/01/01"), None);
        assert_eq!(parse_date("01/01/90"), None);
        assert_eq!(parse_date("abc"), None);
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("1990-1-1-1"), None);
    }

    #[test]
    fn names_lose_case_accents_and_extra_spaces() {
        assert_eq!(
            normalize_name("  Éloïse  D'Argent-Lefèvre "),
            "eloise d argent lefevre"
        );
        assert_eq!(normalize_name("CŒUR"), "coeur");
        // Decomposed "é" (e + U+0301).
        assert_eq!(normalize_name("Ele\u{0301}onore"), "eleonore");
        assert_eq!(normalize_reference(" ab 12 "), "AB12");
    }

    #[test]
    fn a_french_excel_file_in_windows_1252_with_semicolons() {
        // "Hélène" and "Fontaine-sur-Saône" in Windows-1252.
        let bytes: &[u8] = b"Nom;Pr\xe9nom;Date de naissance;R\xe9f\xe9rence;Adresse;Quartier\r\n\
            Dupr\xe9;H\xe9l\xe8ne;03/04/1971;A-1;1 rue de la Sa\xf4ne;Centre\r\n\
            Martin;Jean;;B-2;2 place du March\xe9;Les Pr\xe9s\r\n;;;;;\r\n";
        let rows = parse(bytes).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].last_name, "dupre");
        assert_eq!(rows[0].first_name, "helene");
        assert_eq!(rows[0].birth_date.as_deref(), Some("1971-04-03"));
        assert_eq!(rows[0].reference.as_deref(), Some("A-1"));
        assert_eq!(rows[0].address, "1 rue de la Saône");
        assert_eq!(rows[1].district, "Les Prés");
        assert_eq!(rows[1].birth_date, None);
        assert_eq!(rows[1].line, 3);
    }

    #[test]
    fn utf8_with_bom_and_commas_and_quotes() {
        let text = "\u{feff}last_name,first_name,birth_date,address,district\n\
                    Lefèvre,Zoé,1990-05-06,\"3, allée des Tilleuls\",Nord\n";
        let rows = parse(text.as_bytes()).unwrap();
        assert_eq!(rows[0].last_name, "lefevre");
        assert_eq!(rows[0].address, "3, allée des Tilleuls");
        assert_eq!(rows[0].reference, None);
    }

    #[test]
    fn utf16_with_bom_is_read() {
        let text = "nom;prenom;reference;adresse;quartier\nÉtienne;Noé;R1;1 rue;Sud\n";
        let mut bytes = vec![0xff, 0xfe];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(parse(&bytes).unwrap()[0].last_name, "etienne");
    }

    #[test]
    fn wrong_columns_are_named() {
        assert_eq!(
            reasons(b"nom;prenom;ville;quartier\nA;B;C;D\n"),
            vec![
                (1, None, "unknown_column"),
                (1, Some("address"), "missing_column"),
                (1, Some("birth_date"), "missing_column"),
                (1, Some("reference"), "missing_column"),
            ]
        );
        assert_eq!(
            reasons(b"nom;nom;prenom;reference;adresse;quartier\n"),
            vec![(1, Some("last_name"), "duplicate_column")]
        );
        assert_eq!(reasons(b""), vec![(1, None, "empty_file")]);
        assert_eq!(
            reasons(b"nom;prenom;reference;adresse;quartier\n"),
            vec![(2, None, "empty_file")]
        );
    }

    #[test]
    fn every_bad_row_is_reported() {
        let file = "nom;prenom;date_naissance;reference;adresse;quartier\n\
                    A;B;31/02/1990;R1;1 rue;Nord\n\
                    C;D;01/01/1990;R2;2 rue;Nord\n\
                    E;F;;R2;3 rue;Sud\n\
                    G;H;;;4 rue;Sud\n\
                    I;;01/01/1990;;5 rue;Sud\n\
                    J;K;01/01/1990\n";
        assert_eq!(
            reasons(file.as_bytes()),
            vec![
                (2, Some("birth_date"), "invalid_date"),
                (4, Some("reference"), "duplicate_reference"),
                (5, None, "missing_identifier"),
                (6, Some("first_name"), "missing_value"),
                (7, None, "wrong_field_count"),
            ]
        );
        let err = parse(file.as_bytes()).unwrap_err();
        assert!(err[1].reason.message(Language::En).contains("line 3"));
    }

    #[test]
    fn too_many_problems_are_summarised() {
        let mut file = String::from("nom;prenom;reference;adresse;quartier\n");
        for _ in 0..(MAX_REPORTED + 10) {
            file.push_str("A;B;;1 rue;Nord\n");
        }
        let err = parse(file.as_bytes()).unwrap_err();
        assert_eq!(err.len(), MAX_REPORTED + 1);
        assert_eq!(err.last().unwrap().reason, Reason::MoreProblems(10));
    }
}
