//! The files on the target: change batches and snapshots, gzip-compressed JSON lines. The first line is a header
//! naming the writer, the batch number and the number of changes that follow; gzip's own checksum and length, and
//! the count, make a file cut short or damaged fail as a whole instead of applying in part.

use crate::error::{AppError, Result};
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{Read, Write};

/// One change of one field (or a whole new row when `f` is "*"), with the clock that orders it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Table.
    pub t: String,
    /// Row key: the id, or a JSON array of a composite key.
    pub k: String,
    /// Field, or "*" for the whole row.
    pub f: String,
    /// The value as JSON (the row as an object for "*").
    pub v: Value,
    /// Clock and the device that made the change.
    pub c: i64,
    pub d: String,
    /// The clock (and its device) of the value the author replaced.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub s: i64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sd: String,
    /// The replaced text, for fields merged line by line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b: Option<String>,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

impl Change {
    pub fn stamp(&self) -> (i64, &str) {
        (self.c, self.d.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: i32,
    pub device: String,
    /// The batch number (for a snapshot: the newest batch of its device it includes).
    pub seq: i64,
    pub count: usize,
    /// A snapshot only: the newest batch of each other device it includes.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub applied: BTreeMap<String, i64>,
}

pub fn encode(header: &Header, changes: &[Change]) -> Result<Vec<u8>> {
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::fast());
    serde_json::to_writer(&mut gz, header)?;
    gz.write_all(b"\n")?;
    for c in changes {
        serde_json::to_writer(&mut gz, c)?;
        gz.write_all(b"\n")?;
    }
    Ok(gz.finish()?)
}

/// Reads a whole file; any damage (bad gzip, wrong count, a line that is not a change) refuses all of it.
pub fn decode(name: &str, bytes: &[u8]) -> Result<(Header, Vec<Change>)> {
    let damaged = |problem: String| AppError::SyncDamaged {
        file: name.to_string(),
        problem,
    };
    let mut text = String::new();
    GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .map_err(|e| damaged(e.to_string()))?;
    let mut lines = text.lines();
    let header: Header = serde_json::from_str(lines.next().unwrap_or(""))
        .map_err(|e| damaged(format!("header: {e}")))?;
    let mut changes = Vec::with_capacity(header.count);
    for (i, line) in lines.enumerate() {
        changes.push(
            serde_json::from_str::<Change>(line)
                .map_err(|e| damaged(format!("line {}: {e}", i + 2)))?,
        );
    }
    if changes.len() != header.count {
        return Err(damaged(format!(
            "{} changes of {} announced",
            changes.len(),
            header.count
        )));
    }
    Ok((header, changes))
}

/// The file name of batch `seq` (zero-padded, so names sort in order).
pub fn name(seq: i64) -> String {
    format!("{seq:012}.ndjson.gz")
}

/// The batch number in a file name written by `name`.
pub fn seq_of(file: &str) -> Option<i64> {
    file.strip_suffix(".ndjson.gz")?.parse().ok()
}
