//! End-to-end: simulated elections verify with our verifier and with belenios-tool 2.0.

use std::path::Path;
use std::process::Command;

use protocol::belenios::simulate::{
    Simulation, SimulationConfig, TrusteeConfig, simulate, simulate_with,
};
use protocol::belenios::verify::verify_archive;

fn small(seed: u64, weighted: bool) -> SimulationConfig {
    SimulationConfig {
        seed,
        voters: 4,
        revotes: 2,
        weighted,
        ..SimulationConfig::default()
    }
}

#[test]
fn simulation_verifies_and_is_deterministic() {
    let a = simulate(&small(1, true)).unwrap();
    let report = verify_archive(&a.archive).unwrap();
    assert_eq!(report.num_ballots, 6);
    assert_eq!(report.result.as_ref(), Some(&a.expected_result));
    assert_eq!(report.trackers, a.trackers);
    let b = simulate(&small(1, true)).unwrap();
    assert_eq!(a.archive, b.archive);
    let c = simulate(&small(2, true)).unwrap();
    assert_ne!(a.archive, c.archive);
}

#[test]
fn tampered_simulation_fails() {
    let a = simulate(&small(3, false)).unwrap();
    // Flip one byte inside the first ballot's body: the record name no longer matches.
    let mut bytes = a.archive.clone();
    let pos = bytes
        .windows(12)
        .position(|w| w == b"\"individual_")
        .unwrap();
    bytes[pos + 1] = b'J';
    assert!(verify_archive(&bytes).is_err());
    // Standard tar EOF blocks appended: rejected like belenios-tool does.
    let mut bytes = a.archive.clone();
    bytes.extend_from_slice(&[0u8; 1024]);
    assert!(verify_archive(&bytes).is_err());
    // Truncated archive.
    assert!(verify_archive(&a.archive[..a.archive.len() - 512]).is_err());
    assert!(verify_archive(&[]).is_err());
    assert!(verify_archive(b"garbage").is_err());
}

/// Writes the archive into a fresh directory and runs `belenios-tool election verify` and
/// `compute-result` on it; `None` when the tool is absent.
fn tool_check(sim: &Simulation, tag: &str) -> Option<()> {
    let tool = Path::new("/usr/bin/belenios-tool");
    if !tool.exists() {
        println!("skipped: /usr/bin/belenios-tool is not installed");
        return None;
    }
    let dir = std::env::temp_dir().join(format!("voix-belenios-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{}.bel", sim.uuid)), &sim.archive).unwrap();
    let out = Command::new(tool)
        .args(["election", "verify", "--dir"])
        .arg(&dir)
        .env("TERM", "dumb")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let result = Command::new(tool)
        .args(["election", "compute-result", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "stdout: {stdout}\nstderr: {stderr}");
    assert!(stderr.contains("all checks passed"), "{stderr}");
    let computed: serde_json::Value = serde_json::from_slice(&result.stdout).unwrap();
    assert_eq!(
        computed["result"],
        serde_json::to_value(&sim.expected_result).unwrap()
    );
    Some(())
}

#[test]
fn simulation_passes_belenios_tool() {
    let sim = simulate(&small(4, true)).unwrap();
    assert_eq!(sim.decrypting_trustees, vec![1]);
    tool_check(&sim, "sim");
}

/// Blank-allowed questions everywhere, weights and revotes.
fn threshold_config(seed: u64) -> SimulationConfig {
    let mut questions = protocol::belenios::simulate::default_questions();
    for q in &mut questions {
        q.blank = Some(true);
    }
    SimulationConfig {
        seed,
        voters: 6,
        revotes: 3,
        weighted: true,
        questions,
        ..SimulationConfig::default()
    }
}

#[test]
fn threshold_simulation_2_of_3_verifies() {
    let config = threshold_config(21);
    let trustees = TrusteeConfig::Threshold {
        threshold: 2,
        trustees: 3,
    };
    let sim = simulate_with(&config, trustees).unwrap();
    assert_eq!(sim.decrypting_trustees.len(), 2);
    assert!(sim.decrypting_trustees.iter().all(|o| (1..=3).contains(o)));
    let report = verify_archive(&sim.archive).unwrap();
    assert_eq!(report.num_ballots, 9);
    assert_eq!(report.result.as_ref(), Some(&sim.expected_result));
    assert_eq!(report.partial_decryptions, sim.decrypting_trustees);
    // Deterministic.
    assert_eq!(
        simulate_with(&config, trustees).unwrap().archive,
        sim.archive
    );
    tool_check(&sim, "t23");
}

#[test]
fn single_and_threshold_simulation_verifies() {
    let config = threshold_config(22);
    let sim = simulate_with(
        &config,
        TrusteeConfig::SingleAndThreshold {
            threshold: 2,
            trustees: 3,
        },
    )
    .unwrap();
    assert_eq!(sim.decrypting_trustees.len(), 3);
    assert_eq!(sim.decrypting_trustees[0], 1);
    assert!(
        sim.decrypting_trustees[1..]
            .iter()
            .all(|o| (2..=4).contains(o))
    );
    let report = verify_archive(&sim.archive).unwrap();
    assert_eq!(report.result.as_ref(), Some(&sim.expected_result));
    tool_check(&sim, "st23");
}

#[test]
fn invalid_threshold_configurations_are_errors() {
    let config = small(5, false);
    for (threshold, trustees) in [(0, 3), (4, 3), (1, 17)] {
        assert!(
            simulate_with(
                &config,
                TrusteeConfig::Threshold {
                    threshold,
                    trustees
                }
            )
            .is_err()
        );
    }
}
