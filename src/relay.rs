//! stdout's buffer, whose `write(2)`s move to a second thread once the output is large.
//!
//! A dry run's diff is rendered after the rewrite is verified, on one core, and every byte of it
//! goes through `write(2)`; on a 100,000-profile file that is 19 MB, and where stdout is a file
//! the kernel's copy into the page cache took about as long again as rendering it. [`Relay`]
//! buffers like the `BufWriter` it replaces, and writes its blocks on the calling thread until
//! [`ALONE`] bytes have gone; after that, a thread of its own writes each full block while the
//! next one is filled, at most four blocks (a megabyte) behind. Nothing is written out of order
//! or left unwritten: [`Write::flush`] returns once every byte given before it has been written
//! and the stream flushed, and dropping the relay flushes it.
//!
//! A write that fails on the thread fails the next write or flush here: the first time with the
//! error itself, after that with its kind (a reader gone away is still `BrokenPipe`); nothing
//! given after it is written. Where the system refuses a thread, the relay goes on writing here.

use std::io::{self, Write};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

/// How many bytes are gathered before a write. Four times the buffer stdout had before the relay:
/// each block the thread writes costs a hand-over both ways.
const BLOCK: usize = 256 * 1024;

/// Blocks given to the thread and not yet back: the memory the relay holds at most, beyond the
/// block being filled.
const IN_FLIGHT: usize = 4;

/// What the writing thread is asked to do, in order.
enum Job {
    Write(Vec<u8>),
    Flush,
}

/// The writing thread: it takes jobs in order and answers each, with the block's buffer to fill
/// again or the first error. After an error it writes nothing more and gives the error's kind.
fn write_jobs<W: Write>(slot: &Mutex<Option<W>>, jobs: Receiver<Job>, answers: Sender<Answer>) {
    let Some(mut out) = slot.lock().unwrap_or_else(PoisonError::into_inner).take() else {
        return;
    };
    let mut failed: Option<io::ErrorKind> = None;
    for job in jobs {
        let answer = match (failed, job) {
            (Some(kind), _) => Err(io::Error::from(kind)),
            (None, Job::Write(mut block)) => out.write_all(&block).map(|()| {
                block.clear();
                Some(block)
            }),
            (None, Job::Flush) => out.flush().map(|()| None),
        };
        if let Err(e) = &answer {
            failed.get_or_insert(e.kind());
        }
        if answers.send(answer).is_err() {
            break;
        }
    }
}

/// The error where the writing thread is gone without an answer (it panicked).
fn stopped() -> io::Error {
    io::Error::other("the thread writing stdout stopped")
}

/// A job's outcome: the emptied block (none for a flush), or the error.
type Answer = io::Result<Option<Vec<u8>>>;

/// The writing thread, once started.
struct Thread {
    jobs: Sender<Job>,
    answers: Receiver<Answer>,
    /// Jobs sent and not yet answered.
    pending: usize,
    /// Emptied blocks, to fill again.
    spare: Vec<Vec<u8>>,
    /// Blocks made so far: at most [`IN_FLIGHT`] + 1.
    blocks: usize,
    handle: JoinHandle<()>,
}

/// A buffered writer that hands its `write(2)`s to a second thread once the output is large
/// (see the module's text). `W` is the stream, e.g. [`io::Stdout`].
pub struct Relay<W: Write + Send + 'static> {
    buf: Vec<u8>,
    /// The stream, until a thread takes it (where none starts, it stays here).
    slot: Arc<Mutex<Option<W>>>,
    thread: Option<Thread>,
    /// Bytes written on this thread, until the thread starts.
    written_here: usize,
    /// Whether a thread was asked for (once).
    asked: bool,
    /// The kind of an error the thread met, once reported: later writes fail with it too.
    failed: Option<io::ErrorKind>,
}

/// Output up to this many bytes is written on the calling thread: starting a thread costs more
/// than it saves on less (a seed-sized config's whole run takes 2 ms).
pub const ALONE: usize = 1 << 20;

impl<W: Write + Send + 'static> Relay<W> {
    pub fn new(out: W) -> Self {
        Relay {
            // Grows to a block as output comes: a seed-sized run's few kilobytes stay on the heap
            // instead of a block the allocator maps and unmaps for them.
            buf: Vec::new(),
            slot: Arc::new(Mutex::new(Some(out))),
            thread: None,
            written_here: 0,
            asked: false,
            failed: None,
        }
    }

    /// Writes the full (or, on a flush, partial) buffer: here, or on the thread.
    fn write_block(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        if self.thread.is_none() && !self.asked && self.written_here >= ALONE {
            self.asked = true;
            self.thread = self.start();
        }
        let Some(t) = &mut self.thread else {
            let mut slot = self.slot.lock().unwrap_or_else(PoisonError::into_inner);
            let out = slot
                .as_mut()
                .expect("the stream is here while no thread runs");
            out.write_all(&self.buf)?;
            self.written_here += self.buf.len();
            self.buf.clear();
            return Ok(());
        };
        let next = match t.spare.pop() {
            Some(block) => block,
            None if t.blocks <= IN_FLIGHT => {
                t.blocks += 1;
                Vec::with_capacity(BLOCK)
            }
            None => match Self::answer(t, &mut self.failed)? {
                Some(block) => block,
                None => Vec::with_capacity(BLOCK),
            },
        };
        let block = std::mem::replace(&mut self.buf, next);
        Self::send(t, Job::Write(block))
    }

    /// Starts the writing thread, which takes the stream; `None` where the system gives no
    /// thread (the stream stays here).
    fn start(&self) -> Option<Thread> {
        let (jobs, their_jobs) = mpsc::channel();
        let (their_answers, answers) = mpsc::channel();
        let slot = Arc::clone(&self.slot);
        let handle = crate::threads::spawn_named("relay", move || {
            write_jobs(&slot, their_jobs, their_answers)
        })?;
        Some(Thread {
            jobs,
            answers,
            pending: 0,
            spare: Vec::new(),
            blocks: 1,
            handle,
        })
    }

    fn send(t: &mut Thread, job: Job) -> io::Result<()> {
        t.jobs.send(job).map_err(|_| stopped())?;
        t.pending += 1;
        Ok(())
    }

    /// The next answer from the thread; its error is remembered in `failed`.
    fn answer(t: &mut Thread, failed: &mut Option<io::ErrorKind>) -> io::Result<Option<Vec<u8>>> {
        let answer = t.answers.recv().map_err(|_| stopped())?;
        t.pending -= 1;
        answer.inspect_err(|e| {
            failed.get_or_insert(e.kind());
        })
    }
}

impl<W: Write + Send + 'static> Write for Relay<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.write_all(data)?;
        Ok(data.len())
    }

    fn write_all(&mut self, mut data: &[u8]) -> io::Result<()> {
        if let Some(kind) = self.failed {
            return Err(io::Error::from(kind));
        }
        while !data.is_empty() {
            let n = (BLOCK - self.buf.len()).min(data.len());
            self.buf.extend_from_slice(&data[..n]);
            data = &data[n..];
            if self.buf.len() == BLOCK {
                self.write_block()?;
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Some(kind) = self.failed {
            return Err(io::Error::from(kind));
        }
        self.write_block()?;
        let Some(t) = &mut self.thread else {
            let mut slot = self.slot.lock().unwrap_or_else(PoisonError::into_inner);
            return slot.as_mut().map_or(Ok(()), Write::flush);
        };
        Self::send(t, Job::Flush)?;
        // Every answer up to the flush's: the first error among them is the flush's.
        let mut first_error = None;
        while t.pending > 0 {
            match Self::answer(t, &mut self.failed) {
                Ok(Some(block)) => t.spare.push(block),
                Ok(None) => {}
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

impl<W: Write + Send + 'static> Drop for Relay<W> {
    fn drop(&mut self) {
        let _ = self.flush();
        if let Some(Thread { jobs, handle, .. }) = self.thread.take() {
            // Ending the jobs ends the thread.
            drop(jobs);
            let _ = handle.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stream that keeps what it is given, fails once `fail_after` bytes have been written,
    /// and tells which threads wrote to it.
    #[derive(Clone, Default)]
    struct Sink {
        bytes: Arc<Mutex<Vec<u8>>>,
        flushes: Arc<Mutex<usize>>,
        fail_after: Option<usize>,
        writers: Arc<Mutex<Vec<std::thread::ThreadId>>>,
    }

    impl Write for Sink {
        fn write(&mut self, data: &[u8]) -> io::Result<usize> {
            let mut bytes = self.bytes.lock().unwrap();
            if self
                .fail_after
                .is_some_and(|n| bytes.len() + data.len() > n)
            {
                return Err(io::ErrorKind::BrokenPipe.into());
            }
            bytes.extend_from_slice(data);
            let me = std::thread::current().id();
            let mut writers = self.writers.lock().unwrap();
            if !writers.contains(&me) {
                writers.push(me);
            }
            Ok(data.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            *self.flushes.lock().unwrap() += 1;
            Ok(())
        }
    }

    /// Bytes that tell their place: a wrong order or a lost block shows.
    fn numbered(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i % 251) as u8).collect()
    }

    #[test]
    fn small_output_is_written_here_in_order() {
        let sink = Sink::default();
        let data = numbered(ALONE / 2);
        let mut relay = Relay::new(sink.clone());
        for piece in data.chunks(1000) {
            relay.write_all(piece).unwrap();
        }
        relay.flush().unwrap();
        assert_eq!(*sink.bytes.lock().unwrap(), data);
        assert_eq!(*sink.writers.lock().unwrap(), [std::thread::current().id()]);
        assert_eq!(*sink.flushes.lock().unwrap(), 1);
    }

    #[test]
    fn large_output_is_written_by_a_thread_in_order_and_whole_at_each_flush() {
        let sink = Sink::default();
        let data = numbered(ALONE * 3 + 12_345);
        let mut relay = Relay::new(sink.clone());
        // Pieces of every size, a block's and more included.
        let mut at = 0;
        for size in [1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK, 17]
            .iter()
            .cycle()
        {
            let end = (at + size).min(data.len());
            relay.write_all(&data[at..end]).unwrap();
            at = end;
            if at == data.len() {
                break;
            }
            if at > 2 * ALONE && sink.flushes.lock().unwrap().eq(&0) {
                relay.flush().unwrap();
                assert_eq!(*sink.bytes.lock().unwrap(), data[..at], "whole at a flush");
            }
        }
        drop(relay);
        assert_eq!(*sink.bytes.lock().unwrap(), data);
        let writers = sink.writers.lock().unwrap();
        assert_eq!(writers.len(), 2, "this thread, then the relay's");
        assert_eq!(writers[0], std::thread::current().id());
        assert_eq!(
            *sink.flushes.lock().unwrap(),
            2,
            "the flush asked for, and the drop's"
        );
    }

    #[test]
    fn an_error_on_the_thread_fails_a_later_write_or_the_flush_with_its_kind() {
        let sink = Sink {
            fail_after: Some(ALONE * 2),
            ..Sink::default()
        };
        let mut relay = Relay::new(sink.clone());
        let data = numbered(ALONE * 4);
        let mut first_error = None;
        for piece in data.chunks(BLOCK / 2) {
            if let Err(e) = relay.write_all(piece) {
                first_error = Some(e);
                break;
            }
        }
        let err = first_error
            .or_else(|| relay.flush().err())
            .expect("the error comes back");
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);
        // Later writes and flushes fail alike, and nothing past the failure was written.
        assert_eq!(
            relay.write_all(b"more").unwrap_err().kind(),
            io::ErrorKind::BrokenPipe
        );
        assert_eq!(relay.flush().unwrap_err().kind(), io::ErrorKind::BrokenPipe);
        drop(relay);
        let written = sink.bytes.lock().unwrap();
        assert!(written.len() <= ALONE * 2);
        assert_eq!(*written, data[..written.len()]);
    }
}
