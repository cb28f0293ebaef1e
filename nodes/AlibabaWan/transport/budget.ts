import { abortableSleep } from '../helpers/sleep';

/** How a budget gives way on throttling and comes back. Exported for tests and the benchmark. */
export const BUDGET_TUNING = {
	/**
	 * At most `rate` request starts in any window of this many seconds (not just one second):
	 * requests reach the service up to ~100 ms apart from when they started, and the cap must hold
	 * in every one-second window the service counts, for each process on the account.
	 */
	windowSeconds: 1.1,
	/** Several in-flight requests are throttled together: one 429 burst halves the rate once. */
	decreaseEveryMs: 1000,
	/** Without Retry-After, a throttled account pauses this long. */
	pauseMs: 1000,
	/** Additive recovery: this many requests/s more per `recoverEveryMs` without a 429. */
	recoverStep: 0.5,
	recoverEveryMs: 2000,
	minRate: 0.5,
};

/**
 * The pace of one kind of request for one account in this process: at most `rate` request starts
 * in any 1.1 s, and no two closer than half the even spacing (no bursts). A 429 halves the rate and pauses the account (Retry-After when the
 * service gives one); the rate then climbs back slowly toward the configured ceiling. Two processes
 * on one account thus settle under the service's limit without talking to each other (AIMD).
 */
export class RateBudget {
	private nextSlot = 0;

	/** Start times of the latest requests, oldest first (at most `ceiling` of them matter). */
	private readonly starts: number[] = [];

	private lastDecreaseAt = -Infinity;

	private lastChangeAt = 0;

	private rateNow: number;

	throttledCount = 0;

	constructor(private ceiling: number) {
		this.rateNow = ceiling;
	}

	/** The ceiling follows the credential: an edited budget applies without a restart. */
	setCeiling(ceiling: number): void {
		if (ceiling === this.ceiling) return;
		// Unthrottled, the new ceiling applies at once; throttled, the rate keeps recovering toward it.
		if (this.rate >= this.ceiling) this.rateNow = ceiling;
		this.ceiling = ceiling;
		this.rateNow = Math.min(this.rateNow, ceiling);
	}

	/** Requests per second allowed now (after recovery since the last 429). */
	get rate(): number {
		const now = Date.now();
		const steps = Math.floor((now - this.lastChangeAt) / BUDGET_TUNING.recoverEveryMs);
		if (steps > 0 && this.rateNow < this.ceiling) {
			this.rateNow = Math.min(this.ceiling, this.rateNow + steps * BUDGET_TUNING.recoverStep);
			this.lastChangeAt += steps * BUDGET_TUNING.recoverEveryMs;
		} else if (steps > 0) {
			this.lastChangeAt = now;
		}
		return this.rateNow;
	}

	/** When the next request may start: spacing, the window, and any pause after a 429. */
	private nextStartAt(now: number): number {
		const rate = this.rate;
		// A whole number of requests per window; below 1/s the window widens instead.
		const perWindow = Math.max(1, Math.floor(rate));
		const windowMs = (1000 * BUDGET_TUNING.windowSeconds * Math.max(1, perWindow / rate));
		while (this.starts.length > perWindow) this.starts.shift();
		const windowFree = this.starts.length < perWindow ? now : this.starts[0] + windowMs;
		return Math.max(this.nextSlot, windowFree);
	}

	/** Waits for this request's slot; returns false when `signal` aborted first. */
	async acquire(signal?: AbortSignal): Promise<boolean> {
		for (;;) {
			if (signal?.aborted) return false;
			const now = Date.now();
			const at = this.nextStartAt(now);
			if (now >= at) {
				this.starts.push(now);
				this.nextSlot = now + 500 / this.rate;
				return true;
			}
			if (await abortableSleep(Math.min(at - now, 1000), signal)) return false;
		}
	}

	/** The service answered 429: slow down, and pause at least `retryAfterMs`. */
	throttled(retryAfterMs?: number): void {
		const now = Date.now();
		this.throttledCount++;
		this.nextSlot = Math.max(this.nextSlot, now + (retryAfterMs ?? BUDGET_TUNING.pauseMs));
		if (now - this.lastDecreaseAt < BUDGET_TUNING.decreaseEveryMs) return;
		this.lastDecreaseAt = now;
		this.rateNow = Math.max(BUDGET_TUNING.minRate, this.rate / 2);
		this.lastChangeAt = now;
	}
}
