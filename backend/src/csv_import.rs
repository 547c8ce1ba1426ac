//! What the census and voter-list imports share: reading a spreadsheet's CSV export as
//! municipal offices produce it, and reporting every refused row at once. Pure functions.
//!
//! Valid UTF-8 (with or without BOM) is read as UTF-8, a UTF-16 file with its BOM as UTF-16,
//! anything else as Windows-1252. The delimiter is `;` (French Excel) or `,`, chosen from the
//! first line. An import returns every row or every problem: the caller stores all or nothing.

use csv::StringRecord;
use protocol::api::{Language, RejectedRow};

/// At most this many problems are listed; a last entry says how many more there were.
pub const MAX_REPORTED: usize = 500;

/// One refused row: 1-based line (0 for the file as a whole), the column the problem is in
/// when it is in one, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection<C, R> {
    pub line: u64,
    pub column: Option<C>,
    pub reason: R,
}

impl<C, R> Rejection<C, R> {
    pub fn new(line: u64, column: Option<C>, reason: R) -> Self {
        Self {
            line,
            column,
            reason,
        }
    }
}

/// A column of an import, by its canonical name.
pub trait ImportColumn: Copy {
    fn as_str(self) -> &'static str;
}

/// Why a row was refused: a stable code for clients and a sentence for people.
pub trait ImportReason {
    fn code(&self) -> &'static str;
    fn message(&self, lang: Language) -> String;
}

/// The 422's rows, in `lang`.
pub fn rejected_rows<C: ImportColumn, R: ImportReason>(
    problems: &[Rejection<C, R>],
    lang: Language,
) -> Vec<RejectedRow> {
    problems
        .iter()
        .map(|r| RejectedRow {
            line: r.line,
            column: r.column.map(|c| c.as_str().to_owned()),
            reason: r.reason.code().to_owned(),
            message: r.reason.message(lang),
        })
        .collect()
}

/// Keeps the first [`MAX_REPORTED`] problems and adds `more(n)`, saying how many were left out.
pub fn summarise<C, R>(problems: &mut Vec<Rejection<C, R>>, more: impl FnOnce(usize) -> R) {
    if problems.len() > MAX_REPORTED {
        let n = problems.len() - MAX_REPORTED;
        problems.truncate(MAX_REPORTED);
        problems.push(Rejection::new(0, None, more(n)));
    }
}

/// Decodes a file: UTF-8 (BOM stripped) when valid, UTF-16 with a BOM, Windows-1252 otherwise.
pub fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes)
        && encoding != encoding_rs::UTF_8
    {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(text) => text.to_owned(),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(body);
            text.into_owned()
        }
    }
}

/// A decoded file with `\n` line ends only, so that line numbers are right whatever the file
/// used.
#[derive(Debug)]
pub struct CsvText(String);

impl CsvText {
    pub fn new(bytes: &[u8]) -> Self {
        Self(decode(bytes).replace("\r\n", "\n").replace('\r', "\n"))
    }

    /// Nothing but white space.
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }

    /// Every record with its 1-based line, or the line of a record that cannot be read.
    pub fn records(&self) -> impl Iterator<Item = Result<(u64, StringRecord), u64>> + '_ {
        csv::ReaderBuilder::new()
            .delimiter(self.delimiter())
            .has_headers(false)
            .flexible(true)
            .from_reader(self.0.as_bytes())
            .into_records()
            .map(|record| match record {
                Ok(r) => Ok((r.position().map_or(0, |p| p.line()), r)),
                Err(e) => Err(e.position().map_or(0, |p| p.line())),
            })
    }

    /// `;` when the first line has at least as many semicolons as commas, else `,`.
    fn delimiter(&self) -> u8 {
        let first = self.0.lines().next().unwrap_or("");
        if first.matches(';').count() >= first.matches(',').count() {
            b';'
        } else {
            b','
        }
    }
}

/// A row holding only delimiters (spreadsheet exports add them): skipped.
pub fn is_blank(record: &StringRecord) -> bool {
    record.iter().all(|f| f.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_fields(bytes: &[u8]) -> Vec<String> {
        let text = CsvText::new(bytes);
        let (_, record) = text.records().next().unwrap().unwrap();
        record.iter().map(str::to_owned).collect()
    }

    #[test]
    fn the_delimiter_follows_the_first_line() {
        assert_eq!(first_fields(b"nom;prenom,x"), ["nom", "prenom,x"]);
        assert_eq!(first_fields(b"a@b.fr,2"), ["a@b.fr", "2"]);
        assert_eq!(first_fields(b"a@b.fr"), ["a@b.fr"]);
    }

    #[test]
    fn line_numbers_survive_every_line_end() {
        let text = CsvText::new(b"a;1\r\nb;2\rc;3\n");
        let lines: Vec<u64> = text.records().map(|r| r.unwrap().0).collect();
        assert_eq!(lines, [1, 2, 3]);
    }

    #[test]
    fn past_the_limit_problems_are_summarised() {
        let mut problems: Vec<Rejection<(), usize>> = (0..MAX_REPORTED + 7)
            .map(|i| Rejection::new(1, None, i))
            .collect();
        summarise(&mut problems, |n| n);
        assert_eq!(problems.len(), MAX_REPORTED + 1);
        assert_eq!(problems.last().unwrap().reason, 7);
    }
}
