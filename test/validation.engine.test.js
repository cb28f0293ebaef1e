'use strict';
// Bad input is refused before any paid request: each case asserts the message (field, fix) and
// that the emulator received no create. One good case proves the check would see a create.
const { startEmulator } = require('./emulator');
const { makePng, makeJpeg, makeBmp, makeWebp, dataUri } = require('./fixtures/images');
const { NODE, runWan, routes, nodeErrorText, binaryItem, credentialFor } = require('./support');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ latencyMs: 300, pendingMs: 100 });
});
afterAll(async () => await emu.stop());
beforeEach(() => emu.reset());

const png = makePng(400, 400, [255, 0, 0]);
const png64 = png.toString('base64');
const good = { operation: 'edit', prompt: 'make it blue', waitForCompletion: false, source: 'base64', base64: png64 };
const withImage = (buffer, mimeType = 'image/png') => ({ items: [binaryItem(buffer, mimeType)] });
const binaryEdit = { operation: 'edit', prompt: 'p', waitForCompletion: false, source: 'binary', binaryField: 'data' };
// A PNG header that claims 400x400, padded past the 10 MB limit (only the header is read).
const hugePng = Buffer.concat([png.subarray(0, 33), Buffer.alloc(10 * 1024 * 1024)]);
const fuse = (images) => ({ operation: 'fuse', prompt: 'fuse', waitForCompletion: false, images: { image: images } });
const b64 = (buffer) => ({ source: 'base64', base64: buffer.toString('base64') });

const cases = [
	['prompt from an expression that is empty', { ...good, prompt: '={{ "" }}' }, {}, 'Prompt is empty'],
	['blank prompt', { ...good, prompt: '   \n ' }, {}, 'Prompt is empty'],
	['prompt over 2000 characters', { ...good, prompt: 'x'.repeat(2001) }, {}, 'Prompt is 2001 characters long: the limit is 2000'],
	['negative prompt over 500 characters', { ...good, options: { negativePrompt: 'n'.repeat(501) } }, {}, 'Negative Prompt is 501 characters long: the limit is 500'],
	['zero images requested', { ...good, numberOfImages: 0 }, {}, 'Number of Images must be a whole number from 1 to 4'],
	['five images requested', { ...good, numberOfImages: 5 }, {}, 'Number of Images must be a whole number from 1 to 4'],
	['fractional image count', { ...good, numberOfImages: 2.5 }, {}, 'Number of Images must be a whole number from 1 to 4'],
	['image count from an expression that is not a number', { ...good, numberOfImages: '={{ "three" }}' }, {}, 'Number of Images'],
	['custom size without a separator', { ...good, size: 'custom', customSize: 'big' }, {}, 'Custom Size "big" is not of the form width*height'],
	['custom size below the pixel range', { ...good, size: 'custom', customSize: '700*700' }, {}, 'Wan 2.5 (wan2.5-i2i-preview) takes between 589824 (768*768) and 1638400 (1280*1280)'],
	['custom size above the pixel range', { ...good, size: 'custom', customSize: '1300*1300' }, {}, 'Custom Size 1300*1300 has 1690000 pixels'],
	['custom size too narrow', { ...good, size: 'custom', customSize: '2000*480' }, {}, 'takes an aspect ratio between 1:4 and 4:1'],
	['negative seed', { ...good, options: { seed: -1 } }, {}, 'Seed must be a whole number from 0 to 2147483647'],
	['seed above the range', { ...good, options: { seed: 2147483648 } }, {}, 'Seed must be a whole number from 0 to 2147483647'],
	['fractional seed', { ...good, options: { seed: 1.5 } }, {}, 'Seed must be a whole number'],
	['binary field of another name', { ...binaryEdit, binaryField: 'photo' }, withImage(png), 'Image 1: the input item has no binary field "photo"'],
	['item without binary data', binaryEdit, { items: [{ json: {} }] }, 'The item carries no binary data'],
	['binary that is text', binaryEdit, withImage(Buffer.from('hello, not an image'), 'text/plain'), 'is not a JPEG, PNG, BMP or WEBP image'],
	['GIF image', binaryEdit, withImage(Buffer.from('GIF89a\x90\x01\x90\x01\x00\x00\x00;', 'latin1'), 'image/gif'), 'is not a JPEG, PNG, BMP or WEBP image'],
	['truncated PNG', binaryEdit, withImage(png.subarray(0, 20)), 'could not be read: the PNG header is truncated'],
	['empty file', binaryEdit, withImage(Buffer.alloc(0)), 'Image 1 (binary field "data") is empty'],
	['PNG narrower than 384 px', binaryEdit, withImage(makePng(383, 400)), '383×400 px: for Wan 2.5 width and height must each be between 384 and 5000 px'],
	['JPEG lower than 384 px', binaryEdit, withImage(makeJpeg(500, 300), 'image/jpeg'), '500×300 px'],
	['BMP smaller than 384 px', binaryEdit, withImage(makeBmp(100, 100), 'image/bmp'), '100×100 px'],
	['WEBP wider than 5000 px', binaryEdit, withImage(makeWebp(5001, 400), 'image/webp'), '5001×400 px'],
	['file over 10 MB', binaryEdit, withImage(hugePng), 'is 10.0 MB: the limit of Wan 2.5 is 10 MB'],
	['base64 that does not decode', { ...good, base64: '!!!not base64!!!' }, {}, 'Image 1: the base64 text does not decode'],
	['empty base64', { ...good, base64: '' }, {}, 'Image 1: the base64 text does not decode'],
	['data URI without ;base64', { ...good, base64: 'data:image/png,abc' }, {}, 'the data URI is not base64-encoded'],
	['base64 of a text file', { ...good, base64: Buffer.from('plain text here').toString('base64') }, {}, 'Image 1 is not a JPEG, PNG, BMP or WEBP image'],
	['ftp URL', { ...good, source: 'url', url: 'ftp://example.com/a.png' }, {}, 'Image 1: "ftp://example.com/a.png" is not an http(s) URL'],
	['text that is not a URL', { ...good, source: 'url', url: 'photo.png' }, {}, 'is not an http(s) URL'],
	['empty URL', { ...good, source: 'url', url: '' }, {}, 'is not an http(s) URL'],
	['fuse with one image', fuse([b64(png)]), {}, 'Images: Fuse with Wan 2.5 takes 2 to 3 images, got 1'],
	['fuse with four images', fuse([b64(png), b64(png), b64(png), b64(png)]), {}, 'Images: Fuse with Wan 2.5 takes 2 to 3 images, got 4'],
	['fuse whose second image is too small', fuse([b64(png), b64(makePng(200, 200))]), {}, 'Image 2 is 200×200 px'],
	['fuse whose third image is a bad URL', fuse([b64(png), b64(png), { source: 'url', url: 'file:///etc/passwd' }]), {}, 'Image 3: "file:///etc/passwd" is not an http(s) URL'],
	['query budget above the service limit', good, { credential: { queriesPerSecond: 25 } }, "The credential's Task Queries per Second must be a number from 1 to 20"],
	['create pace that is not a number', good, { credential: { createsPerSecond: 'fast' } }, "The credential's Task Creations per Second must be a number from 1 to 20"],
	['task id with a space', { operation: 'getStatus', taskId: 'abc def', waitForCompletion: false }, {}, 'Task ID "abc def" is not a valid DashScope task id'],
	['custom base URL without a scheme', good, { credential: 'no-scheme' }, "The credential's Base URL must start with http:// or https://"],
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
	const run = await runWan(emu, { ...good, prompt: '={{ $json.prompt }}' }, { items, settings: { continueOnFail: true } });
	const out = run.items(NODE);
	expect(out[0]).toMatchObject({ json: { error: 'Prompt is empty' }, pairedItem: { item: 0 } });
	expect(out[1].json.status).toBe('PENDING');
	expect(routes(emu, 'create')).toHaveLength(1);
});

test('the checks accept what the service accepts: 2000 emoji, a 384 px JPEG, a 4:1 size', async () => {
	const params = { ...good, prompt: '🎨'.repeat(2000), size: 'custom', customSize: '2048*512', source: 'base64', base64: dataUri(makeJpeg(384, 384), 'image/jpeg') };
	const run = await runWan(emu, params);
	expect(run.status).not.toBe('error');
	expect(routes(emu, 'create')).toHaveLength(1);
});
