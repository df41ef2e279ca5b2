// Rewards in the portal: copy a voucher code with one tap, ask before cancelling a redemption, and keep a redeem
// form from being sent twice by a double tap (the server refuses a second redemption for the same form anyway).
(function () {
  document.addEventListener("click", function (event) {
    var copy = event.target.closest("[data-copy]");
    if (copy && navigator.clipboard) {
      navigator.clipboard.writeText(copy.getAttribute("data-copy")).then(function () {
        copy.textContent = copy.getAttribute("data-copied") || copy.textContent;
      });
    }
    var confirmButton = event.target.closest("button[data-confirm]");
    if (confirmButton && !window.confirm(confirmButton.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  document.addEventListener("submit", function (event) {
    var once = event.target.querySelector("button[data-once]");
    if (once) {
      if (once.getAttribute("aria-disabled") === "true") {
        event.preventDefault();
      }
      once.setAttribute("aria-disabled", "true");
    }
  });
})();
