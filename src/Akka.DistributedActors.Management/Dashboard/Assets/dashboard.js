// The cluster dashboard: renders the snapshot and the changes of /dashboard/events. Every value from the cluster is put on the
// page with textContent or as an attribute value, never parsed as HTML, so a node or role name cannot inject markup.
"use strict";
(function () {
  const statusClass = { Joining: "st-joining", Up: "st-up", Leaving: "st-leaving", Down: "st-down", Removed: "st-removed" };
  const state = { self: null, leader: null, members: new Map(), timeline: [], timelineLength: 300, actions: false };
  let source = null;
  let retryTimer = null;
  let retryDelay = 1000;

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function byId(id) { return document.getElementById(id); }

  function setConnection(kind, text) {
    const c = byId("connection");
    c.className = "connection " + kind;
    c.textContent = text;
  }

  function connect() {
    clearTimeout(retryTimer);
    if (source) source.close();
    setConnection("connecting", "connecting");
    source = new EventSource("dashboard/events");
    source.addEventListener("snapshot", function (ev) {
      retryDelay = 1000;
      applySnapshot(JSON.parse(ev.data));
      setConnection("live", "live");
    });
    source.addEventListener("change", function (ev) { applyChange(JSON.parse(ev.data)); });
    source.onerror = function () {
      // EventSource retries by itself after a lost connection but gives up on an error answer (a node shutting down). A
      // fresh connection after a delay covers both, and the node answers it with a fresh snapshot.
      source.close();
      source = null;
      setConnection("down", "disconnected, reconnecting");
      retryTimer = setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay + 1000, 3000);
    };
  }

  function applySnapshot(s) {
    state.self = s.self;
    state.leader = s.leader;
    state.actions = s.actionsEnabled;
    state.timelineLength = s.timelineLength;
    state.members = new Map(s.members.map(function (m) { return [m.node, m]; }));
    state.timeline = s.timeline.slice();
    render();
  }

  function applyChange(c) {
    state.timeline.push(c);
    if (state.timeline.length > state.timelineLength) state.timeline.splice(0, state.timeline.length - state.timelineLength);
    if (c.kind === "MembershipChange" && !c.member) state.members.delete(c.node);
    else if (c.member) state.members.set(c.member.node, c.member);
    if (c.kind === "LeadershipChange") state.leader = c.to;
    render();
  }

  function label(node) {
    const m = state.members.get(node);
    return m ? m.name + "@" + m.address : node;
  }

  function render() {
    const me = state.members.get(state.self);
    byId("self").textContent = me ? me.name + "@" + me.address : (state.self || "");
    byId("actions-panel").hidden = !state.actions;
    renderSummary();
    renderMembers();
    renderTimeline();
  }

  function renderSummary() {
    const all = Array.from(state.members.values());
    const up = all.filter(function (m) { return m.status === "Up"; }).length;
    const unreachable = all.filter(function (m) { return m.reachability === "Unreachable"; }).length;
    byId("summary").textContent = all.length + " members, " + up + " up, " + unreachable + " unreachable; leader: " +
      (state.leader ? label(state.leader) : "none");
  }

  function renderMembers() {
    const rows = Array.from(state.members.values()).sort(compareMembers).map(memberRow);
    byId("members").tBodies[0].replaceChildren.apply(byId("members").tBodies[0], rows);
  }

  // By host, then port as a number, then incarnation: the order Akka elects leaders by.
  function compareMembers(a, b) {
    const split = function (m) { const i = m.address.lastIndexOf(":"); return [m.address.substring(0, i), Number(m.address.substring(i + 1))]; };
    const x = split(a), y = split(b);
    if (x[0] !== y[0]) return x[0] < y[0] ? -1 : 1;
    if (x[1] !== y[1]) return x[1] - y[1];
    return a.nid < b.nid ? -1 : a.nid > b.nid ? 1 : 0;
  }

  function memberRow(m) {
    const tr = el("tr");
    tr.setAttribute("data-node", m.node);
    if (m.reachability === "Unreachable") tr.classList.add("unreachable");
    const node = el("td", "col-node");
    node.title = m.node;
    node.append(el("span", "address", m.address), el("span", "nid", m.nid));
    if (m.node === state.leader) node.append(el("span", "badge leader", "leader"));
    if (m.node === state.self) node.append(el("span", "badge self", "this node"));
    const roles = el("td", "col-roles");
    m.roles.forEach(function (r) { roles.append(el("span", "role", r)); });
    const actions = el("td", "col-actions");
    if (state.actions) actions.append(actionButton("Leave", "leave", m), actionButton("Down", "down", m));
    tr.append(node, el("td", "col-name", m.name), el("td", "col-status " + (statusClass[m.status] || ""), m.status),
      el("td", "col-reach", m.reachability), roles, el("td", "col-up", m.upNumber === null ? "" : m.upNumber), actions);
    return tr;
  }

  function actionButton(text, path, m) {
    const b = el("button", path, text);
    b.type = "button";
    b.addEventListener("click", function () {
      if (!window.confirm(text + " " + m.name + "@" + m.address + "?")) return;
      act(path, m);
    });
    return b;
  }

  function act(path, m) {
    const result = byId("action-result");
    result.textContent = "sending " + path + "...";
    fetch("dashboard/actions/" + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + byId("token").value },
      body: JSON.stringify({ node: m.node, operator: byId("operator").value })
    }).then(function (r) {
      return r.text().then(function (t) { result.textContent = r.ok ? path + " of " + m.address + " accepted" : r.status + ": " + t; });
    }, function (e) { result.textContent = "failed: " + e; });
  }

  function renderTimeline() {
    const rows = [];
    for (let i = state.timeline.length - 1; i >= 0; i--) rows.push(timelineRow(state.timeline[i]));
    byId("timeline").tBodies[0].replaceChildren.apply(byId("timeline").tBodies[0], rows);
  }

  function timelineRow(c) {
    const tr = el("tr");
    tr.setAttribute("data-seq", String(c.seq));
    const time = el("td", "col-time", c.time.substring(11, 23));
    time.title = c.time;
    let change;
    if (c.kind === "LeadershipChange") change = "leader " + (c.from ? label(c.from) : "none") + " \u2192 " + (c.to ? label(c.to) : "none");
    else change = (c.from || "new") + " \u2192 " + c.to;
    const node = el("td", "col-node", c.nodeLabel || "");
    node.title = c.node || "";
    tr.append(time, el("td", "col-kind", c.kind), node, el("td", "col-change", change));
    return tr;
  }

  document.addEventListener("DOMContentLoaded", connect);
})();
