#!/usr/bin/env node
'use strict';
// npm run bench:nightly — the "nightly batch" in a real n8n 2.41.1 with the packed package, against the
// emulator enforcing DashScope's 20 task queries per sliding second per account (credential defaults:
// 10 task queries/s, 10 creates/s). Rows:
//   aN  one headless execution (`n8n execute --id`): Manual → Read N PNGs → Edit (wait, download).
//   bN  `n8n start`: a webhook execution submits N tasks (Wait for Completion off); a published
//       workflow Alibaba Wan Trigger → Write File saves each result image; measured until each is on disk.
//   eN  as bN with Alibaba Wan Event Trigger → Write File, the emulator's EventBridge delivering each
//       task-finished event to its production URL; also per task: end -> first image on disk (target
//       p50 <= 2 s; the b rows show the same figure for comparison).
// Wall time runs from the first create in the emulator's log to the last image delivered; the floor is
// what the credential's budgets allow. A missed target is printed, not an error (exit 1 only on a crash).
//
//   BENCH_ROWS ("a100,a500,a2000,b2000,e100@30~20")  rows as <a|b|e><N>[@<latency s>[~<spread %>]]; default
//     latency 3 s for N <= 100, else 30 s ± 20 %   BENCH_POLL_SECONDS (60: n8n's "Every Minute", the
//     shortest its editor offers)  the trigger's poll interval (custom crons at fixed seconds, a divisor
//     of 60)   WAN_E2E_CACHE  WAN_E2E_SKIP_BUILD=1  WAN_E2E_KEEP=1
//     WAN_E2E_TIMEOUT_MIN (90)
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { request } = require('undici');
const {
	log,
	elapsed,
	children,
	cleanup,
	installCleanupHooks,
	stopAfter,
	sleep,
} = require('./lib/util');
const { ensureN8n2 } = require('./lib/install');
const n8n = require('./lib/n8n');
const { startEmulatorProcess } = require('./lib/emulator');
const { pack, prepareInstance, waitForWebhook } = require('./lib/setup');
const load = require('./lib/load');
const img = require('./lib/images');
const { CREDENTIAL, WAN_TYPE } = require('./lib/workflows');
const { eventSaveWorkflow, addTarget, EVENTS_PATH } = require('./lib/events');

const CREATE_BUDGET = 10; // the credential's default Task Creations per Second
const QUERY_BUDGET = 10; // the credential's default Task Queries per Second
const QUERY_RATE_LIMIT = 20; // DashScope's documented limit per account, the emulator's default
const RENDER_MAX_SIDE = 64; // small results: the benchmark measures pacing, not bytes
const INPUT_SIDE = 384; // the smallest side wan2.5-i2i-preview (the version-1 node's model) accepts
const POLL_SECONDS = Number(process.env.BENCH_POLL_SECONDS || 60);
const TIMEOUT_MIN = Number(process.env.WAN_E2E_TIMEOUT_MIN || 90);
const EDIT_NODE = 'Alibaba Wan Edit';

if (!(POLL_SECONDS >= 1 && 60 % POLL_SECONDS === 0 && Number.isInteger(POLL_SECONDS)))
	throw new Error(`BENCH_POLL_SECONDS: ${POLL_SECONDS} is not a whole divisor of 60`);

const ROWS = (process.env.BENCH_ROWS || 'a100,a500,a2000,b2000,e100@30~20')
	.split(',')
	.map((token) => {
		const m = /^([abe])(\d+)(?:@(\d+(?:\.\d+)?)(?:~(\d+(?:\.\d+)?))?)?$/.exec(token.trim());
		if (!m) throw new Error(`BENCH_ROWS: "${token}" is not <a|b|e><N>[@<latency s>[~<spread %>]]`);
		const count = Number(m[2]);
		const latencyMs = m[3] !== undefined ? Number(m[3]) * 1000 : count <= 100 ? 3000 : 30_000;
		const spread =
			m[4] !== undefined ? Number(m[4]) / 100 : m[3] === undefined && count > 100 ? 0.2 : 0;
		return { name: `${m[1]}${count}`, kind: m[1], count, latencyMs, spread };
	});

const sec = (ms) => (ms === null || ms === undefined ? '-' : (ms / 1000).toFixed(1));

/** Item i's input: a 384×384 PNG of its own colour (distinct for i < 2048), encoded once. */
const pngCache = new Map();
function inputPng(i) {
	if (!pngCache.has(i)) {
		const colour = [i & 255, (((i >> 8) & 7) * 31 + 20) & 255, 255 - (i & 255)];
		pngCache.set(i, img.splitPng(INPUT_SIDE, INPUT_SIDE, colour));
	}
	return pngCache.get(i);
}

function writeInputs(dir, count) {
	fs.mkdirSync(dir, { recursive: true });
	for (let i = 0; i < count; i++)
		fs.writeFileSync(path.join(dir, `in-${String(i).padStart(5, '0')}.png`), inputPng(i));
}

let nodeSeq = 0;
const node = (name, type, typeVersion, parameters, extra = {}) => ({
	id: `0d9e2e00-0000-4000-8300-${String(++nodeSeq).padStart(12, '0')}`,
	name,
	type,
	typeVersion,
	position: [nodeSeq * 220, 0],
	parameters,
	...extra,
});
const credentials = { alibabaWanApi: CREDENTIAL };

function chainWorkflow(id, name, nodes) {
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++)
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

const readFolder = (inDir) =>
	node('Read Inputs', 'n8n-nodes-base.readWriteFile', 1, {
		fileSelector: `${inDir}/*.png`,
		options: { dataPropertyName: 'data' },
	});

const editNode = (wait) =>
	node(
		EDIT_NODE,
		WAN_TYPE,
		1,
		{
			operation: 'edit',
			prompt: 'Invert the colours',
			source: 'binary',
			binaryField: 'data',
			numberOfImages: 1,
			waitForCompletion: wait,
			...(wait && {
				downloadImages: true,
				outputMode: 'perImage',
				// A slow batch is measured to its end rather than cut by the 10-minute default.
				waitOptions: { maxWaitSeconds: 3600 },
			}),
			options: { promptExtend: false },
		},
		{ credentials },
	);

/** (a): Manual → Read N PNGs → Edit with wait and download; the Edit node's output is the result. */
const batchWorkflow = (id, inDir) =>
	chainWorkflow(id, `Nightly batch ${id}`, [
		node('Start', 'n8n-nodes-base.manualTrigger', 1, {}),
		readFolder(inDir),
		editNode(true),
	]);

/** (b) submit: Webhook → Read N PNGs → Edit without waiting; answers once every task is created. */
const submitWorkflow = (inDir) =>
	chainWorkflow('wanNightlySubmit', 'Nightly submit', [
		node(
			'Submit Webhook',
			'n8n-nodes-base.webhook',
			2,
			{
				httpMethod: 'POST',
				path: 'wan-nightly-submit',
				responseMode: 'lastNode',
				responseData: 'noData',
				options: {},
			},
			{ webhookId: '7c0b6f2a-3d4e-4f5a-8b6c-9d0e1f2a3b4c' },
		),
		readFolder(inDir),
		editNode(false),
	]);

/**
 * (b) save: Alibaba Wan Trigger → Write File. n8n 2.41.1 rejects sub-minute crons (a wildcard or step
 * in the seconds field) but takes several crons at fixed seconds: one per POLL_SECONDS polls that often.
 * The execution id in the file name makes an image fired twice leave two files.
 */
function saveWorkflow(outDir, createdAfter) {
	const item = [];
	for (let s = 0; s < 60; s += POLL_SECONDS)
		item.push({ mode: 'custom', cronExpression: `${s} * * * * *` });
	return chainWorkflow('wanNightlySave', 'Nightly trigger saves results', [
		node(
			'Alibaba Wan Trigger',
			'n8n-nodes-alibaba-wan.alibabaWanTrigger',
			1,
			{
				pollTimes: { item },
				event: 'taskFinished',
				downloadImages: true,
				outputMode: 'perImage',
				options: { createdAfter },
			},
			{ credentials },
		),
		node('Save Image', 'n8n-nodes-base.readWriteFile', 1, {
			operation: 'write',
			fileName: `=${outDir}/{{ $json.taskId }}-{{ $json.image.index }}-{{ $execution.id }}.png`,
			dataPropertyName: 'data',
			options: {},
		}),
	]);
}

async function importOk(inst, workflow) {
	const r = await n8n.importWorkflow(inst, workflow);
	if (r.code !== 0 || !/Successfully imported/i.test(r.stdout + r.stderr))
		throw new Error(`import of ${workflow.id} failed (exit ${r.code})\n${n8n.tail(r)}`);
}

/** util.start wraps n8n in `timeout`: its child (the n8n process) appears a moment after the spawn. */
async function samplerOf(child) {
	for (let i = 0; i < 100; i++) {
		try {
			return load.rssSampler(child);
		} catch (error) {
			if (child.exitCode !== null) throw error;
			await sleep(50);
		}
	}
	return load.rssSampler(child);
}

/**
 * `n8n execute --id --rawOutput` as a tracked child under `timeout` (so its RSS can be sampled and it
 * is stopped with the rest). Its output goes to a file: n8n exits before a pipe has taken the run data
 * of a big batch (megabytes, cut short at about 2.5 MB), while a file takes it whole.
 */
async function executeSampled(inst, id) {
	const file = path.join(inst.root, `execute-${id}.out`);
	const fd = fs.openSync(file, 'w');
	const child = spawn(
		'/usr/bin/timeout',
		[
			'-k',
			'10',
			String(60 * 60),
			inst.host.node,
			inst.host.n8nBin,
			'execute',
			`--id=${id}`,
			'--rawOutput',
		],
		{ env: inst.env, detached: true, stdio: ['ignore', fd, fd] },
	);
	fs.closeSync(fd);
	Object.assign(child, { bounded: true, label: `n8n-execute-${id}`, output: [] });
	children.add(child);
	child.exited = new Promise((resolve) =>
		child.on('close', (code, signal) => {
			children.delete(child);
			resolve({ code, signal });
		}),
	);
	const sampler = await samplerOf(child);
	const { code } = await child.exited;
	const peakMb = sampler.stop();
	const stdout = fs.readFileSync(file, 'utf8');
	const data = n8n.parseRunData(stdout);
	if (!data) log(`${id}: no run data in the output (${stdout.length} chars): ${file}`);
	return { code, peakMb, stdout, data };
}

/** The busiest 1 s of task queries (as load.serviceMetrics counts them): when, and by route. */
function busiestSecond(records, origin) {
	const limited = records
		.filter((r) => load.RATE_LIMITED.has(r.route))
		.sort((a, b) => a.time - b.time);
	let best = { count: 0, lo: 0 };
	for (let lo = 0, hi = 0; hi < limited.length; hi++) {
		while (limited[hi].time - limited[lo].time >= 1000) lo++;
		if (hi - lo + 1 > best.count) best = { count: hi - lo + 1, lo };
	}
	if (!best.count) return '';
	const routes = {};
	for (const r of limited.slice(best.lo, best.lo + best.count))
		routes[r.route] = (routes[r.route] ?? 0) + 1;
	const mix = Object.entries(routes)
		.map(([route, n]) => `${n} ${route}`)
		.join(' + ');
	return `busiest 1 s at +${sec(limited[best.lo].time - origin)} s: ${mix}`;
}

/** Floor, counts and timings every row shares, from the emulator's log and task table. */
function serviceFigures(records, tasks, spec, pollMs = 0) {
	const creates = records.filter((r) => r.route === 'create');
	const firstCreate = creates.length ? Math.min(...creates.map((r) => r.time)) : null;
	const ends = tasks.map((t) => t.endAt).filter(Number.isFinite);
	const firstFinish = ends.length ? Math.min(...ends) : null;
	const downloads = records.filter((r) => r.route === 'download').map((r) => r.time);
	const floorAt =
		firstCreate === null || firstFinish === null
			? null
			: Math.max(
					firstCreate + (spec.count / CREATE_BUDGET) * 1000 + spec.latencyMs,
					firstFinish + (spec.count / QUERY_BUDGET) * 1000,
				) + pollMs;
	return {
		metrics: load.serviceMetrics(records),
		downloads: downloads.length,
		lastDownload: downloads.length ? Math.max(...downloads) : null,
		firstCreate,
		firstFinish,
		floor: floorAt === null ? null : floorAt - firstCreate,
		taskIds: new Set(tasks.map((t) => t.task_id)),
		busiest: busiestSecond(records, firstCreate ?? 0),
	};
}

async function prepareRow(emu, spec) {
	await emu.reset(); // tasks, log and rate windows of the previous row out of the way
	await emu.configure({
		latencyMs: spec.latencyMs,
		spreadMs: Math.round(spec.latencyMs * spec.spread),
	});
}

async function runBatchRow(inst, emu, spec) {
	const id = `wanNightlyA${spec.count}`;
	const inDir = path.join(inst.files, `in-${spec.name}`);
	writeInputs(inDir, spec.count);
	await importOk(inst, batchWorkflow(id, inDir));
	await prepareRow(emu, spec);
	log(`${spec.name}: n8n execute, ${spec.count} items, latency ${describeLatency(spec)} ...`);
	const r = await executeSampled(inst, id);
	await sleep(500); // late requests land in the log
	const [records, tasks] = await Promise.all([emu.log(), emu.tasks()]);
	const figures = serviceFigures(records, tasks, spec);
	const runError =
		r.data?.resultData?.error?.message ??
		(r.code !== 0 || !r.data
			? `exit ${r.code}: ${n8n.tail({ stdout: r.stdout, stderr: '' }, 8)}`
			: null);
	const edit = r.data?.resultData?.runData?.[EDIT_NODE]?.[0];
	const items = edit?.data?.main?.[0] ?? [];
	// Delivered: an output item with a PNG binary of a task this row created, each task once.
	const seen = new Set();
	let duplicates = 0;
	for (const item of items) {
		const taskId = item.json?.taskId;
		const bytes = item.binary?.data?.data ? Buffer.from(item.binary.data.data, 'base64') : null;
		if (!bytes || !load.checkPng(bytes).ok || !figures.taskIds.has(taskId)) continue;
		if (seen.has(taskId)) duplicates++;
		seen.add(taskId);
	}
	// The node's end is when the images reach the next node: after the last download and the items.
	const nodeEnd = edit ? edit.startTime + edit.executionTime : null;
	return {
		...figures,
		spec,
		error: runError,
		delivered: seen.size,
		duplicates,
		wall: nodeEnd !== null && figures.firstCreate !== null ? nodeEnd - figures.firstCreate : null,
		note:
			nodeEnd !== null && figures.lastDownload !== null
				? `node end ${sec(nodeEnd - figures.lastDownload)} s after the last download`
				: '',
		peakMb: r.peakMb,
	};
}

/** Files of outDir by image (taskId-index): the first write time of each, and the number of copies. */
function scanFiles(outDir, state) {
	for (const file of fs.readdirSync(outDir)) {
		if (state.files.has(file)) continue;
		const m = /^(.+)-(\d+)-(\d+)\.png$/.exec(file);
		if (!m) continue;
		let mtime;
		try {
			mtime = fs.statSync(path.join(outDir, file)).mtimeMs;
		} catch {
			continue;
		}
		state.files.set(file, mtime);
		const key = `${m[1]}-${m[2]}`;
		const first = state.images.get(key);
		state.images.set(key, first === undefined ? mtime : Math.min(first, mtime));
	}
}

/** Per task, its end (the emulator's endAt) to the first file of its first image: median and p95 in ms. */
function endToFile(tasks, images) {
	const ms = tasks
		.map((task) => images.get(`${task.task_id}-0`) - task.endAt)
		.filter(Number.isFinite)
		.sort((a, b) => a - b);
	return ms.length ? { p50: load.percentile(ms, 50), p95: load.percentile(ms, 95) } : null;
}

/** (b) the polling trigger or (e) the event trigger (EventBridge deliveries from the emulator) saves what a webhook submits. */
async function runTriggerRow(host, tarball, emu, spec) {
	const events = spec.kind === 'e';
	const inst = await prepareInstance(host, tarball, emu, `nightly-${spec.name}`);
	const inDir = path.join(inst.files, 'in');
	const outDir = path.join(inst.files, 'out');
	writeInputs(inDir, spec.count);
	fs.mkdirSync(outDir, { recursive: true });
	await prepareRow(emu, spec);
	const save = events
		? eventSaveWorkflow(outDir)
		: saveWorkflow(outDir, new Date(Date.now() - 5000).toISOString());
	await importOk(inst, submitWorkflow(inDir));
	await importOk(inst, save);
	await n8n.activate(inst, 'wanNightlySubmit');
	await n8n.activate(inst, save.id);
	try {
		await n8n.startServer(inst);
		await waitForWebhook(inst, 'wan-nightly-submit');
		if (events) {
			await waitForWebhook(inst, EVENTS_PATH);
			// EventBridge's BACKOFF_RETRY (its CreateRule reference): 3 retries, 10 to 20 s apart.
			await addTarget(emu, inst, { duplicates: 0, retries: 3, retryDelayMs: [10_000, 20_000] });
		}
		const sampler = load.rssSampler(inst.server);
		await emu.clearLog(); // the trigger's activation poll, before any task, is not the row's
		log(
			`${spec.name}: submitting ${spec.count} tasks, latency ${describeLatency(spec)}, ${events ? 'event trigger' : `trigger every ${POLL_SECONDS} s`} ...`,
		);
		const t = Date.now();
		const submitted = request(`${inst.origin}/webhook/wan-nightly-submit`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
			headersTimeout: 0,
			bodyTimeout: 0,
		}).then(
			async (res) => ({ status: res.statusCode, text: (await res.body.text()).slice(0, 300) }),
			(error) => ({ status: 0, text: error.message }),
		);
		const floorGuess =
			Math.max(spec.count / CREATE_BUDGET, spec.count / QUERY_BUDGET) * 1000 +
			spec.latencyMs * (1 + spec.spread);
		const deadline = t + 4 * floorGuess + 5 * 60_000;
		const state = { files: new Map(), images: new Map() };
		let lastReport = Date.now();
		while (state.images.size < spec.count && Date.now() < deadline) {
			if (inst.server.exitCode !== null)
				throw new Error(
					`n8n exited (${inst.server.exitCode})\n${inst.server.output.slice(-30).join('\n')}`,
				);
			await sleep(500);
			scanFiles(outDir, state);
			if (Date.now() - lastReport >= 30_000) {
				lastReport = Date.now();
				log(`${spec.name}: ${state.images.size}/${spec.count} images on disk after ${elapsed(t)}`);
			}
		}
		const complete = state.images.size >= spec.count;
		// Two more polls (events: a few seconds): an image fired again shows up as a second file.
		await sleep(events ? 5000 : 2 * POLL_SECONDS * 1000 + 5000);
		scanFiles(outDir, state);
		let timer;
		const answer = await Promise.race([
			submitted,
			new Promise((resolve) => (timer = setTimeout(resolve, 60_000, null))),
		]);
		clearTimeout(timer); // a pending timer would keep the script alive after the table
		const peakMb = sampler.stop();
		const [records, tasks] = await Promise.all([emu.log(), emu.tasks()]);
		const figures = serviceFigures(records, tasks, spec, events ? 0 : POLL_SECONDS * 1000);
		const mine = [...state.images.entries()].filter(([key]) =>
			figures.taskIds.has(key.replace(/-\d+$/, '')),
		);
		const lastWritten = mine.length ? Math.max(...mine.map(([, at]) => at)) : null;
		const error =
			answer === null
				? 'the submit webhook did not answer'
				: answer.status !== 200
					? `submit webhook answered ${answer.status}: ${answer.text}`
					: complete
						? null
						: `only ${state.images.size} of ${spec.count} images on disk after ${elapsed(t)}`;
		return {
			...figures,
			spec,
			error,
			delivered: mine.length,
			files: state.files.size,
			duplicates: state.files.size - state.images.size,
			endToFile: endToFile(
				tasks.filter((task) => figures.taskIds.has(task.task_id)),
				state.images,
			),
			wall:
				lastWritten !== null && figures.firstCreate !== null
					? lastWritten - figures.firstCreate
					: null,
			note:
				lastWritten !== null && figures.lastDownload !== null
					? `last file ${sec(lastWritten - figures.lastDownload)} s after the last download`
					: '',
			peakMb,
		};
	} finally {
		await n8n.stopServer(inst);
		if (events) await emu.clearEventTargets();
	}
}

const describeLatency = (spec) =>
	`${spec.latencyMs / 1000} s${spec.spread ? ` ± ${Math.round(spec.spread * 100)} %` : ''}`;

/** The targets of one row; each with the figure so a reader sees the margin. */
function targets(row) {
	const bound = row.floor === null ? null : row.floor * 1.15;
	return [
		[
			`wall ${sec(row.wall)} s <= 1.15 × floor = ${sec(bound)} s`,
			row.wall !== null && bound !== null && row.wall <= bound,
		],
		['0 HTTP 429', row.metrics.http429 === 0],
		[
			`every image once (${row.delivered}/${row.spec.count}, ${row.duplicates} twice or more)`,
			row.delivered === row.spec.count && row.duplicates === 0,
		],
		[
			`max queries/1 s ${row.metrics.maxQueriesPerSecond} <= ${QUERY_BUDGET}`,
			row.metrics.maxQueriesPerSecond <= QUERY_BUDGET,
		],
		// The event trigger's promise: a workflow starts within 2 s of a task's end (median), here
		// measured to its first image on disk, an upper bound of the start.
		...(row.spec.kind === 'e'
			? [
					[
						`task end -> image on disk p50 ${sec(row.endToFile?.p50)} s <= 2 s`,
						row.endToFile !== null && row.endToFile.p50 <= 2000,
					],
				]
			: []),
	];
}

function table(rows) {
	const head = [
		'row',
		'N',
		'latency',
		'wall s',
		'floor s',
		'wall/floor',
		'images',
		'files (dup)',
		'end->file p50/p95 s',
		'creates',
		'task GETs',
		'lists',
		'downloads',
		'max q/1 s',
		'429',
		'peak RSS MB',
		'row took s',
		'targets',
	];
	const lines = rows.map((r) => {
		const verdict = targets(r)
			.map(([what, met]) => `${met ? 'met' : 'MISSED'}: ${what}`)
			.join('; ');
		return [
			r.spec.name,
			r.spec.count,
			describeLatency(r.spec),
			sec(r.wall),
			sec(r.floor),
			r.wall !== null && r.floor ? (r.wall / r.floor).toFixed(2) : '-',
			`${r.delivered}/${r.spec.count}`,
			r.spec.kind === 'a' ? '-' : `${r.files} (${r.duplicates})`,
			r.endToFile ? `${sec(r.endToFile.p50)}/${sec(r.endToFile.p95)}` : '-',
			r.metrics.creates,
			r.metrics.taskGets,
			r.metrics.lists,
			r.downloads,
			r.metrics.maxQueriesPerSecond,
			r.metrics.http429,
			r.peakMb.toFixed(0),
			sec(r.took),
			verdict,
		].map(String);
	});
	return load.textTable(head, lines);
}

async function main() {
	installCleanupHooks();
	stopAfter(TIMEOUT_MIN, 'bench');
	const [host, tarball] = await Promise.all([ensureN8n2(), pack()]);
	const emu = await startEmulatorProcess({
		latencyMs: 3000,
		idleStopMs: (TIMEOUT_MIN + 5) * 60_000,
	});
	await emu.configure({
		queryRateLimit: QUERY_RATE_LIMIT,
		render: { maxSide: RENDER_MAX_SIDE },
		seed: 42,
	});
	log(
		`emulator ${emu.origin}: ${QUERY_RATE_LIMIT} task queries/s per account, results at most ${RENDER_MAX_SIDE} px; rows ${ROWS.map((r) => r.name).join(', ')}`,
	);
	const batchInst = ROWS.some((r) => r.kind === 'a')
		? await prepareInstance(host, tarball, emu, 'nightly-a')
		: null;

	const rows = [];
	for (const spec of ROWS) {
		const t = Date.now();
		const row =
			spec.kind === 'a'
				? await runBatchRow(batchInst, emu, spec)
				: await runTriggerRow(host, tarball, emu, spec);
		row.took = Date.now() - t;
		rows.push(row);
		log(
			`${spec.name} done in ${elapsed(t)}: wall ${sec(row.wall)} s, floor ${sec(row.floor)} s, ${JSON.stringify(row.metrics)}${row.note ? `; ${row.note}` : ''}; ${row.busiest}`,
		);
		if (row.error) log(`${spec.name}: ${row.error.split('\n')[0].slice(0, 300)}`);
	}

	console.log(
		`\nNightly batch, n8n ${host.version}, packed package; emulator: ${QUERY_RATE_LIMIT} task queries per sliding second per account, results ≤ ${RENDER_MAX_SIDE} px; credential defaults ${QUERY_BUDGET} queries/s, ${CREATE_BUDGET} creates/s.`,
	);
	console.log(
		`a: one \`n8n execute\`, Manual → Read N PNGs → Edit (wait, download); wall = first create → the Edit node's end (run data).`,
	);
	console.log(
		`b: \`n8n start\`, a webhook submits N (no wait); Alibaba Wan Trigger (polls every ${POLL_SECONDS} s, Max Tasks per Execution default) → Write File; wall = first create → the last image's first file written.`,
	);
	console.log(
		`floor = max(first create + N/${CREATE_BUDGET} s + latency, first finish + N/${QUERY_BUDGET} s), + one poll interval for b; targets: wall <= 1.15 × floor, 0 HTTP 429, every image once, max task queries (GET + list + cancel) in any 1 s <= ${QUERY_BUDGET}.\n`,
	);
	console.log(table(rows));
	for (const row of rows.filter((r) => r.error))
		console.log(`\n${row.spec.name}: ${row.error.split('\n')[0].slice(0, 300)}`);
	await emu.stop();
	await cleanup();
}

main().catch(async (error) => {
	console.error(error.stack || error.message);
	await cleanup();
	process.exit(1);
});
