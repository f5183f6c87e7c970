//! The HTTP calls of the WebDAV and S3 targets, with their failures sorted into what the user can act on:
//! credentials refused, a certificate not trusted, a server not reachable, a disk full on the server.

use crate::error::{AppError, Result};
use std::time::Duration;
use ureq::http;

pub struct Http {
    agent: ureq::Agent,
    /// How the target is named in errors (its URL, never a password).
    pub target: String,
}

pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Http {
    pub fn new(target: String) -> Http {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .allow_non_standard_methods(true)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Http { agent, target }
    }

    pub fn unreachable(&self, message: impl ToString) -> AppError {
        AppError::SyncUnreachable {
            target: self.target.clone(),
            message: message.to_string(),
        }
    }

    /// Sends a request; a reply of any status comes back (the caller decides what each means), except that
    /// 401/403 are refused credentials and 507 a full disk on the server.
    pub fn send(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, String)],
        body: &[u8],
    ) -> Result<Reply> {
        let mut req = http::Request::builder().method(method).uri(url);
        for (k, v) in headers {
            req = req.header(*k, v.as_str());
        }
        let req = req.body(body).map_err(|e| self.unreachable(e))?;
        let mut res = self.agent.run(req).map_err(|e| self.failed(e))?;
        let status = res.status().as_u16();
        let body = res
            .body_mut()
            .with_config()
            .limit(u64::MAX)
            .read_to_vec()
            .map_err(|e| self.failed(e))?;
        tracing::debug!(method, url, status, bytes = body.len(), "sync request");
        match status {
            401 | 403 => Err(AppError::SyncDenied {
                target: self.target.clone(),
            }),
            507 => Err(AppError::DiskFull {
                message: format!("{}: HTTP 507", self.target),
            }),
            _ => Ok(Reply { status, body }),
        }
    }

    fn failed(&self, e: ureq::Error) -> AppError {
        tracing::warn!(error = %e, target = %self.target, "sync request failed");
        let text = e.to_string();
        let tls = matches!(
            e,
            ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_)
        ) || text.to_ascii_lowercase().contains("certificate");
        if tls {
            AppError::SyncTls {
                target: self.target.clone(),
                message: text,
            }
        } else {
            self.unreachable(text)
        }
    }

    /// An error for a reply the target should not have given.
    pub fn unexpected(&self, what: &str, reply: &Reply) -> AppError {
        let text = String::from_utf8_lossy(&reply.body);
        self.unreachable(format!(
            "{what}: HTTP {} {}",
            reply.status,
            text.chars().take(200).collect::<String>()
        ))
    }
}

/// Percent-encodes a path segment (RFC 3986 unreserved characters stay).
pub fn encode(segment: &str) -> String {
    let mut out = String::new();
    for b in segment.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The text of every element with this local name (any namespace prefix), in order: enough XML for a
/// PROPFIND or ListObjects reply, whose values carry no markup.
pub fn elements(xml: &str, local: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('/') || tag.ends_with('/') {
            continue;
        }
        let name = tag.split_whitespace().next().unwrap_or("");
        let name = name.rsplit(':').next().unwrap_or(name);
        if name == local {
            let close = rest.find('<').unwrap_or(rest.len());
            out.push(unescape(&rest[..close]));
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}
