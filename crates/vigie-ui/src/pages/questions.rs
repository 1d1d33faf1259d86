//! The questions of `vigie declare`: the context first, then theme by
//! theme, one form per question so that every answer is kept at once.

use super::{page, Ctx, Nav};
use crate::questions::{Item, State, Tally};
use crate::record::absent;
use maud::{html, Markup};
use time::Date;
use vigie_catalog::{Catalog, Lang};
use vigie_practice::{
    Answer, Context, ContextQuestion, Declaration, Organisation, MAX_NOTE_CHARS, MAX_PROOF_CHARS,
};
use vigie_report::parts::{self, t};

/// "Oui", "Ne sait pas": a choice as a button-like label starts with a capital.
fn capital(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn day(d: Date, lang: Lang) -> String {
    parts::long_date(d, lang)
}

/// The state of a question as a tag.
pub(crate) fn state_tag(state: &State, lang: Lang) -> Markup {
    let (class, text) = match state {
        State::Open => ("open", t(lang, "? À répondre", "? To answer").to_string()),
        State::Stale => (
            "stale",
            t(lang, "✗ Périmée : à renouveler", "✗ Stale: answer again").to_string(),
        ),
        State::Soon { due } => (
            "soon",
            match lang {
                Lang::Fr => format!("⏳ À revoir avant le {}", day(*due, lang)),
                Lang::En => format!("⏳ To review by {}", day(*due, lang)),
            },
        ),
        State::Current { .. } => ("current", t(lang, "✓ À jour", "✓ Up to date").to_string()),
        State::Moot(_) => ("moot", t(lang, "– Sans objet", "– Moot").to_string()),
    };
    html! { span class=(format!("tag {class}")) { (text) } }
}

fn answered_line(d: &Declaration, lang: Lang) -> String {
    let when = parts::datetime_text(&crate::record::rfc3339(d.answered_at), lang);
    match lang {
        Lang::Fr => format!("« {} », par {} le {when}", d.answer.label(lang), d.author),
        Lang::En => format!("\"{}\", by {} on {when}", d.answer.label(lang), d.author),
    }
}

pub(crate) struct ThemeRow {
    pub number: u8,
    pub title: String,
    pub tally: Tally,
}

/// Questions overview: context, then one line per theme.
pub(crate) fn overview(
    ctx: &Ctx,
    context: &Context,
    organisation: Organisation,
    themes: &[ThemeRow],
    saved_context: bool,
) -> Markup {
    let lang = ctx.lang;
    let unanswered = context.unanswered().len();
    page(
        ctx,
        t(lang, "Questions", "Questions"),
        Nav::Questions,
        html! {
            h1 { (t(lang, "Questions au cabinet", "Questions to the practice")) }
            @if saved_context {
                p.notice role="status" { (t(lang, "Réponses de contexte enregistrées.", "Context answers recorded.")) }
            }
            p { (t(lang,
                "Ce sont les mêmes questions que « vigie declare », enregistrées dans le même dossier du cabinet. Chaque réponse est gardée dès que vous cliquez sur « Enregistrer » : vous pouvez vous arrêter et reprendre plus tard. Une réponse vaut un an (trois mois pour les tests de restauration des sauvegardes), puis elle est à renouveler.",
                "These are the same questions as \"vigie declare\", kept in the same practice record. Each answer is kept as soon as you click \"Record\": you can stop and resume later. An answer holds for a year (three months for backup restore tests), then it must be given again.")) }
            h2 { (t(lang, "1. Le contexte du cabinet", "1. The practice's context")) }
            p {
                (t(lang, "Quelques questions d'abord, pour ne pas vous poser celles qui ne vous concernent pas. ", "A few questions first, so as not to ask you those that do not concern you. "))
                (match lang {
                    Lang::Fr => format!("Votre cabinet : {} (indiqué à la création du dossier).", organisation.label(lang)),
                    Lang::En => format!("Your practice: {} (given when the record was created).", organisation.label(lang)),
                })
            }
            p {
                a.button href="/questions/contexte" {
                    @if unanswered > 0 {
                        (match lang {
                            Lang::Fr => format!("Répondre aux questions de contexte ({unanswered} sans réponse)"),
                            Lang::En => format!("Answer the context questions ({unanswered} unanswered)"),
                        })
                    } @else {
                        (t(lang, "Revoir les questions de contexte", "Review the context questions"))
                    }
                }
            }
            h2 { (t(lang, "2. Les questions, thème par thème", "2. The questions, theme by theme")) }
            table {
                caption { (t(lang, "Où en sont les réponses", "Where the answers stand")) }
                thead {
                    tr {
                        th scope="col" { (t(lang, "Thème", "Theme")) }
                        th.num scope="col" { (t(lang, "À répondre", "To answer")) }
                        th.num scope="col" { (t(lang, "Périmées", "Stale")) }
                        th.num scope="col" { (t(lang, "À revoir sous 30 jours", "Review within 30 days")) }
                        th.num scope="col" { (t(lang, "À jour", "Up to date")) }
                        th.num scope="col" { (t(lang, "Sans objet", "Moot")) }
                    }
                }
                tbody {
                    @for th in themes {
                        @if th.tally.total > 0 {
                            tr {
                                th scope="row" {
                                    a href=(format!("/questions/theme/{}", th.number)) {
                                        (t(lang, "Thème ", "Theme ")) (th.number) " — " (th.title)
                                    }
                                }
                                td.num { (th.tally.open) }
                                td.num { (th.tally.stale) }
                                td.num { (th.tally.soon) }
                                td.num { (th.tally.current) }
                                td.num { (th.tally.moot) }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn context_value(a: Option<bool>) -> &'static str {
    match a {
        Some(true) => "yes",
        Some(false) => "no",
        None => "unknown",
    }
}

/// The context questions as one form.
pub(crate) fn context_form(
    ctx: &Ctx,
    catalog: &Catalog,
    context: &Context,
    author: &str,
    error: Option<&str>,
) -> Markup {
    let lang = ctx.lang;
    let choices = [
        ("yes", Answer::Yes),
        ("no", Answer::No),
        ("unknown", Answer::Unknown),
    ];
    page(
        ctx,
        t(lang, "Contexte du cabinet", "The practice's context"),
        Nav::Questions,
        html! {
            h1 { (t(lang, "Contexte du cabinet", "The practice's context")) }
            @if let Some(e) = error {
                p.error role="alert" { (e) }
            }
            p { (t(lang,
                "Vos réponses écartent les exigences qui ne vous concernent pas (par exemple celles du Wi-Fi s'il n'y en a pas). « Ne sait pas » laisse ces exigences à examiner.",
                "Your answers set aside the requirements that do not concern you (for instance Wi-Fi ones if there is none). \"Don't know\" keeps those requirements to examine.")) }
            form method="post" action="/questions/contexte" {
                @for q in ContextQuestion::ANSWERED {
                    @let fact = catalog.context.iter().find(|c| c.key == q.key());
                    @let previous = context.get(q);
                    @let name = q.key();
                    fieldset aria-describedby=(format!("aide-{name}")) {
                        legend { (fact.map(|f| f.text.get(lang)).unwrap_or(q.label(lang))) }
                        @if let Some(f) = fact {
                            p.muted #(format!("aide-{name}")) { (f.help.get(lang)) }
                        }
                        div.choices {
                            @for (code, answer) in choices {
                                @let id = format!("{name}-{code}");
                                label for=(id) {
                                    input type="radio" id=(id) name=(name) value=(code)
                                        checked[previous.is_some_and(|p| context_value(p.value) == code)];
                                    (capital(answer.label(lang)))
                                }
                            }
                        }
                        @if let Some(p) = previous {
                            p.muted {
                                (t(lang, "Réponse enregistrée : ", "Recorded answer: "))
                                (match p.value { Some(true) => Answer::Yes, Some(false) => Answer::No, None => Answer::Unknown }.label(lang))
                                (match lang {
                                    Lang::Fr => format!(", par {} le {}.", p.author, parts::datetime_text(&crate::record::rfc3339(p.answered_at), lang)),
                                    Lang::En => format!(", by {} on {}.", p.author, parts::datetime_text(&crate::record::rfc3339(p.answered_at), lang)),
                                })
                            }
                        }
                    }
                }
                (author_field(lang, "contexte", author))
                button type="submit" { (t(lang, "Enregistrer le contexte", "Record the context")) }
            }
        },
    )
}

fn author_field(lang: Lang, suffix: &str, author: &str) -> Markup {
    let id = format!("auteur-{suffix}");
    html! {
        div.field {
            label for=(id) {
                (t(lang, "Qui répond ?", "Who answers?"))
                span.hint { (t(lang, "Votre nom, gardé avec la réponse (par exemple « Dr Martin »).", "Your name, kept with the answer (e.g. \"Dr Martin\").")) }
            }
            input type="text" id=(id) name="author" value=(author) required maxlength="200" autocomplete="name";
        }
    }
}

/// A message tied to one question of the page.
pub(crate) struct Flash<'a> {
    pub id: &'a str,
    pub error: Option<String>,
}

/// The questions of one theme.
#[allow(clippy::too_many_arguments)]
pub(crate) fn theme(
    ctx: &Ctx,
    catalog: &Catalog,
    number: u8,
    items: &[Item],
    history: &[Declaration],
    author: &str,
    flash: Option<Flash>,
    next_open: Option<(u8, &str)>,
) -> Markup {
    let lang = ctx.lang;
    let title = catalog
        .theme(number)
        .map(|th| th.title.get(lang).to_string())
        .unwrap_or_default();
    let heading = format!("{} {number} — {title}", t(lang, "Thème", "Theme"));
    let open = items.iter().filter(|i| i.state.open()).count();
    page(
        ctx,
        &heading,
        Nav::Questions,
        html! {
            p { a href="/questions" { "← " (t(lang, "Toutes les questions", "All questions")) } }
            h1 { (heading) }
            p {
                (match lang {
                    Lang::Fr => format!("{} question(s), dont {open} à répondre ou à renouveler.", items.len()),
                    Lang::En => format!("{} question(s), {open} of them to answer or renew.", items.len()),
                })
            }
            @if let Some(f) = &flash {
                @if let Some(e) = &f.error {
                    p.error role="alert" { a href=(format!("#q-{}", f.id)) { (f.id) } (parts::colon(lang)) (e) }
                }
            }
            @for item in items {
                (question(lang, item, history, author, flash.as_ref()))
            }
            nav aria-label=(t(lang, "Suite", "Next")) {
                @match next_open {
                    Some((theme, id)) => p {
                        a.button href=(format!("/questions/theme/{theme}#q-{id}")) { (t(lang, "Question suivante à répondre", "Next question to answer")) }
                    },
                    None => p.notice { (t(lang, "Toutes les questions ont une réponse à jour.", "Every question has an up-to-date answer.")) },
                }
            }
        },
    )
}

fn question(
    lang: Lang,
    item: &Item,
    history: &[Declaration],
    author: &str,
    flash: Option<&Flash>,
) -> Markup {
    let id = &item.req.id;
    let q = item.question;
    let previous = item.latest.as_ref();
    let past: Vec<&Declaration> = history
        .iter()
        .filter(|d| &d.requirement_id == id)
        .rev()
        .collect();
    let saved = flash.is_some_and(|f| f.id == id && f.error.is_none());
    let mut choices = vec![Answer::Yes, Answer::No, Answer::Partial, Answer::Unknown];
    if q.allow_not_applicable {
        choices.push(Answer::NotApplicable);
    }
    let dom = id.replace('.', "-");
    html! {
        article.req id=(format!("q-{id}")) {
            h2.qh {
                span.rid { (id) }
                (state_tag(&item.state, lang))
                @if item.req.essential.is_some() { " " (parts::essential_tag(lang)) }
            }
            @if saved {
                p.notice role="status" { (t(lang, "✓ Réponse enregistrée.", "✓ Answer recorded.")) }
            }
            p { strong { (q.text.get(lang)) } }
            p.muted { (t(lang, "Aide : ", "Help: ")) (q.help.get(lang)) }
            details {
                summary { (t(lang, "Texte du mémento et pourquoi il compte", "The memento's text and why it matters")) }
                blockquote.memento lang="fr" { (item.req.text.fr) }
                @if lang == Lang::En { p.translation { "English: " (item.req.text.en) } }
                p { (item.req.why.get(lang)) }
            }
            @if let Some(d) = previous {
                p {
                    (t(lang, "Dernière réponse : ", "Latest answer: ")) (answered_line(d, lang)) "."
                    @if let Some(proof) = &d.proof { " " (t(lang, "Preuve : ", "Proof: ")) (proof) "." }
                }
            }
            @if past.len() > 1 {
                details {
                    summary { (match lang {
                        Lang::Fr => format!("Historique des réponses ({})", past.len()),
                        Lang::En => format!("Answer history ({})", past.len()),
                    }) }
                    ul {
                        @for d in &past {
                            li {
                                (answered_line(d, lang))
                                @if let Some(n) = &d.note { " — " (n) }
                            }
                        }
                    }
                }
            }
            @match &item.state {
                State::Moot(fact) => {
                    p {
                        (match lang {
                            Lang::Fr => format!("Sans objet pour votre cabinet ({}), d'après vos réponses de contexte.", absent(*fact, lang)),
                            Lang::En => format!("Moot for your practice ({}), given your context answers.", absent(*fact, lang)),
                        })
                        " " a href="/questions/contexte" { (t(lang, "Modifier le contexte", "Change the context")) }
                    }
                }
                State::Current { .. } => {
                    details {
                        summary { (t(lang, "Modifier la réponse", "Change the answer")) span.skip { " " (id) } }
                        (answer_form(lang, item, author, &choices, &dom))
                    }
                }
                _ => { (answer_form(lang, item, author, &choices, &dom)) }
            }
        }
    }
}

fn answer_form(lang: Lang, item: &Item, author: &str, choices: &[Answer], dom: &str) -> Markup {
    let id = &item.req.id;
    let previous = item.latest.as_ref();
    let has_extra = previous.is_some_and(|d| d.note.is_some() || d.proof.is_some());
    html! {
        form method="post" action="/questions/reponse" {
            input type="hidden" name="id" value=(id);
            fieldset {
                legend { (t(lang, "Votre réponse", "Your answer")) span.skip { " (" (id) ")" } }
                div.choices {
                    @for (i, a) in choices.iter().enumerate() {
                        @let input_id = format!("r-{dom}-{}", a.code());
                        label for=(input_id) {
                            input type="radio" id=(input_id) name="answer" value=(a.code())
                                required[i == 0]
                                checked[previous.is_some_and(|d| d.answer == *a)];
                            (capital(a.label(lang)))
                        }
                    }
                }
            }
            details open[has_extra] {
                summary { (t(lang, "Ajouter une note ou l'endroit où est rangée la preuve (facultatif)", "Add a note or where the proof is kept (optional)")) }
                div.field {
                    label for=(format!("note-{dom}")) {
                        (t(lang, "Note (facultatif)", "Note (optional)"))
                        span.hint { (t(lang, "Ce qui manque, quels postes, quelles personnes…", "What is missing, which machines, which people…")) }
                    }
                    textarea id=(format!("note-{dom}")) name="note" maxlength=(MAX_NOTE_CHARS) {
                        (previous.and_then(|d| d.note.as_deref()).unwrap_or(""))
                    }
                }
                div.field {
                    label for=(format!("preuve-{dom}")) {
                        (t(lang, "Où est rangée la preuve ? (facultatif)", "Where is the proof kept? (optional)"))
                        span.hint { (t(lang, "Un nom de fichier ou un endroit, par exemple « classeur rouge, onglet contrats ». Vigie garde la référence, jamais le document.", "A file name or a place, e.g. \"red binder, contracts tab\". Vigie keeps the reference, never the document.")) }
                    }
                    input type="text" id=(format!("preuve-{dom}")) name="proof" maxlength=(MAX_PROOF_CHARS)
                        value=(previous.and_then(|d| d.proof.as_deref()).unwrap_or(""));
                }
            }
            (author_field(lang, dom, author))
            button type="submit" { (t(lang, "Enregistrer la réponse", "Record the answer")) span.skip { " " (id) } }
        }
    }
}
