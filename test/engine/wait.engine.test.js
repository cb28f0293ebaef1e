'use strict';
// Wait for Completion: one poll loop for the batch under a rate cap, results as binary, partial
// and total failures, timeouts, stopping, and a fault storm in which nothing is lost or paid twice.
const { startEmulator } = require('../emulator');
const { makePng, readPng } = require('../fixtures/images');
const {
	NODE,
	runWan,
	routes,
	nodeErrorText,
	credentialFor,
	polling,
	tuning,
	useTuning,
	overrideTuning,
} = require('../support');

useTuning({ retry: { baseDelayMs: 50, maxDelayMs: 400 } });
let emu;
beforeAll(async () => {
	emu = await startEmulator({ latencyMs: 1200, pendingMs: 200, render: { maxSide: 128 } });
});
afterAll(async () => {
	await emu.stop();
});
beforeEach(() => {
	emu.reset();
	emu.configure({
		latencyMs: 1200,
		pendingMs: 200,
		spreadMs: 0,
		render: { maxSide: 128, resultBytes: null },
	});
});

const base64 = makePng(400, 400, [255, 0, 0]).toString('base64');
const edit = (extra = {}) => ({
	operation: 'edit',
	prompt: '={{ $json.prompt }}',
	source: 'base64',
	base64,
	...extra,
});
const prompts = (count, text = 'p') =>
	Array.from({ length: count }, (_, i) => ({ json: { prompt: `${text} ${i}` } }));

test('waiting starts with the first create: the batch is watched while it is still being created, and every image comes back in order', async () => {
	emu.configure({ spreadMs: 600 });
	// Creates paced at 4 per second: the 12 take about 3 s, longer than a task's 1.2 s.
	const run = await runWan(emu, edit(), {
		items: prompts(12),
		credential: credentialFor(emu, 'singapore', { queriesPerSecond: 4, createsPerSecond: 4 }),
	});
	const items = run.items(NODE);
	expect(items).toHaveLength(12);
	expect(items.map((item) => item.pairedItem.item)).toEqual([...Array(12).keys()]);
	items.forEach((item, i) => {
		expect(emu.tasks.get(item.json.taskId).prompt).toBe(`p ${i}`);
		expect(readPng(run.binary(item)).width).toBeGreaterThan(0);
	});
	const creates = routes(emu, 'create');
	expect(creates).toHaveLength(12);
	// Some task was asked about, and some result fetched, before the last create.
	const lastCreate = creates[creates.length - 1].time;
	expect(polling(emu.log)[0].time).toBeLessThan(lastCreate);
	expect(routes(emu, 'query')[0].time).toBeLessThan(lastCreate);
	// A dozen pending tasks are swept with the list endpoint rather than one query each: a task is
	// fetched once, when final (the first few, polled before five were open, may be asked early).
	expect(routes(emu, 'list').length).toBeGreaterThan(0);
	expect(routes(emu, 'query').length).toBeGreaterThanOrEqual(12);
	expect(routes(emu, 'query').length).toBeLessThanOrEqual(12 + tuning().watch.listThreshold);
	expect(emu.log.filter((r) => r.status === 429)).toHaveLength(0);
});

test('small batches poll each task; Download Images off gives one item per task with the URLs', async () => {
	const run = await runWan(emu, edit({ numberOfImages: 2, downloadImages: false }), {
		items: prompts(2),
	});
	const items = run.items(NODE);
	expect(items).toHaveLength(2);
	for (const item of items) {
		expect(item.binary).toBeUndefined();
		expect(item.json.imageUrls).toHaveLength(2);
	}
	expect(routes(emu, 'list')).toHaveLength(0);
	expect(routes(emu, 'download')).toHaveLength(0);
});

test('partial failure: the failed image is reported, the others are delivered, nothing stops', async () => {
	const params = edit({ numberOfImages: 3 });
	const items = [{ json: { prompt: 'three variants [[partial:1]]' } }];
	const run = await runWan(emu, params, { items });
	const out = run.items(NODE);
	expect(out.map((item) => item.json.image.index)).toEqual([0, 2]);
	expect(out[0].json.results[1]).toMatchObject({ index: 1, code: 'InternalError.Timeout' });
	expect(out[0].json.imageCount).toBe(2);

	const tolerant = await runWan(emu, params, { items, settings: { continueOnFail: true } });
	const withError = tolerant.items(NODE);
	expect(withError).toHaveLength(3);
	expect(withError[2].json).toMatchObject({ image: { index: 1, code: 'InternalError.Timeout' } });
	expect(withError[2].json.error).toContain('Image 2 of task');
});

test('a failed task among good ones: without Continue On Fail the error lists every task of the run', async () => {
	const items = [
		{ json: { prompt: 'good' } },
		{ json: { prompt: 'bad [[fail:IPInfringementSuspect]]' } },
		{ json: { prompt: 'good too' } },
	];
	const run = await runWan(emu, edit(), { items });
	const text = nodeErrorText(run);
	expect(text).toContain('IPInfringementSuspect');
	for (const task of emu.tasks.values()) expect(text).toContain(task.id);

	const tolerant = await runWan(emu, edit(), { items, settings: { continueOnFail: true } });
	const out = tolerant.items(NODE);
	expect(out.map((item) => item.pairedItem.item)).toEqual([0, 1, 2]);
	expect(out[1].json).toMatchObject({ code: 'IPInfringementSuspect' });
	expect(out[1].json.taskId).toBeDefined();
	expect(out[0].binary.data).toBeDefined();
});

test('Max Wait: fail with the task id, or return the current status for a later Get Status', async () => {
	emu.configure({ latencyMs: 30_000 });
	const short = { maxWaitSeconds: 1 };
	const failing = await runWan(emu, edit({ waitOptions: short }), { items: prompts(1) });
	const [task] = emu.tasks.values();
	expect(nodeErrorText(failing)).toContain(`Task ${task.id} did not finish within 1 s`);
	expect(nodeErrorText(failing)).toContain('Get Status');

	const returning = await runWan(
		emu,
		edit({ waitOptions: { ...short, onTimeout: 'returnStatus' } }),
		{ items: prompts(1) },
	);
	expect(returning.items(NODE)[0].json).toMatchObject({
		timedOut: true,
		shouldPoll: true,
		done: false,
	});
	expect(['PENDING', 'RUNNING']).toContain(returning.items(NODE)[0].json.status);
});

test('a stop ends the wait within a second and cancels the tasks that have not started', async () => {
	emu.configure({ latencyMs: 60_000, pendingMs: 50_000 });
	const started = Date.now();
	const run = await runWan(emu, edit(), { items: prompts(3), cancelAfterMs: 1500 });
	const stoppedAt = started + run.canceledAfterMs;
	expect(routes(emu, 'query').length).toBeGreaterThan(0);
	await new Promise((resolve) => setTimeout(resolve, 2500));
	// Polling stopped within a second of the stop: nothing but the cancels came after it.
	expect(routes(emu, 'query').filter((r) => r.time > stoppedAt + 1000)).toHaveLength(0);
	expect(routes(emu, 'cancel').map((r) => r.status)).toEqual([200, 200, 200]);
	for (const task of emu.tasks.values()) expect(task.status).toBe('CANCELED');
});

test('a stop while the batch is still being created: no create after it, and the tasks created are cancelled', async () => {
	emu.configure({ latencyMs: 60_000, pendingMs: 50_000 });
	// One create a second: the stop comes after two or three of the eight.
	const credential = credentialFor(emu, 'singapore', { createsPerSecond: 1 });
	const run = await runWan(emu, edit(), { items: prompts(8), credential, cancelAfterMs: 2200 });
	expect(run.status).not.toBe('success');
	const creates = routes(emu, 'create');
	expect(creates.length).toBeGreaterThan(0);
	expect(creates.length).toBeLessThan(8);
	expect(
		routes(emu, 'cancel')
			.map((r) => r.taskId)
			.sort(),
	).toEqual(creates.map((r) => r.taskId).sort());
	for (const task of emu.tasks.values()) expect(task.status).toBe('CANCELED');
	expect(nodeErrorText(run)).toMatch(/Tasks of this run: /);
});

test('Get Status waits for several ids in one loop', async () => {
	const created = await runWan(emu, edit({ waitForCompletion: false }), { items: prompts(3) });
	const ids = created.items(NODE).map((item) => ({ json: { id: item.json.taskId } }));
	const run = await runWan(
		emu,
		{ operation: 'getStatus', taskId: '={{ $json.id }}', outputMode: 'perTask' },
		{ items: ids },
	);
	const out = run.items(NODE);
	expect(out.map((item) => item.json.taskId)).toEqual(ids.map((item) => item.json.id));
	for (const item of out) expect(item.binary.data.mimeType).toBe('image/png');
});

test('a result over the download cap fails with the task id and its URL', async () => {
	emu.configure({ render: { maxSide: 128, resultBytes: 2 * 1024 * 1024 } });
	const run = await runWan(emu, edit({ waitOptions: { maxImageMb: 1 } }), { items: prompts(1) });
	const text = nodeErrorText(run);
	expect(text).toContain('over the 1 MB download cap');
	expect(text).toContain('/results/');
	expect(text).toContain([...emu.tasks.values()][0].id);
});

test('under 30 % faults on polls and downloads and 429s on create, every item ends with its result or an error with its task id, and each is created once', async () => {
	emu.configure({ spreadMs: 500 });
	for (const route of ['query', 'list', 'download']) {
		for (const fault of [
			{ kind: 'status', status: 429 },
			{ kind: 'status', status: 500 },
			{ kind: 'status', status: 503 },
			{ kind: 'reset' },
			{ kind: 'slow', delayMs: 300 },
		]) {
			emu.inject({ route, ...fault, times: Infinity, probability: 0.06 });
		}
	}
	emu.inject({ route: 'create', kind: 'status', status: 429, times: Infinity, probability: 0.3 });
	const count = 20;
	// The pause after a 429 and the rate's recovery shortened: the outcome, not the pace, is shown.
	const restore = overrideTuning({
		budget: { pauseMs: 100, recoverEveryMs: 200 },
		watch: { throttledRetryMs: 100 },
	});
	const run = await runWan(emu, edit(), {
		items: prompts(count),
		settings: { continueOnFail: true },
		timeoutMs: 80_000,
	}).finally(restore);
	const out = run.items(NODE);
	expect(out.map((item) => item.pairedItem.item).sort((a, b) => a - b)).toEqual([
		...Array(count).keys(),
	]);
	for (const item of out) {
		expect(item.json.taskId).toBeDefined();
		if (!item.json.error) expect(run.binary(item).length).toBeGreaterThan(0);
	}
	const accepted = routes(emu, 'create').filter((r) => r.status === 200);
	expect(accepted).toHaveLength(count);
	expect(emu.tasks.size).toBe(count);
	expect(new Set(out.map((item) => item.json.taskId)).size).toBe(count);
});

test('"Continue (using error output)" sends failed items to the error output with their task id', async () => {
	const items = [
		{ json: { prompt: 'good' } },
		{ json: { prompt: 'bad [[fail:DataInspectionFailed]]' } },
	];
	const run = await runWan(emu, edit(), { items, settings: { onError: 'continueErrorOutput' } });
	const [success, failure] = [run.output(NODE, 0), run.output(NODE, 1)];
	expect(success).toHaveLength(1);
	expect(success[0].binary.data).toBeDefined();
	expect(failure).toHaveLength(1);
	const badTask = [...emu.tasks.values()].find((task) => task.prompt.startsWith('bad'));
	expect(failure[0].json.error).toContain('DataInspectionFailed');
	expect(failure[0].json.message).toContain(`Task ID: ${badTask.id}`);
	expect(failure[0].pairedItem).toEqual({ item: 1 });
});

test('Max Wait while the service throttles every status query: the error and Return Current Status name its code, message and the throttled queries', async () => {
	emu.configure({ latencyMs: 30_000 });
	const throttle = () =>
		emu.inject({
			route: 'any',
			kind: 'status',
			status: 429,
			code: 'Throttling.RateQuota',
			message: 'Requests rate limit exceeded, please try again later.',
			times: Infinity,
		});
	const created = await runWan(emu, edit({ waitForCompletion: false }), { items: prompts(1) });
	const taskId = created.items(NODE)[0].json.taskId;
	throttle();
	const status = { operation: 'getStatus', taskId, waitForCompletion: true };
	const failing = await runWan(emu, { ...status, waitOptions: { maxWaitSeconds: 2 } });
	// Every throttled answer the node read is counted (one still in flight at the deadline may not be).
	const answered429 = () => routes(emu, 'query').filter((r) => r.status === 429).length;
	const text = nodeErrorText(failing);
	const [, counted] =
		new RegExp(
			`Task ${taskId} did not finish within 2 s \\(the service throttled the last (\\d+) status`,
		).exec(text) ?? [];
	expect(Number(counted)).toBeGreaterThan(0);
	expect(Number(counted)).toBeLessThanOrEqual(answered429());
	expect(text).toContain('Throttling.RateQuota: Requests rate limit exceeded');
	expect(text).toContain('no status read');
	expect(text).not.toContain('UNKNOWN');

	emu.clearLog();
	const returning = await runWan(emu, {
		...status,
		waitOptions: { maxWaitSeconds: 2, onTimeout: 'returnStatus' },
	});
	const json = returning.items(NODE)[0].json;
	expect(json).toMatchObject({
		taskId,
		status: null,
		done: false,
		failed: false,
		timedOut: true,
		throttled: {
			code: 'Throttling.RateQuota',
			message: 'Requests rate limit exceeded, please try again later.',
		},
	});
	expect(json.throttled.queries).toBeGreaterThan(0);
	expect(json.throttled.queries).toBeLessThanOrEqual(answered429());
});
