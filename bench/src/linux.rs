//! The Linux peer: Debian's s390x kernel image package, pinned by version
//! and sha256, fetched with apt and unpacked with dpkg-deb.

use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The pinned package: bookworm's kernel at the time of writing (from
/// `apt-cache policy 'linux-image-6.1*-s390x:s390x'`).
pub const PACKAGE: &str = "linux-image-6.1.0-50-s390x";
/// Its Debian version.
pub const VERSION: &str = "6.1.176-1";
/// sha256 of `linux-image-6.1.0-50-s390x_6.1.176-1_s390x.deb`.
pub const SHA256: &str = "a9cbaa26e37f70caa41b66b23f82169eb82042471c1ee89592613b659b12c0dd";
/// The image inside the package.
const VMLINUZ: &str = "boot/vmlinuz-6.1.0-50-s390x";

/// A ready Linux peer.
pub struct Peer {
    pub vmlinuz: PathBuf,
    /// "linux-image-6.1.0-50-s390x 6.1.176-1".
    pub label: String,
}

/// Lowercase hex sha256 of a file.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let data = fs::read(path)?;
    Ok(hex(&Sha256::digest(&data)))
}

fn hex(bytes: &[u8]) -> String {
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

/// Fetches (or reuses from `cache`) the pinned package and unpacks its
/// kernel image. Every failure comes back as a reason to print.
pub fn fetch(cache: &Path) -> Result<Peer, String> {
    fs::create_dir_all(cache).map_err(|e| format!("cannot create {}: {e}", cache.display()))?;
    let cache = cache
        .canonicalize()
        .map_err(|e| format!("{}: {e}", cache.display()))?;
    let deb = cache.join(format!("{PACKAGE}_{VERSION}_s390x.deb"));
    let label = format!("{PACKAGE} {VERSION}");
    let tree = cache.join("root");
    let vmlinuz = tree.join(VMLINUZ);

    if deb.exists() && verify(&deb, SHA256).is_err() {
        // verify() removed it; fetch it again below.
        eprintln!("bench: the cached package did not match its sha256; downloading it again");
    }
    if !deb.exists() {
        let _ = fs::remove_dir_all(&tree);
        download(&cache)?;
        verify(&deb, SHA256)?;
    }
    if !vmlinuz.exists() {
        let _ = fs::remove_dir_all(&tree);
        run(Command::new("dpkg-deb").arg("-x").arg(&deb).arg(&tree))?;
        if !vmlinuz.exists() {
            return Err(format!("{} has no {VMLINUZ}", deb.display()));
        }
    }
    Ok(Peer { vmlinuz, label })
}

/// `apt-get download PACKAGE:s390x=VERSION` into `dir`, adding the s390x
/// architecture and updating the lists first if apt does not know it.
fn download(dir: &Path) -> Result<(), String> {
    let spec = format!("{PACKAGE}:s390x={VERSION}");
    let foreign = run(Command::new("dpkg").arg("--print-foreign-architectures"))?;
    let mut updated = false;
    if !foreign.lines().any(|l| l.trim() == "s390x") {
        if !is_root() {
            return Err("dpkg has no s390x architecture and this is not root: run \
                 `dpkg --add-architecture s390x && apt-get update` as root"
                .into());
        }
        eprintln!("bench: dpkg --add-architecture s390x && apt-get update");
        run(Command::new("dpkg").args(["--add-architecture", "s390x"]))?;
        run(Command::new("apt-get").args(["update", "-q"]))?;
        updated = true;
    }
    eprintln!("bench: apt-get download {spec}");
    let first = run(Command::new("apt-get")
        .args(["download", "-q", &spec])
        .current_dir(dir));
    match first {
        Ok(_) => Ok(()),
        Err(_) if !updated && is_root() => {
            eprintln!("bench: apt-get update, then retry");
            run(Command::new("apt-get").args(["update", "-q"]))?;
            run(Command::new("apt-get")
                .args(["download", "-q", &spec])
                .current_dir(dir))
            .map(|_| ())
        }
        Err(e) => Err(e),
    }
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
        let dir = std::env::temp_dir().join(format!("bench-verify-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let f = dir.join("x.deb");
        fs::write(&f, b"abc").unwrap();
        let ok = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert!(verify(&f, ok).is_ok());
        let err = verify(&f, SHA256).unwrap_err();
        assert!(err.contains("sha256 mismatch"), "{err}");
        assert!(!f.exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
