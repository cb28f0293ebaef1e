import type { IDataObject } from 'n8n-workflow';

import { capText } from './redact';

export type TaskStatus = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELED' | 'UNKNOWN';

export const FINAL_STATUSES: ReadonlySet<string> = new Set([
	'SUCCEEDED',
	'FAILED',
	'CANCELED',
	'UNKNOWN',
]);

/** One result slot: a URL, or (partial failure) the code and message of the image that failed. */
export interface TaskResult {
	index: number;
	url?: string;
	origPrompt?: string;
	actualPrompt?: string;
	code?: string;
	message?: string;
}

/** The service's task, with times in ISO UTC (it sends Beijing time). */
export interface WanTask {
	taskId: string;
	status: TaskStatus;
	requestId?: string;
	submittedAt?: string;
	scheduledAt?: string;
	finishedAt?: string;
	code?: string;
	message?: string;
	results: TaskResult[];
	metrics?: { total?: number; succeeded?: number; failed?: number };
	imageCount?: number;
}

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** "2024-03-01 17:38:24.817" (UTC+8) -> "2024-03-01T09:38:24.817Z"; anything else is kept as given. */
export function beijingToIso(value: unknown): string | undefined {
	if (typeof value !== 'string' || !value) return undefined;
	const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/.exec(
		value.trim(),
	);
	if (!match) return value;
	const [, y, mo, d, h, mi, s, ms = '0'] = match;
	const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Number(ms.padEnd(3, '0'))) - BEIJING_OFFSET_MS;
	return new Date(utc).toISOString();
}

const pad = (value: number) => String(value).padStart(2, '0');

/** Epoch milliseconds -> the list filter's YYYYMMDDhhmmss, in Beijing time like every service time. */
export function toServiceTime(ms: number): string {
	const beijing = new Date(ms + BEIJING_OFFSET_MS);
	return `${beijing.getUTCFullYear()}${pad(beijing.getUTCMonth() + 1)}${pad(beijing.getUTCDate())}${pad(beijing.getUTCHours())}${pad(beijing.getUTCMinutes())}${pad(beijing.getUTCSeconds())}`;
}

/** Epoch milliseconds (list items) -> ISO UTC. */
export function epochToIso(value: unknown): string | undefined {
	const ms = typeof value === 'number' ? value : Number(value);
	return value === undefined || value === null || !Number.isFinite(ms)
		? undefined
		: new Date(ms).toISOString();
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The service's own words (code, message): capped, they end up in outputs and error messages. */
function said(value: unknown, max?: number): string | undefined {
	const given = text(value);
	return given === undefined ? undefined : capText(given, max);
}

function count(value: unknown): number | undefined {
	return typeof value === 'number' ? value : undefined;
}

/** An object of the answer, or an empty one: a hostile answer may put anything anywhere. */
const objectOf = (value: unknown): IDataObject =>
	value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
const objectsOf = (value: unknown): IDataObject[] =>
	Array.isArray(value) ? value.map(objectOf) : [];

/**
 * Result slots in either shape: Wan 2.5's output.results[] ({url} or {code, message}), or
 * Wan 2.6/2.7's output.choices[].message.content[] whose parts with an image are the results
 * (one choice per image; text parts, if any, are not images).
 */
function resultsOf(output: IDataObject): TaskResult[] {
	if (output.choices === undefined) {
		return objectsOf(output.results).map((result, index) => ({
			index,
			url: text(result.url),
			origPrompt: text(result.orig_prompt),
			actualPrompt: text(result.actual_prompt),
			code: said(result.code, 100),
			message: said(result.message),
		}));
	}
	const parts = objectsOf(output.choices).flatMap((choice) =>
		objectsOf(objectOf(choice.message).content),
	);
	return parts
		.filter((part) => text(part.image))
		.map((part, index) => ({ index, url: text(part.image) }));
}

export function parseTask(body: IDataObject, fallbackTaskId: string): WanTask {
	const output = objectOf(body.output);
	const metrics = output.task_metrics === undefined ? undefined : objectOf(output.task_metrics);
	const usage = objectOf(body.usage);
	return {
		taskId: text(output.task_id) ?? fallbackTaskId,
		status: (text(output.task_status) ?? 'UNKNOWN') as TaskStatus,
		requestId: text(body.request_id),
		submittedAt: beijingToIso(output.submit_time),
		scheduledAt: beijingToIso(output.scheduled_time),
		finishedAt: beijingToIso(output.end_time),
		code: said(output.code, 100),
		message: said(output.message),
		results: resultsOf(output),
		metrics: metrics && {
			total: count(metrics.TOTAL),
			succeeded: count(metrics.SUCCEEDED),
			failed: count(metrics.FAILED),
		},
		imageCount: count(usage.image_count),
	};
}

export interface ListedTask {
	taskId: string;
	status: TaskStatus;
	model?: string;
	region?: string;
	requestId?: string;
	createdAt?: string;
	startedAt?: string;
	finishedAt?: string;
}

export interface TaskPage {
	requestId?: string;
	/** The service's clock when it answered this page. */
	serverTime?: number;
	total: number;
	totalPages: number;
	pageNo: number;
	pageSize: number;
	tasks: ListedTask[];
}

export function parseTaskPage(body: IDataObject): TaskPage {
	const data = objectsOf(body.data);
	return {
		requestId: text(body.request_id),
		total: count(body.total) ?? data.length,
		totalPages: count(body.total_page) ?? 1,
		pageNo: count(body.page_no) ?? 1,
		pageSize: count(body.page_size) ?? data.length,
		tasks: data.map((item) => ({
			taskId: String(item.task_id ?? ''),
			status: (text(item.status) ?? 'UNKNOWN') as TaskStatus,
			model: text(item.model_name),
			region: text(item.region),
			requestId: text(item.request_id),
			createdAt: epochToIso(item.gmt_create),
			startedAt: epochToIso(item.start_time),
			finishedAt: epochToIso(item.end_time),
		})),
	};
}
