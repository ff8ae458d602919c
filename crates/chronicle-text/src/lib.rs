//! Readers, page-furniture removal, sentence splitting and tokenisation.

pub mod segment;

pub use segment::split_sentences;
