import type { IExecuteFunctions } from 'n8n-workflow';

import { Wakeup } from '../helpers/wakeup';
import type { WanTask } from '../transport';
import { reissueFor, resolveEndpoint } from '../transport';
import type { Waiter } from './taskWatcher';
import { autoIntervalMs, watcherFor } from './taskWatcher';

export { WATCH_TUNING, activeWatchers, autoIntervalMs } from './taskWatcher';

/** One task a run waits for, and what became of it. */
export interface WaitTarget {
	itemIndex: number;
	taskId: string;
	/** When this run started waiting for it (created it, or was asked about it): Max Wait counts from here. */
	since: number;
	/** Its first status query is due then (Get Status asks at once: the task may be long finished). */
	firstPollAt: number;
	status: string;
	task?: WanTask;
	settled: boolean;
	timedOut?: boolean;
	/** Its status could not be read, for good: the error carries the task id. */
	error?: unknown;
	/** Created by an earlier try of this run: maybe too old for this run's list window. */
	resumed?: boolean;
}

export interface WatchSettings {
	maxWaitMs: number;
	intervalMs?: number;
	/** The tasks were created by this run, so a list window can cover them all. */
	listable: boolean;
	onSettled?: (target: WaitTarget) => void;
}

export const PROGRESS_EVERY_MS = 10_000;

export function newTarget(itemIndex: number, taskId: string, status = 'PENDING', now = Date.now()): WaitTarget {
	return { itemIndex, taskId, since: now, firstPollAt: now + autoIntervalMs(0), status, settled: false };
}

/**
 * Waits for the run's tasks through the account's shared watcher: this execution only keeps its
 * own Max Wait and its stop, and takes its waiters back on either without disturbing the others.
 * Returns whether the execution was stopped.
 */
export async function watchTasks(
	this: IExecuteFunctions,
	targets: WaitTarget[],
	settings: WatchSettings,
): Promise<{ stopped: boolean }> {
	const open = targets.filter((target) => !target.settled);
	if (!open.length) return { stopped: false };
	const signal = this.getExecutionCancelSignal?.();
	const { account } = await resolveEndpoint.call(this, open[0].itemIndex);
	const watcher = watcherFor(account);
	const wakeup = new Wakeup();
	const waiters = new Map<WaitTarget, Waiter>();

	const settle = (target: WaitTarget) => {
		target.settled = true;
		waiters.delete(target);
		settings.onSettled?.(target);
		wakeup.notify();
	};
	for (const target of open) {
		const waiter: Waiter = {
			taskId: target.taskId,
			itemIndex: target.itemIndex,
			since: target.since,
			firstPollAt: target.firstPollAt,
			listable: settings.listable && !target.resumed,
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

	let nextProgressAt = Date.now() + PROGRESS_EVERY_MS;
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
				this.logger.info(`Alibaba Wan: ${targets.length - waiters.size} of ${targets.length} tasks done`);
				nextProgressAt = now + PROGRESS_EVERY_MS;
			}
			const nextDeadline = Math.min(...[...waiters.keys()].map((target) => target.since + settings.maxWaitMs));
			await wakeup.wait(Math.min(Math.max(nextDeadline - now, 10), 1000), signal);
		}
	} finally {
		for (const waiter of waiters.values()) watcher.remove(waiter);
	}
}
