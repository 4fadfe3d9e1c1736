// Presets: several sweeps one after another (Rust's catalog lists their
// queries). Each lands in the comparison, named for what it shows, and when
// the last is done the page says what they show. Glue only.
import { $ } from './dom.js';
import { t, language } from './i18n.js';
import { fillForm, presetRuns } from './form.js';

let preset = { queued: [], labels: [], note: null };

// Forgets the preset under way: another run, a stop or a failure ends it.
export function endPreset({ hideNote = false } = {}) {
  preset = { queued: [], labels: [], note: null };
  if (hideNote) $('preset-note').hidden = true;
}

// Starts preset `name` with the page's start(config, options): its first
// sweep now, the others one after another.
export function runPreset(name, start) {
  const { configs, labels } = presetRuns(name);
  preset = { queued: configs.slice(1), labels, note: `preset.${name}` };
  $('preset-note').hidden = true;
  fillForm(configs[0]);
  start(configs[0], { keepPreset: true });
}

// After a sweep is done: names it ("π, CPU-bound"), then starts the next
// one or, after the last, shows what the preset shows.
export function nextOfPreset(page, start, changed) {
  const label = preset.labels.shift();
  if (label) {
    page.relabel(JSON.parse(page.summaries(language())).length - 1, t(label));
    changed();
  }
  if (preset.queued.length > 0) {
    const config = preset.queued.shift();
    fillForm(config);
    start(config, { keepPreset: true });
  } else if (preset.note) {
    $('preset-note').dataset.key = preset.note;
    $('preset-note').textContent = t(preset.note);
    $('preset-note').hidden = false;
    preset.note = null;
  }
}

// In the language just chosen.
export function rewordPresetNote() {
  if ($('preset-note').dataset.key) $('preset-note').textContent = t($('preset-note').dataset.key);
}
