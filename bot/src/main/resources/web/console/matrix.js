// 指尖服务 console: 群矩阵 — grids, groups, people and roles. Filled in once the matrix API is merged.
'use strict';

(() => {
  const { h, append, note } = ZJ;
  ZJ.page('matrix', {
    title: '群矩阵',
    render: (view) => append(view, [h('div', { class: 'page-head' }, h('h1', { text: '群矩阵' })),
      note('info', '群矩阵的查看和维护即将上线。')]),
  });
})();
