import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { regionLabel } from './regions';
import { CUSTOM_REGION } from './regionTable';

/** What the service (or the network) said about one failed call, free of any secret. */
export interface ServiceFailure {
	httpCode?: number;
	code?: string;
	message: string;
	requestId?: string;
	taskId?: string;
	/** Network failures: the errno (kept out of `code`, which n8n would turn into a generic text). */
	errno?: string;
}

// Advice per DashScope error code: what a user can do about it.
const HINTS: Array<[RegExp, string]> = [
	[
		/^Throttling/,
		'DashScope throttles per account. It usually clears within a minute: run the workflow again later, or lower the batch size.',
	],
	[
		/^AccessDenied/,
		'The account or key is not allowed to call this model. Check that the model is activated for your Model Studio account in this region.',
	],
	[
		/^Arrearage/,
		'The Alibaba Cloud account is in arrears. Top it up in the Alibaba Cloud console.',
	],
	[
		/^InvalidParameter\.DataInspection/,
		'The service could not download or inspect an input image. Pass the image as binary data or base64, or use a URL the service can reach publicly.',
	],
	[
		/^DataInspectionFailed/,
		'Content moderation flagged the input or the output. Change the image or the prompt.',
	],
	[
		/^IPInfringementSuspect/,
		'The service suspects intellectual-property infringement in the input. Change the image or the prompt.',
	],
	[
		/^(ModelNotFound|Model\.)/,
		"Check Model (or Custom Model ID): the model must exist and be offered in the credential's region (each region has its own model list; the README's model x region table says which).",
	],
	[
		/^BadRequest\.TooLarge/,
		'The request body is too large. Use smaller images or pass them as URLs.',
	],
	[
		/^BadRequest\.(InputDownloadFailed|UnsupportedFileFormat)/,
		'Each image must be a JPEG, PNG, BMP or WEBP file the service can download.',
	],
	[
		/^(InternalError|SystemError|ModelUnavailable)/,
		'A temporary service problem. Try again in a minute.',
	],
];

function hintFor(code: string | undefined): string | undefined {
	if (!code) return undefined;
	return HINTS.find(([pattern]) => pattern.test(code))?.[1];
}

/**
 * The 401 advice names the region actually used, and the field that chose it (Base URL when the
 * region is Custom Base URL): keys only work in the region that issued them.
 */
export function regionHint(region: string, baseUrl: string): string {
	const field = region === CUSTOM_REGION ? 'Base URL (the API base of that region)' : 'Region';
	return `The key was sent to ${regionLabel(region)} (${baseUrl}). DashScope API keys only work in the region where they were created: check the ${field} of the Alibaba Wan credential, and that the key was copied whole.`;
}

function describeIds(failure: Pick<ServiceFailure, 'requestId' | 'taskId'>): string {
	return [
		failure.taskId ? `Task ID: ${failure.taskId}` : '',
		failure.requestId ? `Request ID: ${failure.requestId}` : '',
	]
		.filter(Boolean)
		.join('. ');
}

/**
 * NodeApiError keeping status, code, message, request id and task id; `advice` replaces the
 * code's hint, `headline` the message built from the service's code and message.
 */
export function toNodeApiError(
	node: INode,
	failure: ServiceFailure,
	itemIndex: number,
	advice?: string,
	headline?: string,
): NodeApiError {
	const details: JsonObject = {
		message: failure.message,
		code: failure.code ?? null,
		httpCode: failure.httpCode ?? null,
		requestId: failure.requestId ?? null,
		taskId: failure.taskId ?? null,
		errno: failure.errno ?? null,
	};
	const label = failure.code ? `${failure.code}: ${failure.message}` : failure.message;
	const description = [
		advice ?? hintFor(failure.code),
		failure.errno ? `Network error ${failure.errno}.` : '',
		describeIds(failure),
	]
		.filter(Boolean)
		.join(' ');
	const error = new NodeApiError(node, details, {
		message: headline ?? `DashScope: ${label}`,
		description,
		httpCode: failure.httpCode ? String(failure.httpCode) : undefined,
		itemIndex,
	});
	// Continue On Fail items and callers read these back without parsing the message.
	error.context.dashscope = details;
	return error;
}

/** The structured details toNodeApiError attached, when the error came from here. */
export function failureDetails(error: unknown): JsonObject | undefined {
	const context = (error as { context?: { dashscope?: JsonObject } })?.context;
	return context?.dashscope;
}

/**
 * The same failure reported by another node: the shared task watcher may have asked with the
 * context of another execution waiting for the same task.
 */
export function reissueFor(node: INode, error: unknown, itemIndex: number): unknown {
	const details = failureDetails(error);
	const source = error as NodeApiError;
	if (!details || source.node === node) return error;
	const copy = new NodeApiError(node, details, {
		message: source.message,
		description: source.description ?? undefined,
		httpCode: source.httpCode ?? undefined,
		itemIndex,
	});
	copy.context.dashscope = details;
	return copy;
}
