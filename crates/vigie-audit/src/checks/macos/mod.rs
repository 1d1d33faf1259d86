//! macOS evaluators: one function per requirement, over
//! [`vigie_evidence::macos::MacosEvidence`], listed once in [`CHECKS`].
//! Each module's documentation says what is judged and from which source.

use super::Check;
use crate::{EvidenceItem, Finding};
use vigie_evidence::macos::MacosEvidence;
use vigie_evidence::Collected;

mod accounts;
mod browsers;
mod network;
mod passwords;
mod protection;
mod screen;
mod system;

/// Every macOS check.
pub const CHECKS: &[Check] = &[
    Check {
        id: "4.3.1.a",
        evaluate: passwords::length,
    },
    Check {
        id: "4.3.1.b",
        evaluate: passwords::classes,
    },
    Check {
        id: "4.3.1.c",
        evaluate: passwords::age,
    },
    Check {
        id: "4.3.1.d",
        evaluate: passwords::history,
    },
    Check {
        id: "4.3.1.e",
        evaluate: passwords::not_name,
    },
    Check {
        id: "5.2.2.b",
        evaluate: passwords::lockout,
    },
    Check {
        id: "4.3.1.g",
        evaluate: browsers::evaluate,
    },
    Check {
        id: "4.3.2.a",
        evaluate: screen::delay,
    },
    Check {
        id: "4.3.2.c",
        evaluate: screen::password,
    },
    Check {
        id: "4.3.3.a",
        evaluate: protection::antivirus,
    },
    Check {
        id: "4.3.3.b",
        evaluate: protection::firewall,
    },
    Check {
        id: "4.3.3.c",
        evaluate: protection::encryption,
    },
    Check {
        id: "4.3.5.a",
        evaluate: protection::authentic_software,
    },
    Check {
        id: "6.1.2.a",
        evaluate: protection::system_logging,
    },
    Check {
        id: "6.1.2.b",
        evaluate: protection::security_logging,
    },
    Check {
        id: "4.3.4.a",
        evaluate: system::os_support,
    },
    Check {
        id: "4.3.4.b",
        evaluate: system::security_updates,
    },
    Check {
        id: "5.2.1.a",
        evaluate: accounts::nominative,
    },
    Check {
        id: "5.2.1.b",
        evaluate: accounts::admin_account,
    },
    Check {
        id: "5.2.2.a",
        evaluate: accounts::admin_use,
    },
    Check {
        id: "5.3.3.a",
        evaluate: accounts::dormant,
    },
    Check {
        id: "4.1.2.a",
        evaluate: network::devices,
    },
    Check {
        id: "4.1.2.b",
        evaluate: network::wifi_security,
    },
    Check {
        id: "4.1.2.c",
        evaluate: network::wired_and_wifi,
    },
    Check {
        id: "4.1.2.d",
        evaluate: network::radios,
    },
    Check {
        id: "3.1.1.d",
        evaluate: network::ups,
    },
];

/// Every macOS check, by part.
pub const REGISTRIES: &[&[Check]] = &[CHECKS];

/// The macOS tables, or the finding saying there are none.
pub(crate) fn macos<'a>(ctx: &crate::Context<'a>) -> Result<&'a MacosEvidence, Finding> {
    ctx.evidence.macos.as_ref().ok_or_else(|| {
        Finding::unknown(
            "Les informations propres à macOS n'ont pas été collectées sur ce poste.",
            "No macOS information was collected from this computer.",
        )
    })
}

/// Why a source gave nothing, in French and English, and whether rights
/// were missing.
pub(crate) fn why<T>(c: &Collected<T>) -> (String, String, bool) {
    match c {
        Collected::Ok { source, .. } => (source.clone(), source.clone(), false),
        Collected::Missing { source } => (
            format!("{source} : absent"),
            format!("{source}: missing"),
            false,
        ),
        Collected::Unreadable { source, error } => (
            format!("{source} : illisible ({error})"),
            format!("{source}: unreadable ({error})"),
            c.permission_denied(),
        ),
        Collected::NotCollected { reason } => (
            format!("non collecté ({reason})"),
            format!("not collected ({reason})"),
            false,
        ),
    }
}

/// The status of a source as evidence.
pub(crate) fn status_item<T>(c: &Collected<T>, what: &str) -> EvidenceItem {
    let (_, en, _) = why(c);
    EvidenceItem::new(c.source().unwrap_or(what), None, None, en)
}

/// An `unknown` finding for a source that gave nothing.
pub(crate) fn unknown_source<T>(c: &Collected<T>, what_fr: &str, what_en: &str) -> Finding {
    let (fr, en, denied) = why(c);
    let f = Finding::unknown(format!("{what_fr} : {fr}."), format!("{what_en}: {en}."))
        .with([status_item(c, what_en)]);
    if denied {
        f.needs_privileges()
    } else {
        f
    }
}

/// A date in seconds since the epoch, as an ISO date.
pub(crate) fn date_text(t: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .map(|d| d.date().to_string())
        .unwrap_or_else(|_| t.to_string())
}

/// Days from `t` (seconds since the epoch) to the audit date.
pub(crate) fn days_since(t: i64, as_of: time::Date) -> i64 {
    let day = time::OffsetDateTime::from_unix_timestamp(t)
        .map(|d| d.date())
        .unwrap_or(as_of);
    (as_of - day).whole_days()
}
