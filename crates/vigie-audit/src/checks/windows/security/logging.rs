//! 6.1.2.a — « Mettre en place et surtout activer la fonction de
//! journalisation sur votre système d'exploitation (sur tous les
//! équipements disposant d'un système d'exploitation autonome). »
//!
//! 6.1.2.b — « Consigner les événements émanant de l'antivirus et du
//! pare-feu en activant la journalisation des événements tel que précisé
//! dans les guides d'utilisation. »
//!
//! Windows, 6.1.2.a. Windows logs to files that survive a restart (the
//! `.evtx` channels) as long as:
//!
//! - the Windows Event Log service (`EventLog`) runs and is not disabled;
//! - the System and Security channels are enabled (`wevtutil gl`
//!   `enabled: true`) and do not stop recording when full: `retention:
//!   true` without `autoBackup: true` keeps the old events and discards the
//!   new ones ("Do not overwrite events"); overwriting the oldest, or
//!   archiving, is fine. Their maximum size is shown (Windows' 20 MB default
//!   suffices for a practice; the memento gives no figure);
//! - logons are audited: subcategory Logon
//!   `{0CCE9215-69AE-11D9-BED3-505054503030}` (identified by its GUID, the
//!   names being translated) includes successes (`auditpol /get
//!   /category:* /r`; administrator only: without rights, unknown). Account
//!   lockout, account and group management and audit policy change are
//!   shown beside it.
//!
//! The worst part decides.
//!
//! Windows, 6.1.2.b. Two halves, the worse decides:
//!
//! - **Antivirus** (the one 4.3.3.a finds working): Microsoft Defender
//!   records its detections in the `Microsoft-Windows-Windows
//!   Defender/Operational` channel, which must be enabled; another product
//!   keeps its own logs in its console: unknown, saying where to look; no
//!   working antivirus: fail.
//! - **Firewall** (see 4.3.3.b): Windows Firewall records dropped packets
//!   when the profiles in use have `LogBlocked` True (its log file,
//!   `pfirewall.log`), or when the audit subcategory Filtering Platform
//!   Packet Drop `{0CCE9225-...}` includes failures (events 5152 in the
//!   Security log); neither: fail. Another firewall: unknown. No active
//!   firewall: fail.

use super::antivirus::{assess as antivirus, Working};
use super::firewall::assess as firewall;
use super::{item, security, unavailable, worst};
use crate::checks::{try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::windows::security::logging::{
    EventLogConfig, ACCOUNT_LOCKOUT, AUDIT_POLICY_CHANGE, LOGON, SECURITY_GROUP_MANAGEMENT,
    USER_ACCOUNT_MANAGEMENT,
};
use vigie_evidence::windows::security::SecurityEvidence;
use vigie_evidence::Collected;

pub const SYSTEM: Check = Check {
    id: "6.1.2.a",
    evaluate: evaluate_system,
};
pub const SECURITY: Check = Check {
    id: "6.1.2.b",
    evaluate: evaluate_security,
};

const DEFENDER_CHANNEL: &str = "Microsoft-Windows-Windows Defender/Operational";

fn channel_item(source: &str, c: &EventLogConfig) -> EvidenceItem {
    let b = |v: Option<bool>| match v {
        Some(true) => "true",
        Some(false) => "false",
        None => "?",
    };
    item(
        source,
        &c.name,
        format!(
            "enabled: {}, retention: {}, autoBackup: {}, maxSize: {}",
            b(c.enabled),
            b(c.retention),
            b(c.auto_backup),
            c.max_size
                .map(|s| format!("{s} ({} MB)", s / (1024 * 1024)))
                .unwrap_or_else(|| "?".into())
        ),
    )
}

/// One channel that must record.
fn channel(e: &SecurityEvidence, name: &str, fr: &str) -> Finding {
    let Some(c) = e.event_logs.get(name) else {
        return Finding::unknown(
            format!("Journal {fr} : non relevé."),
            format!("{name} log: not collected."),
        );
    };
    let (source, cfg) = match c {
        Collected::Ok { source, value } => (source.as_str(), value),
        other => {
            return unavailable(
                other,
                &format!("Configuration du journal {fr}"),
                &format!("{name} log configuration"),
            )
        }
    };
    let ev = vec![channel_item(source, cfg)];
    if cfg.enabled == Some(false) {
        return Finding::fail(
            format!("Le journal {fr} est désactivé : plus rien n'y est enregistré."),
            format!("The {name} log is disabled: nothing is recorded in it."),
        )
        .with(ev);
    }
    if cfg.retention == Some(true) && cfg.auto_backup != Some(true) {
        return Finding::fail(
            format!("Le journal {fr} est réglé pour ne jamais écraser les événements : une fois plein, les nouveaux sont perdus. Observateur d'événements > Propriétés du journal > « Remplacer les événements si nécessaire »."),
            format!("The {name} log is set never to overwrite events: once full, new ones are lost. Event Viewer > log Properties > \"Overwrite events as needed\"."),
        )
        .with(ev);
    }
    if cfg.enabled.is_none() {
        return Finding::unknown(
            format!("L'état du journal {fr} n'a pas pu être lu."),
            format!("The state of the {name} log could not be read."),
        )
        .with(ev);
    }
    Finding::pass(
        format!("Le journal {fr} enregistre."),
        format!("The {name} log records."),
    )
    .with(ev)
}

fn event_log_service(e: &SecurityEvidence) -> Finding {
    let (source, services) = match &e.services {
        Collected::Ok { source, value } => (source.as_str(), value),
        other => {
            return unavailable(
                other,
                "Service Journal d'événements Windows",
                "Windows Event Log service",
            )
        }
    };
    let Some(s) = services
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case("EventLog"))
    else {
        return Finding::unknown(
            "Le service Journal d'événements Windows (EventLog) n'a pas été trouvé.",
            "The Windows Event Log service (EventLog) was not found.",
        );
    };
    let ev = vec![item(
        source,
        "EventLog",
        format!(
            "{}, {}",
            s.status.as_deref().unwrap_or("?"),
            s.start_type.as_deref().unwrap_or("?")
        ),
    )];
    if !s.running() || s.disabled() {
        return Finding::fail(
            "Le service Journal d'événements Windows est arrêté ou désactivé : rien n'est journalisé. Réactivez-le (services.msc, démarrage automatique).",
            "The Windows Event Log service is stopped or disabled: nothing is logged. Turn it back on (services.msc, automatic start).",
        )
        .with(ev);
    }
    Finding::pass(
        "Le service Journal d'événements Windows fonctionne.",
        "The Windows Event Log service is running.",
    )
    .with(ev)
}

fn audit_policy(e: &SecurityEvidence) -> Finding {
    let (source, settings) = match &e.audit_policy {
        Collected::Ok { source, value } => (source.as_str(), value),
        other => {
            return unavailable(
                other,
                "Stratégie d'audit (auditpol)",
                "Audit policy (auditpol)",
            )
        }
    };
    let mut ev = Vec::new();
    for guid in [
        LOGON,
        ACCOUNT_LOCKOUT,
        USER_ACCOUNT_MANAGEMENT,
        SECURITY_GROUP_MANAGEMENT,
        AUDIT_POLICY_CHANGE,
    ] {
        if let Some(a) = settings.iter().find(|a| a.guid.eq_ignore_ascii_case(guid)) {
            ev.push(item(
                source,
                &format!("{} {}", a.subcategory, a.guid),
                a.setting.as_str(),
            ));
        }
    }
    let Some(logon) = settings.iter().find(|a| a.guid.eq_ignore_ascii_case(LOGON)) else {
        return Finding::unknown(
            "La sous-catégorie d'audit « Ouverture de session » n'apparaît pas dans la stratégie d'audit.",
            "The \"Logon\" audit subcategory is not in the audit policy.",
        )
        .with(ev);
    };
    if !logon.success {
        return Finding::fail(
            "Les ouvertures de session ne sont pas journalisées (audit « Ouverture de session » sans succès) : on ne pourra pas savoir qui s'est connecté. Stratégie de sécurité locale > Configuration avancée de la stratégie d'audit > Ouverture/fermeture de session > Auditer l'ouverture de session : Succès et Échec.",
            "Logons are not logged (\"Logon\" audit without success): nobody can tell who logged in. Local Security Policy > Advanced Audit Policy Configuration > Logon/Logoff > Audit Logon: Success and Failure.",
        )
        .with(ev);
    }
    Finding::pass(
        "Les ouvertures de session sont journalisées.",
        "Logons are logged.",
    )
    .with(ev)
}

fn evaluate_system(ctx: &Context) -> Finding {
    let e = try_finding!(security(ctx));
    worst(vec![
        event_log_service(e),
        channel(e, "System", "Système"),
        channel(e, "Security", "Sécurité"),
        audit_policy(e),
    ])
}

/// The antivirus half of 6.1.2.b.
fn antivirus_logging(ctx: &Context, e: &SecurityEvidence) -> Finding {
    let a = antivirus(ctx, e);
    match a.working {
        Working::Defender => {
            let Some(c) = e.event_logs.get(DEFENDER_CHANNEL) else {
                return Finding::unknown(
                    "le journal de Microsoft Defender n'a pas été relevé",
                    "Microsoft Defender's log was not collected",
                );
            };
            match c {
                Collected::Ok { source, value } => {
                    let ev = [channel_item(source, value)];
                    if value.enabled == Some(true) {
                        Finding::pass(
                            "Microsoft Defender consigne ses détections dans son journal (Observateur d'événements > Microsoft > Windows > Windows Defender > Operational)",
                            "Microsoft Defender records its detections in its log (Event Viewer > Microsoft > Windows > Windows Defender > Operational)",
                        )
                        .with(ev)
                    } else {
                        Finding::fail(
                            "le journal de Microsoft Defender est désactivé : ses détections ne sont pas consignées (Observateur d'événements > Windows Defender > Operational > « Activer le journal »)",
                            "Microsoft Defender's log is disabled: its detections are not recorded (Event Viewer > Windows Defender > Operational > \"Enable Log\")",
                        )
                        .with(ev)
                    }
                }
                other => unavailable(
                    other,
                    "journal de Microsoft Defender",
                    "Microsoft Defender's log",
                ),
            }
        }
        Working::Others(names) => Finding::unknown(
            format!("l'antivirus {} tient ses journaux dans sa propre console : vérifiez-y que les détections sont consignées", names.join(", ")),
            format!("the {} antivirus keeps its logs in its own console: check there that detections are recorded", names.join(", ")),
        ),
        Working::None => Finding::fail(
            "pas d'antivirus opérationnel, donc aucun journal de ses détections",
            "no working antivirus, so no log of its detections",
        )
        .with(a.antivirus.evidence),
        Working::Unknown => Finding::unknown(
            "l'antivirus n'a pas pu être identifié, ni donc ses journaux",
            "the antivirus could not be identified, nor therefore its logs",
        )
        .with(a.antivirus.evidence),
    }
}

fn evaluate_security(ctx: &Context) -> Finding {
    let e = try_finding!(security(ctx));
    let av = antivirus_logging(ctx, e);
    let fw = firewall(e).logging;
    let mut out = worst(vec![av.clone(), fw.clone()]);
    out.reason.fr = format!("Antivirus : {}. Pare-feu : {}.", av.reason.fr, fw.reason.fr);
    out.reason.en = format!("Antivirus: {}. Firewall: {}.", av.reason.en, fw.reason.en);
    out
}
