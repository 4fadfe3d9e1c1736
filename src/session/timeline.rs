//! The timeline's point and the note under it: how soon every worker was at
//! work once the clock started, and what happened before it, outside the time.

use super::Session;
use crate::config::Model;
use crate::i18n::Lang;
use crate::results::{Point, Results};

impl Session {
    /// The run and point whose chunks the timeline draws at `workers`. A
    /// sweep of several models or chunk sizes shows the first of them.
    pub fn timeline_point(&self, workers: u32) -> Option<(&Results, &Point)> {
        let doc = self.timeline_run()?;
        let first = (doc.config.model, doc.config.chunk);
        let point = doc.points.iter().filter(|p| p.workers == workers).min_by_key(|p| ((p.model, p.chunk) != first, p.chunk))?;
        Some((doc, point))
    }

    /// The sentence under the timeline at `workers` (empty when its chunk
    /// records cannot tell when the last worker began).
    pub fn timeline_note(&self, workers: u32, lang: Lang) -> String {
        self.timeline_point(workers).map(|(_, p)| start_note(p, lang)).unwrap_or_default()
    }
}

/// When the last worker began, and the waking or starting before the clock.
fn start_note(p: &Point, lang: Lang) -> String {
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
    note
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::tests::sample;

    #[test]
    fn the_note_says_how_late_the_last_worker_began_and_what_came_before() {
        let mut p = sample("workers=1-2", 2, 0.0).points.remove(1);
        p.start_lag_ms = Some(0.0125);
        p.dispatch_ms = Some(0.25);
        let en = start_note(&p, Lang::En);
        assert!(en.contains("2 workers") && en.contains("0.013 ms") && en.contains("0.25 ms"), "{en}");
        let ko = start_note(&p, Lang::Ko);
        assert!(ko.contains("0.013 ms") && ko != en, "{ko}");
        p.model = Model::Processes;
        p.startup_ms = Some(31.5);
        assert!(start_note(&p, Lang::En).contains("31.50 ms"));
        p.start_lag_ms = None;
        assert_eq!(start_note(&p, Lang::En), "", "no records, no claim");
    }
}
