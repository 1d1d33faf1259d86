//! The practice record as the commands use it: where it is, opening it, and
//! reading it into what a report folds in (`Report::apply_record`).

use crate::args::{tr, StoreArg};
use anyhow::{anyhow, Result};
use std::path::PathBuf;
use time::{Date, OffsetDateTime};
use vigie_catalog::Lang;
use vigie_store::Store;

/// Now, in the practitioner's time zone when it can be known (answers are
/// dated by the person's calendar day), else UTC.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_local().unwrap_or_else(|_| OffsetDateTime::now_utc())
}

/// Today, in the practitioner's calendar.
pub fn today() -> Date {
    now().date()
}

/// The record's file, and whether the user named it.
pub struct Location {
    pub path: PathBuf,
    pub explicit: bool,
}

pub fn locate(arg: &StoreArg, lang: Lang) -> Result<Location> {
    match &arg.store {
        Some(path) => Ok(Location {
            path: path.clone(),
            explicit: true,
        }),
        None => match Store::default_path() {
            Ok(path) => Ok(Location {
                path,
                explicit: false,
            }),
            Err(e) => Err(anyhow!(tr(
                lang,
                format!("pas de dossier de données sur ce système : indiquez le fichier du dossier du cabinet avec --store FICHIER ({e})"),
                format!("no data folder on this system: name the practice record's file with --store FILE ({e})"),
            ))),
        },
    }
}

fn no_practice(lang: Lang, path: &std::path::Path) -> anyhow::Error {
    anyhow!(tr(
        lang,
        format!(
            "aucun cabinet enregistré dans {} : créez d'abord le dossier avec `vigie init --name NOM --profession PROFESSION --organisation solo|group`",
            path.display()
        ),
        format!(
            "no practice recorded in {}: create the record first with `vigie init --name NAME --profession PROFESSION --organisation solo|group`",
            path.display()
        ),
    ))
}

/// Opens the record, which must exist and hold a practice. Never creates
/// a file.
pub fn open(arg: &StoreArg, lang: Lang) -> Result<Store> {
    let loc = locate(arg, lang)?;
    if !loc.path.exists() {
        return Err(no_practice(lang, &loc.path));
    }
    let store = Store::open(&loc.path)?;
    if store.practice()?.is_none() {
        return Err(no_practice(lang, &loc.path));
    }
    Ok(store)
}

/// The record when there is one (for `vigie audit`): none at the default
/// place is not an error and creates nothing; a file named with `--store`
/// must be a record.
pub fn open_if_exists(arg: &StoreArg, lang: Lang) -> Result<Option<Store>> {
    let loc = locate(arg, lang)?;
    if !loc.path.exists() {
        if loc.explicit {
            return Err(no_practice(lang, &loc.path));
        }
        return Ok(None);
    }
    let store = Store::open(&loc.path)?;
    if store.practice()?.is_none() {
        if loc.explicit {
            return Err(no_practice(lang, &loc.path));
        }
        return Ok(None);
    }
    Ok(Some(store))
}

// Reading the record into a report, recording an audit and replaying it
// live in `vigie_ui::record`, shared with the web interface.
pub use vigie_ui::record::rfc3339;
