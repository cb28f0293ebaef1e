import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { cancelTask } from '../../transport';
import { asNodeError, mentionTasks } from '../nodeError';
import { createDownloader } from './downloads';
import { addHints, runHints } from './hints';
import type { WaitTarget } from '../../watcher';
import { watchTasks } from '../../watcher';
import type { WaitEntry } from './results';
import { entryItems } from './results';
import type { WaitSettings } from './settings';

export type { WaitEntry } from './results';
export { newTarget } from '../../watcher';
export { addHints, SUBMIT_ONLY_HINT } from './hints';
export { readWaitSettings } from './settings';
export type { WaitSettings } from './settings';

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
					ctx.logger.warn(`Alibaba Wan: could not cancel task ${target.taskId} after the stop: ${(error as Error).message}`);
				}
			}),
	);
}

/**
 * Waits for every task of the batch in one poll loop, downloads results as they arrive, and
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
	const { stopped } = await watchTasks.call(this, targets, {
		maxWaitMs: settings.maxWaitMs,
		intervalMs: settings.intervalMs,
		listable,
		onSettled: downloads.start,
	});
	if (stopped) {
		if (settings.cancelOnStop) await cancelPending(this, targets);
		throw mentionTasks(
			new NodeOperationError(this.getNode(), 'The workflow was stopped while waiting for the tasks', {
				description: settings.cancelOnStop ? 'Tasks that had not started were cancelled.' : '',
			}),
			targets,
		);
	}
	await downloads.finished();

	const output: INodeExecutionData[] = [];
	let fatal: unknown;
	let failedImages = 0;
	for (const entry of entries) {
		const result = entryItems(this, entry, settings, entry.target ? downloads.slotsOf(entry.target.taskId) : []);
		output.push(...result.items);
		fatal = fatal ?? result.fatal;
		failedImages += result.failedImages;
	}
	if (fatal) throw mentionTasks(asNodeError(this.getNode(), fatal), targets);
	addHints(this, runHints(targets, settings, failedImages));
	return output;
}
