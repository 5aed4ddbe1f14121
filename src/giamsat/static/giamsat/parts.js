// giamsat: the parts of a page not kept when it was computed (the dashboard, the early warnings; ADR 0059).
// Each placeholder <section data-phan> names the address of its part, loaded after the page: the elements of
// the answer replace those with the same id (the sections, their headline boxes, a count), then the charts of
// a section are drawn (dashboard.js, where loaded). Without scripts the placeholder's link opens the part as
// a page of its own.
(function () {
  "use strict";
  var places = document.querySelectorAll("[data-phan]");
  Array.prototype.forEach.call(places, function (place) {
    var url = place.getAttribute("data-phan");
    fetch(url, { headers: { "X-Phan": "1" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var template = document.createElement("template");
        template.innerHTML = html;
        Array.prototype.slice.call(template.content.children).forEach(function (element) {
          var old = element.id && document.getElementById(element.id);
          if (old) old.replaceWith(element);
          if (element.tagName === "SECTION" && window.giamsatDraw) window.giamsatDraw(element);
        });
      })
      .catch(function () {
        // Every place still waiting says so (one request may fill several); the link opens the part alone.
        var waiting = document.querySelectorAll("[aria-busy=true]");
        Array.prototype.forEach.call(waiting, function (section) {
          var status = section.querySelector("[role=status]");
          if (status) {
            status.textContent = "Chưa tải được mục này. ";
            var link = document.createElement("a");
            link.href = url;
            link.textContent = "Mở riêng mục này";
            status.appendChild(link);
          }
          section.removeAttribute("aria-busy");
        });
      });
  });
})();
