// The comparison panel's glue: copy links, export JSON/CSV/PNG, import
// files, add pasted links, relabel, remove, and "Run this on my device".
// It also keeps the page's address in step with the comparison: the
// fragment is always the comparison's link (history.replaceState), so a
// reload restores it. Decoding, validation and encoding are Rust's (`Page`).
import { $, download, asWords } from './dom.js';
import { t, language, sentence, why } from './i18n.js';
import { isShareFragment, checkFileSize, shownFileName, withoutAutorun } from '../pkg/plain/corescope.js';

let written = null;   // the fragment this page last wrote (its own change, not a new link)
let tooLongNote = null;  // the words of the note shown while the comparison is too large for a link (the address then carries none)

// The share area's note: a function that words it in the page's language,
// kept so a change of language says it again.
let noteWords = null;

function sayNote(words) {
  noteWords = asWords(words);
  $('share-note').textContent = noteWords();
}

// A note in the share area, in place of a link: a string, or a function wording it.
export function showNote(words) {
  sayNote(words);
  $('share-area').hidden = false;
  $('share-link').hidden = true;
}

// The note `words` goes, if it is still the one shown.
export function withdrawNote(words) {
  if (!words || noteWords !== words) return;
  noteWords = null;
  $('share-area').hidden = true;
}

// The note shown, worded again (after a change of language).
export function rewordNote() {
  if (noteWords && !$('share-area').hidden) sayNote(noteWords);
}

// A note on runs added, and on those a link or file held that were already compared.
const withAlready = (note, already) => (already > 0 ? `${note} ${t('note.already', { n: already })}` : note);

// Writes the comparison's link into the address bar (no navigation, no
// history entry); when it is too large for a link, the address carries none
// and a note says so until it fits again.
export function persist(page) {
  let fragment = '';
  try {
    fragment = page.comparisonFragment(language()) ?? '';
    // It fits again: the note goes, unless another has taken its place.
    withdrawNote(tooLongNote);
    tooLongNote = null;
  } catch (e) {
    tooLongNote = why(e);
    showNote(tooLongNote);
  }
  const ours = history.state?.corescope === true;   // this entry already written by the page
  if (fragment === written && ours) return;
  if (fragment !== written && !$('share-link').hidden) $('share-area').hidden = true;   // a link copied before no longer matches
  written = fragment;
  // Once runs are shown the address describes them: a reload, even after the
  // last one is removed, runs nothing (autorun=1 has done its work).
  const kept = withoutAutorun(location.search);
  const search = kept ? `?${kept}` : '';
  const url = `${location.pathname}${search}${fragment ? `#${fragment}` : ''}`;
  // Marked as the page's own: going Back or Forward to it is not a new link.
  history.replaceState({ ...history.state, corescope: true }, '', url);
}

// The fragment of the address, if it is meant to carry runs (a plain #anchor is not).
export function sharedFragment() {
  const fragment = location.hash.slice(1);
  return fragment && isShareFragment(fragment) ? fragment : null;
}

export function markWritten(fragment) {
  written = fragment;
}

function stamp() {
  return new Date().toISOString().slice(0, 19).replace(/:/g, '');
}

async function copy(text) {
  const box = $('share-link');
  box.hidden = false;   // a note shown before may have hidden it
  box.value = text;
  $('share-area').hidden = false;
  box.select();
  try {
    await navigator.clipboard.writeText(text);
    sayNote(() => t('share.copied', { n: text.length }));
  } catch {
    sayNote(() => t('share.select', { n: text.length }));
  }
}

// `hooks`: { changed(), refuse(words), note(words), runConfig(json) }; words: a string, or a function wording it.
export function wireComparison(page, hooks) {
  // `words(reason)`: the refusal as the page says it (the reason alone by
  // default), worded again when the page's language changes.
  const guarded = (action, words = (reason) => reason) => (...args) => {
    try {
      action(...args);
    } catch (e) {
      const reason = why(e);
      // A note on an earlier action, shown by the control, would read as this one's outcome.
      $('share-area').hidden = true;
      hooks.refuse(() => words(reason()));
    }
  };
  // A link, or why there is none (too large for one).
  const share = (link) => {
    let url;
    try {
      url = link(language());
    } catch (e) {
      hooks.note(why(e));   // a Refusal: worded again when the language changes
      return;
    }
    if (url) copy(url);
  };
  $('copy-link').addEventListener('click', () => share((lang) => page.lastRunUrl(lang)));
  $('copy-comparison').addEventListener('click', () => share((lang) => page.comparisonUrl(lang)));
  $('export').addEventListener('click', () => {
    const json = page.exportJson();
    if (!json) return;
    const c = JSON.parse(json).config;
    download(`corescope-${c.workload}-${c.model}-${stamp()}.json`, new Blob([json], { type: 'application/json' }));
  });
  // Every run compared, as one file Import JSON reads back (an array of results documents).
  $('export-all').addEventListener('click', () => {
    download(`corescope-comparison-${stamp()}.json`, new Blob([page.runs()], { type: 'application/json' }));
  });
  $('export-csv').addEventListener('click', () => {
    download(`corescope-comparison-${stamp()}.csv`, new Blob([page.csv()], { type: 'text/csv' }));
  });
  for (const button of document.querySelectorAll('button.png')) {
    button.addEventListener('click', () => {
      const canvas = $(button.dataset.canvas);
      canvas.toBlob((blob) => blob && download(`corescope-${button.dataset.canvas.replace('chart-', '')}-${stamp()}.png`, blob), 'image/png');
    });
  }
  $('import').addEventListener('change', async () => {
    const input = $('import');
    const file = input.files[0];
    input.value = '';
    if (!file) return;
    const name = shownFileName(file.name);
    const notImported = (reason) => t('error.file', { file: name, reason: sentence(reason) });
    try {
      checkFileSize(file.size, language());   // before the file is read into memory
    } catch (e) {
      const reason = why(e);
      hooks.refuse(() => notImported(reason()));
      return;
    }
    const text = await file.text();
    guarded(() => {
      const [count, already] = page.importFile(text);
      hooks.note(() => withAlready(t('note.imported', { n: count, file: name }), already));
      hooks.changed();
    }, notImported)();
  });
  $('add-link-form').addEventListener('submit', (event) => {
    event.preventDefault();
    guarded(() => {
      const [count, already] = page.addLink($('add-link').value);
      $('add-link').value = '';
      hooks.note(() => withAlready(t('note.added', { n: count }), already));
      hooks.changed();
    }, (reason) => t('error.add', { reason: sentence(reason) }))();
  });
  // The runs list is rebuilt on every change: its events are delegated. A
  // label is set when it is left or with Enter (it is one line), whatever
  // was typed — also across a rebuild during a run, which carries the typing
  // over and so leaves no `change` to come.
  const setLabel = guarded((label) => {
    if (label.value === label.dataset.shown) return;
    page.relabel(Number(label.dataset.index), label.value);
    label.dataset.shown = label.value;
    // Redrawn once the focus has landed: on leaving the field, the next
    // control does not have it yet, and the list gives it back.
    setTimeout(hooks.changed);
  });
  $('runs').addEventListener('focusout', (event) => {
    if (event.target.matches('.label') && event.target.isConnected) setLabel(event.target);
  });
  $('runs').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.target.matches('.label')) {
      event.preventDefault();
      setLabel(event.target);
    }
  });
  $('runs').addEventListener('click', guarded((event) => {
    const button = event.target.closest('button');
    if (!button) return;
    const index = Number(button.dataset.index);
    if (button.classList.contains('remove')) {
      page.remove(index);
      $('share-area').hidden = true;   // a note about what was there before is stale
      hooks.changed();
    } else if (button.classList.contains('run-here')) {
      hooks.runConfig(page.configOf(index));
    }
  }));
  // A link entered in this tab's address bar (a new history entry, not the
  // page's): its runs join the comparison, as Add link's do (also during a
  // run), so nothing measured is lost. Going Back or Forward to an entry the
  // page wrote changes nothing. Either way the address then carries the
  // comparison again, even when the link is refused, so a reload shows what
  // the page shows. (A link to another address — this page with another
  // query — is a navigation: the page opens on it, and Back returns here.)
  window.addEventListener('hashchange', () => {
    const fragment = sharedFragment();
    const ours = history.state?.corescope === true;
    if (!fragment && !ours) return;   // an anchor, not ours to rewrite
    if (fragment && !ours && fragment !== written) {
      guarded(() => {
        const [count, already] = page.addLink(fragment);
        hooks.note(() => withAlready(t('note.added', { n: count }), already));
        hooks.changed();
      }, (reason) => t('error.link', { reason: sentence(reason) }))();
    }
    written = null;
    persist(page);
  });
}
