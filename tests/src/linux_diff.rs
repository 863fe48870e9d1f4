//! The differential suite (`tests/linux-diff`): small C programs of our
//! own, each checking one behaviour and printing tokens that mean the same
//! on any kernel, run on this kernel and compared with what Linux 6.1
//! printed for the same binaries in the same QEMU.
//!
//! One boot runs every case in turn (the driver forks and execs each as a
//! fresh child and marks its output with `@@case NAME` and `@@status ...`);
//! then each case runs alone in a boot of its own, and must say the same
//! as in the full run. `expected/NAME.out` is Linux's answer, recorded by
//! `make linux-expected` (two full Linux boots that must agree, and each
//! case alone once, which must agree too); `LINUX` names the kernel
//! package and the sha256 of every binary Linux ran. `known.txt` lists
//! cases whose difference from Linux is not fixed yet, each with its
//! reason: they are reported as skipped, never as passed.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use debpin::pins::{LINUX, LINUX_VMLINUZ};
use kcore::cpio::Writer;

use crate::qemu::{self, Ending};

/// The suite's sources and Linux's answers.
pub const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/linux-diff");
/// Where `make linux-diff` puts the binaries.
const BUILT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/linux-diff");
/// Where pinned packages are cached.
const CACHE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/pkgs");
/// RAM for every boot, on both kernels.
const MEM: &str = "512M";

/// The cases, by name, sorted (from the sources, so that a case whose
/// binary is missing is noticed).
pub fn cases() -> io::Result<Vec<String>> {
    let mut names: Vec<String> = fs::read_dir(Path::new(DIR).join("cases"))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".c"))
                .map(str::to_owned)
        })
        .collect();
    names.sort();
    Ok(names)
}

/// The binary of case `name` (or of the driver, `None`).
fn binary(name: Option<&str>) -> PathBuf {
    match name {
        Some(n) => Path::new(BUILT).join("cases").join(n),
        None => Path::new(BUILT).join("driver"),
    }
}

/// Where `make test` puts the riscv64 builds of the edge cases and the
/// driver (run there without a comparison: there is no Linux riscv64
/// here).
pub const BUILT_RISCV64: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../target/linux-diff/riscv64");

/// The initramfs: the driver as `/init`, the cases in `/cases`, their
/// names in `/cases.list`.
pub fn archive(cases: &[String]) -> Result<Vec<u8>, String> {
    archive_from(Path::new(BUILT), cases)
}

/// [`archive`] of the binaries built in `dir` (`driver`, `cases/NAME`).
pub fn archive_from(dir: &Path, cases: &[String]) -> Result<Vec<u8>, String> {
    let read = |p: PathBuf| {
        fs::read(&p).map_err(|e| format!("{}: {e} (run make linux-diff)", p.display()))
    };
    let mut a = Writer::new();
    a.dir("dev", 0o755)
        .chardev("dev/console", 0o600, 5, 1)
        .chardev("dev/null", 0o600, 1, 3)
        .file("init", 0o755, &read(dir.join("driver"))?)
        .dir("cases", 0o755);
    for c in cases {
        a.file(
            &format!("cases/{c}"),
            0o755,
            &read(dir.join("cases").join(c))?,
        );
    }
    let list: String = cases.iter().map(|c| format!("{c}\n")).collect();
    Ok(a.file("cases.list", 0o644, list.as_bytes()).finish())
}

/// Whether `line` is a Linux kernel message with its printk time stamp
/// ("[    6.437998] User process fault: ..."): Linux reports an unhandled
/// user fault on the console, between the case's own lines, with a time
/// that differs from boot to boot. It is not the case's output.
fn is_kernel_log(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('[') else {
        return false;
    };
    let Some((stamp, _)) = rest.split_once("] ") else {
        return false;
    };
    let stamp = stamp.trim_start();
    let Some((secs, frac)) = stamp.split_once('.') else {
        return false;
    };
    !secs.is_empty()
        && !frac.is_empty()
        && secs.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// Each case's lines (its status line last), from a console log.
pub fn parse(console: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in console.lines() {
        let line = line.trim_end_matches('\r');
        if is_kernel_log(line) {
            continue;
        }
        if let Some(name) = line.strip_prefix("@@case ") {
            current = Some((name.to_owned(), String::new()));
            continue;
        }
        let Some((_, text)) = current.as_mut() else {
            continue;
        };
        text.push_str(line);
        text.push('\n');
        if line.starts_with("@@status") {
            let (name, text) = current.take().unwrap_or_default();
            out.insert(name, text);
        }
    }
    out
}

/// Linux's recorded answer for `case`.
pub fn expected(case: &str) -> io::Result<String> {
    fs::read_to_string(Path::new(DIR).join("expected").join(format!("{case}.out")))
}

/// The cases whose difference from Linux is known and not fixed yet:
/// name to reason (`known.txt`, lines `NAME: reason`).
pub fn known() -> BTreeMap<String, String> {
    fs::read_to_string(Path::new(DIR).join("known.txt"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once(':'))
        .map(|(n, r)| (n.trim().to_owned(), r.trim().to_owned()))
        .collect()
}

/// The command line that runs `only` (every case if empty), after the
/// kernel's own options.
pub fn append(only: &[&str]) -> String {
    if only.is_empty() {
        String::new()
    } else {
        format!("-- {}", only.join(" "))
    }
}

/// The answers a kernel gives: one boot with every case, or one with only
/// `only`.
pub fn boot(
    qemu: &qemu::Machine,
    kernel: &Path,
    kernel_opts: &str,
    cpio: &Path,
    only: &[&str],
    timeout: Duration,
) -> Result<(BTreeMap<String, String>, String), String> {
    let cmdline = format!("{kernel_opts} {}", append(only));
    let run = qemu::boot(qemu, kernel, MEM, cmdline.trim(), Some(cpio), &[], timeout)?;
    if matches!(run.ending, Ending::TimedOut) {
        return Err(format!("timed out\n{}", tail(&run.output)));
    }
    if !run.output.contains("@@done") {
        return Err(format!("the driver did not finish\n{}", tail(&run.output)));
    }
    Ok((parse(&run.output), run.output))
}

fn tail(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// The sha256 of each binary, as `LINUX` records them.
fn binary_hashes(cases: &[String]) -> Result<String, String> {
    let mut out = String::new();
    for name in std::iter::once(None).chain(cases.iter().map(|c| Some(c.as_str()))) {
        let p = binary(name);
        let h = debpin::sha256_file(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        out.push_str(&format!(
            "{h}  {}\n",
            name.map_or("driver".into(), |n| format!("cases/{n}"))
        ));
    }
    Ok(out)
}

/// Binaries that differ from the ones Linux ran (the compiler changed, or
/// a case was edited without `make linux-expected`).
pub fn changed_binaries(cases: &[String]) -> Vec<String> {
    let Ok(recorded) = fs::read_to_string(Path::new(DIR).join("LINUX")) else {
        return vec!["(no LINUX record)".into()];
    };
    let Ok(now) = binary_hashes(cases) else {
        return vec!["(binaries missing)".into()];
    };
    now.lines()
        .filter(|l| !recorded.contains(l))
        .map(|l| l.split_whitespace().nth(1).unwrap_or(l).to_owned())
        .collect()
}

/// `make linux-expected`: records Linux's answers. Two full boots must
/// agree, and each case alone must agree with them; nothing is written for
/// a case that does not.
pub fn record(qemu: &qemu::Machine, timeout: Duration) -> Result<(), String> {
    let vmlinuz = LINUX
        .fetch(Path::new(CACHE), LINUX_VMLINUZ)?
        .join(LINUX_VMLINUZ);
    let cases = cases().map_err(|e| format!("{DIR}: {e}"))?;
    let cpio = PathBuf::from("target/test-logs/linux-diff-linux.cpio");
    let _ = fs::create_dir_all("target/test-logs");
    fs::write(&cpio, archive(&cases)?).map_err(|e| format!("{}: {e}", cpio.display()))?;
    let opts = "console=ttysclp0 quiet";
    let (first, _) = boot(qemu, &vmlinuz, opts, &cpio, &[], timeout)?;
    let (second, _) = boot(qemu, &vmlinuz, opts, &cpio, &[], timeout)?;
    let out_dir = Path::new(DIR).join("expected");
    fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    let mut refused = Vec::new();
    for c in &cases {
        let (Some(a), Some(b)) = (first.get(c), second.get(c)) else {
            refused.push(format!("{c} (no answer)"));
            continue;
        };
        if a != b {
            refused.push(format!("{c} (two full boots disagree)"));
            continue;
        }
        let (alone, _) = boot(qemu, &vmlinuz, opts, &cpio, &[c], timeout)?;
        if alone.get(c) != Some(a) {
            refused.push(format!("{c} (alone differs from the full run)"));
            continue;
        }
        fs::write(out_dir.join(format!("{c}.out")), a).map_err(|e| e.to_string())?;
    }
    let record = format!(
        "Recorded by `make linux-expected` on {} with {} (sha256 {}).\nThe binaries Linux ran (sha256):\n{}",
        qemu::version(&qemu.bin),
        LINUX.label(),
        LINUX.sha256,
        binary_hashes(&cases)?
    );
    fs::write(Path::new(DIR).join("LINUX"), record).map_err(|e| e.to_string())?;
    println!(
        "recorded {} of {} cases",
        cases.len() - refused.len(),
        cases.len()
    );
    if refused.is_empty() {
        Ok(())
    } else {
        Err(format!("nothing written for: {}", refused.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_cuts_the_console_into_cases() {
        let c =
            "[info ] x\n@@case a\nsig=11\r\n@@status exit 0\n@@case b\n@@status signal 9\n@@done\n";
        let p = parse(c);
        assert_eq!(p["a"], "sig=11\n@@status exit 0\n");
        assert_eq!(p["b"], "@@status signal 9\n");
    }

    #[test]
    fn parse_drops_linux_kernel_messages() {
        let c = "@@case a\nx=1\n[    6.437998] User process fault: interruption code 0010\n[1] x\n@@status signal 11\n";
        assert_eq!(parse(c)["a"], "x=1\n[1] x\n@@status signal 11\n");
    }

    #[test]
    fn every_case_has_a_recorded_answer_or_a_known_reason() {
        let known = known();
        for c in cases().unwrap() {
            assert!(
                expected(&c).is_ok() || known.contains_key(&c),
                "{DIR}/expected/{c}.out is missing: run make linux-expected"
            );
        }
    }
}
