//! A second thread where the system gives one, and the same work on this one where it does not.
//!
//! A large file is read on two threads, and the read-back takes two. The standard library's
//! `Scope::spawn` panics when the system refuses a thread, which a limit on processes
//! (`RLIMIT_NPROC`, which counts threads, for an unprivileged user) or a container's pids limit
//! does: the tool then stopped with exit 101 on any file large enough to read on two threads.
//! Every split here is one whose halves can run in either order, so a refused thread costs time,
//! never a result.

use std::sync::Mutex;
use std::thread::{Scope, ScopedJoinHandle};

/// Starts `f` on a new thread of `scope`, or gives `None` where the system gives no thread: the
/// caller does the work itself, or goes without it.
pub fn spawn<'scope, T: Send + 'scope>(
    scope: &'scope Scope<'scope, '_>,
    f: impl FnOnce() -> T + Send + 'scope,
) -> Option<ScopedJoinHandle<'scope, T>> {
    (std::thread::Builder::new())
        .spawn_scoped(scope, crate::phases::on_thread(f))
        .ok()
}

/// What a thread returned; a panic on it goes on here.
pub fn join<T>(handle: ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Runs `here` on this thread and `there` on a second one, and returns both results; where the
/// system gives no thread, runs `there` here, after `here`. A panic in either goes on here.
pub fn beside<A, B: Send>(here: impl FnOnce() -> A, there: impl FnOnce() -> B + Send) -> (A, B) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_panic_on_the_second_thread_goes_on_here() {
        let caught = std::panic::catch_unwind(|| beside(|| 1, || -> u8 { panic!("there") }));
        let payload = caught.unwrap_err();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"there"));
    }
}
