/**
 * How many images each task created by this n8n process asked for. A Wan 2.6/2.7 answer lists
 * only the images made (no failed slots, no task metrics), so "fewer than asked" can be told only
 * by whoever knows the request: the wait path keeps its own; the polling trigger, which reads tasks
 * it did not create, asks here. Tasks created by other processes (queue-mode workers) or other
 * tools are not known: the service's answer does not say how many were asked (UNCERTAIN).
 */

// Tasks and their results live 24 hours at the service; the oldest entries go first past the cap.
const KEEP_MS = 24 * 3600 * 1000;
const MAX_ENTRIES = 200_000;

const asked = new Map<string, { n: number; at: number }>();

export function rememberRequested(taskId: string, n: unknown, now = Date.now()): void {
	if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) return;
	asked.delete(taskId);
	asked.set(taskId, { n, at: now });
	for (const [id, entry] of asked) {
		if (asked.size <= MAX_ENTRIES && now - entry.at < KEEP_MS) break;
		asked.delete(id);
	}
}

/** The number of images the task asked for, if this process created it within the last day. */
export function requestedImages(taskId: string, now = Date.now()): number | undefined {
	const entry = asked.get(taskId);
	return entry && now - entry.at < KEEP_MS ? entry.n : undefined;
}
