//! Automatic backups while the app runs: one at start when the newest is older than a day, then one a day.

use crate::services::backups;
use crate::store::Db;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// How often the thread looks whether a backup is due. An hour: a laptop that slept through the day's backup
/// makes it soon after waking, and the check itself only lists a folder.
const POLL: Duration = Duration::from_secs(3600);
/// The first look waits until the start is over, so a large backup does not compete with the first screen.
const FIRST: Duration = Duration::from_secs(20);

/// Starts the backup thread. It owns nothing the UI waits on: the backup reads through its own connection
/// (see `Db::backup_verified`), so saving goes on while it runs. Failures are logged and retried at the next poll.
pub fn schedule(db: Arc<Db>, data_dir: PathBuf) {
    let spawned = std::thread::Builder::new()
        .name("backups".into())
        .spawn(move || {
            std::thread::sleep(FIRST);
            loop {
                match backups::due(&db, &data_dir, chrono::Utc::now()) {
                    Ok(true) => match backups::back_up_now(&db, &data_dir) {
                        Ok(b) => {
                            tracing::info!(path = %b.path, "automatic backup written and verified")
                        }
                        Err(e) => tracing::error!(error = %e, "automatic backup failed"),
                    },
                    Ok(false) => {}
                    Err(e) => tracing::error!(error = %e, "cannot tell whether a backup is due"),
                }
                std::thread::sleep(POLL);
            }
        });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "cannot start the backup thread");
    }
}
