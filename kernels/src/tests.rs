//! The kernels' shared contract: every workload verifies whole and split,
//! and a unit missing or run twice fails its check.

use super::*;

fn run(w: &Workload, inputs: &Inputs, range: Range<u64>) -> Tally {
    w.run_with(range, inputs)
}

fn small(kind: WorkloadKind) -> Workload {
    let n = match kind {
        WorkloadKind::Pi => 123_457,
        WorkloadKind::Sum => 1_234_567,
        WorkloadKind::Factor => 300,
        WorkloadKind::Primes => 20_000,
        WorkloadKind::Mandelbrot => 48,
        WorkloadKind::Wait => 40,
        WorkloadKind::Copy => 2,
        WorkloadKind::Triad => triad::ELEMENTS_PER_UNIT * 3 + 11,
    };
    Workload { kind, n, seed: 2024 }
}

#[test]
fn every_workload_verifies_whole_and_split() {
    for &kind in WorkloadKind::ALL {
        let w = small(kind);
        let inputs = Inputs::prepare(&w);
        let whole = run(&w, &inputs, 0..w.units());
        let u = w.units();
        let split = run(&w, &inputs, 0..u / 3) + run(&w, &inputs, u / 3..u);
        assert_eq!(whole, split, "{kind:?}");
        let answer = w.answer(whole, w.reference());
        assert!(answer.verified, "{kind:?}: {answer:?}");
    }
}

#[test]
fn a_missing_or_doubled_unit_fails_the_check() {
    for &kind in WorkloadKind::ALL {
        let w = small(kind);
        let inputs = Inputs::prepare(&w);
        let u = w.units();
        let missing = run(&w, &inputs, 1..u);
        assert!(!w.answer(missing, w.reference()).verified, "{kind:?} missing");
        let doubled = run(&w, &inputs, 0..u) + run(&w, &inputs, 0..1);
        assert!(!w.answer(doubled, w.reference()).verified, "{kind:?} doubled");
        // One unit run twice and its neighbour skipped: the counts match, the coverage does not.
        let swapped = run(&w, &inputs, 0..1) + run(&w, &inputs, 0..1) + run(&w, &inputs, 2..u);
        assert!(!w.answer(swapped, w.reference()).verified, "{kind:?} swapped");
    }
}

#[test]
fn references_survive_json() {
    for &kind in WorkloadKind::ALL {
        let r = small(kind).reference();
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<Reference>(&json).unwrap(), r);
    }
}

#[test]
fn names_round_trip() {
    for &kind in WorkloadKind::ALL {
        assert_eq!(WorkloadKind::from_name(kind.name()), Some(kind));
        let (lo, hi) = kind.n_limits();
        assert!(lo <= kind.quick_n() && kind.seed_n() <= hi);
    }
    assert_eq!(WorkloadKind::from_name("PI"), None);
}

#[test]
fn a_received_slice_of_copy_counts_its_units_and_nothing_else() {
    let w = small(WorkloadKind::Copy);
    let whole = Inputs::prepare(&w);
    let bytes = whole.copy_bytes(5..9).unwrap();
    assert_eq!(whole.copy_le_bytes(5..9), Some(&bytes[..]), "the borrowed bytes are the copied ones");
    let slice = Inputs::copy_slice(w.seed, 5, copy::from_bytes(&bytes).unwrap());
    assert_eq!(run(&w, &slice, 5..9), run(&w, &whole, 5..9));
    assert_eq!(run(&w, &slice, 4..5), Tally::default(), "a unit not sent counts nothing");
    assert!(Inputs::prepare(&w).suit(&w) && !slice.suit(&w));
}

#[test]
fn inputs_suit_only_their_own_seed_and_size() {
    // The page keeps the last inputs between runs: a run with another seed
    // must not read them (its answer would be checked against its own seed).
    for kind in [WorkloadKind::Copy, WorkloadKind::Triad] {
        let w = small(kind);
        let inputs = Inputs::prepare(&w);
        assert!(inputs.suit(&w), "{kind:?}");
        assert!(!inputs.suit(&Workload { seed: w.seed + 1, ..w }), "{kind:?}: another seed");
        assert!(!inputs.suit(&Workload { n: w.n + 1, ..w }), "{kind:?}: another size");
        let other_seed = Workload { seed: w.seed + 1, ..w };
        assert_ne!(run(&other_seed, &inputs, 0..w.units()), run(&other_seed, &Inputs::prepare(&other_seed), 0..w.units()), "{kind:?}: the seed changes the answer");
    }
}
