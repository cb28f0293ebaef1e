import type { IDataObject } from 'n8n-workflow';

import { tuning } from '../helpers/tuning';
import type { ServiceFailure } from './errors';
import { failureDetails } from './errors';
import { capText } from './redact';

/**
 * The retry rules of the API calls as pure functions of one attempt's outcome: what may be asked
 * again, what a paid create may have left behind, and what the user is told.
 */

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
// Errors raised before a byte reached the service: a paid create may be sent again.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
const TIMEOUTS = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT']);

/** What one attempt came back with: an answer (any status), or a network failure. */
export type Outcome =
	| { kind: 'response'; status: number; headers: IDataObject; body: IDataObject | undefined }
	| { kind: 'network'; code: string };

// TLS and client codes that are not errno-shaped but still mean the connection failed.
const CONNECTION_CODE =
	/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_SOCKET|ERR_STREAM_PREMATURE)/;

/**
 * The errno-like code of a request that failed on the network, searched through n8n's and axios'
 * wrappers (1.x and 2.x differ); undefined when nothing says network: then n8n itself failed
 * (shutting down, a disposed expression context, a closed database) and no request may have left.
 */
export function networkCode(error: unknown): string | undefined {
	const queue: unknown[] = [error];
	let httpClient = false;
	for (let seen = 0; queue.length && seen < 12; seen++) {
		const current = queue.shift() as
			| {
					code?: unknown;
					message?: unknown;
					messages?: unknown;
					cause?: unknown;
					errorResponse?: unknown;
					isAxiosError?: unknown;
					name?: unknown;
			  }
			| undefined;
		if (!current || typeof current !== 'object') continue;
		if (typeof current.code === 'string' && /^E[A-Z_]+$/.test(current.code)) return current.code;
		if (typeof current.code === 'string' && CONNECTION_CODE.test(current.code)) return current.code;
		httpClient ||= current.isAxiosError === true || current.name === 'AxiosError';
		const texts = [current.message, ...(Array.isArray(current.messages) ? current.messages : [])]
			.map(String)
			.join(' ');
		const named = /\b(E[A-Z]{4,}[A-Z_]*)\b/.exec(texts);
		if (named) return named[1];
		if (/socket hang up/i.test(texts)) return 'ECONNRESET';
		if (/timeout|timed out/i.test(texts)) return 'ETIMEDOUT';
		queue.push(current.cause, current.errorResponse);
	}
	// The HTTP client failed without a reason: still the network's side.
	return httpClient ? 'ENETWORK' : undefined;
}

export function parseBody(raw: unknown): IDataObject | undefined {
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
export function retryAfterMs(headers: IDataObject, now = Date.now()): number | undefined {
	const value = headers['retry-after'] ?? headers['Retry-After'];
	if (value === undefined || value === null) return undefined;
	const seconds = Number(value);
	const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(String(value)) - now;
	if (!Number.isFinite(ms)) return undefined;
	return Math.min(Math.max(ms, 0), tuning().retry.maxRetryAfterMs);
}

/** The Date header as epoch ms: the service's own clock (whole seconds). */
export function serverTimeOf(headers: IDataObject): number | undefined {
	const value = headers.date ?? headers.Date;
	const ms = typeof value === 'string' ? Date.parse(value) : NaN;
	return Number.isFinite(ms) ? ms : undefined;
}

/** Exponential backoff, half of it random, so a batch that was throttled together spreads out. */
export function backoffMs(attempt: number, random = Math.random()): number {
	const { maxDelayMs, baseDelayMs } = tuning().retry;
	const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
	return Math.round(ceiling / 2 + (random * ceiling) / 2);
}

/** The host a redirect points to (never its path or query, which may carry anything). */
export function redirectHost(headers: IDataObject, from: string): string {
	try {
		return (
			new URL(String(headers.location ?? headers.Location ?? ''), from).host || 'an unnamed host'
		);
	} catch {
		return 'an unreadable location';
	}
}

/** A 2xx whose body carries the service's error code instead of a task, a status or a list. */
export function serviceErrorCode(outcome: Outcome): string | undefined {
	if (outcome.kind !== 'response' || outcome.status >= 300) return undefined;
	const code = outcome.body?.code;
	return typeof code === 'string' && code !== '' ? code : undefined;
}

const THROTTLING_CODE = /^Throttling/;

/** HTTP 429, or a 200 that says Throttling: the same to the budget, the retries and the watcher. */
export function isThrottled(outcome: Outcome): boolean {
	return (
		outcome.kind === 'response' &&
		(outcome.status === 429 || THROTTLING_CODE.test(serviceErrorCode(outcome) ?? ''))
	);
}

export function failureFrom(outcome: Outcome, url: string, taskId?: string): ServiceFailure {
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
export function mayHaveBeenTaken(outcome: Outcome): boolean {
	if (outcome.kind === 'network') return !NOT_SENT.has(outcome.code);
	return outcome.status >= 500 || (outcome.status < 300 && !outcome.body);
}

export function isRetryable(outcome: Outcome, paid: boolean): boolean {
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
