//! How components are told apart wherever they are drawn (plot, histogram, parameter table):
//! their draw order, labels and colours — identical components as one, `1≡2`, in the shared
//! colour — and the colour of the points each holds.

use ratatui::style::{Color, Modifier, Style};

use crate::app::{App, Shown};

use super::theme;

/// A certainty (0–255) below this is undecided: no component has 60 % of the point.
pub const UNDECIDED_BELOW: u8 = 153;
/// At or above this a point is sure: one component has 90 % of it.
pub const SURE_FROM: u8 = 230;

/// A component as drawn: alone, or a group of identical ones drawn once.
pub struct Drawn {
    /// The component, or the group's members (the first stands for them all).
    pub members: Vec<usize>,
    pub color: Color,
    pub label: String,
}

/// How components are named on screen: "3"; identical ones "1≡2", "1≡2≡3", "1≡…≡20".
pub fn component_label(members: &[usize]) -> String {
    let names: Vec<String> = members.iter().map(|c| (c + 1).to_string()).collect();
    match names.as_slice() {
        [first, .., last] if names.len() > 3 => format!("{first}≡…≡{last}"),
        _ => names.join("≡"),
    }
}

/// Component `c`'s own colour: a component's number is its colour (runs are numbered so that
/// a cluster keeps both across restarts).
pub fn color_of(c: usize) -> Color {
    theme::component(c)
}

/// The components' draw order: each component alone, or a group of identical ones as one.
pub fn drawn(shown: &Shown) -> Vec<Drawn> {
    (0..shown.model.k())
        .filter_map(|c| match shown.group_of(c) {
            Some(group) if group[0] != c => None,
            Some(group) => Some(Drawn {
                members: group.to_vec(),
                color: theme::SHARED,
                label: component_label(group),
            }),
            None => Some(Drawn {
                members: vec![c],
                color: color_of(c),
                label: (c + 1).to_string(),
            }),
        })
        .collect()
}

/// 1 + the component with the most points among `counts` (the lowest on ties), 0 for none.
pub fn majority(counts: &[u32]) -> u8 {
    let (best, n) = counts
        .iter()
        .enumerate()
        .max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)))
        .unwrap_or((0, &0));
    if *n == 0 { 0 } else { best as u8 + 1 }
}

/// A cell's points: their component's colour; undecided grey when their component is one of
/// identical ones, or (with `u`) when the cell's mean certainty is under 60 %; bold when sure.
pub fn point_style(app: &App, shown: &Shown, label: u8, certainty: u8) -> Style {
    let c = usize::from(label);
    if shown.group_of(c).is_some() {
        return Style::new().fg(theme::UNDECIDED);
    }
    let color = color_of(c);
    if !app.plot().certainty() {
        return Style::new().fg(color);
    }
    match certainty {
        c if c < UNDECIDED_BELOW => Style::new().fg(theme::UNDECIDED),
        c if c < SURE_FROM => Style::new().fg(color),
        _ => Style::new().fg(color).add_modifier(Modifier::BOLD),
    }
}
