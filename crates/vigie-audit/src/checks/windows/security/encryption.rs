//! 4.3.3.c — « Recourir à un logiciel de chiffrement pour protéger votre
//! poste de travail, serveur, clé USB, disque dur amovible ou encore
//! smartphone ; les outils préconisés sont ceux qui bénéficient d'un
//! référencement sur le site de l'ANSSI (www.ssi.gouv.fr). »
//!
//! The machine's part on Windows (the requirement is `both`: phones and
//! media kept elsewhere are the practice's declaration). BitLocker — and
//! Windows Home's "device encryption", which is BitLocker underneath — as
//! `Get-BitLockerVolume` reports it (`manage-bde -status` when the cmdlet
//! gave nothing; both need administrator rights: without them, unknown and
//! said so):
//!
//! - **The system volume** (`VolumeType` OperatingSystem) and **every fixed
//!   data volume with a drive letter** (`Win32_LogicalDisk` `DriveType` 3)
//!   must be `FullyEncrypted` with `ProtectionStatus` On. Encrypted but
//!   protection Off fails: BitLocker is suspended, or the key sits in clear
//!   on the disk, as with device encryption "waiting for activation" (a
//!   local account never linked to a Microsoft account): anyone holding the
//!   disk reads it. Decrypted fails; encryption or decryption in progress is
//!   unknown (the end state decides).
//! - **Removable drives attached now** (`DriveType` 2) must be encrypted
//!   (BitLocker To Go): one in clear fails. A locked BitLocker volume
//!   (protection Unknown, lock Locked) is encrypted.
//! - Volumes without a letter (recovery, EFI) hold no practice data and are
//!   not judged.

use super::{item, security, unavailable};
use crate::checks::{try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::windows::security::bitlocker::{LogicalDisk, Volume};
use vigie_evidence::windows::security::SecurityEvidence;
use vigie_evidence::Collected;

pub const CHECK: Check = Check {
    id: "4.3.3.c",
    evaluate,
};

fn volume_item(source: &str, v: &Volume) -> EvidenceItem {
    item(
        source,
        &v.mount_point,
        format!(
            "{} {}, protection {}, {}{}{}",
            v.volume_type.as_deref().unwrap_or("?"),
            v.volume_status.as_deref().unwrap_or("?"),
            v.protection_status.as_deref().unwrap_or("?"),
            v.encryption_method.as_deref().unwrap_or("?"),
            v.encryption_percentage
                .map(|p| format!(", {p}%"))
                .unwrap_or_default(),
            if v.key_protectors.is_empty() {
                String::new()
            } else {
                format!(", key protectors: {}", v.key_protectors.join(" "))
            }
        ),
    )
}

/// How a volume stands.
enum State {
    Protected,
    /// Encrypted, key not protected.
    ClearKey,
    Plain,
    Converting,
    Unknown,
}

fn state(v: &Volume) -> State {
    let locked = v
        .lock_status
        .as_deref()
        .is_some_and(|l| l.eq_ignore_ascii_case("Locked"));
    if locked {
        return State::Protected;
    }
    if v.fully_decrypted() {
        return State::Plain;
    }
    if v.fully_encrypted() {
        return match v.protection_on() {
            Some(true) => State::Protected,
            Some(false) => State::ClearKey,
            None => State::Unknown,
        };
    }
    let s = v
        .volume_status
        .as_deref()
        .unwrap_or("")
        .to_ascii_lowercase();
    if s.contains("progress") || s.contains("suspended") || s.contains("paused") {
        return State::Converting;
    }
    State::Unknown
}

fn edition_hint(e: &SecurityEvidence) -> (&'static str, &'static str) {
    let home =
        e.os.value()
            .and_then(|o| o.edition_id.as_deref())
            .is_some_and(|id| id.starts_with("Core"));
    if home {
        (
            "Paramètres > Confidentialité et sécurité > Chiffrement de l'appareil (connectez un compte Microsoft pour l'activer et sauvegarder la clé de récupération)",
            "Settings > Privacy & security > Device encryption (sign in with a Microsoft account to activate it and back up the recovery key)",
        )
    } else {
        (
            "Panneau de configuration > Chiffrement de lecteur BitLocker > « Activer BitLocker »",
            "Control Panel > BitLocker Drive Encryption > \"Turn on BitLocker\"",
        )
    }
}

fn evaluate(ctx: &Context) -> Finding {
    let e = try_finding!(security(ctx));
    // The cmdlet first, manage-bde when it gave nothing.
    let (source, volumes) = match (&e.bitlocker, &e.manage_bde) {
        (Collected::Ok { source, value }, _) => (source.as_str(), value),
        (_, Collected::Ok { source, value }) => (source.as_str(), value),
        (b, m) => {
            let f = unavailable(
                b,
                "État du chiffrement BitLocker (Get-BitLockerVolume)",
                "BitLocker encryption state (Get-BitLockerVolume)",
            );
            return with_fallback(f, m);
        }
    };
    let disks: Option<(&str, &Vec<LogicalDisk>)> = match &e.logical_disks {
        Collected::Ok { source, value } => Some((source.as_str(), value)),
        _ => None,
    };
    let drive_type = |letter: &str| -> Option<u32> {
        disks.and_then(|(_, d)| {
            d.iter()
                .find(|d| d.device_id.eq_ignore_ascii_case(letter))
                .and_then(|d| d.drive_type)
        })
    };

    let mut evidence: Vec<EvidenceItem> = Vec::new();
    let mut plain: Vec<(String, &'static str, &'static str)> = Vec::new();
    let mut clear_key: Vec<String> = Vec::new();
    let mut converting: Vec<String> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    let mut protected: Vec<String> = Vec::new();
    let mut os_seen = false;

    for v in volumes {
        let letter = v.letter();
        let judged = if v.is_os() {
            os_seen = true;
            Some(("système", "system"))
        } else {
            match letter.as_deref().map(drive_type) {
                Some(Some(3)) => Some(("données", "data")),
                Some(Some(2)) => Some(("amovible", "removable")),
                // Without the drive list, a lettered data volume counts as fixed.
                Some(None) if disks.is_none() => Some(("données", "data")),
                _ => None,
            }
        };
        let Some((kind_fr, kind_en)) = judged else {
            continue;
        };
        evidence.push(volume_item(source, v));
        let name = letter.unwrap_or_else(|| v.mount_point.clone());
        match state(v) {
            State::Protected => protected.push(name),
            State::ClearKey => clear_key.push(name),
            State::Plain => plain.push((name, kind_fr, kind_en)),
            State::Converting => converting.push(name),
            State::Unknown => unknown.push(name),
        }
    }

    // Removable drives BitLocker does not list at all are in clear.
    if let Some((dsource, d)) = disks {
        for disk in d.iter().filter(|d| d.removable()) {
            let listed = volumes
                .iter()
                .any(|v| v.letter().as_deref() == Some(disk.device_id.as_str()));
            evidence.push(item(
                dsource,
                &disk.device_id,
                format!(
                    "removable drive (DriveType 2), {}{}",
                    disk.file_system.as_deref().unwrap_or("no file system"),
                    disk.volume_name
                        .as_deref()
                        .map(|n| format!(", \"{n}\""))
                        .unwrap_or_default()
                ),
            ));
            if !listed {
                plain.push((disk.device_id.clone(), "amovible", "removable"));
            }
        }
    }

    let (how_fr, how_en) = edition_hint(e);
    if !os_seen {
        return Finding::unknown(
            "BitLocker ne liste pas le volume système : son chiffrement n'a pas pu être établi.",
            "BitLocker does not list the system volume: its encryption could not be established.",
        )
        .with(evidence);
    }
    let mut problems_fr = Vec::new();
    let mut problems_en = Vec::new();
    for (name, fr, en) in &plain {
        problems_fr.push(format!("{name} ({fr}) n'est pas chiffré"));
        problems_en.push(format!("{name} ({en}) is not encrypted"));
    }
    if !clear_key.is_empty() {
        problems_fr.push(format!(
            "{} : chiffré mais protection désactivée (BitLocker suspendu, ou chiffrement de l'appareil en attente d'activation : la clé est en clair sur le disque)",
            clear_key.join(", ")
        ));
        problems_en.push(format!(
            "{}: encrypted but protection off (BitLocker suspended, or device encryption waiting for activation: the key sits in clear on the disk)",
            clear_key.join(", ")
        ));
    }
    if !problems_fr.is_empty() {
        let removable = plain.iter().any(|(_, fr, _)| *fr == "amovible");
        let (to_go_fr, to_go_en) = if removable {
            (
                " Pour une clé ou un disque amovible : clic droit dans l'Explorateur > « Activer BitLocker » (BitLocker To Go), ou ne l'utilisez pas pour des données de patients.",
                " For a USB stick or removable disk: right-click it in Explorer > \"Turn on BitLocker\" (BitLocker To Go), or do not use it for patient data.",
            )
        } else {
            ("", "")
        };
        return Finding::fail(
            format!(
                "{} : en cas de perte ou de vol, les données sont lisibles. {how_fr}.{to_go_fr}",
                problems_fr.join(" ; ")
            ),
            format!(
                "{}: if lost or stolen, the data can be read. {how_en}.{to_go_en}",
                problems_en.join("; ")
            ),
        )
        .with(evidence);
    }
    if !converting.is_empty() || !unknown.is_empty() {
        let mut names = converting.clone();
        names.extend(unknown.iter().cloned());
        return Finding::unknown(
            format!("Chiffrement en cours (ou état non reconnu) pour {} : relancez l'audit quand il est terminé.", names.join(", ")),
            format!("Encryption in progress (or state not recognised) for {}: run the audit again once it has finished.", names.join(", ")),
        )
        .with(evidence);
    }
    Finding::pass(
        format!(
            "Les volumes de ce poste sont chiffrés par BitLocker, protection active : {}.",
            protected.join(", ")
        ),
        format!(
            "This computer's volumes are encrypted by BitLocker, protection on: {}.",
            protected.join(", ")
        ),
    )
    .with(evidence)
}

/// Adds what manage-bde said to the cmdlet's failure.
fn with_fallback(f: Finding, other: &Collected<Vec<Volume>>) -> Finding {
    let extra = match other {
        Collected::Unreadable { source, error } => Some(EvidenceItem::new(
            source.as_str(),
            None,
            None,
            error.as_str(),
        )),
        Collected::Missing { source } => {
            Some(EvidenceItem::new(source.as_str(), None, None, "not found"))
        }
        _ => None,
    };
    let f = f.with(extra);
    if other.permission_denied() && !f.needs_privileges {
        f.needs_privileges()
    } else {
        f
    }
}
