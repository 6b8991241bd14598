// 指尖服务 console: 群矩阵 — the station's directory (grids, groups with their channel and admin, people and roles)
// for all staff; adding, changing, deactivating and reactivating for the chief and the system admins.
'use strict';

(() => {
  const { h, append, clear, field, select, chip, empty, note, table, time, get, post, showError, current } = ZJ;

  const TABS = [['grids', '网格'], ['groups', '群'], ['people', '人员'], ['station', '派出所'], ['changes', '变更记录']];
  const ROLES = [['chief', '所长'], ['admin', '系统管理员'], ['duty_officer', '值班民警'], ['officer', '民警'],
    ['community_officer', '社区民警'], ['county_head', '县局部门负责人'], ['grid_worker', '网格员'],
    ['household_head', '双联户户长'], ['mediator', '调解员'], ['resident', '居民']];
  const POLICE = new Set(['chief', 'duty_officer', 'officer', 'community_officer', 'county_head']);
  const KINDS = [['publishing', '一级信息发布群'], ['village', '村（组）群'], ['enterprise', '企业群'], ['venue', '场所行业群'],
    ['parents', '家长群']];
  const CHANNELS = [['sim', '模拟器'], ['wecom_app', '企业微信应用'], ['wecom_appchat', '企业微信群聊'], ['wecom_robot', '群机器人'],
    ['wecom_kf', '微信客服'], ['wecom_customer_group', '企业微信客户群'], ['wecom_aibot', '智能机器人'],
    ['bridge', '个人微信群桥接'], ['mp', '公众号']];
  const channelName = (c) => (CHANNELS.find(x => x[0] === c) || [c, c || '—'])[1];

  /** Checkbox pills for picking several; .values() gives the picked ones in the options' order. */
  function pills(options, picked, id) {
    const set = new Set(picked || []);
    const wrap = h('div', { class: 'picks', id });
    for (const [value, label] of options) {
      wrap.appendChild(h('label', { class: 'pick' }, h('input', { type: 'checkbox', value, checked: set.has(value) }),
        h('span', { text: label })));
    }
    wrap.values = () => Array.from(wrap.querySelectorAll('input:checked')).map(i => i.value);
    return wrap;
  }

  function activeChip(x) {
    return x.active ? chip('在用', 'done') : chip('已停用', 'plain');
  }

  async function render(view, arg, query, r) {
    const tab = TABS.some(([t]) => t === query.get('tab')) ? query.get('tab') : 'grids';
    let m;
    try {
      m = await get('/api/console/matrix');
    } catch (e) {
      append(view, [h('h1', { text: '群矩阵' }), note('error', e.message)]);
      return;
    }
    if (!current(r)) return;
    const edit = !!m.can_edit;
    const tabs = TABS.filter(([t]) => t !== 'changes' || edit);
    const people = new Map(m.people.map(p => [p.id, p]));
    const nameOf = (id) => (people.get(id) ? people.get(id).name : id);
    const names = (ids) => (ids || []).map(nameOf).join('、') || '—';
    const editor = h('section', { class: 'panel editor', id: 'matrix-editor', hidden: true });
    const result = h('div', { class: 'note', id: 'matrix-result', hidden: true });
    const reload = () => ZJ.route();

    append(view, [h('div', { class: 'page-head' }, h('h1', { text: '群矩阵' }),
      h('p', { class: 'muted', text: edit ? '网格、群、人员和角色。改动立即在所有网关生效；人员、网格和群只停用不删除，旧工单保留经办人。'
        : '网格、群、人员和角色（只有所长和系统管理员可以修改）。' })),
    h('div', { class: 'segmented tabs', attrs: { role: 'tablist' } }, tabs.map(([t, label]) =>
      h('a', { href: '#matrix?tab=' + t, class: t === tab ? 'on' : null, text: label,
        attrs: { role: 'tab', 'aria-selected': String(t === tab) } }))),
    result, editor]);

    const open = (title, form) => {
      clear(editor);
      append(editor, [h('h2', { text: title }), form]);
      editor.hidden = false;
      editor.scrollIntoView({ block: 'start', behavior: 'smooth' });
    };
    const save = async (path, body, button) => {
      button.disabled = true;
      try {
        const out = await post(path, body);
        clear(result);
        result.hidden = false;
        result.className = 'note note-answer';
        result.appendChild(h('div', { class: 'note-text', text: out.summary || '已保存' }));
        editor.hidden = true;
        ZJ.flash(out.changed ? '已保存' : '没有变化', 'ok');
        setTimeout(reload, 300);
      } catch (e) {
        let box = editor.querySelector('.note-error');
        if (!box) { box = h('div', { class: 'note' }); editor.appendChild(box); }
        showError(box, e);
      } finally {
        button.disabled = false;
      }
    };
    const toggle = (kind, x) => h('button', { type: 'button', class: x.active ? 'button danger' : 'button', data: { toggle: x.id },
      text: x.active ? '停用' : '恢复', on: { click: async (ev) => {
        if (x.active && !confirm(`停用「${x.name}」？`)) return;
        const b = ev.currentTarget;
        b.disabled = true;
        try {
          const out = await post(`/api/console/matrix/${kind}/${encodeURIComponent(x.id)}/${x.active ? 'deactivate' : 'reactivate'}`, {});
          ZJ.flash(out.summary || '已保存', 'ok');
          reload();
        } catch (e) {
          showError(result, e);
          b.disabled = false;
        }
      } } });
    const formOf = (children, onSubmit) => {
      const submit = h('button', { type: 'submit', class: 'button primary', text: '保存' });
      const cancel = h('button', { type: 'button', class: 'button', text: '取消', on: { click: () => { editor.hidden = true; } } });
      const f = h('form', { class: 'matrix-form' }, children, h('div', { class: 'form-actions' }, submit, cancel));
      f.addEventListener('submit', (ev) => { ev.preventDefault(); onSubmit(submit); });
      return f;
    };
    const staffWith = (roles) => m.people.filter(p => p.active && p.roles.some(x => roles.includes(x)))
      .map(p => [p.id, `${p.name}（${p.role_labels.join('、')}）`]);
    const gridOptions = m.grids.map(g => [g.id, g.name]);
    const body = h('div', { id: 'matrix-' + tab });
    view.appendChild(body);

    // ---------------------------------------------------------------- grids
    if (tab === 'grids') {
      const gridForm = (g) => {
        const id = h('input', { type: 'text', required: true, value: g ? g.id : '', readOnly: !!g, pattern: '[a-z0-9-]+',
          placeholder: '如 zhangda（小写字母、数字）', id: 'grid-id' });
        const name = h('input', { type: 'text', required: true, value: g ? g.name : '', placeholder: '如 章达村', id: 'grid-name' });
        const officer = select([{ value: '', label: '选择社区民警' }].concat(staffWith([...POLICE]).map(([v, l]) => ({ value: v, label: l }))),
          g ? g.officer : '', { required: true });
        const workers = pills(staffWith(['grid_worker']), g && g.grid_workers);
        const mediators = pills(staffWith(['mediator']), g && g.mediators);
        const heads = pills(staffWith(['household_head']), g && g.household_heads);
        return formOf([field('网格编号', id), field('名称', name), field('社区民警', officer, '本网格二级群的管理员；换人时群的管理员一起换'),
          field('网格员', workers, '排在前面的先接单'), field('调解员', mediators), field('双联户户长', heads)],
        (b) => save('/api/console/matrix/grids', { id: id.value.trim(), name: name.value.trim(), officer: officer.value,
          grid_workers: workers.values(), mediators: mediators.values(), household_heads: heads.values() }, b));
      };
      append(body, [h('section', { class: 'panel' },
        edit ? h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'button primary', text: '新增网格',
          on: { click: () => open('新增网格', gridForm(null)) } })) : null,
        m.grids.length ? table([
          { label: '网格', cell: g => h('span', null, h('b', { text: g.name }), ' ', h('small', { class: 'muted mono', text: g.id })) },
          { label: '社区民警', cell: g => g.officer_name || nameOf(g.officer) },
          { label: '网格员', cell: g => names(g.grid_workers) },
          { label: '调解员', cell: g => names(g.mediators) },
          { label: '双联户户长', cell: g => names(g.household_heads) },
          { label: '群', cell: g => String(m.groups.filter(x => x.grid === g.id && x.active).length) },
          { label: '状态', cell: g => activeChip(g) },
          edit ? { label: '', cell: g => h('span', { class: 'row-actions' },
            h('button', { type: 'button', class: 'button', text: '编辑', on: { click: () => open('编辑网格 ' + g.name, gridForm(g)) } }),
            toggle('grids', g)) } : null,
        ].filter(Boolean), m.grids, null, { id: 'grids-table' }) : empty('还没有网格。'))]);
    }

    // ---------------------------------------------------------------- groups
    if (tab === 'groups') {
      const groupForm = (g) => {
        const id = h('input', { type: 'text', required: true, value: g ? g.id : '', readOnly: !!g, placeholder: '如 g-zhangda-2' });
        const name = h('input', { type: 'text', required: true, value: g ? g.name : '' });
        const tier = select([{ value: '2', label: '二级群（信息落地）' }, { value: '1', label: '一级群（信息发布）' }], g ? String(g.tier) : '2');
        const kind = select(KINDS.map(([v, l]) => ({ value: v, label: l })), g ? g.kind : 'village');
        const grid = select([{ value: '', label: '（不属于某个网格）' }].concat(gridOptions.map(([v, l]) => ({ value: v, label: l }))), g ? g.grid || '' : '');
        const admin = select([{ value: '', label: '（本网格的社区民警）' }].concat(staffWith([...POLICE]).map(([v, l]) => ({ value: v, label: l }))),
          g ? g.admin || '' : '');
        const channel = select(CHANNELS.map(([v, l]) => ({ value: v, label: `${l}（${v}）` })), g ? g.channel : 'sim');
        const ref = h('input', { type: 'text', value: g ? g.channel_ref || '' : '', placeholder: '通道里的群 id、chatid 或群名' });
        const aliases = h('input', { type: 'text', value: g ? (g.aliases || []).join('、') : '', placeholder: '发布范围里可用的别名，用、分开' });
        return formOf([field('群编号', id), field('群名', name), field('级别', tier), field('种类', kind), field('网格', grid),
          field('管理员', admin), field('通道', channel), field('通道里的群', ref), field('别名', aliases)],
        (b) => save('/api/console/matrix/groups', { id: id.value.trim(), name: name.value.trim(), tier: Number(tier.value),
          kind: kind.value, grid: grid.value || null, admin: admin.value || null, channel: channel.value,
          channel_ref: ref.value.trim() || null,
          aliases: aliases.value.split(/[、,，\s]+/).map(s => s.trim()).filter(Boolean) }, b));
      };
      const groups = m.groups.slice().sort((a, b) => a.tier - b.tier);
      append(body, [h('section', { class: 'panel' },
        edit ? h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'button primary', text: '新增群',
          on: { click: () => open('新增群', groupForm(null)) } })) : null,
        groups.length ? table([
          { label: '群', cell: g => h('span', null, h('b', { text: g.name }), h('br'), h('small', { class: 'muted mono', text: g.id })) },
          { label: '级别', cell: g => chip(g.tier === 1 ? '一级 · 发布' : '二级 · 落地', g.tier === 1 ? 'cat' : 'plain') },
          { label: '种类', cell: g => g.kind_label },
          { label: '网格', cell: g => g.grid_name || '—' },
          { label: '管理员', cell: g => g.admin_name || '—' },
          { label: '通道', cell: g => h('span', null, channelName(g.channel),
            g.channel_ref ? h('small', { class: 'muted mono', text: ' ' + g.channel_ref }) : null) },
          { label: '状态', cell: g => activeChip(g) },
          edit ? { label: '', cell: g => h('span', { class: 'row-actions' },
            h('button', { type: 'button', class: 'button', text: '编辑', on: { click: () => open('编辑群 ' + g.name, groupForm(g)) } }),
            toggle('groups', g)) } : null,
        ].filter(Boolean), groups, null, { id: 'groups-table' }) : empty('还没有群。'))]);
    }

    // ---------------------------------------------------------------- people
    if (tab === 'people') {
      const roleFilter = query.get('role') || 'staff';
      const personForm = (p) => {
        const id = h('input', { type: 'text', required: true, value: p ? p.id : '', readOnly: !!p, placeholder: '如 v-zd-gw2', id: 'person-id' });
        const name = h('input', { type: 'text', required: true, value: p ? p.name : '', id: 'person-name' });
        const roles = pills(ROLES, p ? p.roles : [], 'person-roles');
        const grids = pills(gridOptions, p ? p.grids : [], 'person-grids');
        const noteIn = h('input', { type: 'text', value: p ? p.note || '' : '', placeholder: '如 派出所内勤', id: 'person-note' });
        const wecom = h('input', { type: 'text', value: p ? p.wecom || '' : '', placeholder: '企业微信 userid' });
        const bridge = h('input', { type: 'text', value: p ? p.bridge || '' : '', placeholder: '微信昵称（个人微信桥接）' });
        return formOf([field('账号', id, '也是登录工作台的账号'), field('姓名', name), field('角色', roles), field('网格', grids, '所在或负责的网格'),
          field('备注', noteIn), field('企业微信 userid', wecom, '机器人经企业微信私信他；和微信昵称只填一个'), field('微信昵称', bridge)],
        (b) => save('/api/console/matrix/people', { id: id.value.trim(), name: name.value.trim(), roles: roles.values(),
          grids: grids.values(), note: noteIn.value.trim(), wecom: wecom.value.trim(), bridge: bridge.value.trim() }, b));
      };
      const shown = m.people.filter(p => roleFilter === 'all' || (roleFilter === 'staff' ? !p.roles.every(x => x === 'resident')
        : p.roles.includes(roleFilter)));
      append(body, [h('section', { class: 'panel' },
        h('div', { class: 'filters' },
          select([{ value: 'staff', label: '工作人员' }, { value: 'all', label: '所有人' }].concat(ROLES.map(([v, l]) => ({ value: v, label: l }))),
            roleFilter, { id: 'people-role', on: { change: (e) => { location.hash = 'matrix?tab=people&role=' + e.target.value; } } }),
          edit ? h('button', { type: 'button', class: 'button primary', id: 'person-add', text: '新增人员',
            on: { click: () => open('新增人员', personForm(null)) } }) : null),
        shown.length ? table([
          { label: '姓名', cell: p => h('span', null, h('b', { text: p.name }), ' ', h('small', { class: 'muted mono', text: p.id })) },
          { label: '角色', cell: p => h('span', { class: 'chips' }, (p.role_labels || []).map(l => chip(l, 'cat'))) },
          { label: '网格', cell: p => (p.grid_names || []).join('、') || '—' },
          { label: '备注', cell: p => p.note || '' },
          edit ? { label: '私聊通道', cell: p => p.wecom ? '企业微信 ' + p.wecom : p.bridge ? '微信 ' + p.bridge : '—' } : null,
          { label: '状态', cell: p => activeChip(p) },
          edit ? { label: '', cell: p => h('span', { class: 'row-actions' },
            h('button', { type: 'button', class: 'button', text: '编辑', on: { click: () => open('编辑 ' + p.name, personForm(p)) } }),
            p.id === ZJ.state.me.id ? null : toggle('people', p)) } : null,
        ].filter(Boolean), shown, null, { id: 'people-table' }) : empty('没有。'))]);
      body.querySelectorAll('#people-table tbody tr').forEach((tr, i) => { tr.dataset.id = shown[i].id; });
    }

    // ---------------------------------------------------------------- station posts
    if (tab === 'station') {
      const s = m.station || {};
      append(body, [h('section', { class: 'panel' }, h('h2', { text: s.name || '派出所' }),
        h('dl', { class: 'facts' },
          h('dt', { text: '所长' }), h('dd', { text: s.chief_name || '—' }),
          h('dt', { text: '值班轮换' }), h('dd', { text: (s.duty_rota_names || []).join(' → ') || '—' }),
          h('dt', { text: '今天值班' }), h('dd', { text: nameOf(s.duty_today) || '—' }),
          h('dt', { text: '乡调解室' }), h('dd', { text: (s.mediation_room_names || []).join('、') || '—' })))]);
    }

    // ---------------------------------------------------------------- change log
    if (tab === 'changes') {
      const log = await get('/api/console/matrix/changes?limit=100');
      if (!current(r)) return;
      append(body, [h('section', { class: 'panel' }, log.changes.length ? table([
        { label: '时间', cell: c => time(c.at) },
        { label: '谁', cell: c => c.by_name || c.by || '—' },
        { label: '改了什么', cell: c => c.summary },
      ], log.changes, null, { id: 'changes-table' }) : empty('还没有变更。'))]);
    }
  }

  ZJ.page('matrix', { title: '群矩阵', render });
})();
