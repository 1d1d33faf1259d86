//! The admission rules of `vigie ui`, one refusal per test, then the happy
//! path: requests go through the real router (`tower::ServiceExt::oneshot`),
//! and once through a real socket.

use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use std::io::{Read, Write};
use tower::ServiceExt;
use vigie_practice::{Organisation, Practice, Profession};
use vigie_store::Store;
use vigie_ui::{Options, Server, Source};

struct Fixture {
    _dir: tempfile::TempDir,
    store: std::path::PathBuf,
    server: Server,
    port: u16,
    token: String,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("practice.sqlite3");
    Store::open(&store)
        .unwrap()
        .init_practice(&Practice {
            name: "Cabinet du Dr Martin".into(),
            profession: Profession::Infirmier,
            organisation: Organisation::Solo,
            address: None,
            created_at: time::OffsetDateTime::now_utc(),
        })
        .unwrap();
    std::fs::create_dir(dir.path().join("root")).unwrap();
    let server = Server::bind(Options {
        store: store.clone(),
        source: Source::Root(dir.path().join("root")),
        author: Some("Dr Martin".into()),
        offset: time::UtcOffset::UTC,
    })
    .unwrap();
    let port = server.port();
    let url = server.login_url();
    let token = url.split("token=").nth(1).unwrap().to_string();
    Fixture {
        _dir: dir,
        store,
        server,
        port,
        token,
    }
}

impl Fixture {
    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn get(&self, path: &str) -> axum::http::request::Builder {
        Request::get(path).header(header::HOST, self.host())
    }

    fn post(&self, path: &str) -> axum::http::request::Builder {
        Request::post(path)
            .header(header::HOST, self.host())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
    }

    async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.server.router().oneshot(request).await.unwrap()
    }

    /// Logs in with the token; returns the `Cookie` header value.
    async fn login(&self) -> String {
        let r = self
            .send(
                self.get(&format!("/login?token={}", self.token))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let set = r.headers()[header::SET_COOKIE].to_str().unwrap();
        set.split(';').next().unwrap().to_string()
    }
}

async fn text(r: Response<Body>) -> String {
    let bytes = axum::body::to_bytes(r.into_body(), usize::MAX)
        .await
        .unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[tokio::test]
async fn no_token_no_session_is_refused_in_french() {
    let f = fixture();
    for path in ["/", "/questions", "/rapport/voir", "/nowhere", "/login"] {
        let r = f.send(f.get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert!(r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'none'"));
        let body = text(r).await;
        assert!(body.contains(r#"<html lang="fr">"#), "{body}");
        assert!(body.contains("Accès refusé"), "{body}");
        assert!(
            !body.contains("Cabinet du Dr Martin"),
            "nothing of the record"
        );
    }
}

#[tokio::test]
async fn a_wrong_token_is_refused() {
    let f = fixture();
    let wrong = "0".repeat(64);
    let r = f
        .send(
            f.get(&format!("/login?token={wrong}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.headers().get(header::SET_COOKIE).is_none());
    assert!(text(r).await.contains("invalide"));
    // A prefix of the right token is as wrong.
    let r = f
        .send(
            f.get(&format!("/login?token={}", &f.token[..32]))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_token_works_once() {
    let f = fixture();
    let _cookie = f.login().await;
    let r = f
        .send(
            f.get(&format!("/login?token={}", f.token))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.headers().get(header::SET_COOKIE).is_none());
    assert!(text(r).await.contains("déjà utilisé"));
}

#[tokio::test]
async fn a_foreign_host_is_refused_even_with_the_token_or_the_session() {
    let f = fixture();
    for host in [
        format!("evil.example:{}", f.port),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{}", f.port + 1),
    ] {
        let r = f
            .send(
                Request::get(format!("/login?token={}", f.token))
                    .header(header::HOST, &host)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{host}");
        assert!(text(r).await.contains("Adresse refusée"));
    }
    // No Host at all.
    let r = f.send(Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // The token was not spent by the refused requests; a session does not
    // make a foreign Host acceptable.
    let cookie = f.login().await;
    let r = f
        .send(
            Request::get("/")
                .header(header::HOST, format!("evil.example:{}", f.port))
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // localhost is the loopback too.
    let r = f
        .send(
            Request::get("/")
                .header(header::HOST, format!("localhost:{}", f.port))
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_cross_site_post_is_refused_even_with_the_session() {
    let f = fixture();
    let cookie = f.login().await;
    let body = "name=Evil+SARL";
    let attempts: [&[(&str, &str)]; 5] = [
        &[("origin", "https://evil.example")],
        &[
            ("origin", "https://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ],
        &[("sec-fetch-site", "same-site")],
        &[("origin", "null")],
        // Neither Origin nor Sec-Fetch-Site: nothing says it is ours.
        &[],
    ];
    for headers in attempts {
        let mut request = f.post("/prestataires/A").header(header::COOKIE, &cookie);
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let r = f.send(request.body(Body::from(body)).unwrap()).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{headers:?}");
        assert!(text(r).await.contains("ne vient pas de Vigie"));
    }
    assert!(Store::open(&f.store)
        .unwrap()
        .providers()
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn a_post_without_the_session_is_refused() {
    let f = fixture();
    let r = f
        .send(
            f.post("/audit")
                .header("origin", f.origin())
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // A made-up session is no session.
    let r = f
        .send(
            f.post("/audit")
                .header("origin", f.origin())
                .header(
                    header::COOKIE,
                    format!("vigie_session_{}={}", f.port, "a".repeat(64)),
                )
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(Store::open(&f.store).unwrap().audits().unwrap().is_empty());
}

#[tokio::test]
async fn happy_path_token_cookie_clean_url_then_a_same_origin_post() {
    let f = fixture();
    let r = f
        .send(
            f.get(&format!("/login?token={}", f.token))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[header::LOCATION], "/");
    let set = r.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_string();
    let name = format!("vigie_session_{}=", f.port);
    assert!(set.starts_with(&name), "{set}");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set.contains(attribute), "{set}");
    }
    let value = set[name.len()..].split(';').next().unwrap();
    assert_eq!(value.len(), 64, "256 bits in hex");
    let cookie = format!("{name}{value}");

    let r = f
        .send(
            f.get("/")
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    for (h, v) in [
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        ("cache-control", "no-store"),
    ] {
        assert_eq!(r.headers()[h], v);
    }
    let body = text(r).await;
    assert!(body.contains("Cabinet du Dr Martin"));
    assert!(!body.contains("<script"), "no script");

    // GET never changes anything: asking for the audit page runs no audit.
    let r = f
        .send(
            f.get("/audit")
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(Store::open(&f.store).unwrap().audits().unwrap().is_empty());

    // A POST from our own page (Origin, or Sec-Fetch-Site alone).
    let r = f
        .send(
            f.post("/questions/reponse")
                .header(header::COOKIE, &cookie)
                .header("origin", f.origin())
                .header("sec-fetch-site", "same-origin")
                .body(Body::from(
                    "id=1.1.1.a&answer=yes&note=&proof=classeur+rouge&author=Dr+Martin",
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let store = Store::open(&f.store).unwrap();
    let d = &store.latest_declarations().unwrap()["1.1.1.a"];
    assert_eq!(d.answer, vigie_practice::Answer::Yes);
    assert_eq!(d.proof.as_deref(), Some("classeur rouge"));
    assert_eq!(d.author, "Dr Martin");
    let r = f
        .send(
            f.post("/prestataires/A")
                .header(header::COOKIE, &cookie)
                .header("sec-fetch-site", "same-origin")
                .body(Body::from("name=Informatique+Sant%C3%A9"))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        store
            .provider(vigie_practice::Role::A)
            .unwrap()
            .unwrap()
            .name,
        "Informatique Santé"
    );
}

#[tokio::test]
async fn delegations_follow_the_memento() {
    let f = fixture();
    let cookie = f.login().await;
    let post = |body: &'static str| {
        f.post("/delegations")
            .header(header::COOKIE, &cookie)
            .header("origin", f.origin())
            .body(Body::from(body))
            .unwrap()
    };
    // No provider recorded yet: refused, nothing written.
    let r = f.send(post("d%3A5.2.2.c=A")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    Store::open(&f.store)
        .unwrap()
        .set_provider(&vigie_practice::Provider {
            role: vigie_practice::Role::A,
            name: "Informatique Santé".into(),
            contact: None,
            contract_date: None,
            hds_certificate: None,
            hds_expiry: None,
        })
        .unwrap();
    // 1.1.1.a stays with the practice (the memento's cartouche): all or nothing.
    let r = f.send(post("d%3A5.2.2.c=A&d%3A1.1.1.a=A")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(r).await.contains("1.1.1.a ne peut pas être confiée"));
    assert!(Store::open(&f.store)
        .unwrap()
        .delegations()
        .unwrap()
        .is_empty());
    let r = f.send(post("d%3A5.2.2.c=A")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let d = Store::open(&f.store).unwrap().delegations().unwrap();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].requirement_id, "5.2.2.c");
}

/// The same rules through a real socket, with HTTP written by hand.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_a_real_socket() {
    let f = fixture();
    let (port, token) = (f.port, f.token.clone());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = tokio::spawn(f.server.serve(async {
        let _ = stopped.await;
    }));
    let exchange = move |request: String| {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
    };
    let answers = tokio::task::spawn_blocking(move || {
        let plain = exchange(format!(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        ));
        let rebound = exchange(format!(
            "GET /login?token={token} HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n"
        ));
        let login = exchange(format!(
            "GET /login?token={token} HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"
        ));
        (plain, rebound, login)
    })
    .await
    .unwrap();
    assert!(answers.0.starts_with("HTTP/1.1 401"), "{}", answers.0);
    assert!(answers.1.starts_with("HTTP/1.1 403"), "{}", answers.1);
    assert!(answers.2.starts_with("HTTP/1.1 303"), "{}", answers.2);
    assert!(answers.2.contains("HttpOnly; SameSite=Strict; Path=/"));
    stop.send(()).unwrap();
    served.await.unwrap().unwrap();
}
