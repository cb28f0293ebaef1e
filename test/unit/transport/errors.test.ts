// Every error of the service's table, as the user reads it: the service's code and message, the
// request id, the task id where a task exists, and a hint where one helps; with Continue On Fail
// the error item carries the same as fields. (The engine shows one code of each kind per route.)
import { errorItem } from '../../../nodes/AlibabaWan/items';
import { failureDetails, reissueFor, toNodeApiError } from '../../../nodes/AlibabaWan/transport';
import { failureFrom } from '../../../nodes/AlibabaWan/transport/outcome';
import { NODE } from '../context';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SERVICE_ERRORS } = require('../../fixtures/service-errors') as {
	SERVICE_ERRORS: Array<[number, string, string]>;
};

// Codes whose hint says what to do (the others have none or a general one).
const HINTS: Record<string, RegExp> = {
	Throttling: /throttles per account/,
	'Throttling.RateQuota': /throttles per account/,
	Arrearage: /arrears/,
	AccessDenied: /activated/,
	'InvalidParameter.DataInspection': /could not download or inspect/,
	DataInspectionFailed: /moderation/,
	ModelNotFound: /Check Model/,
	'BadRequest.TooLarge': /too large/,
	'BadRequest.InputDownloadFailed': /JPEG, PNG, BMP or WEBP/,
	InternalError: /temporary/,
	ModelUnavailable: /temporary/,
};

const answer = (status: number, code: string, message: string) =>
	({
		kind: 'response',
		status,
		headers: {},
		body: { code, message, request_id: 'b7f3e1c2-0d4a-4f5e-9a8b-1c2d3e4f5a6b' },
	}) as const;

describe.each(['create', 'query'])('%s', (route) => {
	const taskId = route === 'query' ? 'task-0001' : undefined;
	test.each(SERVICE_ERRORS)('HTTP %i %s', (status, code, message) => {
		const error = toNodeApiError(
			NODE,
			failureFrom(answer(status, code, message), 'https://h/api/v1/x', taskId),
			0,
		);
		expect(error.message).toBe(`DashScope: ${code}: ${message}`);
		expect(error.httpCode).toBe(String(status));
		expect(error.description).toContain('Request ID: b7f3e1c2-0d4a-4f5e-9a8b-1c2d3e4f5a6b');
		if (taskId) expect(error.description).toContain(`Task ID: ${taskId}`);
		if (HINTS[code]) expect(error.description).toMatch(HINTS[code]);
		// Continue On Fail: the same as fields of the error item.
		const item = errorItem(NODE, error, 3);
		expect(item).toMatchObject({
			json: { code, httpCode: status, requestId: expect.any(String), ...(taskId && { taskId }) },
			pairedItem: { item: 3 },
		});
		expect(item.json.error).toContain(`${code}: ${message}`);
	});
});

test('with "Continue (using error output)" the ids travel in the message', () => {
	const error = toNodeApiError(
		NODE,
		failureFrom(answer(400, 'InvalidParameter', 'bad'), 'u', 'task-9'),
		0,
	);
	const item = errorItem({ ...NODE, onError: 'continueErrorOutput' }, error, 0);
	expect(Object.keys(item.json)).toEqual(['error', 'message']);
	expect(item.json.message).toContain('Task ID: task-9');
});

test('an answer without a readable body, a message-less one, and a capped code', () => {
	expect(
		failureFrom({ kind: 'response', status: 502, headers: {}, body: undefined }, 'u').message,
	).toBe('HTTP 502 with an unreadable body');
	expect(failureFrom({ kind: 'response', status: 500, headers: {}, body: {} }, 'u').message).toBe(
		'HTTP 500',
	);
	expect(
		failureFrom(
			{ kind: 'response', status: 400, headers: {}, body: { code: 'X'.repeat(500) } },
			'u',
		).code?.length,
	).toBeLessThan(200);
});

test('the same failure reported for another execution keeps its details and names that node', () => {
	const error = toNodeApiError(NODE, { code: 'InternalError', message: 'm', taskId: 't-1' }, 0);
	const other = { ...NODE, name: 'Other Wan' };
	const copy = reissueFor(other, error, 4) as typeof error;
	expect(copy.node).toBe(other);
	expect(failureDetails(copy)).toEqual(failureDetails(error));
	expect(reissueFor(NODE, error, 0)).toBe(error);
});
