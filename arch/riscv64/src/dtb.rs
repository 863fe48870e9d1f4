//! What the kernel needs from the firmware's device tree, read once at
//! boot with the `fdt` crate: RAM, the command line, the initial RAM
//! disk, the console UART, the exit device, the real-time clock and the
//! timer frequency.
//!
//! The blob lives in RAM that the frame allocator will hand out (QEMU puts
//! it near the top of the first 3 GiB), so everything is copied out here
//! and the blob is not looked at again.
//!
//! The `fdt` crate panics in a few convenience accessors when a required
//! node is missing (`memory()`, `chosen()`, `cpus()`); this module uses
//! only `find_node`, `find_compatible` and properties, so that a bad tree
//! gives a [`DtError`], never a panic.

use core::fmt;
use core::ops::Range;

use fdt::Fdt;

/// The largest command line kept (QEMU's `-append` is rarely longer;
/// Linux's riscv `COMMAND_LINE_SIZE` is 1024 too).
pub const CMDLINE_MAX: usize = 1024;

/// The largest device tree accepted: QEMU's are a few KiB, and a header
/// claiming more is corrupt.
pub const MAX_SIZE: usize = 1 << 20;

/// The facts the kernel takes from the device tree.
#[derive(Clone, Debug, PartialEq)]
pub struct BootInfo {
    /// Physical RAM (the first `/memory` region).
    pub ram: Range<u64>,
    /// `/chosen/bootargs`, truncated to [`CMDLINE_MAX`] bytes.
    pub cmdline: [u8; CMDLINE_MAX],
    /// Bytes of `cmdline` in use.
    pub cmdline_len: usize,
    /// `/chosen/linux,initrd-start` .. `linux,initrd-end`, if present.
    pub initrd: Option<Range<u64>>,
    /// The 16550 UART `/chosen/stdout-path` names (physical address and
    /// register shift).
    pub uart: Option<Uart>,
    /// The SiFive test device (exit status), physical address.
    pub test_device: Option<u64>,
    /// The Goldfish real-time clock, physical address.
    pub rtc: Option<u64>,
    /// `/cpus/timebase-frequency`: ticks per second of the `time` CSR.
    pub timebase_hz: u64,
    /// The first hart's `riscv,isa` string (e.g. `rv64imafdch_zicsr_...`),
    /// truncated to [`ISA_MAX`] bytes: what `AT_HWCAP` is computed from,
    /// as Linux does.
    pub isa: [u8; ISA_MAX],
    /// Bytes of `isa` in use.
    pub isa_len: usize,
}

/// The longest ISA string kept.
pub const ISA_MAX: usize = 256;

impl BootInfo {
    /// The ISA string.
    pub fn isa(&self) -> &str {
        core::str::from_utf8(&self.isa[..self.isa_len]).unwrap_or("")
    }
}

/// A 16550-compatible UART.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Uart {
    /// Physical address of register 0.
    pub base: u64,
    /// Registers are `1 << shift` bytes apart.
    pub shift: u32,
}

/// Why the device tree cannot be used.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DtError {
    /// The blob failed the crate's header checks (bad magic, a size that
    /// does not fit, a structure block past the end).
    Blob(fdt::FdtError),
    /// The header claims more than [`MAX_SIZE`] bytes.
    TooLarge(usize),
    /// No `/memory` node, or one without a usable `reg`.
    NoMemory,
    /// No `/cpus/timebase-frequency`.
    NoTimebase,
}

impl fmt::Display for DtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DtError::Blob(e) => write!(f, "the device tree is damaged or truncated ({e:?})"),
            DtError::TooLarge(n) => {
                write!(f, "the device tree claims {n} bytes (at most {MAX_SIZE})")
            }
            DtError::NoMemory => f.write_str("the device tree has no /memory node with a size"),
            DtError::NoTimebase => f.write_str("the device tree has no /cpus timebase-frequency"),
        }
    }
}

/// `totalsize` from a blob's header (big-endian word 1), to know how much
/// to read before parsing.
pub fn total_size(header: &[u8; 8]) -> usize {
    u32::from_be_bytes([header[4], header[5], header[6], header[7]]) as usize
}

/// Reads `blob`.
pub fn parse(blob: &[u8]) -> Result<BootInfo, DtError> {
    if blob.len() > MAX_SIZE {
        return Err(DtError::TooLarge(blob.len()));
    }
    let fdt = Fdt::new(blob).map_err(DtError::Blob)?;
    let ram = fdt
        .find_node("/memory")
        .and_then(|n| n.reg())
        .and_then(|mut regs| regs.next())
        .and_then(|r| {
            let start = r.starting_address as u64;
            let size = r.size? as u64;
            (size != 0).then(|| start..start.saturating_add(size))
        })
        .ok_or(DtError::NoMemory)?;
    let chosen = fdt.find_node("/chosen");
    let mut cmdline = [0u8; CMDLINE_MAX];
    let args = chosen
        .and_then(|c| c.property("bootargs"))
        .map(|p| p.value)
        .unwrap_or(&[]);
    // The property is NUL-terminated.
    let args = &args[..args.iter().position(|&b| b == 0).unwrap_or(args.len())];
    let cmdline_len = args.len().min(CMDLINE_MAX);
    cmdline[..cmdline_len].copy_from_slice(&args[..cmdline_len]);
    let prop_u64 = |name: &str| {
        chosen
            .and_then(|c| c.property(name))
            .and_then(|p| p.as_usize())
            .map(|v| v as u64)
    };
    let initrd = match (prop_u64("linux,initrd-start"), prop_u64("linux,initrd-end")) {
        (Some(s), Some(e)) if e > s => Some(s..e),
        _ => None,
    };
    let uart = chosen
        .and_then(|c| c.property("stdout-path"))
        .and_then(|p| p.as_str())
        .map(|path| path.split(':').next().unwrap_or(path))
        .and_then(|path| fdt.find_node(path))
        .and_then(|n| {
            let base = n.reg()?.next()?.starting_address as u64;
            let shift = n
                .property("reg-shift")
                .and_then(|p| p.as_usize())
                .unwrap_or(0) as u32;
            Some(Uart { base, shift })
        });
    let reg_of = |compat: &[&str]| {
        fdt.find_compatible(compat)
            .and_then(|n| n.reg())
            .and_then(|mut r| r.next())
            .map(|r| r.starting_address as u64)
    };
    let timebase_hz = fdt
        .find_node("/cpus")
        .and_then(|n| n.property("timebase-frequency"))
        .and_then(|p| p.as_usize())
        .filter(|&hz| hz != 0)
        .ok_or(DtError::NoTimebase)? as u64;
    let mut isa = [0u8; ISA_MAX];
    let isa_str = fdt
        .find_node("/cpus")
        .and_then(|cpus| cpus.children().find(|c| c.name.starts_with("cpu@")))
        .and_then(|cpu| cpu.property("riscv,isa"))
        .and_then(|p| p.as_str())
        .unwrap_or("");
    let isa_len = isa_str.len().min(ISA_MAX);
    isa[..isa_len].copy_from_slice(&isa_str.as_bytes()[..isa_len]);
    Ok(BootInfo {
        ram,
        cmdline,
        cmdline_len,
        initrd,
        uart,
        test_device: reg_of(&["sifive,test1", "sifive,test0"]),
        rtc: reg_of(&["google,goldfish-rtc"]),
        timebase_hz,
        isa,
        isa_len,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `qemu-system-riscv64 -M virt,dumpdtb=... -m 512M` (QEMU 7.2) with
    /// `-append "loglevel=info -- a b"` and a one-byte `-initrd`, cut to
    /// its `totalsize`.
    const VIRT: &[u8] = include_bytes!("../testdata/qemu-virt-7.2.dtb");

    #[test]
    fn reads_qemu_virt() {
        let info = parse(VIRT).unwrap();
        assert_eq!(info.ram, 0x8000_0000..0xa000_0000);
        assert_eq!(&info.cmdline[..info.cmdline_len], b"loglevel=info -- a b");
        let initrd = info.initrd.clone().unwrap();
        assert_eq!(initrd.end - initrd.start, 1);
        assert_eq!(
            info.uart,
            Some(Uart {
                base: 0x1000_0000,
                shift: 0
            })
        );
        assert_eq!(info.test_device, Some(0x10_0000));
        assert_eq!(info.rtc, Some(0x10_1000));
        assert_eq!(info.timebase_hz, 10_000_000);
        assert!(info.isa().starts_with("rv64imafdc"), "{}", info.isa());
        assert_eq!(total_size(VIRT[..8].try_into().unwrap()), VIRT.len());
    }

    #[test]
    fn missing_memory_is_an_error() {
        // Renaming the node (same length) is what the harness does to make
        // a tree without memory for its boot test.
        let mut blob = VIRT.to_vec();
        let at = blob
            .windows(15)
            .position(|w| w == b"memory@80000000")
            .unwrap();
        blob[at..at + 6].copy_from_slice(b"memorz");
        assert_eq!(parse(&blob), Err(DtError::NoMemory));
        assert!(DtError::NoMemory.to_string().contains("/memory"));
    }

    #[test]
    fn truncated_blob_is_an_error() {
        for cut in [0, 7, 40, VIRT.len() / 2, VIRT.len() - 1] {
            let e = parse(&VIRT[..cut]).unwrap_err();
            assert!(matches!(e, DtError::Blob(_)), "cut at {cut}: {e:?}");
            assert!(e.to_string().contains("damaged or truncated"));
        }
    }

    #[test]
    fn bad_magic_is_an_error() {
        let mut blob = VIRT.to_vec();
        blob[0] = 0;
        assert!(matches!(parse(&blob), Err(DtError::Blob(_))));
    }
}
