'use strict';
// Every operation of the node, run by the real n8n engine against the emulator over HTTP.
const { startEmulator } = require('../emulator');
const { makePng, makeJpeg, dataUri, readPng } = require('../fixtures/images');
const { serve } = require('../fixtures/serve');
const { NODE, runWan, routes, nodeErrorText, binaryItem, credentialFor } = require('../support');

const RED = [255, 0, 0];
const GREEN = [0, 255, 0];
const BLUE = [0, 0, 255];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let emu;
beforeAll(async () => {
	emu = await startEmulator({ latencyMs: 600, pendingMs: 200, render: { maxSide: 256 } });
});
afterAll(async () => await emu.stop());
beforeEach(() => {
	emu.reset();
	emu.configure({ latencyMs: 600, pendingMs: 200 });
});

const pixel = (png, x, y) => readPng(png).pixel(x, y).slice(0, 3);
// JPEG is lossy: a channel within a few levels of the expected value.
const near = (actual, expected) => actual.every((value, i) => Math.abs(value - expected[i]) <= 6);

describe('Edit', () => {
	test('without waiting: returns the created task, sends the binary image as a data URI', async () => {
		const run = await runWan(
			emu,
			{ operation: 'edit', prompt: 'make it blue', waitForCompletion: false },
			{
				items: [binaryItem(makePng(400, 500, RED))],
			},
		);
		const [item] = run.items(NODE);
		expect(item.json).toMatchObject({
			status: 'PENDING',
			done: false,
			shouldPoll: true,
			model: 'wan2.5-i2i-preview',
			request: {
				prompt: 'make it blue',
				n: 1,
				size: 'auto',
				promptExtend: true,
				watermark: false,
				images: [
					{ source: 'binary', field: 'data', mimeType: 'image/png', width: 400, height: 500 },
				],
			},
		});
		expect(item.json.taskId).toMatch(UUID);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(JSON.stringify(item.json)).not.toMatch(/base64|iVBOR/);
		const [create] = routes(emu, 'create');
		expect(create).toMatchObject({ status: 200, asyncHeader: true, auth: 'valid' });
		const task = emu.tasks.get(item.json.taskId);
		expect(task).toMatchObject({
			prompt: 'make it blue',
			n: 1,
			promptExtend: true,
			watermark: false,
		});
		expect(task.inputs).toHaveLength(1);
	});

	test('waits and returns the result as binary PNG data derived from the input', async () => {
		const run = await runWan(
			emu,
			{ operation: 'edit', prompt: 'invert' },
			{ items: [binaryItem(makeJpeg(640, 480, RED))] },
		);
		const items = run.items(NODE);
		expect(items).toHaveLength(1);
		const { json, binary } = items[0];
		expect(json).toMatchObject({
			status: 'SUCCEEDED',
			done: true,
			succeeded: true,
			shouldPoll: false,
			imageCount: 1,
		});
		expect(json.image).toMatchObject({ index: 0, fileName: `${json.taskId}-1.png` });
		expect(json.image.url).toContain('/results/');
		expect(json.imageUrls).toEqual([json.image.url]);
		expect(binary.data).toMatchObject({ mimeType: 'image/png', fileName: `${json.taskId}-1.png` });
		const png = run.binary(items[0], 'data');
		// The emulator inverts the input: red in, cyan out.
		expect(near(pixel(png, 10, 10), [0, 255, 255])).toBe(true);
		expect(json.submittedAt).toMatch(/Z$/);
		expect(Date.parse(json.finishedAt)).toBeGreaterThanOrEqual(Date.parse(json.submittedAt));
	});

	test('several images: one item per image by default, or one item per task with data, data_1, ...', async () => {
		const params = {
			operation: 'edit',
			prompt: 'variants',
			numberOfImages: 3,
			source: 'base64',
			base64: dataUri(makePng(400, 400, GREEN), 'image/png'),
		};
		const perImage = await runWan(emu, params);
		const images = perImage.items(NODE);
		expect(images.map((item) => item.json.image.index)).toEqual([0, 1, 2]);
		expect(new Set(images.map((item) => item.json.taskId)).size).toBe(1);
		for (const item of images) expect(pixel(perImage.binary(item), 5, 5)).toEqual([255, 0, 255]);

		const perTask = await runWan(emu, { ...params, outputMode: 'perTask' });
		const [task] = perTask.items(NODE);
		expect(Object.keys(task.binary).sort()).toEqual(['data', 'data_1', 'data_2']);
		expect(task.json.images).toHaveLength(3);
	});

	test('expressions resolve per item: prompt and count come from each item', async () => {
		const items = [
			binaryItem(makePng(400, 400, RED), 'image/png', { instruction: 'first edit', count: 1 }),
			binaryItem(makePng(400, 400, BLUE), 'image/png', { instruction: 'second edit', count: 2 }),
		];
		const run = await runWan(
			emu,
			{
				operation: 'edit',
				prompt: '={{ $json.instruction }}',
				numberOfImages: '={{ $json.count }}',
				waitForCompletion: false,
			},
			{ items },
		);
		const out = run.items(NODE);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out.map((item) => emu.tasks.get(item.json.taskId).prompt)).toEqual([
			'first edit',
			'second edit',
		]);
		expect(out.map((item) => emu.tasks.get(item.json.taskId).n)).toEqual([1, 2]);
	});

	test('size, seed, negative prompt, watermark and prompt extend reach the service', async () => {
		await runWan(emu, {
			operation: 'edit',
			prompt: 'p',
			size: 'custom',
			customSize: '1472x1104',
			waitForCompletion: false,
			source: 'base64',
			base64: makePng(400, 400, RED).toString('base64'),
			options: { seed: 42, negativePrompt: 'blur', watermark: true, promptExtend: false },
		});
		const [task] = emu.tasks.values();
		expect(task).toMatchObject({
			width: 1472,
			height: 1104,
			seed: 42,
			negativePrompt: 'blur',
			watermark: true,
			promptExtend: false,
		});
	});
});

describe('Fuse', () => {
	test('three images from binary, base64 and URL keep their order (Image 1, 2, 3)', async () => {
		const server = await serve({
			'/blue.png': { body: makePng(400, 400, BLUE), type: 'image/png' },
		});
		try {
			const run = await runWan(
				emu,
				{
					operation: 'fuse',
					prompt: 'put Image 1 beside Image 2 and Image 3',
					size: '1696*960',
					images: {
						image: [
							{ source: 'binary', binaryField: 'data' },
							{ source: 'base64', base64: makePng(400, 400, GREEN).toString('base64') },
							{ source: 'url', url: `${server.origin}/blue.png` },
						],
					},
				},
				{ items: [binaryItem(makePng(400, 400, RED))] },
			);
			const [item] = run.items(NODE);
			expect(item.json.request.images.map((image) => image.source)).toEqual([
				'binary',
				'base64',
				'url',
			]);
			const png = run.binary(item);
			const { width, height } = readPng(png);
			const row = Math.floor(height / 2);
			// Left to right: inverted red, green, blue.
			expect(pixel(png, Math.floor(width / 6), row)).toEqual([0, 255, 255]);
			expect(pixel(png, Math.floor(width / 2), row)).toEqual([255, 0, 255]);
			expect(pixel(png, Math.floor((5 * width) / 6), row)).toEqual([255, 255, 0]);
		} finally {
			await server.stop();
		}
	});
});

describe('Get Status and Cancel', () => {
	test('Get Status without waiting gives loop flags; with waiting, the finished task and its images', async () => {
		const created = await runWan(emu, {
			operation: 'edit',
			prompt: 'p',
			waitForCompletion: false,
			source: 'base64',
			base64: makePng(400, 400, RED).toString('base64'),
		});
		const { taskId } = created.items(NODE)[0].json;

		const early = await runWan(emu, { operation: 'getStatus', taskId, waitForCompletion: false });
		expect(early.items(NODE)[0].json).toMatchObject({
			taskId,
			done: false,
			succeeded: false,
			shouldPoll: true,
		});
		expect(['PENDING', 'RUNNING']).toContain(early.items(NODE)[0].json.status);

		const waited = await runWan(emu, { operation: 'getStatus', taskId: `  ${taskId} ` });
		const [item] = waited.items(NODE);
		expect(item.json).toMatchObject({ taskId, status: 'SUCCEEDED', done: true });
		expect(waited.binary(item).length).toBeGreaterThan(100);
	});

	test('Get Status of an unknown task reports UNKNOWN as final and failed', async () => {
		const run = await runWan(emu, {
			operation: 'getStatus',
			taskId: '1111',
			waitForCompletion: false,
		});
		expect(run.items(NODE)[0].json).toMatchObject({
			taskId: '1111',
			status: 'UNKNOWN',
			done: true,
			failed: true,
			shouldPoll: false,
		});
	});

	test('Cancel stops a PENDING task; a RUNNING one gets a message naming its status', async () => {
		emu.configure({ pendingMs: 4000, latencyMs: 60_000 });
		const base64 = makePng(400, 400, RED).toString('base64');
		const created = await runWan(emu, {
			operation: 'edit',
			prompt: 'p',
			waitForCompletion: false,
			source: 'base64',
			base64,
		});
		const { taskId } = created.items(NODE)[0].json;
		const canceled = await runWan(emu, { operation: 'cancel', taskId });
		expect(canceled.items(NODE)[0].json).toMatchObject({
			taskId,
			status: 'CANCELED',
			done: true,
			failed: true,
		});

		emu.configure({ pendingMs: 0, latencyMs: 60_000 });
		const running = await runWan(emu, {
			operation: 'edit',
			prompt: 'p',
			waitForCompletion: false,
			source: 'base64',
			base64,
		});
		const runningId = running.items(NODE)[0].json.taskId;
		const refused = await runWan(emu, { operation: 'cancel', taskId: runningId });
		expect(nodeErrorText(refused)).toContain(
			`Task ${runningId} is RUNNING: only PENDING tasks can be cancelled`,
		);
		// The service's own code and message lead: "DashScope: UnsupportedOperation: Failed to cancel ...".
		expect(refused.nodeError(NODE).message).toMatch(
			/^DashScope: UnsupportedOperation: Failed to cancel the task/,
		);

		const tolerant = await runWan(
			emu,
			{ operation: 'cancel', taskId: runningId },
			{ settings: { continueOnFail: true } },
		);
		expect(tolerant.items(NODE)[0].json).toMatchObject({
			taskId: runningId,
			code: 'UnsupportedOperation',
		});
	});
});

describe('List Tasks', () => {
	test('Limit, Return All over several pages, and the status filter', async () => {
		emu.configure({ latencyMs: 60_000, pendingMs: 0 });
		const base64 = makePng(400, 400, RED).toString('base64');
		const items = Array.from({ length: 7 }, (_, i) => ({ json: { i } }));
		await runWan(
			emu,
			{ operation: 'edit', prompt: 'p', waitForCompletion: false, source: 'base64', base64 },
			{ items },
		);

		const limited = await runWan(emu, { operation: 'listTasks', limit: 3 });
		expect(limited.items(NODE)).toHaveLength(3);
		expect(limited.items(NODE)[0].json).toMatchObject({
			status: 'RUNNING',
			model: 'wan2.5-i2i-preview',
			done: false,
		});

		const all = await runWan(emu, { operation: 'listTasks', returnAll: true });
		expect(all.items(NODE)).toHaveLength(7);
		expect(all.items(NODE)[0].json.createdAt).toMatch(/Z$/);

		const succeeded = await runWan(emu, {
			operation: 'listTasks',
			returnAll: true,
			filters: { status: 'SUCCEEDED' },
		});
		expect(succeeded.items(NODE)).toHaveLength(0);
		const lists = routes(emu, 'list');
		expect(lists.at(-1).query).toMatchObject({ status: 'SUCCEEDED', page_no: '1' });
	});
});

describe('credentials and failures', () => {
	test('a key of another region fails with advice to check the region, and no key in the text', async () => {
		const credential = credentialFor(emu, 'beijing', { apiKey: emu.keys.singapore });
		const run = await runWan(
			emu,
			{ operation: 'getStatus', taskId: 'abc', waitForCompletion: false },
			{ credential },
		);
		const text = nodeErrorText(run);
		expect(text).toContain('InvalidApiKey');
		expect(text).toMatch(/region/i);
		expect(text).toContain(emu.baseUrl('beijing'));
		expect(JSON.stringify(run.raw)).not.toContain(emu.keys.singapore);
		expect(routes(emu, 'query')[0]).toMatchObject({ status: 401, auth: 'wrong-region' });
	});

	test('a pasted "Bearer " prefix and spaces around the key still authenticate; the workspace header is sent', async () => {
		const credential = credentialFor(emu, 'singapore', {
			apiKey: `  Bearer ${emu.keys.singapore} `,
			workspaceId: 'ws-123',
		});
		const run = await runWan(
			emu,
			{ operation: 'getStatus', taskId: 'abc', waitForCompletion: false },
			{ credential },
		);
		expect(run.items(NODE)[0].json.status).toBe('UNKNOWN');
		expect(routes(emu, 'query')[0]).toMatchObject({ auth: 'valid', workspace: 'ws-123' });
	});

	test('a FAILED task is an error with the service code and the task id; Continue On Fail makes it an item', async () => {
		const params = {
			operation: 'edit',
			prompt: 'something [[fail:DataInspectionFailed]]',
			source: 'base64',
			base64: makePng(400, 400, RED).toString('base64'),
		};
		const failing = await runWan(emu, params);
		const text = nodeErrorText(failing);
		const [task] = emu.tasks.values();
		expect(text).toContain('DataInspectionFailed');
		expect(text).toContain(task.id);
		expect(text).toMatch(/moderation/i);

		const tolerant = await runWan(emu, params, { settings: { continueOnFail: true } });
		const [item] = tolerant.items(NODE);
		expect(item.json).toMatchObject({ code: 'DataInspectionFailed' });
		expect(item.json.taskId).toMatch(UUID);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	test('a path-like task id is refused before any request', async () => {
		const run = await runWan(emu, {
			operation: 'getStatus',
			taskId: '../services/x',
			waitForCompletion: false,
		});
		expect(nodeErrorText(run)).toContain('is not a valid DashScope task id');
		expect(emu.log).toHaveLength(0);
	});
});
