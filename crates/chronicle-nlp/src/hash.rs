//! Feature hashing: strings and feature tuples to `u64` keys.
//!
//! The functions are our own, fixed and platform independent, so that a model
//! trained on one machine gives the same keys on every other.

use std::hash::{BuildHasherDefault, Hasher};

const K: u64 = 0x517c_c1b7_2722_0a95;

/// Mixes `v` into the running hash `h` (the FxHash step).
#[inline]
pub fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(K)
}

/// A well-spread final scramble (the splitmix64 finaliser).
#[inline]
pub fn finish(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Hashes a string's bytes.
#[inline]
pub fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// Hashes a byte string, 8 bytes at a time.
pub fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = mix(0x9e37_79b9_7f4a_7c15, b.len() as u64);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        h = mix(
            h,
            u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]),
        );
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = mix(h, u64::from_le_bytes(buf));
    }
    finish(h)
}

/// Hashes a feature: a template number and up to four values.
#[inline]
pub fn feat(template: u64, values: &[u64]) -> u64 {
    let mut h = mix(0, template);
    for &v in values {
        h = mix(h, v);
    }
    finish(h)
}

/// A hasher for keys that are already hashes: passes the `u64` through.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = finish(u64::from(n));
    }
}

/// `HashMap` state for pre-hashed keys: deterministic iteration order.
pub type IdBuild = BuildHasherDefault<IdHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_hashes_are_stable_and_distinct() {
        assert_eq!(hash_str("asked"), hash_str("asked"));
        assert_ne!(hash_str("asked"), hash_str("asks"));
        assert_ne!(hash_str(""), hash_str("\0"));
        assert_ne!(feat(1, &[2, 3]), feat(1, &[3, 2]));
    }
}
