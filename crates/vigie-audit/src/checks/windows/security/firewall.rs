//! 4.3.3.b — « Installer un pare-feu sur votre poste de travail et le
//! maintenir à jour. »
//!
//! Windows. The firewall counts when it refuses unrequested incoming
//! connections on the networks the computer uses.
//!
//! - **The effective state decides**: `Get-NetFirewallProfile -PolicyStore
//!   ActiveStore` gives, for the Domain, Private and Public profiles, what
//!   the firewall applies after merging local settings with Group Policy
//!   (and MDM). A profile protects when `Enabled` is True and
//!   `DefaultInboundAction` is Block.
//! - **Which profile applies**: each network connected now has a category
//!   (`Get-NetConnectionProfile` `NetworkCategory`: Public, Private,
//!   DomainAuthenticated) and uses that profile. An active profile that does
//!   not protect fails. The Private and Public profiles must protect even
//!   when no network uses them now: a laptop changes networks, and Windows
//!   may reclassify one. The Domain profile only applies on a company
//!   domain network: off while unused it is pointed out, not failed.
//! - **Both registry views are shown**: the policy keys
//!   (`HKLM\SOFTWARE\Policies\Microsoft\WindowsFirewall\{Domain,Private,Public}Profile`,
//!   Group Policy, which wins) and the local ones
//!   (`HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy\{Domain,Standard,Public}Profile`;
//!   "Standard" is the Private profile), `EnableFirewall` and
//!   `DefaultInboundAction` (1 block, 0 allow; unset means on and block).
//!   They decide nothing while the effective state is known; without it, a
//!   registry that turns a profile off fails (no other store turns a
//!   firewall on behind its back in a practice), anything else is unknown.
//! - The firewall service (`mpssvc`) stopped fails.
//! - **Another firewall** registered with Windows Security Center
//!   (`FirewallProduct`) and on replaces Windows' own: Windows Firewall off
//!   is then expected, and the product passes on Security Center's word.
//!
//! "Le maintenir à jour" is the system's updates (4.3.4.b): the firewall is
//! part of Windows.

use super::antivirus::product_item;
use super::{item, reg_item, reg_u64, security, unavailable};
use crate::checks::{try_finding, Check};
use crate::{Context, EvidenceItem, Finding, Status};
use vigie_evidence::windows::security::antivirus::ProductActivity;
use vigie_evidence::windows::security::firewall::FirewallProfile;
use vigie_evidence::windows::security::logging::FILTERING_PLATFORM_PACKET_DROP;
use vigie_evidence::windows::security::{
    SecurityEvidence, REG_FIREWALL_LOCAL, REG_FIREWALL_POLICY,
};
use vigie_evidence::Collected;

pub const CHECK: Check = Check {
    id: "4.3.3.b",
    evaluate,
};

fn evaluate(ctx: &Context) -> Finding {
    let e = try_finding!(security(ctx));
    assess(e).firewall
}

/// Profile name, its policy key name, its local key name.
const PROFILES: &[(&str, &str, &str)] = &[
    ("Domain", "DomainProfile", "DomainProfile"),
    ("Private", "PrivateProfile", "StandardProfile"),
    ("Public", "PublicProfile", "PublicProfile"),
];

fn fr_name(p: &str) -> &'static str {
    match p {
        "Domain" => "domaine",
        "Private" => "privé",
        _ => "public",
    }
}

pub(super) struct Assessment {
    pub firewall: Finding,
    pub logging: Finding,
}

fn registry_items(e: &SecurityEvidence) -> Vec<EvidenceItem> {
    let mut ev = Vec::new();
    for (_, pol, loc) in PROFILES {
        for name in ["EnableFirewall", "DefaultInboundAction"] {
            ev.push(reg_item(e, &format!(r"{REG_FIREWALL_POLICY}\{pol}"), name));
            ev.push(reg_item(e, &format!(r"{REG_FIREWALL_LOCAL}\{loc}"), name));
        }
    }
    ev
}

/// What the registry says of a profile: policy first, then local, then the
/// default (on); `None` when it could not be read.
fn registry_enabled(e: &SecurityEvidence, pol: &str, loc: &str) -> Option<bool> {
    let p = reg_u64(
        e,
        &format!(r"{REG_FIREWALL_POLICY}\{pol}"),
        "EnableFirewall",
    )
    .ok()?;
    if let Some(v) = p {
        return Some(v != 0);
    }
    let l = reg_u64(e, &format!(r"{REG_FIREWALL_LOCAL}\{loc}"), "EnableFirewall").ok()?;
    Some(l.is_none_or(|v| v != 0))
}

fn profile_text(p: &FirewallProfile) -> String {
    format!(
        "Enabled {}, DefaultInboundAction {}, LogBlocked {}",
        p.enabled.as_deref().unwrap_or("?"),
        p.default_inbound.as_deref().unwrap_or("?"),
        p.log_blocked.as_deref().unwrap_or("?")
    )
}

pub(super) fn assess(e: &SecurityEvidence) -> Assessment {
    let mut evidence: Vec<EvidenceItem> = Vec::new();

    // Other firewalls registered with Security Center.
    let mut others_on: Vec<String> = Vec::new();
    if let Collected::Ok { source, value } = &e.firewall_products {
        for p in value {
            evidence.push(product_item(source, p));
            let third_party = p.state().is_some_and(|s| !s.microsoft);
            if third_party && p.state().is_some_and(|s| s.activity == ProductActivity::On) {
                others_on.push(p.name.clone());
            }
        }
    }

    // The networks in use and their profile.
    let mut active: Vec<&'static str> = Vec::new();
    let mut networks_known = false;
    if let Collected::Ok { source, value } = &e.connection_profiles {
        networks_known = true;
        for c in value {
            let profile = c.firewall_profile();
            if let Some(p) = profile {
                if !active.contains(&p) {
                    active.push(p);
                }
            }
            evidence.push(item(
                source,
                "NetworkCategory",
                format!(
                    "{} ({}): {}",
                    c.name.as_deref().unwrap_or("?"),
                    c.interface.as_deref().unwrap_or("?"),
                    c.category.as_deref().unwrap_or("?")
                ),
            ));
        }
    }

    // The firewall service.
    let service_stopped = e
        .services
        .value()
        .and_then(|s| s.iter().find(|s| s.name.eq_ignore_ascii_case("mpssvc")))
        .map(|s| {
            evidence.push(item(
                e.services.source().unwrap_or("Get-Service"),
                "mpssvc",
                format!(
                    "{}, {}",
                    s.status.as_deref().unwrap_or("?"),
                    s.start_type.as_deref().unwrap_or("?")
                ),
            ));
            !s.running()
        })
        .unwrap_or(false);

    let others_note = |f: Finding| -> Finding {
        if others_on.is_empty() {
            return f;
        }
        Finding::pass(
            format!("{} est actif selon le Centre de sécurité Windows et remplace le pare-feu Windows (Vigie ne lit pas ses règles).", others_on.join(", ")),
            format!("{} is on according to Windows Security Center and replaces Windows Firewall (Vigie does not read its rules).", others_on.join(", ")),
        )
        .with(f.evidence)
    };

    let profiles = match &e.firewall_profiles {
        Collected::Ok { source, value } => (source.as_str(), value),
        other => {
            let reg = registry_items(e);
            let off: Vec<&str> = PROFILES
                .iter()
                .filter(|(_, pol, loc)| registry_enabled(e, pol, loc) == Some(false))
                .map(|(n, _, _)| *n)
                .collect();
            let f = if !off.is_empty() {
                Finding::fail(
                    format!("L'état effectif du pare-feu n'a pas pu être lu, mais le registre le désactive pour le profil {} : activez-le (Sécurité Windows > Pare-feu et protection du réseau).", off.iter().map(|p| fr_name(p)).collect::<Vec<_>>().join(", ")),
                    format!("The firewall's effective state could not be read, but the registry turns it off for the {} profile: turn it on (Windows Security > Firewall & network protection).", off.join(", ")),
                )
                .with(evidence.clone())
                .with(reg.clone())
            } else {
                unavailable(
                    other,
                    "État effectif du pare-feu (Get-NetFirewallProfile)",
                    "Effective firewall state (Get-NetFirewallProfile)",
                )
                .with(evidence.clone())
                .with(reg.clone())
            };
            let firewall = others_note(f);
            let logging = logging_without_profiles(&firewall, &others_on);
            return Assessment { firewall, logging };
        }
    };
    let (source, profiles) = profiles;
    let mut bad_active = Vec::new();
    let mut bad_inactive = Vec::new();
    let mut domain_off_unused = false;
    for (name, _, _) in PROFILES {
        let Some(p) = profiles.iter().find(|p| p.name.eq_ignore_ascii_case(name)) else {
            continue;
        };
        let is_active = active.contains(name);
        let mut value = profile_text(p);
        if is_active {
            value.push_str(" (in use now)");
        }
        evidence.push(item(source, &format!("{name} profile"), value));
        let protects = p.is_enabled() == Some(true) && p.blocks_inbound() == Some(true);
        if protects {
            continue;
        }
        if is_active {
            bad_active.push(*name);
        } else if *name == "Domain" {
            domain_off_unused = true;
        } else {
            bad_inactive.push(*name);
        }
    }
    evidence.extend(registry_items(e));

    let describe = |names: &[&str]| -> (String, String) {
        let why = |n: &str| {
            let p = profiles.iter().find(|p| p.name.eq_ignore_ascii_case(n));
            match p {
                Some(p) if p.is_enabled() == Some(false) => ("désactivé", "off"),
                _ => ("laisse entrer les connexions", "lets connections in"),
            }
        };
        (
            names
                .iter()
                .map(|n| format!("{} ({})", fr_name(n), why(n).0))
                .collect::<Vec<_>>()
                .join(", "),
            names
                .iter()
                .map(|n| format!("{n} ({})", why(n).1))
                .collect::<Vec<_>>()
                .join(", "),
        )
    };
    let domain_fr = if domain_off_unused {
        " Le profil domaine, inutilisé ici (il ne sert que sur le réseau d'une entreprise), ne protège pas."
    } else {
        ""
    };
    let domain_en = if domain_off_unused {
        " The Domain profile, unused here (it only applies on a company network), does not protect."
    } else {
        ""
    };
    let networks_fr = if networks_known {
        ""
    } else {
        " (les réseaux connectés n'ont pas pu être lus)"
    };
    let networks_en = if networks_known {
        ""
    } else {
        " (the connected networks could not be read)"
    };

    let firewall = if service_stopped {
        Finding::fail(
            "Le service Pare-feu Windows Defender (mpssvc) est arrêté : aucun filtrage n'a lieu. Redémarrez le poste ou réactivez le service.",
            "The Windows Defender Firewall service (mpssvc) is stopped: nothing is filtered. Restart the computer or re-enable the service.",
        )
        .with(evidence.clone())
    } else if !bad_active.is_empty() {
        let (fr, en) = describe(&bad_active);
        Finding::fail(
            format!("Le pare-feu Windows ne protège pas le réseau utilisé en ce moment : profil {fr}. Sécurité Windows > Pare-feu et protection du réseau : activez-le pour ce réseau.{domain_fr}"),
            format!("Windows Firewall does not protect the network in use now: {en} profile. Windows Security > Firewall & network protection: turn it on for this network.{domain_en}"),
        )
        .with(evidence.clone())
    } else if !bad_inactive.is_empty() {
        let (fr, en) = describe(&bad_inactive);
        Finding::fail(
            format!("Le pare-feu Windows ne protège pas le profil {fr}{networks_fr} : le jour où le poste se connecte à un tel réseau, il est exposé. Activez-le pour tous les profils (Sécurité Windows > Pare-feu et protection du réseau).{domain_fr}"),
            format!("Windows Firewall does not protect the {en} profile{networks_en}: the day the computer joins such a network, it is exposed. Turn it on for every profile (Windows Security > Firewall & network protection).{domain_en}"),
        )
        .with(evidence.clone())
    } else {
        let in_use_fr = if active.is_empty() {
            String::new()
        } else {
            format!(
                " (réseau utilisé : profil {})",
                active
                    .iter()
                    .map(|p| fr_name(p))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let in_use_en = if active.is_empty() {
            String::new()
        } else {
            format!(" (network in use: {} profile)", active.join(", "))
        };
        Finding::pass(
            format!("Le pare-feu Windows est actif et refuse les connexions entrantes non demandées{in_use_fr}.{domain_fr}"),
            format!("Windows Firewall is on and refuses unrequested incoming connections{in_use_en}.{domain_en}"),
        )
        .with(evidence.clone())
    };
    let replaced = firewall.status == Status::Fail && !others_on.is_empty();
    let firewall = if firewall.status == Status::Fail {
        others_note(firewall)
    } else {
        firewall
    };
    let logging = if replaced {
        logging_without_profiles(&firewall, &others_on)
    } else {
        logging(e, &firewall, profiles, source, &active)
    };
    Assessment { firewall, logging }
}

fn logging_without_profiles(firewall: &Finding, others_on: &[String]) -> Finding {
    if firewall.status == Status::Fail {
        return Finding::fail(
            "pare-feu inactif, donc aucun journal de ce qu'il bloque",
            "firewall off, so no log of what it blocks",
        );
    }
    if !others_on.is_empty() {
        return Finding::unknown(
            format!("le pare-feu {} tient ses journaux dans sa propre console : vérifiez-y que les connexions bloquées sont consignées", others_on.join(", ")),
            format!("the {} firewall keeps its logs in its own console: check there that blocked connections are recorded", others_on.join(", ")),
        );
    }
    Finding::unknown(
        "la configuration de journalisation du pare-feu n'a pas pu être lue",
        "the firewall's logging settings could not be read",
    )
}

/// The firewall half of 6.1.2.b: dropped packets recorded, in the
/// firewall's log file (`LogBlocked`, `pfirewall.log`) or as audit events
/// (subcategory "Filtering Platform Packet Drop", failure: events 5152 in
/// the Security log).
fn logging(
    e: &SecurityEvidence,
    firewall: &Finding,
    profiles: &[FirewallProfile],
    source: &str,
    active: &[&str],
) -> Finding {
    if firewall.status == Status::Fail {
        return Finding::fail(
            "pare-feu inactif, donc aucun journal de ce qu'il bloque",
            "firewall off, so no log of what it blocks",
        );
    }
    let relevant: Vec<&FirewallProfile> = profiles
        .iter()
        .filter(|p| {
            if active.is_empty() {
                !p.name.eq_ignore_ascii_case("Domain")
            } else {
                active.iter().any(|a| p.name.eq_ignore_ascii_case(a))
            }
        })
        .collect();
    let mut ev: Vec<EvidenceItem> = relevant
        .iter()
        .map(|p| {
            item(
                source,
                &format!("{} profile", p.name),
                format!(
                    "LogBlocked {}, LogFileName {}, LogMaxSizeKilobytes {}",
                    p.log_blocked.as_deref().unwrap_or("?"),
                    p.log_file.as_deref().unwrap_or("?"),
                    p.log_max_kb
                        .map(|k| k.to_string())
                        .unwrap_or_else(|| "?".into())
                ),
            )
        })
        .collect();
    for (_, pol, loc) in PROFILES {
        ev.push(reg_item(
            e,
            &format!(r"{REG_FIREWALL_POLICY}\{pol}\Logging"),
            "LogDroppedPackets",
        ));
        ev.push(reg_item(
            e,
            &format!(r"{REG_FIREWALL_LOCAL}\{loc}\Logging"),
            "LogDroppedPackets",
        ));
    }
    let not_logging: Vec<&str> = relevant
        .iter()
        .filter(|p| p.logs_blocked() != Some(true))
        .map(|p| p.name.as_str())
        .collect();
    if not_logging.is_empty() && !relevant.is_empty() {
        return Finding::pass(
            "le pare-feu Windows consigne les connexions bloquées dans son journal",
            "Windows Firewall records blocked connections in its log",
        )
        .with(ev);
    }
    // Dropped packets audited instead?
    if let Collected::Ok { source, value } = &e.audit_policy {
        if let Some(a) = value
            .iter()
            .find(|a| a.guid.eq_ignore_ascii_case(FILTERING_PLATFORM_PACKET_DROP))
        {
            ev.push(item(
                source,
                &format!("{} {}", a.subcategory, a.guid),
                a.setting.as_str(),
            ));
            if a.failure {
                return Finding::pass(
                    "les paquets bloqués par le pare-feu sont consignés dans le journal Sécurité (audit « Abandon de paquets par la plateforme de filtrage »)",
                    "packets dropped by the firewall are recorded in the Security log (\"Filtering Platform Packet Drop\" audit)",
                )
                .with(ev);
            }
        }
    }
    let names_fr: Vec<&str> = not_logging.iter().map(|n| fr_name(n)).collect();
    Finding::fail(
        format!("le pare-feu Windows ne consigne pas les connexions qu'il bloque (profil {}) : Pare-feu Windows Defender avec fonctions avancées de sécurité > Propriétés > Journalisation > « Enregistrer les paquets ignorés : Oui »", names_fr.join(", ")),
        format!("Windows Firewall does not record the connections it blocks ({} profile): Windows Defender Firewall with Advanced Security > Properties > Logging > \"Log dropped packets: Yes\"", not_logging.join(", ")),
    )
    .with(ev)
}
