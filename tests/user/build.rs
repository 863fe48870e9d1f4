//! Links every program with the user linker script.
use std::env;
use std::path::PathBuf;

fn main() {
    if env::var("CARGO_CFG_TARGET_ARCH").as_deref() != Ok("s390x") {
        return;
    }
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let script = root.join("../../linker/user.ld").canonicalize().unwrap();
    println!("cargo:rerun-if-changed={}", script.display());
    println!("cargo:rustc-link-arg-bins=-T{}", script.display());
    println!("cargo:rustc-link-arg-bins=-static");
}
