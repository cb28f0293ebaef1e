'use strict';
// Every region of the credential, shared and workspace domain, through the real engine: the node
// calls the region's real host, which the test routes to the emulator (test/harness/hosts.js),
// and the emulator answers as that region by the Host header.
const { startEmulator } = require('../emulator');
const { routeServiceHosts } = require('../harness/hosts');
const { NODE, runWan, routes, nodeErrorText } = require('../support');

let emu;
let restore;
beforeAll(async () => {
	emu = await startEmulator({ latencyMs: 200, pendingMs: 50 });
	restore = routeServiceHosts(emu);
});
afterAll(async () => {
	restore();
	await emu.stop();
});
beforeEach(() => emu.reset());

const list = { operation: 'listTasks', returnAll: false, limit: 1 };
const credential = (region, extra = {}) => ({ apiKey: emu.keys[region], region, ...extra });

// The workspace domain of a region that also has a shared one.
const onWorkspace = (region, id, regionId) => [
	region,
	{ endpoint: 'workspace', workspaceId: id },
	`${id}.${regionId}.maas.aliyuncs.com`,
];
const HOSTS = [
	['singapore', {}, 'dashscope-intl.aliyuncs.com'],
	['beijing', {}, 'dashscope.aliyuncs.com'],
	['virginia', {}, 'dashscope-us.aliyuncs.com'],
	['hongkong', {}, 'cn-hongkong.dashscope.aliyuncs.com'],
	onWorkspace('singapore', 'ws-sg01', 'ap-southeast-1'),
	onWorkspace('beijing', 'llm-bj', 'cn-beijing'),
	onWorkspace('virginia', 'ws-us', 'us-east-1'),
	onWorkspace('hongkong', 'ws-hk', 'cn-hongkong'),
	['frankfurt', { workspaceId: 'ws-de' }, 'ws-de.eu-central-1.maas.aliyuncs.com'],
	['tokyo', { workspaceId: ' LLM-JP ' }, 'llm-jp.ap-northeast-1.maas.aliyuncs.com'],
];

test.each(HOSTS)('%s %j calls %s with its key', async (region, extra, host) => {
	const run = await runWan(emu, list, { credential: credential(region, extra) });
	expect(run.status).toBe('success');
	expect(routes(emu, 'list').map((r) => [r.host, r.region, r.auth])).toEqual([
		[host, region, 'valid'],
	]);
});

test('a key of another region is refused by the host, and the error names the region and host', async () => {
	const run = await runWan(emu, list, {
		credential: { apiKey: emu.keys.singapore, region: 'frankfurt', workspaceId: 'ws-de' },
	});
	expect(routes(emu, 'list').map((r) => r.auth)).toEqual(['wrong-region']);
	const text = nodeErrorText(run);
	expect(text).toContain('Germany (Frankfurt)');
	expect(text).toContain('https://ws-de.eu-central-1.maas.aliyuncs.com/api/v1');
});

test.each([
	['tokyo', {}, 'Japan (Tokyo) has only workspace domains'],
	['beijing', { endpoint: 'workspace' }, 'Endpoint is the workspace domain of China (Beijing)'],
	['frankfurt', { workspaceId: 'ws.evil.example/x' }, 'is not a workspace id'],
])('%s %j without a valid Workspace ID fails before any request', async (region, extra, says) => {
	const run = await runWan(emu, list, { credential: credential(region, extra) });
	expect(run.nodeError(NODE).message).toContain(says);
	expect(emu.log).toHaveLength(0);
});

describe('model x region', () => {
	const { makePng } = require('../fixtures/images');
	const edit = (model) => ({
		operation: 'edit',
		model,
		prompt: 'make it blue',
		waitForCompletion: false,
		source: 'base64',
		base64: makePng(400, 400).toString('base64'),
	});
	const NEW = { typeVersion: 1.1 };

	test('a model the region does not serve is refused before any request, naming model, region and where it is offered', async () => {
		const run = await runWan(emu, edit('wan2.7-image'), {
			settings: NEW,
			credential: credential('virginia'),
		});
		expect(run.nodeError(NODE).message).toBe(
			'Wan 2.7 (wan2.7-image) is not offered in US (Virginia)',
		);
		expect(nodeErrorText(run)).toContain(
			'Model Studio offers it in Singapore (International) and China (Beijing)',
		);
		expect(emu.log).toHaveLength(0);
	});

	test('where the sources are silent the create is sent, and the refusal is explained the same way', async () => {
		const run = await runWan(emu, edit('wan2.6-image'), {
			settings: NEW,
			credential: credential('hongkong'),
		});
		expect(routes(emu, 'create').map((r) => [r.region, r.status, r.code])).toEqual([
			['hongkong', 404, 'ModelNotFound'],
		]);
		expect(run.nodeError(NODE).message).toBe(
			'Wan 2.6 (wan2.6-image) is not offered in China (Hong Kong)',
		);
		expect(nodeErrorText(run)).toContain('The service answered ModelNotFound: Model not exist.');
	});

	test('Frankfurt serves Wan 2.6 on its workspace domain', async () => {
		const run = await runWan(emu, edit('wan2.6-image'), {
			settings: NEW,
			credential: credential('frankfurt', { workspaceId: 'ws-de' }),
		});
		expect(run.items(NODE)[0].json.status).toBe('PENDING');
		expect(routes(emu, 'create').map((r) => [r.hostWorkspace, r.region, r.status])).toEqual([
			['ws-de', 'frankfurt', 200],
		]);
	});
});
