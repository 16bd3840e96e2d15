//! Helpers for unit tests: complexity checks by CPU time. A path that was
//! once quadratic is tested by running it at n and 10 n and comparing the
//! work, never against a wall-clock limit: a busy machine (six engineers on
//! two cores) must not fail a test, and a generous limit must not hide a
//! slow path.

/// CPU time of this thread, in seconds.
pub(crate) fn thread_cpu() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid clock id and a valid pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
}

/// The least CPU time of three runs of `f` (the least is the work; the
/// rest is interference).
pub(crate) fn cpu_of(mut f: impl FnMut()) -> f64 {
    (0..3)
        .map(|_| {
            let start = thread_cpu();
            f();
            thread_cpu() - start
        })
        .fold(f64::INFINITY, f64::min)
}

/// Fails unless `f(10 n)` costs at most 25× `f(n)`: linear work grows about
/// 10×, quadratic 100×. The small run counts as at least 2 ms so that timer
/// resolution does not decide.
pub(crate) fn assert_linear(what: &str, n: usize, mut f: impl FnMut(usize)) {
    let small = cpu_of(|| f(n)).max(0.002);
    let big = cpu_of(|| f(10 * n));
    assert!(
        big <= 25.0 * small,
        "{what}: {n} took {small:.4} s CPU, {} took {big:.4} s: {:.0}× for 10× the input",
        10 * n,
        big / small
    );
}
