'use strict';
// The credential's own expressions (host per region, Bearer header) resolved by n8n's expression
// engine, and its test request sent as n8n's credential tester would send it, to the emulator.
const { request } = require('undici');
const { getEngine } = require('../harness/engine');
const { startEmulator } = require('../emulator');
const { AlibabaWanApi } = require('../../dist/credentials/AlibabaWanApi.credentials.js');

const credentialType = new AlibabaWanApi();
let emu;
let resolve;
beforeAll(async () => {
	emu = await startEmulator();
	const { workflow: wfLib } = getEngine();
	const node = {
		id: 'n',
		name: 'N',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodeTypes = {
		getByName: () => ({ description: { properties: [] } }),
		getByNameAndVersion: () => ({ description: { properties: [] } }),
		getKnownTypes: () => ({}),
	};
	const workflow = new wfLib.Workflow({
		id: 'w',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	resolve = (expression, credentials) =>
		workflow.expression.getSimpleParameterValue(
			node,
			expression,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
});
afterAll(async () => await emu.stop());

/** What n8n's credential tester sends: the test request, authenticated by the credential. */
async function sendTestRequest(credentials) {
	const { baseURL, url, qs } = credentialType.test.request;
	const target = new URL(`${resolve(baseURL, credentials)}${url}`);
	for (const [key, value] of Object.entries(qs)) target.searchParams.set(key, String(value));
	const authorization = resolve(
		credentialType.authenticate.properties.headers.Authorization,
		credentials,
	);
	const answer = await request(target, { headers: { authorization } });
	return { status: answer.statusCode, body: await answer.body.json() };
}

test('each region resolves to its own host; a custom base URL loses its trailing slash', () => {
	const base = credentialType.test.request.baseURL;
	expect(resolve(base, { region: 'singapore' })).toBe('https://dashscope-intl.aliyuncs.com/api/v1');
	expect(resolve(base, { region: 'beijing' })).toBe('https://dashscope.aliyuncs.com/api/v1');
	expect(resolve(base, { region: 'virginia' })).toBe('https://dashscope-us.aliyuncs.com/api/v1');
	expect(resolve(base, { region: 'hongkong', endpoint: 'shared' })).toBe(
		'https://cn-hongkong.dashscope.aliyuncs.com/api/v1',
	);
	expect(resolve(base, { region: 'beijing', endpoint: 'workspace', workspaceId: 'LLM-x1' })).toBe(
		'https://llm-x1.cn-beijing.maas.aliyuncs.com/api/v1',
	);
	expect(resolve(base, { region: 'frankfurt', workspaceId: ' ws-de ' })).toBe(
		'https://ws-de.eu-central-1.maas.aliyuncs.com/api/v1',
	);
	expect(resolve(base, { region: 'tokyo', workspaceId: 'ws-jp' })).toBe(
		'https://ws-jp.ap-northeast-1.maas.aliyuncs.com/api/v1',
	);
	// A workspace domain without a usable id: a scheme no client speaks, the key is never sent.
	for (const credentials of [
		{ region: 'tokyo' },
		{ region: 'singapore', endpoint: 'workspace', workspaceId: '' },
		{ region: 'frankfurt', workspaceId: 'evil.example/x' },
	])
		expect(resolve(base, credentials)).toMatch(
			/^refused: .* on a workspace domain needs the Workspace ID/,
		);
	expect(resolve(base, { region: 'tokyo' })).toBe(
		'refused: Japan (Tokyo) on a workspace domain needs the Workspace ID',
	);
	expect(resolve(base, { region: 'custom', baseUrl: ' http://127.0.0.1:8080/api/v1/ ' })).toBe(
		'http://127.0.0.1:8080/api/v1',
	);
});

test('the Bearer header tolerates a pasted prefix and whitespace', () => {
	const header = credentialType.authenticate.properties.headers.Authorization;
	expect(resolve(header, { apiKey: ' sk-abc ' })).toBe('Bearer sk-abc');
	expect(resolve(header, { apiKey: 'bearer  sk-abc\n' })).toBe('Bearer sk-abc');
});

test("the credential test passes with the region's key and fails with a key of another region, with a message that says so", async () => {
	const right = await sendTestRequest({
		apiKey: emu.keys.beijing,
		region: 'custom',
		baseUrl: emu.baseUrl('beijing'),
	});
	expect(right.status).toBe(200);
	expect(right.body.page_size).toBe(1);

	const wrong = await sendTestRequest({
		apiKey: emu.keys.singapore,
		region: 'custom',
		baseUrl: emu.baseUrl('beijing'),
	});
	expect(wrong).toMatchObject({ status: 401, body: { code: 'InvalidApiKey' } });
	const rule = credentialType.test.rules.find((r) => r.properties.value === wrong.status);
	expect(rule.properties.message).toMatch(/region-bound/);
	expect(emu.log.filter((r) => r.route === 'list').map((r) => r.auth)).toEqual([
		'valid',
		'wrong-region',
	]);
});

test("the 401 message names each region's host the test calls", () => {
	const rule = credentialType.test.rules.find((r) => r.properties.value === 401);
	for (const host of [
		'Germany (Frankfurt) {WorkspaceId}.eu-central-1.maas.aliyuncs.com',
		'China (Hong Kong) cn-hongkong.dashscope.aliyuncs.com',
		'Japan (Tokyo) {WorkspaceId}.ap-northeast-1.maas.aliyuncs.com',
	])
		expect(rule.properties.message).toContain(host);
});

test('the test request never sends the key over plain http to another host unless allowed', async () => {
	const base = credentialType.test.request.baseURL;
	const refused = resolve(base, { region: 'custom', baseUrl: 'http://gateway.example.com/api/v1' });
	// A scheme no HTTP client speaks: the request fails before any connection ("Unsupported protocol").
	expect(new URL(`${refused}/tasks`).protocol).toBe('refused:');
	expect(refused).toContain('Allow Insecure HTTP');
	expect(
		resolve(base, {
			region: 'custom',
			baseUrl: 'http://gateway.example.com/api/v1',
			allowInsecureHttp: true,
		}),
	).toBe('http://gateway.example.com/api/v1');
	expect(resolve(base, { region: 'custom', baseUrl: 'https://gateway.example.com/api/v1/' })).toBe(
		'https://gateway.example.com/api/v1',
	);
	for (const host of ['127.0.0.1:8080', 'localhost:1', '[::1]:9']) {
		expect(resolve(base, { region: 'custom', baseUrl: `http://${host}/api/v1` })).toBe(
			`http://${host}/api/v1`,
		);
	}
	// A loopback name as a prefix of another host is not loopback.
	expect(
		resolve(base, { region: 'custom', baseUrl: 'http://127.0.0.1.evil.example/api/v1' }),
	).toMatch(/^refused:/);
	expect(credentialType.test.request.disableFollowRedirect).toBe(true);
});
