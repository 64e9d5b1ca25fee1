//! A second thread where the system gives one, and the same work on this one where it does not.
//!
//! A large file is read on two threads, and the read-back takes two. The standard library's
//! `Scope::spawn` panics when the system refuses a thread, which a limit on processes
//! (`RLIMIT_NPROC`, which counts threads, for an unprivileged user) or a container's pids limit
//! does: the tool then stopped with exit 101 on any file large enough to read on two threads.
//! Every split here is one whose halves can run in either order, so a refused thread costs time,
//! never a result.
//!
//! Work started in the background (the `configparser` crate's reading ahead of the original)
//! gives way to a split ([`give_way`]): while both halves of a split run, the background
//! thread waits, so that the split's second half has a core to itself instead of sharing one
//! while the first half's thread, done, waits for it.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{JoinHandle, Scope, ScopedJoinHandle};

/// Starts `f` on a new thread of `scope`, or gives `None` where the system gives no thread: the
/// caller does the work itself, or goes without it.
pub fn spawn<'scope, T: Send + 'scope>(
    scope: &'scope Scope<'scope, '_>,
    f: impl FnOnce() -> T + Send + 'scope,
) -> Option<ScopedJoinHandle<'scope, T>> {
    let handle = (std::thread::Builder::new())
        .spawn_scoped(scope, leaving_here(crate::phases::on_thread(f)))
        .ok()?;
    make_way();
    Some(handle)
}

/// [`spawn`] for a thread of its own named `name`, which may outlive its caller (stdout's
/// writer, `crate::relay`).
pub fn spawn_named<T: Send + 'static>(
    name: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> Option<JoinHandle<T>> {
    let handle = (std::thread::Builder::new().name(name.into()))
        .spawn(leaving_here(crate::phases::on_thread(f)))
        .ok()?;
    make_way();
    Some(handle)
}

/// `f`, made to start on another core than this thread's where the system lets it choose:
/// for a thread about to be started from this one, which calls [`make_way`] once it has.
///
/// On Linux a new thread may be queued on the core of the thread that started it, which goes
/// on working, until the system moves it; on a virtual machine that packs its threads onto
/// fewer cores (this is what `bench/target/release/spawn-latency` measures) that took up to 4.5
/// ms, while the second core was idle. Here the new thread, where it finds itself on its
/// starter's core, asks for any other core it may run on (which moves it at once), then for
/// every core it could run on before, so that it is not kept from any later. Elsewhere, and
/// where the system refuses, the thread starts where the system puts it.
fn leaving_here<T>(f: impl FnOnce() -> T) -> impl FnOnce() -> T {
    let starter = placement::core();
    move || {
        placement::leave(starter);
        f()
    }
}

/// Lets a thread just started with [`leaving_here`] run, if it waits for this thread's core:
/// it moves to another at once, and this one goes on.
fn make_way() {
    placement::yield_core();
}

/// Where a new thread starts: Linux's scheduling calls (not under Miri, which cannot make
/// them); elsewhere nothing, and a thread starts where the system puts it.
#[cfg(all(target_os = "linux", not(miri)))]
mod placement {
    use std::mem::{size_of, zeroed};

    /// The core this thread runs on.
    pub(super) fn core() -> Option<usize> {
        // SAFETY: no arguments; it reads this thread's core.
        usize::try_from(unsafe { libc::sched_getcpu() }).ok()
    }

    /// Where this thread runs on `starter`, moves it to another core it may run on, then lets
    /// it run on every core it could before.
    pub(super) fn leave(starter: Option<usize>) {
        // A core past what a `cpu_set_t` holds cannot be named in one (and `CPU_CLR` would
        // panic): the thread stays.
        let Some(starter) =
            starter.filter(|&c| Some(c) == core() && c < libc::CPU_SETSIZE as usize)
        else {
            return;
        };
        // SAFETY: a `cpu_set_t` is plain bits, and every call is given its size and a set that
        // lives through the call.
        unsafe {
            let mut allowed: libc::cpu_set_t = zeroed();
            if libc::sched_getaffinity(0, size_of::<libc::cpu_set_t>(), &mut allowed) != 0 {
                return;
            }
            let mut elsewhere = allowed;
            libc::CPU_CLR(starter, &mut elsewhere);
            if libc::CPU_COUNT(&elsewhere) > 0
                && libc::sched_setaffinity(0, size_of::<libc::cpu_set_t>(), &elsewhere) == 0
            {
                // Where this fails, the thread keeps to the other cores; it still runs.
                libc::sched_setaffinity(0, size_of::<libc::cpu_set_t>(), &allowed);
            }
        }
    }

    /// Gives this thread's core to another thread waiting for it, for a moment.
    pub(super) fn yield_core() {
        // SAFETY: no arguments.
        unsafe { libc::sched_yield() };
    }
}

#[cfg(not(all(target_os = "linux", not(miri))))]
mod placement {
    pub(super) fn core() -> Option<usize> {
        None
    }

    pub(super) fn leave(_: Option<usize>) {}

    pub(super) fn yield_core() {}
}

/// What a thread returned; a panic on it goes on here.
pub fn join<T>(handle: ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Runs `here` on this thread and `there` on a second one, and returns both results; where the
/// system gives no thread, runs `there` here, after `here`. A panic in either goes on here.
///
/// While it runs, background work that asks [`give_way`] waits.
pub fn beside<A, B: Send>(here: impl FnOnce() -> A, there: impl FnOnce() -> B + Send) -> (A, B) {
    let _split = Split::start();
    // The second thread takes `there` from the slot; where it never starts, it is still there.
    let slot = Mutex::new(Some(there));
    let take = || slot.lock().unwrap_or_else(|e| e.into_inner()).take();
    std::thread::scope(|s| {
        let spawned = spawn(s, || take().map(|f| f()));
        let a = here();
        let b = spawned.and_then(join);
        let b = b.unwrap_or_else(|| take().expect("`there` ran nowhere")());
        (a, b)
    })
}

/// How many [`beside`] splits are running in the process.
static SPLITS: Mutex<usize> = Mutex::new(0);

/// Told when the last running split ends.
static SPLITS_ENDED: Condvar = Condvar::new();

/// The count of running splits, whatever a thread that panicked while holding it left.
fn splits() -> MutexGuard<'static, usize> {
    SPLITS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A running [`beside`] split, counted in [`SPLITS`] until it is dropped (also where a half
/// panics).
struct Split;

impl Split {
    fn start() -> Split {
        *splits() += 1;
        Split
    }
}

impl Drop for Split {
    fn drop(&mut self) {
        let mut running = splits();
        *running -= 1;
        if *running == 0 {
            SPLITS_ENDED.notify_all();
        }
    }
}

/// Waits while a [`beside`] split runs anywhere in the process; returns at once where none does.
/// For a thread working in the background, between two pieces of its work: the split's halves
/// then have both cores, and the background work goes on after them. Reading the rewrite into
/// sections while the original was still read ahead, the split's first thread finished its
/// half and waited while the second half shared the other core with the reading ahead (that
/// step kept 1.3 cores busy on 5,000 identical sections, `scripts/profile --phases`; 1.7 now).
/// Never to be called inside a half of a split, which would wait for itself; every split ends,
/// so nothing else waits for ever.
pub fn give_way() {
    let mut running = splits();
    while *running > 0 {
        running = (SPLITS_ENDED.wait(running)).unwrap_or_else(PoisonError::into_inner);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn background_work_waits_for_a_split_to_end() {
        let ended = AtomicBool::new(false);
        let seen = std::thread::scope(|s| {
            let (background, ()) = beside(
                || {
                    // Started inside the split, as the reading ahead runs when one starts.
                    let background = s.spawn(|| {
                        give_way();
                        ended.load(Ordering::SeqCst)
                    });
                    std::thread::sleep(std::time::Duration::from_millis(50));
                    ended.store(true, Ordering::SeqCst);
                    background
                },
                || (),
            );
            background.join().unwrap()
        });
        assert!(seen, "the background thread went on while the split ran");
        // Once no split runs (other tests' splits end too), it goes on.
        give_way();
    }

    #[test]
    fn both_results_come_back_in_their_places() {
        let (a, b) = beside(|| "here", || std::thread::current().id());
        assert_eq!(a, "here");
        assert_ne!(
            b,
            std::thread::current().id(),
            "`there` ran on a thread of its own"
        );
    }

    #[test]
    fn a_spawned_thread_runs_and_gives_its_result() {
        let here = std::thread::current().id();
        let there = std::thread::scope(|s| spawn(s, || std::thread::current().id()).map(join));
        assert_ne!(there, Some(here));
        assert!(there.is_some(), "the system gave no thread");
    }

    /// A thread on its starter's core moves to another where it may, and may then run on every
    /// core it could before; elsewhere it stays where it is.
    #[cfg(all(target_os = "linux", not(miri)))]
    #[test]
    fn a_thread_on_its_starters_core_leaves_it() {
        let allowed = || {
            // SAFETY: a `cpu_set_t` is plain bits; the call is given its size.
            let set = unsafe {
                let mut set: libc::cpu_set_t = std::mem::zeroed();
                let size = std::mem::size_of::<libc::cpu_set_t>();
                assert_eq!(libc::sched_getaffinity(0, size, &mut set), 0);
                set
            };
            (0..libc::CPU_SETSIZE as usize)
                // SAFETY: reads a bit of the set, each under `CPU_SETSIZE`.
                .filter(|&c| unsafe { libc::CPU_ISSET(c, &set) })
                .collect::<Vec<usize>>()
        };
        std::thread::scope(|s| {
            s.spawn(|| {
                let before = allowed();
                let core = placement::core().expect("the system says which core");
                placement::leave(Some(core));
                let now = placement::core().unwrap();
                if before.len() > 1 {
                    assert_ne!(now, core, "still on its starter's core");
                } else {
                    assert_eq!(now, core, "no other core to go to");
                }
                assert_eq!(allowed(), before);
                // Started from another core: it stays.
                let core = placement::core().unwrap();
                let other = before.iter().copied().find(|&c| c != core);
                placement::leave(other);
                assert_eq!(allowed(), before);
            });
        });
    }

    #[test]
    fn a_panic_on_the_second_thread_goes_on_here() {
        let caught = std::panic::catch_unwind(|| beside(|| 1, || -> u8 { panic!("there") }));
        let payload = caught.unwrap_err();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"there"));
    }
}
