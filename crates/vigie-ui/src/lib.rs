//! Vigie's local web interface (`vigie ui`): the practice record in the
//! practitioner's browser, served from their own machine and nothing else.
//!
//! - A dashboard: where the practice stands per theme and for the
//!   "incontournables", and what to fix first.
//! - An audit of this machine (or of the offline root or evidence file the
//!   command was given) with a progress page and what changed since the
//!   previous audit.
//! - The questions of `vigie declare`, theme by theme, in the same store.
//! - The providers (A, B), the delegations and the contract annex.
//! - The report, the same HTML as `vigie report`.
//!
//! Pages are rendered on the server with the report's templates and styles
//! (`vigie_report::parts`); they need no JavaScript and load nothing from
//! anywhere. How requests are admitted is in [`security`](crate::security):
//! loopback `Host` only, a one-time token exchanged for a session cookie,
//! and a same-origin check on every POST.
//!
//! The store is opened afresh for each request (SQLite in WAL mode with a
//! busy timeout), so `vigie declare` or `vigie audit` may run at the same
//! time.

mod audit;
mod handlers;
mod pages;
mod questions;
pub mod record;
mod security;

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use time::{Date, OffsetDateTime, UtcOffset};
use vigie_catalog::Lang;
use vigie_store::Store;

pub use audit::Source;

/// What `vigie ui` was asked.
#[derive(Debug, Clone)]
pub struct Options {
    /// The practice record (SQLite file); it must hold a practice.
    pub store: PathBuf,
    /// What "run an audit" audits.
    pub source: Source,
    /// Who answers by default (the login name); each form can change it.
    pub author: Option<String>,
    /// The practitioner's UTC offset, read before any thread starts (the
    /// `time` crate cannot read it from a multi-threaded process): answers
    /// are dated by the person's calendar day.
    pub offset: UtcOffset,
}

/// Why the interface could not start.
#[derive(Debug, thiserror::Error)]
pub enum UiError {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] vigie_store::StoreError),
    #[error("{}: no practice recorded: create the record first with `vigie init`", .0.display())]
    NoPractice(PathBuf),
}

/// The server's shared state.
pub(crate) struct App {
    pub opts: Options,
    pub port: u16,
    /// Login tokens not used yet (one, the URL's).
    pub tokens: Mutex<Vec<String>>,
    /// Live sessions and their language.
    pub sessions: Mutex<HashMap<String, Lang>>,
    pub job: Mutex<audit::Job>,
    /// The name last given as author in a form.
    pub author: Mutex<Option<String>>,
}

impl App {
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc().to_offset(self.opts.offset)
    }

    pub fn today(&self) -> Date {
        self.now().date()
    }

    pub fn lang_of(&self, session: &str) -> Lang {
        self.sessions
            .lock()
            .ok()
            .and_then(|s| s.get(session).copied())
            .unwrap_or(Lang::Fr)
    }

    pub fn set_lang(&self, session: &str, lang: Lang) {
        if let Ok(mut s) = self.sessions.lock() {
            if let Some(l) = s.get_mut(session) {
                *l = lang;
            }
        }
    }

    pub fn author(&self) -> String {
        self.author
            .lock()
            .ok()
            .and_then(|a| a.clone())
            .or_else(|| self.opts.author.clone())
            .unwrap_or_default()
    }

    pub fn remember_author(&self, author: &str) {
        if let Ok(mut a) = self.author.lock() {
            *a = Some(author.to_string());
        }
    }

    /// The record, opened for this request. Never creates a file.
    pub fn store(&self) -> Result<Store, handlers::Failure> {
        if !self.opts.store.exists() {
            return Err(handlers::Failure::NoPractice);
        }
        let store = Store::open(&self.opts.store)?;
        if store.practice()?.is_none() {
            return Err(handlers::Failure::NoPractice);
        }
        Ok(store)
    }
}

/// A server bound to a free port of 127.0.0.1, not serving yet.
pub struct Server {
    listener: std::net::TcpListener,
    app: Arc<App>,
    token: String,
}

impl Server {
    /// Checks the record, binds 127.0.0.1 on a port the system chooses, and
    /// draws the one-time token.
    pub fn bind(opts: Options) -> Result<Server, UiError> {
        if !opts.store.exists() {
            return Err(UiError::NoPractice(opts.store.clone()));
        }
        if Store::open(&opts.store)?.practice()?.is_none() {
            return Err(UiError::NoPractice(opts.store.clone()));
        }
        let listener = std::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let token = security::secret()?;
        let app = Arc::new(App {
            opts,
            port,
            tokens: Mutex::new(vec![token.clone()]),
            sessions: Mutex::new(HashMap::new()),
            job: Mutex::new(audit::Job::Idle),
            author: Mutex::new(None),
        });
        Ok(Server {
            listener,
            app,
            token,
        })
    }

    pub fn port(&self) -> u16 {
        self.app.port
    }

    /// The URL to open once: it carries the one-time token.
    pub fn login_url(&self) -> String {
        format!(
            "http://127.0.0.1:{}/login?token={}",
            self.app.port, self.token
        )
    }

    /// The clean address, without the token.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.app.port)
    }

    /// The routes, with every check; for tests that call it directly.
    pub fn router(&self) -> axum::Router {
        handlers::router(self.app.clone())
    }

    /// Serves until `shutdown` completes.
    pub async fn serve(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let listener = tokio::net::TcpListener::from_std(self.listener)?;
        let router = handlers::router(self.app);
        axum::serve(listener, router)
            .with_graceful_shutdown(shutdown)
            .await
    }

    /// Serves until Ctrl-C.
    pub fn run(self) -> std::io::Result<()> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_io()
            .build()?;
        runtime.block_on(self.serve(async {
            let _ = tokio::signal::ctrl_c().await;
        }))
    }
}
