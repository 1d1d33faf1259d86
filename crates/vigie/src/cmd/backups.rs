//! `vigie backups`: the practice's backup sets (rule 6.3.1). `add` records
//! where backups are kept and how they are made, `check` reads what a set
//! holds now (or a recorded output) and stores it with its date, `test`
//! restores a sample of the latest backup into a temporary folder and
//! records the result, `list` shows it all with the regime, `retention`
//! prints the matching `restic forget` / `borg prune` (never run) and
//! `remove` forgets a set.
//!
//! Passwords: a set names where its password comes from (an environment
//! variable or a file); Vigie never stores, prints or logs the password
//! itself, and the library removes it from every tool message.

use crate::args::{day, parse_date, tr, LangArg, StoreArg};
use crate::practice;
use anyhow::{anyhow, Context as _, Result};
use clap::{Args, Subcommand};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use time::OffsetDateTime;
use vigie_backup::{BackupError, Credentials, Options};
use vigie_catalog::Lang;
use vigie_practice::{
    BackupInventory, BackupKind, BackupSet, BackupValidationError, Backups, Encryption,
    PasswordSource, RestoreScope, RestoreTest,
};
use vigie_report::parts::{duration_text, size_text};
use vigie_store::{Store, StoreError};

/// Largest recorded output read (a listing of a File History folder can
/// be long; anything larger is not a listing).
const MAX_OUTPUT_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Args)]
pub struct BackupsArgs {
    #[command(subcommand)]
    command: BackupsCommand,
    #[command(flatten)]
    store: StoreArg,
    #[arg(long, value_enum, default_value = "fr", global = true)]
    lang: LangArg,
}

#[derive(Subcommand)]
enum BackupsCommand {
    /// Record a backup set: where backups are kept, how they are made, and
    /// where its password comes from (never the password itself).
    Add(AddArgs),
    /// List the backup sets with what was last seen in each, their restore
    /// tests, their encryption and the regime (6.3.1.b, c, d).
    List,
    /// Read what backup sets hold now and record it (all sets by default).
    Check(CheckArgs),
    /// Restore a sample of a set's latest backup into a temporary folder,
    /// check it against the backup's own checksums, and record the result.
    Test(TestArgs),
    /// Remove a backup set, with its inventory and restore tests.
    Remove {
        /// The set's id.
        id: String,
    },
    /// Print the retention matching the memento (`restic forget`, `borg
    /// prune`): never run by Vigie.
    Retention {
        /// The set's id.
        id: String,
    },
}

#[derive(Args)]
struct AddArgs {
    /// A short name: lower-case letters, digits, - and _ (e.g. nas, disque-1).
    id: String,
    /// How the backups are made.
    #[arg(long, value_parser = parse_kind, value_name = "KIND",
          long_help = "How the backups are made: restic, borg, dated_folder, windows_file_history, wbadmin or time_machine")]
    kind: BackupKind,
    /// The repository, the folder or the drive (never with a password in it).
    #[arg(long, value_name = "LOC")]
    location: String,
    /// Kept outside the practice (at home, at a provider's).
    #[arg(long)]
    offsite: bool,
    /// On a removable medium kept disconnected from the computer.
    #[arg(long)]
    removable: bool,
    /// The environment variable that holds the repository's password.
    #[arg(long, value_name = "NAME", conflicts_with = "password_file")]
    password_env: Option<String>,
    /// The file whose first line is the repository's password.
    #[arg(long, value_name = "PATH")]
    password_file: Option<PathBuf>,
    /// A note (which disk, who takes it home...).
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
}

#[derive(Args)]
struct CheckArgs {
    /// The sets to read (default: all).
    #[arg(value_name = "ID")]
    ids: Vec<String>,
    /// Recorded outputs to read instead of the set itself (Windows File
    /// History listing, wbadmin get versions, tmutil listbackups and
    /// destinationinfo, or restic's or borg's JSON); one set only.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    output: Vec<PathBuf>,
    /// When the recorded outputs were made (YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS+01:00).
    #[arg(long, value_name = "DATE", value_parser = parse_moment, requires = "output")]
    recorded_at: Option<OffsetDateTime>,
}

#[derive(Args)]
struct TestArgs {
    /// The set to test.
    id: String,
    /// Where the temporary folder is made (default: the system's temporary
    /// folder). It is private to you and removed afterwards.
    #[arg(long, value_name = "DIR")]
    temp_dir: Option<PathBuf>,
}

fn parse_kind(s: &str) -> Result<BackupKind, String> {
    BackupKind::from_code(s).ok_or_else(|| {
        let all: Vec<&str> = BackupKind::ALL.iter().map(|k| k.code()).collect();
        format!(
            "« {s} » : type de sauvegarde inconnu ({0}) / unknown backup kind ({0})",
            all.join(", ")
        )
    })
}

/// A day (taken at its start, in the local time zone) or an RFC 3339 time.
fn parse_moment(s: &str) -> Result<OffsetDateTime, String> {
    if let Ok(t) = OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339) {
        return Ok(t);
    }
    let d = parse_date(s).map_err(|_| {
        format!("« {s} » : une date AAAA-MM-JJ est attendue / expected a date as YYYY-MM-DD")
    })?;
    Ok(d.midnight().assume_offset(practice::now().offset()))
}

pub fn backups(args: BackupsArgs) -> Result<ExitCode> {
    let lang: Lang = args.lang.into();
    let mut store = practice::open(&args.store, lang)?;
    match args.command {
        BackupsCommand::Add(add) => self::add(&mut store, add, lang),
        BackupsCommand::List => list(&store, lang),
        BackupsCommand::Check(check) => self::check(&mut store, check, lang),
        BackupsCommand::Test(test) => self::test(&mut store, test, lang),
        BackupsCommand::Remove { id } => remove(&mut store, &id, lang),
        BackupsCommand::Retention { id } => retention(&store, &id, lang),
    }
}

// Words ------------------------------------------------------------------

/// A moment as the practitioner reads it: their calendar day.
fn local_day(lang: Lang, t: OffsetDateTime) -> String {
    day(lang, t.to_offset(practice::now().offset()).date())
}

fn kind_words(kind: BackupKind, lang: Lang) -> String {
    let label = kind.label(lang);
    if label.contains(kind.code()) {
        label.to_string()
    } else {
        format!("{label} ({})", kind.code())
    }
}

/// Where a set is kept, in words.
fn place_words(set: &BackupSet, lang: Lang) -> String {
    let mut parts = Vec::new();
    parts.push(if set.offsite {
        tr(lang, "hors du cabinet", "outside the practice")
    } else {
        tr(lang, "au cabinet", "at the practice")
    });
    if set.removable {
        parts.push(tr(
            lang,
            "support amovible débranché",
            "removable medium, disconnected",
        ));
    }
    parts.join(", ")
}

fn password_words(source: Option<&PasswordSource>, lang: Lang) -> String {
    match source {
        None => tr(lang, "aucun", "none"),
        Some(PasswordSource::Env(name)) => tr(
            lang,
            format!("variable d'environnement {name}"),
            format!("environment variable {name}"),
        ),
        Some(PasswordSource::File(path)) => {
            tr(lang, format!("fichier {path}"), format!("file {path}"))
        }
    }
}

fn scope_words(scope: RestoreScope, lang: Lang) -> String {
    match scope {
        RestoreScope::Sample => tr(lang, "échantillon", "sample"),
        RestoreScope::Whole => tr(lang, "sauvegarde entière", "whole backup"),
    }
}

fn encryption_words(set: &BackupSet, inventory: Option<&BackupInventory>, lang: Lang) -> String {
    let e: Encryption =
        vigie_backup::report::encryption_of(set.kind, inventory.map(|i| &i.encryption));
    vigie_backup::report::encryption_label(set.kind, &e)
        .get(lang)
        .to_string()
}

/// The hint when a tool refused the password.
fn password_refused(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    // restic: "Fatal: wrong password or no key found"; borg: "passphrase
    // supplied in BORG_PASSPHRASE ... is incorrect".
    m.contains("wrong password")
        || m.contains("password or no key found")
        || m.contains("passphrase supplied")
        || m.contains("passphrase is incorrect")
        || m.contains("incorrect passphrase")
}

fn password_hint(set: &BackupSet, lang: Lang) -> String {
    let source = password_words(set.password_source.as_ref(), lang);
    tr(
        lang,
        format!(" — le mot de passe est refusé par le dépôt : vérifiez ce que contient la source du mot de passe ({source})"),
        format!(" — the repository refuses the password: check what its password source holds ({source})"),
    )
}

/// A library error in the practitioner's language (never a password: the
/// library keeps them out of its messages).
fn explain(e: &BackupError, set: &BackupSet, lang: Lang) -> String {
    if lang == Lang::En {
        let mut s = e.to_string();
        if let BackupError::Tool { message, .. } = e {
            if password_refused(message) {
                s.push_str(&password_hint(set, lang));
            }
        }
        return s;
    }
    match e {
        BackupError::ToolMissing { tool } => {
            let package = if tool == "borg" { "borgbackup" } else { tool.as_str() };
            format!("{tool} n'est pas installé sur ce poste (installez le paquet {package})")
        }
        BackupError::PasswordEnvMissing { name } => format!(
            "la variable d'environnement {name}, qui doit contenir le mot de passe du dépôt, n'est pas définie : définissez-la avant de lancer Vigie"
        ),
        BackupError::PasswordFileUnreadable { path, reason } => format!(
            "le fichier de mot de passe {path} ne peut pas être lu ({reason})"
        ),
        BackupError::NeedsRecordedOutput { kind, command } => format!(
            "les sauvegardes « {} » se lisent dans une sortie enregistrée : lancez `{command}` sur l'ordinateur concerné, enregistrez ce qu'elle affiche dans un fichier, puis : vigie backups check {} --output FICHIER --recorded-at AAAA-MM-JJ",
            kind.label(Lang::Fr),
            set.id
        ),
        BackupError::LocationNotFound { path } => {
            format!("{path} : introuvable ou illisible (le disque est-il branché ?)")
        }
        BackupError::Tool {
            command,
            code,
            message,
        } => {
            let mut s = format!(
                "`{command}` a échoué{} : {message}",
                code.map(|c| format!(" (code de sortie {c})")).unwrap_or_default()
            );
            if password_refused(message) {
                s.push_str(&password_hint(set, lang));
            } else if message.contains("Is there a repository at the following location")
                || message.contains("does not exist")
            {
                s.push_str(" — aucun dépôt lisible à cet emplacement : le disque est-il branché, l'emplacement est-il le bon ?");
            }
            s
        }
        BackupError::TimedOut { command, seconds } => {
            format!("`{command}` n'a pas répondu en {seconds} s et a été arrêté")
        }
        BackupError::Parse { command, message } => {
            format!("`{command}` : sortie inattendue ({message})")
        }
        BackupError::NoBackup => "le jeu ne contient aucune sauvegarde à restaurer".into(),
        BackupError::Unsupported(message) => {
            format!("opération impossible pour ce jeu ({message})")
        }
        BackupError::Io(message) => format!("erreur de lecture ou d'écriture : {message}"),
    }
}

fn validation_message(e: &BackupValidationError, lang: Lang) -> String {
    use vigie_practice::{MAX_BACKUP_LOCATION_CHARS, MAX_BACKUP_SET_ID_CHARS};
    let fr = match e {
        BackupValidationError::BadId(id) => format!(
            "« {id} » n'est pas un nom de jeu de sauvegarde valable (1 à {MAX_BACKUP_SET_ID_CHARS} caractères : lettres minuscules sans accent, chiffres, - ou _, en commençant par une lettre ou un chiffre ; par exemple nas ou disque-1)"
        ),
        BackupValidationError::BadLocation => format!(
            "l'emplacement est vide ou tient sur plusieurs lignes (au plus {MAX_BACKUP_LOCATION_CHARS} caractères)"
        ),
        BackupValidationError::PasswordInLocation => "l'emplacement contient un mot de passe (utilisateur:motdepasse@) : Vigie ne conserve jamais de mot de passe ; retirez-le de l'emplacement et donnez-le par --password-env ou --password-file".into(),
        BackupValidationError::BadPasswordEnv(name) => format!(
            "« {name} » n'est pas un nom de variable d'environnement (lettres, chiffres et _, sans commencer par un chiffre)"
        ),
        BackupValidationError::BadPasswordFile => "le chemin du fichier de mot de passe est vide ou tient sur plusieurs lignes".into(),
        BackupValidationError::PasswordNotUsed { kind } => format!(
            "les sauvegardes « {} » n'ont pas de mot de passe que Vigie utilise : retirez --password-env et --password-file",
            kind.label(Lang::Fr)
        ),
        BackupValidationError::NoteTooLong { max } => {
            format!("la note dépasse {max} caractères")
        }
        other => other.to_string(),
    };
    tr(lang, fr, e.to_string())
}

fn unknown_set(id: &str, lang: Lang) -> anyhow::Error {
    anyhow!(tr(
        lang,
        format!(
            "aucun jeu de sauvegarde « {id} » n'est enregistré (`vigie backups list` les liste)"
        ),
        format!("no backup set \"{id}\" is recorded (`vigie backups list` lists them)"),
    ))
}

fn find_set(store: &Store, id: &str, lang: Lang) -> Result<BackupSet> {
    store.backup_set(id)?.ok_or_else(|| unknown_set(id, lang))
}

// add --------------------------------------------------------------------

/// A relative local path made absolute, so that the set still reads from
/// another folder. Remote locations (`sftp:`, `user@host:`, `s3:`...) and
/// drive names (`E:`) contain a colon and are kept as given.
fn absolute_location(kind: BackupKind, location: &str) -> String {
    let loc = location.trim();
    if kind.read_directly() && !loc.contains(':') && Path::new(loc).is_relative() {
        if let Ok(abs) = std::path::absolute(loc) {
            return abs.display().to_string();
        }
    }
    loc.to_string()
}

fn add(store: &mut Store, args: AddArgs, lang: Lang) -> Result<ExitCode> {
    let password_source = match (args.password_env, args.password_file) {
        (Some(name), _) => Some(PasswordSource::Env(name.trim().to_string())),
        (None, Some(path)) => {
            let abs = std::path::absolute(&path).unwrap_or(path);
            Some(PasswordSource::File(abs.display().to_string()))
        }
        (None, None) => None,
    };
    if args.kind == BackupKind::Restic && password_source.is_none() {
        return Err(anyhow!(tr(
            lang,
            "un dépôt restic est toujours chiffré : indiquez d'où vient son mot de passe avec --password-env NOM_DE_VARIABLE ou --password-file FICHIER (Vigie ne conserve jamais le mot de passe lui-même)",
            "a restic repository is always encrypted: say where its password comes from with --password-env VARIABLE_NAME or --password-file FILE (Vigie never keeps the password itself)",
        )));
    }
    let set = BackupSet {
        id: args.id.trim().to_string(),
        kind: args.kind,
        location: absolute_location(args.kind, &args.location),
        offsite: args.offsite,
        removable: args.removable,
        password_source,
        added_at: practice::now(),
        note: args
            .note
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty()),
    };
    if let Err(e) = set.validate() {
        return Err(anyhow!(validation_message(&e, lang)));
    }
    match store.add_backup_set(&set) {
        Ok(()) => {}
        Err(StoreError::BackupSetExists { id, .. }) => {
            return Err(anyhow!(tr(
                lang,
                format!("un jeu de sauvegarde « {id} » est déjà enregistré : choisissez un autre nom, ou retirez-le d'abord (`vigie backups remove {id}`)"),
                format!("a backup set \"{id}\" is already recorded: choose another name, or remove it first (`vigie backups remove {id}`)"),
            )))
        }
        Err(e) => return Err(e.into()),
    }
    println!(
        "{}",
        tr(
            lang,
            format!(
                "Jeu de sauvegarde « {} » enregistré : {}, {} ({}).",
                set.id,
                kind_words(set.kind, lang),
                set.location,
                place_words(&set, lang)
            ),
            format!(
                "Backup set \"{}\" recorded: {}, {} ({}).",
                set.id,
                kind_words(set.kind, lang),
                set.location,
                place_words(&set, lang)
            ),
        )
    );
    match &set.password_source {
        Some(PasswordSource::Env(name)) => {
            println!(
                "{}",
                tr(
                    lang,
                    format!("  Mot de passe : lu dans la variable d'environnement {name} au moment de lire le dépôt ; Vigie ne le conserve pas."),
                    format!("  Password: read from the environment variable {name} when the repository is read; Vigie does not keep it."),
                )
            );
            if std::env::var_os(name).is_none_or(|v| v.is_empty()) {
                println!(
                    "{}",
                    tr(
                        lang,
                        format!("  Attention : {name} n'est pas définie ici ; elle devra l'être pour relever et tester ce jeu."),
                        format!("  Warning: {name} is not set here; it must be to check and test this set."),
                    )
                );
            }
        }
        Some(PasswordSource::File(path)) => {
            println!(
                "{}",
                tr(
                    lang,
                    format!("  Mot de passe : lu dans le fichier {path} (première ligne) ; Vigie ne le conserve pas. Gardez ce fichier lisible par vous seul."),
                    format!("  Password: read from the file {path} (first line); Vigie does not keep it. Keep this file readable by you only."),
                )
            );
            if !Path::new(path).is_file() {
                println!(
                    "{}",
                    tr(
                        lang,
                        format!("  Attention : le fichier {path} n'existe pas (encore)."),
                        format!("  Warning: the file {path} does not exist (yet)."),
                    )
                );
            }
        }
        None => {}
    }
    let next = if set.kind.read_directly() {
        format!("vigie backups check {}", set.id)
    } else {
        format!(
            "vigie backups check {} --output {} --recorded-at {}",
            set.id,
            tr(lang, "FICHIER", "FILE"),
            tr(lang, "AAAA-MM-JJ", "YYYY-MM-DD")
        )
    };
    println!(
        "{}",
        tr(
            lang,
            format!("Relevez-le maintenant : {next}"),
            format!("Check it now: {next}"),
        )
    );
    if !set.kind.read_directly() {
        println!(
            "{}",
            tr(
                lang,
                format!(
                    "  (le fichier : ce qu'affiche `{}` sur l'ordinateur concerné)",
                    vigie_backup::recorded_command(set.kind)
                ),
                format!(
                    "  (the file: what `{}` prints on that computer)",
                    vigie_backup::recorded_command(set.kind)
                ),
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

// list -------------------------------------------------------------------

fn list(store: &Store, lang: Lang) -> Result<ExitCode> {
    let backups = store.backups()?;
    if backups.sets.is_empty() {
        println!(
            "{}",
            tr(
                lang,
                "Aucun jeu de sauvegarde enregistré : `vigie backups add ID --kind restic|borg|dated_folder|windows_file_history|wbadmin|time_machine --location EMPLACEMENT` l'enregistre.",
                "No backup set recorded: `vigie backups add ID --kind restic|borg|dated_folder|windows_file_history|wbadmin|time_machine --location LOCATION` records one.",
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    let today = practice::today();
    let label = |fr: &str, en: &str| format!("    {:<27}", tr(lang, fr, en));
    for set in &backups.sets {
        let inv = backups.inventory(&set.id);
        println!(
            "{} — {} — {}",
            set.id,
            kind_words(set.kind, lang),
            set.location
        );
        println!("{}{}", label("Lieu :", "Place:"), place_words(set, lang));
        if set.kind.uses_password() {
            println!(
                "{}{}",
                label("Mot de passe :", "Password:"),
                password_words(set.password_source.as_ref(), lang)
            );
        }
        match inv {
            None => println!(
                "{}{}",
                label("Dernier relevé :", "Last checked:"),
                tr(
                    lang,
                    format!("jamais (`vigie backups check {}`)", set.id),
                    format!("never (`vigie backups check {}`)", set.id),
                )
            ),
            Some(inv) => {
                println!(
                    "{}{} ({})",
                    label("Dernier relevé :", "Last checked:"),
                    local_day(lang, inv.checked_at),
                    inv.source
                );
                let oldest = inv.backups.iter().map(|b| b.at).min();
                match (inv.latest(), oldest) {
                    (Some(latest), Some(oldest)) => println!(
                        "{}{}",
                        label("Dernière sauvegarde :", "Latest backup:"),
                        tr(
                            lang,
                            format!(
                                "{} ({} sauvegarde(s) depuis le {})",
                                local_day(lang, latest.at),
                                inv.backups.len(),
                                local_day(lang, oldest)
                            ),
                            format!(
                                "{} ({} backup(s) since {})",
                                local_day(lang, latest.at),
                                inv.backups.len(),
                                local_day(lang, oldest)
                            ),
                        )
                    ),
                    _ => println!(
                        "{}{}",
                        label("Dernière sauvegarde :", "Latest backup:"),
                        tr(lang, "aucune", "none")
                    ),
                }
            }
        }
        println!(
            "{}{}",
            label("Chiffrement :", "Encryption:"),
            encryption_words(set, inv, lang)
        );
        println!(
            "{}{}",
            label("Test de restauration :", "Restore test:"),
            restore_words(&backups, set, today, lang)
        );
        if let Some(note) = &set.note {
            println!("{}{note}", label("Note :", "Note:"));
        }
        println!();
    }
    regime_summary(&backups, today, lang);
    Ok(ExitCode::SUCCESS)
}

fn restore_words(backups: &Backups, set: &BackupSet, today: time::Date, lang: Lang) -> String {
    let Some(t) = backups.tests_of(&set.id).max_by_key(|t| t.at) else {
        return if set.kind.read_directly() {
            tr(
                lang,
                format!("jamais testé (`vigie backups test {}`)", set.id),
                format!("never tested (`vigie backups test {}`)", set.id),
            )
        } else {
            tr(
                lang,
                "jamais testé par Vigie (restaurez quelques fichiers à la main, puis déclarez-le : vigie declare)",
                "never tested by Vigie (restore a few files by hand, then declare it: vigie declare)",
            )
        };
    };
    let age = vigie_backup::restores::age(t, today);
    let too_old = age > vigie_backup::restores::MAX_AGE_DAYS;
    let mut s = if t.ok {
        tr(
            lang,
            format!(
                "réussi le {} ({} fichier(s), {}, {}, en {})",
                local_day(lang, t.at),
                t.files,
                size_text(t.bytes, lang),
                scope_words(t.scope, lang),
                duration_text(t.duration_ms, lang)
            ),
            format!(
                "succeeded on {} ({} file(s), {}, {}, in {})",
                local_day(lang, t.at),
                t.files,
                size_text(t.bytes, lang),
                scope_words(t.scope, lang),
                duration_text(t.duration_ms, lang)
            ),
        )
    } else {
        tr(
            lang,
            format!(
                "ÉCHOUÉ le {} : {}",
                local_day(lang, t.at),
                t.error.as_deref().unwrap_or("?")
            ),
            format!(
                "FAILED on {}: {}",
                local_day(lang, t.at),
                t.error.as_deref().unwrap_or("?")
            ),
        )
    };
    if too_old {
        s.push_str(&tr(
            lang,
            format!(" — il y a {age} jours : à refaire (au moins tous les 3 mois)"),
            format!(" — {age} days ago: to be done again (at least every 3 months)"),
        ));
    }
    s
}

/// What Vigie sees of 6.3.1.b, c and d (the declared part aside).
fn regime_summary(backups: &Backups, today: time::Date, lang: Lang) {
    println!(
        "{}",
        tr(
            lang,
            format!(
                "Règle 6.3.1 au {} (ce que Vigie constate ; la partie déclarée s'ajoute dans le rapport) :",
                day(lang, today)
            ),
            format!(
                "Rule 6.3.1 on {} (what Vigie sees; the declared part is added in the report):",
                day(lang, today)
            ),
        )
    );
    for id in ["6.3.1.b", "6.3.1.c", "6.3.1.d"] {
        if let Some(f) = vigie_audit::checks::practice_finding(id, backups, today) {
            println!(
                "  {id} {} {} — {}",
                vigie_report::parts::status_symbol(f.status),
                vigie_report::parts::status_word(f.status, lang),
                f.reason.get(lang)
            );
        }
    }
}

// check ------------------------------------------------------------------

fn read_outputs(files: &[PathBuf], lang: Lang) -> Result<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    for path in files {
        let file = std::fs::File::open(path).map_err(|e| {
            anyhow!(tr(
                lang,
                format!("{} : fichier illisible ({e})", path.display()),
                format!("{}: cannot read the file ({e})", path.display()),
            ))
        })?;
        let mut bytes = Vec::new();
        file.take(MAX_OUTPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .with_context(|| path.display().to_string())?;
        if bytes.len() as u64 > MAX_OUTPUT_BYTES {
            return Err(anyhow!(tr(
                lang,
                format!(
                    "{} : fichier trop gros pour une sortie enregistrée (plus de 64 Mo)",
                    path.display()
                ),
                format!(
                    "{}: too large for a recorded output (over 64 MB)",
                    path.display()
                ),
            )));
        }
        out.push(bytes);
    }
    Ok(out)
}

fn check(store: &mut Store, args: CheckArgs, lang: Lang) -> Result<ExitCode> {
    let all = store.backup_sets()?;
    if all.is_empty() {
        return Err(anyhow!(tr(
            lang,
            "aucun jeu de sauvegarde enregistré : enregistrez-en un d'abord (`vigie backups add ID --kind … --location …`)",
            "no backup set recorded: record one first (`vigie backups add ID --kind … --location …`)",
        )));
    }
    let sets: Vec<BackupSet> = if args.ids.is_empty() {
        all
    } else {
        let mut chosen = Vec::new();
        for id in &args.ids {
            match all.iter().find(|s| &s.id == id) {
                Some(s) if !chosen.iter().any(|c: &BackupSet| c.id == s.id) => {
                    chosen.push(s.clone())
                }
                Some(_) => {}
                None => return Err(unknown_set(id, lang)),
            }
        }
        chosen
    };
    let recorded = if args.output.is_empty() {
        None
    } else {
        if sets.len() != 1 || args.ids.is_empty() {
            return Err(anyhow!(tr(
                lang,
                "--output concerne un seul jeu : nommez-le (vigie backups check ID --output FICHIER…)",
                "--output is for one set: name it (vigie backups check ID --output FILE…)",
            )));
        }
        if sets[0].kind == BackupKind::DatedFolder {
            return Err(anyhow!(tr(
                lang,
                format!("un dossier de copies datées se lit directement : branchez le disque et lancez `vigie backups check {}` sans --output", sets[0].id),
                format!("a folder of dated copies is read directly: connect the disk and run `vigie backups check {}` without --output", sets[0].id),
            )));
        }
        let Some(at) = args.recorded_at else {
            return Err(anyhow!(tr(
                lang,
                "indiquez quand la sortie a été enregistrée : --recorded-at AAAA-MM-JJ (Vigie ne peut rien dire de ce qui s'est passé après)",
                "say when the output was recorded: --recorded-at YYYY-MM-DD (Vigie can tell nothing about what happened after)",
            )));
        };
        if at > OffsetDateTime::now_utc() + time::Duration::days(1) {
            return Err(anyhow!(tr(
                lang,
                "--recorded-at est dans le futur",
                "--recorded-at is in the future",
            )));
        }
        Some((read_outputs(&args.output, lang)?, at))
    };

    let opts = Options::default();
    let mut failed = 0usize;
    let previous = store.inventories()?;
    let mut checked = 0usize;
    for set in &sets {
        // Checking every set: those read from a recorded output are only
        // reminded (a named one without --output is an error below).
        if args.ids.is_empty() && !set.kind.read_directly() {
            let last = previous
                .iter()
                .find(|i| i.set_id == set.id)
                .map(|i| local_day(lang, i.checked_at));
            println!(
                "{}",
                tr(
                    lang,
                    format!(
                        "– {} : se relève à partir d'une sortie enregistrée (`{}`) : vigie backups check {} --output FICHIER --recorded-at AAAA-MM-JJ — dernier relevé : {}.",
                        set.id,
                        vigie_backup::recorded_command(set.kind),
                        set.id,
                        last.clone().unwrap_or_else(|| "jamais".into())
                    ),
                    format!(
                        "– {}: checked from a recorded output (`{}`): vigie backups check {} --output FILE --recorded-at YYYY-MM-DD — last checked: {}.",
                        set.id,
                        vigie_backup::recorded_command(set.kind),
                        set.id,
                        last.unwrap_or_else(|| "never".into())
                    ),
                )
            );
            continue;
        }
        checked += 1;
        let result = match &recorded {
            Some((outputs, at)) => {
                let refs: Vec<&[u8]> = outputs.iter().map(Vec::as_slice).collect();
                vigie_backup::inspect_output(set, &refs, *at)
            }
            None => Credentials::resolve(set).and_then(|c| vigie_backup::inspect(set, &c, &opts)),
        };
        match result {
            Ok(inv) => {
                store.record_inventory(&inv)?;
                let latest = inv
                    .latest()
                    .map(|b| local_day(lang, b.at))
                    .unwrap_or_else(|| tr(lang, "aucune", "none"));
                println!(
                    "{}",
                    tr(
                        lang,
                        format!(
                            "✓ {} : {} sauvegarde(s), la dernière : {} — relevé du {} enregistré.",
                            set.id,
                            inv.backups.len(),
                            latest,
                            local_day(lang, inv.checked_at)
                        ),
                        format!(
                            "✓ {}: {} backup(s), the latest: {} — inventory of {} recorded.",
                            set.id,
                            inv.backups.len(),
                            latest,
                            local_day(lang, inv.checked_at)
                        ),
                    )
                );
                for note in &inv.notes {
                    println!("    {note}");
                }
            }
            Err(e) => {
                failed += 1;
                let kept = match previous.iter().find(|i| i.set_id == set.id) {
                    Some(p) => tr(
                        lang,
                        format!(
                            "Le relevé précédent, du {}, est conservé.",
                            local_day(lang, p.checked_at)
                        ),
                        format!(
                            "The previous inventory, of {}, is kept.",
                            local_day(lang, p.checked_at)
                        ),
                    ),
                    None => tr(
                        lang,
                        "Aucun relevé n'est enregistré pour ce jeu.",
                        "No inventory is recorded for this set.",
                    ),
                };
                eprintln!(
                    "{}",
                    tr(
                        lang,
                        format!(
                            "✗ {} : relevé impossible : {}. {kept}",
                            set.id,
                            explain(&e, set, lang)
                        ),
                        format!(
                            "✗ {}: cannot check: {}. {kept}",
                            set.id,
                            explain(&e, set, lang)
                        ),
                    )
                );
            }
        }
    }
    if failed > 0 {
        eprintln!(
            "{}",
            tr(
                lang,
                format!("{failed} jeu(x) sur {checked} n'ont pas pu être relevés."),
                format!("{failed} set(s) of {checked} could not be checked."),
            )
        );
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

// test -------------------------------------------------------------------

fn test(store: &mut Store, args: TestArgs, lang: Lang) -> Result<ExitCode> {
    let set = find_set(store, &args.id, lang)?;
    if !set.kind.read_directly() {
        return Err(anyhow!(tr(
            lang,
            format!(
                "Vigie ne sait pas restaurer lui-même les sauvegardes « {} » : restaurez quelques fichiers à la main dans un dossier d'essai, vérifiez qu'ils s'ouvrent, puis déclarez le test (vigie declare, exigence 6.3.1.d)",
                set.kind.label(Lang::Fr)
            ),
            format!(
                "Vigie cannot restore {} backups itself: restore a few files by hand into a test folder, check they open, then declare the test (vigie declare, requirement 6.3.1.d)",
                set.kind.label(Lang::En)
            ),
        )));
    }
    let creds = Credentials::resolve(&set).map_err(|e| anyhow!(explain(&e, &set, lang)))?;
    let temp_root = match &args.temp_dir {
        Some(dir) => {
            if !dir.is_dir() {
                return Err(anyhow!(tr(
                    lang,
                    format!("{} : ce dossier n'existe pas", dir.display()),
                    format!("{}: no such folder", dir.display()),
                )));
            }
            std::path::absolute(dir).unwrap_or_else(|_| dir.clone())
        }
        None => std::env::temp_dir(),
    };
    let opts = Options {
        temp_root: Some(temp_root.clone()),
        ..Options::default()
    };
    eprintln!(
        "{}",
        tr(
            lang,
            format!(
                "Test de restauration de « {} » en cours (dans un dossier temporaire privé de {})…",
                set.id,
                temp_root.display()
            ),
            format!(
                "Restore test of \"{}\" running (in a private temporary folder in {})…",
                set.id,
                temp_root.display()
            ),
        )
    );
    let result = vigie_backup::restore_test(&set, &creds, &opts)
        .map_err(|e| anyhow!(explain(&e, &set, lang)))?;
    store.record_restore_test(&result.test)?;
    let t: &RestoreTest = &result.test;
    let backup = t.backup.clone().unwrap_or_else(|| "?".into());
    let from = t
        .backup
        .as_ref()
        .map(|b| tr(lang, format!("sauvegarde {b}, "), format!("backup {b}, ")))
        .unwrap_or_default();
    if t.ok {
        println!(
            "{}",
            tr(
                lang,
                format!(
                    "✓ Restauration réussie pour « {} » : {} fichier(s), {} ({}), de la sauvegarde {backup}, restaurés dans un dossier temporaire de {} et vérifiés, en {}.",
                    set.id,
                    t.files,
                    size_text(t.bytes, lang),
                    scope_words(t.scope, lang),
                    temp_root.display(),
                    duration_text(t.duration_ms, lang)
                ),
                format!(
                    "✓ Restore succeeded for \"{}\": {} file(s), {} ({}), from backup {backup}, restored into a temporary folder in {} and verified, in {}.",
                    set.id,
                    t.files,
                    size_text(t.bytes, lang),
                    scope_words(t.scope, lang),
                    temp_root.display(),
                    duration_text(t.duration_ms, lang)
                ),
            )
        );
    } else {
        let error = t.error.as_deref().unwrap_or("?");
        let hint = if password_refused(error) {
            password_hint(&set, lang)
        } else {
            String::new()
        };
        println!(
            "{}",
            tr(
                lang,
                format!(
                    "✗ Restauration ÉCHOUÉE pour « {} » ({from}après {}) : {error}{hint}",
                    set.id,
                    duration_text(t.duration_ms, lang)
                ),
                format!(
                    "✗ Restore FAILED for \"{}\" ({from}after {}): {error}{hint}",
                    set.id,
                    duration_text(t.duration_ms, lang)
                ),
            )
        );
    }
    println!(
        "{}",
        tr(
            lang,
            format!("  Méthode : {}", t.method),
            format!("  Method: {}", t.method),
        )
    );
    println!(
        "{}",
        if t.ok {
            tr(
                lang,
                "  Test enregistré dans le dossier du cabinet (6.3.1.d : un test réussi de moins de 3 mois).",
                "  Test recorded in the practice record (6.3.1.d: a successful test less than 3 months old).",
            )
        } else {
            tr(
                lang,
                "  Test enregistré comme échoué : 6.3.1.d reste non conforme jusqu'à un test réussi (le dernier test de chaque jeu compte).",
                "  Test recorded as failed: 6.3.1.d fails until a test succeeds (each set's latest test counts).",
            )
        }
    );
    if !result.cleaned_up {
        let dir = result
            .temp_dir
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| temp_root.display().to_string());
        eprintln!(
            "{}",
            tr(
                lang,
                format!("Attention : le dossier temporaire {dir} n'a pas pu être supprimé. Il contient des fichiers restaurés du cabinet (peut-être des données de patients) : supprimez-le vous-même."),
                format!("Warning: the temporary folder {dir} could not be removed. It holds files restored from the practice's backup (possibly patient data): remove it yourself."),
            )
        );
    }
    Ok(if t.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

// remove, retention -------------------------------------------------------

fn remove(store: &mut Store, id: &str, lang: Lang) -> Result<ExitCode> {
    let tests = store
        .restore_tests()?
        .iter()
        .filter(|t| t.set_id == id)
        .count();
    if store.remove_backup_set(id)? {
        println!(
            "{}",
            tr(
                lang,
                format!("Jeu de sauvegarde « {id} » retiré, avec son relevé et ses {tests} test(s) de restauration. Les sauvegardes elles-mêmes ne sont pas touchées."),
                format!("Backup set \"{id}\" removed, with its inventory and its {tests} restore test(s). The backups themselves are untouched."),
            )
        );
    } else {
        println!(
            "{}",
            tr(
                lang,
                format!("Aucun jeu de sauvegarde « {id} » enregistré : rien à retirer."),
                format!("No backup set \"{id}\" recorded: nothing to remove."),
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn retention(store: &Store, id: &str, lang: Lang) -> Result<ExitCode> {
    let set = find_set(store, id, lang)?;
    let backups = store.backups()?;
    let Some(p) = vigie_backup::retention::propose(&set, backups.inventory(&set.id)) else {
        println!(
            "{}",
            tr(
                lang,
                format!(
                    "La conservation des sauvegardes « {} » se règle dans l'outil lui-même : gardez au moins une sauvegarde par semaine sur 4 semaines, une par mois sur 12 mois et une par an.",
                    set.kind.label(Lang::Fr)
                ),
                format!(
                    "The retention of {} backups is set in the tool itself: keep at least one backup per week over 4 weeks, one per month over 12 months and one per year.",
                    set.kind.label(Lang::En)
                ),
            )
        );
        return Ok(ExitCode::SUCCESS);
    };
    println!(
        "{}",
        tr(
            lang,
            format!(
                "Conservation conforme au mémento pour « {} » : une sauvegarde par semaine sur {} semaines, une par mois sur {} mois et une par an sur {} ans.",
                set.id, p.keep_weekly, p.keep_monthly, p.keep_yearly
            ),
            format!(
                "Retention matching the memento for \"{}\": one backup per week over {} weeks, one per month over {} months and one per year over {} years.",
                set.id, p.keep_weekly, p.keep_monthly, p.keep_yearly
            ),
        )
    );
    println!("{}", p.note.get(lang));
    if set.password_source.is_some() {
        println!(
            "{}",
            tr(
                lang,
                "Le mot de passe du dépôt vous sera demandé (ou donnez-le comme d'habitude à l'outil).",
                "The repository's password will be asked for (or give it to the tool as usual).",
            )
        );
    }
    for c in &p.commands {
        println!("    {c}");
    }
    Ok(ExitCode::SUCCESS)
}
