// How the page stands with where it is served and shown: the service worker
// (offline use; COOP/COEP on hosts that cannot send them) and frames of
// other sites. Glue only.
import { showAlert } from './dom.js';
import { t } from './i18n.js';

// The service worker caches the site for offline use and, on hosts that
// cannot send COOP/COEP, adds them: one reload then makes the page isolated.
// Resolves to true when the page is about to reload.
export async function startServiceWorker() {
  if (!('serviceWorker' in navigator)) return false;
  try {
    const registration = await navigator.serviceWorker.register('sw.js');
    if (self.crossOriginIsolated === true || navigator.serviceWorker.controller) return false;
    const timeout = new Promise((resolve) => setTimeout(resolve, 5000));
    await Promise.race([navigator.serviceWorker.ready, timeout]);
    const reloadedOnce = sessionStorage.getItem('corescope-isolation-reload') !== null;
    if (!reloadedOnce && registration.active) {
      sessionStorage.setItem('corescope-isolation-reload', '1');
      location.reload();
      return true;
    }
  } catch {
    // No service worker (private mode, file:// …): the page works without it.
  }
  return false;
}

// Inside another site's frame a link could start hours of work unseen: such a
// page never starts by itself. (Where headers are set, frame-ancestors 'none'
// keeps it out of frames altogether.)
export function framedByAnotherSite() {
  if (window.top === window.self) return false;
  try {
    return window.top.location.origin !== location.origin;
  } catch {
    return true;   // the top page's location is unreadable: another origin
  }
}

export function showFramedNotice() {
  // The address as it is now (autorun=1 included: the page's own writes later drop it).
  const href = location.href;
  showAlert(() => [t('framed.notice'), ' ', Object.assign(document.createElement('a'), { href, target: '_blank', rel: 'noopener', textContent: t('framed.open') })]);
}
