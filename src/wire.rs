//! The messages between the page's own Rust halves — the run configuration
//! (page → coordinator → process Workers), a chunk's result (process →
//! coordinator) and a point (coordinator → page) — as postcard bytes that
//! JavaScript only carries. Not JSON: nothing is printed and parsed again
//! as text between two Rust halves, and the threads build carries no JSON
//! code at all (serde_json and the query parser were a third of it).
//! Documents for people and files (export, import) stay JSON.
//!
//! postcard writes no field names, so a message has every field: a `None`
//! that a JSON document leaves out ([`absent`]) is written in a message.
//! Both ends are the same build of this crate, so the layouts always agree.

use serde::{de::DeserializeOwned, Serialize};
use std::cell::Cell;

thread_local! {
    /// Set while [`encode`] runs on this thread.
    static ENCODING: Cell<bool> = const { Cell::new(false) };
}

/// The message bytes of `value`.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    ENCODING.with(|e| e.set(true));
    let bytes = postcard::to_allocvec(value);
    ENCODING.with(|e| e.set(false));
    // The types sent are plain structs, sequences, numbers and strings,
    // all of which postcard writes; the vector grows as needed.
    bytes.unwrap_or_default()
}

/// `what` read back from message bytes; every byte must belong to it.
pub fn decode<T: DeserializeOwned>(what: &str, bytes: &[u8]) -> Result<T, String> {
    match postcard::take_from_bytes::<T>(bytes) {
        Ok((value, [])) => Ok(value),
        Ok(_) => Err(format!("{what} has bytes after its end")),
        Err(e) => Err(format!("{what} could not be read: {e}")),
    }
}

/// For `skip_serializing_if` on optional fields: a `None` is left out of a
/// JSON document, and written in a message.
pub fn absent<T>(value: &Option<T>) -> bool {
    value.is_none() && !ENCODING.with(Cell::get)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Model, RunConfig, Schedule};
    use crate::kernels::WorkloadKind;

    fn config(wait_ms: Option<u32>) -> RunConfig {
        RunConfig {
            workload: WorkloadKind::Wait,
            model: Model::Processes,
            models: vec![Model::Processes],
            schedule: Schedule::Dynamic,
            chunk: 3,
            chunks: vec![3],
            n: 64,
            workers: vec![1, 2],
            repeats: 2,
            seed: 9,
            wait_ms,
        }
    }

    #[test]
    fn a_message_gives_back_what_went_in_with_or_without_its_optional_fields() {
        for wait_ms in [None, Some(5)] {
            let sent = config(wait_ms);
            assert_eq!(decode::<RunConfig>("a config", &encode(&sent)), Ok(sent));
        }
    }

    #[test]
    fn points_come_back_exactly_whatever_they_carry() {
        for query in ["workload=copy&model=processes&workers=1-3", "workload=pi&model=threads&workers=1,2", "workload=wait&wait_ms=3&model=processes&workers=2"] {
            for point in crate::share::tests::sample(query, 3, 0.25).points {
                assert_eq!(decode::<crate::results::Point>("a point", &encode(&point)), Ok(point.clone()), "{query}");
            }
        }
    }

    #[test]
    fn json_documents_still_leave_out_what_is_absent() {
        let json = serde_json::to_string(&config(None)).unwrap();
        assert!(!json.contains("wait_ms"), "{json}");
        // And encoding a message in between does not change that.
        encode(&config(None));
        assert_eq!(serde_json::to_string(&config(None)).unwrap(), json);
    }

    #[test]
    fn damaged_messages_are_refused() {
        let bytes = encode(&config(Some(5)));
        assert!(decode::<RunConfig>("a config", &bytes[..bytes.len() - 1]).is_err());
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode::<RunConfig>("a config", &longer), Err("a config has bytes after its end".into()));
    }
}
