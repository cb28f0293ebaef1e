/**
 * Waiting for tasks: the run's settings, its targets, the client of the account's task watcher,
 * and what a settled batch turns into (items, hints, the error naming every task).
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asNodeError, mentionTasks } from '../helpers/nodeError';
import { createDownloader } from '../items';
import { cancelSignalOf, cancelTask, resolveEndpoint } from '../transport';
import { addHints, runHints } from './hints';
import type { WaitEntry } from './results';
import { entryItems } from './results';
import type { WaitSettings } from './settings';
import type { WaitTarget } from './targets';
import { asReported } from './targets';
import { openWatch } from './watch';

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

/** A batch's wait, open while its tasks are still being created (see openBatch). */
export interface BatchWait {
	/** A task just created (or resumed) joins the wait at once. */
	add(target: WaitTarget): void;
	/** Every target added so far. */
	readonly targets: WaitTarget[];
	/**
	 * Creating failed or was stopped: the waiters are taken back and, after a stop, the PENDING
	 * tasks cancelled (Cancel Pending Tasks on Stop). The caller throws, naming every task.
	 */
	abandon(): Promise<void>;
	/**
	 * Every task has been added: waits for the rest, then returns the output items in input order.
	 * Without Continue On Fail the first failure stops the node once the batch has settled, and its
	 * description lists every task of the run.
	 */
	finish(entries: WaitEntry[]): Promise<INodeExecutionData[]>;
}

/**
 * Opens the wait of a batch: tasks are watched from the moment they are added and their images
 * downloaded as they finish, while the run may still be creating the others.
 */
export function openBatch(
	this: IExecuteFunctions,
	settings: WaitSettings,
	listable: boolean,
): BatchWait {
	const accountOf = async (itemIndex: number) =>
		(await resolveEndpoint.call(this, itemIndex)).account;
	const downloads = createDownloader.call(this, settings.download, settings.maxImageBytes);
	const watch = openWatch.call(this, accountOf, settings, listable, (target) => {
		if (target.task) downloads.start(target.task, target.itemIndex);
	});
	const stopped = () => cancelSignalOf(this)?.aborted === true;
	return {
		add: watch.add,
		targets: watch.targets,
		abandon: async () => {
			watch.abandon();
			await watch.ended;
			if (stopped() && settings.cancelOnStop) await cancelPending(this, watch.targets);
		},
		finish: async (entries) => {
			watch.close();
			if ((await watch.ended).stopped) {
				if (settings.cancelOnStop) await cancelPending(this, watch.targets);
				throw mentionTasks(
					new NodeOperationError(
						this.getNode(),
						'The workflow was stopped while waiting for the tasks',
						{
							description: settings.cancelOnStop
								? 'Tasks that had not started were cancelled.'
								: '',
						},
					),
					asReported(watch.targets),
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
			if (fatal) throw mentionTasks(asNodeError(this.getNode(), fatal), asReported(watch.targets));
			addHints(this, runHints(watch.targets, settings, failedImages));
			return output;
		},
	};
}

/** Waits for tasks known up front (Get Status): the batch wait, every task added at once. */
export async function waitForTasks(
	this: IExecuteFunctions,
	entries: WaitEntry[],
	settings: WaitSettings,
	listable: boolean,
): Promise<INodeExecutionData[]> {
	const batch = openBatch.call(this, settings, listable);
	for (const entry of entries) if (entry.target) batch.add(entry.target);
	return await batch.finish(entries);
}
