/* scrutinypack search page: Pagefind's index, queried in the browser.
   The form works without this script only as far as it can (the page explains); with it,
   results appear as you type and the filters narrow them. Nothing is fetched from anywhere
   but the site itself. */
(function () {
  'use strict';
  var form = document.getElementById('search-form');
  if (!form || !window.URL || !window.URLSearchParams) { return; }
  var input = document.getElementById('q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('results');
  var more = document.getElementById('results-more');
  var selects = Array.prototype.slice.call(form.querySelectorAll('select'));
  var PAGE = 20;
  var loading = null;
  var found = [];
  var shown = 0;
  var run = 0;
  var timer = null;

  function load() {
    if (!loading) {
      var url = new URL(form.getAttribute('data-pagefind'), document.baseURI).href;
      // A large site's index comes in parts (pagefind/, pagefind-2/, …), merged here.
      var parts = (form.getAttribute('data-pagefind-more') || '').split(' ').filter(Boolean);
      loading = import(url).then(function (pagefind) {
        return parts.reduce(function (ready, part) {
          return ready.then(function () {
            return pagefind.mergeIndex(new URL(part, document.baseURI).href);
          });
        }, pagefind.options({ excerptLength: 24 })).then(function () { return pagefind; });
      });
    }
    return loading;
  }

  function unavailable(error) {
    var box = document.getElementById('search-unavailable');
    var reason = document.getElementById('search-unavailable-reason');
    if (location.protocol === 'file:') {
      reason.textContent = 'Search cannot run here: this copy of the site was opened straight ' +
        'from a disk or file share, and browsers do not let a page read its search index that way.';
    } else {
      reason.textContent = 'Search could not be started in this browser.';
    }
    box.hidden = false;
    document.querySelector('.search-results').hidden = true;
    if (window.console && error) { console.warn('search unavailable:', error); }
  }

  function chosenFilters() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) { filters[select.name] = select.value; }
    });
    return filters;
  }

  function describe(term, filters) {
    var chosen = Object.keys(filters).map(function (name) {
      var label = form.querySelector('label[for="filter-' + name + '"]').textContent;
      return label.toLowerCase() + ': ' + filters[name];
    });
    return (term ? ' for \u201c' + term + '\u201d' : '') + (chosen.length ? ' (' + chosen.join(', ') + ')' : '');
  }

  function remember(term, filters) {
    var params = new URLSearchParams();
    if (term) { params.set('q', term); }
    Object.keys(filters).forEach(function (name) { params.set(name, filters[name]); });
    var query = params.toString();
    history.replaceState(null, '', location.pathname + (query ? '?' + query : ''));
  }

  function search() {
    var term = input.value.trim();
    var filters = chosenFilters();
    var mine = ++run;
    remember(term, filters);
    if (!term && !Object.keys(filters).length) {
      found = [];
      list.innerHTML = '';
      more.hidden = true;
      status.textContent = 'Type a word or two, or choose a filter.';
      return;
    }
    status.textContent = 'Searching\u2026';
    load().then(function (pagefind) {
      return pagefind.search(term || null, { filters: filters });
    }).then(function (response) {
      if (mine !== run || !response) { return; }
      found = response.results;
      shown = 0;
      list.innerHTML = '';
      return showMore(mine).then(function () {
        if (mine !== run) { return; }
        status.textContent = (found.length === 0 ? 'No results' :
          found.length + (found.length === 1 ? ' result' : ' results')) + describe(term, filters) + '.';
      });
    }).catch(unavailable);
  }

  function showMore(mine) {
    var page = found.slice(shown, shown + PAGE);
    shown += page.length;
    return Promise.all(page.map(function (result) { return result.data(); })).then(function (pages) {
      if (mine !== run) { return; }
      pages.forEach(function (data) { list.appendChild(item(data)); });
      more.hidden = shown >= found.length;
    });
  }

  function item(data) {
    var li = document.createElement('li');
    li.className = 'result';
    var heading = document.createElement('h3');
    var link = document.createElement('a');
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    li.appendChild(heading);
    var filters = data.filters || {};
    var facts = [].concat(filters.type || [], filters.service || [], filters.status || [],
      (filters.type || [])[0] === 'Proposal' ? [] : filters.committee || []);
    if (facts.length) {
      var meta = document.createElement('p');
      meta.className = 'result-meta';
      meta.textContent = facts.join(' \u00b7 ');
      li.appendChild(meta);
    }
    var excerpt = document.createElement('p');
    excerpt.innerHTML = data.excerpt;   // Pagefind's text of our own pages, with <mark> around matches
    li.appendChild(excerpt);
    return li;
  }

  var params = new URLSearchParams(location.search);
  input.value = params.get('q') || '';
  selects.forEach(function (select) {
    var wanted = params.get(select.name);
    if (wanted && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
      select.value = wanted;
    }
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(search, 300);
  });
  selects.forEach(function (select) { select.addEventListener('change', search); });
  more.addEventListener('click', function () {
    var before = list.children.length;
    showMore(run).then(function () {
      var next = list.children[before];
      if (next) { next.querySelector('a').focus(); }
    });
  });
  load().catch(unavailable);   // early, so a copy opened from a disk says at once that it cannot search
  if (input.value || Object.keys(chosenFilters()).length) { search(); }
})();
