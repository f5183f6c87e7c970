//! File formats written for other programs. Each writer is a pure function from a model to text or bytes; the
//! services decide what goes in and where the file is written.

pub mod cards;
pub mod compose;
pub mod document;
pub mod docx;
pub mod eml;
pub mod html;
pub mod ics;
pub mod markdown;
pub mod pdf;
pub mod summary;
