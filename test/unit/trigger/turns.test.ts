// Polls of one trigger taking turns (trigger/turns.ts), on real short timers: never two drains at
// once, no poll ends while another drains, and a lone waiting poll drains on.
import { takeTurn } from '../../../nodes/AlibabaWan/trigger/turns';

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** Drains that run until released, recording what happened. */
function recorder(key: string) {
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
	const poll = (name: string, mayDrain = true, maxWaitMs = 60_000) =>
		takeTurn(key, () => mayDrain, drain(name), 'idle', maxWaitMs).then((result) => {
			// A poll ending while another drains would release what that one uses.
			events.push(`${name} ends ${result}${running ? ' WHILE ANOTHER DRAINS' : ''}`);
			return result;
		});
	return { events, poll, release: (name: string) => releases.get(name)?.(), max: () => maxRunning };
}

test('a lone poll arriving during a drain waits for it, then drains on', async () => {
	const r = recorder('t1');
	const a = r.poll('A');
	await sleep(10);
	const b = r.poll('B');
	await sleep(20);
	expect(r.events).toEqual(['A drains']);
	r.release('A');
	await sleep(20);
	r.release('B');
	expect(await Promise.all([a, b])).toEqual(['A', 'B']);
	expect(r.events).toEqual(['A drains', 'A done', 'A ends A', 'B drains', 'B done', 'B ends B']);
	expect(r.max()).toBe(1);
});

test('several polls waiting for one drain all end with it, none drains; a lone one without time left ends too', async () => {
	const r = recorder('t2');
	const a = r.poll('A');
	const b = r.poll('B');
	const c = r.poll('C');
	await sleep(20);
	r.release('A');
	expect(await Promise.all([a, b, c])).toEqual(['A', 'idle', 'idle']);
	expect(r.events).toEqual(['A drains', 'A done', 'A ends A', 'B ends idle', 'C ends idle']);
	// The cursor is free again: the next poll drains at once.
	const d = r.poll('D');
	const late = r.poll('E', false);
	await sleep(20);
	r.release('D');
	expect(await Promise.all([d, late])).toEqual(['D', 'idle']);
	expect(r.events.join()).not.toContain('WHILE ANOTHER DRAINS');
});

test('other triggers are not held up; a waiter gives up after its time; a failed drain frees the cursor', async () => {
	const r = recorder('t3');
	const other = recorder('t4');
	const a = r.poll('A');
	const x = other.poll('X');
	const impatient = r.poll('B', true, 30);
	await sleep(10);
	expect([...r.events, ...other.events]).toEqual(['A drains', 'X drains']);
	expect(await impatient).toBe('idle');
	r.release('A');
	other.release('X');
	expect(await Promise.all([a, x])).toEqual(['A', 'X']);

	const failing = takeTurn(
		't5',
		() => true,
		async () => await Promise.reject(new Error('boom')),
		'idle',
		1000,
	);
	const next = takeTurn(
		't5',
		() => true,
		async () => 'drained',
		'idle',
		1000,
	);
	await expect(failing).rejects.toThrow('boom');
	expect(await next).toBe('drained');
});
