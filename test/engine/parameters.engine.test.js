'use strict';
// Expression values bypass the editor's types, bounds and option lists: every parameter is tried
// with the wrong type and out of range through n8n expressions, and must be refused with its name
// before ANY request (the hostile service records every request it receives). Controls show that
// the accepted forms (numeric text, "true"/"false", 0 = automatic) still reach the service.
const { useHostile } = require('../hostile');
const { makePng } = require('../fixtures/images');
const { NODE, runWan, nodeErrorText } = require('../support');

const hostile = useHostile();

const edit = {
	operation: 'edit',
	prompt: 'make it blue',
	waitForCompletion: false,
	source: 'base64',
	base64: makePng(400, 400).toString('base64'),
};
const waiting = (waitOptions, extra = {}) => ({
	...edit,
	waitForCompletion: true,
	waitOptions,
	...extra,
});
const list = (extra) => ({ operation: 'listTasks', limit: 5, ...extra });
const NUMBER_1_4 = 'Number of Images must be a whole number from 1 to 4';
const MAX_WAIT = 'Max Wait (Seconds) must be a number from 1 to 86400';

// One expression per kind of value, through n8n's expression engine (the full table: test/unit/create/checks.test.ts).
const cases = [
	[
		'prompt that is an object',
		{ ...edit, prompt: '={{ { text: "blue" } }}' },
		'Prompt must be text, not an object',
	],
	['image count that is NaN', { ...edit, numberOfImages: '={{ NaN }}' }, NUMBER_1_4],
	['Max Wait as text', waiting({ maxWaitSeconds: '={{ "ten minutes" }}' }), MAX_WAIT],
	[
		'image source outside the list',
		{ ...edit, source: '={{ "ftp" }}' },
		'Image 1: Image Source must be one of binary, url, base64',
	],
	[
		'Wait for Completion that is not a boolean',
		{ ...edit, waitForCompletion: '={{ "maybe" }}' },
		'Wait for Completion must be true or false',
	],
	[
		'Binary Field Name that is an object',
		waiting({ binaryProperty: '={{ { name: "data" } }}' }),
		'Binary Field Name must be text, not an object',
	],
	[
		'List status outside the list',
		list({ filters: { status: '={{ "DONE" }}' } }),
		'Status must be one of CANCELED, FAILED, PENDING, RUNNING, SUCCEEDED',
	],
	[
		'task id that is an object',
		{ operation: 'getStatus', taskId: '={{ { id: 1 } }}', waitForCompletion: false },
		'is not a valid DashScope task id',
	],
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
	[
		'numeric text for Number of Images and Seed',
		{ ...edit, numberOfImages: '={{ "2" }}', options: { seed: '={{ "42" }}' } },
		'create',
		{ n: 2, seed: 42 },
	],
	[
		'"false" and "true" text for switches',
		{ ...edit, options: { promptExtend: '={{ "false" }}', watermark: '={{ "true" }}' } },
		'create',
		{ prompt_extend: false, watermark: true },
	],
	[
		'Poll Interval 0 (automatic) and Max Wait as numeric text',
		waiting({ pollIntervalSeconds: 0, maxWaitSeconds: '={{ "30" }}' }, { downloadImages: false }),
		'query',
		null,
	],
	[
		'List status and limit from expressions',
		list({ limit: '={{ 3 }}', filters: { status: '={{ "RUNNING" }}' } }),
		'list',
		null,
	],
])('control: %s reach the service', async (_name, parameters, route, sent) => {
	const run = await runWan(null, parameters, { credential: hostile.credential() });
	expect(run.status).toBe('success');
	expect(hostile.of(route).length).toBeGreaterThan(0);
	// (four arguments in every row: jest would take a missing last one for a done callback)
	if (sent) expect(hostile.of(route)[0].body.parameters).toMatchObject(sent);
	if (route === 'list') expect(hostile.of('list')[0].url).toContain('status=RUNNING');
});
