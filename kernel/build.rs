//! Links the kernel with the linker script of its target architecture,
//! relinks when that script changes (cargo does not notice on its own),
//! and embeds the user test programs the Makefile built into
//! `$USER_PROGS_DIR` (default `target/user`).

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

fn main() {
    let arch = env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    // Every kernel target has linker/<arch>.ld; a host build (cargo's
    // workspace commands) has none and builds nothing here.
    let Ok(script) = root.join(format!("../linker/{arch}.ld")).canonicalize() else {
        return;
    };
    println!("cargo:rerun-if-changed={}", script.display());
    println!("cargo:rustc-link-arg-bins=-T{}", script.display());
    println!("cargo:rustc-link-arg-bins=--no-dynamic-linker");
    println!("cargo:rustc-link-arg-bins=-static");
    embed_user_programs(&root);
}

fn embed_user_programs(root: &std::path::Path) {
    println!("cargo:rerun-if-env-changed=USER_PROGS_DIR");
    let dir = env::var("USER_PROGS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("../target/user"));
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = match fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => panic!(
            "user programs not found in {}: build the kernel with `make kernel`, which builds them first",
            dir.display()
        ),
    };
    names.sort();
    let mut code = String::from("/// Embedded user programs: (name, ELF image).\npub static PROGRAMS: &[(&str, &[u8])] = &[\n");
    for n in &names {
        let path = dir.join(n).canonicalize().unwrap();
        println!("cargo:rerun-if-changed={}", path.display());
        // 8-byte alignment: the ELF parser reads headers in place.
        writeln!(
            code,
            "    ({n:?}, &crate::userprogs::Aligned(*include_bytes!({:?})).0),",
            path.display()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("user_programs.rs");
    fs::write(out, code).unwrap();
}
