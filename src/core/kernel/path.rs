//! Which instruction set the kernel runs on, chosen at run time from one build: the best the CPU
//! has, unless `GMM_TUI_KERNEL` names another (so the slower paths can be tested and measured on
//! a fast CPU), or a caller picks one for a scope with [`KernelPath::scope`].

use std::cell::Cell;
use std::fmt;
use std::sync::OnceLock;

use super::portable::Portable;
use super::simd::Simd;

/// The environment variable that forces a path.
pub const KERNEL_ENV: &str = "GMM_TUI_KERNEL";

/// One compiled copy of the kernel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KernelPath {
    /// Plain Rust, vectorised by the compiler for the baseline target (SSE2 on x86-64).
    Portable,
    /// AVX2 without fused multiply-add.
    Avx2,
    /// AVX2 with FMA (Intel Haswell and later, AMD Zen 1–3).
    Avx2Fma,
    /// AVX-512F (Intel Skylake-SP and later servers, AMD Zen 4 and later).
    Avx512,
}

impl KernelPath {
    /// Slowest first.
    pub const ALL: [KernelPath; 4] = [Self::Portable, Self::Avx2, Self::Avx2Fma, Self::Avx512];

    pub fn name(self) -> &'static str {
        match self {
            Self::Portable => "portable",
            Self::Avx2 => "avx2",
            Self::Avx2Fma => "avx2-fma",
            Self::Avx512 => "avx512",
        }
    }

    /// Whether the running CPU has this path's instructions.
    pub fn is_supported(self) -> bool {
        match self {
            Self::Portable => true,
            #[cfg(target_arch = "x86_64")]
            Self::Avx2 => super::x86::Avx2::<false>::new().is_some(),
            #[cfg(target_arch = "x86_64")]
            Self::Avx2Fma => super::x86::Avx2::<true>::new().is_some(),
            #[cfg(target_arch = "x86_64")]
            Self::Avx512 => super::x86::Avx512::new().is_some(),
            #[cfg(not(target_arch = "x86_64"))]
            _ => false,
        }
    }

    /// Every path this CPU can run, slowest first.
    pub fn available() -> Vec<KernelPath> {
        Self::ALL.into_iter().filter(|p| p.is_supported()).collect()
    }

    /// The fastest path this CPU can run.
    pub fn best() -> KernelPath {
        *Self::available().last().expect("portable always runs")
    }

    /// The path `GMM_TUI_KERNEL` asks for: `Ok(None)` when unset or empty, an error when it
    /// names no path or one this CPU lacks.
    pub fn from_env() -> Result<Option<KernelPath>, String> {
        match std::env::var(KERNEL_ENV) {
            Ok(name) if !name.is_empty() => Self::parse_supported(&name).map(Some),
            _ => Ok(None),
        }
    }

    pub fn parse_supported(name: &str) -> Result<KernelPath, String> {
        let names: Vec<&str> = Self::ALL.iter().map(|p| p.name()).collect();
        let path = Self::ALL
            .into_iter()
            .find(|p| p.name() == name)
            .ok_or_else(|| {
                format!(
                    "{KERNEL_ENV}={name}: unknown kernel path (expected one of: {})",
                    names.join(", ")
                )
            })?;
        if !path.is_supported() {
            let available: Vec<&str> = Self::available().iter().map(|p| p.name()).collect();
            return Err(format!(
                "{KERNEL_ENV}={name}: this CPU cannot run it (available: {})",
                available.join(", ")
            ));
        }
        Ok(path)
    }

    /// The path `evaluate` uses on this thread: a [`scope`](Self::scope)'s, else
    /// `GMM_TUI_KERNEL`'s, else the best (also when the variable is invalid: the command line
    /// refuses that at start with a message).
    pub fn current() -> KernelPath {
        static DEFAULT: OnceLock<KernelPath> = OnceLock::new();
        SCOPED.get().unwrap_or_else(|| {
            *DEFAULT.get_or_init(|| Self::from_env().ok().flatten().unwrap_or_else(Self::best))
        })
    }

    /// Runs `f` with this path as [`current`](Self::current) on this thread (tests and `bench`
    /// compare paths this way without touching the environment).
    pub fn scope<R>(self, f: impl FnOnce() -> R) -> R {
        struct Restore(Option<KernelPath>);
        impl Drop for Restore {
            fn drop(&mut self) {
                SCOPED.set(self.0);
            }
        }
        let _restore = Restore(SCOPED.replace(Some(self)));
        f()
    }
}

impl fmt::Display for KernelPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

thread_local! {
    static SCOPED: Cell<Option<KernelPath>> = const { Cell::new(None) };
}

/// Work generic over the vector type, run by [`with_simd`] on one path.
pub trait WithSimd {
    type Output;
    fn run<S: Simd>(self, s: S) -> Self::Output;
}

/// Runs `op` on `path`'s vectors, compiled for its instructions; a path this CPU lacks runs the
/// portable copy (callers only pass supported paths).
pub fn with_simd<W: WithSimd>(path: KernelPath, op: W) -> W::Output {
    #[cfg(target_arch = "x86_64")]
    {
        use super::x86::{Avx2, Avx512};
        match path {
            KernelPath::Portable => {}
            // SAFETY (each call): the token exists, so the CPU has the entry point's features.
            KernelPath::Avx2 => {
                if let Some(s) = Avx2::<false>::new() {
                    return unsafe { run_avx2(op, s) };
                }
            }
            KernelPath::Avx2Fma => {
                if let Some(s) = Avx2::<true>::new() {
                    return unsafe { run_avx2_fma(op, s) };
                }
            }
            KernelPath::Avx512 => {
                if let Some(s) = Avx512::new() {
                    return unsafe { run_avx512(op, s) };
                }
            }
        }
    }
    let _ = path;
    op.run(Portable)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn run_avx2<W: WithSimd>(op: W, s: super::x86::Avx2<false>) -> W::Output {
    op.run(s)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn run_avx2_fma<W: WithSimd>(op: W, s: super::x86::Avx2<true>) -> W::Output {
    op.run(s)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn run_avx512<W: WithSimd>(op: W, s: super::x86::Avx512) -> W::Output {
    op.run(s)
}
