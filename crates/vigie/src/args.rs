//! Options shared by several commands.

use clap::{Args, ValueEnum};
use std::path::PathBuf;
use vigie_catalog::Lang;
use vigie_practice::Role;

#[derive(Clone, Copy, ValueEnum)]
pub enum LangArg {
    Fr,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Fr => Lang::Fr,
            LangArg::En => Lang::En,
        }
    }
}

/// Where the practice record is.
#[derive(Args, Clone, Default)]
pub struct StoreArg {
    /// The practice record (SQLite file). Default: practice.sqlite3 in the
    /// user's data folder (~/.local/share/vigie on Linux).
    #[arg(long, value_name = "FILE", global = true)]
    pub store: Option<PathBuf>,
}

pub fn parse_date(s: &str) -> Result<time::Date, String> {
    time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
        .map_err(|e| format!("expected a date as YYYY-MM-DD ({e})"))
}

/// A provider role: A (maintenance) or B (hosting), either case.
pub fn parse_role(s: &str) -> Result<Role, String> {
    Role::from_code(s).ok_or_else(|| {
        format!("« {s} » : A (prestataire de maintenance) ou B (hébergeur) / A (maintenance provider) or B (hosting provider)")
    })
}

/// One text in the practitioner's language.
pub fn tr(lang: Lang, fr: impl Into<String>, en: impl Into<String>) -> String {
    match lang {
        Lang::Fr => fr.into(),
        Lang::En => en.into(),
    }
}

/// A day as a French reader writes it (28/11/2026), or ISO in English.
pub fn day(lang: Lang, d: time::Date) -> String {
    match lang {
        Lang::Fr => format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year()),
        Lang::En => d.to_string(),
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}
