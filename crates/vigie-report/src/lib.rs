//! Renders a [`Report`] for people (terminal text) and for programs (JSON).
//! Rendering is pure: it returns strings, the binary writes them.
//!
//! Also: the printable report as one self-contained HTML file ([`html()`]) and
//! as Markdown ([`markdown()`]) — with the practice's backups (calendar,
//! sets, restore tests, retention) when it recorded any — and the providers' contract annex
//! ([`annex_html`], [`annex_markdown`]).

mod annex;
mod backups;
mod html;
mod markdown;
mod view;

pub use annex::{annex_html, annex_markdown};
pub use html::html;
pub use markdown::markdown;

/// Pieces of the HTML report for pages that must look like it (the local
/// web interface, `vigie-ui`): the stylesheet, badges, bars, the words,
/// dates and orderings. The report and those pages share them, so a change
/// here changes both.
pub mod parts {
    pub use crate::backups::{duration_text, size_text};
    pub use crate::html::{badge, bar, essential_tag, legend, memento_text, provider_facts, CSS};
    pub use crate::view::{
        colon, count_of, counts_phrase, datetime_text, day_text, declaration_text,
        delegation_label, failures, fix, lang_code, long_date, owner_text, role_title,
        stale_declarations, status_class, status_symbol, status_word, t, target_kind, unanswered,
        STATUSES,
    };
}

use anstyle::{AnsiColor, Style};
use std::fmt::Write;
use vigie_audit::{Basis, Counts, Report, RequirementResult, Status};
use vigie_catalog::{Catalog, Lang, Requirement};
use vigie_evidence::{Platform, TargetKind};

/// The report as pretty-printed JSON (the documented, versioned schema).
pub fn json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).unwrap_or_default();
    s.push('\n');
    s
}

fn t<'a>(lang: Lang, fr: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

const BOLD: Style = Style::new().bold();
const RED: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)))
    .bold();
const GREEN: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));
const YELLOW: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)));
const DIM: Style = Style::new().dimmed();

fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

fn counts(lang: Lang, c: &Counts) -> String {
    match lang {
        Lang::Fr => format!(
            "{} conforme(s), {} non conforme(s), {} non applicable(s), {} inconnu(s)",
            c.pass, c.fail, c.not_applicable, c.unknown
        ),
        Lang::En => format!(
            "{} pass, {} fail, {} not applicable, {} unknown",
            c.pass, c.fail, c.not_applicable, c.unknown
        ),
    }
}

/// The fix that fits the audited system.
fn fix(req: &Requirement, platform: Platform, lang: Lang) -> &str {
    let specific = match platform {
        Platform::Linux => req.fix.linux.as_ref(),
        Platform::Windows => req.fix.windows.as_ref(),
        Platform::Macos => req.fix.macos.as_ref(),
        Platform::Unknown => None,
    };
    specific.unwrap_or(&req.fix.general).get(lang)
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

/// The terminal report: summary per theme, failures first with the fix,
/// then unknowns with what would decide them, then what passes. Styles are
/// ANSI escapes; the caller strips them when not writing to a terminal.
pub fn text(report: &Report, catalog: &Catalog, lang: Lang) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "{}",
        paint(
            BOLD,
            &format!(
                "Vigie {} — {} (catalogue {})",
                report.tool.version,
                t(
                    lang,
                    "audit du mémento de sécurité PGSSI-S",
                    "PGSSI-S security memento audit"
                ),
                report.catalog_version
            )
        )
    );
    let kind = match (report.target.kind, report.target.from_evidence_file) {
        (_, true) => t(
            lang,
            "fichier de preuves enregistré",
            "recorded evidence file",
        ),
        (TargetKind::Live, _) => t(lang, "ce poste", "this machine"),
        (TargetKind::Root, _) => t(lang, "système hors ligne", "offline system"),
    };
    let mut target = kind.to_string();
    if let Some(h) = &report.target.host {
        target.push_str(&format!(" « {h} »"));
    }
    if let Some(r) = &report.target.root {
        target.push_str(&format!(" ({r})"));
    }
    if let Some(os) = &report.target.os {
        target.push_str(&format!(" — {os}"));
    }
    if let Some(p) = &report.practice {
        let _ = writeln!(
            w,
            "{} {} ({})",
            t(lang, "Cabinet :", "Practice:"),
            p.name,
            p.profession.get(lang)
        );
    }
    let _ = writeln!(w, "{} {target}", t(lang, "Cible :", "Target:"));
    let _ = writeln!(
        w,
        "{} {} · {} {:.1} ms\n",
        t(lang, "Date :", "Date:"),
        report.audit.as_of,
        t(lang, "durée", "duration"),
        report.audit.duration_ms
    );

    let _ = writeln!(w, "{}", paint(BOLD, t(lang, "Synthèse", "Summary")));
    let _ = writeln!(
        w,
        "  {}: {}",
        t(lang, "Toutes les exigences", "All requirements"),
        counts(lang, &report.summary.total)
    );
    let _ = writeln!(
        w,
        "  {}: {}",
        t(lang, "Incontournables", "Essentials (incontournables)"),
        counts(lang, &report.summary.essential)
    );
    let _ = writeln!(
        w,
        "  {}",
        paint(
            DIM,
            t(
                lang,
                "✓ conforme  ✗ non conforme  ? inconnu  – non applicable",
                "✓ pass  ✗ fail  ? unknown  – not applicable"
            )
        )
    );
    for theme in &report.summary.themes {
        let c = &theme.counts;
        let _ = writeln!(
            w,
            "  ✓{:<3} ✗{:<3} ?{:<3} –{:<3} {} {}",
            c.pass,
            c.fail,
            c.unknown,
            c.not_applicable,
            theme.theme,
            theme.title.get(lang)
        );
    }

    let privileged: Vec<&str> = report
        .requirements
        .iter()
        .filter(|r| r.needs_privileges)
        .map(|r| r.id.as_str())
        .collect();
    if !privileged.is_empty() {
        let _ = writeln!(
            w,
            "\n{}\n  {}",
            paint(
                YELLOW,
                &match lang {
                    Lang::Fr => format!(
                        "Droits administrateur requis — {} contrôle(s) incomplet(s) ; relancez avec « sudo vigie audit » :",
                        privileged.len()
                    ),
                    Lang::En => format!(
                        "Administrator rights needed — {} check(s) incomplete; run again with \"sudo vigie audit\":",
                        privileged.len()
                    ),
                }
            ),
            wrap(&privileged.join(", "), 76, "  ")
        );
    }

    let by_priority =
        |a: &&RequirementResult, b: &&RequirementResult| b.essential.cmp(&a.essential);
    let mut fails: Vec<&RequirementResult> = report
        .requirements
        .iter()
        .filter(|r| r.status == Status::Fail)
        .collect();
    fails.sort_by(by_priority);
    if !fails.is_empty() {
        let _ = writeln!(
            w,
            "\n{}",
            paint(
                RED,
                t(
                    lang,
                    "Non conforme — à corriger en premier",
                    "Failing — fix these first"
                )
            )
        );
        for r in fails {
            item(w, report, catalog, lang, r, true);
        }
    }
    let machine_unknowns: Vec<&RequirementResult> = report
        .requirements
        .iter()
        .filter(|r| r.status == Status::Unknown && r.basis != Basis::Declaration)
        .collect();
    if !machine_unknowns.is_empty() {
        let _ = writeln!(
            w,
            "\n{}",
            paint(
                YELLOW,
                t(
                    lang,
                    "Inconnu — ce qui permettrait de décider",
                    "Unknown — what would decide"
                )
            )
        );
        for r in machine_unknowns {
            item(w, report, catalog, lang, r, false);
        }
    }
    let declared: Vec<&str> = report
        .requirements
        .iter()
        .filter(|r| r.status == Status::Unknown && r.basis == Basis::Declaration)
        .map(|r| r.id.as_str())
        .collect();
    if !declared.is_empty() {
        let _ = writeln!(
            w,
            "\n{}\n  {}",
            paint(
                YELLOW,
                &match lang {
                    Lang::Fr => format!(
                        "À déclarer — {} exigence(s) que seule une personne peut vérifier",
                        declared.len()
                    ),
                    Lang::En => format!(
                        "To declare — {} requirement(s) only a person can check",
                        declared.len()
                    ),
                }
            ),
            wrap(&declared.join(", "), 76, "  ")
        );
    }
    let passes: Vec<&RequirementResult> = report
        .requirements
        .iter()
        .filter(|r| r.status == Status::Pass)
        .collect();
    if !passes.is_empty() {
        let _ = writeln!(w, "\n{}", paint(GREEN, t(lang, "Conforme", "Passing")));
        for r in passes {
            item(w, report, catalog, lang, r, false);
        }
    }
    out
}

fn item(
    w: &mut String,
    report: &Report,
    catalog: &Catalog,
    lang: Lang,
    r: &RequirementResult,
    with_fix: bool,
) {
    let Some(req) = catalog.requirement(&r.id) else {
        return;
    };
    let mark = match r.status {
        Status::Fail => paint(RED, "✗"),
        Status::Pass => paint(GREEN, "✓"),
        Status::Unknown => paint(YELLOW, "?"),
        Status::NotApplicable => paint(DIM, "–"),
    };
    let essential = if r.essential {
        format!(
            " {}",
            paint(BOLD, t(lang, "[incontournable]", "[essential]"))
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        w,
        "  {mark} {}{essential} {}",
        paint(BOLD, &r.id),
        first_line(req.text.get(lang))
    );
    let _ = writeln!(w, "      {}", wrap(r.reason.get(lang), 72, "      "));
    if let Some(machine) = r.machine_status {
        let seen = match (machine, lang) {
            (Status::Pass, Lang::Fr) => "conforme",
            (Status::Pass, Lang::En) => "pass",
            (Status::Fail, Lang::Fr) => "non conforme",
            (Status::Fail, Lang::En) => "fail",
            (Status::Unknown, Lang::Fr) => "inconnu",
            (Status::Unknown, Lang::En) => "unknown",
            (Status::NotApplicable, Lang::Fr) => "non applicable",
            (Status::NotApplicable, Lang::En) => "not applicable",
        };
        let _ = writeln!(
            w,
            "      {} {seen}",
            paint(DIM, t(lang, "Constat de la machine :", "Machine finding:"))
        );
    }
    if let Some(o) = &r.owner {
        let _ = writeln!(
            w,
            "      {} {} — {}",
            paint(DIM, t(lang, "Responsable :", "Owner:")),
            o.provider,
            o.role.label(lang)
        );
    }
    for e in r.evidence.iter().take(6) {
        let place = match e.line {
            Some(l) => format!("{}:{l}", e.source),
            None => e.source.clone(),
        };
        let key = e
            .key
            .as_deref()
            .map(|k| format!("{k} = "))
            .unwrap_or_default();
        let _ = writeln!(w, "      {} {place}  {key}{}", paint(DIM, "·"), e.value);
    }
    if r.evidence.len() > 6 {
        let _ = writeln!(
            w,
            "      {} (+{} {})",
            paint(DIM, "·"),
            r.evidence.len() - 6,
            t(
                lang,
                "autres éléments dans le rapport JSON",
                "more items in the JSON report"
            )
        );
    }
    if with_fix {
        let _ = writeln!(
            w,
            "      {} {}",
            paint(BOLD, t(lang, "À faire :", "To do:")),
            wrap(fix(req, report.target.platform, lang), 66, "      ")
        );
    }
}

/// Wraps on spaces so long French sentences stay readable in a terminal.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > width {
            out.push('\n');
            out.push_str(indent);
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
    }
    out
}

/// One catalog entry in full, for `vigie rules explain`.
pub fn explain(catalog: &Catalog, req: &Requirement, lang: Lang) -> String {
    let mut out = String::new();
    let w = &mut out;
    let rule = catalog.rule(&req.rule);
    let theme = catalog.theme(req.theme);
    let _ = writeln!(
        w,
        "{}",
        paint(
            BOLD,
            &format!(
                "{} — {}",
                req.id,
                t(
                    lang,
                    "exigence du mémento PGSSI-S",
                    "PGSSI-S memento requirement"
                )
            )
        )
    );
    if let Some(theme) = theme {
        let _ = writeln!(
            w,
            "{} {} : {}",
            t(lang, "Thème", "Theme"),
            theme.number,
            theme.title.get(lang)
        );
    }
    if let Some(rule) = rule {
        let _ = writeln!(
            w,
            "{} {} : {}",
            t(lang, "Règle", "Rule"),
            rule.number,
            rule.title.get(lang)
        );
    }
    let _ = writeln!(
        w,
        "\n{}\n{}",
        paint(
            BOLD,
            t(lang, "Texte du mémento (2013)", "Memento text (2013)")
        ),
        req.text.fr
    );
    if lang == Lang::En {
        let _ = writeln!(w, "\n{}\n{}", paint(BOLD, "English"), req.text.en);
    }
    let method = match (req.method, lang) {
        (vigie_catalog::Method::Auto, Lang::Fr) => "contrôlé sur la machine",
        (vigie_catalog::Method::Auto, Lang::En) => "checked on the machine",
        (vigie_catalog::Method::Declared, Lang::Fr) => "déclaré par une personne",
        (vigie_catalog::Method::Declared, Lang::En) => "declared by a person",
        (vigie_catalog::Method::Both, Lang::Fr) => "preuves de la machine et déclaration",
        (vigie_catalog::Method::Both, Lang::En) => "machine evidence and a declaration",
    };
    let delegation = match req.delegation {
        vigie_catalog::Delegation::None => t(lang, "non délégable", "not delegable").to_string(),
        d => format!(
            "{} {}",
            t(lang, "délégable au prestataire", "delegable to provider"),
            d.as_str()
        ),
    };
    let _ = writeln!(
        w,
        "\n{} {method} · {delegation}",
        t(lang, "Méthode :", "Method:")
    );
    if let Some(e) = &req.essential {
        let _ = writeln!(
            w,
            "\n{}\n{}",
            paint(
                BOLD,
                t(lang, "Incontournable", "Essential (incontournable)")
            ),
            e.text.get(lang)
        );
        for th in &e.thresholds {
            let _ = writeln!(w, "  {} = {} {:?}", th.key, th.value, th.unit);
        }
    }
    let _ = writeln!(
        w,
        "\n{}\n{}",
        paint(BOLD, t(lang, "Pourquoi c'est important", "Why it matters")),
        req.why.get(lang)
    );
    let _ = writeln!(
        w,
        "\n{}\n{}",
        paint(BOLD, t(lang, "Comment faire", "How to fix")),
        req.fix.general.get(lang)
    );
    for (os, f) in [
        ("Linux", &req.fix.linux),
        ("Windows", &req.fix.windows),
        ("macOS", &req.fix.macos),
    ] {
        if let Some(f) = f {
            let _ = writeln!(w, "  {os} : {}", f.get(lang));
        }
    }
    if !req.guidance.is_empty() {
        let _ = writeln!(
            w,
            "\n{}",
            paint(
                BOLD,
                t(
                    lang,
                    "Ce qui a changé depuis 2013",
                    "What changed since 2013"
                )
            )
        );
        for g in &req.guidance {
            let _ = writeln!(w, "  • {} — {}", g.source, g.difference.get(lang));
            if let Some(u) = &g.url {
                let _ = writeln!(w, "    {u}");
            }
        }
    }
    out
}
