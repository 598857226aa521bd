// Behaviour of the member pages. A static file, not inline handlers, so that the
// Content-Security-Policy can refuse every inline script.
document.addEventListener("change", (event) => {
  // The language switcher applies a choice at once; without JavaScript it has a button.
  if (event.target.matches("select[data-submit-on-change]")) {
    event.target.form.submit();
  }
});
