//! Tests of `src/core/kernel/path.rs`.

use gmm_tui::core::kernel::path::*;

#[test]
fn a_scope_sets_the_path_on_this_thread_only_and_restores_it() {
    let before = KernelPath::current();
    KernelPath::Portable.scope(|| {
        assert_eq!(KernelPath::current(), KernelPath::Portable);
        let elsewhere = std::thread::spawn(KernelPath::current).join().unwrap();
        assert_eq!(elsewhere, before);
    });
    assert_eq!(KernelPath::current(), before);
}

#[test]
fn names_parse_back_and_unknown_names_are_refused() {
    for path in KernelPath::available() {
        assert_eq!(KernelPath::parse_supported(path.name()), Ok(path));
    }
    let err = KernelPath::parse_supported("avx1024").unwrap_err();
    assert!(err.contains("portable, avx2, avx2-fma, avx512"), "{err}");
}
