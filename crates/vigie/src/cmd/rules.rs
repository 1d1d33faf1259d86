//! `vigie rules`: the catalog, listed or explained.

use crate::args::{Format, LangArg};
use anyhow::{bail, Result};
use clap::{Args, Subcommand, ValueEnum};
use std::io::Write;
use std::process::ExitCode;
use vigie_catalog::{Delegation, Lang, Method};

#[derive(Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    command: Option<RulesCommand>,
    /// Only this theme (1 to 6).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=6))]
    theme: Option<u8>,
    /// Only requirements established this way.
    #[arg(long, value_enum)]
    method: Option<MethodArg>,
    /// Only requirements delegable to this provider (A: maintenance, B: hosting).
    #[arg(long, value_enum, ignore_case = true)]
    delegation: Option<DelegationArg>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
}

#[derive(Subcommand)]
enum RulesCommand {
    /// Print one requirement in full.
    Explain {
        /// Requirement id, e.g. 4.3.1.a
        id: String,
        /// Language (overrides the one given before `explain`).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum MethodArg {
    Auto,
    Declared,
    Both,
}

#[derive(Clone, Copy, ValueEnum)]
enum DelegationArg {
    A,
    B,
    None,
}

pub fn rules(args: RulesArgs) -> Result<ExitCode> {
    let catalog = vigie_catalog::embedded();
    if let Some(RulesCommand::Explain { id, lang }) = args.command {
        let lang = lang.unwrap_or(args.lang);
        let Some(req) = catalog.requirement(&id) else {
            bail!("unknown requirement \"{id}\" (expected an id such as 4.3.1.a; `vigie rules` lists them)");
        };
        anstream::stdout()
            .write_all(vigie_report::explain(catalog, req, lang.into()).as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let selected: Vec<_> = catalog
        .requirements
        .iter()
        .filter(|r| args.theme.is_none_or(|t| r.theme == t))
        .filter(|r| {
            args.method.is_none_or(|m| {
                r.method
                    == match m {
                        MethodArg::Auto => Method::Auto,
                        MethodArg::Declared => Method::Declared,
                        MethodArg::Both => Method::Both,
                    }
            })
        })
        .filter(|r| {
            args.delegation.is_none_or(|d| match d {
                DelegationArg::A => r.delegation.includes_a(),
                DelegationArg::B => r.delegation.includes_b(),
                DelegationArg::None => r.delegation == Delegation::None,
            })
        })
        .collect();
    let lang: Lang = args.lang.into();
    let mut out = String::new();
    match args.format {
        Format::Json => {
            // Each requirement as in the catalog, plus the systems on which
            // this version checks it automatically.
            let mut items = Vec::with_capacity(selected.len());
            for r in &selected {
                let mut v = serde_json::to_value(r)?;
                if let Some(obj) = v.as_object_mut() {
                    obj.insert(
                        "checked_on".into(),
                        serde_json::to_value(checked_on(&r.id))?,
                    );
                }
                items.push(v);
            }
            out = serde_json::to_string_pretty(&items)?;
            out.push('\n');
        }
        Format::Text => {
            for r in &selected {
                let text = r.text.get(lang);
                let first = text.lines().next().unwrap_or(text);
                let short: String = first.chars().take(90).collect();
                let ellipsis = if first.chars().count() > 90 {
                    "…"
                } else {
                    ""
                };
                let systems = checked_on(&r.id);
                let mark = |p: vigie_evidence::Platform, c: char| {
                    if systems.contains(&p) {
                        c
                    } else {
                        '·'
                    }
                };
                let checks: String = if r.method == Method::Declared {
                    "   ".into()
                } else {
                    [
                        mark(vigie_evidence::Platform::Linux, 'L'),
                        mark(vigie_evidence::Platform::Windows, 'W'),
                        mark(vigie_evidence::Platform::Macos, 'M'),
                    ]
                    .iter()
                    .collect()
                };
                out.push_str(&format!(
                    "{:<8} {:<8} {:<4} {checks} {} {short}{ellipsis}\n",
                    r.id,
                    r.method.as_str(),
                    r.delegation.as_str(),
                    if r.essential.is_some() { "★" } else { " " },
                ));
            }
            out.push_str(&match lang {
                Lang::Fr => format!(
                    "{} exigence(s) · ★ incontournable · L W M : contrôlée sur Linux, Windows, macOS · `vigie rules explain ID` pour le détail\n",
                    selected.len()
                ),
                Lang::En => format!(
                    "{} requirement(s) · ★ essential · L W M: checked on Linux, Windows, macOS · `vigie rules explain ID` for details\n",
                    selected.len()
                ),
            });
        }
    }
    anstream::stdout().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The systems on which a requirement is checked automatically.
fn checked_on(id: &str) -> Vec<vigie_evidence::Platform> {
    vigie_audit::checks::platforms(id)
}
