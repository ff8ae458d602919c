//! The model file format: a small header, then a zlib-compressed body of
//! variable-length integers and strings.
//!
//! ```text
//! "CHRNLP" | kind: u8 | version: u16 LE | zlib(body)
//! ```
//!
//! Every read is bounds-checked: a truncated or corrupt file gives a
//! [`ModelError`], never a panic.

use std::io::{Read, Write};

use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;
use flate2::Compression;

const MAGIC: &[u8; 6] = b"CHRNLP";

/// The current version of the model format.
pub const VERSION: u16 = 1;

/// Why a model could not be loaded.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    /// The bytes do not start with the model magic number.
    #[error("not a Chronicle model file (bad magic number)")]
    BadMagic,
    /// The file holds another kind of model than the one asked for.
    #[error("wrong model kind: expected {expected:?}, found {found:?}")]
    WrongKind {
        /// The kind asked for.
        expected: char,
        /// The kind in the file.
        found: char,
    },
    /// The file was written by an unknown format version.
    #[error("unsupported model format version {0} (this build reads version {VERSION})")]
    Version(u16),
    /// The file ends before its content does.
    #[error("model file is truncated")]
    Truncated,
    /// The content is inconsistent.
    #[error("model file is corrupt: {0}")]
    Corrupt(String),
    /// The model was not built into this binary (an empty placeholder file).
    #[error("no {0} model is embedded in this build: train one (see crates/chronicle-nlp/README.md)")]
    Missing(&'static str),
}

/// Builds a model file body.
#[derive(Default)]
pub struct ByteWriter {
    buf: Vec<u8>,
}

impl ByteWriter {
    /// Appends an unsigned LEB128 integer.
    pub fn uint(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.buf.push(b);
                return;
            }
            self.buf.push(b | 0x80);
        }
    }

    /// Appends a signed integer (zigzag, then LEB128).
    pub fn int(&mut self, v: i64) {
        self.uint(((v << 1) ^ (v >> 63)) as u64);
    }

    /// Appends a length-prefixed UTF-8 string.
    pub fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }

    /// Wraps the body into a complete file of the given kind.
    pub fn finish(self, kind: u8) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.buf.len() / 2 + 16);
        out.extend_from_slice(MAGIC);
        out.push(kind);
        out.extend_from_slice(&VERSION.to_le_bytes());
        let mut enc = ZlibEncoder::new(out, Compression::best());
        enc.write_all(&self.buf).expect("writing to a Vec cannot fail");
        enc.finish().expect("writing to a Vec cannot fail")
    }
}

/// Reads a model file body.
pub struct ByteReader {
    buf: Vec<u8>,
    pos: usize,
}

impl ByteReader {
    /// Checks the header of `bytes` and decompresses the body.
    pub fn open(bytes: &[u8], kind: u8) -> Result<ByteReader, ModelError> {
        if bytes.len() < MAGIC.len() + 3 {
            return Err(if MAGIC.starts_with(bytes) {
                ModelError::Truncated
            } else {
                ModelError::BadMagic
            });
        }
        if &bytes[..MAGIC.len()] != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let found = bytes[MAGIC.len()];
        if found != kind {
            return Err(ModelError::WrongKind {
                expected: kind as char,
                found: found as char,
            });
        }
        let version = u16::from_le_bytes([bytes[MAGIC.len() + 1], bytes[MAGIC.len() + 2]]);
        if version != VERSION {
            return Err(ModelError::Version(version));
        }
        let mut buf = Vec::new();
        ZlibDecoder::new(&bytes[MAGIC.len() + 3..])
            .read_to_end(&mut buf)
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::UnexpectedEof {
                    ModelError::Truncated
                } else {
                    ModelError::Corrupt(e.to_string())
                }
            })?;
        Ok(ByteReader { buf, pos: 0 })
    }

    /// Reads an unsigned LEB128 integer.
    pub fn uint(&mut self) -> Result<u64, ModelError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.buf.get(self.pos).ok_or(ModelError::Truncated)?;
            self.pos += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(ModelError::Corrupt("integer too long".into()))
    }

    /// Reads an unsigned integer no larger than `max`.
    pub fn uint_max(&mut self, max: u64) -> Result<u64, ModelError> {
        let v = self.uint()?;
        if v > max {
            return Err(ModelError::Corrupt(format!("value {v} out of range (max {max})")));
        }
        Ok(v)
    }

    /// Reads a signed (zigzag) integer.
    pub fn int(&mut self) -> Result<i64, ModelError> {
        let u = self.uint()?;
        Ok(((u >> 1) as i64) ^ -((u & 1) as i64))
    }

    /// Reads a length-prefixed UTF-8 string.
    pub fn str(&mut self) -> Result<String, ModelError> {
        let len = self.uint()? as usize;
        let end = self.pos.checked_add(len).ok_or(ModelError::Truncated)?;
        let bytes = self.buf.get(self.pos..end).ok_or(ModelError::Truncated)?;
        self.pos = end;
        String::from_utf8(bytes.to_vec()).map_err(|_| ModelError::Corrupt("invalid UTF-8 in string".into()))
    }

    /// True when the whole body was read.
    pub fn at_end(&self) -> bool {
        self.pos == self.buf.len()
    }

    /// Fails unless the whole body was read.
    pub fn end(&self) -> Result<(), ModelError> {
        if self.pos == self.buf.len() {
            Ok(())
        } else {
            Err(ModelError::Corrupt("trailing bytes after the model".into()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_truncation() {
        let mut w = ByteWriter::default();
        w.uint(300);
        w.int(-5);
        w.str("nsubj:pass");
        let bytes = w.finish(b'X');
        let mut r = ByteReader::open(&bytes, b'X').unwrap();
        assert_eq!(r.uint().unwrap(), 300);
        assert_eq!(r.int().unwrap(), -5);
        assert_eq!(r.str().unwrap(), "nsubj:pass");
        assert!(r.end().is_ok());
        assert_eq!(r.uint(), Err(ModelError::Truncated));
        for cut in 0..bytes.len() {
            let res = ByteReader::open(&bytes[..cut], b'X').and_then(|mut r| {
                r.uint()?;
                r.int()?;
                r.str()?;
                r.end()
            });
            assert!(res.is_err(), "cut at {cut} must fail");
        }
        assert_eq!(
            ByteReader::open(&bytes, b'Y').err(),
            Some(ModelError::WrongKind {
                expected: 'Y',
                found: 'X'
            })
        );
    }
}
