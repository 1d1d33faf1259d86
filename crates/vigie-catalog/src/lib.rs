//! The memento's requirements as data.
//!
//! The catalog lives in `catalog/*.toml` beside this crate and is embedded at
//! compile time. `requirements.tsv` is the reference list of identifiers and
//! attributes; [`lint`] checks the TOML files against it, so a typo in the
//! data is a test failure, not a silent gap in an audit.
//!
//! Every requirement a person must answer (`declared` or `both`) carries its
//! [`Question`] (text, help, review period, when it does not apply), and the
//! catalog header holds the context questions asked first
//! ([`Catalog::context`]).

mod lint;
mod model;

pub use lint::{lint, LintError};
pub use model::*;

use std::sync::OnceLock;

/// The embedded source files, in load order.
pub const SOURCES: &[(&str, &str)] = &[
    ("catalog.toml", include_str!("../catalog/catalog.toml")),
    ("theme-1.toml", include_str!("../catalog/theme-1.toml")),
    ("theme-2.toml", include_str!("../catalog/theme-2.toml")),
    ("theme-3.toml", include_str!("../catalog/theme-3.toml")),
    ("theme-4.toml", include_str!("../catalog/theme-4.toml")),
    ("theme-5.toml", include_str!("../catalog/theme-5.toml")),
    ("theme-6.toml", include_str!("../catalog/theme-6.toml")),
];

/// The reference list of identifiers (id, theme, delegation, essential, method).
pub const REFERENCE_TSV: &str = include_str!("../catalog/requirements.tsv");

/// Errors met while loading catalog data.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("catalog file {file}: {message}")]
    Parse { file: String, message: String },
    #[error("catalog file {file}: {message}")]
    Invalid { file: String, message: String },
}

/// The embedded catalog, parsed once. The embedded data is checked by the
/// test suite, so a failure here is a build defect.
pub fn embedded() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        Catalog::from_sources(SOURCES).expect("embedded catalog is valid (checked by tests)")
    })
}

impl Catalog {
    /// Builds a catalog from named TOML sources: the first holds the header
    /// (version, themes), the others hold rules and requirements.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Catalog, CatalogError> {
        let mut iter = sources.iter();
        let (head_name, head_text) = iter.next().ok_or_else(|| CatalogError::Invalid {
            file: "-".into(),
            message: "no catalog source".into(),
        })?;
        let header: model::HeaderFile = parse(head_name, head_text)?;
        let mut catalog = Catalog {
            version: header.version,
            memento: header.memento,
            themes: header.themes,
            rules: Vec::new(),
            requirements: Vec::new(),
            context: header.context,
        };
        for (name, text) in iter {
            let file: model::ThemeFile = parse(name, text)?;
            catalog.rules.extend(file.rules);
            catalog.requirements.extend(file.requirements);
        }
        Ok(catalog)
    }

    /// The requirement with this id.
    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirements.iter().find(|r| r.id == id)
    }

    /// The rule (numbered paragraph) with this number.
    pub fn rule(&self, number: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.number == number)
    }

    /// The context question with this key ("wifi_present").
    pub fn context_fact(&self, key: &str) -> Option<&ContextFact> {
        self.context.iter().find(|c| c.key == key)
    }

    /// The theme with this number.
    pub fn theme(&self, number: u8) -> Option<&Theme> {
        self.themes.iter().find(|t| t.number == number)
    }
}

fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T, CatalogError> {
    toml::from_str(text).map_err(|e| CatalogError::Parse {
        file: name.to_string(),
        message: e.to_string(),
    })
}
