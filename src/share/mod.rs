//! Share links: a comparison of runs carried in a URL fragment, so a
//! result travels without a server. The fragment is `c<version>.<payload>`;
//! the payload is URL-safe base64 (no padding) of zlib-compressed postcard
//! bytes (`wire.rs`). `docs/share-links.md` documents the format and its
//! version rule.
//!
//! Crates, chosen on purpose: postcard (a compact, stable serde binary
//! format with varints: a time in µs takes 3 bytes, not 8), miniz_oxide
//! (pure-Rust deflate; zlib framing adds an Adler-32 checksum, so a
//! corrupted link is refused instead of misread; inflating has a size
//! limit), base64 (its URL-safe alphabet survives chat apps and address
//! bars without escaping).
//!
//! Links come from strangers: the text is bounded before decoding, the
//! inflated size is bounded, and every run goes through `intake::admit`.

mod wire;
mod wire_v2;

use crate::config::Reason;
use crate::intake::{self, shown, IntakeError, MAX_RUNS};
use crate::results::Results;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use wire::LinkV1;
use wire_v2::{LinkV2, RunV2};

/// The link format this build writes. Older versions it can still read are
/// in [`decode`]: version 1 (before `wait_ms` and the transfer figures).
pub const LINK_VERSION: u32 = 2;
/// Longest fragment read, in characters: 16 runs of 1..64 workers fit.
pub const MAX_FRAGMENT_CHARS: usize = 48 * 1024;
/// Most bytes a payload may inflate to.
pub const MAX_INFLATED_BYTES: usize = 512 * 1024;

/// Runs too large for a link: [`decode`] would refuse the fragment, so none is
/// written (the page offers the JSON file instead).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLong {
    /// The fragment's length, in characters.
    pub chars: usize,
}

/// The fragment (without `#`) that carries `runs`, if [`decode`] would read it back.
pub fn encode(runs: &[&Results]) -> Result<String, TooLong> {
    let link = LinkV2 { runs: runs.iter().map(|r| RunV2::from_results(r)).collect() };
    let bytes = postcard::to_allocvec(&link).expect("postcard writes any LinkV2 to a Vec");
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&bytes, 10);
    let fragment = format!("c{LINK_VERSION}.{}", URL_SAFE_NO_PAD.encode(packed));
    if fragment.len() > MAX_FRAGMENT_CHARS || bytes.len() > MAX_INFLATED_BYTES {
        return Err(TooLong { chars: fragment.len() });
    }
    Ok(fragment)
}

/// Whether a fragment looks like it is meant to carry runs (so that an
/// unrelated `#section` anchor is not reported as a broken link).
pub fn is_link(fragment: &str) -> bool {
    let f = fragment.trim_start_matches('#');
    f.starts_with('c') && f[1..].split_once('.').is_some_and(|(v, _)| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
}

/// The runs a fragment carries, checked. Errors say what is wrong in words.
pub fn decode(fragment: &str) -> Result<Vec<Results>, IntakeError> {
    let fragment = fragment.trim_start_matches('#');
    if fragment.len() > MAX_FRAGMENT_CHARS {
        return Err(IntakeError::new("in.link_long", vec![("n", shown(fragment.len())), ("max", shown(MAX_FRAGMENT_CHARS))]));
    }
    if !is_link(fragment) {
        return Err(IntakeError::new("in.link_foreign", vec![("v", shown(LINK_VERSION))]));
    }
    let (version_text, payload) = fragment[1..].split_once('.').unwrap_or_default();
    // Digits only (`is_link`); too many for a u32 is newer still.
    let version: u32 = version_text.parse().unwrap_or(u32::MAX);
    if version > LINK_VERSION {
        let format = crate::text::escaped(version_text, 12);
        return Err(IntakeError::new("in.link_newer", vec![("shown", format.into()), ("v", shown(LINK_VERSION))]));
    }
    if version == 0 {
        return Err(IntakeError::new("in.link_older", vec![("shown", shown(version)), ("v", shown(LINK_VERSION))]));
    }
    let packed = URL_SAFE_NO_PAD.decode(payload).map_err(|e| IntakeError::new("in.link_base64", vec![("detail", e.to_string().trim_end_matches('.').into())]))?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&packed, MAX_INFLATED_BYTES).map_err(|e| match e.status {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => IntakeError::new("in.link_inflates", vec![("kib", shown(MAX_INFLATED_BYTES / 1024))]),
        _ => IntakeError::new("in.link_deflate", vec![]),
    })?;
    let runs: Vec<Result<Results, String>> =
        if version == 1 { read::<LinkV1>(&bytes)?.runs.into_iter().map(|r| r.into_results()).collect() } else { read::<LinkV2>(&bytes)?.runs.into_iter().map(|r| r.into_results()).collect() };
    if runs.is_empty() || runs.len() > MAX_RUNS {
        return Err(IntakeError::new("in.link_runs", vec![("n", shown(runs.len())), ("max", shown(MAX_RUNS))]));
    }
    runs.into_iter()
        .enumerate()
        .map(|(i, run)| {
            let name: crate::config::Part = Reason::new("in.link_run", vec![("n", shown(i + 1))]).into();
            let doc = run.map_err(|e| IntakeError::new("in.run_damaged", vec![("who", name.clone()), ("detail", e.into())]))?;
            intake::admit(doc, &name)
        })
        .collect()
}

/// One link's structure from its inflated bytes, all of them.
fn read<'a, T: serde::Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, IntakeError> {
    let (link, rest): (T, &[u8]) = postcard::take_from_bytes(bytes).map_err(|e| IntakeError::new("in.link_unreadable", vec![("detail", shown(e))]))?;
    if !rest.is_empty() {
        return Err(IntakeError::new("in.link_trailing", vec![]));
    }
    Ok(link)
}

#[cfg(test)]
pub(crate) mod tests;
