#!/usr/bin/env node
'use strict';
// The main job: an Edit and a Fuse workflow run by the real n8n engine (n8n-core), against the
// bundled emulator by default, or against DashScope itself when DASHSCOPE_API_KEY is set
// (DASHSCOPE_REGION: singapore (default), beijing, virginia or hongkong; frankfurt and tokyo also need
// DASHSCOPE_WORKSPACE_ID). Result images go to demo-output/.
const fs = require('node:fs');
const path = require('node:path');

const { startEmulator } = require('../test/emulator');
const { makePng } = require('../test/fixtures/images');
const { runWorkflow } = require('../test/harness');
const { wanWorkflow, NODE } = require('../test/support');

const OUT = path.join(__dirname, '..', 'demo-output');

// A portrait "product photo": a dress-like shape on a light background, so results are easy to eyeball.
const photo = makePng(768, 1024, (x, y) => {
	const inDress = Math.abs(x - 384) < 80 + (y - 300) * 0.35 && y > 300 && y < 900;
	return inDress ? [200, 60 + ((x * 7 + y * 3) % 90), 120] : [235, 232, 225];
});
const clock = makePng(512, 512, (x, y) =>
	(x - 256) ** 2 + (y - 256) ** 2 < 180 ** 2 ? [30, 30, 40] : [250, 250, 250],
);

async function runAndReport(title, parameters, items, credential) {
	const started = Date.now();
	const run = await runWorkflow({
		...wanWorkflow(parameters),
		credentials: { alibabaWanApi: credential },
		items,
		timeoutMs: 15 * 60_000,
	});
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	if (run.status === 'error') {
		const error = run.nodeError(NODE) ?? run.error;
		console.log(`✗ ${title}: ${error?.message}\n  ${error?.description ?? ''}`);
		return false;
	}
	console.log(`✓ ${title} (${seconds} s)`);
	for (const item of run.items(NODE)) {
		const { taskId, status, image, request } = item.json;
		const file = path.join(OUT, item.binary.data.fileName);
		fs.writeFileSync(file, run.binary(item));
		console.log(
			`  task ${taskId} ${status}: image ${image.index + 1} -> ${path.relative(process.cwd(), file)} (${item.binary.data.fileSize ?? ''})`,
		);
		console.log(`  prompt: ${request.prompt}`);
		if (item.json.results?.[image.index]?.actualPrompt)
			console.log(`  rewritten by the service: ${item.json.results[image.index].actualPrompt}`);
	}
	return true;
}

async function main() {
	fs.mkdirSync(OUT, { recursive: true });
	const realKey = process.env.DASHSCOPE_API_KEY;
	let emu;
	let credential;
	if (realKey) {
		credential = {
			apiKey: realKey,
			region: process.env.DASHSCOPE_REGION || 'singapore',
			workspaceId: process.env.DASHSCOPE_WORKSPACE_ID || '',
		};
		console.log(`Talking to DashScope itself (region ${credential.region}): each image is billed.`);
	} else {
		emu = await startEmulator({ latencyMs: 2500, spreadMs: 500 });
		credential = {
			apiKey: emu.keys.singapore,
			region: 'custom',
			baseUrl: emu.baseUrl('singapore'),
		};
		console.log(
			`Emulator at ${emu.baseUrl('singapore')} (set DASHSCOPE_API_KEY to use the real service)`,
		);
	}
	const ok =
		(await runAndReport(
			'Edit: one photo + an instruction',
			{
				operation: 'edit',
				prompt: 'Turn the floral dress into a vintage lace dress',
				numberOfImages: 2,
			},
			[
				{
					json: {},
					binary: { data: { buffer: photo, mimeType: 'image/png', fileName: 'dress.png' } },
				},
			],
			credential,
		)) &&
		(await runAndReport(
			'Fuse: two reference images + an instruction',
			{
				operation: 'fuse',
				prompt: 'Put the clock from Image 1 beside the vase in Image 2',
				images: {
					image: [
						{ source: 'binary', binaryField: 'clock' },
						{ source: 'binary', binaryField: 'data' },
					],
				},
			},
			[
				{
					json: {},
					binary: {
						clock: { buffer: clock, mimeType: 'image/png' },
						data: { buffer: photo, mimeType: 'image/png' },
					},
				},
			],
			credential,
		));
	if (emu) {
		const byRoute = emu.log.reduce(
			(counts, record) => ({ ...counts, [record.route]: (counts[record.route] ?? 0) + 1 }),
			{},
		);
		console.log(`Requests the emulator received: ${JSON.stringify(byRoute)}`);
		await emu.stop();
	}
	process.exitCode = ok ? 0 : 1;
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
