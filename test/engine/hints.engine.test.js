'use strict';
// What a user sees of a run: a steady progress line in n8n's log while it waits, and execution
// hints above the output for failed, partial, unfinished and resumed tasks, links that expire, and
// submit-only runs.
const { startEmulator } = require('../emulator');
const { makePng } = require('../fixtures/images');
const { NODE, runWan, useTuning } = require('../support');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ latencyMs: 600, pendingMs: 100, render: { maxSide: 64 } });
});
afterAll(async () => await emu.stop());
beforeEach(() => emu.reset());

const base64 = makePng(400, 400, [10, 200, 30]).toString('base64');
const edit = (extra = {}) => ({
	operation: 'edit',
	prompt: '={{ $json.p }}',
	source: 'base64',
	base64,
	...extra,
});
const items = (...prompts) => prompts.map((p) => ({ json: { p } }));
const hintsOf = (run) => (run.task(NODE).hints ?? []).map((hint) => hint.message);

test('a clean run with downloads shows no hint', async () => {
	const run = await runWan(emu, edit(), { items: items('a', 'b') });
	expect(run.status).toBe('success');
	expect(hintsOf(run)).toEqual([]);
});

test('failed tasks and failed images are counted (Continue On Fail)', async () => {
	const run = await runWan(emu, edit({ numberOfImages: 2 }), {
		items: items('ok', 'bad [[fail:DataInspectionFailed]]', 'half [[partial:1]]'),
		settings: { continueOnFail: true },
	});
	const hints = hintsOf(run);
	expect(hints).toContainEqual(expect.stringMatching(/^1 of 3 task\(s\) did not succeed/));
	expect(hints).toContainEqual(expect.stringMatching(/^1 result image\(s\) failed at the service/));
});

test('links that expire are pointed out when the images are not downloaded', async () => {
	const run = await runWan(emu, edit({ downloadImages: false }), { items: items('a') });
	expect(hintsOf(run)).toEqual([expect.stringContaining('expire 24 hours after a task finishes')]);
});

test('tasks still running at Max Wait are named as such', async () => {
	const run = await runWan(
		emu,
		edit({ waitOptions: { maxWaitSeconds: 1, onTimeout: 'returnStatus' } }),
		{ items: items('slow [[latency:4000]]') },
	);
	expect(hintsOf(run)).toEqual([
		expect.stringMatching(/^1 task\(s\) were still running after Max Wait \(1 s\)/),
	]);
});

test('a submit-only run says where the results will be', async () => {
	const run = await runWan(emu, edit({ waitForCompletion: false }), { items: items('a') });
	expect(hintsOf(run)).toEqual([expect.stringContaining('submitted without waiting')]);
});

describe('progress', () => {
	useTuning({ progressEveryMs: 400 });
	test('a steady progress line while waiting, whatever the batch size', async () => {
		const prompts = Array.from({ length: 12 }, (_, i) => `p${i} [[latency:${600 + i * 250}]]`);
		const run = await runWan(emu, edit(), { items: items(...prompts) });
		expect(run.status).toBe('success');
		const lines = run.logLines
			.filter(
				(line) => line.level === 'info' && /^Alibaba Wan: \d+\/12 tasks done/.test(line.message),
			)
			.map((line) => line.message);
		// The wait lasts about 3.5 s: lines keep coming, not silence while the service is busy
		// (their count depends on the machine's pace; progressLine's unit test covers the text).
		expect(lines.length).toBeGreaterThanOrEqual(2);
		expect(lines[0]).toMatch(
			/^Alibaba Wan: \d+\/12 tasks done, \d+ running, \d+ queued; \d+ s elapsed/,
		);
		expect(lines.some((line) => /about \d+ s left$/.test(line))).toBe(true);
		const done = lines.map((line) => Number(/(\d+)\/12/.exec(line)[1]));
		expect(done).toEqual([...done].sort((a, b) => a - b));
	});
});
