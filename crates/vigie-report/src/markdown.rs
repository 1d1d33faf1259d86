//! The audit report as Markdown (GitHub-flavoured tables): the same content
//! as the HTML file, for a wiki, a ticket or a diff between two audits.
//!
//! Every text from data goes through [`text`] (punctuation that Markdown
//! would read as markup is backslash-escaped, so a note cannot inject HTML
//! or links) or [`code`] (a code span whose fence is longer than any run of
//! backticks inside).

use crate::view::{self, t, STATUSES};
use std::fmt::Write;
use vigie_audit::{Basis, Counts, Report, RequirementResult, Status};
use vigie_catalog::{Catalog, Lang, Method};
use vigie_practice::Role;

/// Inline text from data: one line, Markdown punctuation escaped. Brackets
/// are escaped, so parentheses cannot form a link; an underscore between two
/// letters is never emphasis (GFM), so `pam_unix` stays readable.
pub(crate) fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        let chars: Vec<char> = word.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let escape = match c {
                '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '#' | '&' | '~' => true,
                '_' => {
                    let alnum = |j: Option<&char>| j.is_some_and(|c| c.is_alphanumeric());
                    !(i > 0 && alnum(chars.get(i - 1)) && alnum(chars.get(i + 1)))
                }
                _ => false,
            };
            if escape {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// A code span holding `s` verbatim (on one line).
pub(crate) fn code(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || s.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

pub(crate) fn status(s: Status, lang: Lang) -> String {
    format!("{} {}", view::status_symbol(s), view::status_word(s, lang))
}

pub(crate) fn essential_tag(lang: Lang) -> &'static str {
    t(lang, "★ Incontournable", "★ Essential")
}

/// The memento's text as a quote, French verbatim; English under it when
/// the document is in English.
pub(crate) fn memento_text(w: &mut String, catalog: &Catalog, id: &str, lang: Lang) {
    let Some(req) = catalog.requirement(id) else {
        return;
    };
    let _ = writeln!(w, "> {}", text(&req.text.fr));
    if lang == Lang::En {
        let _ = writeln!(w, ">\n> English: {}", text(&req.text.en));
    }
    w.push('\n');
}

/// A bar of 20 symbols, so that it reads in plain text too.
fn bar(counts: &Counts) -> String {
    let total = counts.total();
    if total == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut cells = 0u32;
    let mut cumulated = 0u32;
    for s in STATUSES {
        cumulated += view::count_of(counts, s);
        let upto = (cumulated * 20 + total / 2) / total;
        for _ in cells..upto {
            out.push_str(view::status_symbol(s));
        }
        cells = cells.max(upto);
    }
    out
}

fn counts_row(w: &mut String, label: &str, counts: &Counts) {
    let _ = write!(w, "| {label} |");
    for s in STATUSES {
        let _ = write!(w, " {} |", view::count_of(counts, s));
    }
    let _ = writeln!(w, " {} | {} |", counts.total(), bar(counts));
}

fn counts_header(w: &mut String, first: &str, lang: Lang) {
    let _ = write!(w, "| {first} |");
    for s in STATUSES {
        let _ = write!(w, " {} |", status(s, lang));
    }
    let _ = writeln!(
        w,
        " Total | {} |\n|---|---:|---:|---:|---:|---:|---|",
        t(lang, "Répartition", "Share")
    );
}

/// The audit report in Markdown.
pub fn markdown(report: &Report, catalog: &Catalog, lang: Lang) -> String {
    let mut out = String::new();
    let w = &mut out;
    cover(w, report, catalog, lang);
    summary(w, report, lang);
    failures(w, report, catalog, lang);
    responsibilities(w, report, catalog, lang);
    crate::backups::markdown(w, report, lang);
    requirements(w, report, catalog, lang);
    history(w, report, lang);
    let _ = writeln!(
        w,
        "---\n\n{}",
        text(&match lang {
            Lang::Fr => format!(
                "Rapport produit par Vigie {} (catalogue {}) pour l'audit du {}. Référence : {}, {} ({}).",
                report.tool.version,
                report.catalog_version,
                view::day_text(&report.audit.as_of, lang),
                catalog.memento.title,
                catalog.memento.publisher,
                catalog.memento.edition
            ),
            Lang::En => format!(
                "Report produced by Vigie {} (catalog {}) for the audit of {}. Reference: {}, {} ({}).",
                report.tool.version,
                report.catalog_version,
                view::day_text(&report.audit.as_of, lang),
                catalog.memento.title,
                catalog.memento.publisher,
                catalog.memento.edition
            ),
        })
    );
    out
}

fn fact(w: &mut String, lang: Lang, label: &str, value: &str) {
    let _ = writeln!(w, "- **{label}**{}{value}", view::colon(lang));
}

fn cover(w: &mut String, report: &Report, catalog: &Catalog, lang: Lang) {
    let target = &report.target;
    let _ = writeln!(
        w,
        "# {}\n\n*{}*\n",
        t(
            lang,
            "Rapport d'audit de sécurité informatique",
            "IT security audit report"
        ),
        text(&format!(
            "{} — {}, {}",
            catalog.memento.title, catalog.memento.publisher, catalog.memento.edition
        ))
    );
    match &report.practice {
        Some(p) => {
            fact(w, lang, t(lang, "Cabinet", "Practice"), &text(&p.name));
            fact(
                w,
                lang,
                t(lang, "Profession", "Profession"),
                &text(&format!(
                    "{} — {}",
                    p.profession.get(lang),
                    view::organisation(&p.organisation, lang)
                )),
            );
            if let Some(a) = &p.address {
                fact(w, lang, t(lang, "Adresse", "Address"), &text(a));
            }
        }
        None => fact(
            w,
            lang,
            t(lang, "Cabinet", "Practice"),
            &text(t(
                lang,
                "non renseigné (« vigie init » l'enregistre)",
                "not recorded (\"vigie init\" records it)",
            )),
        ),
    }
    fact(
        w,
        lang,
        t(lang, "Date de l'audit", "Audit date"),
        &format!("**{}**", view::day_text(&report.audit.as_of, lang)),
    );
    fact(
        w,
        lang,
        t(lang, "Poste audité", "Audited machine"),
        &text(&format!(
            "{} — {}",
            target.host.as_deref().unwrap_or("?"),
            view::target_kind(report, lang)
        )),
    );
    fact(
        w,
        lang,
        t(lang, "Système", "Operating system"),
        &text(
            target
                .os
                .as_deref()
                .unwrap_or(view::platform_name(target.platform)),
        ),
    );
    let rights = if target.privileged {
        view::yes_no(true, lang).to_string()
    } else {
        format!(
            "{} — {}",
            view::yes_no(false, lang),
            t(
                lang,
                "certains contrôles peuvent rester inconnus",
                "some checks may stay unknown"
            )
        )
    };
    fact(
        w,
        lang,
        t(lang, "Droits administrateur", "Administrator rights"),
        &rights,
    );
    fact(
        w,
        lang,
        t(lang, "Preuves relevées le", "Evidence collected on"),
        &text(&view::datetime_text(&report.audit.collected_at, lang)),
    );
    fact(
        w,
        lang,
        t(lang, "Catalogue", "Catalog"),
        &text(&format!(
            "{} — {} {}",
            report.catalog_version,
            t(lang, "profil", "profile"),
            report.profile
        )),
    );
    fact(
        w,
        lang,
        t(lang, "Outil", "Tool"),
        &text(&format!("{} {}", report.tool.name, report.tool.version)),
    );
    w.push('\n');
}

fn id_list(results: &[&RequirementResult]) -> String {
    results
        .iter()
        .map(|r| text(&r.id))
        .collect::<Vec<_>>()
        .join(", ")
}

fn summary(w: &mut String, report: &Report, lang: Lang) {
    let s = &report.summary;
    let _ = writeln!(w, "## {}\n", t(lang, "Synthèse", "Summary"));
    let _ = writeln!(
        w,
        "{}**{}**.\n",
        match lang {
            Lang::Fr => format!("Sur {} exigences du mémento : ", s.total.total()),
            Lang::En => format!("Of the memento's {} requirements: ", s.total.total()),
        },
        view::counts_phrase(&s.total, lang)
    );
    let _ = writeln!(
        w,
        "{}**{}**.\n",
        match lang {
            Lang::Fr => format!(
                "Les {} « incontournables » du mémento : ",
                s.essential.total()
            ),
            Lang::En => format!(
                "The memento's {} essentials (\"incontournables\"): ",
                s.essential.total()
            ),
        },
        view::counts_phrase(&s.essential, lang)
    );
    counts_header(w, t(lang, "Ensemble", "Set"), lang);
    counts_row(
        w,
        &format!(
            "**{}**",
            t(lang, "Toutes les exigences", "All requirements")
        ),
        &s.total,
    );
    counts_row(
        w,
        &format!("**★ {}**", t(lang, "Incontournables", "Essentials")),
        &s.essential,
    );
    for theme in &s.themes {
        counts_row(
            w,
            &text(&format!("{} — {}", theme.theme, theme.title.get(lang))),
            &theme.counts,
        );
    }
    let _ = writeln!(
        w,
        "\n{} {}\n",
        t(lang, "Légende :", "Legend:"),
        STATUSES
            .iter()
            .map(|s| status(*s, lang))
            .collect::<Vec<_>>()
            .join(" · ")
    );

    let warnings = view::provider_warnings(report);
    let lists = view::watch_lists(report, lang);
    if warnings.is_empty() && lists.is_empty() {
        return;
    }
    let _ = writeln!(
        w,
        "### {}\n",
        t(lang, "Points d'attention", "Points to watch")
    );
    for (p, warning) in &warnings {
        let _ = writeln!(
            w,
            "- ⚠ {}{}{}",
            text(&p.provider.name),
            view::colon(lang),
            text(warning.get(lang))
        );
    }
    for (label, list) in &lists {
        let _ = writeln!(w, "- {} {}", text(label), id_list(list));
    }
    w.push('\n');
}

fn failures(w: &mut String, report: &Report, catalog: &Catalog, lang: Lang) {
    let fails = view::failures(report);
    let essential = fails.iter().filter(|r| r.essential).count();
    let _ = writeln!(
        w,
        "## {}\n",
        t(
            lang,
            "Non-conformités à corriger en priorité",
            "Failures to fix first"
        )
    );
    if fails.is_empty() {
        let _ = writeln!(
            w,
            "{}\n",
            t(
                lang,
                "Aucune non-conformité constatée.",
                "No failure found."
            )
        );
        return;
    }
    let _ = writeln!(
        w,
        "{}\n",
        text(&match lang {
            Lang::Fr => format!(
                "{} exigence(s) non conforme(s), dont {essential} incontournable(s), présentées par ordre d'importance : les incontournables d'abord.",
                fails.len()
            ),
            Lang::En => format!(
                "{} failing requirement(s), {essential} of them essential, by importance: essentials first.",
                fails.len()
            ),
        })
    );
    for r in fails {
        let Some(req) = catalog.requirement(&r.id) else {
            continue;
        };
        let essential = if r.essential {
            format!(" · {}", essential_tag(lang))
        } else {
            String::new()
        };
        let _ = writeln!(
            w,
            "### {} — {}{essential}\n",
            text(&r.id),
            status(r.status, lang)
        );
        memento_text(w, catalog, &r.id, lang);
        fact(
            w,
            lang,
            t(lang, "Constat", "Finding"),
            &text(r.reason.get(lang)),
        );
        fact(
            w,
            lang,
            t(lang, "Responsable", "Responsible"),
            &text(&view::owner_text(r, lang)),
        );
        fact(
            w,
            lang,
            t(lang, "À faire", "To do"),
            &text(view::fix(req, report.target.platform, lang)),
        );
        if !req.guidance.is_empty() {
            let _ = writeln!(
                w,
                "- {}",
                t(
                    lang,
                    "Recommandations actuelles (postérieures au mémento de 2013) :",
                    "Current guidance (since the 2013 memento):"
                )
            );
            for g in &req.guidance {
                let _ = writeln!(
                    w,
                    "  - {} ({})",
                    text(g.difference.get(lang)),
                    text(&g.source)
                );
            }
        }
        w.push('\n');
    }
}

pub(crate) fn provider_facts(w: &mut String, p: &vigie_practice::Provider, lang: Lang) {
    fact(w, lang, t(lang, "Société", "Company"), &text(&p.name));
    if let Some(c) = &p.contact {
        fact(w, lang, t(lang, "Contact", "Contact"), &text(c));
    }
    fact(
        w,
        lang,
        t(lang, "Contrat signé le", "Contract signed on"),
        &match p.contract_date {
            Some(d) => view::long_date(d, lang),
            None => t(lang, "date non renseignée", "date not recorded").to_string(),
        },
    );
    if p.role == Role::B {
        fact(
            w,
            lang,
            t(lang, "Certificat HDS", "HDS certificate"),
            &text(
                p.hds_certificate
                    .as_deref()
                    .unwrap_or(t(lang, "non renseigné", "not recorded")),
            ),
        );
        fact(
            w,
            lang,
            t(lang, "Expiration du certificat", "Certificate expiry"),
            &match p.hds_expiry {
                Some(d) => view::long_date(d, lang),
                None => t(lang, "non renseignée", "not recorded").to_string(),
            },
        );
    }
}

fn responsibilities(w: &mut String, report: &Report, catalog: &Catalog, lang: Lang) {
    let rows = view::delegable(report);
    let others = report.requirements.len() - rows.len();
    let _ = writeln!(
        w,
        "## {}\n\n{}\n",
        t(
            lang,
            "Répartition des responsabilités (prestataires A et B)",
            "Who is responsible (providers A and B)"
        ),
        text(t(lang,
            "Le mémento marque A les exigences que le cabinet peut confier à son prestataire de maintenance et B celles qu'il peut confier à son hébergeur. Déléguer ne masque aucune non-conformité : le constat reste, avec son responsable.",
            "The memento marks A the requirements the practice may hand over to its maintenance provider, and B those it may hand over to its hosting provider. Delegating hides no failure: the finding stays, with who is responsible for it."))
    );
    for role in Role::ALL {
        let _ = writeln!(w, "### {}\n", view::role_title(role, lang));
        match report.providers.iter().find(|p| p.provider.role == role) {
            Some(info) => {
                provider_facts(w, &info.provider, lang);
                for warning in &info.warnings {
                    let _ = writeln!(w, "- ⚠ **{}**", text(warning.get(lang)));
                }
            }
            None => {
                let _ = writeln!(
                    w,
                    "- {}",
                    match role {
                        Role::A => t(
                            lang,
                            "Aucun prestataire de maintenance enregistré.",
                            "No maintenance provider recorded."
                        ),
                        Role::B => t(
                            lang,
                            "Aucun hébergeur enregistré.",
                            "No hosting provider recorded."
                        ),
                    }
                );
            }
        }
        let _ = writeln!(
            w,
            "- {}\n",
            match lang {
                Lang::Fr => format!(
                    "Exigences qui lui sont déléguées : {}.",
                    view::delegated_to(report, role).len()
                ),
                Lang::En => format!(
                    "Requirements delegated to it: {}.",
                    view::delegated_to(report, role).len()
                ),
            }
        );
    }
    let _ = writeln!(
        w,
        "| {} | {} | {} | {} | {} |\n|---|---|---|---|---|",
        t(lang, "Exigence", "Requirement"),
        t(lang, "Texte du mémento", "Memento text"),
        t(lang, "Délégable (mémento)", "Delegable (memento)"),
        t(lang, "Responsable", "Held by"),
        t(lang, "Statut", "Status"),
    );
    for r in &rows {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} |",
            text(&r.id),
            text(
                catalog
                    .requirement(&r.id)
                    .map(|q| q.text.fr.as_str())
                    .unwrap_or("")
            ),
            view::delegation_label(r.delegation, lang),
            text(&view::owner_text(r, lang)),
            status(r.status, lang)
        );
    }
    let _ = writeln!(
        w,
        "\n{}\n",
        match lang {
            Lang::Fr => format!(
                "Les {others} autres exigences ne sont pas délégables : le cabinet en reste seul responsable."
            ),
            Lang::En => format!(
                "The other {others} requirements cannot be delegated: the practice alone holds them."
            ),
        }
    );
}

fn how_established(r: &RequirementResult, lang: Lang) -> String {
    let mut s = text(view::basis_label(r, lang));
    if let (Some(m), Method::Both) = (r.machine_status, r.method) {
        let _ = write!(
            s,
            " — {}{}",
            t(lang, "la machine seule : ", "the machine alone: "),
            status(m, lang)
        );
    }
    if let Some(d) = &r.declaration {
        if matches!(r.basis, Basis::Declaration | Basis::MachineAndDeclaration) {
            let _ = write!(s, " — {}", text(&view::declaration_text(d, lang)));
        }
    }
    s
}

fn requirement(w: &mut String, r: &RequirementResult, catalog: &Catalog, lang: Lang) {
    let essential = if r.essential {
        format!(" · {}", essential_tag(lang))
    } else {
        String::new()
    };
    let _ = writeln!(
        w,
        "##### {} — {}{essential}\n",
        text(&r.id),
        status(r.status, lang)
    );
    memento_text(w, catalog, &r.id, lang);
    if let Some(e) = catalog
        .requirement(&r.id)
        .and_then(|q| q.essential.as_ref())
    {
        let _ = writeln!(w, "★ {}\n", text(e.text.get(lang)));
    }
    fact(
        w,
        lang,
        t(lang, "Établi par", "Established by"),
        &how_established(r, lang),
    );
    fact(
        w,
        lang,
        t(lang, "Constat", "Finding"),
        &text(r.reason.get(lang)),
    );
    if let Some(d) = &r.declaration {
        if let Some(note) = &d.note {
            fact(w, lang, t(lang, "Note", "Note"), &text(note));
        }
        if let Some(proof) = &d.proof {
            fact(w, lang, t(lang, "Justificatif", "Proof"), &text(proof));
        }
    }
    fact(
        w,
        lang,
        t(lang, "Responsable", "Responsible"),
        &text(&view::owner_text(r, lang)),
    );
    if r.needs_privileges {
        fact(
            w,
            lang,
            t(lang, "Droits", "Rights"),
            t(
                lang,
                "relancer l'audit avec les droits administrateur pour conclure",
                "run the audit again with administrator rights to conclude",
            ),
        );
    }
    if !r.evidence.is_empty() {
        let _ = writeln!(w, "- **{}**", t(lang, "Éléments relevés", "Evidence seen"));
        for e in &r.evidence {
            let key = e
                .key
                .as_deref()
                .map(|k| format!("{} = ", code(k)))
                .unwrap_or_default();
            let _ = writeln!(
                w,
                "  - {} {key}{}",
                code(&view::evidence_place(e)),
                code(&e.value)
            );
        }
    }
    w.push('\n');
}

fn requirements(w: &mut String, report: &Report, catalog: &Catalog, lang: Lang) {
    let _ = writeln!(
        w,
        "## {}\n\n{}\n",
        t(lang, "Détail des exigences", "Every requirement"),
        text(t(lang,
            "Chaque exigence du mémento, dans son ordre : son texte, son statut, comment il a été établi (constat sur la machine, déclaration d'une personne, ou les deux), le constat et les éléments relevés (fichier:ligne clé = valeur).",
            "Every requirement of the memento, in its order: its text, its status, how it was established (machine check, a person's declaration, or both), the finding and the evidence seen (file:line key = value)."))
    );
    for theme in view::grouped(&report.requirements, catalog, lang) {
        let _ = writeln!(
            w,
            "### {} {} — {}\n",
            t(lang, "Thème", "Theme"),
            theme.number,
            text(&theme.title)
        );
        for rule in &theme.rules {
            let _ = writeln!(w, "#### {} — {}\n", rule.number, text(&rule.title));
            for r in &rule.requirements {
                requirement(w, r, catalog, lang);
            }
        }
    }
}

fn history(w: &mut String, report: &Report, lang: Lang) {
    let rows = view::audit_rows(report, lang);
    let _ = writeln!(
        w,
        "## {}\n",
        t(lang, "Historique des audits", "Audit history")
    );
    if report.history.is_empty() {
        let _ = writeln!(
            w,
            "{}\n",
            t(
                lang,
                "Aucun audit précédent enregistré.",
                "No earlier audit recorded."
            )
        );
    }
    let _ = writeln!(w, "**{}**\n", text(&view::trend_sentence(&rows, lang)));
    let _ = write!(w, "| Date | {} |", t(lang, "Poste", "Machine"));
    for s in STATUSES {
        let _ = write!(w, " {} |", status(s, lang));
    }
    let _ = writeln!(
        w,
        " {} | {} |\n|---|---|---:|---:|---:|---:|---:|---|",
        t(lang, "Évolution ✓ / ✗", "Change ✓ / ✗"),
        t(lang, "Répartition", "Share")
    );
    for row in &rows {
        let when = if row.current {
            format!("**{} ({})**", row.when, t(lang, "cet audit", "this audit"))
        } else {
            row.when.clone()
        };
        let _ = write!(
            w,
            "| {when} | {} |",
            text(row.host.as_deref().unwrap_or("—"))
        );
        for s in STATUSES {
            let _ = write!(w, " {} |", view::count_of(&row.counts, s));
        }
        let delta = match row.delta {
            Some((p, f)) => format!("{} / {}", view::signed(p), view::signed(f)),
            None => "—".into(),
        };
        let _ = writeln!(w, " {delta} | {} |", bar(&row.counts));
    }
    w.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_cannot_become_markup() {
        assert_eq!(
            text("<script>alert('x')</script> & [lien](http://x) | *gras*"),
            "\\<script\\>alert('x')\\</script\\> \\& \\[lien\\](http://x) \\| \\*gras\\*"
        );
        assert_eq!(text("pam_unix _x_ a_"), "pam_unix \\_x\\_ a\\_");
        assert_eq!(text("deux\nlignes"), "deux lignes");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x`"), "`` `x` ``");
        assert_eq!(code("PASS_MAX_DAYS"), "`PASS_MAX_DAYS`");
    }

    #[test]
    fn text_bars_have_twenty_cells() {
        let c = Counts {
            pass: 10,
            fail: 5,
            not_applicable: 2,
            unknown: 3,
        };
        assert_eq!(bar(&c), "✓✓✓✓✓✓✓✓✓✓✗✗✗✗✗???––");
        assert_eq!(bar(&Counts::default()), "");
    }
}
