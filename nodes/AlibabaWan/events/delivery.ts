import { createHash, timingSafeEqual } from 'crypto';

import { isTaskId } from '../transport';

/**
 * What Alibaba Cloud EventBridge POSTs to an HTTP target with Body "Complete Event" when a Model
 * Studio (DashScope) task finishes, and the checks a delivery passes before anything is asked of
 * the service. Sources:
 * - https://help.aliyun.com/zh/model-studio/async-task-api (the event: source acs.dashscope, type
 *   dashscope:System:AsyncTaskFinish, data.task_id, data.task_status, data.user_api_unique_key …)
 * - https://help.aliyun.com/knowledge_detail/184043.html (the target's Token travels in the
 *   header x-eventbridge-signature-token)
 */
export const EVENT_SOURCE = 'acs.dashscope';
export const TASK_FINISHED = 'dashscope:System:AsyncTaskFinish';
export const TOKEN_HEADER = 'x-eventbridge-signature-token';
// A real event is about 1 KB; EventBridge caps each transformed value at 10,240 characters.
export const MAX_EVENT_BYTES = 64 * 1024;

/** The part of an event the trigger uses. */
export interface TaskEvent {
	/** The envelope id: the same on EventBridge's re-sends. */
	id: string;
	taskId: string;
	/** data.task_status as sent (a finished task: SUCCEEDED, FAILED, or CANCELED). */
	status: string;
	/** The last field of data.user_api_unique_key (apikey:version:group:task:function:model); UNCERTAIN for image tasks. */
	model?: string;
	region?: string;
	time?: string;
}

export interface Delivery {
	method: string;
	contentType?: string;
	/** The body as received, when n8n kept it; else `body` (what n8n parsed) is serialised to measure it. */
	rawBody?: Buffer;
	body: unknown;
	token: string | string[] | undefined;
}

/** Either the event, or the status to answer with and why (200 = acknowledged and ignored). */
export type Verdict =
	| { event: TaskEvent; status?: undefined; reason?: undefined }
	| { event?: undefined; status: number; reason: string };

const refuse = (status: number, reason: string): Verdict => ({ status, reason });

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time token check: equal-length digests, so neither the length nor a prefix leaks. */
export function tokenMatches(given: string, expected: string): boolean {
	return timingSafeEqual(digest(given), digest(expected)) && expected.length > 0;
}

/** JSON, or a JSON type with parameters (EventBridge's exact Content-Type is not documented). */
const isJsonType = (contentType: string | undefined) =>
	contentType === undefined ||
	contentType === '' ||
	/^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(contentType.trim());

const text = (value: unknown): string | undefined =>
	typeof value === 'string' && value.length > 0 && value.length <= 256 ? value : undefined;

function parsed(delivery: Delivery): { json?: unknown; bytes: number } {
	if (delivery.rawBody && delivery.rawBody.length > 0) {
		const bytes = delivery.rawBody.length;
		if (bytes > MAX_EVENT_BYTES) return { bytes };
		try {
			return { json: JSON.parse(delivery.rawBody.toString('utf8').replace(/^\uFEFF/, '')), bytes };
		} catch {
			return { bytes };
		}
	}
	const body = delivery.body;
	if (typeof body === 'string') {
		try {
			return { json: JSON.parse(body), bytes: Buffer.byteLength(body) };
		} catch {
			return { bytes: Buffer.byteLength(body) };
		}
	}
	return { json: body, bytes: Buffer.byteLength(JSON.stringify(body ?? null)) };
}

/**
 * Checks one delivery, in this order, and reads its event: method, content type, size, JSON,
 * token, source, type, task id and status. Nothing here asks the service anything.
 */
export function checkDelivery(delivery: Delivery, expectedToken: string): Verdict {
	if (delivery.method.toUpperCase() !== 'POST') return refuse(405, 'Only POST is accepted');
	if (!isJsonType(delivery.contentType))
		return refuse(415, 'The body must be JSON (EventBridge target Body: Complete Event)');
	const { json, bytes } = parsed(delivery);
	if (bytes > MAX_EVENT_BYTES)
		return refuse(413, `The body is larger than ${MAX_EVENT_BYTES} bytes`);
	if (!json || typeof json !== 'object' || Array.isArray(json))
		return refuse(400, 'The body is not a JSON object');
	const given = Array.isArray(delivery.token) ? delivery.token[0] : delivery.token;
	if (!given) return refuse(401, `The ${TOKEN_HEADER} header is missing`);
	if (!tokenMatches(given, expectedToken)) return refuse(403, 'The token does not match');
	const envelope = json as Record<string, unknown>;
	if (envelope.source !== EVENT_SOURCE)
		return refuse(400, `The event's source is not ${EVENT_SOURCE}`);
	// Another DashScope event (e.g. a batch job's) on a broad rule: acknowledged, so it is not re-sent.
	if (envelope.type !== TASK_FINISHED) return refuse(200, `Ignored: not a ${TASK_FINISHED} event`);
	const data = envelope.data as Record<string, unknown> | undefined;
	const id = text(envelope.id);
	const status = text(data?.task_status);
	if (!id || !data || typeof data !== 'object' || !status)
		return refuse(400, 'The event has no id, data or data.task_status');
	if (!isTaskId(data.task_id)) return refuse(400, 'data.task_id is not a task id');
	const taskId = data.task_id as string;
	const key = text(data.user_api_unique_key);
	return {
		event: {
			id,
			taskId,
			status,
			model: key ? key.split(':').pop() || undefined : undefined,
			region: text(data.region),
			time: text(envelope.time),
		},
	};
}
