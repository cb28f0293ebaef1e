import type { IDataObject } from 'n8n-workflow';

import type { ListedTask } from '../transport';
import { FINAL_STATUSES } from '../transport';

/**
 * Where the trigger resumes, kept in the workflow's static data (saved by n8n with each emit, so
 * it survives restarts). The list is ordered and filtered by creation time, but tasks finish in
 * any order: the watermark `from` stays at the oldest task not fired yet (unfinished, or held
 * back by Max Tasks per Poll), and `fired` remembers the ids at or after it that already fired.
 */
// A type (not an interface) so it is plain JSON to the static data n8n saves.
export type Cursor = {
	/** Epoch ms: list tasks created at or after this (the service filters by whole seconds). */
	from: number;
	/** Task id -> its creation time (ms), for the tasks fired at or after `from`. */
	fired: Record<string, number>;
	/** The Created After option the cursor started from: changing it starts over. */
	startedFrom: string;
};

// Tasks created around the newest one listed may still be on their way into the list, and the
// service's clocks need not agree to the millisecond: the watermark stays this far behind.
export const OVERLAP_MS = 60_000;
// The service forgets tasks after 24 hours: nothing older can ever be listed.
export const KEEP_MS = 24 * 3600 * 1000;

const createdMs = (task: ListedTask) => Date.parse(task.createdAt ?? '') || 0;
const wholeSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/** What identifies the Created After a cursor started from: changing the option starts over. */
export const startedFromOf = (createdAfter: number | undefined): string =>
	createdAfter === undefined ? '' : new Date(createdAfter).toISOString();

/** The saved cursor, when there is one and it started from the same Created After. */
export function savedCursor(staticData: IDataObject, startedFrom: string): Cursor | undefined {
	const saved = staticData.cursor as Cursor | undefined;
	const valid =
		saved &&
		typeof saved.from === 'number' &&
		saved.startedFrom === startedFrom &&
		saved.fired &&
		typeof saved.fired === 'object';
	return valid ? { from: saved.from, fired: { ...saved.fired }, startedFrom } : undefined;
}

/**
 * The further of two cursors of one trigger, either possibly missing or from another Created
 * After: the higher watermark, and every id fired at or after it (both only ever move on).
 */
export function newest(
	a: Cursor | undefined,
	b: Cursor | undefined,
	startedFrom: string,
): Cursor | undefined {
	const mine = [a, b].filter((cursor): cursor is Cursor => cursor?.startedFrom === startedFrom);
	if (mine.length < 2) return mine[0];
	const from = Math.max(mine[0].from, mine[1].from);
	const floor = wholeSecond(from);
	const fired = Object.entries({ ...mine[0].fired, ...mine[1].fired }).filter(
		([, created]) => created >= floor,
	);
	return { from, fired: Object.fromEntries(fired), startedFrom };
}

/**
 * A cursor's start: Created After, else a little before now, both on the service's clock, and
 * never before what the service still keeps.
 */
export function newCursor(
	createdAfter: number | undefined,
	startedFrom: string,
	now: number,
): Cursor {
	return {
		from: Math.max(createdAfter ?? now - OVERLAP_MS, now - KEEP_MS),
		fired: {},
		startedFrom,
	};
}

/** Finished tasks of the listing that have not fired yet, the earliest finished first. */
export function unfired(
	cursor: Cursor,
	listed: ListedTask[],
	fires: (task: ListedTask) => boolean,
): ListedTask[] {
	return listed
		.filter(
			(task) => FINAL_STATUSES.has(task.status) && fires(task) && !(task.taskId in cursor.fired),
		)
		.sort((a, b) => (Date.parse(a.finishedAt ?? '') || 0) - (Date.parse(b.finishedAt ?? '') || 0));
}

/**
 * The cursor after `fetched` fired: the watermark moves up to the oldest task still to come
 * (never back), and fired ids older than its whole second are dropped: they cannot be listed again.
 */
export function advance(
	cursor: Cursor,
	listed: ListedTask[],
	fetched: ListedTask[],
	fires: (task: ListedTask) => boolean,
	now: number,
): Cursor {
	const fired = { ...cursor.fired };
	for (const task of fetched) fired[task.taskId] = createdMs(task);
	const toCome = listed.filter(
		(task) => !(task.taskId in fired) && (!FINAL_STATUSES.has(task.status) || fires(task)),
	);
	const newest = Math.max(...listed.map(createdMs));
	const bound = listed.length
		? Math.min(newest - OVERLAP_MS, ...toCome.map(createdMs))
		: cursor.from;
	const from = Math.max(cursor.from, bound, now - KEEP_MS);
	const floor = wholeSecond(from);
	return {
		from,
		fired: Object.fromEntries(Object.entries(fired).filter(([, created]) => created >= floor)),
		startedFrom: cursor.startedFrom,
	};
}
