//! How each series is drawn: a palette colour and a point mark (its style).
//! A run is given a style for every series it can have (its models × chunk
//! sizes) when it joins the comparison, and keeps them while it stays:
//! adding, measuring or removing another run, or a model's first point
//! arriving, never repaints a series already drawn. Series differ by colour
//! and by mark: neighbours in both, and past the palette's eight colours the
//! marks tell series of one colour apart (a comparison of three devices ×
//! three models is nine series).

use super::views::PALETTE;

/// The shape of a series' points, in the charts and in its swatches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mark {
    Circle,
    Triangle,
    Square,
    Diamond,
}

impl Mark {
    /// Its name for the page's swatches (`data-mark`, style.css).
    pub fn name(self) -> &'static str {
        match self {
            Mark::Circle => "circle",
            Mark::Triangle => "triangle",
            Mark::Square => "square",
            Mark::Diamond => "diamond",
        }
    }
}

const MARKS: [Mark; 4] = [Mark::Circle, Mark::Triangle, Mark::Square, Mark::Diamond];

/// How many series can look different: every colour with every mark.
const STYLES: usize = PALETTE.len() * MARKS.len();

/// A series' look: a palette colour and a mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Style {
    pub colour: (u8, u8, u8),
    pub mark: Mark,
}

/// Style `i`: the palette in order, the marks turning with it, so that
/// neighbouring series differ in mark as well as colour (red and green
/// alone are one colour to many readers); each further pass of the palette
/// starts one mark later, so all 32 styles differ.
pub fn style(i: usize) -> Style {
    Style { colour: PALETTE[i % PALETTE.len()], mark: MARKS[(i + i / PALETTE.len()) % MARKS.len()] }
}

/// The styles of one run, as indices of [`style`]: `slots[0]` is the run's
/// own (its swatch in the list of runs), then one per series slot in the
/// configuration's order (every chunk size of the first model, then of the
/// second …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Colours {
    slots: Vec<usize>,
}

impl Colours {
    /// Styles for a run with `series` possible series, beside the runs that
    /// hold `others`. The run's own style is one no other run has as its
    /// own (preferably one no series has at all); each further series gets a
    /// style nobody holds — and when every style is taken, the run's own
    /// shifted by the slot, so the choice stays fixed.
    pub fn allot<'a>(others: impl Iterator<Item = &'a Colours> + Clone, series: usize) -> Colours {
        let n = STYLES;
        let held = |c: usize| others.clone().any(|o| o.slots.contains(&c));
        let owned = |c: usize| others.clone().any(|o| o.own() == c);
        let count = others.clone().count();
        let own = (0..n).find(|&c| !held(c)).or_else(|| (0..n).find(|&c| !owned(c))).unwrap_or(count % n);
        let mut slots = vec![own];
        for i in 1..series.max(1) {
            let free = (0..n).map(|d| (own + i + d) % n).find(|&c| !held(c) && !slots.contains(&c));
            slots.push(free.unwrap_or((own + i) % n));
        }
        Colours { slots }
    }

    /// The run's own style, as an index of [`style`].
    pub fn own(&self) -> usize {
        self.slots[0]
    }

    /// The style of the series in slot `slot`.
    pub fn of(&self, slot: usize) -> Style {
        style(self.slots.get(slot).copied().unwrap_or(self.own()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allot_all(series: &[usize]) -> Vec<Colours> {
        let mut runs: Vec<Colours> = Vec::new();
        for &s in series {
            let c = Colours::allot(runs.iter(), s);
            runs.push(c);
        }
        runs
    }

    #[test]
    fn runs_of_one_series_take_the_palette_in_order() {
        let owns: Vec<usize> = allot_all(&[1, 1, 1]).iter().map(Colours::own).collect();
        assert_eq!(owns, vec![0, 1, 2]);
    }

    #[test]
    fn no_two_series_share_a_colour_while_the_palette_lasts() {
        let runs = allot_all(&[2, 3, 3]);
        let mut all: Vec<usize> = runs.iter().flat_map(|r| r.slots.clone()).collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 8);
    }

    #[test]
    fn past_the_palette_the_marks_keep_series_apart() {
        // Three devices × four models: twelve series, eight colours.
        let runs = allot_all(&[4, 4, 4]);
        let styles: std::collections::BTreeSet<Style> = runs.iter().flat_map(|r| (0..4).map(|slot| r.of(slot))).collect();
        assert_eq!(styles.len(), 12, "{styles:?}");
        let first: Vec<Style> = runs.iter().flat_map(|r| (0..4).map(|slot| r.of(slot))).collect();
        assert!(first.windows(2).all(|w| w[0].colour != w[1].colour && w[0].mark != w[1].mark), "neighbours differ in colour and in mark: {first:?}");
    }

    #[test]
    fn all_styles_differ_and_neighbours_differ_in_both_colour_and_mark() {
        let all: Vec<Style> = (0..STYLES).map(style).collect();
        assert_eq!(all.iter().collect::<std::collections::BTreeSet<_>>().len(), STYLES);
        assert!(all.windows(2).all(|w| w[0].colour != w[1].colour && w[0].mark != w[1].mark));
        assert_eq!(style(STYLES), style(0), "then round again");
    }

    #[test]
    fn past_the_palette_every_run_keeps_an_own_style_no_other_run_owns() {
        // The first run takes the whole palette; the next ones still own distinct colours.
        let runs = allot_all(&[8, 1, 1]);
        let owns: Vec<usize> = runs.iter().map(Colours::own).collect();
        assert_eq!(owns[0], 0);
        assert!(owns[1] != owns[0] && owns[2] != owns[0] && owns[1] != owns[2], "{owns:?}");
    }

    #[test]
    fn a_slot_past_the_run_s_series_falls_back_to_its_own_colour() {
        let c = Colours::allot(std::iter::empty(), 2);
        assert_eq!(c.of(5), style(c.own()));
    }
}
