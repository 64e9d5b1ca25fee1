"""The benchmark driver behind scripts/bench: generates the inputs, times the release binary end to
end against GNU diff -u, botocore's load_config and a bare configparser read, and checks the speed
and memory targets of the README's Performance section.

It reports; it never fails because a target is missed (unless --strict). Timings are medians of a
few runs, each from process start to exit (posix_spawn to wait4), and so is the tool's CPU time
(user and system, every thread, from wait4); peak memory comes from one run under
/usr/bin/time -v. Run it through scripts/bench, which builds what it needs first.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
# A measurement whose first run is shorter than FAST seconds gets at least FAST_RUNS runs.
FAST, FAST_RUNS = 0.05, 21

# The botocore measurement: load_config alone, timed inside the interpreter (its start-up and the
# import of botocore are left out, which only makes botocore look faster).
BOTOCORE_SNIPPET = """
import sys, time
import botocore.configloader as loader
t0 = time.perf_counter()
cfg = loader.load_config(sys.argv[1])
t1 = time.perf_counter()
print(t1 - t0, len(cfg.get('profiles', {})))
"""


class Input:
    """One benchmark input: how to make it, and which targets apply to it."""

    def __init__(self, name, kind, n, ratio_targets=False, slow=False, source=None):
        self.name, self.kind, self.n = name, kind, n
        self.ratio_targets = ratio_targets
        self.slow = slow
        self.source = source  # a committed file to copy instead of generating


def human_n(n):
    for div, suffix in ((1_000_000, "m"), (1_000, "k")):
        if n >= div and n % div == 0:
            return f"{n // div}{suffix}"
    return str(n)


def inputs_for(args):
    sizes = args.sizes
    out = [
        Input("seed-12", "mixed", 12),
        Input("readme-example", None, 0, source=REPO / "fixtures/two-layer/config"),
    ]
    for n in sizes:
        out.append(Input(f"mixed-{human_n(n)}", "mixed", n, ratio_targets=n >= 100_000))
    if args.quick:
        # Every adversarial shape, small: a smoke test of the generator and of the tool on them.
        adversarial = [
            ("all-change", 1_000, False),
            ("one-portal", 1_000, False),
            ("many-portals", 100, False),
            ("colliding-portals", 100, False),
            ("tiny-sections", 10_000, False),
            ("identical-sections", 1_000, False),
            ("huge-comment", 10_000, False),
            ("junk-line", 1_000_000, False),
        ]
    else:
        adversarial = [
            ("all-change", 100_000, False),
            ("one-portal", 100_000, False),
            ("many-portals", 10_000, False),
            ("colliding-portals", 10_000, True),
            ("tiny-sections", 1_000_000, True),
            ("identical-sections", 5_000, False),
            ("huge-comment", 300_000, False),
            ("junk-line", 200_000_000, True),
        ]
    if not args.no_adversarial:
        for kind, n, slow in adversarial:
            if slow and args.skip_slow:
                continue
            label = f"{human_n(n)}" if kind != "junk-line" else f"{n // 1_000_000}mb"
            # The speed ratios are targets at full size only; small inputs measure process start.
            out.append(Input(f"{kind}-{label}", kind, n, ratio_targets=not args.quick, slow=slow))
    return out


# Shapes that once grew with the square of their size, each timed at N and GROWTH_FACTOR x N
# (the generator's N; the tool's arguments before the file): the larger may take at most
# GROWTH_LIMIT times as long. The smaller N is where a run takes tens of milliseconds.
GROWTH = [
    ("wide-defaults", 5_000, []),
    ("wide-defaults", 5_000, ["--doctor"]),
    ("deep-chain", 5_000, ["--doctor"]),
    ("portal-spellings", 5_000, ["--doctor"]),
    # The check-up's JSON, which held an entry of every finding until the end of the run.
    ("portal-spellings", 5_000, ["--doctor", "--format", "json"]),
    ("managed-blocks", 10_000, []),
    ("managed-blocks", 10_000, ["--doctor"]),
    ("many-regions", 5_000, []),
    # A profile of each of N regions left out of its own session and placed in a later one:
    # each searched every session.
    ("default-spellings", 5_000, []),
    # The token report of 10,000 portals: each profile searched every row for its own.
    ("many-portals", 5_000, ["--tokens"]),
    ("role-chains", 5_000, ["--format", "mermaid"]),
    # A profile a section, each drawn: the drawings held a node of over 100 bytes a profile.
    ("tiny-sections", 100_000, ["--format", "tree"]),
    ("tiny-sections", 100_000, ["--format", "mermaid"]),
    # The check-up of a file with no role chain, which still made a chain walk of every section.
    ("tiny-sections", 100_000, ["--doctor"]),
    ("credential-process", 5_000, ["--doctor"]),
    # Loops of 1,000 profiles, each of which the check-up tells of the loop.
    ("source-loops", 5_000, ["--doctor"]),
    ("source-loops", 5_000, ["--doctor", "--format", "json"]),
    # Three findings a profile in a file botocore reads (capitals, `:`, a comment after a value).
    ("key-spellings", 5_000, ["--doctor"]),
    ("key-spellings", 5_000, ["--doctor", "--format", "json"]),
    # One section the readers read whole, one long section nothing changes, and a refused file
    # with a problem on every line.
    ("long-profile", 20_000, []),
    ("long-default", 80_000, []),
    ("lone-cr", 20_000, []),
    # A finding on every line (a file whose lines all end in a lone carriage return), each on
    # readers that read its profile otherwise, and the next one's for the line above a header.
    ("lone-cr", 20_000, ["--doctor"]),
    # A refused file with a problem or two on every line, refused and then checked up.
    ("broken-lines", 5_000, []),
    ("broken-lines", 5_000, ["--doctor"]),
    # An indented SSO key line in every legacy profile: each profile asked for its own in the
    # file's list of them, which a walk of the list made square (40,000: 0.37 s, 0.05 s after).
    ("continued-keys", 5_000, []),
]
GROWTH_FACTOR, GROWTH_LIMIT = 4, 5.0
# The shapes the tool refuses (exit 2) but checks up; the others exit 0, or 1 with --doctor's
# findings.
GROWTH_REFUSED = {"lone-cr", "broken-lines"}


def growth(args, env):
    """Times each GROWTH shape at N and GROWTH_FACTOR x N (a tenth of those with --quick, where
    process start dominates and nothing is judged)."""
    work = Path(args.work)
    rows = []
    for kind, n, tool_args in GROWTH:
        if args.quick:
            n //= 10
        label = " ".join([kind] + tool_args)
        print(f"growth: {label} ...", end="", flush=True)
        row = {"kind": kind, "args": tool_args, "n": n, "measures": [], "sizes": []}
        for size in (n, n * GROWTH_FACTOR):
            path = work / "in" / f"growth-{kind}-{human_n(size)}.config"
            subprocess.run([args.gen, kind, str(size), str(path)], check=True,
                           capture_output=True)
            row["sizes"].append(path.stat().st_size)
            # --doctor exits 1 when it has findings. The peak memory of the larger is shown.
            refused = kind in GROWTH_REFUSED and "--doctor" not in tool_args
            ok = (2,) if refused else (0, 1)
            row["measures"].append(repeat([args.bin] + tool_args + [path], "/dev/null", args,
                                          env, memory=size > n, ok_codes=ok))
        print(" " + " -> ".join(cell(m) for m in row["measures"]), flush=True)
        rows.append(row)
    return rows


class Run:
    """The outcome of one process: wall time, CPU time (user and system, all its threads), exit
    code, peak RSS (from wait4), timed out or not."""

    def __init__(self, secs, cpu, rc, maxrss_kb, timed_out):
        self.secs, self.cpu, self.rc = secs, cpu, rc
        self.maxrss_kb, self.timed_out = maxrss_kb, timed_out


def spawn(argv, stdout, stderr="/dev/null", env=None, timeout=600.0):
    """Runs argv with stdin from /dev/null and stdout/stderr to files; times start to exit.
    The files are opened (and emptied) before the clock starts: emptying the last run's output
    (18 MB of diff for a 100,000-profile input, which the file system may still be writing out)
    is this harness's work, not the command's (docs/performance.md, "The benchmark's clock")."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    state = {"done": False, "killed": False}
    lock = threading.Lock()
    fds = []
    try:
        for path, how in (("/dev/null", os.O_RDONLY), (stdout, flags), (stderr, flags)):
            fds.append(os.open(str(path), how, 0o644))
        actions = [(os.POSIX_SPAWN_DUP2, fd, target) for target, fd in enumerate(fds)]
        t0 = time.perf_counter()
        pid = os.posix_spawn(argv[0], [str(a) for a in argv], env or os.environ,
                             file_actions=actions, setpgroup=0)
    finally:
        for fd in fds:
            os.close(fd)

    def kill():
        with lock:
            if not state["done"]:
                state["killed"] = True
                try:
                    os.killpg(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    timer = threading.Timer(timeout, kill)
    timer.start()
    _, status, usage = os.wait4(pid, 0)
    t1 = time.perf_counter()
    with lock:
        state["done"] = True
    timer.cancel()
    return Run(t1 - t0, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status),
               usage.ru_maxrss, state["killed"])


class Measure:
    """A median over repeated runs, or why there is none."""

    def __init__(self):
        self.samples, self.status, self.peak_kb, self.rc = [], "ok", None, None
        self.cpu_samples = []

    @property
    def median(self):
        return statistics.median(self.samples) if self.samples else None

    @property
    def cpu_median(self):
        return statistics.median(self.cpu_samples) if self.cpu_samples else None


def repeat(argv, stdout, args, env=None, stderr="/dev/null", memory=False, ok_codes=(0,)):
    """Times argv: one run under /usr/bin/time -v first when memory is wanted (it also warms the
    page cache; if it already took longer than the budget it is the only sample), then up to
    --repeat runs until --budget seconds are spent."""
    m = Measure()
    if memory:
        report = Path(args.work) / "time-v.txt"
        r = spawn([args.gnu_time, "-v", "-o", report] + list(argv), stdout, stderr, env,
                  args.timeout)
        m.rc = r.rc
        if r.timed_out:
            m.status = "timeout"
            return m
        text = report.read_text(errors="replace")
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        m.peak_kb = int(found.group(1)) if found else None
        code = re.search(r"Exit status: (\d+)", text)
        m.rc = int(code.group(1)) if code else r.rc
        if m.rc not in ok_codes:
            m.status = f"exit {m.rc}"
            return m
        if r.secs > args.budget:
            m.samples.append(r.secs)
            m.cpu_samples.append(r.cpu)
            return m
    timed = in_turn([(argv, stdout, stderr, None)], args, env, ok_codes)[0]
    timed.peak_kb = m.peak_kb
    return timed


def in_turn(commands, args, env=None, ok_codes=(0,)):
    """Times each of commands, (argv, stdout, stderr, prepare), once a round and in turn, so that
    all are timed in the same minutes: up to --repeat rounds (FAST_RUNS when the first run takes
    under FAST) until --budget seconds are spent. `prepare`, where not None, runs before its
    command each round, untimed. A run that fails or times out ends the measurement: its
    Measure says why."""
    measures = [Measure() for _ in commands]
    spent = 0.0
    rounds = args.repeat
    i = 0
    while i < rounds:
        i += 1
        for m, (argv, stdout, stderr, prepare) in zip(measures, commands):
            if prepare:
                prepare()
            r = spawn(argv, stdout, stderr, env, args.timeout)
            m.rc = r.rc
            if r.timed_out:
                m.status = "timeout"
                return measures
            if r.rc not in ok_codes:
                m.status = f"exit {r.rc}"
                return measures
            m.samples.append(r.secs)
            m.cpu_samples.append(r.cpu)
            spent += r.secs
        if i == 1 and measures[0].samples[0] < FAST:
            # Millisecond runs are cheap and noisy on a shared machine: take many more.
            rounds = max(rounds, FAST_RUNS)
        if spent > args.budget:
            break
    return measures


def fmt_secs(s):
    if s is None:
        return "-"
    if s < 1:
        return f"{s * 1000:.1f} ms" if s < 0.1 else f"{s * 1000:.0f} ms"
    return f"{s:.2f} s"


def floor_cell(floor):
    """A check's last column: the tool's CPU time over the cores against the time the target
    allows (`>` where it is more), or "-" for a check that gives no time."""
    if floor is None:
        return "-"
    sign = ">" if floor["beyond"] else "<="
    return f"{fmt_secs(floor['cpu_over_cores'])} {sign} {fmt_secs(floor['allowed'])}"


def fmt_size(b):
    if b >= MB:
        return f"{b / MB:.1f} MB"
    return f"{b / 1024:.1f} KB"


def cell(m):
    """A measurement as a table cell: the median, or what went wrong."""
    if m is None:
        return "-"
    if m.status != "ok":
        return m.status.upper() if m.status == "timeout" else m.status
    return fmt_secs(m.median)


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def x(v):
    """A ratio as the tables show it."""
    return "-" if v is None else f"{v:.2f}x"


def peak_cells(m, size):
    """A measure's peak memory and its ratio to the file's size, as table cells."""
    peak = m.peak_kb * 1024 if m.peak_kb else None
    return fmt_size(peak) if peak else "-", x(ratio(peak, size))


def machine():
    def sh(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return ""

    model = ""
    for line in sh(["lscpu"]).splitlines():
        if line.startswith("Model name:"):
            model = line.split(":", 1)[1].strip()
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    commit = sh(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    # The commit that last changed the tool itself: what "before" and "after" compare.
    tool = sh(["git", "-C", str(REPO), "log", "-1", "--format=%h", "--", "src", "Cargo.toml",
               "Cargo.lock"])
    dirty = sh(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"])
    return {
        "cpus": sh(["nproc"]),
        "model": model or platform.processor(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "load": os.getloadavg(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": commit + ("-dirty" if dirty else ""),
        "tool_commit": tool,
    }


def main():
    p = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true",
                   help="small inputs only (N = 100, 1,000; small adversarial shapes): a smoke run")
    p.add_argument("--sizes", type=lambda s: [int(x.replace("_", "")) for x in s.split(",")],
                   help="profile counts of the mixed inputs (default 100,1000,10000,100000)")
    p.add_argument("--skip-slow", action="store_true",
                   help="leave out the slowest adversarial inputs (one million sections, "
                        "10,000 colliding portals, a 200 MB line)")
    p.add_argument("--no-adversarial", action="store_true", help="only the mixed inputs")
    p.add_argument("--repeat", type=int, default=None, help="timed runs per measurement (5)")
    p.add_argument("--budget", type=float, default=10.0,
                   help="stop repeating a measurement after this many seconds (10)")
    p.add_argument("--timeout", type=float, default=600.0,
                   help="kill and report a run after this many seconds (600)")
    p.add_argument("--strict", action="store_true", help="exit 1 when any target is missed")
    p.add_argument("--bin", required=True, help="the release binary (scripts/bench sets it)")
    p.add_argument("--gen", required=True, help="bench-gen (scripts/bench sets it)")
    p.add_argument("--configparser", required=True,
                   help="configparser-read (scripts/bench sets it)")
    p.add_argument("--python", help="a Python with botocore; without it botocore is skipped")
    p.add_argument("--gnu-time", default="/usr/bin/time", help="GNU time, for peak memory")
    p.add_argument("--work", default=str(REPO / "target/bench"),
                   help="where inputs, outputs and results go (target/bench)")
    args = p.parse_args()
    if args.sizes is None:
        args.sizes = [100, 1_000] if args.quick else [100, 1_000, 10_000, 100_000]
    if args.repeat is None:
        args.repeat = 3 if args.quick else 5
    diff_bin = shutil.which("diff")
    if not diff_bin:
        sys.exit("scripts/bench: GNU diff is missing (apt-get install diffutils)")

    work = Path(args.work)
    for sub in ("in", "after", "out", "home", "write"):
        (work / sub).mkdir(parents=True, exist_ok=True)
    # The tool never sees a real ~/.aws: HOME and AWS_CONFIG_FILE point into the work directory.
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(work / "home"),
        "AWS_CONFIG_FILE": str(work / "home/no-config"),
        "NO_COLOR": "1",
        "LC_ALL": "C",
    }
    m = machine()
    header = (f"scripts/bench on {m['commit']} (tool last changed in {m['tool_commit']}), "
              f"{m['date']}: {m['cpus']} CPUs ({m['model']}), {m['memory_gb']} GB, "
              f"load {m['load'][0]:.2f} {m['load'][1]:.2f} {m['load'][2]:.2f}")
    print(f"# {header}", flush=True)
    baseline = repeat(["/bin/true"], "/dev/null", args, env)
    print(f"# process start-to-exit floor (/bin/true): {fmt_secs(baseline.median)}", flush=True)

    rows = []
    for inp in inputs_for(args):
        path = work / "in" / f"{inp.name}.config"
        if inp.source:
            shutil.copyfile(inp.source, path)
            profiles = "-"
        else:
            out = subprocess.run([args.gen, inp.kind, str(inp.n), str(path)], check=True,
                                 capture_output=True, text=True).stdout
            profiles = out.strip().split("=", 1)[1]
        size = path.stat().st_size
        print(f"{inp.name}: {fmt_size(size)}, {profiles} profiles ...", end="", flush=True)
        after = work / "after" / f"{inp.name}.config"
        made = spawn([args.bin, "--format", "config", path], after, "/dev/null", env, args.timeout)
        have_after = made.rc == 0 and not made.timed_out
        # Exit 2 is the tool refusing a file it cannot read safely (a line over its limit): timed
        # like a migration, and shown in the table.
        tool = repeat([args.bin, path], work / "out" / f"{inp.name}.diff", args, env,
                      stderr=work / "out" / f"{inp.name}.stderr", memory=True, ok_codes=(0, 2))
        diff = repeat([diff_bin, "-u", path, after], work / "out" / f"{inp.name}.gnu.diff", args,
                      env, ok_codes=(0, 1)) if have_after else None
        boto = None
        if args.python:
            boto = Measure()
            for _ in range(args.repeat):
                try:
                    res = subprocess.run([args.python, "-c", BOTOCORE_SNIPPET, str(path)],
                                         capture_output=True, text=True, check=False,
                                         timeout=args.timeout)
                except subprocess.TimeoutExpired:
                    boto.status = "timeout"
                    break
                if res.returncode != 0:
                    boto.status = f"exit {res.returncode}"
                    break
                boto.samples.append(float(res.stdout.split()[0]))
                if sum(boto.samples) > args.budget:
                    break
        cp = repeat([args.configparser, path], "/dev/null", args, env)
        row = {"input": inp, "size": size, "profiles": profiles, "tool": tool, "diff": diff,
               "boto": boto, "cp": cp, "after_status": "ok" if have_after else
               ("timeout" if made.timed_out else f"exit {made.rc}")}
        rows.append(row)
        print(f" tool {cell(tool)}", flush=True)

    # --write on the biggest mixed input, on a copy, against that input's dry run: the two in
    # turn, a dry run then a write each round, so that both are timed in the same minutes (this
    # machine's speed, and its fsync, move from minute to minute).
    write_row = None
    mixed = [r for r in rows if r["input"].kind == "mixed" and r["input"].n in args.sizes]
    if mixed:
        big = max(mixed, key=lambda r: r["input"].n)
        src = work / "in" / f"{big['input'].name}.config"
        target = work / "write" / "config"

        def fresh_copy():
            for old in (work / "write").glob("config*"):
                old.unlink()
            shutil.copyfile(src, target)

        dry, w = in_turn([
            ([args.bin, src], work / "out" / "write-dry.diff", "/dev/null", None),
            ([args.bin, "--write", target], work / "out" / "write.diff",
             work / "out" / "write.stderr", fresh_copy),
        ], args, env)
        # The target is set on 100,000 profiles; on a smaller file the write's two fsyncs weigh
        # as much as the dry run: shown, not judged.
        write_row = {"input": big["input"].name, "write": w, "dry": dry,
                     "judged": big["input"].n >= 100_000}

    growth_rows = [] if args.no_adversarial else growth(args, env)
    results, verdicts = render(rows, write_row, growth_rows, baseline, args)
    end_load = os.getloadavg()
    results = (f"{header}; load at the end {end_load[0]:.2f} {end_load[1]:.2f} "
               f"{end_load[2]:.2f}.\n\n{results}")
    print(results)
    (work / "results.md").write_text(results)
    as_json = json.dumps({"machine": m, "verdicts": verdicts}, indent=1)
    (work / "results.json").write_text(as_json)
    # Every run is kept too: one run's verdicts say as much about its minute as about the tool,
    # and scripts/bench-verdicts gives each check's verdicts over several.
    kept = work / "runs" / f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{m['commit']}"
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.with_suffix(".json").write_text(as_json)
    kept.with_suffix(".md").write_text(results)
    missed = [v for v in verdicts if v["verdict"] not in ("PASS", "n/a")]
    passed = sum(v["verdict"] == "PASS" for v in verdicts)
    unjudged = sum(v["verdict"] == "n/a" for v in verdicts)
    beyond = sum(1 for v in missed if v["floor"] and v["floor"]["beyond"])
    print(f"{passed} of {len(verdicts)} target checks pass, {len(missed)} missed"
          + (f" ({beyond} of them time targets below the tool's CPU time over the cores)"
             if beyond else "")
          + (f", {unjudged} not judged (n/a)" if unjudged else "")
          + ("" if args.strict else " (report only; --strict makes a miss fail)"))
    print(f"inputs, outputs and results.md are in {work}; this run is kept as "
          f"{kept.with_suffix('.json')} (scripts/bench-verdicts {work / 'runs'}/*.json: each "
          "check's verdicts over the runs kept)")
    return 1 if args.strict and missed else 0


def render(rows, write_row, growth_rows, baseline, args):
    lines = []
    lines.append("| input | size | profiles | exit | tool (dry run) | tool CPU | diff -u"
                 " | diff/tool | botocore load | botocore/tool | configparser | tool/configparser"
                 " | peak RSS | RSS/size |")
    lines.append("|" + " --- |" * 14)
    verdicts = []
    # The cores the tool may run on: its CPU time over them is the least wall time any sharing
    # of its work between them could give. (No affinity call outside Linux: every core.)
    affinity = getattr(os, "sched_getaffinity", None)
    cores = len(affinity(0)) if affinity else (os.cpu_count() or 1)

    def check(target, name, measured, limit, ok, status=None, bound=None):
        """bound: for a time target, (the tool's CPU time, the time the target allows)."""
        verdict = status or ("PASS" if ok else "FAIL")
        floor = None
        if bound and None not in bound:
            cpu, allowed = bound
            floor = {"cpu_over_cores": cpu / cores, "allowed": allowed,
                     "beyond": cpu / cores > allowed}
        verdicts.append({"target": target, "input": name, "measured": measured, "limit": limit,
                         "verdict": verdict, "floor": floor})

    by_name = {}
    for r in rows:
        inp, tool = r["input"], r["tool"]
        by_name[inp.name] = r
        t = tool.median if tool.status == "ok" else None
        d = r["diff"].median if r["diff"] and r["diff"].status == "ok" else None
        b = r["boto"].median if r["boto"] and r["boto"].status == "ok" else None
        c = r["cp"].median if r["cp"].status == "ok" else None
        cpu = tool.cpu_median if tool.status == "ok" else None
        peak = tool.peak_kb * 1024 if tool.peak_kb else None
        rss_ratio = ratio(peak, r["size"])

        diff_cell = cell(r["diff"]) if r["diff"] else f"({r['after_status']})"
        exit_cell = "-" if tool.rc is None else ("2 (refused)" if tool.rc == 2 else str(tool.rc))
        lines.append(
            f"| {inp.name} | {fmt_size(r['size'])} | {r['profiles']} | {exit_cell} | {cell(tool)}"
            f" | {fmt_secs(cpu)} | {diff_cell}"
            f" | {x(ratio(d, t))} | {cell(r['boto'])} | {x(ratio(b, t))} | {cell(r['cp'])}"
            f" | {x(ratio(t, c))} | {' | '.join(peak_cells(tool, r['size']))} |")
        bad = None if tool.status == "ok" else tool.status.upper()
        if inp.ratio_targets:
            rd, rb, rc = ratio(d, t), ratio(b, t), ratio(t, c)
            check(">= 3x faster than diff -u", inp.name, x(rd), "3.00x",
                  rd is not None and rd >= 3, bad or (None if rd is not None else "n/a"),
                  (cpu, d and d / 3))
            if args.python:
                check(">= 20x faster than botocore load_config", inp.name, x(rb), "20.00x",
                      rb is not None and rb >= 20, bad or (None if rb is not None else "n/a"),
                      (cpu, b and b / 20))
            check("<= 1.5x one configparser read", inp.name, x(rc), "1.50x",
                  rc is not None and rc <= 1.5, bad or (None if rc is not None else "n/a"),
                  (cpu, c and c * 1.5))
        if r["size"] >= MB:
            check("peak memory <= 5x file size", inp.name, x(rss_ratio), "5.00x",
                  rss_ratio is not None and rss_ratio <= 5, bad if bad == "TIMEOUT" else None)
        if inp.name.startswith("seed"):
            check("seed config <= 2 ms start to exit", inp.name, fmt_secs(t), "2.0 ms",
                  t is not None and t <= 0.002, bad, (cpu, 0.002))

    sizes = sorted(args.sizes)
    for small, big in zip(sizes, sizes[1:]):
        a = by_name.get(f"mixed-{human_n(small)}")
        b = by_name.get(f"mixed-{human_n(big)}")
        if not a or not b or big != small * 10:
            continue
        ta = a["tool"].median if a["tool"].status == "ok" else None
        tb = b["tool"].median if b["tool"].status == "ok" else None
        rt = ratio(tb, ta)
        check("10x the profiles <= 11x the time", f"mixed-{human_n(small)} -> {human_n(big)}",
              "-" if rt is None else f"{rt:.2f}x", "11.00x", rt is not None and rt <= 11,
              None if rt is not None else "n/a")

    if write_row:
        w, dry = write_row["write"], write_row["dry"]
        rw = ratio(w.median if w.status == "ok" else None,
                   dry.median if dry.status == "ok" else None)
        if rw is None:
            status = (w.status if w.status != "ok" else dry.status).upper()
        else:
            status = None if write_row["judged"] else "n/a"
        check("--write within 1.3x of the dry run", write_row["input"],
              "-" if rw is None else f"{rw:.2f}x ({cell(w)} vs {cell(dry)}, in turn)", "1.30x",
              rw is not None and rw <= 1.3, status)

    if growth_rows:
        lines.append("")
        lines.append(f"| shape | command | N | size | time | {GROWTH_FACTOR} N | size | time"
                     f" | growth | peak RSS ({GROWTH_FACTOR} N) | RSS/size |")
        lines.append("|" + " --- |" * 11)
    for g in growth_rows:
        (small, big), (s_size, b_size) = g["measures"], g["sizes"]
        ts = small.median if small.status == "ok" else None
        tb = big.median if big.status == "ok" else None
        rg = ratio(tb, ts)
        command = " ".join(["aws-sso-migrate"] + g["args"])
        name = f"{g['kind']}-{human_n(g['n'])} -> {human_n(g['n'] * GROWTH_FACTOR)}"
        lines.append(f"| {g['kind']} | `{command}` | {human_n(g['n'])} | {fmt_size(s_size)}"
                     f" | {cell(small)} | {human_n(g['n'] * GROWTH_FACTOR)} | {fmt_size(b_size)}"
                     f" | {cell(big)} | {x(rg)} | {' | '.join(peak_cells(big, b_size))} |")
        bad = next((m.status.upper() for m in (small, big) if m.status != "ok"), None)
        check(f"{GROWTH_FACTOR}x the input <= {GROWTH_LIMIT:.0f}x the time",
              f"{name} ({command})", x(rg),
              f"{GROWTH_LIMIT:.2f}x", rg is not None and rg <= GROWTH_LIMIT,
              bad or ("n/a" if args.quick else None))

    lines.append("")
    lines.append(f"| target | input | measured | limit | verdict | tool CPU / {cores} cores"
                 " vs time allowed |")
    lines.append("| --- | --- | --- | --- | --- | --- |")
    for v in verdicts:
        lines.append(f"| {v['target']} | {v['input']} | {v['measured']} | {v['limit']}"
                     f" | {v['verdict']} | {floor_cell(v['floor'])} |")
    lines.append("")
    lines.append(f"Where a target gives the tool a time to meet (against diff -u, botocore, "
                 f"configparser, or the seed's 2 ms), the last column is the tool's CPU time "
                 f"(user and system, every thread; median) over the {cores} cores it may run "
                 f"on, the least wall time "
                 f"any sharing of its work between them could give, against the time the target "
                 f"allows: where it is larger (`>`), the target asks for less work, not for "
                 f"better use of the cores.")
    lines.append("")
    lines.append(f"Times are medians of {args.repeat} runs ({FAST_RUNS} when a run takes under "
                 f"{FAST * 1000:.0f} ms, fewer when a measurement passes {args.budget:.0f} s), "
                 f"process start to exit; botocore is load_config alone, in-process. "
                 f"/bin/true takes {fmt_secs(baseline.median)} here.")
    return "\n".join(lines) + "\n", verdicts


if __name__ == "__main__":
    sys.exit(main())
