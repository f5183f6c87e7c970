//! A WebDAV collection as a sync target (Nextcloud, ownCloud, a NAS, `rclone serve webdav`). Files are written
//! under a temporary name and moved into place, so a reader never sees half a file; a server without MOVE gets a
//! plain PUT. Nothing here needs locks or conditional requests.

use super::http::{decode, elements, encode, Http};
use super::target::Storage;
use crate::error::Result;
use base64::Engine;
use std::cell::RefCell;
use std::collections::HashSet;

pub struct WebDav {
    http: Http,
    /// The collection's URL, ending in '/'.
    base: String,
    auth: String,
    /// Collections known to exist, so a sync writing many files makes each one once.
    made: RefCell<HashSet<String>>,
}

impl WebDav {
    pub fn open(url: &str, user: &str, password: &str) -> Result<WebDav> {
        let base = if url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        };
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        let dav = WebDav {
            http: Http::new(url.to_string()),
            base,
            auth: format!("Basic {token}"),
            made: RefCell::new(HashSet::new()),
        };
        // Fails now, with the reason, rather than at the first write: a wrong password, no such collection.
        let reply = dav.propfind("", "0")?;
        if reply.status == 404 {
            return Err(dav.http.unreachable("no such collection"));
        }
        Ok(dav)
    }

    fn url(&self, path: &str) -> String {
        let parts: Vec<String> = path
            .split('/')
            .filter(|p| !p.is_empty())
            .map(encode)
            .collect();
        format!("{}{}", self.base, parts.join("/"))
    }

    fn propfind(&self, dir: &str, depth: &str) -> Result<super::http::Reply> {
        let mut url = self.url(dir);
        if !url.ends_with('/') {
            url.push('/');
        }
        self.http.send(
            "PROPFIND",
            &url,
            &[
                ("Authorization", self.auth.clone()),
                ("Depth", depth.to_string()),
                ("Content-Type", "application/xml".into()),
            ],
            br#"<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>"#,
        )
    }

    /// Creates each missing collection on the way to `dir`.
    fn make_dirs(&self, dir: &str) -> Result<()> {
        let mut sofar = String::new();
        for part in dir.split('/').filter(|p| !p.is_empty()) {
            sofar.push_str(part);
            sofar.push('/');
            if self.made.borrow().contains(&sofar) {
                continue;
            }
            let reply = self.http.send(
                "MKCOL",
                &format!("{}/", self.url(&sofar)),
                &[("Authorization", self.auth.clone())],
                b"",
            )?;
            // 201 made; 405 (or 301 on some servers) already there.
            if !matches!(reply.status, 200..=299 | 301 | 405) {
                return Err(self.http.unexpected("MKCOL", &reply));
            }
            self.made.borrow_mut().insert(sofar.clone());
        }
        Ok(())
    }
}

/// The path of a URL or of an href (which may be absolute or a path), without a trailing '/'.
fn path_of(url: &str) -> String {
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]),
        None => url,
    };
    path.trim_end_matches('/').to_string()
}

impl Storage for WebDav {
    fn list(&self, dir: &str) -> Result<Vec<String>> {
        let reply = self.propfind(dir, "1")?;
        if reply.status == 404 {
            return Ok(Vec::new());
        }
        if reply.status != 207 {
            return Err(self.http.unexpected("PROPFIND", &reply));
        }
        let xml = String::from_utf8_lossy(&reply.body);
        let own = path_of(&decode(&self.url(dir)));
        let mut names: Vec<String> = elements(&xml, "href")
            .iter()
            .map(|h| path_of(&decode(h)))
            .filter_map(|h| {
                let (parent, name) = h.rsplit_once('/')?;
                (parent == own).then(|| name.to_string())
            })
            .filter(|n| !n.is_empty() && !n.starts_with('.') && !n.contains(".tmp"))
            .collect();
        names.sort();
        names.dedup();
        Ok(names)
    }

    fn read(&self, path: &str) -> Result<Option<Vec<u8>>> {
        let reply = self.http.send(
            "GET",
            &self.url(path),
            &[("Authorization", self.auth.clone())],
            b"",
        )?;
        match reply.status {
            200 => Ok(Some(reply.body)),
            404 => Ok(None),
            _ => Err(self.http.unexpected("GET", &reply)),
        }
    }

    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        self.make_dirs(dir)?;
        let tmp = format!("{dir}/.{name}.tmp{}", fastrand::u64(..));
        let put = |to: &str| -> Result<()> {
            let reply = self.http.send(
                "PUT",
                &self.url(to),
                &[
                    ("Authorization", self.auth.clone()),
                    ("Content-Type", "application/octet-stream".into()),
                ],
                bytes,
            )?;
            if !(200..=299).contains(&reply.status) {
                return Err(self.http.unexpected("PUT", &reply));
            }
            Ok(())
        };
        put(&tmp)?;
        let moved = self.http.send(
            "MOVE",
            &self.url(&tmp),
            &[
                ("Authorization", self.auth.clone()),
                ("Destination", self.url(path)),
                ("Overwrite", "T".into()),
            ],
            b"",
        )?;
        if (200..=299).contains(&moved.status) {
            return Ok(());
        }
        // A server without MOVE: the file goes in directly, and the temporary copy away.
        let _ = self.delete(&tmp);
        if matches!(moved.status, 405 | 501) {
            return put(path);
        }
        Err(self.http.unexpected("MOVE", &moved))
    }

    fn delete(&self, path: &str) -> Result<()> {
        let reply = self.http.send(
            "DELETE",
            &self.url(path),
            &[("Authorization", self.auth.clone())],
            b"",
        )?;
        if (200..=299).contains(&reply.status) || reply.status == 404 {
            Ok(())
        } else {
            Err(self.http.unexpected("DELETE", &reply))
        }
    }

    fn describe(&self) -> String {
        self.http.target.clone()
    }
}
