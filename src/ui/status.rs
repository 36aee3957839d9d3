//! The status rows: the status text wrapped at word boundaries into the rows it has, the last
//! ending with `…` where the text goes on — never cut silently mid-sentence. Keys a status
//! offers at its end (`— p: nudge apart · i: restart`) are never cut: the words before them
//! are.

/// `text` wrapped at spaces into rows of at most `width` characters; a word longer than a row
/// is broken across rows.
pub fn wrap(text: &str, width: u16) -> Vec<String> {
    let width = usize::from(width.max(1));
    let mut rows = vec![String::new()];
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let row = rows.last_mut().expect("never empty");
        let used = row.chars().count();
        let len = word.chars().count();
        if used > 0 && used + 1 + len <= width {
            row.push(' ');
            row.push_str(word);
            continue;
        }
        if used > 0 {
            rows.push(String::new());
        }
        let chars: Vec<char> = word.chars().collect();
        for (i, piece) in chars.chunks(width).enumerate() {
            if i > 0 {
                rows.push(String::new());
            }
            rows.last_mut().expect("never empty").extend(piece);
        }
    }
    rows
}

/// `text` in at most `rows` rows of `width`: wrapped, and where it needs more, shortened by
/// whole words to end with `…` — before the keys it offers at its end, if it does.
pub fn fit(text: &str, width: u16, rows: usize) -> Vec<String> {
    let mut wrapped = wrap(text, width);
    if wrapped.len() <= rows || rows == 0 {
        wrapped.truncate(rows);
        return wrapped;
    }
    if let Some((head, keys)) = text.rsplit_once(" — ").filter(|(_, t)| offers_keys(t)) {
        let words: Vec<&str> = head.split(' ').collect();
        for kept in (0..words.len()).rev() {
            let shortened = format!("{}… — {keys}", trim_dangling(&words[..kept].join(" ")));
            let candidate = wrap(&shortened, width);
            if candidate.len() <= rows {
                return candidate;
            }
        }
    }
    wrapped.truncate(rows);
    let last = wrapped.last_mut().expect("rows > 0");
    while last.chars().count() + 1 > usize::from(width.max(1)) {
        match last.rsplit_once(' ') {
            Some((kept, _)) => *last = kept.to_string(),
            None => {
                last.pop();
            }
        }
    }
    let kept = trim_dangling(last).len();
    last.truncate(kept);
    last.push('…');
    wrapped
}

/// `text` without a separator left dangling at its end.
fn trim_dangling(text: &str) -> &str {
    text.trim_end_matches([' ', '·', '—', ',', ';', ':'])
}

/// Whether `tail` is a list of keys offered: "p: nudge apart · i: restart", each a short key
/// ("space or r" at most) before a colon.
fn offers_keys(tail: &str) -> bool {
    tail.split(" · ").all(|offer| {
        offer
            .split_once(": ")
            .is_some_and(|(key, _)| !key.is_empty() && key.chars().count() <= 10)
    })
}
