import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { downloadResultImage } from '../../transport';
import { limitConcurrency } from '../pool';
import type { WaitTarget } from '../../watcher';

/** One result slot of a task: its URL, and the downloaded binary or why there is none. */
export interface ImageSlot {
	index: number;
	url?: string;
	fileName: string;
	binary?: IBinaryData;
	/** The download failed (the task itself succeeded). */
	downloadError?: unknown;
	/** The service failed this image (partial failure). */
	code?: string;
	message?: string;
}

// Downloads in flight at once: they go to the storage host, not the rate-limited API.
export const DOWNLOAD_CONCURRENCY = 4;

/**
 * Starts downloading a task's images as soon as it succeeds, while the others are still polled,
 * so a batch's downloads overlap its waiting.
 */
export function createDownloader(this: IExecuteFunctions, enabled: boolean, maxImageBytes: number) {
	const run = limitConcurrency(DOWNLOAD_CONCURRENCY);
	const started: Array<Promise<void>> = [];
	const slots = new Map<string, ImageSlot[]>();

	const start = (target: WaitTarget) => {
		const task = target.task;
		if (!task || task.status !== 'SUCCEEDED') return;
		const taskSlots: ImageSlot[] = task.results.map((result) => ({
			index: result.index,
			url: result.url,
			fileName: `${task.taskId}-${result.index + 1}.png`,
			code: result.code,
			message: result.message,
		}));
		slots.set(task.taskId, taskSlots);
		if (!enabled) return;
		for (const slot of taskSlots) {
			if (!slot.url) continue;
			started.push(
				run(async () => {
					try {
						slot.binary = await downloadResultImage.call(this, slot.url as string, maxImageBytes, target.itemIndex, task.taskId, async (data) =>
							await this.helpers.prepareBinaryData(data, slot.fileName, 'image/png'),
						);
					} catch (error) {
						slot.downloadError = error;
					}
				}),
			);
		}
	};

	return {
		start,
		slotsOf: (taskId: string) => slots.get(taskId) ?? [],
		finished: async () => {
			await Promise.all(started);
		},
	};
}
