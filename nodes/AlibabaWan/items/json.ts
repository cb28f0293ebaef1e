import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import type { TaskStatus, WanTask } from '../transport';
import { FINAL_STATUSES, failureDetails } from '../transport';

/** Flags that make Wait -> Get Status -> IF loops easy, derived from the status alone. */
export function statusFlags(status: TaskStatus): IDataObject {
	return {
		done: FINAL_STATUSES.has(status),
		succeeded: status === 'SUCCEEDED',
		failed: status === 'FAILED' || status === 'CANCELED' || status === 'UNKNOWN',
		shouldPoll: !FINAL_STATUSES.has(status),
	};
}

/** Drops undefined fields so the output stays readable in n8n's table view. */
export function compact(object: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

/** The one JSON shape of a task, shared by every operation that returns one. No image data. */
export function taskJson(task: WanTask, extra: IDataObject = {}): IDataObject {
	return compact({
		taskId: task.taskId,
		status: task.status,
		...statusFlags(task.status),
		model: extra.model,
		requestId: task.requestId,
		submittedAt: task.submittedAt,
		scheduledAt: task.scheduledAt,
		finishedAt: task.finishedAt,
		imageUrls: task.results.filter((result) => result.url).map((result) => result.url as string),
		results: task.results.map((result) => compact({ ...result })),
		imageCount: task.imageCount,
		metrics: task.metrics && compact({ ...task.metrics }),
		error:
			task.code || task.message ? compact({ code: task.code, message: task.message }) : undefined,
		...extra,
	});
}

/**
 * A Continue On Fail item: the message, what to do, and every id known, never the key.
 * "Continue (using error output)" routes only items whose json is `{ error, message }` (n8n 1.x
 * and 2.x alike), so there the ids travel in the message text instead of fields.
 */
export function errorItem(
	node: INode,
	error: unknown,
	itemIndex: number,
	known: IDataObject = {},
): INodeExecutionData {
	const failure = failureDetails(error) ?? {};
	const { message, description } = error as { message?: string; description?: string };
	const json = compact({
		error: message ?? String(error),
		description: description ?? undefined,
		code: failure.code ?? undefined,
		httpCode: failure.httpCode ?? undefined,
		requestId: failure.requestId ?? undefined,
		...known,
		taskId: failure.taskId ?? known.taskId,
	});
	if (node.onError === 'continueErrorOutput') {
		const ids =
			json.taskId && !String(description ?? '').includes(String(json.taskId))
				? `Task ID: ${json.taskId}.`
				: '';
		return {
			json: { error: json.error, message: [description, ids].filter(Boolean).join(' ') },
			pairedItem: { item: itemIndex },
		};
	}
	return { json, pairedItem: { item: itemIndex } };
}
