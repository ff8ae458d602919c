//! The averaged perceptron: a sparse trainer and the compact linear model it
//! compiles to.
//!
//! Features are `u64` hashes. The [`Trainer`] keeps, per feature, a short row
//! of `(class, weight, running total, timestamp)` cells, so that averaging is
//! lazy (Honnibal's trick) and memory grows only with what was updated.
//! [`Trainer::compile`] averages, quantises the weights to `i16`, drops those
//! that round to zero and packs the rest into an open-addressing table with
//! 32-bit keys: the [`Linear`] model used at run time and stored on disk.

use std::collections::HashMap;

use crate::binfmt::{ByteReader, ByteWriter, ModelError};
use crate::hash::IdBuild;

#[derive(Clone, Copy)]
struct Cell {
    class: u16,
    weight: i32,
    total: i64,
    stamp: u32,
}

/// Trains an averaged perceptron over hashed sparse features.
pub struct Trainer {
    n_classes: usize,
    rows: HashMap<u64, Vec<Cell>, IdBuild>,
    clock: u32,
}

impl Trainer {
    /// A trainer for `n_classes` classes with all weights zero.
    pub fn new(n_classes: usize) -> Trainer {
        assert!(n_classes <= usize::from(u16::MAX));
        Trainer {
            n_classes,
            rows: HashMap::default(),
            clock: 0,
        }
    }

    /// Number of classes scored.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Adds the current (not averaged) weights of `feats` into `scores`.
    pub fn score(&self, feats: &[u64], scores: &mut [i64]) {
        scores.iter_mut().for_each(|s| *s = 0);
        for f in feats {
            if let Some(row) = self.rows.get(f) {
                for c in row {
                    scores[usize::from(c.class)] += i64::from(c.weight);
                }
            }
        }
    }

    /// Counts one training instance (the clock the averages are taken over).
    pub fn tick(&mut self) {
        self.clock += 1;
    }

    /// Adds `delta` to the weights of `class` on `feats` (a step of a
    /// structured update: the gold sequence's moves get `+1`, the predicted
    /// sequence's `-1`).
    pub fn add(&mut self, feats: &[u64], class: usize, delta: i32) {
        let clock = self.clock;
        let class = class as u16;
        for &f in feats {
            let row = self.rows.entry(f).or_default();
            let cell = match row.iter_mut().position(|c| c.class == class) {
                Some(i) => &mut row[i],
                None => {
                    row.push(Cell {
                        class,
                        weight: 0,
                        total: 0,
                        stamp: clock,
                    });
                    row.last_mut().expect("just pushed")
                }
            };
            cell.total += i64::from(cell.weight) * i64::from(clock - cell.stamp);
            cell.stamp = clock;
            cell.weight += delta;
        }
    }

    /// Rewards `truth` and penalises `guess` on `feats` (no-op if equal).
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let clock = self.clock;
        for &f in feats {
            let row = self.rows.entry(f).or_default();
            for (class, delta) in [(truth, 1), (guess, -1)] {
                let class = class as u16;
                let cell = match row.iter_mut().position(|c| c.class == class) {
                    Some(i) => &mut row[i],
                    None => {
                        row.push(Cell {
                            class,
                            weight: 0,
                            total: 0,
                            stamp: clock,
                        });
                        row.last_mut().expect("just pushed")
                    }
                };
                cell.total += i64::from(cell.weight) * i64::from(clock - cell.stamp);
                cell.stamp = clock;
                cell.weight += delta;
            }
        }
    }

    /// Averages the weights and packs them into a quantised [`Linear`] model.
    ///
    /// Weights are scaled so that the largest is `i16::MAX`; a feature whose
    /// largest weight is below `min_weight` on that scale is dropped (pruning
    /// rare, weak features makes the model smaller, faster and no worse).
    pub fn compile(&self, min_weight: i16) -> Linear {
        let clock = f64::from(self.clock.max(1));
        let mut folded: HashMap<u32, Vec<(u16, f64)>, IdBuild> = HashMap::default();
        let mut max = 0f64;
        for (&f, row) in &self.rows {
            let dst = folded.entry(fold(f)).or_default();
            for c in row {
                let total = c.total + i64::from(c.weight) * i64::from(self.clock - c.stamp);
                let avg = total as f64 / clock;
                if avg == 0.0 {
                    continue;
                }
                match dst.iter_mut().find(|(k, _)| *k == c.class) {
                    Some((_, w)) => *w += avg,
                    None => dst.push((c.class, avg)),
                }
            }
            for (_, w) in dst.iter() {
                max = max.max(w.abs());
            }
        }
        let scale = if max > 0.0 { f64::from(i16::MAX) / max } else { 1.0 };
        let mut keys: Vec<u32> = folded.keys().copied().collect();
        keys.sort_unstable();
        let mut rows = Vec::with_capacity(keys.len());
        for k in keys {
            let mut row: Vec<(u16, i16)> = folded[&k]
                .iter()
                .map(|&(c, w)| (c, (w * scale).round().clamp(-32767.0, 32767.0) as i16))
                .filter(|&(_, q)| q != 0)
                .collect();
            if row
                .iter()
                .any(|&(_, q)| q.unsigned_abs() >= min_weight.unsigned_abs())
            {
                row.sort_unstable();
                rows.push((k, row));
            }
        }
        Linear::from_rows(self.n_classes, rows)
    }
}

/// Folds a 64-bit feature hash to the 32-bit key the compiled model stores.
#[inline]
fn fold(f: u64) -> u32 {
    let k = (f ^ (f >> 32)) as u32;
    if k == 0 {
        1
    } else {
        k
    }
}

#[derive(Clone, Copy, Default)]
struct Slot {
    key: u32,
    start: u32,
}

/// A compiled linear model: quantised weights in an open-addressing table.
#[derive(Clone)]
pub struct Linear {
    n_classes: usize,
    mask: usize,
    slots: Vec<Slot>,
    /// `(class, weight)` cells, row after row.
    cells: Vec<(u16, i16)>,
}

impl Linear {
    fn from_rows(n_classes: usize, rows: Vec<(u32, Vec<(u16, i16)>)>) -> Linear {
        let mut starts = Vec::with_capacity(rows.len());
        let mut cells = Vec::new();
        for (key, row) in rows {
            // A header cell holds the row's length; the row follows it.
            starts.push((key, cells.len() as u32));
            cells.push((row.len() as u16, 0));
            cells.extend_from_slice(&row);
        }
        Linear::from_cells(n_classes, &starts, cells)
    }

    /// Builds the table over rows already laid out in `cells`.
    fn from_cells(n_classes: usize, starts: &[(u32, u32)], cells: Vec<(u16, i16)>) -> Linear {
        let cap = (starts.len() * 3 / 2 + 1).next_power_of_two().max(16);
        let mut slots = huge_vec(cap);
        slots.resize(cap, Slot::default());
        let cells = {
            let mut table = huge_vec(cells.len());
            table.extend_from_slice(&cells);
            table
        };
        for &(key, start) in starts {
            let mut i = slot_of(key, cap - 1);
            while slots[i].key != 0 {
                i = (i + 1) & (cap - 1);
            }
            slots[i] = Slot { key, start };
        }
        Linear {
            n_classes,
            mask: cap - 1,
            slots,
            cells,
        }
    }

    /// Number of classes scored.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of features stored.
    pub fn n_features(&self) -> usize {
        self.slots.iter().filter(|s| s.key != 0).count()
    }

    /// Writes the scores of all classes for `feats` into `scores`.
    ///
    /// The table is far larger than the caches, so the work is memory
    /// latency: three passes over each chunk of features (prefetch the slots,
    /// find the rows and prefetch them, add them up) let the loads overlap.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        scores.iter_mut().for_each(|s| *s = 0);
        const CHUNK: usize = 32;
        let mut keys = [(0u32, 0usize); CHUNK];
        let mut rows = [0u32; CHUNK];
        for chunk in feats.chunks(CHUNK) {
            for (k, &f) in keys.iter_mut().zip(chunk) {
                let key = fold(f);
                let i = slot_of(key, self.mask);
                prefetch(&self.slots[i]);
                *k = (key, i);
            }
            let mut found = 0;
            for &(key, mut i) in &keys[..chunk.len()] {
                loop {
                    let s = self.slots[i];
                    if s.key == key {
                        prefetch(&self.cells[s.start as usize]);
                        rows[found] = s.start;
                        found += 1;
                        break;
                    }
                    if s.key == 0 {
                        break;
                    }
                    i = (i + 1) & self.mask;
                }
            }
            for &start in &rows[..found] {
                let a = start as usize + 1;
                let b = a + usize::from(self.cells[start as usize].0);
                for &(c, w) in &self.cells[a..b] {
                    scores[usize::from(c)] += i32::from(w);
                }
            }
        }
    }

    /// The mean of several models over the same classes: an ensemble whose
    /// score is the average of theirs, at the cost of one model. Features
    /// whose largest mean weight is below `min_weight` are dropped (as in
    /// [`Trainer::compile`]). `None` if the list is empty or the models score
    /// different classes.
    pub fn average(models: &[&Linear], min_weight: i16) -> Option<Linear> {
        let n_classes = models.first()?.n_classes;
        if models.iter().any(|m| m.n_classes != n_classes) {
            return None;
        }
        let mut sums: HashMap<u32, Vec<(u16, i32)>, IdBuild> = HashMap::default();
        for m in models {
            for s in m.slots.iter().filter(|s| s.key != 0) {
                let row = sums.entry(s.key).or_default();
                let a = s.start as usize + 1;
                let b = a + usize::from(m.cells[s.start as usize].0);
                for &(c, w) in &m.cells[a..b] {
                    match row.iter_mut().find(|(k, _)| *k == c) {
                        Some((_, x)) => *x += i32::from(w),
                        None => row.push((c, i32::from(w))),
                    }
                }
            }
        }
        let k = models.len() as i32;
        let mut keys: Vec<u32> = sums.keys().copied().collect();
        keys.sort_unstable();
        let rows = keys
            .into_iter()
            .filter_map(|key| {
                let mut row: Vec<(u16, i16)> = sums[&key]
                    .iter()
                    .map(|&(c, x)| (c, ((x + x.signum() * k / 2) / k) as i16))
                    .filter(|&(_, w)| w != 0)
                    .collect();
                row.sort_unstable();
                let strong = row
                    .iter()
                    .any(|&(_, w)| w.unsigned_abs() >= min_weight.unsigned_abs());
                strong.then_some((key, row))
            })
            .collect();
        Some(Linear::from_rows(n_classes, rows))
    }

    /// Serialises the model: keys delta-coded in order, then their weights.
    pub fn write(&self, w: &mut ByteWriter) {
        let mut slots: Vec<Slot> = self.slots.iter().copied().filter(|s| s.key != 0).collect();
        slots.sort_unstable_by_key(|s| s.key);
        w.uint(self.n_classes as u64);
        w.uint(slots.len() as u64);
        let mut prev = 0u32;
        for s in &slots {
            w.uint(u64::from(s.key - prev));
            prev = s.key;
            let a = s.start as usize + 1;
            let b = a + usize::from(self.cells[s.start as usize].0);
            w.uint((b - a) as u64);
            let mut prev_class = 0u16;
            for (c, x) in self.cells[a..b].iter().map(|(c, x)| (c, x)) {
                w.uint(u64::from(c - prev_class));
                prev_class = *c;
                w.int(i64::from(*x));
            }
        }
    }

    /// Reads a model written by [`Linear::write`].
    pub fn read(r: &mut ByteReader) -> Result<Linear, ModelError> {
        let n_classes = r.uint_max(u64::from(u16::MAX))? as usize;
        let n = r.uint_max(1 << 28)? as usize;
        let mut starts = Vec::with_capacity(n.min(1 << 22));
        let mut cells = Vec::new();
        let mut key = 0u64;
        for _ in 0..n {
            key = key.saturating_add(r.uint()?);
            if key == 0 || key > u64::from(u32::MAX) {
                return Err(ModelError::Corrupt("feature key out of order".into()));
            }
            let len = r.uint_max(n_classes as u64)? as usize;
            starts.push((key as u32, cells.len() as u32));
            cells.push((len as u16, 0));
            let mut class = 0u64;
            for _ in 0..len {
                class = class.saturating_add(r.uint()?);
                if class >= n_classes as u64 {
                    return Err(ModelError::Corrupt("class out of range".into()));
                }
                let w = r.int()?;
                let w = i16::try_from(w).map_err(|_| ModelError::Corrupt("weight out of range".into()))?;
                cells.push((class as u16, w));
            }
        }
        Ok(Linear::from_cells(n_classes, &starts, cells))
    }
}

/// An empty vector with room for `n` values, in memory the kernel is asked
/// to back with huge pages before anything is written to it (see
/// [`advise_huge_pages`]).
fn huge_vec<T>(n: usize) -> Vec<T> {
    let v = Vec::with_capacity(n);
    advise_huge_pages(v.as_ptr(), n * std::mem::size_of::<T>());
    v
}

/// Asks Linux to back the 2 MiB-aligned part of `bytes` bytes at `p` with
/// huge pages (a hint only, as `madvise` changes no contents). A model's
/// tables are read at random; with 4 kB pages nearly every lookup also misses
/// the TLB.
#[allow(unused_variables)]
fn advise_huge_pages<T>(p: *const T, bytes: usize) {
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let start = (p as usize).next_multiple_of(HUGE);
        let end = (p as usize + bytes) / HUGE * HUGE;
        if end > start {
            // SAFETY: the range lies inside an allocation of ours, and
            // MADV_HUGEPAGE only changes how it is backed, never its contents.
            unsafe {
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
            }
        }
    }
}

/// Asks the processor to start loading `p` into the cache (a hint only).
#[inline(always)]
fn prefetch<T>(p: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint that never faults, and `p` is a valid reference.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const T as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

#[inline]
fn slot_of(key: u32, mask: usize) -> usize {
    ((u64::from(key).wrapping_mul(0x9e37_79b9_7f4a_7c15)) >> 32) as usize & mask
}

/// A small seeded random number generator (SplitMix64) for shuffling.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x2545_f491_4f6c_dd1d)
    }

    /// The next random number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        crate::hash::finish(self.0)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Shuffles `v` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// The index of the highest score; ties go to the lowest index.
#[inline]
pub fn argmax<T: PartialOrd + Copy>(scores: &[T]) -> usize {
    let mut best = 0;
    for i in 1..scores.len() {
        if scores[i] > scores[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        let mut t = Trainer::new(3);
        let data = [(vec![1u64, 10], 0usize), (vec![2, 10], 1), (vec![3, 10], 2)];
        let mut scores = vec![0i64; 3];
        for _ in 0..5 {
            for (f, y) in &data {
                t.score(f, &mut scores);
                let guess = argmax(&scores);
                t.update(f, *y, guess);
                t.tick();
            }
        }
        let lin = t.compile(0);
        let mut s = vec![0i32; 3];
        for (f, y) in &data {
            lin.score(f, &mut s);
            assert_eq!(argmax(&s), *y);
        }
        let mut w = ByteWriter::default();
        lin.write(&mut w);
        let bytes = w.finish(b'Z');
        let back = Linear::read(&mut ByteReader::open(&bytes, b'Z').unwrap()).unwrap();
        let mut s2 = vec![0i32; 3];
        for (f, _) in &data {
            lin.score(f, &mut s);
            back.score(f, &mut s2);
            assert_eq!(s, s2);
        }
    }

    #[test]
    fn the_average_of_models_scores_their_mean() {
        let model = |rows: Vec<(u32, Vec<(u16, i16)>)>| Linear::from_rows(3, rows);
        let a = model(vec![(7, vec![(0, 100), (2, -40)]), (9, vec![(1, 30)])]);
        let b = model(vec![(7, vec![(0, 50), (1, 20)]), (11, vec![(2, 8)])]);
        let same = Linear::average(&[&a, &a], 0).unwrap();
        let mean = Linear::average(&[&a, &b], 0).unwrap();
        let (mut x, mut y) = (vec![0i32; 3], vec![0i32; 3]);
        let feats = |keys: &[u32]| -> Vec<u64> { keys.iter().map(|&k| u64::from(k)).collect() };
        for keys in [&[7u32][..], &[9], &[11], &[7, 9, 11]] {
            a.score(&feats(keys), &mut x);
            same.score(&feats(keys), &mut y);
            assert_eq!(x, y, "{keys:?}");
        }
        mean.score(&feats(&[7, 9, 11]), &mut y);
        assert_eq!(y, vec![75, 25, -16]);
        // Pruning drops the features whose mean weights are all small.
        let pruned = Linear::average(&[&a, &b], 20).unwrap();
        assert_eq!(pruned.n_features(), 1);
        assert!(Linear::average(&[], 0).is_none());
        assert!(Linear::average(&[&a, &Linear::from_rows(4, Vec::new())], 0).is_none());
    }
}
