//! Where each question stands, for the question pages and the dashboard:
//! never answered, answered and current, going stale within
//! [`SOON_DAYS`], stale, or moot given the context answers. The same
//! rules as `vigie declare` and the report (`DeclarationState`).

use crate::record::not_applicable_by;
use std::collections::BTreeMap;
use time::{Date, Duration};
use vigie_catalog::{Catalog, Question, Requirement};
use vigie_practice::{Context, ContextQuestion, Declaration, DeclarationState, Organisation};

/// An answer within this many days of going stale is flagged.
pub(crate) const SOON_DAYS: i64 = 30;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum State {
    /// Never answered.
    Open,
    /// Answered too long ago: to answer again.
    Stale,
    /// Current, but stale after `due` (within [`SOON_DAYS`]).
    Soon { due: Date },
    /// Current until `due`.
    Current { due: Date },
    /// Moot: the context says the situation does not exist.
    Moot(ContextQuestion),
}

impl State {
    /// Whether the question waits for an answer.
    pub fn open(&self) -> bool {
        matches!(self, State::Open | State::Stale)
    }
}

pub(crate) struct Item<'c> {
    pub req: &'c Requirement,
    pub question: &'c Question,
    pub state: State,
    pub latest: Option<Declaration>,
}

/// Every question of the catalog (of `theme` if given), in catalog order.
pub(crate) fn items<'c>(
    catalog: &'c Catalog,
    context: &Context,
    organisation: Organisation,
    latest: &BTreeMap<String, Declaration>,
    theme: Option<u8>,
    today: Date,
) -> Vec<Item<'c>> {
    catalog
        .requirements
        .iter()
        .filter(|r| theme.is_none_or(|t| t == r.theme))
        .filter_map(|req| {
            let question = req.question.as_ref()?;
            let previous = latest.get(&req.id).cloned();
            let state = match not_applicable_by(question, context, organisation) {
                Some(fact) => State::Moot(fact),
                None => {
                    match DeclarationState::of(previous.as_ref(), question.review_days, today) {
                        DeclarationState::None => State::Open,
                        DeclarationState::Stale { .. } => State::Stale,
                        DeclarationState::Current { answered_at, .. } => {
                            let due = answered_at
                                .date()
                                .checked_add(Duration::days(i64::from(question.review_days)))
                                .unwrap_or(Date::MAX);
                            if (due - today).whole_days() <= SOON_DAYS {
                                State::Soon { due }
                            } else {
                                State::Current { due }
                            }
                        }
                    }
                }
            };
            Some(Item {
                req,
                question,
                state,
                latest: previous,
            })
        })
        .collect()
}

/// Counts of a set of questions.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Tally {
    pub total: usize,
    pub open: usize,
    pub stale: usize,
    pub soon: usize,
    pub current: usize,
    pub moot: usize,
}

pub(crate) fn tally(items: &[Item]) -> Tally {
    let mut t = Tally {
        total: items.len(),
        ..Tally::default()
    };
    for i in items {
        match i.state {
            State::Open => t.open += 1,
            State::Stale => t.stale += 1,
            State::Soon { .. } => t.soon += 1,
            State::Current { .. } => t.current += 1,
            State::Moot(_) => t.moot += 1,
        }
    }
    t
}
