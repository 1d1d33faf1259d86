//! Conversions between the model and SQLite columns, and error mapping.

use crate::StoreError;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};
use rusqlite::{Connection, ErrorCode};
use std::path::Path;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

/// Turns SQLite errors into [`StoreError`]s carrying the path, telling
/// apart the cases a person can act on.
pub(crate) fn mapper(path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |e| {
        let path = path.to_path_buf();
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => return StoreError::NotADatabase { path },
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
                return StoreError::Busy { path }
            }
            _ => {}
        }
        match e {
            rusqlite::Error::FromSqlConversionFailure(column, _, detail) => StoreError::Corrupt {
                path,
                detail: format!("column {column}: {detail}"),
            },
            rusqlite::Error::InvalidColumnType(column, name, ty) => StoreError::Corrupt {
                path,
                detail: format!("column {column} ({name}) holds {ty}"),
            },
            source => StoreError::Sqlite { path, source },
        }
    }
}

/// An RFC 3339 timestamp as stored.
pub(crate) fn timestamp(path: &Path, what: &str, t: OffsetDateTime) -> Result<String, StoreError> {
    t.format(&Rfc3339).map_err(|_| StoreError::BadTimestamp {
        path: path.to_path_buf(),
        what: what.into(),
        value: t.to_string(),
    })
}

const DAY: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]");

/// A YYYY-MM-DD date as stored.
pub(crate) fn day(path: &Path, what: &str, d: Option<Date>) -> Result<Option<String>, StoreError> {
    d.map(|d| {
        d.format(DAY).map_err(|_| StoreError::BadTimestamp {
            path: path.to_path_buf(),
            what: what.into(),
            value: d.to_string(),
        })
    })
    .transpose()
}

/// A stored RFC 3339 timestamp, read back.
pub(crate) struct Ts(pub OffsetDateTime);

impl FromSql for Ts {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        OffsetDateTime::parse(text, &Rfc3339)
            .map(Ts)
            .map_err(|e| FromSqlError::Other(format!("timestamp \"{text}\": {e}").into()))
    }
}

/// A stored YYYY-MM-DD date, read back.
pub(crate) struct Day(pub Date);

impl FromSql for Day {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        Date::parse(text, DAY)
            .map(Day)
            .map_err(|e| FromSqlError::Other(format!("date \"{text}\": {e}").into()))
    }
}

/// A stored code (answer, role, status...), read back through `parse`.
pub(crate) fn code<T>(
    text: &str,
    what: &str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> FromSqlResult<T> {
    parse(text).ok_or_else(|| FromSqlError::Other(format!("{what} \"{text}\"").into()))
}

/// Lets a row closure fail with a conversion error.
pub(crate) fn conv<T>(column: usize, r: FromSqlResult<T>) -> rusqlite::Result<T> {
    r.map_err(|e| match e {
        FromSqlError::Other(err) => {
            rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, err)
        }
        other => rusqlite::Error::FromSqlConversionFailure(
            column,
            rusqlite::types::Type::Text,
            Box::new(other),
        ),
    })
}

/// Whether no table holds a row.
pub(crate) fn is_empty(conn: &Connection, path: &Path) -> Result<bool, StoreError> {
    let rows: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM practice) + (SELECT count(*) FROM context_answers)
                  + (SELECT count(*) FROM declarations) + (SELECT count(*) FROM providers)
                  + (SELECT count(*) FROM delegations) + (SELECT count(*) FROM audits)
                  + (SELECT count(*) FROM findings) + (SELECT count(*) FROM backup_sets)
                  + (SELECT count(*) FROM backup_inventories)
                  + (SELECT count(*) FROM restore_tests)",
            [],
            |r| r.get(0),
        )
        .map_err(mapper(path))?;
    Ok(rows == 0)
}

/// Fails with [`StoreError::NoPractice`] unless the practice is recorded:
/// nothing is recorded about a practice that does not exist, so an export
/// always has one.
pub(crate) fn require_practice(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let n: i64 = conn
        .query_row("SELECT count(*) FROM practice", [], |r| r.get(0))
        .map_err(mapper(path))?;
    if n == 0 {
        return Err(StoreError::NoPractice {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}
