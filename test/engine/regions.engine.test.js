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

const HOSTS = [
	['singapore', {}, 'dashscope-intl.aliyuncs.com'],
	['beijing', {}, 'dashscope.aliyuncs.com'],
	['virginia', {}, 'dashscope-us.aliyuncs.com'],
	['hongkong', {}, 'cn-hongkong.dashscope.aliyuncs.com'],
	[
		'singapore',
		{ endpoint: 'workspace', workspaceId: 'ws-sg01' },
		'ws-sg01.ap-southeast-1.maas.aliyuncs.com',
	],
	[
		'beijing',
		{ endpoint: 'workspace', workspaceId: 'llm-bj' },
		'llm-bj.cn-beijing.maas.aliyuncs.com',
	],
	[
		'virginia',
		{ endpoint: 'workspace', workspaceId: 'ws-us' },
		'ws-us.us-east-1.maas.aliyuncs.com',
	],
	[
		'hongkong',
		{ endpoint: 'workspace', workspaceId: 'ws-hk' },
		'ws-hk.cn-hongkong.maas.aliyuncs.com',
	],
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
