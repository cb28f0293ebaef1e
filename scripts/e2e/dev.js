#!/usr/bin/env node
'use strict';
// npm run dev — a real n8n 2.41.1 editor on 127.0.0.1 with the PACKED package installed, the DashScope
// emulator running, and the credential "Alibaba Wan account" pointed at it: try the node without an
// Alibaba Cloud account. Stops on Ctrl-C and by itself after DEV_HOURS (default 2) hours.
//
//   DEV_PORT (5678, or a free port when taken)  DEV_HOURS (2)  DEV_LATENCY_MS (3000)
//   WAN_E2E_CACHE  WAN_E2E_SKIP_BUILD=1
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { log, run, tempDir, cleanup, installCleanupHooks, freePort } = require('./lib/util');
const { ensureN8n2 } = require('./lib/install');
const n8n = require('./lib/n8n');
const { startEmulatorProcess, ROOT } = require('./lib/emulator');
const wf = require('./lib/workflows');
const img = require('./lib/images');

const HOURS = Number(process.env.DEV_HOURS || 2);
const LATENCY = Number(process.env.DEV_LATENCY_MS || 3000);

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

/** A ready-to-run workflow: Manual → Edit with an embedded image (base64), no files needed. */
function tryMeWorkflow() {
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
			name: 'Alibaba Wan Edit',
			type: wf.WAN_TYPE,
			typeVersion: 1,
			position: [240, 0],
			parameters: {
				operation: 'edit',
				prompt: 'Swap the red and the blue halves',
				source: 'base64',
				base64,
				numberOfImages: 2,
				waitForCompletion: true,
				downloadImages: true,
				outputMode: 'perImage',
			},
			credentials: { alibabaWanApi: wf.CREDENTIAL },
		},
	];
	return {
		id: 'wanDevTryMe',
		name: 'Try Alibaba Wan (emulator)',
		nodes,
		connections: {
			'When Clicking Execute': { main: [[{ node: 'Alibaba Wan Edit', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

async function main() {
	let server = null;
	installCleanupHooks();
	const stopAfter = setTimeout(async () => {
		log(`${HOURS} h passed: stopping n8n and the emulator`);
		await cleanup();
		process.exit(0);
	}, HOURS * 3600_000);

	const wantPort = Number(process.env.DEV_PORT || 5678);
	const port = (await portFree(wantPort)) ? wantPort : await freePort();
	const [host, tarball] = await Promise.all([ensureN8n2(), pack()]);
	const emu = await startEmulatorProcess({
		latencyMs: LATENCY,
		idleStopMs: (HOURS * 3600 + 300) * 1000,
	});
	const inst = await n8n.createInstance(host, { tarball, label: 'dev', port });
	await n8n.importCredentials(inst, [
		{
			id: wf.CREDENTIAL.id,
			name: wf.CREDENTIAL.name,
			type: 'alibabaWanApi',
			data: {
				apiKey: emu.singaporeKey,
				region: 'custom',
				baseUrl: emu.singaporeBase,
				workspaceId: '',
			},
		},
	]);
	await n8n.importWorkflow(inst, tryMeWorkflow());
	for (const { file, json } of wf.loadExamples(path.join(ROOT, 'examples'))) {
		const r = await n8n.importWorkflow(inst, json, { name: `example-${json.id}` });
		if (r.code !== 0) log(`warning: examples/${file} did not import`);
	}
	fs.mkdirSync(path.join(inst.files, 'inbox'), { recursive: true });
	server = await n8n.startServer(inst, { limitSeconds: HOURS * 3600 + 120 });
	const owner = await n8n.setupOwner(inst);

	console.log(`
  n8n 2.41.1 with n8n-nodes-alibaba-wan (packed from this folder) is running:

    Editor     ${inst.origin}/
    Log in     ${owner.email}  /  ${owner.password}
    API key    ${owner.apiKey ?? '(not created)'}   (header X-N8N-API-KEY, ${inst.origin}/api/v1/...)

  Credential "Alibaba Wan account" points at the DashScope emulator ${emu.singaporeBase}
  (latency ${LATENCY / 1000} s; control API ${emu.origin}/__emulator/log, /tasks, /faults; prompt
  directives such as [[fail:DataInspectionFailed]] make a task fail). Open the workflow
  "Try Alibaba Wan (emulator)" and click Execute; the examples from examples/ are imported too.
  Files for "Read/Write Files from Disk": ${inst.files}  (the only folder n8n may read/write)

  Alibaba Wan Event Trigger: activate a workflow with it, then let the emulator's EventBridge
  deliver task-finished events to its Production URL with the node's Token:
    curl -X POST ${emu.origin}/__emulator/eventbridge/targets \\
      -d '{"url":"${inst.origin}/webhook/<webhook id>/events","token":"<the Token>"}'
  (deliveries: ${emu.origin}/__emulator/eventbridge/deliveries)

  Stops on Ctrl-C, or by itself in ${HOURS} h. Nothing is kept (temporary user folder).
`);
	const ended = await Promise.race([
		server.exited.then(() => 'n8n'),
		emu.child.exited.then(() => 'emulator'),
	]);
	log(`${ended} exited: stopping`);
	clearTimeout(stopAfter);
	await cleanup();
	process.exit(ended === 'n8n' ? 1 : 0);
}

main().catch(async (error) => {
	console.error(error.stack || error.message);
	await cleanup();
	process.exit(1);
});
