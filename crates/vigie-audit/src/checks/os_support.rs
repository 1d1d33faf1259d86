//! 4.3.4.a — « Vérifier que les logiciels et le système d'exploitation sont
//! toujours maintenus et mis à jour par les industriels pour anticiper
//! notamment les évolutions de versions. »
//!
//! The operating system's release (os-release `ID`, `VERSION_ID`,
//! `PRETTY_NAME`) is looked up in an embedded end-of-life table
//! (`data/eol.toml`: dates read from endoflife.date and the publishers'
//! pages, each entry with its sources and the date it was checked) and
//! judged at the audit date (`--as-of`, today by default). The end date is
//! the last day of support.
//!
//! - Within the publisher's free support, standard or long-term (Debian
//!   LTS, part of the Debian archive): pass; within 90 days of its end,
//!   still pass but the reason says to plan the upgrade now ("anticiper les
//!   évolutions de versions").
//! - Past it, within a paid extension (Ubuntu Pro ESM, RHEL ELS, SUSE LTSS,
//!   Debian ELTS, Windows ESU): fail, unless the evidence shows the
//!   extension active on this machine. The memento asks for a system
//!   "maintained by the vendor": an extension that exists but is not
//!   subscribed brings no fix. Today only Ubuntu Pro is visible (its status
//!   cache: attached, esm-infra enabled, subscription not expired).
//! - Past everything: fail.
//! - A forecast end date (Fedora, Apple) passed by less than 30 days is
//!   unknown: the real date may have moved.
//! - Unknown distribution or version: unknown (a version older than every
//!   version of the table whose oldest entry has ended fails: it ended
//!   earlier). Rolling releases (Arch, Tumbleweed, Debian testing/sid…) have
//!   no end of life, they are maintained only if updated, which the
//!   machine's own update state tells (4.3.4.b): unknown here, said so.
//! - LMDE publishes no end date (a release is dropped shortly after the
//!   next one): unknown, and fail once its Debian base has ended.
//!
//! Whether the packages are actually up to date is 4.3.4.b's matter.

use super::{linux, try_finding, Check};
use crate::{Context, EvidenceItem, Finding};
use serde::Deserialize;
use std::sync::OnceLock;
use time::{Date, Duration, Month};
use vigie_evidence::linux::storage::UbuntuPro;
use vigie_evidence::{Collected, OsRelease};

pub const CHECK: Check = Check {
    id: "4.3.4.a",
    evaluate,
};

const TABLE_TEXT: &str = include_str!("../../data/eol.toml");
/// Within this many days of the end, the reason asks to plan the upgrade.
const WARN_DAYS: i64 = 90;
/// A forecast end passed by less than this is unknown, not failed.
const ESTIMATE_GRACE_DAYS: i64 = 30;

/// os-release IDs of rolling releases: no version, no end of life.
const ROLLING: &[&str] = &[
    "arch",
    "archarm",
    "artix",
    "cachyos",
    "endeavouros",
    "garuda",
    "gentoo",
    "kali",
    "manjaro",
    "manjaro-arm",
    "opensuse-slowroll",
    "opensuse-tumbleweed",
    "void",
];

/// One version line of the table.
#[derive(Debug, Clone)]
pub(crate) struct Release {
    pub product: String,
    pub also: Vec<String>,
    pub version: String,
    pub edition: Option<String>,
    pub name: String,
    pub released: Date,
    pub standard_end: Option<Date>,
    pub lts_end: Option<Date>,
    pub extended_end: Option<Date>,
    pub extended_name: Option<String>,
    pub end_unpublished: bool,
    pub latest_end: Option<Date>,
    pub estimated: bool,
    pub month_only: bool,
    pub sources: Vec<String>,
    pub checked: Date,
}

impl Release {
    /// End of the free support (long-term when there is one).
    fn free_end(&self) -> Option<Date> {
        self.lts_end.or(self.standard_end)
    }
    fn covers(&self, product: &str) -> bool {
        self.product == product || self.also.iter().any(|a| a == product)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    release: Vec<RawRelease>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelease {
    product: String,
    #[serde(default)]
    also: Vec<String>,
    version: String,
    #[serde(default)]
    edition: Option<String>,
    name: String,
    released: toml::value::Datetime,
    #[serde(default)]
    standard_end: Option<toml::value::Datetime>,
    #[serde(default)]
    lts_end: Option<toml::value::Datetime>,
    #[serde(default)]
    extended_end: Option<toml::value::Datetime>,
    #[serde(default)]
    extended_name: Option<String>,
    #[serde(default)]
    end_unpublished: bool,
    #[serde(default)]
    latest_end: Option<toml::value::Datetime>,
    #[serde(default)]
    estimated: bool,
    #[serde(default)]
    month_only: bool,
    sources: Vec<String>,
    checked: toml::value::Datetime,
}

fn to_date(d: &toml::value::Datetime, what: &str) -> Result<Date, String> {
    if d.time.is_some() || d.offset.is_some() {
        return Err(format!(
            "{what}: a date without time is expected, found {d}"
        ));
    }
    let day = d.date.ok_or_else(|| format!("{what}: no date in {d}"))?;
    let month = Month::try_from(day.month).map_err(|e| format!("{what}: {e}"))?;
    Date::from_calendar_date(i32::from(day.year), month, day.day)
        .map_err(|e| format!("{what}: {e}"))
}

/// Parses the table text.
pub(crate) fn parse_table(text: &str) -> Result<Vec<Release>, String> {
    let raw: RawTable = toml::from_str(text).map_err(|e| e.to_string())?;
    raw.release
        .into_iter()
        .map(|r| {
            let at = |field: &str| format!("{} {}: {field}", r.product, r.version);
            let opt = |d: &Option<toml::value::Datetime>, field: &str| {
                d.as_ref().map(|d| to_date(d, &at(field))).transpose()
            };
            Ok(Release {
                released: to_date(&r.released, &at("released"))?,
                standard_end: opt(&r.standard_end, "standard_end")?,
                lts_end: opt(&r.lts_end, "lts_end")?,
                extended_end: opt(&r.extended_end, "extended_end")?,
                latest_end: opt(&r.latest_end, "latest_end")?,
                checked: to_date(&r.checked, &at("checked"))?,
                product: r.product,
                also: r.also,
                version: r.version,
                edition: r.edition,
                name: r.name,
                extended_name: r.extended_name,
                end_unpublished: r.end_unpublished,
                estimated: r.estimated,
                month_only: r.month_only,
                sources: r.sources,
            })
        })
        .collect()
}

/// The embedded table, parsed once.
pub(crate) fn table() -> Result<&'static [Release], &'static str> {
    static TABLE: OnceLock<Result<Vec<Release>, String>> = OnceLock::new();
    match TABLE.get_or_init(|| parse_table(TABLE_TEXT)) {
        Ok(t) => Ok(t),
        Err(e) => Err(e),
    }
}

/// Ordering key of a version: numbers compare as numbers, before words
/// ("10 1809" < "10 21H2" < "11 21H2"; "9" < "10").
pub(crate) fn version_key(v: &str) -> Vec<(u8, u64, String)> {
    v.split(|c: char| c == '.' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(|t| match t.parse::<u64>() {
            Ok(n) => (0, n, String::new()),
            Err(_) => (1, 0, t.to_string()),
        })
        .collect()
}

/// The table entry for a product's version: `version` equal to the entry's or
/// starting with it followed by a dot; the longest entry wins.
pub(crate) fn lookup<'a>(
    table: &'a [Release],
    product: &str,
    version: &str,
    edition: Option<&str>,
) -> Option<&'a Release> {
    table
        .iter()
        .filter(|r| r.covers(product) && r.edition.as_deref() == edition)
        .filter(|r| {
            version == r.version
                || version
                    .strip_prefix(r.version.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        })
        .max_by_key(|r| r.version.len())
}

pub(crate) fn date_fr(d: Date, month_only: bool) -> String {
    let m = vigie_catalog::Lang::Fr.month_name(u8::from(d.month()));
    match (month_only, d.day()) {
        (true, _) => format!("fin {m} {}", d.year()),
        (false, 1) => format!("1er {m} {}", d.year()),
        (false, day) => format!("{day} {m} {}", d.year()),
    }
}

pub(crate) fn date_en(d: Date, month_only: bool) -> String {
    if month_only {
        format!("the end of {} {}", d.month(), d.year())
    } else {
        format!("{} {} {}", d.day(), d.month(), d.year())
    }
}

/// Whether Ubuntu Pro's Expanded Security Maintenance is active at `as_of`.
fn ubuntu_esm_active(pro: &Collected<UbuntuPro>, as_of: Date) -> Option<EvidenceItem> {
    let Collected::Ok { source, value } = pro else {
        return None;
    };
    let expires = value.expires.as_deref().and_then(|e| {
        let p: Vec<&str> = e.split('-').collect();
        match p[..] {
            [y, m, d] => Date::from_calendar_date(
                y.parse().ok()?,
                Month::try_from(m.parse::<u8>().ok()?).ok()?,
                d.parse().ok()?,
            )
            .ok(),
            _ => None,
        }
    });
    let active = value.attached
        && value.esm_infra.as_deref() == Some("enabled")
        && expires.is_none_or(|e| e >= as_of);
    active.then(|| pro_evidence(source, value))
}

fn pro_evidence(source: &str, p: &UbuntuPro) -> EvidenceItem {
    EvidenceItem::new(
        source,
        None,
        Some("esm-infra"),
        format!(
            "attached={} esm-infra={} expires={}",
            p.attached,
            p.esm_infra.as_deref().unwrap_or("?"),
            p.expires.as_deref().unwrap_or("?")
        ),
    )
}

pub(crate) fn table_evidence(r: &Release) -> EvidenceItem {
    let mut v = vec![format!("released={}", r.released)];
    if let Some(d) = r.standard_end {
        v.push(format!("standard_end={d}"));
    }
    if let Some(d) = r.lts_end {
        v.push(format!("lts_end={d}"));
    }
    if let (Some(d), Some(n)) = (r.extended_end, &r.extended_name) {
        v.push(format!("extended_end={d} ({n})"));
    }
    if r.end_unpublished {
        v.push("end unpublished".into());
    }
    if let Some(d) = r.latest_end {
        v.push(format!("latest_end={d}"));
    }
    if r.estimated {
        v.push("estimated".into());
    }
    v.push(format!("checked={}", r.checked));
    EvidenceItem::new(
        r.sources.first().cloned().unwrap_or_default(),
        None,
        Some(&r.name),
        v.join(" "),
    )
}

fn evaluate(ctx: &Context) -> Finding {
    let linux = try_finding!(linux(ctx));
    let (source, os) = match &ctx.evidence.target.os {
        Collected::Ok { source, value } => (source.as_str(), value),
        Collected::Missing { source } => {
            return Finding::unknown(
                format!("{source} est absent : le système d'exploitation et sa version ne peuvent pas être identifiés."),
                format!("{source} is missing: the operating system and its version cannot be identified."),
            )
        }
        Collected::Unreadable { source, error } => {
            return Finding::unknown(
                format!("{source} est illisible ({error}) : le système ne peut pas être identifié."),
                format!("{source} is unreadable ({error}): the system cannot be identified."),
            )
        }
        Collected::NotCollected { reason } => {
            return Finding::unknown(
                format!("Identité du système non collectée : {reason}."),
                format!("System identity not collected: {reason}."),
            )
        }
    };
    let table = match table() {
        Ok(t) => t,
        Err(e) => {
            return Finding::unknown(
                format!("La table des fins de support de Vigie est illisible ({e})."),
                format!("Vigie's end-of-support table is unreadable ({e})."),
            )
        }
    };
    judge(table, source, os, &linux.storage.ubuntu_pro, ctx.as_of)
}

fn os_evidence(source: &str, os: &OsRelease) -> Vec<EvidenceItem> {
    let mut ev = Vec::new();
    for (key, value) in [
        ("PRETTY_NAME", &os.pretty_name),
        ("ID", &os.id),
        ("VERSION_ID", &os.version_id),
    ] {
        if let Some(v) = value {
            ev.push(EvidenceItem::new(source, None, Some(key), v.clone()));
        }
    }
    if !os.id_like.is_empty() {
        ev.push(EvidenceItem::new(
            source,
            None,
            Some("ID_LIKE"),
            os.id_like.join(" "),
        ));
    }
    ev
}

/// Judges an os-release against the table at a date.
pub(crate) fn judge(
    table: &[Release],
    source: &str,
    os: &OsRelease,
    pro: &Collected<UbuntuPro>,
    as_of: Date,
) -> Finding {
    let evidence = os_evidence(source, os);
    let shown = os
        .pretty_name
        .clone()
        .or_else(|| os.id.clone())
        .unwrap_or_else(|| "?".into());
    let Some(id) = os.id.as_deref().map(|i| i.trim().to_ascii_lowercase()) else {
        return Finding::unknown(
            format!(
                "{source} ne donne pas d'identifiant (ID) : le système ne peut pas être reconnu."
            ),
            format!("{source} gives no ID: the system cannot be recognised."),
        )
        .with(evidence);
    };
    let pretty = os.pretty_name.as_deref().unwrap_or("");
    let rolling = ROLLING.contains(&id.as_str()) || (id == "debian" && os.version_id.is_none());
    if rolling {
        return Finding::unknown(
            format!("{shown} est une distribution en publication continue (« rolling ») : elle n'a pas de fin de vie, elle n'est maintenue que si elle est mise à jour régulièrement, ce que Vigie juge avec les correctifs de sécurité (4.3.4.b). Pour un cabinet, une version stable à support long est préférable."),
            format!("{shown} is a rolling release: it has no end of life, it is maintained only as long as it is updated regularly, which Vigie judges with security updates (4.3.4.b). For a practice, a stable long-term release is preferable."),
        )
        .with(evidence);
    }
    let product = match id.as_str() {
        "linuxmint" if pretty.starts_with("LMDE") => "lmde".to_string(),
        "centos" if pretty.contains("Stream") => "centos-stream".to_string(),
        other => other.to_string(),
    };
    let known: Vec<&Release> = table.iter().filter(|r| r.covers(&product)).collect();
    if known.is_empty() {
        let like_fr = if os.id_like.is_empty() {
            String::new()
        } else {
            format!(
                " Elle dérive de {} ; son propre éditeur fixe pourtant sa durée de support.",
                os.id_like.join(", ")
            )
        };
        let like_en = if os.id_like.is_empty() {
            String::new()
        } else {
            format!(
                " It derives from {}; its own publisher still sets how long it is supported.",
                os.id_like.join(", ")
            )
        };
        return Finding::unknown(
            format!("{shown} (ID={id}) ne figure pas dans la table des fins de support de Vigie : vérifiez sur le site de l'éditeur que cette version est encore maintenue.{like_fr}"),
            format!("{shown} (ID={id}) is not in Vigie's end-of-support table: check on the publisher's site that this version is still maintained.{like_en}"),
        )
        .with(evidence);
    }
    let Some(version) = os.version_id.as_deref().map(str::trim) else {
        return Finding::unknown(
            format!("{source} ne donne pas de version (VERSION_ID) : la fin de support de {shown} ne peut pas être établie."),
            format!("{source} gives no version (VERSION_ID): the end of support of {shown} cannot be established."),
        )
        .with(evidence);
    };
    let Some(r) = lookup(table, &product, version, None) else {
        return unknown_version(&known, &shown, version, as_of).with(evidence);
    };
    let mut evidence = evidence;
    evidence.push(table_evidence(r));
    release_finding(r, pro, as_of).with(evidence)
}

/// A version the table lacks: fail when older than every known version and
/// the oldest one's free support has ended (support only ever ends earlier
/// for older releases; a paid extension would need evidence anyway).
fn unknown_version(known: &[&Release], shown: &str, version: &str, as_of: Date) -> Finding {
    let key = version_key(version);
    let oldest = known
        .iter()
        .filter(|r| r.edition.is_none())
        .min_by(|a, b| version_key(&a.version).cmp(&version_key(&b.version)));
    if let Some(o) = oldest {
        let end = o.free_end().or(o.latest_end);
        if let Some(end) = end.filter(|e| *e < as_of && key < version_key(&o.version)) {
            return Finding::fail(
                format!("{shown} (version {version}) est plus ancien que {}, dont le support gratuit a pris fin le {} : ce système ne reçoit plus de correctifs de sécurité depuis au moins cette date. Passez à une version maintenue.", o.name, date_fr(end, o.month_only)),
                format!("{shown} (version {version}) is older than {}, whose free support ended on {}: this system has had no security fixes since that date at least. Move to a maintained version.", o.name, date_en(end, o.month_only)),
            );
        }
    }
    Finding::unknown(
        format!("La version {version} de {shown} ne figure pas dans la table des fins de support de Vigie : vérifiez sur le site de l'éditeur qu'elle est encore maintenue."),
        format!("Version {version} of {shown} is not in Vigie's end-of-support table: check on the publisher's site that it is still maintained."),
    )
}

pub(crate) fn release_finding(r: &Release, pro: &Collected<UbuntuPro>, as_of: Date) -> Finding {
    let name = &r.name;
    let est_fr = if r.estimated { " (date prévue)" } else { "" };
    let est_en = if r.estimated { " (expected date)" } else { "" };
    if r.end_unpublished {
        if let Some(l) = r.latest_end.filter(|l| *l < as_of) {
            return Finding::fail(
                format!("{name} n'est plus maintenu : au plus tard, son support a pris fin avec celui de sa base le {}. Passez à une version maintenue.", date_fr(l, false)),
                format!("{name} is no longer maintained: at the latest, its support ended with its base's on {}. Move to a maintained version.", date_en(l, false)),
            );
        }
        return Finding::unknown(
            format!("L'éditeur de {name} ne publie pas de date de fin de support (une version cesse d'être suivie peu après la sortie de la suivante) : vérifiez sur son site qu'elle est encore maintenue."),
            format!("The publisher of {name} gives no end-of-support date (a release stops being maintained shortly after the next one ships): check on its site that it is still maintained."),
        );
    }
    let Some(free_end) = r.free_end() else {
        return Finding::unknown(
            format!("La table de Vigie ne donne pas de fin de support pour {name}."),
            format!("Vigie's table gives no end of support for {name}."),
        );
    };
    let end_fr = |d: Date| date_fr(d, r.month_only);
    let end_en = |d: Date| date_en(d, r.month_only);
    if as_of <= free_end {
        let left = (free_end - as_of).whole_days();
        let (mut fr, mut en) = (
            format!(
                "{name} est maintenu par son éditeur jusqu'au {}{est_fr}.",
                end_fr(free_end)
            ),
            format!(
                "{name} is maintained by its publisher until {}{est_en}.",
                end_en(free_end)
            ),
        );
        if let (Some(lts), Some(std)) = (r.lts_end, r.standard_end) {
            if as_of > std && as_of <= lts {
                fr = format!("{name} est maintenu jusqu'au {}{est_fr}, en support à long terme (LTS) depuis le {} : seule une partie des paquets reçoit encore des correctifs.", end_fr(lts), date_fr(std, false));
                en = format!("{name} is maintained until {}{est_en}, in long-term support (LTS) since {}: only part of the packages still get fixes.", end_en(lts), date_en(std, false));
            }
        }
        if left <= WARN_DAYS {
            fr.push_str(&format!(" Attention : plus que {left} jour(s) ; planifiez dès maintenant le passage à une version plus récente."));
            en.push_str(&format!(
                " Warning: only {left} day(s) left; plan the move to a newer version now."
            ));
        }
        return Finding::pass(fr, en);
    }
    if r.estimated && as_of <= free_end + Duration::days(ESTIMATE_GRACE_DAYS) {
        return Finding::unknown(
            format!("La fin du support de {name} était prévue vers le {} ; la date réelle n'est pas confirmée dans la table de Vigie. Vérifiez sur le site de l'éditeur et passez à une version plus récente.", end_fr(free_end)),
            format!("{name}'s support was expected to end around {}; the actual date is not confirmed in Vigie's table. Check on the publisher's site and move to a newer version.", end_en(free_end)),
        );
    }
    if let (Some(ext_end), Some(ext)) = (r.extended_end, &r.extended_name) {
        if as_of <= ext_end {
            let active = (r.product == "ubuntu")
                .then(|| ubuntu_esm_active(pro, as_of))
                .flatten();
            if let Some(ev) = active {
                let left = (ext_end - as_of).whole_days();
                let mut fr = format!("{name} n'a plus de support standard depuis le {}, mais {ext} est actif sur ce poste : correctifs de sécurité jusqu'au {}.", end_fr(free_end), end_fr(ext_end));
                let mut en = format!("{name} has had no standard support since {}, but {ext} is active on this computer: security fixes until {}.", end_en(free_end), end_en(ext_end));
                if left <= WARN_DAYS {
                    fr.push_str(&format!(" Attention : plus que {left} jour(s)."));
                    en.push_str(&format!(" Warning: only {left} day(s) left."));
                }
                return Finding::pass(fr, en).with([ev]);
            }
            let mut f = Finding::fail(
                format!("{name} n'est plus maintenu gratuitement par son éditeur depuis le {}. Un support payant ({ext}) existe jusqu'au {}, mais rien n'indique qu'il soit actif sur ce poste. Passez à une version maintenue, ou souscrivez et activez ce support en attendant.", end_fr(free_end), end_fr(ext_end)),
                format!("{name} has not been maintained free of charge by its publisher since {}. Paid support ({ext}) exists until {}, but nothing shows it active on this computer. Move to a maintained version, or subscribe to and activate that support meanwhile.", end_en(free_end), end_en(ext_end)),
            );
            if r.product == "ubuntu" {
                if let Collected::Ok { source, value } = pro {
                    f = f.with([pro_evidence(source, value)]);
                }
            }
            return f;
        }
        return Finding::fail(
            format!("{name} n'est plus maintenu : support standard terminé le {}, support payant ({ext}) terminé le {}. Ce système ne reçoit plus de correctifs de sécurité : passez à une version maintenue.", end_fr(free_end), end_fr(ext_end)),
            format!("{name} is no longer maintained: standard support ended on {}, paid support ({ext}) on {}. This system gets no more security fixes: move to a maintained version.", end_en(free_end), end_en(ext_end)),
        );
    }
    Finding::fail(
        format!("{name} n'est plus maintenu par son éditeur depuis le {}{est_fr} : il ne reçoit plus de correctifs de sécurité. Passez à une version maintenue.", end_fr(free_end)),
        format!("{name} has not been maintained by its publisher since {}{est_en}: it gets no more security fixes. Move to a maintained version.", end_en(free_end)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use time::macros::date;

    fn t() -> &'static [Release] {
        table().expect("the embedded table parses")
    }

    /// The table's own rules: sorted, dates in order, sources and check
    /// date present, no duplicate, no field that contradicts another.
    #[test]
    fn table_lint() {
        let t = t();
        assert!(t.len() > 50);
        let mut seen = BTreeSet::new();
        for w in t.windows(2) {
            let key = |r: &Release| {
                (
                    r.product.clone(),
                    version_key(&r.version),
                    r.edition.clone().unwrap_or_default(),
                )
            };
            assert!(
                key(&w[0]) < key(&w[1]),
                "not sorted: {} {} then {} {}",
                w[0].product,
                w[0].version,
                w[1].product,
                w[1].version
            );
        }
        for r in t {
            let id = format!("{} {} {:?}", r.product, r.version, r.edition);
            assert!(seen.insert(id.clone()), "{id} twice");
            assert!(!r.name.trim().is_empty(), "{id}: no name");
            assert!(!r.sources.is_empty(), "{id}: no source");
            for s in &r.sources {
                assert!(
                    s.starts_with("https://") && !s.contains(' '),
                    "{id}: bad source {s}"
                );
            }
            assert!(
                r.checked >= date!(2026 - 01 - 01),
                "{id}: checked too long ago"
            );
            assert!(r.checked >= r.released, "{id}: checked before release");
            if r.end_unpublished {
                assert!(
                    r.standard_end.is_none(),
                    "{id}: unpublished end with a date"
                );
                let l = r
                    .latest_end
                    .unwrap_or_else(|| panic!("{id}: needs latest_end"));
                assert!(l > r.released, "{id}");
            } else {
                let std = r
                    .standard_end
                    .unwrap_or_else(|| panic!("{id}: no standard_end"));
                assert!(
                    r.latest_end.is_none(),
                    "{id}: latest_end only with end_unpublished"
                );
                assert!(std > r.released, "{id}: ends before release");
                if let Some(lts) = r.lts_end {
                    assert!(lts > std, "{id}: LTS before standard end");
                }
                if let Some(ext) = r.extended_end {
                    assert!(
                        ext > r.free_end().unwrap_or(std),
                        "{id}: extension before free end"
                    );
                }
            }
            assert_eq!(
                r.extended_end.is_some(),
                r.extended_name.is_some(),
                "{id}: extended_end and extended_name go together"
            );
            if let Some(e) = &r.edition {
                assert!(
                    ["home-pro", "enterprise-education", "ltsc", "iot-ltsc"].contains(&e.as_str()),
                    "{id}: edition"
                );
                assert_eq!(r.product, "windows", "{id}: editions are for Windows");
            }
            assert!(
                r.product
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'),
                "{id}: product must be an os-release ID"
            );
        }
        // Every product also has its version lines in order of release.
        let products: BTreeSet<&str> = t.iter().map(|r| r.product.as_str()).collect();
        for p in products {
            let lines: Vec<&Release> = t
                .iter()
                .filter(|r| r.product == p && r.edition.is_none())
                .collect();
            for w in lines.windows(2) {
                assert!(
                    w[0].released <= w[1].released,
                    "{p}: {} released after {}",
                    w[0].version,
                    w[1].version
                );
            }
        }
    }

    #[test]
    fn table_covers_what_the_practices_run() {
        let t = t();
        let must = |p: &str, v: &str, e: Option<&str>| {
            assert!(lookup(t, p, v, e).is_some(), "{p} {v} {e:?} missing");
        };
        for v in ["10", "11", "12", "13"] {
            must("debian", v, None);
        }
        for v in [
            "18.04", "20.04", "22.04", "24.04", "26.04", "24.10", "25.04", "25.10",
        ] {
            must("ubuntu", v, None);
        }
        for v in ["20.3", "21.2", "22.1", "22"] {
            must("linuxmint", v, None);
        }
        must("lmde", "6", None);
        for v in ["39", "40", "41", "42", "43"] {
            must("fedora", v, None);
        }
        for p in ["rhel", "rocky", "almalinux"] {
            for v in ["8.10", "9.4", "10.0"] {
                must(p, v, None);
            }
        }
        for v in ["15.5", "15.6", "16.0"] {
            must("opensuse-leap", v, None);
        }
        must("sles", "15.6", None);
        must("sled", "15.7", None);
        for (v, e) in [
            ("10 22H2", "home-pro"),
            ("10 22H2", "enterprise-education"),
            ("11 23H2", "home-pro"),
            ("11 24H2", "enterprise-education"),
            ("11 25H2", "home-pro"),
        ] {
            must("windows", v, Some(e));
        }
        for v in ["12.7.6", "13", "14.8", "15", "26.1"] {
            must("macos", v, None);
        }
    }

    #[test]
    fn windows_10_ended_on_14_october_2025_with_esu_noted() {
        let r = lookup(t(), "windows", "10 22H2", Some("home-pro")).unwrap();
        assert_eq!(r.standard_end, Some(date!(2025 - 10 - 14)));
        assert_eq!(r.extended_name.as_deref(), Some("Windows 10 ESU"));
        let none = Collected::NotCollected { reason: "x".into() };
        assert_eq!(
            release_finding(r, &none, date!(2025 - 10 - 14)).status,
            crate::Status::Pass
        );
        let f = release_finding(r, &none, date!(2025 - 10 - 15));
        assert_eq!(f.status, crate::Status::Fail);
        assert!(f.reason.fr.contains("Windows 10 ESU"), "{}", f.reason.fr);
    }

    #[test]
    fn lookup_prefers_the_longest_version_and_respects_dots() {
        let t = t();
        assert_eq!(lookup(t, "rocky", "9.4", None).unwrap().version, "9");
        assert!(lookup(t, "rocky", "94", None).is_none());
        assert_eq!(
            lookup(t, "opensuse-leap", "15.6", None).unwrap().version,
            "15.6"
        );
        assert!(lookup(t, "opensuse-leap", "15", None).is_none());
        assert_eq!(lookup(t, "sles_sap", "15.6", None).unwrap().product, "sles");
        assert!(version_key("9") < version_key("10"));
        assert!(version_key("10 1809") < version_key("10 21H2"));
        assert!(version_key("23.10") < version_key("24.04"));
    }

    #[test]
    fn french_dates() {
        assert_eq!(date_fr(date!(2028 - 04 - 01), false), "1er avril 2028");
        assert_eq!(date_fr(date!(2026 - 06 - 10), false), "10 juin 2026");
        assert_eq!(date_fr(date!(2027 - 04 - 30), true), "fin avril 2027");
        assert_eq!(date_en(date!(2026 - 06 - 10), false), "10 June 2026");
    }

    #[test]
    fn a_broken_table_is_an_error_not_a_panic() {
        assert!(parse_table("[[release]]\nproduct = 1\n").is_err());
        assert!(parse_table("[[release]]\nproduct = \"x\"\nversion = \"1\"\nname = \"x\"\nreleased = 2020-13-01\nsources = []\nchecked = 2026-01-01\n").is_err());
        assert!(parse_table("[[release]]\nproduct = \"x\"\nversion = \"1\"\nname = \"x\"\nreleased = 2020-01-01T10:00:00\nsources = []\nchecked = 2026-01-01\n").is_err());
    }
}
