//! Where everything goes on the screen, computed from the terminal size alone.
//! Render draws into these areas and mouse clicks are matched against them, so
//! the two cannot drift apart.

use ratatui::layout::Rect;

use super::widgets::form::Form;

/// Detail pane beside the list from this width on; below it otherwise.
const SIDE_BY_SIDE_FROM: u16 = 110;
const DETAIL_ROWS_BELOW: u16 = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub tabs: Rect,
    pub body: Rect,
    pub status: Rect,
}

pub fn areas(width: u16, height: u16) -> Areas {
    let full = Rect::new(0, 0, width, height);
    let tabs = Rect {
        height: 1.min(full.height),
        ..full
    };
    let status = Rect {
        y: height.saturating_sub(1),
        height: 1.min(height),
        ..full
    };
    let body = Rect {
        y: 1,
        height: height.saturating_sub(2),
        ..full
    };
    Areas { tabs, body, status }
}

/// The list (with its border) and the detail pane of a list screen.
pub fn list_and_detail(body: Rect) -> (Rect, Rect) {
    if body.width >= SIDE_BY_SIDE_FROM {
        let list_width = body.width * 58 / 100;
        let list = Rect {
            width: list_width,
            ..body
        };
        let detail = Rect {
            x: body.x + list_width,
            width: body.width - list_width,
            ..body
        };
        (list, detail)
    } else {
        let detail_rows = DETAIL_ROWS_BELOW.min(body.height / 2);
        let list = Rect {
            height: body.height - detail_rows,
            ..body
        };
        let detail = Rect {
            y: body.y + list.height,
            height: detail_rows,
            ..body
        };
        (list, detail)
    }
}

/// The rows of a bordered list with a header line: (first row's y, how many rows fit).
pub fn list_rows(list: Rect) -> (u16, usize) {
    let first = list.y + 2; // border, header
    let rows = list.height.saturating_sub(3); // borders and header
    (first, rows as usize)
}

/// A centred rectangle of the given size, clipped to `outer`.
pub fn centred(outer: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(outer.width);
    let height = height.min(outer.height);
    Rect::new(
        outer.x + (outer.width - width) / 2,
        outer.y + (outer.height - height) / 2,
        width,
        height,
    )
}

/// The form dialog: at most 100 columns wide, as tall as its fields need.
pub fn form_area(body: Rect, form: &Form) -> Rect {
    let width = body.width.saturating_sub(4).min(100);
    centred(body, width, form.wanted_height(width))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_put_the_detail_beside_the_list() {
        let a = areas(120, 40);
        assert_eq!(a.body, Rect::new(0, 1, 120, 38));
        let (list, detail) = list_and_detail(a.body);
        assert_eq!(list.x + list.width, detail.x);
        assert_eq!(list_rows(list), (3, 35));
    }

    #[test]
    fn narrow_terminals_stack_them() {
        let (list, detail) = list_and_detail(areas(80, 24).body);
        assert_eq!(list.width, 80);
        assert_eq!(detail.y, list.y + list.height);
    }

    #[test]
    fn tiny_terminals_do_not_underflow() {
        let a = areas(5, 1);
        let (list, _) = list_and_detail(a.body);
        assert_eq!(list_rows(list).1, 0);
        assert_eq!(centred(a.body, 50, 50).width, 5);
    }
}
