//! How long a thread the tool starts waits before it runs, while the thread that started it
//! goes on working: what `scripts/profile --phases` shows as a phase of two halves keeping
//! fewer than two cores busy. For each pause before the start (the second core left idle that
//! long, or kept busy) and each amount of work a half, 31 rounds: the medians of when the new
//! thread began, from the start, and of how long both halves took.
//!
//!   bench/target/release/spawn-latency
//!
//! Where both halves run side by side, the new thread begins within a few tens of
//! microseconds and both take about one half's time; where it waits for the first to finish
//! (or for the system to move it), both take about twice that.
//!
//! Each case is timed twice: with the thread started as it is, and started as the tool starts
//! its threads on Linux (`src/threads.rs`: the new thread, on its starter's core, moves to
//! another it may run on and then may run on every core again; the starter yields its core for
//! a moment after the start). The second is a copy of the tool's steps, since this crate does
//! not build the tool.

use std::time::{Duration, Instant};

/// Busy for `d`, on this thread.
fn spin(d: Duration) {
    let began = Instant::now();
    while began.elapsed() < d {
        std::hint::spin_loop();
    }
}

/// As `src/threads.rs` does on Linux: where this thread runs on `starter`, moves it to another
/// core it may run on, then lets it run on every core it could before.
#[cfg(target_os = "linux")]
fn leave(starter: libc::c_int) {
    use std::mem::{size_of, zeroed};
    // SAFETY: a `cpu_set_t` is plain bits, and every call is given its size and a set that
    // lives through the call.
    unsafe {
        if libc::sched_getcpu() != starter || starter < 0 {
            return;
        }
        let mut allowed: libc::cpu_set_t = zeroed();
        if libc::sched_getaffinity(0, size_of::<libc::cpu_set_t>(), &mut allowed) != 0 {
            return;
        }
        let mut elsewhere = allowed;
        libc::CPU_CLR(starter as usize, &mut elsewhere);
        if libc::CPU_COUNT(&elsewhere) > 0
            && libc::sched_setaffinity(0, size_of::<libc::cpu_set_t>(), &elsewhere) == 0
        {
            libc::sched_setaffinity(0, size_of::<libc::cpu_set_t>(), &allowed);
        }
    }
}

/// Runs `work` on this thread and on a new one started at `start`, and gives when the new one
/// began; `moved` starts it as the tool does.
fn halves(start: Instant, work: Duration, moved: bool) -> Duration {
    #[cfg(not(target_os = "linux"))]
    let _ = moved;
    #[cfg(target_os = "linux")]
    // SAFETY: no arguments.
    let starter = unsafe { libc::sched_getcpu() };
    std::thread::scope(|s| {
        let other = s.spawn(move || {
            #[cfg(target_os = "linux")]
            if moved {
                leave(starter);
            }
            let b = start.elapsed();
            spin(work);
            b
        });
        #[cfg(target_os = "linux")]
        if moved {
            // SAFETY: no arguments.
            unsafe { libc::sched_yield() };
        }
        spin(work);
        other.join().expect("the spinning thread does not panic")
    })
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let us = Duration::from_micros;
    println!(
        "how started  idle before  work a half  new thread began after  both halves took  (medians of 31)"
    );
    let ways: &[bool] = if cfg!(target_os = "linux") {
        &[false, true]
    } else {
        &[false]
    };
    for &moved in ways {
        for idle in [Duration::ZERO, Duration::from_millis(10)] {
            for work in [us(500), us(2_000), us(5_000), us(10_000)] {
                let (mut began, mut took) = (Vec::new(), Vec::new());
                for _ in 0..31 {
                    std::thread::sleep(idle);
                    // This thread busy a while first, as the tool is when it splits its work.
                    spin(us(200));
                    let start = Instant::now();
                    let b = halves(start, work, moved);
                    took.push(start.elapsed());
                    began.push(b);
                }
                println!(
                    "{:>11}  {:>8.1} ms  {:>8.1} ms  {:>18.3} ms  {:>13.3} ms",
                    if moved { "moved" } else { "as it is" },
                    idle.as_secs_f64() * 1e3,
                    work.as_secs_f64() * 1e3,
                    median(began).as_secs_f64() * 1e3,
                    median(took).as_secs_f64() * 1e3,
                );
            }
        }
    }
}
