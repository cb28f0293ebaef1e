// The record of fired tasks: bounded in age and count, merged across the copies n8n saves, and
// the in-process claim that keeps two deliveries of one task from both firing.
import {
	FIRED_KEEP_MS,
	FiredMemory,
	hasFired,
	merged,
	pruned,
	savedFired,
} from '../../../nodes/AlibabaWan/events';

const NOW = Date.parse('2026-12-06T12:00:00Z');

test('ids older than the keep time are dropped; over the bound the oldest go first', () => {
	const fired = { old: NOW - FIRED_KEEP_MS - 1, edge: NOW - FIRED_KEEP_MS + 1000, recent: NOW };
	expect(Object.keys(pruned(fired, NOW)).sort()).toEqual(['edge', 'recent']);
	const many = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`t${i}`, NOW - i * 1000]));
	expect(Object.keys(pruned(many, NOW, 3)).sort()).toEqual(['t0', 't1', 't2']);
});

test('hasFired is false once the id is older than the keep time', () => {
	expect(hasFired({ a: NOW - 1000 }, 'a', NOW)).toBe(true);
	expect(hasFired({ a: NOW - FIRED_KEEP_MS }, 'a', NOW)).toBe(false);
	expect(hasFired({}, 'a', NOW)).toBe(false);
});

test('merged keeps every id of both records, each with its first firing time', () => {
	expect(merged({ a: 5, b: 7 }, { b: 3, c: 9 })).toEqual({ a: 5, b: 3, c: 9 });
});

test('savedFired reads only a record of numbers, anything else as empty', () => {
	expect(savedFired({ fired: { a: 1, b: 'x' } })).toEqual({ a: 1 });
	expect(savedFired({ fired: [1, 2] })).toEqual({});
	expect(savedFired({})).toEqual({});
});

test('a task is claimed once at a time; after firing it is never claimed again, even from a stale copy', () => {
	const memory = new FiredMemory();
	expect(memory.claim('wf|n', {}, 'a', NOW)).toBe(true);
	expect(memory.claim('wf|n', {}, 'a', NOW)).toBe(false); // in flight
	expect(memory.claim('wf|other', {}, 'a', NOW)).toBe(true); // another trigger fires it too
	const record = memory.fire('wf|n', {}, 'a', NOW);
	memory.release('wf|n', 'a');
	expect(record).toEqual({ a: NOW });
	// A call that read the static data before "a" was saved still does not fire it.
	expect(memory.claim('wf|n', {}, 'a', NOW + 1)).toBe(false);
});

test('a released claim without firing (the query failed) lets the re-sent event through', () => {
	const memory = new FiredMemory();
	expect(memory.claim('wf|n', {}, 'a', NOW)).toBe(true);
	memory.release('wf|n', 'a');
	expect(memory.claim('wf|n', {}, 'a', NOW)).toBe(true);
});

test('the record saved by a call holds what other calls of the process fired (no lost ids)', () => {
	const memory = new FiredMemory();
	memory.fire('wf|n', {}, 'a', NOW);
	// This call read static data without "a" (it came in before "a" was saved).
	const saved = memory.fire('wf|n', { older: NOW - 1000 }, 'b', NOW);
	expect(Object.keys(saved).sort()).toEqual(['a', 'b', 'older']);
});

test('a saved record from before a restart stops the re-sent event (new process, empty memory)', () => {
	const memory = new FiredMemory();
	expect(memory.claim('wf|n', { a: NOW - 60_000 }, 'a', NOW)).toBe(false);
});
