//! Every proof type: a valid one verifies, a tampered one is rejected with the right error,
//! and serialization round-trips byte for byte.

use std::path::PathBuf;

use protocol::belenios::ballot::Ballot;
use protocol::belenios::decryption::PartialDecryption;
use protocol::belenios::election::{Election, ElectionContext, Question};
use protocol::belenios::error::{Error, ProofKind};
use protocol::belenios::group::RFC_3526_2048;
use protocol::belenios::rng::SeededRandom;
use protocol::belenios::simulate::{SimulationConfig, simulate};
use protocol::belenios::trustees::{self, TrusteeKind};
use protocol::belenios::verify::verify_archive;
use protocol::belenios::weight::Weight;
use protocol::belenios::{Elem, Group, Scalar, credential};

fn sample_election() -> String {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = manifest.join("../../shared/belenios/sample/setup-files/election.json");
    let path = if shared.exists() {
        shared
    } else {
        manifest.join("tests/data/sample/setup-files/election.json")
    };
    std::fs::read_to_string(path).unwrap().trim_end().to_owned()
}

const CRED: &str = "JFs-gPC-Js8-thi-fxA";

fn ballot(ctx: &ElectionContext, vote: &[Vec<u32>], seed: u64) -> String {
    let mut rng = SeededRandom::new(seed);
    ctx.create_ballot(CRED, vote, &mut rng).unwrap()
}

/// Applies `f` and re-signs the ballot with the voter's credential, so that the proof under
/// test (not the signature over it) is what fails.
fn tamper(ctx: &ElectionContext, raw: &str, f: impl FnOnce(&mut Ballot)) -> Result<(), Error> {
    let mut b: Ballot = serde_json::from_str(raw).unwrap();
    f(&mut b);
    ctx.sign_ballot(&mut b, CRED, &mut SeededRandom::new(99))
        .unwrap();
    ctx.verify_ballot(&b.to_json().unwrap()).map(|_| ())
}

/// Applies `f` without re-signing.
fn tamper_unsigned(
    ctx: &ElectionContext,
    raw: &str,
    f: impl FnOnce(&mut Ballot),
) -> Result<(), Error> {
    let mut b: Ballot = serde_json::from_str(raw).unwrap();
    f(&mut b);
    ctx.verify_ballot(&b.to_json().unwrap()).map(|_| ())
}

fn bump(s: &Scalar, group: &Group) -> Scalar {
    // (s + 1) mod q, via decimal arithmetic on small perturbation.
    let q = group.order();
    let mut x = num_bigint_add_one(&s.to_decimal());
    if x == q.to_decimal() {
        x = "0".into();
    }
    Scalar::from_decimal(&x).unwrap()
}

fn num_bigint_add_one(s: &str) -> String {
    let mut digits: Vec<u8> = s.bytes().map(|b| b - b'0').collect();
    let mut i = digits.len();
    loop {
        if i == 0 {
            digits.insert(0, 1);
            break;
        }
        i -= 1;
        if digits[i] == 9 {
            digits[i] = 0;
        } else {
            digits[i] += 1;
            break;
        }
    }
    digits.iter().map(|d| (d + b'0') as char).collect()
}

#[test]
fn ballot_proofs_verify_round_trip_and_reject_tampering() {
    let ctx = ElectionContext::from_raw(&sample_election()).unwrap();
    let g = ctx.group();
    let vote = vec![vec![0, 1, 0], vec![1, 0, 1, 0], vec![0, 0, 1]];
    let raw = ballot(&ctx, &vote, 1);
    let v = ctx.verify_ballot(&raw).unwrap();
    assert_eq!(
        v.credential,
        credential::public_credential(g, ctx.election().uuid(), CRED)
    );
    // Byte-exact round trip.
    let parsed: Ballot = serde_json::from_str(&raw).unwrap();
    assert_eq!(parsed.to_json().unwrap(), raw);
    // Deterministic with a seeded generator.
    assert_eq!(raw, ballot(&ctx, &vote, 1));

    let err = tamper(&ctx, &raw, |b| {
        let p = &mut b.answers[0].individual_proofs[1][0];
        p.response = bump(&p.response, g);
    });
    assert_eq!(
        err,
        Err(Error::Proof(ProofKind::Individual {
            question: 0,
            choice: 1
        }))
    );
    let err = tamper(&ctx, &raw, |b| {
        let p = &mut b.answers[1].overall_proof[2];
        p.challenge = bump(&p.challenge, g);
    });
    assert_eq!(err, Err(Error::Proof(ProofKind::Overall { question: 1 })));
    let err = tamper(&ctx, &raw, |b| {
        let p = &mut b.answers[2].blank_proof.as_mut().unwrap()[0];
        p.response = bump(&p.response, g);
    });
    assert_eq!(err, Err(Error::Proof(ProofKind::Blank { question: 2 })));
    let err = tamper(&ctx, &raw, |b| {
        let p = &mut b.answers[2].overall_proof[0];
        p.response = bump(&p.response, g);
    });
    assert_eq!(err, Err(Error::Proof(ProofKind::Overall { question: 2 })));
    let err = tamper_unsigned(&ctx, &raw, |b| {
        let s = b.signature.as_mut().unwrap();
        s.proof.response = bump(&s.proof.response, g);
    });
    assert_eq!(err, Err(Error::Proof(ProofKind::BallotSignature)));
    // Any change to the signed content breaks the signature hash.
    let err = tamper_unsigned(&ctx, &raw, |b| b.answers[0].choices.swap(0, 1));
    assert_eq!(err, Err(Error::Proof(ProofKind::BallotSignature)));
    let err = tamper_unsigned(&ctx, &raw, |b| {
        let p = &mut b.answers[0].individual_proofs[1][0];
        p.response = bump(&p.response, g);
    });
    assert_eq!(err, Err(Error::Proof(ProofKind::BallotSignature)));
    // Swapping choices and re-signing: the proofs are bound to their ciphertexts.
    let err = tamper(&ctx, &raw, |b| b.answers[0].choices.swap(0, 1));
    assert!(matches!(
        err,
        Err(Error::Proof(ProofKind::Individual { question: 0, .. }))
    ));
    // A changed credential: the signature does not verify under it.
    let err = tamper_unsigned(&ctx, &raw, |b| b.credential = g.generator());
    assert!(err.is_err());
    // A choice that is not a group element.
    let err = tamper(&ctx, &raw, |b| {
        b.answers[1].choices[0].alpha = Elem::from_u64(0)
    });
    assert!(matches!(err, Err(Error::NotInGroup(_))));
    // Unreduced scalar (response + q) is rejected even though it is "equivalent".
    let err = tamper(&ctx, &raw, |b| {
        let p = &mut b.answers[0].individual_proofs[0][0];
        let q = g.order().to_decimal();
        let sum = add_decimal(&p.response.to_decimal(), &q);
        p.response = Scalar::from_decimal(&sum).unwrap();
    });
    assert!(err.is_err());
    // Wrong election.
    let err = tamper(&ctx, &raw, |b| b.election_hash.push('x'));
    assert!(matches!(err, Err(Error::Invalid(_))));
    // Not in canonical form.
    assert!(matches!(
        ctx.verify_ballot(&raw.replace("{\"alpha\"", "{ \"alpha\"")),
        Err(Error::NonCanonical { .. })
    ));
    // Unknown fields are not canonical either.
    let extra = raw.replacen("{\"election_uuid\"", "{\"x\":1,\"election_uuid\"", 1);
    assert!(ctx.verify_ballot(&extra).is_err());
    // Garbage never panics.
    for s in [
        "",
        "{}",
        "[]",
        "null",
        "{\"election_uuid\":1}",
        &raw[..raw.len() / 2],
    ] {
        assert!(ctx.verify_ballot(s).is_err());
    }
}

fn add_decimal(a: &str, b: &str) -> String {
    let (a, b): (Vec<u8>, Vec<u8>) = (
        a.bytes().rev().map(|x| x - b'0').collect(),
        b.bytes().rev().map(|x| x - b'0').collect(),
    );
    let mut out = Vec::new();
    let mut carry = 0;
    for i in 0..a.len().max(b.len()) {
        let s = a.get(i).copied().unwrap_or(0) + b.get(i).copied().unwrap_or(0) + carry;
        out.push(s % 10);
        carry = s / 10;
    }
    if carry > 0 {
        out.push(carry);
    }
    out.iter().rev().map(|d| (d + b'0') as char).collect()
}

#[test]
fn blank_votes_and_invalid_plaintexts() {
    let ctx = ElectionContext::from_raw(&sample_election()).unwrap();
    let raw = ballot(&ctx, &[vec![0, 0, 1], vec![0, 1, 1, 1], vec![1, 0, 0]], 5);
    ctx.verify_ballot(&raw).unwrap();
    let mut rng = SeededRandom::new(6);
    for bad in [
        vec![vec![1, 1, 0], vec![1, 0, 0, 0], vec![0, 1, 0]], // 2 > max
        vec![vec![0, 0, 0], vec![1, 0, 0, 0], vec![0, 1, 0]], // 0 < min
        vec![vec![1, 0, 0], vec![1, 1, 1, 1], vec![0, 1, 0]], // 4 > max
        vec![vec![1, 0, 0], vec![1, 0, 0, 0], vec![1, 1, 0]], // blank and an answer
        vec![vec![1, 0, 0], vec![1, 0, 0, 0], vec![0, 2, 0]], // not 0/1
        vec![vec![1, 0, 0], vec![1, 0, 0, 0]],                // missing question
    ] {
        assert!(ctx.create_ballot(CRED, &bad, &mut rng).is_err());
    }
}

#[test]
fn decryption_proofs() {
    let ctx = ElectionContext::from_raw(&sample_election()).unwrap();
    let raw = ballot(&ctx, &[vec![0, 0, 1], vec![0, 1, 1, 1], vec![1, 0, 0]], 9);
    let v = ctx.verify_ballot(&raw).unwrap();
    let tally = ctx.compute_tally(&[(Weight(3), &v.ciphertexts)]).unwrap();
    let g = ctx.group();
    let mut rng = SeededRandom::new(10);
    let (x, pk) = trustees::generate_single(g, &mut rng).unwrap();
    let pd = ctx
        .compute_partial_decryption(&tally.encrypted_tally, &x, &mut rng)
        .unwrap();
    ctx.verify_partial_decryption(&tally.encrypted_tally, &pk.public_key, &pd)
        .unwrap();
    let json = serde_json::to_string(&pd).unwrap();
    let back: PartialDecryption = serde_json::from_str(&json).unwrap();
    assert_eq!(serde_json::to_string(&back).unwrap(), json);

    let mut bad = pd.clone();
    bad.decryption_factors[1][2] = g.generator();
    assert_eq!(
        ctx.verify_partial_decryption(&tally.encrypted_tally, &pk.public_key, &bad),
        Err(Error::Proof(ProofKind::Decryption {
            question: 1,
            answer: 2
        }))
    );
    let mut bad = pd.clone();
    bad.decryption_proofs[0][0].challenge = bump(&bad.decryption_proofs[0][0].challenge, g);
    assert!(
        ctx.verify_partial_decryption(&tally.encrypted_tally, &pk.public_key, &bad)
            .is_err()
    );
    let mut bad = pd.clone();
    bad.decryption_factors[0].pop();
    assert!(
        ctx.verify_partial_decryption(&tally.encrypted_tally, &pk.public_key, &bad)
            .is_err()
    );
    // Against the wrong key.
    assert!(
        ctx.verify_partial_decryption(&tally.encrypted_tally, &g.generator(), &pd)
            .is_err()
    );
}

#[test]
fn trustee_pok_round_trip_and_tamper() {
    let g = Group::belenios_2048();
    let mut rng = SeededRandom::new(11);
    let (_, pk) = trustees::generate_single(g, &mut rng).unwrap();
    let list = vec![TrusteeKind::Single(pk.clone())];
    trustees::check_trustees(g, &list).unwrap();
    let json = trustees::trustees_to_string(&list).unwrap();
    assert!(json.starts_with("[[\"Single\",{\"pok\":{\"challenge\":\""));
    assert_eq!(
        trustees::trustees_to_string(&trustees::parse_trustees(&json).unwrap()).unwrap(),
        json
    );
    let mut bad = pk.clone();
    bad.pok.challenge = bump(&bad.pok.challenge, g);
    assert_eq!(
        trustees::check_single(g, &bad, ProofKind::TrusteePok),
        Err(Error::Proof(ProofKind::TrusteePok))
    );
    let mut bad = pk;
    bad.public_key = Elem::from_u64(0);
    assert!(trustees::check_single(g, &bad, ProofKind::TrusteePok).is_err());
    assert!(trustees::parse_trustees("[[\"Double\",{}]]").is_err());
}

#[test]
fn rfc3526_election_end_to_end() {
    let sim = simulate(&SimulationConfig {
        seed: 12,
        voters: 2,
        revotes: 1,
        group: RFC_3526_2048.to_owned(),
        questions: vec![Question {
            answers: vec!["Yes".into(), "No".into()],
            blank: Some(true),
            min: 1,
            max: 1,
            question: "Referendum".into(),
        }],
        ..SimulationConfig::default()
    })
    .unwrap();
    let report = verify_archive(&sim.archive).unwrap();
    assert_eq!(report.result, Some(sim.expected_result));
}

#[test]
fn election_parsing_is_strict() {
    let raw = sample_election();
    let e = Election::parse(&raw).unwrap();
    assert_eq!(
        e.fingerprint(),
        "LCwmBxKch8tGmr0MMvPJouOq4qdnZBbTNq9M+O0s4Tc"
    );
    assert!(Election::parse(&raw.replace("BELENIOS-2048", "Ed25519")).is_err());
    assert!(Election::parse(&raw.replace("\"min\":1,\"max\":3", "\"min\":3,\"max\":1")).is_err());
    assert!(Election::parse(&raw.replace("\"version\":1", "\"version\":2")).is_err());
    assert!(Election::parse(&raw.replace("Jv31HSynnZhaEj", "Jv31HSynnZhaE0")).is_err());
    assert!(Election::parse("{").is_err());
}
