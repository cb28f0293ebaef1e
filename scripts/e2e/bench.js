#!/usr/bin/env node
'use strict';
// npm run bench:e2e — the same N-item Edit batch in the same real n8n 2.41.1 against the same emulator:
//   (a) this package's node (wait + download), (b) n8n's built-in Alibaba Cloud node
//   (@n8n/n8n-nodes-langchain.alibabaCloud, Image → Generate, model wan2.5-i2i-preview).
// The built-in node polls every 15 s, one item after another, so the emulator's latency defaults to
// 5 s ± 20 % (BENCH_LATENCY_MS=20000 for the "real" 20 s: the built-in run then takes about 10 min).
//
//   BENCH_ITEMS (20)  BENCH_LATENCY_MS (5000)  BENCH_SPREAD (0.2)  WAN_E2E_CACHE  WAN_E2E_SKIP_BUILD=1
const fs = require('node:fs');
const path = require('node:path');
const {
	log,
	elapsed,
	run,
	tempDir,
	cleanup,
	installCleanupHooks,
	stopAfter,
} = require('./lib/util');
const { ensureN8n2 } = require('./lib/install');
const n8n = require('./lib/n8n');
const { startEmulatorProcess, routeCounts, ROOT } = require('./lib/emulator');
const wf = require('./lib/workflows');
const img = require('./lib/images');

const ITEMS = Number(process.env.BENCH_ITEMS || 20);
const LATENCY = Number(process.env.BENCH_LATENCY_MS || 5000);
const SPREAD = Number(process.env.BENCH_SPREAD ?? 0.2);
const BUILTIN_CRED = { id: 'alibabaCloudBench1', name: 'Alibaba Cloud (emulator)' };

async function pack() {
	if (!process.env.WAN_E2E_SKIP_BUILD)
		await run('npm', ['run', 'build', '--silent'], { cwd: ROOT, quiet: true });
	const dir = tempDir('wan-bench-pack-');
	const { stdout } = await run('npm', ['pack', '--pack-destination', dir, '--silent'], {
		cwd: ROOT,
		quiet: true,
	});
	return path.join(dir, stdout.trim().split('\n').pop().trim());
}

async function measure(inst, emu, id, nodeName) {
	await emu.clearLog();
	const t = Date.now();
	const r = await n8n.execute(inst, id);
	const wall = Date.now() - t;
	const records = await emu.log();
	const items = n8n.nodeItems(r.data, nodeName) ?? [];
	const nodeRun = r.data?.resultData?.runData?.[nodeName]?.[0];
	return {
		ok: r.code === 0 && !r.data?.resultData?.error,
		error: r.data?.resultData?.error?.message ?? (r.code !== 0 ? n8n.tail(r, 10) : null),
		wall,
		nodeMs: nodeRun?.executionTime ?? null,
		counts: routeCounts(records),
		requests: records.length,
		authValid: records.filter((x) => x.auth === 'valid').length,
		images: items.filter((it) => it.binary?.data).length,
		validPngs: items.filter((it) => {
			try {
				img.decodePng(Buffer.from(it.binary.data.data, 'base64'));
				return true;
			} catch {
				return false;
			}
		}).length,
	};
}

function table(rows) {
	const routes = [...new Set(rows.flatMap(([, m]) => Object.keys(m.counts)))].sort();
	const lines = [
		['', ...rows.map(([name]) => name)],
		[
			'result',
			...rows.map(([, m]) =>
				m.ok ? 'success' : `FAILED: ${String(m.error).split('\n')[0].slice(0, 60)}`,
			),
		],
		[
			'wall time (n8n execute, incl. ~3 s n8n start-up)',
			...rows.map(([, m]) => `${(m.wall / 1000).toFixed(1)} s`),
		],
		[
			'node execution time (run data)',
			...rows.map(([, m]) => (m.nodeMs === null ? '-' : `${(m.nodeMs / 1000).toFixed(1)} s`)),
		],
		['requests to the service (total)', ...rows.map(([, m]) => String(m.requests))],
		...routes.map((route) => [`  ${route}`, ...rows.map(([, m]) => String(m.counts[route] ?? 0))]),
		[
			'images delivered (binary, valid PNG)',
			...rows.map(([, m]) => `${m.images} (${m.validPngs})`),
		],
	];
	const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => String(l[c]).length)));
	return lines.map((l) => l.map((v, c) => String(v).padEnd(widths[c])).join('  |  ')).join('\n');
}

async function main() {
	installCleanupHooks();
	stopAfter(40, 'bench');
	const [host, tarball] = await Promise.all([ensureN8n2(), pack()]);
	const emu = await startEmulatorProcess({ latencyMs: LATENCY, idleStopMs: 45 * 60_000 });
	await emu.configure({ spreadMs: Math.round(LATENCY * SPREAD), seed: 42 });
	log(
		`emulator ${emu.origin}: latency ${LATENCY} ms ± ${Math.round(SPREAD * 100)} %, ${ITEMS} items`,
	);

	const inst = await n8n.createInstance(host, { tarball, label: 'bench' });
	await n8n.importCredentials(inst, [
		wf.emulatorCredential(emu),
		// The built-in credential's hidden `url` (computed from the region by default) set to the emulator's origin.
		{
			id: BUILTIN_CRED.id,
			name: BUILTIN_CRED.name,
			type: 'alibabaCloudApi',
			data: { apiKey: emu.singaporeKey, region: 'ap-southeast-1', url: emu.origin },
		},
	]);
	const inDir = path.join(inst.files, 'bench-in');
	fs.mkdirSync(inDir);
	for (let i = 0; i < ITEMS; i++)
		fs.writeFileSync(
			path.join(inDir, `in-${String(i).padStart(2, '0')}.png`),
			img.splitPng(512, 512, img.RED, img.BLUE),
		);
	const inputGlob = `${inDir}/*.png`;
	for (const workflow of [
		wf.benchOurs({ inputGlob }),
		wf.benchBuiltIn({ inputGlob, credential: BUILTIN_CRED }),
	]) {
		const r = await n8n.importWorkflow(inst, workflow);
		if (r.code !== 0) throw new Error(`import ${workflow.id} failed\n${n8n.tail(r)}`);
	}

	log('(a) n8n-nodes-alibaba-wan ...');
	const ours = await measure(inst, emu, 'wanBenchOurs', 'Alibaba Wan Edit');
	log(`(a) done in ${(ours.wall / 1000).toFixed(1)} s`);
	log(
		`(b) built-in Alibaba Cloud node (about ${Math.ceil(ITEMS * Math.max(15, Math.ceil((LATENCY * (1 + SPREAD)) / 15000) * 15))} s expected: 15 s polls, one item after another) ...`,
	);
	const t = Date.now();
	const builtIn = await measure(inst, emu, 'wanBenchBuiltIn', 'Built-in Alibaba Cloud');
	log(`(b) done in ${elapsed(t)}`);

	console.log(
		`\n${ITEMS}-item Edit batch, n8n 2.41.1, emulator latency ${LATENCY / 1000} s ± ${Math.round(SPREAD * 100)} %\n`,
	);
	console.log(
		table([
			['(a) n8n-nodes-alibaba-wan', ours],
			['(b) built-in alibabaCloud', builtIn],
		]),
	);
	const pointed =
		builtIn.counts.create > 0 &&
		builtIn.authValid === builtIn.requests - (builtIn.counts.download ?? 0);
	console.log(
		`\nbuilt-in node pointed at the emulator through its credential's url: ${pointed ? 'yes' : 'NO'} (${builtIn.counts.create ?? 0} creates received, ${builtIn.authValid} authenticated requests)`,
	);
	await emu.stop();
	await cleanup();
	process.exitCode = ours.ok && builtIn.ok ? 0 : 1;
}

main().catch(async (error) => {
	console.error(error.stack || error.message);
	await cleanup();
	process.exit(1);
});
