// An exception of n8n's own request helper that is not a network failure (n8n shutting down, a
// disposed expression context, a closed database) is said as it is, and never retried.
import type { IExecuteFunctions } from 'n8n-workflow';

import { overrideTuning } from '../../../nodes/AlibabaWan/helpers/tuning';
import { callDashScope } from '../../../nodes/AlibabaWan/transport/request';
import { errorOf, fakeContext } from '../context';

let restore: () => void;
beforeAll(() => {
	restore = overrideTuning({ retry: { baseDelayMs: 1, maxDelayMs: 2 } });
});
afterAll(() => restore());

function contextThrowing(error: unknown): { ctx: IExecuteFunctions; calls: () => number } {
	let calls = 0;
	const ctx = fakeContext({}, { credentials: { apiKey: 'sk-unit-secret', region: 'singapore' } });
	Object.assign(ctx.helpers, {
		httpRequestWithAuthentication: async () => {
			calls++;
			throw error;
		},
	});
	Object.assign(ctx, { getExecutionCancelSignal: () => undefined });
	return { ctx, calls: () => calls };
}

test.each([
	['a read', { method: 'GET' as const, path: '/tasks/t-1', itemIndex: 0, taskId: 't-1' }],
	['a paid create', { method: 'POST' as const, path: '/x', itemIndex: 0, paid: true }],
])('%s: n8n failing by itself is reported as such, once', async (_name, call) => {
	const { ctx, calls } = contextThrowing(new Error('Expression context disposed (sk-unit-secret)'));
	const { message, description } = await errorOf(() => callDashScope.call(ctx, call));
	expect(message).toBe('n8n could not send the request: Expression context disposed ([redacted])');
	expect(description).toContain('not of the network or the service');
	expect(`${message} ${description}`).not.toMatch(/ENETWORK|sk-unit-secret/);
	expect(calls()).toBe(1);
});

test('a network failure is still retried and named by its code', async () => {
	const { ctx, calls } = contextThrowing(
		Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
	);
	const { description } = await errorOf(() =>
		callDashScope.call(ctx, { method: 'GET', path: '/tasks', itemIndex: 0 }),
	);
	expect(description).toContain('Network error ECONNREFUSED');
	expect(calls()).toBeGreaterThan(1);
});
