// The header's menus: one open at a time, closed by a click elsewhere or Escape; on a phone the menus sit
// behind the "Danh mục" button. Without this file the menus still open (<details>) and are never hidden.
(function () {
  var header = document.querySelector("header.site");
  if (!header) return;
  var toggle = header.querySelector(".menu-toggle");
  var menus = header.querySelectorAll("details.menu");
  header.classList.add("collapsible");
  function closeAll(except) {
    menus.forEach(function (d) { if (d !== except) d.open = false; });
  }
  menus.forEach(function (d) {
    d.addEventListener("toggle", function () { if (d.open) closeAll(d); });
  });
  document.addEventListener("click", function (e) {
    if (!header.contains(e.target)) closeAll(null);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") closeAll(null);
  });
  if (toggle) {
    toggle.addEventListener("click", function () {
      var open = header.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
})();
