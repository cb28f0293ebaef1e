/**
 * Every timing, retry and concurrency knob of the node, in one place, with the values it ships
 * with (the measured figures in docs/benchmarks.md and docs/concurrency.md were taken with these). Code reads them through tuning();
 * tests and benchmarks change some for a while with overrideTuning(), which returns the function
 * that restores them: nothing writes into these objects.
 */
const DEFAULTS = {
	/** Calls to the API (transport/request.ts). */
	retry: {
		queryAttempts: 5,
		createAttempts: 7,
		baseDelayMs: 500,
		maxDelayMs: 15_000,
		maxRetryAfterMs: 60_000,
		timeoutMs: { query: 30_000, create: 120_000, afterStop: 5_000 },
	},
	/**
	 * Result downloads: `timeoutMs` is n8n's idle timeout (no byte for that long); `maxMs` bounds a
	 * whole download, so a host sending a byte a second cannot hold the node.
	 */
	download: { attempts: 4, timeoutMs: 60_000, maxMs: 300_000, concurrency: 4 },
	/** How an account's request budget gives way on throttling and comes back (transport/budget.ts). */
	budget: {
		/**
		 * At most `rate` request starts in any window of this many seconds. Queries: requests reach
		 * the service up to ~100 ms apart from when they started, and the account's published
		 * query limit must hold in every one-second window the service counts. Creates: their
		 * limit is unpublished and a throttled create was not taken (so it is retried, never
		 * billed twice): they use the whole second.
		 */
		windowSeconds: { queries: 1.1, creates: 1.0 },
		/** Several in-flight requests are throttled together: one 429 burst halves the rate once. */
		decreaseEveryMs: 1000,
		/** Without Retry-After, a throttled account pauses this long. */
		pauseMs: 1000,
		/** Additive recovery: this many requests/s more per `recoverEveryMs` without a 429. */
		recoverStep: 0.5,
		recoverEveryMs: 2000,
		minRate: 0.5,
	},
	/** The account's task watcher (watcher/taskWatcher.ts). */
	watch: {
		/** From this many open listable tasks one list request (100 statuses) replaces per-task polls. */
		listThreshold: 5,
		listPageSize: 100,
		maxListPages: 20,
		/** List windows start this long before the oldest task, for clock skew. */
		listWindowMarginMs: 120_000,
		/** A task a sweep keeps missing (list lag) falls back to its own polls. */
		unseenSweepsBeforeFallback: 3,
		pollConcurrency: 4,
		/** Consecutive failed polls (each already retried) before a task is given up as unreadable. */
		maxPollFailures: 3,
		/** After a 429 the task is asked again no sooner than this (the budget paces it anyway). */
		throttledRetryMs: 1000,
		/** More open tasks than a list page: sweeps list finished tasks, and every status this often. */
		fullSweepEveryMs: 5000,
		/** A sweep covering this many tasks runs every `manyTasksSweepMs`. */
		manyTasks: 10,
		manyTasksSweepMs: 1000,
	},
	/**
	 * The event trigger (events/receive.ts): an event's task query, retries included, ends within
	 * this, so EventBridge gets its answer (a refusal it retries) before its own timeout.
	 */
	events: { fetchTimeoutMs: 8_000 },
	/** How often a waiting execution logs its progress, whatever the batch size. */
	progressEveryMs: 10_000,
	/** Creates in flight at once: enough to submit a batch quickly, few enough to avoid 429 storms. */
	createConcurrency: 4,
	/** Runs whose node failed, kept for n8n's Retry On Fail: as long as a task id lives, and bounded. */
	ledger: { keepMs: 24 * 3600 * 1000, maxRuns: 1000 },
};

export type Tuning = typeof DEFAULTS;

/** Part of the tuning: any knob, at any depth. */
export type TuningOverrides = {
	[K in keyof Tuning]?: Tuning[K] extends object ? DeepPartial<Tuning[K]> : Tuning[K];
};
type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

function merged<T>(base: T, overrides: unknown): T {
	if (!overrides || typeof overrides !== 'object' || !base || typeof base !== 'object')
		return (overrides ?? base) as T;
	const out = { ...base } as Record<string, unknown>;
	for (const [key, value] of Object.entries(overrides)) {
		if (value !== undefined) out[key] = merged((base as Record<string, unknown>)[key], value);
	}
	return out as T;
}

let current: Tuning = DEFAULTS;

export function tuning(): Tuning {
	return current;
}

/** Tests and benchmarks: these knobs until the returned function is called. */
export function overrideTuning(overrides: TuningOverrides): () => void {
	const before = current;
	current = merged(current, overrides);
	return () => {
		current = before;
	};
}
