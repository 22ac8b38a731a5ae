//! A small deterministic random generator for property-style tests (no dependencies, so
//! every run checks the same thousands of cases and a failure can be replayed).

/// xorshift64*.
pub struct Random(u64);

impl Random {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Random(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next raw value.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A value in `0..n` (n > 0).
    pub fn below(&mut self, n: i64) -> i64 {
        (self.next() % n.max(1) as u64) as i64
    }

    /// `n` positive shares summing to exactly 10000 bp.
    pub fn shares(&mut self, n: usize) -> Vec<i64> {
        let n = n.clamp(1, 10_000);
        let mut cuts: Vec<i64> = Vec::new();
        while cuts.len() < n - 1 {
            let c = 1 + self.below(9_999);
            if !cuts.contains(&c) {
                cuts.push(c);
            }
        }
        cuts.sort_unstable();
        let mut out = Vec::with_capacity(n);
        let mut last = 0;
        for c in cuts {
            out.push(c - last);
            last = c;
        }
        out.push(10_000 - last);
        out
    }

    /// Shuffles in place.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as i64 + 1) as usize;
            items.swap(i, j);
        }
    }
}
