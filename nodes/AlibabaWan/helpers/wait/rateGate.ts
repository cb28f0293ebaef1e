import { abortableSleep } from '../sleep';

/**
 * Spaces request starts at least 1/perSecond apart across the whole batch, retries included,
 * so polling stays under the cap (the service allows 20 queries/s per account) at any size.
 */
export class RateGate {
	private nextSlot = 0;

	constructor(
		private readonly perSecond: number,
		private readonly signal?: AbortSignal,
	) {}

	async acquire(): Promise<void> {
		const now = Date.now();
		const slot = Math.max(now, this.nextSlot);
		this.nextSlot = slot + 1000 / this.perSecond;
		if (slot > now) await abortableSleep(slot - now, this.signal);
	}
}
