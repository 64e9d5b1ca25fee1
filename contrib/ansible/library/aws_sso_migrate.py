#!/usr/bin/python
# -*- coding: utf-8 -*-
"""Ansible module: migrate one AWS CLI config file to sso-session blocks with aws-sso-migrate.

It owns only the translation between Ansible and the tool: options become command-line flags,
the tool's `--format json` document decides `changed` and failures, and the tool does every read
and write of the config (backups, owner and mode, atomic replace). The module never writes the
config itself and never parses the tool's human-readable text.
"""

from __future__ import annotations

DOCUMENTATION = r"""
---
module: aws_sso_migrate
short_description: Migrate an AWS CLI config from legacy inline SSO settings to sso-session blocks
description:
  - Runs C(aws-sso-migrate) on one AWS CLI config file (for example C(/home/alice/.aws/config)).
    Profiles that carry C(sso_start_url) and C(sso_region) inline are grouped by portal into
    C([sso-session NAME]) blocks; every other byte of the file stays as it was.
  - The tool writes the file (a backup first, the owner, group and mode of the config kept, an
    atomic replace), so running this as root on another user's file leaves that user with exactly
    what they would have got running the tool themselves.
  - A file that is already migrated is not written and reports C(changed=false), so the task is
    idempotent.
  - A file the tool refuses (one the AWS CLI cannot read either, such as a duplicated section, or
    one it cannot write safely) fails the task with the tool's own message (its first ten problems,
    and how many more; C(plan.error.problems) has them all) and is left untouched.
  - The C(aws-sso-migrate) binary must already be installed on the managed host.
version_added: "0.1.0"
author:
  - aws-sso-migrate contributors
options:
  path:
    description:
      - The config file to migrate. It must exist; a symlinked config keeps its link and its
        target is rewritten.
    type: path
    required: true
  binary:
    description:
      - The C(aws-sso-migrate) executable, a name looked up on C(PATH) or a path.
    type: str
    default: aws-sso-migrate
  backup:
    description:
      - Keep a byte-identical backup next to the config, named
        C(config.aws-sso-migrate-YYYYMMDDTHHMMSSZ.bak), before writing. C(false) passes
        C(--no-backup).
    type: bool
    default: true
  carry_tokens:
    description:
      - Copy each new session's still-valid cached legacy SSO token into the session's cache file
        (C(--carry-tokens)), owned by the config's owner, so its user does not have to log in
        right away. In check mode the plan says what would be carried.
    type: bool
    default: false
  session_names:
    description:
      - Names for new sso-sessions, keyed by start URL (any spelling of the URL matches). Each
        entry becomes C(--session-name URL=NAME). Portals not named get the tool's default name.
    type: dict
  scopes:
    description:
      - C(sso_registration_scopes) for new sessions. Omitted, the tool's default
        (C(sso:account:access), as the AWS CLI writes) is used; an empty list leaves the key out
        (C(--no-scopes)).
    type: list
    elements: str
notes:
  - Check mode is a dry run of the tool; C(changed) says whether the file would change.
  - With C(--diff) the task shows the file before and after; in check mode "after" is the tool's
    C(--format config) output, which is exactly what a write produces. Ansible prints the diff
    on the controller's terminal as it is, so control characters, escape sequences and invisible
    characters in the file are shown escaped there, as the tool shows them on a terminal
    (C(\\e[2J), C(\\x07), C(\\u{202e})); tabs and line endings are kept.
  - The plan's warnings (C(plan.warnings)), such as profiles the shared credentials file keeps
    legacy, are also the task's own Ansible warnings, shown for the host.
  - The AWS CLI and SDKs use C(~/.aws/sso/cache) of the user running them. With I(carry_tokens),
    a config inside a directory named C(.aws) uses the C(sso/cache) directory beside it.
requirements:
  - aws-sso-migrate on the managed host
seealso:
  - name: aws-sso-migrate README, "Across a fleet"
    description: The example playbook C(contrib/ansible/migrate.yml) and the MDM script.
    link: https://github.com/aws-sso-migrate/aws-sso-migrate#across-a-fleet
"""

EXAMPLES = r"""
- name: Migrate alice's config, keeping a backup
  aws_sso_migrate:
    path: /home/alice/.aws/config

- name: Name the sessions, carry cached logins over, and use a binary outside PATH
  aws_sso_migrate:
    path: /home/bob/.aws/config
    binary: /usr/local/bin/aws-sso-migrate
    carry_tokens: true
    session_names:
      https://acme.awsapps.com/start: acme
      https://d-1234567890.awsapps.com/start: legacy
    scopes:
      - sso:account:access

- name: See what would change on every host, with the diff
  aws_sso_migrate:
    path: "{{ item }}"
  loop: "{{ configs }}"
  check_mode: true
  diff: true
  register: preview
"""

RETURN = r"""
changed:
  description: Whether the file was changed (or, in check mode, would be).
  returned: always
  type: bool
plan:
  description:
    - The tool's JSON plan for this file (C(files[0]) of C(aws-sso-migrate --format json)), as
      described by the tool's C(schema/plan.schema.json).
    - C(status) is C(clean), C(would-change) (check mode), C(changed) or C(failed); C(sessions),
      C(migrated), C(cleaned), C(skipped) and C(warnings) describe the change; C(error) holds
      C(kind), C(message) and C(problems) when it failed; C(tokens_carried) lists what
      I(carry_tokens) carried.
  returned: when the tool produced a plan
  type: dict
  sample:
    path: /home/alice/.aws/config
    status: changed
    sessions:
      - name: acme
        start_url: https://acme.awsapps.com/start
        sso_region: us-east-1
        registration_scopes: sso:account:access
        new: true
        line: 1
        profiles: [dev, prod]
    backup: /home/alice/.aws/config.aws-sso-migrate-20261130T001507Z.bak
    error: null
backup_file:
  description: The backup the tool wrote before changing the file; null when nothing was written
    or I(backup=false).
  returned: always
  type: str
  sample: /home/alice/.aws/config.aws-sso-migrate-20261130T001507Z.bak
cmd:
  description: The command whose plan decided the result (the dry run in check mode, else the
    write).
  returned: always
  type: list
  elements: str
rc:
  description: The tool's exit status (0 done or nothing to do, 2 error).
  returned: when the tool ran
  type: int
stderr:
  description: What the tool printed on stderr. With C(--format json) that is only errors, such
    as the report of a refused file with its line and the offending text; the plan holds the
    rest.
  returned: when the tool ran
  type: str
"""

import json
import os
import stat
import unicodedata

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.common.text.converters import to_text

# Kept in step with DOCUMENTATION by the fleet check (tests/fleet/check.py).
ARGUMENT_SPEC = dict(
    path=dict(type="path", required=True),
    binary=dict(type="str", default="aws-sso-migrate"),
    backup=dict(type="bool", default=True),
    carry_tokens=dict(type="bool", default=False),
    session_names=dict(type="dict"),
    scopes=dict(type="list", elements="str"),
)


def tool_command(module, binary):
    """The flags shared by the dry run, the write and the `--format config` run."""
    params = module.params
    cmd = [binary, "--color", "never"]
    if params["carry_tokens"]:
        cmd.append("--carry-tokens")
    # Sorted so the same options always give the same command line.
    for url, name in sorted((params["session_names"] or {}).items()):
        cmd.extend(["--session-name", "%s=%s" % (url, name)])
    scopes = params["scopes"]
    if scopes is not None:
        if scopes:
            cmd.extend(["--scopes", ",".join(scopes)])
        else:
            cmd.append("--no-scopes")
    return cmd


def find_binary(module):
    binary = module.params["binary"]
    if os.sep in binary:
        if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
            module.fail_json(msg="aws-sso-migrate binary `%s` is not an executable file" % binary)
        return binary
    return module.get_bin_path(binary, required=True)


def run(module, cmd, result):
    # expand_user_and_vars=False: a path with `$` or `~` in it is a file name, not a template.
    rc, out, err = module.run_command(cmd, expand_user_and_vars=False)
    result["cmd"] = cmd
    result["rc"] = rc
    result["stderr"] = to_text(err, errors="surrogate_or_replace")
    return rc, out


def file_plan(module, rc, out, result):
    """The plan of the one file, or a failure with the tool's stderr if there is no JSON."""
    try:
        plan = json.loads(out)["files"][0]
    except (ValueError, KeyError, IndexError, TypeError):
        # A bad option is reported before any file is read: no JSON, only stderr.
        module.fail_json(
            msg="aws-sso-migrate gave no JSON plan (exit %d): %s"
            % (rc, result["stderr"].strip() or "nothing on stderr"),
            **result
        )
    result["plan"] = plan
    # The plan's warnings (profiles the credentials file keeps legacy, a portal in two regions,
    # ...) as Ansible's own, which the play shows for the host: the tool's words, already escaped.
    for warning in plan.get("warnings") or []:
        module.warn("%s: %s" % (warning.get("code"), warning.get("message")))
    return plan


# As many problems as the tool's text shows; a file refused for a problem on every line would
# otherwise fill the play's output (and the controller's memory) with one message.
SHOWN_PROBLEMS = 10


def failure_message(plan):
    """The tool's own words: its message, then the first problems with their line and help, and
    how many more there are (every one is in the returned plan's error.problems)."""
    error = plan.get("error") or {}
    problems = error.get("problems") or []
    parts = [error.get("message") or "aws-sso-migrate failed"]
    for problem in problems[:SHOWN_PROBLEMS]:
        text = "line %s: %s" % (problem.get("line"), problem.get("message"))
        if problem.get("help"):
            text += " (help: %s)" % problem["help"]
        parts.append(text)
    if len(problems) > SHOWN_PROBLEMS:
        parts.append("and %d more problems (plan.error.problems lists them all)"
                     % (len(problems) - SHOWN_PROBLEMS))
    return "; ".join(parts)


# Characters that show nothing or reorder what is shown, escaped like control characters (the
# tool's `emit::text::needs_escape`).
INVISIBLE = frozenset(
    ["\u00ad", "\u061c", "\ufeff"]
    + [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2060, 0x2065)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)


def escape(c):
    """One character as the tool escapes it."""
    if c == "\x1b":
        return "\\e"
    if c == "\r":
        return "\\r"
    if ord(c) < 0x100:
        return "\\x%02X" % ord(c)
    return "\\u{%x}" % ord(c)


def shown(text):
    """`text` (the config, or its path) for the controller's terminal, which Ansible's diff
    reaches as it is: every control, invisible or unusual whitespace character escaped as the
    tool escapes the file's lines on a terminal, but tabs, newlines and a CR before a newline.
    A user's config cannot retitle the administrator's window, write to their clipboard or erase
    a line of the diff they review."""
    if text is None:
        return None
    out = []
    for i, c in enumerate(text):
        if " " <= c <= "~" or c in "\t\n" or (c == "\r" and text[i + 1:i + 2] == "\n"):
            out.append(c)
        elif (unicodedata.category(c) == "Cc" or (c.isspace() and c != " ")
              or c in INVISIBLE):
            out.append(escape(c))
        else:
            out.append(c)
    return "".join(out)


def shown_diff(before, after, path):
    """Ansible's `diff` of the file, with everything in it [shown]."""
    return dict(before=shown(before), after=shown(after),
                before_header=shown(path), after_header=shown(path))


def read_text(path):
    """The file for the diff, if it is a regular file: opening a FIFO would block, and the tool
    refuses anything else anyway (without blocking)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return ""
        with open(path, "rb") as f:
            return to_text(f.read(), errors="surrogate_or_replace")
    except (IOError, OSError):
        return ""


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    path = module.params["path"]
    result = dict(changed=False, backup_file=None, cmd=[])
    base = tool_command(module, find_binary(module))

    # Only the tool reads the config for the plan; this copy is just the diff's "before". A
    # config edited between this read and the tool's own read is caught by the tool's write.
    before = read_text(path) if module._diff else None

    if module.check_mode:
        rc, out = run(module, base + ["--format", "json", "--", path], result)
        plan = file_plan(module, rc, out, result)
        if rc != 0 or plan.get("status") == "failed":
            module.fail_json(msg=failure_message(plan), **result)
        would_carry = any(
            t.get("outcome") == "would_carry" for t in plan.get("tokens_carried") or []
        )
        result["changed"] = plan.get("status") == "would-change" or would_carry
        if module._diff and plan.get("status") == "would-change":
            # Not recorded in cmd, rc and stderr: those describe the run that decided `changed`.
            cmd = base + ["--quiet", "--format", "config", "--", path]
            rc, after, err = module.run_command(cmd, encoding=None, expand_user_and_vars=False)
            if rc != 0:
                module.fail_json(msg="aws-sso-migrate --format config exited %d: %s"
                                 % (rc, to_text(err, errors="surrogate_or_replace").strip()),
                                 **result)
            result["diff"] = shown_diff(before, to_text(after, errors="surrogate_or_replace"), path)
        module.exit_json(**result)

    cmd = base + ["--write", "--format", "json"]
    if not module.params["backup"]:
        cmd.append("--no-backup")
    rc, out = run(module, cmd + ["--", path], result)
    plan = file_plan(module, rc, out, result)
    if rc != 0 or plan.get("status") == "failed":
        module.fail_json(msg=failure_message(plan), **result)
    tokens = plan.get("tokens_carried") or []
    carried = any(t.get("outcome") == "carried" for t in tokens)
    for t in tokens:
        if t.get("outcome") == "failed":
            # The config was written; only the convenience copy of a login failed.
            module.warn("no token carried into [sso-session %s]: %s"
                        % (t.get("session"), t.get("error") or "see stderr"))
    result["changed"] = plan.get("status") == "changed" or carried
    result["backup_file"] = plan.get("backup")
    if module._diff and plan.get("status") == "changed":
        result["diff"] = shown_diff(before, read_text(path), path)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
