// Opens the control detail a link points to, and the details of controls that need work before printing.
(function () {
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") {
      target.open = true;
      target.scrollIntoView({ block: "start" });
    }
  }
  window.addEventListener("hashchange", openTarget);
  // On paper, the controls that need work show their detail; the rest stay one line each.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll('details.control[data-status="partial"], details.control[data-status="not_met"]')
      .forEach(function (d) { d.open = true; });
  });
  openTarget();
})();
