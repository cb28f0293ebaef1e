'use strict';
// Concurrent webhook load on a real n8n and what the emulator's request log says about it. Shared by
// bench-concurrency.js, the `concurrency` scenario of run.js and the queue-mode e2e (queue.js).
const fs = require('node:fs');
const { Agent, request } = require('undici');
const img = require('./images');
const { sleep } = require('./util');

/**
 * Fires `count` POSTs at `url` at once; resolves [{ i, status, ms, contentType, bytes, error }] in call
 * order. Bodies are built before the first request leaves, so building them does not stagger the burst.
 */
async function webhookBurst({ url, count, body, headers = {}, timeoutMs = 300_000 }) {
	const bodies = Array.from({ length: count }, (_, i) => body(i));
	// Its own agent, one socket per caller (no queueing behind a busy keep-alive socket), closed after.
	const dispatcher = new Agent({
		connections: count,
		headersTimeout: timeoutMs,
		bodyTimeout: timeoutMs,
		connectTimeout: 30_000,
	});
	try {
		return await Promise.all(
			bodies.map(async (payload, i) => {
				const t = Date.now();
				try {
					const res = await request(url, { method: 'POST', headers, body: payload, dispatcher });
					const bytes = Buffer.from(await res.body.arrayBuffer());
					return {
						i,
						status: res.statusCode,
						ms: Date.now() - t,
						contentType: String(res.headers['content-type'] ?? ''),
						bytes,
						error: null,
					};
				} catch (error) {
					return {
						i,
						status: 0,
						ms: Date.now() - t,
						contentType: '',
						bytes: Buffer.alloc(0),
						error: `${error.code ?? error.name}: ${error.message}`,
					};
				}
			}),
		);
	} finally {
		await dispatcher.close().catch(() => {});
	}
}

// The routes test/emulator/service.js passes through limitQuery(): query, list and cancel share ONE
// sliding 1 s window per account (queryRateLimit, 20); creates have their own (createRateLimit, off by
// default) and downloads none.
const RATE_LIMITED = new Set(['query', 'list', 'cancel']);

/**
 * Sums over emulator log records. maxQueriesPerSecond counts every limited request SENT in any 1000 ms
 * window, refused ones included: it measures the client's pace (the emulator itself counts only the
 * ones it accepted, so the figure exceeds 20 exactly when 429s were answered).
 */
function serviceMetrics(records) {
	const count = (route) => records.filter((r) => r.route === route).length;
	const times = records
		.filter((r) => RATE_LIMITED.has(r.route))
		.map((r) => r.time)
		.sort((a, b) => a - b);
	let maxQueriesPerSecond = 0;
	for (let lo = 0, hi = 0; hi < times.length; hi++) {
		while (times[hi] - times[lo] >= 1000) lo++;
		maxQueriesPerSecond = Math.max(maxQueriesPerSecond, hi - lo + 1);
	}
	return {
		creates: count('create'),
		taskGets: count('query'),
		lists: count('list'),
		cancels: count('cancel'),
		http429: records.filter((r) => r.status === 429).length,
		maxQueriesPerSecond,
	};
}

/** Nearest-rank percentile (p in 0..100); null for no values. */
function percentile(values, p) {
	if (!values.length) return null;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** PNG signature and IHDR (first chunk, 13 bytes, non-zero size); no decoding. */
function checkPng(bytes) {
	const ok =
		Buffer.isBuffer(bytes) &&
		bytes.length >= 33 &&
		bytes.subarray(0, 8).equals(img.SIGNATURE) &&
		bytes.readUInt32BE(8) === 13 &&
		bytes.toString('latin1', 12, 16) === 'IHDR';
	const width = ok ? bytes.readUInt32BE(16) : 0;
	const height = ok ? bytes.readUInt32BE(20) : 0;
	return { ok: ok && width > 0 && height > 0, width, height };
}

/** Caller i's colour: distinct for i < 512, channels 25 apart (far beyond the ±2 of the pixel check). */
const callerColour = (i) => [
	40 + (i % 8) * 25,
	40 + (Math.floor(i / 8) % 8) * 25,
	40 + (Math.floor(i / 64) % 8) * 25,
];

/** Caller i's upload: a 400×400 PNG of its own colour (the service wants sides of 384 px or more). */
const callerPng = (i) => img.splitPng(400, 400, callerColour(i));

/** Why caller i's answer is not the edit of its own upload (the inverted colour), or null when it is. */
function callerProblem(result, colour = callerColour(result.i)) {
	if (result.error) return result.error;
	const text = () => result.bytes.toString('utf8', 0, 160).replace(/\s+/g, ' ');
	if (result.status !== 200) return `HTTP ${result.status} ${text()}`;
	if (!result.contentType.startsWith('image/png'))
		return `content-type ${result.contentType}: ${text()}`;
	if (!checkPng(result.bytes).ok) return `not a PNG (${result.bytes.length} bytes)`;
	try {
		img.assertRendered(result.bytes, [[0.5, colour]], `caller ${result.i}`);
	} catch (error) {
		return error.message;
	}
	return null;
}

/**
 * One burst of `count` callers (caller i posts callerPng(i)) at a webhook, the emulator's latency set
 * and its log cleared first; resolves { startedAt, results, problems: [{ i, problem }], records, metrics }.
 */
async function burstRun({ url, emu, count, latencyMs, timeoutMs }) {
	await emu.configure({ latencyMs });
	await emu.clearLog();
	const startedAt = Date.now();
	const results = await webhookBurst({
		url,
		count,
		body: callerPng,
		headers: { 'content-type': 'image/png' },
		timeoutMs,
	});
	await sleep(500); // requests the node sends after answering (none expected) land in the log too
	const records = await emu.log();
	const problems = results
		.map((r) => ({ i: r.i, problem: callerProblem(r) }))
		.filter((p) => p.problem);
	return { startedAt, results, problems, records, metrics: serviceMetrics(records) };
}

/** The PID of the process `child` runs: util.start wraps bounded commands in `timeout`, its child is it. */
function innerPid(child) {
	if (!child.bounded) return child.pid;
	const file = `/proc/${child.pid}/task/${child.pid}/children`;
	const kids = fs.existsSync(file)
		? fs.readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
		: [];
	if (kids.length) return kids[0];
	// Kernels without the children file: scan /proc for the process whose parent is `timeout`.
	for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === child.pid)
				return Number(entry);
		} catch {
			/* gone */
		}
	}
	throw new Error(`no child process of ${child.pid} (${child.label})`);
}

/** Samples VmRSS of `child`'s process (inner PID, see innerPid) every `everyMs`; stop() → peak in MB. */
function rssSampler(child, everyMs = 250) {
	const pid = innerPid(child);
	let peakKb = 0;
	const sample = () => {
		try {
			const kb = Number(
				/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0,
			);
			peakKb = Math.max(peakKb, kb);
		} catch {
			/* exited */
		}
	};
	sample();
	const timer = setInterval(sample, everyMs);
	return {
		pid,
		stop: () => {
			clearInterval(timer);
			sample();
			return peakKb / 1024;
		},
	};
}

/** Rows of strings as a text table: columns right-aligned, the last (the targets' verdict) left as it is. */
function textTable(head, lines) {
	const widths = head
		.slice(0, -1)
		.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c].length)));
	const format = (l) =>
		l.map((v, c) => (c < widths.length ? v.padStart(widths[c]) : v)).join(' | ');
	return [
		format(head),
		format(widths.map((w) => '-'.repeat(w)).concat('-------')),
		...lines.map(format),
	].join('\n');
}

module.exports = {
	textTable,
	webhookBurst,
	serviceMetrics,
	percentile,
	checkPng,
	callerColour,
	callerPng,
	callerProblem,
	burstRun,
	innerPid,
	rssSampler,
	RATE_LIMITED,
};
