//! 4.3.4.b — « Appliquer l'ensemble des correctifs de sécurité du système
//! informatique et des logiciels. »
//!
//! Windows. Microsoft publishes its security fixes on the second Tuesday of
//! each month ("Patch Tuesday", learn.microsoft.com "Windows monthly
//! updates explained"): two releases are at most 35 days apart, and Windows
//! Update installs them within days. So:
//!
//! - **Automatic updates must not be turned off**: the policy
//!   `HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU`
//!   `NoAutoUpdate` = 1, or `AUOptions` 2 (notify before download), 3
//!   (download, notify before install) or 7 (notify before install and
//!   restart), leaves installation to a person: fail. `AUOptions` 4
//!   (scheduled install) and 5 (local administrator chooses, automatic by
//!   default) are automatic. The Windows Update service (`wuauserv`) or the
//!   Update Orchestrator (`UsoSvc`) disabled: fail.
//! - **Not paused**: `HKLM\SOFTWARE\Microsoft\WindowsUpdate\UX\Settings`
//!   `PauseUpdatesExpiryTime` / `PauseQualityUpdatesEndTime` later than the
//!   collection date: updates are paused (Settings > Windows Update >
//!   "Pause updates"): fail.
//! - **A fix installed recently**: the latest of `Get-HotFix`'s
//!   `InstalledOn` (the component store: monthly cumulative updates,
//!   servicing stack, .NET) and of Windows Update's history (successful
//!   installations, drivers, Defender signatures, Defender platform and the
//!   removal tool set aside: they say nothing of the system's fixes) must be
//!   at most [`MAX_UPDATE_AGE_DAYS`] days before the audit date (35 days
//!   between releases, and a few days to install): older fails, none read
//!   is unknown.
//! - A restart waiting to finish installing (`RebootRequired` under
//!   `WindowsUpdate\Auto Update`, `RebootPending` under `Component Based
//!   Servicing`) is pointed out: a fix installed is not applied until then.
//!
//! Other software's own updaters (browsers, the practice software) cannot be
//! read here; Office and other Microsoft products updated through Microsoft
//! Update appear in the history.

use super::{date_of, item, reg_item, reg_str, reg_u64, security, unavailable};
use crate::checks::{try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::windows::security::{
    SecurityEvidence, REG_CBS, REG_WU_AUTO_UPDATE, REG_WU_POLICY, REG_WU_UX,
};
use vigie_evidence::Collected;

pub const CHECK: Check = Check {
    id: "4.3.4.b",
    evaluate,
};

/// The longest time without any fix installed: monthly releases at most 35
/// days apart, plus ten days to download, install and restart.
pub const MAX_UPDATE_AGE_DAYS: i64 = 45;

fn au_key() -> String {
    format!(r"{REG_WU_POLICY}\AU")
}

/// Automatic installation turned off, and why.
fn automatic_off(e: &SecurityEvidence, ev: &mut Vec<EvidenceItem>) -> Option<(String, String)> {
    ev.push(reg_item(e, &au_key(), "NoAutoUpdate"));
    ev.push(reg_item(e, &au_key(), "AUOptions"));
    if reg_u64(e, &au_key(), "NoAutoUpdate") == Ok(Some(1)) {
        return Some((
            "une stratégie désactive les mises à jour automatiques (NoAutoUpdate = 1)".into(),
            "a policy turns automatic updates off (NoAutoUpdate = 1)".into(),
        ));
    }
    if let Ok(Some(opt)) = reg_u64(e, &au_key(), "AUOptions") {
        let what = match opt {
            2 => Some(("prévenir avant le téléchargement", "notify before download")),
            3 => Some((
                "télécharger puis prévenir avant l'installation",
                "download, then notify before installing",
            )),
            7 => Some((
                "prévenir avant l'installation et le redémarrage",
                "notify before installing and restarting",
            )),
            _ => None,
        };
        if let Some((fr, en)) = what {
            return Some((
                format!(
                    "une stratégie laisse l'installation à une personne (AUOptions = {opt} : {fr})"
                ),
                format!("a policy leaves installation to a person (AUOptions = {opt}: {en})"),
            ));
        }
    }
    if let Collected::Ok { source, value } = &e.services {
        for name in ["wuauserv", "UsoSvc"] {
            if let Some(s) = value.iter().find(|s| s.name.eq_ignore_ascii_case(name)) {
                ev.push(item(
                    source,
                    name,
                    format!(
                        "{}, {}",
                        s.status.as_deref().unwrap_or("?"),
                        s.start_type.as_deref().unwrap_or("?")
                    ),
                ));
                if s.disabled() {
                    return Some((
                        format!("le service {name} (Windows Update) est désactivé"),
                        format!("the {name} service (Windows Update) is disabled"),
                    ));
                }
            }
        }
    }
    None
}

/// A pause still running at collection time.
fn paused(ctx: &Context, e: &SecurityEvidence, ev: &mut Vec<EvidenceItem>) -> Option<time::Date> {
    let collected = ctx.evidence.collected_at.date();
    let mut until = None;
    for name in ["PauseUpdatesExpiryTime", "PauseQualityUpdatesEndTime"] {
        ev.push(reg_item(e, REG_WU_UX, name));
        if let Ok(Some(v)) = reg_str(e, REG_WU_UX, name) {
            if let Some(d) = date_of(&v).filter(|d| *d > collected) {
                until = until.max(Some(d));
            }
        }
    }
    until
}

fn evaluate(ctx: &Context) -> Finding {
    let e = try_finding!(security(ctx));
    let mut ev: Vec<EvidenceItem> = Vec::new();
    if let Some((fr, en)) = automatic_off(e, &mut ev) {
        return Finding::fail(
            format!("Les correctifs ne s'installent pas d'eux-mêmes : {fr}. Rétablissez les mises à jour automatiques (Paramètres > Windows Update), ou faites-le faire par votre prestataire s'il gère ce poste."),
            format!("Fixes do not install by themselves: {en}. Restore automatic updates (Settings > Windows Update), or have your provider do it if it manages this computer."),
        )
        .with(ev);
    }
    if let Some(until) = paused(ctx, e, &mut ev) {
        return Finding::fail(
            format!("Les mises à jour de Windows sont suspendues jusqu'au {until} : les correctifs de sécurité attendent. Paramètres > Windows Update > « Reprendre les mises à jour »."),
            format!("Windows updates are paused until {until}: security fixes are waiting. Settings > Windows Update > \"Resume updates\"."),
        )
        .with(ev);
    }

    // The latest fix installed, from both sources.
    let mut latest: Option<(time::Date, EvidenceItem)> = None;
    let mut consider = |d: time::Date, it: EvidenceItem| {
        if latest.as_ref().is_none_or(|(l, _)| d > *l) {
            latest = Some((d, it));
        }
    };
    let mut unreadable: Vec<Finding> = Vec::new();
    match &e.hotfixes {
        Collected::Ok { source, value } => {
            for h in value {
                if let Some(d) = h.installed_on.as_deref().and_then(date_of) {
                    consider(
                        d,
                        item(
                            source,
                            &h.id,
                            format!(
                                "{} installed on {d}",
                                h.description.as_deref().unwrap_or("update")
                            ),
                        ),
                    );
                }
            }
            ev.push(item(
                source,
                "Get-HotFix",
                format!("{} update(s) listed", value.len()),
            ));
        }
        other => unreadable.push(unavailable(
            other,
            "Mises à jour installées (Get-HotFix)",
            "Installed updates (Get-HotFix)",
        )),
    }
    match &e.update_history {
        Collected::Ok { source, value } => {
            let fixes: Vec<_> = value
                .iter()
                .filter(|h| h.installed() && h.is_system_fix())
                .collect();
            for h in &fixes {
                if let Some(d) = h.date.as_deref().and_then(date_of) {
                    consider(d, item(source, "installed", format!("{d}: {}", h.title)));
                }
            }
            ev.push(item(
                source,
                "QueryHistory",
                format!(
                    "{} entries, {} successful installation(s) of system or software fixes",
                    value.len(),
                    fixes.len()
                ),
            ));
        }
        other => unreadable.push(unavailable(
            other,
            "Historique de Windows Update",
            "Windows Update history",
        )),
    }

    let reboot_markers = [
        (REG_WU_AUTO_UPDATE, "RebootRequired"),
        (REG_CBS, "RebootPending"),
    ];
    let mut reboot = false;
    for (key, sub) in reboot_markers {
        if let Some(present) = e.reg_has_subkey(key, sub) {
            let source = e
                .registry
                .get(key)
                .and_then(|c| c.source())
                .unwrap_or("registry");
            ev.push(item(
                source,
                &format!(r"{key}\{sub}"),
                if present { "present" } else { "absent" },
            ));
            reboot |= present;
        }
    }
    let (reboot_fr, reboot_en) = if reboot {
        (
            " Un redémarrage est en attente pour terminer l'installation : les derniers correctifs ne sont appliqués qu'après ; redémarrez le poste.",
            " A restart is waiting to finish installing: the latest fixes only apply after it; restart the computer.",
        )
    } else {
        ("", "")
    };

    let Some((last, last_item)) = latest else {
        let mut f = if unreadable.is_empty() {
            Finding::unknown(
                "Aucune date d'installation de correctif n'a pu être lue.",
                "No fix installation date could be read.",
            )
        } else {
            super::worst(unreadable)
        };
        f.evidence.extend(ev);
        return f;
    };
    ev.insert(0, last_item);
    let age = (ctx.as_of - last).whole_days();
    if age > MAX_UPDATE_AGE_DAYS {
        return Finding::fail(
            format!("Aucun correctif n'a été installé depuis le {last}, il y a {age} jours (Microsoft en publie chaque mois, le deuxième mardi) : Windows Update n'installe plus rien. Paramètres > Windows Update > « Rechercher des mises à jour », et cherchez pourquoi elles échouent.{reboot_fr}"),
            format!("No fix has been installed since {last}, {age} days ago (Microsoft releases them every month, on the second Tuesday): Windows Update no longer installs anything. Settings > Windows Update > \"Check for updates\", and find out why they fail.{reboot_en}"),
        )
        .with(ev);
    }
    Finding::pass(
        format!("Les mises à jour automatiques sont actives et le dernier correctif a été installé le {last} (il y a {age} jours).{reboot_fr}"),
        format!("Automatic updates are on and the latest fix was installed on {last} ({age} days ago).{reboot_en}"),
    )
    .with(ev)
}
