// Upload with a progress bar: forms marked data-upload-progress send their file with XHR and follow the redirect.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.hasAttribute("data-upload-progress") || !window.FormData) return;
  event.preventDefault();
  var bar = form.querySelector("progress");
  var text = form.querySelector("[data-progress-text]");
  var xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  xhr.upload.addEventListener("progress", function (e) {
    if (!e.lengthComputable) return;
    bar.hidden = false;
    bar.value = Math.round((e.loaded / e.total) * 100);
    text.textContent = "Đang tải lên: " + bar.value + "%";
  });
  xhr.upload.addEventListener("load", function () { text.textContent = "Đã tải lên, đang trích xuất nội dung…"; });
  // Show the answer itself: its messages ("Tệp rỗng…", "Loại tệp không được chấp nhận…") were rendered into it
  // and so consumed; loading the address again would show the page without them.
  xhr.addEventListener("load", function () {
    var type = xhr.getResponseHeader("Content-Type") || "";
    if (type.indexOf("text/html") !== 0) { window.location.href = xhr.responseURL || form.action; return; }
    if (xhr.responseURL) window.history.replaceState(null, "", xhr.responseURL);
    document.open();
    document.write(xhr.responseText);
    document.close();
  });
  xhr.addEventListener("error", function () { text.textContent = "Không gửi được tệp. Vui lòng thử lại."; });
  xhr.send(new FormData(form));
});
