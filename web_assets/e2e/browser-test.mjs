// End-to-end test of the operator web UI against a running Monban server, in headless Chromium.
// See e2e/README.md. Exit status 0 when every step passed, 1 otherwise.

import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set (see e2e/README.md)`);
    process.exit(2);
  }
  return value;
}

const baseUrl = required('MONBAN_URL').replace(/\/+$/, '');
const loginId = required('MONBAN_LOGIN');
const bootstrapPassword = required('MONBAN_PASSWORD');
const generatedPassword = !process.env.MONBAN_NEW_PASSWORD;
// Operator passwords have 12-128 characters; 24 random base64url characters and a fixed tail.
const newPassword = process.env.MONBAN_NEW_PASSWORD || `${crypto.randomBytes(18).toString('base64url')}-Mb1`;
const passwordChangeExpected = process.env.MONBAN_SKIP_PASSWORD_CHANGE !== '1';
const screenshotDir = path.resolve(process.env.MONBAN_SCREENSHOTS || path.join(here, 'screenshots'));
const timeoutMs = Number(process.env.MONBAN_TIMEOUT_MS || 15000);

// Codes and IDs unique to this run, so the test can run again against the same database.
const run = Date.now().toString(36).toUpperCase();
const affiliationCode = `E2E${run}`;
const affiliationName = `E2E 部署 ${run}`;
const userId = `E2E${run}U0`;
const userCard = `C${run}`;
const dateKindCode = `E2EK${run}`;
const scheduleCode = `E2ES${run}`;
const areaCode = `E2EA${run}`;
// A simulated controller (tools/controller-sim) behind gate SIM_GATE, and a card that may pass
// it at level 2. When set, the test follows a calendar change from the UI to its decisions.
const sim = process.env.MONBAN_SIM_CONTROL
  ? {
      binary: process.env.MONBAN_SIM || 'controller-sim',
      control: process.env.MONBAN_SIM_CONTROL,
      gate: required('MONBAN_SIM_GATE'),
      card: required('MONBAN_SIM_CARD'),
    }
  : undefined;
const imported = [1, 2, 3].map((n) => ({ userId: `E2E${run}U${n}`, name: `E2E 取込 ${n}`, card: `D${run}${n}` }));

/** The users CSV of docs/csv-formats.md: three `add` rows in the new affiliation. */
function usersCsv() {
  const header =
    'operation,user_id,name,reading,affiliation,valid_from,valid_to,pin,cards,gates,gate_groups,free1,free2,free3';
  const rows = imported.map((u) => `add,${u.userId},${u.name},イーツーイー,${affiliationCode},,,,${u.card},,,,,`);
  return [header, ...rows].join('\r\n') + '\r\n';
}

let stepNumber = 0;
async function step(title, body) {
  stepNumber += 1;
  const label = `${String(stepNumber).padStart(2, '0')} ${title}`;
  process.stdout.write(`▶ ${label}\n`);
  const started = Date.now();
  await body();
  process.stdout.write(`✓ ${label} (${Date.now() - started} ms)\n`);
}

const byTestId = (id) => `[data-testid="${id}"]`;

/** The simulated controller's decision for the test card at `date` 12:00, e.g. `granted`. */
function controllerDecision(date) {
  const answer = execFileSync(sim.binary, ['ctl', sim.control, 'decide-at', '1', `${date}T12:00`, sim.card], {
    encoding: 'utf8',
  }).trim();
  return { code: answer.split(' ')[0], answer };
}

async function main() {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    locale: 'ja-JP',
    viewport: { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(timeoutMs);

  // Problems the page reports by itself: script errors and CSP refusals fail the test.
  const pageProblems = [];
  page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      pageProblems.push(`CSP violation: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    const url = response.url();
    // The session probe answers 401 before login, by design.
    if (
      url.includes('/api/') &&
      response.status() >= 400 &&
      !(url.endsWith('/api/v1/session') && response.status() === 401)
    ) {
      console.log(`  (HTTP ${response.status()} ${response.request().method()} ${url.replace(baseUrl, '')})`);
    }
  });

  const shot = async (name) => {
    // Let drawers slide in and loading overlays fade out first.
    await page.waitForTimeout(600);
    const file = path.join(screenshotDir, `${name}.png`);
    await page.screenshot({ path: file });
    console.log(`  screenshot ${file}`);
  };
  const visible = async (selector, failure) => {
    try {
      await page.locator(selector).first().waitFor({ state: 'visible' });
    } catch {
      throw new Error(failure);
    }
  };
  // Lists show a spinner while they load; wait for every one on the page to stop.
  const settled = async () => {
    await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning'));
  };
  const openScreen = async (key, title) => {
    await page.click(byTestId(`nav-${key}`));
    await visible(byTestId(`screen-${key}`), `${title} screen did not open`);
    await settled();
    for (const bad of ['load-error', 'forbidden']) {
      if (await page.locator(`${byTestId(`screen-${key}`)} ${byTestId(bad)}`).count()) {
        const text = await page.locator(byTestId(bad)).first().innerText();
        throw new Error(`${title} screen shows an error: ${text}`);
      }
    }
  };
  // A GET through the page's session: what the server holds, beside what the screen shows.
  const apiGet = async (url) => {
    const answer = await page.evaluate(async (u) => {
      const r = await fetch(u, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      return { status: r.status, text: await r.text() };
    }, url);
    if (answer.status !== 200) throw new Error(`GET ${url}: HTTP ${answer.status} ${answer.text}`);
    return JSON.parse(answer.text);
  };

  const closeDetail = async () => {
    await page.locator('.detail-pane .ant-drawer-close').first().click();
    await page.locator('.detail-pane .ant-drawer-content').first().waitFor({ state: 'hidden' });
  };

  // The template calendar's year view.
  const openTemplateCalendar = async () => {
    await openScreen('calendars', 'calendars');
    await page.click(byTestId('calendar-item-template'));
    await visible(byTestId('year-view'), 'year view of the template calendar not shown');
    await settled();
  };
  // Edit mode, with the brush that paints dates as `kindCode`.
  const pickBrush = async (kindCode) => {
    await page.click(byTestId('calendar-edit-mode'));
    await page.click(byTestId('calendar-brush'));
    await page.click(byTestId(`calendar-brush-${kindCode}`));
  };
  // Paints `date` of the template calendar with the date kind `kindCode` and saves it.
  const paintTemplateDay = async (date, kindCode) => {
    await openTemplateCalendar();
    await pickBrush(kindCode);
    await page.click(byTestId(`day-${date}`));
    await page.click(byTestId('calendar-save-days'));
    await page.waitForSelector(`${byTestId(`day-${date}`)}[data-source="day"]:not([data-pending])`).catch(() => {
      throw new Error(`${date} is not saved as ${kindCode}`);
    });
  };
  // "Run now" on the timed-job screen.
  const runJobNow = async (jobId) => {
    await openScreen('jobs', 'timed jobs');
    await page.click(byTestId(`job-run-${jobId}`));
  };
  // Polls the simulated controller until its decision for `date` is `code`.
  const controllerDecides = async (date, code, what) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const decision = controllerDecision(date);
      if (decision.code === code) return decision;
      if (Date.now() > until) throw new Error(`${what}: the controller still answers "${decision.answer}"`);
      await page.waitForTimeout(200);
    }
  };
  let paintedDate;

  try {
    await step(`open ${baseUrl}`, async () => {
      await page.goto(`${baseUrl}/`);
      await visible(byTestId('login-page'), 'login page not shown');
      await shot('01-login');
    });

    await step(`log in as ${loginId}`, async () => {
      await page.fill(byTestId('login-id'), loginId);
      await page.fill(byTestId('login-password'), bootstrapPassword);
      await page.click(byTestId('login-submit'));
      const next = `${byTestId('password-change-page')}, ${byTestId('status-bar')}, .ant-notification-notice`;
      await page.locator(next).first().waitFor();
      const refusal = page.locator('.ant-notification-notice');
      if (await refusal.count()) throw new Error(`login refused: ${(await refusal.first().innerText()).trim()}`);
    });

    if (passwordChangeExpected) {
      await step('change the one-time password', async () => {
        if (!(await page.locator(byTestId('password-change-page')).count())) {
          throw new Error('first login with the bootstrap password did not ask for a password change');
        }
        await shot('02-password-change');
        await page.fill(byTestId('password-current'), bootstrapPassword);
        await page.fill(byTestId('password-new'), newPassword);
        await page.fill(byTestId('password-confirm'), newPassword);
        await page.click(byTestId('password-submit'));
        await visible(byTestId('status-bar'), 'main screen not shown after the password change');
        if (generatedPassword) console.log(`  new password of ${loginId}: ${newPassword}`);
      });
    }

    await step('main screen with live connection', async () => {
      await visible(byTestId('nav'), 'navigation bar not shown');
      await page.waitForSelector(`${byTestId('live-state')}[data-state="open"]`).catch(() => {
        throw new Error('live event stream did not connect (status bar not "open")');
      });
    });

    await step(`create affiliation ${affiliationCode}`, async () => {
      await openScreen('affiliations', 'affiliations');
      await page.click(byTestId('affiliation-new'));
      await page.fill(byTestId('affiliation-form-code'), affiliationCode);
      await page.fill(byTestId('affiliation-form-name'), affiliationName);
      await page.click(byTestId('affiliation-save'));
      await visible(
        `${byTestId('affiliation-tree')} ${byTestId(`affiliation-node-${affiliationCode}`)}`,
        `affiliation ${affiliationCode} not in the tree after creating it`,
      );
      await shot('03-affiliations');
      await closeDetail();
    });

    await step(`create user ${userId} with card ${userCard}`, async () => {
      await openScreen('users', 'users');
      await shot('04-users');
      await page.click(`${byTestId('group-pane')} ${byTestId(`affiliation-node-${affiliationCode}`)}`);
      await settled();
      await page.click(byTestId('user-new'));
      await page.fill(byTestId('user-form-user-id'), userId);
      await page.fill(byTestId('user-form-name'), `E2E 利用者 ${run}`);
      await page.click(byTestId('user-form-cards'));
      await page.keyboard.type(userCard);
      await page.keyboard.press('Enter');
      await page.click(byTestId('user-save'));
      await visible(byTestId(`user-row-${userId}`), `user ${userId} not listed after creating it`);
      const row = await page.locator(byTestId(`user-row-${userId}`)).innerText();
      if (!row.includes(userCard)) throw new Error(`user ${userId} listed without card ${userCard}: "${row}"`);
      if (!row.includes(affiliationCode)) throw new Error(`user ${userId} listed outside ${affiliationCode}: "${row}"`);
      await visible(`${byTestId('user-detail')} ${byTestId('user-form')}`, 'user detail pane not shown after saving');
      await shot('05-user-detail');
      await closeDetail();
    });

    await step(`import 3 users into ${affiliationCode}`, async () => {
      await openScreen('import', 'CSV import');
      await page.click(byTestId('import-kind-users'));
      await page.setInputFiles(`${byTestId('import-upload')} input[type=file]`, {
        name: `users-${run}.csv`,
        mimeType: 'text/csv',
        buffer: Buffer.from(usersCsv(), 'utf8'),
      });
      await page.click(byTestId('import-start'));
      try {
        await page.locator(byTestId('import-result')).waitFor({ timeout: Math.max(timeoutMs, 60000) });
      } catch {
        const failed = await page.locator(byTestId('import-failed')).count();
        throw new Error(
          failed
            ? `import refused: ${await page.locator(byTestId('import-failed')).innerText()}`
            : 'import result not shown',
        );
      }
      for (const u of imported) {
        const added = page.locator(`${byTestId(`import-row-${u.userId}`)} [data-outcome="added"]`);
        if (!(await added.count())) {
          const row = page.locator(byTestId(`import-row-${u.userId}`));
          const text = (await row.count()) ? await row.innerText() : 'no row';
          throw new Error(`imported user ${u.userId} not reported as added: ${text}`);
        }
      }
      await shot('06-import-result');
    });

    const searched = imported[1].userId;
    await step(`search for imported user ${searched}`, async () => {
      await openScreen('users', 'users');
      await page.fill(byTestId('user-search'), searched);
      await page.press(byTestId('user-search'), 'Enter');
      // The unfiltered list may already show the user: wait for the filtered one to replace it.
      const onlyOne = page.waitForFunction((id) => {
        const rows = document.querySelectorAll('[data-testid^="user-row-"]');
        return rows.length === 1 && rows[0].getAttribute('data-testid') === `user-row-${id}`;
      }, searched);
      await onlyOne.catch(async () => {
        const rows = await page.locator('[data-testid^="user-row-"]').count();
        throw new Error(`search for ${searched} listed ${rows} users, not just that one`);
      });
      await shot('07-users-search');
    });

    await step('gates', async () => {
      await openScreen('gates', 'gates');
      await shot('08-gates');
    });

    await step('management groups', async () => {
      await openScreen('management-groups', 'management groups');
      await shot('09-management-groups');
    });

    await step('gate groups', async () => {
      await openScreen('gate-groups', 'gate groups');
      await shot('10-gate-groups');
    });

    await step('operators', async () => {
      await openScreen('operators', 'operators');
      await visible(byTestId(`operator-row-${loginId}`), `operator ${loginId} not in the operator list`);
      await shot('11-operators');
    });

    await step('history', async () => {
      await openScreen('history', 'history');
      await shot('12-history');
    });

    await step('system log', async () => {
      await openScreen('system-log', 'system log');
      await shot('13-system-log');
    });

    await step(`user-setting history of ${userId}`, async () => {
      await openScreen('user-setting-history', 'user-setting history');
      const firstRow = page.locator('[data-testid^="user-setting-row-"]').first();
      if (await firstRow.count()) {
        await firstRow.click();
        await visible('[data-testid^="user-setting-diff-"]', 'before/after of a user-setting entry not shown');
      }
      await shot('14-user-setting-history');
    });

    await step('switch language to English and back', async () => {
      const menuReads = (text) =>
        page
          .waitForFunction((expected) => {
            const item = document.querySelector('[data-testid="nav-users"]');
            return item?.textContent?.trim() === expected;
          }, text)
          .catch(async () => {
            const shown = await page.locator(byTestId('nav-users')).innerText();
            throw new Error(`menu shows "${shown}", expected "${text}"`);
          });
      await page.click(byTestId('lang-en'));
      await menuReads('Access users');
      await shot('15-english');
      await page.click(byTestId('lang-ja'));
      await menuReads('出入ユーザー');
    });

    await step(`create date kind ${dateKindCode}`, async () => {
      await openScreen('date-kinds', 'date kinds');
      await page.click(byTestId('date-kind-new'));
      await page.fill(byTestId('date-kind-form-code'), dateKindCode);
      await page.fill(byTestId('date-kind-form-name'), `E2E 特別日 ${run}`);
      await page.click(byTestId('date-kind-save'));
      await visible(
        byTestId(`date-kind-row-${dateKindCode}`),
        `date kind ${dateKindCode} not listed after creating it`,
      );
      await closeDetail();
    });

    await step(`set a date of the template calendar to ${dateKindCode}`, async () => {
      await openTemplateCalendar();
      const kindId = await page.locator(byTestId(`legend-${dateKindCode}`)).getAttribute('data-kind-id');
      if (!kindId) throw new Error(`date kind ${dateKindCode} not in the legend of the calendar`);
      await pickBrush(dateKindCode);
      // A few days ahead: inside the editable range (from tomorrow) and in the months shown.
      const target = page.locator('[data-testid^="day-"][role="button"]').nth(3);
      const testId = await target.getAttribute('data-testid').catch(() => null);
      if (!testId) throw new Error('no date of the template calendar can be clicked in edit mode');
      const date = testId.slice('day-'.length);
      paintedDate = date;
      await target.click();
      await page.waitForSelector(`${byTestId(testId)}[data-pending="true"]`).catch(() => {
        throw new Error(`clicking ${date} did not mark it as changed`);
      });
      await page.click(byTestId('calendar-save-days'));
      const saved = `${byTestId(testId)}[data-kind="${kindId}"][data-source="day"]:not([data-pending])`;
      await page.waitForSelector(saved).catch(() => {
        throw new Error(`${date} does not show ${dateKindCode} as an explicit day after saving`);
      });
      await page.reload();
      await visible(byTestId('screen-calendars'), 'calendar screen not shown after reloading the page');
      await visible(byTestId('year-view'), 'year view not shown after reloading the page');
      await settled();
      const after = page.locator(byTestId(testId));
      const [kind, source] = [await after.getAttribute('data-kind'), await after.getAttribute('data-source')];
      if (kind !== kindId || source !== 'day') {
        throw new Error(`${date} shows date kind ${kind} (${source}) after a reload, not ${kindId} (day)`);
      }
      console.log(`  ${date} is ${dateKindCode}`);
      await shot('16-calendar');
    });

    await step(`create schedule ${scheduleCode} with one time band`, async () => {
      await openScreen('schedules', 'schedules');
      await page.click(byTestId('schedule-new'));
      await page.fill(byTestId('schedule-form-code'), scheduleCode);
      await page.fill(byTestId('schedule-form-name'), `E2E スケジュール ${run}`);
      await page.click(byTestId('bands-tab-weekday'));
      await page.click(byTestId('band-add-weekday'));
      await page.fill(byTestId('band-start-weekday-0'), '08:30');
      await page.fill(byTestId('band-end-weekday-0'), '17:45');
      await page.fill(byTestId('band-level-weekday-0'), '3');
      if (sim) {
        // The simulated controller's gate follows it, and the new date kind admits nobody there.
        await page.click(`${byTestId('schedule-form-gates')} .ant-select-selector`);
        await page.keyboard.type(sim.gate);
        await page.keyboard.press('Enter');
        await page.keyboard.press('Escape');
        await page.click(byTestId(`bands-tab-${dateKindCode}`));
        await page.click(byTestId(`band-add-${dateKindCode}`));
        await page.fill(byTestId(`band-start-${dateKindCode}-0`), '06:00');
        await page.fill(byTestId(`band-end-${dateKindCode}-0`), '20:00');
        await page.click(`${byTestId(`band-door-mode-${dateKindCode}-0`)} .ant-select-selector`);
        await page.click(
          '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="入室禁止"]',
        );
      }
      await page.click(byTestId('schedule-save'));
      await visible(byTestId(`schedule-row-${scheduleCode}`), `schedule ${scheduleCode} not listed after creating it`);
      // The pane shows the saved schedule: its band as the server answered it.
      await page
        .waitForFunction(() => {
          const start = document.querySelector('[data-testid="band-start-weekday-0"]');
          const end = document.querySelector('[data-testid="band-end-weekday-0"]');
          return start?.value === '08:30' && end?.value === '17:45';
        })
        .catch(() => {
          throw new Error(`schedule ${scheduleCode} does not show its time band 08:30-17:45 after saving`);
        });
      await shot('17-schedule');
      await closeDetail();
    });

    await step('timed jobs', async () => {
      await openScreen('jobs', 'timed jobs');
      await visible(`${byTestId('screen-jobs')} .ant-table`, 'job list not shown');
      const jobs = await page.locator('[data-testid^="job-row-"]').count();
      console.log(`  ${jobs} jobs listed`);
      await shot('18-jobs');
    });

    if (sim) {
      await step(`a calendar change reaches the simulated controller of ${sim.gate} with the transfer`, async () => {
        // The transfer sends the calendar and schedule: the painted date admits nobody at noon.
        await runJobNow('transfer.calendars');
        await controllerDecides(
          paintedDate,
          'denied_no_entry',
          `after the transfer ${paintedDate} should admit nobody`,
        );
        // Back to an office day in the UI: the controller keeps deciding by what it holds ...
        await paintTemplateDay(paintedDate, 'weekday');
        await page.waitForTimeout(2000);
        const held = controllerDecision(paintedDate);
        if (held.code !== 'denied_no_entry') {
          throw new Error(`the controller changed its decision before the transfer: "${held.answer}"`);
        }
        // ... until the transfer runs ("run now" instead of waiting for 00:12 or 22:10).
        await runJobNow('transfer.calendars');
        const after = await controllerDecides(
          paintedDate,
          'granted',
          `after the second transfer ${paintedDate} should admit the card`,
        );
        console.log(`  ${paintedDate} 12:00: ${after.answer}`);
        await openScreen('jobs', 'timed jobs');
        await page.click(`${byTestId('job-row-transfer.calendars')} .ant-table-row-expand-icon`);
        await visible(byTestId('job-runs-transfer.calendars'), 'run history of transfer.calendars not shown');
        await shot('19-calendar-transfer');
      });

      await step(`the controller of ${sim.gate}: state, unlock, and explain ${sim.card}`, async () => {
        await openScreen('gates', 'gates');
        await visible(
          `${byTestId(`gate-online-${sim.gate}`)}[data-online="true"]`,
          `${sim.gate} not shown online in the gate list`,
        );
        await page.click(byTestId(`gate-row-${sim.gate}`));
        await page.click(byTestId('gate-tab-controller'));
        await visible(`${byTestId('controller-online')}[data-online="true"]`, `${sim.gate}'s controller not online`);
        await visible(
          `${byTestId('controller-table-permissions')}[data-state="applied"]`,
          `${sim.gate}'s controller does not show its permissions table applied`,
        );
        await page.click(byTestId('controller-command-unlock'));
        await page.click('.ant-popover:not(.ant-popover-hidden) .ant-popconfirm-buttons .ant-btn-primary');
        const outcome = page.locator(byTestId('controller-command-outcome'));
        await outcome.waitFor({ timeout: Math.max(timeoutMs, 30000) }).catch(() => {
          throw new Error('no outcome shown for "unlock"');
        });
        const said = (await outcome.innerText()).trim();
        if ((await outcome.getAttribute('data-ok')) !== 'true' || !said.includes('carried out')) {
          throw new Error(`"unlock" not carried out: ${said}`);
        }
        await outcome.scrollIntoViewIfNeeded();
        await shot('20-gate-controller');
        // Noon of the date painted back to a weekday: the schedule's weekday band admits level 3.
        await page.click(byTestId('gate-tab-explain'));
        await page.fill(byTestId('explain-card'), sim.card);
        const at = page.locator(`${byTestId('explain-at')} input`);
        await at.click();
        await at.fill(`${paintedDate} 12:00`);
        await at.press('Enter');
        await page.click(byTestId('explain-submit'));
        const answer = page.locator(`${byTestId('explain-result')}[data-code]`);
        await answer.waitFor().catch(() => {
          throw new Error(`no decision shown for ${sim.card} at ${paintedDate} 12:00`);
        });
        if ((await answer.getAttribute('data-code')) !== 'granted') {
          throw new Error(`${sim.card} at ${paintedDate} 12:00: ${(await answer.innerText()).replace(/\s+/g, ' ')}`);
        }
        console.log(`  ${said}; ${sim.card} at ${paintedDate} 12:00 granted`);
        await closeDetail();
      });

      await step(`the parameters the controller of ${sim.gate} holds, beside the server's`, async () => {
        await openScreen('gates', 'gates');
        await page.click(byTestId(`gate-row-${sim.gate}`));
        await page.click(byTestId('gate-tab-controller'));
        await visible(`${byTestId('controller-online')}[data-online="true"]`, `${sim.gate}'s controller not online`);
        await page.click(byTestId('controller-parameters-read'));
        // Each table shows once read: its fields, a refused right, or why the controller was not read.
        for (const part of ['gate', 'card']) {
          const shown = page.locator(`${byTestId(`controller-parameters-${part}`)}[data-state]`);
          await shown.waitFor({ timeout: Math.max(timeoutMs, 30000) }).catch(() => {
            throw new Error(`the ${part} parameters of ${sim.gate} are not shown after "read from controller"`);
          });
          if ((await shown.getAttribute('data-state')) !== 'read') {
            throw new Error(`the ${part} parameters of ${sim.gate} not read: ${(await shown.innerText()).trim()}`);
          }
        }
        const row = page.locator(byTestId('controller-parameter-unlock_mode'));
        await row.waitFor().catch(() => {
          throw new Error(`no unlock_mode row among the gate parameters of ${sim.gate}`);
        });
        const atController = (await row.locator(byTestId('parameter-controller')).innerText()).trim();
        const onServer = (await row.locator(byTestId('parameter-server')).innerText()).trim();
        if ((await row.getAttribute('data-differs')) !== 'false' || !atController || atController !== onServer) {
          throw new Error(
            `unlock_mode of ${sim.gate}: "${atController}" at the controller, "${onServer}" on the server`,
          );
        }
        console.log(`  unlock_mode "${atController}" at the controller and on the server`);
        await row.scrollIntoViewIfNeeded();
        await shot('21-gate-parameters');
        await closeDetail();
      });

      await step(`anti-passback of ${sim.gate} alone: on, read back, off`, async () => {
        // The gate's id, and its anti-passback as the server holds it, through the page's session.
        const gates = await apiGet(`/api/v1/gates?text=${encodeURIComponent(sim.gate)}`);
        const gateId = gates.items.find((g) => g.code === sim.gate)?.id;
        if (!gateId) throw new Error(`GET /api/v1/gates does not list ${sim.gate}`);
        const serverHolds = async (own) => {
          const held = await apiGet(`/api/v1/gates/${gateId}/anti-passback`);
          if (held.gate_id !== gateId || held.own !== own || held.enforced !== own || held.area !== null) {
            throw new Error(`the server holds ${JSON.stringify(held)} for ${sim.gate}, not own ${own}, no area`);
          }
        };
        const openSettings = async () => {
          await openScreen('gates', 'gates');
          await page.click(byTestId(`gate-row-${sim.gate}`));
          await page.click(byTestId('gate-tab-settings'));
          await visible(
            `${byTestId('gate-passback')}[data-own]`,
            `no anti-passback shown in the settings of ${sim.gate}`,
          );
        };
        const line = page.locator(byTestId('gate-passback-state'));
        // Flips the switch and waits for the server's answer to show: `state` of the line.
        const turn = async (own, state, text) => {
          const checked = `${byTestId('gate-passback-own')}[aria-checked="${own}"]`;
          await page.click(`${byTestId('gate-passback-own')}:not([disabled])`);
          await page.waitForSelector(`${checked}:not(.ant-switch-loading)`).catch(() => {
            throw new Error(`the switch of ${sim.gate} does not stay ${own ? 'on' : 'off'}`);
          });
          await page.waitForSelector(`${byTestId('gate-passback-state')}[data-state="${state}"]`).catch(async () => {
            throw new Error(`after turning it ${own ? 'on' : 'off'}: "${(await line.innerText()).trim()}"`);
          });
          const said = (await line.innerText()).trim();
          if (!said.includes(text)) throw new Error(`the anti-passback of ${sim.gate} reads "${said}", not "${text}"`);
          return said;
        };

        await openSettings();
        const alone = 'このゲート単独のアンチパスバックを適用中';
        if ((await page.getAttribute(byTestId('gate-passback'), 'data-own')) === 'true') {
          console.log(`  ${sim.gate} had anti-passback of its own (an earlier run?): turning it off first`);
          await turn(false, 'off', 'アンチパスバックなし');
        }
        if ((await line.getAttribute('data-state')) !== 'off') {
          throw new Error(`${sim.gate} starts with anti-passback "${(await line.innerText()).trim()}", not off`);
        }
        const said = await turn(true, 'alone', alone);
        await serverHolds(true);
        // A fresh read of the pane shows what the server holds.
        await closeDetail();
        await openSettings();
        await page.waitForSelector(`${byTestId('gate-passback')}[data-own="true"]`).catch(() => {
          throw new Error(`${sim.gate} reopened without its own anti-passback`);
        });
        if ((await line.getAttribute('data-state')) !== 'alone') {
          throw new Error(`${sim.gate} reopened with anti-passback "${(await line.innerText()).trim()}"`);
        }
        await page.locator(byTestId('gate-passback')).scrollIntoViewIfNeeded();
        await shot('23-gate-passback');
        await turn(false, 'off', 'アンチパスバックなし');
        await serverHolds(false);
        console.log(`  gate ${gateId}: "${said}", then off again`);
        await closeDetail();
      });

      await step(
        `the door-open time of ${sim.gate}: set in its settings, held by its controller, exported`,
        async () => {
          const gates = await apiGet(`/api/v1/gates?text=${encodeURIComponent(sim.gate)}`);
          const before = gates.items.find((g) => g.code === sim.gate);
          if (!before) throw new Error(`GET /api/v1/gates does not list ${sim.gate}`);
          const seconds = before.door_open_seconds === 8 ? 9 : 8;
          await openScreen('gates', 'gates');
          await page.click(byTestId(`gate-row-${sim.gate}`));
          await page.click(byTestId('gate-tab-settings'));
          const field = page.locator(byTestId('gate-form-door-open'));
          const input = (await field.evaluate((el) => el.tagName)) === 'INPUT' ? field : field.locator('input');
          await input.fill(String(seconds));
          await page.click(byTestId('gate-save'));
          // The server holds it, and the controller gets it in its gate parameters within seconds.
          let held;
          for (let i = 0; i < 50; i += 1) {
            held = JSON.parse(
              execFileSync(sim.binary, ['ctl', sim.control, 'status', '1'], { encoding: 'utf8' }).trim(),
            );
            if (held.door_open_seconds === seconds) break;
            await page.waitForTimeout(200);
          }
          const after = await apiGet(`/api/v1/gates/${before.id}`);
          if (after.door_open_seconds !== seconds) {
            throw new Error(`the server holds a door-open time of ${after.door_open_seconds} s, not ${seconds} s`);
          }
          if (held.door_open_seconds !== seconds) {
            throw new Error(`the controller of ${sim.gate} holds ${held.door_open_seconds} s, not ${seconds} s`);
          }
          console.log(`  ${sim.gate}: door-open time ${before.door_open_seconds} s -> ${seconds} s at the controller`);
          await shot('24-gate-door-open');
          await closeDetail();
          // The gate parameters file has it too.
          const [download] = await Promise.all([
            page.waitForEvent('download'),
            page.click(byTestId('gate-parameters-export')),
          ]);
          const csv = fs.readFileSync(await download.path(), 'utf8');
          const row = csv.split('\r\n').find((line) => line.startsWith(`"${sim.gate}",`));
          if (!csv.startsWith('"code","name",') || !row?.includes(`,"${seconds}",`)) {
            throw new Error(`the gate parameters file lacks ${sim.gate} with ${seconds} s: ${csv.slice(0, 400)}`);
          }
          console.log(`  ${download.suggestedFilename()}: ${row}`);
        },
      );

      await step(`anti-passback area ${areaCode} with ${sim.gate}: create, list, send places, delete`, async () => {
        await openScreen('passback-areas', 'anti-passback areas');
        await page.click(byTestId('passback-area-new'));
        await page.fill(byTestId('passback-area-form-code'), areaCode);
        await page.fill(byTestId('passback-area-form-name'), `E2E エリア ${run}`);
        await page.click(`${byTestId('passback-area-form-gates')} .ant-select-selector`);
        await page.keyboard.type(sim.gate);
        await page.keyboard.press('Enter');
        await page.keyboard.press('Escape');
        await page.click(byTestId('passback-area-save'));
        const row = byTestId(`passback-area-row-${areaCode}`);
        await visible(row, `area ${areaCode} not listed after creating it`);
        // The row appears only with the server's list, so it shows the gates the server holds.
        if (!(await page.locator(`${row} ${byTestId(`passback-area-gate-${sim.gate}`)}`).count())) {
          throw new Error(
            `area ${areaCode} listed without ${sim.gate}: "${(await page.locator(row).innerText()).trim()}"`,
          );
        }
        await closeDetail();
        await shot('22-passback-areas');
        await page.click(row);
        await visible(
          `${byTestId('passback-area-detail')} ${byTestId('passback-area-form-code')}`,
          `area ${areaCode} does not open in the detail pane`,
        );
        const shownCode = await page.locator(byTestId('passback-area-form-code')).inputValue();
        if (shownCode !== areaCode) throw new Error(`the detail pane shows area "${shownCode}", not ${areaCode}`);
        // The global anti-passback transfer to the area's one controller.
        await page.click(byTestId('passback-area-send-places'));
        await visible(
          '.ant-message-notice:has-text("1 台の制御器へ在室状況を転送しました")',
          `no confirmation of the places sent to the controller of ${sim.gate}`,
        );
        await page.click(byTestId('passback-area-delete'));
        await page.click('.ant-popover:not(.ant-popover-hidden) .ant-popconfirm-buttons .ant-btn-primary');
        await page
          .locator(row)
          .waitFor({ state: 'detached' })
          .catch(() => {
            throw new Error(`area ${areaCode} still listed after deleting it`);
          });
      });
    }

    await step('log out', async () => {
      await page.click(byTestId('logout'));
      await visible(byTestId('login-page'), 'login page not shown after logging out');
    });

    if (pageProblems.length) throw new Error(`the page reported problems:\n  ${pageProblems.join('\n  ')}`);
    console.log(`\n${stepNumber} passed, 0 failed`);
    return 0;
  } catch (error) {
    console.error(`✗ ${error instanceof Error ? error.message : error}`);
    if (pageProblems.length) console.error(`  the page also reported:\n  ${pageProblems.join('\n  ')}`);
    await page.screenshot({ path: path.join(screenshotDir, 'failure.png') }).catch(() => {});
    console.error(`  screenshot of the failure: ${path.join(screenshotDir, 'failure.png')}`);
    console.log(`\n${stepNumber - 1} passed, 1 failed`);
    return 1;
  } finally {
    await browser.close();
  }
}

process.exitCode = await main();
