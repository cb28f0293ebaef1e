import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorItem, submissionJson } from './output';
import type { ImageReader } from './submit';
import { submitImageTasks } from './submit';
import { newTarget, readWaitSettings, waitForTasks } from './wait';

/** Edit and Fuse differ only in how they read their images: everything after that is shared. */
export async function executeImageTasks(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	readImages: ImageReader,
): Promise<INodeExecutionData[]> {
	const settings = readWaitSettings.call(this);
	const submissions = await submitImageTasks.call(this, items, readImages);
	if (!settings.wait) {
		return submissions.map((submission) =>
			submission.error
				? errorItem(this.getNode(), submission.error, submission.itemIndex)
				: { json: submissionJson(submission), pairedItem: { item: submission.itemIndex } },
		);
	}
	const entries = submissions.map((submission) => {
		const { request, model } = submissionJson(submission);
		return {
			itemIndex: submission.itemIndex,
			error: submission.error,
			target: submission.task && newTarget(submission.itemIndex, submission.task.taskId, submission.task.status),
			extra: { model, request },
		};
	});
	return await waitForTasks.call(this, entries, settings, true);
}
