#!/usr/bin/env python3
"""Writes configs that pair spellings of a legacy profile's header with spellings of an
existing sso-session's header for the same portal, for the JavaScript and Ruby checks
(`scripts/test` runs both on them). Each file has a profile without SSO settings first (an SDK
that reads no header in the next line gives it the keys under that line), then the legacy
profile and the session in either order, with `\\n` or `\\r\\n` line endings. The SDKs read
these headers differently from botocore and from each other: spaces and tabs around and
between the words, quotes, comments after the `]`, `profile.` and bare names, no-break spaces,
text inside the brackets or after the `]`.

    python3 interop/header-variants.py DIR    # writes DIR/variant-NNNN.config
"""

import itertools
import sys
from pathlib import Path

PROFILE_HEADERS = [
    "[profile b]", "[profile b] ;x", "[profile b] #x", "[profile b];x", "[profile b]#x",
    "[ profile b ]", "[profile  b]", "[profile\tb]", '[profile "b"]', "[profile 'b']",
    "[profile b ]", "[profile b] ", "[profile b]\t", "[PROFILE b]", "[profile b.c]",
    "[profile.b]", "[b]", "[default]", "[profile default]", "[ default ]", "[profile b] # ;x",
    "[profile b]  #  x", "[profile\u00a0b]", "[profile b\u00a0]", "[profile b-c_d]",
    "[profile b@c]", "[profile b:c]", "[profile b/c]", "[profile b%c]", "[profile b+c]",
    "[profile sso-session]", "[profile profile b]",
    # Text inside the brackets or after the `]`: botocore's header runs to the last `]`.
    "[profile b]x", "[profile b#c]", "[profile b #c]", "[profile b c]",
]
SESSION_HEADERS = [
    "[sso-session corp]", "[sso-session corp] ;x", "[sso-session corp] #x",
    "[sso-session corp];x", "[sso-session corp]#x", "[ sso-session corp ]",
    "[sso-session  corp]", "[sso-session\tcorp]", "[sso-session 'corp']", '[sso-session "corp"]',
    "[sso-session corp ]", "[sso-session.corp]", "[profile sso-session corp]",
    "[sso-session corp] ", "[sso-session corp.x]", "[sso-session Corp]",
    "[sso-session\u00a0corp]", "[sso-session corp]x", "[sso-session corp #x]",
]
LEGACY = (
    "sso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n"
    "sso_account_id = 111111111111\nsso_role_name = Dev\n"
)
SESSION = "sso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n"


def variants():
    """Every file's text."""
    for profile, session in itertools.product(PROFILE_HEADERS, SESSION_HEADERS):
        legacy = f"{profile}\n{LEGACY}\n"
        existing = f"{session}\n{SESSION}\n"
        for body in (legacy + existing, existing + legacy):
            text = "[profile tools]\nregion = eu-west-1\n\n" + body
            for ending in ("\n", "\r\n"):
                yield text.replace("\n", ending)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: header-variants.py DIR")
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for count, text in enumerate(variants(), start=1):
        (out / f"variant-{count:04d}.config").write_bytes(text.encode())
    print(f"{count} header variants in {out}")


if __name__ == "__main__":
    main()
