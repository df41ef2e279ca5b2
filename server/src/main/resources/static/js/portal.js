// The portal works as an installed app: a service worker shows the offline page when the network is gone.
(function () {
  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/portal/sw.js", { scope: "/portal" }).catch(function () {
        // without it the portal still works online; nothing to tell the member
      });
    });
  }
})();
