//! Server passwords (and the encryption passphrase) live in the OS keychain (the Secret Service on Linux,
//! Keychain on macOS, Credential Manager on Windows), never in the database, logs or exports. For cron and
//! headless machines without a keychain, `LIAISON_DESK_SYNC_PASSWORD` supplies the target's password and
//! `LIAISON_DESK_SYNC_PASSPHRASE` the passphrase.

use crate::error::{AppError, Result};

const SERVICE: &str = "liaison-desk";
pub const PASSWORD_ENV: &str = "LIAISON_DESK_SYNC_PASSWORD";
pub const PASSPHRASE_ENV: &str = "LIAISON_DESK_SYNC_PASSPHRASE";

fn from_env(var: &str) -> Option<String> {
    std::env::var(var).ok().filter(|v| !v.is_empty())
}

fn entry(account: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, account).map_err(|e| AppError::Internal {
        message: format!("keychain: {e}"),
    })
}

/// The secret stored for `account`, or from `env`; None when neither has one.
pub fn get(account: &str, env: &str) -> Option<String> {
    if let Some(v) = from_env(env) {
        return Some(v);
    }
    match entry(account).and_then(|e| {
        e.get_password().map_err(|e| AppError::Internal {
            message: e.to_string(),
        })
    }) {
        Ok(v) => Some(v),
        Err(e) => {
            tracing::info!(account, error = %e, "no secret in the keychain");
            None
        }
    }
}

/// Keeps `secret` for `account` in the keychain. Without a keychain (a headless machine), the environment
/// variable must supply it at every run: that is said, not silently dropped.
pub fn set(account: &str, env: &str, secret: &str) -> Result<()> {
    if from_env(env).as_deref() == Some(secret) {
        // Given through the environment: it comes from there next time too.
        let _ = entry(account).and_then(|e| {
            e.set_password(secret).map_err(|e| AppError::Internal {
                message: e.to_string(),
            })
        });
        return Ok(());
    }
    entry(account)?
        .set_password(secret)
        .map_err(|e| AppError::Internal {
            message: format!("keychain: {e} (set {env} instead)"),
        })
}
