//! Parsing faultbench's `key=value` console lines and summarising boots.

use std::collections::BTreeMap;
use std::time::Duration;

/// The measured events: key prefix (`<key>_ns`) and what it is.
pub const EVENTS: [(&str, &str); 7] = [
    ("write_dz", "demand-zero write fault"),
    ("read_zp", "zero-page read fault"),
    ("wp_zero", "write to a zero-page-mapped page"),
    ("cow", "copy-on-write in a forked child"),
    ("sig_fix", "SIGSEGV, mprotect in handler, rt_sigreturn"),
    ("syscall", "getppid round trip"),
    ("touch", "store to a mapped page (loop overhead)"),
];

/// Issue 7's goals in guest instructions (icount mode), where it sets one.
pub fn icount_goal(event: &str) -> Option<f64> {
    match event {
        "write_dz" => Some(600.0),
        "read_zp" => Some(300.0),
        "cow" => Some(700.0),
        "sig_fix" => Some(2500.0),
        "syscall" => Some(60.0),
        _ => None,
    }
}

/// One boot's results.
#[derive(Debug, Default, Clone)]
pub struct Run {
    /// Every numeric `key=value` line, plus the harness's own timings
    /// (`boot_to_program_s`, `boot_to_end_s`, `qemu_wall_s`).
    pub values: BTreeMap<String, f64>,
    /// `error=` lines.
    pub errors: Vec<String>,
    /// Arrival of `faultbench=begin`, i.e. the program's first output.
    pub began: Option<Duration>,
    /// Arrival of `faultbench=end`.
    pub ended: Option<Duration>,
}

impl Run {
    /// `<event>_ns`.
    pub fn event(&self, event: &str) -> Option<f64> {
        self.values.get(&format!("{event}_ns")).copied()
    }
}

/// Whether `k` looks like one of faultbench's keys.
fn is_key(k: &str) -> bool {
    !k.is_empty()
        && k.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Reads a boot's console. Only whole lines of the form `key=value` count,
/// so kernel messages around them are ignored.
pub fn parse(lines: &[(Duration, String)], wall: Duration) -> Run {
    let mut run = Run::default();
    for (t, line) in lines {
        let line = line.trim();
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        if !is_key(k) {
            continue;
        }
        match (k, v) {
            ("faultbench", "begin") if run.began.is_none() => run.began = Some(*t),
            ("faultbench", "end") => run.ended = Some(*t),
            ("error", msg) => run.errors.push(msg.to_string()),
            _ => {
                if let Ok(x) = v.parse::<f64>() {
                    run.values.insert(k.to_string(), x);
                }
            }
        }
    }
    if let Some(b) = run.began {
        run.values
            .insert("boot_to_program_s".into(), b.as_secs_f64());
    }
    if let Some(e) = run.ended {
        run.values.insert("boot_to_end_s".into(), e.as_secs_f64());
    }
    run.values.insert("qemu_wall_s".into(), wall.as_secs_f64());
    run
}

/// min, median, max.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    pub min: f64,
    pub median: f64,
    pub max: f64,
}

pub fn stats(values: &[f64]) -> Option<Stats> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    Some(Stats {
        min: v[0],
        median,
        max: v[n - 1],
    })
}

/// Stats of `key` over several boots.
pub fn key_stats(runs: &[Run], key: &str) -> Option<Stats> {
    let v: Vec<f64> = runs
        .iter()
        .filter_map(|r| r.values.get(key).copied())
        .collect();
    stats(&v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: u64, s: &str) -> (Duration, String) {
        (Duration::from_millis(ms), s.to_string())
    }

    #[test]
    fn parses_values_markers_and_errors() {
        let lines = [
            at(10, "[    1.0] Linux version 6.1"),
            at(20, "faultbench=begin"),
            at(30, "write_dz_ns=2204.0"),
            at(31, "garbage write_dz_ns=1"),
            at(32, "Some Thing=1"),
            at(40, "error=fork: -38"),
            at(50, "faultbench=end"),
        ];
        let r = parse(&lines, Duration::from_secs(2));
        assert_eq!(r.event("write_dz"), Some(2204.0));
        assert_eq!(r.errors, ["fork: -38"]);
        assert_eq!(r.began, Some(Duration::from_millis(20)));
        assert_eq!(r.values["boot_to_end_s"], 0.05);
        assert_eq!(r.values["qemu_wall_s"], 2.0);
        assert!(!r.values.contains_key("Some Thing"));
    }

    #[test]
    fn no_program_output_means_no_begin() {
        let r = parse(
            &[at(5, "KTAP version 1"), at(6, "ok 1 mem")],
            Duration::ZERO,
        );
        assert!(r.began.is_none() && r.event("write_dz").is_none());
    }

    #[test]
    fn stats_odd_and_even() {
        let s = stats(&[3.0, 1.0, 2.0]).unwrap();
        assert_eq!((s.min, s.median, s.max), (1.0, 2.0, 3.0));
        assert_eq!(stats(&[4.0, 1.0]).unwrap().median, 2.5);
        assert!(stats(&[]).is_none());
    }
}
