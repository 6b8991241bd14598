// 指尖服务 staff console: the core — talking to the API, log-in, the hash router, and small DOM helpers.
// The pages (tickets.js, broadcasts.js, fraud.js, figures.js, matrix.js) register themselves with ZJ.page().
// Plain ES2020, no framework, no build step. Every piece of text from the server goes in with textContent
// (never innerHTML), and no style attribute is ever written as text: the page runs under a strict CSP.
'use strict';

window.ZJ = (() => {
  const STATION_TZ = 'Asia/Shanghai';
  const FETCH_TIMEOUT_MS = 10000;
  const ANSWER_POLL_MS = 600;
  const ANSWER_WAIT_MS = 30000;

  const state = {
    me: null,           // the /api/console/me body: {id, name, roles, reach, grids, police, editsMatrix, csrf}
    pages: {},          // name → {title, render(view, arg, query), police?}
    timers: [],         // intervals of the page on show, cleared on every route change
    route: 0,           // bumps on every route change: late answers of an old page are dropped
    gridNames: {},      // grid id → name, from what the server told us
    chatNames: {},      // chat id → name
  };

  // ------------------------------------------------------------------ DOM helpers

  /**
   * h('div', {class: 'x', text: '…', on: {click: fn}, data: {k: v}, attrs: {…}}, child, …) — builds an element.
   * Children may be strings (text nodes), elements, arrays or null.
   */
  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v == null || v === false) continue;
        if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
        else if (k === 'text') el.textContent = String(v);
        else if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
        else if (k === 'data') for (const [dk, dv] of Object.entries(v)) { if (dv != null) el.dataset[dk] = String(dv); }
        else if (k === 'value') el.value = String(v);
        else if (k === 'attrs') for (const [ak, av] of Object.entries(v)) { if (av != null && av !== false) el.setAttribute(ak, av === true ? '' : String(av)); }
        else if (k in el && typeof v !== 'string') el[k] = v;   // value, checked, disabled, hidden …
        else el.setAttribute(k, v === true ? '' : String(v));
      }
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const c of children) {
      if (c == null || c === false) continue;
      if (Array.isArray(c)) append(el, c);
      else if (c instanceof Node) el.appendChild(c);
      else el.appendChild(document.createTextNode(String(c)));
    }
    return el;
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
    return el;
  }

  /** A labelled form field: label text above the control (and an optional hint below). */
  function field(label, control, hint) {
    return h('label', { class: 'field' }, h('span', { class: 'field-label', text: label }), control,
      hint ? h('span', { class: 'field-hint', text: hint }) : null);
  }

  function select(options, value, props) {
    const s = h('select', props || {});
    for (const o of options) {
      const opt = h('option', { value: o.value, text: o.label });
      if (String(o.value) === String(value)) opt.selected = true;
      s.appendChild(opt);
    }
    return s;
  }

  /** A chip: a short coloured label (state, category …). */
  function chip(text, kind, title) {
    return h('span', { class: ['chip', kind ? 'chip-' + kind : null], text, title: title || null });
  }

  /** A figure with its label underneath. */
  function tile(label, value) {
    return h('div', { class: 'tile' }, h('div', { class: 'tile-value', text: value == null ? '0' : String(value) }),
      h('div', { class: 'tile-label', text: label }));
  }

  function empty(text) {
    return h('p', { class: 'empty', text });
  }

  /** A box for an error or the bot's answer, with role=alert/status so screen readers hear it. */
  function note(kind, text) {
    return h('div', { class: ['note', 'note-' + kind], attrs: { role: kind === 'error' ? 'alert' : 'status' } },
      text == null ? null : h('div', { class: 'note-text', text }));
  }

  // ------------------------------------------------------------------ time

  const fmtFull = new Intl.DateTimeFormat('zh-CN', { timeZone: STATION_TZ, month: 'numeric', day: 'numeric',
    hour: '2-digit', minute: '2-digit', hour12: false });
  const fmtDay = new Intl.DateTimeFormat('zh-CN', { timeZone: STATION_TZ, year: 'numeric', month: 'numeric', day: 'numeric' });

  /** 11月22日 12:05 in the station's time. */
  function time(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    if (isNaN(d)) return iso;
    const p = Object.fromEntries(fmtFull.formatToParts(d).map(x => [x.type, x.value]));
    return `${p.month}月${p.day}日 ${p.hour}:${p.minute}`;
  }

  function day(iso) {
    return iso ? fmtDay.format(new Date(iso)) : '—';
  }

  /** 3 分钟 / 2 小时 15 分 / 3 天 — a duration in words. */
  function duration(ms) {
    const m = Math.round(Math.abs(ms) / 60000);
    if (m < 1) return '不到 1 分钟';
    if (m < 60) return `${m} 分钟`;
    const hrs = Math.floor(m / 60), mins = m % 60;
    if (hrs < 48) return mins ? `${hrs} 小时 ${mins} 分` : `${hrs} 小时`;
    return `${Math.round(hrs / 24)} 天`;
  }

  /** "还有 2 小时" / "已超时 5 分钟" relative to the server's now. */
  function until(iso, nowIso) {
    if (!iso) return '';
    const ms = new Date(iso) - new Date(nowIso || Date.now());
    return ms >= 0 ? `还有 ${duration(ms)}` : `已超时 ${duration(ms)}`;
  }

  // ------------------------------------------------------------------ API

  class ApiError extends Error {
    constructor(status, error, message) {
      super(message);
      this.status = status;
      this.error = error;
    }
  }

  /**
   * Calls the console API: JSON in and out, the session cookie by the browser, the CSRF token on every POST.
   * Throws ApiError with the server's Chinese message. A 401 (outside log-in) ends the session on the page.
   */
  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') {
      headers['Content-Type'] = 'application/json';
      if (state.me && state.me.csrf) headers['X-CSRF-Token'] = state.me.csrf;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), FETCH_TIMEOUT_MS);
    let r;
    try {
      r = await fetch(path, { method, headers, credentials: 'same-origin', cache: 'no-store', signal: ctl.signal,
        body: method === 'GET' ? undefined : JSON.stringify(body || {}) });
    } catch (e) {
      throw new ApiError(0, 'network', '连不上网关，请检查网络后重试');
    } finally {
      clearTimeout(timer);
    }
    let data = null;
    const text = await r.text();
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
    if (!r.ok) {
      const msg = data && data.message ? data.message : `请求失败（${r.status}）`;
      const err = new ApiError(r.status, data && data.error, msg);
      if (r.status === 401 && state.me && !path.startsWith('/api/console/login') && !path.startsWith('/api/console/password')) {
        signedOut('登录已过期，请重新登录');
      }
      throw err;
    }
    return data;
  }

  const get = (path) => api('GET', path);
  const post = (path, body) => api('POST', path, body);

  /**
   * Waits for the bot's answer to a console action (the 202's id): polls until there is one, then once more for
   * the rest of a longer answer. Returns the list of texts (empty when the bot said nothing in time).
   */
  async function answers(accepted) {
    const started = Date.now();
    let got = [];
    while (Date.now() - started < ANSWER_WAIT_MS) {
      await sleep(ANSWER_POLL_MS);
      const body = await get('/api/console/answers/' + encodeURIComponent(accepted.id));
      got = body.answers || [];
      if (got.length) break;
    }
    if (got.length) {
      await sleep(ANSWER_POLL_MS);
      try { got = (await get('/api/console/answers/' + encodeURIComponent(accepted.id))).answers || got; } catch (e) { /* keep what we have */ }
    }
    return got;
  }

  /**
   * Does a console action: POST, then shows "已提交…" and the bot's answer in the given box. Returns the answers.
   * The button is disabled while it runs.
   */
  async function act(box, path, body, button) {
    clear(box);
    box.hidden = false;
    box.className = 'note note-info';
    box.setAttribute('role', 'status');
    append(box, [h('div', { class: 'note-text', text: '已提交，等待机器人答复…' })]);
    if (button) button.disabled = true;
    try {
      const accepted = await post(path, body);
      const said = await answers(accepted);
      clear(box);
      if (!said.length) {
        box.className = 'note note-warn';
        append(box, [h('div', { class: 'note-text', text: '已提交，机器人还没有答复；稍后刷新看看。' })]);
      } else {
        box.className = 'note note-answer';
        append(box, [h('div', { class: 'note-title', text: '机器人答复' }),
          said.map(s => h('div', { class: 'note-text answer-text', text: s }))]);
      }
      return said;
    } catch (e) {
      showError(box, e);
      return null;
    } finally {
      if (button) button.disabled = false;
    }
  }

  function showError(box, e) {
    clear(box);
    box.hidden = false;
    box.className = 'note note-error';
    box.setAttribute('role', 'alert');
    append(box, [h('div', { class: 'note-text', text: e && e.message ? e.message : String(e) })]);
  }

  function sleep(ms) {
    return new Promise(r => setTimeout(r, ms));
  }

  // ------------------------------------------------------------------ flash

  let flashTimer = null;

  function flash(text, kind) {
    const el = document.getElementById('flash');
    el.textContent = text;
    el.className = 'flash flash-' + (kind || 'info');
    el.hidden = false;
    clearTimeout(flashTimer);
    flashTimer = setTimeout(() => { el.hidden = true; }, 6000);
  }

  // ------------------------------------------------------------------ names

  /** Remembers names the server told us (grids, chats), for pickers and labels. */
  function learnNames(list) {
    for (const x of list || []) {
      if (x.grid && x.gridName) state.gridNames[x.grid] = x.gridName;
      if (x.chat && x.chatName) state.chatNames[x.chat] = x.chatName;
    }
  }

  function gridName(id) {
    if (!id) return '—';
    if (id === '-') return '（无网格）';
    return state.gridNames[id] || id;
  }

  function chatName(id) {
    if (!id) return '—';
    if (state.chatNames[id]) return state.chatNames[id];
    if (id.startsWith('dm:')) return '私聊';
    return id;
  }

  // ------------------------------------------------------------------ pages and routes

  function page(name, def) {
    state.pages[name] = def;
  }

  /** Runs fn every ms while the current page is on show (and once at once when now is true). */
  function every(ms, fn, now) {
    const route = state.route;
    let busy = false;
    const tick = async () => {
      if (busy || route !== state.route || document.hidden) return;
      busy = true;
      try { await fn(); } catch (e) { /* the page shows its own errors */ } finally { busy = false; }
    };
    state.timers.push(setInterval(tick, ms));
    if (now) tick();
  }

  /** Whether a page that started rendering for route number r is still the page on show. */
  function current(r) {
    return r === state.route;
  }

  function parseHash() {
    const raw = decodeURIComponent(location.hash.replace(/^#/, ''));
    const q = raw.indexOf('?');
    const path = q < 0 ? raw : raw.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
    const [name, ...rest] = path.split('/');
    return { name: name || '', arg: rest.join('/') || null, query };
  }

  function go(hash) {
    if (location.hash === '#' + hash) route();
    else location.hash = hash;
  }

  async function route() {
    state.timers.forEach(clearInterval);
    state.timers = [];
    state.route++;
    const r = state.route;
    closeNav();
    const { name, arg, query } = parseHash();
    const view = document.getElementById('view');

    if (name === 'welcome') return renderWelcome(view, query);
    if (!state.me) {
      try {
        state.me = await get('/api/console/me');
      } catch (e) {
        if (!current(r)) return;
        if (e.status === 401 || e.status === 403) return renderLogin(view, e.status === 403 ? e.message : null);
        clear(view);
        append(view, [note('error', e.message), h('button', { class: 'button', text: '重试', on: { click: route } })]);
        return;
      }
      if (!current(r)) return;
    }
    Object.assign(state.gridNames, state.me.gridNames || {});
    showChrome();
    const pageName = state.pages[name] ? name : 'tickets';
    const def = state.pages[pageName];
    if (def.police && !state.me.police) {
      clear(view);
      append(view, [h('h1', { text: def.title }), note('info', '这一页只对民警开放。')]);
      return;
    }
    markNav(pageName);
    document.title = `${def.title} · 指尖服务工作台`;
    clear(view);
    view.dataset.page = pageName;
    try {
      await def.render(view, arg, query, r);
    } catch (e) {
      if (!current(r)) return;
      append(view, [note('error', e.message || String(e))]);
    }
  }

  // ------------------------------------------------------------------ chrome: header and nav

  function showChrome() {
    const me = state.me;
    document.getElementById('top').hidden = false;
    document.getElementById('me-name').textContent = me.name;
    document.getElementById('me-roles').textContent = (me.roles || []).join('、');
    for (const a of document.querySelectorAll('#nav [data-police]')) a.hidden = !me.police;
    if (!state.simChecked) {
      // the simulator link only while the simulator is on (training); in production it is off
      state.simChecked = true;
      fetch('/api/sim/chats', { credentials: 'same-origin', cache: 'no-store' })
        .then(r => { document.getElementById('nav-sim').hidden = !r.ok; })
        .catch(() => { document.getElementById('nav-sim').hidden = true; });
    }
  }

  function markNav(name) {
    for (const a of document.querySelectorAll('#nav a[data-page]')) {
      const on = a.dataset.page === name;
      a.classList.toggle('active', on);
      if (on) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
  }

  function closeNav() {
    document.getElementById('nav').classList.remove('open');
    document.getElementById('nav-toggle').setAttribute('aria-expanded', 'false');
  }

  function signedOut(message) {
    state.me = null;
    document.getElementById('top').hidden = true;
    state.timers.forEach(clearInterval);
    state.timers = [];
    state.route++;
    renderLogin(document.getElementById('view'), message);
  }

  // ------------------------------------------------------------------ log-in and setting a password

  function howToGetCode() {
    return h('div', { class: 'help' },
      h('h2', { text: '第一次使用，或者忘了密码？' }),
      h('ol', null,
        h('li', { text: '在企业微信（或微信）里打开和机器人「指尖服务」的私聊。' }),
        h('li', null, '发送 ', h('b', { text: '控制台' }), ' 三个字。'),
        h('li', { text: '机器人回一个一次性链接（15 分钟内有效，只能用一次）。在手机或电脑上打开它，设置您自己的密码。' }),
        h('li', { text: '以后用登录账号（链接里写着，如 p-tashi）和这个密码登录。' })),
      h('p', { class: 'muted', text: '口令只在私聊里发，不会发到群里；请不要转发给任何人。' }));
  }

  function renderLogin(view, message) {
    document.getElementById('top').hidden = true;
    document.title = '登录 · 指尖服务工作台';
    clear(view);
    view.dataset.page = 'login';
    const err = h('div', { class: 'note note-error', attrs: { role: 'alert' }, hidden: !message, text: message || '' });
    const user = h('input', { name: 'user', id: 'login-user', autocomplete: 'username', required: true, spellcheck: 'false',
      autocapitalize: 'none', placeholder: '如 p-tashi' });
    const pass = h('input', { name: 'password', id: 'login-password', type: 'password', autocomplete: 'current-password', required: true });
    const button = h('button', { type: 'submit', class: 'button primary', text: '登录' });
    const form = h('form', { class: 'login-form', id: 'login-form', on: { submit: async (ev) => {
      ev.preventDefault();
      button.disabled = true;
      err.hidden = true;
      try {
        state.me = await post('/api/console/login', { user: user.value.trim(), password: pass.value });
        pass.value = '';
        if (!location.hash || location.hash === '#login') location.hash = 'tickets';
        else route();
      } catch (e) {
        err.textContent = e.status === 429 ? e.message : e.message;
        err.hidden = false;
        pass.select();
      } finally {
        button.disabled = false;
      }
    } } },
      field('登录账号', user), field('密码', pass), err, button);
    append(view, [h('section', { class: 'login' },
      h('div', { class: 'login-card' },
        h('div', { class: 'login-brand' }, h('span', { class: 'logo', attrs: { 'aria-hidden': 'true' }, text: '警' }),
          h('div', null, h('h1', { text: '指尖服务工作台' }), h('p', { class: 'muted', text: '派出所两级群矩阵 · 工作人员登录' }))),
        form),
      howToGetCode())]);
    user.focus();
  }

  function renderWelcome(view, query) {
    document.getElementById('top').hidden = true;
    document.title = '设置密码 · 指尖服务工作台';
    clear(view);
    view.dataset.page = 'welcome';
    const id = query.get('id') || '';
    const code = query.get('code') || '';
    // the code is in the address bar only until it is read: it is not left in history for the next person
    history.replaceState(null, '', location.pathname + '#welcome');
    if (!code) {
      append(view, [h('section', { class: 'login' }, h('div', { class: 'login-card' },
        h('h1', { text: '设置密码' }),
        note('error', '链接里没有一次性口令。请私聊机器人重新发送「控制台」，打开新收到的链接。'),
        h('a', { class: 'button', href: '#login', text: '去登录' })), howToGetCode())]);
      return;
    }
    const err = h('div', { class: 'note note-error', attrs: { role: 'alert' }, hidden: true });
    const pass = h('input', { type: 'password', id: 'new-password', autocomplete: 'new-password', required: true, minLength: 8 });
    const again = h('input', { type: 'password', id: 'new-password-again', autocomplete: 'new-password', required: true });
    const button = h('button', { type: 'submit', class: 'button primary', text: '设置密码并登录' });
    const form = h('form', { class: 'login-form', id: 'welcome-form', on: { submit: async (ev) => {
      ev.preventDefault();
      err.hidden = true;
      if (pass.value !== again.value) {
        err.textContent = '两次输入的密码不一样';
        err.hidden = false;
        return;
      }
      button.disabled = true;
      try {
        state.me = await post('/api/console/password', { code, password: pass.value });
        pass.value = again.value = '';
        flash('密码已设置，欢迎使用工作台', 'ok');
        location.hash = 'tickets';
      } catch (e) {
        err.textContent = e.message;
        err.hidden = false;
      } finally {
        button.disabled = false;
      }
    } } },
      id ? h('p', null, '登录账号：', h('b', { class: 'mono', id: 'welcome-user', text: id }), '（以后用它登录）') : null,
      field('新密码', pass, '至少 8 位，混用字母和数字，不要包含登录账号'),
      field('再输一遍', again), err, button,
      h('p', { class: 'muted' }, '已经设置过密码？', h('a', { href: '#login', text: '直接登录' })));
    append(view, [h('section', { class: 'login' }, h('div', { class: 'login-card' },
      h('h1', { text: '设置密码' }),
      h('p', { class: 'muted', text: '这个链接里的一次性口令只能用一次。设置好以后，用账号和密码登录。' }),
      form))]);
    pass.focus();
  }

  async function logout() {
    try { await post('/api/console/logout', {}); } catch (e) { /* the session is gone either way */ }
    state.me = null;
    location.hash = 'login';
    signedOut('已退出');
  }

  // ------------------------------------------------------------------ tables that become cards on a phone

  /**
   * A table whose rows turn into cards on narrow screens. columns: [{label, cell: row → Node|string, class?}].
   * onOpen(row) makes a row clickable (and keyboard-reachable).
   */
  function table(columns, rows, onOpen, props) {
    const thead = h('thead', null, h('tr', null, columns.map(c => h('th', { class: c.class || null, text: c.label }))));
    const tbody = h('tbody');
    for (const row of rows) {
      const tr = h('tr', { class: onOpen ? 'clickable' : null });
      if (onOpen) {
        tr.tabIndex = 0;
        tr.addEventListener('click', (ev) => { if (!ev.target.closest('a,button,input,select,textarea')) onOpen(row); });
        tr.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') onOpen(row); });
      }
      for (const c of columns) {
        const v = c.cell(row);
        tr.appendChild(h('td', { class: c.class || null, data: { label: c.label } }, v == null || v === '' ? '—' : v));
      }
      tbody.appendChild(tr);
    }
    return h('div', { class: 'table-wrap' }, h('table', Object.assign({ class: 'cards' }, props || {}), thead, tbody));
  }

  // ------------------------------------------------------------------ start

  function start() {
    document.getElementById('nav-toggle').addEventListener('click', () => {
      const nav = document.getElementById('nav');
      const open = !nav.classList.contains('open');
      nav.classList.toggle('open', open);
      document.getElementById('nav-toggle').setAttribute('aria-expanded', String(open));
    });
    document.getElementById('logout').addEventListener('click', logout);
    window.addEventListener('hashchange', route);
    route();
  }

  document.addEventListener('DOMContentLoaded', start);

  return {
    state, h, append, clear, field, select, chip, tile, empty, note, table,
    time, day, duration, until, api, get, post, answers, act, showError, flash, sleep,
    learnNames, gridName, chatName, page, every, current, go, route, ApiError,
  };
})();
