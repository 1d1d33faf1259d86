//! 5.2.1.a — « Créer des comptes utilisateurs nominatifs pour vous et pour votre personnel autorisé. Les comptes utilisateurs ne doivent pas avoir les mêmes droits qu'un compte administrateur. »
//!
//! Linux: every enabled account of a person (see [`super::local_accounts`]
//! for which accounts, how names are read and what counts as
//! administrator rights) must
//! - bear a personal name: neither the login name nor the full name (GECOS)
//!   may be generic (`accueil`, `secretariat`, « Secrétariat », `poste1`,
//!   `cabinet-dupont`...);
//! - hold no administrator rights, unless it is recognisably the
//!   administrator account (`admin-dupont`, `dupont-adm`, `prestataire`):
//!   Vigie cannot tell which account is used every day, so any other
//!   account with administrator rights is taken as a daily account.
//!   Administrator accounts are not required to be nominative here (5.2.1.b
//!   asks for "un compte administrateur").
//!
//! At least one account without administrator rights must exist: with only
//! administrator accounts (or only root), everyday work runs as
//! administrator. Rights limited to some commands are reported, not
//! failed. When the rules cannot be read (sudoers is readable by root only)
//! the rights are unknown and the audit should be run as root.

use super::local_accounts::{
    account_evidence, admin_named, generic_word, names, Level, People, RightsView,
};
use super::{linux, try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use vigie_evidence::PasswordState;

pub const CHECK: Check = Check {
    id: "5.2.1.a",
    evaluate,
};

fn evaluate(ctx: &Context) -> Finding {
    let linux = try_finding!(linux(ctx));
    let people = try_finding!(People::new(linux, ctx.as_of));
    let view = RightsView::new(linux, ctx.evidence.target.host.as_deref());
    let mut evidence: Vec<EvidenceItem> = people.range_evidence.clone();

    if people.humans.is_empty() {
        if let Some(root) = people.root {
            evidence.push(account_evidence(root));
            if matches!(
                root.password,
                Some(PasswordState::Usable) | Some(PasswordState::Empty)
            ) {
                return Finding::fail(
                    "Aucun compte personnel : seul le compte root (administrateur) permet d'ouvrir une session. Créez un compte à votre nom, sans droits d'administration, pour chaque personne.",
                    "No personal account: only root (the administrator) can log in. Create an account in each person's name, without administrator rights.",
                )
                .with(evidence);
            }
        }
        return Finding::unknown(
            "Aucun compte local de personne n'est actif : les comptes viennent peut-être d'un annuaire (SSSD, LDAP, Active Directory), que Vigie ne lit pas.",
            "No local account of a person is enabled: accounts may come from a directory (SSSD, LDAP, Active Directory), which Vigie does not read.",
        )
        .with(evidence);
    }

    let mut fails: Vec<(String, String)> = Vec::new();
    let mut doubts: Vec<(String, String)> = Vec::new();
    let mut notes: Vec<(String, String)> = Vec::new();
    let mut standard = 0usize;
    let mut standard_unknown = false;

    for a in &people.humans {
        evidence.push(account_evidence(a));
        let rights = view.rights(a);
        evidence.extend(rights.evidence.iter().cloned());
        let admin_account = admin_named(&a.name)
            && matches!(rights.level, Level::Full | Level::Presumed | Level::Unknown);
        // Without /etc/shadow a lock cannot be seen: the account may be unusable.
        let enabled_known = a.password.is_some();
        let mut push = |fr: String, en: String| {
            if enabled_known {
                fails.push((fr, en));
            } else {
                doubts.push((
                    format!("{fr} (verrouillage inconnu : /etc/shadow illisible)"),
                    format!("{en} (lock unknown: /etc/shadow unreadable)"),
                ));
            }
        };
        if !admin_account {
            if let Some(w) = generic_word(&a.name) {
                push(
                    format!("le compte « {} » porte un nom générique (« {w} ») et ne désigne pas une personne", a.name),
                    format!("account \"{}\" has a generic name (\"{w}\") and does not name a person", a.name),
                );
            } else if let Some(w) = a.full_name.as_deref().and_then(generic_word) {
                push(
                    format!(
                        "le compte « {} » a pour nom complet « {} » (générique : « {w} »)",
                        a.name,
                        a.full_name.as_deref().unwrap_or("")
                    ),
                    format!(
                        "account \"{}\" has the full name \"{}\" (generic: \"{w}\")",
                        a.name,
                        a.full_name.as_deref().unwrap_or("")
                    ),
                );
            }
        }
        match rights.level {
            Level::Full if !admin_account => {
                let np = if rights.nopasswd {
                    (
                        " et sans mot de passe (NOPASSWD)",
                        " and without a password (NOPASSWD)",
                    )
                } else {
                    ("", "")
                };
                push(
                    format!(
                        "le compte de travail « {} » a les droits d'administrateur{}",
                        a.name, np.0
                    ),
                    format!(
                        "working account \"{}\" has administrator rights{}",
                        a.name, np.1
                    ),
                );
            }
            Level::Presumed if !admin_account => {
                standard_unknown = true;
                doubts.push((
                format!("« {} » est membre d'un groupe d'administrateurs (sudo, wheel ou admin), mais les règles qui le confirmeraient n'ont pas pu être lues", a.name),
                format!("\"{}\" belongs to an administrators' group (sudo, wheel or admin), but the rules that would confirm it could not be read", a.name),
            ));
            }
            Level::Unknown if !admin_account => {
                standard_unknown = true;
            }
            Level::Restricted => {
                standard += 1;
                notes.push((
                    format!("« {} » peut lancer certaines commandes en administrateur (règle sudo limitée, voir les preuves)", a.name),
                    format!("\"{}\" may run some commands as administrator (limited sudo rule, see evidence)", a.name),
                ));
            }
            Level::None => standard += 1,
            _ => {}
        }
    }
    let (gap_fr, gap_en, gap_evidence) = view.gap_text();
    if standard_unknown || !view.complete() {
        evidence.extend(gap_evidence);
    }
    if standard == 0 && !standard_unknown && fails.is_empty() {
        fails.push((
            format!(
                "il n'existe aucun compte sans droits d'administration (comptes : {}) : le travail courant se fait en administrateur",
                names(&people.humans)
            ),
            format!(
                "there is no account without administrator rights (accounts: {}): everyday work runs as administrator",
                names(&people.humans)
            ),
        ));
    }

    let join = |v: &[(String, String)], fr: bool| {
        v.iter()
            .map(|x| if fr { x.0.clone() } else { x.1.clone() })
            .collect::<Vec<_>>()
            .join(if fr { " ; " } else { "; " })
    };
    let note_fr = if notes.is_empty() {
        String::new()
    } else {
        format!(" À noter : {}.", join(&notes, true))
    };
    let note_en = if notes.is_empty() {
        String::new()
    } else {
        format!(" Note: {}.", join(&notes, false))
    };
    if !fails.is_empty() {
        let mut f = Finding::fail(
            format!(
                "{}. Créez un compte par personne (prenom.nom) sans droits d'administration, et réservez les droits à un compte administrateur distinct (par exemple admin-nom) ; retirez les comptes de travail des groupes sudo ou wheel (sudo gpasswd -d prenom.nom sudo).{note_fr}",
                capitalize(&join(&fails, true))
            ),
            format!(
                "{}. Create one account per person (firstname.lastname) without administrator rights, and keep the rights for a separate administrator account (for example admin-name); remove working accounts from the sudo or wheel groups (sudo gpasswd -d firstname.lastname sudo).{note_en}",
                capitalize(&join(&fails, false))
            ),
        )
        .with(evidence);
        if !doubts.is_empty() {
            f.reason
                .fr
                .push_str(&format!(" Non vérifié : {}.", join(&doubts, true)));
            f.reason
                .en
                .push_str(&format!(" Not verified: {}.", join(&doubts, false)));
        }
        return f;
    }
    if !doubts.is_empty() || standard_unknown {
        let mut fr = join(&doubts, true);
        let mut en = join(&doubts, false);
        if standard_unknown {
            if !fr.is_empty() {
                fr.push_str(" ; ");
                en.push_str("; ");
            }
            fr.push_str(&format!(
                "les droits des comptes ne peuvent pas être établis ({gap_fr})"
            ));
            en.push_str(&format!(
                "the accounts' rights cannot be established ({gap_en})"
            ));
        }
        let privileges = view.needs_privileges() || !people.shadow_read();
        let (root_fr, root_en) = if privileges {
            (
                " Lancez l'audit en administrateur (root) pour lire ces règles.",
                " Run the audit as administrator (root) to read these rules.",
            )
        } else {
            ("", "")
        };
        let mut f = Finding::unknown(
            format!("{}.{root_fr}{note_fr}", capitalize(&fr)),
            format!("{}.{root_en}{note_en}", capitalize(&en)),
        )
        .with(evidence);
        if privileges {
            f = f.needs_privileges();
        }
        return f;
    }
    Finding::pass(
        format!(
            "Les comptes de personnes ({}) portent des noms nominatifs, et les comptes de travail n'ont pas les droits d'administrateur.{note_fr}",
            names(&people.humans)
        ),
        format!(
            "The personal accounts ({}) bear personal names, and working accounts do not have administrator rights.{note_en}",
            names(&people.humans)
        ),
    )
    .with(evidence)
}

pub(crate) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
