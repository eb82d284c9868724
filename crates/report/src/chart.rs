//! The evidence profile chart: one horizontal bar per tier, stacked by
//! certainty grade. Plain SVG with fixed geometry, so it is byte-identical
//! from run to run and renders the same in browsers and in typst.

use std::fmt::Write;

use crate::escape::xml;
use crate::labels::{CERTAINTIES_HIGHEST_FIRST, certainty_label};
use crate::view::TierRow;

/// Fill colours: high to very low certainty, then unscored.
pub(crate) const CERTAINTY_COLOURS: [&str; 5] =
    ["#1b4f8a", "#3a7cc2", "#86b4e0", "#cfe0f1", "#d4d4d4"];

/// Font stack for the SVGs: the first sans family a browser or typst has.
pub(crate) const FONT: &str = "Helvetica, Arial, 'DejaVu Sans', 'Libertinus Sans', sans-serif";

const WIDTH: u32 = 640;
const LABEL_W: u32 = 220;
const BAR_H: u32 = 16;
const ROW_H: u32 = 24;

pub(crate) fn tier_chart(rows: &[TierRow]) -> String {
    let max = rows.iter().map(|r| r.total).max().unwrap_or(1).max(1);
    let bar_area = WIDTH - LABEL_W - 40;
    let legend_y = 12 + rows.len() as u32 * ROW_H + 10;
    let height = legend_y + 24;
    let mut svg = String::with_capacity(4096);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" aria-label="Claims per evidence tier and certainty" font-family="{FONT}" font-size="12">"#
    );
    for (i, row) in rows.iter().enumerate() {
        let y = 8 + i as u32 * ROW_H;
        let _ = write!(
            svg,
            r##"<text x="{}" y="{}" text-anchor="end" fill="#222">{}</text>"##,
            LABEL_W - 8,
            y + BAR_H - 4,
            xml(row.label)
        );
        let mut x = LABEL_W as f64;
        let segments = row.counts.iter().copied().chain([row.unscored]);
        for (count, colour) in segments.zip(CERTAINTY_COLOURS) {
            if count == 0 {
                continue;
            }
            let w = count as f64 * bar_area as f64 / max as f64;
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{y}" width="{w:.1}" height="{BAR_H}" fill="{colour}"/>"#
            );
            x += w;
        }
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{}" fill="#222">{}</text>"##,
            x + 5.0,
            y + BAR_H - 4,
            row.total
        );
    }
    // Legend: the certainty grades (and "not scored" when there are such).
    let any_unscored = rows.iter().any(|r| r.unscored > 0);
    let mut x = LABEL_W;
    let legend = CERTAINTIES_HIGHEST_FIRST
        .iter()
        .map(|&c| certainty_label(c))
        .chain(any_unscored.then_some("not scored"))
        .zip(CERTAINTY_COLOURS);
    for (label, colour) in legend {
        let _ = write!(
            svg,
            r##"<rect x="{x}" y="{legend_y}" width="12" height="12" fill="{colour}"/><text x="{}" y="{}" fill="#444">{}</text>"##,
            x + 16,
            legend_y + 10,
            xml(label)
        );
        x += 16 + label.len() as u32 * 7 + 18;
    }
    svg.push_str("</svg>");
    svg
}
