// The deadline signal: aborts after its time or with another signal, and not once cleared. (That
// it survives garbage collection, where AbortSignal.timeout inside AbortSignal.any did not, is
// shown by the hostile engine test of a status answer trickling in.)
import { deadline } from '../../../nodes/AlibabaWan/helpers/deadline';

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

test('aborts after its time, not before', async () => {
	const bound = deadline(60);
	await sleep(20);
	expect(bound.signal.aborted).toBe(false);
	await sleep(80);
	expect(bound.signal.aborted).toBe(true);
});

test('aborts at once with another signal, and never once cleared', async () => {
	const stop = new AbortController();
	const bound = deadline(10_000, stop.signal, undefined);
	stop.abort();
	expect(bound.signal.aborted).toBe(true);
	bound.clear();

	const cleared = deadline(30);
	cleared.clear();
	await sleep(80);
	expect(cleared.signal.aborted).toBe(false);
});
