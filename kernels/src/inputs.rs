//! What a workload reads besides its parameters: `copy`'s large input and
//! `triad`'s three arrays. Prepared once per sweep, before anything is
//! timed, and shared by every run (threads read them in the one memory); a
//! process Worker holds only the slice of `copy`'s input it was sent.

use super::triad::Arrays;
use super::{copy, Workload, WorkloadKind};

/// A workload's inputs.
pub enum Inputs {
    /// The workload reads nothing (it computes from its parameters).
    None,
    /// Words `first_word ..` of `copy`'s input of run `seed` (all of it, or a received slice).
    Copy { seed: u64, first_word: u64, words: Vec<u64> },
    /// `triad`'s arrays of run `seed`.
    Triad { seed: u64, arrays: Arrays },
}

impl Inputs {
    /// Everything `workload` reads, generated from its seed.
    pub fn prepare(workload: &Workload) -> Inputs {
        match workload.kind {
            WorkloadKind::Copy => Inputs::Copy { seed: workload.seed, first_word: 0, words: copy::generate(workload.seed, workload.n) },
            WorkloadKind::Triad => Inputs::Triad { seed: workload.seed, arrays: Arrays::generate(workload.seed, workload.n) },
            _ => Inputs::None,
        }
    }

    /// A process Worker's slice of `copy`'s input of run `seed`: the words of units from `first_unit` on.
    pub fn copy_slice(seed: u64, first_unit: u64, words: Vec<u64>) -> Inputs {
        Inputs::Copy { seed, first_word: first_unit * copy::WORDS_PER_UNIT, words }
    }

    /// Whether these are the inputs `workload` needs, whole (so a cache can
    /// be reused): its kind, its size and its seed.
    pub fn suit(&self, workload: &Workload) -> bool {
        match (self, workload.kind) {
            (Inputs::Copy { seed, first_word: 0, words }, WorkloadKind::Copy) => *seed == workload.seed && words.len() as u64 * 8 == workload.n * copy::MIB,
            (Inputs::Triad { seed, arrays }, WorkloadKind::Triad) => *seed == workload.seed && arrays.len() == workload.n,
            (Inputs::None, kind) => kind.input_bytes(workload.n) == 0,
            _ => false,
        }
    }

    /// `copy`'s words of units `units` as the bytes they are in memory,
    /// borrowed: a process's slice, before its one copy.
    #[cfg(target_endian = "little")]
    pub fn copy_le_bytes(&self, units: std::ops::Range<u64>) -> Option<&[u8]> {
        Some(copy::as_le_bytes(self.copy_words(units.start, units.end.checked_sub(units.start)?)?))
    }

    /// `copy`'s words of units `units`, little-endian: a process's slice.
    pub fn copy_bytes(&self, units: std::ops::Range<u64>) -> Option<Vec<u8>> {
        let words = self.copy_words(units.start, units.end - units.start)?;
        Some(copy::to_bytes(words))
    }

    /// `count` units of `copy`'s words from unit `first`, if they are here.
    pub(super) fn copy_words(&self, first: u64, count: u64) -> Option<&[u64]> {
        let Inputs::Copy { first_word, words, .. } = self else { return None };
        let lo = (first * copy::WORDS_PER_UNIT).checked_sub(*first_word)? as usize;
        words.get(lo..lo + (count * copy::WORDS_PER_UNIT) as usize)
    }
}
