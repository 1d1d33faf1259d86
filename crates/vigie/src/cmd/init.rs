//! `vigie init`: creates the practice record.

use crate::args::{tr, LangArg, StoreArg};
use crate::practice;
use anyhow::{anyhow, Result};
use clap::Args;
use std::process::ExitCode;
use vigie_catalog::Lang;
use vigie_practice::{Organisation, Practice, Profession};
use vigie_store::Store;

#[derive(Args)]
pub struct InitArgs {
    /// The practice's name, e.g. "Cabinet du Dr Martin".
    #[arg(long)]
    name: String,
    /// The profession, e.g. "médecin généraliste", "infirmier", "kiné",
    /// or any other name.
    #[arg(long)]
    profession: String,
    /// solo (exercice seul) or group (exercice en groupe).
    #[arg(long, value_name = "solo|group", value_parser = parse_organisation)]
    organisation: Organisation,
    /// The practice's address (optional).
    #[arg(long)]
    address: Option<String>,
    #[command(flatten)]
    store: StoreArg,
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
}

fn parse_organisation(s: &str) -> Result<Organisation, String> {
    Organisation::parse(s).ok_or_else(|| {
        format!("« {s} » : solo (exercice seul) ou group (exercice en groupe) / solo or group")
    })
}

pub fn init(args: InitArgs) -> Result<ExitCode> {
    let lang: Lang = args.lang.into();
    let practice = Practice {
        name: args.name.trim().to_string(),
        profession: Profession::parse(&args.profession).map_err(|_| {
            anyhow!(tr(
                lang,
                "la profession est vide : indiquez-la, par exemple --profession « infirmier »",
                "the profession is empty: name it, e.g. --profession nurse",
            ))
        })?,
        organisation: args.organisation,
        address: args
            .address
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty()),
        created_at: practice::now(),
    };
    // Checked before the file is created: a refused init leaves nothing.
    if practice.validate().is_err() {
        return Err(anyhow!(tr(
            lang,
            "le nom du cabinet est vide : indiquez-le avec --name « Cabinet du Dr Martin »",
            "the practice's name is empty: give it with --name \"Cabinet du Dr Martin\"",
        )));
    }
    let loc = practice::locate(&args.store, lang)?;
    if loc.path.exists() {
        let existing = Store::open(&loc.path)?.practice()?;
        if let Some(existing) = existing {
            return Err(anyhow!(tr(
                lang,
                format!(
                    "un dossier du cabinet existe déjà dans {} (« {} ») : rien n'a été modifié. Pour en créer un autre, choisissez un autre fichier avec --store ; pour le remplacer, `vigie import FICHIER --replace`.",
                    loc.path.display(),
                    existing.name
                ),
                format!(
                    "a practice record already exists in {} (\"{}\"): nothing was changed. To create another one, choose another file with --store; to replace it, `vigie import FILE --replace`.",
                    loc.path.display(),
                    existing.name
                ),
            )));
        }
    }
    let mut store = Store::open(&loc.path)?;
    store.init_practice(&practice)?;
    println!(
        "{}",
        tr(
            lang,
            format!(
                "Dossier du cabinet « {} » créé ({}, {}) : {}\nÉtape suivante : `vigie declare` pour répondre aux questions, puis `vigie audit`.",
                practice.name,
                practice.profession.label(lang),
                practice.organisation.label(lang),
                loc.path.display()
            ),
            format!(
                "Practice record \"{}\" created ({}, {}): {}\nNext: `vigie declare` to answer the questions, then `vigie audit`.",
                practice.name,
                practice.profession.label(lang),
                practice.organisation.label(lang),
                loc.path.display()
            ),
        )
    );
    Ok(ExitCode::SUCCESS)
}
