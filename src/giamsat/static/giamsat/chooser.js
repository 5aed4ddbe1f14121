// The organization chooser (organizations/chooser.py): suggestions while one types, from
// /api/v1/organizations/choices. Without this file the text box still works: the server reads the name or code.
// One organization: the box itself gets the suggestions. Several (a textarea, one a line): a search box above
// it; choosing a suggestion adds it as a new line.
(function () {
  var boxes = document.querySelectorAll("[data-chooser]");
  var counter = 0;
  function suggest(input, url) {
    var list = document.createElement("datalist");
    list.id = "chooser-list-" + (++counter);
    input.setAttribute("list", list.id);
    input.parentNode.insertBefore(list, input.nextSibling);
    var timer = null, asked = "";
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (q.length < 2 || q === asked) return;
      clearTimeout(timer);
      timer = setTimeout(function () {
        asked = q;
        fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(q), {credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (rows) {
            list.textContent = "";
            rows.forEach(function (row) {
              var option = document.createElement("option");
              option.value = row.label;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 200);
    });
    return list;
  }
  boxes.forEach(function (box) {
    var url = box.getAttribute("data-chooser");
    if (box.tagName !== "TEXTAREA") { suggest(box, url); return; }
    var search = document.createElement("input");
    search.type = "search";
    search.placeholder = "Tìm cơ quan để thêm vào danh sách";
    search.setAttribute("aria-label", "Tìm cơ quan để thêm vào danh sách");
    box.parentNode.insertBefore(search, box);
    var list = suggest(search, url);
    search.addEventListener("change", function () {
      var chosen = search.value.trim();
      var known = Array.prototype.some.call(list.options, function (o) { return o.value === chosen; });
      if (!known) return;
      box.value = (box.value.trim() ? box.value.replace(/\s+$/, "") + "\n" : "") + chosen;
      search.value = "";
    });
  });
})();
