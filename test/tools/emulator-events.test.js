'use strict';

// The emulator's EventBridge: a finished task is published once per target as a Complete Event
// (envelope, data fields, Beijing times without milliseconds, the token header), retried on
// non-2xx answers and on no answer, with optional duplicates and delays, only in the target's region.
const http = require('http');
const { request } = require('undici');
const { startEmulator } = require('../emulator');
const { makePng, dataUri } = require('../fixtures/images');

const CREATE = '/services/aigc/image2image/image-synthesis';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const RED_URI = dataUri(makePng(384, 384, [255, 0, 0]), 'image/png');

let emu;
let receiver;
beforeAll(async () => {
	emu = await startEmulator({ seed: 3, latencyMs: 150, pendingMs: 50 });
});
afterAll(async () => {
	await emu.stop();
});
beforeEach(() => {
	emu.reset();
	emu.eventBridge.clearTargets();
});
afterEach(async () => {
	if (receiver) await new Promise((resolve) => receiver.server.close(resolve));
	receiver = undefined;
});

/** An HTTP endpoint on 127.0.0.1 that records what it gets and answers with `statuses` in turn (then 200). */
async function receive(statuses = []) {
	const got = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			got.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
			const status = statuses.shift() ?? 200;
			if (status === 'hang') return; // never answers: the sender's timeout
			res.writeHead(status).end();
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	receiver = { server, got, url: `http://127.0.0.1:${server.address().port}/hook` };
	return receiver;
}

async function createTask(region = 'singapore', prompt = 'make it pop') {
	const res = await request(`${emu.baseUrl(region)}${CREATE}`, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${emu.keys[region]}`,
			'x-dashscope-async': 'enable',
			'content-type': 'application/json',
		},
		body: JSON.stringify({ model: 'wan2.5-i2i-preview', input: { prompt, images: [RED_URI] } }),
	});
	return (await res.body.json()).output.task_id;
}

const until = async (check, ms = 5000) => {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error('timed out waiting');
		await sleep(20);
	}
};

test('a finished task is published once as a Complete Event with the token header', async () => {
	const { got, url } = await receive();
	emu.eventBridge.addTarget({ url, token: 'secret-token-0123456789' });
	const id = await createTask('beijing');
	await until(() => got.length === 1);
	await sleep(300);
	expect(got).toHaveLength(1);
	const [{ headers, body }] = got;
	expect(headers['x-eventbridge-signature-token']).toBe('secret-token-0123456789');
	expect(headers['content-type']).toBe('application/json;charset=utf-8');
	expect(body).toMatchObject({
		source: 'acs.dashscope',
		type: 'dashscope:System:AsyncTaskFinish',
		specversion: '1.0',
		datacontenttype: 'application/json;charset=utf-8',
		aliyuneventbusname: 'default',
		aliyunregionid: 'cn-beijing',
		data: {
			task_id: id,
			task_status: 'SUCCEEDED',
			contain_result: false,
			region: 'cn-beijing',
			user_api_unique_key: 'apikey:v1:aigc:image2image:image-synthesis:wan2.5-i2i-preview',
		},
	});
	expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
	// data times: Beijing wall clock, whole seconds; the envelope's time is UTC with milliseconds.
	const task = emu.tasks.get(id);
	expect(body.data.end_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
	const endBeijing = new Date(task.endAt + 8 * 3600e3).toISOString().slice(0, 19).replace('T', ' ');
	expect(body.data.end_time).toBe(endBeijing);
	expect(body.time).toBe(new Date(task.endAt).toISOString());
	expect(emu.eventBridge.deliveries).toMatchObject([{ taskId: id, attempt: 1, status: 200 }]);
});

test('failed and canceled tasks are published with their status; nothing is published without a target', async () => {
	const silent = await createTask('singapore');
	const { got, url } = await receive();
	await sleep(300); // "silent" finished before the rule existed: never published
	emu.eventBridge.addTarget({ url });
	const failed = await createTask('singapore', 'x [[fail:DataInspectionFailed]]');
	const canceled = await createTask('singapore', 'y [[latency:2000]]');
	const res = await request(`${emu.baseUrl('singapore')}/tasks/${canceled}/cancel`, {
		method: 'POST',
		headers: { authorization: `Bearer ${emu.keys.singapore}` },
	});
	expect(res.statusCode).toBe(200);
	await until(() => got.length === 2);
	await sleep(200);
	const byTask = Object.fromEntries(got.map((g) => [g.body.data.task_id, g.body.data.task_status]));
	expect(byTask).toEqual({ [failed]: 'FAILED', [canceled]: 'CANCELED' });
	expect(byTask[silent]).toBeUndefined();
	expect(got[0].headers['x-eventbridge-signature-token']).toBeUndefined();
});

test('non-2xx answers and no answer are retried with the same event id, up to the retry count', async () => {
	const { got, url } = await receive([503, 'hang', 500, 500, 500]);
	emu.eventBridge.addTarget({ url, retries: 3, retryDelayMs: 20, timeoutMs: 300 });
	await createTask();
	await until(() => got.length === 4);
	await sleep(600);
	expect(got).toHaveLength(4); // 1 + 3 retries, then given up
	expect(new Set(got.map((g) => g.body.id)).size).toBe(1);
	expect(emu.eventBridge.deliveries.map((d) => [d.attempt, d.status])).toEqual([
		[1, 503],
		[2, null],
		[3, 500],
		[4, 500],
	]);
});

test('a retried delivery stops at the first 2xx', async () => {
	const { got, url } = await receive([502]);
	emu.eventBridge.addTarget({ url, retryDelayMs: [10, 30] });
	await createTask();
	await until(() => got.length === 2);
	await sleep(200);
	expect(got).toHaveLength(2);
});

test('duplicates and a delay: the same event several times, after the delay', async () => {
	const { got, url } = await receive();
	emu.eventBridge.addTarget({ url, duplicates: 2, delayMs: 300 });
	const id = await createTask();
	const end = emu.tasks.get(id).endAt;
	await until(() => got.length === 3);
	expect(new Set(got.map((g) => g.body.id)).size).toBe(1);
	const first = emu.eventBridge.deliveries[0];
	expect(first.at - end).toBeGreaterThanOrEqual(300);
	expect(emu.eventBridge.deliveries.filter((d) => d.duplicate)).toHaveLength(2);
});

test("a target with a region gets only that region's events; the control API registers targets without echoing the token", async () => {
	const { got, url } = await receive();
	const added = await request(`${emu.origin}/__emulator/eventbridge/targets`, {
		method: 'POST',
		body: JSON.stringify({ url, token: 'secret-token-0123456789', region: 'beijing' }),
	});
	const shown = await added.body.json();
	expect(shown).toMatchObject({ id: 'target-1', region: 'beijing', token: '(set)' });
	await createTask('singapore');
	const id = await createTask('beijing');
	await until(() => got.length === 1);
	await sleep(300);
	expect(got.map((g) => g.body.data.task_id)).toEqual([id]);
	const deliveries = await (
		await request(`${emu.origin}/__emulator/eventbridge/deliveries`)
	).body.json();
	expect(deliveries).toHaveLength(1);
	const bad = await request(`${emu.origin}/__emulator/eventbridge/targets`, {
		method: 'POST',
		body: JSON.stringify({ url: 'http://example.com/x' }),
	});
	expect(bad.statusCode).toBe(400);
	await bad.body.dump();
});
