'use strict';
// Bad input is refused before any paid request: each case asserts the message (field, fix) and
// that the emulator received no create. One good case proves the check would see a create.
const { startEmulator } = require('../emulator');
const { makePng, makeJpeg, dataUri } = require('../fixtures/images');
const { NODE, runWan, routes, nodeErrorText, binaryItem, credentialFor } = require('../support');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ latencyMs: 300, pendingMs: 100 });
});
afterAll(async () => await emu.stop());
beforeEach(() => emu.reset());

const png = makePng(400, 400, [255, 0, 0]);
const png64 = png.toString('base64');
const good = {
	operation: 'edit',
	prompt: 'make it blue',
	waitForCompletion: false,
	source: 'base64',
	base64: png64,
};
const withImage = (buffer, mimeType = 'image/png') => ({ items: [binaryItem(buffer, mimeType)] });
const binaryEdit = {
	operation: 'edit',
	prompt: 'p',
	waitForCompletion: false,
	source: 'binary',
	binaryField: 'data',
};
const fuse = (images) => ({
	operation: 'fuse',
	prompt: 'fuse',
	waitForCompletion: false,
	images: { image: images },
});
const b64 = (buffer) => ({ source: 'base64', base64: buffer.toString('base64') });

// One case per kind of check, through the engine (the full table: test/unit/create/checks.test.ts).
const cases = [
	[
		'prompt from an expression that is empty',
		{ ...good, prompt: '={{ "" }}' },
		{},
		'Prompt is empty',
	],
	[
		'custom size too narrow',
		{ ...good, size: 'custom', customSize: '2000*480' },
		{},
		'takes an aspect ratio between 1:4 and 4:1',
	],
	[
		'binary field of another name',
		{ ...binaryEdit, binaryField: 'photo' },
		withImage(png),
		'Image 1: the input item has no binary field "photo"',
	],
	[
		'PNG narrower than 384 px',
		binaryEdit,
		withImage(makePng(383, 400)),
		'383×400 px: for Wan 2.5 width and height must each be between 384 and 5000 px',
	],
	[
		'ftp URL',
		{ ...good, source: 'url', url: 'ftp://example.com/a.png' },
		{},
		'Image 1: "ftp://example.com/a.png" is not an http(s) URL',
	],
	[
		'fuse with four images',
		fuse([b64(png), b64(png), b64(png), b64(png)]),
		{},
		'Images: Fuse with Wan 2.5 takes 2 to 3 images, got 4',
	],
	[
		'query budget above the service limit',
		good,
		{ credential: { queriesPerSecond: 25 } },
		"The credential's Task Queries per Second must be a number from 1 to 20",
	],
	[
		'task id with a space',
		{ operation: 'getStatus', taskId: 'abc def', waitForCompletion: false },
		{},
		'Task ID "abc def" is not a valid DashScope task id',
	],
];

test.each(cases)('%s', async (_name, parameters, options, expected) => {
	const credential =
		options.credential === 'no-scheme'
			? credentialFor(emu, 'singapore', { baseUrl: '127.0.0.1:1/api/v1' })
			: options.credential && credentialFor(emu, 'singapore', options.credential);
	const run = await runWan(emu, parameters, { ...options, credential });
	expect(run.status).toBe('error');
	expect(nodeErrorText(run)).toContain(expected);
	expect(routes(emu, 'create')).toHaveLength(0);
});

test('every message says how to fix it (a description is present)', async () => {
	const run = await runWan(emu, { ...good, options: { seed: -5 } });
	expect(run.nodeError(NODE).description).toMatch(/0 to 2147483647/);
});

test('one bad item stops the batch before any item is paid for, naming the item', async () => {
	const items = [{ json: { prompt: 'fine' } }, { json: { prompt: '' } }];
	const run = await runWan(emu, { ...good, prompt: '={{ $json.prompt }}' }, { items });
	expect(nodeErrorText(run)).toContain('Prompt is empty');
	expect(run.nodeError(NODE).context.itemIndex).toBe(1);
	expect(routes(emu, 'create')).toHaveLength(0);
});

test('with Continue On Fail the bad item becomes an error item and the good one is created', async () => {
	const items = [{ json: { prompt: '' } }, { json: { prompt: 'fine' } }];
	const run = await runWan(
		emu,
		{ ...good, prompt: '={{ $json.prompt }}' },
		{ items, settings: { continueOnFail: true } },
	);
	const out = run.items(NODE);
	expect(out[0]).toMatchObject({ json: { error: 'Prompt is empty' }, pairedItem: { item: 0 } });
	expect(out[1].json.status).toBe('PENDING');
	expect(routes(emu, 'create')).toHaveLength(1);
});

test('the checks accept what the service accepts: 2000 emoji, a 384 px JPEG, a 4:1 size', async () => {
	const params = {
		...good,
		prompt: '🎨'.repeat(2000),
		size: 'custom',
		customSize: '2048*512',
		source: 'base64',
		base64: dataUri(makeJpeg(384, 384), 'image/jpeg'),
	};
	const run = await runWan(emu, params);
	expect(run.status).not.toBe('error');
	expect(routes(emu, 'create')).toHaveLength(1);
});
