// The staff console in a real browser (Debian's chromium driven by playwright-core): what staff do, checked the
// way they would check it. Run by ConsoleBrowserTest.java against a real gateway; it can also be run by hand:
//
//   ZJ_BASE=http://127.0.0.1:8091 ZJ_TICKET=AZ-… ZJ_HOLDER=v-dj-gw ZJ_HOLDER_CODE=XXXXX-XXXXX \
//   ZJ_CHIEF_CODE=XXXXX-XXXXX ZJ_OUT=/tmp/browser node console-stories.js
//
// Prints one "ok N - story" line per story (TAP-like) and exits 0, or prints "not ok N - story: why", saves a
// screenshot of the page as it was, and exits 1. Every wait is for something to appear; none is a fixed sleep.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const env = (name, fallback) => {
  const v = process.env[name] || fallback;
  if (v == null) { console.error(`missing environment variable ${name}`); process.exit(2); }
  return v;
};
const BASE = env('ZJ_BASE').replace(/\/$/, '');
const TICKET = env('ZJ_TICKET');             // a hazard report made through the simulator
const TICKET_CHAT = env('ZJ_TICKET_CHAT', 'g-deji');
const HOLDER = env('ZJ_HOLDER');             // who the ticket went to (its assignee)
const HOLDER_CODE = env('ZJ_HOLDER_CODE');   // their one-time code, asked for in their private chat
const CHIEF_CODE = env('ZJ_CHIEF_CODE');     // the station chief's (p-wang)
const REPLY = env('ZJ_REPLY', '供电所的师傅半小时内到，请大家先别靠近电线。');
const PASSWORD = env('ZJ_PASSWORD', 'Ganbei-2026-zj');
const OUT = env('ZJ_OUT', path.join(process.cwd(), 'browser-out'));
const CHROMIUM = env('ZJ_CHROMIUM', '/usr/bin/chromium');
const WAIT = Number(process.env.ZJ_WAIT_MS || 20000);
const FIGURES = process.env.ZJ_FIGURES !== '0';
const MATRIX = process.env.ZJ_MATRIX !== '0';

fs.mkdirSync(OUT, { recursive: true });

let n = 0;
let page = null;
const problems = [];   // CSP violations and uncaught errors, from any page

async function story(name, fn) {
  n++;
  const started = Date.now();
  try {
    await fn();
  } catch (e) {
    console.log(`not ok ${n} - ${name}: ${(e && e.message ? e.message : String(e)).split('\n')[0]}`);
    if (e && e.stack) console.log(e.stack.split('\n').slice(0, 6).map(l => '# ' + l).join('\n'));
    if (page) {
      const shot = path.join(OUT, `failed-${n}.png`);
      await page.screenshot({ path: shot, fullPage: true }).catch(() => null);
      console.log(`# screenshot: ${shot}`);
      console.log(`# url: ${page.url()}`);
    }
    throw e;
  }
  console.log(`ok ${n} - ${name} (${Date.now() - started} ms)`);
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}

function watch(p) {
  p.on('pageerror', e => problems.push(`uncaught error on ${p.url()}: ${e.message}`));
  p.on('console', m => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });
  return p;
}

/** Waits for text to be shown inside the element matched by selector. */
async function waitText(selector, text, timeout) {
  await page.waitForFunction(([sel, t]) => {
    const el = document.querySelector(sel);
    return !!el && el.offsetParent !== null && el.textContent.includes(t);
  }, [selector, text], { timeout: timeout || WAIT });
}

async function logIn(user) {
  await page.goto(BASE + '/console/');
  await page.waitForSelector('#login-form');
  await page.fill('#login-user', user);
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#me-name:not(:empty)', { timeout: WAIT });
}

async function logOut() {
  if (await page.isVisible('#nav-toggle')) await page.click('#nav-toggle');   // a narrow screen folds the nav
  await page.click('#logout');
  await page.waitForSelector('#login-form', { timeout: WAIT });
}

/** Opens the welcome link the bot sends in private and sets the password. */
async function setPassword(id, code) {
  await page.goto(`${BASE}/console/#welcome?id=${encodeURIComponent(id)}&code=${encodeURIComponent(code)}`);
  await page.waitForSelector('#welcome-form');
  check((await page.textContent('#welcome-user')) === id, 'the welcome page names the account to log in with');
  check(!page.url().includes(code), 'the one-time code is taken out of the address bar');
  await page.fill('#new-password', PASSWORD);
  await page.fill('#new-password-again', PASSWORD);
  await page.click('#welcome-form button[type=submit]');
  await page.waitForSelector('#me-name:not(:empty)', { timeout: WAIT });
}

async function main() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zj-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  try {
    page = watch(context.pages()[0] || await context.newPage());
    page.setDefaultTimeout(WAIT);
    await run(context);
  } finally {
    await context.close().catch(() => null);
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

async function run(context) {
  let holderName = null;

  await story('log in: a one-time code from the bot sets the password; log out; log in with the password', async () => {
    await page.goto(BASE + '/console/');
    await page.waitForSelector('#login-form');
    const help = await page.textContent('.help');
    check(help.includes('控制台'), 'the log-in page says how to get a code (send 控制台 to the bot)');
    await setPassword(HOLDER, HOLDER_CODE);
    holderName = (await page.textContent('#me-name')).trim();
    check(holderName.length > 0, 'the header shows who is logged in');
    await logOut();
    // a wrong password is refused with the server's message
    await page.fill('#login-user', HOLDER);
    await page.fill('#login-password', 'not-the-password-1');
    await page.click('#login-form button[type=submit]');
    await waitText('#login-form .note-error', '账号或密码不对');
    await logIn(HOLDER);
    check((await page.textContent('#me-name')).trim() === holderName, 'logged in again as the same person');
  });

  await story(`the resident's hazard report ${TICKET} is in its holder's own queue`, async () => {
    await page.goto(BASE + '/console/#tickets?view=mine&state=open');
    await page.waitForSelector(`#ticket-table tr[data-id="${TICKET}"]`);
    const row = await page.textContent(`#ticket-table tr[data-id="${TICKET}"]`);
    check(row.includes('安全隐患'), `the row says what kind of ticket it is: ${row}`);
    check(row.includes('电线'), 'the row shows what the resident said');
    check(row.includes(holderName), `the row names the holder ${holderName}`);
    // a village staffer is not police: no anti-fraud page, and no publishing form
    check(await page.isHidden('#nav a[data-page="fraud"]'), 'the 反诈 link is hidden from village staff');
    await page.goto(BASE + '/console/#broadcasts');
    await page.waitForSelector('#broadcast-list table, #broadcast-list .empty');
    check(await page.$('#compose-form') === null, 'no compose form for someone who may not publish');
  });

  await story('on a phone (390×844) the queue fits the screen: no sideways scrolling, the ticket is a card', async () => {
    const phone = watch(await context.newPage());
    const desk = page;
    page = phone;
    try {
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(BASE + '/console/#tickets?view=mine&state=open');
      await phone.waitForSelector(`#ticket-table tr[data-id="${TICKET}"]`);
      const sizes = await phone.evaluate(() => ({
        scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
        widest: Math.max(...Array.from(document.querySelectorAll('body *')).map(e => e.getBoundingClientRect().right)),
      }));
      check(sizes.scroll <= sizes.client, `the page scrolls sideways: ${sizes.scroll} > ${sizes.client}`);
      check(sizes.widest <= sizes.client + 1, `something sticks out to ${sizes.widest}px of ${sizes.client}`);
      check(await phone.isHidden('#ticket-table thead'), 'the table header is hidden: rows are cards');
      check(await phone.isVisible('#nav-toggle') && await phone.isHidden('#nav'), 'the nav is folded behind a button');
      await phone.click('#nav-toggle');
      await phone.waitForSelector('#nav a[data-page="broadcasts"]', { state: 'visible' });
      await phone.screenshot({ path: path.join(OUT, 'phone-queue.png'), fullPage: true });
    } finally {
      await phone.close();
      page = desk;
    }
  });

  await story('reply from the page; the answer reaches the resident in the village group', async () => {
    await page.goto(BASE + '/console/#tickets/' + TICKET);
    await waitText('#ticket-id', TICKET);
    if (await page.$('#action-sign')) {
      await page.click('#action-sign');
      await waitText('#action-result', '签收');
    }
    await page.waitForSelector('#action-reply');
    if (await page.isHidden('#form-reply')) await page.click('#action-reply');
    await page.fill('#reply-text', REPLY);
    await page.click('#form-reply button[type=submit]');
    await waitText('#action-result.note-answer', '已转达');
    await waitText('#ticket-timeline', '回复');
    // what the resident sees: the simulated group, in the simulator page
    await page.goto(`${BASE}/sim#chat=${encodeURIComponent(TICKET_CHAT)}`);
    await waitText('#messages', REPLY);
    // and the simulator links back to the console
    await page.click('#console-link');
    await page.waitForSelector('#me-name:not(:empty)');
    await logOut();
  });

  let broadcast = null;
  await story('the chief publishes 消防安全 to 全乡: preview, 确认发布, and the ledger fills to 100%', async () => {
    await setPassword('p-wang', CHIEF_CODE);
    await page.goto(BASE + '/console/#broadcasts');
    await page.waitForSelector('#compose-form');
    await page.selectOption('#compose-category', '消防安全');
    await page.check('#compose-form input[type=checkbox][value="全乡"]');
    await page.fill('#compose-text', '近期天干物燥，请勿在林区草场用火，发现火情请立即拨打 119。');
    await page.click('#compose-preview');
    await waitText('#compose-result.note-answer', '发布预览');
    const preview = await page.textContent('#compose-result');
    const id = (preview.match(/B-\d{8}-\d{3,6}/) || [])[0];
    check(id, `the preview gives the broadcast's id: ${preview}`);
    const reach = (preview.match(/(\d+) 个群/) || [])[1];
    check(reach && Number(reach) > 0, `the preview says how many groups it will reach: ${preview}`);
    broadcast = { id, groups: Number(reach) };
    await page.click('#confirm-publish');
    await page.waitForURL(new RegExp(`#broadcasts/${id}$`));
    await page.waitForSelector('#broadcast-summary .progress[aria-valuenow="100"]');
    const label = await page.textContent('#broadcast-summary .progress-label');
    check(label.includes(`${broadcast.groups}/${broadcast.groups}`) && label.includes('100%'),
      `the progress says every group is done: ${label}`);
    await waitText('#ledger-table', '已送达');
    const rows = await page.$$eval('#ledger-table tbody tr', trs => trs.length);
    check(rows === broadcast.groups, `the ledger lists each of the ${broadcast.groups} groups (${rows})`);
    console.log(`# broadcast ${id} reached ${broadcast.groups} groups`);
  });

  if (FIGURES) {
    await story('the figures page draws its charts', async () => {
      await page.goto(BASE + '/console/#figures');
      await page.waitForSelector('#figures-headline');
      const headline = await page.textContent('#figures-headline');
      check(/收集社情民意\s*\d+\s*条/.test(headline) && /解决\s*\d+\s*条/.test(headline), `the headline: ${headline}`);
      await page.waitForFunction(() => {
        const cs = Array.from(document.querySelectorAll('#figures canvas'));
        return cs.length >= 4 && cs.every(c => c.width > 0 && c.height > 0 && window.Chart && window.Chart.getChart(c));
      });
      // wait for the charts' animations to finish, then check every canvas has something drawn on it
      await page.waitForFunction(() => Array.from(document.querySelectorAll('#figures canvas')).every(c => {
        const ch = window.Chart.getChart(c);
        return ch && !ch.animating && !(ch._animationsDisabled === false && ch.$animating);
      }));
      const blank = await page.$$eval('#figures canvas', cs => cs.filter(c => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let painted = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) painted++;
        return painted < 200;
      }).map(c => c.getAttribute('aria-label') || c.id));
      check(blank.length === 0, `blank charts: ${blank.join(', ')}`);
      const csv = await page.getAttribute('#figures-csv', 'href');
      check(csv && csv.includes('/api/console/figures.csv'), `a CSV download link: ${csv}`);
      const shot = path.join(OUT, 'figures.png');
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`# figures screenshot: ${shot} (${fs.statSync(shot).size} bytes)`);
    });
  }

  if (MATRIX) {
    await story('the chief adds a grid worker to 德吉村 in the matrix page, then deactivates her', async () => {
      page.on('dialog', d => d.accept());   // "停用「…」？"
      await page.goto(BASE + '/console/#matrix?tab=people');
      await page.waitForSelector('#people-table');
      await page.click('#person-add');
      await page.fill('#person-id', 'v-dj-gw2');
      await page.fill('#person-name', '格桑曲珍');
      await page.check('#person-roles input[value="grid_worker"]');
      await page.check('#person-grids input[value="deji"]');
      await page.click('#matrix-editor button[type=submit]');
      await waitText('#matrix-result', '格桑曲珍');
      await page.waitForSelector('#people-table tr[data-id="v-dj-gw2"]');
      const row = await page.textContent('#people-table tr[data-id="v-dj-gw2"]');
      check(row.includes('网格员') && row.includes('德吉村') && row.includes('在用'), `the new person's row: ${row}`);
      await page.click('#people-table tr[data-id="v-dj-gw2"] button[data-toggle="v-dj-gw2"]');
      await page.waitForFunction(() => {
        const tr = document.querySelector('#people-table tr[data-id="v-dj-gw2"]');
        return tr && tr.textContent.includes('已停用');
      });
      await page.goto(BASE + '/console/#matrix?tab=changes');
      await waitText('#changes-table', '格桑曲珍');
    });
  }

  check(problems.length === 0, 'the pages ran without CSP violations or errors:\n' + problems.join('\n'));
  console.log(`# ${n} stories, no CSP violations, no uncaught errors`);
}

const started = Date.now();
main().then(() => {
  console.log(`# all ok in ${Date.now() - started} ms`);
  process.exit(0);
}, (e) => {
  if (problems.length) console.log('# problems seen:\n' + problems.map(p => '#   ' + p).join('\n'));
  if (!/^not ok/.test(String(e && e.message))) console.log(`# failed: ${e && e.message ? e.message : e}`);
  process.exit(1);
});
