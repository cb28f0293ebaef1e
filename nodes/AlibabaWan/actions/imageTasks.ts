import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ImageReader } from '../create';
import { RetryLedger, submissionJson, submitImageTasks } from '../create';
import { errorItem } from '../items';
import { SUBMIT_ONLY_HINT, addHints, newTarget, readWaitSettings, waitForTasks } from '../wait';

/** Edit and Fuse differ only in how they read their images: everything after that is shared. */
export async function executeImageTasks(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	readImages: ImageReader,
): Promise<INodeExecutionData[]> {
	const settings = readWaitSettings.call(this);
	const ledger = new RetryLedger(this);
	const submissions = await submitImageTasks.call(this, items, readImages, ledger);
	if (!settings.wait) {
		if (submissions.some((submission) => submission.task)) addHints(this, [SUBMIT_ONLY_HINT]);
		return ledger.settle(
			submissions.map((submission) =>
				submission.error
					? errorItem(this.getNode(), submission.error, submission.itemIndex)
					: { json: submissionJson(submission), pairedItem: { item: submission.itemIndex } },
			),
			[],
		);
	}
	const entries = submissions.map((submission) => {
		const { request, model, resumed } = submissionJson(submission);
		// A resumed task may have finished during the earlier try: asked about at once.
		const target =
			submission.task &&
			newTarget(
				submission.itemIndex,
				submission.task.taskId,
				submission.task.status,
				resumed === true,
			);
		if (target && resumed) target.resumed = true;
		return {
			itemIndex: submission.itemIndex,
			error: submission.error,
			target,
			extra: { model, request, ...(resumed && { resumed }) },
		};
	});
	const targets = entries.flatMap((entry) => (entry.target ? [entry.target] : []));
	let output: INodeExecutionData[] | undefined;
	try {
		output = await waitForTasks.call(this, entries, settings, true);
	} finally {
		// A failed run keeps its tasks (with their last statuses) for n8n's Retry On Fail.
		if (!output) ledger.noteStatuses(targets);
	}
	return ledger.settle(output, targets);
}
