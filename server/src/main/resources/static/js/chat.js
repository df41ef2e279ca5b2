// Live chat page (the member portal's chat and the embeddable widget): sends with fetch, shows agent replies,
// typing and read marks as they arrive over Server-Sent Events. Message texts are only ever set as text.
(function () {
  "use strict";
  var root = document.querySelector("[data-chat]");
  if (!root || !window.fetch) {
    return;
  }
  var visitor = root.getAttribute("data-mode") === "visitor";
  var thread = root.querySelector(".chat-thread");
  var status = root.querySelector(".chat-status");
  var typingLine = root.querySelector(".chat-typing");
  var form = root.querySelector(".chat-form");
  var errorLine = root.querySelector(".chat-error");
  var startForm = root.querySelector(".chat-start");
  var text = function (name) { return root.getAttribute("data-text-" + name) || ""; };
  var url = function (name) { return root.getAttribute("data-" + name); };
  var TOKEN_KEY = "loyaltydesk-chat-token";
  var token = visitor ? sessionStorage.getItem(TOKEN_KEY) : null;
  var events = null;
  var typingTimer = null;
  var lastTypingSent = 0;
  var answerTo = root.getAttribute("data-answer-to") || "";
  var offline = root.getAttribute("data-offline") === "true";

  function headers(json) {
    var h = { "Accept": "application/json" };
    if (visitor) {
      if (token) { h["X-Visitor-Token"] = token; }
    } else {
      var csrf = document.querySelector("meta[name=_csrf]");
      var header = document.querySelector("meta[name=_csrf_header]");
      if (csrf && header) { h[header.content] = csrf.content; }
    }
    if (json) { h["Content-Type"] = "application/json"; }
    return h;
  }

  function lastId() {
    var last = 0;
    thread.querySelectorAll("[data-message-id]").forEach(function (li) {
      last = Math.max(last, Number(li.getAttribute("data-message-id")));
    });
    return last;
  }

  function render(line) {
    if (thread.querySelector("[data-message-id='" + line.id + "']")) {
      return;
    }
    var li = document.createElement("li");
    li.className = "chat-line " + (line.mine ? "chat-mine" : "chat-theirs");
    li.setAttribute("data-message-id", line.id);
    var author = document.createElement("span");
    author.className = "chat-author";
    author.textContent = line.mine ? text("you") : line.author;
    var body = document.createElement("p");
    body.className = "chat-body";
    body.textContent = line.body;
    li.appendChild(author);
    li.appendChild(body);
    thread.appendChild(li);
    var empty = root.querySelector(".chat-empty");
    if (empty) { empty.remove(); }
    thread.scrollTop = thread.scrollHeight;
    if (!line.mine) {
      typingLine.textContent = "";
      markRead(line.id);
    }
  }

  function seen(upTo) {
    thread.querySelectorAll(".chat-seen-mark").forEach(function (mark) { mark.remove(); });
    var mine = Array.prototype.filter.call(thread.querySelectorAll(".chat-mine"), function (li) {
      return Number(li.getAttribute("data-message-id")) <= upTo;
    });
    if (mine.length) {
      var mark = document.createElement("span");
      mark.className = "chat-seen-mark";
      mark.textContent = text("seen");
      mine[mine.length - 1].appendChild(mark);
    }
  }

  function showStatus(agentsOnline) {
    if (!status) { return; }
    var isOffline = offline || agentsOnline === 0;
    status.textContent = isOffline ? text("offline").replace("{0}", answerTo) : text("online");
    status.classList.toggle("chat-offline", isOffline);
  }

  function showThread(data) {
    data.messages.forEach(render);
    offline = data.offline;
    answerTo = data.answerTo || answerTo;
    showStatus(data.agentsOnline);
    seen(data.agentReadUpTo);
  }

  function markRead(id) {
    if (document.visibilityState !== "visible") { return; }
    fetch(url("read") + "?messageId=" + encodeURIComponent(id), { method: "POST", headers: headers(false), credentials: "same-origin" });
  }

  function connect() {
    if (events || !window.EventSource) { return; }
    var address = url("events") + "?after=" + lastId() + (visitor ? "&token=" + encodeURIComponent(token) : "");
    events = new EventSource(address);
    events.addEventListener("message", function (e) { render(JSON.parse(e.data)); });
    events.addEventListener("typing", function (e) {
      var data = JSON.parse(e.data);
      typingLine.textContent = text("typing").replace("{0}", data.name || "");
      clearTimeout(typingTimer);
      typingTimer = setTimeout(function () { typingLine.textContent = ""; }, 5000);
    });
    events.addEventListener("read", function (e) { seen(JSON.parse(e.data).messageId); });
    events.addEventListener("status", function (e) { showStatus(JSON.parse(e.data).agentsOnline); });
  }

  function fail(response) {
    return response.json().catch(function () { return {}; }).then(function (problem) {
      errorLine.textContent = problem.error || problem.detail || text("failed");
    });
  }

  if (form) {
    var field = form.querySelector("textarea");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var value = field.value;
      if (!value.trim()) { return; }
      errorLine.textContent = "";
      var request = visitor
        ? { method: "POST", headers: headers(true), body: JSON.stringify({ body: value }) }
        : { method: "POST", headers: Object.assign(headers(false), { "Content-Type": "application/x-www-form-urlencoded" }),
            body: "body=" + encodeURIComponent(value), credentials: "same-origin" };
      fetch(url("send"), request).then(function (response) {
        if (!response.ok) { return fail(response); }
        field.value = "";
        return response.json().then(function (data) { showThread(data); connect(); });
      }).catch(function () { errorLine.textContent = text("failed"); });
    });
    field.addEventListener("input", function () {
      var now = Date.now();
      if (now - lastTypingSent > 3000 && (!visitor || token)) {
        lastTypingSent = now;
        fetch(url("typing"), { method: "POST", headers: headers(false), credentials: "same-origin" });
      }
    });
  }

  if (visitor) {
    var chatPart = root.querySelector(".chat-live");
    var begin = function () {
      startForm.hidden = true;
      chatPart.hidden = false;
      connect();
    };
    startForm.addEventListener("submit", function (e) {
      e.preventDefault();
      var data = {
        name: startForm.querySelector("[name=name]").value,
        email: startForm.querySelector("[name=email]").value,
        message: startForm.querySelector("[name=message]").value
      };
      var startError = startForm.querySelector(".chat-error");
      fetch(url("start"), { method: "POST", headers: headers(true), body: JSON.stringify(data) }).then(function (response) {
        if (!response.ok) {
          return response.json().catch(function () { return {}; }).then(function (problem) {
            var problems = (problem.errors || []).map(function (p) { return p.field + ": " + p.message; });
            startError.textContent = problems.length ? problems.join("; ") : (problem.detail || text("failed"));
          });
        }
        return response.json().then(function (body) {
          token = body.token;
          sessionStorage.setItem(TOKEN_KEY, token);
          showThread(body);
          begin();
        });
      }).catch(function () { startError.textContent = text("failed"); });
    });
    fetch(url("status"), { headers: headers(false) }).then(function (r) { return r.json(); })
      .then(function (s) { showStatus(s.agentsOnline); }).catch(function () {});
    if (token) {
      fetch(url("thread"), { headers: headers(false) }).then(function (response) {
        if (!response.ok) {
          sessionStorage.removeItem(TOKEN_KEY);
          token = null;
          return;
        }
        return response.json().then(function (data) { showThread(data); begin(); });
      });
    }
  } else {
    thread.scrollTop = thread.scrollHeight;
    seen(Number(root.getAttribute("data-agent-read") || 0));
    var theirs = thread.querySelectorAll(".chat-theirs");
    if (theirs.length) { markRead(theirs[theirs.length - 1].getAttribute("data-message-id")); }
    connect();
  }
})();
