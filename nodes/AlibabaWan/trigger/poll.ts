import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { forEachBounded } from '../helpers/pool';
import type { Downloader } from '../items';
import { createDownloader, imageItems, taskJson } from '../items';
import type { ListedTask, WanTask } from '../transport';
import { getTask, listAllTasks, toServiceTime } from '../transport';
import type { Cursor } from './cursor';
import { KEEP_MS, advance, readCursor, unfired } from './cursor';
import type { Outcome, TriggerSettings } from './settings';
import { readTriggerSettings } from './settings';

// A day of tasks is at most this many per model: the list is read to its end, never cut.
const LIST_LIMIT = 1_000_000;
// Status queries in flight at once; the account's query budget paces them with every other user.
const FETCH_CONCURRENCY = 4;

/** What a finished task counts as for Fire On: a SUCCEEDED task with a failed image is partial. */
export function outcomeOf(task: Pick<WanTask, 'status' | 'results'>): Outcome | undefined {
	if (task.status === 'SUCCEEDED')
		return task.results.some((result) => !result.url) ? 'partial' : 'succeeded';
	if (task.status === 'FAILED') return 'failed';
	if (task.status === 'CANCELED') return 'canceled';
	return undefined;
}

/** Whether a listed task may fire (the list does not tell partial from succeeded: the query does). */
const listedFires = (settings: TriggerSettings) => (task: ListedTask) => {
	const outcome = outcomeOf({ status: task.status, results: [] });
	return outcome === 'succeeded'
		? settings.outcomes.has('succeeded') || settings.outcomes.has('partial')
		: outcome !== undefined && settings.outcomes.has(outcome);
};

/** Every task of the watched models created at or after `from`, one listing per model. */
async function listSince(
	ctx: IPollFunctions,
	from: number,
	models: string[],
): Promise<ListedTask[]> {
	const listed = new Map<string, ListedTask>();
	for (const model of models.length ? models : [undefined]) {
		for (const task of await listAllTasks.call(
			ctx,
			{ model, startTime: toServiceTime(from) },
			LIST_LIMIT,
			0,
		))
			listed.set(task.taskId, task);
	}
	return [...listed.values()];
}

/** A fired task as items: the Get Status JSON, and its images as binary when downloaded (a failed download still fires, with the reason). */
function taskItems(
	json: IDataObject,
	task: WanTask,
	downloaded: Downloader,
	settings: TriggerSettings,
): INodeExecutionData[] {
	if (!settings.download || task.status !== 'SUCCEEDED') return [{ json }];
	const items = imageItems(json, downloaded.slotsOf(task.taskId), settings, true);
	return items.length ? items : [{ json }];
}

/** Queries each task once, downloads what is asked for, and keeps the tasks whose outcome fires. */
async function fire(
	ctx: IPollFunctions,
	batch: ListedTask[],
	settings: TriggerSettings,
): Promise<INodeExecutionData[]> {
	const tasks: WanTask[] = new Array(batch.length);
	const downloader = createDownloader.call(ctx, settings.download, settings.maxImageBytes);
	await forEachBounded(batch.length, FETCH_CONCURRENCY, async (index) => {
		const task = await getTask.call(ctx, batch[index].taskId, 0);
		tasks[index] = task;
		const outcome = outcomeOf(task);
		if (outcome && settings.outcomes.has(outcome)) downloader.start(task, 0);
	});
	await downloader.finished();
	return tasks.flatMap((task, index) => {
		const outcome = outcomeOf(task);
		if (!outcome || !settings.outcomes.has(outcome)) return [];
		const json = taskJson(task, {
			model: batch[index].model,
			outcome,
			partial: outcome === 'partial',
		});
		return taskItems(json, task, downloader, settings);
	});
}

/** Fetch Test Event: the newest finished task of the last day (or since Created After); the cursor is left alone. */
async function testEvent(
	this: IPollFunctions,
	settings: TriggerSettings,
): Promise<INodeExecutionData[][]> {
	const from = Math.max(settings.createdAfter ?? 0, Date.now() - KEEP_MS);
	const cursor: Cursor = { from, fired: {}, startedFrom: '' };
	const newest = unfired(
		cursor,
		await listSince(this, from, settings.models),
		listedFires(settings),
	).reverse();
	for (const task of newest) {
		const items = await fire(this, [task], settings);
		if (items.length) return [items];
	}
	throw new NodeOperationError(this.getNode(), 'No finished task to show', {
		description: `No task of ${settings.models.join(', ') || 'any model'} finished in the states of Fire On during the last 24 hours. Submit one with the Alibaba Wan node (Wait for Completion off), then fetch again.`,
	});
}

/** One poll: fires every task that finished since the last one, at most Max Tasks per Poll. */
export async function pollFinishedTasks(
	this: IPollFunctions,
): Promise<INodeExecutionData[][] | null> {
	const settings = readTriggerSettings(this);
	if (this.getMode() === 'manual') return await testEvent.call(this, settings);

	const staticData = this.getWorkflowStaticData('node');
	const cursor = readCursor(staticData, settings.createdAfter, Date.now());
	const listed = await listSince(this, cursor.from, settings.models);
	const fires = listedFires(settings);
	const batch = unfired(cursor, listed, fires).slice(0, settings.maxTasks);
	const items = await fire(this, batch, settings);
	// Saved only now that every task of the batch was read: a failed poll fires nothing and loses nothing.
	staticData.cursor = advance(cursor, listed, batch, fires, Date.now());
	return items.length ? [items] : null;
}
