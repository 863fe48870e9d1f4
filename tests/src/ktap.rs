//! A KTAP version 1 parser for the kernel's console output.
//!
//! The kernel prints one top-level plan of suites and each suite as a
//! subtest indented by two spaces. Console lines that are not KTAP (log
//! lines, oops text) may appear anywhere and are ignored.

/// How one test ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    Skip(String),
}

/// One `ok`/`not ok` line with the diagnostics printed before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestLine {
    pub number: usize,
    pub name: String,
    pub status: Status,
    pub diagnostics: Vec<String>,
}

/// One suite (a KTAP subtest).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suite {
    pub name: String,
    pub plan: Option<usize>,
    pub tests: Vec<TestLine>,
    /// The suite's own result line at top level.
    pub result: Option<Status>,
}

/// A whole run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub version_seen: bool,
    pub plan: Option<usize>,
    pub suites: Vec<Suite>,
    /// The last `# start: suite.test` line: the test running when the
    /// output stopped.
    pub last_started: Option<String>,
}

fn parse_result(line: &str) -> Option<(usize, String, Status)> {
    let (ok, rest) = match line.strip_prefix("ok ") {
        Some(r) => (true, r),
        None => (false, line.strip_prefix("not ok ")?),
    };
    let (num, rest) = rest.split_once(' ').unwrap_or((rest, ""));
    let number = num.parse().ok()?;
    let (name, directive) = match rest.split_once(" # ") {
        Some((n, d)) => (n.trim(), Some(d.trim())),
        None => (rest.trim(), None),
    };
    let status = match directive {
        Some(d) if d.to_ascii_uppercase().starts_with("SKIP") => {
            Status::Skip(d[4..].trim().to_string())
        }
        _ if ok => Status::Pass,
        _ => Status::Fail,
    };
    Some((number, name.to_string(), status))
}

fn parse_plan(line: &str) -> Option<usize> {
    line.strip_prefix("1..")?.trim().parse().ok()
}

/// Parses the console output of one boot.
pub fn parse(output: &str) -> Report {
    let mut r = Report::default();
    let mut current: Option<Suite> = None;
    let mut diags: Vec<String> = Vec::new();
    for raw in output.lines() {
        let line = raw.trim_end_matches('\r');
        if let Some(sub) = line.strip_prefix("  ") {
            if sub.starts_with(' ') {
                continue; // deeper nesting is not used by this kernel
            }
            if sub == "KTAP version 1" {
                if let Some(s) = current.take() {
                    r.suites.push(s);
                }
                current = Some(Suite::default());
                diags.clear();
                continue;
            }
            let Some(suite) = current.as_mut() else {
                continue;
            };
            if let Some(name) = sub.strip_prefix("# Subtest: ") {
                suite.name = name.trim().to_string();
            } else if let Some(t) = sub.strip_prefix("# start: ") {
                r.last_started = Some(t.trim().to_string());
            } else if let Some(d) = sub.strip_prefix("# ") {
                diags.push(d.to_string());
            } else if let Some(p) = parse_plan(sub) {
                suite.plan = Some(p);
            } else if let Some((number, name, status)) = parse_result(sub) {
                suite.tests.push(TestLine {
                    number,
                    name,
                    status,
                    diagnostics: std::mem::take(&mut diags),
                });
            }
            continue;
        }
        if line == "KTAP version 1" {
            r.version_seen = true;
        } else if let Some(p) = parse_plan(line) {
            if r.plan.is_none() {
                r.plan = Some(p);
            }
        } else if let Some((_, name, status)) = parse_result(line) {
            let mut suite = current.take().unwrap_or_default();
            if suite.name.is_empty() {
                suite.name = name;
            }
            suite.result = Some(status);
            r.suites.push(suite);
        }
    }
    if let Some(s) = current.take() {
        r.suites.push(s);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "\
faultline: s390x
KTAP version 1
1..2
  KTAP version 1
  # Subtest: boot
  1..2
  # start: boot.a
  ok 1 a
  # start: boot.b
  ok 2 b # SKIP no hardware
ok 1 boot
  KTAP version 1
  # Subtest: mem
  1..1
  # start: mem.c
  # mem.rs:3: 1 == 2 failed
  not ok 1 c
not ok 2 mem
# totals: pass:1 fail:1 skip:1
";

    #[test]
    fn parses_suites_tests_and_diagnostics() {
        let r = parse(GOOD);
        assert!(r.version_seen);
        assert_eq!(r.plan, Some(2));
        assert_eq!(r.suites.len(), 2);
        assert_eq!(r.suites[0].name, "boot");
        assert_eq!(r.suites[0].plan, Some(2));
        assert_eq!(
            r.suites[0].tests[1].status,
            Status::Skip("no hardware".into())
        );
        assert_eq!(r.suites[0].result, Some(Status::Pass));
        let c = &r.suites[1].tests[0];
        assert_eq!((c.name.as_str(), &c.status), ("c", &Status::Fail));
        assert_eq!(c.diagnostics, ["mem.rs:3: 1 == 2 failed"]);
        assert_eq!(r.suites[1].result, Some(Status::Fail));
        assert_eq!(r.last_started.as_deref(), Some("mem.c"));
    }

    #[test]
    fn truncated_output_keeps_what_was_seen() {
        let cut = &GOOD[..GOOD.find("  ok 2 b").unwrap()];
        let r = parse(cut);
        assert_eq!(r.suites.len(), 1);
        assert_eq!(r.suites[0].tests.len(), 1);
        assert_eq!(r.suites[0].result, None);
        assert_eq!(r.last_started.as_deref(), Some("boot.b"));
    }

    #[test]
    fn carriage_returns_and_noise_are_ignored() {
        let r = parse("noise\r\nKTAP version 1\r\n1..0\r\n[info ] ok 5 not a result\r\n");
        assert_eq!(r.plan, Some(0));
        assert!(r.suites.is_empty());
    }
}
