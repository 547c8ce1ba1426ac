//! Voter weights and vote counts as Belenios serializes them.
//!
//! Belenios 2.0 weights are non-negative integers (`Weight` is `Z.t` in
//! `src/lib/core/common_types.ml`); the total is bounded by `max_expanded_weight = 10^11`.
//! In JSON a weight (and a result count) is a number when it is at most `2^30 − 1` and a
//! decimal string above (`json_of_weight`), FORMAT.md §4 and §9.11. Reading accepts both forms.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::Error;

/// Largest value written as a JSON number (OCaml's 31-bit `max_int`).
pub const MAX_INT31: u64 = 1_073_741_823;
/// Largest total weight Belenios accepts (`Weight.max_expanded_weight`).
pub const MAX_TOTAL_WEIGHT: u64 = 100_000_000_000;

/// A weight or a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Weight(pub u64);

impl Weight {
    /// The default weight of a credential without explicit weight.
    pub const ONE: Weight = Weight(1);

    /// Parses the decimal weight of a `"<credential>,<weight>"` line.
    pub fn parse(s: &str) -> Result<Self, Error> {
        if s.is_empty() || s.len() > 20 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::invalid(format!(
                "{:?} is not a valid weight",
                super::num::truncate(s)
            )));
        }
        s.parse::<u64>()
            .map(Weight)
            .map_err(|_| Error::invalid("weight too large"))
    }
}

impl fmt::Display for Weight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Weight {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 <= MAX_INT31 {
            s.serialize_u64(self.0)
        } else {
            s.serialize_str(&self.0.to_string())
        }
    }
}

impl<'de> Deserialize<'de> for Weight {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr<'a> {
            Int(u64),
            Str(std::borrow::Cow<'a, str>),
        }
        match Repr::deserialize(d)? {
            Repr::Int(x) => Ok(Weight(x)),
            Repr::Str(s) => Weight::parse(&s).map_err(serde::de::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_serialize_like_belenios() {
        assert_eq!(serde_json::to_string(&Weight(5)).unwrap(), "5");
        assert_eq!(
            serde_json::to_string(&Weight(MAX_INT31 + 1)).unwrap(),
            "\"1073741824\""
        );
        assert_eq!(
            serde_json::from_str::<Weight>("\"12\"").unwrap(),
            Weight(12)
        );
        assert_eq!(serde_json::from_str::<Weight>("12").unwrap(), Weight(12));
        assert!(serde_json::from_str::<Weight>("-1").is_err());
        assert!(serde_json::from_str::<Weight>("\"1.5\"").is_err());
    }
}
