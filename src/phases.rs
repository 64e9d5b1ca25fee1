//! Where one dry run's time goes, phase by phase, for `scripts/profile --phases`.
//!
//! With the `phase-marks` cargo feature (a build of its own; never a release, and nothing in the
//! environment turns it on), [`mark`] records the time since the last mark under the name of the
//! phase that just ended, and [`report`] prints the phases to stderr when the run ends. Without
//! the feature both are empty and compile to nothing. Marks are taken on the main thread only:
//! a phase that uses both cores counts once, at its wall time.

#[cfg(feature = "phase-marks")]
mod marks {
    use std::sync::Mutex;
    use std::time::{Duration, Instant};

    type Marks = (Option<Instant>, Vec<(&'static str, Duration)>);
    static MARKS: Mutex<Marks> = Mutex::new((None, Vec::new()));

    pub fn mark(phase: &'static str) {
        let now = Instant::now();
        let Ok(mut m) = MARKS.lock() else { return };
        if let Some(last) = m.0 {
            m.1.push((phase, now - last));
        }
        m.0 = Some(now);
    }

    pub fn report() {
        let Ok(m) = MARKS.lock() else { return };
        let total: Duration = m.1.iter().map(|(_, d)| *d).sum();
        for (phase, d) in &m.1 {
            eprintln!("phase {phase:<16} {:9.3} ms", d.as_secs_f64() * 1e3);
        }
        eprintln!("phase {:<16} {:9.3} ms", "total", total.as_secs_f64() * 1e3);
    }
}

/// Ends the phase named `phase` (the first call only starts the clock).
#[inline(always)]
pub fn mark(phase: &'static str) {
    #[cfg(feature = "phase-marks")]
    marks::mark(phase);
    #[cfg(not(feature = "phase-marks"))]
    let _ = phase;
}

/// Prints the phases to stderr.
#[inline(always)]
pub fn report() {
    #[cfg(feature = "phase-marks")]
    marks::report();
}
