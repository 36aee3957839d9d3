//! The boxes the screen is built of: panels stacked with shared borders (the right column), and
//! popups drawn over the screen (help, model table).

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

use super::theme;

/// Where a panel sits in a stack: its top border joins the one above.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stack {
    First,
    Middle,
    Last,
}

/// Draws a titled panel of a stack and returns the area inside its border.
pub fn panel(title: &str, position: Stack, area: Rect, buf: &mut Buffer) -> Rect {
    let joined = border::Set {
        top_left: "├",
        top_right: "┤",
        ..border::PLAIN
    };
    let borders = match position {
        Stack::Last => Borders::ALL,
        _ => Borders::TOP | Borders::LEFT | Borders::RIGHT,
    };
    let mut block = Block::new()
        .borders(borders)
        .title(Span::styled(title.to_string(), theme::TITLE));
    if position != Stack::First {
        block = block.border_set(joined);
    }
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// Draws `lines` in a bordered box titled `title`, `width` wide and as tall as the lines (at
/// most `area`), centred over `area` and clearing what is beneath.
pub fn popup(frame: &mut Frame, area: Rect, width: u16, title: Line, lines: Vec<Line>) {
    let width = width.min(area.width);
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    frame.render_widget(ratatui::widgets::Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        popup,
    );
}
