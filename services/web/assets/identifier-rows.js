/* global document */
// "Add another detail" without a round trip: copies the last row, empties it, numbers its fields and
// labels on, and moves the focus to its first control. Without this script the button asks the server
// for the same form with one more row.
(function () {
  'use strict';
  var list = document.querySelector('[data-identifier-rows]');
  var button = document.querySelector('[data-add-identifier]');
  if (!list || !button) return;
  // A scan's limit, as the page gives it (shared/domain/identifier.ts); without it, the server adds rows.
  var MAX_ROWS = Number(list.getAttribute('data-max-rows'));
  if (!(MAX_ROWS > 0)) return;

  function renumber(row, index) {
    row.querySelectorAll('[id], [for], [name], [aria-describedby]').forEach(function (element) {
      ['id', 'for', 'aria-describedby'].forEach(function (attribute) {
        var value = element.getAttribute(attribute);
        if (value)
          element.setAttribute(attribute, value.replace(/identifiers-\d+-/g, 'identifiers-' + index + '-'));
      });
      var name = element.getAttribute('name');
      if (name)
        element.setAttribute('name', name.replace(/^identifiers\[\d+\]/, 'identifiers[' + index + ']'));
    });
    row.querySelectorAll('.visually-hidden').forEach(function (element) {
      element.textContent = element.textContent.replace(/\d+/, String(index + 1));
    });
  }

  button.addEventListener('click', function (event) {
    var rows = list.querySelectorAll('[data-identifier-row]');
    if (rows.length >= MAX_ROWS) return;
    event.preventDefault();
    var copy = rows[rows.length - 1].cloneNode(true);
    // A copied row starts clean: no value, no tick, no problem message from the last submission.
    copy.querySelectorAll('.field-error').forEach(function (element) {
      element.remove();
    });
    copy.querySelectorAll('[aria-invalid]').forEach(function (element) {
      element.removeAttribute('aria-invalid');
      var describedBy = (element.getAttribute('aria-describedby') || '')
        .split(' ')
        .filter(function (id) {
          return id && !/-error$/.test(id);
        })
        .join(' ');
      if (describedBy) element.setAttribute('aria-describedby', describedBy);
      else element.removeAttribute('aria-describedby');
    });
    copy.querySelectorAll('.field--error').forEach(function (element) {
      element.classList.remove('field--error');
    });
    copy.querySelectorAll('input[type="text"]').forEach(function (input) {
      input.value = '';
      input.setAttribute('value', '');
    });
    copy.querySelectorAll('input[type="checkbox"]').forEach(function (input) {
      input.checked = false;
      input.removeAttribute('checked');
    });
    renumber(copy, rows.length);
    list.appendChild(copy);
    var first = copy.querySelector('select, input');
    if (first) first.focus();
  });
})();
