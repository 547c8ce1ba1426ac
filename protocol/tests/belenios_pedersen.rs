//! The Pedersen key ceremony: known answers from the belenios-tool 2.0 sample ceremony
//! (`shared/belenios/sample`, copied into `tests/data/sample`), full ceremonies run by Voix,
//! tampering, and a mixed ceremony with `belenios-tool` participants.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use protocol::belenios::channel::{self, EncryptedMsg};
use protocol::belenios::decryption;
use protocol::belenios::election::ElectionContext;
use protocol::belenios::group::Group;
use protocol::belenios::pedersen::{
    self, Polynomial, TrusteeSeed, Vinput, Voutput, certificate_id, parse_lines, to_json,
};
use protocol::belenios::rng::SeededRandom;
use protocol::belenios::trustees::{self, SignedMsg, ThresholdParams, TrusteeKind};
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

fn group() -> &'static Group {
    Group::belenios_2048()
}

/// The sample's certificates (cert order) and the file stem of each.
fn sample_certs() -> (Vec<SignedMsg>, Vec<String>) {
    let certs: Vec<SignedMsg> = parse_lines(&read("certs.jsons"), "certs").unwrap();
    let ids = certs.iter().map(certificate_id).collect();
    (certs, ids)
}

fn sample_threshold() -> ThresholdParams {
    serde_json::from_str(&read("setup-files/threshold.json")).unwrap()
}

#[test]
fn sample_certificates_rederive_from_seeds() {
    let g = group();
    let (certs, ids) = sample_certs();
    let mut rng = SeededRandom::new(1);
    for (cert, id) in certs.iter().zip(&ids) {
        // The sample's own file is named after its certificate, byte for byte.
        let file_cert: SignedMsg = serde_json::from_str(&read(&format!("{id}.cert"))).unwrap();
        assert_eq!(&file_cert, cert);
        assert_eq!(
            to_json(&file_cert, "cert").unwrap(),
            read(&format!("{id}.cert"))
        );
        pedersen::check_certificate(g, cert).unwrap();
        // Re-derived from the seed: identical message, a (fresh) valid signature.
        let seed = TrusteeSeed::parse(&read(&format!("{id}.key"))).unwrap();
        let ours = pedersen::make_certificate(g, &seed, &mut rng).unwrap();
        assert_eq!(ours.message, cert.message);
        assert_eq!(certificate_id(&ours), *id);
        pedersen::check_certificate(g, &ours).unwrap();
        // Tampering: another signature, another message, a scalar out of range.
        let mut bad = ours.clone();
        bad.signature = cert.signature;
        bad.signature.response = protocol::belenios::Scalar::from_u64(1);
        assert!(pedersen::check_certificate(g, &bad).is_err());
        let mut bad = ours.clone();
        bad.message = bad
            .message
            .replacen("\"verification\"", "\"verification\" ", 1);
        assert!(pedersen::check_certificate(g, &bad).is_err());
        let mut bad = ours.clone();
        bad.signature.challenge = g.order();
        assert!(pedersen::check_certificate(g, &bad).is_err());
    }
    pedersen::step2(g, &certs).unwrap();
    let mut dup = certs.clone();
    dup[1] = dup[0].clone();
    assert!(pedersen::step2(g, &dup).is_err());
    assert!(pedersen::step2(g, &[]).is_err());
    for bad in [
        "",
        "Eu22V4VLBWSRhrPQXZ3Ao",
        "Eu22V4VLBWSRhrPQXZ3Ao0",
        "Eu22V4VLBWSRhrPQXZ3Aorr",
    ] {
        assert!(TrusteeSeed::parse(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn sample_dkeys_decrypt_to_verification_keys() {
    let g = group();
    let (_, ids) = sample_certs();
    let params = sample_threshold();
    trustees::check_pedersen(g, &params).unwrap();
    for (j, id) in ids.iter().enumerate() {
        let seed = TrusteeSeed::parse(&read(&format!("{id}.key"))).unwrap();
        let dkey = read(&format!("{id}.dkey"));
        let x = pedersen::decryption_key(g, &seed, &dkey).unwrap();
        assert_eq!(x.public(g), params.verification_keys[j].public_key);
        // The voutput carries the same encrypted key.
        let vo: Voutput = serde_json::from_str(&read(&format!("{id}.voutput"))).unwrap();
        assert_eq!(vo.private_key, dkey);
        // Somebody else's seed cannot open it (wrong dk, and wrong signer).
        let other = TrusteeSeed::parse(&read(&format!("{}.key", ids[(j + 1) % 3]))).unwrap();
        assert!(pedersen::decryption_key(g, &other, &dkey).is_err());
        // Corrupted ciphertext.
        let mut msg = EncryptedMsg::parse(&dkey).unwrap();
        let last = msg.data.pop().unwrap();
        msg.data.push(if last == '0' { '1' } else { '0' });
        let bad = msg.to_json().unwrap();
        assert!(pedersen::decryption_key(g, &seed, &bad).is_err());
    }
}

#[test]
fn sample_vinput_secrets_match_coefexps() {
    let g = group();
    let (certs, ids) = sample_certs();
    let params = sample_threshold();
    let polynomials: Vec<Polynomial> =
        parse_lines(&read("polynomials.jsons"), "polynomials").unwrap();
    // Step 4 is deterministic: Voix routes the tool's polynomials into the tool's vinputs.
    let vinputs = pedersen::step4(g, &certs, &polynomials).unwrap();
    let mut rng = SeededRandom::new(2);
    for (j, id) in ids.iter().enumerate() {
        let raw = read(&format!("{id}.vinput"));
        assert_eq!(to_json(&vinputs[j], "vinput").unwrap(), raw);
        let vinput: Vinput = serde_json::from_str(&raw).unwrap();
        // Each share addressed to trustee j decrypts and matches its sender's coefexps.
        let seed = TrusteeSeed::parse(&read(&format!("{id}.key"))).unwrap();
        let keys = seed.keys(g);
        let coefexps = trustees::parse_coefexps(&params).unwrap();
        for (i, secret) in vinput.secrets.iter().enumerate() {
            let sender: trustees::CertKeys = serde_json::from_str(&certs[i].message).unwrap();
            let m = channel::recv(
                g,
                &keys.dk,
                &sender.verification,
                &EncryptedMsg::parse(secret).unwrap(),
            )
            .unwrap();
            let v: serde_json::Value = serde_json::from_str(&m).unwrap();
            let s = v["secret"].as_str().unwrap();
            // Belenios may write unreduced shares; g^s only depends on s mod q.
            let elem = Elem::from_decimal(s).unwrap();
            let check = g_pow_public(g, &elem);
            let vk = commitment(g, &coefexps[i], j as u64 + 1);
            assert_eq!(check, vk, "share {i} -> {j}");
            // Read with the wrong sender key: rejected.
            let wrong: trustees::CertKeys =
                serde_json::from_str(&certs[(i + 1) % 3].message).unwrap();
            assert!(
                channel::recv(
                    g,
                    &keys.dk,
                    &wrong.verification,
                    &EncryptedMsg::parse(secret).unwrap()
                )
                .is_err()
            );
        }
        // Voix's step 5 on the tool's vinput yields the published verification key, and
        // its new encrypted key opens to the same share as the tool's .dkey.
        let vo = pedersen::step5(g, &certs, &seed, &vinput, &mut rng).unwrap();
        assert_eq!(
            vo.public_key.public_key,
            params.verification_keys[j].public_key
        );
        pedersen::check_voutput(g, &certs, j, &polynomials, &vo).unwrap();
        let ours = pedersen::decryption_key(g, &seed, &vo.private_key).unwrap();
        let theirs = pedersen::decryption_key(g, &seed, &read(&format!("{id}.dkey"))).unwrap();
        assert_eq!(ours, theirs);
        // Another trustee's vinput: its shares are not addressed to us.
        let other: Vinput =
            serde_json::from_str(&read(&format!("{}.vinput", ids[(j + 1) % 3]))).unwrap();
        assert!(pedersen::step5(g, &certs, &seed, &other, &mut rng).is_err());
        // A share swapped between senders no longer matches the coefexps (or the signer).
        let mut swapped = vinput.clone();
        swapped.secrets.swap(0, 1);
        assert!(pedersen::step5(g, &certs, &seed, &swapped, &mut rng).is_err());
    }
}

/// `g^e mod p` computed independently with `num-bigint` (test oracle).
fn g_pow_public(g: &Group, e: &Elem) -> Elem {
    let p = num_bigint_from(P_BELENIOS);
    let b = num_bigint_from(&g.generator().to_decimal());
    let e = num_bigint_from(&e.to_decimal());
    Elem::from_decimal(&b.modpow(&e, &p).to_str_radix(10)).unwrap()
}

fn commitment(g: &Group, c: &[Elem], j: u64) -> Elem {
    let p = num_bigint_from(P_BELENIOS);
    let q = num_bigint_from(&g.order().to_decimal());
    let mut acc = num_bigint::BigUint::from(1u32);
    let mut jk = num_bigint::BigUint::from(1u32);
    for ck in c {
        let b = num_bigint_from(&ck.to_decimal());
        acc = acc * b.modpow(&jk, &p) % &p;
        jk = jk * j % &q;
    }
    Elem::from_decimal(&acc.to_str_radix(10)).unwrap()
}

fn num_bigint_from(s: &str) -> num_bigint::BigUint {
    num_bigint::BigUint::parse_bytes(s.as_bytes(), 10).unwrap()
}

const P_BELENIOS: &str = "20694785691422546401013643657505008064922989295751104097100884787057374219242717401922237254497684338129066633138078958404960054389636289796393038773905722803605973749427671376777618898589872735865049081167099310535867780980030790491654063777173764198678527273474476341835600035698305193144284561701911000786737307333564123971732897913240474578834468260652327974647951137672658693582180046317922073668860052627186363386088796882120769432366149491002923444346373222145884100586421050242120365433561201320481118852408731077014151666200162313177169372189248078507711827842317498073276598828825169183103125680162072880719";

#[test]
fn sample_step6_reproduces_threshold_json() {
    let g = group();
    let (certs, ids) = sample_certs();
    let polynomials: Vec<Polynomial> =
        parse_lines(&read("polynomials.jsons"), "polynomials").unwrap();
    let voutputs: Vec<Voutput> = ids
        .iter()
        .map(|id| serde_json::from_str(&read(&format!("{id}.voutput"))).unwrap())
        .collect();
    for (j, vo) in voutputs.iter().enumerate() {
        assert_eq!(
            to_json(vo, "voutput").unwrap(),
            read(&format!("{}.voutput", ids[j]))
        );
        pedersen::check_voutput(g, &certs, j, &polynomials, vo).unwrap();
    }
    for p in &polynomials {
        let line = to_json(p, "polynomial").unwrap();
        assert!(read("polynomials.jsons").lines().any(|l| l == line));
    }
    let params = pedersen::step6(g, &certs, &polynomials, &voutputs).unwrap();
    assert_eq!(
        to_json(&params, "threshold").unwrap(),
        read("setup-files/threshold.json")
    );
    // Voutputs in the wrong order, or a forged proof of knowledge: rejected.
    let mut wrong = voutputs.clone();
    wrong.swap(0, 2);
    assert!(pedersen::step6(g, &certs, &polynomials, &wrong).is_err());
    let mut forged = voutputs.clone();
    forged[1].public_key.pok = forged[0].public_key.pok;
    assert!(pedersen::step6(g, &certs, &polynomials, &forged).is_err());
    // Coefexps whose signature does not match their author: rejected by step 4 and 6.
    let mut bad = polynomials.clone();
    bad[0].coefexps.message = bad[1].coefexps.message.clone();
    assert!(pedersen::step4(g, &certs, &bad).is_err());
    assert!(pedersen::step6(g, &certs, &bad, &voutputs).is_err());
}

#[test]
fn sample_threshold_partial_decryptions_combine() {
    let ctx = ElectionContext::from_raw(&read("setup-files/election.json")).unwrap();
    let trustee_list = trustees::parse_trustees(&read("setup-files/trustees.json")).unwrap();
    let tally_line = read("encrypted-tally.out");
    let tally = decryption::parse_encrypted_tally(tally_line.lines().next().unwrap()).unwrap();
    let (_, ids) = sample_certs();
    let mut rng = SeededRandom::new(3);
    // Trustees 2 and 3 of the Pedersen block (owners 3 and 4) decrypt with Voix; the Single
    // trustee's share comes from the tool.
    let mut pds = Vec::new();
    for (j, id) in ids.iter().enumerate().skip(1) {
        let seed = TrusteeSeed::parse(&read(&format!("{id}.key"))).unwrap();
        let pd = ctx
            .compute_threshold_partial_decryption(
                &tally,
                &seed,
                &read(&format!("{id}.dkey")),
                &mut rng,
            )
            .unwrap();
        pds.push((j as u32 + 2, pd));
    }
    let single_line = read("pd-single.out");
    let single = decryption::parse_partial_decryption(single_line.lines().next().unwrap()).unwrap();
    let mut refs: Vec<(u32, &decryption::PartialDecryption)> = vec![(1, &single)];
    refs.extend(pds.iter().map(|(o, p)| (*o, p)));
    let factors = ctx
        .combine_partial_decryptions(&tally, &trustee_list, &refs)
        .unwrap();
    let sized: serde_json::Value =
        serde_json::from_str(tally_line.lines().nth(1).unwrap()).unwrap();
    let total = protocol::belenios::weight::Weight(sized["total_weight"].as_u64().unwrap());
    let result = ctx.compute_result(&tally, &factors, total).unwrap();
    let expected: serde_json::Value = serde_json::from_str(&read("result.out")).unwrap();
    assert_eq!(serde_json::to_value(&result).unwrap(), expected);
    // A share published under the wrong owner does not verify.
    let swapped: Vec<(u32, &decryption::PartialDecryption)> =
        vec![(1, &single), (3, &pds[1].1), (4, &pds[0].1)];
    assert!(
        ctx.combine_partial_decryptions(&tally, &trustee_list, &swapped)
            .is_err()
    );
    // Only one Pedersen share: not enough.
    let few: Vec<(u32, &decryption::PartialDecryption)> = vec![(1, &single), (3, &pds[0].1)];
    assert!(
        ctx.combine_partial_decryptions(&tally, &trustee_list, &few)
            .is_err()
    );
}

#[test]
fn voix_ceremony_round_trips_and_rejects_tampering() {
    for (group, t, n) in [
        (Group::belenios_2048(), 2usize, 3usize),
        (Group::belenios_2048(), 1, 1),
        (Group::belenios_2048(), 3, 3),
        (Group::rfc_3526_2048(), 2, 2),
    ] {
        let mut rng = SeededRandom::new(10 + t as u64 * 7 + n as u64);
        let c = pedersen::run_ceremony(group, t, n, &mut rng).unwrap();
        assert_eq!(c.params.threshold as usize, t);
        trustees::check_trustees(group, &[TrusteeKind::Pedersen(c.params.clone())]).unwrap();
        // Serialization round trips of every file.
        let params_json = to_json(&c.params, "threshold").unwrap();
        let back: ThresholdParams = serde_json::from_str(&params_json).unwrap();
        assert_eq!(back, c.params);
        for p in &c.polynomials {
            let back: Polynomial = serde_json::from_str(&to_json(p, "p").unwrap()).unwrap();
            assert_eq!(&back, p);
        }
        for v in &c.voutputs {
            let back: Voutput = serde_json::from_str(&to_json(v, "v").unwrap()).unwrap();
            assert_eq!(&back, v);
        }
        // Each dkey opens to the share behind the verification key.
        for (j, seed) in c.seeds.iter().enumerate() {
            let x: SecretScalar =
                pedersen::decryption_key(group, seed, c.dkey(j).unwrap()).unwrap();
            assert_eq!(x.public(group), c.params.verification_keys[j].public_key);
            let back = TrusteeSeed::parse(seed.as_str()).unwrap();
            assert_eq!(
                back.keys(group).cert_keys(group),
                seed.keys(group).cert_keys(group)
            );
        }
        // The shares interpolate to the election secret: Σ λ_j x_j for the first t.
        let y = trustees::combine_keys(group, &[TrusteeKind::Pedersen(c.params.clone())]).unwrap();
        assert!(group.is_element(&y));
    }

    let g = Group::belenios_2048();
    let mut rng = SeededRandom::new(99);
    let c = pedersen::run_ceremony(g, 2, 3, &mut rng).unwrap();
    // Bad thresholds, and a seed whose certificate is not in the list.
    assert!(pedersen::step3(g, &c.certs, &c.seeds[0], 0, &mut rng).is_err());
    assert!(pedersen::step3(g, &c.certs, &c.seeds[0], 4, &mut rng).is_err());
    let stranger = TrusteeSeed::generate(&mut rng).unwrap();
    assert!(pedersen::step3(g, &c.certs, &stranger, 2, &mut rng).is_err());
    // A trustee that sends an inconsistent share is caught by its recipient in step 5.
    let mut cheating = c.polynomials.clone();
    let honest = pedersen::step3(g, &c.certs, &c.seeds[0], 2, &mut rng).unwrap();
    cheating[0].secrets[1] = honest.secrets[1].clone(); // share of another polynomial
    let vinputs = pedersen::step4(g, &c.certs, &cheating).unwrap();
    assert!(pedersen::step5(g, &c.certs, &c.seeds[1], &vinputs[1], &mut rng).is_err());
    assert!(pedersen::step5(g, &c.certs, &c.seeds[0], &vinputs[0], &mut rng).is_ok());
    // Mixed thresholds are rejected by step 4.
    let mut mixed = c.polynomials.clone();
    mixed[2] = pedersen::step3(g, &c.certs, &c.seeds[2], 3, &mut rng).unwrap();
    assert!(pedersen::step4(g, &c.certs, &mixed).is_err());
    // A voutput claiming another trustee's verification key is rejected by step 6.
    let mut vo = c.voutputs.clone();
    vo[0].public_key = vo[1].public_key.clone();
    assert!(pedersen::step6(g, &c.certs, &c.polynomials, &vo).is_err());
    // Malformed JSON inputs are errors, not panics.
    assert!(pedersen::decryption_key(g, &c.seeds[0], "{").is_err());
    assert!(
        pedersen::decryption_key(
            g,
            &c.seeds[0],
            "{\"alpha\":\"1\",\"beta\":\"1\",\"data\":\"zz\"}"
        )
        .is_err()
    );
    assert!(parse_lines::<Polynomial>("{\"polynomial\":1}", "p").is_err());
}

fn tool() -> Option<&'static Path> {
    let t = Path::new("/usr/bin/belenios-tool");
    if t.exists() {
        Some(t)
    } else {
        println!("skipped: /usr/bin/belenios-tool is not installed");
        None
    }
}

fn run_tool(dir: &Path, args: &[&str], stdin: Option<&str>) -> String {
    let mut cmd = Command::new("/usr/bin/belenios-tool");
    cmd.current_dir(dir)
        .args(args)
        .env("TERM", "dumb")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(input) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "belenios-tool {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A 2-of-3 ceremony where trustee A is `belenios-tool` and trustees B and C are Voix; step 4
/// and step 6 are run by both and must agree byte for byte.
#[test]
fn mixed_ceremony_with_belenios_tool() {
    if tool().is_none() {
        return;
    }
    let g = group();
    let dir = std::env::temp_dir().join(format!("voix-pedersen-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let tt = |args: &[&str], stdin: Option<&str>| {
        let mut a = vec![
            "setup",
            "generate-trustee-key-threshold",
            "--group",
            "BELENIOS-2048",
        ];
        a.extend_from_slice(args);
        run_tool(&dir, &a, stdin)
    };
    tt(&["--step", "1"], None);
    let a_cert_file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "cert"))
        .unwrap();
    let a_id = a_cert_file
        .file_stem()
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let a_cert: SignedMsg =
        serde_json::from_str(std::fs::read_to_string(&a_cert_file).unwrap().trim_end()).unwrap();
    let mut rng = SeededRandom::new(7);
    let (b_seed, b_cert) = pedersen::step1(g, &mut rng).unwrap();
    let (c_seed, c_cert) = pedersen::step1(g, &mut rng).unwrap();
    let certs = vec![a_cert, b_cert, c_cert];
    let certs_jsons: String = certs
        .iter()
        .map(|c| to_json(c, "cert").unwrap() + "\n")
        .collect();
    std::fs::write(dir.join("certs.jsons"), &certs_jsons).unwrap();
    // The tool accepts Voix's certificates.
    tt(&["--certs", "certs.jsons", "--step", "2"], None);
    // Step 3: A by the tool, B and C by Voix.
    let a_poly = tt(
        &[
            "--certs",
            "certs.jsons",
            "--key",
            &format!("{a_id}.key"),
            "--step",
            "3",
            "--threshold",
            "2",
        ],
        None,
    );
    let a_poly: Polynomial = serde_json::from_str(a_poly.trim_end()).unwrap();
    let b_poly = pedersen::step3(g, &certs, &b_seed, 2, &mut rng).unwrap();
    let c_poly = pedersen::step3(g, &certs, &c_seed, 2, &mut rng).unwrap();
    let polynomials = vec![a_poly, b_poly, c_poly];
    let polys_jsons: String = polynomials
        .iter()
        .map(|p| to_json(p, "polynomial").unwrap() + "\n")
        .collect();
    std::fs::write(dir.join("polynomials.jsons"), &polys_jsons).unwrap();
    // Step 4 by both.
    tt(
        &[
            "--certs",
            "certs.jsons",
            "--step",
            "4",
            "--polynomials",
            "polynomials.jsons",
        ],
        None,
    );
    let vinputs = pedersen::step4(g, &certs, &polynomials).unwrap();
    for (c, v) in certs.iter().zip(&vinputs) {
        let theirs =
            std::fs::read_to_string(dir.join(format!("{}.vinput", certificate_id(c)))).unwrap();
        assert_eq!(theirs.trim_end(), to_json(v, "vinput").unwrap());
    }
    // Step 5: A by the tool (it decrypts Voix's shares), B and C by Voix (they decrypt the
    // tool's shares).
    let a_vinput = to_json(&vinputs[0], "vinput").unwrap() + "\n";
    let a_vo = tt(
        &[
            "--certs",
            "certs.jsons",
            "--key",
            &format!("{a_id}.key"),
            "--step",
            "5",
        ],
        Some(&a_vinput),
    );
    let a_vo: Voutput = serde_json::from_str(a_vo.trim_end()).unwrap();
    let b_vo = pedersen::step5(g, &certs, &b_seed, &vinputs[1], &mut rng).unwrap();
    let c_vo = pedersen::step5(g, &certs, &c_seed, &vinputs[2], &mut rng).unwrap();
    let voutputs = vec![a_vo, b_vo, c_vo];
    let vo_lines: String = voutputs
        .iter()
        .map(|v| to_json(v, "voutput").unwrap() + "\n")
        .collect();
    // Step 6 by both: identical threshold parameters.
    let theirs = tt(
        &[
            "--certs",
            "certs.jsons",
            "--step",
            "6",
            "--polynomials",
            "polynomials.jsons",
        ],
        Some(&vo_lines),
    );
    let ours = pedersen::step6(g, &certs, &polynomials, &voutputs).unwrap();
    assert_eq!(theirs.trim_end(), to_json(&ours, "threshold").unwrap());
    // The tool's .dkey for B opens with Voix.
    let b_dkey =
        std::fs::read_to_string(dir.join(format!("{}.dkey", certificate_id(&certs[1])))).unwrap();
    let x = pedersen::decryption_key(g, &b_seed, &b_dkey).unwrap();
    assert_eq!(x.public(g), ours.verification_keys[1].public_key);
    let _ = std::fs::remove_dir_all(&dir);
}
