//! `vigie providers`, `vigie delegate`, `vigie undelegate`, `vigie delegations`:
//! the memento's maintenance provider (A) and hosting provider (B), and the
//! requirements handed over to them.

use crate::args::{day, parse_date, parse_role, tr, LangArg, StoreArg};
use crate::practice;
use anyhow::{anyhow, Result};
use clap::{Args, Subcommand};
use std::process::ExitCode;
use vigie_catalog::{Catalog, Delegation as Cartouche, Lang};
use vigie_practice::{validate_delegation, Provider, Role, ValidationError};
use vigie_store::StoreError;

#[derive(Args)]
pub struct ProvidersArgs {
    #[command(subcommand)]
    command: ProvidersCommand,
    #[command(flatten)]
    store: StoreArg,
    #[arg(long, value_enum, default_value = "fr", global = true)]
    lang: LangArg,
}

#[derive(Subcommand)]
enum ProvidersCommand {
    /// Record a provider, or change what is recorded about it.
    Set(SetArgs),
    /// List the providers, with what needs attention.
    List,
    /// Remove a provider (once nothing is delegated to it).
    Remove {
        /// A (maintenance) or B (hosting).
        #[arg(value_parser = parse_role)]
        role: Role,
    },
}

#[derive(Args)]
struct SetArgs {
    /// A (maintenance provider) or B (hosting provider).
    #[arg(value_parser = parse_role)]
    role: Role,
    /// The company's name (required the first time).
    #[arg(long)]
    name: Option<String>,
    /// Who to call: a name, a phone number, an address ("" to clear).
    #[arg(long)]
    contact: Option<String>,
    /// The date the contract was signed (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    contract_date: Option<time::Date>,
    /// Hosting provider (B) only: its HDS certificate number ("" to clear).
    #[arg(long, value_name = "NUMBER")]
    hds_certificate: Option<String>,
    /// Hosting provider (B) only: the HDS certificate's expiry (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    hds_expiry: Option<time::Date>,
}

#[derive(Args)]
pub struct DelegateArgs {
    /// Requirement ids, e.g. 4.3.1.a 5.1.1.a
    #[arg(required = true, value_name = "ID")]
    ids: Vec<String>,
    /// The provider: A (maintenance) or B (hosting).
    #[arg(long, value_parser = parse_role)]
    to: Role,
    #[command(flatten)]
    store: StoreArg,
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
}

#[derive(Args)]
pub struct UndelegateArgs {
    /// Requirement ids.
    #[arg(required = true, value_name = "ID")]
    ids: Vec<String>,
    /// Only from this provider (default: from both).
    #[arg(long, value_parser = parse_role)]
    from: Option<Role>,
    #[command(flatten)]
    store: StoreArg,
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
}

#[derive(Args)]
pub struct DelegationsArgs {
    #[command(flatten)]
    store: StoreArg,
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
}

pub fn providers(args: ProvidersArgs) -> Result<ExitCode> {
    let lang: Lang = args.lang.into();
    let mut store = practice::open(&args.store, lang)?;
    match args.command {
        ProvidersCommand::Set(set) => {
            let existing = store.provider(set.role)?;
            let name = match (set.name, &existing) {
                (Some(n), _) => n.trim().to_string(),
                (None, Some(p)) => p.name.clone(),
                (None, None) => {
                    return Err(anyhow!(tr(
                        lang,
                        format!("indiquez le nom du prestataire : vigie providers set {} --name « … »", set.role),
                        format!("give the provider's name: vigie providers set {} --name \"…\"", set.role),
                    )))
                }
            };
            // Unnamed options keep what is recorded; "" clears a text.
            let text = |new: Option<String>, old: Option<String>| match new {
                Some(v) => Some(v.trim().to_string()).filter(|v| !v.is_empty()),
                None => old,
            };
            let old = existing.unwrap_or(Provider {
                role: set.role,
                name: String::new(),
                contact: None,
                contract_date: None,
                hds_certificate: None,
                hds_expiry: None,
            });
            let provider = Provider {
                role: set.role,
                name,
                contact: text(set.contact, old.contact),
                contract_date: set.contract_date.or(old.contract_date),
                hds_certificate: text(set.hds_certificate, old.hds_certificate),
                hds_expiry: set.hds_expiry.or(old.hds_expiry),
            };
            if let Err(e) = provider.validate() {
                return Err(anyhow!(match e {
                    ValidationError::HdsOnMaintenanceProvider => tr(
                        lang,
                        "le certificat HDS concerne l'hébergeur (B), pas le prestataire de maintenance (A) : retirez --hds-certificate et --hds-expiry",
                        "an HDS certificate concerns the hosting provider (B), not the maintenance provider (A): drop --hds-certificate and --hds-expiry",
                    ),
                    ValidationError::EmptyProviderName => tr(
                        lang,
                        "le nom du prestataire est vide",
                        "the provider's name is empty",
                    ),
                    other => other.to_string(),
                }));
            }
            store.set_provider(&provider)?;
            println!(
                "{}",
                tr(
                    lang,
                    format!("{} enregistré : {}", capitalise(provider.role.label(lang)), provider.name),
                    format!("{} recorded: {}", capitalise(provider.role.label(lang)), provider.name),
                )
            );
            for w in provider.warnings(practice::today()) {
                println!("  {} {}", tr(lang, "Attention :", "Warning:"), w.message(lang));
            }
        }
        ProvidersCommand::List => {
            let providers = store.providers()?;
            let delegations = store.delegations()?;
            let today = practice::today();
            for role in Role::ALL {
                let Some(p) = providers.iter().find(|p| p.role == role) else {
                    println!(
                        "{}",
                        tr(
                            lang,
                            format!("{} — {} : non renseigné (`vigie providers set {role} --name …`)", role, role.label(lang)),
                            format!("{} — {}: not recorded (`vigie providers set {role} --name …`)", role, role.label(lang)),
                        )
                    );
                    continue;
                };
                println!("{} — {} : {}", role, role.label(lang), p.name);
                if let Some(c) = &p.contact {
                    println!("    {} {c}", tr(lang, "Contact :", "Contact:"));
                }
                if let Some(d) = p.contract_date {
                    println!("    {} {}", tr(lang, "Contrat signé le", "Contract signed on"), day(lang, d));
                }
                if let Some(c) = &p.hds_certificate {
                    println!("    {} {c}", tr(lang, "Certificat HDS :", "HDS certificate:"));
                }
                if let Some(d) = p.hds_expiry {
                    println!("    {} {}", tr(lang, "Certificat HDS valable jusqu'au", "HDS certificate valid until"), day(lang, d));
                }
                let held: Vec<&str> = delegations
                    .iter()
                    .filter(|d| d.role == role)
                    .map(|d| d.requirement_id.as_str())
                    .collect();
                println!(
                    "    {} {}",
                    tr(lang, "Exigences confiées :", "Delegated requirements:"),
                    if held.is_empty() {
                        tr(lang, "aucune", "none")
                    } else {
                        held.join(", ")
                    }
                );
                for w in p.warnings(today) {
                    println!("    {} {}", tr(lang, "Attention :", "Warning:"), w.message(lang));
                }
            }
        }
        ProvidersCommand::Remove { role } => match store.remove_provider(role) {
            Ok(true) => println!(
                "{}",
                tr(
                    lang,
                    format!("{} retiré.", capitalise(role.label(lang))),
                    format!("{} removed.", capitalise(role.label(lang))),
                )
            ),
            Ok(false) => println!(
                "{}",
                tr(
                    lang,
                    format!("Aucun {} enregistré : rien à retirer.", role.label(lang)),
                    format!("No {} recorded: nothing to remove.", role.label(lang)),
                )
            ),
            Err(StoreError::ProviderHasDelegations { requirements, .. }) => {
                return Err(anyhow!(tr(
                    lang,
                    format!(
                        "{} a encore des exigences confiées ({}) : retirez-les d'abord avec `vigie undelegate {}`",
                        the_role(role),
                        requirements.join(", "),
                        requirements.join(" ")
                    ),
                    format!(
                        "the {} still has delegated requirements ({}): undelegate them first with `vigie undelegate {}`",
                        role.label(lang),
                        requirements.join(", "),
                        requirements.join(" ")
                    ),
                )))
            }
            Err(e) => return Err(e.into()),
        },
    }
    Ok(ExitCode::SUCCESS)
}

/// "au prestataire de maintenance (A)", "à l'hébergeur (B)".
fn to_role(role: Role) -> &'static str {
    match role {
        Role::A => "au prestataire de maintenance (A)",
        Role::B => "à l'hébergeur (B)",
    }
}

/// "le prestataire de maintenance (A)", "l'hébergeur (B)".
fn the_role(role: Role) -> &'static str {
    match role {
        Role::A => "le prestataire de maintenance (A)",
        Role::B => "l'hébergeur (B)",
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn unknown_requirement(lang: Lang, id: &str) -> String {
    tr(
        lang,
        format!(
            "{id} : exigence inconnue (un identifiant comme 4.3.1.a ; `vigie rules` les liste)"
        ),
        format!("{id}: unknown requirement (an id such as 4.3.1.a; `vigie rules` lists them)"),
    )
}

/// Why the memento does not let `id` go to `role`, in words.
fn refusal(lang: Lang, id: &str, role: Role, cartouche: Cartouche) -> String {
    let (fr, en) = match cartouche {
        Cartouche::None => (
            "le mémento ne prévoit pas de la confier à un prestataire : elle reste de la responsabilité du cabinet",
            "the memento does not provide for delegating it: it stays the practice's responsibility",
        ),
        Cartouche::A => (
            "le mémento ne permet de la confier qu'au prestataire de maintenance (A)",
            "the memento allows delegating it to the maintenance provider (A) only",
        ),
        Cartouche::B => (
            "le mémento ne permet de la confier qu'à l'hébergeur (B)",
            "the memento allows delegating it to the hosting provider (B) only",
        ),
        Cartouche::AB => ("", ""),
    };
    tr(
        lang,
        format!("{id} ne peut pas être confiée {} : {fr}", to_role(role)),
        format!(
            "{id} cannot be delegated to the {}: {en}",
            role.label(Lang::En)
        ),
    )
}

/// Checks every id before anything is written: all are delegated or none.
fn check_delegations(catalog: &Catalog, ids: &[String], role: Role, lang: Lang) -> Vec<String> {
    let mut problems = Vec::new();
    for id in ids {
        let Some(req) = catalog.requirement(id) else {
            problems.push(unknown_requirement(lang, id));
            continue;
        };
        if validate_delegation(id, role, req.delegation).is_err() {
            problems.push(refusal(lang, id, role, req.delegation));
        }
    }
    problems
}

pub fn delegate(args: DelegateArgs) -> Result<ExitCode> {
    let lang: Lang = args.lang.into();
    let catalog = vigie_catalog::embedded();
    let mut store = practice::open(&args.store, lang)?;
    let mut problems = check_delegations(catalog, &args.ids, args.to, lang);
    let provider = store.provider(args.to)?;
    if provider.is_none() {
        problems.push(tr(
            lang,
            format!(
                "aucun {} n'est enregistré : enregistrez-le d'abord avec `vigie providers set {} --name …`",
                args.to.label(lang),
                args.to
            ),
            format!(
                "no {} is recorded: record it first with `vigie providers set {} --name …`",
                args.to.label(lang),
                args.to
            ),
        ));
    }
    if !problems.is_empty() {
        return Err(anyhow!(
            "{}{}",
            problems.join("\n  "),
            tr(
                lang,
                "\n  Rien n'a été modifié.",
                "\n  Nothing was changed."
            )
        ));
    }
    let name = provider.map(|p| p.name).unwrap_or_default();
    for id in &args.ids {
        let allowed = catalog
            .requirement(id)
            .map_or(Cartouche::None, |r| r.delegation);
        let added = store.delegate(id, args.to, allowed)?;
        println!(
            "{}",
            match (added, lang) {
                (true, Lang::Fr) => format!("{id} confiée à {name} ({}).", args.to),
                (true, Lang::En) => format!("{id} delegated to {name} ({}).", args.to),
                (false, Lang::Fr) => format!("{id} était déjà confiée à {name} ({}).", args.to),
                (false, Lang::En) => format!("{id} was already delegated to {name} ({}).", args.to),
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn undelegate(args: UndelegateArgs) -> Result<ExitCode> {
    let lang: Lang = args.lang.into();
    let catalog = vigie_catalog::embedded();
    let mut store = practice::open(&args.store, lang)?;
    let unknown: Vec<String> = args
        .ids
        .iter()
        .filter(|id| catalog.requirement(id).is_none())
        .map(|id| unknown_requirement(lang, id))
        .collect();
    if !unknown.is_empty() {
        return Err(anyhow!("{}", unknown.join("\n  ")));
    }
    let roles: Vec<Role> = match args.from {
        Some(r) => vec![r],
        None => Role::ALL.to_vec(),
    };
    for id in &args.ids {
        let mut removed = Vec::new();
        for role in &roles {
            if store.undelegate(id, *role)? {
                removed.push(role.code());
            }
        }
        println!(
            "{}",
            match (removed.is_empty(), lang) {
                (false, Lang::Fr) => format!(
                    "{id} n'est plus confiée à {} : le cabinet en reprend la responsabilité.",
                    removed.join(" ni ")
                ),
                (false, Lang::En) => format!(
                    "{id} is no longer delegated to {}: the practice is responsible for it again.",
                    removed.join(" or ")
                ),
                (true, Lang::Fr) => format!("{id} n'était confiée à aucun prestataire."),
                (true, Lang::En) => format!("{id} was not delegated to any provider."),
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn delegations(args: DelegationsArgs) -> Result<ExitCode> {
    let lang: Lang = args.lang.into();
    let catalog = vigie_catalog::embedded();
    let store = practice::open(&args.store, lang)?;
    let providers = store.providers()?;
    let delegations = store.delegations()?;
    if delegations.is_empty() {
        println!(
            "{}",
            tr(
                lang,
                "Aucune exigence confiée à un prestataire (`vigie delegate ID… --to A|B`).",
                "No requirement delegated to a provider (`vigie delegate ID… --to A|B`).",
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    for d in &delegations {
        let name = providers
            .iter()
            .find(|p| p.role == d.role)
            .map_or("?", |p| p.name.as_str());
        let text = catalog
            .requirement(&d.requirement_id)
            .map(|r| r.text.get(lang))
            .unwrap_or("");
        let first = text.lines().next().unwrap_or(text);
        let short: String = first.chars().take(70).collect();
        let ellipsis = if first.chars().count() > 70 {
            "…"
        } else {
            ""
        };
        println!(
            "{:<8} {} ({name})  {short}{ellipsis}",
            d.requirement_id, d.role
        );
    }
    println!(
        "{}",
        tr(
            lang,
            format!("{} exigence(s) confiée(s).", delegations.len()),
            format!("{} delegated requirement(s).", delegations.len()),
        )
    );
    Ok(ExitCode::SUCCESS)
}
