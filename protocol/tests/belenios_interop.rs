//! Interoperability: an election set up, tallied and decrypted by `belenios-tool` 2.0 (a Single
//! trustee and a 2-of-3 Pedersen block, like `shared/belenios/run-election.sh`), in which every
//! ballot is made by Voix's `ElectionContext::create_ballot`. The tool must verify the archive
//! and compute the tally of the plaintexts Voix encrypted. Skipped when the tool is absent.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use protocol::belenios::archive::read_archive;
use protocol::belenios::election::ElectionContext;
use protocol::belenios::rng::SeededRandom;

const TOOL: &str = "/usr/bin/belenios-tool";
const GROUP: &str = "BELENIOS-2048";
const TEMPLATE: &str = r#"{"description":"Interop election","name":"Voix ballots, belenios-tool tally","questions":[
 {"answers":["Alice","Bob","Charlie"],"min":1,"max":1,"question":"Single choice among 3"},
 {"answers":["A","B","C","D"],"min":1,"max":3,"question":"Approval, 1 to 3 of 4"},
 {"answers":["Yes","No"],"blank":true,"min":1,"max":1,"question":"Referendum with blank allowed"}]}"#;

struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the tool in `dir`; returns (stdout, stderr) and fails the test on a non-zero exit.
fn bt(dir: &Path, args: &[&str], stdin: Option<&str>) -> (String, String) {
    let mut child = Command::new(TOOL)
        .current_dir(dir)
        .args(args)
        .env("TERM", "dumb")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
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
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        out.status.success(),
        "belenios-tool {args:?} failed:\n{stderr}"
    );
    (stdout, stderr)
}

fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

fn stem(p: &Path) -> String {
    p.file_stem().unwrap().to_str().unwrap().to_owned()
}

#[test]
fn voix_ballots_in_a_belenios_tool_election() {
    if !Path::new(TOOL).exists() {
        println!("skipped: {TOOL} is not installed");
        return;
    }
    let dir = Dir(std::env::temp_dir().join(format!("voix-interop-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&dir.0);
    std::fs::create_dir_all(&dir.0).unwrap();
    let d = dir.0.as_path();

    // ---- setup, entirely with the tool -------------------------------------------------
    let (uuid, _) = bt(d, &["setup", "generate-token"], None);
    let uuid = uuid.trim().to_owned();
    bt(
        d,
        &[
            "setup",
            "generate-credentials",
            "--uuid",
            &uuid,
            "--group",
            GROUP,
            "--count",
            "4",
        ],
        None,
    );
    let privcreds = std::fs::read_to_string(&files_with_ext(d, "privcreds")[0]).unwrap();
    let creds: Vec<String> = privcreds
        .lines()
        .map(|l| l.split(' ').nth(1).unwrap().to_owned())
        .collect();
    assert_eq!(creds.len(), 4);
    std::fs::rename(
        &files_with_ext(d, "pubcreds")[0],
        d.join("public_creds.json"),
    )
    .unwrap();

    bt(
        d,
        &["setup", "generate-trustee-key", "--group", GROUP],
        None,
    );
    let pubkey = std::fs::read_to_string(&files_with_ext(d, "pubkey")[0]).unwrap();
    std::fs::write(d.join("public_keys.jsons"), pubkey).unwrap();

    let tt = |args: &[&str], stdin: Option<&str>| {
        let mut a = vec!["setup", "generate-trustee-key-threshold", "--group", GROUP];
        a.extend_from_slice(args);
        bt(d, &a, stdin).0
    };
    for _ in 0..3 {
        tt(&["--step", "1"], None);
    }
    let certs: String = files_with_ext(d, "cert")
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    std::fs::write(d.join("certs.jsons"), certs).unwrap();
    let keys = files_with_ext(d, "key");
    let polys: String = keys
        .iter()
        .map(|k| {
            let k = k.file_name().unwrap().to_str().unwrap();
            tt(
                &[
                    "--certs",
                    "certs.jsons",
                    "--key",
                    k,
                    "--step",
                    "3",
                    "--threshold",
                    "2",
                ],
                None,
            )
        })
        .collect();
    std::fs::write(d.join("polynomials.jsons"), polys).unwrap();
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
    let voutputs: String = keys
        .iter()
        .map(|k| {
            let vinput = std::fs::read_to_string(d.join(format!("{}.vinput", stem(k)))).unwrap();
            let k = k.file_name().unwrap().to_str().unwrap();
            tt(
                &["--certs", "certs.jsons", "--key", k, "--step", "5"],
                Some(&vinput),
            )
        })
        .collect();
    let threshold = tt(
        &[
            "--certs",
            "certs.jsons",
            "--step",
            "6",
            "--polynomials",
            "polynomials.jsons",
        ],
        Some(&voutputs),
    );
    std::fs::write(d.join("threshold.json"), threshold).unwrap();
    bt(d, &["setup", "make-trustees"], None);
    std::fs::write(d.join("template.json"), TEMPLATE).unwrap();
    bt(
        d,
        &[
            "setup",
            "make-election",
            "--uuid",
            &uuid,
            "--group",
            GROUP,
            "--template",
            "template.json",
        ],
        None,
    );
    bt(d, &["archive", "init"], None);
    for f in ["election.json", "trustees.json", "public_creds.json"] {
        std::fs::remove_file(d.join(f)).unwrap();
    }

    // ---- voting, with Voix -------------------------------------------------------------
    let bel = std::fs::read(d.join(format!("{uuid}.bel"))).unwrap();
    let archive = read_archive(&bel).unwrap();
    let election = std::str::from_utf8(&archive.records[0].body).unwrap();
    let ctx = ElectionContext::from_raw(election).unwrap();
    assert_eq!(ctx.election().uuid(), uuid);
    // (voter, plaintext): voter 0 revotes; voter 3 votes blank on the referendum.
    let casts: Vec<(usize, Vec<Vec<u32>>)> = vec![
        (0, vec![vec![1, 0, 0], vec![1, 1, 0, 0], vec![0, 1, 0]]),
        (1, vec![vec![0, 1, 0], vec![0, 0, 1, 0], vec![0, 0, 1]]),
        (2, vec![vec![0, 0, 1], vec![1, 1, 1, 0], vec![0, 1, 0]]),
        (3, vec![vec![0, 1, 0], vec![0, 0, 0, 1], vec![1, 0, 0]]),
        (0, vec![vec![0, 0, 1], vec![0, 1, 0, 1], vec![0, 0, 1]]),
    ];
    let mut rng = SeededRandom::new(2024);
    let mut last: Vec<Option<&Vec<Vec<u32>>>> = vec![None; creds.len()];
    for (voter, vote) in &casts {
        let ballot = ctx.create_ballot(&creds[*voter], vote, &mut rng).unwrap();
        bt(
            d,
            &["archive", "add-event", "--type=Ballot"],
            Some(&format!("{ballot}\n")),
        );
        last[*voter] = Some(vote);
    }
    let (_, stderr) = bt(d, &["election", "verify"], None);
    assert!(stderr.contains("all checks passed"), "{stderr}");

    // ---- tally and decryption, with the tool --------------------------------------------
    bt(d, &["archive", "add-event", "--type=EndBallots"], Some(""));
    let (tally, _) = bt(d, &["election", "compute-encrypted-tally"], None);
    bt(
        d,
        &["archive", "add-event", "--type=EncryptedTally"],
        Some(&tally),
    );
    for (n, k) in keys.iter().enumerate().take(2) {
        let key = k.file_name().unwrap().to_str().unwrap().to_owned();
        let dkey = format!("{}.dkey", stem(k));
        let owner = (n + 2).to_string();
        let (pd, _) = bt(
            d,
            &[
                "election",
                "decrypt-threshold",
                "--key",
                &key,
                "--decryption-key",
                &dkey,
                "--trustee-id",
                &owner,
            ],
            None,
        );
        bt(
            d,
            &["archive", "add-event", "--type=PartialDecryption"],
            Some(&pd),
        );
    }
    let privkey = files_with_ext(d, "privkey")[0]
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let (pd, _) = bt(
        d,
        &[
            "election",
            "decrypt",
            "--privkey",
            &privkey,
            "--trustee-id",
            "1",
        ],
        None,
    );
    bt(
        d,
        &["archive", "add-event", "--type=PartialDecryption"],
        Some(&pd),
    );
    let (result, _) = bt(d, &["election", "compute-result"], None);
    bt(d, &["archive", "add-event", "--type=Result"], Some(&result));
    let (_, stderr) = bt(d, &["election", "verify"], None);
    assert!(stderr.contains("all checks passed"), "{stderr}");

    // ---- the tool's result is the tally of Voix's plaintexts ----------------------------
    let mut expected: Vec<Vec<u64>> = vec![vec![0; 3], vec![0; 4], vec![0; 3]];
    for vote in last.iter().flatten() {
        for (e, v) in expected.iter_mut().zip(vote.iter()) {
            for (a, b) in e.iter_mut().zip(v) {
                *a += u64::from(*b);
            }
        }
    }
    let computed: serde_json::Value = serde_json::from_str(result.lines().last().unwrap()).unwrap();
    assert_eq!(computed["result"], serde_json::to_value(&expected).unwrap());

    // Voix's own verifier agrees on the final archive.
    let bel = std::fs::read(d.join(format!("{uuid}.bel"))).unwrap();
    let report = protocol::belenios::verify::verify_archive(&bel).unwrap();
    assert_eq!(report.num_ballots, casts.len());
    assert_eq!(report.result, Some(expected));
}
