//! `--selftest`: feed the checker deliberately wrong "after" configs and make sure it says so.

use crate::check::{PairReport, Verdict, check_pair};

const ORIGINAL: &str = "\
[profile alpha]
sso_start_url = https://selftest.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111111111111
sso_role_name = Admin

[profile beta]
sso_start_url = https://selftest.awsapps.com/start/
sso_region = us-east-1
sso_account_id = 222222222222
sso_role_name = ReadOnly

[profile chained]
role_arn = arn:aws:iam::333333333333:role/Deploy
source_profile = alpha
region = eu-central-1

[profile hybrid]
sso_session = corp
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 444444444444
sso_role_name = Admin

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
";

/// A correct migration of ORIGINAL.
const GOOD: &str = "\
[sso-session selftest]
sso_start_url = https://selftest.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile alpha]
sso_session = selftest
sso_account_id = 111111111111
sso_role_name = Admin

[profile beta]
sso_session = selftest
sso_account_id = 222222222222
sso_role_name = ReadOnly

[profile chained]
role_arn = arn:aws:iam::333333333333:role/Deploy
source_profile = alpha
region = eu-central-1

[profile hybrid]
sso_session = corp
sso_account_id = 444444444444
sso_role_name = Admin

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
";

struct Case {
    name: &'static str,
    after: String,
    logins: Vec<&'static str>,
    /// Profiles the end-to-end lookups must report as broken (empty: they must pass).
    broken: &'static [&'static str],
    /// Whether the key-by-key comparison of the SDK's profile view must object too.
    key_problem: bool,
}

fn replace(from: &str, to: &str) -> String {
    assert!(GOOD.contains(from), "selftest edit {from:?} does not apply");
    GOOD.replacen(from, to, 1)
}

fn cases() -> Vec<Case> {
    let good = vec!["selftest"];
    vec![
        Case {
            name: "correct migration",
            after: GOOD.into(),
            logins: good.clone(),
            broken: &[],
            key_problem: false,
        },
        Case {
            name: "original left as is",
            after: ORIGINAL.into(),
            logins: vec![],
            key_problem: false,
            broken: &[],
        },
        Case {
            name: "wrong account",
            after: replace(
                "sso_account_id = 111111111111",
                "sso_account_id = 999999999999",
            ),
            logins: good.clone(),
            broken: &["alpha", "chained"],
            key_problem: true,
        },
        Case {
            name: "wrong role",
            after: replace("sso_role_name = ReadOnly", "sso_role_name = Admin"),
            logins: good.clone(),
            broken: &["beta"],
            key_problem: true,
        },
        Case {
            name: "new session whose token is not cached (no login advice)",
            after: GOOD.into(),
            logins: vec![],
            broken: &["alpha", "beta", "chained"],
            key_problem: false,
        },
        Case {
            name: "session token cached under another name",
            after: GOOD.replace("sso-session selftest]", "sso-session selftest2]"),
            logins: vec!["selftest2"],
            broken: &["alpha", "beta", "chained"],
            key_problem: false,
        },
        Case {
            name: "wrong SSO region",
            after: replace("sso_region = us-east-1", "sso_region = us-west-2"),
            logins: good.clone(),
            broken: &["alpha", "beta", "chained"],
            key_problem: false,
        },
        Case {
            name: "wrong portal",
            after: replace(
                "https://selftest.awsapps.com/start",
                "https://other.awsapps.com/start",
            ),
            logins: good.clone(),
            broken: &["alpha", "beta", "chained"],
            key_problem: false,
        },
        Case {
            name: "hybrid left behind",
            after: replace(
                "[profile alpha]\nsso_session = selftest\n",
                "[profile alpha]\nsso_session = selftest\nsso_start_url = https://selftest.awsapps.com/start\nsso_region = us-east-1\n",
            ),
            logins: good.clone(),
            broken: &["alpha", "chained"],
            key_problem: false,
        },
        Case {
            name: "existing session edited, old token reused",
            after: replace(
                "https://corp.awsapps.com/start",
                "https://evil.awsapps.com/start",
            ),
            logins: good.clone(),
            broken: &["hybrid"],
            key_problem: true,
        },
        Case {
            name: "role chain re-pointed",
            after: replace("source_profile = alpha", "source_profile = beta"),
            logins: good.clone(),
            broken: &["chained"],
            key_problem: true,
        },
        Case {
            name: "hybrid cleaned up to another account",
            after: replace(
                "sso_account_id = 444444444444",
                "sso_account_id = 555555555555",
            ),
            logins: good.clone(),
            broken: &["hybrid"],
            key_problem: true,
        },
        Case {
            name: "profile dropped",
            after: replace(
                "[profile beta]\nsso_session = selftest\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\n",
                "",
            ),
            logins: good,
            broken: &["beta"],
            key_problem: true,
        },
    ]
}

fn broken_names(r: &PairReport) -> Vec<String> {
    r.profiles
        .iter()
        .filter(|p| matches!(p.verdict, Verdict::Broken(_)))
        .map(|p| p.name.clone())
        .collect()
}

pub async fn run(verbose: bool) -> bool {
    let mut all_ok = true;
    let mut passed = 0;
    let cases = cases();
    for case in &cases {
        let logins: Vec<String> = case.logins.iter().map(|s| s.to_string()).collect();
        let report = check_pair(ORIGINAL.as_bytes(), case.after.as_bytes(), &logins).await;
        let mut broken = broken_names(&report);
        broken.sort();
        let mut want: Vec<String> = case.broken.iter().map(|s| s.to_string()).collect();
        want.sort();
        let mut ok = broken == want
            && report.problems.is_empty() != case.key_problem
            && report.profiles.len() == 4;
        // Extra expectations on the correct migration.
        if case.name == "correct migration" {
            for p in &report.profiles {
                let expect_fixed = p.name == "hybrid";
                let is_fixed = matches!(p.verdict, Verdict::Fixed { .. });
                let is_same = matches!(p.verdict, Verdict::Same);
                if (expect_fixed && !is_fixed) || (!expect_fixed && !is_same) {
                    ok = false;
                }
            }
            let hybrid = report.profiles.iter().find(|p| p.name == "hybrid");
            if !hybrid.is_some_and(|p| {
                p.hybrid_error
                    .as_deref()
                    .is_some_and(|e| e.contains("can only be specified"))
            }) {
                ok = false;
            }
            if !report
                .profiles
                .iter()
                .any(|p| p.name == "beta" && p.spelling.is_some())
            {
                ok = false;
            }
        }
        all_ok &= ok;
        passed += usize::from(ok);
        let first_reason = report
            .profiles
            .iter()
            .find_map(|p| match &p.verdict {
                Verdict::Broken(r) => r.first().map(|r| format!("{}: {r}", p.name)),
                _ => None,
            })
            .unwrap_or_else(|| "passes".into());
        let keys = match report.problems.first() {
            Some(p) => format!("key check: {p}"),
            None => "key check passes".into(),
        };
        println!(
            "selftest {} {}: broken {:?} (want {:?}); {}; {}",
            if ok { "ok  " } else { "FAIL" },
            case.name,
            broken,
            want,
            first_reason,
            keys
        );
        if verbose || !ok {
            for p in &report.profiles {
                println!("    {}: {:?}", p.name, p.verdict);
            }
            for p in &report.problems {
                println!("    problem: {p}");
            }
        }
    }
    // Two headers the SDK reads as one sso-session: it merges them in an order that changes
    // from load to load, so a key both set is read from either. Left as it is, that is no
    // change (eight times, each a new draw); both values changed is one, whichever is drawn.
    // (With one value changed, a draw may read the other on both sides: the check sees that
    // change in 3 loads of 4, which is why both change here.)
    let spelled_twice = "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n\
                         sso_region = eu-west-1\n\n[sso-session  corp]\n\
                         sso_start_url = https://other.awsapps.com/start\nsso_region = eu-west-1\n";
    let changed = (spelled_twice.replace("other.awsapps", "third.awsapps"))
        .replace("corp.awsapps", "fourth.awsapps");
    let mut unchanged_ok = true;
    for _ in 0..8 {
        let r = check_pair(spelled_twice.as_bytes(), spelled_twice.as_bytes(), &[]).await;
        unchanged_ok &= r.problems.is_empty();
    }
    let r = check_pair(spelled_twice.as_bytes(), changed.as_bytes(), &[]).await;
    for (ok, name) in [
        (
            unchanged_ok,
            "a session spelled twice, unchanged: no key problem in 8 checks",
        ),
        (
            !r.problems.is_empty(),
            "a session spelled twice, both values changed: a key problem",
        ),
    ] {
        println!("selftest {} {name}", if ok { "ok  " } else { "FAIL" });
        all_ok &= ok;
        passed += usize::from(ok);
    }
    let (carry_cases, carry_failures) = crate::carry::selftest().await;
    for f in &carry_failures {
        println!("selftest FAIL {f}");
    }
    passed += carry_cases - carry_failures.len();
    all_ok &= carry_failures.is_empty();
    println!(
        "selftest: {passed} of {} cases as expected",
        cases.len() + 2 + carry_cases
    );
    all_ok
}
