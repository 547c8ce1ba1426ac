//! Any byte string given to the archive verifier yields `Ok` or a precise error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(archive) = protocol::belenios::archive::read_archive(data) {
        let _ = protocol::belenios::archive::event_chain(&archive);
    }
    let _ = protocol::belenios::verify::verify_archive(data);
});
