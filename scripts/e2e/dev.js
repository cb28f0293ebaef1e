#!/usr/bin/env node
'use strict';
// npm run dev — a real n8n 2.41.1 editor on 127.0.0.1 with the PACKED package installed, the DashScope
// emulator running, and the credential "Alibaba Wan account" pointed at it: try the node without an
// Alibaba Cloud account. Stops on Ctrl-C and by itself after DEV_HOURS (default 2) hours.
//
//   DEV_PORT (5678, or a free port when taken)  DEV_HOURS (2)  DEV_LATENCY_MS (3000)
//   WAN_E2E_CACHE  WAN_E2E_SKIP_BUILD=1
const { log, cleanup, installCleanupHooks } = require('./lib/util');
const { startDev } = require('./lib/dev');

const HOURS = Number(process.env.DEV_HOURS || 2);
const LATENCY = Number(process.env.DEV_LATENCY_MS || 3000);

async function main() {
	installCleanupHooks();
	const stopAfter = setTimeout(async () => {
		log(`${HOURS} h passed: stopping n8n and the emulator`);
		await cleanup();
		process.exit(0);
	}, HOURS * 3600_000);

	const { inst, emu, owner, server, tryMeUrl } = await startDev({
		port: Number(process.env.DEV_PORT || 5678),
		latencyMs: LATENCY,
		hours: HOURS,
	});
	console.log(`
  n8n 2.41.1 with n8n-nodes-alibaba-wan (packed from this folder) is running:

    Try it     ${tryMeUrl}   (the ready workflow: click Execute workflow)
    Editor     ${inst.origin}/
    Log in     ${owner.email}  /  ${owner.password}
    API key    ${owner.apiKey ?? '(not created)'}   (header X-N8N-API-KEY, ${inst.origin}/api/v1/...)

  Credential "Alibaba Wan account" points at the DashScope emulator ${emu.singaporeBase}
  (latency ${LATENCY / 1000} s; control API ${emu.origin}/__emulator/log, /tasks, /faults; prompt
  directives such as [[fail:DataInspectionFailed]] make a task fail). "Try it" opens the workflow
  "Try Alibaba Wan (emulator)" (log in first); the examples from examples/ are imported too.
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
