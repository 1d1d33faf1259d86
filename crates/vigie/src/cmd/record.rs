//! `vigie export`, `vigie import` and `vigie history`: the whole record as
//! JSON, and its audits over time.

use crate::args::{day, tr, Format, LangArg, StoreArg};
use crate::output::write_file;
use crate::practice;
use anyhow::{anyhow, Context as _, Result};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use vigie_catalog::Lang;
use vigie_practice::{ExportError, PracticeExport, StatusCounts};
use vigie_store::{ImportMode, Store, StoreError};

#[derive(Args)]
pub struct ExportArgs {
    /// The JSON file to write (default: the terminal).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    store: StoreArg,
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
}

#[derive(Args)]
pub struct ImportArgs {
    /// A file written by `vigie export`.
    file: PathBuf,
    /// Replace what the record holds (otherwise only an empty record is filled).
    #[arg(long)]
    replace: bool,
    #[command(flatten)]
    store: StoreArg,
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
}

#[derive(Args)]
pub struct HistoryArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    #[command(flatten)]
    store: StoreArg,
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
}

pub fn export(args: ExportArgs) -> Result<ExitCode> {
    let lang: Lang = args.lang.into();
    let store = practice::open(&args.store, lang)?;
    let mut json = store.export()?.to_json_pretty()?;
    json.push('\n');
    match &args.output {
        Some(path) => {
            write_file(path, &json)?;
            eprintln!(
                "{}",
                tr(
                    lang,
                    format!("Dossier du cabinet exporté dans {}.", path.display()),
                    format!("Practice record exported to {}.", path.display()),
                )
            );
        }
        None => std::io::stdout().write_all(json.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

pub fn import(args: ImportArgs) -> Result<ExitCode> {
    let lang: Lang = args.lang.into();
    let path = &args.file;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    // The whole file is read and checked before the record is opened.
    let export = PracticeExport::from_json(&text).map_err(|e| match e {
        ExportError::Json {
            line,
            column,
            message,
        } => anyhow!(tr(
            lang,
            format!("{}, ligne {line}, colonne {column} : JSON illisible ({message}) ; rien n'a été importé", path.display()),
            format!("{}, line {line}, column {column}: unreadable JSON ({message}); nothing was imported", path.display()),
        )),
        other => anyhow!(tr(
            lang,
            format!("{} : {other} ; rien n'a été importé", path.display()),
            format!("{}: {other}; nothing was imported", path.display()),
        )),
    })?;
    let loc = practice::locate(&args.store, lang)?;
    let mut store = Store::open(&loc.path)?;
    let mode = if args.replace {
        ImportMode::Replace
    } else {
        ImportMode::IntoEmpty
    };
    let summary = match store.import(&export, mode) {
        Ok(s) => s,
        Err(StoreError::NotEmpty { .. }) => {
            return Err(anyhow!(tr(
                lang,
                format!("le dossier du cabinet {} n'est pas vide : rien n'a été importé. Pour le remplacer entièrement, ajoutez --replace (exportez-le d'abord avec `vigie export -o sauvegarde.json`).", loc.path.display()),
                format!("the practice record {} is not empty: nothing was imported. To replace it entirely, add --replace (export it first with `vigie export -o backup.json`).", loc.path.display()),
            )))
        }
        Err(e) => return Err(e.into()),
    };
    println!(
        "{}",
        tr(
            lang,
            format!(
                "Dossier « {} » importé dans {} : {} réponse(s), {} prestataire(s), {} délégation(s), {} audit(s).",
                export.practice.name,
                loc.path.display(),
                summary.declarations,
                summary.providers,
                summary.delegations,
                summary.audits
            ),
            format!(
                "Record \"{}\" imported into {}: {} answer(s), {} provider(s), {} delegation(s), {} audit(s).",
                export.practice.name,
                loc.path.display(),
                summary.declarations,
                summary.providers,
                summary.delegations,
                summary.audits
            ),
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// A date and time in the practitioner's time zone when known.
fn when(lang: Lang, t: time::OffsetDateTime) -> String {
    let t = time::UtcOffset::current_local_offset()
        .map(|o| t.to_offset(o))
        .unwrap_or(t);
    format!("{} {:02}:{:02}", day(lang, t.date()), t.hour(), t.minute())
}

/// "+3 conformes, −2 non conformes" (only what changed).
fn delta(lang: Lang, from: &StatusCounts, to: &StatusCounts) -> String {
    let labels: [(&str, &str, u32, u32); 4] = [
        ("conforme(s)", "pass", from.pass, to.pass),
        ("non conforme(s)", "fail", from.fail, to.fail),
        (
            "non concernée(s)",
            "not applicable",
            from.not_applicable,
            to.not_applicable,
        ),
        ("inconnue(s)", "unknown", from.unknown, to.unknown),
    ];
    let parts: Vec<String> = labels
        .iter()
        .filter(|(_, _, a, b)| a != b)
        .map(|(fr, en, a, b)| {
            let d = i64::from(*b) - i64::from(*a);
            let sign = if d > 0 { "+" } else { "−" };
            format!("{sign}{} {}", d.abs(), tr(lang, *fr, *en))
        })
        .collect();
    if parts.is_empty() {
        tr(lang, "aucun changement", "no change")
    } else {
        parts.join(", ")
    }
}

pub fn history(args: HistoryArgs) -> Result<ExitCode> {
    let lang: Lang = args.lang.into();
    let store = practice::open(&args.store, lang)?;
    let mut audits = store.audits()?;
    audits.sort_by_key(|a| (a.run_at, a.id));
    let mut out = String::new();
    match args.format {
        Format::Json => {
            let list: Vec<serde_json::Value> = audits
                .iter()
                .map(|a| {
                    serde_json::json!({
                        "id": a.id,
                        "run_at": practice::rfc3339(a.run_at),
                        "host": a.host,
                        "catalog_version": a.catalog_version,
                        "counts": a.summary,
                    })
                })
                .collect();
            out = serde_json::to_string_pretty(&list)?;
            out.push('\n');
        }
        Format::Text if audits.is_empty() => {
            out = tr(
                lang,
                "Aucun audit enregistré : lancez `vigie audit`.\n",
                "No audit recorded: run `vigie audit`.\n",
            );
        }
        Format::Text => {
            out.push_str(&tr(
                lang,
                format!(
                    "{:>4}  {:<16}  {:<20} {:>9} {:>13} {:>14} {:>9}\n",
                    "n°",
                    "date",
                    "machine",
                    "conformes",
                    "non conformes",
                    "non concernées",
                    "inconnues"
                ),
                format!(
                    "{:>4}  {:<16}  {:<20} {:>9} {:>13} {:>14} {:>9}\n",
                    "no.", "date", "machine", "pass", "fail", "not applicable", "unknown"
                ),
            ));
            for a in &audits {
                let s = &a.summary;
                out.push_str(&format!(
                    "{:>4}  {:<16}  {:<20} {:>9} {:>13} {:>14} {:>9}\n",
                    a.id,
                    when(lang, a.run_at),
                    a.host.as_deref().unwrap_or("?"),
                    s.pass,
                    s.fail,
                    s.not_applicable,
                    s.unknown
                ));
            }
            if let [.., previous, last] = audits.as_slice() {
                // "Since <that audit> (<when>): <what changed>."
                let trend = |since_fr: &str, since_en: &str, from: &vigie_store::AuditSummary| {
                    let at = when(lang, from.run_at);
                    let change = delta(lang, &from.summary, &last.summary);
                    tr(
                        lang,
                        format!("{since_fr} ({at}) : {change}.\n"),
                        format!("{since_en} ({at}): {change}.\n"),
                    )
                };
                out.push_str(&trend(
                    "Tendance depuis l'audit précédent",
                    "Trend since the previous audit",
                    previous,
                ));
                if let Some(first) = audits.first().filter(|f| f.id != previous.id) {
                    out.push_str(&trend(
                        "Depuis le premier audit",
                        "Since the first audit",
                        first,
                    ));
                }
            }
        }
    }
    std::io::stdout().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
