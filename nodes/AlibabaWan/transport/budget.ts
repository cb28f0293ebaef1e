import type { Clock } from '../helpers/clock';
import { realClock } from '../helpers/clock';
import { tuning } from '../helpers/tuning';

export type BudgetKind = 'queries' | 'creates';

/**
 * The pace of one kind of request for one account in this process: at most `rate` request starts
 * in any window (1.1 s for queries, 1 s for creates: see the tuning), and no two closer than half
 * the even spacing (no bursts). A 429 halves the rate and pauses the account (Retry-After when the
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

	constructor(
		private ceiling: number,
		private readonly kind: BudgetKind = 'queries',
		private readonly clock: Clock = realClock,
	) {
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
		const now = this.clock.now();
		const { recoverEveryMs, recoverStep } = tuning().budget;
		const steps = Math.floor((now - this.lastChangeAt) / recoverEveryMs);
		if (steps > 0 && this.rateNow < this.ceiling) {
			this.rateNow = Math.min(this.ceiling, this.rateNow + steps * recoverStep);
			this.lastChangeAt += steps * recoverEveryMs;
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
		const windowMs =
			1000 * tuning().budget.windowSeconds[this.kind] * Math.max(1, perWindow / rate);
		while (this.starts.length > perWindow) this.starts.shift();
		const windowFree = this.starts.length < perWindow ? now : this.starts[0] + windowMs;
		return Math.max(this.nextSlot, windowFree);
	}

	/** Waits for this request's slot; returns false when `signal` aborted first. */
	async acquire(signal?: AbortSignal): Promise<boolean> {
		for (;;) {
			if (signal?.aborted) return false;
			const now = this.clock.now();
			const at = this.nextStartAt(now);
			if (now >= at) {
				this.starts.push(now);
				this.nextSlot = now + 500 / this.rate;
				return true;
			}
			if (await this.clock.sleep(Math.min(at - now, 1000), signal)) return false;
		}
	}

	/** The service answered 429: slow down, and pause at least `retryAfterMs`. */
	throttled(retryAfterMs?: number): void {
		const now = this.clock.now();
		const { pauseMs, decreaseEveryMs, minRate } = tuning().budget;
		this.throttledCount++;
		this.nextSlot = Math.max(this.nextSlot, now + (retryAfterMs ?? pauseMs));
		if (now - this.lastDecreaseAt < decreaseEveryMs) return;
		this.lastDecreaseAt = now;
		this.rateNow = Math.max(minRate, this.rate / 2);
		this.lastChangeAt = now;
	}
}
