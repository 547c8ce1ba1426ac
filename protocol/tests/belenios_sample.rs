//! Known-answer tests against the reference election made by belenios-tool 2.0
//! (`shared/belenios/sample`, copied into `tests/data/sample` for clean checkouts).

use std::path::PathBuf;
use std::time::Instant;

use protocol::belenios::ballot::tracker;
use protocol::belenios::credential;
use protocol::belenios::decryption::{self, ElectionResult};
use protocol::belenios::election::ElectionContext;
use protocol::belenios::hash::sha256_hex;
use protocol::belenios::rng::SeededRandom;
use protocol::belenios::tally::last_ballots;
use protocol::belenios::trustees::{self, TrusteeKind};
use protocol::belenios::verify::verify_archive;
use protocol::belenios::weight::Weight;
use protocol::belenios::{Elem, SecretScalar};

fn sample_path(name: &str) -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = manifest.join("../../shared/belenios/sample").join(name);
    if shared.exists() {
        shared
    } else {
        manifest.join("tests/data/sample").join(name)
    }
}

fn read(name: &str) -> String {
    let s = std::fs::read_to_string(sample_path(name)).unwrap();
    s.strip_suffix('\n').map(str::to_owned).unwrap_or(s)
}

fn context() -> ElectionContext {
    ElectionContext::from_raw(&read("setup-files/election.json")).unwrap()
}

#[test]
fn sample_archive_verifies() {
    let bytes = std::fs::read(sample_path("Jv31HSynnZhaEj.bel")).unwrap();
    let t = Instant::now();
    let report = verify_archive(&bytes).unwrap();
    eprintln!("verify_archive(sample): {:?}", t.elapsed());
    assert_eq!(report.uuid, "Jv31HSynnZhaEj");
    assert_eq!(report.num_ballots, 6);
    assert_eq!(report.num_tallied, 5);
    assert_eq!(report.num_voters, 5);
    assert_eq!(report.total_weight, 5);
    assert_eq!(report.partial_decryptions, vec![2, 3, 1]);
    assert_eq!(
        report.result,
        Some(vec![vec![1, 2, 2], vec![2, 2, 3, 1], vec![2, 1, 2]])
    );
}

#[test]
fn sample_public_credentials_derive_from_private_ones() {
    let ctx = context();
    let group = ctx.group();
    let uuid = read("uuid.txt");
    let public: Vec<String> = serde_json::from_str(&read("setup-files/public_creds.json")).unwrap();
    // `*.pubcreds` lines are "<G>,<weight>,<login>", not in the order of the private file.
    let mut expected: Vec<&str> = public
        .iter()
        .map(|p| p.split(',').next().unwrap())
        .collect();
    let private = read("private_creds.txt");
    let mut derived: Vec<String> = private
        .lines()
        .map(|line| {
            let cred = line.split(' ').nth(1).unwrap();
            assert!(credential::is_valid(cred));
            credential::public_credential(group, &uuid, cred).to_decimal()
        })
        .collect();
    expected.sort();
    derived.sort();
    assert_eq!(derived, expected);
}

#[test]
fn sample_ballots_verify_and_trackers_match() {
    let ctx = context();
    let summary: Vec<serde_json::Value> =
        serde_json::from_str(&read("ballot-summary.json")).unwrap();
    let names = [
        "ballot1", "ballot2", "ballot3", "ballot4", "ballot5", "revote1",
    ];
    for (name, s) in names.iter().zip(&summary) {
        let raw = read(&format!("ballots/{name}.json"));
        let t = Instant::now();
        let v = ctx.verify_ballot(&raw).unwrap();
        eprintln!("verify_ballot({name}): {:?}", t.elapsed());
        assert_eq!(v.hash, s["hash"].as_str().unwrap());
        assert_eq!(v.tracker, tracker(&raw));
        // One space more: not canonical any more.
        let spaced = raw.replacen(",\"", ", \"", 1);
        assert!(ctx.verify_ballot(&spaced).is_err());
    }
}

#[test]
fn sample_encrypted_tally_and_decryption() {
    let ctx = context();
    let names = [
        "ballot1", "ballot2", "ballot3", "ballot4", "ballot5", "revote1",
    ];
    let verified: Vec<_> = names
        .iter()
        .map(|n| {
            ctx.verify_ballot(&read(&format!("ballots/{n}.json")))
                .unwrap()
        })
        .collect();
    let last = last_ballots(verified.iter().map(|b| (b.credential, &b.ciphertexts)));
    assert_eq!(last.len(), 5);
    let weighted: Vec<_> = last.iter().map(|(_, c)| (Weight::ONE, *c)).collect();
    let tally = ctx.compute_tally(&weighted).unwrap();
    // encrypted-tally.out: the tally line, then the sized tally line.
    let et_out = read("encrypted-tally.out");
    let mut lines = et_out.lines();
    let et_line = lines.next().unwrap();
    assert_eq!(tally.encrypted_tally_json().unwrap(), et_line);
    let sized = serde_json::to_string(&tally.sized().unwrap()).unwrap();
    assert_eq!(sized, lines.next().unwrap());

    // Our own partial decryption with the Single trustee's key verifies and, combined with the
    // tool's Pedersen shares, gives result.out.
    let group = ctx.group();
    let privkey: String = serde_json::from_str(&read("2F70C01B.privkey")).unwrap();
    let x = SecretScalar::from_decimal(group, &privkey).unwrap();
    let mut rng = SeededRandom::new(42);
    let ours = ctx
        .compute_partial_decryption(&tally.encrypted_tally, &x, &mut rng)
        .unwrap();
    let trustees = trustees::parse_trustees(&read("setup-files/trustees.json")).unwrap();
    let single_pk = match &trustees[0] {
        TrusteeKind::Single(t) => t.public_key,
        TrusteeKind::Pedersen(_) => panic!("expected a Single trustee first"),
    };
    assert_eq!(x.public(group), single_pk);
    ctx.verify_partial_decryption(&tally.encrypted_tally, &single_pk, &ours)
        .unwrap();
    let tool_single =
        decryption::parse_partial_decryption(read("pd-single.out").lines().next().unwrap())
            .unwrap();
    ctx.verify_partial_decryption(&tally.encrypted_tally, &single_pk, &tool_single)
        .unwrap();
    // Same factors as the tool (the proofs differ by their randomness).
    assert_eq!(ours.decryption_factors, tool_single.decryption_factors);
    let pd1 =
        decryption::parse_partial_decryption(read("pd-threshold-1.out").lines().next().unwrap())
            .unwrap();
    let pd2 =
        decryption::parse_partial_decryption(read("pd-threshold-2.out").lines().next().unwrap())
            .unwrap();
    let factors = ctx
        .combine_partial_decryptions(
            &tally.encrypted_tally,
            &trustees,
            &[(1, &ours), (2, &pd1), (3, &pd2)],
        )
        .unwrap();
    let result = ctx
        .compute_result(&tally.encrypted_tally, &factors, tally.total_weight)
        .unwrap();
    let expected: ElectionResult = serde_json::from_str(&read("result.out")).unwrap();
    assert_eq!(result, expected);
    assert_eq!(serde_json::to_string(&result).unwrap(), read("result.out"));
    ctx.check_result(&tally.encrypted_tally, &factors, &result)
        .unwrap();
    // A wrong count is rejected.
    let mut wrong = result.clone();
    wrong.result[0][0] = Weight(wrong.result[0][0].0 + 1);
    assert!(
        ctx.check_result(&tally.encrypted_tally, &factors, &wrong)
            .is_err()
    );
    // Missing Single share: cannot combine.
    assert!(
        ctx.combine_partial_decryptions(&tally.encrypted_tally, &trustees, &[(2, &pd1), (3, &pd2)])
            .is_err()
    );
    // A share attributed to the wrong trustee fails its proof.
    assert!(
        ctx.combine_partial_decryptions(
            &tally.encrypted_tally,
            &trustees,
            &[(1, &ours), (3, &pd1), (2, &pd2)]
        )
        .is_err()
    );
}

#[test]
fn sample_trustees_verify() {
    let ctx = context();
    let group = ctx.group();
    let raw = read("setup-files/trustees.json");
    let t = trustees::parse_trustees(&raw).unwrap();
    trustees::check_trustees(group, &t).unwrap();
    assert_eq!(
        trustees::combine_keys(group, &t).unwrap(),
        ctx.election().public_key()
    );
    // Byte-exact round trip of the trustees file.
    assert_eq!(trustees::trustees_to_string(&t).unwrap(), raw);
    // Tamper with a verification key PoK.
    let mut bad = t.clone();
    if let TrusteeKind::Pedersen(p) = &mut bad[1] {
        p.verification_keys[0].pok.response = p.verification_keys[1].pok.response;
    }
    assert!(trustees::check_trustees(group, &bad).is_err());
    let mut bad = t.clone();
    if let TrusteeKind::Pedersen(p) = &mut bad[1] {
        p.certs[0].signature = p.certs[1].signature;
    }
    assert!(trustees::check_trustees(group, &bad).is_err());
    let mut bad = t.clone();
    if let TrusteeKind::Pedersen(p) = &mut bad[1] {
        p.coefexps[2].signature = p.coefexps[1].signature;
    }
    assert!(trustees::check_trustees(group, &bad).is_err());
    let mut bad = t.clone();
    if let TrusteeKind::Single(s) = &mut bad[0] {
        s.public_key = Elem::from_u64(1);
    }
    assert!(trustees::check_trustees(group, &bad).is_err());
    let _ = sha256_hex(raw.as_bytes());
}
