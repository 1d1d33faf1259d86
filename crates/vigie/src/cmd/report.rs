//! `vigie report` and `vigie annex`: the latest recorded audit with the
//! practice record applied, and the contract annex of a provider.

use crate::args::{parse_date, parse_role, tr, LangArg, StoreArg};
use crate::output::emit;
use crate::{practice, render};
use anyhow::{anyhow, Result};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use vigie_audit::Report;
use vigie_catalog::{Catalog, Lang};
use vigie_practice::Role;
use vigie_store::Store;

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Text,
    Html,
    Md,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum AnnexFormat {
    Md,
    Html,
}

#[derive(Args)]
pub struct ReportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: ReportFormat,
    /// Write the report to FILE instead of the terminal.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Apply the practice's answers as of this date (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<time::Date>,
    #[command(flatten)]
    store: StoreArg,
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
}

#[derive(Args)]
pub struct AnnexArgs {
    /// The provider: A (maintenance) or B (hosting).
    #[arg(long, value_parser = parse_role)]
    provider: Role,
    /// Output format.
    #[arg(long, value_enum, default_value = "md")]
    format: AnnexFormat,
    /// Write the annex to FILE instead of the terminal.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    store: StoreArg,
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
}

/// The latest recorded audit with the record applied at `as_of`.
fn latest(store: &Store, catalog: &Catalog, as_of: time::Date, lang: Lang) -> Result<Report> {
    let Some(audit) = store.latest_audit()? else {
        return Err(anyhow!(tr(
            lang,
            "aucun audit enregistré dans le dossier du cabinet : lancez d'abord `vigie audit`",
            "no audit recorded in the practice record: run `vigie audit` first",
        )));
    };
    let id = audit.id;
    vigie_ui::record::replay(store, catalog, audit, as_of).map_err(|e| match e {
        vigie_ui::record::RecordError::Unreadable { source: e, .. } => anyhow!(tr(
            lang,
            format!("l'audit n° {id} enregistré ne peut pas être relu par cette version de Vigie ({e}) : relancez `vigie audit`"),
            format!("recorded audit no. {id} cannot be read by this version of Vigie ({e}): run `vigie audit` again"),
        )),
        other => other.into(),
    })
}

pub fn report(args: ReportArgs) -> Result<ExitCode> {
    let lang: Lang = args.lang.into();
    let catalog = vigie_catalog::embedded();
    let store = practice::open(&args.store, lang)?;
    let as_of = args.as_of.unwrap_or_else(practice::today);
    let report = latest(&store, catalog, as_of, lang)?;
    let rendered = match args.format {
        ReportFormat::Text => vigie_report::text(&report, catalog, lang),
        ReportFormat::Json => vigie_report::json(&report),
        ReportFormat::Html => render::html(&report, catalog, lang),
        ReportFormat::Md => render::markdown(&report, catalog, lang),
    };
    emit(&rendered, args.output.as_deref())?;
    Ok(if report.has_failures() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn annex(args: AnnexArgs) -> Result<ExitCode> {
    let lang: Lang = args.lang.into();
    let catalog = vigie_catalog::embedded();
    let store = practice::open(&args.store, lang)?;
    let role = args.provider;
    if store.provider(role)?.is_none() {
        return Err(anyhow!(tr(
            lang,
            format!(
                "aucun {} enregistré : `vigie providers set {role} --name …` d'abord",
                role.label(lang)
            ),
            format!(
                "no {} recorded: `vigie providers set {role} --name …` first",
                role.label(lang)
            ),
        )));
    }
    let report = latest(&store, catalog, practice::today(), lang)?;
    if !store.delegations()?.iter().any(|d| d.role == role) {
        eprintln!(
            "{}",
            tr(
                lang,
                format!("Attention : aucune exigence n'est confiée à ce prestataire (`vigie delegate ID… --to {role}`)."),
                format!("Warning: no requirement is delegated to this provider (`vigie delegate ID… --to {role}`)."),
            )
        );
    }
    let rendered = match args.format {
        AnnexFormat::Md => render::annex_markdown(&report, catalog, role, lang),
        AnnexFormat::Html => render::annex_html(&report, catalog, role, lang),
    };
    emit(&rendered, args.output.as_deref())?;
    Ok(ExitCode::SUCCESS)
}
