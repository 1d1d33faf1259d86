//! `/etc/passwd` and `/etc/shadow`, reduced to what evaluators need. The
//! password hash is looked at only to classify it and is never kept.

use crate::model::{Account, PasswordState};

/// Parses `/etc/passwd` (pure). NIS `+`/`-` lines and malformed lines are skipped.
pub fn parse_passwd(text: &str) -> Vec<Account> {
    text.lines()
        .enumerate()
        .filter_map(|(n, line)| {
            let f: Vec<&str> = line.split(':').collect();
            if f.len() < 7 || f[0].is_empty() || f[0].starts_with(['+', '-']) {
                return None;
            }
            Some(Account {
                name: f[0].to_string(),
                uid: f[2].parse().ok()?,
                gid: f[3].parse().ok()?,
                shell: f[6].to_string(),
                home: f[5].to_string(),
                line: n as u32 + 1,
                // "x" means the password is in /etc/shadow; anything else is
                // an old-style password field, classified here.
                password: (f[1] != "x").then(|| classify(f[1])),
                shadow_line: None,
                max_days: None,
                full_name: f[4]
                    .split(',')
                    .next()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(String::from),
                last_change: None,
                inactive_days: None,
                expire_date: None,
            })
        })
        .collect()
}

fn classify(field: &str) -> PasswordState {
    if field.is_empty() {
        PasswordState::Empty
    } else if field.starts_with(['!', '*']) {
        PasswordState::Locked
    } else {
        PasswordState::Usable
    }
}

/// Joins `/etc/shadow` into the accounts (pure): password state, maximum
/// age, last change, inactivity period and expiry date (an empty field is
/// `None`, as glibc's -1).
pub fn apply_shadow(accounts: &mut [Account], shadow: &str) {
    for account in accounts.iter_mut() {
        if account.password.is_none() {
            account.password = Some(PasswordState::NoShadowEntry);
        }
    }
    for (n, line) in shadow.lines().enumerate() {
        let f: Vec<&str> = line.split(':').collect();
        if f.len() < 5 {
            continue;
        }
        if let Some(account) = accounts.iter_mut().find(|a| a.name == f[0]) {
            account.password = Some(classify(f[1]));
            account.shadow_line = Some(n as u32 + 1);
            account.max_days = f[4].trim().parse().ok();
            let field = |i: usize| f.get(i).and_then(|v| v.trim().parse().ok());
            account.last_change = field(2);
            account.inactive_days = field(6);
            account.expire_date = field(7);
        }
    }
}

/// Whether a shell lets the account log in interactively.
pub fn is_login_shell(shell: &str) -> bool {
    // An empty shell field means /bin/sh (passwd(5)).
    let base = shell.rsplit('/').next().unwrap_or(shell);
    !matches!(
        base,
        "nologin" | "false" | "true" | "sync" | "shutdown" | "halt"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_shadow_without_keeping_hashes() {
        let mut accounts = parse_passwd(
            "root:x:0:0:root:/root:/bin/bash\n\
             daemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n\
             alice:x:1000:1000:Alice:/home/alice:/bin/bash\n\
             bob:x:1001:1001::/home/bob:\n\
             +nis::::::\n\
             broken line\n",
        );
        apply_shadow(
            &mut accounts,
            "root:!:19000:0:99999:7:::\n\
             alice:$y$j9T$abc$def:19000:0:90:7:30:20500:\n\
             bob::19000:0::7:::\n",
        );
        assert_eq!(accounts.len(), 4);
        assert_eq!(accounts[0].password, Some(PasswordState::Locked));
        assert_eq!(accounts[0].max_days, Some(99999));
        assert_eq!(accounts[1].password, Some(PasswordState::NoShadowEntry));
        assert_eq!(accounts[2].password, Some(PasswordState::Usable));
        assert_eq!(accounts[2].max_days, Some(90));
        assert_eq!(accounts[2].shadow_line, Some(2));
        assert_eq!(accounts[2].last_change, Some(19000));
        assert_eq!(accounts[2].inactive_days, Some(30));
        assert_eq!(accounts[2].expire_date, Some(20500));
        assert_eq!(accounts[2].full_name.as_deref(), Some("Alice"));
        assert_eq!(accounts[0].expire_date, None);
        assert_eq!(accounts[1].full_name, None);
        assert_eq!(accounts[3].password, Some(PasswordState::Empty));
        assert_eq!(accounts[3].max_days, None);
        let json = serde_json::to_string(&accounts).unwrap();
        assert!(!json.contains("abc"), "no hash in evidence");
        assert!(is_login_shell(""));
        assert!(is_login_shell("/bin/bash"));
        assert!(!is_login_shell("/usr/sbin/nologin"));
    }
}
