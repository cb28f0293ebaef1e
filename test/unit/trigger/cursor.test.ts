// The trigger's cursor on synthetic listings: the watermark waits for the oldest unfinished task,
// never moves back, and forgets fired ids only once they can no longer be listed.
import type { IDataObject } from 'n8n-workflow';

import {
	KEEP_MS,
	OVERLAP_MS,
	advance,
	newCursor,
	newest,
	savedCursor,
	startedFromOf,
	unfired,
} from '../../../nodes/AlibabaWan/trigger/cursor';

/** What a poll starts from: the saved cursor when it applies, else a new one. */
const readCursor = (staticData: IDataObject, createdAfter: number | undefined, now: number) =>
	savedCursor(staticData, startedFromOf(createdAfter)) ??
	newCursor(createdAfter, startedFromOf(createdAfter), now);

const NOW = Date.parse('2026-11-28T12:00:00Z');
const task = (taskId, status, createdAgoMs, finishedAgoMs) => ({
	taskId,
	status,
	createdAt: new Date(NOW - createdAgoMs).toISOString(),
	finishedAt: finishedAgoMs === undefined ? undefined : new Date(NOW - finishedAgoMs).toISOString(),
});
const all = () => true;

test('an old task still running holds the watermark; once it fires the watermark moves to the overlap behind the newest', () => {
	const start = readCursor({}, NOW - 3600_000, NOW);
	const listed = [
		task('new', 'SUCCEEDED', 60_000, 1000),
		task('mid', 'SUCCEEDED', 20 * 60_000, 5000),
		task('old', 'RUNNING', 30 * 60_000),
	];
	const batch = unfired(start, listed, all);
	expect(batch.map((t) => t.taskId)).toEqual(['mid', 'new']);
	const held = advance(start, listed, batch, all, NOW);
	expect(held.from).toBe(NOW - 30 * 60_000);
	expect(Object.keys(held.fired).sort()).toEqual(['mid', 'new']);

	const later = listed.map((t) => (t.taskId === 'old' ? task('old', 'FAILED', 30 * 60_000, 0) : t));
	const next = unfired(held, later, all);
	expect(next.map((t) => t.taskId)).toEqual(['old']);
	const moved = advance(held, later, next, all, NOW);
	expect(moved.from).toBe(NOW - 60_000 - OVERLAP_MS);
	// mid and old were created before the new watermark's second: they cannot be listed again.
	expect(Object.keys(moved.fired)).toEqual(['new']);
});

test('a finished task held back by the batch size keeps the watermark; a task of another outcome does not', () => {
	const cursor = readCursor({}, NOW - 3600_000, NOW);
	const listed = [
		task('a', 'SUCCEEDED', 50 * 60_000, 100),
		task('b', 'CANCELED', 40 * 60_000, 100),
		task('c', 'SUCCEEDED', 2 * 60_000, 50),
	];
	const succeededOnly = (t) => t.status === 'SUCCEEDED';
	const next = advance(cursor, listed, [listed[2]], succeededOnly, NOW);
	expect(next.from).toBe(NOW - 50 * 60_000);
	const done = advance(next, listed, [listed[0]], succeededOnly, NOW);
	expect(done.from).toBe(NOW - 2 * 60_000 - OVERLAP_MS);
});

test('the watermark never moves back, never reaches past a day, and an empty listing keeps it', () => {
	const cursor = { from: NOW - 10_000, fired: { x: NOW - 10_000 }, startedFrom: '' };
	expect(advance(cursor, [], [], all, NOW)).toEqual(cursor);
	expect(advance(cursor, [task('y', 'RUNNING', 3600_000)], [], all, NOW).from).toBe(NOW - 10_000);
	expect(advance(cursor, [task('y', 'RUNNING', 3600_000)], [], all, NOW + 2 * KEEP_MS).from).toBe(
		NOW + KEEP_MS,
	);
	expect(newCursor(NOW - 2 * KEEP_MS, 'x', NOW).from).toBe(NOW - KEEP_MS);
});

test('a saved cursor is resumed; another Created After, or no cursor, starts over', () => {
	const saved = { cursor: { from: NOW - 5000, fired: { a: NOW - 5000 }, startedFrom: '' } };
	expect(readCursor(saved, undefined, NOW)).toEqual(saved.cursor);
	expect(readCursor(saved, NOW - 7200_000, NOW)).toEqual({
		from: NOW - 7200_000,
		fired: {},
		startedFrom: new Date(NOW - 7200_000).toISOString(),
	});
	expect(readCursor({}, undefined, NOW)).toEqual({
		from: NOW - OVERLAP_MS,
		fired: {},
		startedFrom: '',
	});
	expect(readCursor({ cursor: 'junk' }, undefined, NOW).fired).toEqual({});
});

test('of a stale and a newer cursor of one trigger, the further wins: higher watermark, every id fired at or after it', () => {
	const stale = { from: NOW - 120_000, fired: { a: NOW - 100_000 }, startedFrom: '' };
	const newer = {
		from: NOW - 50_000,
		fired: { b: NOW - 40_000, c: NOW - 50_000 },
		startedFrom: '',
	};
	expect(newest(stale, newer, '')).toEqual({
		from: NOW - 50_000,
		fired: { b: NOW - 40_000, c: NOW - 50_000 },
		startedFrom: '',
	});
	expect(newest(newer, stale, '')).toEqual(newest(stale, newer, ''));
	// Either alone is itself; a cursor of another Created After does not count.
	expect(newest(undefined, newer, '')).toBe(newer);
	expect(newest(stale, { ...newer, startedFrom: 'x' }, '')).toBe(stale);
	expect(newest(undefined, undefined, '')).toBeUndefined();
});
