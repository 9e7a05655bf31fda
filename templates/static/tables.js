/* scrutinypack tables: sort and filter real <table> markup in the browser.
   Progressive enhancement: without this script every table is complete and readable. With
   it, the column headings of a table.sortable become buttons (aria-sort says the order),
   the filter box before a table.filterable hides the rows that do not match, and a table
   too wide for the screen becomes a labelled region that the keyboard can scroll.
   Group headings and subtotal rows stay in place; totals always count every row. */
(function () {
  'use strict';
  if (!document.querySelector || !window.Intl) { return; }
  var collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

  /* A figure as the site prints it: −0.250, (0.250), £1,224,000, 0.000*; nil or a lone dash
     is nothing, zero. Words (N/A, TBC) and blanks are not figures and sort last either way. */
  function figure(text) {
    var t = text.replace(/[\s\u00a0£,*\u2020\u2021]/g, '');
    if (/^(nil|-|\u2013|\u2014)$/i.test(t)) { return 0; }
    var negative = /^\(.*\)$/.test(t) || /^[\u2212\u2013-]/.test(t);
    t = t.replace(/[()\u2212\u2013-]/g, '').replace(/(k|m|bn|%)$/i, '');
    if (!/^\d+(\.\d+)?$/.test(t)) { return null; }
    return negative ? -parseFloat(t) : parseFloat(t);
  }

  function liveRegion(after) {
    var region = document.createElement('p');
    region.className = 'visually-hidden';
    region.setAttribute('role', 'status');
    after.parentNode.insertBefore(region, after.nextSibling);
    return region;
  }

  function headings(table) {
    var rows = table.tHead ? table.tHead.rows : [];
    return rows.length ? Array.prototype.slice.call(rows[rows.length - 1].cells) : [];
  }

  /* Rows that hold a record: not group headings, subtotals or rows of another shape. */
  function recordRows(tbody, width) {
    return Array.prototype.filter.call(tbody.rows, function (row) {
      return !row.classList.contains('group') && !row.classList.contains('subtotal') &&
        row.cells.length === width;
    });
  }

  function sortable(table) {
    var heads = headings(table);
    var announce = liveRegion(table.closest('.table-wrap') || table);
    heads.forEach(function (th, index) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort-button';
      while (th.firstChild) { button.appendChild(th.firstChild); }
      var icon = document.createElement('span');
      icon.className = 'sort-icon';
      icon.setAttribute('aria-hidden', 'true');
      button.appendChild(icon);
      th.appendChild(button);
      button.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        heads.forEach(function (other) { other.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        sortBy(table, index, th.classList.contains('num'), ascending, heads.length);
        var name = button.textContent.trim();
        announce.textContent = 'Sorted by ' + name + ', ' + (th.classList.contains('num') ?
          (ascending ? 'smallest first' : 'largest first') : (ascending ? 'A to Z' : 'Z to A')) + '.';
      });
    });
    table.classList.add('sortable-ready');
  }

  function sortBy(table, index, numeric, ascending, width) {
    var sign = ascending ? 1 : -1;
    Array.prototype.forEach.call(table.tBodies, function (tbody) {
      var rows = recordRows(tbody, width).map(function (row, position) {
        var text = row.cells[index].textContent.trim();
        return { row: row, position: position, text: text, value: numeric ? figure(text) : text };
      });
      rows.sort(function (a, b) {
        var missingA = numeric ? a.value === null : a.text === '';
        var missingB = numeric ? b.value === null : b.text === '';
        if (missingA !== missingB) { return missingA ? 1 : -1; }
        var order = missingA ? 0 : numeric ? a.value - b.value : collator.compare(a.value, b.value);
        return order * sign || a.position - b.position;
      });
      var end = tbody.querySelector('tr.subtotal');
      rows.forEach(function (r) { tbody.insertBefore(r.row, end); });
    });
  }

  function filterable(control) {
    var wrap = control.nextElementSibling;
    var table = wrap && wrap.querySelector('table');
    if (!table) { return; }
    var width = headings(table).length;
    var input = control.querySelector('input');
    var selects = Array.prototype.slice.call(control.querySelectorAll('select'));
    var status = control.querySelector('.table-filter-status');
    var noun = control.getAttribute('data-noun') || 'rows';
    var all = [];
    Array.prototype.forEach.call(table.tBodies, function (tbody) {
      recordRows(tbody, width).forEach(function (row) {
        all.push({ row: row, tbody: tbody, text: row.textContent.toLowerCase().replace(/\s+/g, ' ') });
      });
    });

    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var chosen = selects.filter(function (s) { return s.value; });
      var shown = 0;
      var visibleBodies = [];
      all.forEach(function (entry) {
        var match = words.every(function (w) { return entry.text.indexOf(w) !== -1; }) &&
          chosen.every(function (s) {
            var cell = entry.row.cells[Number(s.getAttribute('data-column'))];
            return cell && cell.textContent.trim() === s.value;
          });
        entry.row.hidden = !match;
        if (match) {
          shown += 1;
          if (visibleBodies.indexOf(entry.tbody) === -1) { visibleBodies.push(entry.tbody); }
        }
      });
      Array.prototype.forEach.call(table.tBodies, function (tbody) {
        tbody.hidden = visibleBodies.indexOf(tbody) === -1 && recordRows(tbody, width).length > 0;
      });
      if (!words.length && !chosen.length) {
        status.textContent = '';
      } else if (shown === 0) {
        status.textContent = 'No ' + noun + ' match.';
      } else {
        status.textContent = 'Showing ' + shown + ' of ' + all.length + ' ' + noun + '.' +
          (table.tFoot && shown !== all.length ? ' The totals are for all ' + all.length + '.' : '');
      }
    }
    input.addEventListener('input', apply);
    selects.forEach(function (s) { s.addEventListener('change', apply); });
    if (input.value || selects.some(function (s) { return s.value; })) {
      apply();   // a browser may restore what was typed before going back to the page
    }
  }

  /* A table wider than the screen scrolls inside its box; make that box reachable and named. */
  function scrollable(wrap) {
    var caption = wrap.querySelector('caption');
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      wrap.setAttribute('tabindex', '0');
      wrap.setAttribute('role', 'region');
      wrap.setAttribute('aria-label', (caption ? caption.textContent.trim() : 'Table') +
        ' (scroll sideways to see every column)');
    } else if (wrap.getAttribute('role') === 'region') {
      wrap.removeAttribute('tabindex');
      wrap.removeAttribute('role');
      wrap.removeAttribute('aria-label');
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), sortable);
    Array.prototype.forEach.call(document.querySelectorAll('.table-filter'), filterable);
    var wraps = document.querySelectorAll('.table-wrap');
    var check = function () { Array.prototype.forEach.call(wraps, scrollable); };
    check();
    var pending = null;
    window.addEventListener('resize', function () {
      clearTimeout(pending);
      pending = setTimeout(check, 150);
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
