//! Prepared elections, kept between ballots.
//!
//! Preparing an election (`ElectionContext::from_raw`: parsing, validating the public key,
//! precomputing the fixed-base tables of g and of the election key) costs about as much as
//! verifying a ballot; doing it for every cast made casting 40 % slower than verification
//! alone (docs/benchmarks.md). The election JSON of an open consultation never changes, so
//! the prepared context is cached by its exact bytes. The cache is small: a town rarely has
//! more than a few consultations open at once, and an evicted one is only prepared again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use protocol::belenios::election::ElectionContext;
use protocol::belenios::error::Error;

/// Elections kept prepared at most (all are dropped when a new one would exceed it).
const CAPACITY: usize = 32;

type Cache = Mutex<HashMap<String, Arc<ElectionContext>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Cache::default)
}

/// The prepared election of `election_json`, from the cache or prepared now (call it off the
/// async threads: preparing takes milliseconds).
pub fn prepared(election_json: &str) -> Result<Arc<ElectionContext>, Error> {
    if let Some(ctx) = cache()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(election_json)
    {
        return Ok(ctx.clone());
    }
    let ctx = Arc::new(ElectionContext::from_raw(election_json)?);
    let mut cache = cache()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if cache.len() >= CAPACITY {
        cache.clear();
    }
    cache.insert(election_json.to_owned(), ctx.clone());
    Ok(ctx)
}
