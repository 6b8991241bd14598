// 指尖服务 console: 信息发布 — compose (preview, then 确认发布), the list, and one broadcast's ledger filling live.
'use strict';

(() => {
  const { h, append, clear, field, select, chip, empty, note, table, time, get, act, every, current } = ZJ;

  const LIST_POLL_MS = 5000;
  const LEDGER_POLL_MS = 2000;
  const ID_RE = /B-\d{8}-\d{3,6}/;

  const STATE_KIND = { PREVIEW: 'warn', DISCARDED: 'plain', ACTIVE: 'work', CANCELLED: 'plain', FOUND: 'done', EXPIRED: 'plain' };
  const WAVE_NAME = { ALERT: '发布', UPDATE: '更正', CANCEL: '撤销' };
  // the ledger's statuses: label, colour class, and whether they count as reached
  const STATUS = {
    SENT: ['已送达', 'ok'], WAITING_CONFIRMATION: ['待群主确认', 'wait'], QUEUED: ['排队中', 'queued'],
    RETRYING: ['重试中', 'queued'], UNREACHABLE: ['通道暂不可用', 'queued'], FAILED: ['发送失败', 'fail'],
    WITHDRAWN: ['已撤回未发', 'off'], NO_CHANNEL: ['通道不能主动发送', 'off'],
  };
  const BAR_ORDER = ['SENT', 'WAITING_CONFIRMATION', 'FAILED', 'NO_CHANNEL', 'WITHDRAWN'];
  const CHANNEL = {
    sim: '模拟器', wecom_app: '企业微信应用', wecom_appchat: '企业微信群聊', wecom_robot: '群机器人', wecom_kf: '微信客服',
    wecom_customer_group: '企业微信客户群', wecom_aibot: '智能机器人', bridge: '个人微信群桥接', mp: '公众号', console: '工作台',
  };

  /** How far a wave is: settled (a final status) of all its chats. */
  function progress(w) {
    const targets = w.targets || 0;
    const settled = targets - (w.pending || 0);
    const pct = targets ? Math.floor((settled * 100) / targets) : 100;
    return { targets, settled, pct };
  }

  /** A progress bar with a segment per final status (widths set through the CSSOM, which the CSP allows). */
  function bar(w) {
    const { targets, settled, pct } = progress(w);
    const el = h('div', { class: 'progress', attrs: { role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100',
      'aria-valuenow': String(pct), 'aria-label': '送达进度' }, data: { percent: pct } });
    for (const s of BAR_ORDER) {
      const n = (w.byStatus || {})[s] || 0;
      if (!n || !targets) continue;
      const seg = h('span', { class: 'seg seg-' + STATUS[s][1], title: `${STATUS[s][0]} ${n}` });
      seg.style.width = (100 * n / targets) + '%';
      el.appendChild(seg);
    }
    return h('div', { class: 'progress-row' }, el,
      h('span', { class: 'progress-label', text: `${settled}/${targets} · ${pct}%` }));
  }

  function counts(w) {
    const by = w.byStatus || {};
    return h('div', { class: 'legend' }, Object.keys(STATUS).filter(s => by[s]).map(s =>
      h('span', { class: 'legend-item' }, h('span', { class: 'dot dot-' + STATUS[s][1] }), `${STATUS[s][0]} ${by[s]}`)));
  }

  // ------------------------------------------------------------------ list and compose

  async function renderList(view, r) {
    const me = ZJ.state.me;
    const list = h('div', { id: 'broadcast-list', class: 'list-holder' }, h('p', { class: 'loading', text: '正在加载…' }));
    const compose = h('div', { id: 'compose-holder' });
    append(view, [h('div', { class: 'page-head' }, h('h1', { text: '信息发布' }),
      h('p', { class: 'muted', text: me.police ? '从一级群发布到二级群：先预览，确认后发出；紧急类别（寻人、预警）立刻发出。'
        : '一级群发布的通知和送达情况（只有民警可以发布）。' })),
    compose, h('section', { class: 'panel' }, h('h2', { text: '最近的发布' }), list)]);

    if (me.police) {
      get('/api/console/broadcasts/options').then(opts => {
        if (current(r) && opts.mayPublish) compose.appendChild(composeForm(opts));
      }).catch(e => { if (current(r)) compose.appendChild(note('error', e.message)); });
    }

    const load = async () => {
      let body;
      try {
        body = await get('/api/console/broadcasts?limit=50');
      } catch (e) {
        if (current(r)) { clear(list); append(list, [note('error', e.message)]); }
        return;
      }
      if (!current(r)) return;
      clear(list);
      if (!body.broadcasts.length) {
        append(list, [empty('还没有发布。')]);
        return;
      }
      append(list, [table([
        { label: '编号', class: 'col-id', cell: b => h('span', { class: 'mono', text: b.id }) },
        { label: '类别', cell: b => h('span', { class: 'chips' }, chip(b.categoryName, 'cat'), b.urgent ? chip('紧急', 'bad') : null) },
        { label: '范围', cell: b => b.scope },
        { label: '状态', cell: b => chip(b.stateLabel, STATE_KIND[b.state]) },
        { label: '发布人', cell: b => b.publisherName },
        { label: '时间', cell: b => time(b.sentAt || b.createdAt) },
        { label: '送达', class: 'col-progress', cell: b => {
          const w = (b.waveCounts || [])[0];
          return w ? bar(w) : h('span', { class: 'muted', text: '未发出' });
        } },
        { label: '收到', cell: b => b.groupsAddressed ? `${b.acknowledged}/${b.groupsAddressed}` : '—' },
      ], body.broadcasts, b => { location.hash = 'broadcasts/' + encodeURIComponent(b.id); }, { id: 'broadcast-table' })]);
    };
    await load();
    every(LIST_POLL_MS, load);
  }

  function composeForm(opts) {
    const cats = opts.categories || [];
    const category = select([{ value: '', label: '选择类别' }].concat(cats.map(c => ({ value: c.name,
      label: c.name + (c.urgent ? '（紧急，立刻发出）' : '') }))), '', { id: 'compose-category', required: true });
    const catHint = h('span', { class: 'field-hint' });
    category.addEventListener('change', () => {
      const c = cats.find(x => x.name === category.value);
      catHint.textContent = c ? c.description + (c.urgent ? '。紧急类别不用确认，提交后立刻发出。' : '') : '';
    });

    const scopes = opts.scopes || {};
    const picked = new Set();
    const summary = h('span', { class: 'scope-summary', id: 'scope-summary', text: '未选' });
    const boxes = [];
    const box = (word, group, title) => {
      const input = h('input', { type: 'checkbox', value: word, data: { group } });
      input.addEventListener('change', () => {
        if (input.checked) picked.add(word); else picked.delete(word);
        if (word === '全乡' && input.checked) {
          for (const b of boxes) if (b !== input) { b.checked = false; picked.delete(b.value); }
        } else if (input.checked) {
          const all = boxes.find(b => b.value === '全乡');
          if (all && all.checked) { all.checked = false; picked.delete('全乡'); }
        }
        summary.textContent = picked.size ? Array.from(picked).join('、') : '未选';
      });
      boxes.push(input);
      return h('label', { class: 'pick', title: title || null }, input, h('span', { text: word }));
    };
    const scopeField = h('fieldset', { class: 'scope' }, h('legend', { text: '范围' }),
      h('div', { class: 'picks' }, (scopes.township || ['全乡']).map(w => box(w, 'township'))),
      h('div', { class: 'scope-group' }, h('span', { class: 'scope-label', text: '村' }),
        h('div', { class: 'picks' }, (scopes.villages || []).map(w => box(w, 'village')))),
      h('div', { class: 'scope-group' }, h('span', { class: 'scope-label', text: '群的种类' }),
        h('div', { class: 'picks' }, (scopes.kinds || []).map(w => box(w, 'kind')))),
      (scopes.groups || []).length ? h('details', { class: 'scope-group' }, h('summary', { text: '指定的群' }),
        h('div', { class: 'picks' }, scopes.groups.map(g => box(g.name, 'group', `${g.kind} · ${g.grid || ''}`)))) : null,
      h('p', { class: 'field-hint' }, '已选：', summary, '。村和群的种类同时选时取交集（章达村 + 家长群 = 章达村的家长群）；指定的群另外加上。'));

    const text = h('textarea', { rows: 5, required: true, maxLength: 2000, id: 'compose-text',
      placeholder: '通知内容，如：近期天干物燥，请勿在林区草场用火……' });
    const result = h('div', { class: 'note', id: 'compose-result', hidden: true });
    const next = h('div', { class: 'compose-next', id: 'compose-next' });
    const submit = h('button', { type: 'submit', class: 'button primary', id: 'compose-preview', text: '预览' });
    const form = h('form', { class: 'compose', id: 'compose-form' },
      h('div', { class: 'compose-grid' }, field('类别', category, null), scopeField),
      catHint,
      field('内容', text, '群里看到的是：【类别】派出所名，内容，发布时间和编号。'),
      h('div', { class: 'form-actions' }, submit), result, next);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clear(next);
      if (!picked.size) {
        ZJ.showError(result, new Error('请选择发布范围'));
        return;
      }
      const said = await act(result, '/api/console/broadcasts',
        { category: category.value, scope: Array.from(picked).join('、'), text: text.value.trim() }, submit);
      if (!said) return;
      const all = said.join('\n');
      const m = all.match(ID_RE);
      if (!m) return;   // refused: the bot's answer says why
      const id = m[0];
      if (all.includes('预览')) {
        const confirmBox = h('div', { class: 'note', hidden: true, id: 'confirm-result' });
        const confirm = h('button', { type: 'button', class: 'button primary', id: 'confirm-publish', text: '确认发布' });
        const cancel = h('button', { type: 'button', class: 'button', text: '不发了' });
        confirm.addEventListener('click', async () => {
          const ok = await act(confirmBox, '/api/console/broadcasts/' + id + '/confirm', {}, confirm);
          if (ok && ok.join('').includes(id)) {
            text.value = '';
            location.hash = 'broadcasts/' + id;
          }
        });
        cancel.addEventListener('click', async () => {
          await act(confirmBox, '/api/console/broadcasts/' + id + '/cancel', {}, cancel);
        });
        append(next, [h('div', { class: 'form-actions' }, confirm, cancel,
          h('span', { class: 'muted', text: '确认前不会发出；预览 24 小时内有效。' })), confirmBox]);
      } else {
        append(next, [h('a', { class: 'button primary', href: '#broadcasts/' + id, text: '查看送达情况' })]);
      }
    });
    return h('section', { class: 'panel compose-panel' }, h('h2', { text: '发布通知' }), form);
  }

  // ------------------------------------------------------------------ one broadcast

  async function renderOne(view, id, r) {
    const back = h('a', { class: 'back', href: '#broadcasts', text: '← 发布列表' });
    const head = h('div', { class: 'page-head' });
    const summary = h('section', { class: 'panel', id: 'broadcast-summary' });
    const actions = h('div');
    const result = h('div', { class: 'note', hidden: true, id: 'broadcast-action-result' });
    const actionPanel = h('section', { class: 'panel', id: 'broadcast-actions', hidden: true }, actions, result);
    const ledger = h('section', { class: 'panel', id: 'broadcast-ledger' });
    append(view, [back, head, summary, actionPanel, ledger]);
    let shownState = null;
    let wave = null;   // the wave whose chats are listed; null = the latest

    const load = async () => {
      let b;
      try {
        b = await get('/api/console/broadcasts/' + encodeURIComponent(id));
      } catch (e) {
        if (!current(r)) return;
        clear(summary);
        append(summary, [note('error', e.message)]);
        return;
      }
      if (!current(r)) return;
      clear(head);
      append(head, [h('h1', null, h('span', { class: 'mono', text: b.id })),
        h('div', { class: 'chips' }, chip(b.categoryName, 'cat'), chip(b.stateLabel, STATE_KIND[b.state], null),
          b.urgent ? chip('紧急', 'bad') : null, b.missingPerson ? chip('寻人', 'warn') : null)]);
      document.title = b.id + ' · 指尖服务工作台';

      clear(summary);
      append(summary, [
        h('dl', { class: 'facts' },
          h('dt', { text: '范围' }), h('dd', { text: `${b.scope} → ${b.groupsAddressed} 个群` + (b.channelNames && b.channelNames.length ? `（${b.channelNames.join('、')}）` : '') }),
          h('dt', { text: '发布人' }), h('dd', { text: b.publisherName }),
          h('dt', { text: '发出' }), h('dd', { text: b.sentAt ? time(b.sentAt) : '未发出' }),
          h('dt', { text: '有效至' }), h('dd', { text: b.expiresAt ? time(b.expiresAt) : '—' }),
          h('dt', { text: '已回复“收到”' }), h('dd', { id: 'broadcast-acks', text: `${b.acknowledged} 个群` }),
          b.missingPerson ? [h('dt', { text: '线索' }), h('dd', { text: `${b.clueCount} 条` })] : null),
        h('blockquote', { class: 'said', text: b.text }),
        (b.waveCounts || []).map(w => h('div', { class: 'wave', data: { wave: w.n } },
          h('div', { class: 'wave-head' }, h('b', { text: `第 ${w.n} 批 · ${WAVE_NAME[w.kind] || w.kind}` }),
            w.reason ? h('span', { class: 'muted', text: w.reason }) : null,
            h('span', { class: 'muted', text: time(w.at) }),
            w.t90Seconds != null ? h('span', { class: 'muted', text: `90% 送达用时 ${w.t90Seconds} 秒` }) : null),
          bar(w), counts(w)))]);
      if (!(b.waveCounts || []).length) summary.appendChild(note('info', b.state === 'PREVIEW' ? '这是预览，确认后才会发出。' : '没有发出。'));

      if (b.state !== shownState) {
        shownState = b.state;
        actionPanel.hidden = !renderActions(actions, result, b, load) && result.hidden;
      }

      // the chats of one wave, with a tab per wave
      clear(ledger);
      const waves = b.waves || [];
      if (!waves.length) { ledger.hidden = true; return; }
      ledger.hidden = false;
      const shown = waves.find(w => w.n === wave) || waves[waves.length - 1];
      append(ledger, [h('h2', { text: '逐群台账' }),
        waves.length > 1 ? h('div', { class: 'segmented' }, waves.map(w => h('button', { type: 'button',
          class: w === shown ? 'on' : null, text: `第 ${w.n} 批 · ${WAVE_NAME[w.kind] || w.kind}`,
          on: { click: () => { wave = w.n; load(); } } }))) : null,
        table([
          { label: '群', cell: c => c.name },
          { label: '状态', cell: c => chip(c.statusLabel, 'st-' + ((STATUS[c.status] || [])[1] || 'plain')) },
          { label: '通道', cell: c => CHANNEL[c.channel] || c.channel || '—' },
          { label: '时间', cell: c => c.at ? time(c.at) : '—' },
          { label: '收到', cell: c => c.acknowledged ? chip('已收到', 'done') : '—' },
          { label: '原因', cell: c => c.error || '' },
        ], shown.chats || [], null, { id: 'ledger-table' }),
        (b.clues || []).length ? h('div', null, h('h2', { text: '寻人线索' }), h('ul', { class: 'clues' }, b.clues.map(c =>
          h('li', null, h('b', { text: c.name }), ' ', h('span', { class: 'muted', text: time(c.at) }),
            c.from ? h('div', { text: `${c.from}：${c.text}` }) : null)))) : null]);
    };
    await load();
    every(LEDGER_POLL_MS, load);
  }

  /** The buttons for the broadcast's state; false when there is nothing to do. */
  function renderActions(el, result, b, reload) {
    clear(el);
    const me = ZJ.state.me;
    if (!me.police || !['PREVIEW', 'ACTIVE'].includes(b.state)) return false;
    const path = (a) => '/api/console/broadcasts/' + encodeURIComponent(b.id) + '/' + a;
    const run = async (a, body, button) => {
      const said = await act(result, path(a), body, button);
      if (said) await reload();
    };
    const parts = [h('h2', { text: '操作' })];
    if (b.state === 'PREVIEW') {
      const confirm = h('button', { type: 'button', class: 'button primary', id: 'confirm-publish', text: '确认发布' });
      confirm.addEventListener('click', () => run('confirm', {}, confirm));
      const discard = h('button', { type: 'button', class: 'button', text: '作废预览' });
      discard.addEventListener('click', () => run('cancel', {}, discard));
      parts.push(h('div', { class: 'form-actions' }, confirm, discard));
    } else {
      const forms = [];
      const updateText = h('textarea', { rows: 3, required: true, maxLength: 2000, placeholder: '更正后的完整内容（以此为准）' });
      forms.push(['update', '更正', h('form', { class: 'action-form' }, field('更正内容', updateText,
        '发给此前发过的每个群；还在排队没发出的原通知不再发送'), h('button', { type: 'submit', class: 'button primary', text: '发送更正' })),
      (f) => run('update', { text: updateText.value.trim() }, f.querySelector('button'))]);
      const reason = h('input', { type: 'text', maxLength: 200, placeholder: '可不填' });
      forms.push(['cancel', '撤回', h('form', { class: 'action-form' }, field('撤回理由', reason,
        '给此前发过的每个群发撤销通知；还没发出的不再发'), h('button', { type: 'submit', class: 'button danger', text: '撤回' })),
      (f) => run('cancel', { reason: reason.value.trim() || null }, f.querySelector('button'))]);
      if (b.missingPerson) {
        const found = h('input', { type: 'text', maxLength: 200, placeholder: '如：已在县城找到，平安' });
        forms.push(['found', '已找到', h('form', { class: 'action-form' }, field('说明', found,
          '所有发过的群都会收到“人已找到”，不再扩大范围、不再收线索'), h('button', { type: 'submit', class: 'button primary', text: '人已找到' })),
        (f) => run('found', { note: found.value.trim() || null }, f.querySelector('button'))]);
      }
      const buttons = h('div', { class: 'action-buttons' });
      const holder = h('div', { class: 'action-forms' });
      for (const [name, label, form, submit] of forms) {
        form.hidden = true;
        form.dataset.action = name;
        form.addEventListener('submit', (ev) => { ev.preventDefault(); submit(form); });
        holder.appendChild(form);
        buttons.appendChild(h('button', { type: 'button', class: 'button', id: 'broadcast-' + name, text: label, data: { action: name },
          on: { click: () => {
            for (const f of holder.children) f.hidden = f.dataset.action !== name;
            for (const x of buttons.children) x.classList.toggle('on', x.dataset.action === name);
          } } }));
      }
      parts.push(buttons, holder);
    }
    append(el, parts);
    return true;
  }

  ZJ.page('broadcasts', {
    title: '信息发布',
    render: (view, arg, query, r) => (arg ? renderOne(view, arg, r) : renderList(view, r)),
  });
})();
