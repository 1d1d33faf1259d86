//! The routes. GET only reads; every change is a POST (checked by
//! [`security::guard`](crate::security::guard)) answered by a redirect to
//! a GET page (post/redirect/get), so that reloading never posts twice.

use crate::audit::{self, Job};
use crate::pages::{self, audit as audit_pages, dashboard, providers, questions as qpages, Ctx};
use crate::questions;
use crate::record::{self, RecordError};
use crate::security::{self, Session};
use crate::App;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{middleware, Extension, Form, Router};
use std::collections::HashMap;
use std::sync::Arc;
use vigie_audit::Report;
use vigie_catalog::{Catalog, Lang};
use vigie_practice::{
    validate_delegation, Answer, ContextAnswer, ContextQuestion, Declaration, Provider, Role,
    ValidationError,
};
use vigie_report::parts::t;
use vigie_store::{Store, StoreError};

pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(dashboard_page))
        .route("/login", get(not_found))
        .route("/actions", get(actions_page))
        .route("/audit", get(audit_page).post(audit_start))
        .route("/audit/progression", get(audit_progress))
        .route("/audits/{id}", get(audit_outcome))
        .route("/questions", get(questions_page))
        .route("/questions/contexte", get(context_page).post(context_save))
        .route("/questions/theme/{n}", get(theme_page))
        .route("/questions/reponse", post(answer_save))
        .route("/prestataires", get(providers_page))
        .route("/prestataires/{role}", post(provider_save))
        .route("/prestataires/{role}/retirer", post(provider_remove))
        .route("/delegations", post(delegations_save))
        .route("/annexe/{file}", get(annex))
        .route("/rapport", get(report_page))
        .route("/rapport/voir", get(report_view))
        .route("/rapport/{file}", get(report_download))
        .route("/langue", post(language))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(app.clone(), security::guard))
        .with_state(app)
}

/// What went wrong while answering a request.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Failure {
    #[error("no practice recorded")]
    NoPractice,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Record(#[from] RecordError),
    #[error("{0}")]
    Internal(String),
}

impl Failure {
    fn into_response(self, ctx: &Ctx) -> Response {
        let lang = ctx.lang;
        match self {
            Failure::NoPractice => pages::problem(
                ctx,
                StatusCode::CONFLICT,
                t(lang, "Dossier du cabinet introuvable", "Practice record not found"),
                t(lang,
                  "Le dossier du cabinet n'existe plus ou ne contient aucun cabinet : créez-le avec « vigie init », puis relancez « vigie ui ».",
                  "The practice record no longer exists or holds no practice: create it with \"vigie init\", then run \"vigie ui\" again."),
            ),
            Failure::Store(StoreError::Busy { .. }) => pages::problem(
                ctx,
                StatusCode::SERVICE_UNAVAILABLE,
                t(lang, "Dossier du cabinet occupé", "Practice record busy"),
                t(lang,
                  "Une autre commande Vigie écrit dans le dossier du cabinet en ce moment : réessayez dans quelques secondes.",
                  "Another Vigie command is writing to the practice record right now: try again in a few seconds."),
            ),
            other => pages::problem(
                ctx,
                StatusCode::INTERNAL_SERVER_ERROR,
                t(lang, "Erreur", "Error"),
                &format!("{}{other}", t(lang, "Vigie n'a pas pu répondre : ", "Vigie could not answer: ")),
            ),
        }
    }
}

type Reply = Result<Response, Response>;

fn ctx(session: &Session, uri: &Uri) -> Ctx {
    Ctx {
        lang: session.lang,
        path: uri.path().to_string(),
    }
}

/// Runs store work off the async threads (SQLite may wait for a writer).
async fn blocking<T: Send + 'static>(
    ctx: &Ctx,
    f: impl FnOnce() -> Result<T, Failure> + Send + 'static,
) -> Result<T, Response> {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(e.into_response(ctx)),
        Err(e) => Err(Failure::Internal(e.to_string()).into_response(ctx)),
    }
}

fn html(markup: maud::Markup) -> Response {
    pages::respond(StatusCode::OK, markup)
}

fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

fn catalog() -> &'static Catalog {
    vigie_catalog::embedded()
}

/// The latest audit with the record applied today, if any.
fn latest(store: &Store, today: time::Date) -> Result<Option<(i64, Report)>, Failure> {
    let Some(audit) = store.latest_audit()? else {
        return Ok(None);
    };
    let id = audit.id;
    Ok(Some((id, record::replay(store, catalog(), audit, today)?)))
}

async fn not_found(Extension(session): Extension<Session>, uri: Uri) -> Response {
    let ctx = ctx(&session, &uri);
    let lang = ctx.lang;
    pages::problem(
        &ctx,
        StatusCode::NOT_FOUND,
        t(lang, "Page introuvable", "Page not found"),
        t(
            lang,
            "Cette adresse ne correspond à aucune page de Vigie.",
            "This address matches no page of Vigie.",
        ),
    )
}

async fn dashboard_page(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    uri: Uri,
) -> Reply {
    let ctx = ctx(&session, &uri);
    let page = blocking(&ctx, {
        let app = app.clone();
        let lang = ctx.lang;
        let path = ctx.path.clone();
        move || {
            let store = app.store()?;
            let today = app.today();
            let practice = store.practice()?.ok_or(Failure::NoPractice)?;
            let latest = latest(&store, today)?;
            let context = store.context()?;
            let declarations = store.latest_declarations()?;
            let items = questions::items(
                catalog(),
                &context,
                practice.organisation,
                &declarations,
                None,
                today,
            );
            let d = dashboard::Dashboard {
                practice: &practice,
                latest: latest.as_ref().map(|(id, r)| (*id, r)),
                questions: questions::tally(&items),
                context_open: context.unanswered().len(),
            };
            Ok(dashboard::render(&Ctx { lang, path }, &d, catalog()))
        }
    })
    .await?;
    Ok(html(page))
}

async fn actions_page(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    uri: Uri,
) -> Reply {
    let ctx = ctx(&session, &uri);
    let report = blocking(&ctx, {
        let app = app.clone();
        move || latest(&app.store()?, app.today())
    })
    .await?;
    match report {
        Some((_, report)) => Ok(html(dashboard::actions(&ctx, &report, catalog()))),
        None => Ok(see_other("/audit")),
    }
}

async fn audit_page(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    uri: Uri,
) -> Reply {
    let ctx = ctx(&session, &uri);
    let mut audits = blocking(&ctx, {
        let app = app.clone();
        move || Ok(app.store()?.audits()?)
    })
    .await?;
    audits.sort_by_key(|a| (a.run_at, a.id));
    let failed = match app.job.lock().map(|j| j.clone()) {
        Ok(Job::Failed { fr, en }) => Some(match ctx.lang {
            Lang::Fr => fr,
            Lang::En => en,
        }),
        _ => None,
    };
    Ok(html(audit_pages::start(
        &ctx,
        &app.opts.source,
        &audits,
        failed.as_deref(),
    )))
}

async fn audit_start(State(app): State<Arc<App>>) -> Response {
    // Already running: the progress page shows the one in progress.
    audit::start(app);
    see_other("/audit/progression")
}

async fn audit_progress(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    uri: Uri,
) -> Response {
    let ctx = ctx(&session, &uri);
    let job = app.job.lock().map(|j| j.clone()).unwrap_or(Job::Idle);
    match job {
        Job::Running { phase } => html(audit_pages::progress(&ctx, phase)),
        Job::Done { id } => see_other(&format!("/audits/{id}")),
        Job::Failed { .. } | Job::Idle => see_other("/audit"),
    }
}

async fn audit_outcome(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    Path(id): Path<String>,
    uri: Uri,
) -> Reply {
    let ctx = ctx(&session, &uri);
    let Ok(id) = id.parse::<i64>() else {
        return Ok(not_found(Extension(session), uri).await);
    };
    let lang = ctx.lang;
    let path = ctx.path.clone();
    let page = blocking(&ctx, {
        let app = app.clone();
        move || {
            let store = app.store()?;
            let mut audits = store.audits()?;
            audits.sort_by_key(|a| (a.run_at, a.id));
            let Some(pos) = audits.iter().position(|a| a.id == id) else {
                return Ok(None);
            };
            let previous = pos.checked_sub(1).map(|p| &audits[p]);
            let now = store.findings(id)?;
            let before: HashMap<String, vigie_audit::Status> = match previous {
                Some(p) => store
                    .findings(p.id)?
                    .into_iter()
                    .map(|f| (f.requirement_id, record::status_of(f.status)))
                    .collect(),
                None => HashMap::new(),
            };
            let changes = if previous.is_some() {
                now.iter()
                    .filter_map(|f| {
                        let after = record::status_of(f.status);
                        let before = before.get(&f.requirement_id).copied();
                        (before != Some(after)).then(|| audit_pages::Change {
                            id: f.requirement_id.clone(),
                            before,
                            after,
                        })
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let latest = latest(&store, app.today())?;
            let report = latest.as_ref().filter(|(l, _)| *l == id).map(|(_, r)| r);
            let outcome = audit_pages::Outcome {
                id,
                audit: &audits[pos],
                previous,
                changes,
                report,
            };
            Ok(Some(audit_pages::outcome(
                &Ctx { lang, path },
                &outcome,
                catalog(),
            )))
        }
    })
    .await?;
    match page {
        Some(p) => Ok(html(p)),
        None => Ok(not_found(Extension(session), uri).await),
    }
}

#[derive(serde::Deserialize, Default)]
struct SavedQuery {
    contexte: Option<String>,
    enregistre: Option<String>,
}

async fn questions_page(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    Query(q): Query<SavedQuery>,
    uri: Uri,
) -> Reply {
    let ctx = ctx(&session, &uri);
    let lang = ctx.lang;
    let path = ctx.path.clone();
    let page = blocking(&ctx, {
        let app = app.clone();
        move || {
            let store = app.store()?;
            let practice = store.practice()?.ok_or(Failure::NoPractice)?;
            let context = store.context()?;
            let declarations = store.latest_declarations()?;
            let today = app.today();
            let themes: Vec<qpages::ThemeRow> = catalog()
                .themes
                .iter()
                .map(|th| {
                    let items = questions::items(
                        catalog(),
                        &context,
                        practice.organisation,
                        &declarations,
                        Some(th.number),
                        today,
                    );
                    qpages::ThemeRow {
                        number: th.number,
                        title: th.title.get(lang).to_string(),
                        tally: questions::tally(&items),
                    }
                })
                .collect();
            Ok(qpages::overview(
                &Ctx { lang, path },
                &context,
                practice.organisation,
                &themes,
                q.contexte.is_some(),
            ))
        }
    })
    .await?;
    Ok(html(page))
}

/// The practice's answers to the context questions, read off the runtime.
async fn load_context(app: &Arc<App>, ctx: &Ctx) -> Result<vigie_practice::Context, Response> {
    blocking(ctx, {
        let app = app.clone();
        move || Ok(app.store()?.context()?)
    })
    .await
}

async fn context_page(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    uri: Uri,
) -> Reply {
    let ctx = ctx(&session, &uri);
    let context = load_context(&app, &ctx).await?;
    Ok(html(qpages::context_form(
        &ctx,
        catalog(),
        &context,
        &app.author(),
        None,
    )))
}

async fn context_save(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    uri: Uri,
    Form(form): Form<HashMap<String, String>>,
) -> Reply {
    let ctx = ctx(&session, &uri);
    let lang = ctx.lang;
    let author = form.get("author").map(|a| a.trim()).unwrap_or("");
    if author.is_empty() {
        let context = load_context(&app, &ctx).await?;
        let page = qpages::context_form(
            &ctx,
            catalog(),
            &context,
            "",
            Some(t(
                lang,
                "Indiquez qui répond (votre nom).",
                "Say who answers (your name).",
            )),
        );
        return Ok(pages::respond(StatusCode::UNPROCESSABLE_ENTITY, page));
    }
    app.remember_author(author);
    let mut answers = Vec::new();
    for q in ContextQuestion::ANSWERED {
        let value = match form.get(q.key()).map(String::as_str) {
            Some("yes") => Some(true),
            Some("no") => Some(false),
            Some("unknown") => None,
            _ => continue,
        };
        answers.push((q, value));
    }
    let author = author.to_string();
    blocking(&ctx, {
        let app = app.clone();
        move || {
            let mut store = app.store()?;
            let current = store.context()?;
            for (q, value) in answers {
                // Unchanged answers keep their author and date.
                if current.get(q).is_some_and(|a| a.value == value) {
                    continue;
                }
                store.set_context(
                    q,
                    &ContextAnswer {
                        value,
                        author: author.clone(),
                        answered_at: app.now(),
                    },
                )?;
            }
            Ok(())
        }
    })
    .await?;
    Ok(see_other("/questions?contexte=ok"))
}

/// The theme page, with an optional message at one question.
async fn render_theme(
    app: &Arc<App>,
    ctx: &Ctx,
    number: u8,
    flash: Option<(String, Option<String>)>,
) -> Result<maud::Markup, Response> {
    let lang = ctx.lang;
    let path = ctx.path.clone();
    let author = app.author();
    blocking(ctx, {
        let app = app.clone();
        move || {
            let store = app.store()?;
            let practice = store.practice()?.ok_or(Failure::NoPractice)?;
            let context = store.context()?;
            let declarations = store.latest_declarations()?;
            let history = store.declarations()?;
            let today = app.today();
            let items = questions::items(
                catalog(),
                &context,
                practice.organisation,
                &declarations,
                Some(number),
                today,
            );
            let all = questions::items(
                catalog(),
                &context,
                practice.organisation,
                &declarations,
                None,
                today,
            );
            // The next open question: after this theme first, then from the start.
            let next = all
                .iter()
                .filter(|i| i.state.open())
                .find(|i| i.req.theme > number)
                .or_else(|| all.iter().find(|i| i.state.open()))
                .map(|i| (i.req.theme, i.req.id.as_str()));
            let flash = flash.as_ref().map(|(id, error)| qpages::Flash {
                id: id.as_str(),
                error: error.clone(),
            });
            Ok(qpages::theme(
                &Ctx { lang, path },
                catalog(),
                number,
                &items,
                &history,
                &author,
                flash,
                next,
            ))
        }
    })
    .await
}

fn theme_number(n: &str) -> Option<u8> {
    n.parse::<u8>()
        .ok()
        .filter(|n| catalog().themes.iter().any(|t| t.number == *n))
}

async fn theme_page(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    Path(n): Path<String>,
    Query(q): Query<SavedQuery>,
    uri: Uri,
) -> Reply {
    let ctx = ctx(&session, &uri);
    let Some(number) = theme_number(&n) else {
        return Ok(not_found(Extension(session), uri).await);
    };
    let flash = q.enregistre.map(|id| (id, None));
    Ok(html(render_theme(&app, &ctx, number, flash).await?))
}

#[derive(serde::Deserialize)]
struct AnswerForm {
    id: String,
    answer: Option<String>,
    #[serde(default)]
    note: String,
    #[serde(default)]
    proof: String,
    #[serde(default)]
    author: String,
}

/// Why an answer is refused, in words.
fn answer_problem(e: &ValidationError, lang: Lang) -> String {
    match e {
        ValidationError::EmptyAuthor => t(lang, "indiquez qui répond (votre nom).", "say who answers (your name).").to_string(),
        ValidationError::NoteTooLong { max } => match lang {
            Lang::Fr => format!("la note est trop longue (au plus {max} caractères)."),
            Lang::En => format!("the note is too long (at most {max} characters)."),
        },
        ValidationError::BadProof { max } => match lang {
            Lang::Fr => format!("la preuve doit être une référence sur une ligne (un nom de fichier ou un endroit, au plus {max} caractères), pas le document lui-même."),
            Lang::En => format!("the proof must be a reference on one line (a file name or a place, at most {max} characters), not the document itself."),
        },
        other => other.to_string(),
    }
}

async fn answer_save(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    uri: Uri,
    Form(form): Form<AnswerForm>,
) -> Reply {
    let mut ctx = ctx(&session, &uri);
    let lang = ctx.lang;
    let Some(req) = catalog().requirement(&form.id) else {
        return Ok(not_found(Extension(session), uri).await);
    };
    let Some(question) = &req.question else {
        return Ok(not_found(Extension(session), uri).await);
    };
    ctx.path = format!("/questions/theme/{}", req.theme);
    let refuse = |message: String| (form.id.clone(), Some(message));
    let answer = form.answer.as_deref().and_then(Answer::from_code);
    let problem = match answer {
        None => Some(t(lang, "choisissez une réponse.", "choose an answer.").to_string()),
        Some(Answer::NotApplicable) if !question.allow_not_applicable => Some(t(
            lang,
            "« non concerné » n'est pas possible pour cette exigence : répondez oui, non, en partie ou ne sait pas.",
            "\"not applicable\" is not possible for this requirement: answer yes, no, partial or don't know.",
        ).to_string()),
        _ => None,
    };
    let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let declaration = answer.map(|answer| Declaration {
        requirement_id: req.id.clone(),
        answer,
        note: text(&form.note),
        proof: text(&form.proof),
        author: form.author.trim().to_string(),
        answered_at: app.now(),
    });
    let problem = problem.or_else(|| {
        declaration
            .as_ref()
            .and_then(|d| d.validate().err())
            .map(|e| answer_problem(&e, lang))
    });
    if let Some(message) = problem {
        let page = render_theme(&app, &ctx, req.theme, Some(refuse(message))).await?;
        return Ok(pages::respond(StatusCode::UNPROCESSABLE_ENTITY, page));
    }
    let Some(declaration) = declaration else {
        return Ok(not_found(Extension(session), uri).await);
    };
    app.remember_author(&declaration.author);
    blocking(&ctx, {
        let app = app.clone();
        move || {
            app.store()?.record_declaration(&declaration)?;
            Ok(())
        }
    })
    .await?;
    Ok(see_other(&format!(
        "/questions/theme/{}?enregistre={}#q-{}",
        req.theme, req.id, req.id
    )))
}

async fn render_providers(
    app: &Arc<App>,
    ctx: &Ctx,
    notice: Option<String>,
    error: Option<String>,
) -> Result<maud::Markup, Response> {
    let lang = ctx.lang;
    let path = ctx.path.clone();
    blocking(ctx, {
        let app = app.clone();
        move || {
            let store = app.store()?;
            let today = app.today();
            let providers = store.providers()?;
            let delegations = store.delegations()?;
            let report = latest(&store, today)?.map(|(_, r)| r);
            let page = providers::ProvidersPage {
                providers: &providers,
                delegations: &delegations,
                report: report.as_ref(),
                today,
                notice,
                error,
            };
            Ok(providers::render(&Ctx { lang, path }, &page, catalog()))
        }
    })
    .await
}

#[derive(serde::Deserialize, Default)]
struct ProvidersQuery {
    ok: Option<String>,
}

async fn providers_page(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    Query(q): Query<ProvidersQuery>,
    uri: Uri,
) -> Reply {
    let ctx = ctx(&session, &uri);
    let lang = ctx.lang;
    let notice = q.ok.map(|what| match what.as_str() {
        "delegations" => t(lang, "Délégations enregistrées.", "Delegations recorded.").to_string(),
        "retire" => t(lang, "Prestataire retiré.", "Provider removed.").to_string(),
        _ => t(lang, "Prestataire enregistré.", "Provider recorded.").to_string(),
    });
    Ok(html(render_providers(&app, &ctx, notice, None).await?))
}

async fn refuse_providers(app: &Arc<App>, ctx: &mut Ctx, message: String) -> Reply {
    ctx.path = "/prestataires".into();
    let page = render_providers(app, ctx, None, Some(message)).await?;
    Ok(pages::respond(StatusCode::UNPROCESSABLE_ENTITY, page))
}

#[derive(serde::Deserialize)]
struct ProviderForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    contract_date: String,
    #[serde(default)]
    hds_certificate: String,
    #[serde(default)]
    hds_expiry: String,
}

fn parse_day(text: &str) -> Result<Option<time::Date>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    time::Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map(Some)
    .map_err(|_| ())
}

async fn provider_save(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    Path(role): Path<String>,
    uri: Uri,
    Form(form): Form<ProviderForm>,
) -> Reply {
    let mut ctx = ctx(&session, &uri);
    let lang = ctx.lang;
    let Some(role) = Role::from_code(&role) else {
        return Ok(not_found(Extension(session), uri).await);
    };
    let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let (Ok(contract_date), Ok(hds_expiry)) =
        (parse_day(&form.contract_date), parse_day(&form.hds_expiry))
    else {
        let msg = t(
            lang,
            "Une date n'a pas pu être lue : indiquez-la sous la forme AAAA-MM-JJ.",
            "A date could not be read: give it as YYYY-MM-DD.",
        );
        return refuse_providers(&app, &mut ctx, msg.into()).await;
    };
    let provider = Provider {
        role,
        name: form.name.trim().to_string(),
        contact: text(&form.contact),
        contract_date,
        hds_certificate: if role == Role::B {
            text(&form.hds_certificate)
        } else {
            None
        },
        hds_expiry: if role == Role::B { hds_expiry } else { None },
    };
    if let Err(e) = provider.validate() {
        let msg = match e {
            ValidationError::EmptyProviderName => t(
                lang,
                "Le nom du prestataire est vide : indiquez-le.",
                "The provider's name is empty: give it.",
            )
            .to_string(),
            other => other.to_string(),
        };
        return refuse_providers(&app, &mut ctx, msg).await;
    }
    blocking(&ctx, {
        let app = app.clone();
        move || {
            app.store()?.set_provider(&provider)?;
            Ok(())
        }
    })
    .await?;
    Ok(see_other("/prestataires?ok=prestataire"))
}

async fn provider_remove(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    Path(role): Path<String>,
    uri: Uri,
) -> Reply {
    let mut ctx = ctx(&session, &uri);
    let lang = ctx.lang;
    let Some(role) = Role::from_code(&role) else {
        return Ok(not_found(Extension(session), uri).await);
    };
    let held = blocking(&ctx, {
        let app = app.clone();
        move || match app.store()?.remove_provider(role) {
            Ok(_) => Ok(None),
            Err(StoreError::ProviderHasDelegations { requirements, .. }) => Ok(Some(requirements)),
            Err(e) => Err(e.into()),
        }
    })
    .await?;
    if let Some(ids) = held {
        let msg = match lang {
            Lang::Fr => format!("Ce prestataire a encore des exigences confiées ({}) : rendez-les d'abord au cabinet dans le tableau des délégations.", ids.join(", ")),
            Lang::En => format!("This provider still holds delegated requirements ({}): give them back to the practice in the delegations table first.", ids.join(", ")),
        };
        return refuse_providers(&app, &mut ctx, msg).await;
    }
    Ok(see_other("/prestataires?ok=retire"))
}

async fn delegations_save(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    uri: Uri,
    Form(form): Form<Vec<(String, String)>>,
) -> Reply {
    let mut ctx = ctx(&session, &uri);
    let lang = ctx.lang;
    // What the form asks: requirement → roles.
    let mut wanted: Vec<(String, Vec<Role>)> = Vec::new();
    let mut problems = Vec::new();
    for (key, value) in &form {
        let Some(id) = key.strip_prefix("d:") else {
            continue;
        };
        let roles: Vec<Role> = match value.as_str() {
            "" => Vec::new(),
            "A" => vec![Role::A],
            "B" => vec![Role::B],
            "AB" => vec![Role::A, Role::B],
            _ => {
                problems.push(format!("{id} : ?"));
                continue;
            }
        };
        let Some(req) = catalog().requirement(id) else {
            problems.push(match lang {
                Lang::Fr => format!("{id} : exigence inconnue"),
                Lang::En => format!("{id}: unknown requirement"),
            });
            continue;
        };
        for role in &roles {
            if validate_delegation(id, *role, req.delegation).is_err() {
                problems.push(match lang {
                    Lang::Fr => format!(
                        "{id} ne peut pas être confiée {} : le mémento ne le permet pas",
                        match role {
                            Role::A => "au prestataire de maintenance (A)",
                            Role::B => "à l'hébergeur (B)",
                        }
                    ),
                    Lang::En => format!(
                        "{id} cannot be delegated to the {}: the memento does not allow it",
                        role.label(lang)
                    ),
                });
            }
        }
        wanted.push((req.id.clone(), roles));
    }
    let outcome = blocking(&ctx, {
        let app = app.clone();
        move || {
            let mut store = app.store()?;
            let providers = store.providers()?;
            let mut problems = problems;
            for role in Role::ALL {
                if !providers.iter().any(|p| p.role == role)
                    && wanted.iter().any(|(_, roles)| roles.contains(&role))
                {
                    problems.push(match lang {
                        Lang::Fr => format!(
                            "aucun {} n'est enregistré : enregistrez-le d'abord",
                            role.label(lang)
                        ),
                        Lang::En => format!("no {} is recorded: record it first", role.label(lang)),
                    });
                }
            }
            // Everything is checked before anything is written.
            if !problems.is_empty() {
                return Ok(Some(problems));
            }
            let current = store.delegations()?;
            for (id, roles) in &wanted {
                let Some(req) = catalog().requirement(id) else {
                    continue;
                };
                for role in Role::ALL {
                    let held = current
                        .iter()
                        .any(|d| &d.requirement_id == id && d.role == role);
                    let want = roles.contains(&role);
                    if want && !held {
                        store.delegate(id, role, req.delegation)?;
                    } else if held && !want {
                        store.undelegate(id, role)?;
                    }
                }
            }
            Ok(None)
        }
    })
    .await?;
    if let Some(problems) = outcome {
        let msg = format!(
            "{} {}",
            problems.join(" ; "),
            t(lang, "— rien n'a été modifié.", "— nothing was changed.")
        );
        return refuse_providers(&app, &mut ctx, msg).await;
    }
    Ok(see_other("/prestataires?ok=delegations#delegations"))
}

/// A file to save, never shown inline.
fn attachment(body: String, content_type: &'static str, name: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

async fn annex(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    Path(file): Path<String>,
    uri: Uri,
) -> Reply {
    let ctx = ctx(&session, &uri);
    let lang = ctx.lang;
    let (role, html_format) = match file.as_str() {
        "annexe-A.html" => (Role::A, true),
        "annexe-A.md" => (Role::A, false),
        "annexe-B.html" => (Role::B, true),
        "annexe-B.md" => (Role::B, false),
        _ => return Ok(not_found(Extension(session), uri).await),
    };
    let found = blocking(&ctx, {
        let app = app.clone();
        move || {
            let store = app.store()?;
            let provider = store.provider(role)?;
            Ok((provider, latest(&store, app.today())?))
        }
    })
    .await?;
    let (provider, report) = found;
    if provider.is_none() {
        return Ok(pages::problem(
            &ctx,
            StatusCode::NOT_FOUND,
            t(lang, "Prestataire non enregistré", "Provider not recorded"),
            t(
                lang,
                "Enregistrez d'abord ce prestataire dans la page Prestataires.",
                "Record this provider first in the Providers page.",
            ),
        ));
    }
    let Some((_, report)) = report else {
        return Ok(pages::problem(
            &ctx,
            StatusCode::NOT_FOUND,
            t(lang, "Aucun audit", "No audit"),
            t(
                lang,
                "L'annexe indique l'état de chaque exigence au dernier audit : lancez d'abord un audit.",
                "The annex gives each requirement's status at the latest audit: run an audit first.",
            ),
        ));
    };
    Ok(if html_format {
        attachment(
            vigie_report::annex_html(&report, catalog(), role, lang),
            "text/html; charset=utf-8",
            &file,
        )
    } else {
        attachment(
            vigie_report::annex_markdown(&report, catalog(), role, lang),
            "text/markdown; charset=utf-8",
            &file,
        )
    })
}

async fn latest_report(app: &Arc<App>, ctx: &Ctx) -> Result<Option<Report>, Response> {
    blocking(ctx, {
        let app = app.clone();
        move || Ok(latest(&app.store()?, app.today())?.map(|(_, r)| r))
    })
    .await
}

async fn report_page(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    uri: Uri,
) -> Reply {
    let ctx = ctx(&session, &uri);
    let report = latest_report(&app, &ctx).await?;
    Ok(html(audit_pages::report(&ctx, report.as_ref())))
}

/// The report itself: the same HTML as `vigie report --format html`.
async fn report_view(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    uri: Uri,
) -> Reply {
    let ctx = ctx(&session, &uri);
    match latest_report(&app, &ctx).await? {
        Some(report) => {
            let body = vigie_report::html(&report, catalog(), ctx.lang);
            let mut response = body.into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            Ok(response)
        }
        None => Ok(see_other("/rapport")),
    }
}

async fn report_download(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    Path(file): Path<String>,
    uri: Uri,
) -> Reply {
    let ctx = ctx(&session, &uri);
    let lang = ctx.lang;
    let markdown = match file.as_str() {
        "rapport.html" => false,
        "rapport.md" => true,
        _ => return Ok(not_found(Extension(session), uri).await),
    };
    match latest_report(&app, &ctx).await? {
        Some(report) if markdown => Ok(attachment(
            vigie_report::markdown(&report, catalog(), lang),
            "text/markdown; charset=utf-8",
            &file,
        )),
        Some(report) => Ok(attachment(
            vigie_report::html(&report, catalog(), lang),
            "text/html; charset=utf-8",
            &file,
        )),
        None => Ok(see_other("/rapport")),
    }
}

#[derive(serde::Deserialize)]
struct LanguageForm {
    lang: String,
    #[serde(default)]
    retour: String,
}

/// Only our own paths: never another site.
fn safe_return(path: &str) -> &str {
    let ok = path.starts_with('/')
        && !path.starts_with("//")
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/-_.".contains(&b));
    if ok {
        path
    } else {
        "/"
    }
}

async fn language(
    State(app): State<Arc<App>>,
    Extension(session): Extension<Session>,
    Form(form): Form<LanguageForm>,
) -> Response {
    let lang = match form.lang.as_str() {
        "en" => Lang::En,
        _ => Lang::Fr,
    };
    app.set_lang(&session.id, lang);
    see_other(safe_return(&form.retour))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_stay_here() {
        assert_eq!(safe_return("/questions/theme/2"), "/questions/theme/2");
        assert_eq!(safe_return("//evil.example/"), "/");
        assert_eq!(safe_return("https://evil.example/"), "/");
        assert_eq!(safe_return("/a?b=c"), "/");
        assert_eq!(safe_return(""), "/");
    }
}
