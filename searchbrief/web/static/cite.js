// Comfort only: a "Copy" button beside a citation. The page works without it.
document.querySelectorAll("button.copy").forEach(function (button) {
  var source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(source.value).then(function () { button.textContent = "Copied"; });
  });
});
