//! Service requests through the web API (being written).
