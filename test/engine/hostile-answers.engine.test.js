'use strict';
// Hostile answers: a service that echoes the key, sends megabytes of message, answers 200 with an
// error instead of a task, and result "images" that are web pages, trickle, never end or point at
// file:// URLs. Each case asserts the error the user sees (with the task id once a task exists)
// and that the key is in no output, error or log line.
const { useHostile, answer } = require('../hostile');
const { makePng, makeJpeg } = require('../fixtures/images');
const { NODE, runWan, nodeErrorText, useTuning, tuning, overrideTuning } = require('../support');
const hostile = useHostile();
useTuning({
	retry: {
		baseDelayMs: 20,
		maxDelayMs: 100,
		timeoutMs: { query: 1000, create: 1000, afterStop: 1000 },
	},
	download: { maxMs: 1500 },
});

const TASK = 'task-hostile-1';
const png64 = makePng(400, 400).toString('base64');
const edit = {
	operation: 'edit',
	prompt: 'make it blue',
	waitForCompletion: false,
	source: 'base64',
	base64: png64,
};
const getStatus = (wait = false, waitOptions = {}) => ({
	operation: 'getStatus',
	taskId: TASK,
	waitForCompletion: wait,
	waitOptions,
});
const { json } = answer;
const task = (status, output = {}) => ({
	request_id: 'req-h',
	output: { task_id: TASK, task_status: status, ...output },
});
const succeededWith = (...urls) =>
	json(200, task('SUCCEEDED', { results: urls.map((url) => ({ url })) }));

async function run(parameters, options = {}) {
	return await runWan(null, parameters, { credential: hostile.credential(), ...options });
}

describe('the key is redacted from whatever the service says', () => {
	const echo = () =>
		`invalid key ${hostile.key}; you sent Authorization: Bearer ${hostile.key} (Authorization=${hostile.key.slice(3)}x)`;

	test('a 400 on create echoing the key and the Authorization header', async () => {
		hostile.script({
			create: (req, res) =>
				json(400, { code: 'InvalidParameter', message: echo(), request_id: 'r1' })(req, res),
		});
		const result = await run(edit);
		expect(nodeErrorText(result)).toContain('InvalidParameter: invalid key [redacted]');
		expect(nodeErrorText(result)).toContain('Bearer [redacted]');
		expect(hostile.keyTraces(result)).toEqual([]);
	});

	test('a 401 whose code and request id carry the key', async () => {
		hostile.script({
			query: (req, res) =>
				json(401, {
					code: `InvalidApiKey ${hostile.key}`,
					message: echo(),
					request_id: hostile.key,
				})(req, res),
		});
		const result = await run(getStatus());
		expect(result.nodeError(NODE).httpCode).toBe('401');
		expect(nodeErrorText(result)).toContain('InvalidApiKey [redacted]');
		expect(hostile.keyTraces(result)).toEqual([]);
	});

	test('a FAILED task whose message, result slots and URLs echo the key: outputs are clean too', async () => {
		hostile.script({
			query: (req, res) =>
				json(
					200,
					task('FAILED', {
						code: 'InternalError',
						message: echo(),
						results: [{ code: 'X', message: echo(), url: `https://x.example/${hostile.key}.png` }],
					}),
				)(req, res),
		});
		const result = await run(getStatus());
		const out = result.items(NODE)[0].json;
		expect(out.error.message).toContain('[redacted]');
		expect(out.imageUrls[0]).toBe('https://x.example/[redacted].png');
		expect(hostile.keyTraces(result)).toEqual([]);
	});

	test('a key echoed into a list failure is absent from the log line the watcher writes', async () => {
		let created = 0;
		hostile.script({
			create: (req, res) =>
				json(200, {
					request_id: 'r',
					output: { task_id: `task-${++created}`, task_status: 'PENDING' },
				})(req, res),
			list: (req, res) => json(400, { code: 'InvalidParameter', message: echo() })(req, res),
		});
		const items = Array.from({ length: 5 }, () => ({ json: {} }));
		const result = await run(
			{ ...edit, waitForCompletion: true, downloadImages: false },
			{ items },
		);
		expect(result.items(NODE)).toHaveLength(5);
		expect(
			result.logLines.some(
				(line) =>
					line.message.includes('listing tasks failed') && line.message.includes('[redacted]'),
			),
		).toBe(true);
		expect(hostile.keyTraces(result)).toEqual([]);
	});

	test('a 2 MB message becomes a short error that says it was cut', async () => {
		const huge = `${'A'.repeat(2 * 1024 * 1024)}${hostile.key}`;
		hostile.script({ create: json(400, { code: 'InvalidParameter', message: huge }) });
		const result = await run(edit);
		const error = result.nodeError(NODE);
		expect(error.message.length).toBeLessThan(1200);
		expect(error.message).toContain('more characters cut');
		expect(JSON.stringify(result.raw).length).toBeLessThan(100_000);
		expect(hostile.keyTraces(result)).toEqual([]);
	});
});

describe('a 200 that carries an error instead of a task or a status', () => {
	test('create: the service code and message are reported, with no task created', async () => {
		hostile.script({
			create: json(200, {
				request_id: 'r2',
				code: 'Arrearage',
				message: 'Access denied, please make sure your account is in good standing.',
			}),
		});
		const result = await run(edit);
		const text = nodeErrorText(result);
		expect(text).toContain('Arrearage: Access denied');
		expect(text).toContain('Top it up');
		expect(text).not.toContain('no task id');
		expect(hostile.of('create')).toHaveLength(1);
	});

	test('create: a 200 Throttling is throttling, retried like a 429, and one task results', async () => {
		hostile.script({
			create: hostile.answer.sequence(
				json(200, { code: 'Throttling.RateQuota', message: 'Requests rate limit exceeded' }),
				json(200, task('PENDING')),
			),
		});
		const result = await run(edit);
		expect(result.items(NODE)[0].json.taskId).toBe(TASK);
		expect(hostile.of('create')).toHaveLength(2);
	});

	test('query: a 200 Throttling.RateQuota is retried, not read as an unknown task', async () => {
		const throttled = json(200, {
			request_id: 'r3',
			code: 'Throttling.RateQuota',
			message: 'Requests rate limit exceeded, please try again later.',
		});
		hostile.script({
			query: hostile.answer.sequence(throttled, throttled, json(200, task('RUNNING'))),
		});
		const result = await run(getStatus());
		expect(result.items(NODE)[0].json.status).toBe('RUNNING');
		expect(hostile.of('query')).toHaveLength(3);
	});

	test('query: a persistent 200 Throttling keeps the watcher waiting until the task is seen', async () => {
		const throttled = json(200, { code: 'Throttling.RateQuota', message: 'slow down' });
		hostile.script({
			query: hostile.answer.sequence(
				...Array(7).fill(throttled),
				succeededWith(`${hostile.api.origin}/img/1.png`),
			),
		});
		// The pause after a 429 and the rate's recovery shortened: the outcome, not the pace, is shown.
		const restore = overrideTuning({
			budget: { pauseMs: 100, recoverEveryMs: 200 },
			watch: { throttledRetryMs: 100 },
		});
		const result = await run(getStatus(true)).finally(restore);
		expect(result.items(NODE)[0].json.status).toBe('SUCCEEDED');
		expect(hostile.of('query').length).toBeGreaterThanOrEqual(8);
	});

	test('query: another 200 error keeps its code and the task id', async () => {
		hostile.script({
			query: json(200, {
				request_id: 'r4',
				code: 'InvalidApiKey',
				message: 'Invalid API-key provided.',
			}),
		});
		const result = await run(getStatus());
		const text = nodeErrorText(result);
		expect(text).toContain('InvalidApiKey: Invalid API-key provided.');
		expect(text).toContain(`Task ID: ${TASK}`);
		expect(text).not.toContain('UNKNOWN');
	});

	test('list: a 200 error is reported, not an empty list', async () => {
		hostile.script({ list: json(200, { code: 'AccessDenied', message: 'not allowed' }) });
		const result = await run({ operation: 'listTasks', limit: 5 });
		expect(nodeErrorText(result)).toContain('AccessDenied: not allowed');
	});
});

describe('API answers trickling in are bounded in time too', () => {
	const slowJson = (body) => (req, res) =>
		hostile.answer.trickle(Buffer.from(JSON.stringify(body)), 100, { chunked: true })(req, res);

	test('a status answer at one byte per 100 ms: each try ends at the time bound, the error keeps the task id', async () => {
		hostile.script({ query: slowJson(task('RUNNING')) });
		const result = await run(getStatus());
		const text = nodeErrorText(result);
		expect(text).toContain('did not answer in time');
		expect(text).toContain(`Task ID: ${TASK}`);
		expect(hostile.of('query')).toHaveLength(tuning().retry.queryAttempts);
	});

	test('a create answer trickling in: one create, and the error says a task may exist', async () => {
		hostile.script({ create: slowJson(task('PENDING')) });
		const result = await run(edit);
		expect(nodeErrorText(result)).toContain('may have been created and billed');
		expect(hostile.of('create')).toHaveLength(1);
	});
});

describe('result downloads are checked and bounded', () => {
	const img = (path = '/img/1.png') =>
		`${hostile.api.origin}${path}?Expires=1&Signature=the-signature`;
	const expectDownloadError = (result, expected) => {
		const text = nodeErrorText(result);
		expect(text).toContain(`result image of task ${TASK}`);
		expect(text).toContain(expected);
		expect(text).not.toContain('the-signature');
		expect(hostile.keyTraces(result)).toEqual([]);
		return text;
	};

	test('an HTML page with status 200 is not stored as an image, and not fetched again', async () => {
		hostile.script({
			query: succeededWith(img()),
			download: hostile.answer.bytes(
				Buffer.from('<!DOCTYPE html><html><body>Sign in</body></html>'),
				'image/png',
			),
		});
		const result = await run(getStatus(true));
		const text = expectDownloadError(result, 'not a JPEG, PNG, BMP or WEBP image');
		expect(text).toContain(`${hostile.api.origin}/img/1.png`);
		expect(hostile.of('download')).toHaveLength(1);
	});

	test('a few bytes of text without a length are refused too', async () => {
		hostile.script({
			query: succeededWith(img()),
			download: hostile.answer.trickle(Buffer.from('oops'), 1, { chunked: true }),
		});
		expectDownloadError(
			await run(getStatus(true)),
			'sent 4 bytes that are not a JPEG, PNG, BMP or WEBP image',
		);
	});

	test('with Continue On Fail the broken download is an error item with the task id', async () => {
		hostile.script({
			query: succeededWith(img()),
			download: hostile.answer.bytes(Buffer.from('<html></html>'.repeat(4))),
		});
		const result = await run(getStatus(true), { settings: { continueOnFail: true } });
		const [item] = result.items(NODE);
		expect(item.json.taskId).toBe(TASK);
		expect(item.json.error).toContain('not a JPEG, PNG, BMP or WEBP image');
	});

	test('a JPEG result is delivered as image/jpeg, a PNG as image/png', async () => {
		hostile.script({
			query: succeededWith(img('/img/a.jpg'), img('/img/b.png')),
			download: (req, res) =>
				hostile.answer.bytes(req.url.includes('.jpg') ? makeJpeg(400, 400) : hostile.png)(req, res),
		});
		const out = (await run(getStatus(true))).items(NODE);
		expect(out.map((item) => item.binary.data.mimeType)).toEqual(['image/jpeg', 'image/png']);
		expect(out[0].binary.data.fileName).toBe(`${TASK}-1.jpg`);
	});

	test.each([
		['declared', {}],
		['chunked', { chunked: true }],
	])(
		'a download trickling one byte at a time (%s length) is abandoned at the time bound',
		async (_name, options) => {
			hostile.script({
				query: succeededWith(img()),
				download: hostile.answer.trickle(hostile.png, 100, options),
			});
			const result = await run(getStatus(true));
			expectDownloadError(result, 'the download took longer than 1.5 s');
			// The shortened bound (1.5 s) ended it, not the default 300 s: with room for a loaded machine.
			expect(result.durationMs).toBeLessThan(60_000);
			expect(hostile.of('download')).toHaveLength(1);
		},
	);

	test('an endless body is cut at Max Image Size', async () => {
		hostile.script({ query: succeededWith(img()), download: hostile.answer.endless() });
		const result = await run(getStatus(true, { maxImageMb: 1 }));
		expectDownloadError(result, 'larger than the 1 MB download cap');
	});

	test('a declared length over Max Image Size is refused before reading', async () => {
		const big = Buffer.concat([hostile.png, Buffer.alloc(2 * 1024 * 1024)]);
		hostile.script({ query: succeededWith(img()), download: hostile.answer.bytes(big) });
		expectDownloadError(
			await run(getStatus(true, { maxImageMb: 1 })),
			'over the 1 MB download cap',
		);
	});

	test.each([
		['file', 'file:///etc/passwd', 'scheme "file"'],
		['ftp', 'ftp://127.0.0.1/x.png', 'scheme "ftp"'],
		['data', 'data:image/png;base64,AAAA', 'scheme "data"'],
		['relative', '/img/1.png', 'no scheme'],
	])(
		'a %s result URL is refused before any fetch, with the task id',
		async (_name, url, expected) => {
			hostile.script({ query: succeededWith(url) });
			const result = await run(getStatus(true));
			const text = nodeErrorText(result);
			expect(text).toContain(`result image of task ${TASK}`);
			expect(text).toContain(`is not an http(s) URL (${expected})`);
			expect(hostile.requests.filter((entry) => entry.route !== 'query')).toEqual([]);
		},
	);
});

describe('malformed answers: an error with the task id, never a crash or a hang', () => {
	const shapes = [
		['output is text', { output: 'nope' }],
		['results is text', task('SUCCEEDED', { results: 'x' })],
		['results hold null and numbers', task('SUCCEEDED', { results: [null, 5, { url: 42 }] })],
		['status is an object', { output: { task_id: TASK, task_status: { a: 1 } } }],
		['a JSON array', [1, 2, 3]],
		['deeply nested', JSON.parse(`${'{"a":'.repeat(200)}1${'}'.repeat(200)}`)],
	];
	test.each(shapes)('%s', async (_name, body) => {
		hostile.script({ query: json(200, body) });
		const result = await run(getStatus(true, { maxWaitSeconds: 2 }), {
			settings: { continueOnFail: true },
		});
		const [item] = result.items(NODE);
		expect(item.json.taskId).toBe(TASK);
		expect(hostile.keyTraces(result)).toEqual([]);
	});
});
