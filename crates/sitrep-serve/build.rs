// include_dir! cannot tell cargo which files it read, so a rebuilt page
// would otherwise leave a stale copy in the binary.
fn main() {
    println!("cargo:rerun-if-changed=../../web/dist");
}
