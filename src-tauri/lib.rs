//! Liaison Desk: a local-first desk for collaboration liaisons. The core (domain, store, services, cli) knows
//! nothing of Tauri; `app` is the only module that does, and it is compiled with the `desktop` feature.

pub mod cli;
pub mod domain;
pub mod error;
pub mod export;
pub mod import;
pub mod messages;
pub mod search;
pub mod services;
pub mod store;
pub mod sync;

#[cfg(feature = "desktop")]
pub mod app;

/// Logs to stderr at `default_level` ("info", "warn", …); RUST_LOG overrides it.
pub fn init_logging(default_level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_level));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
