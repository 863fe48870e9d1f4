//! Debian packages pinned by version and sha256: fetched with
//! `apt-get download PACKAGE:ARCH=VERSION` (adding the architecture to dpkg
//! and refreshing the lists when apt does not know it), checked, cached,
//! and unpacked with `dpkg-deb -x`. Every failure comes back as a reason
//! to print, so a caller can report a skipped test or a measurement it
//! could not make, naming why.

use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One pinned package.
#[derive(Clone, Copy, Debug)]
pub struct Pin {
    /// Package name, e.g. `busybox-static`.
    pub package: &'static str,
    /// Debian version, e.g. `1:1.35.0-4+deb12u1+b1`.
    pub version: &'static str,
    /// Debian architecture, e.g. `s390x`.
    pub arch: &'static str,
    /// sha256 of the `.deb`.
    pub sha256: &'static str,
}

impl Pin {
    /// "package version", for reports.
    pub fn label(&self) -> String {
        format!("{} {}", self.package, self.version)
    }

    /// The file name apt gives the package (an epoch's ':' becomes "%3a").
    pub fn deb_name(&self) -> String {
        format!(
            "{}_{}_{}.deb",
            self.package,
            self.version.replace(':', "%3a"),
            self.arch
        )
    }

    /// Fetches (or reuses from `cache`) the package and unpacks it; returns
    /// the directory it was unpacked into. `marker` is a path inside the
    /// package that must exist after unpacking (its main file).
    pub fn fetch(&self, cache: &Path, marker: &str) -> Result<PathBuf, String> {
        let dir = cache.join(format!("{}_{}", self.package, self.arch));
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let dir = dir
            .canonicalize()
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        let deb = dir.join(self.deb_name());
        let tree = dir.join("root");
        if deb.exists() && verify(&deb, self.sha256).is_err() {
            // verify() removed it; fetch it again below.
            eprintln!(
                "{}: the cached package did not match its sha256; downloading it again",
                self.package
            );
        }
        if !deb.exists() {
            let _ = fs::remove_dir_all(&tree);
            self.download(&dir)?;
            verify(&deb, self.sha256)?;
        }
        if !tree.join(marker).exists() {
            let _ = fs::remove_dir_all(&tree);
            run(Command::new("dpkg-deb").arg("-x").arg(&deb).arg(&tree))?;
            if !tree.join(marker).exists() {
                return Err(format!("{} has no {marker}", deb.display()));
            }
        }
        Ok(tree)
    }

    /// `apt-get download PACKAGE:ARCH=VERSION` into `dir`, adding the
    /// architecture and updating the lists first if apt does not know it.
    fn download(&self, dir: &Path) -> Result<(), String> {
        let spec = format!("{}:{}={}", self.package, self.arch, self.version);
        let foreign = run(Command::new("dpkg").arg("--print-foreign-architectures"))?;
        let mut updated = false;
        if !foreign.lines().any(|l| l.trim() == self.arch) {
            if !is_root() {
                return Err(format!(
                    "dpkg has no {0} architecture and this is not root: run \
                     `dpkg --add-architecture {0} && apt-get update` as root",
                    self.arch
                ));
            }
            eprintln!("dpkg --add-architecture {} && apt-get update", self.arch);
            run(Command::new("dpkg").args(["--add-architecture", self.arch]))?;
            run(Command::new("apt-get").args(["update", "-q"]))?;
            updated = true;
        }
        eprintln!("apt-get download {spec}");
        let first = run(Command::new("apt-get")
            .args(["download", "-q", &spec])
            .current_dir(dir));
        match first {
            Ok(_) => Ok(()),
            Err(_) if !updated && is_root() => {
                eprintln!("apt-get update, then retry");
                run(Command::new("apt-get").args(["update", "-q"]))?;
                run(Command::new("apt-get")
                    .args(["download", "-q", &spec])
                    .current_dir(dir))
                .map(|_| ())
            }
            Err(e) => Err(e),
        }
    }
}

/// Lowercase hex sha256 of a file.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let data = fs::read(path)?;
    Ok(hex(&Sha256::digest(&data)))
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks `path` against `expected`; a mismatching file is removed so the
/// next run downloads it again.
pub fn verify(path: &Path, expected: &str) -> Result<(), String> {
    let got = sha256_file(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if got == expected {
        Ok(())
    } else {
        let _ = fs::remove_file(path);
        Err(format!(
            "sha256 mismatch for {}: expected {expected}, got {got} (file removed)",
            path.display()
        ))
    }
}

fn run(cmd: &mut Command) -> Result<String, String> {
    let shown = format!("{cmd:?}");
    match cmd.output() {
        Ok(o) if o.status.success() => Ok(String::from_utf8_lossy(&o.stdout).into_owned()),
        Ok(o) => {
            let err = String::from_utf8_lossy(&o.stderr);
            // apt's errors ("E: ...") say why; its warnings are noise here.
            let mut tail: Vec<&str> = err.lines().filter(|l| l.starts_with("E:")).collect();
            if tail.is_empty() {
                tail = err.lines().filter(|l| !l.trim().is_empty()).collect();
            }
            let tail = tail[tail.len().saturating_sub(3)..].join(" / ");
            Err(format!("{shown} failed ({}): {tail}", o.status))
        }
        Err(e) => Err(format!("{shown} could not run: {e}")),
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_a_known_string() {
        // sha256("abc"), FIPS 180-2 appendix B.1.
        assert_eq!(
            hex(&Sha256::digest(b"abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn verify_removes_a_mismatching_file() {
        let dir = std::env::temp_dir().join(format!("debpin-verify-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let f = dir.join("x.deb");
        fs::write(&f, b"abc").unwrap();
        let ok = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert!(verify(&f, ok).is_ok());
        let err = verify(&f, &"0".repeat(64)).unwrap_err();
        assert!(err.contains("sha256 mismatch"), "{err}");
        assert!(!f.exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_epoch_is_escaped_as_apt_names_the_file() {
        let p = Pin {
            package: "busybox-static",
            version: "1:1.35.0-4+deb12u1+b1",
            arch: "s390x",
            sha256: "",
        };
        assert_eq!(
            p.deb_name(),
            "busybox-static_1%3a1.35.0-4+deb12u1+b1_s390x.deb"
        );
    }
}

/// The packages this project pins.
pub mod pins {
    use super::Pin;

    /// The Linux reference: bookworm's s390x kernel (`make bench`'s peer,
    /// and the kernel whose answers `make test` compares against).
    pub const LINUX: Pin = Pin {
        package: "linux-image-6.1.0-50-s390x",
        version: "6.1.176-1",
        arch: "s390x",
        sha256: "a9cbaa26e37f70caa41b66b23f82169eb82042471c1ee89592613b659b12c0dd",
    };
    /// The kernel image inside [`LINUX`].
    pub const LINUX_VMLINUZ: &str = "boot/vmlinuz-6.1.0-50-s390x";

    /// Debian's static busybox for s390x: a program nobody here wrote
    /// (glibc static, hard float).
    pub const BUSYBOX: Pin = Pin {
        package: "busybox-static",
        version: "1:1.35.0-4+deb12u1+b1",
        arch: "s390x",
        sha256: "65e29a4dea3ca365e9ee73a6b4fa2a42c8cbbd3b13753250e68b4835876fe316",
    };
    /// The binary inside [`BUSYBOX`].
    pub const BUSYBOX_BIN: &str = "bin/busybox";
}
