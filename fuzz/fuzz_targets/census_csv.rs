//! The census import: any bytes (any encoding, any separator) are either rows or a list of
//! rejections, never a panic; accepted rows are normalised.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = voix::census::parse(data) {
        for row in rows {
            assert!(!row.last_name.is_empty() && !row.first_name.is_empty());
            assert_eq!(voix::census::normalize_name(&row.last_name), row.last_name);
            if let Some(date) = &row.birth_date {
                assert_eq!(voix::census::parse_date(date).as_ref(), Some(date));
            }
        }
    }
});
