import { sleep } from 'n8n-workflow';

/**
 * Waits `ms`, or less when `signal` aborts (a stop, a workflow timeout, a shutdown).
 * n8n-workflow's sleep honours a signal only from 2.34 on, so the abort is raced here too:
 * the node then stops within a tick on every host version. Returns whether it was aborted.
 */
export async function abortableSleep(ms: number, signal?: AbortSignal): Promise<boolean> {
	if (signal?.aborted) return true;
	if (ms <= 0) return false;
	return await new Promise<boolean>((resolve) => {
		const onAbort = () => resolve(true);
		signal?.addEventListener('abort', onAbort, { once: true });
		const done = () => {
			signal?.removeEventListener('abort', onAbort);
			resolve(signal?.aborted === true);
		};
		// Older hosts ignore the second argument; newer ones reject on abort, which `done` absorbs.
		(sleep as (ms: number, signal?: AbortSignal) => Promise<void>)(ms, signal).then(done, done);
	});
}
