import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ImageSlot } from '../items';
import { errorItem, imageItems, imageJson, taskJson } from '../items';
import type { TaskStatus } from '../transport';
import { toNodeApiError } from '../transport';
import { BILLING } from './hints';
import type { WaitSettings } from './settings';
import type { WaitTarget } from './targets';

/** One input item's way through the batch: a task waited for, or an error before it existed. */
export interface WaitEntry {
	itemIndex: number;
	target?: WaitTarget;
	error?: unknown;
	/** The task id the item named, when it failed before a task could be waited for. */
	taskId?: string;
	/** JSON every output item of this entry carries (model, submitted request). */
	extra: IDataObject;
}

/** What an entry turned into: output items, and an error that stops the node without Continue On Fail. */
interface EntryResult {
	items: INodeExecutionData[];
	fatal?: unknown;
	failedImages: number;
}

/** "the service throttled the last 12 status queries (Throttling.RateQuota: Requests rate limit exceeded)". */
function throttledText(target: WaitTarget): string | undefined {
	const throttled = target.throttled;
	if (!throttled) return undefined;
	const said = [throttled.code, throttled.message].filter(Boolean).join(': ');
	return `the service throttled the last ${throttled.queries} status ${throttled.queries === 1 ? 'query' : 'queries'}${said ? ` (${said})` : ''}`;
}

function timeoutError(ctx: IExecuteFunctions, target: WaitTarget, settings: WaitSettings) {
	const throttled = throttledText(target);
	const last = target.reported ? `last status ${target.status}` : 'no status read';
	return new NodeOperationError(
		ctx.getNode(),
		`Task ${target.taskId} did not finish within ${settings.maxWaitMs / 1000} s (${throttled ?? last})`,
		{
			itemIndex: target.itemIndex,
			description: `${throttled ? `The account's queries were throttled (it usually clears within a minute; other workflows, workers or tools may share the account's 20 queries per second); ${last}. ` : ''}The task keeps running and is billed if it succeeds. Fetch it later with Get Status and task ID ${target.taskId}, raise Max Wait, or set On Timeout to "Return the Current Status". For very long jobs turn off Wait for Completion and use Wait → Get Status.`,
		},
	);
}

function taskFailure(ctx: IExecuteFunctions, target: WaitTarget) {
	const task = target.task;
	const reasons: Record<string, string> = {
		CANCELED: 'The task was cancelled',
		UNKNOWN:
			'The service does not know this task (wrong id, another account or region, or older than 24 hours)',
	};
	return toNodeApiError(
		ctx.getNode(),
		{
			code: task?.code,
			message: task?.message ?? reasons[target.status] ?? `The task ended ${target.status}`,
			taskId: target.taskId,
			requestId: task?.requestId,
		},
		target.itemIndex,
	);
}

/** Turns one settled entry into items, following Continue On Fail and the output settings. */
export function entryItems(
	ctx: IExecuteFunctions,
	entry: WaitEntry,
	settings: WaitSettings,
	slots: ImageSlot[],
): EntryResult {
	const i = entry.itemIndex;
	const pairedItem = { item: i };
	const continueOnFail = ctx.continueOnFail();
	const failWith = (error: unknown, known: IDataObject = {}): EntryResult =>
		continueOnFail
			? { items: [errorItem(ctx.getNode(), error, i, known)], failedImages: 0 }
			: { items: [], fatal: error, failedImages: 0 };

	const target = entry.target;
	if (entry.error || !target) return failWith(entry.error, { taskId: entry.taskId });
	if (target.error) return failWith(target.error, { taskId: target.taskId });
	if (target.timedOut) {
		if (settings.onTimeout === 'error')
			return failWith(timeoutError(ctx, target, settings), { taskId: target.taskId });
		const known = target.task ?? {
			taskId: target.taskId,
			status: target.status as TaskStatus,
			results: [],
		};
		const json = taskJson(known, entry.extra);
		// A status the service never reported is not passed off as the task's (null: not read).
		const unread = target.reported
			? {}
			: { status: null, done: false, succeeded: false, failed: false };
		const throttled = target.throttled && { throttled: { ...target.throttled } };
		return {
			items: [
				{
					json: { ...json, ...unread, ...throttled, timedOut: true, shouldPoll: true },
					pairedItem,
				},
			],
			failedImages: 0,
		};
	}
	const task = target.task;
	if (!task || target.status !== 'SUCCEEDED')
		return failWith(taskFailure(ctx, target), { taskId: target.taskId });

	const json = taskJson(task, entry.extra);
	// Wan 2.5 reports a failed image as a result with a code; Wan 2.6/2.7 just deliver fewer images.
	const requested = Number((entry.extra.request as IDataObject | undefined)?.n ?? 0);
	const failedImages =
		slots.filter((slot) => !slot.url).length + Math.max(0, requested - slots.length);
	if (!settings.download) return { items: [{ json, pairedItem }], failedImages };
	if (!slots.some((slot) => slot.url)) {
		return failWith(
			toNodeApiError(
				ctx.getNode(),
				{
					code: task.results[0]?.code,
					message: 'Every image of the task failed',
					taskId: task.taskId,
					requestId: task.requestId,
				},
				i,
			),
			{ taskId: task.taskId },
		);
	}
	const broken = slots.find((slot) => slot.downloadError);
	if (broken && !continueOnFail) return { items: [], fatal: broken.downloadError, failedImages };

	const items: INodeExecutionData[] = imageItems(json, slots, settings, false).map((item) => ({
		...item,
		pairedItem,
	}));
	for (const slot of slots) {
		if (slot.downloadError)
			items.push(
				errorItem(ctx.getNode(), slot.downloadError, i, {
					taskId: task.taskId,
					image: imageJson(slot),
				}),
			);
		else if (!slot.url && continueOnFail) {
			const failure = {
				code: slot.code,
				message: slot.message ?? 'failed',
				taskId: task.taskId,
				requestId: task.requestId,
			};
			const error = toNodeApiError(
				ctx.getNode(),
				failure,
				i,
				BILLING.failedImages,
				`Image ${slot.index + 1} of task ${task.taskId} failed: ${slot.code ?? 'error'}`,
			);
			items.push(
				errorItem(ctx.getNode(), error, i, { taskId: task.taskId, image: imageJson(slot) }),
			);
		}
	}
	return { items, failedImages };
}
