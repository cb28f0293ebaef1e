/**
 * Waiting for tasks: the run's settings, its targets, the client of the account's task watcher,
 * and what a settled batch turns into (items, hints, the error naming every task).
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError, mentionTasks } from '../helpers/nodeError';
import { createDownloader } from '../items';
import { cancelTask } from '../transport';
import { addHints, runHints } from './hints';
import type { WaitEntry } from './results';
import { entryItems } from './results';
import type { WaitSettings } from './settings';
import type { WaitTarget } from './targets';
import { watchTasks } from './watch';

export type { WaitEntry } from './results';
export { SUBMIT_ONLY_HINT, addHints } from './hints';
export type { WaitSettings } from './settings';
export { WAIT_LIMITS, readWaitSettings } from './settings';
export type { WaitTarget } from './targets';
export { newTarget, progressLine } from './targets';

/** Best effort after a stop: PENDING tasks are cancelled so they are never billed. */
async function cancelPending(ctx: IExecuteFunctions, targets: WaitTarget[]): Promise<void> {
	await Promise.all(
		targets
			.filter((target) => !target.settled && target.status === 'PENDING')
			.map(async (target) => {
				try {
					await cancelTask.call(ctx, target.taskId, target.itemIndex, { afterStop: true });
					target.status = 'CANCELED';
				} catch (error) {
					ctx.logger.warn(
						`Alibaba Wan: could not cancel task ${target.taskId} after the stop: ${(error as Error).message}`,
					);
				}
			}),
	);
}

/**
 * Waits for every task of the batch through the account's watcher, downloads results as they arrive, and
 * returns the output items in input order. Without Continue On Fail the first failure stops the
 * node once the batch has settled, and its description lists every task of the run.
 */
export async function waitForTasks(
	this: IExecuteFunctions,
	entries: WaitEntry[],
	settings: WaitSettings,
	listable: boolean,
): Promise<INodeExecutionData[]> {
	const targets = entries.flatMap((entry) => (entry.target ? [entry.target] : []));
	const downloads = createDownloader.call(this, settings.download, settings.maxImageBytes);
	const { stopped } = await watchTasks.call(this, targets, settings, listable, (target) => {
		if (target.task) downloads.start(target.task, target.itemIndex);
	});
	if (stopped) {
		if (settings.cancelOnStop) await cancelPending(this, targets);
		throw mentionTasks(
			new NodeOperationError(
				this.getNode(),
				'The workflow was stopped while waiting for the tasks',
				{
					description: settings.cancelOnStop ? 'Tasks that had not started were cancelled.' : '',
				},
			),
			targets,
		);
	}
	await downloads.finished();

	const output: INodeExecutionData[] = [];
	let fatal: unknown;
	let failedImages = 0;
	for (const entry of entries) {
		const result = entryItems(
			this,
			entry,
			settings,
			entry.target ? downloads.slotsOf(entry.target.taskId) : [],
		);
		output.push(...result.items);
		fatal = fatal ?? result.fatal;
		failedImages += result.failedImages;
	}
	if (fatal) throw mentionTasks(asNodeError(this.getNode(), fatal), targets);
	addHints(this, runHints(targets, settings, failedImages));
	return output;
}
