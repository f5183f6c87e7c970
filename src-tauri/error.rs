//! The one error type. The UI switches on `code` and shows its own localized message; it never matches strings.

use serde::Serialize;
use specta::Type;

/// A field that failed validation and the rule it broke. `rule` is a stable key the UI translates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FieldError {
    pub field: String,
    pub rule: Rule,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    Required,
    TooLong,
    InvalidEmail,
    InvalidUrl,
    InvalidDate,
    EndBeforeStart,
    Negative,
    OutOfRange,
    NotInteger,
    UnknownId,
    InvalidTimeZone,
    InvalidCurrency,
    /// A file or folder path that does not exist or cannot be written.
    InvalidPath,
    /// Two fields that may not both be set (a series ends on a date or after N times, not both).
    Exclusive,
}

#[derive(Debug, thiserror::Error, Serialize, Type)]
#[serde(tag = "code", content = "detail", rename_all = "snake_case")]
pub enum AppError {
    #[error("validation failed: {fields:?}")]
    Validation { fields: Vec<FieldError> },
    #[error("{entity} {id} not found")]
    NotFound { entity: String, id: String },
    #[error("database schema version {found} is newer than this app supports ({supported})")]
    DatabaseTooNew { found: i32, supported: i32 },
    #[error("the database is not empty")]
    NotEmpty,
    #[error("invalid cursor")]
    InvalidCursor,
    #[error("database error: {message}")]
    Database { message: String },
    #[error("file error: {message}")]
    Io { message: String },
    /// A file format could not be produced (e.g. no font for the export's language).
    #[error("export failed: {message}")]
    Export { message: String },
    /// The user stopped a long operation; what was finished stays.
    #[error("cancelled")]
    Cancelled,
    #[error("internal error: {message}")]
    Internal { message: String },
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

impl AppError {
    pub fn field(field: &str, rule: Rule) -> Self {
        AppError::Validation {
            fields: vec![FieldError {
                field: field.to_string(),
                rule,
            }],
        }
    }

    pub fn not_found(entity: &str, id: &str) -> Self {
        AppError::NotFound {
            entity: entity.to_string(),
            id: id.to_string(),
        }
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        tracing::error!(error = %e, "database error");
        AppError::Database {
            message: e.to_string(),
        }
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        tracing::error!(error = %e, "io error");
        AppError::Io {
            message: e.to_string(),
        }
    }
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        tracing::error!(error = %e, "json error");
        AppError::Internal {
            message: e.to_string(),
        }
    }
}
