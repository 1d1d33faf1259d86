//! Times a full audit (collection, evaluation, JSON rendering) of this
//! machine and of an offline root (`/` read as a root directory), each run in
//! a fresh process so its peak memory (VmHWM) is its own. Reports figures,
//! asserts nothing. Targets: under 0.2 s and 30 MB for a full audit.

use std::process::Command;
use std::time::Instant;
use vigie_evidence::{EvidenceSource, LiveSystem, OfflineRoot};

const RUNS: usize = 15;
/// Median a full audit must stay under: "under 0.2 s in the benchmark".
const LIMIT_MS: f64 = 200.0;

fn one(mode: &str, root: &str) {
    let started = Instant::now();
    let evidence = match mode {
        "live" => LiveSystem.evidence(),
        _ => OfflineRoot { path: root.into() }.evidence(),
    }
    .expect("evidence");
    let catalog = vigie_catalog::embedded();
    let profile = vigie_audit::Profile::memento_2013();
    let ctx =
        vigie_audit::Context::new(&evidence, &profile, time::OffsetDateTime::now_utc().date());
    let report = vigie_audit::Report::generate(catalog, &ctx, false, 0.0);
    let json = vigie_report::json(&report);
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    let hwm = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<u64>().ok())
            })
        })
        .unwrap_or(0);
    println!("{elapsed:.3} {hwm} {}", json.len());
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() >= 3 && args[1] == "--one" {
        one(&args[2], args.get(3).map(String::as_str).unwrap_or("/"));
        return;
    }
    let root = args.get(1).cloned().unwrap_or_else(|| "/".into());
    let exe = std::env::current_exe().expect("current exe");
    println!("Full audit, {RUNS} runs each, one process per run");
    let mut over = Vec::new();
    for mode in ["live", "root"] {
        let mut times = Vec::new();
        let mut peak = 0u64;
        for _ in 0..RUNS {
            let out = Command::new(&exe)
                .args(["--one", mode, &root])
                .output()
                .expect("run");
            let line = String::from_utf8_lossy(&out.stdout);
            let mut parts = line.split_whitespace();
            times.push(
                parts
                    .next()
                    .and_then(|v| v.parse::<f64>().ok())
                    .unwrap_or(f64::NAN),
            );
            peak = peak.max(parts.next().and_then(|v| v.parse().ok()).unwrap_or(0));
        }
        times.sort_by(|a, b| a.total_cmp(b));
        let label = if mode == "live" {
            "this machine"
        } else {
            "offline root"
        };
        println!(
            "  {label:<13} median {:.2} ms, max {:.2} ms, peak memory {:.1} MB (target: < 200 ms, < 30 MB)",
            times[times.len() / 2],
            times[times.len() - 1],
            peak as f64 / 1024.0
        );
        if times[times.len() / 2] > LIMIT_MS {
            over.push(label);
        }
    }
    // The contract: a full audit well under a second, 0.2 s at the median.
    if !over.is_empty() {
        eprintln!(
            "audit-bench: median above {LIMIT_MS} ms for {}",
            over.join(", ")
        );
        std::process::exit(1);
    }
}
