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

use std::time::{Duration, Instant};

/// Busy for `d`, on this thread.
fn spin(d: Duration) {
    let began = Instant::now();
    while began.elapsed() < d {
        std::hint::spin_loop();
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let us = Duration::from_micros;
    println!("idle before  work a half  new thread began after  both halves took  (medians of 31)");
    for idle in [Duration::ZERO, Duration::from_millis(10)] {
        for work in [us(500), us(2_000), us(5_000), us(10_000)] {
            let (mut began, mut took) = (Vec::new(), Vec::new());
            for _ in 0..31 {
                std::thread::sleep(idle);
                // This thread busy a while first, as the tool is when it splits its work.
                spin(us(200));
                let start = Instant::now();
                let b = std::thread::scope(|s| {
                    let other = s.spawn(|| {
                        let b = start.elapsed();
                        spin(work);
                        b
                    });
                    spin(work);
                    other.join().expect("the spinning thread does not panic")
                });
                took.push(start.elapsed());
                began.push(b);
            }
            println!(
                "{:>8.1} ms  {:>8.1} ms  {:>18.3} ms  {:>13.3} ms",
                idle.as_secs_f64() * 1e3,
                work.as_secs_f64() * 1e3,
                median(began).as_secs_f64() * 1e3,
                median(took).as_secs_f64() * 1e3,
            );
        }
    }
}
