/* global document, window */
// The quick-exit control: the button (a plain link without this script) and the Escape key both leave
// for a neutral page, replacing this page in the history so Back does not return to it. The page is
// blanked first, so nothing stays on screen while the other site loads.
(function () {
  'use strict';
  var link = document.querySelector('[data-quick-exit]');
  if (!link) return;
  var target = link.getAttribute('href');

  function leave(event) {
    if (event) event.preventDefault();
    document.body.hidden = true;
    document.title = 'Wikipedia';
    window.location.replace(target);
  }

  link.addEventListener('click', leave);
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' || event.key === 'Esc') leave(event);
  });
})();
