'use strict';
// The transport's retry rules, proven by what the emulator received: reads are retried, a paid
// create only when the service certainly did not take it.
const { startEmulator } = require('../emulator');
const { makePng } = require('../fixtures/images');
const {
	NODE,
	runWan,
	routes,
	nodeErrorText,
	credentialFor,
	useTuning,
	tuning,
} = require('../support');
useTuning({
	retry: { baseDelayMs: 20, maxDelayMs: 200, timeoutMs: { create: 1500, query: 1500 } },
});
let emu;
beforeAll(async () => {
	emu = await startEmulator({ latencyMs: 300, pendingMs: 100 });
});
afterAll(async () => {
	await emu.stop();
});
beforeEach(() => {
	emu.reset();
	emu.configure({ retryAfterSeconds: null });
});

const create = {
	operation: 'edit',
	prompt: 'p',
	waitForCompletion: false,
	source: 'base64',
	base64: makePng(400, 400).toString('base64'),
};
const status = (taskId = 'task-1') => ({
	operation: 'getStatus',
	taskId,
	waitForCompletion: false,
});
const MAY_EXIST = 'may have been created and billed';

describe('create (paid): retried only when certainly not taken', () => {
	test('429 throttling is retried until the task is created, once', async () => {
		emu.inject({ route: 'create', kind: 'status', status: 429, times: 2 });
		const run = await runWan(emu, create);
		expect(run.items(NODE)[0].json.status).toBe('PENDING');
		expect(routes(emu, 'create').map((r) => r.status)).toEqual([429, 429, 200]);
		expect(emu.tasks.size).toBe(1);
	});

	test('a 500 after the service took the task: exactly one create, and the error says a task may exist', async () => {
		emu.inject({ route: 'create', kind: 'status', status: 500, phase: 'after' });
		const run = await runWan(emu, create);
		const text = nodeErrorText(run);
		expect(routes(emu, 'create')).toHaveLength(1);
		expect(emu.tasks.size).toBe(1);
		expect(text).toContain('InternalError');
		expect(text).toContain(MAY_EXIST);
		expect(text).toContain('List Tasks');
		expect(run.nodeError(NODE).httpCode).toBe('500');
	});

	test('a timeout: exactly one create, and the error says a task may exist', async () => {
		emu.inject({ route: 'create', kind: 'slow', delayMs: 3000, phase: 'after' });
		const run = await runWan(emu, create);
		expect(nodeErrorText(run)).toContain('did not answer in time');
		expect(nodeErrorText(run)).toContain(MAY_EXIST);
		expect(routes(emu, 'create')).toHaveLength(1);
	});

	test('a connection reset, before or after processing, is never retried', async () => {
		for (const phase of ['before', 'after']) {
			emu.reset();
			emu.inject({ route: 'create', kind: 'reset', phase });
			const run = await runWan(emu, create);
			expect(nodeErrorText(run)).toContain(MAY_EXIST);
			expect(routes(emu, 'create')).toHaveLength(1);
		}
	});

	test('a refused connection (nothing sent) fails without claiming a task may exist', async () => {
		const credential = credentialFor(emu, 'singapore', { baseUrl: 'http://127.0.0.1:9/api/v1' });
		const run = await runWan(emu, create, { credential });
		expect(nodeErrorText(run)).toContain('The connection to the service failed');
		expect(nodeErrorText(run)).toContain('Network error ECONNREFUSED');
		expect(nodeErrorText(run)).not.toContain(MAY_EXIST);
	});

	test('a 400 from the service is not retried and carries its advice', async () => {
		const run = await runWan(emu, { ...create, source: 'url', url: `${emu.origin}/missing.png` });
		expect(routes(emu, 'create')).toHaveLength(1);
		expect(nodeErrorText(run)).toContain('InvalidParameter.DataInspection');
		expect(nodeErrorText(run)).toContain('could not download or inspect');
	});
});

describe('reads: retried on 429, 5xx, resets and broken bodies', () => {
	test.each([
		['429', { kind: 'status', status: 429 }],
		['504', { kind: 'status', status: 504 }],
		['reset', { kind: 'reset' }],
		['malformed JSON', { kind: 'malformed' }],
		['timeout', { kind: 'slow', delayMs: 2500 }],
	])('Get Status recovers from %s', async (_name, fault) => {
		emu.inject({ route: 'query', times: 2, ...fault });
		const run = await runWan(emu, status('abc'));
		expect(run.items(NODE)[0].json.status).toBe('UNKNOWN');
		expect(routes(emu, 'query')).toHaveLength(3);
	});

	test('Retry-After is honoured', async () => {
		emu.inject({ route: 'query', kind: 'status', status: 429, retryAfter: 1 });
		await runWan(emu, status('abc'));
		const [first, second] = routes(emu, 'query');
		expect(second.time - first.time).toBeGreaterThanOrEqual(950);
	});

	test('List Tasks and Cancel are retried too', async () => {
		emu.inject({ route: 'list', kind: 'status', status: 503 });
		const list = await runWan(emu, { operation: 'listTasks', limit: 5 });
		expect(list.status).not.toBe('error');
		expect(routes(emu, 'list').map((r) => r.status)).toEqual([503, 200]);

		emu.configure({ pendingMs: 5000, latencyMs: 10_000 });
		const { taskId } = (await runWan(emu, create)).items(NODE)[0].json;
		emu.inject({ route: 'cancel', kind: 'status', status: 500 });
		const canceled = await runWan(emu, { operation: 'cancel', taskId });
		expect(canceled.items(NODE)[0].json.status).toBe('CANCELED');
		expect(routes(emu, 'cancel').map((r) => r.status)).toEqual([500, 200]);
		emu.configure({ pendingMs: 100, latencyMs: 300 });
	});

	test('a persistent 503 gives up after the attempt budget with the task id in the error', async () => {
		emu.inject({ route: 'query', kind: 'status', status: 503, times: Infinity });
		const run = await runWan(emu, status('task-42'));
		expect(routes(emu, 'query')).toHaveLength(tuning().retry.queryAttempts);
		expect(nodeErrorText(run)).toContain('ModelUnavailable');
		expect(nodeErrorText(run)).toContain('Task ID: task-42');
	});

	test('a 401 is not retried', async () => {
		const run = await runWan(emu, status('abc'), {
			credential: credentialFor(emu, 'singapore', { apiKey: 'sk-wrong' }),
		});
		expect(routes(emu, 'query')).toHaveLength(1);
		expect(nodeErrorText(run)).toContain(`a custom base URL (${emu.baseUrl('singapore')})`);
		expect(JSON.stringify(run.raw)).not.toContain('sk-wrong');
	});
});
