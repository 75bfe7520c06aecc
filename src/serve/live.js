// cahier serve: live reload and the build-error overlay. Served at /_cahier/live.js and added
// to HTML responses of the preview only (never to files on disk).
//
// The server sends one message per build on /_cahier/events: {"build": N, "error": null|"…"},
// N being the last good build. The page knows the build it came from (data-build). A new good
// build reloads the page, keeping the scroll position; an error shows an overlay
// (role="alert") with the messages, until the next good build.
(function () {
  'use strict';
  var script = document.currentScript;
  var loaded = Number(script && script.dataset.build) || 0;
  var key = 'cahier-scroll:' + location.pathname;
  var OVERLAY = 'cahier-error-overlay';

  function restoreScroll() {
    var saved = sessionStorage.getItem(key);
    if (saved === null) return;
    sessionStorage.removeItem(key);
    window.scrollTo(0, Number(saved) || 0);
  }
  if (document.readyState === 'complete') restoreScroll();
  else window.addEventListener('load', restoreScroll);

  function reload() {
    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (e) { /* private mode */ }
    location.reload();
  }

  function hideOverlay() {
    var old = document.getElementById(OVERLAY);
    if (old) old.remove();
  }

  // The overlay speaks the page's language (the messages themselves are the terminal's).
  var french = /^fr\b/i.test(document.documentElement.lang || '');
  var WORDS = french
    ? { title: 'La génération a échoué : la dernière version valide est affichée', hide: 'Masquer', lang: 'fr' }
    : { title: 'The build failed: showing the last good build', hide: 'Hide', lang: 'en' };

  function showOverlay(text) {
    hideOverlay();
    var box = document.createElement('div');
    box.id = OVERLAY;
    box.setAttribute('role', 'alert');
    box.setAttribute('lang', WORDS.lang);
    var s = box.style;
    s.position = 'fixed'; s.left = '0'; s.right = '0'; s.bottom = '0'; s.zIndex = '2147483647';
    s.maxHeight = '60vh'; s.overflow = 'auto'; s.margin = '0'; s.padding = '1rem 1.25rem';
    s.background = '#fff3f3'; s.color = '#1a1a1a'; s.borderTop = '4px solid #b00020';
    s.font = '16px/1.4 system-ui, sans-serif'; s.boxShadow = '0 -2px 12px rgba(0,0,0,.3)';
    var title = document.createElement('h2');
    title.textContent = WORDS.title;
    title.style.margin = '0 0 .5rem'; title.style.fontSize = '1.1rem'; title.style.color = '#b00020';
    var pre = document.createElement('pre');
    pre.textContent = text;
    pre.style.whiteSpace = 'pre-wrap'; pre.style.margin = '0'; pre.style.font = '14px/1.4 ui-monospace, monospace';
    var close = document.createElement('button');
    close.type = 'button';
    close.textContent = WORDS.hide;
    close.style.marginTop = '.5rem';
    close.addEventListener('click', hideOverlay);
    box.append(title, pre, close);
    document.body.appendChild(box);
  }

  if (!window.EventSource) return;
  var source = new EventSource('/_cahier/events');
  source.onmessage = function (message) {
    var state;
    try { state = JSON.parse(message.data); } catch (e) { return; }
    if (state.error) { showOverlay(state.error); return; }
    if (state.build !== loaded) { reload(); return; }
    hideOverlay();
  };
})();
