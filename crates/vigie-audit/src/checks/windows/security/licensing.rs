//! 4.3.5.a — « N'utiliser que des logiciels originaux à l'exclusion de toute
//! copie. »
//!
//! The requirement is checked partly by a person (licences of every
//! program: the declaration) and partly by the machine. Windows' part
//! judged here: Windows itself is genuine and activated.
//!
//! - `SoftwareLicensingProduct` for Windows (application
//!   55c92734-d682-4d71-983e-d6ec3f16059f) with a product key installed,
//!   as `slmgr /dli` reads it: `LicenseStatus` 1 (licensed) passes; 0
//!   (unlicensed) or 5 (notification: not genuine, or not activated in
//!   time) fails; the grace states (2 to 4, 6: activation pending) are
//!   unknown.
//! - A volume licence activated by a KMS host on this very computer
//!   (`KeyManagementServiceMachine` 127.x or localhost) is the mark of KMS
//!   emulators, the common Windows activation crack: fail. A KMS host
//!   elsewhere is normal only in an organisation with volume licensing: the
//!   reason says so.
//! - SmartScreen, which warns before running unknown downloaded programs,
//!   is shown as a plus: the policy `EnableSmartScreen`
//!   (`HKLM\SOFTWARE\Policies\Microsoft\Windows\System`, 0 = off) and
//!   Explorer's `SmartScreenEnabled` ("Off" = off). It does not decide.

use super::{get, item, reg_item, reg_str, reg_u64, security};
use crate::checks::{try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::windows::security::licensing::LicenseProduct;
use vigie_evidence::windows::security::{SecurityEvidence, REG_EXPLORER, REG_SYSTEM_POLICY};

pub const CHECK: Check = Check {
    id: "4.3.5.a",
    evaluate,
};

fn status_text(s: Option<i64>) -> &'static str {
    match s {
        Some(0) => "0 (unlicensed)",
        Some(1) => "1 (licensed)",
        Some(2) => "2 (initial grace period)",
        Some(3) => "3 (additional grace period)",
        Some(4) => "4 (non-genuine grace period)",
        Some(5) => "5 (notification)",
        Some(6) => "6 (extended grace period)",
        _ => "(not reported)",
    }
}

fn licence_item(source: &str, l: &LicenseProduct) -> EvidenceItem {
    item(
        source,
        &l.name,
        format!(
            "LicenseStatus {}, {}{}",
            status_text(l.license_status),
            l.description.as_deref().unwrap_or("?"),
            l.kms_host
                .as_deref()
                .map(|h| format!(", KMS host {h}"))
                .unwrap_or_default()
        ),
    )
}

fn local_kms(host: &str) -> bool {
    let h = host.trim().to_ascii_lowercase();
    let h = h.split(':').next().unwrap_or("");
    h.starts_with("127.") || h == "localhost" || h == "::1" || h == "0.0.0.0"
}

/// SmartScreen's state for the reason, and its evidence.
fn smartscreen(e: &SecurityEvidence, ev: &mut Vec<EvidenceItem>) -> (&'static str, &'static str) {
    ev.push(reg_item(e, REG_SYSTEM_POLICY, "EnableSmartScreen"));
    ev.push(reg_item(e, REG_EXPLORER, "SmartScreenEnabled"));
    let policy_off = reg_u64(e, REG_SYSTEM_POLICY, "EnableSmartScreen") == Ok(Some(0));
    let explorer_off = reg_str(e, REG_EXPLORER, "SmartScreenEnabled")
        .ok()
        .flatten()
        .is_some_and(|v| v.eq_ignore_ascii_case("Off"));
    if policy_off || explorer_off {
        (
            " SmartScreen est désactivé : Windows ne prévient plus avant de lancer un programme téléchargé inconnu ; réactivez-le (Sécurité Windows > Contrôle des applications et du navigateur).",
            " SmartScreen is off: Windows no longer warns before running an unknown downloaded program; turn it back on (Windows Security > App & browser control).",
        )
    } else {
        (
            " SmartScreen n'est pas désactivé : Windows prévient avant de lancer un programme téléchargé inconnu.",
            " SmartScreen is not turned off: Windows warns before running an unknown downloaded program.",
        )
    }
}

fn evaluate(ctx: &Context) -> Finding {
    let e = try_finding!(security(ctx));
    let (source, licences) = try_finding!(get(
        &e.licensing,
        "Licence de Windows (SoftwareLicensingProduct)",
        "Windows licence (SoftwareLicensingProduct)"
    ));
    let mut ev: Vec<EvidenceItem> = licences.iter().map(|l| licence_item(source, l)).collect();
    let (ss_fr, ss_en) = smartscreen(e, &mut ev);
    let os: Vec<&LicenseProduct> = licences.iter().filter(|l| l.is_os()).collect();
    if os.is_empty() {
        return Finding::unknown(
            "Aucune licence de Windows avec clé de produit n'a été trouvée : l'activation n'a pas pu être vérifiée (Paramètres > Système > Activation).",
            "No Windows licence with a product key was found: activation could not be checked (Settings > System > Activation).",
        )
        .with(ev);
    }
    if let Some(l) = os
        .iter()
        .find(|l| l.kms_host.as_deref().is_some_and(local_kms))
    {
        return Finding::fail(
            format!("Windows est activé par un serveur KMS situé sur ce poste même ({}) : c'est la signature des outils d'activation piratés (émulateurs KMS), qui installent souvent aussi des programmes malveillants. Faites réinstaller Windows avec une licence authentique.", l.kms_host.as_deref().unwrap_or("")),
            format!("Windows is activated by a KMS server on this very computer ({}): the mark of pirated activation tools (KMS emulators), which often install malware as well. Have Windows reinstalled with a genuine licence.", l.kms_host.as_deref().unwrap_or("")),
        )
        .with(ev);
    }
    if let Some(l) = os.iter().find(|l| l.license_status == Some(1)) {
        let kms = l.kms_host.is_some()
            || l.channel
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case("Volume:GVLK"));
        let (kms_fr, kms_en) = if kms {
            (
                " Il est activé par un serveur KMS, normal dans une organisation sous contrat de licences en volume : vérifiez que c'est bien le cas.",
                " It is activated by a KMS server, normal in an organisation with a volume licensing agreement: check that this is the case.",
            )
        } else {
            ("", "")
        };
        return Finding::pass(
            format!(
                "Windows est activé avec une licence authentique ({}).{kms_fr}{ss_fr}",
                l.name
            ),
            format!(
                "Windows is activated with a genuine licence ({}).{kms_en}{ss_en}",
                l.name
            ),
        )
        .with(ev);
    }
    if let Some(l) = os
        .iter()
        .find(|l| matches!(l.license_status, Some(0) | Some(5)))
    {
        return Finding::fail(
            format!("Windows n'est pas activé ou n'est pas reconnu comme authentique (état de licence {}) : il peut s'agir d'une copie. Paramètres > Système > Activation ; achetez une licence si nécessaire.{ss_fr}", status_text(l.license_status)),
            format!("Windows is not activated or not recognised as genuine (licence status {}): it may be a copy. Settings > System > Activation; buy a licence if needed.{ss_en}", status_text(l.license_status)),
        )
        .with(ev);
    }
    Finding::unknown(
        format!("Windows est en période de grâce, pas encore activé ({}) : vérifiez son activation dans Paramètres > Système > Activation.{ss_fr}", status_text(os[0].license_status)),
        format!("Windows is in a grace period, not activated yet ({}): check its activation in Settings > System > Activation.{ss_en}", status_text(os[0].license_status)),
    )
    .with(ev)
}
