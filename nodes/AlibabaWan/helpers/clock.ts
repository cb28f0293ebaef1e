import { abortableSleep } from './sleep';

/** Time as the code that paces and schedules sees it: injectable, so tests need not wait. */
export interface Clock {
	now(): number;
	/** Waits `ms` or until `signal` aborts; resolves true when aborted. */
	sleep(ms: number, signal?: AbortSignal): Promise<boolean>;
}

export const realClock: Clock = { now: () => Date.now(), sleep: abortableSleep };
