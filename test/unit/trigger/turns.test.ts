// Polls of one trigger taking turns (trigger/turns.ts), on real short timers: never two drains at
// once, no poll returns while another drains, and a waiting poll with time left drains on.
import { takeTurn } from '../../../nodes/AlibabaWan/trigger/turns';

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** A drain that runs until released, recording what happened. */
function recorder() {
	const events: string[] = [];
	let running = 0;
	let maxRunning = 0;
	const releases = new Map<string, () => void>();
	const drain = (name: string) => async () => {
		running++;
		maxRunning = Math.max(maxRunning, running);
		events.push(`${name} drains`);
		await new Promise<void>((resolve) => releases.set(name, resolve));
		running--;
		events.push(`${name} done`);
		return name;
	};
	const poll = (key: string, name: string, mayDrain: boolean) =>
		takeTurn(key, () => mayDrain, drain(name), 'idle').then((result) => {
			// A poll returning while another drains would release what that one uses.
			events.push(`${name} returns ${result}${running ? ' WHILE ANOTHER DRAINS' : ''}`);
			return result;
		});
	return { events, poll, release: (name: string) => releases.get(name)?.(), max: () => maxRunning };
}

test('a poll arriving during a drain waits, then drains on; one without time left returns only when nothing drains', async () => {
	const r = recorder();
	const a = r.poll('t1', 'A', true);
	await sleep(10);
	const b = r.poll('t1', 'B', true);
	const c = r.poll('t1', 'C', false);
	await sleep(20);
	expect(r.events).toEqual(['A drains']);
	r.release('A');
	await sleep(20);
	// B waited longest: it drains; C, out of time, waits until B is done.
	expect(r.events).toEqual(['A drains', 'A done', 'A returns A', 'B drains']);
	r.release('B');
	expect(await Promise.all([a, b, c])).toEqual(['A', 'B', 'idle']);
	expect(r.events.slice(4)).toEqual(['B done', 'B returns B', 'C returns idle']);
	expect(r.max()).toBe(1);
	expect(r.events.join()).not.toContain('WHILE ANOTHER DRAINS');
});

test('two polls waiting with time left drain one after the other; other triggers are not held up', async () => {
	const r = recorder();
	const a = r.poll('t2', 'A', true);
	const b = r.poll('t2', 'B', true);
	const c = r.poll('t2', 'C', true);
	const other = r.poll('t3', 'X', true);
	await sleep(20);
	expect(r.events).toEqual(['A drains', 'X drains']);
	r.release('X');
	r.release('A');
	await sleep(20);
	r.release('B');
	await sleep(20);
	r.release('C');
	expect(await Promise.all([a, b, c, other])).toEqual(['A', 'B', 'C', 'X']);
	expect(r.events.filter((e) => e.endsWith('drains'))).toEqual([
		'A drains',
		'X drains',
		'B drains',
		'C drains',
	]);
	expect(r.events.join()).not.toContain('WHILE ANOTHER DRAINS');
});

test('a drain that fails frees the cursor for the next poll', async () => {
	const failing = takeTurn(
		't4',
		() => true,
		async () => await Promise.reject(new Error('boom')),
		'idle',
	);
	const next = takeTurn(
		't4',
		() => true,
		async () => 'drained',
		'idle',
	);
	await expect(failing).rejects.toThrow('boom');
	expect(await next).toBe('drained');
});
