import type { Logger } from 'n8n-workflow';

import type { Clock } from '../helpers/clock';
import { realClock } from '../helpers/clock';
import { forEachBounded } from '../helpers/pool';
import { tuning } from '../helpers/tuning';
import { Wakeup } from '../helpers/wakeup';
import type { Account, ServiceContext, WanTask } from '../transport';
import {
	FINAL_STATUSES,
	failureDetails,
	getTask,
	isThrottling,
	listTasks,
	toServiceTime,
	withCancelSignal,
} from '../transport';

/** Fast while a result is likely soon (detection within a second), then toward the service's 5 s advice. */
export function autoIntervalMs(ageMs: number): number {
	if (ageMs < 12_000) return 750;
	if (ageMs < 20_000) return 1000;
	if (ageMs < 45_000) return 2000;
	if (ageMs < 90_000) return 3000;
	return 5000;
}

/** How a wait ended for one task, as the watcher saw it. */
export interface WatchOutcome {
	task?: WanTask;
	/** Its status could not be read, for good. */
	error?: unknown;
}

/** One execution waiting for one task. */
export interface Waiter {
	taskId: string;
	itemIndex: number;
	/** When that execution started waiting: the task's age for the poll schedule and list window. */
	since: number;
	firstPollAt: number;
	/** Created by that run, so a list window from `since` covers it. */
	listable: boolean;
	/** A fixed poll interval the user chose; undefined: automatic. */
	intervalMs?: number;
	/** The waiting execution's context: the watcher's requests borrow it (with the watcher's own signal). */
	ctx: ServiceContext;
	onStatus: (status: string, task?: WanTask) => void;
	/** A query about this task was throttled (429 or a Throttling code): what the service said. */
	onThrottled?: (answer: { code?: string; message?: string }) => void;
	onSettled: (outcome: WatchOutcome) => void;
}

/** One task id the watcher looks after, for every execution that waits for it. */
interface Watched {
	taskId: string;
	waiters: Set<Waiter>;
	nextPollAt: number;
	/** A list sweep saw it final: one GET fetches its results. */
	listedFinal: boolean;
	unseenSweeps: number;
	failures: number;
}

function isClientError(error: unknown): boolean {
	const httpCode = Number(failureDetails(error)?.httpCode);
	return httpCode >= 400 && httpCode < 500 && httpCode !== 429;
}

/** Hooks that tell every waiter of these tasks of each throttled answer to a query serving them. */
const throttledHooks = (watched: Iterable<Watched>) => ({
	onThrottled: (answer: { code?: string; message?: string }) => {
		for (const one of watched) for (const waiter of one.waiters) waiter.onThrottled?.(answer);
	},
});

const first = <T>(values: Iterable<T>): T | undefined => {
	for (const value of values) return value;
	return undefined;
};

/**
 * The one task watcher of an account in this process. Every execution that waits hands it its
 * task ids; it finds finished tasks with list sweeps (many tasks) or polls (few), fetches each
 * finished task once, and resolves every waiter of it. All its requests pass the account's query
 * budget in the transport, so executions that overlap never add up past it. It runs while anyone
 * waits and stops when the last waiter leaves.
 */
export class TaskWatcher {
	private readonly watched = new Map<string, Watched>();

	private readonly wakeup: Wakeup;

	private running = false;

	private life = new AbortController();

	private nextSweepAt = 0;

	private sweepPages = 1;

	/** When the last sweep of every status ran (big batches sweep finished tasks in between). */
	private lastFullSweepAt = -Infinity;

	/** Requests made, for tests and the benchmark. */
	readonly stats = { polls: 0, sweeps: 0, listPages: 0, throttled: 0 };

	constructor(
		readonly account: Account,
		private readonly onIdle: (watcher: TaskWatcher) => void,
		private readonly clock: Clock = realClock,
	) {
		this.wakeup = new Wakeup(clock);
	}

	get size(): number {
		return this.watched.size;
	}

	add(waiter: Waiter): void {
		let watched = this.watched.get(waiter.taskId);
		if (!watched) {
			watched = {
				taskId: waiter.taskId,
				waiters: new Set(),
				nextPollAt: waiter.firstPollAt,
				listedFinal: false,
				unseenSweeps: 0,
				failures: 0,
			};
			this.watched.set(waiter.taskId, watched);
		}
		watched.waiters.add(waiter);
		watched.nextPollAt = Math.min(watched.nextPollAt, waiter.firstPollAt);
		this.start();
		this.wakeup.notify();
	}

	/** A waiter leaves (its execution stopped or its Max Wait passed); the others are not disturbed. */
	remove(waiter: Waiter): void {
		const watched = this.watched.get(waiter.taskId);
		if (!watched?.waiters.delete(waiter)) return;
		if (watched.waiters.size) return;
		this.watched.delete(waiter.taskId);
		if (!this.watched.size) {
			// Nobody waits: requests in flight are abandoned.
			this.life.abort();
			this.wakeup.notify();
		}
	}

	private start(): void {
		if (this.running) return;
		this.running = true;
		void this.loop().finally(() => {
			this.running = false;
			if (this.watched.size) this.start();
			else this.onIdle(this);
		});
	}

	private get logger(): Logger | undefined {
		return first(first(this.watched.values())?.waiters ?? [])?.ctx.logger;
	}

	private async loop(): Promise<void> {
		while (this.watched.size) {
			if (this.life.signal.aborted) this.life = new AbortController();
			try {
				await this.step();
			} catch (error) {
				// Never an unhandled rejection: the waiters keep their own deadlines meanwhile.
				this.logger?.warn(
					`Alibaba Wan: the task watcher hit an error and goes on: ${(error as Error).message}`,
				);
				await this.clock.sleep(1000, this.life.signal);
			}
		}
	}

	/** A waiter's context, with the watcher's signal instead of its execution's. */
	private lease(watched?: Watched): { ctx: ServiceContext; itemIndex: number } | undefined {
		const waiter =
			first(watched?.waiters ?? []) ?? first(first(this.watched.values())?.waiters ?? []);
		return (
			waiter && { ctx: withCancelSignal(waiter.ctx, this.life.signal), itemIndex: waiter.itemIndex }
		);
	}

	private listable(watched: Watched): boolean {
		for (const waiter of watched.waiters) if (!waiter.listable) return false;
		return true;
	}

	private intervalOf(watched: Watched, now: number): number {
		let interval = Infinity;
		for (const waiter of watched.waiters)
			interval = Math.min(interval, waiter.intervalMs ?? autoIntervalMs(now - waiter.since));
		return interval;
	}

	private settle(watched: Watched, outcome: WatchOutcome): void {
		if (this.watched.get(watched.taskId) !== watched) return;
		this.watched.delete(watched.taskId);
		for (const waiter of watched.waiters) waiter.onSettled(outcome);
	}

	private async step(): Promise<void> {
		const listable = [...this.watched.values()].filter((watched) => this.listable(watched));
		const listing = listable.length >= tuning().watch.listThreshold;
		// While finished tasks wait for their GET the budget is busy: a sweep would only delay them.
		const fetching = listable.some((watched) => watched.listedFinal);
		if (listing && !fetching && this.clock.now() >= this.nextSweepAt) {
			await this.sweep(listable);
			this.nextSweepAt = this.clock.now() + this.sweepIntervalMs(listable);
		}
		const alone = (watched: Watched) =>
			!listing ||
			!this.listable(watched) ||
			watched.unseenSweeps >= tuning().watch.unseenSweepsBeforeFallback;
		const open = [...this.watched.values()];
		const due = open.filter(
			(watched) =>
				watched.listedFinal || (watched.nextPollAt <= this.clock.now() && alone(watched)),
		);
		if (due.length) {
			await forEachBounded(
				due.length,
				tuning().watch.pollConcurrency,
				async (index) => await this.poll(due[index]),
			);
			return;
		}
		const wakeAt = Math.min(
			listing ? this.nextSweepAt : Infinity,
			...open.filter(alone).map((watched) => watched.nextPollAt),
		);
		await this.wakeup.wait(
			Math.min(Math.max(wakeAt - this.clock.now(), 10), 1000),
			this.life.signal,
		);
	}

	// One sweep serves every task, so for a few tasks it runs more often than a task's own polls, and
	// for many once a second; a sweep of many pages takes at most half the budget: the rest fetches
	// finished tasks.
	private sweepIntervalMs(listable: Watched[]): number {
		const now = this.clock.now();
		let interval = Infinity;
		for (const watched of listable) {
			for (const waiter of watched.waiters) {
				const age = now - waiter.since;
				interval = Math.min(
					interval,
					waiter.intervalMs ?? autoIntervalMs(age) / (age < 12_000 ? 1.5 : 1),
				);
			}
		}
		if (listable.length >= tuning().watch.manyTasks) {
			// Many tasks: a sweep a second finds them all; sweeping more often would take the queries
			// that the finished tasks' fetches need (unless the user set a shorter Poll Interval).
			let chosen = Infinity;
			for (const watched of listable)
				for (const waiter of watched.waiters)
					chosen = Math.min(chosen, waiter.intervalMs ?? Infinity);
			interval = Math.min(chosen, tuning().watch.manyTasksSweepMs);
		}
		return Math.max(interval, (this.sweepPages * 2000) / this.account.queries.rate);
	}

	/**
	 * One list request serves every task. A batch larger than a page mostly sweeps only the tasks
	 * that SUCCEEDED (a page or so, where all its open tasks would be many pages, each costing a
	 * query a finished task's fetch could use); every `fullSweepEveryMs` a sweep of every status
	 * also catches failures and cancels, and the statuses a stop needs.
	 */
	private async sweep(listable: Watched[]): Promise<void> {
		const lease = this.lease();
		if (!lease) return;
		const { listPageSize, maxListPages, listWindowMarginMs, fullSweepEveryMs } = tuning().watch;
		const byId = new Map(listable.map((watched) => [watched.taskId, watched]));
		const seen = new Set<string>();
		let since = Infinity;
		for (const watched of listable)
			for (const waiter of watched.waiters) since = Math.min(since, waiter.since);
		const startTime = toServiceTime(since - listWindowMarginMs);
		const full =
			listable.length <= listPageSize ||
			this.clock.now() - this.lastFullSweepAt >= fullSweepEveryMs;
		if (full) this.lastFullSweepAt = this.clock.now();
		const status = full ? undefined : 'SUCCEEDED';
		this.stats.sweeps++;
		try {
			for (let pageNo = 1; pageNo <= maxListPages && (!full || seen.size < byId.size); pageNo++) {
				const page = await listTasks.call(
					lease.ctx,
					{ startTime, status, pageNo, pageSize: listPageSize },
					lease.itemIndex,
					throttledHooks(listable),
				);
				this.stats.listPages++;
				for (const listed of page.tasks) {
					const watched = byId.get(listed.taskId);
					if (!watched) continue;
					seen.add(listed.taskId);
					watched.unseenSweeps = 0;
					if (FINAL_STATUSES.has(listed.status)) watched.listedFinal = true;
					else for (const waiter of watched.waiters) waiter.onStatus(listed.status);
				}
				if (full) this.sweepPages = pageNo;
				if (page.tasks.length < listPageSize || pageNo >= page.totalPages) break;
			}
		} catch (error) {
			if (this.life.signal.aborted) return;
			// Throttled: the next sweep comes after the budget's pause; anything else: poll one by one.
			if (isThrottling(error)) {
				this.stats.throttled++;
				return;
			}
			this.logger?.warn(
				`Alibaba Wan: listing tasks failed, polling them one by one (${(error as Error).message})`,
			);
			for (const watched of listable)
				watched.unseenSweeps = tuning().watch.unseenSweepsBeforeFallback;
			return;
		}
		// Only a sweep of every status can miss a task (list lag): the others list finished ones.
		if (full) for (const watched of listable) if (!seen.has(watched.taskId)) watched.unseenSweeps++;
	}

	private async poll(watched: Watched): Promise<void> {
		const lease = this.lease(watched);
		if (!lease || this.watched.get(watched.taskId) !== watched) return;
		try {
			const task = await getTask.call(
				lease.ctx,
				watched.taskId,
				lease.itemIndex,
				throttledHooks([watched]),
			);
			this.stats.polls++;
			watched.failures = 0;
			watched.listedFinal = false;
			if (FINAL_STATUSES.has(task.status)) return this.settle(watched, { task });
			for (const waiter of watched.waiters) waiter.onStatus(task.status, task);
		} catch (error) {
			if (this.life.signal.aborted) return;
			if (isThrottling(error)) {
				// Never fatal: only Max Wait, the task's own end or a stop ends a wait.
				this.stats.throttled++;
				watched.nextPollAt = this.clock.now() + tuning().watch.throttledRetryMs;
				return;
			}
			watched.failures++;
			if (isClientError(error) || watched.failures >= tuning().watch.maxPollFailures)
				return this.settle(watched, { error });
		}
		watched.nextPollAt = this.clock.now() + this.intervalOf(watched, this.clock.now());
	}
}

const watchers = new Map<string, TaskWatcher>();

/** The account's watcher in this process, created on first use and dropped when idle. */
export function watcherFor(account: Account): TaskWatcher {
	let watcher = watchers.get(account.key);
	if (!watcher) {
		watcher = new TaskWatcher(account, (idle) => {
			if (watchers.get(account.key) === idle && !idle.size) watchers.delete(account.key);
		});
		watchers.set(account.key, watcher);
	}
	return watcher;
}

/** Watchers alive now (tests and diagnostics). */
export function activeWatchers(): ReadonlyMap<string, TaskWatcher> {
	return watchers;
}
