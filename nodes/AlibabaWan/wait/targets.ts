import type { WanTask } from '../transport';
import { autoIntervalMs } from '../watcher';

/** One task a run waits for, and what became of it. */
export interface WaitTarget {
	itemIndex: number;
	taskId: string;
	/** When this run started waiting for it (created it, or was asked about it): Max Wait counts from here. */
	since: number;
	/** Its first status query is due then (Get Status asks at once: the task may be long finished). */
	firstPollAt: number;
	status: string;
	/** Whether the service reported `status` (Get Status starts from a placeholder). */
	reported: boolean;
	/** The status queries throttled since the service last reported a status, and its words. */
	throttled?: { queries: number; code?: string; message?: string };
	task?: WanTask;
	settled: boolean;
	timedOut?: boolean;
	/** Its status could not be read, for good: the error carries the task id. */
	error?: unknown;
	/** Created by an earlier try of this run: maybe too old for this run's list window. */
	resumed?: boolean;
}

/** A task just created (asked about first after the usual interval) or, with `askNow`, one that may be long finished. */
export function newTarget(
	itemIndex: number,
	taskId: string,
	status = 'PENDING',
	askNow = false,
	now = Date.now(),
): WaitTarget {
	return {
		itemIndex,
		taskId,
		since: now,
		firstPollAt: askNow ? now : now + autoIntervalMs(0),
		status,
		reported: status !== 'UNKNOWN',
		settled: false,
	};
}

const failedTarget = (target: WaitTarget) =>
	target.settled &&
	(target.timedOut === true || target.error !== undefined || target.status !== 'SUCCEEDED');

/** "37/100 tasks done (2 failed), 40 running, 23 queued; 45 s elapsed, about 30 s left". */
export function progressLine(targets: WaitTarget[], elapsedMs: number): string {
	const done = targets.filter((target) => target.settled);
	const open = targets.length - done.length;
	const running = targets.filter((target) => !target.settled && target.status === 'RUNNING').length;
	const failed = done.filter(failedTarget).length;
	const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
	// The rate so far, applied to what is left: rough, but it says whether to wait or to come back.
	const left =
		done.length && open ? `, about ${seconds((elapsedMs / done.length) * open)} left` : '';
	return `${done.length}/${targets.length} tasks done${failed ? ` (${failed} failed)` : ''}, ${running} running, ${open - running} queued; ${seconds(elapsedMs)} elapsed${left}`;
}

/** The targets as an error lists them: a status only where the service reported one. */
export const asReported = (targets: WaitTarget[]) =>
	targets.map(({ taskId, itemIndex, status, reported }) => ({
		taskId,
		itemIndex,
		status: reported ? status : undefined,
	}));
