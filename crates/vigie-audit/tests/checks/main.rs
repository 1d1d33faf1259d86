//! Every automated check, proved on mini root trees (offline, as
//! `vigie audit --root`) and on live systems whose commands answer with
//! captured outputs. One test binary; one module per area.

mod common;

mod backups;
mod browsers;
mod desktop;
mod distributions;
mod macos;
mod network;
mod packages;
mod password;
mod protection;
mod record;
mod storage;
mod users;
mod windows_policy;
mod windows_security;
