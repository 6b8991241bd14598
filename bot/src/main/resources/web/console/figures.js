// 指尖服务 console: 统计 — the station's figures week by week (GET /api/console/figures), drawn with Chart.js,
// with a grid picker and the same figures as a CSV file.
'use strict';

(() => {
  const { h, append, clear, field, select, tile, empty, note, table, get, current } = ZJ;

  const WEEK_CHOICES = [4, 8, 12, 26];
  const COLORS = {
    blue: '#1e4f8f', teal: '#2f7f8f', green: '#2e7d4f', amber: '#c08a12', red: '#b3372f', grey: '#8a96a3', violet: '#5b3e8f',
  };
  const charts = [];

  const pct = (x) => (x == null ? null : Math.round(x * 1000) / 10);
  const pctText = (x) => (x == null ? '—' : pct(x) + '%');
  const minutes = (s) => (s == null ? null : Math.round(s / 6) / 10);

  /** 3 分钟 / 1.5 小时 from seconds. */
  function minutesText(s) {
    if (s == null) return '—';
    if (s < 60) return '不到 1 分钟';
    if (s < 3600) return Math.round(s / 60) + ' 分钟';
    return Math.round(s / 360) / 10 + ' 小时';
  }

  /** W47 (11/16–11/22) */
  function weekLabel(w) {
    const md = (d) => { const [, m, day] = d.split('-'); return `${Number(m)}/${Number(day)}`; };
    return `${w.week.slice(5)}（${md(w.from)}–${md(w.to)}）`;
  }

  function chartBox(id, title, label) {
    const canvas = h('canvas', { id, attrs: { role: 'img', 'aria-label': label || title } });
    return { canvas, el: h('section', { class: 'panel chart-panel' }, h('h2', { text: title }), h('div', { class: 'chart-box' }, canvas)) };
  }

  function draw(canvas, config) {
    if (!window.Chart) throw new Error('图表脚本没有加载');
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = '#5f6b7a';
    const base = {
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
    };
    config.options = Object.assign(base, config.options || {});
    config.options.plugins = Object.assign(base.plugins, (config.options || {}).plugins || {});
    charts.push(new Chart(canvas, config));
  }

  async function render(view, arg, query, r) {
    while (charts.length) charts.pop().destroy();
    const me = ZJ.state.me;
    const weeks = WEEK_CHOICES.includes(Number(query.get('weeks'))) ? Number(query.get('weeks')) : 8;
    const grid = query.get('grid') || '';
    const apply = (change) => {
      const q = new URLSearchParams();
      const next = Object.assign({ weeks, grid }, change);
      q.set('weeks', String(next.weeks));
      if (next.grid) q.set('grid', next.grid);
      location.hash = 'figures?' + q.toString();
    };
    const params = new URLSearchParams({ weeks: String(weeks) });
    if (grid) params.set('grid', grid);

    const gridNames = me.gridNames || {};
    const gridPicker = select([{ value: '', label: me.reach === 'STATION' ? '全乡' : '我负责的全部网格' }].concat(
      Object.entries(gridNames).map(([id, name]) => ({ value: id, label: name }))), grid,
    { id: 'figures-grid', on: { change: (e) => apply({ grid: e.target.value }) } });
    const weekPicker = select(WEEK_CHOICES.map(n => ({ value: n, label: `近 ${n} 周` })), weeks,
      { id: 'figures-weeks', on: { change: (e) => apply({ weeks: Number(e.target.value) }) } });
    const csv = h('a', { class: 'button', id: 'figures-csv', href: '/api/console/figures.csv?' + params.toString(),
      download: '', text: '下载 CSV（Excel）' });
    const holder = h('div', { id: 'figures' }, h('p', { class: 'loading', text: '正在计算…' }));
    append(view, [h('div', { class: 'page-head' }, h('h1', { text: '统计' }),
      h('p', { class: 'muted', text: '按周（周一到周日）统计：受理和办结、首次答复用时、响应率、解决率、满意率、信息发布和反诈提醒。' })),
    h('div', { class: 'filters' }, field('网格', gridPicker), field('时间', weekPicker), csv),
    holder]);

    let body;
    try {
      body = await get('/api/console/figures?' + params.toString());
    } catch (e) {
      if (current(r)) { clear(holder); append(holder, [note('error', e.message)]); }
      return;
    }
    if (!current(r)) return;
    clear(holder);
    const ws = body.weeks || [];
    if (!ws.length) { append(holder, [empty('没有数字。')]); return; }
    // two short lines under each bar: the week and its Monday
    const labels = ws.map(w => { const [, m, d] = w.from.split('-'); return [w.week.slice(5), `${Number(m)}/${Number(d)}起`]; });
    const totals = ws.map(w => w.total);
    const received = totals.reduce((s, t) => s + t.received, 0);
    const resolved = totals.reduce((s, t) => s + t.resolved, 0);
    const last = ws[ws.length - 1];
    const scopeName = grid ? (gridNames[grid] || grid) : (body.scope === 'township' ? '全乡' : '我负责的网格');

    // the headline reported upward, for the weeks shown and for this week
    append(holder, [h('section', { class: 'panel' },
      h('p', { class: 'headline', id: 'figures-headline' }, `${scopeName} · 近 ${ws.length} 周：收集社情民意 `,
        h('b', { text: String(received) }), ' 条、解决 ', h('b', { text: String(resolved) }), ' 条'),
      h('p', { class: 'muted', text: `${weekLabel(last)}${last.complete ? '' : '（本周，未结束）'}：${last.headline}` }),
      h('div', { class: 'tiles' },
        tile('响应率', pctText(last.total.responseRate)),
        tile('解决率', pctText(last.total.resolutionRate)),
        tile('满意率', pctText(last.total.satisfactionRate)),
        tile('首次答复中位数', minutesText(last.total.firstResponseMedianSeconds)),
        tile('超期', last.total.overdue),
        tile('升级', last.total.escalations)))]);

    const c1 = chartBox('chart-tickets', '受理与办结（条）', '每周受理和办结的工单数');
    const c2 = chartBox('chart-response', '首次答复用时（分钟）', '每周首次答复用时的中位数和 P90');
    const c3 = chartBox('chart-rates', '响应率、解决率、满意率（%）', '每周的响应率、解决率和满意率');
    const c4 = chartBox('chart-broadcasts', '信息发布', '每周的发布次数和送达群数');
    const c5 = chartBox('chart-fraud', '反诈提醒', '每周的群内提醒和群众询问');
    append(holder, [h('div', { class: 'charts' }, c1.el, c2.el, c3.el, c4.el, c5.el)]);

    draw(c1.canvas, { type: 'bar', data: { labels, datasets: [
      { label: '受理（收集社情民意）', data: totals.map(t => t.received), backgroundColor: COLORS.blue },
      { label: '办结（解决）', data: totals.map(t => t.resolved), backgroundColor: COLORS.green },
    ] }, options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } });
    draw(c2.canvas, { type: 'line', data: { labels, datasets: [
      { label: '中位数', data: totals.map(t => minutes(t.firstResponseMedianSeconds)), borderColor: COLORS.blue,
        backgroundColor: COLORS.blue, spanGaps: true },
      { label: 'P90', data: totals.map(t => minutes(t.firstResponseP90Seconds)), borderColor: COLORS.amber,
        backgroundColor: COLORS.amber, spanGaps: true, borderDash: [5, 4] },
    ] }, options: { scales: { y: { beginAtZero: true } } } });
    draw(c3.canvas, { type: 'line', data: { labels, datasets: [
      { label: '响应率', data: totals.map(t => pct(t.responseRate)), borderColor: COLORS.blue, backgroundColor: COLORS.blue, spanGaps: true },
      { label: '解决率', data: totals.map(t => pct(t.resolutionRate)), borderColor: COLORS.green, backgroundColor: COLORS.green, spanGaps: true },
      { label: '满意率', data: totals.map(t => pct(t.satisfactionRate)), borderColor: COLORS.amber, backgroundColor: COLORS.amber, spanGaps: true },
    ] }, options: { scales: { y: { min: 0, max: 100, ticks: { callback: (v) => v + '%' } } } } });
    draw(c4.canvas, { type: 'bar', data: { labels, datasets: [
      { label: '发布次数', data: ws.map(w => w.publishing.broadcasts), backgroundColor: COLORS.violet, yAxisID: 'y' },
      { label: '送达群数', data: ws.map(w => w.publishing.chatsReached), type: 'line', borderColor: COLORS.teal,
        backgroundColor: COLORS.teal, yAxisID: 'y1' },
    ] }, options: { scales: {
      y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: '次' } },
      y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false }, ticks: { precision: 0 }, title: { display: true, text: '群' } },
    } } });
    draw(c5.canvas, { type: 'bar', data: { labels, datasets: [
      { label: '群内提醒', data: totals.map(t => t.fraud.warnings), backgroundColor: COLORS.red },
      { label: '群众询问', data: totals.map(t => t.fraud.checks), backgroundColor: COLORS.amber },
      { label: '确认诈骗', data: totals.map(t => t.fraud.confirmed), backgroundColor: COLORS.grey },
    ] }, options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } });

    // the latest week grid by grid
    const rows = (last.rows || []).concat([last.total]);
    append(holder, [h('section', { class: 'panel' }, h('h2', { text: `${weekLabel(last)} 各网格` }), table([
      { label: '网格', cell: x => x.gridName || '—' },
      { label: '受理', cell: x => String(x.received) },
      { label: '办结', cell: x => String(x.resolved) },
      { label: '首次答复中位数', cell: x => minutesText(x.firstResponseMedianSeconds) },
      { label: '响应率', cell: x => pctText(x.responseRate) },
      { label: '解决率', cell: x => pctText(x.resolutionRate) },
      { label: '满意率', cell: x => pctText(x.satisfactionRate) },
      { label: '超期', cell: x => String(x.overdue) },
      { label: '升级', cell: x => String(x.escalations) },
      { label: '反诈提醒', cell: x => String(x.fraud.warnings) },
    ], rows, null, { id: 'figures-table' }),
    h('p', { class: 'muted', text: '响应率：在签收时限内首次答复的比例；解决率：本周受理的已办结比例；满意率：评价 4–5 分的比例。没有数据时显示“—”。' }))]);
  }

  ZJ.page('figures', { title: '统计', render });
})();
