//! Deterministic simulation of a complete election (tests, demos, `voix simulate-election`).
//!
//! Everything is derived from a `u64` seed through [`SeededRandom`] (ChaCha20), so the same
//! configuration always yields the same archive. **The keys and credentials are therefore
//! predictable: a simulation is never a real election.** The trustees are chosen by
//! [`TrusteeConfig`]: one Single trustee (the default), a Pedersen `t`-of-`n` block whose key
//! ceremony is run with [`super::pedersen::run_ceremony`] and of which only `t` randomly chosen
//! trustees decrypt, or both (the layout of the Belenios server: its own Single key next to the
//! Pedersen block). Partial decryptions are published with their owner index in the flattened
//! trustee list (FORMAT.md §2, §9 item 10). The voters cast random valid votes (including
//! blank ones where allowed), some of them vote again, the box is closed, tallied, decrypted and
//! the result published. The expected plaintext tally is computed independently from the
//! plaintexts (last vote of each voter times its weight) and compared with the decrypted result
//! before returning.

use super::archive::ArchiveWriter;
use super::ballot::{Ballot, Plaintext, tracker};
use super::credential::{self, BASE58_DIGITS, PublicCredential};
use super::decryption::PartialDecryption;
use super::election::{Election, ElectionContext, Question};
use super::error::Error;
use super::group::{BELENIOS_2048, Group, SecretScalar};
use super::pedersen::{self, Ceremony};
use super::rng::SeededRandom;
use super::trustees::{self, TrusteeKind};
use super::weight::Weight;

/// Parameters of a simulation.
#[derive(Debug, Clone)]
pub struct SimulationConfig {
    /// Seed of the whole simulation.
    pub seed: u64,
    /// Number of eligible voters; every voter votes once.
    pub voters: usize,
    /// Number of additional ballots cast by randomly chosen voters (revotes).
    pub revotes: usize,
    /// Give each voter a random weight in `1..=3` (written `"<cred>,<weight>"`).
    pub weighted: bool,
    /// Group name (`BELENIOS-2048` or `RFC-3526-2048`).
    pub group: String,
    /// Archive timestamp (Unix seconds).
    pub timestamp: u64,
    /// Questions; [`default_questions`] when empty.
    pub questions: Vec<Question>,
}

impl Default for SimulationConfig {
    fn default() -> Self {
        Self {
            seed: 0,
            voters: 10,
            revotes: 2,
            weighted: false,
            group: BELENIOS_2048.to_owned(),
            timestamp: 1_700_000_000,
            questions: Vec::new(),
        }
    }
}

/// Who holds the election key in a simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TrusteeConfig {
    /// One Single trustee (`setup generate-trustee-key`).
    #[default]
    Single,
    /// A Pedersen block of `trustees` trustees of which any `threshold` can decrypt; exactly
    /// `threshold` of them (chosen at random) publish a partial decryption.
    Threshold {
        /// How many trustees are needed to decrypt.
        threshold: u32,
        /// How many trustees the block has (at most [`MAX_SIMULATED_TRUSTEES`]).
        trustees: u32,
    },
    /// A Single trustee (owner 1) followed by a Pedersen block (owners `2..=trustees + 1`),
    /// like the Belenios server and the reference sample.
    SingleAndThreshold {
        /// How many trustees of the Pedersen block are needed to decrypt.
        threshold: u32,
        /// How many trustees the Pedersen block has (at most [`MAX_SIMULATED_TRUSTEES`]).
        trustees: u32,
    },
}

/// Largest Pedersen block a simulation accepts (the ceremony is quadratic in its size).
pub const MAX_SIMULATED_TRUSTEES: u32 = 16;

/// The outcome of a simulation.
#[derive(Debug, Clone)]
pub struct Simulation {
    /// The complete `.bel` archive.
    pub archive: Vec<u8>,
    /// The election uuid (the archive is conventionally named `<uuid>.bel`).
    pub uuid: String,
    /// The plaintext tally computed from the simulated votes (equal to the published result).
    pub expected_result: Vec<Vec<u64>>,
    /// Private credentials of the voters (simulation only!).
    pub private_credentials: Vec<String>,
    /// Trackers of the ballots in casting order.
    pub trackers: Vec<String>,
    /// Owners (1-based indexes in the flattened trustee list) of the published partial
    /// decryptions, in publication order.
    pub decrypting_trustees: Vec<u32>,
}

/// Three questions like the reference sample: 1 of 3; 1 to 3 of 4; yes/no with blank.
pub fn default_questions() -> Vec<Question> {
    let q = |answers: &[&str], blank: bool, min, max, text: &str| Question {
        answers: answers.iter().map(|s| (*s).to_owned()).collect(),
        blank: blank.then_some(true),
        min,
        max,
        question: text.to_owned(),
    };
    vec![
        q(
            &["Alice", "Bob", "Charlie"],
            false,
            1,
            1,
            "Single choice among 3",
        ),
        q(&["A", "B", "C", "D"], false, 1, 3, "Approval, 1 to 3 of 4"),
        q(&["Yes", "No"], true, 1, 1, "Referendum with blank allowed"),
    ]
}

fn random_uuid(rng: &mut SeededRandom) -> String {
    let digits = BASE58_DIGITS.as_bytes();
    (0..14)
        .map(|_| digits[rng.below(58) as usize] as char)
        .collect()
}

fn random_vote(q: &Question, rng: &mut SeededRandom) -> Vec<u32> {
    let n = q.answers.len();
    let mut v = vec![0u32; n];
    if q.has_blank() && rng.below(5) == 0 {
        let mut b = vec![1u32];
        b.extend(v);
        return b;
    }
    let max = (q.max as usize).min(n);
    let min = (q.min as usize).min(max);
    let k = min + rng.below((max - min + 1) as u64) as usize;
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        order.swap(i, j);
    }
    for &i in order.iter().take(k) {
        v[i] = 1;
    }
    if q.has_blank() {
        let mut b = vec![0u32];
        b.extend(v);
        v = b;
    }
    v
}

/// The simulated trustees: their public list and what each decrypting one needs.
struct SimTrustees {
    list: Vec<TrusteeKind>,
    single: Option<SecretScalar>,
    pedersen: Option<(Ceremony, Vec<usize>)>,
}

fn make_trustees(
    group: &Group,
    config: TrusteeConfig,
    rng: &mut SeededRandom,
) -> Result<SimTrustees, Error> {
    let (single, block) = match config {
        TrusteeConfig::Single => (true, None),
        TrusteeConfig::Threshold {
            threshold,
            trustees,
        } => (false, Some((threshold, trustees))),
        TrusteeConfig::SingleAndThreshold {
            threshold,
            trustees,
        } => (true, Some((threshold, trustees))),
    };
    let mut list = Vec::new();
    let single = if single {
        let (x, trustee) = trustees::generate_single(group, rng)?;
        list.push(TrusteeKind::Single(trustee));
        Some(x)
    } else {
        None
    };
    let pedersen = match block {
        None => None,
        Some((t, n)) => {
            if t == 0 || t > n || n > MAX_SIMULATED_TRUSTEES {
                return Err(Error::invalid(format!(
                    "simulation: need 1 <= threshold <= trustees <= {MAX_SIMULATED_TRUSTEES}"
                )));
            }
            let ceremony = pedersen::run_ceremony(group, t as usize, n as usize, rng)?;
            list.push(TrusteeKind::Pedersen(ceremony.params.clone()));
            // Exactly `t` decrypting trustees, chosen at random, in index order.
            let mut chosen: Vec<usize> = (0..n as usize).collect();
            for i in (1..chosen.len()).rev() {
                let j = rng.below(i as u64 + 1) as usize;
                chosen.swap(i, j);
            }
            chosen.truncate(t as usize);
            chosen.sort_unstable();
            Some((ceremony, chosen))
        }
    };
    Ok(SimTrustees {
        list,
        single,
        pedersen,
    })
}

/// Runs a simulation with one Single trustee (`simulate_with(config, TrusteeConfig::Single)`).
pub fn simulate(config: &SimulationConfig) -> Result<Simulation, Error> {
    simulate_with(config, TrusteeConfig::Single)
}

/// Runs a simulation with the given trustees.
pub fn simulate_with(
    config: &SimulationConfig,
    trustee_config: TrusteeConfig,
) -> Result<Simulation, Error> {
    let group = Group::by_name(&config.group)?;
    let mut rng = SeededRandom::new(config.seed);
    let questions = if config.questions.is_empty() {
        default_questions()
    } else {
        config.questions.clone()
    };
    let uuid = random_uuid(&mut rng);
    let sim_trustees = make_trustees(group, trustee_config, &mut rng)?;
    let trustee_list = &sim_trustees.list;
    let trustees_raw = trustees::trustees_to_string(trustee_list)?;
    let public_key = trustees::combine_keys(group, trustee_list)?;
    let params = Election::params_for(
        group,
        &uuid,
        &format!("Simulated election {}", config.seed),
        "Simulation: every secret is derived from the seed.",
        public_key,
        &questions,
    )?;
    let ctx = ElectionContext::new(Election::from_params(&params)?)?;

    let mut private_credentials = Vec::with_capacity(config.voters);
    let mut public = Vec::with_capacity(config.voters);
    let mut voter_weights = Vec::with_capacity(config.voters);
    for _ in 0..config.voters {
        let c = credential::generate(&mut rng)?;
        let key = credential::public_credential(group, &uuid, &c);
        let weight = config.weighted.then(|| Weight(1 + rng.below(3)));
        voter_weights.push(weight.unwrap_or(Weight::ONE).0);
        public.push(PublicCredential { key, weight }.to_string());
        private_credentials.push(c.to_string());
    }
    let creds_raw =
        serde_json::to_string(&public).map_err(|e| Error::json("public credentials", e))?;

    let mut w = ArchiveWriter::new(config.timestamp);
    w.setup(ctx.election().raw(), &trustees_raw, &creds_raw)?;

    let mut casts: Vec<usize> = (0..config.voters).collect();
    if config.voters > 0 {
        for _ in 0..config.revotes {
            casts.push(rng.below(config.voters as u64) as usize);
        }
    }
    let mut last_vote: Vec<Option<Plaintext>> = vec![None; config.voters];
    let mut last_ballot: Vec<Option<Ballot>> = vec![None; config.voters];
    let mut trackers = Vec::with_capacity(casts.len());
    for &v in &casts {
        let vote: Plaintext = questions.iter().map(|q| random_vote(q, &mut rng)).collect();
        let raw = ctx.create_ballot(&private_credentials[v], &vote, &mut rng)?;
        trackers.push(tracker(&raw));
        w.ballot(&raw)?;
        last_ballot[v] = Some(serde_json::from_str(&raw).map_err(|e| Error::json("ballot", e))?);
        last_vote[v] = Some(vote);
    }
    w.end_ballots()?;

    // Tally: voters in order of first ballot, like `last_ballots`.
    let mut order: Vec<usize> = Vec::new();
    for &v in &casts {
        if !order.contains(&v) {
            order.push(v);
        }
    }
    let cts: Vec<(Weight, Vec<Vec<super::elgamal::Ciphertext>>)> = order
        .iter()
        .filter_map(|&v| {
            last_ballot[v].as_ref().map(|b| {
                (
                    Weight(voter_weights[v]),
                    b.answers.iter().map(|a| a.choices.clone()).collect(),
                )
            })
        })
        .collect();
    let refs: Vec<(Weight, &Vec<Vec<_>>)> = cts.iter().map(|(w, c)| (*w, c)).collect();
    let tally = ctx.compute_tally(&refs)?;
    w.encrypted_tally(
        &tally.encrypted_tally_json()?,
        tally.num_tallied,
        tally.total_weight,
    )?;

    let mut pds: Vec<(u32, PartialDecryption)> = Vec::new();
    if let Some(x) = &sim_trustees.single {
        pds.push((
            1,
            ctx.compute_partial_decryption(&tally.encrypted_tally, x, &mut rng)?,
        ));
    }
    if let Some((ceremony, chosen)) = &sim_trustees.pedersen {
        let offset = u32::from(sim_trustees.single.is_some());
        for &j in chosen {
            let dkey = ceremony
                .dkey(j)
                .ok_or_else(|| Error::invalid("simulation: missing dkey"))?;
            let pd = ctx.compute_threshold_partial_decryption(
                &tally.encrypted_tally,
                &ceremony.seeds[j],
                dkey,
                &mut rng,
            )?;
            pds.push((offset + j as u32 + 1, pd));
        }
    }
    for (owner, pd) in &pds {
        let pd_raw = serde_json::to_string(pd).map_err(|e| Error::json("partial decryption", e))?;
        w.partial_decryption(*owner, &pd_raw)?;
    }
    let refs: Vec<(u32, &PartialDecryption)> = pds.iter().map(|(o, p)| (*o, p)).collect();
    let factors = ctx.combine_partial_decryptions(&tally.encrypted_tally, trustee_list, &refs)?;
    let result = ctx.compute_result(&tally.encrypted_tally, &factors, tally.total_weight)?;

    let mut expected: Vec<Vec<u64>> = questions.iter().map(|q| vec![0; q.num_choices()]).collect();
    for (v, vote) in last_vote.iter().enumerate() {
        if let Some(vote) = vote {
            for (eq, vq) in expected.iter_mut().zip(vote) {
                for (e, m) in eq.iter_mut().zip(vq) {
                    *e += u64::from(*m) * voter_weights[v];
                }
            }
        }
    }
    if result.counts() != expected {
        return Err(Error::invalid(
            "simulation: decrypted result differs from the plaintext tally",
        ));
    }
    let result_raw = serde_json::to_string(&result).map_err(|e| Error::json("result", e))?;
    w.result(&result_raw)?;

    Ok(Simulation {
        archive: w.finish(),
        uuid,
        expected_result: expected,
        private_credentials,
        trackers,
        decrypting_trustees: pds.iter().map(|(o, _)| *o).collect(),
    })
}
