// The measuring half of bench/gate_bench.sh: signs in to the running server, then times a status
// sweep, one permission change end to end, a full permission transfer and event ingestion, each
// against simulated controllers (tools/controller-sim) over loopback UDP. Prints each figure,
// its target and the ratio to raw loopback UDP round trips measured in the same run.
import { execFileSync } from 'node:child_process';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (bench/gate_bench.sh sets it)`);
  return value;
};
const BASE = env('MONBAN_URL');
const SIM = env('MONBAN_SIM');
const CONTROL = env('MONBAN_SIM_CONTROL');
const CONTROLLERS = Number(env('MONBAN_CONTROLLERS'));
const USERS = Number(env('MONBAN_USERS'));
const PER_USER = Number(env('MONBAN_PER_USER'));
const EVENTS = Number(env('MONBAN_EVENTS'));
const UDP_REFERENCE = Number(env('MONBAN_UDP_REFERENCE'));

let session;
async function call(method, path, body) {
  const headers = {};
  if (session) {
    headers.cookie = `__Host-monban_session=${session.token}`;
    if (method !== 'GET') headers['x-csrf-token'] = session.csrf;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  if (r.status >= 300) throw new Error(`${method} ${path}: HTTP ${r.status} ${text.slice(0, 300)}`);
  return { response: r, json: text ? JSON.parse(text) : undefined };
}
async function signIn(password) {
  const { response, json } = await call('POST', '/api/v1/session', { login_id: 'admin', password });
  const token = /__Host-monban_session=([^;]*)/.exec(response.headers.get('set-cookie'))[1];
  session = { token, csrf: json.csrf_token };
}
const sim = (...words) => execFileSync(SIM, ['ctl', CONTROL, ...words.map(String)], { encoding: 'utf8' }).trim();
const simStats = () => JSON.parse(sim('stats'));
const seconds = (ms) => (ms / 1000).toFixed(2);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const line = (name, figure, target, ratio) =>
  console.log(`${name.padEnd(34)} ${figure.padEnd(44)} target ${target.padEnd(14)} ${ratio}`);

const password = env('MONBAN_PASSWORD');
await signIn(password);
const newPassword = `gate bench ${Date.now()} password`;
await call('POST', '/api/v1/session/password', { current_password: password, new_password: newPassword });
await signIn(newPassword);
console.log(`reference: raw loopback UDP, 50 requesters: ${UDP_REFERENCE.toFixed(0)} round trips/s`);
const referenceSweepMs = (CONTROLLERS / UDP_REFERENCE) * 1000;

// 1. Status sweep: one status poll to every controller, 50 at a time.
const sweeps = [];
for (let i = 0; i < 5; i++) {
  const { json } = await call('POST', '/api/v1/controllers/poll', {});
  const answered = json.items.filter((o) => o.ok).length;
  if (answered !== CONTROLLERS) throw new Error(`status sweep: ${answered} of ${CONTROLLERS} controllers answered`);
  sweeps.push(json.elapsed_ms);
}
line(
  `status sweep, ${CONTROLLERS} controllers`,
  `median ${seconds(median(sweeps))} s, max ${seconds(Math.max(...sweeps))} s`,
  '<= 2 s',
  `${(median(sweeps) / referenceSweepMs).toFixed(1)}x the raw UDP time (${referenceSweepMs.toFixed(0)} ms)`,
);

// 2. One permission change end to end: a user gets one more gate; the time until that gate's
// controller admits the card (deltas go out about 100 ms after the change).
const changes = [];
for (let i = 0; i < 5; i++) {
  const userNumber = 1 + ((i * 7919) % USERS);
  const userId = `U${String(userNumber).padStart(7, '0')}`;
  const list = await call('GET', `/api/v1/users?text=${userId}&sort=user_id&limit=20`);
  const found = list.json.items.find((u) => u.user_id === userId);
  if (!found) throw new Error(`user ${userId} not found: ${JSON.stringify(list.json).slice(0, 300)}`);
  const id = found.id;
  const user = (await call('GET', `/api/v1/users/${id}`)).json;
  const held = new Set(user.gates.map((g) => g.target_code));
  let gate = 1;
  while (held.has(`G${gate}`)) gate++;
  const card = user.cards[0];
  const before = sim('decide', gate, card);
  if (!before.startsWith('denied_no_permission')) throw new Error(`before the change controller ${gate} answers ${before}`);
  const gates = [...user.gates.map((g) => ({ target_id: g.target_id, level: g.level })), { target_code: `G${gate}`, level: 1 }];
  const started = performance.now();
  await call('PUT', `/api/v1/users/${id}`, { ...user, gates });
  for (;;) {
    const answer = sim('decide', gate, card);
    if (answer.startsWith('granted')) break;
    if (performance.now() - started > 10000) throw new Error(`controller ${gate} still answers ${answer} after 10 s`);
  }
  changes.push(performance.now() - started);
}
line(
  'one permission change, end to end',
  `median ${median(changes).toFixed(0)} ms, max ${Math.max(...changes).toFixed(0)} ms`,
  '<= 1000 ms',
  'API call to the controller deciding by it',
);

// 3. Full transfer of every permission table, 50 controllers at a time.
const bytesBefore = simStats().bytes_in;
const transfer = (await call('POST', '/api/v1/controllers/transfer', { tables: ['permissions'] })).json;
const done = transfer.items.filter((o) => o.ok).length;
if (done !== CONTROLLERS) {
  const failed = transfer.items.find((o) => !o.ok);
  throw new Error(`full transfer: ${done} of ${CONTROLLERS} done; e.g. gate ${failed.gate_id}: ${failed.message}`);
}
const entries = USERS * PER_USER + changes.length;
const wireBytes = simStats().bytes_in - bytesBefore;
line(
  `full transfer, ${entries} entries`,
  `${seconds(transfer.elapsed_ms)} s, ${(wireBytes / entries).toFixed(1)} bytes/entry on the wire`,
  '<= 60 s',
  `${((entries * 1000) / transfer.elapsed_ms).toFixed(0)} entries/s`,
);

// 4. Event ingestion: every controller holds buffered swipes; the time until the history
// committed them all (a controller forgets an event only when the server acknowledged it after
// the commit).
const stats0 = simStats();
sim('swipes', EVENTS);
const generated = simStats().buffered;
const started = performance.now();
let stats;
for (;;) {
  stats = simStats();
  if (stats.buffered === 0) break;
  if (performance.now() - started > 600000) throw new Error(`ingestion: ${stats.buffered} events still buffered after 10 min`);
  await sleep(20);
}
const ingestMs = performance.now() - started;
const stored = (await call('GET', '/api/v1/controllers')).json.link.events_stored;
const rate = (generated * 1000) / ingestMs;
line(
  `event ingestion, ${generated} events`,
  `${rate.toFixed(0)} events/s (${seconds(ingestMs)} s; ${stored} stored in all)`,
  '>= 100000/s',
  `${(rate / UDP_REFERENCE).toFixed(2)}x raw UDP round trips/s; ${stats.frames_in - stats0.frames_in} frames in`,
);
