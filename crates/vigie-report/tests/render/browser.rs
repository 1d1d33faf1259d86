//! The HTML report and annex opened in a real browser, Debian's `chromium`
//! headless: nothing reported on its console, nothing loaded but the file
//! itself, and a PDF print on A4 with the expected sections (`pdfinfo` and
//! `pdftotext` from poppler-utils). `scripts/test` installs both packages;
//! without them these tests fail with a message saying so, never skip.
//!
//! How Chromium reports, as verified with Chromium 156 (Debian 12):
//! - every console message (an uncaught exception, `console.error`, a
//!   Content-Security-Policy violation) is one stderr line with
//!   `--enable-logging=stderr --v=0`:
//!   `[pid:tid:date:INFO:CONSOLE:1] "Uncaught ReferenceError: ...", source: file:///... (1)`
//!   (the level is always INFO: every console line is a finding here, since
//!   the report has no script at all);
//! - a failed resource load is NOT reported there (no "Failed to load
//!   resource" line, neither for a missing local image nor for an
//!   unreachable host). Loads are therefore traced directly: file loads by
//!   `--vmodule=file_url_loader_factory=1` (`FileURLLoader::Start: <url>`),
//!   network requests in the NetLog (`--log-net-log`), where the page's own
//!   requests carry an initiator and the browser's background requests
//!   (update checks...) carry "not an origin".
//!
//! The `check_catches_*` tests prove each detection works on a broken page.

use crate::common;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use vigie_catalog::Lang;
use vigie_practice::Role;
use wait_timeout::ChildExt;

const TIMEOUT: Duration = Duration::from_secs(30);

fn tool(name: &str, package: &str) -> PathBuf {
    let found = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    });
    found.unwrap_or_else(|| {
        panic!(
            "`{name}` is not installed: the HTML report is checked in Debian's headless Chromium \
             and its PDF print with poppler-utils. `scripts/test` installs them; by hand: \
             apt-get install -y {package}"
        )
    })
}

/// What the browser did with a page.
struct Rendered {
    /// Console messages (any level).
    console: Vec<String>,
    /// Everything loaded besides the page itself.
    loads: Vec<String>,
    pdf: PathBuf,
    elapsed: Duration,
    _dir: tempfile::TempDir,
}

fn render(html: &str, name: &str) -> Rendered {
    let chromium = tool("chromium", "chromium");
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join(format!("{name}.html"));
    std::fs::write(&page, html).expect("write page");
    let pdf = dir.path().join(format!("{name}.pdf"));
    let netlog = dir.path().join("netlog.json");
    let stderr_path = dir.path().join("stderr.txt");
    let url = format!("file://{}", page.display());
    let stderr = std::fs::File::create(&stderr_path).expect("stderr file");
    let start = Instant::now();
    let mut child = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--vmodule=file_url_loader_factory=1",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(&url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .expect("start chromium");
    let status = match child.wait_timeout(TIMEOUT).expect("wait for chromium") {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within {TIMEOUT:?} on {name}");
        }
    };
    let elapsed = start.elapsed();
    let log = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    assert!(
        status.success() && pdf.is_file(),
        "chromium failed on {name} ({status}):\n{log}"
    );

    let console = log
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(|l| l.split_once("] ").map_or(l, |(_, m)| m).to_string())
        .collect();
    let mut loads: Vec<String> = log
        .lines()
        .filter_map(|l| l.split_once("FileURLLoader::Start: "))
        .map(|(_, u)| u.trim().to_string())
        .filter(|u| *u != url)
        .collect();
    loads.extend(page_requests(&netlog));
    Rendered {
        console,
        loads,
        pdf,
        elapsed,
        _dir: dir,
    }
}

/// Network requests the page made, from the NetLog: those with an
/// initiator (the browser's own background requests have "not an origin").
fn page_requests(netlog: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(netlog).expect("chromium wrote its NetLog");
    let log: serde_json::Value = serde_json::from_str(&text).expect("NetLog is JSON");
    let start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
        .as_u64()
        .expect("NetLog names URL_REQUEST_START_JOB");
    log["events"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter(|e| e["type"].as_u64() == Some(start_job))
        .filter(|e| {
            let initiator = e["params"]["initiator"].as_str().unwrap_or("not an origin");
            let isolation = e["params"]["network_isolation_key"].as_str().unwrap_or("");
            initiator != "not an origin" || isolation.contains("file://")
        })
        .filter_map(|e| e["params"]["url"].as_str().map(String::from))
        .collect()
}

/// Pages, size in points, and the text of a PDF.
fn pdf_facts(pdf: &Path) -> (u32, (f64, f64), String) {
    let info = Command::new(tool("pdfinfo", "poppler-utils"))
        .arg(pdf)
        .output()
        .expect("run pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_else(|| panic!("pdfinfo gives no {name}:\n{info}"))
            .to_string()
    };
    let pages: u32 = field("Pages:").parse().expect("page count");
    // "594.96 x 841.92 pts (A4)"
    let size = field("Page size:");
    let mut numbers = size
        .split_whitespace()
        .filter_map(|w| w.parse::<f64>().ok());
    let (w, h) = (
        numbers.next().expect("page width"),
        numbers.next().expect("page height"),
    );
    let text = Command::new(tool("pdftotext", "poppler-utils"))
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    let text = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (pages, (w, h), text)
}

fn assert_a4(size: (f64, f64)) {
    assert!(
        (size.0 - 595.0).abs() < 2.0 && (size.1 - 842.0).abs() < 2.0,
        "not A4 portrait (595 x 842 pts): {size:?}"
    );
}

fn assert_clean(r: &Rendered, what: &str) {
    assert!(
        r.console.is_empty(),
        "{what}: console messages: {:#?}",
        r.console
    );
    assert!(
        r.loads.is_empty(),
        "{what}: resources loaded: {:#?}",
        r.loads
    );
}

#[test]
fn report_renders_cleanly_and_prints_on_a4() {
    let html = vigie_report::html(common::report(), common::catalog(), Lang::Fr);
    let r = render(&html, "rapport");
    eprintln!(
        "chromium: French report rendered and printed in {:?}",
        r.elapsed
    );
    assert_clean(&r, "French report");
    let (pages, size, text) = pdf_facts(&r.pdf);
    assert!(pages >= 2, "{pages} page(s)");
    assert_a4(size);
    for title in [
        "Rapport d'audit de sécurité informatique",
        "Cabinet médical Martin & Associés",
        "Synthèse",
        "Points d'attention",
        "Non-conformités à corriger en priorité",
        "Répartition des responsabilités (prestataires A et B)",
        "Sauvegardes (règle 6.3.1)",
        "Calendrier des sauvegardes",
        "semaine 46 (09/11 – 15/11) ✗ manquante",
        "✓ présente",
        "Conservation proposée",
        "Détail des exigences",
        "Historique des audits",
        "28 novembre 2026",
        "Non conforme",
        "Conforme",
        "Inconnu",
        "Non applicable",
    ] {
        assert!(text.contains(title), "PDF lacks « {title} »");
    }
    // The hostile note is printed as text, not run.
    assert!(text.contains("<script>alert('vigie')</script>"));
}

#[test]
fn english_report_and_annexes_render_cleanly() {
    let (report, catalog) = (common::report(), common::catalog());
    let html = vigie_report::html(report, catalog, Lang::En);
    let r = render(&html, "report-en");
    eprintln!(
        "chromium: English report rendered and printed in {:?}",
        r.elapsed
    );
    assert_clean(&r, "English report");
    let (pages, size, text) = pdf_facts(&r.pdf);
    assert!(pages >= 2, "{pages} page(s)");
    assert_a4(size);
    for title in [
        "IT security audit report",
        "Failures to fix first",
        "Who is responsible (providers A and B)",
        "Backups (rule 6.3.1)",
        "Backup calendar",
        "Every requirement",
        "Audit history",
        "28 November 2026",
    ] {
        assert!(text.contains(title), "PDF lacks \"{title}\"");
    }

    let annex = vigie_report::annex_html(report, catalog, Role::B, Lang::Fr);
    let r = render(&annex, "annexe-b");
    eprintln!("chromium: annex B rendered and printed in {:?}", r.elapsed);
    assert_clean(&r, "annex B");
    let (_, size, text) = pdf_facts(&r.pdf);
    assert_a4(size);
    for title in [
        "Annexe au contrat",
        "Hébergeur Santé SAS",
        "HDS-2024-0042",
        "Exigences confiées au prestataire",
        "Règle 4.3.3",
        "Pour le prestataire — date et signature",
    ] {
        assert!(text.contains(title), "annex PDF lacks « {title} »");
    }
}

#[test]
fn check_catches_a_broken_script() {
    let r = render(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>x</title></head>\
         <body><h1>x</h1><script>nosuchfunction();</script></body></html>",
        "broken-script",
    );
    assert!(
        r.console.iter().any(|m| m.contains("nosuchfunction")),
        "the console check missed an uncaught error: {:?}",
        r.console
    );
}

#[test]
fn check_catches_an_external_image() {
    let r = render(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>x</title></head>\
         <body><h1>x</h1><img src=\"http://example.invalid/logo.png\" alt=\"logo\"></body></html>",
        "external-image",
    );
    assert!(
        r.loads
            .iter()
            .any(|u| u.contains("example.invalid/logo.png")),
        "the load check missed an external image: {:?}",
        r.loads
    );
}

#[test]
fn check_catches_a_missing_local_image() {
    let r = render(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>x</title></head>\
         <body><h1>x</h1><img src=\"logo-absent.png\" alt=\"logo\"></body></html>",
        "missing-image",
    );
    assert!(
        r.loads.iter().any(|u| u.ends_with("/logo-absent.png")),
        "the load check missed a local image: {:?}",
        r.loads
    );
}

/// Were a future change to slip an external resource into the report, its
/// Content-Security-Policy blocks the load and the console says so.
#[test]
fn report_policy_blocks_and_reports_any_load() {
    let html = vigie_report::html(common::report(), common::catalog(), Lang::Fr).replacen(
        "<body>",
        "<body><img src=\"http://example.invalid/pixel.png\" alt=\"\">",
        1,
    );
    let r = render(&html, "injected");
    assert!(
        r.console
            .iter()
            .any(|m| m.contains("Content Security Policy") && m.contains("example.invalid")),
        "the report's policy did not block the image: {:?}",
        r.console
    );
    assert!(r.loads.is_empty(), "blocked, so not loaded: {:?}", r.loads);
}
