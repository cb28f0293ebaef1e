import { abortableSleep as sleep } from '../helpers/sleep';

/**
 * Polls of one trigger taking turns on its cursor, in this process. n8n starts the next poll of a
 * trigger on schedule even while the last one still drains, and two polls must never work on the
 * same cursor at once. A poll that arrives meanwhile waits; when the drain ends, the longest
 * waiting poll with enough time left drains on (no idle gap until the next poll is due), the
 * others wait for that one too. No poll returns while another drains: n8n's classic poll path
 * shares one expression context among the polls of a workflow, and a returning poll releases it
 * under the one still draining (whose requests authenticate through it).
 */
interface Turns {
	drain?: Promise<unknown>;
	/** Polls woken or waiting that have not yet decided whether to drain. */
	undecided: number;
}

const triggers = new Map<string, Turns>();

// A waiting poll gives up after this long whatever happens (a drain's requests all have timeouts).
const MAX_WAIT_MS = 120_000;
const RECHECK_MS = 50;

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
 * Runs `work` when this trigger's cursor is free and `mayDrain()` still says yes; otherwise
 * resolves to `idle` once no poll of the trigger drains any more.
 */
export async function takeTurn<T>(
	key: string,
	mayDrain: () => boolean,
	work: () => Promise<T>,
	idle: T,
): Promise<T> {
	let turns = triggers.get(key);
	if (!turns) {
		turns = { undecided: 0 };
		triggers.set(key, turns);
	}
	const state = turns;
	const run = () => {
		const drain = work().finally(() => {
			if (state.drain === drain) state.drain = undefined;
			if (!state.drain && state.undecided === 0) triggers.delete(key);
		});
		state.drain = drain;
		return drain;
	};
	if (!state.drain && state.undecided === 0) return await run();

	const giveUpAt = Date.now() + MAX_WAIT_MS;
	state.undecided++;
	let decided = false;
	try {
		while (Date.now() < giveUpAt) {
			if (state.drain) {
				await settledWithin(state.drain, giveUpAt - Date.now());
				continue;
			}
			if (!decided) {
				// Decided in the same turn the cursor was found free: nobody can take it in between.
				decided = true;
				state.undecided--;
				if (mayDrain()) return await run();
			}
			if (state.undecided === 0) return idle;
			await sleep(RECHECK_MS);
		}
		return idle;
	} finally {
		if (!decided) state.undecided--;
		if (!state.drain && state.undecided === 0 && triggers.get(key) === state) triggers.delete(key);
	}
}
