//! End-to-end tests of the `vigie` binary: one test binary, one module per
//! area. Every run gets a temporary HOME, so the default practice record
//! is never the real one; tests of the record name theirs with --store.

mod audit;
mod backups;
mod common;
mod declare;
mod record;
mod systems;
