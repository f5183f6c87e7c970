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
    /// The link would make a loop: a task depending on itself, directly or through others (or its own ancestor).
    Cycle,
    /// Text in a file that cannot be read as its format says (a vCard without END, a CSV quote left open).
    Malformed,
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
    /// The disk (or the database's size limit) is full: nothing of the failed write was saved, earlier data is intact.
    #[error("disk full: {message}")]
    DiskFull { message: String },
    /// The operating system reported an input/output error while the database was read or written.
    #[error("storage failure: {message}")]
    StorageFailure { message: String },
    /// The database file is damaged. `moved_to` names where the damaged file was set aside, when it was;
    /// `newest_backup` the newest verified backup there is to restore.
    #[error("the database is damaged: {problems:?}")]
    Damaged {
        problems: Vec<String>,
        moved_to: Option<String>,
        newest_backup: Option<String>,
    },
    /// A file offered as a backup is not a sound Liaison Desk database; nothing was replaced.
    #[error("not a usable backup: {problem}")]
    InvalidBackup { problem: String },
    /// The app has this database open, so it may not be replaced under it.
    #[error("the database is in use by the app")]
    InUse,
    /// A JSON document to import is malformed at `at` (a JSON path); nothing was written.
    #[error("invalid import at {at}: {problem}")]
    InvalidImport { at: String, problem: String },
    /// A record of a contacts file (CSV, vCard) is unusable: `line` is where it starts, `field` the column header
    /// or vCard property as the file names it. Nothing was written.
    #[error("line {line}, {field}: {rule:?}")]
    InvalidRecord {
        line: i32,
        field: String,
        rule: Rule,
    },
    /// Sync has no target yet.
    #[error("sync is not set up")]
    SyncNotSetUp,
    /// Calendar and address-book publishing has no server yet.
    #[error("publishing is not set up")]
    PublishNotSetUp,
    /// The sync target could not be reached or used (`message` says why: no such folder, connection refused, …).
    /// Nothing is lost: pending changes stay queued for the next sync.
    #[error("sync target {target} unusable: {message}")]
    SyncUnreachable { target: String, message: String },
    /// A change file on the sync target is damaged or cut short; it was not applied, in part or whole.
    #[error("damaged sync file {file}: {problem}")]
    SyncDamaged { file: String, problem: String },
    /// The server refused the user name or password (HTTP 401/403), or the keychain holds none for it.
    #[error("sync target {target} refused the credentials")]
    SyncDenied { target: String },
    /// The server's certificate could not be trusted (expired, self-signed, wrong host name).
    #[error("sync target {target}: TLS failed: {message}")]
    SyncTls { target: String, message: String },
    /// The target is encrypted and the passphrase is wrong or missing (or the target is not encrypted and
    /// encryption was asked for): `problem` says which.
    #[error("sync passphrase: {problem}")]
    SyncPassphrase { problem: String },
    /// The changes that arrived would delete more than half of the records: sync stopped before applying any.
    #[error("sync would delete {deletes} of {live} records")]
    SyncMassDelete { deletes: i32, live: i32 },
    /// The target's data was written by a newer version of the app (its format.json says so).
    #[error("sync format {found} is newer than {supported}")]
    SyncFormatTooNew { found: i32, supported: i32 },
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

    /// The `code` the UI switches on, exactly as serialized.
    pub fn code(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.get("code").and_then(|c| c.as_str().map(str::to_string)))
            .unwrap_or_else(|| "internal".to_string())
    }

    /// Every code, read from the type itself (not a list kept by hand): the UI's bindings and the message
    /// catalogue tests use it, so a new variant without a message in each language fails a test.
    pub fn codes() -> Vec<String> {
        variant_names::<AppError>()
    }
}

impl Rule {
    /// The rule's key, exactly as serialized.
    pub fn key(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Every rule's key, read from the type itself (see `AppError::codes`).
    pub fn keys() -> Vec<String> {
        variant_names::<Rule>()
    }
}

/// The serialized names of an enum's variants, from its specta definition. Both enums use
/// `rename_all = "snake_case"`, applied here (a test checks the result against serde's own output).
fn variant_names<T: Type>() -> Vec<String> {
    use specta::datatype::{DataType, Reference};
    let mut types = specta::Types::default();
    let ty = match T::definition(&mut types) {
        DataType::Reference(Reference::Named(r)) => types.get(&r).and_then(|n| n.ty.clone()),
        other => Some(other),
    };
    match ty {
        Some(DataType::Enum(e)) => e
            .variants
            .iter()
            .filter(|(_, v)| !v.skip)
            .map(|(name, _)| snake_case(name))
            .collect(),
        _ => Vec::new(),
    }
}

fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        tracing::error!(error = %e, "database error");
        let message = e.to_string();
        // Disk full, I/O failures and damage get their own codes: the user can act on each differently (free space,
        // check the disk, restore a backup), while "database" stays for what a retry may fix.
        match e.sqlite_error_code() {
            Some(C::DiskFull) => AppError::DiskFull { message },
            Some(C::SystemIoFailure) => AppError::StorageFailure { message },
            Some(C::DatabaseCorrupt | C::NotADatabase) => AppError::Damaged {
                problems: vec![message],
                moved_to: None,
                newest_backup: None,
            },
            _ => AppError::Database { message },
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
