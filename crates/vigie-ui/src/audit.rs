//! Running an audit from the interface: in a thread of its own, one at a
//! time, recorded in the practice record exactly as `vigie audit` records
//! it; the progress page reads [`Job`].

use crate::record;
use crate::App;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;
use vigie_audit::{Profile, Report};
use vigie_evidence::{EvidenceSource, LiveSystem, OfflineRoot, RecordedEvidence};

/// What an audit looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// This machine, live.
    Live,
    /// An offline system mounted at this folder (files only).
    Root(PathBuf),
    /// An evidence file written by `vigie collect`.
    Evidence(PathBuf),
}

/// Where the audit in progress is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    Collecting,
    Judging,
    Recording,
}

impl Phase {
    /// Steps done, out of [`Phase::STEPS`].
    pub fn step(self) -> u32 {
        match self {
            Phase::Collecting => 1,
            Phase::Judging => 2,
            Phase::Recording => 3,
        }
    }
    pub const STEPS: u32 = 3;
}

/// The interface's audit: none yet, running, or how the last one ended.
#[derive(Debug, Clone)]
pub(crate) enum Job {
    Idle,
    Running { phase: Phase },
    Done { id: i64 },
    Failed { fr: String, en: String },
}

fn set(app: &App, job: Job) {
    if let Ok(mut j) = app.job.lock() {
        *j = job;
    }
}

/// Starts an audit unless one is running; returns whether one started.
pub(crate) fn start(app: Arc<App>) -> bool {
    {
        let Ok(mut job) = app.job.lock() else {
            return false;
        };
        if matches!(*job, Job::Running { .. }) {
            return false;
        }
        *job = Job::Running {
            phase: Phase::Collecting,
        };
    }
    let spawned = std::thread::Builder::new()
        .name("vigie-audit".into())
        .spawn({
            let app = app.clone();
            move || {
                let job = match run(&app) {
                    Ok(id) => Job::Done { id },
                    Err((fr, en)) => Job::Failed { fr, en },
                };
                set(&app, job);
            }
        });
    if let Err(e) = spawned {
        set(
            &app,
            Job::Failed {
                fr: format!("l'audit n'a pas pu démarrer ({e})"),
                en: format!("the audit could not start ({e})"),
            },
        );
    }
    true
}

/// Collects, judges and records, as `vigie audit` does.
fn run(app: &App) -> Result<i64, (String, String)> {
    let started = Instant::now();
    let (evidence, from_file) = match &app.opts.source {
        Source::Live => (LiveSystem.evidence(), false),
        Source::Root(path) => (OfflineRoot { path: path.clone() }.evidence(), false),
        Source::Evidence(path) => (RecordedEvidence { path: path.clone() }.evidence(), true),
    };
    let evidence = evidence.map_err(|e| {
        (
            format!("les éléments du poste n'ont pas pu être relevés : {e}"),
            format!("the machine's evidence could not be collected: {e}"),
        )
    })?;
    set(
        app,
        Job::Running {
            phase: Phase::Judging,
        },
    );
    let catalog = vigie_catalog::embedded();
    let as_of = app.today();
    let duration = if from_file {
        evidence.collection_us as f64 / 1000.0 + started.elapsed().as_secs_f64() * 1000.0
    } else {
        started.elapsed().as_secs_f64() * 1000.0
    };
    let profile = Profile::memento_2013();
    let ctx = vigie_audit::Context::new(&evidence, &profile, as_of);
    let report = Report::generate(catalog, &ctx, from_file, duration);
    set(
        app,
        Job::Running {
            phase: Phase::Recording,
        },
    );
    let fail = |e: &dyn std::fmt::Display| {
        (
            format!("l'audit n'a pas pu être enregistré dans le dossier du cabinet : {e}"),
            format!("the audit could not be recorded in the practice record: {e}"),
        )
    };
    let mut store = app.store().map_err(|e| fail(&e))?;
    let (id, _) = record::record_audit(&mut store, catalog, report, evidence.collected_at, as_of)
        .map_err(|e| fail(&e))?;
    Ok(id)
}
