//! The charts, drawn with plotters on canvases: time, speedup and
//! efficiency against the number of workers, one series per run in the
//! comparison, and the chunk timeline. Drawing only — the numbers come from
//! `analysis` through the session's series, the axes' words from `axis`.
//! The legend (`legend.rs`) sits above the plot area, wrapped into rows, so
//! it never covers data on a phone or a desktop. plotters-canvas ignores `devicePixelRatio`, so the page sizes
//! each canvas's backing store and every length here is scaled by `ratio`.

use super::legend::{draw_mark, fitting, legend, Entry, Swatch, Widths, MARK_RADIUS};
use crate::axis;
use crate::i18n::Lang;
use crate::results::Point;
use crate::session::{log_time_axis, short_label, style, ChunkSweep, Mark, Series, PALETTE};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// The ideal line's grey: 3.9:1 against the white chart (a graphic needs 3:1; 150 was 2.96).
const IDEAL: RGBColor = RGBColor(128, 128, 128);
const CORES: RGBColor = RGBColor(217, 119, 6);

pub(super) type Area = DrawingArea<CanvasBackend, Shift>;

/// One measured line: (x, value, spread low, spread high) per point, drawn
/// in its colour with its points' mark, an optional fitted curve (x, value),
/// and an optional marked x (the physical-core estimate).
struct Line {
    label: String,
    colour: RGBColor,
    shape: Mark,
    values: Vec<(f64, f64, f64, f64)>,
    fitted: Vec<(f64, f64)>,
    knee: Option<f64>,
}

/// One chart of a comparison.
struct LineChart<'a> {
    title: &'a str,
    /// What the title becomes when it is wider than the canvas.
    short_title: Option<&'a str>,
    x_label: &'a str,
    y_label: &'a str,
    lines: Vec<Line>,
    ideal: Option<fn(f64) -> f64>,
    /// The distinct hardwareConcurrency values the runs reported.
    cores: Vec<u32>,
    /// Log-scaled x (chunk sizes) or y (times far apart): the values are
    /// their log10, labelled with the values themselves.
    log_x: bool,
    log_y: bool,
    lang: Lang,
}

fn rgb((r, g, b): (u8, u8, u8)) -> RGBColor {
    RGBColor(r, g, b)
}

type Values = Vec<(f64, f64, f64, f64)>;

/// The time, speedup (with the fitted Amdahl curve and the physical-core
/// estimate) and efficiency charts of a comparison.
pub fn draw_all(series: &[Series], canvases: [HtmlCanvasElement; 3], ratio: f64, lang: Lang) -> Result<(), String> {
    let mut cores: Vec<u32> = series.iter().map(|s| s.hardware_concurrency).collect();
    cores.sort_unstable();
    cores.dedup();
    let [time, speedup, efficiency] = canvases;
    let chart = |title, y_label, ideal, pick: &dyn Fn(&Series) -> Line| LineChart {
        title,
        short_title: None,
        x_label: lang.text("axis.workers"),
        y_label,
        lines: series.iter().map(pick).collect(),
        ideal,
        cores: cores.clone(),
        log_x: false,
        log_y: false,
        lang,
    };
    let line = |s: &Series, values: Values| Line { label: s.legend.clone(), colour: rgb(s.colour), shape: s.mark, values, fitted: Vec::new(), knee: None };
    let log_time = log_time_axis(series);
    // On a log axis a time of 0 (under the timer's resolution) sits at 1 µs.
    let scale = |ms: f64| if log_time { ms.max(1e-3).log10() } else { ms };
    let times = |s: &Series| line(s, s.points.iter().map(|p| (f64::from(p.workers), scale(p.median_ms), scale(p.min_ms), scale(p.max_ms))).collect());
    let speedups = |s: &Series| {
        let mut l = line(s, s.scaling.iter().map(|x| (f64::from(x.workers), x.speedup, x.speedup, x.speedup)).collect());
        if let (Some(fit), Some(first)) = (s.amdahl, s.points.first()) {
            // Against the same baseline as the measured speedup: the fewest workers run.
            let k0 = f64::from(first.workers);
            let last = s.points.last().map_or(k0, |p| f64::from(p.workers));
            let steps = 60;
            l.fitted = (0..=steps).map(|i| k0 + (last - k0) * f64::from(i) / f64::from(steps)).map(|k| (k, k0 * fit.time_ms(k0) / fit.time_ms(k))).collect();
        }
        l.knee = s.estimated_cores.map(f64::from);
        l
    };
    let efficiencies = |s: &Series| line(s, s.scaling.iter().map(|x| (f64::from(x.workers), x.efficiency * 100.0, x.efficiency * 100.0, x.efficiency * 100.0)).collect());
    let time_axis = lang.text(if log_time { "axis.time.log" } else { "axis.time" });
    draw(time, &LineChart { log_y: log_time, ..chart(lang.text("chart.time"), time_axis, None, &times) }, ratio)?;
    draw(speedup, &chart(lang.text("chart.speedup"), lang.text("axis.speedup"), Some(|k| k), &speedups), ratio)?;
    draw(efficiency, &chart(lang.text("chart.efficiency"), lang.text("axis.efficiency"), Some(|_| 100.0), &efficiencies), ratio)
}

/// Seed 004's chunk-size picture: time against chunk size (log scale), a line per worker count.
pub fn draw_chunk_sweep(sweep: &ChunkSweep, canvas: HtmlCanvasElement, ratio: f64, lang: Lang) -> Result<(), String> {
    let lines = sweep
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| Line {
            label: line.name(lang),
            colour: rgb(style(i).colour),
            shape: style(i).mark,
            values: line.points.iter().map(|&(chunk, ms, _)| ((chunk as f64).log10(), ms, ms, ms)).collect(),
            fitted: Vec::new(),
            knee: None,
        })
        .collect();
    // The run's name, when there is room for it (the runs list names every run).
    let title = format!("{} — {} — {}", lang.text("chart.chunk"), short_label(&sweep.run), sweep.what);
    let short_title = format!("{} — {}", lang.text("chart.chunk"), sweep.what);
    draw(
        canvas,
        &LineChart {
            title: &title,
            short_title: Some(&short_title),
            x_label: lang.text("axis.chunk"),
            y_label: lang.text("axis.time"),
            lines,
            ideal: None,
            cores: Vec::new(),
            log_x: true,
            log_y: false,
            lang,
        },
        ratio,
    )
}

fn draw(canvas: HtmlCanvasElement, chart: &LineChart, ratio: f64) -> Result<(), String> {
    let err = |e: &dyn std::fmt::Display| format!("drawing \"{}\" failed: {e}", chart.title);
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or_else(|| "the chart element is not a canvas".to_string())?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let px = |v: f64| ((v * ratio).round() as u32).max(1);
    let font = |size: f64| (FontFamily::SansSerif, size * ratio).into_font();

    let series: Vec<Entry> = chart.lines.iter().map(|l| Entry { text: l.label.clone(), colour: l.colour, swatch: Swatch::Series { shape: l.shape } }).collect();
    let mut guides = Vec::new();
    if chart.ideal.is_some() {
        guides.push(Entry { text: chart.lang.text("legend.ideal").into(), colour: IDEAL, swatch: Swatch::Line { width: 1.0 } });
    }
    if chart.lines.iter().any(|l| !l.fitted.is_empty()) {
        guides.push(Entry { text: chart.lang.text("legend.amdahl").into(), colour: IDEAL, swatch: Swatch::Dashed { dash: 6.0, gap: 4.0 } });
    }
    if chart.lines.iter().any(|l| l.knee.is_some()) {
        guides.push(Entry { text: chart.lang.text("legend.cores").into(), colour: IDEAL, swatch: Swatch::Dashed { dash: 2.0, gap: 3.0 } });
    }
    if !chart.cores.is_empty() {
        let cores_text = chart.cores.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
        guides.push(Entry { text: format!("hardwareConcurrency ({cores_text})"), colour: CORES, swatch: Swatch::Line { width: 1.0 } });
    }
    let mut widths = Widths::new(&root, ratio);
    let entries = fitting(&mut widths, series, guides, ratio, chart.lang)?;

    let title_width = |title: &str| root.estimate_text_size(title, &font(14.0).into()).map_or(u32::MAX, |size| size.0);
    let title = match chart.short_title {
        Some(short) if title_width(chart.title) + px(16.0) > root.dim_in_pixel().0 => short,
        _ => chart.title,
    };
    let below_title = root.titled(title, font(14.0)).map_err(|e| err(&e))?;
    let legend_h = legend(&mut widths, None, &entries, ratio)? + px(4.0);
    let (legend_area, plot_area) = below_title.split_vertically(legend_h);
    legend(&mut widths, Some(&legend_area), &entries, ratio)?;

    let xs = || chart.lines.iter().flat_map(|l| l.values.iter().map(|m| m.0));
    let (x_lo, x_hi) = if chart.log_x {
        let lo = xs().fold(f64::INFINITY, f64::min);
        let hi = xs().fold(f64::NEG_INFINITY, f64::max);
        (lo - 0.25, hi.max(lo + 0.5) + 0.25)
    } else {
        // A core count widens the axis only when the sweep came within half
        // of it: a far larger one (a stranger's 1024, or a sweep to 4 on 128
        // cores) would squeeze every curve into the left edge. The legend
        // still names it.
        let measured = xs().fold(2.0, f64::max);
        let near_core = chart.cores.iter().map(|&c| f64::from(c)).filter(|&c| c <= 2.0 * measured).fold(0.0, f64::max);
        (0.5, measured.max(near_core) + 0.5)
    };
    let max_k = x_hi - 0.5;
    let ideal_top = chart.ideal.map_or(0.0, |f| f(max_k));
    let fitted_top = chart.lines.iter().flat_map(|l| l.fitted.iter().map(|f| f.1)).fold(0.0, f64::max);
    let data_top = chart.lines.iter().flat_map(|l| l.values.iter().map(|m| m.3)).fold(fitted_top, f64::max);
    let highest = axis::highest_with_reference(data_top, ideal_top);
    let lowest = chart.lines.iter().flat_map(|l| l.values.iter().map(|m| m.2)).fold(f64::INFINITY, f64::min);
    let (y_lo, top) = axis::y_range(chart.log_y, lowest, highest);

    // An empty or non-finite range would never end plotters' search for key points.
    if ![x_lo, x_hi, y_lo, top].iter().all(|v| v.is_finite()) || x_lo >= x_hi || y_lo >= top {
        return Err(format!("\"{}\" has nothing to draw", chart.title));
    }
    let mut ctx =
        ChartBuilder::on(&plot_area).margin(px(8.0)).margin_right(px(14.0)).x_label_area_size(px(34.0)).y_label_area_size(px(56.0)).build_cartesian_2d(x_lo..x_hi, y_lo..top).map_err(|e| err(&e))?;
    let label_every = (max_k / 16.0).ceil().max(1.0);
    // A log x axis (chunk sizes) is labelled at the sizes measured, below (`label_measured_x`).
    let x_format = |x: &f64| {
        if chart.log_x {
            String::new()
        } else if x.fract() == 0.0 && (x - 1.0) % label_every == 0.0 {
            format!("{x}")
        } else {
            String::new()
        }
    };
    let y_format = |y: &f64| if chart.log_y { axis::log_label(*y) } else { axis::linear_label(*y, top) };
    ctx.configure_mesh()
        .x_desc(chart.x_label)
        .y_desc(chart.y_label)
        .label_style(font(11.0))
        .axis_desc_style(font(12.0))
        .x_labels(if chart.log_x { ((x_hi - x_lo) * 4.0) as usize + 1 } else { max_k as usize + 1 })
        .x_label_formatter(&x_format)
        .y_labels(if chart.log_y { axis::log_key_points(y_lo, top) } else { 10 })
        // A log axis's key points are a tenth of a decade apart already: no lighter lines between them.
        .y_max_light_lines(if chart.log_y { 0 } else { 10 })
        .y_label_formatter(&y_format)
        .draw()
        .map_err(|e| err(&e))?;
    if chart.log_x {
        let mut measured: Vec<f64> = xs().collect();
        measured.sort_by(f64::total_cmp);
        measured.dedup();
        label_measured_x(&root, |x| ctx.backend_coord(&(x, y_lo)), &measured, &font(11.0).into(), px(6.0) as i32).map_err(|e| err(&e))?;
    }

    // The reported core counts: the knee seed 000 is about is at or below them.
    for c in chart.cores.iter().map(|&c| f64::from(c)).filter(|&c| c <= max_k) {
        ctx.draw_series(std::iter::once(PathElement::new(vec![(c, y_lo), (c, top)], CORES.stroke_width(px(1.0))))).map_err(|e| err(&e))?;
    }
    if let Some(ideal) = chart.ideal {
        let line: Vec<(f64, f64)> = (1..=max_k as u32).map(|k| (f64::from(k), ideal(f64::from(k)))).collect();
        ctx.draw_series(LineSeries::new(axis::cut_at(&line, top), IDEAL.stroke_width(px(1.0)))).map_err(|e| err(&e))?;
    }
    for line in &chart.lines {
        let colour = line.colour;
        if !line.fitted.is_empty() {
            ctx.draw_series(DashedLineSeries::new(line.fitted.iter().copied(), px(6.0), px(4.0), colour.stroke_width(px(1.0)))).map_err(|e| err(&e))?;
        }
        if let Some(x) = line.knee {
            let y = line.values.iter().find(|v| v.0 == x).map_or(top, |v| v.1);
            ctx.draw_series(DashedLineSeries::new([(x, y_lo), (x, y)], px(2.0), px(3.0), colour.stroke_width(px(2.0)))).map_err(|e| err(&e))?;
        }
        ctx.draw_series(LineSeries::new(line.values.iter().map(|m| (m.0, m.1)), colour.stroke_width(px(2.0)))).map_err(|e| err(&e))?;
        // The spread, min to max: a line with caps (plotters' ErrorBar also rings the
        // centre, which would hide the run's own mark shape), kept inside the plot.
        let (_, plot_y) = ctx.plotting_area().get_pixel_range();
        for &(k, _, lo, hi) in line.values.iter().filter(|m| m.3 > m.2) {
            let (x, top) = ctx.backend_coord(&(k, hi));
            let bottom = ctx.backend_coord(&(k, lo)).1.min(plot_y.end);
            let (top, half) = (top.max(plot_y.start), px(4.0) as i32);
            for segment in [[(x, top), (x, bottom)], [(x - half, top), (x + half, top)], [(x - half, bottom), (x + half, bottom)]] {
                root.draw(&PathElement::new(segment.to_vec(), colour.stroke_width(px(1.0)))).map_err(|e| err(&e))?;
            }
        }
        // On the root, whose pixels are the backend's: the marks are not clipped at the plot's edge, as plotters' circles were not.
        for &(k, v, _, _) in &line.values {
            draw_mark(&root, line.shape, ctx.backend_coord(&(k, v)), px(MARK_RADIUS) as i32, colour).map_err(|e| err(&e))?;
        }
    }
    root.present().map_err(|e| err(&e))
}

/// Labels a log x axis (chunk sizes) at the values measured (`xs`, log10,
/// ascending), each centred under its place (`at` gives the axis's pixel
/// there), not at plotters' key points (a size of 300 would have had no
/// label): one that would touch the last one drawn is left out.
fn label_measured_x(root: &Area, at: impl Fn(f64) -> (i32, i32), xs: &[f64], style: &TextStyle, gap: i32) -> Result<(), String> {
    let mut last_right = i32::MIN;
    for &x in xs {
        let text = format!("{:.0}", 10f64.powf(x));
        let width = root.estimate_text_size(&text, style).map_err(|e| e.to_string())?.0 as i32;
        let (centre, axis_y) = at(x);
        if centre - width / 2 < last_right + gap {
            continue;
        }
        let anchored = style.pos(plotters::style::text_anchor::Pos::new(plotters::style::text_anchor::HPos::Center, plotters::style::text_anchor::VPos::Top));
        root.draw(&Text::new(text, (centre, axis_y + gap), anchored)).map_err(|e| e.to_string())?;
        last_right = centre + width / 2;
    }
    Ok(())
}

/// Below this width (CSS pixels) the timeline's title leaves out the run's name.
const NARROW_CSS_PX: f64 = 520.0;

/// Seed 003's picture: one lane per thread or Worker, one bar per chunk,
/// along the run's time axis.
pub fn draw_timeline(canvas: HtmlCanvasElement, label: &str, point: &Point, ratio: f64, lang: Lang) -> Result<(), String> {
    // On a phone the run's name does not fit beside the rest: the runs list and legends name it.
    let narrow = f64::from(canvas.width()) / ratio < NARROW_CSS_PX;
    let key = if narrow { "chart.timeline.narrow" } else { "chart.timeline" };
    let title = lang.say(
        key,
        &[
            ("run", short_label(label)),
            ("model", point.model.name().to_string()),
            ("k", point.workers.to_string()),
            ("shown", point.chunks.len().to_string()),
            ("total", point.chunks_total.to_string()),
        ],
    );
    let err = |e: &dyn std::fmt::Display| format!("drawing the timeline failed: {e}");
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or_else(|| "the timeline element is not a canvas".to_string())?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let px = |v: f64| ((v * ratio).round() as u32).max(1);
    let font = |size: f64| (FontFamily::SansSerif, size * ratio).into_font();

    let mut lanes: Vec<u32> = point.chunks.iter().map(|c| c.worker).collect();
    lanes.sort_unstable();
    lanes.dedup();
    let lane_of = |worker: u32| lanes.iter().position(|&w| w == worker).unwrap_or(0) as f64;
    let end = point.chunks.iter().map(|c| c.end_ms).fold(0.0, f64::max).max(1e-3);

    let mut ctx = ChartBuilder::on(&root)
        .caption(title, font(13.0))
        .margin(px(10.0))
        // Room for half of a tick label at the axis' end ("16.0" was cut at 360 px).
        .margin_right(px(20.0))
        .x_label_area_size(px(36.0))
        .y_label_area_size(px(56.0))
        .build_cartesian_2d(0.0..end * 1.02, -0.5..lanes.len().max(1) as f64 - 0.5)
        .map_err(|e| err(&e))?;
    ctx.configure_mesh()
        .x_desc(lang.text("axis.timeline"))
        .y_desc(lang.text("axis.lanes"))
        .label_style(font(11.0))
        .axis_desc_style(font(12.0))
        .y_labels(lanes.len().max(1))
        .y_label_formatter(&|y| lanes.get(y.round().max(0.0) as usize).filter(|_| (y - y.round()).abs() < 1e-6).map_or(String::new(), |w| format!("#{w}")))
        .disable_y_mesh()
        .draw()
        .map_err(|e| err(&e))?;
    let bar = |c: &crate::engine::ChunkRecord| {
        let lane = lane_of(c.worker);
        [(c.start_ms, lane - 0.35), (c.end_ms.max(c.start_ms + end * 1e-3), lane + 0.35)]
    };
    // The series palette, cycled: every lane a strong colour (plotters' Palette99 has pale
    // yellows and pinks that vanish on white), neighbours always different.
    let lane_colour = |c: &crate::engine::ChunkRecord| {
        let (r, g, b) = PALETTE[lane_of(c.worker) as usize % PALETTE.len()];
        RGBColor(r, g, b).mix(0.85).filled()
    };
    ctx.draw_series(point.chunks.iter().map(|c| Rectangle::new(bar(c), lane_colour(c)))).map_err(|e| err(&e))?;
    // A white edge (one device pixel) on each chunk wide enough to keep
    // colour inside it, so back-to-back chunks stay distinct; on a phone a
    // thicker edge on narrow bars left the timeline white.
    let px_per_ms = f64::from(ctx.plotting_area().dim_in_pixel().0) / (end * 1.02);
    let wide = |c: &&crate::engine::ChunkRecord| (c.end_ms - c.start_ms) * px_per_ms >= 4.0;
    ctx.draw_series(point.chunks.iter().filter(wide).map(|c| Rectangle::new(bar(c), WHITE.stroke_width(1)))).map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))
}
