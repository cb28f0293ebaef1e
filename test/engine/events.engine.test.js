'use strict';
// The Alibaba Wan Event Trigger's webhook(), run through n8n-core's WebhookContext against the
// emulator, with events as the emulator's EventBridge publishes them: parameters, the credential,
// the workflow's static data and binary downloads as n8n gives them to the node.
const { startEmulator } = require('../emulator');
const { taskFinishedEvent } = require('../emulator/eventbridge');
const { makePng, dataUri, readPng } = require('../fixtures/images');
const { callWebhook } = require('../harness');
const { createTaskDirectly, credentialFor, routes } = require('../support');

const TOKEN = 'engine-test-token-0123456789';
const TRIGGER = {
	name: 'Alibaba Wan Event Trigger',
	type: 'n8n-nodes-alibaba-wan.alibabaWanEventTrigger',
	typeVersion: 1,
};
const IMAGE = dataUri(makePng(400, 400, [255, 0, 0]));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let emu;
beforeAll(async () => {
	emu = await startEmulator({ latencyMs: 100, pendingMs: 20, render: { maxSide: 64 } });
});
afterAll(async () => await emu.stop());
beforeEach(() => emu.reset());

/** A finished task of the emulator and the Complete Event EventBridge would deliver for it. */
async function finishedTask(prompt = 'make it pop', n = 1) {
	const id = await createTaskDirectly(emu, { prompt, image: IMAGE, n });
	const task = emu.tasks.get(id);
	while (!['SUCCEEDED', 'FAILED'].includes(task.status)) await sleep(20);
	emu.clearLog();
	return { id, event: taskFinishedEvent(task, task.status, 0) };
}

// `token` null: no token header at all.
const deliver = (event, { parameters = {}, staticData } = {}, token = TOKEN) =>
	callWebhook({
		node: { ...TRIGGER, parameters: { token: TOKEN, ...parameters } },
		credentials: { alibabaWanApi: credentialFor(emu) },
		workflowId: 'wf-events',
		staticData,
		request: {
			headers: token === null ? {} : { 'x-eventbridge-signature-token': token },
			body: event,
		},
	});

/** The fired-task record n8n saves for the node (static data of scope "node"). */
const firedOf = (staticData) => staticData[`node:${TRIGGER.name}`]?.fired ?? {};

test('an event fires its task once: one query, the image as binary, and the task remembered across a restart', async () => {
	const { id, event } = await finishedTask('make it pop', 2);
	const first = await deliver(event);
	expect(first.status).toBe(200);
	expect(first.body).toEqual({ message: 'Accepted', taskId: id });
	expect(routes(emu, 'query').map((r) => r.taskId)).toEqual([id]);
	expect(first.items).toHaveLength(2);
	expect(first.items[0].json).toMatchObject({
		taskId: id,
		status: 'SUCCEEDED',
		outcome: 'succeeded',
		model: 'wan2.5-i2i-preview',
	});
	const png = readPng(Buffer.from(first.items[0].binary.data.data, 'base64'));
	expect(png.width).toBeGreaterThan(0);
	expect(Object.keys(firedOf(first.staticData))).toEqual([id]);
	// The same event again, from the saved static data only (a new process would have no memory).
	emu.clearLog();
	const again = await deliver(event, { staticData: first.staticData });
	expect(again.status).toBe(200);
	expect(again.body.message).toMatch(/^Ignored: the task fired already/);
	expect(again.response.workflowData).toBeUndefined();
	expect(routes(emu, 'query')).toHaveLength(0);
});

test('a wrong or missing token, a foreign source and a malformed task id are refused before any request', async () => {
	const { event } = await finishedTask();
	const cases = [
		['not-the-token-0123456789', event, 403],
		[null, event, 401],
		[TOKEN, { ...event, source: 'acs.oss' }, 400],
		[TOKEN, { ...event, data: { ...event.data, task_id: '../../x' } }, 400],
	];
	for (const [token, body, status] of cases) {
		const result = await deliver(body, {}, token);
		expect(result.status).toBe(status);
		expect(result.response).toEqual({ noWebhookResponse: true });
		expect(JSON.stringify(result.body)).not.toContain(TOKEN);
	}
	expect(emu.log).toHaveLength(0);
});

test('a failed query answers 503 and remembers nothing, so the re-sent event fires', async () => {
	const { id, event } = await finishedTask();
	emu.inject({ route: 'query', kind: 'status', status: 403, code: 'AccessDenied', times: 1 });
	const failed = await deliver(event);
	expect(failed.status).toBe(503);
	expect(failed.response.workflowData).toBeUndefined();
	expect(firedOf(failed.staticData)).toEqual({});
	const retried = await deliver(event, { staticData: failed.staticData });
	expect(retried.status).toBe(200);
	expect(retried.items.map((item) => item.json.taskId)).toEqual([id]);
});

test('two deliveries of one event at the same moment fire it once', async () => {
	const { event } = await finishedTask();
	emu.configure({ latencyMs: 100 });
	const results = await Promise.all([deliver(event), deliver(event), deliver(event)]);
	expect(results.filter((r) => r.response.workflowData)).toHaveLength(1);
	expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
	expect(routes(emu, 'query')).toHaveLength(1);
});

test('tasks of other models and states outside Fire On are acknowledged without a query; a short token answers 500', async () => {
	const { event } = await finishedTask();
	const otherModel = await deliver(event, { parameters: { options: { models: 'wan2.7-image' } } });
	expect(otherModel.status).toBe(200);
	expect(otherModel.body.message).toMatch(/model wan2.5-i2i-preview is not in Models/);
	const notWanted = await deliver(event, { parameters: { statuses: ['failed'] } });
	expect(notWanted.body.message).toMatch(/not in Fire On/);
	expect(emu.log).toHaveLength(0);
	const short = await deliver(event, { parameters: { token: 'short' } }, 'short');
	expect(short.status).toBe(500);
	expect(JSON.stringify(short.body)).not.toContain('short');
});
