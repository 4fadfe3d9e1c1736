// Small DOM helpers shared by the page's modules: finding elements,
// the alert, the status line, downloads and canvas sizing. Stranger-supplied
// text only ever goes in with textContent.

export const $ = (id) => document.getElementById(id);
export const root = document.documentElement;
// The browser's logical processors (1 when it does not say).
export const hardwareConcurrency = navigator.hardwareConcurrency || 1;

// Words shown on the page (the alert, the share area's note) come as a
// string, or as a function that words them in the page's language, kept so a
// change of language says them again: either way, a function.
export const asWords = (words) => (typeof words === 'function' ? words : () => words);

// The alert's words (strings and nodes).
let alertWords = null;

function sayAlert(words) {
  alertWords = asWords(words);
  const alert = $('alert');
  alert.replaceChildren(...[].concat(alertWords()));   // text nodes only: messages can quote URL input
  alert.hidden = false;
  return alert;
}

export function showAlert(words) {
  const alert = sayAlert(words);
  // Said where it is seen: a refusal of a control far down the page (Add, Import) would be off-screen.
  const { top, bottom } = alert.getBoundingClientRect();
  if (top < 0 || bottom > window.innerHeight) alert.scrollIntoView({ block: 'nearest' });
}

// The alert shown, worded again (after a change of language), where it is.
export function rewordAlert() {
  if (alertWords && !$('alert').hidden) sayAlert(alertWords);
}

export function clearAlert() {
  alertWords = null;
  $('alert').hidden = true;
  $('alert').textContent = '';
}

export function setStatus(text, done = null, total = null) {
  // The status is a live region: the same words again are not news (a
  // warm-up said its line a dozen times), so they are not written again.
  if ($('status').textContent !== text) $('status').textContent = text;
  if (done !== null) {
    $('progress').max = total;
    $('progress').value = done;
  }
}

// Offers `blob` as a download named `name`.
export function download(name, blob) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

// plotters-canvas ignores devicePixelRatio: the backing store is sized here.
export function sizeCanvas(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  return ratio;
}

export function element(tag, props = {}, children = []) {
  const el = document.createElement(tag);
  Object.assign(el, props);
  el.append(...children);
  return el;
}
