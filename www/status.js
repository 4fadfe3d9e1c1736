// The status line under the form: what the page is doing, kept as a
// function that words it, so a change of language says it again (also
// mid-run). A sweep's progress comes as the coordinator's key and numbers;
// the point's label is Rust's, worded in every language of the page while
// its run is live. Glue only.
import { $, setStatus } from './dom.js';
import { t, language } from './i18n.js';

let statusWords = () => t('status.idle');

// Says the sentence at `key`; `done` of `total` moves the progress bar.
export function say(key, values = {}, done = null, total = null) {
  statusWords = () => t(key, values);
  setStatus(statusWords(), done, total);
}

// The status, worded again (after a change of language).
export function rewordStatus() {
  setStatus(statusWords());
}

// A coordinator's `progress` message, said; returns what the run is doing,
// as a function wording it (the watchdog quotes it if the run goes silent).
export function sayProgress(message, page) {
  const left = message.secondsLeft;
  const count = () => (left === null || left === undefined || left < 1
    ? t('status.count', { done: message.done + 1, total: message.total })
    : t('status.left', { done: message.done + 1, total: message.total, left: left < 90 ? t('time.s', { n: Math.ceil(left) }) : t('time.min', { n: Math.ceil(left / 60) }) }));
  // Before the first point (the reference, the settling) there is nothing to count yet.
  const counted = !['status.reference', 'status.settling'].includes(message.key);
  // A point comes as its numbers; Rust words it, now, in each of the page's languages: the
  // label names the model and chunk only while its run (comparing them) is live.
  const { values } = message;
  const points = values?.workers === undefined ? null
    : Object.fromEntries([...$('lang').options].map(({ value }) => [value, page.pointLabel(values.workers, values.model, values.chunk, value)]));
  const doing = () => t(message.key, points ? { ...values, point: points[language()] } : values);
  statusWords = () => `${doing()}${counted ? ` (${count()})` : ''}`;
  setStatus(statusWords(), message.done, message.total);
  return doing;
}
