//! The charts, drawn with plotters on canvases: time, speedup and
//! efficiency against the number of workers. Drawing only — the numbers
//! come from `analysis`. plotters-canvas ignores `devicePixelRatio`, so the
//! page sizes each canvas's backing store and every length here is scaled
//! by `ratio`.

use crate::analysis::scaling;
use crate::results::{Point, Results};
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

const MEASURED: RGBColor = RGBColor(37, 99, 235);
const IDEAL: RGBColor = RGBColor(150, 150, 150);
const CORES: RGBColor = RGBColor(217, 119, 6);

/// One chart: a measured line (with an optional spread per point), an
/// optional ideal line, and a mark at the reported core count.
struct LineChart<'a> {
    title: &'a str,
    y_label: &'a str,
    /// (workers, value, spread low, spread high)
    measured: Vec<(f64, f64, f64, f64)>,
    ideal: Option<fn(f64) -> f64>,
    cores: f64,
}

/// Draws the three charts of a results document.
pub fn draw_all(results: &Results, canvases: [HtmlCanvasElement; 3], ratio: f64) -> Result<(), String> {
    let points = &results.points;
    let scale = scaling(points);
    let cores = f64::from(results.env.hardware_concurrency);
    let [time, speedup, efficiency] = canvases;
    draw(
        time,
        &LineChart {
            title: "Time vs workers (median, min–max)",
            y_label: "time (ms)",
            measured: points.iter().map(|p| (f64::from(p.workers), p.median_ms, p.min_ms, p.max_ms)).collect(),
            ideal: None,
            cores,
        },
        ratio,
    )?;
    draw(
        speedup,
        &LineChart {
            title: "Speedup vs workers",
            y_label: "speedup (×)",
            measured: scale.iter().map(|s| (f64::from(s.workers), s.speedup, s.speedup, s.speedup)).collect(),
            ideal: Some(|k| k),
            cores,
        },
        ratio,
    )?;
    draw(
        efficiency,
        &LineChart {
            title: "Efficiency vs workers",
            y_label: "efficiency (speedup ÷ workers)",
            measured: scale.iter().map(|s| (f64::from(s.workers), s.efficiency, s.efficiency, s.efficiency)).collect(),
            ideal: Some(|_| 1.0),
            cores,
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
    let font = |size: f64| ("sans-serif", size * ratio).into_font();

    let max_k = chart.measured.iter().map(|m| m.0).fold(chart.cores.max(2.0), f64::max);
    let ideal_top = chart.ideal.map_or(0.0, |f| f(max_k));
    let top = chart.measured.iter().map(|m| m.3).fold(ideal_top, f64::max).max(1e-9) * 1.1;

    let mut ctx = ChartBuilder::on(&root)
        .caption(chart.title, font(15.0))
        .margin(px(10.0))
        .x_label_area_size(px(36.0))
        .y_label_area_size(px(56.0))
        .build_cartesian_2d(0.5..max_k + 0.5, 0.0..top)
        .map_err(|e| err(&e))?;
    ctx.configure_mesh()
        .x_desc("workers")
        .y_desc(chart.y_label)
        .label_style(font(11.0))
        .axis_desc_style(font(12.0))
        .x_labels(max_k as usize + 1)
        .x_label_formatter(&|k| if k.fract() == 0.0 { format!("{k}") } else { String::new() })
        .draw()
        .map_err(|e| err(&e))?;

    // The reported core count: the knee seed 000 is about is at or below it.
    ctx.draw_series(std::iter::once(PathElement::new(vec![(chart.cores, 0.0), (chart.cores, top)], CORES.stroke_width(px(1.0)))))
        .map_err(|e| err(&e))?
        .label("hardwareConcurrency")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + px(16.0) as i32, y)], CORES.stroke_width(2)));
    if let Some(ideal) = chart.ideal {
        ctx.draw_series(LineSeries::new((1..=max_k as u32).map(|k| (f64::from(k), ideal(f64::from(k)))), IDEAL.stroke_width(px(1.0))))
            .map_err(|e| err(&e))?
            .label("ideal")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + px(16.0) as i32, y)], IDEAL.stroke_width(2)));
    }
    ctx.draw_series(LineSeries::new(chart.measured.iter().map(|m| (m.0, m.1)), MEASURED.stroke_width(px(2.0))))
        .map_err(|e| err(&e))?
        .label("measured")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + px(16.0) as i32, y)], MEASURED.stroke_width(2)));
    ctx.draw_series(chart.measured.iter().filter(|m| m.3 > m.2).map(|&(k, v, lo, hi)| ErrorBar::new_vertical(k, lo, v, hi, MEASURED.stroke_width(px(1.0)), px(8.0))))
        .map_err(|e| err(&e))?;
    ctx.draw_series(chart.measured.iter().map(|&(k, v, _, _)| Circle::new((k, v), px(3.5), MEASURED.filled())))
        .map_err(|e| err(&e))?;
    ctx.configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .label_font(font(11.0))
        .background_style(WHITE.mix(0.85))
        .border_style(IDEAL)
        .draw()
        .map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))
}

/// Seed 003's picture: one lane per thread or Worker, one bar per chunk,
/// along the run's time axis.
pub fn draw_timeline(canvas: HtmlCanvasElement, point: &Point, ratio: f64) -> Result<(), String> {
    let title = format!("Who ran what, when — {} workers, {} of {} chunks", point.workers, point.chunks.len(), point.chunks_total);
    let err = |e: &dyn std::fmt::Display| format!("drawing the timeline failed: {e}");
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or_else(|| "the timeline element is not a canvas".to_string())?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let px = |v: f64| ((v * ratio).round() as u32).max(1);
    let font = |size: f64| ("sans-serif", size * ratio).into_font();

    let mut lanes: Vec<u32> = point.chunks.iter().map(|c| c.worker).collect();
    lanes.sort_unstable();
    lanes.dedup();
    let lane_of = |worker: u32| lanes.iter().position(|&w| w == worker).unwrap_or(0) as f64;
    let end = point.chunks.iter().map(|c| c.end_ms).fold(0.0, f64::max).max(1e-3);

    let mut ctx = ChartBuilder::on(&root)
        .caption(title, font(14.0))
        .margin(px(10.0))
        .x_label_area_size(px(36.0))
        .y_label_area_size(px(64.0))
        .build_cartesian_2d(0.0..end * 1.02, -0.5..lanes.len().max(1) as f64 - 0.5)
        .map_err(|e| err(&e))?;
    ctx.configure_mesh()
        .x_desc("time since the run started (ms)")
        .y_desc("thread / worker")
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
    ctx.draw_series(point.chunks.iter().map(|c| Rectangle::new(bar(c), Palette99::pick(lane_of(c.worker) as usize).mix(0.85).filled())))
        .map_err(|e| err(&e))?;
    // A white edge on each chunk, so back-to-back chunks stay distinct.
    ctx.draw_series(point.chunks.iter().map(|c| Rectangle::new(bar(c), WHITE.stroke_width(px(1.0)))))
        .map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))
}
