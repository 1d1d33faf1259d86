//! Screen saver, display sleep and the lock that follows them.
//!
//! Since macOS 13 (System Settings > Lock Screen), the session locks when
//! the screen saver starts or the display turns off, after the delay of
//! "Require password after screen saver begins or display is turned off"
//! (`sysadminctl -screenLock status`, printed on stderr: "screenLock delay
//! is immediate", "screenLock delay is 300 seconds", "screenLock is off").
//! What starts them:
//! - the screen saver: `idleTime` (seconds, 0 = never) of the user's
//!   ByHost `com.apple.screensaver.<hardware UUID>.plist`, what `defaults
//!   -currentHost read com.apple.screensaver idleTime` reads;
//! - display sleep: `displaysleep` (minutes, 0 = never) per power source
//!   in `pmset -g custom`.
//!
//! Before 13 the lock was the user's `askForPassword` / `askForPasswordDelay`
//! in `com.apple.screensaver`; a configuration profile sets the same keys
//! (and `idleTime`) as managed preferences, for all users or per user, which
//! win over the user's own. Automatic login (`autoLoginUser` in
//! `/Library/Preferences/com.apple.loginwindow.plist`) opens a session at
//! startup with no password at all.

use super::plist::{self, Value};
use crate::model::Collected;
use crate::sys::Sys;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const MANAGED_SCREENSAVER: &str = "/Library/Managed Preferences/com.apple.screensaver.plist";
pub const LOGINWINDOW_PLIST: &str = "/Library/Preferences/com.apple.loginwindow.plist";

/// `sysadminctl -screenLock status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "state", content = "seconds")]
pub enum ScreenLock {
    Off,
    Immediate,
    AfterSeconds(i64),
}

/// `com.apple.screensaver` keys.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScreenSaverPrefs {
    /// Seconds of inactivity before the screen saver starts; 0 = never.
    pub idle_time: Option<i64>,
    pub ask_for_password: Option<bool>,
    /// Seconds after the screen saver starts before a password is asked.
    pub ask_for_password_delay: Option<i64>,
}

/// One power source's settings in `pmset -g custom`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PowerProfile {
    /// "AC Power", "Battery Power", "UPS Power".
    pub source: String,
    /// Minutes before the display sleeps; 0 = never.
    pub displaysleep: Option<i64>,
}

/// One account's screen saver settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UserScreenSaver {
    pub user: String,
    /// The ByHost files (one per hardware UUID the account has used).
    pub by_host: Vec<Collected<ScreenSaverPrefs>>,
    /// `~/Library/Preferences/com.apple.screensaver.plist`.
    pub prefs: Collected<ScreenSaverPrefs>,
    /// `/Library/Managed Preferences/<user>/com.apple.screensaver.plist`.
    pub managed: Collected<ScreenSaverPrefs>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScreenEvidence {
    pub screen_lock: Collected<ScreenLock>,
    pub power: Collected<Vec<PowerProfile>>,
    /// Managed preferences for every account.
    pub managed: Collected<ScreenSaverPrefs>,
    pub users: Vec<UserScreenSaver>,
    /// `autoLoginUser` of com.apple.loginwindow: the account opened at
    /// startup without a password.
    pub auto_login_user: Collected<Option<String>>,
}

impl Default for ScreenEvidence {
    fn default() -> Self {
        ScreenEvidence {
            screen_lock: super::not_collected(),
            power: super::not_collected(),
            managed: super::not_collected(),
            users: Vec::new(),
            auto_login_user: super::not_collected(),
        }
    }
}

/// Parses `sysadminctl -screenLock status` (stdout and stderr, pure).
pub fn parse_screen_lock(text: &str) -> Result<ScreenLock, String> {
    let lower = text.to_ascii_lowercase();
    if lower.contains("screenlock is off") {
        return Ok(ScreenLock::Off);
    }
    let Some(rest) = lower.split("screenlock delay is").nth(1) else {
        return Err(format!("unexpected output: {}", text.trim()));
    };
    let word = rest.split_whitespace().next().unwrap_or("");
    if word == "immediate" {
        return Ok(ScreenLock::Immediate);
    }
    match word.parse::<f64>() {
        // "-1 seconds" is how some versions say off.
        Ok(n) if n < 0.0 => Ok(ScreenLock::Off),
        Ok(0.0) => Ok(ScreenLock::Immediate),
        Ok(n) => Ok(ScreenLock::AfterSeconds(n.round() as i64)),
        Err(_) => Err(format!("unexpected output: {}", text.trim())),
    }
}

/// Parses `pmset -g custom` (pure).
pub fn parse_pmset_custom(text: &str) -> Result<Vec<PowerProfile>, String> {
    let mut out: Vec<PowerProfile> = Vec::new();
    for line in text.lines() {
        if !line.starts_with(' ') && line.trim_end().ends_with(':') {
            out.push(PowerProfile {
                source: line.trim().trim_end_matches(':').to_string(),
                displaysleep: None,
            });
            continue;
        }
        let mut t = line.split_whitespace();
        if let (Some("displaysleep"), Some(v), Some(cur)) = (t.next(), t.next(), out.last_mut()) {
            cur.displaysleep = v.parse().ok();
        }
    }
    if out.is_empty() {
        return Err("no power source in the output".into());
    }
    Ok(out)
}

/// The screen saver keys of a `com.apple.screensaver` property list (pure).
pub fn screensaver_prefs(v: &Value) -> ScreenSaverPrefs {
    ScreenSaverPrefs {
        idle_time: plist::get_int(v, "idleTime"),
        ask_for_password: plist::get_bool(v, "askForPassword"),
        ask_for_password_delay: plist::get_int(v, "askForPasswordDelay"),
    }
}

fn user_prefs(sys: &Sys, user: &str, home: &str) -> UserScreenSaver {
    let dir = format!("{home}/Library/Preferences/ByHost");
    let by_host = match sys.fs.read_dir(&dir) {
        Ok(mut names) => {
            names.sort();
            names
                .into_iter()
                .filter(|n| n.starts_with("com.apple.screensaver.") && n.ends_with(".plist"))
                .map(|n| plist::file(sys, &format!("{dir}/{n}"), screensaver_prefs))
                .collect()
        }
        Err(crate::fs::FsError::NotFound) => Vec::new(),
        Err(e) => vec![crate::sys::fs_error(&dir, e)],
    };
    UserScreenSaver {
        user: user.to_string(),
        by_host,
        prefs: plist::file(
            sys,
            &format!("{home}/Library/Preferences/com.apple.screensaver.plist"),
            screensaver_prefs,
        ),
        managed: plist::file(
            sys,
            &format!("/Library/Managed Preferences/{user}/com.apple.screensaver.plist"),
            screensaver_prefs,
        ),
    }
}

/// `users`: (account, home) of the people's accounts.
pub fn collect(sys: &Sys, users: &[(String, String)]) -> ScreenEvidence {
    ScreenEvidence {
        screen_lock: sys.command("sysadminctl", &["-screenLock", "status"], |out| {
            parse_screen_lock(&format!("{}\n{}", out.stdout, out.stderr))
        }),
        power: sys.command("pmset", &["-g", "custom"], |out| {
            parse_pmset_custom(&out.stdout)
        }),
        managed: plist::file(sys, MANAGED_SCREENSAVER, screensaver_prefs),
        users: users
            .iter()
            .map(|(u, home)| user_prefs(sys, u, home))
            .collect(),
        auto_login_user: plist::file(sys, LOGINWINDOW_PLIST, |v| {
            plist::get_string(v, "autoLoginUser")
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_lock_forms() {
        let p = |s| parse_screen_lock(s).unwrap();
        assert_eq!(
            p("2024-11-28 10:02:11.482 sysadminctl[8841:120373] screenLock delay is immediate"),
            ScreenLock::Immediate
        );
        assert_eq!(
            p("2024-11-28 10:02:11.482 sysadminctl[8841:120373] screenLock delay is 300 seconds"),
            ScreenLock::AfterSeconds(300)
        );
        assert_eq!(p("sysadminctl[1:2] screenLock is off"), ScreenLock::Off);
        assert_eq!(p("screenLock delay is -1.000000 seconds"), ScreenLock::Off);
        assert!(parse_screen_lock("usage: sysadminctl").is_err());
    }

    #[test]
    fn pmset_custom_per_source() {
        let text = "Battery Power:
 lidwake              1
 standby              1
 displaysleep         2
 sleep                1
AC Power:
 lidwake              1
 displaysleep         10
 sleep                1
";
        let p = parse_pmset_custom(text).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].source, "Battery Power");
        assert_eq!(p[0].displaysleep, Some(2));
        assert_eq!(p[1].displaysleep, Some(10));
        assert!(parse_pmset_custom("").is_err());
    }
}
