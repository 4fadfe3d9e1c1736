// The page's words: the table for the chosen language comes from Rust
// (src/i18n), this puts it into every element marked data-i18n and fills
// `{name}` places for the texts built here. Text only, never markup.
import { pageText } from '../pkg/plain/corescope.js';

let table = {};
let current = 'en';

export const language = () => current;

export function setLanguage(code) {
  current = code;
  table = JSON.parse(pageText(code));
  document.documentElement.lang = code;
  for (const element of document.querySelectorAll('[data-i18n]')) {
    const text = table[element.dataset.i18n];
    if (text !== undefined) element.textContent = text;
  }
  for (const [selector, attribute] of [['data-i18n-aria', 'aria-label'], ['data-i18n-placeholder', 'placeholder']]) {
    for (const element of document.querySelectorAll(`[${selector}]`)) {
      const text = table[element.getAttribute(selector)];
      if (text !== undefined) element.setAttribute(attribute, text);
    }
  }
  if (table.title) document.title = table.title;
  const select = document.getElementById('lang');
  if (select) select.value = code;
}

// For n = 1 the table's "key.one" text, where it has one (as the Rust views choose).
export function t(key, values = {}) {
  const text = (Number(values.n) === 1 && table[`${key}.one`]) || table[key];
  return (text ?? key).replace(/\{(\w+)\}/g, (place, name) => (name in values ? String(values[name]) : place));
}

// A message as a sentence of its own (a full stop unless it has its own
// ending), so the words a template puts around it read well.
export const sentence = (text) => (/[.?!…]$/.test(text) ? text : `${text}.`);

// Why something failed, as a function that words it in the page's language
// when called: a refusal from Rust (`Refusal`: a link or file) is worded
// again in each language; any other error keeps the words it came with.
export const why = (e) => () => (typeof e?.wordedIn === 'function' ? e.wordedIn(current) : String((e && e.message) || e));

// A failure named by its key in the page's text (a Worker's, the
// coordinator's), as a function that words it when called; `why` is the
// browser's own words, which may be none.
export const failure = (key, values = {}) => () => t(key, { ...values, why: values.why || t('fail.no-reason') });
