import { abortableSleep } from './sleep';

/** A signal that aborts after a time, and the way to stop its timer once the work is done. */
export interface Deadline {
	signal: AbortSignal;
	clear(): void;
}

/**
 * A signal that aborts after `ms`, or as soon as one of `others` aborts. Not AbortSignal.timeout:
 * AbortSignal.any holds its sources weakly, so a timeout signal handed only to it can be garbage
 * collected before it fires, and the bound then never comes (seen on Node 20: a slow answer held a
 * call for its whole length). Here the pending sleep holds the controller until it fires or
 * `clear()` ends it.
 */
export function deadline(ms: number, ...others: Array<AbortSignal | undefined>): Deadline {
	const timer = new AbortController();
	const stop = new AbortController();
	void abortableSleep(ms, stop.signal).then((stopped) => {
		if (!stopped) timer.abort();
	});
	const sources = [timer.signal, ...others.filter((s): s is AbortSignal => s !== undefined)];
	return {
		signal: sources.length > 1 ? AbortSignal.any(sources) : timer.signal,
		clear: () => stop.abort(),
	};
}
