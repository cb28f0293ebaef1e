// The retry rules as pure functions of one attempt's outcome: reads are asked again on
// throttling, 5xx, resets and broken bodies; a paid create only when the service certainly did not
// take it; a redirect is never followed and names only the host it pointed to.
import type { IDataObject } from 'n8n-workflow';

import { overrideTuning } from '../../../nodes/AlibabaWan/helpers/tuning';
import type { Outcome } from '../../../nodes/AlibabaWan/transport/outcome';
import {
	backoffMs,
	failureFrom,
	isRetryable,
	isThrottled,
	isThrottling,
	mayHaveBeenTaken,
	networkCode,
	retryAfterMs,
} from '../../../nodes/AlibabaWan/transport/outcome';
import { toNodeApiError } from '../../../nodes/AlibabaWan/transport';
import { NODE } from '../context';

/** An answer; `null` for a body that could not be read. */
const status = (
	code: number,
	body: IDataObject | null = { request_id: 'r' },
	headers: IDataObject = {},
): Outcome => ({ kind: 'response', status: code, headers, body: body ?? undefined });
const network = (code: string): Outcome => ({ kind: 'network', code });

test.each([
	['429', status(429), true, true],
	['200 with Throttling', status(200, { code: 'Throttling.RateQuota', message: 'x' }), true, true],
	['500', status(500), true, false],
	['502', status(502), true, false],
	['503', status(503), true, false],
	['504', status(504), true, false],
	['200 with an unreadable body', status(200, null), true, false],
	['400', status(400), false, false],
	['401', status(401), false, false],
	['404', status(404), false, false],
	['reset', network('ECONNRESET'), true, false],
	['timeout', network('ETIMEDOUT'), true, false],
	['refused', network('ECONNREFUSED'), true, true],
	['unknown host', network('ENOTFOUND'), true, true],
])('%s: a read is retried (%s), a paid create (%s)', (_name, outcome, read, paid) => {
	expect(isRetryable(outcome, false)).toBe(read);
	expect(isRetryable(outcome, true)).toBe(paid);
});

test.each([
	['a 5xx', status(500), true],
	['a timeout', network('ETIMEDOUT'), true],
	['a reset', network('ECONNRESET'), true],
	['a 200 without a body', status(200, null), true],
	['a refused connection', network('ECONNREFUSED'), false],
	['a 400', status(400), false],
	['a 429', status(429), false],
])('after %s a create may have been taken: %s', (_name, outcome, taken) => {
	expect(mayHaveBeenTaken(outcome)).toBe(taken);
});

test.each([301, 302, 303, 307, 308])(
	'HTTP %i is reported with the host it names, never its path or query',
	(code) => {
		const failure = failureFrom(
			status(code, null, { location: 'https://collector.example.com/steal?key=sk-1' }),
			'https://h/api/v1/tasks/x',
			't-1',
		);
		expect(failure.message).toContain(`HTTP ${code}, a redirect to collector.example.com`);
		expect(failure.message).toContain('not followed');
		expect(failure.message).not.toContain('steal');
		expect(failure).toMatchObject({ httpCode: code, taskId: 't-1' });
		expect(failureFrom(status(code, null, {}), 'https://h/x').message).toContain('a redirect to h');
	},
);

test('network failures read as such, whatever wraps them', () => {
	expect(failureFrom(network('ETIMEDOUT'), 'u').message).toBe('The service did not answer in time');
	expect(failureFrom(network('ECONNRESET'), 'u').message).toBe(
		'The connection to the service failed',
	);
	expect(networkCode({ cause: { code: 'ECONNREFUSED' } })).toBe('ECONNREFUSED');
	expect(networkCode({ message: 'connect EHOSTUNREACH 10.0.0.1' })).toBe('EHOSTUNREACH');
	expect(networkCode({ errorResponse: { message: 'socket hang up' } })).toBe('ECONNRESET');
	expect(networkCode({ message: 'timeout of 1000ms exceeded' })).toBe('ETIMEDOUT');
	expect(networkCode({ name: 'AxiosError', message: 'Network Error' })).toBe('ENETWORK');
	expect(networkCode({ cause: { code: 'CERT_HAS_EXPIRED' } })).toBe('CERT_HAS_EXPIRED');
	// n8n itself failing is no network error.
	expect(networkCode(new Error('Expression context disposed'))).toBeUndefined();
	expect(
		networkCode({ message: 'n8n is shutting down', cause: new Error('db closed') }),
	).toBeUndefined();
});

test('Retry-After in seconds or as a date, bounded', () => {
	const now = Date.parse('2026-12-01T00:00:00Z');
	expect(retryAfterMs({ 'retry-after': '2' }, now)).toBe(2000);
	expect(retryAfterMs({ 'Retry-After': new Date(now + 5000).toUTCString() }, now)).toBe(5000);
	expect(retryAfterMs({ 'retry-after': '86400' }, now)).toBe(60_000);
	expect(retryAfterMs({ 'retry-after': '-3' }, now)).toBe(0);
	expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
	expect(retryAfterMs({}, now)).toBeUndefined();
});

test('backoff doubles up to its ceiling, half of it random', () => {
	const restore = overrideTuning({ retry: { baseDelayMs: 100, maxDelayMs: 1000 } });
	try {
		expect([0, 1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, 1))).toEqual([
			100, 200, 400, 800, 1000, 1000,
		]);
		expect(backoffMs(2, 0)).toBe(200);
	} finally {
		restore();
	}
});

test('throttling is recognised in an answer and in the error it became', () => {
	expect(isThrottled(status(429))).toBe(true);
	expect(isThrottled(status(200, { code: 'Throttling', message: 'x' }))).toBe(true);
	expect(isThrottled(status(500))).toBe(false);
	expect(isThrottling(toNodeApiError(NODE, { httpCode: 429, message: 'x' }, 0))).toBe(true);
	expect(
		isThrottling(
			toNodeApiError(NODE, { httpCode: 200, code: 'Throttling.RateQuota', message: 'x' }, 0),
		),
	).toBe(true);
	expect(
		isThrottling(toNodeApiError(NODE, { httpCode: 500, code: 'InternalError', message: 'x' }, 0)),
	).toBe(false);
});
