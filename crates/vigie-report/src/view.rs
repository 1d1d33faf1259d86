//! What the HTML and Markdown renderings share: the words (statuses, dates,
//! how a verdict was reached, who owns a requirement), the orderings
//! (failures by importance, requirements by theme and rule) and the trend of
//! earlier audits. Both renderings say the same things; only the markup
//! differs.

use time::{Date, OffsetDateTime};
use vigie_audit::{
    Basis, Counts, DeclarationInfo, ProviderInfo, Report, RequirementResult, Status,
};
use vigie_catalog::{Catalog, Delegation, Lang, Localized, Requirement};
use vigie_evidence::{Platform, TargetKind};
use vigie_practice::{Organisation, Role};

pub fn t<'a>(lang: Lang, fr: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

/// A colon as each language writes it: "Date : ...", "Date: ...".
pub fn colon(lang: Lang) -> &'static str {
    t(lang, " : ", ": ")
}

pub fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "fr",
        Lang::En => "en",
    }
}

/// The order statuses are shown in, everywhere.
pub const STATUSES: [Status; 4] = [
    Status::Pass,
    Status::Fail,
    Status::Unknown,
    Status::NotApplicable,
];

/// The status as a word: what a person reads next to the symbol.
pub fn status_word(status: Status, lang: Lang) -> &'static str {
    match (status, lang) {
        (Status::Pass, Lang::Fr) => "Conforme",
        (Status::Fail, Lang::Fr) => "Non conforme",
        (Status::Unknown, Lang::Fr) => "Inconnu",
        (Status::NotApplicable, Lang::Fr) => "Non applicable",
        (Status::Pass, Lang::En) => "Pass",
        (Status::Fail, Lang::En) => "Fail",
        (Status::Unknown, Lang::En) => "Unknown",
        (Status::NotApplicable, Lang::En) => "Not applicable",
    }
}

/// A symbol per status, so that a black-and-white print still tells them apart.
pub fn status_symbol(status: Status) -> &'static str {
    match status {
        Status::Pass => "✓",
        Status::Fail => "✗",
        Status::Unknown => "?",
        Status::NotApplicable => "–",
    }
}

pub fn status_class(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::Unknown => "unknown",
        Status::NotApplicable => "na",
    }
}

pub fn count_of(counts: &Counts, status: Status) -> u32 {
    match status {
        Status::Pass => counts.pass,
        Status::Fail => counts.fail,
        Status::Unknown => counts.unknown,
        Status::NotApplicable => counts.not_applicable,
    }
}

/// "12 conformes, 3 non conformes, ..." — agreeing with "exigence(s)".
pub fn counts_phrase(counts: &Counts, lang: Lang) -> String {
    let part = |n: u32, status: Status| -> String {
        let plural = n > 1;
        let word = match (status, lang) {
            (Status::Pass, Lang::Fr) => "conforme",
            (Status::Fail, Lang::Fr) => "non conforme",
            (Status::Unknown, Lang::Fr) => "inconnue",
            (Status::NotApplicable, Lang::Fr) => "non applicable",
            (Status::Pass, Lang::En) => "pass",
            (Status::Fail, Lang::En) => "fail",
            (Status::Unknown, Lang::En) => "unknown",
            (Status::NotApplicable, Lang::En) => "not applicable",
        };
        let s = if plural && lang == Lang::Fr { "s" } else { "" };
        format!("{n} {word}{s}")
    };
    STATUSES
        .iter()
        .map(|s| part(count_of(counts, *s), *s))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "28 novembre 2026" ("1er décembre 2026"), "28 November 2026".
pub fn long_date(date: Date, lang: Lang) -> String {
    let day = match (lang, date.day()) {
        (Lang::Fr, 1) => "1er".to_string(),
        (_, d) => d.to_string(),
    };
    format!(
        "{day} {} {}",
        lang.month_name(u8::from(date.month())),
        date.year()
    )
}

fn parse_datetime(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
}

fn parse_day(text: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text, &format)
        .ok()
        .or_else(|| parse_datetime(text).map(|d| d.date()))
}

/// A day ("2026-11-28" or an RFC 3339 time) in words; the text itself when
/// it cannot be read, so nothing is silently lost.
pub fn day_text(text: &str, lang: Lang) -> String {
    parse_day(text)
        .map(|d| long_date(d, lang))
        .unwrap_or_else(|| text.to_string())
}

/// An RFC 3339 time in words, with its offset: "28 novembre 2026 à 19 h 56 (UTC)".
pub fn datetime_text(text: &str, lang: Lang) -> String {
    let Some(at) = parse_datetime(text) else {
        return text.to_string();
    };
    let offset = at.offset();
    let zone = if offset.is_utc() {
        "UTC".to_string()
    } else {
        let (h, m, _) = offset.as_hms();
        format!(
            "UTC{}{:02}:{:02}",
            if offset.is_negative() { '−' } else { '+' },
            h.unsigned_abs(),
            m.unsigned_abs()
        )
    };
    match lang {
        Lang::Fr => format!(
            "{} à {} h {:02} ({zone})",
            long_date(at.date(), lang),
            at.hour(),
            at.minute()
        ),
        Lang::En => format!(
            "{}, {:02}:{:02} ({zone})",
            long_date(at.date(), lang),
            at.hour(),
            at.minute()
        ),
    }
}

pub(crate) fn yes_no(value: bool, lang: Lang) -> &'static str {
    match (value, lang) {
        (true, Lang::Fr) => "oui",
        (false, Lang::Fr) => "non",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    }
}

/// What was audited: this machine, an offline root or a recorded file.
pub fn target_kind(report: &Report, lang: Lang) -> &'static str {
    match (report.target.kind, report.target.from_evidence_file) {
        (TargetKind::Live, false) => t(lang, "ce poste, en direct", "this machine, live"),
        (TargetKind::Root, false) => t(
            lang,
            "système hors ligne (disque monté)",
            "offline system (mounted disk)",
        ),
        (TargetKind::Live, true) => t(
            lang,
            "fichier de preuves enregistré sur le poste",
            "evidence file recorded on the machine",
        ),
        (TargetKind::Root, true) => t(
            lang,
            "fichier de preuves enregistré hors ligne",
            "evidence file recorded offline",
        ),
    }
}

pub(crate) fn platform_name(platform: Platform) -> &'static str {
    match platform {
        Platform::Linux => "Linux",
        Platform::Windows => "Windows",
        Platform::Macos => "macOS",
        Platform::Unknown => "?",
    }
}

pub(crate) fn organisation(code: &str, lang: Lang) -> String {
    Organisation::from_code(code)
        .map(|o| o.label(lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// The fix that fits the audited system, else the general one.
pub fn fix(req: &Requirement, platform: Platform, lang: Lang) -> &str {
    let specific = match platform {
        Platform::Linux => req.fix.linux.as_ref(),
        Platform::Windows => req.fix.windows.as_ref(),
        Platform::Macos => req.fix.macos.as_ref(),
        Platform::Unknown => None,
    };
    specific.unwrap_or(&req.fix.general).get(lang)
}

/// The failures, by importance: the memento's "incontournables" first,
/// then catalog order.
pub fn failures(report: &Report) -> Vec<&RequirementResult> {
    let mut out: Vec<&RequirementResult> = report
        .requirements
        .iter()
        .filter(|r| r.status == Status::Fail)
        .collect();
    // Stable: catalog order within each group.
    out.sort_by_key(|r| !r.essential);
    out
}

/// Requirements grouped by theme, then rule, in catalog order.
pub(crate) struct ThemeGroup<'a> {
    pub number: u8,
    pub title: String,
    pub rules: Vec<RuleGroup<'a>>,
}

pub(crate) struct RuleGroup<'a> {
    pub number: String,
    pub title: String,
    pub requirements: Vec<&'a RequirementResult>,
}

pub(crate) fn grouped<'a>(
    results: impl IntoIterator<Item = &'a RequirementResult>,
    catalog: &Catalog,
    lang: Lang,
) -> Vec<ThemeGroup<'a>> {
    let mut themes: Vec<ThemeGroup<'a>> = Vec::new();
    for r in results {
        let rule = catalog
            .requirement(&r.id)
            .map(|q| q.rule.clone())
            .unwrap_or_default();
        if themes.last().is_none_or(|t| t.number != r.theme) {
            themes.push(ThemeGroup {
                number: r.theme,
                title: catalog
                    .theme(r.theme)
                    .map(|t| t.title.get(lang).to_string())
                    .unwrap_or_default(),
                rules: Vec::new(),
            });
        }
        let Some(theme) = themes.last_mut() else {
            continue;
        };
        if theme.rules.last().is_none_or(|g| g.number != rule) {
            theme.rules.push(RuleGroup {
                title: catalog
                    .rule(&rule)
                    .map(|x| x.title.get(lang).to_string())
                    .unwrap_or_default(),
                number: rule,
                requirements: Vec::new(),
            });
        }
        if let Some(group) = theme.rules.last_mut() {
            group.requirements.push(r);
        }
    }
    themes
}

/// How the verdict was reached, in a few words.
pub(crate) fn basis_label(r: &RequirementResult, lang: Lang) -> &'static str {
    match r.basis {
        Basis::Machine => t(lang, "Constat sur la machine", "Checked on the machine"),
        Basis::Declaration => t(lang, "Déclaration", "Declaration"),
        Basis::MachineAndDeclaration => t(
            lang,
            "Constat sur la machine et déclaration",
            "Machine check and declaration",
        ),
        Basis::NotAutomated => t(
            lang,
            "Pas encore contrôlé automatiquement",
            "Not checked automatically yet",
        ),
    }
}

/// "« oui », déclaré par Dr Martin le 3 mars 2026 (à jour)".
pub fn declaration_text(d: &DeclarationInfo, lang: Lang) -> String {
    let state = match (d.stale, lang) {
        (false, Lang::Fr) => "à jour",
        (true, Lang::Fr) => "périmée : à renouveler",
        (false, Lang::En) => "current",
        (true, Lang::En) => "stale: to be answered again",
    };
    match lang {
        Lang::Fr => format!(
            "réponse « {} » de {} le {} ({state})",
            d.answer_label.fr,
            d.author,
            day_text(&d.answered_at, lang)
        ),
        Lang::En => format!(
            "answer \"{}\" by {} on {} ({state})",
            d.answer_label.en,
            d.author,
            day_text(&d.answered_at, lang)
        ),
    }
}

/// Who holds the requirement: the practice, or the provider it is delegated to.
pub fn owner_text(r: &RequirementResult, lang: Lang) -> String {
    match &r.owner {
        None => t(lang, "le cabinet", "the practice").to_string(),
        Some(o) => format!("{} — {}", o.provider, o.role.label(lang)),
    }
}

/// The memento's cartouche: to whom the requirement may be delegated.
pub fn delegation_label(d: Delegation, lang: Lang) -> &'static str {
    match d {
        Delegation::None => t(lang, "non délégable", "not delegable"),
        Delegation::A => "A",
        Delegation::B => "B",
        Delegation::AB => t(lang, "A ou B", "A or B"),
    }
}

pub fn role_title(role: Role, lang: Lang) -> String {
    let label = role.label(lang);
    let mut chars = label.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// "source:line".
pub(crate) fn evidence_place(e: &vigie_audit::EvidenceItem) -> String {
    match e.line {
        Some(l) => format!("{}:{l}", e.source),
        None => e.source.clone(),
    }
}

/// One audit in the history table: earlier ones, then this one.
pub(crate) struct AuditRow {
    pub when: String,
    pub host: Option<String>,
    pub counts: Counts,
    pub current: bool,
    /// Change in passes and failures since the audit before it.
    pub delta: Option<(i64, i64)>,
}

pub(crate) fn audit_rows(report: &Report, lang: Lang) -> Vec<AuditRow> {
    let mut rows: Vec<AuditRow> = report
        .history
        .iter()
        .map(|h| AuditRow {
            when: day_text(&h.run_at, lang),
            host: h.host.clone(),
            counts: h.counts,
            current: false,
            delta: None,
        })
        .collect();
    rows.push(AuditRow {
        when: day_text(&report.audit.as_of, lang),
        host: report.target.host.clone(),
        counts: report.summary.total,
        current: true,
        delta: None,
    });
    for i in 1..rows.len() {
        let (before, now) = (rows[i - 1].counts, rows[i].counts);
        rows[i].delta = Some((
            i64::from(now.pass) - i64::from(before.pass),
            i64::from(now.fail) - i64::from(before.fail),
        ));
    }
    rows
}

/// "+3", "−2", "=".
pub(crate) fn signed(n: i64) -> String {
    match n {
        0 => "=".into(),
        n if n > 0 => format!("+{n}"),
        n => format!("−{}", n.unsigned_abs()),
    }
}

/// The trend in one sentence, comparing this audit with the previous one.
pub(crate) fn trend_sentence(rows: &[AuditRow], lang: Lang) -> String {
    let [.., before, now] = rows else {
        return t(
            lang,
            "Premier audit enregistré pour ce cabinet : pas encore d'évolution à montrer.",
            "First audit recorded for this practice: no trend to show yet.",
        )
        .to_string();
    };
    let Some((pass, fail)) = now.delta else {
        return String::new();
    };
    let direction = match (pass.signum(), fail.signum()) {
        (p, f) if p >= 0 && f <= 0 && (p, f) != (0, 0) => t(lang, "en progrès", "improving"),
        (p, f) if p <= 0 && f >= 0 && (p, f) != (0, 0) => t(lang, "en recul", "worsening"),
        (0, 0) => t(lang, "stable", "steady"),
        _ => t(lang, "contrasté", "mixed"),
    };
    let (first, last) = (rows[0].counts.fail, now.counts.fail);
    match lang {
        Lang::Fr => {
            let span = if first == last {
                format!("restent à {last}")
            } else {
                format!("sont passées de {first} à {last}")
            };
            format!(
                "Depuis l'audit du {} : conformes {}, non conformes {} ({direction}). Sur les {} audits enregistrés, les non-conformités {span}.",
                before.when,
                signed(pass),
                signed(fail),
                rows.len(),
            )
        }
        Lang::En => {
            let span = if first == last {
                format!("stayed at {last}")
            } else {
                format!("went from {first} to {last}")
            };
            format!(
                "Since the audit of {}: pass {}, fail {} ({direction}). Over the {} recorded audits, failures {span}.",
                before.when,
                signed(pass),
                signed(fail),
                rows.len(),
            )
        }
    }
}

/// The providers' warnings, each with its provider.
pub fn provider_warnings(report: &Report) -> Vec<(&ProviderInfo, &Localized)> {
    report
        .providers
        .iter()
        .flat_map(|p| p.warnings.iter().map(move |w| (p, w)))
        .collect()
}

/// The summary's points to watch that name requirements: each non-empty
/// list with the sentence introducing it, which ends with its colon.
pub fn watch_lists(report: &Report, lang: Lang) -> Vec<(String, Vec<&RequirementResult>)> {
    let stale = stale_declarations(report);
    let unanswered = unanswered(report);
    let privileged: Vec<&RequirementResult> = report
        .requirements
        .iter()
        .filter(|r| r.needs_privileges)
        .collect();
    let (s, u, p) = (stale.len(), unanswered.len(), privileged.len());
    let label = match lang {
        Lang::Fr => [
            format!("{s} réponse(s) périmée(s), à renouveler :"),
            format!("{u} exigence(s) attendent encore une déclaration (« vigie declare ») :"),
            format!("{p} contrôle(s) incomplet(s) faute de droits administrateur :"),
        ],
        Lang::En => [
            format!("{s} stale answer(s), to be given again:"),
            format!("{u} requirement(s) still wait for a declaration (\"vigie declare\"):"),
            format!("{p} check(s) incomplete without administrator rights:"),
        ],
    };
    label
        .into_iter()
        .zip([stale, unanswered, privileged])
        .filter(|(_, list)| !list.is_empty())
        .collect()
}

/// Requirements whose declaration is stale.
pub fn stale_declarations(report: &Report) -> Vec<&RequirementResult> {
    report
        .requirements
        .iter()
        .filter(|r| r.declaration.as_ref().is_some_and(|d| d.stale))
        .collect()
}

/// Declared requirements nobody has answered yet.
pub fn unanswered(report: &Report) -> Vec<&RequirementResult> {
    report
        .requirements
        .iter()
        .filter(|r| {
            r.status == Status::Unknown
                && r.declaration.is_none()
                && r.method != vigie_catalog::Method::Auto
                && r.basis != Basis::NotAutomated
        })
        .collect()
}

/// Requirements a provider may hold (the memento's A/B cartouches), or
/// delegated anyway.
pub(crate) fn delegable(report: &Report) -> Vec<&RequirementResult> {
    report
        .requirements
        .iter()
        .filter(|r| r.delegation != Delegation::None || r.owner.is_some())
        .collect()
}

/// The requirements delegated to a role, in catalog order.
pub(crate) fn delegated_to(report: &Report, role: Role) -> Vec<&RequirementResult> {
    report
        .requirements
        .iter()
        .filter(|r| r.owner.as_ref().is_some_and(|o| o.role == role))
        .collect()
}

/// The percentage widths of a bar's segments, in [`STATUSES`] order, to a
/// tenth (their sum may be off by a tenth: the bar is a picture, the counts
/// beside it are the figures).
pub(crate) fn bar_widths(counts: &Counts) -> [f64; 4] {
    let total = counts.total();
    if total == 0 {
        return [0.0; 4];
    }
    let mut out = [0.0; 4];
    for (i, s) in STATUSES.iter().enumerate() {
        out[i] = (f64::from(count_of(counts, *s)) * 1000.0 / f64::from(total)).round() / 10.0;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn dates_in_words() {
        assert_eq!(
            long_date(date!(2026 - 11 - 28), Lang::Fr),
            "28 novembre 2026"
        );
        assert_eq!(
            long_date(date!(2026 - 12 - 01), Lang::Fr),
            "1er décembre 2026"
        );
        assert_eq!(long_date(date!(2026 - 08 - 01), Lang::En), "1 August 2026");
        assert_eq!(day_text("2026-11-28", Lang::Fr), "28 novembre 2026");
        assert_eq!(
            day_text("2026-02-03T10:00:00+01:00", Lang::Fr),
            "3 février 2026"
        );
        assert_eq!(day_text("hier", Lang::Fr), "hier");
        assert_eq!(
            datetime_text("2026-11-28T19:56:03Z", Lang::Fr),
            "28 novembre 2026 à 19 h 56 (UTC)"
        );
        assert_eq!(
            datetime_text("2026-11-28T08:05:00+01:00", Lang::En),
            "28 November 2026, 08:05 (UTC+01:00)"
        );
    }

    #[test]
    fn counts_agree_in_french() {
        let c = Counts {
            pass: 2,
            fail: 1,
            not_applicable: 0,
            unknown: 3,
        };
        assert_eq!(
            counts_phrase(&c, Lang::Fr),
            "2 conformes, 1 non conforme, 3 inconnues, 0 non applicable"
        );
        assert_eq!(
            counts_phrase(&c, Lang::En),
            "2 pass, 1 fail, 3 unknown, 0 not applicable"
        );
        assert_eq!(bar_widths(&c), [33.3, 16.7, 50.0, 0.0]);
        assert_eq!(bar_widths(&Counts::default()), [0.0; 4]);
    }

    #[test]
    fn signs() {
        assert_eq!(signed(3), "+3");
        assert_eq!(signed(-2), "−2");
        assert_eq!(signed(0), "=");
    }
}
