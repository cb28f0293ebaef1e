import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { asNodeError } from '../helpers/nodeError';
import { taskJson } from '../helpers/output';
import { mapItems } from '../helpers/perItem';
import type { WaitEntry } from '../helpers/wait';
import { newTarget, readWaitSettings, waitForTasks } from '../helpers/wait';
import { assertTaskId, getTask } from '../transport';
import { readTaskId, taskIdField } from './taskId.description';
import { waitFields } from './wait.description';

const properties: INodeProperties[] = [taskIdField, ...waitFields];

export const description = updateDisplayOptions({ show: { operation: ['getStatus'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const taskIdOf = (i: number) => readTaskId.call(this, i);
	const settings = readWaitSettings.call(this);
	if (!settings.wait) {
		return await mapItems.call(
			this,
			items,
			async (i) => [{ json: taskJson(await getTask.call(this, taskIdOf(i), i)), pairedItem: { item: i } }],
			taskIdOf,
		);
	}
	const entries: WaitEntry[] = items.map((_, i) => {
		try {
			const target = newTarget(i, assertTaskId.call(this, taskIdOf(i), i), 'UNKNOWN');
			target.firstPollAt = target.since; // the task may be long finished: ask at once
			return { itemIndex: i, target, extra: {} };
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, i);
			return { itemIndex: i, error, taskId: taskIdOf(i), extra: {} };
		}
	});
	return await waitForTasks.call(this, entries, settings, false);
}
