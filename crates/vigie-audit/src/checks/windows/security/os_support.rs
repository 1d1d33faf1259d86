//! 4.3.4.a — « Vérifier que les logiciels et le système d'exploitation sont
//! toujours maintenus et mis à jour par les industriels pour anticiper
//! notamment les évolutions de versions. »
//!
//! Windows. The version, build and edition are read from
//! `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion` (`CurrentBuild`,
//! `DisplayVersion`, `UBR`, `EditionID`, `InstallationType`; the build says
//! 10 or 11, `ProductName` still reads "Windows 10" on 11) and looked up in
//! the end-of-life table (`data/eol.toml`, shared with Linux: the same
//! rules, see `checks/os_support.rs`) under the edition's support family:
//! Home and Pro get 24 months per feature update, Enterprise and Education
//! 36, LTSC their own long dates.
//!
//! - Within support: pass (within 90 days of its end, the reason says to
//!   plan the move now).
//! - Windows 10 (22H2, the last) ended on 14 October 2025. Extended
//!   Security Updates (ESU) prolong it: the commercial ESU licences are
//!   activation IDs Microsoft documents (`SoftwareLicensingProduct`,
//!   `LicenseStatus` 1, as `slmgr /dlv` shows them): one licensed, whose
//!   year still runs at the audit date, passes. The consumer ESU program
//!   (enrolment in Settings > Windows Update) leaves no documented trace
//!   that can be read offline: without a licence, fail, the reason saying
//!   so and where to check.
//! - A feature update older than every one the table knows for that
//!   edition, the oldest having ended, fails (it ended earlier still).
//! - Windows Server and editions the table does not know: unknown.

use super::{item, security};
use crate::checks::os_support::{
    date_en, date_fr, lookup, release_finding, table, table_evidence, version_key,
};
use crate::checks::{try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::windows::security::licensing::LicenseProduct;
use vigie_evidence::windows::security::os::OsVersion;
use vigie_evidence::windows::security::SecurityEvidence;
use vigie_evidence::Collected;

pub const CHECK: Check = Check {
    id: "4.3.4.a",
    evaluate,
};

fn os_items(source: &str, v: &OsVersion) -> Vec<EvidenceItem> {
    let mut ev = Vec::new();
    for (k, val) in [
        ("ProductName", v.product_name.clone()),
        ("EditionID", v.edition_id.clone()),
        ("DisplayVersion", v.display_version.clone()),
        ("CurrentBuild", v.current_build.clone()),
        ("UBR", v.ubr.map(|u| u.to_string())),
        ("InstallationType", v.installation_type.clone()),
    ] {
        if let Some(val) = val {
            ev.push(item(source, k, val));
        }
    }
    ev
}

/// A licensed ESU year covering `as_of`, with its evidence.
fn esu_licence(e: &SecurityEvidence, as_of: time::Date) -> Option<(EvidenceItem, time::Date)> {
    let Collected::Ok { source, value } = &e.licensing else {
        return None;
    };
    value
        .iter()
        .filter(|l| l.license_status == Some(1))
        .filter_map(|l: &LicenseProduct| l.esu().map(|(year, end)| (l, year, end)))
        .filter(|(_, _, end)| *end >= as_of)
        .max_by_key(|(_, _, end)| *end)
        .map(|(l, year, end)| {
            (
                item(
                    source,
                    "ESU",
                    format!(
                        "{} ({year}, ID {}), LicenseStatus 1 (licensed), covers until {end}",
                        l.name,
                        l.id.as_deref().unwrap_or("?")
                    ),
                ),
                end,
            )
        })
}

fn evaluate(ctx: &Context) -> Finding {
    let e = try_finding!(security(ctx));
    let (source, v) = try_finding!(super::get(
        &e.os,
        "Version de Windows (registre CurrentVersion)",
        "Windows version (CurrentVersion registry key)"
    ));
    let mut evidence = os_items(source, v);
    let shown = v.pretty_name().unwrap_or_else(|| {
        format!(
            "Windows (build {})",
            v.current_build.as_deref().unwrap_or("?")
        )
    });
    if v.is_server() {
        return Finding::unknown(
            format!("{shown} est une édition serveur, absente de la table des fins de support de Vigie : vérifiez sa date sur learn.microsoft.com/lifecycle."),
            format!("{shown} is a server edition, not in Vigie's end-of-support table: check its date on learn.microsoft.com/lifecycle."),
        )
        .with(evidence);
    }
    let (Some(major), Some(feature)) = (v.major(), v.feature_update()) else {
        return Finding::unknown(
            format!("La version de {shown} n'a pas pu être établie."),
            format!("The version of {shown} could not be established."),
        )
        .with(evidence);
    };
    let Some(family) = v.edition_family() else {
        return Finding::unknown(
            format!("L'édition {} de {shown} n'est pas reconnue : sa durée de support ne peut pas être établie.", v.edition_id.as_deref().unwrap_or("?")),
            format!("Edition {} of {shown} is not recognised: its support period cannot be established.", v.edition_id.as_deref().unwrap_or("?")),
        )
        .with(evidence);
    };
    let table = match table() {
        Ok(t) => t,
        Err(err) => {
            return Finding::unknown(
                format!("La table des fins de support de Vigie est illisible ({err})."),
                format!("Vigie's end-of-support table is unreadable ({err})."),
            )
        }
    };
    let version = format!("{major} {feature}");
    let Some(r) = lookup(table, "windows", &version, Some(family)) else {
        // Older than every version known for this edition, the oldest ended?
        let oldest = table
            .iter()
            .filter(|r| {
                r.product == "windows"
                    && r.edition.as_deref() == Some(family)
                    && r.version.split(' ').next() == Some(major)
            })
            .min_by(|a, b| version_key(&a.version).cmp(&version_key(&b.version)));
        if let Some(o) = oldest {
            let end = o.lts_end.or(o.standard_end);
            if let Some(end) = end.filter(|e| *e < ctx.as_of) {
                if version_key(&version) < version_key(&o.version) {
                    evidence.push(table_evidence(o));
                    return Finding::fail(
                        format!("{shown} (version {feature}) est plus ancien que {}, dont le support a pris fin le {} : il ne reçoit plus de correctifs de sécurité. Installez la dernière version de Windows (Paramètres > Windows Update) ou remplacez le poste.", o.name, date_fr(end, false)),
                        format!("{shown} (version {feature}) is older than {}, whose support ended on {}: it gets no more security fixes. Install the latest Windows version (Settings > Windows Update) or replace the computer.", o.name, date_en(end, false)),
                    )
                    .with(evidence);
                }
            }
        }
        return Finding::unknown(
            format!("{shown} (version {version}, édition {family}) ne figure pas dans la table des fins de support de Vigie : vérifiez sur learn.microsoft.com/lifecycle qu'elle est encore maintenue."),
            format!("{shown} (version {version}, {family} edition) is not in Vigie's end-of-support table: check on learn.microsoft.com/lifecycle that it is still maintained."),
        )
        .with(evidence);
    };
    evidence.push(table_evidence(r));
    let free_end = r.lts_end.or(r.standard_end);
    let past_free = free_end.is_some_and(|end| ctx.as_of > end);
    if past_free && r.extended_name.is_some() {
        let within_extension = r.extended_end.is_some_and(|x| ctx.as_of <= x);
        if let Some((ev, end)) = esu_licence(e, ctx.as_of) {
            let left = (end - ctx.as_of).whole_days();
            let mut fr = format!("{} n'a plus de support standard depuis le {}, mais une licence de mises à jour de sécurité étendues (ESU) est active sur ce poste jusqu'au {}. Préparez le passage à Windows 11 avant cette date.", r.name, date_fr(free_end.unwrap_or(end), false), date_fr(end, false));
            let mut en = format!("{} has had no standard support since {}, but an Extended Security Updates (ESU) licence is active on this computer until {}. Prepare the move to Windows 11 before that date.", r.name, date_en(free_end.unwrap_or(end), false), date_en(end, false));
            if left <= 90 {
                fr.push_str(&format!(" Attention : plus que {left} jour(s)."));
                en.push_str(&format!(" Warning: only {left} day(s) left."));
            }
            return Finding::pass(fr, en).with(evidence).with([ev]);
        }
        let f = release_finding(
            r,
            &Collected::NotCollected {
                reason: String::new(),
            },
            ctx.as_of,
        );
        let (lic_fr, lic_en) = match &e.licensing {
            Collected::Ok { source, .. } => {
                evidence.push(item(
                    source,
                    "ESU",
                    "no licensed ESU year covering the audit date",
                ));
                (
                    "Aucune licence de mises à jour étendues (ESU) active n'a été trouvée sur ce poste.",
                    "No active Extended Security Updates (ESU) licence was found on this computer.",
                )
            }
            _ => (
                "Les licences n'ont pas pu être lues : une licence ESU n'a pas pu être recherchée.",
                "The licences could not be read: no ESU licence could be looked for.",
            ),
        };
        let consumer = if within_extension {
            (
                format!(" {lic_fr} L'inscription au programme ESU grand public ne laisse pas de trace lisible par Vigie : si vous y êtes inscrit, Paramètres > Windows Update l'indique."),
                format!(" {lic_en} Enrolment in the consumer ESU program leaves no trace Vigie can read: if you are enrolled, Settings > Windows Update says so."),
            )
        } else {
            (format!(" {lic_fr}"), format!(" {lic_en}"))
        };
        let mut out = f.with(evidence);
        out.reason.fr.push_str(&consumer.0);
        out.reason.en.push_str(&consumer.1);
        return out;
    }
    release_finding(
        r,
        &Collected::NotCollected {
            reason: String::new(),
        },
        ctx.as_of,
    )
    .with(evidence)
}
