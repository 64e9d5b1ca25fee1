//! How the largest buffers are backed by memory: a hint to the kernel, never a change of what
//! they hold.
//!
//! A buffer the size of the file (the file itself, the rewritten file, the table of its lines) is
//! written from start to end once, and so is a list with an entry per profile (the plan's
//! candidates and moves, the edits, the diff's operations). Backed by 4 KiB pages, every 4 KiB
//! of it is a page fault: a 300,000-line comment block took 11,562 of them, and asking for huge
//! pages took that run from 59 ms to 44 ms (2,368 faults; `perf stat -r 20`). On Linux,
//! [`prefer_huge_pages`] asks for 2 MiB pages (`madvise(MADV_HUGEPAGE)`, which the default
//! transparent-huge-page setting, `madvise`, honours) for the whole 2 MiB blocks of such a buffer,
//! before anything is written to it. The advice changes no byte and no result; where it is
//! refused, or on another system (macOS: no such advice, nothing is done), the buffer is used as
//! it is.
//!
//! `unsafe` because `madvise` takes a raw address range (the tool's other `unsafe` code is
//! [`crate::arena`]).

/// The smallest buffer worth the advice: below two whole blocks there is little to gain.
const AT_LEAST: usize = 4 << 20;

/// A huge page on x86-64 and arm64 Linux.
#[cfg(target_os = "linux")]
const HUGE_PAGE: usize = 2 << 20;

/// Asks for huge pages for the whole 2 MiB blocks of `buf`'s capacity. Call it on a new, empty
/// buffer: pages already written keep the size they have.
pub fn prefer_huge_pages<T>(buf: &mut Vec<T>) {
    let bytes = buf.capacity().saturating_mul(std::mem::size_of::<T>());
    if bytes < AT_LEAST {
        return;
    }
    advise(buf.as_mut_ptr().cast(), bytes);
}

#[cfg(target_os = "linux")]
fn advise(start: *mut u8, bytes: usize) {
    let first = (start as usize).next_multiple_of(HUGE_PAGE);
    let end = (start as usize + bytes) / HUGE_PAGE * HUGE_PAGE;
    if end <= first {
        return;
    }
    // SAFETY: `first..end` lies inside the allocation `start..start + bytes`, which the caller's
    // `Vec` owns; MADV_HUGEPAGE only changes how the kernel backs those pages, not their
    // contents, and a refusal is harmless.
    let _ = unsafe {
        rustix::mm::madvise(
            start.add(first - start as usize).cast(),
            end - first,
            rustix::mm::Advice::LinuxHugepage,
        )
    };
}

#[cfg(not(target_os = "linux"))]
fn advise(_start: *mut u8, _bytes: usize) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advice_leaves_the_buffer_as_it_is() {
        // Large enough for the advice, written after it: every byte reads back.
        let mut buf: Vec<u8> = Vec::with_capacity(AT_LEAST * 2 + 12_345);
        prefer_huge_pages(&mut buf);
        buf.extend((0..buf.capacity()).map(|i| (i % 251) as u8));
        assert!(buf.iter().enumerate().all(|(i, &b)| b == (i % 251) as u8));
        // Small and empty buffers are left alone.
        let mut small: Vec<u64> = Vec::new();
        prefer_huge_pages(&mut small);
        assert!(small.is_empty());
    }
}
