//! Optional end-to-end encryption of everything sync writes but `format.json`. A random workspace key encrypts
//! each file (XChaCha20-Poly1305, a fresh 192-bit nonce per file, so nonces never repeat across devices); the
//! key itself is stored in `format.json` only wrapped by a key derived from the passphrase (Argon2id). The server
//! sees file names (device ids and batch numbers) and sizes, never names, notes or titles.

use super::target::Storage;
use crate::error::{AppError, Result};
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};

const MAGIC: &[u8] = b"LDX1";
const NONCE: usize = 24;

pub struct Key([u8; 32]);

/// The wrapped workspace key, as kept in `format.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Wrapped {
    pub kdf: String,
    pub salt: String,
    pub m_cost: u32,
    pub t_cost: u32,
    pub p_cost: u32,
    /// The workspace key, sealed with the passphrase's key.
    pub key: String,
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

fn random<const N: usize>() -> Result<[u8; N]> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|e| AppError::Internal {
        message: format!("no randomness: {e}"),
    })?;
    Ok(out)
}

fn derive(passphrase: &str, salt: &[u8], m: u32, t: u32, p: u32) -> Result<Key> {
    let params = argon2::Params::new(m, t, p, Some(32)).map_err(|e| AppError::Internal {
        message: e.to_string(),
    })?;
    let mut out = [0u8; 32];
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, &mut out)
        .map_err(|e| AppError::Internal {
            message: e.to_string(),
        })?;
    Ok(Key(out))
}

fn wrong_passphrase(problem: &str) -> AppError {
    AppError::SyncPassphrase {
        problem: problem.to_string(),
    }
}

impl Key {
    pub fn seal(&self, plain: &[u8]) -> Result<Vec<u8>> {
        let nonce = random::<NONCE>()?;
        let sealed = XChaCha20Poly1305::new((&self.0).into())
            .encrypt(XNonce::from_slice(&nonce), plain)
            .map_err(|_| AppError::Internal {
                message: "encryption failed".into(),
            })?;
        Ok([MAGIC, &nonce, &sealed].concat())
    }

    /// The plain bytes of a sealed file; a file that was not sealed with this key, or was altered, is refused.
    pub fn open(&self, name: &str, bytes: &[u8]) -> Result<Vec<u8>> {
        let damaged = |problem: &str| AppError::SyncDamaged {
            file: name.to_string(),
            problem: problem.to_string(),
        };
        if bytes.len() < MAGIC.len() + NONCE || &bytes[..MAGIC.len()] != MAGIC {
            return Err(damaged("not encrypted with this workspace's key"));
        }
        let (nonce, sealed) = bytes[MAGIC.len()..].split_at(NONCE);
        XChaCha20Poly1305::new((&self.0).into())
            .decrypt(XNonce::from_slice(nonce), sealed)
            .map_err(|_| damaged("does not decrypt: altered, cut short or another workspace's"))
    }
}

/// A new workspace key, and its wrapping under `passphrase`.
pub fn new_workspace(passphrase: &str) -> Result<(Key, Wrapped)> {
    if passphrase.chars().count() < 8 {
        return Err(wrong_passphrase("shorter than 8 characters"));
    }
    let key = Key(random::<32>()?);
    let salt = random::<16>()?;
    let (m, t, p) = (64 * 1024, 3, 1);
    let wrapping = derive(passphrase, &salt, m, t, p)?;
    let wrapped = Wrapped {
        kdf: "argon2id".into(),
        salt: b64().encode(salt),
        m_cost: m,
        t_cost: t,
        p_cost: p,
        key: b64().encode(wrapping.seal(&key.0)?),
    };
    Ok((key, wrapped))
}

/// The workspace key; a wrong passphrase is refused.
pub fn unwrap(passphrase: &str, w: &Wrapped) -> Result<Key> {
    let salt = b64()
        .decode(&w.salt)
        .map_err(|_| wrong_passphrase("format.json: bad salt"))?;
    // Bounds on the cost, so a tampered format.json cannot make us allocate without limit.
    if w.m_cost > 1024 * 1024 || w.t_cost > 16 || w.p_cost > 8 {
        return Err(wrong_passphrase(
            "format.json: unreasonable key derivation cost",
        ));
    }
    let wrapping = derive(passphrase, &salt, w.m_cost, w.t_cost, w.p_cost)?;
    let sealed = b64()
        .decode(&w.key)
        .map_err(|_| wrong_passphrase("format.json: bad key"))?;
    let plain = wrapping
        .open("format.json", &sealed)
        .map_err(|_| wrong_passphrase("wrong passphrase"))?;
    let key: [u8; 32] = plain
        .try_into()
        .map_err(|_| wrong_passphrase("format.json: bad key"))?;
    Ok(Key(key))
}

/// A target whose files (all but `format.json`) are sealed with the workspace key.
pub struct Sealed {
    pub inner: Box<dyn Storage>,
    pub key: Key,
}

impl Storage for Sealed {
    fn list(&self, dir: &str) -> Result<Vec<String>> {
        self.inner.list(dir)
    }
    fn read(&self, path: &str) -> Result<Option<Vec<u8>>> {
        match self.inner.read(path)? {
            Some(bytes) if path != "format.json" => Ok(Some(self.key.open(path, &bytes)?)),
            other => Ok(other),
        }
    }
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        if path == "format.json" {
            return self.inner.write(path, bytes);
        }
        self.inner.write(path, &self.key.seal(bytes)?)
    }
    fn delete(&self, path: &str) -> Result<()> {
        self.inner.delete(path)
    }
    fn describe(&self) -> String {
        self.inner.describe()
    }
}
