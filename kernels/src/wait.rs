//! Work that waits (seed 002's I/O-bound claim): each unit is one
//! "request" — a little computing, its *response*, then a fixed wait that
//! stands in for the network or a disk. The computing is here; the waiting
//! is the engine's (it blocks the thread without using a core, and under
//! the gil model releases the lock while it waits, as CPython releases the
//! GIL around blocking I/O). The answer is a checksum of every response.

use super::rng::mix64;

/// Rounds of mixing per request: a few microseconds of computing, small
/// next to the shortest wait (1 ms), so waiting dominates as in real I/O.
pub const ROUNDS_PER_REQUEST: u32 = 2_000;
/// The wait per request when the URL names none.
pub const DEFAULT_WAIT_MS: u32 = 10;
/// The accepted waits per request, in ms.
pub const WAIT_MS_LIMITS: (u32, u32) = (1, 1_000);

/// The response to request `request`: what "came back", a deterministic
/// function of the seed and the request alone.
pub fn response(seed: u64, request: u64) -> u64 {
    let mut z = seed ^ mix64(request.wrapping_add(0x5EED_0000_0002));
    for _ in 0..ROUNDS_PER_REQUEST {
        z = mix64(z);
    }
    z
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_depend_on_seed_and_request() {
        assert_eq!(response(1, 5), response(1, 5));
        assert_ne!(response(1, 5), response(1, 6));
        assert_ne!(response(1, 5), response(2, 5));
    }
}
