//! Benchmark: tally, partial decryption and result for 10,000 already-cast ballots with the
//! reference 3-question template (10 ciphertexts per ballot), as the server does at closing.
//!
//! Run: `cargo bench -p protocol --bench tally` (optionally `-- BALLOTS`). Prints figures; it
//! asserts only that the decrypted result equals the plaintext tally.
//!
//! Producing 10,000 fresh ballots would take minutes of proving, which is not what is measured
//! here: the benchmark casts 100 distinct valid ballots and counts each of them 100 times (as
//! if 100 credentials had cast the same ciphertexts), which costs the tally exactly what
//! 10,000 distinct ballots cost (one multiplication per ciphertext).

use std::time::Instant;

use protocol::belenios::credential;
use protocol::belenios::election::{Election, ElectionContext};
use protocol::belenios::group::Group;
use protocol::belenios::rng::SeededRandom;
use protocol::belenios::simulate::default_questions;
use protocol::belenios::trustees::{self, TrusteeKind};
use protocol::belenios::weight::Weight;

fn main() {
    let total: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let distinct = 100.min(total);
    let group = Group::by_name("BELENIOS-2048").expect("group");
    let mut rng = SeededRandom::new(2026);
    let (x, trustee) = trustees::generate_single(group, &mut rng).expect("trustee");
    let trustee_list = vec![TrusteeKind::Single(trustee.clone())];
    let uuid = "BenchTa11yUuid1";
    let questions = default_questions();
    let params = Election::params_for(
        group,
        uuid,
        "Benchmark",
        "Tally benchmark",
        trustee.public_key,
        &questions,
    )
    .expect("params");
    let ctx =
        ElectionContext::new(Election::from_params(&params).expect("election")).expect("context");

    // 100 distinct valid ballots, with known plaintexts.
    let started = Instant::now();
    let mut cast = Vec::with_capacity(distinct);
    let mut expected: Vec<Vec<u64>> = questions.iter().map(|q| vec![0; q.num_choices()]).collect();
    for i in 0..distinct {
        let cred = credential::generate(&mut rng).expect("credential");
        let plain: Vec<Vec<u32>> = questions
            .iter()
            .map(|q| {
                let mut v = vec![0u32; q.num_choices()];
                let first = usize::from(q.has_blank());
                v[first + i % (q.num_choices() - first)] = 1;
                v
            })
            .collect();
        let ballot = ctx.create_ballot(&cred, &plain, &mut rng).expect("ballot");
        let verified = ctx.verify_ballot(&ballot).expect("valid ballot");
        let copies = total / distinct + usize::from(i < total % distinct);
        for (eq, pq) in expected.iter_mut().zip(&plain) {
            for (e, p) in eq.iter_mut().zip(pq) {
                *e += u64::from(*p) * copies as u64;
            }
        }
        cast.push((verified.ciphertexts, copies));
    }
    println!(
        "setup: {distinct} distinct ballots created and verified in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let entries: Vec<(Weight, &Vec<Vec<_>>)> = cast
        .iter()
        .flat_map(|(c, copies)| std::iter::repeat_n((Weight(1), c), *copies))
        .collect();
    assert_eq!(entries.len(), total);

    let t0 = Instant::now();
    let tally = ctx.compute_tally(&entries).expect("tally");
    let t_tally = t0.elapsed();
    let t1 = Instant::now();
    let pd = ctx
        .compute_partial_decryption(&tally.encrypted_tally, &x, &mut rng)
        .expect("partial decryption");
    ctx.verify_partial_decryption(&tally.encrypted_tally, &trustee.public_key, &pd)
        .expect("partial decryption verifies");
    let t_pd = t1.elapsed();
    let t2 = Instant::now();
    let factors = ctx
        .combine_partial_decryptions(&tally.encrypted_tally, &trustee_list, &[(1, &pd)])
        .expect("combination");
    let result = ctx
        .compute_result(&tally.encrypted_tally, &factors, tally.total_weight)
        .expect("result");
    let t_result = t2.elapsed();
    assert_eq!(
        result.counts(),
        expected,
        "decrypted result equals the plaintext tally"
    );
    let all = t_tally + t_pd + t_result;
    println!("ballots tallied:             {total}");
    println!(
        "encrypted tally:             {:.3} s",
        t_tally.as_secs_f64()
    );
    println!("partial decryption + check:  {:.3} s", t_pd.as_secs_f64());
    println!(
        "combination + result (dlog): {:.3} s",
        t_result.as_secs_f64()
    );
    println!(
        "total:                       {:.3} s (target < 30 s)",
        all.as_secs_f64()
    );
}
