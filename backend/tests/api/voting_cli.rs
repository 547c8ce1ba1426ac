//! `voix verify` and `voix simulate-election` as processes, cross-checked with belenios-tool
//! (Debian `belenios-tool` 2.0, installed by .ci/run) when it is present.

use std::path::{Path, PathBuf};
use std::process::Command;

const VOIX: &str = env!("CARGO_BIN_EXE_voix");

fn sample_archive() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../protocol/tests/data/sample/Jv31HSynnZhaEj.bel")
}

fn run(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(VOIX).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `belenios-tool election verify` on `archive`; `None` when the tool is not installed.
fn belenios_verify(archive: &Path) -> Option<(bool, String)> {
    if Command::new("belenios-tool")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("belenios-tool not installed: skipping the cross-check (CI installs it)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(archive, dir.path().join(archive.file_name().unwrap())).unwrap();
    let out = Command::new("belenios-tool")
        .args(["election", "verify", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Some((
        out.status.success() && text.contains("all checks passed"),
        text,
    ))
}

#[test]
fn verifies_the_belenios_reference_archive() {
    let (ok, out, err) = run(&["verify", sample_archive().to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("valid"), "{out}");
    assert!(out.contains("6 cast, 5 distinct credentials"), "{out}");
    assert!(out.contains("[[1,2,2],[2,2,3,1],[2,1,2]]"), "{out}");
}

#[test]
fn rejects_a_tampered_archive_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = std::fs::read(sample_archive()).unwrap();
    // Change one digit inside the first ballot's JSON (after the setup records).
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let at = text.find("\"election_uuid\"").unwrap() + 200;
    let pos = (at..bytes.len())
        .find(|&i| bytes[i].is_ascii_digit())
        .unwrap();
    bytes[pos] = if bytes[pos] == b'1' { b'2' } else { b'1' };
    let path = dir.path().join("tampered.bel");
    std::fs::write(&path, &bytes).unwrap();
    let (ok, _, err) = run(&["verify", path.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("NOT valid"), "{err}");

    let (ok, _, err) = run(&["verify", dir.path().join("missing.bel").to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("cannot read"), "{err}");
    std::fs::write(dir.path().join("garbage.bel"), b"not an archive at all").unwrap();
    let (ok, _, err) = run(&["verify", dir.path().join("garbage.bel").to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("NOT valid"), "{err}");
}

#[test]
fn bad_simulation_options_are_refused() {
    for bad in ["0-of-3", "4-of-3", "two-of-three", "2of3"] {
        let (ok, _, err) = run(&[
            "simulate-election",
            "--voters",
            "2",
            "--threshold",
            bad,
            "--out",
            "/tmp/never.bel",
        ]);
        assert!(!ok, "{bad}");
        assert!(err.contains("T-of-N"), "{err}");
    }
    let (ok, _, err) = run(&[
        "simulate-election",
        "--voters",
        "0",
        "--out",
        "/tmp/never.bel",
    ]);
    assert!(!ok);
    assert!(err.contains("at least 1"), "{err}");
    let (ok, _, err) = run(&[
        "simulate-election",
        "--voters",
        "2",
        "--group",
        "P-256",
        "--out",
        "/tmp/never.bel",
    ]);
    assert!(!ok);
    assert!(err.contains("simulation failed"), "{err}");
}

#[test]
fn simulated_elections_verify_with_voix_and_belenios_tool() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[&str]); 3] = [
        ("plain", &["--voters", "8", "--seed", "1"]),
        (
            "blank-revotes",
            &["--voters", "10", "--revotes", "4", "--blank", "--seed", "2"],
        ),
        (
            "weights",
            &[
                "--voters",
                "9",
                "--revotes",
                "2",
                "--weights",
                "--blank",
                "--seed",
                "3",
            ],
        ),
    ];
    for (name, extra) in cases {
        let out_path = dir.path().join(format!("{name}.bel"));
        let mut args = vec!["simulate-election", "--out", out_path.to_str().unwrap()];
        args.extend_from_slice(extra);
        let (ok, out, err) = run(&args);
        assert!(ok, "{name}: {err}");
        let expected = out
            .lines()
            .find_map(|l| l.strip_prefix("expected result: "))
            .unwrap()
            .to_owned();

        let (ok, report, err) = run(&["verify", out_path.to_str().unwrap()]);
        assert!(ok, "{name}: {err}");
        if name == "threshold" {
            let owners = out
                .lines()
                .find_map(|l| l.strip_prefix("decrypted by trustees "))
                .unwrap();
            assert_eq!(
                owners.split(", ").count(),
                2,
                "exactly the threshold decrypts: {out}"
            );
        }
        assert!(
            report.contains(&expected),
            "{name}: voix verify shows {report}, expected {expected}"
        );

        if let Some((ok, text)) = belenios_verify(&out_path) {
            assert!(ok, "{name}: belenios-tool rejected Voix's archive:\n{text}");
        }
    }
}
