/* The Gantt page (projects/project_gantt.html).

   Drag a work task's bar to move its start, or its right end to change its duration; a
   milestone moves too. On drop the new start (or duration in working days) is posted and the
   server answers with the whole chart re-drawn, so successors move with it. Clicking a bar, or
   pressing Enter on it, opens the small form that does the same from the keyboard.
   The rows loaded so far and the scroll position survive every redraw. */
(function () {
  "use strict";

  var DAY = 86400000;
  var pendingScroll = null; // {top, left} to restore once the chart is redrawn
  var drag = null;
  var swallowClick = false;
  var opener = null; // the bar whose form is open, to return focus to
  var saving = null; // the drag being saved, put back if the save fails

  function chartEl() { return document.getElementById("gantt-chart"); }
  function scrollerEl() { return document.getElementById("gantt-scroller"); }

  function dayMs(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]);
  }
  function isoOf(ms) { return new Date(ms).toISOString().slice(0, 10); }

  function workCalendar(root) {
    var data = JSON.parse(root.dataset.calendar || "{}");
    var weekdays = data.weekdays || [1, 2, 3, 4, 5];
    var exceptions = data.exceptions || {};
    return function isWorking(ms) {
      var key = isoOf(ms);
      if (Object.prototype.hasOwnProperty.call(exceptions, key)) return exceptions[key];
      var weekday = new Date(ms).getUTCDay() || 7;
      return weekdays.indexOf(weekday) !== -1;
    };
  }
  function nextWorking(ms, isWorking) {
    for (var i = 0; i < 400 && !isWorking(ms); i++) ms += DAY;
    return ms;
  }
  function previousWorking(ms, isWorking) {
    for (var i = 0; i < 400 && !isWorking(ms); i++) ms -= DAY;
    return ms;
  }
  function workingDays(first, last, isWorking) {
    var n = 0;
    for (var ms = first; ms <= last; ms += DAY) if (isWorking(ms)) n++;
    return n;
  }
  function formatDay(ms) {
    var lang = document.documentElement.lang || undefined;
    return new Date(ms).toLocaleDateString(lang, { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" });
  }

  function loadedRows(root) {
    var n = 0;
    root.querySelectorAll(".gantt-window").forEach(function (w) { n += +w.dataset.rows; });
    return n;
  }

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  function rememberScroll() {
    var s = scrollerEl();
    if (s) pendingScroll = { top: s.scrollTop, left: s.scrollLeft };
  }

  // --- the tooltip that follows a drag ------------------------------------------------------
  var tip = null;
  function showTip(text, x, y) {
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "gantt-tip";
      tip.setAttribute("role", "status");
      document.body.appendChild(tip);
    }
    tip.textContent = text;
    tip.style.left = (x + 14) + "px";
    tip.style.top = (y - 34) + "px";
    tip.hidden = false;
  }
  function hideTip() { if (tip) tip.hidden = true; }

  // --- drag and resize ------------------------------------------------------------------------
  function startDrag(event) {
    swallowClick = false;
    var link = event.target.closest && event.target.closest(".gantt-edit");
    if (!link || event.button !== 0) return;
    var root = link.closest("#gantt-chart");
    var bar = link.querySelector(".gantt-bar");
    if (!root || !bar) return;
    var resizing = !!event.target.closest(".gantt-handle") && bar.classList.contains("gantt-task");
    var body = bar.querySelector(".gantt-bar-body");
    drag = {
      root: root, link: link, bar: bar, body: body,
      mode: resizing ? "resize" : "move",
      x0: event.clientX,
      pointer: event.pointerId,
      moved: false,
      ppd: +root.dataset.ppd,
      start: dayMs(bar.dataset.start),
      finish: dayMs(bar.dataset.finish),
      duration: +bar.dataset.duration,
      width: body && body.getAttribute("width"),
      isWorking: workCalendar(root),
      value: null,
    };
  }

  function moveDrag(event) {
    if (!drag || event.pointerId !== drag.pointer) return;
    var dx = event.clientX - drag.x0;
    if (!drag.moved) {
      if (Math.abs(dx) < 4) return;
      drag.moved = true;
      try { drag.link.setPointerCapture(drag.pointer); } catch (e) { /* not capturable: fine */ }
      document.body.classList.add(drag.mode === "move" ? "gantt-dragging" : "gantt-resizing");
      drag.bar.classList.add("gantt-moving");
    }
    event.preventDefault();
    var days = Math.round(dx / drag.ppd);
    var labels = drag.root.dataset;
    if (drag.mode === "move") {
      var start = nextWorking(drag.start + days * DAY, drag.isWorking);
      var shift = Math.round((start - drag.start) / DAY) * drag.ppd;
      drag.bar.setAttribute("transform", "translate(" + shift + " 0)");
      drag.value = start === drag.start ? null : { start: isoOf(start) };
      showTip(labels.labelStart + ": " + formatDay(start), event.clientX, event.clientY);
    } else {
      var finish = Math.max(drag.finish + days * DAY, drag.start);
      finish = Math.max(previousWorking(finish, drag.isWorking), drag.start);
      var duration = Math.max(workingDays(drag.start, finish, drag.isWorking), 1);
      var span = Math.round((finish - drag.start) / DAY + 1) * drag.ppd;
      if (drag.body) drag.body.setAttribute("width", Math.max(span, 3));
      drag.value = duration === drag.duration ? null : { duration_days: duration };
      showTip(labels.labelFinish + ": " + formatDay(finish) + " · " + duration + " " + labels.labelDays,
        event.clientX, event.clientY);
    }
  }

  function resetBar(state) {
    state.bar.removeAttribute("transform");
    state.bar.classList.remove("gantt-moving");
    if (state.body && state.width !== null) state.body.setAttribute("width", state.width);
  }

  function endDrag(event) {
    if (!drag || event.pointerId !== drag.pointer) return;
    var state = drag;
    drag = null;
    hideTip();
    document.body.classList.remove("gantt-dragging", "gantt-resizing");
    if (!state.moved) return;
    swallowClick = true; // the click that follows a drop is not a request for the form
    if (event.type === "pointercancel" || !state.value) {
      resetBar(state);
      return;
    }
    saving = state;
    save(state.root, state.link.getAttribute("href"), state.value);
  }

  function save(root, url, values) {
    values.zoom = root.dataset.zoom;
    values.baseline = root.dataset.baseline;
    values.rows = loadedRows(root);
    rememberScroll();
    root.classList.add("gantt-busy");
    return htmx.ajax("POST", url, {
      source: root,
      target: "#gantt-chart",
      swap: "outerHTML",
      values: values,
      headers: { "X-CSRFToken": csrfToken() },
    });
  }

  // --- the form: click or Enter on a bar ------------------------------------------------------
  function onClick(event) {
    var close = event.target.closest && event.target.closest("[data-gantt-close]");
    if (close && close.closest("#gantt-task-panel")) {
      event.preventDefault();
      closePanel();
      return;
    }
    var link = event.target.closest && event.target.closest(".gantt-edit");
    if (!link) return;
    event.preventDefault();
    if (swallowClick) { swallowClick = false; return; }
    opener = link;
    htmx.ajax("GET", link.getAttribute("href"), { source: link, target: "#gantt-task-panel", swap: "outerHTML" });
  }

  function closePanel() {
    var panel = document.getElementById("gantt-task-panel");
    if (panel) panel.innerHTML = "";
    if (opener && document.contains(opener)) opener.focus();
    opener = null;
  }

  function onKey(event) {
    if (event.key === "Escape" && event.target.closest && event.target.closest("#gantt-task-panel")) {
      closePanel();
    }
  }

  // --- after every swap -----------------------------------------------------------------------
  function onConfigRequest(event) {
    // Every write from inside the chart re-draws as many rows as are loaded now.
    var root = chartEl();
    if (!root || event.detail.verb !== "post" || !root.contains(event.detail.elt)) return;
    if (event.detail.parameters.rows === undefined) {
      event.detail.parameters.rows = loadedRows(root);
      rememberScroll();
      root.classList.add("gantt-busy");
    }
  }

  function settle() {
    saving = null;
    var root = chartEl();
    var scroller = scrollerEl();
    if (!root) return;
    root.classList.remove("gantt-busy");
    if (scroller && pendingScroll) {
      scroller.scrollTop = pendingScroll.top;
      scroller.scrollLeft = pendingScroll.left;
      pendingScroll = null;
    } else if (scroller && !scroller.dataset.placed) {
      // First sight of this chart: bring today (else the start) into view.
      var today = root.dataset.today && dayMs(root.dataset.today);
      var first = dayMs(root.dataset.firstDay);
      var last = dayMs(root.dataset.lastDay);
      if (today && today >= first && today <= last) {
        var x = ((today - first) / DAY) * (+root.dataset.ppd);
        scroller.scrollLeft = Math.max(0, x - scroller.clientWidth / 3);
      }
    }
    if (scroller) {
      scroller.dataset.placed = "1";
      placeScaleLabels(scroller);
    }
    var panel = document.getElementById("gantt-task-panel");
    var field = panel && panel.querySelector("input:not([type=hidden])");
    if (field && panel.dataset.focused !== "1") {
      panel.dataset.focused = "1";
      field.focus();
    }
  }

  // Month (or year) labels slide along their unit so the one in view stays readable.
  function placeScaleLabels(scroller) {
    var left = scroller.scrollLeft;
    scroller.querySelectorAll(".gantt-scale-label").forEach(function (label) {
      var x = Math.min(Math.max(+label.dataset.from, left + 6), +label.dataset.to);
      label.setAttribute("x", x);
    });
  }

  function onScroll(event) {
    if (event.target.id === "gantt-scroller") placeScaleLabels(event.target);
  }

  function onError() {
    var root = chartEl();
    if (root) root.classList.remove("gantt-busy");
    if (saving) resetBar(saving);
    saving = null;
    pendingScroll = null;
  }

  document.addEventListener("pointerdown", startDrag);
  document.addEventListener("pointermove", moveDrag);
  document.addEventListener("pointerup", endDrag);
  document.addEventListener("pointercancel", endDrag);
  document.addEventListener("click", onClick);
  document.addEventListener("keydown", onKey);
  document.addEventListener("scroll", onScroll, { capture: true, passive: true });
  document.addEventListener("htmx:configRequest", onConfigRequest);
  document.addEventListener("htmx:afterSettle", settle);
  document.addEventListener("htmx:responseError", onError);
  document.addEventListener("htmx:sendError", onError);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", settle);
  } else {
    settle();
  }
})();
