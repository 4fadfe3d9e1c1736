// The run form: its choices come from Rust's catalog, a configuration fills
// it, and it is read back as a query string that Rust's URL parser checks,
// as it checks the address. Glue only: the rules are Rust's.
import * as wasm from '../pkg/plain/corescope.js';
import { $, hardwareConcurrency } from './dom.js';
import { t, language } from './i18n.js';

// Rust's catalog: workloads, models, schedules and presets (set by setUpForm).
let catalog = null;

// Rust's reading of a query string: `{ok: {config, autorun, …}}` or
// `{error: {param, message}}`, the message in the page's language.
export function parse(query) {
  return JSON.parse(wasm.parseQuery(query, hardwareConcurrency, location.hostname, language()));
}

// Why `query` was refused, as `format` puts it, worded when called (in the
// page's language then): the query is read again, as Rust reads it.
export const refusedQuery = (query, format) => () => {
  const { error } = parse(query);
  return error ? format(error) : '';
};

// The form's field for URL parameter `param` (a label, or the models' fieldset), and its name as the form shows it.
const fieldOf = (param) => $(`f-${param}`)?.closest('label, fieldset') ?? null;
const fieldName = (param) => (fieldOf(param)?.querySelector('span[data-i18n], legend') ?? fieldOf(param)?.firstChild)?.textContent.trim() || param;

// The form's values refused (`param` named why): the alert's words, the
// field named as the form shows it; the field is marked as refused for
// assistive technology until it is edited or the form is sent or filled
// again, and has the keyboard's focus (unless `focus` is false).
export function refuseForm(query, param, { focus = true } = {}) {
  clearRefusedMarks();
  const field = fieldOf(param);
  const control = field?.querySelector('input, select');
  if (control) {
    const mark = field.matches('fieldset') ? field : control;
    mark.setAttribute('aria-invalid', 'true');
    mark.setAttribute('aria-describedby', 'alert');
    field.addEventListener('input', clearRefusedMarks, { once: true });
    if (focus) control.focus();
  }
  return refusedQuery(query, (error) => `${fieldName(error.param)}: ${error.message}`);
}

export function clearRefusedMarks() {
  for (const mark of $('controls').querySelectorAll('[aria-invalid]')) {
    mark.removeAttribute('aria-invalid');
    mark.removeAttribute('aria-describedby');
  }
}

// Fills the choices and wires the fields that change others. The build must be loaded.
export function setUpForm() {
  catalog = JSON.parse(wasm.catalog(hardwareConcurrency));
  fillSelect($('f-workload'), catalog.workloads.map((w) => w.name));
  fillModels(catalog.models.map((m) => m.name));
  fillSelect($('f-schedule'), catalog.schedules);
  $('f-workload').addEventListener('change', () => { sizeFor('quick'); showHelp(); });
  $('f-model').addEventListener('change', () => {
    const sequential = checkedModels().join() === 'sequential';
    if (sequential) $('f-workers').value = '1';
    else if ($('f-workers').value === '1') $('f-workers').value = parse('').ok.config.workers.join(',');
  });
  // A chunk typed for another size would be wrong for this one: back to the default.
  $('f-n').addEventListener('input', () => { $('f-chunk').value = ''; });
  $('preset-quick').addEventListener('click', () => sizeFor('quick'));
  $('preset-seed').addEventListener('click', () => sizeFor('seed'));
}

// Whether any of `models` runs on the thread pool (shared memory).
export function needsPool(models) {
  return models.some((model) => catalog.models.find((m) => m.name === model).shared_memory);
}

// A preset's sweeps, as checked configurations, and the label of each.
export function presetRuns(name) {
  const chosen = catalog.presets.find((p) => p.name === name);
  return { configs: chosen.queries.map((q) => parse(q).ok.config), labels: [...chosen.labels] };
}

function fillSelect(select, names) {
  select.replaceChildren(...names.map((name) => new Option(name, name)));
}

function workloadInfo(name) {
  return catalog.workloads.find((w) => w.name === name);
}

// The chosen workload's help line, in the page's language.
export function showHelp() {
  const w = workloadInfo($('f-workload').value);
  // Only a workload that waits takes a wait per request.
  $('f-wait-label').hidden = !w.waits;
  $('f-help').textContent = t('f.help', { n_meaning: t(`n.${w.name}`), unit: t(`unit.${w.name}`), quick: w.quick_words, seed: w.seed_words });
}

// The models are checkboxes: several make one sweep, one series each.
function fillModels(names) {
  $('f-model').replaceChildren(...names.map((name) => {
    const box = Object.assign(document.createElement('input'), { type: 'checkbox', name: 'model', value: name });
    const label = document.createElement('label');
    label.append(box, ` ${name}`);
    return label;
  }));
}

function checkedModels() {
  return [...document.querySelectorAll('#f-model input:checked')].map((box) => box.value);
}

export function fillForm(config) {
  clearRefusedMarks();
  $('f-workload').value = config.workload;
  for (const box of document.querySelectorAll('#f-model input')) box.checked = config.models.includes(box.value);
  $('f-schedule').value = config.schedule;
  $('f-n').value = String(config.n);
  $('f-wait_ms').value = config.wait_ms === undefined ? '' : String(config.wait_ms);
  $('f-chunk').value = config.chunks.join(',');
  $('f-workers').value = config.workers.join(',');
  $('f-repeats').value = String(config.repeats);
  $('f-seed').value = String(config.seed);
  showHelp();
}

// The form becomes a query string, checked by the same parser as the URL.
export function formQuery() {
  const params = new URLSearchParams();
  for (const name of ['workload', 'schedule', 'n', 'wait_ms', 'chunk', 'workers', 'repeats', 'seed']) {
    if (name === 'wait_ms' && $('f-wait-label').hidden) continue;
    const value = $(`f-${name}`).value.trim();
    if (value !== '') params.set(name, value);
  }
  params.set('model', checkedModels().join(','));
  return params.toString();
}

// The workload's quick or seed-post size, and its default chunk.
function sizeFor(which) {
  clearRefusedMarks();   // a value set here is not the one refused
  const w = workloadInfo($('f-workload').value);
  $('f-n').value = which === 'seed' ? w.seed_n : w.quick_n;
  $('f-chunk').value = '';   // back to the default chunk for the new size
}
