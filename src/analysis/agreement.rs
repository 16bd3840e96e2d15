//! Inter-coder agreement statistics, as pure arithmetic on counts (no SQL, no
//! text): percent agreement, Cohen's κ for a pair of coders, and
//! Krippendorff's α for nominal data in its general coincidence-matrix form
//! (any number of coders and values, missing values allowed), following
//! Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011).
//!
//! `thema agreement` reduces each code (or theme) to *presence patterns*: for
//! every unit of text, the set of coders who applied the code there. Units
//! with the same pattern are interchangeable for every statistic here, so
//! [`Patterns`] keeps only how many units had each pattern; that is what makes
//! agreement over millions of character units cheap. A statistic that is
//! undefined (no units, no variation) is `None`, never NaN.

use std::collections::{BTreeMap, HashMap};

/// A coincidence matrix over the nominal values `0..values`: `o[c][k]` is the
/// number of pairable (c, k) value pairs within units, each unit's pairs
/// weighted by 1 / (m_u − 1) where m_u is the number of values in the unit.
#[derive(Debug, Clone)]
pub struct Coincidences {
    values: usize,
    o: Vec<f64>,
}

impl Coincidences {
    pub fn new(values: usize) -> Self {
        Coincidences {
            values,
            o: vec![0.0; values * values],
        }
    }

    /// Add `weight` identical units in which `counts[v]` coders assigned
    /// value `v` (coders who did not code the unit are simply not counted).
    /// A unit with fewer than two values has no pairs and adds nothing.
    pub fn add_unit(&mut self, counts: &[u64], weight: f64) {
        debug_assert_eq!(counts.len(), self.values);
        let m_u: u64 = counts.iter().sum();
        if m_u < 2 || weight == 0.0 {
            return;
        }
        let scale = weight / (m_u - 1) as f64;
        for (c, &nc) in counts.iter().enumerate() {
            if nc == 0 {
                continue;
            }
            for (k, &nk) in counts.iter().enumerate() {
                // Ordered pairs of distinct coders: n_c · n_k, or n_c · (n_c − 1)
                // when both values are the same.
                let pairs = if c == k { nc * (nc - 1) } else { nc * nk };
                self.o[c * self.values + k] += pairs as f64 * scale;
            }
        }
    }

    pub fn get(&self, c: usize, k: usize) -> f64 {
        self.o[c * self.values + k]
    }

    /// α = 1 − D_o / D_e with the nominal difference (0 if equal, else 1):
    /// α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c · n_k.
    /// `None` when there are no pairable values or no variation (D_e = 0).
    pub fn alpha_nominal(&self) -> Option<f64> {
        let v = self.values;
        let n_c: Vec<f64> = (0..v)
            .map(|c| (0..v).map(|k| self.get(c, k)).sum())
            .collect();
        let n: f64 = n_c.iter().sum();
        let mut observed = 0.0;
        let mut expected = 0.0;
        for c in 0..v {
            for k in 0..v {
                if c != k {
                    observed += self.get(c, k);
                    expected += n_c[c] * n_c[k];
                }
            }
        }
        // Expected disagreement is a sum of non-negative products; it is zero
        // exactly when all pairable values are the same (or there are none).
        if n < 2.0 || expected <= 0.0 {
            return None;
        }
        Some(1.0 - (n - 1.0) * observed / expected)
    }
}

/// Krippendorff's α (nominal) for a reliability data matrix as printed in the
/// literature: `data[coder][unit]`, `None` where a coder did not code a unit.
/// Values are arbitrary labels; only equality matters.
pub fn alpha_nominal(data: &[Vec<Option<u32>>]) -> Option<f64> {
    let mut labels: Vec<u32> = data.iter().flatten().flatten().copied().collect();
    labels.sort_unstable();
    labels.dedup();
    let index: HashMap<u32, usize> = labels.iter().enumerate().map(|(i, v)| (*v, i)).collect();
    let units = data.iter().map(Vec::len).max().unwrap_or(0);
    let mut m = Coincidences::new(labels.len());
    let mut counts = vec![0u64; labels.len()];
    for u in 0..units {
        counts.iter_mut().for_each(|c| *c = 0);
        for coder in data {
            if let Some(Some(v)) = coder.get(u) {
                counts[index[v]] += 1;
            }
        }
        m.add_unit(&counts, 1.0);
    }
    m.alpha_nominal()
}

/// Two coders' binary decisions over the same units, as a 2×2 table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Binary2x2 {
    /// Both coders applied the code.
    pub both: u64,
    pub only_a: u64,
    pub only_b: u64,
    /// Neither applied it.
    pub neither: u64,
}

impl Binary2x2 {
    pub fn units(&self) -> u64 {
        self.both + self.only_a + self.only_b + self.neither
    }

    /// Share of units on which the two agree; `None` without units.
    pub fn agreement(&self) -> Option<f64> {
        let n = self.units();
        (n > 0).then(|| (self.both + self.neither) as f64 / n as f64)
    }

    /// Cohen's κ = (p_o − p_e) / (1 − p_e), with p_e from each coder's own
    /// marginals. Computed on integer counts, scaled by N², so "undefined"
    /// (p_e = 1: both coders gave one and the same value everywhere) is an
    /// exact test rather than a floating-point accident.
    pub fn kappa(&self) -> Option<f64> {
        let n = self.units() as u128;
        let a1 = (self.both + self.only_a) as u128;
        let b1 = (self.both + self.only_b) as u128;
        let chance = a1 * b1 + (n - a1) * (n - b1); // p_e · N²
        let observed = n * (self.both + self.neither) as u128; // p_o · N²
        let denominator = n * n - chance;
        if n == 0 || denominator == 0 {
            return None;
        }
        Some((observed as f64 - chance as f64) / denominator as f64)
    }
}

/// How many units had each presence pattern (bit i set: coder i applied the
/// code there), for up to 64 coders. Units no coder marked are implicit:
/// `units` minus the marked ones. Patterns are kept in order, so the
/// floating-point sums of α add up in the same order on every run and a
/// figure never changes in its last digit between two runs.
#[derive(Debug, Clone, Default)]
pub struct Patterns {
    coders: usize,
    units: u64,
    marked: BTreeMap<u64, u64>,
}

impl Patterns {
    pub fn new(coders: usize) -> Self {
        assert!(coders <= 64, "at most 64 coders");
        Patterns {
            coders,
            units: 0,
            marked: BTreeMap::new(),
        }
    }

    /// Count `n` more units in which no coder applied the code.
    pub fn add_unmarked(&mut self, n: u64) {
        self.units += n;
    }

    /// Count `n` more units with presence pattern `mask`.
    pub fn add(&mut self, mask: u64, n: u64) {
        if n == 0 {
            return;
        }
        self.units += n;
        if mask != 0 {
            *self.marked.entry(mask).or_insert(0) += n;
        }
    }

    pub fn units(&self) -> u64 {
        self.units
    }

    fn full(&self) -> u64 {
        if self.coders == 64 {
            u64::MAX
        } else {
            (1u64 << self.coders) - 1
        }
    }

    /// Share of units on which all coders agree (all applied the code, or
    /// none did); `None` without units.
    pub fn agreement(&self) -> Option<f64> {
        if self.units == 0 {
            return None;
        }
        let full = self.full();
        let split: u64 = self
            .marked
            .iter()
            .filter(|(m, _)| **m != full)
            .map(|(_, n)| n)
            .sum();
        Some((self.units - split) as f64 / self.units as f64)
    }

    /// Krippendorff's α, nominal, on binary presence; every coder has a value
    /// for every unit.
    pub fn alpha(&self) -> Option<f64> {
        let mut m = Coincidences::new(2);
        let unmarked: u64 = self.units - self.marked.values().sum::<u64>();
        m.add_unit(&[self.coders as u64, 0], unmarked as f64);
        for (&mask, &n) in &self.marked {
            let present = u64::from(mask.count_ones());
            m.add_unit(&[self.coders as u64 - present, present], n as f64);
        }
        m.alpha_nominal()
    }

    /// The 2×2 table of coders `a` and `b`.
    pub fn pair(&self, a: usize, b: usize) -> Binary2x2 {
        let mut t = Binary2x2::default();
        for (&mask, &n) in &self.marked {
            match (mask >> a & 1 == 1, mask >> b & 1 == 1) {
                (true, true) => t.both += n,
                (true, false) => t.only_a += n,
                (false, true) => t.only_b += n,
                (false, false) => t.neither += n,
            }
        }
        t.neither += self.units - self.marked.values().sum::<u64>();
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: Option<f64>, want: f64, tol: f64) {
        let got = got.expect("defined");
        assert!((got - want).abs() < tol, "got {got}, want {want}");
    }

    /// Krippendorff (2011), section C: four observers, twelve units, values
    /// 1–5, with missing values ("·"). Published: nominal α = 0.743.
    /// Unit 12 has a single value and is not pairable.
    #[test]
    fn krippendorff_2011_nominal_with_missing_values() {
        let n = None;
        let s = Some;
        let data = vec![
            vec![
                s(1),
                s(2),
                s(3),
                s(3),
                s(2),
                s(1),
                s(4),
                s(1),
                s(2),
                n,
                n,
                n,
            ],
            vec![
                s(1),
                s(2),
                s(3),
                s(3),
                s(2),
                s(2),
                s(4),
                s(1),
                s(2),
                s(5),
                n,
                s(3),
            ],
            vec![
                n,
                s(3),
                s(3),
                s(3),
                s(2),
                s(3),
                s(4),
                s(2),
                s(2),
                s(5),
                s(1),
                n,
            ],
            vec![
                s(1),
                s(2),
                s(3),
                s(3),
                s(2),
                s(4),
                s(4),
                s(1),
                s(2),
                s(5),
                s(1),
                n,
            ],
        ];
        close(alpha_nominal(&data), 0.743, 0.0005);
        // The paper's coincidence matrix, row "1": o11 = 7, o12 = 4/3, o13 = 1/3,
        // o14 = 1/3 (n_1 = 9); total n = 40 pairable values.
        let mut m = Coincidences::new(5);
        for u in 0..12 {
            let mut counts = [0u64; 5];
            for coder in &data {
                if let Some(v) = coder[u] {
                    counts[v as usize - 1] += 1;
                }
            }
            m.add_unit(&counts, 1.0);
        }
        assert!((m.get(0, 0) - 7.0).abs() < 1e-12);
        assert!((m.get(0, 1) - 4.0 / 3.0).abs() < 1e-12);
        assert!((m.get(0, 2) - 1.0 / 3.0).abs() < 1e-12);
        let n_1: f64 = (0..5).map(|k| m.get(0, k)).sum();
        assert!((n_1 - 9.0).abs() < 1e-12);
    }

    /// Krippendorff (2011), section A: binary data, two observers, ten units.
    /// A: 0 1 0 0 0 0 0 0 1 0 / B: 1 1 1 0 0 1 0 0 0 0. Published α = 0.095.
    /// By hand: n = 20 values, n_0 = 14, n_1 = 6; units 1, 3, 6, 9 disagree, so
    /// o_01 = 4; α = 1 − (n − 1) · o_01 / (n_0 · n_1) = 1 − 19 · 4 / 84 = 0.0952.
    #[test]
    fn krippendorff_2011_binary_two_observers() {
        let a: [u32; 10] = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
        let b: [u32; 10] = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
        let data: Vec<Vec<Option<u32>>> = [a, b]
            .iter()
            .map(|r| r.iter().map(|&v| Some(v)).collect())
            .collect();
        close(alpha_nominal(&data), 1.0 - 76.0 / 84.0, 1e-12);
        close(alpha_nominal(&data), 0.095, 0.0005);
        // The same through presence patterns (A = coder 0, B = coder 1).
        let mut p = Patterns::new(2);
        for (x, y) in a.iter().zip(&b) {
            p.add(u64::from(x | (y << 1)), 1);
        }
        close(p.alpha(), 1.0 - 76.0 / 84.0, 1e-12);
        close(p.agreement(), 0.6, 1e-12);
    }

    /// Wikipedia's worked example of α: three coders, fifteen units, nominal
    /// α = 0.691.
    #[test]
    fn wikipedia_three_coders_nominal() {
        let parse = |s: &str| -> Vec<Option<u32>> {
            s.split_whitespace().map(|v| v.parse().ok()).collect()
        };
        let data = vec![
            parse("* * * * * 3 4 1 2 1 1 3 3 * 3"),
            parse("1 * 2 1 3 3 4 3 * * * * * * *"),
            parse("* * 2 1 3 4 4 * 2 1 1 3 3 * 4"),
        ];
        close(alpha_nominal(&data), 0.691, 0.0005);
    }

    /// Cohen's κ, Wikipedia's examples. 50 proposals: both yes 20, A yes B no 5,
    /// A no B yes 10, both no 15: p_o = 35/50 = 0.7; A says yes 25/50 = 0.5,
    /// B 30/50 = 0.6; p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = 0.2/0.5 = 0.4.
    /// 100 units 45/15/25/15: p_o = 0.6, p_e = 0.6·0.7 + 0.4·0.3 = 0.54,
    /// κ = 0.06/0.46 = 0.1304. 25/35/5/35: p_o = 0.6, p_e = 0.6·0.3 + 0.4·0.7
    /// = 0.46, κ = 0.14/0.54 = 0.2593.
    #[test]
    fn cohens_kappa_textbook() {
        let t = |both, only_a, only_b, neither| Binary2x2 {
            both,
            only_a,
            only_b,
            neither,
        };
        close(t(20, 5, 10, 15).kappa(), 0.4, 1e-12);
        close(t(20, 5, 10, 15).agreement(), 0.7, 1e-12);
        close(t(45, 15, 25, 15).kappa(), 0.06 / 0.46, 1e-12);
        close(t(25, 35, 5, 35).kappa(), 0.14 / 0.54, 1e-12);
    }

    #[test]
    fn undefined_statistics_are_none() {
        // No units at all.
        let p = Patterns::new(2);
        assert_eq!(p.agreement(), None);
        assert_eq!(p.alpha(), None);
        assert_eq!(p.pair(0, 1).kappa(), None);
        assert_eq!(p.pair(0, 1).agreement(), None);
        // Perfect agreement without variation: everyone applied the code
        // everywhere, or nobody anywhere. Agreement 1, α and κ undefined.
        for mask in [0b11, 0] {
            let mut p = Patterns::new(2);
            p.add(mask, 10);
            assert_eq!(p.agreement(), Some(1.0));
            assert_eq!(p.alpha(), None);
            assert_eq!(p.pair(0, 1).kappa(), None);
            assert_eq!(p.pair(0, 1).agreement(), Some(1.0));
        }
        // One coder alone has nothing to pair.
        let mut p = Patterns::new(1);
        p.add(1, 3);
        p.add_unmarked(2);
        assert_eq!(p.alpha(), None);
    }

    /// Three coders, five units (by hand). Patterns: unit 1 all three, unit 2
    /// A and B, unit 3 only C, units 4–5 nobody.
    /// Agreement (all coders): units 1, 4, 5 → 3/5 = 0.6.
    /// α: values per unit (present, absent): (3,0) (2,1) (1,2) (0,3) (0,3);
    /// m = 3, so each unit's pairs count 1/2. o_01 (absent–present, one
    /// direction) = (2·1 + 1·2)/2 = 2; n_1 = 3 + 2 + 1 = 6, n_0 = 15 − 6 = 9,
    /// n = 15. α = 1 − 14 · 2 / (9 · 6) = 1 − 28/54 = 0.48148.
    /// Pair A–B: units 1, 2 both; 3, 4, 5 neither → agreement 1, κ 1.
    /// Pair A–C: both on 1; A only on 2; C only on 3; neither on 4, 5:
    /// p_o = 3/5; p_e = (2/5)(2/5) + (3/5)(3/5) = 13/25; κ = (15/25 − 13/25) /
    /// (12/25) = 2/12 = 0.16667.
    #[test]
    fn three_coders_by_hand() {
        let mut p = Patterns::new(3);
        p.add(0b111, 1);
        p.add(0b011, 1);
        p.add(0b100, 1);
        p.add_unmarked(2);
        assert_eq!(p.units(), 5);
        close(p.agreement(), 0.6, 1e-12);
        close(p.alpha(), 1.0 - 28.0 / 54.0, 1e-12);
        close(p.pair(0, 1).kappa(), 1.0, 1e-12);
        close(p.pair(0, 1).agreement(), 1.0, 1e-12);
        close(p.pair(0, 2).kappa(), 2.0 / 12.0, 1e-12);
        close(p.pair(0, 2).agreement(), 0.6, 1e-12);
        // The same data as a reliability matrix gives the same α.
        let data = vec![
            vec![Some(1), Some(1), Some(0), Some(0), Some(0)],
            vec![Some(1), Some(1), Some(0), Some(0), Some(0)],
            vec![Some(1), Some(0), Some(1), Some(0), Some(0)],
        ];
        close(alpha_nominal(&data), 1.0 - 28.0 / 54.0, 1e-12);
    }
}
