// The chat widget for other sites: <script src="https://desk.example.com/js/chat-embed.js" defer></script>
// adds a chat button that opens our chat page in an iframe. Everything the visitor types stays inside that
// iframe (our origin); the host page only ever sees the button. Styles are set through the CSSOM, so a host page
// whose Content-Security-Policy forbids inline styles still shows it.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) {
    return;
  }
  var origin = new URL(script.src).origin;
  var label = script.getAttribute("data-label") || "Chat with us";
  var lang = script.getAttribute("data-lang") || document.documentElement.lang || "en";

  var button = document.createElement("button");
  button.type = "button";
  button.textContent = label;
  button.setAttribute("aria-expanded", "false");
  var b = button.style;
  b.position = "fixed"; b.right = "16px"; b.bottom = "16px"; b.zIndex = "2147483000";
  b.minHeight = "44px"; b.padding = "0 18px"; b.border = "0"; b.borderRadius = "22px";
  b.background = script.getAttribute("data-colour") || "#0b6e4f"; b.color = "#fff"; b.font = "600 15px system-ui, sans-serif";
  b.cursor = "pointer"; b.boxShadow = "0 2px 8px rgba(0,0,0,.25)";

  var frame = document.createElement("iframe");
  frame.src = origin + "/support/widget/chat?lang=" + encodeURIComponent(lang.slice(0, 2));
  frame.title = label;
  frame.hidden = true;
  var f = frame.style;
  f.position = "fixed"; f.right = "16px"; f.bottom = "72px"; f.zIndex = "2147483000";
  f.width = "min(380px, calc(100vw - 32px))"; f.height = "min(560px, calc(100vh - 96px))";
  f.border = "1px solid #d8dde3"; f.borderRadius = "12px"; f.background = "#fff"; f.boxShadow = "0 4px 16px rgba(0,0,0,.2)";

  button.addEventListener("click", function () {
    frame.hidden = !frame.hidden;
    button.setAttribute("aria-expanded", String(!frame.hidden));
  });
  document.body.appendChild(frame);
  document.body.appendChild(button);
})();
