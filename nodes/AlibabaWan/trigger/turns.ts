import { abortableSleep as sleep } from '../helpers/sleep';

/**
 * Polls of one trigger taking turns on its cursor, in this process. n8n starts the next poll of a
 * trigger on schedule even while the last one still drains, and two polls must never work on the
 * same cursor at once: a poll that arrives meanwhile waits for the drain to end. Then, if it was
 * the only one waiting, it drains on from where the last left off (no idle gap until the next poll
 * is due); if several waited, they all end without draining, together.
 *
 * Why no poll ends while another drains: n8n's default poll path shares one expression context
 * among the polls of a workflow, and a poll that ends releases it under the one still draining
 * (whose requests authenticate through it). A lone waiter is the only poll that can end while
 * the next drain runs, and it is that drain.
 */
interface Turns {
	drain?: Promise<unknown>;
	waiting: number;
	/** How many polls waited when the last drain ended. */
	waitedAtEnd: number;
}

const triggers = new Map<string, Turns>();

/** Resolves when `promise` settles or after `ms`, whichever is first; true when it settled. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
	const timer = new AbortController();
	const settled = promise.then(
		() => true,
		() => true,
	);
	const result = await Promise.race([settled, sleep(ms, timer.signal).then(() => false)]);
	timer.abort();
	return result;
}

/**
 * Runs `work` when this trigger's cursor is free: at once, or after the drain in progress when
 * this poll was the only one waiting and `mayDrain()` still says yes; otherwise resolves to `idle`
 * when that drain ends, or after `maxWaitMs` (what n8n gives a poll, past which it is abandoned).
 */
export async function takeTurn<T>(
	key: string,
	mayDrain: () => boolean,
	work: () => Promise<T>,
	idle: T,
	maxWaitMs: number,
): Promise<T> {
	const state = triggers.get(key) ?? { waiting: 0, waitedAtEnd: 0 };
	triggers.set(key, state);
	const run = async () => {
		const drain = work().finally(() => {
			// Runs before any waiter wakes: each of them sees how many were woken together.
			state.waitedAtEnd = state.waiting;
			state.drain = undefined;
			if (!state.waiting) triggers.delete(key);
		});
		state.drain = drain;
		return await drain;
	};
	if (!state.drain) return await run();

	state.waiting++;
	let settled: boolean;
	try {
		settled = await settledWithin(state.drain, maxWaitMs);
	} finally {
		state.waiting--;
		if (!state.drain && !state.waiting && triggers.get(key) === state) triggers.delete(key);
	}
	// Woken in the same turn the drain ended (nothing else ran in between): the cursor is free.
	if (settled && !state.drain && state.waitedAtEnd === 1 && mayDrain()) return await run();
	return idle;
}
