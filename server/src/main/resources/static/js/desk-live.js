// Live desk: new conversations and new lines arrive over Server-Sent Events; the queue and the open thread are
// re-read from the server (the same HTML the page would show) without a reload, and a reply being typed is
// left alone. The stream says which queue the page shows (view, team, status) and which conversation is open, so
// it only carries events that touch one of them; "queue" in an event says whether the queue needs re-reading. In a chat the member sees that the agent is typing and has read, and the agent sees the same.
(function () {
  "use strict";
  var desk = document.getElementById("desk");
  if (!desk || !window.EventSource || !window.fetch) {
    return;
  }
  var refreshTimer = null;
  var refreshQueue = false;
  var streamKey = null;
  var focused = selected();
  var typingTimer = null;
  var lastTypingSent = 0;

  function csrf() {
    var token = document.querySelector("meta[name=_csrf]");
    var header = document.querySelector("meta[name=_csrf_header]");
    var h = {};
    if (token && header) { h[header.content] = token.content; }
    return h;
  }

  function selected() {
    var thread = document.querySelector(".desk-thread[data-conversation-id]");
    return thread ? thread.getAttribute("data-conversation-id") : null;
  }

  function newestMessage() {
    var items = document.querySelectorAll(".desk-messages [data-message-id]");
    return items.length ? items[items.length - 1].getAttribute("data-message-id") : null;
  }

  function seen(upTo) {
    document.querySelectorAll(".desk-seen-mark").forEach(function (mark) { mark.remove(); });
    var replies = Array.prototype.filter.call(document.querySelectorAll(".desk-msg-from_agent[data-message-id]"),
      function (li) { return Number(li.getAttribute("data-message-id")) <= upTo; });
    if (replies.length) {
      var mark = document.createElement("span");
      mark.className = "desk-seen-mark";
      mark.textContent = desk.getAttribute("data-text-seen");
      replies[replies.length - 1].appendChild(mark);
    }
  }

  function markRead() {
    var id = selected();
    var message = newestMessage();
    if (!id || !message) { return; }
    fetch("/desk/conversations/" + id + "/read?messageId=" + message,
      { method: "POST", headers: csrf(), credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { seen(data.memberReadUpTo); } });
  }

  function refresh(queueToo) {
    refreshQueue = refreshQueue || queueToo !== false;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(function () {
      var shown = selected();
      var withQueue = refreshQueue;
      refreshQueue = false;
      fetch(location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var page = new DOMParser().parseFromString(html, "text/html");
          var queue = page.getElementById("desk-queue");
          if (queue && withQueue) { document.getElementById("desk-queue").replaceWith(document.adoptNode(queue)); }
          var nextThread = page.querySelector(".desk-thread[data-conversation-id]");
          var messages = document.querySelector(".desk-messages");
          var nextMessages = page.querySelector(".desk-messages");
          if (shown && nextThread && nextThread.getAttribute("data-conversation-id") === shown && messages && nextMessages) {
            messages.replaceWith(document.adoptNode(nextMessages));
            markRead();
          }
          if (window.htmx) { htmx.process(document.getElementById("desk-queue")); }
        });
    }, 200);
  }

  function liveUrl() {
    // the stream's own address, with the conversation open now
    var url = new URL(desk.getAttribute("data-live"), location.href);
    url.searchParams.set("conversation", selected() || "");
    return url.toString();
  }

  function deskEvent(e) {
    var data = JSON.parse(e.data);
    if (data.queue) {
      refresh(true);
    } else if (String(data.conversationId) === selected()) {
      refresh(false);
    }
  }

  var events;
  function connect() {
    // the browser reconnects to the same address, so a new stream always starts with this conversation
    var openedFor = selected();
    events = new EventSource(liveUrl());
    events.addEventListener("hello", function (e) {
      streamKey = JSON.parse(e.data).stream;
      focused = openedFor;
      focus();
    });
    events.addEventListener("conversation", deskEvent);
    events.addEventListener("message", deskEvent);
    events.addEventListener("resync", function () { refresh(true); });
    listen(events);
  }

  // another conversation opened (htmx swap): its events must reach this page too
  function focus() {
    var id = selected();
    if (!streamKey || id === focused) { return; }
    focused = id;
    var body = new URLSearchParams({ stream: streamKey, conversation: id || "0" });
    fetch(desk.getAttribute("data-focus"), { method: "POST", headers: csrf(), credentials: "same-origin", body: body })
      .then(function (r) {
        // the stream lives on another node: open one that knows the conversation
        if (r.status === 404) { events.close(); streamKey = null; connect(); }
      });
  }

  function listen(events) {
    events.addEventListener("typing", function (e) {
      var data = JSON.parse(e.data);
      var line = document.getElementById("desk-typing");
      if (!line || String(data.conversationId) !== selected()) { return; }
      line.textContent = desk.getAttribute("data-text-typing").replace("{0}", data.name || "");
      clearTimeout(typingTimer);
      typingTimer = setTimeout(function () { line.textContent = ""; }, 5000);
    });
    events.addEventListener("read", function (e) {
      var data = JSON.parse(e.data);
      if (String(data.conversationId) === selected()) { seen(data.messageId); }
    });
  }
  connect();

  document.addEventListener("input", function (e) {
    if (!e.target || e.target.id !== "body") { return; }
    var kind = document.querySelector("input[name=kind]:checked");
    if (kind && kind.value !== "reply") { return; }
    var now = Date.now();
    if (now - lastTypingSent > 3000 && selected()) {
      lastTypingSent = now;
      fetch("/desk/conversations/" + selected() + "/typing", { method: "POST", headers: csrf(), credentials: "same-origin" });
    }
  });
  document.body.addEventListener("htmx:afterSettle", markRead);
  document.body.addEventListener("htmx:afterSettle", focus);
  markRead();
})();
