import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Downloader, OutputSettings } from '../items';
import { imageItems, taskJson } from '../items';
import type { WanTask } from '../transport';
import { requestedImages } from '../transport';

export const OUTCOMES = ['succeeded', 'partial', 'failed', 'canceled'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** One trigger node of one workflow: what its in-process state (turns, fired records) is kept by. */
export const triggerKey = (ctx: {
	getWorkflow(): { id?: string | null };
	getNode(): { id: string };
}): string => `${ctx.getWorkflow().id ?? ''}|${ctx.getNode().id}`;

/**
 * What a finished task counts as for Fire On: a SUCCEEDED task with a failed image (Wan 2.5), or
 * with fewer images than it asked for (Wan 2.6/2.7, when this process created it), is partial.
 */
export function outcomeOf(
	task: Pick<WanTask, 'status' | 'results'> & { taskId?: string },
): Outcome | undefined {
	if (task.status === 'SUCCEEDED') {
		const asked = task.taskId ? requestedImages(task.taskId) : undefined;
		const fewer = asked !== undefined && task.results.length < asked;
		return fewer || task.results.some((result) => !result.url) ? 'partial' : 'succeeded';
	}
	if (task.status === 'FAILED') return 'failed';
	if (task.status === 'CANCELED') return 'canceled';
	return undefined;
}

/**
 * Whether a task whose status alone is known (a listing, an event) may fire: only the query tells
 * partial from succeeded, so a SUCCEEDED status may fire when either is wanted.
 */
export function statusMayFire(status: string, outcomes: ReadonlySet<Outcome>): boolean {
	const outcome = outcomeOf({ status: status as WanTask['status'], results: [] });
	return outcome === 'succeeded'
		? outcomes.has('succeeded') || outcomes.has('partial')
		: outcome !== undefined && outcomes.has(outcome);
}

/**
 * A fired task as items: the Get Status JSON with its model and outcome, and its images as binary
 * when downloaded (a failed download still fires, with the reason).
 */
export function finishedItems(
	task: WanTask,
	model: string | undefined,
	outcome: Outcome,
	downloaded: Downloader,
	settings: OutputSettings,
): INodeExecutionData[] {
	const json: IDataObject = taskJson(task, { model, outcome, partial: outcome === 'partial' });
	if (!settings.download || task.status !== 'SUCCEEDED') return [{ json }];
	const items = imageItems(json, downloaded.slotsOf(task.taskId), settings, true);
	return items.length ? items : [{ json }];
}
