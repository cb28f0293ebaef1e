import type { IDataObject } from 'n8n-workflow';

import { compact, statusFlags } from '../items';
import type { TaskStatus } from '../transport';
import type { Submission } from './submit';

/** A task just created (not waited for): its id, status flags and what was asked, without image data. */
export function submissionJson(submission: Submission): IDataObject {
	const { task, settings, images } = submission;
	return compact({
		taskId: task?.taskId,
		status: task?.status,
		...statusFlags((task?.status ?? 'PENDING') as TaskStatus),
		requestId: task?.requestId,
		resumed: submission.resumed,
		model: settings?.model,
		request:
			settings &&
			compact({
				prompt: settings.prompt,
				negativePrompt: settings.negativePrompt,
				n: settings.n,
				size: settings.size ?? 'auto',
				seed: settings.seed,
				promptExtend: settings.promptExtend,
				watermark: settings.watermark,
				boxes: settings.boxes,
				images,
			}),
	});
}
