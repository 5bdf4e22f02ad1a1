/* tracuu's own pages: suggestions in the search box (embed.js) and instant results.
 *
 * Everything works without this script: the forms are plain GET forms and the server
 * renders the results. With it, the results of / follow the typing: the page fetches
 * itself with the new query and swaps in the server-rendered #results (the same HTML
 * a reload would give), and history.replaceState keeps the address in step, so that
 * reload, back and a shared link show what is on screen. No inline script: the
 * Content-Security-Policy allows only files from this server.
 */
(function () {
  'use strict';

  function instantResults(form, input, results) {
    var timer = null;
    var controller = null;
    var shown = input.value;

    function url() {
      var params = new URLSearchParams(new FormData(form));
      return form.getAttribute('action') + '?' + params.toString();
    }

    function update() {
      var q = input.value;
      if (q === shown || q.trim().length < 2) return;
      if (controller) controller.abort();
      controller = new AbortController();
      var target = url();
      fetch(target, { signal: controller.signal, headers: { Accept: 'text/html' } })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          if (input.value !== q) return;
          var doc = new DOMParser().parseFromString(html, 'text/html');
          var fresh = doc.getElementById('results');
          if (!fresh) return;
          results.replaceChildren.apply(results, Array.prototype.slice.call(fresh.childNodes)
            .map(function (n) { return document.importNode(n, true); }));
          document.title = doc.title;
          shown = q;
          history.replaceState(null, '', target);
        })
        .catch(function () { /* aborted: a newer query is on its way */ });
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(update, 350);
    });
  }

  function start() {
    var input = document.querySelector('input[data-suggest]');
    if (!input || !window.TracuuSuggest) return;
    window.TracuuSuggest.attach(input, '');
    var results = document.getElementById('results');
    if (input.form && results && typeof AbortController === 'function' &&
        typeof DOMParser === 'function' && window.history && history.replaceState)
      instantResults(input.form, input, results);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
