//! The hand-out's rules, and a small simulation of a run with message
//! latency: Workers that hold chunks do not idle, and no Worker holds work
//! another one could do at the end.

use super::*;
use crate::config::parse_query;
use std::collections::VecDeque;

fn handout(query: &str) -> (Handout, RunConfig) {
    let config = parse_query(query, 4).unwrap().config;
    (Handout::new(&config, config.cells()[0]), config)
}

const DYNAMIC: &str = "workload=primes&n=20000&model=processes&schedule=dynamic&chunk=100&workers=2&repeats=1";

#[test]
fn static_gives_block_i_to_worker_i_once_and_collects_the_answers() {
    let (mut fixed, config) = handout("workload=primes&n=1000&model=processes&schedule=static&workers=2&repeats=1");
    assert_eq!(fixed.next_for(1, 0), Some(500..1000), "static: block i to Worker i");
    assert_eq!(fixed.next_for(1, 0), None, "once");
    assert_eq!(fixed.next_for(0, 0), Some(0..500));
    let w = config.workload();
    for (worker, r) in [(0u32, 0..500u64), (1, 500..1000)] {
        fixed.add(w.run(r.clone()), ChunkRecord { worker, first: r.start, end: r.end, start_ms: 0.0, end_ms: 1.0 }, 0.5, 64);
    }
    let run = fixed.finish(2.0).unwrap();
    assert_eq!((run.tally, run.threads_used, run.transfer_ms, run.transfer_bytes), (w.run(0..1000), 2, 1.0, 128));
    assert!(handout("workload=primes&n=1000&model=processes&schedule=static&workers=2&repeats=1").0.finish(1.0).is_err(), "every chunk must answer");
}

#[test]
fn dynamic_gives_every_chunk_once_in_order_a_free_worker_always_one_a_full_one_none() {
    let (mut h, _) = handout(DYNAMIC);
    assert_eq!(h.next_for(0, MAX_HELD), None, "a Worker holding the most gets none");
    let mut given = Vec::new();
    for held in 0..MAX_HELD {
        given.push(h.next_for(0, held).expect("plenty left: up to MAX_HELD"));
    }
    assert_eq!(h.next_for(0, MAX_HELD), None);
    while let Some(r) = h.next_for(1, 0) {
        given.push(r);
    }
    assert_eq!(given.len(), 200, "a free Worker gets one as long as any is left");
    assert!(given.iter().enumerate().all(|(i, r)| *r == (i as u64 * 100..(i as u64 + 1) * 100)), "in order, each once");
}

#[test]
fn near_the_end_a_worker_holds_at_most_its_share_of_what_is_left() {
    let (mut h, _) = handout(DYNAMIC);
    for _ in 0..194 {
        h.next_for(1, 0).unwrap();
    }
    // 6 left, 2 Workers: a Worker holding h gets another while 2h < left + 2.
    let got: Vec<bool> = (0..4).map(|held| h.next_for(0, held).is_some()).collect();
    assert_eq!(got, [true, true, true, false], "holding 0, 1 (2 < 5 + 2), 2 (4 < 4 + 2) yes; holding 3 with 3 left, 6 ≥ 5: no");
}

#[test]
fn a_run_that_sends_input_hands_out_one_chunk_at_a_time() {
    let (mut h, _) = handout("workload=copy&n=4&model=processes&schedule=dynamic&workers=2&repeats=1");
    assert!(h.next_for(0, 0).is_some());
    assert_eq!(h.next_for(0, 1), None, "copy: the transfer is timed, not a wait in a queue");
}

/// When the coordinator has every answer of a dynamic run in which Worker w
/// takes `cost[w]` per chunk and a message takes `latency` each way (the
/// run opens with [`Handout::opening`]; a Worker runs its chunks in the
/// order they came; the coordinator sends more as each answer arrives, as
/// `www/coordinator.js` does).
fn finish_time(h: &mut Handout, cost: &[f64], latency: f64) -> f64 {
    let k = cost.len();
    let mut queue: Vec<VecDeque<f64>> = vec![VecDeque::new(); k];
    let (mut held, mut busy, mut free_at) = (vec![0u32; k], vec![false; k], vec![0.0f64; k]);
    // (time, worker, is_answer): a Worker finishing a chunk, or its answer arriving.
    let mut events: Vec<(f64, usize, bool)> = Vec::new();
    let mut end: f64 = 0.0;
    let send = |h: &mut Handout, w: usize, now: f64, held: &mut Vec<u32>, queue: &mut Vec<VecDeque<f64>>| {
        while h.next_for(w as u32, held[w]).is_some() {
            held[w] += 1;
            queue[w].push_back(now + latency);
        }
    };
    let start = |w: usize, busy: &mut Vec<bool>, free_at: &Vec<f64>, queue: &mut Vec<VecDeque<f64>>, events: &mut Vec<(f64, usize, bool)>| {
        if !busy[w] {
            if let Some(arrival) = queue[w].pop_front() {
                busy[w] = true;
                events.push((arrival.max(free_at[w]) + cost[w], w, false));
            }
        }
    };
    for (w, _) in h.opening() {
        held[w as usize] += 1;
        queue[w as usize].push_back(latency);
    }
    for w in 0..k {
        start(w, &mut busy, &free_at, &mut queue, &mut events);
    }
    while let Some(i) = (0..events.len()).min_by(|&a, &b| events[a].0.total_cmp(&events[b].0)) {
        let (now, w, is_answer) = events.swap_remove(i);
        if is_answer {
            end = end.max(now);
            held[w] -= 1;
            send(h, w, now, &mut held, &mut queue);
        } else {
            busy[w] = false;
            free_at[w] = now;
            events.push((now + latency, w, true));
        }
        start(w, &mut busy, &free_at, &mut queue, &mut events);
    }
    end
}

#[test]
fn workers_holding_chunks_do_not_wait_for_messages() {
    // Chunks of 1, a message 3 each way: handed one at a time each chunk
    // would cost 7 (100 chunks per Worker: 700).
    let t = finish_time(&mut handout(DYNAMIC).0, &[1.0, 1.0], 3.0);
    assert!(t < 100.0 * 1.1 + 6.0, "200 chunks of 1 on 2 Workers finished at {t}");
    let (mut copy, _) = handout("workload=copy&n=8&model=processes&schedule=dynamic&chunk=8&workers=2&repeats=1");
    let chunks = copy.plan.len() as f64;
    let one_at_a_time = finish_time(&mut copy, &[1.0, 1.0], 3.0);
    assert!(one_at_a_time >= chunks / 2.0 * 7.0, "{chunks} chunks one at a time: the round trips show ({one_at_a_time})");
}

#[test]
fn at_the_end_a_slow_worker_holds_no_work_a_fast_one_could_do() {
    // One Worker three times slower than the other, messages short: the
    // work (200 chunks) splits 3:1 and both end together, within a few chunks.
    let t = finish_time(&mut handout(DYNAMIC).0, &[1.0, 3.0], 0.05);
    let ideal = 200.0 / (1.0 + 1.0 / 3.0);
    assert!(t <= ideal + 2.0 * 3.0 + 1.0, "finished at {t}, ideal {ideal}");
}

#[test]
fn the_opening_deals_round_the_workers_so_every_worker_starts_with_work() {
    let dynamic = |n: u64, chunk: u64, k: u32| format!("workload=primes&n={n}&model=processes&schedule=dynamic&chunk={chunk}&workers={k}&repeats=1");
    // (chunks, Workers) → what each Worker holds after the opening (of 5
    // on 2, the last goes to whichever answers first).
    for (chunks, k, expected) in [(2u64, 2u32, vec![1u32, 1]), (8, 8, vec![1; 8]), (16, 8, vec![2; 8]), (5, 2, vec![2, 2])] {
        let (mut h, _) = handout(&dynamic(chunks * 100, 100, k));
        let mut held = vec![0u32; k as usize];
        let opening = h.opening();
        for (w, _) in &opening {
            held[*w as usize] += 1;
        }
        assert_eq!(held, expected, "{chunks} chunks on {k} Workers");
        let mut ranges: Vec<_> = opening.into_iter().map(|(_, r)| r).collect();
        ranges.sort_by_key(|r| r.start);
        assert!(ranges.iter().enumerate().all(|(i, r)| r.start == i as u64 * 100), "each chunk once, none skipped");
    }
    let (mut fixed, _) = handout("workload=primes&n=1000&model=processes&schedule=static&workers=4&repeats=1");
    assert_eq!(fixed.opening().iter().map(|(w, r)| (*w, r.start)).collect::<Vec<_>>(), [(0, 0), (1, 250), (2, 500), (3, 750)], "static: block i to Worker i");
}

#[test]
fn a_short_run_ends_as_soon_as_its_chunks_allow() {
    // 16 chunks of 1 on 8 Workers, short messages: two rounds of chunks.
    let (mut h, _) = handout("workload=primes&n=1600&model=processes&schedule=dynamic&chunk=100&workers=8&repeats=1");
    let t = finish_time(&mut h, &[1.0; 8], 0.05);
    assert!(t < 2.0 + 0.2, "finished at {t}, ideal 2.05");
}
