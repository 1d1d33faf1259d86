//! 4.3.4.a « Vérifier que les logiciels et le système d'exploitation sont
//! toujours maintenus et mis à jour par les industriels » and 4.3.4.b
//! « Appliquer l'ensemble des correctifs de sécurité », on macOS.
//!
//! - 4.3.4.a: the version `sw_vers` gives (ProductVersion) is looked up in
//!   the same end-of-life table as Linux (`data/eol.toml`, product
//!   "macos", judged by `os_support::judge`): Apple publishes no end date,
//!   its practice is to fix the three latest major versions, so the table's
//!   dates are forecasts and a forecast passed by less than 30 days is
//!   `unknown`.
//! - 4.3.4.b: Software Update's automatic settings, effective value
//!   (a profile's managed preferences, else
//!   `/Library/Preferences/com.apple.SoftwareUpdate.plist`, else the
//!   default): checking (`AutomaticCheckEnabled`, default on; confirmed by
//!   `softwareupdate --schedule` when it ran), downloading
//!   (`AutomaticDownload`, default on) and installing Security Responses
//!   and system files (`CriticalUpdateInstall`, default on) must all be on:
//!   off, security fixes wait for someone to act. Then what the last check
//!   found (`RecommendedUpdates`, never a new check: that would go on the
//!   network): an update waiting fails, whether or not macOS installs it by
//!   itself later (`AutomaticallyInstallMacOSUpdates`, default off, is
//!   reported). Nothing waiting counts only if the last successful check
//!   (`LastSuccessfulDate`) is recent: within [`FRESH_DAYS`] days of the
//!   audit date passes; older than [`STALE_DAYS`] days fails (the automatic
//!   check has not worked for a month); in between, or no date, unknown.

use super::{macos, status_item, unknown_source};
use crate::checks::os_support;
use crate::checks::try_finding;
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::linux::storage::UbuntuPro;
use vigie_evidence::macos::updates::SoftwareUpdatePrefs;
use vigie_evidence::Collected;

/// A last check at most this old makes "nothing waiting" trustworthy.
const FRESH_DAYS: i64 = 7;
/// A last check older than this means the automatic check does not work.
const STALE_DAYS: i64 = 30;

/// 4.3.4.a
pub(super) fn os_support(ctx: &Context) -> Finding {
    let m = try_finding!(macos(ctx));
    let os = vigie_evidence::macos::os_release(m);
    let (source, os) = match (&os, &ctx.evidence.target.os) {
        (Collected::Ok { source, value }, _) => (source.clone(), value.clone()),
        (_, Collected::Ok { source, value }) => (source.clone(), value.clone()),
        (other, _) => {
            return unknown_source(
                other,
                "La version de macOS n'a pas pu être lue",
                "The macOS version could not be read",
            )
        }
    };
    let table = match os_support::table() {
        Ok(t) => t,
        Err(e) => {
            return Finding::unknown(
                format!("La table des fins de support de Vigie est illisible ({e})."),
                format!("Vigie's end-of-support table is unreadable ({e})."),
            )
        }
    };
    let pro: Collected<UbuntuPro> = Collected::NotCollected {
        reason: "not Ubuntu".into(),
    };
    let mut f = os_support::judge(table, &source, &os, &pro, ctx.as_of);
    if let Some(b) = m
        .system
        .sw_vers
        .value()
        .and_then(|v| v.build_version.clone())
    {
        f.evidence
            .push(EvidenceItem::new(source, None, Some("BuildVersion"), b));
    }
    f
}

/// The effective value of a key: managed, then the system's, then the default.
fn effective(
    managed: Option<(&str, &SoftwareUpdatePrefs)>,
    prefs: Option<(&str, &SoftwareUpdatePrefs)>,
    key: &str,
    get: fn(&SoftwareUpdatePrefs) -> Option<bool>,
    default: bool,
) -> (bool, EvidenceItem) {
    for (src, p) in managed.into_iter().chain(prefs) {
        if let Some(v) = get(p) {
            return (v, EvidenceItem::new(src, None, Some(key), v.to_string()));
        }
    }
    (
        default,
        EvidenceItem::new(
            vigie_evidence::macos::updates::SOFTWARE_UPDATE_PLIST,
            None,
            Some(key),
            format!("{default} (not set: macOS default)"),
        ),
    )
}

/// 4.3.4.b
pub(super) fn security_updates(ctx: &Context) -> Finding {
    let m = try_finding!(macos(ctx));
    let u = &m.updates;
    let prefs = match &u.prefs {
        Collected::Ok { source, value } => Some((source.as_str(), value)),
        Collected::Missing { .. } => None,
        other => {
            return unknown_source(
                other,
                "Les réglages de Mise à jour de logiciels n'ont pas pu être lus",
                "Software Update's settings could not be read",
            )
        }
    };
    let managed = match &u.managed {
        Collected::Ok { source, value } => Some((source.as_str(), value)),
        _ => None,
    };
    let mut evidence = Vec::new();
    let (check, ev) = effective(
        managed,
        prefs,
        "AutomaticCheckEnabled",
        |p| p.automatic_check_enabled,
        true,
    );
    evidence.push(ev);
    let check = match &u.schedule {
        Collected::Ok { source, value } => {
            evidence.push(EvidenceItem::new(
                source,
                None,
                Some("schedule"),
                if *value { "on" } else { "off" },
            ));
            *value
        }
        _ => check,
    };
    let (download, ev) = effective(
        managed,
        prefs,
        "AutomaticDownload",
        |p| p.automatic_download,
        true,
    );
    evidence.push(ev);
    let (critical, ev) = effective(
        managed,
        prefs,
        "CriticalUpdateInstall",
        |p| p.critical_update_install,
        true,
    );
    evidence.push(ev);
    let (install_os, ev) = effective(
        managed,
        prefs,
        "AutomaticallyInstallMacOSUpdates",
        |p| p.automatically_install_macos_updates,
        false,
    );
    evidence.push(ev);
    let mut off_fr = Vec::new();
    let mut off_en = Vec::new();
    if !check {
        off_fr.push("la recherche automatique des mises à jour");
        off_en.push("automatic checking for updates");
    }
    if !download {
        off_fr.push("leur téléchargement automatique");
        off_en.push("their automatic download");
    }
    if !critical {
        off_fr.push("l'installation des réponses de sécurité et fichiers système");
        off_en.push("the installation of Security Responses and system files");
    }
    if !off_fr.is_empty() {
        return Finding::fail(
            format!("Mise à jour de logiciels : {} {} désactivé(e)s ; les correctifs de sécurité attendent qu'une personne s'en occupe.", off_fr.join(", "), if off_fr.len() > 1 { "sont" } else { "est" }),
            format!("Software Update: {} {} off; security fixes wait for someone to act.", off_en.join(", "), if off_en.len() > 1 { "are" } else { "is" }),
        )
        .with(evidence);
    }
    let Some((src, p)) = prefs else {
        evidence.push(status_item(
            &u.prefs,
            vigie_evidence::macos::updates::SOFTWARE_UPDATE_PLIST,
        ));
        return Finding::unknown(
            "Les mises à jour automatiques sont actives, mais aucune vérification n'a encore été enregistrée : impossible de savoir si des correctifs attendent.",
            "Automatic updates are on, but no check has been recorded yet: whether fixes are waiting cannot be told.",
        )
        .with(evidence);
    };
    let os_auto_fr = if install_os {
        ""
    } else {
        " L'installation automatique des mises à jour de macOS est désactivée : activez-la pour ne pas dépendre d'un clic."
    };
    let os_auto_en = if install_os {
        ""
    } else {
        " Automatic installation of macOS updates is off: turn it on so as not to depend on a click."
    };
    let last = p.last_successful_date;
    if let Some(t) = last {
        evidence.push(EvidenceItem::new(
            src,
            None,
            Some("LastSuccessfulDate"),
            super::date_text(t),
        ));
    }
    if !p.recommended_updates.is_empty() {
        let names: Vec<String> = p
            .recommended_updates
            .iter()
            .map(|r| r.name.clone())
            .collect();
        for r in &p.recommended_updates {
            evidence.push(EvidenceItem::new(
                src,
                None,
                Some("RecommendedUpdates"),
                format!("{} {}", r.name, r.version.clone().unwrap_or_default())
                    .trim()
                    .to_string(),
            ));
        }
        return Finding::fail(
            format!(
                "Des mises à jour attendent d'être installées : {}.{os_auto_fr}",
                names.join(", ")
            ),
            format!(
                "Updates are waiting to be installed: {}.{os_auto_en}",
                names.join(", ")
            ),
        )
        .with(evidence);
    }
    let Some(t) = last else {
        return Finding::unknown(
            "Les mises à jour automatiques sont actives et aucune n'est signalée en attente, mais la date de la dernière vérification réussie est inconnue.",
            "Automatic updates are on and none is reported waiting, but the date of the last successful check is unknown.",
        )
        .with(evidence);
    };
    let age = super::days_since(t, ctx.as_of);
    if age <= FRESH_DAYS {
        Finding::pass(
            format!("Les mises à jour de sécurité sont recherchées, téléchargées et installées automatiquement ; la dernière vérification ({}) n'a rien trouvé en attente.{os_auto_fr}", super::date_text(t)),
            format!("Security updates are checked for, downloaded and installed automatically; the last check ({}) found nothing waiting.{os_auto_en}", super::date_text(t)),
        )
        .with(evidence)
    } else if age > STALE_DAYS {
        Finding::fail(
            format!("La dernière vérification réussie des mises à jour date du {} ({age} jours) : la recherche automatique ne fonctionne plus (connexion, profil, espace disque ?).", super::date_text(t)),
            format!("The last successful update check was on {} ({age} days ago): automatic checking no longer works (connection, profile, disk space?).", super::date_text(t)),
        )
        .with(evidence)
    } else {
        Finding::unknown(
            format!("La dernière vérification réussie des mises à jour date du {} ({age} jours) : ce qu'elle a trouvé n'est plus sûr. Ouvrez Réglages Système > Général > Mise à jour de logiciels.", super::date_text(t)),
            format!("The last successful update check was on {} ({age} days ago): what it found is no longer reliable. Open System Settings > General > Software Update.", super::date_text(t)),
        )
        .with(evidence)
    }
}
