//! Hints in messages: the column name a wrong one most likely meant, and the delimiter a file
//! read as one column more likely has.

/// The name nearest `wanted`, other than the `taken` ones (already selected): the same but for
/// case, or else at most a third of its letters away (a typo), if one is clearly nearest.
pub fn closest_name(wanted: &str, names: &[String], taken: &[usize]) -> Option<usize> {
    let lower = wanted.to_lowercase();
    // An empty name (a row index's) is nobody's typo, and a name taken is not the one meant.
    let candidates = || (0..names.len()).filter(|&c| !names[c].is_empty() && !taken.contains(&c));
    if let Some(c) = candidates().find(|&c| names[c].to_lowercase() == lower) {
        return Some(c);
    }
    let distances: Vec<usize> = names
        .iter()
        .map(|n| edit_distance(&lower, &n.to_lowercase()))
        .collect();
    let best = candidates().map(|c| distances[c]).min()?;
    let unique = candidates().filter(|&c| distances[c] == best).count() == 1;
    (unique && best <= (wanted.chars().count() / 3).max(1))
        .then(|| candidates().find(|&c| distances[c] == best))
        .flatten()
}

/// Levenshtein distance, in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substituted = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substituted.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// What the one column of a file read whole (with `delimiter`) holds that says its delimiter,
/// and the `--delimiter` to try: `;`, tab or a comma in its name or first text value, or a
/// value that is numbers between spaces, or names quoted between spaces (R's `write.table`,
/// whose rows may also hold quoted text such as `"setosa"`).
pub fn other_delimiter(
    name: &str,
    value: Option<&str>,
    delimiter: u8,
) -> Option<(&'static str, &'static str)> {
    let holds = |d: char| {
        d as u32 != u32::from(delimiter)
            && (name.contains(d) || value.is_some_and(|v| v.contains(d)))
    };
    if holds(';') {
        Some(("semicolons", "';'"))
    } else if holds('\t') {
        Some(("tabs", "tab"))
    } else if holds(',') {
        Some(("commas", "','"))
    } else if value.is_some_and(numbers_between_spaces) || name.contains("\" \"") {
        Some(("numbers between spaces", "' '"))
    } else {
        None
    }
}

/// Whether `text` is words between spaces, mostly numbers (quoted or not), two at least:
/// `"2" 1.5 2.1`, `"1" 5.1 3.5 1.4 0.2 "setosa"`.
fn numbers_between_spaces(text: &str) -> bool {
    let tokens: Vec<&str> = text.split(' ').filter(|t| !t.is_empty()).collect();
    let numbers = tokens
        .iter()
        .filter(|t| t.trim_matches('"').parse::<f64>().is_ok())
        .count();
    numbers >= 2 && 2 * numbers > tokens.len()
}
