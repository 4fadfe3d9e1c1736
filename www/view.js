// Shows the comparison: charts, the runs list, the points table and the
// timeline, all from what the Rust `Page` answers. Formats nothing and
// decides nothing: Rust hands out display strings.
import { $, showAlert, sizeCanvas, element } from './dom.js';
import { t, language, failure } from './i18n.js';

// The timeline's series (by name) and worker count: the visitor's choices
// while they exist, else the first series at its largest count.
const timelineChoice = { series: null, k: null };

export function chooseTimeline(series, k) {
  timelineChoice.series = series;
  timelineChoice.k = k;
}

export function render(page) {
  const drawable = page.hasPoints();
  $('charts').hidden = !drawable;   // no empty chart frames
  if (drawable) {
    const canvases = [$('chart-time'), $('chart-speedup'), $('chart-efficiency')];
    const ratio = canvases.map(sizeCanvas)[0];
    try {
      page.drawCharts(...canvases, ratio, language());
    } catch (e) {
      showAlert(failure('fail.draw-charts', { why: String((e && e.message) || e) }));
    }
  }
  const chunked = drawable && page.hasChunkSweep();
  $('chunk-figure').hidden = !chunked;
  if (chunked) {
    const canvas = $('chart-chunk');
    try {
      page.drawChunkSweep(canvas, sizeCanvas(canvas), language());
    } catch (e) {
      showAlert(failure('fail.draw-chunks', { why: String((e && e.message) || e) }));
    }
  }
  renderRuns(page);
  renderTable(page);
  renderTimeline(page);
  renderExplanations(page);
}

// What the measured curves say, in the page's language, under each chart.
function renderExplanations(page) {
  const said = JSON.parse(page.explain(language()));
  for (const chart of ['speedup', 'efficiency', 'chunk']) {
    $(`explain-${chart}`).replaceChildren(...said[chart].map((sentence) => element('p', { className: 'said', textContent: sentence })));
  }
}

// A series' or run's swatch: its colour and its mark's shape (style.css).
function swatchOf({ colour, mark }, props = {}) {
  const swatch = element('span', { className: 'swatch', ...props });
  swatch.style.backgroundColor = colour;
  swatch.dataset.mark = mark;
  return swatch;
}

// What has the keyboard's focus in the runs list, to give it back once the
// list is rebuilt (every change rebuilds it, also each point of a run): the
// control's kind, its run (Rust's id, and where it stood), and a label being
// typed into, as typed.
function focusInRuns() {
  const focused = document.activeElement;
  if (!focused || !$('runs').contains(focused) || !focused.dataset.run) return null;
  const kind = ['label', 'run-here', 'remove'].find((name) => focused.classList.contains(name));
  const typing = kind === 'label' && focused.value !== focused.dataset.shown
    ? { value: focused.value, shown: focused.dataset.shown, start: focused.selectionStart, end: focused.selectionEnd } : null;
  return kind ? { kind, run: focused.dataset.run, index: Number(focused.dataset.index), typing } : null;
}

// Focus goes back to the same control of the same run, wherever it now
// stands — after Remove, the next run's (the previous one's for the last;
// Import JSON when none is left).
function restoreFocus(held) {
  if (!held) return;
  const count = $('runs').children.length;
  if (count === 0) {
    $('import').focus();
    return;
  }
  const same = $('runs').querySelector(`.${held.kind}[data-run="${held.run}"]`);
  const target = same ?? $('runs').querySelector(`.${held.kind}[data-index="${Math.min(held.index, count - 1)}"]`);
  if (!target) return;
  // A label typed into and not yet set keeps what was typed (unless it was set meanwhile).
  if (held.typing && same && target.value === held.typing.shown) {
    target.value = held.typing.value;
    target.setSelectionRange(held.typing.start, held.typing.end);
  }
  target.focus();
}

// The runs list as last drawn (Rust's summaries): a point that changes
// nothing in it (most of a run's) leaves the list, its focus and what a
// screen reader last read, alone.
let shownRuns = null;

function renderRuns(page) {
  const summaries = page.summaries(language());
  if (summaries === shownRuns) return;
  shownRuns = summaries;
  const runs = JSON.parse(summaries);
  const held = focusInRuns();
  // Import and Add stay offered with no runs (a file or a link may be the first); the rest waits for runs.
  $('compare').toggleAttribute('data-empty', runs.length === 0);
  $('runs').replaceChildren(...runs.map((run, index) => {
    const swatch = swatchOf(run, { title: t('run.swatch') });
    // A text area, not an input: a long label wraps on a phone instead of being cut.
    const label = element('textarea', { className: 'label', value: run.label, maxLength: 80, rows: 1, autocomplete: 'off', spellcheck: false });
    label.setAttribute('aria-label', t('run.label', { n: index + 1 }));
    label.dataset.shown = run.label;
    const about = element('span', { className: 'about', textContent: run.about });
    // A run of several series: which colour is which (legends short of room name only runs).
    const key = run.series.map((series) => element('span', {}, [swatchOf(series), ` ${series.name}`]));
    const runHere = element('button', { type: 'button', className: 'run-here', textContent: t('run.here') });
    const remove = element('button', { type: 'button', className: 'remove', textContent: t('run.remove'), disabled: run.measuring });
    remove.setAttribute('aria-label', t('run.remove.which', { n: index + 1 }));
    for (const control of [label, runHere, remove]) Object.assign(control.dataset, { index: String(index), run: String(run.id) });
    const parts = [swatch, label, about, element('span', { className: 'run-actions' }, [runHere, remove])];
    if (key.length > 0) parts.push(element('span', { className: 'series-key' }, key));
    return element('li', {}, parts);
  }));
  restoreFocus(held);
}

function cell(text, className) {
  return element('td', { textContent: text, className: className || '' });
}

function renderTable(page) {
  const rows = JSON.parse(page.rows(language()));
  $('answers').hidden = rows.length === 0;   // no table of nothing on a fresh page
  // Each cell carries its column's name: on a phone the rows are shown as cards.
  const headers = [...$('points').tHead.rows[0].cells].map((th) => th.textContent);
  $('points').tBodies[0].replaceChildren(...rows.map((r) => {
    const run = element('td', { className: 'run', title: r.run_full }, [swatchOf(r), r.run]);
    const cells = [
      cell(r.workers), run, cell(r.median), cell(r.range), cell(r.speedup), cell(r.efficiency), cell(r.answer),
      cell(r.check, r.verified ? 'ok' : 'bad'), cell(r.threads_used, r.threads_ok ? '' : 'bad'), cell(r.startup),
      cell(r.traffic),
    ];
    cells.forEach((td, i) => { td.dataset.label = headers[i]; });
    return element('tr', {}, cells);
  }));
}

function renderTimeline(page) {
  const names = page.timelineSeries();
  $('timeline-area').hidden = names.length === 0;
  if (names.length === 0) return;
  const series = Math.max(0, names.indexOf(timelineChoice.series));
  const counts = Array.from(page.timelineCounts(series));
  const shown = counts.includes(timelineChoice.k) ? timelineChoice.k : Math.max(...counts);
  const seriesSelect = $('timeline-series');
  seriesSelect.replaceChildren(...names.map((name, i) => new Option(name, String(i))));
  seriesSelect.value = String(series);
  $('timeline-series-label').hidden = names.length < 2;
  const select = $('timeline-k');
  select.replaceChildren(...counts.map((k) => new Option(String(k), String(k))));
  select.value = String(shown);
  const canvas = $('timeline');
  canvas.style.setProperty('--lanes', String(shown));
  const ratio = sizeCanvas(canvas);
  try {
    page.drawTimeline(canvas, series, shown, ratio, language());
    $('timeline-note').textContent = page.timelineNote(series, shown, language());
  } catch (e) {
    showAlert(failure('fail.draw-timeline', { why: String((e && e.message) || e) }));
  }
}

// The Mandelbrot image, computed by the coordinator after a mandelbrot sweep.
export function showPicture(side, rgba) {
  const canvas = $('picture');
  canvas.width = side;
  canvas.height = side;
  canvas.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(rgba), side, side), 0, 0);
  $('picture-area').hidden = false;
}
