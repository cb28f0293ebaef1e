import { abortableSleep } from '../sleep';

/**
 * Spaces request starts at least 1/perSecond apart across the whole batch, retries included,
 * so polling stays under the cap (the service allows 20 queries/s per account) at any size.
 * The spacing is checked when a caller wakes, not only when it queues: a busy event loop that
 * fires several timers late must not let their requests out together.
 */
export class RateGate {
	private nextSlot = 0;

	// 10 % slack: requests reach the service with jitter, and the cap must hold in any one-second window.
	private readonly gapMs: number;

	constructor(
		perSecond: number,
		private readonly signal?: AbortSignal,
	) {
		this.gapMs = 1100 / perSecond;
	}

	async acquire(): Promise<void> {
		for (;;) {
			const now = Date.now();
			if (now >= this.nextSlot) {
				this.nextSlot = now + this.gapMs;
				return;
			}
			if (await abortableSleep(this.nextSlot - now, this.signal)) return;
		}
	}
}
