//! The pure pipeline for one file: parse, plan, rewrite, verify. No disk, no clock, no
//! environment: bytes and options in, the plan and the rewritten document out.

use crate::aws::credentials::CredentialsProfiles;
use crate::aws::problem::ProblemSites;
use crate::aws::{Config, Problem};
use crate::doc::edit::LineOps;
use crate::doc::{Document, EditedReading};
use crate::plan::{self, Plan, PlanError, PlanOptions};
use crate::{phases, rewrite, threads, verify};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::ScopedJoinHandle;

/// A planned (and verified) migration of one file.
#[derive(Debug, Clone)]
pub struct Migration {
    pub old: Document,
    /// The rewritten document; `None` when the plan edits nothing (it would be a copy of `old`).
    new: Option<Document>,
    /// The change from `old` to `new` as diff operations over their lines.
    pub ops: LineOps,
    pub plan: Plan,
    /// The shared credentials file read with the config, for what the pictures of the result
    /// say of a profile it gives keys to: the caller hands over the one the plan was made with
    /// (empty where none was read).
    pub credentials: CredentialsProfiles,
}

impl Migration {
    /// The rewritten document: the original itself when nothing changes.
    pub fn rewritten(&self) -> &Document {
        self.new.as_ref().unwrap_or(&self.old)
    }

    /// Whether the rewrite's bytes differ from the original's: where they are as long, whether
    /// a change the edit made wrote other bytes than the lines it replaced.
    pub fn changes_anything(&self) -> bool {
        let Some(new) = &self.new else {
            return false;
        };
        new.byte_len() != self.old.byte_len()
            || (self.ops.iter()).any(|op| {
                !op.is_equal()
                    && new.lines_bytes(op.new_range()) != self.old.lines_bytes(op.old_range())
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MigrateError {
    /// botocore would refuse the file, or its meaning is ambiguous; `sites`: where the problems
    /// are, to show them.
    #[error("the file is unreadable or ambiguous")]
    Unreadable {
        problems: Vec<Problem>,
        sites: ProblemSites,
    },
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// The rewrite failed its own verification: a bug.
    #[error("{0}")]
    Internal(String),
}

/// The plan [`migrate`] would apply to `cfg` with `opts`, or `None` where it would refuse the
/// file or the request.
pub fn plan_of(cfg: &Config, opts: &PlanOptions) -> Option<Plan> {
    if plan::ambiguity::refuses_outright(cfg.problems()) {
        return None;
    }
    let mut plan = plan::plan(cfg, opts).ok()?;
    plan::ambiguity::accept(cfg, &mut plan).then_some(plan)
}

/// Plans the migration of `bytes`, applies it, and checks the result with two independent
/// readers before returning it.
pub fn migrate(bytes: impl Into<Vec<u8>>, opts: &PlanOptions) -> Result<Migration, MigrateError> {
    let old = Document::parse(bytes);
    phases::mark("parse");
    let cfg = Config::read(&old);
    phases::mark("sections");
    let refusal = |problems: Vec<Problem>| MigrateError::Unreadable {
        sites: ProblemSites::of(&old, &problems),
        problems,
    };
    // Ambiguity confined to sections the plan leaves alone is a warning, not a refusal.
    if plan::ambiguity::refuses_outright(cfg.problems()) {
        return Err(refusal(cfg.into_problems()));
    }
    // The crate's side of the original is read on the other core while the plan is made and
    // applied (see `verify::ReadAhead`); it stops at its chunk's end once the read-back starts,
    // or as this returns. A file smaller than the least worth reading ahead gets no thread (the
    // thread itself looks at the legacy profiles' size); where the system gives none, the
    // read-back compares everything in pairs.
    let worth_a_thread = old.byte_len() >= verify::MIN_AHEAD_BYTES;
    // The plan asks whether the file may hold a managed block's marker: a search of every
    // byte, in two halves on a large file, made here while the other core is still free.
    cfg.may_have_markers();
    let stop = AtomicBool::new(false);
    let (plan, new, ops) = std::thread::scope(|s| {
        let read_ahead = || {
            phases::at("read-ahead-starts");
            let digests = verify::ReadAhead::new(&cfg).map(|a| a.run(&stop));
            phases::at("read-ahead-ends");
            digests
        };
        let reader = ReadAheadThread {
            stop: &stop,
            thread: Cell::new(
                worth_a_thread
                    .then(|| threads::spawn(s, read_ahead))
                    .flatten(),
            ),
        };
        let digests = || reader.digests();
        let mut plan = plan::plan(&cfg, opts)?;
        if !plan::ambiguity::accept(&cfg, &mut plan) {
            return Err(refusal(cfg.problems().to_vec()));
        }
        phases::mark("plan");
        let edits = rewrite::edits(&cfg, &plan);
        phases::mark("edits");
        if edits.is_empty() {
            // Nothing to write: no copy of the file and no second reading of it.
            return Ok((plan, None, LineOps::unchanged(old.len())));
        }
        let applied = crate::doc::edit::apply(&old, edits)
            .map_err(|e| MigrateError::Internal(e.to_string()))?;
        phases::mark("apply");
        let (new, reading) = Document::parse_edited(&old, applied.written, &applied.ops);
        phases::mark("parse-rewrite");
        verify(&cfg, &new, &applied.ops, reading, digests).map_err(|problems| {
            MigrateError::Internal(format!(
                "the rewrite would change what profiles resolve to: {}",
                problems.join("; ")
            ))
        })?;
        Ok((plan, Some(new), applied.ops))
    })?;
    Ok(Migration {
        old,
        new,
        ops,
        plan,
        credentials: CredentialsProfiles::default(),
    })
}

/// The thread reading ahead, stopped (at its chunk's end) and joined on every way out of
/// [`migrate`]. A scoped thread left to its scope is waited for only until its closure ends:
/// its thread-local destructors may still be running after the scope, and so after
/// [`migrate`], has returned (a leak report of the fuzz target's, once and not reproduced, fits
/// this: 32 bytes from glibc's list of those destructors). Joining waits for the thread's exit.
struct ReadAheadThread<'scope, 'a> {
    stop: &'a AtomicBool,
    thread: Cell<Option<ScopedJoinHandle<'scope, Option<verify::Digests>>>>,
}

impl ReadAheadThread<'_, '_> {
    /// Stops the reading and gives what it read; `None` where there was no thread, it read
    /// nothing, or this was asked before.
    fn digests(&self) -> Option<verify::Digests> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.take().and_then(threads::join)
    }
}

impl Drop for ReadAheadThread<'_, '_> {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            if std::thread::panicking() {
                // A second panic while this one unwinds would abort: the first goes on alone.
                let _ = thread.join();
            } else {
                threads::join(thread);
            }
        }
    }
}

/// Both readers on what the rewrite touched, on both cores: the `configparser` crate takes chunks
/// on a second thread while our model compares, then both threads share the chunks left. Every
/// untouched line is first checked to be byte-identical, which is what lets the readers skip it:
/// here, unless `reading` says reading the rewrite from the original compared them already.
/// `digests` stops the reading ahead and gives what it read.
fn verify(
    before: &Config,
    new: &Document,
    ops: &LineOps,
    reading: EditedReading,
    digests: impl FnOnce() -> Option<verify::Digests>,
) -> Result<(), Vec<String>> {
    if reading == EditedReading::Whole {
        verify::untouched(before.document(), new, ops)?;
    }
    phases::mark("untouched");
    if ops.changes_nothing() {
        // Nothing changed, and every byte was just checked to be the same.
        return Ok(());
    }
    let after = &Config::read(new);
    phases::mark("rewrite-sections");
    let scope = verify::Scope::of(before, after, ops);
    let independent = verify::Independent::new(&scope, digests(), ops);
    phases::mark("scope");
    let ours = std::thread::scope(|s| {
        // Where the system gives no thread, this one takes every chunk.
        let helper = (independent.parallel())
            .then(|| {
                threads::spawn(s, || {
                    independent.work();
                    phases::at("helper-ends");
                })
            })
            .flatten();
        let ours = verify::same_meaning_in(&scope);
        phases::mark("our-model");
        independent.work();
        if let Some(h) = helper {
            threads::join(h);
        }
        ours
    });
    phases::mark("configparser");
    phases::count("sections-to-read-ahead", || {
        independent.sections_read_ahead().1
    });
    phases::count("sections-read-ahead", || {
        independent.sections_read_ahead().0
    });
    phases::count("chunks", || independent.chunk_count());
    phases::count("chunks-read-ahead", || independent.chunks_read_ahead());
    phases::count("chunks-accepted-by-digest", || {
        independent.accepted_by_digest()
    });
    ours.and(independent.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::sync::Arc;
    use std::time::Duration;

    /// Set, after a while, by the destructor of the thread-local that holds it, as its thread
    /// exits.
    struct SlowExit(Arc<AtomicBool>);

    impl Drop for SlowExit {
        fn drop(&mut self) {
            std::thread::sleep(Duration::from_millis(50));
            self.0.store(true, Ordering::SeqCst);
        }
    }

    thread_local! {
        static SLOW_EXIT: RefCell<Option<SlowExit>> = const { RefCell::new(None) };
    }

    /// A reader whose thread has read nothing and sets `exited` as it exits (or panics first).
    fn slow_reader<'scope>(
        s: &'scope std::thread::Scope<'scope, '_>,
        stop: &'scope AtomicBool,
        exited: &Arc<AtomicBool>,
        panics: bool,
    ) -> ReadAheadThread<'scope, 'scope> {
        let exited = Arc::clone(exited);
        let thread = threads::spawn(s, move || {
            SLOW_EXIT.with(|slot| *slot.borrow_mut() = Some(SlowExit(exited)));
            assert!(!panics, "the reading ahead panicked");
            None
        });
        assert!(thread.is_some(), "a thread for the test");
        ReadAheadThread {
            stop,
            thread: Cell::new(thread),
        }
    }

    #[test]
    fn the_reading_ahead_has_exited_when_its_reader_is_dropped() {
        let (stop, exited) = (AtomicBool::new(false), Arc::new(AtomicBool::new(false)));
        std::thread::scope(|s| {
            drop(slow_reader(s, &stop, &exited, false));
            // Its thread-local destructors have run: the thread was joined, not left to the
            // scope, which waits only for the closure.
            assert!(exited.load(Ordering::SeqCst), "the thread is still exiting");
            assert!(stop.load(Ordering::SeqCst), "the reading was told to stop");
        });
    }

    #[test]
    fn the_digests_are_asked_for_once_and_the_thread_has_exited() {
        let (stop, exited) = (AtomicBool::new(false), Arc::new(AtomicBool::new(false)));
        std::thread::scope(|s| {
            let reader = slow_reader(s, &stop, &exited, false);
            assert!(reader.digests().is_none(), "the thread read nothing");
            assert!(exited.load(Ordering::SeqCst), "the thread is still exiting");
            assert!(
                reader.digests().is_none(),
                "a second ask has no thread to join"
            );
        });
    }

    #[test]
    fn a_panic_on_the_reading_ahead_goes_on_when_its_reader_is_dropped() {
        let (stop, exited) = (AtomicBool::new(false), Arc::new(AtomicBool::new(false)));
        let caught = std::panic::catch_unwind(|| {
            std::thread::scope(|s| drop(slow_reader(s, &stop, &exited, true)));
        });
        let payload = caught.expect_err("the reader's panic goes on");
        assert_eq!(
            payload.downcast_ref::<&str>(),
            Some(&"the reading ahead panicked")
        );
    }
}
