'use strict';
// The event scenario: an active workflow starting from the Alibaba Wan Event Trigger saves each
// finished task's images; the emulator's EventBridge delivers the task-finished events to its
// production URL (every event twice, one delivery refused once by a failing task query, retried).
// Every image must be written exactly once, also for a task that finished while n8n restarted.
const fs = require('node:fs');
const path = require('node:path');
const { request } = require('undici');

const n8n = require('./n8n');
const img = require('./images');
const { waitForWebhook } = require('./setup');
const { CREDENTIAL } = require('./workflows');
const { submitNoWait, saveImageNode, submit, filesWhen, checkFiles } = require('./trigger');
const { log, elapsed, sleep } = require('./util');

const TOKEN = 'e2e-eventbridge-token-5f1c9a7d3b';
const WEBHOOK_ID = '7c2d9e4f-1a3b-4c5d-8e6f-0a1b2c3d4e5f';
const EVENTS_PATH = `${WEBHOOK_ID}/events`;
const SUBMIT_PATH = 'wan-e2e-events-submit';

/** Alibaba Wan Event Trigger (the token set) → Write File, saving each image once per firing. */
function eventSaveWorkflow(outDir) {
	return {
		id: 'wanE2eEventsSave',
		name: 'E2E event trigger saves finished tasks',
		nodes: [
			{
				id: '0d9e2e00-0000-4000-8200-000000000003',
				name: 'Alibaba Wan Event Trigger',
				type: 'n8n-nodes-alibaba-wan.alibabaWanEventTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId: WEBHOOK_ID,
				credentials: { alibabaWanApi: CREDENTIAL },
				parameters: { token: TOKEN, downloadImages: true, outputMode: 'perImage' },
			},
			saveImageNode(outDir, '0d9e2e00-0000-4000-8200-000000000004'),
		],
		connections: {
			'Alibaba Wan Event Trigger': { main: [[{ node: 'Save Image', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

function workflows(outDir) {
	const submitWf = submitNoWait({
		id: 'wanE2eEventsSubmit',
		path: SUBMIT_PATH,
		webhookId: '3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7',
		nodeIdPrefix: '0d9e2e00-0000-4000-8200-00000000000',
	});
	const save = eventSaveWorkflow(outDir);
	return { submitWf, save };
}

/** POSTs a body to the trigger's production URL as EventBridge would; the status n8n answered. */
async function post(inst, body, token = TOKEN) {
	const headers = { 'content-type': 'application/json;charset=utf-8' };
	if (token) headers['x-eventbridge-signature-token'] = token;
	const res = await request(`${inst.origin}/webhook/${EVENTS_PATH}`, {
		method: 'POST',
		headers,
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await res.body.text();
	if (text.includes(TOKEN)) throw new Error('an answer of the trigger shows the token');
	return res.statusCode;
}

/** A task of the account made by another client (n8n is down meanwhile), finishing in `latencyMs`. */
async function createDirectly(emu, colour, latencyMs) {
	const res = await request(`${emu.singaporeBase}/services/aigc/image2image/image-synthesis`, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${emu.singaporeKey}`,
			'content-type': 'application/json',
			'x-dashscope-async': 'enable',
		},
		body: JSON.stringify({
			model: 'wan2.5-i2i-preview',
			input: {
				prompt: `Invert the colours [[latency:${latencyMs}]]`,
				images: [`data:image/png;base64,${img.splitPng(400, 400, colour).toString('base64')}`],
			},
			parameters: { n: 2 },
		}),
	});
	const json = await res.body.json();
	if (!json.output?.task_id) throw new Error(`direct create failed: ${JSON.stringify(json)}`);
	return json.output.task_id;
}

/** Per task of n8n's first run: its end (the event's time) to the first 200 answer, informational. */
function acceptedAfter(events, deliveries) {
	return events
		.map((event) => {
			const ok = deliveries.find(
				(d) => d.eventId === event.id && d.status === 200 && d.attempt === 1,
			);
			return ok ? `${ok.at + ok.ms - Date.parse(event.time)} ms` : null;
		})
		.filter(Boolean)
		.join(', ');
}

const expectStatus = (what, got, want) => {
	if (got !== want) throw new Error(`${what}: n8n answered ${got}, expected ${want}`);
};

/** Imports and publishes the event workflows (`withSubmit`: also the submitting webhook); returns the output folder. */
async function publishEventWorkflows(inst, { withSubmit = true } = {}) {
	const outDir = path.join(inst.files, 'events-out');
	fs.mkdirSync(outDir, { recursive: true });
	const { submitWf, save } = workflows(outDir);
	const list = withSubmit ? [submitWf, save] : [save];
	const r = await n8n.importWorkflow(inst, list);
	if (r.code !== 0 || !/Successfully imported \d+ workflow/i.test(r.stdout + r.stderr))
		throw new Error(`import of ${list.map((w) => w.id).join(', ')} failed\n${n8n.tail(r)}`);
	for (const workflow of list) await n8n.activate(inst, workflow.id);
	return outDir;
}

/** The emulator's EventBridge delivers every event twice to the trigger's production URL. */
const addTarget = (emu, inst, extra = {}) =>
	emu.addEventTarget({
		url: `${inst.origin}/webhook/${EVENTS_PATH}`,
		token: TOKEN,
		duplicates: 1,
		...extra,
	});

async function runEventsScenario(inst, emu) {
	const outDir = await publishEventWorkflows(inst);
	// Failed deliveries retried every 1.5-2.5 s, 12 times: long enough to span a restart.
	await addTarget(emu, inst, { retries: 12, retryDelayMs: [1500, 2500] });
	const colours = {};
	let first;
	try {
		await n8n.startServer(inst);
		await waitForWebhook(inst, EVENTS_PATH);
		await waitForWebhook(inst, SUBMIT_PATH);
		const t = Date.now();
		first = await submit(inst, img.RED, SUBMIT_PATH);
		colours[first] = img.RED;
		// Its one query fails once: the node refuses the delivery (503), EventBridge delivers again.
		await emu.faults({ route: 'query', kind: 'status', status: 403, times: 1, taskId: first });
		for (const colour of [img.GREEN, img.BLUE])
			colours[await submit(inst, colour, SUBMIT_PATH)] = colour;
		checkFiles(outDir, await filesWhen(outDir, 6, 60_000), colours);
		log(`events: 3 tasks submitted, their 6 images saved by the event trigger after ${elapsed(t)}`);
		const [published] = await emu.events();
		expectStatus('wrong token', await post(inst, published, 'not-the-token-0000000000'), 403);
		expectStatus('no token', await post(inst, published, null), 401);
		expectStatus('foreign source', await post(inst, { ...published, source: 'acs.oss' }), 400);
		// n8n's body parser refuses a JSON content type with a broken body itself, before the node.
		expectStatus('not JSON', await post(inst, '{"source":'), 422);
		expectStatus('a re-sent event', await post(inst, published), 200);
	} finally {
		await n8n.stopServer(inst);
	}
	// A task that finishes while n8n is down: EventBridge's retries reach the restarted n8n.
	const late = await createDirectly(emu, [255, 255, 0], 500);
	colours[late] = [255, 255, 0];
	await sleep(1000);
	try {
		await n8n.startServer(inst);
		const t = Date.now();
		await filesWhen(outDir, 8, 60_000);
		// Every event delivered before the restart, sent again: the fired tasks are remembered.
		for (const event of (await emu.events()).filter((e) => e.data.task_id !== late))
			expectStatus('an event re-sent after the restart', await post(inst, event), 200);
		await sleep(1500);
		checkFiles(outDir, fs.readdirSync(outDir), colours);
		const deliveries = await emu.deliveries();
		const retried = deliveries.filter((d) => d.attempt > 1 && d.status === 200);
		const refused = deliveries.filter((d) => d.status === 503);
		const down = deliveries.filter((d) => d.taskId === late && d.status === null);
		if (!refused.some((d) => d.taskId === first) || !retried.some((d) => d.taskId === first))
			throw new Error(
				`the failed query's delivery was not refused then retried: ${JSON.stringify(deliveries)}`,
			);
		if (!down.length) throw new Error('no delivery of the late task met n8n down');
		log(
			`events: after a restart the late task fired once (${elapsed(t)}); ${deliveries.length} deliveries (${deliveries.filter((d) => d.duplicate).length} duplicates, ${refused.length} refused 503, ${down.length} while n8n was down), every image once; task end -> accepted: ${acceptedAfter(await emu.events(), deliveries)}`,
		);
	} finally {
		await n8n.stopServer(inst);
		await emu.clearEventTargets();
	}
}

/**
 * Queue mode: the main (the only process serving webhooks) takes the events, the workers run the
 * executions. Tasks made by another client; each fires once, on a worker. `q` from startQueueMode,
 * its main prepared with publishEventWorkflows(main, { withSubmit: false }).
 */
async function runQueueEvents(q, emu, outDir, startedExecutions) {
	const before = q.workers.map(startedExecutions);
	await waitForWebhook(q.main, EVENTS_PATH);
	await addTarget(emu, q.main);
	const t = Date.now();
	const colours = {};
	try {
		for (const colour of [img.RED, img.GREEN, img.BLUE, [255, 255, 0]])
			colours[await createDirectly(emu, colour, 1500)] = colour;
		await filesWhen(outDir, 8, 60_000);
		await sleep(1500);
		checkFiles(outDir, fs.readdirSync(outDir), colours);
	} finally {
		await emu.clearEventTargets();
	}
	const ran = q.workers.map((worker, i) => startedExecutions(worker) - before[i]);
	const deliveries = (await emu.deliveries()).filter((d) => d.taskId in colours);
	if (ran.reduce((a, b) => a + b, 0) !== 4)
		throw new Error(`the workers started ${ran.join(' + ')} executions for 4 events, expected 4`);
	if (!deliveries.length || deliveries.some((d) => d.status !== 200))
		throw new Error(`deliveries to the main: ${JSON.stringify(deliveries)}`);
	return { ms: Date.now() - t, ran, deliveries: deliveries.length };
}

module.exports = {
	runEventsScenario,
	publishEventWorkflows,
	runQueueEvents,
	eventSaveWorkflow,
	addTarget,
	EVENTS_PATH,
};
