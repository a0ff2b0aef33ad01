//! How far back a transcript can scroll, known without drawing: the wrapped height of the
//! newest messages at the transcript's width, measured by `update` as messages arrive, the
//! width changes or the agent scrolls back — only as far back as the screen and the scroll
//! reach, so a frame never lays out more than is visible, however long the history.

use crate::console::chat::{ChatView, Line};
use crate::console::folding::message_height;
use crate::console::wrap::wrap;

/// The wrapped heights of the newest messages, at one width.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Heights {
    /// The width they were measured at; 0 until the transcript's width is known.
    width: u16,
    /// The height of message `i`, for `i >= from` (0 below it: not measured yet).
    heights: Vec<u16>,
    /// The oldest message measured.
    from: usize,
    /// The sum of the measured heights.
    measured: usize,
}

impl Heights {
    /// Message `index`'s height when it was measured at `width`.
    pub fn get(&self, index: usize, width: u16) -> Option<u16> {
        (width == self.width && index >= self.from)
            .then(|| self.heights.get(index).copied())
            .flatten()
    }

    /// How many messages are measured: the newest, as far back as views and scrolls reached.
    pub fn measured_messages(&self) -> usize {
        self.heights.len() - self.from
    }

    /// The width heights are measured at (0 when unknown).
    pub fn width(&self) -> u16 {
        self.width
    }

    /// Forgets every height, e.g. when the width changes or long messages unfold.
    pub fn forget(&mut self, width: u16, messages: usize) {
        *self = Heights {
            width,
            heights: vec![0; messages],
            from: messages,
            measured: 0,
        };
    }

    /// A message added after the newest, `height` rows tall.
    pub fn push(&mut self, height: u16) {
        self.heights.push(height);
        self.measured += usize::from(height);
    }

    /// Measures older messages of `lines` until at least `rows` rows are known, or all are.
    fn measure_back(&mut self, lines: &[Line], unfolded: bool, rows: usize) {
        while self.from > 0 && self.measured < rows {
            self.from -= 1;
            let height = message_height(&lines[self.from], self.width, unfolded);
            self.heights[self.from] = height;
            self.measured += usize::from(height);
        }
    }
}

impl ChatView {
    /// Rows the messages still on their way take at `width`, under the stored ones.
    pub fn pending_rows(&self, width: u16) -> usize {
        self.pending
            .iter()
            .map(|p| 1 + wrap(&p.body, width).len())
            .sum()
    }

    /// How far back the transcript can scroll in a view `height` rows tall, once every
    /// message is measured (`None` while older ones are not: there is more above).
    fn most_scroll(&self, height: u16) -> Option<u16> {
        (self.heights.from == 0).then(|| {
            let rows = self.heights.measured + self.pending_rows(self.heights.width);
            u16::try_from(rows.saturating_sub(usize::from(height))).unwrap_or(u16::MAX)
        })
    }

    /// Fits the transcript to a view `width` × `height`: heights measured at that width far
    /// enough back for the view and its scroll, and the scroll within what there is.
    pub fn fit(&mut self, width: u16, height: u16) {
        if width == 0 {
            return;
        }
        if width != self.heights.width || self.heights.heights.len() != self.lines.len() {
            self.heights.forget(width, self.lines.len());
        }
        let rows = usize::from(self.scroll) + usize::from(height) + self.pending_rows(width);
        self.heights.measure_back(&self.lines, self.unfolded, rows);
        if let Some(most) = self.most_scroll(height) {
            self.scroll = self.scroll.min(most);
        }
    }

    /// Scrolls `lines` back (forward when negative) in a view `width` × `height`, measuring
    /// older messages as the view reaches them and stopping at the first. With the view's
    /// size unknown (`width` 0) the scroll is not limited; drawing stops at the first message.
    pub fn scroll_by(&mut self, lines: i32, width: u16, height: u16) {
        let wanted = i32::from(self.scroll).saturating_add(lines).max(0);
        self.scroll = u16::try_from(wanted).unwrap_or(u16::MAX);
        self.fit(width, height);
        if self.scroll == 0 {
            self.unseen = 0;
        }
    }
}
