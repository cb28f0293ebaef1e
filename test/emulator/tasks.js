'use strict';

// Tasks and their life: PENDING -> RUNNING -> SUCCEEDED | FAILED, CANCELED from PENDING, UNKNOWN
// once expired. Nothing ticks: every state is computed from timestamps when asked, so thousands
// of tasks cost no timers. A concurrency quota (maxConcurrentTasks per account) is a FIFO
// schedule fixed at create time and recomputed only when a cancel or a config change frees slots.
const crypto = require('crypto');
const { STATUS, TASK_FAILURES, ALL_IMAGES_FAILED_CODE, LIST } = require('./facts');

const SWEEP_EVERY_MS = 10000;

class Task {
	constructor(store, fields) {
		Object.defineProperty(this, 'store', { value: store, enumerable: false });
		Object.assign(this, fields);
	}

	/** Status right now (for assertions: emu.tasks.get(id).status). */
	get status() {
		return this.store.statusAt(this, Date.now());
	}
}

function failureMessage(code) {
	return TASK_FAILURES[code] || TASK_FAILURES.generic(code);
}

class TaskStore {
	constructor(options, rng, inputs) {
		this.options = options; // live object: config changes apply to new tasks (TTLs apply at once)
		this.rng = rng;
		this.inputs = inputs;
		this.tasks = new Map();
		this.byAccount = new Map(); // account -> tasks in creation order
		this.active = new Map(); // account -> tasks that may still hold or wait for a slot
		this.lastSweep = 0;
	}

	/** Latency of a new task: directive, else latencyMs +- uniform spread (seeded). */
	latencyFor(directiveMs) {
		if (directiveMs !== null && directiveMs !== undefined) return Math.round(directiveMs);
		const { latencyMs, spreadMs } = this.options;
		const spread = spreadMs > 0 ? (this.rng() * 2 - 1) * spreadMs : 0;
		return Math.max(0, Math.round(latencyMs + spread));
	}

	create(spec, loaded, ctx, now) {
		this.sweep(now);
		const latency = this.latencyFor(spec.directives.latencyMs);
		// Pending is capped below the latency so every task has a RUNNING phase when latency > 0.
		const pendingMs = Math.min(this.options.pendingMs, Math.max(0, latency - 1));
		const failed = spec.directives.partial.filter((i) => i < spec.n);
		let fail = null;
		if (spec.directives.fail)
			fail = { code: spec.directives.fail, message: failureMessage(spec.directives.fail) };
		else if (failed.length === spec.n)
			fail = { code: ALL_IMAGES_FAILED_CODE, message: failureMessage(ALL_IMAGES_FAILED_CODE) };
		const task = new Task(this, {
			id: crypto.randomUUID(),
			region: ctx.region,
			account: ctx.account,
			keyId: ctx.keyId,
			workspace: ctx.workspace,
			requestId: ctx.requestId,
			model: spec.model,
			// How answers show the results: output.results (Wan 2.5) or output.choices (Wan 2.6/2.7).
			shape: spec.modelFacts.kind === 'messages' ? 'choices' : 'results',
			tokens: spec.modelFacts.tokens === true,
			boxes: spec.boxes ?? null,
			received: spec.received ?? null,
			fn: spec.fn,
			createdAt: now,
			earliestStart: now + pendingMs,
			runMs: latency - pendingMs,
			startAt: now + pendingMs,
			endAt: now + latency,
			canceledAt: null,
			n: spec.n,
			width: spec.width,
			height: spec.height,
			prompt: spec.prompt,
			actualPrompt:
				spec.promptExtend && spec.modelFacts.kind !== 'messages'
					? `${spec.prompt} (extended by the emulator: keep the composition, natural light, fine detail)`
					: null,
			negativePrompt: spec.negativePrompt,
			seed: spec.seed,
			promptExtend: spec.promptExtend,
			watermark: spec.watermark,
			inputs: loaded.images,
			extraInputs: loaded.extra,
			fail,
			failedIndexes: fail ? [] : failed,
		});
		const active = this.activeOf(task.account, now);
		this.place(task, active, now);
		active.push(task);
		this.tasks.set(task.id, task);
		if (!this.byAccount.has(task.account)) this.byAccount.set(task.account, []);
		this.byAccount.get(task.account).push(task);
		return task;
	}

	/** Tasks of an account still running or waiting (finished ones can no longer block a slot). */
	activeOf(account, now) {
		const list = (this.active.get(account) || []).filter(
			(t) => t.canceledAt === null && t.endAt > now,
		);
		this.active.set(account, list);
		return list;
	}

	/** FIFO slot assignment: start once fewer than `max` earlier tasks are running and all earlier ones started. */
	place(task, earlier, floor) {
		let start = Math.max(task.earliestStart, floor);
		const max = this.options.maxConcurrentTasks;
		if (max && earlier.length) {
			let latestStart = -Infinity;
			const ends = [];
			for (const t of earlier) {
				latestStart = Math.max(latestStart, t.startAt);
				ends.push(t.endAt);
			}
			start = Math.max(start, latestStart);
			if (ends.length >= max) {
				ends.sort((a, b) => b - a);
				start = Math.max(start, ends[max - 1]);
			}
		}
		task.startAt = start;
		task.endAt = start + task.runMs;
	}

	/** After a cancel or a quota change: tasks not yet started are placed again in creation order. */
	reschedule(account, now) {
		const active = this.activeOf(account, now);
		const placed = active.filter((t) => t.startAt <= now);
		for (const t of active.filter((t) => t.startAt > now)) {
			this.place(t, placed, now);
			placed.push(t);
		}
	}

	rescheduleAll(now) {
		for (const account of this.active.keys()) this.reschedule(account, now);
	}

	statusAt(task, now) {
		if (now >= task.createdAt + this.options.taskTtlMs) return STATUS.UNKNOWN;
		if (task.canceledAt !== null) return STATUS.CANCELED;
		if (now < task.startAt) return STATUS.PENDING;
		if (now < task.endAt) return STATUS.RUNNING;
		return task.fail ? STATUS.FAILED : STATUS.SUCCEEDED;
	}

	/** The task as the caller's account sees it: undefined for unknown, foreign or expired ids. */
	visible(id, account, now) {
		const task = this.tasks.get(id);
		if (!task || task.account !== account || this.statusAt(task, now) === STATUS.UNKNOWN)
			return undefined;
		return task;
	}

	/** true when the task was PENDING and is now CANCELED. */
	cancel(task, now) {
		if (this.statusAt(task, now) !== STATUS.PENDING) return false;
		task.canceledAt = now;
		this.reschedule(task.account, now);
		return true;
	}

	/** Visible tasks of an account, newest first (LIST.newestFirst). */
	listOf(account, now) {
		const all = this.byAccount.get(account) || [];
		const out = [];
		for (let i = all.length - 1; i >= 0; i--)
			if (this.statusAt(all[i], now) !== STATUS.UNKNOWN) out.push(all[i]);
		return LIST.newestFirst ? out : out.reverse();
	}

	/** Forgets tasks whose id and result URLs have both expired, and their input bytes. */
	sweep(now) {
		if (now - this.lastSweep < SWEEP_EVERY_MS) return;
		this.lastSweep = now;
		const { taskTtlMs, resultUrlTtlMs } = this.options;
		for (const [id, task] of this.tasks) {
			// One second of slack so a URL's whole-second Expires always outlives its task record.
			if (now < task.createdAt + taskTtlMs || now < task.endAt + resultUrlTtlMs + 1000) continue;
			this.tasks.delete(id);
			for (const img of task.inputs.concat(task.extraInputs)) this.inputs.release(img.hash);
			const list = this.byAccount.get(task.account);
			const at = list.indexOf(task);
			if (at >= 0) list.splice(at, 1);
		}
	}

	reset() {
		this.tasks.clear();
		this.byAccount.clear();
		this.active.clear();
		this.inputs.clear();
	}
}

module.exports = { TaskStore, Task };
