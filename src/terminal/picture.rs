//! The frame on screen written to files when `s` asked for it: `gmm-tui-N.svg` and
//! `gmm-tui-N.txt` in the current folder (see [`crate::ui::picture`]).

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::Path;

use ratatui::buffer::Buffer;

use crate::app::App;
use crate::ui::picture;

/// Saves `frame`, the frame just drawn, into `dir` if the app asked for it, and tells the app
/// which files it wrote (or why it could not); whether it did (the status line changed).
pub fn deliver(app: &mut App, frame: &Buffer, dir: &Path) -> bool {
    let asked = app.take_picture_request();
    if asked {
        app.picture_saved(save(frame, dir));
    }
    asked
}

/// Writes `frame` as `gmm-tui-N.svg` and `gmm-tui-N.txt` in `dir`, N the lowest number whose
/// two names are both free — created exclusively, so no save overwrites another, even from
/// another gmm-tui in the same folder. Returns the names written.
pub fn save(frame: &Buffer, dir: &Path) -> Result<Vec<String>, String> {
    for n in 1..=10_000 {
        let names = [format!("gmm-tui-{n}.svg"), format!("gmm-tui-{n}.txt")];
        let Some(svg_file) = create_new(&dir.join(&names[0]))? else {
            continue;
        };
        let Some(text_file) = create_new(&dir.join(&names[1]))? else {
            // Only the text's name was taken: leave no empty picture behind.
            drop(svg_file);
            let _ = std::fs::remove_file(dir.join(&names[0]));
            continue;
        };
        write(svg_file, &picture::svg(frame), &names[0])?;
        write(text_file, &picture::text(frame), &names[1])?;
        return Ok(names.to_vec());
    }
    Err(format!(
        "gmm-tui-1 to gmm-tui-10000 are all taken in {}",
        dir.display()
    ))
}

/// A new file at `path`; `None` if the name is taken.
fn create_new(path: &Path) -> Result<Option<File>, String> {
    match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => Ok(Some(file)),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

fn write(mut file: File, text: &str, name: &str) -> Result<(), String> {
    file.write_all(text.as_bytes())
        .map_err(|e| format!("{name}: {e}"))
}
