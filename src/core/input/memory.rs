//! Refusing, before allocating, what cannot fit in memory: an allocation that fails aborts the
//! process, and one the kernel grants but cannot back gets it killed.

use super::text::bytes;
use crate::core::error::InputError;

/// Memory the system can give without swapping (Linux's `MemAvailable`), in bytes; `None`
/// where it cannot be read, and then only sizes beyond the address space are refused.
pub fn available() -> Option<u128> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u128 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Refuses `needed` bytes for `what` when they exceed the memory available.
pub fn ensure_fits(what: &str, needed: u128) -> Result<(), InputError> {
    let limit = available().unwrap_or(isize::MAX as u128);
    if needed <= limit {
        return Ok(());
    }
    Err(InputError::new(format!(
        "{what} would need {} of memory, but {} is available",
        bytes(needed),
        bytes(limit)
    )))
}

/// Refuses `count` points of `bytes_per_point` each, asked for by `option` (`--points`,
/// `sample -n`), in the words every such refusal uses: `--points 1000000000000 (16 bytes a
/// point) would need 14.6 TiB of memory, but 22.8 GiB is available`.
pub fn ensure_points_fit(
    option: &str,
    count: usize,
    bytes_per_point: u128,
) -> Result<(), InputError> {
    ensure_fits(
        &format!("{option} {count} ({bytes_per_point} bytes a point)"),
        count as u128 * bytes_per_point,
    )
}
