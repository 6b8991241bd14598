// 指尖服务 console: 反诈 (police) — alerts and their verdicts, the block and allow lists, added words, the week.
'use strict';

(() => {
  const { h, append, clear, field, select, chip, empty, note, table, tile, time, get, post, act, showError, gridName,
    every, current } = ZJ;

  const POLL_MS = 10000;
  const STATE_KIND = { NEW: 'warn', CONFIRMED: 'bad', FALSE_ALARM: 'plain' };
  const KIND_NAME = { GROUP: '群内提醒', CHECK: '群众询问' };
  const TABS = [['alerts', '提醒'], ['lists', '名单'], ['patterns', '关键词'], ['stats', '本周统计']];

  let families = null;   // id → name, from /fraud/patterns

  async function familyNames() {
    if (!families) {
      const body = await get('/api/console/fraud/patterns');
      families = {};
      for (const f of body.families || []) families[f.id] = f.name;
    }
    return families;
  }

  function familyName(id) {
    return (families && families[id]) || id || '—';
  }

  async function render(view, arg, query, r) {
    if (arg) return renderAlert(view, arg, r);
    const tab = TABS.some(([t]) => t === query.get('tab')) ? query.get('tab') : 'alerts';
    append(view, [h('div', { class: 'page-head' }, h('h1', { text: '反诈' }),
      h('p', { class: 'muted', text: '二级群里的诈骗话术提醒、群众的“这是诈骗吗”；民警核实后，确认的链接和号码以后一律识别，误报的不再提醒。' })),
    h('div', { class: 'segmented tabs', attrs: { role: 'tablist' } }, TABS.map(([t, label]) =>
      h('a', { href: '#fraud?tab=' + t, class: t === tab ? 'on' : null, text: label,
        attrs: { role: 'tab', 'aria-selected': String(t === tab) } })))]);
    const body = h('div', { class: 'tab-body' });
    view.appendChild(body);
    await familyNames().catch(() => null);
    if (tab === 'alerts') return renderAlerts(body, r);
    if (tab === 'lists') return renderLists(body);
    if (tab === 'patterns') return renderPatterns(body);
    return renderStats(body);
  }

  // ------------------------------------------------------------------ alerts

  async function renderAlerts(el, r) {
    const holder = h('div', { class: 'list-holder', id: 'fraud-list' }, h('p', { class: 'loading', text: '正在加载…' }));
    el.appendChild(h('section', { class: 'panel' }, holder));
    const load = async () => {
      let body;
      try {
        body = await get('/api/console/fraud/alerts?limit=100');
      } catch (e) {
        if (current(r)) { clear(holder); append(holder, [note('error', e.message)]); }
        return;
      }
      if (!current(r)) return;
      clear(holder);
      if (!body.alerts.length) { append(holder, [empty('还没有诈骗提醒。')]); return; }
      append(holder, [table([
        { label: '编号', class: 'col-id', cell: a => h('span', { class: 'mono', text: a.id }) },
        { label: '类型', cell: a => KIND_NAME[a.kind] || a.kind },
        { label: '疑似', cell: a => familyName(a.family) },
        { label: '群 / 网格', cell: a => h('span', null, a.chatName, h('br'), h('small', { class: 'muted', text: gridName(a.grid) })) },
        { label: '发送人', cell: a => a.senderName || '—' },
        { label: '时间', cell: a => time(a.at) },
        { label: '状态', cell: a => chip(a.stateLabel, STATE_KIND[a.state]) },
        { label: '原文', class: 'col-text', cell: a => h('span', { class: 'excerpt', text: a.text }) },
      ], body.alerts, a => { location.hash = 'fraud/' + encodeURIComponent(a.id); }, { id: 'fraud-table' })]);
    };
    await load();
    every(POLL_MS, load);
  }

  async function renderAlert(view, id, r) {
    await familyNames().catch(() => null);
    const a = await get('/api/console/fraud/alerts/' + encodeURIComponent(id));
    if (!current(r)) return;
    const result = h('div', { class: 'note', hidden: true, id: 'verdict-result' });
    const verdict = h('div', { class: 'form-actions' });
    if (a.state === 'NEW') {
      const yes = h('button', { type: 'button', class: 'button danger', id: 'verdict-confirm', text: '确认是诈骗' });
      const no = h('button', { type: 'button', class: 'button', id: 'verdict-false', text: '误报' });
      const run = async (action, button) => {
        const said = await act(result, '/api/console/fraud/alerts/' + encodeURIComponent(a.id) + '/' + action, {}, button);
        if (said) { yes.disabled = no.disabled = true; }
      };
      yes.addEventListener('click', () => run('confirm', yes));
      no.addEventListener('click', () => run('false-alarm', no));
      append(verdict, [yes, no]);
    }
    append(view, [h('a', { class: 'back', href: '#fraud', text: '← 反诈提醒' }),
      h('div', { class: 'page-head' }, h('h1', null, h('span', { class: 'mono', text: a.id })),
        h('div', { class: 'chips' }, chip(KIND_NAME[a.kind] || a.kind, 'cat'), chip(a.stateLabel, STATE_KIND[a.state]))),
      h('section', { class: 'panel' },
        h('blockquote', { class: 'said scam', text: a.text }),
        h('dl', { class: 'facts' },
          h('dt', { text: '疑似' }), h('dd', { text: familyName(a.family) + `（得分 ${a.score}）` }),
          h('dt', { text: '依据' }), h('dd', { text: (a.why || []).join('；') || '—' }),
          h('dt', { text: '群' }), h('dd', { text: a.chatName }),
          h('dt', { text: '网格' }), h('dd', { text: gridName(a.grid) }),
          h('dt', { text: '发送人' }), h('dd', { text: a.senderName || '—' }),
          h('dt', { text: '时间' }), h('dd', { text: time(a.at) }),
          h('dt', { text: '通知了' }), h('dd', { text: a.officer || '—' }),
          a.verdictBy ? [h('dt', { text: '核实' }), h('dd', { text: `${a.verdictBy} · ${time(a.verdictAt)}` })] : null)),
      h('section', { class: 'panel' }, h('h2', { text: '核实' }),
        a.state === 'NEW' ? h('p', { class: 'muted', text: '确认诈骗：消息里的链接、号码和发送人加入拦截名单，以后一律提醒。误报：这段话和发送人以后不再提醒。' })
          : h('p', { class: 'muted', text: '已核实。' }),
        verdict, result)]);
  }

  // ------------------------------------------------------------------ lists, words, week

  async function renderLists(el) {
    const l = await get('/api/console/fraud/lists');
    const kv = (obj) => Object.entries(obj || {});
    const section = (title, rows, cols, emptyText) => h('section', { class: 'panel' }, h('h2', { text: title }),
      rows.length ? table(cols, rows) : empty(emptyText));
    append(el, [
      section('拦截的链接', kv(l.blockedLinks), [{ label: '网址', cell: x => h('span', { class: 'mono', text: x[0] }) },
        { label: '诈骗类型', cell: x => familyName(x[1]) }], '还没有。'),
      section('拦截的号码', kv(l.blockedNumbers), [{ label: '号码', cell: x => h('span', { class: 'mono', text: x[0] }) },
        { label: '诈骗类型', cell: x => familyName(x[1]) }], '还没有。'),
      section('拦截的发送人', l.blockedSenders || [], [{ label: '发送人', cell: x => x.name || x.id },
        { label: '诈骗类型', cell: x => familyName(x.family) }], '还没有。'),
      section('不再提醒的发送人（误报）', l.allowedSenders || [], [{ label: '发送人', cell: x => x.name || x.id }], '还没有。'),
      h('p', { class: 'muted', text: `误报、不再提醒的原话：${l.allowedTexts || 0} 段（只存指纹，不存原文）。` })]);
  }

  async function renderPatterns(el) {
    const body = await get('/api/console/fraud/patterns');
    const holder = h('div');
    const show = (added) => {
      clear(holder);
      const rows = Object.entries(added || {});
      append(holder, [rows.length ? table([
        { label: '诈骗类型', cell: x => familyName(x[0].split('|')[0]) },
        { label: '词', cell: x => x[0].split('|').slice(1).join('|') },
        { label: '权重', cell: x => String(x[1]) }], rows) : empty('还没有添加过关键词。')]);
    };
    show(body.added);
    const family = select((body.families || []).map(f => ({ value: f.id, label: f.name })), '', { id: 'pattern-family' });
    const word = h('input', { type: 'text', required: true, maxLength: 40, id: 'pattern-word', placeholder: '如：解冻金' });
    const weight = h('input', { type: 'number', required: true, min: '1', max: '10', value: '3', id: 'pattern-weight' });
    const result = h('div', { class: 'note', hidden: true });
    const submit = h('button', { type: 'submit', class: 'button primary', text: '添加' });
    const form = h('form', { class: 'inline-form' }, field('诈骗类型', family), field('词', word), field('权重 1–10', weight), submit);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      submit.disabled = true;
      try {
        const r = await post('/api/console/fraud/patterns', { family: family.value, word: word.value.trim(), weight: Number(weight.value) });
        show(r.added);
        word.value = '';
        result.hidden = true;
        ZJ.flash('已添加，所有网关立即生效', 'ok');
      } catch (e) {
        showError(result, e);
      } finally {
        submit.disabled = false;
      }
    });
    append(el, [h('section', { class: 'panel' }, h('h2', { text: '添加关键词' }),
      h('p', { class: 'muted', text: '新出现的诈骗说法：加一个词到某一类诈骗，所有网关立即按它识别。' }), form, result),
    h('section', { class: 'panel' }, h('h2', { text: '已添加的关键词' }), holder)]);
  }

  async function renderStats(el) {
    const s = await get('/api/console/fraud/stats');
    const pct = (x) => (x == null ? '—' : Math.round(x * 100) + '%');
    const t = s.total || {};
    append(el, [h('section', { class: 'panel' }, h('h2', { text: `${s.week} 周` }),
      h('div', { class: 'tiles' },
        tile('群内提醒', t.warnings), tile('群众询问', t.checks), tile('确认诈骗', t.confirmed), tile('误报', t.falseAlarms),
        tile('误报率', pct(t.falseAlarmRate))),
      (s.byGrid || []).length ? table([
        { label: '网格', cell: x => x.gridName || gridName(x.grid) },
        { label: '群内提醒', cell: x => String(x.warnings) }, { label: '群众询问', cell: x => String(x.checks) },
        { label: '确认诈骗', cell: x => String(x.confirmed) }, { label: '误报', cell: x => String(x.falseAlarms) },
        { label: '误报率', cell: x => pct(x.falseAlarmRate) }], s.byGrid) : empty('本周还没有。'))]);
  }

  ZJ.page('fraud', { title: '反诈', police: true, render });
})();
