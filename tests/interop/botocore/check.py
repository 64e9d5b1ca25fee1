#!/usr/bin/env python3
"""botocore round-trip checker for aws-sso-migrate.

For every input config file: run the tool (`--format config`), load the original and the
migrated text with botocore, and check that botocore gives every profile the same meaning
before and after, statically (configloader + SSOProvider/SSOTokenProvider resolution) and end to
end (a real `Session(profile=P).get_credentials()` against a stub SSO portal on 127.0.0.1).

botocore is only ever imported in worker subprocesses (`--worker`), each with its own temporary
HOME: botocore fixes its SSO token cache directory from HOME at import time, so one process per
(file, before/after) is the honest way to isolate them. The parent never imports botocore.

See README.md next to this file for what is checked and how to read the output.
"""

import argparse
import concurrent.futures
import configparser
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
SHARED = REPO.parent / "shared"
EXPECTED_REFUSALS = HERE / "expected-refusals.txt"

# Keys the migration may move between a profile and its sso-session (a profile's own
# sso_registration_scopes moves into its session; compare() checks it arrives).
SSO_MOVABLE_KEYS = ("sso_start_url", "sso_region", "sso_session", "sso_registration_scopes")

WORKER_TIMEOUT = 120
TOOL_TIMEOUT = 60


# --------------------------------------------------------------------------------------------
# Shared helpers (parent and worker)
# --------------------------------------------------------------------------------------------


def _ascii_lower(s):
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)


_TRAILING_VARIANTS = ("/#/", "/#", "#/", "/", "#")


def portal_key(raw):
    """Same key as `portal_key` in src/aws/url.rs: two start URLs with the same key are one
    portal (scheme/host case, default port :443, one trailing `/`, `#`, `/#`, `#/` or `/#/`)."""
    sep = raw.find("://")
    if sep < 0:
        return raw
    scheme = _ascii_lower(raw[:sep])
    rest = raw[sep + 3 :]
    ends = [i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0]
    auth_end = min(ends) if ends else len(rest)
    authority, tail = rest[:auth_end], rest[auth_end:]
    at = authority.rfind("@")
    if at >= 0:
        userinfo, hostport = authority[: at + 1], authority[at + 1 :]
    else:
        userinfo, hostport = "", authority
    hostport = _ascii_lower(hostport)
    if scheme == "https":
        for default_port in (":443", ":"):
            if hostport.endswith(default_port) and not hostport.endswith("]"):
                hostport = hostport[: len(hostport) - len(default_port)]
                break
    for suffix in _TRAILING_VARIANTS:
        if tail.endswith(suffix):
            tail = tail[: len(tail) - len(suffix)]
            break
    return f"{scheme}://{userinfo}{hostport}{tail}"


def sha1_hex(s):
    return hashlib.sha1(s.encode("utf-8")).hexdigest()


def fabricated_token(kind, key):
    """The access token the checker plants for a cache entry: `legacy-…` for sha1(start URL),
    `session-…` for sha1(session name). Deterministic, so before and after can be compared."""
    return f"{kind}-{sha1_hex(kind + chr(0) + key)[:16]}"


def expected_cache_entry(sso_config):
    """(kind, key) of the token cache entry botocore reads for a resolved SSO config
    (FACTS §1.4): the session name when the profile names a session, else the start URL."""
    if "sso_session" in sso_config:
        return "session", sso_config["sso_session"]
    return "legacy", sso_config["sso_start_url"]


# --------------------------------------------------------------------------------------------
# Worker: runs in a subprocess with HOME, AWS_CONFIG_FILE, ... set by the parent
# --------------------------------------------------------------------------------------------


def _fmt_exc(e):
    return f"{type(e).__name__}: {e}"


def start_stub():
    """A stub SSO portal: GET /federation/credentials?account_id=..&role_name=.. with header
    x-amz-sso_bearer_token. Records every request it sees. The aws-sso-util check
    (`interop/aws-sso-util/check.py`) runs its helper against it too."""
    import http.server
    import urllib.parse

    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            q = urllib.parse.parse_qs(url.query, keep_blank_values=True)
            rec = {
                "path": url.path,
                "account_id": q.get("account_id", [None])[0],
                "role_name": q.get("role_name", [None])[0],
                "token": self.headers.get("x-amz-sso_bearer_token"),
            }
            seen.append(rec)
            if url.path != "/federation/credentials":
                body = b'{"message": "unexpected path"}'
                self.send_response(404)
            else:
                tag = sha1_hex(f"{rec['account_id']}/{rec['role_name']}")[:16].upper()
                expiration = int(
                    (datetime.datetime.now(datetime.timezone.utc).timestamp() + 3600) * 1000
                )
                body = json.dumps(
                    {
                        "roleCredentials": {
                            "accessKeyId": "ASIA" + tag,
                            "secretAccessKey": "stub-secret-" + tag,
                            "sessionToken": "stub-session-" + tag,
                            "expiration": expiration,
                        }
                    }
                ).encode()
                self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _reject(self):
            seen.append({"path": self.path, "method": self.command})
            self.send_response(405)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_PUT = do_DELETE = _reject

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # `shutdown()` waits for the loop to look at its flag again: at the default half second a
    # poll, that wait was most of a worker's time.
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()
    return server, seen


def _jsonable(v):
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v


def doctor_worker(spec):
    """For `--doctor`: does botocore read the file, and does a full credential lookup of each
    named profile fail (an exception, or no credentials)? Tokens are planted for every start URL
    and every sso-session name, so a lookup fails only for a reason in the config. A request the
    checker blocks (STS for a role chain) means the lookup got past the config: not a failure."""
    import botocore.configloader
    import botocore.session

    home = Path(os.environ["HOME"])
    config_path = os.environ["AWS_CONFIG_FILE"]
    out = {"load_error": None, "lookups": {}}
    try:
        cfg = botocore.configloader.load_config(config_path)
    except Exception as e:
        out["load_error"] = " ".join(_fmt_exc(e).split())
        return out
    profiles = cfg.get("profiles", {})
    sessions = cfg.get("sso_sessions", {})
    out["sessions_of"] = {n: p.get("sso_session") for n, p in profiles.items()}
    out["profiles"] = sorted(profiles)
    out["raw"] = _jsonable(profiles)
    # Profiles meant to give SSO credentials (a session profile without account and role only
    # serves bearer tokens).
    out["sso_keyed"] = sorted(n for n, p in profiles.items() if "sso_account_id" in p or "sso_role_name" in p)
    cache_dir = home / ".aws" / "sso" / "cache"
    cache_dir.mkdir(parents=True, exist_ok=True)
    expires = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    keys = {}
    for p in profiles.values():
        if isinstance(p.get("sso_start_url"), str):
            keys[p["sso_start_url"]] = (p["sso_start_url"], p.get("sso_region", "us-east-1"))
    for name, sess in sessions.items():
        url = sess.get("sso_start_url", "https://unknown.invalid/start")
        keys[name] = (url, sess.get("sso_region", "us-east-1"))
    for key, (url, region) in keys.items():
        (cache_dir / (sha1_hex(key) + ".json")).write_text(
            json.dumps({"startUrl": url, "region": region, "accessToken": "doctor-token", "expiresAt": expires})
        )
    server, seen = start_stub()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    os.environ["AWS_ENDPOINT_URL_SSO"] = base
    try:
        for name in spec["profiles"]:
            blocked = []

            def only_loopback(request=None, **kwargs):
                if not request.url.startswith(base + "/"):
                    blocked.append(request.url)
                    raise RuntimeError("blocked")

            try:
                s = botocore.session.Session(profile=name)
                s.register("before-send", only_loopback)
                creds = s.get_credentials()
                if creds is None:
                    out["lookups"][name] = {"failed": "no credentials"}
                    continue
                creds.get_frozen_credentials()
                out["lookups"][name] = {"ok": creds.method}
            except Exception as e:
                if blocked:
                    out["lookups"][name] = {"ok": f"reached {blocked[0]}"}
                else:
                    out["lookups"][name] = {"failed": " ".join(_fmt_exc(e).split())}
    finally:
        server.shutdown()
        server.server_close()
    return out


def run_doctor(bin_path, config_file, workdir):
    home = Path(tempfile.mkdtemp(prefix="doctorhome-", dir=workdir))
    env = clean_env(home, home / "no-such-config", home / "no-such-credentials")
    proc = subprocess.run(
        [str(bin_path), "--doctor", "--format", "json", "--color", "never", str(config_file)],
        capture_output=True,
        env=env,
        cwd=str(home),
        timeout=TOOL_TIMEOUT,
    )
    return proc.returncode, proc.stdout


def _one_line(text):
    """A reader's error text as the worker gives botocore's: its whitespace runs made one space
    (a name may hold a tab or a line break)."""
    return " ".join(text.split())


def _session_users(view, session):
    return sorted(n for n, s in view["sessions_of"].items() if s == session)


def doctor_check_file(bin_path, config_file, workdir):
    """Every botocore claim of `--doctor` holds, and a config with no findings resolves."""
    rc, out = run_doctor(bin_path, config_file, workdir)
    if rc not in (0, 1, 2):
        return "fail", f"FAIL: --doctor exited {rc}", 0
    doc = json.loads(out)
    entry = doc["files"][0]
    if rc == 2:
        view = run_worker(config_file, workdir, {"doctor": True, "profiles": []})
        if entry["status"] != "failed":
            return "fail", "FAIL: --doctor exited 2 without a failed file", 0
        if not view["load_error"]:
            return "fail", "FAIL: --doctor finds the file unreadable, botocore reads it", 0
        return "ok", "ok (unreadable to both)", 1
    findings = entry.get("findings") or []
    claims = [(f, r) for f in findings for r in f["readers"] if r["reader"] == "botocore"]
    profile_claims = [f["profile"] for f, r in claims if r["scope"] == "profile"]
    first = run_worker(config_file, workdir, {"doctor": True, "profiles": []})
    problems = []
    checked = 0
    if any(r["scope"] == "file" for _, r in claims):
        checked += 1
        if not first["load_error"]:
            problems.append("a finding says botocore refuses the file, but it reads it")
        for f, r in claims:
            if r["scope"] == "file" and r["error"] and first["load_error"] and _one_line(r["error"]) not in first["load_error"]:
                problems.append(f"{f['code']} at line {f['line']}: botocore says {first['load_error']!r}, not {r['error']!r}")
    if first["load_error"]:
        if any(r["scope"] != "file" for _, r in claims) or not claims:
            # Nothing else can be looked up in a file botocore refuses; that claim is true.
            pass
        return ("fail", "FAIL: " + "; ".join(problems), checked) if problems else ("ok", f"ok ({checked} claims: botocore refuses the file)", checked)
    users_claims = [f.get("session") for f, r in claims if r["scope"] == "users"]
    # Scope `section`: the profile, or the users of the sso-session, that the claim names.
    section_claims = [(r.get("profile"), r.get("session")) for _, r in claims if r["scope"] == "section"]
    to_look_up = set(profile_claims)
    for session in users_claims + [s for p, s in section_claims if s is not None]:
        to_look_up.update(_session_users(first, session))
    to_look_up.update(p for p, _ in section_claims if p is not None)
    healthy = all(f["severity"] == "info" for f in findings)
    sso_profiles = []
    if healthy:
        sso_profiles = sorted(first["profiles"])
        to_look_up.update(sso_profiles)
    view = run_worker(config_file, workdir, {"doctor": True, "profiles": sorted(to_look_up)})
    for f, r in claims:
        # Scope `section` names a profile of its own (or a session, below).
        profile = f["profile"] if r["scope"] == "profile" else r.get("profile") if r["scope"] == "section" else None
        if profile is not None:
            checked += 1
            got = view["lookups"].get(profile)
            if not got or "failed" not in got:
                problems.append(f"{f['code']} at line {f['line']}: botocore resolves profile {profile!r} ({got})")
            elif r["error"] and _one_line(r["error"]) not in got["failed"]:
                # The reader's own text, where the finding quotes it, must be what it says.
                problems.append(f"{f['code']} at line {f['line']}: botocore says {got['failed']!r}, not {r['error']!r}")
        elif r["scope"] in ("users", "section"):
            session = f.get("session") if r["scope"] == "users" else r.get("session")
            users = _session_users(view, session)
            checked += 1
            for u in users:
                got = view["lookups"].get(u)
                if not got or "failed" not in got:
                    problems.append(f"{f['code']} at line {f['line']}: botocore resolves {u!r}, a user of {session!r} ({got})")
                elif r["error"] and _one_line(r["error"]) not in got["failed"]:
                    problems.append(f"{f['code']} at line {f['line']}: botocore says {got['failed']!r} for {u!r}, not {r['error']!r}")
    # What the refusal help says botocore reads for two sections that are one profile: the later
    # one (same_section_twice), or only the one it does not ignore (merged_by_other_sdks).
    text = Path(config_file).read_text(encoding="utf-8", errors="replace")
    for f in findings:
        d = f.get("details", {})
        if f["code"] not in ("same_section_twice", "merged_by_other_sdks") or d.get("what") != "profile":
            continue
        used, unused = (f["line"], d["other_line"]) if f["code"] == "same_section_twice" else (d["other_line"], f["line"])
        got = view["raw"].get(d["name"], {})
        want = _section_keys(text, used)
        only_unused = {k for k in _section_keys(text, unused) if k not in want}
        checked += 1
        if any(got.get(k) != v for k, v in want.items()) or any(k in got for k in only_unused):
            problems.append(f"{f['code']} at line {f['line']}: botocore does not read profile {d['name']!r} as the help says ({got})")
    if healthy:
        # No findings: every profile with SSO settings resolves end to end.
        for name in sso_profiles:
            if name not in view["sso_keyed"]:
                continue
            checked += 1
            got = view["lookups"].get(name)
            if not got or "ok" not in got:
                problems.append(f"no findings, but botocore fails on profile {name!r}: {got}")
    if problems:
        return "fail", "FAIL: " + "; ".join(problems), checked
    state = "healthy" if healthy else f"{len(findings)} findings"
    return "ok", f"ok ({state}, {checked} claims checked)", checked


def _section_keys(text, line):
    """The keys of the section whose header is on 1-based `line`, read by botocore's configparser
    from that section's lines alone (up to the next line that starts with `[`): a file may hold
    the same header twice, which configparser would merge."""
    lines = text.splitlines()[line - 1:]
    end = next((i for i, l in enumerate(lines[1:], 1) if l.lstrip().startswith("[")), len(lines))
    parser = configparser.RawConfigParser(strict=False)
    try:
        parser.read_string("\n".join(lines[:end]) + "\n")
    except configparser.Error:
        # A line it cannot read is reported after it has read the others.
        pass
    sections = parser.sections()
    return dict(parser.items(sections[0])) if sections else {}


def run_doctor_checks(bin_path, inputs, jobs):
    results = {}
    with tempfile.TemporaryDirectory(prefix="botocore-doctor-") as workdir:
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            futs = {pool.submit(doctor_check_file, bin_path, f, workdir): f for f in inputs}
            for fut in concurrent.futures.as_completed(futs):
                f = futs[fut]
                try:
                    results[f] = fut.result()
                except Exception as e:
                    results[f] = ("fail", f"FAIL: checker error: {_fmt_exc(e)}", 0)
    failed = claims = 0
    for f in inputs:
        status, msg, n = results[f]
        claims += n
        failed += status == "fail"
        print(f"doctor {rel_name(f)}: {msg}")
    print(f"--doctor against botocore: {len(inputs)} files, {claims} claims and healthy profiles checked, {failed} failed")
    return failed == 0


def worker_main(spec):
    """Loads one config file with botocore and reports everything the parent compares."""
    if spec.get("doctor"):
        return doctor_worker(spec)
    import botocore
    import botocore.configloader
    import botocore.session
    from botocore.credentials import SSOProvider
    from botocore.tokens import SSOTokenProvider

    home = Path(os.environ["HOME"])
    config_path = os.environ["AWS_CONFIG_FILE"]
    out = {"botocore_version": botocore.__version__, "load_error": None}

    try:
        cfg = botocore.configloader.load_config(config_path)
    except Exception as e:  # ConfigParseError, and anything else botocore raises
        cause = getattr(e, "kwargs", {}).get("error")
        msg = _fmt_exc(e)
        if cause is not None:
            msg = f"{type(e).__name__} ({type(cause).__name__}: {str(cause).replace(config_path, '<file>')})"
        out["load_error"] = " ".join(msg.split())
        return out
    if spec.get("load_only"):
        return out

    profiles = cfg.get("profiles", {})
    sessions = cfg.get("sso_sessions", {})
    out["profiles"] = _jsonable(profiles)
    out["sso_sessions"] = _jsonable(sessions)
    out["other"] = _jsonable({k: v for k, v in cfg.items() if k not in ("profiles", "sso_sessions")})

    # The session the real credential chain uses; full_config also merges the (empty)
    # credentials file, exactly as ProfileProviderBuilder does.
    base_session = botocore.session.Session()
    full_config = base_session.full_config

    resolved = {}
    for name, profile in profiles.items():
        r = {}
        provider = SSOProvider(
            load_config=lambda: full_config, client_creator=None, profile_name=name
        )
        # botocore's own merge of the profile with its sso-session (consistency check included).
        try:
            merged, _extra = provider._resolve_sso_session_reference(profile, sessions)
            r["merge"] = {
                "ok": {k: merged.get(k) for k in ("sso_start_url", "sso_region", "sso_account_id", "sso_role_name", "sso_session", "sso_registration_scopes") if k in merged}
            }
        except Exception as e:
            r["merge"] = {"error": _fmt_exc(e)}
        # What SSOProvider itself makes of the profile: None (not an SSO profile), the config
        # it would fetch credentials with, or the error it raises.
        try:
            c = provider._load_sso_config()
            r["provider"] = None if c is None else {"ok": dict(c)}
        except Exception as e:
            r["provider"] = {"error": _fmt_exc(e)}
        # The token provider session profiles need (FACTS §1.2).
        try:
            c = SSOTokenProvider(base_session, profile_name=name)._load_sso_config()
            r["token_provider"] = None if c is None else {"ok": dict(c)}
        except Exception as e:
            r["token_provider"] = {"error": _fmt_exc(e)}
        resolved[name] = r
    out["resolved"] = resolved

    # ---- end to end ----
    e2e_targets = []
    e2e = {}
    for name, profile in profiles.items():
        prov = resolved[name]["provider"]
        if prov is None:
            continue  # SSOProvider does not handle it (no sso_account_id / sso_role_name)
        # Providers that answer before SSOProvider for an explicitly named profile
        # (create_credential_resolver: env (disabled by an explicit profile), assume-role;
        # ProfileProviderBuilder.providers: web identity, then SSO).
        if "role_arn" in profile and "web_identity_token_file" not in profile:
            e2e[name] = {"skipped": "assume-role answers first (role_arn)"}
            continue
        if profile.get("web_identity_token_file"):
            e2e[name] = {"skipped": "web identity answers first (web_identity_token_file)"}
            continue
        e2e_targets.append(name)

    cache_dir = home / ".aws" / "sso" / "cache"
    cache_dir.mkdir(parents=True, exist_ok=True)
    expires = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    planted = {}  # cache file name -> token

    def plant(file_key_input, kind, key, start_url, region):
        fname = sha1_hex(file_key_input) + ".json"
        token = fabricated_token(kind, key)
        if fname in planted and planted[fname] != token:
            raise RuntimeError(f"checker bug: two tokens for cache file {fname}")
        planted[fname] = token
        (cache_dir / fname).write_text(
            json.dumps({"startUrl": start_url, "region": region, "accessToken": token, "expiresAt": expires})
        )

    fault = spec.get("fault")
    # The carry scenario stages the cache itself (and the tool writes into it): plant nothing.
    use_cache_as_is = spec.get("use_cache_as_is", False)
    for name in ([] if use_cache_as_is else e2e_targets):
        if "ok" not in resolved[name]["provider"]:
            continue  # the lookup below raises SSOProvider's error before any request
        c = resolved[name]["provider"]["ok"]
        kind, key = expected_cache_entry(c)
        file_key = key
        if fault == "session-token-at-url-key" and kind == "session":
            file_key = c["sso_start_url"]  # deliberately wrong: where a legacy token would be
        plant(file_key, kind, key, c["sso_start_url"], c["sso_region"])
    # Decoys: the legacy tokens of the original file, still in the cache after migrating (a real
    # machine keeps them). A session profile that read one of these would be caught.
    for url in spec.get("decoy_urls", []):
        fname = sha1_hex(url) + ".json"
        if fname not in planted:
            plant(url, "legacy", url, url, "us-east-1")

    if e2e_targets:
        server, seen = start_stub()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        os.environ["AWS_ENDPOINT_URL_SSO"] = base
        try:
            for name in e2e_targets:
                e2e[name] = _lookup(name, base, seen)
        finally:
            server.shutdown()
            server.server_close()
    out["e2e"] = e2e
    out["planted"] = planted
    return out


def _lookup(profile_name, base, seen):
    import botocore.session

    regions = []
    blocked = []

    def record_region(region_name=None, **kwargs):
        regions.append(region_name)

    def only_loopback(request=None, **kwargs):
        if not request.url.startswith(base + "/"):
            blocked.append(request.url)
            raise RuntimeError(f"checker blocked a request to {request.url}")

    del seen[:]
    result = {}
    try:
        s = botocore.session.Session(profile=profile_name)
        s.register("before-sign.sso.GetRoleCredentials", record_region)
        s.register("before-send", only_loopback)
        creds = s.get_credentials()
        if creds is None:
            raise RuntimeError("no credential provider answered")
        if creds.method != "sso":
            raise RuntimeError(f"credentials came from provider {creds.method!r}, not sso")
        frozen = creds.get_frozen_credentials()
        calls = [r for r in seen]
        if len(calls) != 1 or calls[0].get("path") != "/federation/credentials":
            raise RuntimeError(f"stub saw {len(calls)} requests: {calls}")
        call = calls[0]
        want_key = "ASIA" + sha1_hex(f"{call['account_id']}/{call['role_name']}")[:16].upper()
        if frozen.access_key != want_key:
            raise RuntimeError(f"credentials {frozen.access_key} are not the stub's answer {want_key}")
        result = {
            "ok": {
                "account_id": call["account_id"],
                "role_name": call["role_name"],
                "token": call["token"],
                "sso_region": regions[-1] if regions else None,
            }
        }
    except Exception as e:
        result = {"error": _fmt_exc(e)}
        if seen:
            result["stub_saw"] = list(seen)
    if blocked:
        result = {"error": f"non-loopback request blocked: {blocked}"}
    return result


# --------------------------------------------------------------------------------------------
# Parent
# --------------------------------------------------------------------------------------------


def clean_env(home, config_file, creds_file):
    """A minimal environment: no AWS_* from the caller, no proxies, UTF-8."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LC_ALL": "C.UTF-8",
        "PYTHONUTF8": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "HOME": str(home),
        "AWS_CONFIG_FILE": str(config_file),
        "AWS_SHARED_CREDENTIALS_FILE": str(creds_file),
        "AWS_EC2_METADATA_DISABLED": "true",
        "NO_PROXY": "*",
        "no_proxy": "*",
    }


def run_worker(config_file, workdir, spec, home=None):
    if home is None:
        home = Path(tempfile.mkdtemp(prefix="home-", dir=workdir))
    creds = home / "empty-credentials"
    creds.write_text("")
    env = clean_env(home, Path(config_file).resolve(), creds)
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        env=env,
        cwd=str(home),
        timeout=WORKER_TIMEOUT,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"worker crashed on {config_file}: {proc.stderr.strip()[-2000:]}")
    return json.loads(proc.stdout)


def run_tool(bin_path, config_file, workdir):
    home = Path(tempfile.mkdtemp(prefix="toolhome-", dir=workdir))
    env = clean_env(home, home / "no-such-config", home / "no-such-credentials")
    proc = subprocess.run(
        [str(bin_path), "--format", "config", "--color", "never", str(config_file)],
        capture_output=True,
        env=env,
        cwd=str(home),
        timeout=TOOL_TIMEOUT,
    )
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8", "replace")


def rel_name(path):
    p = Path(os.path.abspath(path))
    for root in (REPO, SHARED):
        try:
            return p.relative_to(os.path.abspath(root)).as_posix()
        except ValueError:
            pass
    return p.as_posix()


def read_expected_refusals(path):
    entries = {}
    if not path.exists():
        return entries
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if "\t" not in line:
            raise SystemExit(f"{path}:{n}: expected `relative/path<TAB>reason`")
        rel, reason = line.split("\t", 1)
        if not reason.strip():
            raise SystemExit(f"{path}:{n}: a listed refusal needs a reason")
        entries[rel.strip()] = reason.strip()
    return entries


def refusal_reason(stderr):
    """The tool's first problem line (`error[CODE]: ...`) and how many more there are."""
    lines = [l.strip() for l in stderr.splitlines() if l.strip()]
    problems = [l for l in lines if l.startswith("error[")]
    # The last `error[...]` line is the file's own verdict; the ones before it are its problems.
    detail = problems[:-1] or problems or lines or ["(no message)"]
    first = detail[0]
    more = len(detail) - 1
    return first + (f" (+{more} more)" if more > 0 else "")


def _same_url(a, b):
    return a == b or (a is not None and b is not None and portal_key(a) == portal_key(b))


def _cmp_sso(label, before, after, problems):
    """Compares two resolved SSO views (dicts with sso_* keys). Scopes a profile had must
    still reach it (a new session may add the CLI's default scopes where it had none)."""
    if "sso_registration_scopes" in before and before["sso_registration_scopes"] != after.get("sso_registration_scopes"):
        problems.append(f"{label}: sso_registration_scopes {before['sso_registration_scopes']!r} -> {after.get('sso_registration_scopes')!r}")
    for k in ("sso_start_url", "sso_region", "sso_account_id", "sso_role_name"):
        b, a = before.get(k), after.get(k)
        if (k in before) != (k in after):
            problems.append(f"{label}: {k} {'present' if k in before else 'absent'} before, {'present' if k in after else 'absent'} after")
        elif k == "sso_start_url":
            if not _same_url(b, a):
                problems.append(f"{label}: sso_start_url {b!r} -> {a!r} (different portal)")
        elif b != a:
            problems.append(f"{label}: {k} {b!r} -> {a!r}")


def _cmp_outcome(label, what, b, a, problems):
    """b/a: None | {"ok": {...}} | {"error": str}."""
    if b is None:
        if a is not None:
            problems.append(f"{label}: {what} did not apply before, applies after ({json.dumps(a)})")
        return
    if "error" in b:
        if a is None or "error" not in a:
            problems.append(f"{label}: {what} failed before ({b['error']}), not after ({json.dumps(a)})")
        elif a["error"] != b["error"]:
            problems.append(f"{label}: {what} fails differently: {b['error']!r} -> {a['error']!r}")
        return
    if a is None:
        problems.append(f"{label}: {what} applied before, not after")
    elif "error" in a:
        problems.append(f"{label}: {what} resolved before, fails after: {a['error']}")
    else:
        _cmp_sso(f"{label}: {what}", b["ok"], a["ok"], problems)


def compare(before, after, stats):
    """All meaning checks between the botocore views of the original and the migrated file."""
    problems = []
    if after.get("load_error"):
        return [f"botocore cannot read the migrated file: {after['load_error']}"]
    pb, pa = before["profiles"], after["profiles"]
    if set(pb) != set(pa):
        lost = sorted(set(pb) - set(pa))
        gained = sorted(set(pa) - set(pb))
        problems.append(f"profile set changed: lost {lost}, gained {gained}")
    for name, sess in before["sso_sessions"].items():
        if after["sso_sessions"].get(name) != sess:
            problems.append(f"existing sso-session {name!r} changed: {sess} -> {after['sso_sessions'].get(name)}")
    if before["other"] != after["other"]:
        problems.append(f"non-profile sections changed: {before['other']} -> {after['other']}")

    for name in pb:
        if name not in pa:
            continue
        label = f"profile {name!r}"
        stats["profiles"] += 1
        kb = {k: v for k, v in pb[name].items() if k not in SSO_MOVABLE_KEYS}
        ka = {k: v for k, v in pa[name].items() if k not in SSO_MOVABLE_KEYS}
        if kb != ka:
            diff = sorted(k for k in set(kb) | set(ka) if kb.get(k) != ka.get(k))
            problems.append(f"{label}: non-SSO keys changed: " + ", ".join(f"{k} {kb.get(k)!r} -> {ka.get(k)!r}" for k in diff))
        rb, ra = before["resolved"][name], after["resolved"][name]
        _cmp_outcome(label, "profile/sso-session merge", rb["merge"], ra["merge"], problems)
        _cmp_outcome(label, "SSOProvider", rb["provider"], ra["provider"], problems)
        tb, ta = rb["token_provider"], ra["token_provider"]
        if ta is not None and "error" in ta and not (tb is not None and "error" in tb):
            problems.append(f"{label}: SSOTokenProvider fails after: {ta['error']}")

        # ---- end to end ----
        eb, ea = before["e2e"].get(name), after["e2e"].get(name)
        if eb is None and ea is None:
            continue
        if eb is None or ea is None:
            problems.append(f"{label}: end-to-end: looked up {'before' if eb else 'after'} only")
            continue
        if "skipped" in eb or "skipped" in ea:
            if eb != ea:
                problems.append(f"{label}: end-to-end: {eb} before, {ea} after")
            else:
                stats["skipped"][eb["skipped"]] = stats["skipped"].get(eb["skipped"], 0) + 1
                stats["details"].append(f"  {name}: not looked up: {eb['skipped']}")
            continue
        for phase, e, view in (("before", eb, before), ("after", ea, after)):
            if "ok" in e:
                c = view["resolved"][name]["provider"]["ok"]
                kind, key = expected_cache_entry(c)
                want = fabricated_token(kind, key)
                if e["ok"]["token"] != want:
                    problems.append(
                        f"{label}: end-to-end {phase}: portal got token {e['ok']['token']!r}, expected {want!r} (sha1 of {kind} key {key!r})"
                    )
        raw_after = pa[name]
        if "ok" in ea and "sso_session" in raw_after:
            want = fabricated_token("session", raw_after["sso_session"])
            if ea["ok"]["token"] != want:
                problems.append(
                    f"{label}: end-to-end after: portal got token {ea['ok']['token']!r}, not the token of sso-session {raw_after['sso_session']!r}"
                )
        if "error" in eb:
            if "error" not in ea:
                problems.append(f"{label}: end-to-end failed before ({eb['error']}), works after")
            elif ea["error"] != eb["error"]:
                problems.append(f"{label}: end-to-end fails differently: {eb['error']!r} -> {ea['error']!r}")
            else:
                stats["e2e_same_error"] += 1
                stats["details"].append(f"  {name}: fails before and after: {eb['error']}")
            continue
        if "error" in ea:
            problems.append(f"{label}: end-to-end worked before, fails after: {ea['error']}")
            continue
        for k in ("account_id", "role_name", "sso_region"):
            if eb["ok"][k] != ea["ok"][k]:
                problems.append(f"{label}: end-to-end: portal saw {k} {eb['ok'][k]!r} before, {ea['ok'][k]!r} after")
        stats["e2e"] += 1
        stats["details"].append(
            f"  {name}: account {eb['ok']['account_id']!r}, role {eb['ok']['role_name']!r}, sso_region {eb['ok']['sso_region']!r}; "
            f"token {eb['ok']['token']} -> {ea['ok']['token']}"
        )
    return problems


def _n(count, noun):
    return f"{count} {noun}" + ("" if count == 1 else "s")


def new_stats():
    return {"profiles": 0, "e2e": 0, "e2e_same_error": 0, "skipped": {}, "details": []}


def check_file(bin_path, config_file, expected, workdir, fault=None):
    """Returns (status, message, stats, botocore_version); status in ok/refused-botocore/
    refused-listed/fail."""
    rel = rel_name(config_file)
    stats = new_stats()
    try:
        rc, out, err = run_tool(bin_path, config_file, workdir)
    except subprocess.TimeoutExpired:
        return "fail", f"FAIL: the tool did not finish within {TOOL_TIMEOUT}s", stats, None
    listed = rel in expected
    if rc == 2:
        before = run_worker(config_file, workdir, {"load_only": True})
        ver = before["botocore_version"]
        reason = refusal_reason(err)
        if before["load_error"]:
            if listed:
                return "fail", f"FAIL: refused and botocore refuses it too ({before['load_error']}); drop it from expected-refusals.txt", stats, ver
            return "refused-botocore", f"refused ({reason}; botocore: {before['load_error'].splitlines()[0]})", stats, ver
        if listed:
            return "refused-listed", f"refused ({reason}; listed: {expected[rel]})", stats, ver
        return "fail", f"FAIL: refused ({reason}) but botocore reads the file, and it is not listed in expected-refusals.txt", stats, ver
    if rc != 0:
        return "fail", f"FAIL: the tool exited {rc}: {err.strip()[-500:]}", stats, None
    if listed:
        return "fail", "FAIL: listed in expected-refusals.txt but no longer refused", stats, None

    migrated = Path(tempfile.mkdtemp(prefix="migrated-", dir=workdir)) / "config"
    migrated.write_bytes(out)
    changed = out != Path(config_file).read_bytes()
    before = run_worker(config_file, workdir, {})
    ver = before["botocore_version"]
    if before["load_error"]:
        return "fail", f"FAIL: the tool migrated a file botocore cannot read ({before['load_error']})", stats, ver
    # The legacy tokens planted before stay in the cache after migrating, as on a real machine.
    decoys = set()
    for n in before["e2e"]:
        prov = before["resolved"][n]["provider"]
        if "ok" in prov and "sso_session" not in prov["ok"]:
            decoys.add(prov["ok"]["sso_start_url"])
    decoys = sorted(decoys)
    after = run_worker(migrated, workdir, {"decoy_urls": decoys, "fault": fault})
    problems = compare(before, after, stats)
    if problems:
        return "fail", "FAIL: " + "; ".join(problems), stats, ver
    detail = f"{_n(stats['profiles'], 'profile')}, {stats['e2e']} end-to-end"
    if stats["e2e_same_error"]:
        detail += f", {stats['e2e_same_error']} failing the same way before and after"
    skipped = sum(stats["skipped"].values())
    if skipped:
        detail += f", {skipped} answered by another provider"
    detail += ", changed" if changed else ", unchanged"
    return "ok", f"ok ({detail})", stats, ver


def default_inputs():
    dirs = {
        "fixtures": REPO / "fixtures",
        "corpus": SHARED / "corpus" / "real-world",
        "scenarios": SHARED / "conformance" / "aws-sdk" / "smithy-rs-sso-scenarios",
        "botocore-cfg": SHARED / "conformance" / "aws-sdk" / "botocore-cfg",
    }
    for d in dirs.values():
        if not d.is_dir():
            raise SystemExit(f"check.py: input folder {d} is missing (shared data lives next to the repo)")
    files = sorted(dirs["fixtures"].glob("*/config"))
    files += sorted(dirs["corpus"].glob("*.config"))
    files += sorted(p for p in dirs["scenarios"].rglob("config") if p.is_file())
    files += sorted(p for p in dirs["botocore-cfg"].iterdir() if p.is_file())
    if not files:
        raise SystemExit("check.py: no input files found")
    return files


def run_checks(bin_path, inputs, expected, jobs, check_stale, verbose=False):
    results = {}
    with tempfile.TemporaryDirectory(prefix="botocore-interop-") as workdir:
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            futs = {pool.submit(check_file, bin_path, f, expected, workdir): f for f in inputs}
            for fut in concurrent.futures.as_completed(futs):
                f = futs[fut]
                try:
                    results[f] = fut.result()
                except Exception as e:
                    results[f] = ("fail", f"FAIL: checker error: {_fmt_exc(e)}", new_stats(), None)
    version = next((r[3] for r in results.values() if r[3]), "unknown")
    counts = {"ok": 0, "refused-botocore": 0, "refused-listed": 0, "fail": 0}
    profiles = e2e = 0
    skipped = {}
    for f in inputs:
        status, msg, stats, _ = results[f]
        counts[status] += 1
        print(f"{rel_name(f)}: {msg}")
        if verbose:
            for line in stats["details"]:
                print(line)
        if status == "ok":
            profiles += stats["profiles"]
            e2e += stats["e2e"]
            for k, v in stats["skipped"].items():
                skipped[k] = skipped.get(k, 0) + v
    if check_stale:
        names = {rel_name(f) for f in inputs}
        for rel in sorted(set(expected) - names):
            counts["fail"] += 1
            print(f"{rel}: FAIL: listed in expected-refusals.txt but not among the checked files")
    if skipped:
        print("end to end skipped (another provider answers before SSO): " + ", ".join(f"{v} {k}" for k, v in sorted(skipped.items())))
    refused = counts["refused-botocore"] + counts["refused-listed"]
    print(
        f"botocore {version}: {len(inputs)} files checked: {counts['ok']} migrated with meaning preserved "
        f"({profiles} profiles compared, {e2e} end-to-end credential lookups), {refused} refused "
        f"({counts['refused-botocore']} also refused by botocore, {counts['refused-listed']} listed in expected-refusals.txt), "
        f"{counts['fail']} failed"
    )
    return counts["fail"] == 0


# --------------------------------------------------------------------------------------------
# Carry scenario: --write --carry-tokens with valid legacy tokens, end to end
# --------------------------------------------------------------------------------------------

CARRY_CONFIG = """\
[profile a]
sso_start_url = https://carry.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = Admin

[profile b]
sso_start_url = https://carry.awsapps.com/start/
sso_region = us-east-1
sso_account_id = 222222222222
sso_role_name = ReadOnly

[profile lapsed]
sso_start_url = https://lapsed.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 333333333333
sso_role_name = Dev
"""

# What a correct `--write` makes of CARRY_CONFIG (used by the selftest's fake tools).
CARRY_MIGRATED = """\
[sso-session carry]
sso_start_url = https://carry.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile a]
sso_session = carry
sso_account_id = 111111111111
sso_role_name = Admin

[profile b]
sso_session = carry
sso_account_id = 222222222222
sso_role_name = ReadOnly

[sso-session lapsed]
sso_start_url = https://lapsed.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile lapsed]
sso_session = lapsed
sso_account_id = 333333333333
sso_role_name = Dev
"""

# start URL -> (access token, hours from now until it expires). Two spellings of one portal:
# the one that expires last is profile b's `…/start/`, not the spelling the session keeps, so
# the carried file's startUrl differs from the session's (the readers must not mind). The third
# portal's token has expired.
CARRY_TOKENS = {
    "https://carry.awsapps.com/start": ("legacy-carry-start-1h", 1),
    "https://carry.awsapps.com/start/": ("legacy-carry-start-slash-2h", 2),
    "https://lapsed.awsapps.com/start": ("legacy-lapsed-expired", -1),
}
CARRY_EXPECTED_TOKEN = "legacy-carry-start-slash-2h"


def _stage_carry_home(workdir):
    home = Path(tempfile.mkdtemp(prefix="carryhome-", dir=workdir))
    aws = home / ".aws"
    cache = aws / "sso" / "cache"
    cache.mkdir(parents=True)
    (aws / "config").write_text(CARRY_CONFIG)
    now = datetime.datetime.now(datetime.timezone.utc)
    regions = {"carry": "us-east-1", "lapsed": "eu-west-1"}
    for url, (token, hours) in CARRY_TOKENS.items():
        expires = (now + datetime.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")
        region = regions["lapsed" if "lapsed" in url else "carry"]
        (cache / (sha1_hex(url) + ".json")).write_text(
            json.dumps({"startUrl": url, "region": region, "accessToken": token, "expiresAt": expires})
        )
    return home


def carry_scenario(bin_path, workdir):
    """Runs `BIN --write --carry-tokens` on CARRY_CONFIG with real legacy tokens in the cache and
    resolves every profile with botocore before and after, using only what is in the cache (no
    login). Returns (ok, message)."""
    home = _stage_carry_home(workdir)
    config = home / ".aws" / "config"
    spec = {"use_cache_as_is": True}
    before = run_worker(config, workdir, spec, home=home)
    env = clean_env(home, config, home / "empty-credentials")
    proc = subprocess.run(
        [str(bin_path), "--write", "--carry-tokens", "--color", "never"],
        capture_output=True, env=env, cwd=str(home), timeout=TOOL_TIMEOUT,
    )
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        return False, f"the tool exited {proc.returncode}: {stderr.strip()[-500:]}"
    after = run_worker(config, workdir, spec, home=home)
    problems = []
    if after.get("load_error"):
        return False, f"botocore cannot read the migrated file: {after['load_error']}"
    same = 0
    for name in ("a", "b"):
        eb, ea = before["e2e"].get(name, {}), after["e2e"].get(name, {})
        if "ok" not in eb:
            problems.append(f"profile {name!r}: the legacy token did not work before: {eb}")
            continue
        if "ok" not in ea:
            problems.append(f"profile {name!r}: worked before, fails after: {ea.get('error', ea)}")
            continue
        prov = after["resolved"][name]["provider"].get("ok", {})
        session = prov.get("sso_session")
        if not session:
            problems.append(f"profile {name!r} was not migrated to a session: {prov}")
            continue
        for k in ("account_id", "role_name", "sso_region"):
            if eb["ok"][k] != ea["ok"][k]:
                problems.append(f"profile {name!r}: portal saw {k} {eb['ok'][k]!r} before, {ea['ok'][k]!r} after")
        if ea["ok"]["token"] != CARRY_EXPECTED_TOKEN:
            problems.append(
                f"profile {name!r}: portal got token {ea['ok']['token']!r} after, not the carried {CARRY_EXPECTED_TOKEN!r}"
            )
        carried = home / ".aws" / "sso" / "cache" / (sha1_hex(session) + ".json")
        if not carried.is_file():
            problems.append(f"profile {name!r}: no token file for sso-session {session!r}")
        elif carried.stat().st_mode & 0o777 != 0o600:
            problems.append(f"sso-session {session!r}: token file mode {carried.stat().st_mode & 0o777:o}, not 600")
        if f"--sso-session {session}\n" in stderr.split("next:", 1)[-1] and "next:" in stderr:
            problems.append(f"sso-session {session!r}: the tool still tells the user to log in")
        same += 1
    eb, ea = before["e2e"].get("lapsed", {}), after["e2e"].get("lapsed", {})
    prov = after["resolved"]["lapsed"]["provider"].get("ok", {})
    session = prov.get("sso_session")
    if "UnauthorizedSSOTokenError" not in eb.get("error", ""):
        problems.append(f"profile 'lapsed': expected botocore to refuse the expired legacy token before, got {eb}")
    if not session:
        problems.append(f"profile 'lapsed' was not migrated to a session: {prov}")
    else:
        if (home / ".aws" / "sso" / "cache" / (sha1_hex(session) + ".json")).exists():
            problems.append(f"the expired token was carried into sso-session {session!r}")
        want = f"Token for {session} does not exist"
        if want not in ea.get("error", ""):
            problems.append(f"profile 'lapsed': expected {want!r} after, got {ea}")
        if f"aws sso login --sso-session {session}" not in stderr:
            problems.append(f"sso-session {session!r}: no login advice for the session that got no token")
    if problems:
        return False, "; ".join(problems)
    return True, (
        f"{same} migrated profiles got the same account and role with the carried token and no login; "
        f"1 profile with an expired legacy token failed before ({eb.get('error', '').split(':')[0]}) "
        f"and after ({ea.get('error', '')})"
    )


def _fake_carry_tool(path, copy_urls, note="carried"):
    """A stand-in for the tool: writes CARRY_MIGRATED and copies the legacy token files of
    `copy_urls` to the session names' cache files."""
    sessions = {"https://carry.awsapps.com/start": "carry", "https://carry.awsapps.com/start/": "carry",
                "https://lapsed.awsapps.com/start": "lapsed"}
    copies = [(sha1_hex(u), sha1_hex(sessions[u])) for u in copy_urls]
    path.write_text(
        f"#!{sys.executable}\nimport os, shutil, sys\n"
        f"cfg = os.environ['AWS_CONFIG_FILE']\nopen(cfg, 'w').write({CARRY_MIGRATED!r})\n"
        f"cache = os.path.join(os.environ['HOME'], '.aws', 'sso', 'cache')\n"
        f"for src, dst in {copies!r}:\n"
        f"    shutil.copy(os.path.join(cache, src + '.json'), os.path.join(cache, dst + '.json'))\n"
        f"    os.chmod(os.path.join(cache, dst + '.json'), 0o600)\n"
        f"sys.stderr.write({note!r} + '\\nnext: now, log in once per session:\\n  aws sso login --sso-session lapsed\\n')\n"
    )
    path.chmod(0o755)


CARRY_SELFTEST_CASES = [
    # (name, urls the fake tool copies, substring the failure must contain, or None to accept)
    ("carries the later token (positive control)", ["https://carry.awsapps.com/start/"], None),
    ("carries nothing", [], "Token for carry does not exist"),
    ("carries the token that expires first", ["https://carry.awsapps.com/start"], "not the carried 'legacy-carry-start-slash-2h'"),
    ("carries the expired token too", ["https://carry.awsapps.com/start/", "https://lapsed.awsapps.com/start"], "the expired token was carried"),
]


def carry_selftest(workdir):
    failures = []
    for i, (name, urls, must) in enumerate(CARRY_SELFTEST_CASES):
        fake = Path(workdir) / f"fake-carry-{i}"
        _fake_carry_tool(fake, urls)
        ok, msg = carry_scenario(fake, workdir)
        if must is None and not ok:
            failures.append(f"carry: {name}: the checker rejected a correct carry: {msg}")
        elif must is not None and ok:
            failures.append(f"carry: {name}: NOT caught ({msg})")
        elif must is not None and must not in msg:
            failures.append(f"carry: {name}: caught, but without {must!r}: {msg}")
    return failures


# --------------------------------------------------------------------------------------------
# Self-test: the checker must catch deliberately wrong migrations
# --------------------------------------------------------------------------------------------

SELFTEST_ORIGINAL = """\
[sso-session old]
sso_start_url = https://old.awsapps.com/start
sso_region = eu-west-1

[profile a]
sso_start_url = https://selftest.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = Admin
region = eu-west-1

[profile b]
sso_start_url = https://selftest.awsapps.com/start/
sso_region = us-east-1
sso_account_id = 222222222222
sso_role_name = ReadOnly
credential_process = /bin/false

[profile c]
sso_session = old
sso_account_id = 333333333333
sso_role_name = Dev

[profile chained]
role_arn = arn:aws:iam::444444444444:role/x
source_profile = a
sso_account_id = 444444444444
sso_role_name = Chained
sso_start_url = https://selftest.awsapps.com/start
sso_region = us-east-1

[profile broken]
sso_start_url = https://selftest.awsapps.com/start
sso_account_id = 555555555555
sso_role_name = Broken
"""

SELFTEST_GOOD = """\
[sso-session old]
sso_start_url = https://old.awsapps.com/start
sso_region = eu-west-1

[sso-session selftest]
sso_start_url = https://selftest.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile a]
sso_session = selftest
sso_account_id = 111111111111
sso_role_name = Admin
region = eu-west-1

[profile b]
sso_session = selftest
sso_account_id = 222222222222
sso_role_name = ReadOnly
credential_process = /bin/false

[profile c]
sso_session = old
sso_account_id = 333333333333
sso_role_name = Dev

[profile chained]
role_arn = arn:aws:iam::444444444444:role/x
source_profile = a
sso_account_id = 444444444444
sso_role_name = Chained
sso_session = selftest

[profile broken]
sso_start_url = https://selftest.awsapps.com/start
sso_account_id = 555555555555
sso_role_name = Broken
"""


# Duplicate section: botocore raises ConfigParseError.
SELFTEST_UNREADABLE = SELFTEST_ORIGINAL + "\n[profile a]\nregion = us-west-2\n"


def _mutate(old, new, count=1):
    assert SELFTEST_GOOD.count(old) >= count, old
    return SELFTEST_GOOD.replace(old, new, count)


# (name, tool exit code, tool stdout, fault knob, listed in expected-refusals, substrings that
# must all appear in the checker's FAIL message (None = the checker must accept)[, original])
SELFTEST_CASES = [
    ("correct migration (positive control)", 0, SELFTEST_GOOD, None, False, None),
    ("unchanged output (positive control)", 0, SELFTEST_ORIGINAL, None, False, None),
    (
        "wrong account",
        0,
        _mutate("sso_account_id = 222222222222", "sso_account_id = 999999999999"),
        None,
        False,
        ["profile 'b': SSOProvider: sso_account_id '222222222222' -> '999999999999'", "portal saw account_id '222222222222' before, '999999999999' after"],
    ),
    (
        "wrong role",
        0,
        _mutate("sso_role_name = Admin", "sso_role_name = Admin2"),
        None,
        False,
        ["sso_role_name 'Admin' -> 'Admin2'", "portal saw role_name 'Admin' before, 'Admin2' after"],
    ),
    (
        "wrong SSO region in the new session",
        0,
        _mutate("sso_region = us-east-1", "sso_region = us-east-2"),
        None,
        False,
        ["sso_region 'us-east-1' -> 'us-east-2'", "portal saw sso_region 'us-east-1' before, 'us-east-2' after"],
    ),
    (
        "different portal (not a spelling variant)",
        0,
        _mutate("sso_start_url = https://selftest.awsapps.com/start\nsso_region", "sso_start_url = https://selftest.awsapps.com/start2\nsso_region"),
        None,
        False,
        ["(different portal)"],
    ),
    (
        "profile gains an error (session name typo)",
        0,
        _mutate("[profile b]\nsso_session = selftest", "[profile b]\nsso_session = selftset"),
        None,
        False,
        ["profile 'b': SSOProvider resolved before, fails after", "end-to-end worked before, fails after"],
    ),
    (
        "session without sso_region, region left in the profile (token provider breaks)",
        0,
        _mutate("sso_region = us-east-1\nsso_registration_scopes", "sso_registration_scopes").replace(
            "sso_session = selftest\nsso_account_id = 111111111111", "sso_session = selftest\nsso_region = us-east-1\nsso_account_id = 111111111111"
        ),
        None,
        False,
        ["profile 'a': SSOTokenProvider fails after", "profile 'a': end-to-end worked before, fails after"],
    ),
    (
        "a failing profile starts working",
        0,
        _mutate("sso_start_url = https://selftest.awsapps.com/start\nsso_account_id = 555555555555", "sso_session = selftest\nsso_account_id = 555555555555"),
        None,
        False,
        ["profile 'broken': SSOProvider failed before"],
    ),
    (
        "non-SSO key changed",
        0,
        _mutate("\nregion = eu-west-1", "\nregion = eu-west-2"),
        None,
        False,
        ["profile 'a': non-SSO keys changed: region 'eu-west-1' -> 'eu-west-2'"],
    ),
    (
        "profile dropped",
        0,
        _mutate("[profile c]\n", "[profilx c]\n"),
        None,
        False,
        ["profile set changed: lost ['c']"],
    ),
    (
        "existing session changed",
        0,
        _mutate("sso_region = eu-west-1", "sso_region = eu-west-2"),
        None,
        False,
        ["existing sso-session 'old' changed"],
    ),
    (
        "migrated file botocore cannot read",
        0,
        SELFTEST_GOOD + "[profile a]\nregion = x\n",
        None,
        False,
        ["botocore cannot read the migrated file"],
    ),
    (
        "token planted under sha1(start URL) for a session profile (wrong cache key)",
        0,
        SELFTEST_GOOD,
        "session-token-at-url-key",
        False,
        ["end-to-end worked before, fails after: SSOTokenLoadError"],
    ),
    ("refusal of a file botocore reads, not listed", 2, b"", None, False, ["but botocore reads the file"]),
    ("listed refusal that is no longer refused", 0, SELFTEST_GOOD, None, True, ["listed in expected-refusals.txt but no longer refused"]),
    ("tool crash", 101, b"", None, False, ["the tool exited 101"]),
    ("refusal of a file botocore refuses too (positive control)", 2, b"", None, False, None, SELFTEST_UNREADABLE),
    ("listed refusal of a file botocore refuses anyway", 2, b"", None, True, ["botocore refuses it too"], SELFTEST_UNREADABLE),
    ("migration of a file botocore cannot read", 0, SELFTEST_GOOD, None, False, ["the tool migrated a file botocore cannot read"], SELFTEST_UNREADABLE),
]


def selftest(jobs):
    failures = []
    with tempfile.TemporaryDirectory(prefix="botocore-selftest-") as workdir:
        work = Path(workdir)
        # Every fake tool is written before any case runs: a fake written on one thread while
        # another forks is open for writing in that fork's child for a moment, and running it
        # then fails with "Text file busy" (ETXTBSY).
        def prepare(i, case):
            rc, stdout = case[1:3]
            case_dir = work / f"case{i}"
            case_dir.mkdir()
            original = case_dir / "original.config"
            original.write_text(case[6] if len(case) > 6 else SELFTEST_ORIGINAL)
            out_file = case_dir / "stdout"
            out_file.write_bytes(stdout if isinstance(stdout, bytes) else stdout.encode())
            fake = case_dir / "fake-aws-sso-migrate"
            fake.write_text(
                f"#!{sys.executable}\nimport sys\n"
                f"sys.stdout.buffer.write(open({str(out_file)!r}, 'rb').read())\n"
                f"sys.stderr.write('error: fake refusal\\n  x:1: fake reason\\n' if {rc} == 2 else '')\n"
                f"sys.exit({rc})\n"
            )
            fake.chmod(0o755)
            return fake, original

        prepared = [prepare(i, case) for i, case in enumerate(SELFTEST_CASES)]

        def one(i, case):
            name, rc, _, fault, listed, must = case[:6]
            fake, original = prepared[i]
            expected = {rel_name(original): "selftest"} if listed else {}
            status, msg, stats, _ = check_file(fake, original, expected, workdir, fault=fault)
            if must is None and rc == 2:
                if status != "refused-botocore":
                    return f"{name}: the checker did not accept a justified refusal: {msg}"
                return None
            if must is None:
                if status != "ok":
                    return f"{name}: the checker rejected a correct migration: {msg}"
                if stats["e2e"] != 3 or sum(stats["skipped"].values()) != 1:
                    return f"{name}: expected 3 end-to-end lookups and 1 skipped, got {stats}"
                return None
            if status != "fail":
                return f"{name}: NOT caught ({msg})"
            missing = [m for m in must if m not in msg]
            if missing:
                return f"{name}: caught, but without {missing}: {msg}"
            return None

        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            for err in pool.map(lambda ic: one(*ic), enumerate(SELFTEST_CASES)):
                if err:
                    failures.append(err)
        failures += carry_selftest(workdir)
    bad = sum(1 for c in SELFTEST_CASES if c[5] is not None) + sum(1 for c in CARRY_SELFTEST_CASES if c[2] is not None)
    good = len(SELFTEST_CASES) + len(CARRY_SELFTEST_CASES) - bad
    for f in failures:
        print(f"selftest FAIL: {f}")
    if failures:
        print(f"selftest: {len(failures)} of {len(SELFTEST_CASES) + len(CARRY_SELFTEST_CASES)} cases went wrong")
        return False
    print(f"selftest: {bad} wrong results caught, {good} correct ones accepted")
    return True


DOCTOR_SELFTEST_CONFIG = """\
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[profile good]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin

[profile dangling]
sso_session = nope
sso_account_id = 111111111111
sso_role_name = Admin

[default]
region = a

[profile default]
region = b
"""


def _doctor_json(findings, status="findings"):
    return json.dumps({"version": 1, "files": [{"path": "x", "status": status, "findings": findings}], "summary": {}})


def _claim(profile, line, code="missing_session", scope="profile", session=None):
    f = {"profile": profile, "line": line, "code": code, "severity": "error", "readers": [{"reader": "botocore", "scope": scope, "error": None}]}
    if session:
        f["session"] = session
    return f


# (name, tool exit code, --doctor JSON, whether the checker must accept it)
SECTION_KEYS_SELFTEST = [
    "[profile dev]\nregion = x\n  sso_region = eu-west-1\n[profile b]\nk = v\n",
    "[profile dev]\nregion = x\n\n  more\n  # note\nk = v\n",
    "[profile dev]\n  region = x\n  k = v\n",
    "[profile dev]\n; c\nREGION=x\nk: v\n",
]

DOCTOR_SELFTEST_CASES = [
    ("a true claim (positive control)", 1, _doctor_json([_claim("dangling", 10)]), True),
    ("a false claim about a working profile", 1, _doctor_json([_claim("good", 5)]), False),
    ("a false claim that botocore refuses the file", 1, _doctor_json([_claim("good", 5, "duplicate_section", "file")]), False),
    ("a false claim about every user of a session", 1, _doctor_json([_claim(None, 1, "session_lacks_key", "users", "corp")]), False),
    ("healthy although a profile fails", 0, _doctor_json([], "clean"), False),
    # Scope `section`: the profile it names, not the finding's (a header botocore ignores).
    (
        "a false claim that botocore lacks a profile it has",
        1,
        _doctor_json([{"section": " profile good ", "line": 1, "code": "botocore_ignores_header", "severity": "warning", "readers": [{"reader": "botocore", "scope": "section", "error": "The config profile (good) could not be found", "profile": "good"}]}]),
        False,
    ),
    (
        "botocore lacks the profile, with its text (positive control)",
        1,
        _doctor_json([{"section": " profile gone ", "line": 1, "code": "botocore_ignores_header", "severity": "warning", "readers": [{"reader": "botocore", "scope": "section", "error": "The config profile (gone) could not be found", "profile": "gone"}]}]),
        True,
    ),
    (
        "the earlier of two default sections said to win",
        1,
        _doctor_json([{"profile": "default", "line": 15, "code": "same_section_twice", "severity": "warning", "readers": [], "details": {"what": "profile", "name": "default", "other_line": 18}}]),
        False,
    ),
    (
        "the later of two default sections wins (positive control)",
        1,
        _doctor_json([{"profile": "default", "line": 18, "code": "same_section_twice", "severity": "warning", "readers": [], "details": {"what": "profile", "name": "default", "other_line": 15}}]),
        True,
    ),
]


def doctor_selftest():
    failures = []
    with tempfile.TemporaryDirectory(prefix="botocore-doctor-selftest-") as workdir:
        work = Path(workdir)
        config = work / "config"
        config.write_text(DOCTOR_SELFTEST_CONFIG)
        for i, (name, rc, doc, accept) in enumerate(DOCTOR_SELFTEST_CASES):
            out = work / f"doctor{i}.json"
            out.write_text(doc)
            fake = work / f"fake-doctor{i}"
            fake.write_text(f"#!{sys.executable}\nimport sys\nsys.stdout.write(open({str(out)!r}).read())\nsys.exit({rc})\n")
            fake.chmod(0o755)
            status, msg, _ = doctor_check_file(fake, config, workdir)
            if (status == "ok") != accept:
                failures.append(f"{name}: {'rejected' if accept else 'NOT caught'} ({msg})")
    # The keys the help's check reads in a section must be configparser's: continued values,
    # with a blank line inside, an indented comment, a key indented right under the header.
    for text in SECTION_KEYS_SELFTEST:
        parser = configparser.RawConfigParser()
        parser.read_string(text)
        want = {k: v for k, v in parser.items(parser.sections()[0])}
        got = _section_keys(text, 1)
        if got != want:
            failures.append(f"the keys of {text!r} read as {got}, not as configparser reads them: {want}")
    # Each of two sections under one header is read on its own, not merged as configparser would.
    twice = "[profile dev]\nregion = x\n[profile dev]\nk = v\n"
    if (_section_keys(twice, 1), _section_keys(twice, 3)) != ({"region": "x"}, {"k": "v"}):
        failures.append(f"the two sections of {twice!r} read as {_section_keys(twice, 1)} and {_section_keys(twice, 3)}")
    for f in failures:
        print(f"doctor selftest FAIL: {f}")
    if not failures:
        bad = sum(1 for c in DOCTOR_SELFTEST_CASES if not c[3])
        print(f"doctor selftest: {bad} false claims caught, {len(DOCTOR_SELFTEST_CASES) - bad} true ones accepted, "
              f"{len(SECTION_KEYS_SELFTEST)} sections' keys read as configparser reads them")
    return not failures


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", help="path of the aws-sso-migrate binary")
    ap.add_argument("--selftest", action="store_true", help="check the checker against hand-made wrong migrations, then exit")
    ap.add_argument("--jobs", type=int, default=2, help="files checked in parallel (default 2)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each end-to-end lookup")
    ap.add_argument("--doctor", action="store_true", help="check the claims of --doctor instead of migrations")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("files", nargs="*", help="config files (default: fixtures, corpus and conformance inputs)")
    args = ap.parse_args(argv)

    if args.worker:
        json.dump(worker_main(json.load(sys.stdin)), sys.stdout)
        return 0
    if args.selftest:
        return 0 if selftest(args.jobs) and doctor_selftest() else 1
    if not args.bin:
        ap.error("--bin PATH is required")
    bin_path = Path(args.bin).resolve()
    if not os.access(bin_path, os.X_OK):
        ap.error(f"not an executable: {args.bin}")
    inputs = [Path(os.path.abspath(f)) for f in args.files] if args.files else default_inputs()
    if args.doctor:
        return 0 if run_doctor_checks(bin_path, inputs, max(1, args.jobs)) else 1
    expected = read_expected_refusals(EXPECTED_REFUSALS)
    ok = run_checks(bin_path, inputs, expected, max(1, args.jobs), check_stale=not args.files, verbose=args.verbose)
    with tempfile.TemporaryDirectory(prefix="botocore-carry-") as workdir:
        carried, msg = carry_scenario(bin_path, workdir)
    print(f"carry scenario (--write --carry-tokens): {'ok' if carried else 'FAIL'}: {msg}")
    return 0 if ok and carried else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
