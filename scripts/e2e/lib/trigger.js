'use strict';
// The trigger scenario: an active workflow starting from the Alibaba Wan Trigger (every 10 s, see
// POLL_TIMES) saves each finished task's images; a second workflow (a webhook) submits tasks without waiting.
// Every image must be written exactly once, also across an n8n restart.
const fs = require('node:fs');
const path = require('node:path');
const { request } = require('undici');

const n8n = require('./n8n');
const img = require('./images');
const { waitForWebhook } = require('./setup');
const { CREDENTIAL } = require('./workflows');
const { log, elapsed, sleep } = require('./util');

const credentials = { alibabaWanApi: CREDENTIAL };

// n8n refuses a poll cron that fires more than once a minute (n8n-workflow's isSubMinuteCron, checked
// per entry at activation), but six entries each at its own fixed second pass: together, a poll every 10 s.
const POLL_SECONDS = [0, 10, 20, 30, 40, 50];
const POLL_TIMES = {
	item: POLL_SECONDS.map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })),
};

const SUBMIT_PATH = 'wan-e2e-submit';

/** A webhook that submits an Edit of the posted PNG (2 images) without waiting and answers the task. */
function submitNoWait({ id, path: webhookPath, webhookId, nodeIdPrefix }) {
	return {
		id,
		name: `E2E submit without waiting (${webhookPath})`,
		nodes: [
			{
				id: `${nodeIdPrefix}1`,
				name: 'Receive Image',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId,
				parameters: {
					httpMethod: 'POST',
					path: webhookPath,
					responseMode: 'lastNode',
					responseData: 'firstEntryJson',
					options: { binaryPropertyName: 'data' },
				},
			},
			{
				id: `${nodeIdPrefix}2`,
				name: 'Submit Edit',
				type: 'n8n-nodes-alibaba-wan.alibabaWan',
				typeVersion: 1,
				position: [220, 0],
				credentials,
				parameters: {
					operation: 'edit',
					prompt: 'Invert the colours of the photo',
					source: 'binary',
					binaryField: 'data',
					numberOfImages: 2,
					waitForCompletion: false,
				},
			},
		],
		connections: { 'Receive Image': { main: [[{ node: 'Submit Edit', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

/** Writes each item's image as `<taskId>-<image index>-<execution id>.png`: a task firing twice leaves two files. */
function saveImageNode(outDir, id) {
	return {
		id,
		name: 'Save Image',
		type: 'n8n-nodes-base.readWriteFile',
		typeVersion: 1,
		position: [220, 0],
		parameters: {
			operation: 'write',
			fileName: `=${outDir}/{{ $json.taskId }}-{{ $json.image.index }}-{{ $execution.id }}.png`,
			dataPropertyName: 'data',
			options: {},
		},
	};
}

function workflows({ outDir, createdAfter }) {
	const submit = submitNoWait({
		id: 'wanE2eSubmitNoWait',
		path: SUBMIT_PATH,
		webhookId: '5b1e4a7c-2d3f-4e8a-9b0c-1d2e3f4a5b6c',
		nodeIdPrefix: '0d9e2e00-0000-4000-8100-00000000000',
	});
	const save = {
		id: 'wanE2eTriggerSave',
		name: 'E2E trigger saves finished tasks',
		nodes: [
			{
				id: '0d9e2e00-0000-4000-8100-000000000003',
				name: 'Alibaba Wan Trigger',
				type: 'n8n-nodes-alibaba-wan.alibabaWanTrigger',
				typeVersion: 1,
				position: [0, 0],
				credentials,
				parameters: {
					pollTimes: POLL_TIMES,
					event: 'taskFinished',
					downloadImages: true,
					outputMode: 'perImage',
					options: { createdAfter },
				},
			},
			saveImageNode(outDir, '0d9e2e00-0000-4000-8100-000000000004'),
		],
		connections: {
			'Alibaba Wan Trigger': { main: [[{ node: 'Save Image', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
	return { submit, save };
}

async function submit(inst, colour, webhookPath = SUBMIT_PATH) {
	const res = await request(`${inst.origin}/webhook/${webhookPath}`, {
		method: 'POST',
		headers: { 'content-type': 'image/png' },
		body: img.splitPng(400, 400, colour),
	});
	const text = await res.body.text();
	if (res.statusCode !== 200)
		throw new Error(`submit webhook answered ${res.statusCode}: ${text.slice(0, 300)}`);
	const json = JSON.parse(text);
	if (!json.taskId || json.status !== 'PENDING')
		throw new Error(`submit answered ${text.slice(0, 300)}`);
	return json.taskId;
}

/** Waits until the folder holds `count` files, then returns them. */
async function filesWhen(outDir, count, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	let files = [];
	while (Date.now() < deadline) {
		files = fs.readdirSync(outDir);
		if (files.length >= count) return files;
		await sleep(250);
	}
	throw new Error(
		`${files.length} files after ${timeoutMs / 1000} s, expected ${count}: ${files.join(', ')}`,
	);
}

/**
 * Waits until the trigger has started `count` polls after `since` (epoch ms), seen in the emulator's
 * log: a poll lists every watched model at once, so list requests more than 5 s apart are two polls.
 */
async function pollsAfter(emu, since, count, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	let polls = 0;
	while (Date.now() < deadline) {
		const times = (await emu.log())
			.filter((r) => r.route === 'list' && r.time > since)
			.map((r) => r.time)
			.sort((a, b) => a - b);
		polls = times.filter((time, i) => i === 0 || time - times[i - 1] > 5000).length;
		if (polls >= count) return;
		await sleep(500);
	}
	throw new Error(
		`${polls} trigger polls in ${timeoutMs / 1000} s, expected ${count} (one every 10 s)`,
	);
}

/** Each task's two images exactly once, each the inverse of the colour posted for it. */
function checkFiles(outDir, files, colours) {
	const seen = files.map((file) => /^(.+)-(\d)-(\d+)\.png$/.exec(file));
	if (seen.some((m) => !m)) throw new Error(`unexpected files: ${files.join(', ')}`);
	const keys = seen.map((m) => `${m[1]}-${m[2]}`);
	const expected = Object.keys(colours)
		.flatMap((id) => [`${id}-0`, `${id}-1`])
		.sort();
	if (JSON.stringify([...keys].sort()) !== JSON.stringify(expected))
		throw new Error(
			`images fired ${keys.sort().join(', ')}, expected each of ${expected.join(', ')} once`,
		);
	for (const [i, m] of seen.entries())
		img.assertRendered(
			fs.readFileSync(path.join(outDir, files[i])),
			[[0.5, colours[m[1]]]],
			files[i],
		);
}

async function runTriggerScenario(inst, emu) {
	const outDir = path.join(inst.files, 'trigger-out');
	fs.mkdirSync(outDir, { recursive: true });
	const { submit: submitWf, save } = workflows({
		outDir,
		createdAfter: new Date(Date.now() - 5000).toISOString(),
	});
	// One import command for both (each CLI command boots n8n), then each published.
	const r = await n8n.importWorkflow(inst, [submitWf, save]);
	if (r.code !== 0 || !/Successfully imported 2 workflows/i.test(r.stdout + r.stderr))
		throw new Error(`import of ${submitWf.id}, ${save.id} failed\n${n8n.tail(r)}`);
	for (const workflow of [submitWf, save]) await n8n.activate(inst, workflow.id);
	const colours = {};
	try {
		await n8n.startServer(inst);
		await waitForWebhook(inst, SUBMIT_PATH);
		const t = Date.now();
		for (const colour of [img.RED, img.GREEN, img.BLUE])
			colours[await submit(inst, colour)] = colour;
		checkFiles(outDir, await filesWhen(outDir, 6, 150_000), colours);
		log(`trigger: 3 tasks submitted, their 6 images saved by the trigger after ${elapsed(t)}`);
	} finally {
		await n8n.stopServer(inst);
	}
	try {
		await n8n.startServer(inst);
		await waitForWebhook(inst, SUBMIT_PATH);
		const t = Date.now();
		colours[await submit(inst, [255, 255, 0])] = [255, 255, 0];
		const files = await filesWhen(outDir, 8, 150_000);
		// Two polls after the last firing must fire nothing again; the third poll's start bounds the
		// second one's execution (polls take well under their 10 s apart).
		const tWait = Date.now();
		await pollsAfter(emu, Date.now(), 3, 60_000);
		checkFiles(outDir, fs.readdirSync(outDir), colours);
		log(
			`trigger: after a restart, the 4th task fired once (${elapsed(t)}); ${files.length} files, none twice after 2 more polls (${elapsed(tWait)})`,
		);
	} finally {
		await n8n.stopServer(inst);
	}
}

module.exports = {
	runTriggerScenario,
	submitNoWait,
	saveImageNode,
	submit,
	filesWhen,
	checkFiles,
};
