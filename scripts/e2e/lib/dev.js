'use strict';
// The dev setup shared by `npm run dev` and `npm run test:ui`: a real n8n 2.41.1 with the PACKED
// package, the DashScope emulator, the credential "Alibaba Wan account" pointed at it, the ready
// "Try Alibaba Wan" workflow and the examples imported, an owner account set up headless.
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { log, run, tempDir, freePort } = require('./util');
const { ensureN8n2 } = require('./install');
const n8n = require('./n8n');
const { startEmulatorProcess, ROOT } = require('./emulator');
const wf = require('./workflows');
const img = require('./images');

const TRY_ME_ID = 'wanDevTryMe';
const TRY_ME_NODE = 'Alibaba Wan Edit';

const portFree = (port) =>
	new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});

async function pack() {
	if (!process.env.WAN_E2E_SKIP_BUILD) {
		log('building the package (npm run build) ...');
		await run('npm', ['run', 'build', '--silent'], { cwd: ROOT, quiet: true });
	}
	const dir = tempDir('wan-dev-pack-');
	const { stdout } = await run('npm', ['pack', '--pack-destination', dir, '--silent'], {
		cwd: ROOT,
		quiet: true,
	});
	return path.join(dir, stdout.trim().split('\n').pop().trim());
}

/**
 * A ready-to-run workflow: Manual → Edit with an embedded image (base64), no files needed. The node
 * is at the version n8n gives a new node (read from the built node, so a new version is picked up)
 * with that version's fields: a newcomer starts where a node added from the panel starts.
 */
function tryMeWorkflow() {
	const { AlibabaWan } = require(path.join(ROOT, 'dist/nodes/AlibabaWan/AlibabaWan.node.js'));
	const { defaultVersion } = new AlibabaWan().description;
	const { NEW_NODE_MODEL } = require(path.join(ROOT, 'dist/nodes/AlibabaWan/create/index.js'));
	const base64 = img.splitPng(512, 512, img.RED, img.BLUE).toString('base64');
	const nodes = [
		{
			id: '5e1d0c00-0000-4000-8000-000000000001',
			name: 'When Clicking Execute',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: '5e1d0c00-0000-4000-8000-000000000002',
			name: TRY_ME_NODE,
			type: wf.WAN_TYPE,
			typeVersion: defaultVersion,
			position: [240, 0],
			parameters: {
				operation: 'edit',
				model: NEW_NODE_MODEL,
				prompt: 'Swap the red and the blue halves',
				source: 'base64',
				base64,
				numberOfImages: 2,
				size: '1K',
				waitForCompletion: true,
				downloadImages: true,
				outputMode: 'perImage',
			},
			credentials: { alibabaWanApi: wf.CREDENTIAL },
		},
	];
	return {
		id: TRY_ME_ID,
		name: 'Try Alibaba Wan (emulator)',
		nodes,
		connections: {
			'When Clicking Execute': { main: [[{ node: TRY_ME_NODE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

/**
 * Starts everything; resolves { inst, emu, owner, server, tryMeUrl }. The caller stops it with
 * util's cleanup() (every child runs in its own process group; n8n is bounded by `limitSeconds`).
 */
/** `port` 0: any free port. */
async function startDev({ port = 5678, latencyMs = 3000, hours = 2 } = {}) {
	const usePort = port && (await portFree(port)) ? port : await freePort();
	const [host, tarball] = await Promise.all([ensureN8n2(), pack()]);
	const emu = await startEmulatorProcess({ latencyMs, idleStopMs: (hours * 3600 + 300) * 1000 });
	const inst = await n8n.createInstance(host, { tarball, label: 'dev', port: usePort });
	await n8n.importCredentials(inst, [wf.emulatorCredential(emu)]);
	await n8n.importWorkflow(inst, tryMeWorkflow());
	for (const { file, json } of wf.loadExamples(path.join(ROOT, 'examples'))) {
		const r = await n8n.importWorkflow(inst, json, { name: `example-${json.id}` });
		if (r.code !== 0) log(`warning: examples/${file} did not import`);
	}
	fs.mkdirSync(path.join(inst.files, 'inbox'), { recursive: true });
	const server = await n8n.startServer(inst, { limitSeconds: hours * 3600 + 120 });
	const owner = await n8n.setupOwner(inst);
	return { inst, emu, owner, server, tryMeUrl: `${inst.origin}/workflow/${TRY_ME_ID}` };
}

module.exports = { startDev, tryMeWorkflow, TRY_ME_ID, TRY_ME_NODE };
