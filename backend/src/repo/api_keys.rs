//! Open311 API keys. Only the SHA-256 of a key is stored; the key itself is printed once by
//! `voix admin create-api-key`.
//!
//! (Being written with the Open311 server.)
