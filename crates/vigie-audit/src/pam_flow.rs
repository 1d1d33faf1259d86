//! What a PAM stack really does, following Linux-PAM's dispatcher
//! (`libpam/pam_dispatch.c`): every module may succeed, fail or be ignored,
//! and the control decides. Exploring every path tells whether a module is
//! *enforcing* — no way through the stack to success skips it or overrides
//! its failure — which is what a setting needs to count.
//!
//! Modules whose behaviour is fixed are modelled as such (`pam_permit`
//! always succeeds, `pam_deny` always fails, a missing module file fails with
//! `module_unknown`, password checkers succeed or fail); any other module
//! may succeed, fail or ask to be ignored.

use std::collections::BTreeSet;
use vigie_evidence::{PamAction, PamControl, PamEntry};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Impression {
    Undecided,
    Positive,
    Negative,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct State {
    pos: usize,
    impression: Impression,
    /// Whether the status recorded so far is PAM_SUCCESS.
    status_ok: bool,
    flags: u8,
}

/// A return value a module can give: its name in `[value=action]` terms.
fn return_values(entry: &PamEntry) -> Vec<&str> {
    if entry.module_present == Some(false) {
        return vec!["module_unknown"];
    }
    let args = &entry.args;
    match entry.module_name() {
        "pam_permit.so" => return vec!["success"],
        "pam_deny.so" => return vec!["auth_err"],
        // pam_faillock: authfail records the failure and returns PAM_IGNORE
        // (PAM_AUTH_ERR when already locked); preauth and authsucc succeed
        // unless the account is locked.
        "pam_faillock.so" if args.iter().any(|a| a == "authfail") => {
            return vec!["ignore", "auth_err"]
        }
        "pam_faillock.so" => return vec!["success", "auth_err"],
        // Checkers that decide on the password itself answer yes or no
        // (pam_pwquality's local_users_only skip for remote users aside).
        "pam_pwquality.so" | "pam_cracklib.so" | "pam_pwhistory.so" | "pam_unix.so"
        | "pam_tally2.so" => return vec!["success", "__other_failure"],
        _ => {}
    }
    let mut values = vec!["success", "ignore", "__other_failure"];
    if let PamControl::Actions(pairs) = &entry.control {
        for pair in pairs {
            let v = pair.value.as_str();
            if !matches!(v, "success" | "ignore" | "default") && !values.contains(&v) {
                values.push(v);
            }
        }
    }
    values
}

/// The action a control takes for a return value (keywords expanded as
/// Linux-PAM does; unlisted values take `default`, itself `bad` when absent).
fn action(control: &PamControl, value: &str) -> PamAction {
    use PamAction::*;
    let ok_like = matches!(value, "success" | "new_authtok_reqd");
    match control {
        PamControl::Required | PamControl::Substack => match value {
            _ if ok_like => Ok,
            "ignore" => Ignore,
            _ => Bad,
        },
        PamControl::Requisite => match value {
            _ if ok_like => Ok,
            "ignore" => Ignore,
            _ => Die,
        },
        PamControl::Sufficient => {
            if ok_like {
                Done
            } else {
                Ignore
            }
        }
        PamControl::Optional => {
            if ok_like {
                Ok
            } else {
                Ignore
            }
        }
        PamControl::Actions(pairs) => pairs
            .iter()
            .find(|p| p.value == value)
            .or_else(|| pairs.iter().find(|p| p.value == "default"))
            .map(|p| p.action)
            .unwrap_or(Bad),
    }
}

/// Where a run of a stack ends: the impression, whether the status is
/// PAM_SUCCESS, and the flags.
type End = (Impression, bool, u8);

/// Every way a stack can end: (overall success, flags), where `watch`
/// updates the flags after each module's return value.
fn explore<W>(entries: &[PamEntry], flags: u8, watch: &W) -> BTreeSet<(bool, u8)>
where
    W: Fn(&PamEntry, &str, u8) -> u8,
{
    run(entries, (Impression::Undecided, false, flags), watch)
        .into_iter()
        .map(|(impression, ok, flags)| (impression == Impression::Positive && ok, flags))
        .collect()
}

/// Every end state of one (sub)stack run from `start`. A substack is not a
/// module with a return value: Linux-PAM runs its lines with the caller's
/// impression and status, `done`/`die` end only the substack and `reset`
/// goes back to the state on entry. So an empty substack (Fedora's
/// `password substack postlogin`) or one whose modules are all ignored
/// changes nothing, instead of failing the stack.
fn run<W>(entries: &[PamEntry], start: End, watch: &W) -> BTreeSet<End>
where
    W: Fn(&PamEntry, &str, u8) -> u8,
{
    let mut results = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut todo = vec![State {
        pos: 0,
        impression: start.0,
        status_ok: start.1,
        flags: start.2,
    }];
    while let Some(state) = todo.pop() {
        if !seen.insert(state) {
            continue;
        }
        let Some(entry) = entries.get(state.pos) else {
            results.insert((state.impression, state.status_ok, state.flags));
            continue;
        };
        if entry.control == PamControl::Substack {
            let entry_state = (state.impression, state.status_ok, state.flags);
            for (impression, status_ok, flags) in run(&entry.substack, entry_state, watch) {
                todo.push(State {
                    pos: state.pos + 1,
                    impression,
                    status_ok,
                    flags,
                });
            }
            continue;
        }
        // (return value, flags after it)
        let outcomes: Vec<(&str, u8)> = return_values(entry)
            .into_iter()
            .map(|v| (v, watch(entry, v, state.flags)))
            .collect();
        for (value, flags) in outcomes {
            let success = value == "success";
            let mut next = State {
                pos: state.pos + 1,
                flags,
                ..state
            };
            match action(&entry.control, value) {
                PamAction::Ignore => {}
                PamAction::Ok | PamAction::Done => {
                    let can_set = next.impression == Impression::Undecided
                        || (next.impression == Impression::Positive && next.status_ok);
                    if can_set && value != "ignore" {
                        next.impression = Impression::Positive;
                        next.status_ok = success;
                    }
                    if action(&entry.control, value) == PamAction::Done
                        && next.impression == Impression::Positive
                    {
                        results.insert((next.impression, next.status_ok, flags));
                        continue;
                    }
                }
                a @ (PamAction::Bad | PamAction::Die) => {
                    if next.impression != Impression::Negative {
                        next.impression = Impression::Negative;
                        next.status_ok = false;
                    }
                    if a == PamAction::Die {
                        results.insert((next.impression, next.status_ok, flags));
                        continue;
                    }
                }
                PamAction::Reset => {
                    next.impression = start.0;
                    next.status_ok = start.1;
                }
                PamAction::Jump(n) => {
                    let target = state.pos + 1 + n as usize;
                    if target > entries.len() {
                        // "bad jump in stack": the (sub)stack fails.
                        next.impression = Impression::Negative;
                        next.status_ok = false;
                        next.pos = entries.len();
                    } else {
                        next.pos = target;
                    }
                }
            }
            todo.push(next);
        }
    }
    results
}

/// Whether the modules picked by `is_target` hold on every way to success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enforcement {
    /// Every successful run goes through a target module that succeeded.
    Enforced,
    /// Some successful run skips the targets or survives their failure.
    Bypassable,
    /// No target module in the stack at all.
    Absent,
    /// The stack can never succeed, so nothing it says can be judged.
    NeverSucceeds,
}

/// Is a module (picked by `is_target`) enforced by this stack?
pub fn enforcement(entries: &[PamEntry], is_target: impl Fn(&PamEntry) -> bool) -> Enforcement {
    if !contains(entries, &is_target) {
        return Enforcement::Absent;
    }
    let watch = |e: &PamEntry, value: &str, flags: u8| {
        if value == "success" && is_target(e) {
            flags | 1
        } else {
            flags
        }
    };
    let results = explore(entries, 0, &watch);
    if !results.iter().any(|(ok, _)| *ok) {
        Enforcement::NeverSucceeds
    } else if results.iter().any(|(ok, f)| *ok && f & 1 == 0) {
        Enforcement::Bypassable
    } else {
        Enforcement::Enforced
    }
}

/// When a module picked by `is_check` fails and the stack then fails, did a
/// module picked by `is_recorder` run after it (to record the failure)?
pub fn failure_always_recorded(
    entries: &[PamEntry],
    is_check: impl Fn(&PamEntry) -> bool,
    is_recorder: impl Fn(&PamEntry) -> bool,
) -> bool {
    let watch = |e: &PamEntry, value: &str, flags: u8| {
        if is_check(e) && !matches!(value, "success" | "ignore") {
            flags | 1
        } else if is_recorder(e) && flags & 1 != 0 {
            flags | 2
        } else {
            flags
        }
    };
    let results = explore(entries, 0, &watch);
    results.iter().any(|(_, f)| f & 1 != 0)
        && !results
            .iter()
            .any(|(ok, f)| !ok && f & 1 != 0 && f & 2 == 0)
}

fn contains(entries: &[PamEntry], pred: &impl Fn(&PamEntry) -> bool) -> bool {
    entries
        .iter()
        .any(|e| pred(e) || contains(&e.substack, pred))
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigie_evidence::linux::pam::{parse_pam_file, PamLine};

    fn stack(text: &str) -> Vec<PamEntry> {
        parse_pam_file("t", text)
            .into_iter()
            .filter_map(|l| match l {
                PamLine::Entry(e) => Some(e),
                _ => None,
            })
            .collect()
    }

    fn pwq(e: &PamEntry) -> bool {
        e.module_name() == "pam_pwquality.so"
    }

    #[test]
    fn debian_password_stack_enforces_pwquality() {
        let s = stack(
            "password requisite pam_pwquality.so retry=3\n\
             password [success=1 default=ignore] pam_unix.so obscure use_authtok yescrypt\n\
             password requisite pam_deny.so\n\
             password required pam_permit.so\n\
             password optional pam_gnome_keyring.so\n",
        );
        assert_eq!(enforcement(&s, pwq), Enforcement::Enforced);
    }

    #[test]
    fn fedora_password_stack_enforces_pwquality() {
        let s = stack(
            "password requisite pam_pwquality.so local_users_only\n\
             password sufficient pam_unix.so yescrypt shadow nullok use_authtok\n\
             password [success=1 default=ignore] pam_systemd_home.so\n\
             password required pam_deny.so\n",
        );
        assert_eq!(enforcement(&s, pwq), Enforcement::Enforced);
    }

    #[test]
    fn optional_or_skipped_module_is_bypassable() {
        let optional = stack(
            "password optional pam_pwquality.so\n\
             password [success=1 default=ignore] pam_unix.so\n\
             password requisite pam_deny.so\n\
             password required pam_permit.so\n",
        );
        assert_eq!(enforcement(&optional, pwq), Enforcement::Bypassable);
        let after_sufficient = stack(
            "password sufficient pam_permit.so\n\
             password requisite pam_pwquality.so\n\
             password required pam_unix.so\n",
        );
        assert_eq!(enforcement(&after_sufficient, pwq), Enforcement::Bypassable);
        let jumped_over = stack(
            "password [success=2 default=ignore] pam_unix.so\n\
             password requisite pam_pwquality.so\n\
             password requisite pam_deny.so\n\
             password required pam_permit.so\n",
        );
        assert_eq!(enforcement(&jumped_over, pwq), Enforcement::Bypassable);
        let ignored_failure = stack(
            "password [success=ok default=ignore] pam_pwquality.so\n\
             password required pam_unix.so\n",
        );
        assert_eq!(enforcement(&ignored_failure, pwq), Enforcement::Bypassable);
    }

    #[test]
    fn missing_module_never_enforces() {
        let mut s = stack("password requisite pam_pwquality.so\npassword required pam_unix.so\n");
        s[0].module_present = Some(false);
        assert_eq!(enforcement(&s, pwq), Enforcement::NeverSucceeds);
        let mut s = stack("password optional pam_pwquality.so\npassword required pam_unix.so\n");
        s[0].module_present = Some(false);
        assert_eq!(enforcement(&s, pwq), Enforcement::Bypassable);
    }

    #[test]
    fn absent_and_never_succeeding() {
        let s = stack("password required pam_unix.so\n");
        assert_eq!(enforcement(&s, pwq), Enforcement::Absent);
        let s = stack("password requisite pam_pwquality.so\npassword required pam_deny.so\n");
        assert_eq!(enforcement(&s, pwq), Enforcement::NeverSucceeds);
    }

    fn unix(e: &PamEntry) -> bool {
        e.module_name() == "pam_unix.so"
    }
    fn authfail(e: &PamEntry) -> bool {
        e.module_name() == "pam_faillock.so" && e.args.iter().any(|a| a == "authfail")
    }

    #[test]
    fn faillock_authfail_after_unix() {
        let debian = stack(
            "auth requisite pam_faillock.so preauth\n\
             auth [success=1 default=ignore] pam_unix.so nullok\n\
             auth [default=die] pam_faillock.so authfail\n\
             auth sufficient pam_faillock.so authsucc\n\
             auth requisite pam_deny.so\n\
             auth required pam_permit.so\n",
        );
        assert!(failure_always_recorded(&debian, unix, authfail));
        let fedora = stack(
            "auth required pam_env.so\n\
             auth required pam_faillock.so preauth silent\n\
             auth sufficient pam_unix.so nullok\n\
             auth [default=die] pam_faillock.so authfail\n\
             auth required pam_deny.so\n",
        );
        assert!(failure_always_recorded(&fedora, unix, authfail));
        // authfail placed where a failed pam_unix never reaches it.
        let misplaced = stack(
            "auth requisite pam_faillock.so preauth\n\
             auth requisite pam_unix.so nullok\n\
             auth [default=die] pam_faillock.so authfail\n\
             auth required pam_permit.so\n",
        );
        assert!(!failure_always_recorded(&misplaced, unix, authfail));
    }

    #[test]
    fn empty_substack_changes_nothing() {
        // Fedora's passwd: `password substack postlogin`, a file holding no
        // password line, after the real stack.
        let mut s = stack("password substack system-auth\npassword substack postlogin\n");
        s[0].substack = stack(
            "password requisite pam_pwquality.so\n\
             password sufficient pam_unix.so\n\
             password required pam_deny.so\n",
        );
        assert_eq!(enforcement(&s, pwq), Enforcement::Enforced);
    }

    #[test]
    fn substack_die_ends_only_the_substack_but_its_failure_stays() {
        let mut s = stack("auth substack system-auth\nauth sufficient pam_permit.so\n");
        s[0].substack = stack("auth requisite pam_pwquality.so\n");
        assert_eq!(enforcement(&s, pwq), Enforcement::Enforced);
    }

    #[test]
    fn substack_done_stays_inside() {
        let mut s = stack("auth substack system-auth\nauth requisite pam_pwquality.so\n");
        s[0].substack = stack("auth sufficient pam_permit.so\n");
        // The substack's "done" ends only the substack: the next module runs.
        assert_eq!(enforcement(&s, pwq), Enforcement::Enforced);
    }
}
