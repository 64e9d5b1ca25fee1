//! The read-back's memory: what the `configparser` crate builds for one chunk, taken from a block
//! by bumping a pointer and given back all at once.
//!
//! Each chunk of the read-back ([`crate::verify::Independent`]) builds two texts, two parsed maps
//! and their clones (`Ini::read` returns a copy of the map it keeps), and throws all of it away
//! before the next chunk: about a million bytes in tens of thousands of small allocations. With
//! the system allocator, allocating and freeing them was a fifth of a `mixed-100k` run's CPU time
//! (`perf record`: `malloc`, `free` and their helpers). [`ChunkArena::run`] serves a chunk's
//! allocations from one block instead: an allocation moves a pointer, a free does nothing, and
//! the next run starts again at the block's start. On `mixed-100k` that took the run from 629-700
//! to 538-554 ms of CPU and from 441-460 to 368-387 ms of wall time (`perf stat -r 8`, three
//! rounds alternated with a build without it). The reading ahead of the original
//! ([`crate::verify::ReadAhead`]) takes its chunks' memory the same way.
//!
//! [`ChunkAllocator`] is the process's global allocator. It is the system allocator everywhere
//! but on a thread inside [`ChunkArena::run`], and there only for new allocations that fit in the
//! block; a buffer made before the run keeps growing in the system allocator. Each thread has its
//! own block (none is shared), so a free only has to ask whether the address is in this thread's
//! block. What a run allocates must not outlive it, which its callers promise (the function is
//! `unsafe`): the read-back's closure returns a verdict, a `bool`, and where a chunk fails, its
//! report is made again outside the run. Once a thread panics, its allocations are the system's
//! (the panic hook fills the standard library's cache of debug symbols, which outlives any
//! run), and a panic inside a run goes on after it as a plain message made outside the block.
//! Debug builds (the tests) overwrite what a run used when it ends, so that anything kept by
//! mistake reads as garbage instead of passing.
//!
//! Nothing here is specific to a platform: the block comes from the system allocator, and the
//! bookkeeping is two thread-local words.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// How large a thread's block is: about three times what the benchmark's largest chunk needs
/// (1.3 MB for `colliding-portals-10k`: `chunk-block-bytes-most` in `scripts/profile --phases`).
/// A chunk that needs more (one huge session or `[DEFAULT]`, or a long profile that cannot be
/// read in parts) takes the rest from the system allocator as usual.
/// Only the pages runs touch take memory.
#[cfg(not(miri))]
pub const BLOCK_BYTES: usize = 4 << 20;
/// Under Miri (`scripts/miri`), whose interpreter would take minutes over the tests that fill a
/// whole block, a small one: the same code on every path.
#[cfg(miri)]
pub const BLOCK_BYTES: usize = 64 << 10;

/// What debug builds write over the used part of a block when a run ends.
#[cfg(debug_assertions)]
const POISON: u8 = 0xA5;

thread_local! {
    /// This thread's block while its [`ChunkArena`] lives, as its first byte and the address
    /// after its last; null and 0 otherwise. Memory from the block is made from the pointer, so
    /// it keeps the block's provenance (the address alone would not).
    static BLOCK: Cell<(*mut u8, usize)> = const { Cell::new((std::ptr::null_mut(), 0)) };
    /// The block's next free byte while a run is on; 0 otherwise.
    static NEXT: Cell<usize> = const { Cell::new(0) };
    /// Whether an allocation of the run on this thread came from the system (the block was full,
    /// or the thread was panicking).
    static SPILLED: Cell<bool> = const { Cell::new(false) };
}

/// Drops `value`, which the run on this thread made, or forgets it where the run has taken all
/// its memory from the block so far: the run's end gives that back whole, and dropping would
/// only walk `value` to free each allocation in it for nothing (a chunk's maps: tens of
/// thousands of them). Outside a run, or once an allocation of the run has come from the system
/// (which only a drop gives back), it is dropped. A value made before the run must not be given
/// here: it would be forgotten with the system's memory it holds.
pub fn dispose<T>(value: T) {
    if NEXT.get() != 0 && !SPILLED.get() {
        std::mem::forget(value);
    } else {
        drop(value);
    }
}

/// Whether `ptr` is in this thread's block.
fn in_block(ptr: *mut u8) -> bool {
    let (start, end) = BLOCK.get();
    ptr.addr().wrapping_sub(start.addr()) < end - start.addr()
}

/// `layout` taken from the block of a run, or `None` (no run, or no room). Where a run is on and
/// the allocation goes to the system, the run is marked as having spilled (see [`dispose`]).
fn bump(layout: Layout) -> Option<*mut u8> {
    let next = NEXT.get();
    if next == 0 {
        return None;
    }
    let room = room(next, layout);
    if room.is_none() {
        SPILLED.set(true);
    }
    let (at, after) = room?;
    NEXT.set(after);
    Some(BLOCK.get().0.with_addr(at))
}

/// Where `layout` goes in the block when its next free byte is `next`, and the next free byte
/// after it; `None` where it does not fit, or the thread is panicking: a panic's hook, payload
/// and unwinding take the system's memory, since what they make may be kept past the run (the
/// hook fills the standard library's cache of debug symbols once).
fn room(next: usize, layout: Layout) -> Option<(usize, usize)> {
    if std::thread::panicking() {
        return None;
    }
    let at = next.checked_next_multiple_of(layout.align())?;
    let after = at.checked_add(layout.size())?;
    (after <= BLOCK.get().1).then_some((at, after))
}

/// The system allocator, but for the chunks of a [`ChunkArena::run`] (see the module).
pub struct ChunkAllocator;

// SAFETY: memory from `bump` is inside a block this thread owns until its `ChunkArena` is dropped,
// aligned and not handed out twice within a run; the callers of `run` promise that nothing from a
// run is used after it, when the block is handed out again. Everything else is `System`'s.
unsafe impl GlobalAlloc for ChunkAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match bump(layout) {
            Some(ptr) => ptr,
            // SAFETY: the caller's layout, passed on.
            None => unsafe { System.alloc(layout) },
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        match bump(layout) {
            Some(ptr) => {
                // SAFETY: `ptr` has `layout.size()` bytes of this thread's block; they may hold
                // an earlier run's data.
                unsafe { ptr.write_bytes(0, layout.size()) };
                ptr
            }
            // SAFETY: the caller's layout, passed on.
            None => unsafe { System.alloc_zeroed(layout) },
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if !in_block(ptr) {
            // SAFETY: not the block's, so the system allocator's, with the caller's layout.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !in_block(ptr) {
            // SAFETY: the system allocator's memory, with the caller's layout and size: it stays
            // there even during a run.
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        if new_size <= layout.size() {
            // Smaller: the block's bytes stay where they are until the run ends.
            return ptr;
        }
        let next = NEXT.get();
        let end = ptr.addr() + layout.size();
        if next == end && ptr.addr() + new_size <= BLOCK.get().1 {
            // The run's last allocation grows where it is.
            NEXT.set(ptr.addr() + new_size);
            return ptr;
        }
        // SAFETY: `GlobalAlloc::realloc` promises a valid layout of `new_size` with this alignment.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: as for `alloc`; the old block's bytes stay valid until the run ends.
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both are valid for the smaller size and do not overlap (`new` is fresh).
            unsafe { std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size)) };
        }
        new
    }
}

/// A thread's block for the chunks of the read-back (see the module). Not `Send`: the block is
/// this thread's. Where the thread has a block already, or the system has no memory for one, the
/// arena has none and [`ChunkArena::run`] just runs its closure.
pub struct ChunkArena {
    /// The block, or null.
    start: *mut u8,
}

impl ChunkArena {
    fn layout() -> Layout {
        Layout::from_size_align(BLOCK_BYTES, 4096).expect("a valid block layout")
    }

    /// A block of [`BLOCK_BYTES`] for this thread, until the arena is dropped.
    pub fn new() -> ChunkArena {
        if !BLOCK.get().0.is_null() {
            return ChunkArena {
                start: std::ptr::null_mut(),
            };
        }
        // SAFETY: a non-zero size. Its pages are touched only as runs use them.
        let start = unsafe { System.alloc(Self::layout()) };
        if !start.is_null() {
            BLOCK.set((start, start.addr() + BLOCK_BYTES));
        }
        ChunkArena { start }
    }

    /// Whether runs take memory from a block.
    #[cfg(test)]
    fn has_block(&self) -> bool {
        !self.start.is_null()
    }

    /// Runs `f` with this thread's new allocations taken from the block where they fit, and
    /// returns what it returns. A panic in `f` goes on, after the run, as its message.
    ///
    /// # Safety
    /// Nothing `f` allocates may be used, or freed, after `f` returns: not through what it
    /// returns (a `Copy` type owns no allocation, but could hold a leaked reference), and not
    /// through anything it captures (a collection `f` pushes to, a cell it fills). Only a pure
    /// computation that drops what it builds qualifies.
    pub unsafe fn run<R: Copy>(&self, f: impl FnOnce() -> R) -> R {
        // Without a block, or inside a run already (whose end frees what this one makes).
        if self.start.is_null() || NEXT.get() != 0 {
            return f();
        }
        let start = self.start.addr();
        SPILLED.set(false);
        NEXT.set(start);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        // The run is over: what follows allocates from the system.
        let used = NEXT.replace(0);
        crate::phases::block_used(used - start);
        // A panic's payload may be in the block (a value made before the panic, thrown with
        // `panic_any`): its message is copied out before the block is reused (or, in a debug
        // build, overwritten).
        let outcome = outcome.map_err(|payload| {
            payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_string())
        });
        #[cfg(debug_assertions)]
        // SAFETY: `start..used` is the part of this thread's block the run used, which nothing
        // uses any more.
        unsafe {
            self.start.write_bytes(POISON, used - start)
        };
        #[cfg(not(debug_assertions))]
        let _ = used;
        match outcome {
            Ok(r) => r,
            Err(message) => std::panic::resume_unwind(Box::new(message)),
        }
    }
}

impl Default for ChunkArena {
    fn default() -> Self {
        ChunkArena::new()
    }
}

impl Drop for ChunkArena {
    fn drop(&mut self) {
        if self.start.is_null() {
            return;
        }
        BLOCK.set((std::ptr::null_mut(), 0));
        // SAFETY: allocated in `new` with this layout; no run is on (a run borrows the arena).
        unsafe { System.dealloc(self.start, Self::layout()) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `ptr` is in `arena`'s block.
    fn inside<T>(arena: &ChunkArena, ptr: *const T) -> bool {
        ptr.addr().wrapping_sub(arena.start.addr()) < BLOCK_BYTES
    }

    #[test]
    fn a_run_allocates_from_the_block_and_nothing_else_does() {
        let arena = ChunkArena::new();
        assert!(arena.has_block());
        let before = String::from("made before");
        assert!(!inside(&arena, before.as_ptr()));
        // SAFETY: the closure keeps nothing it allocates.
        let (in_block, len) = unsafe {
            arena.run(|| {
                let s = format!("{before} and a run");
                (inside(&arena, s.as_ptr()), s.len())
            })
        };
        assert!(in_block);
        assert_eq!(len, "made before and a run".len());
        let after = String::from("made after");
        assert!(!inside(&arena, after.as_ptr()));
    }

    /// A value that says when it is dropped, and holds an allocation.
    struct Watched<'a> {
        dropped: &'a Cell<bool>,
        held: Vec<u8>,
    }

    impl Drop for Watched<'_> {
        fn drop(&mut self) {
            self.dropped.set(true);
        }
    }

    #[test]
    fn dispose_forgets_only_what_a_run_holds_whole_in_its_block() {
        let arena = ChunkArena::new();
        assert!(arena.has_block());
        let dropped = Cell::new(false);
        let watched = |bytes: usize| Watched {
            dropped: &dropped,
            held: vec![0; bytes],
        };
        // SAFETY (each run): the closure keeps nothing it allocates; `dropped` is only set.
        // A run whose allocations all fit: forgotten, and given back with the block.
        let in_block = unsafe {
            arena.run(|| {
                let w = watched(64);
                let inside = inside(&arena, w.held.as_ptr());
                dispose(w);
                inside
            })
        };
        assert!(in_block && !dropped.get(), "forgotten in a run that fits");
        // Once an allocation of the run has come from the system, a value is dropped.
        let spilled = unsafe {
            arena.run(|| {
                let big: Vec<u8> = vec![0; BLOCK_BYTES + 1];
                let w = watched(64);
                dispose(w);
                !inside(&arena, big.as_ptr())
            })
        };
        assert!(spilled && dropped.replace(false), "dropped after a spill");
        // The next run starts without a spill.
        unsafe { arena.run(|| dispose(watched(64))) };
        assert!(!dropped.get(), "a new run forgets again");
        // Outside a run, a value is dropped.
        dispose(watched(64));
        assert!(dropped.get(), "dropped outside a run");
    }

    #[test]
    fn a_buffer_made_before_a_run_grows_outside_the_block() {
        let arena = ChunkArena::new();
        let mut outside: Vec<u64> = Vec::with_capacity(1);
        outside.push(1);
        let grown = {
            let v = &mut outside;
            // SAFETY: the closure allocates only through `v`, which must stay outside the block.
            unsafe {
                arena.run(|| {
                    v.extend(2..=1000);
                    inside(&arena, v.as_ptr())
                })
            }
        };
        assert!(!grown);
        assert_eq!(outside.iter().sum::<u64>(), 500_500);
    }

    #[test]
    fn a_run_larger_than_the_block_takes_the_rest_from_the_system() {
        let arena = ChunkArena::new();
        // SAFETY: the closure keeps nothing it allocates.
        let (first_in, second_in, sum) = unsafe {
            arena.run(|| {
                let a = vec![1u8; BLOCK_BYTES - 4096];
                let b = vec![2u8; 8192];
                let sum: usize = a.iter().chain(&b).map(|&x| x as usize).sum();
                (inside(&arena, a.as_ptr()), inside(&arena, b.as_ptr()), sum)
            })
        };
        assert!(first_in && !second_in);
        assert_eq!(sum, BLOCK_BYTES - 4096 + 2 * 8192);
    }

    #[test]
    fn the_last_allocation_grows_in_place_and_others_move() {
        let arena = ChunkArena::new();
        // SAFETY: the closure keeps nothing it allocates.
        let (stayed, moved, text_ok) = unsafe {
            arena.run(|| {
                let mut s = String::with_capacity(8);
                s.push_str("12345678");
                let at = s.as_ptr();
                s.reserve_exact(100);
                let stayed = s.as_ptr() == at;
                let _other = String::from("now s is not the last");
                let at = s.as_ptr();
                s.reserve_exact(1000);
                (stayed, s.as_ptr() != at, s == "12345678")
            })
        };
        assert!(stayed && moved && text_ok);
    }

    #[test]
    fn a_run_inside_a_run_keeps_what_the_outer_one_made() {
        let arena = ChunkArena::new();
        // SAFETY: neither closure keeps anything it allocates.
        let same = unsafe {
            arena.run(|| {
                let outer = vec![3u8; 1000];
                let inner =
                    arena.run(|| vec![4u8; 1000].iter().map(|&b| b as usize).sum::<usize>());
                inner == 4000 && outer.iter().all(|&b| b == 3)
            })
        };
        assert!(same);
    }

    #[test]
    fn a_shrunk_allocation_keeps_its_bytes() {
        let arena = ChunkArena::new();
        // SAFETY: the closure keeps nothing it allocates.
        let kept = unsafe {
            arena.run(|| {
                let mut v: Vec<u8> = (0..200).collect();
                let after = String::from("made after v, so that v is not the last");
                v.truncate(100);
                v.shrink_to_fit();
                !after.is_empty() && v.iter().enumerate().all(|(i, &b)| i == b as usize)
            })
        };
        assert!(kept);
    }

    #[test]
    fn zeroed_memory_from_the_block_is_zero() {
        let arena = ChunkArena::new();
        // SAFETY: the closure keeps nothing it allocates.
        unsafe { arena.run(|| drop(vec![7u8; 4096])) };
        // SAFETY: as above.
        let zero = unsafe { arena.run(|| vec![0u8; 4096].iter().all(|&b| b == 0)) };
        assert!(zero);
    }

    #[test]
    fn a_second_arena_on_a_thread_has_no_block() {
        let arena = ChunkArena::new();
        let second = ChunkArena::new();
        assert!(arena.has_block() && !second.has_block());
        // SAFETY: the closure keeps nothing it allocates.
        let in_block = unsafe { second.run(|| inside(&arena, String::from("x").as_ptr())) };
        assert!(
            !in_block,
            "a run of an arena without a block uses the system allocator"
        );
        drop(second);
        // The first arena's block is still this thread's.
        // SAFETY: as above.
        assert!(unsafe { arena.run(|| inside(&arena, String::from("y").as_ptr())) });
    }

    #[test]
    fn a_panic_in_a_run_goes_on_as_its_message() {
        let arena = ChunkArena::new();
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            // SAFETY: the closure keeps nothing it allocates.
            unsafe { arena.run(|| panic!("chunk {} failed", 3)) }
        }));
        let payload = caught.expect_err("the panic goes on");
        assert_eq!(
            payload.downcast_ref::<String>().map(String::as_str),
            Some("chunk 3 failed")
        );
        // The run is over: allocations are the system's again.
        assert!(!inside(&arena, String::from("after").as_ptr()));
    }

    #[test]
    fn a_payload_made_in_a_run_is_copied_out() {
        let arena = ChunkArena::new();
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            // SAFETY: the closure keeps nothing it allocates (the payload is copied out).
            unsafe {
                arena.run(|| {
                    let message = format!("made in the {}", "run");
                    std::panic::panic_any(message)
                })
            }
        }));
        let payload = caught.expect_err("the panic goes on");
        let message = payload.downcast_ref::<String>().expect("a message");
        assert!(!inside(&arena, message.as_ptr()));
        assert_eq!(message, "made in the run");
    }

    #[test]
    fn a_panic_allocates_from_the_system() {
        /// Allocates while the panic unwinds through it, and says where.
        struct Probe<'a>(&'a ChunkArena, &'a Cell<Option<bool>>);
        impl Drop for Probe<'_> {
            fn drop(&mut self) {
                let s = String::from("unwinding");
                self.1.set(Some(inside(self.0, s.as_ptr())));
            }
        }
        let arena = ChunkArena::new();
        let in_block = Cell::new(None);
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            // SAFETY: the closure keeps nothing it allocates (the probe keeps a `bool`).
            unsafe {
                arena.run(|| {
                    let _probe = Probe(&arena, &in_block);
                    panic!("unwinding through a probe")
                })
            }
        }));
        assert!(caught.is_err());
        assert_eq!(in_block.get(), Some(false));
    }

    #[cfg(debug_assertions)]
    #[test]
    fn what_a_run_used_is_overwritten_when_it_ends() {
        let arena = ChunkArena::new();
        // SAFETY: the closure keeps nothing it allocates, only the address of a string's bytes.
        let at = unsafe {
            arena.run(|| {
                let s = String::from("kept by mistake");
                s.as_ptr().addr()
            })
        };
        // Read through the block, not through the string, which its drop ended: that would be
        // a use after free (Miri says so).
        let at = arena.start.with_addr(at);
        // SAFETY: the block lives as long as `arena`; these bytes are in it.
        let bytes = unsafe { std::slice::from_raw_parts(at, 15) };
        assert!(bytes.iter().all(|&b| b == POISON));
    }
}
