//! A bound on the requests one account has in progress at once, for the routes whose work is
//! heavy (uploads buffered and decoded). An hourly throttle counts requests as they arrive,
//! so a burst of concurrent ones all pass it; this gate refuses the extra ones while the first
//! are still running (429, retry in a few seconds).
//!
//! The count is per process: with several nodes, an account can have this many in progress on
//! each (the process-wide decode limit still bounds every node's memory).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::error::ApiError;

/// The in-progress requests of each account.
#[derive(Debug)]
pub struct InFlight {
    max_per_account: usize,
    running: Mutex<HashMap<String, usize>>,
}

/// An account's place in the gate, given back when dropped (the request ended, whatever way).
#[derive(Debug)]
pub struct Slot {
    gate: Arc<InFlight>,
    account: String,
}

impl InFlight {
    pub fn new(max_per_account: usize) -> Self {
        Self {
            max_per_account: max_per_account.max(1),
            running: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a place for `account`, or refuses with 429 when it already has the maximum.
    pub fn enter(self: &Arc<Self>, account: &str) -> Result<Slot, ApiError> {
        let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        let n = running.entry(account.to_owned()).or_insert(0);
        if *n >= self.max_per_account {
            return Err(ApiError::Throttled { retry_after: 5 });
        }
        *n += 1;
        Ok(Slot {
            gate: Arc::clone(self),
            account: account.to_owned(),
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut running = self
            .gate
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(n) = running.get_mut(&self.account) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                running.remove(&self.account);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_gets_its_places_back_when_requests_end() {
        let gate = Arc::new(InFlight::new(1));
        let first = gate.enter("a").unwrap();
        assert!(matches!(gate.enter("a"), Err(ApiError::Throttled { .. })));
        let other = gate.enter("b").unwrap();
        drop(first);
        let again = gate.enter("a").unwrap();
        drop((other, again));
        assert!(gate.running.lock().unwrap().is_empty());
    }
}
