//! Debian's `busybox-static` (a program nobody here wrote: glibc static,
//! hard float) running shell scripts as the first program, compared with
//! what Linux 6.1 printed for the same scripts in the same QEMU.
//!
//! Each `tests/busybox/NAME.sh` runs as
//! `rdinit=/bin/sh -- -c "echo @@begin; . /t/NAME.sh; echo @@end $?"` from
//! an initramfs holding busybox, its applet links, the scripts and a small
//! tree to list. The lines from `@@begin` to `@@end` must equal
//! `tests/busybox/NAME.expected`, which `make busybox-expected` records by
//! booting the pinned Linux twice per script (and refusing to write if the
//! two boots disagree). Without the busybox package (no network, not
//! root) every script is reported as skipped, never as passed.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use debpin::pins::{BUSYBOX, BUSYBOX_BIN, LINUX, LINUX_VMLINUZ};
use kcore::cpio::Writer;

use crate::qemu::{self, Ending};

/// Where the scripts and Linux's answers live.
pub const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/busybox");
/// Where pinned packages are cached.
const CACHE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/pkgs");
/// The applets the scripts call, each a link to busybox in /bin as Debian
/// installs them.
const APPLETS: &[&str] = &[
    "sh", "cat", "echo", "env", "false", "find", "head", "kill", "ls", "printf", "pwd", "readlink",
    "seq", "sort", "tail", "tr", "true", "wc", "yes",
];

/// The scripts, by name, sorted.
pub fn scripts() -> io::Result<Vec<String>> {
    let mut names: Vec<String> = fs::read_dir(DIR)?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".sh"))
                .map(str::to_owned)
        })
        .collect();
    names.sort();
    Ok(names)
}

/// The busybox binary, fetched and checked.
pub fn busybox() -> Result<PathBuf, String> {
    BUSYBOX
        .fetch(Path::new(CACHE), BUSYBOX_BIN)
        .map(|root| root.join(BUSYBOX_BIN))
}

/// The Linux kernel image, fetched and checked.
fn linux() -> Result<PathBuf, String> {
    LINUX
        .fetch(Path::new(CACHE), LINUX_VMLINUZ)
        .map(|root| root.join(LINUX_VMLINUZ))
}

/// The initramfs every script boots with.
pub fn archive(busybox: &Path) -> io::Result<Vec<u8>> {
    let mut a = Writer::new();
    a.dir("bin", 0o755)
        .file("bin/busybox", 0o755, &fs::read(busybox)?);
    for applet in APPLETS {
        a.symlink(&format!("bin/{applet}"), "busybox");
    }
    a.dir("dev", 0o755)
        .chardev("dev/console", 0o600, 5, 1)
        .chardev("dev/null", 0o600, 1, 3)
        .dir("t", 0o755);
    let mut files: Vec<_> = fs::read_dir(DIR)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "sh" || x == "txt"))
        .collect();
    files.sort();
    for p in files {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        a.file(&format!("t/{name}"), 0o644, &fs::read(&p)?);
    }
    Ok(a.dir("data", 0o755)
        .file("data/a.txt", 0o644, b"first file\n")
        .dir("data/dir", 0o755)
        .file("data/dir/b.txt", 0o644, b"second file\n")
        .finish())
}

/// The command line that runs `script`, after the kernel's own options.
pub fn append(script: &str) -> String {
    format!("rdinit=/bin/sh -- -c \"echo @@begin; . /t/{script}.sh; echo @@end $?\"")
}

/// The script's part of a console log: the lines from `@@begin` to
/// `@@end`, without carriage returns.
pub fn extract(console: &str) -> Option<String> {
    let mut out = String::new();
    let mut inside = false;
    for line in console.lines() {
        let line = line.trim_end_matches('\r');
        if !inside {
            inside = line == "@@begin";
            continue;
        }
        out.push_str(line);
        out.push('\n');
        if line.starts_with("@@end") {
            return Some(out);
        }
    }
    None
}

/// A line diff for a report: Linux's lines marked `-`, ours `+`.
pub fn diff(want: &str, got: &str) -> String {
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    let mut out = String::new();
    for i in 0..w.len().max(g.len()) {
        match (w.get(i), g.get(i)) {
            (Some(a), Some(b)) if a == b => out.push_str(&format!("  {a}\n")),
            (a, b) => {
                if let Some(a) = a {
                    out.push_str(&format!("- {a}\n"));
                }
                if let Some(b) = b {
                    out.push_str(&format!("+ {b}\n"));
                }
            }
        }
    }
    out
}

/// The recorded Linux answer for `script`.
pub fn expected(script: &str) -> io::Result<String> {
    fs::read_to_string(Path::new(DIR).join(format!("{script}.expected")))
}

/// `make busybox-expected`: boots the pinned Linux twice per script and
/// writes its answers, refusing a script whose two boots disagree.
pub fn record(qemu: &qemu::Machine, timeout: Duration) -> Result<(), String> {
    let vmlinuz = linux()?;
    let busybox = busybox()?;
    let cpio = PathBuf::from("target/test-logs/busybox-linux.cpio");
    let _ = fs::create_dir_all("target/test-logs");
    fs::write(&cpio, archive(&busybox).map_err(|e| e.to_string())?)
        .map_err(|e| format!("{}: {e}", cpio.display()))?;
    let mut disagreements = Vec::new();
    for script in scripts().map_err(|e| format!("{DIR}: {e}"))? {
        let mut answers = Vec::new();
        for _ in 0..2 {
            let cmdline = format!("console=ttysclp0 quiet {}", append(&script));
            let run = qemu::boot(qemu, &vmlinuz, "512M", &cmdline, Some(&cpio), &[], timeout)?;
            if matches!(run.ending, Ending::TimedOut) {
                return Err(format!("{script}: Linux timed out"));
            }
            answers.push(extract(&run.output).ok_or_else(|| {
                format!(
                    "{script}: no @@begin..@@end on Linux's console:\n{}",
                    run.output
                )
            })?);
        }
        if answers[0] != answers[1] {
            disagreements.push(script);
            continue;
        }
        let path = Path::new(DIR).join(format!("{script}.expected"));
        fs::write(&path, &answers[0]).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("recorded {}", path.display());
    }
    let source = format!(
        "Recorded by `make busybox-expected` on {} with {} (sha256 {}) and {} (sha256 {}).\n",
        qemu::version(&qemu.bin),
        LINUX.label(),
        LINUX.sha256,
        BUSYBOX.label(),
        BUSYBOX.sha256
    );
    let readme = Path::new(DIR).join("LINUX");
    fs::write(&readme, source).map_err(|e| format!("{}: {e}", readme.display()))?;
    if disagreements.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "two Linux boots disagreed on {}: nothing written for them",
            disagreements.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extract_keeps_the_script_lines_only() {
        let console = "[info ] boot\r\n@@begin\r\nhello\r\n@@end 0\r\ninit: exited\r\n";
        assert_eq!(extract(console).as_deref(), Some("hello\n@@end 0\n"));
        assert_eq!(extract("@@begin\nno end\n"), None);
    }

    #[test]
    fn every_script_has_a_recorded_answer() {
        for s in scripts().unwrap() {
            assert!(expected(&s).is_ok(), "{DIR}/{s}.expected is missing");
        }
    }
}
