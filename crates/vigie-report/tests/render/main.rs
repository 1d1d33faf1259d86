//! The printable renderings: the HTML report, the Markdown report and the
//! contract annex, from a realistic report (see `common.rs`), and the HTML
//! checked in a headless Chromium (`browser.rs`).

mod annex;
mod browser;
mod common;
mod html;
mod markdown;
