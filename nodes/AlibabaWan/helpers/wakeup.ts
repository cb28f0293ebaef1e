import type { Clock } from './clock';
import { realClock } from './clock';

/**
 * A sleep that another part of the code can cut short: a loop waits on it, and news (a new task
 * to watch, a task settled) wakes the loop at once. A notice given while nobody waits is kept.
 */
export class Wakeup {
	private sleeper?: AbortController;

	private pending = false;

	constructor(private readonly clock: Clock = realClock) {}

	notify(): void {
		this.pending = true;
		this.sleeper?.abort();
	}

	/** Sleeps up to `ms`, less on notify() or when `signal` aborts. */
	async wait(ms: number, signal?: AbortSignal): Promise<void> {
		if (this.pending) {
			this.pending = false;
			return;
		}
		const sleeper = new AbortController();
		this.sleeper = sleeper;
		await this.clock.sleep(ms, signal ? AbortSignal.any([sleeper.signal, signal]) : sleeper.signal);
		if (this.sleeper === sleeper) this.sleeper = undefined;
		this.pending = false;
	}
}
