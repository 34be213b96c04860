/* Comment panels: @mention autocomplete on every textarea with data-mention-url.
   Loaded by comments/panel.html (possibly several times: it installs itself once). */
(function () {
  "use strict";
  if (window.__itoComments) return;
  window.__itoComments = true;

  var menu = null;      // the open suggestion list
  var state = null;     // {textarea, start, query, items, active}
  var timer = null;

  function mentionAt(textarea) {
    var upto = textarea.value.slice(0, textarea.selectionStart);
    var match = /(^|[^\w@.+-])@([\w.+-]*)$/.exec(upto);
    if (!match) return null;
    return { start: upto.length - match[2].length - 1, query: match[2] };
  }

  function close() {
    if (menu) menu.remove();
    menu = null;
    state = null;
  }

  function choose(index) {
    if (!state || !state.items[index]) return;
    var textarea = state.textarea;
    var person = state.items[index];
    var before = textarea.value.slice(0, state.start);
    var after = textarea.value.slice(textarea.selectionStart);
    var inserted = "@" + person.username + " ";
    textarea.value = before + inserted + after;
    var caret = before.length + inserted.length;
    textarea.setSelectionRange(caret, caret);
    close();
    textarea.focus();
  }

  function highlight(index) {
    if (!menu || !state) return;
    state.active = (index + state.items.length) % state.items.length;
    menu.querySelectorAll(".dropdown-item").forEach(function (item, i) {
      item.classList.toggle("active", i === state.active);
      item.setAttribute("aria-selected", i === state.active ? "true" : "false");
    });
  }

  function show(textarea, found, people) {
    close();
    if (!people.length) return;
    state = { textarea: textarea, start: found.start, query: found.query, items: people, active: 0 };
    menu = document.createElement("div");
    menu.className = "dropdown-menu show mention-menu";
    menu.setAttribute("role", "listbox");
    menu.setAttribute("data-testid", "mention-menu");
    people.forEach(function (person, index) {
      var item = document.createElement("button");
      item.type = "button";
      item.className = "dropdown-item d-flex gap-2 align-items-center";
      item.setAttribute("role", "option");
      item.dataset.username = person.username;
      var name = document.createElement("span");
      name.textContent = person.name;
      var handle = document.createElement("span");
      handle.className = "text-secondary small";
      handle.textContent = "@" + person.username;
      item.appendChild(name);
      item.appendChild(handle);
      if (person.client) {
        var badge = document.createElement("span");
        badge.className = "badge bg-orange-lt ms-auto";
        badge.textContent = textarea.closest("[data-client-label]") ?
          textarea.closest("[data-client-label]").dataset.clientLabel : "client";
        item.appendChild(badge);
      }
      item.addEventListener("mousedown", function (event) {
        event.preventDefault();  // keep the focus in the textarea
        choose(index);
      });
      menu.appendChild(item);
    });
    var holder = textarea.parentElement;
    holder.classList.add("position-relative");
    menu.style.top = textarea.offsetTop + textarea.offsetHeight + "px";
    menu.style.left = textarea.offsetLeft + "px";
    holder.appendChild(menu);
    highlight(0);
  }

  function lookUp(textarea) {
    var found = mentionAt(textarea);
    if (!found) { close(); return; }
    var url = textarea.dataset.mentionUrl + "?q=" + encodeURIComponent(found.query);
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { people: [] }; })
      .then(function (data) {
        var now = mentionAt(textarea);
        if (now && now.query === found.query && document.activeElement === textarea) {
          show(textarea, found, data.people || []);
        }
      })
      .catch(function () { close(); });
  }

  document.addEventListener("input", function (event) {
    var textarea = event.target;
    if (!(textarea instanceof HTMLTextAreaElement) || !textarea.dataset.mentionUrl) return;
    clearTimeout(timer);
    timer = setTimeout(function () { lookUp(textarea); }, 120);
  });

  document.addEventListener("keydown", function (event) {
    if (!menu || !state || event.target !== state.textarea) return;
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(state.active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(state.active - 1); }
    else if (event.key === "Enter" || event.key === "Tab") { event.preventDefault(); choose(state.active); }
    else if (event.key === "Escape") { event.preventDefault(); close(); }
  });

  document.addEventListener("focusout", function (event) {
    if (state && event.target === state.textarea) setTimeout(close, 150);
  });

  // After a comment is posted, the panel is swapped in by htmx: nothing to re-bind (delegated).
})();
