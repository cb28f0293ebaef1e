import type { IExecuteFunctions } from 'n8n-workflow';

import { tuning } from '../helpers/tuning';
import { Wakeup } from '../helpers/wakeup';
import type { Account } from '../transport';
import { cancelSignalOf, reissueFor } from '../transport';
import type { Waiter } from '../watcher';
import { watcherFor } from '../watcher';
import type { WaitSettings } from './settings';
import type { WaitTarget } from './targets';
import { progressLine } from './targets';

/** A run's wait through the account's watcher, open to new tasks until closed. */
export interface Watch {
	/** Hands one more task to the watcher (a create just returned): it is watched from now on. */
	add(target: WaitTarget): void;
	/** No task will be added any more: `ended` resolves once every added one has settled. */
	close(): void;
	/** Takes every waiter back at once (the run failed before its tasks could be waited for). */
	abandon(): void;
	/** Every target added so far, in the order added. */
	readonly targets: WaitTarget[];
	/** Whether the execution was stopped while waiting. */
	readonly ended: Promise<{ stopped: boolean }>;
}

/**
 * Waits for the run's tasks through the account's shared watcher: this execution only keeps its
 * own Max Wait and its stop, and takes its waiters back on either without disturbing the others.
 * Tasks join while the run is still creating others, so waiting starts with the first create.
 */
export function openWatch(
	this: IExecuteFunctions,
	/** The account, asked for when the first task joins (a run without tasks needs none). */
	accountOf: (itemIndex: number) => Promise<Account>,
	settings: Pick<WaitSettings, 'maxWaitMs' | 'intervalMs'>,
	/** The tasks are created by this run, so a list window can cover them all. */
	listable: boolean,
	onSettled: (target: WaitTarget) => void,
): Watch {
	const signal = cancelSignalOf(this);
	let watcher: ReturnType<typeof watcherFor> | undefined;
	let joining: Promise<void> | undefined;
	let failure: { error: unknown } | undefined;
	const wakeup = new Wakeup();
	const waiters = new Map<WaitTarget, Waiter>();
	const targets: WaitTarget[] = [];
	let closed = false;
	let abandoned = false;

	const settle = (target: WaitTarget) => {
		target.settled = true;
		waiters.delete(target);
		onSettled(target);
		wakeup.notify();
	};
	const add = (target: WaitTarget) => {
		targets.push(target);
		if (target.settled || abandoned) return;
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
				target.reported = true;
				target.throttled = undefined;
				target.task = task ?? target.task;
			},
			onThrottled: ({ code, message }) => {
				target.throttled = { queries: (target.throttled?.queries ?? 0) + 1, code, message };
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
		if (watcher) watcher.add(waiter);
		// The first task: the account's watcher is found, then every waiter so far joins it.
		joining ??= accountOf(target.itemIndex).then(
			(account) => {
				watcher = watcherFor(account);
				for (const queued of waiters.values()) watcher.add(queued);
			},
			(error: unknown) => {
				failure = { error };
				wakeup.notify();
			},
		);
		wakeup.notify();
	};
	const takeBack = () => {
		for (const waiter of waiters.values()) watcher?.remove(waiter);
		waiters.clear();
	};

	const loop = async (): Promise<{ stopped: boolean }> => {
		const startedAt = Date.now();
		let nextProgressAt = startedAt + tuning().progressEveryMs;
		try {
			for (;;) {
				if (signal?.aborted) return { stopped: true };
				if (abandoned) return { stopped: false };
				if (failure) throw failure.error;
				const now = Date.now();
				for (const [target, waiter] of waiters) {
					if (now - target.since < settings.maxWaitMs) continue;
					watcher?.remove(waiter);
					target.timedOut = true;
					settle(target);
				}
				if (closed && !waiters.size) return { stopped: false };
				if (now >= nextProgressAt && targets.length) {
					this.logger.info(`Alibaba Wan: ${progressLine(targets, now - startedAt)}`);
					nextProgressAt = now + tuning().progressEveryMs;
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
			takeBack();
		}
	};
	const ended = loop();

	return {
		add,
		close: () => {
			closed = true;
			wakeup.notify();
		},
		abandon: () => {
			abandoned = true;
			takeBack();
			wakeup.notify();
		},
		targets,
		ended,
	};
}
