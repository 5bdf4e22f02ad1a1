/* tracuu search suggestions: a combobox for a search box (WAI-ARIA 1.2 pattern).
 *
 * On tracuu's own pages, tracuu.js attaches it to the search box. On another site
 * (docs/web.md), a form with data-tracuu="https://tracuu.example" gets it
 * automatically: the suggestions come from that server's /api/suggest, which must list
 * the site in its --cors origins. No inline script, no dependencies, no build step.
 *
 * Keys: ArrowDown/ArrowUp move through the list, Enter takes the highlighted
 * suggestion and searches, Escape closes the list (and clears the box when it was
 * already closed, as a native search box does).
 */
(function () {
  'use strict';

  var counter = 0;

  function attach(input, base, options) {
    options = options || {};
    if (!input || input.getAttribute('data-tracuu-attached')) return;
    input.setAttribute('data-tracuu-attached', '1');
    var id = input.id || ('tracuu-q-' + (++counter));
    input.id = id;
    var list = document.createElement('ul');
    list.id = id + '-suggestions';
    list.className = 'suggestions tracuu-suggestions';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'Gợi ý tìm kiếm');
    list.hidden = true;
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('autocomplete', 'off');
    var host = input.parentNode;
    if (options.styled) styleEmbedded(host, input, list);
    host.appendChild(list);

    var items = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var lastAsked = null;

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function highlight(i) {
      if (active >= 0 && items[active]) items[active].setAttribute('aria-selected', 'false');
      active = i;
      if (active >= 0 && items[active]) {
        items[active].setAttribute('aria-selected', 'true');
        input.setAttribute('aria-activedescendant', items[active].id);
        if (options.styled) paint();
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }

    function paint() {
      for (var i = 0; i < items.length; i++)
        items[i].style.background = i === active ? '#dbe7f5' : '';
    }

    function choose(i) {
      if (!items[i]) return;
      input.value = items[i].getAttribute('data-value');
      close();
      var form = input.form;
      if (!form) return;
      if (typeof form.requestSubmit === 'function') form.requestSubmit();
      else form.submit();
    }

    function render(query, suggestions) {
      while (list.firstChild) list.removeChild(list.firstChild);
      items = [];
      active = -1;
      /* Which text the list answers: a reply can land after more typing. */
      list.setAttribute('data-query', query);
      suggestions.forEach(function (s, i) {
        var li = document.createElement('li');
        li.id = list.id + '-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.setAttribute('data-value', s.text);
        var text = document.createElement('span');
        text.textContent = s.text;
        li.appendChild(text);
        if (typeof s.count === 'number' && s.count > 0) {
          var count = document.createElement('span');
          count.className = 'count';
          count.textContent = s.count + ' tài liệu';
          li.appendChild(count);
        }
        if (options.styled) {
          li.style.padding = '6px 10px';
          li.style.cursor = 'pointer';
          li.style.display = 'flex';
          li.style.justifyContent = 'space-between';
          li.style.gap = '12px';
        }
        /* mousedown, not click: the box must not lose focus first. */
        li.addEventListener('mousedown', function (ev) {
          ev.preventDefault();
          choose(i);
        });
        list.appendChild(li);
        items.push(li);
      });
      if (items.length && document.activeElement === input && input.value === query) {
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
      } else {
        close();
      }
    }

    function ask() {
      var q = input.value;
      if (q === lastAsked) return;
      lastAsked = q;
      if (!q.trim()) {
        render(q, []);
        return;
      }
      if (controller) controller.abort();
      controller = typeof AbortController === 'function' ? new AbortController() : null;
      var url = base + '/api/suggest?limit=8&q=' + encodeURIComponent(q);
      fetch(url, { signal: controller ? controller.signal : undefined, credentials: 'omit' })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (doc) { render(q, doc.suggestions || []); })
        .catch(function () { /* aborted or offline: the box still searches */ });
    }

    input.addEventListener('input', function () {
      /* A highlighted suggestion belongs to the text before this keystroke;
         Enter must now search what was typed, not that stale choice. */
      highlight(-1);
      clearTimeout(timer);
      timer = setTimeout(ask, 120);
    });
    input.addEventListener('keydown', function (ev) {
      var open = !list.hidden && items.length > 0;
      if (ev.key === 'ArrowDown') {
        if (!open && items.length) {
          list.hidden = false;
          input.setAttribute('aria-expanded', 'true');
        }
        if (items.length) highlight((active + 1) % items.length);
        ev.preventDefault();
      } else if (ev.key === 'ArrowUp') {
        if (open) highlight(active <= 0 ? items.length - 1 : active - 1);
        ev.preventDefault();
      } else if (ev.key === 'Enter') {
        if (open && active >= 0) {
          ev.preventDefault();
          choose(active);
        } else {
          close();
        }
      } else if (ev.key === 'Escape') {
        if (open) {
          ev.preventDefault();
          close();
        }
      }
    });
    input.addEventListener('blur', function () { setTimeout(close, 100); });
    return { close: close };
  }

  /* On a foreign page tracuu.css is absent: the list gets its looks from here. */
  function styleEmbedded(host, input, list) {
    if (getComputedStyle(host).position === 'static') host.style.position = 'relative';
    /* Written as the rule tracuu.css would have; the list is new, with no style yet. */
    list.style.cssText =
      'position: absolute; top: 100%; z-index: 1000; box-sizing: border-box; ' +
      'left: ' + input.offsetLeft + 'px; width: ' + Math.max(input.offsetWidth, 280) + 'px; ' +
      'max-width: 100vw; margin: 2px 0 0; padding: 4px 0; list-style: none; ' +
      'background: #fff; color: #1a1a1a; border: 1px solid #6b7280; border-radius: 6px; ' +
      'box-shadow: 0 6px 18px rgba(0,0,0,.15); text-align: left;';
  }

  window.TracuuSuggest = { attach: attach };

  function embedAll() {
    var forms = document.querySelectorAll('form[data-tracuu]');
    for (var i = 0; i < forms.length; i++) {
      var base = forms[i].getAttribute('data-tracuu').replace(/\/+$/, '');
      attach(forms[i].querySelector('input[name="q"]'), base, { styled: true });
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', embedAll);
  else embedAll();
})();
