//! `vigie declare`: the questions only a person can answer, asked one by
//! one (context first, then the open questions theme by theme), or read
//! from an answers file.
//!
//! Interactive mode reads plain lines from standard input and writes its
//! prompts to standard error, so it works in any terminal and through a
//! pipe. Each answer is committed on its own as soon as it is given:
//! stopping anywhere (`q`, end of input, Ctrl-C) loses only the question
//! being answered, and the next `vigie declare` asks what is still open.

use crate::args::{day, tr, LangArg, StoreArg};
use crate::practice;
use anyhow::{anyhow, Context as _, Result};
use clap::Args;
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vigie_catalog::{Catalog, Lang, Question, Requirement};
use vigie_practice::{
    parse_answers, Answer, AnswersError, Context, ContextAnswer, ContextQuestion, Declaration,
    DeclarationState, Organisation, MAX_NOTE_CHARS, MAX_PROOF_CHARS,
};
use vigie_store::Store;
use vigie_ui::record::{absent, not_applicable_by};

#[derive(Args)]
pub struct DeclareArgs {
    /// Record the answers of an answers.toml file instead of asking.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["theme", "all"])]
    file: Option<PathBuf>,
    /// Who answers (default: the user's login name).
    #[arg(long, value_name = "NAME")]
    author: Option<String>,
    /// Only the questions of this theme (1 to 6).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=6))]
    theme: Option<u8>,
    /// Ask every question again, even those answered and still current.
    #[arg(long)]
    all: bool,
    #[command(flatten)]
    store: StoreArg,
    #[arg(long, value_enum, default_value = "fr")]
    lang: LangArg,
}

/// `--author`, else the login name.
fn author(arg: Option<&str>) -> Option<String> {
    arg.map(str::to_string)
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
}

pub fn declare(args: DeclareArgs) -> Result<ExitCode> {
    let lang: Lang = args.lang.into();
    let catalog = vigie_catalog::embedded();
    let author = author(args.author.as_deref());
    if let Some(file) = &args.file {
        return from_file(&args.store, file, author.as_deref(), catalog, lang);
    }
    let store = practice::open(&args.store, lang)?;
    let Some(author) = author else {
        return Err(anyhow!(tr(
            lang,
            "qui répond ? Indiquez-le avec --author « Dr Martin »",
            "who answers? Give the name with --author \"Dr Martin\"",
        )));
    };
    let stdin = std::io::stdin();
    let mut session = Session {
        store,
        input: stdin.lock(),
        out: std::io::stderr(),
        lang,
        author,
        saved: 0,
    };
    session.run(catalog, args.theme, args.all)?;
    Ok(ExitCode::SUCCESS)
}

/// `vigie declare --file`: the whole file is checked before anything is
/// written, then recorded in one transaction.
fn from_file(
    store: &StoreArg,
    path: &Path,
    author: Option<&str>,
    catalog: &Catalog,
    lang: Lang,
) -> Result<ExitCode> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    let known: Vec<&str> = catalog
        .requirements
        .iter()
        .filter(|r| r.question.is_some())
        .map(|r| r.id.as_str())
        .collect();
    let located = |e: AnswersError| -> anyhow::Error {
        let (fr, en) = if e.line > 0 {
            (
                format!(
                    "{}, ligne {}, colonne {} : {}",
                    path.display(),
                    e.line,
                    e.column,
                    e.kind
                ),
                format!(
                    "{}, line {}, column {}: {}",
                    path.display(),
                    e.line,
                    e.column,
                    e.kind
                ),
            )
        } else {
            (
                format!("{} : {}", path.display(), e.kind),
                format!("{}: {}", path.display(), e.kind),
            )
        };
        anyhow!(tr(lang, fr, en))
    };
    let file = parse_answers(&text, &known).map_err(located)?;
    // "Non concerné" only where the memento allows the situation not to
    // exist, as in the interactive questions.
    for a in &file.answers {
        let allowed = catalog
            .requirement(&a.id)
            .and_then(|r| r.question.as_ref())
            .is_some_and(|q| q.allow_not_applicable);
        if a.answer == Answer::NotApplicable && !allowed {
            return Err(anyhow!(tr(
                lang,
                format!(
                    "{}, ligne {} : « non concerné » n'est pas une réponse possible pour {} : répondez oui, non, en partie ou ne sait pas",
                    path.display(), a.line, a.id
                ),
                format!(
                    "{}, line {}: \"not applicable\" is not a possible answer for {}: answer yes, no, partial or don't know",
                    path.display(), a.line, a.id
                ),
            )));
        }
    }
    let batch = file.into_batch(author, practice::now()).map_err(located)?;
    let mut store = practice::open(store, lang)?;
    store.record_answers(&batch)?;
    println!(
        "{}",
        tr(
            lang,
            format!(
                "{} réponse(s) et {} réponse(s) de contexte enregistrées depuis {}.",
                batch.declarations.len(),
                batch.context.len(),
                path.display()
            ),
            format!(
                "{} answer(s) and {} context answer(s) recorded from {}.",
                batch.declarations.len(),
                batch.context.len(),
                path.display()
            ),
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// What a typed line means.
#[derive(Debug, PartialEq)]
enum Reply {
    Quit,
    /// An empty line: the question stays open.
    Pass,
    Answer(Answer),
    Invalid,
}

/// Shortcuts first (o, n, p, ?, nc), then any word `Answer::parse` reads.
fn reply(line: &str) -> Reply {
    let word = line.trim();
    match word.to_lowercase().as_str() {
        "" => Reply::Pass,
        "q" | "quit" | "quitter" | "stop" => Reply::Quit,
        "o" | "y" => Reply::Answer(Answer::Yes),
        "n" => Reply::Answer(Answer::No),
        "p" => Reply::Answer(Answer::Partial),
        "nc" => Reply::Answer(Answer::NotApplicable),
        _ => Answer::parse(word)
            .map(Reply::Answer)
            .unwrap_or(Reply::Invalid),
    }
}

/// A question to ask, with the answer it replaces (stale, or current with
/// `--all`).
struct Open<'c> {
    req: &'c Requirement,
    question: &'c Question,
    previous: Option<(Declaration, bool)>,
}

/// The questions to ask, in catalog order (theme by theme), and those
/// skipped because the context makes them not applicable.
fn plan<'c>(
    catalog: &'c Catalog,
    context: &Context,
    organisation: Organisation,
    latest: &BTreeMap<String, Declaration>,
    theme: Option<u8>,
    all: bool,
    today: time::Date,
) -> (Vec<Open<'c>>, Vec<(&'c Requirement, ContextQuestion)>) {
    let mut open = Vec::new();
    let mut skipped = Vec::new();
    for req in &catalog.requirements {
        let Some(question) = &req.question else {
            continue;
        };
        if theme.is_some_and(|t| t != req.theme) {
            continue;
        }
        let previous = latest.get(&req.id);
        let state = DeclarationState::of(previous, question.review_days, today);
        let stale = matches!(state, DeclarationState::Stale { .. });
        if !all && matches!(state, DeclarationState::Current { .. }) {
            continue;
        }
        if let Some(fact) = not_applicable_by(question, context, organisation) {
            skipped.push((req, fact));
            continue;
        }
        open.push(Open {
            req,
            question,
            previous: previous.map(|d| (d.clone(), stale)),
        });
    }
    (open, skipped)
}

struct Session<R, W> {
    store: Store,
    input: R,
    out: W,
    lang: Lang,
    author: String,
    saved: usize,
}

/// Why a session ends early.
struct Stop;

impl<R: BufRead, W: Write> Session<R, W> {
    fn t(&self, fr: impl Into<String>, en: impl Into<String>) -> String {
        tr(self.lang, fr, en)
    }

    fn say(&mut self, text: &str) -> Result<()> {
        writeln!(self.out, "{text}")?;
        Ok(())
    }

    /// One line of input; `None` at the end of input.
    fn line(&mut self, prompt: &str) -> Result<Option<String>> {
        loop {
            write!(self.out, "{prompt}")?;
            self.out.flush()?;
            let mut line = String::new();
            match self.input.read_line(&mut line) {
                Ok(0) => {
                    writeln!(self.out)?;
                    return Ok(None);
                }
                Ok(_) => return Ok(Some(line.trim_end_matches(['\n', '\r']).to_string())),
                Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                    let msg = self.t(
                        "Saisie illisible (caractères non UTF-8) : recommencez.",
                        "Unreadable input (not UTF-8): type it again.",
                    );
                    self.say(&msg)?;
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// An optional text (note, proof), checked against `max` characters.
    fn optional(&mut self, prompt: &str, max: usize) -> Result<Result<Option<String>, Stop>> {
        loop {
            let Some(line) = self.line(prompt)? else {
                return Ok(Err(Stop));
            };
            let text = line.trim();
            // "q" stops here too (the answer itself is kept).
            if matches!(reply(text), Reply::Quit) {
                return Ok(Err(Stop));
            }
            if text.chars().count() > max {
                let msg = self.t(
                    format!("Trop long (au plus {max} caractères) : raccourcissez."),
                    format!("Too long (at most {max} characters): shorten it."),
                );
                self.say(&msg)?;
                continue;
            }
            return Ok(Ok((!text.is_empty()).then(|| text.to_string())));
        }
    }

    fn run(&mut self, catalog: &Catalog, theme: Option<u8>, all: bool) -> Result<()> {
        let practice = self
            .store
            .practice()?
            .ok_or_else(|| anyhow!("no practice recorded"))?;
        let intro = self.t(
            format!(
                "Questionnaire du cabinet « {} » ({}) — réponses de {}.\nChaque réponse est enregistrée aussitôt : vous pouvez arrêter à tout moment (q, Ctrl-D ou Ctrl-C) et reprendre plus tard avec `vigie declare`.",
                practice.name,
                practice.organisation.label(Lang::Fr),
                self.author
            ),
            format!(
                "Questions for the practice \"{}\" ({}) — answers by {}.\nEach answer is recorded at once: you can stop at any time (q, Ctrl-D or Ctrl-C) and resume later with `vigie declare`.",
                practice.name,
                practice.organisation.label(Lang::En),
                self.author
            ),
        );
        self.say(&intro)?;
        if self.context(catalog, all)?.is_err() {
            return self.stopped(None);
        }
        let context = self.store.context()?;
        let latest = self.store.latest_declarations()?;
        let (open, skipped) = plan(
            catalog,
            &context,
            practice.organisation,
            &latest,
            theme,
            all,
            practice::today(),
        );
        if open.is_empty() {
            for (req, fact) in &skipped {
                self.skip_notice(req, *fact)?;
            }
            let msg = self.t(
                "Aucune question ouverte : toutes les réponses sont à jour (`vigie declare --all` pour tout revoir).",
                "No open question: every answer is up to date (`vigie declare --all` to review them all).",
            );
            return self.say(&msg);
        }
        let total = open.len();
        let questions = catalog
            .requirements
            .iter()
            .filter(|r| r.question.is_some() && theme.is_none_or(|t| t == r.theme))
            .count();
        let summary = self.t(
            format!(
                "\n{total} question(s) à poser sur {questions} ({} à jour, {} non concernée(s) d'après le contexte).",
                questions - total - skipped.len(),
                skipped.len()
            ),
            format!(
                "\n{total} question(s) to ask out of {questions} ({} up to date, {} not applicable given the context).",
                questions - total - skipped.len(),
                skipped.len()
            ),
        );
        self.say(&summary)?;
        for (req, fact) in &skipped {
            self.skip_notice(req, *fact)?;
        }
        let mut answered = 0;
        let mut asked = 0;
        let mut current_theme = 0;
        for item in &open {
            if item.req.theme != current_theme {
                current_theme = item.req.theme;
                self.theme_header(catalog, current_theme, &open)?;
            }
            asked += 1;
            let in_theme: Vec<&Open> = open
                .iter()
                .filter(|o| o.req.theme == current_theme)
                .collect();
            let position = in_theme
                .iter()
                .position(|o| o.req.id == item.req.id)
                .map_or(0, |p| p + 1);
            let progress = self.t(
                format!(
                    "\nThème {current_theme} — question {position}/{} ({asked}/{total} au total)",
                    in_theme.len()
                ),
                format!(
                    "\nTheme {current_theme} — question {position}/{} ({asked}/{total} in all)",
                    in_theme.len()
                ),
            );
            self.say(&progress)?;
            match self.ask(item)? {
                Ok(true) => answered += 1,
                Ok(false) => {}
                Err(Stop) => return self.stopped(Some(total - self.saved)),
            }
        }
        let msg = if answered == total {
            self.t(
                format!("\nTerminé : {answered} réponse(s) enregistrée(s). Lancez maintenant `vigie audit`, puis `vigie report`."),
                format!("\nDone: {answered} answer(s) recorded. Now run `vigie audit`, then `vigie report`."),
            )
        } else {
            self.t(
                format!(
                    "\nTerminé : {answered} réponse(s) enregistrée(s) ; {} question(s) passée(s) restent ouvertes : `vigie declare` les reposera.",
                    total - answered
                ),
                format!(
                    "\nDone: {answered} answer(s) recorded; {} question(s) passed over stay open: `vigie declare` will ask them again.",
                    total - answered
                ),
            )
        };
        self.say(&msg)
    }

    fn stopped(&mut self, remaining: Option<usize>) -> Result<()> {
        let saved = self.saved;
        let rest = match remaining {
            Some(n) => self.t(
                format!(", il reste {n} question(s)"),
                format!(", {n} question(s) left"),
            ),
            None => String::new(),
        };
        let msg = self.t(
            format!("\nArrêt : {saved} réponse(s) enregistrée(s){rest}. Relancez `vigie declare` pour reprendre là où vous vous êtes arrêté."),
            format!("\nStopped: {saved} answer(s) recorded{rest}. Run `vigie declare` again to resume where you stopped."),
        );
        self.say(&msg)
    }

    fn theme_header(&mut self, catalog: &Catalog, theme: u8, open: &[Open]) -> Result<()> {
        let title = catalog
            .themes
            .iter()
            .find(|t| t.number == theme)
            .map(|t| t.title.get(self.lang).to_string())
            .unwrap_or_default();
        let n = open.iter().filter(|o| o.req.theme == theme).count();
        let msg = self.t(
            format!("\n=== Thème {theme} — {title} : {n} question(s) ==="),
            format!("\n=== Theme {theme} — {title}: {n} question(s) ==="),
        );
        self.say(&msg)
    }

    fn skip_notice(&mut self, req: &Requirement, fact: ContextQuestion) -> Result<()> {
        let msg = self.t(
            format!(
                "{} : non concerné ({}), question passée.",
                req.id,
                absent(fact, Lang::Fr)
            ),
            format!(
                "{}: not applicable ({}), question skipped.",
                req.id,
                absent(fact, Lang::En)
            ),
        );
        self.say(&msg)
    }

    /// The context questions not answered yet (all with `--all`).
    fn context(&mut self, catalog: &Catalog, all: bool) -> Result<Result<(), Stop>> {
        let context = self.store.context()?;
        let questions: Vec<ContextQuestion> = if all {
            ContextQuestion::ANSWERED.to_vec()
        } else {
            context.unanswered()
        };
        let n = questions.len();
        for (i, q) in questions.into_iter().enumerate() {
            let fact = catalog.context.iter().find(|c| c.key == q.key());
            let (text, help) = match fact {
                Some(f) => (
                    f.text.get(self.lang).to_string(),
                    f.help.get(self.lang).to_string(),
                ),
                None => (q.label(self.lang).to_string(), String::new()),
            };
            let heading = self.t(
                format!("\nContexte — question {}/{n}\n{text}", i + 1),
                format!("\nContext — question {}/{n}\n{text}", i + 1),
            );
            self.say(&heading)?;
            if !help.is_empty() {
                let help = self.t(format!("  Aide : {help}"), format!("  Help: {help}"));
                self.say(&help)?;
            }
            if let Some(previous) = context.get(q) {
                let word = match previous.value {
                    Some(true) => Answer::Yes,
                    Some(false) => Answer::No,
                    None => Answer::Unknown,
                };
                let msg = self.previous_line(word, &previous.author, previous.answered_at, false);
                self.say(&msg)?;
            }
            let choices = self.t(
                "  o = oui · n = non · ? = ne sait pas · Entrée = passer · q = arrêter",
                "  y = yes · n = no · ? = don't know · Enter = pass · q = stop",
            );
            self.say(&choices)?;
            let prompt = self.t("Réponse : ", "Answer: ");
            loop {
                let Some(line) = self.line(&prompt)? else {
                    return Ok(Err(Stop));
                };
                let value = match reply(&line) {
                    Reply::Quit => return Ok(Err(Stop)),
                    Reply::Pass => break,
                    Reply::Answer(a) => ContextAnswer::value_of(a),
                    Reply::Invalid => None,
                };
                let Some(value) = value else {
                    let msg = self.t(
                        format!(
                            "« {} » : répondez o (oui), n (non) ou ? (ne sait pas).",
                            line.trim()
                        ),
                        format!(
                            "\"{}\": answer y (yes), n (no) or ? (don't know).",
                            line.trim()
                        ),
                    );
                    self.say(&msg)?;
                    continue;
                };
                self.store.set_context(
                    q,
                    &ContextAnswer {
                        value,
                        author: self.author.clone(),
                        answered_at: practice::now(),
                    },
                )?;
                break;
            }
        }
        Ok(Ok(()))
    }

    fn previous_line(
        &self,
        answer: Answer,
        author: &str,
        at: time::OffsetDateTime,
        stale: bool,
    ) -> String {
        let stale = if stale {
            self.t(" — périmée, à revoir", " — stale, to review")
        } else {
            String::new()
        };
        self.t(
            format!(
                "  Réponse précédente : « {} », le {} par {author}{stale}.",
                answer.label(Lang::Fr),
                day(Lang::Fr, at.date())
            ),
            format!(
                "  Previous answer: \"{}\", on {} by {author}{stale}.",
                answer.label(Lang::En),
                day(Lang::En, at.date())
            ),
        )
    }

    /// Asks one question; `Ok(true)` when an answer was recorded.
    fn ask(&mut self, item: &Open) -> Result<Result<bool, Stop>> {
        let (q, lang) = (item.question, self.lang);
        self.say(&format!("{}  {}", item.req.id, q.text.get(lang)))?;
        let help = self.t(
            format!("  Aide : {}", q.help.get(lang)),
            format!("  Help: {}", q.help.get(lang)),
        );
        self.say(&help)?;
        if let Some((d, stale)) = &item.previous {
            let msg = self.previous_line(d.answer, &d.author, d.answered_at, *stale);
            self.say(&msg)?;
        }
        let nc = if q.allow_not_applicable {
            self.t(" · nc = non concerné", " · nc = not applicable")
        } else {
            String::new()
        };
        let choices = self.t(
            format!("  o = oui · n = non · p = en partie · ? = ne sait pas{nc} · Entrée = passer · q = arrêter"),
            format!("  y = yes · n = no · p = partial · ? = don't know{nc} · Enter = pass · q = stop"),
        );
        self.say(&choices)?;
        let prompt = self.t("Réponse : ", "Answer: ");
        let answer = loop {
            let Some(line) = self.line(&prompt)? else {
                return Ok(Err(Stop));
            };
            match reply(&line) {
                Reply::Quit => return Ok(Err(Stop)),
                Reply::Pass => return Ok(Ok(false)),
                Reply::Answer(Answer::NotApplicable) if !q.allow_not_applicable => {
                    let msg = self.t(
                        "« Non concerné » n'est pas possible pour cette exigence : répondez oui, non, en partie ou ne sait pas.",
                        "\"Not applicable\" is not possible for this requirement: answer yes, no, partial or don't know.",
                    );
                    self.say(&msg)?;
                }
                Reply::Answer(a) => break a,
                Reply::Invalid => {
                    let msg = self.t(
                        format!("« {} » n'est pas une réponse : o, n, p, ?{} (ou oui, non, en partie, ne sait pas).", line.trim(), if q.allow_not_applicable { ", nc" } else { "" }),
                        format!("\"{}\" is not an answer: y, n, p, ?{} (or yes, no, partial, don't know).", line.trim(), if q.allow_not_applicable { ", nc" } else { "" }),
                    );
                    self.say(&msg)?;
                }
            }
        };
        // The answer is kept even if input ends during the note or proof.
        let mut stop = false;
        let note_prompt = self.t(
            "Note (facultatif, Entrée pour passer) : ",
            "Note (optional, Enter to skip): ",
        );
        let note = match self.optional(&note_prompt, MAX_NOTE_CHARS)? {
            Ok(n) => n,
            Err(Stop) => {
                stop = true;
                None
            }
        };
        let proof = if stop {
            None
        } else {
            let proof_prompt = self.t(
                "Preuve : où est-elle rangée ? (facultatif, Entrée pour passer) : ",
                "Proof: where is it kept? (optional, Enter to skip): ",
            );
            match self.optional(&proof_prompt, MAX_PROOF_CHARS)? {
                Ok(p) => p,
                Err(Stop) => {
                    stop = true;
                    None
                }
            }
        };
        let declaration = Declaration {
            requirement_id: item.req.id.clone(),
            answer,
            note,
            proof,
            author: self.author.clone(),
            answered_at: practice::now(),
        };
        self.store.record_declaration(&declaration)?;
        self.saved += 1;
        let msg = self.t(
            format!("  → enregistré : « {} »", answer.label(Lang::Fr)),
            format!("  → recorded: \"{}\"", answer.label(Lang::En)),
        );
        self.say(&msg)?;
        Ok(if stop { Err(Stop) } else { Ok(true) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_and_words() {
        assert_eq!(reply("o"), Reply::Answer(Answer::Yes));
        assert_eq!(reply(" O "), Reply::Answer(Answer::Yes));
        assert_eq!(reply("n"), Reply::Answer(Answer::No));
        assert_eq!(reply("p"), Reply::Answer(Answer::Partial));
        assert_eq!(reply("?"), Reply::Answer(Answer::Unknown));
        assert_eq!(reply("nc"), Reply::Answer(Answer::NotApplicable));
        assert_eq!(reply("Non concerné"), Reply::Answer(Answer::NotApplicable));
        assert_eq!(reply("en partie"), Reply::Answer(Answer::Partial));
        assert_eq!(reply("ne sait pas"), Reply::Answer(Answer::Unknown));
        assert_eq!(reply(""), Reply::Pass);
        assert_eq!(reply("q"), Reply::Quit);
        assert_eq!(reply("peut-être"), Reply::Invalid);
    }
}
