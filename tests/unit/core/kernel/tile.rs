//! Tests of `src/core/kernel/tile.rs`.

use gmm_tui::core::kernel::tile::*;

/// Every row a vector load or store touches starts a cache line, wherever the allocator
/// puts the rows: no access straddles two lines.
#[test]
fn tile_rows_start_on_cache_lines() {
    for k in [1, 2, 3, 5, 10] {
        let tile = TileRows::new(k);
        let rows = (0..k)
            .map(|c| tile.row(c))
            .chain([&tile.scale, &tile.labels]);
        for row in rows {
            assert_eq!(row.as_ptr() as usize % 64, 0, "K = {k}");
        }
    }
}
