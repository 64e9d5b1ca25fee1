//! Where one dry run's time goes, phase by phase, for `scripts/profile --phases`.
//!
//! With the `phase-marks` cargo feature (a build of its own; never a release, and nothing in the
//! environment turns it on), [`mark`] records the time since the last mark under the name of the
//! phase that just ended, and on Linux the CPU time the tool's threads had in it (each thread's
//! own clock: how many cores the phase kept busy), [`at`] records when a moment on any thread
//! came (when the second thread finished its work: how long the second core waited), [`count`]
//! records a number worth knowing beside them (how much of the read-back was read ahead),
//! [`block_used`] keeps the most of its block any chunk took from a
//! [`crate::arena::ChunkArena`], [`crate_read`] adds up the time the `configparser` crate's
//! reading takes on every thread, and [`report`] prints them to stderr when the run ends. Without the feature they are empty and compile to nothing. Marks
//! are taken on the main thread only: a phase that uses both cores counts once, at its wall time.
//! On Linux each mark also records the process's resident memory, its peak so far and how much of
//! it is pages of files (`VmRSS`, `VmHWM` and `RssFile` of `/proc/self/status`, every thread's:
//! the program's and its libraries' code and constants, which the system shares with every other
//! process that maps them; the rest is the run's own data), read after the phase's time is taken
//! and before the next phase's starts, so that the reading is in neither; elsewhere there are
//! none.

#[cfg(feature = "phase-marks")]
mod marks {
    use std::io::{self, Write};
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Mutex, OnceLock};
    use std::time::{Duration, Instant};

    /// When the phase being timed started, on a clock of `T`s, and each phase's time.
    type Marks<T> = (Option<T>, Vec<(&'static str, Duration)>);
    static MARKS: Mutex<Marks<Instant>> = Mutex::new((None, Vec::new()));
    /// The threads' CPU time ([`cpu_time`]) when the phase being timed started, and each
    /// phase's, where the system gives it.
    static CPU: Mutex<Marks<Duration>> = Mutex::new((None, Vec::new()));
    static COUNTS: Mutex<Vec<(&'static str, usize)>> = Mutex::new(Vec::new());
    /// The first mark's time, from which [`at`] counts.
    static START: OnceLock<Instant> = OnceLock::new();
    static ATS: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());
    /// At each mark, the memory resident, the peak so far and the pages of files, in kB.
    static MEMORY: Mutex<Vec<(&'static str, Memory)>> = Mutex::new(Vec::new());

    #[derive(Clone, Copy)]
    struct Memory {
        resident_kb: u64,
        peak_kb: u64,
        /// Of `resident_kb`, pages mapped from files: the program and its libraries.
        file_kb: u64,
    }

    /// The process's memory now, where the system says (Linux).
    fn memory() -> Option<Memory> {
        #[cfg(target_os = "linux")]
        {
            let status = std::fs::read_to_string("/proc/self/status").ok()?;
            let kb = |key: &str| {
                let line = status.lines().find_map(|l| l.strip_prefix(key))?;
                line.trim().strip_suffix("kB")?.trim().parse().ok()
            };
            Some(Memory {
                resident_kb: kb("VmRSS:")?,
                peak_kb: kb("VmHWM:")?,
                file_kb: kb("RssFile:")?,
            })
        }
        #[cfg(not(target_os = "linux"))]
        None
    }

    /// The CPU clocks of the threads that take part (the main thread from its first mark, and
    /// every thread started through [`super::on_thread`]), and the CPU time of those that have
    /// ended. The process's own clock (`CLOCK_PROCESS_CPUTIME_ID`) would not do: Linux adds a
    /// thread running on another core to it only at that core's next tick or when the thread
    /// stops, so that a phase of a few milliseconds showed another phase's work. A thread's
    /// own clock, read from any thread, counts up to the moment it is read.
    #[cfg(target_os = "linux")]
    static CLOCKS: Mutex<(Duration, Vec<libc::clockid_t>)> =
        Mutex::new((Duration::ZERO, Vec::new()));

    /// This thread's CPU clock.
    #[cfg(target_os = "linux")]
    fn own_clock() -> Option<libc::clockid_t> {
        let mut clock: libc::clockid_t = 0;
        // SAFETY: `pthread_self` is a live thread (this one), and `clock` is a place to write to.
        let ok = unsafe { libc::pthread_getcpuclockid(libc::pthread_self(), &mut clock) } == 0;
        ok.then_some(clock)
    }

    #[cfg(target_os = "linux")]
    fn read_clock(clock: libc::clockid_t) -> Option<Duration> {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is a place to write to; a clock that is no more gives an error.
        let ok = unsafe { libc::clock_gettime(clock, &mut t) } == 0;
        ok.then(|| Duration::new(t.tv_sec as u64, t.tv_nsec as u32))
    }

    /// Counts this thread's CPU time from now on (once a thread).
    pub fn thread_starts() {
        #[cfg(target_os = "linux")]
        if let (Some(clock), Ok(mut clocks)) = (own_clock(), CLOCKS.lock())
            && !clocks.1.contains(&clock)
        {
            clocks.1.push(clock);
        }
    }

    /// Keeps the CPU time this thread had, which its clock no longer gives once it has ended.
    pub fn thread_ends() {
        #[cfg(target_os = "linux")]
        if let (Some(clock), Ok(mut clocks)) = (own_clock(), CLOCKS.lock())
            && let Some(at) = clocks.1.iter().position(|&c| c == clock)
        {
            clocks.1.swap_remove(at);
            clocks.0 += read_clock(clock).unwrap_or_default();
        }
    }

    /// The CPU time the threads counted have had so far, those that have ended included; `None`
    /// where the system does not say (every system but Linux).
    fn cpu_time() -> Option<Duration> {
        #[cfg(target_os = "linux")]
        {
            let clocks = CLOCKS.lock().ok()?;
            let live = clocks.1.iter().map(|&c| read_clock(c).unwrap_or_default());
            Some(clocks.0 + live.sum::<Duration>())
        }
        #[cfg(not(target_os = "linux"))]
        None
    }

    pub fn at(name: &'static str) {
        let Some(start) = START.get() else { return };
        let since = start.elapsed();
        if let Ok(mut a) = ATS.lock() {
            a.push((name, since));
        }
    }

    /// The crate's reading on every thread, in nanoseconds: an atomic, since [`crate_read`] runs
    /// inside a [`crate::arena::ChunkArena::run`], where nothing allocated may outlive the run.
    static CRATE_READ_NS: AtomicU64 = AtomicU64::new(0);

    pub fn crate_read<R>(f: impl FnOnce() -> R) -> R {
        let started = Instant::now();
        let r = f();
        let ns = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        CRATE_READ_NS.fetch_add(ns, Ordering::Relaxed);
        r
    }

    /// The most any run took of its thread's block, in bytes: an atomic, since it is set as a
    /// run ends, on any thread.
    static BLOCK_MOST: AtomicU64 = AtomicU64::new(0);

    pub fn block_used(bytes: usize) {
        BLOCK_MOST.fetch_max(bytes as u64, Ordering::Relaxed);
    }

    pub fn count(name: &'static str, n: usize) {
        if let Ok(mut c) = COUNTS.lock() {
            c.push((name, n));
        }
    }

    pub fn mark(phase: &'static str) {
        let now = Instant::now();
        if START.get().is_none() {
            thread_starts();
        }
        let cpu_now = cpu_time();
        START.get_or_init(|| now);
        let Ok(mut m) = MARKS.lock() else { return };
        let Ok(mut cpu) = CPU.lock() else { return };
        if let Some(last) = m.0 {
            m.1.push((phase, now - last));
        }
        if let (Some(last), Some(cpu_now)) = (cpu.0, cpu_now) {
            cpu.1.push((phase, cpu_now.saturating_sub(last)));
        }
        if let (Some(memory), Ok(mut all)) = (memory(), MEMORY.lock()) {
            all.push((phase, memory));
        }
        // The next phase starts after the memory is read: on this thread's clock, and on the
        // threads' CPU clocks, which another thread may still add to while it is read.
        cpu.0 = cpu_time();
        m.0 = Some(Instant::now());
    }

    pub fn report() {
        let _ = write_report(&mut io::stderr().lock());
    }

    /// One line a phase, in the order they ended, and their total; then, where the system
    /// gives it, the CPU time of every thread in each phase, and their total; then one a moment,
    /// in the order they came (ms since the first mark); then one a sum over threads; then one a
    /// count; then one a mark with the memory resident, the peak so far and the pages of files
    /// (kB), where known.
    fn write_report(out: &mut impl Write) -> io::Result<()> {
        // A line a phase and one for their total, the times in one column.
        let times = |out: &mut dyn Write, kind: &str, phases: &[(&str, Duration)]| {
            let total: Duration = phases.iter().map(|(_, d)| *d).sum();
            for (phase, d) in phases.iter().chain([&("total", total)]) {
                let name = format!("{kind} {phase}");
                writeln!(out, "{name:<22} {:9.3} ms", d.as_secs_f64() * 1e3)?;
            }
            io::Result::Ok(())
        };
        let Ok(m) = MARKS.lock() else { return Ok(()) };
        times(out, "phase", &m.1)?;
        let Ok(cpu) = CPU.lock() else { return Ok(()) };
        if !cpu.1.is_empty() {
            times(out, "cpu", &cpu.1)?;
        }
        let Ok(mut a) = ATS.lock() else { return Ok(()) };
        a.sort_by_key(|&(_, since)| since);
        for (name, since) in a.iter() {
            writeln!(out, "at {name:<19} {:9.3} ms", since.as_secs_f64() * 1e3)?;
        }
        let ms = CRATE_READ_NS.load(Ordering::Relaxed) as f64 / 1e6;
        writeln!(out, "summed {:<18} {ms:9.3} ms", "configparser-crate")?;
        let Ok(c) = COUNTS.lock() else { return Ok(()) };
        let most = BLOCK_MOST.load(Ordering::Relaxed) as usize;
        for (name, n) in c.iter().chain([&("chunk-block-bytes-most", most)]) {
            writeln!(out, "count {name:<24} {n}")?;
        }
        let Ok(all) = MEMORY.lock() else {
            return Ok(());
        };
        for (phase, m) in all.iter() {
            writeln!(
                out,
                "memory {phase:<16} {:9} {:9} {:9} kB",
                m.resident_kb, m.peak_kb, m.file_kb
            )?;
        }
        Ok(())
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn each_mark_ends_a_phase_and_the_report_adds_them_up() {
            super::mark("start");
            std::thread::sleep(std::time::Duration::from_millis(2));
            super::mark("first");
            // A phase that takes 2 ms of this thread's CPU and about as much of another's, started
            // as the tool starts its threads, which ends in it.
            let spin = || {
                #[cfg(target_os = "linux")]
                let clock = || super::read_clock(libc::CLOCK_THREAD_CPUTIME_ID).unwrap();
                #[cfg(not(target_os = "linux"))]
                let clock = std::time::Instant::now;
                let began = clock();
                while clock() - began < std::time::Duration::from_millis(2) {
                    std::hint::spin_loop();
                }
            };
            std::thread::scope(|s| {
                let other = crate::threads::spawn(s, spin);
                spin();
                other.map(crate::threads::join);
            });
            super::mark("busy");
            // A moment on another thread, counted from the first mark.
            std::thread::spawn(|| super::at("elsewhere"))
                .join()
                .unwrap();
            // A sum over threads: this one's and another's.
            let slept = || std::thread::sleep(std::time::Duration::from_millis(1));
            super::crate_read(slept);
            std::thread::spawn(move || super::crate_read(slept))
                .join()
                .unwrap();
            super::mark("second");
            super::count("things", 42);
            // The most of a block any run took, whichever thread: other tests' runs may take more.
            super::block_used(4096);
            std::thread::spawn(|| super::block_used(8192))
                .join()
                .unwrap();
            let mut out = Vec::new();
            super::write_report(&mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            // Moments follow the phases, counts the moments.
            let (phases, rest) =
                text.split_at(text.find("cpu ").unwrap_or(text.find("at ").unwrap()));
            let (cpu, rest) = rest.split_at(rest.find("at ").unwrap());
            let (moments, rest) = rest.split_at(rest.find("summed ").unwrap());
            // The CPU time of each phase, every thread's, and their total, where the system
            // gives it.
            if cfg!(target_os = "linux") {
                let lines: Vec<(&str, f64)> = (cpu.lines())
                    .map(|l| {
                        let f: Vec<&str> = l.split_whitespace().collect();
                        assert_eq!((f[0], f[3], f.len()), ("cpu", "ms", 4), "{l}");
                        (f[1], f[2].parse().unwrap())
                    })
                    .collect();
                let names: Vec<&str> = lines.iter().map(|l| l.0).collect();
                assert_eq!(names, ["first", "busy", "second", "total"]);
                // Both threads' 2 ms: the one started through `threads::spawn` counts too.
                assert!(lines[1].1 >= 4.0, "{cpu}");
                let sum: f64 = lines[..3].iter().map(|l| l.1).sum();
                assert!((lines[3].1 - sum).abs() < 0.01, "{cpu}");
            } else {
                assert!(cpu.is_empty(), "{cpu}");
            }
            let (sums, counts) = rest.split_at(rest.find("count ").unwrap());
            let sum: Vec<&str> = sums.split_whitespace().collect();
            assert_eq!(
                (sum[0], sum[1], sum.len()),
                ("summed", "configparser-crate", 4)
            );
            assert!(sum[2].parse::<f64>().unwrap() >= 2.0, "{sums}");
            let (counts, memory) = counts.split_at(counts.find("memory ").unwrap_or(counts.len()));
            assert!(
                counts
                    .lines()
                    .any(|l| l == format!("count {:<24} 42", "things"))
            );
            let most: usize = (counts.lines())
                .find_map(|l| l.strip_prefix("count chunk-block-bytes-most"))
                .expect("the block's most")
                .trim()
                .parse()
                .unwrap();
            assert!(most >= 8192, "{counts}");
            // A line a mark, the first included, where the system says: resident, the peak, then
            // the pages of files (the test binary's code at least), part of what is resident.
            if cfg!(target_os = "linux") {
                let marks: Vec<(&str, u64, u64, u64)> = memory
                    .lines()
                    .map(|l| {
                        let f: Vec<&str> = l.split_whitespace().collect();
                        assert_eq!((f[0], f[5], f.len()), ("memory", "kB", 6), "{l}");
                        let kb = |i: usize| f[i].parse().unwrap();
                        (f[1], kb(2), kb(3), kb(4))
                    })
                    .collect();
                let names: Vec<&str> = marks.iter().map(|m| m.0).collect();
                assert_eq!(names, ["start", "first", "busy", "second"]);
                for &(_, resident, peak, files) in &marks {
                    assert!(resident > 0 && peak >= resident, "{marks:?}");
                    assert!(files > 0 && files < resident, "{marks:?}");
                }
            } else {
                assert!(memory.is_empty(), "{memory}");
            }
            let moment: Vec<&str> = moments.split_whitespace().collect();
            assert_eq!((moment[0], moment[1], moment[3]), ("at", "elsewhere", "ms"));
            let since: f64 = moment[2].parse().unwrap();
            let lines: Vec<(String, f64)> = phases
                .lines()
                .map(|l| {
                    let f: Vec<&str> = l.split_whitespace().collect();
                    assert_eq!((f[0], f[3]), ("phase", "ms"), "{l}");
                    (f[1].to_string(), f[2].parse().unwrap())
                })
                .collect();
            let names: Vec<&str> = lines.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(names, ["first", "busy", "second", "total"]);
            assert!(lines[0].1 >= 2.0, "{lines:?}");
            // After the first two phases, before the end of the third.
            assert!(
                since >= lines[0].1 + lines[1].1 && since <= lines[3].1,
                "{since} {lines:?}"
            );
            assert!(
                (lines[3].1 - lines[0].1 - lines[1].1 - lines[2].1).abs() < 0.01,
                "{lines:?}"
            );
        }
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

/// `f`, for a thread to run: with the feature, the thread's CPU time counts in the phases
/// while it runs; without, `f` itself.
#[inline(always)]
pub fn on_thread<T>(f: impl FnOnce() -> T) -> impl FnOnce() -> T {
    #[cfg(feature = "phase-marks")]
    return move || {
        marks::thread_starts();
        let result = f();
        marks::thread_ends();
        result
    };
    #[cfg(not(feature = "phase-marks"))]
    f
}

/// Records that the moment `name` came, on whichever thread, as the time since the first
/// [`mark`] (nothing before that mark).
#[inline(always)]
pub fn at(name: &'static str) {
    #[cfg(feature = "phase-marks")]
    marks::at(name);
    #[cfg(not(feature = "phase-marks"))]
    let _ = name;
}

/// Runs `f`, the `configparser` crate's own reading (`Ini::read`) in the read-back or the
/// reading ahead, and with the feature adds its wall time to a sum over every thread: how much
/// of the run's CPU the independent reader takes. Allocates nothing, so it may run inside the
/// read-back's chunk arena.
#[inline(always)]
pub fn crate_read<R>(f: impl FnOnce() -> R) -> R {
    #[cfg(feature = "phase-marks")]
    return marks::crate_read(f);
    #[cfg(not(feature = "phase-marks"))]
    f()
}

/// Keeps `bytes` if it is the most of its block any run of a [`crate::arena::ChunkArena`] took so
/// far, on any thread: what the block's size has to allow for. Allocates nothing: it is called
/// as a run ends.
#[inline(always)]
pub fn block_used(bytes: usize) {
    #[cfg(feature = "phase-marks")]
    marks::block_used(bytes);
    #[cfg(not(feature = "phase-marks"))]
    let _ = bytes;
}

/// Records `n()` under `name` (not called without the feature).
#[inline(always)]
pub fn count(name: &'static str, n: impl FnOnce() -> usize) {
    #[cfg(feature = "phase-marks")]
    marks::count(name, n());
    #[cfg(not(feature = "phase-marks"))]
    let _ = (name, n);
}

/// Prints the phases to stderr.
#[inline(always)]
pub fn report() {
    #[cfg(feature = "phase-marks")]
    marks::report();
}
