'use strict';
// Every error the service's table lists, on every call that can meet it (create, query, cancel,
// list) and on the result download: what the user reads in the editor names the service's code and
// message, the request id, the task id where a task exists, and a hint where one helps; with
// Continue On Fail the error item carries the same as fields.
const { startEmulator } = require('../emulator');
const { makePng } = require('../fixtures/images');
const { NODE, runWan, credentialFor, nodeErrorText, useTuning } = require('../support');

const { SERVICE_ERRORS } = require('../fixtures/service-errors');

// Hints where one helps: the region for a rejected key, only PENDING for a cancel.
const HINTS = {
	InvalidApiKey: /region/i,
	UnsupportedOperation: /only PENDING tasks can be cancelled/,
};

useTuning({ retry: { baseDelayMs: 5, maxDelayMs: 20 }, budget: { pauseMs: 5 } });
const KEYS = Array.from(
	{ length: 200 },
	(_, i) => `sk-emu-sg-errors-${String(i).padStart(4, '0')}`,
);
let emu;
let keyIndex = 0;
beforeAll(async () => {
	// Each case gets a key of its own, so one case's throttling leaves the next one's budget alone.
	emu = await startEmulator({ latencyMs: 60_000, pendingMs: 0, keys: { singapore: KEYS } });
});
afterAll(async () => {
	await emu.stop();
});

const base64 = makePng(400, 400, [120, 30, 200]).toString('base64');
const createParams = {
	operation: 'edit',
	prompt: 'p',
	source: 'base64',
	base64,
	waitForCompletion: false,
};

/** A RUNNING task of the account (created before the fault is injected). */
async function runningTask(credential) {
	const run = await runWan(emu, createParams, { credential });
	return run.items(NODE)[0].json.taskId;
}

const CALLS = {
	create: async () => ({ params: createParams }),
	query: async (credential) => {
		const taskId = await runningTask(credential);
		return { params: { operation: 'getStatus', taskId, waitForCompletion: false }, taskId };
	},
	cancel: async (credential) => {
		const taskId = await runningTask(credential);
		return { params: { operation: 'cancel', taskId }, taskId };
	},
	list: async () => ({ params: { operation: 'listTasks', returnAll: false, limit: 5 } }),
};

// Through the engine: every route with a client error, a rejected key, throttling and a server
// error; how each code of the table reads is a pure function (test/unit/transport/errors.test.ts).
const ENGINE_CODES = new Set([
	'InvalidParameter',
	'InvalidApiKey',
	'Throttling.RateQuota',
	'InternalError',
	'UnsupportedOperation',
]);
const cases = Object.keys(CALLS).flatMap((route) =>
	SERVICE_ERRORS.filter(
		([, code]) => ENGINE_CODES.has(code) && (code !== 'UnsupportedOperation' || route === 'cancel'),
	).map(([status, code, message]) => [route, status, code, message]),
);

describe.each([false, true])('Continue On Fail %s', (continueOnFail) => {
	test.each(cases)('%s answered %i %s', async (route, status, code, message) => {
		emu.clearFaults();
		const credential = credentialFor(emu, 'singapore', { apiKey: KEYS[keyIndex++] });
		const { params, taskId } = await CALLS[route](credential);
		emu.inject({ route, kind: 'status', status, code, message, times: Infinity });
		const run = await runWan(emu, params, { credential, settings: { continueOnFail } });
		emu.clearFaults();
		if (continueOnFail) {
			const [item] = run.items(NODE);
			expect(item.json).toMatchObject({ code, httpCode: status, requestId: expect.any(String) });
			expect(item.json.error).toContain(code);
			expect(item.json.error).toContain(message);
			if (taskId) expect(item.json.taskId).toBe(taskId);
			return;
		}
		expect(run.status).toBe('error');
		const error = run.nodeError(NODE);
		expect(error.message).toContain(`${code}: ${message}`);
		const text = nodeErrorText(run);
		expect(text).toMatch(/Request ID: [0-9a-f-]{16,}/);
		if (taskId) expect(text).toContain(`Task ID: ${taskId}`);
		if (HINTS[code]) expect(text).toMatch(HINTS[code]);
	});
});

test('an unknown task is final, says why, and keeps its id', async () => {
	const run = await runWan(
		emu,
		{ operation: 'getStatus', taskId: 'no-such-task-0001', waitForCompletion: true },
		{ credential: credentialFor(emu, 'singapore', { apiKey: KEYS[keyIndex++] }) },
	);
	expect(run.status).toBe('error');
	const text = nodeErrorText(run);
	expect(text).toContain('no-such-task-0001');
	expect(text).toMatch(/24 hours/);
});

describe('result downloads refused by the storage host', () => {
	test.each([
		[403, 'AccessDenied', 'Request has expired.'],
		[404, 'NoSuchKey', 'The specified key does not exist.'],
	])('HTTP %i %s names the code, the message and the task', async (status, code, message) => {
		emu.configure({ latencyMs: 300 });
		const credential = credentialFor(emu, 'singapore', { apiKey: KEYS[keyIndex++] });
		const created = await runWan(emu, createParams, { credential });
		const { taskId } = created.items(NODE)[0].json;
		emu.inject({ route: 'download', kind: 'status', status, code, message, times: Infinity });
		const run = await runWan(
			emu,
			{ operation: 'getStatus', taskId, waitForCompletion: true },
			{ credential },
		);
		emu.clearFaults();
		emu.configure({ latencyMs: 60_000 });
		expect(run.status).toBe('error');
		const text = nodeErrorText(run);
		expect(text).toContain(code);
		expect(text).toContain(message);
		expect(text).toContain(taskId);
		expect(text).not.toMatch(/Signature=/);
	});
});
