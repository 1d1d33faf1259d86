//! One module per command (or group of related commands).

pub mod audit;
pub mod backups;
pub mod declare;
pub mod init;
pub mod providers;
pub mod record;
pub mod report;
pub mod rules;
pub mod ui;
