//! The timeline's point and the note under it: how soon every worker was at
//! work once the clock started, and what happened before it, outside the time.

use super::Session;
use crate::config::Model;
use crate::i18n::Lang;
use crate::results::{Point, Results};

impl Session {
    /// The series whose chunks the timeline can draw, as (model, chunk
    /// size): those of the timeline's run with chunk records, in the order
    /// its sweep names them (models, then chunk sizes).
    pub fn timeline_series(&self) -> Vec<(Model, u64)> {
        let Some(doc) = self.timeline_run() else { return Vec::new() };
        let c = &doc.config;
        c.models.iter().flat_map(|&m| c.chunks.iter().map(move |&k| (m, k))).filter(|&(m, k)| doc.points.iter().any(|p| p.model == m && p.chunk == k && !p.chunks.is_empty())).collect()
    }

    /// A timeline series' name in the picker: its model, and its chunk size
    /// when the run measured several (worded as in legends, in the page's language).
    pub fn timeline_series_names(&self) -> Vec<String> {
        let many_chunks = self.timeline_run().is_some_and(|d| d.config.chunks.len() > 1);
        let name = |(m, k): (crate::config::Model, u64)| if many_chunks { format!("{}, {}", m.name(), super::views::chunk_name(k, self.lang)) } else { m.name().to_string() };
        self.timeline_series().into_iter().map(name).collect()
    }

    /// The worker counts of series `series` (an index of
    /// [`Session::timeline_series`]) that have chunk records, ascending.
    pub fn timeline_counts(&self, series: usize) -> Vec<u32> {
        let (Some(doc), Some(&(model, chunk))) = (self.timeline_run(), self.timeline_series().get(series)) else { return Vec::new() };
        let mut counts: Vec<u32> = doc.points.iter().filter(|p| p.model == model && p.chunk == chunk && !p.chunks.is_empty()).map(|p| p.workers).collect();
        counts.sort_unstable();
        counts.dedup();
        counts
    }

    /// The run and point whose chunks the timeline draws: series `series`
    /// at `workers`.
    pub fn timeline_point(&self, series: usize, workers: u32) -> Option<(&Results, &Point)> {
        let doc = self.timeline_run()?;
        let (model, chunk) = *self.timeline_series().get(series)?;
        let point = doc.points.iter().find(|p| p.model == model && p.chunk == chunk && p.workers == workers && !p.chunks.is_empty())?;
        Some((doc, point))
    }

    /// The sentence under the timeline (empty when its chunk records cannot
    /// tell when the last worker began).
    pub fn timeline_note(&self, series: usize, workers: u32, lang: Lang) -> String {
        self.timeline_point(series, workers).map(|(doc, p)| start_note(p, doc.env.hardware_concurrency, lang)).unwrap_or_default()
    }
}

/// When the last worker began, and the waking or starting before the clock;
/// with more workers than the `cores` the browser reported, why some began
/// late (not all of them can run at once: a late start there is the
/// processors', not the instrument's).
fn start_note(p: &Point, cores: u32, lang: Lang) -> String {
    let Some(lag) = p.start_lag_ms else { return String::new() };
    let lag = ("lag", format!("{lag:.3}"));
    let mut note = if p.workers == 1 { lang.say("timeline.lag.one", &[lag]) } else { lang.say("timeline.lag", &[lag, ("k", p.workers.to_string())]) };
    let before = match (p.model, p.startup_ms, p.dispatch_ms) {
        (Model::Processes, Some(ms), _) => Some(("timeline.startup", ms)),
        (_, _, Some(ms)) => Some(("timeline.dispatch", ms)),
        _ => None,
    };
    if let Some((key, ms)) = before {
        note.push(' ');
        note.push_str(&lang.say(key, &[("ms", format!("{ms:.2}"))]));
    }
    if cores > 0 && p.workers > cores {
        note.push(' ');
        let key = if cores == 1 { "timeline.oversubscribed.one" } else { "timeline.oversubscribed" };
        note.push_str(&lang.say(key, &[("k", p.workers.to_string()), ("n", cores.to_string())]));
    }
    note
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ChunkRecord;
    use crate::share::tests::sample;

    /// A session that measured `query` (several models or chunk sizes): the
    /// sample's points under every (model, chunk), chunk records kept only
    /// for those `recorded` names.
    fn measured(query: &str, recorded: impl Fn(Model, u64) -> bool) -> Session {
        let doc = sample(query, 2, 0.0);
        let c = doc.config.clone();
        let mut session = Session::new("http://127.0.0.1:8000/", crate::session::tests::here());
        session.begin(c.clone()).unwrap();
        for &m in &c.models {
            for &k in &c.chunks {
                for p in &doc.points {
                    let chunks = if recorded(m, k) { vec![ChunkRecord { worker: 0, first: 0, end: 1, start_ms: 0.0, end_ms: 1.0 }] } else { vec![] };
                    session.add_point(Point { model: m, chunk: k, chunks, ..p.clone() }).unwrap();
                }
            }
        }
        session.finish().unwrap();
        session
    }

    #[test]
    fn every_model_and_chunk_size_with_records_can_be_shown() {
        let s = measured("model=threads,processes,gil&workers=1-2", |m, _| m != Model::Gil);
        let chunk = s.timeline_run().unwrap().config.chunk;
        assert_eq!(s.timeline_series(), vec![(Model::Threads, chunk), (Model::Processes, chunk)], "gil left no records");
        assert_eq!(s.timeline_series_names(), ["threads", "processes"]);
        assert_eq!(s.timeline_counts(1), [1, 2]);
        let (_, p) = s.timeline_point(1, 2).unwrap();
        assert_eq!((p.model, p.workers), (Model::Processes, 2));
        assert!(s.timeline_point(2, 2).is_none() && s.timeline_counts(2).is_empty(), "no third series");
        assert!(s.timeline_point(0, 3).is_none());

        let chunks = measured("model=threads&schedule=dynamic&chunk=100,1000&workers=1-2", |_, _| true);
        assert_eq!(chunks.timeline_series_names(), ["threads, chunk 100", "threads, chunk 1000"]);
        assert_eq!(chunks.timeline_point(1, 1).unwrap().1.chunk, 1000);
    }

    #[test]
    fn the_note_says_how_late_the_last_worker_began_and_what_came_before() {
        let mut p = sample("workers=1-2", 2, 0.0).points.remove(1);
        p.start_lag_ms = Some(0.0125);
        p.dispatch_ms = Some(0.25);
        let en = start_note(&p, 2, Lang::En);
        assert!(en.contains("2 workers") && en.contains("0.013 ms") && en.contains("0.25 ms"), "{en}");
        assert!(!en.contains("at a time"), "2 workers on 2 processors: no word on waiting for one: {en}");
        let ko = start_note(&p, 2, Lang::Ko);
        assert!(ko.contains("0.013 ms") && ko != en, "{ko}");
        // More workers than processors: the late start is the processors'.
        let over = start_note(&p, 1, Lang::En);
        assert!(over.starts_with(&en) && over.contains("reports 1 logical processor for these 2 workers: only one"), "{over}");
        assert!(start_note(&p, 1, Lang::En).len() > en.len());
        assert!(start_note(&p, 1, Lang::Ko).contains("논리 프로세서는 1개인데 워커는 2개"));
        p.model = Model::Processes;
        p.startup_ms = Some(31.5);
        assert!(start_note(&p, 2, Lang::En).contains("31.50 ms"));
        p.start_lag_ms = None;
        assert_eq!(start_note(&p, 1, Lang::En), "", "no records, no claim");
    }
}
