//! Photo decoding within a memory budget, attacked with decompression bombs against a real
//! `voix serve` process whose peak memory (`VmHWM` in `/proc/<pid>/status`) the test reads.
//!
//! The attack: PNGs of a few tens of kilobytes that declare 8000 × 8000 pixels, three per
//! filing, eight accounts filing at once, and the same account filing four times at once.
//! Each must be refused with 422 `image_too_large` (from the header: nothing decoded) or 429
//! (the account's filing in progress), the server's peak memory must stay under
//! [`PEAK_BOUND_KIB`], and real photos — a 12-megapixel one among them — still file.

use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

use crate::helpers::{Backend, TestDb, VOIX, cli_create_user, free_port, signed_in, wait_healthy};
use crate::on_both_databases;

on_both_databases!(decompression_bombs_do_not_exhaust_memory);

/// The bound on the server's peak resident memory during the attack. Before the header check
/// and the decode limit, eight such filings took it to 1.88 GiB.
const PEAK_BOUND_KIB: u64 = 400 * 1024;

/// The server's peak resident set, in KiB.
fn peak_kib(server: &Child) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.id())).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/<pid>/status")
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                0xedb8_8320 ^ (crc >> 1)
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Deflate (RFC 1951) of `n` zero bytes in one fixed-Huffman block: a literal 0, then
/// back-references of length 258 at distance 1, then a shorter one — about 13 bits per
/// 258 bytes, so a huge image fits in a small file.
fn deflate_zeros(n: usize) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u32,
        len: u32,
    }
    impl Bits {
        /// Writes `count` bits of `value`, least significant first (header fields, extras).
        fn lsb(&mut self, value: u32, count: u32) {
            for i in 0..count {
                self.acc |= ((value >> i) & 1) << self.len;
                self.len += 1;
                if self.len == 8 {
                    self.out.push(self.acc as u8);
                    self.acc = 0;
                    self.len = 0;
                }
            }
        }
        /// Writes a Huffman code, most significant bit first.
        fn code(&mut self, code: u32, count: u32) {
            for i in (0..count).rev() {
                self.lsb((code >> i) & 1, 1);
            }
        }
        /// A fixed-Huffman literal/length symbol.
        fn symbol(&mut self, s: u32) {
            match s {
                0..=143 => self.code(0x30 + s, 8),
                256..=279 => self.code(s - 256, 7),
                280..=287 => self.code(0xc0 + (s - 280), 8),
                _ => unreachable!("not used here"),
            }
        }
        /// A match of `len` (3..=258) at distance 1.
        fn repeat(&mut self, len: usize) {
            const BASES: [(u32, usize, u32); 29] = [
                (257, 3, 0),
                (258, 4, 0),
                (259, 5, 0),
                (260, 6, 0),
                (261, 7, 0),
                (262, 8, 0),
                (263, 9, 0),
                (264, 10, 0),
                (265, 11, 1),
                (266, 13, 1),
                (267, 15, 1),
                (268, 17, 1),
                (269, 19, 2),
                (270, 23, 2),
                (271, 27, 2),
                (272, 31, 2),
                (273, 35, 3),
                (274, 43, 3),
                (275, 51, 3),
                (276, 59, 3),
                (277, 67, 4),
                (278, 83, 4),
                (279, 99, 4),
                (280, 115, 4),
                (281, 131, 5),
                (282, 163, 5),
                (283, 195, 5),
                (284, 227, 5),
                (285, 258, 0),
            ];
            let (symbol, base, extra) = *BASES
                .iter()
                .rev()
                .find(|(_, base, _)| *base <= len)
                .unwrap();
            self.symbol(symbol);
            self.lsb((len - base) as u32, extra);
            self.code(0, 5); // distance code 0: distance 1
        }
    }
    let mut bits = Bits {
        out: Vec::new(),
        acc: 0,
        len: 0,
    };
    bits.lsb(1, 1); // final block
    bits.lsb(1, 2); // fixed Huffman codes
    bits.symbol(0);
    let mut left = n - 1;
    while left >= 3 {
        // Never leave 1 or 2 bytes behind a full match: a match is 3 bytes at least.
        let len = match left {
            0..=258 => left,
            259 | 260 => left - 3,
            _ => 258,
        };
        bits.repeat(len);
        left -= len;
    }
    for _ in 0..left {
        bits.symbol(0);
    }
    bits.symbol(256);
    if bits.len > 0 {
        bits.out.push(bits.acc as u8);
    }
    bits.out
}

/// A valid black PNG of `width` × `height` pixels, 1-bit greyscale.
fn black_png(width: u32, height: u32) -> Vec<u8> {
    let row = 1 + (width as usize).div_ceil(8);
    let raw = row * height as usize;
    let mut zlib = vec![0x78, 0x01];
    zlib.extend(deflate_zeros(raw));
    // Adler-32 of `raw` zeros: a = 1, b = raw mod 65521.
    let adler = ((raw % 65521) as u32) << 16 | 1;
    zlib.extend(adler.to_be_bytes());
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        c.extend_from_slice(&body);
        c.extend(crc32(&body).to_be_bytes());
        c
    };
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([1, 0, 0, 0, 0]); // 1 bit, greyscale, deflate, no filter, no interlace
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &ihdr));
    png.extend(chunk(b"IDAT", &zlib));
    png.extend(chunk(b"IEND", &[]));
    png
}

fn filing(photos: &[Vec<u8>]) -> reqwest::multipart::Form {
    let request = json!({"category": "eclairage", "description": "Lampadaire éteint",
                         "address": "1 place de la Mairie", "location": {"lat": 45.75, "lon": 4.85}});
    let mut form = reqwest::multipart::Form::new().part(
        "request",
        reqwest::multipart::Part::text(request.to_string())
            .mime_str("application/json")
            .unwrap(),
    );
    for bytes in photos {
        form = form.part(
            "photo",
            reqwest::multipart::Part::bytes(bytes.clone())
                .file_name("photo.png")
                .mime_str("image/png")
                .unwrap(),
        );
    }
    form
}

/// Files with `photos`; returns the status and the error code, if any.
async fn file(client: &reqwest::Client, base: &str, photos: &[Vec<u8>]) -> (u16, String) {
    let r = client
        .post(format!("{base}/api/v1/requests"))
        .multipart(filing(photos))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    (
        status,
        body["error"].as_str().unwrap_or_default().to_owned(),
    )
}

#[test]
fn the_bomb_is_a_valid_png() {
    let png = black_png(300, 200);
    let img = image::load_from_memory(&png).unwrap();
    assert_eq!((img.width(), img.height()), (300, 200));
    assert!(black_png(8000, 8000).len() < 100_000);
}

async fn decompression_bombs_do_not_exhaust_memory(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(backend, dir.path()).await;
    std::fs::write(
        dir.path().join("voix.toml"),
        "totp_required_roles = []\n[requests]\nrequire_residency = false\n",
    )
    .unwrap();
    cli_create_user(dir.path(), &db.url, "agent@mairie.test", "staff");
    const ACCOUNTS: usize = 8;
    for i in 0..ACCOUNTS {
        cli_create_user(
            dir.path(),
            &db.url,
            &format!("r{i}@mairie.test"),
            "resident",
        );
    }
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = Command::new(VOIX)
        .arg("serve")
        .arg("--data-dir")
        .arg(dir.path())
        .args([
            "--database-url",
            &db.url,
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_healthy(&base).await;
    let staff = signed_in(&base, "agent@mairie.test").await;
    let r = staff
        .post(format!("{base}/api/v1/staff/categories"))
        .json(&json!({"code": "eclairage", "group": "Éclairage public",
                      "name": {"fr": "Lampadaire en panne", "en": "Broken streetlight"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let mut residents = Vec::new();
    for i in 0..ACCOUNTS {
        residents.push(signed_in(&base, &format!("r{i}@mairie.test")).await);
    }
    let before = peak_kib(&server);

    let bomb = black_png(8000, 8000);
    assert!(bomb.len() < 100_000, "a small file: {} bytes", bomb.len());
    let bombs = vec![bomb.clone(), bomb.clone(), bomb];
    // Eight accounts at once, three bombs each; the first account also four times at once.
    let mut attacks = Vec::new();
    for client in &residents {
        attacks.push(file(client, &base, &bombs));
    }
    for _ in 0..3 {
        attacks.push(file(&residents[0], &base, &bombs));
    }
    let outcomes = futures_util::future::join_all(attacks).await;
    for outcome in &outcomes {
        assert!(
            *outcome == (422, "image_too_large".to_owned())
                || *outcome == (429, "too_many_requests".to_owned()),
            "{outcome:?}"
        );
    }
    assert!(
        outcomes.iter().filter(|o| o.0 == 422).count() >= ACCOUNTS,
        "every account's bombs were looked at: {outcomes:?}"
    );

    // Real photos still file, a 12-megapixel one among them, several accounts at once.
    let big = black_png(4000, 3000);
    let small = black_png(640, 480);
    let honest: Vec<_> = residents[1..4]
        .iter()
        .map(|client| file(client, &base, std::slice::from_ref(&big)))
        .chain(std::iter::once(file(
            &residents[4],
            &base,
            std::slice::from_ref(&small),
        )))
        .collect();
    for outcome in futures_util::future::join_all(honest).await {
        assert_eq!(outcome.0, 201, "{outcome:?}");
    }
    let peak = peak_kib(&server);
    server.kill().unwrap();
    server.wait().unwrap();
    eprintln!("voix serve peak memory: {before} KiB before the attack, {peak} KiB after");
    assert!(
        peak < PEAK_BOUND_KIB,
        "peak resident memory {peak} KiB, bound {PEAK_BOUND_KIB} KiB"
    );
}
