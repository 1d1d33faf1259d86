//! 6.1.2.b — « Consigner les événements émanant de l'antivirus et du
//! pare-feu en activant la journalisation des événements tel que précisé
//! dans les guides d'utilisation. »
//!
//! Linux. Two halves, the worse one decides:
//!
//! - **Antivirus** (the product judged by 4.3.3.a): ClamAV's scanning daemon
//!   clamd must log its detections and freshclam its updates, to a file
//!   (`LogFile` in clamd.conf, `UpdateLogFile` in freshclam.conf), to syslog
//!   (`LogSyslog yes`), or to the journal by running in the foreground under
//!   an enabled service (`--foreground`, as Debian's and Fedora's units do:
//!   ClamAV's `logg` then writes to standard output, which systemd keeps).
//!   ClamAV without clamd only scans on demand: whether those scans use
//!   `--log` cannot be seen, unknown. Commercial products log to their own
//!   console: unknown, saying where to look. No antivirus: fail.
//! - **Firewall** (the product judged by 4.3.3.b): live as root, a `log`
//!   rule reachable from the input chains of the loaded ruleset; otherwise
//!   ufw's `LOGLEVEL` (off fails; low to full log refused packets), firewalld's
//!   `LogDenied` (off, the default, fails; all/unicast/broadcast/multicast
//!   pass), a `log` statement or `-j LOG` rule reachable from the input
//!   chains of nftables' or iptables' saved rules. No active firewall: fail.

use super::{linux, try_finding, Check};
use crate::{Context, Finding, Status};

pub const CHECK: Check = Check {
    id: "6.1.2.b",
    evaluate,
};

fn evaluate(ctx: &Context) -> Finding {
    let linux = try_finding!(linux(ctx));
    let av = super::antivirus::assess(ctx, linux).logging;
    let fw = super::firewall::assess(ctx, linux).logging;
    let status = av.status.min(fw.status);
    let mut out = Finding::new(
        status,
        format!(
            "Antivirus : {}. Pare-feu : {}.",
            av.reason.fr.trim_end_matches('.'),
            fw.reason.fr.trim_end_matches('.')
        ),
        format!(
            "Antivirus: {}. Firewall: {}.",
            av.reason.en.trim_end_matches('.'),
            fw.reason.en.trim_end_matches('.')
        ),
    );
    for e in av.evidence.iter().chain(fw.evidence.iter()) {
        if !out.evidence.contains(e) {
            out.evidence.push(e.clone());
        }
    }
    let needs = [&av, &fw]
        .iter()
        .any(|f| f.status == status && f.needs_privileges);
    if status == Status::Unknown && needs {
        out = out.needs_privileges();
    }
    out
}
