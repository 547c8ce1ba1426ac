//! `voix trustee …`: an official's side of the key ceremony and of the decryption, on an
//! offline machine, equivalent to the trustee pages of the SPA.
//!
//! Each command reads the JSON the API gives the key holder (`GET
//! /api/v1/trustee/consultations/{id}`, saved to a file and carried to the offline machine) and
//! writes the JSON to send back (the body of `POST …/ceremony` or `…/decryption`). The key file
//! is Belenios' `HASH.key` (the 22-character seed; spec "Public-key infrastructure"), so it is
//! interchangeable with `belenios-tool setup generate-trustee-key-threshold`; it never leaves
//! the machine. The computations are `protocol::consultations::trustee`, the very code the
//! browser runs (spec "Polynomials", "Voutputs", "Partial decryptions").

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use protocol::belenios::pedersen::{self, TrusteeSeed};
use protocol::belenios::rng::OsRandom;
use protocol::belenios::trustees::SignedMsg;
use protocol::consultations::{TrusteeMessage, TrusteeTask, TrusteeWork, trustee};

/// The `voix trustee` commands.
#[derive(Debug, clap::Subcommand)]
pub enum TrusteeCommand {
    /// Step 1: generate a key and its certificate. Writes DIR/<HASH>.key (the private key:
    /// keep it safe, offline, with a backup), DIR/<HASH>.cert and DIR/certificate.json (the
    /// message to send).
    GenerateCert {
        /// The task file (`GET /api/v1/trustee/consultations/{id}`, task `certificate`).
        #[arg(long)]
        input: PathBuf,
        /// Folder for the key, the certificate and the message (created when missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// Step 3: the polynomial (shares encrypted to every key holder).
    Polynomial(StepArgs),
    /// Step 5: check the shares received and compute the verification key (the vinput is in
    /// the task file).
    Voutput(StepArgs),
    /// After the close: the partial decryption of the encrypted tally (in the task file).
    Decrypt(StepArgs),
}

/// Options of the steps that use the key.
#[derive(Debug, clap::Args)]
pub struct StepArgs {
    /// The private key file written by `generate-cert` (or the SPA's download).
    #[arg(long)]
    pub key: PathBuf,
    /// The task file (`GET /api/v1/trustee/consultations/{id}`).
    #[arg(long, alias = "tally")]
    pub input: PathBuf,
    /// Where to write the message to send.
    #[arg(long)]
    pub out: PathBuf,
}

fn read_work(path: &Path, expected: TrusteeTask) -> anyhow::Result<TrusteeWork> {
    let raw =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let work: TrusteeWork = serde_json::from_str(&raw)
        .with_context(|| format!("{} is not a key holder's task file", path.display()))?;
    if work.task != expected {
        bail!(
            "{} asks for the task `{}`, not `{}`: download it again",
            path.display(),
            task_name(work.task),
            task_name(expected)
        );
    }
    Ok(work)
}

fn task_name(t: TrusteeTask) -> &'static str {
    match t {
        TrusteeTask::Certificate => "certificate",
        TrusteeTask::Polynomial => "polynomial",
        TrusteeTask::Voutput => "voutput",
        TrusteeTask::Decrypt => "decrypt",
        TrusteeTask::Wait => "wait",
        TrusteeTask::Done => "done",
    }
}

fn write_message(path: &Path, msg: &TrusteeMessage) -> anyhow::Result<()> {
    let json = serde_json::to_string(msg)?;
    std::fs::write(path, json).with_context(|| format!("cannot write {}", path.display()))?;
    println!("wrote {} (send it to the server)", path.display());
    Ok(())
}

/// Creates `path` with the key, refusing to overwrite anything; readable by its owner only.
fn write_key(path: &Path, content: &str) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(content.as_bytes())?;
    f.sync_all()?;
    Ok(())
}

fn read_key(path: &Path) -> anyhow::Result<TrusteeSeed> {
    let raw =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    trustee::read_key_file(&raw).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// Runs a `voix trustee` command.
pub fn run(cmd: &TrusteeCommand) -> anyhow::Result<()> {
    match cmd {
        TrusteeCommand::GenerateCert { input, out } => {
            let work = read_work(input, TrusteeTask::Certificate)?;
            let (seed, msg) = trustee::certificate(&work, &mut OsRandom)
                .map_err(|e| anyhow::anyhow!("cannot generate the key: {e}"))?;
            let cert: SignedMsg = serde_json::from_str(&msg.payload)?;
            let hash = pedersen::certificate_id(&cert);
            std::fs::create_dir_all(out)
                .with_context(|| format!("cannot create {}", out.display()))?;
            let key_path = out.join(format!("{hash}.key"));
            write_key(&key_path, &trustee::key_file_content(&seed))?;
            let cert_path = out.join(format!("{hash}.cert"));
            std::fs::write(&cert_path, format!("{}\n", msg.payload))
                .with_context(|| format!("cannot write {}", cert_path.display()))?;
            println!(
                "wrote {} — your PRIVATE key: keep it offline with a backup; it is needed \
                 for every later step and to decrypt the result",
                key_path.display()
            );
            println!("wrote {}", cert_path.display());
            write_message(&out.join("certificate.json"), &msg)
        }
        TrusteeCommand::Polynomial(a) => step(a, TrusteeTask::Polynomial),
        TrusteeCommand::Voutput(a) => step(a, TrusteeTask::Voutput),
        TrusteeCommand::Decrypt(a) => step(a, TrusteeTask::Decrypt),
    }
}

fn step(args: &StepArgs, task: TrusteeTask) -> anyhow::Result<()> {
    let work = read_work(&args.input, task)?;
    let seed = read_key(&args.key)?;
    let msg = trustee::perform(&work, &seed, &mut OsRandom)
        .map_err(|e| anyhow::anyhow!("{} failed: {e}", task_name(task)))?;
    write_message(&args.out, &msg)
}
