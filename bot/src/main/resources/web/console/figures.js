// 指尖服务 console: 统计 — weekly figures with charts (Chart.js). Filled in once the figures API is merged.
'use strict';

(() => {
  const { h, append, note } = ZJ;
  ZJ.page('figures', {
    title: '统计',
    render: (view) => append(view, [h('div', { class: 'page-head' }, h('h1', { text: '统计' })),
      note('info', '统计图表即将上线。')]),
  });
})();
