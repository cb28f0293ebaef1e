/**
 * The only code that speaks HTTP to DashScope: task calls (create, get, cancel, list) on top of
 * one request function that applies the credential's region, the account's budgets, the retry
 * rules and redaction; result downloads; the task's parsed shape.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ServiceContext } from './context';
import type { ApiCall } from './request';
import { callDashScope } from './request';
import { rememberRequested } from './requested';
import type { ListedTask, TaskPage, WanTask } from './task';
import { parseTask, parseTaskPage } from './task';

export { downloadResultImage } from './download';
export { failureDetails, reissueFor, toNodeApiError } from './errors';
export type { ServiceContext } from './context';
export { cancelSignalOf, withCancelSignal } from './context';
export { isThrottling } from './outcome';
export type { Account } from './account';
export { regionLabel, resolveEndpoint } from './regions';
export { requestedImages } from './requested';
export type { RegionKey } from './regionTable';
export { REGIONS } from './regionTable';
export * from './task';

/**
 * The two create routes of the Wan image-editing family (both asynchronous: X-DashScope-Async).
 * Which model takes which is decided by the model table (create/models.ts).
 */
export const CREATE_PATHS = {
	synthesis: '/services/aigc/image2image/image-synthesis',
	messages: '/services/aigc/image-generation/generation',
} as const;
export type ModelApi = keyof typeof CREATE_PATHS;
// Real ids are UUIDs; anything outside this set could rewrite the URL path.
const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** Whether a value is shaped like a task id (nothing that could rewrite a URL path). */
export const isTaskId = (value: unknown): boolean =>
	typeof value === 'string' && TASK_ID.test(value);

/** Validates a task id before it becomes part of a URL path. */
export function assertTaskId(this: ServiceContext, taskId: unknown, itemIndex: number): string {
	const id = typeof taskId === 'string' ? taskId.trim() : String(taskId ?? '');
	if (!isTaskId(id)) {
		throw new NodeOperationError(
			this.getNode(),
			`Task ID "${id.slice(0, 80)}" is not a valid DashScope task id`,
			{
				itemIndex,
				description:
					'A task id has only letters, digits, "-" and "_", e.g. 0385dc79-5ff8-4d82-bcb6-2c1b1bc2bd5a. Map the taskId field of an earlier Edit or Fuse output.',
			},
		);
	}
	return id;
}

export interface CreatedTask {
	taskId: string;
	status: string;
	requestId?: string;
}

export type AttemptHooks = Pick<ApiCall, 'afterStop' | 'onThrottled'>;

export async function createTask(
	this: ServiceContext,
	api: ModelApi,
	body: IDataObject,
	itemIndex: number,
	hooks: AttemptHooks = {},
): Promise<CreatedTask> {
	const answer = await callDashScope.call(this, {
		method: 'POST',
		path: CREATE_PATHS[api],
		body,
		itemIndex,
		paid: true,
		...hooks,
	});
	const task = parseTask(answer.body, '');
	if (!task.taskId) {
		throw new NodeOperationError(
			this.getNode(),
			'DashScope accepted the request but returned no task id',
			{
				itemIndex,
				description: `Look for the task with the List Tasks operation before running again. Request ID: ${answer.requestId ?? 'none'}`,
			},
		);
	}
	rememberRequested(task.taskId, (body.parameters as IDataObject | undefined)?.n);
	return { taskId: task.taskId, status: task.status, requestId: answer.requestId };
}

export async function getTask(
	this: ServiceContext,
	taskId: string,
	itemIndex: number,
	hooks: AttemptHooks = {},
): Promise<WanTask> {
	const id = assertTaskId.call(this, taskId, itemIndex);
	const answer = await callDashScope.call(this, {
		method: 'GET',
		path: `/tasks/${id}`,
		itemIndex,
		taskId: id,
		...hooks,
	});
	return parseTask(answer.body, id);
}

export async function cancelTask(
	this: ServiceContext,
	taskId: string,
	itemIndex: number,
	hooks: AttemptHooks = {},
): Promise<{ requestId?: string }> {
	const id = assertTaskId.call(this, taskId, itemIndex);
	const answer = await callDashScope.call(this, {
		method: 'POST',
		path: `/tasks/${id}/cancel`,
		itemIndex,
		taskId: id,
		...hooks,
	});
	return { requestId: answer.requestId };
}

export interface ListFilters {
	status?: string;
	model?: string;
	/** Service format YYYYMMDDhhmmss. */
	startTime?: string;
	endTime?: string;
	pageNo: number;
	pageSize: number;
}

export async function listTasks(
	this: ServiceContext,
	filters: ListFilters,
	itemIndex: number,
	hooks: AttemptHooks = {},
): Promise<TaskPage> {
	const qs: IDataObject = { page_no: filters.pageNo, page_size: filters.pageSize };
	if (filters.status) qs.status = filters.status;
	if (filters.model) qs.model_name = filters.model;
	if (filters.startTime) qs.start_time = filters.startTime;
	if (filters.endTime) qs.end_time = filters.endTime;
	const answer = await callDashScope.call(this, {
		method: 'GET',
		path: '/tasks',
		qs,
		itemIndex,
		...hooks,
	});
	return { ...parseTaskPage(answer.body), serverTime: answer.serverTime };
}

// UNCERTAIN in the facts document: the service's largest page; 100 is assumed.
export const MAX_PAGE_SIZE = 100;

/**
 * Up to `limit` tasks, page after page. The list is newest first: a task created while paging
 * pushes older ones onto later pages, so one may be seen twice (kept once) but none is skipped.
 */
export async function listAllTasks(
	this: ServiceContext,
	filters: Omit<ListFilters, 'pageNo' | 'pageSize'>,
	limit: number,
	itemIndex: number,
): Promise<TaskListing> {
	const tasks = new Map<string, ListedTask>();
	let serverTime: number | undefined;
	for (let pageNo = 1; tasks.size < limit; pageNo++) {
		const pageSize = Math.min(MAX_PAGE_SIZE, limit - tasks.size);
		const page = await listTasks.call(this, { ...filters, pageNo, pageSize }, itemIndex);
		serverTime ??= page.serverTime;
		for (const task of page.tasks)
			if (tasks.size < limit && !tasks.has(task.taskId)) tasks.set(task.taskId, task);
		if (page.tasks.length < pageSize || pageNo >= page.totalPages) break;
	}
	return { tasks: [...tasks.values()], serverTime };
}

/** Tasks listed page after page, and the service's clock when the first page was answered. */
export interface TaskListing {
	tasks: ListedTask[];
	serverTime?: number;
}
