import type { IDataObject, IHttpRequestMethods, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { deadline } from '../helpers/deadline';
import { abortableSleep } from '../helpers/sleep';
import { tuning } from '../helpers/tuning';
import type { ServiceContext } from './context';
import { cancelSignalOf, withCancelSignal } from './context';
import { regionHint, toNodeApiError } from './errors';
import type { Outcome } from './outcome';
import {
	backoffMs,
	failureFrom,
	isRetryable,
	isThrottled,
	mayHaveBeenTaken,
	networkCode,
	parseBody,
	retryAfterMs,
	serverTimeOf,
	serviceErrorCode,
} from './outcome';
import type { Redact } from './redact';
import { capText, sanitizeAnswer } from './redact';
import type { ServiceEndpoint } from './regions';
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
	/** Told of every throttling answer as it comes (retries included), with the service's words. */
	onThrottled?: (answer: { code?: string; message?: string }) => void;
}

export interface ApiAnswer {
	body: IDataObject;
	requestId?: string;
	/** The service's clock when it answered (its Date header, whole seconds), if it sent one. */
	serverTime?: number;
}

async function sendOnce(
	ctx: ServiceContext,
	endpoint: ServiceEndpoint,
	url: string,
	call: ApiCall,
	headers: IDataObject,
): Promise<Outcome> {
	const { timeoutMs } = tuning().retry;
	const limitMs = call.afterStop
		? timeoutMs.afterStop
		: call.paid
			? timeoutMs.create
			: timeoutMs.query;
	const cancel = call.afterStop ? undefined : cancelSignalOf(ctx);
	// n8n's timeout only fires on an idle socket: an answer trickling in byte by byte would hold
	// the call for ever, so the whole call is bounded too. n8n takes the signal from the context.
	const bound = deadline(limitMs, cancel);
	const caller = withCancelSignal(ctx, bound.signal);
	const started = Date.now();
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(
			caller,
			'alibabaWanApi',
			{
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
				abortSignal: cancelSignalOf(caller),
			},
			// The credential read before the budget's slot: without it n8n reads it again (a database
			// query) between the slot and the send, and a busy n8n then sends queries in bunches.
			{
				credentialsDecrypted: {
					id: '',
					name: '',
					type: 'alibabaWanApi',
					data: endpoint.credentials,
				},
			},
		)) as IN8nHttpFullResponse;
		return {
			kind: 'response',
			status: response.statusCode,
			headers: (response.headers ?? {}) as IDataObject,
			body: parseBody(response.body),
		};
	} catch (error) {
		if (!cancel?.aborted && Date.now() - started >= limitMs - 50)
			return { kind: 'network', code: 'ETIMEDOUT' };
		const code = networkCode(error);
		if (code) return { kind: 'network', code };
		// Stopped: the caller reports the stop.
		if (cancel?.aborted) return { kind: 'network', code: 'ECANCELED' };
		throw notNetwork(ctx, call, error, endpoint.redact);
	} finally {
		bound.clear();
	}
}

/** n8n's request helper failed by itself (not the network): said as it is, never retried. */
function notNetwork(ctx: ServiceContext, call: ApiCall, error: unknown, redact: Redact) {
	const said = redact(capText(String((error as Error)?.message ?? error)));
	return new NodeOperationError(ctx.getNode(), `n8n could not send the request: ${said}`, {
		itemIndex: call.itemIndex,
		description: [
			'This is an error of n8n itself (for example it is shutting down), not of the network or the service, so the request was not retried.',
			call.paid
				? 'If it happened after the request left, a task may exist: look for it with the List Tasks operation before running again.'
				: '',
			call.taskId ? `Task ID: ${call.taskId}.` : '',
		]
			.filter(Boolean)
			.join(' '),
	});
}

/** The answer as the rest of the node may see it: the key redacted from every string (headers too), strings capped. */
function sanitized(outcome: Outcome, redact: Redact): Outcome {
	if (outcome.kind !== 'response') return outcome;
	return {
		...outcome,
		headers: sanitizeAnswer(outcome.headers, redact),
		body: outcome.body && sanitizeAnswer(outcome.body, redact),
	};
}

/**
 * The one place that speaks HTTP to DashScope: authenticated through n8n (proxy settings,
 * cancel signal), paced by the account's budget (creates and queries apart, retries included,
 * shared by every execution of this process), retried per the rules above, failures turned
 * into NodeApiError.
 */
export async function callDashScope(this: ServiceContext, call: ApiCall): Promise<ApiAnswer> {
	const endpoint = await resolveEndpoint.call(this, call.itemIndex);
	const headers: IDataObject = {};
	if (call.paid) headers['X-DashScope-Async'] = 'enable';
	if (endpoint.workspaceId) headers['X-DashScope-WorkSpace'] = endpoint.workspaceId;
	const url = `${endpoint.baseUrl}${call.path}`;
	const { createAttempts, queryAttempts } = tuning().retry;
	const attempts = call.afterStop ? 1 : call.paid ? createAttempts : queryAttempts;
	const signal = call.afterStop ? undefined : cancelSignalOf(this);

	const budget = call.paid ? endpoint.account.creates : endpoint.account.queries;
	// Stopped while waiting for a slot, nothing was sent (a create is repeated only when it was not taken).
	const cancelled = (sent: boolean) =>
		new NodeOperationError(this.getNode(), 'The execution was cancelled', {
			itemIndex: call.itemIndex,
			description:
				call.paid && sent
					? 'It was stopped while a task was being created: the task may exist. Look for it with the List Tasks operation.'
					: undefined,
		});

	let outcome: Outcome | undefined;
	for (let attempt = 0; attempt < attempts; attempt++) {
		if (!(await budget.acquire(signal))) throw cancelled(false);
		outcome = sanitized(await sendOnce(this, endpoint, url, call, headers), endpoint.redact);
		if (outcome.kind === 'response' && isThrottled(outcome)) {
			budget.throttled(retryAfterMs(outcome.headers));
			const { code, message } = failureFrom(outcome, url);
			call.onThrottled?.({ code, message });
		}
		if (signal?.aborted) throw cancelled(true);
		if (
			outcome.kind === 'response' &&
			outcome.status < 300 &&
			outcome.body &&
			!serviceErrorCode(outcome)
		) {
			const requestId = outcome.body.request_id;
			return {
				body: outcome.body,
				requestId: typeof requestId === 'string' ? requestId : undefined,
				serverTime: serverTimeOf(outcome.headers),
			};
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
		throw toNodeApiError(
			this.getNode(),
			failure,
			call.itemIndex,
			regionHint(endpoint.region, endpoint.baseUrl),
		);
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
