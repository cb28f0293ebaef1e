'use strict';
// The published shape: what n8n's verification checks before it lists a community package.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const pkg = require('../../package.json');

test('no runtime dependencies; n8n-workflow is a peer; no install scripts', () => {
	expect(pkg.dependencies).toBeUndefined();
	expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	for (const script of ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish'])
		expect(pkg.scripts[script]).toBeUndefined();
	expect(pkg.license).toBe('MIT');
	expect(pkg.keywords).toContain('n8n-community-node-package');
	expect(pkg.n8n.strict).toBe(true);
});

test('the tarball holds the built files the n8n block names, their icons, and nothing from test/', () => {
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}),
	);
	const files = packed.files.map((file) => file.path);
	for (const entry of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(files).toContain(entry);
	expect(files).toEqual(
		expect.arrayContaining([
			'dist/nodes/AlibabaWan/alibabaWan.svg',
			'dist/nodes/AlibabaWan/alibabaWan.dark.svg',
			'dist/credentials/alibabaWan.svg',
			'dist/nodes/AlibabaWan/AlibabaWan.node.json',
			'index.js',
			'LICENSE',
			'README.md',
		]),
	);
	expect(files.filter((file) => /^(test|scripts|nodes|credentials)\//.test(file))).toEqual([]);
	expect(files.filter((file) => /\.ts$/.test(file))).toEqual([]);
});

test('the built classes load with the names n8n expects', () => {
	const { AlibabaWan, AlibabaWanApi } = require('../../index.js');
	const node = new AlibabaWan();
	expect(node.description).toMatchObject({
		name: 'alibabaWan',
		usableAsTool: true,
		credentials: [{ name: 'alibabaWanApi', required: true }],
	});
	expect(
		node.description.properties.find((p) => p.name === 'operation').options.map((o) => o.action),
	).toEqual([
		'Cancel a task',
		'Edit an image',
		'Fuse images',
		'Get the status of a task',
		'List tasks',
	]);
	expect(new AlibabaWanApi().name).toBe('alibabaWanApi');
});

test('the trigger is a polling node on the same credential, with its own codex and both icons', () => {
	const { AlibabaWanTrigger } = require('../../index.js');
	const { description } = new AlibabaWanTrigger();
	expect(pkg.n8n.nodes).toEqual([
		'dist/nodes/AlibabaWan/AlibabaWan.node.js',
		'dist/nodes/AlibabaWan/AlibabaWanTrigger.node.js',
		'dist/nodes/AlibabaWan/AlibabaWanEventTrigger.node.js',
	]);
	expect(description).toMatchObject({
		name: 'alibabaWanTrigger',
		polling: true,
		inputs: [],
		group: ['trigger'],
		credentials: [{ name: 'alibabaWanApi', required: true }],
	});
	expect(description.icon).toEqual({
		light: 'file:alibabaWan.svg',
		dark: 'file:alibabaWan.dark.svg',
	});
	expect(typeof AlibabaWanTrigger.prototype.poll).toBe('function');
	expect(require('../../dist/nodes/AlibabaWan/AlibabaWanTrigger.node.json').node).toBe(
		'n8n-nodes-alibaba-wan.alibabaWanTrigger',
	);
});

test('the event trigger is a POST webhook node on the same credential, with a password Token, both triggers sharing their fields', () => {
	const { AlibabaWanEventTrigger, AlibabaWanTrigger } = require('../../index.js');
	const { description } = new AlibabaWanEventTrigger();
	expect(description).toMatchObject({
		name: 'alibabaWanEventTrigger',
		inputs: [],
		group: ['trigger'],
		credentials: [{ name: 'alibabaWanApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'events' }],
		icon: { light: 'file:alibabaWan.svg', dark: 'file:alibabaWan.dark.svg' },
	});
	const token = description.properties.find((p) => p.name === 'token');
	expect(token).toMatchObject({ type: 'string', typeOptions: { password: true }, required: true });
	expect(typeof AlibabaWanEventTrigger.prototype.webhook).toBe('function');
	expect(require('../../dist/nodes/AlibabaWan/AlibabaWanEventTrigger.node.json').node).toBe(
		'n8n-nodes-alibaba-wan.alibabaWanEventTrigger',
	);
	// Fire On, Download Images, Output and the shared options are the polling trigger's own.
	const polling = new AlibabaWanTrigger().description.properties;
	for (const name of ['statuses', 'downloadImages', 'outputMode'])
		expect(description.properties.find((p) => p.name === name)).toEqual(
			polling.find((p) => p.name === name),
		);
	const options = (props) => props.find((p) => p.name === 'options').options.map((o) => o.name);
	expect(options(polling)).toEqual([
		'binaryProperty',
		'createdAfter',
		'maxImageMb',
		'maxTasksPerPoll',
		'models',
	]);
	expect(options(description.properties)).toEqual(['binaryProperty', 'maxImageMb', 'models']);
});
