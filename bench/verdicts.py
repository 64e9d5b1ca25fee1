"""Each benchmark check's verdicts over several scripts/bench runs: scripts/bench-verdicts.

On a shared machine a run's times move from minute to minute, and a check at its limit passes in
one run and misses in the next: one run's verdicts say as much about its minute as about the tool.
This reads the results of several runs (the results.json scripts/bench writes, or its
results.md) and prints, in Markdown:

- every check with its figure and verdict in each run, and in how many runs it was met;
- each target with the inputs it was met on in every run, in some runs (with each run's figure)
  and in none (with the last run's figure and, for a time target, the tool's CPU time over the
  cores against the time allowed);
- a summary line.

Runs are shown in the order given. A check missing from a run (a --quick run has fewer) is shown
as "-" there and counts only over the runs that have it.

  scripts/bench-verdicts target/bench/runs/*.json
  scripts/bench-verdicts --selftest      checks this script on made-up runs
"""

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

# The benchmark's own rendering of a check's last column, so that a results.json reads as its
# results.md does (bench/ is on the path when this runs as a script).
from run import floor_cell

MET, MISSED, UNJUDGED = "PASS", "FAIL", "n/a"


def read_run(path):
    """One run: its label and its checks, each a dict with target, input, measured, limit,
    verdict and floor (the last column's text, or "-")."""
    text = Path(path).read_text()
    if path.endswith(".json"):
        data = json.loads(text)
        checks = [
            {
                "target": v["target"],
                "input": v["input"],
                "measured": v["measured"],
                "limit": v["limit"],
                "verdict": v["verdict"],
                "floor": floor_cell(v.get("floor")),
            }
            for v in data["verdicts"]
        ]
        return label(data["machine"].get("date", ""), data["machine"].get("commit", "")), checks
    return read_markdown(text)


def read_markdown(text):
    """A results.md: its first line names the commit and the date, its check table the rest."""
    first = text.split("\n", 1)[0]
    commit = re.search(r"scripts/bench on (\S+)", first)
    date = re.search(r"(\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC)", first)
    checks = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[4] in (MET, MISSED, UNJUDGED):
            target, input_, measured, limit, verdict, floor = cells
            checks.append({"target": target, "input": input_, "measured": measured,
                           "limit": limit, "verdict": verdict, "floor": floor})
    if not checks:
        raise ValueError("no check table found (is this a results.md of scripts/bench?)")
    return label(date.group(1) if date else "", commit.group(1) if commit else ""), checks


def label(date, commit):
    """A run's column heading: its time (and commit, if given)."""
    time = date.split(" ")[1] if " " in date else date
    return f"{time} {commit}".strip() or "run"


def tally(runs):
    """Every check, in the first run's order (then any later run's new ones), with its result in
    each run (None where that run has no such check) and how it went over the runs."""
    order, seen = [], set()
    for _, checks in runs:
        for c in checks:
            key = (c["target"], c["input"])
            if key not in seen:
                seen.add(key)
                order.append(key)
    rows = []
    for key in order:
        per_run = [next((c for c in checks if (c["target"], c["input"]) == key), None)
                   for _, checks in runs]
        judged = [c for c in per_run if c and c["verdict"] != UNJUDGED]
        met = sum(c["verdict"] == MET for c in judged)
        if not judged:
            status = UNJUDGED
        elif met == len(judged):
            status = "every"
        elif met == 0:
            status = "none"
        else:
            status = "some"
        rows.append({"key": key, "per_run": per_run, "met": met, "judged": len(judged),
                     "status": status})
    return rows


def render(runs):
    rows = tally(runs)
    out = []
    heads = [name for name, _ in runs]
    out.append("| target | input | limit | " + " | ".join(heads) + " | met |")
    out.append("| --- | --- | --- | " + " | ".join("---" for _ in heads) + " | --- |")
    for r in rows:
        last = last_of(r)
        cells = [f"{c['measured']} {c['verdict']}" if c else "-" for c in r["per_run"]]
        met = "n/a" if r["status"] == UNJUDGED else f"{r['met']} of {r['judged']}"
        out.append(f"| {r['key'][0]} | {r['key'][1]} | {last['limit']} | "
                   + " | ".join(cells) + f" | {met} |")
    out.append("")
    out.append("| target | met in every run | met in some runs | missed in every run | "
               "missed in every run: tool CPU / cores vs time allowed (last run) |")
    out.append("| --- | --- | --- | --- | --- |")
    targets = []
    for r in rows:
        if r["key"][0] not in targets:
            targets.append(r["key"][0])
    for target in targets:
        mine = [r for r in rows if r["key"][0] == target]
        every = [f"{r['key'][1]} ({last_of(r)['measured']})" for r in mine
                 if r["status"] == "every"]
        some = [f"{r['key'][1]} ({r['met']} of {r['judged']}: "
                + ", ".join(c["measured"] for c in r["per_run"] if c) + ")"
                for r in mine if r["status"] == "some"]
        none = [r for r in mine if r["status"] == "none"]
        floors = [f"{r['key'][1]}: {last_of(r)['floor']}" for r in none
                  if last_of(r)["floor"] != "-"]
        out.append(f"| {target} | {listed(every)} | {listed(some)} | "
                   + listed([f"{r['key'][1]} ({last_of(r)['measured']})" for r in none])
                   + f" | {listed(floors)} |")
    out.append("")
    count = {s: sum(r["status"] == s for r in rows) for s in ("every", "some", "none", UNJUDGED)}
    per_run = ", ".join(str(sum(c["verdict"] == MET for c in checks)) for _, checks in runs)
    out.append(f"{len(runs)} runs: {count['every']} checks met in every run, {count['some']} in "
               f"some, {count['none']} in none"
               + (f", {count[UNJUDGED]} never judged" if count[UNJUDGED] else "")
               + f"; checks met per run: {per_run} of {len(rows)}.")
    return "\n".join(out) + "\n"


def last_of(row):
    return next(c for c in reversed(row["per_run"]) if c)


def listed(items):
    return "; ".join(items) if items else "-"


def selftest():
    """Made-up runs whose verdicts are known: each wrong classification is a failure."""
    def check(target, input_, measured, verdict, floor="-"):
        return {"target": target, "input": input_, "measured": measured, "limit": "1.50x",
                "verdict": verdict, "floor": floor}
    runs = [
        ("10:00", [check("t1", "a", "1.0x", MET), check("t1", "b", "1.6x", MISSED, "9 ms > 8 ms"),
                   check("t2", "a", "1.4x", MET), check("t3", "a", "-", UNJUDGED)]),
        ("10:05", [check("t1", "a", "1.1x", MET), check("t1", "b", "1.7x", MISSED, "9 ms > 7 ms"),
                   check("t2", "a", "1.6x", MISSED), check("t3", "a", "-", UNJUDGED)]),
        ("10:10", [check("t1", "a", "1.2x", MET), check("t1", "b", "1.8x", MISSED, "9 ms > 6 ms"),
                   check("t2", "a", "1.3x", MET), check("t4", "c", "2.0x", MISSED)]),
    ]
    rows = {r["key"]: r for r in tally(runs)}
    wrong, checked = [], 0
    expect = {("t1", "a"): ("every", 3, 3), ("t1", "b"): ("none", 0, 3),
              ("t2", "a"): ("some", 2, 3), ("t3", "a"): (UNJUDGED, 0, 0),
              ("t4", "c"): ("none", 0, 1)}
    for key, want in expect.items():
        checked += 1
        got = (rows[key]["status"], rows[key]["met"], rows[key]["judged"])
        if got != want:
            wrong.append(f"{key}: {got}, expected {want}")
    text = render(runs)
    for needle in ["| t1 | a (1.2x) | - | b (1.8x) | b: 9 ms > 6 ms |",
                   "| t2 | - | a (2 of 3: 1.4x, 1.6x, 1.3x) | - | - |",
                   "| t4 | c | 1.50x | - | - | 2.0x FAIL | 0 of 1 |",
                   "3 runs: 1 checks met in every run, 1 in some, 2 in none, 1 never judged; "
                   "checks met per run: 2, 1, 2 of 5."]:
        checked += 1
        if needle not in text:
            wrong.append(f"the output lacks {needle!r}")
    # results.md and results.json of one run read alike.
    md = ("scripts/bench on abc1234 (tool last changed in abc1234), 2026-12-01 14:30 UTC: ...\n\n"
          "| target | input | measured | limit | verdict | tool CPU / 2 cores vs time allowed |\n"
          "| --- | --- | --- | --- | --- | --- |\n"
          "| t1 | b | 1.8x | 1.50x | FAIL | 9.0 ms > 6.0 ms |\n")
    js = {"machine": {"date": "2026-12-01 14:30 UTC", "commit": "abc1234"},
          "verdicts": [{"target": "t1", "input": "b", "measured": "1.8x", "limit": "1.50x",
                        "verdict": "FAIL",
                        "floor": {"cpu_over_cores": 0.009, "allowed": 0.006, "beyond": True}}]}
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "results.md").write_text(md)
        (Path(d) / "results.json").write_text(json.dumps(js))
        from_md, from_json = (read_run(str(Path(d) / f"results.{x}")) for x in ("md", "json"))
    checked += 1
    if from_md != from_json:
        wrong.append(f"results.md read as {from_md}, results.json as {from_json}")
    for w in wrong:
        print(f"selftest: {w}", file=sys.stderr)
    print(f"verdicts selftest: {checked - len(wrong)} of {checked} right")
    return 1 if wrong else 0


def main():
    p = argparse.ArgumentParser(prog="scripts/bench-verdicts",
                                description=__doc__.split("\n\n")[0])
    p.add_argument("results", nargs="*", help="results.json or results.md of scripts/bench runs")
    p.add_argument("--selftest", action="store_true", help="check this script on made-up runs")
    args = p.parse_args()
    if args.selftest:
        return selftest()
    if not args.results:
        p.error("name the results of at least one run (target/bench/runs/*.json)")
    try:
        runs = [read_run(path) for path in args.results]
    except (OSError, ValueError, KeyError) as e:
        print(f"scripts/bench-verdicts: {e}", file=sys.stderr)
        return 2
    sys.stdout.write(render(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
