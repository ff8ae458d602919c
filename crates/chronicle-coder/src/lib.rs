//! Chronicle's event coder: who did what to whom, from a parsed sentence.
//!
//! Start with [`Coder::code_article`]: it takes sentences already tagged and
//! parsed (by `chronicle-nlp`) and returns [`chronicle_model::EventRecord`]s.
//! The dictionaries ([`dictionary`]) are data files under `dictionaries/`,
//! embedded at build time and extendable by the user; [`actors`] turns noun
//! phrases into actor codes; [`events`] walks the dependency tree.
//!
//! The crate does no I/O: extra dictionaries come in as strings.

pub mod actors;
pub mod cameo;
pub mod casualties;
pub mod dates;
pub mod dictionary;
pub mod events;

pub use dictionary::{Dictionaries, DictionaryError};
pub use events::{ArticleContext, Coder};

#[cfg(test)]
mod tests;
