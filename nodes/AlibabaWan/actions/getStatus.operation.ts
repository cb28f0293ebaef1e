import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { asNodeError } from '../helpers/nodeError';
import { mapItems, taskJson } from '../items';
import { assertTaskId, getTask } from '../transport';
import type { WaitEntry } from '../wait';
import { newTarget, readWaitSettings, waitForTasks } from '../wait';
import { readTaskId, taskIdField } from './taskId.description';
import { waitFields } from './wait.description';

const properties: INodeProperties[] = [taskIdField, ...waitFields];

export const description = updateDisplayOptions({ show: { operation: ['getStatus'] } }, properties);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const taskIdOf = (i: number) => readTaskId.call(this, i);
	const settings = readWaitSettings.call(this);
	if (!settings.wait) {
		return await mapItems.call(
			this,
			items,
			async (i) => [
				{ json: taskJson(await getTask.call(this, taskIdOf(i), i)), pairedItem: { item: i } },
			],
			taskIdOf,
		);
	}
	const entries: WaitEntry[] = items.map((_, i) => {
		try {
			// The task may be long finished: asked about at once.
			return {
				itemIndex: i,
				target: newTarget(i, assertTaskId.call(this, taskIdOf(i), i), 'UNKNOWN', true),
				extra: {},
			};
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, i);
			return { itemIndex: i, error, taskId: taskIdOf(i), extra: {} };
		}
	});
	return await waitForTasks.call(this, entries, settings, false);
}
