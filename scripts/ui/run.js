#!/usr/bin/env node
'use strict';
// npm run test:ui — the first five minutes of a newcomer, in a real browser: `npm run dev`'s setup
// (n8n 2.41.1 with the packed package, the emulator, the credential, the Try workflow) driven by
// Debian's Chromium over the DevTools protocol (scripts/ui/cdp.js), in the light and the dark theme.
// Checks the nodes-panel entry and the trigger's event, the Model list, the Fuse image list (range
// notice, entry titles in n8n's new list), and runs the Try workflow to PNG output. Installs
// nothing: without Chromium it says how to get it and exits 1.
// Screenshots go to ui-screenshots/ (not tracked); `-- --docs` also refreshes the README's
// pictures in docs/images/. Ends with "N passed, N failed", exit 1 on any failure.
//
//   UI_ORIGIN=http://127.0.0.1:5678 (an `npm run dev` already running: skips starting one)
//   CHROMIUM_PATH (/usr/bin/chromium)  WAN_E2E_SKIP_BUILD=1  WAN_E2E_CACHE
const fs = require('node:fs');
const path = require('node:path');
const { log, cleanup, installCleanupHooks, sleep, stopAfter } = require('../e2e/lib/util');
const { startDev, TRY_ME_ID, TRY_ME_NODE } = require('../e2e/lib/dev');
const { ROOT } = require('../e2e/lib/emulator');
const { launch } = require('./cdp');
const flows = require('./flows');

const OUT = path.join(ROOT, 'ui-screenshots');
const DOCS = path.join(ROOT, 'docs', 'images');
const LOGIN = { email: 'owner@example.com', password: 'Wan-e2e-Passw0rd' };

const results = [];
/** One check; on failure a screenshot of the moment (ui-screenshots/FAIL-<n>.png). */
async function checkStep(page, name, work) {
	const t = Date.now();
	try {
		await work();
		results.push({ name, ok: true });
		log(`ok    ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
	} catch (error) {
		results.push({ name, ok: false, error });
		const file = path.join(OUT, `FAIL-${results.length}.png`);
		await page.screenshot(file).catch(() => {});
		log(`FAIL  ${name}: ${error.message} (${path.relative(ROOT, file)})`);
	}
}

async function main() {
	installCleanupHooks();
	stopAfter(20, 'test:ui');
	fs.rmSync(OUT, { recursive: true, force: true });
	fs.mkdirSync(OUT, { recursive: true });
	let origin = process.env.UI_ORIGIN;
	if (!origin) {
		log('starting the dev setup (npm run dev without the wait) ...');
		({
			inst: { origin },
		} = await startDev({ port: 0, latencyMs: 1000, hours: 0.5 }));
	}
	const shots = {};
	for (const theme of ['light', 'dark']) {
		const page = await launch({ colorScheme: theme });
		const only = process.env.UI_ONLY; // e.g. "fuse": the steps whose name includes it (debugging)
		const check = (p, name, work) =>
			!only || name.includes(only) || name.includes('sign in') ? checkStep(p, name, work) : null;
		const ui = flows.bind(page, { origin, workflowId: TRY_ME_ID, wanNode: TRY_ME_NODE });
		const shot = async (name, clip) => {
			const file = path.join(OUT, `${name}-${theme}.png`);
			await page.screenshot(file, clip);
			shots[`${name}-${theme}`] = file;
		};
		await check(
			page,
			`${theme}: sign in, the Try workflow opens in the ${theme} theme`,
			async () => {
				await ui.signIn(LOGIN);
				// Dark: also n8n's new collection list (it titles the Fuse entries Image 1, Image 2, ...).
				await ui.setEditorPreferences({ theme, collectionOverhaul: theme === 'dark' });
				await ui.openWorkflow();
				await ui.expectTheme(theme);
			},
		);
		await check(page, `${theme}: "What happens next?" lists the package as image editing`, () =>
			ui.panelEntry(shot),
		);
		await check(page, `${theme}: the Try workflow runs to PNG output`, () =>
			ui.runTryWorkflow(shot),
		);
		await check(page, `${theme}: Model list shows labels and exact ids`, () => ui.modelList(shot));
		await check(page, `${theme}: a new workflow: the trigger is listed "On task finished"`, () =>
			ui.triggerEvent(shot),
		);
		const list = theme === 'dark' ? "n8n's new list titles Image 1, Image 2, ...; " : '';
		await check(page, `${theme}: Fuse: ${list}10 images added, the model's range in view`, () =>
			ui.fuseImages(shot, { titled: theme === 'dark' }),
		);
		if (page.errors.length) log(`page errors (${theme}): ${page.errors.slice(0, 3).join(' | ')}`);
		await page.close();
		await sleep(200);
	}
	if (process.argv.includes('--docs')) {
		fs.mkdirSync(DOCS, { recursive: true });
		for (const name of flows.DOC_SHOTS) {
			if (shots[name]) fs.copyFileSync(shots[name], path.join(DOCS, `${name}.png`));
			else log(`no screenshot ${name} for docs/images`);
		}
	}
	const failed = results.filter((r) => !r.ok);
	console.log(`\n${results.length - failed.length} passed, ${failed.length} failed`);
	for (const { name, error } of failed) console.log(`  FAIL ${name}\n       ${error.stack}`);
	console.log(`screenshots: ${OUT}`);
	await cleanup();
	process.exit(failed.length ? 1 : 0);
}

main().catch(async (error) => {
	console.error(error.stack || error.message);
	await cleanup();
	process.exit(1);
});
