//! The `vigie` command: a thin layer over the library crates.

use anyhow::{bail, Context as _, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use vigie_audit::{Profile, Report};
use vigie_catalog::{Delegation, Lang, Method};
use vigie_evidence::{CollectOptions, EvidenceSource, LiveSystem, OfflineRoot, RecordedEvidence};

/// Vigie — audit de sécurité des postes d'un cabinet de santé selon le
/// mémento PGSSI-S (ASIP Santé, 2013).
#[derive(Parser)]
#[command(name = "vigie", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Audit this machine, an offline root or a recorded evidence file.
    Audit(AuditArgs),
    /// Record this machine's (or an offline root's) evidence to a file.
    Collect(CollectArgs),
    /// List the memento's requirements, or explain one.
    Rules(RulesArgs),
    /// Print the JSON Schema of the audit report.
    Schema,
}

#[derive(Args)]
struct SourceArgs {
    /// Audit an offline system mounted at DIR (files only, no command run).
    #[arg(long, value_name = "DIR", conflicts_with = "evidence")]
    root: Option<PathBuf>,
    /// Evaluate an evidence file written by `vigie collect`.
    #[arg(long, value_name = "FILE")]
    evidence: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
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

#[derive(Args)]
struct AuditArgs {
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
}

#[derive(Args)]
struct CollectArgs {
    /// Collect from an offline system mounted at DIR.
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// The evidence file to write.
    #[arg(long, short, value_name = "FILE")]
    output: PathBuf,
    /// Also run the package managers' own slow checks (apt-get -s
    /// dist-upgrade, dnf updateinfo, zypper list-patches: seconds each) to
    /// count pending updates (this machine only).
    #[arg(long, conflicts_with_all = ["root"])]
    thorough: bool,
}

#[derive(Args)]
struct RulesArgs {
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

fn parse_date(s: &str) -> Result<time::Date, String> {
    time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
        .map_err(|e| format!("expected a date as YYYY-MM-DD ({e})"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // A reader that stops early (`vigie audit | head`) is not an error.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(anstream::stderr(), "vigie: erreur / error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Audit(args) => audit(args),
        Command::Collect(args) => collect(args),
        Command::Rules(args) => rules(args),
        Command::Schema => {
            let mut schema = serde_json::to_string_pretty(&vigie_audit::report_schema())?;
            schema.push('\n');
            anstream::stdout().write_all(schema.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn source(args: &SourceArgs) -> Box<dyn EvidenceSource> {
    match (&args.root, &args.evidence) {
        (Some(root), _) => Box::new(OfflineRoot { path: root.clone() }),
        (_, Some(file)) => Box::new(RecordedEvidence { path: file.clone() }),
        _ => Box::new(LiveSystem),
    }
}

fn audit(args: AuditArgs) -> Result<ExitCode> {
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
    let report = Report::generate(catalog, &ctx, args.source.evidence.is_some(), duration);
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

fn collect(args: CollectArgs) -> Result<ExitCode> {
    let evidence = match &args.root {
        Some(root) => OfflineRoot { path: root.clone() }.evidence()?,
        None => LiveSystem.evidence_with(CollectOptions {
            thorough: args.thorough,
        })?,
    };
    let mut json = serde_json::to_string_pretty(&evidence)?;
    json.push('\n');
    write_file(&args.output, &json)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes to the terminal (colour only there) or to a file (plain text).
fn emit(text: &str, output: Option<&Path>) -> Result<()> {
    match output {
        Some(path) => write_file(path, &anstream::adapter::strip_str(text).to_string()),
        None => {
            let mut out = anstream::stdout();
            out.write_all(text.as_bytes())?;
            Ok(())
        }
    }
}

/// Writes through a temporary file renamed into place, so an interrupted
/// write never leaves a truncated report where a good one was.
fn write_file(path: &Path, content: &str) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        bail!("{}: directory does not exist", dir.display());
    }
    let tmp = dir.join(format!(
        ".{}.vigie-tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("out")
    ));
    std::fs::write(&tmp, content).with_context(|| format!("{}: cannot write", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(())
}

fn rules(args: RulesArgs) -> Result<ExitCode> {
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
            out = serde_json::to_string_pretty(&selected)?;
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
                out.push_str(&format!(
                    "{:<8} {:<8} {:<4} {}{} {short}{ellipsis}\n",
                    r.id,
                    r.method.as_str(),
                    r.delegation.as_str(),
                    if r.essential.is_some() { "★" } else { " " },
                    "",
                ));
            }
            out.push_str(&match lang {
                Lang::Fr => format!(
                    "{} exigence(s) · ★ incontournable · `vigie rules explain ID` pour le détail\n",
                    selected.len()
                ),
                Lang::En => format!(
                    "{} requirement(s) · ★ essential · `vigie rules explain ID` for details\n",
                    selected.len()
                ),
            });
        }
    }
    anstream::stdout().write_all(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
