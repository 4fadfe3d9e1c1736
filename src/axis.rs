//! The charts' value axes, as numbers and words (drawing is `web::chart`):
//! the range a chart shows and the labels of its key points, on a linear
//! axis and on a log axis, which carries log10 of the values and is
//! labelled with the values themselves.

/// The y range for values from `lowest` to `highest`: from 0 to 8 % over
/// the highest on a linear axis; a tenth of a decade around them on a log
/// axis.
pub fn y_range(log: bool, lowest: f64, highest: f64) -> (f64, f64) {
    if log {
        (lowest - 0.1, highest + 0.1)
    } else {
        (0.0, highest.max(1e-9) * 1.08)
    }
}

/// The highest value a chart with a reference line (ideal speedup, 100 %
/// efficiency) must show: all of the data, and of the line only up to twice
/// the data's highest — a sweep to 16 workers on 2 cores would otherwise
/// squeeze its curves, near 2×, into the bottom eighth under an ideal of 16×.
/// With no data yet, the whole line.
pub fn highest_with_reference(data_highest: f64, reference_highest: f64) -> f64 {
    if data_highest <= 0.0 {
        return reference_highest;
    }
    data_highest.max(reference_highest.min(2.0 * data_highest))
}

/// `points` (ascending in x) up to where they first rise above `top`, ending
/// on the crossing itself: a reference line cut at the top of the chart.
pub fn cut_at(points: &[(f64, f64)], top: f64) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(points.len());
    for &(x, y) in points {
        if y <= top {
            out.push((x, y));
            continue;
        }
        if let Some(&(x0, y0)) = out.last() {
            out.push((x0 + (x - x0) * (top - y0) / (y - y0), top));
        }
        break;
    }
    out
}

/// How many key points to ask for on a log axis from `lo` to `hi`: one every
/// tenth of a decade, so that 1, 2 and 5 of each decade are among them.
pub fn log_key_points(lo: f64, hi: f64) -> usize {
    ((hi - lo) * 10.0).round() as usize + 1
}

/// A log axis's label at `y` (log10 of the value): the value when it is 1, 2
/// or 5 of a decade ("0.05", "2", "500"), else nothing.
pub fn log_label(y: f64) -> String {
    let v = 10f64.powf(y);
    let decade = 10f64.powf(y.floor());
    let exact = (v / decade).round() * decade;
    let lead = (exact / decade).round();
    if ![1.0, 2.0, 5.0, 10.0].contains(&lead) || (v - exact).abs() > 0.02 * exact {
        return String::new();
    }
    let decimals = (-exact.log10()).ceil().max(0.0) as usize;
    format!("{exact:.decimals$}")
}

/// A linear axis's label at `y`: as few decimals as an axis up to `top`
/// needs ("100", not "100.0": the table says 100 %).
pub fn linear_label(y: f64, top: f64) -> String {
    let decimals = if top >= 20.0 {
        0
    } else if top >= 2.0 {
        1
    } else if top >= 0.2 {
        2
    } else {
        3
    };
    format!("{y:.decimals$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_axis_is_labelled_at_one_two_and_five_of_each_decade() {
        let (lo, hi) = y_range(true, 0.05_f64.log10(), 300_f64.log10());
        let n = log_key_points(lo, hi);
        // Key points a tenth of a decade apart, as plotters lays them out from the range.
        let labels: Vec<String> = (0..n).map(|i| log_label((lo * 10.0).ceil() / 10.0 + i as f64 / 10.0)).filter(|l| !l.is_empty()).collect();
        assert_eq!(labels, ["0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10", "20", "50", "100", "200"]);
        assert_eq!(log_label(0.25), "", "1.78 is not labelled");
    }

    #[test]
    fn a_linear_axis_starts_at_zero_with_the_decimals_it_needs() {
        assert_eq!(y_range(false, 3.0, 50.0), (0.0, 54.0));
        assert_eq!(linear_label(100.0, 108.0), "100");
        assert_eq!(linear_label(1.5, 4.0), "1.5");
        assert_eq!(linear_label(0.25, 0.5), "0.25");
        assert_eq!(linear_label(0.025, 0.05), "0.025");
    }

    #[test]
    fn a_reference_line_shows_up_to_twice_the_data_and_is_cut_at_the_top() {
        assert_eq!(highest_with_reference(2.1, 16.0), 4.2, "16 workers on 2 cores: the curve keeps half the height");
        assert_eq!(highest_with_reference(3.8, 4.0), 4.0, "near the ideal, all of it");
        assert_eq!(highest_with_reference(120.0, 100.0), 120.0, "data above the line");
        assert_eq!(highest_with_reference(0.0, 4.0), 4.0, "no data yet: the line");
        let ideal: Vec<(f64, f64)> = (1..=16).map(|k| (f64::from(k), f64::from(k))).collect();
        assert_eq!(cut_at(&ideal, 4.5), vec![(1.0, 1.0), (2.0, 2.0), (3.0, 3.0), (4.0, 4.0), (4.5, 4.5)]);
        assert_eq!(cut_at(&ideal, 20.0), ideal, "under the top: whole");
        assert_eq!(cut_at(&[(1.0, 5.0)], 4.0), vec![], "starting above: nothing");
    }
}
