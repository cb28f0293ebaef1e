#!/usr/bin/env node
'use strict';
// npm run bench:concurrency — C webhook calls arriving at once in a real n8n 2.41.1 (`n8n start`, the
// packed package installed as users get it): Webhook → Alibaba Wan Edit (wait, download) → Respond with
// the image, against the emulator enforcing DashScope's 20 task queries per sliding second per account.
// One row per run, with the targets next to it. Exit 1 only on a crash: a missed target is a
// measurement, not a failure.
//
//   BENCH_RUNS ("30@5,60@20")  runs as C@latency-seconds   BENCH_BUDGET (10)  task queries/s of the
//   credential, for the p95 target   WAN_E2E_CACHE  WAN_E2E_SKIP_BUILD=1  WAN_E2E_KEEP=1
const { log, cleanup, installCleanupHooks, stopAfter, sleep } = require('./lib/util');
const { ensureN8n2 } = require('./lib/install');
const n8n = require('./lib/n8n');
const { startEmulatorProcess } = require('./lib/emulator');
const { pack, prepareInstance, serveWebhookEdit } = require('./lib/setup');
const load = require('./lib/load');

const RUNS = (process.env.BENCH_RUNS || '30@5,60@20').split(',').map((pair) => {
	const [c, s] = pair.trim().split('@').map(Number);
	if (!(c > 0) || !(s >= 0)) throw new Error(`BENCH_RUNS: "${pair}" is not C@latency-seconds`);
	return { count: c, latencyMs: s * 1000 };
});
const BUDGET = Number(process.env.BENCH_BUDGET || 10); // the credential's default Task Queries per Second
const QUERY_RATE_LIMIT = 20; // DashScope's documented limit, the emulator's default, set explicitly anyway

const sec = (ms) => (ms === null ? '-' : (ms / 1000).toFixed(1));

/** The targets for one run; bounds printed so a reader can judge the margin. */
function targets({ count, latencyMs }, ok, m, p95) {
	// "total task GETs <= C + list sweeps + 10 %": read as (C + lists) × 1.1 bounding the per-task GETs.
	const getsBound = Math.floor((count + m.lists) * 1.1);
	const p95Bound = latencyMs + (count / BUDGET) * 1000 + 2000;
	return [
		[`every caller its image`, ok === count],
		['0 HTTP 429', m.http429 === 0],
		[`task GETs ${m.taskGets} <= ${getsBound}`, m.taskGets <= getsBound],
		[`p95 ${sec(p95)} s <= ${sec(p95Bound)} s`, p95 !== null && p95 <= p95Bound],
	];
}

async function measure(url, emu, server, spec) {
	const sampler = load.rssSampler(server);
	log(`run C=${spec.count}, latency ${spec.latencyMs / 1000} s ...`);
	const t = Date.now();
	const { startedAt, results, problems, records, metrics } = await load.burstRun({
		url,
		emu,
		...spec,
		timeoutMs: spec.latencyMs + 10 * 60_000,
	});
	const peakMb = sampler.stop();
	const ms = results.map((r) => r.ms);
	// When the creates arrived (from the burst's start): n8n's intake and the create pacing, before any wait.
	const createsAt = records.filter((r) => r.route === 'create').map((r) => r.time - startedAt);
	const row = {
		...spec,
		ok: spec.count - problems.length,
		p50: load.percentile(ms, 50),
		p95: load.percentile(ms, 95),
		metrics,
		peakMb,
		wall: Date.now() - t,
		createsAt: createsAt.length
			? `${sec(Math.min(...createsAt))}–${sec(Math.max(...createsAt))}`
			: '-',
	};
	log(`run C=${spec.count} done in ${sec(row.wall)} s; ${JSON.stringify(metrics)}`);
	for (const p of problems.slice(0, 5))
		log(`  caller ${p.i}: ${p.problem.split('\n')[0].slice(0, 200)}`);
	if (problems.length > 5) log(`  ... ${problems.length - 5} more callers without their image`);
	return row;
}

function table(rows) {
	const head = [
		'C',
		'latency s',
		'callers OK',
		'creates at s',
		'p50 s',
		'p95 s',
		'max queries/1 s',
		'429',
		'creates',
		'task GETs',
		'lists',
		'peak RSS MB',
		'targets',
	];
	const lines = rows.map((r) => {
		const checks = targets(r, r.ok, r.metrics, r.p95);
		const verdict = checks.map(([what, met]) => `${met ? 'met' : 'MISSED'}: ${what}`).join('; ');
		return [
			r.count,
			r.latencyMs / 1000,
			`${r.ok}/${r.count}`,
			r.createsAt,
			sec(r.p50),
			sec(r.p95),
			r.metrics.maxQueriesPerSecond,
			r.metrics.http429,
			r.metrics.creates,
			r.metrics.taskGets,
			r.metrics.lists,
			r.peakMb.toFixed(0),
			verdict,
		].map(String);
	});
	return load.textTable(head, lines);
}

async function main() {
	installCleanupHooks();
	stopAfter(40, 'bench');
	const [host, tarball] = await Promise.all([ensureN8n2(), pack()]);
	const emu = await startEmulatorProcess({ latencyMs: RUNS[0].latencyMs, idleStopMs: 45 * 60_000 });
	await emu.configure({ queryRateLimit: QUERY_RATE_LIMIT });
	const inst = await prepareInstance(host, tarball, emu, 'bench-concurrency');
	const url = await serveWebhookEdit(inst, {
		id: 'wanBenchConcurrency',
		path: 'wan-bench-concurrency',
	});
	const idleMb = load.rssSampler(inst.server).stop();
	log(
		`n8n ${host.version} pid ${load.innerPid(inst.server)} (under timeout ${inst.server.pid}), idle RSS ${idleMb.toFixed(0)} MB; emulator ${emu.origin}, ${QUERY_RATE_LIMIT} task queries/s per account`,
	);

	const rows = [];
	for (const spec of RUNS) {
		rows.push(await measure(url, emu, inst.server, spec));
		// A dead n8n is a crash of the benchmark, not a measurement.
		if (inst.server.exitCode !== null)
			throw new Error(
				`n8n exited (${inst.server.exitCode}) during C=${spec.count}\n${inst.server.output.slice(-30).join('\n')}`,
			);
		await sleep(2000); // the previous run's window and late requests out of the way
	}
	console.log(
		`\nConcurrent webhook calls, n8n ${host.version} (n8n start), emulator limit ${QUERY_RATE_LIMIT} task queries per sliding second;`,
	);
	console.log(
		`targets: every caller its image, 0 HTTP 429, task GETs <= (C + lists) × 1.1, p95 <= latency + C / ${BUDGET} + 2 s\n`,
	);
	console.log(table(rows));
	await n8n.stopServer(inst);
	await emu.stop();
	await cleanup();
}

main().catch(async (error) => {
	console.error(error.stack || error.message);
	await cleanup();
	process.exit(1);
});
