import type { IExecuteFunctions } from 'n8n-workflow';

import type { AttemptHooks, WanTask } from '../../transport';
import { FINAL_STATUSES, failureDetails, getTask, listTasks, toServiceTime } from '../../transport';
import { forEachBounded } from '../pool';
import { abortableSleep } from '../sleep';
import { RateGate } from './rateGate';

/** One task the batch waits for. */
export interface WaitTarget {
	itemIndex: number;
	taskId: string;
	/** When this run started waiting for it (created it, or was asked about it). */
	since: number;
	status: string;
	task?: WanTask;
	settled: boolean;
	timedOut?: boolean;
	/** Its status could not be read, for good: the error carries the task id. */
	error?: unknown;
	polls: number;
	failures: number;
	nextPollAt: number;
	/** A list sweep saw it final: one GET fetches its results. */
	listedFinal: boolean;
	unseenSweeps: number;
}

export interface PollSettings {
	maxWaitMs: number;
	intervalMs?: number;
	ratePerSecond: number;
	/** The tasks were created by this run, so a list window can cover them all. */
	listable: boolean;
	onSettled?: (target: WaitTarget) => void;
}

/** Tuning, exported for the benchmark: measured figures are in the README. */
export const WAIT_TUNING = {
	/** From this many open tasks one list request (100 statuses) replaces per-task polls. */
	listThreshold: 5,
	listPageSize: 100,
	maxListPages: 20,
	/** List windows start this long before the first task, for clock skew. */
	listWindowMarginMs: 120_000,
	/** A task a sweep keeps missing (list lag) falls back to its own polls. */
	unseenSweepsBeforeFallback: 3,
	pollConcurrency: 4,
	/** Consecutive failed polls (each already retried) before a task is given up as unreadable. */
	maxPollFailures: 3,
	progressEveryMs: 10_000,
};

export function newTarget(itemIndex: number, taskId: string, status = 'PENDING', now = Date.now()): WaitTarget {
	return { itemIndex, taskId, since: now, status, settled: false, polls: 0, failures: 0, nextPollAt: now + autoIntervalMs(0), listedFinal: false, unseenSweeps: 0 };
}

/** Fast while a result is likely soon (detection within a second), then toward the service's 5 s advice. */
export function autoIntervalMs(ageMs: number): number {
	if (ageMs < 12_000) return 750;
	if (ageMs < 20_000) return 1000;
	if (ageMs < 45_000) return 2000;
	if (ageMs < 90_000) return 3000;
	return 5000;
}

function isClientError(error: unknown): boolean {
	const httpCode = Number(failureDetails(error)?.httpCode);
	return httpCode >= 400 && httpCode < 500 && httpCode !== 429;
}

/**
 * One loop for every task of the run: polls due tasks (or sweeps the task list for big batches)
 * under one request-rate cap, settles each task when it is final, timed out or unreadable, and
 * returns early when the execution is stopped. Returns whether it was stopped.
 */
export async function pollUntilSettled(
	this: IExecuteFunctions,
	targets: WaitTarget[],
	settings: PollSettings,
): Promise<{ stopped: boolean }> {
	const signal = this.getExecutionCancelSignal?.();
	const gate = new RateGate(settings.ratePerSecond, signal);
	const hooks: AttemptHooks = { beforeAttempt: async () => await gate.acquire() };
	const interval = (ageMs: number) => settings.intervalMs ?? autoIntervalMs(ageMs);
	const start = Date.now();
	let nextSweepAt = start + interval(0);
	let nextProgressAt = start + WAIT_TUNING.progressEveryMs;

	const settle = (target: WaitTarget) => {
		target.settled = true;
		settings.onSettled?.(target);
	};

	const pollOne = async (target: WaitTarget) => {
		try {
			const task = await getTask.call(this, target.taskId, target.itemIndex, hooks);
			target.task = task;
			target.status = task.status;
			target.polls++;
			target.failures = 0;
			target.listedFinal = false;
			if (FINAL_STATUSES.has(task.status)) return settle(target);
		} catch (error) {
			if (signal?.aborted) return;
			target.failures++;
			if (isClientError(error) || target.failures >= WAIT_TUNING.maxPollFailures) {
				target.error = error;
				return settle(target);
			}
		}
		target.nextPollAt = Date.now() + interval(Date.now() - target.since);
	};

	let sweepPages = 1;
	// One sweep serves the whole batch, so early on it can run twice as often as a task's own polls;
	// a sweep of many pages takes at most half the rate cap: the rest fetches finished tasks.
	const sweepIntervalMs = (ageMs: number) =>
		Math.max(settings.intervalMs ?? autoIntervalMs(ageMs) / (ageMs < 12_000 ? 1.5 : 1), (sweepPages * 2000) / settings.ratePerSecond);

	const sweep = async (open: WaitTarget[]) => {
		const byId = new Map(open.map((target) => [target.taskId, target]));
		const seen = new Set<string>();
		const since = Math.min(...open.map((target) => target.since)) - WAIT_TUNING.listWindowMarginMs;
		for (let pageNo = 1; pageNo <= WAIT_TUNING.maxListPages && seen.size < byId.size; pageNo++) {
			const page = await listTasks.call(this, { startTime: toServiceTime(since), pageNo, pageSize: WAIT_TUNING.listPageSize }, open[0].itemIndex, hooks);
			for (const listed of page.tasks) {
				const target = byId.get(listed.taskId);
				if (!target) continue;
				seen.add(listed.taskId);
				target.unseenSweeps = 0;
				if (FINAL_STATUSES.has(listed.status)) target.listedFinal = true;
				else target.status = listed.status;
			}
			sweepPages = pageNo;
			if (page.tasks.length < WAIT_TUNING.listPageSize || pageNo >= page.totalPages) break;
		}
		for (const target of open) if (!seen.has(target.taskId)) target.unseenSweeps++;
	};

	for (;;) {
		if (signal?.aborted) return { stopped: true };
		const now = Date.now();
		for (const target of targets) {
			if (!target.settled && now - target.since >= settings.maxWaitMs) {
				target.timedOut = true;
				settle(target);
			}
		}
		const open = targets.filter((target) => !target.settled);
		if (!open.length) return { stopped: false };
		if (now >= nextProgressAt) {
			this.logger.info(`Alibaba Wan: ${targets.length - open.length} of ${targets.length} tasks done`);
			nextProgressAt = now + WAIT_TUNING.progressEveryMs;
		}

		const listing = settings.listable && open.length >= WAIT_TUNING.listThreshold;
		if (listing && now >= nextSweepAt) {
			try {
				await sweep(open);
			} catch (error) {
				if (signal?.aborted) return { stopped: true };
				this.logger.warn(`Alibaba Wan: listing tasks failed, polling them one by one (${(error as Error).message})`);
				for (const target of open) target.unseenSweeps = WAIT_TUNING.unseenSweepsBeforeFallback;
			}
			nextSweepAt = Date.now() + sweepIntervalMs(Date.now() - start);
		}
		const due = open.filter(
			(target) =>
				target.listedFinal ||
				(target.nextPollAt <= Date.now() && (!listing || target.unseenSweeps >= WAIT_TUNING.unseenSweepsBeforeFallback)),
		);
		if (due.length) {
			await forEachBounded(due.length, WAIT_TUNING.pollConcurrency, async (index) => await pollOne(due[index]));
			continue;
		}
		const wakeAt = Math.min(
			...(listing ? [nextSweepAt] : []),
			...open.filter((target) => !listing || target.unseenSweeps >= WAIT_TUNING.unseenSweepsBeforeFallback).map((target) => target.nextPollAt),
			...open.map((target) => target.since + settings.maxWaitMs),
		);
		await abortableSleep(Math.min(Math.max(wakeAt - Date.now(), 10), 1000), signal);
	}
}
