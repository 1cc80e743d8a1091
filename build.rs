//! Build script: links the `agsec` binary with packed relative relocations
//! (`-z pack-relative-relocs`, DT_RELR) when the C library it links against can load them.
//! A check is a whole process, and the dynamic loader's pass over 23,000 relocation entries
//! (560 KB of `.rela.dyn`, read at every start) is a visible part of its start-up; packed, the
//! table is 7 KB. The flag makes the binary require glibc's `GLIBC_ABI_DT_RELR` (glibc 2.36 and
//! later), so it is added only when building for the machine itself (not cross-compiling), for a
//! GNU/Linux target, and when the `libc.so.6` the C compiler links finds declares that version.
//! Anywhere else the binary links as before. A linker without the option ignores it with a warning.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CC");
    if glibc_loads_packed_relocations() {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

fn glibc_loads_packed_relocations() -> bool {
    let target = std::env::var("TARGET").unwrap_or_default();
    let host = std::env::var("HOST").unwrap_or_default();
    if target != host || !target.ends_with("-linux-gnu") {
        return false;
    }
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_owned());
    let Ok(out) = Command::new(cc).arg("-print-file-name=libc.so.6").output() else {
        return false;
    };
    let path = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    // The driver echoes the bare name when it finds no such file.
    if !out.status.success() || !Path::new(&path).is_absolute() {
        return false;
    }
    std::fs::read(&path).is_ok_and(|bytes| {
        bytes
            .windows(b"GLIBC_ABI_DT_RELR".len())
            .any(|w| w == b"GLIBC_ABI_DT_RELR")
    })
}
