//! `vigie ui`: the local web interface (crate `vigie-ui`), opened in the
//! default browser on a one-time address.

use crate::args::{tr, LangArg, StoreArg};
use crate::practice;
use anyhow::{anyhow, Result};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use vigie_catalog::Lang;
use vigie_ui::{Options, Server, Source};

#[derive(Args)]
pub struct UiArgs {
    /// Print the address instead of opening the browser.
    #[arg(long)]
    no_open: bool,
    /// Audits look at an offline system mounted at DIR instead of this machine.
    #[arg(long, value_name = "DIR", conflicts_with = "evidence")]
    root: Option<PathBuf>,
    /// Audits evaluate this evidence file (from `vigie collect`) instead of this machine.
    #[arg(long, value_name = "FILE")]
    evidence: Option<PathBuf>,
    /// Who answers by default (default: the user's login name).
    #[arg(long, value_name = "NAME")]
    author: Option<String>,
    #[command(flatten)]
    store: StoreArg,
    /// Language of the messages in the terminal (the pages have a switch).
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
}

pub fn ui(args: UiArgs) -> Result<ExitCode> {
    let lang: Lang = args.lang.into();
    // Read before any thread starts: see `vigie_ui::Options::offset`.
    let offset = practice::now().offset();
    let store = practice::open(&args.store, lang)?;
    let path = store.path().to_path_buf();
    drop(store);
    let source = match (args.root, args.evidence) {
        (Some(root), _) => {
            if !root.is_dir() {
                return Err(anyhow!(tr(
                    lang,
                    format!("{} : ce n'est pas un dossier (--root attend la racine d'un système hors ligne)", root.display()),
                    format!("{}: not a directory (--root expects the root of an offline system)", root.display()),
                )));
            }
            Source::Root(root)
        }
        (_, Some(file)) => Source::Evidence(file),
        _ => Source::Live,
    };
    let author = args
        .author
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty());
    let server = Server::bind(Options {
        store: path,
        source,
        author,
        offset,
    })?;
    let url = server.login_url();
    let opened = !args.no_open && open::that_detached(&url).is_ok();
    if opened {
        eprintln!(
            "{}",
            tr(
                lang,
                format!(
                    "Interface de Vigie ouverte dans votre navigateur ({}).",
                    server.base_url()
                ),
                format!(
                    "Vigie's interface opened in your browser ({}).",
                    server.base_url()
                ),
            )
        );
    } else {
        // Alone on its line on standard output, for scripts and tests.
        println!("{url}");
        eprintln!(
            "{}",
            tr(
                lang,
                "Ouvrez cette adresse dans votre navigateur ; elle ne sert qu'une fois.",
                "Open this address in your browser; it works only once.",
            )
        );
    }
    eprintln!(
        "{}",
        tr(
            lang,
            "Ctrl-C pour arrêter l'interface.",
            "Ctrl-C stops the interface.",
        )
    );
    server.run()?;
    Ok(ExitCode::SUCCESS)
}
