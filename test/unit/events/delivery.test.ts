// Every check a delivery passes before the service is asked anything, in order, with the status
// EventBridge gets back; an event as Alibaba's documentation shows it is read.
import type { Delivery } from '../../../nodes/AlibabaWan/events';
import { MAX_EVENT_BYTES, checkDelivery, tokenMatches } from '../../../nodes/AlibabaWan/events';

const TOKEN = 'a-long-shared-secret-123';
const TASK_ID = 'a154c328-1111-2222-3333-e52a9a7e9a35';

// The documented example's shape (https://help.aliyun.com/zh/model-studio/async-task-api), for an image task.
const event = (data: Record<string, unknown> = {}, envelope: Record<string, unknown> = {}) => ({
	datacontenttype: 'application/json;charset=utf-8',
	aliyunaccountid: '1234',
	aliyunpublishtime: '2026-12-06T01:45:16.993Z',
	data: {
		start_time: '2026-12-06 09:45:09',
		user_api_unique_key: 'apikey:v1:aigc:image-generation:generation:wan2.7-image',
		task_status: 'SUCCEEDED',
		contain_result: false,
		end_time: '2026-12-06 09:45:16',
		task_id: TASK_ID,
		region: 'cn-beijing',
		request_id: '108f38f5-0000-0000-0000-6504db9080b3',
		api_key_id: '1250',
		...data,
	},
	specversion: '1.0',
	aliyuneventbusname: 'default',
	id: '81765e5b-0000-0000-0000-bbad8dde2bd9',
	source: 'acs.dashscope',
	time: '2026-12-06T01:45:16.969Z',
	aliyunregionid: 'cn-beijing',
	type: 'dashscope:System:AsyncTaskFinish',
	...envelope,
});

const delivery = (body: unknown, overrides: Partial<Delivery> = {}): Delivery => ({
	method: 'POST',
	contentType: 'application/json;charset=utf-8',
	rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
	body,
	token: TOKEN,
	...overrides,
});

test('a documented event with the right token is read: task id, status, model, region, event id', () => {
	expect(checkDelivery(delivery(event()), TOKEN)).toEqual({
		event: {
			id: '81765e5b-0000-0000-0000-bbad8dde2bd9',
			taskId: TASK_ID,
			status: 'SUCCEEDED',
			model: 'wan2.7-image',
			region: 'cn-beijing',
			time: '2026-12-06T01:45:16.969Z',
		},
	});
});

test('without the raw body (n8n parsed it) the parsed object is checked the same way', () => {
	const verdict = checkDelivery(delivery(event(), { rawBody: undefined }), TOKEN);
	expect(verdict.event?.taskId).toBe(TASK_ID);
});

test.each([
	['GET', { method: 'GET' }, 405],
	['a form body', { contentType: 'application/x-www-form-urlencoded' }, 415],
	['no token header', { token: undefined }, 401],
	['an empty token header', { token: '' }, 401],
	['a wrong token', { token: 'a-long-shared-secret-124' }, 403],
	['a prefix of the token', { token: TOKEN.slice(0, 10) }, 403],
	['the token with more after it', { token: `${TOKEN}x` }, 403],
] as Array<[string, Partial<Delivery>, number]>)(
	'%s is refused with %s',
	(_what, overrides, status) => {
		const verdict = checkDelivery(delivery(event(), overrides), TOKEN);
		expect(verdict).toEqual({ status, reason: expect.any(String) });
	},
);

test('the checks run in order: an oversized body is 413 before its token is looked at, bad JSON 400 before the token', () => {
	const big = JSON.stringify(event({ padding: 'x'.repeat(MAX_EVENT_BYTES) }));
	expect(checkDelivery(delivery(big, { token: undefined }), TOKEN).status).toBe(413);
	expect(checkDelivery(delivery('{"source": ', { token: undefined }), TOKEN).status).toBe(400);
	expect(checkDelivery(delivery('[1,2]', { token: undefined }), TOKEN).status).toBe(400);
	// A malformed event with a wrong token: the token is refused first.
	expect(checkDelivery(delivery(event({ task_id: '../x' }), { token: 'nope' }), TOKEN).status).toBe(
		403,
	);
});

test.each([
	['another source', event({}, { source: 'acs.oss' }), 400],
	['no data', event({}, { data: undefined }), 400],
	['no task status', event({ task_status: undefined }), 400],
	['no event id', event({}, { id: undefined }), 400],
	['a task id that could rewrite a URL path', event({ task_id: '../tasks/x' }), 400],
	['a task id that is a number', event({ task_id: 42 }), 400],
])('an event with %s is refused with 400', (_what, body, status) => {
	expect(checkDelivery(delivery(body), TOKEN)).toEqual({ status, reason: expect.any(String) });
});

test('another DashScope event type (a batch job) is acknowledged and ignored, not refused', () => {
	const verdict = checkDelivery(
		delivery(event({}, { type: 'dashscope:System:BatchTaskFinish' })),
		TOKEN,
	);
	expect(verdict).toEqual({ status: 200, reason: expect.stringMatching(/^Ignored/) });
});

test('application/json, with or without parameters, and a missing Content-Type are taken as JSON', () => {
	for (const contentType of ['application/json', 'APPLICATION/JSON; charset=utf-8', undefined])
		expect(checkDelivery(delivery(event(), { contentType }), TOKEN).event).toBeDefined();
	expect(checkDelivery(delivery(event(), { contentType: 'text/plain' }), TOKEN).status).toBe(415);
});

test('no reason names the token', () => {
	for (const token of [undefined, 'wrong-token-wrong-token', TOKEN.slice(0, 5)]) {
		const verdict = checkDelivery(delivery(event(), { token }), TOKEN);
		expect(verdict.reason).not.toContain(TOKEN);
		expect(verdict.reason).not.toContain(token ?? TOKEN);
	}
});

test('tokenMatches: equal only for the same text, never for an empty expected token', () => {
	expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
	expect(tokenMatches(TOKEN.toUpperCase(), TOKEN)).toBe(false);
	expect(tokenMatches('', '')).toBe(false);
});

test('a model is the last field of user_api_unique_key, absent without one', () => {
	const key = 'apikey:v1:aigc:image2image:image-synthesis:wan2.5-i2i-preview';
	expect(checkDelivery(delivery(event({ user_api_unique_key: key })), TOKEN).event?.model).toBe(
		'wan2.5-i2i-preview',
	);
	expect(
		checkDelivery(delivery(event({ user_api_unique_key: undefined })), TOKEN).event?.model,
	).toBeUndefined();
});
