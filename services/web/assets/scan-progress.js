/* global document, EventSource */
// Live progress of a scan: listens to /scans/:id/events and updates the page's table, the status line
// and, once the scan has ended, shows the link to the report. Without this script the page has a
// refresh link instead.
(function () {
  'use strict';
  var root = document.querySelector('[data-scan-progress]');
  if (!root || typeof EventSource === 'undefined') return;
  var heading = root.querySelector('[data-progress-heading]');
  var status = root.querySelector('[data-progress-status]');
  var ready = root.querySelector('[data-report-ready]');
  var refresh = root.querySelector('[data-refresh]');

  function setText(element, text) {
    if (element && element.textContent !== text) element.textContent = text;
  }

  function update(progress) {
    setText(status, progress.statusText);
    progress.sources.forEach(function (source) {
      var row = root.querySelector('tr[data-source="' + source.id.replace(/[^A-Za-z0-9_-]/g, '') + '"]');
      if (!row) return;
      setText(row.querySelector('[data-field="status"]'), source.statusText);
      setText(row.querySelector('[data-field="searches"]'), source.searchesText);
      setText(row.querySelector('[data-field="pages"]'), source.pagesText);
      setText(row.querySelector('[data-field="coverage"]'), source.coverageText);
    });
    if (progress.ended) {
      setText(heading, 'Scan finished');
      document.title = document.title.replace('Scan in progress', 'Scan finished');
      if (ready) ready.hidden = false;
      if (refresh) refresh.hidden = true;
    }
  }

  if (refresh) refresh.hidden = true;
  var events = new EventSource(root.getAttribute('data-events'));
  events.addEventListener('progress', function (event) {
    update(JSON.parse(event.data));
  });
  events.addEventListener('end', function () {
    events.close();
  });
  events.addEventListener('gone', function () {
    events.close();
    if (refresh) refresh.hidden = false;
  });
  events.addEventListener('error', function () {
    // A refused stream (signed out, scan gone) is closed by the browser: offer the refresh link again.
    if (events.readyState === EventSource.CLOSED && refresh) refresh.hidden = false;
  });
})();
