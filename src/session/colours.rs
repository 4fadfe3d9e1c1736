//! Which palette colour each series is drawn in. A run is given a colour for
//! every series it can have (its models × chunk sizes) when it joins the
//! comparison, and keeps them while it stays: adding, measuring or removing
//! another run, or a model's first point arriving, never repaints a series
//! already drawn.

use super::views::PALETTE;

/// The colours of one run: `slots[0]` is the run's own (its swatch in the
/// list of runs), then one per series slot in the configuration's order
/// (every chunk size of the first model, then of the second …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Colours {
    slots: Vec<usize>,
}

impl Colours {
    /// Colours for a run with `series` possible series, beside the runs that
    /// hold `others`. The run's own colour is one no other run has as its
    /// own (preferably one no series has at all); each further series gets a
    /// colour nobody holds — and when the palette runs out, the run's own
    /// colour shifted by the slot, so the choice stays fixed.
    pub fn allot<'a>(others: impl Iterator<Item = &'a Colours> + Clone, series: usize) -> Colours {
        let n = PALETTE.len();
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

    /// The run's own colour, as a palette index.
    pub fn own(&self) -> usize {
        self.slots[0]
    }

    /// The colour of the series in slot `slot`.
    pub fn of(&self, slot: usize) -> (u8, u8, u8) {
        PALETTE[self.slots.get(slot).copied().unwrap_or(self.own())]
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
    fn past_the_palette_every_run_keeps_an_own_colour_no_other_run_owns() {
        // The first run takes the whole palette; the next ones still own distinct colours.
        let runs = allot_all(&[8, 1, 1]);
        let owns: Vec<usize> = runs.iter().map(Colours::own).collect();
        assert_eq!(owns[0], 0);
        assert!(owns[1] != owns[0] && owns[2] != owns[0] && owns[1] != owns[2], "{owns:?}");
    }

    #[test]
    fn a_slot_past_the_run_s_series_falls_back_to_its_own_colour() {
        let c = Colours::allot(std::iter::empty(), 2);
        assert_eq!(c.of(5), PALETTE[c.own()]);
    }
}
