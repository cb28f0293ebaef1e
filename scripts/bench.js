#!/usr/bin/env node
'use strict';
// `npm run bench`: batches of Edit items through the real n8n engine, waiting and downloading,
// against the emulator in a child process (so the memory figures are n8n's side only).
// Prints a table; it is a measurement, not a test. `--quick` runs the small rows only.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { makePng } = require('../test/fixtures/images');
const { runWorkflow } = require('../test/harness');
const { getEngine } = require('../test/harness/engine');
const { wanWorkflow, NODE } = require('../test/support');
const { overrideTuning } = require('../dist/nodes/AlibabaWan/helpers/tuning');
const { startEmulatorProcess } = require('./e2e/lib/emulator');

const MB = 1024 * 1024;
const quick = process.argv.includes('--quick');

const rows = [
	...[1, 10, 100, 500].flatMap((n) => [3000, 10_000].map((latencyMs) => ({ n, latencyMs }))),
	{ n: 100, latencyMs: 3000, strategy: 'per-task' },
	{ n: 100, latencyMs: 3000, cap: 19 },
	{ n: 500, latencyMs: 10_000, strategy: 'per-task' },
	{ n: 100, latencyMs: 30_000 },
	{ n: 100, latencyMs: 30_000, strategy: 'per-task' },
	{ n: 100, latencyMs: 3000, images: 4, resultBytes: 2 * MB, label: 'memory' },
].filter((row) => !quick || row.n <= 100);

/** n8n 2.x's default: binary data on disk, so downloads stream there instead of into memory. */
async function useFilesystemBinaryMode() {
	const engine = getEngine();
	const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'wan-bench-binary-'));
	const noop = () => {};
	const logger = { debug: noop, info: noop, warn: noop, error: noop, scoped: () => logger };
	const service = new engine.core.BinaryDataService(
		{
			mode: 'filesystem',
			availableModes: ['filesystem'],
			localStoragePath: storage,
			signingSecret: 'bench',
		},
		{ error: noop, warn: noop, info: noop },
		logger,
	);
	await service.init();
	engine.Container.set(engine.core.BinaryDataService, service);
	return storage;
}

function peakPerSecond(times) {
	const sorted = [...times].sort((a, b) => a - b);
	let peak = 0;
	for (let i = 0, j = 0; j < sorted.length; j++) {
		while (sorted[j] - sorted[i] >= 1000) i++;
		peak = Math.max(peak, j - i + 1);
	}
	return peak;
}

const quantile = (values, q) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
};

async function measure(emu, credential, row) {
	await emu.reset();
	await emu.configure({
		latencyMs: row.latencyMs,
		spreadMs: Math.round(row.latencyMs * 0.2),
		pendingMs: 300,
		render: { maxSide: row.resultBytes ? 256 : 64, resultBytes: row.resultBytes ?? null },
	});
	const restoreTuning = overrideTuning({
		watch: { listThreshold: row.strategy === 'per-task' ? Infinity : 5 },
	});
	const items = Array.from({ length: row.n }, (_, i) => ({
		json: { prompt: `restyle product photo ${i}` },
	}));
	const parameters = {
		operation: 'edit',
		prompt: '={{ $json.prompt }}',
		source: 'base64',
		base64: makePng(512, 512, [200, 80, 40]).toString('base64'),
		numberOfImages: row.images ?? 1,
		waitOptions: { maxWaitSeconds: 900 },
	};

	global.gc?.();
	const baseline = process.memoryUsage.rss();
	let peak = baseline;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
	const started = Date.now();
	const run = await runWorkflow({
		...wanWorkflow(parameters),
		credentials: { alibabaWanApi: { ...credential, queriesPerSecond: row.cap ?? 10 } },
		items,
		timeoutMs: 20 * 60_000,
	});
	const wall = Date.now() - started;
	restoreTuning();
	clearInterval(sampler);
	if (run.status === 'error')
		throw new Error(
			`row ${JSON.stringify(row)} failed: ${(run.nodeError(NODE) ?? run.error)?.message}`,
		);
	const outputs = run.items(NODE).length;

	const log = await emu.log();
	const tasks = await emu.tasks();
	const count = (route) => log.filter((record) => record.route === route).length;
	const queriesOf = new Map();
	for (const record of log)
		if (record.route === 'query')
			(queriesOf.get(record.taskId) ?? queriesOf.set(record.taskId, []).get(record.taskId)).push(
				record.time,
			);
	const delays = tasks.map(
		(task) =>
			Math.min(...(queriesOf.get(task.task_id) ?? []).filter((time) => time >= task.endAt)) -
			task.endAt,
	);
	const latencies = tasks.map((task) => task.endAt - task.createdAt);
	const ideal = Math.max(...latencies);
	const sequential = latencies.reduce((sum, latency) => sum + latency, 0);
	return {
		batch: row.n,
		'latency (s)': `${row.latencyMs / 1000} ±20%`,
		mode: row.label ?? (row.strategy === 'per-task' ? 'per-task polls' : 'auto (list ≥ 5)'),
		'cap q/s': row.cap ?? 10,
		'images out': outputs,
		'wall (s)': (wall / 1000).toFixed(1),
		'ideal (s)': (ideal / 1000).toFixed(1),
		'vs sequential': `${(sequential / wall).toFixed(1)}×`,
		'create/task': (count('create') / row.n).toFixed(2),
		'poll/task': ((count('query') + count('list')) / row.n).toFixed(2),
		'list share': `${count('list')}/${count('query') + count('list')}`,
		'download/task': (count('download') / row.n).toFixed(2),
		'peak q/s': peakPerSecond(
			log
				.filter((r) => r.route === 'query' || r.route === 'list' || r.route === 'cancel')
				.map((r) => r.time),
		),
		'429s': log.filter((record) => record.status === 429).length,
		'detect mean/max (s)': `${(delays.reduce((a, b) => a + b, 0) / delays.length / 1000).toFixed(2)}/${(Math.max(...delays) / 1000).toFixed(2)}`,
		'detect p95 (s)': (quantile(delays, 0.95) / 1000).toFixed(2),
		'peak RSS growth (MB)': ((peak - baseline) / MB).toFixed(0),
	};
}

function printTable(results) {
	const columns = Object.keys(results[0]);
	const line = (cells) => `| ${cells.join(' | ')} |`;
	console.log(line(columns));
	console.log(line(columns.map(() => '---')));
	for (const result of results) console.log(line(columns.map((column) => result[column])));
}

async function main() {
	const emu = await startEmulatorProcess({ idleStopMs: 30 * 60_000 });
	const storage = await useFilesystemBinaryMode();
	const credential = {
		apiKey: emu.singaporeKey,
		region: 'custom',
		baseUrl: `${emu.origin}/singapore/api/v1`,
	};
	console.log(
		`node ${process.version}, ${os.cpus().length} cores; emulator in a child process; binary data in filesystem mode`,
	);
	const results = [];
	try {
		for (const row of rows) {
			const result = await measure(emu, credential, row);
			console.error(`  done: ${JSON.stringify(result)}`);
			results.push(result);
		}
	} finally {
		await emu.stop();
		fs.rmSync(storage, { recursive: true, force: true });
	}
	printTable(results);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
