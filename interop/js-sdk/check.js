#!/usr/bin/env node
// Interop check of aws-sso-migrate with the AWS SDK for JavaScript v3's config reader
// (@smithy/shared-ini-file-loader, the parser every JS v3 client uses). For each config file:
// run the tool (`--format config`), read the original and the result with the SDK's own
// `loadSharedConfigFiles` and `loadSsoSessionData`, and check that the migration kept the meaning:
//   - the same profiles, each with the same keys and values apart from the SSO ones it moves;
//   - each profile's portal, SSO region, account and role the same, where a profile with
//     `sso_session` takes the session's `sso_start_url` and `sso_region`
//     (`@aws-sdk/credential-provider-sso` `fromSSO`: the session's values replace the profile's);
//   - every sso-session the SDK read before still there, with the same keys and values.
// A file the tool refuses (exit 2) is counted, not judged (the botocore check judges refusals).
//
//   node check.js --bin PATH [-v] [FILE...]  check FILEs (default: the botocore check's inputs)
//   node check.js --selftest              prove the comparison catches wrong migrations
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");
const { loadSharedConfigFiles, loadSsoSessionData } = require("@smithy/shared-ini-file-loader");

const REPO = path.resolve(__dirname, "..", "..");
const SHARED = path.resolve(REPO, "..", "shared");
const SSO_KEYS = new Set(["sso_start_url", "sso_region", "sso_session", "sso_registration_scopes"]);

const coreVersion = require("@smithy/core/package.json").version;
const loaderVersion = require("@smithy/shared-ini-file-loader/package.json").version;

/** What the SDK reads in `text`: profiles and sso-sessions. Every read gets a file of its own:
 * the loader caches files by path. */
async function readAsSdk(text, dir) {
  const file = fs.mkdtempSync(path.join(dir, "read-")) + "/config";
  fs.writeFileSync(file, text);
  const creds = path.join(dir, "no-credentials");
  const { configFile } = await loadSharedConfigFiles({
    filepath: creds,
    configFilepath: file,
    ignoreCache: true,
  });
  const sessions = await loadSsoSessionData({ configFilepath: file });
  const profiles = {};
  for (const [name, keys] of Object.entries(configFile)) {
    if (!name.startsWith("sso-session.") && !name.startsWith("services.")) {
      profiles[name] = keys;
    }
  }
  return { profiles, sessions };
}

/** A profile's portal, region, account, role and scopes as `fromSSO` takes them. */
function ssoTarget(profile, sessions) {
  const t = {
    start_url: profile.sso_start_url,
    region: profile.sso_region,
    account: profile.sso_account_id,
    role: profile.sso_role_name,
    scopes: profile.sso_registration_scopes,
  };
  if (profile.sso_session !== undefined) {
    const s = sessions[profile.sso_session];
    t.start_url = s ? s.sso_start_url : `(no session ${JSON.stringify(profile.sso_session)})`;
    t.region = s ? s.sso_region : undefined;
    t.scopes = s ? s.sso_registration_scopes : undefined;
  }
  return t;
}

const TRAILING_VARIANTS = ["/#/", "/#", "#/", "/", "#"];

/** The same key as `portal_key` in src/aws/url.rs: two start URLs with the same key are one
 * portal (scheme and host case, default port :443, one trailing `/`, `#`, `/#`, `#/` or `/#/`).
 * The tool writes the spelling most of a portal's profiles use. */
function portalKey(raw) {
  const lower = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const sep = raw.indexOf("://");
  if (sep < 0) return raw;
  const scheme = lower(raw.slice(0, sep));
  const rest = raw.slice(sep + 3);
  const ends = ["/", "?", "#"].map((c) => rest.indexOf(c)).filter((i) => i >= 0);
  const authEnd = ends.length ? Math.min(...ends) : rest.length;
  const authority = rest.slice(0, authEnd);
  let tail = rest.slice(authEnd);
  const at = authority.lastIndexOf("@");
  const userinfo = at >= 0 ? authority.slice(0, at + 1) : "";
  let hostport = lower(at >= 0 ? authority.slice(at + 1) : authority);
  if (scheme === "https") {
    for (const port of [":443", ":"]) {
      if (hostport.endsWith(port) && !hostport.endsWith("]")) {
        hostport = hostport.slice(0, hostport.length - port.length);
        break;
      }
    }
  }
  for (const suffix of TRAILING_VARIANTS) {
    if (tail.endsWith(suffix)) {
      tail = tail.slice(0, tail.length - suffix.length);
      break;
    }
  }
  return `${scheme}://${userinfo}${hostport}${tail}`;
}

/** Whether `field` of two targets means the same: a start URL may change its spelling, and
 * scopes a profile had must still reach it (a new session may add the CLI's default scopes). */
function same(field, was, is) {
  if (was === is) return true;
  if (field === "start_url") return was !== undefined && is !== undefined && portalKey(was) === portalKey(is);
  if (field === "scopes") return was === undefined;
  return false;
}

const show = (v) => JSON.stringify(v);

/** Whether `key` is the SDK's reading of a line botocore reads as an SSO key set with `:`
 * (`sso_start_url: https://…?x=1`): botocore splits the line at its first `:` or `=`, the SDK
 * at its first `=`, so the key is the SSO key, the `:` and part of the value, which nothing
 * looks up. The migration moves the line as the SSO key it is to botocore. */
function colonSsoKey(key) {
  const colon = key.indexOf(":");
  return colon >= 0 && SSO_KEYS.has(key.slice(0, colon).trim().toLowerCase());
}

/** What differs in meaning between `before` and `after` (both as `readAsSdk` returns them);
 * the number of profiles compared, and of those with SSO settings only afterwards. */
function compare(before, after) {
  const problems = [];
  const counts = { compared: 0, gained: 0 };
  const names = (o) => Object.keys(o).sort();
  // A profile none of whose lines it read (`sso_start_url: …`) may appear with the migration's
  // `sso_session` line and nothing else: it sees that profile only afterwards.
  const onlySso = (p) => Object.keys(p).every((k) => SSO_KEYS.has(k));
  const appeared = names(after.profiles).filter((n) => !(n in before.profiles));
  const noneLost = names(before.profiles).every((n) => n in after.profiles);
  if (!noneLost || !appeared.every((n) => onlySso(after.profiles[n]))) {
    problems.push(`profiles were ${show(names(before.profiles))}, are ${show(names(after.profiles))}`);
  } else {
    counts.gained += appeared.length;
  }
  for (const [name, was] of Object.entries(before.profiles)) {
    const is = after.profiles[name];
    if (is === undefined) continue;
    counts.compared++;
    // botocore reads key names in any case; the SDK only lower-case ones, so it sees no SSO
    // settings in `SSO_Start_URL = …`: the migration's `sso_session` line gives it some.
    for (const key of new Set([...Object.keys(was), ...Object.keys(is)])) {
      if (!SSO_KEYS.has(key.toLowerCase()) && !colonSsoKey(key) && was[key] !== is[key]) {
        problems.push(`profile ${show(name)}: ${key} was ${show(was[key])}, is ${show(is[key])}`);
      }
    }
    const [t0, t1] = [ssoTarget(was, before.sessions), ssoTarget(is, after.sessions)];
    // A portal or region it did not read before (`SSO_REGION = …`, `sso_region: …`) and reads
    // afterwards, in the session the profile now names: the profile was no SSO profile to it.
    // A session it did not find (` sso_session = …` it reads as a key, botocore as part of the
    // value above) is no portal either.
    const portal = (t) => (String(t.start_url).startsWith("(no session ") ? undefined : t.start_url);
    const complete = (t) => portal(t) !== undefined && t.region !== undefined;
    const had = (f) => (f === "start_url" ? portal(t0) : t0[f]);
    const kept = (f) => had(f) === undefined || same(f, t0[f], t1[f]);
    if (!complete(t0) && complete(t1) && Object.keys(t0).every(kept)) {
      counts.gained++;
      continue;
    }
    for (const field of Object.keys(t0)) {
      if (!same(field, t0[field], t1[field])) {
        problems.push(`profile ${show(name)}: SSO ${field} was ${show(t0[field])}, is ${show(t1[field])}`);
      }
    }
  }
  for (const [name, was] of Object.entries(before.sessions)) {
    const is = after.sessions[name];
    if (show(was) !== show(is)) {
      problems.push(`sso-session ${show(name)} was ${show(was)}, is ${show(is)}`);
    }
  }
  return { problems, ...counts };
}

function defaultFiles() {
  const list = (dir, pick) => {
    if (!fs.existsSync(dir)) {
      throw new Error(`input folder ${dir} is missing (shared data lives next to the repo)`);
    }
    return fs.readdirSync(dir).sort().map((f) => path.join(dir, f)).filter(pick);
  };
  const fixtures = list(path.join(REPO, "fixtures"), (d) => fs.existsSync(path.join(d, "config")))
    .map((d) => path.join(d, "config"));
  const corpus = list(path.join(SHARED, "corpus", "real-world"), (f) => f.endsWith(".config"));
  const botocore = list(path.join(SHARED, "conformance", "aws-sdk", "botocore-cfg"), (f) =>
    fs.statSync(f).isFile());
  const scenarios = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "config") scenarios.push(p);
    }
  };
  walk(path.join(SHARED, "conformance", "aws-sdk", "smithy-rs-sso-scenarios"));
  return [...fixtures, ...corpus, ...scenarios, ...botocore];
}

async function checkFiles(bin, files, verbose) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "js-sdk-interop-"));
  const counts = { migrated: 0, refused: 0, failed: 0, profiles: 0, gained: 0 };
  try {
    for (const file of files.map((f) => path.resolve(f))) {
      const rel = path.relative(REPO, file);
      const home = fs.mkdtempSync(path.join(work, "home-"));
      const tool = spawnSync(bin, ["--format", "config", "--color", "never", file], {
        env: { PATH: process.env.PATH, HOME: home, AWS_CONFIG_FILE: path.join(home, "none") },
        cwd: home,
        maxBuffer: 1 << 30,
      });
      if (tool.status === 2) {
        counts.refused++;
        if (verbose) console.log(`${rel}: refused by the tool`);
        continue;
      }
      if (tool.status !== 0) {
        counts.failed++;
        console.log(`${rel}: FAIL: the tool exited ${tool.status}: ${tool.stderr.toString().slice(-500)}`);
        continue;
      }
      const before = await readAsSdk(fs.readFileSync(file), work);
      const after = await readAsSdk(tool.stdout, work);
      const { problems, compared, gained } = compare(before, after);
      counts.profiles += compared;
      counts.gained += gained;
      if (problems.length > 0) {
        counts.failed++;
        for (const p of problems) console.log(`${rel}: FAIL: ${p}`);
      } else {
        counts.migrated++;
        if (verbose) console.log(`${rel}: ok (${compared} profiles)`);
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(
    `@smithy/shared-ini-file-loader ${loaderVersion} (@smithy/core ${coreVersion}): ` +
      `${files.length} files checked: ${counts.migrated} read alike before and after ` +
      `(${counts.profiles} profiles compared, ${counts.gained} with SSO settings the SDK sees only ` +
      `afterwards), ${counts.refused} refused by the tool, ` +
      `${counts.failed} failed`,
  );
  return counts.failed === 0;
}

// --doctor: every claim `aws-sso-migrate --doctor` makes about this SDK ("js-v3" in a finding's
// `readers`) must hold, and every profile it reads otherwise than botocore must be named by one.
// botocore's reading of each file (tests/interop/botocore/readings.py, run with the botocore
// check's virtualenv) is the reference. A profile reads alike when the SDK has it with the same
// keys and values as botocore, and, where it names an sso-session, the same session; an empty
// value counts as no value (the SDK drops it) and a nested one is compared as `key.sub` (the
// SDK's spelling). Claims: `file` - the SDK cannot read the file; `profile` - it reads the
// finding's profile otherwise; `users` - it reads every profile that names the finding's session
// otherwise (none: nothing to check); `section` - the same for the profile or session it names;
// `inheritors` - it lacks a key of `[DEFAULT]` where botocore
// gives it to a profile or to its session (at least one).
const READER = "js-v3";

/** The profiles `interop/doctor-unclaimed.txt` lists for this SDK: `FILE\0PROFILE` keys. */
function unclaimedListed() {
  const text = fs.readFileSync(path.join(REPO, "interop", "doctor-unclaimed.txt"), "utf8");
  const listed = new Set();
  for (const line of text.split("\n")) {
    const m = /^(\S+)\s+(\S+)\s+("(?:[^"\\]|\\.)*")/.exec(line);
    if (m && m[1] === READER) listed.add(`${m[2]}\0${JSON.parse(m[3])}`);
  }
  return listed;
}

function botocoreReadings(python, files) {
  const script = path.join(REPO, "tests", "interop", "botocore", "readings.py");
  const run = spawnSync(python, [script, ...files], { maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`${script} exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** `keys` as the comparison sees them: non-empty values, nested ones flattened. */
function flatKeys(keys) {
  const out = {};
  for (const [k, v] of Object.entries(keys || {})) {
    if (v !== null && typeof v === "object") {
      for (const [sub, w] of Object.entries(v)) if (w !== "") out[`${k}.${sub}`] = w;
    } else if (v !== "" && v !== undefined) {
      out[k] = v;
    }
  }
  return out;
}

/** Whether botocore's profile `name` has no key with a value (`[profile a]` alone, `sso_session
 * =`) and the SDK, which makes a profile only of a key with a value, reads none: nothing is read
 * from either, so a claim there is neither needed nor false. */
function ofNoValue(boto, sdk, name) {
  return sdk.profiles[name] === undefined && Object.keys(flatKeys(boto.profiles[name])).length === 0;
}

/** How the SDK's reading of botocore's profile `name` differs from botocore's: "" when alike. */
function profileDifference(boto, sdk, name) {
  const was = boto.profiles[name];
  const is = sdk.profiles[name];
  if (ofNoValue(boto, sdk, name)) return "";
  if (is === undefined) return "the SDK reads no such profile";
  // The first key of either whose value differs.
  const differing = (a, b) => [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().find((k) => a[k] !== b[k]);
  const [a, b] = [flatKeys(was), flatKeys(is)];
  const key = differing(a, b);
  if (key !== undefined) return `${key} is ${show(b[key])} to the SDK, ${show(a[key])} to botocore`;
  const session = a.sso_session;
  if (session !== undefined) {
    const [s, t] = [flatKeys(boto.sessions[session]), flatKeys(sdk.sessions[session])];
    if (differing(s, t) !== undefined) {
      return `its sso-session ${show(session)} is ${show(t)} to the SDK, ${show(s)} to botocore`;
    }
  }
  return "";
}

/** Checks the doctor's JSON (`doc`, exit status `rc`) about `text` against botocore's reading. */
async function checkClaims(text, rc, doc, boto, work, isListed = () => false) {
  if (rc === 2 || boto.error !== undefined) return { problems: [], claims: 0, skipped: true };
  const findings = doc.files[0].findings || [];
  const claims = findings.flatMap((f) =>
    (f.readers || []).filter((r) => r.reader === READER).map((r) => ({ f, r, scope: r.scope })));
  let sdk;
  let readError = null;
  try {
    sdk = await readAsSdk(text, work);
  } catch (e) {
    readError = e;
  }
  const problems = [];
  const fileClaims = claims.filter((c) => c.scope === "file");
  if (fileClaims.length > 0 || readError) {
    if (fileClaims.length === 0) problems.push(`the SDK cannot read the file and no finding says so: ${readError}`);
    if (!readError) problems.push("a finding says the SDK cannot read the file, but it does");
    return { problems, claims: claims.length, skipped: false };
  }
  const usersOf = (session) =>
    Object.keys(boto.profiles).filter((n) => flatKeys(boto.profiles[n]).sso_session === session);
  // Profiles that lack, themselves or in their session, a key botocore gives them from `[DEFAULT]`
  // (a nested one too: `s3 =` over indented settings is each of them).
  const defaults = Object.entries(flatKeys(boto.defaults));
  const inherits = (was, is) => defaults.some(([k, v]) => flatKeys(was)[k] === v && flatKeys(is)[k] === undefined);
  const onlyDefaults = (was) => Object.entries(flatKeys(was))
    .every(([k, v]) => defaults.some(([dk, dv]) => dk === k && dv === v));
  const inheritors = Object.keys(boto.profiles).filter((n) => {
    const [was, is] = [boto.profiles[n], sdk.profiles[n]];
    if (is === undefined) return false;
    const session = flatKeys(was).sso_session;
    return inherits(was, is) || (session !== undefined && inherits(boto.sessions[session], sdk.sessions[session]));
  });
  const named = new Set();
  let checked = 0;
  for (const { f, r, scope } of claims) {
    const what = `${f.code} at line ${f.line}`;
    // `section`: the profile or session it names instead of the finding's.
    // A header botocore reads as a profile otherwise spelled (`[profile\u00a0 "x"]`) is the
    // finding's section, not its profile: a finding about two headers names the profile in its
    // details.
    const detailsProfile = f.details && f.details.what === "profile" ? f.details.name : undefined;
    const [profile, session] = scope === "section" ? [r.profile, r.session] : [f.profile ?? detailsProfile, f.session];
    if ((scope === "profile" || scope === "section") && profile !== undefined) {
      checked++;
      named.add(profile);
      // botocore has no such profile either, or neither has a value in it.
      if (boto.profiles[profile] === undefined || ofNoValue(boto, sdk, profile)) continue;
      if (profileDifference(boto, sdk, profile) === "") {
        problems.push(`${what}: the SDK reads profile ${show(profile)} as botocore does`);
      }
    } else if ((scope === "users" || scope === "section") && session !== undefined) {
      checked++;
      for (const user of usersOf(session)) {
        named.add(user);
        if (!ofNoValue(boto, sdk, user) && profileDifference(boto, sdk, user) === "") {
          problems.push(`${what}: the SDK reads profile ${show(user)} of sso-session ${show(session)} as botocore does`);
        }
      }
    } else if (scope === "inheritors") {
      checked++;
      for (const user of inheritors) named.add(user);
      const sessions = Object.keys(boto.sessions).filter((s) => sdk.sessions[s] !== undefined
        && inherits(boto.sessions[s], sdk.sessions[s]));
      // A profile it does not read lacks the keys too (its header's finding names it).
      const unread = Object.keys(boto.profiles).filter((n) => sdk.profiles[n] === undefined
        && inherits(boto.profiles[n], {}));
      // One whose every key comes from `[DEFAULT]` has no key of its own, which the SDK reads
      // as no profile: the claim names it.
      for (const n of unread.filter((n) => onlyDefaults(boto.profiles[n]))) named.add(n);
      if (inheritors.length === 0 && sessions.length === 0 && unread.length === 0) {
        problems.push(`${what}: the SDK lacks no key of [DEFAULT] where botocore gives it one`);
      }
    } else {
      problems.push(`${what}: a claim of scope ${show(scope)} this check does not know`);
    }
  }
  // A header botocore ignores: the SDK reads its line, alone above a key (as the tool counts
  // lines), as the profile or session it names exactly where the finding says it does.
  const lines = String(text).split(/\r\n|\n|\r/);
  for (const f of findings.filter((f) => f.code === "botocore_ignores_header")) {
    const d = f.details;
    const says = (d.read_by || []).includes(READER);
    const alone = await readAsSdk(`${lines[f.line - 1]}\nx = y\n`, work);
    const reads = (d.session ? alone.sessions : alone.profiles)[d.name] !== undefined;
    checked++;
    if (says !== reads) {
      problems.push(`${f.code} at line ${f.line}: the SDK ${reads ? "reads" : "does not read"} ${show(d.name)}`);
    }
  }
  // Every profile read otherwise is named by a claim, or listed in doctor-unclaimed.txt.
  const listedHere = [];
  for (const name of Object.keys(boto.profiles).sort()) {
    const diff = profileDifference(boto, sdk, name);
    if (diff === "" || named.has(name)) continue;
    if (isListed(name)) {
      listedHere.push(name);
    } else {
      problems.push(`profile ${show(name)}: ${diff}, and no finding names the SDK`);
    }
  }
  return { problems, claims: checked, skipped: false, listedHere };
}

async function checkDoctor(bin, files, python, verbose) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "js-sdk-doctor-"));
  const resolved = files.map((f) => path.resolve(f));
  const readings = botocoreReadings(python, resolved);
  const counts = { claims: 0, failed: 0, skipped: 0, listed: 0 };
  const listed = unclaimedListed();
  const seen = new Set();
  try {
    for (const file of resolved) {
      const rel = path.relative(REPO, file);
      const tool = spawnSync(bin, ["--doctor", "--format", "json", "--color", "never", file], {
        env: { PATH: process.env.PATH, NO_COLOR: "1" },
        maxBuffer: 1 << 30,
      });
      let doc;
      try {
        doc = JSON.parse(tool.stdout);
      } catch (e) {
        counts.failed++;
        console.log(`${rel}: FAIL: --doctor exited ${tool.status} and printed no JSON`);
        continue;
      }
      const isListed = (name) => listed.has(`${rel}\0${name}`);
      const { problems, claims, skipped, listedHere = [] } = await checkClaims(
        fs.readFileSync(file), tool.status, doc, readings[file], work, isListed);
      for (const name of listedHere) seen.add(`${rel}\0${name}`);
      counts.listed += listedHere.length;
      counts.claims += claims;
      if (skipped) counts.skipped++;
      if (problems.length > 0) {
        counts.failed++;
        for (const p of problems) console.log(`${rel}: FAIL: ${p}`);
      } else if (verbose) {
        console.log(`${rel}: ok (${claims} claims)`);
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  // A listed profile of a checked file that is no longer read otherwise (or is now named).
  const checked = new Set(resolved.map((f) => path.relative(REPO, f)));
  for (const key of listed) {
    const [rel, name] = key.split("\0");
    if (checked.has(rel) && !seen.has(key)) {
      counts.failed++;
      console.log(`${rel}: FAIL: doctor-unclaimed.txt lists profile ${show(name)}, which reads alike or is named now`);
    }
  }
  console.log(
    `--doctor against @smithy/shared-ini-file-loader ${loaderVersion}: ${files.length} files, ` +
      `${counts.claims} claims checked, ${counts.listed} listed in doctor-unclaimed.txt, ` +
      `${counts.skipped} refused by the tool or botocore, ${counts.failed} failed`,
  );
  return counts.failed === 0;
}

// Wrong migrations the comparison must catch: (name, original, wrong result).
const LEGACY = `[profile prod]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 111111111111
sso_role_name = ReadOnly
region = us-east-1
`;
const RIGHT = `[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1

[profile prod]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = ReadOnly
region = us-east-1
`;
const PORTAL_LINE = "sso_start_url = https://corp.awsapps.com/start";
const COLON_PORTAL_LINE = "sso_start_url: https://corp.awsapps.com/start?x=1";
const SELFTEST = [
  ["a profile points at a session that is not there", LEGACY, RIGHT.replace("sso-session corp]", "sso-session other]")],
  ["the session has another region", LEGACY, RIGHT.replace("sso_region = eu-west-1", "sso_region = us-east-1")],
  ["a key outside SSO changed", LEGACY, RIGHT.replace("region = us-east-1", "region = us-west-2")],
  ["the role changed", LEGACY, RIGHT.replace("ReadOnly", "Admin")],
  ["a profile was lost", LEGACY, RIGHT.replace("[profile prod]", "[profile prod2]")],
  ["another portal", LEGACY, RIGHT.replace("corp.awsapps.com/start\n", "corp.awsapps.com/start2\n")],
  [
    "scopes the profile had are lost",
    LEGACY + "sso_registration_scopes = sso:account:access\n",
    RIGHT,
  ],
  // JavaScript reads `[sso-session.corp]` as the session `corp`: a new `corp` merges with it.
  [
    "a new session takes a name only JavaScript reads",
    LEGACY + "\n[sso-session.corp]\nsso_start_url = https://other.awsapps.com/start\nsso_region = us-east-1\n",
    RIGHT + "\n[sso-session.corp]\nsso_start_url = https://other.awsapps.com/start\nsso_region = us-east-1\n",
  ],
  [
    "an existing session changed",
    LEGACY + "[sso-session keep]\nsso_start_url = https://keep.awsapps.com/start\nsso_region = us-east-1\n",
    RIGHT + "[sso-session keep]\nsso_start_url = https://keep.awsapps.com/start\nsso_region = us-east-2\n",
  ],
  // Key lines botocore reads in any case and JavaScript only in lower case.
  [
    "a session whose region the SDK does not read is reused",
    LEGACY + "\n" + RIGHT.split("\n\n")[0].replace("sso_region", "SSO_REGION") + "\n",
    RIGHT.replace("sso_region", "SSO_REGION"),
  ],
  [
    "inline keys go where the SDK does not read sso_session",
    RIGHT.replace("sso_session = corp", "SSO_SESSION = corp\nsso_start_url = https://corp.awsapps.com/start"),
    RIGHT.replace("sso_session = corp", "SSO_SESSION = corp"),
  ],
  [
    "a region the SDK read changed where it did not read the portal",
    LEGACY.replace("sso_start_url", "SSO_START_URL"),
    RIGHT.replace("sso_region = eu-west-1", "sso_region = us-east-1"),
  ],
  // A portal set with `:` and a later `=` is a key nothing looks up; the keys beside it are not.
  [
    "a key outside SSO changed beside a portal set with `:`",
    LEGACY.replace(PORTAL_LINE, COLON_PORTAL_LINE),
    RIGHT.replace(PORTAL_LINE, PORTAL_LINE + "?x=1").replace("region = us-east-1", "region = us-west-2"),
  ],
];

async function selftest() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "js-sdk-selftest-"));
  let ok = true;
  try {
    // The right migration, and the same where the portal was set with `:` and a later `=`.
    const rights = [
      [LEGACY, RIGHT],
      [LEGACY.replace(PORTAL_LINE, COLON_PORTAL_LINE), RIGHT.replace(PORTAL_LINE, PORTAL_LINE + "?x=1")],
    ];
    for (const [original, migrated] of rights) {
      const right = compare(await readAsSdk(original, work), await readAsSdk(migrated, work));
      if (right.problems.length > 0 || right.compared !== 1) {
        ok = false;
        console.log(`selftest: FAIL: the right migration was not accepted: ${right.problems}`);
      }
    }
    for (const [name, original, wrong] of SELFTEST) {
      const { problems } = compare(await readAsSdk(original, work), await readAsSdk(wrong, work));
      if (problems.length === 0) {
        ok = false;
        console.log(`selftest: FAIL: not caught: ${name}`);
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`selftest: ${SELFTEST.length} wrong migrations ${ok ? "all caught" : "NOT all caught"}, the right one accepted`);
  return ok;
}

// --doctor's check must catch false and missing claims: (name, config, claims as
// [scope, profile or session], whether the check must accept them). A claim of scope `null` is
// a finding that names no reader as failing, with the code and details given.
const DOCTOR_SELFTEST = [
  ["a true claim", "[profile a]\nREGION = x\n", [["profile", { profile: "a" }]], true],
  ["a claim about a profile it reads alike", "[profile a]\nregion = x\n", [["profile", { profile: "a" }]], false],
  ["a profile it reads otherwise, no claim", "[profile a]\nREGION = x\n", [], false],
  [
    "a claim about a session's users it reads alike",
    "[profile a]\nsso_session = s\n[sso-session s]\nsso_region = x\n",
    [["users", { session: "s" }]],
    false,
  ],
  [
    "a claim about a section it reads alike",
    "[profile a]\nregion = x\n[profile b]\nregion = y\n",
    [["section", { profile: "b" }]],
    false,
  ],
  ["a claim about [DEFAULT] where nothing takes a key", "[DEFAULT]\nregion = x\n[profile a]\nregion = y\n",
    [["inheritors", {}]], false],
  ["a true claim about [DEFAULT]", "[DEFAULT]\nregion = x\n[profile a]\noutput = json\n", [["inheritors", {}]], true],
  // A nested `[DEFAULT]` key is each of its settings.
  ["a true claim about a nested key of [DEFAULT]", "[DEFAULT]\ns3 =\n  addressing_style = path\n[profile a]\noutput = json\n",
    [["inheritors", {}]], true],
  ["a nested key of [DEFAULT] no claim names", "[DEFAULT]\ns3 =\n  addressing_style = path\n[profile a]\noutput = json\n",
    [], false],
  ["a claim that it cannot read a file it reads", "[profile a]\nregion = x\n", [["file", {}]], false],
  // A profile with no key of a value is none to the SDK: nothing to claim.
  ["a profile of no value, no claim", "[profile a]\nsso_session =\n[profile b]\n", [], true],
  ["a claim about a profile of no value", "[profile a]\nsso_session =\n", [["profile", { profile: "a" }]], true],
  // `[profile b]x` is no header to it: b lacks `[DEFAULT]`'s keys with the rest of it.
  ["a true claim about [DEFAULT] for a profile it does not read",
    "[DEFAULT]\nregion = x\n[profile b]x\noutput = json\n",
    [["inheritors", {}], ["profile", { profile: "b" }]], true],
  ["a profile it does not read, named only by the claim about [DEFAULT]",
    "[DEFAULT]\nregion = x\n[profile b]x\noutput = json\n", [["inheritors", {}]], false],
  // A profile without keys of its own is none to it, and lacks `[DEFAULT]`'s with the rest.
  ["a true claim about [DEFAULT] for a profile without keys",
    "[DEFAULT]\nregion = x\n[profile b]\n", [["inheritors", {}]], true],
  // A finding about two headers of one profile names it in its details.
  ["a true claim about the profile its details name", "[profile a]\nREGION = x\n",
    [["profile", { details: { what: "profile", name: "a" } }]], true],
  ["a claim about the profile its details name, read alike", "[profile a]\nregion = x\n",
    [["profile", { details: { what: "profile", name: "a" } }]], false],
  // A header botocore ignores: the finding says whether the SDK reads the profile it names.
  ["a header botocore ignores that the SDK reads, said so", "[profile ops] # see [X-1]\nregion = x\n",
    [[null, { code: "botocore_ignores_header", details: { name: "ops", session: false, read_by: [READER] } }]], true],
  ["a header botocore ignores that the SDK reads, not said", "[profile ops] # see [X-1]\nregion = x\n",
    [[null, { code: "botocore_ignores_header", details: { name: "ops", session: false, read_by: [] } }]], false],
  ["a header botocore ignores that the SDK does not read, said to", "[ profile ops ]\nregion = x\n",
    [[null, { code: "botocore_ignores_header", details: { name: "ops", session: false, read_by: [READER] } }]], false],
];

async function doctorSelftest(python) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "js-sdk-doctor-selftest-"));
  let ok = true;
  try {
    const files = DOCTOR_SELFTEST.map(([, text], i) => {
      const file = path.join(work, `case-${i}.config`);
      fs.writeFileSync(file, text);
      return file;
    });
    const readings = botocoreReadings(python, files);
    for (const [i, [name, text, claims, accept]] of DOCTOR_SELFTEST.entries()) {
      const findings = claims.map(([scope, at]) => ({
        code: "selftest", line: 1, ...(scope === "section" ? {} : at),
        readers: scope === null ? [] : [{ reader: READER, scope, ...(scope === "section" ? at : {}) }],
      }));
      const doc = { files: [{ findings }] };
      const { problems } = await checkClaims(text, 1, doc, readings[files[i]], work);
      if ((problems.length === 0) !== accept) {
        ok = false;
        console.log(`doctor selftest: FAIL: ${name}: ${accept ? `not accepted: ${problems}` : "not caught"}`);
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const wrong = DOCTOR_SELFTEST.filter(([, , , accept]) => !accept).length;
  console.log(ok
    ? `doctor selftest: ${wrong} false or missing claims caught, ${DOCTOR_SELFTEST.length - wrong} true ones accepted`
    : "doctor selftest: FAILED");
  return ok;
}

const botocorePython = () =>
  process.env.BOTOCORE_PYTHON || path.join(REPO, "target", "interop", "botocore-venv", "bin", "python");

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === "--selftest") return selftest();
  if (args[0] === "--doctor-selftest") return doctorSelftest(botocorePython());
  const verbose = args.includes("-v");
  const doctor = args.includes("--doctor");
  const rest = args.filter((a) => a !== "-v" && a !== "--doctor");
  if (rest[0] !== "--bin" || rest.length < 2) {
    console.error("usage: check.js --bin PATH [-v] [--doctor] [FILE...] | check.js --selftest | check.js --doctor-selftest");
    process.exit(2);
  }
  const files = rest.length > 2 ? rest.slice(2) : defaultFiles();
  if (doctor) return checkDoctor(path.resolve(rest[1]), files, botocorePython(), verbose);
  return checkFiles(path.resolve(rest[1]), files, verbose);
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
