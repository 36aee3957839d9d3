//! `s`: the screen saved as a picture. The app only takes the request and says what came of
//! it: the frame is drawn by `ui` and written to files by the terminal loop, which alone has
//! the frame. The key changes nothing else, not even the notice on screen, so the picture is
//! the screen as it was when the key was pressed.

use super::App;

impl App {
    /// Whether `s` asked for the screen to be saved; taken once, by the loop that has just
    /// drawn the frame.
    pub fn take_picture_request(&mut self) -> bool {
        std::mem::take(&mut self.picture_wanted)
    }

    /// The loop saved the frame in `files`, or could not (`Err`, why).
    pub fn picture_saved(&mut self, result: Result<Vec<String>, String>) {
        self.message = Some(match result {
            Ok(files) => format!(
                "saved the screen as {} — a picture and its text, for slides",
                files.join(" and ")
            ),
            Err(why) => format!("could not save the screen: {why}"),
        });
    }
}
