//! Symbolizes `[<address>]` in oops output with the kernel's symbol table
//! (read with its architecture's binutils `nm`), so backtraces name
//! functions.

use std::path::Path;
use std::process::Command;

/// Sorted (address, name) pairs of the kernel's text symbols.
pub struct Symbols(Vec<(u64, String)>);

impl Symbols {
    /// Reads the symbol table with `nm`; empty if it is unavailable.
    pub fn load(nm: &str, kernel: &Path) -> Self {
        let out = Command::new(nm)
            .args(["-n", "-C", "--defined-only"])
            .arg(kernel)
            .output();
        let mut syms = Vec::new();
        if let Ok(out) = out {
            for line in String::from_utf8_lossy(&out.stdout).lines() {
                let mut parts = line.splitn(3, ' ');
                let (Some(addr), Some(kind), Some(name)) =
                    (parts.next(), parts.next(), parts.next())
                else {
                    continue;
                };
                if !matches!(kind, "T" | "t" | "W" | "w") {
                    continue;
                }
                if let Ok(a) = u64::from_str_radix(addr, 16) {
                    syms.push((a, name.to_string()));
                }
            }
        }
        Symbols(syms)
    }

    /// `name+0xoff` for an address, if it falls after some symbol.
    pub fn lookup(&self, addr: u64) -> Option<String> {
        let i = self.0.partition_point(|(a, _)| *a <= addr);
        let (base, name) = self.0.get(i.checked_sub(1)?)?;
        Some(format!("{}+{:#x}", name, addr - base))
    }

    /// Appends the symbol to every `[<hex>]` in `line`.
    pub fn annotate(&self, line: &str) -> String {
        let Some(start) = line.find("[<") else {
            return line.to_string();
        };
        let Some(len) = line[start + 2..].find(">]") else {
            return line.to_string();
        };
        let hex = &line[start + 2..start + 2 + len];
        match u64::from_str_radix(hex, 16)
            .ok()
            .and_then(|a| self.lookup(a))
        {
            Some(sym) => format!("{line} {sym}"),
            None => line.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_and_annotate() {
        let s = Symbols(vec![(0x1000, "a".into()), (0x2000, "b".into())]);
        assert_eq!(s.lookup(0x1004).as_deref(), Some("a+0x4"));
        assert_eq!(s.lookup(0x2000).as_deref(), Some("b+0x0"));
        assert_eq!(s.lookup(0x10), None);
        assert_eq!(
            s.annotate(" [<0000000000001010>] (PSW)"),
            " [<0000000000001010>] (PSW) a+0x10"
        );
        assert_eq!(s.annotate("no address"), "no address");
    }
}
