//! The registry of automated checks: one module per requirement, its
//! documentation beside its code, listed once in [`REGISTRY`]. A test checks
//! that every `auto`/`both` requirement of the catalog with a check here is
//! known, and that no id is listed twice.

pub mod backup_places;
pub mod backup_regime;
pub mod linux_policy;
pub mod restore_tests;

mod account_lockout;
mod admin_account;
mod admin_use;
mod antivirus;
mod authentic_software;
mod browser_passwords;
mod dormant_accounts;
mod encryption;
mod firewall;
mod local_accounts;
mod network_devices;
mod nominative_accounts;
mod os_support;
mod password_age;
mod password_classes;
mod password_history;
mod password_length;
mod password_username;
mod radios;
mod screen_lock;
mod screen_lock_delay;
mod screen_lock_password;
mod security_logging;
mod security_updates;
mod system_logging;
mod ups;
mod wifi_security;
mod wired_and_wifi;

use crate::{Context, Finding};
use vigie_evidence::Platform;

/// An automated check of one requirement.
pub struct Check {
    /// The requirement id in the catalog.
    pub id: &'static str,
    /// A pure function of the evidence.
    pub evaluate: fn(&Context) -> Finding,
}

/// Every automated check.
pub const REGISTRY: &[Check] = &[
    password_length::CHECK,
    password_classes::CHECK,
    password_age::CHECK,
    password_history::CHECK,
    password_username::CHECK,
    account_lockout::CHECK,
    ups::CHECK,
    network_devices::CHECK,
    wifi_security::CHECK,
    wired_and_wifi::CHECK,
    radios::CHECK,
    browser_passwords::CHECK,
    screen_lock_delay::CHECK,
    screen_lock_password::CHECK,
    antivirus::CHECK,
    firewall::CHECK,
    encryption::CHECK,
    os_support::CHECK,
    security_updates::CHECK,
    authentic_software::CHECK,
    nominative_accounts::CHECK,
    admin_account::CHECK,
    admin_use::CHECK,
    dormant_accounts::CHECK,
    system_logging::CHECK,
    security_logging::CHECK,
];

/// Checks of practice data rather than of a machine: the backups (6.3.1),
/// read from the practice record whatever the audited system. Without the
/// record they say so; with it, [`practice_finding`] judges them.
pub const PRACTICE: &[Check] = &[
    backup_regime::CHECK,
    backup_places::CHECK,
    restore_tests::CHECK,
];

/// The finding of a practice-data requirement from the practice record's
/// backups, at `as_of` (`None` for every other requirement).
pub fn practice_finding(
    id: &str,
    backups: &vigie_practice::Backups,
    as_of: time::Date,
) -> Option<Finding> {
    match id {
        "6.3.1.b" => Some(backup_regime::evaluate(backups, as_of)),
        "6.3.1.c" => Some(backup_places::evaluate(backups, as_of)),
        "6.3.1.d" => Some(restore_tests::evaluate(backups, as_of)),
        _ => None,
    }
}

/// The Linux check for a requirement, if one exists.
pub fn check(id: &str) -> Option<&'static Check> {
    REGISTRY.iter().chain(PRACTICE).find(|c| c.id == id)
}

pub mod macos;
pub mod windows;

/// The registries of a platform's checks (none for an unknown platform).
pub fn registries(platform: Platform) -> &'static [&'static [Check]] {
    match platform {
        Platform::Linux => &[REGISTRY],
        Platform::Windows => windows::REGISTRIES,
        Platform::Macos => macos::REGISTRIES,
        Platform::Unknown => &[],
    }
}

/// The check for a requirement on a platform, if one exists.
pub fn check_for(id: &str, platform: Platform) -> Option<&'static Check> {
    registries(platform)
        .iter()
        .flat_map(|r| r.iter())
        .chain(PRACTICE)
        .find(|c| c.id == id)
}

/// The platforms on which a requirement is checked automatically.
pub fn platforms(id: &str) -> Vec<Platform> {
    [Platform::Linux, Platform::Windows, Platform::Macos]
        .into_iter()
        .filter(|p| check_for(id, *p).is_some())
        .collect()
}

/// The Linux tables, or the finding saying there are none for this target.
pub(crate) fn linux<'a>(ctx: &Context<'a>) -> Result<&'a vigie_evidence::LinuxEvidence, Finding> {
    ctx.evidence.linux.as_ref().ok_or_else(|| {
        Finding::unknown(
            "Les contrôles de ce système ne sont pas encore disponibles dans cette version de Vigie (seul Linux est audité).",
            "Checks for this system are not available in this version of Vigie yet (only Linux is audited).",
        )
    })
}

/// The Linux tables and the password stack a password change runs (the
/// `passwd` service), or the finding saying why they cannot be judged.
pub(crate) fn password_change_stack<'a>(
    ctx: &Context<'a>,
) -> Result<
    (
        &'a vigie_evidence::LinuxEvidence,
        Vec<vigie_evidence::PamEntry>,
    ),
    Finding,
> {
    let linux = linux(ctx)?;
    let service = linux_policy::service(linux, "passwd")?;
    Ok((
        linux,
        linux_policy::stack(service, vigie_evidence::PamType::Password),
    ))
}

/// Shorthand: evaluate or return the early finding.
macro_rules! try_finding {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(f) => return f,
        }
    };
}
pub(crate) use try_finding;

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use vigie_catalog::Method;
    use vigie_evidence::Platform;

    #[test]
    fn every_check_names_an_automatable_requirement_once() {
        let catalog = vigie_catalog::embedded();
        for platform in [Platform::Linux, Platform::Windows, Platform::Macos] {
            let all: Vec<&super::Check> = super::registries(platform)
                .iter()
                .flat_map(|r| r.iter())
                .chain(super::PRACTICE)
                .collect();
            names_automatable_requirements_once(catalog, &all);
        }
    }

    fn names_automatable_requirements_once(
        catalog: &vigie_catalog::Catalog,
        registry: &[&super::Check],
    ) {
        let mut seen = BTreeSet::new();
        for check in registry {
            assert!(seen.insert(check.id), "{} registered twice", check.id);
            let req = catalog
                .requirement(check.id)
                .unwrap_or_else(|| panic!("{} is not in the catalog", check.id));
            assert_ne!(
                req.method,
                Method::Declared,
                "{} is declared-only",
                check.id
            );
        }
    }
}

#[cfg(test)]
mod coverage {
    use vigie_catalog::Method;

    /// Every requirement a machine can check has a Linux evaluator (the
    /// backups, 6.3.1.b–d, through the practice checks).
    const LINUX_PENDING: &[&str] = &[];

    #[test]
    fn every_automatable_requirement_has_a_linux_check() {
        let catalog = vigie_catalog::embedded();
        for req in &catalog.requirements {
            if req.method == Method::Declared || LINUX_PENDING.contains(&req.id.as_str()) {
                continue;
            }
            assert!(
                super::check(&req.id).is_some(),
                "{} has no Linux check",
                req.id
            );
        }
    }
}
