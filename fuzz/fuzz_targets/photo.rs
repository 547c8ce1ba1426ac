//! Photo uploads: any bytes are either refused or re-encoded into an image that decodes again
//! with the announced size.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(clean) = voix::requests::photos::sanitize(data, "photo") {
        let again = image::load_from_memory(&clean.bytes).expect("re-encoded photo decodes");
        assert_eq!((again.width(), again.height()), (clean.width, clean.height));
    }
});
