//! The test harness behind `make test`.
//!
//! 1. Runs the host unit tests (`cargo test`) and counts their results.
//! 2. Boots each kernel it is given (`--kernel s390x=PATH --kernel
//!    riscv64=PATH`) in QEMU once per configuration of its architecture in
//!    `boots.rs`, each with a wall-clock timeout, parses the KTAP output and
//!    checks that the plan is complete and every test passed (or, for crash
//!    boots, that the expected oops appeared with a failure exit). riscv64
//!    boots are named `riscv64/NAME`; s390x's keep their plain names.
//! 3. On s390x only (the Linux peer is s390x's): runs Debian's
//!    busybox-static on shell scripts and compares what they print with
//!    Linux 6.1's recorded answers (`busybox.rs`), and the differential
//!    suite (`linux_diff.rs`).
//! 4. Prints one line per result and ends with one `N passed, N failed, N
//!    skipped` for everything; exits non-zero on any failure, missing test,
//!    crash or timeout.
//!
//! `--record-busybox` instead boots the pinned Linux to record those
//! answers (`make busybox-expected`).

mod arch;
mod boots;
mod busybox;
mod dtbs;
mod initrds;
mod ktap;
mod linux_diff;
mod qemu;
mod symbols;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use arch::Arch;
use boots::{Boot, Expect, Initrd};
use ktap::Status;
use qemu::{Ending, Machine};
use symbols::Symbols;

#[derive(Default)]
struct Totals {
    passed: usize,
    failed: usize,
    skipped: usize,
}

impl Totals {
    fn pass(&mut self, name: &str) {
        self.passed += 1;
        println!("ok      {name}");
    }
    fn fail(&mut self, name: &str, why: &str) {
        self.failed += 1;
        println!("FAILED  {name}");
        for line in why.lines() {
            println!("        | {line}");
        }
    }
    fn skip(&mut self, name: &str, why: &str) {
        self.skipped += 1;
        println!("skip    {name} ({why})");
    }
}

struct Args {
    record_busybox: bool,
    record_linux_diff: bool,
    /// The kernels to boot, at most one per architecture, in the order
    /// given.
    kernels: Vec<(Arch, PathBuf)>,
    /// `--release-kernel ARCH=ELF`: an optimised kernel (self-tests on)
    /// that runs the edge cases of the differential suite once, so that
    /// what a debug kernel's overflow checks catch is also seen where
    /// arithmetic wraps silently.
    release_kernels: Vec<(Arch, PathBuf)>,
    /// `--qemu BIN`: another s390x QEMU.
    qemu: Option<String>,
    timeout: u64,
    host_tests: bool,
    only: Vec<String>,
    verbose: bool,
}

impl Args {
    /// The s390x QEMU (busybox, the differential suite, their records).
    fn s390x_machine(&self) -> Machine {
        Arch::S390x.machine(self.qemu.as_deref())
    }

    /// The s390x kernel, if one was given.
    fn s390x_kernel(&self) -> Option<&Path> {
        self.kernels
            .iter()
            .find(|(a, _)| *a == Arch::S390x)
            .map(|(_, k)| k.as_path())
    }

    /// Whether `--boot` selects `boot` of `arch`: by its full name
    /// (`riscv64/main`), or by its plain name on every architecture
    /// (`main`).
    fn selects(&self, arch: Arch, boot: &str) -> bool {
        self.only.is_empty()
            || self
                .only
                .iter()
                .any(|o| o == boot || *o == format!("{}{boot}", arch.prefix()))
    }
}

fn usage() -> ! {
    eprintln!("usage: ktap-harness --kernel [ARCH=]ELF... [--release-kernel [ARCH=]ELF]... [--timeout SECS] [--host-tests] [--boot NAME]... [--qemu BIN] [-v]");
    eprintln!("       ktap-harness --record-busybox [--timeout SECS] [--qemu BIN]");
    eprintln!("       ktap-harness --record-linux-diff [--timeout SECS] [--qemu BIN]");
    eprintln!("       ktap-harness --write-initrd fs-calls PATH   (the file-system fixture, to boot on Linux)");
    eprintln!(
        "ARCH: {} (a plain ELF is s390x's); --qemu replaces s390x's QEMU",
        Arch::ALL.map(Arch::name).join(", ")
    );
    for arch in Arch::ALL {
        eprintln!(
            "{} boots: {}",
            arch.name(),
            arch.boots()
                .iter()
                .map(|b| format!("{}{}", arch.prefix(), b.name))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    eprintln!("s390x also: busybox, busybox/SCRIPT, linux-diff, linux-diff/CASE");
    std::process::exit(2)
}

/// `--kernel`'s value: `ARCH=PATH`, or a path (s390x's).
fn parse_kernel(v: &str) -> (Arch, PathBuf) {
    match v.split_once('=') {
        Some((name, path)) => match Arch::from_name(name) {
            Some(a) => (a, path.into()),
            None => {
                eprintln!("unknown architecture '{name}'");
                usage()
            }
        },
        None => (Arch::S390x, v.into()),
    }
}

fn parse_args() -> Args {
    let mut a = Args {
        record_busybox: false,
        record_linux_diff: false,
        kernels: Vec::new(),
        release_kernels: Vec::new(),
        qemu: None,
        timeout: 120,
        host_tests: false,
        only: Vec::new(),
        verbose: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        if arg == "--write-initrd" {
            write_initrd(it.next(), it.next());
        }
        match arg.as_str() {
            "--kernel" => {
                let (arch, path) = parse_kernel(&it.next().unwrap_or_else(|| usage()));
                if a.kernels.iter().any(|(k, _)| *k == arch) {
                    eprintln!("two kernels for {}", arch.name());
                    usage();
                }
                a.kernels.push((arch, path));
            }
            "--release-kernel" => {
                let (arch, path) = parse_kernel(&it.next().unwrap_or_else(|| usage()));
                a.release_kernels.push((arch, path));
            }
            "--qemu" => a.qemu = Some(it.next().unwrap_or_else(|| usage())),
            "--timeout" => {
                a.timeout = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| usage())
            }
            "--boot" => a.only.push(it.next().unwrap_or_else(|| usage())),
            "--host-tests" => a.host_tests = true,
            "--record-busybox" => a.record_busybox = true,
            "--record-linux-diff" => a.record_linux_diff = true,
            "-v" | "--verbose" => a.verbose = true,
            _ => usage(),
        }
    }
    if a.kernels.is_empty() && !a.record_busybox && !a.record_linux_diff {
        usage();
    }
    for b in &a.only {
        let known = Arch::ALL.iter().any(|&arch| {
            arch.boots()
                .iter()
                .any(|x| *b == x.name || *b == format!("{}{}", arch.prefix(), x.name))
        });
        if !known
            && !b.starts_with("busybox")
            && !b.starts_with("linux-diff")
            && !b.starts_with("release")
            && b != "edges"
            && b != "riscv64/edges"
        {
            eprintln!("unknown boot '{b}'");
            usage();
        }
    }
    a
}

/// `--write-initrd NAME PATH`: writes an archive the tests make, and exits.
fn write_initrd(name: Option<String>, path: Option<String>) -> ! {
    let (Some(name), Some(path)) = (name, path) else {
        usage()
    };
    let made = match name.as_str() {
        "fs-calls" => initrds::fs_calls(Arch::S390x),
        _ => usage(),
    };
    match made.and_then(|b| std::fs::write(&path, b).map_err(|e| format!("{path}: {e}"))) {
        Ok(()) => std::process::exit(0),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1)
        }
    }
}

/// Runs `cargo test` for the host crates and adds its counts.
fn host_tests(t: &mut Totals) {
    println!("== host: cargo test");
    let out = Command::new("cargo").args(["test", "--quiet"]).output();
    let out = match out {
        Ok(o) => o,
        Err(e) => return t.fail("host: cargo test", &format!("cannot run cargo: {e}")),
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let (mut passed, mut failed, mut ignored, mut suites) = (0, 0, 0, 0);
    for line in text.lines() {
        // "test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; ..."
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            continue;
        };
        suites += 1;
        for part in rest.split(['.', ';']) {
            let mut w = part.split_whitespace();
            if let (Some(n), Some(what)) = (w.next(), w.next()) {
                let n: usize = n.parse().unwrap_or(0);
                match what {
                    "passed" => passed += n,
                    "failed" => failed += n,
                    "ignored" => ignored += n,
                    _ => {}
                }
            }
        }
    }
    t.passed += passed;
    t.failed += failed;
    t.skipped += ignored;
    println!("host: {passed} passed, {failed} failed, {ignored} ignored in {suites} test binaries");
    if !out.status.success() || suites == 0 {
        let tail: Vec<&str> = text.lines().rev().take(40).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        let why = if failed == 0 {
            "cargo test failed (build error?)"
        } else {
            "see the failures above"
        };
        println!("{}", tail.join("\n"));
        if failed == 0 {
            t.fail("host: cargo test", why);
        }
    }
}

fn check_ktap(t: &mut Totals, prefix: &str, output: &str, ending: &Ending, also: &[(&str, &str)]) {
    let r = ktap::parse(output);
    let mut problems = Vec::new();
    if !r.version_seen {
        problems.push("no 'KTAP version 1' header".to_string());
    }
    let mut any_failed = false;
    for s in &r.suites {
        for test in &s.tests {
            let name = format!("{prefix}/{}.{}", s.name, test.name);
            match &test.status {
                Status::Pass => t.pass(&name),
                Status::Skip(why) => t.skip(&name, why),
                Status::Fail => {
                    any_failed = true;
                    t.fail(&name, &test.diagnostics.join("\n"));
                }
            }
        }
        match s.plan {
            Some(p) if p > s.tests.len() => {
                for _ in s.tests.len()..p {
                    t.failed += 1;
                }
                problems.push(format!(
                    "suite {}: plan 1..{p} but only {} results",
                    s.name,
                    s.tests.len()
                ));
            }
            Some(_) => {}
            None => problems.push(format!("suite {}: no plan", s.name)),
        }
    }
    match r.plan {
        None => problems.push("no top-level plan".to_string()),
        Some(p) if p != r.suites.len() => problems.push(format!(
            "plan 1..{p} but {} suites reported",
            r.suites.len()
        )),
        Some(_) => {}
    }
    match ending {
        Ending::TimedOut => problems.push(format!(
            "timed out; last test started: {}",
            r.last_started.as_deref().unwrap_or("(none)")
        )),
        Ending::Exited(0) if any_failed => problems.push("exit status 0 despite failures".into()),
        Ending::Exited(0) => {}
        Ending::Exited(c) if !any_failed => problems.push(format!(
            "QEMU exit status {c} (crash?); last test started: {}",
            r.last_started.as_deref().unwrap_or("(none)")
        )),
        Ending::Exited(_) => {}
    }
    for (name, text) in also {
        let name = format!("{prefix}/{name}");
        if output.contains(text) {
            t.pass(&name);
        } else {
            t.fail(&name, &format!("console lacks '{text}'"));
        }
    }
    if !problems.is_empty() {
        t.fail(&format!("{prefix}/run"), &problems.join("\n"));
    }
}

fn contains_in_order(output: &str, texts: &[&str]) -> Result<(), String> {
    let mut at = 0;
    for text in texts {
        match output[at..].find(text) {
            Some(i) => at += i + text.len(),
            None => return Err(format!("console lacks '{text}' (in this order)")),
        }
    }
    Ok(())
}

/// One architecture's kernel, ready to boot.
struct Target<'a> {
    arch: Arch,
    kernel: &'a Path,
    machine: Machine,
    syms: Symbols,
}

fn run_boot(t: &mut Totals, a: &Args, target: &Target, boot: &Boot) {
    // riscv64/NAME: the logs of riscv64 go to target/test-logs/riscv64/.
    let full = format!("{}{}", target.arch.prefix(), boot.name);
    let boot_name = full.as_str();
    println!(
        "== boot {boot_name}: -m {} -append \"{}\"",
        boot.mem, boot.append
    );
    let timeout = match boot.expect {
        Expect::Timeout { seconds, .. } => seconds,
        _ => a.timeout,
    };
    let user_dir = target.arch.user_dir();
    let bytes = match &boot.initrd {
        Some(Initrd::Bytes(b)) => Some(b.to_vec()),
        Some(Initrd::Made(make)) => match make(&user_dir) {
            Ok(b) => Some(b),
            Err(e) => return t.fail(&format!("{boot_name}/run"), &e),
        },
        _ => None,
    };
    let log_dir = PathBuf::from("target/test-logs");
    let initrd = match (&boot.initrd, bytes) {
        (Some(Initrd::Program(p)), _) => Some(user_dir.join(p)),
        (_, Some(bytes)) => {
            let p = log_dir.join(format!("{boot_name}.initrd"));
            if let Err(e) = p
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&p, bytes))
            {
                return t.fail(
                    &format!("{boot_name}/run"),
                    &format!("{}: {e}", p.display()),
                );
            }
            Some(p)
        }
        _ => None,
    };
    let mut extra: Vec<String> = boot.qemu_args.iter().map(|s| s.to_string()).collect();
    if let Some(kind) = boot.dtb {
        let path = log_dir.join(format!("{boot_name}.dtb"));
        match dtbs::make(&target.machine, boot.mem, kind, &path) {
            Ok(p) => extra.extend(["-dtb".to_string(), p.display().to_string()]),
            Err(e) => return t.fail(&format!("{boot_name}/run"), &e),
        }
    }
    let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
    let run = match qemu::boot(
        &target.machine,
        target.kernel,
        boot.mem,
        boot.append,
        initrd.as_deref(),
        &extra,
        Duration::from_secs(timeout),
    ) {
        Ok(r) => r,
        Err(e) => return t.fail(&format!("{boot_name}/run"), &e),
    };
    let annotated: String = run
        .output
        .lines()
        .map(|l| target.syms.annotate(l) + "\n")
        .collect();
    let log = log_dir.join(format!("{boot_name}.log"));
    if let Some(dir) = log.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(&log, &annotated);
    let failed_before = t.failed;
    let name = format!("{boot_name}/expected-outcome");
    match &boot.expect {
        Expect::Ktap { also } => check_ktap(t, boot_name, &run.output, &run.ending, also),
        Expect::Crash { texts } => match (&run.ending, contains_in_order(&annotated, texts)) {
            (Ending::Exited(c), Ok(())) if *c != 0 => t.pass(&name),
            (Ending::Exited(c), Ok(())) => {
                t.fail(&name, &format!("expected a failure exit, got {c}"))
            }
            (Ending::TimedOut, _) => t.fail(&name, "timed out instead of crashing"),
            (_, Err(e)) => t.fail(&name, &e),
        },
        Expect::Clean { texts } => match (&run.ending, contains_in_order(&run.output, texts)) {
            (Ending::Exited(0), Ok(())) => t.pass(&name),
            (Ending::Exited(c), Ok(())) => t.fail(&name, &format!("exit status {c}")),
            (Ending::TimedOut, _) => t.fail(&name, "timed out"),
            (_, Err(e)) => t.fail(&name, &e),
        },
        Expect::Timeout { last_started, .. } => {
            let r = ktap::parse(&run.output);
            match (&run.ending, r.last_started.as_deref()) {
                (Ending::TimedOut, Some(l)) if l == *last_started => {
                    println!("        (timed out as expected; last test started: {l})");
                    t.pass(&name)
                }
                (Ending::TimedOut, l) => t.fail(&name, &format!("last test started: {l:?}")),
                (Ending::Exited(c), _) => {
                    t.fail(&name, &format!("exited with {c} instead of hanging"))
                }
            }
        }
    }
    if t.failed > failed_before || a.verbose {
        println!(
            "        console ({:.1} s, full log: {}):",
            run.seconds,
            log.display()
        );
        let lines: Vec<&str> = annotated.lines().collect();
        let from = lines.len().saturating_sub(60);
        for l in &lines[from..] {
            println!("        > {l}");
        }
    }
}

/// The busybox scripts the arguments select, each booted and compared
/// with Linux's answer.
fn run_busybox(t: &mut Totals, a: &Args, kernel: &Path) {
    let selected = |s: &str| {
        a.only.is_empty()
            || a.only
                .iter()
                .any(|o| o == "busybox" || *o == format!("busybox/{s}"))
    };
    let scripts = match busybox::scripts() {
        Ok(s) => s,
        Err(e) => return t.fail("busybox/run", &format!("{}: {e}", busybox::DIR)),
    };
    let scripts: Vec<String> = scripts.into_iter().filter(|s| selected(s)).collect();
    if scripts.is_empty() {
        return;
    }
    println!("== busybox: Debian's busybox-static against Linux 6.1's answers");
    let archive = busybox::busybox().and_then(|bin| {
        let bytes = busybox::archive(&bin).map_err(|e| format!("archive: {e}"))?;
        let path = PathBuf::from("target/test-logs/busybox.cpio");
        let _ = std::fs::create_dir_all("target/test-logs");
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    });
    let archive = match archive {
        Ok(p) => p,
        Err(why) => {
            for s in &scripts {
                t.skip(&format!("busybox/{s}"), &format!("no busybox: {why}"));
            }
            return;
        }
    };
    for s in &scripts {
        let name = format!("busybox/{s}");
        let Ok(want) = busybox::expected(s) else {
            t.fail(&name, "no Linux answer recorded: run make busybox-expected");
            continue;
        };
        let cmdline = format!("loglevel=warn {}", busybox::append(s));
        let run = match qemu::boot(
            &a.s390x_machine(),
            kernel,
            "256M",
            &cmdline,
            Some(&archive),
            &[],
            Duration::from_secs(a.timeout),
        ) {
            Ok(r) => r,
            Err(e) => {
                t.fail(&name, &e);
                continue;
            }
        };
        let log = PathBuf::from("target/test-logs").join(format!("busybox-{s}.log"));
        let _ = std::fs::write(&log, &run.output);
        let got = busybox::extract(&run.output);
        match (&run.ending, got) {
            (Ending::TimedOut, _) => t.fail(&name, &format!("timed out; log {}", log.display())),
            (_, Some(got)) if got == want => t.pass(&name),
            (_, got) => t.fail(
                &name,
                &format!(
                    "differs from Linux 6.1 (log {}):\n{}",
                    log.display(),
                    busybox::diff(&want, got.as_deref().unwrap_or(""))
                ),
            ),
        }
    }
}

/// The differential suite: every case in one boot, compared with Linux's
/// answer; then each case alone, which must say the same.
fn run_linux_diff(t: &mut Totals, a: &Args, kernel: &Path) {
    let selected = |c: &str| {
        a.only.is_empty()
            || a.only
                .iter()
                .any(|o| o == "linux-diff" || *o == format!("linux-diff/{c}"))
    };
    let all = match linux_diff::cases() {
        Ok(c) => c,
        Err(e) => return t.fail("linux-diff/run", &format!("{}: {e}", linux_diff::DIR)),
    };
    let cases: Vec<String> = all.into_iter().filter(|c| selected(c)).collect();
    if cases.is_empty() {
        return;
    }
    println!(
        "== linux-diff: {} cases against Linux 6.1's answers",
        cases.len()
    );
    let changed = linux_diff::changed_binaries(&cases);
    if !changed.is_empty() {
        println!(
            "        note: binaries differ from the ones Linux ran (rerun make linux-expected): {}",
            changed.join(", ")
        );
    }
    let cpio = PathBuf::from("target/test-logs/linux-diff.cpio");
    let _ = std::fs::create_dir_all("target/test-logs");
    if let Err(e) = linux_diff::archive(&cases)
        .and_then(|b| std::fs::write(&cpio, b).map_err(|e| format!("{}: {e}", cpio.display())))
    {
        return t.fail("linux-diff/run", &e);
    }
    let timeout = Duration::from_secs(a.timeout);
    let opts = "loglevel=warn";
    let qemu = a.s390x_machine();
    let full = match linux_diff::boot(&qemu, kernel, opts, &cpio, &[], timeout) {
        Ok((answers, console)) => {
            let _ = std::fs::write("target/test-logs/linux-diff.log", console);
            answers
        }
        Err(e) => return t.fail("linux-diff/run", &e),
    };
    let known = linux_diff::known();
    for c in &cases {
        let name = format!("linux-diff/{c}");
        let got = full.get(c).map(String::as_str).unwrap_or("(no answer)\n");
        let want = match linux_diff::expected(c) {
            Ok(w) => w,
            Err(_) => {
                t.fail(&name, "no Linux answer recorded: run make linux-expected");
                continue;
            }
        };
        if got != want {
            match known.get(c) {
                Some(why) => t.skip(&name, &format!("differs from Linux, not fixed yet: {why}")),
                None => t.fail(
                    &name,
                    &format!("differs from Linux 6.1:\n{}", busybox::diff(&want, got)),
                ),
            }
            continue;
        }
        match linux_diff::boot(&qemu, kernel, opts, &cpio, &[c], timeout) {
            Ok((alone, _)) if alone.get(c).map(String::as_str) == Some(got) => t.pass(&name),
            Ok((alone, _)) => t.fail(
                &name,
                &format!(
                    "alone it says something else than in the full run:\n{}",
                    busybox::diff(got, alone.get(c).map(String::as_str).unwrap_or(""))
                ),
            ),
            Err(e) => t.fail(&name, &format!("alone: {e}")),
        }
    }
}

/// The differential suite's edge cases (`*_edge_*`: every call that takes
/// an address or a length, with the values issue 16 names) on a release
/// kernel, in one boot, compared with Linux's answers as on the debug
/// kernel. s390x only: the cases are s390x programs, and Linux s390x is
/// the peer.
fn run_release_edges(t: &mut Totals, a: &Args, arch: Arch, kernel: &Path) {
    let prefix = format!("{}release/linux-diff", arch.prefix());
    if !a.only.is_empty() && !a.only.iter().any(|o| *o == prefix || *o == "release") {
        return;
    }
    if !arch.has_linux_peer() {
        return;
    }
    if !kernel.exists() {
        return t.fail(
            &format!("{prefix}/run"),
            &format!("{} not found: the release build failed", kernel.display()),
        );
    }
    let cases: Vec<String> = match linux_diff::cases() {
        Ok(c) => c.into_iter().filter(|c| c.contains("_edge_")).collect(),
        Err(e) => return t.fail(&format!("{prefix}/run"), &format!("{e}")),
    };
    println!(
        "== {prefix}: {} edge cases on a release kernel",
        cases.len()
    );
    let cpio = PathBuf::from("target/test-logs/linux-diff-release.cpio");
    let _ = std::fs::create_dir_all("target/test-logs");
    if let Err(e) = linux_diff::archive(&cases)
        .and_then(|b| std::fs::write(&cpio, b).map_err(|e| format!("{}: {e}", cpio.display())))
    {
        return t.fail(&format!("{prefix}/run"), &e);
    }
    let qemu = arch.machine(a.qemu.as_deref());
    let timeout = Duration::from_secs(a.timeout);
    let answers = match linux_diff::boot(&qemu, kernel, "loglevel=warn", &cpio, &[], timeout) {
        Ok((answers, console)) => {
            let _ = std::fs::write("target/test-logs/linux-diff-release.log", console);
            answers
        }
        Err(e) => return t.fail(&format!("{prefix}/run"), &e),
    };
    for c in &cases {
        let name = format!("{prefix}/{c}");
        let got = answers
            .get(c)
            .map(String::as_str)
            .unwrap_or("(no answer)\n");
        match linux_diff::expected(c) {
            Ok(want) if want == got => t.pass(&name),
            Ok(want) => t.fail(
                &name,
                &format!("differs from Linux 6.1:\n{}", busybox::diff(&want, got)),
            ),
            Err(_) => t.fail(&name, "no Linux answer recorded: run make linux-expected"),
        }
    }
}

/// The edge cases built for an architecture without a Linux peer
/// (riscv64), run by the driver in one boot: each must end (exit or
/// signal) and the kernel must carry on to the driver's end. Their output
/// is not compared; the kernel must not panic, hang or lose a child.
fn run_edges_unchecked(t: &mut Totals, a: &Args, target: &Target) {
    let prefix = format!("{}edges", target.arch.prefix());
    if !a.only.is_empty() && !a.only.iter().any(|o| *o == prefix || *o == "edges") {
        return;
    }
    let cases: Vec<String> = match linux_diff::cases() {
        Ok(c) => c.into_iter().filter(|c| c.contains("_edge_")).collect(),
        Err(e) => return t.fail(&format!("{prefix}/run"), &format!("{e}")),
    };
    println!(
        "== {prefix}: {} edge cases, not compared (no Linux {} peer)",
        cases.len(),
        target.arch.name()
    );
    let cpio = PathBuf::from(format!(
        "target/test-logs/{}-edges.cpio",
        target.arch.name()
    ));
    let _ = std::fs::create_dir_all("target/test-logs");
    if let Err(e) = linux_diff::archive_from(Path::new(linux_diff::BUILT_RISCV64), &cases)
        .and_then(|b| std::fs::write(&cpio, b).map_err(|e| format!("{}: {e}", cpio.display())))
    {
        return t.fail(&format!("{prefix}/run"), &e);
    }
    let timeout = Duration::from_secs(a.timeout);
    let answers = match linux_diff::boot(
        &target.machine,
        target.kernel,
        "loglevel=warn",
        &cpio,
        &[],
        timeout,
    ) {
        Ok((answers, console)) => {
            let log = format!("target/test-logs/{}-edges.log", target.arch.name());
            let _ = std::fs::write(log, console);
            answers
        }
        Err(e) => return t.fail(&format!("{prefix}/run"), &e),
    };
    for c in &cases {
        let name = format!("{prefix}/{c}");
        match answers.get(c) {
            Some(out) if out.contains("@@status exit") || out.contains("@@status signal") => {
                t.pass(&name)
            }
            Some(out) => t.fail(&name, out),
            None => t.fail(&name, "no answer"),
        }
    }
}

fn main() -> ExitCode {
    let a = parse_args();
    if a.record_linux_diff {
        return match linux_diff::record(&a.s390x_machine(), Duration::from_secs(a.timeout)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("linux-expected: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if a.record_busybox {
        return match busybox::record(&a.s390x_machine(), Duration::from_secs(a.timeout)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("busybox-expected: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let mut t = Totals::default();
    if a.host_tests && a.only.is_empty() {
        host_tests(&mut t);
    }
    for (arch, kernel) in &a.kernels {
        if !kernel.exists() {
            // Counted, and the other architectures still run.
            t.fail(
                &format!("{}/kernel", arch.name()),
                &format!(
                    "{} not found: the build failed (make kernel ARCH={})",
                    kernel.display(),
                    arch.name()
                ),
            );
            continue;
        }
        let target = Target {
            arch: *arch,
            kernel,
            machine: arch.machine(if *arch == Arch::S390x {
                a.qemu.as_deref()
            } else {
                None
            }),
            syms: Symbols::load(arch.nm(), kernel),
        };
        for boot in arch.boots().iter().filter(|b| a.selects(*arch, b.name)) {
            run_boot(&mut t, &a, &target, boot);
        }
        if !arch.has_linux_peer() {
            run_edges_unchecked(&mut t, &a, &target);
            // Not counted: there is nothing to compare with.
            println!(
                "== {}: the busybox and linux-diff suites compare with Linux 6.1 of s390x; \
                 there is no Linux {} peer here, so they do not run on it",
                arch.name(),
                arch.name()
            );
        }
    }
    if let Some(kernel) = a.s390x_kernel().filter(|k| k.exists()) {
        run_busybox(&mut t, &a, kernel);
        run_linux_diff(&mut t, &a, kernel);
    }
    for (arch, kernel) in &a.release_kernels {
        run_release_edges(&mut t, &a, *arch, kernel);
    }
    println!(
        "{} passed, {} failed, {} skipped",
        t.passed, t.failed, t.skipped
    );
    if t.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
