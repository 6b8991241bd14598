// 指尖服务 console: the ticket queue and one ticket (timeline, deadlines, and 签收 / 回复 / 转派 / 退单 / 办结).
'use strict';

(() => {
  const { h, append, clear, field, select, chip, empty, note, table, time, until, get, act, showError, learnNames,
    gridName, every, current } = ZJ;

  const LIST_POLL_MS = 10000;
  const TICKET_POLL_MS = 5000;

  // the categories residents' messages are filed under (seeds/catalog.yaml, direction: in)
  const CATEGORIES = [
    ['consult', '业务咨询'], ['appointment', '业务预约'], ['report', '违法犯罪举报'], ['clue', '线索提供'],
    ['dispute', '矛盾纠纷'], ['hazard', '安全隐患'], ['emergency', '紧急求助'],
  ];
  const STATE_KIND = {
    RECEIVED: 'new', DISPATCHED: 'new', SIGNED: 'work', IN_PROGRESS: 'work',
    CLOSED: 'done', FOLLOWED_UP: 'done', RATED: 'done',
  };
  const EVENT_KIND = {
    SIGN_MISSED: 'bad', FINISH_MISSED: 'bad', ESCALATED: 'bad', RETURNED: 'warn', REASSIGNED: 'warn',
    CLOSED: 'done', RATED: 'done', REPLIED: 'work', SIGNED: 'work',
  };
  const DEADLINE = {
    met: ['按时完成', 'done'], late: ['逾期完成', 'warn'], missed: ['已超时', 'bad'], pending: ['进行中', 'info'],
  };
  const ACTION_LABEL = { sign: '签收', reply: '回复群众', reassign: '转派', return: '退单', close: '办结' };

  function stateChip(t) {
    return chip(t.stateName, STATE_KIND[t.state] || 'info');
  }

  function confidentialChip() {
    return chip('保密', 'secret', '举报、线索类工单：只在私聊里办理，群里不出现任何内容');
  }

  function chatLabel(t) {
    if (!t.chat) return '—';
    if (t.chat.startsWith('dm:')) return '私聊' + (t.residentName ? '（' + t.residentName + '）' : '');
    return t.chatName || t.chat;
  }

  /** What the next deadline of an open ticket is, in words. */
  function dueLabel(t, now) {
    if (t.state && !['RECEIVED', 'DISPATCHED', 'SIGNED', 'IN_PROGRESS'].includes(t.state)) {
      return t.closedAt ? h('span', { class: 'muted', text: '已办结 ' + time(t.closedAt) }) : '—';
    }
    const signing = !t.signedAt;
    const due = signing ? t.signDue : t.finishDue;
    const late = new Date(due) <= new Date(now);
    return h('span', { class: late ? 'due due-late' : 'due' }, (signing ? '签收' : '办结') + until(due, now));
  }

  // ------------------------------------------------------------------ the queue

  async function renderQueue(view, query, r) {
    const me = ZJ.state.me;
    const f = {
      view: query.get('view') || (me.reach === 'STATION' ? 'all' : 'mine'),
      state: query.has('state') ? query.get('state') : 'open',
      category: query.get('category') || '',
      grid: query.get('grid') || '',
      overdue: query.get('overdue') === '1',
    };
    const apply = (change) => {
      const next = Object.assign({}, f, change);
      const q = new URLSearchParams();
      q.set('view', next.view);
      q.set('state', next.state);
      if (next.category) q.set('category', next.category);
      if (next.grid) q.set('grid', next.grid);
      if (next.overdue) q.set('overdue', '1');
      location.hash = 'tickets?' + q.toString();
    };

    const views = [['mine', '我手上的'], ['grid', '我的网格'], ['all', '我能看到的全部']];
    const seg = h('div', { class: 'segmented', attrs: { role: 'tablist', 'aria-label': '工单范围' } },
      views.map(([v, label]) => h('button', { type: 'button', class: f.view === v ? 'on' : null, text: label,
        attrs: { role: 'tab', 'aria-selected': String(f.view === v) }, data: { view: v },
        on: { click: () => apply({ view: v }) } })));
    const gridOptions = [{ value: '', label: '全部网格' }].concat(
      Object.entries(me.gridNames || {}).map(([id, name]) => ({ value: id, label: name })));
    const filters = h('div', { class: 'filters' },
      seg,
      select([{ value: 'open', label: '未办结' }, { value: 'closed', label: '已办结' }, { value: '', label: '全部状态' }],
        f.state, { id: 'filter-state', 'aria-label': '状态', on: { change: (e) => apply({ state: e.target.value }) } }),
      select([{ value: '', label: '全部类别' }].concat(CATEGORIES.map(([v, l]) => ({ value: v, label: l }))),
        f.category, { id: 'filter-category', 'aria-label': '类别', on: { change: (e) => apply({ category: e.target.value }) } }),
      gridOptions.length > 2 ? select(gridOptions, f.grid,
        { id: 'filter-grid', 'aria-label': '网格', on: { change: (e) => apply({ grid: e.target.value }) } }) : null,
      h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'filter-overdue', checked: f.overdue,
        on: { change: (e) => apply({ overdue: e.target.checked }) } }), '只看超时'));

    const count = h('span', { class: 'count', id: 'ticket-count' });
    const list = h('div', { id: 'ticket-list', class: 'list-holder' }, h('p', { class: 'loading', text: '正在加载…' }));
    append(view, [
      h('div', { class: 'page-head' }, h('h1', null, '工单 ', count),
        h('p', { class: 'muted', text: scopeNote(me) })),
      filters, h('section', { class: 'panel list-panel' }, list)]);

    const q = new URLSearchParams({ view: f.view, limit: '200' });
    if (f.state) q.set('state', f.state);
    if (f.category) q.set('category', f.category);
    if (f.grid) q.set('grid', f.grid);
    if (f.overdue) q.set('overdue', '1');

    const load = async () => {
      let body;
      try {
        body = await get('/api/console/tickets?' + q.toString());
      } catch (e) {
        if (current(r)) { clear(list); append(list, [note('error', e.message)]); }
        return;
      }
      if (!current(r)) return;
      learnNames(body.tickets);
      count.textContent = body.total ? `（${body.total}）` : '';
      clear(list);
      if (!body.tickets.length) {
        append(list, [empty(f.view === 'mine' ? '您手上没有符合条件的工单。' : '没有符合条件的工单。')]);
        return;
      }
      append(list, [table([
        { label: '工单号', class: 'col-id', cell: t => h('span', { class: 'ticket-id' }, h('span', { class: 'mono', text: t.id }),
          t.confidential ? confidentialChip() : null) },
        { label: '类别', cell: t => t.categoryName + (t.kindName ? ' · ' + t.kindName : '') },
        { label: '状态', cell: t => h('span', { class: 'chips' }, stateChip(t), t.overdue ? chip('超时', 'bad') : null) },
        { label: '网格 / 来自', cell: t => h('span', null, gridName(t.grid), h('br'), h('small', { class: 'muted', text: chatLabel(t) })) },
        { label: '反映人', cell: t => t.residentName || '—' },
        { label: '负责人', cell: t => h('span', { class: t.assignee === me.id ? 'me' : null, text: t.assigneeName || '—' }) },
        { label: '时限', cell: t => dueLabel(t, body.now) },
        { label: '内容', class: 'col-text', cell: t => h('span', { class: 'excerpt', text: t.text }) },
      ], body.tickets, t => { location.hash = 'tickets/' + encodeURIComponent(t.id); },
      { id: 'ticket-table' })]);
      for (const tr of list.querySelectorAll('tbody tr')) tr.dataset.id = tr.querySelector('.ticket-id .mono').textContent;
    };
    await load();
    every(LIST_POLL_MS, load);
  }

  function scopeNote(me) {
    if (me.reach === 'STATION') return '您能看到全乡所有工单。';
    if (me.reach === 'GRIDS') return '您能看到所负责网格的工单，以及经您手的工单。';
    return '您能看到本村的工单（举报、线索类只有民警能看），以及交给您的工单。';
  }

  // ------------------------------------------------------------------ one ticket

  async function renderTicket(view, id, r) {
    const back = h('a', { class: 'back', href: '#tickets', text: '← 工单列表' });
    const head = h('div', { class: 'page-head' });
    const facts = h('div', { class: 'ticket-facts' });
    const actions = h('div');
    // the bot's answer to an action stays put while the buttons change under it
    const result = h('div', { class: 'note', id: 'action-result', hidden: true });
    const timeline = h('section', { class: 'panel' });
    append(view, [back, head, h('div', { class: 'ticket-layout' },
      h('div', { class: 'ticket-main' }, facts, h('section', { class: 'panel actions', id: 'ticket-actions' }, actions, result)),
      timeline)]);

    let shownActions = null;
    const load = async () => {
      let body;
      try {
        body = await get('/api/console/tickets/' + encodeURIComponent(id));
      } catch (e) {
        if (!current(r)) return;
        clear(facts);
        append(facts, [note('error', e.message)]);
        return;
      }
      if (!current(r)) return;
      const t = body.ticket;
      learnNames([t]);
      clear(head);
      append(head, [h('h1', null, h('span', { class: 'mono', id: 'ticket-id', text: t.id })),
        h('div', { class: 'chips' }, chip(t.categoryName + (t.kindName ? ' · ' + t.kindName : ''), 'cat'), stateChip(t),
          t.confidential ? confidentialChip() : null, t.overdue ? chip('超时', 'bad') : null)]);
      document.title = t.id + ' · 指尖服务工作台';
      renderFacts(facts, t, body);
      renderTimeline(timeline, body.events);
      const key = (body.actions || []).join(',');
      if (key !== shownActions) {
        shownActions = key;
        renderActions(actions, result, t, body, load);
      }
    };
    await load();
    every(TICKET_POLL_MS, load);
  }

  function renderFacts(el, t, body) {
    clear(el);
    const dl = h('dl', { class: 'facts' },
      h('dt', { text: '反映人' }), h('dd', { text: t.residentName || '—' }),
      h('dt', { text: '来自' }), h('dd', { text: chatLabel(t) }),
      h('dt', { text: '网格' }), h('dd', { text: gridName(t.grid) }),
      h('dt', { text: '负责人' }), h('dd', { id: 'ticket-assignee', text: t.assigneeName || '—' }),
      h('dt', { text: '受理时间' }), h('dd', { text: time(t.createdAt) }),
      t.escalations ? [h('dt', { text: '升级' }), h('dd', { text: t.escalations + ' 次' })] : null,
      t.outcome ? [h('dt', { text: '办理结果' }), h('dd', { text: t.outcome })] : null,
      t.rating != null ? [h('dt', { text: '群众评价' }), h('dd', { text: t.rating + ' 分' })] : null);
    const chain = h('ol', { class: 'chain', attrs: { 'aria-label': '处理链' } },
      (t.chain || []).map((s, i) => h('li', { class: [i === t.step ? 'now' : null, s.member === t.assignee ? 'holder' : null] },
        h('span', { class: 'chain-role', text: s.role }), h('span', { class: 'chain-name', text: s.name }))));
    const deadlines = h('ul', { class: 'deadlines' }, (body.deadlines || []).map(d => {
      const [label, kind] = DEADLINE[d.state] || [d.state, 'info'];
      return h('li', null, h('span', { class: 'dl-name', text: d.name }),
        h('span', { class: 'dl-due', text: d.due ? time(d.due) : '—' }),
        chip(d.state === 'pending' && d.due ? until(d.due, body.now) : label, kind),
        d.doneAt ? h('small', { class: 'muted', text: '完成于 ' + time(d.doneAt) }) : null);
    }));
    append(el, [
      h('section', { class: 'panel' },
        t.confidential ? note('secret', '保密工单：举报人的身份和内容不得在群里提及；答复只通过私聊送达举报人。') : null,
        h('blockquote', { class: 'said', id: 'ticket-text', text: t.text }),
        dl),
      h('section', { class: 'panel' }, h('h2', { text: '时限' }), deadlines,
        (t.missedNames || []).length ? h('p', { class: 'bad-text', text: '记录：' + t.missedNames.join('、') }) : null,
        h('h2', { text: '处理链' }), chain)]);
  }

  function renderTimeline(el, events) {
    clear(el);
    append(el, [h('h2', { text: '时间线' }), h('ol', { class: 'timeline', id: 'ticket-timeline' }, (events || []).map(e =>
      h('li', { class: 'ev-' + (EVENT_KIND[e.type] || 'plain') },
        h('div', { class: 'ev-head' }, h('b', { text: e.typeName }), h('span', { class: 'muted', text: time(e.at) })),
        h('div', { class: 'ev-who' }, e.actorName || e.actor || '',
          e.toName ? ' → ' + e.toName : ''),
        e.note ? h('div', { class: 'ev-note', text: e.note }) : null)))]);
  }

  function renderActions(el, result, t, body, reload) {
    clear(el);
    const list = body.actions || [];
    if (!list.length) {
      append(el, [h('h2', { text: '办理' }), h('p', { class: 'muted', text: t.state && ['CLOSED', 'FOLLOWED_UP', 'RATED'].includes(t.state)
        ? '工单已办结。' : '这张工单现在不由您办理。' })]);
      return;
    }
    const forms = h('div', { class: 'action-forms' });
    const run = async (action, payload, button) => {
      const said = await act(result, '/api/console/tickets/' + encodeURIComponent(t.id) + '/' + action, payload, button);
      if (said) {
        for (const x of forms.querySelectorAll('textarea, input[type=text]')) x.value = '';
        await reload();
      }
    };
    const buttons = h('div', { class: 'action-buttons' });
    const show = (name) => {
      for (const f of forms.children) f.hidden = f.dataset.action !== name;
      for (const b of buttons.children) b.classList.toggle('on', b.dataset.action === name);
      const first = forms.querySelector(`[data-action="${name}"] textarea, [data-action="${name}"] select`);
      if (first) first.focus();
    };
    for (const a of list) {
      if (a === 'sign') {
        const b = h('button', { type: 'button', class: 'button primary', id: 'action-sign', text: '签收', data: { action: 'sign' } });
        b.addEventListener('click', () => run('sign', {}, b));
        buttons.appendChild(b);
        continue;
      }
      buttons.appendChild(h('button', { type: 'button', class: 'button', id: 'action-' + a, text: ACTION_LABEL[a] || a,
        data: { action: a }, on: { click: () => show(a) } }));
      forms.appendChild(actionForm(a, t, body, run));
    }
    append(el, [h('h2', { text: '办理' }), buttons, forms]);
    // the usual next step is open at once: a reply once signed
    if (list.includes('reply') && t.signedAt) show('reply');
    else for (const f of forms.children) f.hidden = true;
  }

  function actionForm(a, t, body, run) {
    const submit = (label) => h('button', { type: 'submit', class: 'button primary', text: label });
    const form = (children, onSubmit) => {
      const f = h('form', { class: 'action-form', data: { action: a }, id: 'form-' + a }, children);
      f.addEventListener('submit', (ev) => {
        ev.preventDefault();
        onSubmit(f.querySelector('button[type=submit]'));
      });
      return f;
    };
    if (a === 'reply') {
      const text = h('textarea', { rows: 3, required: true, maxLength: 2000, id: 'reply-text',
        placeholder: '如：供电所的师傅半小时内到，请大家先别靠近。' });
      return form([field(t.confidential ? '答复举报人（只私信给他）' : '答复群众（发到他提问的' + (t.chat && t.chat.startsWith('dm:') ? '私聊' : '群') + '里）', text,
        t.signedAt ? null : '还没签收的工单，回复时同时签收'), submit('发送答复')],
        (b) => run('reply', { text: text.value.trim() }, b));
    }
    if (a === 'reassign') {
      const staff = (body.staff || []).filter(s => s.id !== t.assignee)
        .filter(s => !t.confidential || s.police);
      const to = select([{ value: '', label: '选择工作人员' }].concat(staff.map(s => ({ value: s.id, label: `${s.name}（${s.role}）` }))),
        '', { required: true, id: 'reassign-to' });
      const reason = h('input', { type: 'text', maxLength: 200, id: 'reassign-reason', placeholder: '可不填' });
      return form([field('转派给', to, t.confidential ? '举报类工单只能转给民警' : null), field('理由', reason), submit('转派')],
        (b) => run('reassign', { to: to.value, reason: reason.value.trim() || null }, b));
    }
    if (a === 'return') {
      const reason = h('input', { type: 'text', required: true, maxLength: 200, id: 'return-reason', placeholder: '如：不归本村管' });
      return form([field('退单理由', reason, '退给当天值班民警重新派单；退单后您就不能再办这张工单'), submit('退单')],
        (b) => run('return', { reason: reason.value.trim() }, b));
    }
    if (a === 'close') {
      const outcome = h('textarea', { rows: 2, required: true, maxLength: 2000, id: 'close-outcome', placeholder: '如：已调解，运费当场结清' });
      return form([field('办理结果', outcome, '群众会收到办结通知，并被请求评价'), submit('办结')],
        (b) => run('close', { outcome: outcome.value.trim() }, b));
    }
    return h('div', { data: { action: a } });
  }

  ZJ.page('tickets', {
    title: '工单',
    render: (view, arg, query, r) => (arg ? renderTicket(view, arg, r) : renderQueue(view, query, r)),
  });
})();
