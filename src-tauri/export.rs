//! File formats written for other programs. Each writer is a pure function from a model to text or bytes; the
//! services decide what goes in and where the file is written.

pub mod ics;
pub mod summary;
