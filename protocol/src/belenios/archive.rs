//! The `.bel` archive: reading and byte-exact writing.
//!
//! `doc/specification.tex`, section "Public data"; FORMAT.md §3; `src/lib/core/archive.ml`.
//! An archive is a sequence of records in old-style (v7) tar format: a 512-byte header block
//! (name, fixed mode/uid/gid strings, octal size and mtime, `%06o\0 ` checksum, type `'0'`,
//! *no* `ustar` magic) followed by the body padded with NULs to a multiple of 512, and *no*
//! end-of-archive blocks. The first record, `BELENIOS`, holds
//! `{"version":1,"timestamp":"<decimal>"}`; every other record is named after the hex SHA-256
//! of its body, `<hash>.data.json` or `<hash>.event.json`. Events form a hash chain
//! (`parent` = hash of the previous event) whose payloads point to data records.
//!
//! `belenios-tool` regenerates the canonical archive from the last event backwards and demands
//! byte equality; [`ArchiveWriter`] produces exactly those bytes and [`canonical_bytes`]
//! regenerates them from parsed records, so the verifier can do the same comparison.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::error::Error;
use super::hash::sha256_hex;
use super::weight::Weight;

const BLOCK: usize = 512;
/// Name of the header record.
pub const HEADER_NAME: &str = "BELENIOS";

/// Kinds of events (`event_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventType {
    /// The election set-up: election, trustees and public credentials (payload: a [`SetupData`]
    /// record).
    Setup,
    /// An accepted ballot (payload: the ballot record).
    Ballot,
    /// The end of voting: no ballot follows (no payload).
    EndBallots,
    /// The homomorphic tally of the ballots (payload: a [`super::tally::SizedEncryptedTally`]
    /// record).
    EncryptedTally,
    /// A trustee's mixnet shuffle (payload: an [`super::decryption::Owned`] record); Belenios uses
    /// them for non-homomorphic questions, which Voix does not produce.
    Shuffle,
    /// The end of the shuffles (no payload).
    EndShuffles,
    /// A trustee's partial decryption of the tally (payload: an [`super::decryption::Owned`]
    /// record).
    PartialDecryption,
    /// The decrypted result (payload: the result record).
    Result,
}

/// `{"parent":H,"height":n,"type":T,"payload":H}` (parent absent at height 0, payload absent
/// for `EndBallots`/`EndShuffles`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Hex SHA-256 of the previous event record; absent for the first event (height 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Position in the chain, from 0 for the `Setup` event.
    pub height: u64,
    /// What the event records.
    #[serde(rename = "type")]
    pub typ: EventType,
    /// Hex SHA-256 of the data record the event points to; absent for `EndBallots`/`EndShuffles`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
}

/// `{"election":H,"trustees":H,"credentials":H}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupData {
    /// Hex SHA-256 of the election record.
    pub election: String,
    /// Hex SHA-256 of the trustees record (the public keys and their proofs).
    pub trustees: String,
    /// Hex SHA-256 of the public credentials record.
    pub credentials: String,
}

#[derive(Serialize, Deserialize)]
struct Header {
    version: u32,
    timestamp: String,
}

/// Whether a record is data or an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// A `<hash>.data.json` record: a document an event points to.
    Data,
    /// A `<hash>.event.json` record: a link of the event chain.
    Event,
}

/// One record of an archive (the header excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 0-based position among the records that follow the header.
    pub index: usize,
    /// Data or event, from the record name's suffix.
    pub kind: RecordKind,
    /// Hex SHA-256 taken from the record name.
    pub hash: String,
    /// The record's content, without the tar padding.
    pub body: Vec<u8>,
}

/// A parsed archive.
#[derive(Debug, Clone)]
pub struct Archive {
    /// The header's timestamp (Unix seconds), also every record's mtime.
    pub timestamp: u64,
    /// The records that follow the header, in file order.
    pub records: Vec<Record>,
}

fn octal_field(bytes: &[u8]) -> Option<u64> {
    let s = std::str::from_utf8(bytes).ok()?;
    let s = s.trim_end_matches(['\0', ' ']);
    if s.is_empty() || !s.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return None;
    }
    u64::from_str_radix(s, 8).ok()
}

fn parse_name(name: &str) -> Option<(String, RecordKind)> {
    let (hash, kind) = if let Some(h) = name.strip_suffix(".data.json") {
        (h, RecordKind::Data)
    } else if let Some(h) = name.strip_suffix(".event.json") {
        (h, RecordKind::Event)
    } else {
        return None;
    };
    let ok = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
    ok.then(|| (hash.to_ascii_lowercase(), kind))
}

/// Reads the records of an archive. Names, sizes and record hashes are checked; the exact
/// header bytes are checked later by comparison with [`canonical_bytes`].
pub fn read_archive(bytes: &[u8]) -> Result<Archive, Error> {
    let mut pos = 0usize;
    let mut timestamp = None;
    let mut records = Vec::new();
    while pos < bytes.len() {
        let at = |msg: &str| Error::invalid(format!("archive record at byte {pos}: {msg}"));
        let header = bytes
            .get(pos..pos + BLOCK)
            .ok_or_else(|| at("truncated header"))?;
        let name_end = header[..100].iter().position(|&b| b == 0).unwrap_or(100);
        let name =
            std::str::from_utf8(&header[..name_end]).map_err(|_| at("non-UTF-8 record name"))?;
        let size = octal_field(&header[124..135])
            .and_then(|s| usize::try_from(s).ok())
            .filter(|&s| s <= bytes.len())
            .ok_or_else(|| at("invalid size"))?;
        let body_start = pos + BLOCK;
        let body = bytes
            .get(body_start..body_start.saturating_add(size))
            .ok_or_else(|| at("truncated body"))?;
        let padded = size.div_ceil(BLOCK).saturating_mul(BLOCK);
        if timestamp.is_none() {
            if name != HEADER_NAME {
                return Err(at("the archive does not start with a BELENIOS header"));
            }
            let h: Header =
                serde_json::from_slice(body).map_err(|e| Error::json("archive header", e))?;
            if h.version != 1 {
                return Err(Error::Unsupported(format!("archive version {}", h.version)));
            }
            let ts = h
                .timestamp
                .parse::<u64>()
                .map_err(|_| at("invalid timestamp"))?;
            timestamp = Some(ts);
        } else {
            let (hash, kind) = parse_name(name).ok_or_else(|| at("unexpected record name"))?;
            if sha256_hex(body) != hash {
                return Err(at("record content does not match its name"));
            }
            records.push(Record {
                index: records.len(),
                kind,
                hash,
                body: body.to_vec(),
            });
        }
        pos = body_start.saturating_add(padded);
    }
    let timestamp = timestamp.ok_or_else(|| Error::invalid("empty archive"))?;
    Ok(Archive { timestamp, records })
}

/// Byte-exact writer of Belenios archives (`MakeWriter`, `MakeArchiver`).
#[derive(Debug, Clone)]
pub struct ArchiveWriter {
    out: Vec<u8>,
    timestamp: u64,
    last_event: Option<(String, u64)>,
}

fn write_block_header(out: &mut Vec<u8>, name: &str, size: usize, timestamp: u64) {
    let mut h = [0u8; BLOCK];
    let put = |h: &mut [u8; BLOCK], at: usize, s: &[u8]| h[at..at + s.len()].copy_from_slice(s);
    let name = name.as_bytes();
    put(&mut h, 0, &name[..name.len().min(100)]);
    put(&mut h, 100, b"0000644");
    put(&mut h, 108, b"0000000");
    put(&mut h, 116, b"0000000");
    put(&mut h, 124, format!("{size:011o}").as_bytes());
    put(&mut h, 136, format!("{timestamp:011o}").as_bytes());
    put(&mut h, 148, b"        ");
    put(&mut h, 156, b"0");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    put(&mut h, 148, format!("{sum:06o}\0 ").as_bytes());
    out.extend_from_slice(&h);
}

fn write_body(out: &mut Vec<u8>, body: &[u8]) {
    out.extend_from_slice(body);
    let pad = body.len().div_ceil(BLOCK) * BLOCK - body.len();
    out.extend(std::iter::repeat_n(0u8, pad));
}

impl ArchiveWriter {
    /// Starts an archive with the given timestamp (Unix seconds, also every record's mtime).
    pub fn new(timestamp: u64) -> Self {
        let mut out = Vec::new();
        let header = format!("{{\"version\":1,\"timestamp\":\"{timestamp}\"}}");
        write_block_header(&mut out, HEADER_NAME, header.len(), timestamp);
        write_body(&mut out, header.as_bytes());
        Self {
            out,
            timestamp,
            last_event: None,
        }
    }

    /// Appends a data record; returns its hex hash.
    pub fn data(&mut self, body: &str) -> String {
        let hash = sha256_hex(body.as_bytes());
        write_block_header(
            &mut self.out,
            &format!("{hash}.data.json"),
            body.len(),
            self.timestamp,
        );
        write_body(&mut self.out, body.as_bytes());
        hash
    }

    /// Appends an event chained to the previous one; returns its hex hash.
    pub fn event(&mut self, typ: EventType, payload: Option<String>) -> Result<String, Error> {
        let (parent, height) = match &self.last_event {
            None => (None, 0),
            Some((h, n)) => (Some(h.clone()), n + 1),
        };
        let event = Event {
            parent,
            height,
            typ,
            payload,
        };
        let body = serde_json::to_string(&event).map_err(|e| Error::json("event", e))?;
        let hash = sha256_hex(body.as_bytes());
        write_block_header(
            &mut self.out,
            &format!("{hash}.event.json"),
            body.len(),
            self.timestamp,
        );
        write_body(&mut self.out, body.as_bytes());
        self.last_event = Some((hash.clone(), height));
        Ok(hash)
    }

    /// The `Setup` event with its four data records (election, trustees, credentials,
    /// setup data), in canonical order.
    pub fn setup(
        &mut self,
        election: &str,
        trustees: &str,
        credentials: &str,
    ) -> Result<(), Error> {
        let setup = SetupData {
            election: self.data(election),
            trustees: self.data(trustees),
            credentials: self.data(credentials),
        };
        let setup = serde_json::to_string(&setup).map_err(|e| Error::json("setup data", e))?;
        let h = self.data(&setup);
        self.event(EventType::Setup, Some(h)).map(|_| ())
    }

    /// A `Ballot` event.
    pub fn ballot(&mut self, ballot: &str) -> Result<(), Error> {
        let h = self.data(ballot);
        self.event(EventType::Ballot, Some(h)).map(|_| ())
    }

    /// The `EndBallots` event.
    pub fn end_ballots(&mut self) -> Result<(), Error> {
        self.event(EventType::EndBallots, None).map(|_| ())
    }

    /// The `EncryptedTally` event: the tally, its sized summary, the event.
    pub fn encrypted_tally(
        &mut self,
        tally: &str,
        num_tallied: u64,
        total_weight: Weight,
    ) -> Result<(), Error> {
        let h = self.data(tally);
        let sized = super::tally::SizedEncryptedTally {
            num_tallied,
            total_weight,
            encrypted_tally: h,
        };
        let sized = serde_json::to_string(&sized).map_err(|e| Error::json("sized tally", e))?;
        let hs = self.data(&sized);
        self.event(EventType::EncryptedTally, Some(hs)).map(|_| ())
    }

    /// A `PartialDecryption` event by trustee `owner` (1-based flattened index).
    pub fn partial_decryption(&mut self, owner: u32, pd: &str) -> Result<(), Error> {
        let h = self.data(pd);
        let owned = super::decryption::Owned { owner, payload: h };
        let owned = serde_json::to_string(&owned).map_err(|e| Error::json("owned", e))?;
        let ho = self.data(&owned);
        self.event(EventType::PartialDecryption, Some(ho))
            .map(|_| ())
    }

    /// The `Result` event.
    pub fn result(&mut self, result: &str) -> Result<(), Error> {
        let h = self.data(result);
        self.event(EventType::Result, Some(h)).map(|_| ())
    }

    /// The archive bytes.
    pub fn finish(self) -> Vec<u8> {
        self.out
    }
}

/// The chain of events of an archive, from the setup to the last event, each with its record.
#[derive(Debug, Clone)]
pub struct EventChain<'a> {
    /// The events in chain order (height 0 first), each with the record it was read from.
    pub events: Vec<(Event, &'a Record)>,
    /// Every record of the archive, data and events, by hex hash.
    pub data: HashMap<&'a str, &'a Record>,
}

/// Walks the events back from the last event record (`fsck`): every parent must exist and the
/// heights must count down to a parentless event at height 0.
pub fn event_chain(archive: &Archive) -> Result<EventChain<'_>, Error> {
    let mut by_hash: HashMap<&str, &Record> = HashMap::new();
    for r in &archive.records {
        by_hash.insert(r.hash.as_str(), r);
    }
    let last = archive
        .records
        .iter()
        .rev()
        .find(|r| r.kind == RecordKind::Event)
        .ok_or_else(|| Error::invalid("archive without events"))?;
    let mut events = Vec::new();
    let mut cur = last;
    loop {
        let e: Event = serde_json::from_slice(&cur.body).map_err(|e| Error::json("event", e))?;
        let parent = e.parent.clone();
        events.push((e, cur));
        match parent {
            None => break,
            Some(p) => {
                cur = by_hash
                    .get(p.as_str())
                    .copied()
                    .filter(|r| r.kind == RecordKind::Event)
                    .ok_or_else(|| {
                        Error::invalid(format!("record {}: parent event {p} not found", cur.index))
                    })?;
                if events.len() > archive.records.len() {
                    return Err(Error::invalid("cycle in the event chain"));
                }
            }
        }
    }
    events.reverse();
    for (i, (e, r)) in events.iter().enumerate() {
        if e.height != i as u64 {
            return Err(Error::invalid(format!(
                "record {}: inconsistency at height {i}",
                r.index
            )));
        }
    }
    Ok(EventChain {
        events,
        data: by_hash,
    })
}

impl EventChain<'_> {
    /// The body of the data record with hex hash `h`.
    pub fn get(&self, h: &str) -> Result<&[u8], Error> {
        self.data
            .get(h)
            .map(|r| r.body.as_slice())
            .ok_or_else(|| Error::invalid(format!("hash {h} not found")))
    }

    /// The body of `h` as UTF-8.
    pub fn get_str(&self, h: &str) -> Result<&str, Error> {
        std::str::from_utf8(self.get(h)?)
            .map_err(|_| Error::invalid(format!("record {h} is not UTF-8")))
    }
}

fn payload_of(e: &Event) -> Result<&str, Error> {
    e.payload
        .as_deref()
        .ok_or_else(|| Error::invalid(format!("missing payload in event at height {}", e.height)))
}

/// Regenerates the canonical archive of an event chain (`write_archive`): what
/// `belenios-tool` compares byte for byte with the file.
pub fn canonical_bytes(timestamp: u64, chain: &EventChain<'_>) -> Result<Vec<u8>, Error> {
    let mut w = ArchiveWriter::new(timestamp);
    for (e, _) in &chain.events {
        match e.typ {
            EventType::Ballot | EventType::Result => {
                w.data(chain.get_str(payload_of(e)?)?);
            }
            EventType::EndBallots | EventType::EndShuffles => {
                if e.payload.is_some() {
                    return Err(Error::invalid(format!(
                        "extra payload found at height {}",
                        e.height
                    )));
                }
            }
            EventType::Setup => {
                let payload = chain.get_str(payload_of(e)?)?;
                let setup: SetupData =
                    serde_json::from_str(payload).map_err(|e| Error::json("setup data", e))?;
                w.data(chain.get_str(&setup.election)?);
                w.data(chain.get_str(&setup.trustees)?);
                w.data(chain.get_str(&setup.credentials)?);
                w.data(payload);
            }
            EventType::EncryptedTally => {
                let payload = chain.get_str(payload_of(e)?)?;
                let sized: super::tally::SizedEncryptedTally =
                    serde_json::from_str(payload).map_err(|e| Error::json("sized tally", e))?;
                w.data(chain.get_str(&sized.encrypted_tally)?);
                w.data(payload);
            }
            EventType::Shuffle | EventType::PartialDecryption => {
                let payload = chain.get_str(payload_of(e)?)?;
                let owned: super::decryption::Owned =
                    serde_json::from_str(payload).map_err(|e| Error::json("owned", e))?;
                w.data(chain.get_str(&owned.payload)?);
                w.data(payload);
            }
        }
        w.event(e.typ, e.payload.clone())?;
    }
    Ok(w.finish())
}
