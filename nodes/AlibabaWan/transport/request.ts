import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { abortableSleep } from '../helpers/sleep';
import type { ServiceFailure } from './errors';
import { failureDetails, regionHint, toNodeApiError } from './errors';
import type { Redact } from './redact';
import { capText, sanitizeAnswer } from './redact';
import { resolveEndpoint } from './regions';

export interface ApiCall {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex: number;
	/** Known before the call (query, cancel): carried into every error. */
	taskId?: string;
	/** A create is billed: it is repeated only when the service certainly did not take it. */
	paid?: boolean;
	/** Sent even after the execution was stopped (cancelling its tasks), once, with a short timeout. */
	afterStop?: boolean;
}

export interface ApiAnswer {
	body: IDataObject;
	requestId?: string;
}

/** Retry budget. Exported so the wait loop and the docs quote the same numbers. */
export const RETRY = {
	queryAttempts: 5,
	createAttempts: 7,
	baseDelayMs: 500,
	maxDelayMs: 15_000,
	maxRetryAfterMs: 60_000,
	timeoutMs: { query: 30_000, create: 120_000, afterStop: 5_000 },
};

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
// Errors raised before a byte reached the service: a paid create may be sent again.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
const TIMEOUTS = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT']);

type Outcome =
	| { kind: 'response'; status: number; headers: IDataObject; body: IDataObject | undefined }
	| { kind: 'network'; code: string };

/** The errno-like code of a failed request, searched through n8n's and axios' wrappers (1.x and 2.x differ). */
function networkCode(error: unknown): string {
	const queue: unknown[] = [error];
	for (let seen = 0; queue.length && seen < 12; seen++) {
		const current = queue.shift() as { code?: unknown; message?: unknown; messages?: unknown; cause?: unknown; errorResponse?: unknown } | undefined;
		if (!current || typeof current !== 'object') continue;
		if (typeof current.code === 'string' && /^E[A-Z_]+$/.test(current.code)) return current.code;
		const texts = [current.message, ...(Array.isArray(current.messages) ? current.messages : [])].map(String).join(' ');
		const named = /\b(E[A-Z]{4,}[A-Z_]*)\b/.exec(texts);
		if (named) return named[1];
		if (/socket hang up/i.test(texts)) return 'ECONNRESET';
		if (/timeout|timed out/i.test(texts)) return 'ETIMEDOUT';
		queue.push(current.cause, current.errorResponse);
	}
	return 'ENETWORK';
}

function parseBody(raw: unknown): IDataObject | undefined {
	if (raw && typeof raw === 'object' && !Buffer.isBuffer(raw)) return raw as IDataObject;
	const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : typeof raw === 'string' ? raw : '';
	try {
		const parsed: unknown = JSON.parse(text);
		return parsed && typeof parsed === 'object' ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

/** Retry-After as seconds or an HTTP date, bounded so a hostile header cannot park the node. */
function retryAfterMs(headers: IDataObject): number | undefined {
	const value = headers['retry-after'] ?? headers['Retry-After'];
	if (value === undefined || value === null) return undefined;
	const seconds = Number(value);
	const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(String(value)) - Date.now();
	if (!Number.isFinite(ms)) return undefined;
	return Math.min(Math.max(ms, 0), RETRY.maxRetryAfterMs);
}

/** Exponential backoff, half of it random, so a batch that was throttled together spreads out. */
export function backoffMs(attempt: number): number {
	const ceiling = Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** attempt);
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * A view of the context with another cancel signal. n8n attaches the execution's own signal to
 * every authenticated request: cancels sent because of a stop must not carry it (none), and the
 * shared task watcher's requests follow the watcher's life, not one execution's.
 */
export function withCancelSignal(ctx: IExecuteFunctions, signal: AbortSignal | undefined): IExecuteFunctions {
	return Object.create(ctx, { getExecutionCancelSignal: { value: () => signal } }) as IExecuteFunctions;
}

async function sendOnce(
	ctx: IExecuteFunctions,
	url: string,
	call: ApiCall,
	headers: IDataObject,
): Promise<Outcome> {
	const limitMs = call.afterStop ? RETRY.timeoutMs.afterStop : call.paid ? RETRY.timeoutMs.create : RETRY.timeoutMs.query;
	const cancel = call.afterStop ? undefined : ctx.getExecutionCancelSignal?.();
	// n8n's timeout only fires on an idle socket: an answer trickling in byte by byte would hold
	// the call for ever, so the whole call is bounded too. n8n takes the signal from the context.
	const caller = withCancelSignal(ctx, AbortSignal.any([AbortSignal.timeout(limitMs), ...(cancel ? [cancel] : [])]));
	const started = Date.now();
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(caller, 'alibabaWanApi', {
			method: call.method,
			url,
			qs: call.qs,
			body: call.body,
			headers,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// The service never redirects an API call, and n8n would re-send the key to any host a
			// redirect names: a 3xx is reported, not followed.
			disableFollowRedirect: true,
			timeout: limitMs,
			abortSignal: caller.getExecutionCancelSignal?.(),
		})) as IN8nHttpFullResponse;
		return {
			kind: 'response',
			status: response.statusCode,
			headers: (response.headers ?? {}) as IDataObject,
			body: parseBody(response.body),
		};
	} catch (error) {
		if (!cancel?.aborted && Date.now() - started >= limitMs - 50) return { kind: 'network', code: 'ETIMEDOUT' };
		return { kind: 'network', code: networkCode(error) };
	}
}

/** The host a redirect points to (never its path or query, which may carry anything). */
function redirectHost(headers: IDataObject, from: string): string {
	try {
		return new URL(String(headers.location ?? headers.Location ?? ''), from).host || 'an unnamed host';
	} catch {
		return 'an unreadable location';
	}
}

/** A 2xx whose body carries the service's error code instead of a task, a status or a list. */
function serviceErrorCode(outcome: Outcome): string | undefined {
	if (outcome.kind !== 'response' || outcome.status >= 300) return undefined;
	const code = outcome.body?.code;
	return typeof code === 'string' && code !== '' ? code : undefined;
}

const THROTTLING_CODE = /^Throttling/;

/** HTTP 429, or a 200 that says Throttling: the same to the budget, the retries and the watcher. */
function isThrottled(outcome: Outcome): boolean {
	return outcome.kind === 'response' && (outcome.status === 429 || THROTTLING_CODE.test(serviceErrorCode(outcome) ?? ''));
}

function failureFrom(outcome: Outcome, url: string, taskId?: string): ServiceFailure {
	if (outcome.kind === 'network') {
		return {
			errno: outcome.code,
			message: TIMEOUTS.has(outcome.code)
				? 'The service did not answer in time'
				: 'The connection to the service failed',
			taskId,
		};
	}
	if (outcome.status >= 300 && outcome.status < 400) {
		return {
			httpCode: outcome.status,
			message: `The service answered HTTP ${outcome.status}, a redirect to ${redirectHost(outcome.headers, url)}. API calls are never redirected, so it was not followed and the key was not sent there`,
			taskId,
		};
	}
	const body = outcome.body ?? {};
	return {
		httpCode: outcome.status,
		code: typeof body.code === 'string' && body.code ? capText(body.code, 100) : undefined,
		message:
			typeof body.message === 'string' && body.message
				? capText(body.message)
				: outcome.body
					? `HTTP ${outcome.status}`
					: `HTTP ${outcome.status} with an unreadable body`,
		requestId: typeof body.request_id === 'string' ? capText(body.request_id, 100) : undefined,
		taskId,
	};
}

/** After a timeout, a reset, a 5xx or an unreadable success the service may hold the task. */
function mayHaveBeenTaken(outcome: Outcome): boolean {
	if (outcome.kind === 'network') return !NOT_SENT.has(outcome.code);
	return outcome.status >= 500 || (outcome.status < 300 && !outcome.body);
}

function isRetryable(outcome: Outcome, paid: boolean): boolean {
	if (outcome.kind === 'network') return paid ? NOT_SENT.has(outcome.code) : true;
	if (isThrottled(outcome)) return true;
	if (paid) return false;
	// A 200 whose body is not JSON is a broken answer: asking again is safe for reads.
	return RETRYABLE_STATUS.has(outcome.status) || (outcome.status === 200 && !outcome.body);
}

/** Whether an error is the service's throttling (429, or a Throttling code): never a reason to give up a wait. */
export function isThrottling(error: unknown): boolean {
	const details = failureDetails(error);
	return Number(details?.httpCode) === 429 || THROTTLING_CODE.test(String(details?.code ?? ''));
}

/** The answer as the rest of the node may see it: the key redacted from every string (headers too), strings capped. */
function sanitized(outcome: Outcome, redact: Redact): Outcome {
	if (outcome.kind !== 'response') return outcome;
	return { ...outcome, headers: sanitizeAnswer(outcome.headers, redact), body: outcome.body && sanitizeAnswer(outcome.body, redact) };
}

/**
 * The one place that speaks HTTP to DashScope: authenticated through n8n (proxy settings,
 * cancel signal), paced by the account's budget (creates and queries apart, retries included,
 * shared by every execution of this process), retried per the rules above, failures turned
 * into NodeApiError.
 */
export async function callDashScope(this: IExecuteFunctions, call: ApiCall): Promise<ApiAnswer> {
	const endpoint = await resolveEndpoint.call(this, call.itemIndex);
	const headers: IDataObject = {};
	if (call.paid) headers['X-DashScope-Async'] = 'enable';
	if (endpoint.workspaceId) headers['X-DashScope-WorkSpace'] = endpoint.workspaceId;
	const url = `${endpoint.baseUrl}${call.path}`;
	const attempts = call.afterStop ? 1 : call.paid ? RETRY.createAttempts : RETRY.queryAttempts;
	const signal = call.afterStop ? undefined : this.getExecutionCancelSignal?.();

	const budget = call.paid ? endpoint.account.creates : endpoint.account.queries;
	// Stopped while waiting for a slot, nothing was sent (a create is repeated only when it was not taken).
	const cancelled = (sent: boolean) =>
		new NodeOperationError(this.getNode(), 'The execution was cancelled', {
			itemIndex: call.itemIndex,
			description: call.paid && sent
				? 'It was stopped while a task was being created: the task may exist. Look for it with the List Tasks operation.'
				: undefined,
		});

	let outcome: Outcome | undefined;
	for (let attempt = 0; attempt < attempts; attempt++) {
		if (!(await budget.acquire(signal))) throw cancelled(false);
		outcome = sanitized(await sendOnce(this, url, call, headers), endpoint.redact);
		if (outcome.kind === 'response' && isThrottled(outcome)) {
			budget.throttled(retryAfterMs(outcome.headers));
		}
		if (signal?.aborted) throw cancelled(true);
		if (outcome.kind === 'response' && outcome.status < 300 && outcome.body && !serviceErrorCode(outcome)) {
			const requestId = outcome.body.request_id;
			return { body: outcome.body, requestId: typeof requestId === 'string' ? requestId : undefined };
		}
		if (!isRetryable(outcome, call.paid === true) || attempt === attempts - 1) break;
		const wait =
			(outcome.kind === 'response' && retryAfterMs(outcome.headers)) || backoffMs(attempt);
		this.logger.debug(
			`DashScope ${call.method} ${call.path}: ${outcome.kind === 'response' ? `HTTP ${outcome.status}` : outcome.code}, retry in ${wait} ms`,
		);
		await abortableSleep(wait, signal);
	}

	const failure = failureFrom(outcome as Outcome, url, call.taskId);
	if (failure.httpCode === 401) {
		throw toNodeApiError(this.getNode(), failure, call.itemIndex, regionHint(endpoint.region, endpoint.baseUrl));
	}
	if (call.paid && mayHaveBeenTaken(outcome as Outcome)) {
		throw toNodeApiError(
			this.getNode(),
			failure,
			call.itemIndex,
			'The service did not confirm the task, but it may have been created and billed. Before running again, look for it with the List Tasks operation (recent tasks, any status) and fetch it with Get Status.',
		);
	}
	throw toNodeApiError(this.getNode(), failure, call.itemIndex);
}
