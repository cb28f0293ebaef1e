'use strict';
// Shared helpers of the engine tests: workflows around the package's node, fixture credentials
// pointed at the emulator, and log queries that prove what the emulator received.
const { runWorkflow } = require('./harness');
// Load the engine while the test file is being collected (it registers its own clean-up hook).
require('./harness/engine').getEngine();

// The very tuning module the node runs with (same jest registry as the node the harness loads).
const { overrideTuning, tuning } = require('../dist/nodes/AlibabaWan/helpers/tuning');

/** Shorter retries, timeouts or schedules for the tests of one file, restored after them. */
function useTuning(overrides) {
	let restore;
	beforeAll(() => {
		restore = overrideTuning(overrides);
	});
	afterAll(() => restore?.());
}

const NODE_TYPE = 'n8n-nodes-alibaba-wan.alibabaWan';
const NODE = 'Alibaba Wan';

/** Credential data for a region of the emulator (custom base URL, the region's own key). */
function credentialFor(emu, region = 'singapore', overrides = {}) {
	return {
		apiKey: emu.keys[region],
		region: 'custom',
		baseUrl: emu.baseUrl(region),
		workspaceId: '',
		...overrides,
	};
}

/** Fixture -> Alibaba Wan, with the node's parameters; `settings` are node settings such as continueOnFail. */
function wanWorkflow(parameters, settings = {}) {
	return {
		nodes: [
			{ name: 'Fixture', type: 'harness.fixture', typeVersion: 1, parameters: {} },
			{ name: NODE, type: NODE_TYPE, typeVersion: 1, parameters, ...settings },
		],
		connections: { Fixture: { main: [[{ node: NODE, type: 'main', index: 0 }]] } },
	};
}

/** Runs the node once over `items` against the emulator. */
async function runWan(
	emu,
	parameters,
	{ items = [{ json: {} }], settings, credential, ...rest } = {},
) {
	return await runWorkflow({
		...wanWorkflow(parameters, settings),
		credentials: { alibabaWanApi: credential ?? credentialFor(emu) },
		items,
		...rest,
	});
}

/** Creates a task straight at the emulator (as another workflow or client would); the prompt may carry directives. */
async function createTaskDirectly(
	emu,
	{ prompt, image, n = 1, model = 'wan2.5-i2i-preview', region = 'singapore' },
) {
	const response = await fetch(`${emu.baseUrl(region)}/services/aigc/image2image/image-synthesis`, {
		method: 'POST',
		headers: {
			Authorization: `Bearer ${emu.keys[region]}`,
			'Content-Type': 'application/json',
			'X-DashScope-Async': 'enable',
		},
		body: JSON.stringify({ model, input: { prompt, images: [image] }, parameters: { n } }),
	});
	const body = await response.json();
	if (!body.output?.task_id) throw new Error(`create failed: ${JSON.stringify(body)}`);
	return body.output.task_id;
}

const routes = (emu, route) => emu.log.filter((record) => record.route === route);

/** The node's error of a failed run: message and description as n8n shows them. */
function nodeErrorText(run) {
	const error = run.nodeError(NODE) ?? run.error;
	return error ? `${error.message}\n${error.description ?? ''}` : '';
}

/** The emulator's polling records: status queries, list pages and cancels share its 20/s window. */
const polling = (log) =>
	log.filter((r) => r.route === 'query' || r.route === 'list' || r.route === 'cancel');

/** The most requests that arrived within any 1 s window. */
function peakPerSecond(records) {
	const times = records.map((r) => r.time).sort((a, b) => a - b);
	let peak = 0;
	for (let i = 0, j = 0; j < times.length; j++) {
		while (times[j] - times[i] >= 1000) i++;
		peak = Math.max(peak, j - i + 1);
	}
	return peak;
}

/** Binary input item made from a buffer. */
const binaryItem = (buffer, mimeType = 'image/png', json = {}) => ({
	json,
	binary: { data: { buffer, mimeType, fileName: 'input' } },
});

module.exports = {
	useTuning,
	tuning,
	overrideTuning,
	NODE,
	NODE_TYPE,
	credentialFor,
	wanWorkflow,
	runWan,
	routes,
	createTaskDirectly,
	nodeErrorText,
	binaryItem,
	polling,
	peakPerSecond,
};
