//! Link-time settings for the `agsec` binary. Agents run `agsec check` before every tool call, so
//! start-up counts: on Linux with glibc the dynamic loader otherwise applies about 21,700 relative
//! relocations one 24-byte record at a time before `main`. `-z pack-relative-relocs` (GNU ld 2.38+,
//! lld; glibc 2.36+) stores them as a compact bitmap (DT_RELR) the loader walks in a fraction of the
//! time. Nothing else changes: the binary stays position-independent (ASLR).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}
