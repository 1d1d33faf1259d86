//! 4.3.3.a — « Mettre en place un antivirus sur votre poste de travail et le
//! maintenir à jour. »
//!
//! Linux. An antivirus counts when it is installed and its signatures are
//! fresh at the audit date (`--as-of`), no older than the profile's
//! `antivirus_signature_max_age_days` (7 days for the memento profile:
//! signatures are published several times a day, and libclamav itself warns
//! past 7 days).
//!
//! - **ClamAV**: the age is the build time in the header of the `daily`
//!   database (`daily.cvd`, or the `daily.cld` freshclam rebuilds from
//!   incremental updates; the higher version wins, as libclamav loads it),
//!   read from `DatabaseDirectory` (freshclam.conf, default
//!   `/var/lib/clamav`). `main` and `bytecode` change only a few times a
//!   year: their age says nothing. Keeping it up to date also takes an
//!   updater that runs by itself: `clamav-freshclam.service` (or ClamAV 1.x's
//!   `clamav-freshclam-once.timer`) enabled, or a cron job running
//!   freshclam; a freshclam.conf still holding its `Example` line makes
//!   freshclam refuse to run. Live, an enabled updater that is not running
//!   fails. The scanning daemon (`clamav-daemon`, `clamd@scan`) and
//!   on-access scanning (`clamonacc`) are shown as evidence.
//! - **Other products** (Microsoft Defender for Endpoint, ESET, Sophos,
//!   Bitdefender, Trellix/McAfee, Kaspersky, CrowdStrike, SentinelOne,
//!   G DATA, WithSecure/F-Secure, Comodo, Cisco, Trend Micro) are recognised
//!   by their installation directory or service. Their service disabled (or,
//!   live, stopped) fails. Microsoft Defender's `mdatp health` gives the
//!   signature age and is judged like ClamAV's; for the others Vigie cannot
//!   read the signature date: unknown, saying so.
//! - **None** of these: fail.
//!
//! With several products, the best verdict counts (one working antivirus is
//! what the memento asks for).

use super::firewall::{
    collected_item, is_live, last_entry, unit_active, unit_enabled, unit_installed, unit_item,
};
use super::{linux, try_finding, Check};
use crate::{Context, EvidenceItem, Finding, Status};
use vigie_evidence::linux::protection::antivirus::{AvProduct, Clamav, SignatureDb};
use vigie_evidence::linux::protection::ProtectionEvidence;
use vigie_evidence::{Collected, ConfFile, LinuxEvidence};

pub const CHECK: Check = Check {
    id: "4.3.3.a",
    evaluate,
};

fn evaluate(ctx: &Context) -> Finding {
    let linux = try_finding!(linux(ctx));
    assess(ctx, linux).antivirus
}

/// The antivirus verdict (4.3.3.a) and the antivirus half of 6.1.2.b.
pub(crate) struct Assessment {
    pub antivirus: Finding,
    pub logging: Finding,
}

pub(crate) fn assess(ctx: &Context, linux: &LinuxEvidence) -> Assessment {
    let p = &linux.protection;
    let av = &p.antivirus;
    let mut found: Vec<(String, Finding, Finding)> = Vec::new();
    if let Some(c) = &av.clamav {
        found.push(("ClamAV".into(), clamav(ctx, p, c), clamav_logging(p, c)));
    }
    for prod in &av.products {
        found.push((
            prod.name.clone(),
            product(ctx, p, prod),
            product_logging(prod),
        ));
    }
    if found.is_empty() {
        let ev = vec![
            EvidenceItem::new("/usr/bin/clamscan", None, Some("ClamAV"), "absent"),
            EvidenceItem::new(
                "/opt",
                None,
                Some("antivirus"),
                "aucun produit reconnu / no known product",
            ),
        ];
        return Assessment {
            antivirus: Finding::fail(
                "Aucun antivirus n'est installé (ni ClamAV, ni un produit du marché reconnu).",
                "No antivirus is installed (neither ClamAV nor a recognised commercial product).",
            )
            .with(ev.clone()),
            logging: Finding::fail(
                "pas d'antivirus, donc aucun journal de ses détections",
                "no antivirus, so no log of its detections",
            )
            .with(ev),
        };
    }
    let antivirus = best(found.iter().map(|(n, f, _)| (n.as_str(), f)));
    // Logging is judged on the products that protect (or may).
    let relevant: Vec<(&str, &Finding)> = found
        .iter()
        .filter(|(_, f, _)| f.status == antivirus.status)
        .map(|(n, _, l)| (n.as_str(), l))
        .collect();
    let logging = if antivirus.status == Status::Fail {
        Finding::fail(
            "pas d'antivirus opérationnel, donc ses journaux ne servent pas",
            "no working antivirus, so its logs are of no use",
        )
        .with(antivirus.evidence.clone())
    } else {
        best(relevant.into_iter())
    };
    Assessment { antivirus, logging }
}

/// The best of several products' findings: its reason first, the others'
/// after it, all evidence kept.
pub(crate) fn best<'a>(items: impl Iterator<Item = (&'a str, &'a Finding)>) -> Finding {
    let items: Vec<(&str, &Finding)> = items.collect();
    let status = items
        .iter()
        .map(|(_, f)| f.status)
        .max()
        .unwrap_or(Status::Unknown);
    let mut fr = Vec::new();
    let mut en = Vec::new();
    let mut evidence = Vec::new();
    let mut needs = false;
    for (name, f) in items.iter().filter(|(_, f)| f.status == status) {
        fr.push(format!("{name} : {}", f.reason.fr));
        en.push(format!("{name}: {}", f.reason.en));
        needs |= f.needs_privileges;
    }
    for (name, f) in items.iter().filter(|(_, f)| f.status != status) {
        fr.push(format!("(aussi {name} : {})", f.reason.fr));
        en.push(format!("(also {name}: {})", f.reason.en));
    }
    for (_, f) in &items {
        evidence.extend(f.evidence.iter().cloned());
    }
    let mut out = Finding::new(status, fr.join(" "), en.join(" "));
    out.evidence = evidence;
    if status == Status::Unknown && needs {
        out = out.needs_privileges();
    }
    out
}

fn date_of(unix: i64) -> Option<time::Date> {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .map(|t| t.date())
}

/// The database libclamav loads for `name`: the higher version of the
/// `.cvd` and `.cld` copies.
fn effective<'a>(dbs: &'a [SignatureDb], name: &str) -> Option<&'a SignatureDb> {
    dbs.iter()
        .filter(|d| d.name == name && d.version.is_some())
        .max_by_key(|d| d.version)
}

fn db_item(d: &SignatureDb) -> EvidenceItem {
    let value = match (&d.error, d.version, &d.build_time) {
        (Some(e), _, _) => format!("illisible / unreadable: {e}"),
        (None, Some(v), Some(t)) => format!("version {v}, built {t}"),
        _ => "?".into(),
    };
    EvidenceItem::new(d.path.clone(), Some(1), Some("ClamAV-VDB"), value)
}

fn clamav(ctx: &Context, p: &ProtectionEvidence, c: &Clamav) -> Finding {
    let max = ctx.profile.antivirus_signature_max_age_days;
    let mut ev = vec![EvidenceItem::new(
        c.programs.first().cloned().unwrap_or_default(),
        None,
        Some("programs"),
        c.programs.join(" "),
    )];
    let dbs = match &c.databases {
        Collected::Ok { value, .. } => value,
        Collected::Missing { source } => {
            ev.push(EvidenceItem::new(
                source.clone(),
                None,
                Some("DatabaseDirectory"),
                "absent",
            ));
            return Finding::fail(
                format!("ClamAV est installé mais n'a aucune signature : le dossier {source} n'existe pas (lancez « sudo freshclam »)."),
                format!("ClamAV is installed but has no signatures: directory {source} does not exist (run \"sudo freshclam\")."),
            )
            .with(ev);
        }
        other => {
            ev.push(collected_item(other, "DatabaseDirectory"));
            let f = Finding::unknown(
                "Le dossier des signatures ClamAV n'a pas pu être lu.",
                "The ClamAV signature directory could not be read.",
            )
            .with(ev);
            return if other.permission_denied() {
                f.needs_privileges()
            } else {
                f
            };
        }
    };
    ev.extend(dbs.iter().map(db_item));
    let Some(daily) = effective(dbs, "daily") else {
        if let Some(bad) = dbs.iter().find(|d| d.name == "daily") {
            let f = Finding::unknown(
                format!(
                    "L'en-tête de la base de signatures {} n'a pas pu être lu.",
                    bad.path
                ),
                format!(
                    "The header of signature database {} could not be read.",
                    bad.path
                ),
            )
            .with(ev);
            return if bad
                .error
                .as_deref()
                .is_some_and(|e| e.starts_with("permission denied"))
            {
                f.needs_privileges()
            } else {
                f
            };
        }
        ev.push(EvidenceItem::new(
            format!("{}/daily.cvd", c.database_dir),
            None,
            Some("daily"),
            "absent (ni daily.cvd ni daily.cld / neither daily.cvd nor daily.cld)",
        ));
        return Finding::fail(
            format!("ClamAV n'a pas de base de signatures quotidienne (daily.cvd ou daily.cld) dans {} : les virus récents ne sont pas reconnus (lancez « sudo freshclam »).", c.database_dir),
            format!("ClamAV has no daily signature database (daily.cvd or daily.cld) in {}: recent viruses are not recognised (run \"sudo freshclam\").", c.database_dir),
        )
        .with(ev);
    };
    let Some(built) = daily.built_at.and_then(date_of) else {
        return Finding::unknown(
            format!("La date de la base {} n'a pas pu être lue.", daily.path),
            format!("The date of database {} could not be read.", daily.path),
        )
        .with(ev);
    };
    let age = (ctx.as_of - built).whole_days().max(0);
    if age > max {
        return Finding::fail(
            format!("Les signatures ClamAV datent du {built} ({age} jours) : plus de {max} jours, elles ne sont plus à jour (vérifiez « systemctl status clamav-freshclam »)."),
            format!("ClamAV signatures date from {built} ({age} days): more than {max} days, they are out of date (check \"systemctl status clamav-freshclam\")."),
        )
        .with(ev);
    }
    // The updater.
    for u in [
        "clamav-freshclam.service",
        "clamav-freshclam-once.timer",
        "clamav-daemon.service",
        "clamd@scan.service",
        "clamav-clamonacc.service",
        "clamonacc.service",
    ] {
        if unit_installed(p, u) {
            ev.push(unit_item(p, u));
        }
    }
    for j in &c.update_jobs {
        ev.push(EvidenceItem::new(
            j.origin.file.clone(),
            Some(j.origin.line),
            Some("cron"),
            j.text.clone(),
        ));
    }
    if let Some(e) = c
        .freshclam_conf
        .value()
        .and_then(|f| last_entry(f, "Example"))
    {
        ev.push(EvidenceItem::new(
            c.freshclam_conf.source().unwrap_or_default(),
            Some(e.line),
            Some("Example"),
            "Example",
        ));
        return Finding::fail(
            "freshclam.conf contient encore la ligne « Example » : freshclam refuse de mettre à jour les signatures (supprimez ou commentez cette ligne).",
            "freshclam.conf still has its \"Example\" line: freshclam refuses to update the signatures (remove or comment out that line).",
        )
        .with(ev);
    }
    let service = unit_enabled(p, "clamav-freshclam.service");
    let timer = unit_enabled(p, "clamav-freshclam-once.timer");
    let fresh_fr = format!("signatures du {built} ({age} jour(s))");
    let fresh_en = format!("signatures from {built} ({age} day(s) old)");
    if service == Some(true)
        && is_live(ctx)
        && unit_active(p, "clamav-freshclam.service") == Some(false)
    {
        return Finding::fail(
            format!("{fresh_fr}, mais le service de mise à jour clamav-freshclam est activé et ne fonctionne pas : les signatures vont vieillir (« systemctl status clamav-freshclam »)."),
            format!("{fresh_en}, but the clamav-freshclam update service is enabled and not running: the signatures will age (\"systemctl status clamav-freshclam\")."),
        )
        .with(ev);
    }
    let updater = if service == Some(true) {
        Some("clamav-freshclam.service")
    } else if timer == Some(true) {
        Some("clamav-freshclam-once.timer")
    } else if !c.update_jobs.is_empty() {
        Some("cron")
    } else {
        None
    };
    match (updater, service) {
        (Some(u), _) => Finding::pass(
            format!("{fresh_fr}, mises à jour automatiques ({u})."),
            format!("{fresh_en}, automatic updates ({u})."),
        )
        .with(ev),
        (None, None) => Finding::unknown(
            format!("{fresh_fr}, mais les services n'ont pas pu être lus : mise à jour automatique non établie."),
            format!("{fresh_en}, but services could not be read: automatic updates not established."),
        )
        .with(ev),
        (None, Some(_)) => {
            ev.push(unit_item(p, "clamav-freshclam.service"));
            Finding::fail(
                format!("{fresh_fr}, mais aucune mise à jour automatique n'est activée : elles seront périmées dans quelques jours (« sudo systemctl enable --now clamav-freshclam »)."),
                format!("{fresh_en}, but no automatic update is enabled: they will be stale in a few days (\"sudo systemctl enable --now clamav-freshclam\")."),
            )
            .with(ev)
        }
    }
}

fn product(ctx: &Context, p: &ProtectionEvidence, prod: &AvProduct) -> Finding {
    let max = ctx.profile.antivirus_signature_max_age_days;
    let mut ev: Vec<EvidenceItem> = prod
        .found
        .iter()
        .map(|f| EvidenceItem::new(f.clone(), None, Some(&prod.id), "présent / present"))
        .collect();
    let units: Vec<&str> = prod
        .units
        .iter()
        .map(String::as_str)
        .filter(|u| unit_installed(p, u))
        .collect();
    ev.extend(units.iter().map(|u| unit_item(p, u)));
    if !units.is_empty() {
        if units.iter().all(|u| unit_enabled(p, u) == Some(false)) {
            return Finding::fail(
                "installé mais son service est désactivé au démarrage : il ne protège pas.",
                "installed but its service is disabled at boot: it does not protect.",
            )
            .with(ev);
        }
        if is_live(ctx) && units.iter().all(|u| unit_active(p, u) == Some(false)) {
            return Finding::fail(
                "installé mais son service ne fonctionne pas.",
                "installed but its service is not running.",
            )
            .with(ev);
        }
    }
    match &prod.status {
        Some(Collected::Ok { source, value }) => {
            if let Some(m) = value.definitions_age_minutes {
                ev.push(EvidenceItem::new(
                    source.clone(),
                    None,
                    Some("definitions_updated_minutes_ago"),
                    m.to_string(),
                ));
            }
            if let Some(s) = &value.definitions_status {
                ev.push(EvidenceItem::new(source.clone(), None, Some("definitions_status"), s.clone()));
            }
            if let Some(r) = value.real_time_protection {
                ev.push(EvidenceItem::new(
                    source.clone(),
                    None,
                    Some("real_time_protection_enabled"),
                    r.to_string(),
                ));
            }
            let rt_fr = if value.real_time_protection == Some(false) {
                " (protection en temps réel désactivée)"
            } else {
                ""
            };
            let rt_en = if value.real_time_protection == Some(false) {
                " (real-time protection off)"
            } else {
                ""
            };
            match value.definitions_age_minutes {
                Some(m) if m / 1440 > max as u64 => Finding::fail(
                    format!("signatures mises à jour il y a {} jours : plus de {max} jours{rt_fr}.", m / 1440),
                    format!("signatures updated {} days ago: more than {max} days{rt_en}.", m / 1440),
                )
                .with(ev),
                Some(m) => Finding::pass(
                    format!("signatures mises à jour il y a {} jour(s){rt_fr}.", m / 1440),
                    format!("signatures updated {} day(s) ago{rt_en}.", m / 1440),
                )
                .with(ev),
                None => Finding::unknown(
                    "l'âge des signatures n'apparaît pas dans son état.",
                    "the signature age is not in its status.",
                )
                .with(ev),
            }
        }
        Some(other) => {
            ev.push(collected_item(other, "status"));
            let f = Finding::unknown(
                "présent, mais son état n'a pas pu être lu.",
                "present, but its status could not be read.",
            )
            .with(ev);
            if other.permission_denied() {
                f.needs_privileges()
            } else {
                f
            }
        }
        None => Finding::unknown(
            format!("présent, mais Vigie ne sait pas lire la date de ses signatures : vérifiez dans sa console qu'elles ont moins de {max} jours."),
            format!("present, but Vigie cannot read the date of its signatures: check in its console that they are less than {max} days old."),
        )
        .with(ev),
    }
}

// ---------------------------------------------------------------------------
// Logging (6.1.2.b)
// ---------------------------------------------------------------------------

/// `--foreground`, `--foreground=yes`, `-F`: the daemon stays attached and
/// systemd sends what it logs to the journal.
fn foreground(command: &str) -> bool {
    command.split_whitespace().any(|w| {
        w == "-F"
            || w == "--foreground"
            || w.strip_prefix("--foreground=")
                .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "yes" | "true" | "1"))
    })
}

fn truthy(v: &str) -> bool {
    matches!(v.to_ascii_lowercase().as_str(), "yes" | "true" | "1")
}

/// Whether a ClamAV program logs: to a file (`file_key`), to syslog
/// (`LogSyslog`), or to the journal (run in the foreground by an enabled
/// service) (ClamAV common/output.c `logg`).
fn program_logs(
    p: &ProtectionEvidence,
    conf: &Collected<ConfFile>,
    file_key: &str,
    units: &[&str],
    ev: &mut Vec<EvidenceItem>,
) -> Result<bool, Finding> {
    let f = match conf {
        Collected::Ok { value, .. } => value,
        other => {
            ev.push(collected_item(other, file_key));
            let f = Finding::unknown(
                format!("réglages {} non lus", other.source().unwrap_or("")),
                format!("settings {} not read", other.source().unwrap_or("")),
            );
            return Err(if other.permission_denied() {
                f.needs_privileges()
            } else {
                f
            });
        }
    };
    let mut logs = false;
    if let Some(e) = last_entry(f, file_key) {
        let v = e.value.clone().unwrap_or_default();
        ev.push(EvidenceItem::new(
            f.path.clone(),
            Some(e.line),
            Some(file_key),
            v.clone(),
        ));
        logs |= !v.is_empty();
    } else {
        ev.push(EvidenceItem::new(
            f.path.clone(),
            None,
            Some(file_key),
            "absent",
        ));
    }
    if let Some(e) = last_entry(f, "LogSyslog") {
        let v = e.value.clone().unwrap_or_default();
        ev.push(EvidenceItem::new(
            f.path.clone(),
            Some(e.line),
            Some("LogSyslog"),
            v.clone(),
        ));
        logs |= truthy(&v);
    }
    let fg_conf = last_entry(f, "Foreground")
        .and_then(|e| e.value.as_deref())
        .is_some_and(truthy);
    for u in units {
        if unit_enabled(p, u) != Some(true) {
            continue;
        }
        for e in p.exec_of(u) {
            if foreground(&e.command) || fg_conf {
                ev.push(EvidenceItem::new(
                    e.origin.file.clone(),
                    Some(e.origin.line),
                    Some("ExecStart"),
                    format!("{} (journal)", e.command),
                ));
                logs = true;
            }
        }
    }
    Ok(logs)
}

fn clamav_logging(p: &ProtectionEvidence, c: &Clamav) -> Finding {
    let mut ev = Vec::new();
    let fresh = match program_logs(
        p,
        &c.freshclam_conf,
        "UpdateLogFile",
        &["clamav-freshclam.service"],
        &mut ev,
    ) {
        Ok(b) => b,
        Err(f) => return f.with(ev),
    };
    let Some(clamd_conf) = &c.clamd_conf else {
        return Finding::unknown(
            "ClamAV n'est utilisé qu'en analyse à la demande (pas de démon clamd) : ses détections ne sont consignées que si les analyses sont lancées avec --log=FICHIER ; vérifiez vos analyses planifiées.",
            "ClamAV is only used for on-demand scans (no clamd daemon): its detections are recorded only if scans are run with --log=FILE; check your scheduled scans.",
        )
        .with(ev);
    };
    let clamd = match program_logs(
        p,
        clamd_conf,
        "LogFile",
        &["clamav-daemon.service", "clamd@scan.service"],
        &mut ev,
    ) {
        Ok(b) => b,
        Err(f) => return f.with(ev),
    };
    match (clamd, fresh) {
        (true, true) => Finding::pass(
            "les détections (clamd) et les mises à jour (freshclam) sont journalisées.",
            "detections (clamd) and updates (freshclam) are logged.",
        ),
        (false, _) => Finding::fail(
            "le démon clamd ne journalise pas ses détections : réglez « LogFile /var/log/clamav/clamav.log » et « LogTime yes » dans clamd.conf (Fedora : /etc/clamd.d/scan.conf).",
            "the clamd daemon does not log its detections: set \"LogFile /var/log/clamav/clamav.log\" and \"LogTime yes\" in clamd.conf (Fedora: /etc/clamd.d/scan.conf).",
        ),
        (true, false) => Finding::fail(
            "freshclam ne journalise pas ses mises à jour : réglez « UpdateLogFile /var/log/clamav/freshclam.log » dans freshclam.conf.",
            "freshclam does not log its updates: set \"UpdateLogFile /var/log/clamav/freshclam.log\" in freshclam.conf.",
        ),
    }
    .with(ev)
}

fn product_logging(prod: &AvProduct) -> Finding {
    Finding::unknown(
        "sa journalisation se règle et se consulte dans sa propre console : vérifiez que les détections y sont enregistrées.",
        "its logging is set and read in its own console: check that detections are recorded there.",
    )
    .with(
        prod.found
            .iter()
            .map(|f| EvidenceItem::new(f.clone(), None, Some(&prod.id), "présent / present")),
    )
}
