'use strict';
// Expression values bypass the editor's types, bounds and option lists: every parameter is tried
// with the wrong type and out of range through n8n expressions, and must be refused with its name
// before ANY request (the hostile service records every request it receives). Controls show that
// the accepted forms (numeric text, "true"/"false", 0 = automatic) still reach the service.
const { useHostile } = require('./hostile');
const { makePng } = require('./fixtures/images');
const { NODE, runWan, nodeErrorText } = require('./support');

const hostile = useHostile();

const edit = { operation: 'edit', prompt: 'make it blue', waitForCompletion: false, source: 'base64', base64: makePng(400, 400).toString('base64') };
const waiting = (waitOptions, extra = {}) => ({ ...edit, waitForCompletion: true, waitOptions, ...extra });
const list = (extra) => ({ operation: 'listTasks', limit: 5, ...extra });
const NUMBER_1_4 = 'Number of Images must be a whole number from 1 to 4';
const MAX_WAIT = 'Max Wait (Seconds) must be a number from 1 to 86400';
const MAX_IMAGE = 'Max Image Size (MB) must be a number from 1 to 1024';
const POLL = 'Poll Interval (Seconds) must be a number from 0 to 3600';
const LIMIT = 'Limit must be a whole number from 1 to 100000';

const cases = [
	// Texts
	['prompt that is an object', { ...edit, prompt: '={{ { text: "blue" } }}' }, 'Prompt must be text, not an object'],
	['prompt that is a list', { ...edit, prompt: '={{ ["make", "it", "blue"] }}' }, 'Prompt must be text, not a list'],
	['prompt that is a boolean', { ...edit, prompt: '={{ true }}' }, 'Prompt must be text, not a boolean'],
	['prompt of zero-width spaces', { ...edit, prompt: '\u200b\u200b\u200d' }, 'Prompt has only invisible characters'],
	['prompt of a BOM and bidi marks', { ...edit, prompt: '={{ "\\ufeff\\u200e\\u202e" }}' }, 'Prompt has only invisible characters'],
	['negative prompt that is an object', { ...edit, options: { negativePrompt: '={{ { no: 1 } }}' } }, 'Negative Prompt must be text, not an object'],
	['negative prompt of invisible characters', { ...edit, options: { negativePrompt: '\u2060\u200b' } }, 'Negative Prompt has only invisible characters'],
	['model that is an object', { ...edit, options: { model: '={{ {} }}' } }, 'Model must be text, not an object'],
	['custom size that is a list', { ...edit, size: 'custom', customSize: '={{ [1280, 1280] }}' }, 'Custom Size must be text, not a list'],
	['image URL that is an object', { ...edit, source: 'url', url: '={{ { href: "https://x" } }}' }, 'Image 1: URL must be text, not an object'],
	['base64 that is a list', { ...edit, base64: '={{ ["iVBOR"] }}' }, 'Image 1: Base64 must be text, not a list'],
	// Numbers
	['image count that is NaN', { ...edit, numberOfImages: '={{ NaN }}' }, NUMBER_1_4],
	['image count that is an object', { ...edit, numberOfImages: '={{ { n: 2 } }}' }, NUMBER_1_4],
	['image count that is Infinity', { ...edit, numberOfImages: '={{ Infinity }}' }, NUMBER_1_4],
	['seed that is a list', { ...edit, options: { seed: '={{ [1] }}' } }, 'Seed must be a whole number from 0 to 2147483647'],
	['negative Max Wait', waiting({ maxWaitSeconds: -5 }), MAX_WAIT],
	['zero Max Wait', waiting({ maxWaitSeconds: 0 }), MAX_WAIT],
	['Max Wait as text', waiting({ maxWaitSeconds: '={{ "ten minutes" }}' }), MAX_WAIT],
	['Max Wait of a year', waiting({ maxWaitSeconds: 31_536_000 }), MAX_WAIT],
	['negative poll interval', waiting({ pollIntervalSeconds: -1 }), POLL],
	['poll interval as text', waiting({ pollIntervalSeconds: '={{ "fast" }}' }), POLL],
	['zero Max Image Size', waiting({ maxImageMb: 0 }), MAX_IMAGE],
	['negative Max Image Size', waiting({ maxImageMb: -50 }), MAX_IMAGE],
	['Max Image Size as text (once disabled the cap)', waiting({ maxImageMb: '={{ "big" }}' }), MAX_IMAGE],
	['Max Image Size of a terabyte', waiting({ maxImageMb: 1_048_576 }), MAX_IMAGE],
	// Options and switches
	['size that is neither a preset nor width*height', { ...edit, size: '={{ "huge" }}' }, 'Size "huge" is not of the form width*height'],
	['image source outside the list', { ...edit, source: '={{ "ftp" }}' }, 'Image 1: Image Source must be one of binary, url, base64'],
	['On Timeout outside the list', waiting({ onTimeout: '={{ "ignore" }}' }), 'On Timeout must be one of error, returnStatus'],
	['Output outside the list', waiting({}, { outputMode: '={{ "zip" }}' }), 'Output must be one of perImage, perTask'],
	['Wait for Completion that is not a boolean', { ...edit, waitForCompletion: '={{ "maybe" }}' }, 'Wait for Completion must be true or false'],
	['Prompt Extend that is not a boolean', { ...edit, options: { promptExtend: '={{ "yes" }}' } }, 'Prompt Extend must be true or false'],
	['Watermark that is a number', { ...edit, options: { watermark: '={{ 1 }}' } }, 'Watermark must be true or false'],
	['Cancel Pending Tasks on Stop that is an object', waiting({ cancelOnStop: '={{ {} }}' }), 'Cancel Pending Tasks on Stop must be true or false'],
	['blank Binary Field Name', waiting({ binaryProperty: '  ' }), 'Binary Field Name is empty'],
	['Binary Field Name that is an object', waiting({ binaryProperty: '={{ { name: "data" } }}' }), 'Binary Field Name must be text, not an object'],
	// List Tasks
	['List limit of zero', list({ limit: 0 }), LIMIT],
	['negative List limit', list({ limit: -3 }), LIMIT],
	['fractional List limit', list({ limit: 2.5 }), LIMIT],
	['List limit as text', list({ limit: '={{ "many" }}' }), LIMIT],
	['List limit of a billion', list({ limit: 1e9 }), LIMIT],
	['List status outside the list', list({ filters: { status: '={{ "DONE" }}' } }), 'Status must be one of CANCELED, FAILED, PENDING, RUNNING, SUCCEEDED'],
	['List status in lower case', list({ filters: { status: '={{ "running" }}' } }), 'Status must be one of'],
	['List model filter that is an object', list({ filters: { model: '={{ {} }}' } }), 'Model must be text, not an object'],
	['Return All that is not a boolean', list({ returnAll: '={{ "all" }}' }), 'Return All must be true or false'],
	['task id that is an object', { operation: 'getStatus', taskId: '={{ { id: 1 } }}', waitForCompletion: false }, 'is not a valid DashScope task id'],
];

test.each(cases)('%s is refused before any request', async (_name, parameters, expected) => {
	const run = await runWan(null, parameters, { credential: hostile.credential() });
	expect(run.status).toBe('error');
	const text = nodeErrorText(run);
	expect(text).toContain(expected);
	// The description says how to fix it.
	expect(run.nodeError(NODE).description).toBeTruthy();
	expect(hostile.requests).toEqual([]);
});

test.each([
	['numeric text for Number of Images and Seed', { ...edit, numberOfImages: '={{ "2" }}', options: { seed: '={{ "42" }}' } }, 'create', { n: 2, seed: 42 }],
	['"false" and "true" text for switches', { ...edit, options: { promptExtend: '={{ "false" }}', watermark: '={{ "true" }}' } }, 'create', { prompt_extend: false, watermark: true }],
	['Poll Interval 0 (automatic) and Max Wait as numeric text', waiting({ pollIntervalSeconds: 0, maxWaitSeconds: '={{ "30" }}' }, { downloadImages: false }), 'query', null],
	['List status and limit from expressions', list({ limit: '={{ 3 }}', filters: { status: '={{ "RUNNING" }}' } }), 'list', null],
])('control: %s reach the service', async (_name, parameters, route, sent) => {
	const run = await runWan(null, parameters, { credential: hostile.credential() });
	expect(run.status).toBe('success');
	expect(hostile.of(route).length).toBeGreaterThan(0);
	// (four arguments in every row: jest would take a missing last one for a done callback)
	if (sent) expect(hostile.of(route)[0].body.parameters).toMatchObject(sent);
	if (route === 'list') expect(hostile.of('list')[0].url).toContain('status=RUNNING');
});
