//! One QEMU boot with a wall-clock timeout: every console line is kept
//! with the time it arrived, and the whole console goes to a log file.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// The architecture measured: its QEMU (Debian's `qemu-system-misc`) and
/// machine.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Arch {
    S390x,
    Riscv64,
}

impl Arch {
    /// `s390x`, `riscv64`.
    pub fn from_name(name: &str) -> Option<Arch> {
        match name {
            "s390x" => Some(Arch::S390x),
            "riscv64" => Some(Arch::Riscv64),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Arch::S390x => "s390x",
            Arch::Riscv64 => "riscv64",
        }
    }

    /// The QEMU binary.
    pub fn qemu(self) -> &'static str {
        match self {
            Arch::S390x => "qemu-system-s390x",
            Arch::Riscv64 => "qemu-system-riscv64",
        }
    }

    /// The machine: s390x's with `-action` (a failed boot's disabled wait
    /// exits 1); riscv64's virt with QEMU's bundled OpenSBI (the kernel
    /// exits through the SiFive test device).
    fn machine(self) -> &'static [&'static str] {
        match self {
            Arch::S390x => &["-M", "s390-ccw-virtio", "-nographic"],
            Arch::Riscv64 => &["-M", "virt", "-nographic", "-bios", "default"],
        }
    }

    fn machine_tail(self) -> &'static [&'static str] {
        match self {
            Arch::S390x => &["-action", "panic=exit-failure"],
            Arch::Riscv64 => &[],
        }
    }
}

/// How QEMU's clock runs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// Plain TCG: the guest clock follows host time.
    Tcg,
    /// `-icount shift=0,sleep=off`: one guest instruction is 1 ns.
    Icount,
}

impl Mode {
    pub const ALL: [Mode; 2] = [Mode::Tcg, Mode::Icount];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Tcg => "tcg",
            Mode::Icount => "icount",
        }
    }

    /// What one `*_ns` value means in this mode.
    pub fn unit(self) -> &'static str {
        match self {
            Mode::Tcg => "ns (guest clock, host-timed)",
            Mode::Icount => "guest instructions",
        }
    }
}

/// What to boot.
pub struct Boot<'a> {
    pub arch: Arch,
    pub kernel: &'a Path,
    pub initrd: &'a Path,
    pub append: String,
    pub mode: Mode,
    pub mem_mib: u32,
}

impl Boot<'_> {
    /// The full QEMU argument list: the same options for both kernels.
    pub fn args(&self) -> Vec<String> {
        let mem = self.mem_mib.to_string();
        let mut a: Vec<String> = self
            .arch
            .machine()
            .iter()
            .chain(&["-smp", "1", "-m", &mem, "-mem-prealloc"])
            .chain(self.arch.machine_tail())
            .map(|s| s.to_string())
            .collect();
        if self.mode == Mode::Icount {
            a.extend(["-icount".into(), "shift=0,sleep=off".into()]);
        }
        a.extend([
            "-kernel".into(),
            self.kernel.display().to_string(),
            "-initrd".into(),
            self.initrd.display().to_string(),
            "-append".into(),
            self.append.clone(),
        ]);
        a
    }
}

/// What happened.
pub struct Outcome {
    /// Console lines (CR/LF stripped) with their arrival time.
    pub lines: Vec<(Duration, String)>,
    /// QEMU's exit code; `None` if killed by a signal or by the timeout.
    pub exit: Option<i32>,
    pub timed_out: bool,
    /// QEMU start to QEMU exit.
    pub wall: Duration,
}

impl Outcome {
    /// Why this boot did not end cleanly, if it did not.
    pub fn failure(&self, timeout: Duration) -> Option<String> {
        if self.timed_out {
            Some(format!("timed out after {} s", timeout.as_secs()))
        } else {
            match self.exit {
                Some(0) => None,
                Some(c) => Some(format!("QEMU exited with status {c}")),
                None => Some("QEMU was killed by a signal".into()),
            }
        }
    }
}

/// Boots and waits at most `timeout`; the console goes to `log`.
pub fn run(boot: &Boot, timeout: Duration, log: &Path) -> std::io::Result<Outcome> {
    let args = boot.args();
    let mut logf = File::create(log)?;
    let qemu = boot.arch.qemu();
    writeln!(logf, "# {qemu} {}", shell_words(&args))?;

    let start = Instant::now();
    let mut child = Command::new(qemu)
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;

    let (tx, rx) = mpsc::channel::<(Duration, String)>();
    let readers: Vec<_> = [
        Box::new(child.stdout.take().expect("piped")) as Box<dyn Read + Send>,
        Box::new(child.stderr.take().expect("piped")),
    ]
    .into_iter()
    .map(|pipe| {
        let tx = tx.clone();
        thread::spawn(move || {
            let mut r = BufReader::new(pipe);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match r.read_until(b'\n', &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        let line = String::from_utf8_lossy(&buf);
                        let line = line.trim_end_matches(['\r', '\n']).to_string();
                        if tx.send((start.elapsed(), line)).is_err() {
                            break;
                        }
                    }
                }
            }
        })
    })
    .collect();
    drop(tx);

    let mut lines = Vec::new();
    let mut keep = |(t, l): (Duration, String), logf: &mut File| -> std::io::Result<()> {
        writeln!(logf, "[{:9.3}] {l}", t.as_secs_f64())?;
        lines.push((t, l));
        Ok(())
    };

    let deadline = start + timeout;
    let mut timed_out = false;
    let status = loop {
        while let Ok(item) = rx.try_recv() {
            keep(item, &mut logf)?;
        }
        if let Some(st) = child.try_wait()? {
            break st;
        }
        if Instant::now() >= deadline {
            timed_out = true;
            let _ = child.kill();
            break child.wait()?;
        }
        thread::sleep(Duration::from_millis(20));
    };
    let wall = start.elapsed();
    for r in readers {
        let _ = r.join();
    }
    while let Ok(item) = rx.try_recv() {
        keep(item, &mut logf)?;
    }
    let exit = if timed_out { None } else { status.code() };
    writeln!(
        logf,
        "# exit {:?}{} after {:.3} s",
        exit,
        if timed_out { " (timed out)" } else { "" },
        wall.as_secs_f64()
    )?;
    Ok(Outcome {
        lines,
        exit,
        timed_out,
        wall,
    })
}

/// Arguments quoted for a shell, for the log's first line.
fn shell_words(args: &[String]) -> String {
    args.iter()
        .map(|a| {
            if a.is_empty() || a.contains([' ', '"', '\'', ',', '=']) {
                format!("'{}'", a.replace('\'', r"'\''"))
            } else {
                a.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `qemu-system-ARCH --version`'s first line, or why it is unknown.
pub fn version(arch: Arch) -> String {
    let qemu = arch.qemu();
    match Command::new(qemu).arg("--version").output() {
        Ok(o) => String::from_utf8_lossy(&o.stdout)
            .lines()
            .next()
            .unwrap_or("unknown")
            .to_string(),
        Err(e) => format!("unknown ({qemu}: {e})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_kernels_get_the_same_options() {
        let b = Boot {
            arch: Arch::S390x,
            kernel: Path::new("k"),
            initrd: Path::new("i"),
            append: "quiet".into(),
            mode: Mode::Icount,
            mem_mib: 512,
        };
        let a = b.args().join(" ");
        assert_eq!(
            a,
            "-M s390-ccw-virtio -nographic -smp 1 -m 512 -mem-prealloc -action panic=exit-failure \
             -icount shift=0,sleep=off -kernel k -initrd i -append quiet"
        );
        let b = Boot {
            arch: Arch::Riscv64,
            ..b
        };
        assert_eq!(
            b.args().join(" "),
            "-M virt -nographic -bios default -smp 1 -m 512 -mem-prealloc \
             -icount shift=0,sleep=off -kernel k -initrd i -append quiet"
        );
    }

    #[test]
    fn shell_words_quotes() {
        let a = ["-append".to_string(), "a b".to_string()];
        assert_eq!(shell_words(&a), "-append 'a b'");
    }
}
