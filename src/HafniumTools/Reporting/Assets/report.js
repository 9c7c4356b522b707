(function () {
  'use strict';

  // Sorting: every table marked data-sortable; a header's button sorts by its column, again to reverse.
  function sortKey(row, index) {
    var cell = row.cells[index];
    if (!cell) {
      return '';
    }
    var key = cell.getAttribute('data-sort');
    return key === null ? cell.textContent.trim().toLowerCase() : key;
  }

  function compare(a, b, numeric) {
    if (numeric) {
      return (Number(a) || 0) - (Number(b) || 0);
    }
    return a < b ? -1 : (a > b ? 1 : 0);
  }

  function sortTable(table, header, index) {
    var body = table.tBodies[0];
    var numeric = header.getAttribute('data-type') === 'number';
    var ascending = header.getAttribute('aria-sort') !== 'ascending';
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var order = compare(sortKey(a, index), sortKey(b, index), numeric);
      return ascending ? order : -order;
    });
    Array.prototype.forEach.call(header.parentNode.cells, function (cell) {
      cell.removeAttribute('aria-sort');
    });
    header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    rows.forEach(function (row) {
      body.appendChild(row);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('table[data-sortable]'), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      var button = header.querySelector('button');
      if (button) {
        button.addEventListener('click', function () {
          sortTable(table, header, index);
        });
      }
    });
  });

  // Filtering: a findings table's bar narrows its rows by text, minimum severity and verdict.
  function setUpFilter(bar) {
    var table = document.getElementById(bar.getAttribute('data-filter-for'));
    if (!table) {
      return;
    }
    var search = bar.querySelector('input');
    var severity = bar.querySelector('select[data-filter="severity"]');
    var verdict = bar.querySelector('select[data-filter="verdict"]');
    var count = bar.querySelector('output');
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (row) {
      return row.textContent.toLowerCase();
    });

    function apply() {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var minimum = Number(severity.value) || 0;
      var wanted = verdict.value;
      var shown = 0;
      rows.forEach(function (row, i) {
        var visible = Number(row.getAttribute('data-severity')) >= minimum &&
          (wanted === '' || row.getAttribute('data-verdict') === wanted) &&
          words.every(function (word) {
            return texts[i].indexOf(word) !== -1;
          });
        row.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      count.textContent = shown + ' of ' + rows.length + ' findings shown';
    }

    search.addEventListener('input', apply);
    severity.addEventListener('change', apply);
    verdict.addEventListener('change', apply);
    bar.hidden = false;
    apply();
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-filter-for]'), setUpFilter);

  // Printing shows every detail; the ones the reader had closed close again afterwards.
  var openedForPrint = [];
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details:not([open])'), function (details) {
      details.open = true;
      openedForPrint.push(details);
    });
  });
  window.addEventListener('afterprint', function () {
    openedForPrint.forEach(function (details) {
      details.open = false;
    });
    openedForPrint = [];
  });
}());
