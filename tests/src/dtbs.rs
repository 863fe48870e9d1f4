//! Device trees made at test time: QEMU's own for the machine and memory
//! size of a boot (`-machine dumpdtb=`), then damaged as the boot asks.
//! (A truncated blob cannot be booted this way: QEMU checks a `-dtb` with
//! libfdt and refuses it, so the kernel's own check of one is a host test
//! in arch/riscv64/src/dtb.rs.)

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::boots::Dtb;
use crate::qemu::Machine;

/// Makes the device tree `kind` for `machine` with `mem` of RAM at
/// `path`.
pub fn make(machine: &Machine, mem: &str, kind: Dtb, path: &Path) -> Result<PathBuf, String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let dump = format!("dumpdtb={}", path.display());
    let out = Command::new(&machine.bin)
        .args(machine.args)
        .args(["-m", mem, "-machine", &dump])
        .output()
        .map_err(|e| format!("{}: {e}", machine.bin))?;
    let mut blob = std::fs::read(path).map_err(|e| {
        format!(
            "{} -machine {dump} wrote nothing ({e}): {}",
            machine.bin,
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    // QEMU pads the dump to 1 MiB; keep the blob's own size.
    let total = u32::from_be_bytes(blob[4..8].try_into().unwrap_or([0; 4])) as usize;
    blob.truncate(total.min(blob.len()));
    match kind {
        Dtb::NoMemory => {
            // A node name of the same length, so no offset moves.
            let at = blob
                .windows(7)
                .position(|w| w == b"memory@")
                .ok_or("QEMU's device tree has no memory@ node")?;
            blob[at..at + 6].copy_from_slice(b"memorz");
        }
    }
    std::fs::write(path, &blob).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path.to_path_buf())
}
