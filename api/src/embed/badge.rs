//! The SVG badge: "CC2i | 64% funded".

use super::snapshot::{escape, Snapshot};

/// Rough advance width of 11px Verdana, enough to size the two halves.
fn text_width(text: &str) -> usize {
    text.chars().map(|c| if c == ' ' { 4 } else { 7 }).sum()
}

/// The badge for an idea; its `<title>` names the idea for screen readers.
pub fn render(s: &Snapshot) -> String {
    let left = "CC2i";
    let right = format!("{}% funded", s.percent());
    let (lw, rw) = (text_width(left) + 12, text_width(&right) + 12);
    let colour = if s.pledged_bp >= 10_000 {
        "#00703c"
    } else {
        "#1d70b8"
    };
    let label = escape(&format!("CC2i: “{}” is {right}", s.title));
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"20\" role=\"img\" aria-label=\"{label}\">\
<title>{label}</title>\
<rect width=\"{lw}\" height=\"20\" fill=\"#0b0c0c\"/><rect x=\"{lw}\" width=\"{rw}\" height=\"20\" fill=\"{colour}\"/>\
<g fill=\"#fff\" font-family=\"Verdana,Arial,sans-serif\" font-size=\"11\">\
<text x=\"6\" y=\"14\">{left}</text><text x=\"{rx}\" y=\"14\">{right}</text></g></svg>",
        w = lw + rw,
        rx = lw + 6,
    )
}
