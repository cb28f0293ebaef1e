'use strict';
// Conformance of the emulator's image-generation route (Wan 2.6 / 2.7), against the facts in
// test/emulator/facts.js: the messages body per model, the async header, results in the choices
// shape, partial results, faults and rate limits shared with the Wan 2.5 route.
const { request } = require('undici');
const { startEmulator } = require('../emulator');
const { makePng, dataUri, readPng } = require('../fixtures/images');

const GENERATE = '/services/aigc/image-generation/generation';
const SYNTHESIS = '/services/aigc/image2image/image-synthesis';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const RED = dataUri(makePng(1696, 960, [255, 0, 0]), 'image/png');
const GREEN = dataUri(makePng(300, 300, [0, 255, 0]), 'image/png');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ seed: 3, latencyMs: 120, pendingMs: 40, queryRateLimit: null });
});
afterAll(() => emu.stop());
beforeEach(() => {
	emu.reset();
	emu.configure({ createRateLimit: null, latencyMs: 120, pendingMs: 40 });
});

async function call(method, path, { body, region = 'singapore', async = true } = {}) {
	const headers = { authorization: `Bearer ${emu.keys[region]}` };
	if (async && method === 'POST') headers['x-dashscope-async'] = 'enable';
	if (body) headers['content-type'] = 'application/json';
	const res = await request(`${emu.baseUrl(region)}${path}`, {
		method,
		headers,
		body: body && JSON.stringify(body),
	});
	const text = await res.body.text();
	return { status: res.statusCode, json: text ? JSON.parse(text) : undefined };
}

const message = (text, images) => ({
	messages: [{ role: 'user', content: [{ text }, ...images.map((image) => ({ image }))] }],
});
const wan = (model, images = [RED], parameters = { n: 1 }, text = 'edit it') => ({
	model,
	input: message(text, images),
	parameters,
});
const generate = (body, opts) => call('POST', GENERATE, { ...opts, body });

async function finished(body, opts) {
	const created = await generate(body, opts);
	expect(created.status).toBe(200);
	const id = created.json.output.task_id;
	await sleep(Math.max(0, emu.tasks.get(id).endAt - Date.now()) + 10);
	return (await call('GET', `/tasks/${id}`, opts)).json;
}

describe('create on the image-generation route', () => {
	test('answers PENDING with a task id, like the official example', async () => {
		const res = await generate(wan('wan2.7-image'));
		expect(res.status).toBe(200);
		expect(res.json).toEqual({
			output: { task_status: 'PENDING', task_id: expect.stringMatching(UUID) },
			request_id: expect.stringMatching(UUID),
		});
		const task = emu.tasks.get(res.json.output.task_id);
		expect(task).toMatchObject({
			model: 'wan2.7-image',
			prompt: 'edit it',
			n: 1,
			shape: 'choices',
		});
		expect(emu.log.at(-1)).toMatchObject({ route: 'create', path: `/singapore/api/v1${GENERATE}` });
	});

	test('refuses a call without the async header (the node needs the async route)', async () => {
		const res = await generate(wan('wan2.6-image'), { async: false });
		expect(res.status).toBe(403);
		expect(res.json.code).toBe('AccessDenied');
	});

	// [model, body change, message part]
	const refused = [
		['wan2.7-image', (b) => ({ ...b, input: { messages: [] } }), "'input.messages' missing"],
		[
			'wan2.7-image',
			(b) => ({ ...b, input: { messages: [b.input.messages[0], b.input.messages[0]] } }),
			'only single-turn',
		],
		[
			'wan2.7-image',
			(b) => ({ ...b, input: { messages: [{ ...b.input.messages[0], role: 'assistant' }] } }),
			"must be 'user'",
		],
		['wan2.7-image', (b) => ({ ...b, input: message('', [RED]) }), 'exactly one non-empty text'],
		[
			'wan2.7-image',
			(b) => ({
				...b,
				input: {
					messages: [{ role: 'user', content: [{ text: 'a' }, { text: 'b' }, { image: RED }] }],
				},
			}),
			'exactly one non-empty text',
		],
		[
			'wan2.7-image',
			(b) => ({
				...b,
				input: { messages: [{ role: 'user', content: [{ text: 'a', image: RED }] }] },
			}),
			'must be {"text": ...} or {"image": ...}',
		],
		[
			'wan2.7-image',
			(b) => ({ ...b, input: message('a', Array(10).fill(GREEN)) }),
			'must hold 1 to 9 images for wan2.7-image, got 10',
		],
		[
			'wan2.6-image',
			(b) => ({ ...b, input: message('a', Array(5).fill(GREEN)) }),
			'must hold 1 to 4 images for wan2.6-image, got 5',
		],
		['wan2.7-image', (b) => ({ ...b, input: message('a', []) }), 'Text-to-image'],
		[
			'wan2.7-image',
			(b) => ({ ...b, parameters: { n: 5 } }),
			"'parameters.n' must be an integer within [1, 4]",
		],
		['wan2.7-image', (b) => ({ ...b, parameters: { size: '3K' } }), 'must be 1K, 2K or "W*H"'],
		[
			'wan2.7-image-pro',
			(b) => ({ ...b, parameters: { size: '4K' } }),
			'4K is for text-to-image only',
		],
		['wan2.7-image', (b) => ({ ...b, parameters: { size: '4K' } }), 'must be 1K, 2K or "W*H"'],
		[
			'wan2.6-image',
			(b) => ({ ...b, parameters: { size: '700*700' } }),
			'width*height must be within [589824, 4194304]',
		],
		[
			'wan2.6-image',
			(b) => ({ ...b, parameters: { size: '3000*600' } }),
			'aspect ratio outside [1:4, 4:1]',
		],
		[
			'wan2.7-image',
			(b) => ({ ...b, parameters: { size: '4000*400' } }),
			'aspect ratio outside [1:8, 8:1]',
		],
		[
			'wan2.6-image',
			(b) => ({ ...b, parameters: { enable_interleave: true } }),
			'enable_interleave',
		],
		[
			'wan2.6-image',
			(b) => ({ ...b, parameters: { bbox_list: [[]] } }),
			"bbox_list' is not supported by wan2.6-image",
		],
		[
			'wan2.7-image',
			(b) => ({ ...b, parameters: { bbox_list: [[], []] } }),
			'one list of [x1, y1, x2, y2] boxes per input image (1)',
		],
		[
			'wan2.7-image',
			(b) => ({ ...b, parameters: { bbox_list: [[[10, 10, 5, 20]]] } }),
			'one list of [x1, y1, x2, y2] boxes',
		],
		[
			'wan2.7-image',
			(b) => ({ ...b, input: message('a', [dataUri(makePng(239, 300), 'image/png')]) }),
			'must each be within [240, 8000]',
		],
		[
			'wan2.7-image',
			(b) => ({ ...b, input: message('a', [dataUri(makePng(2430, 300), 'image/png')]) }),
			'aspect ratio must be within [1:8, 8:1]',
		],
	];
	test.each(refused)('%s: refused with 400 InvalidParameter (%#)', async (model, change, part) => {
		const res = await generate(change(wan(model)));
		expect(res.status).toBe(400);
		expect(res.json).toMatchObject({
			code: 'InvalidParameter',
			message: expect.stringContaining(part),
		});
		expect(emu.tasks.size).toBe(0);
	});

	test('each model only on its own route; Wan 2.7 not in Virginia', async () => {
		const wrong = await generate({ model: 'wan2.5-i2i-preview', input: message('a', [RED]) });
		expect(wrong.status).toBe(400);
		expect(wrong.json.message).toContain(SYNTHESIS);
		const old = await call('POST', SYNTHESIS, {
			body: { model: 'wan2.7-image', input: { prompt: 'a', images: [RED] } },
		});
		expect(old.status).toBe(400);
		expect(old.json.message).toContain(GENERATE);
		expect((await generate(wan('wan2.7-image'), { region: 'virginia' })).json.code).toBe(
			'ModelNotFound',
		);
		expect((await generate(wan('wan2.6-image'), { region: 'virginia' })).status).toBe(200);
		expect((await generate(wan('wan2.7-image-pro'), { region: 'beijing' })).status).toBe(200);
	});

	test('nine references on Wan 2.7, four on Wan 2.6; text may come after the images', async () => {
		expect((await generate(wan('wan2.7-image', Array(9).fill(GREEN)))).status).toBe(200);
		expect((await generate(wan('wan2.6-image', Array(4).fill(GREEN)))).status).toBe(200);
		const imagesFirst = {
			model: 'wan2.7-image',
			input: {
				messages: [{ role: 'user', content: [{ image: GREEN }, { image: RED }, { text: 'last' }] }],
			},
		};
		const res = await generate(imagesFirst);
		expect(res.status).toBe(200);
		expect(emu.tasks.get(res.json.output.task_id).inputs).toHaveLength(2);
	});

	test('text is cut at the model limit: 2000 characters for Wan 2.6, 5000 for Wan 2.7', async () => {
		const six = await generate(wan('wan2.6-image', [RED], { n: 1 }, 'x'.repeat(2100)));
		const seven = await generate(wan('wan2.7-image', [RED], { n: 1 }, 'y'.repeat(5100)));
		expect(emu.tasks.get(six.json.output.task_id).prompt).toHaveLength(2000);
		expect(emu.tasks.get(seven.json.output.task_id).prompt).toHaveLength(5000);
	});
});

describe('query in the choices shape', () => {
	test('Wan 2.6: one choice per image, zero tokens, a preset is a pixel budget with the aspect of the last input', async () => {
		const body = await finished(wan('wan2.6-image', [GREEN, RED], { n: 2, size: '1K' }));
		expect(body.output).toMatchObject({ task_status: 'SUCCEEDED', finished: true });
		expect(body.output.results).toBeUndefined();
		expect(body.output.task_metrics).toBeUndefined();
		expect(body.output.choices).toHaveLength(2);
		for (const choice of body.output.choices) {
			expect(choice).toEqual({
				finish_reason: 'stop',
				message: {
					role: 'assistant',
					content: [{ image: expect.stringContaining('/results/'), type: 'image' }],
				},
			});
		}
		// 1696x960 last with 1K: the official example's answer, 1376*768.
		expect(body.usage).toEqual({
			size: '1376*768',
			total_tokens: 0,
			image_count: 2,
			output_tokens: 0,
			input_tokens: 0,
		});
		const png = await request(body.output.choices[1].message.content[0].image);
		expect(png.statusCode).toBe(200);
		const image = readPng(Buffer.from(await png.body.arrayBuffer()));
		expect([image.width, image.height]).toEqual([1376, 768]);
	});

	test('Wan 2.7: default size 2K, non-zero tokens, W*H kept', async () => {
		const auto = await finished(wan('wan2.7-image', [GREEN]));
		expect(auto.usage).toMatchObject({ size: '2048*2048', image_count: 1 });
		expect(auto.usage.input_tokens).toBeGreaterThan(0);
		const custom = await finished(wan('wan2.7-image-pro', [GREEN], { n: 1, size: '2048*1024' }));
		expect(custom.usage.size).toBe('2048*1024');
	});

	test('partial results: a failed image is left out of choices and image_count', async () => {
		const body = await finished(wan('wan2.7-image', [RED], { n: 3 }, 'edit [[partial:1]]'));
		expect(body.output.choices).toHaveLength(2);
		expect(body.usage.image_count).toBe(2);
		expect(body.output.choices[1].message.content[0].image).toContain('/2.png');
	});

	test('a failed task carries code and message, no choices and no usage', async () => {
		const body = await finished(
			wan('wan2.6-image', [RED], { n: 1 }, 'edit [[fail:DataInspectionFailed]]'),
		);
		expect(body.output).toMatchObject({
			task_status: 'FAILED',
			code: 'DataInspectionFailed',
			message: expect.any(String),
		});
		expect(body.output.choices).toBeUndefined();
		expect(body.usage).toBeUndefined();
	});

	test('PENDING and RUNNING answers have no choices; cancel and list work on these tasks', async () => {
		emu.configure({ latencyMs: 2000, pendingMs: 1000 });
		const id = (await generate(wan('wan2.7-image'))).json.output.task_id;
		const pending = (await call('GET', `/tasks/${id}`)).json;
		expect(pending.output).toEqual({
			task_id: id,
			task_status: 'PENDING',
			submit_time: expect.any(String),
		});
		expect((await call('POST', `/tasks/${id}/cancel`)).status).toBe(200);
		const listed = (await call('GET', '/tasks?model_name=wan2.7-image')).json;
		expect(listed.data.map((item) => [item.task_id, item.status])).toEqual([[id, 'CANCELED']]);
	});
});

describe('faults and rate limits are the same as on the Wan 2.5 route', () => {
	test('an injected 500 and the create rate limit apply to this route', async () => {
		emu.inject({ route: 'create', kind: 'status', status: 500 });
		expect((await generate(wan('wan2.7-image'))).status).toBe(500);
		emu.configure({ createRateLimit: 1 });
		expect((await generate(wan('wan2.7-image'))).status).toBe(200);
		const throttled = await generate(wan('wan2.7-image'));
		expect(throttled.status).toBe(429);
		expect(throttled.json.code).toBe('Throttling.RateQuota');
	});
});
