/*
 * The operators' dashboard: reads the console's own API with the bearer token the operator enters (kept in
 * this tab's session storage only) and redraws every two seconds. Every value from the API reaches the page
 * as text nodes, never as markup.
 */
'use strict';

(function () {
  const TOKEN_KEY = 'trading-safety.console.token';
  const POLL_MS = 2000;
  // The funnel reads an hour of five event topics on every call, so it is read less often than the status.
  const FUNNEL_EVERY_POLLS = 5;
  const STALE_AFTER_MS = 3 * POLL_MS;
  const TOKEN_WARNING_MS = 48 * 3600 * 1000;

  const $ = (id) => document.getElementById(id);

  const session = {
    token: null,
    generation: 0,
    timer: null,
    polls: 0,
    lastSuccess: null,
    selectedAccount: null,
    rendered: new Map(),
    dialogAction: null,
  };

  // ---- building the page from data, as text only ----

  function el(tag, options, children) {
    const node = document.createElement(tag);
    const opts = options || {};
    if (opts.className) {
      node.className = opts.className;
    }
    if (opts.text !== undefined && opts.text !== null) {
      node.textContent = String(opts.text);
    }
    if (opts.title) {
      node.title = String(opts.title);
    }
    if (opts.attrs) {
      Object.keys(opts.attrs).forEach((name) => node.setAttribute(name, String(opts.attrs[name])));
    }
    if (opts.onClick) {
      node.addEventListener('click', opts.onClick);
    }
    (children || []).forEach((child) => {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    });
    return node;
  }

  function empty(text) {
    return el('p', { className: 'empty', text: text });
  }

  function badge(text, tone) {
    return el('span', { className: 'badge ' + tone, text: text });
  }

  /**
   * A table from column definitions: each has a title, a cell(row) that returns text, a node or
   * {content, className}, and num for right-aligned numbers.
   */
  function table(columns, rows, rowOptions) {
    const head = el('tr', {}, columns.map((c) => el('th', { className: c.num ? 'num' : '', text: c.title,
      attrs: { scope: 'col' } })));
    const body = rows.map((row) => {
      const cells = columns.map((c) => {
        const value = c.cell(row);
        const plain = value === null || value === undefined || typeof value !== 'object' || value instanceof Node;
        const content = plain ? value : value.content;
        const classes = [c.num ? 'num' : '', plain ? '' : (value.className || '')].join(' ').trim();
        return el('td', { className: classes }, [content === undefined || content === null ? '' : content]);
      });
      return el('tr', rowOptions ? rowOptions(row) : {}, cells);
    });
    return el('table', {}, [el('thead', {}, [head]), el('tbody', {}, body)]);
  }

  function details(pairs) {
    const list = el('dl', { className: 'details' });
    pairs.filter((p) => p[1] !== null && p[1] !== undefined && p[1] !== '').forEach((p) => {
      list.append(el('dt', { text: p[0] }), el('dd', { text: p[1] }));
    });
    return list;
  }

  /** Redraws a part of the page only when its data changed, so the page stays still between polls. */
  function render(containerId, data, build) {
    const key = JSON.stringify(data === undefined ? null : data);
    if (session.rendered.get(containerId) === key) {
      return;
    }
    session.rendered.set(containerId, key);
    const container = $(containerId);
    container.replaceChildren();
    const built = build(data);
    (Array.isArray(built) ? built : [built]).forEach((node) => container.append(node));
  }

  // ---- formatting ----

  function number(value, digits) {
    const n = Number(value);
    if (value === null || value === undefined || value === '' || !Number.isFinite(n)) {
      return '';
    }
    return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }

  function percent(ratio) {
    const n = Number(ratio);
    return ratio === null || ratio === undefined || !Number.isFinite(n) ? '' : (n * 100).toFixed(2) + ' %';
  }

  function time(iso) {
    if (!iso) {
      return '';
    }
    const parsed = new Date(iso);
    return Number.isNaN(parsed.getTime()) ? String(iso) : parsed.toISOString().slice(0, 19).replace('T', ' ') + ' UTC';
  }

  function clockTime(ms) {
    return new Date(ms).toISOString().slice(11, 19) + ' UTC';
  }

  function span(ms) {
    const minutes = Math.round(Math.abs(ms) / 60000);
    if (minutes < 120) {
      return minutes + ' min';
    }
    const hours = Math.round(minutes / 60);
    return hours < 72 ? hours + ' h' : Math.round(hours / 24) + ' days';
  }

  function yesNo(value) {
    return value === true ? 'yes' : value === false ? 'no' : '';
  }

  function params(map) {
    if (!map || typeof map !== 'object') {
      return '';
    }
    return Object.keys(map).sort().map((k) => k + '=' + map[k]).join(', ');
  }

  // ---- the API ----

  class ApiError extends Error {
    constructor(status, problem, message) {
      super(message);
      this.status = status;
      this.problem = problem;
    }
  }

  function describe(status, problem) {
    if (!problem || typeof problem !== 'object') {
      return 'HTTP ' + status;
    }
    const parts = [problem.title || ('HTTP ' + status)];
    if (problem.detail) {
      parts.push(problem.detail);
    }
    if (Array.isArray(problem.errors)) {
      problem.errors.forEach((e) => parts.push(e.field + ': ' + e.message));
    }
    return status + ' ' + parts.join(': ');
  }

  async function api(method, path, body) {
    const headers = { Authorization: 'Bearer ' + session.token, Accept: 'application/json' };
    const init = { method: method, headers: headers, cache: 'no-store', credentials: 'omit', redirect: 'error' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, null, 'The console is unreachable (' + e.message + ')');
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (e) {
      json = null;
    }
    if (!response.ok) {
      throw new ApiError(response.status, json, describe(response.status, json));
    }
    return json;
  }

  // ---- refreshing ----

  function showBanner(text) {
    const banner = $('error-banner');
    banner.textContent = text;
    banner.hidden = false;
  }

  function hideBanner() {
    $('error-banner').hidden = true;
  }

  function showRefreshAge() {
    const label = $('refresh-status');
    if (!session.token) {
      label.textContent = 'Not signed in';
      label.classList.remove('stale');
      return;
    }
    if (session.lastSuccess === null) {
      label.textContent = 'Waiting for the first refresh';
      return;
    }
    const age = Date.now() - session.lastSuccess;
    const stale = age > STALE_AFTER_MS;
    label.textContent = (stale ? 'STALE: last successful refresh ' : 'Last refresh ') + clockTime(session.lastSuccess)
      + ' (' + Math.max(0, Math.round(age / 1000)) + ' s ago)';
    label.classList.toggle('stale', stale);
  }

  function schedule(generation) {
    if (generation === session.generation) {
      clearTimeout(session.timer);
      session.timer = setTimeout(() => refresh(generation), POLL_MS);
    }
  }

  function refreshNow() {
    clearTimeout(session.timer);
    refresh(session.generation);
  }

  async function refresh(generation) {
    try {
      const status = await api('GET', '/api/v1/status');
      if (generation !== session.generation) {
        return;
      }
      renderStatus(status);
      await refreshAccount(generation);
      if (session.polls % FUNNEL_EVERY_POLLS === 0) {
        await refreshFunnel(generation);
      }
      session.polls += 1;
      session.lastSuccess = Date.now();
      hideBanner();
    } catch (e) {
      if (generation !== session.generation) {
        return;
      }
      if (e.status === 401) {
        signOut('The token was refused: ' + e.message);
        return;
      }
      showBanner('Refresh failed: ' + e.message + '. Retrying every ' + POLL_MS / 1000 + ' s; what is shown may be out of date.');
    } finally {
      showRefreshAge();
      schedule(generation);
    }
  }

  async function refreshAccount(generation) {
    const id = session.selectedAccount;
    if (!id) {
      return;
    }
    let risk = null;
    try {
      risk = await api('GET', '/api/v1/accounts/' + encodeURIComponent(id) + '/risk');
    } catch (e) {
      if (e.status !== 404) {
        throw e;
      }
    }
    if (generation === session.generation && id === session.selectedAccount) {
      renderChart(id, risk);
    }
  }

  async function refreshFunnel(generation) {
    let funnel;
    try {
      funnel = await api('GET', '/api/v1/funnel');
    } catch (e) {
      // A range too large to read is the funnel's own problem, not the console being down.
      if (e.status !== 422 && e.status !== 429) {
        throw e;
      }
      funnel = { problem: e.message };
    }
    if (generation === session.generation) {
      render('funnel', funnel, buildFunnel);
    }
  }

  // ---- the status document ----

  function renderStatus(status) {
    const killSwitch = status.killSwitch || {};
    renderKillSwitch(killSwitch);
    render('account-kills', killSwitch.accounts || [], buildAccountKills);
    render('alerts', status.openAlerts || [], buildAlerts);
    const accounts = Array.isArray(status.accounts) ? status.accounts : [];
    if (!session.selectedAccount && accounts.length > 0) {
      session.selectedAccount = accounts[0].accountId;
    }
    render('accounts', { accounts: accounts, selected: session.selectedAccount }, buildAccounts);
    const brokers = status.brokers || {};
    render('active-broker', brokers, buildActiveBroker);
    render('brokers', { brokers: brokers.brokers || [], now: status.at }, buildBrokers);
    render('breakers', status.circuitBreakers || [], buildBreakers);
    render('strategies', status.strategiesDisabled || [], buildStrategies);
    render('lag', status.lag === undefined ? null : status.lag, buildLag);
  }

  function renderKillSwitch(killSwitch) {
    const active = killSwitch.active === true;
    const record = killSwitch.record || {};
    const state = $('kill-state');
    state.textContent = active ? 'ACTIVE: ' + (killSwitch.mode || record.mode || '') : 'Inactive: trading allowed';
    state.className = 'kill-state ' + (active ? 'active' : 'inactive');
    state.dataset.active = String(active);
    $('kill-switch-panel').classList.toggle('active', active);
    render('kill-details', record, (r) => {
      const list = details([
        [active ? 'Activated by' : 'Last changed by', r.operator],
        ['Reason', r.reason],
        ['Origin', r.origin],
        ['At', time(r.at)],
      ]);
      return r.operator ? Array.from(list.childNodes) : [el('dt', { text: 'History' }),
        el('dd', { text: 'never activated' })];
    });
  }

  function buildAccountKills(kills) {
    if (kills.length === 0) {
      return [];
    }
    return [el('h3', { text: 'Account kill switches in force' }), table([
      { title: 'Account', cell: (r) => String(r.key || '').replace('kill-switch/account/', '') },
      { title: 'Mode', cell: (r) => ({ content: r.mode, className: 'bad' }) },
      { title: 'By', cell: (r) => r.operator },
      { title: 'Reason', cell: (r) => r.reason },
      { title: 'At', cell: (r) => time(r.at) },
    ], kills)];
  }

  function severityBadge(severity) {
    const tone = severity === 'CRITICAL' ? 'bad' : severity === 'WARNING' ? 'warn' : 'neutral';
    return badge(severity || '?', tone);
  }

  function buildAlerts(alerts) {
    if (alerts.length === 0) {
      return empty('No open alerts.');
    }
    return table([
      { title: 'Severity', cell: (a) => severityBadge(a.severity) },
      { title: 'Type', cell: (a) => a.type },
      { title: 'Subject', cell: (a) => a.subject },
      { title: 'Message', cell: (a) => a.message },
      { title: 'Service', cell: (a) => a.service },
      { title: 'At', cell: (a) => time(a.at) },
    ], alerts.slice().sort((a, b) => severityRank(a.severity) - severityRank(b.severity)
      || String(b.at).localeCompare(String(a.at))));
  }

  function severityRank(severity) {
    const rank = ['CRITICAL', 'WARNING'].indexOf(severity);
    return rank < 0 ? 2 : rank;
  }

  function drawdownBadge(state) {
    const tone = state === 'NORMAL' ? 'good' : state === 'RAMPUP' ? 'warn' : state ? 'bad' : 'neutral';
    return badge(state || '?', tone);
  }

  function selectAccount(id) {
    session.selectedAccount = id;
    session.rendered.delete('accounts');
    session.rendered.delete('chart');
    refreshNow();
  }

  function buildAccounts(data) {
    if (data.accounts.length === 0) {
      return empty('No account has published a risk state yet.');
    }
    return table([
      { title: 'Account', cell: (a) => a.accountId },
      { title: 'Drawdown state', cell: (a) => drawdownBadge(a.state) },
      { title: 'Equity', num: true, cell: (a) => number(a.equity, 2) },
      { title: 'Peak equity', num: true, cell: (a) => number(a.peakEquity, 2) },
      { title: 'Drawdown', num: true, cell: (a) => percent(a.drawdown) },
      { title: 'Cooldown ends', cell: (a) => a.cooldownEndsOn || '' },
      { title: 'Ramp-up ends', cell: (a) => a.rampupEndsOn || '' },
      { title: 'Last health check', cell: (a) => healthCheck(a.lastHealthCheck) },
      { title: 'Updated', cell: (a) => time(a.updatedAt) },
      { title: '', cell: (a) => el('button', { className: 'link', text: 'Chart',
        attrs: { type: 'button', 'aria-label': 'Chart for ' + a.accountId },
        onClick: () => selectAccount(a.accountId) }) },
    ], data.accounts, (a) => ({ className: a.accountId === data.selected ? 'selected' : '',
      attrs: { 'data-account': a.accountId } }));
  }

  function healthCheck(check) {
    if (!check || typeof check !== 'object') {
      return '';
    }
    const failures = Array.isArray(check.failures) ? check.failures : [];
    return (check.checkedOn || '') + (check.passed ? ' passed' : ' failed') + (failures.length ? ': '
      + failures.join('; ') : '');
  }

  function buildActiveBroker(brokers) {
    const record = brokers.activeBrokerRecord;
    if (!brokers.activeBroker) {
      return [el('strong', { text: 'Active broker: ' }), 'none chosen by a failover; routers use their primary.'];
    }
    return [el('strong', { text: 'Active broker: ' }), String(brokers.activeBroker),
      record ? ' (set by ' + record.operator + ', ' + record.origin + ', ' + time(record.at) + ': ' + record.reason + ')'
        : ''];
  }

  function tokenExpiry(expiresAt, nowIso) {
    if (!expiresAt) {
      return 'no expiry';
    }
    const now = Date.parse(nowIso) || Date.now();
    const left = Date.parse(expiresAt) - now;
    if (!Number.isFinite(left)) {
      return String(expiresAt);
    }
    if (left <= 0) {
      return { content: 'EXPIRED ' + span(left) + ' ago (' + time(expiresAt) + ')', className: 'bad' };
    }
    const text = 'in ' + span(left) + ' (' + time(expiresAt) + ')';
    return left < TOKEN_WARNING_MS ? { content: text, className: 'warn' } : text;
  }

  function buildBrokers(data) {
    if (data.brokers.length === 0) {
      return empty('No broker has published its status yet.');
    }
    return table([
      { title: 'Broker', cell: (b) => b.brokerId },
      { title: 'Role', cell: (b) => b.role },
      { title: 'Active', cell: (b) => yesNo(b.active) },
      { title: 'Connected', cell: (b) => b.connected === false ? { content: 'no', className: 'bad' } : yesNo(b.connected) },
      { title: 'Paused', cell: (b) => b.paused === true ? { content: 'yes', className: 'warn' } : yesNo(b.paused) },
      { title: 'Failures in a row', num: true, cell: (b) => b.consecutiveFailures },
      { title: 'Token expires', cell: (b) => tokenExpiry(b.tokenExpiresAt, data.now) },
      { title: 'Last error', cell: (b) => b.lastError || '' },
      { title: 'Updated', cell: (b) => time(b.updatedAt) },
    ], data.brokers, (b) => ({ attrs: { 'data-broker': b.brokerId } }));
  }

  function buildBreakers(breakers) {
    if (breakers.length === 0) {
      return empty('No circuit breaker has a record: all closed.');
    }
    return table([
      { title: 'Breaker', cell: (c) => String(c.key || '').replace('circuit-breaker/', '') },
      { title: 'State', cell: (c) => c.active ? badge('OPEN', 'bad') : badge('closed', 'good') },
      { title: 'Details', cell: (c) => params(c.params) },
      { title: 'By', cell: (c) => c.operator },
      { title: 'Reason', cell: (c) => c.reason },
      { title: 'At', cell: (c) => time(c.at) },
    ], breakers);
  }

  function buildStrategies(strategies) {
    if (strategies.length === 0) {
      return empty('None.');
    }
    return table([
      { title: 'Strategy', cell: (c) => String(c.key || '').replace('strategy/', '') },
      { title: 'By', cell: (c) => c.operator },
      { title: 'Reason', cell: (c) => c.reason },
      { title: 'At', cell: (c) => time(c.at) },
    ], strategies);
  }

  function lagBadge(state) {
    const tone = state === 'OK' ? 'good' : state === 'EXCEEDING' ? 'warn' : state ? 'bad' : 'neutral';
    return badge(state || '?', tone);
  }

  function buildLag(lag) {
    if (lag === null || typeof lag !== 'object') {
      return empty('Not reported yet.');
    }
    const out = [details([['Checked', time(lag.checkedAt)], ['Stale', lag.stale === true ? 'yes: the last check is old'
      : ''], ['Error', lag.error || '']])];
    const groups = Array.isArray(lag.groups) ? lag.groups : [];
    if (groups.length === 0) {
      out.push(empty('No consumer groups reported.'));
      return out;
    }
    out.push(table([
      { title: 'Group', cell: (g) => g.groupId },
      { title: 'State', cell: (g) => lagBadge(g.state) },
      { title: 'Total lag', num: true, cell: (g) => g.totalLag },
      { title: 'Max lag', num: true, cell: (g) => g.maxLag },
      { title: 'Threshold', num: true, cell: (g) => g.threshold },
      { title: 'Since', cell: (g) => time(g.since) },
      { title: 'Partitions', cell: (g) => partitions(g.partitions) },
    ], groups));
    return out;
  }

  function partitions(list) {
    if (!Array.isArray(list) || list.length === 0) {
      return '';
    }
    return el('details', {}, [el('summary', { text: list.length + ' partitions' }), table([
      { title: 'Topic', cell: (p) => p.topic },
      { title: 'Partition', num: true, cell: (p) => p.partition },
      { title: 'Committed', num: true, cell: (p) => p.committed },
      { title: 'End', num: true, cell: (p) => p.end },
      { title: 'Lag', num: true, cell: (p) => p.lag },
    ], list)]);
  }

  function buildFunnel(funnel) {
    if (!funnel || typeof funnel !== 'object') {
      return empty('Not read yet.');
    }
    if (funnel.problem) {
      return el('p', { className: 'field-error', text: 'The funnel could not be read: ' + funnel.problem });
    }
    const out = [details([
      ['Range', time(funnel.from) + ' to ' + time(funnel.to)],
      ['Signals', funnel.signals],
      ['Decided', funnel.decided],
      ['Approved', funnel.approved],
      ['Order intents', funnel.intents],
      ['Rejected by the broker', funnel.brokerRejected],
      ['Failed at the broker', funnel.failed],
      ['Filled', funnel.filled],
    ])];
    const reasons = Array.isArray(funnel.byReason) ? funnel.byReason : [];
    out.push(el('h3', { text: 'Rejections by reason' }));
    if (reasons.length === 0) {
      out.push(empty('No signal was rejected in this range.'));
      return out;
    }
    out.push(table([
      { title: 'Reason', cell: (r) => r.reason },
      { title: 'Rejected', num: true, cell: (r) => r.count },
    ], reasons));
    const gates = (Array.isArray(funnel.gates) ? funnel.gates : []).filter((g) => Number(g.stopped) > 0);
    out.push(el('h3', { text: 'Where they stopped, in check order' }));
    out.push(table([
      { title: 'Check', cell: (g) => g.gate },
      { title: 'Stopped', num: true, cell: (g) => g.stopped },
      { title: 'Still going after it', num: true, cell: (g) => g.remaining },
    ], gates));
    return out;
  }

  // ---- the equity and drawdown chart ----

  function renderChart(id, risk) {
    const history = risk && Array.isArray(risk.history) ? risk.history : [];
    $('account-chart').hidden = false;
    render('chart-title', id, (account) => 'Equity and drawdown: ' + account);
    const points = history.map((h) => ({ t: Date.parse(h.at), equity: Number(h.equity), peak: Number(h.peakEquity),
      drawdown: Number(h.drawdown), state: h.state }))
      .filter((p) => Number.isFinite(p.t) && Number.isFinite(p.equity))
      .sort((a, b) => a.t - b.t);
    render('chart-summary', points, summary);
    // Also redrawn when the canvas changed size, since its pixels follow the layout.
    const canvas = $('chart');
    render('chart', { points: points, width: canvas.clientWidth }, () => {
      drawChart(canvas, points);
      return [];
    });
  }

  function summary(points) {
    if (points.length === 0) {
      return 'No history for this account yet.';
    }
    const last = points[points.length - 1];
    const worst = Math.max.apply(null, points.map((p) => Number.isFinite(p.drawdown) ? p.drawdown : 0));
    return points.length + ' points from ' + time(new Date(points[0].t).toISOString()) + ' to '
      + time(new Date(last.t).toISOString()) + '. Equity now ' + number(last.equity, 2) + ', drawdown now '
      + percent(last.drawdown) + ' (' + last.state + '), deepest ' + percent(worst) + '.';
  }

  function drawChart(canvas, points) {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 900;
    const height = canvas.clientHeight || 320;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    g.font = '12px system-ui, sans-serif';
    g.fillStyle = '#5a6470';
    if (points.length === 0) {
      g.fillText('No history yet', 20, 30);
      return;
    }
    const left = 90;
    const right = width - 16;
    const equityPanel = { top: 24, bottom: Math.round(height * 0.6) };
    const drawdownPanel = { top: equityPanel.bottom + 28, bottom: height - 28 };

    const t0 = points[0].t;
    const t1 = points[points.length - 1].t === t0 ? t0 + 60000 : points[points.length - 1].t;
    const x = (t) => left + (right - left) * (t - t0) / (t1 - t0);

    const values = [];
    points.forEach((p) => {
      values.push(p.equity);
      if (Number.isFinite(p.peak)) {
        values.push(p.peak);
      }
    });
    let low = Math.min.apply(null, values);
    let high = Math.max.apply(null, values);
    const pad = high > low ? (high - low) * 0.08 : Math.max(Math.abs(high) * 0.01, 1);
    low -= pad;
    high += pad;
    const yEquity = (v) => equityPanel.bottom - (equityPanel.bottom - equityPanel.top) * (v - low) / (high - low);

    const deepest = Math.max.apply(null, points.map((p) => Number.isFinite(p.drawdown) ? p.drawdown : 0));
    const ddTop = Math.max(deepest * 1.15, 0.02);
    const yDrawdown = (v) => drawdownPanel.top + (drawdownPanel.bottom - drawdownPanel.top) * v / ddTop;

    axis(g, left, right, equityPanel, [low, (low + high) / 2, high], yEquity, (v) => number(v, 0));
    axis(g, left, right, drawdownPanel, [0, ddTop / 2, ddTop], yDrawdown, (v) => (v * 100).toFixed(1) + ' %');

    // Drawdown as a filled area hanging from zero.
    g.beginPath();
    g.moveTo(x(points[0].t), yDrawdown(0));
    points.forEach((p) => g.lineTo(x(p.t), yDrawdown(Number.isFinite(p.drawdown) ? p.drawdown : 0)));
    g.lineTo(x(points[points.length - 1].t), yDrawdown(0));
    g.closePath();
    g.fillStyle = 'rgba(179, 38, 30, 0.25)';
    g.fill();
    line(g, points.map((p) => [x(p.t), yDrawdown(Number.isFinite(p.drawdown) ? p.drawdown : 0)]), '#b3261e', []);

    line(g, points.filter((p) => Number.isFinite(p.peak)).map((p) => [x(p.t), yEquity(p.peak)]), '#6b7580', [6, 4]);
    line(g, points.map((p) => [x(p.t), yEquity(p.equity)]), '#1f56b5', []);
    points.forEach((p) => {
      g.fillStyle = p.state === 'NORMAL' ? '#1f56b5' : p.state === 'RAMPUP' ? '#8a5a00' : '#b3261e';
      g.beginPath();
      g.arc(x(p.t), yEquity(p.equity), 3, 0, 2 * Math.PI);
      g.fill();
    });

    g.fillStyle = '#1b1f24';
    g.fillText('Equity (blue), peak equity (dashed)', left, 14);
    g.fillText('Drawdown', left, drawdownPanel.top - 8);
    g.fillStyle = '#5a6470';
    g.textAlign = 'left';
    g.fillText(time(new Date(t0).toISOString()), left, height - 8);
    g.textAlign = 'right';
    g.fillText(time(new Date(t1).toISOString()), right, height - 8);
    g.textAlign = 'left';
  }

  function axis(g, left, right, panel, ticks, y, label) {
    g.strokeStyle = '#d4d9df';
    g.lineWidth = 1;
    g.setLineDash([]);
    g.fillStyle = '#5a6470';
    g.textAlign = 'right';
    ticks.forEach((v) => {
      const at = Math.round(y(v)) + 0.5;
      g.beginPath();
      g.moveTo(left, at);
      g.lineTo(right, at);
      g.stroke();
      g.fillText(label(v), left - 8, at + 4);
    });
    g.textAlign = 'left';
  }

  function line(g, xy, colour, dash) {
    if (xy.length === 0) {
      return;
    }
    g.strokeStyle = colour;
    g.lineWidth = 2;
    g.setLineDash(dash);
    g.beginPath();
    xy.forEach((p, i) => (i === 0 ? g.moveTo(p[0], p[1]) : g.lineTo(p[0], p[1])));
    g.stroke();
    g.setLineDash([]);
  }

  // ---- the kill switch commands ----

  function openDialog(action) {
    session.dialogAction = action;
    const activate = action === 'activate';
    $('dialog-title').textContent = activate ? 'Activate the global kill switch' : 'Resume trading';
    $('dialog-text').textContent = activate
      ? 'Every account stops opening positions at once and open orders are cancelled. Choose the mode and give '
      + 'the reason.'
      : 'Lifts the global kill switch; account kill switches and drawdown states stay as they are.';
    $('mode-field').hidden = !activate;
    $('mode-select').value = 'HALT_ONLY';
    $('reason-input').value = '';
    $('dialog-error').hidden = true;
    const confirm = $('dialog-confirm');
    confirm.textContent = activate ? 'Activate' : 'Resume';
    confirm.className = activate ? 'danger' : 'safe';
    confirm.disabled = false;
    $('reason-dialog').showModal();
    $('reason-input').focus();
  }

  function dialogError(text) {
    const error = $('dialog-error');
    error.textContent = text;
    error.hidden = false;
  }

  function commandResult(text, failed) {
    const result = $('command-result');
    result.textContent = text;
    result.classList.toggle('failed', failed);
    result.hidden = false;
  }

  async function confirmDialog(event) {
    event.preventDefault();
    const reason = $('reason-input').value.trim();
    if (!reason) {
      dialogError('A reason is required: it is recorded with the command in the audit log.');
      $('reason-input').focus();
      return;
    }
    const activate = session.dialogAction === 'activate';
    const confirm = $('dialog-confirm');
    confirm.disabled = true;
    try {
      const answer = activate
        ? await api('POST', '/api/v1/kill-switch', { mode: $('mode-select').value, reason: reason })
        : await api('DELETE', '/api/v1/kill-switch', { reason: reason });
      $('reason-dialog').close();
      commandResult((activate ? 'Kill switch activated' : 'Kill switch lifted') + (answer.mode ? ' (' + answer.mode
        + ')' : '') + ' by ' + answer.operator + ' at ' + time(answer.at) + ', reason "' + answer.reason
        + '", command ' + answer.commandId + '.', false);
      refreshNow();
    } catch (e) {
      dialogError(e.message);
      commandResult((activate ? 'Activation' : 'Resume') + ' refused: ' + e.message, true);
      if (e.status === 401) {
        $('reason-dialog').close();
        signOut('The token was refused: ' + e.message);
      }
    } finally {
      confirm.disabled = false;
    }
  }

  // ---- signing in and out ----

  function signIn(token) {
    session.token = token;
    session.generation += 1;
    session.polls = 0;
    session.lastSuccess = null;
    session.rendered.clear();
    $('login').hidden = true;
    $('dashboard').hidden = false;
    $('sign-out').hidden = false;
    hideBanner();
    showCaller(session.generation);
    refresh(session.generation);
  }

  /** Names the token's operator and role; a viewer's kill-switch buttons are disabled, not just refused. */
  async function showCaller(generation) {
    try {
      const me = await api('GET', '/api/v1/me');
      if (generation !== session.generation) {
        return;
      }
      $('caller').textContent = 'Signed in as ' + me.operator + ' (' + me.role + ')';
      $('caller').hidden = false;
      const mayAct = me.role !== 'VIEWER';
      ['activate', 'resume'].forEach((id) => {
        $(id).disabled = !mayAct;
        $(id).title = mayAct ? '' : 'Needs an OPERATOR or ADMIN token';
      });
    } catch (e) {
      if (e.status === 401) {
        signOut('The token was refused.');
      }
    }
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    session.token = null;
    session.generation += 1;
    session.selectedAccount = null;
    clearTimeout(session.timer);
    $('dashboard').hidden = true;
    $('login').hidden = false;
    $('sign-out').hidden = true;
    $('caller').hidden = true;
    $('command-result').hidden = true;
    if (message) {
      showBanner(message);
    } else {
      hideBanner();
    }
    showRefreshAge();
    $('token-input').focus();
  }

  function start() {
    $('login-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const token = $('token-input').value.trim();
      $('token-input').value = '';
      if (!token) {
        showBanner('Enter a bearer token.');
        return;
      }
      sessionStorage.setItem(TOKEN_KEY, token);
      signIn(token);
    });
    $('sign-out').addEventListener('click', () => signOut(null));
    $('activate').addEventListener('click', () => openDialog('activate'));
    $('resume').addEventListener('click', () => openDialog('resume'));
    $('reason-form').addEventListener('submit', confirmDialog);
    $('dialog-cancel').addEventListener('click', () => $('reason-dialog').close());
    setInterval(showRefreshAge, 1000);
    const saved = sessionStorage.getItem(TOKEN_KEY);
    if (saved) {
      signIn(saved);
    } else {
      $('token-input').focus();
    }
  }

  start();
}());
