import type { IDataObject } from 'n8n-workflow';

/**
 * Which tasks already fired, so EventBridge's re-sends (the same event again, possibly much later
 * or out of order) start nothing. Kept in the workflow's static data, which n8n saves after each
 * webhook call (so it survives restarts), and bounded: EventBridge's longest retry policy spans one
 * day and a task can be queried for 24 hours, so an id is kept 25 hours, and at most 10,000 ids
 * (the oldest go first).
 */
export const FIRED_KEEP_MS = 25 * 3600 * 1000;
export const FIRED_MAX = 10_000;

/** Task id -> when it fired (epoch ms). A type (not an interface): plain JSON for the static data. */
export type Fired = Record<string, number>;

/** The ids of a record still worth keeping at `now`, the newest `max` of them. */
export function pruned(fired: Fired, now: number, max = FIRED_MAX): Fired {
	const kept = Object.entries(fired).filter(
		([, at]) => typeof at === 'number' && now - at < FIRED_KEEP_MS,
	);
	if (kept.length > max) kept.sort((a, b) => b[1] - a[1]).splice(max);
	return Object.fromEntries(kept);
}

/** Two records as one (a task keeps its first firing time). */
export function merged(a: Fired, b: Fired): Fired {
	const out = { ...b };
	for (const [id, at] of Object.entries(a)) out[id] = Math.min(at, out[id] ?? Infinity);
	return out;
}

export const hasFired = (fired: Fired, taskId: string, now: number): boolean =>
	typeof fired[taskId] === 'number' && now - fired[taskId] < FIRED_KEEP_MS;

/**
 * The record of one trigger in this process. n8n gives every webhook call its own copy of the
 * static data, read when the call came in, and saves each copy after its call: two events handled
 * at once would each save a record without the other's task. So every save writes the union of
 * what was read and what this process fired, and a task in flight is claimed in memory first.
 */
export class FiredMemory {
	private readonly byTrigger = new Map<string, Fired>();
	private readonly inFlight = new Set<string>();

	/** Claims a task for this call: false when it fired already or another call is on it. */
	claim(trigger: string, saved: Fired, taskId: string, now: number): boolean {
		const key = `${trigger}|${taskId}`;
		if (this.inFlight.has(key)) return false;
		if (hasFired(saved, taskId, now) || hasFired(this.byTrigger.get(trigger) ?? {}, taskId, now))
			return false;
		this.inFlight.add(key);
		return true;
	}

	/** The claim ends (fired or not: a failed fetch leaves the task to EventBridge's retry). */
	release(trigger: string, taskId: string): void {
		this.inFlight.delete(`${trigger}|${taskId}`);
	}

	/** The task fired: the record to save, holding every task this process fired for the trigger. */
	fire(trigger: string, saved: Fired, taskId: string, now: number): Fired {
		const record = pruned(
			merged(this.byTrigger.get(trigger) ?? {}, { ...saved, [taskId]: now }),
			now,
		);
		this.byTrigger.set(trigger, record);
		return record;
	}
}

/** The saved record of a static data object (anything else reads as empty). */
export function savedFired(staticData: IDataObject): Fired {
	const saved = staticData.fired;
	if (!saved || typeof saved !== 'object' || Array.isArray(saved)) return {};
	return Object.fromEntries(
		Object.entries(saved as IDataObject).filter(([, at]) => typeof at === 'number'),
	) as Fired;
}
