//! The bytes of a share link, version 2 (`docs/share-links.md`): version
//! 1's run followed by what version 2 added — the `wait` workload's wait
//! per request, and per point the transfer to process Workers (`copy`).
//! Postcard writes nested structs field after field, so a version-2 run is
//! exactly a version-1 run's bytes and then the extension's.

use super::wire::RunV1;
use crate::results::Results;
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
pub struct LinkV2 {
    pub runs: Vec<RunV2>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct RunV2 {
    pub v1: RunV1,
    pub ext: RunExtV2,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct RunExtV2 {
    pub wait_ms: Option<u32>,
    /// One per point, in the order of the run's points.
    pub points: Vec<PointExtV2>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct PointExtV2 {
    pub transfer_us: Option<u64>,
    pub transfer_bytes: Option<u64>,
}

impl RunV2 {
    pub fn from_results(doc: &Results) -> RunV2 {
        RunV2 {
            v1: RunV1::from_results(doc),
            ext: RunExtV2 {
                wait_ms: doc.config.wait_ms,
                points: doc.points.iter().map(|p| PointExtV2 { transfer_us: p.transfer_ms.map(|ms| (ms * 1e3).round().max(0.0) as u64), transfer_bytes: p.transfer_bytes }).collect(),
            },
        }
    }

    /// The results document, not yet validated (`intake::admit` does that).
    pub fn into_results(self) -> Result<Results, String> {
        let mut doc = self.v1.into_results()?;
        if self.ext.points.len() != doc.points.len() {
            return Err(format!("it has {} points but {} point extensions", doc.points.len(), self.ext.points.len()));
        }
        doc.config.wait_ms = self.ext.wait_ms;
        for (point, ext) in doc.points.iter_mut().zip(self.ext.points) {
            point.transfer_ms = ext.transfer_us.map(|us| us as f64 / 1e3);
            point.transfer_bytes = ext.transfer_bytes;
        }
        Ok(doc)
    }
}
