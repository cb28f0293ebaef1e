'use strict';
// The process-wide task watcher and the account budgets: many executions at once share one
// account's 20 queries/s, throttling never ends a wait early, one execution's stop leaves the
// others alone, creates are paced, and n8n's Retry On Fail never pays twice for an item.
const { startEmulator } = require('../emulator');
const { makePng, readPng } = require('../fixtures/images');
const {
	NODE,
	runWan,
	routes,
	nodeErrorText,
	credentialFor,
	polling,
	useTuning,
	tuning,
} = require('../support');
const { activeWatchers } = require('../../dist/nodes/AlibabaWan/watcher');

useTuning({ retry: { baseDelayMs: 50, maxDelayMs: 400 } });
let emu;
beforeAll(async () => {
	emu = await startEmulator({ latencyMs: 1500, render: { maxSide: 96 } });
});
afterAll(async () => {
	await emu.stop();
});
beforeEach(() => {
	emu.reset();
	emu.configure({
		latencyMs: 1500,
		pendingMs: 200,
		spreadMs: 0,
		queryRateLimit: 20,
		createRateLimit: null,
		retryAfterSeconds: null,
	});
});
afterEach(() => {
	// Every wait took its waiters back: no watcher outlives its executions.
	expect(activeWatchers().size).toBe(0);
});

const colours = [
	[255, 0, 0],
	[0, 255, 0],
	[0, 0, 255],
	[255, 255, 0],
	[255, 0, 255],
	[0, 255, 255],
];
const editOf = (i, extra = {}) => ({
	operation: 'edit',
	prompt: `caller ${i}`,
	source: 'base64',
	base64: makePng(400, 400, colours[i % colours.length]).toString('base64'),
	...extra,
});

/** The first pixel of a result, which the emulator renders as the input's colour inverted. */
const firstPixel = (run, item) => readPng(run.binary(item)).pixel(0, 0).slice(0, 3);

test('30 executions at once share one budget: every image delivered, 0 throttled, one GET per task', async () => {
	emu.configure({ spreadMs: 1000 });
	const runs = await Promise.all(Array.from({ length: 30 }, (_, i) => runWan(emu, editOf(i))));
	runs.forEach((run, i) => {
		expect(run.status).toBe('success');
		const [item] = run.items(NODE);
		expect(emu.tasks.get(item.json.taskId).prompt).toBe(`caller ${i}`);
		expect(firstPixel(run, item)).toEqual(colours[i % colours.length].map((c) => 255 - c));
	});
	// The emulator enforces the service's 20 queries/s: the shared budget kept every execution under it
	// (the pace itself is proven on a fake clock in the budget's unit test, and measured by the benchmarks).
	expect(emu.log.filter((r) => r.status === 429)).toHaveLength(0);
	expect(routes(emu, 'create')).toHaveLength(30);
	// Overlapping executions are swept together: a task is fetched once, when it is final (the
	// first few, polled before five were open, may be asked once early).
	expect(routes(emu, 'query').length).toBeGreaterThanOrEqual(30);
	expect(routes(emu, 'query').length).toBeLessThanOrEqual(33);
	expect(routes(emu, 'list').length).toBeGreaterThan(0);
});

test("the budget is the credential's: Task Queries per Second caps all executions together", async () => {
	// A service that allows one query more than the credential's 3 per second sees no 429.
	emu.configure({ queryRateLimit: 4 });
	const credential = credentialFor(emu, 'singapore', { queriesPerSecond: 3 });
	const runs = await Promise.all(
		Array.from({ length: 4 }, (_, i) => runWan(emu, editOf(i), { credential })),
	);
	for (const run of runs) expect(run.status).toBe('success');
	expect(emu.log.filter((r) => r.status === 429)).toHaveLength(0);
});

test('a service stricter than the budget: 429s slow the account down and never fail a wait', async () => {
	// The service allows 4 queries/s; the credential claims 20: only AIMD keeps the waits alive.
	emu.configure({ queryRateLimit: 4, retryAfterSeconds: 1 });
	const credential = credentialFor(emu, 'singapore', { queriesPerSecond: 20 });
	const runs = await Promise.all(
		Array.from({ length: 8 }, (_, i) =>
			runWan(emu, editOf(i, { waitOptions: { maxWaitSeconds: 60 } }), { credential }),
		),
	);
	for (const run of runs) {
		expect(nodeErrorText(run)).toBe('');
		expect(run.items(NODE)).toHaveLength(1);
	}
	const throttled = emu.log.filter((r) => r.status === 429).length;
	expect(throttled).toBeGreaterThan(0);
	// Halving on the first burst: most queries after it were answered.
	expect(throttled).toBeLessThan(polling(emu.log).length / 2);
});

describe('a batch larger than a list page', () => {
	// Pages of 10 tasks: 30 open tasks are three pages.
	useTuning({ watch: { listPageSize: 10 } });
	test('sweeps mostly the finished tasks, with every status now and then; each task fetched once', async () => {
		emu.configure({ latencyMs: 2500, spreadMs: 1500 });
		const items = Array.from({ length: 30 }, (_, i) => ({ json: { prompt: `caller ${i}` } }));
		const credential = credentialFor(emu, 'singapore', { createsPerSecond: 20 });
		const run = await runWan(
			emu,
			{ ...editOf(0), prompt: '={{ $json.prompt }}' },
			{ items, credential },
		);
		expect(run.status).toBe('success');
		expect(run.items(NODE).map((item) => item.pairedItem.item)).toEqual([...Array(30).keys()]);
		const lists = routes(emu, 'list');
		expect(lists.some((r) => r.query.status === 'SUCCEEDED')).toBe(true);
		expect(lists.some((r) => r.query.status === undefined)).toBe(true);
		expect(routes(emu, 'query').length).toBeLessThanOrEqual(30 + tuning().watch.listThreshold);
		expect(emu.log.filter((r) => r.status === 429)).toHaveLength(0);
	});
});

describe('a long throttling', () => {
	// The pause after a 429 and the recovery of the rate shortened: the outcome, not the pace, is shown here.
	useTuning({ budget: { pauseMs: 100, recoverEveryMs: 200 }, watch: { throttledRetryMs: 100 } });
	test('429 on every query for a while is waited out, up to Max Wait', async () => {
		emu.inject({ route: 'query', kind: 'status', status: 429, times: 12, retryAfter: 0 });
		emu.inject({ route: 'list', kind: 'status', status: 429, times: 12, retryAfter: 0 });
		const run = await runWan(emu, editOf(0, { waitOptions: { maxWaitSeconds: 60 } }));
		expect(nodeErrorText(run)).toBe('');
		expect(run.items(NODE)).toHaveLength(1);
		expect(emu.log.filter((r) => r.status === 429).length).toBe(12);
	});
});

test('one execution stopped: its pending task is cancelled, the others finish untouched', async () => {
	emu.configure({ latencyMs: 3000, pendingMs: 2500 });
	const [stopped, ...others] = await Promise.all([
		runWan(emu, editOf(0), { cancelAfterMs: 1200 }),
		...Array.from({ length: 5 }, (_, i) => runWan(emu, editOf(i + 1))),
	]);
	expect(stopped.status).not.toBe('success');
	const cancels = routes(emu, 'cancel');
	expect(cancels).toHaveLength(1);
	expect(emu.tasks.get(cancels[0].taskId).prompt).toBe('caller 0');
	for (const run of others) {
		expect(run.status).toBe('success');
		expect(run.items(NODE)[0].json.status).toBe('SUCCEEDED');
	}
});

test('Max Wait of one execution ends only its own wait', async () => {
	const [short, long] = await Promise.all([
		runWan(
			emu,
			editOf(0, {
				prompt: 'slow [[latency:6000]]',
				waitOptions: { maxWaitSeconds: 1, onTimeout: 'returnStatus' },
			}),
		),
		runWan(emu, editOf(1, { prompt: 'slow too [[latency:3000]]' })),
	]);
	expect(short.items(NODE)[0].json).toMatchObject({ timedOut: true, shouldPoll: true });
	expect(long.items(NODE)[0].json.status).toBe('SUCCEEDED');
});

test('creates are paced per account and a throttled create is retried, never paid twice', async () => {
	emu.configure({ createRateLimit: 2 });
	const runs = await Promise.all(Array.from({ length: 6 }, (_, i) => runWan(emu, editOf(i))));
	for (const run of runs) expect(run.status).toBe('success');
	const accepted = routes(emu, 'create').filter((r) => r.status === 200);
	expect(accepted).toHaveLength(6);
	expect(emu.tasks.size).toBe(6);
	expect(routes(emu, 'create').some((r) => r.status === 429)).toBe(true);
});

describe('Retry On Fail resumes the tasks of the failed try', () => {
	const retry = { retryOnFail: true, maxTries: 2, waitBetweenTries: 10 };

	test('a Max Wait failure is retried by n8n without a second create', async () => {
		// Each try waits 1 s: the third sees the tasks of the first finished.
		const items = [{ json: { p: 'a [[latency:2000]]' } }, { json: { p: 'b [[latency:2000]]' } }];
		const params = editOf(0, { prompt: '={{ $json.p }}', waitOptions: { maxWaitSeconds: 1 } });
		const run = await runWan(emu, params, { items, settings: { ...retry, maxTries: 3 } });
		expect(nodeErrorText(run)).toBe('');
		const out = run.items(NODE);
		expect(out).toHaveLength(2);
		expect(routes(emu, 'create')).toHaveLength(2);
		expect(out.map((item) => item.json.resumed)).toEqual([true, true]);
		expect(new Set(out.map((item) => item.json.taskId))).toEqual(new Set(emu.tasks.keys()));
	});

	test('with Continue On Fail, only the failed item gets a new task', async () => {
		const items = [{ json: { p: 'bad [[fail:InternalError]]' } }, { json: { p: 'good' } }];
		const params = editOf(0, { prompt: '={{ $json.p }}' });
		const run = await runWan(emu, params, { items, settings: { ...retry, continueOnFail: true } });
		const creates = routes(emu, 'create').map((r) => emu.tasks.get(r.taskId).prompt.trim());
		// n8n retried because item 0 failed: the good task was resumed, the failed one created again.
		expect(creates.sort()).toEqual(['bad', 'bad', 'good']);
		expect(run.items(NODE).find((item) => item.json.status === 'SUCCEEDED').json.resumed).toBe(
			true,
		);
	});

	test('a create refused at the service: the retry resumes the others, and the error names them', async () => {
		// A PNG whose header is fine (the node's check passes) but whose pixels the service cannot decode.
		const broken = makePng(400, 400, [9, 9, 9]);
		broken.fill(0, broken.length - 40, broken.length - 12);
		const items = ['a', 'b', 'c'].map((p) => ({
			json: {
				p,
				image: p === 'c' ? broken.toString('base64') : makePng(400, 400).toString('base64'),
			},
		}));
		const params = {
			operation: 'edit',
			prompt: '={{ $json.p }}',
			source: 'base64',
			base64: '={{ $json.image }}',
			waitForCompletion: false,
		};
		const run = await runWan(emu, params, { items, settings: retry });
		expect(run.status).toBe('error');
		const accepted = routes(emu, 'create').filter((r) => r.status === 200);
		expect(accepted.map((r) => emu.tasks.get(r.taskId).prompt).sort()).toEqual(['a', 'b']);
		expect(routes(emu, 'create').filter((r) => r.status !== 200)).toHaveLength(2);
		for (const record of accepted) expect(nodeErrorText(run)).toContain(record.taskId);
	});
});
