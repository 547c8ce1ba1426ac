//! Staff routes of service requests (being written).
