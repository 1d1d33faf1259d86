//! Antivirus, firewall, encryption, software origin and logging on macOS.
//!
//! - 4.3.3.a « Mettre en place un antivirus … et le maintenir à jour »:
//!   XProtect is macOS's built-in antivirus, always present; what can fail
//!   is its updating. Its rules' version is the higher of the two bundles
//!   (CoreServices, and `/var/protected/xprotect` from macOS 15), its date
//!   the last `XProtectPlistConfigData` install in InstallHistory.plist.
//!   Apple ships XProtect's rules about weekly in 2025 and every two to
//!   four weeks before (Howard Oakley, eclecticlight.co, "Security data
//!   updates in Sequoia and Tahoe", 2025): the profile's signature age (7
//!   days, made for antivirus products updated several times a day) would
//!   fail healthy Macs, so the limit is that age or [`XPROTECT_MAX_AGE_DAYS`]
//!   days, whichever is longer: a month without an update means updates
//!   stopped. Automatic installation of security data (`ConfigDataInstall`,
//!   default on) turned off fails. From macOS 15, XProtect also updates
//!   through iCloud without an InstallHistory entry: an old entry with a
//!   newer version in `/var/protected` is `unknown` (updated, date
//!   unknown). A third-party antivirus found in /Applications is named;
//!   its own signatures cannot be read, so it turns a stale XProtect into
//!   `unknown` rather than a failure.
//! - 4.3.3.b « Installer un pare-feu »: the application firewall's state,
//!   a profile's `EnableFirewall` first, else `socketfilterfw
//!   --getglobalstate`, else `globalstate` of com.apple.alf.plist: on (1,
//!   or 2 = block all but essential services) passes, off fails.
//!   "Le maintenir à jour" is macOS's own updates (4.3.4.b).
//! - 4.3.3.c « Recourir à un logiciel de chiffrement »: FileVault must be
//!   on (`fdesetup status`; encrypting is `unknown` until done, pending a
//!   restart or decrypting fails) and every partition of an external
//!   physical disk attached now must be encrypted: APFS volumes with
//!   FileVault (encrypted APFS), EFI partitions aside; FAT, exFAT, NTFS
//!   and Mac OS Extended partitions are readable by anyone who plugs the
//!   disk in; other types are `unknown`.
//! - 4.3.5.a « N'utiliser que des logiciels originaux »: Gatekeeper
//!   (`spctl --status`) checks that every application opened is signed by
//!   an identified developer and notarized by Apple: assessments disabled
//!   fails. System Integrity Protection (`csrutil status`) is reported.
//! - 6.1.2.a « activer la fonction de journalisation »: macOS's unified
//!   logging is always on and cannot be turned off by a setting a user
//!   changes: pass, saying it keeps days to weeks depending on volume.
//!   OpenBSM audit (`/etc/security/audit_control`), deprecated since macOS
//!   11, is reported as a plus when configured, not required.
//! - 6.1.2.b « Consigner les événements émanant de l'antivirus et du
//!   pare-feu »: XProtect's detections are always in the unified log; the
//!   firewall must be on with logging on (`--getloggingmode`, a profile's
//!   `EnableLogging`, or com.apple.alf `loggingenabled`).

use super::{macos, status_item, unknown_source};
use crate::checks::try_finding;
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::macos::protection::{ExternalPartition, FileVault};
use vigie_evidence::macos::MacosEvidence;
use vigie_evidence::Collected;

/// XProtect's rules may be this old (see the module documentation).
pub const XPROTECT_MAX_AGE_DAYS: i64 = 30;

fn version_num(v: &str) -> u64 {
    v.trim().parse().unwrap_or(0)
}

/// 4.3.3.a
pub(super) fn antivirus(ctx: &Context) -> Finding {
    let m = try_finding!(macos(ctx));
    let x = &m.protection.xprotect;
    let max_age = ctx
        .profile
        .antivirus_signature_max_age_days
        .max(XPROTECT_MAX_AGE_DAYS);
    let mut evidence = Vec::new();
    let mut version: Option<String> = None;
    for c in [&x.bundle_version, &x.protected_version] {
        match c {
            Collected::Ok {
                source,
                value: Some(v),
            } => {
                evidence.push(EvidenceItem::new(
                    source,
                    None,
                    Some("CFBundleShortVersionString"),
                    v.clone(),
                ));
                if version
                    .as_deref()
                    .is_none_or(|cur| version_num(v) > version_num(cur))
                {
                    version = Some(v.clone());
                }
            }
            Collected::Missing { .. } => {}
            other => evidence.push(status_item(other, "XProtect.bundle")),
        }
    }
    let others: Vec<String> = match &m.protection.antivirus_apps {
        Collected::Ok { source, value } => {
            for a in value {
                evidence.push(EvidenceItem::new(
                    source,
                    None,
                    Some("antivirus"),
                    a.clone(),
                ));
            }
            value.clone()
        }
        _ => Vec::new(),
    };
    let others_fr = if others.is_empty() {
        String::new()
    } else {
        format!(
            " Autre antivirus présent : {} (Vigie ne lit pas la date de ses signatures).",
            others.join(", ")
        )
    };
    let others_en = if others.is_empty() {
        String::new()
    } else {
        format!(
            " Other antivirus present: {} (Vigie cannot read its signature date).",
            others.join(", ")
        )
    };
    // Automatic installation of security data.
    let managed = m
        .updates
        .managed
        .value()
        .and_then(|p| p.config_data_install);
    let own = m.updates.prefs.value().and_then(|p| p.config_data_install);
    let auto = managed.or(own);
    let auto_src = if managed.is_some() {
        m.updates.managed.source()
    } else {
        m.updates.prefs.source()
    }
    .unwrap_or(vigie_evidence::macos::updates::SOFTWARE_UPDATE_PLIST);
    evidence.push(EvidenceItem::new(
        auto_src,
        None,
        Some("ConfigDataInstall"),
        match auto {
            Some(v) => v.to_string(),
            None => "true (not set: macOS default)".into(),
        },
    ));
    if auto == Some(false) {
        return Finding::fail(
            format!("L'installation automatique des données de sécurité (ConfigDataInstall) est désactivée : XProtect, l'antivirus de macOS, ne reçoit plus ses mises à jour.{others_fr}"),
            format!("Automatic installation of security data (ConfigDataInstall) is off: XProtect, macOS's antivirus, no longer gets its updates.{others_en}"),
        )
        .with(evidence);
    }
    let Some(version) = version else {
        let f = Finding::unknown(
            format!("La version d'XProtect, l'antivirus intégré à macOS, n'a pas pu être lue.{others_fr}"),
            format!("The version of XProtect, macOS's built-in antivirus, could not be read.{others_en}"),
        )
        .with(evidence);
        return f;
    };
    let last = match &x.installs {
        Collected::Ok { source, value } => value
            .iter()
            .rfind(|i| i.name.starts_with("XProtectPlistConfigData"))
            .map(|i| (source.clone(), i.clone())),
        other => {
            evidence.push(status_item(
                other,
                vigie_evidence::macos::protection::INSTALL_HISTORY,
            ));
            None
        }
    };
    let Some((src, install)) = last else {
        return Finding::unknown(
            format!("XProtect (version {version}) est présent, mais la date de sa dernière mise à jour n'a pas pu être établie.{others_fr}"),
            format!("XProtect (version {version}) is present, but the date of its last update could not be established.{others_en}"),
        )
        .with(evidence);
    };
    evidence.push(EvidenceItem::new(
        &src,
        None,
        Some(&install.name),
        format!(
            "{} installed {}",
            install.version.clone().unwrap_or_default(),
            super::date_text(install.date)
        ),
    ));
    let age = super::days_since(install.date, ctx.as_of);
    if age <= max_age {
        return Finding::pass(
            format!("XProtect, l'antivirus intégré à macOS, est à jour : version {version}, dernière mise à jour le {} (il y a {age} jours).{others_fr}", super::date_text(install.date)),
            format!("XProtect, macOS's built-in antivirus, is up to date: version {version}, last updated on {} ({age} days ago).{others_en}", super::date_text(install.date)),
        )
        .with(evidence);
    }
    let newer_elsewhere = install
        .version
        .as_deref()
        .is_some_and(|v| version_num(&version) > version_num(v));
    if newer_elsewhere || !others.is_empty() {
        let (fr, en) = if newer_elsewhere {
            (
                format!("XProtect est en version {version}, plus récente que sa dernière installation enregistrée ({} le {}) : il s'est mis à jour par iCloud, à une date que macOS n'enregistre pas.", install.version.clone().unwrap_or_default(), super::date_text(install.date)),
                format!("XProtect is at version {version}, newer than its last recorded install ({} on {}): it updated through iCloud, on a date macOS does not record.", install.version.clone().unwrap_or_default(), super::date_text(install.date)),
            )
        } else {
            (
                format!("XProtect n'a pas été mis à jour depuis {age} jours."),
                format!("XProtect has not been updated for {age} days."),
            )
        };
        return Finding::unknown(format!("{fr}{others_fr}"), format!("{en}{others_en}"))
            .with(evidence);
    }
    Finding::fail(
        format!("XProtect, l'antivirus intégré à macOS, n'a pas été mis à jour depuis {age} jours (le {}) ; Apple publie ses règles au moins chaque mois. Vérifiez la connexion et Mise à jour de logiciels.", super::date_text(install.date)),
        format!("XProtect, macOS's built-in antivirus, has not been updated for {age} days (on {}); Apple publishes its rules at least monthly. Check the connection and Software Update.", super::date_text(install.date)),
    )
    .with(evidence)
}

/// The firewall's effective state: Some(on), with evidence.
fn firewall_state(m: &MacosEvidence) -> (Option<bool>, Vec<EvidenceItem>, bool) {
    let f = &m.protection.firewall;
    let mut evidence = Vec::new();
    let mut denied = false;
    if let Collected::Ok { source, value } = &f.managed {
        if let Some(on) = value.enable_firewall {
            evidence.push(EvidenceItem::new(
                source,
                None,
                Some("EnableFirewall"),
                on.to_string(),
            ));
            return (Some(on), evidence, false);
        }
    }
    match &f.global_state {
        Collected::Ok { source, value } => {
            evidence.push(EvidenceItem::new(
                source,
                None,
                Some("State"),
                value.to_string(),
            ));
            if let Collected::Ok { source, value } = &f.stealth {
                evidence.push(EvidenceItem::new(
                    source,
                    None,
                    Some("stealth mode"),
                    value.to_string(),
                ));
            }
            if let Collected::Ok { source, value } = &f.block_all {
                evidence.push(EvidenceItem::new(
                    source,
                    None,
                    Some("block all"),
                    value.to_string(),
                ));
            }
            return (Some(*value >= 1), evidence, false);
        }
        other => {
            denied |= other.permission_denied();
            evidence.push(status_item(other, "socketfilterfw --getglobalstate"));
        }
    }
    match &f.alf {
        Collected::Ok { source, value } => match value.globalstate {
            Some(s) => {
                evidence.push(EvidenceItem::new(
                    source,
                    None,
                    Some("globalstate"),
                    s.to_string(),
                ));
                (Some(s >= 1), evidence, false)
            }
            None => {
                evidence.push(EvidenceItem::new(
                    source,
                    None,
                    Some("globalstate"),
                    "absent",
                ));
                (None, evidence, denied)
            }
        },
        other => {
            denied |= other.permission_denied();
            evidence.push(status_item(
                other,
                vigie_evidence::macos::protection::ALF_PLIST,
            ));
            (None, evidence, denied)
        }
    }
}

/// 4.3.3.b
pub(super) fn firewall(ctx: &Context) -> Finding {
    let m = try_finding!(macos(ctx));
    match firewall_state(m) {
        (Some(true), ev, _) => Finding::pass(
            "Le pare-feu de macOS est activé : il refuse les connexions entrantes que vous n'avez pas autorisées.",
            "macOS's firewall is on: it refuses incoming connections you have not allowed.",
        )
        .with(ev),
        (Some(false), ev, _) => Finding::fail(
            "Le pare-feu de macOS est désactivé. Activez-le dans Réglages Système > Réseau > Coupe-feu.",
            "macOS's firewall is off. Turn it on in System Settings > Network > Firewall.",
        )
        .with(ev),
        (None, ev, denied) => {
            let f = Finding::unknown(
                "L'état du pare-feu de macOS n'a pas pu être lu.",
                "The state of macOS's firewall could not be read.",
            )
            .with(ev);
            if denied {
                f.needs_privileges()
            } else {
                f
            }
        }
    }
}

/// The verdict on one external partition: Some(encrypted), None = unknown,
/// or skipped (EFI).
fn partition_encrypted(p: &ExternalPartition, m: &MacosEvidence) -> Option<Option<bool>> {
    let c = p.content.as_str();
    if c == "EFI" || c == "Apple_Boot" || c == "Apple_partition_map" {
        return None;
    }
    if c == "Apple_APFS" {
        let containers = m.protection.apfs.value()?;
        let container = containers
            .iter()
            .find(|k| k.physical_stores.contains(&p.device));
        return Some(container.map(|k| {
            !k.volumes.is_empty() && k.volumes.iter().all(|v| v.filevault == Some(true))
        }));
    }
    let plain = [
        "Apple_HFS",
        "Apple_HFSX",
        "Microsoft Basic Data",
        "Windows_FAT_32",
        "Windows_FAT_16",
        "Windows_FAT_12",
        "DOS_FAT_32",
        "DOS_FAT_16",
        "Windows_NTFS",
        "ExFAT",
        "FAT32",
    ];
    Some(if plain.contains(&c) {
        Some(false)
    } else {
        None
    })
}

/// 4.3.3.c
pub(super) fn encryption(ctx: &Context) -> Finding {
    let m = try_finding!(macos(ctx));
    let p = &m.protection;
    let mut evidence = Vec::new();
    let mut fails_fr = Vec::new();
    let mut fails_en = Vec::new();
    let mut unknown_fr = Vec::new();
    let mut unknown_en = Vec::new();
    let mut denied = false;
    match &p.filevault {
        Collected::Ok { source, value } => {
            let shown = match value {
                FileVault::On => "On".to_string(),
                FileVault::Off => "Off".to_string(),
                FileVault::Encrypting { percent } => {
                    format!("encrypting {}%", percent.clone().unwrap_or_default())
                }
                FileVault::Decrypting { percent } => {
                    format!("decrypting {}%", percent.clone().unwrap_or_default())
                }
                FileVault::PendingRestart => "enabled at next restart".to_string(),
            };
            evidence.push(EvidenceItem::new(source, None, Some("FileVault"), shown));
            match value {
                FileVault::On => {}
                FileVault::Off => {
                    fails_fr.push("FileVault est désactivé : le disque du Mac est lisible par quiconque l'emporte".to_string());
                    fails_en.push(
                        "FileVault is off: the Mac's disk is readable by anyone who takes it"
                            .to_string(),
                    );
                }
                FileVault::PendingRestart => {
                    fails_fr.push(
                        "FileVault n'est pas encore actif (il le sera au prochain redémarrage)"
                            .to_string(),
                    );
                    fails_en.push(
                        "FileVault is not active yet (it will be at the next restart)".to_string(),
                    );
                }
                FileVault::Decrypting { .. } => {
                    fails_fr.push("FileVault est en cours de désactivation".to_string());
                    fails_en.push("FileVault is being turned off".to_string());
                }
                FileVault::Encrypting { percent } => {
                    unknown_fr.push(format!("le chiffrement FileVault est en cours ({} %) : relancez l'audit une fois terminé", percent.clone().unwrap_or_default()));
                    unknown_en.push(format!(
                        "FileVault encryption is in progress ({}%): run the audit again once done",
                        percent.clone().unwrap_or_default()
                    ));
                }
            }
        }
        other => {
            denied |= other.permission_denied();
            evidence.push(status_item(other, "$ fdesetup status"));
            unknown_fr.push("l'état de FileVault n'a pas pu être lu".to_string());
            unknown_en.push("FileVault's state could not be read".to_string());
        }
    }
    match &p.external_partitions {
        Collected::Ok { source, value } => {
            for part in value {
                let Some(verdict) = partition_encrypted(part, m) else {
                    continue;
                };
                // An APFS partition is known by its container's volumes.
                let apfs_names = m.protection.apfs.value().and_then(|cs| {
                    cs.iter()
                        .find(|k| k.physical_stores.contains(&part.device))
                        .map(|k| {
                            k.volumes
                                .iter()
                                .filter_map(|v| v.name.clone())
                                .collect::<Vec<_>>()
                                .join(", ")
                        })
                        .filter(|n| !n.is_empty())
                });
                let volume_name = part.volume_name.clone().or(apfs_names);
                let name = volume_name
                    .clone()
                    .map(|n| format!("« {n} » ({})", part.device))
                    .unwrap_or_else(|| part.device.clone());
                let name_en = volume_name
                    .clone()
                    .map(|n| format!("\"{n}\" ({})", part.device))
                    .unwrap_or_else(|| part.device.clone());
                evidence.push(EvidenceItem::new(
                    source,
                    None,
                    Some(&part.device),
                    format!(
                        "{}{}",
                        part.content,
                        match verdict {
                            Some(true) => ", encrypted",
                            Some(false) => ", not encrypted",
                            None => ", encryption unknown",
                        }
                    ),
                ));
                match verdict {
                    Some(true) => {}
                    Some(false) => {
                        fails_fr.push(format!("le volume externe {name} n'est pas chiffré"));
                        fails_en.push(format!("external volume {name_en} is not encrypted"));
                    }
                    None => {
                        unknown_fr.push(format!(
                            "le chiffrement du volume externe {name} ({}) n'a pas pu être établi",
                            part.content
                        ));
                        unknown_en.push(format!("the encryption of external volume {name_en} ({}) could not be established", part.content));
                    }
                }
            }
        }
        other => {
            evidence.push(status_item(
                other,
                "$ diskutil list -plist external physical",
            ));
            unknown_fr.push("les disques externes branchés n'ont pas pu être listés".to_string());
            unknown_en.push("the attached external disks could not be listed".to_string());
        }
    }
    if !fails_fr.is_empty() {
        return Finding::fail(
            format!("{}.", capitalise(&fails_fr.join(" ; "))),
            format!("{}.", capitalise(&fails_en.join("; "))),
        )
        .with(evidence);
    }
    if !unknown_fr.is_empty() {
        let f = Finding::unknown(
            format!("{}.", capitalise(&unknown_fr.join(" ; "))),
            format!("{}.", capitalise(&unknown_en.join("; "))),
        )
        .with(evidence);
        return if denied { f.needs_privileges() } else { f };
    }
    Finding::pass(
        "FileVault chiffre le disque du Mac, et aucun disque externe non chiffré n'est branché.",
        "FileVault encrypts the Mac's disk, and no unencrypted external disk is attached.",
    )
    .with(evidence)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// 4.3.5.a
pub(super) fn authentic_software(ctx: &Context) -> Finding {
    let m = try_finding!(macos(ctx));
    let p = &m.protection;
    let mut evidence = Vec::new();
    let (sip_fr, sip_en) = match &p.sip {
        Collected::Ok { source, value } => {
            evidence.push(EvidenceItem::new(
                source,
                None,
                Some("System Integrity Protection"),
                value.clone(),
            ));
            if value == "enabled" {
                (
                    " La protection de l'intégrité du système (SIP) est active.".to_string(),
                    " System Integrity Protection (SIP) is on.".to_string(),
                )
            } else {
                (
                    format!(" Attention : la protection de l'intégrité du système (SIP) est « {value} » ; réactivez-la (csrutil enable depuis le mode de récupération)."),
                    format!(" Warning: System Integrity Protection (SIP) is \"{value}\"; turn it back on (csrutil enable from recovery mode)."),
                )
            }
        }
        other => {
            evidence.push(status_item(other, "$ csrutil status"));
            (String::new(), String::new())
        }
    };
    match &p.gatekeeper {
        Collected::Ok { source, value } => {
            evidence.insert(
                0,
                EvidenceItem::new(
                    source,
                    None,
                    Some("assessments"),
                    if *value { "enabled" } else { "disabled" },
                ),
            );
            if *value {
                Finding::pass(
                    format!("Gatekeeper est actif : macOS n'ouvre que des applications signées par un développeur identifié et vérifiées par Apple.{sip_fr}"),
                    format!("Gatekeeper is on: macOS opens only applications signed by an identified developer and checked by Apple.{sip_en}"),
                )
                .with(evidence)
            } else {
                Finding::fail(
                    format!("Gatekeeper est désactivé (spctl --status : assessments disabled) : n'importe quelle application, copie modifiée comprise, s'ouvre sans vérification. Réactivez-le (sudo spctl --global-enable).{sip_fr}"),
                    format!("Gatekeeper is off (spctl --status: assessments disabled): any application, modified copies included, opens without a check. Turn it back on (sudo spctl --global-enable).{sip_en}"),
                )
                .with(evidence)
            }
        }
        other => unknown_source(
            other,
            "L'état de Gatekeeper n'a pas pu être lu",
            "Gatekeeper's state could not be read",
        )
        .with(evidence),
    }
}

/// 6.1.2.a
pub(super) fn system_logging(ctx: &Context) -> Finding {
    let m = try_finding!(macos(ctx));
    let mut evidence = vec![EvidenceItem::new(
        "macOS",
        None,
        Some("unified logging"),
        "always on (/var/db/diagnostics)",
    )];
    let (fr, en) = match &m.protection.audit_flags {
        Collected::Ok {
            source,
            value: Some(flags),
        } => {
            evidence.push(EvidenceItem::new(
                source,
                None,
                Some("flags"),
                flags.clone(),
            ));
            (
                format!(" En plus, l'audit OpenBSM est configuré (flags : {flags}), mais Apple l'a déclaré obsolète depuis macOS 11."),
                format!(" In addition, OpenBSM audit is configured (flags: {flags}), but Apple has deprecated it since macOS 11."),
            )
        }
        other => {
            evidence.push(status_item(
                other,
                vigie_evidence::macos::protection::AUDIT_CONTROL,
            ));
            (
                " L'audit OpenBSM (obsolète depuis macOS 11) n'est pas configuré ; il n'est pas nécessaire.".to_string(),
                " OpenBSM audit (deprecated since macOS 11) is not configured; it is not needed.".to_string(),
            )
        }
    };
    Finding::pass(
        format!("La journalisation unifiée de macOS est toujours active : le système y consigne ses événements (connexions, installations, sécurité), conservés de quelques jours à quelques semaines selon leur volume ; « log show » ou l'app Console les lisent.{fr}"),
        format!("macOS's unified logging is always on: the system records its events there (logins, installs, security), kept from a few days to a few weeks depending on volume; \"log show\" or the Console app read them.{en}"),
    )
    .with(evidence)
}

/// 6.1.2.b
pub(super) fn security_logging(ctx: &Context) -> Finding {
    let m = try_finding!(macos(ctx));
    let (state, mut evidence, denied) = firewall_state(m);
    let f = &m.protection.firewall;
    let logging = match &f.managed {
        Collected::Ok { source, value } if value.enable_logging.is_some() => {
            let v = value.enable_logging.unwrap_or(false);
            evidence.push(EvidenceItem::new(
                source,
                None,
                Some("EnableLogging"),
                v.to_string(),
            ));
            Some(v)
        }
        _ => match &f.logging {
            Collected::Ok { source, value } => {
                evidence.push(EvidenceItem::new(
                    source,
                    None,
                    Some("logging mode"),
                    value.to_string(),
                ));
                Some(*value)
            }
            other => match f.alf.value().and_then(|a| a.loggingenabled) {
                Some(v) => {
                    evidence.push(EvidenceItem::new(
                        vigie_evidence::macos::protection::ALF_PLIST,
                        None,
                        Some("loggingenabled"),
                        v.to_string(),
                    ));
                    Some(v)
                }
                None => {
                    evidence.push(status_item(other, "socketfilterfw --getloggingmode"));
                    None
                }
            },
        },
    };
    let av_fr = "Les détections d'XProtect, l'antivirus de macOS, sont toujours consignées dans la journalisation unifiée.";
    let av_en =
        "Detections by XProtect, macOS's antivirus, are always recorded in unified logging.";
    match (state, logging) {
        (Some(false), _) => Finding::fail(
            format!("{av_fr} Mais le pare-feu est désactivé : il ne consigne rien."),
            format!("{av_en} But the firewall is off: it records nothing."),
        )
        .with(evidence),
        (Some(true), Some(true)) => Finding::pass(
            format!("{av_fr} Le pare-feu est activé et consigne ses événements (journalisation du coupe-feu active)."),
            format!("{av_en} The firewall is on and records its events (firewall logging on)."),
        )
        .with(evidence),
        (_, Some(false)) => Finding::fail(
            format!("{av_fr} Mais la journalisation du pare-feu est désactivée (sudo /usr/libexec/ApplicationFirewall/socketfilterfw --setloggingmode on)."),
            format!("{av_en} But firewall logging is off (sudo /usr/libexec/ApplicationFirewall/socketfilterfw --setloggingmode on)."),
        )
        .with(evidence),
        _ => {
            let f = Finding::unknown(
                format!("{av_fr} L'état du pare-feu ou de sa journalisation n'a pas pu être lu."),
                format!("{av_en} The state of the firewall or of its logging could not be read."),
            )
            .with(evidence);
            if denied {
                f.needs_privileges()
            } else {
                f
            }
        }
    }
}
