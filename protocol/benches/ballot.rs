//! Benchmark: ballot creation and verification per ballot (sample's 3-question template,
//! 10 ciphertexts), single-threaded, and a whole 20-ballot archive verification.
//!
//! Run: `cargo bench -p protocol --bench ballot`. Prints figures (docs/benchmarks.md); the
//! whole-archive comparison with belenios-tool is `scripts/bench-verify.sh`.

use std::time::Instant;

use protocol::belenios::archive::read_archive;
use protocol::belenios::election::ElectionContext;
use protocol::belenios::rng::SeededRandom;
use protocol::belenios::simulate::{SimulationConfig, simulate};
use protocol::belenios::verify::verify_archive;

fn main() {
    let t = Instant::now();
    let sim = simulate(&SimulationConfig {
        seed: 5,
        voters: 20,
        revotes: 0,
        ..SimulationConfig::default()
    })
    .expect("simulation");
    println!("simulate (20 voters):        {:?}", t.elapsed());
    let t = Instant::now();
    let report = verify_archive(&sim.archive).expect("valid archive");
    println!(
        "verify_archive ({} ballots): {:?}",
        report.num_ballots,
        t.elapsed()
    );

    let arch = read_archive(&sim.archive).expect("archive");
    let election = std::str::from_utf8(&arch.records[0].body).expect("UTF-8 election");
    let ctx = ElectionContext::from_raw(election).expect("election");
    let mut rng = SeededRandom::new(1);
    let vote = vec![vec![1, 0, 0], vec![1, 1, 0, 0], vec![0, 1, 0]];
    let credential = &sim.private_credentials[0];
    let raw = ctx
        .create_ballot(credential, &vote, &mut rng)
        .expect("ballot");
    ctx.verify_ballot(&raw).expect("valid ballot");
    let n = 10;
    let t = Instant::now();
    for _ in 0..n {
        ctx.create_ballot(credential, &vote, &mut rng)
            .expect("ballot");
    }
    println!(
        "create_ballot:               {:?} per ballot",
        t.elapsed() / n
    );
    let t = Instant::now();
    for _ in 0..n {
        ctx.verify_ballot(&raw).expect("valid ballot");
    }
    println!(
        "verify_ballot:               {:?} per ballot",
        t.elapsed() / n
    );
}
