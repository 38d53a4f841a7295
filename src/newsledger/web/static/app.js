// newsledger web app: say before uploading that a file is over the limit (the server refuses it anyway).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.ingest");
  if (!form) return;
  const input = form.querySelector('input[type="file"]');
  const warning = document.getElementById("too-large");
  const limit = Number(form.dataset.limit);
  const tooLarge = () => input.files.length > 0 && input.files[0].size > limit;
  input.addEventListener("change", () => { warning.hidden = !tooLarge(); });
  form.addEventListener("submit", (event) => {
    if (tooLarge()) { warning.hidden = false; event.preventDefault(); }
  });
});
