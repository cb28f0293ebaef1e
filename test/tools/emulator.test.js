'use strict';

// Conformance of the DashScope emulator (test/emulator) with the service's documented behaviour
// (the facts and their sources are in test/emulator/facts.js), over real HTTP on 127.0.0.1.
const { request } = require('undici');
const { startEmulator } = require('../emulator');
const { beijingTime, compactBeijing } = require('../emulator/time');
const { makePng, makeJpeg, makeBmp, makeWebp, dataUri, readPng } = require('../fixtures/images');
const { serve } = require('../fixtures/serve');

const CREATE = '/services/aigc/image2image/image-synthesis';
const MODEL = 'wan2.5-i2i-preview';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BEIJING_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Small inputs keep the suite fast; 384 is the smallest side the service accepts.
const RED = makePng(384, 384, [255, 0, 0]);
const GREEN = makePng(384, 384, [0, 255, 0]);
const BLUE_BMP = makeBmp(384, 384, [0, 0, 255]);
const RED_URI = dataUri(RED, 'image/png');

let emu;
const TEST_DEFAULTS = {
	latencyMs: 150,
	pendingMs: 50,
	spreadMs: 0,
	queryRateLimit: null, // switched on where the limit itself is tested
	createRateLimit: null,
	maxConcurrentTasks: null,
	retryAfterSeconds: null,
	taskTtlMs: 24 * 3600e3,
	resultUrlTtlMs: 24 * 3600e3,
	render: { maxSide: null, resultBytes: null },
	maxBodyBytes: 40 * 1024 * 1024,
};

beforeAll(async () => {
	emu = await startEmulator({ seed: 7 });
});
afterAll(() => emu.stop());
beforeEach(() => {
	emu.reset();
	emu.configure(TEST_DEFAULTS);
});

/** HTTP call -> { status, headers, text, json }. */
async function call(
	method,
	url,
	{ key, region = 'singapore', body, headers = {}, async = true } = {},
) {
	const h = { ...headers };
	if (key !== null) h.authorization = `Bearer ${key || emu.keys[region]}`;
	if (async && method === 'POST') h['x-dashscope-async'] = 'enable';
	let payload = body;
	if (body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body)) {
		payload = JSON.stringify(body);
		h['content-type'] = 'application/json';
	}
	const res = await request(url, { method, headers: h, body: payload });
	const raw = Buffer.from(await res.body.arrayBuffer());
	const text = raw.toString('utf8');
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.statusCode, headers: res.headers, text, json, raw };
}

const api = (region = 'singapore') => emu.baseUrl(region);
const body = (over = {}, input = {}, parameters) => ({
	model: MODEL,
	input: { prompt: 'make it pop', images: [RED_URI], ...input },
	...(parameters ? { parameters } : {}),
	...over,
});
const create = (b = body(), opts = {}) =>
	call('POST', `${api(opts.region)}${CREATE}`, { ...opts, body: b });
const query = (id, opts = {}) => call('GET', `${api(opts.region)}/tasks/${id}`, opts);
const cancel = (id, opts = {}) => call('POST', `${api(opts.region)}/tasks/${id}/cancel`, opts);
const list = (qs = '', opts = {}) => call('GET', `${api(opts.region)}/tasks${qs}`, opts);

async function createOk(b, opts) {
	const res = await create(b, opts);
	expect(res.status).toBe(200);
	return res.json.output.task_id;
}
async function untilEnd(id) {
	const task = emu.tasks.get(id);
	await sleep(Math.max(0, task.endAt - Date.now()) + 10);
}
async function finished(b, opts) {
	const id = await createOk(b, opts);
	await untilEnd(id);
	const res = await query(id, opts);
	expect(res.status).toBe(200);
	return res.json;
}
async function download(url) {
	const res = await request(url);
	const raw = Buffer.from(await res.body.arrayBuffer());
	return { status: res.statusCode, headers: res.headers, raw, text: raw.toString('utf8') };
}
const expectError = (res, status, code, message) => {
	expect(res.status).toBe(status);
	expect(res.json).toEqual({
		request_id: expect.stringMatching(UUID),
		code,
		message: message ?? expect.any(String),
	});
};

describe('create', () => {
	test('answers 200 with PENDING, a task id and a request id', async () => {
		emu.configure({ pendingMs: 2000, latencyMs: 3000 });
		const res = await create();
		expect(res.status).toBe(200);
		expect(res.json).toEqual({
			output: { task_status: 'PENDING', task_id: expect.stringMatching(UUID) },
			request_id: expect.stringMatching(UUID),
		});
		expect(res.headers['x-request-id']).toBe(res.json.request_id);
		expect(emu.tasks.get(res.json.output.task_id).status).toBe('PENDING');
	});

	test('the bare /api/v1 base serves Singapore; each region its own keys', async () => {
		expect((await call('POST', `${emu.origin}/api/v1${CREATE}`, { body: body() })).status).toBe(
			200,
		);
		expect((await create(body(), { region: 'beijing' })).status).toBe(200);
		expect((await create(body(), { region: 'virginia' })).status).toBe(200);
		expect([...emu.tasks.values()].map((t) => t.region).sort()).toEqual([
			'beijing',
			'singapore',
			'virginia',
		]);
	});

	test("401 without a key, with an unknown key, with another region's key", async () => {
		expectError(await create(body(), { key: null }), 401, 'InvalidApiKey', 'No API-key provided.');
		expectError(
			await create(body(), { key: 'sk-nope' }),
			401,
			'InvalidApiKey',
			'Invalid API-key provided.',
		);
		expectError(
			await create(body(), { key: emu.keys.beijing }),
			401,
			'InvalidApiKey',
			'Invalid API-key provided.',
		);
		expect(emu.log.map((r) => r.auth)).toEqual(['missing', 'invalid', 'wrong-region']);
		expect(emu.tasks.size).toBe(0);
	});

	test('403 AccessDenied without X-DashScope-Async: enable', async () => {
		const res = await create(body(), { async: false });
		expectError(res, 403, 'AccessDenied', 'current user api does not support synchronous calls');
		expect(emu.log[0].asyncHeader).toBe(false);
	});

	test('404 ModelNotFound for an unknown model and for wanx2.1-imageedit outside Beijing', async () => {
		expectError(
			await create(body({ model: 'wan9-nope' })),
			404,
			'ModelNotFound',
			'Model not exist.',
		);
		expectError(
			await create(body({ model: 'wanx2.1-imageedit' })),
			404,
			'ModelNotFound',
			'Model not exist.',
		);
	});

	test('wanx2.1-imageedit in Beijing takes function + base_image_url', async () => {
		const b = {
			model: 'wanx2.1-imageedit',
			input: {
				function: 'stylization_all',
				prompt: 'oil painting',
				base_image_url: dataUri(makePng(512, 512, [255, 0, 0])),
			},
		};
		const json = await finished(b, { region: 'beijing' });
		expect(json.output.task_status).toBe('SUCCEEDED');
		expect(json.output.results).toHaveLength(1); // n defaults to 1 for this model
		expect(emu.tasks.get(json.output.task_id)).toMatchObject({
			width: 512,
			height: 512,
			fn: 'stylization_all',
		});
		const bad = await create(
			{ ...b, input: { ...b.input, function: 'teleport' } },
			{ region: 'beijing' },
		);
		expectError(bad, 400, 'InvalidParameter');
		expect(bad.json.message).toMatch(/input\.function/);
	});

	test.each([
		['malformed JSON', '{"model":', /not valid JSON/],
		['a JSON array', [], /JSON object/],
		['no model', { input: { prompt: 'x', images: [RED_URI] } }, /'model'/],
		['no input', { model: MODEL }, /'input'/],
		['no prompt', body({}, { prompt: undefined }), /'input\.prompt'/],
		['an empty prompt', body({}, { prompt: '  ' }), /'input\.prompt'/],
		['no images', body({}, { images: undefined }), /'input\.images'/],
		['zero images', body({}, { images: [] }), /1 to 3 images/],
		['four images', body({}, { images: [RED_URI, RED_URI, RED_URI, RED_URI] }), /1 to 3 images/],
		[
			'an image that is a number',
			body({}, { images: [42] }),
			/input\.images\[0\] must be an http\(s\) URL or a data URI/,
		],
		['an ftp URL', body({}, { images: ['ftp://127.0.0.1/a.png'] }), /input\.images\[0\]/],
		['a gif data URI', body({}, { images: [dataUri(RED, 'image/gif')] }), /image\/gif/],
		[
			'a non-base64 data URI',
			body({}, { images: [`data:image/png,${RED.toString('latin1').slice(0, 20)}`] }),
			/base64/,
		],
		[
			'a 383 px wide image',
			body({}, { images: [dataUri(makePng(383, 400))] }),
			/383x400 px.*\[384, 5000\]/,
		],
		[
			'a 5001 px tall image',
			body({}, { images: [dataUri(makeWebp(400, 5001), 'image/webp')] }),
			/400x5001 px/,
		],
		[
			'a truncated PNG header',
			body({}, { images: [dataUri(RED.subarray(0, 20))] }),
			/input\.images\[0\] could not be read/,
		],
		[
			'undecodable PNG data',
			body({}, { images: [dataUri(Buffer.concat([RED.subarray(0, 33), Buffer.alloc(40)]))] }),
			/could not be decoded/,
		],
		['size with too many pixels', body({}, {}, { size: '1300*1300' }), /1690000 pixels/],
		['size with too few pixels', body({}, {}, { size: '700*700' }), /\[589824, 1638400\]/],
		['size with aspect 5:1', body({}, {}, { size: '2000*400' }), /aspect ratio/],
		['size not W*H', body({}, {}, { size: '1024x1024' }), /"1280\*1280"/],
		['n = 0', body({}, {}, { n: 0 }), /'parameters\.n'.*\[1, 4\]/],
		['n = 5', body({}, {}, { n: 5 }), /'parameters\.n'/],
		['n = 1.5', body({}, {}, { n: 1.5 }), /'parameters\.n'/],
		['seed = -1', body({}, {}, { seed: -1 }), /'parameters\.seed'.*2147483647/],
		['seed = 2^31', body({}, {}, { seed: 2147483648 }), /'parameters\.seed'/],
		['seed as a string', body({}, {}, { seed: '5' }), /'parameters\.seed'/],
		[
			'prompt_extend as a string',
			body({}, {}, { prompt_extend: 'yes' }),
			/'parameters\.prompt_extend'/,
		],
	])('400 InvalidParameter for %s', async (_, b, message) => {
		const res = await create(b);
		expectError(res, 400, 'InvalidParameter');
		expect(res.json.message).toMatch(message);
		expect(emu.tasks.size).toBe(0);
	});

	test('the size bounds themselves are accepted (768*768, 1280*1280, 2560*640)', async () => {
		for (const size of ['768*768', '1280*1280', '2560*640'])
			expect((await create(body({}, {}, { size, n: 1 }))).status).toBe(200);
	});

	test('PNG with alpha is accepted; the bytes, not the data URI mime, decide the format', async () => {
		expect(RED[25]).toBe(6); // RGBA
		expect((await create(body({}, { images: [dataUri(RED, 'image/jpeg')] }))).status).toBe(200);
	});

	test('415 BadRequest.UnsupportedFileFormat for bytes that are no supported image', async () => {
		const res = await create(
			body({}, { images: [dataUri(Buffer.from('GIF89a........................'), 'image/png')] }),
		);
		expectError(res, 415, 'BadRequest.UnsupportedFileFormat');
	});

	test('an image over 10 MB is refused', async () => {
		const big = Buffer.concat([makeWebp(1000, 1000), Buffer.alloc(10 * 1024 * 1024)]);
		const res = await create(body({}, { images: [dataUri(big, 'image/webp')] }));
		expectError(res, 400, 'InvalidParameter');
		expect(res.json.message).toMatch(/at most 10 MB/);
	});

	test('413 BadRequest.TooLarge above maxBodyBytes (and the connection still answers)', async () => {
		const limit = JSON.stringify(body()).length + 100;
		emu.configure({ maxBodyBytes: limit });
		const res = await create(
			body(
				{},
				{ images: [dataUri(makePng(400, 400, (x, y) => [x & 255, y & 255, (x * y) & 255]))] },
			),
		);
		expectError(res, 413, 'BadRequest.TooLarge', 'Payload Too Large.');
		expect(emu.log[0].bodyBytes).toBeGreaterThan(limit);
		expect(emu.tasks.size).toBe(0);
		expect((await create()).status).toBe(200);
	});

	test('prompt over 2000 and negative prompt over 500 characters are cut silently', async () => {
		const long = 'a'.repeat(1990) + '😀'.repeat(30);
		const b = body(
			{},
			{ prompt: `${long} [[latency:20]]`, negative_prompt: 'n'.repeat(600) },
			{ n: 1 },
		);
		const json = await finished(b);
		const orig = json.output.results[0].orig_prompt;
		expect(Array.from(orig)).toHaveLength(2000);
		expect(orig.endsWith('😀')).toBe(true); // code points, not UTF-16 halves
		expect(orig).not.toMatch(/latency/);
		expect(emu.tasks.get(json.output.task_id).negativePrompt).toHaveLength(500);
	});

	test('a URL input on loopback is downloaded; other hosts never are', async () => {
		const site = await serve({ '/red.png': RED, '/jpeg': makeJpeg(500, 400, [255, 0, 0]) });
		try {
			const json = await finished(
				body({}, { images: [site.url('/red.png'), site.url('/jpeg')] }, { n: 1 }),
			);
			expect(json.output.task_status).toBe('SUCCEEDED');
			expect(site.hits).toEqual(['/red.png', '/jpeg']);
			const missing = await create(body({}, { images: [site.url('/nope.png')] }));
			expectError(missing, 400, 'InvalidParameter.DataInspection');
			expect(missing.json.message).toMatch(/download.*input\.images\[0\].*HTTP 404/);
		} finally {
			await site.stop();
		}
		const outside = await create(body({}, { images: ['https://example.com/cat.png'] }));
		expectError(outside, 400, 'InvalidParameter.DataInspection');
		expect(outside.json.message).toMatch(/example\.com.*loopback only/);
	});

	test('createRateLimit answers 429 Throttling.RateQuota beyond the per-second quota', async () => {
		emu.configure({ createRateLimit: 2, retryAfterSeconds: 1 });
		const answers = await Promise.all([create(), create(), create()]);
		expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 429]);
		const throttled = answers.find((r) => r.status === 429);
		expectError(
			throttled,
			429,
			'Throttling.RateQuota',
			'Requests rate limit exceeded, please try again later.',
		);
		expect(throttled.headers['retry-after']).toBe('1');
		expect(emu.tasks.size).toBe(2);
	});
});

describe('query', () => {
	test('PENDING, RUNNING, SUCCEEDED shapes with Beijing times', async () => {
		emu.configure({ latencyMs: 600, pendingMs: 300 });
		const id = await createOk(body({}, {}, { n: 2, seed: 42 }));
		const task = emu.tasks.get(id);
		const pending = (await query(id)).json;
		expect(pending).toEqual({
			request_id: expect.stringMatching(UUID),
			output: {
				task_id: id,
				task_status: 'PENDING',
				submit_time: expect.stringMatching(BEIJING_TIME),
				task_metrics: { TOTAL: 2, SUCCEEDED: 0, FAILED: 0 },
			},
		});
		// Beijing time is UTC+8 whatever the host's zone.
		const utc = new Date(task.createdAt).toISOString();
		const bj = new Date(task.createdAt + 8 * 3600e3).toISOString();
		expect(pending.output.submit_time).toBe(`${bj.slice(0, 10)} ${bj.slice(11, 23)}`);
		expect(pending.output.submit_time).not.toBe(`${utc.slice(0, 10)} ${utc.slice(11, 23)}`);

		await sleep(task.startAt - Date.now() + 20);
		const running = (await query(id)).json;
		expect(running.output).toEqual({
			task_id: id,
			task_status: 'RUNNING',
			submit_time: pending.output.submit_time,
			scheduled_time: expect.stringMatching(BEIJING_TIME),
			task_metrics: { TOTAL: 2, SUCCEEDED: 0, FAILED: 0 },
		});
		expect(running.usage).toBeUndefined();

		await untilEnd(id);
		const done = (await query(id)).json;
		expect(done).toEqual({
			request_id: expect.stringMatching(UUID),
			output: {
				task_id: id,
				task_status: 'SUCCEEDED',
				submit_time: pending.output.submit_time,
				scheduled_time: running.output.scheduled_time,
				end_time: expect.stringMatching(BEIJING_TIME),
				results: [0, 1].map(() => ({
					url: expect.stringMatching(
						/^http:\/\/127\.0\.0\.1:\d+\/results\/.+\.png\?Expires=\d+&OSSAccessKeyId=.+&Signature=[0-9a-f]+$/,
					),
					orig_prompt: 'make it pop',
					actual_prompt: expect.stringContaining('make it pop'),
				})),
				task_metrics: { TOTAL: 2, SUCCEEDED: 2, FAILED: 0 },
			},
			usage: { image_count: 2 },
		});
		expect(done.output.results[0].url).toMatch(`/results/${id}/0.png?`);
		expect(done.output.results[1].url).toMatch(`/results/${id}/1.png?`);
	});

	test('n defaults to 4; actual_prompt only with prompt_extend', async () => {
		const json = await finished(body({}, {}, { prompt_extend: false }));
		expect(json.output.results).toHaveLength(4);
		expect(json.usage).toEqual({ image_count: 4 });
		for (const r of json.output.results)
			expect(Object.keys(r).sort()).toEqual(['orig_prompt', 'url']);
	});

	test('[[partial:I,J]] fails those images; usage counts successes only', async () => {
		const json = await finished(body({}, { prompt: 'two of four fail [[partial:0,2]]' }, { n: 4 }));
		expect(json.output.task_status).toBe('SUCCEEDED');
		const [a, b, c, d] = json.output.results;
		expect(a).toEqual({ code: 'InternalError.Timeout', message: expect.any(String) });
		expect(c).toEqual({ code: 'InternalError.Timeout', message: expect.any(String) });
		expect(b.url).toMatch('/1.png?');
		expect(d.url).toMatch('/3.png?');
		expect(b.orig_prompt).toBe('two of four fail');
		expect(json.output.task_metrics).toEqual({ TOTAL: 4, SUCCEEDED: 2, FAILED: 2 });
		expect(json.usage).toEqual({ image_count: 2 });
	});

	test('[[fail:CODE]] ends FAILED with code and message, no results, no usage', async () => {
		const json = await finished(
			body({}, { prompt: 'bad [[fail:DataInspectionFailed]]' }, { n: 2 }),
		);
		expect(json.output).toEqual({
			task_id: json.output.task_id,
			task_status: 'FAILED',
			submit_time: expect.stringMatching(BEIJING_TIME),
			scheduled_time: expect.stringMatching(BEIJING_TIME),
			end_time: expect.stringMatching(BEIJING_TIME),
			code: 'DataInspectionFailed',
			message: 'Input or output data may contain inappropriate content.',
			task_metrics: { TOTAL: 2, SUCCEEDED: 0, FAILED: 2 },
		});
		expect(json.usage).toBeUndefined();
		const other = await finished(body({}, { prompt: '[[fail:SomethingOdd]]' }, { n: 1 }));
		expect(other.output).toMatchObject({
			task_status: 'FAILED',
			code: 'SomethingOdd',
			message: expect.stringContaining('SomethingOdd'),
		});
	});

	test("UNKNOWN for an unknown id and for another region's (account's) task", async () => {
		const unknown = await query('1111');
		expect(unknown.status).toBe(200);
		expect(unknown.json).toEqual({
			request_id: expect.stringMatching(UUID),
			output: { task_id: '1111', task_status: 'UNKNOWN' },
		});
		const id = await createOk();
		const foreign = await query(id, { region: 'beijing' });
		expect(foreign.json.output).toEqual({ task_id: id, task_status: 'UNKNOWN' });
	});

	test('a task expires to UNKNOWN after taskTtlMs and leaves the list', async () => {
		emu.configure({ taskTtlMs: 400, latencyMs: 50 });
		const id = await createOk();
		expect((await query(id)).json.output.task_status).not.toBe('UNKNOWN');
		await sleep(450);
		expect((await query(id)).json.output).toEqual({ task_id: id, task_status: 'UNKNOWN' });
		expect((await list()).json.total).toBe(0);
	});

	test('the query rate limit: 20 per second per account, 429 then recovery', async () => {
		emu.configure({ queryRateLimit: 20 });
		const id = await createOk();
		// Two keys of one region are one account: they share the window.
		emu.configure({ keys: { singapore: [emu.keys.singapore, 'sk-emu-sg-second'] } });
		const answers = await Promise.all(
			Array.from({ length: 25 }, (_, i) =>
				query(id, { key: i % 2 ? 'sk-emu-sg-second' : undefined }),
			),
		);
		const statuses = answers.map((r) => r.status);
		expect(statuses.filter((s) => s === 200)).toHaveLength(20);
		expect(statuses.filter((s) => s === 429)).toHaveLength(5);
		const throttled = answers.find((r) => r.status === 429);
		expectError(
			throttled,
			429,
			'Throttling.RateQuota',
			'Requests rate limit exceeded, please try again later.',
		);
		expect(throttled.headers['retry-after']).toBeUndefined();
		// Another account is not affected; list and cancel share the window.
		expect((await query(id, { region: 'beijing' })).status).toBe(200);
		expect((await list()).status).toBe(429);
		emu.configure({ retryAfterSeconds: 2 });
		expect((await cancel(id)).headers['retry-after']).toBe('2');
		await sleep(1050);
		expect((await query(id)).status).toBe(200);
		emu.configure({ keys: {} });
	});
});

describe('cancel', () => {
	test('PENDING -> CANCELED with a body holding request_id; otherwise 400 UnsupportedOperation', async () => {
		emu.configure({ pendingMs: 5000, latencyMs: 10000 });
		const id = await createOk();
		const res = await cancel(id);
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ request_id: expect.stringMatching(UUID) });
		const q = (await query(id)).json.output;
		expect(q).toMatchObject({ task_id: id, task_status: 'CANCELED' });
		const message = 'Failed to cancel the task, please confirm if the task is in PENDING status.';
		expectError(await cancel(id), 400, 'UnsupportedOperation', message);
		expectError(await cancel('no-such-task'), 400, 'UnsupportedOperation', message);
		emu.configure({ pendingMs: 0, latencyMs: 5000 });
		const running = await createOk();
		await sleep(10);
		expect(emu.tasks.get(running).status).toBe('RUNNING');
		expectError(await cancel(running), 400, 'UnsupportedOperation', message);
	});

	test('maxConcurrentTasks keeps extra tasks PENDING until a slot frees; a cancel frees the queue', async () => {
		emu.configure({ maxConcurrentTasks: 1, pendingMs: 0, latencyMs: 300 });
		const a = await createOk();
		const b = await createOk();
		const c = await createOk();
		await sleep(50);
		expect([a, b, c].map((id) => emu.tasks.get(id).status)).toEqual([
			'RUNNING',
			'PENDING',
			'PENDING',
		]);
		expect((await cancel(b)).status).toBe(200);
		const ta = emu.tasks.get(a);
		const tc = emu.tasks.get(c);
		expect(tc.startAt).toBe(ta.endAt); // c moved up into b's place
		await sleep(ta.endAt - Date.now() + 20);
		expect((await query(c)).json.output.task_status).toBe('RUNNING');
		expect((await query(a)).json.output.task_status).toBe('SUCCEEDED');
	});
});

describe('list', () => {
	test("flat body, newest first, epoch-ms times, no result URLs, only the caller's account", async () => {
		emu.configure({ latencyMs: 30, pendingMs: 10 });
		const first = await createOk();
		await sleep(5);
		const second = await createOk(body({}, { prompt: 'later' }));
		await createOk(body(), { region: 'beijing' });
		await untilEnd(second);
		const res = await list();
		expect(res.status).toBe(200);
		expect(res.json).toEqual({
			request_id: expect.stringMatching(UUID),
			total: 2,
			total_page: 1,
			page_no: 1,
			page_size: 10,
			data: expect.any(Array),
		});
		expect(res.json.data.map((d) => d.task_id)).toEqual([second, first]);
		const item = res.json.data[0];
		const t = emu.tasks.get(second);
		expect(item).toEqual({
			task_id: second,
			status: 'SUCCEEDED',
			model_name: MODEL,
			gmt_create: t.createdAt,
			start_time: t.startAt,
			end_time: t.endAt,
			region: 'ap-southeast-1',
			request_id: t.requestId,
			api_key_id: expect.any(String),
			caller_uid: expect.any(String),
			caller_parent_id: expect.any(String),
			user_api_unique_key: expect.any(String),
		});
		expect(JSON.stringify(res.json)).not.toMatch(/results|url|sk-emu/);
		const bj = await list('', { region: 'beijing' });
		expect(bj.json.total).toBe(1);
		expect(bj.json.data[0].region).toBe('cn-beijing');
	});

	test('filters: status, model_name, start_time/end_time (Beijing); paging and its limits', async () => {
		emu.configure({ pendingMs: 5000, latencyMs: 10000 });
		const ids = [];
		for (let i = 0; i < 5; i++) ids.push(await createOk());
		await cancel(ids[0]);
		expect((await list('?status=CANCELED')).json.data.map((d) => d.task_id)).toEqual([ids[0]]);
		expect((await list('?status=PENDING')).json.total).toBe(4);
		expect((await list(`?model_name=${MODEL}`)).json.total).toBe(5);
		expect((await list('?model_name=wanx2.1-imageedit')).json.total).toBe(0);
		const now = Date.now();
		expect(
			(
				await list(
					`?start_time=${compactBeijing(now - 60000)}&end_time=${compactBeijing(now + 60000)}`,
				)
			).json.total,
		).toBe(5);
		expect((await list(`?start_time=${compactBeijing(now + 60000)}`)).json.total).toBe(0);
		expect((await list(`?end_time=${compactBeijing(now - 60000)}`)).json.total).toBe(0);
		const page = (await list('?page_size=2&page_no=2')).json;
		expect(page).toMatchObject({ total: 5, total_page: 3, page_no: 2, page_size: 2 });
		expect(page.data.map((d) => d.task_id)).toEqual([ids[2], ids[1]]);
		expect((await list('?page_size=100')).status).toBe(200);
		expectError(await list('?page_size=101'), 400, 'InvalidParameter');
		expectError(await list('?page_no=0'), 400, 'InvalidParameter');
		expectError(await list('?start_time=2024-03-01'), 400, 'InvalidParameter');
		expectError(await list('?status=DONE'), 400, 'InvalidParameter');
	});

	test("clockOffsetMs: task times, list items, list filters and the Date header are on the service's clock", async () => {
		const offset = -5 * 60_000;
		emu.configure({ clockOffsetMs: offset, latencyMs: 100, pendingMs: 0 });
		try {
			const before = Date.now();
			const id = await createOk();
			await untilEnd(id);
			const res = await list('');
			const served = Date.parse(res.headers.date);
			expect(Math.abs(served - (Date.now() + offset))).toBeLessThan(2000);
			const item = res.json.data.find((d) => d.task_id === id);
			expect(Math.abs(item.gmt_create - (emu.tasks.get(id).createdAt + offset))).toBeLessThan(1);
			const shown = (await query(id)).json.output.submit_time;
			expect(shown).toBe(beijingTime(emu.tasks.get(id).createdAt + offset));
			// A filter on this machine's clock finds nothing; on the service's, the task.
			expect((await list(`?start_time=${compactBeijing(before)}`)).json.total).toBe(0);
			expect((await list(`?start_time=${compactBeijing(before + offset - 1000)}`)).json.total).toBe(
				1,
			);
		} finally {
			emu.configure({ clockOffsetMs: 0 });
		}
	});
});

describe('result images', () => {
	async function firstImage(b) {
		const json = await finished(b);
		expect(json.output.task_status).toBe('SUCCEEDED');
		const res = await download(json.output.results[0].url);
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toBe('image/png');
		return { json, png: readPng(res.raw), res };
	}

	test('edit: red in -> cyan out, about 1280*1280 for a square input', async () => {
		const { png, json } = await firstImage(body({}, {}, { n: 1, seed: 9 }));
		expect([png.width, png.height]).toEqual([1280, 1280]);
		expect(png.pixel(0, 0)).toEqual([0, 255, 255, 255]);
		expect(png.pixel(1279, 1279)).toEqual([0, 255, 255, 255]);
		expect(png.text.Comment).toBe(`dashscope-emulator task=${json.output.task_id} index=0 seed=9`);
	});

	test("explicit size, and the default size follows the last input's aspect (multiples of 16)", async () => {
		expect((await firstImage(body({}, {}, { n: 1, size: '1024*768' }))).png).toMatchObject({
			width: 1024,
			height: 768,
		});
		const wide = dataUri(makePng(1000, 400, [0, 0, 0]));
		const { png } = await firstImage(body({}, { images: [RED_URI, wide] }, { n: 1 }));
		expect([png.width, png.height]).toEqual([2016, 800]);
	});

	test('fusion: one inverted strip per input, left to right (PNG, PNG, BMP)', async () => {
		const images = [RED_URI, dataUri(GREEN), dataUri(BLUE_BMP, 'image/bmp')];
		const { png } = await firstImage(body({}, { images }, { n: 1, size: '1200*800' }));
		expect(png.pixel(10, 400)).toEqual([0, 255, 255, 255]); // red -> cyan
		expect(png.pixel(600, 400)).toEqual([255, 0, 255, 255]); // green -> magenta
		expect(png.pixel(1190, 400)).toEqual([255, 255, 0, 255]); // blue -> yellow
		expect(png.pixel(399, 0)).toEqual([0, 255, 255, 255]);
		expect(png.pixel(400, 0)).toEqual([255, 0, 255, 255]);
	});

	test("nearest-neighbour scaling keeps an input's layout; JPEG inverted; WEBP grey", async () => {
		const halves = makePng(400, 400, (x) => (x < 200 ? [255, 255, 255] : [0, 0, 0]));
		const { png } = await firstImage(
			body({}, { images: [dataUri(halves)] }, { n: 1, size: '800*800' }),
		);
		expect(png.pixel(100, 100)).toEqual([0, 0, 0, 255]);
		expect(png.pixel(700, 100)).toEqual([255, 255, 255, 255]);
		const jpg = (
			await firstImage(
				body({}, { images: [dataUri(makeJpeg(400, 400, [255, 0, 0]), 'image/jpeg')] }, { n: 1 }),
			)
		).png.pixel(50, 50);
		expect(jpg[0]).toBeLessThan(10);
		expect(jpg[1]).toBeGreaterThan(245);
		expect(jpg[2]).toBeGreaterThan(245);
		const webp = (
			await firstImage(
				body({}, { images: [dataUri(makeWebp(500, 500, 'VP8L'), 'image/webp')] }, { n: 1 }),
			)
		).png;
		expect(webp.pixel(5, 5)).toEqual([128, 128, 128, 255]);
	});

	test('render.maxSide downscales; render.resultBytes pads to that size and stays a valid PNG', async () => {
		emu.configure({ render: { maxSide: 256, resultBytes: 300000 } });
		const { png, res } = await firstImage(body({}, {}, { n: 1, size: '1280*640' }));
		expect([png.width, png.height]).toEqual([256, 128]);
		expect(res.raw.length).toBe(300000);
		expect(Number(res.headers['content-length'])).toBe(300000);
		expect(res.raw.includes(Buffer.from('emUp'))).toBe(true);
		expect(png.pixel(0, 0)).toEqual([0, 255, 255, 255]);
	});

	test('signed URLs: no auth needed, bad signature 403, expiry 403, failed index 404', async () => {
		emu.configure({ resultUrlTtlMs: 600 });
		const json = await finished(body({}, { prompt: 'x [[partial:1]]' }, { n: 2 }));
		const url = json.output.results[0].url;
		const good = await download(url);
		expect(good.status).toBe(200);
		const forged = await download(url.replace(/Signature=[0-9a-f]{4}/, 'Signature=0000'));
		expect(forged.status).toBe(403);
		expect(forged.headers['content-type']).toBe('application/xml');
		expect(forged.text).toMatch(/<Code>SignatureDoesNotMatch<\/Code>/);
		const otherIndex = await download(url.replace('/0.png', '/1.png'));
		expect(otherIndex.status).toBe(403); // the signature covers the path
		await sleep(emu.tasks.get(json.output.task_id).endAt + 650 - Date.now());
		const expired = await download(url);
		expect(expired.status).toBe(403);
		expect(expired.text).toMatch(
			/<Code>AccessDenied<\/Code>\s*<Message>Request has expired\.<\/Message>/,
		);
		expect(emu.log.filter((r) => r.route === 'download').map((r) => r.auth)).toEqual([
			null,
			null,
			null,
			null,
		]);
	});
});

describe('fault injection', () => {
	test('status 500 phase "after" on create: the task IS created, the client sees 500', async () => {
		emu.inject({ route: 'create', kind: 'status', status: 500, phase: 'after' });
		const res = await create();
		expectError(res, 500, 'InternalError');
		expect(emu.tasks.size).toBe(1);
		const [record] = emu.log;
		expect(record).toMatchObject({
			route: 'create',
			status: 500,
			code: 'InternalError',
			fault: 'status',
			taskId: [...emu.tasks.keys()][0],
		});
		expect((await create()).status).toBe(200); // times: 1
		expect(emu.tasks.size).toBe(2);
	});

	test('status faults phase "before" create nothing; defaults per status; Retry-After', async () => {
		emu.inject({ route: 'create', kind: 'status', status: 503 });
		expectError(await create(), 503, 'ModelUnavailable');
		emu.inject({ route: 'create', kind: 'status', status: 429, retryAfter: 3 });
		const r429 = await create();
		expectError(
			r429,
			429,
			'Throttling.RateQuota',
			'Requests rate limit exceeded, please try again later.',
		);
		expect(r429.headers['retry-after']).toBe('3');
		emu.inject({
			route: 'any',
			kind: 'status',
			status: 418,
			code: 'Teapot',
			message: 'short and stout',
		});
		expectError(await query('x'), 418, 'Teapot', 'short and stout');
		expect(emu.tasks.size).toBe(0);
	});

	test('reset destroys the socket; phase "after" still creates the task', async () => {
		emu.inject({ route: 'create', kind: 'reset', phase: 'after' });
		await expect(create()).rejects.toThrow();
		expect(emu.tasks.size).toBe(1);
		emu.inject({ route: 'query', kind: 'reset' });
		await expect(query('x')).rejects.toThrow();
		expect((await query('x')).status).toBe(200);
		expect(emu.log.map((r) => r.fault)).toEqual(['reset', 'reset', null]);
	});

	test('malformed answers 200 with a body that is not JSON', async () => {
		emu.inject({ route: 'query', kind: 'malformed' });
		const res = await query('x');
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toBe('application/json');
		expect(() => JSON.parse(res.text)).toThrow();
	});

	test('slow delays the real answer; taskId, probability and times filter', async () => {
		const id = await createOk();
		emu.inject({ route: 'query', kind: 'slow', delayMs: 300, taskId: id });
		emu.inject({ route: 'query', kind: 'status', status: 500, probability: 0, times: Infinity });
		const t0 = Date.now();
		expect((await query('other')).json.output.task_status).toBe('UNKNOWN');
		expect(Date.now() - t0).toBeLessThan(250);
		const slow = await query(id);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
		expect(slow.json.output.task_id).toBe(id);
		expect(emu.faults.list).toHaveLength(1); // the probability-0 fault stays, never applied
	});

	test('download faults answer with the OSS XML shape', async () => {
		const json = await finished(body({}, {}, { n: 1 }));
		emu.inject({ route: 'download', kind: 'status', status: 500 });
		const res = await download(json.output.results[0].url);
		expect(res.status).toBe(500);
		expect(res.text).toMatch(/<Code>InternalError<\/Code>/);
		expect((await download(json.output.results[0].url)).status).toBe(200);
	});
});

describe('routes, log and control API', () => {
	test('unknown routes answer 404 in the error shape', async () => {
		expectError(await call('GET', `${emu.origin}/nowhere`), 404, 'NotFound');
		expectError(await call('GET', `${api()}${CREATE}`), 404, 'NotFound');
		expectError(await call('GET', `${emu.origin}/mars/api/v1/tasks`), 404, 'NotFound');
	});

	test('log records: fields, workspace, body size, never the key', async () => {
		const b = body();
		await create(b, { headers: { 'X-DashScope-WorkSpace': 'ws-123' } });
		await query('abc', { region: 'beijing' });
		expect(emu.log[0]).toEqual({
			seq: expect.any(Number),
			time: expect.any(Number),
			method: 'POST',
			route: 'create',
			region: 'singapore',
			path: `/singapore/api/v1${CREATE}`,
			query: {},
			status: 200,
			code: null,
			taskId: expect.stringMatching(UUID),
			auth: 'valid',
			fault: null,
			asyncHeader: true,
			workspace: 'ws-123',
			host: null,
			hostWorkspace: null,
			bodyBytes: Buffer.byteLength(JSON.stringify(b)),
		});
		expect(emu.log[1]).toMatchObject({
			route: 'query',
			region: 'beijing',
			taskId: 'abc',
			status: 200,
			workspace: null,
		});
		expect(emu.log[1].seq).toBe(emu.log[0].seq + 1);
		expect(JSON.stringify(emu.log)).not.toMatch(/sk-emu/);
		emu.clearLog();
		expect(emu.log).toHaveLength(0);
	});

	test('control API: keys, info, faults, config, log, tasks, reset (not logged)', async () => {
		const ctl = (method, path, b) =>
			call(method, `${emu.origin}/__emulator/${path}`, { key: null, body: b, async: false });
		expect((await ctl('GET', 'keys')).json).toEqual(emu.keys);
		expect(emu.keys.singapore).toMatch(/^sk-emu-sg-/);
		expect(emu.keys.beijing).toMatch(/^sk-emu-cn-/);
		expect(emu.keys.virginia).toMatch(/^sk-emu-us-/);
		expect((await ctl('GET', 'info')).json.baseUrls.beijing).toBe(emu.baseUrl('beijing'));
		expect(
			(await ctl('POST', 'faults', { route: 'query', kind: 'status', status: 502, times: null }))
				.status,
		).toBe(200);
		expectError(await query('x'), 502, 'BadGateway');
		expectError(await query('x'), 502, 'BadGateway');
		await ctl('DELETE', 'faults');
		expect((await query('x')).status).toBe(200);
		const cfg = await ctl('POST', 'config', { latencyMs: 4000, pendingMs: 3000 });
		expect(cfg.json).toMatchObject({ latencyMs: 4000, pendingMs: 3000 });
		expect((await ctl('POST', 'config', { latncyMs: 1 })).status).toBe(400);
		const id = await createOk();
		expect(emu.tasks.get(id).endAt - emu.tasks.get(id).createdAt).toBe(4000);
		const log = (await ctl('GET', 'log')).json;
		expect(log.map((r) => r.route)).toEqual(['query', 'query', 'query', 'create']);
		expect((await ctl('GET', `log?since=${log[2].seq}`)).json).toHaveLength(1);
		expect((await ctl('GET', 'tasks')).json[0]).toMatchObject({ task_id: id, status: 'PENDING' });
		await ctl('POST', 'reset');
		expect(emu.tasks.size).toBe(0);
		expect(emu.log).toHaveLength(0);
	});

	test('latency spread is seeded: same seed, same latencies', async () => {
		const latencies = async () => {
			const e = await startEmulator({ seed: 123, spreadMs: 500, latencyMs: 1000 });
			try {
				const ids = [];
				for (let i = 0; i < 3; i++) {
					const r = await call('POST', `${e.baseUrl('singapore')}${CREATE}`, {
						key: e.keys.singapore,
						body: body(),
					});
					ids.push(r.json.output.task_id);
				}
				return ids.map((id) => e.tasks.get(id).endAt - e.tasks.get(id).createdAt);
			} finally {
				await e.stop();
			}
		};
		const a = await latencies();
		expect(await latencies()).toEqual(a);
		expect(new Set(a).size).toBeGreaterThan(1);
		for (const l of a) expect(l).toBeGreaterThanOrEqual(500);
	});

	test('defaults of a fresh emulator', async () => {
		const e = await startEmulator();
		try {
			expect(e.options).toMatchObject({
				latencyMs: 1500,
				pendingMs: 200,
				queryRateLimit: 20,
				createRateLimit: null,
				maxConcurrentTasks: null,
				retryAfterSeconds: null,
				taskTtlMs: 86400000,
				resultUrlTtlMs: 86400000,
				maxBodyBytes: 40 * 1024 * 1024,
				idleStopMs: null,
			});
			expect(e.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			expect(e.baseUrl('virginia')).toBe(`${e.origin}/virginia/api/v1`);
		} finally {
			await e.stop();
		}
	});

	test('the CLI prints origin, bases and keys, serves, and stops on SIGTERM', async () => {
		const { spawn } = require('child_process');
		const child = spawn(
			process.execPath,
			[require.resolve('../emulator/cli.js'), '--port', '0', '--latency', '100'],
			{ stdio: ['ignore', 'pipe', 'pipe'] },
		);
		let out = '';
		const origin = await new Promise((resolve, reject) => {
			child.stdout.on('data', (d) => {
				out += d;
				const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
				if (m && /virginia/.test(out)) resolve(m[1]);
			});
			child.on('exit', () => reject(new Error(`CLI exited early: ${out}`)));
		});
		expect(out).toMatch(/beijing\s+http:\/\/127\.0\.0\.1:\d+\/beijing\/api\/v1\s+key sk-emu-cn-/);
		const keys = (await call('GET', `${origin}/__emulator/keys`, { key: null })).json;
		const cfg = (await call('GET', `${origin}/__emulator/config`, { key: null })).json;
		expect(cfg).toMatchObject({ latencyMs: 100, idleStopMs: 3600000 });
		const created = await call('POST', `${origin}/api/v1${CREATE}`, {
			key: keys.singapore,
			body: body(),
		});
		expect(created.status).toBe(200);
		const code = await new Promise((resolve) => {
			child.on('exit', (c) => resolve(c));
			child.kill('SIGTERM');
		});
		expect(code).toBe(0);
		expect(out).toMatch(/stopped/);
	});

	test('idleStopMs stops the server after that long without requests', async () => {
		const e = await startEmulator({ idleStopMs: 300 });
		const t0 = Date.now();
		await sleep(200);
		expect((await call('GET', `${e.origin}/__emulator/keys`, { key: null })).status).toBe(200);
		await e.closed;
		expect(Date.now() - t0).toBeGreaterThanOrEqual(480); // the request at 200 ms re-armed the timer
		await expect(request(`${e.origin}/api/v1/tasks/x`)).rejects.toThrow();
	});
});

describe('service hosts', () => {
	const listAs = async (host, region) => {
		const answer = await request(`${emu.origin}/api/v1/tasks?page_size=1`, {
			headers: { host, authorization: `Bearer ${emu.keys[region]}` },
		});
		await answer.body.dump();
		return answer.statusCode;
	};

	test('a shared or workspace Host picks the region whatever the path, and keys stay region-bound', async () => {
		emu.clearLog();
		expect(await listAs('ws-a1.eu-central-1.maas.aliyuncs.com', 'frankfurt')).toBe(200);
		expect(await listAs('ws-a1.eu-central-1.maas.aliyuncs.com', 'singapore')).toBe(401);
		expect(await listAs('cn-hongkong.dashscope.aliyuncs.com', 'hongkong')).toBe(200);
		expect(await listAs('llm-x.ap-northeast-1.maas.aliyuncs.com', 'tokyo')).toBe(200);
		expect(await listAs('127.0.0.1', 'singapore')).toBe(200);
		expect(emu.log.map((r) => [r.region, r.hostWorkspace, r.auth])).toEqual([
			['frankfurt', 'ws-a1', 'valid'],
			['frankfurt', 'ws-a1', 'wrong-region'],
			['hongkong', null, 'valid'],
			['tokyo', 'llm-x', 'valid'],
			['singapore', null, 'valid'],
		]);
	});
});
