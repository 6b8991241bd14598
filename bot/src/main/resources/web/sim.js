// 指尖服务 simulator page: play every chat of the matrix, answer tickets as staff, watch deadlines.
// Plain ES2020, no dependencies. All user-provided text is inserted with textContent / text nodes only.
'use strict';

(() => {
  // ------------------------------------------------------------------ constants

  const POLL_CURRENT_MS = 1200;   // the open chat
  const POLL_OTHERS_MS = 5000;    // every other chat (unread badges)
  const POLL_TICKETS_MS = 2000;   // ticket list and the open ticket
  const POLL_HEALTH_MS = 5000;
  const POLL_CHATS_MS = 30000;    // the chat list itself (new residents get private chats)
  const BG_CONCURRENCY = 6;
  const FETCH_TIMEOUT_MS = 8000;
  let STATION_TZ = 'Asia/Shanghai'; // replaced by the station's zone from /api/sim/chats
  const TICKET_RE = /[A-Z]{1,6}-\d{8}-\d{3,6}/g;
  const NEW_SPEAKER = '__new__';
  const OPEN_STATES = new Set(['RECEIVED', 'DISPATCHED', 'SIGNED', 'IN_PROGRESS']);
  const KIND_ORDER = ['village', 'enterprise', 'venue', 'parents'];
  // Emergency / report sub-kinds: the API gives only the key, so the common ones are named here.
  const KIND_LABELS = {
    suicide: '轻生', drowning: '落水', fire: '火灾', missing: '走失', violence: '暴力',
    accident: '事故', medical: '急病', clue: '线索',
  };
  const STATE_CLASS = {
    RECEIVED: 'st-received', DISPATCHED: 'st-dispatched', SIGNED: 'st-signed', IN_PROGRESS: 'st-progress',
    CLOSED: 'st-closed', FOLLOWED_UP: 'st-closed', RATED: 'st-closed',
  };
  const BAD_EVENTS = new Set(['SIGN_MISSED', 'FINISH_MISSED', 'ESCALATED', 'RETURNED']);

  // Demo stories for the quick-try row (they only fill the composer, never send).
  const STORIES = [
    { label: '问身份证', chat: 'g-zhangda', from: 'r-ciren', text: '@指尖服务 办身份证要带什么' },
    { label: '运费纠纷', chat: 'g-ent-transport', from: 'r-ciren', text: '县城那个老板欠我运费三千八一直不给，能不能帮忙调解一下' },
    { label: '学生走失', chat: 'g-parents-school', from: 'r-zhuoma', text: '我们班一个学生放学后一直没回家，到处找不到人了！' },
    { label: '举报赌博', chat: 'g-zhangda', from: 'r-lhakpa', text: '我要举报，村东头有人聚众赌博' },
    { label: '预约办证', chat: 'g-zhangda', from: 'r-ciren', text: '@指尖服务 预约明天上午办身份证' },
    { label: '发布反诈预警', chat: 'g-tier1', from: 'p-duoji', text: '发布【反诈预警】全乡：近期有人冒充快递客服，以“理赔”为名要求共享屏幕、转账，这是诈骗，请勿操作！' },
    { label: '发布寻人', chat: 'g-tier1', from: 'p-tashi', text: '发布【寻人】章达村 阿扎乡小学：阿扎乡完小三年级学生丹增，男，9岁，穿蓝色校服，今天放学后未回家。' },
    { label: '目击线索', chat: 'g-parents-school', from: 'r-zhuoma', text: '我在服务区看见一个穿蓝色校服的孩子，往县城方向走了' },
    { label: '群里的刷单诈骗', chat: 'g-zhangda', from: 'r-sonam', text: '宝妈学生兼职，手机点赞一单3元日结，先垫付38返46，下载APP http://jz-task.top/r8 或加QQ 2873641952' },
    { label: '这是诈骗吗', chat: 'dm:r-lhakpa', from: 'r-lhakpa', text: '【积分兑换】您的话费积分8600即将清零，立即登录 http://10086-jf.icu/dh 领取现金 这是诈骗吗' },
  ];
  const STAFF_STORIES = [
    { label: '接单', prefer: ['DISPATCHED'], make: (id) => `接单 ${id}` },
    { label: '回复', prefer: ['SIGNED', 'IN_PROGRESS'], make: (id) => `回复 ${id} 您好，我们马上联系对方` },
    { label: '办结', prefer: ['SIGNED', 'IN_PROGRESS'], make: (id) => `办结 ${id} 已调解，运费当场结清` },
  ];

  // ------------------------------------------------------------------ state

  const S = {
    bot: { id: 'bot', name: '指尖服务' },
    station: '',
    chats: [],
    chatsJson: '',
    chatById: new Map(),
    people: new Map(),        // person id -> {id, name, role, roleName}
    cache: new Map(),         // chat id -> {msgs, lastSeq, lastId, loaded, unread, inflight, again}
    items: new Map(),         // chat id -> list item DOM refs
    current: null,
    speakers: new Map(),      // chat id -> speaker id
    newResidents: new Map(),  // chat id -> [{id, name}] created on this page
    tickets: [],
    ticketsJson: '',
    ticketsLoaded: false,
    ticketPrefixes: new Set(),
    selectedTicket: null,
    detailJson: '',
    detailError: null,
    tab: 'chat',
    sending: false,
    retry: null,              // {key, id}: reuse a client id after a network failure
    stick: true,              // keep the conversation scrolled to the bottom
    pendingNew: 0,
    failures: new Set(),
    clockOffset: 0,           // server time minus local time, estimated from message times
  };

  const $ = (id) => document.getElementById(id);
  const els = {
    banner: $('banner'), healthDot: $('health-dot'), healthText: $('health-text'), station: $('station-name'),
    panes: $('panes'), search: $('chat-search'), list: $('chat-list'),
    chatName: $('chat-name'), chatSub: $('chat-sub'), chatBack: $('chat-back'),
    messages: $('messages'), newPill: $('new-pill'),
    tries: $('tries'), triesResidents: $('tries-residents'), triesStaff: $('tries-staff'), triesNote: $('tries-note'),
    composer: $('composer'), speaker: $('speaker'), newName: $('new-name'), atBot: $('at-bot'),
    staffHint: $('staff-hint'), text: $('text'), send: $('send'), error: $('composer-error'),
    ticketList: $('ticket-list'), ticketDetail: $('ticket-detail'), ticketsCount: $('tickets-count'),
    openOnly: $('open-only'), tabbar: $('tabbar'),
    tabBadgeList: $('tab-badge-list'), tabBadgeTickets: $('tab-badge-tickets'),
  };

  // ------------------------------------------------------------------ small helpers

  /** Creates an element. Strings among the children become text nodes, never markup. */
  function h(tag, props, ...kids) {
    const el = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v == null || v === false) continue;
        if (k === 'class') el.className = v;
        else if (k === 'text') el.textContent = v;
        else if (k === 'dataset') Object.assign(el.dataset, v);
        else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
        else el.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid == null || kid === false) continue;
      el.append(kid instanceof Node ? kid : String(kid));
    }
    return el;
  }

  const store = {
    get(key, dflt) {
      try {
        const v = localStorage.getItem('zjsim.' + key);
        return v == null ? dflt : JSON.parse(v);
      } catch (e) { return dflt; }
    },
    set(key, v) {
      try { localStorage.setItem('zjsim.' + key, JSON.stringify(v)); } catch (e) { /* private mode */ }
    },
  };

  function randomHex(bytes) {
    const a = new Uint8Array(bytes);
    if (window.crypto && crypto.getRandomValues) crypto.getRandomValues(a);
    else for (let i = 0; i < bytes; i++) a[i] = Math.floor(Math.random() * 256);
    return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  const newClientId = () => 'web-' + Date.now().toString(36) + '-' + randomHex(8);

  function now() { return Date.now() + S.clockOffset; }

  /** Fetches JSON; throws Error with .network (gateway unreachable / 5xx) or .status and the API's message. */
  async function api(path, opts) {
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(), FETCH_TIMEOUT_MS);
    let res;
    try {
      res = await fetch(path, Object.assign({ cache: 'no-store', signal: ctrl.signal }, opts || {}));
    } catch (e) {
      const err = new Error(e && e.name === 'AbortError' ? '请求超时，网关没有响应' : '连不上网关');
      err.network = true;
      throw err;
    } finally {
      clearTimeout(timer);
    }
    let body = null;
    try {
      const txt = await res.text();
      body = txt ? JSON.parse(txt) : null;
    } catch (e) { body = null; }
    if (!res.ok) {
      const msg = body && typeof body.message === 'string' ? body.message : `请求失败（HTTP ${res.status}）`;
      const err = new Error(msg);
      err.status = res.status;
      err.code = body && body.error;
      err.network = res.status >= 500;
      throw err;
    }
    return body;
  }

  /** Records the outcome of one kind of background request; the banner shows while any of them fails. */
  function track(key, ok) {
    if (ok) S.failures.delete(key); else S.failures.add(key);
    els.banner.hidden = S.failures.size === 0;
  }

  /** Runs fn, then again after ms (or what fn returns), forever; one run at a time. */
  function loop(fn, ms) {
    const run = async () => {
      let next = ms;
      try {
        const r = await fn();
        if (typeof r === 'number') next = r;
      } catch (e) {
        console.warn(e);
      }
      setTimeout(run, next);
    };
    run();
  }

  // Station-time formatting (the bot's texts use station time, so the page does too).
  let partsFmt;
  function buildFormatter() {
    try {
      partsFmt = new Intl.DateTimeFormat('zh-CN', {
        timeZone: STATION_TZ, year: 'numeric', month: 'numeric', day: 'numeric',
        hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
      });
    } catch (e) {
      partsFmt = new Intl.DateTimeFormat('zh-CN', {
        year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
      });
    }
  }
  buildFormatter();
  function parts(ms) {
    const o = {};
    for (const p of partsFmt.formatToParts(new Date(ms))) o[p.type] = p.value;
    const hh = o.hour === '24' ? '00' : o.hour;
    return { y: o.year, mo: o.month, d: o.day, hm: `${hh}:${o.minute}`, s: o.second };
  }
  const dayKey = (ms) => { const p = parts(ms); return `${p.y}-${p.mo}-${p.d}`; };
  const fmtHM = (ms) => parts(ms).hm;
  function fmtShort(ms) {
    if (!Number.isFinite(ms)) return '';
    return dayKey(ms) === dayKey(now()) ? fmtHM(ms) : `${parts(ms).mo}/${parts(ms).d}`;
  }
  function fmtFull(ms) {
    if (!Number.isFinite(ms)) return '';
    const p = parts(ms);
    return `${p.mo}月${p.d}日 ${p.hm}:${p.s}`;
  }
  function fmtSeparator(ms) {
    const p = parts(ms);
    return dayKey(ms) === dayKey(now()) ? p.hm : `${p.mo}月${p.d}日 ${p.hm}`;
  }
  const tms = (iso) => (iso ? Date.parse(iso) : NaN);

  /** "02:41", "1小时05分", "2天3小时" for a span in milliseconds. */
  function fmtSpan(ms) {
    const s = Math.floor(Math.abs(ms) / 1000);
    if (s < 3600) return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
    if (s < 86400) return `${Math.floor(s / 3600)}小时${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}分`;
    return `${Math.floor(s / 86400)}天${Math.floor((s % 86400) / 3600)}小时`;
  }

  function personOf(id) { return S.people.get(id) || null; }
  function chatOf(id) { return S.chatById.get(id) || null; }
  const isPrivate = (c) => !!c && (c.kind === 'private' || (c.tier == null && String(c.chat).startsWith('dm:')));
  const isStaffRole = (role) => !!role && role !== 'resident';
  const botName = () => (S.bot && S.bot.name) || '指尖服务';
  const atBot = () => '@' + botName();

  // ------------------------------------------------------------------ chats and the chat list

  async function loadChats() {
    let body;
    try {
      body = await api('/api/sim/chats');
      track('chats', true);
    } catch (e) {
      track('chats', !e.network);
      throw e;
    }
    const json = JSON.stringify(body);
    if (json === S.chatsJson) return;
    S.chatsJson = json;
    if (body.bot) S.bot = { id: body.bot.id || 'bot', name: body.bot.name || '指尖服务', aliases: body.bot.aliases || [] };
    if (body.zone && body.zone !== STATION_TZ) {
      STATION_TZ = body.zone;
      buildFormatter();
    }
    if (body.ticketPrefix) S.ticketPrefixes.add(body.ticketPrefix);
    S.station = body.station || '';
    els.station.textContent = S.station || '派出所';
    document.title = `${S.station ? S.station + ' · ' : ''}指尖服务 · 模拟器`;
    S.chats = Array.isArray(body.chats) ? body.chats.filter((c) => c && c.chat) : [];
    S.chatById = new Map(S.chats.map((c) => [c.chat, c]));
    S.people = new Map();
    for (const c of S.chats) {
      for (const m of c.members || []) if (m && m.id && !S.people.has(m.id)) S.people.set(m.id, m);
    }
    renderChatList();
    renderTries();
    if (S.current && S.chatById.has(S.current)) {
      renderChatHead();
      renderSpeakers();
    }
  }

  /** Splits the chats into the list's sections, in display order. */
  function sections() {
    const tier1 = [], tier2 = new Map(), staffDm = [], residentDm = [], other = [];
    for (const c of S.chats) {
      if (isPrivate(c)) {
        const m = (c.members || [])[0];
        (m && isStaffRole(m.role) ? staffDm : residentDm).push(c);
      } else if (c.tier === 1) {
        tier1.push(c);
      } else if (c.tier === 2) {
        const k = c.kind || 'other';
        if (!tier2.has(k)) tier2.set(k, { label: c.kindName || '其他群', chats: [] });
        tier2.get(k).chats.push(c);
      } else {
        other.push(c);
      }
    }
    const kinds = [...tier2.keys()].sort((a, b) => {
      const ia = KIND_ORDER.indexOf(a), ib = KIND_ORDER.indexOf(b);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    });
    return [
      { key: 'tier1', label: '一级群', note: '信息发布', groups: [{ chats: tier1 }] },
      { key: 'tier2', label: '二级群', note: '信息落地', groups: kinds.map((k) => ({ key: k, label: tier2.get(k).label, chats: tier2.get(k).chats })) },
      { key: 'other', label: '其他群', groups: [{ chats: other }] },
      { key: 'staff', label: '工作人员私聊', note: '和机器人', groups: [{ chats: staffDm }] },
      { key: 'residents', label: '居民私聊', note: '和机器人', groups: [{ chats: residentDm }] },
    ].filter((s) => s.groups.some((g) => g.chats.length));
  }

  function avatarText(c) {
    if (isPrivate(c)) {
      const m = (c.members || [])[0];
      return ((m && m.name) || c.name || '?').replace(/^私聊：/, '').slice(0, 1);
    }
    return (c.gridName || c.name || '群').slice(0, 1);
  }

  function renderChatList() {
    const collapsed = new Set(store.get('collapsed', []));
    const keepScroll = els.list.scrollTop;
    els.list.textContent = '';
    S.items.clear();
    for (const sec of sections()) {
      const count = sec.groups.reduce((n, g) => n + g.chats.length, 0);
      const secBadge = h('span', { class: 'badge sec-badge', hidden: true });
      const head = h('button', {
        type: 'button', class: 'sec-head', 'aria-expanded': String(!collapsed.has(sec.key)),
      }, h('span', { class: 'caret', 'aria-hidden': 'true' }, '▾'), h('span', { class: 'sec-title' }, sec.label),
      sec.note ? h('span', { class: 'sec-note' }, sec.note) : null, h('span', { class: 'sec-count' }, String(count)), secBadge);
      const body = h('div', { class: 'sec-body' });
      const secEl = h('div', { class: 'sec' + (collapsed.has(sec.key) ? ' collapsed' : ''), dataset: { sec: sec.key } }, head, body);
      head.addEventListener('click', () => {
        const expanded = !secEl.classList.toggle('collapsed');
        head.setAttribute('aria-expanded', String(expanded));
        const set = new Set(store.get('collapsed', []));
        if (expanded) set.delete(sec.key); else set.add(sec.key);
        store.set('collapsed', [...set]);
      });
      secEl._badge = secBadge;
      for (const g of sec.groups) {
        const gEl = h('div', { class: 'sub' });
        if (g.label) gEl.append(h('div', { class: 'sub-head' }, g.label));
        for (const c of g.chats) gEl.append(chatItem(c, sec.key, secEl));
        body.append(gEl);
      }
      els.list.append(secEl);
    }
    els.list.append(h('div', { class: 'list-empty', id: 'list-empty', hidden: true }, '没有匹配的聊天'));
    applySearch();
    for (const id of S.items.keys()) updateItem(id);
    markCurrentItem();
    els.list.scrollTop = keepScroll;
  }

  function chatItem(c, secKey, secEl) {
    const m = isPrivate(c) ? (c.members || [])[0] : null;
    // Village tag on groups, unless the name already says it (章达村村民群); role tag on private chats.
    const tag = m ? (m.roleName || '') : (c.gridName && !String(c.name || '').includes(c.gridName) ? c.gridName : '');
    // The section already says these are private chats; show the person's name alone.
    const shown = m ? (m.name || String(c.name || c.chat).replace(/^私聊：/, '')) : (c.name || c.chat);
    const preview = h('span', { class: 'ci-preview' }, '…');
    const time = h('span', { class: 'ci-time' });
    const badge = h('span', { class: 'badge', hidden: true });
    const el = h('button', {
      type: 'button', class: `ci ci-${secKey}`, dataset: { chat: c.chat }, title: c.name || c.chat,
    },
    h('span', { class: `avatar av-${secKey}`, 'aria-hidden': 'true' }, avatarText(c)),
    h('span', { class: 'ci-main' },
      h('span', { class: 'ci-top' }, h('span', { class: 'ci-name' }, shown), tag ? h('span', { class: 'ci-tag' }, tag) : null),
      preview),
    h('span', { class: 'ci-side' }, time, badge));
    el.addEventListener('click', () => selectChat(c.chat, { tab: 'chat' }));
    const search = [c.name, c.gridName, c.kindName, ...(c.members || []).filter(() => isPrivate(c)).map((x) => x.name)]
      .filter(Boolean).join(' ').toLowerCase();
    S.items.set(c.chat, { el, preview, time, badge, secEl, search });
    return el;
  }

  function updateItem(chatId) {
    const it = S.items.get(chatId);
    if (!it) return;
    const c = S.cache.get(chatId);
    const last = c && c.msgs.length ? c.msgs[c.msgs.length - 1] : null;
    if (last) {
      const who = last.bot ? botName() : (last.fromName || last.from || '');
      it.preview.textContent = `${who}：${String(last.text || '').replace(/\s+/g, ' ')}`;
      it.time.textContent = fmtShort(tms(last.at));
    } else {
      it.preview.textContent = c && c.loaded ? '暂无消息' : '…';
      it.time.textContent = '';
    }
    const n = c ? c.unread : 0;
    it.badge.hidden = !n;
    it.badge.textContent = n > 99 ? '99+' : String(n);
    it.el.classList.toggle('has-unread', n > 0);
    updateUnreadTotals();
  }

  function updateUnreadTotals() {
    let total = 0;
    const perSec = new Map();
    for (const [id, it] of S.items) {
      const n = (S.cache.get(id) || {}).unread || 0;
      total += n;
      perSec.set(it.secEl, (perSec.get(it.secEl) || 0) + n);
    }
    for (const [secEl, n] of perSec) {
      secEl._badge.hidden = !n;
      secEl._badge.textContent = n > 99 ? '99+' : String(n);
    }
    els.tabBadgeList.hidden = !total;
    els.tabBadgeList.textContent = total > 99 ? '99+' : String(total);
    const base = `${S.station ? S.station + ' · ' : ''}指尖服务 · 模拟器`;
    document.title = total ? `(${total}) ${base}` : base;
  }

  function applySearch() {
    const q = els.search.value.trim().toLowerCase();
    let any = false;
    for (const sec of els.list.querySelectorAll('.sec')) {
      let secAny = false;
      for (const sub of sec.querySelectorAll('.sub')) {
        let subAny = false;
        for (const item of sub.querySelectorAll('.ci')) {
          const it = S.items.get(item.dataset.chat);
          const show = !q || (it && it.search.includes(q));
          item.hidden = !show;
          subAny = subAny || show;
        }
        sub.hidden = !subAny;
        secAny = secAny || subAny;
      }
      sec.hidden = !secAny;
      // While searching, show matches even inside collapsed sections.
      sec.classList.toggle('searching', !!q);
      any = any || secAny;
    }
    const empty = document.getElementById('list-empty');
    if (empty) empty.hidden = any;
  }

  function markCurrentItem() {
    for (const [id, it] of S.items) {
      it.el.classList.toggle('active', id === S.current);
      if (id === S.current) it.el.setAttribute('aria-current', 'true'); else it.el.removeAttribute('aria-current');
    }
  }

  // ------------------------------------------------------------------ messages

  function cacheOf(chatId) {
    let c = S.cache.get(chatId);
    if (!c) {
      c = { msgs: [], lastSeq: 0, lastId: null, loaded: false, unread: 0, inflight: null, again: false };
      S.cache.set(chatId, c);
    }
    return c;
  }

  /** Polls one chat, one request at a time per chat; a request asked for meanwhile runs right after. */
  function pollChat(chatId) {
    const c = cacheOf(chatId);
    if (c.inflight) {
      c.again = true;
      return c.inflight;
    }
    c.inflight = (async () => {
      try {
        do {
          c.again = false;
          await pollOnce(chatId, c);
        } while (c.again);
      } finally {
        c.inflight = null;
      }
    })();
    return c.inflight;
  }

  async function pollOnce(chatId, c) {
    // Ask from one before the last known message: if that one is not there any more the log was reset
    // (e.g. the gateway restarted on fresh data), and the chat is loaded again from the start.
    const after = c.lastSeq > 0 ? c.lastSeq - 1 : 0;
    const body = await api(`/api/sim/messages?chat=${encodeURIComponent(chatId)}&after=${after}`);
    let msgs = Array.isArray(body && body.messages) ? body.messages : [];
    if (c.lastSeq > 0) {
      const first = msgs[0];
      if (!first || first.seq !== c.lastSeq || (c.lastId != null && first.id !== c.lastId)) {
        c.msgs = [];
        c.lastSeq = 0;
        c.lastId = null;
        c.loaded = false;
        c.unread = 0;
        if (chatId === S.current) renderMessages();
        c.again = true;
        return;
      }
      msgs = msgs.slice(1);
    }
    const baseline = !c.loaded;
    c.loaded = true;
    if (!msgs.length) {
      if (baseline) updateItem(chatId);
      if (baseline && chatId === S.current) renderMessages();
      return;
    }
    for (const m of msgs) {
      const at = tms(m.at);
      // Local clock behind the server's? Never show a message from the future.
      if (!baseline && Number.isFinite(at) && at - Date.now() > S.clockOffset + 2000) S.clockOffset = at - Date.now();
      c.msgs.push(m);
    }
    const last = msgs[msgs.length - 1];
    c.lastSeq = last.seq;
    c.lastId = last.id != null ? last.id : null;
    if (!baseline && chatId !== S.current) c.unread += msgs.length;
    if (chatId === S.current) {
      if (baseline) renderMessages(); else appendMessages(msgs);
    }
    updateItem(chatId);
    // A message from someone not in the matrix: the chat list may have a new private chat for them.
    if (!baseline && msgs.some((m) => !m.bot && m.from && !S.people.has(m.from))) {
      setTimeout(() => loadChats().catch(() => {}), 1500);
    }
  }

  let bgRunning = false;
  async function pollOthers() {
    if (bgRunning || document.hidden) return;
    bgRunning = true;
    try {
      const ids = S.chats.map((c) => c.chat).filter((id) => id !== S.current);
      let failed = false, i = 0;
      const worker = async () => {
        while (i < ids.length) {
          const id = ids[i++];
          try {
            await pollChat(id);
          } catch (e) {
            if (e.network) failed = true;
          }
        }
      };
      await Promise.all(Array.from({ length: BG_CONCURRENCY }, worker));
      track('others', !failed);
    } finally {
      bgRunning = false;
    }
  }

  async function pollCurrent() {
    if (!S.current) return POLL_CURRENT_MS;
    try {
      await pollChat(S.current);
      track('current', true);
    } catch (e) {
      track('current', !e.network);
      return 3000;
    }
    return document.hidden ? 5000 : POLL_CURRENT_MS;
  }

  function speakerId() {
    return S.current ? S.speakers.get(S.current) || null : null;
  }

  /** Who a sender is, for the name line: chat member, anyone in the matrix, or a new resident. */
  function senderInfo(m) {
    if (m.bot) return { name: m.fromName || botName(), roleName: '机器人', staff: false };
    const chat = chatOf(S.current);
    const inChat = chat && (chat.members || []).find((x) => x.id === m.from);
    const p = inChat || personOf(m.from);
    if (p) return { name: p.name || m.fromName || m.from, roleName: p.roleName || '', staff: isStaffRole(p.role) };
    return { name: m.fromName || m.from || '?', roleName: '新居民', staff: false };
  }

  /** Message text as nodes: leading @mention and @bot highlighted, ticket ids as links. */
  function textNodes(text) {
    const frag = document.createDocumentFragment();
    let s = String(text == null ? '' : text);
    const lead = /^@(\S{1,32}?)([ \u00a0\u3000]|$)/.exec(s);
    if (lead) {
      frag.append(h('span', { class: 'mention' }, '@' + lead[1]), lead[2]);
      s = s.slice(lead[0].length);
    }
    const at = atBot();
    const re = new RegExp(`(${TICKET_RE.source})|(${at.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`, 'g');
    let pos = 0, m;
    while ((m = re.exec(s))) {
      if (m.index > pos) frag.append(s.slice(pos, m.index));
      if (m[1]) {
        const id = m[1];
        const prefix = id.slice(0, id.indexOf('-'));
        if (S.ticketPrefixes.size && !S.ticketPrefixes.has(prefix)) {
          frag.append(h('span', { class: 'ref', title: '编号（不是工单，如预约号）' }, id));
        } else {
          frag.append(h('a', { class: 'tlink', href: '#ticket=' + encodeURIComponent(id), dataset: { ticket: id }, title: '在右侧查看工单' }, id));
        }
      } else {
        frag.append(h('span', { class: 'mention' }, m[2]));
      }
      pos = m.index + m[0].length;
    }
    if (pos < s.length) frag.append(s.slice(pos));
    return frag;
  }

  function messageEl(m, prev) {
    const me = !m.bot && m.from === speakerId();
    const info = senderInfo(m);
    const at = tms(m.at);
    const nodes = [];
    const prevAt = prev ? tms(prev.at) : NaN;
    if (Number.isFinite(at) && (!prev || !Number.isFinite(prevAt) || at - prevAt > 5 * 60 * 1000 || dayKey(at) !== dayKey(prevAt))) {
      nodes.push(h('div', { class: 'sep' }, h('span', null, fmtSeparator(at))));
    }
    const cls = ['msg', me ? 'me' : 'other', m.bot ? 'bot' : '', info.staff ? 'staff' : ''].filter(Boolean).join(' ');
    let quote = null;
    // Quote what the bot answers, unless it is the message right above.
    if (m.replyTo && !(prev && prev.id === m.replyTo)) {
      const c = S.cache.get(S.current);
      const orig = c && c.msgs.find((x) => x.id === m.replyTo);
      if (orig) {
        const who = orig.bot ? botName() : (orig.fromName || orig.from);
        quote = h('div', { class: 'quote' }, `回复 ${who}：${String(orig.text || '').replace(/\s+/g, ' ')}`);
      }
    }
    let chip = null;
    if (m.ticket && !String(m.text || '').includes(m.ticket)) {
      chip = h('div', { class: 'chip-row' }, h('a', { class: 'tlink chip', href: '#ticket=' + encodeURIComponent(m.ticket), dataset: { ticket: m.ticket } }, '工单 ' + m.ticket));
    }
    nodes.push(h('div', { class: cls, dataset: { seq: String(m.seq) } },
      h('div', { class: 'avatar ' + (m.bot ? 'av-bot' : info.staff ? 'av-staff' : 'av-res'), 'aria-hidden': 'true' }, m.bot ? '机' : (info.name || '?').slice(0, 1)),
      h('div', { class: 'mbody' },
        h('div', { class: 'meta' },
          h('span', { class: 'who' }, info.name + (me ? '（我）' : '')),
          info.roleName ? h('span', { class: 'role' + (m.bot ? ' role-bot' : info.staff ? ' role-staff' : '') }, info.roleName) : null,
          Number.isFinite(at) ? h('time', { datetime: m.at, title: fmtFull(at) }, fmtHM(at)) : null),
        h('div', { class: 'bubble' }, textNodes(m.text)),
        quote, chip)));
    return nodes;
  }

  function atBottom() {
    const el = els.messages;
    return el.scrollHeight - el.scrollTop - el.clientHeight < 48;
  }

  function scrollToBottom() {
    els.messages.scrollTop = els.messages.scrollHeight;
    S.stick = true;
    S.pendingNew = 0;
    els.newPill.hidden = true;
  }

  function renderMessages() {
    els.messages.textContent = '';
    S.pendingNew = 0;
    els.newPill.hidden = true;
    if (!S.current) {
      els.messages.append(h('div', { class: 'empty' }, '从左边选一个群或私聊开始。'));
      return;
    }
    const c = cacheOf(S.current);
    if (!c.loaded) {
      els.messages.append(h('div', { class: 'empty' }, '正在加载…'));
      return;
    }
    if (!c.msgs.length) {
      els.messages.append(emptyHint());
      return;
    }
    const frag = document.createDocumentFragment();
    c.msgs.forEach((m, i) => frag.append(...messageEl(m, c.msgs[i - 1])));
    els.messages.append(frag);
    scrollToBottom();
  }

  function emptyHint() {
    const chat = chatOf(S.current);
    const tip = isPrivate(chat)
      ? (isStaffRole(((chat.members || [])[0] || {}).role)
        ? '这是工作人员和机器人的私聊：派给此人的工单会在这里通知，发「接单 工单号」「回复 工单号 内容」「办结 工单号 结果」处理。'
        : '这是居民和机器人的私聊：举报的回执、办理进度会发到这里。')
      : '还没有消息。在下面选好发言人，输入内容发送；@指尖服务 向机器人提问。';
    return h('div', { class: 'empty' }, tip);
  }

  function appendMessages(msgs) {
    const c = cacheOf(S.current);
    const stick = S.stick || atBottom();
    const empty = els.messages.querySelector('.empty');
    if (empty) empty.remove();
    const frag = document.createDocumentFragment();
    const start = c.msgs.length - msgs.length;
    msgs.forEach((m, i) => frag.append(...messageEl(m, c.msgs[start + i - 1])));
    els.messages.append(frag);
    if (stick) {
      scrollToBottom();
    } else {
      S.pendingNew += msgs.length;
      els.newPill.textContent = `↓ ${S.pendingNew} 条新消息`;
      els.newPill.hidden = false;
    }
  }

  // ------------------------------------------------------------------ selecting a chat

  function selectChat(chatId, opts) {
    const o = opts || {};
    const chat = chatOf(chatId);
    if (!chat) {
      showError('没有这个聊天：' + chatId);
      return false;
    }
    const changed = S.current !== chatId;
    S.current = chatId;
    const c = cacheOf(chatId);
    c.unread = 0;
    updateItem(chatId);
    markCurrentItem();
    if (changed) {
      S.stick = true;
      hideError();
      renderChatHead();
      renderSpeakers();
      renderMessages();
      pollChat(chatId).then(() => track('current', true), (e) => track('current', !e.network));
      const it = S.items.get(chatId);
      if (it && it.el.scrollIntoView) it.el.scrollIntoView({ block: 'nearest' });
    }
    if (o.tab) setTab(o.tab);
    saveHash();
    return true;
  }

  function renderChatHead() {
    const chat = chatOf(S.current);
    if (!chat) return;
    els.chatName.textContent = chat.name || chat.chat;
    let sub;
    if (isPrivate(chat)) {
      const m = (chat.members || [])[0] || {};
      sub = ['与机器人的私聊', m.roleName, chat.gridName].filter(Boolean).join(' · ');
    } else {
      const tier = chat.tier === 1 ? '一级群' : chat.tier === 2 ? '二级群' : '';
      sub = [tier, chat.kindName, chat.gridName, `${(chat.members || []).length} 人 + 机器人`].filter(Boolean).join(' · ');
    }
    els.chatSub.textContent = sub;
    const staffDm = isPrivate(chat) && isStaffRole(((chat.members || [])[0] || {}).role);
    els.staffHint.hidden = !staffDm;
    els.atBot.hidden = isPrivate(chat);
    els.text.placeholder = isPrivate(chat)
      ? (staffDm ? '例如：接单 工单号（Enter 发送，Shift+Enter 换行）' : '给机器人发私信（Enter 发送，Shift+Enter 换行）')
      : '输入消息，@指尖服务 向机器人提问（Enter 发送，Shift+Enter 换行）';
  }

  /** Speakers for the current chat: its members, people who wrote here but are not members, then 新居民…. */
  function renderSpeakers() {
    const chat = chatOf(S.current);
    const sel = els.speaker;
    sel.textContent = '';
    if (!chat) return;
    const members = chat.members || [];
    if (isPrivate(chat)) {
      const m = members[0];
      if (m) sel.append(new Option(`${m.name}（${m.roleName || m.role || ''}）`, m.id));
      sel.disabled = true;
      S.speakers.set(chat.chat, m ? m.id : null);
      els.newName.hidden = true;
      updateAtToggle();
      return;
    }
    sel.disabled = false;
    const staff = members.filter((m) => isStaffRole(m.role));
    const residents = members.filter((m) => !isStaffRole(m.role));
    const label = (m) => `${m.name}（${m.roleName || m.role || ''}）`;
    if (residents.length) {
      const g = h('optgroup', { label: '居民' });
      residents.forEach((m) => g.append(new Option(label(m), m.id)));
      sel.append(g);
    }
    if (staff.length) {
      const g = h('optgroup', { label: '工作人员' });
      staff.forEach((m) => g.append(new Option(label(m), m.id)));
      sel.append(g);
    }
    const known = new Set(members.map((m) => m.id));
    const extra = [];
    for (const r of S.newResidents.get(chat.chat) || []) if (!known.has(r.id)) { extra.push(r); known.add(r.id); }
    for (const m of cacheOf(chat.chat).msgs) {
      if (!m.bot && m.from && !known.has(m.from)) { extra.push({ id: m.from, name: m.fromName || m.from }); known.add(m.from); }
    }
    if (extra.length) {
      const g = h('optgroup', { label: '新居民（不在花名册）' });
      extra.forEach((r) => g.append(new Option(`${r.name}（新居民）`, r.id)));
      sel.append(g);
    }
    sel.append(new Option('新居民…（填写名字）', NEW_SPEAKER));
    let want = S.speakers.get(chat.chat);
    if (!want || (want !== NEW_SPEAKER && !known.has(want))) {
      want = (residents[0] || members[0] || {}).id || NEW_SPEAKER;
    }
    sel.value = want;
    S.speakers.set(chat.chat, want);
    els.newName.hidden = want !== NEW_SPEAKER;
    updateAtToggle();
  }

  function setSpeaker(id) {
    if (!S.current) return;
    S.speakers.set(S.current, id);
    els.newName.hidden = id !== NEW_SPEAKER;
    if (id === NEW_SPEAKER) els.newName.focus();
    renderMessages(); // sides depend on who "I" am
  }

  // ------------------------------------------------------------------ composer

  function showError(msg) {
    els.error.textContent = msg;
    els.error.hidden = false;
  }

  function hideError() {
    els.error.hidden = true;
    els.error.textContent = '';
  }

  function updateAtToggle() {
    const on = els.text.value.trimStart().startsWith(atBot());
    els.atBot.setAttribute('aria-pressed', String(on));
    els.atBot.classList.toggle('on', on);
  }

  function toggleAtBot() {
    const at = atBot();
    const v = els.text.value;
    const trimmed = v.trimStart();
    if (trimmed.startsWith(at)) els.text.value = trimmed.slice(at.length).replace(/^[ \u00a0\u3000]/, '');
    else els.text.value = `${at} ${v}`;
    updateAtToggle();
    autoGrow();
    els.text.focus();
    els.text.setSelectionRange(els.text.value.length, els.text.value.length);
  }

  function autoGrow() {
    const t = els.text;
    t.style.height = 'auto';
    t.style.height = Math.min(t.scrollHeight + 2, 160) + 'px';
  }

  async function send() {
    if (S.sending) return;
    hideError();
    const chat = chatOf(S.current);
    if (!chat) { showError('请先选一个聊天'); return; }
    const text = els.text.value;
    if (!text.trim()) { showError('请输入消息内容'); els.text.focus(); return; }
    let from = S.speakers.get(chat.chat);
    let name = null;
    let created = null;
    if (!from) { showError('请选择以谁的身份发言'); return; }
    if (from === NEW_SPEAKER) {
      name = els.newName.value.trim();
      if (!name) { showError('请先填写新居民的名字'); els.newName.focus(); return; }
      if (name.length > 32) { showError('名字最多 32 个字'); return; }
      // Reuse the id already made for this name in this chat, so a retry is the same person.
      const list = S.newResidents.get(chat.chat) || [];
      created = list.find((r) => r.name === name) || { id: 'r-new-' + randomHex(4), name };
      from = created.id;
    } else {
      const r = (S.newResidents.get(chat.chat) || []).find((x) => x.id === from);
      if (r) name = r.name;
      else {
        const seen = cacheOf(chat.chat).msgs.find((m) => m.from === from && !m.bot);
        if (seen && !(chat.members || []).some((m) => m.id === from)) name = seen.fromName || null;
      }
    }
    // One client id per message; after a network failure the same message is retried with the same id,
    // so the gateway drops it if the first attempt did arrive.
    const key = [chat.chat, from, text].join('\u0000');
    const id = S.retry && S.retry.key === key ? S.retry.id : newClientId();
    S.sending = true;
    els.send.disabled = true;
    els.send.textContent = '发送中…';
    try {
      const body = { chat: chat.chat, from, text, id };
      if (name) body.name = name;
      await api('/api/sim/messages', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      S.retry = null;
      els.text.value = '';
      autoGrow();
      updateAtToggle();
      if (created) {
        const list = S.newResidents.get(chat.chat) || [];
        if (!list.some((r) => r.id === created.id)) list.push(created);
        S.newResidents.set(chat.chat, list);
        S.speakers.set(chat.chat, created.id);
        els.newName.value = '';
        renderSpeakers();
        renderMessages();
      }
      S.stick = true;
      pollChat(chat.chat).catch(() => {});
    } catch (e) {
      if (e.network || !e.status) S.retry = { key, id };
      showError(e.message || '发送失败');
    } finally {
      S.sending = false;
      els.send.disabled = false;
      els.send.textContent = '发送';
      els.text.focus();
    }
  }

  // ------------------------------------------------------------------ quick tries

  function renderTries() {
    els.triesResidents.textContent = '';
    els.triesResidents.append(h('span', { class: 'tries-label' }, '居民：'));
    for (const st of STORIES) {
      const chat = chatOf(st.chat);
      const who = personOf(st.from);
      const title = `${chat ? chat.name : st.chat} · ${who ? who.name : st.from}：${st.text}`;
      els.triesResidents.append(h('button', {
        type: 'button', class: 'try', title, disabled: !chat,
        onclick: () => fillStory(st.chat, st.from, st.text),
      }, h('span', { class: 'try-who' }, who ? who.name : st.from), st.label));
    }
    els.triesStaff.textContent = '';
    els.triesStaff.append(h('span', { class: 'tries-label' }, '经办人：'));
    for (const st of STAFF_STORIES) {
      els.triesStaff.append(h('button', { type: 'button', class: 'try try-staff', onclick: () => fillStaff(st) }, st.label));
    }
    updateTriesNote();
  }

  function fillStory(chatId, from, text) {
    if (!selectChat(chatId, { tab: 'chat' })) return;
    if ((chatOf(chatId).members || []).some((m) => m.id === from)) {
      S.speakers.set(chatId, from);
      els.speaker.value = from;
      els.newName.hidden = true;
      renderMessages();
    }
    els.text.value = text;
    autoGrow();
    updateAtToggle();
    els.text.focus();
    els.text.setSelectionRange(text.length, text.length);
  }

  /** The ticket the staff buttons work on: the one open in the right pane, else the newest open one. */
  function staffTarget(prefer) {
    const open = S.tickets.filter((t) => OPEN_STATES.has(t.state) && t.assignee);
    if (S.selectedTicket) {
      const sel = S.tickets.find((t) => t.id === S.selectedTicket);
      if (sel && OPEN_STATES.has(sel.state) && sel.assignee) return sel;
    }
    return (prefer && open.find((t) => prefer.includes(t.state))) || open[0] || null;
  }

  function fillStaff(st) {
    const t = staffTarget(st.prefer);
    if (!t) {
      els.triesNote.textContent = S.ticketsLoaded
        ? '现在没有未办结的工单，先用上面的居民示例报一件事。'
        : '工单还没加载好，稍等再试。';
      return;
    }
    const dm = 'dm:' + t.assignee;
    if (!chatOf(dm)) {
      showError(`找不到经办人 ${t.assigneeName || t.assignee} 的私聊`);
      return;
    }
    fillStory(dm, t.assignee, st.make(t.id));
  }

  function updateTriesNote() {
    const t = staffTarget(null);
    els.triesNote.textContent = t
      ? `经办人按钮针对：${t.id}（${t.stateName || t.state}，${t.assigneeName || t.assignee}），会切到此人和机器人的私聊。`
      : '经办人按钮：有未办结的工单后，切到经办人的私聊填好「接单 / 回复 / 办结」。';
  }

  // ------------------------------------------------------------------ tickets

  async function pollTickets() {
    try {
      const body = await api('/api/tickets?limit=50');
      track('tickets', true);
      S.ticketsLoaded = true;
      const list = Array.isArray(body && body.tickets) ? body.tickets : [];
      // The server's clock runs the deadlines (and may be moved in training): count down from it.
      const serverNow = body && body.now ? tms(body.now) : NaN;
      if (Number.isFinite(serverNow)) S.clockOffset = serverNow - Date.now();
      const before = S.ticketPrefixes.size;
      for (const t of list) if (t && t.id) S.ticketPrefixes.add(String(t.id).split('-')[0]);
      // Ids in texts that are not tickets (e.g. appointment numbers) stop being links once the prefix is known.
      if (S.ticketPrefixes.size !== before && S.current) {
        const keep = els.messages.scrollTop, stick = S.stick || atBottom();
        renderMessages();
        if (!stick) els.messages.scrollTop = keep;
      }
      const json = JSON.stringify(list);
      if (json !== S.ticketsJson) {
        S.ticketsJson = json;
        S.tickets = list;
        renderTicketList();
        updateTriesNote();
      }
    } catch (e) {
      track('tickets', !e.network);
    }
    if (S.selectedTicket) await loadDetail();
    return document.hidden ? 8000 : POLL_TICKETS_MS;
  }

  function deadlineEl(kind, t) {
    // kind: 'sign' while DISPATCHED, 'finish' while signed and still open.
    const due = tms(kind === 'sign' ? t.signDue : t.finishDue);
    if (!Number.isFinite(due)) return null;
    return h('span', { class: 'due', dataset: { due: String(due), kind } });
  }

  function tickDeadlines() {
    const n = now();
    for (const el of document.querySelectorAll('[data-due]')) {
      const due = Number(el.dataset.due);
      const left = due - n;
      const what = el.dataset.kind === 'sign' ? '签收' : '办结';
      el.textContent = left >= 0 ? `${what}倒计时 ${fmtSpan(left)}` : `${what}已超时 ${fmtSpan(left)}`;
      el.classList.toggle('overdue', left < 0);
      el.classList.toggle('soon', left >= 0 && left < 5 * 60 * 1000);
    }
  }

  function marks(t) {
    const out = [];
    if (t.confidential) out.push(h('span', { class: 'mark mark-secret', title: '保密：只在私聊处理' }, '保密'));
    if (t.escalations > 0) out.push(h('span', { class: 'mark mark-esc', title: '已升级到上一级' }, `升级×${t.escalations}`));
    const missed = Array.isArray(t.missed) ? t.missed : [];
    if (missed.length) out.push(h('span', { class: 'mark mark-missed', title: missed.map(missedLabel).join('；') }, `超时×${missed.length}`));
    return out;
  }

  /** "sign#2" = the 2nd dispatch was not signed in time; "finish" = not finished in time. */
  function missedLabel(m) {
    const k = /^sign#(\d+)$/.exec(String(m));
    if (k) return `第${k[1]}次派单超时未签收`;
    if (m === 'finish') return '超时未办结';
    return String(m);
  }

  function stateBadge(t) {
    return h('span', { class: 'state ' + (STATE_CLASS[t.state] || '') }, t.stateName || t.state || '');
  }

  function categoryText(t) {
    const k = t.kind ? (t.kindName || KIND_LABELS[t.kind] || t.kind) : '';
    return (t.categoryName || t.category || '') + (k && k !== t.categoryName ? '·' + k : '');
  }

  function renderTicketList() {
    const openOnly = els.openOnly.checked;
    const all = S.tickets;
    const open = all.filter((t) => OPEN_STATES.has(t.state));
    const shown = openOnly ? open : all;
    els.ticketsCount.textContent = all.length ? `${all.length} 条 · 未办结 ${open.length}` : '';
    els.tabBadgeTickets.hidden = !open.length;
    els.tabBadgeTickets.textContent = String(open.length);
    els.ticketList.textContent = '';
    if (!shown.length) {
      els.ticketList.append(h('div', { class: 'empty' }, !S.ticketsLoaded ? '正在加载…' : all.length
        ? '没有未办结的工单。'
        : '还没有工单。居民在群里反映纠纷、举报、求助时，机器人会开工单并派给经办人。'));
      return;
    }
    for (const t of shown) {
      const due = t.state === 'DISPATCHED' ? deadlineEl('sign', t)
        : (t.state === 'SIGNED' || t.state === 'IN_PROGRESS') ? deadlineEl('finish', t) : null;
      const item = h('button', {
        type: 'button', class: 'tk' + (t.id === S.selectedTicket ? ' active' : '') + (OPEN_STATES.has(t.state) ? '' : ' done'),
        dataset: { ticket: t.id },
        onclick: () => openTicket(t.id),
      },
      h('div', { class: 'tk-top' }, h('span', { class: 'tk-id' }, t.id), stateBadge(t), marks(t)),
      h('div', { class: 'tk-mid' },
        h('span', { class: 'tk-cat' }, categoryText(t)),
        t.gridName || t.grid ? h('span', null, t.gridName || t.grid) : null,
        h('span', null, '经办：' + (t.assigneeName || t.assignee || '—'))),
      due ? h('div', { class: 'tk-due' }, due) : null,
      h('div', { class: 'tk-text' }, `${t.residentName || t.resident || ''}：${String(t.text || '').replace(/\s+/g, ' ')}`));
      els.ticketList.append(item);
    }
    tickDeadlines();
  }

  function openTicket(id, opts) {
    const o = opts || {};
    S.selectedTicket = id;
    S.detailJson = '';
    S.detailError = null;
    els.ticketList.hidden = true;
    els.ticketDetail.hidden = false;
    els.ticketDetail.textContent = '';
    els.ticketDetail.append(detailBack(), h('div', { class: 'empty' }, '正在加载 ' + id + ' …'));
    for (const el of els.ticketList.querySelectorAll('.tk')) el.classList.toggle('active', el.dataset.ticket === id);
    if (o.tab !== false) setTab('tickets');
    saveHash();
    updateTriesNote();
    loadDetail();
  }

  function closeTicket() {
    S.selectedTicket = null;
    S.detailJson = '';
    els.ticketDetail.hidden = true;
    els.ticketDetail.textContent = '';
    els.ticketList.hidden = false;
    renderTicketList();
    saveHash();
    updateTriesNote();
  }

  function detailBack() {
    return h('button', { type: 'button', class: 'detail-back', onclick: closeTicket }, '‹ 全部工单');
  }

  let detailLoading = false;
  async function loadDetail() {
    const id = S.selectedTicket;
    if (!id || detailLoading) return;
    detailLoading = true;
    try {
      const body = await api('/api/tickets/' + encodeURIComponent(id));
      track('detail', true);
      if (S.selectedTicket !== id) return;
      const json = JSON.stringify(body);
      if (json !== S.detailJson) {
        S.detailJson = json;
        renderDetail(body);
      }
    } catch (e) {
      track('detail', !e.network);
      if (S.selectedTicket !== id || e.network) return;
      S.detailJson = '';
      els.ticketDetail.textContent = '';
      els.ticketDetail.append(detailBack(), h('div', { class: 'empty error' },
        e.message + (e.status === 404 ? '（以字母开头的编号也可能是预约号，不是工单）' : '')));
    } finally {
      detailLoading = false;
    }
  }

  function field(label, ...value) {
    return [h('dt', null, label), h('dd', null, ...value)];
  }

  function renderDetail(body) {
    const t = (body && body.ticket) || {};
    const events = Array.isArray(body && body.events) ? body.events : [];
    const d = els.ticketDetail;
    const keepScroll = d.scrollTop;
    d.textContent = '';
    const dm = t.assignee ? 'dm:' + t.assignee : null;
    const src = t.chat ? chatOf(t.chat) : null;
    const actions = h('div', { class: 'detail-actions' },
      dm ? h('button', {
        type: 'button', class: 'btn primary', disabled: !chatOf(dm),
        onclick: () => { selectChat(dm, { tab: 'chat' }); },
      }, `去 ${t.assigneeName || t.assignee} 的私聊`) : null,
      src ? h('button', { type: 'button', class: 'btn', onclick: () => selectChat(t.chat, { tab: 'chat' }) }, '打开来源：' + src.name) : null);

    const signDue = tms(t.signDue), finishDue = tms(t.finishDue);
    const dl = h('dl', { class: 'fields' },
      field('类别', categoryText(t)),
      field('状态', stateBadge(t), ' ', marks(t)),
      field('网格', t.gridName || t.grid || '—'),
      field('来源', src ? src.name : (t.chat || '—')),
      field('反映人', t.residentName || t.resident || '—'),
      field('经办人', t.assigneeName || t.assignee || '—'),
      field('内容', h('span', { class: 'pre' }, t.text || '')),
      t.route ? field('派单规则', h('code', null, t.route)) : null,
      field('受理', fmtFull(tms(t.createdAt))),
      field('签收期限', fmtFull(signDue), ' ', t.state === 'DISPATCHED' ? deadlineEl('sign', t) : null),
      t.signedAt ? field('签收', fmtFull(tms(t.signedAt))) : null,
      field('办结期限', fmtFull(finishDue), ' ', (t.state === 'SIGNED' || t.state === 'IN_PROGRESS') ? deadlineEl('finish', t) : null),
      t.closedAt ? field('办结', fmtFull(tms(t.closedAt))) : null,
      t.outcome ? field('处理结果', h('span', { class: 'pre' }, t.outcome)) : null,
      t.rating != null ? field('评价', `${'★'.repeat(Math.max(0, Math.min(5, Number(t.rating) || 0)))} ${t.rating}`) : null,
      (t.missed && t.missed.length) ? field('超时记录', t.missed.map(missedLabel).join('；')) : null,
      field('升级次数', String(t.escalations || 0)));

    const chain = Array.isArray(t.chain) ? t.chain : [];
    const step = Number.isInteger(t.step) ? t.step : 0;
    const open = OPEN_STATES.has(t.state);
    const chainEl = h('ol', { class: 'chain' + (open ? '' : ' finished') }, chain.map((s, i) => h('li', {
      class: i === step ? 'current' : i < step ? 'passed' : '',
    }, h('span', { class: 'chain-role' }, s.role || ''), h('span', { class: 'chain-name' }, s.name || s.member || ''),
    i === step ? h('span', { class: 'chain-tag' }, open ? '当前' : '经办')
      : i < step ? h('span', { class: 'chain-tag passed' }, '已超时上报') : null)));

    const timeline = h('ol', { class: 'timeline' }, events.map((e) => h('li', { class: BAD_EVENTS.has(e.type) ? 'bad' : '' },
      h('div', { class: 'ev-top' },
        h('span', { class: 'ev-type' }, e.typeName || e.type || ''),
        h('span', { class: 'ev-who' }, (e.actorName || e.actor || '') + (e.to ? ` → ${e.toName || e.to}` : '')),
        h('time', { datetime: e.at }, fmtFull(tms(e.at)))),
      e.note ? h('div', { class: 'ev-note' }, e.note) : null)));

    d.append(
      detailBack(),
      h('div', { class: 'detail-title' }, h('span', { class: 'tk-id' }, t.id || S.selectedTicket), stateBadge(t), marks(t)),
      actions,
      dl,
      h('h3', null, '处理链（超时逐级上报）'),
      chain.length ? chainEl : h('div', { class: 'muted' }, '—'),
      h('h3', null, `时间线（${events.length}）`),
      events.length ? timeline : h('div', { class: 'muted' }, '—'));
    d.scrollTop = keepScroll;
    tickDeadlines();
  }

  // ------------------------------------------------------------------ health

  async function pollHealth() {
    try {
      const body = await api('/healthz');
      const ok = !body || !body.status || body.status === 'ok';
      track('health', ok);
      els.healthDot.className = 'dot ' + (ok ? 'ok' : 'warn');
      els.healthText.textContent = ok ? '网关正常' : '网关异常';
    } catch (e) {
      track('health', false);
      els.healthDot.className = 'dot bad';
      els.healthText.textContent = '网关不可用';
    }
  }

  // ------------------------------------------------------------------ tabs and the address

  function setTab(tab) {
    S.tab = tab;
    els.panes.dataset.tab = tab;
    for (const b of els.tabbar.querySelectorAll('button')) b.classList.toggle('active', b.dataset.tab === tab);
    if (tab === 'chat' && S.stick) requestAnimationFrame(() => { els.messages.scrollTop = els.messages.scrollHeight; });
    saveHash();
  }

  function saveHash() {
    const p = new URLSearchParams();
    if (S.current) p.set('chat', S.current);
    if (S.selectedTicket) p.set('ticket', S.selectedTicket);
    if (S.tab && S.tab !== 'chat') p.set('tab', S.tab);
    const hash = p.toString() ? '#' + p.toString() : '';
    if (location.hash !== hash) history.replaceState(null, '', location.pathname + location.search + hash);
  }

  function readHash() {
    const p = new URLSearchParams(location.hash.replace(/^#/, ''));
    return { chat: p.get('chat'), ticket: p.get('ticket'), tab: p.get('tab') };
  }

  // ------------------------------------------------------------------ wiring

  function wire() {
    els.search.addEventListener('input', applySearch);
    els.chatBack.addEventListener('click', () => setTab('list'));
    for (const b of els.tabbar.querySelectorAll('button')) b.addEventListener('click', () => setTab(b.dataset.tab));

    els.messages.addEventListener('scroll', () => {
      S.stick = atBottom();
      if (S.stick) { S.pendingNew = 0; els.newPill.hidden = true; }
    }, { passive: true });
    els.newPill.addEventListener('click', scrollToBottom);

    // Ticket links anywhere on the page (messages, chips).
    document.addEventListener('click', (e) => {
      const a = e.target.closest && e.target.closest('a.tlink');
      if (!a) return;
      e.preventDefault();
      openTicket(a.dataset.ticket);
    });

    els.speaker.addEventListener('change', () => setSpeaker(els.speaker.value));
    els.atBot.addEventListener('click', toggleAtBot);
    els.text.addEventListener('input', () => { updateAtToggle(); autoGrow(); if (!S.sending) hideError(); });
    els.text.addEventListener('keydown', (e) => {
      // Enter sends; Shift+Enter is a new line; Enter that confirms an IME candidate does nothing.
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        send();
      }
    });
    els.newName.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.isComposing && e.keyCode !== 229) { e.preventDefault(); els.text.focus(); }
    });
    els.composer.addEventListener('submit', (e) => { e.preventDefault(); send(); });

    els.openOnly.checked = !!store.get('openOnly', false);
    els.openOnly.addEventListener('change', () => { store.set('openOnly', els.openOnly.checked); renderTicketList(); });

    const triesOpen = store.get('triesOpen', null);
    els.tries.open = triesOpen == null ? window.matchMedia('(min-width: 900px)').matches : !!triesOpen;
    els.tries.addEventListener('toggle', () => store.set('triesOpen', els.tries.open));

    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && S.current) pollChat(S.current).catch(() => {});
    });
  }

  async function start() {
    wire();
    renderMessages();
    renderTicketList();
    const want = readHash();
    setTab(want.tab === 'list' || want.tab === 'tickets' ? want.tab : 'chat');
    // The chat list first; retry until the gateway answers.
    for (;;) {
      try {
        await loadChats();
        break;
      } catch (e) {
        els.list.textContent = '';
        els.list.append(h('div', { class: 'empty error' }, '聊天列表加载失败：' + e.message + '，正在重试…'));
        await new Promise((r) => setTimeout(r, 3000));
      }
    }
    const first = (want.chat && chatOf(want.chat)) ? want.chat
      : chatOf('g-zhangda') ? 'g-zhangda' : (S.chats[0] && S.chats[0].chat);
    if (first) selectChat(first, {});
    if (want.tab) setTab(want.tab);
    if (want.ticket) openTicket(want.ticket, { tab: false });

    loop(pollHealth, POLL_HEALTH_MS);
    loop(pollCurrent, POLL_CURRENT_MS);
    loop(pollTickets, POLL_TICKETS_MS);
    loop(pollOthers, POLL_OTHERS_MS);
    loop(() => loadChats().catch(() => {}), POLL_CHATS_MS);
    setInterval(tickDeadlines, 1000);
  }

  start();
})();
