#!/usr/bin/env python3
"""Fleet check: the Ansible module, the example playbook and the MDM script, run for real.

Runs as root (as CI does) on temporary home directories whose files belong to other uids, the
way an administrator runs them over a fleet of laptops. Everything is judged from what happened
on disk (bytes, owner, group, mode, backups) and from the results Ansible registered or the JSON
reports the playbook and the MDM script wrote, never from the tool's human-readable text. Prints one line per
check and a closing line `fleet: N passed, M failed`; exits 1 if any check failed.

    tests/fleet/run.sh --bin target/release/aws-sso-migrate   # sets up the virtualenv first
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jsonschema
import yaml  # PyYAML comes with ansible-core in the virtualenv

REPO = Path(__file__).resolve().parents[2]
LIBRARY = REPO / "contrib" / "ansible" / "library"
PLAYBOOK = REPO / "contrib" / "ansible" / "migrate.yml"
MODULE_PLAYBOOK = Path(__file__).resolve().parent / "module.yml"
MDM_SCRIPT = REPO / "contrib" / "mdm" / "migrate.sh"
SCHEMA = REPO / "schema" / "plan.schema.json"
FIXTURES = REPO / "fixtures"

# Numeric owners of the test homes: nobody needs to exist in /etc/passwd for chown.
ALICE, BOB, DAVE, EVE, GRACE, HAL, IVY = 1000, 1001, 1002, 1003, 1004, 1005, 1006
ACME = "https://acme.awsapps.com/start"
ACME_CONFIG = (
    b"[profile build]\n"
    b"sso_start_url = https://acme.awsapps.com/start\n"
    b"sso_region = us-east-1\n"
    b"sso_account_id = 111122223333\n"
    b"sso_role_name = Build\n"
)

# Two legacy profiles of one portal; hal's credentials file runs aws-sso-util's helper for `dev`,
# which reads dev's inline keys: only `ops` may move. It also holds a legacy profile of its own,
# `ci`, which the migration of the config leaves legacy (a warning).
HAL_CONFIG = (
    b"[profile ops]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n"
    b"sso_account_id = 111122223333\nsso_role_name = Admin\n\n"
    b"[profile dev]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n"
    b"sso_account_id = 444455556666\nsso_role_name = ReadOnly\n"
)
HAL_CREDENTIALS = (
    b"[legacy-tool]\ncredential_process = aws-sso-util credential-process --profile dev\n"
    b"[ci]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n"
)


def acl_granting_read(uid: int) -> bytes:
    """A POSIX ACL as Linux stores it in `system.posix_acl_access`: the owner rw, user `uid` r,
    the group r, the mask r, others nothing (the mode bits 0640)."""
    entries = [(0x01, 6, 0xFFFFFFFF), (0x02, 4, uid), (0x04, 4, 0xFFFFFFFF),
               (0x10, 4, 0xFFFFFFFF), (0x20, 0, 0xFFFFFFFF)]
    return (2).to_bytes(4, "little") + b"".join(
        tag.to_bytes(2, "little") + perm.to_bytes(2, "little") + id_.to_bytes(4, "little")
        for tag, perm, id_ in entries)


def acl_of(path: Path) -> bytes | None:
    try:
        return os.getxattr(path, "system.posix_acl_access")
    except OSError:
        return None


class Checks:
    """Counts and prints each assertion; nothing stops at the first failure."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, name: str, ok: bool, detail: object = "") -> bool:
        if ok:
            self.passed += 1
            print(f"ok   {name}")
        else:
            self.failed += 1
            print(f"FAIL {name}" + (f": {detail}" if detail != "" else ""))
        return ok

    def equal(self, name: str, got: object, want: object) -> bool:
        return self.check(name, got == want, f"got {got!r}, want {want!r}")


def run_bounded(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Runs `cmd`; one that blocks (on a FIFO, say) fails its checks instead of hanging CI."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kwargs)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        return subprocess.CompletedProcess(cmd, -1, out, "timed out after 300 s")


def owned(path: Path, uid: int, mode: int) -> None:
    os.chown(path, uid, uid)
    os.chmod(path, mode)


def make_home(root: Path, name: str, uid: int, config: bytes | None, mode: int = 0o600) -> Path:
    """A home of `uid` (mode 0755), with `.aws/config` (0700 directory) when `config` is given."""
    home = root / name
    home.mkdir(parents=True)
    owned(home, uid, 0o755)
    if config is not None:
        aws = home / ".aws"
        aws.mkdir()
        owned(aws, uid, 0o700)
        (aws / "config").write_bytes(config)
        owned(aws / "config", uid, mode)
    return home


def identity(path: Path) -> tuple[int, int, int]:
    st = path.lstat()
    return st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)


def link_home(root: Path, name: str, uid: int, target: Path) -> Path:
    """A home of `uid` whose `.aws/config` is a link (owned by `uid`) to `target`."""
    aws = make_home(root, name, uid, None) / ".aws"
    aws.mkdir()
    owned(aws, uid, 0o700)
    (aws / "config").symlink_to(target)
    os.lchown(aws / "config", uid, uid)
    return aws / "config"


def backups(config: Path) -> list[Path]:
    return sorted(config.parent.glob(config.name + ".aws-sso-migrate-*.bak"))


def cache_file(home: Path, identifier: str) -> Path:
    name = hashlib.sha1(identifier.encode()).hexdigest() + ".json"
    return home / ".aws" / "sso" / "cache" / name


class Fleet:
    def __init__(self, bin_path: Path, venv: Path, work: Path, checks: Checks) -> None:
        self.bin = bin_path
        self.venv = venv
        self.work = work
        self.c = checks
        # The example playbook and the MDM script find the tool on PATH, as on a managed host.
        self.path_dir = work / "bin"
        self.path_dir.mkdir()
        (self.path_dir / "aws-sso-migrate").symlink_to(bin_path)
        self.env = self.make_env()

    def make_env(self) -> dict[str, str]:
        ansible = self.work / "ansible"
        (ansible / "tmp").mkdir(parents=True)
        cfg = self.work / "ansible.cfg"
        cfg.write_text("[defaults]\n")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "AWS_"))}
        env.update(
            PATH=f"{self.path_dir}{os.pathsep}{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
            HOME=str(self.work / "root-home"),
            ANSIBLE_CONFIG=str(cfg),
            ANSIBLE_HOME=str(ansible),
            ANSIBLE_LOCAL_TEMP=str(ansible / "tmp"),
            ANSIBLE_REMOTE_TMP=str(ansible / "tmp"),
            ANSIBLE_LIBRARY=str(LIBRARY),
            ANSIBLE_NOCOLOR="1",
            ANSIBLE_PIPELINING="1",
            ANSIBLE_RETRY_FILES_ENABLED="0",
            ANSIBLE_LOCALHOST_WARNING="0",
            ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
            ANSIBLE_DEPRECATION_WARNINGS="0",
            ANSIBLE_SYSTEM_WARNINGS="0",
        )
        return env

    def playbook(self, playbook: Path, extra_vars: dict, *flags: str) -> subprocess.CompletedProcess:
        vars_file = self.work / "vars.json"
        extra_vars = dict(extra_vars, ansible_python_interpreter=str(self.venv / "bin" / "python"))
        vars_file.write_text(json.dumps(extra_vars))
        cmd = [
            str(self.venv / "bin" / "ansible-playbook"),
            "-c", "local", "-i", "localhost,",
            "-e", f"@{vars_file}",
            *flags,
            str(playbook),
        ]
        started = time.monotonic()
        run = run_bounded(cmd, env=self.env, cwd=self.work)
        took = time.monotonic() - started
        print(f"     ran ansible-playbook {' '.join(flags)} {playbook.name}: exit {run.returncode} in {took:.1f}s")
        return run

    def dump(self, run: subprocess.CompletedProcess) -> str:
        return f"\n--- stdout ---\n{run.stdout}\n--- stderr ---\n{run.stderr}"

    def tool_config(self, config: bytes, *flags: str) -> bytes:
        """What the tool itself says the migrated file is (the module must produce exactly this)."""
        src = self.work / "expected-input"
        src.write_bytes(config)
        out = subprocess.run(
            [str(self.bin), "--quiet", "--format", "config", *flags, str(src)],
            capture_output=True, check=True,
        ).stdout
        src.unlink()
        return out


def documentation_checks(f: Fleet) -> None:
    """The module's DOCUMENTATION, EXAMPLES and RETURN parse and match its argument spec."""
    c = f.c
    spec = importlib.util.spec_from_file_location("aws_sso_migrate", LIBRARY / "aws_sso_migrate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    doc = yaml.safe_load(module.DOCUMENTATION)
    c.check("docs: EXAMPLES and RETURN are YAML",
            isinstance(yaml.safe_load(module.EXAMPLES), list) and isinstance(yaml.safe_load(module.RETURN), dict))
    documented = doc.get("options", {})
    c.equal("docs: every option documented, none extra", sorted(documented), sorted(module.ARGUMENT_SPEC))
    for name, arg in module.ARGUMENT_SPEC.items():
        d = documented.get(name, {})
        keys = ("type", "default", "required", "elements")
        c.equal(f"docs: option {name} has the spec's {', '.join(keys)}",
                [d.get(k, False if k == "required" else None) for k in keys],
                [arg.get(k, False if k == "required" else None) for k in keys])
    c.equal("docs: RETURN lists what the module returns",
            sorted(yaml.safe_load(module.RETURN)), ["backup_file", "changed", "cmd", "plan", "rc", "stderr"])
    r = subprocess.run([str(f.venv / "bin" / "ansible-doc"), "-M", str(LIBRARY), "aws_sso_migrate"],
                       env=f.env, capture_output=True, text=True)
    c.check("docs: ansible-doc renders the module", r.returncode == 0 and "carry_tokens" in r.stdout, r.stderr)


def module_checks(f: Fleet) -> None:
    """The module on its own: check mode, diff, the write, idempotence, options, failures."""
    c = f.c
    homes = f.work / "module-homes"
    alice_in = (FIXTURES / "two-layer" / "config").read_bytes()
    bob_in = (FIXTURES / "messy" / "config").read_bytes()
    eve_in = (FIXTURES / "refuse-duplicate-section" / "config").read_bytes()
    alice = make_home(homes, "alice", ALICE, alice_in, 0o600) / ".aws" / "config"
    bob = make_home(homes, "bob", BOB, bob_in, 0o640) / ".aws" / "config"
    dave_home = make_home(homes, "dave", DAVE, ACME_CONFIG, 0o600)
    dave = dave_home / ".aws" / "config"
    eve = make_home(homes, "eve", EVE, eve_in, 0o600) / ".aws" / "config"
    # A still-valid legacy login of dave's, cached under the start URL, for carry_tokens.
    cache = dave_home / ".aws" / "sso" / "cache"
    cache.mkdir(parents=True)
    owned(cache.parent, DAVE, 0o700)
    owned(cache, DAVE, 0o700)
    legacy_token = cache_file(dave_home, ACME)
    legacy_token.write_text(json.dumps({
        "startUrl": ACME, "region": "us-east-1",
        "accessToken": "fleet-test-access", "expiresAt": "2999-01-01T00:00:00Z",
    }))
    owned(legacy_token, DAVE, 0o600)
    # A binary that exits 0 without a JSON plan: the module must not take that for success.
    not_json = f.work / "not-json-tool"
    not_json.write_text("#!/bin/sh\necho 'all good'\n")
    not_json.chmod(0o755)

    # A FIFO where a config should be: refused by the tool, and --diff must not block on it.
    fifo = make_home(homes, "fay", EVE, None) / "config-fifo"
    os.mkfifo(fifo)
    # A config refused for a problem on each of 300 lines: the task's message names the first
    # ten and counts the rest; the plan has them all.
    many_in = b"".join(b"[profile p%d]\nnot a key\n" % i for i in range(300))
    many = make_home(homes, "gil", EVE, many_in, 0o600) / ".aws" / "config"
    # A config another user may read through an ACL, with a credentials file beside it whose
    # credential helper reads one of its profiles.
    hal = make_home(homes, "hal", HAL, HAL_CONFIG, 0o640) / ".aws" / "config"
    hal_credentials = hal.parent / "credentials"
    hal_credentials.write_bytes(HAL_CREDENTIALS)
    owned(hal_credentials, HAL, 0o600)
    hal_acl = acl_granting_read(BOB)
    os.setxattr(hal, "system.posix_acl_access", hal_acl)
    hal_ident = identity(hal)
    # A config with escape sequences and invisible characters in its comments: Ansible prints
    # the diff on the controller's terminal as it is.
    ivy_in = (FIXTURES / "terminal-sequences" / "config").read_bytes()
    ivy = make_home(homes, "ivy", IVY, ivy_in, 0o600) / ".aws" / "config"

    dave_options = {
        "session_names": {ACME: "corp"}, "scopes": [], "backup": False, "carry_tokens": True,
    }
    cases = [
        {"path": str(alice)},
        {"path": str(bob), "scopes": ["sso:account:access", "codewhisperer:completions"]},
        {"path": str(dave), **dave_options},
        {"path": str(eve)},
        {"path": str(homes / "nobody" / ".aws" / "config")},
        {"path": str(alice), "binary": str(f.work / "missing" / "aws-sso-migrate")},
        {"path": str(alice), "binary": str(not_json)},
        {"path": str(fifo)},
        {"path": str(many)},
        {"path": str(hal)},
        {"path": str(ivy)},
    ]
    want_alice = f.tool_config(alice_in)
    want_bob = f.tool_config(bob_in, "--scopes", "sso:account:access,codewhisperer:completions")
    want_dave = f.tool_config(ACME_CONFIG, "--session-name", f"{ACME}=corp", "--no-scopes")
    originals = {alice: alice_in, bob: bob_in, dave: ACME_CONFIG, eve: eve_in}
    idents = {p: identity(p) for p in originals}
    results_file = f.work / "module-results.json"
    variables = {"cases": cases, "results": str(results_file), "binary": "aws-sso-migrate"}

    def run(label: str, *flags: str) -> tuple[list[dict], str]:
        """Each case's result, and what the play printed (stdout, then stderr's warnings)."""
        if results_file.exists():
            results_file.unlink()
        r = f.playbook(MODULE_PLAYBOOK, variables, *flags)
        if not c.equal(f"module {label}: ansible-playbook exits 0 (failures are ignored and judged here)", r.returncode, 0):
            print(f.dump(r))
        try:
            results = json.loads(results_file.read_text())
        except (OSError, ValueError) as e:
            c.check(f"module {label}: results saved", False, e)
            return [{} for _ in cases], r.stdout + r.stderr
        c.equal(f"module {label}: one result per case", len(results), len(cases))
        return results + [{}] * (len(cases) - len(results)), r.stdout + r.stderr

    def refused_cases(label: str, res: list[dict]) -> None:
        e = res[3]
        c.check(f"module {label}: the refused config fails its task", e.get("failed") is True, e)
        c.equal(f"module {label}: with the tool's error kind", e.get("plan", {}).get("error", {}).get("kind"), "unreadable")
        msg = e.get("msg", "")
        c.check(f"module {label}: the message is the tool's, naming the file and the problem",
                str(eve) in msg and "appears twice" in msg and "line 4" in msg, msg)
        c.check(f"module {label}: stderr has the tool's report of the refusal",
                "error[duplicate_section]" in e.get("stderr", ""), e.get("stderr"))
        c.check(f"module {label}: the refused config is byte-identical", eve.read_bytes() == eve_in)
        c.equal(f"module {label}: the refused config keeps owner, group, mode", identity(eve), idents[eve])
        c.equal(f"module {label}: the refused config gets no backup", backups(eve), [])
        missing = res[4]
        c.check(f"module {label}: a missing path fails with the tool's read error",
                missing.get("failed") is True and "cannot read" in missing.get("msg", ""), missing)
        no_bin = res[5]
        c.check(f"module {label}: a missing binary fails the task",
                no_bin.get("failed") is True and "not an executable" in no_bin.get("msg", ""), no_bin)
        fifo_result = res[7]
        c.check(f"module {label}: a FIFO fails the task with the tool's refusal, without blocking",
                fifo_result.get("failed") is True and fifo_result.get("plan", {}).get("error", {}).get("kind") == "not_regular",
                fifo_result)
        bad = res[6]
        c.check(f"module {label}: a tool without a JSON plan fails the task, not reported as ok",
                bad.get("failed") is True and "no JSON plan" in bad.get("msg", ""), bad)
        many_result = res[8]
        msg = many_result.get("msg", "")
        c.check(f"module {label}: a config with 300 problems fails with the first ten and a count",
                many_result.get("failed") is True and msg.count("; line ") == 10
                and msg.endswith("; and 290 more problems (plan.error.problems lists them all)")
                and "line 20:" in msg and "line 22:" not in msg, msg[:3000])
        c.equal(f"module {label}: the plan lists all 300 problems",
                len(many_result.get("plan", {}).get("error", {}).get("problems", [])), 300)
        c.check(f"module {label}: the config with 300 problems is byte-identical",
                many.read_bytes() == many_in)

    def ivy_cases(label: str, r: dict, stdout: str, want_file: bytes) -> None:
        diff = r.get("diff", {})
        c.check(f"module {label}: ivy's file is {'the migration' if want_file != ivy_in else 'untouched'}, byte for byte",
                ivy.read_bytes() == want_file)
        for side in ("before", "after"):
            text = diff.get(side) or ""
            raw = [ch for i, ch in enumerate(text)
                   if (ch < " " and ch not in "\t\n" and text[i:i + 2] != "\r\n")
                   or "\x7f" <= ch <= "\x9f" or ch in "\u202e\u202c\u200b"]
            c.check(f"module {label}: ivy's diff {side} has no raw control or invisible character",
                    text and not raw, (raw, text[:400]))
            c.check(f"module {label}: ivy's diff {side} shows them escaped as the tool does",
                    all(e in text for e in ("\\e[2J\\e[H", "\\e]0;owned\\x07", "\\x9B2J",
                                            "\\u{202e}live\\u{202c}", "x\\u{200b}y", "a tab\there")),
                    text[:400])
        c.check(f"module {label}: ivy's diff after shows the session it adds",
                "[sso-session acme]\n" in (diff.get("after") or ""), diff.get("after"))
        c.check(f"module {label}: none of ivy's sequences reach ansible-playbook's output raw",
                "\x1b]0;owned" not in stdout and "\x1b[2J" not in stdout and "\u202e" not in stdout
                and "\\e[2J" in stdout, stdout[-3000:])

    def hal_cases(label: str, r: dict, want_status: str, stdout: str) -> None:
        plan = r.get("plan", {})
        c.equal(f"module {label}: hal plan status", plan.get("status"), want_status)
        c.equal(f"module {label}: hal's ops migrates",
                [m.get("profile") for m in plan.get("migrated", [])], ["ops"])
        c.equal(f"module {label}: hal's dev is left for the helper in hal's credentials file",
                [(k.get("profile"), k.get("reason"), k.get("details", {}).get("file"))
                 for k in plan.get("skipped", [])],
                [("dev", "credential_process", str(hal_credentials))])
        c.equal(f"module {label}: hal's plan warns of the credentials file's legacy profile ci",
                [(w.get("code"), w.get("details", {}).get("path"), w.get("details", {}).get("profiles"))
                 for w in plan.get("warnings", [])],
                [("legacy_in_credentials_file", str(hal_credentials), ["ci"])])
        c.check(f"module {label}: the play shows that warning as the task's own",
                "[WARNING]: legacy_in_credentials_file: the shared credentials file" in stdout
                and "gives profile ci a legacy" in stdout,
                [line for line in stdout.splitlines() if "WARN" in line or "legacy_in" in line][:5])
        written = hal.read_bytes()
        dev = HAL_CONFIG[HAL_CONFIG.index(b"[profile dev]"):]
        c.check(f"module {label}: hal's dev is byte-identical", written.endswith(dev), written)
        if want_status == "changed":
            c.check(f"module {label}: hal's ops uses a session",
                    b"[profile ops]\nsso_session = acme\n" in written, written)
        else:
            c.check(f"module {label}: hal's config is byte-identical", written == HAL_CONFIG)
        c.equal(f"module {label}: hal keeps owner, group, mode", identity(hal), hal_ident)
        c.equal(f"module {label}: hal keeps the ACL that lets bob read it", acl_of(hal), hal_acl)
        c.check(f"module {label}: hal's credentials file is byte-identical, owner and mode kept",
                hal_credentials.read_bytes() == HAL_CREDENTIALS
                and identity(hal_credentials) == (HAL, HAL, 0o600))

    # 1. Check mode with --diff: changed is predicted, the diff shown, nothing written.
    res, stdout = run("check mode", "--check", "--diff")
    for i, (p, want) in enumerate([(alice, want_alice), (bob, want_bob), (dave, want_dave)]):
        who = p.parent.parent.name
        r = res[i]
        c.check(f"module check mode: {who} changed=true", r.get("changed") is True and not r.get("failed"), r)
        c.equal(f"module check mode: {who} plan status", r.get("plan", {}).get("status"), "would-change")
        c.check(f"module check mode: {who} diff after is the tool's --format config",
                r.get("diff", {}).get("after", "").encode() == want, r.get("diff"))
        c.check(f"module check mode: {who} diff before is the file",
                r.get("diff", {}).get("before", "").encode() == originals[p])
        c.check(f"module check mode: {who} file is byte-identical", p.read_bytes() == originals[p])
        c.equal(f"module check mode: {who} keeps owner, group, mode", identity(p), idents[p])
        c.equal(f"module check mode: {who} gets no backup", backups(p), [])
        c.equal(f"module check mode: {who} backup_file", r.get("backup_file"), None)
        cmd = r.get("cmd", [])
        c.check(f"module check mode: {who} cmd is the JSON dry run, not a write",
                "json" in cmd and "--write" not in cmd and cmd[-1:] == [str(p)], cmd)
    c.check("module check mode: the diff is shown", f"--- before: {alice}" in stdout
            and "+[sso-session example]" in stdout and "-sso_start_url = https://example.awsapps.com/start" in stdout,
            stdout[-3000:])
    c.equal("module check mode: dave's token would be carried",
            [t.get("outcome") for t in res[2].get("plan", {}).get("tokens_carried", [])], ["would_carry"])
    c.check("module check mode: no token file is written", not cache_file(dave_home, "corp").exists())
    refused_cases("check mode", res)
    hal_cases("check mode", res[9], want_status="would-change", stdout=stdout)
    ivy_cases("check mode", res[10], stdout, ivy_in)

    # 2. The real run (with --diff): written as the tool writes, owner and mode kept, backups.
    res, stdout = run("write", "--diff")
    for i, (p, want) in enumerate([(alice, want_alice), (bob, want_bob), (dave, want_dave)]):
        who = p.parent.parent.name
        r = res[i]
        c.check(f"module write: {who} changed=true", r.get("changed") is True and not r.get("failed"), r)
        c.equal(f"module write: {who} plan status", r.get("plan", {}).get("status"), "changed")
        c.check(f"module write: {who} file is exactly the tool's migration", p.read_bytes() == want)
        c.equal(f"module write: {who} keeps owner, group, mode", identity(p), idents[p])
        c.check(f"module write: {who} diff after is the written file",
                r.get("diff", {}).get("after", "").encode() == want)
    for p in (alice, bob):
        who = p.parent.parent.name
        r = res[[alice, bob].index(p)]
        found = backups(p)
        c.check(f"module write: {who} has one backup, returned as backup_file",
                len(found) == 1 and r.get("backup_file") == str(found[0]), (found, r.get("backup_file")))
        if found:
            c.check(f"module write: {who} backup is the original, byte for byte", found[0].read_bytes() == originals[p])
            c.equal(f"module write: {who} backup has the config's owner, group, mode", identity(found[0]), idents[p])
    d = res[2]
    c.equal("module write: dave backup=false keeps no backup", (backups(dave), d.get("backup_file")), ([], None))
    c.equal("module write: dave session_names names the session",
            [s.get("name") for s in d.get("plan", {}).get("sessions", [])], ["corp"])
    c.equal("module write: dave scopes=[] leaves the scopes out",
            [s.get("registration_scopes") for s in d.get("plan", {}).get("sessions", [])], [None])
    c.equal("module write: dave's token is carried",
            [t.get("outcome") for t in d.get("plan", {}).get("tokens_carried", [])], ["carried"])
    carried = cache_file(dave_home, "corp")
    c.check("module write: the carried token belongs to dave, mode 0600",
            carried.exists() and identity(carried) == (DAVE, DAVE, 0o600), carried)
    c.check("module write: bob's scopes list is written comma-separated",
            b"sso_registration_scopes = sso:account:access,codewhisperer:completions" in bob.read_bytes())
    refused_cases("write", res)
    hal_cases("write", res[9], want_status="changed", stdout=stdout)
    ivy_cases("write", res[10], stdout, f.tool_config(ivy_in))
    hal_backups = backups(hal)
    c.check("module write: hal's backup is the original, with its ACL",
            len(hal_backups) == 1 and hal_backups[0].read_bytes() == HAL_CONFIG
            and acl_of(hal_backups[0]) == hal_acl, hal_backups)

    # 3. Idempotent: the second run changes nothing and writes no backup.
    written = {p: p.read_bytes() for p in (alice, bob, dave)}
    before_backups = {p: backups(p) for p in (alice, bob, dave)}
    res, _ = run("second run")
    for i, p in enumerate((alice, bob, dave)):
        who = p.parent.parent.name
        r = res[i]
        c.check(f"module second run: {who} changed=false", r.get("changed") is False and not r.get("failed"), r)
        c.equal(f"module second run: {who} plan status", r.get("plan", {}).get("status"), "clean")
        c.check(f"module second run: {who} file unchanged, no new backup",
                p.read_bytes() == written[p] and backups(p) == before_backups[p])
    c.check("module second run: hal changed=false", res[9].get("changed") is False
            and not res[9].get("failed"), res[9])
    c.check("module second run: ivy changed=false", res[10].get("changed") is False
            and not res[10].get("failed"), res[10])
    refused_cases("second run", res)


def playbook_checks(f: Fleet) -> None:
    """contrib/ansible/migrate.yml: finds every home's config, migrates, reports per host."""
    c = f.c
    homes = f.work / "playbook-homes"
    alice_in = (FIXTURES / "skips" / "config").read_bytes()
    bob_in = (FIXTURES / "inline-comments" / "config").read_bytes()
    frank_in = (FIXTURES / "refuse-duplicate-key" / "config").read_bytes()
    alice = make_home(homes, "alice", ALICE, alice_in, 0o600) / ".aws" / "config"
    bob = make_home(homes, "bob", BOB, bob_in, 0o644) / ".aws" / "config"
    make_home(homes, "carol", DAVE, None)  # a home without a config is fine
    frank = make_home(homes, "frank", EVE, frank_in, 0o600) / ".aws" / "config"
    # Grace links her config to a file of root's: root must not migrate it on her behalf.
    roots = f.work / "roots-playbook-config"
    roots.write_bytes(alice_in)
    grace = link_home(homes, "grace", GRACE, roots)
    idents = {p: identity(p) for p in (alice, bob, frank)}
    want = {alice: f.tool_config(alice_in), bob: f.tool_config(bob_in)}
    # Relative, as in the README's example: made by the playbook, relative to where it runs.
    report = f.work / "playbook-reports" / "localhost.json"
    # No aws_sso_migrate_binary: the default finds the tool on PATH. No sudo here: we are root.
    variables = {"homes": str(homes), "report_dir": "playbook-reports", "ansible_become": False}

    def run(label: str, *flags: str, want_rc: int) -> tuple[dict, str]:
        if report.exists():
            report.unlink()
        r = f.playbook(PLAYBOOK, variables, *flags)
        if not c.equal(f"playbook {label}: ansible-playbook exit status", r.returncode, want_rc):
            print(f.dump(r))
        try:
            data = json.loads(report.read_text())
        except (OSError, ValueError) as e:
            c.check(f"playbook {label}: report written", False, e)
            return {}, r.stdout
        return {Path(x["path"]).parent.parent.name: x for x in data.get("files", [])}, r.stdout

    res, stdout = run("check mode", "--check", "--diff", want_rc=2)
    c.equal("playbook check mode: one result per config, homes without one left out", sorted(res), ["alice", "bob", "frank", "grace"])
    for p in (alice, bob):
        who = p.parent.parent.name
        c.equal(f"playbook check mode: {who} would change", (res.get(who, {}).get("status"), res.get(who, {}).get("changed")), ("would-change", True))
        c.check(f"playbook check mode: {who} untouched, no backup", p.read_bytes() in (alice_in, bob_in) and backups(p) == [])
    c.check("playbook check mode: the diff is shown", f"--- before: {alice}" in stdout, stdout[-2000:])
    c.check("playbook check mode: the summary counts the configs with warnings",
            "4 configs: 2 failed, 2 would change, 1 with warnings" in stdout, stdout[-2000:])
    c.check("playbook check mode: frank's refused config is reported failed with the tool's message",
            res.get("frank", {}).get("failed") is True and "twice" in (res.get("frank", {}).get("error") or ""), res.get("frank"))
    c.check("playbook check mode: the host fails, naming the configs left alone",
            f"not migrated (left as they were): {frank}, {grace}" in stdout, stdout[-2000:])
    c.equal("playbook check mode: grace's link to root's file is reported, not followed",
            (res.get("grace", {}).get("failed"), res.get("grace", {}).get("error")),
            (True, f"not migrated: it belongs to uid 0, its home to uid {GRACE}"))

    res, _ = run("write", want_rc=2)
    for p in (alice, bob):
        who = p.parent.parent.name
        r = res.get(who, {})
        c.equal(f"playbook write: {who} changed", (r.get("status"), r.get("changed")), ("changed", True))
        c.check(f"playbook write: {who} file is exactly the tool's migration", p.read_bytes() == want[p])
        c.equal(f"playbook write: {who} keeps owner, group, mode", identity(p), idents[p])
        found = backups(p)
        c.check(f"playbook write: {who} backup reported and owned like the config",
                len(found) == 1 and r.get("backup") == str(found[0]) and identity(found[0]) == idents[p], (found, r))
    c.equal("playbook write: the session names are reported", res.get("alice", {}).get("sessions"), ["acme"])
    c.equal("playbook write: the plan's warnings are reported (bob's inline comment), none for alice",
            [[w.get("code") for w in res.get(who, {}).get("warnings", [])] for who in ("alice", "bob")],
            [[], ["inline_comment"]])
    c.check("playbook write: frank's config is byte-identical", frank.read_bytes() == frank_in and backups(frank) == [])
    c.equal("playbook write: frank's config keeps owner, group, mode", identity(frank), idents[frank])
    c.check("playbook write: root's file behind grace's link is untouched",
            roots.read_bytes() == alice_in and grace.is_symlink() and backups(roots) == [])

    # Frank's and grace's configs go (their owners fixed them by hand): the host is ok again.
    frank.unlink()
    grace.unlink()
    written = {p: p.read_bytes() for p in (alice, bob)}
    res, _ = run("second run", want_rc=0)
    for p in (alice, bob):
        who = p.parent.parent.name
        r = res.get(who, {})
        c.equal(f"playbook second run: {who} clean, changed=false", (r.get("status"), r.get("changed")), ("clean", False))
        c.check(f"playbook second run: {who} unchanged, no new backup", p.read_bytes() == written[p] and len(backups(p)) == 1)
    c.equal("playbook second run: frank and grace are no longer listed", sorted(res), ["alice", "bob"])


def mdm_checks(f: Fleet) -> None:
    """contrib/mdm/migrate.sh: every home under a directory, the report, the exit statuses."""
    c = f.c
    homes = f.work / "mdm-homes"
    alice_in = (FIXTURES / "two-layer" / "config").read_bytes()
    bob_in = (FIXTURES / "defaults-section" / "config").read_bytes()
    erin_in = (FIXTURES / "messy" / "config").read_bytes()
    alice = make_home(homes, "alice", ALICE, alice_in, 0o600) / ".aws" / "config"
    bob = make_home(homes, "bob", BOB, bob_in, 0o640) / ".aws" / "config"
    # A legacy profile of bob's credentials file alone, which the migration of his config leaves:
    # a warning, which the log names after his status.
    bob_credentials = bob.parent / "credentials"
    bob_credentials.write_bytes(b"[ci]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n")
    owned(bob_credentials, BOB, 0o600)
    bob_warned = f"{bob}: %s (1 warning: legacy_in_credentials_file)"
    erin = make_home(homes, "erin q", DAVE, erin_in, 0o600) / ".aws" / "config"  # a space
    # Homes without a config, as a Mac has them: none at all, an empty .aws, a dangling link
    # (no config for the AWS CLI either), root's Shared, and a file that is not a home.
    make_home(homes, "carol", EVE, None)
    (make_home(homes, "dan", EVE, None) / ".aws").mkdir()
    link_home(homes, "henry", GRACE, homes / "henry" / "gone")
    make_home(homes, "Shared", 0, None)
    (homes / ".localized").write_bytes(b"")
    configs = [alice, bob, erin]
    originals = {p: p.read_bytes() for p in configs}
    idents = {p: identity(p) for p in configs}
    want = {alice: f.tool_config(alice_in), bob: f.tool_config(bob_in), erin: f.tool_config(erin_in)}
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))
    report = f.work / "reports" / "mdm.json"
    report.parent.mkdir(exist_ok=True)

    # The awk macOS has (the one true awk, Debian's original-awk), first on PATH as `awk` for the
    # runs in `bash --posix`, which is how macOS's `sh` runs the script.
    bwk = f.work / "bwk-awk"
    bwk.mkdir()
    original_awk = shutil.which("original-awk")
    c.check("mdm: original-awk is installed (.ci/run installs it)", original_awk is not None)
    if original_awk:
        (bwk / "awk").symlink_to(original_awk)
    macos_env = dict(f.env, PATH=f"{bwk}{os.pathsep}{f.env.get('PATH', os.defpath)}")

    def run(label: str, *args: str, want_rc: int, shell: tuple[str, ...] = (), homes_dir: Path = homes):
        if report.exists():
            report.unlink()
        cmd = [*shell, str(MDM_SCRIPT), *args]
        cmd = [a.replace("HOMES", str(homes_dir)).replace("REPORT", str(report)) for a in cmd]
        r = run_bounded(cmd, env=macos_env if shell[:1] == ("bash",) else f.env)
        if not c.equal(f"mdm {label}: exit status", r.returncode, want_rc):
            print(f.dump(r))
        data = None
        if report.exists():
            data = json.loads(report.read_text())
            errors = [e.message for e in validator.iter_errors(data)]
            c.equal(f"mdm {label}: the report matches schema/plan.schema.json", errors, [])
            c.equal(f"mdm {label}: the report is root's, mode 0600", identity(report), (0, 0, 0o600))
        return r, data

    def statuses(data: dict | None) -> list[tuple[str, str]]:
        return [(x["path"], x["status"]) for x in (data or {}).get("files", [])]

    for shell_cmd in (["sh", "-n"], ["bash", "--posix", "-n"], ["shellcheck", "--shell=sh"]):
        try:
            r = subprocess.run([*shell_cmd, str(MDM_SCRIPT)], capture_output=True, text=True)
            c.check(f"mdm lint: {' '.join(shell_cmd)}", r.returncode == 0, r.stdout + r.stderr)
        except FileNotFoundError:
            c.check(f"mdm lint: {shell_cmd[0]} is installed (.ci/run installs it)", False)

    r, _ = run("--help", "--help", want_rc=0)
    c.check("mdm --help: documents the exit statuses", "Exit status" in r.stdout and "--dry-run" in r.stdout, r.stdout)
    r, data = run("a bad option", "--bogus", "--report", "REPORT", want_rc=3)
    c.check("mdm a bad option: says so, writes no report", "unknown option `--bogus`" in r.stderr and data is None, r.stderr)
    r, data = run("no homes directory", "--homes", "HOMES/none", "--report", "REPORT", want_rc=3)
    c.check("mdm no homes directory: writes no report", data is None)
    r, data = run("no binary", "--homes", "HOMES", "--binary", str(f.work / "missing"), want_rc=3)
    r, data = run("a tool option refused", "--homes", "HOMES", "--report", "REPORT", "--", "--bogus", want_rc=3)
    c.check("mdm a tool option refused: nothing written, no report",
            data is None and all(p.read_bytes() == originals[p] for p in configs))

    # The dry run, under dash (Debian's sh) and bash in POSIX mode (macOS's sh).
    r, data = run("dry run", "--dry-run", "--homes", "HOMES", "--report", "REPORT", shell=("sh",), want_rc=1)
    c.equal("mdm dry run: every config, in home order, would change",
            statuses(data), [(str(p), "would-change") for p in configs])
    c.check("mdm dry run: nothing written, no backups",
            all(p.read_bytes() == originals[p] and backups(p) == [] for p in configs))
    c.check("mdm dry run: one log line per config, with its warnings, and a count",
            f"{alice}: would-change\n" in r.stdout
            and f"{erin}: would-change (1 warning: several_regions)\n" in r.stdout
            and "3 file(s): 3 would-change; 2 with warnings (the report has them)" in r.stdout, r.stdout)
    c.check("mdm dry run: bob's line names the warning of his credentials file's legacy profile",
            bob_warned % "would-change" + "\n" in r.stdout, r.stdout)
    c.equal("mdm dry run: the report has that warning, naming the file and the profile",
            [(w["code"], w["details"]["path"], w["details"]["profiles"])
             for x in (data or {}).get("files", []) if x["path"] == str(bob) for w in x["warnings"]],
            [("legacy_in_credentials_file", str(bob_credentials), ["ci"])])
    # Jamf Pro's way: volume, computer name and user first, then one option per parameter.
    r, data = run("as Jamf calls it", "/", "mac-042", "alice", "--dry-run", "", "--homes=HOMES",
                  "--report=REPORT", "", "", shell=("bash", "--posix"), want_rc=1)
    c.equal("mdm as Jamf calls it: the same dry run", statuses(data), [(str(p), "would-change") for p in configs])
    c.check("mdm as Jamf calls it, with macOS's awk: the same log lines, warnings and count",
            bob_warned % "would-change" + "\n" in r.stdout
            and f"{erin}: would-change (1 warning: several_regions)\n" in r.stdout
            and "3 file(s): 3 would-change; 2 with warnings (the report has them)" in r.stdout, r.stdout)

    r, data = run("write", "--homes", "HOMES", "--report", "REPORT", want_rc=0)
    c.equal("mdm write: every config changed", statuses(data), [(str(p), "changed") for p in configs])
    for p in configs:
        who = p.parent.parent.name
        c.check(f"mdm write: {who} is exactly the tool's migration", p.read_bytes() == want[p])
        c.equal(f"mdm write: {who} keeps owner, group, mode", identity(p), idents[p])
        found = backups(p)
        entry = next((x for x in (data or {}).get("files", []) if x["path"] == str(p)), {})
        c.check(f"mdm write: {who} backup in the report, the original, owned like the config",
                len(found) == 1 and entry.get("backup") == str(found[0])
                and found[0].read_bytes() == originals[p] and identity(found[0]) == idents[p], (found, entry))
    c.check("mdm write: homes without a config were fine", not (homes / "dan" / ".aws" / "config").exists())

    r, data = run("second run", "--homes", "HOMES", "--report", "REPORT", want_rc=0)
    c.equal("mdm second run: all clean", statuses(data), [(str(p), "clean") for p in configs])
    c.check("mdm second run: no new backups", all(len(backups(p)) == 1 for p in configs))
    c.check("mdm second run: bob's clean config still names his credentials file's legacy profile",
            bob_warned % "clean" + "\n" in r.stdout and f"{alice}: clean\n" in r.stdout, r.stdout)
    c.check("mdm second run: bob's credentials file is byte-identical",
            bob_credentials.read_bytes() == b"[ci]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n")
    r, data = run("dry run after", "--dry-run", "--homes", "HOMES", "--report", "REPORT", want_rc=0)

    # A refused config and a link to root's file: exit 2, both left as they were, the rest fine.
    frank_in = (FIXTURES / "refuse-duplicate-section" / "config").read_bytes()
    frank = make_home(homes, "frank", EVE, frank_in, 0o600) / ".aws" / "config"
    roots = f.work / "roots-mdm-config"
    roots.write_bytes(alice_in)
    grace = link_home(homes, "grace", GRACE, roots)
    r, data = run("refusals", "--homes", "HOMES", "--report", "REPORT", want_rc=2)
    c.equal("mdm refusals: the report has the refused config failed, the others clean",
            statuses(data), [(str(alice), "clean"), (str(bob), "clean"), (str(erin), "clean"), (str(frank), "failed")])
    c.check("mdm refusals: the refused config is byte-identical, no backup",
            frank.read_bytes() == frank_in and backups(frank) == [])
    c.check("mdm refusals: grace's link to root's file is not followed, and says so",
            roots.read_bytes() == alice_in and backups(roots) == []
            and f"{grace}: not migrated: it belongs to uid 0, its home to uid {GRACE}" in r.stderr, r.stderr)

    empty = f.work / "mdm-empty-homes"
    make_home(empty, "ivan", ALICE, None)
    r, data = run("no config at all", "--homes", "HOMES", "--report", "REPORT", homes_dir=empty, want_rc=0)
    c.equal("mdm no config at all: an empty report", statuses(data), [])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True, type=Path, help="the aws-sso-migrate binary")
    ap.add_argument("--venv", required=True, type=Path, help="the virtualenv with ansible-core")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args()
    if os.geteuid() != 0:
        # As the safety tests do: the point is root acting on other users' files.
        print("fleet: skipped: run as root (CI does) to act on other users' homes")
        return 0
    checks = Checks()
    work = Path(tempfile.mkdtemp(prefix="aws-sso-migrate-fleet-"))
    started = time.monotonic()
    try:
        fleet = Fleet(args.bin.resolve(), args.venv.resolve(), work, checks)
        for part in (documentation_checks, module_checks, playbook_checks, mdm_checks):
            print(f"\n-- {part.__doc__.splitlines()[0]}")
            part(fleet)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nfleet: {checks.passed} passed, {checks.failed} failed ({time.monotonic() - started:.0f}s)")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
