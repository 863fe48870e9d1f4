//! Running one QEMU boot with a wall-clock timeout.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// How a boot ended.
pub enum Ending {
    /// QEMU exited with this status.
    Exited(i32),
    /// It ran past the timeout and was killed.
    TimedOut,
}

/// What a boot printed and how it ended.
pub struct Run {
    pub output: String,
    pub ending: Ending,
    pub seconds: f64,
}

/// A QEMU binary and the machine options every boot on it has.
pub struct Machine {
    pub bin: String,
    pub args: &'static [&'static str],
}

/// Boots `kernel` with `mem` of RAM and the command line `append`.
pub fn boot(
    machine: &Machine,
    kernel: &Path,
    mem: &str,
    append: &str,
    initrd: Option<&Path>,
    extra: &[&str],
    timeout: Duration,
) -> Result<Run, String> {
    let start = Instant::now();
    let qemu = &machine.bin;
    let mut child = Command::new(qemu)
        .args(machine.args)
        .args(["-m", mem, "-kernel"])
        .arg(kernel)
        .args(["-append", append])
        .args(extra)
        .args(
            initrd
                .iter()
                .flat_map(|p| [std::ffi::OsStr::new("-initrd"), p.as_os_str()]),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            format!("cannot start {qemu}: {e} (install the Debian package qemu-system-misc)")
        })?;

    let (tx, rx) = mpsc::channel::<String>();
    let stdout = child.stdout.take().expect("piped stdout");
    let reader = thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut stderr = child.stderr.take().expect("piped stderr");
    let err_reader = thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });

    let deadline = start + timeout;
    let mut output = String::new();
    let mut timed_out = false;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                output.push_str(line.trim_end_matches('\r'));
                output.push('\n');
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                timed_out = true;
                let _ = child.kill();
                break;
            }
        }
    }
    let status = child.wait().map_err(|e| format!("waiting for QEMU: {e}"))?;
    let _ = reader.join();
    let stderr = err_reader.join().unwrap_or_default();
    if !stderr.trim().is_empty() {
        output.push_str("[qemu stderr] ");
        output.push_str(stderr.trim());
        output.push('\n');
    }
    let ending = if timed_out {
        Ending::TimedOut
    } else {
        Ending::Exited(status.code().unwrap_or(-1))
    };
    Ok(Run {
        output,
        ending,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// `qemu --version`'s first line, for records of what produced a result.
pub fn version(qemu: &str) -> String {
    Command::new(qemu)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.lines().next().map(str::to_owned))
        .unwrap_or_else(|| format!("{qemu} (version unknown)"))
}
