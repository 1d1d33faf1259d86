//! The `vigie` command: a thin layer over the library crates.

mod args;
mod cmd;
mod output;
mod practice;
mod render;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::process::ExitCode;

/// Vigie — audit de sécurité des postes d'un cabinet de santé selon le
/// mémento PGSSI-S (ASIP Santé, 2013).
#[derive(Parser)]
#[command(name = "vigie", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Audit this machine, an offline root or a recorded evidence file.
    Audit(cmd::audit::AuditArgs),
    /// Record this machine's (or an offline root's) evidence to a file.
    Collect(cmd::audit::CollectArgs),
    /// List the memento's requirements, or explain one.
    Rules(cmd::rules::RulesArgs),
    /// Print the JSON Schema of the audit report.
    Schema,
    /// Create the practice record (name, profession, solo or group).
    Init(cmd::init::InitArgs),
    /// Answer the questions only a person can answer (or import answers.toml).
    Declare(cmd::declare::DeclareArgs),
    /// Record, list or remove the maintenance (A) and hosting (B) providers.
    Providers(cmd::providers::ProvidersArgs),
    /// Delegate requirements to a provider, as the memento allows.
    Delegate(cmd::providers::DelegateArgs),
    /// End delegations.
    Undelegate(cmd::providers::UndelegateArgs),
    /// List the delegated requirements.
    Delegations(cmd::providers::DelegationsArgs),
    /// The latest recorded audit, with the practice record applied.
    Report(cmd::report::ReportArgs),
    /// The contract annex for a provider: the requirements it commits to.
    Annex(cmd::report::AnnexArgs),
    /// Write the whole practice record as JSON.
    Export(cmd::record::ExportArgs),
    /// Read a practice record written by `vigie export`.
    Import(cmd::record::ImportArgs),
    /// The recorded audits and the trend.
    History(cmd::record::HistoryArgs),
    /// Open the practice record in your browser (local web interface).
    Ui(cmd::ui::UiArgs),
    /// Record, check and test the practice's backups (rule 6.3.1).
    Backups(cmd::backups::BackupsArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // A reader that stops early (`vigie audit | head`) is not an error.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(anstream::stderr(), "vigie: erreur / error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Audit(args) => cmd::audit::audit(args),
        Command::Collect(args) => cmd::audit::collect(args),
        Command::Rules(args) => cmd::rules::rules(args),
        Command::Schema => {
            let mut schema = serde_json::to_string_pretty(&vigie_audit::report_schema())?;
            schema.push('\n');
            anstream::stdout().write_all(schema.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Init(args) => cmd::init::init(args),
        Command::Declare(args) => cmd::declare::declare(args),
        Command::Providers(args) => cmd::providers::providers(args),
        Command::Delegate(args) => cmd::providers::delegate(args),
        Command::Undelegate(args) => cmd::providers::undelegate(args),
        Command::Delegations(args) => cmd::providers::delegations(args),
        Command::Report(args) => cmd::report::report(args),
        Command::Annex(args) => cmd::report::annex(args),
        Command::Export(args) => cmd::record::export(args),
        Command::Import(args) => cmd::record::import(args),
        Command::History(args) => cmd::record::history(args),
        Command::Ui(args) => cmd::ui::ui(args),
        Command::Backups(args) => cmd::backups::backups(args),
    }
}
