// The REST API over real HTTPS against a running `monban serve` (started by web_api.sh):
// sign-in and sessions, CSRF, security headers, CRUD with error shapes, imports, exports,
// live updates, limits, throttling, and a sweep of every route in the OpenAPI document.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const BASE = process.env.MONBAN_URL;
const HTTP_BASE = process.env.MONBAN_HTTP_URL;
const MAX_SESSIONS = Number(process.env.MONBAN_MAX_SESSIONS);
const NEW_PASSWORD = 'a long passphrase for tests';

async function call(method, path, { session, body, raw, headers = {}, csrf = true } = {}) {
  const h = { ...headers };
  if (session) {
    h.cookie = `__Host-monban_session=${session.token}`;
    if (csrf && method !== 'GET') h['x-csrf-token'] = session.csrf;
  }
  let payload;
  if (raw !== undefined) {
    payload = raw;
    h['content-type'] ??= 'text/csv';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    h['content-type'] = 'application/json';
  }
  const response = await fetch(BASE + path, { method, headers: h, body: payload, redirect: 'manual' });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

function cookieToken(response) {
  const setCookie = response.headers.get('set-cookie') ?? '';
  const match = /__Host-monban_session=([^;]*)/.exec(setCookie);
  return match ? match[1] : undefined;
}

async function login(loginId, password) {
  const r = await call('POST', '/api/v1/session', { body: { login_id: loginId, password } });
  if (r.status !== 200) return { response: r };
  return { response: r, session: { token: cookieToken(r), csrf: r.json.csrf_token } };
}

async function waitFor(what, check, timeoutMs = 10000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let admin;  // the bootstrap administrator's session after its password change

test('health and first-run status need no session', async () => {
  const health = await call('GET', '/api/v1/health');
  assert.equal(health.status, 200);
  assert.equal(health.json.database.state, 'ok');
  assert.ok(health.json.plugins.some((p) => p.id === 'web' && p.state === 'running'), health.text);
  const setup = await call('GET', '/api/v1/setup');
  assert.deepEqual(setup.json, { setup_required: false });
});

test('every answer carries the security headers', async () => {
  for (const path of ['/api/v1/health', '/api/v1/users', '/']) {
    const r = await call('GET', path);
    assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/, path);
    assert.equal(r.headers.get('x-frame-options'), 'DENY', path);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
    assert.match(r.headers.get('strict-transport-security'), /max-age=/, path);
  }
});

test('plain HTTP only redirects to HTTPS', async () => {
  const r = await fetch(HTTP_BASE + '/api/v1/users?limit=1', { redirect: 'manual' });
  assert.equal(r.status, 301);
  assert.match(r.headers.get('location'), /^https:\/\/localhost:\d+\/api\/v1\/users\?limit=1$/);
});

test('a wrong password and an unknown login get the same answer', async () => {
  const wrong = await login(process.env.MONBAN_LOGIN, 'not the password at all');
  const unknown = await login('nobody-here', 'not the password at all');
  assert.equal(wrong.response.status, 401);
  assert.equal(unknown.response.status, 401);
  assert.deepEqual(wrong.response.json, unknown.response.json);
});

test('the one-time password works only for changing it', async () => {
  const first = await login(process.env.MONBAN_LOGIN, process.env.MONBAN_PASSWORD);
  assert.equal(first.response.status, 200, first.response.text);
  assert.equal(first.response.json.password_change_required, true);
  const cookie = first.response.headers.get('set-cookie');
  assert.match(cookie, /^__Host-monban_session=[0-9a-f]{64};/);
  for (const attribute of [/; *Secure/i, /; *HttpOnly/i, /; *SameSite=Strict/i, /; *Path=\//i])
    assert.match(cookie, attribute);
  assert.doesNotMatch(cookie, /Domain=/i);

  const blocked = await call('GET', '/api/v1/users', { session: first.session });
  assert.equal(blocked.status, 403);
  assert.equal(blocked.json.error.code, 'password_change_required');

  const noCsrf = await call('POST', '/api/v1/session/password', {
    session: first.session, csrf: false,
    body: { current_password: process.env.MONBAN_PASSWORD, new_password: NEW_PASSWORD },
  });
  assert.equal(noCsrf.status, 403);
  assert.equal(noCsrf.json.error.code, 'csrf');

  const changed = await call('POST', '/api/v1/session/password', {
    session: first.session, body: { current_password: process.env.MONBAN_PASSWORD, new_password: NEW_PASSWORD },
  });
  assert.equal(changed.status, 204, changed.text);
  const users = await call('GET', '/api/v1/users', { session: first.session });
  assert.equal(users.status, 200, users.text);
  await call('DELETE', '/api/v1/session', { session: first.session });

  const again = await login(process.env.MONBAN_LOGIN, process.env.MONBAN_PASSWORD);
  assert.equal(again.response.status, 401, 'the one-time password must be gone');
  const fresh = await login(process.env.MONBAN_LOGIN, NEW_PASSWORD);
  assert.equal(fresh.response.status, 200);
  assert.equal(fresh.response.json.password_change_required, false);
  assert.notEqual(fresh.session.token, first.session.token, 'a new token at every sign-in');
  admin = fresh.session;
});

test('state changes need the CSRF token and never happen over GET', async () => {
  const noToken = await call('POST', '/api/v1/affiliations', { session: admin, csrf: false, body: { code: 'X', name: 'x' } });
  assert.equal(noToken.status, 403);
  assert.equal(noToken.json.error.code, 'csrf');
  const wrongToken = await call('POST', '/api/v1/affiliations', {
    session: admin, csrf: false, headers: { 'x-csrf-token': 'f'.repeat(64) }, body: { code: 'X', name: 'x' },
  });
  assert.equal(wrongToken.status, 403);
  const tree = await call('GET', '/api/v1/affiliations', { session: admin });
  assert.ok(!tree.json.items.some((a) => a.code === 'X'), 'refused requests changed nothing');
  const getPassword = await call('GET', '/api/v1/session/password', { session: admin });
  assert.equal(getPassword.status, 405);
});

let hq, sales, gate;

test('affiliations, gates and users through the API, with errors a person can act on', async () => {
  const a = await call('POST', '/api/v1/affiliations', { session: admin, body: { code: 'HQ', name: '本社' } });
  assert.equal(a.status, 201, a.text);
  hq = a.json;
  const b = await call('POST', '/api/v1/affiliations', { session: admin, body: { code: 'SALES', name: '営業部', parent_id: hq.id } });
  assert.equal(b.status, 201, b.text);
  sales = b.json;
  assert.equal(sales.depth, 2);
  const duplicate = await call('POST', '/api/v1/affiliations', { session: admin, body: { code: 'HQ', name: 'again' } });
  assert.equal(duplicate.status, 409);
  assert.equal(duplicate.json.error.code, 'conflict');

  const group = await call('POST', '/api/v1/management-groups', { session: admin, body: { code: 'MG1', name: 'Main building' } });
  assert.equal(group.status, 201, group.text);
  const g = await call('POST', '/api/v1/gates', {
    session: admin, body: { code: 'G1', name: 'Front door', management_group_id: group.json.id, controller_address: '127.0.0.1' },
  });
  assert.equal(g.status, 201, g.text);
  gate = g.json;

  const user = await call('POST', '/api/v1/users', {
    session: admin,
    body: { user_id: 'U0001', name: '山田 太郎', affiliation_id: sales.id, cards: ['0123ABCD'], gates: [{ target_id: gate.id, level: 3 }] },
  });
  assert.equal(user.status, 201, user.text);
  assert.equal(user.json.affiliation_code, 'SALES');
  assert.deepEqual(user.json.gates.map((p) => [p.target_code, p.level]), [['G1', 3]]);

  const bad = await call('POST', '/api/v1/users', { session: admin, body: { user_id: 'U 2', name: '', cards: ['not-hex!'] } });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.code, 'invalid');
  assert.ok(bad.json.error.problems.length >= 2, bad.text);
  assert.ok(bad.json.error.problems.every((p) => p.field && p.reason), bad.text);

  const notJson = await call('POST', '/api/v1/users', { session: admin, raw: '{"user_id":', headers: { 'content-type': 'application/json' } });
  assert.equal(notJson.status, 400);

  const page = await call('GET', `/api/v1/users?affiliation_id=${hq.id}&limit=10`, { session: admin });
  assert.equal(page.status, 200);
  assert.equal(page.json.total, 1, 'the subtree filter includes SALES under HQ');

  const moved = await call('PUT', `/api/v1/affiliations/${sales.id}`, { session: admin, body: { code: 'SALES', name: '営業部', parent_id: null } });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.json.depth, 1);

  const missing = await call('GET', '/api/v1/users/999999', { session: admin });
  assert.equal(missing.status, 404);
  assert.equal(missing.json.error.code, 'not_found');
});

test('a CSV import runs in the background with progress and per-row results', async () => {
  const csv = 'operation,user_id,name,affiliation,cards\n' +
    'add,U1001,Import One,SALES,1111AAAA\n' +
    'add,U1002,Import Two,NOWHERE,2222BBBB\n' +
    'add,U1003,Import Three,SALES,3333CCCC\n';
  const started = await call('POST', '/api/v1/users/import', { session: admin, raw: csv });
  assert.equal(started.status, 202, started.text);
  const job = await waitFor('the import', async () => {
    const r = await call('GET', `/api/v1/imports/${started.json.id}`, { session: admin });
    return r.json.state !== 'running' ? r.json : undefined;
  });
  assert.equal(job.state, 'done', JSON.stringify(job));
  assert.equal(job.report.added, 2);
  assert.equal(job.report.failed, 1);
  const failedRow = job.report.rows.find((r) => r.outcome === 'failed');
  assert.equal(failedRow.line, 3);
  assert.equal(failedRow.problems[0].value, 'NOWHERE');

  const search = await call('GET', '/api/v1/users?text=U100', { session: admin });
  assert.deepEqual(search.json.items.map((u) => u.user_id), ['U1001', 'U1003']);

  const exported = await call('GET', '/api/v1/users/export', { session: admin });
  assert.equal(exported.status, 200);
  assert.match(exported.headers.get('content-type'), /^text\/csv/);
  assert.match(exported.text, /^operation,user_id,/);
  assert.match(exported.text, /set,U1003,Import Three/);
});

test('live updates reach an open stream within a second', async () => {
  const controller = new AbortController();
  const response = await fetch(BASE + '/api/v1/events', {
    headers: { cookie: `__Host-monban_session=${admin.token}` }, signal: controller.signal,
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type'), /text\/event-stream/);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let seen = '';
  const read = async (needle) => {
    while (!seen.includes(needle)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended before ${needle}`);
      seen += decoder.decode(value);
    }
  };
  await read('event: hello');
  const before = Date.now();
  await call('POST', '/api/v1/affiliations', { session: admin, body: { code: 'LIVE', name: 'live' } });
  await read('"topic":"affiliations"');
  assert.ok(Date.now() - before < 1000, `took ${Date.now() - before} ms`);
  controller.abort();
});

test('calendars, schedules and the door mode they give a gate', async () => {
  const kinds = (await call('GET', '/api/v1/date-kinds', { session: admin })).json.items;
  const kind = (code) => kinds.find((k) => k.code === code).id;
  const calendars = (await call('GET', '/api/v1/calendars', { session: admin })).json.items;
  const template = calendars.find((c) => c.template);
  assert.deepEqual(template.weekly, [1, 1, 1, 1, 1, 2, 2].map((i) => kinds[i - 1].id));

  const view = (await call('GET', `/api/v1/calendars/${template.id}`, { session: admin })).json;
  assert.ok(view.days.length >= 730, `${view.days.length} days from one year back to one year ahead`);
  const day = view.days.find((d) => d.date >= view.editable_from && d.source === 'weekly' && d.date_kind_id === kind('weekday'));
  const past = view.days[0].date;
  const refused = await call('PUT', `/api/v1/calendars/${template.id}`, {
    session: admin, body: { days: [{ date: past, date_kind_id: kind('special1') }] },
  });
  assert.equal(refused.status, 400, refused.text);
  assert.equal(refused.json.error.problems[0].field, 'days.date');
  const set = await call('PUT', `/api/v1/calendars/${template.id}`, {
    session: admin, body: { days: [{ date: day.date, date_kind_id: kind('holiday') }] },
  });
  assert.equal(set.status, 200, set.text);

  // A schedule: weekdays unlocked 08:00-09:00, card only until 18:00; nothing on holidays.
  const schedule = await call('POST', '/api/v1/schedules', {
    session: admin,
    body: {
      code: 'OFFICE', name: 'Office hours', gate_ids: [gate.id],
      bands: [
        { date_kind_id: kind('weekday'), start: '08:00', end: '09:00', door_mode: 'unlocked', passable_level: 8 },
        { date_kind_id: kind('weekday'), start: '09:00', end: '18:00', door_mode: 'card', passable_level: 5 },
        { date_kind_id: kind('holiday'), start: '00:00', end: '24:00', door_mode: 'no_entry', passable_level: 1 },
      ],
    },
  });
  assert.equal(schedule.status, 201, schedule.text);
  const overlap = await call('POST', '/api/v1/schedules', {
    session: admin,
    body: { code: 'BAD', name: 'Overlap', bands: [
      { date_kind_id: kind('weekday'), start: '08:00', end: '10:00' },
      { date_kind_id: kind('weekday'), start: '09:00', end: '11:00' }] },
  });
  assert.equal(overlap.status, 400);
  assert.match(overlap.json.error.message, /overlaps/);
  const second = await call('POST', '/api/v1/schedules', { session: admin, body: { code: 'OTHER', name: 'Other', gate_ids: [gate.id] } });
  assert.equal(second.status, 409, 'a gate follows one schedule');

  const weekday = view.days.find((d) => d.date > day.date && d.source === 'weekly' && d.date_kind_id === kind('weekday'));
  const mode = async (at) => (await call('GET', `/api/v1/gates/${gate.id}/mode?at=${at}`, { session: admin })).json;
  assert.equal((await mode(`${weekday.date}T08:30`)).door_mode, 'unlocked');
  assert.equal((await mode(`${weekday.date}T09:00`)).door_mode, 'card');
  assert.equal((await mode(`${weekday.date}T09:00`)).passable_level, 5);
  assert.equal((await mode(`${weekday.date}T18:00`)).band, null);
  const holiday = await mode(`${day.date}T08:30`);
  assert.equal(holiday.door_mode, 'no_entry', JSON.stringify(holiday));
  assert.equal(holiday.date_kind_source, 'day');
  assert.equal((await call('GET', `/api/v1/gates/${gate.id}/mode?at=tomorrow`, { session: admin })).status, 400);

  // iCalendar: export the explicit date, clear it, import it back by its category.
  const ics = await call('GET', `/api/v1/calendars/${template.id}/ical`, { session: admin });
  assert.equal(ics.status, 200);
  assert.match(ics.headers.get('content-type'), /text\/calendar/);
  assert.match(ics.text, new RegExp(`DTSTART;VALUE=DATE:${day.date.replaceAll('-', '')}`));
  await call('PUT', `/api/v1/calendars/${template.id}`, { session: admin, body: { days: [{ date: day.date, date_kind_id: null }] } });
  assert.equal((await mode(`${day.date}T08:30`)).door_mode, 'unlocked');
  const imported = await call('POST', `/api/v1/calendars/${template.id}/ical`, { session: admin, body: { content: ics.text } });
  assert.equal(imported.status, 200, imported.text);
  assert.equal(imported.json.applied, 1);
  assert.equal((await mode(`${day.date}T08:30`)).door_mode, 'no_entry');
  const garbage = await call('POST', `/api/v1/calendars/${template.id}/ical`, { session: admin, body: { content: 'BEGIN:VCARD' } });
  assert.equal(garbage.status, 400);

  // Each change is in the user-setting history.
  const history = await call('GET', '/api/v1/user-setting-history?target_kind=schedule&limit=10', { session: admin });
  assert.ok(history.json.items.some((e) => e.target_key === 'OFFICE' && e.action === 'register'), history.text);
});

test('timed jobs: the seed jobs, run now and the run history', async () => {
  const jobs = (await call('GET', '/api/v1/jobs', { session: admin })).json;
  assert.equal(jobs.healthy, true, jobs.problem);
  const byId = Object.fromEntries(jobs.items.map((j) => [j.id, j]));
  assert.equal(byId['transfer.calendars'].schedule, 'at 00:12,22:10');
  assert.equal(byId['transfer.permissions'].schedule, 'at 03:00');
  assert.equal(byId['controllers.time_sync'].schedule, 'at 02:20,10:20,18:20');
  assert.equal(byId['history.purge'].bound, true);
  assert.ok(byId['history.purge'].next_run_ms > Date.now() - 60000);

  const run = await call('POST', '/api/v1/jobs/history.purge/run', { session: admin });
  assert.equal(run.status, 202, run.text);
  const done = await waitFor('the purge run to end', async () => {
    const runs = (await call('GET', '/api/v1/jobs/history.purge/runs', { session: admin })).json.items;
    return runs.length > 0 && runs[0].outcome !== 'running' && runs[0];
  });
  assert.equal(done.trigger, 'manual');
  assert.equal(done.outcome, 'ok', done.message);
  assert.match(done.message, /purged \d+ history events/);

  // The gate plugin binds the transfer job: a run reports each controller (the test's gates
  // have no controller answering, so none of them is done).
  const bound = await call('POST', '/api/v1/jobs/transfer.permissions/run', { session: admin });
  assert.equal(bound.status, 202);
  const transferred = await waitFor('the transfer run to end', async () => {
    const runs = (await call('GET', '/api/v1/jobs/transfer.permissions/runs', { session: admin })).json.items;
    return runs.length > 0 && runs[0].outcome !== 'running' && runs[0];
  }, 60000);
  assert.match(transferred.message, /^\d+ of \d+ controllers done/, transferred.message);
  assert.notEqual(transferred.outcome, 'skipped', transferred.message);
  assert.equal((await call('POST', '/api/v1/jobs/no.such.job/run', { session: admin })).status, 404);
  const audit = await call('GET', '/api/v1/system-log?category=jobs&limit=10', { session: admin });
  assert.ok(audit.json.items.some((e) => e.action === 'run now' && e.detail === 'history.purge'), audit.text);
});

test('an operator without rights is refused by every route that needs one (OpenAPI sweep)', async () => {
  const none = Object.fromEntries(['history', 'access_users', 'access_user_import', 'gates', 'management_groups',
    'affiliations', 'operators', 'system_log', 'user_setting_history', 'global_anti_passback'].map((k) => [k, 'none']));
  const created = await call('POST', '/api/v1/operators', {
    session: admin, body: { login_id: 'norights', display_name: 'No rights', rights: none, password: 'initial password 1' },
  });
  assert.equal(created.status, 201, created.text);
  const first = await login('norights', 'initial password 1');
  assert.equal(first.response.json.password_change_required, true, 'a password set by another must be changed');
  const changed = await call('POST', '/api/v1/session/password', {
    session: first.session, body: { current_password: 'initial password 1', new_password: NEW_PASSWORD },
  });
  assert.equal(changed.status, 204);
  const weak = first.session;

  const doc = (await call('GET', '/api/v1/openapi.json', { session: admin })).json;
  const operations = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item)) operations.push({ method: method.toUpperCase(), path, op });
  assert.ok(operations.length >= 50, `only ${operations.length} operations documented`);
  let checkedRights = 0;
  for (const { method, path, op } of operations) {
    const concrete = path.replace(/\{[^}]+\}/g, '1');
    const isPublic = Array.isArray(op.security) && op.security.length === 0;
    const anonymous = await call(method, concrete, { body: method === 'GET' ? undefined : {} });
    if (isPublic) {
      assert.notEqual(anonymous.status, 401, `${method} ${path} is public`);
      continue;
    }
    assert.equal(anonymous.status, 401, `${method} ${path} must refuse an anonymous caller`);
    assert.equal(anonymous.json?.error?.code, 'unauthorized', `${method} ${path}`);
    if (!op['x-monban-right']) continue;
    const body = method === 'GET' || method === 'DELETE' ? undefined : op.requestBody?.content?.['text/csv'] ? undefined : {};
    const raw = op.requestBody?.content?.['text/csv'] ? 'operation,user_id\n' : undefined;
    const r = await call(method, concrete, { session: weak, body, raw });
    assert.equal(r.status, 403, `${method} ${path} (needs ${op['x-monban-right']}) gave ${r.status}: ${r.text}`);
    assert.equal(r.json.error.code, 'forbidden', `${method} ${path}`);
    checkedRights++;
  }
  assert.ok(checkedRights >= 40, `only ${checkedRights} routes checked for rights`);

  const log = await call('GET', '/api/v1/system-log?category=users&limit=50', { session: admin });
  assert.ok(log.json.items.some((e) => e.actor === 'norights' && e.outcome === 'refused'), 'refusals are audited');
});

test('the OpenAPI document and docs/api.md list the same routes', async () => {
  const doc = (await call('GET', '/api/v1/openapi.json', { session: admin })).json;
  const documented = new Set();
  for (const [path, item] of Object.entries(doc.paths))
    for (const method of Object.keys(item)) documented.add(`${method.toUpperCase()} ${path}`);
  const guide = readFileSync(process.env.MONBAN_DOCS, 'utf8');
  const inGuide = new Set();
  for (const match of guide.matchAll(/`((?:GET|POST|PUT|DELETE)(?:\/(?:GET|POST|PUT|DELETE))*) (\/api\/v1\/[^` ]+)`/g))
    for (const method of match[1].split('/')) inGuide.add(`${method} ${match[2]}`);
  assert.deepEqual([...inGuide].filter((r) => !documented.has(r)).sort(), [], 'in docs/api.md but not served');
  assert.deepEqual([...documented].filter((r) => !inGuide.has(r)).sort(), [], 'served but not in docs/api.md');
});

test('disabling an operator ends its sessions at once', async () => {
  const operators = await call('GET', '/api/v1/operators', { session: admin });
  const target = operators.json.items.find((o) => o.login_id === 'norights');
  const session = (await login('norights', NEW_PASSWORD)).session;
  assert.equal((await call('GET', '/api/v1/session', { session })).status, 200);
  const disabled = await call('PUT', `/api/v1/operators/${target.id}`, { session: admin, body: { ...target, disabled: true } });
  assert.equal(disabled.status, 200, disabled.text);
  await waitFor('the session to end', async () => (await call('GET', '/api/v1/session', { session })).status === 401);
  assert.equal((await login('norights', NEW_PASSWORD)).response.status, 401);
});

test('the session limit refuses a new sign-in and keeps the others', async () => {
  const sessions = [admin];
  let refused;
  for (let i = 0; i < MAX_SESSIONS + 2 && !refused; i++) {
    const r = await login(process.env.MONBAN_LOGIN, NEW_PASSWORD);
    if (r.response.status === 503) refused = r.response;
    else sessions.push(r.session);
  }
  assert.ok(refused, 'no sign-in was refused');
  assert.equal(refused.json.error.code, 'session_limit');
  assert.ok(sessions.length <= MAX_SESSIONS);
  for (const s of sessions) assert.equal((await call('GET', '/api/v1/session', { session: s })).status, 200);
  for (const s of sessions.slice(1)) {
    assert.equal((await call('DELETE', '/api/v1/session', { session: s })).status, 204);
    assert.equal((await call('GET', '/api/v1/session', { session: s })).status, 401, 'logout kills the session');
  }
});

test('repeated failures lock a login ID, known or not, with a growing delay', async () => {
  for (const loginId of [process.env.MONBAN_LOGIN, 'ghost-login']) {
    const times = [];
    let last;
    for (let i = 0; i < 6; i++) {
      const started = Date.now();
      last = await login(loginId, 'wrong password ' + i);
      times.push(Date.now() - started);
    }
    assert.equal(last.response.status, 429, `${loginId}: ${last.response.text}`);
    assert.equal(last.response.json.error.code, 'throttled');
    assert.ok(last.response.json.error.retry_after_s > 0);
    assert.ok(times[3] > times[0], `the delay grows: ${times}`);
  }
  const locked = await login(process.env.MONBAN_LOGIN, NEW_PASSWORD);
  assert.equal(locked.response.status, 429, 'even the right password waits out the lock');
  assert.equal((await call('GET', '/api/v1/session', { session: admin })).status, 200, 'existing sessions live on');
});
