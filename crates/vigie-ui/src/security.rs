//! Who may talk to the server, checked on every request before any page:
//!
//! 1. The `Host` header must name the loopback with our port
//!    (`127.0.0.1:PORT` or `localhost:PORT`): a page of another site whose
//!    name was made to resolve to 127.0.0.1 (DNS rebinding) sends its own
//!    name and is refused.
//! 2. `/login?token=…` exchanges the one-time token of the URL `vigie ui`
//!    opened for a session cookie (`HttpOnly; SameSite=Strict; Path=/`),
//!    then redirects to the clean URL. The token is forgotten at its first
//!    use: a reused or wrong token is refused.
//! 3. Every other request needs that session.
//! 4. A state-changing request (only POST changes anything) must also come
//!    from our own pages: its `Origin` is our origin, or, without `Origin`,
//!    `Sec-Fetch-Site` is `same-origin`. Cookies are not isolated by port
//!    and `SameSite` counts `localhost:OTHER` as the same site, so this
//!    check, not the cookie alone, stops a page served by another local
//!    program from posting forms here.
//!
//! Secrets are 256 random bits from the operating system (`getrandom`),
//! written in hex, compared in constant time.

use crate::pages;
use crate::App;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::sync::Arc;
use vigie_catalog::Lang;

/// A fresh 256-bit secret, in hex.
pub(crate) fn secret() -> std::io::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Equality that takes the same time wherever the first difference is.
pub(crate) fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The session cookie's name: with the port, since browsers share cookies
/// between ports, so that two `vigie ui` at once do not overwrite each
/// other's.
pub(crate) fn cookie_name(port: u16) -> String {
    format!("vigie_session_{port}")
}

/// The value of a cookie in the request's `Cookie` headers.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Whether the `Host` header names this server on the loopback.
pub(crate) fn host_allowed(headers: &HeaderMap, port: u16) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let host = host.to_ascii_lowercase();
    host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}")
}

/// Whether a state-changing request comes from one of our own pages.
pub(crate) fn same_origin(headers: &HeaderMap, port: u16) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let fetch_site = text("sec-fetch-site");
    if fetch_site.is_some_and(|s| s != "same-origin") {
        return false;
    }
    match text("origin") {
        // A browser that hides the origin (`Origin: null`, e.g. under a
        // strict referrer policy) still says whether the page is ours.
        Some("null") | None => fetch_site == Some("same-origin"),
        Some(origin) => {
            let origin = origin.to_ascii_lowercase();
            origin == format!("http://127.0.0.1:{port}")
                || origin == format!("http://localhost:{port}")
        }
    }
}

/// The session of the request, if it has a live one.
pub(crate) fn session_of(app: &App, headers: &HeaderMap) -> Option<String> {
    let value = cookie(headers, &cookie_name(app.port))?;
    let sessions = app.sessions.lock().ok()?;
    // Compared with every session, in constant time each.
    let mut found = None;
    for id in sessions.keys() {
        if same(id, value) {
            found = Some(id.clone());
        }
    }
    found
}

/// The headers every answer carries: nothing may be framed, sniffed,
/// cached, sent a referrer, or load anything but our own inline styles.
fn harden(response: &mut Response) {
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name: &'static str, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(
        headers,
        "content-security-policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    set(headers, "x-frame-options", "DENY");
    set(headers, "x-content-type-options", "nosniff");
    // Our own pages only: a POST then carries its real Origin.
    set(headers, "referrer-policy", "same-origin");
    set(headers, "cache-control", "no-store");
    set(headers, "cross-origin-resource-policy", "same-origin");
    set(headers, "cross-origin-opener-policy", "same-origin");
}

/// The checks above, in order, around every route.
pub(crate) async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let mut response = check(&app, request, next).await;
    harden(&mut response);
    response
}

async fn check(app: &Arc<App>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    if !host_allowed(headers, app.port) {
        return pages::refusal(StatusCode::FORBIDDEN, pages::Refusal::ForeignHost);
    }
    if request.uri().path() == "/login" {
        return login(app, &request);
    }
    let Some(session) = session_of(app, headers) else {
        return pages::refusal(StatusCode::UNAUTHORIZED, pages::Refusal::NoSession);
    };
    let method = request.method();
    if method != Method::GET && method != Method::HEAD && !same_origin(headers, app.port) {
        return pages::refusal(StatusCode::FORBIDDEN, pages::Refusal::CrossSite);
    }
    let lang = app.lang_of(&session);
    let mut request = request;
    request
        .extensions_mut()
        .insert(Session { id: session, lang });
    next.run(request).await
}

/// The session a request belongs to, and its language.
#[derive(Clone, Debug)]
pub(crate) struct Session {
    pub id: String,
    pub lang: Lang,
}

/// `/login?token=…`: the one-time token for a session cookie.
fn login(app: &App, request: &Request) -> Response {
    // Already signed in (the login URL reloaded from history): go home.
    if session_of(app, request.headers()).is_some() {
        return Redirect::to("/").into_response();
    }
    let token = request.uri().query().and_then(|q| {
        q.split('&')
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| *k == "token")
            .map(|(_, v)| v.to_string())
    });
    let Some(token) = token else {
        return pages::refusal(StatusCode::UNAUTHORIZED, pages::Refusal::NoSession);
    };
    let accepted = {
        let Ok(mut tokens) = app.tokens.lock() else {
            return pages::refusal(StatusCode::FORBIDDEN, pages::Refusal::BadToken);
        };
        let before = tokens.len();
        tokens.retain(|t| !same(t, &token));
        tokens.len() < before
    };
    if !accepted {
        return pages::refusal(StatusCode::FORBIDDEN, pages::Refusal::BadToken);
    }
    let Ok(id) = secret() else {
        return pages::refusal(StatusCode::FORBIDDEN, pages::Refusal::BadToken);
    };
    if let Ok(mut sessions) = app.sessions.lock() {
        sessions.insert(id.clone(), Lang::Fr);
    }
    let cookie = format!(
        "{}={id}; HttpOnly; SameSite=Strict; Path=/",
        cookie_name(app.port)
    );
    let mut response = Redirect::to("/").into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn secrets_are_long_and_different() {
        let (a, b) = (secret().unwrap(), secret().unwrap());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &b));
        assert!(!same(&a, &a[..63]));
    }

    #[test]
    fn hosts() {
        assert!(host_allowed(&headers(&[("host", "127.0.0.1:4000")]), 4000));
        assert!(host_allowed(&headers(&[("host", "LOCALHOST:4000")]), 4000));
        for bad in [
            "127.0.0.1:4001",
            "127.0.0.1",
            "evil.example:4000",
            "localhost.evil.example:4000",
            "[::1]:4000",
        ] {
            assert!(!host_allowed(&headers(&[("host", bad)]), 4000), "{bad}");
        }
        assert!(!host_allowed(&HeaderMap::new(), 4000));
    }

    #[test]
    fn origins() {
        let ok = |pairs: &[(&'static str, &str)]| same_origin(&headers(pairs), 4000);
        assert!(ok(&[("origin", "http://127.0.0.1:4000")]));
        assert!(ok(&[
            ("origin", "http://localhost:4000"),
            ("sec-fetch-site", "same-origin")
        ]));
        assert!(ok(&[("sec-fetch-site", "same-origin")]));
        assert!(!ok(&[]));
        assert!(!ok(&[("origin", "https://evil.example")]));
        assert!(!ok(&[("origin", "http://127.0.0.1:4001")]));
        assert!(!ok(&[("origin", "null")]));
        assert!(ok(&[("origin", "null"), ("sec-fetch-site", "same-origin")]));
        assert!(!ok(&[("sec-fetch-site", "cross-site")]));
        assert!(!ok(&[("sec-fetch-site", "same-site")]));
        assert!(!ok(&[
            ("origin", "http://127.0.0.1:4000"),
            ("sec-fetch-site", "cross-site")
        ]));
    }

    #[test]
    fn cookies() {
        let h = headers(&[("cookie", "a=1; vigie_session_4000=abc"), ("cookie", "b=2")]);
        assert_eq!(cookie(&h, "vigie_session_4000"), Some("abc"));
        assert_eq!(cookie(&h, "b"), Some("2"));
        assert_eq!(cookie(&h, "vigie_session_4001"), None);
    }
}
