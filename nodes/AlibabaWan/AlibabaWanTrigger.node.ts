import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { finishedFields } from './finished';
import { pollFinishedTasks } from './trigger/poll';

export class AlibabaWanTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Alibaba Wan Trigger',
		name: 'alibabaWanTrigger',
		icon: { light: 'file:alibabaWan.svg', dark: 'file:alibabaWan.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'On task finished',
		// n8n's nodes panel merges this trigger with the Alibaba Wan node into one entry and shows
		// THIS description for it (editor-ui useActionsGeneration.ts, generateMergedNodesAndActions:
		// `mergedNode.description = triggerNode.description`), also under "What happens next?":
		// it says what the package does first, then what the trigger adds.
		description:
			'Edit and fuse images with Alibaba Cloud Model Studio Wan (DashScope); the trigger starts a workflow for each image task that finished',
		defaults: { name: 'Alibaba Wan Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'alibabaWanApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				default: 'taskFinished',
				options: [
					{
						// n8n lists a trigger's events as "On <name>" (nodeCreator.actionsCategory.onEvent).
						name: 'Task Finished',
						value: 'taskFinished',
						description: 'Once for each task that finished since the last poll',
					},
				],
			},
			...finishedFields([
				{
					displayName: 'Created After',
					name: 'createdAfter',
					type: 'dateTime',
					default: '',
					description:
						'First run only: also fire for tasks created since this time (at most 24 hours back). Empty: tasks created from the activation on.',
				},
				{
					// The name is kept for saved workflows (it was "per Poll"); one poll starts one execution.
					displayName: 'Max Tasks per Execution',
					name: 'maxTasksPerPoll',
					type: 'number',
					default: 500,
					typeOptions: { minValue: 1, maxValue: 10000 },
					description:
						"The most finished tasks one execution carries (with One Item per Image, up to 4 items each); the rest fire at the next polls, earliest finished first. A poll fetches as fast as the credential's Task Queries per Second allows. Lower it when n8n keeps binary data in memory.",
				},
			]),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollFinishedTasks.call(this);
	}
}
