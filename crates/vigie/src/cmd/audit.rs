//! `vigie audit` and `vigie collect`.

use crate::args::{parse_date, tr, Format, LangArg, StoreArg};
use crate::output::{emit, write_file};
use crate::practice;
use anyhow::{Context as _, Result};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use vigie_audit::{Profile, Report};
use vigie_catalog::{Catalog, Lang};
use vigie_evidence::{
    CollectOptions, Evidence, EvidenceSource, LiveSystem, OfflineRoot, RecordedEvidence,
};
use vigie_store::Store;

#[derive(Args)]
pub struct SourceArgs {
    /// Audit an offline system mounted at DIR (files only, no command run).
    #[arg(long, value_name = "DIR", conflicts_with = "evidence")]
    root: Option<PathBuf>,
    /// Evaluate an evidence file written by `vigie collect`.
    #[arg(long, value_name = "FILE")]
    evidence: Option<PathBuf>,
}

#[derive(Args)]
pub struct AuditArgs {
    #[command(flatten)]
    source: SourceArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Write the report to FILE instead of the terminal.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Language of the text report.
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
    /// Judge as of this date (YYYY-MM-DD) instead of today, for reproducible audits.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<time::Date>,
    /// File listing the devices known to be the practice's own (one MAC
    /// address per line, then an optional label): others are reported as new.
    #[arg(long, value_name = "FILE")]
    known_devices: Option<PathBuf>,
    /// Days without a login after which an enabled account counts as dormant.
    #[arg(long, value_name = "DAYS", default_value_t = 90,
          value_parser = clap::value_parser!(i64).range(1..=3650))]
    dormant_days: i64,
    /// Also run the package managers' own slow checks (apt-get -s
    /// dist-upgrade, dnf updateinfo, zypper list-patches: seconds each) to
    /// count pending updates (this machine only).
    #[arg(long, conflicts_with_all = ["root", "evidence"])]
    thorough: bool,
    #[command(flatten)]
    store: StoreArg,
    /// Neither read nor record the practice record: the machine's findings only.
    #[arg(long)]
    no_record: bool,
}

#[derive(Args)]
pub struct CollectArgs {
    /// Collect from an offline system mounted at DIR.
    #[arg(long, value_name = "DIR", conflicts_with = "from_captures")]
    root: Option<PathBuf>,
    /// Turn a folder written by scripts/capture-windows.ps1 or
    /// scripts/capture-macos.sh into an evidence file.
    #[arg(long, value_name = "DIR")]
    from_captures: Option<PathBuf>,
    /// The evidence file to write.
    #[arg(long, short, value_name = "FILE")]
    output: PathBuf,
    /// Also run the package managers' own slow checks (apt-get -s
    /// dist-upgrade, dnf updateinfo, zypper list-patches: seconds each) to
    /// count pending updates (this machine only).
    #[arg(long, conflicts_with_all = ["root", "from_captures"])]
    thorough: bool,
}

fn source(args: &SourceArgs) -> Box<dyn EvidenceSource> {
    match (&args.root, &args.evidence) {
        (Some(root), _) => Box::new(OfflineRoot { path: root.clone() }),
        (_, Some(file)) => Box::new(RecordedEvidence { path: file.clone() }),
        _ => Box::new(LiveSystem),
    }
}

pub fn audit(args: AuditArgs) -> Result<ExitCode> {
    // The practice record, if there is one: opened first so that a record
    // that cannot be used stops before the audit, not after.
    let mut store = if args.no_record {
        None
    } else {
        practice::open_if_exists(&args.store, args.lang.into()).map_err(|e| {
            e.context(tr(
                args.lang.into(),
                "dossier du cabinet inutilisable (--no-record pour auditer sans lui)",
                "the practice record cannot be used (--no-record audits without it)",
            ))
        })?
    };
    let started = Instant::now();
    let known_devices = match &args.known_devices {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read", path.display()))?;
            vigie_audit::known_devices::parse(&text)
                .with_context(|| format!("{}", path.display()))?
        }
        None => Vec::new(),
    };
    let evidence = if args.thorough {
        // clap keeps --thorough to the live system.
        LiveSystem.evidence_with(CollectOptions { thorough: true })?
    } else {
        source(&args.source).evidence()?
    };
    let catalog = vigie_catalog::embedded();
    let as_of = args
        .as_of
        .unwrap_or_else(|| time::OffsetDateTime::now_utc().date());
    let duration = if args.source.evidence.is_some() {
        evidence.collection_us as f64 / 1000.0 + started.elapsed().as_secs_f64() * 1000.0
    } else {
        started.elapsed().as_secs_f64() * 1000.0
    };
    let profile = Profile {
        dormant_account_days: args.dormant_days,
        ..Profile::memento_2013()
    };
    let ctx = vigie_audit::Context {
        known_devices: &known_devices,
        ..vigie_audit::Context::new(&evidence, &profile, as_of)
    };
    let mut report = Report::generate(catalog, &ctx, args.source.evidence.is_some(), duration);
    if let Some(store) = store.as_mut() {
        report = record_audit(store, catalog, report, &evidence, as_of, args.lang.into())?;
    }
    let rendered = match args.format {
        Format::Json => vigie_report::json(&report),
        Format::Text => vigie_report::text(&report, catalog, args.lang.into()),
    };
    emit(&rendered, args.output.as_deref())?;
    Ok(if report.has_failures() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Records the audit in the practice record and returns the report with
/// the record applied. The stored report is the machine's (before the
/// record), so that `vigie report` applies the record as it is on the day
/// asked; the stored findings are the statuses this audit concluded.
fn record_audit(
    store: &mut Store,
    catalog: &Catalog,
    machine: Report,
    evidence: &Evidence,
    as_of: time::Date,
    lang: Lang,
) -> Result<Report> {
    // The day the machine was seen, also for a replayed evidence file.
    let (id, report) =
        vigie_ui::record::record_audit(store, catalog, machine, evidence.collected_at, as_of)?;
    eprintln!(
        "{}",
        tr(
            lang,
            format!(
                "Audit n° {id} enregistré dans le dossier du cabinet ({}).",
                store.path().display()
            ),
            format!(
                "Audit no. {id} recorded in the practice record ({}).",
                store.path().display()
            ),
        )
    );
    Ok(report)
}

pub fn collect(args: CollectArgs) -> Result<ExitCode> {
    let evidence = match (&args.root, &args.from_captures) {
        (Some(root), _) => OfflineRoot { path: root.clone() }.evidence()?,
        (_, Some(dir)) => {
            vigie_evidence::captures::CapturedEvidence { path: dir.clone() }.evidence()?
        }
        _ => LiveSystem.evidence_with(CollectOptions {
            thorough: args.thorough,
        })?,
    };
    let mut json = serde_json::to_string_pretty(&evidence)?;
    json.push('\n');
    write_file(&args.output, &json)?;
    Ok(ExitCode::SUCCESS)
}
