//! Where sync files live: one small interface over a plain folder (a Syncthing/Nextcloud/Dropbox folder or a
//! network share), with room for WebDAV and S3 behind the same calls. Paths are relative and use `/`.

use crate::error::{AppError, Result};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A configured target, as stored in `sync_meta.target`. Never holds a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    Folder {
        path: String,
    },
    /// A WebDAV collection; the password is in the keychain.
    Webdav {
        url: String,
        user: String,
    },
    /// An S3 bucket, path-style; the secret key is in the keychain.
    S3 {
        endpoint: String,
        bucket: String,
        prefix: String,
        region: String,
        access_key: String,
    },
}

impl Target {
    /// How the target is named in messages: the folder's path.
    pub fn describe(&self) -> String {
        match self {
            Target::Folder { path } => path.clone(),
            Target::Webdav { url, user } => format!("{user} @ {url}"),
            Target::S3 {
                endpoint,
                bucket,
                prefix,
                ..
            } => format!("{endpoint}/{bucket}/{prefix}"),
        }
    }

    /// The keychain account of the target's password or secret key.
    pub fn account(&self) -> Option<String> {
        match self {
            Target::Folder { .. } => None,
            Target::Webdav { url, user } => Some(format!("webdav {user} {url}")),
            Target::S3 {
                endpoint,
                access_key,
                ..
            } => Some(format!("s3 {access_key} {endpoint}")),
        }
    }

    /// The stored password; a target that needs one and has none is refused as its credentials would be.
    fn password(&self) -> Result<String> {
        let account = self.account().unwrap_or_default();
        super::secret::get(&account, super::secret::PASSWORD_ENV).ok_or_else(|| {
            AppError::SyncDenied {
                target: self.describe(),
            }
        })
    }

    /// Connects, checking the target answers and takes the credentials.
    pub fn open(&self) -> Result<Box<dyn Storage>> {
        match self {
            Target::Folder { path } => Ok(Box::new(Folder::open(Path::new(path))?)),
            Target::Webdav { url, user } => Ok(Box::new(super::webdav::WebDav::open(
                url,
                user,
                &self.password()?,
            )?)),
            Target::S3 {
                endpoint,
                bucket,
                prefix,
                region,
                access_key,
            } => Ok(Box::new(super::s3::S3::open(
                endpoint,
                bucket,
                prefix,
                region,
                access_key,
                &self.password()?,
            )?)),
        }
    }
}

/// The calls sync makes. Every write is whole-file and atomic where the storage allows (temp name, then rename),
/// so a reader sees a file either complete or not at all; no call needs a lock or a conditional write.
pub trait Storage {
    /// The names directly under `dir` (files and folders); empty when `dir` does not exist.
    fn list(&self, dir: &str) -> Result<Vec<String>>;
    /// A file's bytes, or None when it does not exist.
    fn read(&self, path: &str) -> Result<Option<Vec<u8>>>;
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()>;
    fn delete(&self, path: &str) -> Result<()>;
    fn describe(&self) -> String;
}

pub struct Folder {
    root: PathBuf,
}

impl Folder {
    /// A folder that exists (sync never creates the root: a mistyped path should fail, not sync into a new folder).
    pub fn open(root: &Path) -> Result<Folder> {
        let folder = Folder {
            root: root.to_path_buf(),
        };
        if !root.is_dir() {
            return Err(folder.unreachable("not a folder"));
        }
        Ok(folder)
    }

    fn unreachable(&self, message: impl ToString) -> AppError {
        AppError::SyncUnreachable {
            target: self.describe(),
            message: message.to_string(),
        }
    }

    /// A relative path under the root; `..` and absolute parts are refused, so a name read from the target cannot
    /// point outside it.
    fn path(&self, rel: &str) -> Result<PathBuf> {
        let mut p = self.root.clone();
        for part in rel.split('/').filter(|s| !s.is_empty()) {
            if part == ".." || part == "." || part.contains('\\') {
                return Err(self.unreachable(format!("bad path {rel}")));
            }
            p.push(part);
        }
        Ok(p)
    }

    fn io(&self, e: std::io::Error) -> AppError {
        tracing::warn!(error = %e, target = %self.describe(), "sync folder");
        if e.raw_os_error() == Some(28) {
            return AppError::DiskFull {
                message: e.to_string(),
            };
        }
        self.unreachable(e)
    }
}

impl Storage for Folder {
    fn list(&self, dir: &str) -> Result<Vec<String>> {
        let p = self.path(dir)?;
        let entries = match std::fs::read_dir(&p) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.io(e)),
        };
        let mut names = Vec::new();
        for entry in entries {
            let name = entry.map_err(|e| self.io(e))?.file_name();
            if let Some(name) = name.to_str() {
                // Half-written files of a writer that stopped mid-way, and sync tools' own temp files.
                if !name.starts_with('.') && !name.contains(".tmp") {
                    names.push(name.to_string());
                }
            }
        }
        names.sort();
        Ok(names)
    }

    fn read(&self, path: &str) -> Result<Option<Vec<u8>>> {
        match std::fs::read(self.path(path)?) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.io(e)),
        }
    }

    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let dest = self.path(path)?;
        let dir = dest.parent().unwrap_or(&self.root).to_path_buf();
        std::fs::create_dir_all(&dir).map_err(|e| self.io(e))?;
        let name = dest.file_name().and_then(|n| n.to_str()).unwrap_or("file");
        let tmp = dir.join(format!(".{name}.tmp{}", fastrand::u64(..)));
        let written = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            std::fs::rename(&tmp, &dest)
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(self.io(e));
        }
        Ok(())
    }

    fn delete(&self, path: &str) -> Result<()> {
        match std::fs::remove_file(self.path(path)?) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(self.io(e)),
            _ => Ok(()),
        }
    }

    fn describe(&self) -> String {
        self.root.display().to_string()
    }
}
