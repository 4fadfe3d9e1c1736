//! A chart's legend, above its plot area in rows, and the point marks it
//! shares with the plot (`chart.rs`).

use super::chart::Area;
use crate::i18n::Lang;
use crate::session::Mark;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

/// A legend entry: its text and how to draw its swatch (a solid or dashed
/// stroke, as the lines it names are drawn, a series' with its mark; none
/// for the "+N more" entry).
#[derive(Clone)]
pub(super) struct Entry {
    pub(super) text: String,
    pub(super) colour: RGBColor,
    pub(super) swatch: Swatch,
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Swatch {
    Series { shape: Mark },
    Line { width: f64 },
    Dashed { dash: f64, gap: f64 },
    None,
}

/// At most this many legend rows: past them, "+N more" (the runs list names every run).
const MAX_LEGEND_ROWS: i32 = 3;

/// The series, then the guides, in at most [`MAX_LEGEND_ROWS`] rows. The
/// guides give way first (the text beside each chart says what its lines
/// are), then the last series, to one "+N more" entry (the runs list names
/// every run): the runs compared are what a legend is for.
pub(super) fn fitting(widths: &mut Widths, series: Vec<Entry>, mut guides: Vec<Entry>, ratio: f64, lang: Lang) -> Result<Vec<Entry>, String> {
    let total = series.len();
    let mut kept = series;
    loop {
        let left_out = total - kept.len();
        let more = (left_out > 0).then(|| Entry { text: lang.say("legend.more", &[("n", left_out.to_string())]), colour: BLACK, swatch: Swatch::None });
        let trial: Vec<Entry> = kept.iter().chain(more.iter()).chain(guides.iter()).cloned().collect();
        let rows = legend(widths, None, &trial, ratio)? as i32 / row_height(ratio);
        if rows <= MAX_LEGEND_ROWS || (kept.len() <= 1 && guides.is_empty()) {
            return Ok(trial);
        }
        if guides.is_empty() {
            kept.pop();
        } else {
            guides.remove(0);
        }
    }
}

pub(super) fn row_height(ratio: f64) -> i32 {
    (16.0 * ratio).round() as i32
}

/// The legend's font. FontFamily, not "sans-serif": the same CSS font,
/// without plotters' to_lowercase and its Unicode tables (4 KB gzipped).
fn legend_font(ratio: f64) -> FontDesc<'static> {
    (FontFamily::SansSerif, 11.0 * ratio).into_font()
}

/// The widths of a chart's legend texts, each measured once: plotters' web
/// font measures a text by adding a span to the document and reading its
/// size, a forced layout (~60 µs with a large comparison's table on the
/// page), and `fitting` lays out a trial legend for every entry it leaves out.
pub(super) struct Widths<'a> {
    root: &'a Area,
    style: TextStyle<'static>,
    /// Few: measuring stops a few rows in (`legend`).
    known: Vec<(String, i32)>,
}

impl<'a> Widths<'a> {
    pub(super) fn new(root: &'a Area, ratio: f64) -> Self {
        Widths { root, style: legend_font(ratio).into(), known: Vec::new() }
    }

    fn of(&mut self, text: &str) -> Result<i32, String> {
        if let Some(&(_, w)) = self.known.iter().find(|(known, _)| known == text) {
            return Ok(w);
        }
        let w = self.root.estimate_text_size(text, &self.style).map_err(|e| e.to_string())?.0 as i32;
        self.known.push((text.to_owned(), w));
        Ok(w)
    }
}

/// Lays the entries out in rows across the root's width and draws them on
/// `area`; returns the height used. With `area` None, only measures, and
/// stops once the entries need more than [`MAX_LEGEND_ROWS`] rows (all
/// `fitting` asks), so a trial legend of hundreds of runs measures only the
/// first few rows' texts.
pub(super) fn legend(widths: &mut Widths, area: Option<&Area>, entries: &[Entry], ratio: f64) -> Result<u32, String> {
    let px = |v: f64| (v * ratio).round() as i32;
    let font = legend_font(ratio);
    let width = widths.root.dim_in_pixel().0 as i32 - px(20.0);
    let (swatch, gap, spacing, row_h) = (px(16.0), px(5.0), px(14.0), row_height(ratio));
    let (mut x, mut y) = (0, 0);
    for e in entries {
        let text_w = widths.of(&e.text)?;
        let lead = if e.swatch == Swatch::None { 0 } else { swatch + gap };
        let w = lead + text_w;
        if x > 0 && x + w > width {
            x = 0;
            y += row_h;
            if area.is_none() && y / row_h >= MAX_LEGEND_ROWS {
                return Ok((y + row_h) as u32);
            }
        }
        if let Some(area) = area {
            let (x0, mid) = (px(10.0) + x, y + row_h / 2);
            let stroke = |width: f64| e.colour.stroke_width(px(width).max(1) as u32);
            let drawn = match e.swatch {
                Swatch::Series { shape } => {
                    area.draw(&PathElement::new(vec![(x0, mid), (x0 + swatch, mid)], stroke(2.0))).and_then(|()| draw_mark(area, shape, (x0 + swatch / 2, mid), px(MARK_RADIUS), e.colour))
                }
                Swatch::Line { width } => area.draw(&PathElement::new(vec![(x0, mid), (x0 + swatch, mid)], stroke(width))),
                Swatch::Dashed { dash, gap } => area.draw(&DashedPathElement::new(vec![(x0, mid), (x0 + swatch, mid)], px(dash).max(1) as u32, px(gap).max(1) as u32, stroke(2.0))),
                Swatch::None => Ok(()),
            };
            drawn.map_err(|e| e.to_string())?;
            area.draw(&Text::new(
                e.text.clone(),
                (x0 + lead, mid),
                font.color(&BLACK).pos(plotters::style::text_anchor::Pos::new(plotters::style::text_anchor::HPos::Left, plotters::style::text_anchor::VPos::Center)),
            ))
            .map_err(|e| e.to_string())?;
        }
        x += w + spacing;
    }
    Ok((y + row_h) as u32)
}

/// A point mark's radius, in CSS pixels.
pub(super) const MARK_RADIUS: f64 = 3.5;

/// One point's mark, filled, centred on `(x, y)` in `area`'s pixels; a
/// triangle, square or diamond spans about as much as the circle.
pub(super) fn draw_mark(area: &Area, shape: Mark, (x, y): (i32, i32), r: i32, colour: RGBColor) -> Result<(), DrawingAreaErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>> {
    let corners = match shape {
        Mark::Circle => return area.draw(&Circle::new((x, y), r, colour.filled())),
        Mark::Triangle => vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)],
        Mark::Square => vec![(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)],
        Mark::Diamond => vec![(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)],
    };
    area.draw(&Polygon::new(corners, colour.filled()))
}
