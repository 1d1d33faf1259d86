//! Folding the practice record (context, declarations, providers) into a
//! machine report: what a person answered settles the requirements no
//! machine can check, delegations name an owner, and the practice and its
//! history are carried along. Pure: the store reads, this decides.
//!
//! How a status is reached:
//! - `declared`: a context fact known to be false makes it `not_applicable`
//!   (no CPE card, solo practice...); otherwise the latest answer within the
//!   requirement's review period decides: oui → pass, non or en partie →
//!   fail, ne sait pas → unknown, non concerné → not_applicable where the
//!   memento allows it. A stale answer is `unknown` again, with its date.
//! - `both`: the machine's failure always stands; a declared "non" or "en
//!   partie" fails; "oui" passes when the machine passed, or when the machine
//!   could not see what decides (`declaration_decides`); otherwise the
//!   requirement stays `unknown`.
//! - Delegating never changes a status: it adds the owner.
//! - Backups (6.3.1.b, c, d) are practice data: their machine part is judged
//!   here from the record's backup sets, latest inventories and restore
//!   tests (`checks::practice_finding`), then combined with the declaration
//!   like any `both` requirement; the report gains the backups section (the
//!   calendar, the retention to set, each set's encryption, also listed as
//!   evidence of 6.3.1.e).

use crate::{
    Basis, Counts, DeclarationInfo, HistoryPoint, Owner, PracticeInfo, ProviderInfo, Report,
    RequirementResult, Status,
};
use vigie_catalog::{Catalog, Lang, Localized, Method, Requirement};
use vigie_practice::{
    Answer, Context, ContextQuestion, Declaration, DeclarationState, Delegation, Organisation,
    Practice, Provider,
};

/// What the practice has told Vigie, as read from its record.
#[derive(Debug, Clone, Default)]
pub struct PracticeRecord {
    pub practice: Option<Practice>,
    pub context: Context,
    /// The latest declaration of each requirement (older ones are history).
    pub declarations: Vec<Declaration>,
    pub providers: Vec<Provider>,
    pub delegations: Vec<Delegation>,
    /// Earlier audits, oldest first.
    pub history: Vec<HistoryPoint>,
    /// The backup sets, their latest inventories and restore tests
    /// (`Store::backups`).
    pub backups: vigie_practice::Backups,
}

fn french_date(at: time::OffsetDateTime) -> String {
    format!("{:02}/{:02}/{}", at.day(), u8::from(at.month()), at.year())
}

fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The context fact a condition tests, as known (`None`: not established).
fn context_value(record: &PracticeRecord, key: &str) -> Option<bool> {
    let organisation: Option<Organisation> = record.practice.as_ref().map(|p| p.organisation);
    ContextQuestion::from_key(key).and_then(|q| record.context.value(q, organisation))
}

impl Report {
    /// Applies the practice record at `as_of` and recounts the summary.
    pub fn apply_record(&mut self, catalog: &Catalog, record: &PracticeRecord, as_of: time::Date) {
        for result in &mut self.requirements {
            let Some(req) = catalog.requirement(&result.id) else {
                continue;
            };
            result.owner = owner(record, &result.id);
            if let Some(finding) =
                crate::checks::practice_finding(&result.id, &record.backups, as_of)
            {
                let (status, machine_status, finding) =
                    crate::report::machine_result(req.method, Basis::Machine, finding);
                result.status = status;
                result.basis = Basis::Machine;
                result.reason = finding.reason;
                result.evidence = finding.evidence;
                result.machine_status = machine_status;
                result.needs_privileges = finding.needs_privileges;
                result.declaration_decides = finding.declaration_decides;
            }
            if result.id == "6.3.1.e" {
                result.evidence.extend(encryption_items(&record.backups));
            }
            if req.method != Method::Auto {
                apply_declaration(result, req, record, as_of);
            }
        }
        self.practice = record.practice.as_ref().map(|p| PracticeInfo {
            name: p.name.clone(),
            profession: Localized::new(p.profession.label(Lang::Fr), p.profession.label(Lang::En)),
            organisation: p.organisation.code().to_string(),
            address: p.address.clone(),
        });
        self.providers = record
            .providers
            .iter()
            .map(|p| ProviderInfo {
                provider: p.clone(),
                warnings: p
                    .warnings(as_of)
                    .iter()
                    .map(|w| Localized::new(w.message(Lang::Fr), w.message(Lang::En)))
                    .collect(),
                requirements: catalog
                    .requirements
                    .iter()
                    .filter(|r| {
                        record
                            .delegations
                            .iter()
                            .any(|d| d.requirement_id == r.id && d.role == p.role)
                    })
                    .map(|r| r.id.clone())
                    .collect(),
            })
            .collect();
        self.history = record.history.clone();
        self.backups = vigie_backup::backups_report(&record.backups, as_of);
        self.recount();
    }

    /// Recomputes the summary from the requirements.
    pub fn recount(&mut self) {
        let mut total = Counts::default();
        let mut essential = Counts::default();
        for t in &mut self.summary.themes {
            t.counts = Counts::default();
        }
        for r in &self.requirements {
            total.add(r.status);
            if r.essential {
                essential.add(r.status);
            }
            if let Some(t) = self.summary.themes.iter_mut().find(|t| t.theme == r.theme) {
                t.counts.add(r.status);
            }
        }
        self.summary.total = total;
        self.summary.essential = essential;
    }
}

/// 6.3.1.e: what each set does about encryption (shown beside the
/// declaration; the memento and the CNIL disagree, the report's backups
/// section gives both positions).
fn encryption_items(backups: &vigie_practice::Backups) -> Vec<crate::EvidenceItem> {
    backups
        .sets
        .iter()
        .map(|s| {
            let seen = backups.inventory(&s.id).map(|i| &i.encryption);
            let e = vigie_backup::report::encryption_of(s.kind, seen);
            let value = match e {
                vigie_practice::Encryption::Encrypted { mode } => format!("encrypted ({mode})"),
                vigie_practice::Encryption::NotEncrypted { mode } => {
                    format!("not encrypted ({mode})")
                }
                vigie_practice::Encryption::Unknown => "unknown".into(),
            };
            crate::EvidenceItem::new(
                format!("backup set {} ({})", s.id, s.kind),
                None,
                Some("encryption"),
                value,
            )
        })
        .collect()
}

fn owner(record: &PracticeRecord, id: &str) -> Option<Owner> {
    let d = record.delegations.iter().find(|d| d.requirement_id == id)?;
    let provider = record
        .providers
        .iter()
        .find(|p| p.role == d.role)
        .map(|p| p.name.clone())
        .unwrap_or_else(|| "?".into());
    Some(Owner {
        role: d.role,
        provider,
    })
}

fn apply_declaration(
    result: &mut RequirementResult,
    req: &Requirement,
    record: &PracticeRecord,
    as_of: time::Date,
) {
    let Some(question) = &req.question else {
        return;
    };
    let machine = result.machine_status;
    let machine_fails = machine == Some(Status::Fail);

    // A context fact known to be false: not applicable without asking.
    if let Some(cond) = question.not_applicable_when {
        if context_value(record, cond.context_key()) == Some(false) && !machine_fails {
            let label = ContextQuestion::from_key(cond.context_key())
                .map(|q| (q.label(Lang::Fr), q.label(Lang::En)))
                .unwrap_or(("", ""));
            result.status = Status::NotApplicable;
            result.basis = Basis::Declaration;
            result.reason = Localized::new(
                format!(
                    "Non concerné : pas de {} (réponse au questionnaire de contexte).",
                    label.0
                ),
                format!(
                    "Not applicable: no {} (answer to the context questions).",
                    label.1
                ),
            );
            return;
        }
    }

    let latest = record
        .declarations
        .iter()
        .rev()
        .find(|d| d.requirement_id == req.id);
    let state = DeclarationState::of(latest, question.review_days, as_of);
    if let Some(d) = latest {
        result.declaration = Some(DeclarationInfo {
            answer: d.answer,
            answer_label: Localized::new(d.answer.label(Lang::Fr), d.answer.label(Lang::En)),
            author: d.author.clone(),
            answered_at: rfc3339(d.answered_at),
            stale: matches!(state, DeclarationState::Stale { .. }),
            note: d.note.clone(),
            proof: d.proof.clone(),
        });
    }
    let (declared, fr, en) = match (&state, latest) {
        (DeclarationState::None, _) | (_, None) => {
            // Nothing answered: the foundation's wording stays.
            return;
        }
        (DeclarationState::Stale { answer, answered_at }, Some(d)) => (
            Status::Unknown,
            format!(
                "Réponse « {} » du {} par {} périmée (à revoir tous les {} jours) : répondez de nouveau.",
                answer.label(Lang::Fr),
                french_date(*answered_at),
                d.author,
                question.review_days
            ),
            format!(
                "Answer \"{}\" given on {} by {} is stale (to be reviewed every {} days): answer again.",
                answer.label(Lang::En),
                answered_at.date(),
                d.author,
                question.review_days
            ),
        ),
        (DeclarationState::Current { answer, answered_at }, Some(d)) => {
            let status = match answer {
                Answer::Yes => Status::Pass,
                Answer::No | Answer::Partial => Status::Fail,
                Answer::Unknown => Status::Unknown,
                Answer::NotApplicable if question.allow_not_applicable => Status::NotApplicable,
                Answer::NotApplicable => Status::Unknown,
            };
            let mut fr = format!(
                "Déclaré « {} » par {} le {}.",
                answer.label(Lang::Fr),
                d.author,
                french_date(*answered_at)
            );
            let mut en = format!(
                "Declared \"{}\" by {} on {}.",
                answer.label(Lang::En),
                d.author,
                answered_at.date()
            );
            if *answer == Answer::NotApplicable && !question.allow_not_applicable {
                fr.push_str(" « Non concerné » n'est pas une réponse possible ici : répondez oui, non ou en partie.");
                en.push_str(" \"Not applicable\" is not a possible answer here: answer yes, no or partly.");
            }
            (status, fr, en)
        }
    };

    result.basis = Basis::Declaration;
    match (req.method, machine) {
        (Method::Both, Some(m)) => {
            let status = match (m, declared) {
                (Status::Fail, _) | (_, Status::Fail) => Status::Fail,
                (_, Status::Unknown) => Status::Unknown,
                (_, Status::NotApplicable) => Status::NotApplicable,
                (Status::Pass | Status::NotApplicable, Status::Pass) => Status::Pass,
                (Status::Unknown, Status::Pass) if result.declaration_decides => Status::Pass,
                (Status::Unknown, Status::Pass) => Status::Unknown,
            };
            // The machine's own reason first: it is what was seen.
            let machine_reason = result.reason.clone();
            let strip = |s: &str, tail: &str| s.trim_end_matches(tail).trim_end().to_string();
            let mfr = strip(
                &machine_reason.fr,
                "La partie déclarative reste à renseigner.",
            );
            let men = strip(
                &machine_reason.en,
                "The declared part is still to be answered.",
            );
            let (cfr, cen) = if status == Status::Unknown && declared == Status::Pass {
                (
                    " La machine n'a pas pu le confirmer.",
                    " The machine could not confirm it.",
                )
            } else {
                ("", "")
            };
            result.basis = Basis::MachineAndDeclaration;
            result.status = status;
            result.reason = Localized::new(format!("{mfr} {fr}{cfr}"), format!("{men} {en}{cen}"));
        }
        _ => {
            result.status = declared;
            result.reason = Localized::new(fr, en);
        }
    }
}
