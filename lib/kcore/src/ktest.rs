//! In-kernel self-tests, reported in KTAP version 1.
//!
//! A test is a `fn() -> TestResult` registered with [`ktest!`], which puts a
//! [`KTest`] record into the `.ktest` linker section (collected by the
//! linker script between `__ktest_start` and `__ktest_end`). Tests are
//! grouped into suites; each suite is one KTAP subtest. Failing assertions
//! return `Err`, so one failure does not stop the run. A panic cannot be
//! recovered (the kernel is built with `panic=abort`): the panic handler
//! calls [`report_panic`], which closes the KTAP output with `not ok` for
//! the running test and its suite, and the kernel then exits with failure.
//!
//! Besides the static registry, callers may add cases built at run time
//! (for example the architecture-generic `mm` tests instantiated for one
//! backend) with [`Case::boxed`].

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use ksync::SpinLock;

use crate::println;

/// Why a test did not pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The test ran and something was wrong.
    Fail(String),
    /// The test could not run here (reported as `# SKIP`).
    Skip(String),
}

/// What a test returns.
pub type TestResult = Result<(), Failure>;

/// One registered test. Lives in the `.ktest` section.
#[repr(C)]
pub struct KTest {
    /// Suite name (one KTAP subtest per suite).
    pub suite: &'static str,
    /// Test name, unique inside its suite.
    pub name: &'static str,
    /// The test body.
    pub run: fn() -> TestResult,
}

/// Defines self-tests in a suite and registers them.
///
/// ```ignore
/// kcore::ktest! {
///     suite = "mem";
///     /// Detected size matches `-m`.
///     fn detects_size() {
///         kcore::kassert_eq!(1 + 1, 2);
///         Ok(())
///     }
/// }
/// ```
#[macro_export]
macro_rules! ktest {
    (suite = $suite:literal; $( $(#[$meta:meta])* fn $name:ident() $body:block )* ) => {
        $(
            $(#[$meta])*
            fn $name() -> $crate::ktest::TestResult $body

            const _: () = {
                #[used]
                #[link_section = ".ktest"]
                static TEST: $crate::ktest::KTest = $crate::ktest::KTest {
                    suite: $suite,
                    name: stringify!($name),
                    run: $name,
                };
            };
        )*
    };
}

/// Fails the current test unless `cond` holds.
#[macro_export]
macro_rules! kassert {
    ($cond:expr) => {
        if !$cond {
            return Err($crate::ktest::Failure::Fail($crate::__format!(
                "{}:{}: assertion failed: {}", file!(), line!(), stringify!($cond)
            )));
        }
    };
    ($cond:expr, $($arg:tt)+) => {
        if !$cond {
            return Err($crate::ktest::Failure::Fail($crate::__format!(
                "{}:{}: {}", file!(), line!(), format_args!($($arg)+)
            )));
        }
    };
}

/// Fails the current test unless the two values are equal.
#[macro_export]
macro_rules! kassert_eq {
    ($a:expr, $b:expr $(,)?) => {
        match (&$a, &$b) {
            (a, b) => {
                if a != b {
                    return Err($crate::ktest::Failure::Fail($crate::__format!(
                        "{}:{}: {} == {} failed: {:x?} != {:x?}",
                        file!(),
                        line!(),
                        stringify!($a),
                        stringify!($b),
                        a,
                        b
                    )));
                }
            }
        }
    };
}

/// Ends the current test as skipped.
#[macro_export]
macro_rules! kskip {
    ($($arg:tt)+) => {
        return Err($crate::ktest::Failure::Skip($crate::__format!($($arg)+)))
    };
}

/// The body of a case.
pub enum Body {
    /// A registered `fn`.
    Static(fn() -> TestResult),
    /// A closure built at run time.
    Boxed(Box<dyn Fn() -> TestResult>),
}

/// A test case ready to run.
pub struct Case {
    /// Suite name.
    pub suite: String,
    /// Test name.
    pub name: String,
    /// What to run.
    pub body: Body,
}

impl Case {
    /// A case built at run time.
    pub fn boxed(suite: &str, name: &str, f: impl Fn() -> TestResult + 'static) -> Self {
        Case {
            suite: suite.into(),
            name: name.into(),
            body: Body::Boxed(Box::new(f)),
        }
    }

    fn run(&self) -> TestResult {
        match &self.body {
            Body::Static(f) => f(),
            Body::Boxed(f) => f(),
        }
    }

    /// `suite.name`.
    pub fn full_name(&self) -> String {
        alloc::format!("{}.{}", self.suite, self.name)
    }
}

/// Every test in the `.ktest` section.
#[cfg(target_os = "none")]
pub fn registered() -> Vec<Case> {
    extern "C" {
        static __ktest_start: u8;
        static __ktest_end: u8;
    }
    // SAFETY: the linker script places exactly the `.ktest` input sections,
    // which only `ktest!` fills with `KTest` values, between the two
    // symbols, 8-byte aligned; `KTest` is `repr(C)` with 8-byte alignment
    // and no padding between array elements.
    let tests = unsafe {
        let start = core::ptr::addr_of!(__ktest_start).cast::<KTest>();
        let end = core::ptr::addr_of!(__ktest_end).cast::<KTest>();
        let n = (end as usize - start as usize) / core::mem::size_of::<KTest>();
        core::slice::from_raw_parts(start, n)
    };
    tests
        .iter()
        .map(|t| Case {
            suite: t.suite.into(),
            name: t.name.into(),
            body: Body::Static(t.run),
        })
        .collect()
}

/// Matches `text` against a glob with `*` wildcards.
pub fn glob(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, rest)) => {
            let Some(tail) = text.strip_prefix(head) else {
                return false;
            };
            (0..=tail.len()).any(|i| tail.is_char_boundary(i) && glob(rest, &tail[i..]))
        }
    }
}

/// Whether a case is selected by a comma-separated filter of globs, each
/// matching either the suite name or `suite.name`.
pub fn selected(filter: Option<&str>, case: &Case) -> bool {
    let Some(filter) = filter else { return true };
    let full = case.full_name();
    filter
        .split(',')
        .filter(|f| !f.is_empty())
        .any(|f| glob(f, &case.suite) || glob(f, &full))
}

/// Groups cases into suites, ordered by suite name; cases keep their order.
pub fn into_suites(mut cases: Vec<Case>) -> Vec<(String, Vec<Case>)> {
    cases.sort_by(|a, b| a.suite.cmp(&b.suite));
    let mut suites: Vec<(String, Vec<Case>)> = Vec::new();
    for c in cases {
        match suites.last_mut() {
            Some((s, v)) if *s == c.suite => v.push(c),
            _ => suites.push((c.suite.clone(), alloc::vec![c])),
        }
    }
    suites
}

/// Totals of one run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Tests that passed.
    pub passed: usize,
    /// Tests that failed.
    pub failed: usize,
    /// Tests that were skipped.
    pub skipped: usize,
}

struct Running {
    suite_no: usize,
    suite: String,
    test_no: usize,
    test: String,
}

static RUNNING: SpinLock<Option<Running>> = SpinLock::new(None);

/// Prints the list of tests (for `ktest.list`).
pub fn list(suites: &[(String, Vec<Case>)]) {
    for (_, cases) in suites {
        for c in cases {
            println!("# test: {}", c.full_name());
        }
    }
}

/// Runs every suite and prints KTAP. Returns the totals.
pub fn run(suites: &[(String, Vec<Case>)]) -> Summary {
    let mut sum = Summary::default();
    println!("KTAP version 1");
    println!("1..{}", suites.len());
    for (si, (suite, cases)) in suites.iter().enumerate() {
        println!("  KTAP version 1");
        println!("  # Subtest: {suite}");
        println!("  1..{}", cases.len());
        let mut suite_failed = false;
        let mut suite_skipped = 0;
        for (ti, case) in cases.iter().enumerate() {
            *RUNNING.lock() = Some(Running {
                suite_no: si + 1,
                suite: suite.clone(),
                test_no: ti + 1,
                test: case.name.clone(),
            });
            println!("  # start: {}", case.full_name());
            let result = case.run();
            *RUNNING.lock() = None;
            match result {
                Ok(()) => {
                    sum.passed += 1;
                    println!("  ok {} {}", ti + 1, case.name);
                }
                Err(Failure::Skip(why)) => {
                    sum.skipped += 1;
                    suite_skipped += 1;
                    println!("  ok {} {} # SKIP {}", ti + 1, case.name, one_line(&why));
                }
                Err(Failure::Fail(why)) => {
                    sum.failed += 1;
                    suite_failed = true;
                    for line in why.lines() {
                        println!("  # {line}");
                    }
                    println!("  not ok {} {}", ti + 1, case.name);
                }
            }
        }
        if suite_failed {
            println!("not ok {} {}", si + 1, suite);
        } else if suite_skipped == cases.len() && !cases.is_empty() {
            println!("ok {} {} # SKIP all tests skipped", si + 1, suite);
        } else {
            println!("ok {} {}", si + 1, suite);
        }
    }
    println!(
        "# totals: pass:{} fail:{} skip:{}",
        sum.passed, sum.failed, sum.skipped
    );
    sum
}

fn one_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// Called by the panic handler: if a test was running, reports it (and its
/// suite) as failed with the panic message. Returns whether a test was
/// running. The caller then ends the run with a failure exit.
pub fn report_panic(message: &dyn core::fmt::Display) -> bool {
    // try_lock: the panic may have happened while the runner held the lock.
    let Some(guard) = RUNNING.try_lock() else {
        return false;
    };
    let Some(r) = guard.as_ref() else {
        return false;
    };
    println!("  # {}.{} panicked: {}", r.suite, r.test, message);
    println!("  not ok {} {}", r.test_no, r.test);
    println!("not ok {} {}", r.suite_no, r.suite);
    println!("# run aborted by a panic: the remaining tests did not run");
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob("mem", "mem"));
        assert!(!glob("mem", "memory"));
        assert!(glob("mem*", "memory"));
        assert!(glob("*.detect*", "mem.detect_size"));
        assert!(glob("*", ""));
        assert!(!glob("a*b", "ac"));
    }

    fn case(suite: &str, name: &str) -> Case {
        Case::boxed(suite, name, || Ok(()))
    }

    #[test]
    fn filter_matches_suite_or_full_name() {
        let c = case("teid", "observed_values");
        assert!(selected(None, &c));
        assert!(selected(Some("teid"), &c));
        assert!(selected(Some("mem,teid.observed*"), &c));
        assert!(!selected(Some("mem"), &c));
        assert!(!selected(Some("teid.other"), &c));
    }

    #[test]
    fn suites_sorted_and_grouped() {
        let s = into_suites(vec![case("b", "1"), case("a", "1"), case("b", "2")]);
        let names: Vec<_> = s
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str(),
                    v.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
                )
            })
            .collect();
        assert_eq!(names, [("a", vec!["1"]), ("b", vec!["1", "2"])]);
    }
}
