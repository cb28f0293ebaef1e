'use strict';
// The Alibaba Wan Trigger's poll(), run through n8n-core's PollContext against the emulator:
// every finished task fires exactly once across polls and restarts, whatever order tasks finish in.
const { startEmulator } = require('../emulator');
const { makePng, dataUri, readPng } = require('../fixtures/images');
const { pollTrigger } = require('../harness');
const { compactBeijing } = require('../emulator/time');
const { createTaskDirectly, credentialFor, routes } = require('../support');

const TRIGGER = {
	name: 'Alibaba Wan Trigger',
	type: 'n8n-nodes-alibaba-wan.alibabaWanTrigger',
	typeVersion: 1,
};
const IMAGE = dataUri(makePng(400, 400, [255, 0, 0]));

let emu;
beforeAll(async () => {
	emu = await startEmulator({ latencyMs: 300, pendingMs: 50, render: { maxSide: 64 } });
});
afterAll(async () => await emu.stop());
beforeEach(() => {
	emu.reset();
	emu.configure({ latencyMs: 300, pendingMs: 50, resultUrlTtlMs: 24 * 3600 * 1000 });
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates tasks straight at the emulator (as another workflow would); prompts may carry directives. */
async function submit(prompts, { n = 1, model = 'wan2.5-i2i-preview' } = {}) {
	const ids = [];
	for (const prompt of prompts)
		ids.push(await createTaskDirectly(emu, { prompt, image: IMAGE, n, model }));
	emu.clearLog();
	return ids;
}

/** Waits until the emulator says every given task finished. */
async function finished(ids) {
	while (ids.some((id) => !['SUCCEEDED', 'FAILED', 'CANCELED'].includes(emu.tasks.get(id).status)))
		await sleep(50);
}

/** One poll with the given parameters and saved static data; the log shows what it asked. */
async function poll(parameters = {}, staticData = {}, { queriesPerSecond = 20, ...extra } = {}) {
	emu.clearLog();
	const credential = credentialFor(emu, 'singapore', { queriesPerSecond });
	return await pollTrigger({
		node: { ...TRIGGER, parameters },
		credentials: { alibabaWanApi: credential },
		staticData,
		...extra,
	});
}

/** The list pages of the poll's listing (without the one-task page a first poll asks the service's clock with). */
const listings = () => routes(emu, 'list').filter((r) => r.query.page_size !== '1');

const taskIds = (items) => [...new Set(items.map((item) => item.json.taskId))];

test('fires each finished task once over consecutive polls, tasks finishing out of order, one query each', async () => {
	// The slow task runs until the test lets it end: no race with the machine's pace.
	const [slow, fast1, fast2] = await submit([
		'[[latency:600000]] slow',
		'[[latency:200]] fast one',
		'[[latency:200]] fast two',
	]);
	await finished([fast1, fast2]);
	const first = await poll();
	expect(taskIds(first.items).sort()).toEqual([fast1, fast2].sort());
	expect(
		routes(emu, 'query')
			.map((r) => r.taskId)
			.sort(),
	).toEqual([fast1, fast2].sort());
	// A first poll asks the service's clock (one task's page) before it lists.
	expect(routes(emu, 'list')[0].query).toMatchObject({ page_no: '1', page_size: '1' });
	expect(listings()[0].query).toMatchObject({
		model_name: 'wan2.5-i2i-preview',
		page_no: '1',
		page_size: '100',
	});
	const [item] = first.items.filter((i) => i.json.taskId === fast1);
	expect(item.json).toMatchObject({
		status: 'SUCCEEDED',
		outcome: 'succeeded',
		partial: false,
		model: 'wan2.5-i2i-preview',
		done: true,
	});
	expect(item.json.results[0]).toMatchObject({ index: 0, origPrompt: 'fast one' });
	expect(item.json.results[0].actualPrompt).toContain('fast one');
	expect(item.json.image.url).toBe(item.json.imageUrls[0]);
	expect(item.binary.data).toMatchObject({ mimeType: 'image/png', fileName: `${fast1}-1.png` });
	expect(readPng(Buffer.from(item.binary.data.data, 'base64')).pixel(0, 0).slice(0, 3)).toEqual([
		0, 255, 255,
	]);

	const second = await poll({}, first.staticData);
	expect(second.response).toBeNull();
	expect(routes(emu, 'query')).toHaveLength(0);

	emu.tasks.get(slow).endAt = Date.now();
	await finished([slow]);
	const third = await poll({}, second.staticData);
	expect(taskIds(third.items)).toEqual([slow]);
	expect((await poll({}, third.staticData)).response).toBeNull();
	expect(JSON.stringify([first.items, third.items, third.staticData])).not.toContain(
		emu.keys.singapore,
	);
});

test('a restart from the saved static data fires only what is new; without it the same tasks fire again', async () => {
	const [a] = await submit(['[[latency:100]] a']);
	await finished([a]);
	const before = await poll();
	expect(taskIds(before.items)).toEqual([a]);
	const saved = JSON.parse(JSON.stringify(before.staticData));
	const [b] = await submit(['[[latency:100]] b']);
	await finished([b]);
	expect(taskIds((await poll({}, saved)).items)).toEqual([b]);
	expect(taskIds((await poll({}, {})).items).sort()).toEqual([a, b].sort());
});

test('one poll drains the backlog: 105 finished tasks (past a full page of the list) fire once each', async () => {
	const ids = await submit(Array.from({ length: 105 }, (_, i) => `[[latency:60]] task ${i}`));
	await finished(ids);
	const first = await poll({ downloadImages: false });
	expect(taskIds(first.items).sort()).toEqual([...ids].sort());
	expect(first.items).toHaveLength(105);
	// Every model the package offers is watched by default: one listing each, two pages for Wan 2.5
	// (a round slowed past 10 s by a busy machine lists once more: the first listing is checked).
	const pages = listings().map((r) => `${r.query.model_name} ${r.query.page_no}`);
	expect(pages.slice(0, 5)).toEqual([
		'wan2.5-i2i-preview 1',
		'wan2.5-i2i-preview 2',
		'wan2.6-image 1',
		'wan2.7-image 1',
		'wan2.7-image-pro 1',
	]);
	expect((await poll({ downloadImages: false }, first.staticData)).response).toBeNull();
}, 30_000);

test("a poll stops fetching before n8n's time for a poll runs out; the rest fire at the next polls, each once", async () => {
	const ids = await submit(Array.from({ length: 12 }, (_, i) => `[[latency:60]] task ${i}`));
	await finished(ids);
	let staticData = {};
	const fired = [];
	let polls = 0;
	// Four queries a second and 2.5 s per poll (of which fetching may use 60 %): a few tasks each time.
	while (fired.length < ids.length && polls < 20) {
		const run = await poll(
			{ downloadImages: false, options: { models: 'wan2.5-i2i-preview' } },
			staticData,
			{ queriesPerSecond: 4, pollBudgetMs: 2500 },
		);
		polls++;
		fired.push(...taskIds(run.items));
		staticData = run.staticData;
	}
	expect(polls).toBeGreaterThan(1);
	expect([...fired].sort()).toEqual([...ids].sort());
	expect(new Set(fired).size).toBe(fired.length);
}, 60_000);

test('a poll that starts while the last one of the same trigger drains waits for it, then drains on from where it left off', async () => {
	const ids = await submit(Array.from({ length: 8 }, (_, i) => `[[latency:60]] task ${i}`));
	const [late] = await submit(['[[latency:600000]] finishes while the first poll drains']);
	await finished(ids);
	const workflowId = 'one-trigger-two-polls';
	// Two queries a second: the first poll needs about 4 s for its 8 tasks.
	const draining = poll({ downloadImages: false }, {}, { queriesPerSecond: 2, workflowId });
	let drained = false;
	draining.then(() => (drained = true));
	while (!routes(emu, 'query').length) await sleep(20);
	// The first poll listed before this task finished: it is left for the next.
	emu.tasks.get(late).endAt = Date.now();
	// n8n built this poll before the first saved its cursor: its static data is stale (empty).
	const meanwhile = await pollTrigger({
		node: { ...TRIGGER, parameters: { downloadImages: false } },
		credentials: { alibabaWanApi: credentialFor(emu, 'singapore', { queriesPerSecond: 2 }) },
		staticData: {},
		workflowId,
	});
	expect(drained).toBe(true);
	const first = await draining;
	expect(taskIds(first.items).sort()).toEqual([...ids].sort());
	// It fired only the task the first left, each task was queried once.
	expect(taskIds(meanwhile.items)).toEqual([late]);
	expect(
		routes(emu, 'query')
			.map((r) => r.taskId)
			.sort(),
	).toEqual([...ids, late].sort());
});

describe.each([
	['behind', -5 * 60_000],
	['ahead of', 7 * 60_000],
])("a service whose clock is minutes %s n8n's", (_name, clockOffsetMs) => {
	beforeAll(() => emu.configure({ clockOffsetMs }));
	afterAll(() => emu.configure({ clockOffsetMs: 0 }));

	test('fires the tasks created after the activation, each once', async () => {
		// Activation: the first poll, before any task exists.
		const activation = await poll({ downloadImages: false });
		expect(activation.response).toBeNull();
		const ids = await submit(['[[latency:100]] a', '[[latency:200]] b', '[[latency:300]] c']);
		await finished(ids);
		const first = await poll({ downloadImages: false }, activation.staticData);
		expect(taskIds(first.items).sort()).toEqual([...ids].sort());
		// Every time sent is on the service's clock: the list window starts before the tasks on it.
		const start = listings()[0].query.start_time;
		const created = Math.min(...ids.map((id) => emu.tasks.get(id).createdAt)) + clockOffsetMs;
		expect(start <= compactBeijing(created)).toBe(true);
		expect((await poll({ downloadImages: false }, first.staticData)).response).toBeNull();
	});
});

test('Max Tasks per Execution holds the rest back for the next polls, earliest finished first', async () => {
	const ids = await submit([400, 100, 300, 200, 500].map((ms) => `[[latency:${ms}]] t${ms}`));
	await finished(ids);
	const byEnd = [...ids].sort((x, y) => emu.tasks.get(x).endAt - emu.tasks.get(y).endAt);
	let staticData = {};
	const fired = [];
	for (const size of [2, 2, 1]) {
		const run = await poll({ downloadImages: false, options: { maxTasksPerPoll: 2 } }, staticData);
		expect(run.items).toHaveLength(size);
		fired.push(...taskIds(run.items));
		staticData = run.staticData;
	}
	expect(fired).toEqual(byEnd);
	expect(
		(await poll({ downloadImages: false, options: { maxTasksPerPoll: 2 } }, staticData)).response,
	).toBeNull();
});

test('failed and partial tasks fire with their errors; Fire On leaves out the rest, which never fire later', async () => {
	const [failed, partial, ok] = await submit(
		[
			'[[latency:100]][[fail:DataInspectionFailed]] x',
			'[[latency:100]][[partial:1]] y',
			'[[latency:100]] z',
		],
		{ n: 2 },
	);
	await finished([failed, partial, ok]);
	const run = await poll({ statuses: 'failed, partial' });
	const failedItem = run.items.find((i) => i.json.taskId === failed);
	expect(failedItem.json).toMatchObject({
		status: 'FAILED',
		outcome: 'failed',
		failed: true,
		error: { code: 'DataInspectionFailed' },
	});
	expect(failedItem.binary).toBeUndefined();
	const partialItems = run.items.filter((i) => i.json.taskId === partial);
	expect(partialItems).toHaveLength(1);
	expect(partialItems[0].json).toMatchObject({
		status: 'SUCCEEDED',
		outcome: 'partial',
		partial: true,
		image: { index: 0 },
	});
	expect(partialItems[0].json.results[1]).toMatchObject({
		index: 1,
		code: 'InternalError.Timeout',
	});
	expect(partialItems[0].binary.data.mimeType).toBe('image/png');
	expect(taskIds(run.items)).not.toContain(ok);
	const next = await poll({ statuses: ['failed', 'partial'] }, run.staticData);
	expect(next.response).toBeNull();
	expect(routes(emu, 'query')).toHaveLength(0);
});

test('one item per task carries every image; expired result URLs fire with the reason and no binary', async () => {
	const [two] = await submit(['[[latency:100]] two'], { n: 2 });
	await finished([two]);
	const perTask = await poll({ outputMode: 'perTask' });
	expect(perTask.items).toHaveLength(1);
	expect(Object.keys(perTask.items[0].binary).sort()).toEqual(['data', 'data_1']);
	expect(perTask.items[0].json.images).toHaveLength(2);

	emu.configure({ resultUrlTtlMs: 1 });
	const [expired] = await submit(['[[latency:100]] late']);
	await finished([expired]);
	await sleep(20);
	const run = await poll({}, perTask.staticData);
	expect(run.items).toHaveLength(1);
	expect(run.items[0].json.taskId).toBe(expired);
	expect(run.items[0].json.image.downloadError).toMatch(/403|expired/i);
	expect(run.items[0].binary).toBeUndefined();
	expect((await poll({}, run.staticData)).response).toBeNull();
});

test('Fetch Test Event returns the newest finished task and leaves the cursor alone; with none it says what to do', async () => {
	await expect(poll({}, {}, { mode: 'manual' })).rejects.toThrow(/No finished task/);
	const [older, newer] = await submit(['[[latency:100]] older', '[[latency:300]] newer']);
	await finished([older, newer]);
	const run = await poll({ downloadImages: false }, {}, { mode: 'manual' });
	expect(taskIds(run.items)).toEqual([newer]);
	expect(run.staticData).toEqual({});
});

test('Created After bounds the first run; changing it starts the cursor over; the watched models filter the list', async () => {
	const [early] = await submit(['[[latency:100]] early']);
	await finished([early]);
	const created = emu.tasks.get(early).createdAt;
	const parameters = (createdAfter) => ({
		downloadImages: false,
		options: {
			createdAfter: new Date(createdAfter).toISOString(),
			models: 'wan2.5-i2i-preview, wanx2.1-imageedit',
		},
	});
	const after = await poll(parameters(created + 2000));
	expect(after.response).toBeNull();
	expect(listings().map((r) => r.query.model_name)).toEqual([
		'wan2.5-i2i-preview',
		'wanx2.1-imageedit',
	]);
	const before = await poll(parameters(created - 600_000), after.staticData);
	expect(taskIds(before.items)).toEqual([early]);
});

test.each([
	[{ statuses: ['done'] }, /Fire On must be one of succeeded, partial, failed, canceled/],
	[{ statuses: [] }, /Fire On must name at least one/],
	[
		{ options: { maxTasksPerPoll: 0 } },
		/Max Tasks per Execution must be a whole number from 1 to 10000/,
	],
	[{ options: { createdAfter: 'yesterday-ish' } }, /Created After "yesterday-ish" is not a date/],
	[{ options: { models: 'wan/../x' } }, /Models has a character that is not allowed/],
	[{ outputMode: 'both' }, /Output must be one of perImage, perTask/],
])('checks its parameters at run time: %j', async (parameters, message) => {
	await expect(poll(parameters)).rejects.toThrow(message);
	expect(routes(emu, 'list')).toHaveLength(0);
});

test('a Wan 2.6 task this n8n created that returned fewer images than asked fires as Partly Succeeded', async () => {
	const { runWan, NODE } = require('../support');
	const created = await runWan(
		emu,
		{
			operation: 'edit',
			model: 'wan2.6-image',
			prompt: '[[latency:100]][[partial:1]] y',
			numberOfImages: 2,
			waitForCompletion: false,
			source: 'base64',
			base64: makePng(400, 400).toString('base64'),
		},
		{ settings: { typeVersion: 1.1 } },
	);
	const taskId = created.items(NODE)[0].json.taskId;
	await finished([taskId]);
	const run = await poll({ statuses: ['partial'], downloadImages: false });
	expect(run.items.map((item) => [item.json.taskId, item.json.outcome, item.json.partial])).toEqual(
		[[taskId, 'partial', true]],
	);
	expect(run.items[0].json.results).toHaveLength(1);
});
