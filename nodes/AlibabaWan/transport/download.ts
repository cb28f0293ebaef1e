import type { IBinaryData, IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ImageFormat } from '../helpers/imageHeader';
import { MIME_BY_FORMAT, imageFormat } from '../helpers/imageHeader';
import { deadline } from '../helpers/deadline';
import { abortableSleep } from '../helpers/sleep';
import { tuning } from '../helpers/tuning';
import type { ServiceContext } from './context';
import { cancelSignalOf } from './context';
import { backoffMs } from './outcome';
import { capText } from './redact';

type BinaryInput = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];
/** A response body: a Node Readable, described here because n8n Cloud forbids importing node:stream. */
interface ByteStream extends AsyncIterable<Uint8Array> {
	constructor: { from: (source: AsyncIterable<Buffer>) => BinaryInput };
}
export type StoreImage = (data: BinaryInput) => Promise<IBinaryData>;

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);
// Enough bytes to recognise any of the four formats by its magic bytes.
const SNIFF_BYTES = 16;

type Attempt<T> = { ok: true; value: T } | { ok: false; message: string; retryable: boolean };

const failed = (
	message: string,
	retryable: boolean,
): { ok: false; message: string; retryable: boolean } => ({ ok: false, message, retryable });

function discard(body: unknown): void {
	(body as { destroy?: () => void })?.destroy?.();
}

const capLabel = (maxBytes: number) => `the ${Math.round(maxBytes / 1048576)} MB download cap`;

/**
 * What the storage host said about a refused link: its OSS error document carries a code, a
 * message and a request id (read from at most 4 KB, so a hostile body cannot grow the error).
 */
async function storageRefusal(body: unknown, status: number): Promise<string> {
	let text = '';
	try {
		for await (const chunk of body as AsyncIterable<Uint8Array>) {
			text += Buffer.from(chunk).toString('utf8');
			if (text.length >= 4096) break;
		}
	} catch {
		// the text is a courtesy: the status alone still says what happened
	}
	discard(body);
	const field = (name: string) =>
		capText((new RegExp(`<${name}>([^<]{1,300})</${name}>`).exec(text)?.[1] ?? '').trim(), 300);
	const code = field('Code');
	const message = field('Message');
	const requestId = field('RequestId');
	return [
		`HTTP ${status}`,
		code && `${code}:`,
		message,
		requestId && `(storage request ID ${requestId})`,
	]
		.filter(Boolean)
		.join(' ');
}

/** The URL as errors may show it: without the query, which holds the signature. */
export const unsignedUrl = (url: string) => url.split(/[?#]/)[0];

/**
 * The body as n8n's binary store reads it, checked on the way: it must start like an image,
 * stay under the size cap, and arrive before `endsAt`. A refusal is recorded in `refusal`
 * (the store may wrap the error) and ends the stream at once.
 */
function guarded(
	body: ByteStream,
	maxBytes: number,
	endsAt: number,
	found: { format?: ImageFormat; refusal?: string },
): BinaryInput {
	const refuse = (reason: string): never => {
		found.refusal = reason;
		discard(body);
		throw new Error(reason);
	};
	async function* checked(): AsyncGenerator<Buffer> {
		let head = Buffer.alloc(0);
		let size = 0;
		for await (const chunk of body) {
			const bytes = Buffer.from(chunk);
			size += bytes.length;
			if (size > maxBytes) refuse(`the image is larger than ${capLabel(maxBytes)}`);
			if (Date.now() > endsAt)
				refuse(`the download took longer than ${tuning().download.maxMs / 1000} s`);
			if (found.format) {
				yield bytes;
				continue;
			}
			head = Buffer.concat([head, bytes]);
			if (head.length < SNIFF_BYTES) continue;
			found.format =
				imageFormat(head) ??
				refuse(`the storage host sent something that is not a JPEG, PNG, BMP or WEBP image`);
			yield head;
		}
		if (!found.format) {
			found.format =
				imageFormat(head) ??
				refuse(`the storage host sent ${size} bytes that are not a JPEG, PNG, BMP or WEBP image`);
			yield head;
		}
	}
	// The response stream's own class is a Readable: its static from() makes the checked copy
	// without importing node:stream, which n8n Cloud's rules forbid to community nodes.
	return body.constructor.from(checked());
}

async function fetchOnce(
	ctx: ServiceContext,
	url: string,
	maxBytes: number,
	store: StoreImage,
): Promise<Attempt<IBinaryData>> {
	// The bound also ends a download that stalls entirely (n8n's idle timeout aside), body included.
	const bound = deadline(tuning().download.maxMs, cancelSignalOf(ctx));
	try {
		return await fetchWithin(ctx, url, maxBytes, store, bound.signal);
	} finally {
		bound.clear();
	}
}

async function fetchWithin(
	ctx: ServiceContext,
	url: string,
	maxBytes: number,
	store: StoreImage,
	signal: AbortSignal,
): Promise<Attempt<IBinaryData>> {
	const { maxMs } = tuning().download;
	const endsAt = Date.now() + maxMs;
	const tooSlow = () => Date.now() >= endsAt - 50;
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
			timeout: tuning().download.timeoutMs,
			abortSignal: signal,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		if (tooSlow())
			return failed(
				`the storage host did not answer within ${tuning().download.maxMs / 1000} s`,
				false,
			);
		return failed(
			`the download failed (${capText((error as Error).message, 200)
				.split(url)
				.join(unsignedUrl(url))})`,
			true,
		);
	}
	if (response.statusCode !== 200) {
		const said = await storageRefusal(response.body, response.statusCode);
		return response.statusCode === 403
			? failed(
					`the storage host refused the link (${said}); signed result URLs expire after 24 hours`,
					false,
				)
			: failed(`the storage host answered ${said}`, RETRYABLE.has(response.statusCode));
	}
	const declared = Number(response.headers?.['content-length']);
	if (Number.isFinite(declared) && declared > maxBytes) {
		discard(response.body);
		return failed(
			`the image is ${(declared / 1048576).toFixed(1)} MB, over ${capLabel(maxBytes)}`,
			false,
		);
	}
	const found: { format?: ImageFormat; refusal?: string } = {};
	try {
		// Streamed into n8n's binary store (disk in filesystem mode), checked on the way.
		const stream = guarded(response.body as ByteStream, maxBytes, endsAt, found);
		const stored = await store(stream);
		// The service sends PNG; should it send another format, the binary says which.
		if (found.format && found.format !== 'png') {
			stored.mimeType = MIME_BY_FORMAT[found.format];
			stored.fileExtension = found.format === 'jpeg' ? 'jpg' : found.format;
			stored.fileName = stored.fileName?.replace(/\.png$/, `.${stored.fileExtension}`);
		}
		return { ok: true, value: stored };
	} catch (error) {
		if (found.refusal) return failed(found.refusal, false);
		if (tooSlow())
			return failed(`the download took longer than ${tuning().download.maxMs / 1000} s`, false);
		return failed(`the download broke off (${capText((error as Error).message, 200)})`, true);
	}
}

/**
 * Downloads one result image of task `taskId` and hands it to `store` (prepareBinaryData),
 * retrying transient failures. Errors name the task and keep the URL without its signature.
 */
export async function downloadResultImage(
	this: ServiceContext,
	url: string,
	maxBytes: number,
	itemIndex: number,
	taskId: string,
	store: StoreImage,
): Promise<IBinaryData> {
	const signal = cancelSignalOf(this);
	const failure = (message: string) =>
		new NodeOperationError(
			this.getNode(),
			`Could not download a result image of task ${taskId}: ${message}`,
			{
				itemIndex,
				description: `The task succeeded (and is billed); the image is at its URL for 24 hours: ${capText(unsignedUrl(url), 300)}. Use Get Status with task ID ${taskId} to fetch it again.`,
			},
		);
	// The URL comes from the service: only http(s) is fetched (no file:, data:, ftp: ...).
	const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
	if (scheme !== 'http' && scheme !== 'https') {
		throw failure(
			`the result URL is not an http(s) URL (${scheme ? `scheme "${capText(scheme, 20)}"` : 'no scheme'}), so it was not fetched`,
		);
	}
	let attempt: Attempt<IBinaryData> = failed('not attempted', false);
	for (let count = 0; count < tuning().download.attempts; count++) {
		attempt = await fetchOnce(this, url, maxBytes, store);
		if (attempt.ok) return attempt.value;
		if (!attempt.retryable || signal?.aborted) break;
		await abortableSleep(backoffMs(count), signal);
	}
	throw failure(attempt.ok ? '' : attempt.message);
}
