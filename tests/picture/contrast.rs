//! A saved picture must read on a projector: every text in the SVG at a contrast of at least
//! 4.5:1 (WCAG 2's minimum for normal text; the picture's 16 px text is not "large", which
//! starts at 24 px, or 18.7 px bold) against what is under it — the rectangle of its cells'
//! background where there is one, else the picture's. The contrast is computed here from
//! WCAG's formula, apart from the app's own.

use std::collections::HashSet;

use super::draw_and_deliver;
use crate::common::{TempDir, app, press, press_all};
use ratatui::crossterm::event::KeyCode;

/// WCAG 2's relative luminance of `#rrggbb`.
fn luminance(hex: &str) -> f64 {
    let linear = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(1) + 0.7152 * linear(3) + 0.0722 * linear(5)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A rectangle's corners and fill.
type Rect = (f64, f64, f64, f64, String);

/// Every (text fill, background under it, text) of `svg`, cell by cell: a text's background
/// is the last rectangle drawn over its cell, else the page's.
fn fills_on_backgrounds(svg: &str) -> Vec<(String, String, String)> {
    let document = roxmltree::Document::parse(svg).expect("well-formed XML");
    let number = |node: &roxmltree::Node, name: &str| -> f64 {
        node.attribute(name).unwrap().parse().unwrap()
    };
    let mut page = None;
    let mut rects: Vec<Rect> = Vec::new();
    for node in document.descendants().filter(|n| n.has_tag_name("rect")) {
        let fill = node.attribute("fill").unwrap().to_string();
        if node.attribute("width") == Some("100%") {
            page = Some(fill);
            continue;
        }
        let (x, y) = (number(&node, "x"), number(&node, "y"));
        let (w, h) = (number(&node, "width"), number(&node, "height"));
        rects.push((x, y, x + w, y + h, fill));
    }
    let page = page.expect("a page background");
    let mut out = Vec::new();
    for node in document.descendants().filter(|n| n.has_tag_name("text")) {
        assert!(node.attribute("opacity").is_none(), "no faded text");
        let fill = node.attribute("fill").unwrap().to_string();
        let (x, y) = (number(&node, "x"), number(&node, "y"));
        let cells = (number(&node, "textLength") / 9.6).round() as usize;
        let text = node.text().unwrap_or_default().to_string();
        for i in 0..cells {
            // The middle of the cell, a little above the baseline.
            let (cx, cy) = (x + (i as f64 + 0.5) * 9.6, y - 5.0);
            let under = rects
                .iter()
                .rev()
                .find(|(x0, y0, x1, y1, _)| (*x0..*x1).contains(&cx) && (*y0..*y1).contains(&cy))
                .map_or(&page, |r| &r.4);
            out.push((fill.clone(), under.clone(), text.clone()));
        }
    }
    out
}

#[test]
fn every_text_in_a_saved_picture_reads_at_4_5_to_1() {
    let dir = TempDir::new("contrast");
    // The trap; the escape with the help over it (its keys reversed); the inspector; the
    // formulas; the runs panel with a row chosen (reversed) — across the three sizes.
    let screens: [(&[&str], &str, u16, u16); 5] = [
        (&[], "", 120, 40),
        (&[], "  pr?", 80, 24),
        (&[], "   prv>>", 120, 40),
        (&["--scenario", "overlap"], "aaf", 60, 16),
        (&["--scenario", "tiny"], "aa\t", 120, 40),
    ];
    let mut fills = HashSet::new();
    for (n, (args, typed, w, h)) in screens.into_iter().enumerate() {
        let mut app = app(args);
        for c in typed.chars() {
            let key = if c == '\t' {
                KeyCode::Tab
            } else {
                KeyCode::Char(c)
            };
            press(&mut app, key);
        }
        press_all(&mut app, "s");
        draw_and_deliver(&mut app, w, h, &dir);
        let svg = std::fs::read_to_string(dir.join(format!("gmm-tui-{}.svg", n + 1))).unwrap();
        for (fill, background, text) in fills_on_backgrounds(&svg) {
            let ratio = contrast(&fill, &background);
            assert!(
                ratio >= 4.5,
                "{typed:?} at {w}×{h}: {text:?} in {fill} on {background}: {ratio:.2}:1"
            );
            fills.insert((fill, background));
        }
    }
    // The components' colours, the faint axis grey and a reversed row were all checked.
    for fill in ["#f57474", "#8ae234", "#9d9e9c", "#2e3436"] {
        assert!(fills.iter().any(|(f, _)| f == fill), "{fill}: {fills:?}");
    }
}
