//! `voix verify` and `voix simulate-election`: the voting core from the command line, without
//! a database.
//!
//! Verification parallelises ballot checks over every core (rayon) and shows a progress bar on
//! stderr when it is a terminal.

use std::path::{Path, PathBuf};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use protocol::belenios::election::ElectionContext;
use protocol::belenios::simulate::{self, SimulationConfig, TrusteeConfig};
use protocol::belenios::verify::{Report, verify_archive_with};
use rayon::prelude::*;

/// Verifies an archive and prints its summary; an error names what failed and where.
pub fn verify(path: &Path) -> anyhow::Result<Report> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let started = std::time::Instant::now();
    let bar = ProgressBar::hidden();
    let verifier = |ctx: &ElectionContext, ballots: &[&str]| {
        if ballots.len() >= 20 && std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.set_length(ballots.len() as u64);
            bar.set_style(
                ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} ballots, {eta} left")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.set_message("verifying");
        }
        let results: Vec<_> = ballots
            .par_iter()
            .map(|b| {
                let r = ctx.verify_ballot(b);
                bar.inc(1);
                r
            })
            .collect();
        bar.finish_and_clear();
        results
    };
    let report = verify_archive_with(&bytes, &verifier)
        .map_err(|e| anyhow::anyhow!("{} is NOT valid: {e}", path.display()))?;
    print_report(path, &report, started.elapsed());
    Ok(report)
}

fn print_report(path: &Path, r: &Report, elapsed: std::time::Duration) {
    println!("{}: valid ({:.2} s)", path.display(), elapsed.as_secs_f64());
    println!("  election      {} (fingerprint {})", r.uuid, r.fingerprint);
    println!("  voters        {}", r.num_voters);
    println!(
        "  ballots       {} cast, {} distinct credentials counted, total weight {}",
        r.num_ballots, r.num_tallied, r.total_weight
    );
    let stage = if r.result.is_some() {
        "result published"
    } else if !r.partial_decryptions.is_empty() {
        "decryption in progress"
    } else if r.has_encrypted_tally {
        "tallied, awaiting decryption"
    } else if r.ballots_closed {
        "ballot box closed"
    } else {
        "ballot box open"
    };
    println!("  stage         {stage}");
    if !r.partial_decryptions.is_empty() {
        let owners: Vec<String> = r.partial_decryptions.iter().map(u32::to_string).collect();
        println!("  decryptions   by trustees {}", owners.join(", "));
    }
    if let Some(result) = &r.result {
        println!("  result        {}", result_json(result));
    }
}

fn result_json(result: &[Vec<u64>]) -> String {
    serde_json::to_string(result).unwrap_or_default()
}

/// Options of `voix simulate-election`.
#[derive(Debug, clap::Args)]
pub struct SimulateArgs {
    /// Number of voters (each votes once).
    #[arg(long)]
    pub voters: usize,
    /// Additional ballots from randomly chosen voters (only their last ballot counts).
    #[arg(long, default_value_t = 0)]
    pub revotes: usize,
    /// Allow blank votes on every question, not only the third (some voters vote blank).
    #[arg(long)]
    pub blank: bool,
    /// Give each voter a random weight from 1 to 3.
    #[arg(long)]
    pub weights: bool,
    /// Seed of every random choice (same seed, same archive).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Trustees: a Pedersen threshold ceremony, e.g. `2-of-3` (any 2 of 3 trustees decrypt).
    /// Without it, one Single trustee holds the whole key.
    #[arg(long, value_parser = parse_threshold)]
    pub threshold: Option<(u32, u32)>,
    /// Group: BELENIOS-2048 or RFC-3526-2048.
    #[arg(long, default_value = "BELENIOS-2048")]
    pub group: String,
    /// Where to write the archive (`.bel`).
    #[arg(long)]
    pub out: PathBuf,
}

/// Parses `T-of-N` with 1 ≤ T ≤ N.
fn parse_threshold(s: &str) -> Result<(u32, u32), String> {
    let err = || format!("expected T-of-N with 1 <= T <= N, e.g. 2-of-3 (got `{s}`)");
    let (t, n) = s.split_once("-of-").ok_or_else(err)?;
    let (t, n): (u32, u32) = (t.parse().map_err(|_| err())?, n.parse().map_err(|_| err())?);
    if t == 0 || t > n {
        return Err(err());
    }
    Ok((t, n))
}

/// Runs a whole election with Voix's code and writes its archive; prints the expected tally.
pub fn simulate(args: &SimulateArgs) -> anyhow::Result<()> {
    anyhow::ensure!(args.voters > 0, "--voters must be at least 1");
    // The reference sample's template (blank allowed on the third question); --blank allows
    // it on every question.
    let mut questions = simulate::default_questions();
    if args.blank {
        for q in &mut questions {
            q.blank = Some(true);
        }
    }
    let config = SimulationConfig {
        seed: args.seed,
        voters: args.voters,
        revotes: args.revotes,
        weighted: args.weights,
        group: args.group.clone(),
        timestamp: crate::time::now().try_into().unwrap_or(0),
        questions,
    };
    let trustees = match args.threshold {
        Some((threshold, trustees)) => TrusteeConfig::Threshold {
            threshold,
            trustees,
        },
        None => TrusteeConfig::Single,
    };
    let sim = simulate::simulate_with(&config, trustees)
        .map_err(|e| anyhow::anyhow!("simulation failed: {e}"))?;
    std::fs::write(&args.out, &sim.archive)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!("wrote {} (election {})", args.out.display(), sim.uuid);
    let owners: Vec<String> = sim.decrypting_trustees.iter().map(u32::to_string).collect();
    println!("decrypted by trustees {}", owners.join(", "));
    println!("expected result: {}", result_json(&sim.expected_result));
    Ok(())
}
