// The office's pages swap parts of the page with htmx. After a swap htmx copies a few attributes
// from the old element to the new one ("settling"); copying `style` is an inline style, which the
// site's Content Security Policy refuses, so the office's pages settle classes and sizes only.
// Deferred scripts run in page order and this one comes before htmx: wait until all have run.
document.addEventListener("DOMContentLoaded", function () {
  if (window.htmx) {
    window.htmx.config.attributesToSettle = ["class", "width", "height"];
  }
});
