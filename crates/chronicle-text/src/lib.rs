//! Readers, page-furniture removal, sentence splitting and tokenisation.
//!
//! Everything here is pure: the caller reads the bytes, this crate turns them
//! into [`chronicle_model::ArticleInput`] and [`chronicle_model::CleanArticle`]
//! values and sentences of UD tokens. Start with [`extract::clean_article`]
//! and [`segment::split_sentences`].

pub mod dates;
pub mod extract;
pub mod feed;
pub mod furniture;
pub mod html;
pub mod quotes;
pub mod read;
pub mod score;
pub mod segment;
pub mod warc;

pub use extract::{clean_article, ExtractOptions, ExtractWarning};
pub use segment::split_sentences;
