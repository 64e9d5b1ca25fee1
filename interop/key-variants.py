#!/usr/bin/env python3
"""Writes configs with spellings of the key lines of a legacy profile and of an existing
sso-session for the same portal, for the JavaScript and Ruby checks (`scripts/test` runs both
on them). botocore reads a key in any case, with `:` as well as `=`, and an indented line
right under a header as a key; the other SDKs differ in each (src/aws/key_lines.rs). Each file
has a profile without SSO settings first, then:

- one key line of the legacy profile spelled otherwise, with and without a session of the
  portal below it;
- one key line of the session spelled otherwise, below and above the legacy profile;
- every key line of the profile (or of the session) spelled the same way;
- a line added at each place in the legacy profile (comments, blanks, an indented line,
  `sso_session` in other cases, other keys);

each with `\\n` and `\\r\\n` line endings.

    python3 interop/key-variants.py DIR    # writes DIR/variant-NNNN.config
"""

import sys
from pathlib import Path

URL = "https://corp.awsapps.com/start"
REGION = "eu-west-1"
HEAD = "[profile tools]\nregion = eu-west-1\n\n"
LEGACY_REST = [("sso_account_id", "111111111111"), ("sso_role_name", "Dev")]


def spellings(key, value):
    """A key line written in each way the SDKs may read otherwise (the first is the CLI's)."""
    title = "_".join(part.capitalize() for part in key.split("_"))
    return [
        f"{key} = {value}", f"{key}={value}", f"{key}  =  {value}", f"{key}\t=\t{value}",
        f"{key.upper()} = {value}", f"{title} = {value}", f" {key} = {value}",
        f"\t{key} = {value}", f"  {key}={value}", f"{key} = {value} ", f"{key}: {value}",
        f"{key} : {value}", f"{key}:{value}", f"{key} = {value} ;c", f"{key} = {value} #c",
        f"{key} = {value};c", f'{key} = "{value}"', f"{key} = {value} = x",
        f"{key.replace('_', '-')} = {value}", f"{key} = \u00a0{value}",
    ]


def form(i, key, value):
    """Key line spelling `i` of `key`."""
    return spellings(key, value)[i]


FORMS = len(spellings("k", "v"))
URL_VALUES = [f"{URL}/", f"{URL}#/", "HTTPS://CORP.AWSAPPS.COM/start", f"{URL}?x=1",
              "https://corp.awsapps.com:443/start"]


def legacy(url_line, region_line, rest=None):
    rest = rest if rest is not None else [f"{k} = {v}" for k, v in LEGACY_REST]
    return "\n".join(["[profile b]", url_line, region_line, *rest]) + "\n\n"


def session(url_line, region_line):
    return f"[sso-session corp]\n{url_line}\n{region_line}\n\n"


PLAIN_URL = f"sso_start_url = {URL}"
PLAIN_REGION = f"sso_region = {REGION}"
PLAIN_SESSION = session(PLAIN_URL, PLAIN_REGION)


def bodies():
    """Each file's text, before its line endings are chosen."""
    url_lines = [form(i, "sso_start_url", URL) for i in range(FORMS)]
    url_lines += [f"sso_start_url = {v}" for v in URL_VALUES]
    region_lines = [form(i, "sso_region", REGION) for i in range(FORMS)]
    region_lines += ["sso_region = EU-WEST-1", "sso_region = eu-west-2"]
    # One key line of the legacy profile spelled otherwise.
    for u, r in [(u, PLAIN_REGION) for u in url_lines] + [(PLAIN_URL, r) for r in region_lines]:
        for below in ("", PLAIN_SESSION):
            yield legacy(u, r) + below
    # One key line of the session spelled otherwise.
    for u, r in [(u, PLAIN_REGION) for u in url_lines] + [(PLAIN_URL, r) for r in region_lines]:
        profile, existing = legacy(PLAIN_URL, PLAIN_REGION), session(u, r)
        yield profile + existing
        yield existing + profile
    # Every key line of the profile, or of the session, spelled the same way.
    for i in range(FORMS):
        rest = [form(i, k, v) for k, v in LEGACY_REST]
        spelled = legacy(form(i, "sso_start_url", URL), form(i, "sso_region", REGION), rest)
        yield spelled
        yield spelled + PLAIN_SESSION
        existing = session(form(i, "sso_start_url", URL), form(i, "sso_region", REGION))
        yield legacy(PLAIN_URL, PLAIN_REGION) + existing
    # A line added at each place in the legacy profile.
    extras = ["# c", "; c", "  # c", "", "  continued", "sso_session = corp", "SSO_SESSION = corp",
              "Sso_Session = corp", " sso_session = corp", "sso_session: corp",
              "sso_region = eu-west-2", "region = us-east-1",
              "sso_registration_scopes = sso:account:access", "source_profile = tools"]
    lines = [PLAIN_URL, PLAIN_REGION] + [f"{k} = {v}" for k, v in LEGACY_REST]
    for extra in extras:
        for at in range(len(lines) + 1):
            body = "\n".join(["[profile b]", *lines[:at], extra, *lines[at:]]) + "\n\n"
            for below in ("", PLAIN_SESSION):
                yield body + below


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: key-variants.py DIR")
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for body in bodies():
        for ending in ("\n", "\r\n"):
            count += 1
            text = (HEAD + body).replace("\n", ending)
            (out / f"variant-{count:04d}.config").write_bytes(text.encode())
    print(f"{count} key variants in {out}")


if __name__ == "__main__":
    main()
