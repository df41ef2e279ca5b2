// The referral page: copy the share link, and offer the phone's share sheet where there is one.
(function () {
  function status(text) {
    var out = document.getElementById("copy-status");
    if (out) {
      out.textContent = text;
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var copy = document.getElementById("copy-link");
    if (copy) {
      copy.addEventListener("click", function () {
        var field = document.getElementById(copy.getAttribute("data-copy-target"));
        var done = function () { status(copy.getAttribute("data-copied")); };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(done, function () {
            field.select();
            document.execCommand("copy");
            done();
          });
        } else {
          field.select();
          document.execCommand("copy");
          done();
        }
      });
    }
    var share = document.getElementById("share-button");
    if (share && navigator.share) {
      share.hidden = false;
      share.addEventListener("click", function () {
        navigator.share({ title: share.getAttribute("data-share-title"), url: share.getAttribute("data-share-url") })
          .catch(function () { /* the member closed the share sheet */ });
      });
    }
  });
})();
