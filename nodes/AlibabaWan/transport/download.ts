import type { IBinaryData, IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { abortableSleep } from '../helpers/sleep';
import { backoffMs } from './request';

type BinaryInput = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

export const DOWNLOAD = { attempts: 4, timeoutMs: 60_000 };

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

type Attempt<T> = { ok: true; value: T } | { ok: false; message: string; retryable: boolean };

const failed = (message: string, retryable: boolean): { ok: false; message: string; retryable: boolean } => ({ ok: false, message, retryable });

function discard(body: unknown): void {
	(body as { destroy?: () => void })?.destroy?.();
}

/** Reads a body without a Content-Length, giving up as soon as it passes the cap. */
async function readCapped(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer | undefined> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body) {
		size += chunk.length;
		if (size > maxBytes) {
			discard(body);
			return undefined;
		}
		chunks.push(Buffer.from(chunk));
	}
	return Buffer.concat(chunks);
}

const capText = (maxBytes: number) => `the ${Math.round(maxBytes / 1048576)} MB download cap`;

async function fetchOnce<T>(
	ctx: IExecuteFunctions,
	url: string,
	maxBytes: number,
	store: (data: BinaryInput) => Promise<T>,
): Promise<Attempt<T>> {
	let response: IN8nHttpFullResponse;
	try {
		// Plain httpRequest: the signed URL carries its own authorisation and the API key must
		// never travel to the storage host.
		response = (await ctx.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: DOWNLOAD.timeoutMs,
			abortSignal: ctx.getExecutionCancelSignal?.(),
		})) as IN8nHttpFullResponse;
	} catch (error) {
		return failed(`the download failed (${(error as Error).message})`, true);
	}
	if (response.statusCode !== 200) {
		discard(response.body);
		return response.statusCode === 403
			? failed('the storage host refused the link (HTTP 403): signed result URLs expire after 24 hours', false)
			: failed(`the storage host answered HTTP ${response.statusCode}`, RETRYABLE.has(response.statusCode));
	}
	const declared = Number(response.headers?.['content-length']);
	if (Number.isFinite(declared) && declared > maxBytes) {
		discard(response.body);
		return failed(`the image is ${(declared / 1048576).toFixed(1)} MB, over ${capText(maxBytes)}`, false);
	}
	try {
		// With a known size the stream goes straight to n8n's binary store (disk in filesystem mode).
		const data = Number.isFinite(declared)
			? (response.body as BinaryInput)
			: await readCapped(response.body as AsyncIterable<Uint8Array>, maxBytes);
		if (!data) return failed(`the image is larger than ${capText(maxBytes)}`, false);
		return { ok: true, value: await store(data) };
	} catch (error) {
		return failed(`the download broke off (${(error as Error).message})`, true);
	}
}

/**
 * Downloads one result image and hands it to `store` (prepareBinaryData), retrying transient
 * failures. The error names the task and keeps the URL, which stays valid for 24 hours.
 */
export async function downloadResultImage(
	this: IExecuteFunctions,
	url: string,
	maxBytes: number,
	itemIndex: number,
	store: (data: BinaryInput) => Promise<IBinaryData>,
): Promise<IBinaryData> {
	const signal = this.getExecutionCancelSignal?.();
	let attempt: Attempt<IBinaryData> = failed('not attempted', false);
	for (let count = 0; count < DOWNLOAD.attempts; count++) {
		attempt = await fetchOnce(this, url, maxBytes, store);
		if (attempt.ok) return attempt.value;
		if (!attempt.retryable || signal?.aborted) break;
		await abortableSleep(backoffMs(count), signal);
	}
	throw new NodeOperationError(this.getNode(), `Could not download a result image: ${attempt.ok ? '' : attempt.message}`, {
		itemIndex,
		description: `The task succeeded (and is billed); the image is still at its URL for 24 hours: ${url.split('?')[0]}. Use Get Status with the task ID to fetch it again.`,
	});
}
