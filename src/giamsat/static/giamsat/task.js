// The task page shows the newest progress updates only (issue #25). A link to an older one (a search
// result: …/nhiem-vu/<id>/#cap-nhat-<update>) opens the whole history, at that update. Without this file
// the page opens at its top and "Xem tất cả … cập nhật" shows every update.
(function () {
  var hash = window.location.hash;
  if (!/^#cap-nhat-\d+$/.test(hash) || document.getElementById(hash.slice(1))) return;
  var all = document.querySelector("a[data-all-updates]");
  if (all) window.location.replace(all.href.split("#")[0] + hash);
})();
