//! An S3-compatible bucket as a sync target (MinIO, Ceph, any cloud), path-style, signed with AWS Signature
//! Version 4. An object PUT is atomic by itself: readers see the old object or the new one, never half of it.

use super::http::{decode, elements, encode, Http, Reply};
use super::target::Storage;
use crate::error::Result;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

pub struct S3 {
    http: Http,
    endpoint: String,
    host: String,
    bucket: String,
    /// Key prefix, without leading or trailing '/' (may be empty).
    prefix: String,
    region: String,
    access_key: String,
    secret_key: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    // HMAC takes a key of any length: this cannot fail.
    match <Hmac<Sha256> as Mac>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

impl S3 {
    pub fn open(
        endpoint: &str,
        bucket: &str,
        prefix: &str,
        region: &str,
        access_key: &str,
        secret_key: &str,
    ) -> Result<S3> {
        let endpoint = endpoint.trim_end_matches('/').to_string();
        let host = endpoint
            .split_once("://")
            .map_or(endpoint.as_str(), |(_, r)| r)
            .split('/')
            .next()
            .unwrap_or("")
            .to_string();
        let s3 = S3 {
            http: Http::new(format!("{endpoint}/{bucket}")),
            endpoint,
            host,
            bucket: bucket.to_string(),
            prefix: prefix.trim_matches('/').to_string(),
            region: if region.is_empty() {
                "us-east-1".into()
            } else {
                region.to_string()
            },
            access_key: access_key.to_string(),
            secret_key: secret_key.to_string(),
        };
        // A wrong key, bucket or endpoint fails here, with its reason.
        let reply = s3.request(
            "GET",
            "",
            &[("list-type", "2".into()), ("max-keys", "1".into())],
            b"",
        )?;
        if reply.status != 200 {
            return Err(s3.http.unexpected("ListObjectsV2", &reply));
        }
        Ok(s3)
    }

    fn key(&self, path: &str) -> String {
        if self.prefix.is_empty() {
            path.to_string()
        } else {
            format!("{}/{path}", self.prefix)
        }
    }

    /// A signed request for `key` ("" for the bucket itself) with query parameters.
    fn request(
        &self,
        method: &str,
        key: &str,
        query: &[(&str, String)],
        body: &[u8],
    ) -> Result<Reply> {
        let now = chrono::Utc::now();
        let amz_date = now.format("%Y%m%dT%H%M%SZ").to_string();
        let date = now.format("%Y%m%d").to_string();
        let mut uri = format!("/{}", encode(&self.bucket));
        if !key.is_empty() {
            uri.push('/');
            uri.push_str(&key.split('/').map(encode).collect::<Vec<_>>().join("/"));
        }
        let mut q: Vec<(String, String)> =
            query.iter().map(|(k, v)| (encode(k), encode(v))).collect();
        q.sort();
        let query_string = q
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        let payload = hex(&Sha256::digest(body));
        let canonical = format!(
            "{method}\n{uri}\n{query_string}\nhost:{}\nx-amz-content-sha256:{payload}\nx-amz-date:{amz_date}\n\nhost;x-amz-content-sha256;x-amz-date\n{payload}",
            self.host
        );
        let scope = format!("{date}/{}/s3/aws4_request", self.region);
        let to_sign = format!(
            "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
            hex(&Sha256::digest(canonical.as_bytes()))
        );
        let k = hmac(format!("AWS4{}", self.secret_key).as_bytes(), &date);
        let k = hmac(&k, &self.region);
        let k = hmac(&k, "s3");
        let k = hmac(&k, "aws4_request");
        let signature = hex(&hmac(&k, &to_sign));
        let auth = format!(
            "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature={signature}",
            self.access_key
        );
        let mut url = format!("{}{uri}", self.endpoint);
        if !query_string.is_empty() {
            url.push('?');
            url.push_str(&query_string);
        }
        self.http.send(
            method,
            &url,
            &[
                ("Authorization", auth),
                ("x-amz-content-sha256", payload),
                ("x-amz-date", amz_date),
            ],
            body,
        )
    }
}

impl Storage for S3 {
    fn list(&self, dir: &str) -> Result<Vec<String>> {
        let prefix = format!("{}/", self.key(dir).trim_end_matches('/'));
        let prefix = prefix.trim_start_matches('/').to_string();
        let mut names = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut query = vec![
                ("list-type", "2".to_string()),
                ("prefix", prefix.clone()),
                ("delimiter", "/".to_string()),
            ];
            if let Some(t) = &token {
                query.push(("continuation-token", t.clone()));
            }
            let reply = self.request("GET", "", &query, b"")?;
            if reply.status != 200 {
                return Err(self.http.unexpected("ListObjectsV2", &reply));
            }
            let xml = String::from_utf8_lossy(&reply.body);
            for full in elements(&xml, "Key")
                .into_iter()
                .chain(elements(&xml, "Prefix"))
            {
                let full = decode(&full);
                if let Some(rest) = full.strip_prefix(&prefix) {
                    let name = rest.trim_end_matches('/');
                    if !name.is_empty() && !name.contains('/') {
                        names.push(name.to_string());
                    }
                }
            }
            token = elements(&xml, "NextContinuationToken").into_iter().next();
            if token.is_none() {
                break;
            }
        }
        names.sort();
        names.dedup();
        Ok(names)
    }

    fn read(&self, path: &str) -> Result<Option<Vec<u8>>> {
        let reply = self.request("GET", &self.key(path), &[], b"")?;
        match reply.status {
            200 => Ok(Some(reply.body)),
            404 => Ok(None),
            _ => Err(self.http.unexpected("GetObject", &reply)),
        }
    }

    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let reply = self.request("PUT", &self.key(path), &[], bytes)?;
        if reply.status != 200 {
            return Err(self.http.unexpected("PutObject", &reply));
        }
        Ok(())
    }

    fn delete(&self, path: &str) -> Result<()> {
        let reply = self.request("DELETE", &self.key(path), &[], b"")?;
        if !matches!(reply.status, 200 | 204 | 404) {
            return Err(self.http.unexpected("DeleteObject", &reply));
        }
        Ok(())
    }

    fn describe(&self) -> String {
        self.http.target.clone()
    }
}
