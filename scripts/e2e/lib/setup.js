'use strict';
// What every real-n8n script starts with: the packed tarball users install, a user folder with it and
// the emulator credential, and a way to know when a production webhook is registered.
const fs = require('node:fs');
const path = require('node:path');
const { request } = require('undici');
const { log, elapsed, run, tempDir, sleep } = require('./util');
const n8n = require('./n8n');
const { ROOT } = require('./emulator');
const wf = require('./workflows');

/**
 * Builds (unless WAN_E2E_SKIP_BUILD) and packs the package like a release; resolves the tarball path.
 * WAN_E2E_TARBALL=<file> uses a tarball packed elsewhere instead (e.g. an older commit, for a before/after).
 */
async function pack() {
	if (process.env.WAN_E2E_TARBALL) {
		const file = path.resolve(process.env.WAN_E2E_TARBALL);
		if (!fs.existsSync(file)) throw new Error(`WAN_E2E_TARBALL: ${file} does not exist`);
		log(`package: ${file} (WAN_E2E_TARBALL, not built here)`);
		return file;
	}
	const t = Date.now();
	if (!process.env.WAN_E2E_SKIP_BUILD)
		await run('npm', ['run', 'build', '--silent'], { cwd: ROOT, quiet: true });
	const buildMs = Date.now() - t;
	const dir = tempDir('wan-e2e-pack-');
	const t2 = Date.now();
	const { stdout } = await run('npm', ['pack', '--pack-destination', dir, '--silent'], {
		cwd: ROOT,
		quiet: true,
	});
	const file = path.join(dir, stdout.trim().split('\n').pop().trim());
	if (!fs.existsSync(file)) throw new Error(`npm pack did not produce ${file}`);
	log(
		`package: build ${(buildMs / 1000).toFixed(1)} s, pack ${elapsed(t2)} → ${path.basename(file)}`,
	);
	return file;
}

/**
 * A fresh n8n user folder with the tarball installed and the emulator credential imported;
 * `credentialData` adds fields to the credential (e.g. a query budget per process).
 */
async function prepareInstance(host, tarball, emu, label, extraEnv, credentialData = {}) {
	const inst = await n8n.createInstance(host, { tarball, label, extraEnv });
	const credential = wf.emulatorCredential(emu, credentialData);
	const t = Date.now();
	await n8n.importCredentials(inst, [credential]);
	log(`${label}: credential imported (first command, migrations included) in ${elapsed(t)}`);
	if (process.env.WAN_E2E_KEEP) log(`${label}: user folder ${inst.userFolder}`);
	return inst;
}

/** Waits until the production webhook is registered (a GET answers that POST is expected). */
async function waitForWebhook(inst, webhookPath, timeoutMs = 60_000) {
	const url = `${inst.origin}/webhook/${webhookPath}`;
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		try {
			const res = await request(url, { method: 'GET', headersTimeout: 3000, bodyTimeout: 3000 });
			last = `${res.statusCode} ${(await res.body.text()).slice(0, 200)}`;
			// Registered for POST only: n8n answers GET with "not registered for GET ... Did you mean ... POST".
			if (res.statusCode !== 404 || /POST/.test(last)) return;
		} catch (error) {
			last = error.message;
		}
		await sleep(200);
	}
	throw new Error(`webhook ${url} not registered after ${timeoutMs} ms: ${last}`);
}

/** Imports and publishes webhookEdit (served by the next `n8n start`). */
async function publishWebhookEdit(
	inst,
	{ id = 'wanE2eWebhookEdit', path: webhookPath = 'wan-e2e-edit' } = {},
) {
	const r = await n8n.importWorkflow(inst, wf.webhookEdit({ id, path: webhookPath }));
	if (r.code !== 0 || !/Successfully imported/i.test(r.stdout + r.stderr))
		throw new Error(`import of ${id} failed (exit ${r.code})\n${n8n.tail(r)}`);
	await n8n.activate(inst, id);
}

/** Imports and publishes webhookEdit, starts `n8n start`, waits for the webhook; resolves its URL. */
async function serveWebhookEdit(
	inst,
	{ id = 'wanE2eWebhookEdit', path: webhookPath = 'wan-e2e-edit' } = {},
) {
	await publishWebhookEdit(inst, { id, path: webhookPath });
	const t = Date.now();
	await n8n.startServer(inst);
	await waitForWebhook(inst, webhookPath);
	log(`${inst.label}: webhook ${webhookPath} registered after ${elapsed(t)}`);
	return `${inst.origin}/webhook/${webhookPath}`;
}

module.exports = { pack, prepareInstance, waitForWebhook, publishWebhookEdit, serveWebhookEdit };
