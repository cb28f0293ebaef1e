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

/** How often a waiting execution logs its progress, whatever the batch size (tests shorten it). */
export const PROGRESS = { everyMs: 10_000 };

const failedTarget = (target: WaitTarget) =>
	target.settled && (target.timedOut === true || target.error !== undefined || target.status !== 'SUCCEEDED');

/** "37/100 tasks done (2 failed), 40 running, 23 queued; 45 s elapsed, about 30 s left". */
export function progressLine(targets: WaitTarget[], elapsedMs: number): string {
	const done = targets.filter((target) => target.settled);
	const open = targets.length - done.length;
	const running = targets.filter((target) => !target.settled && target.status === 'RUNNING').length;
	const failed = done.filter(failedTarget).length;
	const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
	// The rate so far, applied to what is left: rough, but it says whether to wait or to come back.
	const left = done.length && open ? `, about ${seconds((elapsedMs / done.length) * open)} left` : '';
	return `${done.length}/${targets.length} tasks done${failed ? ` (${failed} failed)` : ''}, ${running} running, ${open - running} queued; ${seconds(elapsedMs)} elapsed${left}`;
}

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

	const startedAt = Date.now();
	let nextProgressAt = startedAt + PROGRESS.everyMs;
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
				nextProgressAt = now + PROGRESS.everyMs;
			}
			const nextDeadline = Math.min(...[...waiters.keys()].map((target) => target.since + settings.maxWaitMs));
			await wakeup.wait(Math.min(Math.max(Math.min(nextDeadline, nextProgressAt) - now, 10), 1000), signal);
		}
	} finally {
		for (const waiter of waiters.values()) watcher.remove(waiter);
	}
}
