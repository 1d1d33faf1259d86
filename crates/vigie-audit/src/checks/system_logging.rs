//! 6.1.2.a — « Mettre en place et surtout activer la fonction de
//! journalisation sur votre système d'exploitation (sur tous les équipements
//! disposant d'un système d'exploitation autonome). »
//!
//! Linux. Logging counts when what the system records survives a restart,
//! since logs are read after an incident:
//!
//! - **systemd-journald**: its effective `Storage=` (journald.conf(5)): the
//!   main file (the first of `/etc/systemd`, `/run/systemd`,
//!   `/usr/local/lib/systemd`, `/usr/lib/systemd`), then the drop-ins
//!   `journald.conf.d/*.conf` of all these directories sorted by file name,
//!   a later file overriding an earlier one, a name in `/etc` hiding the same
//!   name below, a link to /dev/null masking it; only `[Journal]` entries
//!   count. Default `auto`: persistent if `/var/log/journal` exists,
//!   in memory otherwise; an unknown value is ignored by journald (default
//!   kept). `persistent` (or `auto` with the directory) passes.
//! - **A syslog daemon** (rsyslog, syslog-ng) enabled at boot writes to
//!   `/var/log`: with a journal kept in memory (`volatile`, `auto` without
//!   the directory) it reads the journal, so the system logs persist: pass
//!   (live, it must be running). With `Storage=none` nothing is kept and a
//!   syslog daemon only gets messages with `ForwardToSyslog=yes` (the
//!   upstream default is no, some distributions change it): explicit yes
//!   passes, explicit no fails, unset is unknown.
//! - **auditd** enabled is shown as a plus (it records logins and
//!   administrator actions), not required by the memento's wording.
//! - Without systemd (OpenRC, SysV init), a syslog service linked into the
//!   boot runlevels passes; nothing found is unknown (the init system could
//!   not be identified with certainty).

use super::firewall::{collected_item, is_live, unit_active, unit_enabled, unit_item};
use super::{linux, try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::Collected;

pub const CHECK: Check = Check {
    id: "6.1.2.a",
    evaluate,
};

const SYSLOG_UNITS: &[&str] = &["rsyslog.service", "syslog-ng.service"];

fn evaluate(ctx: &Context) -> Finding {
    let linux = try_finding!(linux(ctx));
    let p = &linux.protection;
    let l = &p.logging;
    let mut ev: Vec<EvidenceItem> = Vec::new();

    if matches!(p.units, Collected::Missing { .. }) && l.journald.is_empty() {
        // No systemd.
        ev.extend(l.init_links.iter().map(|i| {
            EvidenceItem::new(
                i.clone(),
                None,
                Some("syslog"),
                "démarré au boot / started at boot",
            )
        }));
        if l.init_links.is_empty() {
            ev.push(collected_item(&p.units, "systemd"));
            return Finding::unknown(
                "Système sans systemd : aucun service de journalisation (syslog) trouvé dans les niveaux de démarrage ; vérifiez qu'un service syslog démarre.",
                "System without systemd: no logging service (syslog) found in the boot runlevels; check that a syslog service starts.",
            )
            .with(ev);
        }
        return Finding::pass(
            "Un service de journalisation (syslog) démarre avec le système.",
            "A logging service (syslog) starts with the system.",
        )
        .with(ev);
    }

    // journald's effective settings.
    let mut storage: Option<(String, EvidenceItem)> = None;
    let mut forward: Option<(String, EvidenceItem)> = None;
    let mut unread = false;
    for f in &l.journald {
        match f {
            Collected::Ok { value, .. } => {
                for e in &value.entries {
                    let v = e.value.clone().unwrap_or_default();
                    let item = EvidenceItem::new(
                        value.path.clone(),
                        Some(e.line),
                        Some(&e.key),
                        v.clone(),
                    );
                    match e.key.as_str() {
                        // journald ignores a value it does not know.
                        "Storage"
                            if matches!(
                                v.as_str(),
                                "volatile" | "persistent" | "auto" | "none"
                            ) =>
                        {
                            storage = Some((v, item))
                        }
                        "Storage" => ev.push(EvidenceItem::new(
                            value.path.clone(),
                            Some(e.line),
                            Some("Storage"),
                            format!("{v} (valeur invalide, ignorée / invalid value, ignored)"),
                        )),
                        "ForwardToSyslog" => forward = Some((v, item)),
                        _ => {}
                    }
                }
            }
            other => {
                unread = true;
                ev.push(collected_item(other, "journald.conf"));
            }
        }
    }
    for m in &l.masked {
        ev.push(EvidenceItem::new(
            m.clone(),
            None,
            None,
            "masqué / masked (/dev/null)",
        ));
    }
    let (mode, storage_item) = match storage {
        Some((v, item)) => (v, item),
        None => (
            "auto".to_string(),
            EvidenceItem::new(
                "/etc/systemd/journald.conf",
                None,
                Some("Storage"),
                "auto (défaut / default)",
            ),
        ),
    };
    ev.push(storage_item);
    ev.push(EvidenceItem::new(
        "/var/log/journal",
        None,
        None,
        if l.persistent_dir {
            "présent / present"
        } else {
            "absent"
        },
    ));
    // A static unit: never "enabled", started by its sockets.
    if let Some(u) = p.unit("systemd-journald.service") {
        let mut v = if u.masked { "masked" } else { "static" }.to_string();
        if let Some(a) = &u.active {
            v.push_str(&format!("; running state: {a}"));
        }
        ev.push(EvidenceItem::new(
            u.file.clone().unwrap_or_else(|| "systemd".into()),
            None,
            Some("systemd-journald.service"),
            v,
        ));
    }
    let journald_masked = p.unit("systemd-journald.service").is_some_and(|u| u.masked);
    let persistent =
        !journald_masked && (mode == "persistent" || (mode == "auto" && l.persistent_dir));

    let syslog: Vec<&str> = SYSLOG_UNITS
        .iter()
        .copied()
        .filter(|u| unit_enabled(p, u) == Some(true))
        .collect();
    for u in SYSLOG_UNITS {
        if p.unit(u).is_some_and(|s| s.file.is_some()) {
            ev.push(unit_item(p, u));
        }
    }
    let auditd = unit_enabled(p, "auditd.service") == Some(true);
    if auditd {
        ev.push(unit_item(p, "auditd.service"));
    }
    let (audit_fr, audit_en) = if auditd {
        (
            " auditd est aussi activé (traçabilité des accès).",
            " auditd is enabled too (access tracking).",
        )
    } else {
        ("", "")
    };
    let f = if unread {
        Finding::unknown(
            "Un fichier de réglages du journal n'a pas pu être lu : le mode de conservation n'est pas établi.",
            "A journal settings file could not be read: the storage mode is not established.",
        )
    } else if persistent {
        Finding::pass(
            format!("Le journal du système est conservé sur disque (Storage={mode}, /var/log/journal) : il survit aux redémarrages.{audit_fr}"),
            format!("The system journal is kept on disk (Storage={mode}, /var/log/journal): it survives restarts.{audit_en}"),
        )
    } else if journald_masked && syslog.is_empty() {
        Finding::fail(
            "Le journal du système (systemd-journald) est masqué et aucun service syslog n'est activé : rien n'est enregistré.",
            "The system journal (systemd-journald) is masked and no syslog service is enabled: nothing is recorded.",
        )
    } else if !syslog.is_empty() {
        let names = syslog.join(", ");
        let stopped: Vec<&str> = syslog
            .iter()
            .copied()
            .filter(|u| unit_active(p, u) == Some(false))
            .collect();
        if is_live(ctx) && stopped.len() == syslog.len() {
            Finding::fail(
                format!("Le journal du système n'est gardé qu'en mémoire (Storage={mode}) et {names} est activé mais ne fonctionne pas : les journaux sont perdus à chaque redémarrage."),
                format!("The system journal is only kept in memory (Storage={mode}) and {names} is enabled but not running: logs are lost at every restart."),
            )
        } else if mode == "none" {
            match forward.as_ref().map(|(v, _)| v.to_ascii_lowercase()) {
                Some(v) if matches!(v.as_str(), "yes" | "true" | "1" | "on") => Finding::pass(
                    format!("Le journal ne garde rien (Storage=none) mais transmet tout à {names} (ForwardToSyslog=yes), qui écrit dans /var/log.{audit_fr}"),
                    format!("The journal keeps nothing (Storage=none) but forwards everything to {names} (ForwardToSyslog=yes), which writes to /var/log.{audit_en}"),
                ),
                Some(_) => Finding::fail(
                    format!("Le journal ne garde rien (Storage=none) et ne transmet rien à {names} (ForwardToSyslog désactivé) : aucun événement n'est conservé."),
                    format!("The journal keeps nothing (Storage=none) and forwards nothing to {names} (ForwardToSyslog off): no event is kept."),
                ),
                None => Finding::unknown(
                    format!("Le journal ne garde rien (Storage=none) ; {names} ne reçoit les messages que si ForwardToSyslog est actif, ce qui dépend de la distribution : réglez ForwardToSyslog=yes ou Storage=persistent."),
                    format!("The journal keeps nothing (Storage=none); {names} only gets messages if ForwardToSyslog is on, which depends on the distribution: set ForwardToSyslog=yes or Storage=persistent."),
                ),
            }
        } else {
            Finding::pass(
                format!("{names} enregistre les journaux du système dans /var/log (le journal systemd n'est gardé qu'en mémoire, Storage={mode}).{audit_fr}"),
                format!("{names} records the system logs in /var/log (the systemd journal is only kept in memory, Storage={mode}).{audit_en}"),
            )
        }
    } else if unit_enabled(p, "rsyslog.service").is_none() {
        Finding::unknown(
            format!("Le journal n'est gardé qu'en mémoire (Storage={mode}) et les services n'ont pas pu être lus : la présence d'un service syslog n'est pas établie."),
            format!("The journal is only kept in memory (Storage={mode}) and services could not be read: whether a syslog service runs is not established."),
        )
    } else {
        let why_fr = match mode.as_str() {
            "none" => "le journal ne conserve rien (Storage=none)",
            "volatile" => "le journal n'est gardé qu'en mémoire (Storage=volatile)",
            _ => {
                "le journal n'est gardé qu'en mémoire (Storage=auto sans dossier /var/log/journal)"
            }
        };
        let why_en = match mode.as_str() {
            "none" => "the journal keeps nothing (Storage=none)",
            "volatile" => "the journal is only kept in memory (Storage=volatile)",
            _ => "the journal is only kept in memory (Storage=auto without a /var/log/journal directory)",
        };
        Finding::fail(
            format!("Journalisation insuffisante : {why_fr} et aucun service syslog n'est activé ; tout est perdu à chaque redémarrage. Réglez Storage=persistent (ou créez /var/log/journal) puis redémarrez systemd-journald."),
            format!("Insufficient logging: {why_en} and no syslog service is enabled; everything is lost at every restart. Set Storage=persistent (or create /var/log/journal) then restart systemd-journald."),
        )
    };
    if let Some((_, item)) = forward {
        ev.push(item);
    }
    f.with(ev)
}
