#!/usr/bin/env node
'use strict';
// npm run test:e2e — the PACKED package in a REAL n8n (2.41.1 on Node 24, 1.123.81 on Node 20),
// against the DashScope emulator on 127.0.0.1. No internet besides the npm registry for the install.
//
//   WAN_E2E_CACHE=<dir>    where n8n installs are cached (default ~/.cache/n8n-nodes-alibaba-wan)
//   WAN_E2E_SKIP_BUILD=1   pack the existing dist/ without `npm run build`
//   WAN_E2E_ONLY=1,2       run only these scenarios (examples, 1, 2, 3, concurrency, trigger, events, agent, queue, wan27fuse, 4)
//   WAN_E2E_NO_V1=1        skip n8n 1.x (scenario 4) and its install
//   WAN_E2E_KEEP=1         keep the temporary folders (printed) for inspection
//   WAN_E2E_TIMEOUT_MIN    hard stop of the whole run (default 25)
const fs = require('node:fs');
const path = require('node:path');
const { request } = require('undici');
const { log, elapsed, cleanup, installCleanupHooks, stopAfter } = require('./lib/util');
const { ensureAll } = require('./lib/install');
const n8n = require('./lib/n8n');
const { startEmulatorProcess, routeCounts, ROOT } = require('./lib/emulator');
const wf = require('./lib/workflows');
const img = require('./lib/images');
const { pack, prepareInstance, waitForWebhook, serveWebhookEdit } = require('./lib/setup');
const load = require('./lib/load');
const { startServices } = require('./lib/services');
const queue = require('./lib/queue');
const { runTriggerScenario } = require('./lib/trigger');
const { runEventsScenario, runQueueEvents } = require('./lib/events');
const { runAgentScenario } = require('./lib/agent');

const CONCURRENCY_WEBHOOK = { id: 'wanE2eConcurrency', path: 'wan-e2e-concurrency' };
const only = process.env.WAN_E2E_ONLY
	? new Set(process.env.WAN_E2E_ONLY.split(',').map((s) => s.trim()))
	: null;
const wanted = (key) => !only || only.has(key);
const results = [];
const timings = {};

function assert(condition, message) {
	if (!condition) throw new Error(message);
}

async function scenario(key, name, fn) {
	if (key !== 'setup' && !wanted(key)) return;
	const t = Date.now();
	log(`── ${name}`);
	try {
		await fn();
		results.push({ name, ok: true, ms: Date.now() - t });
		log(`PASS ${name} (${elapsed(t)})`);
	} catch (error) {
		results.push({ name, ok: false, ms: Date.now() - t, error });
		log(`FAIL ${name} (${elapsed(t)})\n${error.stack || error.message}`);
	}
}

/** Imports a workflow, or several in one command (an array: each CLI command boots n8n for seconds). */
async function importOk(inst, workflow) {
	const r = await n8n.importWorkflow(inst, workflow);
	const what = Array.isArray(workflow)
		? workflow.map((w) => w.id).join(', ')
		: (workflow.id ?? workflow);
	const count = Array.isArray(workflow) ? `${workflow.length} workflow` : '';
	assert(
		r.code === 0 && new RegExp(`Successfully imported ${count}`, 'i').test(r.stdout + r.stderr),
		`import of ${what} failed (exit ${r.code})\n${n8n.tail(r)}`,
	);
}

/** Executes a workflow headless and asserts success; returns the run data. */
async function executeOk(inst, id) {
	const r = await n8n.execute(inst, id);
	const status = r.data?.resultData?.error ? `error: ${r.data.resultData.error.message}` : 'ok';
	assert(
		r.code === 0 && r.data && !r.data.resultData?.error,
		`n8n execute --id=${id} exited ${r.code} (${status})\n${n8n.tail(r)}`,
	);
	log(`${inst.label}: n8n execute --id=${id} took ${(r.ms / 1000).toFixed(1)} s`);
	return r.data;
}

/** Scenario 1 on a given instance: Read PNG → Edit (2 images) → Write files; files checked pixel by pixel. */
async function editToDisk(inst, emu, id) {
	const inDir = path.join(inst.files, `in-${id}`);
	const outDir = path.join(inst.files, `out-${id}`);
	fs.mkdirSync(inDir, { recursive: true });
	fs.mkdirSync(outDir, { recursive: true });
	const inputFile = path.join(inDir, 'input.png');
	fs.writeFileSync(inputFile, img.splitPng(400, 400, img.RED, img.GREEN));
	await importOk(inst, wf.editToDisk({ id, inputFile, outDir }));
	const before = (await emu.log()).length;
	const data = await executeOk(inst, id);
	const items = n8n.nodeItems(data, 'Alibaba Wan Edit');
	assert(
		items?.length === 2,
		`Edit gave ${items?.length} items, expected 2 (numberOfImages 2, one item per image)`,
	);
	assert(
		items.every(
			(it) => it.json.status === 'SUCCEEDED' && it.binary?.data?.mimeType === 'image/png',
		),
		'Edit items lack status SUCCEEDED or a PNG binary',
	);
	const files = fs.readdirSync(outDir).sort();
	assert(files.join() === 'result-0.png,result-1.png', `files on disk: ${files.join() || 'none'}`);
	for (const file of files) {
		const png = img.assertRendered(
			fs.readFileSync(path.join(outDir, file)),
			[
				[0.25, img.RED],
				[0.75, img.GREEN],
			],
			file,
		);
		assert(
			png.width === 1280 && png.height === 1280,
			`${file} is ${png.width}×${png.height}, expected 1280×1280`,
		);
	}
	const records = (await emu.log()).slice(before);
	const counts = routeCounts(records);
	assert(
		counts.create === 1 && counts.download === 2,
		`emulator saw ${JSON.stringify(counts)}, expected 1 create and 2 downloads`,
	);
	log(
		`${inst.label}: 2 PNGs written (1280×1280, inverted red|green); emulator ${JSON.stringify(counts)}`,
	);
}

/** Starts `fn` now; its failure waits for the scenario that awaits the promise (no unhandled rejection). */
function early(fn) {
	const promise = fn();
	promise.catch(() => {});
	return promise;
}

async function postImage(url, body) {
	const t = Date.now();
	const res = await request(url, {
		method: 'POST',
		headers: { 'content-type': 'image/png' },
		body,
		headersTimeout: 180_000,
		bodyTimeout: 180_000,
	});
	const buffer = Buffer.from(await res.body.arrayBuffer());
	return {
		status: res.statusCode,
		type: String(res.headers['content-type'] ?? ''),
		buffer,
		ms: Date.now() - t,
	};
}

async function main() {
	installCleanupHooks();
	stopAfter(Number(process.env.WAN_E2E_TIMEOUT_MIN || 25), 'e2e', () =>
		console.log(
			`${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length + 1} failed`,
		),
	);

	const t0 = Date.now();
	const needV1 = !process.env.WAN_E2E_NO_V1 && wanted('4');
	let tarball, hosts, emu;
	// Setup: pack, install hosts (cached), emulator. A failure here fails the run as one scenario.
	await scenario('setup', 'setup: pack, n8n installs, emulator', async () => {
		const tInstall = Date.now();
		[tarball, hosts] = await Promise.all([pack(), ensureAll({ v1: needV1 })]);
		timings.install = Date.now() - tInstall;
		emu = await startEmulatorProcess({ latencyMs: 1500, idleStopMs: 20 * 60_000 });
		log(`emulator on ${emu.origin} (latency 1.5 s)`);
	});
	if (!tarball || !hosts || !emu) return finish(t0);

	// The queue scenario's processes (Redis, PostgreSQL, a user folder with migrations and the workflow
	// published, n8n main + workers, idle until its callers come) and scenario 4's user folder are made
	// ready in the background from the trigger scenario on, which mostly waits for polls; each scenario
	// awaits its own and reports its failure.
	const later = {};
	const prepareLater = () => {
		if (later.started) return;
		later.started = true;
		if (wanted('queue')) {
			const prep = {};
			prep.ready = early(async () => {
				const t = Date.now();
				prep.services = await startServices();
				// The README's advice for two workers: 9 task queries/s each, 18 for the account with room to spare.
				const main = await queue.prepareQueueMain(hosts.n8n2, tarball, emu, prep.services, {
					queriesPerSecond: 9,
				});
				const t2 = Date.now();
				prep.q = await queue.startQueueMode(main, { workers: 2, concurrency: 15 });
				prep.ms = { prepare: t2 - t, start: Date.now() - t2 };
			});
			later.queue = prep;
		}
		if (needV1 && hosts.n8n1)
			later.v1 = early(() => prepareInstance(hosts.n8n1, tarball, emu, 'n8n-1.123.81'));
	};

	let v2;
	const needV2 = ['examples', '1', '2', '3', 'concurrency', 'trigger', 'events', 'agent'].some(
		wanted,
	);
	if (needV2)
		await scenario(
			'setup',
			'n8n 2.41.1: fresh user folder, packed package installed, credential imported',
			async () => {
				v2 = await prepareInstance(hosts.n8n2, tarball, emu, 'n8n-2.41.1');
				const installed = JSON.parse(
					fs.readFileSync(
						path.join(
							v2.userFolder,
							'.n8n',
							'nodes',
							'node_modules',
							'n8n-nodes-alibaba-wan',
							'package.json',
						),
						'utf8',
					),
				);
				assert(
					!fs.existsSync(path.join(v2.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-workflow')),
					'the peer n8n-workflow was installed next to the package',
				);
				log(`n8n-2.41.1: installed n8n-nodes-alibaba-wan ${installed.version} from the tarball`);
			},
		);

	if (v2) {
		await scenario('examples', 'examples/: every workflow imports into n8n 2.41.1', async () => {
			const examples = wf.loadExamples(path.join(ROOT, 'examples'));
			assert(examples.length >= 3, `only ${examples.length} examples found`);
			// All in one command (each n8n CLI command boots n8n for seconds); one by one only to name a failure.
			const all = await n8n.importWorkflow(
				v2,
				examples.map((e) => e.json),
				{ name: 'examples' },
			);
			if (
				all.code === 0 &&
				new RegExp(`Successfully imported ${examples.length} workflows`, 'i').test(
					all.stdout + all.stderr,
				)
			) {
				log(`examples imported: ${examples.map((e) => e.file).join(', ')}`);
				return;
			}
			const failed = [];
			for (const { file, json } of examples) {
				const r = await n8n.importWorkflow(v2, json, { name: `example-${json.id}` });
				if (r.code !== 0 || !/Successfully imported/i.test(r.stdout + r.stderr))
					failed.push(`${file}: exit ${r.code}\n${n8n.tail(r, 8)}`);
				else log(`example imported: ${file}`);
			}
			assert(failed.length === 0, `example imports failed:\n${failed.join('\n')}`);
			throw new Error(
				`importing all ${examples.length} examples at once failed (exit ${all.code}) though each imports alone\n${n8n.tail(all, 8)}`,
			);
		});

		await scenario(
			'1',
			'1. Manual → Read PNG → Alibaba Wan Edit (wait, download) → Write files: real PNGs, colours inverted',
			async () => {
				await editToDisk(v2, emu, 'wanE2eEditToDisk2');
			},
		);

		await scenario(
			'3',
			'3. Folder of 12 images → Edit → 12 items with binary, exactly one create per item',
			async () => {
				const inDir = path.join(v2.files, 'batch-in');
				const outDir = path.join(v2.files, 'batch-out');
				fs.mkdirSync(inDir, { recursive: true });
				fs.mkdirSync(outDir, { recursive: true });
				const palette = [img.RED, img.GREEN, img.BLUE, [255, 255, 0]];
				for (let i = 0; i < 12; i++)
					fs.writeFileSync(
						path.join(inDir, `photo-${String(i).padStart(2, '0')}.png`),
						img.splitPng(400 + i * 8, 400, palette[i % 4], palette[(i + 1) % 4]),
					);
				await importOk(v2, wf.folderBatch({ inputGlob: `${inDir}/*.png`, outDir }));
				const before = (await emu.log()).length;
				const data = await executeOk(v2, 'wanE2eFolderBatch');
				const items = n8n.nodeItems(data, 'Alibaba Wan Edit');
				assert(items?.length === 12, `Edit gave ${items?.length} items, expected 12`);
				assert(
					items.every((it) => it.binary?.data?.mimeType === 'image/png' && it.json.taskId),
					'an item lacks its PNG binary or task id',
				);
				assert(
					new Set(items.map((it) => it.json.taskId)).size === 12,
					'task ids are not 12 distinct tasks',
				);
				const records = (await emu.log()).slice(before);
				const creates = records.filter((r) => r.route === 'create');
				assert(
					creates.length === 12 && creates.every((r) => r.status === 200),
					`emulator saw ${creates.length} creates (${creates.map((r) => r.status)}), expected exactly 12 successful ones`,
				);
				assert(
					new Set(creates.map((r) => r.taskId)).size === 12,
					'creates did not make 12 distinct tasks',
				);
				const files = fs.readdirSync(outDir).sort();
				assert(files.length === 12, `${files.length} files written, expected 12`);
				for (let i = 0; i < 12; i++) {
					const file = `photo-${String(i).padStart(2, '0')}-edited.png`;
					assert(files.includes(file), `${file} missing`);
					img.assertRendered(
						fs.readFileSync(path.join(outDir, file)),
						[
							[0.2, palette[i % 4]],
							[0.8, palette[(i + 1) % 4]],
						],
						file,
					);
				}
				log(`12 items, 12 files, emulator ${JSON.stringify(routeCounts(records))}`);
			},
		);

		await scenario(
			'2',
			'2. n8n start: Webhook (POST PNG) → Fuse with a second image → Respond to Webhook with the PNG; example (b) live',
			async () => {
				const blue = img.splitPng(400, 400, img.BLUE);
				const example = wf
					.loadExamples(path.join(ROOT, 'examples'))
					.find((e) => e.json.id === 'wanExWebhookEdit');
				assert(example, 'examples/webhook-edit-respond.json (id wanExWebhookEdit) not found');
				// The concurrency scenario's webhook is published too: it reuses this `n8n start` (a boot takes seconds).
				const share = wanted('concurrency');
				const live = [
					wf.webhookFuse({ secondImageBase64: blue.toString('base64') }),
					example.json,
					...(share ? [wf.webhookEdit(CONCURRENCY_WEBHOOK)] : []),
				];
				await importOk(v2, live);
				for (const { id } of live) await n8n.activate(v2, id);
				const t = Date.now();
				let passed = false;
				try {
					await n8n.startServer(v2);
					await waitForWebhook(v2, 'wan-e2e-fuse');
					await waitForWebhook(v2, 'wan-edit');
					log(`n8n start: webhooks registered after ${elapsed(t)}`);
					const before = (await emu.log()).length;
					const fused = await postImage(
						`${v2.origin}/webhook/wan-e2e-fuse`,
						img.splitPng(400, 400, img.RED),
					);
					assert(
						fused.status === 200,
						`fuse webhook answered ${fused.status}: ${fused.buffer.toString('utf8', 0, 300)}`,
					);
					assert(fused.type.startsWith('image/png'), `content-type ${fused.type}`);
					const png = img.assertRendered(
						fused.buffer,
						[
							[0.25, img.RED],
							[0.75, img.BLUE],
						],
						'fused response',
					);
					log(
						`fuse webhook: 200 image/png ${png.width}×${png.height}, ${fused.buffer.length} bytes in ${fused.ms} ms (left = inverted red input, right = inverted blue)`,
					);
					const creates = (await emu.log()).slice(before).filter((r) => r.route === 'create');
					assert(creates.length === 1, `${creates.length} creates for one webhook call`);

					const edited = await postImage(
						`${v2.origin}/webhook/wan-edit?prompt=${encodeURIComponent('Make it green')}`,
						img.splitPng(500, 400, img.GREEN, img.RED),
					);
					assert(
						edited.status === 200 && edited.type.startsWith('image/png'),
						`example webhook answered ${edited.status} ${edited.type}: ${edited.buffer.toString('utf8', 0, 300)}`,
					);
					img.assertRendered(
						edited.buffer,
						[
							[0.25, img.GREEN],
							[0.75, img.RED],
						],
						'example (b) response',
					);
					const tasks = await emu.tasks();
					const list = Array.isArray(tasks) ? tasks : (tasks.tasks ?? []);
					assert(
						list.some((task) => task.prompt === 'Make it green'),
						'the prompt from the query string did not reach the service',
					);
					log(`example (b) webhook: 200 image/png in ${edited.ms} ms, prompt from ?prompt= used`);
					passed = true;
				} finally {
					if (!passed || !share) {
						const ts = Date.now();
						await n8n.stopServer(v2);
						log(`n8n start stopped in ${elapsed(ts)}`);
					}
				}
			},
		);

		// 30 webhook calls at once, each posting its own colour: functional only (timings: npm run bench:concurrency).
		await scenario(
			'concurrency',
			'concurrency: n8n start, 30 concurrent webhook calls → Edit (wait, download) → Respond: each caller its own image, 30 creates, 0 HTTP 429',
			async () => {
				const { latencyMs } = await emu.configure({}); // the current options, restored after
				try {
					// Scenario 2 leaves its `n8n start` running with this webhook published when it passed.
					let url = `${v2.origin}/webhook/${CONCURRENCY_WEBHOOK.path}`;
					if (v2.server?.exitCode === null) {
						await waitForWebhook(v2, CONCURRENCY_WEBHOOK.path);
						log(
							`concurrency: webhook ${CONCURRENCY_WEBHOOK.path} served by scenario 2's n8n start`,
						);
					} else {
						await n8n.stopServer(v2);
						url = await serveWebhookEdit(v2, CONCURRENCY_WEBHOOK);
					}
					const { results, problems, metrics } = await load.burstRun({
						url,
						emu,
						count: 30,
						latencyMs: 3000,
						timeoutMs: 180_000,
					});
					const ms = results.map((r) => r.ms);
					log(
						`concurrency: ${30 - problems.length}/30 callers got their own image (p50 ${load.percentile(ms, 50)} ms, p95 ${load.percentile(ms, 95)} ms); emulator ${JSON.stringify(metrics)}`,
					);
					assert(
						problems.length === 0,
						`${problems.length} of 30 callers did not get their own image:\n${problems
							.slice(0, 5)
							.map((p) => `caller ${p.i}: ${p.problem}`)
							.join('\n')}`,
					);
					assert(metrics.creates === 30, `${metrics.creates} creates for 30 calls`);
					assert(
						metrics.http429 === 0,
						`the emulator answered ${metrics.http429} HTTP 429 (up to ${metrics.maxQueriesPerSecond} task queries in 1 s, limit 20)`,
					);
				} finally {
					await emu.configure({ latencyMs });
					await n8n.stopServer(v2);
				}
			},
		);

		prepareLater();
		// Self-contained: scripts/e2e/lib/trigger.js (its own workflows, webhook path and output folder).
		await scenario(
			'trigger',
			'trigger: n8n start, an active Alibaba Wan Trigger workflow saves the images of tasks a webhook workflow submits without waiting: each once, also across a restart',
			async () => {
				await runTriggerScenario(v2, emu);
			},
		);

		// Self-contained: scripts/e2e/lib/events.js (its own workflows, webhook paths and output folder).
		await scenario(
			'events',
			"events: n8n start, an active Alibaba Wan Event Trigger workflow on its production URL saves the images of tasks as the emulator's EventBridge reports them (duplicates, a refused and retried delivery, wrong token, foreign event): each once, also for a task finished while n8n restarted",
			async () => {
				await runEventsScenario(v2, emu);
			},
		);

		// Self-contained: scripts/e2e/lib/agent.js (a scripted OpenAI-compatible model on 127.0.0.1).
		await scenario(
			'agent',
			'agent: n8n AI Agent (scripted chat model) calls the Alibaba Wan node as a tool with a prompt and an image URL; the tool result carries the task id and image URLs as JSON',
			async () => {
				const { output, toolResult, requests, creates } = await runAgentScenario(v2, emu);
				assert(
					creates.length === 1 && creates[0].status === 200,
					`the tool made ${creates.length} creates, expected 1`,
				);
				const taskId = creates[0].taskId;
				assert(
					requests.length === 2,
					`the model was asked ${requests.length} times, expected 2 (tool call, final answer)`,
				);
				assert(
					typeof toolResult === 'string' &&
						toolResult.includes(taskId) &&
						/\/results\/.*\.png/.test(toolResult),
					`tool result lacks the task id or a result URL: ${String(toolResult).slice(0, 400)}`,
				);
				assert(!/iVBOR|base64/.test(toolResult), 'the tool result carries image data');
				const tasks = await emu.tasks();
				const task = (Array.isArray(tasks) ? tasks : (tasks.tasks ?? [])).find((t) =>
					JSON.stringify(t).includes(taskId),
				);
				assert(
					task?.prompt === 'Invert the colours of the photo',
					`the prompt the model chose did not reach the service: ${JSON.stringify(task)?.slice(0, 300)}`,
				);
				const schema = requests[0].tools?.[0]?.function;
				assert(
					schema?.parameters?.properties?.prompt && schema.parameters.properties.imageUrl,
					`the tool offered to the model lacks prompt/imageUrl: ${JSON.stringify(schema)?.slice(0, 400)}`,
				);
				log(
					`agent: the model saw tool ${schema.name} (${JSON.stringify(schema.parameters.properties)}); tool result ${toolResult.slice(0, 300)}`,
				);
				assert(output === `Done: ${taskId}`, `agent output ${JSON.stringify(output)}`);
				log(
					`agent: tool call → task ${taskId}, tool result ${toolResult.length} chars of JSON, final answer "${output}"`,
				);
			},
		);
	}

	// Queue mode (n8n 2.x): Debian's PostgreSQL + Redis as children, main + 2 workers, 30 callers at once.
	await scenario(
		'queue',
		'queue: n8n 2.41.1 EXECUTIONS_MODE=queue (PostgreSQL, Redis, main + 2 workers), 30 concurrent webhook calls; task-finished events to the main, their executions on the workers',
		async () => {
			prepareLater();
			const prep = later.queue;
			try {
				const tWait = Date.now();
				await prep.ready;
				const { q, services } = prep;
				log(
					`queue: services and main user folder prepared in ${(prep.ms.prepare / 1000).toFixed(1)} s, n8n main + workers up in ${(prep.ms.start / 1000).toFixed(1)} s (waited ${elapsed(tWait)} for it here)`,
				);
				const {
					results,
					problems,
					metrics: m,
				} = await load.burstRun({
					url: q.url,
					emu,
					count: 30,
					latencyMs: 1500,
					timeoutMs: 180_000,
				});
				const perWorker = q.workers.map(queue.startedExecutions);
				const db = await queue.databaseFacts(services.pg);
				const ms = results.map((r) => r.ms);
				log(
					`queue: apt ${(services.ms.install / 1000).toFixed(1)} s, redis+postgres ${(services.ms.start / 1000).toFixed(1)} s, n8n up ${(prep.ms.start / 1000).toFixed(1)} s, 30 calls p50 ${load.percentile(ms, 50)} ms / max ${Math.max(...ms)} ms; workers took ${perWorker.join(' + ')}; postgres: ${JSON.stringify(db)}; emulator ${JSON.stringify(m)}`,
				);
				assert(
					problems.length === 0,
					`${problems.length} of 30 callers did not get their own image:\n${problems
						.slice(0, 5)
						.map((p) => `caller ${p.i}: ${p.problem}`)
						.join('\n')}`,
				);
				assert(
					perWorker.length === 2 &&
						perWorker.every((n) => n > 0) &&
						perWorker[0] + perWorker[1] === 30,
					`executions per worker ${perWorker.join(' + ')}: expected both > 0, 30 in all`,
				);
				// Database binary mode: the posted and the edited PNG of every execution are rows in PostgreSQL.
				assert(
					db.executions.success === 30 && db.pngRows >= 60,
					`postgres: ${JSON.stringify(db)}, expected 30 successful executions and ≥ 60 PNG rows`,
				);
				assert(m.creates === 30, `${m.creates} creates for 30 calls`);
				assert(
					m.http429 === 0 && m.maxQueriesPerSecond <= 20,
					`the two workers got ${m.http429} HTTP 429 and sent up to ${m.maxQueriesPerSecond} task queries/s (account limit 20)`,
				);
				const ev = await runQueueEvents(q, emu, q.main.eventsOut, queue.startedExecutions);
				log(
					`queue: 4 task-finished events (each twice, ${ev.deliveries} deliveries) taken by the main, fired once each on the workers (${ev.ran.join(' + ')}), 8 images written in ${(ev.ms / 1000).toFixed(1)} s`,
				);
			} finally {
				const t = Date.now();
				await prep.q?.stop();
				await prep.services?.stop();
				log(`queue: main, workers, redis, postgres stopped in ${elapsed(t)}`);
			}
		},
	);

	// wan27fuse: a node of version 1.1 (Model choice) fusing 5 references with Wan 2.7 on the
	// image-generation route; self-contained (own workflow, own instance when none is running).
	await scenario(
		'wan27fuse',
		'wan27fuse. Manual → Alibaba Wan Fuse, Wan 2.7 with 5 references, 1K → Write files: one create on the image-generation route, 5 strips',
		async () => {
			const inst = v2 ?? (await prepareInstance(hosts.n8n2, tarball, emu, 'n8n-2.41.1'));
			const outDir = path.join(inst.files, 'wan27-out');
			fs.mkdirSync(outDir, { recursive: true });
			const colours = [img.RED, img.GREEN, img.BLUE, [255, 255, 0], [0, 255, 255]];
			const at = (i) => [i * 220, 0];
			const nodes = [
				{
					id: '0d9e2e27-0000-4000-8000-000000000001',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: at(0),
					parameters: {},
				},
				{
					id: '0d9e2e27-0000-4000-8000-000000000002',
					name: 'Alibaba Wan Fuse',
					type: wf.WAN_TYPE,
					typeVersion: 1.1,
					position: at(1),
					credentials: { alibabaWanApi: wf.CREDENTIAL },
					parameters: {
						operation: 'fuse',
						model: 'wan2.7-image',
						size: '1K',
						prompt: 'Arrange the objects of image 1 to image 5 side by side',
						images: {
							image: colours.map((rgb) => ({
								source: 'base64',
								base64: img.splitPng(400, 400, rgb).toString('base64'),
							})),
						},
					},
				},
				{
					id: '0d9e2e27-0000-4000-8000-000000000003',
					name: 'Write',
					type: 'n8n-nodes-base.readWriteFile',
					typeVersion: 1,
					position: at(2),
					parameters: {
						operation: 'write',
						fileName: `=${outDir}/fused-{{ $json.image.index }}.png`,
						dataPropertyName: 'data',
						options: {},
					},
				},
			];
			const connections = {
				Start: { main: [[{ node: 'Alibaba Wan Fuse', type: 'main', index: 0 }]] },
				'Alibaba Wan Fuse': { main: [[{ node: 'Write', type: 'main', index: 0 }]] },
			};
			await importOk(inst, {
				id: 'wanE2eWan27Fuse',
				name: 'E2E Wan 2.7 Fuse',
				nodes,
				connections,
				settings: { executionOrder: 'v1' },
				pinData: {},
				active: false,
			});
			const before = (await emu.log()).length;
			const data = await executeOk(inst, 'wanE2eWan27Fuse');
			const items = n8n.nodeItems(data, 'Alibaba Wan Fuse');
			assert(
				items?.length === 1 &&
					items[0].json.status === 'SUCCEEDED' &&
					items[0].json.model === 'wan2.7-image',
				`Fuse gave ${JSON.stringify(items?.map((it) => it.json).slice(0, 1))}`,
			);
			const creates = (await emu.log()).slice(before).filter((r) => r.route === 'create');
			assert(
				creates.length === 1 &&
					creates[0].status === 200 &&
					creates[0].path.endsWith('/services/aigc/image-generation/generation'),
				`creates: ${JSON.stringify(creates.map((r) => [r.path, r.status]))}`,
			);
			const task = (await emu.tasks()).find((t) => t.task_id === items[0].json.taskId);
			assert(
				task?.inputs === 5 && task.model === 'wan2.7-image',
				`emulator task: ${JSON.stringify(task)}`,
			);
			assert(
				JSON.stringify(task.received) ===
					JSON.stringify({
						parameters: { n: 1, watermark: false, size: '1K' },
						content: ['text', 'image', 'image', 'image', 'image', 'image'],
					}),
				`body received: ${JSON.stringify(task.received)}`,
			);
			const png = img.assertRendered(
				fs.readFileSync(path.join(outDir, 'fused-0.png')),
				colours.map((rgb, j) => [(j + 0.5) / 5, rgb]),
				'fused-0.png',
			);
			assert(
				png.width === 1024 && png.height === 1024,
				`fused-0.png is ${png.width}×${png.height}, expected 1024×1024 (1K, square inputs)`,
			);
			log(
				`wan27fuse: 5 references → 1 create on the image-generation route → 1024×1024 PNG with 5 inverted strips`,
			);
		},
	);

	if (needV1 && hosts.n8n1) {
		await scenario(
			'4',
			'4. n8n 1.123.81 on Node 20: scenario 1 (Read → Edit → Write files)',
			async () => {
				prepareLater();
				const v1 = await later.v1;
				await editToDisk(v1, emu, 'wanE2eEditToDisk1');
			},
		);
	}

	await emu.stop();
	return finish(t0);
}

async function finish(t0) {
	await cleanup();
	const passed = results.filter((r) => r.ok).length;
	const failed = results.length - passed;
	console.log('\nSummary');
	for (const r of results)
		console.log(
			`  ${r.ok ? 'PASS' : 'FAIL'}  ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${r.name}${r.ok ? '' : `\n        ${String(r.error?.message).split('\n')[0]}`}`,
		);
	if (timings.install !== undefined)
		console.log(
			`  install/pack step ${(timings.install / 1000).toFixed(1)} s; total ${((Date.now() - t0) / 1000).toFixed(1)} s`,
		);
	console.log(`${passed} passed, ${failed} failed`);
	process.exitCode = failed || !results.length ? 1 : 0;
}

main().catch(async (error) => {
	console.error(error.stack || error.message);
	await cleanup();
	console.log(
		`${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length + 1} failed`,
	);
	process.exit(1);
});
