// What the node refuses before any paid request, as pure reads of resolved parameters: each case
// names the field and says how to fix it. (Expressions produce these values in a run: the
// engine tests show one of each kind through n8n, and that nothing reaches the service.)
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { readImages as editImages } from '../../../nodes/AlibabaWan/actions/edit.operation';
import { readImages as fuseImages } from '../../../nodes/AlibabaWan/actions/fuse.operation';
import { readListQuery } from '../../../nodes/AlibabaWan/actions/listTasks.operation';
import { checkItem } from '../../../nodes/AlibabaWan/create';
import { assertTaskId, resolveEndpoint } from '../../../nodes/AlibabaWan/transport';
import { readWaitSettings } from '../../../nodes/AlibabaWan/wait';
import { binaryItem, errorOf, fakeContext } from '../context';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { makePng, makeJpeg, makeBmp, makeWebp, dataUri } = require('../../fixtures/images');

const png: Buffer = makePng(400, 400, [255, 0, 0]);
const png64 = png.toString('base64');
const good: IDataObject = {
	operation: 'edit',
	prompt: 'make it blue',
	waitForCompletion: false,
	source: 'base64',
	base64: png64,
};
const binaryEdit: IDataObject = {
	operation: 'edit',
	prompt: 'p',
	waitForCompletion: false,
	source: 'binary',
	binaryField: 'data',
};
const withImage = (buffer: Buffer, mimeType = 'image/png') => ({
	items: [binaryItem(buffer, mimeType)],
});
// A PNG header that claims 400x400, padded past the 10 MB limit (only the header is read).
const hugePng = Buffer.concat([png.subarray(0, 33), Buffer.alloc(10 * 1024 * 1024)]);
const fuse = (images: IDataObject[]) => ({
	operation: 'fuse',
	prompt: 'fuse',
	waitForCompletion: false,
	images: { image: images },
});
const b64 = (buffer: Buffer) => ({ source: 'base64', base64: buffer.toString('base64') });
const waiting = (waitOptions: IDataObject, extra: IDataObject = {}) => ({
	...good,
	waitForCompletion: true,
	waitOptions,
	...extra,
});
const list = (extra: IDataObject) => ({ operation: 'listTasks', limit: 5, ...extra });

/** Everything the node reads of item 0 before the first paid request, as the operation reads it. */
async function check(
	parameters: IDataObject,
	options: { items?: INodeExecutionData[]; credentials?: IDataObject } = {},
) {
	// The check pass also reads the credential's region (model x region): a valid one by default.
	const ctx = fakeContext(parameters, {
		credentials: { apiKey: 'sk-unit', region: 'singapore' },
		...options,
	});
	const operation = parameters.operation;
	if (operation === 'listTasks') return readListQuery.call(ctx, 0);
	if (operation === 'getStatus')
		return assertTaskId.call(ctx, ctx.getNodeParameter('taskId', 0, ''), 0);
	readWaitSettings.call(ctx);
	if (options.credentials) await resolveEndpoint.call(ctx, 0);
	return await checkItem.call(ctx, 0, operation === 'fuse' ? fuseImages : editImages);
}

const NUMBER_1_4 = 'Number of Images must be a whole number from 1 to 4';
const MAX_WAIT = 'Max Wait (Seconds) must be a number from 1 to 86400';
const MAX_IMAGE = 'Max Image Size (MB) must be a number from 1 to 1024';
const POLL = 'Poll Interval (Seconds) must be a number from 0 to 3600';
const LIMIT = 'Limit must be a whole number from 1 to 100000';
const emulatorCredential = (extra: IDataObject) => ({
	apiKey: 'sk-test-key-0001',
	region: 'custom',
	baseUrl: 'http://127.0.0.1:1/api/v1',
	...extra,
});

const cases: Array<[string, IDataObject, Parameters<typeof check>[1], string]> = [
	// Prompt, counts, sizes, seed
	['empty prompt', { ...good, prompt: '' }, {}, 'Prompt is empty'],
	['blank prompt', { ...good, prompt: '   \n ' }, {}, 'Prompt is empty'],
	[
		'prompt over 2000 characters',
		{ ...good, prompt: 'x'.repeat(2001) },
		{},
		'Prompt is 2001 characters long: the limit is 2000',
	],
	[
		'prompt that is an object',
		{ ...good, prompt: { text: 'blue' } },
		{},
		'Prompt must be text, not an object',
	],
	[
		'prompt that is a list',
		{ ...good, prompt: ['make', 'it', 'blue'] },
		{},
		'Prompt must be text, not a list',
	],
	['prompt that is a boolean', { ...good, prompt: true }, {}, 'Prompt must be text, not a boolean'],
	[
		'prompt of zero-width spaces',
		{ ...good, prompt: '\u200b\u200b\u200d' },
		{},
		'Prompt has only invisible characters',
	],
	[
		'prompt of a BOM and bidi marks',
		{ ...good, prompt: '\ufeff\u200e\u202e' },
		{},
		'Prompt has only invisible characters',
	],
	[
		'negative prompt over 500 characters',
		{ ...good, options: { negativePrompt: 'n'.repeat(501) } },
		{},
		'Negative Prompt is 501 characters long: the limit is 500',
	],
	[
		'negative prompt that is an object',
		{ ...good, options: { negativePrompt: { no: 1 } } },
		{},
		'Negative Prompt must be text, not an object',
	],
	[
		'negative prompt of invisible characters',
		{ ...good, options: { negativePrompt: '\u2060\u200b' } },
		{},
		'Negative Prompt has only invisible characters',
	],
	[
		'model that is an object',
		{ ...good, options: { model: {} } },
		{},
		'Model must be text, not an object',
	],
	['zero images requested', { ...good, numberOfImages: 0 }, {}, NUMBER_1_4],
	['five images requested', { ...good, numberOfImages: 5 }, {}, NUMBER_1_4],
	['fractional image count', { ...good, numberOfImages: 2.5 }, {}, NUMBER_1_4],
	['image count that is not a number', { ...good, numberOfImages: 'three' }, {}, NUMBER_1_4],
	['image count that is NaN', { ...good, numberOfImages: NaN }, {}, NUMBER_1_4],
	['image count that is an object', { ...good, numberOfImages: { n: 2 } }, {}, NUMBER_1_4],
	['image count that is Infinity', { ...good, numberOfImages: Infinity }, {}, NUMBER_1_4],
	[
		'custom size without a separator',
		{ ...good, size: 'custom', customSize: 'big' },
		{},
		'Custom Size "big" is not of the form width*height',
	],
	[
		'custom size that is a list',
		{ ...good, size: 'custom', customSize: [1280, 1280] },
		{},
		'Custom Size must be text, not a list',
	],
	[
		'custom size below the pixel range',
		{ ...good, size: 'custom', customSize: '700*700' },
		{},
		'Wan 2.5 (wan2.5-i2i-preview) takes between 589824 (768*768) and 1638400 (1280*1280)',
	],
	[
		'custom size above the pixel range',
		{ ...good, size: 'custom', customSize: '1300*1300' },
		{},
		'Custom Size 1300*1300 has 1690000 pixels',
	],
	[
		'custom size too narrow',
		{ ...good, size: 'custom', customSize: '2000*480' },
		{},
		'takes an aspect ratio between 1:4 and 4:1',
	],
	[
		'size that is neither a preset nor width*height',
		{ ...good, size: 'huge' },
		{},
		'Size "huge" is not of the form width*height',
	],
	[
		'negative seed',
		{ ...good, options: { seed: -1 } },
		{},
		'Seed must be a whole number from 0 to 2147483647',
	],
	[
		'seed above the range',
		{ ...good, options: { seed: 2147483648 } },
		{},
		'Seed must be a whole number from 0 to 2147483647',
	],
	['fractional seed', { ...good, options: { seed: 1.5 } }, {}, 'Seed must be a whole number'],
	[
		'seed that is a list',
		{ ...good, options: { seed: [1] } },
		{},
		'Seed must be a whole number from 0 to 2147483647',
	],
	[
		'Prompt Extend that is not a boolean',
		{ ...good, options: { promptExtend: 'yes' } },
		{},
		'Prompt Extend must be true or false',
	],
	[
		'Watermark that is a number',
		{ ...good, options: { watermark: 1 } },
		{},
		'Watermark must be true or false',
	],
	// Images
	[
		'binary field of another name',
		{ ...binaryEdit, binaryField: 'photo' },
		withImage(png),
		'Image 1: the input item has no binary field "photo"',
	],
	[
		'item without binary data',
		binaryEdit,
		{ items: [{ json: {} }] },
		'The item carries no binary data',
	],
	[
		'binary that is text',
		binaryEdit,
		withImage(Buffer.from('hello, not an image'), 'text/plain'),
		'is not a JPEG, PNG, BMP or WEBP image',
	],
	[
		'GIF image',
		binaryEdit,
		withImage(Buffer.from('GIF89a\x90\x01\x90\x01\x00\x00\x00;', 'latin1'), 'image/gif'),
		'is not a JPEG, PNG, BMP or WEBP image',
	],
	[
		'truncated PNG',
		binaryEdit,
		withImage(png.subarray(0, 20)),
		'could not be read: the PNG header is truncated',
	],
	['empty file', binaryEdit, withImage(Buffer.alloc(0)), 'Image 1 (binary field "data") is empty'],
	[
		'PNG narrower than 384 px',
		binaryEdit,
		withImage(makePng(383, 400)),
		'383×400 px: for Wan 2.5 width and height must each be between 384 and 5000 px',
	],
	['JPEG lower than 384 px', binaryEdit, withImage(makeJpeg(500, 300), 'image/jpeg'), '500×300 px'],
	['BMP smaller than 384 px', binaryEdit, withImage(makeBmp(100, 100), 'image/bmp'), '100×100 px'],
	[
		'WEBP wider than 5000 px',
		binaryEdit,
		withImage(makeWebp(5001, 400), 'image/webp'),
		'5001×400 px',
	],
	['file over 10 MB', binaryEdit, withImage(hugePng), 'is 10.0 MB: the limit of Wan 2.5 is 10 MB'],
	[
		'base64 that does not decode',
		{ ...good, base64: '!!!not base64!!!' },
		{},
		'Image 1: the base64 text does not decode',
	],
	['empty base64', { ...good, base64: '' }, {}, 'Image 1: the base64 text does not decode'],
	[
		'base64 that is a list',
		{ ...good, base64: ['iVBOR'] },
		{},
		'Image 1: Base64 must be text, not a list',
	],
	[
		'data URI without ;base64',
		{ ...good, base64: 'data:image/png,abc' },
		{},
		'the data URI is not base64-encoded',
	],
	[
		'base64 of a text file',
		{ ...good, base64: Buffer.from('plain text here').toString('base64') },
		{},
		'Image 1 is not a JPEG, PNG, BMP or WEBP image',
	],
	[
		'ftp URL',
		{ ...good, source: 'url', url: 'ftp://example.com/a.png' },
		{},
		'Image 1: "ftp://example.com/a.png" is not an http(s) URL',
	],
	[
		'text that is not a URL',
		{ ...good, source: 'url', url: 'photo.png' },
		{},
		'is not an http(s) URL',
	],
	['empty URL', { ...good, source: 'url', url: '' }, {}, 'is not an http(s) URL'],
	[
		'image URL that is an object',
		{ ...good, source: 'url', url: { href: 'https://x' } },
		{},
		'Image 1: URL must be text, not an object',
	],
	[
		'image source outside the list',
		{ ...good, source: 'ftp' },
		{},
		'Image 1: Image Source must be one of binary, url, base64',
	],
	[
		'fuse with one image',
		fuse([b64(png)]),
		{},
		'Images: Fuse with Wan 2.5 takes 2 to 3 images, got 1',
	],
	[
		'fuse with four images',
		fuse([b64(png), b64(png), b64(png), b64(png)]),
		{},
		'Images: Fuse with Wan 2.5 takes 2 to 3 images, got 4',
	],
	[
		'fuse whose second image is too small',
		fuse([b64(png), b64(makePng(200, 200))]),
		{},
		'Image 2 is 200×200 px',
	],
	[
		'fuse whose third image is a bad URL',
		fuse([b64(png), b64(png), { source: 'url', url: 'file:///etc/passwd' }]),
		{},
		'Image 3: "file:///etc/passwd" is not an http(s) URL',
	],
	// Wait options
	['negative Max Wait', waiting({ maxWaitSeconds: -5 }), {}, MAX_WAIT],
	['zero Max Wait', waiting({ maxWaitSeconds: 0 }), {}, MAX_WAIT],
	['Max Wait as text', waiting({ maxWaitSeconds: 'ten minutes' }), {}, MAX_WAIT],
	['Max Wait of a year', waiting({ maxWaitSeconds: 31_536_000 }), {}, MAX_WAIT],
	['negative poll interval', waiting({ pollIntervalSeconds: -1 }), {}, POLL],
	['poll interval as text', waiting({ pollIntervalSeconds: 'fast' }), {}, POLL],
	['zero Max Image Size', waiting({ maxImageMb: 0 }), {}, MAX_IMAGE],
	['negative Max Image Size', waiting({ maxImageMb: -50 }), {}, MAX_IMAGE],
	['Max Image Size as text (once disabled the cap)', waiting({ maxImageMb: 'big' }), {}, MAX_IMAGE],
	['Max Image Size of a terabyte', waiting({ maxImageMb: 1_048_576 }), {}, MAX_IMAGE],
	[
		'On Timeout outside the list',
		waiting({ onTimeout: 'ignore' }),
		{},
		'On Timeout must be one of error, returnStatus',
	],
	[
		'Output outside the list',
		waiting({}, { outputMode: 'zip' }),
		{},
		'Output must be one of perImage, perTask',
	],
	[
		'Wait for Completion that is not a boolean',
		{ ...good, waitForCompletion: 'maybe' },
		{},
		'Wait for Completion must be true or false',
	],
	[
		'Cancel Pending Tasks on Stop that is an object',
		waiting({ cancelOnStop: {} }),
		{},
		'Cancel Pending Tasks on Stop must be true or false',
	],
	['blank Binary Field Name', waiting({ binaryProperty: '  ' }), {}, 'Binary Field Name is empty'],
	[
		'Binary Field Name that is an object',
		waiting({ binaryProperty: { name: 'data' } }),
		{},
		'Binary Field Name must be text, not an object',
	],
	// List Tasks and task ids
	['List limit of zero', list({ limit: 0 }), {}, LIMIT],
	['negative List limit', list({ limit: -3 }), {}, LIMIT],
	['fractional List limit', list({ limit: 2.5 }), {}, LIMIT],
	['List limit as text', list({ limit: 'many' }), {}, LIMIT],
	['List limit of a billion', list({ limit: 1e9 }), {}, LIMIT],
	[
		'List status outside the list',
		list({ filters: { status: 'DONE' } }),
		{},
		'Status must be one of CANCELED, FAILED, PENDING, RUNNING, SUCCEEDED',
	],
	[
		'List status in lower case',
		list({ filters: { status: 'running' } }),
		{},
		'Status must be one of',
	],
	[
		'List model filter that is an object',
		list({ filters: { model: {} } }),
		{},
		'Model must be text, not an object',
	],
	[
		'List date that is not a date',
		list({ filters: { startTime: 'yesterday-ish' } }),
		{},
		'Created After "yesterday-ish" is not a date',
	],
	[
		'Return All that is not a boolean',
		list({ returnAll: 'all' }),
		{},
		'Return All must be true or false',
	],
	[
		'task id with a space',
		{ operation: 'getStatus', taskId: 'abc def' },
		{},
		'Task ID "abc def" is not a valid DashScope task id',
	],
	[
		'task id that is an object',
		{ operation: 'getStatus', taskId: { id: 1 } },
		{},
		'is not a valid DashScope task id',
	],
	// The credential
	[
		'query budget above the service limit',
		good,
		{ credentials: emulatorCredential({ queriesPerSecond: 25 }) },
		"The credential's Task Queries per Second must be a number from 1 to 20",
	],
	[
		'create pace that is not a number',
		good,
		{ credentials: emulatorCredential({ createsPerSecond: 'fast' }) },
		"The credential's Task Creations per Second must be a number from 1 to 20",
	],
	[
		'custom base URL without a scheme',
		good,
		{ credentials: emulatorCredential({ baseUrl: '127.0.0.1:1/api/v1' }) },
		"The credential's Base URL must start with http:// or https://",
	],
	[
		'plain http to another host',
		good,
		{ credentials: emulatorCredential({ baseUrl: 'http://example.com/api/v1' }) },
		'uses plain http:// to example.com',
	],
	[
		'a key with a line break',
		good,
		{ credentials: emulatorCredential({ apiKey: 'sk-abc\ndef0' }) },
		"The credential's API Key has a character that is not allowed",
	],
];

test.each(cases)('%s', async (_name, parameters, options, expected) => {
	const error = await errorOf(async () => await check(parameters, options));
	expect(`${error.message}\n${error.description}`).toContain(expected);
	// Every refusal says how to fix it.
	expect(error.description).toBeTruthy();
});

test.each([
	[
		'2000 emoji, a 384 px JPEG, a 4:1 size',
		{
			...good,
			prompt: '🎨'.repeat(2000),
			size: 'custom',
			customSize: '2048*512',
			base64: dataUri(makeJpeg(384, 384), 'image/jpeg'),
		},
	],
	[
		'numeric text for Number of Images and Seed',
		{ ...good, numberOfImages: '2', options: { seed: '42' } },
	],
	[
		'"false" and "true" text for switches',
		{ ...good, options: { promptExtend: 'false', watermark: 'true' } },
	],
	[
		'three fused images of three formats',
		fuse([b64(png), b64(makeJpeg(500, 500)), b64(makeWebp(600, 400))]),
	],
])('accepted: %s', async (_name, parameters) => {
	const { settings, images } = await check(parameters);
	expect(images.length).toBeGreaterThan(0);
	expect(settings.prompt).toBeTruthy();
});

test('accepted forms become what the service takes', async () => {
	const { settings } = await check({
		...good,
		numberOfImages: '2',
		options: { seed: '42', promptExtend: 'false', watermark: 'true' },
	});
	expect(settings).toMatchObject({ n: 2, seed: 42, promptExtend: false, watermark: true });
	expect(
		readListQuery.call(
			fakeContext(
				list({ limit: '3', filters: { status: 'RUNNING', startTime: '2026-11-23T08:00:00Z' } }),
			),
			0,
		),
	).toEqual({
		limit: 3,
		query: { status: 'RUNNING', model: undefined, startTime: '20261123160000', endTime: undefined },
	});
	const wait = readWaitSettings.call(
		fakeContext(waiting({ pollIntervalSeconds: 0, maxWaitSeconds: '30' })),
	);
	expect(wait).toMatchObject({
		wait: true,
		maxWaitMs: 30_000,
		intervalMs: undefined,
		download: true,
		outputMode: 'perImage',
		binaryProperty: 'data',
	});
});
