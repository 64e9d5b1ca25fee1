//! What the findings on a line are about: the profile or sso-session that holds the line
//! ([`held_by`]), and its subject and name, made once a section and shared by the findings in it
//! ([`Holders`]).

use std::sync::Arc;

use super::finding::{self, Finding, FindingKind, Subject};
use super::readers::{self, Failure};
use crate::aws::{Config, SectionKind};

/// What the findings on a line are about: the subject, and the profile or sso-session that
/// holds the line by name. Each is made once for a section and shared by the findings in it (a
/// file may have one on every line, each of which would hold a copy of the name), and kept for
/// the section last asked about: findings are made in line order.
pub(super) struct Holders<'c> {
    pub(super) cfg: &'c Config<'c>,
    /// The section last asked about.
    last: Option<Held>,
    /// The last list of failures [`Self::share`] made.
    last_failures: Option<finding::FailureList>,
}

/// A section [`Holders`] was asked about (none above the first header), its subject, and its
/// name once asked for (none where it is not a profile or sso-session).
struct Held {
    section: Option<usize>,
    subject: Arc<Subject>,
    named: Option<Option<Arc<readers::NamedSection>>>,
}

impl<'c> Holders<'c> {
    pub(super) fn new(cfg: &'c Config<'c>) -> Self {
        Holders {
            cfg,
            last: None,
            last_failures: None,
        }
    }

    /// `failures` as a finding keeps them: none where there are none, and the last list made
    /// where they are the same (the findings on the lines of one section mostly fail alike).
    pub(super) fn share(&mut self, failures: Vec<Failure>) -> Option<finding::FailureList> {
        if failures.is_empty() {
            return None;
        }
        match &self.last_failures {
            Some(last) if ***last == *failures => Some(Arc::clone(last)),
            _ => {
                let made = Arc::new(failures.into_boxed_slice());
                self.last_failures = Some(Arc::clone(&made));
                Some(made)
            }
        }
    }

    /// The section that holds line `i` (0-based), made the last asked about.
    fn holding(&mut self, i: usize) -> &mut Held {
        let cfg = self.cfg;
        let section = cfg.section_holding(i);
        if self
            .last
            .as_ref()
            .is_none_or(|last| last.section != section)
        {
            let subject = match section.map(|s| cfg.section(s)) {
                Some(s) => match &s.kind {
                    SectionKind::Profile {
                        name,
                        canonical: true,
                    } => Subject::Profile(name.as_ref().into()),
                    _ => Subject::Section(s.header.into()),
                },
                None => Subject::File,
            };
            let subject = Arc::new(subject);
            self.last = Some(Held {
                section,
                subject,
                named: None,
            });
        }
        self.last.as_mut().expect("just set")
    }

    /// The profile or section line `line` (1-based) belongs to.
    pub(super) fn subject(&mut self, line: usize) -> Arc<Subject> {
        self.holding(line.saturating_sub(1)).subject.clone()
    }

    /// A finding at `line` (1-based) on the profile or section that holds it, on which the
    /// readers its kind tells fail, and `more`.
    pub(super) fn on_line(
        &mut self,
        line: usize,
        kind: FindingKind,
        more: Vec<Failure>,
    ) -> Finding {
        let subject = self.subject(line);
        Finding::new(subject, line, kind, self.share(more))
    }

    /// The profile or sso-session that holds line `i` (0-based), by name.
    pub(super) fn named(&mut self, i: usize) -> Option<Arc<readers::NamedSection>> {
        let cfg = self.cfg;
        let named = &mut self.holding(i).named;
        (named.get_or_insert_with(|| {
            let (sec, session) = held_by(cfg, i)?;
            let name = if session {
                cfg.session_name(sec)
            } else {
                cfg.profile_name(sec)
            };
            Some(Arc::new(readers::NamedSection {
                session,
                name: name?.to_string(),
            }))
        }))
        .clone()
    }
}

/// The profile or sso-session that holds line `i` (0-based), and whether it is a session; none
/// outside them (before the first header, in `[DEFAULT]` or a section of another kind).
pub(super) fn held_by(cfg: &Config, i: usize) -> Option<(usize, bool)> {
    let sec = cfg.section_holding(i)?;
    if !cfg.is_canonical(sec) {
        return None;
    }
    if cfg.profile_name(sec).is_some() {
        Some((sec, false))
    } else {
        cfg.session_name(sec).map(|_| (sec, true))
    }
}
