#!/bin/sh
# Migrate every user's ~/.aws/config on this machine to sso-session blocks, for an MDM (Jamf Pro,
# Microsoft Intune, ...) that runs a script as root. POSIX sh: runs with macOS's /bin/sh, dash
# and bash. It only finds the configs and maps the outcome to an exit status; aws-sso-migrate
# does every read and write (a backup first, each file's owner and mode kept, a refused file left
# untouched). Run with --help for the options and exit statuses.

# Defaults, for an MDM that passes no arguments (Intune): edit them here.
DRY_RUN=0       # 1: change nothing, exit 1 if any config would change
HOMES=""        # empty: /Users on macOS, /home elsewhere
REPORT=""       # empty: no JSON report
BINARY=""       # empty: aws-sso-migrate on PATH (or in /usr/local/bin, /opt/homebrew/bin)

set -u
# An MDM runs scripts with a minimal PATH; these are where the tool is usually installed.
PATH="$PATH:/usr/local/bin:/opt/homebrew/bin"
export PATH
# The tool's messages stay uncoloured in the MDM's log.
NO_COLOR=1
export NO_COLOR

me="migrate.sh"

usage() {
    cat <<'EOF'
Usage: migrate.sh [--dry-run] [--homes DIR] [--report FILE] [--binary PATH] [-- TOOL-OPTION...]

Migrates DIR/*/.aws/config (every user's AWS CLI config) to sso-session blocks with
aws-sso-migrate --write. Homes without a config are skipped. Run it as root: each file keeps
its owner, group and mode, and gets a backup next to it (config.aws-sso-migrate-<UTC>.bak).

Options:
  --dry-run        Change nothing; exit 1 if any config would change
  --homes DIR      The directory holding the homes [default: /Users on macOS, /home elsewhere]
  --report FILE    Write the tool's JSON report (schema/plan.schema.json) to FILE, mode 0600
  --binary PATH    The aws-sso-migrate binary [default: aws-sso-migrate on PATH]
  -h, --help       Print this help
  -- OPTION...     Pass the rest to aws-sso-migrate, e.g. -- --carry-tokens --session-name URL=NAME

Options also take the form --homes=DIR. Jamf Pro passes the target volume, computer name and
user name first: when the first argument is /, those three are skipped, and empty arguments
(unset policy parameters) are ignored, so each parameter from 4 on can hold one option.

Exit status (the policy's status in the MDM):
  0  done: every config migrated or already migrated, or no config found
  1  --dry-run: at least one config would change
  2  at least one config was not migrated (left as it was; the log and the report say why),
     or a config does not belong to its home's owner (left alone; in the log, not the report)
  3  nothing was done: a bad option (the script's or the tool's), no aws-sso-migrate, no DIR,
     or the report could not be written
EOF
}

fail() {
    printf '%s: error: %s\n' "$me" "$1" >&2
    exit 3
}

# Jamf Pro: $1 is the target volume (/), $2 the computer name, $3 the user name.
if [ "$#" -ge 3 ] && [ "$1" = "/" ]; then
    shift 3
fi

# Options, then the tool's own options after --. Those are kept in "$@" (the only array POSIX
# sh has): every argument is taken from the front, and the tool's options are put back at the end,
# so once each argument was seen once "$@" holds exactly the tool's options, in order.
tool_opts=0
n=$#
while [ "$n" -gt 0 ]; do
    arg=$1
    shift
    n=$((n - 1))
    if [ "$tool_opts" = 1 ]; then
        set -- "$@" "$arg"
        continue
    fi
    case $arg in
        "") ;;
        --dry-run) DRY_RUN=1 ;;
        --homes|--report|--binary)
            [ "$n" -gt 0 ] || fail "$arg needs a value"
            value=$1
            shift
            n=$((n - 1))
            case $arg in
                --homes) HOMES=$value ;;
                --report) REPORT=$value ;;
                --binary) BINARY=$value ;;
            esac
            ;;
        --homes=*) HOMES=${arg#*=} ;;
        --report=*) REPORT=${arg#*=} ;;
        --binary=*) BINARY=${arg#*=} ;;
        -h|--help) usage; exit 0 ;;
        --) tool_opts=1 ;;
        *) fail "unknown option \`$arg\` (see --help)" ;;
    esac
done

if [ -z "$HOMES" ]; then
    if [ "$(uname -s)" = Darwin ]; then HOMES=/Users; else HOMES=/home; fi
fi
[ -d "$HOMES" ] || fail "no directory \`$HOMES\` (give the directory holding the homes with --homes)"

if [ -z "$BINARY" ]; then
    BINARY=$(command -v aws-sso-migrate) || fail "aws-sso-migrate not found on PATH (install it, or give --binary)"
fi
if [ ! -x "$BINARY" ] || [ -d "$BINARY" ]; then
    fail "\`$BINARY\` is not an executable file"
fi

# The tool's JSON goes to a temp file: with --report, next to FILE and then renamed into place,
# so whoever watches FILE sees the old report or the whole new one and root never follows a link
# planted at FILE; without, it only tells a run over the files from an option the tool refused.
if [ -n "$REPORT" ]; then
    [ ! -d "$REPORT" ] || fail "the report \`$REPORT\` is a directory"
    report_dir=$(dirname -- "$REPORT")
    [ -d "$report_dir" ] || fail "no directory \`$report_dir\` for the report"
    json=$(umask 077 && mktemp "$report_dir/.aws-sso-migrate-report.XXXXXX") \
        || fail "cannot write the report in \`$report_dir\`"
else
    json=$(umask 077 && mktemp "${TMPDIR:-/tmp}/aws-sso-migrate-report.XXXXXX") \
        || fail "cannot create a temporary file"
fi
trap 'rm -f "$json"' EXIT
trap 'exit 3' HUP INT TERM

# The numeric owner of a file, through symlinks: ls -n is the portable way to get it (stat's
# flags differ between macOS and GNU), and only a number is read from it.
# shellcheck disable=SC2012
owner() {
    ls -ldnL -- "$1" 2>/dev/null | awk '{ print $3 }'
}

# Every home's config, after the tool's options and a `--`. A home without one (or with a
# dangling link, which the AWS CLI treats as no config) is skipped; hidden entries are not homes.
# A config (or the file its link points to) that does not belong to its home's owner is left
# alone: running as root, the script must not follow a user's link to someone else's file.
set -- "$@" --
found=0
foreign=0
for home in "$HOMES"/*/; do
    config="${home}.aws/config"
    [ -e "$config" ] || continue
    config_uid=$(owner "$config")
    home_uid=$(owner "$home")
    if [ "$config_uid" != "$home_uid" ]; then
        printf '%s: %s: not migrated: it belongs to uid %s, its home to uid %s\n' \
            "$me" "$config" "$config_uid" "$home_uid" >&2
        foreign=$((foreign + 1))
        continue
    fi
    set -- "$@" "$config"
    found=$((found + 1))
done

if [ "$found" -eq 0 ]; then
    if [ "$foreign" -gt 0 ]; then
        fail_status=2
    else
        fail_status=0
    fi
    echo "$me: no AWS CLI config to migrate in $HOMES/*/.aws/config"
    if [ -n "$REPORT" ]; then
        # What the tool reports for a run over no files.
        printf '%s\n' '{"version": 1, "files": [], "summary": {"files": 0, "clean": 0, "changing": 0, "failed": 0, "absent": 0}}' \
            >"$json" || fail "cannot write the report \`$REPORT\`"
        mv -f "$json" "$REPORT" || fail "cannot write the report \`$REPORT\`"
    fi
    exit "$fail_status"
fi

if [ "$DRY_RUN" = 1 ]; then mode=--check; else mode=--write; fi
echo "$me: $found AWS CLI config(s) in $HOMES/*/.aws/config: aws-sso-migrate $mode"

# The tool's summary (one line per file, then a count) goes to stderr, into the MDM's log.
"$BINARY" --format json --color never "$mode" "$@" >"$json"
status=$?

if [ ! -s "$json" ]; then
    # No report at all: the tool stopped before reading any file (it says why above).
    fail "aws-sso-migrate exited $status before migrating anything"
fi
# One line per file for the MDM's log (with --format json the tool prints only errors on
# stderr), with the codes of its warnings (a profile the credentials file keeps legacy, ...),
# which the report explains. Read from the tool's indented JSON, one key per line, without
# needing jq on the Mac; only the log uses it, the exit status comes from the tool.
awk '
    function flush() {
        if (path == "") return
        line = path ": " status
        if (warned) line = line " (" warned " warning" (warned > 1 ? "s" : "") ": " codes ")"
        print line
        path = ""; warned = 0; codes = ""
    }
    /^      "path": "/ { flush(); path = $0; sub(/^      "path": "/, "", path); sub(/",?$/, "", path) }
    /^      "status": "/ {
        status = $0; sub(/^      "status": "/, "", status); sub(/",?$/, "", status)
        count[status]++; files++
    }
    /^          "code": "/ {
        code = $0; sub(/^          "code": "/, "", code); sub(/",?$/, "", code)
        codes = (warned ? codes ", " : "") code; warned++; with_warnings[path] = 1
    }
    END {
        flush()
        line = files " file(s):"
        n = split("clean would-change changed failed", order, " ")
        for (i = 1; i <= n; i++) if (count[order[i]]) line = line " " count[order[i]] " " order[i]
        for (p in with_warnings) w++
        if (w) line = line "; " w " with warnings (the report has them)"
        print line
    }
' "$json"

# The report is written whatever the status: when a config failed, it says which and why.
if [ -n "$REPORT" ]; then
    mv -f "$json" "$REPORT" || fail "cannot write the report \`$REPORT\`"
fi

case $status in
    0) echo "$me: done" ;;
    1) echo "$me: dry run: at least one config would change" ;;
    2) echo "$me: at least one config was not migrated and was left as it was (see above)" ;;
    *) echo "$me: aws-sso-migrate exited $status"; status=2 ;;
esac
if [ "$foreign" -gt 0 ]; then
    echo "$me: $foreign config(s) not migrated because they do not belong to their home's owner (see above)"
    status=2
fi
exit "$status"
