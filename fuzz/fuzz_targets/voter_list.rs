//! The uploaded voter list of a consultation: any bytes are either rows or a list of
//! rejections, never a panic; accepted rows hold a normalised address, a weight in range and no
//! address twice.
#![no_main]
use libfuzzer_sys::fuzz_target;
use protocol::consultations::limits::MAX_WEIGHT;

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = voix::consultations::voter_list::parse(data) {
        let mut seen = std::collections::HashSet::new();
        for row in rows {
            assert_eq!(row.email.trim().to_lowercase(), row.email);
            assert!((1..=MAX_WEIGHT).contains(&row.weight), "{}", row.weight);
            assert!(seen.insert(row.email), "an address twice");
        }
    }
});
