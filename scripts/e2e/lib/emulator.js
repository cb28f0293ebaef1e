'use strict';
// The DashScope emulator (test/emulator/cli.js) as a child process, driven over its control API.
const path = require('node:path');
const { request } = require('undici');
const { start, stopChild, freePort, sleep } = require('./util');

const ROOT = path.resolve(__dirname, '..', '..', '..');

async function control(origin, method, route, body) {
	const res = await request(`${origin}/__emulator/${route}`, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.body.text();
	if (res.statusCode >= 300)
		throw new Error(`emulator ${method} ${route}: HTTP ${res.statusCode} ${text.slice(0, 200)}`);
	return text ? JSON.parse(text) : null;
}

/** Starts the emulator on a free port (or `port`); stops by itself after `idleStopMs` without requests. */
async function startEmulatorProcess({ port, latencyMs = 1500, idleStopMs = 30 * 60_000 } = {}) {
	port = port ?? (await freePort());
	const child = start(
		process.execPath,
		[
			path.join(ROOT, 'test', 'emulator', 'cli.js'),
			'--port',
			String(port),
			'--latency',
			String(latencyMs),
			'--idle-stop',
			String(idleStopMs),
		],
		{ cwd: ROOT, name: 'emulator' },
	);
	const origin = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 15_000;
	let info = null;
	while (!info && Date.now() < deadline) {
		if (child.exitCode !== null)
			throw new Error(`emulator exited ${child.exitCode}: ${child.output.join('\n')}`);
		try {
			info = await control(origin, 'GET', 'info');
		} catch {
			await sleep(100);
		}
	}
	if (!info) throw new Error(`emulator did not start: ${child.output.join('\n')}`);
	const keys = await control(origin, 'GET', 'keys');
	const first = (v) => (Array.isArray(v) ? v[0] : v);
	const singaporeKey = first(keys.singapore ?? keys.keys?.singapore ?? info.keys?.singapore);
	return {
		child,
		origin,
		info,
		keys,
		singaporeKey,
		singaporeBase: `${origin}/api/v1`,
		log: async (since) => {
			const body = await control(origin, 'GET', since === undefined ? 'log' : `log?since=${since}`);
			return Array.isArray(body) ? body : (body.log ?? body.records ?? []);
		},
		clearLog: () => control(origin, 'DELETE', 'log'),
		reset: () => control(origin, 'POST', 'reset'),
		configure: (partial) => control(origin, 'POST', 'config', partial),
		faults: (list) => control(origin, 'POST', 'faults', list),
		tasks: () => control(origin, 'GET', 'tasks'),
		/** EventBridge: register an HTTP target for task-finished events; every delivery attempt; every event. */
		addEventTarget: (target) => control(origin, 'POST', 'eventbridge/targets', target),
		clearEventTargets: () => control(origin, 'DELETE', 'eventbridge/targets'),
		deliveries: () => control(origin, 'GET', 'eventbridge/deliveries'),
		events: () => control(origin, 'GET', 'eventbridge/events'),
		stop: () => stopChild(child, 3000),
	};
}

/** Counts log records by route (and status for non-2xx answers). */
function routeCounts(records) {
	const counts = {};
	for (const r of records) {
		const key = r.status && r.status >= 300 ? `${r.route} ${r.status}` : r.route;
		counts[key] = (counts[key] ?? 0) + 1;
	}
	return counts;
}

module.exports = { startEmulatorProcess, routeCounts, control, ROOT };
