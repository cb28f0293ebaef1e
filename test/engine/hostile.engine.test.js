'use strict';
// The key never leaves its host: a hostile service redirects every API route to another origin,
// and the credential's Base URL, key and workspace id are tried as an attacker or a careless user
// would write them. Each case asserts where requests went (three recording listeners) and that
// the key is in no output, error or log line.
const { useHostile } = require('../hostile');
const { makePng } = require('../fixtures/images');
const { NODE, runWan, nodeErrorText } = require('../support');

const hostile = useHostile();

const png64 = makePng(400, 400).toString('base64');
const edit = {
	operation: 'edit',
	prompt: 'make it blue',
	waitForCompletion: false,
	source: 'base64',
	base64: png64,
};
const status = { operation: 'getStatus', taskId: 'task-hostile-1', waitForCompletion: false };
const OPERATIONS = {
	create: edit,
	query: status,
	list: { operation: 'listTasks', limit: 5 },
	cancel: { operation: 'cancel', taskId: 'task-hostile-1' },
};

async function run(parameters, credential = {}, options = {}) {
	return await runWan(null, parameters, { credential: hostile.credential(credential), ...options });
}

describe('API calls never follow a redirect', () => {
	const cases = [];
	for (const route of Object.keys(OPERATIONS))
		for (const code of [301, 308]) cases.push([route, code]); // every code: test/unit/transport/outcome.test.ts

	test.each(cases)(
		'%s answered %i to another port: reported with the status and host, not followed',
		async (route, code) => {
			hostile.script({
				[route]: hostile.answer.redirect(code, `${hostile.other.origin}/steal?x=1`),
			});
			const result = await run(OPERATIONS[route]);
			expect(result.status).toBe('error');
			const text = nodeErrorText(result);
			expect(text).toContain(`HTTP ${code}`);
			expect(text).toContain(new URL(hostile.other.origin).host);
			expect(hostile.of(route)).toHaveLength(1);
			expect(hostile.of('other')).toEqual([]);
			if (route === 'query' || route === 'cancel')
				expect(text).toContain('Task ID: task-hostile-1');
			expect(hostile.keyTraces(result)).toEqual([]);
		},
	);

	test('a redirect while waiting keeps the task id in the error, and the other host sees nothing', async () => {
		hostile.script({ query: hostile.answer.redirect(302, `${hostile.other.origin}/tasks/x`) });
		const result = await run({ ...edit, waitForCompletion: true });
		expect(nodeErrorText(result)).toContain(hostile.taskId);
		expect(nodeErrorText(result)).toContain('HTTP 302');
		expect(hostile.of('other')).toEqual([]);
		expect(hostile.keyTraces(result)).toEqual([]);
	});

	test('a relative redirect on the same host is not followed either (the service never redirects)', async () => {
		hostile.script({ query: hostile.answer.redirect(307, '/api/v1/tasks/elsewhere') });
		const result = await run(status);
		expect(nodeErrorText(result)).toContain('HTTP 307');
		expect(hostile.of('query')).toHaveLength(1);
	});
});

describe('requests leaving for a non-loopback host (recorded by a proxy)', () => {
	const saved = {};
	beforeAll(() => {
		for (const name of ['HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'])
			saved[name] = process.env[name];
		process.env.HTTP_PROXY = process.env.http_proxy = hostile.proxy.origin;
		process.env.NO_PROXY = process.env.no_proxy = '127.0.0.1,localhost';
	});
	afterAll(() => {
		for (const [name, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	});

	test('control: a result download to a non-loopback host does reach the proxy', async () => {
		hostile.script({
			query: hostile.answer.json(200, {
				request_id: 'r',
				output: {
					task_id: 'task-hostile-1',
					task_status: 'SUCCEEDED',
					results: [{ url: 'http://results.example.com/img/1.png' }],
				},
			}),
			proxy: hostile.answer.bytes(hostile.png),
		});
		const result = await run({ ...status, waitForCompletion: true });
		expect(hostile.of('proxy').map((entry) => entry.url)).toEqual([
			'http://results.example.com/img/1.png',
		]);
		expect(hostile.of('proxy')[0].authorization).toBeUndefined();
		expect(result.items(NODE)).toHaveLength(1);
	});

	test.each(Object.keys(OPERATIONS))(
		'%s redirected to a non-loopback host: nothing leaves',
		async (route) => {
			hostile.script({
				[route]: hostile.answer.redirect(302, 'http://collector.example.com/api/v1/tasks'),
			});
			const result = await run(OPERATIONS[route]);
			expect(nodeErrorText(result)).toContain('collector.example.com');
			expect(hostile.of('proxy')).toEqual([]);
			expect(hostile.keyTraces(result)).toEqual([]);
		},
	);

	test('a redirect whose host name carries the key does not put the key in the error', async () => {
		hostile.script({ query: hostile.answer.redirect(302, `http://${hostile.key}.example.com/x`) });
		const result = await run(status);
		expect(nodeErrorText(result)).toContain('HTTP 302');
		expect(hostile.keyTraces(result)).toEqual([]);
	});

	test('http:// to a non-loopback host is refused before any request, naming Base URL and the risk', async () => {
		const result = await run(status, { baseUrl: 'http://dashscope-intl.aliyuncs.com/api/v1' });
		expect(nodeErrorText(result)).toContain(
			"The credential's Base URL uses plain http:// to dashscope-intl.aliyuncs.com",
		);
		expect(nodeErrorText(result)).toContain('Allow Insecure HTTP');
		expect(hostile.requests).toEqual([]);
	});

	test('with Allow Insecure HTTP on, the same base URL is used (the switch is what decides)', async () => {
		const result = await run(status, {
			baseUrl: 'http://gateway.example.com/api/v1',
			allowInsecureHttp: true,
		});
		expect(result.status).toBe('error');
		expect(hostile.of('proxy')[0].url).toBe(
			'http://gateway.example.com/api/v1/tasks/task-hostile-1',
		);
	});
});

describe('the credential is checked before any request', () => {
	const baseCases = [
		[
			'a query string',
			(url) => `${url}?region=x`,
			'must not have a query string (?) or a fragment (#)',
		],
		['a fragment', (url) => `${url}#top`, 'must not have a query string (?) or a fragment (#)'],
		[
			'a space inside',
			(url) => url.replace('/api', '/a pi'),
			'contains spaces or control characters',
		],
		[
			'a line break inside',
			(url) => url.replace('/api', '/\r\napi'),
			'contains spaces or control characters',
		],
		['no host', () => 'http:///api/v1', 'no host'],
		['no scheme', (url) => url.replace('http://', ''), 'must start with http:// or https://'],
		[
			'an ftp scheme',
			(url) => url.replace('http://', 'ftp://'),
			'must start with http:// or https://',
		],
		[
			'a user and password',
			(url) => url.replace('http://', `http://user:${hostile.key}@`),
			'must not contain a user name or password',
		],
		['a non-numeric port', (url) => url.replace(/:\d+/, ':port'), 'is not a valid URL'],
		['an object from an expression', () => ({ url: 'x' }), 'must start with http:// or https://'],
	];
	test.each(baseCases)(
		'a Base URL with %s is refused, naming Base URL, without a request or a retry',
		async (_name, make, expected) => {
			const result = await run(status, { baseUrl: make(hostile.baseUrl) });
			expect(nodeErrorText(result)).toContain(`The credential's Base URL`);
			expect(nodeErrorText(result)).toContain(expected);
			expect(hostile.requests).toEqual([]);
			expect(hostile.keyTraces(result)).toEqual([]);
		},
	);

	test.each([
		['localhost', (url) => url.replace('127.0.0.1', 'localhost')],
		['a trailing slash', (url) => `${url}/`],
		['surrounding spaces', (url) => `  ${url} `],
	])('a loopback Base URL with %s stays allowed', async (_name, make) => {
		const result = await run(status, { baseUrl: make(hostile.baseUrl) });
		expect(result.items(NODE)[0].json.taskId).toBe('task-hostile-1');
		expect(hostile.of('query')).toHaveLength(1);
	});

	const keyCases = [
		['empty', '', 'API Key is empty'],
		['blank', '   \t ', 'API Key is empty'],
		['only a Bearer prefix', 'Bearer ', 'API Key is empty'],
		[
			'with CR/LF and a header after it',
			'sk-abc\r\nX-Injected: 1',
			'API Key has a character that is not allowed at position 7',
		],
		['with a line feed', 'sk-abc\ndef', 'API Key has a character that is not allowed'],
		[
			'with non-Latin-1 characters',
			'sk-ключ',
			'API Key has a character that is not allowed at position 4',
		],
		['with a Latin-1 accent', 'sk-cl\u00e9', 'API Key has a character that is not allowed'],
		['with a zero-width space', 'sk-ab\u200bcd', 'API Key has a character that is not allowed'],
		['with a space inside', 'sk-ab cd', 'API Key has a character that is not allowed'],
		['that is an object', { key: 'sk' }, 'API Key must be text, not an object'],
	];
	test.each(keyCases)(
		'an API Key %s is refused before any request, naming the field',
		async (_name, apiKey, expected) => {
			const result = await run(status, { apiKey });
			const text = nodeErrorText(result);
			expect(text).toContain(`The credential's ${expected}`);
			expect(text).toContain('Open the Alibaba Wan credential');
			expect(hostile.requests).toEqual([]);
		},
	);

	test.each([
		['CR/LF', 'ws-1\r\nX-Injected: 1'],
		['non-Latin-1 characters', 'ws-工作区'],
		['a space inside', 'ws 1'],
	])('a Workspace ID with %s is refused before any request', async (_name, workspaceId) => {
		const result = await run(status, { workspaceId });
		expect(nodeErrorText(result)).toContain(
			"The credential's Workspace ID has a character that is not allowed",
		);
		expect(hostile.requests).toEqual([]);
	});

	test('a pasted key with spaces and "Bearer " is trimmed, and exactly the key is sent, only to the API', async () => {
		const result = await run(status, {
			apiKey: `  Bearer ${hostile.key}\n`,
			workspaceId: ' ws-1 ',
		});
		expect(result.items(NODE)[0].json.taskId).toBe('task-hostile-1');
		const [query] = hostile.of('query');
		expect(query.authorization).toBe(`Bearer ${hostile.key}`);
		expect(query.headers['x-dashscope-workspace']).toBe('ws-1');
		expect(hostile.keyTraces(result)).toEqual([]);
	});
});
