import type { IExecuteFunctions } from 'n8n-workflow';

import { Wakeup } from '../helpers/wakeup';
import { cancelSignalOf, reissueFor, resolveEndpoint } from '../transport';
import type { Waiter } from '../watcher';
import { watcherFor } from '../watcher';
import type { WaitSettings } from './settings';
import type { WaitTarget } from './targets';
import { progressEveryMs, progressLine } from './targets';

/**
 * Waits for the run's tasks through the account's shared watcher: this execution only keeps its
 * own Max Wait and its stop, and takes its waiters back on either without disturbing the others.
 * Returns whether the execution was stopped.
 */
export async function watchTasks(
	this: IExecuteFunctions,
	targets: WaitTarget[],
	settings: Pick<WaitSettings, 'maxWaitMs' | 'intervalMs'>,
	/** The tasks were created by this run, so a list window can cover them all. */
	listable: boolean,
	onSettled: (target: WaitTarget) => void,
): Promise<{ stopped: boolean }> {
	const open = targets.filter((target) => !target.settled);
	if (!open.length) return { stopped: false };
	const signal = cancelSignalOf(this);
	const { account } = await resolveEndpoint.call(this, open[0].itemIndex);
	const watcher = watcherFor(account);
	const wakeup = new Wakeup();
	const waiters = new Map<WaitTarget, Waiter>();

	const settle = (target: WaitTarget) => {
		target.settled = true;
		waiters.delete(target);
		onSettled(target);
		wakeup.notify();
	};
	for (const target of open) {
		const waiter: Waiter = {
			taskId: target.taskId,
			itemIndex: target.itemIndex,
			since: target.since,
			firstPollAt: target.firstPollAt,
			listable: listable && !target.resumed,
			intervalMs: settings.intervalMs,
			ctx: this,
			onStatus: (status, task) => {
				target.status = status;
				target.task = task ?? target.task;
			},
			onSettled: ({ task, error }) => {
				if (task) {
					target.task = task;
					target.status = task.status;
				} else {
					target.error = reissueFor(this.getNode(), error, target.itemIndex);
				}
				settle(target);
			},
		};
		waiters.set(target, waiter);
		watcher.add(waiter);
	}

	const startedAt = Date.now();
	let nextProgressAt = startedAt + progressEveryMs();
	try {
		for (;;) {
			if (signal?.aborted) return { stopped: true };
			const now = Date.now();
			for (const [target, waiter] of waiters) {
				if (now - target.since < settings.maxWaitMs) continue;
				watcher.remove(waiter);
				target.timedOut = true;
				settle(target);
			}
			if (!waiters.size) return { stopped: false };
			if (now >= nextProgressAt) {
				this.logger.info(`Alibaba Wan: ${progressLine(targets, now - startedAt)}`);
				nextProgressAt = now + progressEveryMs();
			}
			const nextDeadline = Math.min(
				...[...waiters.keys()].map((target) => target.since + settings.maxWaitMs),
			);
			await wakeup.wait(
				Math.min(Math.max(Math.min(nextDeadline, nextProgressAt) - now, 10), 1000),
				signal,
			);
		}
	} finally {
		for (const waiter of waiters.values()) watcher.remove(waiter);
	}
}
